//! HTTP messages: the [`http`] crate's types (which hyper, axum, reqwest and tower share),
//! with bodies as bytes.
//!
//! [`HttpRequest`] and [`HttpResponse`] are [`http::Request`] and [`http::Response`] over
//! `Vec<u8>`, so a handler or a transport written against them plugs into any of those
//! crates without conversion. The request's URI is the target below the base URL
//! (`/orders/cancel?dry=1`). Header names are compared case-insensitively, as HTTP requires.
//!
//! The helpers here are what the `http` crate leaves to its users: a header value as text
//! ([`header_str`]), a JSON answer ([`json_response`]), a decoded query parameter
//! ([`query_param`]) and a JSON request ([`json_request`]). Header values that carry
//! credentials are built with [`sensitive_value`], so that `Debug` does not print them.
//!
//! ```
//! use cancel_domain::http::{header_str, json_response, query_param, Method, Request};
//! let request = Request::builder()
//!     .method(Method::POST)
//!     .uri("/orders/cancel?dry=1")
//!     .header("ApiKey", "t0k")
//!     .body(br#"{"orderId":"1"}"#.to_vec())
//!     .unwrap();
//! assert_eq!(request.uri().path(), "/orders/cancel");
//! assert_eq!(request.uri().query(), Some("dry=1"));
//! assert_eq!(header_str(request.headers(), "apikey"), Some("t0k"));
//! assert_eq!(query_param(request.uri(), "dry").as_deref(), Some("1"));
//!
//! let response = json_response(200, br#"{"status":"SUCCESS"}"#.to_vec());
//! assert_eq!(header_str(response.headers(), "content-type"), Some("application/json"));
//! ```

pub use http::{
    header, HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri,
};

use crate::{ErrorKind, PayloadErrors, TranslateError};

/// An HTTP request: method, target (path and query), headers, body bytes.
pub type HttpRequest = Request<Vec<u8>>;

/// An HTTP response: status, headers, body bytes.
pub type HttpResponse = Response<Vec<u8>>;

/// The media type of JSON bodies.
pub const APPLICATION_JSON: &str = "application/json";

/// The value of header `name` (case-insensitive) as text: the first value, `None` when
/// absent or not UTF-8.
pub fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|value| std::str::from_utf8(value.as_bytes()).ok())
}

/// A response with `status` and `body` as `Content-Type: application/json`; a status
/// outside 100–999 becomes 500.
pub fn json_response(status: u16, body: Vec<u8>) -> HttpResponse {
    let mut response = Response::new(body);
    *response.status_mut() = status_code(status);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(APPLICATION_JSON),
    );
    response
}

/// `status` as a [`StatusCode`]; a number outside 100–999 becomes 500.
pub fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The first value of query parameter `name` in `uri`, decoded as
/// `application/x-www-form-urlencoded` (`%XX` escapes and `+` for a space; bytes that are
/// not UTF-8 become U+FFFD); `None` when absent.
pub fn query_param(uri: &Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Decodes the `%XX` escapes of one path segment; `None` when the result is not UTF-8.
pub fn decode_segment(raw: &str) -> Option<String> {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The characters a path segment escapes: everything but RFC 3986's unreserved
/// characters (letters, digits, `-`, `.`, `_`, `~`).
pub const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `raw` percent-encoded as one path segment (see [`SEGMENT`]).
pub fn encode_segment(raw: &str) -> String {
    percent_encoding::utf8_percent_encode(raw, SEGMENT).to_string()
}

/// A header value that `Debug` does not print (tokens, passwords); `None` when `value` is
/// not a valid header value.
pub fn sensitive_value(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A request of `method` for `target` (path and optional query) with `Content-Type` and
/// `Accept` `application/json`, then `headers` (their values marked sensitive: they may
/// be credentials, and `Debug` does not print them), and `body`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the target or a header is not valid HTTP.
pub fn json_request<'a>(
    method: Method,
    target: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: Vec<u8>,
) -> Result<HttpRequest, TranslateError> {
    let mut builder = Request::builder()
        .method(method)
        .uri(target)
        .header(header::CONTENT_TYPE, APPLICATION_JSON)
        .header(header::ACCEPT, APPLICATION_JSON);
    for (name, value) in headers {
        let value = sensitive_value(value).ok_or_else(|| {
            TranslateError::Invalid(PayloadErrors::one(
                "$",
                ErrorKind::Rule,
                format!("the value of header {name:?} is not valid HTTP"),
            ))
        })?;
        builder = builder.header(name, value);
    }
    builder.body(body).map_err(|e| invalid_http(&e))
}

/// An `http` build error as a translation error (a target or header that is not valid
/// HTTP: an id or a header value with control characters...).
pub fn invalid_http(error: &http::Error) -> TranslateError {
    TranslateError::Invalid(PayloadErrors::one(
        "$",
        ErrorKind::Rule,
        format!("the request is not valid HTTP: {error}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case() {
        let mut headers = HeaderMap::new();
        headers.append("X-Vol-Tenant", HeaderValue::from_static("1"));
        headers.append("x-vol-tenant", HeaderValue::from_static("2"));
        assert_eq!(header_str(&headers, "X-VOL-TENANT"), Some("1"));
        assert_eq!(headers.get_all("x-vol-tenant").iter().count(), 2);
    }

    #[test]
    fn sensitive_values_do_not_show_in_debug() {
        let mut request = json_request(Method::POST, "/x", [], Vec::new()).unwrap();
        request.headers_mut().insert(
            header::AUTHORIZATION,
            sensitive_value("Token secret").unwrap(),
        );
        let text = format!("{request:?}");
        assert!(text.contains("authorization"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn queries_and_segments() {
        let uri: Uri = "/authToken?username=a%40b&password=p+w&x".parse().unwrap();
        assert_eq!(query_param(&uri, "username").as_deref(), Some("a@b"));
        assert_eq!(query_param(&uri, "password").as_deref(), Some("p w"));
        assert_eq!(query_param(&uri, "x").as_deref(), Some(""));
        assert_eq!(query_param(&uri, "y"), None);
        let bad: Uri = "/a?x=%ff".parse().unwrap();
        assert_eq!(query_param(&bad, "x").as_deref(), Some("\u{fffd}"));
        assert_eq!(decode_segment("a%2Fb"), Some("a/b".to_owned()));
        assert_eq!(decode_segment("%ff"), None);
        assert_eq!(encode_segment("o 1/ü~"), "o%201%2F%C3%BC~");
        assert_eq!(json_response(99, Vec::new()).status(), 500);
    }
}
