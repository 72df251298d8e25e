//! What became of a cancel.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{CancelRejection, LineRef, OrderPhase, OrderRef, Vendor};

/// The overall result of a cancel.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(
    clippy::exhaustive_enums,
    reason = "the statuses of the core outcome, each mapped by every vendor's answer: a new status must not compile past them"
)]
pub enum OutcomeStatus {
    /// Every requested unit is cancelled (the whole order, or every requested line).
    Cancelled,
    /// Some requested units are cancelled, others refused (best-effort batches).
    PartiallyCancelled,
    /// The cancel was passed on and awaits confirmation.
    Requested,
    /// An idempotent replay: the stored outcome, with no new effect.
    Replayed,
    /// Nothing was cancelled.
    Rejected,
    /// The answer could not be read with certainty (e.g. a free-text chatbot reply).
    NeedsReview,
}

/// The batch answer of best-effort protocols (Unicommerce).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[allow(
    clippy::exhaustive_enums,
    reason = "all, some or none of the lines: a closed set"
)]
pub enum BatchStatus {
    /// Every line accepted.
    Success,
    /// Some lines accepted.
    PartialSuccess,
    /// No line accepted.
    Failed,
}

/// The result for one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct LineOutcome {
    /// The line, as named in the request.
    pub line: LineRef,
    /// Units asked for, when the request named a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<u32>,
    /// Units cancelled by this request.
    pub accepted: u32,
    /// Why (some of) the line was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CancelRejection>,
}

impl LineOutcome {
    /// Whether every unit asked for was cancelled, without an error.
    pub fn is_complete(&self) -> bool {
        self.error.is_none()
            && self.accepted > 0
            && self.requested.is_none_or(|asked| self.accepted >= asked)
    }
}

/// Money effects of a cancel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct MoneyEffects {
    /// Authorized amount to void.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    #[schemars(with = "String")]
    pub void_authorization: Decimal,
    /// Captured amount to refund (never more than captured minus refunded).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    #[schemars(with = "String")]
    pub refund: Decimal,
    /// Refund the shipping fee too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cargo_refund: bool,
}

/// Stock effect for one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct StockEffect {
    /// The canonical line.
    pub line: LineRef,
    /// Units released from allocation.
    #[serde(default)]
    pub released: u32,
    /// Units returned to stock (only unshipped cancelled units).
    #[serde(default)]
    pub restocked: u32,
}

/// What became of a cancel request.
///
/// ```
/// use cancel_domain::{BatchStatus, CancelOutcome, LineOutcome, LineRef, OutcomeStatus};
/// let mut outcome = CancelOutcome::new("1001", OutcomeStatus::PartiallyCancelled);
/// outcome.lines.push(LineOutcome { line: LineRef::new("A"), requested: Some(1), accepted: 1, error: None });
/// outcome.lines.push(LineOutcome {
///     line: LineRef::new("B"), requested: Some(1), accepted: 0,
///     error: Some(cancel_domain::CancelRejection::ItemAlreadyCancelled { line: LineRef::new("B") }),
/// });
/// assert_eq!(outcome.batch_status(), BatchStatus::PartialSuccess);
/// ```
///
/// `Debug` shows the keys of [`extensions`](Self::extensions) but never their values.
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CancelOutcome {
    /// The order, as named in the request.
    pub order: OrderRef,
    /// Whose ids `order` and the line ids are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_space: Option<Vendor>,
    /// Overall result.
    pub status: OutcomeStatus,
    /// The order's phase after the cancel, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<OrderPhase>,
    /// Per-line results (empty for a whole-order cancel a vendor reports only as a whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineOutcome>,
    /// Why nothing was cancelled, for a whole refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection: Option<CancelRejection>,
    /// Money effects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<MoneyEffects>,
    /// Stock effects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stock: Vec<StockEffect>,
    /// A human message from the vendor, verbatim (chatbot text, OCC `result`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Vendor fields the core has no place for, kept per vendor for lossless round trips.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<Vendor, crate::wire::KeptMap>,
}

impl std::fmt::Debug for CancelOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelOutcome")
            .field("order", &self.order)
            .field("id_space", &self.id_space)
            .field("status", &self.status)
            .field("phase", &self.phase)
            .field("lines", &self.lines)
            .field("rejection", &self.rejection)
            .field("money", &self.money)
            .field("stock", &self.stock)
            .field("message", &self.message)
            .field(
                "extensions",
                &crate::request::ExtensionKeys(&self.extensions),
            )
            .finish()
    }
}

impl CancelOutcome {
    /// An outcome with a status and nothing else.
    pub fn new(order: impl Into<OrderRef>, status: OutcomeStatus) -> Self {
        Self {
            order: order.into(),
            id_space: None,
            status,
            phase: None,
            lines: Vec::new(),
            rejection: None,
            money: None,
            stock: Vec::new(),
            message: None,
            extensions: BTreeMap::new(),
        }
    }

    /// A whole refusal.
    pub fn rejected(order: impl Into<OrderRef>, rejection: CancelRejection) -> Self {
        Self {
            rejection: Some(rejection),
            ..Self::new(order, OutcomeStatus::Rejected)
        }
    }

    /// SUCCESS / PARTIAL_SUCCESS / FAILED, derived from the status and the lines.
    pub fn batch_status(&self) -> BatchStatus {
        match self.status {
            OutcomeStatus::Rejected | OutcomeStatus::NeedsReview => BatchStatus::Failed,
            OutcomeStatus::Cancelled
            | OutcomeStatus::Requested
            | OutcomeStatus::Replayed
            | OutcomeStatus::PartiallyCancelled => {
                // A line cancelled in part is not cancelled for a batch answer.
                let refused = self.lines.iter().filter(|l| !l.is_complete()).count();
                if self.lines.is_empty() || refused == 0 {
                    BatchStatus::Success
                } else if refused == self.lines.len() {
                    BatchStatus::Failed
                } else {
                    BatchStatus::PartialSuccess
                }
            }
        }
    }

    /// Whether anything was (or will be) cancelled.
    pub fn is_accepted(&self) -> bool {
        !matches!(
            self.status,
            OutcomeStatus::Rejected | OutcomeStatus::NeedsReview
        )
    }
}
