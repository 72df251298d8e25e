//! Semantic checks of parsed bodies, with wire paths.
//!
//! Each check returns a [`Findings`]: every problem that makes the body invalid, and the
//! findings only strict validation reports (unknown keys, undocumented enum values kept for
//! round trips).

use cancel_domain::wire::Findings;
use cancel_domain::{path, ErrorKind, PayloadError};

use crate::error::ErrorModel;
use crate::wire::{
    finding, AgentOp, AgentOrderOp, Amount, CancelOrderRequest, CancelOrderResponse, EpochMillis,
    ReasonBook, ReasonCheck, Walk,
};

// `validator::Validate` for the request body (feature `validator`).
#[cfg(feature = "validator")]
cancel_domain::impl_validate!(
    #[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
    crate::wire::CancelOrderRequest,
    |body| check_request(body, &crate::wire::ReasonBook::default()).into_result()
);

/// Checks a `cancelOrder_request` against a reason book.
///
/// Errors: empty `orderId` (`range`); empty `cancelReason` (`range`); a reason the book does
/// not list (`enum`, also for a listed id in the wrong letter case such as `ChangeOfMind`);
/// an inactive listed reason (`rule`, OCC 200219). Strict: keys other than the two.
pub fn check_request(request: &CancelOrderRequest, book: &ReasonBook) -> Findings {
    let mut errors = Vec::new();
    if request.order_id.trim().is_empty() {
        errors.push(cancel_domain::wire::empty_string("orderId"));
    }
    check_reason(
        request.cancel_reason.as_str(),
        "cancelReason",
        book,
        &mut errors,
    );
    // (OCC answers 200126 to unknown keys.)
    let strict = request
        .other
        .keys()
        .map(|k| cancel_domain::wire::unknown_field(k.as_str()))
        .collect();
    Findings::new(errors, strict)
}

fn check_reason(raw: &str, at: &str, book: &ReasonBook, errors: &mut Vec<PayloadError>) {
    if raw.is_empty() {
        errors.push(cancel_domain::wire::empty_string(at));
        return;
    }
    let list = if book.is_merchant() {
        "the merchant's reason list"
    } else {
        "the documented default reasons"
    };
    match book.check(raw) {
        ReasonCheck::Active(_) => {}
        ReasonCheck::Inactive(_) => errors.push(finding(
            at,
            ErrorKind::Rule,
            format!("{raw:?} is an inactive reason (OCC 200219)"),
        )),
        ReasonCheck::WrongCase(e) => errors.push(finding(
            at,
            ErrorKind::Enum,
            format!(
                "{raw:?} is not in {list}; reason ids are case-sensitive (did you mean {:?}?)",
                e.id
            ),
        )),
        ReasonCheck::Unknown => {
            let known: Vec<&str> = book
                .entries()
                .iter()
                .filter(|e| e.is_active())
                .take(12)
                .map(|e| e.id.as_str())
                .collect();
            errors.push(finding(
                at,
                ErrorKind::Enum,
                format!("{raw:?} is not in {list} ({})", known.join(", ")),
            ));
        }
    }
}

/// Checks the agent's `{ op, cancelReason }` body: a `cancel` needs a reason the book accepts.
pub fn check_agent_op(op: &AgentOrderOp, book: &ReasonBook) -> Findings {
    let mut errors = Vec::new();
    let mut strict = Vec::new();
    op.op.walk("op", &mut strict);
    match (&op.op, &op.cancel_reason) {
        (AgentOp::Cancel, None) => errors.push(finding(
            "cancelReason",
            ErrorKind::Missing,
            "op \"cancel\" needs a cancelReason",
        )),
        (AgentOp::Cancel, Some(reason)) => {
            check_reason(reason.as_str(), "cancelReason", book, &mut errors);
        }
        _ => {}
    }
    strict.extend(
        op.other
            .keys()
            .map(|k| cancel_domain::wire::unknown_field(k.as_str())),
    );
    Findings::new(errors, strict)
}

fn check_millis(value: Option<&EpochMillis<'_>>, at: &str, errors: &mut Vec<PayloadError>) {
    if let Some(v) = value {
        if v.epoch_millis().is_none() {
            errors.push(finding(
                at,
                ErrorKind::Range,
                "must be whole epoch milliseconds (digits, in a string or a number)",
            ));
        }
    }
}

fn check_iso(value: Option<&crate::wire::Str<'_>>, at: &str, strict: &mut Vec<PayloadError>) {
    if let Some(v) = value {
        if chrono::DateTime::parse_from_rfc3339(v.as_str()).is_err() {
            strict.push(finding(
                at,
                ErrorKind::Rule,
                "not an ISO 8601 date-time with offset (kept as it came)",
            ));
        }
    }
}

/// Checks a `cancelOrder_response`.
///
/// Errors: `creationTime` / `lastModifiedTime` that are not whole epoch milliseconds,
/// amounts sent as strings that are not decimals (`range`). Strict: unknown keys anywhere in
/// the order, undocumented states, dates that are not ISO 8601 (only looked for in a
/// response without errors).
pub fn check_response(response: &CancelOrderResponse<'_>) -> Findings {
    let errors = check_response_errors(response);
    if !errors.is_empty() {
        return Findings::new(errors, Vec::new());
    }
    let mut strict = Vec::new();
    if let Some(order) = &response.order {
        check_iso(
            order.submitted_date.as_ref(),
            "order.submittedDate",
            &mut strict,
        );
    }
    response.walk("", &mut strict);
    Findings::new(errors, strict)
}

/// The checks of [`check_response`] that make a body invalid, without the strict-only walk
/// (which builds a path for every key); paths are built only for findings.
pub(crate) fn check_response_errors(response: &CancelOrderResponse<'_>) -> Vec<PayloadError> {
    let mut errors = Vec::new();
    if let Some(order) = &response.order {
        check_millis(
            order.creation_time.as_ref(),
            "order.creationTime",
            &mut errors,
        );
        check_millis(
            order.last_modified_time.as_ref(),
            "order.lastModifiedTime",
            &mut errors,
        );
        for (i, p) in order.payments.iter().flatten().enumerate() {
            for (name, v) in [
                ("amount", &p.amount),
                ("amountAuthorized", &p.amount_authorized),
            ] {
                if bad_amount(v.as_ref()) {
                    let at = path::field(&path::index("order.payments", i), name);
                    errors.push(finding(&at, ErrorKind::Range, "must be a decimal amount"));
                }
            }
        }
        if let Some(pi) = &order.price_info {
            for (name, v) in [
                ("amount", &pi.amount),
                ("total", &pi.total),
                ("shipping", &pi.shipping),
                ("tax", &pi.tax),
                ("subTotal", &pi.sub_total),
                ("totalWithoutTax", &pi.total_without_tax),
            ] {
                if bad_amount(v.as_ref()) {
                    let at = path::field("order.priceInfo", name);
                    errors.push(finding(&at, ErrorKind::Range, "must be a decimal amount"));
                }
            }
        }
    }
    errors
}

/// An amount sent as a string that is not a decimal (JSON numbers are always fine).
fn bad_amount(value: Option<&Amount<'_>>) -> bool {
    matches!(value, Some(v @ crate::wire::NumberOrString::Text(_)) if v.to_decimal().is_none())
}

/// Checks an `errorModel`.
///
/// Errors: no `message` (`missing`); no `errorCode` and no `errors` (`missing`); a `status`
/// that is not an HTTP status between 100 and 599 (`range`); the same for each of `errors[]`.
/// Strict: unknown keys, undocumented codes are *not* flagged (OCC has thousands).
pub fn check_error(model: &ErrorModel<'_>) -> Findings {
    let mut errors = Vec::new();
    check_error_at(model, "", true, &mut errors);
    for (i, e) in model.errors.iter().flatten().enumerate() {
        check_error_at(e, &path::index("errors", i), false, &mut errors);
    }
    let mut strict = Vec::new();
    model.walk("", &mut strict);
    strict.retain(|f| f.kind != ErrorKind::Enum);
    Findings::new(errors, strict)
}

fn check_error_at(model: &ErrorModel<'_>, base: &str, top: bool, errors: &mut Vec<PayloadError>) {
    if model.message.is_none() {
        errors.push(finding(
            &path::field(base, "message"),
            ErrorKind::Missing,
            "an errorModel has a message",
        ));
    }
    if model.error_code.is_none() && !(top && model.errors.is_some()) {
        errors.push(finding(
            &path::field(base, "errorCode"),
            ErrorKind::Missing,
            "an errorModel has an errorCode (or, at the top, an errors list)",
        ));
    }
    if let Some(code) = &model.error_code {
        if code.as_str().is_empty() || !code.as_str().bytes().all(|b| b.is_ascii_digit()) {
            errors.push(finding(
                &path::field(base, "errorCode"),
                ErrorKind::Range,
                "an OCC error code is a string of digits",
            ));
        }
    }
    if let Some(status) = &model.status {
        let ok = status.as_str().len() == 3
            && status
                .as_str()
                .parse::<u16>()
                .is_ok_and(|s| (100..=599).contains(&s));
        if !ok {
            errors.push(finding(
                &path::field(base, "status"),
                ErrorKind::Range,
                "status is the HTTP status as a string, \"100\" to \"599\"",
            ));
        }
    }
}
