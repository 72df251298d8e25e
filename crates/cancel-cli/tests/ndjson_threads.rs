//! `convert --ndjson` on several threads writes exactly what one thread writes: bodies in
//! input order, diagnostics naming the right line numbers, the same report summary (whose
//! counts and first lines come from every thread), the same exit code,
//! across batch boundaries (the input here is several MiB, batches are 1 MiB).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

/// Line `n` of the input: mostly valid chatbot requests, with blank lines, bad JSON,
/// invalid bodies and lines over `--max-bytes 4096` mixed in.
fn line(n: usize) -> String {
    match n % 997 {
        13 => String::new(),
        101 => "{not json".to_owned(),
        307 => r#"{"conversationRequest":{}}"#.to_owned(),
        509 => format!(r#"{{"pad":"{}"}}"#, "x".repeat(5000)),
        _ => format!(
            r#"{{"conversationRequest":{{"channel":"telegram","userInfo":{{"uid":"u{n}","first_name":"Ada"}}}},"queryInfo":{{"interestType":"cancel-order","parameters":{{"params":{{"entityInfo":{{"orderId":"{}"}}}}}}}},"languageCode":"en"}}"#,
            1_000_000 + n
        ),
    }
}

fn convert(input: &std::path::Path, threads: &str) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(["convert", "--from", "chatbot", "--to", "mozu"])
        .args(["--default-reason", "changed_mind", "--max-bytes", "4096"])
        .args(["--ndjson", "--threads", threads])
        .arg(input)
        .output()
        .unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = std::env::temp_dir().join(format!("cancelkit-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("requests.ndjson");
    let lines: Vec<String> = (1..=20_000).map(line).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    assert!(std::fs::metadata(&input).unwrap().len() > 4 << 20);

    let one = convert(&input, "1");
    assert_eq!(one.0, Some(1), "a bad line makes the exit code 1");
    let stdout = String::from_utf8(one.1.clone()).unwrap();
    let stderr = String::from_utf8(one.2.clone()).unwrap();
    // Every good line gives one body, in input order.
    let good: Vec<usize> = (1..=20_000)
        .filter(|n| ![13, 101, 307, 509].contains(&(n % 997)))
        .collect();
    let bodies: Vec<&str> = stdout.lines().collect();
    assert_eq!(bodies.len(), good.len());
    for (body, n) in bodies.iter().zip(&good) {
        assert!(
            body.contains(&format!("\"orderId\":{}", 1_000_000 + n)),
            "{body}"
        );
    }
    // Diagnostics name the line, also far beyond the first batch.
    let last_bad = (1..=20_000).rev().find(|n| n % 997 == 101).unwrap();
    assert!(
        stderr.contains(&format!("line {last_bad}: invalid: $: syntax:")),
        "{last_bad}"
    );
    let last_long = (1..=20_000).rev().find(|n| n % 997 == 509).unwrap();
    assert!(stderr.contains(&format!(
        "line {last_long}: invalid: $: syntax: line is 5010 bytes"
    )));
    // The report is summed up once at the end, over every converted line.
    assert!(!stderr.contains(": report: "), "no per-line report lines");
    assert!(stderr.contains(&format!(
        "\nreport: {0} of {0} converted lines have entries",
        good.len()
    )));
    assert!(stderr.contains(&format!(
        "\nreport: {} lines (1, 2, 3, 4, 5, ...): dropped requester.channel: Kibo's Cancel Order does not say who asked\n",
        good.len()
    )));

    for threads in ["2", "3", "8"] {
        assert!(
            convert(&input, threads) == one,
            "--threads {threads} differs from --threads 1"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
