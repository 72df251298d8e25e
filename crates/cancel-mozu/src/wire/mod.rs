//! Serde types that mirror the JSON of Kibo's translated Cancel Order API field for field.
//!
//! - [`CancelOrderRequest`]: the body of
//!   `POST https://{tenantId}-translation.mozu.com/api/v2/order/action/cancel`;
//! - [`CancelOrderResponse`]: the success answer, which has the shape of Get Order
//!   (`GET …/api/v2/order/{orderID}`);
//! - the error body is in [`crate::error`].
//!
//! Every type keeps what it does not model (an `other` map written back verbatim), and
//! every vendor enum is open (documented values plus a hidden lossless fallback), so
//! parse → serialize gives JSON equal to the input.
//!
//! Vendor reference: <https://docs.kibocommerce.com/help/cancel-order>,
//! <https://docs.kibocommerce.com/help/get-order-information>.

mod request;
mod response;
mod values;

use std::fmt;

use cancel_domain::ErrorKind;
use serde::de::MapAccess;

pub use request::{CancelOrderRequest, DispositionReason, OrderIdSpelling};
pub use response::{
    CancelOrderResponse, DeliveryMethod, ItemState, OrderItem, OrderState, OrderStatus, OrderType,
};
pub use values::{Amount, ItemId, OrderDate, OrderId, ShippingAddress, VendorId, MAX_SAFE_INTEGER};

/// `Debug` for an `other` map: the keys only, since unmodelled values may hold personal data.
pub(crate) struct KeysOnly<'a>(pub(crate) &'a cancel_domain::wire::KeptMap);

impl fmt::Debug for KeysOnly<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// The error for a repeated key, positioned at that key.
pub(crate) fn duplicate_key<'de, A: MapAccess<'de>>(map: &mut A, key: &str) -> A::Error {
    cancel_domain::wire::refuse_at_key(
        map,
        ErrorKind::Duplicate,
        format_args!("`{key}` names a field that is already given"),
    )
}
