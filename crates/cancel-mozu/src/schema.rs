//! JSON Schemas (draft 2020-12) of the three bodies, written by hand to say exactly what the
//! parser accepts (both order id spellings, the `other` ⇔ text rule, lengths in characters).

use serde_json::{json, Value};

use crate::wire::{OrderId, MAX_SAFE_INTEGER};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn order_id(description: &str) -> Value {
    json!({
        "description": description,
        "type": "integer",
        "minimum": OrderId::MIN,
        "maximum": OrderId::MAX,
    })
}

/// The Cancel Order request.
pub(crate) fn request() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "Kibo translated API: Cancel Order request",
        "description": "POST https://{tenantId}-translation.mozu.com/api/v2/order/action/cancel (sandbox: https://{tenantId}-translation.sandbox.mozu.com/...), header x-vol-tenant. Cancels the whole order. Undocumented fields are kept.",
        "type": "object",
        "properties": {
            "orderId": order_id("REQUIRED (or orderID). The order to cancel, a JSON integer from 1 to 2^53 - 1."),
            "orderID": order_id("The vendor docs' spelling of orderId; exactly one of the two."),
            "dispositionReason": {
                "description": "REQUIRED. Why the order is cancelled.",
                "type": "string",
                "enum": ["customer_changed_mind", "created_by_mistake", "other"],
            },
            "dispositionOtherReason": {
                "description": "REQUIRED exactly when dispositionReason is `other`. 1 to 255 characters.",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        },
        "required": ["dispositionReason"],
        "oneOf": [
            {"required": ["orderId"]},
            {"required": ["orderID"]},
        ],
        "if": {
            "properties": {"dispositionReason": {"const": "other"}},
            "required": ["dispositionReason"],
        },
        "then": {"required": ["dispositionOtherReason"]},
        "else": {"not": {"required": ["dispositionOtherReason"]}},
    })
}

fn open_string(description: &str, documented: &[&str]) -> Value {
    json!({
        "description": format!("{description} Documented: {}; other values are kept.", documented.join(", ")),
        "type": ["string", "null"],
    })
}

fn number(description: &str) -> Value {
    json!({"description": description, "type": ["number", "null"]})
}

/// The Cancel Order response (the Get Order shape).
pub(crate) fn response() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "Kibo translated API: Cancel Order response (Get Order shape)",
        "description": "The 200 answer of POST .../api/v2/order/action/cancel: the cancelled order as GET .../api/v2/order/{orderID} returns it. Undocumented fields are kept; modelled fields may be null.",
        "type": "object",
        "properties": {
            "orderID": order_id("REQUIRED. The order's id."),
            "orderType": open_string("Order type.", crate::wire::OrderType::KNOWN),
            "isTestOrder": {"type": ["boolean", "null"]},
            "deliveryMethod": open_string("Delivery method.", crate::wire::DeliveryMethod::KNOWN),
            "orderCurrency": {"description": "ISO 4217 currency code.", "type": ["string", "null"]},
            "orderDate": {"description": "ISO 8601 date-time with offset, kept as sent.", "type": ["string", "null"]},
            "orderState": open_string("Order state.", crate::wire::OrderState::KNOWN),
            "orderStatus": open_string("Order status.", crate::wire::OrderStatus::KNOWN),
            "customerSubtotal": number("Money, JSON number."),
            "subtotal": number("Money, JSON number."),
            "estimatedShipping": number("Money, JSON number."),
            "customerTotal": number("Money, JSON number."),
            "customerTotalNet": number("Money, JSON number."),
            "total": number("Money, JSON number."),
            "singlePackageRequested": {"type": ["boolean", "null"]},
            "shippingAddress": {"description": "An address id or an address object.", "type": ["string", "object", "null"]},
            "customer": {"type": ["object", "null"]},
            "orderItems": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {
                        "orderItemID": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INTEGER},
                        "itemState": open_string("Item state.", crate::wire::ItemState::KNOWN),
                        "orderID": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_SAFE_INTEGER},
                        "shipmentID": {"type": ["integer", "number", "string", "null"]},
                        "externalItemID": {"type": ["integer", "number", "string", "null"]},
                    },
                },
            },
        },
        "required": ["orderID"],
    })
}

/// The error body: anything parses; the known shape is described under `$defs`.
pub(crate) fn error() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "Kibo translated API: OMS error body",
        "description": "Any body is accepted (an error body never fails to parse). The documented-looking shape is $defs.known; other JSON and text are kept verbatim.",
        "$defs": {
            "known": {
                "type": "object",
                "properties": {
                    "code": {"description": "OMS status code; 5000-5006 and 5010-5017 are documented.", "type": "integer"},
                    "name": {"description": "The status name, e.g. INVALID_REQUEST_DATA.", "type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["code"],
            },
        },
    })
}
