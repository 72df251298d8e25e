//! `model_order`: the order OCC returns from a cancel, typed for every object its schema names.
//!
//! Every key is optional (OCC omits or nulls them freely); keys not modelled here, and
//! explicit `null`s, are kept in each object's `other` and written back as they came.
//! Names, addresses, e-mails and card data are [`Sensitive`]: they never show in `Debug`.

use std::fmt;

use cancel_domain::{PayloadError, Sensitive};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;

use super::{
    Amount, DynamicValue, EpochMillis, Extra, ItemState, OrderState, PaymentState,
    ShippingGroupState, Str, ToStatic, Walk,
};

/// The deepest nesting at which a `cancelOrder_response` holds free-form JSON: a value of
/// `order.shoppingCart.items[].externalData[].values` (or of the unknown keys of
/// `order.shippingGroups[].items[].dynamicProperties[]`) sits inside 8 objects and arrays.
/// Free-form values get the rest of the depth limit; the typed levels are bounded by the model.
pub(crate) const RESPONSE_TYPED_DEPTH: usize = 8;

wire_struct! {
    /// `model_order`: the order as it is after the cancel.
    pub struct Order<'a> {
        /// `id`: the order id (present on full order representations).
        id: Str<'a> = "id",
        /// `orderId`: the order id, e.g. `o10003`.
        order_id: Str<'a> = "orderId",
        /// `uuid`: the order's UUID.
        uuid: Str<'a> = "uuid",
        /// `siteId`: the site the order was created on, e.g. `siteUS`.
        site_id: Str<'a> = "siteId",
        /// `creationSiteId`: the site of creation when it differs (cart sharing).
        creation_site_id: Str<'a> = "creationSiteId",
        /// `orderAction`: the action performed on the order, e.g. `order`.
        order_action: Str<'a> = "orderAction",
        /// `sourceSystem`: e.g. `Cloud Commerce`.
        source_system: Str<'a> = "sourceSystem",
        /// `locale`.
        locale: Str<'a> = "locale",
        /// `cartName`.
        cart_name: Str<'a> = "cartName",
        /// `priceGroupId`.
        price_group_id: Str<'a> = "priceGroupId",
        /// `salesChannel`.
        sales_channel: Str<'a> = "salesChannel",
        /// `organizationId` (B2B; often `null`, kept in `other` then).
        organization_id: Str<'a> = "organizationId",
        /// `profileId`: the shopper's profile.
        profile_id: Str<'a> = "profileId",
        /// `state`: the internal order state, e.g. `REMOVED`.
        state: OrderState = "state",
        /// `orderStatus`: the display form of the state, e.g. `"Removed"`.
        order_status: Str<'a> = "orderStatus",
        /// `stateDetailsAsUser`: a sentence describing the state.
        state_details_as_user: Str<'a> = "stateDetailsAsUser",
        /// `orderCancelReason`: the reason id the order was cancelled with.
        order_cancel_reason: Str<'a> = "orderCancelReason",
        /// `creationTime`: epoch milliseconds, in a string in the cancel answer
        /// (`"1511782097000"`), a number elsewhere.
        creation_time: EpochMillis<'a> = "creationTime",
        /// `creationDate`: ISO 8601.
        creation_date: Str<'a> = "creationDate",
        /// `submittedDate`: ISO 8601 with `Z`, e.g. `2017-11-27T11:29:31.000Z`.
        submitted_date: Str<'a> = "submittedDate",
        /// `lastModifiedTime`: epoch milliseconds.
        last_modified_time: EpochMillis<'a> = "lastModifiedTime",
        /// `lastModifiedDate`: ISO 8601.
        last_modified_date: Str<'a> = "lastModifiedDate",
        /// `dynamicProperties`: read-only custom properties of the order.
        dynamic_properties: Vec<DynamicProperty<'a>> = "dynamicProperties",
        /// `giftWithPurchaseInfo`: gift selections.
        gift_with_purchase_info: Vec<GiftWithPurchaseInfo<'a>> = "giftWithPurchaseInfo",
        /// `giftWithPurchaseOrderMarkers`.
        gift_with_purchase_order_markers: Vec<GiftWithPurchaseOrderMarker<'a>> = "giftWithPurchaseOrderMarkers",
        /// `markers`: order markers (campaign markers...).
        markers: Vec<Marker<'a>> = "markers",
        /// `payments`: payment details, with properties specific to the payment type.
        payments: Vec<Payment<'a>> = "payments",
        /// `priceListGroup`.
        price_list_group: PriceListGroup<'a> = "priceListGroup",
        /// `shippingGroups`: an object in the store schema, an array in the admin schema.
        shipping_groups: ShippingGroups<'a> = "shippingGroups",
        /// `shippingMethod`: the order's shipping method.
        shipping_method: ShippingMethod<'a> = "shippingMethod",
        /// `shoppingCart`: the items.
        shopping_cart: ShoppingCart<'a> = "shoppingCart",
        /// `priceInfo`: the order's totals.
        price_info: PriceInfo<'a> = "priceInfo",
        /// `discountInfo`: the order's discounts.
        discount_info: DiscountInfo<'a> = "discountInfo",
        /// `shippingAddress` (admin schema; also on single-group orders).
        shipping_address: Address<'a> = "shippingAddress",
        /// `billingAddress` (admin schema).
        billing_address: Address<'a> = "billingAddress",
        /// `additionalEmails` (admin schema).
        additional_emails: Vec<Sensitive<Str<'a>>> = "additionalEmails",
    }
}

impl Order<'_> {
    /// The order id: `orderId`, else `id`.
    pub fn order_id(&self) -> Option<&str> {
        self.order_id.as_ref().or(self.id.as_ref()).map(Str::as_str)
    }

    /// The state: `state`, else the display form in `orderStatus` read back.
    pub fn effective_state(&self) -> Option<OrderState> {
        self.state.clone().or_else(|| {
            self.order_status
                .as_ref()
                .and_then(|s| OrderState::from_display(s.as_str()))
        })
    }
}

wire_struct! {
    /// One entry of `dynamicProperties` (order or line level).
    pub struct DynamicProperty<'a> {
        /// `id`, e.g. `giftWrapMessage123`.
        id: Str<'a> = "id",
        /// `label`, e.g. `Gift Wrap Message123`.
        label: Str<'a> = "label",
        /// `value`: a string, number or boolean, depending on how the property is defined.
        value: DynamicValue<'a> = "value",
    }
}

wire_struct! {
    /// One entry of `giftWithPurchaseInfo`: a gift selection of a promotion.
    pub struct GiftWithPurchaseInfo<'a> {
        /// `giftWithPurchaseType`.
        gift_with_purchase_type: Str<'a> = "giftWithPurchaseType",
        /// `giftWithPurchaseIdentifier`: links the selection to its markers.
        gift_with_purchase_identifier: Number = "giftWithPurchaseIdentifier",
        /// `giftWithPurchaseDetail`: the gift (a SKU or product id).
        gift_with_purchase_detail: Str<'a> = "giftWithPurchaseDetail",
        /// `giftWithPurchaseQuantity`.
        gift_with_purchase_quantity: Number = "giftWithPurchaseQuantity",
        /// `promotionId`.
        promotion_id: Str<'a> = "promotionId",
    }
}

wire_struct! {
    /// One entry of `giftWithPurchaseOrderMarkers`.
    pub struct GiftWithPurchaseOrderMarker<'a> {
        /// `automaticQuantity`: free units already auto-added to the order.
        automatic_quantity: Number = "automaticQuantity",
        /// `autoRemove`: remove free gifts automatically when the promotion stops qualifying.
        auto_remove: bool = "autoRemove",
        /// `giftHashCode`: identifies the gift selection, e.g. `-24564678912`.
        gift_hash_code: Number = "giftHashCode",
        /// `failedQuantity`: automatic free units that could not be added.
        failed_quantity: Number = "failedQuantity",
        /// `giftDetail`: the gift, e.g. `Product_6Dxyi`.
        gift_detail: Str<'a> = "giftDetail",
        /// `giftType`: `sku` or `product`.
        gift_type: Str<'a> = "giftType",
        /// `key`: `atg.gwp`.
        key: Str<'a> = "key",
        /// `quantity`: total units of this gift selection.
        quantity: Number = "quantity",
        /// `removedQuantity`: free units removed by the shopper.
        removed_quantity: Number = "removedQuantity",
        /// `selectedQuantity`: free units selected by the shopper.
        selected_quantity: Number = "selectedQuantity",
        /// `targetedQuantity`: free units made free by the calculator.
        targeted_quantity: Number = "targetedQuantity",
        /// `value`: the promotion id, e.g. `promo40001`.
        value: Str<'a> = "value",
    }
}

wire_struct! {
    /// One entry of a line's `giftWithPurchaseCommerceItemMarkers`.
    pub struct GiftWithPurchaseItemMarker<'a> {
        /// `automaticQuantity`: free units this item makes free, auto-added by pricing.
        automatic_quantity: Number = "automaticQuantity",
        /// `giftHashCode`.
        gift_hash_code: Number = "giftHashCode",
        /// `key`: `atg.gwp`.
        key: Str<'a> = "key",
        /// `remainingQuantity`: units not affected by the gift with purchase.
        remaining_quantity: Number = "remainingQuantity",
        /// `selectedQuantity`.
        selected_quantity: Number = "selectedQuantity",
        /// `targetedQuantity`.
        targeted_quantity: Number = "targetedQuantity",
        /// `value`: the promotion id, e.g. `promo10002`.
        value: Str<'a> = "value",
    }
}

wire_struct! {
    /// One entry of `markers`.
    pub struct Marker<'a> {
        /// `key`, e.g. `campaign_eloqua`.
        key: Str<'a> = "key",
        /// `value`, e.g. the campaign id `78900`.
        value: Str<'a> = "value",
        /// `data`.
        data: Str<'a> = "data",
    }
}

wire_struct! {
    /// One entry of `payments`.
    pub struct Payment<'a> {
        /// `paymentGroupId`, e.g. `pg30416`.
        payment_group_id: Str<'a> = "paymentGroupId",
        /// `paymentMethod`, e.g. `tokenizedCreditCard`.
        payment_method: Str<'a> = "paymentMethod",
        /// `type`: the processor, e.g. `CyberSource`.
        payment_type: Str<'a> = "type",
        /// `gatewayName`.
        gateway_name: Str<'a> = "gatewayName",
        /// `amount`: a JSON number, kept exact.
        amount: Amount<'a> = "amount",
        /// `amountAuthorized`.
        amount_authorized: Amount<'a> = "amountAuthorized",
        /// `currencyCode`.
        currency_code: Str<'a> = "currencyCode",
        /// `paymentState`, e.g. `AUTHORIZED`.
        payment_state: PaymentState = "paymentState",
        /// `transactionTypeInitiated`, e.g. `void` after a cancel.
        transaction_type_initiated: Str<'a> = "transactionTypeInitiated",
        /// `cardType` (often `null`).
        card_type: Str<'a> = "cardType",
        /// `cardNumber`: masked, e.g. `xxxxxxxxxxxx1111`.
        card_number: Sensitive<Str<'a>> = "cardNumber",
        /// `maskedCardNumber`.
        masked_card_number: Sensitive<Str<'a>> = "maskedCardNumber",
        /// `IIN`: issuer identification number (often `null`).
        iin: Sensitive<Str<'a>> = "IIN",
        /// `expiryMonth`.
        expiry_month: Sensitive<Str<'a>> = "expiryMonth",
        /// `expiryYear`.
        expiry_year: Sensitive<Str<'a>> = "expiryYear",
        /// `nameOnCard`.
        name_on_card: Sensitive<Str<'a>> = "nameOnCard",
        /// `uiIntervention`, e.g. `sop`.
        ui_intervention: Str<'a> = "uiIntervention",
        /// `isAmountRemaining`.
        is_amount_remaining: bool = "isAmountRemaining",
        /// `customPaymentProperties`: a free map.
        custom_payment_properties: Extra<'a> = "customPaymentProperties",
    }
}

wire_struct! {
    /// `priceListGroup`.
    pub struct PriceListGroup<'a> {
        /// `id`.
        id: Str<'a> = "id",
        /// `repositoryId`.
        repository_id: Str<'a> = "repositoryId",
        /// `displayName`.
        display_name: Str<'a> = "displayName",
        /// `locale`.
        locale: Str<'a> = "locale",
        /// `isTaxIncluded`.
        is_tax_included: bool = "isTaxIncluded",
        /// `isPointsBased`.
        is_points_based: bool = "isPointsBased",
        /// `active`.
        active: bool = "active",
        /// `deleted`.
        deleted: bool = "deleted",
        /// `currency`: the currency object.
        currency: Currency<'a> = "currency",
        /// `listPriceList`.
        list_price_list: PriceListRef<'a> = "listPriceList",
        /// `salePriceList`.
        sale_price_list: PriceListRef<'a> = "salePriceList",
        /// `shippingSurchargePriceList`: the shipping surcharge price list.
        shipping_surcharge_price_list: PriceListRef<'a> = "shippingSurchargePriceList",
    }
}

wire_struct! {
    /// `priceListGroup.currency`.
    pub struct Currency<'a> {
        /// `repositoryId`.
        repository_id: Str<'a> = "repositoryId",
        /// `currencyCode`, e.g. `USD`.
        currency_code: Str<'a> = "currencyCode",
        /// `numericCode`, e.g. `840`.
        numeric_code: Str<'a> = "numericCode",
        /// `symbol`, e.g. `$`.
        symbol: Str<'a> = "symbol",
        /// `displayName`.
        display_name: Str<'a> = "displayName",
        /// `fractionalDigits`.
        fractional_digits: Number = "fractionalDigits",
        /// `currencyType` (`null` for money, `loyaltyPoints`...).
        currency_type: Str<'a> = "currencyType",
        /// `deleted`.
        deleted: bool = "deleted",
    }
}

wire_struct! {
    /// A price list reference (`listPriceList`, `shippingSurchargePriceList`...).
    pub struct PriceListRef<'a> {
        /// `repositoryId`, e.g. `shippingSurchargePrices`.
        repository_id: Str<'a> = "repositoryId",
        /// `id`.
        id: Str<'a> = "id",
    }
}

/// `shippingGroups`: one object (store schema) or an array (admin schema). Written back in
/// the form it came in.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ShippingGroups<'a> {
    /// The store schema's single object.
    One(Box<ShippingGroup<'a>>),
    /// The admin schema's array.
    Many(Vec<ShippingGroup<'a>>),
}

impl<'a> ShippingGroups<'a> {
    /// The groups, whatever the form.
    pub fn iter(&self) -> std::slice::Iter<'_, ShippingGroup<'a>> {
        match self {
            Self::One(one) => std::slice::from_ref(&**one).iter(),
            Self::Many(many) => many.iter(),
        }
    }

    /// A copy that owns all its text.
    pub fn into_owned(self) -> ShippingGroups<'static> {
        match self {
            Self::One(one) => ShippingGroups::One(Box::new(one.into_owned())),
            Self::Many(many) => ShippingGroups::Many(many.to_static()),
        }
    }
}

impl fmt::Debug for ShippingGroups<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::One(one) => f.debug_tuple("One").field(one).finish(),
            Self::Many(many) => f.debug_tuple("Many").field(many).finish(),
        }
    }
}

impl Serialize for ShippingGroups<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(one) => one.serialize(serializer),
            Self::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ShippingGroups<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = ShippingGroups<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a shipping group object or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ShippingGroup::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|g| ShippingGroups::One(Box::new(g)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(g) = seq.next_element()? {
                    out.push(g);
                }
                Ok(ShippingGroups::Many(out))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

impl Walk for ShippingGroups<'_> {
    fn walk(&self, path: &str, out: &mut Vec<PayloadError>) {
        match self {
            Self::One(one) => one.walk(path, out),
            Self::Many(many) => many.walk(path, out),
        }
    }
}

impl ToStatic for ShippingGroups<'_> {
    type Static = ShippingGroups<'static>;
    fn to_static(self) -> ShippingGroups<'static> {
        self.into_owned()
    }
}

wire_struct! {
    /// One shipping group.
    pub struct ShippingGroup<'a> {
        /// `shippingGroupId`, e.g. `sg30411`.
        shipping_group_id: Str<'a> = "shippingGroupId",
        /// `type`, e.g. `hardgoodShippingGroup`.
        group_type: Str<'a> = "type",
        /// `state`, e.g. `REMOVED`.
        state: ShippingGroupState = "state",
        /// `stateDetailsAsUser`.
        state_details_as_user: Str<'a> = "stateDetailsAsUser",
        /// `submittedDate`.
        submitted_date: Str<'a> = "submittedDate",
        /// `priceInfo`: the group's prices.
        price_info: PriceInfo<'a> = "priceInfo",
        /// `discountInfo`: the group's discounts.
        discount_info: DiscountInfo<'a> = "discountInfo",
        /// `items`: the products in the shipping group.
        items: Vec<ShippingGroupItem<'a>> = "items",
        /// `shippingAddress`: where the group goes.
        shipping_address: Address<'a> = "shippingAddress",
        /// `shippingMethod`: how the group goes.
        shipping_method: ShippingMethod<'a> = "shippingMethod",
    }
}

wire_struct! {
    /// One item of a shipping group (a commerce item's relationship to the group).
    pub struct ShippingGroupItem<'a> {
        /// `commerceItemId`, e.g. `ci6000411`.
        commerce_item_id: Str<'a> = "commerceItemId",
        /// `productId`.
        product_id: Str<'a> = "productId",
        /// `catalogRefId`: the SKU.
        catalog_ref_id: Str<'a> = "catalogRefId",
        /// `quantity`.
        quantity: Number = "quantity",
        /// `price`: the line total.
        price: Amount<'a> = "price",
        /// `listPrice`.
        list_price: Amount<'a> = "listPrice",
        /// `salePrice`.
        sale_price: Amount<'a> = "salePrice",
        /// `rawTotalPrice`.
        raw_total_price: Amount<'a> = "rawTotalPrice",
        /// `displayName`.
        display_name: Str<'a> = "displayName",
        /// `primaryImageAltText`.
        primary_image_alt_text: Str<'a> = "primaryImageAltText",
        /// `primaryImageTitle`.
        primary_image_title: Str<'a> = "primaryImageTitle",
        /// `primaryThumbImageURL`.
        primary_thumb_image_url: Str<'a> = "primaryThumbImageURL",
        /// `state`: the relationship's state, e.g. `REMOVED`.
        state: ItemState = "state",
        /// `stateDetailsAsUser`, e.g. "The item has been removed from the shipping group".
        state_details_as_user: Str<'a> = "stateDetailsAsUser",
        /// `dynamicProperties`: custom properties of the line.
        dynamic_properties: Vec<DynamicProperty<'a>> = "dynamicProperties",
        /// `skuProperties`.
        sku_properties: Vec<SkuProperty<'a>> = "skuProperties",
        /// `variant`: the product's variant options.
        variant: Vec<VariantOption<'a>> = "variant",
    }
}

wire_struct! {
    /// `shippingMethod` (order or group level).
    pub struct ShippingMethod<'a> {
        /// `value`: the method's id, e.g. `standardShippingMethod`.
        value: Str<'a> = "value",
        /// `shippingMethodDescription`.
        shipping_method_description: Str<'a> = "shippingMethodDescription",
        /// `displayName`.
        display_name: Str<'a> = "displayName",
        /// `cost`.
        cost: Amount<'a> = "cost",
        /// `shippingTax`.
        shipping_tax: Amount<'a> = "shippingTax",
        /// `estimatedDeliveryDateGuaranteed`.
        estimated_delivery_date_guaranteed: bool = "estimatedDeliveryDateGuaranteed",
    }
}

wire_struct! {
    /// `priceInfo`: totals of the order or of a shipping group.
    pub struct PriceInfo<'a> {
        /// `amount`, e.g. `179`.
        amount: Amount<'a> = "amount",
        /// `total`, e.g. `204.06`.
        total: Amount<'a> = "total",
        /// `shipping`.
        shipping: Amount<'a> = "shipping",
        /// `primaryCurrencyTotal`: total in loyalty points (multi-currency).
        primary_currency_total: Amount<'a> = "primaryCurrencyTotal",
        /// `secondaryCurrencyTotal`.
        secondary_currency_total: Amount<'a> = "secondaryCurrencyTotal",
        /// `shippingSurchargeValue`.
        shipping_surcharge_value: Amount<'a> = "shippingSurchargeValue",
        /// `tax`.
        tax: Amount<'a> = "tax",
        /// `subTotal`.
        sub_total: Amount<'a> = "subTotal",
        /// `currencyCode`, e.g. `USD`.
        currency_code: Str<'a> = "currencyCode",
        /// `totalWithoutTax` (typed as a string in the schema, sent as a number).
        total_without_tax: Amount<'a> = "totalWithoutTax",
    }
}

wire_struct! {
    /// `discountInfo`: discounts of the order or of a shipping group.
    pub struct DiscountInfo<'a> {
        /// `orderDiscount`.
        order_discount: Amount<'a> = "orderDiscount",
        /// `shippingDiscount`.
        shipping_discount: Amount<'a> = "shippingDiscount",
        /// `discountDescList`: every order discount.
        discount_desc_list: Vec<DiscountDescription<'a>> = "discountDescList",
        /// `orderImplicitDiscountList`: implicit promotions of the order.
        order_implicit_discount_list: Vec<DiscountDescription<'a>> = "orderImplicitDiscountList",
        /// `unclaimedCouponMultiPromotions`: a free map.
        unclaimed_coupon_multi_promotions: Extra<'a> = "unclaimedCouponMultiPromotions",
        /// `orderCouponsMap`: a free map.
        order_coupons_map: Extra<'a> = "orderCouponsMap",
        /// `claimedCouponMultiPromotions`: a free map.
        claimed_coupon_multi_promotions: Extra<'a> = "claimedCouponMultiPromotions",
    }
}

wire_struct! {
    /// One entry of `discountDescList` or `orderImplicitDiscountList`.
    pub struct DiscountDescription<'a> {
        /// `promotionId`.
        promotion_id: Str<'a> = "promotionId",
        /// `promotionName`: the display name, e.g. `Free Tattoo`.
        promotion_name: Str<'a> = "promotionName",
        /// `promotionDesc`.
        promotion_desc: Str<'a> = "promotionDesc",
        /// `promotionLevel`: `order`, `item` or `shipping`.
        promotion_level: Str<'a> = "promotionLevel",
        /// `totalAdjustment`: the discount, a negative amount.
        total_adjustment: Amount<'a> = "totalAdjustment",
        /// `coupon`: the coupon code that applied it.
        coupon: Str<'a> = "coupon",
        /// `external`: applied by an external system.
        external: bool = "external",
    }
}

wire_struct! {
    /// `shippingAddress` / `billingAddress`. Personal fields are [`Sensitive`].
    pub struct Address<'a> {
        /// `alias`.
        alias: Str<'a> = "alias",
        /// `prefix`.
        prefix: Sensitive<Str<'a>> = "prefix",
        /// `firstName`.
        first_name: Sensitive<Str<'a>> = "firstName",
        /// `middleName`.
        middle_name: Sensitive<Str<'a>> = "middleName",
        /// `lastName`.
        last_name: Sensitive<Str<'a>> = "lastName",
        /// `suffix`.
        suffix: Sensitive<Str<'a>> = "suffix",
        /// `companyName`.
        company_name: Sensitive<Str<'a>> = "companyName",
        /// `jobTitle`.
        job_title: Sensitive<Str<'a>> = "jobTitle",
        /// `address1`.
        address1: Sensitive<Str<'a>> = "address1",
        /// `address2`.
        address2: Sensitive<Str<'a>> = "address2",
        /// `address3`.
        address3: Sensitive<Str<'a>> = "address3",
        /// `city`.
        city: Sensitive<Str<'a>> = "city",
        /// `county`.
        county: Sensitive<Str<'a>> = "county",
        /// `state`: region code, e.g. `CT`.
        state: Str<'a> = "state",
        /// `postalCode`.
        postal_code: Sensitive<Str<'a>> = "postalCode",
        /// `country`: country code, e.g. `US`.
        country: Str<'a> = "country",
        /// `phoneNumber`.
        phone_number: Sensitive<Str<'a>> = "phoneNumber",
        /// `faxNumber`.
        fax_number: Sensitive<Str<'a>> = "faxNumber",
        /// `email`.
        email: Sensitive<Str<'a>> = "email",
    }
}

wire_struct! {
    /// `shoppingCart`.
    pub struct ShoppingCart<'a> {
        /// `items`: the lines in the cart.
        items: Vec<CartItem<'a>> = "items",
        /// `numberOfItems`.
        number_of_items: Number = "numberOfItems",
    }
}

wire_struct! {
    /// One line of `shoppingCart.items` (a commerce item).
    pub struct CartItem<'a> {
        /// `id`.
        id: Str<'a> = "id",
        /// `commerceItemId`, e.g. `ci6000411`.
        commerce_item_id: Str<'a> = "commerceItemId",
        /// `productId`.
        product_id: Str<'a> = "productId",
        /// `catalogRefId`: the SKU.
        catalog_ref_id: Str<'a> = "catalogRefId",
        /// `quantity`.
        quantity: Number = "quantity",
        /// `price`: the line total.
        price: Amount<'a> = "price",
        /// `listPrice`: the unit list price.
        list_price: Amount<'a> = "listPrice",
        /// `salePrice`: the unit sale price.
        sale_price: Amount<'a> = "salePrice",
        /// `rawTotalPrice`.
        raw_total_price: Amount<'a> = "rawTotalPrice",
        /// `discountAmount`.
        discount_amount: Amount<'a> = "discountAmount",
        /// `externalPrice`.
        external_price: Amount<'a> = "externalPrice",
        /// `externalPriceQuantity`.
        external_price_quantity: Number = "externalPriceQuantity",
        /// `onSale`.
        on_sale: bool = "onSale",
        /// `pointOfNoRevision`: past this point the line can no longer change.
        point_of_no_revision: bool = "pointOfNoRevision",
        /// `displayName`.
        display_name: Str<'a> = "displayName",
        /// `primaryImageAltText`.
        primary_image_alt_text: Str<'a> = "primaryImageAltText",
        /// `primaryImageTitle`.
        primary_image_title: Str<'a> = "primaryImageTitle",
        /// `primaryThumbImageURL`.
        primary_thumb_image_url: Str<'a> = "primaryThumbImageURL",
        /// `state`: the commerce item's state.
        state: ItemState = "state",
        /// `stateDetailsAsUser`.
        state_details_as_user: Str<'a> = "stateDetailsAsUser",
        /// `asset`: a configurable asset line.
        asset: bool = "asset",
        /// `assetKey`.
        asset_key: Str<'a> = "assetKey",
        /// `actionCode`.
        action_code: Str<'a> = "actionCode",
        /// `configuratorId`.
        configurator_id: Str<'a> = "configuratorId",
        /// `childSkus`: the SKU's primary image, or its default.
        child_skus: Vec<ChildSku<'a>> = "childSkus",
        /// `dynamicProperties`: custom properties of the line.
        dynamic_properties: Vec<DynamicProperty<'a>> = "dynamicProperties",
        /// `externalData`: data from a configurator system.
        external_data: Vec<ExternalData<'a>> = "externalData",
        /// `giftWithPurchaseCommerceItemMarkers`.
        gift_with_purchase_commerce_item_markers: Vec<GiftWithPurchaseItemMarker<'a>> = "giftWithPurchaseCommerceItemMarkers",
        /// `itemDiscountInfos`.
        item_discount_infos: Vec<ItemDiscountInfo<'a>> = "itemDiscountInfos",
        /// `shopperInput`: a free map of shopper input keys to values.
        shopper_input: Extra<'a> = "shopperInput",
        /// `skuProperties`.
        sku_properties: Vec<SkuProperty<'a>> = "skuProperties",
        /// `variant`: the product's variant options.
        variant: Vec<VariantOption<'a>> = "variant",
    }
}

wire_struct! {
    /// One entry of `childSkus`.
    pub struct ChildSku<'a> {
        /// `primaryThumbImageURL`.
        primary_thumb_image_url: Str<'a> = "primaryThumbImageURL",
    }
}

wire_struct! {
    /// One entry of `externalData`.
    pub struct ExternalData<'a> {
        /// `name`.
        name: Str<'a> = "name",
        /// `actionCode`.
        action_code: Str<'a> = "actionCode",
        /// `values`: a free map.
        values: Extra<'a> = "values",
    }
}

wire_struct! {
    /// One entry of `itemDiscountInfos`.
    pub struct ItemDiscountInfo<'a> {
        /// `promotionId`.
        promotion_id: Str<'a> = "promotionId",
        /// `promotionDesc`.
        promotion_desc: Str<'a> = "promotionDesc",
        /// `promotionLevel`.
        promotion_level: Str<'a> = "promotionLevel",
        /// `amount`: the discount on this line.
        amount: Amount<'a> = "amount",
        /// `totalAdjustment`.
        total_adjustment: Amount<'a> = "totalAdjustment",
        /// `discountType`.
        discount_type: Str<'a> = "discountType",
        /// `coupon`.
        coupon: Str<'a> = "coupon",
        /// `couponCodes`: coupon codes applied to the item.
        coupon_codes: Vec<Str<'a>> = "couponCodes",
    }
}

wire_struct! {
    /// One entry of `skuProperties`.
    pub struct SkuProperty<'a> {
        /// `id`, e.g. `upcCode`.
        id: Str<'a> = "id",
        /// `name`, e.g. `UPC Code`.
        name: Str<'a> = "name",
        /// `propertyType`: `sku-base` or a custom type.
        property_type: Str<'a> = "propertyType",
        /// `value`, e.g. `12345`.
        value: DynamicValue<'a> = "value",
    }
}

wire_struct! {
    /// One entry of `variant`.
    pub struct VariantOption<'a> {
        /// `optionName`, e.g. `color`.
        option_name: Str<'a> = "optionName",
        /// `optionValue`, e.g. `red`.
        option_value: Str<'a> = "optionValue",
    }
}

wire_struct! {
    /// `cancelOrder_response`: `{ result, order }`.
    ///
    /// ```
    /// use cancel_occ::wire::{CancelOrderResponse, OrderState};
    /// let bytes = br#"{"result":"success","order":{"orderId":"o30413","state":"REMOVED","creationTime":"1511782097000"}}"#;
    /// let resp: CancelOrderResponse<'_> = serde_json::from_slice(bytes).unwrap();
    /// let order = resp.order.as_ref().unwrap();
    /// assert_eq!(order.order_id(), Some("o30413"));
    /// assert_eq!(order.state, Some(OrderState::Removed));
    /// assert_eq!(order.creation_time.as_ref().unwrap().epoch_millis(), Some(1_511_782_097_000));
    /// ```
    pub struct CancelOrderResponse<'a> {
        /// `result`: the result of the operation, `success`.
        result: Str<'a> = "result",
        /// `order`: the updated order (the admin example omits it).
        order: Order<'a> = "order",
    }
}
