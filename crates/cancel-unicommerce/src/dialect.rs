//! [`UnicommerceDialect`]: the Unicommerce dialect behind `cancel_domain::Dialect`.

use cancel_domain::json::{self, Limits};
use cancel_domain::{
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, ErrorKind, PayloadError,
    PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated,
    TranslationReport, Vendor,
};
use serde::{Deserialize, Serialize};

use crate::validate::{read, read_request, validate_error, validate_request, validate_response};
use crate::wire::OrderCancelResponse;
use crate::{convert, schema, ErrorBody};

/// The `[vendor.unicommerce]` table of the policy file. Unicommerce needs no outbound
/// default (its request has no reason), so the table has no keys; any key is refused so
/// that a typo does not pass silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UnicommercePolicy {}

/// The Unicommerce (Uniware) marketplace cancel dialect: `POST /orders/cancel`, its
/// answer, and the `FAILED` answer as refusal body.
///
/// ```
/// use cancel_domain::{Dialect, PayloadKind, Policy};
/// use cancel_unicommerce::UnicommerceDialect;
/// let dialect = UnicommerceDialect::from_policy(&Policy::default()).unwrap();
/// let body = br#"{"orderId":"0042","orderItems":[{"orderItemId":"7","productId":"P","variantId":"V","quantity":1}]}"#;
/// assert!(dialect.validate(PayloadKind::Request, body, &Default::default()).unwrap().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct UnicommerceDialect {
    policy: UnicommercePolicy,
}

impl UnicommerceDialect {
    /// Reads the `[vendor.unicommerce]` table of `policy`.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the table has keys.
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        Ok(Self {
            policy: policy.vendor_section(Vendor::Unicommerce)?,
        })
    }

    /// The policy table this dialect was built with.
    pub fn policy(&self) -> &UnicommercePolicy {
        &self.policy
    }
}

fn write_body<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
    json::write(value, out).map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
}

fn write_translated<T: Serialize>(
    translated: Translated<T>,
    out: &mut Vec<u8>,
) -> Result<TranslationReport, TranslateError> {
    json::write(&translated.value, out).map_err(|e| TranslateError::ChangesMeaning {
        message: format!("cannot write the Unicommerce body: {e}"),
    })?;
    Ok(translated.report)
}

impl Dialect for UnicommerceDialect {
    fn id(&self) -> DialectId {
        DialectId::Unicommerce
    }

    fn answer_scope(&self) -> cancel_domain::answers::AnswerScope {
        cancel_domain::answers::AnswerScope::PER_LINE
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => validate_request(&read_request(bytes, limits)?),
            PayloadKind::Response => {
                validate_response(&read::<OrderCancelResponse>(bytes, limits)?)
            }
            PayloadKind::Error => validate_error(&read::<OrderCancelResponse>(bytes, limits)?),
        }
    }

    fn normalize(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        match kind {
            PayloadKind::Request => write_body(&read_request(bytes, limits)?, out),
            PayloadKind::Response | PayloadKind::Error => {
                write_body(&read::<OrderCancelResponse>(bytes, limits)?, out)
            }
        }
    }

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => schema::request(),
            PayloadKind::Response => schema::response(),
            PayloadKind::Error => schema::error(),
        }
    }

    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        let request = crate::parse_request(bytes, &ctx.limits)?;
        Ok(convert::request_to_core_unchecked(&request, ctx))
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_translated(convert::request_from_core(request, ctx)?, out)
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let response = crate::parse_response(bytes, &ctx.limits)?;
        convert::response_to_core_unchecked(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_translated(convert::response_from_core(outcome, ctx)?, out)
    }

    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        let body: ErrorBody = crate::parse_error(bytes, &ctx.limits)?;
        convert::error_to_core(&body, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_translated(convert::error_from_core(rejection, ctx)?, out)
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        convert::error_status(rejection)
    }

    /// The answer to Uniware is always the cancel answer with HTTP 200: per-line results
    /// when the outcome has them (so an atomic refusal still names each line's own
    /// error), else the whole refusal on every line of `ctx.request`.
    fn answer(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(u16, TranslationReport), TranslateError> {
        let report = self.response_from_core(outcome, ctx, out)?;
        let status = outcome
            .rejection
            .as_ref()
            .map_or(200, convert::error_status);
        Ok((status, report))
    }
}
