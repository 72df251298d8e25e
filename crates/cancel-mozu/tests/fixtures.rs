//! The mozu dialect over its fixture directories: valid fixtures validate (strict ones with
//! findings), normalize to themselves and survive mozu → core → mozu; invalid fixtures fail
//! with the expected wire path and kind; the JSON Schemas agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may

mod common;

use std::collections::BTreeSet;

use cancel_domain::{
    json::Limits, CoreDialect, Dialect, PayloadKind, Policy, ReasonCode, ReportAction,
    TranslateContext,
};
use cancel_mozu::wire::OrderIdSpelling;
use cancel_mozu::MozuDialect;
use common::{expectations, fixtures, json, name, read, root};

const KINDS: [(PayloadKind, &str); 3] = [
    (PayloadKind::Request, "request"),
    (PayloadKind::Response, "response"),
    (PayloadKind::Error, "error"),
];

/// The kinds with an `invalid/` directory: an error body is read "never failing" (a body
/// that is not Kibo's is kept as text), so there is no invalid error body.
const WITH_INVALID: [(PayloadKind, &str); 2] = [
    (PayloadKind::Request, "request"),
    (PayloadKind::Response, "response"),
];

fn dialect() -> MozuDialect {
    MozuDialect::from_policy(&Policy::default()).unwrap()
}

fn valid(kind: &str) -> Vec<std::path::PathBuf> {
    let mut files = fixtures(kind, "valid");
    files.extend(fixtures(kind, "strict"));
    files
}

#[test]
fn there_are_enough_fixtures() {
    assert!(
        fixtures("request", "valid").len() >= 11,
        "10 valid requests beyond the seed"
    );
    assert!(fixtures("request", "invalid").len() >= 10);
    assert!(!fixtures("response", "valid").is_empty());
    assert!(!fixtures("error", "valid").is_empty());
}

#[test]
fn valid_fixtures_validate_and_strict_ones_have_findings() {
    let d = dialect();
    for (kind, dir) in KINDS {
        for file in fixtures(dir, "valid") {
            let findings = d
                .validate(kind, &read(&file), &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            // Valid requests and error bodies are clean even under --strict. A rich Get Order
            // body carries sections whose keys the vendor does not document (strict findings).
            if kind != PayloadKind::Response {
                assert_eq!(findings, vec![], "{}", file.display());
            }
        }
        for file in fixtures(dir, "strict") {
            let findings = d
                .validate(kind, &read(&file), &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                !findings.is_empty(),
                "{} has no strict finding",
                file.display()
            );
        }
    }
}

#[test]
fn strict_findings_name_their_paths() {
    let d = dialect();
    let findings = |kind, file: &str| {
        d.validate(kind, &read(&root().join(file)), &Limits::DEFAULT)
            .unwrap()
            .into_iter()
            .map(|e| (e.path, e.kind.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        findings(
            PayloadKind::Request,
            "request/strict/unknown_field_send_emails.json"
        ),
        [(
            "sendCancellationEmails".to_owned(),
            "unknown_field".to_owned()
        )]
    );
    assert_eq!(
        findings(
            PayloadKind::Request,
            "request/strict/other_text_over_255_once_entity_encoded.json"
        ),
        [("dispositionOtherReason".to_owned(), "range".to_owned())]
    );
    assert_eq!(
        findings(
            PayloadKind::Request,
            "request/strict/other_text_with_emoji.json"
        ),
        [("dispositionOtherReason".to_owned(), "rule".to_owned())]
    );
    assert_eq!(
        findings(
            PayloadKind::Response,
            "response/strict/item_of_another_order.json"
        ),
        [
            ("orderItems[0].itemState".to_owned(), "enum".to_owned()),
            ("orderItems[0].orderID".to_owned(), "rule".to_owned()),
        ]
    );
    assert_eq!(
        findings(
            PayloadKind::Response,
            "response/strict/order_date_not_iso.json"
        ),
        [("orderDate".to_owned(), "rule".to_owned())]
    );
    assert_eq!(
        findings(PayloadKind::Error, "error/strict/undocumented_code.json"),
        [("code".to_owned(), "enum".to_owned())]
    );
    let rich = findings(
        PayloadKind::Response,
        "response/valid/get_order_canceled_rich.json",
    );
    assert!(rich.contains(&("tax".to_owned(), "unknown_field".to_owned())));
    assert!(rich.contains(&(
        "orderItems[1].quantity".to_owned(),
        "unknown_field".to_owned()
    )));
    assert!(!rich
        .iter()
        .any(|(p, _)| p == "customer" || p == "orderItems"));
}

#[test]
fn every_valid_fixture_normalizes_to_itself() {
    let d = dialect();
    for (kind, dir) in KINDS {
        for file in valid(dir) {
            let bytes = read(&file);
            let mut out = Vec::new();
            d.normalize(kind, &bytes, &Limits::DEFAULT, &mut out)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(before) => assert_eq!(before, json(&out), "{} changed", file.display()),
                // Error bodies that are not JSON are written back byte for byte.
                Err(_) => assert_eq!(bytes, out, "{} changed", file.display()),
            }
        }
    }
}

#[test]
fn invalid_fixtures_fail_with_the_expected_path_and_kind() {
    let d = dialect();
    for (kind, dir) in WITH_INVALID {
        let expected = expectations(dir);
        let files: BTreeSet<String> = fixtures(dir, "invalid").iter().map(|p| name(p)).collect();
        let listed: BTreeSet<String> = expected.iter().map(|(f, _, _)| f.clone()).collect();
        assert_eq!(
            files, listed,
            "{dir}: every invalid fixture needs one expectation line"
        );
        for (file, path, error_kind) in expected {
            let bytes = read(&root().join(dir).join("invalid").join(&file));
            let errors = d.validate(kind, &bytes, &Limits::DEFAULT).expect_err(&file);
            let first = &errors.0[0];
            assert_eq!(
                (first.path.as_str(), first.kind.to_string().as_str()),
                (path.as_str(), error_kind.as_str()),
                "{dir}/{file}: {errors}"
            );
            // The typed entry points stop at an error the dialect reports too.
            let typed = match kind {
                PayloadKind::Request => cancel_mozu::parse_request(&bytes, &Limits::DEFAULT).err(),
                PayloadKind::Response => {
                    cancel_mozu::parse_response(&bytes, &Limits::DEFAULT).err()
                }
                // Error bodies always parse (text is kept for the client to read).
                PayloadKind::Error => continue,
            };
            if let Some(typed) = typed {
                for error in &typed.0 {
                    assert!(
                        errors.0.contains(error),
                        "{dir}/{file}: {error} not in {errors}"
                    );
                }
            }
        }
    }
}

#[test]
fn messages_never_repeat_the_free_text() {
    let d = dialect();
    let bytes = br#"{"orderId":1,"dispositionReason":"customer_changed_mind","dispositionOtherReason":"Jane Example, jane@example.invalid"}"#;
    let errors = d
        .validate(PayloadKind::Request, bytes, &Limits::DEFAULT)
        .unwrap_err();
    assert!(!errors.to_string().contains("jane"), "{errors}");
}

/// mozu → core → mozu is the identity for every valid request, and the mozu → core report
/// lists exactly the fields the core does not carry: undocumented keys, and the `orderID`
/// spelling.
#[test]
fn requests_survive_mozu_core_mozu_and_the_report_lists_exactly_what_the_core_lacks() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for file in valid("request") {
        let bytes = read(&file);
        let original = json(&bytes);
        let request = cancel_mozu::parse_request(&bytes, &Limits::DEFAULT).unwrap();

        let core = cancel_mozu::request_to_core(&request, &ctx).unwrap();
        let expected: BTreeSet<String> = original
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| {
                !matches!(
                    k.as_str(),
                    "orderId" | "dispositionReason" | "dispositionOtherReason"
                )
            })
            .cloned()
            .collect();
        let reported: BTreeSet<String> = core
            .report
            .entries
            .iter()
            .map(|e| {
                assert_eq!(
                    e.action,
                    ReportAction::Unmapped,
                    "{}: {e:?}",
                    file.display()
                );
                e.source.clone().unwrap().into_owned()
            })
            .collect();
        assert_eq!(reported, expected, "{}", file.display());
        assert_eq!(
            core.report.entries.len(),
            expected.len(),
            "{}",
            file.display()
        );

        // What the core carries, it carries faithfully.
        let order_id = original
            .get("orderId")
            .or_else(|| original.get("orderID"))
            .unwrap();
        assert_eq!(
            core.value.order.as_str(),
            order_id.to_string(),
            "{}",
            file.display()
        );
        assert_eq!(core.value.id_space, Some(cancel_domain::Vendor::Mozu));
        assert!(core.value.is_whole_order());
        let raw_reason = original["dispositionReason"].as_str().unwrap();
        assert_eq!(
            core.value.reason.origin_at(cancel_domain::Vendor::Mozu),
            Some(raw_reason)
        );
        assert_eq!(
            core.value.reason.detail.as_deref(),
            original
                .get("dispositionOtherReason")
                .and_then(|v| v.as_str())
        );
        let code = match raw_reason {
            "customer_changed_mind" => ReasonCode::ChangedMind,
            "created_by_mistake" => ReasonCode::OrderedByMistake,
            _ => ReasonCode::Other,
        };
        assert_eq!(core.value.reason.code, code);

        // The core request is a valid core document.
        let core_json = serde_json::to_vec(&core.value).unwrap();
        assert_eq!(
            CoreDialect.validate(PayloadKind::Request, &core_json, &Limits::DEFAULT),
            Ok(vec![]),
            "{}",
            file.display()
        );

        let back = cancel_mozu::request_from_core(&core.value, &ctx).unwrap();
        assert!(
            back.report.is_clean(),
            "{}: {}",
            file.display(),
            back.report
        );
        assert_eq!(back.value, request, "{}", file.display());
        assert_eq!(
            serde_json::to_value(&back.value).unwrap(),
            original,
            "{}",
            file.display()
        );
    }
}

#[test]
fn the_dialect_round_trips_requests_through_core_json() {
    // The path the CLI takes: bytes → core JSON → bytes.
    let d = dialect();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for file in valid("request") {
        let bytes = read(&file);
        let core = d.request_to_core(&bytes, &ctx).unwrap();
        let core_json = serde_json::to_vec(&core.value).unwrap();
        let core_again: cancel_domain::CancelRequest =
            cancel_domain::json::parse(&core_json, &Limits::DEFAULT).unwrap();
        let mut out = Vec::new();
        let report = Dialect::request_from_core(&d, &core_again, &ctx, &mut out).unwrap();
        assert!(report.is_clean(), "{}", file.display());
        assert_eq!(json(&out), json(&bytes), "{}", file.display());
    }
}

#[test]
fn the_order_id_spelling_is_kept() {
    let request = cancel_mozu::parse_request(
        &read(&root().join("request/valid/vendor_docs_spelling_orderID.json")),
        &Limits::DEFAULT,
    )
    .unwrap();
    assert_eq!(request.order_id_spelling, OrderIdSpelling::OrderID);
    let seed = cancel_mozu::parse_request(
        &read(&root().join("request/valid/seed_example.json")),
        &Limits::DEFAULT,
    )
    .unwrap();
    assert_eq!(seed.order_id_spelling, OrderIdSpelling::OrderId);
}

/// mozu → core → mozu for responses: the identity whenever `orderState` and `orderStatus`
/// are both present (a body with only one of them gains the other, `CANCELED`).
#[test]
fn responses_survive_mozu_core_mozu() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for file in valid("response") {
        let bytes = read(&file);
        let original = json(&bytes);
        let response = cancel_mozu::parse_response(&bytes, &Limits::DEFAULT).unwrap();
        let core = cancel_mozu::response_to_core(&response, &ctx).unwrap();

        let state = original.get("orderState").and_then(|v| v.as_str());
        let status = original.get("orderStatus").and_then(|v| v.as_str());
        let decisive = state.or(status);
        let cancelled = decisive == Some("CANCELED");
        assert_eq!(
            core.value.status,
            if cancelled {
                cancel_domain::OutcomeStatus::Cancelled
            } else {
                cancel_domain::OutcomeStatus::NeedsReview
            },
            "{}",
            file.display()
        );

        // Exactly the top-level keys the outcome has no place for are reported.
        let mut expected: BTreeSet<String> =
            original.as_object().unwrap().keys().cloned().collect();
        expected.remove("orderID");
        if cancelled {
            expected.remove(if state.is_some() {
                "orderState"
            } else {
                "orderStatus"
            });
            if state.is_some() && status == Some("CANCELED") {
                expected.remove("orderStatus");
            }
        }
        let reported: BTreeSet<String> = core
            .report
            .entries
            .iter()
            .map(|e| {
                assert_eq!(e.action, ReportAction::Unmapped);
                e.source.clone().unwrap().into_owned()
            })
            .collect();
        assert_eq!(reported, expected, "{}", file.display());

        if state.is_some() && status.is_some() {
            let back = cancel_mozu::response_from_core(&core.value, &ctx).unwrap();
            assert_eq!(
                serde_json::to_value(&back.value).unwrap(),
                original,
                "{}",
                file.display()
            );
            assert_eq!(back.value, response, "{}", file.display());
        }
    }
}

/// mozu → core → mozu for error bodies: the identity whenever nothing was reported lost
/// (and the body names its status, which the output always does).
#[test]
fn error_bodies_survive_mozu_core_mozu_when_nothing_is_reported() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut identities = 0;
    for file in valid("error") {
        let bytes = read(&file);
        let body = cancel_mozu::parse_error(&bytes, &Limits::DEFAULT).unwrap();
        let core = cancel_mozu::error_to_core(&body, &ctx).unwrap();
        let names_itself = match &body {
            cancel_mozu::error::ErrorBody::Known(e) => e.name.is_some(),
            _ => true,
        };
        if core.report.is_clean() && names_itself {
            let back = cancel_mozu::error_from_core(&core.value, &ctx).unwrap();
            let mut out = Vec::new();
            back.value.write(&mut out).unwrap();
            match (
                serde_json::from_slice::<serde_json::Value>(&bytes),
                serde_json::from_slice::<serde_json::Value>(&out),
            ) {
                (Ok(before), Ok(after)) => assert_eq!(before, after, "{}", file.display()),
                _ => assert_eq!(out, bytes, "{}", file.display()),
            }
            identities += 1;
        }
    }
    // Text bodies (gateway pages) are no longer error fixtures: validation says `syntax`,
    // and a refusal read from one is written back as a JSON body (`approximated`).
    assert!(
        identities >= 5,
        "only {identities} error fixtures round-tripped"
    );
}

#[test]
fn schemas_accept_valid_fixtures_and_reject_structurally_invalid_ones() {
    let d = dialect();
    for (kind, dir) in KINDS {
        let schema = d.schema(kind);
        let validator = jsonschema::validator_for(&schema).unwrap();
        for file in valid(dir) {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&read(&file)) else {
                continue;
            };
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        }
        if !WITH_INVALID.iter().any(|(_, d)| *d == dir) {
            continue;
        }
        for (file, _, error_kind) in expectations(dir) {
            if !matches!(error_kind.as_str(), "missing" | "type" | "enum" | "range") {
                continue;
            }
            let bytes = read(&root().join(dir).join("invalid").join(&file));
            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert!(!validator.is_valid(&value), "schema accepts {dir}/{file}");
        }
    }
}
