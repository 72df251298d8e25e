//! The canonical cancel-reason taxonomy ([state rules](crate::rules) §3).

use serde::{Deserialize, Serialize};

use crate::Vendor;

/// Why an order is cancelled, in the canonical taxonomy.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// The customer no longer wants it.
    ChangedMind,
    /// Cheaper elsewhere, or discounted now.
    BetterPriceElsewhere,
    /// Bad reviews or doubts about the product.
    ProductConcern,
    /// Wrong or duplicate order, created in error.
    OrderedByMistake,
    /// Too slow, or no shipment update.
    DeliveryConcern,
    /// Payment declined or not received.
    PaymentIssue,
    /// Suspected fraud.
    Fraud,
    /// Inventory not available.
    OutOfStock,
    /// The merchant cannot process the order.
    CannotFulfill,
    /// A mistake by the merchant's staff.
    StaffError,
    /// A pickup order that was not collected.
    NotCollected,
    /// Anything else; `detail` says what.
    Other,
    /// The channel gave no reason.
    Unspecified,
}

/// Who asked for the cancel.
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
#[non_exhaustive]
pub enum Initiator {
    /// The shopper.
    Customer,
    /// The merchant or its staff.
    Merchant,
    /// A marketplace or order-management platform.
    Marketplace,
    /// An automated process.
    System,
    /// Not known.
    #[default]
    Unknown,
}

/// The vendor's own spelling of a reason, kept so a round trip to that vendor is lossless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct ReasonOrigin {
    /// The vendor that sent it.
    pub vendor: Vendor,
    /// The raw value (a code, an id as text, a merchant reason id).
    pub value: String,
}

/// A cancel reason: canonical code, free text, who asked, and the vendor's raw value.
///
/// ```
/// use cancel_domain::{CancelReason, ReasonCode};
/// let r = CancelReason::new(ReasonCode::ChangedMind);
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"code":"changed_mind"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = other_needs_detail)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct CancelReason {
    /// The canonical code.
    pub code: ReasonCode,
    /// Free text (required in spirit for [`ReasonCode::Other`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Who gave the reason, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<Initiator>,
    /// The vendor's raw reason value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ReasonOrigin>,
}

/// Schema form of rule R19's "`other` needs a text": a reason with code `other` must carry
/// a non-empty `detail` (what core validation reports as `reason.detail: rule`).
fn other_needs_detail(schema: &mut schemars::Schema) {
    let rule = serde_json::json!({
        "if": {"properties": {"code": {"const": "other"}}, "required": ["code"]},
        "then": {
            "properties": {"detail": {"type": "string", "minLength": 1}},
            "required": ["detail"]
        }
    });
    let all = schema
        .as_object_mut()
        .map(|object| {
            object
                .entry("allOf")
                .or_insert_with(|| serde_json::json!([]))
        })
        .and_then(serde_json::Value::as_array_mut);
    if let Some(all) = all {
        all.push(rule);
    }
}

impl CancelReason {
    /// A reason with only a code.
    pub fn new(code: ReasonCode) -> Self {
        Self {
            code,
            detail: None,
            initiator: None,
            origin: None,
        }
    }

    /// The raw value this reason had at `vendor`, if it came from there.
    pub fn origin_at(&self, vendor: Vendor) -> Option<&str> {
        self.origin
            .as_ref()
            .filter(|o| o.vendor == vendor)
            .map(|o| o.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_reason_code_has_one_spelling() {
        let mut count = 0;
        for code in ReasonCode::iter() {
            let serde = serde_json::to_value(code).unwrap();
            assert_eq!(serde, serde_json::Value::String(code.to_string()));
            assert_eq!(code.to_string().parse::<ReasonCode>().unwrap(), code);
            assert_eq!(serde_json::from_value::<ReasonCode>(serde).unwrap(), code);
            count += 1;
        }
        assert_eq!(count, 13);
        for i in Initiator::iter() {
            assert_eq!(
                serde_json::to_value(i).unwrap(),
                serde_json::Value::String(i.to_string())
            );
        }
    }
}
