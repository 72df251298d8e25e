//! Fixture-driven tests: every file under tests/fixtures is a case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use cancel_domain::{CancelRequest, Dialect, PayloadKind, Policy, TranslateContext, Vendor};
use cancel_omnitron::{parse_request, parse_response, wire::CancelOrderRequest, OmnitronDialect};
use common::{expectations, files, name, read, table_policy};

const KINDS: [(&str, PayloadKind); 3] = [
    ("request", PayloadKind::Request),
    ("response", PayloadKind::Response),
    ("error", PayloadKind::Error),
];

/// The kinds with an `invalid/` directory: an error body is read "never failing" (a body
/// that is not Akinon's is kept as text), so there is no invalid error body.
const WITH_INVALID: [(&str, PayloadKind); 2] = [
    ("request", PayloadKind::Request),
    ("response", PayloadKind::Response),
];

fn dialects() -> Vec<(&'static str, OmnitronDialect)> {
    vec![
        ("no reason table", OmnitronDialect::default()),
        (
            "reason table",
            OmnitronDialect::from_policy(&table_policy()).unwrap(),
        ),
    ]
}

fn as_json(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_slice(bytes).ok()
}

#[test]
fn fixture_counts() {
    let count = |kinds: &[(&str, PayloadKind)], group: &str| -> usize {
        kinds.iter().map(|(k, _)| files(k, group).len()).sum()
    };
    let (valid, invalid) = (count(&KINDS, "valid"), count(&WITH_INVALID, "invalid"));
    assert!(valid >= 12, "valid fixtures: {valid}");
    assert!(invalid >= 16, "invalid fixtures: {invalid}");
    assert!(!files("response", "valid").is_empty());
    assert!(!files("error", "valid").is_empty());
}

#[test]
fn valid_fixtures_validate_cleanly_and_normalize_to_themselves() {
    for (label, dialect) in dialects() {
        for (kind, payload) in KINDS {
            for path in files(kind, "valid") {
                let bytes = read(&path);
                let findings = dialect
                    .validate(payload, &bytes, &Default::default())
                    .unwrap_or_else(|e| panic!("{label}: {kind}/{}: {e}", name(&path)));
                assert!(findings.is_empty(), "{kind}/{}: {findings:?}", name(&path));
                let mut out = Vec::new();
                dialect
                    .normalize(payload, &bytes, &Default::default(), &mut out)
                    .unwrap();
                assert_eq!(
                    as_json(&out),
                    as_json(&bytes),
                    "{kind}/{} changed on normalize",
                    name(&path)
                );
                assert!(as_json(&out).is_some(), "{kind}/{}", name(&path));
            }
        }
    }
}

#[test]
fn strict_fixtures_are_valid_but_flagged() {
    let dialect = OmnitronDialect::default();
    for (kind, payload) in KINDS {
        let expected = expectations(kind, "strict");
        let listed: Vec<String> = files(kind, "strict").iter().map(|p| name(p)).collect();
        let mut names: Vec<String> = expected.iter().map(|e| e.0.clone()).collect();
        names.sort();
        assert_eq!(
            names, listed,
            "{kind}/strict/expectations.tsv lists every file"
        );
        for (file, at, what) in expected {
            let bytes = read(&common::fixtures().join(kind).join("strict").join(&file));
            let findings = dialect
                .validate(payload, &bytes, &Default::default())
                .unwrap_or_else(|e| panic!("{kind}/strict/{file}: {e}"));
            let first = findings
                .first()
                .unwrap_or_else(|| panic!("{kind}/strict/{file}: no finding"));
            assert_eq!(
                (first.path.as_str(), first.kind.to_string().as_str()),
                (at.as_str(), what.as_str()),
                "{kind}/strict/{file}: {findings:?}"
            );
            // Normalize keeps them as they are too.
            let mut out = Vec::new();
            dialect
                .normalize(payload, &bytes, &Default::default(), &mut out)
                .unwrap();
            match as_json(&bytes) {
                Some(v) => assert_eq!(as_json(&out), Some(v), "{kind}/strict/{file}"),
                None => assert_eq!(out, bytes, "{kind}/strict/{file}: text is kept as sent"),
            }
        }
    }
}

#[test]
fn invalid_fixtures_fail_with_their_path_and_kind() {
    let dialect = OmnitronDialect::default();
    for (kind, payload) in WITH_INVALID {
        let expected = expectations(kind, "invalid");
        let listed: Vec<String> = files(kind, "invalid").iter().map(|p| name(p)).collect();
        let mut names: Vec<String> = expected.iter().map(|e| e.0.clone()).collect();
        names.sort();
        assert_eq!(
            names, listed,
            "{kind}/invalid/expectations.tsv lists every file"
        );
        for (file, at, what) in expected {
            let bytes = read(&common::fixtures().join(kind).join("invalid").join(&file));
            let errors = dialect
                .validate(payload, &bytes, &Default::default())
                .expect_err(&format!("{kind}/invalid/{file} must be rejected"));
            let first = &errors.0[0];
            assert_eq!(
                (first.path.as_str(), first.kind.to_string().as_str()),
                (at.as_str(), what.as_str()),
                "{kind}/invalid/{file}: {errors}"
            );
            assert!(!first.message.is_empty());
        }
    }
}

#[test]
fn decimal_strings_stay_exactly_as_written() {
    let bytes = read(&common::fixtures().join("request/valid/forced_refund_amount.json"));
    let call = parse_request(&bytes, &Default::default()).unwrap();
    let amount = call.body.forced_refund_amount.clone().flatten().unwrap();
    assert_eq!(amount.as_str(), "149.90");
    assert_eq!(
        serde_json::to_value(&call).unwrap()["forced_refund_amount"],
        "149.90"
    );

    let bytes = read(&common::fixtures().join("response/valid/detail_partial_cancel.json"));
    let response = parse_response(&bytes, &Default::default()).unwrap();
    let cancel_omnitron::wire::CancelResponse::Order(detail) = &response else {
        panic!("an order detail");
    };
    assert_eq!(detail.items()[0].price.as_ref().unwrap().as_str(), "149.90");
    let written = serde_json::to_value(&response).unwrap();
    assert_eq!(written["amount"], "449.70");
    assert_eq!(written["orderitem_set"][0]["price"], "149.90");
}

fn identity(label: &str, policy: &Policy) {
    let dialect = OmnitronDialect::from_policy(policy).unwrap();
    let ctx = TranslateContext::new(policy);
    for path in files("request", "valid")
        .into_iter()
        .chain(files("request", "strict"))
    {
        let bytes = read(&path);
        let call =
            cancel_domain::VendorApi::parse_request(&dialect, &bytes, &Default::default()).unwrap();
        let core = cancel_domain::VendorApi::request_to_core(&dialect, call.clone(), &ctx).unwrap();
        assert_eq!(core.value.id_space, Some(Vendor::Omnitron));
        // Through the core's JSON form, as the CLI would carry it.
        let core_json = serde_json::to_vec(&core.value).unwrap();
        let core_again: CancelRequest = serde_json::from_slice(&core_json).unwrap();
        assert_eq!(core_again, core.value, "{label}: {}", name(&path));
        let back =
            cancel_domain::VendorApi::request_from_core(&dialect, &core_again, &ctx).unwrap();
        assert_eq!(back.value, call, "{label}: {}", name(&path));
        assert!(
            back.report.is_clean(),
            "{label}: {}: {}",
            name(&path),
            back.report
        );
        assert_eq!(
            as_json(&serde_json::to_vec(&back.value).unwrap()),
            as_json(&bytes),
            "{label}: {}",
            name(&path)
        );
        // And through the byte-level dialect API.
        let mut out = Vec::new();
        Dialect::request_from_core(&dialect, &core.value, &ctx, &mut out).unwrap();
        assert_eq!(as_json(&out), as_json(&bytes), "{label}: {}", name(&path));
    }
}

#[test]
fn omnitron_to_core_to_omnitron_is_the_identity_without_a_reason_table() {
    identity("no table", &Policy::default());
}

#[test]
fn omnitron_to_core_to_omnitron_is_the_identity_with_a_reason_table() {
    identity("table", &table_policy());
}

#[test]
fn responses_survive_a_trip_through_the_core() {
    let policy = Policy::default();
    let dialect = OmnitronDialect::default();
    for path in files("response", "valid")
        .into_iter()
        .chain(files("response", "strict"))
    {
        let bytes = read(&path);
        let request = CancelRequest::whole_order(
            "2005",
            cancel_domain::CancelReason::new(cancel_domain::ReasonCode::Unspecified),
        );
        let ctx = TranslateContext::new(&policy).with_request(Some(&request));
        let outcome = Dialect::response_to_core(&dialect, &bytes, &ctx)
            .unwrap_or_else(|e| panic!("{}: {e}", name(&path)));
        let mut out = Vec::new();
        let report = dialect
            .response_from_core(&outcome.value, &ctx, &mut out)
            .unwrap();
        assert!(report.is_clean(), "{}: {report}", name(&path));
        assert_eq!(as_json(&out), as_json(&bytes), "{}", name(&path));
    }
}

#[test]
fn every_error_body_reads_into_a_rejection() {
    // The rejection each error fixture reads as: the bodies Akinon documents map to a typed
    // rejection, field errors to an invalid request, any other JSON to the vendor's own
    // refusal. (A body that is not JSON is an
    // invalid fixture: the dialect refuses it as `syntax`, as for every vendor.)
    const EXPECTED: &[(&str, &str)] = &[
        ("400_iban_rejected.json", "invalid_request"),
        ("400_message_list.json", "cancellation_already_requested"),
        ("400_missing_fields.json", "invalid_request"),
        ("400_nested_item_errors.json", "invalid_request"),
        (
            "400_order_already_cancelled.json",
            "order_already_cancelled",
        ),
        ("400_status_refuses_cancel.json", "vendor_refusal"),
        ("401_invalid_token.json", "vendor_refusal"),
        ("401_no_credentials.json", "vendor_refusal"),
        ("404_not_found.json", "order_not_found"),
        ("406_batch_request_clash.json", "vendor_refusal"),
        ("bare_number.json", "vendor_refusal"),
    ];
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let dialect = OmnitronDialect::default();
    let mut seen = Vec::new();
    for path in files("error", "valid")
        .into_iter()
        .chain(files("error", "strict"))
    {
        let bytes = read(&path);
        let rejection = dialect
            .error_to_core(&bytes, &ctx)
            .unwrap_or_else(|e| panic!("{}: {e}", name(&path)));
        let file = name(&path);
        let expected = EXPECTED
            .iter()
            .find(|(f, _)| *f == file)
            .unwrap_or_else(|| panic!("{file}: no expected rejection in EXPECTED"))
            .1;
        assert_eq!(rejection.value.code(), expected, "{file}");
        seen.push(file);
    }
    assert_eq!(
        seen.len(),
        EXPECTED.len(),
        "a fixture of EXPECTED is missing: {seen:?}"
    );
}

#[test]
fn the_request_kind_is_the_body_and_the_path_comes_from_it() {
    for path in files("request", "valid") {
        let call: CancelOrderRequest = parse_request(&read(&path), &Default::default()).unwrap();
        assert_eq!(call.order_id, call.body.order, "{}", name(&path));
        assert_eq!(
            call.path(),
            format!("/api/i1/orders/{}/cancel/", call.body.order)
        );
    }
}

#[test]
fn schemas_accept_every_valid_fixture_and_catch_shape_errors() {
    let dialect = OmnitronDialect::default();
    for (kind, payload) in KINDS {
        let schema = dialect.schema(payload);
        let validator = jsonschema::validator_for(&schema).unwrap();
        for path in files(kind, "valid")
            .into_iter()
            .chain(files(kind, "strict"))
        {
            let Some(value) = as_json(&read(&path)) else {
                continue;
            };
            assert!(
                validator.is_valid(&value),
                "{kind}/{} against its schema",
                name(&path)
            );
        }
    }
    let validator = jsonschema::validator_for(&dialect.schema(PayloadKind::Request)).unwrap();
    for file in [
        "order_as_string.json",
        "order_zero.json",
        "forced_amount_float.json",
        "forced_amount_negative.json",
        "reason_key_not_integer.json",
        "reason_key_leading_zero.json",
        "cancel_items_as_object.json",
        "duplicate_item.json",
        "reasons_absent.json",
    ] {
        let value = as_json(&read(
            &common::fixtures().join("request/invalid").join(file),
        ))
        .unwrap();
        assert!(
            !validator.is_valid(&value),
            "the request schema accepts {file}"
        );
    }
    let validator = jsonschema::validator_for(&dialect.schema(PayloadKind::Response)).unwrap();
    for file in [
        "amount_as_number.json",
        "number_as_integer.json",
        "status_as_number.json",
        "item_missing_pk.json",
    ] {
        let value = as_json(&read(
            &common::fixtures().join("response/invalid").join(file),
        ))
        .unwrap();
        assert!(
            !validator.is_valid(&value),
            "the response schema accepts {file}"
        );
    }
}
