//! Typed, opaque identifiers.
//!
//! Every id keeps the exact text it arrived with: leading zeros, 30-digit values and
//! unicode survive untouched. Ids have no `Default` (an empty id is never valid) and no
//! `Deref`; use [`as_str`](OrderRef::as_str).

/// Declares an opaque string id newtype.
#[doc(hidden)]
#[macro_export]
macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, PartialEq, Eq, PartialOrd, Ord, Hash,
            ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(Box<str>);

        impl $name {
            /// Wraps the id text exactly as given.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into().into_boxed_str())
            }

            /// The id exactly as it was sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id.into_boxed_str())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.into())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), &self.0)
            }
        }
    };
}

opaque_id!(
    /// An order's identifier (an order number, a vendor's order id or primary key as text).
    OrderRef
);
opaque_id!(
    /// An order line's identifier (`orderItemId`, an Akinon item pk, a commerce item id...).
    LineRef
);
opaque_id!(
    /// A product identifier as the vendor names it.
    ProductRef
);
opaque_id!(
    /// A product variant (SKU) identifier as the vendor names it.
    VariantRef
);
opaque_id!(
    /// A customer identifier (account id, email or chat id), used for ownership checks.
    CustomerRef
);
opaque_id!(
    /// A key that makes a cancel request safe to replay: the same key never cancels twice.
    IdempotencyKey
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_leading_zeros_and_long_digit_strings() {
        let raw = r#"["000123","123456789012345678901234567890"]"#;
        let ids: Vec<OrderRef> = serde_json::from_str(raw).unwrap();
        assert_eq!(ids[0].as_str(), "000123");
        assert_eq!(ids[1].as_str(), "123456789012345678901234567890");
        assert_eq!(serde_json::to_string(&ids).unwrap(), raw);
    }

    #[test]
    fn debug_names_the_type() {
        assert_eq!(format!("{:?}", LineRef::new("7")), "LineRef(\"7\")");
    }
}
