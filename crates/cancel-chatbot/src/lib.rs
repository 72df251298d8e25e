//! The chatbot e-commerce integration's cancel API, exact to the wire, for cancel-kit.
//!
//! Endpoint: `POST /api/rest/v1/ecom/integrations/cancelOrder`. A chat user asks to cancel a
//! whole order (there is no reason and no item list); the reply is free text
//! (`"Order 748596 has been cancelled"`), for success and refusal alike.
//!
//! - [`wire`]: the request and response bodies, field for field, lossless;
//! - [`validate`]: the vendor's rules, with wire paths (strict-only findings apart);
//! - [`request_to_core`], [`request_from_core`], [`response_to_core`],
//!   [`response_from_core`]: translation to and from [`cancel_domain`];
//! - [`ChatbotDialect`]: all of it behind [`cancel_domain::Dialect`], configured by the
//!   `[vendor.chatbot]` policy table ([`ChatbotPolicy`]);
//! - [`error`]: why there is no error body, and the refusal texts;
//! - [`ChatbotClient`]: the chatbot's side of the call, a
//!   [`CancelGateway`](cancel_domain::CancelGateway) for testing a service that serves it.
//!
//! ```
//! use cancel_chatbot::{parse_request, request_to_core, response_from_core};
//! use cancel_domain::{json::Limits, CancelOutcome, OutcomeStatus, Policy, TranslateContext};
//!
//! let body = br#"{
//!   "conversationRequest": {"channel": "telegram", "userInfo": {"uid": "51342", "first_name": "Ravi"}},
//!   "queryInfo": {"interestType": "cancel-order",
//!                 "parameters": {"params": {"entityInfo": {"orderId": "748596"}}}},
//!   "languageCode": "en"
//! }"#;
//! let request = parse_request(body, &Limits::DEFAULT)?;
//! let policy = Policy::default();
//! let ctx = TranslateContext::new(&policy);
//! let core = request_to_core(&request, &ctx)?.value;
//! assert_eq!(core.order.as_str(), "748596");
//! assert!(core.is_whole_order());
//! assert!(!format!("{request:?}").contains("Ravi"));
//!
//! let outcome = CancelOutcome::new("748596", OutcomeStatus::Cancelled);
//! let reply = response_from_core(&outcome, &ctx)?.value;
//! assert_eq!(reply.texts().next(), Some("Order 748596 has been cancelled"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
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
pub mod validate;
pub mod wire;

use cancel_domain::{
    json::{self, Limits},
    CancelOutcome, CancelRequest, PayloadErrors, TranslateContext, TranslateError, Translated,
};

pub use client::{
    ChatbotClient, ChatbotEndpoint, ClientOptions, CANCEL_ORDER_PATH, IDEMPOTENCY_KEY_HEADER,
};
pub use dialect::ChatbotDialect;
pub use error::error_status;
pub use policy::{ChatbotPolicy, TextPattern, BUILT_IN_PATTERNS};
pub use validate::{check_request, check_response, Findings};

use crate::wire::{CancelOrderRequest, CancelOrderResponse};

/// Parses and validates a request body (strict-only findings are not errors; see
/// [`validate::check_request`]).
///
/// # Errors
///
/// Every problem found, with wire paths: `syntax` at `$` for bytes that are not JSON (the
/// vendor's own example, with its trailing comma, is one), then typed and rule errors.
pub fn parse_request(bytes: &[u8], limits: &Limits) -> Result<CancelOrderRequest, PayloadErrors> {
    let request = json::parse_strict::<CancelOrderRequest>(bytes, limits)?;
    validate::check_request(&request).into_result()?;
    Ok(request)
}

/// Parses and validates a response body (strict-only findings are not errors; see
/// [`validate::check_response`]).
///
/// # Errors
///
/// Every problem found, with wire paths (`syntax` at `$` for the vendor's own example
/// responses, which lack their closing brace).
pub fn parse_response(bytes: &[u8], limits: &Limits) -> Result<CancelOrderResponse, PayloadErrors> {
    let response = json::parse::<CancelOrderResponse>(bytes, limits)?;
    validate::check_response(&response).into_result()?;
    Ok(response)
}

/// Reads a chatbot request into a whole-order core request (id space `chatbot`, reason
/// `unspecified` given by the customer, the chat user as requester). Fields the core has
/// no place for go to `extensions.chatbot` and are reported `unmapped`.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the request breaks a validation rule.
pub fn request_to_core(
    req: &CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    convert::request_to_core(req, ctx)
}

/// Writes a core request as a chatbot request, reading the `[vendor.chatbot]` table from
/// `ctx.policy` on each call (hold a [`ChatbotDialect`] to read it once).
///
/// Channel, uid and language code come from the core requester, else from the policy
/// keys `vendor.chatbot.channel`, `vendor.chatbot.uid`, `vendor.chatbot.language_code`
/// (reported `defaulted`). The order id is the looked-up order's chatbot id when
/// `ctx.order` names the request's order, else the request's own order id.
///
/// # Errors
///
/// [`TranslateError::PartialNotSupported`] for a cancel of some lines (unless
/// `translate.whole_from_complete_lines` is set and `ctx.order` proves the lines are every
/// remaining unit: then a whole-order cancel reported `approximated`);
/// [`TranslateError::IdDoesNotFit`] for an empty order id;
/// [`TranslateError::MissingRequired`] when channel, uid or language code have neither a
/// value nor a policy default; [`TranslateError::PaymentDataWouldBeDropped`] for refund
/// money or bank data without `allow_loss`; [`TranslateError::Invalid`] for a malformed
/// `extensions.chatbot`; [`TranslateError::ChangesMeaning`] for an invalid
/// `[vendor.chatbot]` table.
pub fn request_from_core(
    req: &CancelRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    let table = table_of(ctx)?;
    convert::request_from_core(req, ctx, &table)
}

/// Reads a chatbot response into a core outcome. The reply text is the only signal: the
/// `[vendor.chatbot]` patterns of `ctx.policy`, then [`BUILT_IN_PATTERNS`], decide the
/// status; a text none recognises gives `needs_review`, never a success. A rejection is a
/// [`cancel_domain::CancelRejection::VendorRefusal`] carrying the text.
///
/// The order is `ctx.request`'s, else `ctx.order`'s, else the value of a
/// `containerResponse` attribute named `orderId`, else read from a text starting with
/// `Order <id>` (the seed's phrasing; `<id>` must hold a digit, so `Order could not be
/// cancelled` names no order; id space `chatbot`).
///
/// # Errors
///
/// [`TranslateError::Invalid`] for an invalid response; [`TranslateError::ChangesMeaning`]
/// when the order cannot be named or the `[vendor.chatbot]` table is invalid.
pub fn response_to_core(
    body: &CancelOrderResponse,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    let table = table_of(ctx)?;
    convert::response_to_core(body, ctx, &policy::Matcher::new(&table))
}

/// Writes a core outcome as a chatbot text response: `Order <id> has been cancelled` for a
/// success, an English text for every other status and every rejection class
/// ([`error::refusal_text`]). The `responseId` comes from `ctx.ids`, seeded with the order
/// id. An outcome read from a chatbot reply (it carries `extensions.chatbot`) is written
/// back as it came.
///
/// # Errors
///
/// [`TranslateError::Invalid`] for a malformed `extensions.chatbot`.
pub fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderResponse>, TranslateError> {
    convert::response_from_core(outcome, ctx)
}

fn table_of(ctx: &TranslateContext<'_>) -> Result<ChatbotPolicy, TranslateError> {
    ChatbotPolicy::from_policy(ctx.policy).map_err(|e| TranslateError::ChangesMeaning {
        message: e.to_string(),
    })
}

/// The canonical model this crate translates to and from, so that this crate alone is
/// enough as a dependency: `cancel_chatbot::cancel_domain::CancelService`, or the commonly used
/// types from [`prelude`].
pub use cancel_domain;

/// The `cancel-domain` types this crate's public functions and client take and return, for
/// `use cancel_chatbot::prelude::*;` (the same prelude in every vendor crate).
pub use cancel_domain::prelude;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
