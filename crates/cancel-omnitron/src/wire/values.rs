//! Exact wire values: decimal strings, currencies, kept fields, id-or-object references and
//! the item-pk-keyed maps of the cancel body.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use cancel_domain::{path::kinded, ErrorKind, Sensitive};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{parse_pk_text, ItemPk, PkText, ReasonId};

/// The unknown fields of a wire object (the workspace's one kept-unknown type).
pub use cancel_domain::wire::Unknown as Extra;

/// The grammar of a decimal string: `-?digits(.digits)?`.
fn decimal_shape(text: &str, allow_sign: bool, allow_leading_zeros: bool) -> bool {
    let body = match text.strip_prefix('-') {
        Some(rest) if allow_sign => rest,
        Some(_) => return false,
        None => text,
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int)
        && frac.is_none_or(digits)
        && (allow_leading_zeros || int == "0" || !int.starts_with('0'))
}

/// An exact, non-negative decimal string: `forced_refund_amount` of the cancel body.
///
/// Written as digits with an optional fraction (`"149.90"`, `"0"`, `"12.5"`): no sign, no
/// exponent, no leading zeros, at most 28 significant digits, so that the text and the
/// [`Decimal`] it holds say exactly the same thing (`"149.90"` stays `"149.90"`). A JSON number
/// is refused (kind `type`): money is never a float.
///
/// `Debug` does not print the amount (the core treats a forced amount as payment data).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Amount {
    text: Box<str>,
    value: Decimal,
}

impl Amount {
    /// Reads an amount; the error is `(kind, message)` without the value.
    pub fn parse(text: &str) -> Result<Self, (ErrorKind, &'static str)> {
        if text.starts_with('-') && decimal_shape(text, true, false) {
            return Err((ErrorKind::Range, "must not be negative"));
        }
        if !decimal_shape(text, false, false) {
            return Err((
                ErrorKind::Type,
                "must be an exact decimal string such as \"149.90\" (digits and an optional \
                 fraction; no sign, exponent, spaces or leading zeros)",
            ));
        }
        match Decimal::from_str_exact(text) {
            Ok(value) if value.to_string() == text => Ok(Self {
                text: text.into(),
                value,
            }),
            _ => Err((
                ErrorKind::Range,
                "has more digits than an exact decimal holds (28 significant digits)",
            )),
        }
    }

    /// The amount written as `value` shows it (`None` for a negative value).
    pub fn from_decimal(value: Decimal) -> Option<Self> {
        if value.is_sign_negative() && !value.is_zero() {
            return None;
        }
        let value = value.abs();
        Some(Self {
            text: value.to_string().into(),
            value,
        })
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        self.value
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Amount(<redacted>)")
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DecimalVisitor {
                expecting: "an exact decimal string such as \"149.90\"",
            })
            .and_then(|text| {
                Self::parse(&text)
                    .map_err(|(kind, message)| de::Error::custom(kinded(kind, message)))
            })
    }
}

/// Reads a string, refusing JSON numbers with a message that does not echo them.
struct DecimalVisitor {
    expecting: &'static str,
}

const NUMBER_NOT_STRING: &str = "money is a decimal string such as \"149.90\", not a JSON number";

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(E::custom(kinded(ErrorKind::Type, NUMBER_NOT_STRING)))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(E::custom(kinded(ErrorKind::Type, NUMBER_NOT_STRING)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom(kinded(ErrorKind::Type, NUMBER_NOT_STRING)))
    }
}

/// A money amount of the order detail (`amount`, `refund_amount`, `price`...): a decimal
/// string kept exactly as sent (`"149.90"` stays `"149.90"`). A JSON number is an error of
/// kind `type`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money(Box<str>);

impl Money {
    /// Reads a decimal string (`-?digits(.digits)?`).
    pub fn parse(text: &str) -> Option<Self> {
        decimal_shape(text, true, true).then(|| Self(text.into()))
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, when it fits a [`Decimal`].
    pub fn to_decimal(&self) -> Option<Decimal> {
        Decimal::from_str_exact(&self.0).ok()
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(DecimalVisitor {
            expecting: "a decimal string such as \"149.90\"",
        })?;
        Self::parse(&text).ok_or_else(|| {
            de::Error::custom(kinded(
                ErrorKind::Type,
                "must be a decimal string such as \"149.90\"",
            ))
        })
    }
}

/// A currency code as Akinon writes it: lower case (`"try"`, `"eur"`). Kept as sent;
/// strict validation flags any other spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(Box<str>);

impl Currency {
    /// Wraps a code as given.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into().into_boxed_str())
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is spelled like Akinon spells currencies: three lower-case ASCII letters.
    pub fn is_akinon_spelling(&self) -> bool {
        self.0.len() == 3 && self.0.bytes().all(|b| b.is_ascii_lowercase())
    }
}

/// A related record given either by id (webhooks: `"channel": 3`) or expanded as an
/// object (channel API: `"channel": {"pk": 3, ...}`).
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::exhaustive_enums,
    reason = "a related record is its id or the object: the two JSON forms there are"
)]
pub enum Related<T> {
    /// The related record's id.
    Id(serde_json::Number),
    /// The related record itself.
    Object(T),
}

impl<T: Serialize> Serialize for Related<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => id.serialize(serializer),
            Self::Object(object) => object.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Related<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RelatedVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for RelatedVisitor<T> {
            type Value = Related<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer id or an object")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Related::Id(v.into()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Related::Id(v.into()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Related::Object)
            }
        }

        deserializer.deserialize_any(RelatedVisitor(std::marker::PhantomData))
    }
}

/// Reads a map keyed by item pks (JSON object keys are strings: `{"11": ...}`).
///
/// A key that is not a canonical decimal integer is an error of kind `type` at
/// `<map>.<key>`; 0 or a key beyond 2^63 − 1 is kind `range`.
fn visit_pk_map<'de, A, V>(
    mut map: A,
    mut value: impl FnMut(&mut A) -> Result<V, A::Error>,
) -> Result<BTreeMap<ItemPk, V>, A::Error>
where
    A: MapAccess<'de>,
{
    let mut out = BTreeMap::new();
    while let Some(pk) = map.next_key_seed(PkKey)? {
        let v = value(&mut map)?;
        if out.insert(pk, v).is_some() {
            return Err(de::Error::custom(kinded(
                ErrorKind::Duplicate,
                "item pk appears more than once",
            )));
        }
    }
    Ok(out)
}

struct PkKey;

impl<'de> DeserializeSeed<'de> for PkKey {
    type Value = ItemPk;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ItemPk, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PkKey {
    type Value = ItemPk;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an order item pk as an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ItemPk, E> {
        let out_of_range = || {
            E::custom(kinded(
                ErrorKind::Range,
                "an order item pk is between 1 and 2^63-1",
            ))
        };
        match parse_pk_text(v) {
            Ok(pk) => ItemPk::new(pk).ok_or_else(out_of_range),
            Err(PkText::NotCanonical) => Err(E::custom(kinded(
                ErrorKind::Type,
                "keys are order item pks written as decimal integers (no sign, spaces or \
                 leading zeros)",
            ))),
            Err(PkText::OutOfRange) => Err(out_of_range()),
        }
    }
}

/// `reasons`: item pk → reason id.
pub(crate) struct ReasonMap(BTreeMap<ItemPk, ReasonId>);

impl From<ReasonMap> for BTreeMap<ItemPk, ReasonId> {
    fn from(map: ReasonMap) -> Self {
        map.0
    }
}

impl<'de> Deserialize<'de> for ReasonMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;

        impl<'de> Visitor<'de> for V {
            type Value = ReasonMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of order item pk to cancellation reason id")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReasonMap, A::Error> {
                visit_pk_map(map, |m| m.next_value::<ReasonId>()).map(ReasonMap)
            }
        }

        deserializer.deserialize_map(V)
    }
}

/// `ibans` and `holder_names`: item pk → sensitive text. Errors never echo the values.
pub(crate) struct SecretMap(BTreeMap<ItemPk, Sensitive<String>>);

impl From<SecretMap> for BTreeMap<ItemPk, Sensitive<String>> {
    fn from(map: SecretMap) -> Self {
        map.0
    }
}

impl<'de> Deserialize<'de> for SecretMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;

        impl<'de> Visitor<'de> for V {
            type Value = SecretMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of order item pk to text")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SecretMap, A::Error> {
                visit_pk_map(map, |m| m.next_value::<Secret>().map(|s| s.0)).map(SecretMap)
            }
        }

        deserializer.deserialize_map(V)
    }
}

/// A string of personal or payment data; wrong types are reported without the value.
struct Secret(Sensitive<String>);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;

        impl Visitor<'_> for V {
            type Value = Secret;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(Sensitive::new(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Secret, E> {
                Ok(Secret(Sensitive::new(v)))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("a number"), &self))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("a number"), &self))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("a number"), &self))
            }
        }

        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_decimal_strings() {
        for ok in ["149.90", "0", "0.00", "12.5", "1000000"] {
            assert_eq!(Amount::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(
            Amount::parse("149.90").unwrap().value().to_string(),
            "149.90"
        );
        for bad in ["", "1e3", "+1", "1.", ".5", "01.5", "1,50", " 1", "abc"] {
            assert_eq!(
                Amount::parse(bad).unwrap_err().0,
                ErrorKind::Type,
                "{bad:?}"
            );
        }
        assert_eq!(Amount::parse("-1.00").unwrap_err().0, ErrorKind::Range);
        assert_eq!(
            Amount::parse("1234567890123456789012345678901.5")
                .unwrap_err()
                .0,
            ErrorKind::Range
        );
        assert_eq!(
            format!("{:?}", Amount::parse("9.99").unwrap()),
            "Amount(<redacted>)"
        );
        let e = serde_json::from_str::<Amount>("149.9")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("type: "), "{e}");
    }

    #[test]
    fn money_keeps_its_text() {
        let m: Money = serde_json::from_str("\"149.90\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"149.90\"");
        assert!(Money::parse("-5.00").is_some());
        assert!(Money::parse("5,00").is_none());
        assert!(serde_json::from_str::<Money>("149.9").is_err());
    }

    #[test]
    fn related_is_id_or_object() {
        let r: Related<Extra> = serde_json::from_str("3").unwrap();
        assert!(matches!(r, Related::Id(_)));
        let r: Related<Extra> = serde_json::from_str(r#"{"pk":3,"name":"x"}"#).unwrap();
        assert_eq!(format!("{r:?}"), r#"Object({"name", "pk"})"#);
        assert!(serde_json::from_str::<Related<Extra>>("\"3\"").is_err());
    }
}
