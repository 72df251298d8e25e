//! `validator::Validate` for the request body (feature `validator`), so a service that
//! validates with validator (axum-valid, actix-web-validator) accepts it as it is. The
//! errors are keyed by wire path, with the kind as code.

impl validator::Validate for crate::wire::CancelOrderRequest {
    /// Checks the request against OCC's documented reason ids (a merchant's own reason list needs [`crate::validate::check_request`]).
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        crate::validate::check_request(self, &crate::wire::ReasonBook::default())
            .map(|_| ())
            .map_err(validator::ValidationErrors::from)
    }
}
