//! The Cancel Order success response: the Get Order shape.

use cancel_domain::Sensitive;

use super::{Amount, ItemId, OrderDate, OrderId, ShippingAddress, VendorId};

cancel_domain::open_enum! {
    /// `orderState` of Get Order. Endpoint: the response of `POST …/api/v2/order/action/cancel`
    /// (and of Get Order);
    /// JSON name `orderState`; optional; a string. The one documented value is `CANCELED`
    /// (one L).
    pub enum OrderState {
        /// `CANCELED`: the order is cancelled.
        Canceled = "CANCELED",
    }
}

cancel_domain::open_enum! {
    /// `orderStatus` of Get Order. Endpoint: the response of `POST …/api/v2/order/action/cancel`
    /// (and of Get Order);
    /// JSON name `orderStatus`; optional; a string. The one documented value is `CANCELED`.
    pub enum OrderStatus {
        /// `CANCELED`: the order is cancelled.
        Canceled = "CANCELED",
    }
}

cancel_domain::open_enum! {
    /// `orderType` of the Cancel Order response (the Get Order shape of
    /// `POST …/api/v2/order/action/cancel`). JSON name `orderType`; optional; a string;
    /// documented value `STANDARD`.
    pub enum OrderType {
        /// `STANDARD`.
        Standard = "STANDARD",
    }
}

cancel_domain::open_enum! {
    /// `deliveryMethod` of the Cancel Order response (the Get Order shape of
    /// `POST …/api/v2/order/action/cancel`). JSON name `deliveryMethod`; optional; a string;
    /// documented value `SHIP_TO_HOME`.
    pub enum DeliveryMethod {
        /// `SHIP_TO_HOME`.
        ShipToHome = "SHIP_TO_HOME",
    }
}

cancel_domain::open_enum! {
    /// `itemState` of an item in the Cancel Order response (the Get Order shape of
    /// `POST …/api/v2/order/action/cancel`). JSON name `orderItems[].itemState`; optional; a
    /// string; documented values `NORMAL` and (as a search filter) `CANCELED`.
    pub enum ItemState {
        /// `NORMAL`: the item is live.
        Normal = "NORMAL",
        /// `CANCELED`: the item is cancelled.
        Canceled = "CANCELED",
    }
}

cancel_domain::wire_object! {
    /// The answer of Cancel Order: "the same structure as the Get Order API"
    /// (`GET https://{tenantId}-translation.mozu.com/api/v2/order/{orderID}`).
    ///
    /// Endpoint: the 200 answer of `POST …/api/v2/order/action/cancel`. Only `orderID` is
    /// required (validation, kind `missing`); every other field is optional, a modelled field
    /// sent as `null` is kept in [`other`](Self::other), and so is every field the vendor's
    /// docs do not name (the tax and customer sections' keys are not documented).
    ///
    /// | JSON name | type |
    /// |---|---|
    /// | `orderID` | integer 1 ..= 2^53 − 1 (REQUIRED) |
    /// | `orderType`, `deliveryMethod`, `orderState`, `orderStatus` | open string enums |
    /// | `isTestOrder`, `singlePackageRequested` | boolean |
    /// | `orderCurrency` | string (ISO 4217 code, e.g. `USD`) |
    /// | `orderDate` | string, ISO 8601 with offset, kept as sent |
    /// | `customerSubtotal`, `subtotal`, `estimatedShipping`, `customerTotal`, `customerTotalNet`, `total` | JSON numbers |
    /// | `shippingAddress` | an address id (string) or an address object |
    /// | `customer` | object (personal data, redacted in `Debug`) |
    /// | `orderItems` | array of [`OrderItem`] (key name inferred from Create Order) |
    ///
    /// ```
    /// use cancel_mozu::wire::{CancelOrderResponse, OrderState};
    /// let body = r#"{"orderID":1010101,"orderState":"CANCELED","subtotal":4.99,"tax":{"rate":0}}"#;
    /// let order: CancelOrderResponse = serde_json::from_str(body).unwrap();
    /// assert_eq!(order.order_state, Some(OrderState::Canceled));
    /// assert!(order.other.contains_key("tax"));
    /// assert_eq!(serde_json::to_value(&order).unwrap(), serde_json::from_str::<serde_json::Value>(body).unwrap());
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct CancelOrderResponse expecting "a JSON object (CancelOrderResponse)" {
        /// `orderID`. REQUIRED. The order's id: a JSON integer from 1 to 2^53 − 1.
        "orderID" => order_id: OrderId [lenient],
        /// `orderType`. Optional. `STANDARD` in the vendor's example.
        "orderType" => order_type: OrderType [lenient],
        /// `isTestOrder`. Optional. Whether this is a test order.
        "isTestOrder" => is_test_order: bool [lenient],
        /// `deliveryMethod`. Optional. `SHIP_TO_HOME` in the vendor's example.
        "deliveryMethod" => delivery_method: DeliveryMethod [lenient],
        /// `orderCurrency`. Optional. ISO 4217 currency code (`USD`).
        "orderCurrency" => order_currency: String [lenient],
        /// `orderDate`. Optional. When the order was placed, ISO 8601 with its offset, kept as sent.
        "orderDate" => order_date: OrderDate [lenient],
        /// `orderState`. Optional. `CANCELED` after a successful cancel.
        "orderState" => order_state: OrderState [lenient],
        /// `orderStatus`. Optional. `CANCELED` after a successful cancel.
        "orderStatus" => order_status: OrderStatus [lenient],
        /// `customerSubtotal`. Optional. JSON number, in `orderCurrency`.
        "customerSubtotal" => customer_subtotal: Amount [lenient],
        /// `subtotal`. Optional. JSON number, in `orderCurrency`.
        "subtotal" => subtotal: Amount [lenient],
        /// `estimatedShipping`. Optional. JSON number, in `orderCurrency`.
        "estimatedShipping" => estimated_shipping: Amount [lenient],
        /// `customerTotal`. Optional. JSON number, in `orderCurrency`.
        "customerTotal" => customer_total: Amount [lenient],
        /// `customerTotalNet`. Optional. JSON number, in `orderCurrency`.
        "customerTotalNet" => customer_total_net: Amount [lenient],
        /// `total`. Optional. JSON number, in `orderCurrency`.
        "total" => total: Amount [lenient],
        /// `singlePackageRequested`. Optional. Whether the order ships in one package.
        "singlePackageRequested" => single_package_requested: bool [lenient],
        /// `shippingAddress`. Optional. An address id (`"1234567"`) or an address object.
        "shippingAddress" => shipping_address: ShippingAddress [lenient],
        /// `customer`. Optional. The customer section, kept verbatim (personal data).
        "customer" => customer: Sensitive<cancel_domain::wire::KeptMap> [lenient],
        /// `orderItems`. Optional. The order's items (key name inferred from Create Order).
        "orderItems" => order_items: Vec<OrderItem> [lenient],
    }
}

cancel_domain::wire_object! {
    /// One entry of `orderItems` (optional array) in the Cancel Order response, the Get Order
    /// shape of `POST …/api/v2/order/action/cancel` (each entry has the Get Order Item shape;
    /// every field optional).
    ///
    /// Description, quantity, price, custom data, capabilities and restrictions follow in
    /// the vendor's docs with undocumented keys; they are kept in [`other`](Self::other).
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct OrderItem expecting "a JSON object (OrderItem)" {
        /// `orderItemID`. Optional. JSON integer from 0 to 2^53 − 1.
        "orderItemID" => order_item_id: ItemId [lenient],
        /// `itemState`. Optional. `NORMAL` or `CANCELED`.
        "itemState" => item_state: ItemState [lenient],
        /// `orderID`. Optional. The order's id, JSON integer from 1 to 2^53 − 1.
        "orderID" => order_id: OrderId [lenient],
        /// `shipmentID`. Optional. Number or string (type not documented), kept as sent.
        "shipmentID" => shipment_id: VendorId [lenient],
        /// `externalItemID`. Optional. Number or string (type not documented), kept as sent.
        "externalItemID" => external_item_id: VendorId [lenient],
    }
}

impl CancelOrderResponse {
    /// A response naming only the order.
    pub fn new(order_id: OrderId) -> Self {
        Self {
            order_id: Some(order_id),
            ..Self::default()
        }
    }
}

impl OrderItem {
    /// An item with only its id.
    pub fn new(order_item_id: ItemId) -> Self {
        Self {
            order_item_id: Some(order_item_id),
            ..Self::default()
        }
    }
}
