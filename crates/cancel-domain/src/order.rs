//! The canonical order: lines with quantity buckets, a small phase, and flags.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{CustomerRef, LineRef, OrderRef, ProductRef, VariantRef, Vendor};

/// The stored lifecycle phase of an order ([state rules](crate::rules) §2.2).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(
    clippy::exhaustive_enums,
    reason = "the phases of the core model, each mapped by every vendor's state table: a new phase must not compile past them"
)]
pub enum OrderPhase {
    /// Not placed: cart, checkout, quote, template.
    Draft,
    /// Placed; waiting for payment, approval or review.
    AwaitingConfirmation,
    /// Accepted; progress is read from the line buckets.
    #[default]
    Active,
    /// A cancel was sent to a fulfiller or approver and is not confirmed yet.
    CancellationRequested,
    /// Terminal: cancelled.
    Cancelled,
    /// Terminal: delivered, completed or settled.
    Closed,
    /// Terminal: errored, rejected, expired or abandoned.
    Failed,
}

impl OrderPhase {
    /// Whether no further transition is possible.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Cancelled | Self::Closed | Self::Failed)
    }
}

/// Why an order is held.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::Display,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum HoldReason {
    /// Held by the merchant.
    Merchant,
    /// Payment under review.
    PaymentReview,
    /// Customer care is looking at it.
    CustomerCare,
    /// Waiting for the customer to act.
    NeedsCustomerAction,
    /// A review hold that the vendor still allows to cancel (Kibo `PendingReview`).
    ReviewCancellable,
}

/// Flags that block or shape a cancel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct OrderFlags {
    /// The order is on hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<HoldReason>,
    /// Cancellation is restricted (Kibo order restrictions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancellation_restricted: bool,
    /// A return is open on the order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_return: bool,
}

/// Money on the order, exact decimals (JSON strings).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct Payment {
    /// Authorized and not captured (voided on cancel, never refunded).
    #[serde(default)]
    #[schemars(with = "String")]
    pub authorized: Decimal,
    /// Captured (settled) so far.
    #[serde(default)]
    #[schemars(with = "String")]
    pub captured: Decimal,
    /// Refunded so far; never more than `captured`.
    #[serde(default)]
    #[schemars(with = "String")]
    pub refunded: Decimal,
}

/// Units of one line in each bucket ([state rules](crate::rules) §2.3).
///
/// Invariants: `cancelled + shipped ≤ ordered`; `allocated ≤ open`;
/// `delivered ≤ shipped`; `returned ≤ return_requested ≤ shipped`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct Buckets {
    /// Units ordered.
    pub ordered: u32,
    /// Units cancelled.
    #[serde(default)]
    pub cancelled: u32,
    /// Units committed to a fulfiller but not shipped.
    #[serde(default)]
    pub allocated: u32,
    /// Units handed to a carrier.
    #[serde(default)]
    pub shipped: u32,
    /// Units delivered.
    #[serde(default)]
    pub delivered: u32,
    /// Units with a return requested.
    #[serde(default)]
    pub return_requested: u32,
    /// Units returned.
    #[serde(default)]
    pub returned: u32,
    /// Units invoiced.
    #[serde(default)]
    pub invoiced: u32,
}

impl Buckets {
    /// Units neither cancelled nor shipped.
    pub fn open(&self) -> u32 {
        self.ordered
            .saturating_sub(self.cancelled)
            .saturating_sub(self.shipped)
    }

    /// Whether the §2.3 invariants hold.
    pub fn is_consistent(&self) -> bool {
        self.cancelled
            .checked_add(self.shipped)
            .is_some_and(|n| n <= self.ordered)
            && self.allocated <= self.open()
            && self.delivered <= self.shipped
            && self.returned <= self.return_requested
            && self.return_requested <= self.shipped
    }
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct OrderLine {
    /// The canonical line id.
    pub id: LineRef,
    /// The same line's id at each vendor (Unicommerce `orderItemId`, Akinon item pk...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendor_ids: BTreeMap<Vendor, String>,
    /// Product on the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductRef>,
    /// Variant (SKU) on the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<VariantRef>,
    /// Price of one unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub unit_price: Option<Decimal>,
    /// Units per bucket.
    pub quantities: Buckets,
}

impl OrderLine {
    /// This line's id at `vendor`, falling back to the canonical id.
    pub fn id_at(&self, vendor: Vendor) -> &str {
        vendor_id(&self.vendor_ids, vendor).unwrap_or(self.id.as_str())
    }
}

/// A canonical order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct Order {
    /// The canonical order id.
    pub id: OrderRef,
    /// The same order's id at each vendor (Kibo `orderId`, Akinon pk, OCC id...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendor_ids: BTreeMap<Vendor, String>,
    /// Lifecycle phase.
    #[serde(default)]
    pub phase: OrderPhase,
    /// When the order was placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_at: Option<DateTime<Utc>>,
    /// The owning customer (rule R2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerRef>,
    /// Flags.
    #[serde(default)]
    pub flags: OrderFlags,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Money state.
    #[serde(default)]
    pub payment: Payment,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// Version for compare-and-swap saves; bumped by every save.
    #[serde(default)]
    pub version: u64,
}

impl Order {
    /// This order's id at `vendor`, falling back to the canonical id.
    pub fn id_at(&self, vendor: Vendor) -> &str {
        vendor_id(&self.vendor_ids, vendor).unwrap_or(self.id.as_str())
    }

    /// Whether `id` names this order, canonically or at `vendor`.
    pub fn is_named(&self, id: &str, vendor: Option<Vendor>) -> bool {
        match vendor {
            Some(v) => self.id_at(v) == id,
            None => self.id.as_str() == id,
        }
    }

    /// The line named `id` in `id_space` (canonical when `None`).
    pub fn line(&self, id: &str, id_space: Option<Vendor>) -> Option<&OrderLine> {
        self.lines.iter().find(|l| match id_space {
            Some(v) => l.id_at(v) == id,
            None => l.id.as_str() == id,
        })
    }
}

/// The id at `vendor` in an order's or a line's `vendor_ids`. Such a map holds one entry per
/// vendor the order is known at, a handful at most: a scan with the enum's cheap equality
/// beats a tree search (order lookups call this for every line they pass).
fn vendor_id(ids: &BTreeMap<Vendor, String>, vendor: Vendor) -> Option<&str> {
    ids.iter()
        .find_map(|(at, id)| (*at == vendor).then_some(id.as_str()))
}

/// The `--orders` file: a list of canonical orders.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct OrdersFile {
    /// The orders.
    pub orders: Vec<Order>,
}
