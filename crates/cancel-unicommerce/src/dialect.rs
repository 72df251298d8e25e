//! [`UnicommerceDialect`]: the Unicommerce dialect, typed ([`VendorApi`]); `cancel_domain`
//! makes it a `Dialect`.

use cancel_domain::answers::AnswerScope;
use cancel_domain::json::Limits;
use cancel_domain::vendor_api::write_json;
use cancel_domain::wire::Findings;
use cancel_domain::{
    CancelOutcome, CancelRejection, CancelRequest, DialectId, PayloadErrors, PayloadKind, Policy,
    PolicyError, TranslateContext, TranslateError, Translated, Vendor, VendorApi,
};
use serde::{Deserialize, Serialize};

use crate::validate::{read, read_request};
use crate::wire::{OrderCancelRequest, OrderCancelResponse};
use crate::{convert, schema, validate, ErrorBody};

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

impl VendorApi for UnicommerceDialect {
    const ID: DialectId = DialectId::Unicommerce;
    /// The answer to Uniware is always the cancel answer: per-line results when the
    /// outcome has them (so an atomic refusal still names each line's own error), else the
    /// whole refusal on every line of `ctx.request`.
    const REFUSAL_IN_RESPONSE: bool = true;

    const ANSWER_SCOPE: AnswerScope = AnswerScope::PER_LINE;

    type Request<'a> = OrderCancelRequest;
    type Response<'a> = OrderCancelResponse;
    type Error<'a> = ErrorBody;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => schema::request(),
            PayloadKind::Response => schema::response(),
            PayloadKind::Error => schema::error(),
        }
    }

    fn read_request(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<OrderCancelRequest, PayloadErrors> {
        read_request(bytes, limits)
    }

    fn check_request(&self, request: &OrderCancelRequest) -> Findings {
        validate::check_request(request)
    }

    fn request_to_core(
        &self,
        request: OrderCancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        convert::request_to_core(&request, ctx)
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<OrderCancelRequest>, TranslateError> {
        convert::request_from_core(request, ctx)
    }

    fn read_response(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<OrderCancelResponse, PayloadErrors> {
        read(bytes, limits)
    }

    fn check_response(&self, response: &OrderCancelResponse) -> Findings {
        validate::check_response(response)
    }

    /// Every rule of [`validate::check_response`] applies (the public
    /// [`crate::response_to_core`] also reads an undocumented `status`).
    fn response_to_core(
        &self,
        response: OrderCancelResponse,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        validate::check_response(&response).into_result()?;
        convert::response_to_core_unchecked(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<OrderCancelResponse>, TranslateError> {
        convert::response_from_core(outcome, ctx)
    }

    /// The documented shape only (a `FAILED` answer); [`ErrorBody::from_bytes`] reads any body.
    fn read_error(&self, bytes: &[u8], limits: &Limits) -> Result<ErrorBody, PayloadErrors> {
        read(bytes, limits).map(ErrorBody::Known)
    }

    fn check_error(&self, body: &ErrorBody) -> Findings {
        match body {
            ErrorBody::Known(response) => validate::check_error(response),
            // Not read by `read_error`; nothing to check in kept JSON or text.
            _ => Findings::default(),
        }
    }

    fn error_to_core(
        &self,
        body: ErrorBody,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        convert::error_to_core(&body, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<ErrorBody>, TranslateError> {
        convert::error_from_core(rejection, ctx)
    }

    fn write_error(&self, body: &ErrorBody, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
        write_json(body, out)
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        convert::error_status(rejection)
    }
}
