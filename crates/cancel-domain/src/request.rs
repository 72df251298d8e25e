//! The canonical cancel request.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    CancelReason, CustomerRef, IdempotencyKey, Initiator, LineRef, OrderRef, ProductRef, Quantity,
    Sensitive, VariantRef, Vendor,
};

/// "Cancel this order (or these units of it), for this reason."
///
/// The canonical JSON form (what `--from core` reads):
///
/// ```
/// use cancel_domain::{CancelRequest, CancelScope};
/// let json = r#"{
///   "order": "1010101",
///   "id_space": "mozu",
///   "scope": "whole_order",
///   "reason": {"code": "changed_mind", "origin": {"vendor": "mozu", "value": "customer_changed_mind"}},
///   "initiator": "customer"
/// }"#;
/// let request: CancelRequest = serde_json::from_str(json).unwrap();
/// assert!(matches!(request.scope, CancelScope::WholeOrder));
/// ```
///
/// `Debug` shows the keys of [`extensions`](Self::extensions) but never their values
/// (vendor fields may hold names, emails or bank data), and redacts the requester's
/// personal fields and the refund's payment data.
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct CancelRequest {
    /// The order, as named in `id_space`.
    #[schemars(extend("minLength" = 1))]
    pub order: OrderRef,
    /// Whose ids `order` and the line ids are (absent: the canonical ids of the orders file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_space: Option<Vendor>,
    /// The whole order, or some units of some lines.
    pub scope: CancelScope,
    /// Why.
    pub reason: CancelReason,
    /// Who asks.
    #[serde(default, skip_serializing_if = "is_unknown")]
    pub initiator: Initiator,
    /// The person or system behind the request (chat user, agent...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<Requester>,
    /// Refund instructions that travel with the cancel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundInstructions>,
    /// Makes the request safe to replay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minLength" = 1))]
    pub idempotency_key: Option<IdempotencyKey>,
    /// Vendor fields the core has no place for, kept per vendor so that a round trip to
    /// that same vendor is lossless (a translation to another vendor reports them dropped).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<Vendor, crate::wire::KeptMap>,
}

impl std::fmt::Debug for CancelRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelRequest")
            .field("order", &self.order)
            .field("id_space", &self.id_space)
            .field("scope", &self.scope)
            .field("reason", &self.reason)
            .field("initiator", &self.initiator)
            .field("requester", &self.requester)
            .field("refund", &self.refund)
            .field("idempotency_key", &self.idempotency_key)
            .field("extensions", &ExtensionKeys(&self.extensions))
            .finish()
    }
}

/// Debug form of vendor extensions: the vendor and the field names, never the values.
pub(crate) struct ExtensionKeys<'a>(pub(crate) &'a BTreeMap<Vendor, crate::wire::KeptMap>);

impl std::fmt::Debug for ExtensionKeys<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(vendor, fields)| (vendor, fields.keys().collect::<Vec<_>>())),
            )
            .finish()
    }
}

fn is_unknown(i: &Initiator) -> bool {
    *i == Initiator::Unknown
}

impl CancelRequest {
    /// A whole-order cancel with the given reason.
    pub fn whole_order(order: impl Into<OrderRef>, reason: CancelReason) -> Self {
        Self {
            order: order.into(),
            id_space: None,
            scope: CancelScope::WholeOrder,
            reason,
            initiator: Initiator::Unknown,
            requester: None,
            refund: None,
            idempotency_key: None,
            extensions: BTreeMap::new(),
        }
    }

    /// A cancel of some units of some lines.
    pub fn lines(order: impl Into<OrderRef>, lines: Vec<LineCancel>, reason: CancelReason) -> Self {
        Self {
            scope: CancelScope::Lines { lines },
            ..Self::whole_order(order, reason)
        }
    }

    /// Whether this cancels the whole order.
    pub fn is_whole_order(&self) -> bool {
        matches!(self.scope, CancelScope::WholeOrder)
    }
}

/// What a request cancels.
///
/// JSON: `"whole_order"` or `{"lines": [ ... ]}` (externally tagged, so error paths reach
/// into the lines: `scope.lines[0].quantity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(from = "ScopeRepr", into = "ScopeRepr")]
#[schemars(with = "ScopeRepr")]
#[allow(
    clippy::exhaustive_enums,
    reason = "a cancel is of the whole order or of lines: the two scopes there are"
)]
pub enum CancelScope {
    /// Every remaining unit of the order.
    WholeOrder,
    /// Some units of some lines. Never widened to a whole-order cancel.
    Lines {
        /// One entry per line; a line appears once.
        lines: Vec<LineCancel>,
    },
}

/// The wire form of [`CancelScope`].
#[derive(Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ScopeRepr {
    /// Every remaining unit of the order.
    WholeOrder,
    /// Some units of some lines.
    Lines(#[schemars(length(min = 1))] Vec<LineCancel>),
}

impl From<ScopeRepr> for CancelScope {
    fn from(r: ScopeRepr) -> Self {
        match r {
            ScopeRepr::WholeOrder => Self::WholeOrder,
            ScopeRepr::Lines(lines) => Self::Lines { lines },
        }
    }
}

impl From<CancelScope> for ScopeRepr {
    fn from(s: CancelScope) -> Self {
        match s {
            CancelScope::WholeOrder => Self::WholeOrder,
            CancelScope::Lines { lines } => Self::Lines(lines),
        }
    }
}

/// Units of one line to cancel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct LineCancel {
    /// The line, as named in the request's `id_space`.
    #[schemars(extend("minLength" = 1))]
    pub line: LineRef,
    /// How many units; absent means every cancellable unit of the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// The product the sender believes is on this line (checked by rule R13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductRef>,
    /// The variant the sender believes is on this line (checked by rule R13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<VariantRef>,
    /// A per-line reason, where the vendor has one (Akinon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<CancelReason>,
}

impl LineCancel {
    /// A line cancel of `quantity` units (all cancellable units when `None`).
    pub fn new(line: impl Into<LineRef>, quantity: Option<Quantity>) -> Self {
        Self {
            line: line.into(),
            quantity,
            product: None,
            variant: None,
            reason: None,
        }
    }
}

/// The person or system behind a request.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct Requester {
    /// The channel the request came through (`telegram`, `WHATSAPP`...), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The user's id on that channel (chat id, email...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Sensitive<String>>,
    /// The user's handle on that channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<Sensitive<String>>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Sensitive<String>>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Sensitive<String>>,
    /// Language or locale tag, as sent (`en`, `en-US`, `en-UK`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The customer account, for ownership checks (rule R2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerRef>,
}

impl std::fmt::Debug for Requester {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Requester")
            .field("channel", &self.channel)
            .field("user_id", &self.user_id)
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

/// Refund instructions carried by a cancel (Akinon's fields, in canonical form).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a record of the core JSON form (DESIGN.md): its fields are the format, built field by field by the vendor crates and tests"
)]
pub struct RefundInstructions {
    /// Refund the shipping (cargo) fee too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cargo_refund: bool,
    /// An exact amount to refund instead of the computed one (decimal string in JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub forced_amount: Option<Sensitive<Decimal>>,
    /// The refund invoice number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_number: Option<String>,
    /// Bank data for refunds, per line id (sensitive).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ibans: BTreeMap<LineRef, Sensitive<String>>,
    /// Account holder names, per line id (sensitive).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub holder_names: BTreeMap<LineRef, Sensitive<String>>,
}

impl RefundInstructions {
    /// Whether any field is set. Every refund instruction (an amount, a cargo refund, an
    /// invoice number, bank data) is payment data: dropping it needs `allow_loss`.
    pub fn carries_payment_data(&self) -> bool {
        !self.is_empty()
    }

    /// The wire paths of the fields that are set, in declaration order.
    pub fn set_fields(&self) -> Vec<&'static str> {
        [
            ("refund.cargo_refund", self.cargo_refund),
            ("refund.forced_amount", self.forced_amount.is_some()),
            ("refund.invoice_number", self.invoice_number.is_some()),
            ("refund.ibans", !self.ibans.is_empty()),
            ("refund.holder_names", !self.holder_names.is_empty()),
        ]
        .into_iter()
        .filter_map(|(path, set)| set.then_some(path))
        .collect()
    }

    /// Drops these instructions for a `target` that has no place for them: refused unless
    /// the policy allows loss, then each field is reported `dropped` with `note`. One rule
    /// for every vendor and every refund field.
    ///
    /// ```
    /// use cancel_domain::{Policy, RefundInstructions, TranslateContext, TranslationReport, Vendor};
    /// let refund = RefundInstructions { cargo_refund: true, ..Default::default() };
    /// let policy = Policy::default();
    /// let mut report = TranslationReport::new();
    /// let refused = refund.drop_for(Vendor::Mozu, &TranslateContext::new(&policy), &mut report, "no place");
    /// assert!(refused.is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`TranslateError::PaymentDataWouldBeDropped`](crate::TranslateError::PaymentDataWouldBeDropped)
    /// naming every field set, when loss is not allowed.
    pub fn drop_for(
        &self,
        target: crate::Vendor,
        ctx: &crate::TranslateContext<'_>,
        report: &mut crate::TranslationReport,
        note: &'static str,
    ) -> Result<(), crate::TranslateError> {
        let fields = self.set_fields();
        if fields.is_empty() {
            return Ok(());
        }
        if !ctx.allow_loss() {
            return Err(crate::TranslateError::PaymentDataWouldBeDropped {
                target,
                fields: fields.join(", "),
            });
        }
        for path in fields {
            report.dropped(path, note);
        }
        Ok(())
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        !self.cargo_refund
            && self.forced_amount.is_none()
            && self.invoice_number.is_none()
            && self.ibans.is_empty()
            && self.holder_names.is_empty()
    }
}

#[cfg(test)]
mod debug_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{CancelOutcome, OutcomeStatus, ReasonCode};

    #[test]
    fn debug_prints_extension_keys_never_values() {
        let mut request = CancelRequest::whole_order("42", CancelReason::new(ReasonCode::Other));
        let fields: crate::wire::KeptMap = serde_json::from_str(
            r#"{"customer_email":"jane@example.com","iban":"TR330006100519786457841326"}"#,
        )
        .unwrap();
        request.extensions.insert(Vendor::Omnitron, fields.clone());
        let text = format!("{request:?}");
        assert!(
            text.contains("customer_email") && text.contains("iban"),
            "{text}"
        );
        assert!(
            !text.contains("jane@example.com") && !text.contains("TR33"),
            "{text}"
        );

        let mut outcome = CancelOutcome::new("42", OutcomeStatus::Cancelled);
        outcome.extensions.insert(Vendor::Occ, fields);
        let text = format!("{outcome:?}");
        assert!(text.contains("customer_email"), "{text}");
        assert!(
            !text.contains("jane@example.com") && !text.contains("TR33"),
            "{text}"
        );
    }
}
