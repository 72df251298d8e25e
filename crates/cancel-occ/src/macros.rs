//! Two small code generators for the wire model.
//!
//! `wire_struct!` declares an OCC JSON object whose fields are all optional (OCC marks nearly
//! every property optional and omits or nulls them freely). The generated `Deserialize` is a
//! hand-written map visitor rather than `#[serde(flatten)]`, so parsing never buffers the
//! object: known keys go straight into typed fields, unknown keys into `other`, an explicit
//! `null` of a known key is kept in `other` (so it is written back as `null`), and a key seen
//! twice is refused.
//!
//! `open_enum_walk!` gives the open enums (declared with `cancel_domain::open_enum!`) the
//! two OCC traits of wire values.

/// Declares a wire object. See the module docs.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $json:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name<'a> {
            $(
                $(#[$fmeta])*
                pub $field: Option<$ty>,
            )*
            /// Keys this crate does not model, and explicit `null`s of modelled keys, in the
            /// order they arrived; written back as they came.
            pub other: $crate::wire::Extra<'a>,
        }

        impl<'a> $name<'a> {
            /// The JSON names of the modelled keys.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];

            /// Whether the modelled key `json` holds a typed value.
            #[allow(unused_variables, dead_code)]
            pub(crate) fn is_set(&self, json: &str) -> bool {
                match json {
                    $($json => self.$field.is_some(),)*
                    _ => false,
                }
            }

            /// A copy that owns all its text (no borrow of the parsed bytes).
            pub fn into_owned(self) -> $name<'static> {
                $name {
                    $($field: self.$field.map($crate::wire::ToStatic::to_static),)*
                    other: self.other.into_owned(),
                }
            }
        }

        impl ::serde::Serialize for $name<'_> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($json, value)?;
                    }
                )*
                for (key, value) in self.other.iter() {
                    if !self.is_set(key) {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        impl<'de: 'a, 'a> ::serde::Deserialize<'de> for $name<'a> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit<'a>(::std::marker::PhantomData<&'a ()>);

                impl<'de: 'a, 'a> ::serde::de::Visitor<'de> for Visit<'a> {
                    type Value = $name<'a>;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::wire::Str<'de>>()? {
                            match key.as_str() {
                                $(
                                    $json => {
                                        if out.$field.is_some() || out.other.contains_key($json) {
                                            return Err($crate::read::duplicate_key::<A::Error>($json));
                                        }
                                        match map.next_value::<Option<$ty>>()? {
                                            Some(value) => out.$field = Some(value),
                                            None => out.other.push(key, ::cancel_domain::wire::Kept::null()),
                                        }
                                    }
                                )*
                                _ => {
                                    if out.other.contains_key(key.as_str()) {
                                        return Err($crate::read::duplicate_key::<A::Error>(key.as_str()));
                                    }
                                    let value = map.next_value_seed($crate::read::CheckedValue)?;
                                    out.other.push(key, value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }

                deserializer.deserialize_map(Visit(::std::marker::PhantomData))
            }
        }

        impl ::std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut s = f.debug_struct(stringify!($name));
                $(
                    if let Some(value) = &self.$field {
                        s.field(stringify!($field), value);
                    }
                )*
                if !self.other.is_empty() {
                    s.field("other", &self.other);
                }
                s.finish()
            }
        }

        impl $crate::wire::Walk for $name<'_> {
            fn walk(&self, path: &str, out: &mut Vec<::cancel_domain::PayloadError>) {
                $(
                    if let Some(value) = &self.$field {
                        $crate::wire::Walk::walk(value, &::cancel_domain::path::field(path, $json), out);
                    }
                )*
                for (key, value) in self.other.iter() {
                    if !(value.is_null() && Self::FIELDS.contains(&key)) {
                        out.push(::cancel_domain::wire::unknown_field(
                            ::cancel_domain::path::field(path, key),
                        ));
                    }
                }
            }
        }

        impl<'a> $crate::wire::ToStatic for $name<'a> {
            type Static = $name<'static>;

            fn to_static(self) -> $name<'static> {
                self.into_owned()
            }
        }
    };
}

/// The OCC-only traits of open enums declared with `cancel_domain::open_enum!`: `Walk`
/// (strict validation flags an unknown value) and `ToStatic` (no borrow to give up).
macro_rules! open_enum_walk {
    ($($name:ident),+ $(,)?) => {$(
        impl $crate::wire::Walk for $name {
            fn walk(&self, path: &str, out: &mut Vec<::cancel_domain::PayloadError>) {
                if !self.is_known() {
                    out.push(::cancel_domain::wire::unknown_value(
                        path,
                        self.as_str(),
                        Self::KNOWN,
                    ));
                }
            }
        }

        impl $crate::wire::ToStatic for $name {
            type Static = $name;

            fn to_static(self) -> $name {
                self
            }
        }
    )+};
}
