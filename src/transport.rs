//! [`ReqwestTransport`]: the vendor clients' [`HttpTransport`] on reqwest with rustls
//! (feature `reqwest`).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use cancel_kit::domain::{CancelGateway, CancelReason, CancelRequest, ReasonCode, Vendor};
//! use cancel_kit::mozu::{Environment, MozuClient, TenantId};
//! use cancel_kit::transport::ReqwestTransport;
//!
//! let transport = Arc::new(ReqwestTransport::new()?);
//! let kibo = MozuClient::new(transport, TenantId::new("12345")?, Environment::Sandbox);
//! let mut request = CancelRequest::whole_order("1010101", CancelReason::new(ReasonCode::ChangedMind));
//! request.id_space = Some(Vendor::Mozu);
//! let outcome = kibo.cancel(&request).await?;
//! # Ok(())
//! # }
//! ```

use std::error::Error as _;
use std::time::Duration;

use async_trait::async_trait;
use cancel_domain::{HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind};

/// An [`HttpTransport`] on a [`reqwest::Client`] (rustls, no redirects followed).
///
/// - The URL is the base URL (trailing `/` removed) followed by the request's path and,
///   when not empty, `?` and its query.
/// - The timeout covers the whole exchange, from connecting to the last byte of the body.
/// - An answer body larger than [`max_response_bytes`](Self::with_max_response_bytes)
///   (default 16 MiB) is a [`TransportErrorKind::Other`] failure.
/// - Failures are classified for the clients' retry rule: a failure to connect (DNS, TCP,
///   TLS: the request never left) is [`TransportErrorKind::Connect`], a timeout after that
///   [`TransportErrorKind::Timeout`], anything else [`TransportErrorKind::Other`]. Their
///   messages never carry the URL (queries may hold credentials), headers or bodies.
///
/// Nothing is logged.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_response_bytes: usize,
}

/// The default largest answer body.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

impl ReqwestTransport {
    /// A transport with its own client: rustls, redirects not followed (a redirected cancel
    /// is an answer to read, not to follow), user agent `cancel-kit/<version>`.
    ///
    /// # Errors
    ///
    /// [`TransportErrorKind::Other`] when the TLS backend cannot be set up.
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("cancel-kit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(classify)?;
        Ok(Self::from_client(client))
    }

    /// A transport on a client configured by the caller (proxies, root certificates...);
    /// leave redirects off for cancels.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self {
            client,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// With another limit for answer bodies.
    #[must_use]
    pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }

    /// The underlying client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

/// The URL of `request` below `base_url`.
pub(crate) fn url_of(base_url: &str, request: &HttpRequest) -> String {
    let base = base_url.trim_end_matches('/');
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |target| target.as_str());
    let mut url = String::with_capacity(base.len() + target.len() + 1);
    url.push_str(base);
    if !target.starts_with('/') {
        url.push('/');
    }
    url.push_str(target);
    url
}

/// A reqwest failure as a [`TransportError`], without the URL.
fn classify(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Other
    };
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    TransportError::new(kind, message)
}

fn other(message: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::Other, message)
}

#[async_trait]
impl HttpTransport for ReqwestTransport {
    async fn send(
        &self,
        base_url: &str,
        request: HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        let url = url_of(base_url, &request);
        let (parts, body) = request.into_parts();
        let mut response = self
            .client
            .request(parts.method, url)
            .timeout(timeout)
            .headers(parts.headers)
            .body(body)
            .send()
            .await
            .map_err(classify)?;
        let mut answer = HttpResponse::new(Vec::new());
        *answer.status_mut() = response.status();
        *answer.headers_mut() = std::mem::take(response.headers_mut());
        let body = answer.body_mut();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len().saturating_add(chunk.len()) > self.max_response_bytes {
                return Err(other(format!(
                    "the answer body is larger than {} bytes",
                    self.max_response_bytes
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(target: &str) -> HttpRequest {
        cancel_domain::http::Request::builder()
            .uri(target)
            .body(Vec::new())
            .unwrap()
    }

    #[test]
    fn urls_join_base_path_and_query() {
        let cancel = request("/orders/cancel");
        assert_eq!(
            url_of("http://127.0.0.1:8080/", &cancel),
            "http://127.0.0.1:8080/orders/cancel"
        );
        assert_eq!(
            url_of("https://example.com/prefix", &cancel),
            "https://example.com/prefix/orders/cancel"
        );
        let token = request("/authToken?username=a&password=b");
        assert_eq!(
            url_of("http://h", &token),
            "http://h/authToken?username=a&password=b"
        );
    }
}
