//! The error body of the translated OMS API, parsed so that it can never fail.
//!
//! The vendor documents the generic status codes 5000–5017 with their HTTP equivalents
//! (<https://kibocommerce.com/oms-dev/get-started/status-codes/>) but not the JSON shape of
//! an error body. This crate reads the shape `{"code": 5015, "name": "INVALID_REQUEST_DATA",
//! "message": "…"}` as [`ErrorBody::Known`] (our inference: a numeric `code`, the rest
//! optional); any other JSON is [`ErrorBody::Json`], and anything else (an HTML page from the
//! API gateway, an empty body, bytes that are not JSON) is [`ErrorBody::Text`].

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wire::KeysOnly;

/// A generic OMS status code (`5000`–`5017`), or any other integer the server sends: the
/// `code` (REQUIRED, JSON integer) of an [`OmsError`] answered by
/// `POST …/api/v2/order/action/cancel`.
///
/// An open set: [`name`](Self::name) is `None` for a code this crate does not know.
///
/// ```
/// use cancel_mozu::error::StatusCode;
/// assert_eq!(StatusCode::INVALID_REQUEST_DATA.name(), Some("INVALID_REQUEST_DATA"));
/// assert_eq!(StatusCode::GENERIC_NOT_FOUND.http_status(), 404);
/// assert_eq!(StatusCode::new(5099).name(), None);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusCode(u64);

impl StatusCode {
    /// 5000: generic OK (HTTP 200).
    pub const GENERIC_OK: Self = Self(5000);
    /// 5001: service unavailable (HTTP 503).
    pub const GENERIC_UNAVAILABLE: Self = Self(5001);
    /// 5002: not found (HTTP 404).
    pub const GENERIC_NOT_FOUND: Self = Self(5002);
    /// 5003: bad request (HTTP 400).
    pub const GENERIC_BAD_REQUEST: Self = Self(5003);
    /// 5004: token not authorized (HTTP 403).
    pub const GENERIC_NOT_AUTHORIZED: Self = Self(5004);
    /// 5005: method not allowed (HTTP 405).
    pub const GENERIC_NOT_ALLOWED: Self = Self(5005);
    /// 5006: internal server error (HTTP 500).
    pub const GENERIC_SERVER_ERROR: Self = Self(5006);
    /// 5010: a query parameter is missing (HTTP 400).
    pub const MISSING_QUERY_PARAM: Self = Self(5010);
    /// 5011: request data is missing (HTTP 400).
    pub const MISSING_REQUEST_DATA: Self = Self(5011);
    /// 5012: the id in the URI does not match the id in the data (HTTP 400).
    pub const ID_MISMATCH: Self = Self(5012);
    /// 5013: the id is not valid (HTTP 400).
    pub const INVALID_ID: Self = Self(5013);
    /// 5014: a query parameter is not valid (HTTP 400).
    pub const INVALID_QUERY_PARAM: Self = Self(5014);
    /// 5015: a request field is not valid (HTTP 400).
    pub const INVALID_REQUEST_DATA: Self = Self(5015);
    /// 5016: a query parameter is not supported (HTTP 400).
    pub const UNSUPPORTED_QUERY_PARAM: Self = Self(5016);
    /// 5017: no valid query parameters were supplied (HTTP 400).
    pub const NO_VALID_QUERY_PARAMS: Self = Self(5017);

    /// Every documented code.
    pub const KNOWN: [Self; 15] = [
        Self::GENERIC_OK,
        Self::GENERIC_UNAVAILABLE,
        Self::GENERIC_NOT_FOUND,
        Self::GENERIC_BAD_REQUEST,
        Self::GENERIC_NOT_AUTHORIZED,
        Self::GENERIC_NOT_ALLOWED,
        Self::GENERIC_SERVER_ERROR,
        Self::MISSING_QUERY_PARAM,
        Self::MISSING_REQUEST_DATA,
        Self::ID_MISMATCH,
        Self::INVALID_ID,
        Self::INVALID_QUERY_PARAM,
        Self::INVALID_REQUEST_DATA,
        Self::UNSUPPORTED_QUERY_PARAM,
        Self::NO_VALID_QUERY_PARAMS,
    ];

    /// Any code, documented or not.
    pub const fn new(code: u64) -> Self {
        Self(code)
    }

    /// The number.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The documented status name (`GENERIC_NOT_FOUND`), `None` for an unknown code.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            5000 => "GENERIC_OK",
            5001 => "GENERIC_UNAVAILABLE",
            5002 => "GENERIC_NOT_FOUND",
            5003 => "GENERIC_BAD_REQUEST",
            5004 => "GENERIC_NOT_AUTHORIZED",
            5005 => "GENERIC_NOT_ALLOWED",
            5006 => "GENERIC_SERVER_ERROR",
            5010 => "MISSING_QUERY_PARAM",
            5011 => "MISSING_REQUEST_DATA",
            5012 => "ID_MISMATCH",
            5013 => "INVALID_ID",
            5014 => "INVALID_QUERY_PARAM",
            5015 => "INVALID_REQUEST_DATA",
            5016 => "UNSUPPORTED_QUERY_PARAM",
            5017 => "NO_VALID_QUERY_PARAMS",
            _ => return None,
        })
    }

    /// Whether the code is documented.
    pub const fn is_known(self) -> bool {
        self.name().is_some()
    }

    /// The HTTP status the vendor pairs with the code (400 for the detailed client errors
    /// 5010–5017 and for unknown codes).
    pub const fn http_status(self) -> u16 {
        match self.0 {
            5000 => 200,
            5001 => 503,
            5002 => 404,
            5004 => 403,
            5005 => 405,
            5006 => 500,
            _ => 400,
        }
    }
}

impl fmt::Debug for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "StatusCode({} {name})", self.0),
            None => write!(f, "StatusCode({})", self.0),
        }
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u64::deserialize(deserializer).map(Self)
    }
}

/// The documented-looking error object: `{"code": 5015, "name": "…", "message": "…"}`.
///
/// Endpoint: a non-2xx answer of `POST …/api/v2/order/action/cancel`. The JSON shape is not
/// documented by the vendor; this is the shape this crate reads and writes.
///
/// | JSON name | required | constraint |
/// |---|---|---|
/// | `code` | yes | JSON integer, a [`StatusCode`] (5000–5017 documented) |
/// | `name` | no | string, the status name (`INVALID_REQUEST_DATA`) |
/// | `message` | no | string, human-readable |
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct OmsError {
    /// `code`. REQUIRED. The OMS status code.
    pub code: StatusCode,
    /// `name`. Optional. The status name.
    pub name: Option<String>,
    /// `message`. Optional. What went wrong.
    pub message: Option<String>,
    /// Every other field, kept verbatim.
    pub other: cancel_domain::wire::KeptMap,
}

impl OmsError {
    /// An error with a code, its documented name, and a message.
    pub fn new(code: StatusCode, message: impl Into<String>) -> Self {
        Self {
            code,
            name: code.name().map(str::to_owned),
            message: Some(message.into()),
            other: BTreeMap::new(),
        }
    }
}

impl fmt::Debug for OmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OmsError")
            .field("code", &self.code)
            .field("name", &self.name)
            .field("message", &self.message)
            .field("other", &KeysOnly(&self.other))
            .finish()
    }
}

impl Serialize for OmsError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 1
            + usize::from(self.name.is_some())
            + usize::from(self.message.is_some())
            + self.other.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("code", &self.code)?;
        if let Some(name) = &self.name {
            map.serialize_entry("name", name)?;
        }
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        }
        for (key, value) in &self.other {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for OmsError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OmsError;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OMS error object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OmsError, A::Error> {
                let mut code = None;
                let mut name = None;
                let mut message = None;
                let mut other = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "code" if code.is_none() => code = Some(map.next_value()?),
                        "name" if name.is_none() => name = Some(map.next_value()?),
                        "message" if message.is_none() => message = Some(map.next_value()?),
                        "code" | "name" | "message" => {
                            return Err(crate::wire::duplicate_key(&mut map, &key))
                        }
                        _ => {
                            if other.contains_key(&key) {
                                return Err(crate::wire::duplicate_key(&mut map, &key));
                            }
                            let value = map.next_value()?;
                            other.insert(key, value);
                        }
                    }
                }
                Ok(OmsError {
                    code: code.ok_or_else(|| de::Error::missing_field("code"))?,
                    name,
                    message,
                    other,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// What `POST …/api/v2/order/action/cancel` answers on a non-2xx status. Parsing never
/// fails (except for a body over the size limit): the documented-looking shape, other JSON,
/// or text.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A JSON object with a numeric `code` (see [`OmsError`]).
    Known(OmsError),
    /// Well-formed JSON of another shape, kept verbatim.
    Json(cancel_domain::wire::Kept),
    /// Not JSON (or JSON with duplicate keys or too deep): the bytes as text
    /// (invalid UTF-8 replaced by U+FFFD).
    Text(String),
}

impl ErrorBody {
    /// The status code, when the body carries one.
    pub fn code(&self) -> Option<StatusCode> {
        match self {
            Self::Known(e) => Some(e.code),
            Self::Json(_) | Self::Text(_) => None,
        }
    }

    /// Writes the body as it would be sent: JSON for [`Known`](Self::Known) and
    /// [`Json`](Self::Json), the text itself for [`Text`](Self::Text).
    ///
    /// # Errors
    ///
    /// Only if serialization fails, which these types never do.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        match self {
            Self::Known(e) => cancel_domain::json::write(e, out),
            Self::Json(v) => cancel_domain::json::write(v, out),
            Self::Text(t) => {
                out.extend_from_slice(t.as_bytes());
                Ok(())
            }
        }
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Known(e) => f.debug_tuple("Known").field(e).finish(),
            Self::Json(_) => f.write_str("Json(<json>)"),
            Self::Text(t) => write!(f, "Text(<{} bytes>)", t.len()),
        }
    }
}

impl Serialize for ErrorBody {
    /// [`Text`](Self::Text) serializes as a JSON string; use [`ErrorBody::write`] to get
    /// the bytes as sent.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Known(e) => e.serialize(serializer),
            Self::Json(v) => v.serialize(serializer),
            Self::Text(t) => serializer.serialize_str(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_statuses() {
        for code in StatusCode::KNOWN {
            assert!(code.is_known());
            assert!(code
                .name()
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_uppercase() || c == '_')));
        }
        assert_eq!(StatusCode::GENERIC_UNAVAILABLE.http_status(), 503);
        assert_eq!(StatusCode::NO_VALID_QUERY_PARAMS.http_status(), 400);
        assert_eq!(StatusCode::new(5007).name(), None);
    }

    #[test]
    fn text_bodies_debug_without_content() {
        let body = ErrorBody::Text("<h1>Jane Doe</h1>".into());
        assert!(!format!("{body:?}").contains("Jane"));
    }
}
