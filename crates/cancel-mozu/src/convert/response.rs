//! Cancel Order responses (the Get Order shape) to and from core outcomes.

use cancel_domain::{
    CancelOutcome, Order, OrderPhase, OutcomeStatus, ReportAction, ReportEntry, TranslateContext,
    TranslateError, Translated, TranslationReport, Vendor,
};

use super::target_order_id;
use crate::wire::{
    CancelOrderResponse, ItemId, ItemState, OrderDate, OrderItem, OrderState, OrderStatus,
};

const CANCELED: &str = "CANCELED";

/// The canonical phase of a Kibo order state ([state rules](cancel_domain::rules) §2.4).
///
/// `CANCELED` is the translated API's documented value. The other names are the current
/// Kibo API's statuses (Pending, Submitted, ...), matched without case or underscores since
/// the translated API's spelling of them is not documented.
pub(crate) fn phase_of(state: &str) -> Option<OrderPhase> {
    let key: String = state
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Some(match key.as_str() {
        "CANCELED" => OrderPhase::Cancelled,
        "PENDING" => OrderPhase::Draft,
        "SUBMITTED" | "VALIDATED" | "PENDINGREVIEW" => OrderPhase::AwaitingConfirmation,
        "ACCEPTED" | "PROCESSING" => OrderPhase::Active,
        "COMPLETED" => OrderPhase::Closed,
        "ERRORED" | "ABANDONED" => OrderPhase::Failed,
        _ => return None,
    })
}

/// Kibo response → core outcome.
///
/// The decisive state is `orderState`, else `orderStatus`: `CANCELED` → status `cancelled`,
/// phase `cancelled`; anything else (or neither field) → `needs_review`, never success. Every
/// field the outcome has no place for goes to `extensions.mozu` and is reported `unmapped`.
pub(crate) fn to_core(
    response: &CancelOrderResponse,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    crate::validate::check_response(response).into_result()?;
    let order_id = response.order_id.ok_or_else(|| {
        TranslateError::invalid(
            "orderID",
            cancel_domain::ErrorKind::Missing,
            "missing field `orderID`",
        )
    })?;
    let decisive = match (&response.order_state, &response.order_status) {
        (Some(state), _) => Some(("orderState", state.as_str())),
        (None, Some(status)) => Some(("orderStatus", status.as_str())),
        (None, None) => None,
    };
    let cancelled = decisive.is_some_and(|(_, value)| value == CANCELED);
    let status = if cancelled {
        OutcomeStatus::Cancelled
    } else {
        OutcomeStatus::NeedsReview
    };
    let mut outcome = CancelOutcome::new(order_id.to_string(), status);
    outcome.id_space = Some(Vendor::Mozu);
    outcome.phase = decisive.and_then(|(_, value)| phase_of(value));

    let mut body = cancel_domain::wire::fields_of(response).unwrap_or_default();
    body.remove("orderID");
    if let (true, Some((key, _))) = (cancelled, decisive) {
        body.remove(key);
        // The other state field says the same thing: implied by the status.
        let other = if key == "orderState" {
            "orderStatus"
        } else {
            "orderState"
        };
        if body.get(other).and_then(|v| v.as_str()).as_deref() == Some(CANCELED) {
            body.remove(other);
        }
    }
    let mut report = TranslationReport::new();
    for key in body.keys() {
        let note = match decisive {
            Some((decisive_key, _)) if !cancelled && key == decisive_key => {
                "not CANCELED, so the outcome needs review; kept verbatim in extensions.mozu"
            }
            _ => "no place in a core outcome; kept verbatim in extensions.mozu",
        };
        report.unmapped(key.clone(), note);
    }
    if !body.is_empty() {
        outcome.extensions.insert(Vendor::Mozu, body);
    }
    Ok(Translated::new(outcome, report))
}

fn not_produced(report: &mut TranslationReport, target: &str, note: &str) {
    report.entries.push(ReportEntry {
        action: ReportAction::Dropped,
        source: None,
        target: Some(target.to_owned().into()),
        policy_key: None,
        from: None,
        to: None,
        note: note.to_owned().into(),
    });
}

/// Core outcome → Kibo response.
///
/// Only a cancelled (or replayed) outcome has a Get Order form (`orderState` and
/// `orderStatus` `CANCELED`), or a `needs_review` one that came from Kibo with its raw
/// state. Fields come from `extensions.mozu` (a Kibo response read earlier), then from the
/// looked-up order (`orderCurrency`, `orderDate`, `orderItems`); every documented field that
/// stays empty is reported as not produced.
pub(crate) fn from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderResponse>, TranslateError> {
    let refuse = |message: &str| TranslateError::ChangesMeaning {
        message: message.to_owned(),
    };
    let cancelled = match outcome.status {
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed => true,
        OutcomeStatus::NeedsReview => false,
        OutcomeStatus::Requested => {
            return Err(refuse(
                "the cancel is only requested; Kibo answers Cancel Order with the cancelled order, so a success body would claim a cancel that has not happened",
            ))
        }
        OutcomeStatus::PartiallyCancelled => {
            return Err(refuse(
                "Kibo cancels whole orders only; a partially cancelled outcome has no Get Order form",
            ))
        }
        OutcomeStatus::Rejected => {
            return Err(refuse(
                "a refused cancel is an error body in Kibo, not a Get Order response",
            ))
        }
    };
    let mut report = TranslationReport::new();
    let mut response = match outcome.extensions.get(&Vendor::Mozu) {
        Some(fields) => {
            cancel_domain::wire::read_fields::<CancelOrderResponse>(fields).map_err(|errors| {
                TranslateError::Invalid(cancel_domain::PayloadErrors(
                    errors
                        .into_iter()
                        .map(|mut e| {
                            e.path = cancel_domain::path::field("extensions.mozu", &e.path);
                            e
                        })
                        .collect(),
                ))
            })?
        }
        None => CancelOrderResponse::default(),
    };
    if response.order_id.is_some() || response.other.remove("orderID").is_some() {
        report.dropped(
            "extensions.mozu.orderID",
            "the outcome's own order id is sent instead",
        );
    }
    response.order_id = Some(target_order_id(
        &outcome.order,
        outcome.id_space,
        ctx,
        "orderID",
    )?);

    if cancelled {
        let previous = response.order_state.take();
        response.other.remove("orderState");
        if previous.is_some_and(|s| s.as_str() != CANCELED) {
            report.dropped(
                "extensions.mozu.orderState",
                "contradicts the cancelled outcome; CANCELED is sent",
            );
        }
        response.order_state = Some(OrderState::Canceled);
        if response.order_status.is_none() && !response.other.contains_key("orderStatus") {
            response.order_status = Some(OrderStatus::Canceled);
        }
    } else if response.order_state.is_none() && response.order_status.is_none() {
        return Err(refuse(
            "the outcome needs review and carries no Kibo order state; a Get Order body would have to invent one",
        ));
    }

    let order = ctx
        .order
        .filter(|o| o.is_named(outcome.order.as_str(), outcome.id_space));
    if let Some(order) = order {
        fill_from_order(&mut response, order, cancelled, &mut report);
    }
    report_source_drops(outcome, &mut report);
    for field in CancelOrderResponse::FIELDS {
        let reported = report
            .entries
            .iter()
            .any(|e| e.source.is_none() && e.target.as_deref() == Some(*field));
        if !reported && !is_set(&response, field) {
            not_produced(
                &mut report,
                field,
                "not produced: neither the outcome nor the order lookup has a value for it",
            );
        }
    }
    Ok(Translated::new(response, report))
}

fn is_set(response: &CancelOrderResponse, field: &str) -> bool {
    if response.other.contains_key(field) {
        return true;
    }
    match field {
        "orderID" => response.order_id.is_some(),
        "orderType" => response.order_type.is_some(),
        "isTestOrder" => response.is_test_order.is_some(),
        "deliveryMethod" => response.delivery_method.is_some(),
        "orderCurrency" => response.order_currency.is_some(),
        "orderDate" => response.order_date.is_some(),
        "orderState" => response.order_state.is_some(),
        "orderStatus" => response.order_status.is_some(),
        "customerSubtotal" => response.customer_subtotal.is_some(),
        "subtotal" => response.subtotal.is_some(),
        "estimatedShipping" => response.estimated_shipping.is_some(),
        "customerTotal" => response.customer_total.is_some(),
        "customerTotalNet" => response.customer_total_net.is_some(),
        "total" => response.total.is_some(),
        "singlePackageRequested" => response.single_package_requested.is_some(),
        "shippingAddress" => response.shipping_address.is_some(),
        "customer" => response.customer.is_some(),
        "orderItems" => response.order_items.is_some(),
        _ => false,
    }
}

fn fill_from_order(
    response: &mut CancelOrderResponse,
    order: &Order,
    cancelled: bool,
    report: &mut TranslationReport,
) {
    if !is_set(response, "orderCurrency") {
        response.order_currency.clone_from(&order.currency);
    }
    if !is_set(response, "orderDate") {
        response.order_date = order.placed_at.as_ref().map(OrderDate::from_datetime);
    }
    if !is_set(response, "orderItems") && !order.lines.is_empty() {
        let ids: Option<Vec<ItemId>> = order
            .lines
            .iter()
            .map(|line| ItemId::parse_canonical(line.id_at(Vendor::Mozu)))
            .collect();
        match ids {
            Some(ids) => {
                response.order_items = Some(
                    ids.into_iter()
                        .map(|id| {
                            let mut item = OrderItem::new(id);
                            item.order_id = response.order_id;
                            item.item_state = cancelled.then_some(ItemState::Canceled);
                            item
                        })
                        .collect(),
                );
            }
            None => not_produced(
                report,
                "orderItems",
                "not produced: the order's line ids are not Kibo integer item ids",
            ),
        }
    }
}

fn report_source_drops(outcome: &CancelOutcome, report: &mut TranslationReport) {
    const NOTE: &str = "Kibo's Get Order answer has no place for it";
    if !outcome.lines.is_empty() {
        report.dropped(
            "lines",
            "Kibo reports a whole-order cancel, not per-line results",
        );
    }
    if outcome.rejection.is_some() {
        report.dropped("rejection", NOTE);
    }
    if outcome.money.is_some() {
        report.dropped("money", NOTE);
    }
    if !outcome.stock.is_empty() {
        report.dropped("stock", NOTE);
    }
    if outcome.message.is_some() {
        report.dropped("message", NOTE);
    }
    for (vendor, fields) in &outcome.extensions {
        if *vendor != Vendor::Mozu {
            for key in fields.keys() {
                report.dropped(format!("extensions.{vendor}.{key}"), NOTE);
            }
        }
    }
}
