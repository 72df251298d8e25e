//! The Cancel Order request body.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{duplicate_key, KeysOnly, OrderId};

cancel_domain::open_enum! {
    /// `dispositionReason` of Cancel Order: why the whole order is cancelled.
    ///
    /// Endpoint `POST …/api/v2/order/action/cancel`; JSON name `dispositionReason`;
    /// REQUIRED; a string, one of the documented values. The vendor's docs add "etc." and
    /// point to a schema for the full list, which could not be read: any other value is
    /// kept for round trips but is invalid under validation (kind `enum`).
    pub enum DispositionReason {
        /// `customer_changed_mind`: the customer changed their mind.
        CustomerChangedMind = "customer_changed_mind",
        /// `created_by_mistake`: the order was created by mistake.
        CreatedByMistake = "created_by_mistake",
        /// `other`: explained in `dispositionOtherReason`, which is then required.
        Other = "other",
    }
}

/// Which spelling of the order id key (REQUIRED, JSON integer 1 ..= 2^53 − 1) a Cancel Order
/// request (`POST …/api/v2/order/action/cancel`) uses.
///
/// The seed (and this crate's output) spell it `orderId`; the vendor's own docs spell it
/// `orderID`. Both are accepted on input, and a parsed request remembers its spelling so
/// that `normalize` writes back the key it read (JSON-equal output). Requests built by
/// this crate (from the core, or with [`CancelOrderRequest::new`]) use `orderId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OrderIdSpelling {
    /// `orderId`, the seed's spelling (the default).
    #[default]
    OrderId,
    /// `orderID`, the vendor documentation's spelling.
    #[allow(clippy::upper_case_acronyms)]
    OrderID,
}

impl OrderIdSpelling {
    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderId => "orderId",
            Self::OrderID => "orderID",
        }
    }
}

/// The body of Cancel Order in Kibo's translated (legacy OMS) API.
///
/// Endpoint: `POST https://{tenantId}-translation.mozu.com/api/v2/order/action/cancel`
/// (sandbox: `https://{tenantId}-translation.sandbox.mozu.com/…`), header `x-vol-tenant`;
/// see [`crate::CancelOrderCall`]. It cancels the **whole** order.
///
/// | JSON name | required | constraint |
/// |---|---|---|
/// | `orderId` (also read as `orderID`) | yes | JSON integer, 1 ..= 2^53 − 1 |
/// | `dispositionReason` | yes | `customer_changed_mind`, `created_by_mistake` or `other` |
/// | `dispositionOtherReason` | exactly when the reason is `other` | string of 1 ..= 255 characters |
///
/// ```
/// use cancel_mozu::wire::{CancelOrderRequest, DispositionReason, OrderId};
/// let id = OrderId::new(1010101).unwrap();
/// let request = CancelOrderRequest::with_other_reason(id, "Customer changed mind");
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"orderId":1010101,"dispositionReason":"other","dispositionOtherReason":"Customer changed mind"}"#
/// );
/// assert_eq!(CancelOrderRequest::new(id, DispositionReason::CreatedByMistake).disposition_other_reason, None);
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct CancelOrderRequest {
    /// `orderId` (or `orderID`, see [`order_id_spelling`](Self::order_id_spelling)).
    /// REQUIRED. The order to cancel: a JSON integer from 1 to 2^53 − 1.
    pub order_id: OrderId,
    /// The key the order id was read from, and will be written to.
    pub order_id_spelling: OrderIdSpelling,
    /// `dispositionReason`. REQUIRED. Why the order is cancelled.
    pub disposition_reason: DispositionReason,
    /// `dispositionOtherReason`. REQUIRED when `dispositionReason` is `other`, not allowed
    /// otherwise (kind `rule`). 1 to 255 characters (Unicode scalar values, not bytes);
    /// the server stores latin1 and writes other characters as XHTML entities, so strict
    /// validation warns when that encoded form would pass 255. `null` is a `type` error.
    pub disposition_other_reason: Option<String>,
    /// Fields the vendor does not document, kept verbatim (strict validation flags them).
    /// Must not repeat a modelled key.
    pub other: cancel_domain::wire::KeptMap,
}

impl CancelOrderRequest {
    /// A request with the given reason and no other-reason text (spelling `orderId`).
    pub fn new(order_id: OrderId, disposition_reason: DispositionReason) -> Self {
        Self {
            order_id,
            order_id_spelling: OrderIdSpelling::OrderId,
            disposition_reason,
            disposition_other_reason: None,
            other: BTreeMap::new(),
        }
    }

    /// A request with reason `other` and its explanation.
    pub fn with_other_reason(order_id: OrderId, text: impl Into<String>) -> Self {
        Self {
            disposition_other_reason: Some(text.into()),
            ..Self::new(order_id, DispositionReason::Other)
        }
    }

    /// The JSON names this type models (both order id spellings included).
    pub const FIELDS: &'static [&'static str] = &[
        "orderId",
        "orderID",
        "dispositionReason",
        "dispositionOtherReason",
    ];
}

impl fmt::Debug for CancelOrderRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelOrderRequest")
            .field("order_id", &self.order_id)
            .field("order_id_spelling", &self.order_id_spelling)
            .field("disposition_reason", &self.disposition_reason)
            .field("disposition_other_reason", &self.disposition_other_reason)
            .field("other", &KeysOnly(&self.other))
            .finish()
    }
}

impl Serialize for CancelOrderRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 2 + usize::from(self.disposition_other_reason.is_some()) + self.other.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry(self.order_id_spelling.as_str(), &self.order_id)?;
        map.serialize_entry("dispositionReason", &self.disposition_reason)?;
        if let Some(text) = &self.disposition_other_reason {
            map.serialize_entry("dispositionOtherReason", text)?;
        }
        for (key, value) in &self.other {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

enum Field {
    OrderId(OrderIdSpelling),
    DispositionReason,
    DispositionOtherReason,
    Other(String),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "orderId" => Field::OrderId(OrderIdSpelling::OrderId),
                    "orderID" => Field::OrderId(OrderIdSpelling::OrderID),
                    "dispositionReason" => Field::DispositionReason,
                    "dispositionOtherReason" => Field::DispositionOtherReason,
                    other => Field::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

impl<'de> Deserialize<'de> for CancelOrderRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CancelOrderRequest;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Cancel Order request object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut order_id: Option<(OrderId, OrderIdSpelling)> = None;
                let mut reason: Option<DispositionReason> = None;
                let mut text: Option<String> = None;
                let mut other = BTreeMap::new();
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::OrderId(spelling) => {
                            if let Some((_, first)) = &order_id {
                                return Err(cancel_domain::wire::given_twice(
                                    &mut map,
                                    first.as_str(),
                                    spelling.as_str(),
                                ));
                            }
                            order_id = Some((map.next_value()?, spelling));
                        }
                        Field::DispositionReason => {
                            if reason.is_some() {
                                return Err(duplicate_key(&mut map, "dispositionReason"));
                            }
                            reason = Some(map.next_value()?);
                        }
                        Field::DispositionOtherReason => {
                            if text.is_some() {
                                return Err(duplicate_key(&mut map, "dispositionOtherReason"));
                            }
                            text = Some(map.next_value()?);
                        }
                        Field::Other(key) => {
                            if other.contains_key(&key) {
                                return Err(duplicate_key(&mut map, &key));
                            }
                            let value = map.next_value::<cancel_domain::wire::Kept>()?;
                            other.insert(key, value);
                        }
                    }
                }
                let (order_id, order_id_spelling) =
                    order_id.ok_or_else(|| de::Error::missing_field("orderId"))?;
                let disposition_reason =
                    reason.ok_or_else(|| de::Error::missing_field("dispositionReason"))?;
                Ok(CancelOrderRequest {
                    order_id,
                    order_id_spelling,
                    disposition_reason,
                    disposition_other_reason: text,
                    other,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// The request's visitor refuses a repeated modelled key (`orderId` and `orderID` count as
/// one); unknown keys land in `other`.
impl cancel_domain::json::StrictKeys for CancelOrderRequest {
    fn keys_all_modelled(&self, max_depth: usize) -> bool {
        max_depth >= 1 && self.other.is_empty()
    }
}
