//! Serde types that mirror the Unicommerce JSON field for field.
//!
//! Every body keeps the fields this crate does not model in an `other` map, so
//! parse → serialize gives back JSON equal to the input. The `Deserialize` impls are
//! written by hand: they read straight from the parser (no intermediate
//! `serde_json::Value` except for unknown fields), accept the table spelling `orderID`
//! next to `orderId`, and keep error paths in wire names.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::SerializeMap;

mod auth;
mod headers;
mod request;
mod response;
mod status;

pub use auth::{AuthTokenQuery, AuthTokenRequest, AuthTokenResponse, AUTH_TOKEN_PATH};
pub use headers::{CancelHeaders, ACCEPT, API_KEY, CONTENT_TYPE, JSON_MEDIA_TYPE};
pub use request::{OrderCancelRequest, OrderIdKey, OrderItem, CANCEL_METHOD, CANCEL_PATH};
pub use response::{FailedItem, OrderCancelResponse};
#[doc(hidden)]
pub use status::{AuthStatus, CancelStatus};

/// Fields a wire type does not model, kept verbatim for lossless round trips.
pub type Other = cancel_domain::wire::KeptMap;

/// An object key: the index of a known field name, or an unknown name.
enum Key {
    Known(usize),
    Other(String),
}

/// Reads an object key, matching it against `known` without allocating for known names.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|k| *k == v) {
            Some(i) => Key::Known(i),
            None => Key::Other(v.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match self.0.iter().position(|k| *k == v) {
            Some(i) => Key::Known(i),
            None => Key::Other(v),
        })
    }
}

/// A value seed that fails at once, so the error carries the path of the current key.
struct Fail(String);

impl<'de> DeserializeSeed<'de> for Fail {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(self.0))
    }
}

/// Writes the `other` entries, skipping any whose name is a modelled field (possible only
/// for values built in code; such an entry would otherwise repeat a key).
fn serialize_other<M: SerializeMap>(
    map: &mut M,
    other: &Other,
    known: &[&str],
) -> Result<(), M::Error> {
    for (k, v) in other {
        if !known.contains(&k.as_str()) {
            map.serialize_entry(k, v)?;
        }
    }
    Ok(())
}

/// Debug view of an `other` map: the keys only (unknown fields may hold personal data).
struct OtherKeys<'a>(&'a Other);

impl fmt::Debug for OtherKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}
