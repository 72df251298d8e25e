//! The bad responses of the cancel call (400, 401, 404, 406), parsed so that no body can
//! fail to parse.
//!
//! Omnitron is a Django REST Framework service, so its error bodies are DRF's:
//!
//! - field → list of messages: `{"cancel_items": ["This field is required."]}` (400);
//! - `{"non_field_errors": ["..."]}` for rules across fields (400);
//! - `{"detail": "..."}` for authentication (401), not found (404) and service refusals (406);
//! - a bare list of messages, `["..."]`, when a view raises a validation error itself.
//!
//! Anything else is kept as other JSON or as text (an HTML page from a proxy, an empty body).

use std::collections::BTreeMap;
use std::fmt;

use cancel_domain::{json, ErrorKind, PayloadError, PayloadErrors};
use serde::{Serialize, Serializer};

/// Fields whose messages may echo bank data; `Debug` and translations never show them.
pub(crate) const SENSITIVE_FIELDS: [&str; 2] = ["ibans", "holder_names"];

/// An Akinon error body.
///
/// ```
/// use cancel_omnitron::error::ErrorBody;
/// let body = ErrorBody::parse(br#"{"non_field_errors":["Order already cancelled!"]}"#);
/// assert_eq!(body.messages().next(), Some(("non_field_errors", "Order already cancelled!")));
/// assert!(matches!(ErrorBody::parse(b"<html>502</html>"), ErrorBody::Text(_)));
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A DRF object: field → messages, `non_field_errors`, `detail`.
    Fields(FieldErrors),
    /// A bare list of messages.
    Messages(Vec<String>),
    /// Other JSON (a number, a list that is not all strings, `null`...).
    Json(serde_json::Value),
    /// Not JSON (or JSON with repeated keys or too deep): the text as received (bytes
    /// that are not UTF-8 are replaced by U+FFFD).
    Text(String),
}

/// The DRF error object: every key with its value, in key order.
#[derive(Clone, PartialEq, Default)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a transparent map: DRF's error object"
)]
pub struct FieldErrors(pub BTreeMap<String, Messages>);

/// The value of one key of a DRF error object.
#[derive(Clone, PartialEq)]
#[allow(
    clippy::exhaustive_enums,
    reason = "the three JSON forms of a DRF error value: a list, a string, anything else"
)]
pub enum Messages {
    /// A list of messages (`["This field is required."]`).
    List(Vec<String>),
    /// One message (`"detail": "Not found."`).
    One(String),
    /// Anything else (nested errors of list items or of a nested object), kept as sent.
    Other(serde_json::Value),
}

impl Messages {
    fn from_value(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(s) => Self::One(s),
            serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_string) => {
                Self::List(
                    items
                        .into_iter()
                        .filter_map(|v| match v {
                            serde_json::Value::String(s) => Some(s),
                            _ => None,
                        })
                        .collect(),
                )
            }
            other => Self::Other(other),
        }
    }

    /// The messages as text (nested values: every string inside, depth first).
    pub fn texts(&self) -> Vec<&str> {
        fn walk<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
        match self {
            Self::List(list) => list.iter().map(String::as_str).collect(),
            Self::One(one) => vec![one.as_str()],
            Self::Other(value) => {
                let mut out = Vec::new();
                walk(value, &mut out);
                out
            }
        }
    }
}

impl Serialize for Messages {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::List(list) => list.serialize(serializer),
            Self::One(one) => one.serialize(serializer),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

impl FieldErrors {
    /// `detail`, when it is a single message.
    pub fn detail(&self) -> Option<&str> {
        match self.0.get("detail") {
            Some(Messages::One(s)) => Some(s),
            _ => None,
        }
    }

    /// `non_field_errors`.
    pub fn non_field_errors(&self) -> Vec<&str> {
        self.0
            .get("non_field_errors")
            .map(Messages::texts)
            .unwrap_or_default()
    }

    /// One key with one message.
    pub fn one(key: impl Into<String>, message: impl Into<String>) -> Self {
        let mut map = BTreeMap::new();
        map.insert(key.into(), Messages::List(vec![message.into()]));
        Self(map)
    }

    /// DRF's answer to payload errors: each error under the first segment of its wire path
    /// (`$` under `non_field_errors`), prefixed by the rest of the path when deeper
    /// (`reasons.5012` → `"reasons": ["5012: ..."]`).
    pub fn from_payload_errors(errors: &PayloadErrors) -> Self {
        let mut map: BTreeMap<String, Messages> = BTreeMap::new();
        for e in errors.iter() {
            let path = e.path.as_str();
            let (key, rest) = if path == "$" || path.is_empty() {
                ("non_field_errors", "")
            } else {
                let cut = path.find(['.', '[']).unwrap_or(path.len());
                let (key, rest) = path.split_at(cut);
                (key, rest.strip_prefix('.').unwrap_or(rest))
            };
            let message = if rest.is_empty() {
                e.message.clone()
            } else {
                format!("{rest}: {}", e.message)
            };
            match map
                .entry(key.to_owned())
                .or_insert_with(|| Messages::List(Vec::new()))
            {
                Messages::List(list) => list.push(message),
                Messages::One(_) | Messages::Other(_) => {}
            }
        }
        Self(map)
    }

    /// `{"detail": message}`.
    pub fn with_detail(message: impl Into<String>) -> Self {
        let mut map = BTreeMap::new();
        map.insert("detail".to_owned(), Messages::One(message.into()));
        Self(map)
    }
}

impl Serialize for FieldErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl ErrorBody {
    /// Reads any body; never fails.
    pub fn parse(bytes: &[u8]) -> Self {
        Self::parse_within(bytes, &json::Limits::DEFAULT)
    }

    fn parse_within(bytes: &[u8], limits: &json::Limits) -> Self {
        let text = || String::from_utf8_lossy(bytes).into_owned();
        // Repeated keys or extreme nesting: keep the text rather than lose a value.
        let unlimited = json::Limits {
            max_bytes: usize::MAX,
            ..*limits
        };
        if json::scan(bytes, &unlimited).is_err() {
            return Self::Text(text());
        }
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => Self::from_value(value),
            Err(_) => Self::Text(text()),
        }
    }

    /// Classifies an already parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Object(map) => Self::Fields(FieldErrors(
                map.into_iter()
                    .map(|(k, v)| (k, Messages::from_value(v)))
                    .collect(),
            )),
            serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_string) => {
                Self::Messages(
                    items
                        .into_iter()
                        .filter_map(|v| match v {
                            serde_json::Value::String(s) => Some(s),
                            _ => None,
                        })
                        .collect(),
                )
            }
            other => Self::Json(other),
        }
    }

    /// Every message with the key it came under (`detail`, `non_field_errors`, a field name;
    /// `""` for a bare list or text), in key order.
    pub fn messages(&self) -> impl Iterator<Item = (&str, &str)> {
        let list: Vec<(&str, &str)> = match self {
            Self::Fields(fields) => fields
                .0
                .iter()
                .flat_map(|(k, v)| v.texts().into_iter().map(move |t| (k.as_str(), t)))
                .collect(),
            Self::Messages(list) => list.iter().map(|m| ("", m.as_str())).collect(),
            Self::Json(serde_json::Value::String(s)) => vec![("", s.as_str())],
            Self::Json(_) => Vec::new(),
            Self::Text(text) => {
                let t = text.trim();
                if t.is_empty() {
                    Vec::new()
                } else {
                    vec![("", t)]
                }
            }
        };
        list.into_iter()
    }

    /// Writes the body as it would be sent: JSON, or the text itself.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        match self {
            Self::Text(text) => {
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
            other => json::write(other, out),
        }
    }

    /// What strict validation flags: a body that is not one of DRF's shapes.
    pub fn strict_findings(&self) -> Vec<PayloadError> {
        match self {
            Self::Fields(_) | Self::Messages(_) => Vec::new(),
            Self::Json(_) => vec![PayloadError::new(
                "$",
                ErrorKind::Rule,
                "JSON, but not an Akinon (DRF) error object or list of messages",
            )],
            Self::Text(_) => vec![PayloadError::new(
                "$",
                ErrorKind::Syntax,
                "not JSON, or JSON with repeated keys or beyond the depth limit (kept as text)",
            )],
        }
    }
}

/// Reads an error body; only a body over `limits.max_bytes` is refused.
///
/// # Errors
///
/// Kind `syntax` at `$` for a body over the size limit.
pub fn parse_error(bytes: &[u8], limits: &json::Limits) -> Result<ErrorBody, PayloadErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(PayloadErrors::one(
            "$",
            ErrorKind::Syntax,
            format!(
                "document is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    Ok(ErrorBody::parse_within(bytes, limits))
}

impl Serialize for ErrorBody {
    /// JSON bodies as JSON; a text body as a JSON string (use [`ErrorBody::write`] to send it).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Fields(fields) => fields.serialize(serializer),
            Self::Messages(list) => list.serialize(serializer),
            Self::Json(value) => value.serialize(serializer),
            Self::Text(text) => text.serialize(serializer),
        }
    }
}

impl fmt::Debug for Messages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::List(list) => f.debug_tuple("List").field(list).finish(),
            Self::One(one) => f.debug_tuple("One").field(one).finish(),
            Self::Other(_) => f.write_str("Other(..)"),
        }
    }
}

impl fmt::Debug for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.0 {
            if SENSITIVE_FIELDS.contains(&key.as_str()) {
                map.entry(key, &format_args!("<redacted>"));
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

impl fmt::Debug for ErrorBody {
    /// Prints DRF messages (bank-data fields redacted); other JSON and text by size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fields(fields) => f.debug_tuple("Fields").field(fields).finish(),
            Self::Messages(list) => f.debug_tuple("Messages").field(list).finish(),
            Self::Json(_) => f.write_str("Json(..)"),
            Self::Text(text) => write!(f, "Text(<{} bytes>)", text.len()),
        }
    }
}
