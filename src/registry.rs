//! The dialect registry of every vendor compiled in.

use cancel_domain::{CoreDialect, Policy, PolicyError, Registry};

/// Every dialect compiled into this build (`core` plus each enabled vendor feature),
/// configured from `policy` (reason tables, outbound defaults).
///
/// # Errors
///
/// [`PolicyError`] when a vendor section of the policy does not fit that vendor's table.
pub fn registry(policy: &Policy) -> Result<Registry, PolicyError> {
    let _ = policy; // unused when every vendor feature is off
    let mut registry = Registry::new();
    registry.push(Box::new(CoreDialect));
    #[cfg(feature = "chatbot")]
    registry.push(Box::new(cancel_chatbot::ChatbotDialect::from_policy(
        policy,
    )?));
    #[cfg(feature = "mozu")]
    registry.push(Box::new(cancel_mozu::MozuDialect::from_policy(policy)?));
    #[cfg(feature = "unicommerce")]
    registry.push(Box::new(
        cancel_unicommerce::UnicommerceDialect::from_policy(policy)?,
    ));
    #[cfg(feature = "occ")]
    registry.push(Box::new(cancel_occ::OccDialect::from_policy(policy)?));
    #[cfg(feature = "omnitron")]
    registry.push(Box::new(cancel_omnitron::OmnitronDialect::from_policy(
        policy,
    )?));
    Ok(registry)
}
