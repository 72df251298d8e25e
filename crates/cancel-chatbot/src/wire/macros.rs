//! Two small macros that write the serde code of the wire types by hand.
//!
//! Why not `#[derive(Deserialize)]` with `#[serde(flatten)] other`? A flattened map makes
//! serde buffer the whole object before reading it, which costs time on the request hot
//! path and loses the exact wire path of type errors (`serde_path_to_error` then points at
//! the object, not the field). These visitors read each field straight from the stream,
//! keep unknown fields in `other`, and report errors at the field's own path.
//!
//! `JsonSchema` is still derived: schemars reads the `#[serde(...)]` attributes (they are
//! its helper attributes) even though serde's derive is not used.

/// One object of the wire format: known fields in declaration order, then `other`.
///
/// Field syntax: `(JSON name, required | optional) rust_name: Type,`; optional fields
/// become `Option<Type>`. JSON `null` is not accepted for a typed field (the vendor
/// documents strings, objects and arrays, never `null`), so a `null` is a `type` error
/// rather than a silent loss in the round trip.
macro_rules! wire_object {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                ($json:literal, $req:ident) $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$smeta])*
        #[derive(Clone, PartialEq, Eq, schemars::JsonSchema)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $json)]
                pub $field: wire_ty!($req, $ty),
            )*
            /// Fields this crate does not model, kept verbatim so that writing the value
            /// back gives the same JSON (`--strict` reports them as `unknown_field`). A key
            /// that repeats a modelled field is not written.
            #[serde(flatten)]
            pub other: cancel_domain::wire::KeptMap,
        }

        impl $name {
            /// The JSON names this type models.
            #[allow(dead_code)]
            pub(crate) const MODELLED: &'static [&'static str] = &[$($json),*];
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))*
                    .field("other", &$crate::wire::de::Keys(&self.other))
                    .finish()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        let mut other = std::collections::BTreeMap::new();
                        while let Some(key) = map.next_key_seed($crate::wire::de::KeySeed)? {
                            match &*key {
                                $(
                                    $json => {
                                        if $field.is_some() {
                                            return Err(<A::Error as serde::de::Error>::duplicate_field($json));
                                        }
                                        $field = Some(map.next_value()?);
                                    }
                                )*
                                _ => {
                                    let value: cancel_domain::wire::Kept = map.next_value()?;
                                    other.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok($name {
                            $( $field: wire_take!($req, A, $field, $json), )*
                            other,
                        })
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let extra = self
                    .other
                    .keys()
                    .filter(|k| !Self::MODELLED.contains(&k.as_str()))
                    .count();
                let len = extra $( + wire_present!($req, self.$field) )*;
                let mut map = serializer.serialize_map(Some(len))?;
                $( wire_ser!($req, map, $json, &self.$field); )*
                for (key, value) in &self.other {
                    if !Self::MODELLED.contains(&key.as_str()) {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }
    };
}

macro_rules! wire_ty {
    (required, $ty:ty) => { $ty };
    (optional, $ty:ty) => { Option<$ty> };
}

macro_rules! wire_take {
    (required, $err:ident, $field:ident, $json:literal) => {
        $field.ok_or_else(|| <$err::Error as serde::de::Error>::missing_field($json))?
    };
    (optional, $err:ident, $field:ident, $json:literal) => {
        $field
    };
}

macro_rules! wire_present {
    (required, $value:expr) => {
        1
    };
    (optional, $value:expr) => {
        usize::from($value.is_some())
    };
}

macro_rules! wire_ser {
    (required, $map:ident, $json:literal, $value:expr) => {
        $map.serialize_entry($json, $value)?;
    };
    (optional, $map:ident, $json:literal, $value:expr) => {
        if let Some(value) = $value {
            $map.serialize_entry($json, value)?;
        }
    };
}
