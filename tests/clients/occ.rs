//! `OccClient` (Oracle Commerce Cloud: store, admin, agent).

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::http::{header_str, json_response};
use cancel_kit::domain::json::Limits;
use cancel_kit::domain::{
    CancelGateway, CancelRejection, GatewayError, HttpResponse, InMemoryOrderStore, OrderPhase,
    OutcomeStatus, Policy, ReasonCode, ReasonOrigin, TranslateContext, TransportErrorKind, Vendor,
};
use cancel_kit::endpoint::server::ServerOptions;
use cancel_kit::endpoint::Credentials;
use cancel_kit::occ::{self, ClientOptions, OccApi, OccClient};
use cancel_kit::testing::RecordingTransport;

use crate::support::{self, Serve, Stub};

const BASE: &str = "https://occ.example.com";
const TOKEN: &str = "occ-bearer-SECRET";

fn fast() -> ClientOptions {
    ClientOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_retry_delay(Duration::from_millis(1))
}

/// For the timeout tests: a server that sleeps 2 s is given 300 ms.
fn short() -> ClientOptions {
    fast().with_timeout(Duration::from_millis(300))
}

fn recording(api: OccApi) -> (Arc<RecordingTransport>, OccClient) {
    let transport = Arc::new(RecordingTransport::new());
    let client = OccClient::new(transport.clone(), BASE, api, TOKEN).with_options(fast());
    (transport, client)
}

fn success() -> HttpResponse {
    json_response(200, br#"{"result":"success"}"#.to_vec())
}

/// A path segment, percent-encoded (everything but RFC 3986 unreserved characters).
fn segment(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

#[tokio::test]
async fn every_valid_fixture_is_sent_exactly_through_every_api() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let store_with_headers = OccApi::Store {
        organization: Some("or-100001".to_owned()),
        asset_language: Some("de".to_owned()),
    };
    for (name, bytes) in support::valid_requests("cancel-occ") {
        let wire = occ::parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = occ::request_to_core(&wire, &ctx).unwrap().value;
        let fixture = support::json(&bytes);
        let id = wire.order_id.as_str();
        let reason = fixture["cancelReason"].as_str().unwrap().to_owned();

        // Store, plain and with its optional headers; admin.
        for (api, path, extra) in [
            (OccApi::store(), "/ccstore/v1/orders/cancel", vec![]),
            (
                store_with_headers.clone(),
                "/ccstore/v1/orders/cancel",
                vec![
                    ("x-ccorganization", "or-100001"),
                    ("x-ccasset-language", "de"),
                ],
            ),
            (
                OccApi::admin("siteUS"),
                "/ccadmin/v1/orders/cancel",
                vec![("x-ccsite", "siteUS")],
            ),
        ] {
            let (transport, client) = recording(api);
            transport.push_response(success());
            let outcome = client.cancel(&core).await.unwrap();
            assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");
            let sent = transport.requests();
            assert_eq!(sent.len(), 1, "{name}");
            let sent = &sent[0];
            assert_eq!(sent.request.method().as_str(), "POST", "{name}");
            assert_eq!(sent.url(), format!("{BASE}{path}"), "{name}");
            let mut headers = vec![
                ("content-type", "application/json"),
                ("accept", "application/json"),
            ];
            headers.extend(extra.iter().copied());
            let auth = bearer();
            headers.push(("authorization", &auth));
            assert_eq!(
                support::header_pairs(&sent.request),
                support::pairs(&headers),
                "{name}"
            );
            assert_eq!(support::json(sent.request.body()), fixture, "{name}");
        }

        // Agent, single call: the id in the path, `op` in the body.
        let (transport, client) = recording(OccApi::Agent {
            site_id: Some("siteUS".to_owned()),
        });
        transport.push_response(json_response(
            200,
            format!(r#"{{"id":"{id}","message":"Order [{id}] has been successfully cancelled."}}"#)
                .into_bytes(),
        ));
        let outcome = client.cancel(&core).await.unwrap();
        assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");
        let sent = transport.last().unwrap();
        assert_eq!(sent.request.method().as_str(), "POST");
        assert_eq!(
            sent.url(),
            format!("{BASE}/ccagent/v1/orders/{}", segment(id))
        );
        assert_eq!(
            support::header_pairs(&sent.request),
            support::pairs(&[
                ("content-type", "application/json"),
                ("accept", "application/json"),
                ("x-ccsite", "siteUS"),
                ("authorization", &bearer()),
            ])
        );
        assert_eq!(
            support::json(sent.request.body()),
            serde_json::json!({"op": "cancel", "cancelReason": reason})
        );

        // Agent, two steps.
        let (transport, client) = recording(OccApi::agent_two_step("siteUS", "se-570031"));
        transport.push_response(json_response(200, b"{}".to_vec()));
        transport.push_response(json_response(
            200,
            format!(r#"{{"orderCancelled":true,"orderId":"{id}"}}"#).into_bytes(),
        ));
        let outcome = client.cancel(&core).await.unwrap();
        assert_eq!(outcome.value.status, OutcomeStatus::Cancelled, "{name}");
        let sent = transport.requests();
        assert_eq!(sent.len(), 2);
        let agent_headers = support::pairs(&[
            ("content-type", "application/json"),
            ("accept", "application/json"),
            ("x-ccagentcontext.shopperprofileid", "se-570031"),
            ("x-ccsite", "siteUS"),
            ("authorization", &bearer()),
        ]);
        assert_eq!(sent[0].request.method().as_str(), "POST");
        assert_eq!(
            sent[0].url(),
            format!("{BASE}/ccagent/v1/orders/initiateCancelOrder")
        );
        assert_eq!(support::header_pairs(&sent[0].request), agent_headers);
        assert_eq!(support::json(sent[0].request.body()), fixture);
        assert_eq!(sent[1].request.method().as_str(), "PUT");
        assert_eq!(
            sent[1].url(),
            format!("{BASE}/ccagent/v1/orders/submitCancelOrder")
        );
        assert_eq!(support::header_pairs(&sent[1].request), agent_headers);
        assert_eq!(
            support::json(sent[1].request.body()),
            serde_json::json!({ "id": id })
        );
        support::assert_no_secret(&format!("{sent:?} {client:?}"), &[TOKEN]);
    }
}

#[tokio::test]
async fn answers_are_classified() {
    let request = support::whole("o30413", Vendor::Occ, ReasonCode::ChangedMind);
    let (transport, client) = recording(OccApi::store());
    let error = |code: &str, status: u16| {
        json_response(
            status,
            format!(r#"{{"errorCode":"{code}","message":"m","status":"{status}"}}"#).into_bytes(),
        )
    };
    transport.push_response(error("28107", 403));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 403),
        CancelRejection::NotOrderOwner
    );
    transport.push_response(json_response(403, br#"{"message":"Forbidden"}"#.to_vec()));
    assert_eq!(
        client.cancel(&request).await.unwrap_err(),
        GatewayError::Authentication { status: 403 }
    );
    transport.push_response(json_response(401, br#"{"status":"401"}"#.to_vec()));
    assert_eq!(
        client.cancel(&request).await.unwrap_err(),
        GatewayError::Authentication { status: 401 }
    );
    transport.push_response(error("210105", 404));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 404),
        CancelRejection::OrderNotFound
    );
    transport.push_response(error("200218", 400));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 400),
        CancelRejection::InvalidReason
    );
    transport.push_response(error("200139", 400));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 400),
        CancelRejection::CancellationRestricted
    );
    transport.push_response(json_response(500, b"<html>oops</html>".to_vec()));
    support::assert_unreadable(&client.cancel(&request).await, 500);
    transport.push_response(json_response(
        200,
        br#"{"result":"success","order":{"orderId":"o30413","state":"PENDING_REMOVE"}}"#.to_vec(),
    ));
    assert_eq!(
        client.cancel(&request).await.unwrap().value.status,
        OutcomeStatus::Requested
    );
    transport.push_response(json_response(200, br#"{"result":"#.to_vec()));
    support::assert_unreadable(&client.cancel(&request).await, 200);

    // 200101 says only "not in a state that can be cancelled": the looked-up order says why.
    let store =
        InMemoryOrderStore::from_file(support::root().join("examples/data/orders.json")).unwrap();
    let client = client.with_directory(Arc::new(store));
    transport.push_response(error("200101", 400));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 400),
        CancelRejection::ItemsAlreadyShipped {
            lines: vec!["ORD-2026-0003-1".into()]
        }
    );
}

#[tokio::test]
async fn two_steps_stop_at_a_refused_first_step() {
    let request = support::whole("o30413", Vendor::Occ, ReasonCode::ChangedMind);
    let (transport, client) = recording(OccApi::agent_two_step("siteUS", "se-1"));
    transport.push_response(json_response(
        400,
        br#"{"errorCode":"200219","message":"changeOfMind is an inactive reason","status":"400"}"#
            .to_vec(),
    ));
    assert_eq!(
        support::refusal(client.cancel(&request).await, 400),
        CancelRejection::InvalidReason
    );
    assert_eq!(transport.requests().len(), 1);

    transport.push_response(json_response(200, b"{}".to_vec()));
    transport.push_response(json_response(
        200,
        br#"{"orderCancelled":false,"orderId":"o30413"}"#.to_vec(),
    ));
    assert!(matches!(
        support::refusal(client.cancel(&request).await, 200),
        CancelRejection::VendorRefusal {
            vendor: Vendor::Occ,
            ..
        }
    ));
}

#[tokio::test]
async fn a_new_token_replaces_the_old_one() {
    let (transport, client) = recording(OccApi::store());
    transport.set_fallback(Ok(success()));
    let request = support::whole("o30413", Vendor::Occ, ReasonCode::ChangedMind);
    client.cancel(&request).await.unwrap();
    client.set_token("fresh-SECRET");
    client.cancel(&request).await.unwrap();
    let sent = transport.requests();
    assert_eq!(
        header_str(sent[0].request.headers(), "authorization"),
        Some(bearer().as_str())
    );
    assert_eq!(
        header_str(sent[1].request.headers(), "authorization"),
        Some("Bearer fresh-SECRET")
    );
    support::assert_no_secret(&format!("{client:?}"), &[TOKEN, "fresh-SECRET"]);
}

// ---------------------------------------------------------------------------------------
// End to end: `cancelkit serve` through the reqwest transport
// ---------------------------------------------------------------------------------------

fn live(base_url: &str, api: OccApi, token: &str) -> OccClient {
    OccClient::new(support::reqwest(), base_url, api, token).with_options(fast())
}

#[tokio::test]
async fn e2e_success_store_and_admin() {
    let serve = Serve::start().await;
    let request = support::whole("o30412", Vendor::Occ, ReasonCode::ChangedMind);
    let outcome = live(&serve.base_url, OccApi::store(), Credentials::DEFAULT_TOKEN)
        .cancel(&request)
        .await
        .unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
    let order = serve
        .stand_in
        .order("o30412", Some(Vendor::Occ))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::Cancelled);

    let serve = Serve::start().await;
    let outcome = live(
        &serve.base_url,
        OccApi::admin("siteUS"),
        Credentials::DEFAULT_TOKEN,
    )
    .cancel(&request)
    .await
    .unwrap();
    assert_eq!(outcome.value.status, OutcomeStatus::Cancelled);
}

#[tokio::test]
async fn e2e_refusals() {
    let serve = Serve::start().await;
    let client = live(&serve.base_url, OccApi::store(), Credentials::DEFAULT_TOKEN);
    let cancel = |order: &str| support::whole(order, Vendor::Occ, ReasonCode::ChangedMind);

    let result = client.cancel(&cancel("o99999")).await;
    assert_eq!(
        support::refusal(result, 404),
        CancelRejection::OrderNotFound
    );

    // 200101 alone: OCC does not say why.
    match support::refusal(client.cancel(&cancel("o30413")).await, 400) {
        CancelRejection::VendorRefusal {
            vendor: Vendor::Occ,
            vendor_code: Some(code),
            ..
        } => assert_eq!(code, "200101"),
        other => panic!("{other:?}"),
    }
    // With the orders at hand, the class of every 200101.
    let store =
        InMemoryOrderStore::from_file(support::root().join("examples/data/orders.json")).unwrap();
    let client = client.with_directory(Arc::new(store));
    for (order, expected) in [
        (
            "o30413",
            CancelRejection::ItemsAlreadyShipped {
                lines: vec!["ORD-2026-0003-1".into()],
            },
        ),
        (
            "o30414",
            CancelRejection::OrderNotCancellable {
                phase: OrderPhase::Closed,
            },
        ),
        ("o30415", CancelRejection::OrderAlreadyCancelled),
        (
            "o30416",
            CancelRejection::OrderOnHold {
                reason: cancel_kit::domain::HoldReason::PaymentReview,
            },
        ),
    ] {
        assert_eq!(
            support::refusal(client.cancel(&cancel(order)).await, 400),
            expected,
            "{order}"
        );
    }
    // A reason the merchant does not accept.
    let mut bad_reason = cancel("o30412");
    bad_reason.reason.origin = Some(ReasonOrigin {
        vendor: Vendor::Occ,
        value: "notAReason".to_owned(),
    });
    // OCC's 200218.
    assert_eq!(
        support::refusal(client.cancel(&bad_reason).await, 400),
        CancelRejection::InvalidReason
    );
}

#[tokio::test]
async fn e2e_unreadable_answers_and_timeout() {
    let request = support::whole("o30412", Vendor::Occ, ReasonCode::ChangedMind);
    for (status, body) in [
        (200, &b"garbage"[..]),
        (200, br#"{"result":1}"#),
        (502, b"<html>bad gateway</html>"),
    ] {
        let stub = Stub::start(status, body, Duration::ZERO).await;
        let result = live(&stub.base_url, OccApi::store(), TOKEN)
            .cancel(&request)
            .await;
        support::assert_unreadable(&result, status);
    }
    let slow = ServerOptions {
        delay: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let serve = Serve::with(Credentials::default(), slow).await;
    let result = live(&serve.base_url, OccApi::store(), Credentials::DEFAULT_TOKEN)
        .with_options(short())
        .cancel(&request)
        .await;
    support::assert_transport(&result, TransportErrorKind::Timeout);
}

#[tokio::test]
async fn e2e_credentials() {
    let credentials = Credentials {
        site: Some("siteUS".to_owned()),
        ..Credentials::default()
    };
    let serve = Serve::with(credentials, ServerOptions::default()).await;
    let request = support::whole("o30412", Vendor::Occ, ReasonCode::ChangedMind);
    for token in ["", "wrong-SECRET"] {
        let client = live(&serve.base_url, OccApi::store(), token);
        let error = client.cancel(&request).await.unwrap_err();
        assert_eq!(error, GatewayError::Authentication { status: 401 });
        support::assert_no_secret(&format!("{error} {error:?} {client:?}"), &["wrong-SECRET"]);
    }
    // Another site: OCC's invalid input (200126), not a credential refusal.
    let client = live(
        &serve.base_url,
        OccApi::admin("siteEU"),
        Credentials::DEFAULT_TOKEN,
    );
    match support::refusal(client.cancel(&request).await, 400) {
        CancelRejection::InvalidRequest {
            message: Some(message),
            ..
        } => assert!(message.contains("x-ccsite"), "{message}"),
        other => panic!("{other:?}"),
    }
    let order = serve
        .stand_in
        .order("o30412", Some(Vendor::Occ))
        .await
        .unwrap();
    assert_eq!(order.phase, OrderPhase::AwaitingConfirmation);
}
