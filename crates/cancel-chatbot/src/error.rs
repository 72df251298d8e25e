//! The chatbot's refusals: there is no error body.
//!
//! The vendor documents no error body, no error code and no HTTP status table: success and
//! failure are both told in the `responseText` of an ordinary response. So this dialect has
//! only two payload kinds (request and response), a refusal is written as a text response
//! ([`refusal_text`], used by [`crate::response_from_core`] for a rejected outcome), and a
//! chatbot refusal is read back with [`crate::response_to_core`].

use cancel_domain::{CancelRejection, OrderPhase, Vendor};

/// Why the `error` payload kind does not exist for this dialect.
pub const NO_ERROR_BODY: &str =
    "the chatbot has no error body: refusals are ordinary text responses \
(use the response kind; a rejected outcome is written as a refusal text)";

/// The HTTP status the chatbot answers a refusal with: `200`, since a refusal is an
/// ordinary text response (inferred; the vendor documents no status table).
pub fn error_status(rejection: &CancelRejection) -> u16 {
    let _ = rejection;
    200
}

/// The English refusal text for `rejection` of order `order_id`
/// (`"Order 748596 could not be cancelled: it has already shipped"`).
///
/// Every text contains "could not be cancelled", which the built-in patterns read back as
/// a rejection. A refusal that came from the chatbot itself
/// ([`CancelRejection::VendorRefusal`] with vendor `chatbot`) is returned verbatim; another
/// vendor's free-text message is not copied (it may hold anything), only its vendor named.
pub fn refusal_text(order_id: &str, rejection: &CancelRejection) -> String {
    use CancelRejection as R;
    let why: String = match rejection {
        R::VendorRefusal {
            vendor: Vendor::Chatbot,
            message,
            ..
        } => return message.clone(),
        R::OrderNotFound => "we could not find this order".into(),
        R::NotOrderOwner => "it does not belong to your account".into(),
        R::OrderNotPlaced => "it has not been placed yet".into(),
        R::OrderAlreadyCancelled => "it is already cancelled".into(),
        R::CancellationAlreadyRequested => "a cancellation is already in progress".into(),
        R::OrderNotCancellable { phase } => phase_text(*phase).into(),
        R::OrderOnHold { reason: _ } => "it is on hold; please contact customer care".into(),
        R::CancellationRestricted => "cancellation is restricted for this order".into(),
        R::ItemsAlreadyShipped { lines: _ } => "some items have already shipped".into(),
        R::FulfillmentInProgress { lines: _ } => {
            "some items are already being prepared for shipping".into()
        }
        R::PaymentAlreadyCaptured => "the payment has already been taken".into(),
        R::FullyInvoiced => "it has already been invoiced".into(),
        R::ReturnInProgress => "a return is in progress".into(),
        R::MixedCancelAndReturn => "a request cannot both cancel and return items".into(),
        R::InvalidRequest { .. } => "the request was incomplete or invalid".into(),
        R::UnknownOrderItem { line } => format!("item {line} is not part of the order"),
        R::ItemReferenceMismatch { line } => format!("item {line} does not match the order"),
        R::DuplicateOrderItem { line } => format!("item {line} was named more than once"),
        R::InvalidQuantity { line, requested } => {
            format!("the quantity {requested} for item {line} is not valid")
        }
        R::QuantityExceedsCancellable {
            line,
            requested,
            available,
        } => format!("only {available} of item {line} can be cancelled, not {requested}"),
        R::ItemAlreadyCancelled { line } => format!("item {line} is already cancelled"),
        R::PartialCancelNotSupported { vendor: _ } => {
            "only whole orders can be cancelled here".into()
        }
        R::MissingReason => "a cancellation reason is required".into(),
        R::InvalidReason => "the cancellation reason is not accepted".into(),
        R::ReasonDetailRequired => "the cancellation reason needs an explanation".into(),
        R::ReasonTooLong { max } => format!("the reason text is longer than {max} characters"),
        R::UnknownVendorState {
            vendor: _,
            value: _,
        } => "its state could not be determined".into(),
        R::ConcurrentModification => {
            "the order changed while we were cancelling it; please try again".into()
        }
        R::VendorRefusal {
            vendor,
            vendor_code: _,
            message: _,
        } => format!("the {vendor} system refused the cancellation"),
        // A class added to the core after this crate: its code says what it is.
        other => format!("it was refused ({})", other.code()),
    };
    format!("Order {order_id} could not be cancelled: {why}")
}

fn phase_text(phase: OrderPhase) -> &'static str {
    match phase {
        OrderPhase::Draft => "it has not been placed yet",
        OrderPhase::AwaitingConfirmation => "it is still awaiting confirmation",
        OrderPhase::Active => "it can no longer be cancelled",
        OrderPhase::CancellationRequested => "a cancellation is already in progress",
        OrderPhase::Cancelled => "it is already cancelled",
        OrderPhase::Closed => "it is already completed",
        OrderPhase::Failed => "it has been closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_domain::LineRef;

    #[test]
    fn refusals_name_the_order_and_never_copy_other_vendors_text() {
        let text = refusal_text(
            "0042",
            &CancelRejection::QuantityExceedsCancellable {
                line: LineRef::new("L1"),
                requested: 3,
                available: 1,
            },
        );
        assert_eq!(
            text,
            "Order 0042 could not be cancelled: only 1 of item L1 can be cancelled, not 3"
        );
        let other = refusal_text(
            "1",
            &CancelRejection::VendorRefusal {
                vendor: Vendor::Occ,
                vendor_code: Some("200218".into()),
                message: "IBAN TR33 0006 1005 1978 6457 8413 26 rejected".into(),
            },
        );
        assert!(!other.contains("IBAN"));
        assert!(other.contains("occ"));
        let own = refusal_text(
            "1",
            &CancelRejection::VendorRefusal {
                vendor: Vendor::Chatbot,
                vendor_code: None,
                message: "Sorry, order 1 cannot be cancelled now".into(),
            },
        );
        assert_eq!(own, "Sorry, order 1 cannot be cancelled now");
        assert_eq!(error_status(&CancelRejection::OrderNotFound), 200);
    }
}
