//! [`wire_object!`](crate::wire_object): a JSON object with typed fields and its unknown
//! fields kept, and the types it uses ([`Unknown`], [`Key`]).

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::{Kept, KeptMap};

/// The fields of a wire object that its type does not model, kept as they were sent (see
/// [`Kept`]) so that writing the object back gives the same JSON; in key order. It reads
/// and writes as the JSON object of those fields and derefs to a [`KeptMap`].
///
/// `Debug` prints the keys only: kept fields may carry personal data.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a transparent map of the kept fields"
)]
pub struct Unknown(pub KeptMap);

impl Unknown {
    /// No field kept.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Deref for Unknown {
    type Target = KeptMap;

    fn deref(&self) -> &KeptMap {
        &self.0
    }
}

impl DerefMut for Unknown {
    fn deref_mut(&mut self) -> &mut KeptMap {
        &mut self.0
    }
}

impl fmt::Debug for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl From<KeptMap> for Unknown {
    fn from(map: KeptMap) -> Self {
        Self(map)
    }
}

impl FromIterator<(String, Kept)> for Unknown {
    fn from_iter<I: IntoIterator<Item = (String, Kept)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Unknown {
    type Item = (&'a String, &'a Kept);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Kept>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl schemars::JsonSchema for Unknown {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        KeptMap::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        KeptMap::json_schema(generator)
    }
}

/// An object key, borrowed from the input when it has no escapes.
#[doc(hidden)]
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Declares a wire object: a JSON object with typed fields, in declaration order, and
/// every other field kept in `other` ([`Unknown`]), as it was sent.
///
/// The generated `Deserialize` reads each key straight from the map (no buffering as
/// `#[serde(flatten)]` would do, so the wire path of an error is exact and kept numbers
/// keep their digits); `Serialize` writes the typed fields in declaration order, then the
/// kept ones. A modelled key given twice is serde's `duplicate field` error, an unknown key
/// given twice a `duplicate` error.
///
/// Field modes:
/// - `required`: the field type is `T`; absence is serde's `missing field` error;
/// - `optional`: the field type is `Option<T>`; `None` is absence. To keep an explicit
///   `null` apart from absence, declare `T` itself as `Option<U>` (`Some(None)` is `null`);
///   otherwise `null` is a `type` error for a `T` that does not read it;
/// - `lenient`: the field type is `Option<T>`, and an explicit `null` is no error: it is kept
///   in `other` under the field's own name (the field stays `None`) and written back, for
///   vendors that send `null` for any absent value.
///
/// `via D` reads the value as `D` and converts it with `Into` (custom key or value rules).
/// `expecting` is what a value of another JSON type is said to miss.
///
/// A kept field whose key is a modelled one (a lenient field's `null`, or a value built by
/// hand) is written only while that field is unset: the output never repeats a key.
///
/// `pub struct Name expecting "..." with schema { ... }` also derives
/// [`schemars::JsonSchema`] from the declaration (field names as on the wire, the kept
/// fields as `additionalProperties`, doc comments as descriptions; `#[schemars(...)]`
/// attributes on a field apply); the declaring crate depends on `schemars`.
///
/// ```
/// cancel_domain::wire_object! {
///     /// A parcel.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Parcel expecting "a parcel object" {
///         /// `id`.
///         "id" => id: u64 [required],
///         /// `label`.
///         "label" => label: String [optional],
///     }
/// }
///
/// let text = r#"{"id":7,"weight":340282366920938463463374607431768211455}"#;
/// let parcel: Parcel = serde_json::from_str(text).unwrap();
/// assert_eq!(parcel.id, 7);
/// assert_eq!(parcel.label, None);
/// assert_eq!(Parcel::FIELDS, &["id", "label"]);
/// assert_eq!(parcel.other.keys().collect::<Vec<_>>(), ["weight"]);
/// assert_eq!(serde_json::to_string(&parcel).unwrap(), text);
/// let missing = serde_json::from_str::<Parcel>(r#"{"label":"x"}"#).unwrap_err();
/// assert!(missing.to_string().starts_with("missing field `id`"));
/// ```
#[macro_export]
macro_rules! wire_object {
    (@ty required $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { ::core::option::Option<$ty> };
    (@ty lenient $ty:ty) => { ::core::option::Option<$ty> };
    (@de $ty:ty) => { $ty };
    (@de $ty:ty, $de:ty) => { $de };
    (@ser required $map:ident, $wire:literal, $value:expr) => {
        ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, &$value)?;
    };
    (@ser lenient $map:ident, $wire:literal, $value:expr) => {
        $crate::wire_object!(@ser optional $map, $wire, $value);
    };
    (@ser optional $map:ident, $wire:literal, $value:expr) => {
        if let ::core::option::Option::Some(value) = &$value {
            ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, value)?;
        }
    };
    (@len optional $value:expr) => { usize::from($value.is_some()) };
    (@len lenient $value:expr) => { usize::from($value.is_some()) };
    (@set required $value:expr) => { true };
    (@set optional $value:expr) => { $value.is_some() };
    (@set lenient $value:expr) => { $value.is_some() };
    (@read lenient $map:ident, $key:ident, $other:ident, $field:ident, $wire:literal, $de:ty) => {
        if $field.is_some() || $other.contains_key($wire) {
            return ::core::result::Result::Err(::serde::de::Error::duplicate_field($wire));
        }
        match $map.next_value::<::core::option::Option<$de>>()? {
            ::core::option::Option::Some(value) => $field = ::core::option::Option::Some(value.into()),
            ::core::option::Option::None => {
                $other.insert($key.into_string(), $crate::wire::Kept::null());
            }
        }
    };
    (@read $mode:ident $map:ident, $key:ident, $other:ident, $field:ident, $wire:literal, $de:ty) => {
        if $field.is_some() {
            return ::core::result::Result::Err(::serde::de::Error::duplicate_field($wire));
        }
        $field = ::core::option::Option::Some($map.next_value::<$de>()?.into());
    };
    (@len required $value:expr) => { 1usize };
    (@finish required $acc:ident, $wire:literal) => {
        match $acc {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => {
                return ::core::result::Result::Err(::serde::de::Error::missing_field($wire))
            }
        }
    };
    (@finish optional $acc:ident, $wire:literal) => { $acc };
    (@finish lenient $acc:ident, $wire:literal) => { $acc };
    (
        $(#[$smeta:meta])*
        pub struct $name:ident expecting $expecting:literal with schema {
            $(
                $(#[$fmeta:meta])*
                $wire:literal => $field:ident : $ty:ty [$mode:ident $(via $de:ty)?],
            )*
        }
    ) => {
        $(#[$smeta])*
        #[derive(::schemars::JsonSchema)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $wire)]
                pub $field: $crate::wire_object!(@ty $mode $ty),
            )*
            /// Fields this crate does not model, kept as they were sent so a round trip is
            /// lossless.
            #[serde(flatten)]
            pub other: $crate::wire::Unknown,
        }

        $crate::wire_object! {
            @impl $name expecting $expecting {
                $( $wire => $field : $ty [$mode $(via $de)?], )*
            }
        }
    };
    (
        $(#[$smeta:meta])*
        pub struct $name:ident expecting $expecting:literal {
            $(
                $(#[$fmeta:meta])*
                $wire:literal => $field:ident : $ty:ty [$mode:ident $(via $de:ty)?],
            )*
        }
    ) => {
        $(#[$smeta])*
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $crate::wire_object!(@ty $mode $ty),
            )*
            /// Fields this crate does not model, kept as they were sent so a round trip is
            /// lossless.
            pub other: $crate::wire::Unknown,
        }

        $crate::wire_object! {
            @impl $name expecting $expecting {
                $( $wire => $field : $ty [$mode $(via $de)?], )*
            }
        }
    };
    (
        @impl $name:ident expecting $expecting:literal {
            $( $wire:literal => $field:ident : $ty:ty [$mode:ident $(via $de:ty)?], )*
        }
    ) => {
        impl $name {
            /// The JSON names of the modelled fields, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$($wire),*];
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                // A kept key that repeats a modelled field is written only when that field is
                // unset (a lenient field's `null`).
                let set = |key: &str| match key {
                    $( $wire => $crate::wire_object!(@set $mode self.$field), )*
                    _ => false,
                };
                let kept = || self.other.0.iter().filter(|(key, _)| !set(key.as_str()));
                let kept_len = if self.other.0.is_empty() { 0 } else { kept().count() };
                let len = 0usize $(+ $crate::wire_object!(@len $mode self.$field))* + kept_len;
                let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
                $( $crate::wire_object!(@ser $mode map, $wire, self.$field); )*
                for (key, value) in kept() {
                    ::serde::ser::SerializeMap::serialize_entry(&mut map, key, value)?;
                }
                ::serde::ser::SerializeMap::end(map)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct Visit;

                impl<'de> ::serde::de::Visitor<'de> for Visit {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }

                    #[allow(clippy::useless_conversion)]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<$name, A::Error> {
                        $( let mut $field: ::core::option::Option<$ty> = ::core::option::Option::None; )*
                        let mut other = $crate::wire::KeptMap::new();
                        while let ::core::option::Option::Some(key) = map.next_key::<$crate::wire::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        $crate::wire_object!(
                                            @read $mode map, key, other, $field, $wire,
                                            $crate::wire_object!(@de $ty $(, $de)?)
                                        );
                                    }
                                )*
                                _ => {
                                    let key = key.into_string();
                                    let value = map.next_value::<$crate::wire::Kept>()?;
                                    if other.contains_key(&key) {
                                        return ::core::result::Result::Err(::serde::de::Error::custom(
                                            $crate::path::kinded(
                                                $crate::ErrorKind::Duplicate,
                                                "key appears more than once in the same object",
                                            ),
                                        ));
                                    }
                                    other.insert(key, value);
                                }
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $( $field: $crate::wire_object!(@finish $mode $field, $wire), )*
                            other: $crate::wire::Unknown(other),
                        })
                    }
                }

                deserializer.deserialize_map(Visit)
            }
        }
    };
}
