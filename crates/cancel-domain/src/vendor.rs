//! The vendors cancel-kit speaks, and the dialect names of the CLI.

use serde::{Deserialize, Serialize};

/// A vendor API with its own cancel dialect.
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
#[allow(clippy::exhaustive_enums, reason = "opened by the lead's change")]
pub enum Vendor {
    /// The chatbot e-commerce integration (`POST /api/rest/v1/ecom/integrations/cancelOrder`).
    Chatbot,
    /// Kibo / Mozu Order Management, translated API (`POST /api/v2/order/action/cancel`).
    Mozu,
    /// Unicommerce (Uniware) marketplace order cancel (`POST /orders/cancel`).
    Unicommerce,
    /// Oracle Commerce Cloud `cancelOrder`.
    Occ,
    /// Akinon Omnitron (`POST /api/i1/orders/{order_id}/cancel/`).
    Omnitron,
}

/// A dialect name as the CLI takes it: a vendor, or `core` for the canonical JSON.
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
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(clippy::exhaustive_enums, reason = "opened by the lead's change")]
pub enum DialectId {
    /// The canonical JSON of `cancel-domain`.
    Core,
    /// See [`Vendor::Chatbot`].
    Chatbot,
    /// See [`Vendor::Mozu`].
    Mozu,
    /// See [`Vendor::Unicommerce`].
    Unicommerce,
    /// See [`Vendor::Occ`].
    Occ,
    /// See [`Vendor::Omnitron`].
    Omnitron,
}

impl DialectId {
    /// The vendor behind this dialect; `None` for `core`.
    pub fn vendor(self) -> Option<Vendor> {
        match self {
            Self::Core => None,
            Self::Chatbot => Some(Vendor::Chatbot),
            Self::Mozu => Some(Vendor::Mozu),
            Self::Unicommerce => Some(Vendor::Unicommerce),
            Self::Occ => Some(Vendor::Occ),
            Self::Omnitron => Some(Vendor::Omnitron),
        }
    }
}

impl From<Vendor> for DialectId {
    fn from(v: Vendor) -> Self {
        match v {
            Vendor::Chatbot => Self::Chatbot,
            Vendor::Mozu => Self::Mozu,
            Vendor::Unicommerce => Self::Unicommerce,
            Vendor::Occ => Self::Occ,
            Vendor::Omnitron => Self::Omnitron,
        }
    }
}

/// Which payload of a dialect: the request, the success response, or the error body.
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
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(
    clippy::exhaustive_enums,
    reason = "a body is a request, a response or an error: a closed set"
)]
pub enum PayloadKind {
    /// The cancel request body.
    Request,
    /// The success response body.
    Response,
    /// The error (refusal) body.
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn serde_and_strum_spell_vendors_the_same() {
        for v in Vendor::iter() {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::String(v.to_string())
            );
            assert_eq!(DialectId::from(v).to_string(), v.to_string());
            assert_eq!(DialectId::from(v).vendor(), Some(v));
        }
        assert_eq!(DialectId::Core.to_string(), "core");
    }
}
