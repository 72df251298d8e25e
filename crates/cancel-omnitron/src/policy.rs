//! The `[vendor.omnitron]` policy section: the merchant's cancellation reasons.
//!
//! Akinon has no fixed reason codes: every merchant keeps its own list
//! (`GET /api/v1/channel/{channel_id}/cancellation_reasons/`: `pk`, `subject`,
//! `cancellation_type`, `is_active`, ...). The policy copies that list and adds the canonical
//! [`ReasonCode`] of each reason:
//!
//! ```toml
//! [vendor.omnitron]
//! reason_id = 7            # used when the source gives no reason
//!
//! [[vendor.omnitron.reasons]]
//! pk = 3
//! subject = "Changed my mind"
//! cancellation_type = "cancel"   # or "refund" (a return reason)
//! is_active = true
//! code = "changed_mind"
//! ```

use cancel_domain::{
    ErrorKind, PayloadError, PayloadErrors, Policy, PolicyError, ReasonCode, Vendor,
};
use serde::{Deserialize, Serialize};

use crate::wire::ReasonId;

/// The typed `[vendor.omnitron]` section.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct OmnitronPolicy {
    /// `reason_id`: the Akinon reason id used when the source gives no reason (reported as
    /// `defaulted` with key `vendor.omnitron.reason_id`). A reason that is given, `other`
    /// included, is never replaced by it: it needs an entry in `reasons`.
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
#[allow(
    clippy::exhaustive_structs,
    reason = "the `CancellationReason` record of the Akinon API: its fields are the format"
)]
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
    /// `extra_information_needed` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_information_needed: Option<bool>,
    /// `order` of the Akinon record: the reason's sort position in the UI, **not** an order
    /// id (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<serde_json::Number>,
    /// `send_to_remote` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_to_remote: Option<bool>,
    /// `translations` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<serde_json::Value>,
    /// `uuid` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// `created_date` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<String>,
    /// `modified_date` of the Akinon record (kept, not used here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_date: Option<String>,
}

/// The keys of a `CancellationReason` record that [`ReasonEntry`] reads.
const RECORD_KEYS: [&str; 12] = [
    "pk",
    "subject",
    "cancellation_type",
    "is_active",
    "code",
    "extra_information_needed",
    "order",
    "send_to_remote",
    "translations",
    "uuid",
    "created_date",
    "modified_date",
];

impl ReasonEntry {
    /// An active reason `pk` with its `subject`, of `cancellation_type`, without a canonical
    /// code or the record's other fields.
    pub fn new(
        pk: ReasonId,
        subject: impl Into<String>,
        cancellation_type: CancellationType,
    ) -> Self {
        Self {
            pk,
            subject: subject.into(),
            cancellation_type,
            is_active: true,
            code: None,
            extra_information_needed: None,
            order: None,
            send_to_remote: None,
            translations: None,
            uuid: None,
            created_date: None,
            modified_date: None,
        }
    }
}

/// Whether a reason is for cancels or for returns (refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CancellationType {
    /// A cancel reason.
    #[default]
    Cancel,
    /// A return (refund) reason; never valid on a cancel.
    Refund,
}

/// Why a reason id cannot be used on a cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
///     code,
///     ..ReasonEntry::new(ReasonId::new(pk).unwrap(), format!("reason {pk}"), kind)
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

    /// The table of the answer of `GET /api/v1/channel/{channel_id}/cancellation_reasons/`:
    /// a list of `CancellationReason` records, or a Django REST Framework page of them
    /// (`{"count", "next", "previous", "results": [...]}`; only `results` is read). Record
    /// fields this crate does not know are ignored. Records carry no canonical `code`, so
    /// every reason translates as `other` with its subject (reported unmapped) until a
    /// policy adds codes.
    ///
    /// ```
    /// use cancel_omnitron::{ReasonProblem, ReasonTable};
    /// use cancel_omnitron::wire::ReasonId;
    /// let table = ReasonTable::from_json(br#"{"count":2,"next":null,"previous":null,"results":[
    ///   {"pk":3,"subject":"Vazgectim","cancellation_type":"cancel","extra_information_needed":false,
    ///    "order":1,"is_active":true,"send_to_remote":true,"translations":{"en":{"subject":"Changed my mind"}},
    ///    "uuid":"0b5c7e8a","created_date":"2023-01-01T00:00:00Z","modified_date":"2023-01-01T00:00:00Z"},
    ///   {"pk":9,"subject":"Hasarli","cancellation_type":"refund","is_active":true}
    /// ]}"#).unwrap();
    /// assert!(table.check_cancel(ReasonId::new(3).unwrap()).is_ok());
    /// assert_eq!(table.check_cancel(ReasonId::new(9).unwrap()).unwrap_err(), ReasonProblem::Refund);
    /// ```
    ///
    /// # Errors
    ///
    /// The bytes are not such a list (wire paths such as `results[1]`), or a reason is
    /// listed twice (`duplicate`).
    pub fn from_json(bytes: &[u8]) -> Result<Self, PayloadErrors> {
        use serde_json::Value;
        let (prefix, records) = match cancel_domain::json::parse::<Value>(
            bytes,
            &cancel_domain::json::Limits::DEFAULT,
        )? {
            Value::Array(records) => ("", records),
            Value::Object(mut page) => match page.remove("results") {
                Some(Value::Array(records)) => ("results", records),
                Some(_) => {
                    return Err(PayloadErrors::one(
                        "results",
                        ErrorKind::Type,
                        "`results` is a list of cancellation reasons",
                    ))
                }
                None => {
                    return Err(PayloadErrors::one(
                        "results",
                        ErrorKind::Missing,
                        "a page of cancellation reasons has `results`",
                    ))
                }
            },
            _ => {
                return Err(PayloadErrors::one(
                    "$",
                    ErrorKind::Type,
                    "a list of cancellation reasons, or a page with `results`",
                ))
            }
        };
        let mut entries = Vec::with_capacity(records.len());
        let mut errors = Vec::new();
        for (i, record) in records.into_iter().enumerate() {
            let at = format!("{prefix}[{i}]");
            let Value::Object(mut record) = record else {
                errors.push(PayloadError::new(
                    at,
                    ErrorKind::Type,
                    "a cancellation reason is an object",
                ));
                continue;
            };
            record.retain(|k, _| RECORD_KEYS.contains(&k.as_str()));
            match serde_json::from_value::<ReasonEntry>(Value::Object(record)) {
                Ok(entry) => entries.push(entry),
                Err(e) => {
                    let message = e.to_string();
                    let kind = if message.starts_with("missing field") {
                        ErrorKind::Missing
                    } else {
                        ErrorKind::Type
                    };
                    errors.push(PayloadError::new(at, kind, message));
                }
            }
        }
        if !errors.is_empty() {
            return Err(PayloadErrors(errors));
        }
        Self::new(entries).map_err(|id| {
            PayloadErrors::one(
                format!("{prefix}[].pk"),
                ErrorKind::Duplicate,
                format!("reason {id} is listed twice"),
            )
        })
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
        let err = |message: String| PolicyError::new(Vendor::Omnitron, message);
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
