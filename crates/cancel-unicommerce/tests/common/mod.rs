//! Fixture helpers shared by the integration tests.
#![allow(dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.json` file of `tests/fixtures/<kind>/<class>`, sorted; a missing directory
/// fails the test (a moved fixture tree must not turn a check into a no-op).
pub(crate) fn files(kind: &str, class: &str) -> Vec<PathBuf> {
    let dir = root().join(kind).join(class);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

/// The classes of fixtures that validate: `valid` and `strict`, but only `valid` for error
/// bodies (an error body has no strict-only reading: there is no `error/strict`).
pub(crate) fn accepted_classes(kind: &str) -> &'static [&'static str] {
    if kind == "error" {
        &["valid"]
    } else {
        &["valid", "strict"]
    }
}

pub(crate) fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

pub(crate) fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn value(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&bytes(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lines of a tab-separated file, skipping blanks and `#` comments.
pub(crate) fn tsv(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// `(response fixture, request fixture it answers)`, paths under `tests/fixtures`.
pub(crate) fn response_pairs() -> Vec<(PathBuf, PathBuf)> {
    tsv(&root().join("response/requests.tsv"))
        .into_iter()
        .map(|row| {
            assert_eq!(row.len(), 2, "bad row in requests.tsv: {row:?}");
            (root().join("response").join(&row[0]), root().join(&row[1]))
        })
        .collect()
}
