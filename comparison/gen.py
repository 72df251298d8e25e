#!/usr/bin/env python3
"""Seeded NDJSON corpora for comparison/run.sh (the data is generated, never committed).

    python3 comparison/gen.py OUT_DIR [--seed 42] [--scale 1.0]

Writes into OUT_DIR:
  chatbot.ndjson      small chatbot cancelOrder requests (~300 B), for chatbot -> mozu
  kibo.ndjson         small Kibo (mozu) Cancel Order requests (~80 B), for mozu -> occ
  unicommerce.ndjson  Unicommerce cancel requests with 1-20 items each, for unicommerce -> omnitron
  orders.json         the core orders the Unicommerce requests name (cancelkit --orders, jq --slurpfile)
  occ.ndjson          OCC order responses of about 20 KB (a cancelled store order), for occ -> core
  one/<name>.json     the first document of each corpus, for the one-document runs
  one/orders.json     the order the first Unicommerce request names

The same seed and scale give the same bytes on every machine (Python's `random.Random` is
stable across versions for `random()`, `randrange()` and `choice()`).
"""

import argparse
import copy
import json
import os
import random

# Deterministic compact JSON. `ensure_ascii=True` writes non-ASCII as \\u escapes, so the
# corpora also exercise escaped strings.
def dump(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True)


FIRST = ["Vignesh", "Ana", "Jürgen", "Zoë", "Mehmet", "Chloé", "Ola", "Søren", "Priya", "Luis",
         "Tomás", "Aiko", "Noah", "Fatma", "Élodie", "Kwame", "Li", "Olga", "Sam \"Sammy\""]
LAST = ["M", "García", "Müller", "Øster", "Yılmaz", "Dubois", "Nordmann", "Smith", "O'Neil",
        "Kowalski", "Ng", "Petrov", "da Silva", "Al-Amin"]
CHANNELS = ["telegram", "TELEGRAM", "whatsapp", "WHATSAPP", "messenger", "webchat"]
LANGS = ["en", "en-US", "en-AU", "en-UK"]


def chatbot(rng, n):
    out = []
    for _ in range(n):
        user = {}
        if rng.random() < 0.8:
            user["first_name"] = rng.choice(FIRST)
        if rng.random() < 0.7:
            user["last_name"] = rng.choice(LAST)
        if rng.random() < 0.5:
            user["uid"] = str(rng.randrange(10_000, 100_000_000))
        else:
            user["uid"] = "user%d@example.com" % rng.randrange(1, 1_000_000)
        if rng.random() < 0.6:
            user["username"] = "%s%d" % (rng.choice(FIRST).lower().split()[0], rng.randrange(100))
        out.append({
            "conversationRequest": {"channel": rng.choice(CHANNELS), "userInfo": user},
            "queryInfo": {
                "interestType": "cancel-order",
                "parameters": {"params": {"entityInfo": {
                    "orderId": str(rng.randrange(100_000, 9_000_000_000))}}},
            },
            "languageCode": rng.choice(LANGS),
        })
    return out


OTHER_TEXTS = ["Customer changed mind", "Found it cheaper elsewhere", "Kunde möchte \"nicht mehr\"",
               "ordered twice", "Délai de livraison trop long", "no reason given / \\ test"]


def kibo(rng, n):
    out = []
    for _ in range(n):
        r = rng.random()
        doc = {"orderId": rng.randrange(1, 9_007_199_254_740_991 // 1000)}
        if r < 0.5:
            doc["dispositionReason"] = "customer_changed_mind"
        elif r < 0.8:
            doc["dispositionReason"] = "created_by_mistake"
        else:
            doc["dispositionReason"] = "other"
            doc["dispositionOtherReason"] = rng.choice(OTHER_TEXTS)
        out.append(doc)
    return out


PRODUCTS = ["SHOE-RUN", "SOCK-ANKLE", "BOTTLE", "CAP-TRAIL", "TEE-MERINO", "JACKET-RAIN",
            "GLOVE-LINER", "BAG-DAY", "LAMP-HEAD", "MAT-YOGA", "BELT-WEB", "POLE-TREK"]
VARIANTS = ["S-BLK", "M-BLU", "L-GRY", "XL-RED", "OS", "42-BLU", "38-WHT"]


def orders_and_unicommerce(rng, n_orders, n_requests):
    orders = []
    for i in range(n_orders):
        n_lines = rng.randrange(1, 21)
        lines = []
        for j in range(n_lines):
            product = "%s-%d" % (rng.choice(PRODUCTS), rng.randrange(100, 1000))
            ordered = rng.randrange(1, 6)
            lines.append({
                "id": "ORD-%06d-%d" % (i, j + 1),
                "vendor_ids": {
                    "omnitron": str(1_000_000 + i * 32 + j),
                    "unicommerce": "UC-OI-%06d-%d" % (i, j + 1),
                },
                "product": product,
                "variant": "%s-%s" % (product, rng.choice(VARIANTS)),
                "unit_price": "%d.%02d" % (rng.randrange(1, 200), rng.randrange(100)),
                "quantities": {"ordered": ordered},
            })
        orders.append({
            "id": "ORD-%06d" % i,
            "vendor_ids": {"omnitron": str(50_000 + i), "unicommerce": "UC-SO-%06d" % i},
            "phase": "active",
            "currency": "EUR",
            "payment": {"authorized": "0.00", "captured": "0.00", "refunded": "0.00"},
            "lines": lines,
        })
    requests = []
    for _ in range(n_requests):
        order = rng.choice(orders)
        lines = order["lines"]
        k = rng.randrange(1, len(lines) + 1)
        picked = rng.sample(range(len(lines)), k)
        items = []
        for j in picked:
            line = lines[j]
            items.append({
                "orderItemId": line["vendor_ids"]["unicommerce"],
                "productId": line["product"],
                "variantId": line["variant"],
                # Akinon cancels whole items: every unit of the item.
                "quantity": line["quantities"]["ordered"],
            })
        requests.append({"orderId": order["vendor_ids"]["unicommerce"], "orderItems": items})
    return {"orders": orders}, requests


def occ(rng, n, fixture):
    with open(fixture, encoding="utf-8") as f:
        rich = json.load(f)
    out = []
    cart = rich["order"]["shoppingCart"]["items"]
    group = rich["order"]["shippingGroups"]["items"]
    for i in range(n):
        doc = copy.deepcopy(rich)
        order = doc["order"]
        # About 20 KB: the cart and the shipping group keep the same first k items.
        k = rng.randrange(4, 7)
        order["shoppingCart"]["items"] = copy.deepcopy(cart[:k])
        order["shoppingCart"]["numberOfItems"] = k
        order["shippingGroups"]["items"] = copy.deepcopy(group[:k])
        oid = "o%d" % (100_000 + i)
        order["id"] = oid
        order["orderId"] = oid
        order["uuid"] = "%08x-%04x-4%03x-a%03x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12),
            rng.getrandbits(48))
        order["profileId"] = "se-%d" % rng.randrange(100_000, 999_999)
        order["cartName"] = rng.choice(["Spring order", "Bestellung für Oma", "Gift \"box\"", "Order"])
        for item in order["shoppingCart"]["items"]:
            item["displayName"] = rng.choice(["Dr. Dolittle", "Crème brûlée set", "Tent 2P", "Mug"])
        out.append(doc)
    return out


def write_ndjson(path, docs):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for d in docs:
            f.write(dump(d))
            f.write("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--occ-fixture", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "crates", "cancel-occ", "tests",
        "fixtures", "response", "valid", "rich_store_order.json"))
    a = p.parse_args()
    os.makedirs(os.path.join(a.out, "one"), exist_ok=True)
    rng = random.Random(a.seed)
    n = lambda base: max(1, int(base * a.scale))

    corpora = {}
    corpora["chatbot"] = chatbot(rng, n(100_000))
    corpora["kibo"] = kibo(rng, n(200_000))
    orders, corpora["unicommerce"] = orders_and_unicommerce(rng, n(2_000), n(20_000))
    corpora["occ"] = occ(rng, n(1_000), a.occ_fixture)

    with open(os.path.join(a.out, "orders.json"), "w", encoding="ascii") as f:
        f.write(dump(orders))
        f.write("\n")
    for name, docs in corpora.items():
        write_ndjson(os.path.join(a.out, name + ".ndjson"), docs)
        with open(os.path.join(a.out, "one", name + ".json"), "w", encoding="ascii") as f:
            f.write(dump(docs[0]))
            f.write("\n")
    # The one order the first Unicommerce request names: a one-document run loads a small
    # orders file, as a caller converting one request would.
    first = corpora["unicommerce"][0]["orderId"]
    one = [o for o in orders["orders"] if o["vendor_ids"]["unicommerce"] == first]
    with open(os.path.join(a.out, "one", "orders.json"), "w", encoding="ascii") as f:
        f.write(dump({"orders": one}))
        f.write("\n")


if __name__ == "__main__":
    main()
