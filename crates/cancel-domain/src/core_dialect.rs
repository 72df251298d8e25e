//! The canonical JSON as a dialect (`--vendor core`).

use schemars::JsonSchema;

use crate::{
    json::{self, Limits},
    vendor_api::{write_json, VendorApi},
    wire::{unknown_value, Findings},
    CancelOutcome, CancelRejection, CancelRequest, DialectId, PayloadError, PayloadErrors,
    PayloadKind, TranslateContext, TranslateError, Translated, Vendor,
};

/// The canonical JSON itself: request = [`CancelRequest`], response = [`CancelOutcome`],
/// error = [`CancelRejection`].
#[derive(Debug, Clone, Copy, Default)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a unit value: the core dialect has no configuration"
)]
pub struct CoreDialect;

/// The JSON Schema of `T` as a value.
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    serde_json::Value::from(schemars::schema_for!(T))
}

/// Whether `reason` is `other` without a text (rule R19: `other` needs a detail).
fn lacks_detail(reason: &crate::CancelReason) -> bool {
    reason.code == crate::ReasonCode::Other && reason.detail.as_deref().is_none_or(str::is_empty)
}

/// Flags `vendor`, named at `path`, when it is not built into cancel-kit (a vendor crate of
/// someone else's, or a misspelling): the set of vendors is open, so such a name is valid
/// and kept, and only `--strict` reports it. The path is built only for a finding.
fn flag_outside(strict: &mut Vec<PayloadError>, vendor: &Vendor, path: impl FnOnce() -> String) {
    if !vendor.is_built_in() {
        strict.push(unknown_value(
            path(),
            vendor.as_str(),
            &Vendor::BUILT_IN_NAMES,
        ));
    }
}

/// The vendors a core document names outside cancel-kit: its id space and its extensions.
fn outside_vendors(
    id_space: Option<&Vendor>,
    extensions: impl Iterator<Item = Vendor>,
) -> Vec<PayloadError> {
    let mut strict = Vec::new();
    if let Some(vendor) = id_space {
        flag_outside(&mut strict, vendor, || "id_space".to_owned());
    }
    for vendor in extensions {
        flag_outside(&mut strict, &vendor, || {
            crate::path::field("extensions", vendor.as_str())
        });
    }
    strict
}

/// [`outside_vendors`] of a request, and the vendors its reasons come from.
fn request_outside_vendors(request: &CancelRequest) -> Vec<PayloadError> {
    use crate::path::{field, index};
    let mut strict = outside_vendors(
        request.id_space.as_ref(),
        request.extensions.keys().copied(),
    );
    let mut reason = |reason: &crate::CancelReason, at: &dyn Fn() -> String| {
        if let Some(origin) = &reason.origin {
            flag_outside(&mut strict, &origin.vendor, || {
                field(&field(&at(), "origin"), "vendor")
            });
        }
    };
    reason(&request.reason, &|| "reason".to_owned());
    if let crate::CancelScope::Lines { lines } = &request.scope {
        for (i, line) in lines.iter().enumerate() {
            if let Some(r) = &line.reason {
                reason(r, &|| field(&index("scope.lines", i), "reason"));
            }
        }
    }
    strict
}

fn request_errors(request: &CancelRequest) -> Vec<PayloadError> {
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
    errors
}

impl VendorApi for CoreDialect {
    const ID: DialectId = DialectId::Core;

    type Request<'a> = CancelRequest;
    type Response<'a> = CancelOutcome;
    type Error<'a> = CancelRejection;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => schema_of::<CancelRequest>(),
            PayloadKind::Response => schema_of::<CancelOutcome>(),
            PayloadKind::Error => schema_of::<CancelRejection>(),
        }
    }

    fn read_request(&self, bytes: &[u8], limits: &Limits) -> Result<CancelRequest, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_request(&self, request: &CancelRequest) -> Findings {
        Findings::new(request_errors(request), request_outside_vendors(request))
    }

    fn request_to_core(
        &self,
        request: CancelRequest,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        self.check_request(&request).into_result()?;
        Ok(Translated::clean(request))
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        Ok(Translated::clean(request.clone()))
    }

    fn read_response(&self, bytes: &[u8], limits: &Limits) -> Result<CancelOutcome, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_response(&self, outcome: &CancelOutcome) -> Findings {
        let extensions = outcome.extensions.keys().copied();
        Findings::new(
            Vec::new(),
            outside_vendors(outcome.id_space.as_ref(), extensions),
        )
    }

    fn response_to_core(
        &self,
        outcome: CancelOutcome,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        Ok(Translated::clean(outcome))
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        Ok(Translated::clean(outcome.clone()))
    }

    fn read_error(&self, bytes: &[u8], limits: &Limits) -> Result<CancelRejection, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn error_to_core(
        &self,
        rejection: CancelRejection,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        Ok(Translated::clean(rejection))
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        Ok(Translated::clean(rejection.clone()))
    }

    fn write_error(
        &self,
        rejection: &CancelRejection,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        write_json(rejection, out)
    }
}
