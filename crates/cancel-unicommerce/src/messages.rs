//! Readable `errorMessage` texts for core rejections, and back.

use cancel_domain::{CancelRejection, LineRef, Vendor};

/// Message of a listed item that came without an `errorMessage`.
pub const NO_ERROR_MESSAGE: &str = "not cancelled (the marketplace gave no errorMessage)";
/// Message of a requested item a `FAILED` answer did not list.
pub const FAILED_UNLISTED: &str = "not cancelled: the marketplace answered FAILED";
/// Message of the rejection read from a `FAILED` answer that lists no item.
pub const FAILED_WITHOUT_ITEMS: &str = "the marketplace answered FAILED";

/// The `errorMessage` for `item` (as named in the request) refused because of `rejection`;
/// `item` is `None` when the message is not about one item.
///
/// A rejection about another line says so ("not cancelled: order item B is not available");
/// a refusal that came from Unicommerce itself keeps its message verbatim.
///
/// ```
/// use cancel_domain::{CancelRejection, LineRef};
/// use cancel_unicommerce::error_message;
/// let unknown = CancelRejection::UnknownOrderItem { line: LineRef::new("B") };
/// assert_eq!(error_message(&unknown, Some(&LineRef::new("B"))), "order Item Id not available");
/// assert_eq!(
///     error_message(&unknown, Some(&LineRef::new("A"))),
///     "not cancelled: order item B is not available"
/// );
/// ```
pub fn error_message(rejection: &CancelRejection, item: Option<&LineRef>) -> String {
    use CancelRejection as R;
    let text = |s: &str| s.to_owned();
    match rejection {
        R::OrderNotFound => text("order not found"),
        R::NotOrderOwner => text("the order does not belong to this seller"),
        R::OrderNotPlaced => text("the order has not been placed"),
        R::OrderAlreadyCancelled => text("the order is already cancelled"),
        R::CancellationAlreadyRequested => {
            text("a cancellation is already requested for this order")
        }
        R::OrderNotCancellable { phase } => {
            format!("the order is {phase} and can no longer be cancelled")
        }
        R::OrderOnHold { reason } => format!("the order is on hold ({reason})"),
        R::CancellationRestricted => text("cancellation of this order is restricted"),
        R::ItemsAlreadyShipped { lines } => among(
            lines,
            item,
            "order item has already shipped",
            "order item(s) have already shipped",
        ),
        R::FulfillmentInProgress { lines } => among(
            lines,
            item,
            "order item is already being fulfilled",
            "order item(s) are already being fulfilled",
        ),
        R::PaymentAlreadyCaptured => text("payment has already been captured"),
        R::FullyInvoiced => text("the order is fully invoiced"),
        R::ReturnInProgress => text("a return is in progress"),
        R::MixedCancelAndReturn => text("a request cannot both cancel and return"),
        R::InvalidRequest { fields, .. } if fields.is_empty() => text("the request is invalid"),
        R::InvalidRequest { fields, .. } => {
            format!("invalid request fields: {}", fields.join(", "))
        }
        R::UnknownOrderItem { line } => about(
            line,
            item,
            text("order Item Id not available"),
            format!("order item {line} is not available"),
        ),
        R::ItemReferenceMismatch { line } => about(
            line,
            item,
            text("productId or variantId does not match the order item"),
            format!("order item {line}: productId or variantId does not match"),
        ),
        R::DuplicateOrderItem { line } => about(
            line,
            item,
            text("order item is listed more than once"),
            format!("order item {line} is listed more than once"),
        ),
        R::InvalidQuantity { line, requested } => about(
            line,
            item,
            format!("quantity {requested} is not valid"),
            format!("order item {line}: quantity {requested} is not valid"),
        ),
        R::QuantityExceedsCancellable {
            line,
            requested,
            available,
        } => about(
            line,
            item,
            format!("{requested} requested but only {available} can be cancelled"),
            format!(
                "order item {line}: {requested} requested but only {available} can be cancelled"
            ),
        ),
        R::ItemAlreadyCancelled { line } => about(
            line,
            item,
            text("order item is already cancelled"),
            format!("order item {line} is already cancelled"),
        ),
        R::PartialCancelNotSupported { vendor } => {
            format!("{vendor} can only cancel whole orders")
        }
        R::MissingReason => text("a cancel reason is required"),
        R::InvalidReason => text("the cancel reason is not accepted"),
        R::ReasonDetailRequired => text("the cancel reason needs an explanation"),
        R::ReasonTooLong { max } => format!("the reason text is longer than {max} characters"),
        R::UnknownVendorState { vendor, value } => {
            format!("{vendor} state {value} has no known meaning")
        }
        R::ConcurrentModification => text("the order was modified concurrently; retry"),
        R::VendorRefusal {
            vendor: Vendor::Unicommerce,
            message,
            ..
        } => message.clone(),
        R::VendorRefusal {
            vendor: vendor @ (Vendor::Chatbot | Vendor::Mozu | Vendor::Occ | Vendor::Omnitron),
            message,
            ..
        } => format!("{vendor} refused the cancel: {message}"),
        // A class added to the core after this crate: its code says what it is.
        other => format!("not cancelled: {other}"),
    }
}

fn about(line: &LineRef, item: Option<&LineRef>, own: String, whole: String) -> String {
    match item {
        Some(i) if i == line => own,
        Some(_) => format!("not cancelled: {whole}"),
        None => whole,
    }
}

fn among(lines: &[LineRef], item: Option<&LineRef>, own: &str, plural: &str) -> String {
    match item {
        Some(i) if lines.contains(i) => own.to_owned(),
        Some(_) => format!("not cancelled: {} other {plural}", lines.len()),
        None => format!("{} {plural}", lines.len()),
    }
}

/// Rejections without fields, whose message alone identifies them.
const PLAIN: [CancelRejection; 14] = [
    CancelRejection::OrderNotFound,
    CancelRejection::NotOrderOwner,
    CancelRejection::OrderNotPlaced,
    CancelRejection::OrderAlreadyCancelled,
    CancelRejection::CancellationAlreadyRequested,
    CancelRejection::CancellationRestricted,
    CancelRejection::PaymentAlreadyCaptured,
    CancelRejection::FullyInvoiced,
    CancelRejection::ReturnInProgress,
    CancelRejection::MixedCancelAndReturn,
    CancelRejection::MissingReason,
    CancelRejection::InvalidReason,
    CancelRejection::ReasonDetailRequired,
    CancelRejection::ConcurrentModification,
];

/// The canonical rejection whose message (as written by [`error_message`]) is `message`,
/// for rejections without fields; `None` for any other text.
pub(crate) fn rejection_from_message(message: &str) -> Option<CancelRejection> {
    PLAIN
        .iter()
        .find(|r| error_message(r, None) == message)
        .cloned()
}

/// A refusal that came from Unicommerce with `message`.
pub(crate) fn refusal(message: impl Into<String>) -> CancelRejection {
    CancelRejection::VendorRefusal {
        vendor: Vendor::Unicommerce,
        vendor_code: None,
        message: message.into(),
    }
}
