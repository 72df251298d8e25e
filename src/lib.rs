//! cancel-kit: cancel an order across commerce systems.
//!
//! One canonical model of "cancel this order (or these units of it), for this reason"
//! ([`domain`]), exact typed models of five vendor dialects (one cargo feature each, all on
//! by default), and a translator that moves a payload from any dialect to any other
//! with a report of everything that did not travel.
//!
//! Each vendor crate also has a client ([`CancelGateway`](domain::CancelGateway)) or the
//! endpoint handlers for its direction ([`endpoint`]); `transport::ReqwestTransport`
//! (feature `reqwest`) carries the clients' requests, [`testing::RecordingTransport`]
//! records them in tests.
//!
//! ```
//! use cancel_kit::domain::{DialectId, PayloadKind, Policy};
//! let registry = cancel_kit::registry(&Policy::default()).unwrap();
//! let core = registry.get(DialectId::Core).unwrap();
//! let findings = core
//!     .validate(
//!         PayloadKind::Request,
//!         br#"{"order":"42","scope":"whole_order","reason":{"code":"changed_mind"}}"#,
//!         &Default::default(),
//!     )
//!     .unwrap();
//! assert!(findings.is_empty());
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use cancel_domain as domain;

#[cfg(feature = "chatbot")]
#[cfg_attr(docsrs, doc(cfg(feature = "chatbot")))]
pub use cancel_chatbot as chatbot;
#[cfg(feature = "mozu")]
#[cfg_attr(docsrs, doc(cfg(feature = "mozu")))]
pub use cancel_mozu as mozu;
#[cfg(feature = "occ")]
#[cfg_attr(docsrs, doc(cfg(feature = "occ")))]
pub use cancel_occ as occ;
#[cfg(feature = "omnitron")]
#[cfg_attr(docsrs, doc(cfg(feature = "omnitron")))]
pub use cancel_omnitron as omnitron;
#[cfg(feature = "unicommerce")]
#[cfg_attr(docsrs, doc(cfg(feature = "unicommerce")))]
pub use cancel_unicommerce as unicommerce;

#[allow(
    clippy::exhaustive_structs,
    clippy::exhaustive_enums,
    reason = "the stand-in moves to its own crate; its types are decided there"
)]
pub mod endpoint;
mod registry;
pub mod testing;
mod translator;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod transport;

pub use registry::registry;
pub use translator::{ConvertError, Translator};

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
