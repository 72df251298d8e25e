//! JSON Schemas (draft 2020-12) of the three bodies, written by hand to follow the wire
//! exactly (both spellings of the order id, open extra fields).
//!
//! One rule cannot be said in a schema and is checked by validation only: `orderItemId`
//! unique within a body. (`quantity` `2.0` is the integer 2 for both, as for Jackson.)

use serde_json::{json, Value};

const SCHEMA: &str = "https://json-schema.org/draft/2020-12/schema";

fn id(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": description })
}

/// Schema of the `POST /orders/cancel` request body.
pub fn request() -> Value {
    json!({
        "$schema": SCHEMA,
        "title": "Unicommerce POST /orders/cancel request",
        "description": "Sent by Uniware when the seller cancels order items. Fields not listed are kept verbatim.",
        "type": "object",
        "properties": {
            "orderId": id("The marketplace's order id, verbatim."),
            "orderID": id("The vendor table's spelling of orderId; read as orderId."),
            "orderItems": {
                "type": "array",
                "minItems": 1,
                "description": "The items to cancel; orderItemId unique within the request.",
                "items": { "$ref": "#/$defs/OrderItem" }
            }
        },
        "required": ["orderItems"],
        "oneOf": [
            { "required": ["orderId"], "not": { "required": ["orderID"] } },
            { "required": ["orderID"], "not": { "required": ["orderId"] } }
        ],
        "$defs": {
            "OrderItem": {
                "type": "object",
                "properties": {
                    "orderItemId": id("The marketplace's order item id, verbatim."),
                    "productId": id("The product on the item, verbatim."),
                    "variantId": id("The variant (SKU) on the item, verbatim."),
                    "quantity": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": u32::MAX,
                        "description": "Units to cancel, a whole number written without a fraction."
                    }
                },
                "required": ["orderItemId", "productId", "variantId", "quantity"]
            }
        }
    })
}

fn answer(title: &str, status: Value) -> Value {
    json!({
        "$schema": SCHEMA,
        "title": title,
        "type": "object",
        "properties": {
            "status": status,
            "orderItems": {
                "type": "array",
                "description": "The items that were not cancelled; orderItemId unique.",
                "items": { "$ref": "#/$defs/FailedItem" }
            }
        },
        "required": ["status"],
        "$defs": {
            "FailedItem": {
                "type": "object",
                "properties": {
                    "orderItemId": id("The item that was not cancelled, as named in the request. Optional (the vendor's table: MANDATORY No); an entry without it names no item."),
                    "errorMessage": { "type": "string", "description": "Why it was not cancelled. Optional (the vendor's table: MANDATORY No)." }
                }
            }
        }
    })
}

/// Schema of the answer to `POST /orders/cancel`.
pub fn response() -> Value {
    answer(
        "Unicommerce POST /orders/cancel response",
        json!({
            "enum": ["SUCCESS", "FAILED", "PARTIAL_SUCCESS"],
            "description": "Case-sensitive."
        }),
    )
}

/// Schema of the refusal body: the answer with `status` `FAILED`.
pub fn error() -> Value {
    answer(
        "Unicommerce POST /orders/cancel refusal",
        json!({ "const": "FAILED" }),
    )
}
