//! `POST /orders/cancel`: the body Unicommerce (Uniware) posts to the marketplace when the
//! seller cancels order items.

use std::fmt;

use cancel_domain::{path::kinded, ErrorKind, Quantity};
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use cancel_domain::wire::{given_twice, Kept, Key};

use super::Other;

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
#[derive(Debug, Clone, PartialEq)]
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

cancel_domain::wire_object! {
    /// One entry of `orderItems` in `POST /orders/cancel`.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct OrderItem expecting "an order item object" {
        /// `orderItemId`, REQUIRED string, non-empty, unique within the request: the
        /// marketplace's order item id, verbatim.
        "orderItemId" => order_item_id: String [required],
        /// `productId`, REQUIRED string, non-empty: the product on the item, verbatim.
        "productId" => product_id: String [required],
        /// `variantId`, REQUIRED string, non-empty: the variant (SKU) on the item, verbatim.
        "variantId" => variant_id: String [required],
        /// `quantity`, REQUIRED JSON integer ≥ 1: units of the item to cancel.
        "quantity" => quantity: Quantity [required via WireQuantity],
    }
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

const REQUEST_KEYS: &[&str] = &["orderId", "orderID", "orderItems"];

impl Serialize for OrderCancelRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A kept key that repeats a modelled one (only a value built in code holds one) is
        // not written.
        let kept = || {
            self.other
                .iter()
                .filter(|(k, _)| !REQUEST_KEYS.contains(&k.as_str()))
        };
        let mut map = serializer.serialize_map(Some(2 + kept().count()))?;
        map.serialize_entry(self.order_id_key.as_str(), &self.order_id)?;
        map.serialize_entry("orderItems", &self.order_items)?;
        for (key, value) in kept() {
            map.serialize_entry(key, value)?;
        }
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
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                spelling @ ("orderId" | "orderID") => {
                    let spelling = if spelling == "orderId" {
                        OrderIdKey::Example
                    } else {
                        OrderIdKey::Table
                    };
                    if let Some((_, first)) = order_id {
                        return Err(given_twice(&mut map, first.as_str(), spelling.as_str()));
                    }
                    order_id = Some((map.next_value()?, spelling));
                }
                "orderItems" if order_items.is_some() => return Err(repeated("orderItems")),
                "orderItems" => order_items = Some(map.next_value()?),
                _ => {
                    let value: Kept = map.next_value()?;
                    other.insert(key.into_string(), value);
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

/// `quantity` as read from the wire (see [`QuantitySeed`]).
struct WireQuantity(Quantity);

impl From<WireQuantity> for Quantity {
    fn from(wire: WireQuantity) -> Self {
        wire.0
    }
}

impl<'de> Deserialize<'de> for WireQuantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_u32(QuantitySeed).map(WireQuantity)
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
