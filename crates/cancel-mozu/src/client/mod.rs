//! [`MozuClient`]: cancel an order at Kibo through any [`HttpTransport`].

use cancel_domain::client::{self as common, Client, Endpoint};

use std::sync::Arc;

use cancel_domain::{
    GatewayError, HttpRequest, HttpTransport, Policy, PolicyError, TranslateContext,
    TranslateError, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::envelope::{CancelOrderCall, EnvelopeError, Environment, TenantId};
use crate::error::ErrorBody;
use crate::wire::CancelOrderRequest;
use crate::MozuDialect;

cancel_domain::vendor_client! {
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
    pub struct MozuClient(MozuEndpoint);
}

/// Kibo's Cancel Order endpoint, as [`MozuClient`] uses it: `POST
/// /api/v2/order/action/cancel` with `x-vol-tenant`; a 2xx carries the order, a 4xx or
/// 5xx the OMS error body.
#[derive(Debug, Clone)]
pub struct MozuEndpoint {
    tenant: TenantId,
    environment: Environment,
}

impl Endpoint for MozuEndpoint {
    const VENDOR: Vendor = Vendor::Mozu;
    type Dialect = MozuDialect;

    fn dialect(policy: &Policy) -> Result<MozuDialect, PolicyError> {
        MozuDialect::from_policy(policy)
    }

    fn requests(&self, body: CancelOrderRequest) -> Result<Vec<HttpRequest>, TranslateError> {
        let call = CancelOrderCall::new(self.tenant.clone(), self.environment, body);
        let http = call.http_request().map_err(|e| match e {
            EnvelopeError::InvalidBody(errors) => TranslateError::Invalid(errors),
            other => TranslateError::ChangesMeaning {
                message: other.to_string(),
            },
        })?;
        Ok(vec![http])
    }

    fn read_failure(&self, ctx: &TranslateContext<'_>, status: u16, body: &[u8]) -> GatewayError {
        common::read_refusal(
            status,
            "Kibo",
            || crate::parse_error(body, &ctx.limits),
            |body| matches!(body, ErrorBody::Known(_)),
            |body| crate::error_to_core(body, ctx),
        )
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
        Self(Client::new(
            transport,
            base_url,
            MozuEndpoint {
                tenant,
                environment,
            },
        ))
    }

    /// The tenant.
    pub fn tenant(&self) -> &TenantId {
        &self.endpoint().tenant
    }
}
