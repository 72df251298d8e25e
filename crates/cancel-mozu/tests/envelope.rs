//! The HTTP envelope: exact URLs, headers and body bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may

use cancel_domain::json::Limits;
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
    let http = call.to_http().unwrap();
    assert_eq!(http.method, "POST");
    assert_eq!(
        http.url,
        "https://12345-translation.mozu.com/api/v2/order/action/cancel"
    );
    assert_eq!(
        http.headers,
        vec![
            ("x-vol-tenant", "12345".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("accept", "application/json".to_owned()),
        ]
    );
    assert_eq!(
        http.body,
        br#"{"orderId":1010101,"dispositionReason":"other","dispositionOtherReason":"Customer changed mind"}"#
    );
    assert_eq!(call.url(), http.url);
    assert_eq!(call.headers(), http.headers);
}

#[test]
fn sandbox_call_is_exact() {
    let call = CancelOrderCall::new(
        TenantId::new("t-987").unwrap(),
        Environment::Sandbox,
        seed_body(),
    );
    assert_eq!(
        call.to_http().unwrap().url,
        "https://t-987-translation.sandbox.mozu.com/api/v2/order/action/cancel"
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
        call.to_http().unwrap().body,
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
    match call.to_http() {
        Err(EnvelopeError::InvalidBody(errors)) => {
            assert!(errors.has("dispositionOtherReason", cancel_domain::ErrorKind::Missing));
        }
        other => panic!("{other:?}"),
    }
    body.disposition_other_reason = Some("x".into());
    let call = CancelOrderCall::new(TenantId::new("1").unwrap(), Environment::Production, body);
    assert!(call.to_http().is_ok());
}
