//! Unicommerce (Uniware) marketplace endpoints: `POST /orders/cancel` and the token
//! exchange `GET /authToken?username=…&password=…` / `POST /authToken`.
//!
//! - `/authToken` answers `{"status": "SUCCESS", "accessToken": …}` for the configured
//!   username and password; otherwise `{"status": "FAILED"}` (GET) or
//!   `{"status": "INVALID_CREDENTIALS"}` (POST), status 200 either way; a POST body that is
//!   not a JSON object of strings gets 400 `{"status": "FAILED"}`.
//! - `/orders/cancel` needs the token in the `apiKey` header; without it, or with another
//!   one, HTTP 401 with the refusal shape `{"status": "FAILED"}`. The cancel runs in
//!   best-effort batch mode: valid items are cancelled, the others listed with their error.

use cancel_domain::http::{header_str, query_param};
use cancel_domain::{BatchMode, Dialect, HttpRequest, HttpResponse};
use cancel_unicommerce::wire::{
    AuthTokenResponse, CancelStatus, OrderCancelResponse, API_KEY, AUTH_TOKEN_PATH, CANCEL_METHOD,
    CANCEL_PATH,
};
use cancel_unicommerce::{ErrorBody, UnicommerceEndpoint};
use serde_json::{json, Map, Value};

use super::{
    json_response, Action, AuthResponse, Credentials, Described, Route, VendorEndpoints, JSON,
};

/// Unicommerce's routes.
#[derive(Debug)]
pub(super) struct Unicommerce;

const ROUTES: &[Route] = &[
    Route {
        method: CANCEL_METHOD,
        path: CANCEL_PATH,
        operation_id: "unicommerceCancelOrder",
        summary: "Unicommerce marketplace: Uniware tells that order items were cancelled",
        action: Action::Cancel,
        documented: true,
    },
    Route {
        method: "GET",
        path: AUTH_TOKEN_PATH,
        operation_id: "unicommerceAuthTokenGet",
        summary: "Unicommerce marketplace: exchange username and password for an access token",
        action: Action::TokenExchange,
        documented: true,
    },
    Route {
        method: "POST",
        path: AUTH_TOKEN_PATH,
        operation_id: "unicommerceAuthTokenPost",
        summary: "Unicommerce marketplace: exchange username and password for an access token",
        action: Action::TokenExchange,
        documented: true,
    },
];

/// An answer of `/authToken` (status 200 either way), its keys in name order as the
/// stand-in has always sent them.
fn token_answer(answer: &AuthTokenResponse) -> HttpResponse {
    json_response(200, &serde_json::to_value(answer).unwrap_or_default())
}

/// The refusal of a cancel without a valid `apiKey`: `{"status": "FAILED"}`.
fn failed(status: u16) -> HttpResponse {
    let body = ErrorBody::Known(OrderCancelResponse::new(CancelStatus::Failed));
    json_response(status, &body)
}

#[derive(serde::Deserialize)]
struct Login {
    username: Option<String>,
    password: Option<String>,
}

impl Described for Unicommerce {
    type Client = UnicommerceEndpoint;
}

impl VendorEndpoints for Unicommerce {
    fn routes(&self) -> &'static [Route] {
        ROUTES
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
        match header_str(request.headers(), API_KEY).map(str::trim) {
            Some(key) if !key.is_empty() && key == credentials.token => Ok(()),
            _ => Err(Box::new(failed(401))),
        }
    }

    fn batch_mode(&self) -> Option<BatchMode> {
        Some(BatchMode::BestEffort)
    }

    fn handle_other(
        &self,
        route: &Route,
        request: &HttpRequest,
        credentials: &Credentials,
    ) -> HttpResponse {
        let accepted = |username: Option<&str>, password: Option<&str>| {
            username == Some(credentials.username.as_str())
                && password == Some(credentials.password.as_str())
        };
        if route.method == "GET" {
            let username = query_param(request.uri(), "username");
            let password = query_param(request.uri(), "password");
            if accepted(username.as_deref(), password.as_deref()) {
                token_answer(&AuthTokenResponse::success(credentials.token.as_str()))
            } else {
                token_answer(&AuthTokenResponse::refused(false))
            }
        } else {
            match serde_json::from_slice::<Login>(request.body()) {
                Ok(login) if accepted(login.username.as_deref(), login.password.as_deref()) => {
                    token_answer(&AuthTokenResponse::success(credentials.token.as_str()))
                }
                Ok(_) => token_answer(&AuthTokenResponse::refused(true)),
                Err(_) => failed(400),
            }
        }
    }

    fn security_schemes(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "unicommerceApiKey",
            json!({
                "type": "apiKey",
                "in": "header",
                "name": API_KEY,
                "description": "The accessToken from /authToken.",
            }),
        )]
    }

    fn auth_responses(&self, route: &Route) -> Vec<AuthResponse> {
        if route.action != Action::Cancel {
            return Vec::new();
        }
        vec![AuthResponse {
            status: 401,
            description: "apiKey missing or not a token issued by /authToken",
            schema: Some(json!({
                "type": "object",
                "required": ["status"],
                "properties": { "status": { "const": "FAILED" } },
            })),
        }]
    }

    fn other_operation(&self, route: &Route) -> serde_json::Value {
        let token_schema = json!({
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": { "type": "string", "enum": ["SUCCESS", "FAILED", "INVALID_CREDENTIALS"] },
                "accessToken": { "type": "string" },
            },
        });
        let ok = json!({
            "description": "SUCCESS with an accessToken, or FAILED / INVALID_CREDENTIALS",
            "content": { JSON: { "schema": token_schema } },
        });
        let mut op = Map::new();
        op.insert("operationId".into(), json!(route.operation_id));
        op.insert("summary".into(), json!(route.summary));
        op.insert("tags".into(), json!(["unicommerce"]));
        let mut responses = Map::new();
        responses.insert("200".into(), ok);
        if route.method == "GET" {
            op.insert(
                "parameters".into(),
                json!([
                    { "name": "username", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "password", "in": "query", "required": true, "schema": { "type": "string" } },
                ]),
            );
        } else {
            op.insert(
                "requestBody".into(),
                json!({
                    "required": true,
                    "content": { JSON: { "schema": {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                            "username": { "type": "string" },
                            "password": { "type": "string" },
                        },
                    } } },
                }),
            );
            responses.insert(
                "400".into(),
                json!({
                    "description": "the body is not a JSON object of strings",
                    "content": { JSON: { "schema": {
                        "type": "object",
                        "required": ["status"],
                        "properties": { "status": { "const": "FAILED" } },
                    } } },
                }),
            );
        }
        op.insert("responses".into(), Value::Object(responses));
        Value::Object(op)
    }
}
