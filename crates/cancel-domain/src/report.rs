//! The translation report: what did not travel, and why.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The text of a report field: most paths and notes are constants of the translation, so
/// they are borrowed (`&'static str`, no allocation per document); built ones are owned.
pub type ReportText = Cow<'static, str>;

/// What happened to one field in a translation.
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
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ReportAction {
    /// The source value has no place in the target and was left out.
    Dropped,
    /// The target needed a value the source lacked; the policy supplied it.
    Defaulted,
    /// The value was mapped to a coarser or nearby one.
    Approximated,
    /// The value has no canonical meaning; it is kept verbatim (in `origin` or `extensions`).
    Unmapped,
}

/// One line of a translation report.
///
/// Values are never personal or payment data: such fields are reported by path only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a line of the report's JSON form (`--report`): its fields are the format"
)]
pub struct ReportEntry {
    /// What happened.
    pub action: ReportAction,
    /// Wire path in the source, when the field came from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ReportText>,
    /// Wire path in the target, when the field went there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ReportText>,
    /// The policy key that supplied a defaulted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_key: Option<ReportText>,
    /// The value before (approximations), when it is not sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ReportText>,
    /// The value after (approximations, defaults), when it is not sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ReportText>,
    /// A short explanation.
    pub note: ReportText,
}

/// Every field a translation dropped, defaulted, approximated or left unmapped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TranslationReport {
    /// The entries, in the order they were found.
    pub entries: Vec<ReportEntry>,
}

impl TranslationReport {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether nothing was lost, defaulted or approximated.
    pub fn is_clean(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records a dropped source field.
    pub fn dropped(
        &mut self,
        source: impl Into<ReportText>,
        note: impl Into<ReportText>,
    ) -> &mut Self {
        self.push(
            ReportAction::Dropped,
            Some(source.into()),
            None,
            None,
            None,
            None,
            note.into(),
        )
    }

    /// Records a target field filled from the policy key `policy_key`.
    pub fn defaulted(
        &mut self,
        target: impl Into<ReportText>,
        policy_key: impl Into<ReportText>,
        value: impl Into<ReportText>,
        note: impl Into<ReportText>,
    ) -> &mut Self {
        self.push(
            ReportAction::Defaulted,
            None,
            Some(target.into()),
            Some(policy_key.into()),
            None,
            Some(value.into()),
            note.into(),
        )
    }

    /// Records an approximation from `from` (at `source`) to `to` (at `target`).
    pub fn approximated(
        &mut self,
        source: impl Into<ReportText>,
        target: impl Into<ReportText>,
        from: impl Into<ReportText>,
        to: impl Into<ReportText>,
        note: impl Into<ReportText>,
    ) -> &mut Self {
        self.push(
            ReportAction::Approximated,
            Some(source.into()),
            Some(target.into()),
            None,
            Some(from.into()),
            Some(to.into()),
            note.into(),
        )
    }

    /// Records a source value kept verbatim with no canonical meaning.
    pub fn unmapped(
        &mut self,
        source: impl Into<ReportText>,
        note: impl Into<ReportText>,
    ) -> &mut Self {
        self.push(
            ReportAction::Unmapped,
            Some(source.into()),
            None,
            None,
            None,
            None,
            note.into(),
        )
    }

    /// Appends another report's entries.
    pub fn extend(&mut self, other: TranslationReport) {
        if self.entries.is_empty() {
            self.entries = other.entries;
            return;
        }
        self.entries.extend(other.entries);
    }

    /// The entries with the given action.
    pub fn with_action(&self, action: ReportAction) -> impl Iterator<Item = &ReportEntry> {
        self.entries.iter().filter(move |e| e.action == action)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        action: ReportAction,
        source: Option<ReportText>,
        target: Option<ReportText>,
        policy_key: Option<ReportText>,
        from: Option<ReportText>,
        to: Option<ReportText>,
        note: ReportText,
    ) -> &mut Self {
        if self.entries.capacity() == 0 {
            // Most reports that are not clean hold a few entries (a chatbot request going to
            // Kibo: five to seven): one allocation, not three or four.
            self.entries.reserve(8);
        }
        self.entries.push(ReportEntry {
            action,
            source,
            target,
            policy_key,
            from,
            to,
            note,
        });
        self
    }
}

impl std::fmt::Display for TranslationReport {
    /// One line per entry (see [`ReportEntry`]'s `Display`), each ending in a newline.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.entries {
            std::fmt::Display::fmt(e, f)?;
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// The human form of one entry, without a newline:
/// `dropped requester.channel: <note>`, `defaulted -> dispositionReason = "other" [policy
/// vendor.mozu.disposition_reason]: <note>`, `approximated reason.code -> cancelReason
/// ("ordered_by_mistake" -> "changeOfMind"): <note>`.
impl std::fmt::Display for ReportEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.render(f)
    }
}

impl ReportEntry {
    /// Appends the human form (what `Display` writes) to `out`, without the formatting
    /// machinery: the CLI prints the report of every document of an NDJSON stream, so this
    /// is on the streaming hot path.
    ///
    /// ```
    /// use cancel_domain::TranslationReport;
    /// let mut report = TranslationReport::new();
    /// report.dropped("requester.channel", "no place at Kibo");
    /// let mut out = Vec::new();
    /// report.entries[0].write_human(&mut out);
    /// assert_eq!(out, report.entries[0].to_string().into_bytes());
    /// ```
    pub fn write_human(&self, out: &mut Vec<u8>) {
        // Writing to a Vec cannot fail.
        let _ = self.render(&mut Bytes(out));
    }

    /// The one rendering shared by `Display` and [`write_human`](Self::write_human).
    fn render(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        let e = self;
        out.write_str(e.action.into())?;
        if let Some(s) = &e.source {
            out.write_str(" ")?;
            out.write_str(s)?;
        }
        if let Some(t) = &e.target {
            out.write_str(" -> ")?;
            out.write_str(t)?;
        }
        if let (Some(from), Some(to)) = (&e.from, &e.to) {
            out.write_str(" (")?;
            quoted(out, from)?;
            out.write_str(" -> ")?;
            quoted(out, to)?;
            out.write_str(")")?;
        } else if let Some(to) = &e.to {
            out.write_str(" = ")?;
            quoted(out, to)?;
        }
        if let Some(k) = &e.policy_key {
            out.write_str(" [policy ")?;
            out.write_str(k)?;
            out.write_str("]")?;
        }
        out.write_str(": ")?;
        out.write_str(&e.note)
    }
}

/// A `fmt::Write` over a byte buffer (UTF-8 in, bytes out).
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// `{text:?}`: printable ASCII without quotes or backslashes is written as is between
/// quotes (what `Debug` writes for it); anything else goes through `Debug`.
fn quoted(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.write_str("\"")?;
        out.write_str(text)?;
        out.write_str("\"")
    } else {
        write!(out, "{text:?}")
    }
}

/// A translated value and the report of what did not travel.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a value and its report: the pair is the whole of it"
)]
pub struct Translated<T> {
    /// The translated value.
    pub value: T,
    /// What was dropped, defaulted, approximated or unmapped.
    pub report: TranslationReport,
}

impl<T> Translated<T> {
    /// A value with a report.
    pub fn new(value: T, report: TranslationReport) -> Self {
        Self { value, report }
    }

    /// A value that lost nothing.
    pub fn clean(value: T) -> Self {
        Self {
            value,
            report: TranslationReport::new(),
        }
    }

    /// Maps the value, keeping the report.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Translated<U> {
        Translated {
            value: f(self.value),
            report: self.report,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain `write!` form the piecewise `Display` must reproduce byte for byte.
    fn reference(report: &TranslationReport) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for e in &report.entries {
            write!(out, "{}", e.action).unwrap();
            if let Some(s) = &e.source {
                write!(out, " {s}").unwrap();
            }
            if let Some(t) = &e.target {
                write!(out, " -> {t}").unwrap();
            }
            if let (Some(from), Some(to)) = (&e.from, &e.to) {
                write!(out, " ({from:?} -> {to:?})").unwrap();
            } else if let Some(to) = &e.to {
                write!(out, " = {to:?}").unwrap();
            }
            if let Some(k) = &e.policy_key {
                write!(out, " [policy {k}]").unwrap();
            }
            writeln!(out, ": {}", e.note).unwrap();
        }
        out
    }

    #[test]
    fn display_matches_the_debug_quoting_of_values() {
        let mut report = TranslationReport::new();
        for value in [
            "plain",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "caf\u{e9}",
            "\u{7f}",
            "\u{200b}zero width",
            "",
        ] {
            report.defaulted("reasons.1", "vendor.x.reason_id", value, "note");
            report.approximated("reason.code", "cancelReason", value, "changeOfMind", "n");
            report.approximated("reason.code", "cancelReason", "a", value, "n");
        }
        report.dropped("requester.channel", "no place");
        report.unmapped("zz", "kept");
        assert_eq!(report.to_string(), reference(&report));
        let lines: Vec<String> = report.entries.iter().map(ToString::to_string).collect();
        assert_eq!(lines.join("\n") + "\n", reference(&report));
        assert!(report
            .to_string()
            .contains(r#"= "say \"hi\"" [policy vendor.x.reason_id]"#));
    }
}
