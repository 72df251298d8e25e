//! `cancelkit check`: a vendor request through the state rules, answered as the vendor would.

use std::io::Write;

use cancel_kit::domain::{
    CancelService, DialectId, InMemoryOrderStore, TranslateContext, TranslateError,
};

use crate::cli::CheckArgs;
use crate::exit::{self, Failure};
use crate::{config, input};

pub(crate) fn run(
    args: &CheckArgs,
    limits: cancel_kit::domain::json::Limits,
) -> Result<u8, Failure> {
    let policy = config::policy(args.policy.as_deref())?;
    let registry = cancel_kit::registry(&policy).map_err(|e| Failure::usage(e.to_string()))?;
    let id: DialectId = args.vendor.into();
    let dialect = super::dialect(&registry, id, None)?;
    let store = InMemoryOrderStore::from_file(&args.orders)
        .and_then(|store| crate::config::built_in_vendor_ids(&args.orders).map(|()| store))
        .map_err(|e| {
            Failure::usage(format!("cannot load orders {}: {e}", args.orders.display()))
        })?;
    let doc = input::read(&args.path, limits.max_bytes)?;

    let ctx = TranslateContext {
        limits,
        ..TranslateContext::new(&policy)
    };
    let request = match dialect.request_to_core(&doc.bytes, &ctx) {
        Ok(translated) => translated.value,
        Err(TranslateError::Invalid(errors)) => {
            for e in errors.iter() {
                println!(
                    "invalid {}: {}: {}: {}",
                    doc.name, e.path, e.kind, e.message
                );
            }
            return Ok(exit::INVALID);
        }
        Err(other) => {
            eprintln!(
                "error: cannot read {} as a cancel: {}",
                doc.name,
                crate::errors::translate_message(&other)
            );
            return Ok(exit::CANNOT_TRANSLATE);
        }
    };

    // The switches the vendor's endpoint forces (Unicommerce answers per item, Kibo cannot
    // answer a cancel that is only requested), the same as `cancelkit serve` applies.
    let rules = match id.vendor() {
        Some(vendor) => cancel_kit::endpoint::rules_for(vendor, &policy.rules),
        None => policy.rules.clone(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start the runtime: {e}")))?;
    let service = CancelService::new(store);
    #[allow(clippy::disallowed_methods)] // the CLI is where the clock is read; rules take `now`
    let now = chrono::Utc::now();
    let outcome = match runtime.block_on(service.cancel(&request, &rules, now)) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(exit::REFUSED);
        }
    };
    let order = service
        .store()
        .get(request.order.as_str(), request.id_space);
    let ctx = ctx.with_order(order.as_ref()).with_request(Some(&request));
    let mut body = Vec::new();
    let (status, report) = match dialect.answer(&outcome, &ctx, &mut body) {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!("error: cannot answer in {id}: {e}");
            return Ok(exit::CANNOT_TRANSLATE);
        }
    };
    body.push(b'\n');
    std::io::stdout()
        .lock()
        .write_all(&body)
        .map_err(|e| Failure::usage(format!("cannot write output: {e}")))?;
    eprintln!("status: {status} ({})", outcome.status);
    if !report.is_clean() {
        for line in report.to_string().lines() {
            eprintln!("report: {line}");
        }
    }
    Ok(if outcome.is_accepted() {
        exit::OK
    } else {
        exit::REFUSED
    })
}
