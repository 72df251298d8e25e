//! Fixture helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.json` in `tests/fixtures/<kind>/<class>`, sorted; a missing directory fails the
/// test (a moved fixture tree must not turn a check into a no-op).
pub(crate) fn fixtures(kind: &str, class: &str) -> Vec<PathBuf> {
    let dir = root().join(kind).join(class);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// `(file, wire path, kind)` lines of `tests/fixtures/<kind>/invalid/expectations.tsv`.
pub(crate) fn expectations(kind: &str) -> Vec<(String, String, String)> {
    let path = root().join(kind).join("invalid/expectations.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("expectations {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad expectation line {l:?}");
            (cols[0].to_owned(), cols[1].to_owned(), cols[2].to_owned())
        })
        .collect()
}

pub(crate) fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

pub(crate) fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

pub(crate) fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
