//! A conversion that needs facts the payload does not carry: Akinon (Omnitron) names orders
//! and items by integer primary keys, Unicommerce by its own ids. The in-memory order
//! directory, loaded from `examples/data/orders.json`, knows both.
//!
//! Run: `cargo run --example unicommerce_to_omnitron_with_lookup`.

use std::sync::Arc;

use cancel_kit::domain::{json::Limits, DialectId, InMemoryOrderStore, PayloadKind, Policy};
use cancel_kit::{ConvertError, Translator};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = std::fs::read(format!("{DATA}/unicommerce_request.json"))?;
    let policy: Policy = toml::from_str(&std::fs::read_to_string(format!("{DATA}/policy.toml"))?)?;
    let convert = |translator: Translator| {
        let request = request.clone();
        async move {
            let mut body = Vec::new();
            let report = translator
                .translate(
                    DialectId::Unicommerce,
                    DialectId::Omnitron,
                    PayloadKind::Request,
                    &request,
                    &mut body,
                )
                .await?;
            Ok::<_, ConvertError>((body, report))
        }
    };

    // Without a directory the translator refuses rather than invent Akinon ids.
    let without = Translator::new(policy.clone())?;
    match convert(without).await {
        Err(e) => eprintln!("without a lookup: {e}"),
        Ok(_) => return Err("an Akinon body needs a lookup".into()),
    }

    let orders = InMemoryOrderStore::from_file(format!("{DATA}/orders.json"))?;
    let with = Translator::new(policy)?.with_directory(Arc::new(orders));
    let (body, report) = convert(with).await?;
    // What this shows: with the lookup, an Akinon body that Akinon's reading accepts.
    let registry = cancel_kit::registry(&Policy::default())?;
    let akinon = registry
        .get(DialectId::Omnitron)
        .ok_or("no Akinon dialect")?;
    if let Err(errors) = akinon.validate(PayloadKind::Request, &body, &Limits::DEFAULT) {
        return Err(format!("the Akinon body does not validate: {errors}").into());
    }
    println!("{}", String::from_utf8(body)?);
    eprint!("{report}");
    Ok(())
}
