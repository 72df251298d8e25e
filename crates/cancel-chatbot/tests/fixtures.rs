//! Fixture-driven validation and normalization: adding a file to a fixture directory adds a
//! case (and an invalid or strict file without an expectation line fails the run).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use cancel_chatbot::{parse_request, parse_response, ChatbotDialect};
use cancel_domain::{json::Limits, Dialect, ErrorKind, PayloadKind};
use common::{expectations, files, json};

const KINDS: [PayloadKind; 2] = [PayloadKind::Request, PayloadKind::Response];

fn normalize(kind: PayloadKind, bytes: &[u8]) -> serde_json::Value {
    let mut out = Vec::new();
    ChatbotDialect::default()
        .normalize(kind, bytes, &Limits::DEFAULT, &mut out)
        .unwrap();
    json(&out)
}

#[test]
fn valid_fixtures_pass_strict_validation_and_normalize_losslessly() {
    let dialect = ChatbotDialect::default();
    for kind in KINDS {
        let valid = files(kind, "valid");
        assert!(
            valid.len() >= 10,
            "{kind}: only {} valid fixtures",
            valid.len()
        );
        for (name, bytes) in valid {
            let strict = dialect
                .validate(kind, &bytes, &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{kind}/{name}: {e}"));
            assert!(
                strict.is_empty(),
                "{kind}/{name}: strict findings {strict:?}"
            );
            assert_eq!(
                normalize(kind, &bytes),
                json(&bytes),
                "{kind}/{name} changed on normalize"
            );
        }
    }
}

#[test]
fn typed_parse_functions_agree_with_the_dialect() {
    for (name, bytes) in files(PayloadKind::Request, "valid") {
        let request = parse_request(&bytes, &Limits::DEFAULT).unwrap();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json(&bytes),
            "{name}"
        );
    }
    for (name, bytes) in files(PayloadKind::Response, "valid") {
        let response = parse_response(&bytes, &Limits::DEFAULT).unwrap();
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json(&bytes),
            "{name}"
        );
    }
    for (name, bytes) in files(PayloadKind::Request, "invalid") {
        let typed = parse_request(&bytes, &Limits::DEFAULT).unwrap_err();
        let dyn_ = ChatbotDialect::default()
            .validate(PayloadKind::Request, &bytes, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(typed, dyn_, "{name}");
    }
    for (name, bytes) in files(PayloadKind::Response, "invalid") {
        let typed = parse_response(&bytes, &Limits::DEFAULT).unwrap_err();
        let dyn_ = ChatbotDialect::default()
            .validate(PayloadKind::Response, &bytes, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(typed, dyn_, "{name}");
    }
}

#[test]
fn invalid_fixtures_fail_with_the_expected_path_and_kind() {
    let dialect = ChatbotDialect::default();
    for kind in KINDS {
        let expected = expectations(kind, "invalid");
        let invalid = files(kind, "invalid");
        assert!(
            invalid.len() >= 10,
            "{kind}: only {} invalid fixtures",
            invalid.len()
        );
        let names: Vec<&String> = invalid.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            expected.keys().collect::<Vec<_>>(),
            "{kind}: fixtures and expectations.tsv disagree"
        );
        for (name, bytes) in &invalid {
            let errors = dialect
                .validate(kind, bytes, &Limits::DEFAULT)
                .expect_err(&format!("{kind}/{name} should be invalid"));
            let first = &errors.0[0];
            let (path, error_kind) = &expected[name];
            assert_eq!(
                (&first.path, first.kind),
                (path, *error_kind),
                "{kind}/{name}: got {errors}"
            );
            assert!(!first.message.is_empty());
        }
    }
}

#[test]
fn strict_fixtures_are_valid_but_flagged_and_normalize_losslessly() {
    let dialect = ChatbotDialect::default();
    for kind in KINDS {
        let expected = expectations(kind, "strict");
        let strict = files(kind, "strict");
        assert_eq!(
            strict.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{kind}: fixtures and expectations.tsv disagree"
        );
        for (name, bytes) in &strict {
            let findings = dialect
                .validate(kind, bytes, &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{kind}/{name} should be valid: {e}"));
            let (path, error_kind) = &expected[name];
            assert_eq!(
                (&findings[0].path, findings[0].kind),
                (path, *error_kind),
                "{kind}/{name}: got {findings:?}"
            );
            assert_eq!(normalize(kind, bytes), json(bytes), "{kind}/{name}");
        }
    }
}

#[test]
fn the_vendors_own_examples_are_syntax_errors_at_the_root() {
    let dialect = ChatbotDialect::default();
    for (kind, name) in [
        (PayloadKind::Request, "seed_example_trailing_comma.json"),
        (
            PayloadKind::Response,
            "seed_response_missing_closing_brace.json",
        ),
    ] {
        let bytes = std::fs::read(
            common::fixtures()
                .join(common::kind_dir(kind))
                .join("invalid")
                .join(name),
        )
        .unwrap();
        let errors = dialect
            .validate(kind, &bytes, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(
            (errors.0[0].path.as_str(), errors.0[0].kind),
            ("$", ErrorKind::Syntax)
        );
        let mut out = Vec::new();
        assert!(dialect
            .normalize(kind, &bytes, &Limits::DEFAULT, &mut out)
            .is_err());
    }
}

#[test]
fn the_schema_accepts_valid_bodies_and_rejects_typed_errors() {
    let dialect = ChatbotDialect::default();
    for kind in KINDS {
        let schema = dialect.schema(kind);
        let validator = jsonschema::validator_for(&schema).unwrap();
        for class in ["valid", "strict"] {
            for (name, bytes) in files(kind, class) {
                let instance = json(&bytes);
                assert!(
                    validator.is_valid(&instance),
                    "{kind}/{class}/{name}: {:?}",
                    validator
                        .iter_errors(&instance)
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                );
            }
        }
        let expected = expectations(kind, "invalid");
        for (name, bytes) in files(kind, "invalid") {
            let (_, error_kind) = &expected[&name];
            if matches!(
                error_kind,
                ErrorKind::Type | ErrorKind::Missing | ErrorKind::Range | ErrorKind::Enum
            ) {
                assert!(
                    !validator.is_valid(&json(&bytes)),
                    "{kind}/{name} passes the schema"
                );
            }
        }
    }
}

#[test]
fn order_id_key_rule_keeps_the_spelling_that_came_in() {
    // Rule `order-id-key`: both spellings are read; normalize writes back what came in.
    let bytes = std::fs::read(
        common::fixtures().join("request/valid/order_id_table_spelling_orderID.json"),
    )
    .unwrap();
    let request = parse_request(&bytes, &Limits::DEFAULT).unwrap();
    assert_eq!(request.order_id(), "12345");
    assert_eq!(
        request.query_info.parameters.params.entity_info.key,
        cancel_chatbot::wire::OrderIdKey::Table
    );
    let out = normalize(PayloadKind::Request, &bytes);
    let entity = &out["queryInfo"]["parameters"]["params"]["entityInfo"];
    assert_eq!(entity, &serde_json::json!({"orderID": "12345"}));
    // A body built by this crate uses the seed's spelling.
    let built = cancel_chatbot::wire::EntityInfo::new("12345");
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        serde_json::json!({"orderId": "12345"})
    );
}

#[test]
fn error_kind_is_not_a_chatbot_payload() {
    let dialect = ChatbotDialect::default();
    assert_eq!(
        dialect.kinds(),
        &[PayloadKind::Request, PayloadKind::Response]
    );
    let errors = dialect
        .validate(PayloadKind::Error, b"{}", &Limits::DEFAULT)
        .unwrap_err();
    assert!(errors.0[0].message.contains("no error body"));
    assert!(dialect
        .normalize(PayloadKind::Error, b"{}", &Limits::DEFAULT, &mut Vec::new())
        .is_err());
    assert_eq!(
        dialect.schema(PayloadKind::Error)["not"],
        serde_json::json!({})
    );
}

#[test]
fn limits_apply() {
    let bytes = std::fs::read(
        common::fixtures().join("request/valid/seed_example_without_trailing_comma.json"),
    )
    .unwrap();
    let small = Limits {
        max_bytes: 64,
        max_depth: 64,
    };
    assert_eq!(
        parse_request(&bytes, &small).unwrap_err().0[0].kind,
        ErrorKind::Syntax
    );
    let shallow = Limits {
        max_bytes: 1 << 20,
        max_depth: 3,
    };
    assert_eq!(
        parse_request(&bytes, &shallow).unwrap_err().0[0].kind,
        ErrorKind::Syntax
    );
}
