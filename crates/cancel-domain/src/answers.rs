//! What a dialect's success answer can state, and the one check every answer conversion
//! makes before a vendor writes it: an answer never says more than the outcome knows.
//!
//! Each dialect declares its [`AnswerScope`] ([`crate::Dialect::answer_scope`]); the
//! translator calls [`check_answer`] before `response_from_core`. The rules:
//!
//! - an outcome that needs review is never written as a success or a failure by a dialect
//!   that cannot say "needs review";
//! - a whole-order-only answer ("the order is cancelled") is written only for an outcome
//!   in which the whole order is cancelled or its cancel requested: not when the order is
//!   still active after the cancel, and not when a line kept units it was asked to give up.

use crate::{CancelOutcome, OrderPhase, OutcomeStatus, TranslateError};

/// What a dialect's success answer can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnswerScope {
    /// The answer can say which lines were cancelled (otherwise it speaks of the whole
    /// order only).
    pub per_line: bool,
    /// The answer can say that the outcome is not known and needs review.
    pub needs_review: bool,
}

impl AnswerScope {
    /// An answer that can state any outcome (the core, free text).
    pub const ANY: Self = Self {
        per_line: true,
        needs_review: true,
    };

    /// An answer with per-line results and definite statuses only.
    pub const PER_LINE: Self = Self {
        per_line: true,
        needs_review: false,
    };

    /// An answer that speaks of the whole order, with definite statuses only.
    pub const WHOLE_ORDER: Self = Self {
        per_line: false,
        needs_review: false,
    };
}

/// Whether `target`'s answer, of `scope`, can state `outcome` without changing its meaning.
///
/// ```
/// use cancel_domain::{answers::{check_answer, AnswerScope}, CancelOutcome, OrderPhase, OutcomeStatus};
/// let mut outcome = CancelOutcome::new("1001", OutcomeStatus::Cancelled);
/// assert!(check_answer(&outcome, "occ", AnswerScope::WHOLE_ORDER).is_ok());
/// outcome.phase = Some(OrderPhase::Active); // some lines were not cancelled
/// assert!(check_answer(&outcome, "occ", AnswerScope::WHOLE_ORDER).is_err());
/// assert!(check_answer(&outcome, "unicommerce", AnswerScope::PER_LINE).is_ok());
/// let review = CancelOutcome::new("1001", OutcomeStatus::NeedsReview);
/// assert!(check_answer(&review, "unicommerce", AnswerScope::PER_LINE).is_err());
/// ```
///
/// # Errors
///
/// [`TranslateError::ChangesMeaning`], saying what the answer would claim.
pub fn check_answer(
    outcome: &CancelOutcome,
    target: &str,
    scope: AnswerScope,
) -> Result<(), TranslateError> {
    let refuse = |message: String| Err(TranslateError::ChangesMeaning { message });
    if outcome.status == OutcomeStatus::NeedsReview && !scope.needs_review {
        return refuse(format!(
            "the outcome needs review (the source answer could not be read with certainty); \
             {target}'s answer can only say cancelled or not, which would state what is not known; \
             read the source answer by hand, or convert it to core"
        ));
    }
    if scope.per_line {
        return Ok(());
    }
    let claims_whole_order = matches!(
        outcome.status,
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed | OutcomeStatus::Requested
    );
    if !claims_whole_order {
        return Ok(());
    }
    let order_stays = match outcome.phase {
        None | Some(OrderPhase::Cancelled) => false,
        Some(OrderPhase::CancellationRequested) => outcome.status != OutcomeStatus::Requested,
        Some(_) => true,
    };
    let line_keeps_units = outcome
        .lines
        .iter()
        .any(|line| line.requested.is_some_and(|asked| line.accepted < asked));
    if order_stays || line_keeps_units {
        let after = outcome.phase.map_or_else(
            || "not wholly cancelled".to_owned(),
            |p| format!("still {p}"),
        );
        return refuse(format!(
            "the order is {after} after this cancel (some lines or units were not cancelled); \
             {target} answers for whole orders only and would say the whole order is cancelled"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LineOutcome, LineRef};

    #[test]
    fn a_line_that_keeps_units_is_not_a_whole_order_cancel() {
        let mut outcome = CancelOutcome::new("1", OutcomeStatus::Cancelled);
        outcome.lines.push(LineOutcome {
            line: LineRef::new("A"),
            requested: Some(3),
            accepted: 2,
            error: None,
        });
        assert!(check_answer(&outcome, "mozu", AnswerScope::WHOLE_ORDER).is_err());
        assert!(check_answer(&outcome, "omnitron", AnswerScope::PER_LINE).is_ok());
    }

    #[test]
    fn a_requested_cancel_may_leave_the_order_awaiting_it() {
        let mut outcome = CancelOutcome::new("1", OutcomeStatus::Requested);
        outcome.phase = Some(OrderPhase::CancellationRequested);
        assert!(check_answer(&outcome, "occ", AnswerScope::WHOLE_ORDER).is_ok());
        outcome.status = OutcomeStatus::Cancelled;
        assert!(check_answer(&outcome, "occ", AnswerScope::WHOLE_ORDER).is_err());
    }

    #[test]
    fn any_outcome_fits_an_answer_that_can_say_anything() {
        for status in [
            OutcomeStatus::NeedsReview,
            OutcomeStatus::PartiallyCancelled,
        ] {
            let mut outcome = CancelOutcome::new("1", status);
            outcome.phase = Some(OrderPhase::Active);
            assert!(check_answer(&outcome, "chatbot", AnswerScope::ANY).is_ok());
        }
    }
}
