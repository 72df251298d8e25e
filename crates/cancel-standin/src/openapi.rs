//! The OpenAPI 3.1 document of the stand-in, built from the dialects' own JSON Schemas.

use std::collections::{BTreeMap, BTreeSet};

use cancel_domain::http::decode_segment;
use cancel_domain::{
    CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope, Dialect, ErrorKind,
    HoldReason, LineCancel, LineOutcome, Order, OrderPhase, OutcomeStatus, PayloadErrors,
    PayloadKind, Policy, Quantity, ReasonCode, Registry, Requester, Sensitive, TranslateContext,
    Vendor,
};
use serde_json::{json, Map, Value};

use super::{
    vendor_endpoints, Action, Control, Route, VendorEndpoints, IDEMPOTENCY_KEY, JSON,
    OUTCOME_HEADER,
};

/// The response header component of [`OUTCOME_HEADER`].
const OUTCOME_HEADER_REF: &str = "#/components/headers/x-cancelkit-outcome";

/// The stand-in's own error body (`{"error", "message"}`).
const ERROR: &str = "cancelkit.Error";
/// The generic answer to an unreadable body (`{"errors": [{path, kind, message}]}`).
const PAYLOAD_ERRORS: &str = "cancelkit.PayloadErrors";
/// The core order.
const ORDER: &str = "core.Order";
/// An orders JSON (`--orders`, `PUT /_cancelkit/orders`).
const ORDERS_FILE: &str = "core.OrdersFile";
/// The answer of `PUT /_cancelkit/orders`.
const LOADED: &str = "cancelkit.Loaded";
/// The request journal.
const JOURNAL: &str = "cancelkit.Journal";
/// A fault as posted.
const FAULT_SPEC: &str = "cancelkit.FaultSpec";
/// A fault as held.
const FAULT: &str = "cancelkit.Fault";
/// The faults held.
const FAULTS: &str = "cancelkit.Faults";

/// The OpenAPI 3.1 document of `cancelkit serve`: every vendor endpoint compiled into this
/// build (request body, success and error answers, credentials, required headers, path
/// parameters) and the `/_cancelkit/` control endpoints. Body schemas are the dialects' own
/// ([`Dialect::schema`], the same as `cancelkit schema`), with their `$defs` moved under
/// `components/schemas`.
///
/// ```
/// use cancel_domain::{OrdersFile, Policy};
/// use cancel_standin::{OrdersSource, StandIn};
/// let orders = OrdersSource::Orders(OrdersFile::default());
/// let stand_in = StandIn::new(Policy::default(), orders).unwrap();
/// let doc = cancel_standin::openapi(stand_in.registry());
/// assert_eq!(doc["openapi"], "3.1.0");
/// assert!(doc["paths"]["/_cancelkit/health"]["get"].is_object());
/// ```
pub fn openapi(registry: &Registry) -> Value {
    let mut schemas = Map::new();
    let mut security_schemes = Map::new();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();

    schemas.insert(
        ERROR.to_owned(),
        json!({
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": { "type": "string" },
                "message": { "type": "string" },
            },
        }),
    );
    schemas.insert(
        PAYLOAD_ERRORS.to_owned(),
        json!({
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["path", "kind", "message"],
                        "properties": {
                            "path": { "type": "string" },
                            "kind": { "type": "string" },
                            "message": { "type": "string" },
                        },
                    },
                },
            },
        }),
    );
    hoist(cancel_domain::schema_of::<Order>(), ORDER, &mut schemas);
    schemas.insert(
        ORDERS_FILE.to_owned(),
        json!({
            "type": "object",
            "required": ["orders"],
            "properties": { "orders": { "type": "array", "items": component_ref(ORDER) } },
        }),
    );
    double_schemas(&mut schemas);
    schemas.insert(
        "cancelkit.Outcome".to_owned(),
        json!({
            "type": "string",
            "enum": [
                OutcomeStatus::Cancelled.to_string(),
                OutcomeStatus::PartiallyCancelled.to_string(),
                OutcomeStatus::Requested.to_string(),
                OutcomeStatus::Rejected.to_string(),
                OutcomeStatus::Replayed.to_string(),
                OutcomeStatus::NeedsReview.to_string(),
            ],
        }),
    );

    for endpoints in vendor_endpoints() {
        let Some(dialect) = registry.get(endpoints.vendor().into()) else {
            continue;
        };
        for (name, scheme) in endpoints.security_schemes() {
            security_schemes.insert(name.to_owned(), scheme);
        }
        let refs = DialectRefs::new(dialect, &mut schemas);
        for route in endpoints.routes().iter().filter(|r| r.documented) {
            let op = match route.action {
                Action::Cancel => cancel_operation(endpoints, dialect, route, &refs),
                Action::TokenExchange | Action::Login => {
                    let mut op = endpoints.other_operation(route);
                    if route.method == "POST" {
                        if let Some(responses) =
                            op.get_mut("responses").and_then(Value::as_object_mut)
                        {
                            responses.insert(
                                "415".to_owned(),
                                json!({
                                    "description": "the body is not sent as Content-Type: application/json",
                                    "content": { JSON: { "schema": unsupported_media_type_schema(dialect, &refs) } },
                                }),
                            );
                        }
                    }
                    op
                }
            };
            paths
                .entry(route.path.to_owned())
                .or_default()
                .insert(route.method.to_ascii_lowercase(), op);
        }
    }
    control_paths(&mut paths);
    for schema in schemas.values_mut() {
        fold_assertion_unions(schema);
    }
    name_union_branches(&mut schemas);
    for schema in schemas.values_mut() {
        give_arrays_items(schema);
        untitle(schema);
    }

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "cancelkit serve",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A local stand-in for five vendors' order-cancel endpoints \
                (chatbot, Kibo/Mozu, Unicommerce, Oracle Commerce Cloud, Akinon Omnitron), \
                answering as each vendor does, backed by the cancel-kit state rules.",
        },
        "paths": paths,
        "components": {
            "headers": {
                OUTCOME_HEADER: {
                    "description": "cancelkit extension (vendors never send it): what the state \
                        rules made of the cancel. Sent on every answer the state rules gave \
                        (a success or a refusal, and a replay); absent on answers given before \
                        them (credentials, content type, an unreadable body).",
                    "required": false,
                    "schema": { "$ref": "#/components/schemas/cancelkit.Outcome" },
                },
            },
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

/// An error answer shape: its component `$ref`, and whether a body fits it.
type ErrorShape = (Value, fn(&Value) -> bool);

/// One documented status: its schemas, descriptions and examples.
type StatusDoc = (Vec<Value>, BTreeSet<String>, Map<String, Value>);

/// The component names of one dialect's bodies.
struct DialectRefs {
    request: Value,
    response: Value,
    error: Option<Value>,
    /// The shapes the stand-in's error answers take, when the dialect's error schema
    /// accepts any body (Kibo, Akinon: a client must read whatever a server sends, but the
    /// document says what this server sends): `(component ref, does the body fit)`.
    error_shapes: Vec<ErrorShape>,
}

impl DialectRefs {
    fn new(dialect: &dyn Dialect, schemas: &mut Map<String, Value>) -> Self {
        let id = dialect.id();
        let mut kind_ref =
            |kind: PayloadKind| hoist(dialect.schema(kind), &format!("{id}.{kind}"), schemas);
        let request = kind_ref(PayloadKind::Request);
        let response = kind_ref(PayloadKind::Response);
        let error = dialect
            .kinds()
            .contains(&PayloadKind::Error)
            .then(|| kind_ref(PayloadKind::Error));
        let error_shapes = error_shapes(&id.to_string(), schemas);
        Self {
            request,
            response,
            error,
            error_shapes,
        }
    }

    /// The documented schema of an error answer `body` (the dialect's error component, or
    /// the first of its [`error_shapes`](Self::error_shapes) that fits).
    fn error_for(&self, body: &[u8]) -> Option<Value> {
        if self.error_shapes.is_empty() {
            return self.error.clone();
        }
        let value = serde_json::from_slice::<Value>(body).ok()?;
        self.error_shapes
            .iter()
            .find(|(_, fits)| fits(&value))
            .map(|(schema, _)| schema.clone())
    }
}

/// The error answer shapes of the dialects whose error schema accepts any body (see
/// [`DialectRefs::error_shapes`]), added to `schemas`.
fn error_shapes(id: &str, schemas: &mut Map<String, Value>) -> Vec<ErrorShape> {
    match id {
        // The documented OMS body, already a component (`$defs.known` of the schema).
        "mozu" if schemas.contains_key("mozu.error.known") => {
            vec![(component_ref("mozu.error.known"), |v| {
                v.get("code").is_some_and(Value::is_u64)
            })]
        }
        "omnitron" => {
            schemas.insert(
                "omnitron.Detail".to_owned(),
                json!({
                    "type": "object",
                    "description": "Django REST framework's {\"detail\": message} (401, 404).",
                    "required": ["detail"],
                    "properties": { "detail": { "type": "string" } },
                    "additionalProperties": false,
                }),
            );
            schemas.insert(
                "omnitron.Messages".to_owned(),
                json!({
                    "type": "array",
                    "description": "A list of messages (406).",
                    "items": { "type": "string" },
                }),
            );
            schemas.insert(
                "omnitron.FieldErrors".to_owned(),
                json!({
                    "type": "object",
                    "description": "Django REST framework's field errors: field → messages \
                        (`non_field_errors` for the whole request; an object of item errors \
                        for a list field).",
                    "additionalProperties": {
                        "anyOf": [
                            { "type": "array", "items": { "type": "string" } },
                            { "type": "object", "additionalProperties": {
                                "type": "array", "items": { "type": "string" } } },
                        ],
                    },
                }),
            );
            vec![
                (component_ref("omnitron.Detail"), |v| {
                    v.as_object().is_some_and(|m| {
                        m.len() == 1 && m.get("detail").is_some_and(Value::is_string)
                    })
                }),
                (component_ref("omnitron.Messages"), |v| {
                    v.as_array()
                        .is_some_and(|items| items.iter().all(Value::is_string))
                }),
                (component_ref("omnitron.FieldErrors"), |v| {
                    v.as_object().is_some_and(|m| {
                        m.values().all(|field| {
                            field
                                .as_array()
                                .is_some_and(|l| l.iter().all(Value::is_string))
                                || field.as_object().is_some_and(|items| {
                                    items.values().all(|l| {
                                        l.as_array().is_some_and(|l| l.iter().all(Value::is_string))
                                    })
                                })
                        })
                    })
                }),
            ]
        }
        _ => Vec::new(),
    }
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Which documented body an answer of the dialect with `status` is: for a success, the
/// response if it reads as one; otherwise the error (in its real shape), the response, or
/// the stand-in's generic payload errors. `None`: no schema describes it (a test fails).
fn classify(dialect: &dyn Dialect, refs: &DialectRefs, status: u16, body: &[u8]) -> Value {
    let limits = cancel_domain::json::Limits::DEFAULT;
    let response = || {
        dialect
            .validate(PayloadKind::Response, body, &limits)
            .is_ok()
            .then(|| refs.response.clone())
    };
    let error = || {
        (refs.error.is_some() && dialect.validate(PayloadKind::Error, body, &limits).is_ok())
            .then(|| refs.error_for(body))
            .flatten()
    };
    let generic = || {
        serde_json::from_slice::<PayloadErrorsBody>(body)
            .is_ok()
            .then(|| component_ref(PAYLOAD_ERRORS))
    };
    let found = if (200..300).contains(&status) {
        response().or_else(error)
    } else {
        error().or_else(response)
    };
    // An answer none of the schemas describes: documented as any JSON, which the
    // document tests refuse (`no_answer_is_documented_as_any_body`).
    found.or_else(generic).unwrap_or_else(|| json!({}))
}

/// The schema of the 415 answer of the dialect (its answer to an unreadable body).
fn unsupported_media_type_schema(dialect: &dyn Dialect, refs: &DialectRefs) -> Value {
    let mut body = Vec::new();
    let errors = PayloadErrors::one("$", ErrorKind::Type, "the body must be JSON");
    let _status = dialect.invalid_answer(&errors, &mut body);
    classify(dialect, refs, 415, &body)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to recognise the shape
struct PayloadErrorsBody {
    errors: Vec<Value>,
}

/// Status → (schemas, descriptions, examples).
#[derive(Default)]
struct Responses(BTreeMap<u16, StatusDoc>);

impl Responses {
    fn add(&mut self, status: u16, schema: Value, description: &str) {
        let (schemas, descriptions, _) = self.0.entry(status).or_default();
        if !schemas.contains(&schema) {
            schemas.push(schema);
        }
        descriptions.insert(description.to_owned());
    }

    /// Adds an example to a documented status (none to an undocumented one).
    fn example(&mut self, status: u16, name: &str, value: Value) {
        if let Some((_, _, examples)) = self.0.get_mut(&status) {
            if !examples.values().any(|e| e["value"] == value) {
                examples
                    .entry(name.to_owned())
                    .or_insert_with(|| json!({ "value": value }));
            }
        }
    }

    /// Adds `value` as the example of `status` when it has none yet.
    fn fallback_example(&mut self, status: u16, name: &str, value: Value) {
        if self.0.get(&status).is_some_and(|(_, _, e)| e.is_empty()) {
            self.example(status, name, value);
        }
    }

    fn into_value(self) -> Value {
        let mut out = Map::new();
        for (status, (mut schemas, descriptions, examples)) in self.0 {
            let schema = if schemas.len() == 1 {
                schemas.pop().unwrap_or_default()
            } else {
                json!({ "anyOf": schemas })
            };
            let description: Vec<String> = descriptions.into_iter().collect();
            let mut media = json!({ "schema": schema });
            if let (false, Some(map)) = (examples.is_empty(), media.as_object_mut()) {
                map.insert("examples".to_owned(), Value::Object(examples));
            }
            out.insert(
                status.to_string(),
                json!({
                    "description": description.join("; "),
                    "headers": { OUTCOME_HEADER: { "$ref": OUTCOME_HEADER_REF } },
                    "content": { JSON: media },
                }),
            );
        }
        Value::Object(out)
    }
}

fn cancel_operation(
    endpoints: &dyn VendorEndpoints,
    dialect: &dyn Dialect,
    route: &Route,
    refs: &DialectRefs,
) -> Value {
    let vendor = endpoints.vendor();
    let mut responses = Responses::default();
    responses.add(
        200,
        refs.response.clone(),
        "the vendor's answer to the cancel",
    );

    let policy = Policy::default();
    let order = sample_order(vendor);
    let samples = sample_requests();
    let mut generated: Vec<(u16, Value)> = Vec::new();
    for request in &samples {
        let ctx = TranslateContext::new(&policy)
            .with_order(order.as_ref())
            .with_request(Some(request));
        for outcome in sample_outcomes(request) {
            let mut body = Vec::new();
            if let Ok((status, _)) = dialect.answer(&outcome, &ctx, &mut body) {
                let what = if outcome.rejection.is_some() {
                    "the state rules refuse the cancel"
                } else {
                    "the vendor's answer to the cancel"
                };
                responses.add(status, classify(dialect, refs, status, &body), what);
                if let Ok(value) = serde_json::from_slice::<Value>(&body) {
                    generated.push((status, value));
                }
            }
        }
    }
    if refs.error.is_some() {
        let ctx = TranslateContext::new(&policy);
        for rejection in sample_rejections() {
            let mut body = Vec::new();
            if dialect.error_from_core(&rejection, &ctx, &mut body).is_ok() {
                let status = dialect.error_status(&rejection);
                responses.add(
                    status,
                    classify(dialect, refs, status, &body),
                    "the state rules refuse the cancel",
                );
            }
        }
    }
    let mut body = Vec::new();
    let errors = PayloadErrors::one("$", ErrorKind::Syntax, "expected a JSON object");
    let status = dialect.invalid_answer(&errors, &mut body);
    responses.add(
        status,
        classify(dialect, refs, status, &body),
        "the body is not a valid request",
    );
    if let Ok(value) = serde_json::from_slice::<Value>(&body) {
        generated.push((status, value));
    }
    // What the endpoint answers a request without credentials, as the auth example.
    let mut bare = cancel_domain::HttpRequest::new(Vec::new());
    *bare.method_mut() = cancel_domain::Method::POST;
    if let Ok(uri) = route.path.parse() {
        *bare.uri_mut() = uri;
    }
    if let Err(refusal) = endpoints.authorize(route, &bare, &super::Credentials::default(), dialect)
    {
        if let Ok(value) = serde_json::from_slice::<Value>(refusal.body()) {
            generated.push((refusal.status().as_u16(), value));
        }
    }
    for auth in endpoints.auth_responses(route) {
        let schema = auth
            .schema
            .or_else(|| {
                refs.error_shapes
                    .first()
                    .map(|(schema, _)| schema.clone())
                    .or_else(|| refs.error.clone())
            })
            .unwrap_or_else(|| json!({}));
        responses.add(auth.status, schema, auth.description);
    }
    responses.add(
        415,
        unsupported_media_type_schema(dialect, refs),
        "the body is not sent as Content-Type: application/json",
    );
    responses.add(
        413,
        component_ref(ERROR),
        "the body is larger than the server accepts",
    );
    responses.add(
        503,
        component_ref(ERROR),
        "the request took longer than the server allows",
    );
    for example in FIXTURE_EXAMPLES.iter().filter(|e| e.vendor == vendor) {
        if let (Some(status), Some(value)) = (example.status, example.value()) {
            responses.example(status, example.name(), value);
        }
    }
    let mut unsupported = Vec::new();
    let _ = dialect.invalid_answer(
        &PayloadErrors::one(
            "$",
            ErrorKind::Type,
            "the body must be sent as Content-Type: application/json; the request has no Content-Type",
        ),
        &mut unsupported,
    );
    if let Ok(value) = serde_json::from_slice::<Value>(&unsupported) {
        generated.push((415, value));
    }
    generated.push((
        413,
        json!({ "error": "payload_too_large", "message": "the body is larger than 4194304 bytes" }),
    ));
    generated.push((
        503,
        json!({ "error": "timeout", "message": "the request took longer than the server allows" }),
    ));
    for (status, value) in generated {
        responses.fallback_example(status, "stand_in", value);
    }

    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            json!({
                "name": name,
                "in": "path",
                "required": true,
                "description": "The order id (for Akinon, the order pk; it must equal the body's `order`).",
                "schema": { "type": "string" },
                "example": SAMPLE_ORDER,
            })
        })
        .collect();
    for header in endpoints.header_params(route) {
        parameters.push(json!({
            "name": header.name,
            "in": "header",
            "required": true,
            "description": header.description,
            "schema": { "type": "string", "minLength": 1 },
        }));
    }
    parameters.push(json!({
        "name": IDEMPOTENCY_KEY,
        "in": "header",
        "required": false,
        "description": "cancelkit extension: a repeated request with the same key is answered \
            as the first one was, without a second cancel.",
        "schema": { "type": "string" },
    }));

    let security: Vec<Value> = endpoints
        .security(route)
        .into_iter()
        .map(|name| json!({ name: [] }))
        .collect();
    let mut media = json!({ "schema": refs.request });
    let mut examples = Map::new();
    for example in FIXTURE_EXAMPLES
        .iter()
        .filter(|e| e.vendor == vendor && e.status.is_none())
    {
        if let Some(value) = example.value() {
            examples.insert(example.name().to_owned(), json!({ "value": value }));
        }
    }
    for (name, example) in request_examples(dialect, order.as_ref()) {
        examples.entry(format!("sample_{name}")).or_insert(example);
    }
    if let (true, Some(example)) = (examples.is_empty(), endpoints.request_example()) {
        examples.insert("whole_order".to_owned(), json!({ "value": example }));
    }
    if let (false, Some(map)) = (examples.is_empty(), media.as_object_mut()) {
        map.insert("examples".to_owned(), Value::Object(examples));
    }
    let mut op = json!({
        "operationId": route.operation_id,
        "summary": route.summary,
        "tags": [vendor.to_string()],
        "parameters": parameters,
        "requestBody": {
            "required": true,
            "content": { JSON: media },
        },
        "responses": responses.into_value(),
    });
    if let (false, Some(map)) = (security.is_empty(), op.as_object_mut()) {
        map.insert("security".to_owned(), Value::Array(security));
    }
    op
}

/// Examples of `POST /_cancelkit/faults`, one per kind, each on the cancel route of a
/// vendor compiled in.
fn fault_examples() -> Value {
    let cancel_route = |vendor: Vendor| {
        vendor_endpoints()
            .into_iter()
            .filter(|e| e.vendor() == vendor)
            .flat_map(|e| e.routes())
            .find(|r| r.action == Action::Cancel)
    };
    let mut examples = Map::new();
    let mut add = |name: &str, vendor: Vendor, fault: fn(&Route) -> Value| {
        if let Some(route) = cancel_route(vendor) {
            examples.insert(name.to_owned(), json!({ "value": fault(route) }));
        }
    };
    add(
        "status",
        Vendor::Occ,
        |r| json!({ "path": r.path, "kind": "status", "status": 503 }),
    );
    add(
        "delay",
        Vendor::Unicommerce,
        |r| json!({ "path": r.path, "kind": "delay", "delay_ms": 2000 }),
    );
    add(
        "drop",
        Vendor::Mozu,
        |r| json!({ "path": r.path, "kind": "drop" }),
    );
    add(
        "apply_then_drop",
        Vendor::Omnitron,
        |r| json!({ "path": r.path, "method": r.method, "kind": "apply_then_drop", "times": 1 }),
    );
    Value::Object(examples)
}

fn control_paths(paths: &mut BTreeMap<String, Map<String, Value>>) {
    let error = |description: &str| json!({ "description": description, "content": { JSON: { "schema": component_ref(ERROR) } } });
    let vendors = ["core", "chatbot", "mozu", "unicommerce", "occ", "omnitron"];
    let mut add = |path: &str, method: &str, op: Value| {
        paths
            .entry(path.to_owned())
            .or_default()
            .insert(method.to_owned(), op);
    };
    add(
        Control::Health.path(),
        "get",
        json!({
            "operationId": "cancelkitHealth",
            "summary": "Liveness, and the number of orders held",
            "tags": ["cancelkit"],
            "responses": { "200": {
                "description": "the server is up",
                "content": { JSON: { "schema": {
                    "type": "object",
                    "required": ["status", "orders"],
                    "properties": {
                        "status": { "const": "ok" },
                        "orders": { "type": "integer", "minimum": 0 },
                    },
                } } },
            } },
        }),
    );
    add(
        Control::Order.path(),
        "get",
        json!({
            "operationId": "cancelkitGetOrder",
            "summary": "The core order as it is now",
            "tags": ["cancelkit"],
            "parameters": [
                { "name": "id", "in": "path", "required": true, "schema": { "type": "string" },
                  "description": "The order id, in `id_space`." },
                { "name": "id_space", "in": "query", "required": false,
                  "schema": { "type": "string", "enum": vendors },
                  "description": "Whose id `id` is (default: the canonical id of the orders file)." },
            ],
            "responses": {
                "200": { "description": "the order", "content": { JSON: { "schema": component_ref(ORDER) } } },
                "400": error("an id_space that is not a dialect, or an undecodable id"),
                "404": error("no such order"),
            },
        }),
    );
    add(
        Control::Reset.path(),
        "post",
        json!({
            "operationId": "cancelkitReset",
            "summary": "Reload the orders file, forgetting every cancel and idempotency key",
            "tags": ["cancelkit"],
            "responses": {
                "200": {
                    "description": "reloaded",
                    "content": { JSON: { "schema": {
                        "type": "object",
                        "required": ["status", "orders"],
                        "properties": {
                            "status": { "const": "reset" },
                            "orders": { "type": "integer", "minimum": 0 },
                        },
                    } } },
                },
                "500": error("the orders file can no longer be read (the old state stays)"),
            },
        }),
    );
    add(
        Control::Orders.path(),
        "put",
        json!({
            "operationId": "cancelkitLoadOrders",
            "summary": "Replace every order with an orders JSON (the format of --orders); later resets go back to it",
            "tags": ["cancelkit"],
            "requestBody": {
                "required": true,
                "content": { JSON: {
                    "schema": component_ref(ORDERS_FILE),
                    "example": { "orders": [{ "id": SAMPLE_ORDER, "currency": "USD", "lines": [
                        { "id": "1", "product": "P1", "variant": "V1", "unit_price": "10.00",
                          "quantities": { "ordered": 2 } }] }] },
                } },
            },
            "responses": {
                "200": {
                    "description": "loaded; the journal, the faults, every cancel and idempotency key are forgotten",
                    "content": { JSON: { "schema": component_ref(LOADED) } },
                },
                "400": error("not an orders JSON, or an order breaks the format's rules"),
                "500": error("the store failed"),
            },
        }),
    );
    add(
        Control::Requests.path(),
        "get",
        json!({
            "operationId": "cancelkitRequests",
            "summary": "The request journal: every vendor request since the last reset, oldest first (at most 1000)",
            "tags": ["cancelkit"],
            "responses": { "200": {
                "description": "the journal; credentials (Authorization, apiKey, passwords, tokens) are masked as ***",
                "content": { JSON: { "schema": component_ref(JOURNAL) } },
            } },
        }),
    );
    let fault_list = json!({
        "description": "the faults not yet spent, in the order they apply",
        "content": { JSON: { "schema": component_ref(FAULTS) } },
    });
    add(
        Control::Faults.path(),
        "post",
        json!({
            "operationId": "cancelkitAddFault",
            "summary": "Script a fault for the next `times` requests to a route",
            "tags": ["cancelkit"],
            "requestBody": {
                "required": true,
                "content": { JSON: {
                    "schema": component_ref(FAULT_SPEC),
                    "examples": fault_examples(),
                } },
            },
            "responses": {
                "201": {
                    "description": "the fault, with its id",
                    "content": { JSON: { "schema": component_ref(FAULT) } },
                },
                "400": error("not a fault, or a field its kind needs is missing or out of range"),
            },
        }),
    );
    add(
        Control::Faults.path(),
        "get",
        json!({
            "operationId": "cancelkitFaults",
            "summary": "The faults not yet spent",
            "tags": ["cancelkit"],
            "responses": { "200": fault_list.clone() },
        }),
    );
    add(
        Control::Faults.path(),
        "delete",
        json!({
            "operationId": "cancelkitClearFaults",
            "summary": "Forget every fault",
            "tags": ["cancelkit"],
            "responses": { "200": fault_list },
        }),
    );
    add(
        Control::OpenApi.path(),
        "get",
        json!({
            "operationId": "cancelkitOpenapi",
            "summary": "This document",
            "tags": ["cancelkit"],
            "responses": { "200": {
                "description": "the OpenAPI 3.1 document",
                "content": { JSON: { "schema": { "type": "object" } } },
            } },
        }),
    );
}

/// Moves every object branch of a `oneOf` / `anyOf` in the components into a component of
/// its own (`<parent>.<title or Variant<n>>`), so client generators make a named model of
/// each instead of an inline union they cannot name (or drop). The document's meaning is
/// unchanged: a `$ref` to the moved schema stands where it was.
fn name_union_branches(schemas: &mut Map<String, Value>) {
    let mut pending: Vec<String> = schemas.keys().cloned().collect();
    while let Some(name) = pending.pop() {
        let Some(mut schema) = schemas.remove(&name) else {
            continue;
        };
        let mut moved = Vec::new();
        hoist_branches(&mut schema, &name, &mut moved, schemas);
        schemas.insert(name, schema);
        for (branch_name, branch) in moved {
            schemas.insert(branch_name.clone(), branch);
            pending.push(branch_name);
        }
    }
}

fn is_object_schema(schema: &Value) -> bool {
    schema.get("$ref").is_none()
        && (schema.get("properties").is_some()
            || schema.get("type").and_then(Value::as_str) == Some("object"))
}

fn hoist_branches(
    value: &mut Value,
    parent: &str,
    moved: &mut Vec<(String, Value)>,
    taken: &Map<String, Value>,
) {
    match value {
        Value::Object(map) => {
            for combinator in ["oneOf", "anyOf"] {
                let Some(Value::Array(branches)) = map.get_mut(combinator) else {
                    continue;
                };
                for (i, branch) in branches.iter_mut().enumerate() {
                    if !is_object_schema(branch) {
                        continue;
                    }
                    let label = branch
                        .get("title")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("Variant{}", i + 1), sanitize_label);
                    let mut name = format!("{parent}.{label}");
                    let mut n = 2;
                    while taken.contains_key(&name) || moved.iter().any(|(m, _)| *m == name) {
                        name = format!("{parent}.{label}{n}");
                        n += 1;
                    }
                    let body = std::mem::replace(branch, component_ref(&name));
                    moved.push((name, body));
                }
            }
            for (key, child) in map.iter_mut() {
                // Branches already moved are `$ref`s; walk everything else.
                if key != "$ref" {
                    hoist_branches(child, parent, moved, taken);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                hoist_branches(item, parent, moved, taken);
            }
        }
        _ => {}
    }
}

/// A title as a component name part (`Order detail` → `OrderDetail`).
fn sanitize_label(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Whether a schema only asserts which keys are present (`required`, `not`), describing no
/// value of its own.
fn is_assertion(schema: &Value) -> bool {
    schema.as_object().is_some_and(|map| {
        !map.is_empty() && map.keys().all(|k| matches!(k.as_str(), "required" | "not"))
    })
}

/// Rewrites `oneOf: [A, B]` of two key assertions (Kibo's and Unicommerce's "orderId or
/// orderID, exactly one") as the equivalent `if: A, then: not B, else: B`, folded into an
/// `if` the schema already has (`then: allOf [then, C]`, `else: allOf [else, C]`). A
/// `oneOf` makes client generators read the body as a union of shapeless alternatives
/// (typed `Any`); a conditional is the same rule and leaves the body one object.
fn fold_assertion_unions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let foldable = matches!(
                map.get("oneOf"),
                Some(Value::Array(branches)) if branches.len() == 2 && branches.iter().all(is_assertion)
            );
            if foldable {
                if let Some(Value::Array(branches)) = map.remove("oneOf") {
                    let mut branches = branches.into_iter();
                    let (first, second) = (
                        branches.next().unwrap_or_default(),
                        branches.next().unwrap_or_default(),
                    );
                    let exactly_one = json!({
                        "if": first,
                        "then": { "not": second.clone() },
                        "else": second,
                    });
                    if map.contains_key("if") {
                        for key in ["then", "else"] {
                            let folded = match map.remove(key) {
                                Some(existing) => {
                                    json!({ "allOf": [existing, exactly_one.clone()] })
                                }
                                None => exactly_one.clone(),
                            };
                            map.insert(key.to_owned(), folded);
                        }
                    } else if let Value::Object(parts) = exactly_one {
                        map.extend(parts);
                    }
                }
            }
            for child in map.values_mut() {
                fold_assertion_unions(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fold_assertion_unions),
        _ => {}
    }
}

/// Moves a component's `title` to the front of its `description`: client generators name
/// a component's model after its title when it has one, and the component names
/// (`mozu.request` → `MozuRequest`) are the stable, unique ones.
fn untitle(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let Some(Value::String(title)) = map.remove("title") else {
        return;
    };
    let description = match map.get("description").and_then(Value::as_str) {
        Some(text) => format!("{title}. {text}"),
        None => title,
    };
    map.insert("description".to_owned(), Value::String(description));
}

/// Gives every array schema without `items` an `items: {}` (any value): the same meaning,
/// and a generator that needs an item type gets one.
fn give_arrays_items(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_array = match map.get("type") {
                Some(Value::String(t)) => t == "array",
                Some(Value::Array(types)) => types.iter().any(|t| t == "array"),
                _ => false,
            };
            if is_array && !map.contains_key("items") && !map.contains_key("prefixItems") {
                map.insert("items".to_owned(), json!({}));
            }
            for child in map.values_mut() {
                give_arrays_items(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(give_arrays_items),
        _ => {}
    }
}

/// The schemas of the journal and the faults.
fn double_schemas(schemas: &mut Map<String, Value>) {
    let kinds = json!({ "type": "string", "enum": ["status", "delay", "drop", "apply_then_drop"] });
    let spec_properties = json!({
        "path": { "type": "string", "description": "An exact vendor path, or a template with {name} segments." },
        "method": { "type": "string", "description": "The method (default: any)." },
        "kind": kinds,
        "status": { "type": "integer", "minimum": 100, "maximum": 599,
                    "description": "status: the status answered." },
        "body": { "description": "status: the JSON body answered (default: the stand-in's error body)." },
        "delay_ms": { "type": "integer", "minimum": 0, "maximum": 600_000,
                      "description": "delay: milliseconds waited before the usual answer." },
        "times": { "type": "integer", "minimum": 1, "default": 1,
                   "description": "How many matching requests it takes." },
    });
    schemas.insert(
        FAULT_SPEC.to_owned(),
        json!({
            "type": "object",
            "description": "status: answer `status` and `body` without reaching the endpoint; \
                delay: wait `delay_ms`, then answer as usual; drop: close the connection \
                without an answer (nothing is applied); apply_then_drop: apply the request \
                (the cancel happens, an Idempotency-Key is recorded), then close the \
                connection instead of answering. A dropped connection may carry the status \
                line and headers, never a complete body.",
            "required": ["path", "kind"],
            "additionalProperties": false,
            "properties": spec_properties,
        }),
    );
    let mut fault_properties = spec_properties.as_object().cloned().unwrap_or_default();
    fault_properties.insert("id".to_owned(), json!({ "type": "integer", "minimum": 1 }));
    fault_properties.insert(
        "remaining".to_owned(),
        json!({ "type": "integer", "minimum": 0, "description": "Matching requests it still takes." }),
    );
    schemas.insert(
        FAULT.to_owned(),
        json!({
            "type": "object",
            "required": ["id", "path", "kind", "times", "remaining"],
            "properties": fault_properties,
        }),
    );
    schemas.insert(
        FAULTS.to_owned(),
        json!({
            "type": "object",
            "required": ["faults"],
            "properties": { "faults": { "type": "array", "items": component_ref(FAULT) } },
        }),
    );
    schemas.insert(
        LOADED.to_owned(),
        json!({
            "type": "object",
            "required": ["status", "orders"],
            "properties": {
                "status": { "type": "string", "enum": ["loaded"] },
                "orders": { "type": "integer", "minimum": 0 },
            },
        }),
    );
    schemas.insert(
        "cancelkit.JournalAnswer".to_owned(),
        json!({
            "type": "object",
            "required": ["status", "body", "dropped"],
            "properties": {
                "status": { "type": "integer" },
                "body": { "description": "The answer's JSON, or its text." },
                "dropped": { "type": "boolean", "description": "Made, but the connection was dropped instead of sending it (apply_then_drop)." },
            },
        }),
    );
    schemas.insert(
        "cancelkit.JournalEntry".to_owned(),
        json!({
            "type": "object",
            "required": ["seq", "method", "path", "query", "headers", "body", "response"],
            "properties": {
                "seq": { "type": "integer", "minimum": 1 },
                "method": { "type": "string" },
                "path": { "type": "string" },
                "query": { "type": "string" },
                "headers": {
                    "type": "array",
                    "description": "[name, value] pairs in arrival order; credentials are ***.",
                    "items": { "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 2 },
                },
                "body": { "description": "The request's JSON, its text, or null when empty." },
                "response": {
                    "description": "The answer given; null when a drop fault closed the connection first.",
                    "oneOf": [component_ref("cancelkit.JournalAnswer"), { "type": "null" }],
                },
                "fault": { "type": "string", "enum": ["status", "delay", "drop", "apply_then_drop"] },
            },
        }),
    );
    schemas.insert(
        JOURNAL.to_owned(),
        json!({
            "type": "object",
            "required": ["requests"],
            "properties": {
                "requests": { "type": "array", "items": component_ref("cancelkit.JournalEntry") },
            },
        }),
    );
}

/// Moves a schema into `components/schemas` under `name` (its `$defs` under `name.Def`),
/// rewriting its references, and returns a `$ref` to it.
fn hoist(mut schema: Value, name: &str, components: &mut Map<String, Value>) -> Value {
    let prefix = format!("{name}.");
    let mut pending = vec![(name.to_owned(), std::mem::take(&mut schema))];
    while let Some((key, mut value)) = pending.pop() {
        if let Value::Object(map) = &mut value {
            for defs_key in ["$defs", "definitions"] {
                if let Some(Value::Object(defs)) = map.remove(defs_key) {
                    for (def, body) in defs {
                        pending.push((format!("{prefix}{}", sanitize(&def)), body));
                    }
                }
            }
            map.remove("$schema");
            map.remove("$id");
        }
        rewrite_refs(&mut value, name, &prefix);
        components.insert(key, value);
    }
    component_ref(name)
}

fn rewrite_refs(value: &mut Value, root: &str, prefix: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if let Some(new) = rewrite_ref(target, root, prefix) {
                    *target = new;
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "$ref" {
                    rewrite_refs(child, root, prefix);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_refs(item, root, prefix);
            }
        }
        _ => {}
    }
}

fn rewrite_ref(target: &str, root: &str, prefix: &str) -> Option<String> {
    let pointer = target.strip_prefix('#')?;
    let base = "#/components/schemas/";
    for defs in ["/$defs/", "/definitions/"] {
        if let Some(rest) = pointer.strip_prefix(defs) {
            let (def, tail) = rest.split_once('/').map_or((rest, ""), |(d, t)| (d, t));
            let def = decode_segment(def).unwrap_or_else(|| def.to_owned());
            let def = def.replace("~1", "/").replace("~0", "~");
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!("/{tail}")
            };
            return Some(format!("{base}{prefix}{}{tail}", sanitize(&def)));
        }
    }
    Some(format!("{base}{root}{pointer}"))
}

/// A component name (`[A-Za-z0-9._-]`).
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A fixture body shown in the document as an example: whose, the status it is answered
/// with (`None`: a request body), its path under the crate's `tests/fixtures/`, its text
/// (included at build time, so the document always shows the fixtures as they are).
struct FixtureExample {
    vendor: Vendor,
    status: Option<u16>,
    path: &'static str,
    text: &'static str,
}

impl FixtureExample {
    /// The example's name: the fixture's file name without `.json`.
    fn name(&self) -> &'static str {
        let file = self.path.rsplit('/').next().unwrap_or(self.path);
        file.strip_suffix(".json").unwrap_or(file)
    }

    fn value(&self) -> Option<Value> {
        serde_json::from_str(self.text).ok()
    }
}

macro_rules! fixture {
    ($vendor:ident, $dir:literal, $status:expr, $path:literal) => {
        FixtureExample {
            vendor: Vendor::$vendor,
            status: $status,
            path: $path,
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../",
                $dir,
                "/tests/fixtures/",
                $path
            )),
        }
    };
}

/// The fixtures the document shows as request and answer examples.
const FIXTURE_EXAMPLES: &[FixtureExample] = &[
    fixture!(
        Chatbot,
        "cancel-chatbot",
        None,
        "request/valid/seed_example_without_trailing_comma.json"
    ),
    fixture!(
        Chatbot,
        "cancel-chatbot",
        None,
        "request/valid/uid_only.json"
    ),
    fixture!(
        Chatbot,
        "cancel-chatbot",
        Some(200),
        "response/valid/seed_success_with_closing_brace.json"
    ),
    fixture!(
        Chatbot,
        "cancel-chatbot",
        Some(200),
        "response/valid/refusal_text.json"
    ),
    fixture!(
        Chatbot,
        "cancel-chatbot",
        Some(200),
        "response/valid/requested_text.json"
    ),
    fixture!(Mozu, "cancel-mozu", None, "request/valid/seed_example.json"),
    fixture!(
        Mozu,
        "cancel-mozu",
        None,
        "request/valid/vendor_docs_full_example.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(200),
        "response/valid/minimal_canceled.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(200),
        "response/valid/vendor_example_top_level.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(400),
        "error/valid/bad_request.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(400),
        "error/valid/invalid_request_data.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(400),
        "error/valid/missing_request_data.json"
    ),
    fixture!(
        Mozu,
        "cancel-mozu",
        Some(403),
        "error/valid/not_authorized_no_message.json"
    ),
    fixture!(Mozu, "cancel-mozu", Some(404), "error/valid/not_found.json"),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        None,
        "request/valid/seed_example.json"
    ),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        None,
        "request/valid/multi_items.json"
    ),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        Some(200),
        "response/valid/success_no_items.json"
    ),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        Some(200),
        "response/valid/partial_success.json"
    ),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        Some(200),
        "response/valid/failed_all_listed.json"
    ),
    fixture!(
        Unicommerce,
        "cancel-unicommerce",
        Some(200),
        "error/valid/failed_order_not_found.json"
    ),
    fixture!(Occ, "cancel-occ", None, "request/valid/changeOfMind.json"),
    fixture!(Occ, "cancel-occ", None, "request/valid/noLongerNeeded.json"),
    fixture!(
        Occ,
        "cancel-occ",
        Some(200),
        "response/valid/store_minimal.json"
    ),
    fixture!(
        Occ,
        "cancel-occ",
        Some(200),
        "response/valid/rich_store_order.json"
    ),
    fixture!(Occ, "cancel-occ", Some(400), "error/valid/code_200101.json"),
    fixture!(Occ, "cancel-occ", Some(400), "error/valid/code_200126.json"),
    fixture!(Occ, "cancel-occ", Some(400), "error/valid/code_200218.json"),
    fixture!(Occ, "cancel-occ", Some(403), "error/valid/code_28107.json"),
    fixture!(Occ, "cancel-occ", Some(404), "error/valid/code_210105.json"),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        None,
        "request/valid/seed_whole_order.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        None,
        "request/valid/seed_partial.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        None,
        "request/valid/clear_response_switch.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(200),
        "response/valid/detail_canceled_whole.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(200),
        "response/valid/clear_response_order.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(400),
        "error/valid/400_order_already_cancelled.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(400),
        "error/valid/400_missing_fields.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(401),
        "error/valid/401_invalid_token.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(401),
        "error/valid/401_no_credentials.json"
    ),
    fixture!(
        Omnitron,
        "cancel-omnitron",
        Some(404),
        "error/valid/404_not_found.json"
    ),
];

/// The order of the samples and examples; serve an orders file holding an order `1001`
/// with a line `1` (no vendor ids needed) and the examples reach the state rules.
pub(crate) const SAMPLE_ORDER: &str = "1001";

/// Requests the samples answer: a whole-order cancel and a cancel of one line.
fn sample_requests() -> Vec<CancelRequest> {
    let reason = CancelReason::new(ReasonCode::ChangedMind);
    let requester = Requester {
        channel: Some("telegram".into()),
        user_id: Some(Sensitive::new("51342".to_owned())),
        locale: Some("en".into()),
        ..Requester::default()
    };
    let mut whole = CancelRequest::whole_order(SAMPLE_ORDER, reason.clone());
    whole.requester = Some(requester);
    let lines = CancelRequest {
        scope: CancelScope::Lines {
            lines: vec![LineCancel::new("1", Quantity::new(1))],
        },
        ..whole.clone()
    };
    vec![whole, lines]
}

/// Request bodies of the dialect for the samples, as OpenAPI `examples`.
fn request_examples(dialect: &dyn Dialect, order: Option<&Order>) -> Map<String, Value> {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_order(order);
    let mut examples = Map::new();
    for (name, request) in ["whole_order", "lines"].into_iter().zip(sample_requests()) {
        let mut body = Vec::new();
        if dialect.request_from_core(&request, &ctx, &mut body).is_ok() {
            if let Ok(value) = serde_json::from_slice::<Value>(&body) {
                if !examples.values().any(|e| e["value"] == value) {
                    examples.insert(name.to_owned(), json!({ "value": value }));
                }
            }
        }
    }
    examples
}

/// An order the samples are about, with the vendor's ids.
fn sample_order(vendor: Vendor) -> Option<Order> {
    serde_json::from_value(json!({
        "id": SAMPLE_ORDER,
        "vendor_ids": { vendor.to_string(): SAMPLE_ORDER },
        "currency": "USD",
        "lines": [
            { "id": "1", "vendor_ids": { vendor.to_string(): "1" }, "product": "P1",
              "variant": "V1", "unit_price": "10.00", "quantities": { "ordered": 2, "cancelled": 1 } },
        ],
    }))
    .ok()
}

/// Outcomes of every status, and a refusal of every kind.
fn sample_outcomes(request: &CancelRequest) -> Vec<CancelOutcome> {
    let line = |accepted: u32, error: Option<CancelRejection>| LineOutcome {
        line: "1".into(),
        requested: Some(1),
        accepted,
        error,
    };
    let mut outcomes = Vec::new();
    for status in [
        OutcomeStatus::Cancelled,
        OutcomeStatus::PartiallyCancelled,
        OutcomeStatus::Requested,
        OutcomeStatus::Replayed,
    ] {
        let mut outcome = CancelOutcome::new(request.order.clone(), status);
        outcome.phase = Some(OrderPhase::Cancelled);
        outcome.lines = vec![line(1, None)];
        outcomes.push(outcome);
    }
    for rejection in sample_rejections() {
        let mut outcome = CancelOutcome::rejected(request.order.clone(), rejection.clone());
        outcome.lines = vec![line(0, Some(rejection))];
        outcomes.push(outcome);
    }
    outcomes
}

/// One rejection of every kind (the match below fails to compile when a kind is added).
fn sample_rejections() -> Vec<CancelRejection> {
    use CancelRejection as R;
    let line = || cancel_domain::LineRef::from("1");
    let all = vec![
        R::OrderNotFound,
        R::NotOrderOwner,
        R::OrderNotPlaced,
        R::OrderAlreadyCancelled,
        R::CancellationAlreadyRequested,
        R::OrderNotCancellable {
            phase: OrderPhase::Closed,
        },
        R::OrderOnHold {
            reason: HoldReason::Merchant,
        },
        R::CancellationRestricted,
        R::ItemsAlreadyShipped {
            lines: vec![line()],
        },
        R::FulfillmentInProgress {
            lines: vec![line()],
        },
        R::PaymentAlreadyCaptured,
        R::FullyInvoiced,
        R::ReturnInProgress,
        R::MixedCancelAndReturn,
        R::UnknownOrderItem { line: line() },
        R::ItemReferenceMismatch { line: line() },
        R::DuplicateOrderItem { line: line() },
        R::InvalidQuantity {
            line: line(),
            requested: 0,
        },
        R::QuantityExceedsCancellable {
            line: line(),
            requested: 3,
            available: 1,
        },
        R::ItemAlreadyCancelled { line: line() },
        R::PartialCancelNotSupported {
            vendor: Vendor::Chatbot,
        },
        R::MissingReason,
        R::InvalidReason,
        R::ReasonDetailRequired,
        R::ReasonTooLong { max: 255 },
        R::UnknownVendorState {
            vendor: Vendor::Occ,
            value: "X".into(),
        },
        R::ConcurrentModification,
        R::InvalidRequest {
            fields: vec!["order".into()],
            message: None,
        },
        R::VendorRefusal {
            vendor: Vendor::Occ,
            vendor_code: None,
            message: "refused".into(),
        },
    ];
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new kind of rejection must get a sample in `sample_rejections`.
    #[test]
    fn every_kind_of_rejection_has_a_sample() {
        use strum::VariantNames as _;
        let sampled: std::collections::BTreeSet<&str> = sample_rejections()
            .iter()
            .map(CancelRejection::code)
            .collect();
        let every: std::collections::BTreeSet<&str> =
            CancelRejection::VARIANTS.iter().copied().collect();
        assert_eq!(sampled, every);
    }

    #[test]
    fn hoisting_moves_defs_and_rewrites_refs() {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "a": { "$ref": "#/$defs/A" },
                "b": { "$ref": "#/$defs/Map%3CB%3E" },
                "self": { "$ref": "#" },
            },
            "$defs": {
                "A": { "type": "object", "properties": { "up": { "$ref": "#/$defs/A" } } },
                "Map<B>": { "type": "string" },
            },
        });
        let mut components = Map::new();
        let r = hoist(schema, "occ.request", &mut components);
        assert_eq!(r, json!({ "$ref": "#/components/schemas/occ.request" }));
        let root = &components["occ.request"];
        assert!(root.get("$defs").is_none() && root.get("$schema").is_none());
        assert_eq!(
            root["properties"]["a"]["$ref"],
            "#/components/schemas/occ.request.A"
        );
        assert_eq!(
            root["properties"]["b"]["$ref"],
            "#/components/schemas/occ.request.Map_B_"
        );
        assert_eq!(
            root["properties"]["self"]["$ref"],
            "#/components/schemas/occ.request"
        );
        assert_eq!(
            components["occ.request.A"]["properties"]["up"]["$ref"],
            "#/components/schemas/occ.request.A"
        );
        assert!(components.contains_key("occ.request.Map_B_"));
    }

    #[test]
    fn every_reference_resolves() {
        let registry = crate::registry(&Policy::default(), &vendor_endpoints()).unwrap();
        let doc = openapi(&registry);
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let pointer = r
                .strip_prefix('#')
                .filter(|p| p.starts_with("/components/"))
                .unwrap_or_else(|| panic!("unexpected ref {r}"));
            assert!(doc.pointer(pointer).is_some(), "dangling ref {r}");
        }
    }

    #[test]
    fn request_examples_are_valid_bodies() {
        let registry = crate::registry(&Policy::default(), &vendor_endpoints()).unwrap();
        let doc = openapi(&registry);
        let mut seen = 0;
        for endpoints in vendor_endpoints() {
            let dialect = registry.get(endpoints.vendor().into()).unwrap();
            for route in endpoints
                .routes()
                .iter()
                .filter(|r| r.documented && r.action == Action::Cancel)
            {
                let examples = &doc["paths"][route.path][route.method.to_ascii_lowercase()]
                    ["requestBody"]["content"][JSON]["examples"];
                let examples = examples
                    .as_object()
                    .unwrap_or_else(|| panic!("{} has no example", route.path));
                for (name, example) in examples {
                    let body = serde_json::to_vec(&example["value"]).unwrap();
                    let limits = cancel_domain::json::Limits::DEFAULT;
                    assert!(
                        dialect
                            .validate(PayloadKind::Request, &body, &limits)
                            .is_ok(),
                        "{} example {name} is not a valid request",
                        route.path
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 6, "{seen}");
    }

    #[test]
    fn union_branches_are_named_arrays_have_items_and_components_no_title() {
        let registry = crate::registry(&Policy::default(), &vendor_endpoints()).unwrap();
        let doc = openapi(&registry);
        fn walk(v: &Value, at: &str) {
            match v {
                Value::Object(m) => {
                    for combinator in ["oneOf", "anyOf"] {
                        for branch in m
                            .get(combinator)
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            assert!(!is_object_schema(branch), "{at}: an inline object branch");
                        }
                    }
                    let array = match m.get("type") {
                        Some(Value::String(t)) => t == "array",
                        Some(Value::Array(t)) => t.iter().any(|t| t == "array"),
                        _ => false,
                    };
                    assert!(
                        !array || m.contains_key("items"),
                        "{at}: an array without items"
                    );
                    for (k, c) in m {
                        walk(c, &format!("{at}/{k}"));
                    }
                }
                Value::Array(a) => a.iter().for_each(|c| walk(c, at)),
                _ => {}
            }
        }
        walk(&doc, "");
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            assert!(schema.get("title").is_none(), "{name} has a title");
        }
        // Kibo's "orderId or orderID" is a conditional, not a union of shapeless branches.
        let kibo = &doc["components"]["schemas"]["mozu.request"];
        assert!(
            kibo.get("oneOf").is_none() && kibo.get("if").is_some(),
            "{kibo}"
        );
    }

    #[test]
    fn an_assertion_union_folds_into_the_same_rule() {
        let mut schema = json!({
            "type": "object",
            "oneOf": [{ "required": ["a"] }, { "required": ["b"] }],
        });
        fold_assertion_unions(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "if": { "required": ["a"] },
                "then": { "not": { "required": ["b"] } },
                "else": { "required": ["b"] },
            })
        );
    }

    fn collect_refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|c| collect_refs(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
            _ => {}
        }
    }
}
