//! `ReqwestTransport`: what it sends, what it gives back, how it fails.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use cancel_kit::domain::http::{header_str, Request as HttpBuilder};
use cancel_kit::domain::{HttpRequest, HttpTransport, Method, TransportErrorKind};
use cancel_kit::transport::ReqwestTransport;
use tokio::sync::oneshot;

use crate::support;

/// A server that answers with what it received, as JSON; `/big` answers 1000 bytes,
/// `/moved` a redirect.
async fn echo() -> (String, oneshot::Sender<()>) {
    let app = Router::new().fallback(|request: Request| async move {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path().to_owned();
        if path == "/big" {
            return Response::new(Body::from(vec![b'x'; 1000]));
        }
        if path == "/moved" {
            return Response::builder()
                .status(302)
                .header("location", "/elsewhere")
                .body(Body::empty())
                .unwrap();
        }
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
            .collect();
        let body = to_bytes(body, usize::MAX).await.unwrap();
        let echo = serde_json::json!({
            "method": parts.method.as_str(),
            "path": path,
            "query": parts.uri.query(),
            "headers": headers,
            "body": String::from_utf8(body.to_vec()).unwrap(),
        });
        Response::builder()
            .status(201)
            .header("x-echo", "1")
            .body(Body::from(serde_json::to_vec(&echo).unwrap()))
            .unwrap()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    (base, tx)
}

fn request(method: Method, target: &str) -> HttpRequest {
    HttpBuilder::builder()
        .method(method)
        .uri(target)
        .body(Vec::new())
        .unwrap()
}

#[tokio::test]
async fn requests_arrive_as_built_and_answers_come_back_whole() {
    let (base, _stop) = echo().await;
    let transport = ReqwestTransport::new().unwrap();
    let request = HttpBuilder::builder()
        .method(Method::PUT)
        .uri("/a/b%20c?x=1&y=%2B")
        .header("x-vol-tenant", "12345")
        .header("Content-Type", "application/json")
        .body(br#"{"orderId":1}"#.to_vec())
        .unwrap();
    let response = transport
        .send(&format!("{base}/"), request, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(header_str(response.headers(), "X-Echo"), Some("1"));
    let echo = support::json(response.body());
    assert_eq!(echo["method"], "PUT");
    assert_eq!(echo["path"], "/a/b%20c");
    assert_eq!(echo["query"], "x=1&y=%2B");
    assert_eq!(echo["body"], r#"{"orderId":1}"#);
    let headers = echo["headers"].as_array().unwrap();
    assert!(headers.contains(&serde_json::json!(["x-vol-tenant", "12345"])));
    assert!(headers.contains(&serde_json::json!(["content-type", "application/json"])));
    assert!(headers
        .iter()
        .any(|h| h[0] == "user-agent" && h[1].as_str().unwrap().starts_with("cancel-kit/")));
}

#[tokio::test]
async fn redirects_are_answers_and_large_bodies_are_refused() {
    let (base, _stop) = echo().await;
    let transport = ReqwestTransport::new().unwrap();
    let moved = transport
        .send(
            &base,
            request(Method::POST, "/moved"),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert_eq!(moved.status(), 302);
    assert_eq!(header_str(moved.headers(), "location"), Some("/elsewhere"));

    let small = transport.clone().with_max_response_bytes(999);
    let error = small
        .send(&base, request(Method::GET, "/big"), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Other);
    let fits = transport
        .with_max_response_bytes(1000)
        .send(&base, request(Method::GET, "/big"), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(fits.body().len(), 1000);
}

#[tokio::test]
async fn failures_are_classified_and_never_carry_the_url() {
    let transport = ReqwestTransport::new().unwrap();
    let closed = support::closed_port().await;
    let mut request = request(Method::GET, "/authToken?username=u&password=query-SECRET");
    request
        .headers_mut()
        .insert("apiKey", "header-SECRET".parse().unwrap());
    let error = transport
        .send(&closed, request.clone(), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Connect);
    support::assert_no_secret(
        &format!("{error} {error:?}"),
        &["query-SECRET", "header-SECRET", "authToken"],
    );

    let slow = support::Stub::start(200, b"{}", Duration::from_secs(2)).await;
    let error = transport
        .send(&slow.base_url, request, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Timeout);
    support::assert_no_secret(
        &format!("{error} {error:?}"),
        &["query-SECRET", "header-SECRET", "authToken"],
    );
}
