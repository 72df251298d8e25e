//! The 200 answer to and from the core `CancelOutcome`.
//!
//! An order detail says what happened through its statuses: the order at 100 `canceled`
//! is cancelled, at 50 `cancellation_waiting` the cancel is requested; otherwise the items
//! at 100 or 50 are the cancelled (or requested) lines. Items count one unit each (Akinon
//! keeps one item per unit). A status whose meaning is not known (544–547, or an
//! undocumented value) makes the outcome `needs_review`. The short "clear" answer only says
//! the cancel was accepted: `requested`.
//!
//! The body itself travels in `extensions.omnitron.body`; going back, it is written again
//! unchanged when the outcome still says what the body says (omnitron → core → omnitron is
//! the identity), otherwise a minimal order detail is built from the outcome.

use std::collections::BTreeSet;

use cancel_domain::wire::{Kept, KeptMap};
use cancel_domain::{
    CancelOutcome, LineOutcome, OrderPhase, OutcomeStatus, TranslateContext, TranslateError,
    Translated, TranslationReport, Vendor,
};

use super::{status_to_core, Ids};
use crate::wire::{
    CancelResponse, ItemPk, KnownStatus, OrderDetail, OrderItem, OrderPk, OrderStatus, StatusForm,
};

fn requested_items(ctx: &TranslateContext<'_>) -> Option<BTreeSet<ItemPk>> {
    let request = ctx.request?;
    if request.id_space != Some(Vendor::Omnitron) {
        return None;
    }
    match &request.scope {
        cancel_domain::CancelScope::WholeOrder => None,
        cancel_domain::CancelScope::Lines { lines } => lines
            .iter()
            .map(|l| ItemPk::parse(l.line.as_str()))
            .collect(),
    }
}

fn detail_to_core(
    detail: &OrderDetail,
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> CancelOutcome {
    let mut outcome = CancelOutcome::new(detail.pk.to_string(), OutcomeStatus::NeedsReview);
    outcome.id_space = Some(Vendor::Omnitron);
    let mut unclear = false;
    let order_status = detail.status.as_ref().and_then(|s| match status_to_core(s) {
        Ok(core) => {
            outcome.phase = Some(core.phase);
            s.known()
        }
        Err(_) => {
            unclear = true;
            report.unmapped(
                "status",
                format!(
                    "order status `{}` has no known meaning for a cancel; kept in extensions.omnitron.body",
                    s.as_str()
                ),
            );
            None
        }
    });

    let requested = requested_items(ctx);
    let (mut accepted, mut waiting, mut refused) = (0usize, false, false);
    for (i, item) in detail.items().iter().enumerate() {
        if requested.as_ref().is_some_and(|r| !r.contains(&item.pk)) {
            continue;
        }
        let known = match item.status.as_ref() {
            Some(s) if status_to_core(s).is_err() => {
                unclear = true;
                report.unmapped(
                    format!("orderitem_set[{i}].status"),
                    format!(
                        "item status `{}` has no known meaning for a cancel",
                        s.as_str()
                    ),
                );
                None
            }
            Some(s) => s.known(),
            None => None,
        };
        let count = match known {
            Some(KnownStatus::Canceled) => 1,
            Some(KnownStatus::CancellationWaiting) => {
                waiting = true;
                1
            }
            _ if requested.is_some() => {
                refused = true;
                0
            }
            _ => continue,
        };
        accepted += count;
        outcome.lines.push(LineOutcome {
            line: item.pk.to_string().into(),
            requested: requested.as_ref().map(|_| 1),
            accepted: count as u32,
            error: None,
        });
    }

    outcome.status = if unclear {
        OutcomeStatus::NeedsReview
    } else {
        match order_status {
            Some(KnownStatus::Canceled) => OutcomeStatus::Cancelled,
            Some(KnownStatus::CancellationWaiting) => OutcomeStatus::Requested,
            _ if accepted == 0 => OutcomeStatus::NeedsReview,
            _ if refused => OutcomeStatus::PartiallyCancelled,
            _ if waiting => OutcomeStatus::Requested,
            _ => OutcomeStatus::Cancelled,
        }
    };
    if outcome.status == OutcomeStatus::NeedsReview && !unclear {
        report.unmapped(
            "$",
            "the order detail shows no cancelled or cancellation-waiting item",
        );
    }
    outcome
}

/// Reads a 200 answer into a core outcome: statuses 100 and 50 say cancelled or requested;
/// the short response says requested; an unknown status makes it `needs_review`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] for a detail that breaks a rule;
/// [`TranslateError::ChangesMeaning`] for a short response without the request it answers.
pub fn response_to_core(
    response: &CancelResponse,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    let errors = crate::validate::response_errors(response);
    if !errors.is_empty() {
        return Err(cancel_domain::PayloadErrors(errors).into());
    }
    let mut report = TranslationReport::new();
    let mut outcome = match response {
        CancelResponse::Order(detail) => detail_to_core(detail, ctx, &mut report),
        CancelResponse::Clear(clear) => {
            let (order, id_space) = match (ctx.request, clear.other.get("order")) {
                (Some(request), _) => (request.order.clone(), request.id_space),
                (None, Some(n)) if n.parse::<serde_json::Number>().is_ok() => (
                    n.parse::<serde_json::Number>()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                        .into(),
                    Some(Vendor::Omnitron),
                ),
                _ => {
                    return Err(TranslateError::ChangesMeaning {
                        message: "the short (clear) Akinon response does not name the order; \
                                  translate it with the request it answers"
                            .into(),
                    })
                }
            };
            let mut outcome = CancelOutcome::new(order, OutcomeStatus::Requested);
            outcome.id_space = id_space;
            outcome
        }
    };
    let mut ext = KeptMap::new();
    ext.insert("body".into(), Kept::of(response).unwrap_or_default());
    outcome.extensions.insert(Vendor::Omnitron, ext);
    Ok(Translated::new(outcome, report))
}

/// The kept body, when the outcome still says what it says.
fn kept_body(outcome: &CancelOutcome, ctx: &TranslateContext<'_>) -> Option<CancelResponse> {
    let body = outcome.extensions.get(&Vendor::Omnitron)?.get("body")?;
    let response: CancelResponse = body.parse().ok()?;
    let mut again = response_to_core(&response, ctx).ok()?.value;
    let mut given = outcome.clone();
    again.extensions.clear();
    given.extensions.clear();
    (again == given).then_some(response)
}

fn phase_status(phase: OrderPhase) -> Option<KnownStatus> {
    match phase {
        OrderPhase::Cancelled => Some(KnownStatus::Canceled),
        OrderPhase::CancellationRequested => Some(KnownStatus::CancellationWaiting),
        OrderPhase::Active => Some(KnownStatus::Approved),
        OrderPhase::AwaitingConfirmation => Some(KnownStatus::ConfirmationWaiting),
        OrderPhase::Closed => Some(KnownStatus::Delivered),
        OrderPhase::Draft | OrderPhase::Failed => None,
    }
}

/// Writes a core outcome as an Akinon 200 answer (the kept body when the outcome came from
/// one and still says the same; otherwise a minimal order detail).
///
/// # Errors
///
/// [`TranslateError::ChangesMeaning`] for a rejected or unreadable outcome (that is an error
/// body), [`TranslateError::NeedsLookup`] / [`TranslateError::IdDoesNotFit`] for ids.
pub fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelResponse>, TranslateError> {
    if let Some(body) = kept_body(outcome, ctx) {
        return Ok(Translated::clean(body));
    }
    let mut report = TranslationReport::new();
    let item_status = match outcome.status {
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed | OutcomeStatus::PartiallyCancelled => {
            KnownStatus::Canceled
        }
        OutcomeStatus::Requested => KnownStatus::CancellationWaiting,
        OutcomeStatus::Rejected | OutcomeStatus::NeedsReview => {
            return Err(TranslateError::ChangesMeaning {
                message: format!(
                    "a `{}` outcome has no Akinon order detail; a refusal is an Akinon error body \
                     (kind error)",
                    outcome.status
                ),
            })
        }
    };
    let ids = Ids::new(&outcome.order, outcome.id_space, ctx);
    let pk: OrderPk = ids.order_pk("pk")?;
    let mut detail = OrderDetail::new(pk);

    let order_status = match (outcome.status, outcome.phase) {
        (OutcomeStatus::Requested, _) => Some(KnownStatus::CancellationWaiting),
        (OutcomeStatus::Cancelled | OutcomeStatus::Replayed, _) if outcome.lines.is_empty() => {
            Some(KnownStatus::Canceled)
        }
        (_, Some(phase)) => {
            let status = phase_status(phase);
            match status {
                Some(s)
                    if !matches!(
                        phase,
                        OrderPhase::Cancelled | OrderPhase::CancellationRequested
                    ) =>
                {
                    report.approximated(
                        "phase",
                        "status",
                        phase.to_string(),
                        s.code(),
                        "the closest Akinon order status",
                    );
                }
                Some(_) => {}
                None => {
                    report.dropped("phase", "no Akinon order status for this phase");
                }
            }
            status
        }
        (_, None) => None,
    };
    detail.status = order_status.map(|s| OrderStatus::from_known(s, StatusForm::Code));

    let mut items = Vec::new();
    for (i, line) in outcome.lines.iter().enumerate() {
        if line.error.is_some() {
            report.dropped(
                format!("lines[{i}].error"),
                "an order detail carries no per-item error",
            );
        }
        if line.accepted == 0 {
            report.dropped(
                format!("lines[{i}]"),
                "an item that was not cancelled keeps a status the outcome does not give",
            );
            continue;
        }
        let item_pk = ids.item_pk(&line.line, &format!("orderitem_set[{}].pk", items.len()))?;
        items.push(OrderItem::new(
            item_pk,
            Some(OrderStatus::from_known(item_status, StatusForm::Code)),
        ));
    }
    if !items.is_empty() {
        detail.orderitem_set = Some(items);
    }
    for (field, present) in [
        ("rejection", outcome.rejection.is_some()),
        ("money", outcome.money.is_some()),
        ("stock", !outcome.stock.is_empty()),
        ("message", outcome.message.is_some()),
    ] {
        if present {
            report.dropped(field, "the order detail has no place for it");
        }
    }
    for vendor in outcome.extensions.keys() {
        report.dropped(
            format!("extensions.{vendor}"),
            if *vendor == Vendor::Omnitron {
                "the kept Akinon body no longer matches the outcome"
            } else {
                "fields of another vendor have no place at Akinon"
            },
        );
    }
    Ok(Translated::new(
        CancelResponse::Order(Box::new(detail)),
        report,
    ))
}
