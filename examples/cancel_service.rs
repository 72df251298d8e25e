//! Load the example orders, cancel two lines of one order through a `CancelService`, and
//! print the outcome.
//!
//! Run: `cargo run --example cancel_service [-- path/to/orders.json]`

use std::sync::Arc;

use cancel_kit::domain::{
    CancelReason, CancelRequest, CancelService, InMemoryOrderStore, LineCancel, OutcomeStatus,
    Quantity, ReasonCode, RulesPolicy, Vendor,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/orders.json").to_owned()
    });
    let store = Arc::new(InMemoryOrderStore::from_file(&path)?);
    let service = CancelService::new(Arc::clone(&store));

    // The marketplace (Unicommerce ids) cancels one sock and both bottles of order
    // UC-SO-77001: two lines, named by their `orderItemId`s.
    let lines = vec![
        LineCancel::new("UC-OI-77001-2", Quantity::new(1)),
        LineCancel::new("UC-OI-77001-3", None), // every cancellable unit
    ];
    let mut request = CancelRequest::lines(
        "UC-SO-77001",
        lines,
        CancelReason::new(ReasonCode::OutOfStock),
    );
    request.id_space = Some(Vendor::Unicommerce);
    request.idempotency_key = Some("uc-cancel-77001-1".into());

    // Unicommerce answers per line, so this endpoint runs best effort whatever the policy.
    let policy = RulesPolicy {
        batch: cancel_kit::domain::BatchMode::BestEffort,
        ..RulesPolicy::default()
    };
    // Time is an input to the rules, never read inside them: pass the arrival time.
    let now = std::time::SystemTime::now().into();

    let outcome = service.cancel(&request, &policy, now).await?;
    println!("{}", serde_json::to_string_pretty(&outcome)?);
    println!("batch status: {}", outcome.batch_status());
    // What this shows: both lines go through, 1 sock and every (2) bottle.
    let accepted: Vec<u32> = outcome.lines.iter().map(|l| l.accepted).collect();
    if outcome.status != OutcomeStatus::Cancelled || accepted != [1, 2] {
        return Err(format!(
            "expected both lines cancelled (1 and 2 units), got {} {accepted:?}",
            outcome.status
        )
        .into());
    }

    // The same request again is a replay: same outcome, no second refund or restock.
    let replay = service.cancel(&request, &policy, now).await?;
    if replay.status != OutcomeStatus::Replayed {
        return Err(format!("expected a replay, got {}", replay.status).into());
    }
    let order = store
        .get("UC-SO-77001", Some(Vendor::Unicommerce))
        .ok_or("order vanished")?;
    println!(
        "order {} is {} at version {}; refunded {} of {} captured",
        order.id, order.phase, order.version, order.payment.refunded, order.payment.captured
    );
    // Saved once: the replay changed nothing.
    if order.version != 1 {
        return Err(format!("expected version 1 after a replay, got {}", order.version).into());
    }
    Ok(())
}
