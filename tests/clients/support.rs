//! Shared by the client tests: fixtures, `cancelkit serve` in process, stub servers.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use cancel_kit::domain::{
    CancelReason, CancelRequest, GatewayError, HttpTransport, ReasonCode, TransportErrorKind,
    Vendor,
};
use cancel_kit::endpoint::server::{self, ServerOptions};
use cancel_kit::endpoint::{Credentials, StandIn};
use cancel_kit::transport::ReqwestTransport;
use tokio::sync::oneshot;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.json` of `crates/cancel-<vendor>/tests/fixtures/request/valid`, sorted.
pub fn valid_requests(krate: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root()
        .join("crates")
        .join(krate)
        .join("tests/fixtures/request/valid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixture in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The headers of a recorded request as `(lowercase name, value)` pairs, in order.
pub fn header_pairs(request: &cancel_kit::domain::HttpRequest) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect()
}

/// Method, target, headers and body of a request (what two sends of it must share).
pub fn parts(
    request: &cancel_kit::domain::HttpRequest,
) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    (
        request.method().to_string(),
        request.uri().to_string(),
        header_pairs(request),
        request.body().clone(),
    )
}

/// Expected header pairs from literals.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
        .collect()
}

/// Parses JSON bytes.
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// A whole-order cancel of `order` named in `vendor`'s ids.
pub fn whole(order: &str, vendor: Vendor, code: ReasonCode) -> CancelRequest {
    let mut request = CancelRequest::whole_order(order, CancelReason::new(code));
    request.id_space = Some(vendor);
    request
}

/// The real transport.
pub fn reqwest() -> Arc<dyn HttpTransport> {
    Arc::new(ReqwestTransport::new().unwrap())
}

/// `cancelkit serve` in process on 127.0.0.1:0, over `examples/data/orders.json`; stops
/// when dropped.
pub struct Serve {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The stand-in (to look at orders after a cancel).
    pub stand_in: Arc<StandIn>,
    _shutdown: oneshot::Sender<()>,
}

impl Serve {
    /// With the default credentials and options.
    pub async fn start() -> Self {
        Self::with(Credentials::default(), ServerOptions::default()).await
    }

    /// With other credentials and options.
    pub async fn with(credentials: Credentials, options: ServerOptions) -> Self {
        let stand_in = StandIn::from_file(
            root().join("examples/data/orders.json"),
            cancel_kit::domain::Policy::default(),
        )
        .unwrap()
        .with_credentials(credentials);
        let stand_in = Arc::new(stand_in);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(server::serve(
            listener,
            Arc::clone(&stand_in),
            options,
            async move {
                let _ = rx.await;
            },
        ));
        Self {
            base_url,
            stand_in,
            _shutdown: tx,
        }
    }
}

/// A stub server answering every request with `status` and `body` after `delay`,
/// counting the requests.
pub struct Stub {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    hits: Arc<AtomicUsize>,
    _shutdown: oneshot::Sender<()>,
}

impl Stub {
    /// Starts the stub.
    pub async fn start(status: u16, body: &'static [u8], delay: Duration) -> Self {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        let app = Router::new().fallback(move || {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                let mut response = Response::new(Body::from(body));
                *response.status_mut() = StatusCode::from_u16(status).unwrap();
                response
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Self {
            base_url,
            hits,
            _shutdown: tx,
        }
    }

    /// Requests received so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// A base URL where nothing listens.
pub async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Asserts a transport failure of `kind`.
pub fn assert_transport(
    result: &Result<impl std::fmt::Debug, GatewayError>,
    kind: TransportErrorKind,
) {
    match result {
        Err(GatewayError::Transport(e)) => assert_eq!(e.kind, kind, "{e}"),
        other => panic!("expected a {kind} transport failure, got {other:?}"),
    }
}

/// Asserts an unreadable answer with `status`.
pub fn assert_unreadable(result: &Result<impl std::fmt::Debug, GatewayError>, status: u16) {
    match result {
        Err(GatewayError::UnreadableResponse { status: s, .. }) => assert_eq!(*s, status),
        other => panic!("expected an unreadable answer ({status}), got {other:?}"),
    }
}

/// The rejection of a refusal with `status`.
pub fn refusal(
    result: Result<impl std::fmt::Debug, GatewayError>,
    status: u16,
) -> cancel_kit::domain::CancelRejection {
    match result {
        Err(GatewayError::Refused {
            status: s,
            rejection,
        }) => {
            assert_eq!(s, status, "{rejection:?}");
            rejection
        }
        other => panic!("expected a refusal ({status}), got {other:?}"),
    }
}

/// Asserts that none of `secrets` appears in `text`.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} leaked in {text}");
    }
}
