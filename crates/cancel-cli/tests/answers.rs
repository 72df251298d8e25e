//! Answers keep their meaning through `cancelkit convert --kind response`: an outcome that
//! needs review never becomes a success or a failure, and a cancel that leaves the order
//! active is never written as a whole-order cancel (exit 3, saying why); a malformed
//! request stays "invalid input" across vendors, never "not in a cancellable state".

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn convert(from: &str, to: &str, body: &[u8]) -> Output {
    convert_kind("response", from, to, body)
}

fn convert_kind(kind: &str, from: &str, to: &str, body: &[u8]) -> Output {
    convert_with(&["--kind", kind, "--from", from, "--to", to], body)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An Akinon order detail in which two items are cancelled and one is still approved
/// (order status `400`): the order stays active.
fn akinon_partial_detail() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cancel-omnitron/tests/fixtures/response/valid/detail_partial_cancel.json");
    std::fs::read(path).unwrap()
}

#[test]
fn a_cancel_that_leaves_the_order_active_is_no_whole_order_answer() {
    let body = akinon_partial_detail();
    for whole_order_only in ["occ", "mozu"] {
        let out = convert("omnitron", whole_order_only, &body);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{whole_order_only}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{whole_order_only} wrote an answer");
        assert!(
            stderr(&out).contains("the order is still active after this cancel")
                && stderr(&out)
                    .contains(&format!("{whole_order_only} answers for whole orders only")),
            "{whole_order_only}: {}",
            stderr(&out)
        );
    }
    // A dialect that answers per line says exactly which lines were cancelled.
    let out = convert("omnitron", "core", &body);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let outcome: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(outcome["phase"], "active");
    assert_eq!(outcome["lines"].as_array().unwrap().len(), 2);
}

#[test]
fn an_outcome_that_needs_review_stays_uncertain() {
    let review = br#"{"order":"1001","status":"needs_review"}"#;
    for definite in ["unicommerce", "omnitron", "occ", "mozu"] {
        let out = convert("core", definite, review);
        assert_eq!(out.status.code(), Some(3), "{definite}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{definite} wrote an answer");
        assert!(
            stderr(&out).contains("the outcome needs review"),
            "{definite}: {}",
            stderr(&out)
        );
    }
    // Free text can say it.
    let out = convert("core", "chatbot", review);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn field_errors_stay_invalid_input_across_vendors() {
    let akinon =
        br#"{"cancel_items": ["This field is required."], "reasons": ["This field is required."]}"#;
    let out = convert_kind("error", "omnitron", "core", akinon);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rejection: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rejection["code"], "invalid_request");
    assert_eq!(
        rejection["fields"],
        serde_json::json!(["cancel_items", "reasons"])
    );

    let out = convert_kind("error", "omnitron", "occ", akinon);
    let occ: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(occ["errorCode"], "200126", "not 200101 (a state refusal)");

    let out = convert_kind("error", "omnitron", "mozu", akinon);
    let kibo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(kibo["code"], 5015);

    let occ_invalid = br#"{"errorCode":"200126","message":"Invalid Input.","status":"400"}"#;
    let out = convert_kind("error", "occ", "core", occ_invalid);
    let rejection: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rejection["code"], "invalid_request", "{}", stderr(&out));
}

fn convert_with(args: &[&str], body: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .arg("convert")
        .args(args)
        .arg("-")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(body).unwrap();
    child.wait_with_output().unwrap()
}

/// An Akinon order detail of a wholly cancelled order (pk 2002).
fn akinon_cancelled_detail() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cancel-omnitron/tests/fixtures/response/valid/detail_canceled_whole.json");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn an_akinon_pk_never_becomes_another_vendors_order_id() {
    let body = akinon_cancelled_detail();
    for to in ["occ", "mozu", "chatbot"] {
        let out = convert("omnitron", to, body.as_bytes());
        assert_eq!(out.status.code(), Some(3), "{to}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{to} wrote an answer");
        assert!(
            stderr(&out).contains("order 2002 is named by its omnitron key"),
            "{to}: {}",
            stderr(&out)
        );
    }
    // With the order directory, the order's OCC id is used (pk 5423 is o30411 there).
    let known = body.replacen("\"pk\": 2002", "\"pk\": 5423", 1);
    let args = [
        "--kind",
        "response",
        "--from",
        "omnitron",
        "--to",
        "occ",
        "--orders",
        "examples/data/orders.json",
    ];
    let out = convert_with(&args, known.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["order"]["orderId"], "o30411");
    assert_eq!(answer["order"]["state"], "REMOVED");
}

#[test]
fn a_reason_given_is_never_replaced_by_the_default_for_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("cancelkit-reasons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.toml");
    std::fs::write(&policy, "[vendor.occ]\ncancel_reason = \"changeOfMind\"\n").unwrap();
    let policy = policy.to_str().unwrap();
    let args = [
        "--kind", "request", "--from", "core", "--to", "occ", "--policy", policy,
    ];

    let other =
        br#"{"order":"o1","scope":"whole_order","reason":{"code":"other","detail":"gift"}}"#;
    let out = convert_with(&args, other);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the source gives reason `other`")
            && stderr(&out).contains("vendor.occ.reasons entry with code = \"other\""),
        "{}",
        stderr(&out)
    );

    let missing = br#"{"order":"o1","scope":"whole_order","reason":{"code":"unspecified"}}"#;
    let out = convert_with(&args, missing);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["cancelReason"],
        "changeOfMind"
    );
    assert!(
        stderr(&out).contains(
            "defaulted -> cancelReason = \"changeOfMind\" [policy vendor.occ.cancel_reason]"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reasons_that_share_a_code_are_reported_approximated() {
    let args = ["--kind", "request", "--from", "occ", "--to", "core"];
    let out = convert_with(
        &args,
        br#"{"orderId":"o1","cancelReason":"noLongerNeeded"}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let core: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(core["reason"]["code"], "changed_mind");
    assert_eq!(core["reason"]["origin"]["value"], "noLongerNeeded");
    assert!(
        stderr(&out).contains("approximated cancelReason -> reason.code"),
        "{}",
        stderr(&out)
    );
    // The id the code leads back to is one-to-one: nothing to report.
    let out = convert_with(&args, br#"{"orderId":"o1","cancelReason":"changeOfMind"}"#);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}
