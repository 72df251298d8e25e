//! [`Kept`]: a JSON value kept as it was sent.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value this workspace does not model, kept as it was sent: an unknown field kept
/// for the round trip, a value of a free-form map the vendor documents as "any value", a
/// vendor value the core carries in its extensions.
///
/// It holds the value's JSON text, so numbers keep their exact digits (an integer beyond
/// 64 bits is not turned into a float, `1.10` stays `1.10`, `-0` stays `-0`). The text is
/// put in the form `serde_json::Value` would write it in, but for numbers: compact, object
/// keys in order, string escapes resolved. Two kept values are equal when their texts are.
/// Read the value with [`parse`](Self::parse) or [`to_value`](Self::to_value), which parse
/// on demand.
///
/// ```
/// use cancel_domain::wire::Kept;
/// let kept: Kept = serde_json::from_str("{ \"p\": 1.10, \"n\": 340282366920938463463374607431768211455 }").unwrap();
/// assert_eq!(kept.get(), r#"{"n":340282366920938463463374607431768211455,"p":1.10}"#);
/// assert_eq!(serde_json::to_string(&kept).unwrap(), kept.get());
/// assert_eq!(kept.parse::<serde_json::Value>().unwrap()["p"], 1.1);
/// ```
#[derive(Clone)]
pub struct Kept(Box<RawValue>);

/// Fields kept as they were sent, by name: the unknown fields of a wire object, the
/// free-form maps of the vendors, and each vendor's extensions in the core model.
pub type KeptMap = BTreeMap<String, Kept>;

/// The fields of `value` written as a JSON object, each kept with its exact text; `None`
/// when `value` is not written as an object.
pub fn fields_of<T: Serialize + ?Sized>(value: &T) -> Option<KeptMap> {
    Kept::of(value).ok()?.parse().ok()
}

/// Reads `fields` as the object `T`, with the wire path of an error.
///
/// # Errors
///
/// The first typed error, its path relative to the object.
pub fn read_fields<T: DeserializeOwned>(fields: &KeptMap) -> Result<T, crate::PayloadErrors> {
    let text = serde_json::to_vec(fields)
        .map_err(|e| crate::PayloadErrors::one("$", crate::ErrorKind::Syntax, e.to_string()))?;
    crate::json::parse_unscanned(&text)
}

impl Kept {
    /// JSON `null`.
    pub fn null() -> Self {
        Self(RawValue::NULL.to_owned())
    }

    /// The JSON string `text`.
    pub fn string(text: &str) -> Self {
        Self::from_value(&serde_json::Value::from(text))
    }

    /// The value of `value`. Numbers are as exact as `value` holds them.
    pub fn from_value(value: &serde_json::Value) -> Self {
        // A value's display is always valid canonical JSON, so this never falls back.
        RawValue::from_string(value.to_string()).map_or_else(|_| Self::null(), Self)
    }

    /// `value` written as JSON; kept values inside it keep their text.
    ///
    /// # Errors
    ///
    /// When `value`'s `Serialize` fails (a map with non-string keys).
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        Self::canonical(serde_json::value::to_raw_value(value)?)
    }

    /// The JSON text, compact, numbers and escapes as they were sent.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Reads the value as a `T`.
    ///
    /// # Errors
    ///
    /// When the value does not read as a `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// The value as a [`serde_json::Value`] (a number beyond what `Value` holds exactly
    /// becomes a float there; keep the `Kept` to keep it exact).
    pub fn to_value(&self) -> serde_json::Value {
        // The text is valid JSON; only nesting beyond serde_json's recursion limit fails.
        self.parse().unwrap_or(serde_json::Value::Null)
    }

    /// Whether the value is JSON `null`.
    pub fn is_null(&self) -> bool {
        self.0.get() == "null"
    }

    /// The value of a JSON string, `None` for any other value.
    pub fn as_str(&self) -> Option<Cow<'_, str>> {
        let text = self.0.get();
        if !text.starts_with('"') {
            return None;
        }
        match text.get(1..text.len() - 1) {
            Some(inner) if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
            _ => self.parse::<String>().ok().map(Cow::Owned),
        }
    }

    /// Keeps `raw` in canonical form: compact, object keys in order, strings with their
    /// escapes resolved, numbers exactly as written; a key given twice in an object is
    /// refused. One pass over the text; a text already in that form is kept as it is.
    fn canonical(raw: Box<RawValue>) -> Result<Self, serde_json::Error> {
        let text = raw.get();
        let plain = |b: &u8| !matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\\' | b'{');
        if text.as_bytes().iter().all(plain) {
            // No whitespace, no escape, no object: already canonical.
            return Ok(Self(raw));
        }
        let mut out = String::with_capacity(text.len());
        Canon {
            text,
            pos: 0,
            depth: 0,
        }
        .value(&mut out)?;
        if out == text {
            return Ok(Self(raw));
        }
        RawValue::from_string(out).map(Self)
    }
}

/// A one-pass writer of the canonical form of a valid JSON text (a [`RawValue`]'s).
struct Canon<'t> {
    text: &'t str,
    pos: usize,
    /// Arrays and objects open at the cursor.
    depth: usize,
}

/// The deepest nesting a kept value may have: serde_json's own recursion limit, so that
/// a value kept here is one every reader can read again (and the stack stays bounded).
const MAX_DEPTH: usize = 128;

fn not_json() -> serde_json::Error {
    de::Error::custom("a kept value is not valid JSON")
}

impl<'t> Canon<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn slice(&self, start: usize) -> Result<&'t str, serde_json::Error> {
        self.text.get(start..self.pos).ok_or_else(not_json)
    }

    fn value(&mut self, out: &mut String) -> Result<(), serde_json::Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(open @ (b'{' | b'[')) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(de::Error::custom(
                        "a kept value is nested more than 128 deep",
                    ));
                }
                let written = if open == b'{' {
                    self.object(out)
                } else {
                    self.array(out)
                };
                self.depth -= 1;
                written
            }
            Some(b'"') => {
                let token = self.string_token()?;
                write_string(token, out)
            }
            Some(_) => {
                let start = self.pos;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.pos += 1;
                }
                out.push_str(self.slice(start)?);
                Ok(())
            }
            None => Err(not_json()),
        }
    }

    /// The string token at the cursor, quotes and escapes included.
    fn string_token(&mut self) -> Result<&'t str, serde_json::Error> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'\\') => self.pos += 2,
                Some(b'"') => {
                    self.pos += 1;
                    return self.slice(start);
                }
                Some(_) => self.pos += 1,
                None => return Err(not_json()),
            }
        }
    }

    fn array(&mut self, out: &mut String) -> Result<(), serde_json::Error> {
        self.pos += 1;
        out.push('[');
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            out.push(']');
            return Ok(());
        }
        loop {
            self.value(out)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    out.push(',');
                }
                Some(b']') => {
                    self.pos += 1;
                    out.push(']');
                    return Ok(());
                }
                _ => return Err(not_json()),
            }
        }
    }

    fn object(&mut self, out: &mut String) -> Result<(), serde_json::Error> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            out.push_str("{}");
            return Ok(());
        }
        // Each field's key, and the range of its canonical value in `values`.
        let mut fields: Vec<(Cow<'t, str>, std::ops::Range<usize>)> = Vec::new();
        let mut values = String::new();
        loop {
            self.skip_whitespace();
            let token = self.string_token()?;
            let key = match token.get(1..token.len().saturating_sub(1)) {
                Some(inner) if !inner.contains('\\') => Cow::Borrowed(inner),
                _ => Cow::Owned(serde_json::from_str::<String>(token)?),
            };
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(not_json());
            }
            self.pos += 1;
            let start = values.len();
            self.value(&mut values)?;
            fields.push((key, start..values.len()));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(not_json()),
            }
        }
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        out.push('{');
        let mut previous: Option<&str> = None;
        for (key, range) in &fields {
            if previous == Some(key.as_ref()) {
                return Err(de::Error::custom(crate::path::kinded(
                    crate::ErrorKind::Duplicate,
                    format_args!("key {key:?} appears more than once in the same object"),
                )));
            }
            if previous.is_some() {
                out.push(',');
            }
            previous = Some(key.as_ref());
            match key {
                Cow::Borrowed(plain) => {
                    out.push('"');
                    out.push_str(plain);
                    out.push('"');
                }
                Cow::Owned(decoded) => out.push_str(&serde_json::to_string(decoded)?),
            }
            out.push(':');
            out.push_str(values.get(range.clone()).ok_or_else(not_json)?);
        }
        out.push('}');
        Ok(())
    }
}

/// Writes the string token `token` as serde_json writes its value.
fn write_string(token: &str, out: &mut String) -> Result<(), serde_json::Error> {
    if token.contains('\\') {
        out.push_str(&serde_json::to_string(&serde_json::from_str::<String>(
            token,
        )?)?);
    } else {
        out.push_str(token);
    }
    Ok(())
}

/// The message of a serde_json error, without the position it appends.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) if e.line() > 0 => message.to_owned(),
        _ => text,
    }
}

impl Default for Kept {
    fn default() -> Self {
        Self::null()
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for Kept {}

impl std::hash::Hash for Kept {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.get().hash(state);
    }
}

impl fmt::Debug for Kept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Display for Kept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl From<serde_json::Value> for Kept {
    fn from(value: serde_json::Value) -> Self {
        Self::from_value(&value)
    }
}

impl From<&serde_json::Value> for Kept {
    fn from(value: &serde_json::Value) -> Self {
        Self::from_value(value)
    }
}

impl From<&str> for Kept {
    fn from(text: &str) -> Self {
        Self::string(text)
    }
}

impl From<String> for Kept {
    fn from(text: String) -> Self {
        Self::string(&text)
    }
}

impl From<bool> for Kept {
    fn from(value: bool) -> Self {
        Self(
            if value {
                RawValue::TRUE
            } else {
                RawValue::FALSE
            }
            .to_owned(),
        )
    }
}

impl Serialize for Kept {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Kept {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Self::canonical(raw).map_err(|e| de::Error::custom(message(&e)))
    }
}

impl schemars::JsonSchema for Kept {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "AnyValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        true.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_digits_and_writes_the_rest_as_a_value_would() {
        let text = "[ 1.10 , \"a b\\\" c\\u00e9\" ,\n{ \"z\" : -0, \"a\": [ ] } , 1E400 ]";
        let kept: Kept = serde_json::from_str(text).unwrap();
        assert_eq!(kept.get(), r#"[1.10,"a b\" cé",{"a":[],"z":-0},1E400]"#);
        let again: Kept = serde_json::from_str(kept.get()).unwrap();
        assert_eq!(again, kept);
    }

    #[test]
    fn a_repeated_key_is_refused_at_any_depth() {
        let e = serde_json::from_str::<Kept>(r#"[{"a":{"b":1,"b":2}}]"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(r#"duplicate: key "b" appears more than once"#),
            "{e}"
        );
    }

    #[test]
    fn string_accessor_unescapes() {
        let kept: Kept = serde_json::from_str(r#""\u00e9t\u00e9""#).unwrap();
        assert_eq!(kept.as_str().unwrap(), "été");
        assert_eq!(Kept::string("plain").as_str().unwrap(), "plain");
        assert!(Kept::from(true).as_str().is_none());
    }

    #[test]
    fn reads_from_a_value_too() {
        let kept: Kept = serde_json::from_value(serde_json::json!({"a": [1, null]})).unwrap();
        assert_eq!(kept.get(), r#"{"a":[1,null]}"#);
        assert!(Kept::null().is_null());
    }
}
