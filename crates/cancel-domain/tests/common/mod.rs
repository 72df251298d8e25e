//! Helpers shared by the rules, store and service tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use cancel_domain::{
    rules, BatchMode, CancelOutcome, CancelReason, CancelRejection, CancelRequest, InFulfillment,
    LineCancel, Order, Quantity, ReasonCode, RulesPolicy,
};
use chrono::{DateTime, Utc};

/// A fixed instant: rules never read the clock.
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// An order from its canonical JSON.
pub(crate) fn order(json: serde_json::Value) -> Order {
    serde_json::from_value(json).unwrap()
}

pub(crate) fn reason() -> CancelReason {
    CancelReason::new(ReasonCode::ChangedMind)
}

pub(crate) fn whole(order: &str) -> CancelRequest {
    CancelRequest::whole_order(order, reason())
}

/// A line cancel; `None` quantity = every cancellable unit.
pub(crate) fn lines(order: &str, wanted: &[(&str, Option<u32>)]) -> CancelRequest {
    CancelRequest::lines(
        order,
        wanted
            .iter()
            .map(|(id, q)| LineCancel::new(*id, q.map(|q| Quantity::new(q).unwrap())))
            .collect(),
        reason(),
    )
}

pub(crate) fn atomic() -> RulesPolicy {
    RulesPolicy::default()
}

pub(crate) fn best_effort() -> RulesPolicy {
    RulesPolicy {
        batch: BatchMode::BestEffort,
        ..RulesPolicy::default()
    }
}

pub(crate) fn request_in_fulfillment() -> RulesPolicy {
    RulesPolicy {
        in_fulfillment: InFulfillment::Request,
        ..RulesPolicy::default()
    }
}

/// evaluate + apply, panicking on refusal.
pub(crate) fn cancel(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
) -> rules::Applied {
    let plan =
        rules::evaluate(order, request, policy, now()).unwrap_or_else(|r| panic!("refused: {r:?}"));
    rules::apply(order, &plan).unwrap()
}

/// The rejection `evaluate` gives, panicking on acceptance.
pub(crate) fn refused(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
) -> CancelRejection {
    match rules::evaluate(order, request, policy, now()) {
        Ok(plan) => panic!("accepted: {plan:?}"),
        Err(r) => r,
    }
}

/// The JSON of an outcome, for exact comparisons.
pub(crate) fn json_of(outcome: &CancelOutcome) -> serde_json::Value {
    serde_json::to_value(outcome).unwrap()
}
