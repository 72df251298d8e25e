//! Disposition reasons to and from the canonical taxonomy
//! ([state rules](cancel_domain::rules) §3).

use std::borrow::Cow;
use std::sync::OnceLock;

use cancel_domain::{
    CancelReason, Initiator, ReasonCode, ReasonOrigin, ReportText, Supply, TranslateContext,
    TranslateError, TranslationReport, Vendor,
};

use crate::policy::MozuPolicy;
use crate::validate::OTHER_REASON_MAX_CHARS;
use crate::wire::DispositionReason;

const REASON: &str = "dispositionReason";
const TEXT: &str = "dispositionOtherReason";

/// A reason as Kibo takes it.
#[derive(Debug)]
pub(crate) struct Emitted {
    pub(crate) reason: DispositionReason,
    pub(crate) text: Option<String>,
}

/// Inbound: the canonical reason and the request's initiator.
///
/// `customer_changed_mind` → `changed_mind` (initiator customer); `created_by_mistake` →
/// `ordered_by_mistake`; `other` + text → `other` with the text as detail. The raw value
/// is always kept in `origin`.
pub(crate) fn to_core(
    reason: &DispositionReason,
    text: Option<&str>,
    report: &mut TranslationReport,
) -> (CancelReason, Initiator) {
    let (code, initiator) = match reason {
        DispositionReason::CustomerChangedMind => {
            (ReasonCode::ChangedMind, Some(Initiator::Customer))
        }
        DispositionReason::CreatedByMistake => (ReasonCode::OrderedByMistake, None),
        DispositionReason::Other => (ReasonCode::Other, None),
        DispositionReason::__Unknown(_) => {
            report.unmapped(
                REASON,
                "not a documented Kibo disposition reason; code `other`, raw value kept in reason.origin",
            );
            (ReasonCode::Other, None)
        }
    };
    let reason = CancelReason {
        code,
        detail: text.map(str::to_owned),
        initiator,
        origin: Some(ReasonOrigin {
            vendor: Vendor::Mozu,
            value: reason.as_str().to_owned(),
        }),
    };
    (reason, initiator.unwrap_or(Initiator::Unknown))
}

/// The initiator a Kibo reason implies (what [`to_core`] sets), so it is not reported lost.
pub(crate) fn implied_initiator(reason: &DispositionReason) -> Initiator {
    match reason {
        DispositionReason::CustomerChangedMind => Initiator::Customer,
        _ => Initiator::Unknown,
    }
}

/// Outbound: the origin's raw value when it came from Kibo, else the mapped code.
pub(crate) fn from_core(
    reason: &CancelReason,
    policy: &MozuPolicy,
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<Emitted, TranslateError> {
    let detail = reason.detail.as_deref().filter(|d| !d.is_empty());
    if let Some(raw) = reason.origin_at(Vendor::Mozu) {
        let raw = DispositionReason::from(raw);
        if raw.is_known() {
            return emit(raw, detail, policy, report);
        }
        report.dropped(
            "reason.origin",
            "not a documented Kibo disposition reason; the canonical code is mapped instead",
        );
    }
    by_code(reason.code, detail, policy, ctx, report)
}

fn emit(
    reason: DispositionReason,
    detail: Option<&str>,
    policy: &MozuPolicy,
    report: &mut TranslationReport,
) -> Result<Emitted, TranslateError> {
    match reason {
        DispositionReason::Other => Ok(Emitted {
            text: Some(other_text(detail, policy, report)?),
            reason,
        }),
        _ => Ok(exact(reason, detail, report)),
    }
}

fn exact(
    reason: DispositionReason,
    detail: Option<&str>,
    report: &mut TranslationReport,
) -> Emitted {
    if detail.is_some() {
        report.dropped(
            "reason.detail",
            format!("Kibo sends no text with `{}`", reason.as_str()),
        );
    }
    Emitted { reason, text: None }
}

/// The text for `other`: the detail, else the policy's default, else an error.
fn other_text(
    detail: Option<&str>,
    policy: &MozuPolicy,
    report: &mut TranslationReport,
) -> Result<String, TranslateError> {
    if let Some(detail) = detail {
        return Ok(fit(detail.to_owned(), report));
    }
    match &policy.disposition_other_reason {
        Some(text) => {
            report.defaulted(
                TEXT,
                "vendor.mozu.disposition_other_reason",
                text.clone(),
                "Kibo requires a text with `other` and the source reason has none",
            );
            Ok(text.clone())
        }
        None => Err(TranslateError::MissingRequired {
            field: TEXT.to_owned(),
            target: Vendor::Mozu,
            supply: Supply::ReasonDetail {
                key: "vendor.mozu.disposition_other_reason".to_owned(),
            },
        }),
    }
}

/// The wire value of a reason as report text: borrowed for a documented value (no
/// allocation per document), owned for one kept verbatim.
fn wire_text(reason: &DispositionReason) -> ReportText {
    let value = reason.as_str();
    DispositionReason::KNOWN
        .iter()
        .find(|known| **known == value)
        .map_or_else(
            || Cow::Owned(value.to_owned()),
            |known| Cow::Borrowed(*known),
        )
}

/// The note of a reason defaulted from `translate.default_reason`, built once per code (a
/// stream defaults the reason of every document that has none).
fn default_reason_note(code: ReasonCode) -> ReportText {
    fn note(code: ReasonCode) -> String {
        format!("the source gives no reason and Kibo requires one; default reason `{code}`")
    }
    // One cell per code, by discriminant (room to spare for codes added later).
    static NOTES: [OnceLock<String>; 32] = [const { OnceLock::new() }; 32];
    NOTES.get(code as usize).map_or_else(
        || Cow::Owned(note(code)),
        |cell| Cow::Borrowed(cell.get_or_init(|| note(code)).as_str()),
    )
}

/// Keeps at most 255 characters, reporting the cut (lengths only, never the text).
fn fit(text: String, report: &mut TranslationReport) -> String {
    let chars = text.chars().count();
    if chars <= OTHER_REASON_MAX_CHARS {
        return text;
    }
    report.approximated(
        "reason.detail",
        TEXT,
        format!("{chars} characters"),
        format!("{OTHER_REASON_MAX_CHARS} characters"),
        "Kibo keeps at most 255 characters; the text was cut",
    );
    text.chars().take(OTHER_REASON_MAX_CHARS).collect()
}

/// `other` with a readable label (and the detail after it), reported as approximated.
fn labelled(
    code: ReasonCode,
    label: &str,
    detail: Option<&str>,
    report: &mut TranslationReport,
) -> Emitted {
    report.approximated(
        "reason.code",
        REASON,
        code.to_string(),
        "other",
        format!("Kibo has no `{code}` reason; sent as `other` with the text \"{label}\""),
    );
    let text = match detail {
        Some(detail) => fit(format!("{label}: {detail}"), report),
        None => label.to_owned(),
    };
    Emitted {
        reason: DispositionReason::Other,
        text: Some(text),
    }
}

fn by_code(
    code: ReasonCode,
    detail: Option<&str>,
    policy: &MozuPolicy,
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<Emitted, TranslateError> {
    Ok(match code {
        ReasonCode::ChangedMind => exact(DispositionReason::CustomerChangedMind, detail, report),
        ReasonCode::OrderedByMistake => exact(DispositionReason::CreatedByMistake, detail, report),
        ReasonCode::StaffError => {
            report.approximated(
                "reason.code",
                REASON,
                "staff_error",
                "created_by_mistake",
                "Kibo has no staff-error reason; created_by_mistake is the nearest",
            );
            exact(DispositionReason::CreatedByMistake, detail, report)
        }
        ReasonCode::Other => Emitted {
            reason: DispositionReason::Other,
            text: Some(other_text(detail, policy, report)?),
        },
        ReasonCode::BetterPriceElsewhere => {
            labelled(code, "Better price elsewhere", detail, report)
        }
        ReasonCode::ProductConcern => labelled(code, "Product concern", detail, report),
        ReasonCode::DeliveryConcern => labelled(code, "Delivery concern", detail, report),
        ReasonCode::PaymentIssue => labelled(code, "Payment issue", detail, report),
        ReasonCode::Fraud => labelled(code, "Suspected fraud", detail, report),
        ReasonCode::OutOfStock => labelled(code, "Out of stock", detail, report),
        ReasonCode::CannotFulfill => labelled(code, "Cannot fulfill", detail, report),
        ReasonCode::NotCollected => labelled(code, "Not collected", detail, report),
        ReasonCode::Unspecified => return unspecified(detail, policy, ctx, report),
        // A code added to the core after this crate: `other`, labelled with the code.
        _ => labelled(code, code.into(), detail, report),
    })
}

/// Kibo requires a reason: the vendor default, else `translate.default_reason`, else an error.
fn unspecified(
    detail: Option<&str>,
    policy: &MozuPolicy,
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<Emitted, TranslateError> {
    if let Some(reason) = &policy.disposition_reason {
        report.defaulted(
            REASON,
            "vendor.mozu.disposition_reason",
            reason.as_str().to_owned(),
            "the source gives no reason and Kibo requires one",
        );
        return emit(reason.clone(), detail, policy, report);
    }
    if let Some(code) = ctx
        .policy
        .translate
        .default_reason
        .filter(|code| *code != ReasonCode::Unspecified)
    {
        let mut mapping = TranslationReport::new();
        let emitted = by_code(code, detail, policy, ctx, &mut mapping)?;
        report.defaulted(
            REASON,
            "translate.default_reason",
            wire_text(&emitted.reason),
            default_reason_note(code),
        );
        report.extend(mapping);
        return Ok(emitted);
    }
    Err(TranslateError::MissingRequired {
        field: REASON.to_owned(),
        target: Vendor::Mozu,
        supply: Supply::DefaultReason {
            key: "vendor.mozu.disposition_reason".to_owned(),
            needs: None,
        },
    })
}
