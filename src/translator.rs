//! Any dialect to any dialect: source → core → target, with one report.

use std::sync::Arc;

use cancel_domain::{
    json::Limits, DialectId, ErrorKind, IdSource, LookupError, OrderDirectory, PayloadKind, Policy,
    PolicyError, Registry, SequentialIds, TranslateContext, TranslateError, TranslationReport,
    Vendor,
};

/// Why a conversion did not produce a body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The payload is invalid, or the translation would change the meaning.
    #[error(transparent)]
    Translate(#[from] TranslateError),
    /// The order directory failed.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// The translation needs the order, a directory was given, and the order is not in it.
    #[error("{what}; order {order} is not in the order directory")]
    NotInDirectory {
        /// The order as the source named it.
        order: String,
        /// What the order was needed for.
        what: String,
    },
    /// The dialect is not compiled into this build.
    #[error("dialect `{0}` is not compiled into this build (enable its cargo feature)")]
    UnknownDialect(DialectId),
    /// The dialect has no payload of this kind (the chatbot has no error body).
    #[error("{dialect} has no `{kind}` payload")]
    UnsupportedKind {
        /// The dialect.
        dialect: DialectId,
        /// The kind asked for.
        kind: PayloadKind,
    },
}

/// Translates payloads between any two dialects through the core.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use cancel_kit::{domain::{DialectId, PayloadKind, Policy}, Translator};
/// let translator = Translator::new(Policy::default()).unwrap();
/// let mut out = Vec::new();
/// let report = translator
///     .translate(
///         DialectId::Core,
///         DialectId::Core,
///         PayloadKind::Request,
///         br#"{"order":"7","scope":"whole_order","reason":{"code":"fraud"}}"#,
///         &mut out,
///     )
///     .await
///     .unwrap();
/// assert!(report.is_clean());
/// assert_eq!(out, br#"{"order":"7","scope":"whole_order","reason":{"code":"fraud"}}"#);
/// # });
/// ```
#[derive(Clone)]
pub struct Translator {
    registry: Arc<Registry>,
    policy: Arc<Policy>,
    directory: Option<Arc<dyn OrderDirectory>>,
    limits: Limits,
    ids: Arc<dyn IdSource>,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field(
                "dialects",
                &self.registry.iter().map(|d| d.id()).collect::<Vec<_>>(),
            )
            .field("has_directory", &self.directory.is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Translator {
    /// A translator over every compiled-in dialect, configured by `policy`.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when a vendor table of the policy is malformed or names a vendor not
    /// compiled in.
    pub fn new(policy: Policy) -> Result<Self, PolicyError> {
        let registry = crate::registry(&policy)?;
        Self::with_registry(registry, policy)
    }

    /// A translator over the dialects of `registry`: every compiled-in one
    /// ([`registry`](crate::registry())) plus, say, a vendor crate of your own (any
    /// [`VendorApi`](cancel_domain::VendorApi) is a dialect), configured by `policy`.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when a vendor section of `policy` names no dialect of `registry`
    /// ([`Registry::check_policy`]).
    pub fn with_registry(registry: Registry, policy: Policy) -> Result<Self, PolicyError> {
        registry.check_policy(&policy)?;
        Ok(Self {
            registry: Arc::new(registry),
            policy: Arc::new(policy),
            directory: None,
            limits: Limits::DEFAULT,
            ids: Arc::new(SequentialIds),
        })
    }

    /// Uses `directory` for lookups (order lines, vendor ids).
    pub fn with_directory(mut self, directory: Arc<dyn OrderDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// Uses these document limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Uses `ids` for generated ids (chatbot `responseId`).
    pub fn with_ids(mut self, ids: Arc<dyn IdSource>) -> Self {
        self.ids = ids;
        self
    }

    /// The dialects.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Converts `bytes` of kind `kind` from `from` to `to`, writing the body into `out`.
    ///
    /// # Errors
    ///
    /// [`ConvertError`]: invalid input, a refusal to change the meaning, a failed lookup.
    pub async fn translate(
        &self,
        from: DialectId,
        to: DialectId,
        kind: PayloadKind,
        bytes: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, ConvertError> {
        self.translate_answering(from, to, kind, bytes, None, out)
            .await
    }

    /// Like [`translate`](Self::translate), for a response or error body together with the
    /// request it answers (in the `from` dialect). Some answers only make sense beside their
    /// request: a Unicommerce answer lists the items *not* cancelled and names no order.
    ///
    /// # Errors
    ///
    /// [`ConvertError`], including an invalid `request`.
    pub async fn translate_answering(
        &self,
        from: DialectId,
        to: DialectId,
        kind: PayloadKind,
        bytes: &[u8],
        request: Option<&[u8]>,
        out: &mut Vec<u8>,
    ) -> Result<TranslationReport, ConvertError> {
        let source = self
            .registry
            .get(from)
            .ok_or(ConvertError::UnknownDialect(from))?;
        let target = self
            .registry
            .get(to)
            .ok_or(ConvertError::UnknownDialect(to))?;
        for (dialect, id) in [(source, from), (target, to)] {
            if !dialect.kinds().contains(&kind) {
                return Err(ConvertError::UnsupportedKind { dialect: id, kind });
            }
        }
        let ctx = TranslateContext {
            limits: self.limits,
            ids: &*self.ids,
            ..TranslateContext::new(&self.policy)
        };
        let answered = match request {
            Some(bytes) if kind != PayloadKind::Request => {
                Some(source.request_to_core(bytes, &ctx)?.value)
            }
            _ => None,
        };
        let ctx = ctx.with_request(answered.as_ref());
        match kind {
            PayloadKind::Request => {
                let core = source.request_to_core(bytes, &ctx)?;
                self.registered(core.value.id_space)?;
                let order = self
                    .lookup(core.value.order.as_str(), core.value.id_space)
                    .await?;
                let ctx = ctx.with_order(order.as_deref());
                let mut report = core.report;
                let written = target.request_from_core(&core.value, &ctx, out);
                report.extend(self.not_found_in_directory(&core.value.order, order, written)?);
                Ok(report)
            }
            PayloadKind::Response => {
                let core = source.response_to_core(bytes, &ctx)?;
                self.registered(core.value.id_space)?;
                let order = self
                    .lookup(core.value.order.as_str(), core.value.id_space)
                    .await?;
                let ctx = ctx.with_order(order.as_deref());
                let mut report = core.report;
                cancel_domain::answers::check_answer(
                    &core.value,
                    &target.id().to_string(),
                    target.answer_scope(),
                )?;
                let written = target.response_from_core(&core.value, &ctx, out);
                report.extend(self.not_found_in_directory(&core.value.order, order, written)?);
                Ok(report)
            }
            PayloadKind::Error => {
                let core = source.error_to_core(bytes, &ctx)?;
                let mut report = core.report;
                report.extend(target.error_from_core(&core.value, &ctx, out)?);
                Ok(report)
            }
        }
    }

    /// Refuses an id space of a vendor outside cancel-kit this translator has no dialect
    /// for. The set of vendors is open, so a core document may name any; but whether such a
    /// vendor's ids are order numbers others share or keys of its own is known only to its
    /// dialect, and a misspelled space (`omnitorn`) would otherwise send an Akinon pk as
    /// another vendor's order number.
    fn registered(&self, id_space: Option<Vendor>) -> Result<(), TranslateError> {
        match id_space {
            // A built-in vendor's ids are known to the core (`id_space::ids_are_private`),
            // compiled in or not.
            Some(vendor) if !self.registry.knows(vendor) => {
                // Worded as serde words an unknown enum value.
                let known = self.registry.known_vendors();
                Err(TranslateError::invalid(
                    "id_space",
                    ErrorKind::Enum,
                    format!("unknown variant, expected one of {known}"),
                ))
            }
            _ => Ok(()),
        }
    }

    /// A lookup the target needed, when the directory was asked and had no such order, is
    /// said as that (not as "pass --orders", which was passed).
    fn not_found_in_directory(
        &self,
        order: &cancel_domain::OrderRef,
        found: Option<Arc<cancel_domain::Order>>,
        written: Result<TranslationReport, TranslateError>,
    ) -> Result<TranslationReport, ConvertError> {
        match written {
            Err(TranslateError::NeedsLookup { what })
                if self.directory.is_some() && found.is_none() =>
            {
                Err(ConvertError::NotInDirectory {
                    order: order.as_str().to_owned(),
                    what,
                })
            }
            other => Ok(other?),
        }
    }

    async fn lookup(
        &self,
        id: &str,
        id_space: Option<cancel_domain::Vendor>,
    ) -> Result<Option<Arc<cancel_domain::Order>>, LookupError> {
        match &self.directory {
            // Shared, not copied: the in-memory directory lends its order per document.
            Some(directory) => directory.find_order_shared(id, id_space).await,
            None => Ok(None),
        }
    }
}
