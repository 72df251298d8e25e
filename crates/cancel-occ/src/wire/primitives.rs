//! Small building blocks of the wire model: borrowed text, the unknown-key map, numbers that
//! OCC sends either as JSON numbers or as strings, and dynamic-property values.

use std::borrow::{Borrow, Cow};
use std::fmt;

use cancel_domain::wire::{Kept, KeptMap};
use cancel_domain::{ErrorKind, PayloadError, Sensitive};
use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Number;

use crate::read::{duplicate_key, CheckedValue};

/// Text from a wire document: borrowed from the parsed bytes when it has no escapes,
/// owned otherwise (or when built in code).
///
/// ```
/// use cancel_occ::wire::Str;
/// let s: Str<'_> = serde_json::from_str(r#""o30413""#).unwrap();
/// assert_eq!(s, "o30413");
/// assert_eq!(Str::from("x").into_owned().as_str(), "x");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Str<'a>(Cow<'a, str>);

impl<'a> Str<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A copy that owns its text.
    pub fn into_owned(self) -> Str<'static> {
        Str(Cow::Owned(self.0.into_owned()))
    }

    /// The text as a `String`.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Self(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for Str<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Self(s)
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V(std::marker::PhantomData))
    }
}

/// Keys of an object that the model does not type, in arrival order, with their values.
///
/// Also the type of OCC's free-form maps (`shopperInput`, `customPaymentProperties`,
/// `externalData[].values`). `Debug` prints the keys only: values may be personal data.
#[derive(Clone, Default)]
pub struct Extra<'a>(Vec<(Str<'a>, Kept)>);

impl<'a> Extra<'a> {
    /// An empty map.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Kept> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k.as_str() == key)
    }

    /// Sets `key` (replacing its value, keeping its position).
    pub fn insert(&mut self, key: impl Into<Str<'a>>, value: Kept) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Kept> {
        let at = self.0.iter().position(|(k, _)| k.as_str() == key)?;
        Some(self.0.remove(at).1)
    }

    /// The entries in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Kept)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in arrival order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Appends without checking for an existing key (callers check).
    pub(crate) fn push(&mut self, key: Str<'a>, value: Kept) {
        self.0.push((key, value));
    }

    /// A copy that owns all its text.
    pub fn into_owned(self) -> Extra<'static> {
        Extra(
            self.0
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect(),
        )
    }

    /// The entries as a map.
    pub fn to_kept_map(&self) -> KeptMap {
        self.0
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
            .collect()
    }
}

impl<'a> FromIterator<(Str<'a>, Kept)> for Extra<'a> {
    fn from_iter<I: IntoIterator<Item = (Str<'a>, Kept)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

impl PartialEq for Extra<'_> {
    /// Equal when both hold the same keys with equal values, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for Extra<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.keys()).finish()
    }
}

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Extra<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Extra<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra<'a>, A::Error> {
                let mut out = Extra::new();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    if out.contains_key(key.as_str()) {
                        return Err(duplicate_key(key.as_str()));
                    }
                    let value = map.next_value_seed(CheckedValue)?;
                    out.push(key, value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A JSON number or a string holding one, kept in the form it came in.
///
/// OCC documents money as numbers (`"amount": 43.19`) but types a few totals as strings
/// (`totalWithoutTax`), and sends `creationTime` as epoch milliseconds in a string in one
/// place (`"1511782097000"`) and as a number in another (`1.409947604E12`). Numbers keep
/// their value exactly as `serde_json::Number` holds them (the shortest text that reads back
/// to the same value), so money written back equals money read.
#[derive(Clone, PartialEq, Eq)]
#[allow(clippy::exhaustive_enums)] // JSON has exactly these two forms
pub enum NumberOrString<'a> {
    /// A JSON number.
    Number(Number),
    /// A JSON string.
    Text(Str<'a>),
}

/// A money amount (see [`NumberOrString`]).
pub type Amount<'a> = NumberOrString<'a>;

/// An epoch-milliseconds timestamp (see [`NumberOrString`]).
pub type EpochMillis<'a> = NumberOrString<'a>;

impl NumberOrString<'_> {
    /// The value as an exact decimal (`None` when the text is not a number).
    pub fn to_decimal(&self) -> Option<Decimal> {
        match self {
            Self::Number(n) => decimal_of(&n.to_string()),
            Self::Text(s) => decimal_of(s.as_str().trim()),
        }
    }

    /// The value as whole epoch milliseconds (`None` when it is not a whole number).
    pub fn epoch_millis(&self) -> Option<i64> {
        match self {
            Self::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Self::Text(s) => {
                let s = s.as_str();
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                    s.parse().ok()
                } else {
                    None
                }
            }
        }
    }

    /// A copy that owns its text.
    pub fn into_owned(self) -> NumberOrString<'static> {
        match self {
            Self::Number(n) => NumberOrString::Number(n),
            Self::Text(s) => NumberOrString::Text(s.into_owned()),
        }
    }

    /// A JSON number written for `d` (exact: its text is `d`'s own text).
    ///
    /// `None` when `d` has more significant digits than a JSON number read as `f64` keeps.
    pub fn from_decimal(d: Decimal) -> Option<Self> {
        let text = d.normalize().to_string();
        let n: Number = text.parse().ok()?;
        (decimal_of(&n.to_string()) == Some(d)).then_some(Self::Number(n))
    }
}

fn decimal_of(text: &str) -> Option<Decimal> {
    use std::str::FromStr;
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

impl fmt::Debug for NumberOrString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => fmt::Display::fmt(n, f),
            Self::Text(s) => fmt::Debug::fmt(s, f),
        }
    }
}

impl Serialize for NumberOrString<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => n.serialize(serializer),
            Self::Text(s) => s.serialize(serializer),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for NumberOrString<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = NumberOrString<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string holding one")
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(NumberOrString::Number(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(NumberOrString::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Number::from_f64(v)
                    .map(NumberOrString::Number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(NumberOrString::Text(Str::from(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(NumberOrString::Text(Str::from(v.to_owned())))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The value of a dynamic property: its type depends on how the property was defined.
#[derive(Clone, PartialEq)]
#[allow(clippy::exhaustive_enums)] // OCC documents exactly these three types
pub enum DynamicValue<'a> {
    /// A string value (also dates and enumerated values).
    String(Str<'a>),
    /// A number value, exactly as it was written.
    Number(Kept),
    /// A boolean value.
    Bool(bool),
}

impl fmt::Debug for DynamicValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => fmt::Debug::fmt(s, f),
            Self::Number(n) => fmt::Display::fmt(n, f),
            Self::Bool(b) => fmt::Debug::fmt(b, f),
        }
    }
}

impl Serialize for DynamicValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(s) => s.serialize(serializer),
            Self::Number(n) => n.serialize(serializer),
            Self::Bool(b) => serializer.serialize_bool(*b),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for DynamicValue<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const EXPECTED: &str = "a string, number or boolean";
        // Read as raw text, so that a number keeps its digits.
        let raw = <&'de RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'"') => match text.get(1..text.len() - 1) {
                Some(inner) if !inner.contains('\\') => Ok(DynamicValue::String(Str::from(inner))),
                _ => serde_json::from_str::<String>(text)
                    .map(|s| DynamicValue::String(Str::from(s)))
                    .map_err(de::Error::custom),
            },
            Some(b't') => Ok(DynamicValue::Bool(true)),
            Some(b'f') => Ok(DynamicValue::Bool(false)),
            Some(b'-' | b'0'..=b'9') => serde_json::from_str::<Kept>(text)
                .map(DynamicValue::Number)
                .map_err(de::Error::custom),
            Some(b'n') => Err(de::Error::invalid_type(de::Unexpected::Unit, &EXPECTED)),
            Some(b'[') => Err(de::Error::invalid_type(de::Unexpected::Seq, &EXPECTED)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &EXPECTED)),
        }
    }
}

/// Strict-only findings of a parsed value (unknown keys, unknown enum values).
pub(crate) trait Walk {
    fn walk(&self, path: &str, out: &mut Vec<PayloadError>);
}

macro_rules! leaf_walk {
    ($($t:ty),*) => {
        $(impl Walk for $t {
            fn walk(&self, _: &str, _: &mut Vec<PayloadError>) {}
        })*
    };
}

leaf_walk!(
    Str<'_>,
    Number,
    bool,
    NumberOrString<'_>,
    DynamicValue<'_>,
    Extra<'_>,
    Kept
);

impl<T: Walk> Walk for Vec<T> {
    fn walk(&self, path: &str, out: &mut Vec<PayloadError>) {
        for (i, item) in self.iter().enumerate() {
            item.walk(&cancel_domain::path::index(path, i), out);
        }
    }
}

impl<T: Walk> Walk for Sensitive<T> {
    fn walk(&self, path: &str, out: &mut Vec<PayloadError>) {
        self.expose().walk(path, out);
    }
}

/// Converts a borrowed wire value into one that owns its text.
pub(crate) trait ToStatic {
    type Static;
    fn to_static(self) -> Self::Static;
}

macro_rules! plain_static {
    ($($t:ty),*) => {
        $(impl ToStatic for $t {
            type Static = $t;
            fn to_static(self) -> $t { self }
        })*
    };
}

plain_static!(Number, bool, Kept);

impl ToStatic for Str<'_> {
    type Static = Str<'static>;
    fn to_static(self) -> Str<'static> {
        self.into_owned()
    }
}

impl ToStatic for Extra<'_> {
    type Static = Extra<'static>;
    fn to_static(self) -> Extra<'static> {
        self.into_owned()
    }
}

impl ToStatic for NumberOrString<'_> {
    type Static = NumberOrString<'static>;
    fn to_static(self) -> NumberOrString<'static> {
        self.into_owned()
    }
}

impl ToStatic for DynamicValue<'_> {
    type Static = DynamicValue<'static>;
    fn to_static(self) -> DynamicValue<'static> {
        match self {
            Self::String(s) => DynamicValue::String(s.into_owned()),
            Self::Number(n) => DynamicValue::Number(n),
            Self::Bool(b) => DynamicValue::Bool(b),
        }
    }
}

impl<T: ToStatic> ToStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn to_static(self) -> Vec<T::Static> {
        self.into_iter().map(ToStatic::to_static).collect()
    }
}

impl<T: ToStatic> ToStatic for Sensitive<T> {
    type Static = Sensitive<T::Static>;
    fn to_static(self) -> Sensitive<T::Static> {
        Sensitive::new(self.into_inner().to_static())
    }
}

/// A strict finding that `kind` applies at `path`.
pub(crate) fn finding(path: &str, kind: ErrorKind, message: impl Into<String>) -> PayloadError {
    PayloadError::new(path, kind, message)
}
