//! Small declarative macros shared by the wire types.

/// Declares a response object whose fields are all optional and lenient: a modelled field
/// sent as `null` is kept in `other` under its own name (so `null` and absence both survive
/// a round trip), and every unmodelled field is kept in `other` verbatim.
macro_rules! lenient_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $json:literal => $field:ident : $ty:ty, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )+
            /// Every field this crate does not model, and modelled fields sent as `null`,
            /// kept verbatim so that parse → serialize gives the same JSON.
            pub other: ::cancel_domain::wire::KeptMap,
        }

        impl $name {
            /// The JSON names of the modelled fields.
            pub const FIELDS: &'static [&'static str] = &[$($json),+];
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $( .field(stringify!($field), &self.$field) )+
                    .field("other", &$crate::wire::KeysOnly(&self.other))
                    .finish()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut len = self.other.len();
                $( len += usize::from(self.$field.is_some()); )+
                let mut map = serializer.serialize_map(Some(len))?;
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($json, value)?;
                    }
                )+
                for (key, value) in &self.other {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $(
                                    $json => {
                                        if out.$field.is_some() || out.other.contains_key($json) {
                                            return Err($crate::wire::duplicate_key(&mut map, &key));
                                        }
                                        match map.next_value::<Option<$ty>>()? {
                                            Some(value) => out.$field = Some(value),
                                            None => {
                                                out.other.insert(key, ::cancel_domain::wire::Kept::null());
                                            }
                                        }
                                    }
                                )+
                                _ => {
                                    if out.other.contains_key(&key) {
                                        return Err($crate::wire::duplicate_key(&mut map, &key));
                                    }
                                    let value = map.next_value::<::cancel_domain::wire::Kept>()?;
                                    out.other.insert(key, value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(V)
            }
        }
    };
}
