//! Semantic checks of parsed bodies, with wire paths.
//!
//! Named rules (each has a test and a fixture):
//!
//! | rule | checks | kind | strict only |
//! |---|---|---|---|
//! | `interest-type` | `queryInfo.interestType` is `cancel-order` (any other value, known or not, belongs to another endpoint) | `enum` | no |
//! | `uid-non-empty` | `conversationRequest.userInfo.uid` is not `""` | `range` | no |
//! | `order-id-non-empty` | `entityInfo.orderId` / `orderID` is not `""` | `range` | no |
//! | `order-id-key` | `entityInfo` names the order once (`orderId` and `orderID` together are refused while parsing) | `duplicate` | no |
//! | `language-code-non-empty` | `languageCode` is not `""` | `range` | no |
//! | `language-code` | `languageCode` is `en`, `en-US`, `en-AU` or `en-UK` | `enum` | yes |
//! | `response-type` | `responseType` is `text`, `card`, `media` or `container` | `enum` | yes |
//! | `response-messages-non-empty` | `response.responseMessages` has an element | `range` | no |
//! | `message-kind` | each message carries `simpleResponse`, `basicCard`, `mediaResponse` or `containerResponse` | `rule` | no |
//! | `response-id-non-empty` | `response.responseId` is not `""` | `range` | no |
//! | `response-id-shape` | `response.responseId` is a UUID, `-`, 8 hex digits | `rule` | yes |
//! | `response-text-non-empty` | every `responseText` is not `""` | `range` | no |
//! | `response-type-matches` | a message of the declared `responseType` is present (`text` → `simpleResponse`...) | `rule` | yes |
//! | `media-type` | `mediaType` is `AUDIO` | `enum` | yes |
//! | `unknown-field` | every field is modelled | `unknown_field` | yes |
//!
//! The vendor's own example request (a trailing comma) and example responses (no closing
//! brace) are not JSON; strict JSON reading refuses them with kind `syntax` at `$`.

use cancel_domain::{path, wire, ErrorKind};

use crate::wire::{CancelOrderRequest, CancelOrderResponse, Image, InterestType, ResponseMessage};

pub(crate) const CONVERSATION: &str = "conversationRequest";
pub(crate) const CHANNEL: &str = "conversationRequest.channel";
pub(crate) const USER_INFO: &str = "conversationRequest.userInfo";
pub(crate) const UID: &str = "conversationRequest.userInfo.uid";
pub(crate) const QUERY_INFO: &str = "queryInfo";
pub(crate) const INTEREST_TYPE: &str = "queryInfo.interestType";
pub(crate) const PARAMETERS: &str = "queryInfo.parameters";
pub(crate) const PARAMS: &str = "queryInfo.parameters.params";
pub(crate) const ENTITY_INFO: &str = "queryInfo.parameters.params.entityInfo";
pub(crate) const ORDER_ID: &str = "queryInfo.parameters.params.entityInfo.orderId";
pub(crate) const LANGUAGE_CODE: &str = "languageCode";
pub(crate) const RESPONSE: &str = "response";
pub(crate) const RESPONSE_MESSAGES: &str = "response.responseMessages";

pub use cancel_domain::wire::Findings;

fn unknown_fields(f: &mut Findings, base: &str, other: &cancel_domain::wire::KeptMap) {
    for key in other.keys() {
        f.unknown_field(path::field(base, key));
    }
}

// `validator::Validate` for the request body (feature `validator`).
#[cfg(feature = "validator")]
cancel_domain::impl_validate!(
    #[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
    crate::wire::CancelOrderRequest,
    |body| check_request(body).into_result()
);

/// Checks a request body.
///
/// ```
/// use cancel_chatbot::{validate, wire::CancelOrderRequest};
/// let request = CancelOrderRequest::cancel_order("telegram", "51342", "748596", "de-DE");
/// let findings = validate::check_request(&request);
/// assert!(findings.errors.is_empty());
/// assert_eq!(findings.strict[0].path, "languageCode");
/// ```
pub fn check_request(req: &CancelOrderRequest) -> Findings {
    let mut f = Findings::default();
    let conversation = &req.conversation_request;
    let user = &conversation.user_info;
    let query = &req.query_info;
    let entity = &query.parameters.params.entity_info;

    unknown_fields(&mut f, "", &req.other);
    unknown_fields(&mut f, CONVERSATION, &conversation.other);
    if user.uid.expose().is_empty() {
        f.errors.push(wire::empty_string(UID));
    }
    unknown_fields(&mut f, USER_INFO, &user.other);

    if query.interest_type != InterestType::CancelOrder {
        let message = match query.interest_type.operation() {
            Some(operation) => format!(
                "the cancelOrder endpoint takes interestType `cancel-order`; `{}` belongs to {operation}",
                query.interest_type
            ),
            None => "the cancelOrder endpoint takes interestType `cancel-order`".to_owned(),
        };
        f.error(INTEREST_TYPE, ErrorKind::Enum, message);
    }
    unknown_fields(&mut f, QUERY_INFO, &query.other);
    unknown_fields(&mut f, PARAMETERS, &query.parameters.other);
    unknown_fields(&mut f, PARAMS, &query.parameters.params.other);
    if entity.order_id.is_empty() {
        f.errors.push(wire::empty_string(path::field(
            ENTITY_INFO,
            entity.key.as_str(),
        )));
    }
    unknown_fields(&mut f, ENTITY_INFO, &entity.other);

    if req.language_code.as_str().is_empty() {
        f.errors.push(wire::empty_string(LANGUAGE_CODE));
    } else if !req.language_code.is_known() {
        f.unknown_value(
            LANGUAGE_CODE,
            req.language_code.as_str(),
            crate::wire::LanguageCode::KNOWN,
        );
    }
    if let Some(response_type) = &req.response_type {
        if !response_type.is_known() {
            f.unknown_value(
                "responseType",
                response_type.as_str(),
                crate::wire::ResponseType::KNOWN,
            );
        }
    }
    if let Some(simple) = &req.simple_response {
        unknown_fields(&mut f, "simpleResponse", &simple.other);
    }
    f
}

/// Checks a response body.
///
/// ```
/// use cancel_chatbot::{validate, wire::CancelOrderResponse};
/// let body = CancelOrderResponse::text("id-1", "Order 1 has been cancelled");
/// let findings = validate::check_response(&body);
/// assert!(findings.errors.is_empty());
/// assert_eq!(findings.strict[0].path, "response.responseId"); // not the documented shape
/// ```
pub fn check_response(body: &CancelOrderResponse) -> Findings {
    let mut f = Findings::default();
    let response = &body.response;
    unknown_fields(&mut f, "", &body.other);
    unknown_fields(&mut f, RESPONSE, &response.other);

    if !response.response_type.is_known() {
        f.unknown_value(
            "response.responseType",
            response.response_type.as_str(),
            crate::wire::ResponseType::KNOWN,
        );
    }
    if response.response_id.is_empty() {
        f.errors.push(wire::empty_string("response.responseId"));
    } else if !is_documented_response_id(&response.response_id) {
        f.strict(
            "response.responseId",
            ErrorKind::Rule,
            "responseId is not shaped like the vendor's (a UUID, `-`, 8 hex digits)",
        );
    }
    if response.response_messages.is_empty() {
        f.error(
            RESPONSE_MESSAGES,
            ErrorKind::Range,
            "responseMessages needs at least one message",
        );
    }
    for (i, message) in response.response_messages.iter().enumerate() {
        message_findings(&mut f, &path::index(RESPONSE_MESSAGES, i), message);
    }
    if let Some(key) = response.response_type.message_key() {
        let present = response.response_messages.iter().any(|m| match key {
            "simpleResponse" => m.simple_response.is_some(),
            "basicCard" => m.basic_card.is_some(),
            "mediaResponse" => m.media_response.is_some(),
            "containerResponse" => m.container_response.is_some(),
            _ => true,
        });
        if !present && !response.response_messages.is_empty() {
            f.strict(
                "response.responseType",
                ErrorKind::Rule,
                format!(
                    "responseType `{}` but no message carries `{key}`",
                    response.response_type
                ),
            );
        }
    }
    f
}

/// The former name of [`check_request`].
#[deprecated(note = "use `check_request`")]
pub fn request(req: &CancelOrderRequest) -> Findings {
    check_request(req)
}

/// The former name of [`check_response`].
#[deprecated(note = "use `check_response`")]
pub fn response(body: &CancelOrderResponse) -> Findings {
    check_response(body)
}

fn message_findings(f: &mut Findings, base: &str, message: &ResponseMessage) {
    if message.is_empty() {
        f.error(
            base,
            ErrorKind::Rule,
            "a message needs simpleResponse, basicCard, mediaResponse or containerResponse",
        );
    }
    unknown_fields(f, base, &message.other);
    if let Some(simple) = &message.simple_response {
        let at = path::field(base, "simpleResponse");
        if simple.response_text.is_empty() {
            f.errors
                .push(wire::empty_string(path::field(&at, "responseText")));
        }
        unknown_fields(f, &at, &simple.other);
    }
    if let Some(card) = &message.basic_card {
        let at = path::field(base, "basicCard");
        unknown_fields(f, &at, &card.other);
        if let Some(image) = &card.image {
            image_findings(f, &path::field(&at, "image"), image);
        }
    }
    if let Some(media) = &message.media_response {
        let at = path::field(base, "mediaResponse");
        unknown_fields(f, &at, &media.other);
        if let Some(media_type) = &media.media_type {
            if !media_type.is_known() {
                f.unknown_value(
                    path::field(&at, "mediaType"),
                    media_type.as_str(),
                    crate::wire::MediaType::KNOWN,
                );
            }
        }
        for (i, object) in media.media_objects.iter().flatten().enumerate() {
            let at = path::index(&path::field(&at, "mediaObjects"), i);
            unknown_fields(f, &at, &object.other);
            if let Some(icon) = &object.icon {
                image_findings(f, &path::field(&at, "icon"), icon);
            }
        }
    }
    if let Some(container) = &message.container_response {
        let at = path::field(base, "containerResponse");
        if container.response_text.as_deref() == Some("") {
            f.errors
                .push(wire::empty_string(path::field(&at, "responseText")));
        }
        unknown_fields(f, &at, &container.other);
        for (i, attribute) in container.attributes.iter().flatten().enumerate() {
            unknown_fields(
                f,
                &path::index(&path::field(&at, "attributes"), i),
                &attribute.other,
            );
        }
    }
}

fn image_findings(f: &mut Findings, base: &str, image: &Image) {
    unknown_fields(f, base, &image.other);
}

/// Whether `id` has the documented shape: 8-4-4-4-12-8 hex digits joined by `-`.
fn is_documented_response_id(id: &str) -> bool {
    const GROUPS: [usize; 6] = [8, 4, 4, 4, 12, 8];
    let mut parts = id.split('-');
    GROUPS.iter().all(|&len| {
        parts
            .next()
            .is_some_and(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_hexdigit()))
    }) && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_id_shape() {
        assert!(is_documented_response_id(
            "be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8"
        ));
        assert!(is_documented_response_id(
            "BE49E7A0-8638-486B-899B-BE42E3760B46-E15C53B8"
        ));
        assert!(!is_documented_response_id(
            "be49e7a0-8638-486b-899b-be42e3760b46"
        ));
        assert!(!is_documented_response_id(
            "be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8-00"
        ));
        assert!(!is_documented_response_id(
            "ge49e7a0-8638-486b-899b-be42e3760b46-e15c53b8"
        ));
        assert!(!is_documented_response_id(""));
    }

    #[test]
    fn interest_type_names_the_other_operation() {
        let mut request = CancelOrderRequest::cancel_order("telegram", "1", "2", "en");
        request.query_info.interest_type = InterestType::OrderStatus;
        let f = request_findings(&request);
        assert_eq!(f.errors[0].path, INTEREST_TYPE);
        assert_eq!(f.errors[0].kind, ErrorKind::Enum);
        assert!(f.errors[0].message.contains("getOrderStatus"));
    }

    fn request_findings(r: &CancelOrderRequest) -> Findings {
        check_request(r)
    }
}
