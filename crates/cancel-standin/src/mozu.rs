//! Kibo (Mozu) translated API: `POST /api/v2/order/action/cancel`.
//!
//! Authentication: the `x-vol-tenant` header (the tenant id). Missing, empty or, when the
//! stand-in is configured with a tenant, another tenant: HTTP 403 with the OMS status
//! `5004 GENERIC_NOT_AUTHORIZED` (the vendor pairs 5004 with 403).
//!
//! Kibo answers Cancel Order with the cancelled order and has no answer for a cancel that is
//! only requested, so units in fulfillment are always refused here (`5003`), whatever
//! `rules.in_fulfillment` says: the cancel is not applied when it could not be answered.

use cancel_domain::http::header_str;
use cancel_domain::{Dialect, HttpRequest, HttpResponse, InFulfillment};
use cancel_mozu::error::{OmsError, StatusCode};
use cancel_mozu::{CancelOrderCall, MozuEndpoint};

use super::{json_response, Action, AuthResponse, Credentials, Described, Route, VendorEndpoints};

/// The tenant header.
const TENANT: &str = CancelOrderCall::TENANT_HEADER;

/// Kibo's routes.
#[derive(Debug)]
pub(super) struct Mozu;

const ROUTES: &[Route] = &[Route {
    method: CancelOrderCall::METHOD,
    path: CancelOrderCall::PATH,
    operation_id: "mozuCancelOrder",
    summary: "Kibo (Mozu) translated OMS API: cancel an order",
    action: Action::Cancel,
    documented: true,
}];

fn not_authorized(message: &str) -> HttpResponse {
    let code = StatusCode::GENERIC_NOT_AUTHORIZED;
    json_response(code.http_status(), &OmsError::new(code, message))
}

impl Described for Mozu {
    type Client = MozuEndpoint;
}

impl VendorEndpoints for Mozu {
    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    fn in_fulfillment(&self) -> Option<InFulfillment> {
        Some(InFulfillment::Block)
    }

    fn authorize(
        &self,
        _route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
        _dialect: &dyn Dialect,
    ) -> Result<(), Box<HttpResponse>> {
        match header_str(request.headers(), TENANT).map(str::trim) {
            None | Some("") => Err(Box::new(not_authorized(&format!(
                "the {TENANT} header is required"
            )))),
            Some(tenant) => match &credentials.tenant {
                Some(expected) if expected != tenant => {
                    Err(Box::new(not_authorized("the tenant is not authorized")))
                }
                _ => Ok(()),
            },
        }
    }

    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "kiboTenant",
            serde_json::json!({
                "type": "apiKey",
                "in": "header",
                "name": TENANT,
                "description": "The Kibo tenant id.",
            }),
        )]
    }

    fn auth_responses(&self, _route: &Route) -> Vec<AuthResponse> {
        vec![AuthResponse {
            status: 403,
            description: "5004 GENERIC_NOT_AUTHORIZED: x-vol-tenant missing or not accepted",
            schema: None,
        }]
    }
}
