//! [`OmnitronDialect`]: the Akinon dialect, typed ([`VendorApi`]); `cancel_domain` makes it
//! a `Dialect`.

use cancel_domain::answers::AnswerScope;
use cancel_domain::{
    json::Limits, wire::Findings, CancelOutcome, CancelRejection, CancelRequest, DialectId,
    ErrorKind, PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError,
    Translated, VendorApi,
};

use crate::error::ErrorBody;
use crate::policy::{OmnitronPolicy, ReasonTable};
use crate::wire::{CancelOrderRequest, CancelResponse};

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
            table.check_cancel(id).map_err(|p| {
                PolicyError::new(
                    cancel_domain::Vendor::Omnitron,
                    format!("`reason_id`: {}", p.message(id)),
                )
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
}

impl VendorApi for OmnitronDialect {
    const ID: DialectId = DialectId::Omnitron;
    const ERROR_TEXT_KEPT: bool = true;

    /// Per line; Akinon's status 50 says "cancellation waiting" (requested).
    const ANSWER_SCOPE: AnswerScope = AnswerScope::PER_LINE.with_requested();

    type Request<'a> = CancelOrderRequest;
    type Response<'a> = CancelResponse;
    type Error<'a> = ErrorBody;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => crate::schema::request(),
            PayloadKind::Response => crate::schema::response(),
            PayloadKind::Error => crate::schema::error(),
        }
    }

    /// Reads a cancel body into the call it makes (the path's `order_id` is the body's
    /// `order`), without its rules.
    fn read_request(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderRequest, PayloadErrors> {
        crate::read_body(bytes, limits).map(CancelOrderRequest::new)
    }

    /// The rules of the call, then the reason ids against this dialect's reason table; a
    /// valid call gets its strict findings.
    fn check_request(&self, request: &CancelOrderRequest) -> Findings {
        crate::validate::check_request(request, &self.table)
    }

    /// Reads a cancel call into the core (see [`crate::request_to_core`]).
    fn request_to_core(
        &self,
        request: CancelOrderRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        self.check_request(&request).into_result()?;
        crate::convert::request_to_core(self, &request, ctx)
    }

    /// Writes a core request as a cancel call (see [`crate::request_from_core`]).
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        crate::convert::request_from_core(self, request, ctx)
    }

    fn read_response(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelResponse, PayloadErrors> {
        crate::read_response(bytes, limits)
    }

    fn check_response(&self, response: &CancelResponse) -> Findings {
        crate::validate::check_response(response)
    }

    fn response_to_core(
        &self,
        response: CancelResponse,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let errors = crate::validate::response_errors(&response);
        if !errors.is_empty() {
            return Err(TranslateError::Invalid(PayloadErrors(errors)));
        }
        crate::convert::response_to_core(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelResponse>, TranslateError> {
        crate::convert::response_from_core(outcome, ctx)
    }

    /// Any body: field errors, messages, other JSON or text (see [`crate::parse_error`]).
    fn read_error(&self, bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
        crate::parse_error(bytes, limits)
    }

    fn check_error(&self, body: &ErrorBody) -> Findings {
        crate::validate::check_error(body)
    }

    fn error_to_core(
        &self,
        body: ErrorBody,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        crate::convert::error_to_core(&body, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<ErrorBody>, TranslateError> {
        crate::convert::error_from_core(rejection, ctx)
    }

    fn write_error(&self, body: &ErrorBody, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
        body.write(out)
            .map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        crate::convert::error_status(rejection)
    }

    /// Akinon (DRF) answers a body it cannot read with 400 and field → messages:
    /// `{"reasons": ["5012: order item 5012 is cancelled without a reason"]}`; problems of
    /// the whole document go under `non_field_errors`.
    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        let body = ErrorBody::Fields(crate::error::FieldErrors::from_payload_errors(errors));
        // Writing strings into memory cannot fail.
        let _ = body.write(out);
        400
    }
}
