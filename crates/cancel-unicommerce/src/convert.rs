//! Translations between the Unicommerce bodies and the core.
//!
//! # What the core keeps for a lossless round trip
//!
//! Unicommerce → core → Unicommerce gives back the same body. What the core has no place
//! for is kept in `extensions.unicommerce` (core JSON, snake_case keys), all optional:
//!
//! | key | body | meaning |
//! |---|---|---|
//! | `fields` | both | unknown top-level fields, verbatim |
//! | `item_fields` | both | `orderItemId` → that item's unknown fields |
//! | `order_id_key` | request | `"orderID"` when the request used the table spelling |
//! | `status` | response | the raw `status` when it is not the one the lines imply (`SUCCESS` with a failed item, an unknown value...) |
//! | `empty_order_items` | response | `true` for an explicit `"orderItems": []` |
//! | `unlisted` | response | `orderItemId`s counted as not cancelled without being listed (a `FAILED` answer), or not confirmed (an answer with an unnamed item) |
//! | `without_error_message` | response | `orderItemId`s listed without an `errorMessage` |
//! | `unnamed` | response | the listed items without `orderItemId`, each `{"index": N, "error_message": "...", "fields": {...}}` (`index`: its place in `orderItems`; the other two only when present) |
//!
//! Anything else found there is ignored and reported `dropped`.

use std::collections::{BTreeMap, BTreeSet};

use cancel_domain::wire::{Kept, KeptMap};
use cancel_domain::{
    BatchStatus, CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope,
    ErrorKind, Initiator, LineCancel, LineOutcome, LineRef, Order, OrderLine, OrderRef,
    OutcomeStatus, ProductRef, Quantity, ReasonCode, Supply, TranslateContext, TranslateError,
    Translated, TranslationReport, VariantRef, Vendor,
};
use serde_json::Value;

use crate::error::ErrorBody;
use crate::messages::{
    error_message, refusal, rejection_from_message, FAILED_UNLISTED, FAILED_WITHOUT_ITEMS,
    NO_ERROR_MESSAGE,
};
use crate::validate;
use crate::wire::{
    CancelStatus, FailedItem, OrderCancelRequest, OrderCancelResponse, OrderIdKey, OrderItem, Other,
};

const V: Vendor = Vendor::Unicommerce;

/// How a joined refusal message names a listed item without `orderItemId`.
const UNNAMED_ITEM: &str = "(unnamed item)";

mod ext {
    pub(super) const FIELDS: &str = "fields";
    pub(super) const ITEM_FIELDS: &str = "item_fields";
    pub(super) const ORDER_ID_KEY: &str = "order_id_key";
    pub(super) const STATUS: &str = "status";
    pub(super) const EMPTY_ORDER_ITEMS: &str = "empty_order_items";
    pub(super) const UNLISTED: &str = "unlisted";
    pub(super) const WITHOUT_ERROR_MESSAGE: &str = "without_error_message";
    pub(super) const UNNAMED: &str = "unnamed";
    pub(super) const INDEX: &str = "index";
    pub(super) const ERROR_MESSAGE: &str = "error_message";
}

const REQUEST_KEYS: &[&str] = &["orderId", "orderID", "orderItems"];
const ITEM_KEYS: &[&str] = &["orderItemId", "productId", "variantId", "quantity"];
const RESPONSE_KEYS: &[&str] = &["status", "orderItems"];
const FAILED_ITEM_KEYS: &[&str] = &["orderItemId", "errorMessage"];

// ---------------------------------------------------------------------------------------
// helpers

fn to_kept(other: &Other) -> Kept {
    Kept::of(other).unwrap_or_default()
}

/// Copies `map` into an `other` map, leaving out (and reporting) modelled field names.
fn to_other(map: &KeptMap, known: &[&str], at: &str, report: &mut TranslationReport) -> Other {
    let mut out = Other::new();
    for (k, v) in map {
        if known.contains(&k.as_str()) {
            report.dropped(
                format!("{at}.{k}"),
                "names a field the body models; an extension cannot replace it",
            );
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn report_unknown(base: &str, other: &Other, report: &mut TranslationReport) {
    for k in other.keys() {
        report.unmapped(
            cancel_domain::path::field(base, k),
            "no core field; kept in extensions.unicommerce for the way back",
        );
    }
}

/// A listed item without `orderItemId`, kept in `extensions.unicommerce.unnamed`.
struct Unnamed {
    /// Its place in `orderItems`.
    index: usize,
    error_message: Option<String>,
    fields: Option<KeptMap>,
}

impl Unnamed {
    /// The core JSON of `item`, listed at `index`.
    fn to_kept(index: usize, item: &FailedItem) -> Kept {
        let mut entry = KeptMap::new();
        entry.insert(ext::INDEX.to_owned(), Kept::from(Value::from(index)));
        if let Some(m) = &item.error_message {
            entry.insert(ext::ERROR_MESSAGE.to_owned(), Kept::string(m));
        }
        if !item.other.is_empty() {
            entry.insert(ext::FIELDS.to_owned(), to_kept(&item.other));
        }
        Kept::of(&entry).unwrap_or_default()
    }

    /// Reads one entry; `None` when it is not of the documented shape.
    fn read(map: KeptMap) -> Option<Self> {
        let mut index = None;
        let mut error_message = None;
        let mut fields = None;
        for (k, v) in map {
            match k.as_str() {
                ext::INDEX => index = Some(usize::try_from(v.parse::<u64>().ok()?).ok()?),
                ext::ERROR_MESSAGE => error_message = Some(v.as_str()?.into_owned()),
                ext::FIELDS => fields = Some(v.parse::<KeptMap>().ok()?),
                _ => return None,
            }
        }
        Some(Self {
            index: index?,
            error_message,
            fields,
        })
    }
}

/// What `extensions.unicommerce` holds, read leniently.
#[derive(Default)]
struct ExtIn {
    fields: Option<KeptMap>,
    item_fields: Option<KeptMap>,
    order_id_table: bool,
    status: Option<String>,
    empty_order_items: bool,
    unlisted: BTreeSet<String>,
    without_error_message: BTreeSet<String>,
    unnamed: Vec<Unnamed>,
}

/// The strings of a kept array of strings; `None` for any other value.
fn strings(value: &Kept) -> Option<BTreeSet<String>> {
    value
        .parse::<Vec<String>>()
        .ok()
        .map(|v| v.into_iter().collect())
}

impl ExtIn {
    fn read(map: Option<&KeptMap>, allowed: &[&str], report: &mut TranslationReport) -> Self {
        let mut ext = Self::default();
        let Some(map) = map else { return ext };
        for (k, v) in map {
            let ok = allowed.contains(&k.as_str())
                && match k.as_str() {
                    ext::FIELDS => v.parse::<KeptMap>().map(|m| ext.fields = Some(m)).is_ok(),
                    ext::ITEM_FIELDS => v
                        .parse::<KeptMap>()
                        .map(|m| ext.item_fields = Some(m))
                        .is_ok(),
                    ext::ORDER_ID_KEY => match v.as_str().as_deref() {
                        Some(s) if s == OrderIdKey::Table.as_str() => {
                            ext.order_id_table = true;
                            true
                        }
                        Some(s) => s == OrderIdKey::Example.as_str(),
                        None => false,
                    },
                    ext::STATUS => match v.as_str() {
                        Some(s) => {
                            ext.status = Some(s.into_owned());
                            true
                        }
                        None => false,
                    },
                    ext::EMPTY_ORDER_ITEMS => {
                        v.parse::<bool>().map(|b| ext.empty_order_items = b).is_ok()
                    }
                    ext::UNLISTED => strings(v).map(|ids| ext.unlisted = ids).is_some(),
                    ext::WITHOUT_ERROR_MESSAGE => strings(v)
                        .map(|ids| ext.without_error_message = ids)
                        .is_some(),
                    ext::UNNAMED => {
                        let read: Option<Vec<_>> = v
                            .parse::<Vec<KeptMap>>()
                            .ok()
                            .and_then(|entries| entries.into_iter().map(Unnamed::read).collect());
                        match read {
                            Some(mut read) => {
                                read.sort_by_key(|u| u.index);
                                ext.unnamed = read;
                                true
                            }
                            None => false,
                        }
                    }
                    _ => false,
                };
            if !ok {
                report.dropped(
                    format!("extensions.unicommerce.{k}"),
                    "not part of the unicommerce extension layout (see the crate docs)",
                );
            }
        }
        ext
    }

    fn item_other(
        &self,
        id: &str,
        known: &[&str],
        at: &str,
        report: &mut TranslationReport,
    ) -> Other {
        match self.item_fields.as_ref().and_then(|m| m.get(id)) {
            Some(v) => match v.parse::<KeptMap>() {
                Ok(m) => to_other(&m, known, at, report),
                Err(_) => {
                    report.dropped(
                        format!("extensions.unicommerce.item_fields.{id}"),
                        "expected an object of fields",
                    );
                    Other::new()
                }
            },
            None => Other::new(),
        }
    }
}

impl ExtIn {
    /// Reports `item_fields` entries for items the body no longer has.
    fn report_unused_items<'i>(
        &self,
        used: impl IntoIterator<Item = &'i str>,
        report: &mut TranslationReport,
    ) {
        let Some(map) = &self.item_fields else { return };
        let used: BTreeSet<&str> = used.into_iter().collect();
        for id in map.keys().filter(|id| !used.contains(id.as_str())) {
            report.dropped(
                format!("extensions.unicommerce.item_fields.{id}"),
                "no order item with this id in the translated body",
            );
        }
    }
}

fn report_other_extensions<'a>(
    extensions: impl IntoIterator<Item = (&'a Vendor, &'a KeptMap)>,
    report: &mut TranslationReport,
) {
    for (vendor, map) in extensions {
        if *vendor != V {
            for k in map.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{k}"),
                    format!("a {vendor} field with no place in Unicommerce"),
                );
            }
        }
    }
}

/// `ctx.order` when it is the order named `order` in `id_space`.
fn matching_order<'a>(
    ctx: &TranslateContext<'a>,
    order: &OrderRef,
    id_space: Option<Vendor>,
) -> Option<&'a Order> {
    ctx.order.filter(|o| o.is_named(order.as_str(), id_space))
}

/// The Unicommerce `orderItemId` of the line named `line` in `id_space`.
fn item_id(
    line: &LineRef,
    id_space: Option<Vendor>,
    order_line: Option<&OrderLine>,
) -> Result<String, TranslateError> {
    match (id_space, order_line) {
        (Some(Vendor::Unicommerce), _) => Ok(line.as_str().to_owned()),
        (_, Some(l)) => Ok(l.id_at(V).to_owned()),
        // Canonical ids stand in for Unicommerce ids when the order records none, as
        // `OrderLine::id_at` does.
        (None, None) => Ok(line.as_str().to_owned()),
        (Some(other), None) => {
            Err(TranslateError::NeedsLookup {
                what: format!(
                    "line {line} is named by a {other} id; its Unicommerce orderItemId needs the order's lines"
                ),
            })
        }
    }
}

/// A requested line: its name in the request, its Unicommerce id, and the units asked for.
struct Requested {
    name: LineRef,
    item_id: String,
    quantity: Option<u32>,
}

/// The lines `request` asks for, with their Unicommerce ids. A whole-order request yields
/// the open lines of the looked-up order, or nothing without one.
fn requested_lines(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Vec<Requested>, TranslateError> {
    let order = matching_order(ctx, &request.order, request.id_space);
    match &request.scope {
        CancelScope::Lines { lines } => lines
            .iter()
            .map(|l| {
                let order_line = order.and_then(|o| o.line(l.line.as_str(), request.id_space));
                Ok(Requested {
                    name: l.line.clone(),
                    item_id: item_id(&l.line, request.id_space, order_line)?,
                    quantity: l
                        .quantity
                        .map(Quantity::get)
                        .or_else(|| order_line.map(|ol| ol.quantities.open())),
                })
            })
            .collect(),
        CancelScope::WholeOrder => Ok(order
            .map(|o| {
                o.lines
                    .iter()
                    .filter(|l| l.quantities.open() > 0)
                    .map(|l| Requested {
                        name: match request.id_space {
                            Some(v) => LineRef::new(l.id_at(v)),
                            None => l.id.clone(),
                        },
                        item_id: l.id_at(V).to_owned(),
                        quantity: Some(l.quantities.open()),
                    })
                    .collect()
            })
            .unwrap_or_default()),
    }
}

// ---------------------------------------------------------------------------------------
// requests

/// Reads a Unicommerce cancel request into the core: a `Lines` cancel in Unicommerce ids
/// (`id_space: unicommerce`), each line with its product, variant and quantity, reason
/// `unspecified`, initiator `merchant` (the seller cancelled in Uniware).
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the body breaks a rule of [`validate::check_request`].
pub fn request_to_core(
    request: &OrderCancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    validate::check_request(request).into_result()?;
    Ok(request_to_core_unchecked(request, ctx))
}

pub(crate) fn request_to_core_unchecked(
    request: &OrderCancelRequest,
    _ctx: &TranslateContext<'_>,
) -> Translated<CancelRequest> {
    let mut report = TranslationReport::new();
    let mut item_fields = KeptMap::new();
    let lines = request
        .order_items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if !item.other.is_empty() {
                report_unknown(
                    &cancel_domain::path::index("orderItems", i),
                    &item.other,
                    &mut report,
                );
                item_fields.insert(item.order_item_id.clone(), to_kept(&item.other));
            }
            LineCancel {
                line: LineRef::new(item.order_item_id.as_str()),
                quantity: Some(item.quantity),
                product: Some(ProductRef::new(item.product_id.as_str())),
                variant: Some(VariantRef::new(item.variant_id.as_str())),
                reason: None,
            }
        })
        .collect();
    let mut core = CancelRequest::lines(
        OrderRef::new(request.order_id.as_str()),
        lines,
        CancelReason::new(ReasonCode::Unspecified),
    );
    core.id_space = Some(V);
    core.initiator = Initiator::Merchant;
    let mut ext = KeptMap::new();
    if !request.other.is_empty() {
        report_unknown("", &request.other, &mut report);
        ext.insert(ext::FIELDS.to_owned(), to_kept(&request.other));
    }
    if !item_fields.is_empty() {
        ext.insert(
            ext::ITEM_FIELDS.to_owned(),
            Kept::of(&item_fields).unwrap_or_default(),
        );
    }
    if request.order_id_key == OrderIdKey::Table {
        ext.insert(
            ext::ORDER_ID_KEY.to_owned(),
            Kept::string(OrderIdKey::Table.as_str()),
        );
    }
    if !ext.is_empty() {
        core.extensions.insert(V, ext);
    }
    Translated::new(core, report)
}

fn check_core_request(request: &CancelRequest) -> Result<(), TranslateError> {
    if request.order.as_str().is_empty() {
        return Err(TranslateError::invalid(
            "order",
            ErrorKind::Range,
            "order id must not be empty",
        ));
    }
    if let CancelScope::Lines { lines } = &request.scope {
        if lines.is_empty() {
            return Err(TranslateError::invalid(
                "scope.lines",
                ErrorKind::Range,
                "a line cancel needs at least one line",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, l) in lines.iter().enumerate() {
            if !seen.insert(l.line.as_str()) {
                return Err(TranslateError::invalid(
                    format!("scope.lines[{i}].line"),
                    ErrorKind::Duplicate,
                    format!("line {} appears more than once", l.line),
                ));
            }
        }
    }
    Ok(())
}

fn needs_order_line(i: usize, line: &LineRef, field: &str) -> TranslateError {
    TranslateError::NeedsLookup {
        what: format!(
            "Unicommerce requires orderItems[{i}].{field} and the core request gives none for line {line}; only the order's lines can supply it"
        ),
    }
}

fn missing_on_order(i: usize, line: &LineRef, field: &str, what: &str) -> TranslateError {
    TranslateError::MissingRequired {
        field: format!("orderItems[{i}].{field}"),
        target: V,
        supply: Supply::OrderLine {
            what: what.to_owned(),
            line: line.to_string(),
        },
    }
}

/// Writes a core request as a Unicommerce cancel request.
///
/// - The order id is the request's (Unicommerce takes an order number), or the looked-up
///   order's Unicommerce id when the request names it in another id space.
/// - Line ids: verbatim in `unicommerce` or canonical ids; from the looked-up order
///   otherwise ([`TranslateError::NeedsLookup`] without it).
/// - A line without product, variant or quantity takes them from the looked-up order
///   ([`TranslateError::NeedsLookup`] without one, [`TranslateError::MissingRequired`] when
///   the order's line lacks them; a quantity of "all" becomes the line's open units).
/// - A whole-order cancel becomes every line with open units of the looked-up order,
///   reported `approximated` ([`TranslateError::NeedsLookup`] without the order).
/// - Reason, requester, idempotency key and refund have no place and are reported
///   `dropped`; refund money or bank data needs `allow_loss`
///   ([`TranslateError::PaymentDataWouldBeDropped`]).
///
/// # Errors
///
/// As listed above; [`TranslateError::Invalid`] for a core request without lines or with a
/// line twice.
pub fn request_from_core(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<OrderCancelRequest>, TranslateError> {
    check_core_request(request)?;
    let mut report = TranslationReport::new();
    if let Some(refund) = &request.refund {
        refund.drop_for(
            V,
            ctx,
            &mut report,
            "Unicommerce's cancel notification carries no refund data",
        )?;
    }
    let order = match ctx.order {
        None => None,
        Some(o) if o.is_named(request.order.as_str(), request.id_space) => Some(o),
        Some(o) => {
            return Err(TranslateError::ChangesMeaning {
                message: format!(
                    "the looked-up order {} is not the request's order {}",
                    o.id, request.order
                ),
            })
        }
    };
    let order_id =
        cancel_domain::id_space::order_id_for(V, &request.order, request.id_space, order)?
            .to_owned();
    let mut ext_report = TranslationReport::new();
    let ext = ExtIn::read(
        request.extensions.get(&V),
        &[ext::FIELDS, ext::ITEM_FIELDS, ext::ORDER_ID_KEY],
        &mut ext_report,
    );
    let mut items = Vec::new();
    match &request.scope {
        CancelScope::Lines { lines } => {
            for (i, l) in lines.iter().enumerate() {
                let order_line = order.and_then(|o| o.line(l.line.as_str(), request.id_space));
                let id = item_id(&l.line, request.id_space, order_line)?;
                let product = match (&l.product, order_line) {
                    (Some(p), _) => p.as_str().to_owned(),
                    (None, Some(ol)) => ol
                        .product
                        .as_ref()
                        .map(|p| p.as_str().to_owned())
                        .ok_or_else(|| missing_on_order(i, &l.line, "productId", "product"))?,
                    (None, None) => return Err(needs_order_line(i, &l.line, "productId")),
                };
                let variant = match (&l.variant, order_line) {
                    (Some(v), _) => v.as_str().to_owned(),
                    (None, Some(ol)) => ol
                        .variant
                        .as_ref()
                        .map(|v| v.as_str().to_owned())
                        .ok_or_else(|| missing_on_order(i, &l.line, "variantId", "variant"))?,
                    (None, None) => return Err(needs_order_line(i, &l.line, "variantId")),
                };
                let quantity = match (l.quantity, order_line) {
                    (Some(q), _) => q,
                    (None, Some(ol)) => Quantity::new(ol.quantities.open()).ok_or_else(|| {
                        TranslateError::ChangesMeaning {
                            message: format!(
                                "line {} has no open units; Unicommerce needs a quantity of at least 1",
                                l.line
                            ),
                        }
                    })?,
                    (None, None) => return Err(needs_order_line(i, &l.line, "quantity")),
                };
                if l.reason.is_some() {
                    report.dropped(
                        format!("scope.lines[{i}].reason"),
                        "Unicommerce has no per-item reason",
                    );
                }
                let at = format!("extensions.unicommerce.item_fields.{id}");
                let other = ext.item_other(&id, ITEM_KEYS, &at, &mut ext_report);
                let mut item = OrderItem::new(id, product, variant, quantity);
                item.other = other;
                items.push(item);
            }
        }
        CancelScope::WholeOrder => {
            let order = order.ok_or_else(|| TranslateError::NeedsLookup {
                what: format!(
                    "Unicommerce cancels items, not orders: a whole-order cancel of order {} needs the order's lines to list them as orderItems",
                    request.order
                ),
            })?;
            for l in order.lines.iter().filter(|l| l.quantities.open() > 0) {
                let i = items.len();
                let product = l
                    .product
                    .as_ref()
                    .ok_or_else(|| missing_on_order(i, &l.id, "productId", "product"))?;
                let variant = l
                    .variant
                    .as_ref()
                    .ok_or_else(|| missing_on_order(i, &l.id, "variantId", "variant"))?;
                let quantity = Quantity::new(l.quantities.open()).unwrap_or(Quantity::ONE);
                let id = l.id_at(V).to_owned();
                let at = format!("extensions.unicommerce.item_fields.{id}");
                let other = ext.item_other(&id, ITEM_KEYS, &at, &mut ext_report);
                let mut item = OrderItem::new(id, product.as_str(), variant.as_str(), quantity);
                item.other = other;
                items.push(item);
            }
            if items.is_empty() {
                return Err(TranslateError::ChangesMeaning {
                    message: format!(
                        "order {} has no open units; a Unicommerce request needs at least one order item",
                        request.order
                    ),
                });
            }
            report.approximated(
                "scope",
                "orderItems",
                "whole_order",
                "lines",
                "Unicommerce cancels items: the whole order is sent as every line with open units in the looked-up order",
            );
        }
    }
    report_reason(request, &mut report);
    if request.initiator != Initiator::Merchant && request.initiator != Initiator::Unknown {
        report.dropped("initiator", "Unicommerce cancels are always the seller's");
    }
    if request.requester.is_some() {
        report.dropped("requester", "Unicommerce has no requester");
    }
    if request.idempotency_key.is_some() {
        report.dropped("idempotency_key", "Unicommerce has no idempotency key");
    }
    report_other_extensions(&request.extensions, &mut report);
    let mut out = OrderCancelRequest::new(order_id, items);
    if ext.order_id_table {
        out.order_id_key = OrderIdKey::Table;
    }
    if let Some(fields) = &ext.fields {
        out.other = to_other(
            fields,
            REQUEST_KEYS,
            "extensions.unicommerce.fields",
            &mut ext_report,
        );
    }
    ext.report_unused_items(
        out.order_items.iter().map(|i| i.order_item_id.as_str()),
        &mut ext_report,
    );
    report.extend(ext_report);
    if let Err(errors) = validate::check_request(&out).into_result() {
        return Err(TranslateError::ChangesMeaning {
            message: format!("the Unicommerce request would be invalid: {errors}"),
        });
    }
    Ok(Translated::new(out, report))
}

fn report_reason(request: &CancelRequest, report: &mut TranslationReport) {
    let reason = &request.reason;
    if reason.code != ReasonCode::Unspecified {
        report.dropped(
            "reason.code",
            "Unicommerce's cancel notification has no reason",
        );
    }
    if reason.detail.is_some() {
        report.dropped(
            "reason.detail",
            "Unicommerce's cancel notification has no reason",
        );
    }
    if reason.initiator.is_some_and(|i| i != Initiator::Unknown) {
        report.dropped(
            "reason.initiator",
            "Unicommerce's cancel notification has no reason",
        );
    }
    if reason.origin.is_some() {
        report.dropped(
            "reason.origin",
            "Unicommerce's cancel notification has no reason",
        );
    }
}

// ---------------------------------------------------------------------------------------
// responses

/// The indexes of the outcome lines a Unicommerce answer lists as not cancelled.
fn listed_indices(outcome: &CancelOutcome, batch: BatchStatus) -> Vec<usize> {
    match batch {
        BatchStatus::Success => Vec::new(),
        BatchStatus::PartialSuccess => outcome
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_complete())
            .map(|(i, _)| i)
            .collect(),
        BatchStatus::Failed => (0..outcome.lines.len()).collect(),
    }
}

fn batch_label(batch: BatchStatus) -> CancelStatus {
    match batch {
        BatchStatus::Success => CancelStatus::Success,
        BatchStatus::PartialSuccess => CancelStatus::PartialSuccess,
        BatchStatus::Failed => CancelStatus::Failed,
    }
}

/// Why an answer alone cannot become a core outcome: it names neither its order nor the
/// items it was asked to cancel, and every unlisted item counts as cancelled.
pub const UNNAMED_ORDER: &str =
    "a Unicommerce answer names neither its order nor the items it was asked to cancel";

/// Reads a Unicommerce answer into a core outcome.
///
/// - With `ctx.request` (the request answered): one line per requested line; a listed item
///   is not cancelled (`accepted` 0, a `vendor_refusal` carrying its `errorMessage`), every
///   requested line not listed is cancelled with its requested quantity, except under
///   `FAILED`, which cancels nothing. Listed lines come first, in the answer's order.
/// - Without it: the listed lines only, for the looked-up `ctx.order`; with neither, the
///   answer cannot be read without inventing an order id: [`UNNAMED_ORDER`].
/// - The vendor's quirk `SUCCESS` with listed items counts those items as not cancelled.
/// - A listed item without `orderItemId` (optional in the vendor's table) names no line:
///   it is kept in `extensions.unicommerce.unnamed` and reported `unmapped`. Under
///   `FAILED` nothing changes (every requested line failed). Under any other status the
///   failed item cannot be told apart from the cancelled ones: the outcome is
///   `needs_review` and no unlisted requested line counts as cancelled (`accepted` 0, no
///   error: not confirmed).
/// - Status: from the lines (all cancelled → `cancelled`, none → `rejected`, some →
///   `partially_cancelled`); an unrecognized `status` or an unnamed item (except under
///   `FAILED`) → `needs_review`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] for an empty or repeated `orderItemId` (an unrecognized
/// `status` is accepted here); [`TranslateError::NeedsLookup`] when a requested line asked
/// for "all units" and no looked-up order says how many.
pub fn response_to_core(
    response: &OrderCancelResponse,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    if let Err(errors) = validate::check_response(response).into_result() {
        let errors: Vec<_> = errors
            .into_iter()
            .filter(|e| !(e.path == "status" && e.kind == ErrorKind::Enum))
            .collect();
        if !errors.is_empty() {
            return Err(TranslateError::Invalid(cancel_domain::PayloadErrors(
                errors,
            )));
        }
    }
    response_to_core_unchecked(response, ctx)
}

pub(crate) fn response_to_core_unchecked(
    response: &OrderCancelResponse,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    let mut report = TranslationReport::new();
    let (order_ref, id_space, requested, order) = match ctx.request {
        Some(r) => (
            r.order.clone(),
            r.id_space,
            requested_lines(r, ctx)?,
            matching_order(ctx, &r.order, r.id_space),
        ),
        None => match ctx.order {
            Some(o) => (OrderRef::new(o.id_at(V)), Some(V), Vec::new(), Some(o)),
            None => {
                return Err(TranslateError::NeedsRequest {
                    what: UNNAMED_ORDER.to_owned(),
                })
            }
        },
    };
    let by_item: BTreeMap<&str, &Requested> =
        requested.iter().map(|r| (r.item_id.as_str(), r)).collect();
    let items = response.failed_items();
    let mut lines = Vec::with_capacity(items.len().max(requested.len()));
    let mut line_item_ids: Vec<&str> = Vec::with_capacity(lines.capacity());
    let mut item_fields = KeptMap::new();
    let mut without_message = Vec::new();
    let mut unnamed = Vec::new();
    let failed = response.status == CancelStatus::Failed;
    for (i, item) in items.iter().enumerate() {
        // The item's path is only built for a report entry.
        let at = || cancel_domain::path::index("orderItems", i);
        let Some(id) = item.id() else {
            report_unknown(&at(), &item.other, &mut report);
            report.unmapped(
                cancel_domain::path::field(&at(), "orderItemId"),
                if failed {
                    "absent: the item names no line (every requested line failed under FAILED); kept in extensions.unicommerce.unnamed"
                } else {
                    "absent: the marketplace could not name which item failed, so no requested line it did not list counts as cancelled and the outcome is needs_review; kept in extensions.unicommerce.unnamed"
                },
            );
            unnamed.push(Unnamed::to_kept(i, item));
            continue;
        };
        let req = by_item.get(id);
        let name = match req {
            Some(r) => r.name.clone(),
            None => name_of_item(id, id_space, order),
        };
        let message = match &item.error_message {
            Some(m) => m.clone(),
            None => {
                without_message.push(Value::from(id));
                NO_ERROR_MESSAGE.to_owned()
            }
        };
        if !item.other.is_empty() {
            report_unknown(&at(), &item.other, &mut report);
            item_fields.insert(id.to_owned(), to_kept(&item.other));
        }
        lines.push(LineOutcome {
            line: name,
            requested: req.and_then(|r| r.quantity),
            accepted: 0,
            error: Some(refusal(message)),
        });
        line_item_ids.push(id);
    }
    let listed: BTreeSet<&str> = items.iter().filter_map(FailedItem::id).collect();
    // An unnamed failed item may be any requested line the answer does not list.
    let unsure = !unnamed.is_empty() && !failed;
    for r in requested
        .iter()
        .filter(|r| !listed.contains(r.item_id.as_str()))
    {
        let line = if failed {
            LineOutcome {
                line: r.name.clone(),
                requested: r.quantity,
                accepted: 0,
                error: Some(refusal(FAILED_UNLISTED)),
            }
        } else if unsure {
            LineOutcome {
                line: r.name.clone(),
                requested: r.quantity,
                accepted: 0,
                error: None,
            }
        } else {
            let q = r.quantity.ok_or_else(|| TranslateError::NeedsLookup {
                what: format!(
                    "line {} asked for every cancellable unit; how many were cancelled needs the order's lines",
                    r.name
                ),
            })?;
            LineOutcome {
                line: r.name.clone(),
                requested: Some(q),
                accepted: q,
                error: None,
            }
        };
        lines.push(line);
        line_item_ids.push(&r.item_id);
    }
    let cancelled = lines
        .iter()
        .filter(|l| l.error.is_none() && l.accepted > 0)
        .count();
    let status = match &response.status {
        CancelStatus::__Unknown(_) => OutcomeStatus::NeedsReview,
        _ if unsure => OutcomeStatus::NeedsReview,
        known if lines.is_empty() => match known {
            CancelStatus::Success => OutcomeStatus::Cancelled,
            CancelStatus::PartialSuccess => OutcomeStatus::PartiallyCancelled,
            _ => OutcomeStatus::Rejected,
        },
        _ if cancelled == lines.len() => OutcomeStatus::Cancelled,
        _ if cancelled == 0 => OutcomeStatus::Rejected,
        _ => OutcomeStatus::PartiallyCancelled,
    };
    let mut outcome = CancelOutcome::new(order_ref, status);
    outcome.id_space = id_space;
    if status == OutcomeStatus::Rejected && lines.is_empty() {
        outcome.rejection = Some(refusal(FAILED_WITHOUT_ITEMS));
    }
    outcome.lines = lines;

    // What the way back cannot derive from the outcome.
    let batch = outcome.batch_status();
    let mut ext = KeptMap::new();
    if !response.other.is_empty() {
        report_unknown("", &response.other, &mut report);
        ext.insert(ext::FIELDS.to_owned(), to_kept(&response.other));
    }
    if !item_fields.is_empty() {
        ext.insert(
            ext::ITEM_FIELDS.to_owned(),
            Kept::of(&item_fields).unwrap_or_default(),
        );
    }
    if batch_label(batch) != response.status {
        ext.insert(
            ext::STATUS.to_owned(),
            Kept::string(response.status.as_str()),
        );
    }
    if matches!(&response.order_items, Some(v) if v.is_empty()) {
        ext.insert(ext::EMPTY_ORDER_ITEMS.to_owned(), Kept::from(true));
    }
    let unlisted: Vec<Value> = listed_indices(&outcome, batch)
        .into_iter()
        .filter_map(|i| line_item_ids.get(i))
        .filter(|id| !listed.contains(*id))
        .map(|id| Value::from(*id))
        .collect();
    if !unlisted.is_empty() {
        ext.insert(ext::UNLISTED.to_owned(), Kept::from(Value::Array(unlisted)));
    }
    if !without_message.is_empty() {
        ext.insert(
            ext::WITHOUT_ERROR_MESSAGE.to_owned(),
            Kept::from(Value::Array(without_message)),
        );
    }
    if !unnamed.is_empty() {
        ext.insert(
            ext::UNNAMED.to_owned(),
            Kept::of(&unnamed).unwrap_or_default(),
        );
    }
    if !ext.is_empty() {
        outcome.extensions.insert(V, ext);
    }
    Ok(Translated::new(outcome, report))
}

/// The name of a listed item in the outcome's id space.
fn name_of_item(id: &str, id_space: Option<Vendor>, order: Option<&Order>) -> LineRef {
    if id_space == Some(V) {
        return LineRef::new(id);
    }
    order
        .and_then(|o| o.lines.iter().find(|l| l.id_at(V) == id))
        .map_or_else(
            || LineRef::new(id),
            |l| match id_space {
                Some(v) => LineRef::new(l.id_at(v)),
                None => l.id.clone(),
            },
        )
}

/// The `errorMessage` of an outcome line listed as not cancelled.
fn line_message(line: &LineOutcome, outcome: &CancelOutcome) -> String {
    match (&line.error, &outcome.rejection) {
        (Some(e), _) | (None, Some(e)) => error_message(e, Some(&line.line)),
        (None, None) => match outcome.status {
            OutcomeStatus::NeedsReview => "not confirmed: the cancel needs review".to_owned(),
            OutcomeStatus::Cancelled
            | OutcomeStatus::PartiallyCancelled
            | OutcomeStatus::Requested
            | OutcomeStatus::Replayed
            | OutcomeStatus::Rejected => "not cancelled".to_owned(),
        },
    }
}

fn is_bare_failed(rejection: &CancelRejection) -> bool {
    matches!(rejection, CancelRejection::VendorRefusal { vendor: Vendor::Unicommerce, message, .. } if message == FAILED_WITHOUT_ITEMS)
}

/// Writes a core outcome as the Unicommerce answer (the best-effort batch answer):
/// every line cancelled → `SUCCESS` with no `orderItems`; some → `PARTIAL_SUCCESS`
/// listing each line not cancelled with a readable `errorMessage` from its rejection
/// (see [`crate::error_message`]); none → `FAILED` listing every line. A whole refusal
/// (no per-line results) lists every line of `ctx.request` with the rejection's message.
///
/// A line only partly cancelled is listed as not cancelled (reported `approximated`);
/// `phase`, `money`, `stock` and `message` have no place and are reported `dropped`.
///
/// # Errors
///
/// [`TranslateError::NeedsLookup`] when lines are named in another vendor's ids and no
/// looked-up order maps them to Unicommerce ids.
pub fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<OrderCancelResponse>, TranslateError> {
    let mut report = TranslationReport::new();
    let ext = ExtIn::read(
        outcome.extensions.get(&V),
        &[
            ext::FIELDS,
            ext::ITEM_FIELDS,
            ext::STATUS,
            ext::EMPTY_ORDER_ITEMS,
            ext::UNLISTED,
            ext::WITHOUT_ERROR_MESSAGE,
            ext::UNNAMED,
        ],
        &mut report,
    );
    if outcome.status == OutcomeStatus::PartiallyCancelled && outcome.lines.is_empty() {
        // The answer lists the items not cancelled; listing none says all were.
        return Err(TranslateError::ChangesMeaning {
            message: "the outcome is partial and names no line; Unicommerce's answer would \
                      say every item was cancelled"
                .to_owned(),
        });
    }
    let batch = outcome.batch_status();
    let mut items = Vec::new();
    if outcome.lines.is_empty() && batch == BatchStatus::Failed {
        let requested = match ctx.request {
            Some(r) => requested_lines(r, ctx)?,
            None => Vec::new(),
        };
        if requested.is_empty() {
            if let Some(r) = outcome.rejection.as_ref().filter(|r| !is_bare_failed(r)) {
                report.dropped(
                    "rejection",
                    format!(
                        "no requested line to attach `{}` to (pass the request this outcome answers)",
                        r.code()
                    ),
                );
            }
        }
        for r in requested {
            let message = match &outcome.rejection {
                Some(rejection) => error_message(rejection, Some(&r.name)),
                None => line_message(
                    &LineOutcome {
                        line: r.name.clone(),
                        requested: r.quantity,
                        accepted: 0,
                        error: None,
                    },
                    outcome,
                ),
            };
            items.push((r.item_id, Some(message)));
        }
    } else {
        let order = matching_order(ctx, &outcome.order, outcome.id_space);
        for i in listed_indices(outcome, batch) {
            let Some(line) = outcome.lines.get(i) else {
                continue;
            };
            let order_line = order.and_then(|o| o.line(line.line.as_str(), outcome.id_space));
            let id = item_id(&line.line, outcome.id_space, order_line)?;
            if ext.unlisted.contains(id.as_str()) {
                continue;
            }
            if line.accepted > 0 {
                report.approximated(
                    format!("lines[{i}].accepted"),
                    format!("orderItems[{}]", items.len()),
                    line.accepted.to_string(),
                    "0",
                    "Unicommerce cannot say an item was partly cancelled; it is listed as not cancelled",
                );
            }
            let message = if ext.without_error_message.contains(id.as_str()) {
                None
            } else {
                Some(line_message(line, outcome))
            };
            items.push((id, message));
        }
    }
    for (field, present) in [
        ("phase", outcome.phase.is_some()),
        ("money", outcome.money.is_some()),
        ("stock", !outcome.stock.is_empty()),
        ("message", outcome.message.is_some()),
    ] {
        if present {
            report.dropped(field, "Unicommerce's answer has no place for it");
        }
    }
    report_other_extensions(&outcome.extensions, &mut report);
    let status = ext
        .status
        .as_deref()
        .map_or_else(|| batch_label(batch), CancelStatus::from);
    let mut response = OrderCancelResponse::new(status);
    let mut failed = Vec::with_capacity(items.len());
    for (id, message) in items {
        let at = format!("extensions.unicommerce.item_fields.{id}");
        let other = ext.item_other(&id, FAILED_ITEM_KEYS, &at, &mut report);
        let mut item = FailedItem::new(id, message);
        item.other = other;
        failed.push(item);
    }
    ext.report_unused_items(failed.iter().filter_map(FailedItem::id), &mut report);
    for (n, u) in ext.unnamed.iter().enumerate() {
        let mut item = FailedItem::unnamed(u.error_message.clone());
        if let Some(fields) = &u.fields {
            let at = format!("extensions.unicommerce.unnamed[{n}].fields");
            item.other = to_other(fields, FAILED_ITEM_KEYS, &at, &mut report);
        }
        // Entries are sorted by index: each goes back to its place in `orderItems`.
        failed.insert(u.index.min(failed.len()), item);
    }
    response.order_items = if failed.is_empty() && !ext.empty_order_items {
        None
    } else {
        Some(failed)
    };
    if let Some(fields) = &ext.fields {
        response.other = to_other(
            fields,
            RESPONSE_KEYS,
            "extensions.unicommerce.fields",
            &mut report,
        );
    }
    Ok(Translated::new(response, report))
}

// ---------------------------------------------------------------------------------------
// errors

/// Reads an error body into a core rejection.
///
/// A `FAILED` answer whose items share one message gives that refusal: a message this
/// crate writes for a rejection without fields maps back to it (`"order not found"` →
/// `order_not_found`), any other to a `vendor_refusal` carrying the text. Different
/// messages are joined (`"A: ...; B: ..."`); no item gives a `vendor_refusal` saying
/// `FAILED`. Other JSON gives its `message`/`errorMessage` string if it has one, text its
/// first 500 characters. The per-item ids are reported `dropped` (a rejection names no
/// items; [`error_from_core`] lists the request's lines again).
///
/// # Errors
///
/// [`TranslateError::Invalid`] for a known-shape body that breaks
/// [`validate::check_error`].
pub fn error_to_core(
    body: &ErrorBody,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRejection>, TranslateError> {
    let mut report = TranslationReport::new();
    let rejection = match body {
        ErrorBody::Known(response) => {
            validate::check_error(response).into_result()?;
            let items = response.failed_items();
            let messages: BTreeSet<&str> = items
                .iter()
                .map(|i| i.error_message.as_deref().unwrap_or(NO_ERROR_MESSAGE))
                .collect();
            let messages: Vec<&str> = messages.into_iter().collect();
            let rejection = match messages.as_slice() {
                [] => refusal(FAILED_WITHOUT_ITEMS),
                [one] => rejection_from_message(one).unwrap_or_else(|| refusal(*one)),
                _ => refusal(
                    items
                        .iter()
                        .map(|i| {
                            format!(
                                "{}: {}",
                                i.id().unwrap_or(UNNAMED_ITEM),
                                i.error_message.as_deref().unwrap_or(NO_ERROR_MESSAGE)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            if !items.is_empty() {
                report.dropped("orderItems", "a core rejection names no items");
            }
            for (i, item) in items.iter().enumerate() {
                for k in item.other.keys() {
                    report.dropped(
                        format!("orderItems[{i}].{k}"),
                        "no place in a core rejection",
                    );
                }
            }
            for k in response.other.keys() {
                report.dropped(k.clone(), "no place in a core rejection");
            }
            rejection
        }
        ErrorBody::Json(value) => {
            let message = ["message", "errorMessage"]
                .iter()
                .find_map(|k| value.get(k).and_then(Value::as_str))
                .unwrap_or("the marketplace answered with an error body of an unknown shape");
            refusal(message)
        }
        ErrorBody::Text(text) => {
            let text = text.trim();
            if text.is_empty() {
                refusal("the marketplace answered with an empty body")
            } else {
                refusal(text.chars().take(500).collect::<String>())
            }
        }
    };
    Ok(Translated::new(rejection, report))
}

/// Writes a core rejection as the Unicommerce refusal: a `FAILED` answer listing every
/// line of `ctx.request` (the request refused) with a readable `errorMessage` (see
/// [`crate::error_message`]). Without `ctx.request` the answer lists no item and the
/// rejection is reported `dropped`.
///
/// # Errors
///
/// [`TranslateError::NeedsLookup`] when the request's lines are named in another vendor's
/// ids and no looked-up order maps them.
pub fn error_from_core(
    rejection: &CancelRejection,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<ErrorBody>, TranslateError> {
    let mut report = TranslationReport::new();
    let requested = match ctx.request {
        Some(r) => requested_lines(r, ctx)?,
        None => Vec::new(),
    };
    if requested.is_empty() && !is_bare_failed(rejection) {
        report.dropped(
            "$",
            format!(
                "no requested line to attach `{}` to (pass the request this rejection answers)",
                rejection.code()
            ),
        );
    }
    let items: Vec<FailedItem> = requested
        .into_iter()
        .map(|r| {
            let message = error_message(rejection, Some(&r.name));
            FailedItem::new(r.item_id, Some(message))
        })
        .collect();
    let mut response = OrderCancelResponse::new(CancelStatus::Failed);
    if !items.is_empty() {
        response.order_items = Some(items);
    }
    Ok(Translated::new(ErrorBody::Known(response), report))
}

/// The HTTP status the marketplace answers a refusal with: `200` for every rejection.
///
/// The vendor documents `FAILED` as one of the values of a normal answer and leaves its
/// "Response Codes" section unwritten, so the body carries the refusal; HTTP errors are
/// kept for transport problems: [`MALFORMED_STATUS`] for a body that does not parse or
/// validate, [`UNAUTHORIZED_STATUS`] for a missing or unknown `apiKey`.
pub fn error_status(rejection: &CancelRejection) -> u16 {
    let _ = rejection;
    200
}

/// HTTP status for a request body that is not a valid Unicommerce cancel request.
pub const MALFORMED_STATUS: u16 = 400;

/// HTTP status for a missing or unknown `apiKey`.
pub const UNAUTHORIZED_STATUS: u16 = 401;
