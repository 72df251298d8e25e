//! The marketplace's answer to `POST /orders/cancel`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{serialize_other, CancelStatus, Key, KeySeed, Other, OtherKeys};

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
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct OrderCancelResponse {
    /// `status`, REQUIRED, exactly `SUCCESS`, `FAILED` or `PARTIAL_SUCCESS` (case-sensitive;
    /// the vendor's table labels it `Status`, which is not a field name). Other values are
    /// kept verbatim and refused by validation (kind `enum`).
    pub status: CancelStatus,
    /// `orderItems`, OPTIONAL: the items that were not cancelled, each at most once.
    /// `None` when the key is absent; `Some(vec![])` for an explicit empty list.
    pub order_items: Option<Vec<FailedItem>>,
    /// Fields this crate does not model, kept for lossless round trips.
    pub other: Other,
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

impl fmt::Debug for OrderCancelResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrderCancelResponse")
            .field("status", &self.status)
            .field("order_items", &self.order_items)
            .field("other", &OtherKeys(&self.other))
            .finish()
    }
}

/// One entry of `orderItems` in the answer: an item the marketplace did not cancel.
///
/// Both fields are optional, as in the vendor's "Response Parameters" table (MANDATORY
/// "No" for `orderItemId` and `errorMessage`).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct FailedItem {
    /// `orderItemId`, OPTIONAL string, non-empty when present: the item as named in the
    /// request. `None` when the key is absent.
    ///
    /// Optional because the vendor's "Response Parameters" table marks
    /// `orderItems[].orderItemId` MANDATORY "No": an entry may report a failure without
    /// naming the item. Such an entry validates; under a `FAILED` status it changes nothing
    /// (every requested item failed), under any other status strict validation flags it
    /// (`missing`) and the translation to the core gives `needs_review`, since the failed
    /// item cannot be told apart from the cancelled ones. `null` is refused; omit the key.
    pub order_item_id: Option<String>,
    /// `errorMessage`, OPTIONAL string: why the item was not cancelled (vendor example:
    /// `"order Item Id not available"`). `null` is refused; omit the key instead.
    pub error_message: Option<String>,
    /// Fields this crate does not model, kept for lossless round trips.
    pub other: Other,
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

impl fmt::Debug for FailedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FailedItem")
            .field("order_item_id", &self.order_item_id)
            .field("error_message", &self.error_message)
            .field("other", &OtherKeys(&self.other))
            .finish()
    }
}

const RESPONSE_KEYS: &[&str] = &["status", "orderItems"];
const FAILED_ITEM_KEYS: &[&str] = &["orderItemId", "errorMessage"];

impl Serialize for OrderCancelResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 1 + usize::from(self.order_items.is_some()) + self.other.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("status", &self.status)?;
        if let Some(items) = &self.order_items {
            map.serialize_entry("orderItems", items)?;
        }
        serialize_other(&mut map, &self.other, RESPONSE_KEYS)?;
        map.end()
    }
}

impl Serialize for FailedItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = usize::from(self.order_item_id.is_some())
            + usize::from(self.error_message.is_some())
            + self.other.len();
        let mut map = serializer.serialize_map(Some(len))?;
        if let Some(id) = &self.order_item_id {
            map.serialize_entry("orderItemId", id)?;
        }
        if let Some(message) = &self.error_message {
            map.serialize_entry("errorMessage", message)?;
        }
        serialize_other(&mut map, &self.other, FAILED_ITEM_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OrderCancelResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResponseVisitor)
    }
}

struct ResponseVisitor;

impl<'de> Visitor<'de> for ResponseVisitor {
    type Value = OrderCancelResponse;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Unicommerce cancel response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut status = None;
        let mut order_items = None;
        let mut other = Other::new();
        while let Some(key) = map.next_key_seed(KeySeed(RESPONSE_KEYS))? {
            match key {
                Key::Known(0) => status = Some(map.next_value()?),
                Key::Known(_) => order_items = Some(map.next_value()?),
                Key::Other(name) => {
                    let value = map.next_value()?;
                    other.insert(name, value);
                }
            }
        }
        Ok(OrderCancelResponse {
            status: status.ok_or_else(|| de::Error::missing_field("status"))?,
            order_items,
            other,
        })
    }
}

impl<'de> Deserialize<'de> for FailedItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FailedItemVisitor)
    }
}

struct FailedItemVisitor;

impl<'de> Visitor<'de> for FailedItemVisitor {
    type Value = FailedItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a failed order item object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut order_item_id = None;
        let mut error_message = None;
        let mut other = Other::new();
        while let Some(key) = map.next_key_seed(KeySeed(FAILED_ITEM_KEYS))? {
            match key {
                Key::Known(0) => order_item_id = Some(map.next_value()?),
                Key::Known(_) => error_message = Some(map.next_value()?),
                Key::Other(name) => {
                    let value = map.next_value()?;
                    other.insert(name, value);
                }
            }
        }
        Ok(FailedItem {
            order_item_id,
            error_message,
            other,
        })
    }
}
