//! The wire toolkit shared by the vendor crates.
//!
//! [`open_enum!`](crate::open_enum) declares a string enum whose documented values are
//! variants and whose other values are kept verbatim in a hidden fallback variant, so that
//! parse → serialize never loses a value this crate does not know yet. Every vendor crate
//! declares its enums with it: one spelling, one fallback name (`__Unknown`), one type for
//! `KNOWN`.
//!
//! ```
//! cancel_domain::open_enum! {
//!     /// How a parcel travels.
//!     pub enum Carrier {
//!         /// By road.
//!         Road = "ROAD",
//!         /// By air.
//!         Air = "AIR",
//!     }
//! }
//!
//! let known: Carrier = serde_json::from_str(r#""AIR""#).unwrap();
//! assert_eq!(known, Carrier::Air);
//! let unknown: Carrier = serde_json::from_str(r#""SEA""#).unwrap();
//! assert!(!unknown.is_known());
//! assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""SEA""#);
//! assert_eq!(Carrier::KNOWN, &["ROAD", "AIR"]);
//! assert_eq!(format!("{unknown:?}"), r#"Carrier::Unrecognized("SEA")"#);
//! ```

use std::fmt;

/// A value an open enum has no variant for, kept verbatim. Deliberately opaque: read it
/// with the enum's `as_str()`, never by matching the fallback variant (a value it holds
/// today may get its own variant tomorrow).
#[doc(hidden)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Unrecognized(Box<str>);

impl Unrecognized {
    /// Keeps `raw`.
    pub fn new(raw: &str) -> Self {
        Self(raw.into())
    }

    /// The value as it came.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Unrecognized {
    fn from(raw: String) -> Self {
        Self(raw.into_boxed_str())
    }
}

impl fmt::Debug for Unrecognized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Declares an open string enum; see the [module documentation](crate::wire).
///
/// Syntax: `pub enum Name { Variant = "wire", ... }`, optionally `pub enum Name
/// ("what a type error expects") { ... }` (the default is `"a string"`).
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($body:tt)+ }
    ) => {
        $crate::open_enum! {
            $(#[$meta])*
            pub enum $name ("a string") { $($body)+ }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($expecting:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// This is an *open* enum: a value this crate does not know is kept verbatim (see
        /// [`as_str`](Self::as_str) and [`is_known`](Self::is_known)) so that parse →
        /// serialize never loses it; validation decides whether it is acceptable.
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate has no variant for, kept verbatim.
            #[doc(hidden)]
            __Unknown($crate::wire::Unrecognized),
        }

        impl $name {
            /// Every documented value, as spelled on the wire, in documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value exactly as it is (or will be) on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::__Unknown(raw) => raw.as_str(),
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::__Unknown(_))
            }

            fn from_known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    $( $wire => ::core::option::Option::Some(Self::$variant), )+
                    _ => ::core::option::Option::None,
                }
            }

            fn variant_name(&self) -> &'static str {
                match self {
                    $( Self::$variant => stringify!($variant), )+
                    Self::__Unknown(_) => "Unrecognized",
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_known(value)
                    .unwrap_or_else(|| Self::__Unknown($crate::wire::Unrecognized::new(value)))
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from_known(&value)
                    .unwrap_or_else(|| Self::__Unknown($crate::wire::Unrecognized::from(value)))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    Self::__Unknown(raw) => {
                        write!(f, concat!(stringify!($name), "::Unrecognized({:?})"), raw)
                    }
                    known => write!(f, concat!(stringify!($name), "::{}"), known.variant_name()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct Visit;

                impl ::serde::de::Visitor<'_> for Visit {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        value: &str,
                    ) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(
                        self,
                        value: ::std::string::String,
                    ) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(Visit)
            }
        }
    };
}
