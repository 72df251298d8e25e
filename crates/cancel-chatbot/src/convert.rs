//! Translation between the chatbot's bodies and the core.
//!
//! - chatbot request → core: a whole-order [`CancelRequest`] in the chatbot's id space,
//!   reason `unspecified` given by the customer, the chat user as [`Requester`]. What the
//!   core has no place for (unknown fields, the request-side `responseType` and
//!   `simpleResponse`, the table's `orderID` key spelling) goes to `extensions.chatbot` as a
//!   sparse copy of the chatbot body and is reported `unmapped`.
//! - core request → chatbot: whole orders only (a `Lines` scope is refused unless the policy
//!   allows and the looked-up order proves it covers everything); channel, uid and language
//!   come from the requester or the `[vendor.chatbot]` policy table; everything else the
//!   chatbot cannot carry is reported `dropped` (payment data needs `--allow-loss`).
//! - core outcome → chatbot: one English text per status and per rejection class.
//! - chatbot response → core: the text is the only signal; policy patterns, then the
//!   built-in ones, decide the status; a text nothing recognises is `needs_review`, never a
//!   success.

use std::collections::BTreeSet;

use cancel_domain::wire::{Kept, KeptMap};
use cancel_domain::{
    json, path, CancelOutcome, CancelReason, CancelRejection, CancelRequest, CancelScope,
    ErrorKind, Initiator, LineCancel, Order, OrderRef, OutcomeStatus, PayloadErrors, ReasonCode,
    ReportAction, ReportEntry, Requester, Supply, TranslateContext, TranslateError, Translated,
    TranslationReport, Vendor,
};

use crate::error::refusal_text;
use crate::policy::{ChatbotPolicy, Matcher};
use crate::validate::{self, CHANNEL, ENTITY_INFO, LANGUAGE_CODE, ORDER_ID, UID};
use crate::wire::{
    CancelOrderRequest, CancelOrderResponse, ConversationRequest, EntityInfo, InterestType,
    LanguageCode, OrderIdKey, Parameters, Params, QueryInfo, Response, ResponseMessage,
    ResponseType, SimpleResponse, UserInfo,
};

const EXT: &str = "extensions.chatbot";
const KEPT: &str = "not modelled by the core; kept in extensions.chatbot for a round trip";

/// Reads a chatbot request into the core (the request is cloned; the dialect, which owns
/// the request it parsed, uses [`request_into_core`]).
///
/// The request is validated first (strict findings are not errors here).
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the request breaks a validation rule.
pub(crate) fn request_to_core(
    req: &CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    request_into_core(req.clone(), ctx)
}

/// [`request_to_core`] of an owned request: its strings move into the core request
/// instead of being copied.
///
/// # Errors
///
/// As [`request_to_core`].
pub(crate) fn request_into_core(
    req: CancelOrderRequest,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelRequest>, TranslateError> {
    let _ = ctx;
    validate::check_request(&req).into_result()?;
    let mut report = TranslationReport::new();
    let extension = request_extension(&req, &mut report)?;
    let locale = req.language_code.as_str().to_owned();
    let CancelOrderRequest {
        conversation_request,
        query_info,
        ..
    } = req;
    let ConversationRequest {
        channel, user_info, ..
    } = conversation_request;
    let UserInfo {
        first_name,
        last_name,
        uid,
        username,
        ..
    } = user_info;

    let mut reason = CancelReason::new(ReasonCode::Unspecified);
    reason.initiator = Some(Initiator::Customer);
    let mut core =
        CancelRequest::whole_order(query_info.parameters.params.entity_info.order_id, reason);
    core.id_space = Some(Vendor::Chatbot);
    core.initiator = Initiator::Customer;
    core.requester = Some(Requester {
        channel: Some(channel),
        user_id: Some(uid),
        username,
        first_name,
        last_name,
        locale: Some(locale),
        customer: None,
    });
    if !extension.is_empty() {
        core.extensions.insert(Vendor::Chatbot, extension);
    }
    Ok(Translated::new(core, report))
}

/// The sparse copy of `req` holding what the core has no place for.
fn request_extension(
    req: &CancelOrderRequest,
    report: &mut TranslationReport,
) -> Result<KeptMap, TranslateError> {
    let conversation = &req.conversation_request;
    let query = &req.query_info;
    let parameters = &query.parameters;
    let params = &parameters.params;
    let entity = &params.entity_info;

    let mut user = KeptMap::new();
    keep_unknown(
        &mut user,
        &conversation.user_info.other,
        validate::USER_INFO,
        report,
    );
    let mut conversation_ext = KeptMap::new();
    keep_unknown(
        &mut conversation_ext,
        &conversation.other,
        validate::CONVERSATION,
        report,
    );
    nest(&mut conversation_ext, "userInfo", user);

    let mut entity_ext = KeptMap::new();
    if entity.key == OrderIdKey::Table {
        entity_ext.insert(
            EntityInfo::ORDER_ID_TABLE.to_owned(),
            Kept::string(&entity.order_id),
        );
        report.unmapped(
            path::field(ENTITY_INFO, EntityInfo::ORDER_ID_TABLE),
            "the parameter table's key spelling `orderID`; kept in extensions.chatbot so a round trip writes it back",
        );
    }
    keep_unknown(&mut entity_ext, &entity.other, ENTITY_INFO, report);
    let mut params_ext = KeptMap::new();
    keep_unknown(&mut params_ext, &params.other, validate::PARAMS, report);
    nest(&mut params_ext, "entityInfo", entity_ext);
    let mut parameters_ext = KeptMap::new();
    keep_unknown(
        &mut parameters_ext,
        &parameters.other,
        validate::PARAMETERS,
        report,
    );
    nest(&mut parameters_ext, "params", params_ext);
    let mut query_ext = KeptMap::new();
    keep_unknown(&mut query_ext, &query.other, validate::QUERY_INFO, report);
    nest(&mut query_ext, "parameters", parameters_ext);

    let mut root = KeptMap::new();
    nest(&mut root, "conversationRequest", conversation_ext);
    nest(&mut root, "queryInfo", query_ext);
    if let Some(response_type) = &req.response_type {
        root.insert(
            "responseType".to_owned(),
            Kept::string(response_type.as_str()),
        );
        report.unmapped("responseType", KEPT);
    }
    if let Some(simple) = &req.simple_response {
        root.insert("simpleResponse".to_owned(), to_value(simple)?);
        report.unmapped("simpleResponse", KEPT);
    }
    keep_unknown(&mut root, &req.other, "", report);
    Ok(root)
}

fn keep_unknown(into: &mut KeptMap, other: &KeptMap, base: &str, report: &mut TranslationReport) {
    for (key, value) in other {
        into.insert(key.clone(), value.clone());
        report.unmapped(path::field(base, key), KEPT);
    }
}

fn nest(parent: &mut KeptMap, key: &str, child: KeptMap) {
    if !child.is_empty() {
        parent.insert(key.to_owned(), Kept::of(&child).unwrap_or_default());
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Kept, TranslateError> {
    Kept::of(value).map_err(|e| TranslateError::ChangesMeaning {
        message: format!("cannot represent a chatbot value as JSON: {e}"),
    })
}

/// Writes a core request as a chatbot request, with the `[vendor.chatbot]` table `table`.
///
/// # Errors
///
/// [`TranslateError::PartialNotSupported`] for a cancel of some lines (unless
/// `translate.whole_from_complete_lines` is set and `ctx.order` proves the lines are every
/// remaining unit), [`TranslateError::IdDoesNotFit`] for an empty order id,
/// [`TranslateError::MissingRequired`] when channel, uid or language code have no value and
/// no policy default, [`TranslateError::PaymentDataWouldBeDropped`] for refund money or bank
/// data without `allow_loss`, [`TranslateError::Invalid`] for a malformed
/// `extensions.chatbot`.
pub(crate) fn request_from_core(
    req: &CancelRequest,
    ctx: &TranslateContext<'_>,
    table: &ChatbotPolicy,
) -> Result<Translated<CancelOrderRequest>, TranslateError> {
    let mut report = TranslationReport::new();
    if let CancelScope::Lines { lines } = &req.scope {
        whole_from_lines(req, lines, ctx, &mut report)?;
    }

    let order_id = order_id_for(&req.order, req.id_space, ctx.order)?;
    if order_id.is_empty() {
        return Err(TranslateError::IdDoesNotFit {
            field: ORDER_ID.to_owned(),
            target: Vendor::Chatbot,
            expected: "a non-empty string".to_owned(),
            value: String::new(),
        });
    }

    let requester = req.requester.as_ref();
    let channel = match requester.and_then(|r| r.channel.as_ref()) {
        Some(channel) => channel.clone(),
        None => {
            let channel = table
                .channel
                .clone()
                .ok_or_else(|| missing(CHANNEL, "channel"))?;
            report.defaulted(
                CHANNEL,
                "vendor.chatbot.channel",
                channel.clone(),
                "the core requester has no channel",
            );
            channel
        }
    };
    let uid = match requester
        .and_then(|r| r.user_id.as_ref())
        .filter(|uid| !uid.expose().is_empty())
    {
        Some(uid) => uid.clone(),
        None => {
            let uid = table.uid.clone().ok_or_else(|| missing(UID, "uid"))?;
            // The value is personal data: reported by path and key only.
            report.entries.push(ReportEntry {
                action: ReportAction::Defaulted,
                source: None,
                target: Some(UID.into()),
                policy_key: Some("vendor.chatbot.uid".into()),
                from: None,
                to: None,
                note: "the core requester has no user id".into(),
            });
            uid
        }
    };
    // An empty locale names no language: the chatbot requires one, so it is defaulted too.
    let language_code = match requester
        .and_then(|r| r.locale.as_ref())
        .filter(|locale| !locale.is_empty())
    {
        Some(locale) => locale.clone(),
        None => {
            let code = table
                .language_code
                .clone()
                .ok_or_else(|| missing(LANGUAGE_CODE, "language_code"))?;
            report.defaulted(
                LANGUAGE_CODE,
                "vendor.chatbot.language_code",
                code.clone(),
                "the core requester has no locale, or an empty one",
            );
            code
        }
    };

    let mut user = UserInfo::new(String::new());
    user.uid = uid;
    if let Some(r) = requester {
        user.first_name = r.first_name.clone();
        user.last_name = r.last_name.clone();
        user.username = r.username.clone();
        if r.customer.is_some() {
            report.dropped(
                "requester.customer",
                "the chatbot identifies the user by uid only",
            );
        }
    }
    let mut wire = CancelOrderRequest::new(
        ConversationRequest::new(channel, user),
        QueryInfo::new(
            InterestType::CancelOrder,
            Parameters::new(Params::new(EntityInfo::new(order_id))),
        ),
        LanguageCode::from(language_code),
    );

    reason_losses(req, &mut report);
    if let Some(refund) = &req.refund {
        refund.drop_for(
            Vendor::Chatbot,
            ctx,
            &mut report,
            "the chatbot request has no refund fields",
        )?;
    }
    if req.idempotency_key.is_some() {
        report.dropped(
            "idempotency_key",
            "the chatbot request has no idempotency key",
        );
    }
    for (vendor, fields) in &req.extensions {
        if *vendor == Vendor::Chatbot {
            merge_request_extension(&mut wire, fields, &mut report)?;
        } else {
            for key in fields.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{key}"),
                    format!("a {vendor} field the chatbot has no place for"),
                );
            }
        }
    }
    Ok(Translated::new(wire, report))
}

fn missing(field: &str, key: &str) -> TranslateError {
    TranslateError::MissingRequired {
        field: field.to_owned(),
        target: Vendor::Chatbot,
        supply: Supply::PolicyKey(format!("vendor.chatbot.{key}")),
    }
}

/// The order id in the chatbot's terms (the chatbot takes order numbers).
fn order_id_for<'a>(
    order_ref: &'a OrderRef,
    id_space: Option<Vendor>,
    order: Option<&'a Order>,
) -> Result<&'a str, TranslateError> {
    cancel_domain::id_space::order_id_for(Vendor::Chatbot, order_ref, id_space, order)
}

/// Accepts a `Lines` scope only when the policy allows it and the order proves it is
/// every remaining unit; reports the approximation and the per-line details lost.
fn whole_from_lines(
    req: &CancelRequest,
    lines: &[LineCancel],
    ctx: &TranslateContext<'_>,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    let proven = ctx.policy.translate.whole_from_complete_lines
        && ctx
            .order
            .is_some_and(|order| covers_every_remaining_unit(req, lines, order));
    if !proven {
        return Err(TranslateError::PartialNotSupported {
            target: Vendor::Chatbot,
        });
    }
    report.entries.push(ReportEntry {
        action: ReportAction::Approximated,
        source: Some("scope".into()),
        target: None,
        policy_key: Some("translate.whole_from_complete_lines".into()),
        from: Some("lines".into()),
        to: Some("whole_order".into()),
        note: "the lines cover every remaining unit of the order".into(),
    });
    for (i, line) in lines.iter().enumerate() {
        let at = path::index("scope.lines", i);
        if line.reason.is_some() {
            report.dropped(
                path::field(&at, "reason"),
                "the chatbot has no per-line reason",
            );
        }
        if line.product.is_some() {
            report.dropped(
                path::field(&at, "product"),
                "the chatbot cannot check the product of a line",
            );
        }
        if line.variant.is_some() {
            report.dropped(
                path::field(&at, "variant"),
                "the chatbot cannot check the variant of a line",
            );
        }
    }
    Ok(())
}

/// Whether `lines` name each line of `order` with remaining units exactly once, each for
/// all of its remaining units, and nothing else.
pub(crate) fn covers_every_remaining_unit(
    req: &CancelRequest,
    lines: &[LineCancel],
    order: &Order,
) -> bool {
    if lines.is_empty() || !order.is_named(req.order.as_str(), req.id_space) {
        return false;
    }
    let mut covered = BTreeSet::new();
    for line in lines {
        let Some(order_line) = order.line(line.line.as_str(), req.id_space) else {
            return false;
        };
        let open = order_line.quantities.open();
        if open == 0 || !covered.insert(order_line.id.as_str()) {
            return false;
        }
        if line.quantity.is_some_and(|q| q.get() != open) {
            return false;
        }
    }
    order
        .lines
        .iter()
        .filter(|l| l.quantities.open() > 0)
        .all(|l| covered.contains(l.id.as_str()))
}

fn reason_losses(req: &CancelRequest, report: &mut TranslationReport) {
    let reason = &req.reason;
    if reason.code != ReasonCode::Unspecified {
        report.dropped(
            "reason.code",
            format!(
                "the chatbot request has no reason field; `{}` is not sent",
                reason.code
            ),
        );
    }
    if reason.detail.is_some() {
        report.dropped("reason.detail", "the chatbot request has no reason field");
    }
    if let Some(origin) = reason
        .origin
        .as_ref()
        .filter(|o| o.vendor != Vendor::Chatbot)
    {
        report.dropped(
            "reason.origin",
            format!(
                "the chatbot request has no reason field; the {} value is not sent",
                origin.vendor
            ),
        );
    }
    if let Some(initiator) = reason.initiator.filter(|i| *i != Initiator::Customer) {
        report.dropped(
            "reason.initiator",
            format!("the chatbot speaks for the customer; `{initiator}` is not sent"),
        );
    }
    if !matches!(req.initiator, Initiator::Customer | Initiator::Unknown) {
        report.dropped(
            "initiator",
            format!(
                "the chatbot speaks for the customer; `{}` is not sent",
                req.initiator
            ),
        );
    }
}

fn object(value: &Kept, at: &str) -> Result<KeptMap, TranslateError> {
    value
        .parse::<KeptMap>()
        .map_err(|_| TranslateError::invalid(at, ErrorKind::Type, "expected a JSON object"))
}

fn string(value: &Kept, at: &str) -> Result<String, TranslateError> {
    value
        .as_str()
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| TranslateError::invalid(at, ErrorKind::Type, "expected a JSON string"))
}

/// Reads a typed value out of an extension, with the extension's path on errors.
fn typed<T: serde::de::DeserializeOwned>(value: &Kept, at: &str) -> Result<T, TranslateError> {
    json::parse_unscanned(value.get().as_bytes()).map_err(|errors| {
        TranslateError::Invalid(PayloadErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    e.path = if e.path == "$" {
                        at.to_owned()
                    } else if e.path.starts_with('[') {
                        format!("{at}{}", e.path)
                    } else {
                        path::field(at, &e.path)
                    };
                    e
                })
                .collect(),
        ))
    })
}

/// Puts an extension field into `other`, refusing one the core itself carries.
fn put_other(
    other: &mut KeptMap,
    modelled: &[&str],
    key: &str,
    value: &Kept,
    base: &str,
) -> Result<(), TranslateError> {
    if modelled.contains(&key) {
        return Err(TranslateError::invalid(
            path::field(base, key),
            ErrorKind::Rule,
            "extensions.chatbot repeats a field the core carries; remove it from the extension",
        ));
    }
    other.insert(key.to_owned(), value.clone());
    Ok(())
}

fn merge_request_extension(
    wire: &mut CancelOrderRequest,
    ext: &KeptMap,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    for (key, value) in ext {
        let at = path::field(EXT, key);
        match key.as_str() {
            "conversationRequest" => {
                let conversation = &mut wire.conversation_request;
                for (key, value) in &object(value, &at)? {
                    let inner = path::field(&at, key);
                    if key == "userInfo" {
                        let user = &mut conversation.user_info;
                        for (key, value) in &object(value, &inner)? {
                            put_other(&mut user.other, UserInfo::FIELDS, key, value, &inner)?;
                        }
                    } else {
                        put_other(
                            &mut conversation.other,
                            ConversationRequest::FIELDS,
                            key,
                            value,
                            &at,
                        )?;
                    }
                }
            }
            "queryInfo" => {
                merge_query_extension(&mut wire.query_info, &object(value, &at)?, &at, report)?
            }
            "responseType" => wire.response_type = Some(ResponseType::from(string(value, &at)?)),
            "simpleResponse" => wire.simple_response = Some(typed::<SimpleResponse>(value, &at)?),
            _ => put_other(&mut wire.other, CancelOrderRequest::FIELDS, key, value, EXT)?,
        }
    }
    Ok(())
}

fn merge_query_extension(
    query: &mut QueryInfo,
    ext: &KeptMap,
    at: &str,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    for (key, value) in ext {
        if key != "parameters" {
            put_other(&mut query.other, QueryInfo::FIELDS, key, value, at)?;
            continue;
        }
        let at = path::field(at, key);
        let parameters = &mut query.parameters;
        for (key, value) in &object(value, &at)? {
            if key != "params" {
                put_other(&mut parameters.other, Parameters::FIELDS, key, value, &at)?;
                continue;
            }
            let at = path::field(&at, key);
            let params = &mut parameters.params;
            for (key, value) in &object(value, &at)? {
                if key != "entityInfo" {
                    put_other(&mut params.other, Params::FIELDS, key, value, &at)?;
                    continue;
                }
                let at = path::field(&at, key);
                merge_entity_extension(&mut params.entity_info, &object(value, &at)?, &at, report)?;
            }
        }
    }
    Ok(())
}

fn merge_entity_extension(
    entity: &mut EntityInfo,
    ext: &KeptMap,
    at: &str,
    report: &mut TranslationReport,
) -> Result<(), TranslateError> {
    for (key, value) in ext {
        match key.as_str() {
            EntityInfo::ORDER_ID_TABLE => {
                // The key spelling marker: it holds the id it was sent with.
                if string(value, &path::field(at, key))? == *entity.order_id {
                    entity.key = OrderIdKey::Table;
                } else {
                    report.dropped(
                        path::field(at, key),
                        "the `orderID` spelling was kept for another order id; the seed's `orderId` is written",
                    );
                }
            }
            EntityInfo::ORDER_ID => {
                put_other(&mut entity.other, &[EntityInfo::ORDER_ID], key, value, at)?;
            }
            _ => {
                entity.other.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// Reads a chatbot response into a core outcome with the patterns of `matcher`.
///
/// The order comes from `ctx.request` (the request the response answers), else from
/// `ctx.order`, else from a `containerResponse` attribute `orderId`, else from a text
/// starting with `Order <id>` (the seed's phrasing).
pub(crate) fn response_to_core(
    body: &CancelOrderResponse,
    ctx: &TranslateContext<'_>,
    matcher: &Matcher,
) -> Result<Translated<CancelOutcome>, TranslateError> {
    validate::check_response(body).into_result()?;
    let texts: Vec<&str> = body.texts().collect();
    let text = texts.join("\n");
    let (order, id_space) = answered_order(ctx, body, &texts)?;
    let mut report = TranslationReport::new();
    // A reply about another order says nothing certain about this one.
    let other_order = named_order(body, &texts)
        .zip(expected_order(ctx))
        .is_some_and(|(named, expected)| !same_order(named, expected));
    let status = matcher
        .status_of(&text)
        .filter(|_| !text.is_empty() && !other_order)
        .unwrap_or(OutcomeStatus::NeedsReview);
    if other_order {
        report.unmapped(
            validate::RESPONSE_MESSAGES,
            "the reply names another order than the one asked about: needs review",
        );
    }

    let mut outcome = CancelOutcome::new(order, status);
    outcome.id_space = id_space;
    if status == OutcomeStatus::Rejected {
        outcome.rejection = Some(CancelRejection::VendorRefusal {
            vendor: Vendor::Chatbot,
            vendor_code: None,
            message: text.clone(),
        });
    }
    if !texts.is_empty() {
        outcome.message = Some(text);
    }

    let response = &body.response;
    let mut response_ext = KeptMap::new();
    response_ext.insert("responseId".to_owned(), Kept::string(&response.response_id));
    report.unmapped("response.responseId", KEPT);
    response_ext.insert(
        "responseType".to_owned(),
        Kept::string(response.response_type.as_str()),
    );
    report.unmapped("response.responseType", KEPT);
    if !is_plain_text(response) {
        response_ext.insert(
            "responseMessages".to_owned(),
            to_value(&response.response_messages)?,
        );
        report.unmapped(
            validate::RESPONSE_MESSAGES,
            "cards, media, containers or several messages; kept verbatim in extensions.chatbot (the texts are in `message`)",
        );
    }
    keep_unknown(
        &mut response_ext,
        &response.other,
        validate::RESPONSE,
        &mut report,
    );
    let mut root = KeptMap::new();
    root.insert(
        "response".to_owned(),
        Kept::of(&response_ext).unwrap_or_default(),
    );
    keep_unknown(&mut root, &body.other, "", &mut report);
    outcome.extensions.insert(Vendor::Chatbot, root);
    Ok(Translated::new(outcome, report))
}

/// One message holding only a `simpleResponse` with only its text.
fn is_plain_text(response: &Response) -> bool {
    match response.response_messages.as_slice() {
        [message] => {
            message.other.is_empty()
                && message.basic_card.is_none()
                && message.media_response.is_none()
                && message.container_response.is_none()
                && message
                    .simple_response
                    .as_ref()
                    .is_some_and(|s| s.other.is_empty())
        }
        _ => false,
    }
}

fn answered_order(
    ctx: &TranslateContext<'_>,
    body: &CancelOrderResponse,
    texts: &[&str],
) -> Result<(OrderRef, Option<Vendor>), TranslateError> {
    if let Some(request) = ctx.request {
        return Ok((request.order.clone(), request.id_space));
    }
    if let Some(order) = ctx.order {
        return Ok((order.id.clone(), None));
    }
    named_order(body, texts)
        .map(|id| (OrderRef::new(id), Some(Vendor::Chatbot)))
        .ok_or_else(|| TranslateError::ChangesMeaning {
            message: "the chatbot response does not name its order (no `orderId` container \
                      attribute, no text starting with `Order <id>`); pass the request it answers"
                .to_owned(),
        })
}

/// The order the reply itself names: an `orderId` container attribute, else `Order <id>`.
fn named_order<'a>(body: &'a CancelOrderResponse, texts: &[&'a str]) -> Option<&'a str> {
    order_id_attribute(body).or_else(|| texts.iter().find_map(|t| order_id_in_text(t)))
}

/// Whether a reply's order id names `expected`: the same text, or the same number written
/// with more or fewer leading zeros (a bot may format the order number either way).
fn same_order(named: &str, expected: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    named == expected
        || (digits(named)
            && digits(expected)
            && named.trim_start_matches('0') == expected.trim_start_matches('0'))
}

/// The chatbot id of the order the reply answers, when the context tells it.
fn expected_order<'a>(ctx: &TranslateContext<'a>) -> Option<&'a str> {
    match (ctx.request, ctx.order) {
        (Some(request), _) if request.id_space == Some(Vendor::Chatbot) => {
            Some(request.order.as_str())
        }
        (_, Some(order)) => Some(order.id_at(Vendor::Chatbot)),
        _ => None,
    }
}

/// The non-empty value of the first `containerResponse.attributes[]` entry named `orderId`
/// (the vendor's `placeOrder` example names its order that way).
fn order_id_attribute(body: &CancelOrderResponse) -> Option<&str> {
    body.response
        .response_messages
        .iter()
        .filter_map(|m| m.container_response.as_ref())
        .filter_map(|c| c.attributes.as_ref())
        .flatten()
        .find(|a| a.name == "orderId" && !a.value.is_empty())
        .map(|a| a.value.as_str())
}

/// The id in a text shaped like the seed's `Order 748596 has been cancelled`
/// (`Order #748596` too). The id must hold a digit, so that a text such as
/// `Order could not be cancelled` or `Order placed` names no order rather than the
/// order `could` or `placed`.
pub(crate) fn order_id_in_text(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("Order ")?.trim_start();
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';'))
        .unwrap_or(rest.len());
    let id = rest.get(..end)?.trim_end_matches(['.', '!', '?']);
    id.contains(|c: char| c.is_ascii_digit()).then_some(id)
}

/// Writes a core outcome as a chatbot text response.
///
/// # Errors
///
/// [`TranslateError::Invalid`] for a malformed `extensions.chatbot`.
pub(crate) fn response_from_core(
    outcome: &CancelOutcome,
    ctx: &TranslateContext<'_>,
) -> Result<Translated<CancelOrderResponse>, TranslateError> {
    let mut report = TranslationReport::new();
    let order_id = order_id_for(&outcome.order, outcome.id_space, ctx.order)?;
    let ext = outcome.extensions.get(&Vendor::Chatbot);

    let text = match (&outcome.message, ext) {
        // An outcome read from a chatbot reply is written back with its own text.
        (Some(message), Some(_)) => message.clone(),
        (message, _) => {
            if message.is_some() {
                report.dropped(
                    "message",
                    "another system's text is not copied; the reply is written from the status",
                );
            }
            reply_text(outcome, order_id, &mut report)
        }
    };
    if !outcome.lines.is_empty() {
        report.dropped(
            "lines",
            "the chatbot reply is one text; per-line results are not sent",
        );
    }
    if outcome.money.is_some() {
        report.dropped("money", "the chatbot reply has no money fields");
    }
    if !outcome.stock.is_empty() {
        report.dropped("stock", "the chatbot reply has no stock fields");
    }
    if outcome.phase.is_some() {
        report.dropped("phase", "the chatbot reply has no order phase");
    }

    let mut body =
        CancelOrderResponse::new(Response::new(ResponseType::Text, String::new(), Vec::new()));
    let mut response_id = None;
    let mut messages = None;
    for (vendor, fields) in &outcome.extensions {
        if *vendor == Vendor::Chatbot {
            merge_response_extension(&mut body, fields, &mut response_id, &mut messages)?;
        } else {
            for key in fields.keys() {
                report.dropped(
                    format!("extensions.{vendor}.{key}"),
                    format!("a {vendor} field the chatbot has no place for"),
                );
            }
        }
    }
    body.response.response_id = response_id.unwrap_or_else(|| ctx.ids.next_id(order_id));
    body.response.response_messages =
        messages.unwrap_or_else(|| vec![ResponseMessage::simple(text)]);
    Ok(Translated::new(body, report))
}

fn merge_response_extension(
    body: &mut CancelOrderResponse,
    ext: &KeptMap,
    response_id: &mut Option<String>,
    messages: &mut Option<Vec<ResponseMessage>>,
) -> Result<(), TranslateError> {
    for (key, value) in ext {
        let at = path::field(EXT, key);
        if key != "response" {
            put_other(
                &mut body.other,
                CancelOrderResponse::FIELDS,
                key,
                value,
                EXT,
            )?;
            continue;
        }
        for (key, value) in &object(value, &at)? {
            let inner = path::field(&at, key);
            match key.as_str() {
                "responseId" => *response_id = Some(string(value, &inner)?.to_owned()),
                "responseType" => {
                    body.response.response_type = ResponseType::from(string(value, &inner)?)
                }
                "responseMessages" => *messages = Some(typed(value, &inner)?),
                _ => {
                    body.response.other.insert(key.clone(), value.clone());
                }
            }
        }
    }
    Ok(())
}

/// The English reply for an outcome (the seed's `Order <id> has been cancelled` for a
/// success). Every text is recognised by the built-in patterns.
pub(crate) fn reply_text(
    outcome: &CancelOutcome,
    order_id: &str,
    report: &mut TranslationReport,
) -> String {
    match outcome.status {
        OutcomeStatus::Cancelled => format!("Order {order_id} has been cancelled"),
        OutcomeStatus::PartiallyCancelled => format!(
            "Order {order_id} has been partially cancelled; the other items stay in the order"
        ),
        OutcomeStatus::Requested => format!(
            "Order {order_id}: your cancellation request has been received and is being processed"
        ),
        OutcomeStatus::Replayed => format!(
            "Order {order_id}: this cancellation request was already received; nothing further was changed"
        ),
        OutcomeStatus::NeedsReview => format!(
            "Order {order_id}: your cancellation request needs a review by our team; we will get back to you"
        ),
        OutcomeStatus::Rejected => match &outcome.rejection {
            Some(rejection) => {
                if let CancelRejection::VendorRefusal {
                    vendor,
                    vendor_code,
                    message: _,
                } = rejection
                {
                    if *vendor != Vendor::Chatbot {
                        report.dropped(
                            "rejection.message",
                            format!("the {vendor} refusal text is not copied into the reply"),
                        );
                        if vendor_code.is_some() {
                            report.dropped("rejection.vendor_code", "the chatbot reply has no error code");
                        }
                    }
                }
                refusal_text(order_id, rejection)
            }
            None => format!("Order {order_id} could not be cancelled"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_in_texts() {
        assert_eq!(
            order_id_in_text("Order 748596 has been cancelled"),
            Some("748596")
        );
        assert_eq!(
            order_id_in_text("Order 0042: your cancellation"),
            Some("0042")
        );
        assert_eq!(order_id_in_text("Order 7."), Some("7"));
        assert_eq!(order_id_in_text("Your order 7 has been cancelled"), None);
        assert_eq!(order_id_in_text("Order "), None);
        assert_eq!(
            order_id_in_text("Order #748596 has been cancelled"),
            Some("748596")
        );
        assert_eq!(
            order_id_in_text("Order ORD-42 has been cancelled"),
            Some("ORD-42")
        );
        assert_eq!(order_id_in_text("Order could not be cancelled"), None);
        assert_eq!(order_id_in_text("Order placed"), None);
        assert_eq!(order_id_in_text("Order not found."), None);
    }
}
