//! Serde types mirroring the chatbot's JSON field for field.
//!
//! Endpoint: `POST /api/rest/v1/ecom/integrations/cancelOrder` (JSON only; the vendor says
//! "Requires authentication" but names no scheme).
//!
//! - [`CancelOrderRequest`]: the request body;
//! - [`CancelOrderResponse`]: the response body (success and refusal alike: the text is the
//!   only signal).
//!
//! Every object keeps the fields it does not model in `other`, so parse → serialize gives
//! the same JSON. Vendor string vocabularies are open enums ([`InterestType`],
//! [`LanguageCode`], [`ResponseType`], [`MediaType`]): unknown values are kept verbatim.
//! Personal data (`userInfo`) is wrapped in [`cancel_domain::Sensitive`] and never printed
//! by `Debug`; `Debug` of `other` shows keys only.

mod enums;
mod request;
mod response;

pub use enums::{InterestType, LanguageCode, MediaType, ResponseType};
pub use request::{
    CancelOrderRequest, ConversationRequest, EntityInfo, OrderIdKey, Parameters, Params, QueryInfo,
    UserInfo,
};
pub use response::{
    Attribute, BasicCard, CancelOrderResponse, ContainerResponse, Image, MediaObject,
    MediaResponse, Response, ResponseMessage, SimpleResponse,
};

/// The JSON Schema (draft 2020-12) of the request body.
pub fn request_schema() -> serde_json::Value {
    schema_of::<CancelOrderRequest>(
        "Chatbot cancelOrder request (POST /api/rest/v1/ecom/integrations/cancelOrder)",
    )
}

/// The JSON Schema (draft 2020-12) of the response body.
pub fn response_schema() -> serde_json::Value {
    schema_of::<CancelOrderResponse>("Chatbot cancelOrder response")
}

fn schema_of<T: schemars::JsonSchema>(title: &str) -> serde_json::Value {
    let mut value = serde_json::Value::from(schemars::schema_for!(T));
    strip_null(&mut value);
    if let Some(object) = value.as_object_mut() {
        object.insert("title".to_owned(), serde_json::Value::from(title));
    }
    value
}

/// schemars writes `Option<T>` as "T or null"; on this wire an optional field is absent,
/// never `null` (a `null` is a `type` error), so the null alternative is removed.
fn strip_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    object.insert("type".to_owned(), single);
                }
            }
            let mut replace = None;
            if let Some(Value::Array(any_of)) = object.get_mut("anyOf") {
                any_of.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if let [single] = any_of.as_slice() {
                    replace = Some(single.clone());
                }
            }
            if let Some(Value::Object(single)) = replace {
                object.remove("anyOf");
                for (k, v) in single {
                    object.entry(k).or_insert(v);
                }
            }
            for child in object.values_mut() {
                strip_null(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_modelled_field_repeated_in_other_is_written_once() {
        let mut user = UserInfo::new("51342");
        user.other
            .insert("uid".to_owned(), cancel_domain::wire::Kept::from("shadow"));
        user.other
            .insert("nickname".to_owned(), cancel_domain::wire::Kept::from("rr"));
        assert_eq!(
            serde_json::to_string(&user).unwrap(),
            r#"{"uid":"51342","nickname":"rr"}"#
        );
        let mut entity = EntityInfo::new("1");
        entity.key = OrderIdKey::Table;
        entity
            .other
            .insert("orderId".to_owned(), cancel_domain::wire::Kept::from("2"));
        assert_eq!(
            serde_json::to_string(&entity).unwrap(),
            r#"{"orderID":"1"}"#
        );
    }

    #[test]
    fn debug_shows_unknown_keys_but_not_their_values() {
        let user: UserInfo =
            serde_json::from_str(r#"{"uid":"51342","first_name":"Ravi","phone":"+9155"}"#).unwrap();
        let debug = format!("{user:?}");
        assert!(
            debug.contains("phone") && debug.contains("<redacted>"),
            "{debug}"
        );
        assert!(!debug.contains("+9155") && !debug.contains("Ravi") && !debug.contains("51342"));
    }

    #[test]
    fn schemas_have_no_null_alternatives() {
        for schema in [request_schema(), response_schema()] {
            let text = schema.to_string();
            assert!(!text.contains("\"null\""), "{text}");
            assert_eq!(
                schema["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
        }
        let request = request_schema();
        assert_eq!(
            request["required"],
            serde_json::json!(["conversationRequest", "queryInfo", "languageCode"])
        );
    }
}
