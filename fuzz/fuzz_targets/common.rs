//! The property every target checks: whatever the bytes, no panic; a body that parses
//! translates to the core and back without panicking, and normalizes to JSON that parses
//! again to the same value. For a body that validates, more is a finding (each checked by
//! `tests/matrix.rs` or `tests/properties.rs` over the fixtures): what we write for the same
//! dialect validates, a request comes back through the core as the same JSON (its normalized
//! form), and what a translation writes for another dialect validates for that dialect.

use cancel_kit::domain::{
    json::Limits, Dialect, DialectId, PayloadKind, Policy, Registry, TranslateContext,
};
use std::sync::OnceLock;

fn registry() -> &'static (Registry, Policy) {
    static REGISTRY: OnceLock<(Registry, Policy)> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let policy = Policy::default();
        (
            cancel_kit::registry(&policy).expect("default policy"),
            policy,
        )
    })
}

/// What a translation of a valid body wrote for `target` must validate for `target`.
fn readable(check: bool, from: DialectId, target: &dyn Dialect, kind: PayloadKind, out: &[u8]) {
    if check {
        if let Err(e) = target.validate(kind, out, &Limits::DEFAULT) {
            panic!(
                "{from} -> {} {kind}: the target refuses what we wrote: {e}\n{}",
                target.id(),
                String::from_utf8_lossy(out)
            );
        }
    }
}

pub fn run(id: DialectId, kind: PayloadKind, data: &[u8]) {
    let (registry, policy) = registry();
    let dialect = registry.get(id).expect("dialect compiled in");
    let limits = Limits::DEFAULT;
    let valid = dialect.validate(kind, data, &limits);
    if let Err(errors) = &valid {
        // Every error names a path, a kind and a message.
        assert!(!errors.0.is_empty(), "an empty error list");
        assert!(
            errors
                .iter()
                .all(|e| !e.path.is_empty() && !e.message.is_empty()),
            "{errors:?}"
        );
        let mut answer = Vec::new();
        let status = dialect.invalid_answer(errors, &mut answer);
        assert!(
            (400..600).contains(&status),
            "invalid_answer status {status}"
        );
    }
    let mut normalized = Vec::new();
    if dialect
        .normalize(kind, data, &limits, &mut normalized)
        .is_ok()
    {
        let mut again = Vec::new();
        dialect
            .normalize(kind, &normalized, &limits, &mut again)
            .expect("normalized output parses again");
        // Error bodies that are not JSON (a proxy's HTML page) are kept as text: compare bytes.
        match (
            serde_json::from_slice::<serde_json::Value>(&normalized),
            serde_json::from_slice::<serde_json::Value>(&again),
        ) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "a parsed body round-trips"),
            _ => assert_eq!(normalized, again, "a text body round-trips"),
        }
    }
    let ctx = TranslateContext::new(policy);
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    // Back to the same dialect into `out`; to every other dialect into `scratch`.
    let others = registry
        .iter()
        .filter(|t| t.id() != id && t.kinds().contains(&kind));
    match kind {
        PayloadKind::Request => {
            if let Ok(core) = dialect.request_to_core(data, &ctx) {
                let back = dialect.request_from_core(&core.value, &ctx, &mut out);
                if valid.is_ok() && back.is_ok() {
                    // vendor -> core -> vendor keeps the body (extensions carry the rest).
                    let before: serde_json::Value =
                        serde_json::from_slice(&normalized).expect("a valid request normalizes");
                    let after: serde_json::Value =
                        serde_json::from_slice(&out).expect("our own output is JSON");
                    assert_eq!(after, before, "{id} -> core -> {id} changed a valid request");
                }
                for target in others {
                    scratch.clear();
                    let written = target.request_from_core(&core.value, &ctx, &mut scratch);
                    readable(valid.is_ok() && written.is_ok(), id, target, kind, &scratch);
                }
            }
        }
        PayloadKind::Response => {
            if let Ok(core) = dialect.response_to_core(data, &ctx) {
                let _ = dialect.response_from_core(&core.value, &ctx, &mut out);
                for target in others {
                    scratch.clear();
                    let written = target.response_from_core(&core.value, &ctx, &mut scratch);
                    readable(valid.is_ok() && written.is_ok(), id, target, kind, &scratch);
                    scratch.clear();
                    let _ = target.answer(&core.value, &ctx, &mut scratch);
                }
            }
        }
        PayloadKind::Error => {
            if let Ok(core) = dialect.error_to_core(data, &ctx) {
                let _ = dialect.error_from_core(&core.value, &ctx, &mut out);
                for target in others {
                    scratch.clear();
                    let written = target.error_from_core(&core.value, &ctx, &mut scratch);
                    readable(valid.is_ok() && written.is_ok(), id, target, kind, &scratch);
                }
            }
        }
    }
    if valid.is_ok() && !out.is_empty() {
        // What we produce from a valid body must be valid for the same dialect (error
        // bodies are read "never failing", so an invalid one may come back as it was).
        dialect
            .validate(kind, &out, &limits)
            .expect("our own output validates");
    }
}
