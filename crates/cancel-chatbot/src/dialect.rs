//! [`ChatbotDialect`]: the chatbot behind the [`cancel_domain::Dialect`] trait.

use cancel_domain::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, ErrorKind, PayloadError,
    PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated,
    TranslationReport,
};

use crate::convert;
use crate::error::NO_ERROR_BODY;
use crate::policy::{ChatbotPolicy, Matcher};
use crate::validate;
use crate::wire::{self, CancelOrderRequest, CancelOrderResponse};

/// The chatbot dialect, configured by the `[vendor.chatbot]` policy table.
///
/// Its payload kinds are request and response only: the chatbot has no error body (see
/// [`crate::error`]); the `error` methods of [`Dialect`] explain that instead.
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

    /// Writes a core request as a typed chatbot request, using this dialect's table for
    /// the outbound defaults (`ctx.policy` supplies the `translate` settings).
    ///
    /// # Errors
    ///
    /// See [`crate::request_from_core`].
    pub fn request_from_core_typed(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        convert::request_from_core(request, ctx, &self.table)
    }

    /// Reads a typed chatbot response into a core outcome with this dialect's patterns.
    ///
    /// # Errors
    ///
    /// See [`crate::response_to_core`].
    pub fn response_to_core_typed(
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

fn write<T: serde::Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
    json::write(value, out).map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
}

impl Dialect for ChatbotDialect {
    fn id(&self) -> DialectId {
        DialectId::Chatbot
    }

    /// The reply is free text about the whole order; it can say the outcome is unknown.
    fn answer_scope(&self) -> cancel_domain::answers::AnswerScope {
        cancel_domain::answers::AnswerScope::TEXT
    }

    fn kinds(&self) -> &'static [PayloadKind] {
        &[PayloadKind::Request, PayloadKind::Response]
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => {
                validate::request(&json::parse_strict::<CancelOrderRequest>(bytes, limits)?)
                    .into_result()
            }
            PayloadKind::Response => {
                validate::response(&json::parse::<CancelOrderResponse>(bytes, limits)?)
                    .into_result()
            }
            PayloadKind::Error => Err(no_error_kind()),
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
            PayloadKind::Error => Err(no_error_kind()),
        }
    }

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

    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        let request = json::parse_strict::<CancelOrderRequest>(bytes, &ctx.limits)?;
        convert::request_into_core(request, ctx)
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = self.request_from_core_typed(request, ctx)?;
        write(&translated.value, out)?;
        Ok(translated.report)
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let response = json::parse::<CancelOrderResponse>(bytes, &ctx.limits)?;
        self.response_to_core_typed(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = convert::response_from_core(outcome, ctx)?;
        write(&translated.value, out)?;
        Ok(translated.report)
    }

    /// Always [`TranslateError::Invalid`]: the chatbot has no error body; its refusals
    /// are text responses (read them with [`Dialect::response_to_core`]).
    fn error_to_core(
        &self,
        _: &[u8],
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        Err(TranslateError::Invalid(no_error_kind()))
    }

    /// Always [`TranslateError::ChangesMeaning`]: the chatbot has no error body; write a
    /// rejected outcome with [`Dialect::response_from_core`] to get the refusal text.
    fn error_from_core(
        &self,
        _: &CancelRejection,
        _: &TranslateContext<'_>,
        _: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        Err(TranslateError::ChangesMeaning {
            message: NO_ERROR_BODY.to_owned(),
        })
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        crate::error::error_status(rejection)
    }
}
