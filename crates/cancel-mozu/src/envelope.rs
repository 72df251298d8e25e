//! The HTTP envelope of Cancel Order: tenant, environment, path and headers.
//!
//! No HTTP client is involved: [`CancelOrderCall`] gives the base URL, the full URL, and a
//! [`cancel_domain::HttpRequest`] (method, path, headers, body bytes) for whatever client or
//! [`cancel_domain::HttpTransport`] the caller uses.

use std::fmt;

use cancel_domain::http::APPLICATION_JSON;
use cancel_domain::{HttpRequest, Method, PayloadErrors};

use crate::wire::CancelOrderRequest;

/// Why a call could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The tenant id cannot be part of a host name.
    #[error("tenant id {value:?} must be 1 to {max} ASCII letters, digits or inner hyphens")]
    InvalidTenant {
        /// The rejected tenant id.
        value: String,
        /// The longest accepted tenant id.
        max: usize,
    },
    /// The body is not a valid Cancel Order request (this crate never sends one).
    #[error("the request body is invalid")]
    InvalidBody(#[source] PayloadErrors),
    /// The body could not be serialized (never happens with this crate's types).
    #[error("the request body could not be serialized: {0}")]
    Serialize(String),
    /// The request is not valid HTTP (never happens with a checked [`TenantId`]).
    #[error("the request is not valid HTTP: {0}")]
    InvalidHttp(String),
}

/// A Kibo tenant id, the `{tenantId}` of the translated API's host name and the value of
/// the `x-vol-tenant` header (usually a number such as `12345`).
///
/// It must fit a DNS label with `-translation` appended: 1 to 51 ASCII letters, digits or
/// inner hyphens.
///
/// ```
/// use cancel_mozu::TenantId;
/// assert_eq!(TenantId::new("12345").unwrap().as_str(), "12345");
/// assert!(TenantId::new("evil.example.com/").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TenantId(Box<str>);

impl TenantId {
    /// The longest tenant id: 63 (a DNS label) minus `-translation`.
    pub const MAX_LEN: usize = 63 - "-translation".len();

    /// Checks and wraps a tenant id.
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::InvalidTenant`] when it cannot be part of the host name.
    pub fn new(id: impl Into<String>) -> Result<Self, EnvelopeError> {
        let id = id.into();
        let bytes = id.as_bytes();
        let fits = !bytes.is_empty()
            && bytes.len() <= Self::MAX_LEN
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes.first() != Some(&b'-')
            && bytes.last() != Some(&b'-');
        if fits {
            Ok(Self(id.into_boxed_str()))
        } else {
            Err(EnvelopeError::InvalidTenant {
                value: id,
                max: Self::MAX_LEN,
            })
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TenantId({:?})", &*self.0)
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which Kibo environment a call goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Environment {
    /// `https://{tenantId}-translation.mozu.com`.
    #[default]
    Production,
    /// `https://{tenantId}-translation.sandbox.mozu.com`.
    Sandbox,
}

impl Environment {
    /// The base URL for a tenant, without a trailing slash.
    ///
    /// ```
    /// use cancel_mozu::{Environment, TenantId};
    /// let tenant = TenantId::new("12345").unwrap();
    /// assert_eq!(Environment::Sandbox.base_url(&tenant), "https://12345-translation.sandbox.mozu.com");
    /// ```
    pub fn base_url(self, tenant: &TenantId) -> String {
        match self {
            Self::Production => format!("https://{tenant}-translation.mozu.com"),
            Self::Sandbox => format!("https://{tenant}-translation.sandbox.mozu.com"),
        }
    }
}

/// One Cancel Order call: tenant, environment and body.
///
/// `POST https://{tenantId}-translation.mozu.com/api/v2/order/action/cancel` (sandbox:
/// `https://{tenantId}-translation.sandbox.mozu.com/…`) with the header `x-vol-tenant`
/// (the only header the vendor documents) plus `content-type` and `accept`
/// `application/json` (the API speaks JSON only).
///
/// ```
/// use cancel_mozu::{CancelOrderCall, Environment, TenantId};
/// use cancel_mozu::wire::{CancelOrderRequest, DispositionReason, OrderId};
///
/// let body = CancelOrderRequest::new(OrderId::new(1010101).unwrap(), DispositionReason::CustomerChangedMind);
/// let call = CancelOrderCall::new(TenantId::new("12345").unwrap(), Environment::Production, body);
/// assert_eq!(call.url(), "https://12345-translation.mozu.com/api/v2/order/action/cancel");
///
/// let http = call.http_request().unwrap();
/// assert_eq!(http.method().as_str(), "POST");
/// assert_eq!(http.uri().path(), "/api/v2/order/action/cancel");
/// assert_eq!(http.headers()["x-vol-tenant"], "12345");
/// assert_eq!(http.body(), br#"{"orderId":1010101,"dispositionReason":"customer_changed_mind"}"#);
/// // transport.send(&call.base_url(), http, timeout) with any cancel_domain::HttpTransport
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancelOrderCall {
    /// The tenant (host name and `x-vol-tenant`).
    pub tenant: TenantId,
    /// Production or sandbox.
    pub environment: Environment,
    /// The request body.
    pub body: CancelOrderRequest,
}

impl CancelOrderCall {
    /// The HTTP method.
    pub const METHOD: &'static str = "POST";
    /// The path below the base URL.
    pub const PATH: &'static str = "/api/v2/order/action/cancel";
    /// The tenant header.
    pub const TENANT_HEADER: &'static str = "x-vol-tenant";

    /// A call.
    pub fn new(tenant: TenantId, environment: Environment, body: CancelOrderRequest) -> Self {
        Self {
            tenant,
            environment,
            body,
        }
    }

    /// The scheme and host, `https://{tenantId}-translation[.sandbox].mozu.com`.
    pub fn base_url(&self) -> String {
        self.environment.base_url(&self.tenant)
    }

    /// The full URL: [`base_url`](Self::base_url) followed by [`PATH`](Self::PATH).
    pub fn url(&self) -> String {
        let mut url = self.base_url();
        url.push_str(Self::PATH);
        url
    }

    /// The headers, names lowercase and in sending order: `x-vol-tenant`, `content-type`,
    /// `accept`.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            (Self::TENANT_HEADER, self.tenant.as_str().to_owned()),
            ("content-type", APPLICATION_JSON.to_owned()),
            ("accept", APPLICATION_JSON.to_owned()),
        ]
    }

    /// The body bytes, after checking the body against the API's rules.
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::InvalidBody`] when the body breaks a rule of the API (strict
    /// findings such as undocumented fields do not stop it).
    pub fn body_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        crate::validate::check_request(&self.body)
            .into_result()
            .map_err(EnvelopeError::InvalidBody)?;
        let mut body = Vec::with_capacity(96);
        cancel_domain::json::write(&self.body, &mut body)
            .map_err(|e| EnvelopeError::Serialize(e.to_string()))?;
        Ok(body)
    }

    /// The request to send to [`base_url`](Self::base_url): `POST` [`PATH`](Self::PATH),
    /// the [`headers`](Self::headers) and the [`body_bytes`](Self::body_bytes).
    ///
    /// # Errors
    ///
    /// As [`body_bytes`](Self::body_bytes).
    pub fn http_request(&self) -> Result<HttpRequest, EnvelopeError> {
        let body = self.body_bytes()?;
        let mut builder = cancel_domain::http::Request::builder()
            .method(Method::POST)
            .uri(Self::PATH);
        for (name, value) in self.headers() {
            builder = builder.header(name, value);
        }
        builder
            .body(body)
            .map_err(|e| EnvelopeError::InvalidHttp(e.to_string()))
    }
}
