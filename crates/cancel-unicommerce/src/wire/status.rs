//! Open string enums: the documented values plus a private, lossless fallback.

cancel_domain::open_enum! {
    /// `status` of the answer to `POST /orders/cancel` (REQUIRED): whether the marketplace
    /// cancelled every listed item, some of them, or none.
    pub enum CancelStatus ("a status string (SUCCESS, FAILED or PARTIAL_SUCCESS)") {
        /// `SUCCESS`: the cancellation is acknowledged.
        Success = "SUCCESS",
        /// `FAILED`: nothing was cancelled.
        Failed = "FAILED",
        /// `PARTIAL_SUCCESS`: some items were cancelled; `orderItems` lists the others.
        PartialSuccess = "PARTIAL_SUCCESS",
    }
}

cancel_domain::open_enum! {
    /// `status` of the answer to `GET`/`POST /authToken` (REQUIRED). The GET variant is
    /// documented with `SUCCESS | FAILED`, the POST variant with `SUCCESS | INVALID_CREDENTIALS`.
    pub enum AuthStatus ("a status string (SUCCESS, FAILED or INVALID_CREDENTIALS)") {
        /// `SUCCESS`: `accessToken` carries the token.
        Success = "SUCCESS",
        /// `FAILED` (GET variant): the credentials were refused.
        Failed = "FAILED",
        /// `INVALID_CREDENTIALS` (POST variant): the credentials were refused.
        InvalidCredentials = "INVALID_CREDENTIALS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        for raw in CancelStatus::KNOWN {
            let s: CancelStatus = serde_json::from_value(serde_json::json!(raw)).unwrap();
            assert!(s.is_known());
            assert_eq!(serde_json::to_value(&s).unwrap(), serde_json::json!(raw));
        }
        let s: CancelStatus = serde_json::from_str("\"Success\"").unwrap();
        assert!(!s.is_known());
        assert_eq!(s.as_str(), "Success");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Success\"");
        assert_eq!(format!("{s:?}"), "CancelStatus::Unrecognized(\"Success\")");
        assert_eq!(
            format!("{:?}", CancelStatus::PartialSuccess),
            "CancelStatus::PartialSuccess"
        );
        assert!(serde_json::from_str::<CancelStatus>("1").is_err());
    }
}
