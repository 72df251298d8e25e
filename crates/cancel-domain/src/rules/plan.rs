//! The result of [`evaluate`](super::evaluate): what a cancel will do, before it does it.

use chrono::{DateTime, Utc};

use crate::{
    BatchMode, CancelOutcome, CancelRejection, CancelRequest, LineOutcome, LineRef, MoneyEffects,
    OrderPhase, OrderRef, OutcomeStatus, Vendor,
};

/// How an accepted plan takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(
    clippy::exhaustive_enums,
    reason = "a plan cancels now or requests the cancel: what the rules can decide"
)]
pub enum PlanKind {
    /// The accepted units are cancelled now: buckets, phase and payment change.
    Cancel,
    /// Some accepted units are in fulfillment and the policy says
    /// [`InFulfillment::Request`](crate::InFulfillment::Request) (rule R9): the cancel is
    /// passed on, the order goes to [`OrderPhase::CancellationRequested`] and no bucket,
    /// payment or stock changes until the fulfiller confirms.
    Request,
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlannedLine {
    /// The line as named in the request (in the request's `id_space`).
    pub line: LineRef,
    /// Its position in [`Order::lines`](crate::Order::lines); `None` when the order has no
    /// such line.
    pub index: Option<usize>,
    /// Units asked for; `None` when the request meant "every cancellable unit".
    pub requested: Option<u32>,
    /// Units this plan cancels (or requests to cancel) on the line; 0 when refused.
    pub accepted: u32,
    /// Why the line is refused (best-effort batches keep going past it).
    pub error: Option<CancelRejection>,
}

impl PlannedLine {
    /// The line as a [`LineOutcome`].
    pub fn to_outcome(&self) -> LineOutcome {
        LineOutcome {
            line: self.line.clone(),
            requested: self.requested,
            accepted: self.accepted,
            error: self.error.clone(),
        }
    }
}

/// What a cancel will do to one version of an order: the output of
/// [`evaluate`](super::evaluate), the input of [`apply`](super::apply).
///
/// A plan always accepts at least one unit; a request that accepts nothing is a
/// [`CancelRejection`] (or a [`Refusal`]) instead.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancelPlan {
    /// The order's canonical id.
    pub order: OrderRef,
    /// The order as the request named it.
    pub requested_as: OrderRef,
    /// Whose ids the request used (`None`: canonical ids).
    pub id_space: Option<Vendor>,
    /// The [`Order::version`](crate::Order::version) the plan was made from; applying it to
    /// any other version is refused with [`CancelRejection::ConcurrentModification`] (R23).
    pub base_version: u64,
    /// Whether the request was a whole-order cancel.
    pub whole_order: bool,
    /// The batch mode the plan was made under (R21).
    pub mode: BatchMode,
    /// Cancel now, or pass the cancel on (R9).
    pub kind: PlanKind,
    /// One entry per requested line (per line with open units for a whole-order cancel),
    /// in request order.
    pub lines: Vec<PlannedLine>,
    /// The order's phase once applied (R20: a cancel of every remaining unit with nothing
    /// shipped promotes the order to [`OrderPhase::Cancelled`]).
    pub phase: OrderPhase,
    /// Whether the order ends cancelled, so the whole-order effects (void everything,
    /// refund everything captured and not refunded, shipping fee) apply, exactly once.
    pub ends_cancelled: bool,
    /// Money instructions: void before refund, never more than captured minus refunded.
    pub money: MoneyEffects,
    /// The instant the plan was made for (the `now` given to `evaluate`).
    pub evaluated_at: DateTime<Utc>,
}

impl CancelPlan {
    /// Units accepted over every line.
    pub fn accepted_units(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.accepted)).sum()
    }

    /// Whether some requested line is refused (only in best-effort plans).
    pub fn has_line_errors(&self) -> bool {
        self.lines.iter().any(|l| l.error.is_some())
    }

    /// The outcome status this plan produces once applied.
    pub fn status(&self) -> OutcomeStatus {
        match self.kind {
            PlanKind::Request => OutcomeStatus::Requested,
            PlanKind::Cancel if self.has_line_errors() => OutcomeStatus::PartiallyCancelled,
            PlanKind::Cancel => OutcomeStatus::Cancelled,
        }
    }
}

/// A refused request with every line error listed: the detailed form of the
/// [`CancelRejection`] that [`evaluate`](super::evaluate) returns.
///
/// `rejection` is the primary reason (the order-level one, [`CancelRejection::MixedCancelAndReturn`]
/// when an atomic request mixes cancellable and shipped lines, else the first line error);
/// `lines` has one entry per requested line (empty for order-level refusals), each with
/// `accepted: 0` and its own error, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{rejection}")]
#[non_exhaustive]
pub struct Refusal {
    /// The primary reason.
    pub rejection: CancelRejection,
    /// Per-line results, in request order.
    pub lines: Vec<LineOutcome>,
}

impl Refusal {
    /// A refusal of the whole order, with no line detail.
    pub fn whole(rejection: CancelRejection) -> Self {
        Self {
            rejection,
            lines: Vec::new(),
        }
    }

    /// The refusal as a [`CancelOutcome`] with status `rejected`, named as in `request`.
    pub fn into_outcome(self, request: &CancelRequest) -> CancelOutcome {
        let mut outcome = CancelOutcome::rejected(request.order.clone(), self.rejection);
        outcome.id_space = request.id_space;
        outcome.lines = self.lines;
        outcome
    }
}

impl From<CancelRejection> for Refusal {
    fn from(rejection: CancelRejection) -> Self {
        Self::whole(rejection)
    }
}
