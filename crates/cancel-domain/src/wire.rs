//! The wire toolkit shared by the vendor crates.
//!
//! [`open_enum!`](crate::open_enum) declares a string enum whose documented values are
//! variants and whose other values are kept verbatim in a hidden fallback variant, so that
//! parse → serialize never loses a value this crate does not know yet. Every vendor crate
//! declares its enums with it: one spelling, one fallback name (`__Unknown`), one type for
//! `KNOWN`. [`Findings`] is the one result of validating a parsed body; [`every_error`] turns
//! a validation that stops at the first error into one that reports them all.
//! [`wire_object!`](crate::wire_object) declares a JSON object with typed fields whose other
//! fields are kept in [`Unknown`] (field modes `required`, `optional`, `lenient`; `with
//! schema` derives its JSON Schema), used by the chatbot, Kibo, Unicommerce and Akinon crates
//! and OCC's cancel request (OCC's borrowed order model still has its own `wire_struct!`).
//! [`empty_string`] is the one verdict on an empty string where a non-empty one belongs,
//! [`integer_written_as_float`] the one on an integer written as a float; a wrong JSON type
//! and every other serde error are classified by [`crate::json::error_of`]. [`Kept`]
//! holds a value kept as it was sent (an unknown field, a free-form map's value, a vendor
//! value in the core's extensions) with its exact JSON text, [`KeptMap`] a map of them.
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

mod every_error;
mod kept;
mod object;
mod refuse;
pub use every_error::{every_error, MAX_ERRORS};
pub use kept::{fields_of, read_fields, Kept, KeptMap};
#[doc(hidden)]
pub use object::Key;
pub use object::Unknown;
pub use refuse::{given_twice, refuse_at_key};

use crate::{ErrorKind, PayloadError, PayloadErrors};

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

/// What checking a parsed body found: the errors that make it invalid, and the findings
/// only strict validation reports (unknown fields, unknown values kept for round trips,
/// shapes that differ from the vendor's examples). Every vendor's validation returns it.
///
/// ```
/// use cancel_domain::{wire::Findings, ErrorKind};
/// let mut findings = Findings::default();
/// findings.strict("note", ErrorKind::UnknownField, "kept verbatim");
/// assert_eq!(findings.clone().into_result().unwrap().len(), 1);
/// findings.error("orderId", ErrorKind::Missing, "missing field `orderId`");
/// assert!(findings.into_result().is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Findings {
    /// Problems that make the body invalid.
    pub errors: Vec<PayloadError>,
    /// Problems only strict validation reports.
    pub strict: Vec<PayloadError>,
}

impl Findings {
    /// Findings made of errors and strict-only findings already collected.
    pub fn new(errors: Vec<PayloadError>, strict: Vec<PayloadError>) -> Self {
        Self { errors, strict }
    }

    /// `Err` with the errors when there are any, else `Ok` with the strict findings.
    ///
    /// # Errors
    ///
    /// The errors, when the body is invalid.
    pub fn into_result(self) -> Result<Vec<PayloadError>, PayloadErrors> {
        if self.errors.is_empty() {
            Ok(self.strict)
        } else {
            Err(PayloadErrors(self.errors))
        }
    }

    /// Records an error.
    pub fn error(&mut self, path: impl Into<String>, kind: ErrorKind, message: impl Into<String>) {
        self.errors.push(PayloadError::new(path, kind, message));
    }

    /// Records a finding only strict validation reports.
    pub fn strict(&mut self, path: impl Into<String>, kind: ErrorKind, message: impl Into<String>) {
        self.strict.push(PayloadError::new(path, kind, message));
    }

    /// Records a field the vendor does not document, kept for the round trip (strict only;
    /// see [`unknown_field`]).
    pub fn unknown_field(&mut self, path: impl Into<String>) {
        self.strict.push(unknown_field(path));
    }

    /// Records a value an open enum does not document, kept for the round trip (strict
    /// only; see [`unknown_value`]).
    pub fn unknown_value(&mut self, path: impl Into<String>, value: &str, documented: &[&str]) {
        self.strict.push(unknown_value(path, value, documented));
    }
}

/// The strict finding of a field the vendor does not document, kept verbatim: kind
/// `unknown_field`, worded the same for every vendor.
///
/// ```
/// let finding = cancel_domain::wire::unknown_field("note");
/// assert_eq!(finding.kind, cancel_domain::ErrorKind::UnknownField);
/// assert_eq!(finding.message, "not a field the vendor documents; kept verbatim");
/// ```
pub fn unknown_field(path: impl Into<String>) -> PayloadError {
    PayloadError::new(
        path,
        ErrorKind::UnknownField,
        "not a field the vendor documents; kept verbatim",
    )
}

/// The strict finding of a value an open enum does not document, kept verbatim: kind
/// `enum`, worded the same for every vendor, listing the documented values.
///
/// ```
/// let finding = cancel_domain::wire::unknown_value("state", "LOST", &["OPEN", "CLOSED"]);
/// assert_eq!(finding.kind, cancel_domain::ErrorKind::Enum);
/// assert_eq!(
///     finding.message,
///     r#""LOST" is not a documented value (documented: OPEN, CLOSED); kept verbatim"#
/// );
/// ```
pub fn unknown_value(path: impl Into<String>, value: &str, documented: &[&str]) -> PayloadError {
    PayloadError::new(
        path,
        ErrorKind::Enum,
        format!(
            "{value:?} is not a documented value (documented: {}); kept verbatim",
            documented.join(", ")
        ),
    )
}

/// The one wording of an empty string where a non-empty one belongs (kind `range`).
pub const EMPTY_STRING: &str = "must not be empty";

/// The one verdict on an empty string where a non-empty one belongs, at `path`: kind
/// `range`, wording [`EMPTY_STRING`]; every vendor's validation reports it so.
///
/// ```
/// use cancel_domain::{wire, ErrorKind};
/// let e = wire::empty_string("orderId");
/// assert_eq!((e.path.as_str(), e.kind, e.message.as_str()), ("orderId", ErrorKind::Range, "must not be empty"));
/// ```
pub fn empty_string(path: impl Into<String>) -> PayloadError {
    PayloadError::new(path, ErrorKind::Range, EMPTY_STRING)
}

/// What a JSON number that serde_json read as a float is worth where an integer in
/// `min..=max` belongs: every vendor's integer fields give the same answer.
///
/// serde_json reads `-0`, `2.0`, `1e3` and integers beyond 64 bits as floats. The vendors'
/// servers (Jackson for Kibo, Unicommerce and OCC; Django REST framework for Akinon) accept
/// a whole-number float for an integer field by default, and so does JSON Schema's
/// `type: integer`; so a whole number inside the range, however written (`2.0`, `2e0`,
/// `1e3`), is that integer, and normalizing or converting the document writes it as a plain
/// integer. A fraction (`2.5`) is kind `type`; a whole number outside the range (`-0` is the
/// integer 0, `1e30` is past any id) is kind `range`. A whole number above 2^53 written as a
/// float is kind `type`: a double cannot hold it exactly, so the integer meant is unknown.
///
/// ```
/// use cancel_domain::{json, wire::integer_written_as_float};
/// #[derive(Debug, PartialEq)]
/// struct Count(u64);
/// impl<'de> serde::Deserialize<'de> for Count {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         struct V;
///         impl serde::de::Visitor<'_> for V {
///             type Value = Count;
///             fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///                 f.write_str("an integer from 1 to 9")
///             }
///             fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Count, E> {
///                 Ok(Count(v))
///             }
///             fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Count, E> {
///                 integer_written_as_float(v, 1, 9, &self).map(Count)
///             }
///         }
///         d.deserialize_u64(V)
///     }
/// }
/// let parse = |text: &str| json::parse::<Count>(text.as_bytes(), &json::Limits::DEFAULT);
/// let kind = |text: &str| parse(text).unwrap_err().0[0].kind;
/// assert_eq!(parse("2.0").unwrap(), Count(2));
/// assert_eq!(parse("9e0").unwrap(), Count(9));
/// assert_eq!(kind("-0"), cancel_domain::ErrorKind::Range);
/// assert_eq!(kind("1e30"), cancel_domain::ErrorKind::Range);
/// assert_eq!(kind("10.0"), cancel_domain::ErrorKind::Range);
/// assert_eq!(kind("2.5"), cancel_domain::ErrorKind::Type);
/// ```
///
/// # Errors
///
/// The `type` or `range` error described above.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
pub fn integer_written_as_float<E: serde::de::Error>(
    value: f64,
    min: u64,
    max: u64,
    expected: &dyn serde::de::Expected,
) -> Result<u64, E> {
    use serde::de::Unexpected;
    /// 2^53: every whole number up to it is exact in a double.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(E::invalid_type(Unexpected::Float(value), expected));
    }
    if value == 0.0 && min > 0 {
        // `-0`: integer syntax with the value 0.
        return Err(E::invalid_value(Unexpected::Signed(0), expected));
    }
    if value < min as f64 || value > max as f64 {
        return Err(E::invalid_value(Unexpected::Float(value), expected));
    }
    if value > EXACT {
        return Err(E::custom(crate::path::kinded(
            ErrorKind::Type,
            format_args!(
                "expected {expected}, found a whole number above 2^53 written as a float, which a double cannot hold exactly; write it as a plain JSON integer"
            ),
        )));
    }
    // Whole, finite, in `min..=max` and at most 2^53: the cast is exact.
    Ok(value as u64)
}

/// A serde visitor of a JSON integer in `min..=max`, for `deserialize_any`: an integer in
/// the range is that integer, one outside it is kind `range`, a whole number written as a
/// float follows [`integer_written_as_float`], any other JSON value is kind `type`.
///
/// Errors expect "a JSON integer from MIN to MAX" unless [`expecting`](Self::expecting)
/// names the value; a string found is quoted in the error unless
/// [`hiding_strings`](Self::hiding_strings).
///
/// ```
/// use cancel_domain::{json, wire::IntegerIn, ErrorKind};
/// #[derive(Debug, PartialEq)]
/// struct Pk(u64);
/// impl<'de> serde::Deserialize<'de> for Pk {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         d.deserialize_any(IntegerIn::new(1, 99)).map(Pk)
///     }
/// }
/// let parse = |text: &str| json::parse::<Pk>(text.as_bytes(), &json::Limits::DEFAULT);
/// assert_eq!(parse("42").unwrap(), Pk(42));
/// assert_eq!(parse("4.2e1").unwrap(), Pk(42));
/// assert_eq!(parse("-1").unwrap_err().0[0].kind, ErrorKind::Range);
/// assert_eq!(parse(r#""42""#).unwrap_err().0[0].kind, ErrorKind::Type);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerIn {
    min: u64,
    max: u64,
    expecting: Option<&'static str>,
    hide_strings: bool,
}

impl IntegerIn {
    /// Integers from `min` to `max`, both included.
    pub const fn new(min: u64, max: u64) -> Self {
        Self {
            min,
            max,
            expecting: None,
            hide_strings: false,
        }
    }

    /// What errors say is expected.
    #[must_use]
    pub const fn expecting(mut self, expecting: &'static str) -> Self {
        self.expecting = Some(expecting);
        self
    }

    /// A string found is called "string" in errors, never quoted (an id in the wrong type
    /// may be a secret or personal data).
    #[must_use]
    pub const fn hiding_strings(mut self) -> Self {
        self.hide_strings = true;
        self
    }
}

impl serde::de::Visitor<'_> for IntegerIn {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expecting {
            Some(text) => f.write_str(text),
            None => write!(f, "a JSON integer from {} to {}", self.min, self.max),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
        if (self.min..=self.max).contains(&v) {
            Ok(v)
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
        integer_written_as_float(v, self.min, self.max, &self)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
        let found = if self.hide_strings {
            serde::de::Unexpected::Other("string")
        } else {
            serde::de::Unexpected::Str(v)
        };
        Err(E::invalid_type(found, &self))
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
