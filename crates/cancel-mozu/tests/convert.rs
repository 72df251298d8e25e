//! Translations from the core (and other vendors' shapes) to Kibo: reasons, ids, scope,
//! losses, responses and error bodies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may

use std::collections::BTreeMap;

use cancel_domain::{
    Buckets, CancelOutcome, CancelReason, CancelRejection, CancelRequest, HoldReason, Initiator,
    LineCancel, LineRef, Order, OrderLine, OrderPhase, OrderRef, OutcomeStatus, Policy, Quantity,
    ReasonCode, ReasonOrigin, RefundInstructions, ReportAction, Requester, Sensitive, Supply,
    TranslateContext, TranslateError, TranslationReport, Vendor,
};
use cancel_mozu::error::{ErrorBody, StatusCode};
use cancel_mozu::wire::{CancelOrderRequest, DispositionReason, OrderIdSpelling, OrderState};
use cancel_mozu::{MozuDialect, MozuPolicy};
use strum::{IntoEnumIterator, VariantNames};

fn policy_with(mozu: serde_json::Value, translate: serde_json::Value) -> Policy {
    serde_json::from_value(serde_json::json!({"vendor": {"mozu": mozu}, "translate": translate}))
        .unwrap()
}

fn whole(order: &str, code: ReasonCode) -> CancelRequest {
    CancelRequest::whole_order(order, CancelReason::new(code))
}

fn to_mozu(
    request: &CancelRequest,
    policy: &Policy,
) -> Result<(CancelOrderRequest, TranslationReport), TranslateError> {
    let dialect = MozuDialect::from_policy(policy).unwrap();
    let ctx = TranslateContext::new(policy);
    cancel_domain::VendorApi::request_from_core(&dialect, request, &ctx)
        .map(|t| (t.value, t.report))
}

fn actions(report: &TranslationReport) -> Vec<(ReportAction, String)> {
    report
        .entries
        .iter()
        .map(|e| {
            (
                e.action,
                e.source
                    .clone()
                    .or_else(|| e.target.clone())
                    .unwrap_or_default()
                    .into_owned(),
            )
        })
        .collect()
}

#[test]
fn every_reason_code_has_a_kibo_form() {
    let policy = Policy::default();
    let mut seen = 0;
    for code in ReasonCode::iter() {
        let result = to_mozu(&whole("1010101", code), &policy);
        seen += 1;
        match code {
            ReasonCode::ChangedMind => {
                let (req, report) = result.unwrap();
                assert_eq!(
                    req.disposition_reason,
                    DispositionReason::CustomerChangedMind
                );
                assert_eq!(req.disposition_other_reason, None);
                assert!(report.is_clean());
            }
            ReasonCode::OrderedByMistake => {
                let (req, report) = result.unwrap();
                assert_eq!(req.disposition_reason, DispositionReason::CreatedByMistake);
                assert!(report.is_clean());
            }
            ReasonCode::StaffError => {
                let (req, report) = result.unwrap();
                assert_eq!(req.disposition_reason, DispositionReason::CreatedByMistake);
                assert_eq!(
                    actions(&report),
                    [(ReportAction::Approximated, "reason.code".into())]
                );
                assert_eq!(report.entries[0].to.as_deref(), Some("created_by_mistake"));
            }
            ReasonCode::Other => {
                // `other` needs a text: none here, no default.
                assert!(matches!(
                    result,
                    Err(TranslateError::MissingRequired { ref field, target: Vendor::Mozu, supply: Supply::ReasonDetail { ref key } })
                        if field == "dispositionOtherReason" && key == "vendor.mozu.disposition_other_reason"
                ));
            }
            ReasonCode::Unspecified => {
                assert!(matches!(
                    result,
                    Err(TranslateError::MissingRequired { ref field, supply: Supply::DefaultReason { ref key, needs: None }, .. })
                        if field == "dispositionReason" && key == "vendor.mozu.disposition_reason"
                ));
            }
            ReasonCode::BetterPriceElsewhere
            | ReasonCode::ProductConcern
            | ReasonCode::DeliveryConcern
            | ReasonCode::PaymentIssue
            | ReasonCode::Fraud
            | ReasonCode::OutOfStock
            | ReasonCode::CannotFulfill
            | ReasonCode::NotCollected => {
                let (req, report) = result.unwrap();
                assert_eq!(req.disposition_reason, DispositionReason::Other, "{code}");
                let text = req.disposition_other_reason.clone().unwrap();
                assert!(
                    !text.is_empty() && text.chars().next().unwrap().is_uppercase(),
                    "{code}: {text}"
                );
                assert_eq!(
                    actions(&report),
                    [(ReportAction::Approximated, "reason.code".into())],
                    "{code}"
                );
                assert_eq!(
                    report.entries[0].from.as_deref(),
                    Some(code.to_string().as_str())
                );
                assert_eq!(report.entries[0].to.as_deref(), Some("other"));
                assert!(cancel_mozu::check_request(&req).errors.is_empty());
            }
            other => panic!("{other}: a new reason code needs its expected Kibo form here"),
        }
    }
    assert_eq!(seen, 13);
}

#[test]
fn labelled_reasons_keep_their_detail_and_cut_at_255() {
    let policy = Policy::default();
    let mut request = whole("1", ReasonCode::Fraud);
    request.reason.detail = Some("address mismatch".into());
    let (req, _) = to_mozu(&request, &policy).unwrap();
    assert_eq!(
        req.disposition_other_reason.as_deref(),
        Some("Suspected fraud: address mismatch")
    );

    let mut long = whole("1", ReasonCode::Other);
    long.reason.detail = Some("é".repeat(300));
    let (req, report) = to_mozu(&long, &policy).unwrap();
    assert_eq!(req.disposition_other_reason.unwrap().chars().count(), 255);
    assert_eq!(
        actions(&report),
        [(ReportAction::Approximated, "reason.detail".into())]
    );
    assert_eq!(report.entries[0].from.as_deref(), Some("300 characters"));
}

#[test]
fn a_detail_kibo_cannot_carry_is_reported_dropped() {
    let mut request = whole("1", ReasonCode::ChangedMind);
    request.reason.detail = Some("found it cheaper".into());
    let (req, report) = to_mozu(&request, &Policy::default()).unwrap();
    assert_eq!(req.disposition_other_reason, None);
    assert_eq!(
        actions(&report),
        [(ReportAction::Dropped, "reason.detail".into())]
    );
}

#[test]
fn the_kibo_origin_wins_over_the_code() {
    let mut request = whole("1", ReasonCode::Fraud);
    request.reason.origin = Some(ReasonOrigin {
        vendor: Vendor::Mozu,
        value: "customer_changed_mind".into(),
    });
    let (req, report) = to_mozu(&request, &Policy::default()).unwrap();
    assert_eq!(
        req.disposition_reason,
        DispositionReason::CustomerChangedMind
    );
    assert!(report.is_clean());

    // An origin of another vendor is not Kibo's raw value: the code is mapped.
    request.reason.origin = Some(ReasonOrigin {
        vendor: Vendor::Occ,
        value: "changeOfMind".into(),
    });
    let (req, _) = to_mozu(&request, &Policy::default()).unwrap();
    assert_eq!(req.disposition_reason, DispositionReason::Other);

    // A Kibo origin that is not a documented value is not sent.
    request.reason.origin = Some(ReasonOrigin {
        vendor: Vendor::Mozu,
        value: "damaged".into(),
    });
    let (req, report) = to_mozu(&request, &Policy::default()).unwrap();
    assert_eq!(req.disposition_reason, DispositionReason::Other);
    assert_eq!(report.entries[0].source.as_deref(), Some("reason.origin"));
}

#[test]
fn unspecified_reasons_take_the_policy_defaults() {
    let request = whole("1", ReasonCode::Unspecified);

    let vendor = policy_with(
        serde_json::json!({"disposition_reason": "created_by_mistake"}),
        serde_json::json!({}),
    );
    let (req, report) = to_mozu(&request, &vendor).unwrap();
    assert_eq!(req.disposition_reason, DispositionReason::CreatedByMistake);
    assert_eq!(report.entries.len(), 1);
    assert_eq!(report.entries[0].action, ReportAction::Defaulted);
    assert_eq!(
        report.entries[0].policy_key.as_deref(),
        Some("vendor.mozu.disposition_reason")
    );

    let other = policy_with(
        serde_json::json!({"disposition_reason": "other", "disposition_other_reason": "Cancelled by support"}),
        serde_json::json!({}),
    );
    let (req, report) = to_mozu(&request, &other).unwrap();
    assert_eq!(
        req.disposition_other_reason.as_deref(),
        Some("Cancelled by support")
    );
    let keys: Vec<_> = report
        .entries
        .iter()
        .map(|e| e.policy_key.clone().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "vendor.mozu.disposition_reason",
            "vendor.mozu.disposition_other_reason"
        ]
    );

    let other_without_text = policy_with(
        serde_json::json!({"disposition_reason": "other"}),
        serde_json::json!({}),
    );
    assert!(matches!(
        to_mozu(&request, &other_without_text),
        Err(TranslateError::MissingRequired { ref field, .. }) if field == "dispositionOtherReason"
    ));

    let translate = policy_with(
        serde_json::json!({}),
        serde_json::json!({"default_reason": "changed_mind"}),
    );
    let (req, report) = to_mozu(&request, &translate).unwrap();
    assert_eq!(
        req.disposition_reason,
        DispositionReason::CustomerChangedMind
    );
    assert_eq!(
        report.entries[0].policy_key.as_deref(),
        Some("translate.default_reason")
    );
    assert_eq!(
        report.entries[0].to.as_deref(),
        Some("customer_changed_mind")
    );

    let fraud = policy_with(
        serde_json::json!({}),
        serde_json::json!({"default_reason": "fraud"}),
    );
    let (req, report) = to_mozu(&request, &fraud).unwrap();
    assert_eq!(
        req.disposition_other_reason.as_deref(),
        Some("Suspected fraud")
    );
    assert_eq!(
        report.entries.iter().map(|e| e.action).collect::<Vec<_>>(),
        [ReportAction::Defaulted, ReportAction::Approximated]
    );

    let unspecified = policy_with(
        serde_json::json!({}),
        serde_json::json!({"default_reason": "unspecified"}),
    );
    assert!(matches!(
        to_mozu(&request, &unspecified),
        Err(TranslateError::MissingRequired { .. })
    ));
}

#[test]
fn other_without_detail_takes_the_policy_text() {
    let policy = policy_with(
        serde_json::json!({"disposition_other_reason": "See ticket"}),
        serde_json::json!({}),
    );
    let (req, report) = to_mozu(&whole("1", ReasonCode::Other), &policy).unwrap();
    assert_eq!(req.disposition_other_reason.as_deref(), Some("See ticket"));
    assert_eq!(
        report.entries[0].target.as_deref(),
        Some("dispositionOtherReason")
    );
}

#[test]
fn bad_policy_tables_are_refused() {
    for table in [
        serde_json::json!({"disposition_reason": "damaged"}),
        serde_json::json!({"disposition_other_reason": ""}),
        serde_json::json!({"disposition_other_reason": "x".repeat(256)}),
        serde_json::json!({"unknown_key": 1}),
    ] {
        let policy = policy_with(table.clone(), serde_json::json!({}));
        let err = MozuDialect::from_policy(&policy).unwrap_err();
        assert_eq!(err.vendor, Vendor::Mozu, "{table}");
    }
    assert_eq!(
        MozuPolicy::from_policy(&Policy::default()).unwrap(),
        MozuPolicy::default()
    );
}

#[test]
fn order_ids_must_fit_kibo_integers() {
    let policy = Policy::default();
    for id in [
        "ORD-42",
        "0042",
        "",
        "9007199254740992",
        "18446744073709551616",
        "-1",
        "1.0",
        " 7",
    ] {
        let err = to_mozu(&whole(id, ReasonCode::ChangedMind), &policy).unwrap_err();
        match err {
            TranslateError::IdDoesNotFit {
                field,
                target,
                value,
                expected,
            } => {
                assert_eq!(
                    (field.as_str(), target, value.as_str()),
                    ("orderId", Vendor::Mozu, id)
                );
                assert!(expected.contains("9007199254740991"));
            }
            other => panic!("{id:?}: {other:?}"),
        }
    }
    let (req, _) = to_mozu(&whole("9007199254740991", ReasonCode::ChangedMind), &policy).unwrap();
    assert_eq!(req.order_id.get(), 9_007_199_254_740_991);
}

fn order(id: &str, mozu_id: Option<&str>, lines: &[(&str, Buckets)]) -> Order {
    serde_json::from_value::<Order>(serde_json::json!({"id": id, "lines": []}))
        .map(|mut o| {
            if let Some(m) = mozu_id {
                o.vendor_ids.insert(Vendor::Mozu, m.into());
            }
            o.currency = Some("USD".into());
            o.lines = lines
                .iter()
                .map(|(line, buckets)| OrderLine {
                    id: LineRef::new(*line),
                    vendor_ids: BTreeMap::new(),
                    product: None,
                    variant: None,
                    unit_price: None,
                    quantities: *buckets,
                })
                .collect();
            o
        })
        .unwrap()
}

fn buckets(ordered: u32, cancelled: u32, shipped: u32) -> Buckets {
    Buckets {
        ordered,
        cancelled,
        shipped,
        ..Buckets::default()
    }
}

#[test]
fn the_looked_up_order_supplies_the_kibo_id() {
    let policy = Policy::default();
    let looked_up = order("ORD-42", Some("1010101"), &[]);
    let ctx = TranslateContext::new(&policy).with_order(Some(&looked_up));
    let request = whole("ORD-42", ReasonCode::ChangedMind);
    let out = cancel_mozu::request_from_core(&request, &ctx).unwrap();
    assert_eq!(out.value.order_id.get(), 1_010_101);

    // In the mozu id space the request's own id is Kibo's.
    let mut in_mozu = whole("2020202", ReasonCode::ChangedMind);
    in_mozu.id_space = Some(Vendor::Mozu);
    let out = cancel_mozu::request_from_core(&in_mozu, &ctx).unwrap();
    assert_eq!(out.value.order_id.get(), 2_020_202);

    // A looked-up order that is not the one named is ignored.
    let other = whole("ORD-43", ReasonCode::ChangedMind);
    assert!(matches!(
        cancel_mozu::request_from_core(&other, &ctx),
        Err(TranslateError::IdDoesNotFit { .. })
    ));
}

#[test]
fn line_cancels_are_never_widened() {
    let lines = vec![
        LineCancel::new("A", None),
        LineCancel::new("B", Quantity::new(2)),
    ];
    let request =
        CancelRequest::lines("1010101", lines, CancelReason::new(ReasonCode::ChangedMind));
    let looked_up = order(
        "1010101",
        None,
        &[
            ("A", buckets(1, 0, 0)),
            ("B", buckets(3, 1, 0)),
            ("C", buckets(2, 0, 2)),
        ],
    );

    let plain = Policy::default();
    let ctx = TranslateContext::new(&plain).with_order(Some(&looked_up));
    assert_eq!(
        cancel_mozu::request_from_core(&request, &ctx).unwrap_err(),
        TranslateError::PartialNotSupported {
            target: Vendor::Mozu
        }
    );

    let allow = policy_with(
        serde_json::json!({}),
        serde_json::json!({"whole_from_complete_lines": true}),
    );
    // No lookup: nothing proves the lines cover the order.
    let ctx = TranslateContext::new(&allow);
    assert!(matches!(
        cancel_mozu::request_from_core(&request, &ctx),
        Err(TranslateError::PartialNotSupported { .. })
    ));
    // With the lookup: A (all) and B (2 of 2 open) cover every remaining unit; C is shipped.
    let ctx = TranslateContext::new(&allow).with_order(Some(&looked_up));
    let out = cancel_mozu::request_from_core(&request, &ctx).unwrap();
    assert_eq!(out.value.order_id.get(), 1_010_101);
    let entry = &out.report.entries[0];
    assert_eq!(entry.action, ReportAction::Approximated);
    assert_eq!(
        (
            entry.source.as_deref(),
            entry.from.as_deref(),
            entry.to.as_deref()
        ),
        (Some("scope"), Some("lines"), Some("whole_order"))
    );

    // One unit short of B, or a line missing: refused.
    let short = CancelRequest::lines(
        "1010101",
        vec![
            LineCancel::new("A", None),
            LineCancel::new("B", Quantity::new(1)),
        ],
        CancelReason::new(ReasonCode::ChangedMind),
    );
    assert!(matches!(
        cancel_mozu::request_from_core(&short, &ctx),
        Err(TranslateError::PartialNotSupported { .. })
    ));
    let missing = CancelRequest::lines(
        "1010101",
        vec![LineCancel::new("A", None)],
        CancelReason::new(ReasonCode::ChangedMind),
    );
    assert!(matches!(
        cancel_mozu::request_from_core(&missing, &ctx),
        Err(TranslateError::PartialNotSupported { .. })
    ));
}

#[test]
fn payment_data_is_never_dropped_silently() {
    let mut request = whole("1010101", ReasonCode::ChangedMind);
    let mut refund = RefundInstructions {
        cargo_refund: true,
        ..RefundInstructions::default()
    };
    refund.ibans.insert(
        LineRef::new("A"),
        Sensitive::new("TR330006100519786457841326".into()),
    );
    request.refund = Some(refund);

    let err = to_mozu(&request, &Policy::default()).unwrap_err();
    assert_eq!(
        err,
        TranslateError::PaymentDataWouldBeDropped {
            target: Vendor::Mozu,
            // Every refund instruction is payment data, the cargo refund too.
            fields: "refund.cargo_refund, refund.ibans".into()
        }
    );

    let lossy = policy_with(
        serde_json::json!({}),
        serde_json::json!({"allow_loss": true}),
    );
    let (_, report) = to_mozu(&request, &lossy).unwrap();
    assert_eq!(
        actions(&report),
        [
            (ReportAction::Dropped, "refund.cargo_refund".into()),
            (ReportAction::Dropped, "refund.ibans".into())
        ]
    );
    let printed = format!("{report} {report:?}");
    assert!(!printed.contains("TR33"), "{printed}");
}

#[test]
fn fields_kibo_has_no_place_for_are_reported() {
    let mut request = whole("1010101", ReasonCode::OrderedByMistake);
    request.initiator = Initiator::Merchant;
    request.requester = Some(Requester {
        channel: Some("telegram".into()),
        user_id: Some(Sensitive::new("12345".into())),
        ..Requester::default()
    });
    request.idempotency_key = Some("k-1".into());
    request.extensions.insert(
        Vendor::Occ,
        cancel_domain::wire::KeptMap::from_iter([("siteId".to_owned(), "siteUs".into())]),
    );
    request.extensions.insert(
        Vendor::Mozu,
        cancel_domain::wire::KeptMap::from_iter([
            ("orderID".to_owned(), serde_json::json!(999).into()),
            ("sendEmails".to_owned(), true.into()),
        ]),
    );
    let (req, report) = to_mozu(&request, &Policy::default()).unwrap();
    assert_eq!(
        actions(&report),
        [
            (ReportAction::Dropped, "initiator".into()),
            (ReportAction::Dropped, "requester.channel".into()),
            (ReportAction::Dropped, "requester.user_id".into()),
            (ReportAction::Dropped, "idempotency_key".into()),
            (ReportAction::Dropped, "extensions.mozu.orderID".into()),
            (ReportAction::Dropped, "extensions.occ.siteId".into()),
        ]
    );
    // The stale spelling marker names another order: the seed spelling is used.
    assert_eq!(req.order_id_spelling, OrderIdSpelling::OrderId);
    assert_eq!(
        req.other.get("sendEmails"),
        Some(&cancel_domain::wire::Kept::from(true))
    );

    // A customer initiator is what customer_changed_mind says: nothing lost.
    let mut customer = whole("1010101", ReasonCode::ChangedMind);
    customer.initiator = Initiator::Customer;
    customer.reason.initiator = Some(Initiator::Customer);
    assert!(to_mozu(&customer, &Policy::default()).unwrap().1.is_clean());
}

#[test]
fn core_json_from_another_vendor_translates() {
    // The canonical form of a chatbot request (no reason) with a default reason.
    let core: CancelRequest = serde_json::from_str(
        r#"{"order":"1010101","id_space":"chatbot","scope":"whole_order","reason":{"code":"unspecified"},
            "initiator":"customer","requester":{"channel":"telegram","locale":"en"}}"#,
    )
    .unwrap();
    let policy = policy_with(
        serde_json::json!({}),
        serde_json::json!({"default_reason": "changed_mind"}),
    );
    let (req, report) = to_mozu(&core, &policy).unwrap();
    assert_eq!(
        serde_json::to_string(&req).unwrap(),
        r#"{"orderId":1010101,"dispositionReason":"customer_changed_mind"}"#
    );
    assert_eq!(
        actions(&report),
        [
            (ReportAction::Defaulted, "dispositionReason".into()),
            (ReportAction::Dropped, "requester.channel".into()),
            (ReportAction::Dropped, "requester.locale".into()),
        ]
    );
}

#[test]
fn responses_from_core() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut outcome = CancelOutcome::new("1010101", OutcomeStatus::Cancelled);
    outcome.message = Some("done".into());
    let out = cancel_mozu::response_from_core(&outcome, &ctx).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap(),
        serde_json::json!({"orderID": 1010101, "orderState": "CANCELED", "orderStatus": "CANCELED"})
    );
    assert!(out
        .report
        .entries
        .iter()
        .any(|e| e.source.as_deref() == Some("message")));
    let not_produced: Vec<_> = out
        .report
        .entries
        .iter()
        .filter(|e| e.source.is_none())
        .map(|e| e.target.clone().unwrap().into_owned())
        .collect();
    assert!(
        not_produced.contains(&"total".to_owned())
            && not_produced.contains(&"orderItems".to_owned())
    );
    assert!(!not_produced.contains(&"orderState".to_owned()));

    // The looked-up order supplies currency, date and items.
    let mut looked_up = order(
        "1010101",
        None,
        &[("3003001", buckets(1, 0, 0)), ("3003002", buckets(2, 0, 0))],
    );
    looked_up.placed_at = Some("2010-04-08T16:32:03Z".parse().unwrap());
    let ctx = TranslateContext::new(&policy).with_order(Some(&looked_up));
    let out = cancel_mozu::response_from_core(
        &CancelOutcome::new("1010101", OutcomeStatus::Replayed),
        &ctx,
    )
    .unwrap();
    let body = serde_json::to_value(&out.value).unwrap();
    assert_eq!(body["orderCurrency"], "USD");
    assert_eq!(body["orderDate"], "2010-04-08T16:32:03+00:00");
    assert_eq!(
        body["orderItems"],
        serde_json::json!([
            {"orderItemID": 3003001, "itemState": "CANCELED", "orderID": 1010101},
            {"orderItemID": 3003002, "itemState": "CANCELED", "orderID": 1010101}
        ])
    );
    assert!(cancel_mozu::check_response(&out.value).errors.is_empty());

    // Line ids that are not Kibo integers: no items, said once.
    let named = order("1010101", None, &[("A", buckets(1, 0, 0))]);
    let ctx = TranslateContext::new(&policy).with_order(Some(&named));
    let out = cancel_mozu::response_from_core(
        &CancelOutcome::new("1010101", OutcomeStatus::Cancelled),
        &ctx,
    )
    .unwrap();
    assert_eq!(out.value.order_items, None);
    assert_eq!(
        out.report
            .entries
            .iter()
            .filter(|e| e.target.as_deref() == Some("orderItems"))
            .count(),
        1
    );
}

#[test]
fn outcomes_without_a_get_order_form_are_refused() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for status in [
        OutcomeStatus::Requested,
        OutcomeStatus::PartiallyCancelled,
        OutcomeStatus::Rejected,
        OutcomeStatus::NeedsReview,
    ] {
        let outcome = CancelOutcome::new("1010101", status);
        assert!(
            matches!(
                cancel_mozu::response_from_core(&outcome, &ctx),
                Err(TranslateError::ChangesMeaning { .. })
            ),
            "{status}"
        );
    }
    let outcome = CancelOutcome::new("ORD-42", OutcomeStatus::Cancelled);
    assert!(matches!(
        cancel_mozu::response_from_core(&outcome, &ctx),
        Err(TranslateError::IdDoesNotFit { ref field, .. }) if field == "orderID"
    ));
}

#[test]
fn responses_to_core() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let read = |body: &str| {
        let response = cancel_mozu::parse_response(body.as_bytes(), &Default::default()).unwrap();
        cancel_mozu::response_to_core(&response, &ctx)
            .unwrap()
            .value
    };
    let review = read(r#"{"orderID":5,"orderState":"PENDING_REVIEW"}"#);
    assert_eq!(
        (review.status, review.phase),
        (
            OutcomeStatus::NeedsReview,
            Some(OrderPhase::AwaitingConfirmation)
        )
    );
    let unknown = read(r#"{"orderID":5,"orderState":"SOMETHING"}"#);
    assert_eq!(
        (unknown.status, unknown.phase),
        (OutcomeStatus::NeedsReview, None)
    );
    let none = read(r#"{"orderID":5}"#);
    assert_eq!(none.status, OutcomeStatus::NeedsReview);
    let status_only = read(r#"{"orderID":5,"orderStatus":"CANCELED"}"#);
    assert_eq!(
        (status_only.status, status_only.phase),
        (OutcomeStatus::Cancelled, Some(OrderPhase::Cancelled))
    );
    // A needs-review outcome read from Kibo goes back with its raw state.
    let back = cancel_mozu::response_from_core(&review, &ctx).unwrap();
    assert_eq!(
        back.value.order_state,
        Some(OrderState::from("PENDING_REVIEW"))
    );
}

fn every_rejection() -> Vec<CancelRejection> {
    let line = || LineRef::new("L1");
    let all = vec![
        CancelRejection::OrderNotFound,
        CancelRejection::NotOrderOwner,
        CancelRejection::OrderNotPlaced,
        CancelRejection::OrderAlreadyCancelled,
        CancelRejection::CancellationAlreadyRequested,
        CancelRejection::OrderNotCancellable {
            phase: OrderPhase::Closed,
        },
        CancelRejection::OrderOnHold {
            reason: HoldReason::Merchant,
        },
        CancelRejection::CancellationRestricted,
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![line()],
        },
        CancelRejection::FulfillmentInProgress {
            lines: vec![line()],
        },
        CancelRejection::PaymentAlreadyCaptured,
        CancelRejection::FullyInvoiced,
        CancelRejection::ReturnInProgress,
        CancelRejection::MixedCancelAndReturn,
        CancelRejection::UnknownOrderItem { line: line() },
        CancelRejection::ItemReferenceMismatch { line: line() },
        CancelRejection::DuplicateOrderItem { line: line() },
        CancelRejection::InvalidQuantity {
            line: line(),
            requested: 0,
        },
        CancelRejection::QuantityExceedsCancellable {
            line: line(),
            requested: 3,
            available: 1,
        },
        CancelRejection::ItemAlreadyCancelled { line: line() },
        CancelRejection::PartialCancelNotSupported {
            vendor: Vendor::Mozu,
        },
        CancelRejection::MissingReason,
        CancelRejection::InvalidReason,
        CancelRejection::ReasonDetailRequired,
        CancelRejection::ReasonTooLong { max: 255 },
        CancelRejection::UnknownVendorState {
            vendor: Vendor::Mozu,
            value: "X".into(),
        },
        CancelRejection::ConcurrentModification,
        CancelRejection::InvalidRequest {
            fields: vec!["orderId".into()],
            message: None,
        },
        CancelRejection::VendorRefusal {
            vendor: Vendor::Occ,
            vendor_code: Some("200101".into()),
            message: "no".into(),
        },
    ];
    // A new variant must be added to the list above.
    let sampled: std::collections::BTreeSet<&str> = all.iter().map(CancelRejection::code).collect();
    let every: std::collections::BTreeSet<&str> =
        CancelRejection::VARIANTS.iter().copied().collect();
    assert_eq!(sampled, every);
    all
}

#[test]
fn every_rejection_has_an_oms_error_body_and_status() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for rejection in every_rejection() {
        let out = cancel_mozu::error_from_core(&rejection, &ctx).unwrap();
        let ErrorBody::Known(error) = &out.value else {
            panic!("{rejection:?}: {:?}", out.value);
        };
        assert!(error.code.is_known(), "{rejection:?}");
        assert_eq!(error.name.as_deref(), error.code.name());
        assert_eq!(
            cancel_mozu::error_status(&rejection),
            error.code.http_status(),
            "{rejection:?}"
        );
        let exact = matches!(
            rejection,
            CancelRejection::OrderNotFound | CancelRejection::InvalidRequest { .. }
        );
        assert_eq!(
            out.report.is_clean(),
            exact,
            "{rejection:?}: {}",
            out.report
        );
        assert!(cancel_mozu::check_error(&out.value).strict.is_empty());
    }
    let status = |r: CancelRejection| cancel_mozu::error_status(&r);
    assert_eq!(status(CancelRejection::OrderNotFound), 404);
    assert_eq!(status(CancelRejection::NotOrderOwner), 403);
    assert_eq!(status(CancelRejection::OrderAlreadyCancelled), 400);
    assert_eq!(status(CancelRejection::ConcurrentModification), 503);
    assert_eq!(
        status(CancelRejection::VendorRefusal {
            vendor: Vendor::Mozu,
            vendor_code: Some("5006".into()),
            message: "x".into()
        }),
        500
    );
}

#[test]
fn error_bodies_to_core() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let read = |body: &[u8]| {
        let body = cancel_mozu::parse_error(body, &Default::default()).unwrap();
        cancel_mozu::error_to_core(&body, &ctx).unwrap()
    };
    let not_found =
        read(br#"{"code":5002,"name":"GENERIC_NOT_FOUND","message":"Order 7 not found"}"#);
    assert_eq!(not_found.value, CancelRejection::OrderNotFound);
    assert_eq!(
        actions(&not_found.report),
        [(ReportAction::Dropped, "message".into())]
    );

    let invalid = read(br#"{"code":5015,"name":"INVALID_REQUEST_DATA","message":"bad reason"}"#);
    assert_eq!(
        invalid.value,
        CancelRejection::VendorRefusal {
            vendor: Vendor::Mozu,
            vendor_code: Some("5015".into()),
            message: "bad reason".into()
        }
    );
    assert!(invalid.report.is_clean());

    let html = read(b"<h1>Developer Inactive</h1>");
    assert!(matches!(
        html.value,
        CancelRejection::VendorRefusal {
            vendor_code: None,
            ..
        }
    ));
    let other = read(br#"{"errors":[]}"#);
    assert_eq!(
        actions(&other.report),
        [(ReportAction::Dropped, "$".into())]
    );
    assert_eq!(
        cancel_mozu::parse_error(br#"{"code":5003}"#, &Default::default())
            .unwrap()
            .code(),
        Some(StatusCode::GENERIC_BAD_REQUEST)
    );

    // Only the size limit makes an error body fail.
    let small = cancel_domain::json::Limits {
        max_bytes: 4,
        max_depth: 64,
    };
    let err = cancel_mozu::parse_error(b"0123456789", &small).unwrap_err();
    let first = err.iter().next().unwrap();
    assert_eq!(
        (first.path.as_str(), first.kind),
        ("$", cancel_domain::ErrorKind::Syntax),
        "{err}"
    );
}

#[test]
fn the_dialect_answers_refusals_with_error_bodies() {
    use cancel_domain::Dialect;
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let dialect = MozuDialect::default();
    let mut out = Vec::new();
    let (status, _) = dialect
        .answer(
            &CancelOutcome::rejected("1010101", CancelRejection::OrderNotFound),
            &ctx,
            &mut out,
        )
        .unwrap();
    assert_eq!(status, 404);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        serde_json::json!({"code": 5002, "name": "GENERIC_NOT_FOUND", "message": "order not found"})
    );
    out.clear();
    let (status, _) = dialect
        .answer(
            &CancelOutcome::new("1010101", OutcomeStatus::Cancelled),
            &ctx,
            &mut out,
        )
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()["orderState"],
        "CANCELED"
    );
}

#[test]
fn inbound_reasons_keep_their_origin_and_initiator() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let request = cancel_mozu::parse_request(
        br#"{"orderId":7,"dispositionReason":"customer_changed_mind"}"#,
        &Default::default(),
    )
    .unwrap();
    let core = cancel_mozu::request_to_core(&request, &ctx).unwrap().value;
    assert_eq!(core.initiator, Initiator::Customer);
    assert_eq!(core.reason.initiator, Some(Initiator::Customer));
    assert_eq!(core.order, OrderRef::new("7"));

    // A typed request carrying an undocumented reason is refused before translation.
    let mut odd = request.clone();
    odd.disposition_reason = DispositionReason::from("damaged");
    assert!(matches!(
        cancel_mozu::request_to_core(&odd, &ctx),
        Err(TranslateError::Invalid(_))
    ));
}

#[test]
fn unreadable_requests_get_an_oms_error_body() {
    use cancel_domain::Dialect;
    let dialect = MozuDialect::default();
    let answer = |body: &[u8]| {
        let errors = dialect
            .validate(
                cancel_domain::PayloadKind::Request,
                body,
                &Default::default(),
            )
            .unwrap_err();
        let mut out = Vec::new();
        let status = dialect.invalid_answer(&errors, &mut out);
        (
            status,
            serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        )
    };
    let (status, body) = answer(br#"{"orderId":1}"#);
    assert_eq!((status, body["code"].as_u64()), (400, Some(5011)));
    assert_eq!(body["name"], "MISSING_REQUEST_DATA");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("dispositionReason"));
    let (_, body) =
        answer(br#"{"orderId":0,"dispositionReason":"other","dispositionOtherReason":"x"}"#);
    assert_eq!(body["code"], 5015);
    let (_, body) = answer(b"{");
    assert_eq!(body["code"], 5003);
}
