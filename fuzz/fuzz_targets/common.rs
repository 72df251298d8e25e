//! The property every target checks: whatever the bytes, no panic; a body that parses
//! translates to the core and back without panicking, and normalizes to JSON that parses
//! again to the same value.

use cancel_kit::domain::{json::Limits, DialectId, PayloadKind, Policy, Registry, TranslateContext};
use std::sync::OnceLock;

fn registry() -> &'static (Registry, Policy) {
    static REGISTRY: OnceLock<(Registry, Policy)> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let policy = Policy::default();
        (cancel_kit::registry(&policy).expect("default policy"), policy)
    })
}

pub fn run(id: DialectId, kind: PayloadKind, data: &[u8]) {
    let (registry, policy) = registry();
    let dialect = registry.get(id).expect("dialect compiled in");
    let limits = Limits::DEFAULT;
    let _ = dialect.validate(kind, data, &limits);
    let mut normalized = Vec::new();
    if dialect.normalize(kind, data, &limits, &mut normalized).is_ok() {
        let mut again = Vec::new();
        dialect.normalize(kind, &normalized, &limits, &mut again).expect("normalized output parses again");
        let a: serde_json::Value = serde_json::from_slice(&normalized).expect("normalized output is JSON");
        let b: serde_json::Value = serde_json::from_slice(&again).expect("renormalized output is JSON");
        assert_eq!(a, b, "a parsed body round-trips");
    }
    let ctx = TranslateContext::new(policy);
    let mut out = Vec::new();
    match kind {
        PayloadKind::Request => {
            if let Ok(core) = dialect.request_to_core(data, &ctx) {
                let _ = dialect.request_from_core(&core.value, &ctx, &mut out);
            }
        }
        PayloadKind::Response => {
            if let Ok(core) = dialect.response_to_core(data, &ctx) {
                let _ = dialect.response_from_core(&core.value, &ctx, &mut out);
            }
        }
        PayloadKind::Error => {
            if let Ok(core) = dialect.error_to_core(data, &ctx) {
                let _ = dialect.error_from_core(&core.value, &ctx, &mut out);
            }
        }
    }
    if !out.is_empty() {
        // What we produce must be readable by the same dialect.
        dialect.validate(kind, &out, &limits).expect("our own output validates");
    }
}
