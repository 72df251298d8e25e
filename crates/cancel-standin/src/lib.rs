//! A local stand-in for five vendors' order-cancel endpoints, answering as each vendor does,
//! backed by the cancel-kit state rules (what `cancelkit serve` runs; the facade re-exports
//! it as `cancel_kit::endpoint`).
//!
//! [`StandIn`] is one framework-agnostic handler, `async fn handle(&self, HttpRequest) ->
//! HttpResponse`, over a [`CancelService`] on an [`InMemoryOrderStore`] (or, with
//! [`StandIn::with_store`], any [`OrderArchive`]: the SQLite and PostgreSQL stores of the
//! `cancel-store` crate, shared by several instances). It serves each
//! vendor's cancel endpoint at its real path, with the vendor's authentication rule, body
//! validation, refusals and status codes, all taken from the vendor crates (their paths,
//! header names and error bodies, and the [`Dialect`] contract), so the stand-in can never
//! disagree with them:
//!
//! | vendor | method and path | credentials |
//! | --- | --- | --- |
//! | chatbot | `POST /api/rest/v1/ecom/integrations/cancelOrder` | none |
//! | Kibo (mozu) | `POST /api/v2/order/action/cancel` | `x-vol-tenant` |
//! | Unicommerce | `POST /orders/cancel`, `GET`/`POST /authToken` | `apiKey` (from `/authToken`) |
//! | OCC | `POST /ccstore/v1/orders/cancel`, `POST /ccadmin/v1/orders/cancel` | `Authorization: Bearer …`; admin also `x-ccsite` |
//! | Akinon (omnitron) | `POST /api/i1/orders/{order_id}/cancel/`, `POST /api/v1/auth/login/` | `Authorization: Token …` |
//!
//! and, for tests, `GET /_cancelkit/orders/{id}[?id_space=<vendor>]` (the core order now),
//! `POST /_cancelkit/reset` (reload the orders; on a persistent store only as
//! `POST /_cancelkit/reset?reimport=true`, see [`StandIn::reset`]), `PUT /_cancelkit/orders`
//! (load other orders, [`StandIn::load_orders`]), `GET /_cancelkit/requests` (the request
//! journal), `POST`/`GET`/`DELETE /_cancelkit/faults` (scripted faults, applied by
//! [`server`]; see [`double`]), `GET /_cancelkit/health` and `GET /_cancelkit/openapi.json`
//! (see [`openapi`]).
//!
//! A POST whose body is not sent as `Content-Type: application/json` is answered 415 in the
//! vendor's error shape, after the credentials and before the body is read.
//!
//! A cancel request goes: credentials (the vendor's own refusal when they are missing or
//! wrong) → [`Dialect::request_to_core`] (an unreadable body gets
//! [`Dialect::invalid_answer`]) → [`CancelService::cancel`] (Unicommerce in
//! [`BatchMode::BestEffort`]) → [`Dialect::answer`] with the order as it is after the cancel.
//! An `Idempotency-Key` header, when the vendor body carries no key of its own, makes a
//! repeated request a replay of the first answer instead of a second cancel.
//!
//! Requests are routed by [`matchit`] (axum's router), over one table built when the
//! stand-in is made from every vendor's routes and the `/_cancelkit/` ones. Mount it in any
//! framework by converting the framework's request into an [`HttpRequest`]; with the
//! `server` feature, [`server`] does that for axum.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! use cancel_domain::http::Request;
//! use cancel_domain::{OrdersFile, Policy};
//! use cancel_standin::{OrdersSource, StandIn};
//!
//! let orders: OrdersFile = serde_json::from_str(
//!     r#"{"orders":[{"id":"1001","lines":[{"id":"L1","quantities":{"ordered":2}}]}]}"#,
//! ).unwrap();
//! let stand_in = StandIn::new(Policy::default(), OrdersSource::Orders(orders)).unwrap();
//! let get = |target| Request::get(target).body(Vec::new()).unwrap();
//! let response = stand_in.handle(get("/_cancelkit/orders/1001")).await;
//! assert_eq!(response.status(), 200);
//! let missing = stand_in.handle(get("/nowhere")).await;
//! assert_eq!(missing.status(), 404);
//! # });
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]
// With some vendor features off, some helpers have no caller.
#![cfg_attr(
    not(all(
        feature = "chatbot",
        feature = "mozu",
        feature = "unicommerce",
        feature = "occ",
        feature = "omnitron"
    )),
    allow(dead_code, unused_imports)
)]

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use cancel_domain::client::Endpoint;
use cancel_domain::http::{
    self, decode_segment, header_str, query_param, HeaderValue, APPLICATION_JSON,
};
use cancel_domain::json::Limits;
use cancel_domain::{
    BatchMode, CancelRequest, CancelService, CoreDialect, Dialect, ErrorKind, HttpRequest,
    HttpResponse, IdSource, IdempotencyKey, ImportMode, InFulfillment, InMemoryOrderStore, Order,
    OrderArchive, OrderStore, OrdersFile, PayloadErrors, Policy, PolicyError, Registry,
    RulesPolicy, SequentialIds, ServiceError, StoreError, TranslateContext, TranslateError, Vendor,
};
use chrono::{DateTime, Utc};

#[cfg(feature = "chatbot")]
mod chatbot;
pub mod double;
#[cfg(feature = "mozu")]
mod mozu;
#[cfg(feature = "occ")]
mod occ;
#[cfg(feature = "omnitron")]
mod omnitron;
mod openapi;
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub mod server;
#[cfg(feature = "unicommerce")]
mod unicommerce;

pub use double::{FaultError, FaultKind, FaultSpec, JournalAnswer, JournalEntry, JOURNAL_CAPACITY};
pub use openapi::openapi;

/// The header that makes a repeated request a replay (when the vendor body has no key):
/// the clients' [`IDEMPOTENCY_KEY_HEADER`](cancel_domain::client::IDEMPOTENCY_KEY_HEADER).
pub use cancel_domain::client::IDEMPOTENCY_KEY_HEADER as IDEMPOTENCY_KEY;

/// The header naming what the state rules made of a cancel (`cancelled`, `rejected`...),
/// added to every cancel answer for test suites; vendors never send it.
pub const OUTCOME_HEADER: &str = "x-cancelkit-outcome";

/// The credentials the stand-in accepts.
///
/// - `username` / `password`: the Unicommerce `/authToken` and Akinon `/api/v1/auth/login/`
///   exchanges; both answer with `token`.
/// - `token`: the Unicommerce `apiKey`, the OCC bearer token and the Akinon `Token`.
/// - `tenant`: the Kibo `x-vol-tenant` accepted (any non-empty value when `None`).
/// - `site`: the OCC admin `x-ccsite` accepted (any non-empty value when `None`).
/// - `shoppers`: OCC store shopper tokens, each mapped to the customer it logs in (the
///   order's `customer` in the orders file); a cancel sent with one is refused with `28107`
///   when the order belongs to someone else, as OCC's store API does.
///
/// `Debug` prints no secret.
#[derive(Clone, PartialEq, Eq)]
#[allow(
    clippy::exhaustive_structs,
    reason = "the credentials the stand-in accepts, one field per flag of `cancelkit serve`; callers build it by literal"
)]
pub struct Credentials {
    /// Login name of the token exchanges.
    pub username: String,
    /// Password of the token exchanges.
    pub password: String,
    /// The token every authenticated endpoint accepts.
    pub token: String,
    /// The Kibo tenant id accepted in `x-vol-tenant` (`None`: any).
    pub tenant: Option<String>,
    /// The OCC site id accepted in `x-ccsite` (`None`: any).
    pub site: Option<String>,
    /// OCC store shopper tokens → the customer each identifies.
    pub shoppers: std::collections::BTreeMap<String, String>,
}

impl Credentials {
    /// Default login name.
    pub const DEFAULT_USERNAME: &'static str = "cancelkit";
    /// Default password.
    pub const DEFAULT_PASSWORD: &'static str = "cancelkit";
    /// Default token.
    pub const DEFAULT_TOKEN: &'static str = "cancelkit-token";
}

impl Default for Credentials {
    fn default() -> Self {
        Self {
            username: Self::DEFAULT_USERNAME.to_owned(),
            password: Self::DEFAULT_PASSWORD.to_owned(),
            token: Self::DEFAULT_TOKEN.to_owned(),
            tenant: None,
            site: None,
            shoppers: std::collections::BTreeMap::new(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &"<redacted>")
            .field("password", &"<redacted>")
            .field("token", &"<redacted>")
            .field("tenant", &self.tenant)
            .field("site", &self.site)
            .field("shoppers", &self.shoppers.len())
            .finish()
    }
}

/// Where the orders come from, and what [`StandIn::reset`] goes back to.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum OrdersSource {
    /// An orders file, read again on every reset.
    File(PathBuf),
    /// Orders in memory, restored on every reset.
    Orders(OrdersFile),
}

/// The stand-in could not be set up, or reset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StandInError {
    /// A vendor section of the policy is wrong.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The orders could not be loaded.
    #[error(transparent)]
    Orders(#[from] StoreError),
    /// A plain reset of a persistent store, which would throw away state other instances
    /// share: only [`StandIn::reimport`] (`POST /_cancelkit/reset?reimport=true`) does it.
    #[error(
        "the store is persistent: POST /_cancelkit/reset?reimport=true replaces every order \
         with the orders file and forgets every idempotency key"
    )]
    ResetRefused,
    /// A re-import was asked for, but the stand-in has no orders file.
    #[error("no orders file to re-import: the stand-in was started without orders")]
    NoOrders,
    /// Two routes of the vendors compiled in cannot be told apart by the router.
    #[error("the route {path} cannot be served: {reason}")]
    Route {
        /// The path template.
        path: String,
        /// What the router found wrong with it.
        reason: String,
    },
}

/// The store a [`StandIn`] runs on: any [`OrderArchive`] (the in-memory store, or the
/// SQLite and PostgreSQL stores of `cancel-store`).
pub type SharedStore = Arc<dyn OrderArchive>;

/// The clock of the stand-in (the rules take `now` as an input).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// What a route does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// A vendor cancel endpoint.
    Cancel,
    /// Unicommerce `/authToken`.
    TokenExchange,
    /// Akinon `/api/v1/auth/login/`.
    Login,
}

/// One vendor route.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    /// `POST`, `GET`.
    pub(crate) method: &'static str,
    /// Path template (`{name}` matches one segment).
    pub(crate) path: &'static str,
    /// OpenAPI `operationId`.
    pub(crate) operation_id: &'static str,
    /// OpenAPI `summary`.
    pub(crate) summary: &'static str,
    /// What it does.
    pub(crate) action: Action,
    /// Listed in the OpenAPI document (aliases of documented quirks are not).
    pub(crate) documented: bool,
}

/// An authentication refusal and how OpenAPI describes it.
#[derive(Debug)]
pub(crate) struct AuthResponse {
    /// Status code.
    pub(crate) status: u16,
    /// OpenAPI description.
    pub(crate) description: &'static str,
    /// The body's JSON Schema (`None`: the dialect's error schema).
    pub(crate) schema: Option<serde_json::Value>,
}

/// A header parameter of an operation, for OpenAPI.
#[derive(Debug)]
pub(crate) struct HeaderParam {
    /// Header name.
    pub(crate) name: &'static str,
    /// Description.
    pub(crate) description: &'static str,
}

/// The vendor's own description of its endpoint, as its client uses it.
pub(crate) trait Described {
    /// The client's [`Endpoint`]: it names the vendor and configures the dialect.
    type Client: Endpoint;
}

/// What the stand-in takes from a vendor's [`Described`] endpoint.
pub(crate) trait Served {
    /// The vendor.
    fn vendor(&self) -> Vendor;

    /// The vendor's dialect, configured by `policy` (its client's [`Endpoint::dialect`]).
    fn dialect(&self, policy: &Policy) -> Result<Box<dyn Dialect>, PolicyError>;
}

impl<T: Described> Served for T
where
    <T::Client as Endpoint>::Dialect: Dialect + 'static,
{
    fn vendor(&self) -> Vendor {
        T::Client::VENDOR
    }

    fn dialect(&self, policy: &Policy) -> Result<Box<dyn Dialect>, PolicyError> {
        Ok(Box::new(T::Client::dialect(policy)?))
    }
}

/// The routes and rules of one vendor.
pub(crate) trait VendorEndpoints: Served + Send + Sync + fmt::Debug {
    /// Its routes.
    fn routes(&self) -> &'static [Route];

    /// Checks the credentials of a request to `route`: `Err` is the vendor's refusal.
    fn authorize(
        &self,
        route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
        dialect: &dyn Dialect,
    ) -> Result<(), Box<HttpResponse>>;

    /// Checks a read request against the path (Akinon: `{order_id}` equals `order`).
    fn check_request(
        &self,
        params: &[(&str, String)],
        request: &CancelRequest,
    ) -> Result<(), PayloadErrors> {
        let _ = (params, request);
        Ok(())
    }

    /// The answer the endpoint sends for `request` instead of the dialect's `body` with
    /// `status` (Akinon: the short form when the request had `"return_details": false`).
    fn shape_answer(&self, request: &CancelRequest, status: u16, body: Vec<u8>) -> Vec<u8> {
        let _ = (request, status);
        body
    }

    /// Names the caller of a cancel as the vendor would (`requester.customer`): OCC maps a
    /// store shopper token to its customer, the chatbot takes the chat `uid`. Returns
    /// whether the endpoint checks that the caller owns the order whatever the policy says
    /// (OCC's store API refuses another customer's order with `28107`).
    fn identify(
        &self,
        route: &Route,
        http: &HttpRequest,
        credentials: &Credentials,
        request: &mut CancelRequest,
    ) -> bool {
        let _ = (route, http, credentials, request);
        false
    }

    /// The batch mode the endpoint forces (Unicommerce: best effort).
    fn batch_mode(&self) -> Option<BatchMode> {
        None
    }

    /// The treatment of units in fulfillment the endpoint forces, when its answers cannot
    /// state the policy's choice (Kibo answers a cancel with the cancelled order only, so a
    /// cancel that would merely be requested is refused there instead of being applied and
    /// then failing to answer).
    fn in_fulfillment(&self) -> Option<InFulfillment> {
        None
    }

    /// Answers a route that is not a cancel (token exchanges).
    fn handle_other(
        &self,
        route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
    ) -> HttpResponse {
        let _ = (route, request, credentials);
        not_found_response("/")
    }

    /// OpenAPI security schemes: `(name, scheme)`.
    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)>;

    /// OpenAPI: the security requirement names of `route`. Every vendor's cancel routes
    /// take each of its [schemes](Self::security_schemes); its token exchanges take none.
    fn security(&self, route: &Route) -> Vec<&'static str> {
        if route.action == Action::Cancel {
            self.security_schemes()
                .into_iter()
                .map(|(name, _)| name)
                .collect()
        } else {
            Vec::new()
        }
    }

    /// OpenAPI: required header parameters of `route` besides the credentials.
    fn header_params(&self, route: &Route) -> Vec<HeaderParam> {
        let _ = route;
        Vec::new()
    }

    /// OpenAPI: the refusals [`authorize`](Self::authorize) can give.
    fn auth_responses(&self, route: &Route) -> Vec<AuthResponse>;

    /// OpenAPI: a request body for [`openapi::SAMPLE_ORDER`] when the dialect cannot write
    /// one from the core without policy settings.
    fn request_example(&self) -> Option<serde_json::Value> {
        None
    }

    /// OpenAPI: the operation of a non-cancel route.
    fn other_operation(&self, route: &Route) -> serde_json::Value {
        let _ = route;
        serde_json::Value::Null
    }
}

/// `rules` with what the endpoint of `endpoints` forces.
fn forced_rules(endpoints: &dyn VendorEndpoints, rules: &RulesPolicy) -> RulesPolicy {
    let mut rules = rules.clone();
    if let Some(batch) = endpoints.batch_mode() {
        rules.batch = batch;
    }
    if let Some(in_fulfillment) = endpoints.in_fulfillment() {
        rules.in_fulfillment = in_fulfillment;
    }
    rules
}

/// The rule switches `vendor`'s endpoint runs a cancel under: `rules` with what that
/// endpoint forces (Unicommerce: best effort; Kibo: units in fulfillment refused, as it has
/// no answer for a cancel that is only requested). `cancelkit serve` applies it to every
/// cancel; a `check` of a vendor request should too, so both answer alike.
///
/// ```
/// use cancel_domain::{BatchMode, InFulfillment, RulesPolicy, Vendor};
/// let rules = RulesPolicy { in_fulfillment: InFulfillment::Request, ..RulesPolicy::default() };
/// assert_eq!(cancel_standin::rules_for(Vendor::Unicommerce, &rules).batch, BatchMode::BestEffort);
/// assert_eq!(cancel_standin::rules_for(Vendor::Mozu, &rules).in_fulfillment, InFulfillment::Block);
/// assert_eq!(cancel_standin::rules_for(Vendor::Occ, &rules), rules);
/// ```
pub fn rules_for(vendor: Vendor, rules: &RulesPolicy) -> RulesPolicy {
    match vendor_endpoints()
        .into_iter()
        .find(|e| e.vendor() == vendor)
    {
        Some(endpoints) => forced_rules(endpoints, rules),
        None => rules.clone(),
    }
}

/// `core` and the dialect of every vendor compiled in, configured from `policy` (whose
/// vendor sections must each name one of them).
fn registry(
    policy: &Policy,
    endpoints: &[&'static dyn VendorEndpoints],
) -> Result<Registry, PolicyError> {
    let mut registry = Registry::new();
    registry.push(Box::new(CoreDialect));
    for endpoints in endpoints {
        registry.push(endpoints.dialect(policy)?);
    }
    registry.check_policy(policy)?;
    Ok(registry)
}

/// Where the control endpoints live (the vendors' paths never start with it).
pub(crate) const CONTROL_PREFIX: &str = "/_cancelkit/";

/// A `/_cancelkit/` endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Control {
    Health,
    Reset,
    OpenApi,
    Requests,
    Faults,
    Orders,
    /// `/_cancelkit/orders/{id}`.
    Order,
}

impl Control {
    /// Every control endpoint.
    const ALL: [Control; 7] = [
        Control::Health,
        Control::Reset,
        Control::OpenApi,
        Control::Requests,
        Control::Faults,
        Control::Orders,
        Control::Order,
    ];

    /// Its path (a template for [`Control::Order`]).
    pub(crate) fn path(self) -> &'static str {
        match self {
            Control::Health => "/_cancelkit/health",
            Control::Reset => "/_cancelkit/reset",
            Control::OpenApi => "/_cancelkit/openapi.json",
            Control::Requests => "/_cancelkit/requests",
            Control::Faults => "/_cancelkit/faults",
            Control::Orders => "/_cancelkit/orders",
            Control::Order => "/_cancelkit/orders/{id}",
        }
    }
}

/// What a path template leads to.
#[derive(Debug)]
enum Target {
    /// The vendor routes at this path, one per method.
    Vendor(Vec<(&'static dyn VendorEndpoints, &'static Route)>),
    /// A control endpoint.
    Control(Control),
}

/// The routes of `endpoints` and the control endpoints, in one router.
fn router(
    endpoints: &[&'static dyn VendorEndpoints],
) -> Result<matchit::Router<Target>, StandInError> {
    let mut by_path: Vec<(&'static str, Target)> = Vec::new();
    for endpoints in endpoints {
        for route in endpoints.routes() {
            match by_path.iter_mut().find(|(path, _)| *path == route.path) {
                Some((_, Target::Vendor(routes))) => routes.push((*endpoints, route)),
                _ => by_path.push((route.path, Target::Vendor(vec![(*endpoints, route)]))),
            }
        }
    }
    let control = Control::ALL
        .into_iter()
        .map(|control| (control.path(), Target::Control(control)));
    let mut router = matchit::Router::new();
    for (path, target) in by_path.into_iter().chain(control) {
        router
            .insert(path, target)
            .map_err(|e| StandInError::Route {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
    }
    Ok(router)
}

/// Where a request path leads.
#[derive(Debug)]
enum Found<'r> {
    /// No route (or a path parameter that is not percent-encoded UTF-8).
    Nothing,
    /// A control endpoint, with its raw `{id}`.
    Control(Control, Option<&'r str>),
    /// Vendor routes, with the decoded path parameters.
    Vendor(
        &'r [(&'static dyn VendorEndpoints, &'static Route)],
        Vec<(&'r str, String)>,
    ),
}

/// Looks `path` up in `router`.
fn find<'r>(router: &'r matchit::Router<Target>, path: &'r str) -> Found<'r> {
    let Ok(found) = router.at(path) else {
        return Found::Nothing;
    };
    // A parameter is one non-empty segment (matchit also matches an empty one).
    if found.params.iter().any(|(_, raw)| raw.is_empty()) {
        return Found::Nothing;
    }
    match found.value {
        Target::Control(control) => Found::Control(*control, found.params.get("id")),
        Target::Vendor(routes) => {
            let mut params = Vec::new();
            for (name, raw) in found.params.iter() {
                let Some(value) = decode_segment(raw) else {
                    return Found::Nothing;
                };
                params.push((name, value));
            }
            Found::Vendor(routes, params)
        }
    }
}

/// Every vendor compiled in.
#[allow(clippy::vec_init_then_push)] // one push per vendor feature
pub(crate) fn vendor_endpoints() -> Vec<&'static dyn VendorEndpoints> {
    #[allow(unused_mut)] // no push when every vendor feature is off
    let mut all: Vec<&'static dyn VendorEndpoints> = Vec::new();
    #[cfg(feature = "chatbot")]
    all.push(&chatbot::Chatbot);
    #[cfg(feature = "mozu")]
    all.push(&mozu::Mozu);
    #[cfg(feature = "unicommerce")]
    all.push(&unicommerce::Unicommerce);
    #[cfg(feature = "occ")]
    all.push(&occ::Occ);
    #[cfg(feature = "omnitron")]
    all.push(&omnitron::Omnitron);
    all
}

/// Ids for generated bodies (the chatbot's `responseId`): a fresh one per call, still
/// derived from the seed, so runs are reproducible.
#[derive(Debug, Default)]
struct CountingIds {
    next: AtomicU64,
}

impl IdSource for CountingIds {
    fn next_id(&self, seed: &str) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        SequentialIds.next_id(&format!("{seed}#{n}"))
    }
}

/// The stand-in for every vendor's cancel endpoint (see the [module docs](self)).
pub struct StandIn {
    registry: Registry,
    policy: Policy,
    service: RwLock<Arc<CancelService<SharedStore>>>,
    orders: RwLock<Option<OrdersSource>>,
    persistent: bool,
    credentials: Credentials,
    limits: Limits,
    clock: Clock,
    ids: CountingIds,
    router: matchit::Router<Target>,
    openapi: Vec<u8>,
    double: double::Double,
}

impl fmt::Debug for StandIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandIn")
            .field("orders", &self.orders)
            .field("persistent", &self.persistent)
            .field("credentials", &self.credentials)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

fn system_clock() -> DateTime<Utc> {
    // The stand-in is the edge where the clock is read; the rules take `now` as an input.
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

impl StandIn {
    /// A stand-in over `orders`, with the dialects configured from `policy`, the default
    /// [`Credentials`], [`Limits::DEFAULT`] and the system clock.
    ///
    /// # Errors
    ///
    /// [`StandInError`] when a vendor section of the policy or the orders are invalid.
    pub fn new(policy: Policy, orders: OrdersSource) -> Result<Self, StandInError> {
        let registry = registry(&policy, &vendor_endpoints())?;
        let store: SharedStore = Arc::new(load(&orders, &registry)?);
        Self::build(policy, registry, store, Some(orders), false)
    }

    /// A stand-in over a persistent `store` (SQLite or PostgreSQL from `cancel-store`),
    /// which may be shared with other instances. Its orders are whatever the store holds
    /// (`cancelkit store import` puts them there); `orders`, when given, is only read by
    /// an explicit [`reimport`](Self::reimport). A plain [`reset`](Self::reset) is refused.
    ///
    /// # Errors
    ///
    /// [`StandInError::Policy`] when a vendor section of the policy is invalid.
    pub fn with_store(
        policy: Policy,
        store: SharedStore,
        orders: Option<OrdersSource>,
    ) -> Result<Self, StandInError> {
        let registry = registry(&policy, &vendor_endpoints())?;
        Self::build(policy, registry, store, orders, true)
    }

    fn build(
        policy: Policy,
        registry: Registry,
        store: SharedStore,
        orders: Option<OrdersSource>,
        persistent: bool,
    ) -> Result<Self, StandInError> {
        let router = router(&vendor_endpoints())?;
        let openapi = serde_json::to_vec_pretty(&openapi(&registry)).unwrap_or_default();
        Ok(Self {
            registry,
            policy,
            service: RwLock::new(Arc::new(CancelService::new(store))),
            orders: RwLock::new(orders),
            persistent,
            credentials: Credentials::default(),
            limits: Limits::DEFAULT,
            clock: Arc::new(system_clock),
            ids: CountingIds::default(),
            router,
            openapi,
            double: double::Double::default(),
        })
    }

    /// A stand-in over an orders file.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn from_file(path: impl Into<PathBuf>, policy: Policy) -> Result<Self, StandInError> {
        Self::new(policy, OrdersSource::File(path.into()))
    }

    /// With other credentials.
    #[must_use]
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// With other document limits for request bodies.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// With another clock (tests pin `now`).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The credentials accepted.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The dialects.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The document limits of request bodies.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The cancel service as it is now (a reset replaces it).
    pub fn service(&self) -> Arc<CancelService<SharedStore>> {
        Arc::clone(&self.service.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Whether the store is persistent (see [`with_store`](Self::with_store)).
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// A copy of the order named `id` in `id_space`, as it is now (`None` also when the
    /// store cannot answer).
    pub async fn order(&self, id: &str, id_space: Option<Vendor>) -> Option<Order> {
        self.service()
            .store()
            .load(id, id_space)
            .await
            .ok()
            .flatten()
    }

    /// Reloads the orders (the file again, or the orders given), forgetting every cancel
    /// and idempotency record; returns the number of orders. On a persistent store this is
    /// refused ([`StandInError::ResetRefused`]): other instances may share it, and its
    /// point is to outlive restarts; [`reimport`](Self::reimport) is the explicit way.
    ///
    /// # Errors
    ///
    /// [`StandInError::Orders`] when the file cannot be read (the old state stays),
    /// [`StandInError::ResetRefused`] on a persistent store.
    pub async fn reset(&self) -> Result<usize, StandInError> {
        if self.persistent {
            return Err(StandInError::ResetRefused);
        }
        self.reimport().await
    }

    /// Replaces every order of the store with the orders file (read again) and forgets
    /// every idempotency record, in one transaction on a persistent store (what
    /// `POST /_cancelkit/reset?reimport=true` does); returns the number of orders.
    ///
    /// # Errors
    ///
    /// [`StandInError::NoOrders`] without an orders file, [`StandInError::Orders`] when it
    /// cannot be read or stored; the old state stays.
    pub async fn reimport(&self) -> Result<usize, StandInError> {
        let orders = self
            .orders
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or(StandInError::NoOrders)?;
        let fresh = load(&orders, &self.registry)?;
        self.double.clear();
        if self.persistent {
            let file = fresh.to_orders_file();
            let store = self.service().store().clone();
            return Ok(store.import(&file, ImportMode::Replace).await?);
        }
        let n = fresh.len();
        let store: SharedStore = Arc::new(fresh);
        *self.service.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(CancelService::new(store));
        Ok(n)
    }

    /// Replaces every order with `file` (what `PUT /_cancelkit/orders` does), forgetting
    /// every cancel and idempotency record, the journal and the faults; later resets go back
    /// to `file` instead of the orders the stand-in started with. On a persistent store the
    /// orders are replaced in one transaction. Returns the number of orders.
    ///
    /// # Errors
    ///
    /// [`StandInError::Orders`] when an order is invalid (the old state stays).
    pub async fn load_orders(&self, file: OrdersFile) -> Result<usize, StandInError> {
        let source = OrdersSource::Orders(file);
        let fresh = load(&source, &self.registry)?;
        if self.persistent {
            let store = self.service().store().clone();
            let n = store
                .import(&fresh.to_orders_file(), ImportMode::Replace)
                .await?;
            *self.orders.write().unwrap_or_else(PoisonError::into_inner) = Some(source);
            self.double.clear();
            return Ok(n);
        }
        let n = fresh.len();
        let store: SharedStore = Arc::new(fresh);
        *self.service.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(CancelService::new(store));
        *self.orders.write().unwrap_or_else(PoisonError::into_inner) = Some(source);
        self.double.clear();
        Ok(n)
    }

    /// The request journal, oldest first (see [`double`]).
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.double.journal()
    }

    /// Adds a scripted fault (what `POST /_cancelkit/faults` does). Faults are applied by
    /// [`server`] (the transport: a delay or a dropped connection needs one); a
    /// [`handle`](Self::handle) mounted elsewhere does not apply them.
    ///
    /// # Errors
    ///
    /// [`FaultError`] when the spec lacks what its kind needs.
    pub fn add_fault(&self, spec: FaultSpec) -> Result<double::Fault, FaultError> {
        spec.check()?;
        Ok(self.double.add_fault(spec))
    }

    /// The scripted fault that takes `request` (spending one of its calls), if any; never
    /// one for the `/_cancelkit/` endpoints.
    pub fn take_fault(&self, request: &HttpRequest) -> Option<FaultSpec> {
        if request.uri().path().starts_with(CONTROL_PREFIX) {
            return None;
        }
        self.double
            .take_fault(request.method().as_str(), request.uri().path())
    }

    /// The answer of a `status` fault (its body, or the stand-in's error body), journalled.
    pub fn fault_answer(&self, request: &HttpRequest, spec: &FaultSpec) -> HttpResponse {
        let status = spec.status.unwrap_or(503);
        let answer = match &spec.body {
            Some(body) => json_response(status, body),
            None => control_error(status, "fault", "a scripted fault answered this request"),
        };
        self.double
            .record(request, Some(&answer), false, Some(FaultKind::Status));
        answer
    }

    /// Journals a request whose connection a fault dropped before any answer.
    pub fn record_dropped(&self, request: &HttpRequest) {
        self.double
            .record(request, None, true, Some(FaultKind::Drop));
    }

    /// Answers `request` as [`handle`](Self::handle) does, journalling it as taken by
    /// `fault` (`dropped`: the answer is made but never sent).
    pub async fn handle_faulted(
        &self,
        request: HttpRequest,
        fault: Option<FaultKind>,
        dropped: bool,
    ) -> HttpResponse {
        let answer = self.answer(&request).await;
        if !request.uri().path().starts_with(CONTROL_PREFIX) {
            self.double.record(&request, Some(&answer), dropped, fault);
        }
        answer
    }

    /// The OpenAPI document served at `/_cancelkit/openapi.json` (pretty JSON).
    pub fn openapi_json(&self) -> &[u8] {
        &self.openapi
    }

    /// Answers one request, and journals it (not the `/_cancelkit/` ones).
    pub async fn handle(&self, request: HttpRequest) -> HttpResponse {
        self.handle_faulted(request, None, false).await
    }

    async fn answer(&self, request: &HttpRequest) -> HttpResponse {
        let path = request.uri().path();
        match find(&self.router, path) {
            Found::Nothing => not_found_response(path),
            Found::Control(control, id) => self.control(control, id, request).await,
            Found::Vendor(routes, params) => {
                let method = request.method().as_str();
                match routes.iter().find(|(_, route)| route.method == method) {
                    Some((endpoints, route)) => {
                        self.vendor(*endpoints, route, &params, request).await
                    }
                    None => {
                        let allowed: Vec<&str> = routes.iter().map(|(_, r)| r.method).collect();
                        method_not_allowed(&allowed)
                    }
                }
            }
        }
    }

    async fn vendor(
        &self,
        endpoints: &dyn VendorEndpoints,
        route: &Route,
        params: &[(&str, String)],
        request: &HttpRequest,
    ) -> HttpResponse {
        let Some(dialect) = self.registry.get(endpoints.vendor().into()) else {
            return not_found_response(request.uri().path());
        };
        if let Err(refusal) = endpoints.authorize(route, request, &self.credentials, dialect) {
            return *refusal;
        }
        if route.method == "POST" && !is_json(request) {
            return unsupported_media_type(dialect, request);
        }
        match route.action {
            Action::Cancel => {
                self.cancel(endpoints, dialect, route, params, request)
                    .await
            }
            Action::TokenExchange | Action::Login => {
                endpoints.handle_other(route, request, &self.credentials)
            }
        }
    }

    async fn cancel(
        &self,
        endpoints: &dyn VendorEndpoints,
        dialect: &dyn Dialect,
        route: &Route,
        params: &[(&str, String)],
        http: &HttpRequest,
    ) -> HttpResponse {
        let ctx = TranslateContext {
            limits: self.limits,
            ids: &self.ids,
            ..TranslateContext::new(&self.policy)
        };
        let mut request = match dialect.request_to_core(http.body(), &ctx) {
            Ok(translated) => translated.value,
            Err(TranslateError::Invalid(errors)) => return invalid(dialect, &errors),
            Err(other) => {
                let errors = PayloadErrors::one("$", ErrorKind::Rule, other.to_string());
                return invalid(dialect, &errors);
            }
        };
        if let Err(errors) = endpoints.check_request(params, &request) {
            return invalid(dialect, &errors);
        }
        if request.idempotency_key.is_none() {
            if let Some(key) = header_str(http.headers(), IDEMPOTENCY_KEY).filter(|k| !k.is_empty())
            {
                request.idempotency_key = Some(IdempotencyKey::new(key));
            }
        }
        let owner_checked = endpoints.identify(route, http, &self.credentials, &mut request);
        let mut rules = forced_rules(endpoints, &self.policy.rules);
        rules.check_owner |= owner_checked;
        let service = self.service();
        let outcome = match service.cancel(&request, &rules, (self.clock)()).await {
            Ok(outcome) => outcome,
            Err(ServiceError::KeyReused { key }) => {
                let errors = PayloadErrors::one(
                    "$",
                    ErrorKind::Rule,
                    format!("idempotency key {key} was already used for a different request"),
                );
                return invalid(dialect, &errors);
            }
            Err(ServiceError::Store(e)) => return server_error(&e.to_string()),
            Err(other) => return server_error(&other.to_string()),
        };
        let order = service
            .store()
            .load(request.order.as_str(), request.id_space)
            .await
            .ok()
            .flatten();
        let ctx = ctx.with_order(order.as_ref()).with_request(Some(&request));
        let mut body = Vec::new();
        match dialect.answer(&outcome, &ctx, &mut body) {
            Ok((status, _report)) => {
                let mut answer =
                    http::json_response(status, endpoints.shape_answer(&request, status, body));
                if let Ok(value) = HeaderValue::from_str(&outcome.status.to_string()) {
                    answer.headers_mut().insert(OUTCOME_HEADER, value);
                }
                answer
            }
            Err(e) => server_error(&format!(
                "the outcome cannot be written as a {} answer: {e}",
                endpoints.vendor()
            )),
        }
    }

    async fn control(
        &self,
        control: Control,
        id: Option<&str>,
        request: &HttpRequest,
    ) -> HttpResponse {
        let method = request.method().as_str();
        match control {
            Control::Health => {
                if method != "GET" {
                    return method_not_allowed(&["GET"]);
                }
                let orders = match self.service().store().count().await {
                    Ok(n) => n,
                    Err(e) => return server_error(&e.to_string()),
                };
                json_response(
                    200,
                    &serde_json::json!({ "status": "ok", "orders": orders }),
                )
            }
            Control::Reset => {
                if method != "POST" {
                    return method_not_allowed(&["POST"]);
                }
                let reimport =
                    query_param(request.uri(), "reimport").is_some_and(|v| v == "true" || v == "1");
                let done = if reimport {
                    self.reimport().await
                } else {
                    self.reset().await
                };
                match done {
                    Ok(orders) => json_response(
                        200,
                        &serde_json::json!({ "status": "reset", "orders": orders }),
                    ),
                    Err(e @ (StandInError::ResetRefused | StandInError::NoOrders)) => {
                        control_error(409, "reset_refused", &e.to_string())
                    }
                    Err(e) => server_error(&e.to_string()),
                }
            }
            Control::OpenApi => {
                if method != "GET" {
                    return method_not_allowed(&["GET"]);
                }
                http::json_response(200, self.openapi.clone())
            }
            Control::Requests => {
                if method != "GET" {
                    return method_not_allowed(&["GET"]);
                }
                json_response(
                    200,
                    &serde_json::json!({ "requests": self.double.journal() }),
                )
            }
            Control::Faults => match method {
                "GET" => json_response(200, &serde_json::json!({ "faults": self.double.faults() })),
                "DELETE" => {
                    self.double.clear_faults();
                    json_response(200, &serde_json::json!({ "faults": [] }))
                }
                "POST" => {
                    let spec = match serde_json::from_slice::<FaultSpec>(request.body()) {
                        Ok(spec) => spec,
                        Err(e) => {
                            return control_error(400, "bad_request", &format!("not a fault: {e}"))
                        }
                    };
                    match self.add_fault(spec) {
                        Ok(fault) => json_response(201, &fault),
                        Err(e) => control_error(400, "bad_request", &e.to_string()),
                    }
                }
                _ => method_not_allowed(&["DELETE", "GET", "POST"]),
            },
            Control::Orders => {
                if method != "PUT" {
                    return method_not_allowed(&["PUT"]);
                }
                let file = match InMemoryOrderStore::from_json(request.body()) {
                    Ok(store) => store.to_orders_file(),
                    Err(e) => return control_error(400, "bad_request", &e.to_string()),
                };
                match self.load_orders(file).await {
                    Ok(orders) => json_response(
                        200,
                        &serde_json::json!({ "status": "loaded", "orders": orders }),
                    ),
                    Err(StandInError::Orders(StoreError::Invalid(e))) => {
                        control_error(400, "bad_request", &e.to_string())
                    }
                    Err(e) => server_error(&e.to_string()),
                }
            }
            Control::Order => {
                if method != "GET" {
                    return method_not_allowed(&["GET"]);
                }
                self.get_order(id.unwrap_or_default(), request).await
            }
        }
    }

    async fn get_order(&self, raw_id: &str, request: &HttpRequest) -> HttpResponse {
        let Some(id) = decode_segment(raw_id) else {
            return control_error(
                400,
                "bad_request",
                "the order id is not valid percent-encoded UTF-8",
            );
        };
        let id_space = match query_param(request.uri(), "id_space") {
            None => None,
            Some(space) if space.is_empty() || space == "core" => None,
            Some(space) => match space.parse::<Vendor>() {
                // A built-in vendor, or one this stand-in has a dialect for.
                Ok(v) if self.registry().knows(v) => Some(v),
                _ => {
                    return control_error(
                        400,
                        "bad_request",
                        &format!(
                            "unknown id_space `{space}`; expected core, chatbot, mozu, unicommerce, occ or omnitron"
                        ),
                    )
                }
            },
        };
        match self.service().store().load(&id, id_space).await {
            Ok(Some(order)) => json_response(200, &order),
            Ok(None) => control_error(404, "not_found", &format!("no order {id}")),
            Err(e) => server_error(&e.to_string()),
        }
    }
}

/// The orders of `orders`, each naming only vendors of `registry` in its `vendor_ids`.
fn load(orders: &OrdersSource, registry: &Registry) -> Result<InMemoryOrderStore, StoreError> {
    let store = match orders {
        OrdersSource::File(path) => InMemoryOrderStore::from_file(path)?,
        OrdersSource::Orders(file) => InMemoryOrderStore::from_orders(file.orders.iter().cloned())?,
    };
    match orders {
        OrdersSource::File(_) => served_vendor_ids(&store.to_orders_file().orders, registry)?,
        OrdersSource::Orders(file) => served_vendor_ids(&file.orders, registry)?,
    }
    Ok(store)
}

/// Refuses the vendor ids of a vendor outside cancel-kit this stand-in has no dialect for.
/// The set of vendors is open, so the orders read any vendor's ids; here such an id is a
/// misspelling (`omnitorn`) that would leave the order unfound at its vendor. Worded as the
/// closed enum worded it, at the key.
fn served_vendor_ids(orders: &[Order], registry: &Registry) -> Result<(), StoreError> {
    use cancel_domain::path::{field, index};
    let foreign = |ids: &std::collections::BTreeMap<Vendor, String>, at: &dyn Fn() -> String| {
        ids.keys()
            .filter(|vendor| !registry.knows(**vendor))
            .map(|vendor| field(&field(&at(), "vendor_ids"), vendor.as_str()))
            .collect::<Vec<_>>()
    };
    let mut paths = Vec::new();
    for (i, order) in orders.iter().enumerate() {
        let at = || index("orders", i);
        paths.extend(foreign(&order.vendor_ids, &at));
        for (j, line) in order.lines.iter().enumerate() {
            paths.extend(foreign(&line.vendor_ids, &|| {
                index(&field(&at(), "lines"), j)
            }));
        }
    }
    if paths.is_empty() {
        return Ok(());
    }
    let message = format!(
        "unknown variant, expected one of {}",
        registry.known_vendors()
    );
    Err(StoreError::Invalid(PayloadErrors(
        paths
            .into_iter()
            .map(|path| cancel_domain::PayloadError::new(path, ErrorKind::Enum, message.clone()))
            .collect(),
    )))
}

/// The vendor-native answer to an unreadable request.
fn invalid(dialect: &dyn Dialect, errors: &PayloadErrors) -> HttpResponse {
    let mut body = Vec::new();
    let status = dialect.invalid_answer(errors, &mut body);
    http::json_response(status, body)
}

/// Whether the request says its body is JSON: `Content-Type: application/json`, with or
/// without parameters (`; charset=utf-8`), the type compared without regard to case.
pub(crate) fn is_json(request: &HttpRequest) -> bool {
    header_str(request.headers(), http::header::CONTENT_TYPE.as_str()).is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|media| media.trim().eq_ignore_ascii_case(JSON))
    })
}

/// The answer to a POST whose body is not declared JSON: status 415, in the vendor's
/// error shape (the body of [`Dialect::invalid_answer`]).
pub(crate) fn unsupported_media_type(dialect: &dyn Dialect, request: &HttpRequest) -> HttpResponse {
    let given = if request.headers().contains_key(http::header::CONTENT_TYPE) {
        "another Content-Type"
    } else {
        "no Content-Type"
    };
    let errors = PayloadErrors::one(
        "$",
        ErrorKind::Type,
        format!("the body must be sent as Content-Type: {JSON}; the request has {given}"),
    );
    let mut body = Vec::new();
    let _status = dialect.invalid_answer(&errors, &mut body);
    http::json_response(415, body)
}

pub(crate) fn json_response<T: serde::Serialize + ?Sized>(status: u16, value: &T) -> HttpResponse {
    http::json_response(status, serde_json::to_vec(value).unwrap_or_default())
}

/// The stand-in's own error body: `{"error": code, "message": text}`.
pub(crate) fn control_error(status: u16, code: &str, message: &str) -> HttpResponse {
    json_response(
        status,
        &serde_json::json!({ "error": code, "message": message }),
    )
}

pub(crate) fn not_found_response(path: &str) -> HttpResponse {
    control_error(404, "not_found", &format!("no endpoint at {path}"))
}

pub(crate) fn method_not_allowed(allowed: &[&str]) -> HttpResponse {
    let mut methods: Vec<&str> = allowed.to_vec();
    methods.sort_unstable();
    methods.dedup();
    let allow = methods.join(", ");
    let mut answer = control_error(405, "method_not_allowed", &format!("allowed: {allow}"));
    if let Ok(allow) = HeaderValue::from_str(&allow) {
        answer.headers_mut().insert(http::header::ALLOW, allow);
    }
    answer
}

fn server_error(message: &str) -> HttpResponse {
    control_error(500, "internal", message)
}

/// A bearer-style credential (`Authorization: <scheme> <token>`), scheme compared without
/// regard to case.
pub(crate) fn scheme_token<'a>(request: &'a HttpRequest, scheme: &str) -> Option<&'a str> {
    let value = header_str(request.headers(), http::header::AUTHORIZATION.as_str())?.trim();
    let (given, token) = value.split_once(' ')?;
    given
        .eq_ignore_ascii_case(scheme)
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// The media type of bodies.
pub(crate) const JSON: &str = APPLICATION_JSON;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_may_name_only_the_vendors_served() {
        let orders = |vendor: &str| -> OrdersFile {
            serde_json::from_str(&format!(
                r#"{{"orders":[{{"id":"1001","vendor_ids":{{"occ":"o1"}},"lines":[
                    {{"id":"L1","vendor_ids":{{"{vendor}":"90"}},"quantities":{{"ordered":2}}}}]}}]}}"#
            ))
            .unwrap()
        };
        let refused = StandIn::new(Policy::default(), OrdersSource::Orders(orders("omnitorn")));
        let Err(StandInError::Orders(StoreError::Invalid(errors))) = refused else {
            panic!("a misspelled vendor was accepted");
        };
        assert_eq!(errors.0.len(), 1, "{errors}");
        assert_eq!(errors.0[0].path, "orders[0].lines[0].vendor_ids.omnitorn");
        assert_eq!(errors.0[0].kind, ErrorKind::Enum);
        assert!(
            errors.0[0].message.ends_with("`occ`, `omnitron`"),
            "{}",
            errors.0[0].message
        );
        assert!(StandIn::new(Policy::default(), OrdersSource::Orders(orders("omnitron"))).is_ok());
    }

    /// The vendor route a path leads to: its method-less path template and decoded
    /// parameters.
    fn vendor_route(
        router: &matchit::Router<Target>,
        path: &'static str,
    ) -> Option<(&'static str, Vec<(String, String)>)> {
        match find(router, path) {
            Found::Vendor(routes, params) => Some((
                routes.first()?.1.path,
                params
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value))
                    .collect(),
            )),
            _ => None,
        }
    }

    #[test]
    fn templates_match_segments() {
        let router = router(&vendor_endpoints()).unwrap();
        let t = "/api/i1/orders/{order_id}/cancel/";
        let param = |v: &str| vec![("order_id".to_owned(), v.to_owned())];
        assert_eq!(
            vendor_route(&router, "/api/i1/orders/42/cancel/"),
            Some((t, param("42")))
        );
        assert_eq!(
            vendor_route(&router, "/api/i1/orders/a%20b/cancel/"),
            Some((t, param("a b")))
        );
        assert_eq!(
            vendor_route(&router, "/api/i1/orders/a+b%2B/cancel/"),
            Some((t, param("a+b+")))
        );
        assert_eq!(vendor_route(&router, "/api/i1/orders/42/cancel"), None);
        assert_eq!(vendor_route(&router, "/api/i1/orders//cancel/"), None);
        assert_eq!(vendor_route(&router, "/api/i1/orders/%ff/cancel/"), None);
        assert_eq!(
            vendor_route(&router, "/orders/cancel"),
            Some(("/orders/cancel", vec![]))
        );
        assert_eq!(vendor_route(&router, "/orders/cancel/x"), None);
        assert_eq!(vendor_route(&router, "/Orders/cancel"), None);
        // Two methods at one path are one route of the router.
        let Found::Vendor(auth, _) = find(&router, "/authToken") else {
            panic!("no /authToken");
        };
        let methods: Vec<&str> = auth.iter().map(|(_, r)| r.method).collect();
        assert_eq!(methods, ["GET", "POST"]);
    }

    #[test]
    fn control_paths_are_routed() {
        let router = router(&vendor_endpoints()).unwrap();
        for control in Control::ALL {
            let path = control.path().replace("{id}", "1001");
            assert!(path.starts_with(CONTROL_PREFIX), "{path}");
            assert!(
                matches!(find(&router, &path), Found::Control(c, _) if c == control),
                "{path}"
            );
        }
        assert!(matches!(
            find(&router, "/_cancelkit/health"),
            Found::Control(Control::Health, None)
        ));
        assert!(matches!(
            find(&router, "/_cancelkit/orders/a%2Fb"),
            Found::Control(Control::Order, Some("a%2Fb"))
        ));
        for nowhere in [
            "/_cancelkit/",
            "/_cancelkit/orders/",
            "/_cancelkit/orders/a/b",
            "/_cancelkit/nothing",
        ] {
            assert!(
                matches!(find(&router, nowhere), Found::Nothing),
                "{nowhere}"
            );
        }
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let c = Credentials {
            token: "s3cret-token".into(),
            password: "pw-123".into(),
            ..Credentials::default()
        };
        let text = format!("{c:?}");
        assert!(
            !text.contains("s3cret") && !text.contains("pw-123"),
            "{text}"
        );
    }
}
