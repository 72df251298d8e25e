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
//!   still active after the cancel, not when a line kept units it was asked to give up, and
//!   not when the outcome names lines without saying the order ended cancelled;
//! - a partial outcome whose order ended cancelled is written by no vendor (each answer
//!   would keep one of the two and lose the other).

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
    /// The answer can say that the cancel was accepted and is not done yet.
    pub requested: bool,
}

impl AnswerScope {
    /// An answer that can state any outcome (the core, free text).
    pub const ANY: Self = Self {
        per_line: true,
        needs_review: true,
        requested: true,
    };

    /// An answer with per-line results and definite statuses only.
    pub const PER_LINE: Self = Self {
        per_line: true,
        needs_review: false,
        requested: false,
    };

    /// A free-text answer ("Order 1001 has been cancelled"): it speaks of the whole order,
    /// and it can say that the outcome is not known.
    pub const TEXT: Self = Self {
        per_line: false,
        needs_review: true,
        requested: true,
    };

    /// An answer that speaks of the whole order, with definite statuses only.
    pub const WHOLE_ORDER: Self = Self {
        per_line: false,
        needs_review: false,
        requested: false,
    };

    /// The same scope, able to say that the cancel is requested and not done yet.
    pub const fn with_requested(self) -> Self {
        Self {
            requested: true,
            ..self
        }
    }
}

/// Whether `target`'s answer, of `scope`, can state `outcome` without changing its meaning.
///
/// ```
/// use cancel_domain::{answers::{check_answer, AnswerScope}, CancelOutcome, OrderPhase, OutcomeStatus};
/// use cancel_domain::LineOutcome;
/// let mut outcome = CancelOutcome::new("1001", OutcomeStatus::Cancelled);
/// assert!(check_answer(&outcome, "occ", AnswerScope::WHOLE_ORDER).is_ok());
/// // Line A was cancelled, and the order stays active: not a whole-order cancel.
/// outcome.phase = Some(OrderPhase::Active);
/// outcome.lines.push(LineOutcome { line: "A".into(), requested: Some(1), accepted: 1, error: None });
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
    if outcome.status == OutcomeStatus::Requested && !scope.requested {
        return refuse(format!(
            "the cancel is only requested, not done; {target}'s answer can only say cancelled \
             or not, which would state what has not happened"
        ));
    }
    if outcome.status == OutcomeStatus::PartiallyCancelled
        && outcome.phase == Some(OrderPhase::Cancelled)
        && scope != AnswerScope::ANY
    {
        // A vendor answer carries one of the two (an order status, or per-line results
        // read against it); whichever it keeps, the other is lost.
        return refuse(format!(
            "the outcome is partial, yet the order ended cancelled; {target}'s answer \
             cannot state both"
        ));
    }
    // A per-line answer speaks for the whole order only when the outcome names no line.
    if scope == AnswerScope::ANY || (scope.per_line && !outcome.lines.is_empty()) {
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
        // An outcome that names lines and no phase says those lines were cancelled, not
        // the order.
        None => !outcome.lines.is_empty(),
        Some(OrderPhase::Cancelled) => false,
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
        let occ = AnswerScope::WHOLE_ORDER.with_requested();
        assert!(check_answer(&outcome, "occ", occ).is_ok());
        assert!(check_answer(&outcome, "unicommerce", AnswerScope::PER_LINE).is_err());
        outcome.status = OutcomeStatus::Cancelled;
        assert!(check_answer(&outcome, "occ", occ).is_err());
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
