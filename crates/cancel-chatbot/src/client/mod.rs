//! [`ChatbotClient`]: the chatbot platform's side of `cancelOrder`, to test an endpoint
//! that serves it (a test harness).

use cancel_domain::client as common;

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use cancel_domain::http;
use cancel_domain::{
    json, CancelGateway, CancelOutcome, CancelRequest, ErrorKind, GatewayError, HttpRequest,
    HttpResponse, HttpTransport, Method, Order, OrderDirectory, PayloadErrors, Policy, PolicyError,
    Sensitive, TranslateContext, TranslateError, Translated, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::ChatbotDialect;

/// The path of the chatbot's cancel operation.
pub const CANCEL_ORDER_PATH: &str = "/api/rest/v1/ecom/integrations/cancelOrder";

/// A client of the chatbot e-commerce integration's `cancelOrder`: a [`CancelGateway`] for
/// [`Vendor::Chatbot`], for testing a service that serves the endpoint (the chatbot calls
/// it; this client plays the chatbot).
///
/// It translates the core request with this crate's [`ChatbotDialect`] (channel, user and
/// language from the core requester, else from `[vendor.chatbot]`), sends
/// `POST {base}/api/rest/v1/ecom/integrations/cancelOrder` with `Content-Type` and `Accept`
/// `application/json`, the extra headers given with [`with_header`](Self::with_header)
/// (the vendor requires authentication but names no scheme) and
/// [`IDEMPOTENCY_KEY_HEADER`] when the request has a key, and reads the reply:
///
/// | answer | result |
/// | --- | --- |
/// | 2xx, a reply the patterns read as a success or a request | the outcome |
/// | 2xx, a reply the patterns read as a refusal | [`GatewayError::Refused`] (`vendor_refusal` carrying the text) |
/// | 2xx, a reply no pattern recognises | the outcome, `needs_review` |
/// | 401, 403 | [`GatewayError::Authentication`] |
/// | any other status, a 2xx that does not parse | [`GatewayError::UnreadableResponse`] (the chatbot has no error body) |
///
/// Timeouts and retries follow [`ClientOptions`]. `Debug` shows no header value.
///
/// ```no_run
/// use std::sync::Arc;
/// use cancel_chatbot::ChatbotClient;
/// use cancel_domain::{CancelGateway, CancelReason, CancelRequest, HttpTransport, ReasonCode, Requester, Vendor};
///
/// async fn ask(transport: Arc<dyn HttpTransport>) -> Result<(), Box<dyn std::error::Error>> {
///     let chatbot = ChatbotClient::new(transport, "http://127.0.0.1:8080")
///         .with_header("Authorization", "Bearer test-token");
///     let mut request = CancelRequest::whole_order("748596", CancelReason::new(ReasonCode::Unspecified));
///     request.id_space = Some(Vendor::Chatbot);
///     request.requester = Some(Requester {
///         channel: Some("telegram".into()),
///         user_id: Some("51342".to_owned().into()),
///         locale: Some("en".into()),
///         ..Requester::default()
///     });
///     let outcome = chatbot.cancel(&request).await?;
///     println!("{}", outcome.value.status);
///     Ok(())
/// }
/// ```
pub struct ChatbotClient {
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    headers: Vec<(String, Sensitive<String>)>,
    dialect: ChatbotDialect,
    policy: Arc<Policy>,
    options: ClientOptions,
    directory: Option<Arc<dyn OrderDirectory>>,
}

impl fmt::Debug for ChatbotClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatbotClient")
            .field("base_url", &self.base_url)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("options", &self.options)
            .field("directory", &self.directory.is_some())
            .finish_non_exhaustive()
    }
}

impl ChatbotClient {
    /// A client for the endpoint served at `base_url` (scheme, host, port, optional path
    /// prefix), with the default policy and [`ClientOptions`].
    pub fn new(transport: Arc<dyn HttpTransport>, base_url: impl Into<String>) -> Self {
        Self {
            transport,
            base_url: base_url.into(),
            headers: Vec::new(),
            dialect: ChatbotDialect::default(),
            policy: Arc::new(Policy::default()),
            options: ClientOptions::default(),
            directory: None,
        }
    }

    /// With one more header on every request (credentials of the service under test); its
    /// value never shows in `Debug`.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into(), Sensitive::new(value.into())));
        self
    }

    /// With a policy: its `[vendor.chatbot]` table gives the outbound defaults and the
    /// reply patterns.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the `[vendor.chatbot]` table is not valid.
    pub fn with_policy(mut self, policy: Policy) -> Result<Self, PolicyError> {
        self.dialect = ChatbotDialect::from_policy(&policy)?;
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
    /// chatbot order number of an order named in another id space, or the proof that a
    /// cancel of every line is a whole-order cancel).
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

    /// The exact request [`cancel_with_order`](Self::cancel_with_order) sends for `request`
    /// (`order`: the looked-up order, if any), with the report of the translation.
    ///
    /// # Errors
    ///
    /// The [`TranslateError`] of [`ChatbotDialect::request_from_core_typed`].
    pub fn http_request(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<HttpRequest>, TranslateError> {
        let Translated {
            value: body,
            report,
        } = self
            .dialect
            .request_from_core_typed(request, &self.context(order))?;
        let mut bytes = Vec::with_capacity(256);
        json::write(&body, &mut bytes).map_err(|e| {
            TranslateError::Invalid(PayloadErrors::one("$", ErrorKind::Rule, e.to_string()))
        })?;
        let extra = self
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.expose().as_str()));
        let mut http = http::json_request(Method::POST, CANCEL_ORDER_PATH, extra, bytes)?;
        common::add_idempotency_key(request, &mut http)?;
        Ok(Translated::new(http, report))
    }

    /// Reads the reply to `request` into the core (the classes are in the
    /// [type docs](ChatbotClient)); the report is the inbound translation's.
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
        if common::is_success(status) {
            let ctx = self.context(order).with_request(Some(request));
            let body = crate::parse_response(response.body(), &self.options.limits)
                .map_err(|e| common::unreadable(status, e.into()))?;
            let inbound = self
                .dialect
                .response_to_core_typed(&body, &ctx)
                .map_err(|e| common::unreadable(status, e))?;
            return common::settle(status, inbound);
        }
        match status {
            401 | 403 => Err(GatewayError::Authentication { status }),
            _ => Err(common::not_an_answer(status, "chatbot")),
        }
    }

    /// Cancels `request` with an order already looked up (or none): translate, send with
    /// the retries of [`ClientOptions`], read the reply. The report lists what the outbound
    /// and the inbound translation dropped, defaulted or approximated.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: the request cannot be expressed (a partial cancel, no channel or
    /// user...), the reply is a refusal, the credentials were refused, the transport
    /// failed, or the reply cannot be read.
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
        let response = common::send(
            self.transport.as_ref(),
            &self.base_url,
            http,
            &self.options,
            replay_safe,
        )
        .await?;
        let answer = self.read_answer(request, order, &response)?;
        Ok(common::with_outbound(outbound, answer))
    }
}

#[async_trait]
impl CancelGateway for ChatbotClient {
    fn vendor(&self) -> Vendor {
        Vendor::Chatbot
    }

    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let order = common::look_up(self.directory.as_deref(), request).await?;
        self.cancel_with_order(request, order.as_ref()).await
    }
}
