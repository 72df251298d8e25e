//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use cancel_domain::Policy;

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.json` file of `tests/fixtures/<kind>/<group>`, sorted; a missing directory
/// fails the test (a moved fixture tree must not turn a check into a no-op).
pub(crate) fn files(kind: &str, group: &str) -> Vec<PathBuf> {
    let dir = fixtures().join(kind).join(group);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

/// `expectations.tsv` of a directory: file name -> (path, kind).
pub(crate) fn expectations(kind: &str, group: &str) -> Vec<(String, String, String)> {
    let path = fixtures().join(kind).join(group).join("expectations.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("expectations {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad expectations line {l:?}");
            (cols[0].to_owned(), cols[1].to_owned(), cols[2].to_owned())
        })
        .collect()
}

pub(crate) fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

pub(crate) fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The test policy with a reason table (tests/fixtures/policy.json).
pub(crate) fn table_policy() -> Policy {
    serde_json::from_slice(&read(&fixtures().join("policy.json"))).unwrap()
}
