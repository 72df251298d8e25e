//! Serde types that mirror the Unicommerce JSON field for field.
//!
//! Every body keeps the fields this crate does not model in an `other` map, so
//! parse → serialize gives back JSON equal to the input. The `Deserialize` impls are
//! written by hand: they read straight from the parser (no intermediate
//! `serde_json::Value` except for unknown fields), accept the table spelling `orderID`
//! next to `orderId`, and keep error paths in wire names.

mod auth;
mod headers;
mod request;
mod response;
mod status;

pub use auth::{AuthTokenQuery, AuthTokenRequest, AuthTokenResponse, AUTH_TOKEN_PATH};
pub use headers::{CancelHeaders, ACCEPT, API_KEY, CONTENT_TYPE, JSON_MEDIA_TYPE};
pub use request::{OrderCancelRequest, OrderIdKey, OrderItem, CANCEL_METHOD, CANCEL_PATH};
pub use response::{FailedItem, OrderCancelResponse};
#[doc(hidden)]
pub use status::{AuthStatus, CancelStatus};

/// Fields a wire type does not model, kept verbatim for lossless round trips.
pub type Other = cancel_domain::wire::Unknown;
