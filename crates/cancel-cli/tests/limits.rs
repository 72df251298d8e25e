//! Document limits at the command line: `--max-bytes` and `--max-depth` are honoured, and
//! an NDJSON line over the limit is reported and skipped without being held in memory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Stdio};

const REQUEST: &str = r#"{"order":"42","scope":"whole_order","reason":{"code":"fraud"}}"#;

fn cancelkit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cancelkit"))
}

/// `cancelkit ARGS --max-bytes 65536 -` with piped stdin, stdout and stderr.
fn spawn_with_stdin(args: &[&str]) -> std::process::Child {
    cancelkit()
        .args(args)
        .args(["--max-bytes", "65536", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Peak resident memory of a live process, in KiB (`VmHWM` of /proc/PID/status).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A 64 MiB line between two good ones, with `--max-bytes 65536`: the good lines are
/// converted in order, the long one is reported by number and skipped, the exit code is
/// 1 (worst line), and the process never holds the long line: its peak memory, read
/// while it waits for more input after the long line went through, stays far below it.
#[test]
fn a_64_mib_ndjson_line_is_reported_and_skipped_without_being_read_whole() {
    const LONG: usize = 64 << 20;
    let mut child = spawn_with_stdin(&["convert", "--from", "core", "--to", "core", "--ndjson"]);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{REQUEST}").unwrap();
    let mut chunk = Vec::with_capacity(1 << 20);
    chunk.extend_from_slice(br#"{"order":""#);
    chunk.resize(1 << 20, b'x');
    for _ in 0..LONG >> 20 {
        stdin.write_all(&chunk).unwrap();
    }
    stdin.write_all(b"\"}\n").unwrap();
    stdin.flush().unwrap();
    // write_all returned: the child has read all but a pipe buffer of the long line.
    let peak = peak_rss_kib(child.id());
    eprintln!("peak RSS while skipping a 64 MiB line: {peak} KiB");
    writeln!(stdin, "{REQUEST}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), [REQUEST, REQUEST]);
    assert!(
        stderr.contains("line 2") && stderr.contains("over the limit of 65536 bytes"),
        "{stderr}"
    );
    assert!(
        peak < 32 * 1024,
        "peak RSS {peak} KiB while skipping a 64 MiB line"
    );
}

#[test]
fn max_bytes_and_max_depth_are_configurable() {
    let dir = std::env::temp_dir().join(format!("cancelkit-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("request.json");
    std::fs::write(&file, REQUEST).unwrap();
    let validate = |extra: &[&str]| {
        cancelkit()
            .args(["validate", "--vendor", "core", "--kind", "request"])
            .args(extra)
            .arg(&file)
            .output()
            .unwrap()
    };
    // The defaults accept it; a byte limit below its size refuses it as `syntax` at `$`.
    assert_eq!(validate(&[]).status.code(), Some(0));
    let small = validate(&["--max-bytes", "16"]);
    assert_eq!(small.status.code(), Some(1));
    let text = String::from_utf8_lossy(&small.stdout);
    assert!(
        text.contains("$: syntax:") && text.contains("over the limit of 16 bytes"),
        "{text}"
    );
    // Depth 2 (object in object) passes with --max-depth 2 and fails with 1.
    assert_eq!(validate(&["--max-depth", "2"]).status.code(), Some(0));
    let shallow = validate(&["--max-depth", "1"]);
    assert_eq!(shallow.status.code(), Some(1));
    let text = String::from_utf8_lossy(&shallow.stdout);
    assert!(
        text.contains("syntax: nesting deeper than the limit of 1"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A single document larger than `--max-bytes` is refused as `syntax` without being read
/// whole: the command stops reading at the limit and exits, so writing 64 MiB into its
/// stdin ends in a broken pipe rather than being consumed.
#[test]
fn an_oversized_single_document_is_refused_without_being_read_whole() {
    let mut child = spawn_with_stdin(&["validate", "--vendor", "core", "--kind", "request"]);
    let mut stdin = child.stdin.take().unwrap();
    let chunk = vec![b' '; 1 << 20];
    let written = (0..64).try_for_each(|_| stdin.write_all(&chunk));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("$: syntax:") && stdout.contains("over the limit of 65536 bytes"),
        "{stdout}"
    );
    let error = written.expect_err("the command read all 64 MiB");
    assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
}
