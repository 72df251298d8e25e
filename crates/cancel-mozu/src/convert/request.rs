//! Cancel Order requests to and from the core.

use std::collections::BTreeSet;

use cancel_domain::{
    CancelRequest, CancelScope, Initiator, LineCancel, OrderRef, RefundInstructions, Requester,
    TranslateContext, TranslateError, Translated, TranslationReport, Vendor,
};

use super::{reason, target_order_id};
use crate::policy::MozuPolicy;
use crate::wire::{CancelOrderRequest, OrderIdSpelling};

/// Kibo request → core: a whole-order cancel in the `mozu` id space.
pub(crate) fn to_core(
    request: &CancelOrderRequest,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    crate::validate::check_request(request).into_result()?;
    let mut report = TranslationReport::new();
    let (reason, initiator) = reason::to_core(
        &request.disposition_reason,
        request.disposition_other_reason.as_deref(),
        &mut report,
    );
    let mut core = CancelRequest::whole_order(
        OrderRef::new(itoa::Buffer::new().format(request.order_id.get())),
        reason,
    );
    core.id_space = Some(Vendor::Mozu);
    core.initiator = initiator;
    let mut extensions = cancel_domain::wire::KeptMap::new();
    if request.order_id_spelling == OrderIdSpelling::OrderID {
        extensions.insert(
            "orderID".to_owned(),
            serde_json::Value::from(request.order_id.get()).into(),
        );
        report.unmapped(
            "orderID",
            "the vendor docs' spelling of orderId; kept in extensions.mozu so Kibo gets the same key back",
        );
    }
    for (key, value) in &request.other {
        extensions.insert(key.clone(), value.clone());
        report.unmapped(
            key.clone(),
            "not a documented field; kept verbatim in extensions.mozu",
        );
    }
    if !extensions.is_empty() {
        core.extensions.insert(Vendor::Mozu, extensions);
    }
    Ok(Translated::new(core, report))
}

/// Core → Kibo request.
pub(crate) fn from_core(
    request: &CancelRequest,
    policy: &MozuPolicy,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    let mut report = TranslationReport::new();
    if let CancelScope::Lines { lines } = &request.scope {
        whole_from_lines(request, lines, ctx, &mut report)?;
    }
    let order_id = target_order_id(&request.order, request.id_space, ctx, "orderId")?;
    if let Some(refund) = &request.refund {
        refund_dropped(refund, ctx, &mut report)?;
    }
    let emitted = reason::from_core(&request.reason, policy, ctx, &mut report)?;

    let implied = reason::implied_initiator(&emitted.reason);
    if request.initiator != Initiator::Unknown && request.initiator != implied {
        report.dropped("initiator", "Kibo's Cancel Order does not say who asked");
    }
    if let Some(initiator) = request.reason.initiator {
        if initiator != Initiator::Unknown && initiator != implied {
            report.dropped(
                "reason.initiator",
                "Kibo's Cancel Order does not say who asked",
            );
        }
    }
    if let Some(requester) = &request.requester {
        requester_dropped(requester, &mut report);
    }
    if request.idempotency_key.is_some() {
        report.dropped(
            "idempotency_key",
            "Kibo's Cancel Order has no idempotency key",
        );
    }

    let mut out = CancelOrderRequest::new(order_id, emitted.reason);
    out.disposition_other_reason = emitted.text;
    for (vendor, fields) in &request.extensions {
        if *vendor != Vendor::Mozu {
            for key in fields.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{key}"),
                    format!("a {vendor} field with no place in Kibo's Cancel Order"),
                );
            }
            continue;
        }
        for (key, value) in fields {
            match key.as_str() {
                "orderID" if value.parse::<u64>().ok() == Some(order_id.get()) => {
                    out.order_id_spelling = OrderIdSpelling::OrderID;
                }
                "orderID" | "orderId" | "dispositionReason" | "dispositionOtherReason" => {
                    report.dropped(
                        format!("extensions.mozu.{key}"),
                        "the core request's own order and reason are sent instead",
                    );
                }
                _ => {
                    out.other.insert(key.clone(), value.clone());
                }
            }
        }
    }
    Ok(Translated::new(out, report))
}

/// A line cancel may go out as a whole-order cancel only when the policy allows it and the
/// looked-up order proves the lines cover every remaining unit.
fn whole_from_lines(
    request: &CancelRequest,
    lines: &[LineCancel],
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    let refuse = || TranslateError::PartialNotSupported {
        target: Vendor::Mozu,
    };
    if !ctx.policy.translate.whole_from_complete_lines {
        return Err(refuse());
    }
    let order = ctx
        .order
        .filter(|o| o.is_named(request.order.as_str(), request.id_space))
        .ok_or_else(refuse)?;
    let mut covered = BTreeSet::new();
    for cancel in lines {
        let line = order
            .line(cancel.line.as_str(), request.id_space)
            .ok_or_else(refuse)?;
        let open = line.quantities.open();
        if cancel.quantity.is_some_and(|q| q.get() != open) {
            return Err(refuse());
        }
        if open > 0 {
            covered.insert(line.id.as_str());
        }
    }
    let mut remaining = order
        .lines
        .iter()
        .filter(|l| l.quantities.open() > 0)
        .peekable();
    if remaining.peek().is_none() || remaining.any(|l| !covered.contains(l.id.as_str())) {
        return Err(refuse());
    }
    report.approximated(
        "scope",
        "$",
        "lines",
        "whole_order",
        "the lines cover every remaining unit of the order (checked against the order lookup); sent as a whole-order cancel",
    );
    for (i, cancel) in lines.iter().enumerate() {
        let base = cancel_domain::path::index("scope.lines", i);
        if cancel
            .reason
            .as_ref()
            .is_some_and(|r| r.code != request.reason.code || r.detail != request.reason.detail)
        {
            report.dropped(
                cancel_domain::path::field(&base, "reason"),
                "Kibo takes one reason for the whole order",
            );
        }
        if cancel.product.is_some() {
            report.dropped(
                cancel_domain::path::field(&base, "product"),
                "a whole-order cancel names no products",
            );
        }
        if cancel.variant.is_some() {
            report.dropped(
                cancel_domain::path::field(&base, "variant"),
                "a whole-order cancel names no variants",
            );
        }
    }
    Ok(())
}

fn refund_dropped(
    refund: &RefundInstructions,
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    refund.drop_for(
        Vendor::Mozu,
        ctx,
        report,
        "Kibo's Cancel Order has no refund fields",
    )
}

fn requester_dropped(requester: &Requester, report: &mut TranslationReport) {
    const NOTE: &str = "Kibo's Cancel Order does not say who asked";
    let fields = [
        ("requester.channel", requester.channel.is_some()),
        ("requester.user_id", requester.user_id.is_some()),
        ("requester.username", requester.username.is_some()),
        ("requester.first_name", requester.first_name.is_some()),
        ("requester.last_name", requester.last_name.is_some()),
        ("requester.locale", requester.locale.is_some()),
        ("requester.customer", requester.customer.is_some()),
    ];
    for (path, present) in fields {
        if present {
            report.dropped(path, NOTE);
        }
    }
}
