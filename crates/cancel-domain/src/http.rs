//! Framework-agnostic HTTP messages: what an endpoint handler takes and gives back.
//!
//! [`HttpRequest`] and [`HttpResponse`] carry the method, the path, the headers and the body
//! bytes, and nothing of any HTTP crate, so a handler written against them can be mounted in
//! axum, hyper, actix or a test without conversion crates. Header names are compared
//! case-insensitively, as HTTP requires.
//!
//! `Debug` never prints header values or bodies (tokens, names and IBANs travel there).
//!
//! ```
//! use cancel_domain::http::{HttpRequest, HttpResponse, Method};
//! let request = HttpRequest::new(Method::Post, "/orders/cancel?dry=1")
//!     .with_header("ApiKey", "t0k")
//!     .with_body(br#"{"orderId":"1"}"#.to_vec());
//! assert_eq!(request.path, "/orders/cancel");
//! assert_eq!(request.query, "dry=1");
//! assert_eq!(request.headers.get("apikey"), Some("t0k"));
//! assert_eq!(request.query_param("dry").as_deref(), Some("1"));
//! assert!(!format!("{request:?}").contains("t0k"));
//!
//! let response = HttpResponse::json(200, br#"{"status":"SUCCESS"}"#.to_vec());
//! assert_eq!(response.headers.get("content-type"), Some("application/json"));
//! ```

use std::fmt;
use std::str::FromStr;

/// The media type of JSON bodies.
pub const APPLICATION_JSON: &str = "application/json";

/// An HTTP request method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// Any other method, as sent (methods are case-sensitive).
    Other(String),
}

impl Method {
    /// The method as it travels on the wire (`POST`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Other(m) => m,
        }
    }
}

impl From<&str> for Method {
    fn from(s: &str) -> Self {
        match s {
            "GET" => Self::Get,
            "HEAD" => Self::Head,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            "OPTIONS" => Self::Options,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl FromStr for Method {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HTTP headers: `(name, value)` pairs in the order they were added, looked up without
/// regard to the case of the name.
///
/// `Debug` lists the names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (case-insensitive), in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether header `name` is present (case-insensitive).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds a value, keeping the ones already there.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Sets header `name` to one value, removing the others (case-insensitive).
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.0.push((name, value.into()));
    }

    /// Removes every value of header `name` (case-insensitive).
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Every `(name, value)` pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no header.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| n))
            .finish()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }
}

impl<N: Into<String>, V: Into<String>> Extend<(N, V)> for Headers {
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(n, v)| (n.into(), v.into())));
    }
}

/// An HTTP request as an endpoint handler sees it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The path, percent-encoded as received, without the query (`/orders/cancel`).
    pub path: String,
    /// The query string without the leading `?` (empty when there is none).
    pub query: String,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A request for `target` (a path, optionally followed by `?query`), with no header and
    /// an empty body.
    pub fn new(method: impl Into<Method>, target: &str) -> Self {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Self {
            method: method.into(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Headers::new(),
            body: Vec::new(),
        }
    }

    /// With one more header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }

    /// With a body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of query parameter `name`, percent- and `+`-decoded; `None` when
    /// absent or not decodable as UTF-8.
    pub fn query_param(&self, name: &str) -> Option<String> {
        query_pairs(&self.query)
            .find(|(k, _)| k.as_deref() == Some(name))
            .and_then(|(_, v)| v)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_len", &self.query.len())
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// An HTTP response as an endpoint handler gives it back.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and nothing else.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Headers::new(),
            body: Vec::new(),
        }
    }

    /// A JSON response (`Content-Type: application/json`).
    pub fn json(status: u16, body: Vec<u8>) -> Self {
        let mut headers = Headers::new();
        headers.insert("Content-Type", APPLICATION_JSON);
        Self {
            status,
            headers,
            body,
        }
    }

    /// With one more header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The `name=value` pairs of a query string, decoded (`None` where a part is not valid
/// percent-encoded UTF-8).
pub fn query_pairs(query: &str) -> impl Iterator<Item = (Option<String>, Option<String>)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k), percent_decode(v))
    })
}

/// Decodes `%XX` escapes and `+` (as a space); `None` when an escape is malformed or the
/// result is not UTF-8.
pub fn percent_decode(raw: &str) -> Option<String> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex(bytes.next()?)?;
                let lo = hex(bytes.next()?)?;
                out.push((hi << 4) | lo);
            }
            other => out.push(other),
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case_and_insert_replaces() {
        let mut h: Headers = [("X-Vol-Tenant", "1"), ("x-vol-tenant", "2")]
            .into_iter()
            .collect();
        assert_eq!(h.get("X-VOL-TENANT"), Some("1"));
        assert_eq!(h.get_all("x-vol-tenant").collect::<Vec<_>>(), ["1", "2"]);
        h.insert("X-VOL-TENANT", "3");
        assert_eq!(h.get_all("x-vol-tenant").collect::<Vec<_>>(), ["3"]);
        h.remove("x-Vol-tenant");
        assert!(h.is_empty());
    }

    #[test]
    fn debug_hides_values_and_bodies() {
        let r = HttpRequest::new("POST", "/x?password=hunter2")
            .with_header("Authorization", "Token secret")
            .with_body(b"{\"holder_names\":{\"1\":\"Ada\"}}".to_vec());
        let text = format!("{r:?}");
        assert!(text.contains("Authorization"));
        for secret in ["secret", "hunter2", "Ada"] {
            assert!(!text.contains(secret), "{text}");
        }
        let resp = HttpResponse::json(200, b"{\"accessToken\":\"t0k\"}".to_vec());
        assert!(!format!("{resp:?}").contains("t0k"));
    }

    #[test]
    fn methods_and_queries() {
        assert_eq!(Method::from("POST"), Method::Post);
        assert_eq!(Method::from("post"), Method::Other("post".into()));
        assert_eq!(Method::Other("BREW".into()).to_string(), "BREW");
        let r = HttpRequest::new(Method::Get, "/authToken?username=a%40b&password=p+w&x");
        assert_eq!(r.query_param("username").as_deref(), Some("a@b"));
        assert_eq!(r.query_param("password").as_deref(), Some("p w"));
        assert_eq!(r.query_param("x").as_deref(), Some(""));
        assert_eq!(r.query_param("y"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(HttpRequest::new("GET", "/a").query, "");
    }
}
