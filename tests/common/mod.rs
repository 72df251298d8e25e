//! Fixture discovery shared by the facade's integration tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
#![allow(dead_code)] // each test binary uses a part

use std::path::{Path, PathBuf};

use cancel_kit::domain::{DialectId, PayloadKind, Policy};

/// The repository root.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `crates/<crate>/tests/fixtures/<kind>/<class>` of a dialect.
pub(crate) fn fixture_dir(dialect: DialectId, kind: PayloadKind, class: &str) -> PathBuf {
    let krate = match dialect {
        DialectId::Core => "cancel-domain".to_owned(),
        other => format!("cancel-{other}"),
    };
    root()
        .join("crates")
        .join(krate)
        .join("tests/fixtures")
        .join(kind.to_string())
        .join(class)
}

/// The `*.json` files of a fixture directory, sorted; a missing or unreadable directory
/// fails the test (a moved fixture tree must not turn a check into a no-op).
pub(crate) fn fixtures(dialect: DialectId, kind: PayloadKind, class: &str) -> Vec<PathBuf> {
    let dir = fixture_dir(dialect, kind, class);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// `examples/data/policy.toml`.
pub(crate) fn example_policy() -> Policy {
    toml::from_str(&std::fs::read_to_string(root().join("examples/data/policy.toml")).unwrap())
        .unwrap()
}
