//! Every fixture of every dialect, through the `cancelkit` binary: valid ones print `ok` and
//! normalize to themselves, invalid ones exit 1 naming the expected wire path and kind,
//! strict-only ones pass without `--strict` and fail with it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// (dialect name, fixture directory) of every dialect; a missing one fails the test.
fn dialects() -> Vec<(&'static str, PathBuf)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        ("core", "cancel-domain"),
        ("chatbot", "cancel-chatbot"),
        ("mozu", "cancel-mozu"),
        ("unicommerce", "cancel-unicommerce"),
        ("occ", "cancel-occ"),
        ("omnitron", "cancel-omnitron"),
    ]
    .into_iter()
    .map(|(name, dir)| {
        let fixtures = crates.join(dir).join("tests/fixtures");
        assert!(fixtures.is_dir(), "{} is missing", fixtures.display());
        (name, fixtures)
    })
    .collect()
}

/// The fixture classes a dialect does not have, as (dialect, kind, class), `*` for any.
const ABSENT: &[(&str, &str, &str)] = &[
    ("core", "*", "strict"),            // the core has no lenient reading
    ("chatbot", "error", "*"),          // the chatbot API has no error body
    ("occ", "error", "strict"),         // no lenient reading of an OCC error
    ("unicommerce", "error", "strict"), // same
];

/// The `*.json` files of `<root>/<kind>/<class>`: none for a class listed in [`ABSENT`],
/// and a failure when a listed class exists or any other is missing.
fn class_files(dialect: &str, root: &Path, kind: &str, class: &str) -> Vec<PathBuf> {
    let dir = root.join(kind).join(class);
    let absent = ABSENT
        .iter()
        .any(|&(d, k, c)| d == dialect && (k == kind || k == "*") && (c == class || c == "*"));
    assert_eq!(
        dir.is_dir(),
        !absent,
        "{}: the fixture layout changed (see ABSENT)",
        dir.display()
    );
    if absent {
        return Vec::new();
    }
    json_files(&dir)
}

/// The `*.json` files of `dir`, sorted; a missing directory fails the test.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn cancelkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const KINDS: [&str; 3] = ["request", "response", "error"];

#[test]
fn valid_fixtures_are_ok_and_normalize_to_themselves() {
    let mut checked = 0;
    for (dialect, root) in dialects() {
        for kind in KINDS {
            for file in class_files(dialect, &root, kind, "valid") {
                let path = file.to_str().unwrap();
                let out = cancelkit(&["validate", "--vendor", dialect, "--kind", kind, path]);
                assert_eq!(out.status.code(), Some(0), "{path}: {}", text(&out.stdout));
                assert_eq!(text(&out.stdout), format!("ok {path}\n"));

                let out = cancelkit(&["normalize", "--vendor", dialect, "--kind", kind, path]);
                assert_eq!(out.status.code(), Some(0), "{path}: {}", text(&out.stderr));
                let before: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
                let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(before, after, "{path} changed on normalize");
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} valid fixtures found");
}

#[test]
fn invalid_fixtures_exit_1_with_the_expected_path_and_kind() {
    let (mut checked, mut on_disk) = (0, 0);
    for (dialect, root) in dialects() {
        for kind in KINDS {
            let dir = root.join(kind).join("invalid");
            let files: Vec<String> = class_files(dialect, &root, kind, "invalid")
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            on_disk += files.len();
            if !dir.is_dir() {
                continue; // listed in ABSENT
            }
            let table = std::fs::read_to_string(dir.join("expectations.tsv"))
                .unwrap_or_else(|e| panic!("{}/expectations.tsv: {e}", dir.display()));
            let mut listed = Vec::new();
            for line in table
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let cols: Vec<&str> = line.split('\t').collect();
                let [name, wire_path, error_kind] = cols[..] else {
                    panic!("bad expectation line {line:?}")
                };
                listed.push(name.to_owned());
                let file = dir.join(name);
                let path = file.to_str().unwrap();
                let out = cancelkit(&["validate", "--vendor", dialect, "--kind", kind, path]);
                assert_eq!(
                    out.status.code(),
                    Some(1),
                    "{path} should be invalid: {}",
                    text(&out.stdout)
                );
                let expected = format!("invalid {path}: {wire_path}: {error_kind}: ");
                assert!(
                    text(&out.stdout).lines().any(|l| l.starts_with(&expected)),
                    "{path}: expected a line starting {expected:?}, got:\n{}",
                    text(&out.stdout)
                );
                checked += 1;
            }
            // Every invalid fixture has exactly one expectation, and every expectation a file.
            listed.sort();
            assert_eq!(
                listed,
                files,
                "{}: expectations.tsv against the *.json files",
                dir.display()
            );
        }
    }
    assert_eq!(checked, on_disk, "every invalid fixture is checked");
    assert!(checked >= 150, "only {checked} invalid fixtures found");
}

#[test]
fn strict_fixtures_pass_plainly_and_fail_strictly() {
    for (dialect, root) in dialects() {
        for kind in KINDS {
            for file in class_files(dialect, &root, kind, "strict") {
                let path = file.to_str().unwrap();
                let plain = cancelkit(&["validate", "--vendor", dialect, "--kind", kind, path]);
                assert_eq!(
                    plain.status.code(),
                    Some(0),
                    "{path}: {}",
                    text(&plain.stdout)
                );
                let strict = cancelkit(&[
                    "validate", "--strict", "--vendor", dialect, "--kind", kind, path,
                ]);
                assert_eq!(
                    strict.status.code(),
                    Some(1),
                    "{path} should fail under --strict"
                );
                assert!(text(&strict.stdout).starts_with(&format!("invalid {path}: ")));
            }
        }
    }
}

#[test]
fn a_directory_validates_every_json_below_it_and_json_format_parses() {
    let (dialect, root) = dialects().into_iter().next().unwrap();
    let dir = root.join("request");
    let out = cancelkit(&[
        "validate",
        "--vendor",
        dialect,
        "--kind",
        "request",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the directory holds invalid fixtures too"
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = results.as_array().unwrap();
    let expected = ["valid", "invalid", "strict"]
        .iter()
        .map(|class| class_files(dialect, &root, "request", class).len())
        .sum::<usize>();
    assert_eq!(results.len(), expected);
    assert!(results.iter().any(|r| r["valid"] == true));
    assert!(results
        .iter()
        .any(|r| r["valid"] == false && r["errors"][0]["kind"].is_string()));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        cancelkit(&["validate", "--vendor", "nope", "--kind", "request", "x.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cancelkit(&[
            "validate",
            "--vendor",
            "core",
            "--kind",
            "request",
            "/no/such/file.json"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(cancelkit(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn an_unreadable_path_exits_2_after_the_verdicts_on_the_readable_ones() {
    let valid = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cancel-domain/tests/fixtures/request/valid/whole_order_minimal.json");
    let valid = valid.to_str().unwrap();
    let out = cancelkit(&[
        "validate",
        "--vendor",
        "core",
        "--kind",
        "request",
        valid,
        "/no/such/file.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), format!("ok {valid}\n"));
    assert!(text(&out.stderr).contains("cannot read /no/such/file.json"));
}

#[test]
fn a_directory_without_json_files_is_a_usage_error() {
    let empty = std::env::temp_dir().join(format!("cancelkit-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = cancelkit(&[
        "validate",
        "--vendor",
        "core",
        "--kind",
        "request",
        empty.to_str().unwrap(),
    ]);
    std::fs::remove_dir(&empty).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no *.json file below this directory"));
}

#[test]
fn schema_prints_a_json_schema() {
    let out = cancelkit(&["schema", "--vendor", "core", "--kind", "request"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}
