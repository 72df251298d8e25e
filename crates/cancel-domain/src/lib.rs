//! The canonical model of cancel-kit: one question, "cancel this order (or these units of
//! it), for this reason", asked in five vendor dialects.
//!
//! - [`CancelRequest`], [`Order`], [`CancelOutcome`], [`CancelRejection`]: the canonical model
//!   (snake_case JSON, see the crate README for the canonical form);
//! - [`PayloadErrors`]: every problem of a bad payload, with its wire path and [`ErrorKind`];
//! - [`Translated`] and [`TranslationReport`]: what did not travel in a translation;
//! - [`Dialect`] and [`Registry`]: the contract every vendor crate implements;
//! - [`OrderDirectory`]: lookups for translations;
//! - [`rules`]: the state rules R1–R23 ([`rules::evaluate`] decides, [`rules::apply`]
//!   carries out), and [`CancelService`] running them atomically over an [`OrderStore`]
//!   such as [`InMemoryOrderStore`], with idempotency keys.
//!
//! ```
//! use cancel_domain::{json, CancelRequest};
//! let request: CancelRequest = json::parse(
//!     br#"{"order":"0042","scope":"whole_order","reason":{"code":"unspecified"}}"#,
//!     &json::Limits::DEFAULT,
//! ).unwrap();
//! assert_eq!(request.order.as_str(), "0042");
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod client;
mod core_dialect;
mod dialect;
mod directory;
pub mod error;
mod gateway;
pub mod http;
pub mod id_space;
mod ids;
pub mod json;
mod order;
mod outcome;
pub mod path;
mod policy;
mod quantity;
mod reason;
mod rejection;
mod report;
mod request;
pub mod rules;
mod sensitive;
mod service;
mod store;
mod translate;
#[cfg(feature = "validator")]
mod validation;
/// The `validator` crate, for [`impl_validate!`] (feature `validator`).
#[cfg(feature = "validator")]
#[doc(hidden)]
pub use validator;
pub mod answers;
mod vendor;
pub mod vendor_api;
pub mod wire;

pub use crate::http::{HeaderMap, HttpRequest, HttpResponse, Method, StatusCode};
pub use core_dialect::{schema_of, CoreDialect};
pub use dialect::{default_invalid_answer, Dialect, Registry};
pub use directory::{LookupError, OrderDirectory};
pub use error::{ErrorKind, PayloadError, PayloadErrors};
pub use gateway::{CancelGateway, GatewayError, HttpTransport, TransportError, TransportErrorKind};
pub use ids::{CustomerRef, IdempotencyKey, LineRef, OrderRef, ProductRef, VariantRef};
pub use order::{
    Buckets, HoldReason, Order, OrderFlags, OrderLine, OrderPhase, OrdersFile, Payment,
};
pub use outcome::{
    BatchStatus, CancelOutcome, LineOutcome, MoneyEffects, OutcomeStatus, StockEffect,
};
pub use policy::{
    BatchMode, CapturedPayment, InFulfillment, Policy, PolicyError, RulesPolicy, TranslatePolicy,
};
pub use quantity::{Quantity, ZeroQuantity};
pub use reason::{CancelReason, Initiator, ReasonCode, ReasonOrigin};
pub use rejection::CancelRejection;
pub use report::{ReportAction, ReportEntry, ReportText, Translated, TranslationReport};
pub use request::{CancelRequest, CancelScope, LineCancel, RefundInstructions, Requester};
pub use rules::{CancelPlan, Refusal};
pub use sensitive::Sensitive;
pub use service::{CancelService, ServiceError};
pub use store::{
    check_order, IdempotencyRecord, ImportMode, InMemoryOrderStore, OrderArchive, OrderStore,
    StoreError, ORDERS_FILE_LIMITS,
};
pub use translate::{IdSource, SequentialIds, Supply, TranslateContext, TranslateError};
pub use vendor::{DialectId, PayloadKind, Vendor, VendorName, VendorNameError};
pub use vendor_api::VendorApi;

/// Re-exported for vendor crates' derives and hand-written impls.
#[doc(hidden)]
pub use rust_decimal::Decimal;

// For `vendor_client!`, which implements an async trait in the vendor crates.
#[doc(hidden)]
pub use async_trait as __async_trait;

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The types a vendor crate's public functions and client take and return; every vendor
/// crate re-exports this module, so `use cancel_mozu::prelude::*;` (or any other) is enough.
pub mod prelude {
    pub use crate::json::Limits;
    pub use crate::{
        BatchMode, CancelGateway, CancelOutcome, CancelReason, CancelRejection, CancelRequest,
        CancelScope, CancelService, ErrorKind, GatewayError, HttpTransport, InMemoryOrderStore,
        Initiator, LineCancel, Order, OrderDirectory, OrderStore, OutcomeStatus, PayloadErrors,
        Policy, Quantity, ReasonCode, RulesPolicy, TranslateContext, TranslateError, Translated,
        TranslationReport, Vendor,
    };
}
