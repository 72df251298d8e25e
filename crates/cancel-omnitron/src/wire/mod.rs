//! Serde types that mirror Akinon Omnitron's JSON field for field.
//!
//! - [`CancelOrderRequest`]: the call `POST /api/i1/orders/{order_id}/cancel/` as one typed
//!   envelope (the path's `order_id` and the [`CancelOrderBody`]);
//! - [`CancelResponse`]: the 200 answer, either the [`OrderDetail`] or the short
//!   [`ClearResponse`] asked for with `"return_details": false`;
//! - [`OrderStatus`]: order and order-item status codes (`"50"` or `"cancellation_waiting"`);
//! - ids ([`OrderPk`], [`ItemPk`], [`ReasonId`]) and exact values ([`Amount`], [`Money`],
//!   [`Currency`]).
//!
//! The error body (400/401/404/406) is in [`crate::error`].

mod ids;
mod request;
mod response;
mod status;
mod values;

pub use ids::{ItemPk, OrderPk, ReasonId, MAX_PK};
pub use request::{CancelOrderBody, CancelOrderRequest, Scope};
pub use response::{Address, CancelResponse, ClearResponse, OrderDetail, OrderItem, Place};
pub use status::{KnownStatus, OrderStatus, StatusForm};
pub use values::{Amount, Currency, Extra, Money, Related};

pub(crate) use ids::{parse_pk_text, PkText};
