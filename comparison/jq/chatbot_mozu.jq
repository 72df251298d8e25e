# chatbot cancelOrder request -> Kibo (Mozu) Cancel Order request, the mapping of
# `cancelkit convert --from chatbot --to mozu --default-reason changed_mind`.
# The chatbot sends no reason, so the default reason (changed_mind) is written in Kibo's
# spelling; the order number becomes Kibo's integer orderId.
{
  orderId: (.queryInfo.parameters.params.entityInfo | (.orderId // .orderID) | tonumber),
  dispositionReason: "customer_changed_mind"
}
