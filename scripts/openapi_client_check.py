"""Calls every vendor's cancel endpoint through the Python client that openapi-python-client
generated from the stand-in's OpenAPI document (package `client`, see openapi-client.sh), and
checks that each answer (a success, a refusal, a validation error) parses into a generated
model that writes back the body the server sent.

    python openapi_client_check.py http://127.0.0.1:PORT
"""

import importlib
import json
import sys

from dateutil.parser import isoparse

from client import Client
from client import models

TOKEN = "cancelkit-token"
BASE = sys.argv[1]


def generated(value):
    """Whether `value` is a generated model (or a list of them)."""
    if isinstance(value, list):
        return all(generated(v) for v in value)
    return type(value).__module__.startswith("client.models.") and hasattr(value, "to_dict")


def written(value):
    if isinstance(value, list):
        return [written(v) for v in value]
    return value.to_dict()


def same(a, b):
    """JSON equality, except that a date-time may be written another way (the generated
    models read `format: date-time` into datetime objects and write them back in ISO form)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return isoparse(a) == isoparse(b)
        except ValueError:
            return False
    return a == b and type(a) is type(b)


def call(vendor, operation, body_model, body, expect_status, headers=None, **params):
    module = importlib.import_module(f"client.api.{vendor}.{operation}")
    http = Client(base_url=BASE, headers=headers or {}, raise_on_unexpected_status=True)
    model = getattr(models, body_model)
    response = module.sync_detailed(client=http, body=model.from_dict(body), **params)
    sent = json.loads(response.content)
    label = f"{vendor} {operation} {expect_status}"
    assert response.status_code == expect_status, f"{label}: got {response.status_code}: {sent}"
    parsed = response.parsed
    assert parsed is not None and generated(parsed), f"{label}: not parsed into a model: {parsed!r}"
    assert same(written(parsed), sent), f"{label}: the model changed the body:\n{written(parsed)}\n{sent}"
    assert expect_status != 200 or "x-cancelkit-outcome" in response.headers, label
    print(f"ok {label}: {type(parsed).__name__ if not isinstance(parsed, list) else 'list'}")


def reset():
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(f"{BASE}/_cancelkit/reset", method="POST")).read()


reset()

# chatbot: success, refusal (already cancelled: 200 with a refusal text), invalid body.
chat = lambda order: {
    "conversationRequest": {"channel": "telegram", "userInfo": {"uid": "51342"}},
    "queryInfo": {"interestType": "cancel-order",
                  "parameters": {"params": {"entityInfo": {"orderId": order}}}},
    "languageCode": "en",
}
call("chatbot", "chatbot_cancel_order", "ChatbotRequest", chat("748597"), 200)
call("chatbot", "chatbot_cancel_order", "ChatbotRequest", chat("748597"), 200)
bad = chat("748597")
bad["languageCode"] = ""
call("chatbot", "chatbot_cancel_order", "ChatbotRequest", bad, 400)

# Kibo: success, refusals (already cancelled, not found), invalid (`other` without text).
reset()
tenant = {"headers": {"x-vol-tenant": "24680"}}
call("mozu", "mozu_cancel_order", "MozuRequest",
     {"orderId": 1010102, "dispositionReason": "customer_changed_mind"}, 200, **tenant)
call("mozu", "mozu_cancel_order", "MozuRequest",
     {"orderId": 1010102, "dispositionReason": "customer_changed_mind"}, 400, **tenant)
call("mozu", "mozu_cancel_order", "MozuRequest",
     {"orderId": 77, "dispositionReason": "customer_changed_mind"}, 404, **tenant)
call("mozu", "mozu_cancel_order", "MozuRequest",
     {"orderId": 1010103, "dispositionReason": "other"}, 400, **tenant)

# Unicommerce: success, refusal (FAILED), invalid (quantity 0).
reset()
key = {"apiKey": TOKEN}
socks = {"orderItemId": "UC-OI-77001-2", "productId": "SOCK-ANKLE-3P",
         "variantId": "SOCK-ANKLE-3P-M-WHT", "quantity": 2}
call("unicommerce", "unicommerce_cancel_order", "UnicommerceRequest",
     {"orderId": "UC-SO-77001", "orderItems": [socks]}, 200, headers=key)
call("unicommerce", "unicommerce_cancel_order", "UnicommerceRequest",
     {"orderId": "UC-SO-77005", "orderItems": [dict(socks, orderItemId="nope")]}, 200, headers=key)
call("unicommerce", "unicommerce_cancel_order", "UnicommerceRequest",
     {"orderId": "UC-SO-77001", "orderItems": [dict(socks, quantity=0)]}, 400, headers=key)

# OCC: success, refusal (already cancelled, 200101), invalid (empty orderId, 200126).
reset()
bearer = {"Authorization": f"Bearer {TOKEN}"}
call("occ", "occ_store_cancel_order", "OccRequest",
     {"orderId": "o30412", "cancelReason": "changeOfMind"}, 200, headers=bearer)
call("occ", "occ_store_cancel_order", "OccRequest",
     {"orderId": "o30412", "cancelReason": "changeOfMind"}, 400, headers=bearer)
call("occ", "occ_store_cancel_order", "OccRequest",
     {"orderId": "", "cancelReason": "changeOfMind"}, 400, headers=bearer)

# Akinon: success (detail and short form), refusal (already cancelled), invalid body.
reset()
token = {"Authorization": f"Token {TOKEN}"}
whole = lambda pk: {"order": pk, "is_all": True, "cancel_items": [],
                    "forced_refund_amount": None, "reasons": {}}
call("omnitron", "omnitron_cancel_order", "OmnitronRequest", whole(5424), 200,
     headers=token, order_id="5424")
call("omnitron", "omnitron_cancel_order", "OmnitronRequest", whole(5424), 400,
     headers=token, order_id="5424")
socks = {"order": 5423, "is_all": False, "cancel_items": [90212], "forced_refund_amount": None,
         "reasons": {"90212": 3}, "return_details": False}
call("omnitron", "omnitron_cancel_order", "OmnitronRequest", socks, 200,
     headers=token, order_id="5423")
call("omnitron", "omnitron_cancel_order", "OmnitronRequest",
     dict(whole(5423), cancel_items=[1, 1]), 400, headers=token, order_id="5423")

print("every answer parsed into its generated model")
