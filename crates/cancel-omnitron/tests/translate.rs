//! Translations with the core: ids, reasons, refunds, scopes, responses and errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use cancel_domain::{
    CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope, Dialect, ErrorKind,
    LineCancel, Order, OutcomeStatus, PayloadKind, Policy, Quantity, ReasonCode, ReasonOrigin,
    ReportAction, Supply, TranslateContext, TranslateError, Vendor,
};
use cancel_omnitron::{
    error::ErrorBody, error_status, parse_request, parse_request_at, parse_response,
    request_from_core, request_to_core, response_to_core, wire::CancelResponse, OmnitronDialect,
};
use common::table_policy;
use serde_json::json;

fn policy(section: serde_json::Value) -> Policy {
    serde_json::from_value(json!({ "vendor": { "omnitron": section } })).unwrap()
}

fn order() -> Order {
    serde_json::from_value(json!({
        "id": "ORD-2020-000042",
        "vendor_ids": {"omnitron": "1042", "mozu": "42"},
        "lines": [
            {"id": "L1", "vendor_ids": {"omnitron": "5011"}, "quantities": {"ordered": 1}},
            {"id": "L2", "vendor_ids": {"omnitron": "5012"}, "quantities": {"ordered": 2}},
            {"id": "L3", "vendor_ids": {"omnitron": "5013"}, "quantities": {"ordered": 1, "cancelled": 1}}
        ]
    }))
    .unwrap()
}

fn reason(code: ReasonCode) -> CancelReason {
    CancelReason::new(code)
}

fn lines(order: &str, ids: &[&str], code: ReasonCode) -> CancelRequest {
    CancelRequest::lines(
        order,
        ids.iter().map(|l| LineCancel::new(*l, None)).collect(),
        reason(code),
    )
}

fn body_json(request: &CancelRequest, policy: &Policy, order: Option<&Order>) -> serde_json::Value {
    let ctx = TranslateContext::new(policy).with_order(order);
    serde_json::to_value(request_from_core(request, &ctx).unwrap().value).unwrap()
}

#[test]
fn ids_need_akinon_pks_or_a_lookup() {
    let policy = policy(json!({"reason_id": 8}));
    let ctx = TranslateContext::new(&policy);
    // Canonical ids without a lookup.
    let err = request_from_core(
        &lines("ORD-2020-000042", &["L1"], ReasonCode::Unspecified),
        &ctx,
    )
    .unwrap_err();
    assert!(matches!(err, TranslateError::NeedsLookup { .. }), "{err}");
    assert!(err.to_string().contains("order directory"), "{err}");

    // The looked-up order maps order and lines to pks.
    let order = order();
    let body = body_json(
        &lines("ORD-2020-000042", &["L1", "L2"], ReasonCode::Unspecified),
        &policy,
        Some(&order),
    );
    assert_eq!(body["order"], 1042);
    assert_eq!(body["cancel_items"], json!([5011, 5012]));
    assert_eq!(body["reasons"], json!({"5011": 8, "5012": 8}));

    // Another vendor's ids map through the lookup too.
    let mut mozu = lines("42", &["L1"], ReasonCode::Unspecified);
    mozu.id_space = Some(Vendor::Mozu);
    assert_eq!(body_json(&mozu, &policy, Some(&order))["order"], 1042);

    // A looked-up order of another order is not used.
    let other = lines("ORD-1", &["L1"], ReasonCode::Unspecified);
    let ctx_o = TranslateContext::new(&policy).with_order(Some(&order));
    assert!(matches!(
        request_from_core(&other, &ctx_o).unwrap_err(),
        TranslateError::NeedsLookup { .. }
    ));
}

#[test]
fn ids_that_are_not_decimal_pks_do_not_fit() {
    let policy = policy(json!({"reason_id": 8}));
    // The canonical id is all the lookup has, and it is not an integer.
    let mut order = order();
    order.vendor_ids.clear();
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    let err = request_from_core(
        &lines("ORD-2020-000042", &["L1"], ReasonCode::Unspecified),
        &ctx,
    )
    .unwrap_err();
    match err {
        TranslateError::IdDoesNotFit {
            field,
            value,
            target,
            ..
        } => {
            assert_eq!(
                (field.as_str(), value.as_str(), target),
                ("order", "ORD-2020-000042", Vendor::Omnitron)
            );
        }
        other => panic!("{other}"),
    }
    let ctx = TranslateContext::new(&policy);
    for (id, field) in [
        ("18446744073709551616", "order"),
        ("9223372036854775808", "order"),
        ("0042", "order"),
        ("-1", "order"),
    ] {
        let mut request = lines(id, &["5011"], ReasonCode::Unspecified);
        request.id_space = Some(Vendor::Omnitron);
        match request_from_core(&request, &ctx).unwrap_err() {
            TranslateError::IdDoesNotFit {
                field: f, value, ..
            } => {
                assert_eq!((f.as_str(), value.as_str()), (field, id));
            }
            other => panic!("{id}: {other}"),
        }
    }
    let mut request = lines("1042", &["5011", "L-2"], ReasonCode::Unspecified);
    request.id_space = Some(Vendor::Omnitron);
    match request_from_core(&request, &ctx).unwrap_err() {
        TranslateError::IdDoesNotFit { field, .. } => assert_eq!(field, "cancel_items[1]"),
        other => panic!("{other}"),
    }
}

#[test]
fn reason_ids_come_from_origin_table_default_or_nowhere() {
    let mut request = lines("1042", &["5011"], ReasonCode::Unspecified);
    request.id_space = Some(Vendor::Omnitron);

    // Nothing configured: an error naming the field and the policy key.
    let bare = Policy::default();
    match request_from_core(&request, &TranslateContext::new(&bare)).unwrap_err() {
        TranslateError::MissingRequired {
            field,
            supply: Supply::DefaultReason { key, needs },
            target,
        } => {
            assert_eq!((field.as_str(), target), ("reasons.5011", Vendor::Omnitron));
            assert_eq!(key, "vendor.omnitron.reason_id");
            assert!(needs.is_some_and(|n| n.contains("vendor.omnitron.reasons")));
        }
        other => panic!("{other}"),
    }

    // The policy default, reported as defaulted.
    let with_default = policy(json!({"reason_id": 8}));
    let out = request_from_core(&request, &TranslateContext::new(&with_default)).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap()["reasons"],
        json!({"5011": 8})
    );
    let entry = out
        .report
        .with_action(ReportAction::Defaulted)
        .next()
        .unwrap();
    assert_eq!(
        entry.policy_key.as_deref(),
        Some("vendor.omnitron.reason_id")
    );
    assert_eq!(entry.target.as_deref(), Some("reasons.5011"));

    // `translate.default_reason` through the table when no reason_id is set.
    let mut table_only = table_policy();
    table_only.vendor.get_mut(&Vendor::Omnitron).unwrap()["reason_id"] = serde_json::Value::Null;
    let out = request_from_core(&request, &TranslateContext::new(&table_only)).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap()["reasons"],
        json!({"5011": 3})
    );
    let entry = out
        .report
        .with_action(ReportAction::Defaulted)
        .next()
        .unwrap();
    assert_eq!(
        entry.policy_key.as_deref(),
        Some("translate.default_reason")
    );

    // A canonical code maps through the table, exactly (no report).
    let table = table_policy();
    let mut stock = lines("1042", &["5011"], ReasonCode::OutOfStock);
    stock.id_space = Some(Vendor::Omnitron);
    let out = request_from_core(&stock, &TranslateContext::new(&table)).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap()["reasons"],
        json!({"5011": 4})
    );
    assert!(out.report.is_clean(), "{}", out.report);

    // A code with no table entry and no default: refused, naming the code, and blaming the
    // policy (the source does give a reason).
    let mut fraud = lines("1042", &["5011"], ReasonCode::Fraud);
    fraud.id_space = Some(Vendor::Omnitron);
    let only_table =
        policy(json!({"reasons": [{"pk": 3, "subject": "x", "code": "changed_mind"}]}));
    match request_from_core(&fraud, &TranslateContext::new(&only_table)).unwrap_err() {
        TranslateError::NotInPolicy { given, key, .. } => {
            assert_eq!(given, "reason `fraud`");
            assert!(key.contains("code = \"fraud\""), "{key}");
        }
        other => panic!("{other}"),
    }

    // An origin is used verbatim, but never a return reason or an inactive one.
    for (raw, ok) in [("3", true), ("9", false), ("10", false), ("77", false)] {
        let mut r = lines("1042", &["5011"], ReasonCode::ChangedMind);
        r.id_space = Some(Vendor::Omnitron);
        r.reason.origin = Some(ReasonOrigin {
            vendor: Vendor::Omnitron,
            value: raw.into(),
        });
        let got = request_from_core(&r, &TranslateContext::new(&table));
        assert_eq!(got.is_ok(), ok, "{raw}: {got:?}");
        if let Err(e) = got {
            assert!(matches!(e, TranslateError::ChangesMeaning { .. }), "{e}");
        }
    }

    // A detail text has no place: reported dropped.
    let mut detailed = stock.clone();
    detailed.reason.detail = Some("warehouse fire".into());
    let out = request_from_core(&detailed, &TranslateContext::new(&table)).unwrap();
    assert!(out
        .report
        .with_action(ReportAction::Dropped)
        .any(|e| e.source.as_deref() == Some("reason.detail")));
}

#[test]
fn per_line_reasons_travel_both_ways() {
    let table = table_policy();
    let ctx = TranslateContext::new(&table);
    let bytes = br#"{"order":2001,"is_all":false,"cancel_items":[9101,9102],"forced_refund_amount":null,"reasons":{"9101":3,"9102":4}}"#;
    let call = parse_request(bytes, &Default::default()).unwrap();
    let core = request_to_core(&call, &ctx).unwrap();
    let CancelScope::Lines { lines } = &core.value.scope else {
        panic!()
    };
    let codes: Vec<ReasonCode> = lines
        .iter()
        .map(|l| l.reason.as_ref().unwrap().code)
        .collect();
    assert_eq!(codes, [ReasonCode::ChangedMind, ReasonCode::OutOfStock]);
    assert_eq!(
        core.value.reason.code,
        ReasonCode::Unspecified,
        "no single order-level reason"
    );
    // A line reason without an origin maps by code; the others keep theirs.
    let mut edited = core.value.clone();
    if let CancelScope::Lines { lines } = &mut edited.scope {
        lines[1].reason = Some(CancelReason::new(ReasonCode::DeliveryConcern));
    }
    let back = request_from_core(&edited, &ctx).unwrap();
    assert_eq!(
        serde_json::to_value(&back.value).unwrap()["reasons"],
        json!({"9101": 3, "9102": 7})
    );
}

#[test]
fn a_reason_table_refuses_return_and_inactive_reasons_on_a_cancel() {
    let dialect = OmnitronDialect::from_policy(&table_policy()).unwrap();
    let ctx_policy = table_policy();
    let ctx = TranslateContext::new(&ctx_policy);
    for (id, message) in [("9", "refund"), ("10", "active"), ("77", "not in")] {
        let bytes = format!(
            r#"{{"order":1042,"is_all":false,"cancel_items":[5011],"forced_refund_amount":null,"reasons":{{"5011":{id}}}}}"#
        );
        let errors = dialect
            .validate(PayloadKind::Request, bytes.as_bytes(), &Default::default())
            .unwrap_err();
        assert!(errors.has("reasons.5011", ErrorKind::Rule), "{errors}");
        assert!(errors.to_string().contains(message), "{errors}");
        let err = Dialect::request_to_core(&dialect, bytes.as_bytes(), &ctx).unwrap_err();
        assert!(matches!(err, TranslateError::Invalid(_)), "{err:?}");
        // Without a table the same body is valid: ids are merchant data.
        assert!(OmnitronDialect::default()
            .validate(PayloadKind::Request, bytes.as_bytes(), &Default::default())
            .is_ok());
    }
    // A table entry without a canonical code: `other` with the subject, reported unmapped.
    let bytes =
        br#"{"order":1042,"cancel_items":[5011],"forced_refund_amount":null,"reasons":{"5011":8}}"#;
    let core = Dialect::request_to_core(&dialect, bytes, &ctx).unwrap();
    assert_eq!(core.value.reason.code, ReasonCode::Other);
    assert_eq!(core.value.reason.detail.as_deref(), Some("Diğer"));
    assert!(core
        .report
        .with_action(ReportAction::Unmapped)
        .any(|e| e.source.as_deref() == Some("reasons.5011")));
    // Without a table: `other`, origin kept, reported unmapped.
    let core = Dialect::request_to_core(&OmnitronDialect::default(), bytes, &ctx).unwrap();
    assert_eq!(core.value.reason.code, ReasonCode::Other);
    assert_eq!(core.value.reason.origin_at(Vendor::Omnitron), Some("8"));
}

#[test]
fn reasons_that_share_a_code_are_reported_approximated() {
    let policy = policy(json!({"reasons": [
        {"pk": 3, "subject": "Changed my mind", "cancellation_type": "cancel", "is_active": true, "code": "changed_mind"},
        {"pk": 6, "subject": "No longer needed", "cancellation_type": "cancel", "is_active": true, "code": "changed_mind"}
    ]}));
    let dialect = OmnitronDialect::from_policy(&policy).unwrap();
    let ctx = TranslateContext::new(&policy);
    let body = |pk: u32| {
        format!(
            r#"{{"order":1042,"cancel_items":[5011],"forced_refund_amount":null,"reasons":{{"5011":{pk}}}}}"#
        )
    };
    // pk 3 is the one changed_mind leads back to: one to one, nothing to report.
    let core = Dialect::request_to_core(&dialect, body(3).as_bytes(), &ctx).unwrap();
    assert_eq!(core.value.reason.code, ReasonCode::ChangedMind);
    assert_eq!(
        core.report.with_action(ReportAction::Approximated).count(),
        0
    );
    // pk 6 reads as the same code: approximated, and the id stays in origin.
    let core = Dialect::request_to_core(&dialect, body(6).as_bytes(), &ctx).unwrap();
    assert_eq!(core.value.reason.code, ReasonCode::ChangedMind);
    assert_eq!(core.value.reason.origin_at(Vendor::Omnitron), Some("6"));
    assert!(core
        .report
        .with_action(ReportAction::Approximated)
        .any(|e| e.source.as_deref() == Some("reasons.5011")));
}

#[test]
fn the_policy_section_is_checked() {
    let dup = policy(json!({"reasons": [{"pk": 3, "subject": "a"}, {"pk": 3, "subject": "b"}]}));
    assert!(OmnitronDialect::from_policy(&dup)
        .unwrap_err()
        .to_string()
        .contains("twice"));
    let refund_default = policy(
        json!({"reason_id": 9, "reasons": [{"pk": 9, "subject": "a", "cancellation_type": "refund"}]}),
    );
    assert!(OmnitronDialect::from_policy(&refund_default).is_err());
    let unknown_key = policy(json!({"reason": 3}));
    assert!(OmnitronDialect::from_policy(&unknown_key).is_err());
    assert!(OmnitronDialect::from_policy(&table_policy()).is_ok());
}

#[test]
fn whole_order_cancels() {
    let policy = policy(
        json!({"reason_id": 8, "reasons": [{"pk": 8, "subject": "Changed my mind", "cancellation_type": "cancel", "is_active": true, "code": "changed_mind"}]}),
    );
    let order = order();
    let request = CancelRequest::whole_order("ORD-2020-000042", reason(ReasonCode::ChangedMind));
    // With the lookup: a reason for every item that is not cancelled yet.
    let body = body_json(&request, &policy, Some(&order));
    assert_eq!(body["is_all"], true);
    assert_eq!(body["cancel_items"], json!([]));
    assert_eq!(body["reasons"], json!({"5011": 8, "5012": 8}));
    assert_eq!(body["forced_refund_amount"], serde_json::Value::Null);
    // Without item ids, the reason cannot be given per item: reported.
    let mut direct = request.clone();
    direct.order = "1042".into();
    direct.id_space = Some(Vendor::Omnitron);
    let out = request_from_core(&direct, &TranslateContext::new(&policy)).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap()["reasons"],
        json!({})
    );
    assert!(out
        .report
        .with_action(ReportAction::Dropped)
        .any(|e| e.source.as_deref() == Some("reason")));
}

#[test]
fn quantities_must_be_whole_items() {
    let policy = policy(json!({"reason_id": 8}));
    let order = order();
    let mut request = lines("ORD-2020-000042", &["L2"], ReasonCode::Unspecified);
    let set_quantity = |r: &mut CancelRequest, q: u32| {
        if let CancelScope::Lines { lines } = &mut r.scope {
            lines[0].quantity = Quantity::new(q);
        }
    };
    set_quantity(&mut request, 2);
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    assert!(
        request_from_core(&request, &ctx).is_ok(),
        "2 of 2 open units is the whole line"
    );
    set_quantity(&mut request, 1);
    assert!(matches!(
        request_from_core(&request, &ctx).unwrap_err(),
        TranslateError::ChangesMeaning { .. }
    ));
    let mut direct = lines("1042", &["5012"], ReasonCode::Unspecified);
    direct.id_space = Some(Vendor::Omnitron);
    set_quantity(&mut direct, 2);
    let bare = TranslateContext::new(&policy);
    assert!(matches!(
        request_from_core(&direct, &bare).unwrap_err(),
        TranslateError::NeedsLookup { .. }
    ));
    // Even one unit needs the order: the item may hold several, and cancelling it whole
    // would widen the cancel.
    set_quantity(&mut direct, 1);
    assert!(matches!(
        request_from_core(&direct, &bare).unwrap_err(),
        TranslateError::NeedsLookup { .. }
    ));
}

#[test]
fn refunds_and_foreign_fields() {
    let policy = policy(
        json!({"reason_id": 8, "reasons": [{"pk": 8, "subject": "Changed my mind", "cancellation_type": "cancel", "is_active": true, "code": "changed_mind"}]}),
    );
    let core: CancelRequest = serde_json::from_value(json!({
        "order": "1042",
        "id_space": "omnitron",
        "scope": {"lines": [{"line": "5011", "product": "KG-01"}]},
        "reason": {"code": "changed_mind", "initiator": "customer"},
        "initiator": "customer",
        "idempotency_key": "k-1",
        "refund": {"cargo_refund": true, "forced_amount": "149.90", "invoice_number": "RI-1",
                   "ibans": {"5011": "TR330006100519786457841326"}, "holder_names": {"5011": "A B"}},
        "extensions": {"mozu": {"x": 1}}
    }))
    .unwrap();
    let out = request_from_core(&core, &TranslateContext::new(&policy)).unwrap();
    let body = serde_json::to_value(&out.value).unwrap();
    assert_eq!(body["forced_refund_amount"], "149.90");
    assert_eq!(body["is_cargo_refund"], true);
    assert_eq!(body["refund_invoice_number"], "RI-1");
    assert_eq!(body["ibans"]["5011"], "TR330006100519786457841326");
    assert_eq!(body["holder_names"]["5011"], "A B");
    let dropped: Vec<&str> = out
        .report
        .with_action(ReportAction::Dropped)
        .filter_map(|e| e.source.as_deref())
        .collect();
    for path in [
        "scope.lines[0].product",
        "reason.initiator",
        "initiator",
        "idempotency_key",
        "extensions.mozu",
    ] {
        assert!(dropped.contains(&path), "{path} not in {dropped:?}");
    }
    // A negative forced amount cannot be sent.
    let mut negative = core.clone();
    negative.refund.as_mut().unwrap().forced_amount =
        Some(rust_decimal::Decimal::new(-1, 0).into());
    match request_from_core(&negative, &TranslateContext::new(&policy)) {
        Err(cancel_domain::TranslateError::Invalid(errors)) => {
            let e = errors.iter().next().unwrap();
            assert_eq!(
                (e.path.as_str(), e.kind),
                ("refund.forced_amount", cancel_domain::ErrorKind::Range),
                "{errors}"
            );
        }
        other => panic!("a negative forced amount: {other:?}"),
    }
}

#[test]
fn the_path_must_name_the_body_order() {
    let body = br#"{"order":1042,"is_all":true,"cancel_items":[],"forced_refund_amount":null,"reasons":{}}"#;
    assert!(parse_request_at("1042", body, &Default::default()).is_ok());
    let errors = parse_request_at("1043", body, &Default::default()).unwrap_err();
    assert!(errors.has("order", ErrorKind::Rule), "{errors}");
    let errors = parse_request_at("ORD-1042", body, &Default::default()).unwrap_err();
    assert!(errors.has("order_id", ErrorKind::Type), "{errors}");
    let errors = parse_request_at("0", body, &Default::default()).unwrap_err();
    assert!(errors.has("order_id", ErrorKind::Range), "{errors}");
    let http = parse_request(body, &Default::default())
        .unwrap()
        .http_request("t0k3n")
        .unwrap();
    assert_eq!(http.uri().path(), "/api/i1/orders/1042/cancel/");
    assert_eq!(http.headers()["Authorization"], "Token t0k3n");
    assert!(
        !format!("{http:?}").contains("t0k3n"),
        "the token stays out of Debug"
    );
}

fn outcome(bytes: &[u8], request: Option<&CancelRequest>) -> CancelOutcome {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy).with_request(request);
    let response = parse_response(bytes, &Default::default()).unwrap();
    response_to_core(&response, &ctx).unwrap().value
}

#[test]
fn responses_say_what_happened() {
    let waiting_code = br#"{"pk":1042,"status":"50","orderitem_set":[{"pk":5011,"status":"50"}]}"#;
    let waiting_name = br#"{"pk":1042,"status":"cancellation_waiting","orderitem_set":[{"pk":5011,"status":"cancellation_waiting"}]}"#;
    let a = outcome(waiting_code, None);
    let b = outcome(waiting_name, None);
    assert_eq!(a.status, OutcomeStatus::Requested);
    assert_eq!(
        a.phase,
        Some(cancel_domain::OrderPhase::CancellationRequested)
    );
    assert_eq!((a.status, a.phase, &a.lines), (b.status, b.phase, &b.lines));

    let mut request = CancelRequest::lines(
        "2001",
        vec![LineCancel::new("9101", None), LineCancel::new("9102", None)],
        reason(ReasonCode::Unspecified),
    );
    request.id_space = Some(Vendor::Omnitron);
    let partial = br#"{"pk":2001,"status":"400","orderitem_set":[{"pk":9101,"status":"100"},{"pk":9102,"status":"400"},{"pk":9103,"status":"100"}]}"#;
    let o = outcome(partial, Some(&request));
    assert_eq!(o.status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(o.lines.len(), 2, "only the requested items");
    assert_eq!((o.lines[0].accepted, o.lines[1].accepted), (1, 0));
    assert_eq!(o.batch_status(), cancel_domain::BatchStatus::PartialSuccess);

    let whole = br#"{"pk":2002,"status":"100"}"#;
    assert_eq!(outcome(whole, None).status, OutcomeStatus::Cancelled);

    for unclear in ["544", "545", "546", "547", "700"] {
        let bytes = format!(r#"{{"pk":2002,"status":"{unclear}"}}"#);
        let policy = Policy::default();
        let ctx = TranslateContext::new(&policy);
        let response = parse_response(bytes.as_bytes(), &Default::default()).unwrap();
        let out = response_to_core(&response, &ctx).unwrap();
        assert_eq!(out.value.status, OutcomeStatus::NeedsReview, "{unclear}");
        assert!(out
            .report
            .with_action(ReportAction::Unmapped)
            .any(|e| e.source.as_deref() == Some("status")));
    }

    // The short answer names no order: it needs the request it answers.
    let policy = Policy::default();
    let clear = parse_response(b"{}", &Default::default()).unwrap();
    assert!(matches!(clear, CancelResponse::Clear(_)));
    let refused = response_to_core(&clear, &TranslateContext::new(&policy));
    assert!(
        matches!(
            refused,
            Err(cancel_domain::TranslateError::ChangesMeaning { .. })
        ),
        "{refused:?}"
    );
    assert_eq!(
        outcome(b"{}", Some(&request)).status,
        OutcomeStatus::Requested
    );
}

#[test]
fn outcomes_become_order_details_or_are_refused() {
    let policy = Policy::default();
    let dialect = OmnitronDialect::default();
    let ctx = TranslateContext::new(&policy);
    let mut cancelled = CancelOutcome::new("1042", OutcomeStatus::Cancelled);
    cancelled.id_space = Some(Vendor::Omnitron);
    let mut out = Vec::new();
    dialect
        .response_from_core(&cancelled, &ctx, &mut out)
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        json!({"pk": 1042, "status": "100"})
    );

    let rejected = CancelOutcome::rejected("1042", CancelRejection::OrderAlreadyCancelled);
    let refused = dialect.response_from_core(&rejected, &ctx, &mut Vec::new());
    assert!(
        matches!(
            refused,
            Err(cancel_domain::TranslateError::ChangesMeaning { .. })
        ),
        "{refused:?}"
    );
    // A server answers a refusal with the error body and its status.
    let mut body = Vec::new();
    let (status, _) = dialect.answer(&rejected, &ctx, &mut body).unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        json!({"non_field_errors": ["Order already cancelled!"]})
    );
}

#[test]
fn errors_map_both_ways() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let read = |bytes: &[u8]| {
        cancel_omnitron::error_to_core(&ErrorBody::parse(bytes), &ctx)
            .unwrap()
            .value
    };
    assert_eq!(
        read(br#"{"detail":"Not found."}"#),
        CancelRejection::OrderNotFound
    );
    assert_eq!(
        read(br#"{"non_field_errors":["Order already cancelled!"]}"#),
        CancelRejection::OrderAlreadyCancelled
    );
    assert_eq!(
        read(br#"["Order cancellation already in progress."]"#),
        CancelRejection::CancellationAlreadyRequested
    );
    match read(br#"{"detail":"Invalid token."}"#) {
        CancelRejection::VendorRefusal {
            vendor,
            vendor_code,
            message,
        } => {
            assert_eq!(
                (vendor, vendor_code.as_deref(), message.as_str()),
                (Vendor::Omnitron, Some("detail"), "Invalid token.")
            );
        }
        other => panic!("{other:?}"),
    }
    match read(b"<html>502 Bad Gateway</html>") {
        CancelRejection::VendorRefusal {
            vendor_code: None,
            message,
            ..
        } => assert!(message.contains("502")),
        other => panic!("{other:?}"),
    }
    assert_eq!(error_status(&CancelRejection::OrderNotFound), 404);
    assert_eq!(
        error_status(&CancelRejection::CancellationAlreadyRequested),
        406
    );
    assert_eq!(error_status(&CancelRejection::MixedCancelAndReturn), 400);
    assert_eq!(
        error_status(&CancelRejection::UnknownVendorState {
            vendor: Vendor::Omnitron,
            value: "545".into()
        }),
        400
    );

    // Lines are named by Akinon item pk when the order is known.
    let order = order();
    let request = lines("ORD-2020-000042", &["L1"], ReasonCode::Unspecified);
    let ctx_o = TranslateContext::new(&policy)
        .with_order(Some(&order))
        .with_request(Some(&request));
    let body = cancel_omnitron::error_from_core(
        &CancelRejection::ItemAlreadyCancelled { line: "L1".into() },
        &ctx_o,
    )
    .unwrap()
    .value;
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"cancel_items": ["Order item 5011 is already cancelled."]})
    );
}

#[test]
fn unreadable_bodies_get_a_drf_answer() {
    let dialect = OmnitronDialect::default();
    let bytes = br#"{"order":1042,"cancel_items":[5011,5012],"forced_refund_amount":null,"reasons":{"5011":3}}"#;
    let errors = dialect
        .validate(PayloadKind::Request, bytes, &Default::default())
        .unwrap_err();
    let mut out = Vec::new();
    assert_eq!(dialect.invalid_answer(&errors, &mut out), 400);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        json!({"reasons": ["5012: order item 5012 is cancelled without a reason"]})
    );
    let errors = dialect
        .validate(PayloadKind::Request, b"nope", &Default::default())
        .unwrap_err();
    let mut out = Vec::new();
    dialect.invalid_answer(&errors, &mut out);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["non_field_errors"].is_array(), "{v}");
}

#[test]
fn a_core_request_with_akinon_origins_keeps_them_and_reports_free_text() {
    let core: CancelRequest = serde_json::from_value(json!({
        "order": "4242",
        "id_space": "omnitron",
        "scope": {"lines": [
            {"line": "9001", "reason": {"code": "changed_mind", "origin": {"vendor": "omnitron", "value": "3"}}},
            {"line": "9002", "reason": {"code": "other", "detail": "damaged box", "origin": {"vendor": "omnitron", "value": "7"}}}
        ]},
        "reason": {"code": "changed_mind"},
        "refund": {"cargo_refund": true, "forced_amount": "149.90", "invoice_number": "INV-2026-0001",
                   "ibans": {"9001": "TR330006100519786457841326"}, "holder_names": {"9001": "Ayse Yilmaz"}},
        "idempotency_key": "c2b1c0de-0001"
    }))
    .unwrap();
    let policy = Policy::default();
    let out = request_from_core(&core, &TranslateContext::new(&policy)).unwrap();
    assert_eq!(
        serde_json::to_value(&out.value).unwrap(),
        json!({
            "order": 4242, "is_all": false, "cancel_items": [9001, 9002],
            "forced_refund_amount": "149.90", "reasons": {"9001": 3, "9002": 7},
            "is_cargo_refund": true, "refund_invoice_number": "INV-2026-0001",
            "ibans": {"9001": "TR330006100519786457841326"}, "holder_names": {"9001": "Ayse Yilmaz"}
        })
    );
    let dropped: Vec<&str> = out
        .report
        .with_action(ReportAction::Dropped)
        .filter_map(|e| e.source.as_deref())
        .collect();
    assert_eq!(dropped, ["scope.lines[1].reason.detail", "idempotency_key"]);
}

/// A reason table copied from Akinon: the `CancellationReason` records of
/// `GET .../cancellation_reasons/` carry `extra_information_needed`, `order` (a UI sort
/// position), `send_to_remote`, `translations`, `uuid` and the dates. The policy accepts
/// them (typos are still refused), and `ReasonTable::from_json` reads the answer itself.
#[test]
fn a_reason_table_copied_from_akinon_records_is_accepted() {
    let page = include_bytes!("fixtures/cancellation_reasons_page.json");
    // As the policy section: the documented record fields plus a canonical code.
    let page_json: serde_json::Value = serde_json::from_slice(page).unwrap();
    let mut records: Vec<serde_json::Value> = page_json["results"].as_array().unwrap().clone();
    for r in &mut records {
        r.as_object_mut().unwrap().remove("is_default");
    }
    records[0]["code"] = json!("changed_mind");
    let from_policy = OmnitronDialect::from_policy(&policy(json!({ "reasons": records }))).unwrap();
    assert_eq!(from_policy.reasons().entries().len(), 3);
    let typo =
        policy(json!({"reasons": [{"pk": 3, "subject": "a", "cancelation_type": "refund"}]}));
    assert!(OmnitronDialect::from_policy(&typo).is_err());

    // As the GET answer (a DRF page; unknown record keys such as `is_default` ignored).
    let table = cancel_omnitron::ReasonTable::from_json(page).unwrap();
    assert_eq!(table.entries().len(), 3);
    assert_eq!(table.entries()[0].order, Some(1.into()));
    let dialect = OmnitronDialect::default().with_reasons(table).unwrap();
    let limits = Default::default();
    let body = |r: u64| {
        format!(
            r#"{{"order":1042,"cancel_items":[11],"forced_refund_amount":null,"reasons":{{"11":{r}}}}}"#
        )
    };
    assert!(cancel_domain::VendorApi::parse_request(&dialect, body(3).as_bytes(), &limits).is_ok());
    for refused in [9, 10, 77] {
        let errors =
            cancel_domain::VendorApi::parse_request(&dialect, body(refused).as_bytes(), &limits)
                .unwrap_err();
        assert!(
            errors.has("reasons.11", ErrorKind::Rule),
            "{refused}: {errors:?}"
        );
    }
    // A bare list reads too; a page without `results`, or a record without `pk`, does not.
    let bare = serde_json::to_vec(&page_json["results"]).unwrap();
    assert_eq!(
        cancel_omnitron::ReasonTable::from_json(&bare)
            .unwrap()
            .entries()
            .len(),
        3
    );
    let no_results = cancel_omnitron::ReasonTable::from_json(br#"{"count":0}"#).unwrap_err();
    assert!(no_results.has("results", ErrorKind::Missing));
    let no_pk = cancel_omnitron::ReasonTable::from_json(br#"[{"subject":"x"}]"#).unwrap_err();
    assert!(no_pk.has("[0]", ErrorKind::Missing));
    let twice = cancel_omnitron::ReasonTable::from_json(
        br#"[{"pk":3,"subject":"a"},{"pk":3,"subject":"b"}]"#,
    )
    .unwrap_err();
    assert!(twice.0.iter().any(|e| e.kind == ErrorKind::Duplicate));
    // `reason_id` must stay usable with the new table.
    let with_default = OmnitronDialect::from_policy(&policy(json!({"reason_id": 9}))).unwrap();
    let refund_table = cancel_omnitron::ReasonTable::from_json(page).unwrap();
    assert!(with_default.with_reasons(refund_table).is_err());
}
