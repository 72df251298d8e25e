//! `MozuClient` (Kibo).

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::http::{header_str, json_response};
use cancel_kit::domain::json::{self, Limits};
use cancel_kit::domain::{
    CancelGateway, CancelRejection, CancelScope, GatewayError, HttpResponse, LineCancel,
    OrderPhase, OutcomeStatus, Policy, ReasonCode, TranslateContext, TranslateError,
    TransportErrorKind, Vendor,
};
use cancel_kit::endpoint::server::ServerOptions;
use cancel_kit::endpoint::Credentials;
use cancel_kit::mozu::{self, ClientOptions, Environment, MozuClient, TenantId};
use cancel_kit::testing::RecordingTransport;

use crate::support::{self, Serve, Stub};

const CANCELED: &[u8] = br#"{"orderID":1010101,"orderState":"CANCELED","orderStatus":"CANCELED"}"#;
const URL: &str = "https://12345-translation.sandbox.mozu.com/api/v2/order/action/cancel";

fn tenant(id: &str) -> TenantId {
    TenantId::new(id).unwrap()
}

fn response(status: u16, name: &'static str, value: &'static str) -> HttpResponse {
    cancel_kit::domain::http::Response::builder()
        .status(status)
        .header(name, value)
        .body(Vec::new())
        .unwrap()
}

fn recording(replies: &[HttpResponse]) -> (Arc<RecordingTransport>, MozuClient) {
    let transport = Arc::new(RecordingTransport::new());
    for reply in replies {
        transport.push_response(reply.clone());
    }
    let client = MozuClient::new(transport.clone(), tenant("12345"), Environment::Sandbox)
        .with_options(ClientOptions::default().with_retry_delay(Duration::from_millis(1)));
    (transport, client)
}

fn fast() -> ClientOptions {
    ClientOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_retry_delay(Duration::from_millis(1))
}

/// For the timeout tests: a server that sleeps 2 s is given 300 ms.
fn short() -> ClientOptions {
    fast().with_timeout(Duration::from_millis(300))
}

#[tokio::test]
async fn every_valid_fixture_is_sent_exactly() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in support::valid_requests("cancel-mozu") {
        let wire = mozu::parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = mozu::request_to_core(&wire, &ctx).unwrap().value;
        let (transport, client) = recording(&[json_response(200, CANCELED.to_vec())]);
        let outcome = client.cancel(&core).await.unwrap();
        assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");

        let sent = transport.requests();
        assert_eq!(sent.len(), 1, "{name}");
        let sent = &sent[0];
        assert_eq!(sent.request.method().as_str(), "POST", "{name}");
        assert_eq!(sent.url(), URL, "{name}");
        assert_eq!(sent.timeout, Duration::from_secs(10), "{name}");
        assert_eq!(
            support::header_pairs(&sent.request),
            support::pairs(&[
                ("x-vol-tenant", "12345"),
                ("content-type", "application/json"),
                ("accept", "application/json"),
            ]),
            "{name}"
        );
        // Kibo → core → the client's body is the fixture itself, byte for byte as the crate
        // writes it.
        assert_eq!(
            support::json(sent.request.body()),
            support::json(&bytes),
            "{name}"
        );
        let mut expected = Vec::new();
        json::write(
            &mozu::request_from_core(&core, &ctx).unwrap().value,
            &mut expected,
        )
        .unwrap();
        assert_eq!(*sent.request.body(), expected, "{name}");
    }
}

#[tokio::test]
async fn the_idempotency_key_travels_and_makes_a_timeout_retryable_where_honoured() {
    let (transport, client) = recording(&[]);
    let client = client.with_options(
        ClientOptions::default()
            .with_retry_delay(Duration::from_millis(1))
            .with_key_honoured(true),
    );
    transport.push_failure(TransportErrorKind::Timeout);
    transport.push_response(json_response(200, CANCELED.to_vec()));
    let mut request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    request.idempotency_key = Some("key-1".into());
    let outcome = client.cancel(&request).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    for s in &sent {
        assert_eq!(
            header_str(s.request.headers(), "Idempotency-Key"),
            Some("key-1")
        );
    }
    assert_eq!(
        support::parts(&sent[0].request),
        support::parts(&sent[1].request)
    );
}

/// Kibo documents no idempotency header: by default a timed-out cancel is not sent again,
/// even with a key (a second cancel would read "already cancelled" for one that went through).
#[tokio::test]
async fn a_key_the_target_does_not_honour_makes_no_timeout_retryable() {
    let (transport, client) = recording(&[]);
    transport.push_failure(TransportErrorKind::Timeout);
    transport.push_response(json_response(200, CANCELED.to_vec()));
    let mut request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    request.idempotency_key = Some("key-1".into());
    let result = client.cancel(&request).await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn without_a_key_a_timeout_is_not_retried() {
    let (transport, client) = recording(&[]);
    transport.push_failure(TransportErrorKind::Timeout);
    transport.push_response(json_response(200, CANCELED.to_vec()));
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    let result = client.cancel(&request).await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
    assert_eq!(transport.requests().len(), 1);
    assert!(!transport.requests()[0]
        .request
        .headers()
        .contains_key("Idempotency-Key"));
}

#[tokio::test]
async fn connect_failures_are_retried_a_bounded_number_of_times() {
    let (transport, client) = recording(&[]);
    for _ in 0..5 {
        transport.push_failure(TransportErrorKind::Connect);
    }
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    let result = client.cancel(&request).await;
    support::assert_transport(&result, TransportErrorKind::Connect);
    assert_eq!(transport.requests().len(), 3, "one attempt and two retries");

    let (transport, client) = recording(&[]);
    transport.push_failure(TransportErrorKind::Connect);
    transport.push_failure(TransportErrorKind::Other);
    transport.push_response(json_response(200, CANCELED.to_vec()));
    let result = client.cancel(&request).await;
    support::assert_transport(&result, TransportErrorKind::Other);
    assert_eq!(
        transport.requests().len(),
        2,
        "other failures are not retried"
    );
}

#[tokio::test]
async fn answers_are_classified() {
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    let cases: Vec<(HttpResponse, &str)> = vec![
        (
            json_response(
                403,
                br#"{"code":5004,"name":"GENERIC_NOT_AUTHORIZED"}"#.to_vec(),
            ),
            "auth",
        ),
        (json_response(401, b"".to_vec()), "auth"),
        (
            json_response(404, br#"{"code":5002,"name":"GENERIC_NOT_FOUND"}"#.to_vec()),
            "not found",
        ),
        (
            json_response(400, br#"{"code":5015,"message":"bad"}"#.to_vec()),
            "5015",
        ),
        (
            json_response(
                503,
                br#"{"code":5001,"name":"GENERIC_UNAVAILABLE"}"#.to_vec(),
            ),
            "5001",
        ),
        (response(400, "content-type", "text/html"), "text"),
        (
            json_response(502, b"<html>bad gateway</html>".to_vec()),
            "unreadable",
        ),
        (json_response(200, b"garbage".to_vec()), "unreadable"),
        (
            json_response(200, br#"{"orderState":"CANCELED"}"#.to_vec()),
            "unreadable",
        ),
        (response(302, "location", "/elsewhere"), "unreadable"),
    ];
    for (response, expect) in cases {
        let status = response.status().as_u16();
        let (_, client) = recording(&[response]);
        let result = client.cancel(&request).await;
        match expect {
            "auth" => assert_eq!(result.unwrap_err(), GatewayError::Authentication { status }),
            "not found" => assert_eq!(
                support::refusal(result, status),
                CancelRejection::OrderNotFound
            ),
            "5015" | "5001" => match support::refusal(result, status) {
                CancelRejection::VendorRefusal {
                    vendor: Vendor::Mozu,
                    vendor_code: Some(code),
                    ..
                } => assert_eq!(code, expect),
                other => panic!("{other:?}"),
            },
            "text" => assert!(matches!(
                support::refusal(result, status),
                CancelRejection::VendorRefusal {
                    vendor: Vendor::Mozu,
                    vendor_code: None,
                    ..
                }
            )),
            _ => support::assert_unreadable(&result, status),
        }
    }
}

#[tokio::test]
async fn requests_kibo_cannot_take_are_not_sent() {
    let (transport, client) = recording(&[json_response(200, CANCELED.to_vec())]);
    let mut lines = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    lines.scope = CancelScope::Lines {
        lines: vec![LineCancel::new("L1", None)],
    };
    assert!(matches!(
        client.cancel(&lines).await,
        Err(GatewayError::InvalidRequest(
            TranslateError::PartialNotSupported { .. }
        ))
    ));
    let not_an_integer = support::whole("ORD-1", Vendor::Mozu, ReasonCode::ChangedMind);
    assert!(matches!(
        client.cancel(&not_an_integer).await,
        Err(GatewayError::InvalidRequest(
            TranslateError::IdDoesNotFit { .. }
        ))
    ));
    assert!(transport.requests().is_empty());
}

#[test]
fn debug_shows_no_body_or_header_values() {
    let transport = Arc::new(RecordingTransport::new());
    let client = MozuClient::new(transport, tenant("12345"), Environment::Production)
        .with_base_url("http://127.0.0.1:1");
    let text = format!("{client:?}");
    assert!(text.contains("127.0.0.1:1"), "{text}");
}

// ---------------------------------------------------------------------------------------
// End to end: `cancelkit serve` through the reqwest transport
// ---------------------------------------------------------------------------------------

fn live(base_url: &str, tenant_id: &str) -> MozuClient {
    MozuClient::new(
        support::reqwest(),
        tenant(tenant_id),
        Environment::Production,
    )
    .with_base_url(base_url)
    .with_options(fast())
}

#[tokio::test]
async fn e2e_success() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url, "12345");
    let request = support::whole("1010102", Vendor::Mozu, ReasonCode::ChangedMind);
    let outcome = client.cancel(&request).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    assert_eq!(outcome.value.order.as_str(), "1010102");
    let order = serve
        .stand_in
        .order("1010102", Some(Vendor::Mozu))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::Cancelled);
}

#[tokio::test]
async fn e2e_refusals() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url, "12345");
    let not_found = client
        .cancel(&support::whole(
            "9999999",
            Vendor::Mozu,
            ReasonCode::ChangedMind,
        ))
        .await;
    assert_eq!(
        support::refusal(not_found, 404),
        CancelRejection::OrderNotFound
    );
    // In fulfillment, shipped, closed, already cancelled, on hold: Kibo says 5003
    // GENERIC_BAD_REQUEST with the reason in the message.
    for (order, words) in [
        ("1010101", "fulfillment"),
        ("1010103", "shipped"),
        ("1010104", "closed"),
        ("1010105", "already cancelled"),
        ("1010106", "hold"),
    ] {
        let result = client
            .cancel(&support::whole(
                order,
                Vendor::Mozu,
                ReasonCode::ChangedMind,
            ))
            .await;
        match support::refusal(result, 400) {
            CancelRejection::VendorRefusal {
                vendor: Vendor::Mozu,
                vendor_code: Some(code),
                message,
            } => {
                assert_eq!(code, "5003", "{order}");
                assert!(message.contains(words), "{order}: {message}");
            }
            other => panic!("{order}: {other:?}"),
        }
    }
    // The state did not change.
    let order = serve
        .stand_in
        .order("1010106", Some(Vendor::Mozu))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::Active);
}

#[tokio::test]
async fn e2e_unreadable_answers() {
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    for (status, body) in [
        (200, &b"garbage"[..]),
        (200, br#"{"orderState":"CANCELED"}"#),
        (502, b"<html>bad gateway</html>"),
    ] {
        let stub = Stub::start(status, body, Duration::ZERO).await;
        let result = live(&stub.base_url, "12345").cancel(&request).await;
        support::assert_unreadable(&result, status);
        assert_eq!(stub.hits(), 1, "answers are never retried");
    }
    let stub = Stub::start(
        400,
        br#"{"code":5015,"name":"INVALID_REQUEST_DATA"}"#,
        Duration::ZERO,
    )
    .await;
    let result = live(&stub.base_url, "12345").cancel(&request).await;
    assert!(matches!(
        support::refusal(result, 400),
        CancelRejection::VendorRefusal { vendor_code: Some(c), .. } if c == "5015"
    ));
}

#[tokio::test]
async fn e2e_timeouts() {
    let slow = ServerOptions {
        delay: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let serve = Serve::with(Credentials::default(), slow).await;
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    let result = live(&serve.base_url, "12345")
        .with_options(short())
        .cancel(&request)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);

    // Retried only with an idempotency key that the target honours.
    let stub = Stub::start(200, CANCELED, Duration::from_secs(2)).await;
    let result = live(&stub.base_url, "12345")
        .with_options(short())
        .cancel(&request)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
    assert_eq!(stub.hits(), 1);
    let mut keyed = request.clone();
    keyed.idempotency_key = Some("k-1".into());
    let result = live(&stub.base_url, "12345")
        .with_options(short())
        .cancel(&keyed)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
    assert_eq!(stub.hits(), 1 + 1, "Kibo documents no idempotency header");
    let result = live(&stub.base_url, "12345")
        .with_options(short().with_key_honoured(true))
        .cancel(&keyed)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
    assert_eq!(stub.hits(), 2 + 3);
}

#[tokio::test]
async fn e2e_credentials() {
    let credentials = Credentials {
        tenant: Some("12345".to_owned()),
        ..Credentials::default()
    };
    let serve = Serve::with(credentials, ServerOptions::default()).await;
    let request = support::whole("1010102", Vendor::Mozu, ReasonCode::ChangedMind);
    let wrong = live(&serve.base_url, "99999").cancel(&request).await;
    assert_eq!(
        wrong.unwrap_err(),
        GatewayError::Authentication { status: 403 }
    );
    let right = live(&serve.base_url, "12345")
        .cancel(&request)
        .await
        .unwrap();
    assert_eq!(right.value.status, OutcomeStatus::Cancelled);
}

#[tokio::test]
async fn e2e_nothing_listening() {
    let base = support::closed_port().await;
    let request = support::whole("1010101", Vendor::Mozu, ReasonCode::ChangedMind);
    let result = live(&base, "12345").cancel(&request).await;
    support::assert_transport(&result, TransportErrorKind::Connect);
}
