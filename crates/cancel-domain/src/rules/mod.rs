//! The state rules (R1–R23, §2.5 below): [`evaluate`] decides, [`apply`] carries out.
//!
//! `evaluate` is pure: the same order, request, policy and `now` always give the same
//! [`CancelPlan`] or [`CancelRejection`](crate::CancelRejection). `apply` turns a plan
//! into the new order and a [`CancelOutcome`](crate::CancelOutcome); the bucket
//! invariants of [`Buckets`](crate::Buckets) hold after it, no unit is cancelled twice
//! and no more is refunded than was captured. [`CancelService`](crate::CancelService)
//! runs both over an [`OrderStore`](crate::OrderStore), atomically.
//!
//! The rest of this page is `docs/state-rules.md` of the repository: the model the rules
//! read, the vendor states, the rules, refusals and outcomes, and the reason taxonomy.
//!
#![doc = include_str!("../../state-rules.md")]

mod apply;
mod evaluate;
mod plan;

pub use apply::{apply, apply_in_place, Applied};
pub use evaluate::{assess, evaluate};
pub use plan::{CancelPlan, PlanKind, PlannedLine, Refusal};
