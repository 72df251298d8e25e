//! IBANs and holder names never reach Debug output, error messages or translation reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use cancel_domain::{CancelScope, Dialect, Order, PayloadKind, Policy, TranslateContext, Vendor};
use cancel_omnitron::{
    error::ErrorBody, parse_request, request_from_core, request_to_core, OmnitronDialect,
};
use common::{fixtures, read, table_policy};

/// The bank data of tests/fixtures/request/valid/fund_transfer_bank_data.json.
fn secrets(bytes: &[u8]) -> Vec<String> {
    let body: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let mut out = Vec::new();
    for field in ["ibans", "holder_names"] {
        for v in body[field].as_object().unwrap().values() {
            out.push(v.as_str().unwrap().to_owned());
        }
    }
    assert!(out.iter().any(|s| s.starts_with("TR33")), "{out:?}");
    out
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(!text.contains(s.as_str()), "{what} leaks {s:?}: {text}");
        // Also not in pieces (an IBAN without its country code, a first name).
        if let Some(tail) = s.get(4..) {
            if tail.len() >= 10 {
                assert!(
                    !text.contains(tail),
                    "{what} leaks a part of an IBAN: {text}"
                );
            }
        }
        if let Some(first) = s.split_whitespace().next() {
            if first.len() > 3 && !first.starts_with("TR") {
                assert!(!text.contains(first), "{what} leaks a name: {text}");
            }
        }
    }
}

#[test]
fn bank_data_from_a_fixture_never_shows_in_debug_errors_or_reports() {
    let bytes = read(&fixtures().join("request/valid/fund_transfer_bank_data.json"));
    let secrets = secrets(&bytes);
    let text = String::from_utf8(bytes.clone()).unwrap();

    for policy in [Policy::default(), table_policy()] {
        let ctx = TranslateContext::new(&policy);
        let dialect = OmnitronDialect::from_policy(&policy).unwrap();

        // Parsed wire value.
        let call = parse_request(&bytes, &Default::default()).unwrap();
        assert_clean("Debug of the call", &format!("{call:?}"), &secrets);
        assert_clean("pretty Debug of the call", &format!("{call:#?}"), &secrets);

        // To the core and back: values, Debug, reports (Display, Debug, JSON).
        let core = request_to_core(&call, &ctx).unwrap();
        assert_clean(
            "Debug of the core request",
            &format!("{:?}", core.value),
            &secrets,
        );
        assert_clean("report", &core.report.to_string(), &secrets);
        assert_clean(
            "Debug of the report",
            &format!("{:?}", core.report),
            &secrets,
        );
        assert_clean(
            "JSON report",
            &serde_json::to_string(&core.report).unwrap(),
            &secrets,
        );
        let refund = core.value.refund.as_ref().unwrap();
        assert_eq!(refund.ibans.len(), 2, "the payload still carries the data");
        let back = request_from_core(&core.value, &ctx).unwrap();
        assert_clean("outbound report", &back.report.to_string(), &secrets);
        assert_clean("Debug of the outbound call", &format!("{back:?}"), &secrets);
        assert_eq!(back.value, call);

        // A translation refused because a line has no Akinon pk: the error names no bank data.
        let mut foreign = core.value.clone();
        foreign.id_space = Some(Vendor::Mozu);
        let order: Order = serde_json::from_value(serde_json::json!({
            "id": "2004",
            "vendor_ids": {"mozu": "2004", "omnitron": "2004"},
            "lines": [
                {"id": "9401", "vendor_ids": {"omnitron": "9401"}, "quantities": {"ordered": 1}},
                {"id": "9402", "vendor_ids": {"omnitron": "ITEM-9402"}, "quantities": {"ordered": 1}}
            ]
        }))
        .unwrap();
        let ctx_with_order = ctx.with_order(Some(&order));
        let err = request_from_core(&foreign, &ctx_with_order).unwrap_err();
        assert_clean("translate error", &err.to_string(), &secrets);
        assert_clean(
            "Debug of the translate error",
            &format!("{err:?}"),
            &secrets,
        );

        // Validation errors and strict findings of bodies carrying the same data.
        let broken = text.replace(
            "\"cancel_items\": [\n    9401,",
            "\"cancel_items\": [\n    9401,\n    9401,",
        );
        assert_ne!(broken, text);
        let errors = dialect
            .validate(PayloadKind::Request, broken.as_bytes(), &Default::default())
            .unwrap_err();
        assert_clean("validation errors", &errors.to_string(), &secrets);
        assert_clean(
            "Debug of validation errors",
            &format!("{errors:?}"),
            &secrets,
        );

        let bad_iban = text.replace("41326", "41327");
        let findings = dialect
            .validate(
                PayloadKind::Request,
                bad_iban.as_bytes(),
                &Default::default(),
            )
            .unwrap();
        assert!(!findings.is_empty(), "a failing checksum is flagged");
        assert_clean("strict findings", &format!("{findings:?}"), &secrets);

        let iban_as_number = text.replacen(
            "\"TR330006100519786457841326\"",
            "330006100519786457841326",
            1,
        );
        let errors = dialect
            .validate(
                PayloadKind::Request,
                iban_as_number.as_bytes(),
                &Default::default(),
            )
            .unwrap_err();
        assert!(
            errors.has("ibans.9401", cancel_domain::ErrorKind::Type),
            "{errors}"
        );
        assert_clean("type error", &errors.to_string(), &secrets);

        // The answer a server sends to an unreadable body.
        let mut answer = Vec::new();
        dialect.invalid_answer(&errors, &mut answer);
        assert_clean(
            "invalid answer",
            &String::from_utf8_lossy(&answer),
            &secrets,
        );
    }
}

#[test]
fn error_bodies_that_echo_bank_data_are_withheld() {
    let bytes = read(&fixtures().join("error/valid/400_iban_rejected.json"));
    let secrets = vec!["TR330006100519786457841326".to_owned()];
    let body = ErrorBody::parse(&bytes);
    assert_clean("Debug of the error body", &format!("{body:?}"), &secrets);
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let rejection = cancel_omnitron::error_to_core(&body, &ctx).unwrap();
    assert_clean("rejection", &format!("{:?}", rejection.value), &secrets);
    assert_clean("rejection text", &rejection.value.to_string(), &secrets);
    assert_clean("report", &rejection.report.to_string(), &secrets);
    // The body itself still round-trips for whoever must relay it.
    let mut out = Vec::new();
    body.write(&mut out).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
    );
}

#[test]
fn the_core_keeps_bank_data_out_of_debug_but_in_the_payload() {
    let bytes = read(&fixtures().join("request/valid/fund_transfer_bank_data.json"));
    let secrets = secrets(&bytes);
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let core = Dialect::request_to_core(&OmnitronDialect::default(), &bytes, &ctx).unwrap();
    assert!(matches!(core.value.scope, CancelScope::Lines { .. }));
    let json = serde_json::to_string(&core.value).unwrap();
    assert!(
        json.contains(&secrets[0]),
        "the core JSON carries the IBAN to its target"
    );
    assert_clean("Debug", &format!("{:?}", core.value.refund), &secrets);
}
