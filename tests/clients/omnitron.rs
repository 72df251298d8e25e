//! `OmnitronClient` (Akinon).

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::http::{header_str, json_response};
use cancel_kit::domain::json::Limits;
use cancel_kit::domain::{
    CancelGateway, CancelRejection, CancelScope, GatewayError, HttpResponse, InMemoryOrderStore,
    LineCancel, OrderPhase, OutcomeStatus, Policy, ReasonCode, TranslateContext, TranslateError,
    TransportErrorKind, Vendor,
};
use cancel_kit::endpoint::server::ServerOptions;
use cancel_kit::endpoint::Credentials;
use cancel_kit::omnitron::{self, ClientOptions, OmnitronClient};
use cancel_kit::testing::RecordingTransport;

use crate::support::{self, Serve, Stub};

const BASE: &str = "https://omnitron.example.com";
const TOKEN: &str = "t0k3n-omni-SECRET";
const PASSWORD: &str = "pa55-SECRET";
const CANCELLED: &[u8] = br#"{"pk":1042,"number":"1472672233418128","status":"100"}"#;

fn fast() -> ClientOptions {
    ClientOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_retry_delay(Duration::from_millis(1))
}

/// For the timeout tests: a server that sleeps 2 s is given 300 ms.
fn short() -> ClientOptions {
    fast().with_timeout(Duration::from_millis(300))
}

fn recording() -> (Arc<RecordingTransport>, OmnitronClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client = OmnitronClient::new(transport.clone(), BASE, TOKEN).with_options(fast());
    (transport, client)
}

fn login_recording() -> (Arc<RecordingTransport>, OmnitronClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client =
        OmnitronClient::login(transport.clone(), BASE, "akinon", PASSWORD).with_options(fast());
    (transport, client)
}

fn key(token: &str) -> HttpResponse {
    json_response(200, format!(r#"{{"key":"{token}"}}"#).into_bytes())
}

#[tokio::test]
async fn every_valid_fixture_is_sent_exactly() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in support::valid_requests("cancel-omnitron") {
        let wire = omnitron::parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = omnitron::request_to_core(&wire, &ctx).unwrap().value;
        let (transport, client) = recording();
        transport.push_response(json_response(200, CANCELLED.to_vec()));
        client.cancel(&core).await.unwrap();

        let sent = transport.requests();
        assert_eq!(sent.len(), 1, "{name}");
        let sent = &sent[0];
        assert_eq!(sent.request.method().as_str(), "POST", "{name}");
        assert_eq!(
            sent.url(),
            format!("{BASE}/api/i1/orders/{}/cancel/", wire.order_id),
            "{name}"
        );
        assert_eq!(
            support::header_pairs(&sent.request),
            support::pairs(&[
                ("content-type", "application/json"),
                ("accept", "application/json"),
                ("authorization", &format!("Token {TOKEN}")),
            ]),
            "{name}"
        );
        assert_eq!(
            support::json(sent.request.body()),
            support::json(&bytes),
            "{name}"
        );
        let expected =
            serde_json::to_vec(&omnitron::request_from_core(&core, &ctx).unwrap().value).unwrap();
        assert_eq!(*sent.request.body(), expected, "{name}");
        // What a log would show of it: names and lengths, no token, no bank data.
        support::assert_no_secret(
            &format!("{:?} {client:?}", sent.request),
            &[TOKEN, "TR33", "Ayşe"],
        );
    }
}

#[tokio::test]
async fn the_login_gives_the_token_once_and_again_after_a_401() {
    let (transport, client) = login_recording();
    transport.push_response(key("k1"));
    transport.push_response(json_response(200, CANCELLED.to_vec()));
    transport.push_response(json_response(200, CANCELLED.to_vec()));
    let request = support::whole("1042", Vendor::Omnitron, ReasonCode::ChangedMind);
    client.cancel(&request).await.unwrap();
    client.cancel(&request).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 3, "one login, two cancels");
    assert_eq!(sent[0].url(), format!("{BASE}/api/v1/auth/login/"));
    assert_eq!(sent[0].request.method().as_str(), "POST");
    assert_eq!(
        support::header_pairs(&sent[0].request),
        support::pairs(&[
            ("content-type", "application/json"),
            ("accept", "application/json")
        ])
    );
    assert_eq!(
        support::json(sent[0].request.body()),
        serde_json::json!({"username": "akinon", "password": PASSWORD})
    );
    for cancel in &sent[1..] {
        assert_eq!(
            header_str(cancel.request.headers(), "authorization"),
            Some("Token k1")
        );
    }

    // An expired token: one new login, one more attempt.
    transport.clear();
    transport.push_response(json_response(
        401,
        br#"{"detail":"Invalid token."}"#.to_vec(),
    ));
    transport.push_response(key("k2"));
    transport.push_response(json_response(200, CANCELLED.to_vec()));
    client.cancel(&request).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        header_str(sent[0].request.headers(), "authorization"),
        Some("Token k1")
    );
    assert_eq!(sent[1].request.uri().path(), "/api/v1/auth/login/");
    assert_eq!(
        header_str(sent[2].request.headers(), "authorization"),
        Some("Token k2")
    );

    // Refused twice: no third attempt.
    transport.clear();
    transport.push_response(json_response(
        401,
        br#"{"detail":"Invalid token."}"#.to_vec(),
    ));
    transport.push_response(key("k3"));
    transport.push_response(json_response(
        401,
        br#"{"detail":"Invalid token."}"#.to_vec(),
    ));
    let result = client.cancel(&request).await;
    assert_eq!(
        result.unwrap_err(),
        GatewayError::Authentication { status: 401 }
    );
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn a_refused_login_sends_no_cancel_and_shows_no_secret() {
    let (transport, client) = login_recording();
    transport.push_response(json_response(
        400,
        br#"{"non_field_errors":["Unable to log in with provided credentials."]}"#.to_vec(),
    ));
    let request = support::whole("1042", Vendor::Omnitron, ReasonCode::ChangedMind);
    let error = client.cancel(&request).await.unwrap_err();
    assert_eq!(error, GatewayError::Authentication { status: 400 });
    assert_eq!(transport.requests().len(), 1);
    support::assert_no_secret(
        &format!("{error} {error:?} {client:?} {:?}", transport.requests()),
        &[PASSWORD, "akinon\""],
    );

    // A login answer without a key is unreadable, and says nothing of the body.
    let (transport, client) = login_recording();
    transport.push_response(json_response(200, br#"{"token":"x-SECRET"}"#.to_vec()));
    let error = client.cancel(&request).await.unwrap_err();
    support::assert_unreadable(&Err::<(), _>(error.clone()), 200);
    support::assert_no_secret(&format!("{error} {error:?}"), &["x-SECRET"]);
}

#[tokio::test]
async fn pks_come_from_the_request_the_order_or_the_directory() {
    let mut canonical = support::whole("ORD-2026-0002", Vendor::Omnitron, ReasonCode::ChangedMind);
    canonical.id_space = None;
    let policy: Policy = serde_json::from_str(
        r#"{"vendor":{"omnitron":{"reasons":[{"pk":3,"subject":"Changed my mind","code":"changed_mind"}]}}}"#,
    )
    .unwrap();
    let (transport, client) = recording();
    let client = client.with_policy(policy).unwrap();
    let result = client.cancel(&canonical).await;
    assert!(matches!(
        result,
        Err(GatewayError::InvalidRequest(
            TranslateError::NeedsLookup { .. }
        ))
    ));
    assert!(transport.requests().is_empty());

    let store =
        InMemoryOrderStore::from_file(support::root().join("examples/data/orders.json")).unwrap();
    let order = store.get("ORD-2026-0002", None).unwrap();
    transport.push_response(json_response(200, CANCELLED.to_vec()));
    client
        .cancel_with_order(&canonical, Some(&order))
        .await
        .unwrap();
    let sent = transport.last().unwrap().request;
    assert_eq!(sent.uri().path(), "/api/i1/orders/5424/cancel/");
    assert_eq!(
        support::json(sent.body()),
        serde_json::json!({"order": 5424, "is_all": true, "cancel_items": [],
            "forced_refund_amount": null, "reasons": {"90220": 3}, "is_cargo_refund": false})
    );

    let client = client.with_directory(Arc::new(store));
    transport.push_response(json_response(200, CANCELLED.to_vec()));
    client.cancel(&canonical).await.unwrap();
    assert_eq!(
        support::parts(&transport.last().unwrap().request),
        support::parts(&sent)
    );
}

#[tokio::test]
async fn answers_are_classified() {
    let request = support::whole("1042", Vendor::Omnitron, ReasonCode::ChangedMind);
    let (transport, client) = recording();
    for (status, body) in [
        (404, &br#"{"detail":"Not found."}"#[..]),
        (400, br#"{"non_field_errors":["Order already cancelled!"]}"#),
        (
            406,
            br#"{"non_field_errors":["Order cancellation already in progress."]}"#,
        ),
        (
            403,
            br#"{"detail":"You do not have permission to perform this action."}"#,
        ),
        (400, b"<html>bad request</html>"),
        (500, b"<html>oops</html>"),
        (200, b"[1,2"),
    ] {
        transport.push_response(json_response(status, body.to_vec()));
        let result = client.cancel(&request).await;
        match (status, body.first()) {
            (404, _) => assert_eq!(
                support::refusal(result, 404),
                CancelRejection::OrderNotFound
            ),
            (400, Some(b'{')) => assert_eq!(
                support::refusal(result, 400),
                CancelRejection::OrderAlreadyCancelled
            ),
            (406, _) => assert_eq!(
                support::refusal(result, 406),
                CancelRejection::CancellationAlreadyRequested
            ),
            (403, _) => assert_eq!(result.unwrap_err(), GatewayError::Authentication { status }),
            (400, _) => assert!(matches!(
                support::refusal(result, 400),
                CancelRejection::VendorRefusal {
                    vendor: Vendor::Omnitron,
                    ..
                }
            )),
            _ => support::assert_unreadable(&result, status),
        }
    }
}

// ---------------------------------------------------------------------------------------
// End to end: `cancelkit serve` through the reqwest transport
// ---------------------------------------------------------------------------------------

fn live(base_url: &str, token: &str) -> OmnitronClient {
    OmnitronClient::new(support::reqwest(), base_url, token).with_options(fast())
}

fn live_login(base_url: &str, password: &str) -> OmnitronClient {
    OmnitronClient::login(
        support::reqwest(),
        base_url,
        Credentials::DEFAULT_USERNAME,
        password,
    )
    .with_options(fast())
}

#[tokio::test]
async fn e2e_success_with_a_token_and_with_a_login() {
    let serve = Serve::start().await;
    let request = support::whole("5424", Vendor::Omnitron, ReasonCode::ChangedMind);
    let outcome = live(&serve.base_url, Credentials::DEFAULT_TOKEN)
        .cancel(&request)
        .await
        .unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    let order = serve
        .stand_in
        .order("5424", Some(Vendor::Omnitron))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::Cancelled);

    let serve = Serve::start().await;
    let outcome = live_login(&serve.base_url, Credentials::DEFAULT_PASSWORD)
        .cancel(&request)
        .await
        .unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
}

#[tokio::test]
async fn e2e_refusals() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url, Credentials::DEFAULT_TOKEN);
    let cancel = |order: &str| support::whole(order, Vendor::Omnitron, ReasonCode::ChangedMind);

    let result = client.cancel(&cancel("999999")).await;
    assert_eq!(
        support::refusal(result, 404),
        CancelRejection::OrderNotFound
    );
    let result = client.cancel(&cancel("5427")).await;
    assert_eq!(
        support::refusal(result, 400),
        CancelRejection::OrderAlreadyCancelled
    );
    let result = client.cancel(&cancel("5425")).await;
    assert_eq!(
        support::refusal(result, 400),
        CancelRejection::ItemsAlreadyShipped {
            lines: vec!["90230".into()]
        }
    );
    let result = client.cancel(&cancel("5423")).await;
    assert_eq!(
        support::refusal(result, 400),
        CancelRejection::FulfillmentInProgress {
            lines: vec!["90214".into()]
        }
    );
    // Closed and on hold: Akinon says only that the status forbids it.
    for order in ["5426", "5428"] {
        match support::refusal(client.cancel(&cancel(order)).await, 400) {
            CancelRejection::VendorRefusal {
                vendor: Vendor::Omnitron,
                message,
                ..
            } => assert_eq!(
                message, "Order can't be cancelled in this status.",
                "{order}"
            ),
            other => panic!("{order}: {other:?}"),
        }
    }
    // An item that is not on the order.
    let mut lines = cancel("5423");
    lines.scope = CancelScope::Lines {
        lines: vec![LineCancel::new("99999", None)],
    };
    lines.reason.origin = Some(cancel_kit::domain::ReasonOrigin {
        vendor: Vendor::Omnitron,
        value: "3".to_owned(),
    });
    let result = client.cancel(&lines).await;
    assert_eq!(
        support::refusal(result, 400),
        CancelRejection::UnknownOrderItem {
            line: "99999".into()
        }
    );
    // A partial cancel of an item that can go.
    let mut one = lines.clone();
    one.scope = CancelScope::Lines {
        lines: vec![LineCancel::new("90211", None)],
    };
    let outcome = client.cancel(&one).await.unwrap();
    assert_ne!(outcome.value.status, OutcomeStatus::Rejected);
}

#[tokio::test]
async fn e2e_unreadable_answers() {
    let request = support::whole("5424", Vendor::Omnitron, ReasonCode::ChangedMind);
    for (status, body) in [
        (200, &b"garbage"[..]),
        (200, b"[]"),
        (502, b"<html>bad gateway</html>"),
    ] {
        let stub = Stub::start(status, body, Duration::ZERO).await;
        let result = live(&stub.base_url, TOKEN).cancel(&request).await;
        support::assert_unreadable(&result, status);
    }
}

#[tokio::test]
async fn e2e_timeout() {
    let slow = ServerOptions {
        delay: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let serve = Serve::with(Credentials::default(), slow).await;
    let request = support::whole("5424", Vendor::Omnitron, ReasonCode::ChangedMind);
    let result = live(&serve.base_url, Credentials::DEFAULT_TOKEN)
        .with_options(short())
        .cancel(&request)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
}

#[tokio::test]
async fn e2e_credentials() {
    let serve = Serve::start().await;
    let request = support::whole("5424", Vendor::Omnitron, ReasonCode::ChangedMind);
    for token in ["", "wrong-SECRET"] {
        let client = live(&serve.base_url, token);
        let error = client.cancel(&request).await.unwrap_err();
        assert_eq!(error, GatewayError::Authentication { status: 401 });
        support::assert_no_secret(&format!("{error} {error:?} {client:?}"), &["wrong-SECRET"]);
    }
    let client = live_login(&serve.base_url, "not-the-password-SECRET");
    let error = client.cancel(&request).await.unwrap_err();
    assert_eq!(error, GatewayError::Authentication { status: 400 });
    support::assert_no_secret(
        &format!("{error} {error:?} {client:?}"),
        &["not-the-password-SECRET"],
    );
    // Nothing was cancelled.
    let order = serve
        .stand_in
        .order("5424", Some(Vendor::Omnitron))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::AwaitingConfirmation);
}
