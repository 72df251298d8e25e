//! A wrapper for personal and payment data that never shows in `Debug` or `Display`.

use serde::{Deserialize, Serialize};

/// Personal or payment data (IBAN, holder name, email...).
///
/// Serializes transparently (the payload must carry it), but `Debug` prints
/// `<redacted>` so it never reaches a log, an error message or a report.
///
/// ```
/// use cancel_domain::Sensitive;
/// let iban = Sensitive::new("TR330006100519786457841326".to_owned());
/// assert_eq!(format!("{iban:?}"), "<redacted>");
/// assert_eq!(iban.expose(), "TR330006100519786457841326");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value itself; call only where the value must be sent or stored.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> std::fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Sensitive<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
