//! Why a cancel is refused ([state rules](crate::rules) §2.6), with a stable machine code per
//! variant.

use serde::{Deserialize, Serialize};

use crate::{HoldReason, LineRef, OrderPhase, Vendor};

/// A refusal of a cancel by the state rules or by a vendor.
///
/// The serde form is tagged by `code` (snake_case), the same string as [`code`](Self::code):
///
/// ```
/// use cancel_domain::{CancelRejection, LineRef};
/// let r = CancelRejection::QuantityExceedsCancellable { line: LineRef::new("L1"), requested: 3, available: 1 };
/// assert_eq!(r.code(), "quantity_exceeds_cancellable");
/// assert_eq!(
///     serde_json::to_string(&r).unwrap(),
///     r#"{"code":"quantity_exceeds_cancellable","line":"L1","requested":3,"available":1}"#
/// );
/// ```
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    thiserror::Error,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum CancelRejection {
    /// R1: no such order.
    #[error("order not found")]
    OrderNotFound,
    /// R2: the caller does not own the order.
    #[error("the caller does not own this order")]
    NotOrderOwner,
    /// R3: the order was never placed.
    #[error("the order has not been placed")]
    OrderNotPlaced,
    /// R4: already cancelled.
    #[error("the order is already cancelled")]
    OrderAlreadyCancelled,
    /// A cancel is already requested and waiting.
    #[error("a cancellation is already requested for this order")]
    CancellationAlreadyRequested,
    /// R5: a terminal phase.
    #[error("the order is {phase} and can no longer be cancelled")]
    OrderNotCancellable {
        /// The phase that forbids it.
        phase: OrderPhase,
    },
    /// R6: held.
    #[error("the order is on hold ({reason})")]
    OrderOnHold {
        /// Why it is held.
        reason: HoldReason,
    },
    /// R7: restricted.
    #[error("cancellation of this order is restricted")]
    CancellationRestricted,
    /// R8: a whole cancel with shipped units.
    #[error("units have already shipped on {} line(s)", lines.len())]
    ItemsAlreadyShipped {
        /// Lines with shipped units.
        lines: Vec<LineRef>,
    },
    /// R9: units locked in fulfillment (policy `block`).
    #[error("units are in fulfillment on {} line(s)", lines.len())]
    FulfillmentInProgress {
        /// Lines in fulfillment.
        lines: Vec<LineRef>,
    },
    /// R10: captured payment (policy `block`).
    #[error("payment has already been captured")]
    PaymentAlreadyCaptured,
    /// R10: every unit invoiced (policy `block_invoiced`).
    #[error("the order is fully invoiced")]
    FullyInvoiced,
    /// R11: a return is open.
    #[error("a return is in progress")]
    ReturnInProgress,
    /// R12: cancel and return in one request.
    #[error("a request cannot both cancel and return")]
    MixedCancelAndReturn,
    /// R13: the line is not on the order.
    #[error("line {line} is not part of the order")]
    UnknownOrderItem {
        /// The line as named in the request.
        line: LineRef,
    },
    /// R13: product or variant disagree with the order.
    #[error("line {line} does not carry the given product or variant")]
    ItemReferenceMismatch {
        /// The line as named in the request.
        line: LineRef,
    },
    /// R14: a line twice in one request.
    #[error("line {line} appears more than once")]
    DuplicateOrderItem {
        /// The repeated line.
        line: LineRef,
    },
    /// R15: quantity below 1.
    #[error("line {line}: quantity {requested} is not valid")]
    InvalidQuantity {
        /// The line.
        line: LineRef,
        /// What was asked.
        requested: u64,
    },
    /// R16: more than can be cancelled.
    #[error("line {line}: {requested} requested but only {available} can be cancelled")]
    QuantityExceedsCancellable {
        /// The line.
        line: LineRef,
        /// What was asked.
        requested: u32,
        /// What may be cancelled.
        available: u32,
    },
    /// R17: every requested unit of the line is already cancelled.
    #[error("line {line} is already cancelled")]
    ItemAlreadyCancelled {
        /// The line.
        line: LineRef,
    },
    /// R18: a partial cancel sent to a whole-order-only vendor.
    #[error("{vendor} can only cancel whole orders")]
    PartialCancelNotSupported {
        /// The vendor.
        vendor: Vendor,
    },
    /// R19: a reason is required.
    #[error("a cancel reason is required")]
    MissingReason,
    /// R19: the reason is not accepted.
    #[error("the cancel reason is not accepted")]
    InvalidReason,
    /// R19: the reason needs a text.
    #[error("the cancel reason needs an explanation")]
    ReasonDetailRequired,
    /// R19: the reason text is too long.
    #[error("the reason text is longer than {max} characters")]
    ReasonTooLong {
        /// The limit.
        max: u32,
    },
    /// A vendor state with no known meaning (refused until its meaning is known).
    #[error("{vendor} state {value} has no known meaning")]
    UnknownVendorState {
        /// The vendor.
        vendor: Vendor,
        /// The raw state.
        value: String,
    },
    /// R23: the order changed underneath.
    #[error("the order was modified concurrently")]
    ConcurrentModification,
    /// The request itself is malformed: fields missing or invalid (OCC `200126` "Invalid
    /// Input", Akinon's field errors), as opposed to an order that cannot be cancelled.
    #[error("the request is invalid{}", invalid_fields(fields))]
    InvalidRequest {
        /// The fields named as wrong, as the vendor names them (may be empty).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
        /// The vendor's message, when it gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// A vendor refusal that maps to no canonical class.
    #[error("{vendor} refused the cancel: {message}")]
    VendorRefusal {
        /// The vendor.
        vendor: Vendor,
        /// The vendor's code, if it gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vendor_code: Option<String>,
        /// The vendor's message.
        message: String,
    },
}

fn invalid_fields(fields: &[String]) -> String {
    if fields.is_empty() {
        String::new()
    } else {
        format!(" ({})", fields.join(", "))
    }
}

impl CancelRejection {
    /// The stable machine code (`order_not_found`, `quantity_exceeds_cancellable`...).
    pub fn code(&self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_equals_serde_tag() {
        let samples = [
            CancelRejection::OrderNotFound,
            CancelRejection::OrderNotCancellable {
                phase: OrderPhase::Closed,
            },
            CancelRejection::ReasonTooLong { max: 255 },
        ];
        for r in samples {
            let v = serde_json::to_value(&r).unwrap();
            assert_eq!(v["code"], r.code());
            assert_eq!(serde_json::from_value::<CancelRejection>(v).unwrap(), r);
        }
    }
}
