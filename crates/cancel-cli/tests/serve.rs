//! `cancelkit serve` end to end: the stand-in on 127.0.0.1:0 driven with reqwest, every
//! answer checked against the served OpenAPI document and every order through
//! `GET /_cancelkit/orders/{id}`.
//!
//! Orders: examples/data/orders.json (ORD-2026-0001 active with one line allocated,
//! 0002 awaiting confirmation, 0003 one line shipped, 0004 closed, 0005 cancelled,
//! 0006 on hold for payment review).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::Policy;
use cancel_kit::endpoint::{server, Credentials, StandIn};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn orders_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/orders.json")
}

const TOKEN: &str = Credentials::DEFAULT_TOKEN;

/// A running stand-in.
struct Server {
    base: String,
    client: reqwest::Client,
    openapi: Value,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// One answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn outcome(&self) -> &str {
        self.headers
            .get("x-cancelkit-outcome")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn start() -> Server {
    start_with(
        StandIn::from_file(orders_path(), Policy::default()).unwrap(),
        server::ServerOptions::default(),
    )
    .await
}

async fn start_with(stand_in: StandIn, options: server::ServerOptions) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let openapi: Value = serde_json::from_slice(stand_in.openapi_json()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(
        listener,
        Arc::new(stand_in),
        options,
        async {
            let _ = stopped.await;
        },
    ));
    Server {
        base,
        client: reqwest::Client::new(),
        openapi,
        stop: Some(stop),
        task: Some(task),
    }
}

impl Server {
    async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .body(body.to_vec());
        // Bodies go as JSON unless the test names a Content-Type (an empty one: none sent).
        let content_type = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map_or(Some("application/json"), |(_, v)| {
                Some(*v).filter(|v| !v.is_empty())
            });
        if let (true, Some(ct)) = (method == reqwest::Method::POST, content_type) {
            request = request.header("Content-Type", ct);
        }
        for (name, value) in headers {
            if !name.eq_ignore_ascii_case("content-type") {
                request = request.header(*name, *value);
            }
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {bytes:?}"));
        self.check_documented(method.as_str(), path, status, &body);
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn post(&self, path: &str, headers: &[(&str, &str)], body: Value) -> Answer {
        self.call("POST", path, headers, body.to_string().as_bytes())
            .await
    }

    async fn get(&self, path: &str) -> Answer {
        self.call("GET", path, &[], b"").await
    }

    /// The core order now.
    async fn order(&self, id: &str) -> Value {
        let answer = self.get(&format!("/_cancelkit/orders/{id}")).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        answer.body
    }

    /// `(cancelled per line, phase, version)` of an order.
    async fn state(&self, id: &str) -> (Vec<u64>, String, u64) {
        let order = self.order(id).await;
        let cancelled = order["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["quantities"]["cancelled"].as_u64().unwrap_or(0))
            .collect();
        (
            cancelled,
            order["phase"].as_str().unwrap().to_owned(),
            order["version"].as_u64().unwrap_or(0),
        )
    }

    /// Checks a body against the schema the OpenAPI document gives for its status.
    fn check_documented(&self, method: &str, path: &str, status: u16, body: &Value) {
        let path = path.split('?').next().unwrap();
        let Some((template, item)) = self.openapi["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(t, _)| template_matches(t, path))
        else {
            return; // undocumented paths (404s, the v1 alias)
        };
        let Some(op) = item.get(method.to_ascii_lowercase()) else {
            return; // 405
        };
        let response = op["responses"].get(status.to_string()).unwrap_or_else(|| {
            panic!("{method} {template}: status {status} is not documented: {body}")
        });
        let Some(schema) = response.pointer("/content/application~1json/schema") else {
            return;
        };
        let mut root = schema.clone();
        if let Value::Object(map) = &mut root {
            map.insert("components".into(), self.openapi["components"].clone());
        } else {
            root = json!({ "allOf": [schema], "components": self.openapi["components"] });
        }
        let validator = jsonschema::validator_for(&root).unwrap();
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {status}: body does not match its documented schema: {errors:?}\n{body}"
        );
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

// ---------------------------------------------------------------- chatbot

const CHATBOT: &str = "/api/rest/v1/ecom/integrations/cancelOrder";

fn chatbot_body(order: &str) -> Value {
    json!({
        "conversationRequest": { "channel": "telegram", "userInfo": { "uid": "51342" } },
        "queryInfo": {
            "interestType": "cancel-order",
            "parameters": { "params": { "entityInfo": { "orderId": order } } },
        },
        "languageCode": "en",
    })
}

fn chatbot_text(answer: &Answer) -> String {
    answer.body["response"]["responseMessages"][0]["simpleResponse"]["responseText"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn chatbot_cancels_whole_orders_and_tells_refusals_in_text() {
    let s = start().await;

    let ok = s.post(CHATBOT, &[], chatbot_body("748597")).await;
    assert_eq!((ok.status, ok.outcome()), (200, "cancelled"), "{ok:?}");
    assert!(chatbot_text(&ok).contains("748597"), "{ok:?}");
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    // Replayed without a key: refused as already cancelled, still 200, nothing changes.
    let again = s.post(CHATBOT, &[], chatbot_body("748597")).await;
    assert_eq!(
        (again.status, again.outcome()),
        (200, "rejected"),
        "{again:?}"
    );
    assert_ne!(chatbot_text(&again), chatbot_text(&ok));
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    // A line in fulfillment blocks the whole cancel.
    let busy = s.post(CHATBOT, &[], chatbot_body("748596")).await;
    assert_eq!((busy.status, busy.outcome()), (200, "rejected"));
    assert_eq!(
        s.state("ORD-2026-0001").await,
        (vec![0, 0, 0, 0], "active".into(), 0)
    );

    for (order, id) in [
        ("748599", "ORD-2026-0004"),
        ("748600", "ORD-2026-0005"),
        ("748601", "ORD-2026-0006"),
    ] {
        let before = s.state(id).await;
        let refused = s.post(CHATBOT, &[], chatbot_body(order)).await;
        assert_eq!(
            (refused.status, refused.outcome()),
            (200, "rejected"),
            "{order}: {refused:?}"
        );
        assert_eq!(s.state(id).await, before);
    }
    let unknown = s.post(CHATBOT, &[], chatbot_body("1")).await;
    assert_eq!((unknown.status, unknown.outcome()), (200, "rejected"));
    s.stop().await;
}

#[tokio::test]
async fn chatbot_invalid_bodies_get_path_and_kind() {
    let s = start().await;
    let bad = s.call("POST", CHATBOT, &[], b"{").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.body["errors"][0]["kind"], "syntax");
    let mut body = chatbot_body("748597");
    body["queryInfo"]["parameters"]["params"]["entityInfo"]
        .as_object_mut()
        .unwrap()
        .remove("orderId");
    let missing = s.post(CHATBOT, &[], body).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["errors"][0]["kind"], "missing", "{missing:?}");
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);
    s.stop().await;
}

// ---------------------------------------------------------------- Kibo (mozu)

const MOZU: &str = "/api/v2/order/action/cancel";

fn mozu_body(order: u64) -> Value {
    json!({ "orderId": order, "dispositionReason": "customer_changed_mind" })
}

#[tokio::test]
async fn mozu_success_refusals_and_tenant() {
    let s = start().await;
    let tenant = [("x-vol-tenant", "24680")];

    let none = s.post(MOZU, &[], mozu_body(1_010_102)).await;
    assert_eq!(none.status, 403);
    assert_eq!(none.body["code"], 5004);
    let empty = s
        .post(MOZU, &[("x-vol-tenant", "")], mozu_body(1_010_102))
        .await;
    assert_eq!(empty.status, 403);
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);

    let ok = s.post(MOZU, &tenant, mozu_body(1_010_102)).await;
    assert_eq!((ok.status, ok.outcome()), (200, "cancelled"), "{ok:?}");
    assert_eq!(ok.body["orderID"], 1_010_102, "{ok:?}");
    assert_eq!(ok.body["orderState"], "CANCELED", "{ok:?}");
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    let again = s.post(MOZU, &tenant, mozu_body(1_010_102)).await;
    assert_eq!(again.outcome(), "rejected");
    assert!(again.status >= 400, "{again:?}");
    assert_eq!(s.state("ORD-2026-0002").await.2, 1);

    let cases = [
        (1_010_101, "ORD-2026-0001"), // in fulfillment
        (1_010_103, "ORD-2026-0003"), // shipped
        (1_010_104, "ORD-2026-0004"), // closed
        (1_010_105, "ORD-2026-0005"), // cancelled
        (1_010_106, "ORD-2026-0006"), // on hold
    ];
    for (order, id) in cases {
        let before = s.state(id).await;
        let refused = s.post(MOZU, &tenant, mozu_body(order)).await;
        assert_eq!(refused.outcome(), "rejected", "{order}: {refused:?}");
        assert!(refused.status >= 400, "{order}: {refused:?}");
        assert!(refused.body["code"].is_u64(), "{order}: {refused:?}");
        assert_eq!(s.state(id).await, before);
    }
    let unknown = s.post(MOZU, &tenant, mozu_body(999)).await;
    assert_eq!(
        (unknown.status, unknown.outcome()),
        (404, "rejected"),
        "{unknown:?}"
    );

    let zero = s
        .post(
            MOZU,
            &tenant,
            json!({ "orderId": 0, "dispositionReason": "other" }),
        )
        .await;
    assert_eq!(zero.status, 400, "{zero:?}");
    s.stop().await;
}

#[tokio::test]
async fn mozu_configured_tenant_and_idempotency_key() {
    let stand_in = StandIn::from_file(orders_path(), Policy::default())
        .unwrap()
        .with_credentials(Credentials {
            tenant: Some("24680".into()),
            ..Credentials::default()
        });
    let s = start_with(stand_in, server::ServerOptions::default()).await;
    let other = s
        .post(MOZU, &[("x-vol-tenant", "13579")], mozu_body(1_010_102))
        .await;
    assert_eq!(other.status, 403);

    let keyed = [("x-vol-tenant", "24680"), ("Idempotency-Key", "k-1")];
    let first = s.post(MOZU, &keyed, mozu_body(1_010_102)).await;
    assert_eq!((first.status, first.outcome()), (200, "cancelled"));
    let replay = s.post(MOZU, &keyed, mozu_body(1_010_102)).await;
    assert_eq!(
        (replay.status, replay.outcome()),
        (200, "replayed"),
        "{replay:?}"
    );
    assert_eq!(replay.body["orderID"], first.body["orderID"]);
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    // The same key for another request is refused, and changes nothing.
    let reused = s.post(MOZU, &keyed, mozu_body(1_010_101)).await;
    assert_eq!(reused.status, 400, "{reused:?}");
    assert_eq!(s.state("ORD-2026-0001").await.2, 0);
    s.stop().await;
}

/// With `rules.in_fulfillment = "request"`, Kibo (which has no answer for a cancel that is
/// only requested) still refuses units in fulfillment, and the order is left as it was;
/// OCC, which can say `PENDING_REMOVE`, takes the request.
#[tokio::test]
async fn mozu_refuses_what_it_could_only_request_and_changes_nothing() {
    let mut policy = Policy::default();
    policy.rules.in_fulfillment = cancel_kit::domain::InFulfillment::Request;
    let s = start_with(
        StandIn::from_file(orders_path(), policy).unwrap(),
        server::ServerOptions::default(),
    )
    .await;
    let before = s.state("ORD-2026-0001").await;

    let refused = s
        .post(MOZU, &[("x-vol-tenant", "24680")], mozu_body(1_010_101))
        .await;
    assert_eq!(
        (refused.status, refused.outcome()),
        (400, "rejected"),
        "{refused:?}"
    );
    assert_eq!(refused.body["code"], 5003, "{refused:?}");
    assert_eq!(s.state("ORD-2026-0001").await, before);

    let bearer = format!("Bearer {TOKEN}");
    let requested = s
        .post(
            OCC_STORE,
            &[("Authorization", bearer.as_str())],
            occ_body("o30411"),
        )
        .await;
    assert_eq!(
        (requested.status, requested.outcome()),
        (200, "requested"),
        "{requested:?}"
    );
    assert_eq!(s.state("ORD-2026-0001").await.1, "cancellation_requested");
    s.stop().await;
}

// ---------------------------------------------------------------- Unicommerce

const UNICOMMERCE: &str = "/orders/cancel";

fn uc_item(item: &str, product: &str, variant: &str, quantity: u64) -> Value {
    json!({ "orderItemId": item, "productId": product, "variantId": variant, "quantity": quantity })
}

#[tokio::test]
async fn unicommerce_token_exchange() {
    let s = start().await;
    let ok = s
        .get("/authToken?username=cancelkit&password=cancelkit")
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.body,
        json!({ "status": "SUCCESS", "accessToken": TOKEN })
    );
    let bad = s.get("/authToken?username=cancelkit&password=nope").await;
    assert_eq!(bad.body, json!({ "status": "FAILED" }));
    let post = s
        .post(
            "/authToken",
            &[],
            json!({ "username": "cancelkit", "password": "cancelkit" }),
        )
        .await;
    assert_eq!(post.body["accessToken"], TOKEN);
    let wrong = s
        .post(
            "/authToken",
            &[],
            json!({ "username": "x", "password": "y" }),
        )
        .await;
    assert_eq!(wrong.body, json!({ "status": "INVALID_CREDENTIALS" }));
    let junk = s.call("POST", "/authToken", &[], b"[1]").await;
    assert_eq!(junk.status, 400);
    s.stop().await;
}

#[tokio::test]
async fn unicommerce_items_best_effort() {
    let s = start().await;
    let key = [("apiKey", TOKEN)];
    let socks = || uc_item("UC-OI-77001-2", "SOCK-ANKLE-3P", "SOCK-ANKLE-3P-M-WHT", 2);

    for headers in [&[][..], &[("apiKey", "stolen")][..]] {
        let refused = s
            .post(
                UNICOMMERCE,
                headers,
                json!({ "orderId": "UC-SO-77001", "orderItems": [socks()] }),
            )
            .await;
        assert_eq!(refused.status, 401);
        assert_eq!(refused.body["status"], "FAILED");
    }
    assert_eq!(s.state("ORD-2026-0001").await.2, 0);

    let ok = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77001", "orderItems": [socks()] }),
        )
        .await;
    assert_eq!(
        (ok.status, ok.body["status"].as_str()),
        (200, Some("SUCCESS")),
        "{ok:?}"
    );
    assert_eq!(
        s.state("ORD-2026-0001").await,
        (vec![0, 2, 0, 0], "active".into(), 1)
    );

    // One good item, one unknown: the good one is cancelled, the other listed.
    let mixed = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77001", "orderItems": [
                uc_item("UC-OI-77001-3", "BOTTLE-750", "BOTTLE-750-STEEL", 1),
                uc_item("UC-OI-NOPE", "X", "Y", 1),
            ] }),
        )
        .await;
    assert_eq!(mixed.status, 200);
    assert_eq!(mixed.body["status"], "PARTIAL_SUCCESS", "{mixed:?}");
    let failed = mixed.body["orderItems"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["orderItemId"], "UC-OI-NOPE");
    assert_eq!(
        s.state("ORD-2026-0001").await,
        (vec![0, 2, 1, 0], "active".into(), 2)
    );

    // Replaying the first request: 2 more socks exceed the one left; nothing changes.
    let replay = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77001", "orderItems": [socks()] }),
        )
        .await;
    assert_eq!(replay.body["status"], "FAILED", "{replay:?}");
    assert_eq!(replay.body["orderItems"][0]["orderItemId"], "UC-OI-77001-2");
    assert_eq!(
        s.state("ORD-2026-0001").await,
        (vec![0, 2, 1, 0], "active".into(), 2)
    );

    // Allocated units (in fulfillment) and shipped units are refused per item.
    let cap = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77001", "orderItems": [uc_item("UC-OI-77001-4", "CAP-TRAIL", "CAP-TRAIL-OS-BLK", 1)] }),
        )
        .await;
    assert_eq!(cap.body["status"], "FAILED", "{cap:?}");
    let shipped = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77003", "orderItems": [uc_item("UC-OI-77003-1", "x", "y", 1)] }),
        )
        .await;
    assert_eq!(shipped.body["status"], "FAILED", "{shipped:?}");
    let unknown = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-NOPE", "orderItems": [socks()] }),
        )
        .await;
    assert_eq!(unknown.body["status"], "FAILED", "{unknown:?}");
    assert_eq!(s.state("ORD-2026-0003").await.2, 0);
    s.stop().await;
}

#[tokio::test]
async fn unicommerce_invalid_bodies() {
    let s = start().await;
    let key = [("apiKey", TOKEN)];
    let zero = s
        .post(
            UNICOMMERCE,
            &key,
            json!({ "orderId": "UC-SO-77001", "orderItems": [uc_item("UC-OI-77001-2", "a", "b", 0)] }),
        )
        .await;
    assert_eq!(zero.status, 400, "{zero:?}");
    let not_json = s.call("POST", UNICOMMERCE, &key, b"orderId=1").await;
    assert_eq!(not_json.status, 400);
    assert_eq!(s.state("ORD-2026-0001").await.2, 0);
    s.stop().await;
}

// ---------------------------------------------------------------- OCC

const OCC_STORE: &str = "/ccstore/v1/orders/cancel";
const OCC_ADMIN: &str = "/ccadmin/v1/orders/cancel";

fn occ_body(order: &str) -> Value {
    json!({ "orderId": order, "cancelReason": "changeOfMind" })
}

#[tokio::test]
async fn occ_store_and_admin() {
    let s = start().await;
    let bearer = format!("Bearer {TOKEN}");
    let auth = [("Authorization", bearer.as_str())];

    let none = s.post(OCC_STORE, &[], occ_body("o30412")).await;
    assert_eq!(
        (none.status, none.body["status"].as_str()),
        (401, Some("401"))
    );
    let wrong = s
        .post(
            OCC_STORE,
            &[("Authorization", "Bearer nope")],
            occ_body("o30412"),
        )
        .await;
    assert_eq!(wrong.status, 401);
    let basic = s
        .post(
            OCC_STORE,
            &[("Authorization", "Basic eDp5")],
            occ_body("o30412"),
        )
        .await;
    assert_eq!(basic.status, 401);
    let no_site = s.post(OCC_ADMIN, &auth, occ_body("o30412")).await;
    assert_eq!(no_site.status, 400, "{no_site:?}");
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);

    let ok = s.post(OCC_STORE, &auth, occ_body("o30412")).await;
    assert_eq!((ok.status, ok.outcome()), (200, "cancelled"), "{ok:?}");
    assert_eq!(ok.body["result"], "success");
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    let again = s.post(OCC_STORE, &auth, occ_body("o30412")).await;
    assert_eq!(
        (again.status, again.outcome()),
        (400, "rejected"),
        "{again:?}"
    );
    assert!(again.body["errorCode"].is_string());

    let site = [("Authorization", bearer.as_str()), ("x-ccsite", "siteUS")];
    let closed = s.post(OCC_ADMIN, &site, occ_body("o30414")).await;
    assert_eq!(
        (closed.status, closed.body["errorCode"].as_str()),
        (400, Some("200101")),
        "{closed:?}"
    );
    let unknown = s.post(OCC_ADMIN, &site, occ_body("o99999")).await;
    assert_eq!(
        (unknown.status, unknown.body["errorCode"].as_str()),
        (404, Some("210105")),
        "{unknown:?}"
    );
    let on_hold = s.post(OCC_ADMIN, &site, occ_body("o30416")).await;
    assert_eq!(on_hold.outcome(), "rejected");
    assert_eq!(s.state("ORD-2026-0006").await.2, 0);

    let admin_ok = s.post(OCC_ADMIN, &site, occ_body("o30413")).await;
    // ORD-2026-0003 has a shipped line: a whole cancel is refused.
    assert_eq!(admin_ok.outcome(), "rejected", "{admin_ok:?}");

    let bad = s
        .post(
            OCC_STORE,
            &auth,
            json!({ "orderid": "o30411", "cancelReason": "changeOfMind" }),
        )
        .await;
    assert_eq!(bad.status, 400, "{bad:?}");
    assert_eq!(s.state("ORD-2026-0001").await.2, 0);
    s.stop().await;
}

// ---------------------------------------------------------------- Akinon (omnitron)

fn akinon_path(order: u64) -> String {
    format!("/api/i1/orders/{order}/cancel/")
}

fn akinon_whole(order: u64) -> Value {
    json!({ "order": order, "is_all": true, "cancel_items": [], "forced_refund_amount": null, "reasons": {} })
}

#[tokio::test]
async fn omnitron_cancels_orders_and_items() {
    let s = start().await;
    let token = format!("Token {TOKEN}");
    let auth = [("Authorization", token.as_str())];

    let none = s.post(&akinon_path(5424), &[], akinon_whole(5424)).await;
    assert_eq!(none.status, 401);
    assert_eq!(
        none.body["detail"],
        "Authentication credentials were not provided."
    );
    let wrong = s
        .post(
            &akinon_path(5424),
            &[("Authorization", "Token nope")],
            akinon_whole(5424),
        )
        .await;
    assert_eq!(
        (wrong.status, &wrong.body["detail"]),
        (401, &json!("Invalid token."))
    );

    let mismatch = s.post(&akinon_path(5423), &auth, akinon_whole(5424)).await;
    assert_eq!(mismatch.status, 400);
    assert!(mismatch.body["order"].is_array(), "{mismatch:?}");
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);

    let ok = s.post(&akinon_path(5424), &auth, akinon_whole(5424)).await;
    assert_eq!((ok.status, ok.outcome()), (200, "cancelled"), "{ok:?}");
    assert_eq!(ok.body["pk"], 5424);
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![2], "cancelled".into(), 1)
    );

    let again = s.post(&akinon_path(5424), &auth, akinon_whole(5424)).await;
    assert_eq!(
        (again.status, again.outcome()),
        (400, "rejected"),
        "{again:?}"
    );

    let items = json!({
        "order": 5423, "is_all": false, "cancel_items": [90212], "forced_refund_amount": null,
        "reasons": { "90212": 3 },
    });
    let partial = s.post(&akinon_path(5423), &auth, items.clone()).await;
    assert_eq!(
        (partial.status, partial.outcome()),
        (200, "cancelled"),
        "{partial:?}"
    );
    assert_eq!(
        s.state("ORD-2026-0001").await,
        (vec![0, 3, 0, 0], "active".into(), 1)
    );
    let twice = s.post(&akinon_path(5423), &auth, items).await;
    assert_eq!(twice.outcome(), "rejected", "{twice:?}");
    assert_eq!(s.state("ORD-2026-0001").await.2, 1);

    // The /api/v1/ spelling of the vendor's sample reaches the same endpoint.
    let v1 = s
        .post("/api/v1/orders/5426/cancel/", &auth, akinon_whole(5426))
        .await;
    assert_eq!((v1.status, v1.outcome()), (400, "rejected"), "{v1:?}");

    let unknown = s.post(&akinon_path(77), &auth, akinon_whole(77)).await;
    assert_eq!(unknown.outcome(), "rejected");
    assert_eq!(unknown.status, 404, "{unknown:?}");

    let bad = s
        .post(&akinon_path(5423), &auth, json!({ "order": "x" }))
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.is_object());
    s.stop().await;
}

#[tokio::test]
async fn omnitron_login() {
    let s = start().await;
    let ok = s
        .post(
            "/api/v1/auth/login/",
            &[],
            json!({ "username": "cancelkit", "password": "cancelkit" }),
        )
        .await;
    assert_eq!(ok.body, json!({ "key": TOKEN }));
    let bad = s
        .post(
            "/api/v1/auth/login/",
            &[],
            json!({ "username": "cancelkit", "password": "x" }),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body["non_field_errors"].is_array());
    let missing = s
        .post(
            "/api/v1/auth/login/",
            &[],
            json!({ "username": "cancelkit" }),
        )
        .await;
    assert_eq!(
        missing.body,
        json!({ "password": ["This field is required."] })
    );
    s.stop().await;
}

// ---------------------------------------------------------------- control and HTTP manners

#[tokio::test]
async fn control_endpoints() {
    let s = start().await;
    let health = s.get("/_cancelkit/health").await;
    assert_eq!(health.body, json!({ "status": "ok", "orders": 6 }));

    let by_vendor = s.get("/_cancelkit/orders/5424?id_space=omnitron").await;
    assert_eq!(by_vendor.body["id"], "ORD-2026-0002");
    let canonical = s
        .get("/_cancelkit/orders/ORD-2026-0002?id_space=core")
        .await;
    assert_eq!(canonical.body["id"], "ORD-2026-0002");
    assert_eq!(s.get("/_cancelkit/orders/5424").await.status, 404);
    assert_eq!(
        s.get("/_cancelkit/orders/x?id_space=amazon").await.status,
        400
    );

    // Cancel, then reset: the order is back as in the file.
    let bearer = format!("Bearer {TOKEN}");
    let ok = s
        .post(
            OCC_STORE,
            &[("Authorization", bearer.as_str())],
            occ_body("o30412"),
        )
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(s.state("ORD-2026-0002").await.1, "cancelled");
    let reset = s.post("/_cancelkit/reset", &[], json!(null)).await;
    assert_eq!(reset.body, json!({ "status": "reset", "orders": 6 }));
    assert_eq!(
        s.state("ORD-2026-0002").await,
        (vec![0], "awaiting_confirmation".into(), 0)
    );

    let doc = s.get("/_cancelkit/openapi.json").await;
    assert_eq!(doc.body, s.openapi);
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    assert_eq!(doc.body, cancel_kit::endpoint::openapi(&registry));
    for path in [
        CHATBOT,
        MOZU,
        UNICOMMERCE,
        "/authToken",
        OCC_STORE,
        OCC_ADMIN,
        "/api/i1/orders/{order_id}/cancel/",
    ] {
        assert!(
            doc.body["paths"][path].is_object(),
            "{path} missing from the document"
        );
    }

    let nowhere = s.get("/nowhere").await;
    assert_eq!(nowhere.status, 404);
    let wrong_method = s.call("GET", UNICOMMERCE, &[], b"").await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.headers["allow"], "POST");
    let reset_get = s.get("/_cancelkit/reset").await;
    assert_eq!(reset_get.status, 405);
    s.stop().await;
}

#[tokio::test]
async fn body_limit_and_timeout() {
    let options = server::ServerOptions {
        max_body_bytes: 512,
        ..server::ServerOptions::default()
    };
    let s = start_with(
        StandIn::from_file(orders_path(), Policy::default()).unwrap(),
        options,
    )
    .await;
    let big = vec![b' '; 4096];
    let answer = s.call("POST", CHATBOT, &[], &big).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body["error"], "payload_too_large");
    s.stop().await;

    let options = server::ServerOptions {
        timeout: Duration::from_millis(50),
        delay: Duration::from_millis(500),
        ..server::ServerOptions::default()
    };
    let s = start_with(
        StandIn::from_file(orders_path(), Policy::default()).unwrap(),
        options,
    )
    .await;
    let slow = s.post(CHATBOT, &[], chatbot_body("748597")).await;
    assert_eq!(slow.status, 503);
    assert_eq!(slow.body["error"], "timeout");
    // Timed out before the cancel ran.
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);
    s.stop().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let options = server::ServerOptions {
        delay: Duration::from_millis(300),
        ..server::ServerOptions::default()
    };
    let mut s = start_with(
        StandIn::from_file(orders_path(), Policy::default()).unwrap(),
        options,
    )
    .await;
    let url = format!("{}{CHATBOT}", s.base);
    let in_flight = tokio::spawn(
        s.client
            .post(url)
            .header("Content-Type", "application/json")
            .body(chatbot_body("748597").to_string())
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = s.stop.take().unwrap().send(());
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-cancelkit-outcome"], "cancelled");
    s.task.take().unwrap().await.unwrap().unwrap();
    // Stopped: new connections are refused.
    assert!(s
        .client
        .get(format!("{}/_cancelkit/health", s.base))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn documents_with_a_smaller_limit_get_the_vendor_answer() {
    let stand_in = StandIn::from_file(orders_path(), Policy::default())
        .unwrap()
        .with_limits(cancel_kit::domain::json::Limits {
            max_bytes: 64,
            max_depth: 8,
        });
    let s = start_with(stand_in, server::ServerOptions::default()).await;
    let answer = s.post(CHATBOT, &[], chatbot_body("748597")).await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(s.state("ORD-2026-0002").await.2, 0);
    s.stop().await;
}

// ---------------------------------------------------------------- the binary

#[test]
fn binary_prints_its_address_logs_without_secrets_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token",
            "tok-SECRET-1",
            "--orders",
        ])
        .arg(orders_path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"),
        "{base}"
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let health = client
            .get(format!("{base}/_cancelkit/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let cancel = client
            .post(format!("{base}/ccstore/v1/orders/cancel?password=hunter2"))
            .header("Authorization", "Bearer tok-SECRET-1")
            .header("Content-Type", "application/json")
            .body(r#"{"orderId":"o30412","cancelReason":"changeOfMind"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(cancel.status(), StatusCode::OK);
    });

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    let requests: Vec<&str> = logs.lines().filter(|l| l.contains("request")).collect();
    assert_eq!(requests.len(), 2, "{logs}");
    assert!(requests[1].contains("POST") && requests[1].contains("/ccstore/v1/orders/cancel"));
    assert!(requests[1].contains("status=200"), "{logs}");
    assert!(logs.contains("shutting down"), "{logs}");
    for secret in ["tok-SECRET-1", "hunter2", "o30412", "changeOfMind"] {
        assert!(!logs.contains(secret), "{secret} in logs:\n{logs}");
    }
}

#[test]
fn schema_openapi_prints_the_served_document() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(["schema", "--openapi"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    assert_eq!(printed, cancel_kit::endpoint::openapi(&registry));
    assert_eq!(printed["openapi"], "3.1.0");
}

// ---------------------------------------------------------------- one verdict

/// (vendor, path, headers, body) of a cancel.
type Cancel = (&'static str, String, Vec<(&'static str, String)>, Value);

/// Every vendor's cancel with the credentials it needs, for order ORD-2026-0002.
fn every_cancel() -> Vec<Cancel> {
    vec![
        (
            "chatbot",
            CHATBOT.to_owned(),
            vec![],
            chatbot_body("748597"),
        ),
        (
            "mozu",
            MOZU.to_owned(),
            vec![("x-vol-tenant", "24680".to_owned())],
            mozu_body(1_010_102),
        ),
        (
            "unicommerce",
            UNICOMMERCE.to_owned(),
            vec![("apiKey", TOKEN.to_owned())],
            json!({ "orderId": "UC-SO-77002", "orderItems": [] }),
        ),
        (
            "occ",
            OCC_STORE.to_owned(),
            vec![("Authorization", format!("Bearer {TOKEN}"))],
            occ_body("o30412"),
        ),
        (
            "omnitron",
            akinon_path(5424),
            vec![("Authorization", format!("Token {TOKEN}"))],
            akinon_whole(5424),
        ),
    ]
}

#[tokio::test]
async fn a_body_not_sent_as_json_is_415_in_the_vendors_shape_and_changes_nothing() {
    let s = start().await;
    for (vendor, path, headers, body) in every_cancel() {
        for content_type in ["text/plain", "application/x-www-form-urlencoded", ""] {
            let mut with: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            with.push(("Content-Type", content_type));
            let answer = s.post(&path, &with, body.clone()).await;
            assert_eq!(answer.status, 415, "{vendor} {content_type:?}: {answer:?}");
            assert_eq!(answer.outcome(), "", "{vendor}: the rules were not asked");
            // The vendor's own error shape: never the stand-in's `{"error", "message"}`.
            assert!(answer.body.get("error").is_none(), "{vendor}: {answer:?}");
        }
        assert_eq!(
            s.state("ORD-2026-0002").await.2,
            0,
            "{vendor} changed the order"
        );
    }
    // JSON with parameters is JSON.
    let (_, path, headers, body) = every_cancel().remove(3);
    let mut with: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    with.push(("Content-Type", "Application/JSON; charset=utf-8"));
    let ok = s.post(&path, &with, body).await;
    assert_eq!((ok.status, ok.outcome()), (200, "cancelled"), "{ok:?}");
    // The login exchanges take JSON too.
    let login = s
        .post(
            "/api/v1/auth/login/",
            &[("Content-Type", "text/plain")],
            json!({ "username": "cancelkit", "password": "cancelkit" }),
        )
        .await;
    assert_eq!(login.status, 415, "{login:?}");
    s.stop().await;
}

#[tokio::test]
async fn a_whole_number_float_is_that_integer_at_every_vendor() {
    let s = start().await;
    let tenant = [("x-vol-tenant", "24680")];
    let kibo = s
        .call(
            "POST",
            MOZU,
            &tenant,
            br#"{"orderId": 1010102.0, "dispositionReason": "customer_changed_mind"}"#,
        )
        .await;
    assert_eq!(
        (kibo.status, kibo.outcome()),
        (200, "cancelled"),
        "{kibo:?}"
    );
    assert_eq!(kibo.body["orderID"], 1_010_102);
    let fraction = s
        .call(
            "POST",
            MOZU,
            &tenant,
            br#"{"orderId": 1010103.5, "dispositionReason": "customer_changed_mind"}"#,
        )
        .await;
    assert_eq!(fraction.status, 400, "{fraction:?}");
    assert_eq!(s.state("ORD-2026-0003").await.2, 0);

    let token = format!("Token {TOKEN}");
    let auth = [("Authorization", token.as_str())];
    let akinon = s
        .call(
            "POST",
            &akinon_path(5423),
            &auth,
            br#"{"order": 5423.0, "is_all": false, "cancel_items": [90212.0], "forced_refund_amount": null, "reasons": {"90212": 3.0}}"#,
        )
        .await;
    assert_eq!(
        (akinon.status, akinon.outcome()),
        (200, "cancelled"),
        "{akinon:?}"
    );
    let key = [("apiKey", TOKEN)];
    let uc = s
        .call(
            "POST",
            UNICOMMERCE,
            &key,
            br#"{"orderId": "UC-SO-77001", "orderItems": [{"orderItemId": "UC-OI-77001-1", "productId": "SHOE-RUN-500", "variantId": "SHOE-RUN-500-42-BLU", "quantity": 1.0}]}"#,
        )
        .await;
    assert_eq!(
        (uc.status, uc.body["status"].as_str()),
        (200, Some("SUCCESS")),
        "{uc:?}"
    );
    assert_eq!(s.state("ORD-2026-0001").await.0, vec![1, 3, 0, 0]);
    s.stop().await;
}

#[tokio::test]
async fn akinon_return_details_false_answers_the_short_form() {
    let s = start().await;
    let token = format!("Token {TOKEN}");
    let auth = [("Authorization", token.as_str())];
    let mut body = akinon_whole(5424);
    body["return_details"] = json!(false);
    let short = s.post(&akinon_path(5424), &auth, body.clone()).await;
    assert_eq!(
        (short.status, short.outcome()),
        (200, "cancelled"),
        "{short:?}"
    );
    assert_eq!(short.body, json!({ "order": 5424 }));
    // A refusal keeps the error body.
    let again = s.post(&akinon_path(5424), &auth, body).await;
    assert_eq!(again.status, 400, "{again:?}");
    assert_ne!(again.body, json!({ "order": 5424 }));
    // `true` (or nothing) is the order detail.
    let mut detail = akinon_whole(5425);
    detail["return_details"] = json!(true);
    let full = s.post(&akinon_path(5425), &auth, detail).await;
    assert!(
        full.body.get("pk").is_some() || full.status != 200,
        "{full:?}"
    );
    s.stop().await;
}

#[test]
fn every_cancel_answer_declares_the_outcome_header_and_415() {
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    let doc = cancel_kit::endpoint::openapi(&registry);
    let header = &doc["components"]["headers"]["x-cancelkit-outcome"];
    assert!(header["schema"].is_object(), "{header}");
    let mut cancels = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if method != "post" || path.starts_with("/_cancelkit/") {
                continue;
            }
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("415"), "{method} {path}: no 415");
            if op["operationId"].as_str().unwrap().contains("Cancel") {
                cancels += 1;
                for (status, response) in responses {
                    assert!(
                        response["headers"]["x-cancelkit-outcome"].is_object(),
                        "{path} {status}: x-cancelkit-outcome not declared"
                    );
                }
            }
        }
    }
    assert!(cancels >= 6, "{cancels}");
}
