//! A marketplace's Unicommerce-facing endpoints in a small axum app.
//!
//! Uniware calls the marketplace: `GET`/`POST /authToken` for a token, then
//! `POST /orders/cancel` with the token in `apiKey` to say which order items a seller
//! cancelled. The marketplace mounts cancel-kit's framework-agnostic handler
//! ([`StandIn::handle`]) on its own routes, next to its own pages: convert the request,
//! call the handler, convert the answer. Validation, the state rules (best effort per item),
//! the answer body and status all come from the crates.
//!
//! ```sh
//! cargo run --example marketplace_endpoint                             # self-check, then exit
//! cargo run --example marketplace_endpoint -- --listen 127.0.0.1:8080  # keep serving
//! ```

use std::future::IntoFuture;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cancel_kit::domain::{HttpRequest, Policy};
use cancel_kit::endpoint::StandIn;

/// Hands a request to the cancel-kit handler and its answer back to axum: both speak the
/// `http` crate's types, only the body changes (bytes in, bytes out).
async fn forward(State(stand_in): State<Arc<StandIn>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let answer = stand_in
        .handle(HttpRequest::from_parts(parts, body.to_vec()))
        .await;
    answer.map(Body::from)
}

async fn home() -> &'static str {
    "the marketplace's own pages live here\n"
}

fn app(stand_in: Arc<StandIn>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/orders/cancel", post(forward))
        .route("/authToken", get(forward).post(forward))
        .with_state(stand_in)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let orders = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/orders.json");
    let stand_in = Arc::new(StandIn::from_file(orders, Policy::default())?);
    let listen = std::env::args().skip_while(|a| a != "--listen").nth(1);
    let listener =
        tokio::net::TcpListener::bind(listen.as_deref().unwrap_or("127.0.0.1:0")).await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("marketplace listening on {base}");
    if listen.is_some() {
        axum::serve(listener, app(stand_in)).await?;
        return Ok(());
    }

    // Self-check: play Uniware against our own endpoint.
    let server = tokio::spawn(axum::serve(listener, app(Arc::clone(&stand_in))).into_future());
    let client = reqwest::Client::new();
    let token: serde_json::Value = client
        .get(format!(
            "{base}/authToken?username=cancelkit&password=cancelkit"
        ))
        .send()
        .await?
        .json()
        .await?;
    println!("GET /authToken -> {token}");
    let token = token
        .get("accessToken")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();

    let body = serde_json::json!({
        "orderId": "UC-SO-77001",
        "orderItems": [
            { "orderItemId": "UC-OI-77001-2", "productId": "SOCK-ANKLE-3P",
              "variantId": "SOCK-ANKLE-3P-M-WHT", "quantity": 2 },
            { "orderItemId": "UC-OI-77001-9", "productId": "NONE", "variantId": "NONE", "quantity": 1 },
        ],
    });
    // (apiKey, the HTTP status and Unicommerce status expected)
    let mut answers = Vec::new();
    for api_key in ["wrong-token", token.as_str()] {
        let answer = client
            .post(format!("{base}/orders/cancel"))
            .header("apiKey", api_key)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await?;
        let status = answer.status();
        let text = answer.text().await?;
        println!("POST /orders/cancel -> {status} {text}");
        let answer: serde_json::Value = serde_json::from_str(&text)?;
        answers.push((
            status.as_u16(),
            answer
                .get("status")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
        ));
    }
    let cancelled: Vec<u32> = stand_in
        .order("UC-SO-77001", Some(cancel_kit::domain::Vendor::Unicommerce))
        .await
        .ok_or("order UC-SO-77001 vanished")?
        .lines
        .iter()
        .map(|l| l.quantities.cancelled)
        .collect();
    println!("units cancelled per line of UC-SO-77001: {cancelled:?}");
    server.abort();
    // What this shows: a wrong key is refused; the right one cancels the two socks and
    // names the unknown item as not cancelled.
    let expected = [
        (401, Some("FAILED".to_owned())),
        (200, Some("PARTIAL_SUCCESS".to_owned())),
    ];
    if answers != expected || cancelled != [0, 2, 0, 0] {
        return Err(format!(
            "expected {expected:?} and [0, 2, 0, 0] units cancelled, got {answers:?} and {cancelled:?}"
        )
        .into());
    }
    Ok(())
}
