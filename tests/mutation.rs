//! The mutation suite: every valid fixture of every dialect, mutated field by field and
//! as a whole document, must end in `Ok` or a `PayloadError` with a path and a kind —
//! never a panic, never an unbounded wait.
//!
//! Per value: drop it, change its JSON type, set numbers to `0`, `-1`, `2^53+1`, `1e400`,
//! `-0`, strings to `""`, 1 MiB, an unpaired surrogate, NUL, a right-to-left mark. Per
//! document: arrays nested 10 000 deep, a duplicated key, a byte-order mark, trailing
//! garbage, an empty file. Each mutant is validated, normalized, translated to the core
//! and from the core to every dialect.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use cancel_kit::domain::{json::Limits, Dialect, PayloadKind, Policy, Registry, TranslateContext};
use serde_json::Value;
use strum::IntoEnumIterator;

/// A replacement for one value: JSON text spliced in as is.
const REPLACEMENTS: &[(&str, &str)] = &[
    ("null", "null"),
    ("true", "true"),
    ("zero", "0"),
    ("minus one", "-1"),
    ("2^53+1", "9007199254740993"),
    ("1e400", "1e400"),
    ("minus zero", "-0"),
    ("fraction", "1.5"),
    ("empty string", "\"\""),
    ("unpaired surrogate", "\"\\ud800\""),
    ("NUL", "\"a\\u0000b\""),
    ("right-to-left mark", "\"\\u200f123\""),
    ("empty array", "[]"),
    ("empty object", "{}"),
    ("numeric string", "\"2\""),
];

const MARKER: &str = "\u{1}__mutant__\u{1}";

/// Every path to a value in `doc` (objects by key, arrays by index).
fn paths(doc: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(PathStep::Key(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn slot<'a>(doc: &'a mut Value, path: &[PathStep]) -> &'a mut Value {
    path.iter().fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()).unwrap(),
        PathStep::Index(i) => v.get_mut(*i).unwrap(),
    })
}

fn dropped(doc: &Value, path: &[PathStep]) -> Vec<u8> {
    let mut doc = doc.clone();
    let (last, parent) = path.split_last().unwrap();
    match (slot(&mut doc, parent), last) {
        (Value::Object(map), PathStep::Key(k)) => {
            map.remove(k);
        }
        (Value::Array(items), PathStep::Index(i)) => {
            items.remove(*i);
        }
        _ => unreachable!(),
    }
    serde_json::to_vec(&doc).unwrap()
}

fn replaced(doc: &Value, path: &[PathStep], raw: &str) -> Vec<u8> {
    let mut doc = doc.clone();
    *slot(&mut doc, path) = Value::String(MARKER.to_owned());
    let text = serde_json::to_string(&doc).unwrap();
    let marker = serde_json::to_string(MARKER).unwrap();
    text.replacen(&marker, raw, 1).into_bytes()
}

fn whole_document_mutants(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut duplicated = text.clone();
    if let Some(open) = duplicated.find('{') {
        if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&text) {
            if let Some((k, v)) = map.iter().next() {
                duplicated.insert_str(open + 1, &format!("{}:{},", Value::String(k.clone()), v));
            }
        }
    }
    let mut deep_value = text.clone();
    if let Some(open) = deep_value.find('{') {
        deep_value.insert_str(
            open + 1,
            &format!("\"deep\":{}{},", "[".repeat(10_000), "]".repeat(10_000)),
        );
    }
    vec![
        ("arrays nested 10 000 deep".into(), deep),
        ("a value nested 10 000 deep".into(), deep_value.into_bytes()),
        ("duplicated key".into(), duplicated.into_bytes()),
        (
            "byte-order mark".into(),
            [b"\xef\xbb\xbf".as_slice(), bytes].concat(),
        ),
        (
            "trailing garbage".into(),
            [bytes, b" }x".as_slice()].concat(),
        ),
        ("empty file".into(), Vec::new()),
        ("not UTF-8".into(), [bytes, b"\xff\xfe".as_slice()].concat()),
        (
            "1 MiB of spaces".into(),
            [bytes, vec![b' '; 1 << 20].as_slice()].concat(),
        ),
    ]
}

/// Runs one mutant through every entry point; returns an error text on a contract breach.
fn exercise(
    registry: &Registry,
    dialect: &dyn Dialect,
    kind: PayloadKind,
    bytes: &[u8],
) -> Result<(), String> {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let limits = Limits::DEFAULT;
    let check = |errors: &cancel_kit::domain::PayloadErrors| {
        if errors.0.is_empty()
            || errors
                .iter()
                .any(|e| e.path.is_empty() || e.message.is_empty())
        {
            Err(format!("an error without path or message: {errors:?}"))
        } else {
            Ok(())
        }
    };
    if let Err(errors) = dialect.validate(kind, bytes, &limits) {
        check(&errors)?;
    }
    let mut out = Vec::new();
    match dialect.normalize(kind, bytes, &limits, &mut out) {
        Ok(()) => {
            // What normalize accepts, it must read back the same way.
            let mut again = Vec::new();
            dialect
                .normalize(kind, &out, &limits, &mut again)
                .map_err(|e| format!("normalized output does not parse: {e}"))?;
            let (a, b): (Value, Value) = (
                serde_json::from_slice(&out).unwrap(),
                serde_json::from_slice(&again).unwrap(),
            );
            if a != b {
                return Err("normalize is not idempotent".into());
            }
        }
        Err(errors) => check(&errors)?,
    }
    for target in registry.iter().filter(|t| t.kinds().contains(&kind)) {
        out.clear();
        let _ = match kind {
            PayloadKind::Request => dialect
                .request_to_core(bytes, &ctx)
                .map(|core| target.request_from_core(&core.value, &ctx, &mut out)),
            PayloadKind::Response => dialect
                .response_to_core(bytes, &ctx)
                .map(|core| target.response_from_core(&core.value, &ctx, &mut out)),
            PayloadKind::Error => dialect
                .error_to_core(bytes, &ctx)
                .map(|core| target.error_from_core(&core.value, &ctx, &mut out)),
        };
    }
    Ok(())
}

#[test]
fn every_fixture_survives_every_mutation() {
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    let mut cases = 0usize;
    let mut breaches = Vec::new();
    for dialect in registry.iter() {
        for kind in PayloadKind::iter().filter(|k| dialect.kinds().contains(k)) {
            for file in common::fixtures(dialect.id(), kind, "valid") {
                let bytes = std::fs::read(&file).unwrap();
                let doc: Value = serde_json::from_slice(&bytes).unwrap();
                let mut all = Vec::new();
                paths(&doc, &mut Vec::new(), &mut all);
                let mut mutants = whole_document_mutants(&bytes);
                let mut big_strings = 0;
                for path in &all {
                    mutants.push((format!("drop {path:?}"), dropped(&doc, path)));
                    for (name, raw) in REPLACEMENTS {
                        mutants.push((format!("{name} at {path:?}"), replaced(&doc, path, raw)));
                    }
                    // 1 MiB strings cost real time in debug builds: the first few string fields.
                    if big_strings < 6 && matches!(slot(&mut doc.clone(), path), Value::String(_)) {
                        big_strings += 1;
                        let long = format!("\"{}\"", "x".repeat(1 << 20));
                        mutants.push((
                            format!("1 MiB string at {path:?}"),
                            replaced(&doc, path, &long),
                        ));
                    }
                }
                for (name, mutant) in mutants {
                    cases += 1;
                    let started = Instant::now();
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        exercise(&registry, dialect, kind, &mutant)
                    }));
                    let label = format!("{} {kind} {}: {name}", dialect.id(), file.display());
                    match result {
                        Err(_) => breaches.push(format!("PANIC {label}")),
                        Ok(Err(e)) => breaches.push(format!("{label}: {e}")),
                        Ok(Ok(())) => {}
                    }
                    if started.elapsed() > Duration::from_secs(5) {
                        breaches.push(format!("{label}: took {:?}", started.elapsed()));
                    }
                }
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "{} of {cases} mutants broke the contract:\n{}",
        breaches.len(),
        breaches.join("\n")
    );
    assert!(cases > 1000, "only {cases} mutants");
}
