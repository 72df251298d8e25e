//! The translation context and the errors of translations that would change the meaning.

use crate::{json::Limits, CancelRequest, ErrorKind, Order, PayloadErrors, Policy, Vendor};

/// What a translation may use beyond the payload itself.
///
/// Lookups are done before the call (the facade asks the [`crate::OrderDirectory`]),
/// so every translation stays synchronous and pure.
#[derive(Debug, Clone, Copy)]
#[allow(
    clippy::exhaustive_structs,
    reason = "the inputs of a translation, built with `..TranslateContext::new(policy)` by the CLI and the stand-in"
)]
pub struct TranslateContext<'a> {
    /// The policy (defaults, tables, `allow_loss`).
    pub policy: &'a Policy,
    /// The order the payload names, when a lookup found it.
    pub order: Option<&'a Order>,
    /// The request a response answers (needed where responses list only failures).
    pub request: Option<&'a CancelRequest>,
    /// Document limits.
    pub limits: Limits,
    /// Source of ids for generated bodies (chatbot `responseId`); deterministic in tests.
    pub ids: &'a dyn IdSource,
}

impl<'a> TranslateContext<'a> {
    /// A context with a policy and nothing else.
    pub fn new(policy: &'a Policy) -> Self {
        Self {
            policy,
            order: None,
            request: None,
            limits: Limits::DEFAULT,
            ids: &SequentialIds,
        }
    }

    /// With the looked-up order.
    pub fn with_order(self, order: Option<&'a Order>) -> Self {
        Self { order, ..self }
    }

    /// With the request a response answers.
    pub fn with_request(self, request: Option<&'a CancelRequest>) -> Self {
        Self { request, ..self }
    }

    /// Whether dropping payment data is allowed.
    pub fn allow_loss(&self) -> bool {
        self.policy.translate.allow_loss
    }
}

/// Generates ids for bodies that need a fresh one.
pub trait IdSource: Send + Sync + std::fmt::Debug {
    /// A new id, derived from `seed` (an order id, say) when the source is deterministic.
    fn next_id(&self, seed: &str) -> String;
}

/// A deterministic [`IdSource`]: a UUID-shaped hash of the seed (same seed, same id).
#[derive(Debug, Clone, Copy, Default)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a unit value without configuration"
)]
pub struct SequentialIds;

impl IdSource for SequentialIds {
    fn next_id(&self, seed: &str) -> String {
        // FNV-1a, twice with different offsets, formatted like the chatbot's
        // `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx-xxxxxxxx` response ids.
        let mut a: u64 = 0xcbf2_9ce4_8422_2325;
        let mut b: u64 = 0x8422_2325_cbf2_9ce4;
        for byte in seed.bytes() {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}-{:08x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff,
            (a ^ b) & 0xffff_ffff
        )
    }
}

/// A translation that cannot be done without changing the meaning or inventing data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranslateError {
    /// The source payload is not a valid body of its dialect. The errors are the content
    /// of this error, not its cause: `Display` lists them and `source()` is `None`.
    #[error("invalid source payload: {0}")]
    Invalid(PayloadErrors),
    /// A partial cancel cannot go to a whole-order-only vendor (never widened).
    #[error("{target} cancels whole orders only; a cancel of some lines would become a whole-order cancel")]
    PartialNotSupported {
        /// The whole-order-only vendor.
        target: Vendor,
    },
    /// An id does not fit the target's type (never truncated or wrapped).
    #[error("`{field}` of {target} must be {expected}; the id {value:?} does not fit")]
    IdDoesNotFit {
        /// The target wire path.
        field: String,
        /// The target vendor.
        target: Vendor,
        /// What the target accepts.
        expected: String,
        /// The id that does not fit (ids are not personal data).
        value: String,
    },
    /// A required target field has no source value and no policy default.
    #[error("{target} requires `{field}` and the source has none; set it with {supply}")]
    MissingRequired {
        /// The target wire path.
        field: String,
        /// The target vendor.
        target: Vendor,
        /// What would supply it.
        supply: Supply,
    },
    /// A required target field has a source value, but the policy does not say what it is
    /// at the target (a reason code with no entry in the target's reason table).
    #[error("{target} requires `{field}`: the source gives {given}, and the policy has no {target} equivalent for it; add {key}")]
    NotInPolicy {
        /// The target wire path.
        field: String,
        /// The target vendor.
        target: Vendor,
        /// What the source gave (never personal data: a code).
        given: String,
        /// The policy entry that would map it.
        key: String,
    },
    /// The translation needs facts the payload does not carry, which an order directory
    /// ([`crate::OrderDirectory`]) would look up.
    #[error("{what}; an order directory would look it up")]
    NeedsLookup {
        /// What is missing.
        what: String,
    },
    /// An answer cannot be read without the request it answers
    /// ([`TranslateContext::with_request`]).
    #[error("{what}; give the request it answers")]
    NeedsRequest {
        /// Why the answer alone is not enough.
        what: String,
    },
    /// Payment or refund data would be dropped; the policy's `translate.allow_loss` allows it.
    #[error("{target} has no place for {fields}; dropping it takes the policy's allow_loss")]
    PaymentDataWouldBeDropped {
        /// The target vendor.
        target: Vendor,
        /// The fields (paths only, never values).
        fields: String,
    },
    /// Any other change of meaning.
    #[error("{message}")]
    ChangesMeaning {
        /// What would change.
        message: String,
    },
}

impl From<PayloadErrors> for TranslateError {
    fn from(errors: PayloadErrors) -> Self {
        Self::Invalid(errors)
    }
}

/// What would supply a required target field the source does not have
/// ([`TranslateError::MissingRequired`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Supply {
    /// A key of the policy (`vendor.chatbot.channel`).
    PolicyKey(String),
    /// The policy's default reason (`translate.default_reason`), or the vendor's own key.
    DefaultReason {
        /// The vendor's policy key (`vendor.occ.cancel_reason`).
        key: String,
        /// What the default reason also needs (`a matching vendor.omnitron.reasons entry`).
        needs: Option<String>,
    },
    /// The source reason's detail text, or a policy key.
    ReasonDetail {
        /// The policy key (`vendor.mozu.disposition_other_reason`).
        key: String,
    },
    /// A field of one of the order's lines, which only an order directory knows.
    OrderLine {
        /// The field (`seller SKU`).
        what: String,
        /// The line (its core reference).
        line: String,
    },
}

impl std::fmt::Display for Supply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PolicyKey(key) => write!(f, "policy key {key}"),
            Self::DefaultReason { key, needs: None } => {
                write!(f, "policy key translate.default_reason or {key}")
            }
            Self::DefaultReason {
                key,
                needs: Some(needs),
            } => write!(
                f,
                "policy key translate.default_reason (with {needs}) or {key}"
            ),
            Self::ReasonDetail { key } => write!(f, "a reason detail or policy key {key}"),
            Self::OrderLine { what, line } => {
                write!(f, "a {what} on line {line} of the order directory")
            }
        }
    }
}

impl TranslateError {
    /// A single-error [`TranslateError::Invalid`].
    pub fn invalid(path: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::Invalid(PayloadErrors::one(path, kind, message))
    }
}
