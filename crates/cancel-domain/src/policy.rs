//! The policy file: rule switches, translation defaults and per-vendor tables.
//!
//! It is TOML on the command line (`--policy FILE`); see `examples/data/policy.toml`.
//! Vendor sections (`[vendor.occ]`, `[vendor.omnitron]`...) are read by each vendor crate
//! into its own typed table, so this crate knows no vendor's spelling.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ReasonCode, Vendor};

/// What to do with units already committed to fulfillment (rule R9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InFulfillment {
    /// Refuse with `FulfillmentInProgress` (default).
    #[default]
    Block,
    /// Accept as a request: phase `CancellationRequested`, outcome `Requested`.
    Request,
}

/// What to do when payment has been captured (rule R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CapturedPayment {
    /// Accept and emit a refund instruction (default).
    #[default]
    RefundRequired,
    /// Refuse with `PaymentAlreadyCaptured`.
    Block,
}

/// How a request with several lines is applied (rule R21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BatchMode {
    /// Any line error refuses the whole request (default).
    #[default]
    Atomic,
    /// Valid lines are applied; the others carry their errors (Unicommerce).
    BestEffort,
}

/// Switches for the state rules where trusted systems differ.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a table of the policy file: its fields are the file's keys, built by literal in tests"
)]
pub struct RulesPolicy {
    /// Units in fulfillment: `block` or `request`.
    pub in_fulfillment: InFulfillment,
    /// Captured payment: `refund_required` or `block`.
    pub captured_payment: CapturedPayment,
    /// Also refuse units that are invoiced and not refunded (Magento style).
    pub block_invoiced: bool,
    /// Default batch mode; a vendor endpoint may force its own (Unicommerce: best effort).
    pub batch: BatchMode,
    /// Check that a customer-channel requester owns the order (rule R2).
    pub check_owner: bool,
}

/// Translation defaults shared by every vendor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TranslatePolicy {
    /// Reason used when a target requires one and the source has none (`--default-reason`).
    pub default_reason: Option<ReasonCode>,
    /// Allow dropping refund and payment data (`--allow-loss`).
    pub allow_loss: bool,
    /// Let a line cancel that covers every remaining unit go to a whole-order-only vendor;
    /// only honoured when the order lookup proves it covers everything.
    pub whole_from_complete_lines: bool,
}

/// The whole policy file.
///
/// ```
/// let policy: cancel_domain::Policy = toml_like();
/// # fn toml_like() -> cancel_domain::Policy {
/// #     serde_json::from_str(r#"{"translate":{"default_reason":"changed_mind"},"vendor":{"occ":{"cancel_reason":"changeOfMind"}}}"#).unwrap()
/// # }
/// assert_eq!(policy.translate.default_reason, Some(cancel_domain::ReasonCode::ChangedMind));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "the policy file: its fields are the file's sections, built by literal in tests"
)]
pub struct Policy {
    /// Rule switches (`[rules]`).
    pub rules: RulesPolicy,
    /// Translation defaults (`[translate]`).
    pub translate: TranslatePolicy,
    /// Per-vendor tables (`[vendor.occ]`...), read by each vendor crate.
    pub vendor: BTreeMap<Vendor, serde_json::Value>,
}

/// A vendor section of the policy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy section `vendor.{vendor}` is invalid: {message}")]
#[non_exhaustive]
pub struct PolicyError {
    /// The vendor whose section is wrong.
    pub vendor: Vendor,
    /// What is wrong.
    pub message: String,
}

impl PolicyError {
    /// The section of `vendor` is wrong: `message` says what.
    pub fn new(vendor: Vendor, message: impl Into<String>) -> Self {
        Self {
            vendor,
            message: message.into(),
        }
    }
}

impl Policy {
    /// Reads the `[vendor.<vendor>]` section into `T` (its default when absent).
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the section does not fit `T`.
    pub fn vendor_section<T: serde::de::DeserializeOwned + Default>(
        &self,
        vendor: Vendor,
    ) -> Result<T, PolicyError> {
        match self.vendor.get(&vendor) {
            None => Ok(T::default()),
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| PolicyError {
                vendor,
                message: e.to_string(),
            }),
        }
    }
}
