//! [`UnicommerceClient`]: Uniware's side of `POST /orders/cancel` and `/authToken`, to test
//! a marketplace that serves them (a test harness).

use cancel_domain::client as common;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use cancel_domain::http;
use cancel_domain::{
    json, CancelGateway, CancelOutcome, CancelRequest, ErrorKind, GatewayError, HttpRequest,
    HttpResponse, HttpTransport, Method, Order, OrderDirectory, OutcomeStatus, PayloadErrors,
    Policy, PolicyError, Sensitive, TranslateContext, TranslateError, Translated, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::wire::{
    AuthStatus, AuthTokenQuery, AuthTokenRequest, AuthTokenResponse, ACCEPT, API_KEY,
    AUTH_TOKEN_PATH, CANCEL_PATH, CONTENT_TYPE, JSON_MEDIA_TYPE,
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

/// How the client gets its `apiKey`.
#[derive(Clone)]
enum Auth {
    /// A token given by the caller.
    ApiKey,
    /// Username and password, exchanged at `/authToken` when needed.
    Login {
        username: Sensitive<String>,
        password: Sensitive<String>,
        exchange: TokenExchange,
    },
}

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
/// With [`login`](Self::login) credentials the token comes from `/authToken` (POST by
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
pub struct UnicommerceClient {
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    auth: Auth,
    token: Mutex<Option<Sensitive<String>>>,
    policy: Arc<Policy>,
    options: ClientOptions,
    directory: Option<Arc<dyn OrderDirectory>>,
}

impl fmt::Debug for UnicommerceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            Auth::ApiKey => "apiKey",
            Auth::Login {
                exchange: TokenExchange::Post,
                ..
            } => "login (POST /authToken)",
            Auth::Login {
                exchange: TokenExchange::Get,
                ..
            } => "login (GET /authToken)",
        };
        f.debug_struct("UnicommerceClient")
            .field("base_url", &self.base_url)
            .field("auth", &auth)
            .field("options", &self.options)
            .field("directory", &self.directory.is_some())
            .finish_non_exhaustive()
    }
}

fn not_a_token_answer(status: u16) -> GatewayError {
    GatewayError::UnreadableResponse {
        status,
        errors: PayloadErrors::one(
            "accessToken",
            ErrorKind::Missing,
            "the /authToken answer is not SUCCESS with an accessToken",
        ),
    }
}

impl UnicommerceClient {
    fn with_auth(
        transport: Arc<dyn HttpTransport>,
        base_url: impl Into<String>,
        auth: Auth,
        token: Option<Sensitive<String>>,
    ) -> Self {
        Self {
            transport,
            base_url: base_url.into(),
            auth,
            token: Mutex::new(token),
            policy: Arc::new(Policy::default()),
            options: ClientOptions::default(),
            directory: None,
        }
    }

    /// A client for the marketplace at `base_url` (scheme, host, port, optional path
    /// prefix) with a token for `apiKey`.
    pub fn new(
        transport: Arc<dyn HttpTransport>,
        base_url: impl Into<String>,
        api_key: impl Into<String>,
    ) -> Self {
        let token = Sensitive::new(api_key.into());
        Self::with_auth(transport, base_url, Auth::ApiKey, Some(token))
    }

    /// A client that asks the marketplace's `/authToken` for a token with `username` and
    /// `password` when it needs one, and once more when a token is refused.
    pub fn login(
        transport: Arc<dyn HttpTransport>,
        base_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let auth = Auth::Login {
            username: Sensitive::new(username.into()),
            password: Sensitive::new(password.into()),
            exchange: TokenExchange::default(),
        };
        Self::with_auth(transport, base_url, auth, None)
    }

    /// With the other `/authToken` variant (no effect for a client made with a token).
    #[must_use]
    pub fn with_token_exchange(mut self, variant: TokenExchange) -> Self {
        if let Auth::Login { exchange, .. } = &mut self.auth {
            *exchange = variant;
        }
        self
    }

    /// With a policy (its `translate` section; `[vendor.unicommerce]` has no keys).
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the `[vendor.unicommerce]` table is not valid.
    pub fn with_policy(mut self, policy: Policy) -> Result<Self, PolicyError> {
        UnicommerceDialect::from_policy(&policy)?;
        self.policy = Arc::new(policy);
        Ok(self)
    }

    /// With other timeouts, retries or limits.
    #[must_use]
    pub fn with_options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    /// With an order directory: [`CancelGateway::cancel`] looks the order up first (item,
    /// product and variant ids, and the units of a line cancelled "in full").
    #[must_use]
    pub fn with_directory(mut self, directory: Arc<dyn OrderDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The options in force.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    fn context<'a>(&'a self, order: Option<&'a Order>) -> TranslateContext<'a> {
        self.options.context(&self.policy, order)
    }

    fn current_token(&self) -> Option<Sensitive<String>> {
        self.token
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The `/authToken` request for these credentials (`None` for a client made with a
    /// token).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the request is not valid HTTP (never with the
    /// encoded credentials of this crate).
    pub fn token_request(&self) -> Result<Option<HttpRequest>, TranslateError> {
        let Auth::Login {
            username,
            password,
            exchange,
        } = &self.auth
        else {
            return Ok(None);
        };
        let request = match exchange {
            TokenExchange::Post => {
                let body = AuthTokenRequest::new(username.expose(), password.expose());
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
                let query = AuthTokenQuery::new(username.expose(), password.expose());
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
    pub async fn fetch_token(&self) -> Result<(), GatewayError> {
        let Some(request) = self.token_request()? else {
            return Ok(());
        };
        // A token request has no effect but a token: safe to repeat after a timeout.
        let response = common::send(
            self.transport.as_ref(),
            &self.base_url,
            request,
            &self.options,
            true,
        )
        .await?;
        let status = response.status().as_u16();
        match status {
            200..=299 => {
                let answer: AuthTokenResponse = json::parse(response.body(), &self.options.limits)
                    .map_err(|_| not_a_token_answer(status))?;
                match (&answer.status, answer.access_token) {
                    (AuthStatus::Success, Some(token)) if !token.expose().is_empty() => {
                        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(token);
                        Ok(())
                    }
                    (AuthStatus::Failed | AuthStatus::InvalidCredentials, _) => {
                        Err(GatewayError::Authentication { status })
                    }
                    _ => Err(not_a_token_answer(status)),
                }
            }
            400 | 401 | 403 => Err(GatewayError::Authentication { status }),
            _ => Err(common::not_an_answer(status, "Unicommerce /authToken")),
        }
    }

    async fn token(&self) -> Result<Sensitive<String>, GatewayError> {
        if let Some(token) = self.current_token() {
            return Ok(token);
        }
        self.fetch_token().await?;
        self.current_token()
            .ok_or(GatewayError::Authentication { status: 401 })
    }

    /// The exact request [`cancel_with_order`](Self::cancel_with_order) sends, **without**
    /// the `apiKey` header (added when sending), with the translation report.
    ///
    /// # Errors
    ///
    /// The [`TranslateError`] of [`crate::request_from_core`].
    pub fn http_request(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<HttpRequest>, TranslateError> {
        let Translated {
            value: body,
            report,
        } = crate::request_from_core(request, &self.context(order))?;
        let mut bytes = Vec::with_capacity(128);
        json::write(&body, &mut bytes).map_err(|e| {
            TranslateError::Invalid(PayloadErrors::one("$", ErrorKind::Rule, e.to_string()))
        })?;
        let mut http = http::json_request(Method::POST, CANCEL_PATH, [], bytes)?;
        common::add_idempotency_key(request, &mut http)?;
        Ok(Translated::new(http, report))
    }

    /// Reads the marketplace's answer to `request` into the core (the classes are in the
    /// [type docs](UnicommerceClient)); the report is the inbound translation's.
    ///
    /// # Errors
    ///
    /// [`GatewayError::Refused`], [`GatewayError::Authentication`] or
    /// [`GatewayError::UnreadableResponse`].
    pub fn read_answer(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
        response: &HttpResponse,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let status = response.status().as_u16();
        let ctx = self.context(order).with_request(Some(request));
        if common::is_success(status) {
            let body = crate::parse_response(response.body(), &self.options.limits)
                .map_err(|e| common::unreadable(status, e.into()))?;
            let inbound =
                crate::response_to_core(&body, &ctx).map_err(|e| common::unreadable(status, e))?;
            if inbound.value.status == OutcomeStatus::Rejected {
                // Nothing cancelled: the refusal, with every item's message.
                let rejection = crate::error_to_core(&ErrorBody::Known(body), &ctx)
                    .map_err(|e| common::unreadable(status, e))?;
                return Err(GatewayError::Refused {
                    status,
                    rejection: rejection.value,
                });
            }
            return common::settle(status, inbound);
        }
        match status {
            401 | 403 => Err(GatewayError::Authentication { status }),
            400..=599 => {
                let body = ErrorBody::from_bytes(response.body());
                if status >= 500 && body.as_known().is_none() {
                    return Err(common::not_an_answer(status, "Unicommerce"));
                }
                let rejection =
                    crate::error_to_core(&body, &ctx).map_err(|e| common::unreadable(status, e))?;
                Err(GatewayError::Refused {
                    status,
                    rejection: rejection.value,
                })
            }
            _ => Err(common::not_an_answer(status, "Unicommerce")),
        }
    }

    /// Sends `request` with an order already looked up (or none): translate, get a token
    /// if needed, send with the retries of [`ClientOptions`], read the answer. The report
    /// lists what the outbound and the inbound translation dropped, defaulted or
    /// approximated.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: the request cannot be expressed (a whole-order cancel, lines
    /// without product or variant...), the marketplace refused, the credentials were
    /// refused, the transport failed, or the answer cannot be read.
    pub async fn cancel_with_order(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let Translated {
            value: http,
            report: outbound,
        } = self.http_request(request, order)?;
        let replay_safe = request.idempotency_key.is_some();
        let mut renewed = false;
        let response = loop {
            let token = self.token().await?;
            let mut attempt = http.clone();
            attempt
                .headers_mut()
                .insert(API_KEY, common::credential(API_KEY, token.expose())?);
            let response = common::send(
                self.transport.as_ref(),
                &self.base_url,
                attempt,
                &self.options,
                replay_safe,
            )
            .await?;
            // A refused token was not acted on: ask for a new one once and repeat.
            if response.status() == 401 && !renewed && matches!(self.auth, Auth::Login { .. }) {
                renewed = true;
                *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
                continue;
            }
            break response;
        };
        let answer = self.read_answer(request, order, &response)?;
        Ok(common::with_outbound(outbound, answer))
    }
}

#[async_trait]
impl CancelGateway for UnicommerceClient {
    fn vendor(&self) -> Vendor {
        Vendor::Unicommerce
    }

    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let order = common::look_up(self.directory.as_deref(), request).await?;
        self.cancel_with_order(request, order.as_ref()).await
    }
}
