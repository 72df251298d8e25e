//! The core dialect over its fixtures: valid ones validate and normalize to themselves,
//! invalid ones fail with the expected wire path and kind, and the JSON Schema agrees.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::{Path, PathBuf};

use cancel_domain::{json::Limits, CoreDialect, Dialect, PayloadKind};

const KINDS: [(PayloadKind, &str); 3] = [
    (PayloadKind::Request, "request"),
    (PayloadKind::Response, "response"),
    (PayloadKind::Error, "error"),
];

fn fixtures(kind: &str, class: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(class);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn expectations(kind: &str) -> Vec<(String, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join("invalid/expectations.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t').map(str::to_owned);
            (
                cols.next().unwrap(),
                cols.next().unwrap(),
                cols.next().unwrap(),
            )
        })
        .collect()
}

#[test]
fn valid_fixtures_validate_and_normalize_to_themselves() {
    for (kind, dir) in KINDS {
        for file in fixtures(dir, "valid") {
            let bytes = std::fs::read(&file).unwrap();
            let findings = CoreDialect.validate(kind, &bytes, &Limits::DEFAULT);
            assert_eq!(findings, Ok(vec![]), "{}", file.display());
            let mut out = Vec::new();
            CoreDialect
                .normalize(kind, &bytes, &Limits::DEFAULT, &mut out)
                .unwrap();
            let before: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let after: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(before, after, "{} changed on normalize", file.display());
        }
    }
}

#[test]
fn invalid_fixtures_fail_with_the_expected_path_and_kind() {
    for (kind, dir) in KINDS {
        let expected = expectations(dir);
        let files = fixtures(dir, "invalid");
        assert_eq!(
            files.len(),
            expected.len(),
            "{dir}: every invalid fixture needs one expectation line"
        );
        for (name, path, error_kind) in expected {
            let file = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(dir)
                .join("invalid")
                .join(&name);
            let bytes = std::fs::read(&file).unwrap();
            let errors = CoreDialect
                .validate(kind, &bytes, &Limits::DEFAULT)
                .expect_err(&name);
            let first = &errors.0[0];
            assert_eq!(
                (first.path.as_str(), first.kind.to_string().as_str()),
                (path.as_str(), error_kind.as_str()),
                "{name}: {errors}"
            );
        }
    }
}

#[test]
fn schema_accepts_valid_and_rejects_structurally_invalid_fixtures() {
    for (kind, dir) in KINDS {
        let schema = CoreDialect.schema(kind);
        let validator = jsonschema::validator_for(&schema).unwrap();
        for file in fixtures(dir, "valid") {
            let value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        }
        // The schema refuses every invalid fixture that is JSON, except repeats: a repeated
        // key is gone once parsed, and "a line appears once" is beyond JSON Schema.
        for (name, _, error_kind) in expectations(dir) {
            if matches!(error_kind.as_str(), "syntax" | "duplicate") {
                continue;
            }
            let file = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(dir)
                .join("invalid")
                .join(&name);
            let value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            assert!(!validator.is_valid(&value), "schema accepts {dir}/{name}");
        }
    }
}
