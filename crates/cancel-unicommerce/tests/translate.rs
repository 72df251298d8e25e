//! Translation semantics: what each direction keeps, fills, refuses and reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use cancel_domain::{
    json::Limits, CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope,
    Dialect, Initiator, LineCancel, LineOutcome, LineRef, Order, OutcomeStatus, Policy, Quantity,
    ReasonCode, ReportAction, TranslateContext, TranslateError, Vendor,
};
use cancel_unicommerce::wire::{CancelStatus, OrderCancelResponse};
use cancel_unicommerce::{ErrorBody, UnicommerceDialect};
use common::{bytes, root};
use serde_json::json;

fn request_fixture(file: &str) -> CancelRequest {
    let body = bytes(&root().join("request").join(file));
    let policy = Policy::default();
    UnicommerceDialect::default()
        .request_to_core(&body, &TranslateContext::new(&policy))
        .unwrap()
        .value
}

fn response_fixture(
    file: &str,
    request: Option<&CancelRequest>,
) -> cancel_domain::Translated<CancelOutcome> {
    let body = bytes(&root().join("response").join(file));
    let policy = Policy::default();
    UnicommerceDialect::default()
        .response_to_core(&body, &TranslateContext::new(&policy).with_request(request))
        .unwrap()
}

fn order() -> Order {
    serde_json::from_value(json!({
        "id": "1001",
        "vendor_ids": {"unicommerce": "MP-1001", "omnitron": "77"},
        "lines": [
            {"id": "L1", "vendor_ids": {"unicommerce": "MP-1001-1", "omnitron": "701"},
             "product": "P-1", "variant": "P-1-RED", "quantities": {"ordered": 3, "cancelled": 1}},
            {"id": "L2", "vendor_ids": {"unicommerce": "MP-1001-2", "omnitron": "702"},
             "product": "P-2", "quantities": {"ordered": 1, "shipped": 1}},
            {"id": "L3", "vendor_ids": {"unicommerce": "MP-1001-3", "omnitron": "703"},
             "product": "P-3", "variant": "P-3-XL", "quantities": {"ordered": 2}}
        ]
    }))
    .unwrap()
}

fn line(id: &str, quantity: Option<u32>) -> LineCancel {
    LineCancel::new(id, quantity.and_then(Quantity::new))
}

fn to_uc(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<serde_json::Value, TranslateError> {
    let t = cancel_unicommerce::request_from_core(request, ctx)?;
    Ok(serde_json::to_value(&t.value).unwrap())
}

// ------------------------------------------------------------------ requests

#[test]
fn a_request_becomes_a_merchant_lines_cancel_in_unicommerce_ids() {
    let core = request_fixture("valid/multi_items.json");
    assert_eq!(core.order.as_str(), "MP-2002");
    assert_eq!(core.id_space, Some(Vendor::Unicommerce));
    assert_eq!(core.initiator, Initiator::Merchant);
    assert_eq!(core.reason, CancelReason::new(ReasonCode::Unspecified));
    assert!(core.extensions.is_empty());
    let CancelScope::Lines { lines } = &core.scope else {
        panic!("not a lines cancel")
    };
    let summary: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l.line.as_str(),
                l.product.as_ref().unwrap().as_str(),
                l.variant.as_ref().unwrap().as_str(),
                l.quantity.unwrap().get(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("A1", "PRD-1", "PRD-1-RED", 2),
            ("B2", "PRD-2", "PRD-2-XL", 1),
            ("C3", "PRD-3", "PRD-3-STD", 5)
        ]
    );
}

#[test]
fn ids_travel_verbatim() {
    for (file, order, item) in [
        ("valid/leading_zeros.json", "000123", "0001"),
        (
            "valid/long_digit_ids.json",
            "123456789012345678901234567890",
            "9007199254740993123",
        ),
        ("valid/unicode_ids.json", "SİPARİŞ-日本-ü", "kalem-ç-1"),
        ("valid/whitespace_ids.json", " 42 ", " 7"),
    ] {
        let core = request_fixture(file);
        assert_eq!(core.order.as_str(), order);
        let CancelScope::Lines { lines } = &core.scope else {
            panic!()
        };
        assert_eq!(lines[0].line.as_str(), item);
    }
}

#[test]
fn unknown_fields_are_reported_unmapped_and_kept() {
    let body = bytes(&root().join("request/strict/unknown_fields.json"));
    let policy = Policy::default();
    let t = cancel_unicommerce::request_to_core(
        &cancel_unicommerce::parse_request(&body, &Limits::DEFAULT).unwrap(),
        &TranslateContext::new(&policy),
    )
    .unwrap();
    let mut unmapped: Vec<_> = t
        .report
        .with_action(ReportAction::Unmapped)
        .map(|e| e.source.clone().unwrap())
        .collect();
    unmapped.sort();
    assert_eq!(
        unmapped,
        ["channel", "orderItems[0].reason", "orderItems[0].sku"]
    );
    assert_eq!(
        serde_json::to_value(&t.value.extensions).unwrap(),
        json!({"unicommerce": {
            "fields": {"channel": "AMAZON_IN"},
            "item_fields": {"Y1": {"reason": {"code": 12}, "sku": "PY-1-SKU"}}
        }})
    );
}

#[test]
fn the_table_spelling_is_remembered_but_never_invented() {
    let core = request_fixture("strict/order_id_table_spelling.json");
    assert_eq!(core.order.as_str(), "MP-8008");
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let back = to_uc(&core, &ctx).unwrap();
    assert_eq!(back["orderID"], "MP-8008");
    assert!(back.get("orderId").is_none());
    // A core request from anywhere else is written with the example's `orderId`.
    let mut plain = core.clone();
    plain.extensions.clear();
    let out = to_uc(&plain, &ctx).unwrap();
    assert_eq!(out["orderId"], "MP-8008");
    assert!(out.get("orderID").is_none());
}

#[test]
fn core_lines_take_missing_product_variant_and_quantity_from_the_order() {
    let order = order();
    let policy = Policy::default();
    let mut request = CancelRequest::lines(
        "1001",
        vec![line("L1", None), line("L3", Some(1))],
        CancelReason::new(ReasonCode::ChangedMind),
    );
    // Without the order: a lookup is needed, and the error says for what.
    let err = to_uc(&request, &TranslateContext::new(&policy)).unwrap_err();
    let TranslateError::NeedsLookup { what } = &err else {
        panic!("{err:?}")
    };
    assert!(what.contains("orderItems[0].productId"), "{what}");

    // The order's own Unicommerce id is preferred to the canonical one.
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let t = cancel_unicommerce::request_from_core(&request, &ctx).unwrap();
    assert_eq!(
        serde_json::to_value(&t.value).unwrap(),
        json!({"orderId": "MP-1001", "orderItems": [
            {"orderItemId": "MP-1001-1", "productId": "P-1", "variantId": "P-1-RED", "quantity": 2},
            {"orderItemId": "MP-1001-3", "productId": "P-3", "variantId": "P-3-XL", "quantity": 1}
        ]})
    );
    let dropped: Vec<_> = t
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.clone().unwrap())
        .collect();
    assert_eq!(dropped, ["reason.code"]);

    // The order's line has no variant: a required field nobody can supply.
    request.scope = CancelScope::Lines {
        lines: vec![line("L2", Some(1))],
    };
    let err = to_uc(&request, &ctx).unwrap_err();
    assert!(
        matches!(&err, TranslateError::MissingRequired { field, target: Vendor::Unicommerce, .. } if field == "orderItems[0].variantId"),
        "{err:?}"
    );
}

#[test]
fn lines_named_by_another_vendor_need_the_order() {
    let order = order();
    let policy = Policy::default();
    let mut request = CancelRequest::lines(
        "77",
        vec![line("703", Some(2))],
        CancelReason::new(ReasonCode::Unspecified),
    );
    request.id_space = Some(Vendor::Omnitron);
    let CancelScope::Lines { lines } = &mut request.scope else {
        panic!()
    };
    lines[0].product = Some("P-3".into());
    lines[0].variant = Some("P-3-XL".into());
    let err = to_uc(&request, &TranslateContext::new(&policy)).unwrap_err();
    assert!(matches!(err, TranslateError::NeedsLookup { .. }), "{err:?}");
    let out = to_uc(
        &request,
        &TranslateContext::new(&policy).with_order(Some(&order)),
    )
    .unwrap();
    assert_eq!(out["orderId"], "MP-1001");
    assert_eq!(out["orderItems"][0]["orderItemId"], "MP-1001-3");
}

#[test]
fn a_looked_up_order_that_is_not_the_requests_is_refused() {
    let order = order();
    let policy = Policy::default();
    let request = CancelRequest::lines(
        "9999",
        vec![line("L1", Some(1))],
        CancelReason::new(ReasonCode::Unspecified),
    );
    let err = to_uc(
        &request,
        &TranslateContext::new(&policy).with_order(Some(&order)),
    )
    .unwrap_err();
    assert!(
        matches!(err, TranslateError::ChangesMeaning { .. }),
        "{err:?}"
    );
}

#[test]
fn a_whole_order_cancel_needs_the_orders_lines() {
    let policy = Policy::default();
    let request = CancelRequest::whole_order("1001", CancelReason::new(ReasonCode::Unspecified));
    let err = to_uc(&request, &TranslateContext::new(&policy)).unwrap_err();
    let TranslateError::NeedsLookup { what } = &err else {
        panic!("{err:?}")
    };
    assert!(what.contains("needs the order's lines"), "{what}");
    assert!(err.to_string().contains("order directory"), "{err}");

    // With the order: every line with open units (L2 is shipped), in Unicommerce ids. L2
    // has no open unit, so its missing variant does not matter.
    let order = order();
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let t = cancel_unicommerce::request_from_core(&request, &ctx).unwrap();
    assert_eq!(
        serde_json::to_value(&t.value).unwrap(),
        json!({"orderId": "MP-1001", "orderItems": [
            {"orderItemId": "MP-1001-1", "productId": "P-1", "variantId": "P-1-RED", "quantity": 2},
            {"orderItemId": "MP-1001-3", "productId": "P-3", "variantId": "P-3-XL", "quantity": 2}
        ]})
    );
    let approx: Vec<_> = t.report.with_action(ReportAction::Approximated).collect();
    assert_eq!(approx.len(), 1);
    assert_eq!(approx[0].from.as_deref(), Some("whole_order"));

    // Nothing open: no valid Unicommerce request exists.
    let mut done = order.clone();
    for l in &mut done.lines {
        l.quantities.cancelled = l.quantities.ordered - l.quantities.shipped;
    }
    let ctx = TranslateContext::new(&policy).with_order(Some(&done));
    assert!(matches!(
        to_uc(&request, &ctx),
        Err(TranslateError::ChangesMeaning { .. })
    ));
}

#[test]
fn payment_data_needs_allow_loss_and_is_reported_by_path_only() {
    let mut request = request_fixture("valid/single_item.json");
    request.refund = Some(
        serde_json::from_value(json!({
            "ibans": {"MP-1001-1": "TR330006100519786457841326"},
            "cargo_refund": true
        }))
        .unwrap(),
    );
    request.requester =
        Some(serde_json::from_value(json!({"user_id": "jane@example.com"})).unwrap());
    request.idempotency_key = Some("key-1".into());
    request.reason = CancelReason {
        code: ReasonCode::Other,
        detail: Some("customer called".into()),
        initiator: None,
        origin: None,
    };
    let policy = Policy::default();
    let err = to_uc(&request, &TranslateContext::new(&policy)).unwrap_err();
    assert!(
        matches!(&err, TranslateError::PaymentDataWouldBeDropped { fields, .. } if fields == "refund.cargo_refund, refund.ibans"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("TR33"));

    let mut lossy = Policy::default();
    lossy.translate.allow_loss = true;
    let t =
        cancel_unicommerce::request_from_core(&request, &TranslateContext::new(&lossy)).unwrap();
    let mut dropped: Vec<_> = t
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.clone().unwrap())
        .collect();
    dropped.sort();
    assert_eq!(
        dropped,
        [
            "idempotency_key",
            "reason.code",
            "reason.detail",
            "refund.cargo_refund",
            "refund.ibans",
            "requester"
        ]
    );
    let shown = format!("{}{:?}", t.report, t.value);
    assert!(
        !shown.contains("TR33") && !shown.contains("jane@"),
        "{shown}"
    );
}

#[test]
fn bad_core_requests_are_invalid_input() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let empty = CancelRequest::lines("1", Vec::new(), CancelReason::new(ReasonCode::Unspecified));
    assert!(
        matches!(to_uc(&empty, &ctx), Err(TranslateError::Invalid(e)) if e.has("scope.lines", cancel_domain::ErrorKind::Range))
    );
    let twice = CancelRequest::lines(
        "1",
        vec![line("A", Some(1)), line("A", Some(2))],
        CancelReason::new(ReasonCode::Unspecified),
    );
    assert!(
        matches!(to_uc(&twice, &ctx), Err(TranslateError::Invalid(e)) if e.has("scope.lines[1].line", cancel_domain::ErrorKind::Duplicate))
    );
}

#[test]
fn a_malformed_extension_is_reported_not_trusted() {
    let mut request = request_fixture("valid/single_item.json");
    request.extensions.insert(
        Vendor::Unicommerce,
        serde_json::from_value(json!({
            "fields": {"orderId": "HIJACK", "note": "kept"},
            "order_id_key": "ORDER_ID",
            "item_fields": {"GONE-1": {"x": 1}},
            "bogus": 1
        }))
        .unwrap(),
    );
    request.extensions.insert(
        Vendor::Mozu,
        serde_json::from_value(json!({"x": 1})).unwrap(),
    );
    let policy = Policy::default();
    let t =
        cancel_unicommerce::request_from_core(&request, &TranslateContext::new(&policy)).unwrap();
    let out = serde_json::to_value(&t.value).unwrap();
    assert_eq!(out["orderId"], "MP-1001");
    assert_eq!(out["note"], "kept");
    let mut dropped: Vec<_> = t
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.clone().unwrap())
        .collect();
    dropped.sort();
    assert_eq!(
        dropped,
        [
            "extensions.mozu.x",
            "extensions.unicommerce.bogus",
            "extensions.unicommerce.fields.orderId",
            "extensions.unicommerce.item_fields.GONE-1",
            "extensions.unicommerce.order_id_key",
        ]
    );
}

// ------------------------------------------------------------------ responses

#[test]
fn the_vendor_example_counts_its_listed_item_as_not_cancelled() {
    let request = request_fixture("valid/seed_example.json");
    let t = response_fixture("strict/seed_example.json", Some(&request));
    let outcome = t.value;
    assert_eq!(outcome.status, OutcomeStatus::Rejected);
    assert_eq!(outcome.order.as_str(), "string");
    assert_eq!(outcome.lines.len(), 1);
    assert_eq!(outcome.lines[0].accepted, 0);
    assert_eq!(outcome.lines[0].requested, Some(2));
    assert_eq!(
        outcome.lines[0].error,
        Some(CancelRejection::VendorRefusal {
            vendor: Vendor::Unicommerce,
            vendor_code: None,
            message: "order Item Id not available".into()
        })
    );
    // The raw label is kept for the way back.
    assert_eq!(
        outcome.extensions[&Vendor::Unicommerce]["status"]
            .as_str()
            .as_deref(),
        Some("SUCCESS")
    );
}

#[test]
fn unlisted_requested_lines_count_as_cancelled() {
    let request = request_fixture("valid/multi_items.json");
    let outcome = response_fixture("valid/partial_success.json", Some(&request)).value;
    assert_eq!(outcome.status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(outcome.order.as_str(), "MP-2002");
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.requested, l.accepted, l.error.is_some()))
        .collect();
    assert_eq!(
        lines,
        [
            ("B2", Some(1), 0, true),
            ("A1", Some(2), 2, false),
            ("C3", Some(5), 5, false)
        ]
    );
    assert!(outcome.extensions.is_empty());

    let outcome = response_fixture("valid/success_no_items.json", Some(&request)).value;
    assert_eq!(outcome.status, OutcomeStatus::Cancelled);
    assert!(outcome
        .lines
        .iter()
        .all(|l| l.error.is_none() && Some(l.accepted) == l.requested));
}

#[test]
fn failed_cancels_nothing_even_for_unlisted_lines() {
    let request = request_fixture("valid/multi_items.json");
    let outcome = response_fixture("valid/failed_some_listed.json", Some(&request)).value;
    assert_eq!(outcome.status, OutcomeStatus::Rejected);
    assert!(outcome
        .lines
        .iter()
        .all(|l| l.accepted == 0 && l.error.is_some()));
    assert_eq!(outcome.lines.len(), 3);
    assert_eq!(
        serde_json::to_value(&outcome.extensions).unwrap(),
        json!({"unicommerce": {"unlisted": ["A1", "C3"]}})
    );
}

#[test]
fn an_unnamed_failed_item_under_partial_success_needs_review() {
    let request = request_fixture("valid/multi_items.json");
    let t = response_fixture("strict/partial_item_without_id.json", Some(&request));
    let outcome = t.value;
    assert_eq!(outcome.status, OutcomeStatus::NeedsReview);
    assert!(!outcome.is_accepted());
    // No line counts as cancelled: the unnamed item may be any unlisted one.
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.requested, l.accepted, l.error.is_some()))
        .collect();
    assert_eq!(
        lines,
        [
            ("B2", Some(1), 0, true),
            ("A1", Some(2), 0, false),
            ("C3", Some(5), 0, false)
        ]
    );
    assert_eq!(
        serde_json::to_value(&outcome.extensions).unwrap(),
        json!({"unicommerce": {
            "status": "PARTIAL_SUCCESS",
            "unlisted": ["A1", "C3"],
            "unnamed": [{"index": 1, "error_message": "out of stock"}]
        }})
    );
    let unmapped: Vec<_> = t
        .report
        .with_action(ReportAction::Unmapped)
        .filter_map(|e| e.source.as_deref())
        .collect();
    assert_eq!(unmapped, ["orderItems[1].orderItemId"]);

    // The same under SUCCESS (the vendor's quirk) and without any named item.
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    for body in [
        json!({"status": "SUCCESS", "orderItems": [{"errorMessage": "x"}]}),
        json!({"status": "PARTIAL_SUCCESS", "orderItems": [{}]}),
    ] {
        let response: OrderCancelResponse = serde_json::from_value(body.clone()).unwrap();
        let outcome = cancel_unicommerce::response_to_core(&response, &ctx)
            .unwrap()
            .value;
        assert_eq!(outcome.status, OutcomeStatus::NeedsReview, "{body}");
        assert!(outcome.lines.iter().all(|l| l.accepted == 0), "{body}");
        let back = cancel_unicommerce::response_from_core(&outcome, &ctx).unwrap();
        assert!(back.report.is_clean(), "{body}: {}", back.report);
        assert_eq!(serde_json::to_value(&back.value).unwrap(), body);
    }
}

#[test]
fn an_unnamed_failed_item_without_the_request_survives_the_round_trip() {
    let order = order();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    for (body, status) in [
        (
            json!({"status": "PARTIAL_SUCCESS", "orderItems": [
                {"errorMessage": "y", "code": 7},
                {"orderItemId": "MP-1001-1", "errorMessage": "x"}
            ]}),
            OutcomeStatus::NeedsReview,
        ),
        (
            json!({"status": "FAILED", "orderItems": [{"errorMessage": "y"}]}),
            OutcomeStatus::Rejected,
        ),
    ] {
        let response: OrderCancelResponse = serde_json::from_value(body.clone()).unwrap();
        let outcome = cancel_unicommerce::response_to_core(&response, &ctx)
            .unwrap()
            .value;
        assert_eq!(outcome.status, status, "{body}");
        let back = cancel_unicommerce::response_from_core(&outcome, &ctx).unwrap();
        assert!(back.report.is_clean(), "{body}: {}", back.report);
        assert_eq!(serde_json::to_value(&back.value).unwrap(), body);
    }
}

#[test]
fn an_unnamed_failed_item_under_failed_fails_every_requested_line() {
    let request = request_fixture("valid/multi_items.json");
    let outcome = response_fixture("valid/failed_item_without_id.json", Some(&request)).value;
    assert_eq!(outcome.status, OutcomeStatus::Rejected);
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.requested, l.accepted, l.error.is_some()))
        .collect();
    assert_eq!(
        lines,
        [
            ("A1", Some(2), 0, true),
            ("B2", Some(1), 0, true),
            ("C3", Some(5), 0, true)
        ]
    );
    assert_eq!(
        serde_json::to_value(&outcome.extensions).unwrap(),
        json!({"unicommerce": {
            "unlisted": ["A1", "B2", "C3"],
            "unnamed": [{"index": 0, "error_message": "out of stock"}]
        }})
    );
}

#[test]
fn a_malformed_unnamed_extension_is_dropped() {
    let request = request_fixture("valid/multi_items.json");
    let mut outcome = response_fixture("valid/failed_item_without_id.json", Some(&request)).value;
    outcome
        .extensions
        .get_mut(&Vendor::Unicommerce)
        .unwrap()
        .insert("unnamed".into(), json!([{"index": "first"}]).into());
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let back = cancel_unicommerce::response_from_core(&outcome, &ctx).unwrap();
    let dropped: Vec<_> = back
        .report
        .with_action(ReportAction::Dropped)
        .filter_map(|e| e.source.as_deref())
        .collect();
    assert_eq!(dropped, ["extensions.unicommerce.unnamed"]);
    assert!(back.value.failed_items().is_empty());
}

#[test]
fn without_the_request_or_the_order_the_answer_is_not_read() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let response: OrderCancelResponse =
        serde_json::from_value(json!({"status": "SUCCESS"})).unwrap();
    let err = cancel_unicommerce::response_to_core(&response, &ctx).unwrap_err();
    assert!(
        matches!(err, TranslateError::NeedsRequest { ref what } if what == cancel_unicommerce::UNNAMED_ORDER),
        "{err:?}"
    );
}

#[test]
fn an_unrecognized_status_is_invalid_as_bytes_and_needs_review_when_typed() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let err = UnicommerceDialect::default()
        .response_to_core(br#"{"status":"Success"}"#, &ctx)
        .unwrap_err();
    assert!(
        matches!(&err, TranslateError::Invalid(e) if e.has("status", cancel_domain::ErrorKind::Enum))
    );

    let request = request_fixture("valid/multi_items.json");
    let response: OrderCancelResponse = serde_json::from_value(
        json!({"status": "DONE", "orderItems": [{"orderItemId": "A1", "errorMessage": "x"}]}),
    )
    .unwrap();
    assert_eq!(response.status, CancelStatus::from("DONE"));
    let ctx = ctx.with_request(Some(&request));
    let t = cancel_unicommerce::response_to_core(&response, &ctx).unwrap();
    assert_eq!(t.value.status, OutcomeStatus::NeedsReview);
    // ... and it still goes back unchanged.
    let back = cancel_unicommerce::response_from_core(&t.value, &ctx).unwrap();
    assert_eq!(back.value, response);
}

#[test]
fn outcomes_in_canonical_ids_map_to_unicommerce_ids_through_the_order() {
    let order = order();
    let policy = Policy::default();
    let mut outcome = CancelOutcome::new("1001", OutcomeStatus::PartiallyCancelled);
    outcome.lines = vec![
        LineOutcome {
            line: LineRef::new("L1"),
            requested: Some(2),
            accepted: 1,
            error: Some(CancelRejection::QuantityExceedsCancellable {
                line: LineRef::new("L1"),
                requested: 2,
                available: 1,
            }),
        },
        LineOutcome {
            line: LineRef::new("L3"),
            requested: Some(1),
            accepted: 1,
            error: None,
        },
    ];
    outcome.phase = Some(cancel_domain::OrderPhase::Active);
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let t = cancel_unicommerce::response_from_core(&outcome, &ctx).unwrap();
    assert_eq!(
        serde_json::to_value(&t.value).unwrap(),
        json!({"status": "PARTIAL_SUCCESS", "orderItems": [
            {"orderItemId": "MP-1001-1", "errorMessage": "2 requested but only 1 can be cancelled"}
        ]})
    );
    let actions: Vec<_> = t
        .report
        .entries
        .iter()
        .map(|e| (e.action, e.source.clone().unwrap().into_owned()))
        .collect();
    assert_eq!(
        actions,
        [
            (ReportAction::Approximated, "lines[0].accepted".to_owned()),
            (ReportAction::Dropped, "phase".to_owned())
        ]
    );

    // Lines named in another vendor's ids, without the order: a lookup is needed.
    outcome.id_space = Some(Vendor::Omnitron);
    let err = cancel_unicommerce::response_from_core(&outcome, &TranslateContext::new(&policy))
        .unwrap_err();
    assert!(matches!(err, TranslateError::NeedsLookup { .. }), "{err:?}");
}

#[test]
fn a_whole_refusal_lists_every_requested_line() {
    let request = request_fixture("valid/multi_items.json");
    let policy = Policy::default();
    let outcome = CancelOutcome::rejected(
        "MP-2002",
        CancelRejection::OrderNotCancellable {
            phase: cancel_domain::OrderPhase::Closed,
        },
    );
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let t = cancel_unicommerce::response_from_core(&outcome, &ctx).unwrap();
    let message = "the order is closed and can no longer be cancelled";
    assert_eq!(
        serde_json::to_value(&t.value).unwrap(),
        json!({"status": "FAILED", "orderItems": [
            {"orderItemId": "A1", "errorMessage": message},
            {"orderItemId": "B2", "errorMessage": message},
            {"orderItemId": "C3", "errorMessage": message}
        ]})
    );
    assert!(t.report.is_clean());
    // Without the request the message has nowhere to go, and the report says so.
    let t =
        cancel_unicommerce::response_from_core(&outcome, &TranslateContext::new(&policy)).unwrap();
    assert_eq!(
        serde_json::to_value(&t.value).unwrap(),
        json!({"status": "FAILED"})
    );
    assert_eq!(t.report.with_action(ReportAction::Dropped).count(), 1);
}

// ------------------------------------------------------------------ errors

#[test]
fn a_rejection_is_a_failed_answer_naming_each_requested_item() {
    let request = request_fixture("valid/multi_items.json");
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let rejection = CancelRejection::UnknownOrderItem {
        line: LineRef::new("B2"),
    };
    let d = UnicommerceDialect::default();
    let mut out = Vec::new();
    let report = d.error_from_core(&rejection, &ctx, &mut out).unwrap();
    assert!(report.is_clean());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        json!({"status": "FAILED", "orderItems": [
            {"orderItemId": "A1", "errorMessage": "not cancelled: order item B2 is not available"},
            {"orderItemId": "B2", "errorMessage": "order Item Id not available"},
            {"orderItemId": "C3", "errorMessage": "not cancelled: order item B2 is not available"}
        ]})
    );
    assert!(d
        .validate(cancel_domain::PayloadKind::Error, &out, &Limits::DEFAULT)
        .unwrap()
        .is_empty());
    assert_eq!(d.error_status(&rejection), 200);
    assert_eq!(
        cancel_unicommerce::error_status(&CancelRejection::OrderNotFound),
        200
    );

    // `answer` (what `check` and `serve` send) is the same FAILED body with HTTP 200.
    let outcome = CancelOutcome::rejected("MP-2002", rejection);
    let mut answer = Vec::new();
    let (status, _) = d.answer(&outcome, &ctx, &mut answer).unwrap();
    assert_eq!(status, 200);
    assert_eq!(answer, out);
}

#[test]
fn error_bodies_read_back_into_rejections() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let d = UnicommerceDialect::default();
    let read = |file: &str| {
        d.error_to_core(&bytes(&root().join("error/valid").join(file)), &ctx)
            .unwrap()
    };
    assert_eq!(
        read("failed_order_not_found.json").value,
        CancelRejection::OrderNotFound
    );
    assert_eq!(
        read("failed_no_items.json").value,
        CancelRejection::VendorRefusal {
            vendor: Vendor::Unicommerce,
            vendor_code: None,
            message: cancel_unicommerce::FAILED_WITHOUT_ITEMS.into()
        }
    );
    let t = read("failed_listed.json");
    let CancelRejection::VendorRefusal { message, .. } = &t.value else {
        panic!("{:?}", t.value)
    };
    assert_eq!(
        message,
        "A1: order Item Id not available; B2: not cancelled: order item A1 is not available"
    );
    assert_eq!(t.report.with_action(ReportAction::Dropped).count(), 1);

    // Whatever a server sends can still be read.
    let json_body = ErrorBody::from_bytes(br#"{"message":"token expired"}"#);
    let r = cancel_unicommerce::error_to_core(&json_body, &ctx)
        .unwrap()
        .value;
    assert!(
        matches!(r, CancelRejection::VendorRefusal { message, .. } if message == "token expired")
    );
    let text = ErrorBody::from_bytes(b"  502 Bad Gateway \n");
    let r = cancel_unicommerce::error_to_core(&text, &ctx)
        .unwrap()
        .value;
    assert!(
        matches!(r, CancelRejection::VendorRefusal { message, .. } if message == "502 Bad Gateway")
    );
}

#[test]
fn plain_rejections_survive_core_unicommerce_core() {
    let policy = Policy::default();
    let request = request_fixture("valid/multi_items.json");
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    for rejection in [
        CancelRejection::OrderNotFound,
        CancelRejection::NotOrderOwner,
        CancelRejection::OrderAlreadyCancelled,
        CancelRejection::PaymentAlreadyCaptured,
        CancelRejection::ConcurrentModification,
    ] {
        let body = cancel_unicommerce::error_from_core(&rejection, &ctx)
            .unwrap()
            .value;
        let back = cancel_unicommerce::error_to_core(&body, &ctx)
            .unwrap()
            .value;
        assert_eq!(back, rejection);
    }
}

#[test]
fn every_rejection_has_a_readable_message() {
    use cancel_domain::{HoldReason, OrderPhase};
    let me = LineRef::new("A1");
    let cases = [
        (
            CancelRejection::ItemsAlreadyShipped {
                lines: vec![me.clone()],
            },
            "order item has already shipped",
        ),
        (
            CancelRejection::ItemsAlreadyShipped {
                lines: vec![LineRef::new("B"), LineRef::new("C")],
            },
            "not cancelled: 2 other order item(s) have already shipped",
        ),
        (
            CancelRejection::FulfillmentInProgress {
                lines: vec![me.clone()],
            },
            "order item is already being fulfilled",
        ),
        (
            CancelRejection::ItemReferenceMismatch { line: me.clone() },
            "productId or variantId does not match the order item",
        ),
        (
            CancelRejection::ItemAlreadyCancelled { line: me.clone() },
            "order item is already cancelled",
        ),
        (
            CancelRejection::InvalidQuantity {
                line: me.clone(),
                requested: 0,
            },
            "quantity 0 is not valid",
        ),
        (
            CancelRejection::OrderOnHold {
                reason: HoldReason::PaymentReview,
            },
            "the order is on hold (payment_review)",
        ),
        (
            CancelRejection::OrderNotCancellable {
                phase: OrderPhase::Cancelled,
            },
            "the order is cancelled and can no longer be cancelled",
        ),
        (
            CancelRejection::VendorRefusal {
                vendor: Vendor::Omnitron,
                vendor_code: None,
                message: "no".into(),
            },
            "omnitron refused the cancel: no",
        ),
    ];
    for (rejection, want) in cases {
        assert_eq!(
            cancel_unicommerce::error_message(&rejection, Some(&me)),
            want
        );
    }
}
