//! The cancel request bodies: store/admin `cancelOrder_request`, the agent `op` body and the
//! two-step submit bodies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ReasonId;

cancel_domain::wire_object! {
    /// Body of `POST /ccstore/v1/orders/cancel` and `POST /ccadmin/v1/orders/cancel`
    /// (`cancelOrder_request`), also the body of the agent's `initiateCancelOrder`.
    ///
    /// ```
    /// use cancel_occ::wire::{CancelOrderRequest, ReasonId};
    /// let body = CancelOrderRequest::new("o30413", ReasonId::BadProductReview);
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"orderId":"o30413","cancelReason":"badProductReview"}"#
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct CancelOrderRequest expecting "struct CancelOrderRequest" {
        /// `orderId`, required: the order to cancel, an opaque non-empty string such as
        /// `"o30413"` (no prefix is assumed).
        "orderId" => order_id: String [required],
        /// `cancelReason`, required: a reason id the merchant's list accepts (the eight
        /// documented defaults unless the merchant configured others). Keys OCC does not
        /// document here are kept in `other` for a lossless round trip (strict validation
        /// flags them: OCC answers 200126 to misspelled keys).
        "cancelReason" => cancel_reason: ReasonId [required],
    }
}

impl CancelOrderRequest {
    /// A request with the two required fields.
    pub fn new(order_id: impl Into<String>, cancel_reason: impl Into<ReasonId>) -> Self {
        Self {
            order_id: order_id.into(),
            cancel_reason: cancel_reason.into(),
            other: cancel_domain::wire::Unknown::new(),
        }
    }
}

cancel_domain::open_enum! {
    /// The `op` of `POST /ccagent/v1/orders/{id}`.
    pub enum AgentOp {
        /// `cancel`: cancel the order.
        Cancel = "cancel",
        /// `validateOrder`.
        ValidateOrder = "validateOrder",
        /// `validatePaymentAuthorization`.
        ValidatePaymentAuthorization = "validatePaymentAuthorization",
        /// `validActions`.
        ValidActions = "validActions",
        /// `invalidateOrder`.
        InvalidateOrder = "invalidateOrder",
        /// `sendPlacedOrderEmailNotification`.
        SendPlacedOrderEmailNotification = "sendPlacedOrderEmailNotification",
    }
}

/// Body of the agent's single-call cancel, `POST /ccagent/v1/orders/{id}`:
/// `{ "op": "cancel", "cancelReason": "…" }` (the order id is in the path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgentOrderOp {
    /// `op`, required: `cancel` for a cancel.
    pub op: AgentOp,
    /// `cancelReason`, required when `op` is `cancel`.
    #[serde(
        rename = "cancelReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cancel_reason: Option<ReasonId>,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl AgentOrderOp {
    /// An `op: "cancel"` body.
    pub fn cancel(reason: impl Into<ReasonId>) -> Self {
        Self {
            op: AgentOp::Cancel,
            cancel_reason: Some(reason.into()),
            other: BTreeMap::new(),
        }
    }
}

/// Body of the agent's second step, `PUT /ccagent/v1/orders/submitCancelOrder`.
///
/// Note the key is **`id`**, not `orderId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubmitCancelById {
    /// `id`, required: the order whose initiated cancel is submitted.
    pub id: String,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl SubmitCancelById {
    /// A body for `order_id`.
    pub fn new(order_id: impl Into<String>) -> Self {
        Self {
            id: order_id.into(),
            other: BTreeMap::new(),
        }
    }
}

/// Body of the store's second step, `PUT /ccstore/v1/orders/submitCancelOrder`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubmitCancelByOrderId {
    /// `orderId`, required.
    #[serde(rename = "orderId")]
    pub order_id: String,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl SubmitCancelByOrderId {
    /// A body for `order_id`.
    pub fn new(order_id: impl Into<String>) -> Self {
        Self {
            order_id: order_id.into(),
            other: BTreeMap::new(),
        }
    }
}

/// Answer of both `submitCancelOrder` calls: `{ orderCancelled, orderId }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubmitCancelResponse {
    /// `orderCancelled`: whether the order is now cancelled.
    #[serde(
        rename = "orderCancelled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_cancelled: Option<bool>,
    /// `orderId`.
    #[serde(rename = "orderId", default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One hypermedia link of an agent answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// `rel`, e.g. `self`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
    /// `href`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// Answer of the agent's single-call cancel:
/// `{ links, id, message: "Order [o10008] has been successfully cancelled." }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgentOpResponse {
    /// `links`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    /// `id`: the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `message`: a sentence such as `Order [o10008] has been successfully cancelled.`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

open_enum_walk!(AgentOp);
