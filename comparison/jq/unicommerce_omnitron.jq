# Unicommerce cancel request -> Akinon Omnitron cancel request, the mapping of
# `cancelkit convert --from unicommerce --to omnitron --policy examples/data/policy.toml
#  --orders orders.json`. Run with `jq -n -c --slurpfile orders orders.json -f ...` so the
# index of the orders file is built once, not per document.
# Unicommerce names orders and items by its own ids; the orders file maps them to Akinon
# pks. Unicommerce sends no reason, so every item gets the policy's vendor.omnitron.reason_id
# (3). Akinon's reasons map is keyed by item pk in ascending order.
($orders[0].orders
  | map({
      key: .vendor_ids.unicommerce,
      value: {
        pk: (.vendor_ids.omnitron | tonumber),
        lines: (.lines | map({key: .vendor_ids.unicommerce, value: (.vendor_ids.omnitron | tonumber)}) | from_entries)
      }
    })
  | from_entries) as $index
| inputs
| $index[.orderId] as $order
| [.orderItems[] | $order.lines[.orderItemId]] as $items
| {
    order: $order.pk,
    is_all: false,
    cancel_items: $items,
    forced_refund_amount: null,
    reasons: ($items | sort | map({key: tostring, value: 3}) | from_entries),
    is_cargo_refund: false
  }
