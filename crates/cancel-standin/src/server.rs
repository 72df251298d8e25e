//! The stand-in on an axum router: what `cancelkit serve` runs (feature `server`).
//!
//! [`router`] mounts [`StandIn::handle`] as the fallback of an axum [`Router`], with a body
//! size limit (413), a per-request timeout (503) and one `tracing` event per request
//! (method, path, status, latency; never a header, query or body). [`serve`] runs it on a
//! listener until a shutdown future completes, finishing the requests in flight.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use std::sync::Arc;
//! use cancel_domain::Policy;
//! use cancel_standin::{server, StandIn};
//!
//! let stand_in = StandIn::from_file("examples/data/orders.json", Policy::default()).unwrap();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! println!("listening on http://{}", listener.local_addr()?);
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! # drop(stop);
//! server::serve(listener, Arc::new(stand_in), server::ServerOptions::default(), async {
//!     let _ = stopped.await; // or a signal: `cancelkit serve` stops on SIGINT and SIGTERM
//! })
//! .await
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::response::Response;
use axum::Router;
use cancel_domain::{HttpRequest, HttpResponse};

use super::{control_error, FaultKind, StandIn};

/// Limits of the HTTP layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::exhaustive_structs,
    reason = "the limits of `cancelkit serve`, one field per flag; callers build it by literal with `..Default::default()`"
)]
pub struct ServerOptions {
    /// Largest request body read, in bytes (larger: 413).
    pub max_body_bytes: usize,
    /// Longest time one request may take (longer: 503).
    pub timeout: Duration,
    /// Added to the handling of every vendor request (zero normally; the `/_cancelkit/`
    /// endpoints are never delayed), so client suites can test their own timeouts; it
    /// counts towards [`timeout`](Self::timeout).
    pub delay: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: cancel_domain::json::Limits::DEFAULT.max_bytes,
            timeout: Duration::from_secs(10),
            delay: Duration::ZERO,
        }
    }
}

#[derive(Debug)]
struct Shared {
    stand_in: Arc<StandIn>,
    options: ServerOptions,
}

/// An axum router answering every path with `stand_in`.
pub fn router(stand_in: Arc<StandIn>, options: ServerOptions) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(Arc::new(Shared { stand_in, options }))
}

/// Serves `stand_in` on `listener` until `shutdown` completes, then lets the requests in
/// flight finish.
///
/// # Errors
///
/// When the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    stand_in: Arc<StandIn>,
    options: ServerOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(stand_in, options))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let options = shared.options;
    let work = async {
        if !options.delay.is_zero() && !path.starts_with(super::CONTROL_PREFIX) {
            tokio::time::sleep(options.delay).await;
        }
        let request = match to_http_request(request, options.max_body_bytes).await {
            Ok(request) => request,
            Err(refusal) => return (Some(*refusal), false),
        };
        let stand_in = &shared.stand_in;
        let Some(fault) = stand_in.take_fault(&request) else {
            return (Some(stand_in.handle(request).await), false);
        };
        match fault.kind {
            FaultKind::Status => (Some(stand_in.fault_answer(&request, &fault)), false),
            FaultKind::Delay => {
                let millis = fault.delay_ms.unwrap_or_default();
                tokio::time::sleep(Duration::from_millis(millis)).await;
                let answer = stand_in
                    .handle_faulted(request, Some(FaultKind::Delay), false)
                    .await;
                (Some(answer), false)
            }
            FaultKind::Drop => {
                stand_in.record_dropped(&request);
                // Never sent; status 0 marks "no answer" in the log.
                (None, true)
            }
            FaultKind::ApplyThenDrop => {
                let answer = stand_in
                    .handle_faulted(request, Some(FaultKind::ApplyThenDrop), true)
                    .await;
                (Some(answer), true)
            }
        }
    };
    let (answer, drop) = tokio::time::timeout(options.timeout, work)
        .await
        .unwrap_or_else(|_| {
            let timeout = control_error(
                503,
                "timeout",
                "the request took longer than the server allows",
            );
            (Some(timeout), false)
        });
    let status = answer.as_ref().map_or(0, |a| a.status().as_u16());
    let response = match answer {
        Some(answer) if !drop => into_response(answer),
        _ => dropped_connection(),
    };
    tracing::info!(
        target: "cancelkit::serve",
        method = %method,
        path = %path,
        status,
        dropped = drop,
        latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// A response that never completes: it promises a body of 1 MiB, sends one byte of it and
/// ends, so the server closes the connection and the client gets no usable answer (what
/// the `drop` and `apply_then_drop` faults send). The body is a stream, of unknown length
/// to the server, so the promised length is the one sent.
fn dropped_connection() -> Response {
    let partial = Body::from_stream(Body::from(" ").into_data_stream());
    let mut response = Response::new(partial);
    response.headers_mut().insert(
        axum::http::header::CONTENT_LENGTH,
        HeaderValue::from_static("1048576"),
    );
    response
}

/// Reads an axum request into an [`HttpRequest`], refusing bodies over `max_body_bytes`
/// with 413 (the stand-in's error body).
///
/// # Errors
///
/// The 413 answer.
pub async fn to_http_request(
    request: Request,
    max_body_bytes: usize,
) -> Result<HttpRequest, Box<HttpResponse>> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, max_body_bytes)
        .await
        .map_err(|_| {
            Box::new(control_error(
                413,
                "payload_too_large",
                &format!("the body is larger than {max_body_bytes} bytes"),
            ))
        })?;
    Ok(HttpRequest::from_parts(parts, body.to_vec()))
}

/// Turns an [`HttpResponse`] into an axum response.
pub fn into_response(answer: HttpResponse) -> Response {
    answer.map(Body::from)
}
