//! Constrained scalar values of the translated API: integer ids, money numbers, dates.

use std::fmt;

use cancel_domain::Sensitive;
use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 2^53 − 1, the largest integer a JSON number keeps exactly in every client (an IEEE-754
/// double). Integer ids of the translated API are accepted up to this value.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Reads a JSON integer in `min..=max` ([`cancel_domain::wire::IntegerIn`]): an integer
/// written as `1.0` or `1e3` is that integer, as Jackson reads it (written back as a plain
/// JSON integer).
fn integer<'de, D: Deserializer<'de>>(d: D, min: u64, max: u64) -> Result<u64, D::Error> {
    d.deserialize_any(cancel_domain::wire::IntegerIn::new(min, max))
}

/// An order id of the translated API: a JSON integer from 1 to 2^53 − 1
/// ([`MAX_SAFE_INTEGER`]); a whole number written as `1010101.0` or `1.010101e6` is
/// that integer, as the vendor's Jackson reads it, and is written back as `1010101`.
///
/// Used by `orderId` / `orderID` (REQUIRED) of the Cancel Order request
/// (`POST …/api/v2/order/action/cancel`) and `orderID` of its Get Order-shaped response
/// (REQUIRED at the top level, optional in items). A string or a fraction is a `type` error,
/// 0, a negative number or a value above 2^53 − 1 a `range` error.
///
/// The vendor documents "integer, minimum 1"; the upper bound is ours, so that no client
/// that reads JSON numbers as doubles can round the id to another order.
///
/// ```
/// use cancel_mozu::wire::OrderId;
/// assert_eq!(OrderId::new(1010101).map(OrderId::get), Some(1010101));
/// assert!(OrderId::new(0).is_none());
/// assert_eq!(OrderId::parse_canonical("1010101"), OrderId::new(1010101));
/// assert!(OrderId::parse_canonical("01010101").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrderId(u64);

impl OrderId {
    /// The smallest order id, 1.
    pub const MIN: u64 = 1;
    /// The largest order id, 2^53 − 1.
    pub const MAX: u64 = MAX_SAFE_INTEGER;

    /// An order id; `None` outside `1..=2^53 − 1`.
    pub fn new(id: u64) -> Option<Self> {
        (Self::MIN..=Self::MAX).contains(&id).then_some(Self(id))
    }

    /// The id.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Reads the canonical decimal text of an id: ASCII digits only, no sign, no spaces,
    /// no leading zeros, within `1..=2^53 − 1`.
    pub fn parse_canonical(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let first = *bytes.first()?;
        if first == b'0' || bytes.len() > 16 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        text.parse::<u64>().ok().and_then(Self::new)
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderId({})", self.0)
    }
}

impl Serialize for OrderId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for OrderId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer(deserializer, Self::MIN, Self::MAX).map(Self)
    }
}

/// An order item id: a JSON integer from 0 to 2^53 − 1.
///
/// Used by `orderItems[].orderItemID` (optional) of the Cancel Order response (the Get
/// Order shape of `POST …/api/v2/order/action/cancel`). The vendor's Cancel Order Item
/// documents "minimum 0" (not 1) for this id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(u64);

impl ItemId {
    /// An item id; `None` above 2^53 − 1.
    pub fn new(id: u64) -> Option<Self> {
        (id <= MAX_SAFE_INTEGER).then_some(Self(id))
    }

    /// The id.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Reads the canonical decimal text of an id (`"0"`, or digits without leading zeros).
    pub fn parse_canonical(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let first = *bytes.first()?;
        if (first == b'0' && bytes.len() > 1)
            || bytes.len() > 16
            || !bytes.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        text.parse::<u64>().ok().and_then(Self::new)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ItemId({})", self.0)
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer(deserializer, 0, MAX_SAFE_INTEGER).map(Self)
    }
}

/// A money amount sent as a JSON number, kept as written: integers exactly, other numbers
/// through their shortest `f64` form (`4.99` stays `4.99`).
///
/// Used by `customerSubtotal`, `subtotal`, `estimatedShipping`, `customerTotal`,
/// `customerTotalNet` and `total` (all optional) of the Cancel Order response (the Get
/// Order shape of `POST …/api/v2/order/action/cancel`), in `orderCurrency`.
///
/// A string is a `type` error: the vendor sends numbers. Use
/// [`to_decimal`](Self::to_decimal) for arithmetic.
#[derive(Clone, PartialEq)]
pub struct Amount(serde_json::Number);

impl Amount {
    /// Wraps a JSON number.
    pub fn new(number: serde_json::Number) -> Self {
        Self(number)
    }

    /// The number as it will be written.
    pub fn as_number(&self) -> &serde_json::Number {
        &self.0
    }

    /// The amount as an exact decimal (`None` only for values beyond `Decimal`'s range).
    pub fn to_decimal(&self) -> Option<rust_decimal::Decimal> {
        let text = self.0.to_string();
        text.parse::<rust_decimal::Decimal>()
            .ok()
            .or_else(|| rust_decimal::Decimal::from_scientific(&text).ok())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                Ok(Amount(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                serde_json::Number::from_f64(v)
                    .map(Amount)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A date-time string, kept exactly as sent, offset included (`2010-04-08T16:32:03+00:00`).
///
/// Used by `orderDate` (optional) of the Cancel Order response (the Get Order shape of
/// `POST …/api/v2/order/action/cancel`). Any other JSON type is a `type` error.
///
/// Any string parses; [`to_datetime`](Self::to_datetime) reads it as RFC 3339, and strict
/// validation flags a value that is not RFC 3339 with an offset.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OrderDate(Box<str>);

impl OrderDate {
    /// Wraps a date-time text as it is to be sent.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into().into_boxed_str())
    }

    /// Formats a date-time the way the vendor's example does (`+00:00` rather than `Z`).
    pub fn from_datetime<Tz: chrono::TimeZone>(at: &chrono::DateTime<Tz>) -> Self
    where
        Tz::Offset: fmt::Display,
    {
        Self::new(at.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
    }

    /// The text exactly as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date-time with its own offset, when the text is RFC 3339.
    pub fn to_datetime(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        chrono::DateTime::parse_from_rfc3339(&self.0).ok()
    }
}

impl fmt::Debug for OrderDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderDate({:?})", &*self.0)
    }
}

impl Serialize for OrderDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for OrderDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// An id whose JSON type the vendor does not document: a number or a string, kept as sent.
///
/// Used by `orderItems[].shipmentID` and `orderItems[].externalItemID` (optional) of the
/// Cancel Order response (the Get Order shape of `POST …/api/v2/order/action/cancel`).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VendorId {
    /// Sent as a JSON number.
    Number(serde_json::Number),
    /// Sent as a JSON string.
    Text(String),
}

impl fmt::Debug for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "VendorId({n})"),
            Self::Text(t) => write!(f, "VendorId({t:?})"),
        }
    }
}

impl fmt::Display for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => n.fmt(f),
            Self::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for VendorId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => n.serialize(serializer),
            Self::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for VendorId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = VendorId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON number or string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<VendorId, E> {
                Ok(VendorId::Number(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<VendorId, E> {
                Ok(VendorId::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<VendorId, E> {
                serde_json::Number::from_f64(v)
                    .map(VendorId::Number)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<VendorId, E> {
                Ok(VendorId::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<VendorId, E> {
                Ok(VendorId::Text(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `shippingAddress` (optional) of the Cancel Order response (the Get Order shape of
/// `POST …/api/v2/order/action/cancel`): the vendor's Get Order example sends an address id
/// as a string (`"1234567"`); Create Order sends an address object. Both are kept as sent;
/// any other JSON type is a `type` error.
///
/// An address object is personal data: its `Debug` output is redacted.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ShippingAddress {
    /// An address id, as in the Get Order example.
    Id(String),
    /// An address object (names, street, ...), kept verbatim.
    Details(Sensitive<cancel_domain::wire::KeptMap>),
}

impl fmt::Debug for ShippingAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "ShippingAddress::Id({id:?})"),
            Self::Details(_) => f.write_str("ShippingAddress::Details(<redacted>)"),
        }
    }
}

impl Serialize for ShippingAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => serializer.serialize_str(id),
            Self::Details(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ShippingAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ShippingAddress;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an address id (string) or an address object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ShippingAddress, E> {
                Ok(ShippingAddress::Id(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<ShippingAddress, E> {
                Ok(ShippingAddress::Id(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ShippingAddress, A::Error> {
                let map = cancel_domain::wire::KeptMap::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(ShippingAddress::Details(Sensitive::new(map)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_domain::ErrorKind;

    fn order_id(json: &str) -> Result<OrderId, cancel_domain::PayloadErrors> {
        cancel_domain::json::parse(json.as_bytes(), &cancel_domain::json::Limits::DEFAULT)
    }

    fn kind(json: &str) -> ErrorKind {
        order_id(json).unwrap_err().0[0].kind
    }

    #[test]
    fn order_ids_are_plain_integers_in_range() {
        assert_eq!(order_id("1").unwrap().get(), 1);
        assert_eq!(
            order_id("9007199254740991").unwrap().get(),
            MAX_SAFE_INTEGER
        );
        assert_eq!(kind("0"), ErrorKind::Range);
        assert_eq!(kind("-1"), ErrorKind::Range);
        assert_eq!(kind("9007199254740992"), ErrorKind::Range);
        assert_eq!(kind("18446744073709551616"), ErrorKind::Range);
        assert_eq!(kind("123456789012345678901234567890"), ErrorKind::Range);
        assert_eq!(kind("-123456789012345678901234567890"), ErrorKind::Range);
        assert_eq!(kind("1.5"), ErrorKind::Type);
        assert_eq!(order_id("1.0").unwrap().get(), 1);
        assert_eq!(order_id("1e3").unwrap().get(), 1000);
        assert_eq!(kind("9007199254740992.0"), ErrorKind::Range);
        assert_eq!(kind("\"1\""), ErrorKind::Type);
        assert_eq!(kind("null"), ErrorKind::Type);
        assert_eq!(kind("true"), ErrorKind::Type);
    }

    #[test]
    fn canonical_text() {
        assert_eq!(
            OrderId::parse_canonical("9007199254740991").map(OrderId::get),
            Some(MAX_SAFE_INTEGER)
        );
        for bad in [
            "",
            "0",
            "007",
            "+7",
            "-7",
            " 7",
            "7 ",
            "1e3",
            "9007199254740992",
            "ORD-42",
            "٣",
        ] {
            assert!(OrderId::parse_canonical(bad).is_none(), "{bad:?}");
        }
        assert_eq!(ItemId::parse_canonical("0").map(ItemId::get), Some(0));
        assert!(ItemId::parse_canonical("00").is_none());
    }

    #[test]
    fn amounts_keep_their_numbers() {
        let a: Amount = serde_json::from_str("4.99").unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), "4.99");
        assert_eq!(a.to_decimal().unwrap().to_string(), "4.99");
        let big: Amount = serde_json::from_str("12345678901234567").unwrap();
        assert_eq!(serde_json::to_string(&big).unwrap(), "12345678901234567");
        assert!(serde_json::from_str::<Amount>("\"4.99\"").is_err());
    }

    #[test]
    fn dates_keep_their_offset() {
        let d: OrderDate = serde_json::from_str("\"2010-04-08T16:32:03+02:00\"").unwrap();
        assert_eq!(d.as_str(), "2010-04-08T16:32:03+02:00");
        assert_eq!(d.to_datetime().unwrap().offset().local_minus_utc(), 7200);
        let utc = chrono::DateTime::parse_from_rfc3339("2010-04-08T16:32:03Z").unwrap();
        assert_eq!(
            OrderDate::from_datetime(&utc).as_str(),
            "2010-04-08T16:32:03+00:00"
        );
    }

    #[test]
    fn address_objects_are_redacted_in_debug() {
        let a: ShippingAddress = serde_json::from_str(r#"{"firstName":"Ada"}"#).unwrap();
        assert!(!format!("{a:?}").contains("Ada"));
        let id: ShippingAddress = serde_json::from_str(r#""1234567""#).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""1234567""#);
    }
}
