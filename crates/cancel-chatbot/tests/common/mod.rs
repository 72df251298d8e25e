//! Fixture helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cancel_domain::{ErrorKind, PayloadKind};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn kind_dir(kind: PayloadKind) -> &'static str {
    match kind {
        PayloadKind::Request => "request",
        PayloadKind::Response => "response",
        PayloadKind::Error => "error",
    }
}

/// `(file name, bytes)` of every `*.json` in `<kind>/<class>`, sorted by name.
pub fn files(kind: PayloadKind, class: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fixtures().join(kind_dir(kind)).join(class);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// `file -> (path, kind)` from `<kind>/<class>/expectations.tsv`.
pub fn expectations(kind: PayloadKind, class: &str) -> BTreeMap<String, (String, ErrorKind)> {
    let file = fixtures()
        .join(kind_dir(kind))
        .join(class)
        .join("expectations.tsv");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad expectations line {line:?}");
            (
                cols[0].to_owned(),
                (cols[1].to_owned(), cols[2].parse::<ErrorKind>().unwrap()),
            )
        })
        .collect()
}

pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}
