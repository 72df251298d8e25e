//! `UnicommerceClient` (Uniware's side of `/orders/cancel` and `/authToken`, a test harness).

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::http::{header_str, json_response};
use cancel_kit::domain::json::{self, Limits};
use cancel_kit::domain::{
    CancelGateway, CancelReason, CancelRejection, CancelRequest, GatewayError, HttpResponse,
    LineCancel, OutcomeStatus, Policy, Quantity, ReasonCode, TranslateContext, TransportErrorKind,
    Vendor,
};
use cancel_kit::endpoint::server::ServerOptions;
use cancel_kit::endpoint::Credentials;
use cancel_kit::testing::RecordingTransport;
use cancel_kit::unicommerce::{self, ClientOptions, TokenExchange, UnicommerceClient};

use crate::support::{self, Serve, Stub};

const BASE: &str = "https://marketplace.example.com/uniware";
const API_KEY: &str = "api-key-SECRET";
const PASSWORD: &str = "p@ss word+SECRET";

fn fast() -> ClientOptions {
    ClientOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_retry_delay(Duration::from_millis(1))
}

/// For the timeout tests: a server that sleeps 2 s is given 300 ms.
fn short() -> ClientOptions {
    fast().with_timeout(Duration::from_millis(300))
}

fn ok(status: &str) -> HttpResponse {
    json_response(200, format!(r#"{{"status":"{status}"}}"#).into_bytes())
}

fn token(token: &str) -> HttpResponse {
    json_response(
        200,
        format!(r#"{{"status":"SUCCESS","accessToken":"{token}"}}"#).into_bytes(),
    )
}

fn recording() -> (Arc<RecordingTransport>, UnicommerceClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client = UnicommerceClient::new(transport.clone(), BASE, API_KEY).with_options(fast());
    (transport, client)
}

fn login_recording(exchange: TokenExchange) -> (Arc<RecordingTransport>, UnicommerceClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client = UnicommerceClient::login(transport.clone(), BASE, "seller@1", PASSWORD)
        .with_token_exchange(exchange)
        .with_options(fast());
    (transport, client)
}

/// One item of an order, with product and variant.
fn item(id: &str, quantity: u32, product: &str, variant: &str) -> LineCancel {
    let mut line = LineCancel::new(id, Some(Quantity::try_from(quantity).unwrap()));
    line.product = Some(product.into());
    line.variant = Some(variant.into());
    line
}

fn items(order: &str, lines: Vec<LineCancel>) -> CancelRequest {
    let mut request =
        CancelRequest::lines(order, lines, CancelReason::new(ReasonCode::Unspecified));
    request.id_space = Some(Vendor::Unicommerce);
    request
}

fn one_item() -> CancelRequest {
    items("SO-1", vec![item("A1", 1, "P-1", "P-1-RED")])
}

#[tokio::test]
async fn every_valid_fixture_is_sent_exactly() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in support::valid_requests("cancel-unicommerce") {
        let wire = unicommerce::parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = unicommerce::request_to_core(&wire, &ctx).unwrap().value;
        let (transport, client) = recording();
        transport.push_response(ok("SUCCESS"));
        let outcome = client.cancel(&core).await.unwrap();
        assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");

        let sent = transport.requests();
        assert_eq!(sent.len(), 1, "{name}");
        let sent = &sent[0];
        assert_eq!(sent.request.method().as_str(), "POST", "{name}");
        assert_eq!(sent.url(), format!("{BASE}/orders/cancel"), "{name}");
        assert_eq!(
            support::header_pairs(&sent.request),
            support::pairs(&[
                ("content-type", "application/json"),
                ("accept", "application/json"),
                ("apikey", API_KEY),
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
            &unicommerce::request_from_core(&core, &ctx).unwrap().value,
            &mut expected,
        )
        .unwrap();
        assert_eq!(*sent.request.body(), expected, "{name}");
        support::assert_no_secret(&format!("{:?} {client:?}", sent.request), &[API_KEY]);
    }
}

#[tokio::test]
async fn the_token_exchange_post_and_get() {
    let (transport, client) = login_recording(TokenExchange::Post);
    transport.push_response(token("tok-1"));
    transport.push_response(ok("SUCCESS"));
    client.cancel(&one_item()).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].request.method().as_str(), "POST");
    assert_eq!(sent[0].url(), format!("{BASE}/authToken"));
    assert_eq!(
        support::header_pairs(&sent[0].request),
        support::pairs(&[
            ("content-type", "application/json"),
            ("accept", "application/json")
        ])
    );
    assert_eq!(
        support::json(sent[0].request.body()),
        serde_json::json!({"username": "seller@1", "password": PASSWORD})
    );
    assert_eq!(
        header_str(sent[1].request.headers(), "apiKey"),
        Some("tok-1")
    );

    let (transport, client) = login_recording(TokenExchange::Get);
    transport.push_response(token("tok-2"));
    transport.push_response(ok("SUCCESS"));
    client.cancel(&one_item()).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent[0].request.method().as_str(), "GET");
    assert_eq!(
        sent[0].url(),
        format!("{BASE}/authToken?username=seller%401&password=p%40ss+word%2BSECRET")
    );
    assert!(sent[0].request.body().is_empty());
    assert_eq!(
        header_str(sent[1].request.headers(), "apiKey"),
        Some("tok-2")
    );
    support::assert_no_secret(
        &format!("{sent:?} {client:?}"),
        &[PASSWORD, "p%40ss", "seller@1"],
    );

    // A refused token: one new exchange, one more attempt.
    transport.clear();
    transport.push_response(json_response(401, br#"{"status":"FAILED"}"#.to_vec()));
    transport.push_response(token("tok-3"));
    transport.push_response(ok("SUCCESS"));
    client.cancel(&one_item()).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        header_str(sent[2].request.headers(), "apiKey"),
        Some("tok-3")
    );
}

#[tokio::test]
async fn refused_credentials_send_no_cancel() {
    for (exchange, answer) in [
        (TokenExchange::Post, r#"{"status":"INVALID_CREDENTIALS"}"#),
        (TokenExchange::Get, r#"{"status":"FAILED"}"#),
    ] {
        let (transport, client) = login_recording(exchange);
        transport.push_response(json_response(200, answer.as_bytes().to_vec()));
        let error = client.cancel(&one_item()).await.unwrap_err();
        assert_eq!(error, GatewayError::Authentication { status: 200 });
        assert_eq!(transport.requests().len(), 1);
        support::assert_no_secret(&format!("{error} {error:?} {client:?}"), &[PASSWORD]);
    }
    let (transport, client) = login_recording(TokenExchange::Post);
    transport.push_response(json_response(200, br#"{"status":"SUCCESS"}"#.to_vec()));
    support::assert_unreadable(&client.cancel(&one_item()).await, 200);
}

#[tokio::test]
async fn answers_are_classified() {
    let (transport, client) = recording();
    let two = items(
        "SO-1",
        vec![
            item("A1", 1, "P-1", "P-1-RED"),
            item("A2", 2, "P-2", "P-2-BLU"),
        ],
    );
    transport.push_response(json_response(
        200,
        br#"{"status":"PARTIAL_SUCCESS","orderItems":[{"orderItemId":"A2","errorMessage":"Item already dispatched"}]}"#.to_vec(),
    ));
    let outcome = client.cancel(&two).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::PartiallyCancelled);

    transport.push_response(json_response(
        200,
        br#"{"status":"FAILED","orderItems":[{"orderItemId":"A1","errorMessage":"Item already dispatched"},{"orderItemId":"A2","errorMessage":"Item already dispatched"}]}"#.to_vec(),
    ));
    assert_eq!(
        support::refusal(client.cancel(&two).await, 200),
        CancelRejection::VendorRefusal {
            vendor: Vendor::Unicommerce,
            vendor_code: None,
            message: "Item already dispatched".to_owned(),
        }
    );
    for (status, body) in [
        (401, &br#"{"status":"FAILED"}"#[..]),
        (400, br#"{"status":"FAILED"}"#),
        (503, b"<html>unavailable</html>"),
        (200, br#"{"status":"success"}"#),
    ] {
        transport.push_response(json_response(status, body.to_vec()));
        let result = client.cancel(&one_item()).await;
        match status {
            401 => assert_eq!(result.unwrap_err(), GatewayError::Authentication { status }),
            400 => {
                support::refusal(result, 400);
            }
            _ => support::assert_unreadable(&result, status),
        }
    }
}

// ---------------------------------------------------------------------------------------
// End to end: `cancelkit serve` through the reqwest transport
// ---------------------------------------------------------------------------------------

fn live(base_url: &str, api_key: &str) -> UnicommerceClient {
    UnicommerceClient::new(support::reqwest(), base_url, api_key).with_options(fast())
}

fn live_login(base_url: &str, password: &str, exchange: TokenExchange) -> UnicommerceClient {
    UnicommerceClient::login(
        support::reqwest(),
        base_url,
        Credentials::DEFAULT_USERNAME,
        password,
    )
    .with_token_exchange(exchange)
    .with_options(fast())
}

fn merino(quantity: u32) -> CancelRequest {
    items(
        "UC-SO-77002",
        vec![item(
            "UC-OI-77002-1",
            quantity,
            "TEE-MERINO",
            "TEE-MERINO-L-GRY",
        )],
    )
}

#[tokio::test]
async fn e2e_success_with_a_key_and_with_both_exchanges() {
    let serve = Serve::start().await;
    let outcome = live(&serve.base_url, Credentials::DEFAULT_TOKEN)
        .cancel(&merino(1))
        .await
        .unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    let order = serve
        .stand_in
        .order("UC-SO-77002", Some(Vendor::Unicommerce))
        .await
        .unwrap();
    assert_eq!(order.lines[0].quantities.cancelled, 1);

    for exchange in [TokenExchange::Post, TokenExchange::Get] {
        let client = live_login(&serve.base_url, Credentials::DEFAULT_PASSWORD, exchange);
        let outcome = client.cancel(&merino(1)).await;
        if exchange == TokenExchange::Post {
            assert_eq!(outcome.unwrap().value.status, OutcomeStatus::Cancelled);
        } else {
            // Both units are cancelled now.
            assert!(matches!(
                outcome,
                Err(GatewayError::Refused { status: 200, .. })
            ));
        }
    }
}

#[tokio::test]
async fn e2e_partial_and_refused_items() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url, Credentials::DEFAULT_TOKEN);
    // Best effort: the free item is cancelled, the allocated one is not.
    let request = items(
        "UC-SO-77001",
        vec![
            item("UC-OI-77001-1", 1, "SHOE-RUN-500", "SHOE-RUN-500-42-BLU"),
            item("UC-OI-77001-4", 1, "SOCK-3PK", "SOCK-3PK-M-BLK"),
        ],
    );
    let order = serve
        .stand_in
        .order("UC-SO-77001", Some(Vendor::Unicommerce))
        .await
        .unwrap();
    let mut request = request;
    if let cancel_kit::domain::CancelScope::Lines { lines } = &mut request.scope {
        let line = order
            .line("UC-OI-77001-4", Some(Vendor::Unicommerce))
            .unwrap();
        lines[1].product = line.product.clone();
        lines[1].variant = line.variant.clone();
    }
    let outcome = client.cancel(&request).await.unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::PartiallyCancelled);
    let refused: Vec<_> = outcome
        .value
        .lines
        .iter()
        .filter(|l| l.accepted == 0)
        .map(|l| l.line.as_str().to_owned())
        .collect();
    assert_eq!(refused, ["UC-OI-77001-4"]);

    // Every item refused: a refusal carrying the marketplace's message.
    for (request, words) in [
        (merino(5), "requested"),
        (
            items(
                "UC-SO-77002",
                vec![item("UC-OI-00000-9", 1, "TEE-MERINO", "TEE-MERINO-L-GRY")],
            ),
            "not",
        ),
        (
            items(
                "UC-SO-77002",
                vec![item("UC-OI-77002-1", 1, "OTHER", "OTHER-1")],
            ),
            "match",
        ),
    ] {
        match support::refusal(client.cancel(&request).await, 200) {
            CancelRejection::VendorRefusal {
                vendor: Vendor::Unicommerce,
                message,
                ..
            } => assert!(message.contains(words), "{message}"),
            other => panic!("{other:?}"),
        }
    }
    let unknown_order = items("UC-SO-00000", vec![item("UC-OI-00000-1", 1, "P", "V")]);
    let rejection = support::refusal(client.cancel(&unknown_order).await, 200);
    assert_eq!(rejection, CancelRejection::OrderNotFound);
}

#[tokio::test]
async fn e2e_unreadable_answers_and_timeout() {
    for (status, body) in [
        (200, &b"garbage"[..]),
        (200, br#"{"status":"DONE"}"#),
        (502, b"<html>bad gateway</html>"),
    ] {
        let stub = Stub::start(status, body, Duration::ZERO).await;
        let result = live(&stub.base_url, API_KEY).cancel(&merino(1)).await;
        support::assert_unreadable(&result, status);
    }
    let slow = ServerOptions {
        delay: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let serve = Serve::with(Credentials::default(), slow).await;
    let result = live(&serve.base_url, Credentials::DEFAULT_TOKEN)
        .with_options(short())
        .cancel(&merino(1))
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
}

#[tokio::test]
async fn e2e_credentials() {
    let serve = Serve::start().await;
    for key in ["", "wrong-SECRET"] {
        let client = live(&serve.base_url, key);
        let error = client.cancel(&merino(1)).await.unwrap_err();
        assert_eq!(error, GatewayError::Authentication { status: 401 });
        support::assert_no_secret(&format!("{error} {error:?} {client:?}"), &["wrong-SECRET"]);
    }
    for exchange in [TokenExchange::Post, TokenExchange::Get] {
        let client = live_login(&serve.base_url, "bad-password-SECRET", exchange);
        let error = client.cancel(&merino(1)).await.unwrap_err();
        assert_eq!(error, GatewayError::Authentication { status: 200 });
        support::assert_no_secret(
            &format!("{error} {error:?} {client:?}"),
            &["bad-password-SECRET"],
        );
    }
    let order = serve
        .stand_in
        .order("UC-SO-77002", Some(Vendor::Unicommerce))
        .await
        .unwrap();
    assert_eq!(order.lines[0].quantities.cancelled, 0);

    // A GET exchange that cannot connect: the error does not carry the URL's password.
    let base = support::closed_port().await;
    let client = live_login(&base, "in-the-query-SECRET", TokenExchange::Get);
    let error = client.cancel(&merino(1)).await.unwrap_err();
    support::assert_transport(&Err::<(), _>(error.clone()), TransportErrorKind::Connect);
    support::assert_no_secret(&format!("{error} {error:?}"), &["in-the-query-SECRET"]);
}
