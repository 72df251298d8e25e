//! The response body of `POST /api/rest/v1/ecom/integrations/cancelOrder`.
//!
//! The shapes copy the Dialogflow / Actions-on-Google "rich response" objects. Success and
//! refusal are both told only in the text: there is no status code and no error body.

use std::collections::BTreeMap;

use super::{MediaType, ResponseType};

wire_object! {
    /// The body the cancelOrder endpoint answers with: `{"response": {...}}`.
    ///
    /// ```
    /// use cancel_chatbot::wire::CancelOrderResponse;
    /// let body = CancelOrderResponse::text(
    ///     "be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8",
    ///     "Order 748596 has been cancelled",
    /// );
    /// assert_eq!(body.texts().collect::<Vec<_>>(), ["Order 748596 has been cancelled"]);
    /// ```
    pub struct CancelOrderResponse {
        /// `response`: REQUIRED object; the reply.
        ("response", required) response: Response,
    }
}

impl CancelOrderResponse {
    /// A body wrapping `response`.
    pub fn new(response: Response) -> Self {
        Self {
            response,
            other: BTreeMap::new(),
        }
    }

    /// A `text` reply with one `simpleResponse`.
    pub fn text(response_id: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(Response::new(
            ResponseType::Text,
            response_id,
            vec![ResponseMessage::simple(text)],
        ))
    }

    /// Every reply text, in order: each `simpleResponse.responseText` and each
    /// `containerResponse.responseText`.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.response.response_messages.iter().flat_map(|m| {
            let simple = m.simple_response.as_ref().map(|s| s.response_text.as_str());
            let container = m
                .container_response
                .as_ref()
                .and_then(|c| c.response_text.as_deref());
            simple.into_iter().chain(container)
        })
    }
}

wire_object! {
    /// `response` of the cancelOrder response body.
    pub struct Response {
        /// `responseType`: REQUIRED string; `text`, `card`, `media` or `container`.
        ("responseType", required) response_type: ResponseType,
        /// `responseId`: REQUIRED non-empty string; documented shape: a UUID, `-`, and 8 hex
        /// digits (`be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8`); another shape is
        /// flagged by `--strict`.
        #[schemars(length(min = 1))]
        ("responseId", required) response_id: String,
        /// `responseMessages`: REQUIRED non-empty array of messages.
        #[schemars(length(min = 1))]
        ("responseMessages", required) response_messages: Vec<ResponseMessage>,
    }
}

impl Response {
    /// A reply of `response_type` with `response_messages`.
    pub fn new(
        response_type: ResponseType,
        response_id: impl Into<String>,
        response_messages: Vec<ResponseMessage>,
    ) -> Self {
        Self {
            response_type,
            response_id: response_id.into(),
            response_messages,
            other: BTreeMap::new(),
        }
    }
}

wire_object! {
    /// One element of `response.responseMessages`. It carries at least one of the four
    /// message kinds, and may carry several (the vendor's example puts a `basicCard` and a
    /// `mediaResponse` in one element).
    #[derive(Default)]
    pub struct ResponseMessage {
        /// `simpleResponse`: OPTIONAL object; a plain text reply.
        ("simpleResponse", optional) simple_response: SimpleResponse,
        /// `basicCard`: OPTIONAL object; a card.
        ("basicCard", optional) basic_card: BasicCard,
        /// `mediaResponse`: OPTIONAL object; audio.
        ("mediaResponse", optional) media_response: MediaResponse,
        /// `containerResponse`: OPTIONAL object; a text with name/value attributes.
        ("containerResponse", optional) container_response: ContainerResponse,
    }
}

impl ResponseMessage {
    /// An element with one `simpleResponse`.
    pub fn simple(text: impl Into<String>) -> Self {
        Self {
            simple_response: Some(SimpleResponse::new(text)),
            ..Self::default()
        }
    }

    /// Whether no known message kind is present.
    pub fn is_empty(&self) -> bool {
        self.simple_response.is_none()
            && self.basic_card.is_none()
            && self.media_response.is_none()
            && self.container_response.is_none()
    }
}

wire_object! {
    /// `simpleResponse` of a response message (also listed, without a position, in the
    /// request's parameter table).
    pub struct SimpleResponse {
        /// `responseText`: REQUIRED non-empty string; the reply text
        /// (`"Order 748596 has been cancelled"`).
        #[schemars(length(min = 1))]
        ("responseText", required) response_text: String,
    }
}

impl SimpleResponse {
    /// A text reply.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            response_text: text.into(),
            other: BTreeMap::new(),
        }
    }
}

wire_object! {
    /// `basicCard` of a response message.
    #[derive(Default)]
    pub struct BasicCard {
        /// `title`: OPTIONAL string.
        ("title", optional) title: String,
        /// `subtitle`: OPTIONAL string.
        ("subtitle", optional) subtitle: String,
        /// `formattedText`: OPTIONAL string; may hold quotes, newlines and emoji.
        ("formattedText", optional) formatted_text: String,
        /// `image`: OPTIONAL object.
        ("image", optional) image: Image,
    }
}

wire_object! {
    /// `basicCard.image`, or `mediaObjects[].icon`, of a response message.
    pub struct Image {
        /// `url`: REQUIRED string; the image URL.
        ("url", required) url: String,
        /// `accessibilityText`: OPTIONAL string; the alternate text.
        ("accessibilityText", optional) accessibility_text: String,
    }
}

impl Image {
    /// An image at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            accessibility_text: None,
            other: BTreeMap::new(),
        }
    }
}

wire_object! {
    /// `mediaResponse` of a response message.
    #[derive(Default)]
    pub struct MediaResponse {
        /// `mediaType`: OPTIONAL string; `AUDIO` is documented.
        ("mediaType", optional) media_type: MediaType,
        /// `mediaObjects`: OPTIONAL array of media objects.
        ("mediaObjects", optional) media_objects: Vec<MediaObject>,
    }
}

wire_object! {
    /// One element of `mediaResponse.mediaObjects`.
    pub struct MediaObject {
        /// `contentUrl`: REQUIRED string; the media URL.
        ("contentUrl", required) content_url: String,
        /// `description`: OPTIONAL string.
        ("description", optional) description: String,
        /// `icon`: OPTIONAL object.
        ("icon", optional) icon: Image,
        /// `name`: OPTIONAL string.
        ("name", optional) name: String,
    }
}

impl MediaObject {
    /// Media at `content_url`.
    pub fn new(content_url: impl Into<String>) -> Self {
        Self {
            content_url: content_url.into(),
            description: None,
            icon: None,
            name: None,
            other: BTreeMap::new(),
        }
    }
}

wire_object! {
    /// `containerResponse` of a response message (seen in the `placeOrder` example).
    #[derive(Default)]
    pub struct ContainerResponse {
        /// `responseText`: OPTIONAL non-empty string; the reply text.
        #[schemars(length(min = 1))]
        ("responseText", optional) response_text: String,
        /// `attributes`: OPTIONAL array of name/value pairs (`orderId`, `transactionId`,
        /// `orderStatus`...).
        ("attributes", optional) attributes: Vec<Attribute>,
    }
}

wire_object! {
    /// One element of `containerResponse.attributes`.
    pub struct Attribute {
        /// `name`: REQUIRED string (`orderId`, `orderStatus`...).
        ("name", required) name: String,
        /// `value`: REQUIRED string (`"23456"`, `"Placed"`); the docs show strings only.
        ("value", required) value: String,
    }
}

impl Attribute {
    /// A `name` / `value` pair.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            other: BTreeMap::new(),
        }
    }
}
