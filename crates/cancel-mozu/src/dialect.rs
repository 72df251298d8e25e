//! [`MozuDialect`]: the `mozu` dialect, typed ([`VendorApi`]); `cancel_domain` makes it a
//! `Dialect`.

use cancel_domain::answers::AnswerScope;
use cancel_domain::{
    json::{self, Limits},
    wire::Findings,
    CancelOutcome, CancelRejection, CancelRequest, DialectId, ErrorKind, PayloadErrors,
    PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated, VendorApi,
};

use crate::error::{ErrorBody, OmsError, StatusCode};
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
}

impl VendorApi for MozuDialect {
    const ID: DialectId = DialectId::Mozu;
    const ERROR_TEXT_KEPT: bool = true;

    const ANSWER_SCOPE: AnswerScope = AnswerScope::WHOLE_ORDER;

    type Request<'a> = CancelOrderRequest;
    type Response<'a> = CancelOrderResponse;
    type Error<'a> = ErrorBody;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => crate::schema::request(),
            PayloadKind::Response => crate::schema::response(),
            PayloadKind::Error => crate::schema::error(),
        }
    }

    fn read_request(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderRequest, PayloadErrors> {
        json::parse_strict(bytes, limits)
    }

    fn check_request(&self, request: &CancelOrderRequest) -> Findings {
        crate::validate::check_request(request)
    }

    fn request_to_core(
        &self,
        request: CancelOrderRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        crate::request_to_core(&request, ctx)
    }

    /// Core request → Kibo request, with this dialect's policy defaults (see
    /// [`crate::request_from_core`]).
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        crate::convert::request::from_core(request, &self.policy, ctx)
    }

    fn read_response(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderResponse, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_response(&self, response: &CancelOrderResponse) -> Findings {
        crate::validate::check_response(response)
    }

    fn response_to_core(
        &self,
        response: CancelOrderResponse,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        crate::response_to_core(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderResponse>, TranslateError> {
        crate::response_from_core(outcome, ctx)
    }

    /// Any body: the known shape, other JSON, or text (see [`crate::parse_error`]).
    fn read_error(&self, bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
        crate::read_error(bytes, limits)
    }

    fn check_error(&self, body: &ErrorBody) -> Findings {
        crate::validate::check_error(body)
    }

    fn error_to_core(
        &self,
        body: ErrorBody,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        crate::error_to_core(&body, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<ErrorBody>, TranslateError> {
        crate::error_from_core(rejection, ctx)
    }

    fn write_error(&self, body: &ErrorBody, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
        body.write(out)
            .map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
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
