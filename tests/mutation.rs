//! The mutation suite: every fixture of every dialect must end in `Ok` or a
//! `PayloadError` with a path, a kind and a message — never a panic, never an unbounded
//! wait — whatever is done to it.
//!
//! Valid fixtures are mutated. Per value: drop it, change its JSON type, set numbers to
//! `0`, `-1`, `2^53+1`, `1e400`, `-0`, strings to `""`, an unpaired surrogate, NUL, a
//! right-to-left mark; 1 MiB strings at every distinct string field of a dialect and kind
//! (paths with their array indices removed: the field, not the fixture, decides the
//! cost). Per document: arrays and objects nested 10 000 deep, a duplicated key, a
//! byte-order mark, trailing garbage, an empty file, bytes that are not UTF-8, 1 MiB of
//! whitespace. Invalid, strict and every other fixture (OCC merchant lists, agent bodies,
//! foreign error pages) go through the same entry points once, unmutated.
//!
//! Each mutant is validated (and, when invalid, answered the vendor's way), normalized
//! twice (the second pass must give the first one's output), read into the core once,
//! and written from the core to every dialect (as a body and as an answer).
//!
//! One test per dialect, so the harness spreads them over the cores; the whole suite
//! runs in about two minutes in the test profile on a 2-core machine.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cancel_kit::domain::{
    json::Limits, Dialect, DialectId, PayloadErrors, PayloadKind, Policy, Registry,
    TranslateContext, TranslateError,
};
use serde_json::Value;
use strum::IntoEnumIterator;

/// A replacement for one value: JSON text spliced in as is.
const REPLACEMENTS: &[(&str, &str)] = &[
    ("null", "null"),
    ("true", "true"),
    ("zero", "0"),
    ("minus one", "-1"),
    ("2^53+1", "9007199254740993"),
    ("2^64", "18446744073709551616"),
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

/// The longest one mutant may take (debug build, shared machine: generous).
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// What normalize may write for an input of `n` bytes: the input plus escapes, never more.
fn output_bound(n: usize) -> usize {
    n.saturating_mul(8).saturating_add(64 * 1024)
}

const MARKER: &str = "\u{1}__mutant__\u{1}";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PathStep {
    Key(String),
    Index(usize),
}

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

fn slot<'a>(doc: &'a mut Value, path: &[PathStep]) -> &'a mut Value {
    path.iter().fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()).unwrap(),
        PathStep::Index(i) => v.get_mut(*i).unwrap(),
    })
}

fn get<'a>(doc: &'a Value, path: &[PathStep]) -> &'a Value {
    path.iter().fold(doc, |v, step| match step {
        PathStep::Key(k) => &v[k.as_str()],
        PathStep::Index(i) => &v[*i],
    })
}

/// The field a path names, array indices left out (`orderItems[].quantity`).
fn shape(path: &[PathStep]) -> Vec<String> {
    path.iter()
        .map(|s| match s {
            PathStep::Key(k) => k.clone(),
            PathStep::Index(_) => "[]".to_owned(),
        })
        .collect()
}

/// Distinct fields a fixture has (one path per field: `items[0].price` stands for every
/// `items[i].price`) at most this many per fixture. The two rich OCC order bodies (80 KB,
/// 2 000 values, 380 distinct fields) are the only fixtures over it: they get the fields
/// no earlier fixture of their kind had, then an even spread over the rest.
const MAX_FIELDS_PER_FIXTURE: usize = 80;

/// 1 MiB strings cost a third of a second each in the test profile: at most this many
/// per fixture (string fields no earlier fixture of the kind had).
const MAX_BIG_STRINGS_PER_FIXTURE: usize = 6;

/// The paths to mutate in `doc`: one per distinct field; `seen` collects the fields
/// already mutated in earlier fixtures of the same dialect and kind.
fn chosen_paths(doc: &Value, seen: &mut BTreeSet<Vec<String>>) -> Vec<Vec<PathStep>> {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let mut fields = BTreeSet::new();
    all.retain(|p| fields.insert(shape(p)));
    if all.len() > MAX_FIELDS_PER_FIXTURE {
        let (new, old): (Vec<_>, Vec<_>) = all.into_iter().partition(|p| !seen.contains(&shape(p)));
        let pick = |list: Vec<Vec<PathStep>>, n: usize| -> Vec<Vec<PathStep>> {
            let step = list.len().div_ceil(n.max(1)).max(1);
            list.into_iter().step_by(step).collect()
        };
        let from_new = pick(new, MAX_FIELDS_PER_FIXTURE);
        let left = MAX_FIELDS_PER_FIXTURE.saturating_sub(from_new.len());
        all = from_new
            .into_iter()
            .chain(if left > 0 {
                pick(old, left)
            } else {
                Vec::new()
            })
            .collect();
    }
    seen.extend(all.iter().map(|p| shape(p)));
    all
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

/// Inserts `"key": raw,` right after the first `{` of the document.
fn with_member(bytes: &[u8], member: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    match text.find('{') {
        Some(open) => {
            let mut text = text;
            text.insert_str(open + 1, member);
            text.into_bytes()
        }
        None => [member.as_bytes(), bytes].concat(),
    }
}

fn whole_document_mutants(
    bytes: &[u8],
    doc: &Value,
    first_of_kind: bool,
) -> Vec<(String, Vec<u8>)> {
    const DEEP: usize = 10_000;
    let deep_arrays = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(DEEP), "}".repeat(DEEP));
    let mut out = vec![
        (
            "arrays nested 10 000 deep".to_owned(),
            deep_arrays.clone().into_bytes(),
        ),
        (
            "objects nested 10 000 deep".to_owned(),
            deep_objects.clone().into_bytes(),
        ),
        (
            "a value of arrays nested 10 000 deep".to_owned(),
            with_member(bytes, &format!("\"deep\":{deep_arrays},")),
        ),
        (
            "a value of objects nested 10 000 deep".to_owned(),
            with_member(bytes, &format!("\"deep\":{deep_objects},")),
        ),
        (
            "byte-order mark".to_owned(),
            [b"\xef\xbb\xbf".as_slice(), bytes].concat(),
        ),
        (
            "trailing garbage".to_owned(),
            [bytes, b" }x".as_slice()].concat(),
        ),
        ("a second document".to_owned(), [bytes, bytes].concat()),
        ("truncated".to_owned(), bytes[..bytes.len() / 2].to_vec()),
        ("empty file".to_owned(), Vec::new()),
        ("only whitespace".to_owned(), b" \n\t ".to_vec()),
        (
            "not UTF-8".to_owned(),
            [bytes, b"\xff\xfe".as_slice()].concat(),
        ),
        (
            "a top-level array".to_owned(),
            [b"[".as_slice(), bytes, b"]".as_slice()].concat(),
        ),
    ];
    if let Value::Object(map) = doc {
        if let Some((k, v)) = map.iter().next() {
            out.push((
                "duplicated key".to_owned(),
                with_member(bytes, &format!("{}:{},", Value::String(k.clone()), v)),
            ));
        }
    }
    if first_of_kind {
        out.push((
            "1 MiB of whitespace".to_owned(),
            [bytes, vec![b' '; 1 << 20].as_slice()].concat(),
        ));
        out.push((
            "over the 4 MiB limit".to_owned(),
            [bytes, vec![b' '; 4 << 20].as_slice()].concat(),
        ));
    }
    out
}

/// Checks that an error names a path, a kind and a message.
fn well_formed(errors: &PayloadErrors) -> Result<(), String> {
    if errors.0.is_empty()
        || errors
            .iter()
            .any(|e| e.path.is_empty() || e.message.is_empty())
    {
        Err(format!("an error without path or message: {errors:?}"))
    } else {
        Ok(())
    }
}

fn translate_error(e: &TranslateError) -> Result<(), String> {
    match e {
        TranslateError::Invalid(errors) => well_formed(errors),
        other if other.to_string().is_empty() => Err(format!("an empty message: {other:?}")),
        _ => Ok(()),
    }
}

/// Normalized output, compared as JSON when it is JSON, as bytes otherwise (error
/// bodies that are text stay text).
fn same_output(a: &[u8], b: &[u8]) -> bool {
    match (
        serde_json::from_slice::<Value>(a),
        serde_json::from_slice::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Runs one document through every entry point; returns an error text on a contract breach.
fn exercise(
    registry: &Registry,
    dialect: &dyn Dialect,
    kind: PayloadKind,
    bytes: &[u8],
) -> Result<(), String> {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let limits = Limits::DEFAULT;
    let mut out = Vec::new();
    let valid = dialect.validate(kind, bytes, &limits).is_ok();
    // What we write from a valid body is a valid body of its target.
    let written = |target: &dyn Dialect, out: &[u8]| -> Result<(), String> {
        match target.validate(kind, out, &limits) {
            Err(errors) if valid => Err(format!(
                "{} wrote a body it does not accept: {errors}\n{}",
                target.id(),
                String::from_utf8_lossy(&out[..out.len().min(2000)])
            )),
            _ => Ok(()),
        }
    };
    if let Err(errors) = dialect.validate(kind, bytes, &limits) {
        well_formed(&errors)?;
        let status = dialect.invalid_answer(&errors, &mut out);
        if !(400..600).contains(&status) {
            return Err(format!("invalid_answer gave status {status}"));
        }
        out.clear();
    }
    match dialect.normalize(kind, bytes, &limits, &mut out) {
        Ok(()) => {
            if out.len() > output_bound(bytes.len()) {
                return Err(format!(
                    "normalize wrote {} bytes for {}",
                    out.len(),
                    bytes.len()
                ));
            }
            // What normalize accepts, it must read back the same way.
            let mut again = Vec::new();
            dialect
                .normalize(kind, &out, &limits, &mut again)
                .map_err(|e| format!("normalized output does not parse again: {e}"))?;
            if !same_output(&out, &again) {
                return Err("normalize is not idempotent".into());
            }
        }
        Err(errors) => well_formed(&errors)?,
    }
    let targets = registry.iter().filter(|t| t.kinds().contains(&kind));
    match kind {
        PayloadKind::Request => match dialect.request_to_core(bytes, &ctx) {
            Ok(core) => {
                for target in targets {
                    out.clear();
                    match target.request_from_core(&core.value, &ctx, &mut out) {
                        Ok(_) => written(target, &out)?,
                        Err(e) => translate_error(&e)?,
                    }
                }
            }
            Err(e) => translate_error(&e)?,
        },
        PayloadKind::Response => match dialect.response_to_core(bytes, &ctx) {
            Ok(core) => {
                for target in targets {
                    out.clear();
                    match target.response_from_core(&core.value, &ctx, &mut out) {
                        Ok(_) => written(target, &out)?,
                        Err(e) => translate_error(&e)?,
                    }
                    out.clear();
                    if let Err(e) = target.answer(&core.value, &ctx, &mut out) {
                        translate_error(&e)?;
                    }
                }
            }
            Err(e) => translate_error(&e)?,
        },
        PayloadKind::Error => match dialect.error_to_core(bytes, &ctx) {
            Ok(core) => {
                for target in targets {
                    out.clear();
                    match target.error_from_core(&core.value, &ctx, &mut out) {
                        Ok(_) => written(target, &out)?,
                        Err(e) => translate_error(&e)?,
                    }
                    let status = target.error_status(&core.value);
                    if !(100..600).contains(&status) {
                        return Err(format!("error_status {status} for {}", target.id()));
                    }
                }
            }
            Err(e) => translate_error(&e)?,
        },
    }
    Ok(())
}

/// Runs `exercise` under `catch_unwind` and a clock; records breaches.
struct Runner<'a> {
    registry: &'a Registry,
    cases: usize,
    breaches: Vec<String>,
}

impl Runner<'_> {
    fn run(&mut self, dialect: &dyn Dialect, kind: PayloadKind, label: &str, bytes: &[u8]) {
        self.cases += 1;
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            exercise(self.registry, dialect, kind, bytes)
        }));
        let took = started.elapsed();
        let label = format!("{} {kind} {label}", dialect.id());
        match result {
            Err(_) => self.breaches.push(format!("PANIC {label}")),
            Ok(Err(e)) => self.breaches.push(format!("{label}: {e}")),
            Ok(Ok(())) => {}
        }
        if std::env::var_os("MUTATION_SLOW").is_some() && took > Duration::from_millis(300) {
            eprintln!("slow: {took:?} {label}");
        }
        if took > TIME_LIMIT {
            self.breaches.push(format!("{label}: took {took:?}"));
        }
    }
}

/// Every file below a dialect's fixture directory that is not a valid body of some kind
/// (invalid, strict and any other class), with the kind it is read as.
fn other_fixtures(dialect: DialectId) -> Vec<(PayloadKind, PathBuf)> {
    let base = common::fixture_dir(dialect, PayloadKind::Request, "valid");
    let base = base.parent().unwrap().parent().unwrap();
    let mut found = Vec::new();
    walk(base, &mut found);
    found.sort();
    found
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e != "tsv"))
        .filter(|p| {
            p.parent().unwrap().file_name().unwrap() != "valid"
                || p.components().count() > base.components().count() + 3
        })
        .map(|p| {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            // `<kind>/...`; anything else (OCC agent bodies, foreign error pages) is read
            // as every kind: it may arrive at any endpoint.
            let kind = rel
                .split('/')
                .next()
                .and_then(|k| k.parse::<PayloadKind>().ok());
            (kind, p)
        })
        .flat_map(|(kind, p)| match kind {
            Some(k) => vec![(k, p)],
            None => PayloadKind::iter().map(|k| (k, p.clone())).collect(),
        })
        .collect()
}

/// Every file below `dir`; a missing or unreadable directory fails the test.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn mutate_dialect(id: DialectId) {
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    let dialect = registry.get(id).unwrap();
    let mut runner = Runner {
        registry: &registry,
        cases: 0,
        breaches: Vec::new(),
    };
    let mut valid_files = 0;
    for kind in PayloadKind::iter().filter(|k| dialect.kinds().contains(k)) {
        let mut big_done = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for (n, file) in common::fixtures(id, kind, "valid").into_iter().enumerate() {
            valid_files += 1;
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&file).unwrap();
            let doc: Value = serde_json::from_slice(&bytes).unwrap();
            runner.run(dialect, kind, &format!("{name}: as is"), &bytes);
            for (what, mutant) in whole_document_mutants(&bytes, &doc, n == 0) {
                runner.run(dialect, kind, &format!("{name}: {what}"), &mutant);
            }
            let mut big_strings = 0;
            for path in &chosen_paths(&doc, &mut seen) {
                runner.run(
                    dialect,
                    kind,
                    &format!("{name}: drop {path:?}"),
                    &dropped(&doc, path),
                );
                for (what, raw) in REPLACEMENTS {
                    runner.run(
                        dialect,
                        kind,
                        &format!("{name}: {what} at {path:?}"),
                        &replaced(&doc, path, raw),
                    );
                }
                if matches!(get(&doc, path), Value::String(_))
                    && big_strings < MAX_BIG_STRINGS_PER_FIXTURE
                    && big_done.insert(shape(path))
                {
                    big_strings += 1;
                    let long = format!("\"{}\"", "x".repeat(1 << 20));
                    runner.run(
                        dialect,
                        kind,
                        &format!("{name}: 1 MiB string at {path:?}"),
                        &replaced(&doc, path, &long),
                    );
                }
            }
        }
    }
    let mut others = 0;
    for (kind, file) in other_fixtures(id) {
        if !dialect.kinds().contains(&kind) {
            continue;
        }
        others += 1;
        let bytes = std::fs::read(&file).unwrap();
        runner.run(dialect, kind, &format!("{}: as is", file.display()), &bytes);
    }
    let Runner {
        cases, breaches, ..
    } = runner;
    assert!(
        breaches.is_empty(),
        "{} of {cases} {id} mutants broke the contract:\n{}",
        breaches.len(),
        breaches.join("\n")
    );
    assert!(
        valid_files >= 3,
        "{id}: only {valid_files} valid fixtures found"
    );
    assert!(cases > 300, "{id}: only {cases} mutants");
    if id != DialectId::Core {
        assert!(others > 0, "{id}: no invalid or strict fixture found");
    }
}

#[test]
fn core_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Core);
}

#[test]
fn chatbot_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Chatbot);
}

#[test]
fn mozu_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Mozu);
}

#[test]
fn unicommerce_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Unicommerce);
}

#[test]
fn occ_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Occ);
}

#[test]
fn omnitron_fixtures_survive_every_mutation() {
    mutate_dialect(DialectId::Omnitron);
}

/// The fixture walk itself: every vendor's invalid and strict directories are found.
#[test]
fn every_fixture_class_is_reached() {
    for id in [
        DialectId::Chatbot,
        DialectId::Mozu,
        DialectId::Unicommerce,
        DialectId::Occ,
        DialectId::Omnitron,
    ] {
        let others = other_fixtures(id);
        let classes: BTreeSet<String> = others
            .iter()
            .map(|(_, p)| {
                p.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert!(
            classes.contains("invalid") || classes.contains("strict"),
            "{id}: {classes:?}"
        );
        assert!(others.iter().all(|(_, p)| !p.ends_with("expectations.tsv")));
    }
}

/// Every input a fuzz target ever failed on (`fuzz/regressions/<dialect>_<kind>/*`) goes
/// through the same entry points and checks.
#[test]
fn fuzz_findings_stay_fixed() {
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    let mut runner = Runner {
        registry: &registry,
        cases: 0,
        breaches: Vec::new(),
    };
    let dir = common::root().join("fuzz/regressions");
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        let (dialect, kind) = name.rsplit_once('_').unwrap();
        let dialect = registry.get(dialect.parse().unwrap()).unwrap();
        let kind: PayloadKind = kind.parse().unwrap();
        for file in std::fs::read_dir(&target).unwrap() {
            let file = file.unwrap().path();
            runner.run(
                dialect,
                kind,
                &file.display().to_string(),
                &std::fs::read(&file).unwrap(),
            );
        }
    }
    assert!(runner.breaches.is_empty(), "{}", runner.breaches.join("\n"));
    assert!(runner.cases >= 2, "only {} regression inputs", runner.cases);
}
