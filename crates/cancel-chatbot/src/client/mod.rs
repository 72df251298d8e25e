//! [`ChatbotClient`]: the chatbot platform's side of `cancelOrder`, to test an endpoint
//! that serves it (a test harness).

use cancel_domain::client::{self as common, Client, Endpoint};

use std::fmt;
use std::sync::Arc;

use cancel_domain::http::{self, Method};
use cancel_domain::{
    GatewayError, HttpRequest, HttpTransport, Policy, PolicyError, Sensitive, TranslateContext,
    TranslateError, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::wire::CancelOrderRequest;
use crate::ChatbotDialect;

/// The path of the chatbot's cancel operation.
pub const CANCEL_ORDER_PATH: &str = "/api/rest/v1/ecom/integrations/cancelOrder";

cancel_domain::vendor_client! {
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
    pub struct ChatbotClient(ChatbotEndpoint);
}

/// The chatbot's `cancelOrder` endpoint, as [`ChatbotClient`] uses it: `POST`
/// [`CANCEL_ORDER_PATH`] with the extra headers given; a 2xx carries the reply, and there
/// is no error body.
#[derive(Default)]
pub struct ChatbotEndpoint {
    headers: Vec<(String, Sensitive<String>)>,
}

impl fmt::Debug for ChatbotEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatbotEndpoint")
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Endpoint for ChatbotEndpoint {
    const VENDOR: Vendor = Vendor::Chatbot;
    type Dialect = ChatbotDialect;

    fn dialect(policy: &Policy) -> Result<ChatbotDialect, PolicyError> {
        ChatbotDialect::from_policy(policy)
    }

    fn requests(&self, body: CancelOrderRequest) -> Result<Vec<HttpRequest>, TranslateError> {
        let extra = self
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.expose().as_str()));
        let http = http::json_request(
            Method::POST,
            CANCEL_ORDER_PATH,
            extra,
            common::json_body(&body)?,
        )?;
        Ok(vec![http])
    }

    fn read_failure(&self, _ctx: &TranslateContext<'_>, status: u16, _body: &[u8]) -> GatewayError {
        match status {
            401 | 403 => GatewayError::Authentication { status },
            _ => common::not_an_answer(status, "chatbot"),
        }
    }
}

impl ChatbotClient {
    /// A client for the endpoint served at `base_url` (scheme, host, port, optional path
    /// prefix), with the default policy and [`ClientOptions`].
    pub fn new(transport: Arc<dyn HttpTransport>, base_url: impl Into<String>) -> Self {
        Self(Client::new(transport, base_url, ChatbotEndpoint::default()))
    }

    /// With one more header on every request (credentials of the service under test); its
    /// value never shows in `Debug`.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0
            .endpoint_mut()
            .headers
            .push((name.into(), Sensitive::new(value.into())));
        self
    }
}
