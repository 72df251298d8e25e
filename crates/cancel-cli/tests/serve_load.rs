//! Load tests of `cancelkit serve` on loopback, in two sizes with the same invariants:
//! - `load_16_clients_5000_cancels` runs with every `cargo test` (a few seconds in a debug
//!   build): 16 clients, 5 000 requests over 600 orders, so that most orders are hit many
//!   times and refusals (units already gone, order already cancelled) are common;
//! - `load_64_clients_100k_cancels` is ignored by default; run it with `scripts/load.sh`,
//!   i.e. `cargo test --release -p cancel-cli --test serve_load -- --ignored --nocapture`:
//!   64 concurrent clients send 100 000 cancel requests (`CANCELKIT_LOAD_REQUESTS`,
//!   `CANCELKIT_LOAD_CLIENTS` override) over 12 000 generated orders.
//!
//! The requests:
//! - 70 %: Unicommerce item cancels (1–2 items, 1–2 units each) on the "line" orders of
//!   three lines of 10 units; the units each answer accepted are summed per line;
//! - 30 %: whole-order cancels on the "whole" orders, by chatbot, Kibo, OCC or Akinon in
//!   turn; at most one may succeed per order.
//!
//! It asserts: no transport error, no 5xx, no answer other than an acceptance or a refusal
//! the vendor can give; then, through `GET /_cancelkit/orders/{id}`, every order's buckets
//! are consistent, every line's `cancelled` equals the units answered as accepted (no unit
//! cancelled twice, none lost), and each whole order was cancelled at most once. It prints
//! requests/s and latency percentiles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const LINES: usize = 3;
const UNITS: u64 = 10;
const TOKEN: &str = "load-token";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The size of a run.
#[derive(Clone, Copy)]
struct Size {
    requests: usize,
    clients: usize,
    line_orders: usize,
    whole_orders: usize,
}

fn orders_file(size: Size) -> Value {
    let mut orders = Vec::new();
    for k in 0..size.line_orders {
        let lines: Vec<Value> = (0..LINES)
            .map(|j| {
                json!({
                    "id": format!("L{k}-{j}"), "product": format!("P{j}"), "variant": format!("V{j}"),
                    "unit_price": "10.00", "quantities": { "ordered": UNITS },
                })
            })
            .collect();
        orders.push(json!({ "id": format!("L{k}"), "currency": "EUR", "lines": lines }));
    }
    for k in 0..size.whole_orders {
        orders.push(json!({
            "id": format!("W{k}"),
            "vendor_ids": {
                "mozu": (500_000 + k).to_string(),
                "occ": format!("o{k}"),
                "omnitron": (700_000 + k).to_string(),
            },
            "currency": "EUR",
            "lines": [
                { "id": format!("W{k}-0"), "vendor_ids": { "omnitron": (800_000 + 2 * k).to_string() },
                  "quantities": { "ordered": 2 } },
                { "id": format!("W{k}-1"), "vendor_ids": { "omnitron": (800_001 + 2 * k).to_string() },
                  "quantities": { "ordered": 1 } },
            ],
        }));
    }
    json!({ "orders": orders })
}

/// A small deterministic generator (xorshift64*), one per request.
struct Rng(u64);

impl Rng {
    fn new(seed: usize) -> Self {
        Self((seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    /// (order, line) -> units answered as accepted.
    accepted_units: BTreeMap<(usize, usize), u64>,
    /// whole order -> acceptances.
    whole_accepted: BTreeMap<usize, u32>,
    refusals: u64,
    accepted: u64,
    unexpected: Vec<String>,
}

enum Sent {
    Items {
        order: usize,
        items: Vec<(usize, u64)>,
    },
    Whole {
        order: usize,
    },
}

async fn one(client: &reqwest::Client, base: &str, i: usize, size: Size, tally: &mut Tally) {
    let mut rng = Rng::new(i);
    let started = Instant::now();
    let (builder, sent) = if rng.below(10) < 7 {
        let order = rng.below(size.line_orders);
        let first = rng.below(LINES);
        let mut items = vec![(first, 1 + rng.below(2) as u64)];
        if rng.below(2) == 0 {
            let second = (first + 1 + rng.below(LINES - 1)) % LINES;
            items.push((second, 1 + rng.below(2) as u64));
        }
        let body = json!({
            "orderId": format!("L{order}"),
            "orderItems": items.iter().map(|(j, q)| json!({
                "orderItemId": format!("L{order}-{j}"), "productId": format!("P{j}"),
                "variantId": format!("V{j}"), "quantity": q,
            })).collect::<Vec<_>>(),
        });
        let builder = client
            .post(format!("{base}/orders/cancel"))
            .header("apiKey", TOKEN)
            .body(body.to_string());
        (builder, Sent::Items { order, items })
    } else {
        let order = rng.below(size.whole_orders);
        let builder = match i % 4 {
            0 => client
                .post(format!("{base}/api/rest/v1/ecom/integrations/cancelOrder"))
                .body(
                    json!({
                        "conversationRequest": { "channel": "telegram", "userInfo": { "uid": "load" } },
                        "queryInfo": { "interestType": "cancel-order",
                            "parameters": { "params": { "entityInfo": { "orderId": format!("W{order}") } } } },
                        "languageCode": "en",
                    })
                    .to_string(),
                ),
            1 => client
                .post(format!("{base}/api/v2/order/action/cancel"))
                .header("x-vol-tenant", "1")
                .body(
                    json!({ "orderId": 500_000 + order, "dispositionReason": "customer_changed_mind" })
                        .to_string(),
                ),
            2 => client
                .post(format!("{base}/ccstore/v1/orders/cancel"))
                .header("Authorization", format!("Bearer {TOKEN}"))
                .body(json!({ "orderId": format!("o{order}"), "cancelReason": "changeOfMind" }).to_string()),
            _ => {
                let pk = 700_000 + order;
                client
                    .post(format!("{base}/api/i1/orders/{pk}/cancel/"))
                    .header("Authorization", format!("Token {TOKEN}"))
                    .body(
                        json!({ "order": pk, "is_all": true, "cancel_items": [],
                                "forced_refund_amount": null, "reasons": {} })
                        .to_string(),
                    )
            }
        };
        (builder, Sent::Whole { order })
    };
    let response = match builder.send().await {
        Ok(r) => r,
        Err(e) => {
            tally
                .unexpected
                .push(format!("request {i}: transport error {e}"));
            return;
        }
    };
    let status = response.status().as_u16();
    let outcome = response
        .headers()
        .get("x-cancelkit-outcome")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body: Value = match response.bytes().await {
        Ok(b) => serde_json::from_slice(&b).unwrap_or(Value::Null),
        Err(e) => {
            tally
                .unexpected
                .push(format!("request {i}: body error {e}"));
            return;
        }
    };
    tally.latencies.push(started.elapsed());
    if status >= 500 {
        tally
            .unexpected
            .push(format!("request {i}: {status} {body}"));
        return;
    }
    match sent {
        Sent::Items { order, items } => {
            let failed: Vec<&str> = body["orderItems"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e["orderItemId"].as_str()).collect())
                .unwrap_or_default();
            let ok = match (status, body["status"].as_str()) {
                (200, Some("SUCCESS")) => failed.is_empty(),
                (200, Some("PARTIAL_SUCCESS" | "FAILED")) => !failed.is_empty(),
                _ => false,
            };
            if !ok {
                tally
                    .unexpected
                    .push(format!("request {i}: {status} {body}"));
                return;
            }
            let mut any = false;
            for (j, q) in items {
                if !failed.contains(&format!("L{order}-{j}").as_str()) {
                    *tally.accepted_units.entry((order, j)).or_default() += q;
                    any = true;
                }
            }
            if any {
                tally.accepted += 1;
            } else {
                tally.refusals += 1;
            }
        }
        Sent::Whole { order } => match outcome.as_str() {
            "cancelled" if status == 200 => {
                tally.accepted += 1;
                *tally.whole_accepted.entry(order).or_default() += 1;
            }
            "rejected" => tally.refusals += 1,
            _ => tally
                .unexpected
                .push(format!("request {i}: {status} outcome {outcome:?} {body}")),
        },
    }
}

#[test]
#[ignore = "load test: run scripts/load.sh (release build)"]
fn load_64_clients_100k_cancels() {
    run(Size {
        requests: env_or("CANCELKIT_LOAD_REQUESTS", 100_000),
        clients: env_or("CANCELKIT_LOAD_CLIENTS", 64),
        line_orders: 4_000,
        whole_orders: 8_000,
    });
}

/// The bounded size that runs with every `cargo test`: 6 000 units on 200 line orders
/// for about 3 500 item cancels of 1–4 units (about 7 900 units asked), and about 1 500
/// whole-order cancels on 400 orders (nearly 4 per order), so units run out and most
/// whole orders are asked more than once.
#[test]
fn load_16_clients_5000_cancels() {
    let tally = run(Size {
        requests: 5_000,
        clients: 16,
        line_orders: 200,
        whole_orders: 400,
    });
    // The contention this size is for: many refusals of both kinds, and orders that had
    // every unit cancelled.
    assert!(tally.refusals >= 500, "{} refusals", tally.refusals);
    assert!(tally.accepted >= 1_000, "{} acceptances", tally.accepted);
    assert!(
        tally.whole_accepted.len() >= 300,
        "{} whole orders cancelled",
        tally.whole_accepted.len()
    );
}

/// Runs `size` against a fresh `cancelkit serve`, checks every invariant, and returns the tally.
fn run(size: Size) -> Tally {
    let Size {
        requests: total,
        clients,
        ..
    } = size;

    let dir = std::env::temp_dir().join(format!("cancelkit-load-{}-{total}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("orders.json");
    std::fs::write(&orders, serde_json::to_vec(&orders_file(size)).unwrap()).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--orders",
        ])
        .arg(&orders)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (tally, elapsed) = runtime.block_on(async {
        // Every cancel body is JSON, and says so (the stand-in answers 415 otherwise).
        let client = reqwest::Client::builder()
            .default_headers(reqwest::header::HeaderMap::from_iter([(
                reqwest::header::CONTENT_TYPE,
                reqwest::header::HeaderValue::from_static("application/json"),
            )]))
            .pool_max_idle_per_host(clients)
            .build()
            .unwrap();
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|_| {
                let (client, base, next) = (client.clone(), base.clone(), Arc::clone(&next));
                tokio::spawn(async move {
                    let mut tally = Tally::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total {
                            break tally;
                        }
                        one(&client, &base, i, size, &mut tally).await;
                    }
                })
            })
            .collect();
        let mut all = Tally::default();
        for task in tasks {
            let t = task.await.unwrap();
            all.latencies.extend(t.latencies);
            for (k, v) in t.accepted_units {
                *all.accepted_units.entry(k).or_default() += v;
            }
            for (k, v) in t.whole_accepted {
                *all.whole_accepted.entry(k).or_default() += v;
            }
            all.accepted += t.accepted;
            all.refusals += t.refusals;
            all.unexpected.extend(t.unexpected);
        }
        let elapsed = started.elapsed();

        // The end state, through the inspection endpoint.
        let mut problems = Vec::new();
        for k in 0..size.line_orders {
            let order: Value = client
                .get(format!("{base}/_cancelkit/orders/L{k}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for j in 0..LINES {
                let q = &order["lines"][j]["quantities"];
                let cancelled = q["cancelled"].as_u64().unwrap();
                let answered = all.accepted_units.get(&(k, j)).copied().unwrap_or(0);
                if cancelled != answered || cancelled > UNITS || q["ordered"] != UNITS {
                    problems.push(format!(
                        "L{k}-{j}: cancelled {cancelled}, answered {answered}"
                    ));
                }
            }
        }
        for k in 0..size.whole_orders {
            let order: Value = client
                .get(format!("{base}/_cancelkit/orders/W{k}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let times = all.whole_accepted.get(&k).copied().unwrap_or(0);
            let lines = order["lines"].as_array().unwrap();
            let all_cancelled = lines
                .iter()
                .all(|l| l["quantities"]["cancelled"] == l["quantities"]["ordered"]);
            let none_cancelled = lines.iter().all(|l| l["quantities"]["cancelled"] == 0);
            let consistent = match times {
                0 => none_cancelled && order["phase"] == "active",
                1 => all_cancelled && order["phase"] == "cancelled" && order["version"] == 1,
                _ => false,
            };
            if !consistent {
                problems.push(format!("W{k}: accepted {times} times, now {order}"));
            }
        }
        all.unexpected.extend(problems);
        (all, elapsed)
    });

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let exit = child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    let mut latencies = tally.latencies.clone();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies.get(i).copied().unwrap_or_default()
    };
    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    println!(
        "load: {} requests by {clients} clients in {:.2} s = {rate:.0} req/s; \
         latency p50 {:?} p90 {:?} p99 {:?} max {:?}; {} accepted, {} refused",
        latencies.len(),
        elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        latencies.last().copied().unwrap_or_default(),
        tally.accepted,
        tally.refusals,
    );
    assert!(
        tally.unexpected.is_empty(),
        "{} unexpected results, first: {:#?}",
        tally.unexpected.len(),
        &tally.unexpected[..tally.unexpected.len().min(10)]
    );
    assert_eq!(latencies.len(), total);
    assert!(tally.accepted > 0 && tally.refusals > 0);
    assert!(exit.success(), "{exit:?}");
    tally
}
