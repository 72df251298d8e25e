//! Semantic checks with wire paths, and the findings only strict validation reports.
//!
//! [`check_request`], [`check_response`] and [`check_error`] return a [`Findings`]: every
//! error, and for a body without errors what only strict validation reports.

use std::collections::BTreeSet;

use cancel_domain::wire::Findings;
use cancel_domain::{path, ErrorKind, PayloadError};

use crate::error::ErrorBody;
use crate::policy::ReasonTable;
use crate::wire::{
    CancelOrderBody, CancelOrderRequest, CancelResponse, Extra, ItemPk, OrderDetail, OrderStatus,
};

// `validator::Validate` for the request body (feature `validator`).
#[cfg(feature = "validator")]
cancel_domain::impl_validate!(
    #[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
    crate::wire::CancelOrderBody,
    crate::wire::CancelOrderBody::validate
);

/// Checks a cancel call: its path and body rules, then its reason ids against `table`
/// (an empty table accepts any id); a valid call gets its strict findings.
pub fn check_request(request: &CancelOrderRequest, table: &ReasonTable) -> Findings {
    if let Err(errors) = request.validate() {
        return Findings::new(errors.0, Vec::new());
    }
    let errors = table_errors(table, &request.body);
    if errors.is_empty() {
        Findings::new(errors, request.body.strict_findings())
    } else {
        Findings::new(errors, Vec::new())
    }
}

/// Checks a 200 answer: order items listed once; a valid answer gets its strict findings.
pub fn check_response(response: &CancelResponse) -> Findings {
    let errors = response_errors(response);
    if errors.is_empty() {
        Findings::new(errors, response_strict_findings(response))
    } else {
        Findings::new(errors, Vec::new())
    }
}

/// Checks an error body: it always reads; strict findings only.
pub fn check_error(body: &ErrorBody) -> Findings {
    Findings::new(Vec::new(), body.strict_findings())
}

/// Rules of the cancel body that span fields (no reason table).
pub(crate) fn body_errors(body: &CancelOrderBody) -> Vec<PayloadError> {
    let mut errors = Vec::new();
    if body.forced_refund_amount.is_none() {
        // The document: "must be sent" (null by default); Akinon refuses a body without it.
        errors.push(PayloadError::new(
            "forced_refund_amount",
            ErrorKind::Missing,
            "Akinon requires `forced_refund_amount` in every cancel body (send null for the default refund)",
        ));
    }
    let whole = body.is_whole_order();
    if whole && !body.cancel_items.is_empty() {
        errors.push(PayloadError::new(
            "cancel_items",
            ErrorKind::Rule,
            "must be an empty list when is_all is true",
        ));
    }
    if !whole && body.cancel_items.is_empty() {
        errors.push(PayloadError::new(
            "cancel_items",
            ErrorKind::Rule,
            "must name at least one order item when is_all is false or absent",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, pk) in body.cancel_items.iter().enumerate() {
        if !seen.insert(*pk) {
            errors.push(PayloadError::new(
                path::index("cancel_items", i),
                ErrorKind::Duplicate,
                format!("order item {pk} appears more than once"),
            ));
        }
    }
    if !whole {
        for pk in &seen {
            if !body.reasons.contains_key(pk) {
                errors.push(PayloadError::new(
                    format!("reasons.{pk}"),
                    ErrorKind::Missing,
                    format!("order item {pk} is cancelled without a reason"),
                ));
            }
        }
    }
    errors
}

/// Reason ids checked against the merchant's table: unknown, `refund`-type (a return
/// reason, which would mix cancel and return) or inactive reasons are `rule` errors.
pub(crate) fn table_errors(table: &ReasonTable, body: &CancelOrderBody) -> Vec<PayloadError> {
    body.reasons
        .iter()
        .filter_map(|(pk, id)| {
            table
                .check_cancel(*id)
                .err()
                .map(|p| PayloadError::new(format!("reasons.{pk}"), p.kind(), p.message(*id)))
        })
        .collect()
}

/// Strict-only findings of a valid body.
pub(crate) fn body_strict_findings(body: &CancelOrderBody) -> Vec<PayloadError> {
    let mut findings = unknown_fields("", &body.other);
    let cancelled: Option<BTreeSet<ItemPk>> =
        (!body.is_whole_order()).then(|| body.cancel_items.iter().copied().collect());
    let not_cancelled = |pk: &ItemPk| cancelled.as_ref().is_some_and(|c| !c.contains(pk));
    for pk in body.reasons.keys().filter(|pk| not_cancelled(pk)) {
        findings.push(PayloadError::new(
            format!("reasons.{pk}"),
            ErrorKind::Rule,
            format!("a reason for order item {pk}, which is not in cancel_items"),
        ));
    }
    let ibans = body.ibans.as_ref();
    let holders = body.holder_names.as_ref();
    for (field, map) in [("ibans", ibans), ("holder_names", holders)] {
        for pk in map.into_iter().flat_map(|m| m.keys()) {
            if not_cancelled(pk) {
                findings.push(PayloadError::new(
                    format!("{field}.{pk}"),
                    ErrorKind::Rule,
                    format!("bank data for order item {pk}, which is not in cancel_items"),
                ));
            }
        }
    }
    for (pk, iban) in ibans.into_iter().flatten() {
        if !iban_is_valid(iban.expose()) {
            findings.push(PayloadError::new(
                format!("ibans.{pk}"),
                ErrorKind::Rule,
                "not a valid IBAN (country code, check digits, up to 30 letters or digits, \
                 and a matching checksum)",
            ));
        }
        if !holders.is_some_and(|h| h.contains_key(pk)) {
            findings.push(PayloadError::new(
                format!("holder_names.{pk}"),
                ErrorKind::Missing,
                format!("the IBAN of order item {pk} has no holder name"),
            ));
        }
    }
    for pk in holders.into_iter().flat_map(|h| h.keys()) {
        if !ibans.is_some_and(|i| i.contains_key(pk)) {
            findings.push(PayloadError::new(
                format!("ibans.{pk}"),
                ErrorKind::Missing,
                format!("the holder name of order item {pk} has no IBAN"),
            ));
        }
    }
    findings
}

/// ISO 13616 shape and mod-97 check (spaces ignored). Never reports the value.
pub(crate) fn iban_is_valid(iban: &str) -> bool {
    let compact: Vec<u8> = iban.bytes().filter(|b| *b != b' ').collect();
    let (Some(head), Some(tail)) = (compact.get(..4), compact.get(4..)) else {
        return false;
    };
    let shape = compact.len() <= 34
        && head.iter().take(2).all(u8::is_ascii_uppercase)
        && head.iter().skip(2).all(u8::is_ascii_digit)
        && !tail.is_empty()
        && tail
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if !shape {
        return false;
    }
    let mut remainder: u32 = 0;
    for b in tail.iter().chain(head) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

fn unknown_fields(base: &str, other: &Extra) -> Vec<PayloadError> {
    other
        .0
        .keys()
        .map(|key| cancel_domain::wire::unknown_field(path::field(base, key)))
        .collect()
}

fn status_finding(at: String, status: Option<&OrderStatus>) -> Option<PayloadError> {
    let status = status?;
    status.known().is_none().then(|| {
        cancel_domain::wire::unknown_value(
            at,
            status.as_str(),
            &["the codes 50 to 600", "their names"],
        )
    })
}

/// Rules of an order detail that a parse cannot see.
pub(crate) fn response_errors(response: &CancelResponse) -> Vec<PayloadError> {
    let CancelResponse::Order(detail) = response else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, item) in detail.items().iter().enumerate() {
        if !seen.insert(item.pk) {
            errors.push(PayloadError::new(
                path::field(&path::index("orderitem_set", i), "pk"),
                ErrorKind::Duplicate,
                format!("order item {} appears more than once", item.pk),
            ));
        }
    }
    errors
}

/// Strict-only findings of a valid response.
pub(crate) fn response_strict_findings(response: &CancelResponse) -> Vec<PayloadError> {
    match response {
        CancelResponse::Clear(_) => Vec::new(),
        CancelResponse::Order(detail) => detail_strict_findings(detail),
    }
}

fn detail_strict_findings(detail: &OrderDetail) -> Vec<PayloadError> {
    let mut findings = unknown_fields("", &detail.other);
    findings.extend(status_finding("status".into(), detail.status.as_ref()));
    let currency_finding = |at: String| {
        PayloadError::new(
            at,
            ErrorKind::Rule,
            "Akinon writes currencies as three lower-case letters (\"try\")",
        )
    };
    if detail
        .currency
        .as_ref()
        .is_some_and(|c| !c.is_akinon_spelling())
    {
        findings.push(currency_finding("currency".into()));
    }
    for (i, item) in detail.items().iter().enumerate() {
        let base = path::index("orderitem_set", i);
        findings.extend(unknown_fields(&base, &item.other));
        findings.extend(status_finding(
            path::field(&base, "status"),
            item.status.as_ref(),
        ));
        if item
            .price_currency
            .as_ref()
            .is_some_and(|c| !c.is_akinon_spelling())
        {
            findings.push(currency_finding(path::field(&base, "price_currency")));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits() {
        assert!(iban_is_valid("TR330006100519786457841326"));
        assert!(iban_is_valid("TR33 0006 1005 1978 6457 8413 26"));
        assert!(iban_is_valid("GB82WEST12345698765432"));
        assert!(!iban_is_valid("TR330006100519786457841327"));
        assert!(!iban_is_valid("tr330006100519786457841326"));
        assert!(!iban_is_valid("TR33"));
        assert!(!iban_is_valid(""));
    }
}
