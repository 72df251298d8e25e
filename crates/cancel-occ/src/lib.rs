//! Oracle Commerce Cloud (OCC, Oracle CX Commerce) `cancelOrder`: exact wire models, the
//! rich order model it answers with, its error codes, and translation to and from the
//! cancel-kit core.
//!
//! - Request: `POST /ccstore/v1/orders/cancel` (and `/ccadmin/v1/orders/cancel` with
//!   `x-ccsite`) with `{ "orderId": "o30413", "cancelReason": "badProductReview" }`
//!   ([`wire::CancelOrderRequest`]); the agent variants are typed too
//!   ([`wire::AgentCancel`], [`wire::AgentInitiateCancel`], [`wire::AgentSubmitCancel`]).
//! - Response: `{ "result": "success", "order": model_order }`
//!   ([`wire::CancelOrderResponse`], [`wire::Order`]), read without copying text.
//! - Errors: `errorModel` with string `errorCode` / `status` ([`error::ErrorModel`]);
//!   [`error::ErrorBody`] reads any error body.
//! - States: [`state`] maps the 25 OCC order states (and item / shipping-group states) to the
//!   core.
//! - Client: [`OccClient`] cancels through the store, admin or agent API ([`OccApi`]) over any
//!   [`HttpTransport`](cancel_domain::HttpTransport), as a
//!   [`CancelGateway`](cancel_domain::CancelGateway).
//!
//! ```
//! use cancel_domain::{json::Limits, Policy, ReasonCode, TranslateContext};
//!
//! let body = br#"{"orderId":"o30413","cancelReason":"noLongerNeeded"}"#;
//! let request = cancel_occ::parse_request(body, &Limits::DEFAULT).unwrap();
//! let policy = Policy::default();
//! let ctx = TranslateContext::new(&policy);
//! let core = cancel_occ::request_to_core(&request, &ctx).unwrap().value;
//! assert_eq!(core.reason.code, ReasonCode::ChangedMind);
//!
//! // Back to OCC: the raw reason travels in `origin`, so nothing changes.
//! let back = cancel_occ::request_from_core(&core, &ctx).unwrap();
//! assert_eq!(back.value, request);
//! assert!(back.report.is_clean());
//!
//! // An unknown reason is an `enum` error with its wire path.
//! let err = cancel_occ::parse_request(br#"{"orderId":"o1","cancelReason":"ChangeOfMind"}"#, &Limits::DEFAULT)
//!     .unwrap_err();
//! assert!(err.has("cancelReason", cancel_domain::ErrorKind::Enum));
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
mod macros;

mod client;
mod convert;
mod dialect;
pub mod error;
mod read;
pub mod state;
pub mod validate;
pub mod wire;

use cancel_domain::{
    json::Limits, CancelRejection, CancelRequest, PayloadErrors, TranslateContext, TranslateError,
    Translated,
};

pub use client::{ClientOptions, OccApi, OccClient, OccEndpoint, IDEMPOTENCY_KEY_HEADER};
pub use dialect::{OccDialect, OccPolicy};
pub use error::{ErrorBody, ErrorCode, ErrorModel};
pub use validate::{check_error, check_request, check_response};
pub use wire::{CancelOrderRequest, CancelOrderResponse};

use convert::Settings;
pub use convert::{response_from_core, response_to_core};

/// Reads a request body without the reason check (shape and types only).
pub(crate) fn read_request(
    bytes: &[u8],
    limits: &Limits,
) -> Result<CancelOrderRequest, PayloadErrors> {
    cancel_domain::json::parse(bytes, limits)
}

/// Parses and validates a `cancelOrder_request` under the eight documented default reasons
/// (use [`OccDialect`]'s [`VendorApi::parse_request`](cancel_domain::VendorApi::parse_request)
/// for a merchant list).
///
/// # Errors
///
/// Every problem, with wire paths: `orderId` / `cancelReason` missing (`missing`), not
/// strings (`type`) or empty (`range`); a reason that is not a documented default, also in
/// the wrong letter case (`enum`).
pub fn parse_request(bytes: &[u8], limits: &Limits) -> Result<CancelOrderRequest, PayloadErrors> {
    let request = read_request(bytes, limits)?;
    validate::check_request(&request, Settings::defaults().book).into_result()?;
    Ok(request)
}

/// Parses and validates a `cancelOrder_response`, borrowing text from `bytes`.
///
/// One pass of `serde_json` into typed fields (no intermediate `serde_json::Value` for known
/// keys); duplicate keys, depth and size are checked as `cancel_domain::json::parse` does.
///
/// # Errors
///
/// Every problem, with wire paths.
pub fn parse_response<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<CancelOrderResponse<'a>, PayloadErrors> {
    let response =
        read::read::<CancelOrderResponse<'a>>(bytes, limits, Some(wire::RESPONSE_TYPED_DEPTH))?;
    let errors = validate::check_response_errors(&response);
    if !errors.is_empty() {
        return Err(PayloadErrors(errors));
    }
    Ok(response)
}

/// Parses and validates an `errorModel` (use [`ErrorBody::from_bytes`] to read any body).
///
/// # Errors
///
/// Every problem, with wire paths.
pub fn parse_error<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ErrorModel<'a>, PayloadErrors> {
    let model = read::read::<ErrorModel<'a>>(bytes, limits, None)?;
    validate::check_error(&model).into_result()?;
    Ok(model)
}

/// A request into the core (default reason list).
///
/// The order id becomes the core `order` in the OCC id space; the reason maps per
/// [state rules](cancel_domain::rules) §3.1 with the raw id in `origin`; unknown keys go to
/// `extensions.occ` (reported `unmapped`).
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the request is not valid.
pub fn request_to_core(
    request: &CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    let _ = ctx;
    convert::request_to_core(request, Settings::defaults())
}

/// A core request as an OCC body (default reason list; see [`OccDialect::request_from_core_unchecked`]
/// for the policy table).
///
/// # Errors
///
/// [`TranslateError::PartialNotSupported`] for a cancel of some lines (unless the policy
/// allows and the looked-up order proves it is the whole order);
/// [`TranslateError::MissingRequired`] for a reason with no OCC key and no default;
/// [`TranslateError::PaymentDataWouldBeDropped`] for refund data without `allow_loss`;
/// [`TranslateError::IdDoesNotFit`] for an empty order id.
pub fn request_from_core(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    convert::request_from_core(request, ctx, Settings::defaults())
}

/// Any OCC error body into a core rejection (never fails; see the crate README for the code
/// table).
///
/// # Errors
///
/// None in practice; the `Result` keeps the shape of the other translations.
pub fn error_to_core(
    body: &ErrorBody<'_>,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRejection>, TranslateError> {
    Ok(convert::error_to_core(body, ctx))
}

/// A core rejection as the `errorModel` an OCC server would send.
///
/// # Errors
///
/// None in practice; the `Result` keeps the shape of the other translations.
pub fn error_from_core(
    rejection: &CancelRejection,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<ErrorModel<'static>>, TranslateError> {
    Ok(convert::error_from_core(
        rejection,
        ctx,
        Settings::defaults(),
    ))
}

/// The HTTP status OCC answers a rejection with (404 for not found, 403 for not owner,
/// 400 otherwise; see [`ErrorCode::http_status`]).
pub fn error_status(rejection: &CancelRejection) -> u16 {
    convert::error_status(rejection)
}

/// The canonical model this crate translates to and from, so that this crate alone is
/// enough as a dependency: `cancel_occ::cancel_domain::CancelService`, or the commonly used
/// types from [`prelude`].
pub use cancel_domain;

/// The `cancel-domain` types this crate's public functions and client take and return, for
/// `use cancel_occ::prelude::*;` (the same prelude in every vendor crate).
pub use cancel_domain::prelude;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
