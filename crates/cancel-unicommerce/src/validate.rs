//! Semantic checks on parsed bodies, with wire paths.
//!
//! Each check returns `Ok(findings)` where `findings` are what only strict validation
//! refuses (unknown fields, the table spelling `orderID`, the vendor's "SUCCESS with a
//! failed item" quirk, a failed item without `orderItemId` outside a `FAILED` answer), or
//! `Err` with every error found.

use std::collections::BTreeMap;

use cancel_domain::json::{self, Limits};
use cancel_domain::wire::Findings;
use cancel_domain::{path, ErrorKind, PayloadError, PayloadErrors};
use serde::de::DeserializeOwned;

use crate::wire::{CancelStatus, OrderCancelRequest, OrderCancelResponse, OrderIdKey, Other};

/// Reads `bytes` as `T` (strict JSON: duplicate keys, depth and size limits; the path of
/// a missing field points at the field itself, `orderItems[0].quantity`).
pub(crate) fn read<T: DeserializeOwned>(bytes: &[u8], limits: &Limits) -> Result<T, PayloadErrors> {
    json::parse(bytes, limits)
}

/// [`read`] for a request, whose visitors check their own keys (one pass over the bytes).
pub(crate) fn read_request(
    bytes: &[u8],
    limits: &Limits,
) -> Result<OrderCancelRequest, PayloadErrors> {
    json::parse_strict(bytes, limits)
}

fn unknown_fields(base: &str, other: &Other, strict: &mut Vec<PayloadError>) {
    for name in other.keys() {
        strict.push(cancel_domain::wire::unknown_field(path::field(base, name)));
    }
}

fn non_empty(value: &str, at: impl FnOnce() -> String, errors: &mut Vec<PayloadError>) {
    if value.is_empty() {
        errors.push(cancel_domain::wire::empty_string(at()));
    }
}

fn duplicate_check<'a>(
    seen: &mut BTreeMap<&'a str, usize>,
    id: &'a str,
    i: usize,
    base: impl FnOnce() -> String,
    errors: &mut Vec<PayloadError>,
) {
    match seen.entry(id) {
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(i);
        }
        std::collections::btree_map::Entry::Occupied(first) => errors.push(PayloadError::new(
            path::field(&base(), "orderItemId"),
            ErrorKind::Duplicate,
            format!(
                "order item {id:?} is already listed at orderItems[{}]",
                first.get()
            ),
        )),
    }
}

// `validator::Validate` for the request body (feature `validator`).
#[cfg(feature = "validator")]
cancel_domain::impl_validate!(
    #[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
    crate::wire::OrderCancelRequest,
    |body| check_request(body).into_result()
);

/// Checks a cancel request: non-empty ids, at least one item, `orderItemId` unique. Every
/// violation has its wire path (`orderItems[1].orderItemId`: `duplicate`).
pub fn check_request(request: &OrderCancelRequest) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    let order_key = request.order_id_key.as_str();
    non_empty(&request.order_id, || order_key.to_owned(), &mut errors);
    if request.order_id_key == OrderIdKey::Table {
        strict.push(PayloadError::new(
            order_key,
            ErrorKind::Rule,
            "`orderID` is the spelling of the vendor's parameter table; the payload example and this crate write `orderId`",
        ));
    }
    if request.order_items.is_empty() {
        errors.push(PayloadError::new(
            "orderItems",
            ErrorKind::Range,
            "at least one order item is required",
        ));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, item) in request.order_items.iter().enumerate() {
        // The item's path is only built for a finding (this runs for every request).
        let base = || path::index("orderItems", i);
        let id = &item.order_item_id;
        non_empty(id, || path::field(&base(), "orderItemId"), &mut errors);
        non_empty(
            &item.product_id,
            || path::field(&base(), "productId"),
            &mut errors,
        );
        non_empty(
            &item.variant_id,
            || path::field(&base(), "variantId"),
            &mut errors,
        );
        duplicate_check(&mut seen, id, i, base, &mut errors);
        if !item.other.is_empty() {
            unknown_fields(&base(), &item.other, &mut strict);
        }
    }
    unknown_fields("", &request.other, &mut strict);
    Findings::new(errors, strict)
}

fn response_rules(
    response: &OrderCancelResponse,
    errors: &mut Vec<PayloadError>,
    strict: &mut Vec<PayloadError>,
) {
    if !response.status.is_known() {
        errors.push(PayloadError::new(
            "status",
            ErrorKind::Enum,
            format!(
                "{:?} is not one of SUCCESS, FAILED, PARTIAL_SUCCESS (values are case-sensitive)",
                response.status.as_str()
            ),
        ));
    }
    let items = response.failed_items();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let failed = response.status == CancelStatus::Failed;
    for (i, item) in items.iter().enumerate() {
        let base = path::index("orderItems", i);
        match &item.order_item_id {
            Some(id) => {
                non_empty(
                    id,
                    || path::field(&base, "orderItemId"),
                    errors,
                );
                duplicate_check(&mut seen, id, i, || base.clone(), errors);
            }
            // The vendor's table marks `orderItemId` optional. Under FAILED every requested
            // item failed, so a nameless entry loses nothing; otherwise it hides which one.
            None if failed => {}
            None => strict.push(PayloadError::new(
                path::field(&base, "orderItemId"),
                ErrorKind::Missing,
                format!(
                    "the marketplace could not name which item failed (no orderItemId; optional in the vendor's table); under {} the answer cannot say which requested items were cancelled",
                    response.status
                ),
            )),
        }
        unknown_fields(&base, &item.other, strict);
    }
    match (&response.status, items.len()) {
        (CancelStatus::Success, n) if n > 0 => strict.push(PayloadError::new(
            "status",
            ErrorKind::Rule,
            format!(
                "SUCCESS while {n} item(s) are listed as not cancelled (the vendor's own example does this); the listed items count as not cancelled"
            ),
        )),
        (CancelStatus::PartialSuccess, 0) => strict.push(PayloadError::new(
            "status",
            ErrorKind::Rule,
            "PARTIAL_SUCCESS lists no item that was not cancelled",
        )),
        _ => {}
    }
    unknown_fields("", &response.other, strict);
}

/// Checks a cancel response: a documented `status`, non-empty and unique `orderItemId`s.
///
/// An item without `orderItemId` is valid (the vendor's table marks it optional); outside
/// a `FAILED` answer it is a strict finding (`missing` at `orderItems[N].orderItemId`).
///
/// Every violation has its wire path (`status`: `enum` for `"success"`).
pub fn check_response(response: &OrderCancelResponse) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    response_rules(response, &mut errors, &mut strict);
    Findings::new(errors, strict)
}

/// Checks an error (refusal) body: a cancel response whose `status` is `FAILED`. Errors:
/// every violation of [`check_response`], and `enum` at `status` for `SUCCESS` or
/// `PARTIAL_SUCCESS`.
pub fn check_error(response: &OrderCancelResponse) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    response_rules(response, &mut errors, &mut strict);
    if response.status.is_known() && response.status != CancelStatus::Failed {
        errors.push(PayloadError::new(
            "status",
            ErrorKind::Enum,
            format!("an error body answers FAILED, not {}", response.status),
        ));
    }
    Findings::new(errors, strict)
}

/// [`check_request`] as a `Result`: `Err` with the errors, else `Ok` with the strict findings.
///
/// # Errors
///
/// Every violation.
#[deprecated(note = "use `check_request(..).into_result()`")]
pub fn validate_request(request: &OrderCancelRequest) -> Result<Vec<PayloadError>, PayloadErrors> {
    check_request(request).into_result()
}

/// [`check_response`] as a `Result`: `Err` with the errors, else `Ok` with the strict findings.
///
/// # Errors
///
/// Every violation.
#[deprecated(note = "use `check_response(..).into_result()`")]
pub fn validate_response(
    response: &OrderCancelResponse,
) -> Result<Vec<PayloadError>, PayloadErrors> {
    check_response(response).into_result()
}

/// [`check_error`] as a `Result`: `Err` with the errors, else `Ok` with the strict findings.
///
/// # Errors
///
/// Every violation.
#[deprecated(note = "use `check_error(..).into_result()`")]
pub fn validate_error(response: &OrderCancelResponse) -> Result<Vec<PayloadError>, PayloadErrors> {
    check_error(response).into_result()
}
