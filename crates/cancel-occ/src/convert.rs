//! Translation between OCC bodies and the core.
//!
//! Inbound functions read a wire value into the core and report what has no canonical
//! meaning; outbound functions match exhaustively on the core enums (no `_` arm), so a new
//! core variant is a compile error here.

use std::sync::OnceLock;

use cancel_domain::{
    CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope, Initiator,
    MoneyEffects, OrderPhase, OrderRef, OutcomeStatus, ReasonCode, ReasonOrigin, ReportAction,
    ReportEntry, Supply, TranslateContext, TranslateError, Translated, TranslationReport, Vendor,
};
use rust_decimal::Decimal;

use crate::error::{ErrorBody, ErrorCode, ErrorModel};
use crate::state::{order_state, state_of_phase};
use crate::wire::{
    Amount, CancelOrderRequest, CancelOrderResponse, CartItem, NumberOrString, Order, OrderState,
    Payment, PriceInfo, ReasonBook, ReasonCheck, ReasonId, ShoppingCart, Str,
};

const OCC: Vendor = Vendor::Occ;

/// The vendor settings a translation uses: the reason book and the policy default reason.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings<'p> {
    pub(crate) book: &'p ReasonBook,
    pub(crate) default_reason: Option<&'p str>,
}

impl Settings<'static> {
    /// The documented default reasons, no policy default.
    pub(crate) fn defaults() -> Self {
        static BOOK: OnceLock<ReasonBook> = OnceLock::new();
        Self {
            book: BOOK.get_or_init(ReasonBook::default),
            default_reason: None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------

/// Reads an OCC reason id into a canonical reason ([state rules](cancel_domain::rules) §3.1),
/// keeping the raw id in `origin`.
pub(crate) fn reason_to_core(
    raw: &ReasonId,
    book: &ReasonBook,
    report: &mut TranslationReport,
) -> CancelReason {
    let entry = book.get(raw.as_str());
    let merchant_code = entry.and_then(|e| e.code);
    let mut reason = match (merchant_code, raw.default_mapping()) {
        (Some(code), _) => {
            let mut r = CancelReason::new(code);
            if !raw.is_default() {
                r.detail = entry.and_then(|e| e.text()).map(str::to_owned);
            }
            r
        }
        (None, Some((code, initiator))) => {
            let mut r = CancelReason::new(code);
            r.initiator = Some(initiator);
            r
        }
        (None, None) => {
            report.unmapped(
                "cancelReason",
                format!(
                    "merchant reason {:?} has no canonical code (set vendor.occ.reasons[].code); \
                     read as `other` with its description as detail",
                    raw.as_str()
                ),
            );
            let mut r = CancelReason::new(ReasonCode::Other);
            r.detail = Some(
                entry
                    .and_then(|e| e.text())
                    .unwrap_or(raw.as_str())
                    .to_owned(),
            );
            r.initiator = Some(Initiator::Unknown);
            r
        }
    };
    // Ids that share a code (noLongerNeeded and changeOfMind are both `changed_mind`):
    // the one the code does not lead back to is approximated.
    let mapped = merchant_code.is_some() || raw.default_mapping().is_some();
    if mapped && key_for(reason.code, book).is_none_or(|(back, _)| &back != raw) {
        report.approximated(
            "cancelReason",
            "reason.code",
            raw.as_str().to_owned(),
            reason.code.to_string(),
            "several OCC reasons read as this code; the OCC id stays in reason.origin",
        );
    }
    reason.origin = Some(ReasonOrigin {
        vendor: OCC,
        value: raw.as_str().to_owned(),
    });
    reason
}

/// The documented default for a canonical code ([state rules](cancel_domain::rules) §3.2):
/// the key, and whether the mapping is coarser than the code ("approximated" in the table).
/// `None`: no default key fits.
pub(crate) fn default_key(code: ReasonCode) -> Option<(ReasonId, bool)> {
    Some(match code {
        ReasonCode::ChangedMind => (ReasonId::ChangeOfMind, false),
        ReasonCode::BetterPriceElsewhere => (ReasonId::BetterCompetitorPrice, false),
        ReasonCode::ProductConcern => (ReasonId::BadProductReview, false),
        ReasonCode::OrderedByMistake => (ReasonId::ChangeOfMind, true),
        ReasonCode::DeliveryConcern => (ReasonId::NoUpdateOnShipmentStatus, false),
        ReasonCode::PaymentIssue => (ReasonId::PaymentNotReceived, false),
        ReasonCode::Fraud => (ReasonId::CannotProcessOrder, true),
        ReasonCode::OutOfStock => (ReasonId::CannotProcessOrder, true),
        ReasonCode::CannotFulfill => (ReasonId::CannotProcessOrder, false),
        ReasonCode::StaffError => (ReasonId::CannotProcessOrder, true),
        ReasonCode::NotCollected => (ReasonId::NoLongerNeeded, true),
        // `other`, `unspecified`, and codes added to the core after this crate.
        _ => return None,
    })
}

/// The OCC key for `code` under `book`: a merchant entry with that code, else the documented
/// default if the book accepts it.
fn key_for(code: ReasonCode, book: &ReasonBook) -> Option<(ReasonId, bool)> {
    if let Some(e) = book.active_with_code(code) {
        return Some((ReasonId::from(e.id.as_str()), false));
    }
    default_key(code).filter(|(id, _)| book.accepts(id.as_str()))
}

/// Writes a canonical reason as an OCC reason id ([state rules](cancel_domain::rules) §3.2 and the
/// conventions).
pub(crate) fn reason_from_core(
    reason: &CancelReason,
    ctx: &TranslateContext<'_>,
    settings: Settings<'_>,
    report: &mut TranslationReport,
) -> Result<ReasonId, TranslateError> {
    if let Some(raw) = reason.origin_at(OCC) {
        return Ok(ReasonId::from(raw));
    }
    if reason.detail.is_some() {
        report.dropped(
            "reason.detail",
            "OCC cancel reasons are ids; the text has no place",
        );
    }
    if reason.initiator.is_some() {
        report.dropped("reason.initiator", "OCC does not say who asked");
    }
    if let Some((id, approximate)) = key_for(reason.code, settings.book) {
        if approximate {
            report.approximated(
                "reason.code",
                "cancelReason",
                reason.code.to_string(),
                id.as_str().to_owned(),
                "OCC has no reason this precise; the nearest documented one is used",
            );
        }
        return Ok(id);
    }
    if reason.code != ReasonCode::Unspecified {
        // A reason was given (`other` included): the default for a missing reason does not
        // apply, and OCC documents no id for this code (or the merchant's list lacks it).
        return Err(TranslateError::NotInPolicy {
            field: "cancelReason".to_owned(),
            target: OCC,
            given: format!("reason `{}`", reason.code),
            key: format!(
                "a vendor.occ.reasons entry with code = \"{}\" (the merchant's reason id for it)",
                reason.code
            ),
        });
    }
    if let Some(raw) = settings.default_reason {
        report.defaulted(
            "cancelReason",
            "vendor.occ.cancel_reason",
            raw.to_owned(),
            "the source gave no reason",
        );
        return Ok(ReasonId::from(raw));
    }
    if let Some(code) = ctx.policy.translate.default_reason {
        if let Some((id, _)) = key_for(code, settings.book) {
            report.defaulted(
                "cancelReason",
                "translate.default_reason",
                id.as_str().to_owned(),
                format!("the source gave no reason; the policy default `{code}` is used"),
            );
            return Ok(id);
        }
    }
    Err(TranslateError::MissingRequired {
        field: "cancelReason".to_owned(),
        target: OCC,
        supply: Supply::DefaultReason {
            key: "vendor.occ.cancel_reason".to_owned(),
            needs: None,
        },
    })
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

/// `cancelOrder_request` → core.
pub(crate) fn request_to_core(
    request: &CancelOrderRequest,
    settings: Settings<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    crate::validate::check_request(request, settings.book).into_result()?;
    let mut report = TranslationReport::new();
    let reason = reason_to_core(&request.cancel_reason, settings.book, &mut report);
    let mut core = CancelRequest::whole_order(OrderRef::new(request.order_id.as_str()), reason);
    core.id_space = Some(OCC);
    if !request.other.is_empty() {
        for key in request.other.keys() {
            report.unmapped(
                key.clone(),
                "no canonical meaning; kept in extensions.occ for a round trip to OCC",
            );
        }
        core.extensions.insert(
            OCC,
            request
                .other
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
    }
    Ok(Translated::new(core, report))
}

/// Whether `lines` cancels every remaining unit of `order` (conventions: whole-only targets).
fn covers_every_remaining_unit(
    request: &CancelRequest,
    lines: &[cancel_domain::LineCancel],
    order: &cancel_domain::Order,
) -> bool {
    order
        .lines
        .iter()
        .filter(|l| l.quantities.open() > 0)
        .all(|l| {
            lines.iter().any(|c| {
                let named = match request.id_space {
                    Some(v) => l.id_at(v) == c.line.as_str(),
                    None => l.id.as_str() == c.line.as_str(),
                };
                named && c.quantity.is_none_or(|q| q.get() >= l.quantities.open())
            })
        })
}

/// Core → `cancelOrder_request`.
pub(crate) fn request_from_core(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
    settings: Settings<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    let mut report = TranslationReport::new();
    match &request.scope {
        CancelScope::WholeOrder => {}
        CancelScope::Lines { lines } => {
            let proven = ctx.policy.translate.whole_from_complete_lines
                && ctx
                    .order
                    .is_some_and(|o| covers_every_remaining_unit(request, lines, o));
            if !proven {
                return Err(TranslateError::PartialNotSupported { target: OCC });
            }
            report.approximated(
                "scope",
                "orderId",
                "lines",
                "whole_order",
                "the lines cover every remaining unit of the order (checked against the order)",
            );
            if lines.iter().any(|l| l.reason.is_some()) {
                report.dropped("scope.lines[].reason", "OCC has one reason per order");
            }
        }
    }
    let order_id =
        cancel_domain::id_space::order_id_for(OCC, &request.order, request.id_space, ctx.order)?
            .to_owned();
    if order_id.trim().is_empty() {
        return Err(TranslateError::IdDoesNotFit {
            field: "orderId".to_owned(),
            target: OCC,
            expected: "a non-empty string".to_owned(),
            value: order_id,
        });
    }
    let cancel_reason = reason_from_core(&request.reason, ctx, settings, &mut report)?;
    if request.initiator != Initiator::Unknown {
        report.dropped(
            "initiator",
            "OCC does not say who asks (store vs admin is the endpoint)",
        );
    }
    if let Some(r) = &request.requester {
        for (present, path) in [
            (r.channel.is_some(), "requester.channel"),
            (r.user_id.is_some(), "requester.user_id"),
            (r.username.is_some(), "requester.username"),
            (r.first_name.is_some(), "requester.first_name"),
            (r.last_name.is_some(), "requester.last_name"),
            (r.locale.is_some(), "requester.locale"),
            (r.customer.is_some(), "requester.customer"),
        ] {
            if present {
                report.dropped(path, "the cancel body has no place for the requester");
            }
        }
    }
    if let Some(refund) = &request.refund {
        refund.drop_for(
            OCC,
            ctx,
            &mut report,
            "OCC computes refunds itself; the cancel body has no place for them",
        )?;
    }
    if request.idempotency_key.is_some() {
        report.dropped(
            "idempotency_key",
            "the OCC cancel body has no idempotency key",
        );
    }
    let mut body = CancelOrderRequest::new(order_id, cancel_reason);
    for (vendor, fields) in &request.extensions {
        if *vendor == OCC {
            body.other
                .extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        } else {
            for key in fields.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{key}"),
                    format!("a {vendor} field has no place in an OCC body"),
                );
            }
        }
    }
    Ok(Translated::new(body, report))
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

const READ_FROM_ORDER: [&str; 5] = ["orderId", "id", "state", "orderStatus", "payments"];

/// A `{ result, order }` answer into a core outcome: `REMOVED` → cancelled,
/// `PENDING_REMOVE` → requested, anything else (or an unknown state) → needs review.
///
/// # Errors
///
/// [`TranslateError::NeedsLookup`] when the answer names no order and `ctx` has neither the
/// request nor the order.
pub fn response_to_core(
    response: &CancelOrderResponse<'_>,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    let mut report = TranslationReport::new();
    let order = response.order.as_ref();
    let (id, id_space) = match (order.and_then(Order::order_id), ctx.request, ctx.order) {
        (Some(id), _, _) => (OrderRef::new(id), Some(OCC)),
        (None, Some(request), _) => (request.order.clone(), request.id_space),
        (None, None, Some(o)) => (OrderRef::new(o.id_at(OCC)), Some(OCC)),
        (None, None, None) => {
            return Err(TranslateError::NeedsLookup {
                what: "the OCC answer names no order (the admin answer may be only `result`); \
                       the request it answers is needed"
                    .to_owned(),
            })
        }
    };
    let result = response.result.as_ref().map(Str::as_str);
    let success = result.is_some_and(|r| r.eq_ignore_ascii_case("success"));
    let mut phase = None;
    let status = match order.and_then(Order::effective_state) {
        Some(state) => match order_state(&state) {
            Ok(core) => {
                phase = Some(core.phase);
                match (success, core.phase) {
                    (true, OrderPhase::Cancelled) => OutcomeStatus::Cancelled,
                    (true, OrderPhase::CancellationRequested) => OutcomeStatus::Requested,
                    _ => OutcomeStatus::NeedsReview,
                }
            }
            Err(_) => {
                report.unmapped(
                    "order.state",
                    format!(
                        "OCC state {:?} has no known meaning; the outcome needs review",
                        state.as_str()
                    ),
                );
                OutcomeStatus::NeedsReview
            }
        },
        None if success => {
            phase = Some(OrderPhase::Cancelled);
            OutcomeStatus::Cancelled
        }
        None => OutcomeStatus::NeedsReview,
    };
    let mut outcome = CancelOutcome::new(id, status);
    outcome.id_space = id_space;
    outcome.phase = phase;
    outcome.message = result.map(str::to_owned);
    if let Some(order) = order {
        outcome.money = money_effects(order.payments.as_deref().unwrap_or(&[]));
        // One entry for the whole updated order: the keys in the note, no values.
        let mut left = String::new();
        let modelled = Order::FIELDS
            .iter()
            .copied()
            .filter(|k| order.is_set(k) && !READ_FROM_ORDER.contains(k));
        for key in modelled.chain(order.other.keys()) {
            if !left.is_empty() {
                left.push_str(", ");
            }
            left.push_str(key);
        }
        if !left.is_empty() {
            report.dropped(
                "order",
                format!(
                    "the updated order has no place in a core outcome (its id, state and \
                     payments were read); not carried: {left}"
                ),
            );
        }
    }
    for key in response.other.keys() {
        report.dropped(key.to_string(), "not part of a core outcome");
    }
    Ok(Translated::new(outcome, report))
}

/// Voids and refunds that the payments after a cancel show.
fn money_effects(payments: &[Payment<'_>]) -> Option<MoneyEffects> {
    let mut money = MoneyEffects::default();
    for p in payments {
        let amount = p.amount.as_ref().and_then(Amount::to_decimal);
        let (Some(kind), Some(amount)) = (p.transaction_type_initiated.as_ref(), amount) else {
            continue;
        };
        match kind.as_str() {
            "void" => money.void_authorization += amount,
            "credit" | "refund" => money.refund += amount,
            _ => {}
        }
    }
    (money != MoneyEffects::default()).then_some(money)
}

fn not_produced(report: &mut TranslationReport, path: &str) {
    report.entries.push(ReportEntry {
        action: ReportAction::Dropped,
        source: None,
        target: Some(path.to_owned().into()),
        policy_key: None,
        from: None,
        to: None,
        note: "not produced: the core outcome does not know it".into(),
    });
}

fn amount_of(d: Decimal, at: &str, report: &mut TranslationReport) -> Amount<'static> {
    match NumberOrString::from_decimal(d) {
        Some(n) => n,
        None => {
            report.approximated(
                at.to_owned(),
                at.to_owned(),
                d.to_string(),
                d.to_string(),
                "more digits than a JSON number keeps; written as a string",
            );
            NumberOrString::Text(Str::from(d.to_string()))
        }
    }
}

/// A core outcome as the `{ result, order }` answer, built from the outcome and `ctx.order`;
/// what the core does not know is reported as not produced.
///
/// # Errors
///
/// [`TranslateError::ChangesMeaning`] for outcomes OCC would not answer with a success body
/// (rejected, partial, needs review).
pub fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderResponse<'static>>, TranslateError> {
    let mut report = TranslationReport::new();
    let state = match outcome.status {
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed => OrderState::Removed,
        OutcomeStatus::Requested => OrderState::PendingRemove,
        OutcomeStatus::PartiallyCancelled => {
            return Err(TranslateError::ChangesMeaning {
                message: "OCC cancels whole orders only; a partial outcome has no OCC answer"
                    .to_owned(),
            })
        }
        OutcomeStatus::Rejected => {
            return Err(TranslateError::ChangesMeaning {
                message: "a rejected cancel is an OCC error body (errorModel), not a cancel answer"
                    .to_owned(),
            })
        }
        OutcomeStatus::NeedsReview => {
            return Err(TranslateError::ChangesMeaning {
                message: "an outcome that needs review cannot be stated as an OCC success"
                    .to_owned(),
            })
        }
    };
    if let Some(phase) = outcome.phase {
        let agrees = matches!(
            (phase, &state),
            (OrderPhase::Cancelled, OrderState::Removed)
                | (OrderPhase::CancellationRequested, OrderState::PendingRemove)
        );
        if !agrees {
            report.approximated(
                "phase",
                "order.state",
                phase.to_string(),
                state.as_str().to_owned(),
                "the state follows the outcome status",
            );
        }
    }
    let order_id =
        cancel_domain::id_space::order_id_for(OCC, &outcome.order, outcome.id_space, ctx.order)?;
    let mut order = Order {
        order_id: Some(Str::from(order_id.to_owned())),
        order_status: Some(Str::from(state.display())),
        state: Some(state.clone()),
        ..Order::default()
    };

    let mut payments = Vec::new();
    if let Some(money) = &outcome.money {
        for (amount, kind, path) in [
            (money.void_authorization, "void", "money.void_authorization"),
            (money.refund, "credit", "money.refund"),
        ] {
            if !amount.is_zero() {
                payments.push(Payment {
                    transaction_type_initiated: Some(Str::from(kind)),
                    amount: Some(amount_of(amount, path, &mut report)),
                    ..Payment::default()
                });
            }
        }
        if money.cargo_refund {
            report.dropped(
                "money.cargo_refund",
                "OCC payments do not single out shipping",
            );
        }
    }
    if payments.is_empty() {
        not_produced(&mut report, "order.payments");
    } else {
        order.payments = Some(payments);
    }

    match ctx.order {
        Some(core) => {
            match core.placed_at {
                Some(at) => {
                    order.submitted_date =
                        Some(Str::from(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()));
                }
                None => not_produced(&mut report, "order.submittedDate"),
            }
            if let Some(currency) = &core.currency {
                order.price_info = Some(PriceInfo {
                    currency_code: Some(Str::from(currency.clone())),
                    ..PriceInfo::default()
                });
            }
            not_produced(&mut report, "order.priceInfo.total");
            let item_state = match state {
                OrderState::PendingRemove => crate::wire::ItemState::PendingRemove,
                _ => crate::wire::ItemState::Removed,
            };
            let mut items = Vec::with_capacity(core.lines.len());
            for (i, line) in core.lines.iter().enumerate() {
                let list_price = line.unit_price.map(|price| {
                    let at = format!("order.shoppingCart.items[{i}].listPrice");
                    amount_of(price, &at, &mut report)
                });
                items.push(CartItem {
                    commerce_item_id: Some(Str::from(line.id_at(OCC).to_owned())),
                    product_id: line
                        .product
                        .as_ref()
                        .map(|p| Str::from(p.as_str().to_owned())),
                    catalog_ref_id: line
                        .variant
                        .as_ref()
                        .map(|v| Str::from(v.as_str().to_owned())),
                    quantity: Some(line.quantities.ordered.into()),
                    list_price,
                    state: Some(item_state.clone()),
                    ..CartItem::default()
                });
            }
            order.shopping_cart = Some(ShoppingCart {
                items: Some(items),
                ..ShoppingCart::default()
            });
        }
        None => {
            for path in [
                "order.submittedDate",
                "order.shoppingCart",
                "order.priceInfo",
            ] {
                not_produced(&mut report, path);
            }
        }
    }
    for path in [
        "order.uuid",
        "order.siteId",
        "order.creationTime",
        "order.sourceSystem",
        "order.priceListGroup",
        "order.shippingGroups",
        "order.shippingMethod",
        "order.discountInfo",
        "order.dynamicProperties",
        "order.giftWithPurchaseInfo",
        "order.giftWithPurchaseOrderMarkers",
        "order.markers",
    ] {
        not_produced(&mut report, path);
    }
    if !outcome.lines.is_empty() {
        report.dropped("lines", "OCC answers for the whole order");
    }
    if !outcome.stock.is_empty() {
        report.dropped("stock", "OCC answers carry no stock effects");
    }
    if outcome.rejection.is_some() {
        report.dropped("rejection", "a success answer carries no refusal");
    }
    let result = match outcome.message.as_deref() {
        Some(m) if m.eq_ignore_ascii_case("success") => m.to_owned(),
        Some(_) => {
            report.dropped(
                "message",
                "OCC's `result` is `success`; the message has no place",
            );
            "success".to_owned()
        }
        None => "success".to_owned(),
    };
    let mut response = CancelOrderResponse {
        result: Some(Str::from(result)),
        ..CancelOrderResponse::default()
    };
    for (vendor, fields) in &outcome.extensions {
        if *vendor == OCC {
            for (k, v) in fields {
                response.other.insert(Str::from(k.clone()), v.clone());
            }
        } else {
            for key in fields.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{key}"),
                    format!("a {vendor} field has no place in an OCC answer"),
                );
            }
        }
    }
    response.order = Some(order);
    Ok(Translated::new(response, report))
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// The class of a 200101 refusal, read from the looked-up order.
fn not_cancellable_from(order: &cancel_domain::Order) -> Option<CancelRejection> {
    let reading = order_state(&state_of_phase(order.phase)).ok()?;
    if let Some(r) = reading.refusal() {
        return Some(match r {
            CancelRejection::OrderNotCancellable { .. } => {
                CancelRejection::OrderNotCancellable { phase: order.phase }
            }
            other => other,
        });
    }
    let shipped: Vec<_> = order
        .lines
        .iter()
        .filter(|l| l.quantities.shipped > 0)
        .map(|l| l.id.clone())
        .collect();
    if !shipped.is_empty() {
        return Some(CancelRejection::ItemsAlreadyShipped { lines: shipped });
    }
    if let Some(reason) = order.flags.hold {
        return Some(CancelRejection::OrderOnHold { reason });
    }
    if order.flags.open_return {
        return Some(CancelRejection::ReturnInProgress);
    }
    None
}

/// Any OCC error body → core rejection.
pub(crate) fn error_to_core(
    body: &ErrorBody<'_>,
    ctx: &TranslateContext<'_>,
) -> Translated<CancelRejection> {
    let mut report = TranslationReport::new();
    let code = body.code();
    let message = body.message();
    let refusal =
        |code: Option<&ErrorCode>, message: Option<String>| CancelRejection::VendorRefusal {
            vendor: OCC,
            vendor_code: code.map(|c| c.as_str().to_owned()),
            message: message
                .or_else(|| {
                    code.and_then(ErrorCode::documented_message)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "(no message)".to_owned()),
        };
    let rejection = match &code {
        Some(ErrorCode::OrderNotOwned) => CancelRejection::NotOrderOwner,
        Some(ErrorCode::OrderNotFound) => CancelRejection::OrderNotFound,
        Some(ErrorCode::InvalidCancelReason) => CancelRejection::InvalidReason,
        Some(ErrorCode::CancelNotAllowed) => CancelRejection::CancellationRestricted,
        Some(ErrorCode::InactiveReason) => {
            report.approximated(
                "errorCode",
                "code",
                "200219",
                "invalid_reason",
                "the core has no `inactive reason` class",
            );
            CancelRejection::InvalidReason
        }
        Some(ErrorCode::NotCancellableState) => match ctx.order.and_then(not_cancellable_from) {
            Some(r) => {
                report.approximated(
                        "errorCode",
                        "code",
                        "200101",
                        r.code(),
                        "OCC says only that the state forbids it; the class comes from the looked-up order",
                    );
                r
            }
            None => {
                report.unmapped(
                        "errorCode",
                        "200101 (state forbids the cancel) without the order's state has no single canonical class",
                    );
                refusal(code.as_ref(), message)
            }
        },
        Some(ErrorCode::InvalidInput) => CancelRejection::InvalidRequest {
            fields: Vec::new(),
            message,
        },
        Some(other) => {
            report.unmapped(
                "errorCode",
                format!("OCC error code {:?} has no canonical class", other.as_str()),
            );
            refusal(code.as_ref(), message)
        }
        None => {
            report.unmapped("$", "the error body has no OCC error code");
            refusal(None, message)
        }
    };
    if let ErrorBody::Known(model) = body {
        for (present, path) in [
            (model.dev_message.is_some(), "devMessage"),
            (model.more_info.is_some(), "moreInfo"),
            (model.error_path.is_some(), "o:errorPath"),
            (model.error_type.is_some(), "type"),
            (model.errors.as_ref().is_some_and(|e| e.len() > 1), "errors"),
        ] {
            if present {
                report.dropped(path, "a core rejection has no place for it");
            }
        }
    }
    Translated::new(rejection, report)
}

/// The OCC code a core rejection goes out as, and whether that loses its class.
pub(crate) fn code_of(rejection: &CancelRejection) -> (ErrorCode, bool) {
    use CancelRejection as R;
    match rejection {
        R::OrderNotFound => (ErrorCode::OrderNotFound, false),
        R::NotOrderOwner => (ErrorCode::OrderNotOwned, false),
        R::InvalidReason => (ErrorCode::InvalidCancelReason, false),
        R::MissingReason | R::ReasonDetailRequired | R::ReasonTooLong { .. } => {
            (ErrorCode::InvalidCancelReason, true)
        }
        R::CancellationRestricted => (ErrorCode::CancelNotAllowed, false),
        R::OrderNotPlaced
        | R::OrderAlreadyCancelled
        | R::CancellationAlreadyRequested
        | R::OrderNotCancellable { .. }
        | R::OrderOnHold { .. }
        | R::ItemsAlreadyShipped { .. }
        | R::FulfillmentInProgress { .. }
        | R::PaymentAlreadyCaptured
        | R::FullyInvoiced
        | R::ReturnInProgress
        | R::UnknownVendorState { .. }
        | R::ConcurrentModification => (ErrorCode::NotCancellableState, true),
        R::MixedCancelAndReturn
        | R::UnknownOrderItem { .. }
        | R::ItemReferenceMismatch { .. }
        | R::DuplicateOrderItem { .. }
        | R::InvalidQuantity { .. }
        | R::QuantityExceedsCancellable { .. }
        | R::ItemAlreadyCancelled { .. }
        | R::PartialCancelNotSupported { .. } => (ErrorCode::InvalidInput, true),
        R::InvalidRequest { .. } => (ErrorCode::InvalidInput, false),
        R::VendorRefusal {
            vendor,
            vendor_code,
            ..
        } => match (vendor, vendor_code) {
            (Vendor::Occ, Some(code)) => (ErrorCode::from(code.as_str()), false),
            // Another vendor's code means nothing to OCC: the generic refusal.
            _ => (ErrorCode::NotCancellableState, true),
        },
        // A class added to the core after this crate: the generic refusal, approximated.
        _ => (ErrorCode::NotCancellableState, true),
    }
}

/// Core rejection → the `errorModel` an OCC server would send.
pub(crate) fn error_from_core(
    rejection: &CancelRejection,
    ctx: &TranslateContext<'_>,
    settings: Settings<'_>,
) -> Translated<ErrorModel<'static>> {
    let mut report = TranslationReport::new();
    let (mut code, lossy) = code_of(rejection);
    let mut message = match rejection {
        CancelRejection::VendorRefusal { message, .. }
        | CancelRejection::InvalidRequest {
            message: Some(message),
            ..
        } => message.clone(),
        _ => code
            .documented_message()
            .map_or_else(|| rejection.to_string(), str::to_owned),
    };
    if matches!(rejection, CancelRejection::InvalidReason) {
        let inactive = ctx
            .request
            .and_then(|r| r.reason.origin_at(OCC))
            .filter(|raw| matches!(settings.book.check(raw), ReasonCheck::Inactive(_)));
        if let Some(raw) = inactive {
            code = ErrorCode::InactiveReason;
            message = format!("{raw} is an inactive reason");
        }
    }
    if lossy {
        report.approximated(
            "code",
            "errorCode",
            rejection.code(),
            code.as_str().to_owned(),
            "OCC has no code this precise; the nearest documented one is used",
        );
    }
    let mut model = ErrorModel::new(code, Str::from(message));
    if let CancelRejection::VendorRefusal { .. } = rejection {
        model.status = Some(Str::from(
            model
                .error_code
                .as_ref()
                .map_or(400, ErrorCode::http_status)
                .to_string(),
        ));
    }
    Translated::new(model, report)
}

/// The HTTP status OCC answers a rejection with.
pub(crate) fn error_status(rejection: &CancelRejection) -> u16 {
    code_of(rejection).0.http_status()
}
