//! The endpoints that cancel an order, as typed values a caller sends with any HTTP client.
//!
//! Each endpoint type knows its method, path and headers; [`Endpoint::envelope`] gives all
//! of it with the body, so nothing here depends on an HTTP client.
//!
//! ```
//! use cancel_occ::wire::{AdminCancel, CancelOrderRequest, Endpoint, Method, ReasonId};
//! let call = AdminCancel::new(CancelOrderRequest::new("o30413", ReasonId::ChangeOfMind), "siteUS");
//! let envelope = call.envelope();
//! assert_eq!(envelope.method, Method::POST);
//! assert_eq!(envelope.path, "/ccadmin/v1/orders/cancel");
//! assert_eq!(envelope.headers, vec![("x-ccsite", "siteUS".to_owned())]);
//! assert_eq!(
//!     envelope.body_json().unwrap(),
//!     br#"{"orderId":"o30413","cancelReason":"changeOfMind"}"#
//! );
//! ```

use serde::Serialize;

use super::{AgentOrderOp, CancelOrderRequest, SubmitCancelById, SubmitCancelByOrderId};

/// The HTTP method: the `http` crate's.
pub use cancel_domain::http::Method;

/// The path of the store API's cancel ([`StoreCancel`]).
pub const STORE_CANCEL_PATH: &str = "/ccstore/v1/orders/cancel";
/// The path of the admin API's cancel ([`AdminCancel`]).
pub const ADMIN_CANCEL_PATH: &str = "/ccadmin/v1/orders/cancel";
/// The header naming the site of the order (admin and agent calls).
pub const SITE_HEADER: &str = "x-ccsite";
/// The `Authorization` scheme of OCC's OAuth access tokens: `Bearer <token>`.
pub const BEARER: &str = "Bearer";

/// Everything needed to send one call: method, path (relative to the instance's base URL),
/// headers (besides authorization and content type) and the body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Envelope<'b, B> {
    /// The method.
    pub method: Method,
    /// The path, ids percent-encoded.
    pub path: String,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: &'b B,
}

impl<B: Serialize> Envelope<'_, B> {
    /// The body as JSON bytes.
    ///
    /// # Errors
    ///
    /// Only if the body's `Serialize` fails, which the bodies of this crate never do.
    pub fn body_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self.body)
    }
}

/// One OCC endpoint that takes part in a cancel.
pub trait Endpoint {
    /// The body type.
    type Body: Serialize;
    /// The method.
    const METHOD: Method;
    /// The path with ids filled in.
    fn path(&self) -> String;
    /// The headers this call needs (or was given).
    fn headers(&self) -> Vec<(&'static str, String)>;
    /// The body.
    fn body(&self) -> &Self::Body;
    /// Method, path, headers and body together.
    fn envelope(&self) -> Envelope<'_, Self::Body> {
        Envelope {
            method: Self::METHOD,
            path: self.path(),
            headers: self.headers(),
            body: self.body(),
        }
    }
}

fn optional(headers: &mut Vec<(&'static str, String)>, name: &'static str, v: &Option<String>) {
    if let Some(v) = v {
        headers.push((name, v.clone()));
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
use cancel_domain::http::encode_segment;

/// `POST /ccstore/v1/orders/cancel`: the shopper cancels an order.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StoreCancel {
    /// The body.
    pub body: CancelOrderRequest,
    /// `X-CCOrganization`, optional: the B2B organisation context.
    pub organization: Option<String>,
    /// `X-CCAsset-Language`, optional: the locale of the answer.
    pub asset_language: Option<String>,
}

impl StoreCancel {
    /// A store cancel with no optional header.
    pub fn new(body: CancelOrderRequest) -> Self {
        Self {
            body,
            organization: None,
            asset_language: None,
        }
    }
}

impl Endpoint for StoreCancel {
    type Body = CancelOrderRequest;
    const METHOD: Method = Method::POST;
    fn path(&self) -> String {
        STORE_CANCEL_PATH.to_owned()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = Vec::new();
        optional(&mut h, "X-CCOrganization", &self.organization);
        optional(&mut h, "X-CCAsset-Language", &self.asset_language);
        h
    }
    fn body(&self) -> &CancelOrderRequest {
        &self.body
    }
}

/// `POST /ccadmin/v1/orders/cancel`: the merchant cancels an order (needs `x-ccsite`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AdminCancel {
    /// The body (same shape as the store's).
    pub body: CancelOrderRequest,
    /// `x-ccsite`, required: the site the order was placed on.
    pub site_id: String,
}

impl AdminCancel {
    /// An admin cancel on `site_id`.
    pub fn new(body: CancelOrderRequest, site_id: impl Into<String>) -> Self {
        Self {
            body,
            site_id: site_id.into(),
        }
    }
}

impl Endpoint for AdminCancel {
    type Body = CancelOrderRequest;
    const METHOD: Method = Method::POST;
    fn path(&self) -> String {
        ADMIN_CANCEL_PATH.to_owned()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        vec![(SITE_HEADER, self.site_id.clone())]
    }
    fn body(&self) -> &CancelOrderRequest {
        &self.body
    }
}

/// `POST /ccagent/v1/orders/{id}` with `{ "op": "cancel", "cancelReason": … }`: an agent
/// cancels in one call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AgentCancel {
    /// The order id (goes into the path).
    pub order_id: String,
    /// The body.
    pub body: AgentOrderOp,
    /// `x-ccsite`, optional.
    pub site_id: Option<String>,
}

impl AgentCancel {
    /// The agent form of a store/admin request.
    pub fn new(request: &CancelOrderRequest) -> Self {
        Self {
            order_id: request.order_id.clone(),
            body: AgentOrderOp::cancel(request.cancel_reason.clone()),
            site_id: None,
        }
    }
}

impl Endpoint for AgentCancel {
    type Body = AgentOrderOp;
    const METHOD: Method = Method::POST;
    fn path(&self) -> String {
        format!("/ccagent/v1/orders/{}", encode_segment(&self.order_id))
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = Vec::new();
        optional(&mut h, SITE_HEADER, &self.site_id);
        h
    }
    fn body(&self) -> &AgentOrderOp {
        &self.body
    }
}

/// `POST /ccagent/v1/orders/initiateCancelOrder`: the agent's first step (answers the
/// order as it would be after the cancel).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AgentInitiateCancel {
    /// The body (same shape as the store's).
    pub body: CancelOrderRequest,
    /// `x-ccsite`, required.
    pub site_id: String,
    /// `X-CCAgentContext.shopperProfileId`, required: the shopper who placed the order.
    pub shopper_profile_id: String,
    /// `X-CCOrganization`, optional.
    pub organization: Option<String>,
}

impl AgentInitiateCancel {
    /// A first step for the shopper `shopper_profile_id` on `site_id`.
    pub fn new(
        body: CancelOrderRequest,
        site_id: impl Into<String>,
        shopper_profile_id: impl Into<String>,
    ) -> Self {
        Self {
            body,
            site_id: site_id.into(),
            shopper_profile_id: shopper_profile_id.into(),
            organization: None,
        }
    }
}

impl Endpoint for AgentInitiateCancel {
    type Body = CancelOrderRequest;
    const METHOD: Method = Method::POST;
    fn path(&self) -> String {
        "/ccagent/v1/orders/initiateCancelOrder".to_owned()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![
            (
                "X-CCAgentContext.shopperProfileId",
                self.shopper_profile_id.clone(),
            ),
            (SITE_HEADER, self.site_id.clone()),
        ];
        optional(&mut h, "X-CCOrganization", &self.organization);
        h
    }
    fn body(&self) -> &CancelOrderRequest {
        &self.body
    }
}

/// `PUT /ccagent/v1/orders/submitCancelOrder` with `{ "id": … }`: the agent's second step.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AgentSubmitCancel {
    /// The body.
    pub body: SubmitCancelById,
    /// `x-ccsite`, required.
    pub site_id: String,
    /// `X-CCAgentContext.shopperProfileId`, required.
    pub shopper_profile_id: String,
}

impl AgentSubmitCancel {
    /// The second step for `order_id`.
    pub fn new(
        order_id: impl Into<String>,
        site_id: impl Into<String>,
        shopper_profile_id: impl Into<String>,
    ) -> Self {
        Self {
            body: SubmitCancelById::new(order_id),
            site_id: site_id.into(),
            shopper_profile_id: shopper_profile_id.into(),
        }
    }
}

impl Endpoint for AgentSubmitCancel {
    type Body = SubmitCancelById;
    const METHOD: Method = Method::PUT;
    fn path(&self) -> String {
        "/ccagent/v1/orders/submitCancelOrder".to_owned()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "X-CCAgentContext.shopperProfileId",
                self.shopper_profile_id.clone(),
            ),
            (SITE_HEADER, self.site_id.clone()),
        ]
    }
    fn body(&self) -> &SubmitCancelById {
        &self.body
    }
}

/// `PUT /ccstore/v1/orders/submitCancelOrder` with `{ "orderId": … }`: the store's second step.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StoreSubmitCancel {
    /// The body.
    pub body: SubmitCancelByOrderId,
}

impl StoreSubmitCancel {
    /// The second step for `order_id`.
    pub fn new(order_id: impl Into<String>) -> Self {
        Self {
            body: SubmitCancelByOrderId::new(order_id),
        }
    }
}

impl Endpoint for StoreSubmitCancel {
    type Body = SubmitCancelByOrderId;
    const METHOD: Method = Method::PUT;
    fn path(&self) -> String {
        "/ccstore/v1/orders/submitCancelOrder".to_owned()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn body(&self) -> &SubmitCancelByOrderId {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ReasonId;

    #[test]
    fn agent_paths_encode_the_order_id() {
        let call = AgentCancel::new(&CancelOrderRequest::new("o 1/2", ReasonId::ChangeOfMind));
        assert_eq!(call.path(), "/ccagent/v1/orders/o%201%2F2");
        assert_eq!(
            call.envelope().body_json().unwrap(),
            br#"{"op":"cancel","cancelReason":"changeOfMind"}"#
        );
        let submit = AgentSubmitCancel::new("o30411", "siteUS", "se-570031");
        let env = submit.envelope();
        assert_eq!(env.method, Method::PUT);
        assert_eq!(env.body_json().unwrap(), br#"{"id":"o30411"}"#);
        assert!(env.headers.contains(&("x-ccsite", "siteUS".to_owned())));
        let store = StoreSubmitCancel::new("o30411");
        assert_eq!(
            store.envelope().body_json().unwrap(),
            br#"{"orderId":"o30411"}"#
        );
    }
}
