//! Many tasks race overlapping cancels of one order through one `CancelService` on a
//! multi-threaded runtime: the total cancelled never exceeds what was cancellable, every
//! request gets exactly one outcome, and replays with the same key are identical.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;

use cancel_domain::{
    CancelOutcome, CancelRejection, CancelService, IdempotencyKey, IdempotencyRecord,
    InMemoryOrderStore, Order, OrderPhase, OrderStore, OutcomeStatus, StoreError, Vendor,
};
use common::*;
use rust_decimal::Decimal;
use serde_json::json;

const LINES: usize = 4;
const UNITS: u32 = 5;
const TASKS: usize = 64;

fn store() -> InMemoryOrderStore {
    let lines: Vec<_> = (0..LINES)
        .map(|i| json!({"id":format!("L{i}"),"unit_price":"10.00","quantities":{"ordered":UNITS}}))
        .collect();
    let captured = Decimal::from(LINES as u32 * UNITS * 10);
    InMemoryOrderStore::from_json(
        json!({"orders":[{"id":"1","payment":{"captured":captured.to_string()},"lines":lines}]})
            .to_string()
            .as_bytes(),
    )
    .unwrap()
}

/// The in-memory store, made racy on purpose: no save happens before `gate` loads have
/// been served (so at least `gate` tasks read the same version and all but one of them
/// must hit a compare-and-swap conflict), and every load yields before returning.
struct RacyStore {
    inner: InMemoryOrderStore,
    gate: usize,
    loads: tokio::sync::watch::Sender<usize>,
    conflicts: AtomicUsize,
}

impl RacyStore {
    fn new(inner: InMemoryOrderStore, gate: usize) -> Self {
        Self {
            inner,
            gate,
            loads: tokio::sync::watch::Sender::new(0),
            conflicts: AtomicUsize::new(0),
        }
    }
}

#[async_trait]
impl OrderStore for RacyStore {
    async fn load(&self, id: &str, id_space: Option<Vendor>) -> Result<Option<Order>, StoreError> {
        let order = self.inner.load(id, id_space).await;
        self.loads.send_modify(|n| *n += 1);
        tokio::task::yield_now().await;
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
        self.inner.recorded(key).await
    }
}

/// Task `t` asks for 1–3 units of two neighbouring lines (so requests overlap).
fn request_for(t: usize) -> cancel_domain::CancelRequest {
    let a = t % LINES;
    let b = (t + 1) % LINES;
    let q = (t % 3) as u32 + 1;
    let mut r = lines(
        "1",
        &[(&format!("L{a}"), Some(q)), (&format!("L{b}"), Some(1))],
    );
    r.idempotency_key = Some(format!("key-{t}").into());
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_cancels_never_overcancel_and_replays_are_identical() {
    let racy = Arc::new(RacyStore::new(store(), 8));
    // Enough attempts that every request gets a rule answer, not a conflict.
    let service = Arc::new(CancelService::new(Arc::clone(&racy)).with_max_attempts(10_000));
    let policy = Arc::new(best_effort());

    let handles: Vec<_> = (0..TASKS)
        .map(|t| {
            let service = Arc::clone(&service);
            let policy = Arc::clone(&policy);
            tokio::spawn(async move {
                let request = request_for(t);
                let outcome = service.cancel(&request, &policy, now()).await.unwrap();
                (t, outcome)
            })
        })
        .collect();
    let mut outcomes: Vec<(usize, CancelOutcome)> = Vec::with_capacity(TASKS);
    for h in handles {
        outcomes.push(h.await.unwrap());
    }
    // Exactly one outcome per request.
    assert_eq!(outcomes.len(), TASKS);
    outcomes.sort_by_key(|(t, _)| *t);
    assert!(outcomes.iter().enumerate().all(|(i, (t, _))| i == *t));

    let order = racy.inner.get("1", None).unwrap();
    let cancelled: u32 = order.lines.iter().map(|l| l.quantities.cancelled).sum();
    let accepted: u32 = outcomes
        .iter()
        .filter(|(_, o)| o.is_accepted())
        .flat_map(|(_, o)| o.lines.iter().map(|l| l.accepted))
        .sum();
    // Never more than was cancellable, and exactly what the outcomes say.
    assert!(cancelled <= LINES as u32 * UNITS);
    assert_eq!(cancelled, accepted);
    assert!(order.lines.iter().all(|l| l.quantities.is_consistent()));
    // Refunds match the cancelled units and never exceed the capture.
    let refunded: Decimal = outcomes
        .iter()
        .filter_map(|(_, o)| o.money.as_ref())
        .map(|m| m.refund)
        .sum();
    assert_eq!(refunded, order.payment.refunded);
    assert!(order.payment.refunded <= order.payment.captured);
    // One save per accepted request.
    let applied = outcomes.iter().filter(|(_, o)| o.is_accepted()).count();
    assert_eq!(order.version, applied as u64);
    assert_eq!(racy.inner.records().len(), applied);
    // The tasks did race: at least 8 read version 0, at most one of them saved it.
    assert!(racy.conflicts.load(Ordering::Relaxed) >= 7);
    // Every refusal is a precise one.
    for (_, o) in outcomes.iter().filter(|(_, o)| !o.is_accepted()) {
        assert!(
            matches!(
                o.rejection,
                Some(
                    CancelRejection::ItemAlreadyCancelled { .. }
                        | CancelRejection::QuantityExceedsCancellable { .. }
                        | CancelRejection::OrderAlreadyCancelled
                        | CancelRejection::ConcurrentModification
                )
            ),
            "{o:?}"
        );
    }
    // With 64 tasks asking for far more than 20 units, everything ends cancelled.
    assert_eq!(order.phase, OrderPhase::Cancelled);

    // Replays race too: each key answers its stored outcome, identically, with no effect.
    let replays: Vec<_> = (0..TASKS * 2)
        .map(|i| {
            let service = Arc::clone(&service);
            let policy = Arc::clone(&policy);
            tokio::spawn(async move {
                let t = i % TASKS;
                (
                    t,
                    service
                        .cancel(&request_for(t), &policy, now())
                        .await
                        .unwrap(),
                )
            })
        })
        .collect();
    let mut by_task: Vec<Vec<CancelOutcome>> = vec![Vec::new(); TASKS];
    for h in replays {
        let (t, o) = h.await.unwrap();
        by_task[t].push(o);
    }
    let after = racy.inner.get("1", None).unwrap();
    assert_eq!(after, order, "replays changed the order");
    for (t, (_, first)) in outcomes.iter().enumerate() {
        let replays = &by_task[t];
        assert_eq!(replays.len(), 2);
        assert_eq!(replays[0], replays[1], "task {t}");
        if first.is_accepted() {
            let mut expected = first.clone();
            expected.status = OutcomeStatus::Replayed;
            assert_eq!(replays[0], expected, "task {t}");
        } else {
            // Refusals are not recorded: re-evaluated against the cancelled order.
            assert_eq!(
                replays[0].rejection,
                Some(CancelRejection::OrderAlreadyCancelled)
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_for_the_last_unit_one_wins() {
    for round in 0..20 {
        let service = Arc::new(CancelService::new(RacyStore::new(
            InMemoryOrderStore::from_json(
                br#"{"orders":[{"id":"1","lines":[{"id":"L1","quantities":{"ordered":2,"cancelled":1}}]}]}"#,
            )
            .unwrap(),
            2,
        )));
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let service = Arc::clone(&service);
                tokio::spawn(async move {
                    let mut r = lines("1", &[("L1", Some(1))]);
                    r.idempotency_key = Some(format!("r{round}-t{t}").into());
                    service.cancel(&r, &atomic(), now()).await.unwrap()
                })
            })
            .collect();
        let mut winners = 0;
        for h in handles {
            let o = h.await.unwrap();
            if o.is_accepted() {
                winners += 1;
            } else {
                assert!(
                    matches!(
                        o.rejection,
                        Some(
                            CancelRejection::OrderAlreadyCancelled
                                | CancelRejection::ConcurrentModification
                        )
                    ),
                    "{o:?}"
                );
            }
        }
        assert_eq!(winners, 1, "round {round}");
        assert!(service.store().conflicts.load(Ordering::Relaxed) >= 1);
        let order = service.store().inner.get("1", None).unwrap();
        assert_eq!(order.lines[0].quantities.cancelled, 2);
        assert_eq!(order.phase, OrderPhase::Cancelled);
    }
}
