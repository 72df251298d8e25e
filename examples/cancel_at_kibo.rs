//! Cancel an order at Kibo (the translated OMS API) with `MozuClient`.
//!
//! The client takes a core `CancelRequest`, translates it to Kibo's body, sends
//! `POST /api/v2/order/action/cancel` with `x-vol-tenant` through the reqwest transport,
//! and reads Kibo's answer back into a core outcome or a typed refusal.
//!
//! ```sh
//! cargo run --example cancel_at_kibo                         # starts `cancelkit serve` in process
//! cargo run --example cancel_at_kibo -- http://127.0.0.1:8080  # a running `cancelkit serve`
//! CANCELKIT_URL=http://127.0.0.1:8080 cargo run --example cancel_at_kibo
//! ```
//!
//! Against a server of your own, run `cancelkit serve --orders examples/data/orders.json`
//! first: the example cancels Kibo orders 1010102 (cancellable) and 1010103 (shipped).
//! It exits 1 unless 1010102 comes back cancelled and 1010103 refused (so a second run
//! against the same server fails: 1010102 is then already cancelled), or when no server
//! answers.

use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::{
    CancelGateway, CancelReason, CancelRequest, GatewayError, OutcomeStatus, Policy, ReasonCode,
    TransportErrorKind, Vendor,
};
use cancel_kit::endpoint::server::{self, ServerOptions};
use cancel_kit::endpoint::StandIn;
use cancel_kit::mozu::{ClientOptions, Environment, MozuClient, TenantId};
use cancel_kit::transport::ReqwestTransport;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let given = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("CANCELKIT_URL").ok());
    // Without a URL, run the stand-in here, on a free port (it stops with the program).
    let base_url = match given {
        Some(url) => url,
        None => {
            let orders = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/orders.json");
            let stand_in = Arc::new(StandIn::from_file(orders, Policy::default())?);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let url = format!("http://{}", listener.local_addr()?);
            tokio::spawn(server::serve(
                listener,
                stand_in,
                ServerOptions::default(),
                std::future::pending(),
            ));
            println!("started cancelkit serve on {url}");
            url
        }
    };

    let kibo = MozuClient::new(
        Arc::new(ReqwestTransport::new()?),
        TenantId::new("12345")?,
        Environment::Sandbox,
    )
    .with_base_url(&base_url)
    .with_options(ClientOptions::default().with_timeout(Duration::from_secs(5)));

    // (order, whether the cancel should go through)
    let mut unexpected = Vec::new();
    for (order, cancellable) in [("1010102", true), ("1010103", false)] {
        let mut request =
            CancelRequest::whole_order(order, CancelReason::new(ReasonCode::ChangedMind));
        request.id_space = Some(Vendor::Mozu); // a Kibo order number
        match kibo.cancel(&request).await {
            Ok(outcome) => {
                println!("order {order}: {}", outcome.value.status);
                for entry in &outcome.report.entries {
                    let field = entry.source.as_deref().unwrap_or("-");
                    println!("  {} {field}: {}", entry.action, entry.note);
                }
                if !cancellable || outcome.value.status != OutcomeStatus::Cancelled {
                    unexpected.push(format!("order {order}: {}", outcome.value.status));
                }
            }
            Err(GatewayError::Refused { status, rejection }) => {
                println!("order {order}: refused (HTTP {status}): {rejection}");
                if cancellable {
                    unexpected.push(format!("order {order}: refused: {rejection}"));
                }
            }
            Err(GatewayError::Transport(e)) if e.kind == TransportErrorKind::Connect => {
                return Err(format!(
                    "no server reachable at {base_url} ({e}); start `cancelkit serve` first"
                )
                .into());
            }
            Err(other) => {
                println!("order {order}: {other}");
                unexpected.push(format!("order {order}: {other}"));
            }
        }
    }
    if !unexpected.is_empty() {
        return Err(format!(
            "expected 1010102 cancelled and 1010103 refused, got: {}",
            unexpected.join("; ")
        )
        .into());
    }
    Ok(())
}
