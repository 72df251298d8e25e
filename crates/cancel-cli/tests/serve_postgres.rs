//! Two `cancelkit serve` processes on one PostgreSQL database (the server named by
//! `CANCELKIT_TEST_POSTGRES_URL`, see `scripts/postgres.sh`; skipped without it, a failure
//! without it under `CI=true`).
//!
//! 1. 64 clients, split between the two processes, send Unicommerce cancels of one unit of
//!    overlapping lines of the same orders, each with its own `Idempotency-Key`. Afterwards
//!    every line's `cancelled` in the database equals the units answered as cancelled: no
//!    unit cancelled twice, every 2xx answer reflected.
//! 2. The same load again, and half-way through one process is killed with SIGKILL. Its
//!    clients resend what got no answer to the other process with the same key (a replay if
//!    the first attempt had committed). The other keeps serving, and the database again
//!    matches the acknowledged cancels exactly: none lost, none half-applied.
//!
//! Prints requests/s and latency percentiles of phase 1 (the figures of BENCHMARKS.md).
//! Sizes: `CANCELKIT_PG_LOAD_CLIENTS` (64) and `CANCELKIT_PG_LOAD_REQUESTS` (requests per
//! client per phase, 6).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ORDERS: usize = 24;
const LINES: usize = 3;
const UNITS: u32 = 12;
const TOKEN: &str = "pg-token";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn orders_file() -> Value {
    let orders: Vec<Value> = (0..ORDERS)
        .map(|k| {
            let lines: Vec<Value> = (0..LINES)
                .map(|j| {
                    json!({
                        "id": format!("P{k}-{j}"), "product": format!("P{j}"), "variant": format!("V{j}"),
                        "unit_price": "10.00", "quantities": { "ordered": UNITS },
                    })
                })
                .collect();
            json!({ "id": format!("P{k}"), "currency": "EUR", "lines": lines })
        })
        .collect();
    json!({ "orders": orders })
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(url: &str) -> Server {
    serve_with(url, &[])
}

fn serve_with(url: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args([
            "serve",
            "--store",
            url,
            "--addr",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--max-connections",
            "8",
        ])
        .args(extra)
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
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Server { child, base }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    /// (order, line) -> units answered as cancelled.
    acked: BTreeMap<(usize, usize), u32>,
    answers: usize,
    resent: usize,
    unexpected: Vec<String>,
}

/// Sends one cancel to `bases[first]`; on a transport error (the process died), the same
/// request with the same key to the other.
async fn one(
    client: &reqwest::Client,
    bases: &[String; 2],
    first: usize,
    key: &str,
    (order, line): (usize, usize),
    tally: &mut Tally,
) {
    let body = json!({
        "orderId": format!("P{order}"),
        "orderItems": [{ "orderItemId": format!("P{order}-{line}"), "productId": format!("P{line}"),
                         "variantId": format!("V{line}"), "quantity": 1 }],
    })
    .to_string();
    for attempt in 0..2 {
        let base = &bases[(first + attempt) % 2];
        let started = Instant::now();
        let sent = client
            .post(format!("{base}/orders/cancel"))
            .header("apiKey", TOKEN)
            .header("Idempotency-Key", key)
            .body(body.clone())
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) if attempt == 0 => {
                let _ = e;
                tally.resent += 1;
                continue;
            }
            Err(e) => {
                tally
                    .unexpected
                    .push(format!("{key}: both processes failed: {e}"));
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
        // A process killed mid-answer: the body never arrives; resend.
        let Ok(text) = response.text().await else {
            if attempt == 0 {
                tally.resent += 1;
                continue;
            }
            tally.unexpected.push(format!("{key}: body lost twice"));
            return;
        };
        tally.latencies.push(started.elapsed());
        tally.answers += 1;
        if !(200..300).contains(&status) {
            tally
                .unexpected
                .push(format!("{key}: status {status} {outcome} {text}"));
            return;
        }
        match outcome.as_str() {
            // Replayed: the first attempt committed before its process died.
            "cancelled" | "replayed" => *tally.acked.entry((order, line)).or_default() += 1,
            "rejected" => {}
            other => tally
                .unexpected
                .push(format!("{key}: outcome {other:?}: {text}")),
        }
        return;
    }
}

/// Runs `clients` tasks of `requests` cancels each; client `c` talks to process `c % 2`
/// first. `on_progress` runs after every answer with the number answered so far.
async fn load(
    bases: &[String; 2],
    clients: usize,
    requests: usize,
    phase: &str,
    on_progress: Arc<dyn Fn(usize) + Send + Sync>,
) -> (Tally, Duration) {
    // Every cancel body is JSON, and says so (the stand-in answers 415 otherwise).
    let client = reqwest::Client::builder()
        .default_headers(reqwest::header::HeaderMap::from_iter([(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/json"),
        )]))
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let client = client.clone();
        let bases = bases.clone();
        let done = Arc::clone(&done);
        let on_progress = Arc::clone(&on_progress);
        let phase = phase.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(((c as u64) + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut tally = Tally::default();
            for i in 0..requests {
                let target = (rng.below(ORDERS), rng.below(LINES));
                let key = format!("{phase}-c{c}-{i}");
                one(&client, &bases, c % 2, &key, target, &mut tally).await;
                on_progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            }
            tally
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        let t = task.await.unwrap();
        total.latencies.extend(t.latencies);
        for (k, n) in t.acked {
            *total.acked.entry(k).or_default() += n;
        }
        total.answers += t.answers;
        total.resent += t.resent;
        total.unexpected.extend(t.unexpected);
    }
    (total, started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Every line's `cancelled` in the database equals the acknowledged units.
async fn check_database(url: &str, acked: &BTreeMap<(usize, usize), u32>) -> u32 {
    let store = cancel_store::open(url, &cancel_store::StoreOptions::default())
        .await
        .unwrap();
    let file = store.export().await.unwrap();
    assert_eq!(file.orders.len(), ORDERS);
    let mut total = 0;
    for (k, order) in file.orders.iter().enumerate() {
        assert_eq!(order.id.as_str(), format!("P{k}"));
        for (j, line) in order.lines.iter().enumerate() {
            let q = &line.quantities;
            assert!(q.is_consistent(), "P{k}-{j}: {q:?}");
            assert_eq!(
                q.cancelled,
                acked.get(&(k, j)).copied().unwrap_or(0),
                "P{k}-{j}: units in the database == units answered as cancelled"
            );
            total += q.cancelled;
        }
    }
    total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_serve_processes_share_one_postgres() {
    let Some(url) = cancel_store::testing::fresh_postgres_database("two_serve_processes")
        .await
        .unwrap()
    else {
        return;
    };
    let clients = env_or("CANCELKIT_PG_LOAD_CLIENTS", 64);
    let requests = env_or("CANCELKIT_PG_LOAD_REQUESTS", 6);

    let dir = std::env::temp_dir().join(format!("cancelkit-pg-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("orders.json");
    std::fs::write(&orders, orders_file().to_string()).unwrap();
    let import = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(["store", "import", "--store", &url])
        .arg(&orders)
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    assert_eq!(
        String::from_utf8_lossy(&import.stdout).trim(),
        format!("imported {ORDERS} orders")
    );

    let a = serve(&url);
    let b = serve(&url);
    let bases = [a.base.clone(), b.base.clone()];

    // Phase 1: both up.
    let (mut tally, elapsed) = load(&bases, clients, requests, "one", Arc::new(|_| {})).await;
    assert!(tally.unexpected.is_empty(), "{:#?}", tally.unexpected);
    assert_eq!(tally.resent, 0);
    let units = check_database(&url, &tally.acked).await;
    tally.latencies.sort_unstable();
    let n = tally.answers;
    println!(
        "two instances, {clients} clients, {n} cancels: {:.0} requests/s, p50 {:?}, p99 {:?}, max {:?}; {units} units cancelled",
        n as f64 / elapsed.as_secs_f64(),
        percentile(&tally.latencies, 0.50),
        percentile(&tally.latencies, 0.99),
        percentile(&tally.latencies, 1.0),
    );
    assert!(units > 0);

    // Phase 2: kill -9 process A half-way.
    let a = Arc::new(Mutex::new(Some(a)));
    let killed_at = Arc::new(AtomicUsize::new(0));
    let half = clients * requests / 2;
    let on_progress: Arc<dyn Fn(usize) + Send + Sync> = {
        let a = Arc::clone(&a);
        let killed_at = Arc::clone(&killed_at);
        Arc::new(move |done| {
            if done >= half {
                if let Some(server) = a.lock().unwrap().take() {
                    drop(server); // SIGKILL, then wait
                    killed_at.store(done, Ordering::Relaxed);
                }
            }
        })
    };
    let (two, _) = load(&bases, clients, requests, "two", on_progress).await;
    assert!(
        killed_at.load(Ordering::Relaxed) > 0,
        "process A was killed mid-load"
    );
    assert!(two.unexpected.is_empty(), "{:#?}", two.unexpected);
    for (k, n) in two.acked {
        *tally.acked.entry(k).or_default() += n;
    }
    let after = check_database(&url, &tally.acked).await;
    println!(
        "after kill -9 of one instance at answer {}: {} requests resent to the other, {after} units cancelled in all",
        killed_at.load(Ordering::Relaxed),
        two.resent
    );
    // The survivor still serves.
    let health: Value = reqwest::get(format!("{}/_cancelkit/health", b.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["orders"], json!(ORDERS));

    drop(b);
    let _ = std::fs::remove_dir_all(&dir);
}

/// SQLite (no server needed): a cancel and its key survive a SIGKILL and a restart; a plain
/// reset is refused, `?reimport=true` re-imports the orders file; `store export` prints
/// the state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("cancelkit-sqlite-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("orders.json");
    std::fs::write(&orders, orders_file().to_string()).unwrap();
    let url = format!("sqlite:{}", dir.join("orders.db").display());
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["store", "import", "--store", &url, orders.to_str().unwrap()]);
    let orders_arg = orders.to_str().unwrap().to_owned();
    let client = reqwest::Client::builder()
        .default_headers(reqwest::header::HeaderMap::from_iter([(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/json"),
        )]))
        .build()
        .unwrap();
    let cancel = |base: String| {
        let client = client.clone();
        async move {
            let response = client
                .post(format!("{base}/orders/cancel"))
                .header("apiKey", TOKEN)
                .header("Idempotency-Key", "restart-1")
                .body(
                    json!({ "orderId": "P0", "orderItems": [{ "orderItemId": "P0-1",
                        "productId": "P1", "variantId": "V1", "quantity": 2 }] })
                    .to_string(),
                )
                .send()
                .await
                .unwrap();
            response.headers()["x-cancelkit-outcome"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    let server = serve_with(&url, &["--orders", &orders_arg]);
    assert_eq!(cancel(server.base.clone()).await, "cancelled");
    drop(server); // SIGKILL
    let server = serve_with(&url, &["--orders", &orders_arg]);
    assert_eq!(
        cancel(server.base.clone()).await,
        "replayed",
        "the key survived"
    );
    let order: Value = client
        .get(format!("{}/_cancelkit/orders/P0", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(order["lines"][1]["quantities"]["cancelled"], json!(2));
    let reset = client
        .post(format!("{}/_cancelkit/reset", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status().as_u16(), 409);
    let exported: Value =
        serde_json::from_str(&run(&["store", "export", "--store", &url])).unwrap();
    assert_eq!(
        exported["orders"][0]["lines"][1]["quantities"]["cancelled"],
        json!(2),
        "a refused reset changes nothing"
    );
    let reimport = client
        .post(format!("{}/_cancelkit/reset?reimport=true", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(reimport.status().as_u16(), 200);
    let exported: Value =
        serde_json::from_str(&run(&["store", "export", "--store", &url])).unwrap();
    assert_eq!(
        exported["orders"][0]["lines"][1]["quantities"]["cancelled"],
        json!(0),
        "the orders file again"
    );
    assert_eq!(exported["orders"].as_array().unwrap().len(), ORDERS);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
