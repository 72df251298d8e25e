//! The request body of `POST /api/rest/v1/ecom/integrations/cancelOrder`.

use std::borrow::Cow;
use std::fmt;

use cancel_domain::wire::{given_twice, Kept, Key, Unknown};
use cancel_domain::Sensitive;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{InterestType, LanguageCode, ResponseType, SimpleResponse};

cancel_domain::wire_object! {
    /// The body of `POST /api/rest/v1/ecom/integrations/cancelOrder`: who asks (the chat
    /// user), which operation (`cancel-order`) and which order.
    ///
    /// The cancel has no reason field and no item list: it always cancels the whole order.
    ///
    /// ```
    /// use cancel_chatbot::wire::CancelOrderRequest;
    /// let request = CancelOrderRequest::cancel_order("telegram", "51342", "748596", "en");
    /// assert_eq!(
    ///     serde_json::to_value(&request).unwrap(),
    ///     serde_json::json!({
    ///         "conversationRequest": {"channel": "telegram", "userInfo": {"uid": "51342"}},
    ///         "queryInfo": {
    ///             "interestType": "cancel-order",
    ///             "parameters": {"params": {"entityInfo": {"orderId": "748596"}}}
    ///         },
    ///         "languageCode": "en"
    ///     })
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct CancelOrderRequest expecting "a JSON object (CancelOrderRequest)" with schema {
        /// `conversationRequest`: REQUIRED object; the chat channel and the user.
        "conversationRequest" => conversation_request: ConversationRequest [required],
        /// `queryInfo`: REQUIRED object; the operation and its parameters.
        "queryInfo" => query_info: QueryInfo [required],
        /// `languageCode`: REQUIRED string; `en`, `en-US`, `en-AU` or `en-UK` (others are
        /// kept and flagged by `--strict`).
        "languageCode" => language_code: LanguageCode [required],
        /// `responseType`: OPTIONAL string (`text`, `card`, `media`); the vendor's parameter
        /// table lists it for the request, although in practice it only appears in responses.
        "responseType" => response_type: ResponseType [optional],
        /// `simpleResponse`: OPTIONAL object; listed ("semi optional") in the vendor's
        /// parameter table, never seen in a request example. Modelled at the root.
        "simpleResponse" => simple_response: SimpleResponse [optional],
    }
}

impl CancelOrderRequest {
    /// A request from its three required parts.
    pub fn new(
        conversation_request: ConversationRequest,
        query_info: QueryInfo,
        language_code: LanguageCode,
    ) -> Self {
        Self {
            conversation_request,
            query_info,
            language_code,
            response_type: None,
            simple_response: None,
            other: Unknown::new(),
        }
    }

    /// A cancel of `order_id` asked by user `uid` on `channel`, in `language_code`.
    pub fn cancel_order(
        channel: impl Into<String>,
        uid: impl Into<String>,
        order_id: impl Into<String>,
        language_code: impl Into<String>,
    ) -> Self {
        Self::new(
            ConversationRequest::new(channel, UserInfo::new(uid)),
            QueryInfo::cancel_order(order_id),
            LanguageCode::from(language_code.into()),
        )
    }

    /// The order id (`queryInfo.parameters.params.entityInfo.orderId`), as sent.
    pub fn order_id(&self) -> &str {
        &self.query_info.parameters.params.entity_info.order_id
    }
}

cancel_domain::wire_object! {
    /// `conversationRequest` of the cancelOrder request: the channel and the chat user.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ConversationRequest expecting "a JSON object (ConversationRequest)" with schema {
        /// `channel`: REQUIRED string; an open value kept exactly as sent (`telegram`,
        /// `TELEGRAM` and `WHATSAPP` all occur).
        "channel" => channel: String [required],
        /// `userInfo`: REQUIRED object; the chat user.
        "userInfo" => user_info: UserInfo [required],
    }
}

impl ConversationRequest {
    /// A conversation on `channel` with `user_info`.
    pub fn new(channel: impl Into<String>, user_info: UserInfo) -> Self {
        Self {
            channel: channel.into(),
            user_info,
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `conversationRequest.userInfo` of the cancelOrder request: the chat user.
    ///
    /// Every field is personal data: `Debug` prints `<redacted>` for each. The JSON keys
    /// are snake case (`first_name`); the vendor's parameter table calls them `firstName`,
    /// `lastName`, `userName`, `uuid`, but no example uses those names, so they are not
    /// read as aliases (they would land in `other` and be flagged by `--strict`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct UserInfo expecting "a JSON object (UserInfo)" with schema {
        /// `first_name`: OPTIONAL string; the user's given name.
        #[schemars(with = "Option<String>")]
        "first_name" => first_name: Sensitive<String> [optional],
        /// `last_name`: OPTIONAL string; the user's family name.
        #[schemars(with = "Option<String>")]
        "last_name" => last_name: Sensitive<String> [optional],
        /// `uid`: REQUIRED non-empty string; the user's id on the channel ("email id of the
        /// user / chat id etc"), a string even when it holds digits.
        #[schemars(with = "String", length(min = 1))]
        "uid" => uid: Sensitive<String> [required],
        /// `username`: OPTIONAL ("semi optional") string; the handle from the chat channel.
        #[schemars(with = "Option<String>")]
        "username" => username: Sensitive<String> [optional],
    }
}

impl UserInfo {
    /// A user known only by `uid`.
    pub fn new(uid: impl Into<String>) -> Self {
        Self {
            first_name: None,
            last_name: None,
            uid: Sensitive::new(uid.into()),
            username: None,
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `queryInfo` of the cancelOrder request: the operation and its parameters.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct QueryInfo expecting "a JSON object (QueryInfo)" with schema {
        /// `interestType`: REQUIRED string; must be `cancel-order` on this endpoint.
        "interestType" => interest_type: InterestType [required],
        /// `parameters`: REQUIRED object; wraps `params`.
        "parameters" => parameters: Parameters [required],
    }
}

impl QueryInfo {
    /// `interestType` and `parameters`.
    pub fn new(interest_type: InterestType, parameters: Parameters) -> Self {
        Self {
            interest_type,
            parameters,
            other: Unknown::new(),
        }
    }

    /// A `cancel-order` query for `order_id` (written with the seed's `orderId` key).
    pub fn cancel_order(order_id: impl Into<String>) -> Self {
        Self::new(
            InterestType::CancelOrder,
            Parameters::new(Params::new(EntityInfo::new(order_id))),
        )
    }
}

cancel_domain::wire_object! {
    /// `queryInfo.parameters` of the cancelOrder request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Parameters expecting "a JSON object (Parameters)" with schema {
        /// `params`: REQUIRED object; "parameters that required for the business to
        /// functionate".
        "params" => params: Params [required],
    }
}

impl Parameters {
    /// Parameters wrapping `params`.
    pub fn new(params: Params) -> Self {
        Self {
            params,
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `queryInfo.parameters.params` of the cancelOrder request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Params expecting "a JSON object (Params)" with schema {
        /// `entityInfo`: REQUIRED object; names the order.
        "entityInfo" => entity_info: EntityInfo [required],
    }
}

impl Params {
    /// Params naming `entity_info`.
    pub fn new(entity_info: EntityInfo) -> Self {
        Self {
            entity_info,
            other: Unknown::new(),
        }
    }
}

/// Which key carried the order id in `entityInfo` (rule `order-id-key`).
///
/// The vendor's example request writes `orderId`; its parameter table writes `orderID`.
/// Both are read. The key a body arrived with is kept so that writing it back gives the
/// same JSON; every body this crate builds uses the seed's `orderId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OrderIdKey {
    /// `orderId`: the example request's spelling (the one this crate writes).
    #[default]
    Seed,
    /// `orderID`: the parameter table's spelling (accepted on input).
    Table,
}

impl OrderIdKey {
    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seed => EntityInfo::ORDER_ID,
            Self::Table => EntityInfo::ORDER_ID_TABLE,
        }
    }
}

/// `queryInfo.parameters.params.entityInfo` of the cancelOrder request: the order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntityInfo {
    /// `orderId` (or `orderID`): REQUIRED non-empty JSON string; the order number, kept
    /// verbatim (leading zeros included). A JSON number is a `type` error.
    pub order_id: String,
    /// The key the id was (or will be) written under.
    pub key: OrderIdKey,
    /// Fields this crate does not model, kept verbatim (`--strict` reports them).
    pub other: Unknown,
}

impl EntityInfo {
    /// `orderId`, the example request's key.
    pub const ORDER_ID: &'static str = "orderId";
    /// `orderID`, the parameter table's key.
    pub const ORDER_ID_TABLE: &'static str = "orderID";

    /// The order `order_id`, written under the seed's `orderId` key.
    pub fn new(order_id: impl Into<String>) -> Self {
        Self {
            order_id: order_id.into(),
            key: OrderIdKey::Seed,
            other: Unknown::new(),
        }
    }

    fn is_modelled(key: &str) -> bool {
        key == Self::ORDER_ID || key == Self::ORDER_ID_TABLE
    }
}

impl Serialize for EntityInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let extra = self.other.keys().filter(|k| !Self::is_modelled(k)).count();
        let mut map = serializer.serialize_map(Some(extra + 1))?;
        map.serialize_entry(self.key.as_str(), &self.order_id)?;
        for (key, value) in &self.other {
            if !Self::is_modelled(key) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for EntityInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntityVisitor;

        impl<'de> Visitor<'de> for EntityVisitor {
            type Value = EntityInfo;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object (EntityInfo)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntityInfo, A::Error> {
                let mut order: Option<(String, OrderIdKey)> = None;
                let mut other = Unknown::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let spelling = match key.as_str() {
                        EntityInfo::ORDER_ID => Some(OrderIdKey::Seed),
                        EntityInfo::ORDER_ID_TABLE => Some(OrderIdKey::Table),
                        _ => None,
                    };
                    match (spelling, &order) {
                        (Some(second), Some((_, first))) => {
                            return Err(given_twice(&mut map, first.as_str(), second.as_str()));
                        }
                        (Some(spelling), None) => order = Some((map.next_value()?, spelling)),
                        (None, _) => {
                            let value: Kept = map.next_value()?;
                            other.insert(key.into_string(), value);
                        }
                    }
                }
                let (order_id, key) =
                    order.ok_or_else(|| de::Error::missing_field(EntityInfo::ORDER_ID))?;
                Ok(EntityInfo {
                    order_id,
                    key,
                    other,
                })
            }
        }

        deserializer.deserialize_map(EntityVisitor)
    }
}

impl JsonSchema for EntityInfo {
    fn schema_name() -> Cow<'static, str> {
        "EntityInfo".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Names the order: `orderId` (the example's key) or `orderID` (the parameter table's key), exactly one of them.",
            "properties": {
                "orderId": {"type": "string", "minLength": 1, "description": "The order number, kept verbatim."},
                "orderID": {"type": "string", "minLength": 1, "description": "The parameter table's spelling of orderId."}
            },
            "oneOf": [
                {"required": ["orderId"], "not": {"required": ["orderID"]}},
                {"required": ["orderID"], "not": {"required": ["orderId"]}}
            ],
            "additionalProperties": true
        })
    }
}

/// Every object of a request is read by a visitor that refuses a repeated modelled key;
/// unknown keys land in the `other` maps, and `simpleResponse` is not checked key by key.
impl cancel_domain::json::StrictKeys for CancelOrderRequest {
    fn keys_all_modelled(&self, max_depth: usize) -> bool {
        // root > queryInfo > parameters > params > entityInfo
        const DEPTH: usize = 5;
        let conversation = &self.conversation_request;
        let query = &self.query_info;
        let params = &query.parameters.params;
        max_depth >= DEPTH
            && self.simple_response.is_none()
            && self.other.is_empty()
            && conversation.other.is_empty()
            && conversation.user_info.other.is_empty()
            && query.other.is_empty()
            && query.parameters.other.is_empty()
            && params.other.is_empty()
            && params.entity_info.other.is_empty()
    }
}
