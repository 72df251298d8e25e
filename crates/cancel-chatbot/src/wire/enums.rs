//! The vendor's string vocabularies, as open enums.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

cancel_domain::open_enum! {
    /// `queryInfo.interestType` of `POST /api/rest/v1/ecom/integrations/cancelOrder`:
    /// which backend operation the chatbot calls. REQUIRED, a JSON string.
    ///
    /// Constraint: on the cancel endpoint only `cancel-order` is valid (rule
    /// `interest-type`, kind `enum`). The other known values belong to the sibling
    /// operations of the same API; note their mixed naming styles, which are the vendor's.
    pub enum InterestType {
        /// `cancel-order`: the cancel endpoint's value.
        CancelOrder = "cancel-order",
        /// `orderStatus` (`getOrderStatus`).
        OrderStatus = "orderStatus",
        /// `order-details` (`getOrderDetails`).
        OrderDetails = "order-details",
        /// `createOrder` (`placeOrder`).
        CreateOrder = "createOrder",
    }
}

impl InterestType {
    /// The operation a known value belongs to.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::CancelOrder => Some("cancelOrder"),
            Self::OrderStatus => Some("getOrderStatus"),
            Self::OrderDetails => Some("getOrderDetails"),
            Self::CreateOrder => Some("placeOrder"),
            Self::__Unknown(_) => None,
        }
    }
}

cancel_domain::open_enum! {
    /// `languageCode` of `POST /api/rest/v1/ecom/integrations/cancelOrder`: the language
    /// of the conversation. REQUIRED, a JSON string.
    ///
    /// Constraint: the vendor documents `en-US`, `en-AU`, `en-UK` (default `en-US`) and
    /// every example sends `en`; these four are accepted. Any other value is kept as sent
    /// and reported by `--strict` (kind `enum`). `en-UK` is the vendor's spelling (the
    /// BCP-47 tag would be `en-GB`, which this API does not document).
    pub enum LanguageCode {
        /// `en`: what every vendor example sends.
        En = "en",
        /// `en-US`: the documented default.
        EnUs = "en-US",
        /// `en-AU`.
        EnAu = "en-AU",
        /// `en-UK` (sic).
        EnUk = "en-UK",
    }
}

cancel_domain::open_enum! {
    /// `response.responseType` of the cancelOrder response (and the optional
    /// `responseType` the request table lists): the kind of reply. A JSON string.
    ///
    /// Constraint: the docs name `text` (default), `card` and `media`; the `placeOrder`
    /// example adds `container`. Other values are kept and reported by `--strict`
    /// (kind `enum`).
    pub enum ResponseType {
        /// `text`: a `simpleResponse` reply.
        Text = "text",
        /// `card`: a `basicCard` reply.
        Card = "card",
        /// `media`: a `mediaResponse` reply.
        Media = "media",
        /// `container`: a `containerResponse` reply.
        Container = "container",
    }
}

impl ResponseType {
    /// The message key that carries a reply of this type (`simpleResponse` for `text`...).
    pub fn message_key(&self) -> Option<&'static str> {
        match self {
            Self::Text => Some("simpleResponse"),
            Self::Card => Some("basicCard"),
            Self::Media => Some("mediaResponse"),
            Self::Container => Some("containerResponse"),
            Self::__Unknown(_) => None,
        }
    }
}

cancel_domain::open_enum! {
    /// `mediaResponse.mediaType` of the cancelOrder response. OPTIONAL, a JSON string.
    ///
    /// Constraint: the docs show only `AUDIO` (the Actions-on-Google value); other values
    /// are kept and reported by `--strict` (kind `enum`).
    pub enum MediaType {
        /// `AUDIO`.
        Audio = "AUDIO",
    }
}

fn open_schema(description: &str, known: &[&str]) -> Schema {
    json_schema!({
        "type": "string",
        "description": description,
        "examples": known,
    })
}

impl JsonSchema for InterestType {
    fn schema_name() -> Cow<'static, str> {
        "InterestType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "const": "cancel-order",
            "description": "Which backend operation is called; the cancel endpoint takes only `cancel-order`.",
        })
    }
}

impl JsonSchema for LanguageCode {
    fn schema_name() -> Cow<'static, str> {
        "LanguageCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        open_schema(
            "Language of the conversation; `en`, `en-US`, `en-AU`, `en-UK` are documented, others are kept and flagged by --strict.",
            Self::KNOWN,
        )
    }
}

impl JsonSchema for ResponseType {
    fn schema_name() -> Cow<'static, str> {
        "ResponseType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        open_schema(
            "Kind of reply: `text`, `card`, `media` or `container`; others are kept and flagged by --strict.",
            Self::KNOWN,
        )
    }
}

impl JsonSchema for MediaType {
    fn schema_name() -> Cow<'static, str> {
        "MediaType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        open_schema(
            "Media kind; `AUDIO` is documented, others are kept and flagged by --strict.",
            Self::KNOWN,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_survive_and_known_ones_parse() {
        let known: LanguageCode = serde_json::from_str("\"en-AU\"").unwrap();
        assert_eq!(known, LanguageCode::EnAu);
        assert!(known.is_known());
        let other: LanguageCode = serde_json::from_str("\"de-DE\"").unwrap();
        assert!(!other.is_known());
        assert_eq!(other.as_str(), "de-DE");
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"de-DE\"");
        assert_eq!(
            format!("{other:?}"),
            "LanguageCode::Unrecognized(\"de-DE\")"
        );
        for raw in InterestType::KNOWN {
            let v = InterestType::from(*raw);
            assert!(v.is_known());
            assert_eq!(v.as_str(), *raw);
            assert!(v.operation().is_some());
        }
        for raw in ResponseType::KNOWN {
            assert!(ResponseType::from(*raw).message_key().is_some());
        }
        assert_eq!(ResponseType::from("carousel").message_key(), None);
        assert!(serde_json::from_str::<MediaType>("1").is_err());
    }
}
