//! `wire_object!`: a JSON object with typed fields and a lossless catch-all.
//!
//! serde's `#[serde(flatten)]` buffers the whole object and loses the wire path of every
//! error below it, so the wire objects of this crate use a hand-rolled visitor instead:
//! each known key is read straight from the map (the path of any error is exact, e.g.
//! `orderitem_set[1].price`), every other key is kept in [`Extra`](crate::wire::Extra), and
//! serialization writes the known fields in declaration order followed by the kept ones.
//!
//! Field modes:
//! - `required`: the field type is `T`; absence is serde's "missing field" error;
//! - `optional`: the field type is `Option<T>`; `None` = absent. To keep an explicit
//!   `null` apart from absence, declare `T` itself as `Option<U>` (`Some(None)` = `null`).
//!
//! `via D` reads the value as `D` and converts it with `Into` (custom key or value rules).

macro_rules! wire_object {
    (@ty required $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { ::core::option::Option<$ty> };
    (@de $ty:ty) => { $ty };
    (@de $ty:ty, $de:ty) => { $de };
    (@ser required $map:ident, $wire:literal, $value:expr) => {
        ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, &$value)?;
    };
    (@ser optional $map:ident, $wire:literal, $value:expr) => {
        if let ::core::option::Option::Some(value) = &$value {
            ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, value)?;
        }
    };
    (@len optional $value:expr) => { usize::from($value.is_some()) };
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
                pub $field: wire_object!(@ty $mode $ty),
            )*
            /// Fields this crate does not model, kept verbatim so a round trip is lossless.
            pub other: $crate::wire::Extra,
        }

        impl $name {
            /// The JSON names of the modelled fields, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$($wire),*];
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let len = 0usize $(+ wire_object!(@len $mode self.$field))* + self.other.0.len();
                let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
                $( wire_object!(@ser $mode map, $wire, self.$field); )*
                for (key, value) in &self.other.0 {
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
                        let mut other = ::std::collections::BTreeMap::new();
                        while let ::core::option::Option::Some(key) = map.next_key::<$crate::wire::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::core::result::Result::Err(::serde::de::Error::duplicate_field($wire));
                                        }
                                        $field = ::core::option::Option::Some(
                                            map.next_value::<wire_object!(@de $ty $(, $de)?)>()?.into(),
                                        );
                                    }
                                )*
                                _ => {
                                    let key = key.into_string();
                                    let value = map.next_value::<::serde_json::Value>()?;
                                    if other.contains_key(&key) {
                                        return ::core::result::Result::Err(::serde::de::Error::custom(
                                            ::cancel_domain::path::kinded(
                                                ::cancel_domain::ErrorKind::Duplicate,
                                                "key appears more than once in the same object",
                                            ),
                                        ));
                                    }
                                    other.insert(key, value);
                                }
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $( $field: wire_object!(@finish $mode $field, $wire), )*
                            other: $crate::wire::Extra(other),
                        })
                    }
                }

                deserializer.deserialize_map(Visit)
            }
        }
    };
}
