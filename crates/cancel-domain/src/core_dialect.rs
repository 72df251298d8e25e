//! The canonical JSON as a dialect (`--vendor core`).

use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, PayloadError, PayloadErrors,
    PayloadKind, TranslateContext, TranslateError, Translated, TranslationReport,
};

/// The canonical JSON itself: request = [`CancelRequest`], response = [`CancelOutcome`],
/// error = [`CancelRejection`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreDialect;

fn write_json<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
    json::write(value, out)
        .map_err(|e| PayloadErrors::one("", crate::ErrorKind::Rule, e.to_string()))
}

fn roundtrip<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
    limits: &Limits,
    out: &mut Vec<u8>,
) -> Result<(), PayloadErrors> {
    let value: T = json::parse(bytes, limits)?;
    write_json(&value, out)
}

/// The JSON Schema of `T` as a value.
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    serde_json::Value::from(schemars::schema_for!(T))
}

/// Whether `reason` is `other` without a text (rule R19: `other` needs a detail).
fn lacks_detail(reason: &crate::CancelReason) -> bool {
    reason.code == crate::ReasonCode::Other && reason.detail.as_deref().is_none_or(str::is_empty)
}

fn check_request(request: &CancelRequest) -> Result<(), PayloadErrors> {
    use crate::path::{field, index};
    let mut errors = Vec::new();
    if request.order.as_str().is_empty() {
        errors.push(PayloadError::new(
            "order",
            crate::ErrorKind::Range,
            "order id must not be empty",
        ));
    }
    if let crate::CancelScope::Lines { lines } = &request.scope {
        if lines.is_empty() {
            errors.push(PayloadError::new(
                "scope.lines",
                crate::ErrorKind::Range,
                "a line cancel needs at least one line",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, line) in lines.iter().enumerate() {
            let at = || index("scope.lines", i);
            if line.line.as_str().is_empty() {
                errors.push(PayloadError::new(
                    field(&at(), "line"),
                    crate::ErrorKind::Range,
                    "line id must not be empty",
                ));
            } else if !seen.insert(line.line.as_str()) {
                errors.push(PayloadError::new(
                    field(&at(), "line"),
                    crate::ErrorKind::Duplicate,
                    format!("line {} appears more than once", line.line),
                ));
            }
            // A per-line reason follows the same rule as the request's (the state rules
            // refuse it with `reason_detail_required`; validation says so first).
            if line.reason.as_ref().is_some_and(lacks_detail) {
                errors.push(PayloadError::new(
                    field(&field(&at(), "reason"), "detail"),
                    crate::ErrorKind::Rule,
                    "reason `other` needs a detail text",
                ));
            }
        }
    }
    if lacks_detail(&request.reason) {
        errors.push(PayloadError::new(
            "reason.detail",
            crate::ErrorKind::Rule,
            "reason `other` needs a detail text",
        ));
    }
    if request
        .idempotency_key
        .as_ref()
        .is_some_and(|k| k.as_str().is_empty())
    {
        errors.push(PayloadError::new(
            "idempotency_key",
            crate::ErrorKind::Range,
            "idempotency key must not be empty",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PayloadErrors(errors))
    }
}

impl Dialect for CoreDialect {
    fn id(&self) -> DialectId {
        DialectId::Core
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => check_request(&json::parse::<CancelRequest>(bytes, limits)?)?,
            PayloadKind::Response => {
                json::parse::<CancelOutcome>(bytes, limits)?;
            }
            PayloadKind::Error => {
                json::parse::<CancelRejection>(bytes, limits)?;
            }
        }
        Ok(Vec::new())
    }

    fn normalize(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        match kind {
            PayloadKind::Request => roundtrip::<CancelRequest>(bytes, limits, out),
            PayloadKind::Response => roundtrip::<CancelOutcome>(bytes, limits, out),
            PayloadKind::Error => roundtrip::<CancelRejection>(bytes, limits, out),
        }
    }

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => schema_of::<CancelRequest>(),
            PayloadKind::Response => schema_of::<CancelOutcome>(),
            PayloadKind::Error => schema_of::<CancelRejection>(),
        }
    }

    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        let request = json::parse::<CancelRequest>(bytes, &ctx.limits)?;
        check_request(&request)?;
        Ok(Translated::clean(request))
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        _: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_json(request, out)?;
        Ok(TranslationReport::new())
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        Ok(Translated::clean(json::parse(bytes, &ctx.limits)?))
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        _: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_json(outcome, out)?;
        Ok(TranslationReport::new())
    }

    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        Ok(Translated::clean(json::parse(bytes, &ctx.limits)?))
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        _: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        write_json(rejection, out)?;
        Ok(TranslationReport::new())
    }
}
