//! Open string enums: the documented values plus a private, lossless fallback.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Holder for a value this crate has no variant for. Deliberately opaque: use
/// `as_str()` on the enum to read it.
#[doc(hidden)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Unrecognized(Box<str>);

impl fmt::Debug for Unrecognized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

macro_rules! open_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident ($expecting:literal) {
            $( $(#[$vdoc:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$doc])*
        ///
        /// Values are case-sensitive. A value this crate does not know (another spelling,
        /// another case) is kept verbatim so the body round-trips; [`as_str`](Self::as_str)
        /// returns it and [`is_known`](Self::is_known) is `false`. Validation refuses it
        /// (kind `enum`).
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
            #[doc(hidden)]
            __Unrecognized(Unrecognized),
        }

        impl $name {
            /// Every documented value, as spelled on the wire.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value exactly as sent.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::__Unrecognized(u) => &u.0,
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::__Unrecognized(_))
            }

            fn from_str_ref(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    other => Self::__Unrecognized(Unrecognized(other.into())),
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::from_str_ref(s)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $wire => Self::$variant, )+
                    _ => Self::__Unrecognized(Unrecognized(s.into_boxed_str())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Self::__Unrecognized(u) => write!(f, concat!(stringify!($name), "::Unrecognized({:?})"), u),
                    known => f.write_str(concat!(stringify!($name), "::"))
                        .and_then(|()| f.write_str(known.variant_name())),
                }
            }
        }

        impl $name {
            fn variant_name(&self) -> &'static str {
                match self {
                    $( Self::$variant => stringify!($variant), )+
                    Self::__Unrecognized(_) => "Unrecognized",
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_str_ref(v))
                    }
                    fn visit_string<E: de::Error>(self, v: String) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

open_enum! {
    /// `status` of the answer to `POST /orders/cancel` (REQUIRED): whether the marketplace
    /// cancelled every listed item, some of them, or none.
    pub enum CancelStatus ("a status string (SUCCESS, FAILED or PARTIAL_SUCCESS)") {
        /// `SUCCESS`: the cancellation is acknowledged.
        Success => "SUCCESS",
        /// `FAILED`: nothing was cancelled.
        Failed => "FAILED",
        /// `PARTIAL_SUCCESS`: some items were cancelled; `orderItems` lists the others.
        PartialSuccess => "PARTIAL_SUCCESS",
    }
}

open_enum! {
    /// `status` of the answer to `GET`/`POST /authToken` (REQUIRED). The GET variant is
    /// documented with `SUCCESS | FAILED`, the POST variant with `SUCCESS | INVALID_CREDENTIALS`.
    pub enum AuthStatus ("a status string (SUCCESS, FAILED or INVALID_CREDENTIALS)") {
        /// `SUCCESS`: `accessToken` carries the token.
        Success => "SUCCESS",
        /// `FAILED` (GET variant): the credentials were refused.
        Failed => "FAILED",
        /// `INVALID_CREDENTIALS` (POST variant): the credentials were refused.
        InvalidCredentials => "INVALID_CREDENTIALS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        for raw in CancelStatus::KNOWN {
            let s: CancelStatus = serde_json::from_value(serde_json::json!(raw)).unwrap();
            assert!(s.is_known());
            assert_eq!(serde_json::to_value(&s).unwrap(), serde_json::json!(raw));
        }
        let s: CancelStatus = serde_json::from_str("\"Success\"").unwrap();
        assert!(!s.is_known());
        assert_eq!(s.as_str(), "Success");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Success\"");
        assert_eq!(format!("{s:?}"), "CancelStatus::Unrecognized(\"Success\")");
        assert_eq!(
            format!("{:?}", CancelStatus::PartialSuccess),
            "CancelStatus::PartialSuccess"
        );
        assert!(serde_json::from_str::<CancelStatus>("1").is_err());
    }
}
