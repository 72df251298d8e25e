//! The one vendor client: [`Client`], driven by a vendor's [`Endpoint`] description (the
//! calls that cancel, the credentials, how an answer and a refusal read), with options,
//! bounded retries, the order lookup and the reading of an answer's class. Each vendor
//! crate's `client` module holds its description and what is genuinely that vendor's.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::http::HeaderValue;
use crate::json::Limits;
use async_trait::async_trait;

use crate::{
    CancelGateway, CancelOutcome, CancelRequest, ErrorKind, GatewayError, HttpRequest,
    HttpResponse, HttpTransport, Order, OrderDirectory, OutcomeStatus, PayloadErrors, Policy,
    PolicyError, Sensitive, TranslateContext, TranslateError, Translated, TranslationReport,
    TransportError, TransportErrorKind, Vendor, VendorApi,
};

/// The header that carries the core request's idempotency key (the `Idempotency-Key` of the
/// IETF HTTP API draft, which `cancelkit serve` honours). It is sent only when the request
/// has a key; a timed-out attempt is retried only when the request has a key *and* the
/// target is known to honour the header ([`ClientOptions::with_key_honoured`]).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// How a client sends: the timeout of one attempt, the retries, the limits of answers.
///
/// Retries are bounded and happen only where a retry cannot cancel twice: after a
/// connection failure (the request never left) always, after a timeout only when the core
/// request carries an idempotency key (sent as [`IDEMPOTENCY_KEY_HEADER`]) and the target
/// honours it (`key_honoured`, off by default: Kibo, OCC and Akinon document no such header,
/// and a repeated cancel there would come back "already cancelled" for a cancel that went
/// through), never after an answer. The wait before a retry starts at `retry_delay` and doubles; it is slept on a
/// short-lived helper thread, so the clients need no particular async runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The longest wait for one attempt's whole answer (default 10 s).
    pub timeout: Duration,
    /// Attempts after the first one, for the failures above (default 2).
    pub max_retries: u32,
    /// The wait before the first retry, doubled before each next one (default 200 ms).
    pub retry_delay: Duration,
    /// Size and depth limits for reading answers (default [`Limits::DEFAULT`]).
    pub limits: Limits,
    /// Whether the target honours [`IDEMPOTENCY_KEY_HEADER`], so that a timed-out attempt
    /// with a key may be sent again (default false; `cancelkit serve` honours it).
    pub key_honoured: bool,
}

impl ClientOptions {
    /// The translation context a client uses: `policy`, these options' limits, and the
    /// looked-up `order` when there is one.
    pub fn context<'a>(
        &self,
        policy: &'a crate::Policy,
        order: Option<&'a crate::Order>,
    ) -> crate::TranslateContext<'a> {
        crate::TranslateContext {
            limits: self.limits,
            ..crate::TranslateContext::new(policy)
        }
        .with_order(order)
    }
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_retries: 2,
            retry_delay: Duration::from_millis(200),
            limits: Limits::DEFAULT,
            key_honoured: false,
        }
    }
}

impl ClientOptions {
    /// With another timeout per attempt.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// With another number of retries (0: one attempt only).
    #[must_use]
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// With another first retry delay.
    #[must_use]
    pub fn with_retry_delay(mut self, retry_delay: Duration) -> Self {
        self.retry_delay = retry_delay;
        self
    }

    /// Says whether the target honours [`IDEMPOTENCY_KEY_HEADER`] (then a timed-out attempt
    /// of a request with a key is retried).
    #[must_use]
    pub fn with_key_honoured(mut self, key_honoured: bool) -> Self {
        self.key_honoured = key_honoured;
        self
    }

    /// With other limits for answers.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Whether a failed attempt may be sent again without risking a second cancel.
pub fn may_retry(error: &TransportError, replay_safe: bool) -> bool {
    match error.kind {
        TransportErrorKind::Connect => true,
        TransportErrorKind::Timeout => replay_safe,
        TransportErrorKind::Other => false,
    }
}

/// Sends `request` with the bounded retries of [`ClientOptions`]; `replay_safe` says
/// whether the request carries an idempotency key, and a timed-out attempt is repeated only
/// when it does and the options say the target honours it.
pub async fn send(
    transport: &dyn HttpTransport,
    base_url: &str,
    request: HttpRequest,
    options: &ClientOptions,
    replay_safe: bool,
) -> Result<HttpResponse, TransportError> {
    let mut retries_left = options.max_retries;
    let mut delay = options.retry_delay;
    loop {
        if retries_left == 0 {
            return transport.send(base_url, request, options.timeout).await;
        }
        match transport
            .send(base_url, request.clone(), options.timeout)
            .await
        {
            Err(error) if may_retry(&error, replay_safe && options.key_honoured) => {
                retries_left -= 1;
                sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            answer => return answer,
        }
    }
}

/// Adds the idempotency key header when the core request has a key; returns whether a
/// timed-out attempt may be retried.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the key is not a valid header value.
pub fn add_idempotency_key(
    core: &CancelRequest,
    http: &mut HttpRequest,
) -> Result<bool, TranslateError> {
    match &core.idempotency_key {
        Some(key) => {
            let value = HeaderValue::from_str(key.as_str()).map_err(|_| {
                TranslateError::Invalid(PayloadErrors::one(
                    "$",
                    ErrorKind::Rule,
                    "the idempotency key is not a valid HTTP header value",
                ))
            })?;
            http.headers_mut().insert(IDEMPOTENCY_KEY_HEADER, value);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// A credential as a header value that `Debug` does not print.
///
/// # Errors
///
/// [`GatewayError::Transport`] ([`TransportErrorKind::Other`], as a transport refuses a
/// header that is not valid HTTP) when `value` cannot travel in a header; the message names
/// the header, never the value.
pub fn credential(name: &str, value: &str) -> Result<HeaderValue, GatewayError> {
    crate::http::sensitive_value(value).ok_or_else(|| {
        GatewayError::Transport(TransportError {
            kind: TransportErrorKind::Other,
            message: format!("the value of header {name} is not valid HTTP"),
        })
    })
}

/// Looks the request's order up when a directory is configured.
pub async fn look_up(
    directory: Option<&dyn OrderDirectory>,
    request: &CancelRequest,
) -> Result<Option<Order>, GatewayError> {
    let Some(directory) = directory else {
        return Ok(None);
    };
    directory
        .find_order(request.order.as_str(), request.id_space)
        .await
        .map_err(|e| {
            GatewayError::InvalidRequest(TranslateError::NeedsLookup {
                what: format!("the order could not be looked up ({e})"),
            })
        })
}

/// Whether `status` is a success (2xx).
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// An answer that could not be read as the vendor's body.
pub fn unreadable(status: u16, error: TranslateError) -> GatewayError {
    let errors = match error {
        TranslateError::Invalid(errors) => errors,
        other => PayloadErrors::one("$", ErrorKind::Rule, other.to_string()),
    };
    GatewayError::UnreadableResponse { status, errors }
}

/// An answer that is not one the vendor documents (a 5xx page of a proxy, a redirect...).
pub fn not_an_answer(status: u16, vendor: &str) -> GatewayError {
    GatewayError::UnreadableResponse {
        status,
        errors: PayloadErrors::one(
            "$",
            ErrorKind::Syntax,
            format!("HTTP {status} with a body that is not a {vendor} answer"),
        ),
    }
}

/// A success answer read into the core: a whole refusal told in a success body becomes
/// [`GatewayError::Refused`] (its rejection, else the first line's); anything else is the
/// outcome.
pub fn settle(
    status: u16,
    inbound: Translated<CancelOutcome>,
) -> Result<Translated<CancelOutcome>, GatewayError> {
    let outcome = &inbound.value;
    if outcome.status == OutcomeStatus::Rejected {
        let rejection = outcome
            .rejection
            .as_ref()
            .or_else(|| outcome.lines.iter().find_map(|l| l.error.as_ref()));
        if let Some(rejection) = rejection {
            return Err(GatewayError::Refused {
                status,
                rejection: rejection.clone(),
            });
        }
    }
    Ok(inbound)
}

/// The outbound translation's report followed by the inbound one's.
pub fn with_outbound(
    outbound: TranslationReport,
    mut answer: Translated<CancelOutcome>,
) -> Translated<CancelOutcome> {
    let mut report = outbound;
    report.extend(std::mem::take(&mut answer.report));
    answer.report = report;
    answer
}

/// Where a client sends: the transport, the base URL and the options (what an
/// [`Endpoint`] needs to fetch a token).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Sender<'a> {
    /// The transport.
    pub transport: &'a dyn HttpTransport,
    /// The base URL (scheme, host, port, optional path prefix).
    pub base_url: &'a str,
    /// The options.
    pub options: &'a ClientOptions,
}

impl Sender<'_> {
    /// Sends `request` with the retries of the options ([`send`]).
    ///
    /// # Errors
    ///
    /// The [`TransportError`] of the last attempt.
    pub async fn send(
        &self,
        request: HttpRequest,
        replay_safe: bool,
    ) -> Result<HttpResponse, TransportError> {
        send(
            self.transport,
            self.base_url,
            request,
            self.options,
            replay_safe,
        )
        .await
    }
}

/// The request body of an endpoint's dialect.
pub type Body<E> = <<E as Endpoint>::Dialect as VendorApi>::Request<'static>;

/// One vendor's endpoint as the generic [`Client`] uses it: the calls that cancel, the
/// credentials they carry, and how an answer and a refusal read.
#[async_trait]
pub trait Endpoint: Send + Sync + fmt::Debug {
    /// The vendor.
    const VENDOR: Vendor;
    /// The vendor's translation, configured by a policy.
    type Dialect: VendorApi + Default;

    /// The translation `policy` configures.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the vendor's policy table is not valid.
    fn dialect(policy: &Policy) -> Result<Self::Dialect, PolicyError>;

    /// The vendor's request body for `request`, with the translation report; the dialect's
    /// [`VendorApi::request_from_core`] by default.
    ///
    /// # Errors
    ///
    /// [`TranslateError`] when the request cannot be expressed to the vendor.
    fn body(
        &self,
        dialect: &Self::Dialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<Body<Self>>, TranslateError> {
        VendorApi::request_from_core(dialect, request, ctx)
    }

    /// The calls that carry `body`, in sending order (most vendors: one), without
    /// credentials and without [`IDEMPOTENCY_KEY_HEADER`].
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the body breaks a rule of the API or a call is not
    /// valid HTTP.
    fn requests(&self, body: Body<Self>) -> Result<Vec<HttpRequest>, TranslateError>;

    /// The calls that cancel `request`: its [`body`](Self::body) in the
    /// [`requests`](Self::requests) that carry it, with the translation report.
    ///
    /// # Errors
    ///
    /// [`TranslateError`] when the request cannot be expressed to the vendor.
    fn calls(
        &self,
        dialect: &Self::Dialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<Vec<HttpRequest>>, TranslateError> {
        let Translated { value, report } = self.body(dialect, request, ctx)?;
        Ok(Translated::new(self.requests(value)?, report))
    }

    /// Reads a 2xx answer to the last call for `request` (`ctx` carries the request too,
    /// and the limits). By default the dialect's response body, parsed and validated
    /// ([`VendorApi::parse_response`]), read into the core
    /// ([`VendorApi::response_to_core`]).
    ///
    /// # Errors
    ///
    /// [`GatewayError::Refused`] for a refusal told in a success body,
    /// [`GatewayError::UnreadableResponse`] for a body that does not read.
    fn read_success(
        &self,
        dialect: &Self::Dialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        status: u16,
        body: &[u8],
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let _ = request;
        let response = dialect
            .parse_response(body, &ctx.limits)
            .map_err(|e| unreadable(status, e.into()))?;
        VendorApi::response_to_core(dialect, response, ctx).map_err(|e| unreadable(status, e))
    }

    /// Reads any other answer (`status` is not 2xx) as the gateway error it is.
    fn read_failure(&self, ctx: &TranslateContext<'_>, status: u16, body: &[u8]) -> GatewayError;

    /// Adds the credentials to a call before it is sent (fetching a token first when the
    /// endpoint exchanges one). The default adds nothing.
    ///
    /// # Errors
    ///
    /// [`GatewayError`] when no credential can be had.
    async fn authorize(
        &self,
        sender: &Sender<'_>,
        http: &mut HttpRequest,
    ) -> Result<(), GatewayError> {
        let _ = (sender, http);
        Ok(())
    }

    /// Whether an answer with `status` means the credentials must be renewed and the call
    /// sent once more (the endpoint forgets its token); the default never renews.
    fn renew(&self, status: u16) -> bool {
        let _ = status;
        false
    }
}

/// The one vendor client: a [`CancelGateway`] for [`Endpoint::VENDOR`], driven by `E`.
///
/// It translates the core request with `E`'s dialect (configured by the policy), sends
/// the calls of `E` with `E`'s credentials and [`IDEMPOTENCY_KEY_HEADER`] when the request
/// has a key, with the retries of [`ClientOptions`], and reads the answer to the last call
/// as `E` says. A call before the last that is not answered 2xx ends the cancel with that
/// answer's error. `Debug` shows the endpoint, the base URL and the options.
pub struct Client<E: Endpoint> {
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    endpoint: E,
    dialect: E::Dialect,
    policy: Arc<Policy>,
    options: ClientOptions,
    directory: Option<Arc<dyn OrderDirectory>>,
}

impl<E: Endpoint> fmt::Debug for Client<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("base_url", &self.base_url)
            .field("options", &self.options)
            .field("directory", &self.directory.is_some())
            .finish_non_exhaustive()
    }
}

impl<E: Endpoint> Client<E> {
    /// A client of `endpoint` at `base_url` (scheme, host, port, optional path prefix),
    /// with the default policy and [`ClientOptions`].
    pub fn new(
        transport: Arc<dyn HttpTransport>,
        base_url: impl Into<String>,
        endpoint: E,
    ) -> Self {
        Self {
            transport,
            base_url: base_url.into(),
            endpoint,
            dialect: E::Dialect::default(),
            policy: Arc::new(Policy::default()),
            options: ClientOptions::default(),
            directory: None,
        }
    }

    /// With another base URL (a proxy, or `cancelkit serve` in tests).
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// With a policy: the vendor's `[vendor.*]` table configures the translation, the
    /// `translate` section gives the general rules.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the vendor's table is not valid.
    pub fn with_policy(mut self, policy: Policy) -> Result<Self, PolicyError> {
        self.dialect = E::dialect(&policy)?;
        self.policy = Arc::new(policy);
        Ok(self)
    }

    /// With other timeouts, retries or limits.
    #[must_use]
    pub fn with_options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    /// With an order directory: [`CancelGateway::cancel`] looks the order up first (the
    /// vendor's ids of an order named in another id space, the lines of a cancel "in
    /// full", the class of some refusals).
    #[must_use]
    pub fn with_directory(mut self, directory: Arc<dyn OrderDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// The endpoint description.
    pub fn endpoint(&self) -> &E {
        &self.endpoint
    }

    /// The endpoint description, to change (a new token...).
    pub fn endpoint_mut(&mut self) -> &mut E {
        &mut self.endpoint
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The options in force.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Where this client sends.
    pub fn sender(&self) -> Sender<'_> {
        Sender {
            transport: self.transport.as_ref(),
            base_url: &self.base_url,
            options: &self.options,
        }
    }

    /// The vendor's translation in force.
    pub fn dialect(&self) -> &E::Dialect {
        &self.dialect
    }

    /// The translation context of this client: its policy, its limits, and `order`.
    pub fn context<'a>(&'a self, order: Option<&'a Order>) -> TranslateContext<'a> {
        self.options.context(&self.policy, order)
    }

    /// The exact calls [`cancel_with_order`](Self::cancel_with_order) sends for `request`
    /// (`order`: the looked-up order, if any), in order, **without** credentials (added
    /// when sending), with the report of the translation.
    ///
    /// # Errors
    ///
    /// The [`TranslateError`] of the translation, or [`TranslateError::Invalid`] when the
    /// body breaks a rule of the API or a call is not valid HTTP.
    pub fn http_requests(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<Vec<HttpRequest>>, TranslateError> {
        let mut calls = self
            .endpoint
            .calls(&self.dialect, request, &self.context(order))?;
        for http in &mut calls.value {
            add_idempotency_key(request, http)?;
        }
        Ok(calls)
    }

    /// The last of [`http_requests`](Self::http_requests): the call whose answer
    /// [`read_answer`](Self::read_answer) reads (for most vendors the only one).
    ///
    /// # Errors
    ///
    /// As [`http_requests`](Self::http_requests).
    pub fn http_request(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<HttpRequest>, TranslateError> {
        let Translated { value, report } = self.http_requests(request, order)?;
        let last = value.into_iter().last().ok_or_else(no_call)?;
        Ok(Translated::new(last, report))
    }

    /// Reads the vendor's answer to (the last call for) `request` into the core; the
    /// report is the inbound translation's.
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
        if !is_success(status) {
            return Err(self.endpoint.read_failure(&ctx, status, response.body()));
        }
        let inbound =
            self.endpoint
                .read_success(&self.dialect, request, &ctx, status, response.body())?;
        settle(status, inbound)
    }

    /// Sends one call with its credentials, renewing them once when the endpoint says so.
    async fn send_call(
        &self,
        http: &HttpRequest,
        replay_safe: bool,
    ) -> Result<HttpResponse, GatewayError> {
        let sender = self.sender();
        let mut renewed = false;
        loop {
            let mut attempt = http.clone();
            self.endpoint.authorize(&sender, &mut attempt).await?;
            let response = sender.send(attempt, replay_safe).await?;
            // A refused credential was not acted on: renew it once and repeat.
            if !renewed && self.endpoint.renew(response.status().as_u16()) {
                renewed = true;
                continue;
            }
            return Ok(response);
        }
    }

    /// Cancels `request` with an order already looked up (or none): translate, send each
    /// call with its credentials and the retries of [`ClientOptions`], read the answer.
    /// The report lists what the outbound and the inbound translation dropped, defaulted
    /// or approximated.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: the request cannot be expressed to the vendor, the vendor
    /// refused, the credentials were refused, the transport failed, or the answer cannot be
    /// read.
    pub async fn cancel_with_order(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let Translated {
            value: calls,
            report: outbound,
        } = self.http_requests(request, order)?;
        let replay_safe = request.idempotency_key.is_some();
        let last = calls.len().saturating_sub(1);
        for (i, http) in calls.iter().enumerate() {
            let response = self.send_call(http, replay_safe).await?;
            if i < last {
                // A first step: only its failure matters.
                let status = response.status().as_u16();
                if !is_success(status) {
                    let ctx = self.context(order).with_request(Some(request));
                    return Err(self.endpoint.read_failure(&ctx, status, response.body()));
                }
                continue;
            }
            let answer = self.read_answer(request, order, &response)?;
            return Ok(with_outbound(outbound, answer));
        }
        Err(GatewayError::InvalidRequest(no_call()))
    }
}

fn no_call() -> TranslateError {
    TranslateError::ChangesMeaning {
        message: "no call to send".to_owned(),
    }
}

#[async_trait]
impl<E: Endpoint> CancelGateway for Client<E> {
    fn vendor(&self) -> Vendor {
        E::VENDOR
    }

    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let order = look_up(self.directory.as_deref(), request).await?;
        self.cancel_with_order(request, order.as_ref()).await
    }
}

/// Reads an answer body: `parsed` is the vendor's parse of it, `to_core` its reading into
/// the core; a failure of either is [`GatewayError::UnreadableResponse`] with `status`.
///
/// # Errors
///
/// As above.
pub fn read_body<B, T, E: Into<TranslateError>>(
    status: u16,
    parsed: Result<B, E>,
    to_core: impl FnOnce(&B) -> Result<T, TranslateError>,
) -> Result<T, GatewayError> {
    let body = parsed.map_err(|e| unreadable(status, e.into()))?;
    to_core(&body).map_err(|e| unreadable(status, e))
}

/// The answer classes most vendors share, for [`Endpoint::read_failure`]: 401 and 403
/// are [`GatewayError::Authentication`]; a 4xx, or a 5xx whose body is the vendor's error
/// body (`known`), is [`GatewayError::Refused`] with the rejection `to_core` reads from
/// the body `parse` gives ([`read_body`]: either failing is an unreadable answer);
/// anything else (a proxy's 5xx page, a redirect, 1xx) is not an answer of `vendor`'s.
pub fn read_refusal<B, E: Into<TranslateError>>(
    status: u16,
    vendor: &str,
    parse: impl FnOnce() -> Result<B, E>,
    known: impl FnOnce(&B) -> bool,
    to_core: impl FnOnce(&B) -> Result<Translated<crate::CancelRejection>, TranslateError>,
) -> GatewayError {
    match status {
        401 | 403 => GatewayError::Authentication { status },
        400..=599 => {
            let read = read_body(status, parse(), |body| {
                if status >= 500 && !known(body) {
                    return Ok(None);
                }
                to_core(body).map(|rejection| Some(rejection.value))
            });
            match read {
                Ok(Some(rejection)) => GatewayError::Refused { status, rejection },
                Ok(None) => not_an_answer(status, vendor),
                Err(error) => error,
            }
        }
        _ => not_an_answer(status, vendor),
    }
}

/// A JSON body as bytes.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the value does not serialize.
pub fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, TranslateError> {
    let mut bytes = Vec::with_capacity(128);
    crate::json::write(body, &mut bytes).map_err(|e| {
        TranslateError::Invalid(PayloadErrors::one("$", ErrorKind::Rule, e.to_string()))
    })?;
    Ok(bytes)
}

/// A credential an [`Endpoint`] keeps: given by the caller, or fetched when first needed
/// (a login, a token exchange) and, when the vendor refuses it with 401, forgotten so that
/// [`Endpoint::renew`] fetches it once more. `Debug` never shows it.
#[derive(Default)]
pub struct KeptToken {
    token: Mutex<Option<Sensitive<String>>>,
    fetched: bool,
}

impl fmt::Debug for KeptToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeptToken")
            .field("fetched", &self.fetched)
            .finish_non_exhaustive()
    }
}

impl KeptToken {
    /// A token given by the caller (never renewed).
    pub fn given(token: impl Into<String>) -> Self {
        Self {
            token: Mutex::new(Some(Sensitive::new(token.into()))),
            fetched: false,
        }
    }

    /// A token fetched when first needed, and again after a 401.
    pub fn fetched() -> Self {
        Self {
            token: Mutex::new(None),
            fetched: true,
        }
    }

    /// The token held now, if any.
    pub fn current(&self) -> Option<Sensitive<String>> {
        self.token
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Keeps `token`.
    pub fn set(&self, token: Sensitive<String>) {
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(token);
    }

    /// The token held, else the one `fetch` obtains (and [`set`](Self::set)s).
    ///
    /// # Errors
    ///
    /// `fetch`'s error, or [`GatewayError::Authentication`] when it obtained none.
    pub async fn get_or_fetch<F: Future<Output = Result<(), GatewayError>>>(
        &self,
        fetch: impl FnOnce() -> F,
    ) -> Result<Sensitive<String>, GatewayError> {
        if let Some(token) = self.current() {
            return Ok(token);
        }
        fetch().await?;
        self.current()
            .ok_or(GatewayError::Authentication { status: 401 })
    }

    /// For [`Endpoint::renew`]: a fetched token refused with 401 is forgotten (`true`: send
    /// once more); a given one is kept (`false`).
    pub fn renew(&self, status: u16) -> bool {
        if status != 401 || !self.fetched {
            return false;
        }
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
        true
    }
}

/// How an [`Endpoint`] gets its token: given by the caller, or fetched with a username and
/// password when first needed and again after a 401 (a [`KeptToken`]). `Debug` shows
/// neither the token nor the credentials.
pub struct TokenAuth {
    login: Option<(Sensitive<String>, Sensitive<String>)>,
    token: KeptToken,
}

impl fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenAuth")
            .field("login", &self.login.is_some())
            .finish_non_exhaustive()
    }
}

impl TokenAuth {
    /// A token given by the caller (never renewed).
    pub fn given(token: impl Into<String>) -> Self {
        Self {
            login: None,
            token: KeptToken::given(token),
        }
    }

    /// A token fetched with `username` and `password` when first needed, and again after a
    /// 401.
    pub fn login(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            login: Some((
                Sensitive::new(username.into()),
                Sensitive::new(password.into()),
            )),
            token: KeptToken::fetched(),
        }
    }

    /// The username and password of a login (`None` for a given token).
    pub fn credentials(&self) -> Option<(&str, &str)> {
        self.login
            .as_ref()
            .map(|(user, password)| (user.expose().as_str(), password.expose().as_str()))
    }

    /// The token kept.
    pub fn token(&self) -> &KeptToken {
        &self.token
    }

    /// Sends a token `request` (a login, a token exchange: it has no effect but a token, so
    /// a timed-out one is sent again; `None`, as for a token given by the caller, sends
    /// nothing) and keeps the token `read` finds in a 2xx answer
    /// (`read` gets the status, the body and the limits of answers). An answer `read` finds
    /// no token in is unreadable, [`ErrorKind::Missing`] at `answer.token_field`; 400, 401
    /// and 403 are [`GatewayError::Authentication`]; any other status is not an answer of
    /// `answer.name`.
    ///
    /// # Errors
    ///
    /// [`GatewayError::Transport`], [`GatewayError::Authentication`], `read`'s error, or
    /// [`GatewayError::UnreadableResponse`].
    pub async fn exchange(
        &self,
        sender: &Sender<'_>,
        request: Option<HttpRequest>,
        answer: TokenAnswer<'_>,
        read: impl FnOnce(u16, &[u8], &Limits) -> Result<Option<Sensitive<String>>, GatewayError> + Send,
    ) -> Result<(), GatewayError> {
        let Some(request) = request else {
            return Ok(());
        };
        let response = sender.send(request, true).await?;
        let status = response.status().as_u16();
        match status {
            200..=299 => match read(status, response.body(), &sender.options.limits)? {
                Some(token) => {
                    self.token.set(token);
                    Ok(())
                }
                None => Err(GatewayError::UnreadableResponse {
                    status,
                    errors: PayloadErrors::one(
                        answer.token_field,
                        ErrorKind::Missing,
                        answer.no_token,
                    ),
                }),
            },
            400 | 401 | 403 => Err(GatewayError::Authentication { status }),
            _ => Err(not_an_answer(status, answer.name)),
        }
    }
}

/// The answer of a token exchange, as [`TokenAuth::exchange`] names it in errors.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct TokenAnswer<'a> {
    /// What the exchange is called (`"Omnitron login"`).
    pub name: &'a str,
    /// The field of a 2xx answer that carries the token (`"key"`).
    pub token_field: &'a str,
    /// What is wrong with a 2xx answer without a token.
    pub no_token: &'a str,
}

impl<'a> TokenAnswer<'a> {
    /// The exchange `name`, whose answers carry the token in `token_field`; `no_token` says
    /// what is wrong with one that does not.
    pub const fn new(name: &'a str, token_field: &'a str, no_token: &'a str) -> Self {
        Self {
            name,
            token_field,
            no_token,
        }
    }
}

/// Declares a vendor's public client type: a thin wrapper of [`Client`] over the vendor's
/// [`Endpoint`], with the builder methods of [`Client`] returning the wrapper, the rest of
/// [`Client`] through `Deref`, and [`CancelGateway`](crate::CancelGateway). The vendor
/// crate adds its constructors and what is genuinely its own.
///
/// ```ignore
/// cancel_domain::vendor_client! {
///     /// A Kibo Cancel Order client.
///     pub struct MozuClient(MozuEndpoint);
/// }
/// ```
///
/// For an endpoint built from a [`TokenAuth`] (`E: From<TokenAuth>`), `with TokenAuth`
/// adds the two constructors of a token API, `new(transport, base_url, token)` and
/// `login(transport, base_url, username, password)`:
///
/// ```ignore
/// cancel_domain::vendor_client! {
///     /// An Akinon Omnitron cancel client.
///     pub struct OmnitronClient(OmnitronEndpoint) with TokenAuth;
/// }
/// ```
#[macro_export]
macro_rules! vendor_client {
    ($(#[$meta:meta])* $vis:vis struct $name:ident($endpoint:ty) with TokenAuth;) => {
        $crate::vendor_client! { $(#[$meta])* $vis struct $name($endpoint); }

        impl $name {
            /// A client for the API at `base_url` (scheme, host, port, optional path
            /// prefix) with a token given by the caller, never renewed.
            pub fn new(
                transport: ::std::sync::Arc<dyn $crate::HttpTransport>,
                base_url: impl Into<String>,
                token: impl Into<String>,
            ) -> Self {
                let auth = $crate::client::TokenAuth::given(token);
                Self($crate::client::Client::new(transport, base_url, <$endpoint>::from(auth)))
            }

            /// A client that fetches its token with `username` and `password` when it first
            /// needs one, and once more when the token is refused (401); the type's
            /// documentation says where.
            pub fn login(
                transport: ::std::sync::Arc<dyn $crate::HttpTransport>,
                base_url: impl Into<String>,
                username: impl Into<String>,
                password: impl Into<String>,
            ) -> Self {
                let auth = $crate::client::TokenAuth::login(username, password);
                Self($crate::client::Client::new(transport, base_url, <$endpoint>::from(auth)))
            }
        }
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident($endpoint:ty);) => {
        $(#[$meta])*
        #[derive(Debug)]
        $vis struct $name($crate::client::Client<$endpoint>);

        impl $name {
            /// With another base URL (scheme, host, port and an optional path prefix): a
            /// proxy, or `cancelkit serve` in tests.
            #[must_use]
            pub fn with_base_url(self, base_url: impl Into<String>) -> Self {
                Self(self.0.with_base_url(base_url))
            }

            /// With a policy: the vendor's `[vendor.*]` table configures the translation,
            /// the `translate` section gives the general rules.
            ///
            /// # Errors
            ///
            /// [`PolicyError`]($crate::PolicyError) when the vendor's table is not valid.
            pub fn with_policy(self, policy: $crate::Policy) -> Result<Self, $crate::PolicyError> {
                self.0.with_policy(policy).map(Self)
            }

            /// With other timeouts, retries or limits.
            #[must_use]
            pub fn with_options(self, options: $crate::client::ClientOptions) -> Self {
                Self(self.0.with_options(options))
            }

            /// With an order directory: [`cancel`]($crate::CancelGateway::cancel) looks the
            /// order up first.
            #[must_use]
            pub fn with_directory(
                self,
                directory: ::std::sync::Arc<dyn $crate::OrderDirectory>,
            ) -> Self {
                Self(self.0.with_directory(directory))
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $crate::client::Client<$endpoint>;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        #[$crate::__async_trait::async_trait]
        impl $crate::CancelGateway for $name {
            fn vendor(&self) -> $crate::Vendor {
                self.0.vendor()
            }

            async fn cancel(
                &self,
                request: &$crate::CancelRequest,
            ) -> Result<$crate::Translated<$crate::CancelOutcome>, $crate::GatewayError> {
                self.0.cancel(request).await
            }
        }
    };
}

/// Waits `delay` without an async runtime: a helper thread wakes the task.
fn sleep(delay: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + delay,
        waker: None,
    }
}

struct Sleep {
    deadline: Instant,
    waker: Option<Arc<Mutex<Waker>>>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = Instant::now();
        if now >= self.deadline {
            return Poll::Ready(());
        }
        match &self.waker {
            Some(shared) => {
                let mut waker = shared.lock().unwrap_or_else(PoisonError::into_inner);
                if !waker.will_wake(cx.waker()) {
                    waker.clone_from(cx.waker());
                }
            }
            None => {
                let shared = Arc::new(Mutex::new(cx.waker().clone()));
                let wait = self.deadline - now;
                let for_thread = Arc::clone(&shared);
                let spawned = std::thread::Builder::new()
                    .name("cancel-kit-retry".to_owned())
                    .spawn(move || {
                        std::thread::sleep(wait);
                        for_thread
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .wake_by_ref();
                    });
                if spawned.is_err() {
                    // No thread to wait on: retry at once rather than never.
                    return Poll::Ready(());
                }
                self.waker = Some(shared);
            }
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_that_cannot_cancel_twice_are_retried() {
        let error = |kind| TransportError {
            kind,
            message: String::new(),
        };
        assert!(may_retry(&error(TransportErrorKind::Connect), false));
        assert!(!may_retry(&error(TransportErrorKind::Timeout), false));
        assert!(may_retry(&error(TransportErrorKind::Timeout), true));
        assert!(!may_retry(&error(TransportErrorKind::Other), true));
    }

    #[test]
    fn token_auth_keeps_credentials_out_of_debug() {
        let login = TokenAuth::login("akinon-user", "pa55word");
        assert_eq!(login.credentials(), Some(("akinon-user", "pa55word")));
        assert!(login.token().current().is_none());
        let text = format!("{login:?}");
        assert!(
            !text.contains("akinon-user") && !text.contains("pa55word"),
            "{text}"
        );
        // A fetched token refused with 401 is forgotten; a given one is kept.
        login.token().set(Sensitive::new("t0k3n".to_owned()));
        assert!(login.token().renew(401));
        assert!(login.token().current().is_none());
        let given = TokenAuth::given("s3cret");
        assert_eq!(given.credentials(), None);
        assert!(!given.token().renew(401));
        assert!(!format!("{given:?}").contains("s3cret"));
    }

    #[test]
    fn defaults() {
        let options = ClientOptions::default();
        assert_eq!(options.timeout, Duration::from_secs(10));
        assert_eq!(options.max_retries, 2);
        let options = options
            .with_timeout(Duration::from_millis(5))
            .with_max_retries(0);
        assert_eq!(options.timeout, Duration::from_millis(5));
        assert_eq!(options.max_retries, 0);
    }
}
