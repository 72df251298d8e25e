//! The chatbot platform's `cancelOrder` endpoint.
//!
//! The vendor says "Requires authentication? Yes" but names no scheme, so the stand-in
//! checks no credential. Every answer is the response body (status 200): the chatbot has no
//! error body, refusals are told in the response text.
//!
//! The chat user (`conversationRequest.userInfo.uid`) is the caller: with the policy's
//! `rules.check_owner` on, it must be the order's `customer` in the orders file.

use cancel_chatbot::{ChatbotEndpoint, CANCEL_ORDER_PATH};
use cancel_domain::{CancelRequest, CustomerRef, Dialect, HttpRequest, HttpResponse};

use super::{Action, AuthResponse, Credentials, Described, Route, VendorEndpoints};

/// The chatbot's routes.
#[derive(Debug)]
pub(super) struct Chatbot;

const ROUTES: &[Route] = &[Route {
    method: "POST",
    path: CANCEL_ORDER_PATH,
    operation_id: "chatbotCancelOrder",
    summary: "Chatbot e-commerce integration: cancel an order (whole orders only)",
    action: Action::Cancel,
    documented: true,
}];

impl Described for Chatbot {
    type Client = ChatbotEndpoint;
}

impl VendorEndpoints for Chatbot {
    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    fn authorize(
        &self,
        _route: &Route,
        _request: &HttpRequest,
        _credentials: &Credentials,
        _dialect: &dyn Dialect,
    ) -> Result<(), Box<HttpResponse>> {
        Ok(())
    }

    fn identify(
        &self,
        _route: &Route,
        _http: &HttpRequest,
        _credentials: &Credentials,
        request: &mut CancelRequest,
    ) -> bool {
        if let Some(requester) = request.requester.as_mut() {
            if requester.customer.is_none() {
                requester.customer = requester
                    .user_id
                    .as_ref()
                    .map(|uid| CustomerRef::new(uid.expose().clone()));
            }
        }
        false
    }

    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)> {
        Vec::new()
    }

    fn auth_responses(&self, _route: &Route) -> Vec<AuthResponse> {
        Vec::new()
    }
}
