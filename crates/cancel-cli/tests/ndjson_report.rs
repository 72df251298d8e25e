//! The report of `convert --ndjson` holds every entry the per-document reports hold:
//! on a corpus (every request fixture of a dialect, one per line, converted to every other
//! dialect), the `--report FILE` records are compared line by line with what
//! `convert --report FILE` gives for that line alone, the bodies with its body, and the
//! summary on stderr with the human reports of the single documents.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DIALECTS: [(&str, &str); 6] = [
    ("core", "cancel-domain"),
    ("chatbot", "cancel-chatbot"),
    ("mozu", "cancel-mozu"),
    ("unicommerce", "cancel-unicommerce"),
    ("occ", "cancel-occ"),
    ("omnitron", "cancel-omnitron"),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every request fixture of a dialect, each on one line (a line break in JSON text is only
/// ever whitespace between tokens, so it becomes a space), in path order.
fn corpus(krate: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![repo()
        .join("crates")
        .join(krate)
        .join("tests/fixtures/request")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .replace(['\n', '\r'], " ")
        })
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// `cancelkit convert --from FROM --to TO` with the policy, orders and default reason that
/// let most documents through, plus `extra`.
fn convert(from: &str, to: &str, extra: &[&str]) -> Output {
    let data = repo().join("examples/data");
    Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(["convert", "--from", from, "--to", to])
        .arg("--policy")
        .arg(data.join("policy.toml"))
        .arg("--orders")
        .arg(data.join("orders.json"))
        .args(["--default-reason", "changed_mind"])
        .args(extra)
        .output()
        .unwrap()
}

/// The `--report` records of a stream: line number → entries.
fn records(path: &Path) -> BTreeMap<u64, Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    let mut last = 0;
    for record in text.lines() {
        let record: Value = serde_json::from_str(record).unwrap();
        let line = record["line"].as_u64().unwrap();
        assert!(line > last, "records in input order: {line} after {last}");
        last = line;
        let entries = record["entries"].clone();
        assert!(
            !entries.as_array().unwrap().is_empty(),
            "a record only for a line with entries: {record}"
        );
        out.insert(line, entries);
    }
    out
}

/// What the single-document path gives for one line: `Some((body, entries, human report
/// lines))` when it converts.
type Single = Option<(String, Value, Vec<String>)>;

fn single(from: &str, to: &str, dir: &Path, n: usize, line: &str) -> Single {
    let doc = dir.join(format!("{from}-{to}-{n}.json"));
    let report = dir.join(format!("{from}-{to}-{n}.report.json"));
    std::fs::write(&doc, line).unwrap();
    let with_file = convert(
        from,
        to,
        &["--report", report.to_str().unwrap(), doc.to_str().unwrap()],
    );
    let human = convert(from, to, &[doc.to_str().unwrap()]);
    assert_eq!(with_file.status.code(), human.status.code());
    if with_file.status.code() != Some(0) {
        return None;
    }
    let body = String::from_utf8(with_file.stdout).unwrap();
    assert_eq!(body, String::from_utf8(human.stdout).unwrap());
    let record: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let human = String::from_utf8(human.stderr).unwrap();
    let human = human
        .lines()
        .map(|l| l.strip_prefix("report: ").unwrap().to_owned())
        .collect();
    Some((body, record["entries"].clone(), human))
}

#[test]
fn the_report_file_holds_every_entry_of_the_per_document_reports() {
    let dir = std::env::temp_dir().join(format!("cancelkit-ndjson-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut compared = 0;
    let mut with_entries = 0;
    for (from, krate) in DIALECTS {
        let lines = corpus(krate);
        assert!(
            lines.len() > 10,
            "{from}: a corpus of {} lines",
            lines.len()
        );
        let input = dir.join(format!("{from}.ndjson"));
        std::fs::write(&input, lines.join("\n") + "\n").unwrap();
        // The single documents of the pairs of this source, run on a few threads.
        let targets: Vec<&str> = DIALECTS
            .iter()
            .map(|d| d.0)
            .filter(|&t| t != from)
            .collect();
        let singles: Vec<Vec<Single>> = std::thread::scope(|scope| {
            let handles: Vec<_> = targets
                .iter()
                .map(|&to| {
                    let (lines, dir) = (&lines, &dir);
                    scope.spawn(move || {
                        lines
                            .iter()
                            .enumerate()
                            .map(|(i, line)| single(from, to, dir, i + 1, line))
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (&to, singles) in targets.iter().zip(singles) {
            let report = dir.join(format!("{from}-{to}.report.ndjson"));
            let stream = convert(
                from,
                to,
                &[
                    "--ndjson",
                    "--threads",
                    "2",
                    "--report",
                    report.to_str().unwrap(),
                    input.to_str().unwrap(),
                ],
            );
            let records = records(&report);
            let stdout = String::from_utf8(stream.stdout).unwrap();
            let mut bodies = stdout.lines();
            for (i, single) in singles.iter().enumerate() {
                let n = (i + 1) as u64;
                match single {
                    None => assert!(
                        !records.contains_key(&n),
                        "{from} -> {to} line {n}: a record for a line that does not convert"
                    ),
                    Some((body, entries, _)) => {
                        compared += 1;
                        assert_eq!(
                            Some(body.trim_end()),
                            bodies.next(),
                            "{from} -> {to} line {n}: the body"
                        );
                        if entries.as_array().unwrap().is_empty() {
                            assert!(!records.contains_key(&n), "{from} -> {to} line {n}");
                        } else {
                            with_entries += 1;
                            assert_eq!(
                                records.get(&n),
                                Some(entries),
                                "{from} -> {to} line {n}: the entries"
                            );
                        }
                    }
                }
            }
            assert_eq!(bodies.next(), None, "{from} -> {to}: no extra body");
            check_summary(
                from,
                to,
                &singles,
                &String::from_utf8(stream.stderr).unwrap(),
            );
        }
    }
    // The corpus exercises the comparison: many lines convert, many with entries.
    assert!(
        compared > 200 && with_entries > 100,
        "{compared} lines converted, {with_entries} with entries"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `path` with each segment of digits only (array indices, ids as keys) written `*`.
fn normalize(path: &str) -> String {
    let mut out = String::new();
    let mut segment = String::new();
    let flush = |out: &mut String, segment: &mut String| {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('*');
        } else {
            out.push_str(segment);
        }
        segment.clear();
    };
    for c in path.chars() {
        if matches!(c, '.' | '[' | ']') {
            flush(&mut out, &mut segment);
            out.push(c);
        } else {
            segment.push(c);
        }
    }
    flush(&mut out, &mut segment);
    out
}

/// The human line of an entry as the summary lists it: its source and target paths
/// normalized.
fn summary_form(json: &Value, human: &str) -> String {
    let action = json["action"].as_str().unwrap();
    let mut line = human.to_owned();
    if let Some(source) = json["source"].as_str() {
        let raw = format!("{action} {source}");
        assert!(line.starts_with(&raw), "{line}");
        line = line.replacen(&raw, &format!("{action} {}", normalize(source)), 1);
    }
    if let Some(target) = json["target"].as_str() {
        let raw = format!(" -> {target}");
        line = line.replacen(&raw, &format!(" -> {}", normalize(target)), 1);
    }
    line
}

/// The stderr summary lists each distinct human entry of the single documents (paths
/// normalized) with the number of lines it applied to and their first five line numbers, in order of first
/// appearance, after a head line with the counts.
fn check_summary(from: &str, to: &str, singles: &[Single], stderr: &str) {
    let mut expected: Vec<(String, Vec<usize>)> = Vec::new();
    let mut converted = 0;
    let mut reported = 0;
    for (i, single) in singles.iter().enumerate() {
        let Some((_, entries, human)) = single else {
            continue;
        };
        converted += 1;
        if human.is_empty() {
            continue;
        }
        reported += 1;
        let entries = entries.as_array().unwrap();
        assert_eq!(entries.len(), human.len(), "one human line per entry");
        for (json, human) in entries.iter().zip(human) {
            let entry = &summary_form(json, human);
            match expected.iter_mut().find(|(e, _)| e == entry) {
                Some((_, lines)) => {
                    if lines.last() != Some(&(i + 1)) {
                        lines.push(i + 1);
                    }
                }
                None => expected.push((entry.clone(), vec![i + 1])),
            }
        }
    }
    let summary: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("report: "))
        .collect();
    if reported == 0 {
        assert!(summary.is_empty(), "{from} -> {to}: {stderr}");
        return;
    }
    let mut want = vec![format!(
        "report: {reported} of {converted} converted lines have entries (every line's entries: --report FILE)"
    )];
    for (entry, lines) in expected {
        let first: Vec<String> = lines.iter().take(5).map(ToString::to_string).collect();
        let more = if lines.len() > 5 { ", ..." } else { "" };
        let unit = if lines.len() == 1 { "line" } else { "lines" };
        want.push(format!(
            "report: {} {unit} ({}{more}): {entry}",
            lines.len(),
            first.join(", ")
        ));
    }
    assert_eq!(summary, want, "{from} -> {to}");
}
