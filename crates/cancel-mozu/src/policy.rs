//! The `[vendor.mozu]` table of the policy file.

use cancel_domain::{Policy, PolicyError, Vendor};
use serde::{Deserialize, Serialize};

use crate::validate::OTHER_REASON_MAX_CHARS;
use crate::wire::DispositionReason;

/// Outbound defaults for Kibo, read from `[vendor.mozu]`:
///
/// ```toml
/// [vendor.mozu]
/// disposition_reason = "other"                      # raw Kibo value, used when the source gives no reason
/// disposition_other_reason = "Cancelled via cancel-kit"  # text sent with `other` when the source has none
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MozuPolicy {
    /// `vendor.mozu.disposition_reason`: the raw `dispositionReason` sent when the core
    /// reason is `unspecified` (reported as `defaulted`). Must be a documented value.
    pub disposition_reason: Option<DispositionReason>,
    /// `vendor.mozu.disposition_other_reason`: the `dispositionOtherReason` sent with
    /// `other` when the core reason has no detail (reported as `defaulted`); 1..=255 characters.
    pub disposition_other_reason: Option<String>,
}

impl MozuPolicy {
    /// Reads and checks `[vendor.mozu]` (the defaults when absent).
    ///
    /// # Errors
    ///
    /// [`PolicyError`] for unknown keys, an undocumented `disposition_reason`, or a
    /// `disposition_other_reason` outside 1..=255 characters.
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        let table: Self = policy.vendor_section(Vendor::Mozu)?;
        let error = |message: String| PolicyError::new(Vendor::Mozu, message);
        if let Some(reason) = &table.disposition_reason {
            if !reason.is_known() {
                return Err(error(format!(
                    "disposition_reason {:?} is not a documented Kibo value ({})",
                    reason.as_str(),
                    DispositionReason::KNOWN.join(", ")
                )));
            }
        }
        if let Some(text) = &table.disposition_other_reason {
            let chars = text.chars().count();
            if chars == 0 || chars > OTHER_REASON_MAX_CHARS {
                return Err(error(format!(
                    "disposition_other_reason must have 1 to 255 characters, has {chars}"
                )));
            }
        }
        Ok(table)
    }
}
