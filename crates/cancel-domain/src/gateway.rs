//! The outbound contract: cancel at a vendor, whatever HTTP client carries the bytes.

use std::time::Duration;

use async_trait::async_trait;

use crate::http::{HttpRequest, HttpResponse};
use crate::{
    CancelOutcome, CancelRejection, CancelRequest, PayloadErrors, TranslateError, Translated,
    Vendor,
};

/// Why a transport could not deliver a request or read its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No answer within the timeout. The vendor may or may not have acted.
    Timeout,
    /// No connection could be made; the request never left.
    Connect,
    /// Anything else (TLS, a broken body...).
    Other,
}

/// A transport failure. Never carries headers or bodies (tokens and personal data travel there).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("transport failed ({kind}): {message}")]
#[non_exhaustive]
pub struct TransportError {
    /// The class of failure.
    pub kind: TransportErrorKind,
    /// What happened, without secrets.
    pub message: String,
}

impl TransportError {
    /// A failure of `kind`; `message` says what happened, without secrets.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// Sends one HTTP request. Implementations: the reqwest transport of the facade (feature
/// `reqwest`), or a recording transport in tests.
#[async_trait]
pub trait HttpTransport: Send + Sync + std::fmt::Debug {
    /// Sends `request` to `base_url` (scheme, host and port; the request holds the path)
    /// and waits at most `timeout` for the whole answer.
    ///
    /// # Errors
    ///
    /// [`TransportError`] when nothing usable came back.
    async fn send(
        &self,
        base_url: &str,
        request: HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError>;
}

/// Why a gateway produced no outcome.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GatewayError {
    /// The core request cannot be expressed to this vendor (nothing was sent).
    #[error("the request cannot be sent")]
    InvalidRequest(#[from] TranslateError),
    /// The vendor refused the cancel; `rejection` is the core class its answer maps to.
    #[error("the vendor refused the cancel (HTTP {status}): {rejection}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The core rejection.
        rejection: CancelRejection,
    },
    /// Missing, wrong or expired credentials.
    #[error("the vendor refused the credentials (HTTP {status})")]
    Authentication {
        /// The HTTP status.
        status: u16,
    },
    /// The request could not be delivered, or no answer arrived.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// An answer arrived that cannot be read as the vendor's success or error body.
    #[error("unreadable answer (HTTP {status}): {errors}")]
    UnreadableResponse {
        /// The HTTP status.
        status: u16,
        /// What did not parse.
        errors: PayloadErrors,
    },
}

/// Cancels orders at one vendor.
///
/// Usable behind `dyn` (`Box<dyn CancelGateway>`), so a service can hold one per vendor.
#[async_trait]
pub trait CancelGateway: Send + Sync {
    /// The vendor this gateway talks to.
    fn vendor(&self) -> Vendor;

    /// Cancels `request` at the vendor: the outcome read from the vendor's answer, with the
    /// report of what the outbound and inbound translations dropped or defaulted.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: invalid request, refusal, authentication, transport, unreadable answer.
    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError>;
}
