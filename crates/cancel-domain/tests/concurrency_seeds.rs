//! The `CancelService` race under many seeds: each seed picks the order's shape (lines,
//! units), how many tasks race, how many loads the store serves before any save may land
//! (so that many tasks read the same version and must lose the compare-and-swap), the
//! batch mode, a share of whole-order cancels, the worker threads, and how often each
//! store call yields. Every seed must keep the invariants: no line over-cancelled, the
//! order's totals equal to what the outcomes report, one saved version and one
//! idempotency record per accepted request, every refusal a precise one, and every
//! replay identical to the first answer with no effect.
//!
//! `CONCURRENCY_SEEDS=N` runs N seeds (default 256; 3 000 take about 7 s).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use cancel_domain::{
    CancelOutcome, CancelRejection, CancelRequest, CancelService, IdempotencyKey,
    IdempotencyRecord, InMemoryOrderStore, Order, OrderStore, OutcomeStatus, RulesPolicy,
    StoreError, Vendor,
};
use common::{atomic, best_effort, lines, now, whole};
use serde_json::json;

/// splitmix64: a small deterministic generator, so a failing seed replays exactly.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

#[derive(Debug, Clone)]
struct Scenario {
    lines: usize,
    units: u32,
    tasks: usize,
    gate: usize,
    workers: usize,
    best_effort: bool,
    whole_every: usize,
    yields: u64,
}

impl Scenario {
    fn from_seed(seed: u64) -> Self {
        let mut rng = Rng(seed);
        let tasks = rng.range(2, 24) as usize;
        Self {
            lines: rng.range(1, 4) as usize,
            units: rng.range(1, 5) as u32,
            tasks,
            gate: rng.range(1, tasks as u64) as usize,
            workers: rng.range(2, 4) as usize,
            best_effort: rng.next().is_multiple_of(2),
            whole_every: rng.range(0, 6) as usize,
            yields: rng.range(0, 3),
        }
    }

    fn policy(&self) -> RulesPolicy {
        if self.best_effort {
            best_effort()
        } else {
            atomic()
        }
    }

    /// Task `t`: a whole-order cancel every `whole_every` tasks, otherwise 1-3 units of
    /// two neighbouring lines (or of the only line).
    fn request(&self, t: usize) -> CancelRequest {
        let mut r = if self.whole_every > 0 && t.is_multiple_of(self.whole_every) {
            whole("1")
        } else {
            let a = t % self.lines;
            let b = (t + 1) % self.lines;
            let q = (t % 3) as u32 + 1;
            let (la, lb) = (format!("L{a}"), format!("L{b}"));
            if a == b {
                lines("1", &[(&la, Some(q))])
            } else {
                lines("1", &[(&la, Some(q)), (&lb, Some(1))])
            }
        };
        r.idempotency_key = Some(format!("key-{t}").into());
        r
    }
}

/// The in-memory store with a gate (no save before `gate` loads were served) and a
/// seeded number of yields inside every call.
struct RacyStore {
    inner: InMemoryOrderStore,
    gate: usize,
    loads: tokio::sync::watch::Sender<usize>,
    conflicts: AtomicUsize,
    yields: u64,
    calls: AtomicU64,
    seed: u64,
}

impl RacyStore {
    async fn jitter(&self) {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        let n =
            Rng(self.seed ^ call.wrapping_mul(0x2545_F491_4F6C_DD1D)).next() % (self.yields + 1);
        for _ in 0..n {
            tokio::task::yield_now().await;
        }
    }
}

#[async_trait]
impl OrderStore for RacyStore {
    async fn load(&self, id: &str, id_space: Option<Vendor>) -> Result<Option<Order>, StoreError> {
        self.jitter().await;
        let order = self.inner.load(id, id_space).await;
        self.loads.send_modify(|n| *n += 1);
        self.jitter().await;
        order
    }

    async fn save(
        &self,
        order: &Order,
        record: Option<&IdempotencyRecord>,
    ) -> Result<u64, StoreError> {
        let gate = self.gate;
        self.loads
            .subscribe()
            .wait_for(|n| *n >= gate)
            .await
            .unwrap();
        self.jitter().await;
        let saved = self.inner.save(order, record).await;
        if matches!(saved, Err(StoreError::Conflict { .. })) {
            self.conflicts.fetch_add(1, Ordering::Relaxed);
        }
        saved
    }

    async fn recorded(
        &self,
        key: &IdempotencyKey,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.jitter().await;
        self.inner.recorded(key).await
    }
}

/// Runs one seed; returns how many compare-and-swap conflicts the race produced.
fn run_seed(seed: u64) -> usize {
    let s = Scenario::from_seed(seed);
    let order_lines: Vec<_> = (0..s.lines)
        .map(|i| json!({"id": format!("L{i}"), "unit_price": "10.00", "quantities": {"ordered": s.units}}))
        .collect();
    let captured = (s.lines as u32 * s.units * 10).to_string();
    let inner = InMemoryOrderStore::from_json(
        json!({"orders": [{"id": "1", "payment": {"captured": captured}, "lines": order_lines}]})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let store = RacyStore {
        inner,
        gate: s.gate,
        loads: tokio::sync::watch::Sender::new(0),
        conflicts: AtomicUsize::new(0),
        yields: s.yields,
        calls: AtomicU64::new(0),
        seed,
    };
    let service = Arc::new(CancelService::new(store).with_max_attempts(10_000));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(s.workers)
        .enable_all()
        .build()
        .unwrap();
    let scenario = Arc::new(s.clone());
    let race = |rounds: usize| {
        let handles: Vec<_> = (0..scenario.tasks * rounds)
            .map(|i| {
                let (service, scenario) = (Arc::clone(&service), Arc::clone(&scenario));
                runtime.spawn(async move {
                    let t = i % scenario.tasks;
                    let outcome = service
                        .cancel(&scenario.request(t), &scenario.policy(), now())
                        .await
                        .unwrap();
                    (t, outcome)
                })
            })
            .collect();
        runtime.block_on(async {
            let mut all = Vec::new();
            for h in handles {
                all.push(h.await.unwrap());
            }
            all
        })
    };
    let mut first: Vec<(usize, CancelOutcome)> = race(1);
    first.sort_by_key(|(t, _)| *t);
    let context = format!("seed {seed}: {s:?}");
    assert!(
        first.iter().enumerate().all(|(i, (t, _))| i == *t),
        "{context}"
    );

    let store = service.store();
    let order = store.inner.get("1", None).unwrap();
    let accepted: Vec<&CancelOutcome> = first
        .iter()
        .map(|(_, o)| o)
        .filter(|o| o.is_accepted())
        .collect();
    for line in &order.lines {
        assert!(line.quantities.is_consistent(), "{context}: {line:?}");
        assert!(
            line.quantities.cancelled <= s.units,
            "{context}: over-cancelled {line:?}"
        );
    }
    let cancelled: u32 = order.lines.iter().map(|l| l.quantities.cancelled).sum();
    let reported: u32 = accepted
        .iter()
        .flat_map(|o| o.lines.iter().map(|l| l.accepted))
        .sum();
    assert_eq!(
        cancelled, reported,
        "{context}: the order and the outcomes disagree"
    );
    assert_eq!(
        order.version,
        accepted.len() as u64,
        "{context}: one save per accepted request"
    );
    assert_eq!(store.inner.records().len(), accepted.len(), "{context}");
    assert!(
        order.payment.refunded <= order.payment.captured,
        "{context}"
    );
    let conflicts = store.conflicts.load(Ordering::Relaxed);
    for (_, o) in first.iter().filter(|(_, o)| !o.is_accepted()) {
        assert!(
            matches!(
                o.rejection,
                Some(
                    CancelRejection::ItemAlreadyCancelled { .. }
                        | CancelRejection::QuantityExceedsCancellable { .. }
                        | CancelRejection::OrderAlreadyCancelled
                        | CancelRejection::ConcurrentModification
                )
            ) || !o.lines.is_empty(),
            "{context}: {o:?}"
        );
    }

    // Replays, racing among themselves: the stored answer, no effect.
    let replays = race(2);
    let after = store.inner.get("1", None).unwrap();
    assert_eq!(after, order, "{context}: replays changed the order");
    for (t, replay) in replays {
        let original = &first[t].1;
        if original.is_accepted() {
            let mut expected = original.clone();
            expected.status = OutcomeStatus::Replayed;
            assert_eq!(replay, expected, "{context}: task {t}");
        } else {
            assert!(
                !replay.is_accepted(),
                "{context}: a refused request was accepted on replay: task {t}"
            );
        }
    }
    conflicts
}

#[test]
fn the_race_holds_its_invariants_under_many_seeds() {
    let seeds: u64 = std::env::var("CONCURRENCY_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let mut seeds_with_conflicts = 0;
    for seed in 0..seeds {
        if run_seed(seed) > 0 {
            seeds_with_conflicts += 1;
        }
    }
    // The gate makes the tasks race for real: most seeds lose some compare-and-swap.
    assert!(
        seeds_with_conflicts * 3 >= seeds,
        "only {seeds_with_conflicts} of {seeds} seeds had a conflict"
    );
}
