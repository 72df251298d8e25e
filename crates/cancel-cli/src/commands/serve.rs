//! `cancelkit serve`: a local stand-in for all five vendor endpoints.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::json::Limits;
use cancel_kit::endpoint::{server, Credentials, OrdersSource, StandIn};
use clap::{Args, ValueEnum};

use crate::exit::{self, Failure};

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Orders file (JSON of core orders); `POST /_cancelkit/reset` reads it again. With
    /// `--store`, it is only read by `POST /_cancelkit/reset?reimport=true`.
    #[arg(long, required_unless_present = "store")]
    pub(crate) orders: Option<PathBuf>,
    /// Keep orders and idempotency keys in a database instead of memory: `sqlite:PATH` (one
    /// file, created if missing) or `postgres://USER@HOST:PORT/DB` (shared by any number of
    /// `serve` processes). Fill it with `cancelkit store import`.
    #[arg(long, value_name = "URL")]
    pub(crate) store: Option<String>,
    #[command(flatten)]
    pub(crate) store_options: crate::commands::store::StoreOptionArgs,
    /// Policy file (TOML).
    #[arg(long)]
    pub(crate) policy: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port. The bound address is printed on
    /// stdout as `listening on http://HOST:PORT`.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) addr: String,
    /// Longest time one request may take, in milliseconds (then 503).
    #[arg(long, default_value_t = 10_000)]
    pub(crate) timeout_ms: u64,
    /// Answer every request this many milliseconds late (to test client timeouts).
    #[arg(long, default_value_t = 0)]
    pub(crate) delay_ms: u64,
    /// Username accepted by Unicommerce `/authToken` and Akinon `/api/v1/auth/login/`.
    #[arg(long, default_value = Credentials::DEFAULT_USERNAME)]
    pub(crate) username: String,
    /// Password accepted by the token exchanges.
    #[arg(long, default_value = Credentials::DEFAULT_PASSWORD)]
    pub(crate) password: String,
    /// Token accepted as Unicommerce `apiKey`, OCC bearer token and Akinon `Token`.
    #[arg(long, default_value = Credentials::DEFAULT_TOKEN)]
    pub(crate) token: String,
    /// Kibo tenant accepted in `x-vol-tenant` (default: any non-empty value).
    #[arg(long)]
    pub(crate) tenant: Option<String>,
    /// OCC site accepted in `x-ccsite` (default: any non-empty value).
    #[arg(long)]
    pub(crate) site: Option<String>,
    /// An OCC store shopper token and the customer it logs in, `TOKEN=CUSTOMER` (repeat for
    /// more): a cancel with that bearer token is refused with 28107 when the order's
    /// `customer` in the orders file is someone else.
    #[arg(long = "shopper", value_name = "TOKEN=CUSTOMER", value_parser = shopper)]
    pub(crate) shoppers: Vec<(String, String)>,
    /// Log format (one line per request on stderr: method, path, status, latency).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) log_format: LogFormat,
}

/// Parses `TOKEN=CUSTOMER`.
fn shopper(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((token, customer)) if !token.is_empty() && !customer.is_empty() => {
            Ok((token.to_owned(), customer.to_owned()))
        }
        _ => Err("expected TOKEN=CUSTOMER, both non-empty".to_owned()),
    }
}

pub(crate) fn run(args: &ServeArgs, limits: Limits) -> Result<u8, Failure> {
    let policy = crate::config::policy(args.policy.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start the runtime: {e}")))?;
    let stand_in = match (&args.store, &args.orders) {
        (Some(url), orders) => {
            let store = runtime.block_on(crate::commands::store::open(url, &args.store_options))?;
            let orders = orders.clone().map(OrdersSource::File);
            StandIn::with_store(policy, store, orders)
        }
        (None, Some(orders)) => StandIn::from_file(orders, policy),
        (None, None) => return Err(Failure::usage("serve needs --orders FILE or --store URL")),
    };
    let stand_in = stand_in
        .map_err(|e| Failure::usage(format!("cannot start: {e}")))?
        .with_limits(limits)
        .with_credentials(Credentials {
            username: args.username.clone(),
            password: args.password.clone(),
            token: args.token.clone(),
            tenant: args.tenant.clone(),
            site: args.site.clone(),
            shoppers: args.shoppers.iter().cloned().collect(),
        });
    let options = server::ServerOptions {
        max_body_bytes: limits.max_bytes,
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        delay: Duration::from_millis(args.delay_ms),
    };
    init_logging(args.log_format);

    let stand_in = Arc::new(stand_in);
    runtime.block_on(async {
        if stand_in.is_persistent() {
            // Expired idempotency keys go every ten minutes (and at every open).
            let store = stand_in.service().store().clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(600));
                loop {
                    every.tick().await;
                    if let Err(e) = store.purge_expired().await {
                        tracing::warn!(target: "cancelkit::serve", error = %e, "purging expired keys failed");
                    }
                }
            });
        }
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|e| Failure::usage(format!("cannot listen on {}: {e}", args.addr)))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Failure::usage(format!("cannot read the bound address: {e}")))?;
        {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "listening on http://{bound}");
            let _ = stdout.flush();
        }
        tracing::info!(target: "cancelkit::serve", %bound, "listening");
        server::serve(listener, stand_in, options, shutdown_signal())
            .await
            .map_err(|e| Failure::usage(format!("server failed: {e}")))?;
        tracing::info!(target: "cancelkit::serve", "stopped");
        Ok(exit::OK)
    })
}

/// `cancelkit schema --openapi`: the document `serve` publishes at `/_cancelkit/openapi.json`.
pub(crate) fn print_openapi(registry: &cancel_kit::domain::Registry) -> Result<u8, Failure> {
    let doc = cancel_kit::endpoint::openapi(registry);
    let text = serde_json::to_string_pretty(&doc).map_err(|e| Failure::usage(e.to_string()))?;
    println!("{text}");
    Ok(exit::OK)
}

fn init_logging(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false);
    // A subscriber may already be set (in-process tests); the first one stays.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!(target: "cancelkit::serve", "shutting down");
}
