//! [`MozuDialect`]: the `mozu` dialect behind `cancel_domain::Dialect`.

use cancel_domain::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, ErrorKind, PayloadError,
    PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated,
    TranslationReport,
};
use serde::Serialize;

use crate::error::{OmsError, StatusCode};
use crate::policy::MozuPolicy;
use crate::wire::{CancelOrderRequest, CancelOrderResponse};

/// Kibo's translated Cancel Order API as a cancel-kit dialect, holding the parsed
/// `[vendor.mozu]` policy table.
///
/// ```
/// use cancel_domain::{json::Limits, Dialect, PayloadKind, Policy};
/// use cancel_mozu::MozuDialect;
///
/// let dialect = MozuDialect::from_policy(&Policy::default()).unwrap();
/// let body = br#"{"orderId":1010101,"dispositionReason":"other","dispositionOtherReason":"Customer changed mind"}"#;
/// assert_eq!(dialect.validate(PayloadKind::Request, body, &Limits::DEFAULT), Ok(vec![]));
/// ```
#[derive(Debug, Clone, Default)]
pub struct MozuDialect {
    policy: MozuPolicy,
}

fn write<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
    json::write(value, out).map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
}

impl MozuDialect {
    /// A dialect with the given table.
    pub fn new(policy: MozuPolicy) -> Self {
        Self { policy }
    }

    /// A dialect configured from the policy's `[vendor.mozu]` table.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the table does not fit [`MozuPolicy`].
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        MozuPolicy::from_policy(policy).map(Self::new)
    }

    /// The table in use.
    pub fn policy(&self) -> &MozuPolicy {
        &self.policy
    }

    /// Core request → Kibo request, with this dialect's policy defaults.
    ///
    /// # Errors
    ///
    /// See [`crate::request_from_core`].
    pub fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        crate::convert::request::from_core(request, &self.policy, ctx)
    }
}

impl Dialect for MozuDialect {
    fn id(&self) -> DialectId {
        DialectId::Mozu
    }

    fn answer_scope(&self) -> cancel_domain::answers::AnswerScope {
        cancel_domain::answers::AnswerScope::WHOLE_ORDER
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => {
                crate::validate::validate_request(&json::parse_strict::<CancelOrderRequest>(
                    bytes, limits,
                )?)
            }
            PayloadKind::Response => {
                crate::validate::validate_response(&json::parse::<CancelOrderResponse>(
                    bytes, limits,
                )?)
            }
            PayloadKind::Error => {
                // The model keeps a body that is not JSON as text (a client must read a
                // gateway's page); as a document to validate it is a `syntax` error, as
                // for every vendor.
                json::scan(bytes, limits)?;
                Ok(crate::validate::validate_error(&crate::read_error(
                    bytes, limits,
                )?))
            }
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
            PayloadKind::Request => write(
                &json::parse_strict::<CancelOrderRequest>(bytes, limits)?,
                out,
            ),
            PayloadKind::Response => {
                write(&json::parse::<CancelOrderResponse>(bytes, limits)?, out)
            }
            PayloadKind::Error => crate::read_error(bytes, limits)?
                .write(out)
                .map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string())),
        }
    }

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => crate::schema::request(),
            PayloadKind::Response => crate::schema::response(),
            PayloadKind::Error => crate::schema::error(),
        }
    }

    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        let request = json::parse_strict::<CancelOrderRequest>(bytes, &ctx.limits)?;
        crate::request_to_core(&request, ctx)
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = MozuDialect::request_from_core(self, request, ctx)?;
        write(&translated.value, out)?;
        Ok(translated.report)
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let response = json::parse::<CancelOrderResponse>(bytes, &ctx.limits)?;
        crate::response_to_core(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = crate::response_from_core(outcome, ctx)?;
        write(&translated.value, out)?;
        Ok(translated.report)
    }

    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        // As in `check`: a document that is not JSON is refused, for every vendor.
        json::scan(bytes, &ctx.limits)?;
        let body = crate::read_error(bytes, &ctx.limits)?;
        crate::error_to_core(&body, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = crate::error_from_core(rejection, ctx)?;
        translated
            .value
            .write(out)
            .map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))?;
        Ok(translated.report)
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        crate::error_status(rejection)
    }

    /// An OMS error body: `5011 MISSING_REQUEST_DATA` when the first problem is an absent
    /// field, `5003 GENERIC_BAD_REQUEST` for a body that is not JSON, else
    /// `5015 INVALID_REQUEST_DATA`; the message lists every problem with its wire path.
    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        let code = match errors.iter().next().map(|e| e.kind) {
            Some(ErrorKind::Missing) => StatusCode::MISSING_REQUEST_DATA,
            Some(ErrorKind::Syntax) => StatusCode::GENERIC_BAD_REQUEST,
            _ => StatusCode::INVALID_REQUEST_DATA,
        };
        // Serializing strings and a number into memory cannot fail.
        let _ = json::write(&OmsError::new(code, errors.to_string()), out);
        code.http_status()
    }
}
