//! Fixture-driven tests: every file under `tests/fixtures` is a case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::BTreeMap;

use cancel_domain::{json::Limits, Dialect, PayloadKind, Policy, TranslateContext};
use cancel_unicommerce::UnicommerceDialect;
use common::{accepted_classes, bytes, files, name, response_pairs, root, tsv, value};

const KINDS: [(&str, PayloadKind); 3] = [
    ("request", PayloadKind::Request),
    ("response", PayloadKind::Response),
    ("error", PayloadKind::Error),
];

fn dialect() -> UnicommerceDialect {
    UnicommerceDialect::from_policy(&Policy::default()).unwrap()
}

#[test]
fn there_are_enough_fixtures() {
    let count = |class: &str| -> usize {
        ["request", "response"]
            .iter()
            .map(|k| files(k, class).len())
            .sum()
    };
    // Beyond the seed's two examples (request/valid and response/strict seed_example.json).
    assert!(count("valid") + count("strict") - 2 >= 10);
    assert!(count("invalid") >= 12);
}

#[test]
fn valid_fixtures_validate_with_no_finding() {
    let d = dialect();
    for (kind, payload) in KINDS {
        let cases = files(kind, "valid");
        assert!(!cases.is_empty(), "no valid {kind} fixtures");
        for path in cases {
            let findings = d
                .validate(payload, &bytes(&path), &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{kind}/{}: {e}", name(&path)));
            assert!(findings.is_empty(), "{kind}/{}: {findings:?}", name(&path));
        }
    }
}

#[test]
fn strict_fixtures_are_valid_but_flagged() {
    let d = dialect();
    let mut seen = 0;
    for (kind, payload) in KINDS {
        if !accepted_classes(kind).contains(&"strict") {
            continue;
        }
        for path in files(kind, "strict") {
            let findings = d
                .validate(payload, &bytes(&path), &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{kind}/{}: {e}", name(&path)));
            assert!(
                !findings.is_empty(),
                "{kind}/{} is not flagged",
                name(&path)
            );
            seen += 1;
        }
    }
    assert!(seen >= 4);
}

#[test]
fn strict_findings_name_the_quirk() {
    let d = dialect();
    let seed = bytes(&root().join("response/strict/seed_example.json"));
    let findings = d
        .validate(PayloadKind::Response, &seed, &Limits::DEFAULT)
        .unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, "status");
    assert_eq!(findings[0].kind.to_string(), "rule");

    // An item without `orderItemId` (optional in the vendor's table) outside FAILED.
    let unnamed = bytes(&root().join("response/strict/partial_item_without_id.json"));
    let findings = d
        .validate(PayloadKind::Response, &unnamed, &Limits::DEFAULT)
        .unwrap();
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.path.as_str(), f.kind.to_string()))
            .collect::<Vec<_>>(),
        [("orderItems[1].orderItemId", "missing".to_owned())]
    );
    assert!(
        findings[0]
            .message
            .contains("could not name which item failed"),
        "{}",
        findings[0].message
    );
    // Under FAILED it is exact (every requested item failed): no finding.
    let failed = bytes(&root().join("response/valid/failed_item_without_id.json"));
    let findings = d
        .validate(PayloadKind::Response, &failed, &Limits::DEFAULT)
        .unwrap();
    assert!(findings.is_empty(), "{findings:?}");

    let table = bytes(&root().join("request/strict/order_id_table_spelling.json"));
    let findings = d
        .validate(PayloadKind::Request, &table, &Limits::DEFAULT)
        .unwrap();
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.path.as_str(), f.kind.to_string()))
            .collect::<Vec<_>>(),
        [("orderID", "rule".to_owned())]
    );

    let unknown = bytes(&root().join("request/strict/unknown_fields.json"));
    let findings = d
        .validate(PayloadKind::Request, &unknown, &Limits::DEFAULT)
        .unwrap();
    let mut paths: Vec<_> = findings
        .iter()
        .map(|f| (f.path.clone(), f.kind.to_string()))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("channel".to_owned(), "unknown_field".to_owned()),
            (
                "orderItems[0].reason".to_owned(),
                "unknown_field".to_owned()
            ),
            ("orderItems[0].sku".to_owned(), "unknown_field".to_owned()),
        ]
    );
}

#[test]
fn invalid_fixtures_fail_with_the_expected_path_and_kind() {
    let d = dialect();
    for (kind, payload) in KINDS {
        let expectations: BTreeMap<String, (String, String)> =
            tsv(&root().join(kind).join("invalid/expectations.tsv"))
                .into_iter()
                .map(|row| {
                    assert_eq!(row.len(), 3, "bad expectation row {row:?}");
                    (row[0].clone(), (row[1].clone(), row[2].clone()))
                })
                .collect();
        let cases = files(kind, "invalid");
        assert_eq!(
            cases.iter().map(|p| name(p)).collect::<Vec<_>>(),
            expectations.keys().cloned().collect::<Vec<_>>(),
            "{kind}: every invalid fixture needs exactly one expectation line"
        );
        for path in cases {
            let file = name(&path);
            let (want_path, want_kind) = &expectations[&file];
            let errors = d
                .validate(payload, &bytes(&path), &Limits::DEFAULT)
                .err()
                .unwrap_or_else(|| panic!("{kind}/{file} was accepted"));
            let first = &errors.0[0];
            assert_eq!(
                (&first.path, &first.kind.to_string()),
                (want_path, want_kind),
                "{kind}/{file}: {errors}"
            );
            assert!(!first.message.is_empty());
            // Translations refuse the same body as invalid (exit code 1).
            let policy = Policy::default();
            let ctx = TranslateContext::new(&policy);
            let refused = match payload {
                PayloadKind::Request => d.request_to_core(&bytes(&path), &ctx).err(),
                PayloadKind::Response => d.response_to_core(&bytes(&path), &ctx).err(),
                PayloadKind::Error => d.error_to_core(&bytes(&path), &ctx).err(),
            };
            assert!(
                matches!(refused, Some(cancel_domain::TranslateError::Invalid(_))),
                "{kind}/{file}: {refused:?}"
            );
        }
    }
}

#[test]
fn normalize_gives_back_equal_json() {
    let d = dialect();
    for (kind, payload) in KINDS {
        for &class in accepted_classes(kind) {
            for path in files(kind, class) {
                let mut out = Vec::new();
                d.normalize(payload, &bytes(&path), &Limits::DEFAULT, &mut out)
                    .unwrap_or_else(|e| panic!("{kind}/{}: {e}", name(&path)));
                let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
                assert_eq!(written, value(&path), "{kind}/{class}/{}", name(&path));
            }
        }
    }
}

#[test]
fn requests_survive_unicommerce_core_unicommerce() {
    let d = dialect();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for class in ["valid", "strict"] {
        for path in files("request", class) {
            let file = name(&path);
            let core = d.request_to_core(&bytes(&path), &ctx).unwrap().value;
            // Through the canonical JSON too, as `convert --to core | convert --from core` does.
            let core_json = serde_json::to_vec(&core).unwrap();
            let core: cancel_domain::CancelRequest =
                cancel_domain::json::parse(&core_json, &Limits::DEFAULT).unwrap();
            let mut out = Vec::new();
            let report = d.request_from_core(&core, &ctx, &mut out).unwrap();
            assert!(report.is_clean(), "{file}: {report}");
            let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(back, value(&path), "{class}/{file}");
        }
    }
}

#[test]
fn every_response_fixture_names_the_request_it_answers() {
    let paired: Vec<_> = response_pairs().into_iter().map(|(r, _)| r).collect();
    for class in ["valid", "strict"] {
        for path in files("response", class) {
            assert!(
                paired.contains(&path),
                "{} is not in requests.tsv",
                path.display()
            );
        }
    }
}

#[test]
fn responses_survive_unicommerce_core_unicommerce() {
    let d = dialect();
    let policy = Policy::default();
    for (response, request) in response_pairs() {
        let file = name(&response);
        let core_request = d
            .request_to_core(&bytes(&request), &TranslateContext::new(&policy))
            .unwrap()
            .value;
        let without = TranslateContext::new(&policy);
        assert!(
            d.response_to_core(&bytes(&response), &without).is_err(),
            "{file}: an answer alone names no order"
        );
        let ctx = TranslateContext::new(&policy).with_request(Some(&core_request));
        let outcome = d.response_to_core(&bytes(&response), &ctx).unwrap().value;
        let outcome_json = serde_json::to_vec(&outcome).unwrap();
        let outcome: cancel_domain::CancelOutcome =
            cancel_domain::json::parse(&outcome_json, &Limits::DEFAULT).unwrap();
        let mut out = Vec::new();
        let report = d.response_from_core(&outcome, &ctx, &mut out).unwrap();
        assert!(report.is_clean(), "{file}: {report}");
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, value(&response), "{file}");
    }
}

#[test]
fn valid_fixtures_match_the_published_schema() {
    let d = dialect();
    for (kind, payload) in KINDS {
        let schema = d.schema(payload);
        let validator = jsonschema::validator_for(&schema).unwrap();
        for &class in accepted_classes(kind) {
            for path in files(kind, class) {
                let doc = value(&path);
                let errors: Vec<String> =
                    validator.iter_errors(&doc).map(|e| e.to_string()).collect();
                assert!(
                    errors.is_empty(),
                    "{kind}/{class}/{}: {errors:?}",
                    name(&path)
                );
            }
        }
    }
}

#[test]
fn the_schema_refuses_what_it_can_express() {
    let d = dialect();
    for (kind, payload, file) in [
        ("request", PayloadKind::Request, "quantity_zero.json"),
        ("request", PayloadKind::Request, "order_id_number.json"),
        ("request", PayloadKind::Request, "order_items_empty.json"),
        (
            "request",
            PayloadKind::Request,
            "both_order_id_spellings.json",
        ),
        ("request", PayloadKind::Request, "quantity_string.json"),
        ("response", PayloadKind::Response, "status_lowercase.json"),
        ("response", PayloadKind::Response, "item_id_empty.json"),
        ("error", PayloadKind::Error, "status_success.json"),
    ] {
        let validator = jsonschema::validator_for(&d.schema(payload)).unwrap();
        let doc = value(&root().join(kind).join("invalid").join(file));
        assert!(!validator.is_valid(&doc), "{kind}/{file} passes the schema");
    }
}
