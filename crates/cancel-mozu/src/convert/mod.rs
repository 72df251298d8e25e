//! Translations between the Kibo wire types and the cancel-kit core.
//!
//! Inbound functions read a validated wire value; outbound functions match the core enums
//! exhaustively (no `_` arm), so a new core variant breaks the build here.

pub(crate) mod error;
pub(crate) mod reason;
pub(crate) mod request;
pub(crate) mod response;

use cancel_domain::{OrderRef, TranslateContext, TranslateError, Vendor};

use crate::wire::OrderId;

/// The order id Kibo gets for a core order reference.
///
/// A reference in the `mozu` id space is Kibo's id; otherwise the looked-up order's Kibo
/// id when there is one, else an order number as it is (never another vendor's private
/// key: [`cancel_domain::id_space`]). It must
/// be a canonical decimal integer in 1..=2^53 − 1, never truncated or wrapped.
pub(crate) fn target_order_id(
    order: &OrderRef,
    id_space: Option<Vendor>,
    ctx: &TranslateContext<'_>,
    field: &str,
) -> Result<OrderId, TranslateError> {
    let text = cancel_domain::id_space::order_id_for(Vendor::Mozu, order, id_space, ctx.order)?;
    OrderId::parse_canonical(text).ok_or_else(|| TranslateError::IdDoesNotFit {
        field: field.to_owned(),
        target: Vendor::Mozu,
        expected: format!(
            "a decimal integer from 1 to {} (no sign, spaces or leading zeros)",
            OrderId::MAX
        ),
        value: text.to_owned(),
    })
}
