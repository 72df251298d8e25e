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
use cancel_domain::{BatchMode, Dialect, HttpRequest, HttpResponse, Vendor};
use serde_json::{json, Map, Value};

use super::{json_response, Action, AuthResponse, Credentials, Route, VendorEndpoints, JSON};

/// The token header.
pub(super) const API_KEY: &str = "apiKey";

/// Unicommerce's routes.
#[derive(Debug)]
pub(super) struct Unicommerce;

const ROUTES: &[Route] = &[
    Route {
        method: "POST",
        path: "/orders/cancel",
        operation_id: "unicommerceCancelOrder",
        summary: "Unicommerce marketplace: Uniware tells that order items were cancelled",
        action: Action::Cancel,
        documented: true,
    },
    Route {
        method: "GET",
        path: "/authToken",
        operation_id: "unicommerceAuthTokenGet",
        summary: "Unicommerce marketplace: exchange username and password for an access token",
        action: Action::TokenExchange,
        documented: true,
    },
    Route {
        method: "POST",
        path: "/authToken",
        operation_id: "unicommerceAuthTokenPost",
        summary: "Unicommerce marketplace: exchange username and password for an access token",
        action: Action::TokenExchange,
        documented: true,
    },
];

fn token_answer(status: &str, token: Option<&str>) -> HttpResponse {
    let body = match token {
        Some(token) => json!({ "status": status, "accessToken": token }),
        None => json!({ "status": status }),
    };
    json_response(200, &body)
}

#[derive(serde::Deserialize)]
struct Login {
    username: Option<String>,
    password: Option<String>,
}

impl VendorEndpoints for Unicommerce {
    fn vendor(&self) -> Vendor {
        Vendor::Unicommerce
    }

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
            _ => Err(Box::new(json_response(401, &json!({ "status": "FAILED" })))),
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
                token_answer("SUCCESS", Some(&credentials.token))
            } else {
                token_answer("FAILED", None)
            }
        } else {
            match serde_json::from_slice::<Login>(request.body()) {
                Ok(login) if accepted(login.username.as_deref(), login.password.as_deref()) => {
                    token_answer("SUCCESS", Some(&credentials.token))
                }
                Ok(_) => token_answer("INVALID_CREDENTIALS", None),
                Err(_) => json_response(400, &json!({ "status": "FAILED" })),
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

    fn security(&self, route: &Route) -> Vec<&'static str> {
        if route.action == Action::Cancel {
            vec!["unicommerceApiKey"]
        } else {
            Vec::new()
        }
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
