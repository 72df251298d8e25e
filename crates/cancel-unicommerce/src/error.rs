//! The Unicommerce refusal body.
//!
//! The vendor documents no separate error body (its "Response Codes" section has no
//! content). The natural refusal is the cancel answer itself with `status` `FAILED`,
//! listing the items that were not cancelled with their `errorMessage`; this crate uses
//! that shape. A body read from the wire that is not that shape is still kept, as other
//! JSON or as text, so reading a refusal never fails.

use serde::ser::{Serialize, Serializer};

use crate::wire::OrderCancelResponse;

/// A refusal as the marketplace sent it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The documented shape: a cancel answer with `status` `FAILED`.
    Known(OrderCancelResponse),
    /// Valid JSON of another shape.
    Json(serde_json::Value),
    /// Not JSON at all (an HTML page from a proxy, an empty body...).
    Text(String),
}

impl ErrorBody {
    /// Reads any body without failing: the known shape when it parses as a cancel answer,
    /// else other JSON, else the text (invalid UTF-8 replaced).
    ///
    /// ```
    /// use cancel_unicommerce::ErrorBody;
    /// assert!(matches!(ErrorBody::from_bytes(br#"{"status":"FAILED"}"#), ErrorBody::Known(_)));
    /// assert!(matches!(ErrorBody::from_bytes(br#"{"error":"x"}"#), ErrorBody::Json(_)));
    /// assert!(matches!(ErrorBody::from_bytes(b"<html>502</html>"), ErrorBody::Text(_)));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Self {
        if let Ok(known) = serde_json::from_slice::<OrderCancelResponse>(bytes) {
            return Self::Known(known);
        }
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => Self::Json(value),
            Err(_) => Self::Text(String::from_utf8_lossy(bytes).into_owned()),
        }
    }

    /// The cancel answer, when the body has the documented shape.
    pub fn as_known(&self) -> Option<&OrderCancelResponse> {
        match self {
            Self::Known(r) => Some(r),
            Self::Json(_) | Self::Text(_) => None,
        }
    }
}

impl Serialize for ErrorBody {
    /// The known shape and other JSON serialize as themselves; text as a JSON string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Known(r) => r.serialize(serializer),
            Self::Json(v) => v.serialize(serializer),
            Self::Text(t) => serializer.serialize_str(t),
        }
    }
}
