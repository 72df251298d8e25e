//! The 200 answers of the cancel call: the order detail, or the short "clear" response.

use cancel_domain::Sensitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{ItemPk, OrderPk};
use super::status::OrderStatus;
use super::values::{Currency, Extra, Money, Related};

cancel_domain::wire_object! {
    /// A country, city, township or district of an address (with its `translations`).
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct Place expecting "a place object" {
        /// `pk`.
        "pk" => pk: serde_json::Number [optional],
        /// `name`.
        "name" => name: String [optional],
        /// `code`, may be `null`.
        "code" => code: Option<String> [optional],
        /// `translations`, kept as sent.
        "translations" => translations: cancel_domain::wire::Kept [optional],
    }
}

cancel_domain::wire_object! {
    /// `shipping_address` / `billing_address` of the order detail.
    ///
    /// Personal fields are [`Sensitive`]: `Debug` never prints them.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct Address expecting "an address object" {
        /// `pk`.
        "pk" => pk: serde_json::Number [optional],
        /// `first_name` (personal).
        "first_name" => first_name: Option<Sensitive<String>> [optional],
        /// `last_name` (personal).
        "last_name" => last_name: Option<Sensitive<String>> [optional],
        /// `email` (personal).
        "email" => email: Option<Sensitive<String>> [optional],
        /// `phone_number` (personal).
        "phone_number" => phone_number: Option<Sensitive<String>> [optional],
        /// `line`: street address (personal).
        "line" => line: Option<Sensitive<String>> [optional],
        /// `postcode` (personal).
        "postcode" => postcode: Option<Sensitive<String>> [optional],
        /// `country`: an id or a [`Place`].
        "country" => country: Option<Related<Place>> [optional],
        /// `city`: an id or a [`Place`].
        "city" => city: Option<Related<Place>> [optional],
        /// `township`: an id or a [`Place`].
        "township" => township: Option<Related<Place>> [optional],
        /// `district`: an id or a [`Place`].
        "district" => district: Option<Related<Place>> [optional],
    }
}

cancel_domain::wire_object! {
    /// One order item of the order detail (`orderitem_set[]`).
    ///
    /// Akinon keeps one item per unit (a line of quantity 2 is two items), so an item is
    /// cancelled whole.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct OrderItem expecting "an order item object" {
        /// `pk`, required: the item pk that `cancel_items` names.
        "pk" => pk: ItemPk [required],
        /// `status`: code or name, as sent.
        "status" => status: OrderStatus [optional],
        /// `product`: an id or the product object.
        "product" => product: Related<Extra> [optional],
        /// `price`: decimal string.
        "price" => price: Money [optional],
        /// `retail_price`: decimal string.
        "retail_price" => retail_price: Money [optional],
        /// `price_currency`: lower case.
        "price_currency" => price_currency: Currency [optional],
        /// `tax_rate`: decimal string (`"20.00"`).
        "tax_rate" => tax_rate: Money [optional],
        /// `discount_amount`: decimal string.
        "discount_amount" => discount_amount: Money [optional],
        /// `tracking_number`, or `null`.
        "tracking_number" => tracking_number: Option<String> [optional],
        /// `attributes`, kept as sent.
        "attributes" => attributes: cancel_domain::wire::Kept [optional],
        /// `extra_field`, kept as sent.
        "extra_field" => extra_field: cancel_domain::wire::Kept [optional],
    }
}

cancel_domain::wire_object! {
    /// The order detail, the 200 answer of a cancel (unless `return_details` was false).
    ///
    /// Typed where the facts name fields (see the crate README); every other field is kept
    /// in `other`. Money fields are decimal strings kept exactly (`"149.90"`); `status`
    /// keeps its spelling (`"50"` or `"cancellation_waiting"`). Fields that Akinon sends as
    /// `null` are `Option<Option<_>>` or `serde_json::Value` so that `null` and absence stay
    /// apart. Personal data (addresses, customer, IP, notes, card BIN) never shows in `Debug`.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct OrderDetail expecting "an Akinon order detail object" {
        /// `pk`, required: the order pk.
        "pk" => pk: OrderPk [required],
        /// `number`: the order number, a string (up to 16 digits or a channel's own form).
        "number" => number: String [optional],
        /// `channel`: an id (webhooks) or an object (channel API).
        "channel" => channel: Related<Extra> [optional],
        /// `status`: code or name, as sent.
        "status" => status: OrderStatus [optional],
        /// `date_placed`: timestamp text, kept as sent.
        "date_placed" => date_placed: String [optional],
        /// `customer`: an id or an object (personal; `Debug` prints keys only).
        "customer" => customer: Option<Related<Extra>> [optional],
        /// `shipping_address`.
        "shipping_address" => shipping_address: Option<Address> [optional],
        /// `billing_address`.
        "billing_address" => billing_address: Option<Address> [optional],
        /// `amount`: decimal string.
        "amount" => amount: Money [optional],
        /// `refund_amount`: decimal string.
        "refund_amount" => refund_amount: Money [optional],
        /// `discount_amount`: decimal string.
        "discount_amount" => discount_amount: Money [optional],
        /// `shipping_amount`: decimal string.
        "shipping_amount" => shipping_amount: Money [optional],
        /// `currency`: lower case (`"try"`).
        "currency" => currency: Currency [optional],
        /// `language_code` (`"tr-tr"`).
        "language_code" => language_code: Option<String> [optional],
        /// `client_type` (`"default"`).
        "client_type" => client_type: Option<String> [optional],
        /// `installment`: an id or an object, or `null`.
        "installment" => installment: Option<Related<Extra>> [optional],
        /// `remote_addr`: the buyer's IP address (personal).
        "remote_addr" => remote_addr: Option<Sensitive<String>> [optional],
        /// `has_gift_box`.
        "has_gift_box" => has_gift_box: bool [optional],
        /// `gift_box_note` (free text, personal).
        "gift_box_note" => gift_box_note: Option<Sensitive<String>> [optional],
        /// `invoice_date`, or `null`.
        "invoice_date" => invoice_date: Option<String> [optional],
        /// `e_archive_url`, or `null`.
        "e_archive_url" => e_archive_url: Option<String> [optional],
        /// `delivery_type`, or `null`.
        "delivery_type" => delivery_type: Option<String> [optional],
        /// `delivery_range`, kept as sent.
        "delivery_range" => delivery_range: cancel_domain::wire::Kept [optional],
        /// `segment`, kept as sent.
        "segment" => segment: cancel_domain::wire::Kept [optional],
        /// `bin_number`: the card BIN (payment data), or `null`.
        "bin_number" => bin_number: Option<Sensitive<String>> [optional],
        /// `notes` (free text, personal).
        "notes" => notes: Option<Sensitive<String>> [optional],
        /// `is_send`: sent to the ERP.
        "is_send" => is_send: bool [optional],
        /// `cargo_company`: an id or an object, or `null`.
        "cargo_company" => cargo_company: Option<Related<Extra>> [optional],
        /// `extra_field`, kept as sent.
        "extra_field" => extra_field: cancel_domain::wire::Kept [optional],
        /// `modified_date`: timestamp text, kept as sent.
        "modified_date" => modified_date: String [optional],
        /// `orderitem_set`: the items (key name inferred, see the README).
        "orderitem_set" => orderitem_set: Vec<OrderItem> [optional],
    }
}

impl OrderDetail {
    /// A detail with a pk and nothing else.
    pub fn new(pk: OrderPk) -> Self {
        Self {
            pk,
            number: None,
            channel: None,
            status: None,
            date_placed: None,
            customer: None,
            shipping_address: None,
            billing_address: None,
            amount: None,
            refund_amount: None,
            discount_amount: None,
            shipping_amount: None,
            currency: None,
            language_code: None,
            client_type: None,
            installment: None,
            remote_addr: None,
            has_gift_box: None,
            gift_box_note: None,
            invoice_date: None,
            e_archive_url: None,
            delivery_type: None,
            delivery_range: None,
            segment: None,
            bin_number: None,
            notes: None,
            is_send: None,
            cargo_company: None,
            extra_field: None,
            modified_date: None,
            orderitem_set: None,
            other: Extra::default(),
        }
    }

    /// The items (empty when the detail has no `orderitem_set`).
    pub fn items(&self) -> &[OrderItem] {
        self.orderitem_set.as_deref().unwrap_or_default()
    }
}

impl OrderItem {
    /// An item with a pk and a status.
    pub fn new(pk: ItemPk, status: Option<OrderStatus>) -> Self {
        Self {
            pk,
            status,
            product: None,
            price: None,
            retail_price: None,
            price_currency: None,
            tax_rate: None,
            discount_amount: None,
            tracking_number: None,
            attributes: None,
            extra_field: None,
            other: Extra::default(),
        }
    }
}

cancel_domain::wire_object! {
    /// The short answer to a cancel sent with `"return_details": false` ("clear response").
    ///
    /// Its shape is not published; any JSON object that is not an order detail (no `pk`,
    /// `number` or `orderitem_set`) is read as this and kept verbatim.
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct ClearResponse expecting "a JSON object" {
    }
}

/// The 200 answer of `POST /api/i1/orders/{order_id}/cancel/`.
///
/// JSON: an object. It is an [`OrderDetail`] when it has `pk`, `number` or
/// `orderitem_set`, otherwise a [`ClearResponse`].
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::exhaustive_enums,
    reason = "the two answers Akinon documents for a cancel: the order detail and the short answer"
)]
pub enum CancelResponse {
    /// The order detail (the default answer).
    Order(Box<OrderDetail>),
    /// The short answer (`"return_details": false`).
    Clear(ClearResponse),
}

impl CancelResponse {
    /// Whether a JSON object with these keys is an order detail.
    pub fn is_order_detail<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
        keys.any(|k| matches!(k, "pk" | "number" | "orderitem_set"))
    }
}

impl Serialize for CancelResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Order(detail) => detail.serialize(serializer),
            Self::Clear(clear) => clear.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for CancelResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = cancel_domain::wire::KeptMap::deserialize(deserializer)?;
        if Self::is_order_detail(map.keys().map(String::as_str)) {
            cancel_domain::wire::Kept::of(&map)
                .and_then(|body| body.parse::<OrderDetail>())
                .map(|d| Self::Order(Box::new(d)))
                .map_err(serde::de::Error::custom)
        } else {
            Ok(Self::Clear(ClearResponse {
                other: Extra(map.into_iter().collect()),
            }))
        }
    }
}
