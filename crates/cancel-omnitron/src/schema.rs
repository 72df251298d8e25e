//! JSON Schemas (draft 2020-12) of the three payload kinds, written by hand so that they say
//! exactly what the parser accepts (string keys that are pks, decimal strings, both status
//! spellings).

use serde_json::{json, Value};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const PK_KEY: &str = "^[1-9][0-9]{0,18}$";
const AMOUNT: &str = "^(0|[1-9][0-9]*)(\\.[0-9]+)?$";
const MONEY: &str = "^-?[0-9]+(\\.[0-9]+)?$";
const MAX_PK: u64 = crate::wire::MAX_PK;

fn pk(description: &str) -> Value {
    json!({"type": "integer", "minimum": 1, "maximum": MAX_PK, "description": description})
}

fn pk_map(description: &str, values: Value) -> Value {
    json!({
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": PK_KEY},
        "additionalProperties": values,
    })
}

/// The cancel body (`request`).
pub(crate) fn request() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "Akinon Omnitron cancel body",
        "description": "Body of POST /api/i1/orders/{order_id}/cancel/ (Authorization: Token <api_token>). `order` equals the path's order_id. is_all true needs cancel_items []; otherwise cancel_items is non-empty, without repeats, and every item has a reason.",
        "type": "object",
        "required": ["order", "cancel_items", "reasons"],
        "properties": {
            "order": pk("the order pk (not the order number)"),
            "is_all": {"type": "boolean", "description": "true cancels every item (default false)"},
            "cancel_items": {
                "type": "array",
                "items": pk("an order item pk"),
                "uniqueItems": true,
            },
            "forced_refund_amount": {
                "description": "null (to be sent by integrations) or an exact non-negative decimal string",
                "oneOf": [{"type": "null"}, {"type": "string", "pattern": AMOUNT}],
            },
            "reasons": pk_map("order item pk -> cancellation reason id", pk("a cancellation reason id")),
            "is_cargo_refund": {"type": "boolean", "description": "refund the cargo fee too (default false)"},
            "refund_invoice_number": {"type": ["string", "null"]},
            "ibans": pk_map("order item pk -> IBAN (fund-transfer payments only)", json!({"type": "string"})),
            "holder_names": pk_map("order item pk -> account holder name", json!({"type": "string"})),
            "return_details": {"type": "boolean", "description": "false asks for the short (clear) response"},
        },
        "additionalProperties": true,
    })
}

/// The 200 answer (`response`).
pub(crate) fn response() -> Value {
    let money = json!({"type": "string", "pattern": MONEY});
    let status = json!({
        "type": "string",
        "description": "a status code (\"50\") or name (\"cancellation_waiting\"), written back as received",
    });
    let related = json!({"oneOf": [{"type": "integer"}, {"type": "object"}]});
    let nullable_related =
        json!({"oneOf": [{"type": "integer"}, {"type": "object"}, {"type": "null"}]});
    let text_or_null = json!({"type": ["string", "null"]});
    let item = json!({
        "type": "object",
        "required": ["pk"],
        "properties": {
            "pk": pk("the order item pk"),
            "status": status,
            "product": related,
            "price": money,
            "retail_price": money,
            "price_currency": {"type": "string"},
        },
        "additionalProperties": true,
    });
    let detail = json!({
        "type": "object",
        "required": ["pk"],
        "properties": {
            "pk": pk("the order pk"),
            "number": {"type": "string"},
            "channel": related,
            "status": status,
            "date_placed": {"type": "string"},
            "customer": nullable_related,
            "shipping_address": {"type": ["object", "null"]},
            "billing_address": {"type": ["object", "null"]},
            "amount": money,
            "refund_amount": money,
            "discount_amount": money,
            "shipping_amount": money,
            "currency": {"type": "string", "description": "lower case, e.g. \"try\""},
            "language_code": text_or_null,
            "client_type": text_or_null,
            "installment": nullable_related,
            "remote_addr": text_or_null,
            "has_gift_box": {"type": "boolean"},
            "gift_box_note": text_or_null,
            "invoice_date": text_or_null,
            "e_archive_url": text_or_null,
            "delivery_type": text_or_null,
            "bin_number": text_or_null,
            "notes": text_or_null,
            "is_send": {"type": "boolean"},
            "cargo_company": nullable_related,
            "modified_date": {"type": "string"},
            "orderitem_set": {"type": "array", "items": item},
        },
        "additionalProperties": true,
    });
    json!({
        "$schema": DRAFT,
        "title": "Akinon Omnitron cancel response",
        "description": "The order detail (an object with pk, number or orderitem_set), or the short clear response (any other object) when the request had \"return_details\": false.",
        "oneOf": [
            detail,
            {
                "type": "object",
                "not": {"anyOf": [{"required": ["pk"]}, {"required": ["number"]}, {"required": ["orderitem_set"]}]},
            },
        ],
    })
}

/// The bad response (`error`): anything parses.
pub(crate) fn error() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "Akinon Omnitron error body (400, 401, 404, 406)",
        "description": "Django REST Framework errors: {\"field\": [\"message\"]}, {\"non_field_errors\": [...]}, {\"detail\": \"...\"} or a list of messages. Any other JSON or text is accepted too (kept as sent).",
    })
}
