//! Cancels per second through `CancelService`, per store: the in-memory store, SQLite in a
//! temporary file, and PostgreSQL when `CANCELKIT_TEST_POSTGRES_URL` is set (a fresh
//! database on that server; see `scripts/postgres.sh`).
//!
//! ```text
//! cargo run --release -p cancel-store --example cancel_throughput [TASKS] [CANCELS]
//! ```
//!
//! TASKS concurrent tasks (default 16) each cancel one unit at a time, with an idempotency
//! key, on lines of 64 orders (so tasks meet on the same orders and some saves conflict and
//! are retried), CANCELS cancels in all (default 4000). Prints cancels/s and conflicts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // example

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use cancel_domain::{
    CancelReason, CancelRequest, CancelService, IdempotencyKey, ImportMode, InMemoryOrderStore,
    LineCancel, OrderArchive, OrdersFile, OutcomeStatus, Quantity, ReasonCode, RulesPolicy,
};
use cancel_store::StoreOptions;

const ORDERS: usize = 64;
const LINES: usize = 4;

fn orders(units: usize) -> OrdersFile {
    let orders: Vec<serde_json::Value> = (0..ORDERS)
        .map(|o| {
            let lines: Vec<serde_json::Value> = (0..LINES)
                .map(|l| serde_json::json!({ "id": format!("L{l}"), "quantities": { "ordered": units } }))
                .collect();
            serde_json::json!({ "id": format!("O{o}"), "lines": lines })
        })
        .collect();
    serde_json::from_value(serde_json::json!({ "orders": orders })).unwrap()
}

async fn run(name: &str, store: Arc<dyn OrderArchive>, tasks: usize, cancels: usize) {
    // Enough units that no cancel is refused for want of them.
    let units = cancels / (ORDERS * LINES) + 2;
    store
        .import(&orders(units), ImportMode::Replace)
        .await
        .unwrap();
    let service = Arc::new(CancelService::new(store).with_max_attempts(1000));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let service = Arc::clone(&service);
        let done = Arc::clone(&done);
        handles.push(tokio::spawn(async move {
            let policy = RulesPolicy::default();
            let mut i = t;
            while i < cancels {
                let mut request = CancelRequest::lines(
                    format!("O{}", i % ORDERS),
                    vec![LineCancel::new(
                        format!("L{}", (i / ORDERS) % LINES),
                        Quantity::new(1),
                    )],
                    CancelReason::new(ReasonCode::ChangedMind),
                );
                request.idempotency_key = Some(IdempotencyKey::new(format!("k{i}")));
                let outcome = service
                    .cancel(&request, &policy, chrono_now())
                    .await
                    .unwrap();
                assert_eq!(outcome.status, OutcomeStatus::Cancelled, "{outcome:?}");
                done.fetch_add(1, Ordering::Relaxed);
                i += tasks;
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    println!(
        "{name:>10}: {n} cancels, {tasks} tasks, {secs:.2} s, {:.0} cancels/s",
        n as f64 / secs
    );
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::UNIX_EPOCH
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let tasks: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let cancels: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4000);

    run(
        "memory",
        Arc::new(InMemoryOrderStore::new()),
        tasks,
        cancels,
    )
    .await;

    let dir = std::env::temp_dir().join(format!("cancelkit-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("orders.db").display());
    let sqlite = cancel_store::open(&url, &StoreOptions::default())
        .await
        .unwrap();
    run("sqlite", sqlite, tasks, cancels).await;
    let _ = std::fs::remove_dir_all(&dir);

    match cancel_store::testing::fresh_postgres_database("cancel_throughput").await {
        Ok(Some(url)) => {
            let pg = cancel_store::open(&url, &StoreOptions::default())
                .await
                .unwrap();
            run("postgres", pg, tasks, cancels).await;
        }
        Ok(None) => {}
        Err(e) => eprintln!("postgres: {e}"),
    }
}
