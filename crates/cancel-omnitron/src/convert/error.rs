//! Akinon error bodies to and from the core `CancelRejection`.
//!
//! The sentences Akinon is known to send ("Order already cancelled!", "Order cancellation
//! already in progress.", "Order can't be cancelled in this status.", DRF's "Not found.")
//! are used as they are; for the other refusals this crate writes a DRF-style message
//! under the field it concerns (`cancel_items`, `reasons`, `non_field_errors`) and reads
//! it back, so core → omnitron → core keeps the rejection where the sentence can say it.

use cancel_domain::{
    CancelRejection, LineRef, TranslateContext, TranslateError, Translated, TranslationReport,
    Vendor,
};

use crate::error::{ErrorBody, FieldErrors, Messages, SENSITIVE_FIELDS};

const NOT_FOUND: &str = "Not found.";
const ALREADY_CANCELLED: &str = "Order already cancelled!";
const IN_PROGRESS: &str = "Order cancellation already in progress.";
const BAD_STATUS: &str = "Order can't be cancelled in this status.";
const CAPTURED: &str = "Payment has already been captured.";
const INVOICED: &str = "Order is fully invoiced.";
const RETURN_OPEN: &str = "A return is in progress for this order.";
const MIXED: &str = "Cancel and return cannot be mixed in one order.";
const PARTIAL: &str = "Partial cancellation is not supported.";
const REASON_REQUIRED: &str = "A cancellation reason is required.";
const REASON_INVALID: &str = "Invalid cancellation reason.";
const REASON_DETAIL: &str = "The cancellation reason needs an explanation.";
const CONCURRENT: &str = "The order was modified concurrently; try again.";
const SHIPPED_PREFIX: &str = "Order items already shipped: ";
const PREPARING_PREFIX: &str = "Order items are being prepared: ";
const ITEM_PREFIX: &str = "Order item ";
const TOO_LONG_PREFIX: &str = "Ensure this field has no more than ";
const TOO_LONG_SUFFIX: &str = " characters.";
const MAX_MESSAGE: usize = 500;

const NFE: &str = "non_field_errors";
/// DRF's message for a value it cannot read.
const INVALID: &str = "Invalid input.";
const ITEMS: &str = "cancel_items";
const REASONS: &str = "reasons";

/// The HTTP status Akinon answers a refusal with: 404 for an unknown order, 406 for a
/// clash with another operation (a cancellation already in progress, a concurrent change),
/// 400 for everything else.
pub fn error_status(rejection: &CancelRejection) -> u16 {
    match rejection {
        CancelRejection::OrderNotFound | CancelRejection::NotOrderOwner => 404,
        CancelRejection::CancellationAlreadyRequested | CancelRejection::ConcurrentModification => {
            406
        }
        // Every other refusal, and a class added to the core after this crate.
        _ => 400,
    }
}

fn join(lines: &[LineRef]) -> String {
    lines
        .iter()
        .map(LineRef::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn split(list: &str) -> Vec<LineRef> {
    list.split(", ").map(LineRef::new).collect()
}

/// Reads one message back into a rejection, when it is one this crate knows.
fn recognize(message: &str) -> Option<CancelRejection> {
    let m = message.trim();
    let simple = match m {
        NOT_FOUND => Some(CancelRejection::OrderNotFound),
        ALREADY_CANCELLED => Some(CancelRejection::OrderAlreadyCancelled),
        IN_PROGRESS => Some(CancelRejection::CancellationAlreadyRequested),
        CAPTURED => Some(CancelRejection::PaymentAlreadyCaptured),
        INVOICED => Some(CancelRejection::FullyInvoiced),
        RETURN_OPEN => Some(CancelRejection::ReturnInProgress),
        MIXED => Some(CancelRejection::MixedCancelAndReturn),
        REASON_REQUIRED => Some(CancelRejection::MissingReason),
        REASON_INVALID => Some(CancelRejection::InvalidReason),
        REASON_DETAIL => Some(CancelRejection::ReasonDetailRequired),
        CONCURRENT => Some(CancelRejection::ConcurrentModification),
        PARTIAL => Some(CancelRejection::PartialCancelNotSupported {
            vendor: Vendor::Omnitron,
        }),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    // DRF's not-found wording in newer versions: "No Order matches the given query."
    if m.starts_with("No ") && m.ends_with(" matches the given query.") {
        return Some(CancelRejection::OrderNotFound);
    }
    if let Some(list) = m
        .strip_prefix(SHIPPED_PREFIX)
        .and_then(|r| r.strip_suffix('.'))
    {
        return Some(CancelRejection::ItemsAlreadyShipped { lines: split(list) });
    }
    if let Some(list) = m
        .strip_prefix(PREPARING_PREFIX)
        .and_then(|r| r.strip_suffix('.'))
    {
        return Some(CancelRejection::FulfillmentInProgress { lines: split(list) });
    }
    if let Some(max) = m
        .strip_prefix(TOO_LONG_PREFIX)
        .and_then(|r| r.strip_suffix(TOO_LONG_SUFFIX))
        .and_then(|n| n.parse().ok())
    {
        return Some(CancelRejection::ReasonTooLong { max });
    }
    let rest = m.strip_prefix(ITEM_PREFIX)?;
    if let Some(line) = rest.strip_suffix(" is not in this order.") {
        return Some(CancelRejection::UnknownOrderItem { line: line.into() });
    }
    if let Some(line) = rest.strip_suffix(" does not match the given product.") {
        return Some(CancelRejection::ItemReferenceMismatch { line: line.into() });
    }
    if let Some(line) = rest.strip_suffix(" is given more than once.") {
        return Some(CancelRejection::DuplicateOrderItem { line: line.into() });
    }
    if let Some(line) = rest.strip_suffix(" is already cancelled.") {
        return Some(CancelRejection::ItemAlreadyCancelled { line: line.into() });
    }
    let (line, tail) = rest.split_once(": ")?;
    if let Some(q) = tail
        .strip_prefix("quantity ")
        .and_then(|t| t.strip_suffix(" is not valid."))
        .and_then(|n| n.parse().ok())
    {
        return Some(CancelRejection::InvalidQuantity {
            line: line.into(),
            requested: q,
        });
    }
    let (requested, available) = tail
        .strip_suffix(" can be cancelled.")?
        .split_once(" requested but only ")?;
    Some(CancelRejection::QuantityExceedsCancellable {
        line: line.into(),
        requested: requested.parse().ok()?,
        available: available.parse().ok()?,
    })
}

fn key_path(key: &str) -> String {
    if key.is_empty() {
        "$".to_owned()
    } else {
        key.to_owned()
    }
}

/// Reads an Akinon error body into a core rejection (known sentences map to their
/// rejection, anything else is a `vendor_refusal` with the first message; bank-data
/// messages are withheld).
///
/// # Errors
///
/// None in practice; the signature matches the other translations.
pub fn error_to_core(
    body: &ErrorBody,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRejection>, TranslateError> {
    let mut report = TranslationReport::new();
    let messages: Vec<(&str, &str)> = body.messages().collect();
    let recognized = messages
        .iter()
        .enumerate()
        .find_map(|(i, (key, m))| recognize(m).map(|r| (i, *key, r)));
    let (used, rejection) = match recognized {
        Some((i, _, rejection)) => (Some(i), rejection),
        None => match messages.first() {
            Some((key, message)) => {
                let sensitive = SENSITIVE_FIELDS.contains(key);
                let mut text: String = if sensitive {
                    format!("Akinon refused the bank data given in `{key}` (message withheld)")
                } else {
                    (*message).to_owned()
                };
                if text.chars().count() > MAX_MESSAGE {
                    text = text.chars().take(MAX_MESSAGE).collect::<String>() + "…";
                    report.dropped(
                        key_path(key),
                        format!("the message is cut to {MAX_MESSAGE} characters"),
                    );
                }
                // A body with `detail` is an exception answer (its `code` names the
                // exception), never field errors.
                let has_detail = messages.iter().any(|(key, _)| *key == "detail");
                let rejection = if is_field(key) && !has_detail {
                    // DRF field errors: the request was malformed, whatever the order's
                    // state (OCC 200126, Kibo 5015), not a refusal of the cancel.
                    let mut fields: Vec<String> = Vec::new();
                    for (key, _) in messages.iter().filter(|(key, _)| is_field(key)) {
                        if !fields.iter().any(|f| f == key) {
                            fields.push((*key).to_owned());
                        }
                    }
                    CancelRejection::InvalidRequest {
                        fields,
                        message: Some(text),
                    }
                } else {
                    CancelRejection::VendorRefusal {
                        vendor: Vendor::Omnitron,
                        vendor_code: (!key.is_empty()).then(|| (*key).to_owned()),
                        message: text,
                    }
                };
                (Some(0), rejection)
            }
            None => {
                report.unmapped("$", "an error body with no message");
                (
                    None,
                    CancelRejection::VendorRefusal {
                        vendor: Vendor::Omnitron,
                        vendor_code: None,
                        message: "Akinon refused the cancel without a message".into(),
                    },
                )
            }
        },
    };
    let mut dropped_keys = std::collections::BTreeSet::new();
    for (i, (key, _)) in messages.iter().enumerate() {
        if Some(i) != used && dropped_keys.insert(*key) {
            report.dropped(
                key_path(key),
                "a rejection holds one message; this one is left out",
            );
        }
    }
    Ok(Translated::new(rejection, report))
}

/// Whether a DRF error key names a request field (not `detail` or `non_field_errors`).
fn is_field(key: &str) -> bool {
    !key.is_empty() && key != "detail" && key != NFE
}

/// A line id as Akinon would name it: the looked-up order's item pk when known.
fn item_name(line: &LineRef, ctx: &TranslateContext<'_>) -> String {
    let id_space = ctx.request.and_then(|r| r.id_space);
    ctx.order
        .and_then(|o| o.line(line.as_str(), id_space))
        .map_or_else(
            || line.to_string(),
            |l| l.id_at(Vendor::Omnitron).to_owned(),
        )
}

/// Writes a core rejection as the error body Akinon would send (status: [`error_status`]).
///
/// # Errors
///
/// None in practice; the signature matches the other translations.
pub fn error_from_core(
    rejection: &CancelRejection,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<ErrorBody>, TranslateError> {
    let mut report = TranslationReport::new();
    let items = |lines: &[LineRef]| {
        lines
            .iter()
            .map(|l| LineRef::new(item_name(l, ctx)))
            .collect::<Vec<_>>()
    };
    let item = |line: &LineRef| item_name(line, ctx);
    let fields = match rejection {
        CancelRejection::OrderNotFound => FieldErrors::with_detail(NOT_FOUND),
        CancelRejection::NotOrderOwner => {
            report.approximated(
                "code",
                "detail",
                rejection.code(),
                NOT_FOUND,
                "Akinon answers an order the token may not see as not found",
            );
            FieldErrors::with_detail(NOT_FOUND)
        }
        CancelRejection::OrderAlreadyCancelled => FieldErrors::one(NFE, ALREADY_CANCELLED),
        CancelRejection::CancellationAlreadyRequested => FieldErrors::one(NFE, IN_PROGRESS),
        CancelRejection::OrderNotPlaced
        | CancelRejection::OrderNotCancellable { .. }
        | CancelRejection::OrderOnHold { .. }
        | CancelRejection::CancellationRestricted
        | CancelRejection::UnknownVendorState { .. } => {
            report.approximated(
                "code",
                NFE,
                rejection.code(),
                BAD_STATUS,
                "Akinon says only that the order's status does not allow a cancel",
            );
            FieldErrors::one(NFE, BAD_STATUS)
        }
        CancelRejection::ItemsAlreadyShipped { lines } => {
            FieldErrors::one(ITEMS, format!("{SHIPPED_PREFIX}{}.", join(&items(lines))))
        }
        CancelRejection::FulfillmentInProgress { lines } => {
            FieldErrors::one(ITEMS, format!("{PREPARING_PREFIX}{}.", join(&items(lines))))
        }
        CancelRejection::PaymentAlreadyCaptured => FieldErrors::one(NFE, CAPTURED),
        CancelRejection::FullyInvoiced => FieldErrors::one(NFE, INVOICED),
        CancelRejection::ReturnInProgress => FieldErrors::one(NFE, RETURN_OPEN),
        CancelRejection::MixedCancelAndReturn => FieldErrors::one(NFE, MIXED),
        CancelRejection::InvalidRequest { fields, message } => {
            // DRF's field errors: each named field with the message, else one
            // non-field error.
            let message = message.as_deref().unwrap_or(INVALID);
            let mut errors = FieldErrors::default();
            for field in fields {
                errors
                    .0
                    .insert(field.clone(), Messages::List(vec![message.to_owned()]));
            }
            if errors.0.is_empty() {
                errors = FieldErrors::one(NFE, message);
            }
            errors
        }
        CancelRejection::UnknownOrderItem { line } => FieldErrors::one(
            ITEMS,
            format!("{ITEM_PREFIX}{} is not in this order.", item(line)),
        ),
        CancelRejection::ItemReferenceMismatch { line } => FieldErrors::one(
            ITEMS,
            format!(
                "{ITEM_PREFIX}{} does not match the given product.",
                item(line)
            ),
        ),
        CancelRejection::DuplicateOrderItem { line } => FieldErrors::one(
            ITEMS,
            format!("{ITEM_PREFIX}{} is given more than once.", item(line)),
        ),
        CancelRejection::InvalidQuantity { line, requested } => FieldErrors::one(
            ITEMS,
            format!(
                "{ITEM_PREFIX}{}: quantity {requested} is not valid.",
                item(line)
            ),
        ),
        CancelRejection::QuantityExceedsCancellable {
            line,
            requested,
            available,
        } => FieldErrors::one(
            ITEMS,
            format!(
                "{ITEM_PREFIX}{}: {requested} requested but only {available} can be cancelled.",
                item(line)
            ),
        ),
        CancelRejection::ItemAlreadyCancelled { line } => FieldErrors::one(
            ITEMS,
            format!("{ITEM_PREFIX}{} is already cancelled.", item(line)),
        ),
        CancelRejection::PartialCancelNotSupported { vendor } => {
            report.dropped(
                "vendor",
                format!("the Akinon message does not name the vendor ({vendor})"),
            );
            FieldErrors::one(NFE, PARTIAL)
        }
        CancelRejection::MissingReason => FieldErrors::one(REASONS, REASON_REQUIRED),
        CancelRejection::InvalidReason => FieldErrors::one(REASONS, REASON_INVALID),
        CancelRejection::ReasonDetailRequired => FieldErrors::one(REASONS, REASON_DETAIL),
        CancelRejection::ReasonTooLong { max } => {
            FieldErrors::one(REASONS, format!("{TOO_LONG_PREFIX}{max}{TOO_LONG_SUFFIX}"))
        }
        CancelRejection::ConcurrentModification => FieldErrors::one(NFE, CONCURRENT),
        CancelRejection::VendorRefusal {
            vendor,
            vendor_code,
            message,
        } => {
            let key = match (vendor, vendor_code) {
                (Vendor::Omnitron, Some(code)) if !code.is_empty() => code.clone(),
                (Vendor::Omnitron, _) => NFE.to_owned(),
                (other, code) => {
                    report.dropped(
                        "vendor",
                        format!("a refusal by {other} becomes an Akinon non-field error"),
                    );
                    if code.is_some() {
                        report.dropped("vendor_code", "Akinon errors carry no code");
                    }
                    NFE.to_owned()
                }
            };
            if key == "detail" {
                FieldErrors::with_detail(message.clone())
            } else {
                FieldErrors::one(key, message.clone())
            }
        }
        // A class added to the core after this crate: Akinon's generic status refusal.
        _ => {
            report.approximated(
                "code",
                NFE,
                rejection.code(),
                BAD_STATUS,
                "Akinon has no message for this refusal; its generic status refusal is sent",
            );
            FieldErrors::one(NFE, BAD_STATUS)
        }
    };
    Ok(Translated::new(ErrorBody::Fields(fields), report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_domain::{HoldReason, OrderPhase, Policy};

    fn all_rejections() -> Vec<CancelRejection> {
        let l = |s: &str| LineRef::new(s);
        vec![
            CancelRejection::OrderNotFound,
            CancelRejection::NotOrderOwner,
            CancelRejection::OrderNotPlaced,
            CancelRejection::OrderAlreadyCancelled,
            CancelRejection::CancellationAlreadyRequested,
            CancelRejection::OrderNotCancellable {
                phase: OrderPhase::Closed,
            },
            CancelRejection::OrderOnHold {
                reason: HoldReason::Merchant,
            },
            CancelRejection::CancellationRestricted,
            CancelRejection::ItemsAlreadyShipped {
                lines: vec![l("11"), l("12")],
            },
            CancelRejection::FulfillmentInProgress {
                lines: vec![l("13")],
            },
            CancelRejection::PaymentAlreadyCaptured,
            CancelRejection::FullyInvoiced,
            CancelRejection::ReturnInProgress,
            CancelRejection::MixedCancelAndReturn,
            CancelRejection::UnknownOrderItem { line: l("99") },
            CancelRejection::ItemReferenceMismatch { line: l("11") },
            CancelRejection::DuplicateOrderItem { line: l("11") },
            CancelRejection::InvalidQuantity {
                line: l("11"),
                requested: 0,
            },
            CancelRejection::QuantityExceedsCancellable {
                line: l("11"),
                requested: 3,
                available: 1,
            },
            CancelRejection::ItemAlreadyCancelled { line: l("11") },
            CancelRejection::PartialCancelNotSupported {
                vendor: Vendor::Occ,
            },
            CancelRejection::MissingReason,
            CancelRejection::InvalidReason,
            CancelRejection::ReasonDetailRequired,
            CancelRejection::ReasonTooLong { max: 255 },
            CancelRejection::UnknownVendorState {
                vendor: Vendor::Omnitron,
                value: "545".into(),
            },
            CancelRejection::ConcurrentModification,
            CancelRejection::InvalidRequest {
                fields: vec!["forced_refund_amount".into()],
                message: Some("Must be null.".into()),
            },
            CancelRejection::VendorRefusal {
                vendor: Vendor::Omnitron,
                vendor_code: Some("non_field_errors".into()),
                message: "Order is locked by another process.".into(),
            },
        ]
    }

    #[test]
    fn rejections_survive_a_trip_through_akinon_bodies_unless_reported() {
        let policy = Policy::default();
        let ctx = TranslateContext::new(&policy);
        for r in all_rejections() {
            let out = error_from_core(&r, &ctx).unwrap();
            let mut bytes = Vec::new();
            out.value.write(&mut bytes).unwrap();
            let back = error_to_core(&ErrorBody::parse(&bytes), &ctx).unwrap();
            if out.report.is_clean() {
                assert_eq!(back.value, r, "{}", String::from_utf8_lossy(&bytes));
            } else {
                assert_ne!(back.value, r, "a report entry means something was lost");
            }
            assert!(matches!(error_status(&r), 400 | 404 | 406));
        }
    }
}
