//! [`OccClient`]: cancel an order at Oracle Commerce Cloud through any [`HttpTransport`]:
//! the store, admin and agent APIs.

use cancel_domain::client::{self as common, Client, Endpoint, Sender};

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use cancel_domain::http;
use cancel_domain::{
    json, CancelOutcome, CancelRejection, CancelRequest, GatewayError, HttpRequest, HttpTransport,
    OutcomeStatus, Policy, PolicyError, Sensitive, TranslateContext, TranslateError, Translated,
    TranslationReport, Vendor,
};

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::error::{ErrorBody, ErrorCode};
use crate::wire::{
    AdminCancel, AgentCancel, AgentInitiateCancel, AgentOpResponse, AgentSubmitCancel,
    CancelOrderRequest, StoreCancel, SubmitCancelResponse,
};
use crate::OccDialect;

/// Which OCC API an [`OccClient`] cancels through (each has its own bearer token).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OccApi {
    /// `POST /ccstore/v1/orders/cancel`: the shopper's own order.
    Store {
        /// `X-CCOrganization`: the B2B organisation context, if any.
        organization: Option<String>,
        /// `X-CCAsset-Language`: the locale of the answer, if any.
        asset_language: Option<String>,
    },
    /// `POST /ccadmin/v1/orders/cancel` with `x-ccsite`.
    Admin {
        /// `x-ccsite`: the site the order was placed on.
        site_id: String,
    },
    /// `POST /ccagent/v1/orders/{id}` with `{"op": "cancel", "cancelReason": …}`.
    Agent {
        /// `x-ccsite`, if any.
        site_id: Option<String>,
    },
    /// The agent's two steps: `POST /ccagent/v1/orders/initiateCancelOrder`, then
    /// `PUT /ccagent/v1/orders/submitCancelOrder` with `{"id": …}`.
    AgentTwoStep {
        /// `x-ccsite`.
        site_id: String,
        /// `X-CCAgentContext.shopperProfileId`: the shopper who placed the order.
        shopper_profile_id: String,
        /// `X-CCOrganization` of the first step, if any.
        organization: Option<String>,
    },
}

impl OccApi {
    /// The store API with no optional header.
    pub fn store() -> Self {
        Self::Store {
            organization: None,
            asset_language: None,
        }
    }

    /// The admin API on `site_id`.
    pub fn admin(site_id: impl Into<String>) -> Self {
        Self::Admin {
            site_id: site_id.into(),
        }
    }

    /// The agent API's single call, without `x-ccsite`.
    pub fn agent() -> Self {
        Self::Agent { site_id: None }
    }

    /// The agent API's two steps, for the shopper `shopper_profile_id` on `site_id`.
    pub fn agent_two_step(
        site_id: impl Into<String>,
        shopper_profile_id: impl Into<String>,
    ) -> Self {
        Self::AgentTwoStep {
            site_id: site_id.into(),
            shopper_profile_id: shopper_profile_id.into(),
            organization: None,
        }
    }
}

cancel_domain::vendor_client! {
    /// An Oracle Commerce Cloud cancel client: a [`CancelGateway`] for [`Vendor::Occ`].
    ///
    /// It translates the core request with this crate's [`OccDialect`] (the merchant's reason
    /// list and `cancel_reason` default from `[vendor.occ]`), sends the call of its [`OccApi`]
    /// with `Authorization: Bearer <token>` (the token is the caller's: OCC issues one per API
    /// area; replace it with [`set_token`](Self::set_token) when it expires), `Content-Type`
    /// and `Accept` `application/json` (and [`IDEMPOTENCY_KEY_HEADER`] when the request has a
    /// key), and reads the answer:
    ///
    /// | answer | result |
    /// | --- | --- |
    /// | 2xx `{result, order}` (store, admin) | the outcome (`REMOVED` → `cancelled`, `PENDING_REMOVE` → `requested`, else `needs_review`) |
    /// | 2xx `{links, id, message}` (agent) | `cancelled` |
    /// | 2xx `{orderCancelled, orderId}` (agent, second step) | `cancelled`; `false` → [`GatewayError::Refused`] |
    /// | 401; 403 without `28107` | [`GatewayError::Authentication`] |
    /// | 4xx or 5xx with an `errorModel` | [`GatewayError::Refused`] with [`crate::error_to_core`]'s rejection (`210105` → `order_not_found`, `28107` → `not_order_owner`, `200218` → `invalid_reason`, `200101` → the class the looked-up order gives, ...) |
    /// | 4xx with another body | [`GatewayError::Refused`] (`vendor_refusal`) |
    /// | 5xx with another body, 1xx, 3xx, a 2xx that does not parse | [`GatewayError::UnreadableResponse`] |
    ///
    /// Timeouts and retries follow [`ClientOptions`]; neither `Debug` nor any error shows the
    /// token.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use cancel_domain::{CancelGateway, CancelReason, CancelRequest, HttpTransport, ReasonCode, Vendor};
    /// use cancel_occ::{OccApi, OccClient};
    ///
    /// async fn cancel(transport: Arc<dyn HttpTransport>, token: String) -> Result<(), Box<dyn std::error::Error>> {
    ///     let occ = OccClient::new(transport, "https://occ.example.com", OccApi::admin("siteUS"), token);
    ///     let mut request = CancelRequest::whole_order("o30413", CancelReason::new(ReasonCode::ChangedMind));
    ///     request.id_space = Some(Vendor::Occ);
    ///     let outcome = occ.cancel(&request).await?;
    ///     println!("{}", outcome.value.status);
    ///     Ok(())
    /// }
    /// ```
    pub struct OccClient(OccEndpoint);
}

/// The OCC cancel calls of one [`OccApi`], as [`OccClient`] uses them, with
/// `Authorization: Bearer <token>`; a 2xx carries the API's answer, a 4xx or 5xx may
/// carry an `errorModel`.
pub struct OccEndpoint {
    api: OccApi,
    token: Mutex<Sensitive<String>>,
}

impl fmt::Debug for OccEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccEndpoint")
            .field("api", &self.api)
            .finish_non_exhaustive()
    }
}

/// One call of the client, before credentials.
fn call<E: crate::wire::Endpoint>(endpoint: &E) -> Result<HttpRequest, TranslateError> {
    let envelope = endpoint.envelope();
    let body = common::json_body(envelope.body)?;
    let headers = envelope.headers.iter().map(|(n, v)| (*n, v.as_str()));
    http::json_request(envelope.method, &envelope.path, headers, body)
}

#[async_trait]
impl Endpoint for OccEndpoint {
    const VENDOR: Vendor = Vendor::Occ;
    type Dialect = OccDialect;

    fn dialect(policy: &Policy) -> Result<OccDialect, PolicyError> {
        OccDialect::from_policy(policy)
    }

    /// The OCC body without the check [`cancel_domain::VendorApi::request_from_core`] makes
    /// of it (a reason kept from elsewhere): the instance answers for its own reasons.
    fn body(
        &self,
        dialect: &OccDialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        dialect.request_from_core_unchecked(request, ctx)
    }

    fn requests(&self, body: CancelOrderRequest) -> Result<Vec<HttpRequest>, TranslateError> {
        Ok(match &self.api {
            OccApi::Store {
                organization,
                asset_language,
            } => {
                let mut store = StoreCancel::new(body);
                store.organization.clone_from(organization);
                store.asset_language.clone_from(asset_language);
                vec![call(&store)?]
            }
            OccApi::Admin { site_id } => vec![call(&AdminCancel::new(body, site_id.as_str()))?],
            OccApi::Agent { site_id } => {
                let mut agent = AgentCancel::new(&body);
                agent.site_id.clone_from(site_id);
                vec![call(&agent)?]
            }
            OccApi::AgentTwoStep {
                site_id,
                shopper_profile_id,
                organization,
            } => {
                let order_id = body.order_id.clone();
                let mut initiate =
                    AgentInitiateCancel::new(body, site_id.as_str(), shopper_profile_id.as_str());
                initiate.organization.clone_from(organization);
                let submit =
                    AgentSubmitCancel::new(order_id, site_id.as_str(), shopper_profile_id.as_str());
                vec![call(&initiate)?, call(&submit)?]
            }
        })
    }

    fn read_success(
        &self,
        _dialect: &OccDialect,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        status: u16,
        body: &[u8],
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let limits = &ctx.limits;
        Ok(match &self.api {
            OccApi::Store { .. } | OccApi::Admin { .. } => {
                let body = crate::parse_response(body, limits)
                    .map_err(|e| common::unreadable(status, e.into()))?;
                crate::response_to_core(&body, ctx).map_err(|e| common::unreadable(status, e))?
            }
            OccApi::Agent { .. } => {
                let body: AgentOpResponse =
                    json::parse(body, limits).map_err(|e| common::unreadable(status, e.into()))?;
                agent_answer(request, &body)
            }
            OccApi::AgentTwoStep { .. } => {
                let body: SubmitCancelResponse =
                    json::parse(body, limits).map_err(|e| common::unreadable(status, e.into()))?;
                submit_answer(request, &body)
            }
        })
    }

    fn read_failure(&self, ctx: &TranslateContext<'_>, status: u16, body: &[u8]) -> GatewayError {
        let body = ErrorBody::from_bytes(body);
        let known = matches!(body, ErrorBody::Known(_));
        let refused = || GatewayError::Refused {
            status,
            rejection: crate::error_to_core(&body, ctx)
                .map(|t| t.value)
                .unwrap_or_else(|e| vendor_refusal(e.to_string())),
        };
        match status {
            401 => GatewayError::Authentication { status },
            // 28107: the order is not the shopper's, a refusal of the cancel, not of the token.
            403 if body.code() != Some(ErrorCode::OrderNotOwned) => {
                GatewayError::Authentication { status }
            }
            400..=499 => refused(),
            500..=599 if known => refused(),
            _ => common::not_an_answer(status, "OCC"),
        }
    }

    async fn authorize(
        &self,
        _sender: &Sender<'_>,
        http: &mut HttpRequest,
    ) -> Result<(), GatewayError> {
        let authorization = format!(
            "{} {}",
            crate::wire::BEARER,
            self.token
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .expose()
        );
        http.headers_mut().insert(
            http::header::AUTHORIZATION,
            common::credential("authorization", &authorization)?,
        );
        Ok(())
    }
}

impl OccClient {
    /// A client for the OCC instance at `base_url` (scheme, host, port, optional path
    /// prefix), through `api`, with a bearer `token`.
    pub fn new(
        transport: Arc<dyn HttpTransport>,
        base_url: impl Into<String>,
        api: OccApi,
        token: impl Into<String>,
    ) -> Self {
        let endpoint = OccEndpoint {
            api,
            token: Mutex::new(Sensitive::new(token.into())),
        };
        Self(Client::new(transport, base_url, endpoint))
    }

    /// Replaces the bearer token (OCC's tokens expire after minutes).
    pub fn set_token(&self, token: impl Into<String>) {
        *self
            .endpoint()
            .token
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Sensitive::new(token.into());
    }

    /// The API in use.
    pub fn api(&self) -> &OccApi {
        &self.endpoint().api
    }
}

fn vendor_refusal(message: String) -> CancelRejection {
    CancelRejection::VendorRefusal {
        vendor: Vendor::Occ,
        vendor_code: None,
        message,
    }
}

/// The outcome of a request, named as the request names its order.
fn outcome_for(request: &CancelRequest, status: OutcomeStatus) -> CancelOutcome {
    let mut outcome = CancelOutcome::new(request.order.clone(), status);
    outcome.id_space = request.id_space;
    outcome
}

/// The agent's `{links, id, message}`: HTTP 2xx to `op: cancel` means the order is cancelled.
fn agent_answer(request: &CancelRequest, body: &AgentOpResponse) -> Translated<CancelOutcome> {
    let mut report = TranslationReport::new();
    let mut outcome = outcome_for(request, OutcomeStatus::Cancelled);
    outcome.phase = Some(cancel_domain::OrderPhase::Cancelled);
    outcome.message.clone_from(&body.message);
    if body.links.is_some() {
        report.dropped("links", "hypermedia links have no place in a core outcome");
    }
    for key in body.other.keys() {
        report.dropped(key.clone(), "not part of a core outcome");
    }
    Translated::new(outcome, report)
}

/// The second step's `{orderCancelled, orderId}`.
fn submit_answer(
    request: &CancelRequest,
    body: &SubmitCancelResponse,
) -> Translated<CancelOutcome> {
    let mut report = TranslationReport::new();
    let outcome = match body.order_cancelled {
        Some(true) => {
            let mut outcome = outcome_for(request, OutcomeStatus::Cancelled);
            outcome.phase = Some(cancel_domain::OrderPhase::Cancelled);
            outcome
        }
        Some(false) => {
            let mut outcome = outcome_for(request, OutcomeStatus::Rejected);
            outcome.rejection = Some(CancelRejection::VendorRefusal {
                vendor: Vendor::Occ,
                vendor_code: None,
                message: "OCC answered orderCancelled: false".to_owned(),
            });
            outcome
        }
        None => {
            report.unmapped(
                "orderCancelled",
                "the answer does not say whether the order is cancelled; the outcome needs review",
            );
            outcome_for(request, OutcomeStatus::NeedsReview)
        }
    };
    for key in body.other.keys() {
        report.dropped(key.clone(), "not part of a core outcome");
    }
    Translated::new(outcome, report)
}
