//! The OpenAPI 3.1 document of the stand-in, built from the dialects' own JSON Schemas.

use std::collections::{BTreeMap, BTreeSet};

use cancel_domain::http::percent_decode;
use cancel_domain::{
    CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope, Dialect, ErrorKind,
    HoldReason, LineCancel, LineOutcome, Order, OrderPhase, OutcomeStatus, PayloadErrors,
    PayloadKind, Policy, Quantity, ReasonCode, Registry, Requester, Sensitive, TranslateContext,
    Vendor,
};
use serde_json::{json, Map, Value};

use super::{vendor_endpoints, Action, Route, VendorEndpoints, IDEMPOTENCY_KEY, JSON};

/// The stand-in's own error body (`{"error", "message"}`).
const ERROR: &str = "cancelkit.Error";
/// The generic answer to an unreadable body (`{"errors": [{path, kind, message}]}`).
const PAYLOAD_ERRORS: &str = "cancelkit.PayloadErrors";
/// The core order.
const ORDER: &str = "core.Order";

/// The OpenAPI 3.1 document of `cancelkit serve`: every vendor endpoint compiled into this
/// build (request body, success and error answers, credentials, required headers, path
/// parameters) and the `/_cancelkit/` control endpoints. Body schemas are the dialects' own
/// ([`Dialect::schema`], the same as `cancelkit schema`), with their `$defs` moved under
/// `components/schemas`.
///
/// ```
/// use cancel_kit::domain::Policy;
/// let registry = cancel_kit::registry(&Policy::default()).unwrap();
/// let doc = cancel_kit::endpoint::openapi(&registry);
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
                Action::TokenExchange | Action::Login => endpoints.other_operation(route),
            };
            paths
                .entry(route.path.to_owned())
                .or_default()
                .insert(route.method.to_ascii_lowercase(), op);
        }
    }
    control_paths(&mut paths);

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
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

/// The component names of one dialect's bodies.
struct DialectRefs {
    request: Value,
    response: Value,
    error: Option<Value>,
}

impl DialectRefs {
    fn new(dialect: &dyn Dialect, schemas: &mut Map<String, Value>) -> Self {
        let id = dialect.id();
        let mut kind_ref =
            |kind: PayloadKind| hoist(dialect.schema(kind), &format!("{id}.{kind}"), schemas);
        Self {
            request: kind_ref(PayloadKind::Request),
            response: kind_ref(PayloadKind::Response),
            error: dialect
                .kinds()
                .contains(&PayloadKind::Error)
                .then(|| kind_ref(PayloadKind::Error)),
        }
    }
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Which documented body an answer of the dialect is.
fn classify(dialect: &dyn Dialect, refs: &DialectRefs, body: &[u8]) -> Value {
    let limits = cancel_domain::json::Limits::DEFAULT;
    if let Some(error) = &refs.error {
        if dialect.validate(PayloadKind::Error, body, &limits).is_ok() {
            return error.clone();
        }
    }
    if dialect
        .validate(PayloadKind::Response, body, &limits)
        .is_ok()
    {
        return refs.response.clone();
    }
    if serde_json::from_slice::<PayloadErrorsBody>(body).is_ok() {
        return component_ref(PAYLOAD_ERRORS);
    }
    // An answer none of the schemas describes: documented as any JSON.
    json!({})
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to recognise the shape
struct PayloadErrorsBody {
    errors: Vec<Value>,
}

/// Status → (schemas, descriptions).
#[derive(Default)]
struct Responses(BTreeMap<u16, (Vec<Value>, BTreeSet<String>)>);

impl Responses {
    fn add(&mut self, status: u16, schema: Value, description: &str) {
        let (schemas, descriptions) = self.0.entry(status).or_default();
        if !schemas.contains(&schema) {
            schemas.push(schema);
        }
        descriptions.insert(description.to_owned());
    }

    fn into_value(self) -> Value {
        let mut out = Map::new();
        for (status, (mut schemas, descriptions)) in self.0 {
            let schema = if schemas.len() == 1 {
                schemas.pop().unwrap_or_default()
            } else {
                json!({ "anyOf": schemas })
            };
            let description: Vec<String> = descriptions.into_iter().collect();
            out.insert(
                status.to_string(),
                json!({
                    "description": description.join("; "),
                    "content": { JSON: { "schema": schema } },
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
                responses.add(status, classify(dialect, refs, &body), what);
            }
        }
    }
    if let Some(error) = &refs.error {
        for rejection in sample_rejections() {
            responses.add(
                dialect.error_status(&rejection),
                error.clone(),
                "the state rules refuse the cancel",
            );
        }
    }
    let mut body = Vec::new();
    let errors = PayloadErrors::one("$", ErrorKind::Syntax, "expected a JSON object");
    let status = dialect.invalid_answer(&errors, &mut body);
    responses.add(
        status,
        classify(dialect, refs, &body),
        "the body is not a valid request",
    );
    for auth in endpoints.auth_responses(route) {
        let schema = auth
            .schema
            .or_else(|| refs.error.clone())
            .unwrap_or_else(|| json!({}));
        responses.add(auth.status, schema, auth.description);
    }
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
    let mut examples = request_examples(dialect, order.as_ref());
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
        "/_cancelkit/health",
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
        "/_cancelkit/orders/{id}",
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
        "/_cancelkit/reset",
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
        "/_cancelkit/openapi.json",
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
            let def = percent_decode(def).unwrap_or_else(|| def.to_owned());
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
    for r in &all {
        // Exhaustive: a new kind of rejection must get a sample above.
        match r {
            R::OrderNotFound
            | R::NotOrderOwner
            | R::OrderNotPlaced
            | R::OrderAlreadyCancelled
            | R::CancellationAlreadyRequested
            | R::OrderNotCancellable { .. }
            | R::OrderOnHold { .. }
            | R::CancellationRestricted
            | R::ItemsAlreadyShipped { .. }
            | R::FulfillmentInProgress { .. }
            | R::PaymentAlreadyCaptured
            | R::FullyInvoiced
            | R::ReturnInProgress
            | R::MixedCancelAndReturn
            | R::UnknownOrderItem { .. }
            | R::ItemReferenceMismatch { .. }
            | R::DuplicateOrderItem { .. }
            | R::InvalidQuantity { .. }
            | R::QuantityExceedsCancellable { .. }
            | R::ItemAlreadyCancelled { .. }
            | R::PartialCancelNotSupported { .. }
            | R::MissingReason
            | R::InvalidReason
            | R::ReasonDetailRequired
            | R::ReasonTooLong { .. }
            | R::UnknownVendorState { .. }
            | R::ConcurrentModification
            | R::InvalidRequest { .. }
            | R::VendorRefusal { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let registry = crate::registry(&Policy::default()).unwrap();
        let doc = openapi(&registry);
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("unexpected ref {r}"));
            let name = name.split('/').next().unwrap();
            assert!(schemas.contains_key(name), "dangling ref {r}");
        }
    }

    #[test]
    fn request_examples_are_valid_bodies() {
        let registry = crate::registry(&Policy::default()).unwrap();
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
