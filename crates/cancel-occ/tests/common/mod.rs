//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use cancel_domain::{ErrorKind, Policy};
use cancel_occ::wire::ReasonList;
use cancel_occ::OccDialect;

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.json` file of a fixture directory, sorted (fails on an empty directory).
pub(crate) fn json_files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let path = fixtures().join(dir);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {dir}");
    out
}

/// The expectations of an `invalid` directory: file → (path, kind); every file has one line
/// and every line has a file.
pub(crate) fn expectations(dir: &str) -> Vec<(String, Vec<u8>, String, ErrorKind)> {
    let table = std::fs::read_to_string(fixtures().join(dir).join("expectations.tsv")).unwrap();
    let files = json_files(dir);
    let mut out = Vec::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{dir}/expectations.tsv: {line:?}");
        let bytes = files
            .iter()
            .find(|(n, _)| n == cols[0])
            .unwrap_or_else(|| panic!("{dir}: no file {}", cols[0]))
            .1
            .clone();
        out.push((
            cols[0].to_owned(),
            bytes,
            cols[1].to_owned(),
            cols[2].parse().unwrap(),
        ));
    }
    for (name, _) in &files {
        assert!(
            out.iter().any(|(n, ..)| n == name),
            "{dir}/{name} has no line in expectations.tsv"
        );
    }
    out
}

pub(crate) fn value(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// The dialect with the merchant list of `tests/fixtures/reasons.json`.
pub(crate) fn merchant_from_list() -> OccDialect {
    let bytes = std::fs::read(fixtures().join("reasons.json")).unwrap();
    OccDialect::with_reasons(ReasonList::from_json(&bytes).unwrap())
}

/// The policy of `tests/fixtures/policy.toml` (the same list, with canonical codes).
pub(crate) fn merchant_policy() -> Policy {
    let text = std::fs::read_to_string(fixtures().join("policy.toml")).unwrap();
    toml::from_str(&text).unwrap()
}
