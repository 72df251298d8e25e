//! Translation rules: reasons both ways, scope, payment data, ids, responses from the core,
//! error codes both ways, states.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use cancel_domain::{
    json::Limits, CancelOutcome, CancelReason, CancelRejection, CancelRequest, HoldReason,
    LineCancel, LineRef, MoneyEffects, Order, OrderPhase, OutcomeStatus, Policy, ReasonCode,
    ReasonOrigin, RefundInstructions, ReportAction, Sensitive, Supply, TranslateContext,
    TranslateError, Vendor,
};
use cancel_occ::state::order_state;
use cancel_occ::wire::OrderState;
use cancel_occ::{OccDialect, OccPolicy};
use serde_json::json;

fn core_order(value: serde_json::Value) -> Order {
    serde_json::from_value(value).unwrap()
}

fn open_order() -> Order {
    core_order(json!({
        "id": "1001",
        "vendor_ids": {"occ": "o30413"},
        "phase": "active",
        "placed_at": "2017-11-27T11:29:31Z",
        "currency": "USD",
        "lines": [
            {"id": "L1", "vendor_ids": {"occ": "ci1"}, "product": "Product_1", "variant": "Sku_1",
             "unit_price": "28.99", "quantities": {"ordered": 2}},
            {"id": "L2", "vendor_ids": {"occ": "ci2"}, "quantities": {"ordered": 3, "cancelled": 1}}
        ]
    }))
}

fn reason(code: ReasonCode) -> CancelReason {
    CancelReason::new(code)
}

#[test]
fn every_canonical_code_goes_out_per_the_table() {
    // docs/state-rules.md §3.2: (code, OCC key, approximated?)
    let table = [
        (ReasonCode::ChangedMind, "changeOfMind", false),
        (
            ReasonCode::BetterPriceElsewhere,
            "betterCompetitorPrice",
            false,
        ),
        (ReasonCode::ProductConcern, "badProductReview", false),
        (ReasonCode::OrderedByMistake, "changeOfMind", true),
        (
            ReasonCode::DeliveryConcern,
            "noUpdateOnShipmentStatus",
            false,
        ),
        (ReasonCode::PaymentIssue, "paymentNotReceived", false),
        (ReasonCode::Fraud, "cannotProcessOrder", true),
        (ReasonCode::OutOfStock, "cannotProcessOrder", true),
        (ReasonCode::CannotFulfill, "cannotProcessOrder", false),
        (ReasonCode::StaffError, "cannotProcessOrder", true),
        (ReasonCode::NotCollected, "noLongerNeeded", true),
    ];
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (code, key, approximate) in table {
        let request = CancelRequest::whole_order("o1", reason(code));
        let out = cancel_occ::request_from_core(&request, &ctx).unwrap();
        assert_eq!(out.value.cancel_reason.as_str(), key, "{code}");
        let approximations: Vec<_> = out.report.with_action(ReportAction::Approximated).collect();
        assert_eq!(
            approximations.len(),
            usize::from(approximate),
            "{code}: {}",
            out.report
        );
        if approximate {
            assert_eq!(
                approximations[0].from.as_deref(),
                Some(code.to_string().as_str())
            );
            assert_eq!(approximations[0].to.as_deref(), Some(key));
        }
        // And back in: the default keys read as the table of §3.1.
        let back = cancel_occ::request_to_core(&out.value, &ctx).unwrap().value;
        assert_eq!(back.reason.origin_at(Vendor::Occ), Some(key));
    }
}

#[test]
fn a_missing_reason_needs_a_default() {
    let request = CancelRequest::whole_order("o1", reason(ReasonCode::Unspecified));
    let policy = Policy::default();
    let err = cancel_occ::request_from_core(&request, &TranslateContext::new(&policy)).unwrap_err();
    match err {
        TranslateError::MissingRequired {
            field,
            target,
            supply,
        } => {
            assert_eq!(field, "cancelReason");
            assert_eq!(target, Vendor::Occ);
            assert_eq!(
                supply,
                Supply::DefaultReason {
                    key: "vendor.occ.cancel_reason".into(),
                    needs: None
                }
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        cancel_occ::request_from_core(
            &CancelRequest::whole_order("o1", reason(ReasonCode::Other)),
            &TranslateContext::new(&policy)
        ),
        Err(TranslateError::NotInPolicy { .. })
    ));

    // translate.default_reason
    let mut policy = Policy::default();
    policy.translate.default_reason = Some(ReasonCode::DeliveryConcern);
    let out = cancel_occ::request_from_core(&request, &TranslateContext::new(&policy)).unwrap();
    assert_eq!(out.value.cancel_reason.as_str(), "noUpdateOnShipmentStatus");
    let d: Vec<_> = out.report.with_action(ReportAction::Defaulted).collect();
    assert_eq!(d[0].policy_key.as_deref(), Some("translate.default_reason"));

    // vendor.occ.cancel_reason wins for a missing reason, and never replaces `other`
    let mut policy = Policy::default();
    policy
        .vendor
        .insert(Vendor::Occ, json!({"cancel_reason": "cannotProcessOrder"}));
    let occ = OccDialect::from_policy(&policy).unwrap();
    let ctx = TranslateContext::new(&policy);
    let mut r = reason(ReasonCode::Unspecified);
    r.detail = Some("customer called".to_owned());
    let out = occ
        .request_from_core_unchecked(&CancelRequest::whole_order("o1", r.clone()), &ctx)
        .unwrap();
    assert_eq!(out.value.cancel_reason.as_str(), "cannotProcessOrder");
    let d: Vec<_> = out.report.with_action(ReportAction::Defaulted).collect();
    assert_eq!(d[0].policy_key.as_deref(), Some("vendor.occ.cancel_reason"));
    assert!(out
        .report
        .with_action(ReportAction::Dropped)
        .any(|e| e.source.as_deref() == Some("reason.detail")));
    r.code = ReasonCode::Other;
    let err = occ
        .request_from_core_unchecked(&CancelRequest::whole_order("o1", r), &ctx)
        .unwrap_err();
    assert!(
        matches!(&err, TranslateError::NotInPolicy { key, .. } if key.contains("code = \"other\"")),
        "{err}"
    );
}

#[test]
fn merchant_lists_steer_outbound_reasons() {
    let policy = common::merchant_policy();
    let occ = OccDialect::from_policy(&policy).unwrap();
    let ctx = TranslateContext::new(&policy);
    // A merchant entry with the code wins over the default key.
    let out = occ
        .request_from_core_unchecked(
            &CancelRequest::whole_order("o1", reason(ReasonCode::OrderedByMistake)),
            &ctx,
        )
        .unwrap();
    assert_eq!(out.value.cancel_reason.as_str(), "100001");
    assert!(out.report.is_clean(), "{}", out.report);
    // A default key the merchant list lacks is not sent, and the default for a missing
    // reason does not stand in for a reason given: the list needs an entry.
    let err = occ
        .request_from_core_unchecked(
            &CancelRequest::whole_order("o1", reason(ReasonCode::PaymentIssue)),
            &ctx,
        )
        .unwrap_err();
    assert!(
        matches!(&err, TranslateError::NotInPolicy { given, .. } if given.contains("payment_issue")),
        "{err}"
    );
    // Another vendor's origin is not an OCC value.
    let mut r = reason(ReasonCode::ChangedMind);
    r.origin = Some(ReasonOrigin {
        vendor: Vendor::Mozu,
        value: "customer_changed_mind".to_owned(),
    });
    let out = occ
        .request_from_core_unchecked(&CancelRequest::whole_order("o1", r), &ctx)
        .unwrap();
    assert_eq!(out.value.cancel_reason.as_str(), "NewCancelReason");

    // The policy is checked when read.
    let mut bad = Policy::default();
    bad.vendor.insert(Vendor::Occ, json!({"cancel_reason": "legacyReason", "reasons": [{"id": "legacyReason", "active": false}]}));
    assert!(OccDialect::from_policy(&bad).is_err());
    let mut bad = Policy::default();
    bad.vendor
        .insert(Vendor::Occ, json!({"cancel_reasons": "x"}));
    assert!(OccDialect::from_policy(&bad).is_err());
    let mut bad = Policy::default();
    bad.vendor
        .insert(Vendor::Occ, json!({"reasons": [{"id": "a"}, {"id": "a"}]}));
    assert!(OccDialect::from_policy(&bad).is_err());
    assert!(OccDialect::from_occ_policy(OccPolicy::default()).is_ok());
}

#[test]
fn partial_cancels_are_refused_unless_they_are_the_whole_order() {
    let order = open_order();
    let lines = vec![
        LineCancel::new("L1", None),
        LineCancel::new("L2", cancel_domain::Quantity::new(2)),
    ];
    let request = CancelRequest::lines("1001", lines.clone(), reason(ReasonCode::ChangedMind));
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    assert!(matches!(
        cancel_occ::request_from_core(&request, &ctx),
        Err(TranslateError::PartialNotSupported {
            target: Vendor::Occ
        })
    ));
    let mut policy = Policy::default();
    policy.translate.whole_from_complete_lines = true;
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let out = cancel_occ::request_from_core(&request, &ctx).unwrap();
    assert_eq!(out.value.order_id, "o30413", "the order's OCC id");
    let a: Vec<_> = out.report.with_action(ReportAction::Approximated).collect();
    assert_eq!(
        (a[0].from.as_deref(), a[0].to.as_deref()),
        (Some("lines"), Some("whole_order"))
    );
    // One unit short of the remainder: still refused.
    let short = CancelRequest::lines(
        "1001",
        vec![
            LineCancel::new("L1", None),
            LineCancel::new("L2", cancel_domain::Quantity::new(1)),
        ],
        reason(ReasonCode::ChangedMind),
    );
    assert!(matches!(
        cancel_occ::request_from_core(&short, &ctx),
        Err(TranslateError::PartialNotSupported { .. })
    ));
    // Without the order nothing is proven.
    let ctx = TranslateContext::new(&policy);
    assert!(matches!(
        cancel_occ::request_from_core(&request, &ctx),
        Err(TranslateError::PartialNotSupported { .. })
    ));
}

#[test]
fn payment_data_is_never_dropped_silently() {
    let mut request = CancelRequest::whole_order("o1", reason(ReasonCode::ChangedMind));
    let mut refund = RefundInstructions::default();
    refund.ibans.insert(
        LineRef::new("L1"),
        Sensitive::new("TR330006100519786457841326".to_owned()),
    );
    request.refund = Some(refund);
    let policy = Policy::default();
    let err = cancel_occ::request_from_core(&request, &TranslateContext::new(&policy)).unwrap_err();
    assert!(matches!(
        err,
        TranslateError::PaymentDataWouldBeDropped {
            target: Vendor::Occ,
            ..
        }
    ));
    assert!(!err.to_string().contains("TR33"));
    let mut policy = Policy::default();
    policy.translate.allow_loss = true;
    let out = cancel_occ::request_from_core(&request, &TranslateContext::new(&policy)).unwrap();
    let report = serde_json::to_string(&out.report).unwrap();
    assert!(report.contains("refund.ibans") && !report.contains("TR33"));
}

#[test]
fn foreign_fields_are_reported_dropped() {
    let mut request = CancelRequest::whole_order("o1", reason(ReasonCode::ChangedMind));
    request.initiator = cancel_domain::Initiator::Customer;
    request.idempotency_key = Some(cancel_domain::IdempotencyKey::new("k1"));
    let mut mozu = cancel_domain::wire::KeptMap::new();
    mozu.insert("dispositionOtherReason".to_owned(), json!("x").into());
    request.extensions.insert(Vendor::Mozu, mozu);
    let policy = Policy::default();
    let out = cancel_occ::request_from_core(&request, &TranslateContext::new(&policy)).unwrap();
    let dropped: Vec<_> = out
        .report
        .with_action(ReportAction::Dropped)
        .filter_map(|e| e.source.clone())
        .collect();
    for path in [
        "initiator",
        "idempotency_key",
        "extensions.mozu.dispositionOtherReason",
    ] {
        assert!(dropped.iter().any(|d| d == path), "{path}: {dropped:?}");
    }
    assert!(out.value.other.is_empty());
}

#[test]
fn responses_are_built_from_the_outcome_and_the_order() {
    let order = open_order();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let mut outcome = CancelOutcome::new("1001", OutcomeStatus::Cancelled);
    outcome.phase = Some(OrderPhase::Cancelled);
    outcome.money = Some(MoneyEffects {
        void_authorization: "43.19".parse().unwrap(),
        refund: rust_decimal::Decimal::ZERO,
        cargo_refund: false,
    });
    let out = cancel_occ::response_from_core(&outcome, &ctx).unwrap();
    let bytes = serde_json::to_vec(&out.value).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["result"], "success");
    assert_eq!(v["order"]["orderId"], "o30413");
    assert_eq!(v["order"]["state"], "REMOVED");
    assert_eq!(v["order"]["orderStatus"], "Removed");
    assert_eq!(v["order"]["submittedDate"], "2017-11-27T11:29:31.000Z");
    assert_eq!(v["order"]["payments"][0]["amount"], json!(43.19));
    assert_eq!(
        v["order"]["shoppingCart"]["items"][0]["commerceItemId"],
        "ci1"
    );
    assert_eq!(
        v["order"]["shoppingCart"]["items"][0]["listPrice"],
        json!(28.99)
    );
    assert_eq!(v["order"]["priceInfo"]["currencyCode"], "USD");
    let not_produced: Vec<_> = out
        .report
        .entries
        .iter()
        .filter(|e| e.note.starts_with("not produced"))
        .filter_map(|e| e.target.clone())
        .collect();
    for path in [
        "order.shippingGroups",
        "order.priceListGroup",
        "order.creationTime",
        "order.siteId",
    ] {
        assert!(not_produced.iter().any(|p| p == path), "{path}");
    }
    // What we write, we read back to the same outcome.
    let parsed = cancel_occ::parse_response(&bytes, &Limits::DEFAULT).unwrap();
    let back = cancel_occ::response_to_core(&parsed, &ctx).unwrap().value;
    assert_eq!(back.status, OutcomeStatus::Cancelled);
    assert_eq!(back.order.as_str(), "o30413");
    assert_eq!(back.money, outcome.money);

    let requested = CancelOutcome::new("1001", OutcomeStatus::Requested);
    let out = cancel_occ::response_from_core(&requested, &TranslateContext::new(&policy)).unwrap();
    assert_eq!(
        out.value.order.as_ref().unwrap().state,
        Some(OrderState::PendingRemove)
    );
    for status in [
        OutcomeStatus::Rejected,
        OutcomeStatus::NeedsReview,
        OutcomeStatus::PartiallyCancelled,
    ] {
        let o = CancelOutcome::new("1001", status);
        assert!(matches!(
            cancel_occ::response_from_core(&o, &ctx),
            Err(TranslateError::ChangesMeaning { .. })
        ));
    }
}

#[test]
fn every_rejection_has_an_occ_code_and_status() {
    use CancelRejection as R;
    let line = || LineRef::new("L1");
    let cases = [
        (R::OrderNotFound, "210105", 404),
        (R::NotOrderOwner, "28107", 403),
        (R::OrderNotPlaced, "200101", 400),
        (R::OrderAlreadyCancelled, "200101", 400),
        (R::CancellationAlreadyRequested, "200101", 400),
        (
            R::OrderNotCancellable {
                phase: OrderPhase::Closed,
            },
            "200101",
            400,
        ),
        (
            R::OrderOnHold {
                reason: HoldReason::Merchant,
            },
            "200101",
            400,
        ),
        (R::CancellationRestricted, "200139", 400),
        (
            R::ItemsAlreadyShipped {
                lines: vec![line()],
            },
            "200101",
            400,
        ),
        (
            R::FulfillmentInProgress {
                lines: vec![line()],
            },
            "200101",
            400,
        ),
        (R::PaymentAlreadyCaptured, "200101", 400),
        (R::FullyInvoiced, "200101", 400),
        (R::ReturnInProgress, "200101", 400),
        (R::MixedCancelAndReturn, "200126", 400),
        (R::UnknownOrderItem { line: line() }, "200126", 400),
        (R::ItemReferenceMismatch { line: line() }, "200126", 400),
        (R::DuplicateOrderItem { line: line() }, "200126", 400),
        (
            R::InvalidQuantity {
                line: line(),
                requested: 0,
            },
            "200126",
            400,
        ),
        (
            R::QuantityExceedsCancellable {
                line: line(),
                requested: 3,
                available: 1,
            },
            "200126",
            400,
        ),
        (R::ItemAlreadyCancelled { line: line() }, "200126", 400),
        (
            R::PartialCancelNotSupported {
                vendor: Vendor::Occ,
            },
            "200126",
            400,
        ),
        (R::MissingReason, "200218", 400),
        (R::InvalidReason, "200218", 400),
        (R::ReasonDetailRequired, "200218", 400),
        (R::ReasonTooLong { max: 100 }, "200218", 400),
        (
            R::UnknownVendorState {
                vendor: Vendor::Occ,
                value: "ON_ICE".into(),
            },
            "200101",
            400,
        ),
        (R::ConcurrentModification, "200101", 400),
        (
            R::VendorRefusal {
                vendor: Vendor::Occ,
                vendor_code: Some("28318".into()),
                message: "An internal error occurred.".into(),
            },
            "28318",
            500,
        ),
        (
            R::VendorRefusal {
                vendor: Vendor::Mozu,
                vendor_code: Some("5003".into()),
                message: "no".into(),
            },
            "200101",
            400,
        ),
    ];
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (rejection, code, status) in cases {
        let out = cancel_occ::error_from_core(&rejection, &ctx).unwrap();
        assert_eq!(
            out.value.error_code.as_ref().unwrap().as_str(),
            code,
            "{rejection:?}"
        );
        assert_eq!(
            out.value.status.as_ref().unwrap().as_str(),
            status.to_string(),
            "{rejection:?}"
        );
        assert_eq!(
            cancel_occ::error_status(&rejection),
            status,
            "{rejection:?}"
        );
        assert!(out.value.message.is_some());
        // What we write is a valid errorModel.
        let bytes = serde_json::to_vec(&out.value).unwrap();
        assert!(
            cancel_occ::parse_error(&bytes, &Limits::DEFAULT).is_ok(),
            "{rejection:?}"
        );
    }
}

#[test]
fn code_200101_reads_as_the_class_the_order_shows() {
    let body = cancel_occ::ErrorBody::from_bytes(
        br#"{"errorCode":"200101","message":"Order is not in a state that can be cancelled.","status":"400"}"#,
    );
    let policy = Policy::default();
    let plain = cancel_occ::error_to_core(&body, &TranslateContext::new(&policy)).unwrap();
    assert!(matches!(
        plain.value,
        CancelRejection::VendorRefusal { vendor: Vendor::Occ, vendor_code: Some(ref c), .. } if c == "200101"
    ));
    let cases = [
        (json!("draft"), json!({}), CancelRejection::OrderNotPlaced),
        (
            json!("cancelled"),
            json!({}),
            CancelRejection::OrderAlreadyCancelled,
        ),
        (
            json!("closed"),
            json!({}),
            CancelRejection::OrderNotCancellable {
                phase: OrderPhase::Closed,
            },
        ),
        (
            json!("active"),
            json!({"hold": "merchant"}),
            CancelRejection::OrderOnHold {
                reason: HoldReason::Merchant,
            },
        ),
    ];
    for (phase, flags, expected) in cases {
        let order = core_order(
            json!({"id": "1", "phase": phase, "flags": flags, "lines": [{"id": "L1", "quantities": {"ordered": 1}}]}),
        );
        let got = cancel_occ::error_to_core(
            &body,
            &TranslateContext::new(&policy).with_order(Some(&order)),
        )
        .unwrap();
        assert_eq!(got.value, expected);
        assert_eq!(
            got.report.with_action(ReportAction::Approximated).count(),
            1
        );
    }
    let shipped = core_order(
        json!({"id": "1", "phase": "active", "lines": [{"id": "L1", "quantities": {"ordered": 2, "shipped": 1}}]}),
    );
    let got = cancel_occ::error_to_core(
        &body,
        &TranslateContext::new(&policy).with_order(Some(&shipped)),
    )
    .unwrap();
    assert_eq!(
        got.value,
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![LineRef::new("L1")]
        }
    );
}

#[test]
fn an_inactive_merchant_reason_goes_back_as_200219() {
    let occ = common::merchant_from_list();
    let policy = Policy::default();
    let mut r = reason(ReasonCode::Other);
    r.origin = Some(ReasonOrigin {
        vendor: Vendor::Occ,
        value: "legacyReason".to_owned(),
    });
    let request = CancelRequest::whole_order("o30413", r);
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let out = occ.error_from_core_unchecked(&CancelRejection::InvalidReason, &ctx);
    assert_eq!(out.value.error_code.as_ref().unwrap().as_str(), "200219");
    assert_eq!(
        out.value.message.as_ref().unwrap().as_str(),
        "legacyReason is an inactive reason"
    );
    // Without the request it is the general 200218.
    let out = occ.error_from_core_unchecked(
        &CancelRejection::InvalidReason,
        &TranslateContext::new(&policy),
    );
    assert_eq!(out.value.error_code.as_ref().unwrap().as_str(), "200218");
}

#[test]
fn unplaced_orders_are_refused_with_200101() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut drafts = 0;
    for state in OrderState::KNOWN {
        let reading = order_state(&OrderState::from(*state)).unwrap();
        if reading.phase != OrderPhase::Draft {
            continue;
        }
        drafts += 1;
        let refusal = reading.refusal().unwrap();
        assert_eq!(refusal, CancelRejection::OrderNotPlaced);
        let body = cancel_occ::error_from_core(&refusal, &ctx).unwrap().value;
        assert_eq!(body.error_code.unwrap().as_str(), "200101", "{state}");
    }
    assert_eq!(
        drafts, 9,
        "INCOMPLETE, 4 quote/template states and 4 *_TEMPLATE states"
    );
    // An unknown state is kept and reported, never a panic.
    let unknown = OrderState::from("ON_ICE");
    let err = order_state(&unknown).unwrap_err();
    assert_eq!(
        err,
        CancelRejection::UnknownVendorState {
            vendor: Vendor::Occ,
            value: "ON_ICE".into()
        }
    );
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("ON_ICE"));
}
