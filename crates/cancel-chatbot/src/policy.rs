//! The `[vendor.chatbot]` table of the policy file.

use std::borrow::Cow;

use cancel_domain::{OutcomeStatus, Policy, PolicyError, Sensitive, Vendor};
use serde::{Deserialize, Serialize};

/// The `[vendor.chatbot]` policy table.
///
/// ```toml
/// [vendor.chatbot]
/// channel = "telegram"        # conversationRequest.channel when the core requester has none
/// uid = "cancel-kit-bot"      # conversationRequest.userInfo.uid when the core requester has none
/// language_code = "en-US"     # languageCode when the core requester has no locale
///
/// [[vendor.chatbot.patterns]] # read before the built-in English patterns
/// contains = "wurde storniert"
/// status = "cancelled"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ChatbotPolicy {
    /// `channel`: outbound `conversationRequest.channel` default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// `uid`: outbound `conversationRequest.userInfo.uid` default (treated as personal data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Sensitive<String>>,
    /// `language_code`: outbound `languageCode` default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// `patterns`: texts that recognise a chatbot reply, tried in order before the
    /// built-in English ones ([`BUILT_IN_PATTERNS`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<TextPattern>,
}

/// One `[[vendor.chatbot.patterns]]` entry: a reply text containing `contains`
/// (case-insensitive) has outcome `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TextPattern {
    /// The substring to look for (not empty), compared case-insensitively.
    pub contains: String,
    /// The outcome a matching reply means.
    pub status: OutcomeStatus,
}

impl TextPattern {
    /// A pattern.
    pub fn new(contains: impl Into<String>, status: OutcomeStatus) -> Self {
        Self {
            contains: contains.into(),
            status,
        }
    }
}

/// The built-in English patterns, tried after the policy's, in this order. They recognise
/// the seed's success text and every text [`crate::response_from_core`] writes; more
/// specific phrases come first ("has been partially cancelled" before "has been cancelled").
pub const BUILT_IN_PATTERNS: &[(&str, OutcomeStatus)] = &[
    ("could not be cancelled", OutcomeStatus::Rejected),
    (
        "has been partially cancelled",
        OutcomeStatus::PartiallyCancelled,
    ),
    ("needs a review", OutcomeStatus::NeedsReview),
    ("was already received", OutcomeStatus::Replayed),
    (
        "has been received and is being processed",
        OutcomeStatus::Requested,
    ),
    ("has been cancelled", OutcomeStatus::Cancelled),
];

/// The patterns of a policy plus the built-ins, lower-cased once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Matcher {
    patterns: Vec<(Cow<'static, str>, OutcomeStatus)>,
}

impl Matcher {
    pub(crate) fn new(policy: &ChatbotPolicy) -> Self {
        let mut patterns: Vec<(Cow<'static, str>, OutcomeStatus)> = policy
            .patterns
            .iter()
            .map(|p| (Cow::Owned(p.contains.to_lowercase()), p.status))
            .collect();
        patterns.extend(
            BUILT_IN_PATTERNS
                .iter()
                .map(|(text, status)| (Cow::Borrowed(*text), *status)),
        );
        Self { patterns }
    }

    /// The status the first matching pattern gives `text`, if any.
    pub(crate) fn status_of(&self, text: &str) -> Option<OutcomeStatus> {
        let text = text.to_lowercase();
        self.patterns
            .iter()
            .find(|(pattern, _)| text.contains(pattern.as_ref()))
            .map(|(_, status)| *status)
    }
}

impl ChatbotPolicy {
    /// Reads and checks the `[vendor.chatbot]` table of `policy` (defaults when absent).
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the table does not fit or a pattern is empty.
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        let table: Self = policy.vendor_section(Vendor::Chatbot)?;
        if let Some(i) = table.patterns.iter().position(|p| p.contains.is_empty()) {
            return Err(PolicyError::new(
                Vendor::Chatbot,
                format!("patterns[{i}].contains is empty (it would match every reply)"),
            ));
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: serde_json::Value) -> Policy {
        serde_json::from_value(serde_json::json!({ "vendor": { "chatbot": json } })).unwrap()
    }

    #[test]
    fn reads_the_table_and_refuses_empty_patterns() {
        let table = ChatbotPolicy::from_policy(&policy(serde_json::json!({
            "channel": "telegram",
            "uid": "uid-secret-7",
            "language_code": "en-US",
            "patterns": [{"contains": "Wurde Storniert", "status": "cancelled"}]
        })))
        .unwrap();
        assert_eq!(table.channel.as_deref(), Some("telegram"));
        assert!(!format!("{table:?}").contains("uid-secret-7"));
        let matcher = Matcher::new(&table);
        assert_eq!(
            matcher.status_of("Bestellung 1 wurde storniert"),
            Some(OutcomeStatus::Cancelled)
        );
        let err = ChatbotPolicy::from_policy(&policy(
            serde_json::json!({"patterns": [{"contains": "", "status": "cancelled"}]}),
        ))
        .unwrap_err();
        assert!(err.message.contains("patterns[0]"));
        assert!(ChatbotPolicy::from_policy(&policy(serde_json::json!({"chanel": "x"}))).is_err());
        assert_eq!(
            ChatbotPolicy::from_policy(&Policy::default()).unwrap(),
            ChatbotPolicy::default()
        );
    }

    #[test]
    fn policy_patterns_come_before_built_ins() {
        let table = ChatbotPolicy {
            patterns: vec![TextPattern::new(
                "has been cancelled",
                OutcomeStatus::Requested,
            )],
            ..ChatbotPolicy::default()
        };
        let matcher = Matcher::new(&table);
        assert_eq!(
            matcher.status_of("Order 1 has been cancelled"),
            Some(OutcomeStatus::Requested)
        );
        let built_in = Matcher::new(&ChatbotPolicy::default());
        assert_eq!(
            built_in.status_of("ORDER 1 HAS BEEN CANCELLED"),
            Some(OutcomeStatus::Cancelled)
        );
        assert_eq!(built_in.status_of("Please call support"), None);
    }
}
