//! Cancel reasons: the documented defaults and merchant-configured lists.
//!
//! OCC's cancel reasons are a merchant setting. `GET /ccadmin/v1/reasons?type=cancelReasons`
//! lists them as `[{ id, description, readableDescription, active }]`; the store and admin
//! cancel endpoints document eight defaults. A [`ReasonBook`] is the list validation uses:
//! the defaults unless a merchant list is supplied.

use std::collections::BTreeMap;
use std::fmt;

use cancel_domain::{json::Limits, Initiator, PayloadErrors, ReasonCode};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The value of `cancelReason`: one of the eight documented defaults or a merchant's own id.
///
/// ```
/// use cancel_occ::wire::ReasonId;
/// assert_eq!(ReasonId::from("changeOfMind"), ReasonId::ChangeOfMind);
/// let custom = ReasonId::from("NewCancelReason");
/// assert!(!custom.is_default());
/// assert_eq!(custom.as_str(), "NewCancelReason");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReasonId {
    /// `badProductReview`.
    BadProductReview,
    /// `betterCompetitorPrice`.
    BetterCompetitorPrice,
    /// `cannotProcessOrder`.
    CannotProcessOrder,
    /// `changeOfMind`.
    ChangeOfMind,
    /// `itemAvailableAtDiscountCurrently`.
    ItemAvailableAtDiscountCurrently,
    /// `noLongerNeeded`.
    NoLongerNeeded,
    /// `noUpdateOnShipmentStatus`.
    NoUpdateOnShipmentStatus,
    /// `paymentNotReceived`.
    PaymentNotReceived,
    /// Any other id, exactly as sent (a merchant-configured reason, or a wrong one).
    Custom(CustomReason),
}

/// A reason id that is not one of the documented defaults, kept verbatim.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomReason(Box<str>);

impl CustomReason {
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CustomReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// The eight documented default reasons with their canonical code and initiator
/// ([state rules](cancel_domain::rules) §3.1), in documentation order.
pub const DEFAULT_REASONS: [(ReasonId, ReasonCode, Initiator); 8] = [
    (
        ReasonId::BadProductReview,
        ReasonCode::ProductConcern,
        Initiator::Customer,
    ),
    (
        ReasonId::BetterCompetitorPrice,
        ReasonCode::BetterPriceElsewhere,
        Initiator::Customer,
    ),
    (
        ReasonId::CannotProcessOrder,
        ReasonCode::CannotFulfill,
        Initiator::Merchant,
    ),
    (
        ReasonId::ChangeOfMind,
        ReasonCode::ChangedMind,
        Initiator::Customer,
    ),
    (
        ReasonId::ItemAvailableAtDiscountCurrently,
        ReasonCode::BetterPriceElsewhere,
        Initiator::Customer,
    ),
    (
        ReasonId::NoLongerNeeded,
        ReasonCode::ChangedMind,
        Initiator::Customer,
    ),
    (
        ReasonId::NoUpdateOnShipmentStatus,
        ReasonCode::DeliveryConcern,
        Initiator::Customer,
    ),
    (
        ReasonId::PaymentNotReceived,
        ReasonCode::PaymentIssue,
        Initiator::Merchant,
    ),
];

impl ReasonId {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::BadProductReview => "badProductReview",
            Self::BetterCompetitorPrice => "betterCompetitorPrice",
            Self::CannotProcessOrder => "cannotProcessOrder",
            Self::ChangeOfMind => "changeOfMind",
            Self::ItemAvailableAtDiscountCurrently => "itemAvailableAtDiscountCurrently",
            Self::NoLongerNeeded => "noLongerNeeded",
            Self::NoUpdateOnShipmentStatus => "noUpdateOnShipmentStatus",
            Self::PaymentNotReceived => "paymentNotReceived",
            Self::Custom(c) => c.as_str(),
        }
    }

    /// Whether this is one of the eight documented defaults.
    pub fn is_default(&self) -> bool {
        !matches!(self, Self::Custom(_))
    }

    /// The canonical code and initiator of a documented default ([state
    /// rules](cancel_domain::rules) §3.1).
    pub fn default_mapping(&self) -> Option<(ReasonCode, Initiator)> {
        DEFAULT_REASONS
            .iter()
            .find(|(id, _, _)| id == self)
            .map(|(_, code, initiator)| (*code, *initiator))
    }

    /// The documented default spelled like `raw` apart from letter case (`ChangeOfMind`).
    pub fn default_ignoring_case(raw: &str) -> Option<ReasonId> {
        DEFAULT_REASONS
            .iter()
            .map(|(id, _, _)| id)
            .find(|id| id.as_str().eq_ignore_ascii_case(raw))
            .cloned()
    }
}

impl From<&str> for ReasonId {
    fn from(raw: &str) -> Self {
        match raw {
            "badProductReview" => Self::BadProductReview,
            "betterCompetitorPrice" => Self::BetterCompetitorPrice,
            "cannotProcessOrder" => Self::CannotProcessOrder,
            "changeOfMind" => Self::ChangeOfMind,
            "itemAvailableAtDiscountCurrently" => Self::ItemAvailableAtDiscountCurrently,
            "noLongerNeeded" => Self::NoLongerNeeded,
            "noUpdateOnShipmentStatus" => Self::NoUpdateOnShipmentStatus,
            "paymentNotReceived" => Self::PaymentNotReceived,
            other => Self::Custom(CustomReason(other.into())),
        }
    }
}

impl From<String> for ReasonId {
    fn from(raw: String) -> Self {
        Self::from(raw.as_str())
    }
}

impl fmt::Display for ReasonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ReasonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for ReasonId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ReasonId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <crate::wire::Str<'de> as Deserialize<'de>>::deserialize(deserializer)?;
        Ok(Self::from(raw.as_str()))
    }
}

/// One configured cancel reason, as `GET /ccadmin/v1/reasons?type=cancelReasons` lists it,
/// plus the policy-only `code` (the canonical code this merchant reason means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasonEntry {
    /// `id`, required: the value sent as `cancelReason`.
    pub id: String,
    /// `description`, optional: the reason's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `readableDescription`, optional: the localised text shown to people.
    #[serde(
        rename = "readableDescription",
        alias = "readable_description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub readable_description: Option<String>,
    /// `active`, optional (absent counts as active): whether the reason may be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Policy only (`vendor.occ.reasons[].code`): the canonical code of this reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ReasonCode>,
    /// Other keys, kept.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl ReasonEntry {
    /// An active reason with only an id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            description: None,
            readable_description: None,
            active: Some(true),
            code: None,
            other: BTreeMap::new(),
        }
    }

    /// Whether the reason may be used (absent `active` counts as active).
    pub fn is_active(&self) -> bool {
        self.active.unwrap_or(true)
    }

    /// The text that best describes the reason to a person.
    pub fn text(&self) -> Option<&str> {
        self.readable_description
            .as_deref()
            .or(self.description.as_deref())
            .filter(|t| !t.is_empty())
    }
}

/// A merchant's reason list (the body of `GET /ccadmin/v1/reasons?type=cancelReasons`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
#[allow(clippy::exhaustive_structs)] // a transparent list
pub struct ReasonList(pub Vec<ReasonEntry>);

impl ReasonList {
    /// Reads a reason list: a bare array of entries, or an object with an `items` array.
    ///
    /// # Errors
    ///
    /// When the bytes are neither shape.
    ///
    /// ```
    /// use cancel_occ::wire::ReasonList;
    /// let list = ReasonList::from_json(br#"{"items":[{"id":"100001","active":false}]}"#).unwrap();
    /// assert_eq!(list.0[0].id, "100001");
    /// assert!(!list.0[0].is_active());
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self, PayloadErrors> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Bare(Vec<ReasonEntry>),
            Items { items: Vec<ReasonEntry> },
        }
        let shape: Shape = cancel_domain::json::parse(bytes, &Limits::DEFAULT)?;
        Ok(match shape {
            Shape::Bare(items) | Shape::Items { items } => Self(items),
        })
    }
}

/// The reasons validation accepts, with their canonical meaning.
///
/// [`ReasonBook::default`] holds the eight documented defaults; [`ReasonBook::merchant`]
/// holds a merchant list instead (the server accepts exactly its active entries).
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonBook {
    entries: Vec<ReasonEntry>,
    merchant: bool,
}

/// What a [`ReasonBook`] says about a reason id.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ReasonCheck<'b> {
    /// Listed and active.
    Active(&'b ReasonEntry),
    /// Listed but inactive (OCC agent error 200219).
    Inactive(&'b ReasonEntry),
    /// Not listed, but a listed id differs only in letter case.
    WrongCase(&'b ReasonEntry),
    /// Not listed.
    Unknown,
}

impl Default for ReasonBook {
    fn default() -> Self {
        let entries = DEFAULT_REASONS
            .iter()
            .map(|(id, code, _)| {
                let mut e = ReasonEntry::new(id.as_str());
                e.code = Some(*code);
                e
            })
            .collect();
        Self {
            entries,
            merchant: false,
        }
    }
}

impl ReasonBook {
    /// A book of a merchant's own list.
    pub fn merchant(list: ReasonList) -> Self {
        Self {
            entries: list.0,
            merchant: true,
        }
    }

    /// Whether this is a merchant list (not the documented defaults).
    pub fn is_merchant(&self) -> bool {
        self.merchant
    }

    /// Every entry.
    pub fn entries(&self) -> &[ReasonEntry] {
        &self.entries
    }

    /// What the book says about `id`.
    pub fn check(&self, id: &str) -> ReasonCheck<'_> {
        if let Some(e) = self.entries.iter().find(|e| e.id == id) {
            return if e.is_active() {
                ReasonCheck::Active(e)
            } else {
                ReasonCheck::Inactive(e)
            };
        }
        match self.entries.iter().find(|e| e.id.eq_ignore_ascii_case(id)) {
            Some(e) => ReasonCheck::WrongCase(e),
            None => ReasonCheck::Unknown,
        }
    }

    /// The entry of `id`, active or not.
    pub fn get(&self, id: &str) -> Option<&ReasonEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The canonical code of `id`: the entry's `code`, else the documented default's.
    pub fn code_of(&self, id: &ReasonId) -> Option<ReasonCode> {
        self.get(id.as_str())
            .and_then(|e| e.code)
            .or_else(|| id.default_mapping().map(|(code, _)| code))
    }

    /// The first active entry whose `code` is `code`.
    pub fn active_with_code(&self, code: ReasonCode) -> Option<&ReasonEntry> {
        self.entries
            .iter()
            .find(|e| e.is_active() && e.code == Some(code))
    }

    /// Whether `id` may be sent (listed and active).
    pub fn accepts(&self, id: &str) -> bool {
        matches!(self.check(id), ReasonCheck::Active(_))
    }
}
