//! The stand-in as a test double, through the real server over HTTP: the request journal,
//! one test per scripted fault kind (a retry with an `Idempotency-Key` after "applied then
//! dropped" is a replay, and the order is cancelled once), and orders loaded per test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cancel_kit::domain::Policy;
use cancel_kit::endpoint::{server, Credentials, StandIn};
use serde_json::{json, Value};

const TOKEN: &str = Credentials::DEFAULT_TOKEN;
const OCC: &str = "/ccstore/v1/orders/cancel";

fn orders_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/orders.json")
}

struct Server {
    base: String,
    client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// An answer, or `None` when the connection gave no complete one.
#[derive(Debug)]
struct Answer {
    status: u16,
    outcome: String,
    body: Value,
}

async fn start() -> Server {
    let stand_in = StandIn::from_file(orders_path(), Policy::default()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(
        listener,
        Arc::new(stand_in),
        server::ServerOptions::default(),
        async {
            let _ = stopped.await;
        },
    ));
    Server {
        base,
        client: reqwest::Client::new(),
        stop: Some(stop),
        task: Some(task),
    }
}

impl Server {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Option<Answer> {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .timeout(Duration::from_secs(10));
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        let outcome = response
            .headers()
            .get("x-cancelkit-outcome")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response.bytes().await.ok()?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Some(Answer {
            status,
            outcome,
            body,
        })
    }

    async fn occ_cancel(&self, order: &str, key: Option<&str>) -> Option<Answer> {
        let bearer = format!("Bearer {TOKEN}");
        let mut headers = vec![("Authorization", bearer.as_str())];
        if let Some(key) = key {
            headers.push(("Idempotency-Key", key));
        }
        let body = json!({ "orderId": order, "cancelReason": "changeOfMind" });
        self.send(reqwest::Method::POST, OCC, &headers, Some(&body))
            .await
    }

    async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Answer {
        self.send(method, path, &[], body.as_ref())
            .await
            .unwrap_or_else(|| panic!("{path}: no answer"))
    }

    async fn fault(&self, spec: Value) -> Answer {
        let answer = self
            .control(reqwest::Method::POST, "/_cancelkit/faults", Some(spec))
            .await;
        assert_eq!(answer.status, 201, "{answer:?}");
        answer
    }

    async fn journal(&self) -> Vec<Value> {
        let answer = self
            .control(reqwest::Method::GET, "/_cancelkit/requests", None)
            .await;
        assert_eq!(answer.status, 200);
        answer.body["requests"].as_array().unwrap().clone()
    }

    /// `(cancelled units per line, version)` of an OCC order.
    async fn occ_state(&self, order: &str) -> (Vec<u64>, u64) {
        let answer = self
            .control(
                reqwest::Method::GET,
                &format!("/_cancelkit/orders/{order}?id_space=occ"),
                None,
            )
            .await;
        assert_eq!(answer.status, 200, "{answer:?}");
        let lines = answer.body["lines"].as_array().unwrap();
        (
            lines
                .iter()
                .map(|l| l["quantities"]["cancelled"].as_u64().unwrap_or(0))
                .collect(),
            answer.body["version"].as_u64().unwrap_or(0),
        )
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

#[tokio::test]
async fn the_journal_shows_what_was_sent_with_secrets_masked_and_reset_clears_it() {
    let s = start().await;
    let ok = s.occ_cancel("o30412", None).await.unwrap();
    assert_eq!(ok.status, 200, "{ok:?}");
    let login = json!({ "username": "cancelkit", "password": "cancelkit" });
    let key = s
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/login/",
            &[],
            Some(&login),
        )
        .await
        .unwrap();
    assert_eq!(key.body["key"], TOKEN);
    // Control calls are not journalled.
    let _ = s
        .control(reqwest::Method::GET, "/_cancelkit/health", None)
        .await;

    let journal = s.journal().await;
    assert_eq!(journal.len(), 2, "{journal:?}");
    let cancel = &journal[0];
    assert_eq!(
        (cancel["method"].as_str(), cancel["path"].as_str()),
        (Some("POST"), Some(OCC))
    );
    assert_eq!(cancel["body"]["orderId"], "o30412");
    assert_eq!(cancel["response"]["status"], 200);
    assert_eq!(cancel["response"]["body"]["result"], ok.body["result"]);
    let auth = cancel["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case("authorization"))
        .unwrap();
    assert_eq!(auth[1], "***");
    let text = serde_json::to_string(&journal).unwrap();
    assert!(
        !text.contains(TOKEN),
        "a token leaked into the journal: {text}"
    );
    assert_eq!(journal[1]["body"]["password"], "***");
    assert_eq!(journal[1]["body"]["username"], "cancelkit");

    let reset = s
        .control(reqwest::Method::POST, "/_cancelkit/reset", None)
        .await;
    assert_eq!(reset.status, 200);
    assert!(s.journal().await.is_empty());
    s.stop().await;
}

#[tokio::test]
async fn a_status_fault_answers_its_status_for_the_next_n_calls_without_applying() {
    let s = start().await;
    s.fault(
        json!({ "path": OCC, "kind": "status", "status": 503, "times": 2,
                    "body": { "errorCode": "503", "message": "try later" } }),
    )
    .await;
    for _ in 0..2 {
        let answer = s.occ_cancel("o30412", None).await.unwrap();
        assert_eq!(answer.status, 503, "{answer:?}");
        assert_eq!(answer.body["message"], "try later");
        assert_eq!(answer.outcome, "");
    }
    assert_eq!(s.occ_state("o30412").await.1, 0, "a status fault applied");
    let third = s.occ_cancel("o30412", None).await.unwrap();
    assert_eq!((third.status, third.outcome.as_str()), (200, "cancelled"));
    let journal = s.journal().await;
    assert_eq!(journal[0]["fault"], "status");
    assert_eq!(journal[0]["response"]["status"], 503);
    assert!(journal[2].get("fault").is_none());
    s.stop().await;
}

#[tokio::test]
async fn a_delay_fault_waits_then_answers_as_usual() {
    let s = start().await;
    s.fault(json!({ "path": OCC, "method": "POST", "kind": "delay", "delay_ms": 400 }))
        .await;
    let started = Instant::now();
    let slow = s.occ_cancel("o30412", None).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!((slow.status, slow.outcome.as_str()), (200, "cancelled"));
    let started = Instant::now();
    let _ = s.occ_cancel("o30413", None).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "the fault was spent"
    );
    assert_eq!(s.journal().await[0]["fault"], "delay");
    s.stop().await;
}

#[tokio::test]
async fn a_drop_fault_closes_the_connection_and_applies_nothing() {
    let s = start().await;
    s.fault(json!({ "path": "/ccstore/v1/orders/{x}", "kind": "drop" }))
        .await;
    assert!(
        s.occ_cancel("o30412", None).await.is_none(),
        "the client got a complete answer"
    );
    assert_eq!(s.occ_state("o30412").await.1, 0);
    let journal = s.journal().await;
    assert_eq!(journal[0]["fault"], "drop");
    assert!(journal[0]["response"].is_null(), "{journal:?}");
    // Spent: the next call is answered.
    let ok = s.occ_cancel("o30412", None).await.unwrap();
    assert_eq!(ok.status, 200);
    s.stop().await;
}

#[tokio::test]
async fn a_retry_after_applied_then_dropped_is_a_replay_and_cancels_once() {
    let s = start().await;
    s.fault(json!({ "path": OCC, "kind": "apply_then_drop" }))
        .await;
    let key = "retry-7f3a";
    assert!(
        s.occ_cancel("o30412", Some(key)).await.is_none(),
        "the client got the answer"
    );
    let (cancelled, version) = s.occ_state("o30412").await;
    assert_eq!(version, 1, "the cancel was applied");
    // The client retries with the same key: the first answer, replayed; nothing more.
    let retry = s.occ_cancel("o30412", Some(key)).await.unwrap();
    assert_eq!(
        (retry.status, retry.outcome.as_str()),
        (200, "replayed"),
        "{retry:?}"
    );
    assert_eq!(s.occ_state("o30412").await, (cancelled, 1));
    let journal = s.journal().await;
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[0]["fault"], "apply_then_drop");
    assert_eq!(journal[0]["response"]["dropped"], true);
    assert_eq!(journal[0]["response"]["status"], 200);
    assert_eq!(journal[1]["response"]["body"], retry.body);
    // Without a key, a retry is a second request: refused as already cancelled.
    let again = s.occ_cancel("o30412", None).await.unwrap();
    assert_eq!(again.outcome, "rejected");
    s.stop().await;
}

#[tokio::test]
async fn faults_are_listed_cleared_checked_and_forgotten_on_reset() {
    let s = start().await;
    let bad = s
        .control(
            reqwest::Method::POST,
            "/_cancelkit/faults",
            Some(json!({ "path": OCC, "kind": "status" })),
        )
        .await;
    assert_eq!(bad.status, 400, "{bad:?}");
    let unknown = s
        .control(
            reqwest::Method::POST,
            "/_cancelkit/faults",
            Some(json!({ "path": OCC, "kind": "explode" })),
        )
        .await;
    assert_eq!(unknown.status, 400);
    let added = s
        .fault(json!({ "path": OCC, "kind": "drop", "times": 3 }))
        .await;
    assert_eq!(
        (added.body["id"].as_u64(), added.body["remaining"].as_u64()),
        (Some(1), Some(3))
    );
    let listed = s
        .control(reqwest::Method::GET, "/_cancelkit/faults", None)
        .await;
    assert_eq!(listed.body["faults"].as_array().unwrap().len(), 1);
    let _ = s
        .control(reqwest::Method::POST, "/_cancelkit/reset", None)
        .await;
    let listed = s
        .control(reqwest::Method::GET, "/_cancelkit/faults", None)
        .await;
    assert_eq!(listed.body["faults"], json!([]));
    s.fault(json!({ "path": OCC, "kind": "drop" })).await;
    let cleared = s
        .control(reqwest::Method::DELETE, "/_cancelkit/faults", None)
        .await;
    assert_eq!(cleared.body["faults"], json!([]));
    assert!(s.occ_cancel("o30412", None).await.is_some());
    s.stop().await;
}

#[tokio::test]
async fn orders_loaded_per_test_replace_the_file_and_survive_resets() {
    let s = start().await;
    let orders = json!({ "orders": [{
        "id": "T-1", "vendor_ids": { "occ": "oT1" }, "currency": "USD",
        "lines": [{ "id": "T-1-1", "product": "P", "variant": "V", "unit_price": "5.00",
                    "quantities": { "ordered": 2 } }],
    }] });
    let loaded = s
        .control(reqwest::Method::PUT, "/_cancelkit/orders", Some(orders))
        .await;
    assert_eq!(
        loaded.body,
        json!({ "status": "loaded", "orders": 1 }),
        "{loaded:?}"
    );
    let gone = s
        .control(
            reqwest::Method::GET,
            "/_cancelkit/orders/ORD-2026-0001",
            None,
        )
        .await;
    assert_eq!(gone.status, 404);
    let ok = s.occ_cancel("oT1", None).await.unwrap();
    assert_eq!(
        (ok.status, ok.outcome.as_str()),
        (200, "cancelled"),
        "{ok:?}"
    );
    let _ = s
        .control(reqwest::Method::POST, "/_cancelkit/reset", None)
        .await;
    assert_eq!(
        s.occ_state("oT1").await,
        (vec![0], 0),
        "reset goes back to the loaded orders"
    );

    let invalid = s
        .control(
            reqwest::Method::PUT,
            "/_cancelkit/orders",
            Some(json!({ "orders": [{ "id": "X", "lines": [{ "id": "1", "quantities": { "ordered": 1, "cancelled": 5 } }] }] })),
        )
        .await;
    assert_eq!(invalid.status, 400, "{invalid:?}");
    assert_eq!(s.occ_state("oT1").await.1, 0, "the old state stays");
    s.stop().await;
}
