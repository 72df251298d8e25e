//! Akinon Omnitron order cancellation: `POST /api/i1/orders/{order_id}/cancel/`.
//!
//! - [`wire`]: exact serde models of the cancel call ([`wire::CancelOrderRequest`], the path's
//!   `order_id` plus the [`wire::CancelOrderBody`]), the order detail and short responses, and
//!   status codes in both spellings;
//! - [`error`]: the 400/401/404/406 bodies, parsed so that none can fail;
//! - translation to and from the cancel-kit core ([`request_to_core`], [`request_from_core`],
//!   ...), with the merchant's reason table from the policy ([`OmnitronDialect`]);
//! - [`status_to_core`]: Akinon status codes 50–600 as core phases and buckets;
//! - [`OmnitronClient`]: a [`CancelGateway`](cancel_domain::CancelGateway) that cancels at
//!   Omnitron through any [`HttpTransport`](cancel_domain::HttpTransport), with the login
//!   exchange ([`LoginRequest`], [`LoginResponse`]).
//!
//! The `request` payload kind (the CLI's `--kind request`) is the cancel **body**; the
//! path's `order_id` is the body's `order` ([`parse_request_at`] checks a given path).
//!
//! ```
//! use cancel_domain::{CancelScope, Policy, TranslateContext};
//! use cancel_omnitron::{parse_request, request_from_core, request_to_core};
//!
//! let bytes = br#"{"order": 1042, "is_all": false, "cancel_items": [11, 12],
//!   "forced_refund_amount": null, "reasons": {"11": 3, "12": 3}, "is_cargo_refund": true}"#;
//! let call = parse_request(bytes, &Default::default()).unwrap();
//! assert_eq!(call.path(), "/api/i1/orders/1042/cancel/");
//!
//! let policy = Policy::default();
//! let ctx = TranslateContext::new(&policy);
//! let core = request_to_core(&call, &ctx).unwrap();
//! assert!(matches!(&core.value.scope, CancelScope::Lines { lines } if lines.len() == 2));
//! assert_eq!(core.value.reason.origin_at(cancel_domain::Vendor::Omnitron), Some("3"));
//! // Without a reason table, reason ids have no canonical meaning: reported, kept as origin.
//! assert!(!core.report.is_clean());
//!
//! let back = request_from_core(&core.value, &ctx).unwrap();
//! assert_eq!(back.value, call);
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod dialect;
pub mod error;
mod policy;
mod schema;
pub mod validate;
pub mod wire;

use cancel_domain::{
    json::{self, Limits},
    CancelRequest, ErrorKind, PayloadErrors, TranslateContext, TranslateError, Translated,
};

pub use client::{
    ClientOptions, LoginRequest, LoginResponse, OmnitronClient, OmnitronEndpoint,
    IDEMPOTENCY_KEY_HEADER, LOGIN_PATH,
};
pub use convert::{
    error_from_core, error_status, error_to_core, known_status_to_core, response_from_core,
    response_to_core, status_to_core, CoreStatus, UnitBucket,
};
pub use dialect::OmnitronDialect;
pub use error::{parse_error, ErrorBody};
pub use policy::{CancellationType, OmnitronPolicy, ReasonEntry, ReasonProblem, ReasonTable};
pub use validate::{check_error, check_request, check_response};

use wire::{CancelOrderBody, CancelOrderRequest, CancelResponse, OrderDetail, OrderPk};

/// Reads a body without its semantic rules (what `normalize` needs).
pub(crate) fn read_body(bytes: &[u8], limits: &Limits) -> Result<CancelOrderBody, PayloadErrors> {
    json::parse::<CancelOrderBody>(bytes, limits)
}

/// Reads a response without its semantic rules.
pub(crate) fn read_response(
    bytes: &[u8],
    limits: &Limits,
) -> Result<CancelResponse, PayloadErrors> {
    json::scan(bytes, limits)?;
    let map: cancel_domain::wire::KeptMap = json::parse_unscanned(bytes)?;
    if CancelResponse::is_order_detail(map.keys().map(String::as_str)) {
        json::parse_unscanned::<OrderDetail>(bytes).map(|d| CancelResponse::Order(Box::new(d)))
    } else {
        Ok(CancelResponse::Clear(wire::ClearResponse {
            other: wire::Extra(map.into_iter().collect()),
        }))
    }
}

/// Parses and validates a cancel body (the `request` payload kind) into the call it makes;
/// the path's `order_id` is the body's `order`.
///
/// Reason ids are not checked against a reason table here; use
/// [`OmnitronDialect`]'s [`VendorApi::parse_request`](cancel_domain::VendorApi::parse_request) for that.
///
/// # Errors
///
/// Every problem found, with its wire path and kind (`missing` at `order`, `type` at
/// `forced_refund_amount` for a JSON number, `duplicate` at `cancel_items[2]`...).
pub fn parse_request(bytes: &[u8], limits: &Limits) -> Result<CancelOrderRequest, PayloadErrors> {
    let request = CancelOrderRequest::new(read_body(bytes, limits)?);
    request.validate()?;
    Ok(request)
}

/// Parses a call from its path parameter and body: `order_id` as it appears in
/// `/api/i1/orders/{order_id}/cancel/`.
///
/// # Errors
///
/// Kind `type` or `range` at `order_id` for a path segment that is not a pk, kind `rule`
/// at `order` when the body names another order, and every problem of the body.
pub fn parse_request_at(
    order_id: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<CancelOrderRequest, PayloadErrors> {
    let order_id = match wire::parse_pk_text(order_id).map(OrderPk::new) {
        Ok(Some(pk)) => pk,
        Err(wire::PkText::NotCanonical) => {
            return Err(PayloadErrors::one(
                "order_id",
                ErrorKind::Type,
                "the path's order_id must be an order pk written as a decimal integer",
            ))
        }
        Ok(None) | Err(wire::PkText::OutOfRange) => {
            return Err(PayloadErrors::one(
                "order_id",
                ErrorKind::Range,
                "the path's order_id must be between 1 and 2^63-1",
            ))
        }
    };
    let request = CancelOrderRequest {
        order_id,
        body: read_body(bytes, limits)?,
    };
    request.validate()?;
    Ok(request)
}

/// Parses and validates a 200 answer: the order detail or the short "clear" response.
///
/// # Errors
///
/// Every problem found, with its wire path and kind (`type` at `amount` for a JSON number,
/// `missing` at `orderitem_set[0].pk`, `duplicate` at `orderitem_set[1].pk`...).
pub fn parse_response(bytes: &[u8], limits: &Limits) -> Result<CancelResponse, PayloadErrors> {
    let response = read_response(bytes, limits)?;
    let errors = validate::response_errors(&response);
    if errors.is_empty() {
        Ok(response)
    } else {
        Err(PayloadErrors(errors))
    }
}

/// Reads a cancel call into a core request, using the reason table of `ctx.policy`.
///
/// `is_all` → whole order; otherwise one line per item pk with its own reason; ids stay
/// Akinon's (`id_space: omnitron`); refund instructions carry the cargo refund, the forced
/// amount, the invoice number and the bank data (sensitive). Reason ids map to canonical
/// codes through `[vendor.omnitron] reasons`; without a table they are kept as `origin`
/// with code `other` and reported `unmapped`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the call breaks a rule (a refund-type, inactive or
/// unknown reason under a table included).
pub fn request_to_core(
    request: &CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    convert::request_to_core(&OmnitronDialect::from_context(ctx)?, request, ctx)
}

/// Writes a core request as a cancel call.
///
/// Pks come from the request when its `id_space` is omnitron, else from the looked-up
/// `ctx.order` (`order.id_at` / `line.id_at(Vendor::Omnitron)`); reason ids from the
/// reason's omnitron `origin`, the reason table, `vendor.omnitron.reason_id` (reported
/// `defaulted`), or `translate.default_reason` for a request without a reason.
///
/// # Errors
///
/// [`TranslateError::NeedsLookup`] without Akinon ids, [`TranslateError::IdDoesNotFit`] for
/// an id that is not a decimal integer in 1..=2^63−1 (`"ORD-2020-000042"`), and
/// [`TranslateError::MissingRequired`] when no reason id can be chosen.
pub fn request_from_core(
    request: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    convert::request_from_core(&OmnitronDialect::from_context(ctx)?, request, ctx)
}

/// The canonical model this crate translates to and from, so that this crate alone is
/// enough as a dependency: `cancel_omnitron::cancel_domain::CancelService`, or the commonly used
/// types from [`prelude`].
pub use cancel_domain;

/// The `cancel-domain` types this crate's public functions and client take and return, for
/// `use cancel_omnitron::prelude::*;` (the same prelude in every vendor crate).
pub use cancel_domain::prelude;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
