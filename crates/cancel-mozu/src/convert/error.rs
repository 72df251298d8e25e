//! OMS error bodies to and from core rejections.

use cancel_domain::{
    CancelRejection, TranslateContext, TranslateError, Translated, TranslationReport, Vendor,
};

use crate::error::{ErrorBody, OmsError, StatusCode};

/// The status code a rejection is sent with, and whether the code means exactly that
/// (otherwise it is the nearest generic code and the message says what happened).
///
/// State refusals become `5003 GENERIC_BAD_REQUEST` (the vendor's `5005 GENERIC_NOT_ALLOWED`
/// is documented as "method not allowed"); bad request data `5015 INVALID_REQUEST_DATA`;
/// absent data `5011 MISSING_REQUEST_DATA`; a concurrent change `5001 GENERIC_UNAVAILABLE`
/// (retry later).
fn classify(rejection: &CancelRejection) -> (StatusCode, bool) {
    match rejection {
        CancelRejection::OrderNotFound => (StatusCode::GENERIC_NOT_FOUND, true),
        CancelRejection::NotOrderOwner => (StatusCode::GENERIC_NOT_AUTHORIZED, false),
        CancelRejection::OrderNotPlaced
        | CancelRejection::OrderAlreadyCancelled
        | CancelRejection::CancellationAlreadyRequested
        | CancelRejection::OrderNotCancellable { .. }
        | CancelRejection::OrderOnHold { .. }
        | CancelRejection::CancellationRestricted
        | CancelRejection::ItemsAlreadyShipped { .. }
        | CancelRejection::FulfillmentInProgress { .. }
        | CancelRejection::PaymentAlreadyCaptured
        | CancelRejection::FullyInvoiced
        | CancelRejection::ReturnInProgress
        | CancelRejection::ItemAlreadyCancelled { .. }
        | CancelRejection::UnknownVendorState { .. } => (StatusCode::GENERIC_BAD_REQUEST, false),
        CancelRejection::MixedCancelAndReturn
        | CancelRejection::UnknownOrderItem { .. }
        | CancelRejection::ItemReferenceMismatch { .. }
        | CancelRejection::DuplicateOrderItem { .. }
        | CancelRejection::InvalidQuantity { .. }
        | CancelRejection::QuantityExceedsCancellable { .. }
        | CancelRejection::PartialCancelNotSupported { .. }
        | CancelRejection::InvalidReason
        | CancelRejection::ReasonTooLong { .. } => (StatusCode::INVALID_REQUEST_DATA, false),
        CancelRejection::InvalidRequest { .. } => (StatusCode::INVALID_REQUEST_DATA, true),
        CancelRejection::MissingReason | CancelRejection::ReasonDetailRequired => {
            (StatusCode::MISSING_REQUEST_DATA, false)
        }
        CancelRejection::ConcurrentModification => (StatusCode::GENERIC_UNAVAILABLE, false),
        CancelRejection::VendorRefusal {
            vendor,
            vendor_code,
            ..
        } => match (vendor, vendor_code.as_deref().map(str::parse::<u64>)) {
            (Vendor::Mozu, Some(Ok(code))) => (StatusCode::new(code), true),
            _ => (StatusCode::GENERIC_BAD_REQUEST, false),
        },
        // A class added to the core after this crate: the generic refusal, approximated.
        _ => (StatusCode::GENERIC_BAD_REQUEST, true),
    }
}

/// The HTTP status Kibo answers a rejection with (the status paired with its OMS code).
pub(crate) fn status(rejection: &CancelRejection) -> u16 {
    classify(rejection).0.http_status()
}

/// Core rejection → OMS error body.
pub(crate) fn from_core(
    rejection: &CancelRejection,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<ErrorBody>, TranslateError> {
    let mut report = TranslationReport::new();
    let (code, exact) = classify(rejection);
    let message = match rejection {
        CancelRejection::VendorRefusal {
            vendor,
            message,
            vendor_code,
            ..
        } => {
            if *vendor == Vendor::Mozu {
                if !exact && vendor_code.is_some() {
                    report.dropped("vendor_code", "not a numeric OMS status code");
                }
                message.clone()
            } else {
                if vendor_code.is_some() {
                    report.dropped(
                        "vendor_code",
                        format!("a {vendor} code has no Kibo equivalent"),
                    );
                }
                rejection.to_string()
            }
        }
        CancelRejection::InvalidRequest {
            message: Some(message),
            ..
        } => message.clone(),
        _ => rejection.to_string(),
    };
    if !exact {
        report.approximated(
            "code",
            "code",
            rejection.code(),
            code.to_string(),
            format!(
                "Kibo has no status code of this meaning; {} is the nearest and the message says what happened",
                code.name().unwrap_or("the code")
            ),
        );
    }
    let mut error = OmsError::new(code, message);
    // A refusal read from a body without a message carries the status name as its message.
    if error.message.as_deref() == code.name() {
        error.message = None;
    }
    Ok(Translated::new(ErrorBody::Known(error), report))
}

/// OMS error body → core rejection.
///
/// `5002 GENERIC_NOT_FOUND` → `order_not_found`; every other code → `vendor_refusal` with
/// the code and message (the codes speak of requests, tokens and servers, not of orders);
/// other JSON and text → `vendor_refusal` without a code.
pub(crate) fn to_core(
    body: &ErrorBody,
    _ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRejection>, TranslateError> {
    let mut report = TranslationReport::new();
    let rejection = match body {
        ErrorBody::Known(error) => {
            let documented = error.code.name();
            if error.name.is_some() && error.name.as_deref() != documented {
                report.dropped(
                    "name",
                    "differs from the code's documented name; the code is kept",
                );
            }
            for key in error.other.keys() {
                report.dropped(key.clone(), "no place in a core rejection");
            }
            if error.code == StatusCode::GENERIC_NOT_FOUND {
                if error.message.is_some() {
                    report.dropped("message", "order_not_found carries no text");
                }
                CancelRejection::OrderNotFound
            } else {
                let message = error
                    .message
                    .clone()
                    .or_else(|| documented.map(str::to_owned))
                    .or_else(|| error.name.clone())
                    .unwrap_or_else(|| format!("OMS status {}", error.code));
                CancelRejection::VendorRefusal {
                    vendor: Vendor::Mozu,
                    vendor_code: Some(error.code.to_string()),
                    message,
                }
            }
        }
        ErrorBody::Json(_) => {
            report.dropped(
                "$",
                "an error body of an undocumented shape; only its arrival is kept",
            );
            CancelRejection::VendorRefusal {
                vendor: Vendor::Mozu,
                vendor_code: None,
                message: "Kibo answered with an error body of an undocumented shape".to_owned(),
            }
        }
        ErrorBody::Text(text) => CancelRejection::VendorRefusal {
            vendor: Vendor::Mozu,
            vendor_code: None,
            message: text.clone(),
        },
    };
    Ok(Translated::new(rejection, report))
}
