//! [`OmnitronDialect`]: the Akinon dialect behind `cancel_domain::Dialect`.

use cancel_domain::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, ErrorKind, PayloadError,
    PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated,
    TranslationReport,
};

use crate::policy::{OmnitronPolicy, ReasonTable};
use crate::wire::CancelOrderRequest;

/// The Akinon Omnitron dialect, holding the merchant's reason table
/// (`[vendor.omnitron]` of the policy).
///
/// The `request` payload kind is the cancel **body** (the JSON posted to
/// `/api/i1/orders/{order_id}/cancel/`); the path's `order_id` equals the body's `order`.
///
/// ```
/// use cancel_domain::{Dialect, PayloadKind, Policy};
/// use cancel_omnitron::OmnitronDialect;
/// let policy: Policy = serde_json::from_str(r#"{"vendor":{"omnitron":{"reasons":[
///     {"pk": 3, "subject": "Changed my mind", "code": "changed_mind"},
///     {"pk": 9, "subject": "Damaged", "cancellation_type": "refund"}
/// ]}}}"#).unwrap();
/// let dialect = OmnitronDialect::from_policy(&policy).unwrap();
/// let body = br#"{"order":1042,"is_all":false,"cancel_items":[11],"forced_refund_amount":null,"reasons":{"11":9}}"#;
/// let errors = dialect.validate(PayloadKind::Request, body, &Default::default()).unwrap_err();
/// assert!(errors.has("reasons.11", cancel_domain::ErrorKind::Rule)); // a return reason on a cancel
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OmnitronDialect {
    pub(crate) policy: OmnitronPolicy,
    pub(crate) table: ReasonTable,
}

impl OmnitronDialect {
    /// The dialect configured by `[vendor.omnitron]` (defaults when the section is absent).
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the section does not parse, lists a reason twice, or names a
    /// `reason_id` that is not an active cancel reason of the list.
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        let (policy, table) = OmnitronPolicy::from_policy(policy)?;
        Ok(Self { policy, table })
    }

    /// The dialect for a translation context's policy.
    ///
    /// # Errors
    ///
    /// [`TranslateError::ChangesMeaning`] carrying the policy error.
    pub fn from_context(ctx: &TranslateContext<'_>) -> Result<Self, TranslateError> {
        Self::from_policy(ctx.policy).map_err(|e| TranslateError::ChangesMeaning {
            message: e.to_string(),
        })
    }

    /// The `[vendor.omnitron]` section.
    pub fn policy(&self) -> &OmnitronPolicy {
        &self.policy
    }

    /// The same dialect checking reasons against `table` instead (for instance the table read
    /// from the merchant's `GET .../cancellation_reasons/` by [`ReasonTable::from_json`]).
    /// `reason_id` of the policy is kept; it must still be an active cancel reason of the new
    /// table when the table is not empty.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when `reason_id` is not usable with `table`.
    pub fn with_reasons(mut self, table: ReasonTable) -> Result<Self, PolicyError> {
        if let Some(id) = self.policy.reason_id {
            table.check_cancel(id).map_err(|p| PolicyError {
                vendor: cancel_domain::Vendor::Omnitron,
                message: format!("`reason_id`: {}", p.message(id)),
            })?;
        }
        self.policy.reasons = table.entries().to_vec();
        self.table = table;
        Ok(self)
    }

    /// The merchant's reasons.
    pub fn reasons(&self) -> &ReasonTable {
        &self.table
    }

    /// Parses and validates a cancel body, reason ids included (against the reason table).
    ///
    /// # Errors
    ///
    /// Every problem found, with wire paths.
    pub fn parse_request(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderRequest, PayloadErrors> {
        let request = crate::parse_request(bytes, limits)?;
        let errors = crate::validate::table_errors(&self.table, &request.body);
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(PayloadErrors(errors))
        }
    }

    /// Reads a cancel call into the core (see [`crate::request_to_core`]).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the call breaks a rule (reason table included).
    pub fn request_to_core(
        &self,
        request: &CancelOrderRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        crate::convert::request_to_core(self, request, ctx)
    }

    /// Writes a core request as a cancel call (see [`crate::request_from_core`]).
    ///
    /// # Errors
    ///
    /// When ids need a lookup or do not fit, a reason cannot be chosen, or the meaning would
    /// change.
    pub fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        crate::convert::request_from_core(self, request, ctx)
    }
}

fn write_json<T: serde::Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
    json::write(value, out).map_err(|e| PayloadErrors::one("$", ErrorKind::Syntax, e.to_string()))
}

impl Dialect for OmnitronDialect {
    fn id(&self) -> DialectId {
        DialectId::Omnitron
    }

    fn answer_scope(&self) -> cancel_domain::answers::AnswerScope {
        cancel_domain::answers::AnswerScope::PER_LINE.with_requested() // Akinon says "cancellation waiting"
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => Ok(self.parse_request(bytes, limits)?.body.strict_findings()),
            PayloadKind::Response => Ok(crate::validate::response_strict_findings(
                &crate::parse_response(bytes, limits)?,
            )),
            PayloadKind::Error => {
                // The model keeps a body that is not JSON as text (a client must read a
                // gateway's page); as a document to validate it is a `syntax` error, as
                // for every vendor.
                json::scan(bytes, limits)?;
                Ok(crate::parse_error(bytes, limits)?.strict_findings())
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
            PayloadKind::Request => write_json(&crate::read_body(bytes, limits)?, out),
            PayloadKind::Response => write_json(&crate::read_response(bytes, limits)?, out),
            PayloadKind::Error => crate::parse_error(bytes, limits)?
                .write(out)
                .map_err(|e| PayloadErrors::one("$", ErrorKind::Syntax, e.to_string())),
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
        let request = self.parse_request(bytes, &ctx.limits)?;
        OmnitronDialect::request_to_core(self, &request, ctx)
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = OmnitronDialect::request_from_core(self, request, ctx)?;
        write_json(&translated.value, out)?;
        Ok(translated.report)
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        crate::convert::response_to_core(&crate::parse_response(bytes, &ctx.limits)?, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = crate::convert::response_from_core(outcome, ctx)?;
        write_json(&translated.value, out)?;
        Ok(translated.report)
    }

    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        // As in `check`: a document that is not JSON is refused, for every vendor.
        json::scan(bytes, &ctx.limits)?;
        crate::convert::error_to_core(&crate::parse_error(bytes, &ctx.limits)?, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = crate::convert::error_from_core(rejection, ctx)?;
        translated
            .value
            .write(out)
            .map_err(|e| PayloadErrors::one("$", ErrorKind::Syntax, e.to_string()))?;
        Ok(translated.report)
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        crate::convert::error_status(rejection)
    }

    /// Akinon (DRF) answers a body it cannot read with 400 and field → messages:
    /// `{"reasons": ["5012: order item 5012 is cancelled without a reason"]}`; problems of
    /// the whole document go under `non_field_errors`.
    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        let body =
            crate::error::ErrorBody::Fields(crate::error::FieldErrors::from_payload_errors(errors));
        // Writing strings into memory cannot fail.
        let _ = body.write(out);
        400
    }
}
