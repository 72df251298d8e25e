//! The response body of `POST /api/rest/v1/ecom/integrations/cancelOrder`.
//!
//! The shapes copy the Dialogflow / Actions-on-Google "rich response" objects. Success and
//! refusal are both told only in the text: there is no status code and no error body.

use cancel_domain::wire::Unknown;

use super::{MediaType, ResponseType};

cancel_domain::wire_object! {
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
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct CancelOrderResponse expecting "a JSON object (CancelOrderResponse)" with schema {
        /// `response`: REQUIRED object; the reply.
        "response" => response: Response [required],
    }
}

impl CancelOrderResponse {
    /// A body wrapping `response`.
    pub fn new(response: Response) -> Self {
        Self {
            response,
            other: Unknown::new(),
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

cancel_domain::wire_object! {
    /// `response` of the cancelOrder response body.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Response expecting "a JSON object (Response)" with schema {
        /// `responseType`: REQUIRED string; `text`, `card`, `media` or `container`.
        "responseType" => response_type: ResponseType [required],
        /// `responseId`: REQUIRED non-empty string; documented shape: a UUID, `-`, and 8 hex
        /// digits (`be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8`); another shape is
        /// flagged by `--strict`.
        #[schemars(length(min = 1))]
        "responseId" => response_id: String [required],
        /// `responseMessages`: REQUIRED non-empty array of messages.
        #[schemars(length(min = 1))]
        "responseMessages" => response_messages: Vec<ResponseMessage> [required],
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
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// One element of `response.responseMessages`. It carries at least one of the four
    /// message kinds, and may carry several (the vendor's example puts a `basicCard` and a
    /// `mediaResponse` in one element).
    #[derive(Default)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ResponseMessage expecting "a JSON object (ResponseMessage)" with schema {
        /// `simpleResponse`: OPTIONAL object; a plain text reply.
        "simpleResponse" => simple_response: SimpleResponse [optional],
        /// `basicCard`: OPTIONAL object; a card.
        "basicCard" => basic_card: BasicCard [optional],
        /// `mediaResponse`: OPTIONAL object; audio.
        "mediaResponse" => media_response: MediaResponse [optional],
        /// `containerResponse`: OPTIONAL object; a text with name/value attributes.
        "containerResponse" => container_response: ContainerResponse [optional],
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

cancel_domain::wire_object! {
    /// `simpleResponse` of a response message (also listed, without a position, in the
    /// request's parameter table).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct SimpleResponse expecting "a JSON object (SimpleResponse)" with schema {
        /// `responseText`: REQUIRED non-empty string; the reply text
        /// (`"Order 748596 has been cancelled"`).
        #[schemars(length(min = 1))]
        "responseText" => response_text: String [required],
    }
}

impl SimpleResponse {
    /// A text reply.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            response_text: text.into(),
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `basicCard` of a response message.
    #[derive(Default)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct BasicCard expecting "a JSON object (BasicCard)" with schema {
        /// `title`: OPTIONAL string.
        "title" => title: String [optional],
        /// `subtitle`: OPTIONAL string.
        "subtitle" => subtitle: String [optional],
        /// `formattedText`: OPTIONAL string; may hold quotes, newlines and emoji.
        "formattedText" => formatted_text: String [optional],
        /// `image`: OPTIONAL object.
        "image" => image: Image [optional],
    }
}

cancel_domain::wire_object! {
    /// `basicCard.image`, or `mediaObjects[].icon`, of a response message.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Image expecting "a JSON object (Image)" with schema {
        /// `url`: REQUIRED string; the image URL.
        "url" => url: String [required],
        /// `accessibilityText`: OPTIONAL string; the alternate text.
        "accessibilityText" => accessibility_text: String [optional],
    }
}

impl Image {
    /// An image at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            accessibility_text: None,
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `mediaResponse` of a response message.
    #[derive(Default)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct MediaResponse expecting "a JSON object (MediaResponse)" with schema {
        /// `mediaType`: OPTIONAL string; `AUDIO` is documented.
        "mediaType" => media_type: MediaType [optional],
        /// `mediaObjects`: OPTIONAL array of media objects.
        "mediaObjects" => media_objects: Vec<MediaObject> [optional],
    }
}

cancel_domain::wire_object! {
    /// One element of `mediaResponse.mediaObjects`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct MediaObject expecting "a JSON object (MediaObject)" with schema {
        /// `contentUrl`: REQUIRED string; the media URL.
        "contentUrl" => content_url: String [required],
        /// `description`: OPTIONAL string.
        "description" => description: String [optional],
        /// `icon`: OPTIONAL object.
        "icon" => icon: Image [optional],
        /// `name`: OPTIONAL string.
        "name" => name: String [optional],
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
            other: Unknown::new(),
        }
    }
}

cancel_domain::wire_object! {
    /// `containerResponse` of a response message (seen in the `placeOrder` example).
    #[derive(Default)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ContainerResponse expecting "a JSON object (ContainerResponse)" with schema {
        /// `responseText`: OPTIONAL non-empty string; the reply text.
        #[schemars(length(min = 1))]
        "responseText" => response_text: String [optional],
        /// `attributes`: OPTIONAL array of name/value pairs (`orderId`, `transactionId`,
        /// `orderStatus`...).
        "attributes" => attributes: Vec<Attribute> [optional],
    }
}

cancel_domain::wire_object! {
    /// One element of `containerResponse.attributes`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Attribute expecting "a JSON object (Attribute)" with schema {
        /// `name`: REQUIRED string (`orderId`, `orderStatus`...).
        "name" => name: String [required],
        /// `value`: REQUIRED string (`"23456"`, `"Placed"`); the docs show strings only.
        "value" => value: String [required],
    }
}

impl Attribute {
    /// A `name` / `value` pair.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            other: Unknown::new(),
        }
    }
}
