//! Akinon Omnitron: `POST /api/i1/orders/{order_id}/cancel/` (also under `/api/v1/`, the
//! path the vendor's own Python sample uses) and the login `POST /api/v1/auth/login/`.
//!
//! - Credentials: `Authorization: Token <key>`; missing or wrong: HTTP 401 with Django REST
//!   framework's `{"detail": …}`.
//! - The path's `{order_id}` must be the body's `order` (the order pk); otherwise a 400
//!   field error on `order`.
//! - A cancel sent with `"return_details": false` is answered `{"order": <pk>}` (the short
//!   "clear response" the seed describes) instead of the order detail.
//! - The login answers `{"key": …}` for the configured username and password, otherwise
//!   400 `{"non_field_errors": […]}` (or a field error naming a missing field).

use cancel_domain::{
    CancelRequest, Dialect, ErrorKind, HttpRequest, HttpResponse, PayloadErrors, Vendor,
};
use cancel_omnitron::error::{ErrorBody, FieldErrors, Messages};
use cancel_omnitron::wire::CancelOrderRequest;
use cancel_omnitron::{OmnitronEndpoint, LOGIN_PATH};
use serde_json::json;

use super::{
    json_response, scheme_token, Action, AuthResponse, Credentials, Described, Route,
    VendorEndpoints, JSON,
};

/// Akinon's routes.
#[derive(Debug)]
pub(super) struct Omnitron;

const ROUTES: &[Route] = &[
    Route {
        method: CancelOrderRequest::METHOD,
        path: CancelOrderRequest::PATH_TEMPLATE,
        operation_id: "omnitronCancelOrder",
        summary: "Akinon Omnitron: cancel an order or some of its items",
        action: Action::Cancel,
        documented: true,
    },
    Route {
        method: CancelOrderRequest::METHOD,
        path: CancelOrderRequest::SAMPLE_PATH_TEMPLATE,
        operation_id: "omnitronCancelOrderV1",
        summary: "Akinon Omnitron: the same cancel under /api/v1/ (the vendor's sample path)",
        action: Action::Cancel,
        documented: false,
    },
    Route {
        method: "POST",
        path: LOGIN_PATH,
        operation_id: "omnitronLogin",
        summary: "Akinon Omnitron: exchange username and password for an API token",
        action: Action::Login,
        documented: true,
    },
];

/// Django REST framework's `{"detail": …}`, status 401.
fn detail(message: &str) -> HttpResponse {
    json_response(401, &ErrorBody::Fields(FieldErrors::with_detail(message)))
}

/// Django REST framework's `{"non_field_errors": [message]}`, status 400.
fn non_field_error(message: &str) -> HttpResponse {
    json_response(
        400,
        &ErrorBody::Fields(FieldErrors::one("non_field_errors", message)),
    )
}

#[derive(serde::Deserialize)]
struct Login {
    username: Option<String>,
    password: Option<String>,
}

impl Described for Omnitron {
    type Client = OmnitronEndpoint;
}

impl VendorEndpoints for Omnitron {
    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    /// A cancel sent with `"return_details": false` is answered with the short ("clear")
    /// form, `{"order": <pk>}` (the wire fixture `clear_response_order.json`), instead of
    /// the order detail; refusals keep their error body.
    fn shape_answer(&self, request: &CancelRequest, status: u16, body: Vec<u8>) -> Vec<u8> {
        let short = request
            .extensions
            .get(&Vendor::Omnitron)
            .and_then(|ext| ext.get("return_details"))
            .and_then(|kept| kept.parse::<bool>().ok())
            == Some(false);
        if !short || !(200..300).contains(&status) {
            return body;
        }
        let order = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|detail| detail.get("pk").cloned())
            .or_else(|| {
                request
                    .order
                    .as_str()
                    .parse::<u64>()
                    .ok()
                    .map(serde_json::Value::from)
            });
        match order {
            Some(pk) => serde_json::to_vec(&json!({ "order": pk })).unwrap_or(body),
            None => b"{}".to_vec(),
        }
    }

    fn authorize(
        &self,
        route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
        _dialect: &dyn Dialect,
    ) -> Result<(), Box<HttpResponse>> {
        if route.action != Action::Cancel {
            return Ok(());
        }
        match scheme_token(request, CancelOrderRequest::AUTH_SCHEME) {
            None => Err(Box::new(detail(
                "Authentication credentials were not provided.",
            ))),
            Some(token) if token != credentials.token => Err(Box::new(detail("Invalid token."))),
            Some(_) => Ok(()),
        }
    }

    fn check_request(
        &self,
        params: &[(&str, String)],
        request: &CancelRequest,
    ) -> Result<(), PayloadErrors> {
        let path_id = params
            .iter()
            .find(|(name, _)| *name == "order_id")
            .map(|(_, v)| v.as_str());
        let same =
            request.id_space == Some(Vendor::Omnitron) && path_id == Some(request.order.as_str());
        if same {
            Ok(())
        } else {
            Err(PayloadErrors::one(
                "order",
                ErrorKind::Rule,
                "order must be the order id of the URL",
            ))
        }
    }

    fn handle_other(
        &self,
        _route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
    ) -> HttpResponse {
        let Ok(login) = serde_json::from_slice::<Login>(request.body()) else {
            return non_field_error("Invalid data. Expected a dictionary of strings.");
        };
        let mut missing = FieldErrors::default();
        for (field, value) in [("username", &login.username), ("password", &login.password)] {
            if value.as_deref().is_none_or(str::is_empty) {
                missing.0.insert(
                    field.to_owned(),
                    Messages::List(vec!["This field is required.".to_owned()]),
                );
            }
        }
        if !missing.0.is_empty() {
            return json_response(400, &ErrorBody::Fields(missing));
        }
        if login.username.as_deref() == Some(credentials.username.as_str())
            && login.password.as_deref() == Some(credentials.password.as_str())
        {
            json_response(200, &json!({ "key": credentials.token }))
        } else {
            non_field_error("Unable to log in with provided credentials.")
        }
    }

    fn request_example(&self) -> Option<serde_json::Value> {
        // A whole-order cancel needs no reason id, which the default policy lacks.
        let pk: u64 = super::openapi::SAMPLE_ORDER.parse().ok()?;
        Some(json!({
            "order": pk, "is_all": true, "cancel_items": [],
            "forced_refund_amount": null, "reasons": {},
        }))
    }

    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "akinonToken",
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Token <key>`, the key from /api/v1/auth/login/.",
            }),
        )]
    }

    fn auth_responses(&self, route: &Route) -> Vec<AuthResponse> {
        if route.action != Action::Cancel {
            return Vec::new();
        }
        vec![AuthResponse {
            status: 401,
            description: "Token missing or not valid",
            schema: Some(json!({
                "type": "object",
                "required": ["detail"],
                "properties": { "detail": { "type": "string" } },
            })),
        }]
    }

    fn other_operation(&self, route: &Route) -> serde_json::Value {
        let errors = json!({
            "type": "object",
            "additionalProperties": { "type": "array", "items": { "type": "string" } },
        });
        json!({
            "operationId": route.operation_id,
            "summary": route.summary,
            "tags": ["omnitron"],
            "requestBody": {
                "required": true,
                "content": { JSON: { "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": { "type": "string" },
                        "password": { "type": "string" },
                    },
                } } },
            },
            "responses": {
                "200": {
                    "description": "the API key",
                    "content": { JSON: { "schema": {
                        "type": "object",
                        "required": ["key"],
                        "properties": { "key": { "type": "string" } },
                    } } },
                },
                "400": {
                    "description": "wrong credentials or a missing field (field -> messages)",
                    "content": { JSON: { "schema": errors } },
                },
            },
        })
    }
}
