# Kibo (Mozu) Cancel Order request -> OCC cancelOrder request, the mapping of
# `cancelkit convert --from mozu --to occ --policy examples/data/policy.toml`.
# Kibo's dispositionReason goes through the canonical reason to the merchant's OCC reason
# list of the policy (customer_changed_mind -> changed_mind -> changeOfMind; created_by_mistake
# -> ordered_by_mistake, which the list does not have -> the nearest, changeOfMind; other ->
# other -> the list's entry coded `other`, otherReason). The free text has no place at OCC.
{
  orderId: ((.orderId // .orderID) | tostring),
  cancelReason: ({
    "customer_changed_mind": "changeOfMind",
    "created_by_mistake": "changeOfMind",
    "other": "otherReason"
  }[.dispositionReason])
}
