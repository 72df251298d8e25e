//! [`MozuClient`]: cancel an order at Kibo through any [`HttpTransport`].

use cancel_domain::client as common;

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use cancel_domain::{
    CancelGateway, CancelOutcome, CancelRequest, GatewayError, HttpRequest, HttpResponse,
    HttpTransport, Order, OrderDirectory, Policy, PolicyError, TranslateContext, TranslateError,
    Translated, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::envelope::{CancelOrderCall, EnvelopeError, Environment, TenantId};
use crate::error::ErrorBody;
use crate::MozuDialect;

/// A Kibo Cancel Order client: a [`CancelGateway`] for [`Vendor::Mozu`].
///
/// It translates the core request with this crate's [`MozuDialect`], sends
/// `POST {base}/api/v2/order/action/cancel` with `x-vol-tenant` (and
/// [`IDEMPOTENCY_KEY_HEADER`] when the request has a key), and reads the answer back into
/// the core:
///
/// | answer | result |
/// | --- | --- |
/// | 2xx, the Get Order shape | the outcome (`CANCELED` → `cancelled`, else `needs_review`) |
/// | 401, 403 (`5004 GENERIC_NOT_AUTHORIZED`) | [`GatewayError::Authentication`] |
/// | 4xx or 5xx with an OMS error body | [`GatewayError::Refused`] with [`crate::error_to_core`]'s rejection (`5002` → `order_not_found`, other codes → `vendor_refusal` with the code) |
/// | 4xx with another body | [`GatewayError::Refused`] (`vendor_refusal` without a code) |
/// | 5xx with another body, 1xx, 3xx, a 2xx that does not parse | [`GatewayError::UnreadableResponse`] |
///
/// Timeouts and retries follow [`ClientOptions`]. `Debug` shows the tenant, base URL and
/// options only.
///
/// ```no_run
/// use std::sync::Arc;
/// use cancel_domain::{CancelGateway, CancelReason, CancelRequest, HttpTransport, ReasonCode, Vendor};
/// use cancel_mozu::{Environment, MozuClient, TenantId};
///
/// async fn cancel(transport: Arc<dyn HttpTransport>) -> Result<(), Box<dyn std::error::Error>> {
///     let kibo = MozuClient::new(transport, TenantId::new("12345")?, Environment::Sandbox);
///     let mut request = CancelRequest::whole_order("1010101", CancelReason::new(ReasonCode::ChangedMind));
///     request.id_space = Some(Vendor::Mozu);
///     let outcome = kibo.cancel(&request).await?;
///     println!("{}", outcome.value.status);
///     Ok(())
/// }
/// ```
pub struct MozuClient {
    transport: Arc<dyn HttpTransport>,
    tenant: TenantId,
    environment: Environment,
    base_url: String,
    dialect: MozuDialect,
    policy: Arc<Policy>,
    options: ClientOptions,
    directory: Option<Arc<dyn OrderDirectory>>,
}

impl fmt::Debug for MozuClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MozuClient")
            .field("tenant", &self.tenant)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("options", &self.options)
            .field("directory", &self.directory.is_some())
            .finish_non_exhaustive()
    }
}

impl MozuClient {
    /// A client for `tenant` in `environment` (base URL
    /// `https://{tenant}-translation[.sandbox].mozu.com`), with the default policy and
    /// [`ClientOptions`].
    pub fn new(
        transport: Arc<dyn HttpTransport>,
        tenant: TenantId,
        environment: Environment,
    ) -> Self {
        let base_url = environment.base_url(&tenant);
        Self {
            transport,
            tenant,
            environment,
            base_url,
            dialect: MozuDialect::default(),
            policy: Arc::new(Policy::default()),
            options: ClientOptions::default(),
            directory: None,
        }
    }

    /// With another base URL (scheme, host, port and an optional path prefix): a proxy, or
    /// `cancelkit serve` in tests. The tenant still travels in `x-vol-tenant`.
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// With a policy: its `[vendor.mozu]` table gives the defaults of the translation, its
    /// `translate` section the general rules.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the `[vendor.mozu]` table is not valid.
    pub fn with_policy(mut self, policy: Policy) -> Result<Self, PolicyError> {
        self.dialect = MozuDialect::from_policy(&policy)?;
        self.policy = Arc::new(policy);
        Ok(self)
    }

    /// With other timeouts, retries or limits.
    #[must_use]
    pub fn with_options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    /// With an order directory: [`CancelGateway::cancel`] looks the order up first (what
    /// `translate.whole_from_complete_lines` needs to send a cancel of every line).
    #[must_use]
    pub fn with_directory(mut self, directory: Arc<dyn OrderDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// The tenant.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
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
    /// The [`TranslateError`] of [`MozuDialect::request_from_core`], or
    /// [`TranslateError::Invalid`] when the body breaks a rule of the API.
    pub fn http_request(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<HttpRequest>, TranslateError> {
        let body = self
            .dialect
            .request_from_core(request, &self.context(order))?;
        let call = CancelOrderCall::new(self.tenant.clone(), self.environment, body.value);
        let mut http = call.http_request().map_err(|e| match e {
            EnvelopeError::InvalidBody(errors) => TranslateError::Invalid(errors),
            other => TranslateError::ChangesMeaning {
                message: other.to_string(),
            },
        })?;
        common::add_idempotency_key(request, &mut http)?;
        Ok(Translated::new(http, body.report))
    }

    /// Reads Kibo's answer to `request` into the core (the classes are in the
    /// [type docs](MozuClient)); the report is the inbound translation's.
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
            return common::settle(status, inbound);
        }
        match status {
            401 | 403 => Err(GatewayError::Authentication { status }),
            400..=599 => {
                let body = crate::parse_error(response.body(), &self.options.limits)
                    .map_err(|e| common::unreadable(status, e.into()))?;
                if status >= 500 && !matches!(body, ErrorBody::Known(_)) {
                    return Err(common::not_an_answer(status, "Kibo"));
                }
                let rejection =
                    crate::error_to_core(&body, &ctx).map_err(|e| common::unreadable(status, e))?;
                Err(GatewayError::Refused {
                    status,
                    rejection: rejection.value,
                })
            }
            _ => Err(common::not_an_answer(status, "Kibo")),
        }
    }

    /// Cancels `request` at Kibo with an order already looked up (or none): translate,
    /// send with the retries of [`ClientOptions`], read the answer. The report lists what
    /// the outbound and the inbound translation dropped, defaulted or approximated.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: the request cannot be expressed to Kibo, Kibo refused, the
    /// credentials were refused, the transport failed, or the answer cannot be read.
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
impl CancelGateway for MozuClient {
    fn vendor(&self) -> Vendor {
        Vendor::Mozu
    }

    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let order = common::look_up(self.directory.as_deref(), request).await?;
        self.cancel_with_order(request, order.as_ref()).await
    }
}
