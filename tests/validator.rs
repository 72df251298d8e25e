//! The wire request bodies implement `validator::Validate` (feature `validator`): a service
//! that validates with validator accepts them as they are, with wire paths in its errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use cancel_kit::domain::json::{self, Limits};
use validator::Validate;

/// The field errors of a body that fails, as `(wire path, code)` pairs, sorted.
fn failures(result: Result<(), validator::ValidationErrors>) -> Vec<(String, String)> {
    let errors = result.expect_err("the body breaks a rule");
    let mut out: Vec<(String, String)> = errors
        .field_errors()
        .into_iter()
        .flat_map(|(path, list)| {
            list.iter()
                .map(move |e| (path.to_string(), e.code.to_string()))
        })
        .collect();
    out.sort();
    out
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    json::parse(text.as_bytes(), &Limits::DEFAULT).unwrap()
}

#[test]
fn chatbot_requests_validate() {
    use cancel_kit::chatbot::wire::CancelOrderRequest;
    let body = |uid: &str, order: &str| {
        format!(
            r#"{{"conversationRequest":{{"channel":"telegram","userInfo":{{"uid":"{uid}"}}}},
               "queryInfo":{{"interestType":"cancel-order","parameters":{{"params":{{"entityInfo":{{"orderId":"{order}"}}}}}}}},
               "languageCode":"en"}}"#
        )
    };
    assert!(parse::<CancelOrderRequest>(&body("51342", "748596"))
        .validate()
        .is_ok());
    assert_eq!(
        failures(parse::<CancelOrderRequest>(&body("", "")).validate()),
        [
            (
                "conversationRequest.userInfo.uid".to_owned(),
                "range".to_owned()
            ),
            (
                "queryInfo.parameters.params.entityInfo.orderId".to_owned(),
                "range".to_owned()
            ),
        ]
    );
}

#[test]
fn mozu_requests_validate() {
    use cancel_kit::mozu::wire::CancelOrderRequest;
    let ok: CancelOrderRequest = parse(r#"{"orderId":1,"dispositionReason":"created_by_mistake"}"#);
    assert!(ok.validate().is_ok());
    let bad: CancelOrderRequest = parse(r#"{"orderId":1,"dispositionReason":"other"}"#);
    assert_eq!(
        failures(bad.validate()),
        [("dispositionOtherReason".to_owned(), "missing".to_owned())]
    );
}

#[test]
fn unicommerce_requests_validate() {
    use cancel_kit::unicommerce::wire::OrderCancelRequest;
    let item = |id: &str| {
        format!(r#"{{"orderItemId":"{id}","variantId":"V","productId":"P","quantity":1}}"#)
    };
    let ok: OrderCancelRequest = parse(&format!(
        r#"{{"orderId":"MP-1","orderItems":[{}]}}"#,
        item("I-1")
    ));
    assert!(ok.validate().is_ok());
    let bad: OrderCancelRequest = parse(&format!(
        r#"{{"orderId":"MP-1","orderItems":[{},{}]}}"#,
        item("I-1"),
        item("I-1")
    ));
    assert_eq!(
        failures(bad.validate()),
        [(
            "orderItems[1].orderItemId".to_owned(),
            "duplicate".to_owned()
        )]
    );
}

#[test]
fn occ_requests_validate() {
    use cancel_kit::occ::wire::CancelOrderRequest;
    let ok: CancelOrderRequest = parse(r#"{"orderId":"o1","cancelReason":"changeOfMind"}"#);
    assert!(ok.validate().is_ok());
    let bad: CancelOrderRequest = parse(r#"{"orderId":" ","cancelReason":"changeOfMind"}"#);
    assert_eq!(
        failures(bad.validate()),
        [("orderId".to_owned(), "range".to_owned())]
    );
}

#[test]
fn omnitron_requests_validate() {
    use cancel_kit::omnitron::wire::CancelOrderBody;
    let ok: CancelOrderBody = parse(
        r#"{"order":1,"is_all":true,"cancel_items":[],"forced_refund_amount":null,"reasons":{}}"#,
    );
    // `CancelOrderBody` has an inherent `validate` too: call the trait's.
    assert!(Validate::validate(&ok).is_ok());
    let bad: CancelOrderBody =
        parse(r#"{"order":1,"is_all":true,"cancel_items":[5],"reasons":{}}"#);
    assert_eq!(
        failures(Validate::validate(&bad)),
        [
            ("cancel_items".to_owned(), "rule".to_owned()),
            ("forced_refund_amount".to_owned(), "missing".to_owned()),
        ]
    );
}
