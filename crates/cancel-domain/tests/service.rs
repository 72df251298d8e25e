//! `CancelService`: outcomes for every answer, idempotent replays, per-call batch mode.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::Arc;

use cancel_domain::{
    BatchStatus, CancelRejection, CancelService, InMemoryOrderStore, LineRef, OrderPhase,
    OutcomeStatus, ServiceError, Vendor,
};
use common::*;
use rust_decimal::Decimal;
use serde_json::json;

fn service() -> CancelService<Arc<InMemoryOrderStore>> {
    let store = InMemoryOrderStore::from_json(
        json!({"orders":[
            {"id":"1001","vendor_ids":{"unicommerce":"UC-1001"},"payment":{"captured":"60.00"},
             "lines":[
                {"id":"L1","vendor_ids":{"unicommerce":"OI-1"},"unit_price":"10.00","quantities":{"ordered":3}},
                {"id":"L2","vendor_ids":{"unicommerce":"OI-2"},"unit_price":"30.00","quantities":{"ordered":1,"cancelled":1}}]},
            {"id":"1002","phase":"closed","lines":[{"id":"L1","quantities":{"ordered":1,"shipped":1,"delivered":1}}]}
        ]})
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    CancelService::new(Arc::new(store))
}

#[tokio::test]
async fn e10_the_same_key_twice_replays_without_a_second_effect() {
    let s = service();
    let mut r = lines("1001", &[("L1", Some(1))]);
    r.idempotency_key = Some("key-1".into());
    let first = s.cancel(&r, &atomic(), now()).await.unwrap();
    assert_eq!(first.status, OutcomeStatus::Cancelled);
    assert_eq!(first.money.as_ref().unwrap().refund, Decimal::new(1000, 2));
    let after_first = s.store().get("1001", None).unwrap();
    let replay = s.cancel(&r, &atomic(), now()).await.unwrap();
    assert_eq!(replay.status, OutcomeStatus::Replayed);
    // The stored outcome, status aside.
    let mut expected = first.clone();
    expected.status = OutcomeStatus::Replayed;
    assert_eq!(replay, expected);
    // No second cancel, refund or version bump.
    let after_replay = s.store().get("1001", None).unwrap();
    assert_eq!(after_replay, after_first);
    assert_eq!(after_replay.lines[0].quantities.cancelled, 1);
    assert_eq!(after_replay.payment.refunded, Decimal::new(1000, 2));
    // Without the key, the same request is a new cancel.
    r.idempotency_key = None;
    let again = s.cancel(&r, &atomic(), now()).await.unwrap();
    assert_eq!(again.status, OutcomeStatus::Cancelled);
    assert_eq!(
        s.store().get("1001", None).unwrap().lines[0]
            .quantities
            .cancelled,
        2
    );
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_an_error() {
    let s = service();
    let mut r = lines("1001", &[("L1", Some(1))]);
    r.idempotency_key = Some("key-1".into());
    s.cancel(&r, &atomic(), now()).await.unwrap();
    let mut other = lines("1001", &[("L1", Some(2))]);
    other.idempotency_key = Some("key-1".into());
    assert_eq!(
        s.cancel(&other, &atomic(), now()).await.unwrap_err(),
        ServiceError::KeyReused {
            key: "key-1".into()
        }
    );
    assert_eq!(
        s.store().get("1001", None).unwrap().lines[0]
            .quantities
            .cancelled,
        1
    );
}

#[tokio::test]
async fn refusals_are_outcomes_and_are_not_recorded() {
    let s = service();
    let mut r = whole("1002");
    r.idempotency_key = Some("key-2".into());
    let out = s.cancel(&r, &atomic(), now()).await.unwrap();
    assert_eq!(out.status, OutcomeStatus::Rejected);
    assert_eq!(
        out.rejection,
        Some(CancelRejection::OrderNotCancellable {
            phase: OrderPhase::Closed
        })
    );
    assert_eq!(out.phase, Some(OrderPhase::Closed));
    assert!(s.store().records().is_empty());
    let missing = s.cancel(&whole("4040"), &atomic(), now()).await.unwrap();
    assert_eq!(missing.rejection, Some(CancelRejection::OrderNotFound));
    assert_eq!(missing.order.as_str(), "4040");
}

#[tokio::test]
async fn e13_a_replay_after_a_cancellation_request_is_still_a_replay() {
    let store = InMemoryOrderStore::from_json(
        br#"{"orders":[{"id":"1","lines":[{"id":"L1","quantities":{"ordered":1,"allocated":1}}]}]}"#,
    )
    .unwrap();
    let s = CancelService::new(store);
    let mut r = whole("1");
    r.idempotency_key = Some("k".into());
    let policy = request_in_fulfillment();
    assert_eq!(
        s.cancel(&r, &policy, now()).await.unwrap().status,
        OutcomeStatus::Requested
    );
    assert_eq!(
        s.cancel(&r, &policy, now()).await.unwrap().status,
        OutcomeStatus::Replayed
    );
    r.idempotency_key = Some("k2".into());
    assert_eq!(
        s.cancel(&r, &policy, now()).await.unwrap().rejection,
        Some(CancelRejection::CancellationAlreadyRequested)
    );
}

#[tokio::test]
async fn best_effort_is_chosen_per_call_in_the_request_id_space() {
    let s = service();
    // Unicommerce names: OI-2 is already cancelled, OI-1 is open.
    let mut r = lines("UC-1001", &[("OI-1", Some(2)), ("OI-2", Some(1))]);
    r.id_space = Some(Vendor::Unicommerce);
    let atomic_out = s.cancel(&r, &atomic(), now()).await.unwrap();
    assert_eq!(atomic_out.status, OutcomeStatus::Rejected);
    assert_eq!(atomic_out.batch_status(), BatchStatus::Failed);
    assert_eq!(atomic_out.lines.len(), 2);
    let out = s.cancel(&r, &best_effort(), now()).await.unwrap();
    assert_eq!(out.status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(out.batch_status(), BatchStatus::PartialSuccess);
    assert_eq!(out.order.as_str(), "UC-1001");
    assert_eq!(out.lines[0].line, LineRef::new("OI-1"));
    assert_eq!(out.lines[0].accepted, 2);
    assert_eq!(
        out.lines[1].error,
        Some(CancelRejection::ItemAlreadyCancelled {
            line: LineRef::new("OI-2")
        })
    );
    let stored = s.store().get("1001", None).unwrap();
    assert_eq!(stored.lines[0].quantities.cancelled, 2);
    assert_eq!(stored.version, 1);
    // The last open unit promotes the order.
    let mut last = lines("UC-1001", &[("OI-1", None)]);
    last.id_space = Some(Vendor::Unicommerce);
    let out = s.cancel(&last, &best_effort(), now()).await.unwrap();
    assert_eq!(out.phase, Some(OrderPhase::Cancelled));
    assert_eq!(
        s.store()
            .get("UC-1001", Some(Vendor::Unicommerce))
            .unwrap()
            .phase,
        OrderPhase::Cancelled
    );
}

#[tokio::test]
async fn the_service_is_shareable() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let s = Arc::new(service());
    assert_send_sync(&s);
    let s2 = Arc::clone(&s);
    let handle = tokio::spawn(async move { s2.cancel(&whole("1001"), &atomic(), now()).await });
    let out = handle.await.unwrap().unwrap();
    assert_eq!(out.status, OutcomeStatus::Cancelled);
}
