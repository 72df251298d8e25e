//! [`OmnitronClient`]: cancel an order at Akinon Omnitron through any
//! [`HttpTransport`](cancel_domain::HttpTransport), and the login exchange that gives the API
//! token.

use cancel_domain::client::{self as common, Endpoint, Sender, TokenAnswer, TokenAuth};

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;
use cancel_domain::http::{self, Method};
use cancel_domain::{
    json, CancelRequest, GatewayError, HttpRequest, Order, Policy, PolicyError, Sensitive,
    TranslateContext, TranslateError, Translated, Vendor,
};
use serde::{Deserialize, Serialize};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::error::ErrorBody;
use crate::wire::CancelOrderRequest;
use crate::OmnitronDialect;
use cancel_domain::VendorApi as _; // the typed `request_from_core`

/// The path of Omnitron's login: `POST /api/v1/auth/login/`.
pub const LOGIN_PATH: &str = "/api/v1/auth/login/";

/// Body of `POST /api/v1/auth/login/`: `{"username": …, "password": …}`.
///
/// Both REQUIRED strings; redacted in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginRequest {
    /// `username`: the Omnitron user.
    pub username: Sensitive<String>,
    /// `password`.
    pub password: Sensitive<String>,
}

impl LoginRequest {
    /// A login body.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: Sensitive::new(username.into()),
            password: Sensitive::new(password.into()),
        }
    }
}

impl fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// The 200 answer of `POST /api/v1/auth/login/`: `{"key": "…"}`, the token sent as
/// `Authorization: Token <key>`. A wrong username or password is a 400 with DRF's
/// `{"non_field_errors": […]}` (omnisdk reads a 400 as bad credentials).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginResponse {
    /// `key`, REQUIRED string: the API token (redacted in `Debug`).
    pub key: Sensitive<String>,
    /// Other fields, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginResponse")
            .field("key", &self.key)
            .field("other", &self.other.keys().collect::<Vec<_>>())
            .finish()
    }
}

cancel_domain::vendor_client! {
    /// An Akinon Omnitron cancel client: a [`CancelGateway`] for [`Vendor::Omnitron`].
    ///
    /// It translates the core request with this crate's [`OmnitronDialect`] (order and item
    /// pks from the request when its `id_space` is omnitron, else from the looked-up order:
    /// give the client an [`OrderDirectory`] with [`with_directory`](Self::with_directory), or
    /// pass the order to [`cancel_with_order`](Self::cancel_with_order)), sends
    /// `POST {base}/api/i1/orders/{order_id}/cancel/` with `Authorization: Token <key>` (and
    /// [`IDEMPOTENCY_KEY_HEADER`] when the request has a key), and reads the answer:
    ///
    /// | answer | result |
    /// | --- | --- |
    /// | 2xx, the order detail or the short answer | the outcome (status 100 → `cancelled`, 50 → `requested`, ...) |
    /// | 401, 403 | [`GatewayError::Authentication`] (with a login: one new login and one more attempt first) |
    /// | 4xx or 5xx with a DRF error body | [`GatewayError::Refused`] with [`crate::error_to_core`]'s rejection (`Not found.` → `order_not_found`, `Order already cancelled!` → `order_already_cancelled`, ...) |
    /// | 4xx with another body | [`GatewayError::Refused`] (`vendor_refusal`) |
    /// | 5xx with another body, 1xx, 3xx, a 2xx that does not parse | [`GatewayError::UnreadableResponse`] |
    ///
    /// [`new`](Self::new) takes an API token. With [`login`](Self::login) credentials the
    /// token is fetched on first use by a login at [`LOGIN_PATH`] and kept;
    /// a login refused (400, 401, 403) is [`GatewayError::Authentication`]. Timeouts and
    /// retries follow [`ClientOptions`]. Neither `Debug` nor any error shows the token,
    /// username or password.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use cancel_domain::{CancelGateway, CancelReason, CancelRequest, HttpTransport, ReasonCode, Vendor};
    /// use cancel_omnitron::OmnitronClient;
    ///
    /// async fn cancel(transport: Arc<dyn HttpTransport>) -> Result<(), Box<dyn std::error::Error>> {
    ///     let akinon = OmnitronClient::login(transport, "https://omnitron.example.com", "user", "secret");
    ///     let mut request = CancelRequest::whole_order("1042", CancelReason::new(ReasonCode::ChangedMind));
    ///     request.id_space = Some(Vendor::Omnitron); // 1042 is the order pk
    ///     let outcome = akinon.cancel(&request).await?;
    ///     println!("{}", outcome.value.status);
    ///     Ok(())
    /// }
    /// ```
    pub struct OmnitronClient(OmnitronEndpoint) with TokenAuth;
}

/// Omnitron's cancel endpoint (and login), as [`OmnitronClient`] uses them: `POST
/// /api/i1/orders/{order_id}/cancel/` with `Authorization: Token <key>`; a 2xx carries the
/// order detail or the short answer, a 4xx or 5xx may carry a DRF error body.
pub struct OmnitronEndpoint {
    auth: TokenAuth,
}

impl From<TokenAuth> for OmnitronEndpoint {
    fn from(auth: TokenAuth) -> Self {
        Self { auth }
    }
}

impl fmt::Debug for OmnitronEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match self.auth.credentials() {
            None => "token",
            Some(_) => "login",
        };
        f.debug_struct("OmnitronEndpoint")
            .field("auth", &auth)
            .finish_non_exhaustive()
    }
}

impl OmnitronEndpoint {
    /// The login request for these credentials (`None` for a client made with a token).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the request is not valid HTTP (never: the
    /// credentials travel in the body).
    pub fn login_request(&self) -> Result<Option<HttpRequest>, TranslateError> {
        let Some((username, password)) = self.auth.credentials() else {
            return Ok(None);
        };
        // Two strings into memory: serializing cannot fail.
        let body = serde_json::to_vec(&LoginRequest::new(username, password)).unwrap_or_default();
        http::json_request(Method::POST, LOGIN_PATH, [], body).map(Some)
    }

    /// Logs in through `sender` now (a client made with a token has nothing to do) and
    /// keeps the token.
    ///
    /// # Errors
    ///
    /// [`GatewayError::Authentication`] when Omnitron refuses the credentials (400, 401,
    /// 403), [`GatewayError::Transport`], or [`GatewayError::UnreadableResponse`] for an
    /// answer without a `key`.
    pub async fn log_in(&self, sender: &Sender<'_>) -> Result<(), GatewayError> {
        let answer = TokenAnswer::new(
            "Omnitron login",
            "key",
            "the login answer is not an object with a string `key`",
        );
        self.auth
            .exchange(sender, self.login_request()?, answer, |_, body, limits| {
                Ok(json::parse::<LoginResponse>(body, limits)
                    .ok()
                    .map(|answer| answer.key))
            })
            .await
    }

    /// The Omnitron call for `request`, checked.
    fn call(
        dialect: &OmnitronDialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        let call = dialect.request_from_core(request, ctx)?;
        call.value.validate()?;
        Ok(call)
    }
}

#[async_trait]
impl Endpoint for OmnitronEndpoint {
    const VENDOR: Vendor = Vendor::Omnitron;
    type Dialect = OmnitronDialect;

    fn dialect(policy: &Policy) -> Result<OmnitronDialect, PolicyError> {
        OmnitronDialect::from_policy(policy)
    }

    /// The Omnitron call for `request`, checked.
    fn body(
        &self,
        dialect: &OmnitronDialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        Self::call(dialect, request, ctx)
    }

    fn requests(&self, call: CancelOrderRequest) -> Result<Vec<HttpRequest>, TranslateError> {
        let mut http = call.http_request("")?;
        http.headers_mut().remove(http::header::AUTHORIZATION);
        http.headers_mut().append(
            http::header::ACCEPT,
            http::HeaderValue::from_static(http::APPLICATION_JSON),
        );
        Ok(vec![http])
    }

    fn read_failure(&self, ctx: &TranslateContext<'_>, status: u16, body: &[u8]) -> GatewayError {
        common::read_refusal(
            status,
            "Omnitron",
            || crate::parse_error(body, &ctx.limits),
            |body| matches!(body, ErrorBody::Fields(_) | ErrorBody::Messages(_)),
            |body| crate::error_to_core(body, ctx),
        )
    }

    async fn authorize(
        &self,
        sender: &Sender<'_>,
        http: &mut HttpRequest,
    ) -> Result<(), GatewayError> {
        let token = self
            .auth
            .token()
            .get_or_fetch(|| self.log_in(sender))
            .await?;
        http.headers_mut().insert(
            http::header::AUTHORIZATION,
            common::credential(
                "authorization",
                &CancelOrderRequest::authorization(token.expose()),
            )?,
        );
        Ok(())
    }

    fn renew(&self, status: u16) -> bool {
        self.auth.token().renew(status)
    }
}

impl OmnitronClient {
    /// The login request for these credentials (`None` for a client made with a token).
    ///
    /// # Errors
    ///
    /// As [`OmnitronEndpoint::login_request`].
    pub fn login_request(&self) -> Result<Option<HttpRequest>, TranslateError> {
        self.endpoint().login_request()
    }

    /// Logs in now (a client made with a token has nothing to do) and keeps the token.
    ///
    /// # Errors
    ///
    /// As [`OmnitronEndpoint::log_in`].
    pub async fn log_in(&self) -> Result<(), GatewayError> {
        self.endpoint().log_in(&self.sender()).await
    }

    /// The Omnitron call for `request` (`order`: the looked-up order, if any).
    ///
    /// # Errors
    ///
    /// The [`TranslateError`] of [`OmnitronDialect::request_from_core`].
    pub fn call(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        OmnitronEndpoint::call(self.dialect(), request, &self.context(order))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_bodies_hide_credentials_in_debug() {
        let login = LoginRequest::new("akinon-user", "pa55word");
        assert_eq!(
            serde_json::to_string(&login).unwrap(),
            r#"{"username":"akinon-user","password":"pa55word"}"#
        );
        let text = format!("{login:?}");
        assert!(
            !text.contains("akinon-user") && !text.contains("pa55word"),
            "{text}"
        );
        let answer: LoginResponse = serde_json::from_str(r#"{"key":"t0k3n","user":1}"#).unwrap();
        assert_eq!(answer.key.expose(), "t0k3n");
        assert!(!format!("{answer:?}").contains("t0k3n"));
    }
}
