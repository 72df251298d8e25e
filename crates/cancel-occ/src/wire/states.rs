//! OCC state spellings: order, commerce item (and shipping-group relationship), shipping
//! group and payment group states. What they mean for the core is in [`crate::state`].

cancel_domain::open_enum! {
    /// An order's `state` (the 25 documented order states).
    pub enum OrderState {
        /// `INCOMPLETE`: still a cart or in checkout.
        Incomplete = "INCOMPLETE",
        /// `SUBMITTED`: handed to order management.
        Submitted = "SUBMITTED",
        /// `PROCESSING`: being fulfilled.
        Processing = "PROCESSING",
        /// `NO_PENDING_ACTION`: every shipping group done, payment settled.
        NoPendingAction = "NO_PENDING_ACTION",
        /// `PENDING_REMOVE`: removal requested, waiting for every shipping group.
        PendingRemove = "PENDING_REMOVE",
        /// `REMOVED`: cancelled.
        Removed = "REMOVED",
        /// `FAILED`.
        Failed = "FAILED",
        /// `PENDING_CUSTOMER_ACTION`.
        PendingCustomerAction = "PENDING_CUSTOMER_ACTION",
        /// `PENDING_CUSTOMER_RETURN`.
        PendingCustomerReturn = "PENDING_CUSTOMER_RETURN",
        /// `PENDING_MERCHANT_ACTION`.
        PendingMerchantAction = "PENDING_MERCHANT_ACTION",
        /// `PENDING_APPROVAL`: waiting for a B2B approver.
        PendingApproval = "PENDING_APPROVAL",
        /// `APPROVED`.
        Approved = "APPROVED",
        /// `FAILED_APPROVAL`.
        FailedApproval = "FAILED_APPROVAL",
        /// `AGENT_REJECTED`.
        AgentRejected = "AGENT_REJECTED",
        /// `PENDING_AGENT_APPROVAL`.
        PendingAgentApproval = "PENDING_AGENT_APPROVAL",
        /// `BEING_AMENDED`.
        BeingAmended = "BEING_AMENDED",
        /// `PENDING_PAYMENT`.
        PendingPayment = "PENDING_PAYMENT",
        /// `APPROVED_TEMPLATE` (scheduled-order template).
        ApprovedTemplate = "APPROVED_TEMPLATE",
        /// `FAILED_APPROVAL_TEMPLATE`.
        FailedApprovalTemplate = "FAILED_APPROVAL_TEMPLATE",
        /// `PENDING_APPROVAL_TEMPLATE`.
        PendingApprovalTemplate = "PENDING_APPROVAL_TEMPLATE",
        /// `PENDING_PAYMENT_TEMPLATE`.
        PendingPaymentTemplate = "PENDING_PAYMENT_TEMPLATE",
        /// `PENDING_QUOTE`.
        PendingQuote = "PENDING_QUOTE",
        /// `QUOTED`.
        Quoted = "QUOTED",
        /// `REJECTED_QUOTE`.
        RejectedQuote = "REJECTED_QUOTE",
        /// `TEMPLATE`.
        Template = "TEMPLATE",
    }
}

impl OrderState {
    /// Reads the display form of `orderStatus` (`"Removed"`, `"Pending Remove"`,
    /// `"No Pending Action"`): letters upper-cased, spaces and hyphens as underscores.
    ///
    /// ```
    /// use cancel_occ::wire::OrderState;
    /// assert_eq!(OrderState::from_display("Removed"), Some(OrderState::Removed));
    /// assert_eq!(OrderState::from_display("Pending Remove"), Some(OrderState::PendingRemove));
    /// assert_eq!(OrderState::from_display("Gone fishing"), None);
    /// ```
    pub fn from_display(display: &str) -> Option<Self> {
        let upper: String = display
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        Some(Self::from(upper.as_str())).filter(Self::is_known)
    }

    /// The display form OCC puts in `orderStatus` (`REMOVED` → `"Removed"`).
    pub fn display(&self) -> String {
        let mut out = String::new();
        for (i, word) in self.as_str().split('_').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
        out
    }
}

cancel_domain::open_enum! {
    /// A commerce item's `state`, or the state of its relationship to a shipping group.
    pub enum ItemState {
        /// `INITIAL`.
        Initial = "INITIAL",
        /// `BACK_ORDERED`.
        BackOrdered = "BACK_ORDERED",
        /// `PRE_ORDERED`.
        PreOrdered = "PRE_ORDERED",
        /// `OUT_OF_STOCK`.
        OutOfStock = "OUT_OF_STOCK",
        /// `DISCONTINUED`.
        Discontinued = "DISCONTINUED",
        /// `ITEM_NOT_FOUND`.
        ItemNotFound = "ITEM_NOT_FOUND",
        /// `FAILED`.
        Failed = "FAILED",
        /// `SUBITEM_PENDING_DELIVERY` (read-only, derived from the relationships).
        SubitemPendingDelivery = "SUBITEM_PENDING_DELIVERY",
        /// `PENDING_DELIVERY` (relationship).
        PendingDelivery = "PENDING_DELIVERY",
        /// `DELIVERED` (relationship: the group shipped).
        Delivered = "DELIVERED",
        /// `PENDING_REMOVE`.
        PendingRemove = "PENDING_REMOVE",
        /// `REMOVED`.
        Removed = "REMOVED",
        /// `PENDING_RETURN` (relationship).
        PendingReturn = "PENDING_RETURN",
        /// `RETURNED` (relationship).
        Returned = "RETURNED",
    }
}

cancel_domain::open_enum! {
    /// A shipping group's `state`.
    pub enum ShippingGroupState {
        /// `INITIAL`.
        Initial = "INITIAL",
        /// `PROCESSING`.
        Processing = "PROCESSING",
        /// `PENDING_SHIPMENT`.
        PendingShipment = "PENDING_SHIPMENT",
        /// `NO_PENDING_ACTION`: shipped.
        NoPendingAction = "NO_PENDING_ACTION",
        /// `PENDING_MERCHANT_ACTION`.
        PendingMerchantAction = "PENDING_MERCHANT_ACTION",
        /// `PENDING_REMOVE`.
        PendingRemove = "PENDING_REMOVE",
        /// `REMOVED`.
        Removed = "REMOVED",
        /// `FAILED`.
        Failed = "FAILED",
    }
}

cancel_domain::open_enum! {
    /// A payment's `paymentState` (payment group states, ATG lineage).
    pub enum PaymentState {
        /// `INITIAL`.
        Initial = "INITIAL",
        /// `AUTHORIZED`: authorized, not captured (voided on cancel).
        Authorized = "AUTHORIZED",
        /// `AUTHORIZE_FAILED`.
        AuthorizeFailed = "AUTHORIZE_FAILED",
        /// `SETTLED`: captured.
        Settled = "SETTLED",
        /// `SETTLE_FAILED`.
        SettleFailed = "SETTLE_FAILED",
        /// `CREDITED`: refunded.
        Credited = "CREDITED",
        /// `CREDIT_FAILED`.
        CreditFailed = "CREDIT_FAILED",
        /// `REMOVED`.
        Removed = "REMOVED",
        /// `PAYMENT_REQUEST_ACCEPTED`.
        PaymentRequestAccepted = "PAYMENT_REQUEST_ACCEPTED",
        /// `PAYMENT_DEFERRED`.
        PaymentDeferred = "PAYMENT_DEFERRED",
        /// `PAYMENT_REQUEST_FAILED`.
        PaymentRequestFailed = "PAYMENT_REQUEST_FAILED",
    }
}

open_enum_walk!(OrderState, ItemState, ShippingGroupState, PaymentState);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_five_order_states_with_display_forms() {
        assert_eq!(OrderState::KNOWN.len(), 25);
        for s in OrderState::KNOWN {
            let state = OrderState::from(*s);
            assert!(state.is_known());
            assert_eq!(state.as_str(), *s);
            assert_eq!(OrderState::from_display(&state.display()), Some(state));
        }
        assert_eq!(OrderState::Removed.display(), "Removed");
        assert_eq!(OrderState::NoPendingAction.display(), "No Pending Action");
        let unknown = OrderState::from("ON_ICE");
        assert!(!unknown.is_known());
        assert_eq!(unknown.as_str(), "ON_ICE");
    }
}
