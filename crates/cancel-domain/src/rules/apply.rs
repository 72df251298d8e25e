//! Carrying out a [`CancelPlan`]: new buckets, phase and payment, and the outcome.

use rust_decimal::Decimal;

use super::plan::{CancelPlan, PlanKind};
use crate::{CancelOutcome, CancelRejection, MoneyEffects, Order, StockEffect};

/// An applied plan: the order as it is now, and what happened.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// The order after the cancel (same `version` as before: the store bumps it on save).
    pub order: Order,
    /// What happened.
    pub outcome: CancelOutcome,
}

/// Applies `plan` to a copy of `order`.
///
/// # Errors
///
/// [`CancelRejection::ConcurrentModification`] when `order` is not the version the plan
/// was made from (R23), or no longer has the units or money the plan moves.
///
/// ```
/// use cancel_domain::{rules, CancelReason, CancelRequest, Order, OrderPhase, OutcomeStatus,
///     ReasonCode, RulesPolicy};
/// let order: Order = serde_json::from_str(r#"{"id":"1001","phase":"active",
///   "payment":{"authorized":"30.00"},
///   "lines":[{"id":"L1","unit_price":"10.00","quantities":{"ordered":3}}]}"#).unwrap();
/// let request = CancelRequest::whole_order("1001", CancelReason::new(ReasonCode::ChangedMind));
/// let plan = rules::evaluate(&order, &request, &RulesPolicy::default(), chrono::DateTime::UNIX_EPOCH).unwrap();
/// let applied = rules::apply(&order, &plan).unwrap();
/// assert_eq!(applied.order.phase, OrderPhase::Cancelled);
/// assert_eq!(applied.order.lines[0].quantities.cancelled, 3);
/// assert_eq!(applied.outcome.status, OutcomeStatus::Cancelled);
/// assert_eq!(applied.outcome.money.unwrap().void_authorization.to_string(), "30.00");
/// ```
pub fn apply(order: &Order, plan: &CancelPlan) -> Result<Applied, CancelRejection> {
    let mut order = order.clone();
    let outcome = apply_in_place(&mut order, plan)?;
    Ok(Applied { order, outcome })
}

/// Applies `plan` to `order` itself. Everything is checked before anything changes, so on
/// error `order` is untouched.
///
/// # Errors
///
/// As [`apply`].
pub fn apply_in_place(
    order: &mut Order,
    plan: &CancelPlan,
) -> Result<CancelOutcome, CancelRejection> {
    check(order, plan)?;
    let mut stock = Vec::new();
    if plan.kind == PlanKind::Cancel {
        for planned in plan.lines.iter().filter(|l| l.accepted > 0) {
            let Some(line) = planned.index.and_then(|i| order.lines.get_mut(i)) else {
                continue; // checked above
            };
            let b = &mut line.quantities;
            b.cancelled = b.cancelled.saturating_add(planned.accepted);
            // Keep `allocated ≤ open`: release what the cancel took from the allocation.
            let released = b.allocated.saturating_sub(b.open());
            b.allocated -= released;
            stock.push(StockEffect {
                line: line.id.clone(),
                released,
                // Only unshipped units are ever cancelled, so every one goes back to stock.
                restocked: planned.accepted,
            });
        }
        let money = &plan.money;
        order.payment.authorized -= money.void_authorization;
        order.payment.refunded += money.refund;
    }
    order.phase = plan.phase;

    let mut outcome = CancelOutcome::new(plan.requested_as.clone(), plan.status());
    outcome.id_space = plan.id_space;
    outcome.phase = Some(plan.phase);
    outcome.lines = plan.lines.iter().map(|l| l.to_outcome()).collect();
    outcome.money = (plan.money != MoneyEffects::default()).then(|| plan.money.clone());
    outcome.stock = stock;
    Ok(outcome)
}

/// R23: the plan must fit the order exactly as it is.
fn check(order: &Order, plan: &CancelPlan) -> Result<(), CancelRejection> {
    let stale = Err(CancelRejection::ConcurrentModification);
    if order.version != plan.base_version || order.id != plan.order {
        return stale;
    }
    if plan.kind == PlanKind::Request {
        return Ok(());
    }
    // Lines: the accepted units must still be open (one plan never names a line twice
    // with units: duplicates are refused by `evaluate`).
    let mut taken = vec![0u32; order.lines.len()];
    for planned in plan.lines.iter().filter(|l| l.accepted > 0) {
        let Some(i) = planned.index else {
            return stale;
        };
        let (Some(line), Some(t)) = (order.lines.get(i), taken.get_mut(i)) else {
            return stale;
        };
        *t = t.saturating_add(planned.accepted);
        if *t > line.quantities.open() {
            return stale;
        }
    }
    // Money: never void more than authorized, never refund past captured.
    let p = &order.payment;
    let refunded_after = p.refunded.checked_add(plan.money.refund);
    let fits = plan.money.void_authorization >= Decimal::ZERO
        && plan.money.refund >= Decimal::ZERO
        && plan.money.void_authorization <= p.authorized
        && refunded_after.is_some_and(|r| r <= p.captured);
    if !fits {
        return stale;
    }
    Ok(())
}
