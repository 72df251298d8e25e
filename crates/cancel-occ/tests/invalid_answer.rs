//! What a stand-in OCC answers to bodies it cannot accept: the native `errorModel`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use cancel_domain::{json::Limits, Dialect, PayloadKind};
use cancel_occ::OccDialect;
use serde_json::Value;

fn answer(body: &[u8]) -> (u16, Value) {
    let dialect = OccDialect::default();
    let errors = dialect
        .validate(PayloadKind::Request, body, &Limits::DEFAULT)
        .unwrap_err();
    let mut out = Vec::new();
    let status = dialect.invalid_answer(&errors, &mut out);
    (status, serde_json::from_slice(&out).unwrap())
}

#[test]
fn an_unknown_reason_is_200218_at_its_path() {
    let (status, body) = answer(br#"{"orderId":"o1","cancelReason":"ChangeOfMind"}"#);
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "200218");
    assert_eq!(body["o:errorPath"], "cancelReason");
    assert_eq!(body["status"], "400");
}

#[test]
fn other_bad_input_is_200126() {
    let (status, body) = answer(br#"{"orderId":"o1"}"#);
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "200126");
    assert_eq!(body["o:errorPath"], "cancelReason");
    let (_, body) = answer(b"{not json");
    assert_eq!(body["errorCode"], "200126");
    assert_eq!(body["o:errorPath"], "$");
}

#[test]
fn the_answer_reads_back_as_an_occ_error_body() {
    let (_, body) = answer(br#"{"orderId":"o1"}"#);
    let bytes = serde_json::to_vec(&body).unwrap();
    let dialect = OccDialect::default();
    assert_eq!(
        dialect.validate(PayloadKind::Error, &bytes, &Limits::DEFAULT),
        Ok(vec![])
    );
    assert_eq!(body.get("errors"), None);
}
