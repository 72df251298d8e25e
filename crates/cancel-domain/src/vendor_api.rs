//! [`VendorApi`]: the typed contract a vendor crate implements, and the one adapter that
//! turns it into the byte-level [`Dialect`].
//!
//! A vendor crate states, with its own wire types, how to read each body
//! (`read_request`, `read_response`, `read_error`: shape and types), what its rules find in
//! it (`check_*`, a [`Findings`]), how it translates to and from the core (`*_to_core`,
//! `*_from_core`) and how it is written (`write_*`, [`json::write`] by default); `parse_*`
//! (read, then refuse a body that breaks a rule) comes with the trait. Every type
//! implementing [`VendorApi`] is a [`Dialect`] through one blanket implementation in this
//! module, so the steps bytes → typed → bytes are written once, here: no vendor crate
//! repeats them.
//!
//! The typed functions share their names with the byte-level ones of [`Dialect`]
//! (`request_to_core`, `request_from_core`, ...): with both traits in scope, name the one
//! meant (`VendorApi::request_to_core(&dialect, typed, &ctx)`).
//!
//! ```
//! use cancel_domain::vendor_api::{NoBody, VendorApi};
//! use cancel_domain::wire::{self, Findings};
//! use cancel_domain::{
//!     json::{self, Limits}, CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId,
//!     PayloadErrors, PayloadKind, TranslateContext, TranslateError, Translated,
//! };
//!
//! /// A vendor whose request is `{"order": "..."}` and whose answer is the core outcome.
//! #[derive(Debug)]
//! struct Tiny;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct TinyRequest {
//!     order: String,
//! }
//!
//! impl VendorApi for Tiny {
//!     // A vendor outside cancel-kit names itself; a bad name fails the build.
//!     const ID: DialectId = DialectId::of(cancel_domain::Vendor::other("tiny").unwrap());
//!     const KINDS: &'static [PayloadKind] = &[PayloadKind::Request, PayloadKind::Response];
//!     type Request<'a> = TinyRequest;
//!     type Response<'a> = CancelOutcome;
//!     type Error<'a> = NoBody;
//!
//!     fn schema(&self, _: PayloadKind) -> serde_json::Value {
//!         serde_json::json!({})
//!     }
//!     fn read_request<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<TinyRequest, PayloadErrors> {
//!         json::parse(bytes, limits)
//!     }
//!     fn check_request(&self, request: &TinyRequest) -> Findings {
//!         let mut findings = Findings::default();
//!         if request.order.is_empty() {
//!             findings.error("order", cancel_domain::ErrorKind::Range, "order must not be empty");
//!         }
//!         findings
//!     }
//!     fn request_to_core(&self, request: TinyRequest, _: &TranslateContext<'_>) -> Result<Translated<CancelRequest>, TranslateError> {
//!         self.check_request(&request).into_result()?;
//!         Ok(Translated::clean(CancelRequest::whole_order(
//!             request.order.as_str(),
//!             cancel_domain::CancelReason::new(cancel_domain::ReasonCode::Other),
//!         )))
//!     }
//!     fn request_from_core(&self, request: &CancelRequest, _: &TranslateContext<'_>) -> Result<Translated<TinyRequest>, TranslateError> {
//!         Ok(Translated::clean(TinyRequest { order: request.order.as_str().to_owned() }))
//!     }
//!     fn read_response<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<CancelOutcome, PayloadErrors> {
//!         json::parse(bytes, limits)
//!     }
//!     fn check_response(&self, _: &CancelOutcome) -> Findings {
//!         Findings::default()
//!     }
//!     fn response_to_core(&self, outcome: CancelOutcome, _: &TranslateContext<'_>) -> Result<Translated<CancelOutcome>, TranslateError> {
//!         Ok(Translated::clean(outcome))
//!     }
//!     fn response_from_core(&self, outcome: &CancelOutcome, _: &TranslateContext<'_>) -> Result<Translated<CancelOutcome>, TranslateError> {
//!         Ok(Translated::clean(outcome.clone()))
//!     }
//!     // No error body: the `NoBody` defaults refuse it.
//! }
//!
//! // The byte-level contract comes for free.
//! assert_eq!(Tiny.id().to_string(), "tiny");
//! let limits = Limits::DEFAULT;
//! assert_eq!(Tiny.validate(PayloadKind::Request, br#"{"order":"A1"}"#, &limits), Ok(vec![]));
//! let errors = Tiny.validate(PayloadKind::Request, br#"{"order":""}"#, &limits).unwrap_err();
//! assert!(errors.has("order", cancel_domain::ErrorKind::Range));
//! let mut out = Vec::new();
//! Tiny.normalize(PayloadKind::Request, br#"{ "order" : "A1" }"#, &limits, &mut out).unwrap();
//! assert_eq!(out, br#"{"order":"A1"}"#);
//! assert!(Tiny.check(PayloadKind::Error, b"{}", &limits).is_err());
//! ```

use std::fmt;

use serde::Serialize;

use crate::{
    answers::AnswerScope,
    json::{self, Limits},
    wire::Findings,
    CancelOutcome, CancelRejection, CancelRequest, Dialect, DialectId, ErrorKind, PayloadError,
    PayloadErrors, PayloadKind, TranslateContext, TranslateError, Translated, TranslationReport,
};

/// Every payload kind: request, response and error.
pub const ALL_KINDS: &[PayloadKind] = &[
    PayloadKind::Request,
    PayloadKind::Response,
    PayloadKind::Error,
];

/// The body of a payload kind a vendor does not have (the chatbot's error body): no value of
/// it exists, so every function that would read or write one refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::exhaustive_enums,
    reason = "uninhabited: no value of it exists"
)]
pub enum NoBody {}

impl Serialize for NoBody {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

/// The refusal of a payload kind a dialect does not have, naming the dialect.
pub fn no_such_kind(id: DialectId, kind: PayloadKind) -> PayloadErrors {
    PayloadErrors::one(
        "",
        ErrorKind::Rule,
        format!("the {id} dialect has no {kind} body"),
    )
}

/// [`json::write`] with the error as [`PayloadErrors`] (serializing the workspace's models
/// into memory does not fail in practice).
///
/// # Errors
///
/// When a `Serialize` implementation fails.
pub fn write_json<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<(), PayloadErrors> {
    json::write(value, out).map_err(|e| PayloadErrors::one("", ErrorKind::Rule, e.to_string()))
}

/// One vendor's API, typed: its request, response and error bodies, how each is read,
/// checked, translated to and from the core, and written. See the
/// [module documentation](self) for an example.
///
/// The lifetime of the associated types lets a vendor read text without copying it (OCC's
/// bodies borrow from the bytes); owned types ignore it.
pub trait VendorApi: Send + Sync + fmt::Debug {
    /// The dialect's name.
    const ID: DialectId;

    /// The payload kinds this vendor has (the chatbot has no error body).
    const KINDS: &'static [PayloadKind] = ALL_KINDS;

    /// Whether the error model keeps a body that is not JSON as text (a client must read a
    /// gateway's page). As a document to validate or translate such a body is still a
    /// `syntax` error, as for every vendor: the adapter checks the bytes are JSON first.
    const ERROR_TEXT_KEPT: bool = false;

    /// Whether the vendor answers a refusal with its response body (Unicommerce's `FAILED`
    /// answer), with [`error_status`](Self::error_status) as HTTP status, rather than with
    /// its error body.
    const REFUSAL_IN_RESPONSE: bool = false;

    /// What this vendor's success answer can state (see [`crate::answers`]).
    const ANSWER_SCOPE: AnswerScope = AnswerScope::ANY;

    /// The request body.
    type Request<'a>: Serialize;
    /// The success response body.
    type Response<'a>: Serialize;
    /// The error (refusal) body; [`NoBody`] for a vendor without one.
    type Error<'a>;

    /// The JSON Schema (draft 2020-12) of a body.
    fn schema(&self, kind: PayloadKind) -> serde_json::Value;

    /// Reads a request body (shape and types; the rules are [`check_request`](Self::check_request)'s):
    /// the read stops at its first error.
    ///
    /// # Errors
    ///
    /// The first error, with its wire path.
    fn read_request<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Request<'a>, PayloadErrors>;

    /// Every rule a read request breaks, and what only strict validation reports.
    fn check_request(&self, request: &Self::Request<'_>) -> Findings;

    /// Reads and validates a request body.
    ///
    /// # Errors
    ///
    /// The first read error, or every broken rule.
    fn parse_request<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Request<'a>, PayloadErrors> {
        let request = self.read_request(bytes, limits)?;
        self.check_request(&request).into_result()?;
        Ok(request)
    }

    /// A read request into the core.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a request that breaks a rule, or a refusal to change
    /// the meaning.
    fn request_to_core(
        &self,
        request: Self::Request<'_>,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError>;

    /// A core request as this vendor's request.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning or to invent data.
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<Self::Request<'static>>, TranslateError>;

    /// Writes a request (unknown fields kept) into `out`; [`json::write`] by default.
    ///
    /// # Errors
    ///
    /// When the body cannot be written.
    fn write_request(
        &self,
        request: &Self::Request<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        write_json(request, out)
    }

    /// Reads a success response body (shape and types).
    ///
    /// # Errors
    ///
    /// The first error, with its wire path.
    fn read_response<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Response<'a>, PayloadErrors>;

    /// Every rule a read response breaks, and what only strict validation reports.
    fn check_response(&self, response: &Self::Response<'_>) -> Findings;

    /// Reads and validates a success response body.
    ///
    /// # Errors
    ///
    /// The first read error, or every broken rule.
    fn parse_response<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Response<'a>, PayloadErrors> {
        let response = self.read_response(bytes, limits)?;
        self.check_response(&response).into_result()?;
        Ok(response)
    }

    /// A read response into a core outcome.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a response that breaks a rule, or a refusal to
    /// change the meaning.
    fn response_to_core(
        &self,
        response: Self::Response<'_>,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError>;

    /// A core outcome as this vendor's success response.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning or to invent data.
    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<Self::Response<'static>>, TranslateError>;

    /// Writes a response into `out`; [`json::write`] by default.
    ///
    /// # Errors
    ///
    /// When the body cannot be written.
    fn write_response(
        &self,
        response: &Self::Response<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        write_json(response, out)
    }

    /// Reads an error body as a document (validation and `normalize`). The default refuses:
    /// the vendor has no error body.
    ///
    /// # Errors
    ///
    /// The first error, with its wire path.
    fn read_error<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Error<'a>, PayloadErrors> {
        let _ = (bytes, limits);
        Err(no_such_kind(Self::ID, PayloadKind::Error))
    }

    /// Reads an error body for translation into the core; [`read_error`](Self::read_error)
    /// unless the vendor reads a received body more leniently (OCC reads any body).
    ///
    /// # Errors
    ///
    /// The first error, with its wire path.
    fn receive_error<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Error<'a>, PayloadErrors> {
        self.read_error(bytes, limits)
    }

    /// Every rule a read error body breaks, and what only strict validation reports.
    fn check_error(&self, error: &Self::Error<'_>) -> Findings {
        let _ = error;
        Findings::default()
    }

    /// Reads and validates an error body (a body that is not JSON is a `syntax` error, also
    /// where the model keeps it as text).
    ///
    /// # Errors
    ///
    /// The first read error, or every broken rule.
    fn parse_error<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Self::Error<'a>, PayloadErrors> {
        if Self::ERROR_TEXT_KEPT {
            json::scan(bytes, limits)?;
        }
        let error = self.read_error(bytes, limits)?;
        self.check_error(&error).into_result()?;
        Ok(error)
    }

    /// A read error body into a core rejection. The default refuses (no error body).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a body that breaks a rule.
    fn error_to_core(
        &self,
        error: Self::Error<'_>,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        let _ = (error, ctx);
        Err(TranslateError::Invalid(no_such_kind(
            Self::ID,
            PayloadKind::Error,
        )))
    }

    /// A core rejection as the error body the vendor would send. The default refuses (no
    /// error body).
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning.
    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<Self::Error<'static>>, TranslateError> {
        let _ = (rejection, ctx);
        Err(TranslateError::ChangesMeaning {
            message: no_such_kind(Self::ID, PayloadKind::Error).to_string(),
        })
    }

    /// Writes an error body into `out`. The default refuses (no error body).
    ///
    /// # Errors
    ///
    /// When the body cannot be written.
    fn write_error(&self, error: &Self::Error<'_>, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
        let _ = (error, out);
        Err(no_such_kind(Self::ID, PayloadKind::Error))
    }

    /// The HTTP status the vendor answers a rejection with (400 by default).
    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        let _ = rejection;
        400
    }

    /// The vendor-native answer to a body that failed to parse or validate: writes the
    /// body into `out` and returns the HTTP status ([`crate::default_invalid_answer`] by
    /// default).
    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        crate::default_invalid_answer(errors, out)
    }
}

/// The one byte-level adapter: every [`VendorApi`] is a [`Dialect`].
///
/// A blanket implementation rather than a wrapper type, so that a vendor's dialect value
/// (`MozuDialect`, ...) is itself the `Dialect` its users already call and box into a
/// [`crate::Registry`]; each method is monomorphized per vendor, so the adapter costs no
/// indirection beyond the `dyn Dialect` call itself.
impl<T: VendorApi> Dialect for T {
    fn id(&self) -> DialectId {
        T::ID
    }

    fn kinds(&self) -> &'static [PayloadKind] {
        T::KINDS
    }

    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        match kind {
            PayloadKind::Request => self
                .check_request(&self.read_request(bytes, limits)?)
                .into_result(),
            PayloadKind::Response => self
                .check_response(&self.read_response(bytes, limits)?)
                .into_result(),
            PayloadKind::Error => {
                if T::ERROR_TEXT_KEPT {
                    json::scan(bytes, limits)?;
                }
                self.check_error(&self.read_error(bytes, limits)?)
                    .into_result()
            }
        }
    }

    fn normalize(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors> {
        match kind {
            PayloadKind::Request => self.write_request(&self.read_request(bytes, limits)?, out),
            PayloadKind::Response => self.write_response(&self.read_response(bytes, limits)?, out),
            PayloadKind::Error => self.write_error(&self.read_error(bytes, limits)?, out),
        }
    }

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        VendorApi::schema(self, kind)
    }

    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        let request = self.read_request(bytes, &ctx.limits)?;
        VendorApi::request_to_core(self, request, ctx)
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = VendorApi::request_from_core(self, request, ctx)?;
        self.write_request(&translated.value, out)?;
        Ok(translated.report)
    }

    fn answer_scope(&self) -> AnswerScope {
        T::ANSWER_SCOPE
    }

    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let response = self.read_response(bytes, &ctx.limits)?;
        VendorApi::response_to_core(self, response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = VendorApi::response_from_core(self, outcome, ctx)?;
        self.write_response(&translated.value, out)?;
        Ok(translated.report)
    }

    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        if T::ERROR_TEXT_KEPT {
            json::scan(bytes, &ctx.limits)?;
        }
        let error = self.receive_error(bytes, &ctx.limits)?;
        VendorApi::error_to_core(self, error, ctx)
    }

    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError> {
        let translated = VendorApi::error_from_core(self, rejection, ctx)?;
        self.write_error(&translated.value, out)?;
        Ok(translated.report)
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        VendorApi::error_status(self, rejection)
    }

    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        VendorApi::invalid_answer(self, errors, out)
    }

    fn answer(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(u16, TranslationReport), TranslateError> {
        match &outcome.rejection {
            Some(rejection) if T::REFUSAL_IN_RESPONSE => {
                let report = Dialect::response_from_core(self, outcome, ctx, out)?;
                Ok((VendorApi::error_status(self, rejection), report))
            }
            Some(rejection) if T::KINDS.contains(&PayloadKind::Error) => {
                let report = Dialect::error_from_core(self, rejection, ctx, out)?;
                Ok((VendorApi::error_status(self, rejection), report))
            }
            _ => Ok((200, Dialect::response_from_core(self, outcome, ctx, out)?)),
        }
    }
}
