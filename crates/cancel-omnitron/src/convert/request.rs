//! The cancel body to and from the core `CancelRequest`.
//!
//! Inbound, `is_all` becomes a whole-order scope and `cancel_items` a `Lines` scope with one
//! [`LineCancel`] per item pk, each with its own reason (`LineCancel.reason`); the ids stay
//! Akinon's (`id_space: omnitron`). What the core has no place for travels in
//! `extensions.omnitron` so that omnitron → core → omnitron is the identity:
//!
//! - `shape`: which fields were absent (`"absent"`), `null` (`"null"`) or `{}` (`"empty"`)
//!   where the core keeps only a default;
//! - `return_details`; `reasons` (the per-item reasons of a whole-order cancel); `fields`
//!   (undocumented fields).

use std::collections::{BTreeMap, BTreeSet};

use cancel_domain::wire::{Kept, KeptMap};
use cancel_domain::{
    path, CancelReason, CancelRequest, CancelScope, ErrorKind, Initiator, LineCancel, LineRef,
    PayloadErrors, ReasonCode, ReasonOrigin, RefundInstructions, Supply, TranslateContext,
    TranslateError, Translated, TranslationReport, Vendor,
};
use serde_json::{Map, Value};

use super::Ids;
use crate::wire::{Amount, CancelOrderBody, CancelOrderRequest, Extra, ItemPk, ReasonId};
use crate::OmnitronDialect;

const SHAPE: &str = "shape";
const ABSENT: &str = "absent";
const NULL: &str = "null";
const EMPTY: &str = "empty";

/// The `detail` an inbound reason gets: the subject of a table entry without a code, or a
/// label when there is no table entry (`other` needs a text in the core).
fn derived_detail(dialect: &OmnitronDialect, id: ReasonId) -> Option<String> {
    match dialect.table.get(id) {
        // `other` says what only with its text (the core requires one).
        Some(entry) => entry
            .code
            .is_none_or(|code| code == ReasonCode::Other)
            .then(|| entry.subject.clone()),
        None => Some(format!("Akinon cancellation reason {id}")),
    }
}

/// The core reason of one Akinon reason id.
fn reason_of(
    dialect: &OmnitronDialect,
    id: ReasonId,
    source: &str,
    report: &mut TranslationReport,
) -> CancelReason {
    let origin = Some(ReasonOrigin {
        vendor: Vendor::Omnitron,
        value: id.to_string(),
    });
    let code = match dialect.table.get(id) {
        Some(entry) => match entry.code {
            Some(code) => {
                // Several of the merchant's reasons may share a code; the one the code does
                // not lead back to is approximated (the id stays in `origin`).
                if dialect
                    .table
                    .for_code(code)
                    .is_some_and(|back| back.pk != id)
                {
                    report.approximated(
                        source.to_owned(),
                        "reason.code",
                        id.to_string(),
                        code.to_string(),
                        "several Akinon reasons read as this code; the id stays in reason.origin",
                    );
                }
                code
            }
            None => {
                report.unmapped(
                    source.to_owned(),
                    format!(
                        "reason {id} has no canonical `code` in vendor.omnitron.reasons; kept as origin"
                    ),
                );
                ReasonCode::Other
            }
        },
        None => {
            report.unmapped(
                source.to_owned(),
                format!(
                    "Akinon reason ids are merchant data and no reason table is configured \
                     (policy vendor.omnitron.reasons); reason {id} is kept as origin"
                ),
            );
            ReasonCode::Other
        }
    };
    let detail = derived_detail(dialect, id);
    CancelReason {
        code,
        detail,
        initiator: None,
        origin,
    }
}

/// The order-level reason of several item reasons.
fn common_reason(reasons: &[CancelReason], report: &mut TranslationReport) -> CancelReason {
    let Some(first) = reasons.first() else {
        return CancelReason::new(ReasonCode::Unspecified);
    };
    if reasons.iter().all(|r| r == first) {
        return first.clone();
    }
    report.unmapped(
        "reasons",
        "the items have different reasons; each line keeps its own and the order-level \
         reason holds only what they share",
    );
    if reasons.iter().all(|r| r.code == first.code) && first.code != ReasonCode::Other {
        CancelReason::new(first.code)
    } else {
        CancelReason::new(ReasonCode::Unspecified)
    }
}

pub(crate) fn request_to_core(
    dialect: &OmnitronDialect,
    request: &CancelOrderRequest,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    request.validate()?;
    let body = &request.body;
    let table = crate::validate::table_errors(&dialect.table, body);
    if !table.is_empty() {
        return Err(PayloadErrors(table).into());
    }

    let mut report = TranslationReport::new();
    let mut ext = KeptMap::new();
    let mut shape = Map::new();

    let (scope, reason) = if body.is_whole_order() {
        let mut reasons = Vec::new();
        let mut kept = Map::new();
        let mut quiet = TranslationReport::new();
        for (pk, id) in &body.reasons {
            reasons.push(reason_of(dialect, *id, "reasons", &mut quiet));
            kept.insert(pk.to_string(), Value::from(id.get()));
        }
        if !kept.is_empty() {
            ext.insert("reasons".into(), Kept::from(Value::Object(kept)));
            report.unmapped(
                "reasons",
                "per-item reasons of a whole-order cancel have no core place; kept in \
                 extensions.omnitron.reasons",
            );
        }
        // One entry for the whole map is enough.
        if let Some(first) = quiet.entries.into_iter().next() {
            report.entries.push(first);
        }
        (
            CancelScope::WholeOrder,
            common_reason(&reasons, &mut report),
        )
    } else {
        let mut lines = Vec::with_capacity(body.cancel_items.len());
        let mut reasons = Vec::with_capacity(body.cancel_items.len());
        for pk in &body.cancel_items {
            let reason = body
                .reasons
                .get(pk)
                .map(|id| reason_of(dialect, *id, &reasons_key(*pk), &mut report))
                .unwrap_or_else(|| CancelReason::new(ReasonCode::Unspecified));
            reasons.push(reason.clone());
            let mut line = LineCancel::new(pk.to_string(), None);
            line.reason = Some(reason);
            lines.push(line);
        }
        let reason = common_reason(&reasons, &mut report);
        let extra: Map<String, Value> = body
            .reasons
            .iter()
            .filter(|(pk, _)| !body.cancel_items.contains(pk))
            .map(|(pk, id)| (pk.to_string(), Value::from(id.get())))
            .collect();
        if !extra.is_empty() {
            report.unmapped(
                "reasons",
                "reasons for items that are not cancelled have no core place; kept in \
                 extensions.omnitron.reasons",
            );
            ext.insert("reasons".into(), Kept::from(Value::Object(extra)));
        }
        (CancelScope::Lines { lines }, reason)
    };

    if body.is_all.is_none() {
        shape.insert("is_all".into(), ABSENT.into());
    }
    if body.forced_refund_amount.is_none() {
        shape.insert("forced_refund_amount".into(), ABSENT.into());
    }
    if body.is_cargo_refund.is_none() {
        shape.insert("is_cargo_refund".into(), ABSENT.into());
    }
    if body.refund_invoice_number == Some(None) {
        shape.insert("refund_invoice_number".into(), NULL.into());
    }
    for (field, map) in [("ibans", &body.ibans), ("holder_names", &body.holder_names)] {
        if map.as_ref().is_some_and(BTreeMap::is_empty) {
            shape.insert(field.into(), EMPTY.into());
        }
    }

    let line_map = |m: &Option<BTreeMap<ItemPk, cancel_domain::Sensitive<String>>>| {
        m.iter()
            .flatten()
            .map(|(pk, v)| (LineRef::new(pk.to_string()), v.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    let refund = RefundInstructions {
        cargo_refund: body.is_cargo_refund == Some(true),
        forced_amount: body
            .forced_refund_amount
            .as_ref()
            .and_then(Option::as_ref)
            .map(|a| a.value().into()),
        invoice_number: body.refund_invoice_number.clone().flatten(),
        ibans: line_map(&body.ibans),
        holder_names: line_map(&body.holder_names),
    };

    if let Some(details) = body.return_details {
        ext.insert("return_details".into(), Kept::from(details));
        report.unmapped(
            "return_details",
            "asks Akinon for the short response; no core place, kept in extensions.omnitron",
        );
    }
    if !body.other.is_empty() {
        for key in body.other.0.keys() {
            report.unmapped(
                key.clone(),
                "undocumented field, kept in extensions.omnitron.fields",
            );
        }
        ext.insert("fields".into(), Kept::of(&body.other).unwrap_or_default());
    }
    if !shape.is_empty() {
        ext.insert(SHAPE.into(), Kept::from(Value::Object(shape)));
    }

    let mut core = CancelRequest {
        order: body.order.to_string().into(),
        id_space: Some(Vendor::Omnitron),
        scope,
        reason,
        initiator: Initiator::Unknown,
        requester: None,
        refund: (!refund.is_empty()).then_some(refund),
        idempotency_key: None,
        extensions: BTreeMap::new(),
    };
    if !ext.is_empty() {
        core.extensions.insert(Vendor::Omnitron, ext);
    }
    Ok(Translated::new(core, report))
}

/// The outbound reason id of one core reason.
struct ReasonPicker<'a> {
    dialect: &'a OmnitronDialect,
    ctx: &'a TranslateContext<'a>,
    reported_details: BTreeSet<String>,
}

impl ReasonPicker<'_> {
    fn pick(
        &mut self,
        reason: &CancelReason,
        source: &str,
        target: &str,
        report: &mut TranslationReport,
    ) -> Result<ReasonId, TranslateError> {
        if let Some(raw) = reason.origin_at(Vendor::Omnitron) {
            let id = super::fit_pk(target, raw)
                .ok()
                .and_then(ReasonId::new)
                .ok_or_else(|| TranslateError::IdDoesNotFit {
                    field: target.to_owned(),
                    target: Vendor::Omnitron,
                    expected: "an Akinon reason id (an integer from 1 to 2^63-1)".into(),
                    value: raw.to_owned(),
                })?;
            self.dialect
                .table
                .check_cancel(id)
                .map_err(|p| TranslateError::ChangesMeaning {
                    message: format!("{target}: {}", p.message(id)),
                })?;
            if reason.detail.is_some()
                && reason.detail != derived_detail(self.dialect, id)
                && self.reported_details.insert(source.to_owned())
            {
                report.dropped(
                    format!("{source}.detail"),
                    "Akinon takes a reason id per item and no reason text",
                );
            }
            return Ok(id);
        }
        if reason.detail.is_some() && self.reported_details.insert(source.to_owned()) {
            report.dropped(
                format!("{source}.detail"),
                "Akinon takes a reason id per item and no reason text",
            );
        }
        if reason.code != ReasonCode::Unspecified {
            if let Some(entry) = self.dialect.table.for_code(reason.code) {
                return Ok(entry.pk);
            }
        }
        if reason.code == ReasonCode::Unspecified {
            // The default is for a missing reason only: a reason given (`other` included)
            // is never replaced by it.
            if let Some(id) = self.dialect.policy.reason_id {
                report.defaulted(
                    target.to_owned(),
                    "vendor.omnitron.reason_id",
                    itoa::Buffer::new().format(id.get()).to_owned(),
                    "the source gives no reason",
                );
                return Ok(id);
            }
            if let Some(code) = self.ctx.policy.translate.default_reason {
                if let Some(entry) = self.dialect.table.for_code(code) {
                    report.defaulted(
                        target.to_owned(),
                        "translate.default_reason",
                        entry.pk.to_string(),
                        format!(
                            "the source gives no reason; `{code}` is reason {}",
                            entry.pk
                        ),
                    );
                    return Ok(entry.pk);
                }
            }
        }
        if reason.code != ReasonCode::Unspecified {
            // The source has a reason: what is missing is its Akinon id in the policy.
            return Err(TranslateError::NotInPolicy {
                field: target.to_owned(),
                target: Vendor::Omnitron,
                given: format!("reason `{}`", reason.code),
                key: format!(
                    "a vendor.omnitron.reasons entry with code = \"{}\"",
                    reason.code
                ),
            });
        }
        Err(TranslateError::MissingRequired {
            field: target.to_owned(),
            target: Vendor::Omnitron,
            supply: Supply::DefaultReason {
                key: "vendor.omnitron.reason_id".to_owned(),
                needs: Some("a matching vendor.omnitron.reasons entry".to_owned()),
            },
        })
    }
}

fn shape_is(ext: Option<&KeptMap>, field: &str, what: &str) -> bool {
    ext.and_then(|e| e.get(SHAPE))
        .and_then(|s| s.parse::<KeptMap>().ok())
        .and_then(|s| s.get(field).and_then(|v| v.as_str().map(|v| v == what)))
        == Some(true)
}

/// The per-item reasons kept for a whole-order cancel, when they are well formed.
fn kept_reasons(ext: Option<&KeptMap>) -> Option<BTreeMap<ItemPk, ReasonId>> {
    let map = ext?.get("reasons")?.parse::<Map<String, Value>>().ok()?;
    map.iter()
        .map(|(k, v)| Some((ItemPk::parse(k)?, ReasonId::new(v.as_u64()?)?)))
        .collect()
}

pub(crate) fn request_from_core(
    dialect: &OmnitronDialect,
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    let mut report = TranslationReport::new();
    let ids = Ids::new(&request.order, request.id_space, ctx);
    let order = ids.order_pk("order")?;
    let ext = request.extensions.get(&Vendor::Omnitron);
    let mut picker = ReasonPicker {
        dialect,
        ctx,
        reported_details: BTreeSet::new(),
    };

    let mut body = CancelOrderBody::whole_order(order);
    match &request.scope {
        CancelScope::WholeOrder => {
            if let Some(kept) = kept_reasons(ext) {
                let id = request
                    .reason
                    .origin_at(Vendor::Omnitron)
                    .map(|_| picker.pick(&request.reason, "reason", "reasons", &mut report))
                    .transpose()?;
                body.reasons = kept
                    .into_iter()
                    .map(|(pk, kept_id)| (pk, id.unwrap_or(kept_id)))
                    .collect();
            } else if let Some(looked_up) = ids.order() {
                for line in looked_up
                    .lines
                    .iter()
                    .filter(|l| l.quantities.cancelled < l.quantities.ordered)
                {
                    let text = line.id_at(Vendor::Omnitron);
                    let pk = ItemPk::parse(text).ok_or_else(|| TranslateError::IdDoesNotFit {
                        field: "reasons".into(),
                        target: Vendor::Omnitron,
                        expected: "an integer pk from 1 to 2^63-1 written in decimal".into(),
                        value: text.to_owned(),
                    })?;
                    let id =
                        picker.pick(&request.reason, "reason", &reasons_key(pk), &mut report)?;
                    body.reasons.insert(pk, id);
                }
            } else if request.reason.code != ReasonCode::Unspecified
                || request.reason.origin.is_some()
                || request.reason.detail.is_some()
            {
                report.dropped(
                    "reason",
                    "Akinon reasons are per item and a whole-order cancel without an order \
                     lookup names no items",
                );
            }
        }
        CancelScope::Lines { lines } => {
            if lines.is_empty() {
                return Err(TranslateError::invalid(
                    "scope.lines",
                    ErrorKind::Range,
                    "a line cancel needs at least one line",
                ));
            }
            body.is_all = if shape_is(ext, "is_all", ABSENT) {
                None
            } else {
                Some(false)
            };
            for (i, line) in lines.iter().enumerate() {
                let source = path::index("scope.lines", i);
                let pk = ids.item_pk(&line.line, &path::index("cancel_items", i))?;
                if body.reasons.contains_key(&pk) {
                    return Err(TranslateError::invalid(
                        format!("{source}.line"),
                        ErrorKind::Duplicate,
                        format!("Akinon item {pk} is named more than once"),
                    ));
                }
                check_quantity(&ids, line, &source, pk)?;
                for (field, present) in [
                    ("product", line.product.is_some()),
                    ("variant", line.variant.is_some()),
                ] {
                    if present {
                        report.dropped(
                            path::field(&source, field),
                            "Akinon names the item by pk only",
                        );
                    }
                }
                let (reason, reason_source) = match &line.reason {
                    Some(r) => (r, path::field(&source, "reason")),
                    None => (&request.reason, "reason".to_owned()),
                };
                let id = picker.pick(reason, &reason_source, &reasons_key(pk), &mut report)?;
                body.cancel_items.push(pk);
                body.reasons.insert(pk, id);
            }
            for (pk, id) in kept_reasons(ext).into_iter().flatten() {
                body.reasons.entry(pk).or_insert(id);
            }
        }
    }

    if let Some(initiator) = request.reason.initiator {
        report.dropped(
            "reason.initiator",
            format!("Akinon has no place for who gave the reason ({initiator})"),
        );
    }
    if request.initiator != Initiator::Unknown {
        report.dropped("initiator", "Akinon has no place for who asks");
    }
    if request.requester.is_some() {
        report.dropped("requester", "Akinon has no place for the requester");
    }
    if request.idempotency_key.is_some() {
        report.dropped("idempotency_key", "Akinon has no idempotency key");
    }
    for vendor in request
        .extensions
        .keys()
        .filter(|v| **v != Vendor::Omnitron)
    {
        report.dropped(
            format!("extensions.{vendor}"),
            format!("fields of {vendor} have no place at Akinon"),
        );
    }

    apply_refund(&ids, request.refund.as_ref(), ext, &mut body)?;

    if let Some(details) = ext
        .and_then(|e| e.get("return_details"))
        .and_then(|v| v.parse::<bool>().ok())
    {
        body.return_details = Some(details);
    }
    if let Some(fields) = ext
        .and_then(|e| e.get("fields"))
        .and_then(|f| f.parse::<KeptMap>().ok())
    {
        body.other = Extra(
            fields
                .into_iter()
                .filter(|(k, _)| !CancelOrderBody::FIELDS.contains(&k.as_str()))
                .collect(),
        );
    }

    let call = CancelOrderRequest::new(body);
    call.validate()?;
    Ok(Translated::new(call, report))
}

/// Akinon cancels whole items: a quantity must be all of the item.
fn check_quantity(
    ids: &Ids<'_>,
    line: &LineCancel,
    source: &str,
    pk: ItemPk,
) -> Result<(), TranslateError> {
    let Some(quantity) = line.quantity else {
        return Ok(());
    };
    let requested = quantity.get();
    match ids.line(&line.line) {
        Some(looked_up) if looked_up.quantities.open() == requested => Ok(()),
        Some(looked_up) => Err(TranslateError::ChangesMeaning {
            message: format!(
                "{source}.quantity: Akinon cancels whole order items; {requested} of the {} open \
                 unit(s) of item {pk} cannot be expressed",
                looked_up.quantities.open()
            ),
        }),
        // Without the order, even one unit may be part of an item of several: only the
        // order can tell that the cancel is not widened.
        None => Err(TranslateError::NeedsLookup {
            what: format!(
                "Akinon cancels whole order items; whether {requested} unit(s) are all of item {pk} \
                 needs the order"
            ),
        }),
    }
}

fn apply_refund(
    ids: &Ids<'_>,
    refund: Option<&RefundInstructions>,
    ext: Option<&KeptMap>,
    body: &mut CancelOrderBody,
) -> Result<(), TranslateError> {
    let empty = RefundInstructions::default();
    let refund = refund.unwrap_or(&empty);
    body.is_cargo_refund = if refund.cargo_refund {
        Some(true)
    } else if shape_is(ext, "is_cargo_refund", ABSENT) {
        None
    } else {
        Some(false)
    };
    body.forced_refund_amount = match &refund.forced_amount {
        Some(amount) => Some(Some(Amount::from_decimal(*amount.expose()).ok_or_else(
            || {
                TranslateError::invalid(
                    "refund.forced_amount",
                    ErrorKind::Range,
                    "a forced refund amount must not be negative",
                )
            },
        )?)),
        None if shape_is(ext, "forced_refund_amount", ABSENT) => None,
        None => Some(None),
    };
    body.refund_invoice_number = match &refund.invoice_number {
        Some(number) => Some(Some(number.clone())),
        None if shape_is(ext, "refund_invoice_number", NULL) => Some(None),
        None => None,
    };
    for (field, source, target) in [
        ("ibans", &refund.ibans, &mut body.ibans),
        ("holder_names", &refund.holder_names, &mut body.holder_names),
    ] {
        let mut map = BTreeMap::new();
        for (line, value) in source {
            map.insert(ids.item_pk(line, field)?, value.clone());
        }
        *target = if !map.is_empty() || shape_is(ext, field, EMPTY) {
            Some(map)
        } else {
            None
        };
    }
    Ok(())
}

/// `reasons.<pk>`, the report path of an item's reason id.
fn reasons_key(pk: ItemPk) -> String {
    path::field("reasons", itoa::Buffer::new().format(pk.get()))
}
