//! Oracle Commerce Cloud: `POST /ccstore/v1/orders/cancel` and `POST /ccadmin/v1/orders/cancel`.
//!
//! Both take OCC's OAuth bearer token (`Authorization: Bearer …`); missing or wrong: HTTP
//! 401 with an `errorModel` body (`{"status": "401", "message": …}`). The admin endpoint
//! also needs `x-ccsite`, the site the order was placed on; without it (or with another
//! site than the configured one) the request is invalid input, answered as OCC answers
//! every invalid input (`200126`, HTTP 400).

use cancel_domain::http::header_str;
use cancel_domain::{
    CancelRequest, CustomerRef, Dialect, ErrorKind, HttpRequest, HttpResponse, Initiator,
    PayloadErrors, Requester,
};
use cancel_occ::error::ErrorModel;
use cancel_occ::wire::{ADMIN_CANCEL_PATH, BEARER, SITE_HEADER, STORE_CANCEL_PATH};
use cancel_occ::OccEndpoint;
use serde_json::json;

use super::{
    invalid, json_response, scheme_token, Action, AuthResponse, Credentials, Described,
    HeaderParam, Route, VendorEndpoints,
};

/// The site header of the admin API.
const SITE: &str = SITE_HEADER;

/// OCC's routes.
#[derive(Debug)]
pub(super) struct Occ;

const ADMIN_PATH: &str = ADMIN_CANCEL_PATH;

const ROUTES: &[Route] = &[
    Route {
        method: "POST",
        path: STORE_CANCEL_PATH,
        operation_id: "occStoreCancelOrder",
        summary: "Oracle Commerce Cloud store API: cancel an order",
        action: Action::Cancel,
        documented: true,
    },
    Route {
        method: "POST",
        path: ADMIN_PATH,
        operation_id: "occAdminCancelOrder",
        summary: "Oracle Commerce Cloud admin API: cancel an order (needs x-ccsite)",
        action: Action::Cancel,
        documented: true,
    },
];

/// OCC's `errorModel` of a 401: `{"message": …, "status": "401"}`.
fn unauthorized(message: &str) -> HttpResponse {
    let mut body = ErrorModel::default();
    body.message = Some(message.into());
    body.status = Some("401".into());
    json_response(401, &body)
}

impl Described for Occ {
    type Client = OccEndpoint;
}

impl VendorEndpoints for Occ {
    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    fn authorize(
        &self,
        route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
        dialect: &dyn Dialect,
    ) -> Result<(), Box<HttpResponse>> {
        match scheme_token(request, BEARER) {
            None => return Err(Box::new(unauthorized("a bearer access token is required"))),
            Some(token)
                if token != credentials.token
                    && !(route.path != ADMIN_PATH && credentials.shoppers.contains_key(token)) =>
            {
                return Err(Box::new(unauthorized("the access token is not valid")))
            }
            Some(_) => {}
        }
        if route.path == ADMIN_PATH {
            let problem = match (
                header_str(request.headers(), SITE).map(str::trim),
                &credentials.site,
            ) {
                (None | Some(""), _) => {
                    Some((ErrorKind::Missing, format!("the {SITE} header is required")))
                }
                (Some(site), Some(expected)) if site != expected => Some((
                    ErrorKind::Enum,
                    format!("{SITE} names a site this server does not host"),
                )),
                _ => None,
            };
            if let Some((kind, message)) = problem {
                return Err(Box::new(invalid(
                    dialect,
                    &PayloadErrors::one(SITE, kind, message),
                )));
            }
        }
        Ok(())
    }

    /// A store shopper token names its customer, and the store API checks the order is
    /// theirs (`28107 Order does not belong to logged in user`).
    fn identify(
        &self,
        route: &Route,
        http: &HttpRequest,
        credentials: &Credentials,
        request: &mut CancelRequest,
    ) -> bool {
        if route.path == ADMIN_PATH {
            return false;
        }
        let Some(customer) =
            scheme_token(http, BEARER).and_then(|token| credentials.shoppers.get(token))
        else {
            return false;
        };
        let requester = request.requester.get_or_insert_with(Requester::default);
        requester.customer = Some(CustomerRef::new(customer.clone()));
        request.initiator = Initiator::Customer;
        true
    }

    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "occBearer",
            json!({
                "type": "http",
                "scheme": "bearer",
                "description": "An OCC OAuth access token (store or admin).",
            }),
        )]
    }

    fn header_params(&self, route: &Route) -> Vec<HeaderParam> {
        if route.path == ADMIN_PATH {
            vec![HeaderParam {
                name: SITE,
                description: "The id of the site the order was placed on.",
            }]
        } else {
            Vec::new()
        }
    }

    fn auth_responses(&self, _route: &Route) -> Vec<AuthResponse> {
        vec![AuthResponse {
            status: 401,
            description: "bearer token missing or not valid (errorModel)",
            schema: None,
        }]
    }
}
