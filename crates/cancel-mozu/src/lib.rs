//! Kibo (formerly Mozu) Order Management, **translated API**, Cancel Order — exact to the
//! wire, translated to and from the cancel-kit core.
//!
//! `POST https://{tenantId}-translation.mozu.com/api/v2/order/action/cancel` (sandbox
//! `https://{tenantId}-translation.sandbox.mozu.com/…`), header `x-vol-tenant`, cancels a
//! **whole** order: `{"orderId": 1010101, "dispositionReason": "other",
//! "dispositionOtherReason": "Customer changed mind"}`. The answer has the Get Order shape;
//! errors carry the generic OMS status codes 5000–5017.
//!
//! - the [`wire`] types [`CancelOrderRequest`], [`CancelOrderResponse`] and their values,
//!   and the [`error`] body [`ErrorBody`] that never fails to parse;
//! - [`parse_request`], [`parse_response`], [`parse_error`]: strict JSON + validation, with
//!   wire paths; [`check_request`] and friends also return the strict-only findings;
//! - `*_to_core` / `*_from_core`: translations with a [`TranslationReport`](cancel_domain::TranslationReport);
//! - [`CancelOrderCall`]: the HTTP envelope (method, URL, headers, body) for any client or
//!   [`HttpTransport`](cancel_domain::HttpTransport);
//! - [`MozuDialect`]: all of it behind [`cancel_domain::Dialect`];
//! - [`MozuClient`]: a [`CancelGateway`](cancel_domain::CancelGateway) that cancels at Kibo
//!   through any [`HttpTransport`](cancel_domain::HttpTransport).
//!
//! ```
//! use cancel_domain::{json::Limits, Policy, ReasonCode, TranslateContext};
//!
//! let body = br#"{"orderID":1010101,"dispositionReason":"customer_changed_mind"}"#;
//! let request = cancel_mozu::parse_request(body, &Limits::DEFAULT).unwrap();
//!
//! let policy = Policy::default();
//! let ctx = TranslateContext::new(&policy);
//! let core = cancel_mozu::request_to_core(&request, &ctx).unwrap();
//! assert_eq!(core.value.order.as_str(), "1010101");
//! assert_eq!(core.value.reason.code, ReasonCode::ChangedMind);
//!
//! // Back to Kibo: the same body, the vendor-docs spelling `orderID` included.
//! let back = cancel_mozu::request_from_core(&core.value, &ctx).unwrap();
//! assert_eq!(back.value, request);
//! assert!(back.report.is_clean());
//! ```
//!
//! Quirks handled (each has a fixture): the order id key is `orderId` in the seed and
//! `orderID` in the vendor's docs (both read, the one read is written back); ids are exact
//! integers up to 2^53 − 1; `dispositionOtherReason` is required exactly with `other`, and
//! counted in characters, with a strict warning when the server's latin1 + XHTML-entity
//! storage would pass 255; the state is spelled `CANCELED`; the vendor's Get Order example
//! (`"orderID":00000000`) is not JSON.
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod dialect;
mod envelope;
pub mod error;
mod policy;
mod schema;
pub mod validate;
pub mod wire;

use cancel_domain::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, ErrorKind, PayloadErrors, TranslateContext,
    TranslateError, Translated,
};

pub use client::{ClientOptions, MozuClient, MozuEndpoint, IDEMPOTENCY_KEY_HEADER};
pub use dialect::MozuDialect;
pub use envelope::{CancelOrderCall, EnvelopeError, Environment, TenantId};
pub use policy::MozuPolicy;
pub use validate::{
    check_error, check_request, check_response, stored_length, OTHER_REASON_MAX_CHARS,
};
#[allow(deprecated)]
pub use validate::{validate_error, validate_request, validate_response};

use error::ErrorBody;
use wire::{CancelOrderRequest, CancelOrderResponse};

/// Parses and validates a Cancel Order request.
///
/// # Errors
///
/// Every problem, with wire paths: `syntax`, `duplicate`, `missing`, `type`, `range`,
/// `enum`, `rule` (see [`check_request`]).
pub fn parse_request(bytes: &[u8], limits: &Limits) -> Result<CancelOrderRequest, PayloadErrors> {
    let request = json::parse_strict::<CancelOrderRequest>(bytes, limits)?;
    check_request(&request).into_result()?;
    Ok(request)
}

/// Parses and validates a Cancel Order response (the Get Order shape).
///
/// # Errors
///
/// Every problem, with wire paths (see [`check_response`]).
pub fn parse_response(bytes: &[u8], limits: &Limits) -> Result<CancelOrderResponse, PayloadErrors> {
    let response = json::parse::<CancelOrderResponse>(bytes, limits)?;
    check_response(&response).into_result()?;
    Ok(response)
}

/// Reads an error body: the known shape, other JSON, or text (never fails but for size).
pub(crate) fn read_error(bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(PayloadErrors::one(
            "",
            ErrorKind::Syntax,
            format!(
                "document is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    if json::scan(bytes, limits).is_err() {
        return Ok(ErrorBody::Text(String::from_utf8_lossy(bytes).into_owned()));
    }
    if let Ok(known) = json::parse_unscanned::<error::OmsError>(bytes) {
        return Ok(ErrorBody::Known(known));
    }
    Ok(match serde_json::from_slice(bytes) {
        Ok(value) => ErrorBody::Json(value),
        Err(_) => ErrorBody::Text(String::from_utf8_lossy(bytes).into_owned()),
    })
}

/// Parses an error body. It never fails on content: the documented-looking shape, other
/// JSON, or text (an HTML page, an empty body) are all kept.
///
/// # Errors
///
/// Only a body over `limits.max_bytes` (kind `syntax`).
pub fn parse_error(bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
    read_error(bytes, limits)
}

/// Kibo request → core request: a whole-order cancel in the `mozu` id space (the order id
/// is the integer's decimal text), the reason mapped with its raw value in `origin`, and
/// every field the core has no place for kept in `extensions.mozu` and reported `unmapped`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the request breaks a rule of [`check_request`].
pub fn request_to_core(
    request: &CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    convert::request::to_core(request, ctx)
}

/// Core request → Kibo request, with no `[vendor.mozu]` defaults (use
/// [`MozuDialect`]'s [`VendorApi::request_from_core`](cancel_domain::VendorApi::request_from_core) for a policy's table).
///
/// # Errors
///
/// - [`TranslateError::PartialNotSupported`]: a line cancel, unless
///   `translate.whole_from_complete_lines` is set and the looked-up order proves the lines
///   cover every remaining unit (then reported `approximated`);
/// - [`TranslateError::IdDoesNotFit`]: the order id is not a canonical decimal integer in
///   1..=2^53 − 1;
/// - [`TranslateError::MissingRequired`]: no reason (or no text for `other`) and no default;
/// - [`TranslateError::PaymentDataWouldBeDropped`]: refund money or bank data without
///   `allow_loss`.
pub fn request_from_core(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    convert::request::from_core(request, &MozuPolicy::default(), ctx)
}

/// Kibo response → core outcome: `CANCELED` → `cancelled`, anything else `needs_review`
/// (phase per [state rules](cancel_domain::rules) §2.4); the rest of the Get Order body is kept in
/// `extensions.mozu` and reported `unmapped`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when `orderID` is absent.
pub fn response_to_core(
    response: &CancelOrderResponse,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    convert::response::to_core(response, ctx)
}

/// Core outcome → Kibo response (the Get Order shape), from the outcome, its
/// `extensions.mozu` and the looked-up order; the report lists what could not be produced.
///
/// # Errors
///
/// [`TranslateError::ChangesMeaning`] for outcomes with no Get Order form (requested,
/// partially cancelled, rejected, or needing review without a Kibo state);
/// [`TranslateError::IdDoesNotFit`] for an order id that is not a Kibo integer.
pub fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderResponse>, TranslateError> {
    convert::response::from_core(outcome, ctx)
}

/// Kibo error body → core rejection (`5002` → `order_not_found`, other codes →
/// `vendor_refusal` with the code).
///
/// # Errors
///
/// None today; the signature matches the other translations.
pub fn error_to_core(
    body: &ErrorBody,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRejection>, TranslateError> {
    convert::error::to_core(body, ctx)
}

/// Core rejection → the OMS error body Kibo would send (see [`error_status`] for the HTTP
/// status). A code that only approximates the rejection is reported `approximated`.
///
/// # Errors
///
/// None today; the signature matches the other translations.
pub fn error_from_core(
    rejection: &CancelRejection,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<ErrorBody>, TranslateError> {
    convert::error::from_core(rejection, ctx)
}

/// The HTTP status Kibo answers a rejection with: the status the vendor pairs with the OMS
/// code of [`error_from_core`] (404 for `order_not_found`, 400 for the request-data codes,
/// 503 for a concurrent change, ...).
pub fn error_status(rejection: &CancelRejection) -> u16 {
    convert::error::status(rejection)
}

/// The canonical model this crate translates to and from, so that this crate alone is
/// enough as a dependency: `cancel_mozu::cancel_domain::CancelService`, or the commonly used
/// types from [`prelude`].
pub use cancel_domain;

/// The `cancel-domain` types this crate's public functions and client take and return, for
/// `use cancel_mozu::prelude::*;` (the same prelude in every vendor crate).
pub use cancel_domain::prelude;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
