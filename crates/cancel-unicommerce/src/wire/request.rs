//! `POST /orders/cancel`: the body Unicommerce (Uniware) posts to the marketplace when the
//! seller cancels order items.

use std::fmt;

use cancel_domain::{path::kinded, ErrorKind, Quantity};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{serialize_other, Fail, Key, KeySeed, Other, OtherKeys};

/// The path of the cancel endpoint the marketplace hosts.
pub const CANCEL_PATH: &str = "/orders/cancel";

/// The HTTP method of the cancel endpoint.
pub const CANCEL_METHOD: &str = "POST";

/// Which spelling of the order id key a request used.
///
/// The vendor's payload example spells it `orderId`; its parameter table spells it
/// `orderID`. Both are read; this crate writes `orderId` unless the body it re-serializes
/// arrived as `orderID` (so `normalize` gives back JSON equal to the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OrderIdKey {
    /// `orderId`, as in the vendor's payload example (what this crate emits).
    #[default]
    Example,
    /// `orderID`, as in the vendor's parameter table.
    Table,
}

impl OrderIdKey {
    /// The key as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Example => "orderId",
            Self::Table => "orderID",
        }
    }
}

/// Body of `POST /orders/cancel` (sent by Uniware, served by the marketplace).
///
/// ```json
/// {"orderId": "string", "orderItems": [{"orderItemId": "string", "productId": "string", "variantId": "string", "quantity": 2}]}
/// ```
///
/// The request carries no reason: the seller cancelled in Uniware.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct OrderCancelRequest {
    /// `orderId` (also read as `orderID`), REQUIRED string, non-empty: the marketplace's
    /// order id, kept verbatim (leading zeros, long digit strings, unicode).
    pub order_id: String,
    /// Which key `order_id` was read from (and is written back to).
    pub order_id_key: OrderIdKey,
    /// `orderItems`, REQUIRED, at least one entry, `orderItemId` unique: the items to cancel.
    pub order_items: Vec<OrderItem>,
    /// Fields this crate does not model, kept for lossless round trips.
    pub other: Other,
}

impl OrderCancelRequest {
    /// A request for `order_items` of `order_id`, written with the `orderId` key.
    pub fn new(order_id: impl Into<String>, order_items: Vec<OrderItem>) -> Self {
        Self {
            order_id: order_id.into(),
            order_id_key: OrderIdKey::Example,
            order_items,
            other: Other::new(),
        }
    }
}

impl fmt::Debug for OrderCancelRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrderCancelRequest")
            .field("order_id", &self.order_id)
            .field("order_id_key", &self.order_id_key)
            .field("order_items", &self.order_items)
            .field("other", &OtherKeys(&self.other))
            .finish()
    }
}

/// One entry of `orderItems` in `POST /orders/cancel`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct OrderItem {
    /// `orderItemId`, REQUIRED string, non-empty, unique within the request: the
    /// marketplace's order item id, verbatim.
    pub order_item_id: String,
    /// `productId`, REQUIRED string, non-empty: the product on the item, verbatim.
    pub product_id: String,
    /// `variantId`, REQUIRED string, non-empty: the variant (SKU) on the item, verbatim.
    pub variant_id: String,
    /// `quantity`, REQUIRED JSON integer ≥ 1: units of the item to cancel.
    pub quantity: Quantity,
    /// Fields this crate does not model, kept for lossless round trips.
    pub other: Other,
}

impl OrderItem {
    /// An item with no extra fields.
    pub fn new(
        order_item_id: impl Into<String>,
        product_id: impl Into<String>,
        variant_id: impl Into<String>,
        quantity: Quantity,
    ) -> Self {
        Self {
            order_item_id: order_item_id.into(),
            product_id: product_id.into(),
            variant_id: variant_id.into(),
            quantity,
            other: Other::new(),
        }
    }
}

impl fmt::Debug for OrderItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrderItem")
            .field("order_item_id", &self.order_item_id)
            .field("product_id", &self.product_id)
            .field("variant_id", &self.variant_id)
            .field("quantity", &self.quantity)
            .field("other", &OtherKeys(&self.other))
            .finish()
    }
}

const REQUEST_KEYS: &[&str] = &["orderId", "orderID", "orderItems"];
const ITEM_KEYS: &[&str] = &["orderItemId", "productId", "variantId", "quantity"];

impl Serialize for OrderCancelRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2 + self.other.len()))?;
        map.serialize_entry(self.order_id_key.as_str(), &self.order_id)?;
        map.serialize_entry("orderItems", &self.order_items)?;
        serialize_other(&mut map, &self.other, REQUEST_KEYS)?;
        map.end()
    }
}

impl Serialize for OrderItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4 + self.other.len()))?;
        map.serialize_entry("orderItemId", &self.order_item_id)?;
        map.serialize_entry("productId", &self.product_id)?;
        map.serialize_entry("variantId", &self.variant_id)?;
        map.serialize_entry("quantity", &self.quantity)?;
        serialize_other(&mut map, &self.other, ITEM_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OrderCancelRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RequestVisitor)
    }
}

struct RequestVisitor;

impl<'de> Visitor<'de> for RequestVisitor {
    type Value = OrderCancelRequest;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Unicommerce cancel request object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut order_id: Option<(String, OrderIdKey)> = None;
        let mut order_items = None;
        let mut other = Other::new();
        while let Some(key) = map.next_key_seed(KeySeed(REQUEST_KEYS))? {
            match key {
                Key::Known(i @ (0 | 1)) => {
                    let spelling = if i == 0 {
                        OrderIdKey::Example
                    } else {
                        OrderIdKey::Table
                    };
                    if let Some((_, first)) = order_id {
                        map.next_value_seed(Fail(kinded(
                            ErrorKind::Duplicate,
                            format!(
                                "the order id is given twice, as `{}` and as `{}`",
                                first.as_str(),
                                spelling.as_str()
                            ),
                        )))?;
                    }
                    order_id = Some((map.next_value()?, spelling));
                }
                Key::Known(_) if order_items.is_some() => return Err(repeated("orderItems")),
                Key::Known(_) => order_items = Some(map.next_value()?),
                Key::Other(name) => {
                    let value = map.next_value()?;
                    other.insert(name, value);
                }
            }
        }
        let (order_id, order_id_key) =
            order_id.ok_or_else(|| de::Error::missing_field("orderId"))?;
        let order_items = order_items.ok_or_else(|| de::Error::missing_field("orderItems"))?;
        Ok(OrderCancelRequest {
            order_id,
            order_id_key,
            order_items,
            other,
        })
    }
}

impl<'de> Deserialize<'de> for OrderItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = OrderItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an order item object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut order_item_id = None;
        let mut product_id = None;
        let mut variant_id = None;
        let mut quantity = None;
        let mut other = Other::new();
        while let Some(key) = map.next_key_seed(KeySeed(ITEM_KEYS))? {
            match key {
                Key::Known(0) if order_item_id.is_some() => return Err(repeated("orderItemId")),
                Key::Known(1) if product_id.is_some() => return Err(repeated("productId")),
                Key::Known(2) if variant_id.is_some() => return Err(repeated("variantId")),
                Key::Known(3..) if quantity.is_some() => return Err(repeated("quantity")),
                Key::Known(0) => order_item_id = Some(map.next_value()?),
                Key::Known(1) => product_id = Some(map.next_value()?),
                Key::Known(2) => variant_id = Some(map.next_value()?),
                Key::Known(_) => quantity = Some(map.next_value_seed(QuantitySeed)?),
                Key::Other(name) => {
                    let value = map.next_value()?;
                    other.insert(name, value);
                }
            }
        }
        Ok(OrderItem {
            order_item_id: order_item_id.ok_or_else(|| de::Error::missing_field("orderItemId"))?,
            product_id: product_id.ok_or_else(|| de::Error::missing_field("productId"))?,
            variant_id: variant_id.ok_or_else(|| de::Error::missing_field("variantId"))?,
            quantity: quantity.ok_or_else(|| de::Error::missing_field("quantity"))?,
            other,
        })
    }
}

/// A modelled key given twice in one object (`cancel_domain::json::parse` reports it
/// with its path from the byte-level pass; this error only stops the fast typed read).
fn repeated<E: de::Error>(key: &'static str) -> E {
    E::custom(kinded(
        ErrorKind::Duplicate,
        format!("`{key}` appears more than once"),
    ))
}

/// Reads `quantity`: a JSON integer from 1 to 2^32-1; a whole number written as a float
/// (`2.0`) is that integer, as Jackson reads it. Fractions (`1.5`) and strings are `type`
/// errors; `0`, negatives and larger values are `range` errors, also
/// integers beyond 64 bits (`123456789012345678901`, which the JSON reader hands over as
/// a float: any whole float outside the 64-bit range is taken as such an integer).
struct QuantitySeed;

impl<'de> DeserializeSeed<'de> for QuantitySeed {
    type Value = Quantity;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Quantity, D::Error> {
        deserializer.deserialize_u32(self)
    }
}

impl Visitor<'_> for QuantitySeed {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number of units from 1 to 4294967295")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        u32::try_from(v)
            .ok()
            .and_then(Quantity::new)
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        let whole =
            cancel_domain::wire::integer_written_as_float(v, 1, u64::from(u32::MAX), &self)?;
        self.visit_u64(whole)
    }
}

/// The request and item visitors refuse a repeated modelled key; unknown keys land in
/// `other`.
impl cancel_domain::json::StrictKeys for OrderCancelRequest {
    fn keys_all_modelled(&self, max_depth: usize) -> bool {
        // root > orderItems > item
        max_depth >= 3
            && self.other.is_empty()
            && self.order_items.iter().all(|item| item.other.is_empty())
    }
}
