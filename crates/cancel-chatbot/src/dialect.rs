//! [`ChatbotDialect`]: the chatbot, typed ([`VendorApi`]); `cancel_domain` makes it a
//! [`cancel_domain::Dialect`].

use cancel_domain::answers::AnswerScope;
use cancel_domain::{
    json::{self, Limits},
    vendor_api::NoBody,
    wire::Findings,
    CancelOutcome, CancelRejection, CancelRequest, DialectId, ErrorKind, PayloadErrors,
    PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated, VendorApi,
};

use crate::convert;
use crate::error::NO_ERROR_BODY;
use crate::policy::{ChatbotPolicy, Matcher};
use crate::validate;
use crate::wire::{self, CancelOrderRequest, CancelOrderResponse};

/// The chatbot dialect, configured by the `[vendor.chatbot]` policy table.
///
/// Its payload kinds are request and response only: the chatbot has no error body (see
/// [`crate::error`]); the `error` methods of `Dialect` explain that instead.
///
/// ```
/// use cancel_chatbot::ChatbotDialect;
/// use cancel_domain::{Dialect, PayloadKind, Policy};
/// let dialect = ChatbotDialect::from_policy(&Policy::default()).unwrap();
/// assert_eq!(dialect.kinds(), &[PayloadKind::Request, PayloadKind::Response]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatbotDialect {
    table: ChatbotPolicy,
    matcher: Matcher,
}

impl Default for ChatbotDialect {
    fn default() -> Self {
        let table = ChatbotPolicy::default();
        let matcher = Matcher::new(&table);
        Self { table, matcher }
    }
}

impl ChatbotDialect {
    /// The dialect configured by `policy`'s `[vendor.chatbot]` table.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the table does not fit [`ChatbotPolicy`].
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        Ok(Self::with_table(ChatbotPolicy::from_policy(policy)?))
    }

    /// The dialect configured by an already read table.
    pub fn with_table(table: ChatbotPolicy) -> Self {
        let matcher = Matcher::new(&table);
        Self { table, matcher }
    }

    /// The `[vendor.chatbot]` table in use.
    pub fn table(&self) -> &ChatbotPolicy {
        &self.table
    }

    /// Reads a typed chatbot response into a core outcome with this dialect's patterns
    /// ([`VendorApi::response_to_core`] takes the response by value).
    ///
    /// # Errors
    ///
    /// See [`crate::response_to_core`].
    pub fn response_to_core_ref(
        &self,
        response: &CancelOrderResponse,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        convert::response_to_core(response, ctx, &self.matcher)
    }
}

fn no_error_kind() -> PayloadErrors {
    PayloadErrors::one("", ErrorKind::Rule, NO_ERROR_BODY)
}

impl VendorApi for ChatbotDialect {
    const ID: DialectId = DialectId::Chatbot;
    const KINDS: &'static [PayloadKind] = &[PayloadKind::Request, PayloadKind::Response];

    /// The reply is free text about the whole order; it can say the outcome is unknown.
    const ANSWER_SCOPE: AnswerScope = AnswerScope::TEXT;

    type Request<'a> = CancelOrderRequest;
    type Response<'a> = CancelOrderResponse;
    type Error<'a> = NoBody;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => wire::request_schema(),
            PayloadKind::Response => wire::response_schema(),
            PayloadKind::Error => serde_json::json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "Chatbot error body (none)",
                "description": NO_ERROR_BODY,
                "not": {}
            }),
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
        validate::check_request(request)
    }

    fn request_to_core(
        &self,
        request: CancelOrderRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        convert::request_into_core(request, ctx)
    }

    /// Writes a core request as a chatbot request, using this dialect's table for the
    /// outbound defaults (`ctx.policy` supplies the `translate` settings; see
    /// [`crate::request_from_core`]).
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        convert::request_from_core(request, ctx, &self.table)
    }

    fn read_response(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderResponse, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_response(&self, response: &CancelOrderResponse) -> Findings {
        validate::check_response(response)
    }

    /// Reads a chatbot response into a core outcome with this dialect's patterns.
    fn response_to_core(
        &self,
        response: CancelOrderResponse,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        convert::response_to_core(&response, ctx, &self.matcher)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderResponse>, TranslateError> {
        convert::response_from_core(outcome, ctx)
    }

    /// Always an error: the chatbot has no error body; its refusals are text responses.
    fn read_error(&self, _: &[u8], _: &Limits) -> Result<NoBody, PayloadErrors> {
        Err(no_error_kind())
    }

    /// Always [`TranslateError::ChangesMeaning`]: the chatbot has no error body; write a
    /// rejected outcome with `response_from_core` to get the refusal text.
    fn error_from_core(
        &self,
        _: &CancelRejection,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<NoBody>, TranslateError> {
        Err(TranslateError::ChangesMeaning {
            message: NO_ERROR_BODY.to_owned(),
        })
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        crate::error::error_status(rejection)
    }
}
