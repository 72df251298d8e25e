//! The pure decision: rules R1–R23 ([state rules](crate::rules) §2.5) over one order version.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::plan::{CancelPlan, PlanKind, PlannedLine, Refusal};
use crate::{
    BatchMode, Buckets, CancelReason, CancelRejection, CancelRequest, CancelScope, CapturedPayment,
    HoldReason, InFulfillment, Initiator, LineCancel, LineOutcome, LineRef, MoneyEffects, Order,
    OrderLine, OrderPhase, ReasonCode, RulesPolicy, Vendor,
};

/// Decides what `request` may cancel on `order` under `policy`, at `now`.
///
/// Pure: no I/O, no clock (`now` is only recorded in the plan). The rules are R1–R23 of
/// [the state rules](crate::rules) §2.5; where trusted systems differ, `policy` decides. In
/// [`BatchMode::Atomic`] any line error refuses the request; in
/// [`BatchMode::BestEffort`] refused lines are carried in the plan with their error and
/// the others go ahead (the request is refused only when no line is accepted).
///
/// # Errors
///
/// The primary [`CancelRejection`]; use [`assess`] to also get every line's error.
///
/// ```
/// use cancel_domain::{rules, Buckets, CancelReason, CancelRequest, LineCancel, Order,
///     OrderLine, OrderPhase, Quantity, ReasonCode, RulesPolicy};
/// let order: Order = serde_json::from_str(r#"{"id":"1001","phase":"active",
///   "lines":[{"id":"L1","quantities":{"ordered":2}},{"id":"L2","quantities":{"ordered":1,"shipped":1}}]}"#).unwrap();
/// let reason = CancelReason::new(ReasonCode::ChangedMind);
/// let partial = CancelRequest::lines("1001", vec![LineCancel::new("L1", Quantity::new(1))], reason.clone());
/// let plan = rules::evaluate(&order, &partial, &RulesPolicy::default(), chrono::DateTime::UNIX_EPOCH).unwrap();
/// assert_eq!(plan.lines[0].accepted, 1);
/// assert_eq!(plan.phase, OrderPhase::Active);
///
/// let whole = CancelRequest::whole_order("1001", reason);
/// let refused = rules::evaluate(&order, &whole, &RulesPolicy::default(), chrono::DateTime::UNIX_EPOCH);
/// assert_eq!(refused.unwrap_err().code(), "items_already_shipped");
/// ```
pub fn evaluate(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
    now: DateTime<Utc>,
) -> Result<CancelPlan, CancelRejection> {
    assess(order, request, policy, now).map_err(|r| r.rejection)
}

/// Like [`evaluate`], but a refusal lists every requested line with its own error (what
/// an atomic batch reports, and what [`CancelService`](crate::CancelService) puts in a
/// rejected outcome).
///
/// # Errors
///
/// A [`Refusal`]: the primary rejection and the per-line results.
pub fn assess(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
    now: DateTime<Utc>,
) -> Result<CancelPlan, Refusal> {
    check_order(order, request, policy)?;
    let draft = match &request.scope {
        CancelScope::WholeOrder => whole_order(order, request, policy)?,
        CancelScope::Lines { lines } => some_lines(order, request, lines, policy)?,
    };
    Ok(finish(order, request, policy, draft, now))
}

/// The decision before money and phase are worked out.
struct Draft {
    kind: PlanKind,
    lines: Vec<PlannedLine>,
}

/// Order-level rules, in the order the README lists them.
fn check_order(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
) -> Result<(), CancelRejection> {
    // R1: the request must name this order (the store looked it up the same way).
    if !order.is_named(request.order.as_str(), request.id_space) {
        return Err(CancelRejection::OrderNotFound);
    }
    // R2: a customer may only cancel their own order.
    if policy.check_owner && !owner_ok(order, request) {
        return Err(CancelRejection::NotOrderOwner);
    }
    // R19 (the part that needs no vendor list): `other` needs a text.
    check_reason(&request.reason)?;
    // R3, R4, R5: the phase.
    match order.phase {
        OrderPhase::Draft => return Err(CancelRejection::OrderNotPlaced),
        OrderPhase::Cancelled => return Err(CancelRejection::OrderAlreadyCancelled),
        OrderPhase::CancellationRequested => {
            return Err(CancelRejection::CancellationAlreadyRequested)
        }
        phase @ (OrderPhase::Closed | OrderPhase::Failed) => {
            return Err(CancelRejection::OrderNotCancellable { phase })
        }
        OrderPhase::AwaitingConfirmation | OrderPhase::Active => {}
    }
    // R6: holds block, except review holds the vendor lets cancel.
    match order.flags.hold {
        None | Some(HoldReason::ReviewCancellable) => {}
        Some(
            reason @ (HoldReason::Merchant
            | HoldReason::PaymentReview
            | HoldReason::CustomerCare
            | HoldReason::NeedsCustomerAction),
        ) => return Err(CancelRejection::OrderOnHold { reason }),
    }
    // R7: restrictions.
    if order.flags.cancellation_restricted {
        return Err(CancelRejection::CancellationRestricted);
    }
    // R10: captured money, when the policy blocks it.
    if policy.captured_payment == CapturedPayment::Block
        && order.payment.captured > order.payment.refunded
    {
        return Err(CancelRejection::PaymentAlreadyCaptured);
    }
    // R10 (Magento): every open unit invoiced.
    if policy.block_invoiced {
        let open: u64 = order
            .lines
            .iter()
            .map(|l| u64::from(l.quantities.open()))
            .sum();
        let invoiced: u64 = order
            .lines
            .iter()
            .map(|l| u64::from(invoiced_open(&l.quantities)))
            .sum();
        if open > 0 && invoiced >= open {
            return Err(CancelRejection::FullyInvoiced);
        }
    }
    Ok(())
}

/// R2: when the caller is a customer (by initiator, or by naming a customer account),
/// that account must be the order's customer.
fn owner_ok(order: &Order, request: &CancelRequest) -> bool {
    let caller = request.requester.as_ref().and_then(|r| r.customer.as_ref());
    if request.initiator != Initiator::Customer && caller.is_none() {
        return true;
    }
    matches!((caller, &order.customer), (Some(c), Some(o)) if c == o)
}

fn check_reason(reason: &CancelReason) -> Result<(), CancelRejection> {
    if reason.code == ReasonCode::Other && reason.detail.as_deref().is_none_or(str::is_empty) {
        return Err(CancelRejection::ReasonDetailRequired);
    }
    Ok(())
}

/// Open units that are invoiced (only counted under `block_invoiced`): invoiced units
/// cover shipped units first.
fn invoiced_open(b: &Buckets) -> u32 {
    b.invoiced.saturating_sub(b.shipped).min(b.open())
}

/// A return is open on the line.
fn open_return(b: &Buckets) -> bool {
    b.return_requested > b.returned
}

fn named(line: &OrderLine, id_space: Option<Vendor>) -> LineRef {
    match id_space {
        Some(v) => LineRef::new(line.id_at(v)),
        None => line.id.clone(),
    }
}

fn name_in(line: &OrderLine, id_space: Option<Vendor>) -> &str {
    match id_space {
        Some(v) => line.id_at(v),
        None => line.id.as_str(),
    }
}

/// Finds requested lines by name: a scan for small requests, an index for large ones
/// (so a 200-line order with 100 requested lines is not 20 000 comparisons).
enum LineFinder<'o> {
    Scan(&'o Order, Option<Vendor>),
    Index(BTreeMap<&'o str, usize>),
}

impl<'o> LineFinder<'o> {
    fn new(order: &'o Order, id_space: Option<Vendor>, wanted: usize) -> Self {
        if wanted.saturating_mul(order.lines.len()) <= 256 {
            return Self::Scan(order, id_space);
        }
        let mut index = BTreeMap::new();
        for (i, line) in order.lines.iter().enumerate() {
            // The first line with a name wins, as in a scan.
            index.entry(name_in(line, id_space)).or_insert(i);
        }
        Self::Index(index)
    }

    fn find(&self, id: &str) -> Option<usize> {
        match self {
            Self::Scan(order, id_space) => {
                order.lines.iter().position(|l| name_in(l, *id_space) == id)
            }
            Self::Index(index) => index.get(id).copied(),
        }
    }
}

/// R8, R9, R11 for a whole-order cancel.
fn whole_order(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
) -> Result<Draft, Refusal> {
    let id_space = request.id_space;
    // R11
    if order.flags.open_return || order.lines.iter().any(|l| open_return(&l.quantities)) {
        return Err(CancelRejection::ReturnInProgress.into());
    }
    // R8
    let shipped: Vec<LineRef> = order
        .lines
        .iter()
        .filter(|l| l.quantities.shipped > 0)
        .map(|l| named(l, id_space))
        .collect();
    if !shipped.is_empty() {
        return Err(CancelRejection::ItemsAlreadyShipped { lines: shipped }.into());
    }
    // R4: nothing left although the phase says otherwise.
    if order.lines.iter().all(|l| l.quantities.open() == 0) {
        return Err(CancelRejection::OrderAlreadyCancelled.into());
    }
    // R10 (Magento): invoiced units cannot be cancelled, so "the whole order" cannot be.
    if policy.block_invoiced {
        let lines: Vec<LineOutcome> = order
            .lines
            .iter()
            .filter(|l| l.quantities.open() > 0)
            .map(|l| {
                let open = l.quantities.open();
                let invoiced = invoiced_open(&l.quantities);
                LineOutcome {
                    line: named(l, id_space),
                    requested: None,
                    accepted: 0,
                    error: (invoiced > 0).then(|| CancelRejection::QuantityExceedsCancellable {
                        line: named(l, id_space),
                        requested: open,
                        available: open - invoiced,
                    }),
                }
            })
            .collect();
        if let Some(first) = lines.iter().find_map(|l| l.error.clone()) {
            return Err(Refusal {
                rejection: first,
                lines,
            });
        }
    }
    // R9
    let in_fulfillment: Vec<LineRef> = order
        .lines
        .iter()
        .filter(|l| l.quantities.allocated.min(l.quantities.open()) > 0)
        .map(|l| named(l, id_space))
        .collect();
    let kind = match (in_fulfillment.is_empty(), policy.in_fulfillment) {
        (true, _) => PlanKind::Cancel,
        (false, InFulfillment::Request) => PlanKind::Request,
        (false, InFulfillment::Block) => {
            return Err(CancelRejection::FulfillmentInProgress {
                lines: in_fulfillment,
            }
            .into())
        }
    };
    let lines = order
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.quantities.open() > 0)
        .map(|(i, l)| PlannedLine {
            line: named(l, id_space),
            index: Some(i),
            requested: None,
            accepted: l.quantities.open(),
            error: None,
        })
        .collect();
    Ok(Draft { kind, lines })
}

/// The verdict on one requested line: units accepted and whether they need a request.
struct LineVerdict {
    accepted: u32,
    needs_request: bool,
}

/// R11–R17 for one line of a line cancel.
fn check_line(
    line: &OrderLine,
    wanted: &LineCancel,
    policy: &RulesPolicy,
) -> Result<LineVerdict, CancelRejection> {
    let reject_line = || wanted.line.clone();
    // R13: the sender's product and variant must agree with the order.
    let product_differs = matches!((&wanted.product, &line.product), (Some(a), Some(b)) if a != b);
    let variant_differs = matches!((&wanted.variant, &line.variant), (Some(a), Some(b)) if a != b);
    if product_differs || variant_differs {
        return Err(CancelRejection::ItemReferenceMismatch {
            line: reject_line(),
        });
    }
    if let Some(reason) = &wanted.reason {
        check_reason(reason)?;
    }
    let b = &line.quantities;
    // R11 (line level)
    if open_return(b) {
        return Err(CancelRejection::ReturnInProgress);
    }
    let open = b.open();
    if open == 0 {
        // R12 / R8: what is left has shipped (a return, not a cancel); else R17.
        return Err(if b.shipped > 0 {
            CancelRejection::ItemsAlreadyShipped {
                lines: vec![reject_line()],
            }
        } else {
            CancelRejection::ItemAlreadyCancelled {
                line: reject_line(),
            }
        });
    }
    let invoiced = if policy.block_invoiced {
        invoiced_open(b)
    } else {
        0
    };
    let allocated = b.allocated.min(open);
    // Cancellable at once (R9 block + R10 invoiced), and with a request (R9 request).
    let free = open.saturating_sub(allocated).saturating_sub(invoiced);
    let reachable = match policy.in_fulfillment {
        InFulfillment::Block => free,
        InFulfillment::Request => open.saturating_sub(invoiced),
    };
    let requested = wanted.quantity.map(crate::Quantity::get);
    let want = requested.unwrap_or(reachable);
    if want == 0 || want > reachable {
        let blocked_by_fulfillment = policy.in_fulfillment == InFulfillment::Block && allocated > 0;
        return Err(if want > open {
            // R16
            CancelRejection::QuantityExceedsCancellable {
                line: reject_line(),
                requested: want,
                available: reachable,
            }
        } else if blocked_by_fulfillment {
            // R9
            CancelRejection::FulfillmentInProgress {
                lines: vec![reject_line()],
            }
        } else if reachable == 0 {
            // R10 (Magento)
            CancelRejection::FullyInvoiced
        } else {
            CancelRejection::QuantityExceedsCancellable {
                line: reject_line(),
                requested: want,
                available: reachable,
            }
        });
    }
    Ok(LineVerdict {
        accepted: want,
        needs_request: want > free,
    })
}

/// R12–R17 and R21 for a line cancel.
fn some_lines(
    order: &Order,
    request: &CancelRequest,
    wanted: &[LineCancel],
    policy: &RulesPolicy,
) -> Result<Draft, Refusal> {
    let id_space = request.id_space;
    if wanted.is_empty() {
        // R15: nothing to cancel (the canonical JSON already refuses an empty list).
        return Err(CancelRejection::InvalidQuantity {
            line: LineRef::new(""),
            requested: 0,
        }
        .into());
    }
    let finder = LineFinder::new(order, id_space, wanted.len());
    let mut seen = vec![false; order.lines.len()];
    let mut planned = Vec::with_capacity(wanted.len());
    let mut needs_request = false;
    for w in wanted {
        let index = finder.find(w.line.as_str());
        let verdict = match index.and_then(|i| Some((i, order.lines.get(i)?))) {
            // R13
            None => Err(CancelRejection::UnknownOrderItem {
                line: w.line.clone(),
            }),
            Some((i, line)) => match seen.get_mut(i) {
                // R14: the first mention counts, a repeat is refused (never summed).
                Some(true) => Err(CancelRejection::DuplicateOrderItem {
                    line: w.line.clone(),
                }),
                Some(slot) => {
                    *slot = true;
                    check_line(line, w, policy)
                }
                None => Err(CancelRejection::UnknownOrderItem {
                    line: w.line.clone(),
                }),
            },
        };
        let (accepted, error) = match verdict {
            Ok(v) => {
                needs_request |= v.needs_request;
                (v.accepted, None)
            }
            Err(e) => (0, Some(e)),
        };
        planned.push(PlannedLine {
            line: w.line.clone(),
            index,
            requested: w.quantity.map(crate::Quantity::get),
            accepted,
            error,
        });
    }
    let accepted_any = planned.iter().any(|l| l.error.is_none());
    let refuse = match policy.batch {
        BatchMode::Atomic => planned.iter().any(|l| l.error.is_some()),
        BatchMode::BestEffort => !accepted_any,
    };
    if refuse {
        return Err(refusal(planned, policy.batch));
    }
    let kind = if needs_request {
        PlanKind::Request
    } else {
        PlanKind::Cancel
    };
    Ok(Draft {
        kind,
        lines: planned,
    })
}

/// The refusal of a line cancel: every line with `accepted: 0` and its own error.
fn refusal(planned: Vec<PlannedLine>, mode: BatchMode) -> Refusal {
    let is_return =
        |l: &PlannedLine| matches!(l.error, Some(CancelRejection::ItemsAlreadyShipped { .. }));
    let returns: Vec<LineRef> = planned
        .iter()
        .filter(|l| is_return(l))
        .map(|l| l.line.clone())
        .collect();
    let cancellable = planned.iter().any(|l| l.error.is_none());
    let first = planned.iter().find_map(|l| l.error.clone());
    let rejection = match first {
        // R12: an atomic request that is part cancel, part return.
        _ if mode == BatchMode::Atomic && !returns.is_empty() && cancellable => {
            CancelRejection::MixedCancelAndReturn
        }
        Some(CancelRejection::ItemsAlreadyShipped { .. }) => {
            CancelRejection::ItemsAlreadyShipped { lines: returns }
        }
        Some(first) => first,
        // Unreachable in practice (a refusal has an error); keep a truthful answer.
        None => CancelRejection::ConcurrentModification,
    };
    let lines = planned
        .into_iter()
        .map(|l| LineOutcome {
            line: l.line,
            requested: l.requested,
            accepted: 0,
            error: l.error,
        })
        .collect();
    Refusal { rejection, lines }
}

/// R20 and R22: the phase after the cancel and the money instructions.
fn finish(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
    draft: Draft,
    now: DateTime<Utc>,
) -> CancelPlan {
    let Draft { kind, lines } = draft;
    let (phase, ends_cancelled, money) = match kind {
        PlanKind::Request => (
            OrderPhase::CancellationRequested,
            false,
            MoneyEffects::default(),
        ),
        PlanKind::Cancel => {
            let open: u64 = order
                .lines
                .iter()
                .map(|l| u64::from(l.quantities.open()))
                .sum();
            let accepted: u64 = lines.iter().map(|l| u64::from(l.accepted)).sum();
            let nothing_shipped = order.lines.iter().all(|l| l.quantities.shipped == 0);
            let ends_cancelled = accepted >= open && nothing_shipped;
            let phase = if ends_cancelled {
                OrderPhase::Cancelled
            } else {
                order.phase
            };
            let money = money_effects(order, request, policy, &lines, ends_cancelled);
            (phase, ends_cancelled, money)
        }
    };
    CancelPlan {
        order: order.id.clone(),
        requested_as: request.order.clone(),
        id_space: request.id_space,
        base_version: order.version,
        whole_order: request.is_whole_order(),
        mode: policy.batch,
        kind,
        lines,
        phase,
        ends_cancelled,
        money,
        evaluated_at: now,
    }
}

/// R10 / R22: void the authorization first, then refund the captured share; never more
/// than captured minus refunded. A cancel that ends the order voids and refunds
/// everything left and refunds the shipping fee; a partial cancel moves the cancelled
/// units' value (`unit_price × units`, lines without a price count 0) and no shipping.
fn money_effects(
    order: &Order,
    request: &CancelRequest,
    policy: &RulesPolicy,
    lines: &[PlannedLine],
    ends_cancelled: bool,
) -> MoneyEffects {
    let payment = &order.payment;
    let authorized = payment.authorized.max(Decimal::ZERO);
    let refundable = payment
        .captured
        .checked_sub(payment.refunded)
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let refundable = match policy.captured_payment {
        CapturedPayment::RefundRequired => refundable,
        CapturedPayment::Block => Decimal::ZERO,
    };
    let (void, computed_refund) = if ends_cancelled {
        (authorized, refundable)
    } else {
        let value = lines
            .iter()
            .filter_map(|pl| {
                let price = pl
                    .index
                    .and_then(|i| order.lines.get(i))
                    .and_then(|l| l.unit_price)?;
                price.checked_mul(Decimal::from(pl.accepted))
            })
            .try_fold(Decimal::ZERO, Decimal::checked_add)
            .unwrap_or(Decimal::MAX)
            .max(Decimal::ZERO);
        let void = value.min(authorized);
        (void, (value - void).min(refundable))
    };
    let refund = match request
        .refund
        .as_ref()
        .and_then(|r| r.forced_amount.as_ref())
    {
        Some(forced) => (*forced.expose()).max(Decimal::ZERO).min(refundable),
        None => computed_refund,
    };
    MoneyEffects {
        void_authorization: void,
        refund,
        cargo_refund: ends_cancelled,
    }
}
