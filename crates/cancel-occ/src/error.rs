//! OCC's error body (`errorModel`), and a reader that never fails.
//!
//! ```json
//! {"errorCode":"200218","message":"Invalid cancel reason.","status":"400"}
//! {"message":"2 errors","status":"400","errors":[{"errorCode":"200126","message":"…","status":"400"}, …]}
//! ```
//!
//! `errorCode` and `status` are **strings**; `o:errorPath` has a colon in its key.
//! [`ErrorBody::from_bytes`] reads any body: the documented shape, other JSON, or text
//! (an HTML page from a proxy, an empty body...).

use cancel_domain::json::Limits;
use serde_json::Value;

use crate::wire::Str;

cancel_domain::open_enum! {
    /// An OCC error code (`errorCode`), as sent: a string of digits.
    pub enum ErrorCode {
        /// `28107`: the order does not belong to the logged-in user.
        OrderNotOwned = "28107",
        /// `200126`: invalid input (a misspelled payload key...).
        InvalidInput = "200126",
        /// `200101`: the order is not in a state that can be cancelled.
        NotCancellableState = "200101",
        /// `200218`: invalid cancel reason.
        InvalidCancelReason = "200218",
        /// `210105`: order not found.
        OrderNotFound = "210105",
        /// `200139`: cancel not allowed (two-step submit).
        CancelNotAllowed = "200139",
        /// `200219`: `{0} is an inactive reason` (agent).
        InactiveReason = "200219",
    }
}

impl ErrorCode {
    /// The message OCC documents for the code (`None` for codes this crate does not know).
    pub fn documented_message(&self) -> Option<&'static str> {
        Some(match self {
            Self::OrderNotOwned => "Order does not belong to logged in user.",
            Self::InvalidInput => "Invalid Input.",
            Self::NotCancellableState => "Order is not in a state that can be cancelled.",
            Self::InvalidCancelReason => "Invalid cancel reason.",
            Self::OrderNotFound => "Order not found.",
            Self::CancelNotAllowed => "Cancel not allowed for this order.",
            Self::InactiveReason => "The cancel reason is an inactive reason.",
            Self::__Unknown(_) => return None,
        })
    }

    /// The HTTP status OCC answers this code with.
    ///
    /// `210105` → 404 and `28107` → 403 are inferred (the docs give only the codes); the
    /// submit-cancel server errors `28302` and `28318` → 500; everything else → 400.
    pub fn http_status(&self) -> u16 {
        match self.as_str() {
            "210105" => 404,
            "28107" => 403,
            "28302" | "28318" => 500,
            _ => 400,
        }
    }
}

wire_struct! {
    /// `errorModel`: the body of every OCC error answer.
    pub struct ErrorModel<'a> {
        /// `errorCode`: the OCC code, a string such as `"200218"`.
        error_code: ErrorCode = "errorCode",
        /// `message`: the localised message.
        message: Str<'a> = "message",
        /// `status`: the HTTP status, as a string such as `"400"`.
        status: Str<'a> = "status",
        /// `devMessage`: a message for developers.
        dev_message: Str<'a> = "devMessage",
        /// `moreInfo`: more information.
        more_info: Str<'a> = "moreInfo",
        /// `o:errorPath`: the path of the offending value.
        error_path: Str<'a> = "o:errorPath",
        /// `type`: the error type (a URI or a name).
        error_type: Str<'a> = "type",
        /// `errors`: the multi-error form, one `errorModel` per error.
        errors: Vec<ErrorModel<'a>> = "errors",
    }
}

impl<'a> ErrorModel<'a> {
    /// A single error with a code, a message and the status the code goes with.
    pub fn new(code: ErrorCode, message: impl Into<Str<'a>>) -> Self {
        let status = code.http_status().to_string();
        Self {
            error_code: Some(code),
            message: Some(message.into()),
            status: Some(Str::from(status)),
            ..Self::default()
        }
    }

    /// The first error code: the top-level one, else the first of `errors`.
    pub fn first_code(&self) -> Option<&ErrorCode> {
        self.error_code.as_ref().or_else(|| {
            self.errors
                .iter()
                .flatten()
                .find_map(|e| e.error_code.as_ref())
        })
    }

    /// The HTTP status as a number, when `status` holds one.
    pub fn http_status(&self) -> Option<u16> {
        self.status.as_ref().and_then(|s| s.as_str().parse().ok())
    }
}

/// Any error body: the documented shape, other JSON, or not JSON at all.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody<'a> {
    /// An `errorModel` (it has at least one of `errorCode`, `message`, `errors`).
    Known(ErrorModel<'a>),
    /// JSON of another shape.
    Json(Value),
    /// Not JSON (or over the size limit): the text, lossily decoded.
    Text(String),
}

impl<'a> ErrorBody<'a> {
    /// Reads any body. Never fails.
    ///
    /// ```
    /// use cancel_occ::error::ErrorBody;
    /// assert!(matches!(ErrorBody::from_bytes(br#"{"errorCode":"210105","message":"Order not found.","status":"404"}"#), ErrorBody::Known(_)));
    /// assert!(matches!(ErrorBody::from_bytes(br#"{"error":"bad gateway"}"#), ErrorBody::Json(_)));
    /// assert!(matches!(ErrorBody::from_bytes(b"<html>502</html>"), ErrorBody::Text(_)));
    /// ```
    pub fn from_bytes(bytes: &'a [u8]) -> Self {
        let limits = Limits::DEFAULT;
        if let Ok(model) = crate::read::read::<ErrorModel<'a>>(bytes, &limits, None) {
            if model.error_code.is_some() || model.message.is_some() || model.errors.is_some() {
                return Self::Known(model);
            }
        }
        match crate::read::read::<Value>(bytes, &limits, None) {
            Ok(value) => Self::Json(value),
            Err(_) => Self::Text(String::from_utf8_lossy(bytes).into_owned()),
        }
    }

    /// The error code, wherever the body has one (`errorCode` as a string or a number).
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Known(m) => m.first_code().cloned(),
            Self::Json(v) => match v.get("errorCode") {
                Some(Value::String(s)) => Some(ErrorCode::from(s.as_str())),
                Some(Value::Number(n)) => Some(ErrorCode::from(n.to_string())),
                _ => None,
            },
            Self::Text(_) => None,
        }
    }

    /// A human message, wherever the body has one (text bodies: their first 200 characters).
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Known(m) => m
                .message
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .or_else(|| {
                    m.errors
                        .iter()
                        .flatten()
                        .find_map(|e| e.message.as_ref().map(|s| s.as_str().to_owned()))
                }),
            Self::Json(v) => ["message", "error", "errorMessage"]
                .iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_owned)),
            Self::Text(t) => {
                let t = t.trim();
                (!t.is_empty()).then(|| t.chars().take(200).collect())
            }
        }
    }
}

open_enum_walk!(ErrorCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_body_reads() {
        for body in [
            &b""[..],
            b"null",
            b"[1,2]",
            b"\"text\"",
            b"{\"errorCode\":200218}",
            b"\xff\xfe",
            b"{\"errorCode\":\"1\",\"errorCode\":\"2\"}",
        ] {
            let _ = ErrorBody::from_bytes(body).code();
        }
        assert_eq!(
            ErrorBody::from_bytes(b"{\"errorCode\":200218}").code(),
            Some(ErrorCode::InvalidCancelReason)
        );
        assert_eq!(ErrorCode::OrderNotFound.http_status(), 404);
        assert_eq!(ErrorCode::from("28318").http_status(), 500);
    }
}
