//! The `[vendor.omnitron]` policy section: the merchant's cancellation reasons.
//!
//! Akinon has no fixed reason codes: every merchant keeps its own list
//! (`GET /api/v1/channel/{channel_id}/cancellation_reasons/`: `pk`, `subject`,
//! `cancellation_type`, `is_active`, ...). The policy copies that list and adds the canonical
//! [`ReasonCode`] of each reason:
//!
//! ```toml
//! [vendor.omnitron]
//! reason_id = 7            # used when a core reason has no mapped Akinon reason
//!
//! [[vendor.omnitron.reasons]]
//! pk = 3
//! subject = "Changed my mind"
//! cancellation_type = "cancel"   # or "refund" (a return reason)
//! is_active = true
//! code = "changed_mind"
//! ```

use cancel_domain::{ErrorKind, Policy, PolicyError, ReasonCode, Vendor};
use serde::{Deserialize, Serialize};

use crate::wire::ReasonId;

/// The typed `[vendor.omnitron]` section.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OmnitronPolicy {
    /// `reason_id`: the Akinon reason id used when a core reason maps to none
    /// (reported as `defaulted` with key `vendor.omnitron.reason_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_id: Option<ReasonId>,
    /// `reasons`: the merchant's reason list with canonical codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ReasonEntry>,
}

fn active_by_default() -> bool {
    true
}

/// One merchant cancellation reason (`CancellationReason` of the Akinon API) with its
/// canonical code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonEntry {
    /// `pk`: the id sent in `reasons`.
    pub pk: ReasonId,
    /// `subject`: the merchant's wording.
    pub subject: String,
    /// `cancellation_type`: `cancel` (default) or `refund`.
    #[serde(default)]
    pub cancellation_type: CancellationType,
    /// `is_active` (default true); Akinon "deletes" a reason by deactivating it.
    #[serde(default = "active_by_default")]
    pub is_active: bool,
    /// `code`: the canonical reason; absent = no canonical meaning (`other`, reported unmapped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ReasonCode>,
}

/// Whether a reason is for cancels or for returns (refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationType {
    /// A cancel reason.
    #[default]
    Cancel,
    /// A return (refund) reason; never valid on a cancel.
    Refund,
}

/// Why a reason id cannot be used on a cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonProblem {
    /// The id is not in the merchant's list.
    Unknown,
    /// The reason is a return (`refund`) reason.
    Refund,
    /// The reason is deactivated.
    Inactive,
}

impl ReasonProblem {
    /// A message naming the id (ids are not personal data).
    pub fn message(self, id: ReasonId) -> String {
        match self {
            Self::Unknown => format!(
                "reason {id} is not in the merchant's reason list (policy vendor.omnitron.reasons)"
            ),
            Self::Refund => format!(
                "reason {id} is a refund (return) reason; a cancel needs a reason of \
                 cancellation_type `cancel` (Akinon does not mix cancel and return)"
            ),
            Self::Inactive => format!("reason {id} is no longer active"),
        }
    }

    /// The error kind of the problem (always `rule`).
    pub fn kind(self) -> ErrorKind {
        ErrorKind::Rule
    }
}

/// The merchant's reasons, looked up by id or by canonical code.
///
/// ```
/// use cancel_domain::ReasonCode;
/// use cancel_omnitron::{CancellationType, ReasonEntry, ReasonProblem, ReasonTable};
/// use cancel_omnitron::wire::ReasonId;
/// let entry = |pk, kind, code| ReasonEntry {
///     pk: ReasonId::new(pk).unwrap(),
///     subject: format!("reason {pk}"),
///     cancellation_type: kind,
///     is_active: true,
///     code,
/// };
/// let table = ReasonTable::new(vec![
///     entry(3, CancellationType::Cancel, Some(ReasonCode::ChangedMind)),
///     entry(9, CancellationType::Refund, Some(ReasonCode::ChangedMind)),
/// ])
/// .unwrap();
/// assert_eq!(table.for_code(ReasonCode::ChangedMind).unwrap().pk.get(), 3);
/// assert_eq!(table.check_cancel(ReasonId::new(9).unwrap()).unwrap_err(), ReasonProblem::Refund);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReasonTable {
    entries: Vec<ReasonEntry>,
}

impl ReasonTable {
    /// A table of `entries` (policy order is kept: [`for_code`](Self::for_code) picks the
    /// first match).
    ///
    /// # Errors
    ///
    /// The first id listed twice.
    pub fn new(entries: Vec<ReasonEntry>) -> Result<Self, ReasonId> {
        let mut seen = std::collections::BTreeSet::new();
        for e in &entries {
            if !seen.insert(e.pk) {
                return Err(e.pk);
            }
        }
        Ok(Self { entries })
    }

    /// Whether the merchant's list is unknown (no policy table).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in policy order.
    pub fn entries(&self) -> &[ReasonEntry] {
        &self.entries
    }

    /// The reason with this id.
    pub fn get(&self, id: ReasonId) -> Option<&ReasonEntry> {
        self.entries.iter().find(|e| e.pk == id)
    }

    /// The reason with this id, when it may be used on a cancel (`Ok(None)`: no table, so
    /// the id cannot be checked).
    ///
    /// # Errors
    ///
    /// The id is unknown, a refund reason, or inactive.
    pub fn check_cancel(&self, id: ReasonId) -> Result<Option<&ReasonEntry>, ReasonProblem> {
        if self.is_empty() {
            return Ok(None);
        }
        let entry = self.get(id).ok_or(ReasonProblem::Unknown)?;
        if entry.cancellation_type == CancellationType::Refund {
            Err(ReasonProblem::Refund)
        } else if !entry.is_active {
            Err(ReasonProblem::Inactive)
        } else {
            Ok(Some(entry))
        }
    }

    /// The first active cancel reason with this canonical code.
    pub fn for_code(&self, code: ReasonCode) -> Option<&ReasonEntry> {
        self.entries.iter().find(|e| {
            e.code == Some(code) && e.is_active && e.cancellation_type == CancellationType::Cancel
        })
    }
}

impl OmnitronPolicy {
    /// Reads `[vendor.omnitron]` from a policy (defaults when absent) and checks it: reason
    /// ids are unique and `reason_id`, when the list is given, is an active cancel reason.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] naming what is wrong.
    pub fn from_policy(policy: &Policy) -> Result<(Self, ReasonTable), PolicyError> {
        let section: Self = policy.vendor_section(Vendor::Omnitron)?;
        let err = |message: String| PolicyError {
            vendor: Vendor::Omnitron,
            message,
        };
        let table = ReasonTable::new(section.reasons.clone())
            .map_err(|id| err(format!("reason {id} is listed twice in `reasons`")))?;
        if let Some(id) = section.reason_id {
            table
                .check_cancel(id)
                .map_err(|p| err(format!("`reason_id`: {}", p.message(id))))?;
        }
        Ok((section, table))
    }
}
