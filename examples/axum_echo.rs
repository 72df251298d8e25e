//! The ceiling `comparison/run.sh` measures `cancelkit serve` against: a minimal axum server
//! (the same axum, hyper and tokio as the stand-in, a multi-threaded runtime) whose one
//! handler answers any `POST` with the request body, as JSON. What the stand-in costs
//! beyond this is the cancel itself: parsing, the state rules, the vendor's answer.
//!
//! ```sh
//! cargo run --release --example axum_echo -- 127.0.0.1:0
//! # listening on http://127.0.0.1:40123      <- the only line on stdout; runs until killed
//! cargo run --example axum_echo
//! # without an address: serves on a free port, sends itself one POST, checks the echo, exits
//! ```

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Router;
use std::io::{Read, Write};

/// The request body back, with the content type the vendors answer with.
async fn echo(body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], body)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args().nth(1);
    let listener = tokio::net::TcpListener::bind(addr.as_deref().unwrap_or("127.0.0.1:0")).await?;
    let bound = listener.local_addr()?;
    let app = Router::new().fallback(axum::routing::post(echo));
    if addr.is_some() {
        println!("listening on http://{bound}");
        axum::serve(listener, app).await?;
        return Ok(());
    }
    // The self-check: one POST over a plain TCP connection (blocking I/O on this thread;
    // the server runs on the runtime's workers), its body back.
    tokio::spawn(async move { axum::serve(listener, app).await });
    let body = r#"{"orderId":"o30412","cancelReason":"changeOfMind"}"#;
    let mut stream = std::net::TcpStream::connect(bound)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    write!(
        stream,
        "POST /ccstore/v1/orders/cancel HTTP/1.1\r\nHost: {bound}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 200") || !answer.ends_with(body) {
        return Err(format!("the echo server answered {answer:?}").into());
    }
    println!("echoed {} bytes", body.len());
    Ok(())
}
