//! Test utilities for code that talks to vendors: [`RecordingTransport`].
//!
//! It lives in the facade (always compiled, no dependency) rather than in `cancel-domain`,
//! so that test suites of services get it with `cancel-kit` and the domain stays free of
//! test scaffolding.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use std::sync::Arc;
//! use cancel_kit::domain::http::json_response;
//! use cancel_kit::domain::{CancelGateway, CancelReason, CancelRequest, ReasonCode, Vendor};
//! use cancel_kit::mozu::{Environment, MozuClient, TenantId};
//! use cancel_kit::testing::RecordingTransport;
//!
//! let transport = Arc::new(RecordingTransport::new());
//! transport.push_response(json_response(
//!     200,
//!     br#"{"orderID":1010101,"orderState":"CANCELED","orderStatus":"CANCELED"}"#.to_vec(),
//! ));
//! let kibo = MozuClient::new(transport.clone(), TenantId::new("12345").unwrap(), Environment::Sandbox);
//! let mut request = CancelRequest::whole_order("1010101", CancelReason::new(ReasonCode::ChangedMind));
//! request.id_space = Some(Vendor::Mozu);
//! let outcome = kibo.cancel(&request).await.unwrap();
//! assert_eq!(outcome.value.status.to_string(), "cancelled");
//!
//! let sent = transport.last().unwrap();
//! assert_eq!(sent.url(), "https://12345-translation.sandbox.mozu.com/api/v2/order/action/cancel");
//! assert_eq!(sent.request.headers()["x-vol-tenant"], "12345");
//! assert_eq!(sent.request.body(), br#"{"orderId":1010101,"dispositionReason":"customer_changed_mind"}"#);
//! # });
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use cancel_domain::{HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind};

/// One request a [`RecordingTransport`] was asked to send.
///
/// `Debug` shows the method, the path, the header names and the lengths of the query and
/// the body: never a header value, a query or a body (credentials and personal data travel
/// there).
#[derive(Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The base URL it was sent to.
    pub base_url: String,
    /// The request (method, path, query, headers, body).
    pub request: HttpRequest,
    /// The timeout it was given.
    pub timeout: Duration,
}

impl RecordedRequest {
    /// The full URL, joined as the reqwest transport joins it: the base URL without its
    /// trailing `/`, the path, `?query` when there is one.
    pub fn url(&self) -> String {
        let base = self.base_url.trim_end_matches('/');
        let target = self
            .request
            .uri()
            .path_and_query()
            .map_or("", |target| target.as_str());
        format!("{base}{target}")
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = &self.request;
        f.debug_struct("RecordedRequest")
            .field("base_url", &self.base_url)
            .field("method", request.method())
            .field("path", &request.uri().path())
            .field("query_len", &request.uri().query().map_or(0, str::len))
            .field(
                "headers",
                &request
                    .headers()
                    .keys()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &request.body().len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// An [`HttpTransport`] that records every request and answers with canned replies, in
/// the order they were pushed; then with the fallback reply (if set), else with a
/// [`TransportErrorKind::Other`] failure.
///
/// `Debug` shows header names and body lengths only (see [`RecordedRequest`]).
#[derive(Debug, Default)]
pub struct RecordingTransport {
    requests: Mutex<Vec<RecordedRequest>>,
    replies: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    fallback: Mutex<Option<Result<HttpResponse, TransportError>>>,
}

impl RecordingTransport {
    /// A transport with no canned reply.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport answering every request with `response`.
    pub fn replying(response: HttpResponse) -> Self {
        let transport = Self::new();
        transport.set_fallback(Ok(response));
        transport
    }

    /// Queues a reply (an answer or a failure).
    pub fn push_reply(&self, reply: Result<HttpResponse, TransportError>) -> &Self {
        self.replies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(reply);
        self
    }

    /// Queues an answer.
    pub fn push_response(&self, response: HttpResponse) -> &Self {
        self.push_reply(Ok(response))
    }

    /// Queues a transport failure of `kind`.
    pub fn push_failure(&self, kind: TransportErrorKind) -> &Self {
        self.push_reply(Err(TransportError::new(
            kind,
            format!("canned {kind} failure"),
        )))
    }

    /// Sets the reply given when the queue is empty.
    pub fn set_fallback(&self, reply: Result<HttpResponse, TransportError>) {
        *self.fallback.lock().unwrap_or_else(PoisonError::into_inner) = Some(reply);
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last request.
    pub fn last(&self) -> Option<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .last()
            .cloned()
    }

    /// Forgets the requests recorded so far (the replies stay queued).
    pub fn clear(&self) {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[async_trait]
impl HttpTransport for RecordingTransport {
    async fn send(
        &self,
        base_url: &str,
        request: HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(RecordedRequest {
                base_url: base_url.to_owned(),
                request,
                timeout,
            });
        let queued = self
            .replies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front();
        match queued {
            Some(reply) => reply,
            None => self
                .fallback
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
                .unwrap_or_else(|| {
                    Err(TransportError::new(
                        TransportErrorKind::Other,
                        "RecordingTransport has no reply left",
                    ))
                }),
        }
    }
}
