//! [`OccDialect`]: the OCC dialect with its policy table, typed ([`VendorApi`]);
//! `cancel_domain` makes it a `Dialect`.

use cancel_domain::answers::AnswerScope;
use cancel_domain::{
    json::Limits, vendor_api::write_json, wire::Findings, CancelOutcome, CancelRejection,
    CancelRequest, DialectId, ErrorKind, PayloadError, PayloadErrors, PayloadKind, Policy,
    PolicyError, TranslateContext, TranslateError, Translated, Vendor, VendorApi,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::convert::{self, Settings};
use crate::error::{ErrorBody, ErrorModel};
use crate::wire::{
    CancelOrderRequest, CancelOrderResponse, ReasonBook, ReasonCheck, ReasonEntry, ReasonList,
};

/// The policy table `[vendor.occ]`.
///
/// ```toml
/// [vendor.occ]
/// cancel_reason = "cannotProcessOrder"        # default raw reason when the source has none
/// reasons = [                                 # the merchant's list (else the 8 defaults)
///   { id = "NewCancelReason", description = "New reason", readableDescription = "Changed plans", active = true, code = "changed_mind" },
///   { id = "100001", description = "Old", active = false },
/// ]
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OccPolicy {
    /// `cancel_reason`: the raw OCC reason used when a target needs one and the source has
    /// none (must be an active reason of the list in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// `reasons`: the merchant's cancel reasons (shape of `GET /ccadmin/v1/reasons`), each
    /// with an optional canonical `code`. Absent: the eight documented defaults apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<ReasonEntry>>,
}

/// The OCC dialect: parse, validate, normalize and translate OCC cancel bodies.
///
/// ```
/// use cancel_domain::{Dialect, PayloadKind, Policy};
/// use cancel_occ::OccDialect;
/// let occ = OccDialect::from_policy(&Policy::default()).unwrap();
/// let findings = occ
///     .validate(PayloadKind::Request, br#"{"orderId":"o30413","cancelReason":"changeOfMind"}"#, &Default::default())
///     .unwrap();
/// assert!(findings.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct OccDialect {
    policy: OccPolicy,
    book: ReasonBook,
}

fn policy_error(message: impl Into<String>) -> PolicyError {
    PolicyError::new(Vendor::Occ, message)
}

impl OccDialect {
    /// Reads the `[vendor.occ]` table of `policy`.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the table does not fit [`OccPolicy`], a reason id is listed twice,
    /// or `cancel_reason` is not an active reason of the list in force.
    pub fn from_policy(policy: &Policy) -> Result<Self, PolicyError> {
        Self::from_occ_policy(policy.vendor_section::<OccPolicy>(Vendor::Occ)?)
    }

    /// Builds the dialect from an already read table.
    ///
    /// # Errors
    ///
    /// As [`from_policy`](Self::from_policy).
    pub fn from_occ_policy(policy: OccPolicy) -> Result<Self, PolicyError> {
        let book = match &policy.reasons {
            None => ReasonBook::default(),
            Some(list) => {
                for (i, e) in list.iter().enumerate() {
                    if e.id.is_empty() {
                        return Err(policy_error(format!("reasons[{i}].id is empty")));
                    }
                    if list.iter().take(i).any(|o| o.id == e.id) {
                        return Err(policy_error(format!(
                            "reason id {:?} is listed twice",
                            e.id
                        )));
                    }
                }
                ReasonBook::merchant(ReasonList(list.clone()))
            }
        };
        if let Some(raw) = &policy.cancel_reason {
            if !matches!(book.check(raw), ReasonCheck::Active(_)) {
                return Err(policy_error(format!(
                    "cancel_reason {raw:?} is not an active reason of the list in force"
                )));
            }
        }
        Ok(Self { policy, book })
    }

    /// The dialect with a merchant reason list (e.g. read with [`ReasonList::from_json`]
    /// from `GET /ccadmin/v1/reasons?type=cancelReasons`).
    pub fn with_reasons(list: ReasonList) -> Self {
        Self {
            policy: OccPolicy {
                cancel_reason: None,
                reasons: Some(list.0.clone()),
            },
            book: ReasonBook::merchant(list),
        }
    }

    /// The policy table in force.
    pub fn policy(&self) -> &OccPolicy {
        &self.policy
    }

    /// The reasons validation accepts.
    pub fn book(&self) -> &ReasonBook {
        &self.book
    }

    fn settings(&self) -> Settings<'_> {
        Settings {
            book: &self.book,
            default_reason: self.policy.cancel_reason.as_deref(),
        }
    }

    /// A typed request into the core, reading merchant reasons with their policy `code`
    /// ([`VendorApi::request_to_core`] takes the request by value).
    ///
    /// # Errors
    ///
    /// [`TranslateError::Invalid`] when the request is not valid under this reason list.
    pub fn request_to_core_ref(
        &self,
        request: &CancelOrderRequest,
        _ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        convert::request_to_core(request, self.settings())
    }

    /// A core request as a typed OCC body, using the merchant list and
    /// `vendor.occ.cancel_reason`, without the check [`VendorApi::request_from_core`] makes
    /// of the result (a reason kept from elsewhere that OCC would refuse).
    ///
    /// # Errors
    ///
    /// See [`crate::request_from_core`].
    pub fn request_from_core_unchecked(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        convert::request_from_core(request, ctx, self.settings())
    }

    /// A core rejection as the `errorModel` OCC would send (200219 for an inactive reason of
    /// this list), without the check [`VendorApi::error_from_core`] makes of it.
    pub fn error_from_core_unchecked(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Translated<ErrorModel<'static>> {
        convert::error_from_core(rejection, ctx, self.settings())
    }
}

impl VendorApi for OccDialect {
    const ID: DialectId = DialectId::Occ;

    /// The whole order; `PENDING_REMOVE` says "requested".
    const ANSWER_SCOPE: AnswerScope = AnswerScope::WHOLE_ORDER.with_requested();

    type Request<'a> = CancelOrderRequest;
    type Response<'a> = CancelOrderResponse<'a>;
    type Error<'a> = ErrorBody<'a>;

    fn schema(&self, kind: PayloadKind) -> serde_json::Value {
        match kind {
            PayloadKind::Request => request_schema(&self.book),
            PayloadKind::Response => response_schema(),
            PayloadKind::Error => error_schema(),
        }
    }

    fn read_request(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<CancelOrderRequest, PayloadErrors> {
        crate::read_request(bytes, limits)
    }

    /// The rules, with reasons checked against this dialect's reason list.
    fn check_request(&self, request: &CancelOrderRequest) -> Findings {
        crate::validate::check_request(request, &self.book)
    }

    /// A request into the core, reading merchant reasons with their policy `code`.
    fn request_to_core(
        &self,
        request: CancelOrderRequest,
        _ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        convert::request_to_core(&request, self.settings())
    }

    /// A core request as an OCC body, using the merchant list and
    /// `vendor.occ.cancel_reason`; a raw value kept from elsewhere (a reason origin) that
    /// OCC would not accept is refused rather than written.
    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderRequest>, TranslateError> {
        let t = convert::request_from_core(request, ctx, self.settings())?;
        crate::validate::check_request(&t.value, &self.book)
            .into_result()
            .map_err(|errors| TranslateError::ChangesMeaning {
                message: format!("the OCC request would be invalid: {errors}"),
            })?;
        Ok(t)
    }

    /// Reads a response without copying text.
    fn read_response<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<CancelOrderResponse<'a>, PayloadErrors> {
        crate::read::read(bytes, limits, Some(crate::wire::RESPONSE_TYPED_DEPTH))
    }

    fn check_response(&self, response: &CancelOrderResponse<'_>) -> Findings {
        crate::validate::check_response(response)
    }

    fn response_to_core(
        &self,
        response: CancelOrderResponse<'_>,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        let errors = crate::validate::check_response_errors(&response);
        if !errors.is_empty() {
            return Err(TranslateError::Invalid(PayloadErrors(errors)));
        }
        convert::response_to_core(&response, ctx)
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOrderResponse<'static>>, TranslateError> {
        convert::response_from_core(outcome, ctx)
    }

    /// The documented `errorModel` only.
    fn read_error<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<ErrorBody<'a>, PayloadErrors> {
        crate::read::read::<ErrorModel<'a>>(bytes, limits, None).map(ErrorBody::Known)
    }

    /// Any body, as a client receives it ([`ErrorBody::from_bytes`]): never fails.
    fn receive_error<'a>(
        &self,
        bytes: &'a [u8],
        _: &Limits,
    ) -> Result<ErrorBody<'a>, PayloadErrors> {
        Ok(ErrorBody::from_bytes(bytes))
    }

    fn check_error(&self, body: &ErrorBody<'_>) -> Findings {
        match body {
            ErrorBody::Known(model) => crate::validate::check_error(model),
            // Not read by `read_error`; kept JSON or text has no rules.
            _ => Findings::default(),
        }
    }

    fn error_to_core(
        &self,
        body: ErrorBody<'_>,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRejection>, TranslateError> {
        Ok(convert::error_to_core(&body, ctx))
    }

    /// A core rejection as the `errorModel` OCC would send (200219 for an inactive reason
    /// of this list).
    fn error_from_core(
        &self,
        rejection: &CancelRejection,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<ErrorBody<'static>>, TranslateError> {
        let t = convert::error_from_core(rejection, ctx, self.settings());
        crate::validate::check_error(&t.value)
            .into_result()
            .map_err(|errors| TranslateError::ChangesMeaning {
                message: format!("the OCC error body would be invalid: {errors}"),
            })?;
        Ok(t.map(ErrorBody::Known))
    }

    fn write_error(&self, body: &ErrorBody<'_>, out: &mut Vec<u8>) -> Result<(), PayloadErrors> {
        match body {
            ErrorBody::Known(model) => write_json(model, out),
            ErrorBody::Json(value) => write_json(value, out),
            ErrorBody::Text(text) => {
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
        }
    }

    fn error_status(&self, rejection: &CancelRejection) -> u16 {
        convert::error_status(rejection)
    }

    fn invalid_answer(&self, errors: &PayloadErrors, out: &mut Vec<u8>) -> u16 {
        let body = invalid_error_model(errors);
        let _ = write_json(&body, out);
        400
    }
}

/// What OCC answers a body it cannot accept: `200218` when only the reason is wrong
/// (unknown or misspelled, `200219` when it is inactive), else `200126` (invalid input),
/// one `errorModel` per problem with its `o:errorPath`.
fn invalid_error_model(errors: &PayloadErrors) -> ErrorModel<'static> {
    use crate::error::ErrorCode;
    let model = |e: &PayloadError| {
        let code = match (e.path.as_str(), e.kind) {
            ("cancelReason", ErrorKind::Enum) => ErrorCode::InvalidCancelReason,
            ("cancelReason", ErrorKind::Rule) => ErrorCode::InactiveReason,
            _ => ErrorCode::InvalidInput,
        };
        let mut m = ErrorModel::new(code, format!("{}: {}", e.path, e.message));
        m.error_path = Some(e.path.clone().into());
        m
    };
    match errors.0.as_slice() {
        [one] => model(one),
        many => {
            let mut top =
                ErrorModel::new(ErrorCode::InvalidInput, format!("{} errors", many.len()));
            top.error_code = None;
            top.errors = Some(many.iter().map(model).collect());
            top
        }
    }
}

fn request_schema(book: &ReasonBook) -> serde_json::Value {
    let reasons: Vec<&str> = book
        .entries()
        .iter()
        .filter(|e| e.is_active())
        .map(|e| e.id.as_str())
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cancelOrder_request",
        "description": "Body of POST /ccstore/v1/orders/cancel and POST /ccadmin/v1/orders/cancel.",
        "type": "object",
        "required": ["orderId", "cancelReason"],
        "properties": {
            "orderId": {"type": "string", "minLength": 1, "description": "The order to cancel, e.g. o30413."},
            "cancelReason": {"type": "string", "enum": reasons, "description": "A cancel reason id of the merchant's list."}
        }
    })
}

fn response_schema() -> serde_json::Value {
    let money = json!({"type": ["number", "string"]});
    let text = json!({"type": "string"});
    let objects = json!({"type": "array", "items": {"type": "object"}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cancelOrder_response",
        "type": "object",
        "properties": {
            "result": text,
            "order": {
                "title": "model_order",
                "type": "object",
                "properties": {
                    "id": text, "orderId": text, "uuid": text, "siteId": text,
                    "orderAction": text, "sourceSystem": text,
                    "state": {"type": "string", "description": "One of the 25 OCC order states, e.g. REMOVED."},
                    "orderStatus": {"type": "string", "description": "Display form, e.g. Removed."},
                    "creationTime": {"type": ["string", "number"], "description": "Epoch milliseconds."},
                    "submittedDate": {"type": "string", "format": "date-time"},
                    "dynamicProperties": {"type": "array", "items": {"type": "object", "properties": {
                        "id": text, "label": text, "value": {"type": ["string", "number", "boolean", "null"]}}}},
                    "giftWithPurchaseInfo": objects,
                    "giftWithPurchaseOrderMarkers": objects,
                    "markers": objects,
                    "payments": {"type": "array", "items": {"type": "object", "properties": {
                        "amount": money, "paymentState": text, "paymentGroupId": text,
                        "transactionTypeInitiated": text, "cardNumber": {"type": ["string", "null"]}}}},
                    "priceListGroup": {"type": "object"},
                    "shippingGroups": {"type": ["object", "array"]},
                    "shippingMethod": {"type": "object"},
                    "shoppingCart": {"type": "object", "properties": {"items": objects}},
                    "priceInfo": {"type": "object", "additionalProperties": true},
                    "discountInfo": {"type": "object"},
                    "shippingAddress": {"type": "object"},
                    "billingAddress": {"type": "object"}
                }
            }
        }
    })
}

/// The `errorModel` schema, as validation reads it: `message` always, `errorCode` in each
/// item of the multi-error form (`errors`), every other field optional and `null` as good
/// as absent. (Validation also wants a top-level `errorCode` when there is no `errors`
/// list; the schema leaves that out, since OCC's own 401 answers carry none.)
fn error_schema() -> serde_json::Value {
    let text = json!({"type": "string"});
    let optional = json!({"type": ["string", "null"]});
    let properties = |errors: serde_json::Value| {
        json!({
            "errorCode": {"type": "string", "pattern": "^[0-9]+$"},
            "message": text,
            "status": {"type": ["string", "null"], "pattern": "^[1-5][0-9][0-9]$"},
            "devMessage": optional,
            "moreInfo": optional,
            "o:errorPath": optional,
            "type": optional,
            "errors": errors,
        })
    };
    let errors = json!({"type": ["array", "null"], "items": {"$ref": "#/$defs/ErrorItem"}});
    // (Nested deeper than one level, `errors` is not read.)
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "errorModel",
        "type": "object",
        "required": ["message"],
        "properties": properties(errors),
        "$defs": {
            "ErrorItem": {
                "type": "object",
                "required": ["message", "errorCode"],
                "properties": properties(json!({"type": ["array", "null"], "items": {}})),
            }
        }
    })
}
