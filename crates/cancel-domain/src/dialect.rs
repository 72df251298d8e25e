//! The dialect contract every vendor crate implements, and the registry that holds them.

use crate::{
    json::Limits, CancelOutcome, CancelRejection, CancelRequest, DialectId, PayloadError,
    PayloadErrors, PayloadKind, Policy, PolicyError, TranslateContext, TranslateError, Translated,
    TranslationReport, Vendor,
};

/// One wire dialect: parse, validate, normalize, describe, and translate to and from the core.
///
/// Methods work on bytes so the CLI and the facade can hold every dialect behind `dyn`.
/// A vendor crate does not implement it by hand: it implements the typed
/// [`VendorApi`](crate::VendorApi), and the one adapter in [`crate::vendor_api`] gives this
/// trait from it.
pub trait Dialect: Send + Sync + std::fmt::Debug {
    /// The dialect's name.
    fn id(&self) -> DialectId;

    /// The payload kinds this dialect has (the chatbot has no separate error body).
    fn kinds(&self) -> &'static [PayloadKind] {
        &[
            PayloadKind::Request,
            PayloadKind::Response,
            PayloadKind::Error,
        ]
    }

    /// Parses and validates a body, reporting every error it has.
    ///
    /// `Ok` carries the findings that only strict validation reports (unknown fields,
    /// unknown enum values kept for round trips, vendor quirks); strict validation turns
    /// them into errors. A valid body costs one [`check`](Self::check); an invalid one is
    /// searched for its other errors by [`every_error`](crate::wire::every_error).
    ///
    /// # Errors
    ///
    /// Every problem found (at most [`MAX_ERRORS`](crate::wire::MAX_ERRORS)), with wire
    /// paths, in document order.
    fn validate(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors> {
        crate::wire::every_error(bytes, |bytes| self.check(kind, bytes, limits))
    }

    /// One validation pass over a body: the parse stops at its first error; a body that
    /// parses gets every broken rule. [`validate`](Self::validate) builds on it.
    ///
    /// # Errors
    ///
    /// The first parse error, or every broken rule.
    fn check(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Vec<PayloadError>, PayloadErrors>;

    /// Parses a body and writes it back (unknown fields kept) into `out`.
    ///
    /// # Errors
    ///
    /// When the body does not parse (validation rules are not applied).
    fn normalize(
        &self,
        kind: PayloadKind,
        bytes: &[u8],
        limits: &Limits,
        out: &mut Vec<u8>,
    ) -> Result<(), PayloadErrors>;

    /// The JSON Schema (draft 2020-12) of a body.
    fn schema(&self, kind: PayloadKind) -> serde_json::Value;

    /// Reads a request into the core.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a bad body, or a refusal to change the meaning.
    fn request_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError>;

    /// Writes a core request as this dialect's body into `out`.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning or to invent data.
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError>;

    /// What this dialect's success answer can state; [`crate::answers::check_answer`]
    /// holds every answer conversion to it. The default can state anything.
    fn answer_scope(&self) -> crate::answers::AnswerScope {
        crate::answers::AnswerScope::ANY
    }

    /// Reads a success response into a core outcome.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a bad body, or a refusal to change the meaning.
    fn response_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError>;

    /// Writes a core outcome as this dialect's response body into `out`.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning or to invent data.
    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError>;

    /// Reads an error body into a core rejection.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] for a bad body.
    fn error_to_core(
        &self,
        bytes: &[u8],
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError>;

    /// Writes a core rejection as the error body the vendor would send, into `out`.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning.
    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, TranslateError>;

    /// The HTTP status the vendor answers a rejection with.
    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        let _ = rejection;
        400
    }

    /// The vendor-native answer to a body that failed to parse or validate (OCC `200126`,
    /// Akinon field errors...): writes the body into `out` and returns the HTTP status.
    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        default_invalid_answer(errors, out)
    }

    /// The vendor-native answer to an outcome, as a real server would send it: the success
    /// body (status 200), or for a whole refusal the error body and [`error_status`](Self::error_status)
    /// when the dialect has an error kind. Writes the body into `out` and returns the status.
    ///
    /// # Errors
    ///
    /// A refusal to change the meaning.
    fn answer(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(u16, TranslationReport), TranslateError> {
        match &outcome.rejection {
            Some(rejection) if self.kinds().contains(&PayloadKind::Error) => {
                let report = self.error_from_core(rejection, ctx, out)?;
                Ok((self.error_status(rejection), report))
            }
            _ => Ok((200, self.response_from_core(outcome, ctx, out)?)),
        }
    }
}

/// A vendor-native answer to a request that could not be read: HTTP status and body.
///
/// The default (a JSON `{"errors": [{path, kind, message}]}` with status 400) is what
/// `cancelkit serve` sends for vendors that document no error body for it.
pub fn default_invalid_answer(errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        errors: &'a PayloadErrors,
    }
    // Serializing plain strings into a Vec cannot fail.
    let _ = serde_json::to_writer(out, &Body { errors });
    400
}

/// Every dialect, addressable by name. Adding a vendor is one `push`.
#[derive(Debug, Default)]
pub struct Registry {
    // Each dialect with its id, read once: a lookup compares ids without a virtual call.
    dialects: Vec<(DialectId, Box<dyn Dialect>)>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a dialect (replacing one with the same id).
    pub fn push(&mut self, dialect: Box<dyn Dialect>) -> &mut Self {
        let id = dialect.id();
        self.dialects.retain(|(known, _)| *known != id);
        self.dialects.push((id, dialect));
        self
    }

    /// The dialect named `id`.
    pub fn get(&self, id: DialectId) -> Option<&dyn Dialect> {
        self.dialects
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, d)| &**d)
    }

    /// Every dialect, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Dialect> {
        self.dialects.iter().map(|(_, d)| &**d)
    }

    /// Whether `vendor` is known here: one of the five built into cancel-kit (whose id rules
    /// are the core's, compiled in or not) or one with a dialect in this registry.
    pub fn knows(&self, vendor: Vendor) -> bool {
        vendor.is_built_in() || self.get(DialectId::of(vendor)).is_some()
    }

    /// The vendors [known](Self::knows) here, listed as serde lists an enum's values
    /// (`` `chatbot`, `mozu`, `unicommerce`, `occ`, `omnitron` ``), for the message that
    /// refuses another.
    pub fn known_vendors(&self) -> String {
        let outside = self
            .iter()
            .filter_map(|d| d.id().vendor())
            .filter(|v| !v.is_built_in());
        let names: Vec<String> = Vendor::BUILT_IN
            .into_iter()
            .chain(outside)
            .map(|v| format!("`{v}`"))
            .collect();
        names.join(", ")
    }

    /// Checks that every vendor section of `policy` (`[vendor.X]`) names a vendor
    /// [known](Self::knows) here. The set of vendors is open, so a misspelled section
    /// (`[vendor.ocq]`) reads as some other vendor's; here, where the dialects are known, it
    /// is refused rather than ignored.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] for the first section that names no vendor known here.
    pub fn check_policy(&self, policy: &Policy) -> Result<(), PolicyError> {
        match policy.vendor.keys().find(|vendor| !self.knows(**vendor)) {
            None => Ok(()),
            Some(vendor) => Err(PolicyError::new(
                *vendor,
                "no dialect of that name is registered (a misspelled vendor?)",
            )),
        }
    }
}
