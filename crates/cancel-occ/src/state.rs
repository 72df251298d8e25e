//! What OCC states mean in the core ([state rules](cancel_domain::rules) §2.4).
//!
//! ```
//! use cancel_domain::{CancelRejection, OrderPhase};
//! use cancel_occ::state::order_state;
//! use cancel_occ::wire::OrderState;
//!
//! let removed = order_state(&OrderState::Removed).unwrap();
//! assert_eq!(removed.phase, OrderPhase::Cancelled);
//! let incomplete = order_state(&OrderState::Incomplete).unwrap();
//! assert_eq!(incomplete.phase, OrderPhase::Draft);
//! assert_eq!(incomplete.refusal(), Some(CancelRejection::OrderNotPlaced));
//! assert!(matches!(
//!     order_state(&OrderState::from("ON_ICE")),
//!     Err(CancelRejection::UnknownVendorState { .. })
//! ));
//! ```

use cancel_domain::{Buckets, CancelRejection, HoldReason, OrderFlags, OrderPhase, Vendor};

use crate::wire::{ItemState, OrderState, ShippingGroupState};

/// The core reading of an OCC order state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CoreOrderState {
    /// The phase.
    pub phase: OrderPhase,
    /// A hold (`PENDING_MERCHANT_ACTION`, `PENDING_CUSTOMER_ACTION`).
    pub hold: Option<HoldReason>,
    /// A return is open (`PENDING_CUSTOMER_RETURN`).
    pub open_return: bool,
    /// Units are in fulfillment (`PROCESSING`).
    pub in_fulfillment: bool,
    /// A quote or a scheduled-order template rather than a placed order.
    pub quote_or_template: bool,
}

impl CoreOrderState {
    fn phase(phase: OrderPhase) -> Self {
        Self {
            phase,
            hold: None,
            open_return: false,
            in_fulfillment: false,
            quote_or_template: false,
        }
    }

    /// The order flags this state implies.
    pub fn flags(&self) -> OrderFlags {
        OrderFlags {
            hold: self.hold,
            cancellation_restricted: false,
            open_return: self.open_return,
        }
    }

    /// Why OCC refuses `cancelOrder` in this state on its face (error 200101), if it does.
    ///
    /// `Draft` (`INCOMPLETE`, quotes, templates) → `OrderNotPlaced`; `Cancelled` →
    /// `OrderAlreadyCancelled`; `CancellationRequested` → `CancellationAlreadyRequested`;
    /// `Closed` / `Failed` → `OrderNotCancellable`. Other phases depend on the lines.
    pub fn refusal(&self) -> Option<CancelRejection> {
        match self.phase {
            OrderPhase::Draft => Some(CancelRejection::OrderNotPlaced),
            OrderPhase::Cancelled => Some(CancelRejection::OrderAlreadyCancelled),
            OrderPhase::CancellationRequested => {
                Some(CancelRejection::CancellationAlreadyRequested)
            }
            OrderPhase::Closed | OrderPhase::Failed => {
                Some(CancelRejection::OrderNotCancellable { phase: self.phase })
            }
            OrderPhase::AwaitingConfirmation | OrderPhase::Active => None,
        }
    }
}

fn unknown(value: &str) -> CancelRejection {
    CancelRejection::UnknownVendorState {
        vendor: Vendor::Occ,
        value: value.to_owned(),
    }
}

/// The core reading of an order `state` (all 25 documented values).
///
/// # Errors
///
/// [`CancelRejection::UnknownVendorState`] for a value this crate does not know (the value
/// stays in the wire type; nothing panics).
pub fn order_state(state: &OrderState) -> Result<CoreOrderState, CancelRejection> {
    use OrderState as S;
    let draft = |quote_or_template| CoreOrderState {
        quote_or_template,
        ..CoreOrderState::phase(OrderPhase::Draft)
    };
    Ok(match state {
        S::Incomplete => draft(false),
        S::PendingQuote
        | S::Quoted
        | S::RejectedQuote
        | S::Template
        | S::ApprovedTemplate
        | S::FailedApprovalTemplate
        | S::PendingApprovalTemplate
        | S::PendingPaymentTemplate => draft(true),
        S::PendingApproval | S::PendingAgentApproval | S::PendingPayment | S::BeingAmended => {
            CoreOrderState::phase(OrderPhase::AwaitingConfirmation)
        }
        S::Approved | S::Submitted => CoreOrderState::phase(OrderPhase::Active),
        S::Processing => CoreOrderState {
            in_fulfillment: true,
            ..CoreOrderState::phase(OrderPhase::Active)
        },
        S::PendingMerchantAction => CoreOrderState {
            hold: Some(HoldReason::Merchant),
            ..CoreOrderState::phase(OrderPhase::Active)
        },
        S::PendingCustomerAction => CoreOrderState {
            hold: Some(HoldReason::NeedsCustomerAction),
            ..CoreOrderState::phase(OrderPhase::Active)
        },
        S::PendingCustomerReturn => CoreOrderState {
            open_return: true,
            ..CoreOrderState::phase(OrderPhase::Active)
        },
        S::NoPendingAction => CoreOrderState::phase(OrderPhase::Closed),
        S::PendingRemove => CoreOrderState::phase(OrderPhase::CancellationRequested),
        S::Removed => CoreOrderState::phase(OrderPhase::Cancelled),
        S::Failed | S::FailedApproval | S::AgentRejected => {
            CoreOrderState::phase(OrderPhase::Failed)
        }
        S::__Unknown(raw) => return Err(unknown(raw.as_str())),
    })
}

/// The OCC order state that stands for a core phase (the first row of §2.4 for each phase).
pub fn state_of_phase(phase: OrderPhase) -> OrderState {
    match phase {
        OrderPhase::Draft => OrderState::Incomplete,
        OrderPhase::AwaitingConfirmation => OrderState::PendingApproval,
        OrderPhase::Active => OrderState::Submitted,
        OrderPhase::CancellationRequested => OrderState::PendingRemove,
        OrderPhase::Cancelled => OrderState::Removed,
        OrderPhase::Closed => OrderState::NoPendingAction,
        OrderPhase::Failed => OrderState::Failed,
    }
}

/// Where the units of a line in a given item or shipping-group state stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnitState {
    /// Open, nothing in the way (`INITIAL`).
    Open,
    /// Open, waiting for stock (`BACK_ORDERED`, `PRE_ORDERED`, `OUT_OF_STOCK`).
    Backordered,
    /// Open but held: cannot be fulfilled as is (`DISCONTINUED`, `ITEM_NOT_FOUND`,
    /// `FAILED`; group `PENDING_MERCHANT_ACTION`, `FAILED`).
    Held,
    /// Committed to fulfillment, not shipped (`SUBITEM_PENDING_DELIVERY`,
    /// `PENDING_DELIVERY`; group `PROCESSING`, `PENDING_SHIPMENT`).
    Allocated,
    /// Handed to the carrier (relationship `DELIVERED`; group `NO_PENDING_ACTION`).
    Shipped,
    /// Removal requested (`PENDING_REMOVE`).
    CancellationRequested,
    /// Cancelled (`REMOVED`).
    Cancelled,
    /// A return is requested (`PENDING_RETURN`).
    ReturnRequested,
    /// Returned (`RETURNED`).
    Returned,
}

impl UnitState {
    /// The buckets of `quantity` units in this state.
    ///
    /// ```
    /// use cancel_occ::state::UnitState;
    /// let b = UnitState::Returned.buckets(2);
    /// assert_eq!((b.ordered, b.shipped, b.return_requested, b.returned), (2, 2, 2, 2));
    /// assert!(b.is_consistent());
    /// ```
    pub fn buckets(self, quantity: u32) -> Buckets {
        let mut b = Buckets {
            ordered: quantity,
            ..Buckets::default()
        };
        match self {
            Self::Open | Self::Backordered | Self::Held | Self::CancellationRequested => {}
            Self::Allocated => b.allocated = quantity,
            Self::Shipped => b.shipped = quantity,
            Self::Cancelled => b.cancelled = quantity,
            Self::ReturnRequested => {
                b.shipped = quantity;
                b.return_requested = quantity;
            }
            Self::Returned => {
                b.shipped = quantity;
                b.return_requested = quantity;
                b.returned = quantity;
            }
        }
        b
    }
}

/// The core reading of a commerce item (or relationship) state.
///
/// # Errors
///
/// [`CancelRejection::UnknownVendorState`] for a value this crate does not know.
pub fn item_state(state: &ItemState) -> Result<UnitState, CancelRejection> {
    use ItemState as S;
    Ok(match state {
        S::Initial => UnitState::Open,
        S::BackOrdered | S::PreOrdered | S::OutOfStock => UnitState::Backordered,
        S::Discontinued | S::ItemNotFound | S::Failed => UnitState::Held,
        S::SubitemPendingDelivery | S::PendingDelivery => UnitState::Allocated,
        S::Delivered => UnitState::Shipped,
        S::PendingRemove => UnitState::CancellationRequested,
        S::Removed => UnitState::Cancelled,
        S::PendingReturn => UnitState::ReturnRequested,
        S::Returned => UnitState::Returned,
        S::__Unknown(raw) => return Err(unknown(raw.as_str())),
    })
}

/// The core reading of a shipping group state (applies to every unit in the group).
///
/// # Errors
///
/// [`CancelRejection::UnknownVendorState`] for a value this crate does not know.
pub fn shipping_group_state(state: &ShippingGroupState) -> Result<UnitState, CancelRejection> {
    use ShippingGroupState as S;
    Ok(match state {
        S::Initial => UnitState::Open,
        S::Processing | S::PendingShipment => UnitState::Allocated,
        S::NoPendingAction => UnitState::Shipped,
        S::PendingMerchantAction | S::Failed => UnitState::Held,
        S::PendingRemove => UnitState::CancellationRequested,
        S::Removed => UnitState::Cancelled,
        S::__Unknown(raw) => return Err(unknown(raw.as_str())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_state_maps_and_phases_map_back() {
        for s in OrderState::KNOWN {
            let core = order_state(&OrderState::from(*s)).unwrap();
            if core.phase == OrderPhase::Draft {
                assert_eq!(core.refusal(), Some(CancelRejection::OrderNotPlaced), "{s}");
            }
            // The representative state of the phase reads back to the same phase.
            assert_eq!(
                order_state(&state_of_phase(core.phase)).unwrap().phase,
                core.phase
            );
        }
        for s in ItemState::KNOWN {
            assert!(
                item_state(&ItemState::from(*s))
                    .unwrap()
                    .buckets(3)
                    .is_consistent(),
                "{s}"
            );
        }
        for s in ShippingGroupState::KNOWN {
            assert!(shipping_group_state(&ShippingGroupState::from(*s)).is_ok());
        }
        assert!(item_state(&ItemState::from("LOST")).is_err());
        assert!(shipping_group_state(&ShippingGroupState::from("LOST")).is_err());
        assert_eq!(
            order_state(&OrderState::PendingMerchantAction)
                .unwrap()
                .flags()
                .hold,
            Some(HoldReason::Merchant)
        );
    }
}
