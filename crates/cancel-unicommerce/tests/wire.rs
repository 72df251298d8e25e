//! Wire models beyond the cancel bodies: headers, the token exchange, redaction, and the
//! exact shapes of what this crate writes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use cancel_domain::{json::Limits, ErrorKind, Quantity};
use cancel_unicommerce::wire::{
    AuthStatus, AuthTokenQuery, AuthTokenRequest, AuthTokenResponse, CancelHeaders, CancelStatus,
    FailedItem, OrderCancelRequest, OrderCancelResponse, OrderItem, AUTH_TOKEN_PATH, CANCEL_PATH,
};
use serde_json::json;

#[test]
fn endpoint_constants() {
    assert_eq!(CANCEL_PATH, "/orders/cancel");
    assert_eq!(AUTH_TOKEN_PATH, "/authToken");
}

#[test]
fn headers_need_an_api_key_and_json() {
    let h = CancelHeaders::from_pairs([
        ("APIKEY", "tok-123"),
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("X-Other", "ignored"),
    ])
    .unwrap();
    assert_eq!(h.api_key.expose(), "tok-123");
    assert_eq!(h, {
        let mut want = CancelHeaders::new("tok-123");
        want.content_type = Some("application/json".into());
        want
    });
    assert_eq!(
        CancelHeaders::new("t").to_pairs(),
        [
            ("apiKey", "t".to_owned()),
            ("Content-Type", "application/json".to_owned()),
            ("Accept", "application/json".to_owned())
        ]
    );
    let e = CancelHeaders::from_pairs([("Accept", "application/json")]).unwrap_err();
    assert!(e.has("apiKey", ErrorKind::Missing));
    let e = CancelHeaders::from_pairs([("apiKey", " ")]).unwrap_err();
    assert!(e.has("apiKey", ErrorKind::Range));
    let e = CancelHeaders::from_pairs([("apiKey", "a"), ("apikey", "b")]).unwrap_err();
    assert!(e.has("apiKey", ErrorKind::Duplicate));
    let e = CancelHeaders::from_pairs([("apiKey", "secret-tok"), ("content-type", "text/xml")])
        .unwrap_err();
    assert!(e.has("Content-Type", ErrorKind::Enum));
    assert!(!e.to_string().contains("secret-tok"));
    assert!(!format!("{h:?}").contains("tok-123"));
}

#[test]
fn the_token_exchange_round_trips_and_redacts() {
    let body = br#"{"username":"seller@example.com","password":"hunter2"}"#;
    let req: AuthTokenRequest = cancel_domain::json::parse(body, &Limits::DEFAULT).unwrap();
    assert_eq!(req.username.expose(), "seller@example.com");
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        serde_json::from_slice::<serde_json::Value>(body).unwrap()
    );
    let shown = format!("{req:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("seller@"),
        "{shown}"
    );
    let e =
        cancel_domain::json::parse::<AuthTokenRequest>(br#"{"username":"u"}"#, &Limits::DEFAULT)
            .unwrap_err();
    assert!(e.has("password", ErrorKind::Missing), "{e}");

    let q =
        AuthTokenQuery::parse("username=seller%40example.com&password=a%26b%3Dc&tenant=x").unwrap();
    assert_eq!(q.password.expose(), "a&b=c");
    assert_eq!(q.other["tenant"], "x");
    assert_eq!(AuthTokenQuery::parse(&q.to_query()).unwrap(), q);
    assert!(!format!("{q:?}").contains("a&b"));
    assert!(AuthTokenQuery::parse("username=a&username=b&password=c")
        .unwrap_err()
        .has("username", ErrorKind::Duplicate));
    assert!(AuthTokenQuery::parse("username=a")
        .unwrap_err()
        .has("password", ErrorKind::Missing));
    assert!(AuthTokenQuery::parse("username=%ZZ&password=x")
        .unwrap_err()
        .has("username", ErrorKind::Syntax));

    let ok = AuthTokenResponse::success("tok-1");
    assert_eq!(
        serde_json::to_value(&ok).unwrap(),
        json!({"status": "SUCCESS", "accessToken": "tok-1"})
    );
    assert!(!format!("{ok:?}").contains("tok-1"));
    assert_eq!(
        serde_json::to_value(AuthTokenResponse::refused(true)).unwrap(),
        json!({"status": "INVALID_CREDENTIALS"})
    );
    assert_eq!(
        serde_json::to_value(AuthTokenResponse::refused(false)).unwrap(),
        json!({"status": "FAILED"})
    );
    let odd: AuthTokenResponse = serde_json::from_value(
        json!({"status": "EXPIRED", "accessToken": null, "expiresIn": 3600}),
    )
    .unwrap();
    assert_eq!(odd.status, AuthStatus::from("EXPIRED"));
    assert!(!odd.status.is_known());
    assert_eq!(odd.other["expiresIn"], 3600);
}

#[test]
fn built_bodies_serialize_exactly() {
    let mut request = OrderCancelRequest::new(
        "0042",
        vec![OrderItem::new("7", "P", "V", Quantity::new(3).unwrap())],
    );
    // An extra field named like a modelled one is never written twice.
    request
        .other
        .insert("orderId".into(), json!("other").into());
    request.other.insert("note".into(), json!(1).into());
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"orderId":"0042","orderItems":[{"orderItemId":"7","productId":"P","variantId":"V","quantity":3}],"note":1}"#
    );
    let mut response = OrderCancelResponse::new(CancelStatus::PartialSuccess);
    response.order_items = Some(vec![FailedItem::new("7", None)]);
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"status":"PARTIAL_SUCCESS","orderItems":[{"orderItemId":"7"}]}"#
    );
    // `orderItemId` is optional (the vendor's table): absent stays absent.
    response.order_items = Some(vec![FailedItem::unnamed(Some("out of stock".into()))]);
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"status":"PARTIAL_SUCCESS","orderItems":[{"errorMessage":"out of stock"}]}"#
    );
}

#[test]
fn a_failed_item_without_order_item_id_parses_and_round_trips() {
    let body = br#"{"status":"FAILED","orderItems":[{"errorMessage":"out of stock"}]}"#;
    let response = cancel_unicommerce::parse_response(body, &Limits::DEFAULT).unwrap();
    let item = &response.failed_items()[0];
    assert_eq!(item.order_item_id, None);
    assert_eq!(item.id(), None);
    assert_eq!(item.error_message.as_deref(), Some("out of stock"));
    assert_eq!(
        serde_json::to_vec(&response).unwrap(),
        body.to_vec(),
        "parse then serialize gives the same JSON"
    );
    assert_eq!(FailedItem::new("A1", None).id(), Some("A1"));
    // `null` is still refused: omit the key instead.
    let null = br#"{"status":"FAILED","orderItems":[{"orderItemId":null}]}"#;
    let err = cancel_unicommerce::parse_response(null, &Limits::DEFAULT).unwrap_err();
    assert_eq!(err.0[0].path, "orderItems[0].orderItemId");
    assert_eq!(err.0[0].kind.to_string(), "type");
}

#[test]
fn debug_never_shows_unknown_field_values() {
    let body = br#"{"orderId":"1","customerName":"Jane Roe","orderItems":[{"orderItemId":"a","productId":"p","variantId":"v","quantity":1,"email":"jane@example.com"}]}"#;
    let request = cancel_unicommerce::parse_request(body, &Limits::DEFAULT).unwrap();
    let shown = format!("{request:?}");
    assert!(
        shown.contains("customerName") && shown.contains("email"),
        "{shown}"
    );
    assert!(
        !shown.contains("Jane") && !shown.contains("jane@"),
        "{shown}"
    );
    let response = cancel_unicommerce::parse_response(
        br#"{"status":"FAILED","buyer":"Jane Roe","orderItems":[{"orderItemId":"a","phone":"+90 555"}]}"#,
        &Limits::DEFAULT,
    )
    .unwrap();
    let shown = format!("{response:?}");
    assert!(!shown.contains("Jane") && !shown.contains("555"), "{shown}");
}

#[test]
fn errors_keep_every_problem_with_wire_paths() {
    let body = br#"{"orderId":"","orderItems":[
        {"orderItemId":"A","productId":"","variantId":"v","quantity":1},
        {"orderItemId":"A","productId":"p","variantId":"","quantity":1},
        {"orderItemId":"A","productId":"p","variantId":"v","quantity":1}]}"#;
    let e = cancel_unicommerce::parse_request(body, &Limits::DEFAULT).unwrap_err();
    let got: Vec<(String, ErrorKind)> = e.iter().map(|e| (e.path.clone(), e.kind)).collect();
    assert_eq!(
        got,
        [
            ("orderId".to_owned(), ErrorKind::Range),
            ("orderItems[0].productId".to_owned(), ErrorKind::Range),
            ("orderItems[1].variantId".to_owned(), ErrorKind::Range),
            ("orderItems[1].orderItemId".to_owned(), ErrorKind::Duplicate),
            ("orderItems[2].orderItemId".to_owned(), ErrorKind::Duplicate),
        ]
    );
    assert!(
        e.0[4].message.contains("orderItems[0]"),
        "{}",
        e.0[4].message
    );
    // Same product and variant on two items is fine.
    let ok = br#"{"orderId":"1","orderItems":[
        {"orderItemId":"A","productId":"p","variantId":"v","quantity":1},
        {"orderItemId":"B","productId":"p","variantId":"v","quantity":1}]}"#;
    assert!(cancel_unicommerce::parse_request(ok, &Limits::DEFAULT).is_ok());
}

#[test]
fn limits_apply() {
    let small = Limits {
        max_bytes: 10,
        max_depth: 64,
    };
    let e = cancel_unicommerce::parse_response(br#"{"status":"SUCCESS"}"#, &small).unwrap_err();
    assert!(e.has("$", ErrorKind::Syntax));
}

#[test]
fn quantity_errors_say_what_a_quantity_is() {
    // A whole number written as a float is that number, as Jackson reads it.
    let whole = r#"{"orderId":"1","orderItems":[{"orderItemId":"a","productId":"p","variantId":"v","quantity":2.0}]}"#;
    let request = cancel_unicommerce::parse_request(whole.as_bytes(), &Limits::DEFAULT).unwrap();
    assert_eq!(request.order_items[0].quantity.get(), 2);
    for (q, kind) in [
        ("0", ErrorKind::Range),
        ("-1", ErrorKind::Range),
        ("4294967296", ErrorKind::Range),
        ("1.5", ErrorKind::Type),
        ("4294967296.0", ErrorKind::Range),
        ("\"2\"", ErrorKind::Type),
        ("null", ErrorKind::Type),
    ] {
        let body = format!(
            r#"{{"orderId":"1","orderItems":[{{"orderItemId":"a","productId":"p","variantId":"v","quantity":{q}}}]}}"#
        );
        let e = cancel_unicommerce::parse_request(body.as_bytes(), &Limits::DEFAULT).unwrap_err();
        let first = &e.0[0];
        assert_eq!(
            (first.path.as_str(), first.kind),
            ("orderItems[0].quantity", kind),
            "{q}"
        );
        assert!(
            first.message.contains("whole number of units"),
            "{q}: {}",
            first.message
        );
    }
}

/// The typed reading checks modelled keys itself (so the byte-level pass is skipped for
/// documents with only modelled keys); a repeated key is still a `duplicate` at its path,
/// whether it is modelled, unknown, or inside an unknown value.
#[test]
fn repeated_keys_are_duplicates_at_their_path() {
    let item = r#"{"orderItemId":"1","productId":"p","variantId":"v","quantity":1}"#;
    for (doc, path) in [
        (format!(r#"{{"orderId":"9","orderItems":[{item}],"orderItems":[{item}]}}"#), "orderItems"),
        (
            r#"{"orderId":"9","orderItems":[{"orderItemId":"1","productId":"p","variantId":"v","quantity":1,"quantity":2}]}"#.to_owned(),
            "orderItems[0].quantity",
        ),
        (
            r#"{"orderId":"9","orderItems":[{"orderItemId":"1","productId":"p","productId":"q","variantId":"v","quantity":1}]}"#.to_owned(),
            "orderItems[0].productId",
        ),
        (format!(r#"{{"orderId":"9","orderItems":[{item}],"x":1,"x":2}}"#), "x"),
        (format!(r#"{{"orderId":"9","orderItems":[{item}],"x":{{"y":1,"y":1}}}}"#), "x.y"),
    ] {
        let e = cancel_unicommerce::parse_request(doc.as_bytes(), &Limits::DEFAULT).unwrap_err();
        assert!(e.has(path, ErrorKind::Duplicate), "{doc}: {e:?}");
    }
}
