//! Errors a hand-written map visitor raises at the key it has just read, so that the error
//! carries that key's wire path: a field given under two of its documented spellings.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess};

use crate::{path::kinded, ErrorKind};

/// A value seed that refuses the value it is given, so the error is positioned at the key
/// just read (`serde_path_to_error` records the key before the value fails).
struct RefuseValue<M>(ErrorKind, M);

impl<'de, M: fmt::Display> DeserializeSeed<'de> for RefuseValue<M> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(kinded(self.0, self.1)))
    }
}

/// An error of `kind` saying `message`, at the path of the key `map` has just read.
pub fn refuse_at_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    kind: ErrorKind,
    message: impl fmt::Display,
) -> A::Error {
    let fallback = kinded(kind, &message);
    match map.next_value_seed(RefuseValue(kind, message)) {
        Err(e) => e,
        Ok(()) => de::Error::custom(fallback),
    }
}

/// The error for one field given under two of its documented spellings (Kibo's,
/// Unicommerce's and the chatbot's `orderId` and `orderID`): kind `duplicate`, at the
/// second key, one wording in every vendor.
///
/// ```
/// use cancel_domain::{json, wire::Unknown};
/// #[derive(Debug)]
/// struct Ref(String);
/// impl<'de> serde::Deserialize<'de> for Ref {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         struct V;
///         impl<'de> serde::de::Visitor<'de> for V {
///             type Value = Ref;
///             fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///                 f.write_str("an object")
///             }
///             fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ref, A::Error> {
///                 let mut id: Option<(String, String)> = None;
///                 while let Some(key) = map.next_key::<String>()? {
///                     if let Some((_, first)) = &id {
///                         return Err(cancel_domain::wire::given_twice(&mut map, first, &key));
///                     }
///                     id = Some((map.next_value()?, key));
///                 }
///                 id.map(|(id, _)| Ref(id)).ok_or_else(|| serde::de::Error::missing_field("id"))
///             }
///         }
///         d.deserialize_map(V)
///     }
/// }
/// let errors = json::parse::<Ref>(br#"{"orderId":"1","orderID":"1"}"#, &json::Limits::DEFAULT).unwrap_err();
/// assert_eq!(errors.0[0].path, "orderID");
/// assert_eq!(errors.0[0].kind, cancel_domain::ErrorKind::Duplicate);
/// assert_eq!(errors.0[0].message, "`orderId` and `orderID` name the same field; send one of them");
/// ```
pub fn given_twice<'de, A: MapAccess<'de>>(map: &mut A, first: &str, second: &str) -> A::Error {
    refuse_at_key(
        map,
        ErrorKind::Duplicate,
        format_args!("`{first}` and `{second}` name the same field; send one of them"),
    )
}
