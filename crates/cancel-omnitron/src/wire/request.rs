//! The cancel call: `POST /api/i1/orders/{order_id}/cancel/` with its JSON body.

use std::collections::BTreeMap;

use cancel_domain::{ErrorKind, PayloadError, PayloadErrors, Sensitive};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{ItemPk, OrderPk, ReasonId};
use super::values::{Amount, ReasonMap, SecretMap};

cancel_domain::wire_object! {
    /// The JSON body of `POST /api/i1/orders/{order_id}/cancel/` (this is the `request`
    /// payload kind of `cancelkit validate|normalize|convert --vendor omnitron`).
    ///
    /// Absent and default stay apart (`is_all` absent is not `"is_all": false`), so a parsed
    /// body writes back exactly as it came. Semantic rules are checked by
    /// [`validate`](Self::validate) (and by [`crate::parse_request`]):
    ///
    /// - `is_all: true` needs `cancel_items: []`; otherwise `cancel_items` is non-empty and
    ///   has no repeated pk (`duplicate` at `cancel_items[i]`);
    /// - every cancelled item has a reason (`missing` at `reasons.<pk>`);
    /// - reason ids are checked against the merchant's reason table by
    ///   [`crate::OmnitronDialect`] (a `refund`-type or inactive reason is a `rule` error).
    ///
    /// **Cancel only, never return.** Akinon forbids cancelling some items and returning
    /// others within one order. This body can only say "cancel": it has no per-item process
    /// field, so everything it names is cancelled, and a reason whose `cancellation_type` is
    /// `refund` (a return reason) is refused. A return is a different call this crate does
    /// not model, so one request cannot express both.
    ///
    /// `Debug` never prints IBANs, holder names or the forced amount.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct CancelOrderBody expecting "an Akinon cancel body (a JSON object)" {
        /// `order`, required: the order **pk** (integer ≥ 1), equal to the path's `order_id`.
        "order" => order: OrderPk [required],
        /// `is_all`, optional (Akinon's default: false): true cancels every item of the order.
        "is_all" => is_all: bool [optional],
        /// `cancel_items`, required: the pks of the items to cancel; `[]` when `is_all` is true.
        "cancel_items" => cancel_items: Vec<ItemPk> [required],
        /// `forced_refund_amount`: `null` (what Akinon asks integrations to send) or an exact
        /// decimal string. `None` = absent, `Some(None)` = `null`.
        "forced_refund_amount" => forced_refund_amount: Option<Amount> [optional],
        /// `reasons`, required: item pk (a string key) → cancellation reason id.
        "reasons" => reasons: BTreeMap<ItemPk, ReasonId> [required via ReasonMap],
        /// `is_cargo_refund`, optional (default false): refund the cargo (shipping) fee too,
        /// as the merchant's cancellation strategy allows.
        "is_cargo_refund" => is_cargo_refund: bool [optional],
        /// `refund_invoice_number`, optional. `Some(None)` = `null`.
        "refund_invoice_number" => refund_invoice_number: Option<String> [optional],
        /// `ibans`, optional: item pk → IBAN, for fund-transfer payments only (sensitive).
        "ibans" => ibans: BTreeMap<ItemPk, Sensitive<String>> [optional via SecretMap],
        /// `holder_names`, optional: item pk → account holder name (sensitive).
        "holder_names" => holder_names: BTreeMap<ItemPk, Sensitive<String>> [optional via SecretMap],
        /// `return_details`, optional: `false` asks for the short "clear" response instead of
        /// the order detail.
        "return_details" => return_details: bool [optional],
    }
}

/// What a body cancels: [`CancelOrderBody::scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::exhaustive_enums,
    reason = "a body cancels the whole order or these items: the two scopes there are"
)]
pub enum Scope<'a> {
    /// `is_all: true`: every item of the order.
    WholeOrder,
    /// These items.
    Items(&'a [ItemPk]),
}

impl CancelOrderBody {
    /// A cancel of every item: `is_all: true`, `cancel_items: []`, `forced_refund_amount:
    /// null`, `reasons: {}`, `is_cargo_refund: false` (add per-item reasons to `reasons`).
    ///
    /// ```
    /// use cancel_omnitron::wire::{CancelOrderBody, OrderPk};
    /// let body = CancelOrderBody::whole_order(OrderPk::new(42).unwrap());
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"order":42,"is_all":true,"cancel_items":[],"forced_refund_amount":null,"reasons":{},"is_cargo_refund":false}"#
    /// );
    /// ```
    pub fn whole_order(order: OrderPk) -> Self {
        Self {
            order,
            is_all: Some(true),
            cancel_items: Vec::new(),
            forced_refund_amount: Some(None),
            reasons: BTreeMap::new(),
            is_cargo_refund: Some(false),
            refund_invoice_number: None,
            ibans: None,
            holder_names: None,
            return_details: None,
            other: super::Extra::default(),
        }
    }

    /// A cancel of some items, each with its reason id (`is_all: false`).
    pub fn items(order: OrderPk, items: impl IntoIterator<Item = (ItemPk, ReasonId)>) -> Self {
        let mut body = Self::whole_order(order);
        body.is_all = Some(false);
        for (item, reason) in items {
            body.cancel_items.push(item);
            body.reasons.insert(item, reason);
        }
        body
    }

    /// Whether `is_all` is true.
    pub fn is_whole_order(&self) -> bool {
        self.is_all == Some(true)
    }

    /// What the body cancels.
    pub fn scope(&self) -> Scope<'_> {
        if self.is_whole_order() {
            Scope::WholeOrder
        } else {
            Scope::Items(&self.cancel_items)
        }
    }

    /// The semantic rules of the body (without the merchant's reason table).
    ///
    /// # Errors
    ///
    /// Every broken rule, with its wire path.
    pub fn validate(&self) -> Result<(), PayloadErrors> {
        let errors = crate::validate::body_errors(self);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(PayloadErrors(errors))
        }
    }

    /// What strict validation flags in a body that is otherwise valid: unknown fields,
    /// reasons or bank data for items that are not
    /// cancelled, IBANs that fail their check digits, an IBAN without its holder name.
    pub fn strict_findings(&self) -> Vec<PayloadError> {
        crate::validate::body_strict_findings(self)
    }
}

/// The cancel call as one typed value: the path's `order_id` and the body.
///
/// `POST /api/i1/orders/{order_id}/cancel/` with `Authorization: Token <api_token>` (the
/// token comes from `POST /api/v1/auth/login/`). The body's `order` must equal `order_id`
/// ([`check_path`](Self::check_path): kind `rule` at `order` when not).
///
/// As JSON it is the body alone (the path travels in the URL), so `parse_request` of a body
/// gives an envelope whose `order_id` is the body's `order`.
///
/// ```
/// use cancel_omnitron::wire::{CancelOrderBody, CancelOrderRequest, ItemPk, OrderPk, ReasonId};
/// let body = CancelOrderBody::items(
///     OrderPk::new(1042).unwrap(),
///     [(ItemPk::new(11).unwrap(), ReasonId::new(3).unwrap())],
/// );
/// let call = CancelOrderRequest::new(body);
/// assert_eq!(call.path(), "/api/i1/orders/1042/cancel/");
/// assert_eq!(CancelOrderRequest::authorization("k3y"), "Token k3y");
/// assert!(call.check_path().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancelOrderRequest {
    /// The `{order_id}` path parameter: the order pk.
    pub order_id: OrderPk,
    /// The JSON body.
    pub body: CancelOrderBody,
}

impl CancelOrderRequest {
    /// The HTTP method.
    pub const METHOD: &'static str = "POST";
    /// The documented path (the page's own sample posts to `/api/v1/...`, which Akinon
    /// serves too).
    pub const PATH_TEMPLATE: &'static str = "/api/i1/orders/{order_id}/cancel/";
    /// The same cancel under `/api/v1/`, the path of the page's own sample.
    pub const SAMPLE_PATH_TEMPLATE: &'static str = "/api/v1/orders/{order_id}/cancel/";
    /// The `Authorization` scheme of API tokens: `Token <key>`.
    pub const AUTH_SCHEME: &'static str = "Token";

    /// The call for `body`, with the path's `order_id` taken from the body's `order`.
    pub fn new(body: CancelOrderBody) -> Self {
        Self {
            order_id: body.order,
            body,
        }
    }

    /// The request path, `/api/i1/orders/{order_id}/cancel/`.
    pub fn path(&self) -> String {
        Self::PATH_TEMPLATE.replace("{order_id}", &self.order_id.to_string())
    }

    /// The `Authorization` header value for an API token: `Token <api_token>`.
    pub fn authorization(api_token: &str) -> String {
        format!("{} {api_token}", Self::AUTH_SCHEME)
    }

    /// The HTTP request of this call (`POST`, the path, `Authorization: Token <api_token>`,
    /// `Content-Type: application/json`, the body).
    ///
    /// ```
    /// use cancel_omnitron::wire::{CancelOrderBody, CancelOrderRequest, OrderPk};
    /// let call = CancelOrderRequest::new(CancelOrderBody::whole_order(OrderPk::new(7).unwrap()));
    /// let http = call.http_request("k3y").unwrap();
    /// assert_eq!(http.uri().path(), "/api/i1/orders/7/cancel/");
    /// assert_eq!(http.headers()["authorization"], "Token k3y");
    /// ```
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`](cancel_domain::TranslateError::Invalid) when the token
    /// is not a valid header value.
    pub fn http_request(
        &self,
        api_token: &str,
    ) -> Result<cancel_domain::HttpRequest, cancel_domain::TranslateError> {
        // Serializing this body into memory cannot fail (string keys, no floats).
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        let authorization = cancel_domain::http::sensitive_value(&Self::authorization(api_token))
            .ok_or_else(|| {
            cancel_domain::TranslateError::Invalid(PayloadErrors::one(
                "$",
                cancel_domain::ErrorKind::Rule,
                "the API token is not a valid header value",
            ))
        })?;
        cancel_domain::http::Request::builder()
            .method(cancel_domain::Method::POST)
            .uri(self.path())
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|e| cancel_domain::http::invalid_http(&e))
    }

    /// Checks that the body's `order` equals the path's `order_id`.
    ///
    /// # Errors
    ///
    /// Kind `rule` at `order`.
    pub fn check_path(&self) -> Result<(), PayloadErrors> {
        if self.body.order == self.order_id {
            Ok(())
        } else {
            Err(PayloadErrors::one(
                "order",
                ErrorKind::Rule,
                format!(
                    "order {} differs from the order_id {} of the request path",
                    self.body.order, self.order_id
                ),
            ))
        }
    }

    /// The path check and the body rules together.
    ///
    /// # Errors
    ///
    /// Every broken rule, with its wire path.
    pub fn validate(&self) -> Result<(), PayloadErrors> {
        let mut errors = self.check_path().err().map(|e| e.0).unwrap_or_default();
        errors.extend(crate::validate::body_errors(&self.body));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(PayloadErrors(errors))
        }
    }
}

impl Serialize for CancelOrderRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CancelOrderRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CancelOrderBody::deserialize(deserializer).map(Self::new)
    }
}
