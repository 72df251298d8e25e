//! [`OccClient`]: cancel an order at Oracle Commerce Cloud through any [`HttpTransport`]:
//! the store, admin and agent APIs.

use cancel_domain::client as common;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use cancel_domain::http;
use cancel_domain::{
    json, CancelGateway, CancelOutcome, CancelRejection, CancelRequest, ErrorKind, GatewayError,
    HttpRequest, HttpResponse, HttpTransport, Order, OrderDirectory, OutcomeStatus, PayloadErrors,
    Policy, PolicyError, Sensitive, TranslateContext, TranslateError, Translated,
    TranslationReport, Vendor,
};
use serde::Serialize;

pub use common::{ClientOptions, IDEMPOTENCY_KEY_HEADER};

use crate::error::{ErrorBody, ErrorCode};
use crate::wire::{
    AdminCancel, AgentCancel, AgentInitiateCancel, AgentOpResponse, AgentSubmitCancel, Endpoint,
    StoreCancel, SubmitCancelResponse,
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
pub struct OccClient {
    transport: Arc<dyn HttpTransport>,
    base_url: String,
    api: OccApi,
    token: Mutex<Sensitive<String>>,
    dialect: OccDialect,
    policy: Arc<Policy>,
    options: ClientOptions,
    directory: Option<Arc<dyn OrderDirectory>>,
}

impl fmt::Debug for OccClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccClient")
            .field("base_url", &self.base_url)
            .field("api", &self.api)
            .field("options", &self.options)
            .field("directory", &self.directory.is_some())
            .finish_non_exhaustive()
    }
}

/// One call of the client, before credentials.
fn call<E: Endpoint>(endpoint: &E) -> Result<HttpRequest, TranslateError> {
    let envelope = endpoint.envelope();
    let body = json_body(envelope.body)?;
    let headers = envelope.headers.iter().map(|(n, v)| (*n, v.as_str()));
    http::json_request(envelope.method, &envelope.path, headers, body)
}

fn json_body<T: Serialize>(body: &T) -> Result<Vec<u8>, TranslateError> {
    let mut bytes = Vec::with_capacity(64);
    json::write(body, &mut bytes).map_err(|e| {
        TranslateError::Invalid(PayloadErrors::one("$", ErrorKind::Rule, e.to_string()))
    })?;
    Ok(bytes)
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
        Self {
            transport,
            base_url: base_url.into(),
            api,
            token: Mutex::new(Sensitive::new(token.into())),
            dialect: OccDialect::default(),
            policy: Arc::new(Policy::default()),
            options: ClientOptions::default(),
            directory: None,
        }
    }

    /// Replaces the bearer token (OCC's tokens expire after minutes).
    pub fn set_token(&self, token: impl Into<String>) {
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Sensitive::new(token.into());
    }

    /// With a policy: its `[vendor.occ]` table gives the merchant's reasons and the default
    /// reason; its `translate` section the general rules.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the `[vendor.occ]` table is not valid.
    pub fn with_policy(mut self, policy: Policy) -> Result<Self, PolicyError> {
        self.dialect = OccDialect::from_policy(&policy)?;
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
    /// OCC id of an order named in another id space, the class of a `200101` refusal).
    #[must_use]
    pub fn with_directory(mut self, directory: Arc<dyn OrderDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// The API in use.
    pub fn api(&self) -> &OccApi {
        &self.api
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

    /// The exact requests [`cancel_with_order`](Self::cancel_with_order) sends for
    /// `request`, in order (two for [`OccApi::AgentTwoStep`], else one), **without** the
    /// `Authorization` header (added when sending), with the translation report.
    ///
    /// # Errors
    ///
    /// The [`TranslateError`] of [`OccDialect::typed_request_from_core`].
    pub fn http_requests(
        &self,
        request: &CancelRequest,
        order: Option<&Order>,
    ) -> Result<Translated<Vec<HttpRequest>>, TranslateError> {
        let Translated {
            value: body,
            report,
        } = self
            .dialect
            .typed_request_from_core(request, &self.context(order))?;
        let mut calls = match &self.api {
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
        };
        for http in &mut calls {
            common::add_idempotency_key(request, http)?;
        }
        Ok(Translated::new(calls, report))
    }

    /// Reads OCC's answer to the (last) call for `request` into the core (the classes are
    /// in the [type docs](OccClient)); the report is the inbound translation's.
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
        if !common::is_success(status) {
            return Err(self.failure(&ctx, response));
        }
        let limits = &self.options.limits;
        let inbound = match &self.api {
            OccApi::Store { .. } | OccApi::Admin { .. } => {
                let body = crate::parse_response(response.body(), limits)
                    .map_err(|e| common::unreadable(status, e.into()))?;
                crate::response_to_core(&body, &ctx).map_err(|e| common::unreadable(status, e))?
            }
            OccApi::Agent { .. } => {
                let body: AgentOpResponse = json::parse(response.body(), limits)
                    .map_err(|e| common::unreadable(status, e.into()))?;
                agent_answer(request, &body)
            }
            OccApi::AgentTwoStep { .. } => {
                let body: SubmitCancelResponse = json::parse(response.body(), limits)
                    .map_err(|e| common::unreadable(status, e.into()))?;
                submit_answer(request, &body)
            }
        };
        common::settle(status, inbound)
    }

    /// A non-2xx answer as a gateway error.
    fn failure(&self, ctx: &TranslateContext<'_>, response: &HttpResponse) -> GatewayError {
        let status = response.status().as_u16();
        let body = ErrorBody::from_bytes(response.body());
        let known = matches!(body, ErrorBody::Known(_));
        match status {
            401 => GatewayError::Authentication { status },
            // 28107: the order is not the shopper's, a refusal of the cancel, not of the token.
            403 if body.code() != Some(ErrorCode::OrderNotOwned) => {
                GatewayError::Authentication { status }
            }
            400..=499 => GatewayError::Refused {
                status,
                rejection: crate::error_to_core(&body, ctx)
                    .map(|t| t.value)
                    .unwrap_or_else(|e| vendor_refusal(e.to_string())),
            },
            500..=599 if known => GatewayError::Refused {
                status,
                rejection: crate::error_to_core(&body, ctx)
                    .map(|t| t.value)
                    .unwrap_or_else(|e| vendor_refusal(e.to_string())),
            },
            _ => common::not_an_answer(status, "OCC"),
        }
    }

    /// Cancels `request` at OCC with an order already looked up (or none): translate, send
    /// (both steps for [`OccApi::AgentTwoStep`]) with the retries of [`ClientOptions`], read
    /// the answer. The report lists what the outbound and the inbound translation dropped,
    /// defaulted or approximated.
    ///
    /// # Errors
    ///
    /// [`GatewayError`]: the request cannot be expressed to OCC (a partial cancel, no
    /// reason...), OCC refused, the token was refused, the transport failed, or the answer
    /// cannot be read.
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
        let authorization = common::credential(
            "authorization",
            &format!(
                "Bearer {}",
                self.token
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .expose()
            ),
        )?;
        let last = calls.len().saturating_sub(1);
        for (i, mut http) in calls.into_iter().enumerate() {
            http.headers_mut()
                .insert(http::header::AUTHORIZATION, authorization.clone());
            let response = common::send(
                self.transport.as_ref(),
                &self.base_url,
                http,
                &self.options,
                replay_safe,
            )
            .await?;
            if i < last {
                // A first step: only its failure matters.
                if !common::is_success(response.status().as_u16()) {
                    let ctx = self.context(order).with_request(Some(request));
                    return Err(self.failure(&ctx, &response));
                }
                continue;
            }
            let answer = self.read_answer(request, order, &response)?;
            return Ok(common::with_outbound(outbound, answer));
        }
        // `http_requests` always gives at least one call.
        Err(GatewayError::InvalidRequest(
            TranslateError::ChangesMeaning {
                message: "no OCC call to send".to_owned(),
            },
        ))
    }
}

#[async_trait]
impl CancelGateway for OccClient {
    fn vendor(&self) -> Vendor {
        Vendor::Occ
    }

    async fn cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<Translated<CancelOutcome>, GatewayError> {
        let order = common::look_up(self.directory.as_deref(), request).await?;
        self.cancel_with_order(request, order.as_ref()).await
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
