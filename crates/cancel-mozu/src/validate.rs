//! Semantic checks beyond the JSON types, with wire paths.
//!
//! Each check returns a [`Findings`]: every error found, and the findings that only strict
//! validation refuses (unknown fields, unknown enum values kept for round trips, vendor
//! quirks).

use cancel_domain::wire::Findings;
use cancel_domain::{ErrorKind, PayloadError, PayloadErrors};

use crate::error::ErrorBody;
use crate::wire::{CancelOrderRequest, CancelOrderResponse, DispositionReason, OrderItem};

/// Most characters `dispositionOtherReason` may have (the vendor's `maxLength`).
pub const OTHER_REASON_MAX_CHARS: usize = 255;

/// The length of `text` once the OMS has stored it: latin1 characters (U+0000–U+00FF)
/// count one, every other character becomes a decimal XHTML entity (`&#8364;`) and counts
/// that entity's length.
///
/// The vendor says the OMS stores latin1 only and turns other characters into XHTML
/// entities; which entity form it uses is not documented, so this takes the numeric one.
///
/// ```
/// assert_eq!(cancel_mozu::stored_length("café"), 4);
/// assert_eq!(cancel_mozu::stored_length("5 €"), 2 + "&#8364;".len());
/// ```
pub fn stored_length(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let code = u32::from(c);
            if code <= 0xFF {
                1
            } else {
                // "&#" + decimal digits + ";"
                3 + code.ilog10() as usize + 1
            }
        })
        .sum()
}

// `validator::Validate` for the request body (feature `validator`).
#[cfg(feature = "validator")]
cancel_domain::impl_validate!(
    #[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
    crate::wire::CancelOrderRequest,
    |body| check_request(body).into_result()
);

/// Checks a Cancel Order request.
///
/// Errors: an undocumented `dispositionReason` (`enum`); `dispositionOtherReason` absent
/// with reason `other` (`missing`) or present with another reason (`rule`); its length
/// outside 1..=255 characters (`range`); an `other` key repeating a modelled field
/// (`duplicate`). Strict findings: undocumented fields (`unknown_field`), an other-reason text
/// whose stored latin1 + entity form passes 255 (`range`), characters outside the Basic
/// Multilingual Plane such as emoji, which the vendor says usually cause errors (`rule`).
///
pub fn check_request(request: &CancelOrderRequest) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    let reason = &request.disposition_reason;
    if !reason.is_known() {
        errors.push(PayloadError::new(
            "dispositionReason",
            ErrorKind::Enum,
            format!(
                "{:?} is not a documented disposition reason (expected one of {})",
                reason.as_str(),
                DispositionReason::KNOWN.join(", ")
            ),
        ));
    }
    const TEXT: &str = "dispositionOtherReason";
    match (reason, &request.disposition_other_reason) {
        (DispositionReason::Other, None) => errors.push(PayloadError::new(
            TEXT,
            ErrorKind::Missing,
            "required when dispositionReason is `other`",
        )),
        (DispositionReason::CustomerChangedMind | DispositionReason::CreatedByMistake, Some(_)) => {
            errors.push(PayloadError::new(
                TEXT,
                ErrorKind::Rule,
                format!(
                    "only allowed when dispositionReason is `other`, not `{}`",
                    reason.as_str()
                ),
            ));
        }
        _ => {}
    }
    if let Some(text) = &request.disposition_other_reason {
        let chars = text.chars().count();
        if chars == 0 {
            errors.push(cancel_domain::wire::empty_string(TEXT));
        } else if chars > OTHER_REASON_MAX_CHARS {
            errors.push(PayloadError::new(
                TEXT,
                ErrorKind::Range,
                format!("must have 1 to 255 characters, has {chars}"),
            ));
        } else {
            let stored = stored_length(text);
            if stored > OTHER_REASON_MAX_CHARS {
                strict.push(PayloadError::new(
                    TEXT,
                    ErrorKind::Range,
                    format!(
                        "{chars} characters become {stored} once stored as latin1 with XHTML entities, over the 255 the server keeps"
                    ),
                ));
            }
            if text.chars().any(|c| u32::from(c) > 0xFFFF) {
                strict.push(PayloadError::new(
                    TEXT,
                    ErrorKind::Rule,
                    "contains characters outside the Basic Multilingual Plane (emoji...), which the vendor says usually cause errors",
                ));
            }
        }
    }
    for key in request.other.keys() {
        if CancelOrderRequest::FIELDS.contains(&key.as_str()) {
            errors.push(PayloadError::new(
                key.as_str(),
                ErrorKind::Duplicate,
                "repeats a modelled field",
            ));
        } else {
            strict.push(unknown_field(key, ""));
        }
    }
    Findings::new(errors, strict)
}

fn unknown_field(key: &str, base: &str) -> PayloadError {
    cancel_domain::wire::unknown_field(cancel_domain::path::field(base, key))
}

fn null_field(key: &str, base: &str) -> PayloadError {
    PayloadError::new(
        cancel_domain::path::field(base, key),
        ErrorKind::Type,
        "null where the vendor documents a value; kept verbatim",
    )
}

fn leftovers(
    other: &cancel_domain::wire::KeptMap,
    fields: &[&str],
    base: &str,
    strict: &mut Vec<PayloadError>,
) {
    for key in other.keys() {
        if fields.contains(&key.as_str()) {
            strict.push(null_field(key, base));
        } else {
            strict.push(unknown_field(key, base));
        }
    }
}

/// Checks a Cancel Order response (the Get Order shape).
///
/// Error: `orderID` absent (`missing`) or `null` (`type`). Strict findings: undocumented
/// fields (`unknown_field`), modelled fields sent as `null` (`type`), undocumented enum values
/// (`enum`), an `orderDate` that is not ISO 8601 with an offset (`rule`), an item whose
/// `orderID` names another order (`rule`).
///
pub fn check_response(response: &CancelOrderResponse) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    if response.order_id.is_none() {
        errors.push(if response.other.contains_key("orderID") {
            PayloadError::new("orderID", ErrorKind::Type, "must be an integer, not null")
        } else {
            PayloadError::new("orderID", ErrorKind::Missing, "missing field `orderID`")
        });
    }
    if let Some(v) = &response.order_type {
        if !v.is_known() {
            strict.push(cancel_domain::wire::unknown_value(
                "orderType",
                v.as_str(),
                crate::wire::OrderType::KNOWN,
            ));
        }
    }
    if let Some(v) = &response.delivery_method {
        if !v.is_known() {
            strict.push(cancel_domain::wire::unknown_value(
                "deliveryMethod",
                v.as_str(),
                crate::wire::DeliveryMethod::KNOWN,
            ));
        }
    }
    if let Some(v) = &response.order_state {
        if !v.is_known() {
            strict.push(cancel_domain::wire::unknown_value(
                "orderState",
                v.as_str(),
                crate::wire::OrderState::KNOWN,
            ));
        }
    }
    if let Some(v) = &response.order_status {
        if !v.is_known() {
            strict.push(cancel_domain::wire::unknown_value(
                "orderStatus",
                v.as_str(),
                crate::wire::OrderStatus::KNOWN,
            ));
        }
    }
    if let Some(date) = &response.order_date {
        if date.to_datetime().is_none() {
            strict.push(PayloadError::new(
                "orderDate",
                ErrorKind::Rule,
                "not an ISO 8601 date-time with an offset (RFC 3339)",
            ));
        }
    }
    for (i, item) in response.order_items.iter().flatten().enumerate() {
        check_item(
            item,
            &cancel_domain::path::index("orderItems", i),
            response,
            &mut strict,
        );
    }
    leftovers(
        &response.other,
        CancelOrderResponse::FIELDS,
        "",
        &mut strict,
    );
    Findings::new(errors, strict)
}

fn check_item(
    item: &OrderItem,
    base: &str,
    order: &CancelOrderResponse,
    strict: &mut Vec<PayloadError>,
) {
    if let Some(state) = &item.item_state {
        if !state.is_known() {
            strict.push(cancel_domain::wire::unknown_value(
                cancel_domain::path::field(base, "itemState"),
                state.as_str(),
                crate::wire::ItemState::KNOWN,
            ));
        }
    }
    if let (Some(item_order), Some(order_id)) = (item.order_id, order.order_id) {
        if item_order != order_id {
            strict.push(PayloadError::new(
                cancel_domain::path::field(base, "orderID"),
                ErrorKind::Rule,
                format!("names order {item_order}, not the response's order {order_id}"),
            ));
        }
    }
    leftovers(&item.other, OrderItem::FIELDS, base, strict);
}

/// Checks an error body. It always parses; strict findings: an undocumented status code
/// (`enum`), a `name` that is not the code's documented name (`rule`), undocumented fields
/// (`unknown_field`), a body that is other JSON or not JSON at all (`rule`).
pub fn check_error(body: &ErrorBody) -> Findings {
    let mut strict = Vec::new();
    match body {
        ErrorBody::Known(e) => {
            match e.code.name() {
                None => strict.push(PayloadError::new(
                    "code",
                    ErrorKind::Enum,
                    format!(
                        "{} is not a documented OMS status code (5000-5006, 5010-5017)",
                        e.code
                    ),
                )),
                Some(name) => {
                    if e.name.as_deref().is_some_and(|n| n != name) {
                        strict.push(PayloadError::new(
                            "name",
                            ErrorKind::Rule,
                            format!("is not {name}, the documented name of code {}", e.code),
                        ));
                    }
                }
            }
            for key in e.other.keys() {
                strict.push(unknown_field(key, ""));
            }
        }
        ErrorBody::Json(_) => strict.push(PayloadError::new(
            "$",
            ErrorKind::Rule,
            "JSON of an undocumented shape (no numeric `code`); kept verbatim",
        )),
        ErrorBody::Text(_) => strict.push(PayloadError::new(
            "$",
            ErrorKind::Rule,
            "not a JSON document (a gateway page or an empty body); kept verbatim",
        )),
    }
    Findings::new(Vec::new(), strict)
}

/// [`check_request`] as a `Result`: `Err` with the errors, else `Ok` with the strict findings.
///
/// # Errors
///
/// Every error found.
#[deprecated(note = "use `check_request(..).into_result()`")]
pub fn validate_request(request: &CancelOrderRequest) -> Result<Vec<PayloadError>, PayloadErrors> {
    check_request(request).into_result()
}

/// [`check_response`] as a `Result`: `Err` with the errors, else `Ok` with the strict findings.
///
/// # Errors
///
/// Every error found.
#[deprecated(note = "use `check_response(..).into_result()`")]
pub fn validate_response(
    response: &CancelOrderResponse,
) -> Result<Vec<PayloadError>, PayloadErrors> {
    check_response(response).into_result()
}

/// The strict findings of [`check_error`] (an error body has no errors).
#[deprecated(note = "use `check_error(..).strict`")]
pub fn validate_error(body: &ErrorBody) -> Vec<PayloadError> {
    check_error(body).strict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_length_counts_entities() {
        assert_eq!(stored_length(""), 0);
        assert_eq!(stored_length("ÿ"), 1);
        assert_eq!(stored_length("Ā"), "&#256;".len());
        assert_eq!(stored_length("😀"), "&#128512;".len());
    }
}
