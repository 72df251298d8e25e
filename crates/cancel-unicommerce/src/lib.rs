//! The Unicommerce (Uniware) marketplace order-cancel dialect of cancel-kit.
//!
//! When a seller cancels order items in Uniware, Uniware calls the marketplace:
//! `POST {MarketplaceBaseUrl}/orders/cancel` with an `apiKey` header (a token from the
//! marketplace's own `GET`/`POST /authToken`), body
//! `{orderId, orderItems: [{orderItemId, productId, variantId, quantity}]}`; the
//! marketplace answers `{status: SUCCESS | FAILED | PARTIAL_SUCCESS, orderItems: [{orderItemId,
//! errorMessage}]}` listing the items it did **not** cancel (both item fields optional, as
//! in the vendor's table). Vendor reference:
//! <https://documentation.unicommerce.com/docs/post-orders-cancel.html>.
//!
//! - [`wire`]: the bodies field for field ([`wire::OrderCancelRequest`],
//!   [`wire::OrderCancelResponse`]), the headers ([`wire::CancelHeaders`]) and the token
//!   exchange ([`wire::AuthTokenRequest`], [`wire::AuthTokenQuery`], [`wire::AuthTokenResponse`]);
//! - [`parse_request`], [`parse_response`], [`parse_error`]: strict parse + validation with
//!   wire paths (`orderItems[2].quantity`);
//! - [`request_to_core`], [`request_from_core`], [`response_to_core`],
//!   [`response_from_core`], [`error_to_core`], [`error_from_core`], [`error_status`]:
//!   translations to and from `cancel-domain`;
//! - [`UnicommerceDialect`]: all of it behind [`cancel_domain::Dialect`];
//! - [`UnicommerceClient`]: Uniware's side of the call (and of `/authToken`), a
//!   [`CancelGateway`](cancel_domain::CancelGateway) for testing a marketplace.
//!
//! ```
//! use cancel_domain::{json::Limits, CancelScope, Policy, TranslateContext};
//! let body = br#"{"orderId":"00042","orderItems":[
//!     {"orderItemId":"A1","productId":"P-1","variantId":"P-1-RED","quantity":2}]}"#;
//! let request = cancel_unicommerce::parse_request(body, &Limits::DEFAULT).unwrap();
//! let policy = Policy::default();
//! let ctx = TranslateContext::new(&policy);
//! let core = cancel_unicommerce::request_to_core(&request, &ctx).unwrap().value;
//! assert_eq!(core.order.as_str(), "00042");
//! assert!(matches!(&core.scope, CancelScope::Lines { lines } if lines.len() == 1));
//! let back = cancel_unicommerce::request_from_core(&core, &ctx).unwrap();
//! assert_eq!(back.value, request);
//! assert!(back.report.is_clean());
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
mod error;
mod messages;
pub mod schema;
pub mod validate;
pub mod wire;

use cancel_domain::json::Limits;
use cancel_domain::PayloadErrors;

pub use client::{
    ClientOptions, TokenExchange, UnicommerceClient, UnicommerceEndpoint, IDEMPOTENCY_KEY_HEADER,
};
pub use convert::{
    error_from_core, error_status, error_to_core, request_from_core, request_to_core,
    response_from_core, response_to_core, MALFORMED_STATUS, UNAUTHORIZED_STATUS, UNNAMED_ORDER,
};
pub use dialect::{UnicommerceDialect, UnicommercePolicy};
pub use error::ErrorBody;
pub use messages::{error_message, FAILED_UNLISTED, FAILED_WITHOUT_ITEMS, NO_ERROR_MESSAGE};
pub use validate::{check_error, check_request, check_response};
#[allow(deprecated)]
pub use validate::{validate_error, validate_request, validate_response};

/// Parses and validates a `POST /orders/cancel` request body.
///
/// # Errors
///
/// Every problem found, with wire paths: `syntax` for bad JSON, `type` for a number where
/// an id belongs or a `quantity` of `1.5` or `"2"`, `range` for a `quantity` below 1 or an
/// empty `orderItems`, `duplicate` for a repeated `orderItemId`, `missing` for an absent
/// field.
///
/// ```
/// use cancel_domain::{json::Limits, ErrorKind};
/// let err = cancel_unicommerce::parse_request(
///     br#"{"orderId":"1","orderItems":[{"orderItemId":"a","productId":"p","variantId":"v","quantity":0}]}"#,
///     &Limits::DEFAULT,
/// ).unwrap_err();
/// assert!(err.has("orderItems[0].quantity", ErrorKind::Range));
/// ```
pub fn parse_request(
    bytes: &[u8],
    limits: &Limits,
) -> Result<wire::OrderCancelRequest, PayloadErrors> {
    let request = validate::read_request(bytes, limits)?;
    check_request(&request).into_result()?;
    Ok(request)
}

/// Parses and validates the answer to `POST /orders/cancel`.
///
/// # Errors
///
/// Every problem found, with wire paths (`status`: `enum` for `"success"`).
pub fn parse_response(
    bytes: &[u8],
    limits: &Limits,
) -> Result<wire::OrderCancelResponse, PayloadErrors> {
    let response = validate::read(bytes, limits)?;
    check_response(&response).into_result()?;
    Ok(response)
}

/// Parses and validates a refusal body (a `FAILED` answer). For reading whatever a server
/// sent without failing, see [`ErrorBody::from_bytes`].
///
/// # Errors
///
/// Every problem found, with wire paths; `enum` at `status` when it is not `FAILED`.
pub fn parse_error(bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
    let response = validate::read(bytes, limits)?;
    check_error(&response).into_result()?;
    Ok(ErrorBody::Known(response))
}

/// The canonical model this crate translates to and from, so that this crate alone is
/// enough as a dependency: `cancel_unicommerce::cancel_domain::CancelService`, or the commonly used
/// types from [`prelude`].
pub use cancel_domain;

/// The `cancel-domain` types this crate's public functions and client take and return, for
/// `use cancel_unicommerce::prelude::*;` (the same prelude in every vendor crate).
pub use cancel_domain::prelude;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
