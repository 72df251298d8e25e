//! An integrator's first conversion: a chatbot cancel request becomes a Kibo (Mozu) one.
//!
//! The chatbot carries no reason and Kibo requires one, so the policy supplies it and the
//! report says which key did. Run: `cargo run --example chatbot_to_mozu`.

use cancel_kit::domain::{json::Limits, DialectId, PayloadKind, Policy, ReasonCode};
use cancel_kit::Translator;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/chatbot_request.json"
    ))?;

    let mut policy = Policy::default();
    policy.translate.default_reason = Some(ReasonCode::ChangedMind);
    let translator = Translator::new(policy)?;

    let mut kibo_body = Vec::new();
    let report = translator
        .translate(
            DialectId::Chatbot,
            DialectId::Mozu,
            PayloadKind::Request,
            &request,
            &mut kibo_body,
        )
        .await?;

    // What this shows: a Kibo body that Kibo's own reading accepts, for the chatbot's order.
    let registry = cancel_kit::registry(&Policy::default())?;
    let kibo = registry.get(DialectId::Mozu).ok_or("no Kibo dialect")?;
    if let Err(errors) = kibo.validate(PayloadKind::Request, &kibo_body, &Limits::DEFAULT) {
        return Err(format!("the Kibo body does not validate: {errors}").into());
    }
    println!("{}", String::from_utf8(kibo_body)?);
    eprint!("{report}");
    Ok(())
}
