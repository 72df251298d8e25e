//! One error type for bad payloads: a list of `{ path, kind, message }`.
//!
//! `path` uses the vendor's *wire* names (`queryInfo.parameters.params.entityInfo.orderId`,
//! `orderItems[1].quantity`); `$` is the document itself.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is wrong with a value, in the stable spellings of the CLI contract.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not JSON, or JSON beyond the configured limits.
    Syntax,
    /// A required field is absent.
    Missing,
    /// A value has the wrong JSON type (a string where a number belongs, a fraction...).
    Type,
    /// A value is outside its allowed range or length.
    Range,
    /// A value is not one of the allowed values.
    Enum,
    /// A rule that spans fields, or a vendor rule, is broken.
    Rule,
    /// A key or an id appears twice.
    Duplicate,
    /// A field the model does not know (only reported by strict validation).
    UnknownField,
}

/// One problem in a payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayloadError {
    /// Wire path of the value, `$` for the whole document.
    pub path: String,
    /// Class of the problem.
    pub kind: ErrorKind,
    /// Human-readable explanation; never contains personal or payment data.
    pub message: String,
}

impl PayloadError {
    /// Creates an error.
    pub fn new(path: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        let path = path.into();
        let path = if path.is_empty() {
            ROOT.to_owned()
        } else {
            path
        };
        Self {
            path,
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.kind, self.message)
    }
}

/// The path of the document root.
pub const ROOT: &str = "$";

/// Every problem found in one payload (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(transparent)]
#[allow(clippy::exhaustive_structs, reason = "a transparent list of errors")]
pub struct PayloadErrors(pub Vec<PayloadError>);

impl PayloadErrors {
    /// A single error.
    pub fn one(path: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self(vec![PayloadError::new(path, kind, message)])
    }

    /// The errors, in document order where known.
    pub fn iter(&self) -> std::slice::Iter<'_, PayloadError> {
        self.0.iter()
    }

    /// Whether `path` has an error of `kind` (handy in tests).
    pub fn has(&self, path: &str, kind: ErrorKind) -> bool {
        self.0.iter().any(|e| e.path == path && e.kind == kind)
    }
}

impl fmt::Display for PayloadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in &self.0 {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            e.fmt(f)?;
        }
        Ok(())
    }
}

impl From<PayloadError> for PayloadErrors {
    fn from(e: PayloadError) -> Self {
        Self(vec![e])
    }
}

impl IntoIterator for PayloadErrors {
    type Item = PayloadError;
    type IntoIter = std::vec::IntoIter<PayloadError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Classifies a serde error message into an [`ErrorKind`] and a cleaned message.
///
/// Custom errors raised by wire types may start with a kind spelling and `": "`
/// (`"enum: unknown reason"`), see [`crate::path::kinded`].
pub(crate) fn classify_serde_message(message: &str) -> (ErrorKind, String) {
    // serde_json appends " at line L column C"; the path already says where.
    let message = match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message),
        None => message,
    };
    let redacted = redact_serde_message(message);
    let message = redacted.as_str();
    let kind = if message.starts_with("missing field") {
        ErrorKind::Missing
    } else if message.starts_with("invalid type") {
        ErrorKind::Type
    } else if message.starts_with("invalid value")
        || message.starts_with("invalid length")
        || message.starts_with("number out of range")
    {
        ErrorKind::Range
    } else if message.starts_with("unknown variant") {
        ErrorKind::Enum
    } else if message.starts_with("unknown field") {
        ErrorKind::UnknownField
    } else if message.starts_with("duplicate field") {
        ErrorKind::Duplicate
    } else if let Some((kind, rest)) = message.split_once(": ") {
        match kind.parse::<ErrorKind>() {
            Ok(kind) => return (kind, rest.to_owned()),
            Err(_) => ErrorKind::Rule,
        }
    } else {
        ErrorKind::Rule
    };
    (kind, message.to_owned())
}

/// Removes the offending value serde quotes in its messages.
///
/// serde writes `invalid type: integer `51342`, expected a string`, `invalid value:
/// string "jane@example.com", expected ...` and `unknown variant `Jane`, expected one of
/// ...`; that value may be personal data sent in the wrong field (a chat user id, an
/// email, a name). This keeps what the value is and drops what it says:
/// `invalid type: integer, expected a string`, `unknown variant, expected one of ...`.
/// A boolean's value goes too, so a wrong type always reads `invalid type: {the JSON type},
/// expected ...` (one wording in every vendor); lengths and every other message are kept.
///
/// ```
/// use cancel_domain::error::redact_serde_message;
/// assert_eq!(
///     redact_serde_message("invalid type: string \"jane@example.com\", expected u64"),
///     "invalid type: string, expected u64"
/// );
/// assert_eq!(
///     redact_serde_message("unknown variant `Jane`, expected `a` or `b`"),
///     "unknown variant, expected `a` or `b`"
/// );
/// ```
pub fn redact_serde_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        // The variant is everything up to the last "`, expected" (it may hold backticks).
        return match rest.rfind("`, expected ") {
            Some(at) => format!("unknown variant{}", rest.get(at + 1..).unwrap_or_default()),
            None => "unknown variant".to_owned(),
        };
    }
    let Some((head, rest)) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|p| message.strip_prefix(p).map(|rest| (*p, rest)))
    else {
        return message.to_owned();
    };
    let (unexpected, expected) = match rest.rfind(", expected ") {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let what = [
        "boolean `",
        "integer `",
        "floating point `",
        "string \"",
        "character `",
        "bytes ",
    ]
    .iter()
    .find(|p| unexpected.starts_with(**p))
    .map_or(unexpected, |p| p.trim_end_matches([' ', '`', '"']));
    format!("{head}{what}{expected}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn serde_messages_never_quote_the_value() {
        for (message, redacted) in [
            (
                "invalid type: integer `51342`, expected a string at line 1 column 9",
                "invalid type: integer, expected a string",
            ),
            (
                "invalid type: string \"jane@example.com\", expected u64",
                "invalid type: string, expected u64",
            ),
            (
                "invalid value: string \"Jane, Roe\", expected a date",
                "invalid value: string, expected a date",
            ),
            (
                "invalid value: floating point `1.5`, expected u32",
                "invalid value: floating point, expected u32",
            ),
            (
                "invalid type: boolean `true`, expected a map",
                "invalid type: boolean, expected a map",
            ),
            (
                "invalid type: map, expected a string",
                "invalid type: map, expected a string",
            ),
            (
                "unknown variant `Jane`, expected one of `a`, `b`",
                "unknown variant, expected one of `a`, `b`",
            ),
        ] {
            let (kind, text) = classify_serde_message(message);
            assert_eq!(text, redacted);
            assert!(matches!(
                kind,
                ErrorKind::Type | ErrorKind::Range | ErrorKind::Enum
            ));
        }
    }

    #[test]
    fn serde_and_strum_spell_kinds_the_same() {
        for k in ErrorKind::iter() {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.to_string())
            );
        }
        assert_eq!(ErrorKind::UnknownField.to_string(), "unknown_field");
    }

    #[test]
    fn classifies_serde_messages() {
        assert_eq!(
            classify_serde_message("missing field `a` at line 1 column 2").0,
            ErrorKind::Missing
        );
        assert_eq!(
            classify_serde_message("invalid type: string \"2\", expected u32").0,
            ErrorKind::Type
        );
        assert_eq!(
            classify_serde_message("invalid value: integer `0`, expected x").0,
            ErrorKind::Range
        );
        assert_eq!(
            classify_serde_message("unknown variant `x`, expected `y`").0,
            ErrorKind::Enum
        );
        assert_eq!(
            classify_serde_message("enum: not a reason"),
            (ErrorKind::Enum, "not a reason".into())
        );
        assert_eq!(classify_serde_message("something else").0, ErrorKind::Rule);
    }
}
