//! `validator::Validate` for the request body (feature `validator`), so a service that
//! validates with validator (axum-valid, actix-web-validator) accepts it as it is. The
//! errors are keyed by wire path, with the kind as code.

impl validator::Validate for crate::wire::CancelOrderBody {
    /// Checks the request against the body rules (the reason table, merchant data, is checked by the dialect).
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        crate::wire::CancelOrderBody::validate(self).map_err(validator::ValidationErrors::from)
    }
}
