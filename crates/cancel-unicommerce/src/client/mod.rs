//! [`UnicommerceClient`]: Uniware's side of `POST /orders/cancel` and `/authToken`, to test
//! a marketplace that serves them (a test harness).

use cancel_domain::client::{self as common, Endpoint, Sender, TokenAnswer, TokenAuth};

use std::fmt;

use async_trait::async_trait;
use cancel_domain::http::{self, Method};
use cancel_domain::{
    json, CancelOutcome, CancelRequest, GatewayError, HttpRequest, OutcomeStatus, Policy,
    PolicyError, TranslateContext, TranslateError, Translated, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::wire::{
    AuthStatus, AuthTokenQuery, AuthTokenRequest, AuthTokenResponse, OrderCancelRequest, ACCEPT,
    API_KEY, AUTH_TOKEN_PATH, CANCEL_PATH, CONTENT_TYPE, JSON_MEDIA_TYPE,
};
use crate::{ErrorBody, UnicommerceDialect};

/// Which variant of the marketplace's `/authToken` a [`UnicommerceClient`] calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenExchange {
    /// `POST /authToken` with `{"username", "password"}` (the default: credentials stay
    /// out of URLs and access logs).
    #[default]
    Post,
    /// `GET /authToken?username=…&password=…`.
    Get,
}

cancel_domain::vendor_client! {
    /// Uniware's cancel call to a marketplace: a [`CancelGateway`] for
    /// [`Vendor::Unicommerce`], for testing a marketplace's `/orders/cancel` (Uniware calls it;
    /// this client plays Uniware).
    ///
    /// It translates the core request with this crate's translation (one item per line, with
    /// product, variant and quantity: give the client an [`OrderDirectory`] when lines ask for
    /// "every unit" or are named in another id space), sends `POST {base}/orders/cancel` with
    /// `Content-Type` and `Accept` `application/json`, `apiKey` (and [`IDEMPOTENCY_KEY_HEADER`]
    /// when the request has a key), and reads the answer:
    ///
    /// | answer | result |
    /// | --- | --- |
    /// | 2xx `SUCCESS` / `PARTIAL_SUCCESS` | the outcome (items listed with an `errorMessage` are not cancelled) |
    /// | 2xx `FAILED` (nothing cancelled) | [`GatewayError::Refused`] with [`crate::error_to_core`]'s rejection (status 200) |
    /// | 401, 403 | [`GatewayError::Authentication`] (with a login: one new token and one more attempt first) |
    /// | 4xx or 5xx with a `FAILED` body | [`GatewayError::Refused`] |
    /// | 4xx with another body | [`GatewayError::Refused`] (`vendor_refusal`) |
    /// | 5xx with another body, 1xx, 3xx, a 2xx that does not parse | [`GatewayError::UnreadableResponse`] |
    ///
    /// [`new`](Self::new) takes the token sent as `apiKey`. With [`login`](Self::login)
    /// credentials the token comes from the marketplace's `/authToken` (POST by
    /// default, see [`TokenExchange`]) on first use and is kept; a refusal (`FAILED`,
    /// `INVALID_CREDENTIALS`, or 400/401/403) is [`GatewayError::Authentication`]. Timeouts and
    /// retries follow [`ClientOptions`]. Neither `Debug` nor any error shows the token,
    /// username or password.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use cancel_domain::{CancelGateway, CancelReason, CancelRequest, HttpTransport, LineCancel, Quantity, ReasonCode, Vendor};
    /// use cancel_unicommerce::UnicommerceClient;
    ///
    /// async fn notify(transport: Arc<dyn HttpTransport>) -> Result<(), Box<dyn std::error::Error>> {
    ///     let uniware = UnicommerceClient::login(transport, "http://127.0.0.1:8080", "seller", "secret");
    ///     let mut line = LineCancel::new("UC-OI-77001-1", Some(Quantity::try_from(1_u32)?));
    ///     line.product = Some("P-1".into());
    ///     line.variant = Some("P-1-RED".into());
    ///     let mut request = CancelRequest::lines("UC-SO-77001", vec![line], CancelReason::new(ReasonCode::Unspecified));
    ///     request.id_space = Some(Vendor::Unicommerce);
    ///     let outcome = uniware.cancel(&request).await?;
    ///     println!("{}", outcome.value.status);
    ///     Ok(())
    /// }
    /// ```
    pub struct UnicommerceClient(UnicommerceEndpoint) with TokenAuth;
}

/// The marketplace's `/orders/cancel` (and `/authToken`), as [`UnicommerceClient`] uses
/// them: `POST` [`CANCEL_PATH`] with `apiKey`; a 2xx carries the answer (a `FAILED` one is
/// a refusal), a 4xx or 5xx may carry a `FAILED` body.
pub struct UnicommerceEndpoint {
    auth: TokenAuth,
    exchange: TokenExchange,
}

impl From<TokenAuth> for UnicommerceEndpoint {
    fn from(auth: TokenAuth) -> Self {
        Self {
            auth,
            exchange: TokenExchange::default(),
        }
    }
}

impl fmt::Debug for UnicommerceEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match (self.auth.credentials(), self.exchange) {
            (None, _) => "apiKey",
            (Some(_), TokenExchange::Post) => "login (POST /authToken)",
            (Some(_), TokenExchange::Get) => "login (GET /authToken)",
        };
        f.debug_struct("UnicommerceEndpoint")
            .field("auth", &auth)
            .finish_non_exhaustive()
    }
}

impl UnicommerceEndpoint {
    /// The `/authToken` request for these credentials (`None` for a client made with a
    /// token).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the request is not valid HTTP (never with the
    /// encoded credentials of this crate).
    pub fn token_request(&self) -> Result<Option<HttpRequest>, TranslateError> {
        let Some((username, password)) = self.auth.credentials() else {
            return Ok(None);
        };
        let request = match self.exchange {
            TokenExchange::Post => {
                let body = AuthTokenRequest::new(username, password);
                // Strings into memory: serializing cannot fail.
                let bytes = serde_json::to_vec(&body).unwrap_or_default();
                http::Request::builder()
                    .method(Method::POST)
                    .uri(AUTH_TOKEN_PATH)
                    .header(CONTENT_TYPE, JSON_MEDIA_TYPE)
                    .header(ACCEPT, JSON_MEDIA_TYPE)
                    .body(bytes)
            }
            TokenExchange::Get => {
                let query = AuthTokenQuery::new(username, password);
                http::Request::builder()
                    .method(Method::GET)
                    .uri(format!("{AUTH_TOKEN_PATH}?{}", query.to_query()))
                    .header(ACCEPT, JSON_MEDIA_TYPE)
                    .body(Vec::new())
            }
        };
        request.map(Some).map_err(|e| http::invalid_http(&e))
    }

    /// Asks `/authToken` for a token now (a client made with a token has nothing to do)
    /// and keeps it.
    ///
    /// # Errors
    ///
    /// [`GatewayError::Authentication`] when the marketplace refuses the credentials
    /// (`FAILED`, `INVALID_CREDENTIALS`, or 400/401/403), [`GatewayError::Transport`], or
    /// [`GatewayError::UnreadableResponse`] for an answer without a token.
    pub async fn fetch_token(&self, sender: &Sender<'_>) -> Result<(), GatewayError> {
        let answer = TokenAnswer::new(
            "Unicommerce /authToken",
            "accessToken",
            "the /authToken answer is not SUCCESS with an accessToken",
        );
        self.auth
            .exchange(
                sender,
                self.token_request()?,
                answer,
                |status, body, limits| {
                    let Ok(answer) = json::parse::<AuthTokenResponse>(body, limits) else {
                        return Ok(None);
                    };
                    match (&answer.status, answer.access_token) {
                        (AuthStatus::Success, Some(token)) if !token.expose().is_empty() => {
                            Ok(Some(token))
                        }
                        (AuthStatus::Failed | AuthStatus::InvalidCredentials, _) => {
                            Err(GatewayError::Authentication { status })
                        }
                        _ => Ok(None),
                    }
                },
            )
            .await
    }
}

#[async_trait]
impl Endpoint for UnicommerceEndpoint {
    const VENDOR: Vendor = Vendor::Unicommerce;
    type Dialect = UnicommerceDialect;

    fn dialect(policy: &Policy) -> Result<UnicommerceDialect, PolicyError> {
        UnicommerceDialect::from_policy(policy)
    }

    fn requests(&self, body: OrderCancelRequest) -> Result<Vec<HttpRequest>, TranslateError> {
        let http = http::json_request(Method::POST, CANCEL_PATH, [], common::json_body(&body)?)?;
        Ok(vec![http])
    }

    fn read_success(
        &self,
        _dialect: &UnicommerceDialect,
        _request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        status: u16,
        body: &[u8],
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let body = crate::parse_response(body, &ctx.limits)
            .map_err(|e| common::unreadable(status, e.into()))?;
        let inbound =
            crate::response_to_core(&body, ctx).map_err(|e| common::unreadable(status, e))?;
        if inbound.value.status == OutcomeStatus::Rejected {
            // Nothing cancelled: the refusal, with every item's message.
            let rejection = crate::error_to_core(&ErrorBody::Known(body), ctx)
                .map_err(|e| common::unreadable(status, e))?;
            return Err(GatewayError::Refused {
                status,
                rejection: rejection.value,
            });
        }
        Ok(inbound)
    }

    fn read_failure(&self, ctx: &TranslateContext<'_>, status: u16, body: &[u8]) -> GatewayError {
        common::read_refusal(
            status,
            "Unicommerce",
            || Ok::<_, TranslateError>(ErrorBody::from_bytes(body)),
            |body| body.as_known().is_some(),
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
            .get_or_fetch(|| self.fetch_token(sender))
            .await?;
        http.headers_mut()
            .insert(API_KEY, common::credential(API_KEY, token.expose())?);
        Ok(())
    }

    fn renew(&self, status: u16) -> bool {
        self.auth.token().renew(status)
    }
}

impl UnicommerceClient {
    /// With the other `/authToken` variant (no effect for a client made with a token).
    #[must_use]
    pub fn with_token_exchange(mut self, variant: TokenExchange) -> Self {
        self.0.endpoint_mut().exchange = variant;
        self
    }

    /// The `/authToken` request for these credentials (`None` for a client made with a
    /// token).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the request is not valid HTTP (never with the
    /// encoded credentials of this crate).
    pub fn token_request(&self) -> Result<Option<HttpRequest>, TranslateError> {
        self.endpoint().token_request()
    }

    /// Asks `/authToken` for a token now (a client made with a token has nothing to do)
    /// and keeps it.
    ///
    /// # Errors
    ///
    /// [`GatewayError::Authentication`] when the marketplace refuses the credentials
    /// (`FAILED`, `INVALID_CREDENTIALS`, or 400/401/403), [`GatewayError::Transport`], or
    /// [`GatewayError::UnreadableResponse`] for an answer without a token.
    pub async fn fetch_token(&self) -> Result<(), GatewayError> {
        self.endpoint().fetch_token(&self.sender()).await
    }
}
