//! The HTTP envelope: exact URLs, headers and body bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may

use cancel_domain::json::Limits;
use cancel_domain::Method;
use cancel_mozu::wire::{CancelOrderRequest, DispositionReason, OrderId};
use cancel_mozu::{CancelOrderCall, EnvelopeError, Environment, TenantId};

fn seed_body() -> CancelOrderRequest {
    CancelOrderRequest::with_other_reason(OrderId::new(1_010_101).unwrap(), "Customer changed mind")
}

#[test]
fn production_call_is_exact() {
    let call = CancelOrderCall::new(
        TenantId::new("12345").unwrap(),
        Environment::Production,
        seed_body(),
    );
    assert_eq!(call.base_url(), "https://12345-translation.mozu.com");
    assert_eq!(
        call.url(),
        "https://12345-translation.mozu.com/api/v2/order/action/cancel"
    );
    let http = call.http_request().unwrap();
    assert_eq!(http.method(), Method::POST);
    assert_eq!(
        (http.uri().path(), http.uri().query()),
        ("/api/v2/order/action/cancel", None)
    );
    assert_eq!(
        http.headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect::<Vec<_>>(),
        [
            ("x-vol-tenant", "12345"),
            ("content-type", "application/json"),
            ("accept", "application/json"),
        ]
    );
    assert_eq!(
        http.body(),
        br#"{"orderId":1010101,"dispositionReason":"other","dispositionOtherReason":"Customer changed mind"}"#
    );
    assert_eq!(&call.body_bytes().unwrap(), http.body());
}

#[test]
fn sandbox_call_is_exact() {
    let call = CancelOrderCall::new(
        TenantId::new("t-987").unwrap(),
        Environment::Sandbox,
        seed_body(),
    );
    assert_eq!(
        call.url(),
        "https://t-987-translation.sandbox.mozu.com/api/v2/order/action/cancel"
    );
    assert_eq!(
        call.http_request().unwrap().headers()["X-Vol-Tenant"],
        "t-987"
    );
    assert_eq!(CancelOrderCall::PATH, "/api/v2/order/action/cancel");
    assert_eq!(CancelOrderCall::TENANT_HEADER, "x-vol-tenant");
}

#[test]
fn the_body_keeps_the_parsed_spelling_and_unknown_fields() {
    let body = cancel_mozu::parse_request(
        br#"{"orderID":7,"dispositionReason":"created_by_mistake","sendEmails":false}"#,
        &Limits::DEFAULT,
    )
    .unwrap();
    let call = CancelOrderCall::new(TenantId::new("1").unwrap(), Environment::Production, body);
    assert_eq!(
        call.http_request().unwrap().body(),
        br#"{"orderID":7,"dispositionReason":"created_by_mistake","sendEmails":false}"#
    );
}

#[test]
fn tenants_must_fit_a_host_name() {
    for bad in [
        "",
        "-1",
        "1-",
        "a.b",
        "a/b",
        "ten ant",
        "tenant@evil",
        "ünï",
        &"9".repeat(52),
    ] {
        assert!(
            matches!(TenantId::new(bad), Err(EnvelopeError::InvalidTenant { .. })),
            "{bad:?}"
        );
    }
    assert!(TenantId::new("9".repeat(51)).is_ok());
    assert!(TenantId::new("Tenant-01").is_ok());
}

#[test]
fn invalid_bodies_are_not_sent() {
    let mut body = CancelOrderRequest::new(OrderId::new(1).unwrap(), DispositionReason::Other);
    let call = CancelOrderCall::new(
        TenantId::new("1").unwrap(),
        Environment::Production,
        body.clone(),
    );
    match call.http_request() {
        Err(EnvelopeError::InvalidBody(errors)) => {
            assert!(errors.has("dispositionOtherReason", cancel_domain::ErrorKind::Missing));
        }
        other => panic!("{other:?}"),
    }
    body.disposition_other_reason = Some("x".into());
    let call = CancelOrderCall::new(TenantId::new("1").unwrap(), Environment::Production, body);
    assert!(call.http_request().is_ok());
}
