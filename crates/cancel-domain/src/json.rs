//! Strict JSON reading shared by every dialect.
//!
//! [`parse`] first scans the bytes once (syntax, size, nesting depth and duplicate keys,
//! which serde would otherwise resolve as "last one wins" inside maps), then reads the
//! typed value with `serde_path_to_error` so every error carries its wire path.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use crate::error::{classify_serde_message, ErrorKind, PayloadError, PayloadErrors};

/// Bounds on what a document may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest accepted document, in bytes (default 4 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (default 64).
    pub max_depth: usize,
}

impl Limits {
    /// The documented defaults: 4 MiB, depth 64.
    pub const DEFAULT: Self = Self {
        max_bytes: 4 * 1024 * 1024,
        max_depth: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Reads `bytes` as a `T` under `limits`, rejecting duplicate keys.
///
/// # Errors
///
/// A [`PayloadErrors`] with one entry: kind `syntax` for bytes that are not JSON or pass
/// the limits, `duplicate` for a repeated key, or the kind of the first typed error.
///
/// ```
/// use cancel_domain::{json, ErrorKind};
/// #[derive(serde::Deserialize)]
/// struct Body { #[serde(rename = "orderId")] _order_id: String }
/// let err = json::parse::<Body>(br#"{"orderId":"1","orderId":"2"}"#, &json::Limits::DEFAULT)
///     .err()
///     .unwrap();
/// assert!(err.has("orderId", ErrorKind::Duplicate));
/// ```
pub fn parse<T: DeserializeOwned>(bytes: &[u8], limits: &Limits) -> Result<T, PayloadErrors> {
    scan(bytes, limits)?;
    parse_unscanned(bytes)
}

/// Reads `bytes` as a `T` without the duplicate-key and depth scan (serde_json's own
/// recursion limit of 128 still applies). For callers that already ran [`scan`].
///
/// # Errors
///
/// The first typed error, with its wire path.
pub fn parse_unscanned<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PayloadErrors> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = render_path(e.path());
        let inner = e.into_inner();
        from_serde_json(path, &inner)
    })?;
    de.end().map_err(|e| from_serde_json(String::new(), &e))?;
    Ok(value)
}

/// Reads a `T` from an already parsed JSON value (paths included).
///
/// # Errors
///
/// The first typed error, with its wire path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, PayloadErrors> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = render_path(e.path());
        let inner = e.into_inner();
        from_serde_json(path, &inner)
    })
}

/// Serializes `value` as compact JSON into `out`.
///
/// # Errors
///
/// Only if a `Serialize` impl fails, which the models of this workspace never do.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    serde_json::to_writer(out, value)
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

fn from_serde_json(path: String, e: &serde_json::Error) -> PayloadErrors {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            PayloadErrors::one(path, ErrorKind::Syntax, e.to_string())
        }
        Category::Data => {
            let (kind, message) = classify_serde_message(&e.to_string());
            // "missing field `uid`" names the absent field: point the path at it.
            let path = match (kind, missing_field_name(&message)) {
                (ErrorKind::Missing, Some(name)) => crate::path::field(&path, name),
                _ => path,
            };
            PayloadErrors::one(path, kind, message)
        }
    }
}

fn missing_field_name(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Checks syntax, size, depth and duplicate keys without building anything.
///
/// # Errors
///
/// The first problem found, kind `syntax` or `duplicate`.
pub fn scan(bytes: &[u8], limits: &Limits) -> Result<(), PayloadErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(PayloadErrors::one(
            "",
            ErrorKind::Syntax,
            format!(
                "document is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let mut found: Option<PayloadError> = None;
    let mut path = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = Scan {
        depth: 0,
        limits,
        path: &mut path,
        found: &mut found,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    match (result, found) {
        (_, Some(problem)) => Err(problem.into()),
        (Err(e), None) => Err(from_serde_json(String::new(), &e)),
        (Ok(()), None) => Ok(()),
    }
}

#[derive(Debug)]
enum Segment<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

fn render_segments(path: &[Segment<'_>]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

struct Scan<'a, 'de> {
    depth: usize,
    limits: &'a Limits,
    path: &'a mut Vec<Segment<'de>>,
    found: &'a mut Option<PayloadError>,
}

impl Scan<'_, '_> {
    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        if self.depth >= self.limits.max_depth {
            *self.found = Some(PayloadError::new(
                render_segments(self.path),
                ErrorKind::Syntax,
                format!("nesting deeper than the limit of {}", self.limits.max_depth),
            ));
            return Err(E::custom("depth limit"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        let mut i = 0;
        loop {
            self.path.push(Segment::Index(i));
            let seed = Scan {
                depth: self.depth + 1,
                limits: self.limits,
                path: self.path,
                found: self.found,
            };
            let next = seq.next_element_seed(seed)?;
            self.path.pop();
            if next.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        let mut seen: BTreeSet<Cow<'de, str>> = BTreeSet::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if seen.contains(&key) {
                self.path.push(Segment::Key(key));
                *self.found = Some(PayloadError::new(
                    render_segments(self.path),
                    ErrorKind::Duplicate,
                    "key appears more than once in the same object",
                ));
                return Err(de::Error::custom("duplicate key"));
            }
            seen.insert(key.clone());
            self.path.push(Segment::Key(key));
            let seed = Scan {
                depth: self.depth + 1,
                limits: self.limits,
                path: self.path,
                found: self.found,
            };
            map.next_value_seed(seed)?;
            self.path.pop();
        }
        Ok(())
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Line {
        quantity: crate::Quantity,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        #[serde(rename = "orderItems")]
        order_items: Vec<Line>,
    }

    fn err(bytes: &str) -> PayloadError {
        parse::<Body>(bytes.as_bytes(), &Limits::DEFAULT)
            .unwrap_err()
            .0
            .remove(0)
    }

    #[test]
    fn typed_errors_carry_wire_paths_and_kinds() {
        let e = err(r#"{"orderItems":[{"quantity":1},{"quantity":0}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[1].quantity", ErrorKind::Range)
        );
        let e = err(r#"{"orderItems":[{"quantity":"2"}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Type)
        );
        let e = err(r#"{"orderItems":[{"quantity":1.5}]}"#);
        assert_eq!(e.kind, ErrorKind::Type);
        let e = err(r#"{"orderItems":[{"quantity":-1}]}"#);
        assert_eq!(e.kind, ErrorKind::Range);
        let e = err(r#"{"orderItems":[{}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Missing)
        );
    }

    #[test]
    fn duplicate_keys_are_errors_even_inside_free_maps() {
        let e = err(r#"{"orderItems":[{"quantity":1,"quantity":2}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Duplicate)
        );
        let e =
            parse::<serde_json::Value>(br#"{"a":{"x":1,"x":1}}"#, &Limits::DEFAULT).unwrap_err();
        assert!(e.has("a.x", ErrorKind::Duplicate));
    }

    #[test]
    fn syntax_and_limits() {
        assert_eq!(err("{\"orderItems\":[],}").kind, ErrorKind::Syntax);
        assert_eq!(err("").kind, ErrorKind::Syntax);
        assert_eq!(err("{\"orderItems\":[]} x").kind, ErrorKind::Syntax);
        assert_eq!(err("\u{feff}{\"orderItems\":[]}").kind, ErrorKind::Syntax);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse::<serde_json::Value>(deep.as_bytes(), &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.0[0].kind, ErrorKind::Syntax);
        let small = Limits {
            max_bytes: 4,
            max_depth: 64,
        };
        assert_eq!(
            parse::<serde_json::Value>(b"[1,2,3]", &small)
                .unwrap_err()
                .0[0]
                .kind,
            ErrorKind::Syntax
        );
    }
}
