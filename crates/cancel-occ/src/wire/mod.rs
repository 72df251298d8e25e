//! Serde types that mirror OCC's JSON field for field.
//!
//! - [`CancelOrderRequest`]: the store/admin `cancelOrder_request`;
//! - [`AgentOrderOp`], [`SubmitCancelById`], [`SubmitCancelByOrderId`]: the agent and
//!   two-step bodies, with [`Endpoint`] types that give method, path and headers;
//! - [`CancelOrderResponse`] and [`Order`] (`model_order`): the answer, borrowed from the
//!   parsed bytes where possible;
//! - [`ReasonId`], [`ReasonEntry`], [`ReasonList`], [`ReasonBook`]: cancel reasons;
//! - [`OrderState`], [`ItemState`], [`ShippingGroupState`], [`PaymentState`]: open enums.
//!
//! The error body (`errorModel`) is in [`crate::error`].

mod endpoint;
mod order;
mod primitives;
mod reason;
mod request;
mod states;

pub use endpoint::{
    AdminCancel, AgentCancel, AgentInitiateCancel, AgentSubmitCancel, Endpoint, Envelope, Method,
    StoreCancel, StoreSubmitCancel, ADMIN_CANCEL_PATH, BEARER, SITE_HEADER, STORE_CANCEL_PATH,
};
pub(crate) use order::RESPONSE_TYPED_DEPTH;
pub use order::{
    Address, CancelOrderResponse, CartItem, ChildSku, Currency, DiscountDescription, DiscountInfo,
    DynamicProperty, ExternalData, GiftWithPurchaseInfo, GiftWithPurchaseItemMarker,
    GiftWithPurchaseOrderMarker, ItemDiscountInfo, Marker, Order, Payment, PriceInfo,
    PriceListGroup, PriceListRef, ShippingGroup, ShippingGroupItem, ShippingGroups, ShippingMethod,
    ShoppingCart, SkuProperty, VariantOption,
};
pub(crate) use primitives::{finding, ToStatic, Walk};
pub use primitives::{Amount, DynamicValue, EpochMillis, Extra, NumberOrString, Str};
pub use reason::{
    CustomReason, ReasonBook, ReasonCheck, ReasonEntry, ReasonId, ReasonList, DEFAULT_REASONS,
};
pub use request::{
    AgentOp, AgentOpResponse, AgentOrderOp, CancelOrderRequest, Link, SubmitCancelById,
    SubmitCancelByOrderId, SubmitCancelResponse,
};
pub use states::{ItemState, OrderState, PaymentState, ShippingGroupState};
