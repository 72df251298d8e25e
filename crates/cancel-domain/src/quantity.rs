//! A whole, positive number of units.

use std::num::NonZeroU32;

use serde::{de, Deserialize, Deserializer, Serialize};

/// A whole number of units, never zero.
///
/// ```
/// use cancel_domain::Quantity;
/// assert!(Quantity::try_from(0u32).is_err());
/// assert_eq!(u32::from(Quantity::try_from(3u32).unwrap()), 3);
/// assert!(serde_json::from_str::<Quantity>("0").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u32")]
pub struct Quantity(NonZeroU32);

/// The value given for a [`Quantity`] was zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("quantity must be at least 1")]
#[non_exhaustive]
pub struct ZeroQuantity;

impl Quantity {
    /// One unit.
    pub const ONE: Self = Self(NonZeroU32::MIN);

    /// Creates a quantity; `None` for zero.
    pub fn new(units: u32) -> Option<Self> {
        NonZeroU32::new(units).map(Self)
    }

    /// The number of units.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl TryFrom<u32> for Quantity {
    type Error = ZeroQuantity;

    fn try_from(units: u32) -> Result<Self, Self::Error> {
        Self::new(units).ok_or(ZeroQuantity)
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> Self {
        q.get()
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl schemars::JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A whole number of units, at least 1.",
            "type": "integer",
            "minimum": 1,
            "maximum": u32::MAX,
        })
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Written by hand so that `0` reads as "invalid value" (kind `range`), not a custom error.
        let units = u32::deserialize(deserializer)?;
        Self::new(units).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Unsigned(0), &"a quantity of at least 1")
        })
    }
}
