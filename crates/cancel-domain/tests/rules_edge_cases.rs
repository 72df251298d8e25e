//! The edge cases of `docs/state-rules.md` §4 that belong to the core, one named test each
//! (`eNN_` = the case number there), asserting the exact rejection or outcome.
//! Vendor-only cases (8's unit-code mapping, 20, 26, 27, 35's length limits, 36–38, 40)
//! are tested in the vendor crates.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use cancel_domain::{
    json, rules, BatchStatus, CancelRejection, CapturedPayment, CoreDialect, Dialect, ErrorKind,
    HoldReason, LineRef, MoneyEffects, OrderPhase, OutcomeStatus, PayloadKind, ReasonCode,
    RulesPolicy, StockEffect, Vendor,
};
use common::*;
use rust_decimal::Decimal;
use serde_json::json;

fn line_ref(id: &str) -> LineRef {
    LineRef::new(id)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

// ---------------------------------------------------------------- quantities

#[test]
fn e01_quantity_beyond_the_open_remainder_is_refused_with_what_is_available() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":3,"shipped":1,"cancelled":1}}]}));
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(2))]), &atomic()),
        CancelRejection::QuantityExceedsCancellable {
            line: line_ref("L1"),
            requested: 2,
            available: 1
        }
    );
    // The one open unit can go.
    let applied = cancel(&o, &lines("1", &[("L1", Some(1))]), &atomic());
    assert_eq!(applied.order.lines[0].quantities.cancelled, 2);
}

#[test]
fn e02_zero_negative_and_overflowing_quantities_never_reach_the_rules() {
    for (quantity, kind) in [
        ("0", ErrorKind::Range),
        ("-1", ErrorKind::Range),
        ("4294967296", ErrorKind::Range),
        ("1.5", ErrorKind::Type),
        ("\"2\"", ErrorKind::Type),
    ] {
        let body = format!(
            r#"{{"order":"1","scope":{{"lines":[{{"line":"L1","quantity":{quantity}}}]}},"reason":{{"code":"changed_mind"}}}}"#
        );
        let err = CoreDialect
            .validate(
                PayloadKind::Request,
                body.as_bytes(),
                &json::Limits::DEFAULT,
            )
            .unwrap_err();
        assert!(
            err.has("scope.lines[0].quantity", kind),
            "{quantity}: {err:?}"
        );
    }
}

#[test]
fn e03_partly_shipped_line_refuses_whole_cancel_but_cancels_its_remainder() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":3,"shipped":1}},
        {"id":"L2","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![line_ref("L1")]
        }
    );
    let applied = cancel(&o, &lines("1", &[("L1", None), ("L2", None)]), &atomic());
    assert_eq!(applied.outcome.status, OutcomeStatus::Cancelled);
    assert_eq!(applied.outcome.lines[0].accepted, 2);
    assert_eq!(applied.order.lines[0].quantities.cancelled, 2);
    assert_eq!(applied.order.phase, OrderPhase::Active);
    assert_eq!(applied.outcome.phase, Some(OrderPhase::Active));
}

#[test]
fn e04_units_in_fulfillment_block_by_default() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":2,"allocated":2}},
        {"id":"L2","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::FulfillmentInProgress {
            lines: vec![line_ref("L1")]
        }
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(1))]), &atomic()),
        CancelRejection::FulfillmentInProgress {
            lines: vec![line_ref("L1")]
        }
    );
    // A partly allocated line: "every cancellable unit" takes only the free ones.
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":5,"allocated":2}}]}));
    let applied = cancel(&o, &lines("1", &[("L1", None)]), &atomic());
    assert_eq!(applied.outcome.lines[0].accepted, 3);
    assert_eq!(applied.order.lines[0].quantities.allocated, 2);
    assert_eq!(applied.order.phase, OrderPhase::Active);
}

#[test]
fn e04_units_in_fulfillment_become_a_cancellation_request_under_policy_request() {
    let o = order(json!({"id":"1","payment":{"captured":"20.00"},"lines":[
        {"id":"L1","unit_price":"10.00","quantities":{"ordered":2,"allocated":2}}]}));
    let applied = cancel(&o, &whole("1"), &request_in_fulfillment());
    assert_eq!(applied.outcome.status, OutcomeStatus::Requested);
    assert_eq!(applied.order.phase, OrderPhase::CancellationRequested);
    assert_eq!(
        applied.outcome.phase,
        Some(OrderPhase::CancellationRequested)
    );
    // Nothing moves until the fulfiller confirms.
    assert_eq!(applied.order.lines, o.lines);
    assert_eq!(applied.order.payment, o.payment);
    assert_eq!(applied.outcome.money, None);
    assert!(applied.outcome.stock.is_empty());
    assert_eq!(applied.outcome.lines[0].accepted, 2);
}

#[test]
fn e05_partial_cancel_of_every_remaining_unit_promotes_to_cancelled_once() {
    let o = order(
        json!({"id":"1","payment":{"authorized":"5.00","captured":"30.00"},"lines":[
        {"id":"L1","unit_price":"10.00","quantities":{"ordered":2,"cancelled":1}},
        {"id":"L2","unit_price":"10.00","quantities":{"ordered":2}}]}),
    );
    let applied = cancel(
        &o,
        &lines("1", &[("L1", Some(1)), ("L2", Some(2))]),
        &atomic(),
    );
    assert_eq!(applied.order.phase, OrderPhase::Cancelled);
    assert_eq!(applied.outcome.status, OutcomeStatus::Cancelled);
    // Whole-cancel effects: everything voided and refunded, shipping fee included.
    assert_eq!(
        applied.outcome.money,
        Some(MoneyEffects {
            void_authorization: dec("5.00"),
            refund: dec("30.00"),
            cargo_refund: true
        })
    );
    // ... exactly once: the order is now closed to further cancels.
    assert_eq!(
        refused(&applied.order, &lines("1", &[("L2", Some(1))]), &atomic()),
        CancelRejection::OrderAlreadyCancelled
    );
}

#[test]
fn e06_remainder_cancel_with_other_lines_shipped_keeps_the_order_active() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":2,"shipped":2}},
        {"id":"L2","quantities":{"ordered":3}}]}));
    let applied = cancel(&o, &lines("1", &[("L2", None)]), &atomic());
    assert_eq!(applied.order.phase, OrderPhase::Active);
    assert_eq!(applied.order.lines[1].quantities.open(), 0);
    assert_eq!(applied.outcome.money, None);
}

#[test]
fn e07_a_plan_for_a_stale_version_or_gone_units_is_refused() {
    let o = order(json!({"id":"1","version":4,"lines":[
        {"id":"L1","quantities":{"ordered":1}},
        {"id":"L2","quantities":{"ordered":1}}]}));
    let first = rules::evaluate(&o, &lines("1", &[("L1", Some(1))]), &atomic(), now()).unwrap();
    let second = rules::evaluate(&o, &lines("1", &[("L1", Some(1))]), &atomic(), now()).unwrap();
    let mut after = rules::apply(&o, &first).unwrap().order;
    // Same version number (the store bumps it), but the unit is gone: never negative.
    assert_eq!(
        rules::apply(&after, &second).unwrap_err(),
        CancelRejection::ConcurrentModification
    );
    after.version = 5;
    assert_eq!(
        rules::apply(&after, &second).unwrap_err(),
        CancelRejection::ConcurrentModification
    );
    // A fresh evaluation of the new version gives the precise answer.
    assert_eq!(
        refused(&after, &lines("1", &[("L1", Some(1))]), &atomic()),
        CancelRejection::ItemAlreadyCancelled {
            line: line_ref("L1")
        }
    );
}

#[test]
fn e08_line_ids_are_read_in_the_request_id_space() {
    let o = order(
        json!({"id":"1","vendor_ids":{"unicommerce":"UC-1"},"lines":[
        {"id":"L1","vendor_ids":{"unicommerce":"OI-9"},"quantities":{"ordered":1}},
        {"id":"L2","quantities":{"ordered":1}}]}),
    );
    let mut r = lines("UC-1", &[("OI-9", None), ("L2", None)]);
    r.id_space = Some(Vendor::Unicommerce);
    let applied = cancel(&o, &r, &atomic());
    // Outcome lines are named as the request named them; stock uses canonical ids.
    assert_eq!(applied.outcome.order.as_str(), "UC-1");
    assert_eq!(applied.outcome.id_space, Some(Vendor::Unicommerce));
    assert_eq!(applied.outcome.lines[0].line, line_ref("OI-9"));
    assert_eq!(applied.outcome.stock[0].line, line_ref("L1"));
    // The canonical name is not a Unicommerce name when a Unicommerce id exists.
    let mut r = lines("UC-1", &[("L1", None)]);
    r.id_space = Some(Vendor::Unicommerce);
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::UnknownOrderItem {
            line: line_ref("L1")
        }
    );
    // And the order must be named in that space too.
    let r = lines("UC-1", &[("L2", None)]);
    assert_eq!(refused(&o, &r, &atomic()), CancelRejection::OrderNotFound);
}

// ---------------------------------------------------------------- repeats and states

#[test]
fn e11_cancelling_a_cancelled_order_is_refused() {
    let o = order(json!({"id":"1","phase":"cancelled","lines":[
        {"id":"L1","quantities":{"ordered":1,"cancelled":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::OrderAlreadyCancelled
    );
    // Every unit cancelled although the phase lags: still already cancelled.
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":1,"cancelled":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::OrderAlreadyCancelled
    );
}

#[test]
fn e12_an_already_cancelled_line_in_a_mixed_request() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":1,"cancelled":1}},
        {"id":"L2","quantities":{"ordered":2}}]}));
    let r = lines("1", &[("L1", Some(1)), ("L2", Some(1))]);
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::ItemAlreadyCancelled {
            line: line_ref("L1")
        }
    );
    let applied = cancel(&o, &r, &best_effort());
    assert_eq!(applied.outcome.status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(applied.outcome.batch_status(), BatchStatus::PartialSuccess);
    assert_eq!(
        applied.outcome.lines[0].error,
        Some(CancelRejection::ItemAlreadyCancelled {
            line: line_ref("L1")
        })
    );
    assert_eq!(applied.outcome.lines[0].accepted, 0);
    assert_eq!(applied.outcome.lines[1].accepted, 1);
    assert_eq!(applied.order.lines[1].quantities.cancelled, 1);
}

#[test]
fn e13_a_second_cancel_while_one_is_requested_is_refused() {
    let o = order(json!({"id":"1","phase":"cancellation_requested","lines":[
        {"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::CancellationAlreadyRequested
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", None)]), &request_in_fulfillment()),
        CancelRejection::CancellationAlreadyRequested
    );
}

#[test]
fn e14_a_draft_was_never_placed() {
    let o =
        order(json!({"id":"1","phase":"draft","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::OrderNotPlaced
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", None)]), &atomic()),
        CancelRejection::OrderNotPlaced
    );
}

#[test]
fn e15_awaiting_confirmation_cancels_by_voiding_the_authorization() {
    let o = order(json!({"id":"1","phase":"awaiting_confirmation",
        "payment":{"authorized":"59.90"},"lines":[
        {"id":"L1","unit_price":"29.95","quantities":{"ordered":2}}]}));
    let applied = cancel(&o, &whole("1"), &atomic());
    assert_eq!(applied.order.phase, OrderPhase::Cancelled);
    assert_eq!(
        applied.outcome.money,
        Some(MoneyEffects {
            void_authorization: dec("59.90"),
            refund: Decimal::ZERO,
            cargo_refund: true
        })
    );
    assert_eq!(applied.order.payment.authorized, Decimal::ZERO);
    assert_eq!(applied.order.payment.refunded, Decimal::ZERO);
}

#[test]
fn e16_closed_and_failed_orders_are_not_cancellable() {
    for phase in [OrderPhase::Closed, OrderPhase::Failed] {
        let o =
            order(json!({"id":"1","phase":phase,"lines":[{"id":"L1","quantities":{"ordered":1}}]}));
        assert_eq!(
            refused(&o, &whole("1"), &atomic()),
            CancelRejection::OrderNotCancellable { phase }
        );
    }
}

#[test]
fn e17_shipped_units_are_a_return_not_a_cancel() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":2,"shipped":2}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![line_ref("L1")]
        }
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(1))]), &atomic()),
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![line_ref("L1")]
        }
    );
}

#[test]
fn e18_holds_block_except_cancellable_review_holds() {
    for reason in [
        HoldReason::Merchant,
        HoldReason::PaymentReview,
        HoldReason::CustomerCare,
        HoldReason::NeedsCustomerAction,
    ] {
        let o = order(json!({"id":"1","flags":{"hold":reason},"lines":[
            {"id":"L1","quantities":{"ordered":1}}]}));
        assert_eq!(
            refused(&o, &whole("1"), &atomic()),
            CancelRejection::OrderOnHold { reason }
        );
    }
    let o = order(json!({"id":"1","phase":"awaiting_confirmation",
        "flags":{"hold":"review_cancellable"},"lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        cancel(&o, &whole("1"), &atomic()).order.phase,
        OrderPhase::Cancelled
    );
}

#[test]
fn e19_restricted_orders_are_refused() {
    let o = order(
        json!({"id":"1","flags":{"cancellation_restricted":true},"lines":[
        {"id":"L1","quantities":{"ordered":1}}]}),
    );
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::CancellationRestricted
    );
}

// ---------------------------------------------------------------- requests

#[test]
fn e21_one_request_never_mixes_cancel_and_return() {
    let o = order(json!({"id":"1","lines":[
        {"id":"A","quantities":{"ordered":1,"shipped":1}},
        {"id":"B","quantities":{"ordered":1}}]}));
    let r = lines("1", &[("A", None), ("B", None)]);
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::MixedCancelAndReturn
    );
    let refusal = rules::assess(&o, &r, &atomic(), now()).unwrap_err();
    assert_eq!(
        refusal.lines[0].error,
        Some(CancelRejection::ItemsAlreadyShipped {
            lines: vec![line_ref("A")]
        })
    );
    assert_eq!(refusal.lines[1].error, None);
    assert_eq!(refusal.lines[1].accepted, 0);
    // Best effort (Unicommerce): the shipped line is refused, the open one cancelled.
    let applied = cancel(&o, &r, &best_effort());
    assert_eq!(applied.outcome.status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(applied.outcome.lines[1].accepted, 1);
}

#[test]
fn e22_an_open_return_blocks_the_order_or_the_line() {
    let o = order(json!({"id":"1","flags":{"open_return":true},"lines":[
        {"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::ReturnInProgress
    );
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":3,"shipped":1,"return_requested":1}},
        {"id":"L2","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &atomic()),
        CancelRejection::ReturnInProgress
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(1))]), &atomic()),
        CancelRejection::ReturnInProgress
    );
    // Another line of the same order is fine.
    assert_eq!(
        cancel(&o, &lines("1", &[("L2", None)]), &atomic())
            .outcome
            .lines[0]
            .accepted,
        1
    );
}

#[test]
fn e23_a_line_twice_in_one_request_is_never_summed() {
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    let r = lines("1", &[("L1", Some(1)), ("L1", Some(1))]);
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::DuplicateOrderItem {
            line: line_ref("L1")
        }
    );
    let applied = cancel(&o, &r, &best_effort());
    assert_eq!(applied.outcome.lines[0].accepted, 1);
    assert_eq!(
        applied.outcome.lines[1].error,
        Some(CancelRejection::DuplicateOrderItem {
            line: line_ref("L1")
        })
    );
    assert_eq!(applied.order.lines[0].quantities.cancelled, 1);
}

#[test]
fn e24_unknown_lines_and_lines_of_other_orders_are_refused() {
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &lines("1", &[("L9", None)]), &atomic()),
        CancelRejection::UnknownOrderItem {
            line: line_ref("L9")
        }
    );
    // The request names another order: this one is not it.
    assert_eq!(
        refused(&o, &lines("2", &[("L1", None)]), &atomic()),
        CancelRejection::OrderNotFound
    );
}

#[test]
fn e25_lines_are_addressed_by_id_and_references_must_agree() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","product":"P1","variant":"SKU-RED","quantities":{"ordered":1}},
        {"id":"L2","product":"P1","variant":"SKU-RED","quantities":{"ordered":1}}]}));
    // Same SKU on two lines: only the named line moves.
    let applied = cancel(&o, &lines("1", &[("L2", None)]), &atomic());
    assert_eq!(applied.order.lines[0].quantities.cancelled, 0);
    assert_eq!(applied.order.lines[1].quantities.cancelled, 1);
    // A product or variant that disagrees with the line is refused.
    let mut r = lines("1", &[("L1", None)]);
    if let cancel_domain::CancelScope::Lines { lines } = &mut r.scope {
        lines[0].variant = Some("SKU-BLUE".into());
    }
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::ItemReferenceMismatch {
            line: line_ref("L1")
        }
    );
    if let cancel_domain::CancelScope::Lines { lines } = &mut r.scope {
        lines[0].variant = Some("SKU-RED".into());
        lines[0].product = Some("P2".into());
    }
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::ItemReferenceMismatch {
            line: line_ref("L1")
        }
    );
}

#[test]
fn e28_an_empty_line_list_cancels_nothing() {
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    assert_eq!(
        refused(&o, &lines("1", &[]), &best_effort()),
        CancelRejection::InvalidQuantity {
            line: line_ref(""),
            requested: 0
        }
    );
    let err = CoreDialect
        .validate(
            PayloadKind::Request,
            br#"{"order":"1","scope":{"lines":[]},"reason":{"code":"changed_mind"}}"#,
            &json::Limits::DEFAULT,
        )
        .unwrap_err();
    assert!(err.has("scope.lines", ErrorKind::Range), "{err:?}");
}

// ---------------------------------------------------------------- money and effects

#[test]
fn e29_captured_payment_refunds_the_cancelled_share_or_blocks() {
    let o = order(json!({"id":"1","payment":{"captured":"100.00"},"lines":[
        {"id":"L1","unit_price":"25.00","quantities":{"ordered":2}},
        {"id":"L2","unit_price":"50.00","quantities":{"ordered":1}}]}));
    let applied = cancel(&o, &lines("1", &[("L1", Some(1))]), &atomic());
    assert_eq!(
        applied.outcome.money,
        Some(MoneyEffects {
            void_authorization: Decimal::ZERO,
            refund: dec("25.00"),
            cargo_refund: false
        })
    );
    assert_eq!(applied.order.payment.refunded, dec("25.00"));
    let block = RulesPolicy {
        captured_payment: CapturedPayment::Block,
        ..RulesPolicy::default()
    };
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(1))]), &block),
        CancelRejection::PaymentAlreadyCaptured
    );
    // Fully refunded already: nothing captured is at stake any more.
    let o2 = order(
        json!({"id":"1","payment":{"captured":"10.00","refunded":"10.00"},"lines":[
        {"id":"L1","quantities":{"ordered":1}}]}),
    );
    assert_eq!(
        cancel(&o2, &whole("1"), &block).order.phase,
        OrderPhase::Cancelled
    );
}

#[test]
fn e30_fully_invoiced_orders_under_block_invoiced() {
    let policy = RulesPolicy {
        block_invoiced: true,
        ..RulesPolicy::default()
    };
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":2,"invoiced":2}},
        {"id":"L2","quantities":{"ordered":1,"invoiced":1}}]}));
    assert_eq!(
        refused(&o, &whole("1"), &policy),
        CancelRejection::FullyInvoiced
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(1))]), &policy),
        CancelRejection::FullyInvoiced
    );
    // Without the switch, invoices do not block.
    assert_eq!(
        cancel(&o, &whole("1"), &atomic()).order.phase,
        OrderPhase::Cancelled
    );
    // Partly invoiced: only the un-invoiced units can go.
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":3,"invoiced":1}},
        {"id":"L2","quantities":{"ordered":1,"invoiced":1}}]}));
    assert_eq!(
        refused(&o, &lines("1", &[("L1", Some(3))]), &policy),
        CancelRejection::QuantityExceedsCancellable {
            line: line_ref("L1"),
            requested: 3,
            available: 2
        }
    );
    assert_eq!(
        refused(&o, &lines("1", &[("L2", None)]), &policy),
        CancelRejection::FullyInvoiced
    );
    assert_eq!(
        refused(&o, &whole("1"), &policy),
        CancelRejection::QuantityExceedsCancellable {
            line: line_ref("L1"),
            requested: 3,
            available: 2
        }
    );
    assert_eq!(
        cancel(&o, &lines("1", &[("L1", None)]), &policy)
            .outcome
            .lines[0]
            .accepted,
        2
    );
}

#[test]
fn e31_an_authorization_is_voided_never_refunded() {
    let o = order(json!({"id":"1","payment":{"authorized":"80.00"},"lines":[
        {"id":"L1","unit_price":"20.00","quantities":{"ordered":4}}]}));
    let applied = cancel(&o, &lines("1", &[("L1", Some(1))]), &atomic());
    assert_eq!(
        applied.outcome.money,
        Some(MoneyEffects {
            void_authorization: dec("20.00"),
            refund: Decimal::ZERO,
            cargo_refund: false
        })
    );
    assert_eq!(applied.order.payment.authorized, dec("60.00"));
    // Authorization and capture together: void first, refund the rest.
    let o = order(
        json!({"id":"1","payment":{"authorized":"10.00","captured":"70.00"},"lines":[
        {"id":"L1","unit_price":"20.00","quantities":{"ordered":4}}]}),
    );
    let money = cancel(&o, &lines("1", &[("L1", Some(2))]), &atomic())
        .outcome
        .money;
    assert_eq!(
        money,
        Some(MoneyEffects {
            void_authorization: dec("10.00"),
            refund: dec("30.00"),
            cargo_refund: false
        })
    );
}

#[test]
fn e32_shipping_fee_is_refunded_only_when_the_order_ends_cancelled() {
    let base = json!({"id":"1","payment":{"captured":"45.00"},"lines":[
        {"id":"L1","unit_price":"20.00","quantities":{"ordered":1}},
        {"id":"L2","unit_price":"20.00","quantities":{"ordered":1}}]});
    // Partial: the units' share, no shipping (not split per item).
    let o = order(base.clone());
    let partial = cancel(&o, &lines("1", &[("L1", None)]), &atomic());
    assert_eq!(
        partial.outcome.money,
        Some(MoneyEffects {
            void_authorization: Decimal::ZERO,
            refund: dec("20.00"),
            cargo_refund: false
        })
    );
    // Promotion to whole: the rest of the capture, shipping included, once.
    let promoted = cancel(&partial.order, &lines("1", &[("L2", None)]), &atomic());
    assert_eq!(promoted.order.phase, OrderPhase::Cancelled);
    assert_eq!(
        promoted.outcome.money,
        Some(MoneyEffects {
            void_authorization: Decimal::ZERO,
            refund: dec("25.00"),
            cargo_refund: true
        })
    );
    // Whole at once: the same total.
    let whole_cancel = cancel(&o, &whole("1"), &atomic());
    assert_eq!(
        whole_cancel.outcome.money,
        Some(MoneyEffects {
            void_authorization: Decimal::ZERO,
            refund: dec("45.00"),
            cargo_refund: true
        })
    );
    assert_eq!(
        promoted.order.payment.refunded,
        whole_cancel.order.payment.refunded
    );
}

#[test]
fn e33_refunds_never_exceed_captured_minus_refunded() {
    let o = order(
        json!({"id":"1","payment":{"captured":"100.00","refunded":"80.00"},"lines":[
        {"id":"L1","unit_price":"50.00","quantities":{"ordered":2}}]}),
    );
    let applied = cancel(&o, &lines("1", &[("L1", Some(1))]), &atomic());
    assert_eq!(applied.outcome.money.unwrap().refund, dec("20.00"));
    assert_eq!(applied.order.payment.refunded, dec("100.00"));
    // Nothing left to refund for the next unit (it still cancels).
    let next = cancel(&applied.order, &lines("1", &[("L1", Some(1))]), &atomic());
    assert_eq!(next.order.payment.refunded, dec("100.00"));
    assert_eq!(next.outcome.money.unwrap().refund, Decimal::ZERO);
    // A forced amount is honoured, but capped the same way.
    let mut r = lines("1", &[("L1", Some(1))]);
    r.refund = Some(cancel_domain::RefundInstructions {
        forced_amount: Some(dec("999").into()),
        ..Default::default()
    });
    assert_eq!(
        cancel(&o, &r, &atomic()).outcome.money.unwrap().refund,
        dec("20.00")
    );
}

#[test]
fn e34_only_unshipped_cancelled_units_are_restocked() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":5,"shipped":2,"delivered":1}},
        {"id":"L2","quantities":{"ordered":2,"cancelled":1}}]}));
    let applied = cancel(&o, &lines("1", &[("L1", None), ("L2", None)]), &atomic());
    assert_eq!(
        applied.outcome.stock,
        vec![
            StockEffect {
                line: line_ref("L1"),
                released: 0,
                restocked: 3
            },
            StockEffect {
                line: line_ref("L2"),
                released: 0,
                restocked: 1
            },
        ]
    );
    assert_eq!(applied.order.lines[0].quantities.shipped, 2);
    assert!(applied
        .order
        .lines
        .iter()
        .all(|l| l.quantities.is_consistent()));
}

// ---------------------------------------------------------------- reasons, owner, replies

#[test]
fn e35_other_needs_a_detail() {
    let o = order(json!({"id":"1","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    let mut r = whole("1");
    r.reason = cancel_domain::CancelReason::new(ReasonCode::Other);
    assert_eq!(
        refused(&o, &r, &atomic()),
        CancelRejection::ReasonDetailRequired
    );
    r.reason.detail = Some("gift no longer needed".to_owned());
    assert_eq!(cancel(&o, &r, &atomic()).order.phase, OrderPhase::Cancelled);
}

#[test]
fn r02_a_customer_may_only_cancel_their_own_order_when_checked() {
    let o =
        order(json!({"id":"1","customer":"c-1","lines":[{"id":"L1","quantities":{"ordered":1}}]}));
    let policy = RulesPolicy {
        check_owner: true,
        ..RulesPolicy::default()
    };
    let mut r = whole("1");
    r.initiator = cancel_domain::Initiator::Customer;
    assert_eq!(refused(&o, &r, &policy), CancelRejection::NotOrderOwner);
    r.requester = Some(cancel_domain::Requester {
        customer: Some("c-2".into()),
        ..Default::default()
    });
    assert_eq!(refused(&o, &r, &policy), CancelRejection::NotOrderOwner);
    r.requester = Some(cancel_domain::Requester {
        customer: Some("c-1".into()),
        ..Default::default()
    });
    assert_eq!(cancel(&o, &r, &policy).order.phase, OrderPhase::Cancelled);
    // Merchants are not owners, and the switch is off by default.
    let mut m = whole("1");
    m.initiator = cancel_domain::Initiator::Merchant;
    assert!(rules::evaluate(&o, &m, &policy, now()).is_ok());
    let mut c = whole("1");
    c.initiator = cancel_domain::Initiator::Customer;
    assert!(rules::evaluate(&o, &c, &atomic(), now()).is_ok());
}

#[test]
fn e39_batch_status_follows_the_lines() {
    let o = order(json!({"id":"1","lines":[
        {"id":"L1","quantities":{"ordered":1}},
        {"id":"L2","quantities":{"ordered":1,"cancelled":1}}]}));
    let all = cancel(&o, &lines("1", &[("L1", None)]), &best_effort());
    assert_eq!(all.outcome.batch_status(), BatchStatus::Success);
    let some = cancel(
        &o,
        &lines("1", &[("L1", None), ("L2", None)]),
        &best_effort(),
    );
    assert_eq!(some.outcome.batch_status(), BatchStatus::PartialSuccess);
    let none = rules::assess(
        &o,
        &lines("1", &[("L2", None), ("L9", None)]),
        &best_effort(),
        now(),
    )
    .unwrap_err()
    .into_outcome(&lines("1", &[("L2", None), ("L9", None)]));
    assert_eq!(none.status, OutcomeStatus::Rejected);
    assert_eq!(none.batch_status(), BatchStatus::Failed);
    assert_eq!(
        none.rejection,
        Some(CancelRejection::ItemAlreadyCancelled {
            line: line_ref("L2")
        })
    );
    assert_eq!(
        json_of(&none)["lines"],
        json!([
            {"line":"L2","accepted":0,"error":{"code":"item_already_cancelled","line":"L2"}},
            {"line":"L9","accepted":0,"error":{"code":"unknown_order_item","line":"L9"}}
        ])
    );
}

#[test]
fn evaluate_is_pure_and_apply_leaves_the_input_untouched() {
    let o = order(json!({"id":"1","payment":{"captured":"10.00"},"lines":[
        {"id":"L1","unit_price":"5.00","quantities":{"ordered":2}}]}));
    let r = lines("1", &[("L1", Some(1))]);
    let a = rules::evaluate(&o, &r, &atomic(), now()).unwrap();
    let b = rules::evaluate(&o, &r, &atomic(), now()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.evaluated_at, now());
    let before = o.clone();
    let applied = rules::apply(&o, &a).unwrap();
    assert_eq!(o, before);
    assert_eq!(applied.order.version, o.version);
    // The full outcome, exactly.
    assert_eq!(
        json_of(&applied.outcome),
        json!({
            "order":"1","status":"cancelled","phase":"active",
            "lines":[{"line":"L1","requested":1,"accepted":1}],
            "money":{"refund":"5.00"},
            "stock":[{"line":"L1","released":0,"restocked":1}]
        })
    );
}

#[test]
fn large_requests_resolve_lines_like_small_ones() {
    // 40 lines, 12 requested (past the scan threshold): vendor ids, canonical fallbacks,
    // an unknown line and a repeat all get the same answers as in a small request.
    let lines_json: Vec<_> = (0..40)
        .map(|i| {
            if i % 2 == 0 {
                json!({"id":format!("L{i}"),"vendor_ids":{"unicommerce":format!("OI-{i}")},"quantities":{"ordered":2}})
            } else {
                json!({"id":format!("L{i}"),"quantities":{"ordered":2}})
            }
        })
        .collect();
    let o = order(json!({"id":"1","vendor_ids":{"unicommerce":"UC-1"},"lines":lines_json}));
    let mut wanted: Vec<(String, Option<u32>)> = (0..10)
        .map(|i| {
            let i = 39 - 4 * i; // odd lines, far apart, in reverse order
            (format!("L{i}"), Some(1))
        })
        .collect();
    wanted[0] = ("OI-38".to_owned(), None); // an even line by its Unicommerce id
    wanted.push(("L38".to_owned(), None)); // canonical name of a line with a vendor id
    wanted.push(("L3".to_owned(), Some(1))); // a repeat (L3 is in the list already)
    let names: Vec<(&str, Option<u32>)> = wanted.iter().map(|(n, q)| (n.as_str(), *q)).collect();
    let mut r = lines("UC-1", &names);
    r.id_space = Some(Vendor::Unicommerce);
    let applied = cancel(&o, &r, &best_effort());
    let out = &applied.outcome.lines;
    assert_eq!(out.len(), 12);
    assert_eq!(out[0].accepted, 2);
    assert!(out[1..10]
        .iter()
        .all(|l| l.accepted == 1 && l.error.is_none()));
    assert_eq!(
        out[10].error,
        Some(CancelRejection::UnknownOrderItem {
            line: line_ref("L38")
        })
    );
    assert_eq!(
        out[11].error,
        Some(CancelRejection::DuplicateOrderItem {
            line: line_ref("L3")
        })
    );
    assert_eq!(applied.order.lines[38].quantities.cancelled, 2);
    assert_eq!(applied.order.lines[3].quantities.cancelled, 1);
    assert_eq!(applied.order.lines[1].quantities.cancelled, 0);
}
