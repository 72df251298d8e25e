//! `validator::Validate` for the request body (feature `validator`), so a service that
//! validates with validator (axum-valid, actix-web-validator) accepts it as it is. The
//! errors are keyed by wire path, with the kind as code.

impl validator::Validate for crate::wire::CancelOrderRequest {
    /// Checks the request against the documented rules (see [`crate::validate::validate_request`]).
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        crate::validate::validate_request(self)
            .map(|_| ())
            .map_err(validator::ValidationErrors::from)
    }
}
