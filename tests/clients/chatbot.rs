//! `ChatbotClient` (the chatbot's side of `cancelOrder`, a test harness).

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::chatbot::{self, ChatbotClient, ClientOptions};
use cancel_kit::domain::http::{header_str, json_response};
use cancel_kit::domain::json::{self, Limits};
use cancel_kit::domain::{
    CancelGateway, CancelRejection, CancelRequest, GatewayError, HttpResponse, OrderPhase,
    OutcomeStatus, Policy, ReasonCode, Requester, TranslateContext, TransportErrorKind, Vendor,
};
use cancel_kit::endpoint::server::ServerOptions;
use cancel_kit::endpoint::Credentials;
use cancel_kit::testing::RecordingTransport;

use crate::support::{self, Serve, Stub};

const BASE: &str = "http://shop.example.com";
const URL: &str = "http://shop.example.com/api/rest/v1/ecom/integrations/cancelOrder";

fn reply(text: &str) -> HttpResponse {
    let body = serde_json::json!({"response": {
        "responseType": "text",
        "responseId": "be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8",
        "responseMessages": [{"simpleResponse": {"responseText": text}}],
    }});
    json_response(200, serde_json::to_vec(&body).unwrap())
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

fn recording() -> (Arc<RecordingTransport>, ChatbotClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client = ChatbotClient::new(transport.clone(), BASE).with_options(fast());
    (transport, client)
}

/// A chat user's whole-order cancel.
fn ask(order: &str) -> CancelRequest {
    let mut request = support::whole(order, Vendor::Chatbot, ReasonCode::Unspecified);
    request.requester = Some(Requester {
        channel: Some("telegram".into()),
        user_id: Some("51342".to_owned().into()),
        locale: Some("en".into()),
        ..Requester::default()
    });
    request
}

#[tokio::test]
async fn every_valid_fixture_is_sent_exactly() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in support::valid_requests("cancel-chatbot") {
        let wire = chatbot::parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = chatbot::request_to_core(&wire, &ctx).unwrap().value;
        let (transport, client) = recording();
        transport.push_response(reply(&format!("Order {} has been cancelled", core.order)));
        let outcome = client.cancel(&core).await.unwrap();
        assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");

        let sent = transport.requests();
        assert_eq!(sent.len(), 1, "{name}");
        let sent = &sent[0];
        assert_eq!(sent.request.method().as_str(), "POST", "{name}");
        assert_eq!(sent.url(), URL, "{name}");
        assert_eq!(
            support::header_pairs(&sent.request),
            support::pairs(&[
                ("content-type", "application/json"),
                ("accept", "application/json"),
            ]),
            "{name}"
        );
        assert_eq!(
            support::json(sent.request.body()),
            support::json(&bytes),
            "{name}"
        );
        let mut expected = Vec::new();
        json::write(
            &chatbot::request_from_core(&core, &ctx).unwrap().value,
            &mut expected,
        )
        .unwrap();
        assert_eq!(*sent.request.body(), expected, "{name}");
    }
}

#[tokio::test]
async fn replies_are_classified_by_their_text() {
    let (transport, client) = recording();
    let request = ask("748596");
    transport.push_response(reply(
        "Order 748596 could not be cancelled: it has already shipped",
    ));
    match support::refusal(client.cancel(&request).await, 200) {
        CancelRejection::VendorRefusal {
            vendor: Vendor::Chatbot,
            message,
            ..
        } => assert!(message.contains("already shipped"), "{message}"),
        other => panic!("{other:?}"),
    }
    transport.push_response(reply("Thanks for your message!"));
    let outcome = client.cancel(&request).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::NeedsReview);

    for (status, expect_auth) in [(401, true), (403, true), (400, false), (500, false)] {
        transport.push_response(json_response(status, br#"{"errors":[]}"#.to_vec()));
        let result = client.cancel(&request).await;
        if expect_auth {
            assert_eq!(result.unwrap_err(), GatewayError::Authentication { status });
        } else {
            support::assert_unreadable(&result, status);
        }
    }
    transport.push_response(json_response(200, b"{\"response\":".to_vec()));
    support::assert_unreadable(&client.cancel(&request).await, 200);
}

#[tokio::test]
async fn extra_headers_are_sent_and_never_shown() {
    let (transport, client) = recording();
    let client = client.with_header("Authorization", "Bearer chat-SECRET");
    transport.push_response(reply("Order 748596 has been cancelled"));
    client.cancel(&ask("748596")).await.unwrap();
    let sent = transport.last().unwrap();
    assert_eq!(
        header_str(sent.request.headers(), "authorization"),
        Some("Bearer chat-SECRET")
    );
    support::assert_no_secret(&format!("{client:?} {sent:?}"), &["chat-SECRET"]);
}

// ---------------------------------------------------------------------------------------
// End to end: `cancelkit serve` through the reqwest transport
// ---------------------------------------------------------------------------------------

fn live(base_url: &str) -> ChatbotClient {
    ChatbotClient::new(support::reqwest(), base_url).with_options(fast())
}

#[tokio::test]
async fn e2e_success() {
    let serve = Serve::start().await;
    let outcome = live(&serve.base_url).cancel(&ask("748597")).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    let order = serve
        .stand_in
        .order("748597", Some(Vendor::Chatbot))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::Cancelled);
}

#[tokio::test]
async fn e2e_refusals_are_texts() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url);
    for (order, words) in [
        ("999999", "could not find"),
        ("748596", "being prepared"),
        ("748598", "already shipped"),
        ("748599", "could not be cancelled"),
        ("748600", "already cancelled"),
        ("748601", "on hold"),
    ] {
        match support::refusal(client.cancel(&ask(order)).await, 200) {
            CancelRejection::VendorRefusal {
                vendor: Vendor::Chatbot,
                vendor_code: None,
                message,
            } => assert!(message.contains(words), "{order}: {message}"),
            other => panic!("{order}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn e2e_unreadable_answers() {
    for (status, body) in [
        (200, &b"garbage"[..]),
        (200, br#"{"response":{}}"#),
        (500, b"<html>oops</html>"),
    ] {
        let stub = Stub::start(status, body, Duration::ZERO).await;
        let result = live(&stub.base_url).cancel(&ask("748597")).await;
        support::assert_unreadable(&result, status);
    }
}

#[tokio::test]
async fn e2e_timeout_and_credentials() {
    let slow = ServerOptions {
        delay: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let serve = Serve::with(Credentials::default(), slow).await;
    let result = live(&serve.base_url)
        .with_options(short())
        .cancel(&ask("748597"))
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);

    // The stand-in checks no credential (the vendor names no scheme): a service that
    // does answers 401.
    let stub = Stub::start(401, b"", Duration::ZERO).await;
    let client = live(&stub.base_url).with_header("Authorization", "Bearer wrong-SECRET");
    let error = client.cancel(&ask("748597")).await.unwrap_err();
    assert_eq!(error, GatewayError::Authentication { status: 401 });
    support::assert_no_secret(&format!("{error} {error:?} {client:?}"), &["wrong-SECRET"]);
}
