//! Akinon primary keys: JSON integers from 1 to 2^63 − 1.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest Akinon primary key, 2^63 − 1 (a PostgreSQL `bigint`).
pub const MAX_PK: u64 = 9_223_372_036_854_775_807;

/// Why a text is not a primary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PkText {
    /// Not a canonical decimal integer (sign, spaces, leading zeros, letters...).
    NotCanonical,
    /// Digits, but 0 or above [`MAX_PK`].
    OutOfRange,
}

/// Reads a canonical decimal integer (no sign, no spaces, no leading zeros) in 1..=[`MAX_PK`].
pub(crate) fn parse_pk_text(text: &str) -> Result<u64, PkText> {
    let bytes = text.as_bytes();
    let canonical = match bytes.first() {
        None => false,
        Some(b'0') => bytes.len() == 1,
        Some(_) => bytes.iter().all(u8::is_ascii_digit),
    };
    if !canonical {
        return Err(PkText::NotCanonical);
    }
    match text.parse::<u64>() {
        Ok(n) if (1..=MAX_PK).contains(&n) => Ok(n),
        _ => Err(PkText::OutOfRange),
    }
}

macro_rules! pk_type {
    ($(#[$meta:meta])* $name:ident, $expecting:literal) => {
        $(#[$meta])*
        ///
        /// On the wire: a JSON integer from 1 to 2^63 − 1 (a string, a fraction or a
        /// number out of range is an error of kind `type` or `range`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u64);

        impl $name {
            /// The key, when it is within 1..=2^63 − 1.
            pub const fn new(value: u64) -> Option<Self> {
                if value >= 1 && value <= MAX_PK {
                    Some(Self(value))
                } else {
                    None
                }
            }

            /// The key as a number.
            pub const fn get(self) -> u64 {
                self.0
            }

            /// Reads a canonical decimal text (`"42"`; not `"042"`, `"+42"` or `"4 2"`).
            pub fn parse(text: &str) -> Option<Self> {
                parse_pk_text(text).ok().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_any(
                        cancel_domain::wire::IntegerIn::new(1, MAX_PK)
                            .expecting($expecting)
                            .hiding_strings(),
                    )
                    .map(Self)
            }
        }
    };
}

pk_type!(
    /// An order's primary key (`order` in the cancel body, `pk` of the order detail).
    ///
    /// Not the order `number`, which is a string.
    OrderPk,
    "an order pk (an integer from 1 to 2^63-1)"
);

pk_type!(
    /// An order item's primary key (`cancel_items[]`, the keys of `reasons`, `ibans`,
    /// `holder_names`, `orderitem_set[].pk`).
    ItemPk,
    "an order item pk (an integer from 1 to 2^63-1)"
);

pk_type!(
    /// A cancellation reason's primary key (the values of `reasons`). Reasons are merchant
    /// data: see [`crate::ReasonTable`].
    ReasonId,
    "a cancellation reason id (an integer from 1 to 2^63-1)"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pk_text_is_canonical_only() {
        assert_eq!(parse_pk_text("42"), Ok(42));
        assert_eq!(parse_pk_text("9223372036854775807"), Ok(MAX_PK));
        assert_eq!(
            parse_pk_text("9223372036854775808"),
            Err(PkText::OutOfRange)
        );
        assert_eq!(
            parse_pk_text("18446744073709551616"),
            Err(PkText::OutOfRange)
        );
        assert_eq!(parse_pk_text("0"), Err(PkText::OutOfRange));
        for bad in [
            "",
            "042",
            "+42",
            "-1",
            " 42",
            "4 2",
            "ORD-2020-000042",
            "4.0",
        ] {
            assert_eq!(parse_pk_text(bad), Err(PkText::NotCanonical), "{bad:?}");
        }
    }

    #[test]
    fn pk_json_kinds() {
        assert_eq!(serde_json::from_str::<ItemPk>("7").unwrap().get(), 7);
        let e = serde_json::from_str::<ItemPk>("\"7\"")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid type"), "{e}");
        let e = serde_json::from_str::<ItemPk>("0").unwrap_err().to_string();
        assert!(e.starts_with("invalid value"), "{e}");
        let e = serde_json::from_str::<ItemPk>("-3")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid value"), "{e}");
        let e = serde_json::from_str::<ItemPk>("7.5")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid type"), "{e}");
        let e = serde_json::from_str::<ItemPk>("18446744073709551616")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid value"), "{e}");
        let e = serde_json::from_str::<ItemPk>("-0")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid value: integer `0`"), "{e}");
        let e = serde_json::from_str::<ItemPk>("9223372036854775808")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid value"), "{e}");
    }
}
