//! The marketplace's answer to `POST /orders/cancel`.

use super::{CancelStatus, Other};

cancel_domain::wire_object! {
    /// Answer to `POST /orders/cancel` (sent by the marketplace, read by Uniware).
    ///
    /// ```json
    /// {"status": "PARTIAL_SUCCESS", "orderItems": [{"orderItemId": "A1", "errorMessage": "already shipped"}]}
    /// ```
    ///
    /// `orderItems` lists the items that were **not** cancelled. The vendor's own example
    /// says `SUCCESS` and still lists an item with an error: such a body parses, strict
    /// validation flags it, and the translation to the core counts the item as not cancelled.
    ///
    /// The same shape, with `status` `FAILED`, is this crate's error (refusal) body; see
    /// [`crate::ErrorBody`].
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct OrderCancelResponse expecting "a Unicommerce cancel response object" {
        /// `status`, REQUIRED, exactly `SUCCESS`, `FAILED` or `PARTIAL_SUCCESS` (case-sensitive;
        /// the vendor's table labels it `Status`, which is not a field name). Other values are
        /// kept verbatim and refused by validation (kind `enum`).
        "status" => status: CancelStatus [required],
        /// `orderItems`, OPTIONAL: the items that were not cancelled, each at most once.
        /// `None` when the key is absent; `Some(vec![])` for an explicit empty list.
        "orderItems" => order_items: Vec<FailedItem> [optional],
    }
}

impl OrderCancelResponse {
    /// An answer with `status` and no `orderItems` key.
    pub fn new(status: CancelStatus) -> Self {
        Self {
            status,
            order_items: None,
            other: Other::new(),
        }
    }

    /// The listed (not cancelled) items; empty when `orderItems` is absent.
    pub fn failed_items(&self) -> &[FailedItem] {
        self.order_items.as_deref().unwrap_or_default()
    }
}

cancel_domain::wire_object! {
    /// One entry of `orderItems` in the answer: an item the marketplace did not cancel.
    ///
    /// Both fields are optional, as in the vendor's "Response Parameters" table (MANDATORY
    /// "No" for `orderItemId` and `errorMessage`).
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct FailedItem expecting "a failed order item object" {
        /// `orderItemId`, OPTIONAL string, non-empty when present: the item as named in the
        /// request. `None` when the key is absent.
        ///
        /// Optional because the vendor's "Response Parameters" table marks
        /// `orderItems[].orderItemId` MANDATORY "No": an entry may report a failure without
        /// naming the item. Such an entry validates; under a `FAILED` status it changes nothing
        /// (every requested item failed), under any other status strict validation flags it
        /// (`missing`) and the translation to the core gives `needs_review`, since the failed
        /// item cannot be told apart from the cancelled ones. `null` is refused; omit the key.
        "orderItemId" => order_item_id: String [optional],
        /// `errorMessage`, OPTIONAL string: why the item was not cancelled (vendor example:
        /// `"order Item Id not available"`). `null` is refused; omit the key instead.
        "errorMessage" => error_message: String [optional],
    }
}

impl FailedItem {
    /// An entry naming `order_item_id`, with a message.
    pub fn new(order_item_id: impl Into<String>, error_message: Option<String>) -> Self {
        Self {
            order_item_id: Some(order_item_id.into()),
            error_message,
            other: Other::new(),
        }
    }

    /// An entry that names no item (no `orderItemId` key), with a message.
    ///
    /// The vendor's table marks `orderItemId` optional; see [`FailedItem::order_item_id`]
    /// for what such an entry means.
    pub fn unnamed(error_message: Option<String>) -> Self {
        Self {
            order_item_id: None,
            error_message,
            other: Other::new(),
        }
    }

    /// The `orderItemId`, if the entry names its item.
    pub fn id(&self) -> Option<&str> {
        self.order_item_id.as_deref()
    }
}
