//! Translation to and from the core: round trips over every fixture, reports, refusals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeSet;

use cancel_chatbot::wire::{CancelOrderResponse, ResponseMessage};
use cancel_chatbot::{
    parse_request, parse_response, request_from_core, request_to_core, response_from_core,
    response_to_core, validate, ChatbotDialect,
};
use cancel_domain::{
    json::Limits, CancelOutcome, CancelReason, CancelRejection, CancelRequest, Dialect, HoldReason,
    IdSource, Initiator, LineCancel, LineRef, MoneyEffects, Order, OrderPhase, OutcomeStatus,
    PayloadKind, Policy, Quantity, ReasonCode, ReasonOrigin, RefundInstructions, ReportAction,
    Requester, Sensitive, SequentialIds, StockEffect, Supply, TranslateContext, TranslateError,
    Vendor,
};
use common::{files, json};
use serde_json::{json, Value};

/// Every request that is valid without `--strict` (valid/ and strict/).
fn valid_requests() -> Vec<(String, Vec<u8>)> {
    let mut all = files(PayloadKind::Request, "valid");
    all.extend(files(PayloadKind::Request, "strict"));
    all
}

fn valid_responses() -> Vec<(String, Vec<u8>)> {
    let mut all = files(PayloadKind::Response, "valid");
    all.extend(files(PayloadKind::Response, "strict"));
    all
}

fn policy(value: Value) -> Policy {
    serde_json::from_value(value).unwrap()
}

// ---------------------------------------------------------------- chatbot -> core -> chatbot

#[test]
fn every_valid_request_survives_chatbot_core_chatbot() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let dialect = ChatbotDialect::default();
    for (name, bytes) in valid_requests() {
        let request = parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = request_to_core(&request, &ctx).unwrap().value;
        let back = request_from_core(&core, &ctx).unwrap();
        assert!(back.report.is_clean(), "{name}: {}", back.report);
        assert_eq!(
            serde_json::to_value(&back.value).unwrap(),
            json(&bytes),
            "{name}"
        );

        // The same through the byte-level dialect, and through the core's JSON form.
        let core_json =
            serde_json::to_vec(&dialect.request_to_core(&bytes, &ctx).unwrap().value).unwrap();
        let core_again: CancelRequest = serde_json::from_slice(&core_json).unwrap();
        let mut out = Vec::new();
        let report = dialect
            .request_from_core(&core_again, &ctx, &mut out)
            .unwrap();
        assert!(report.is_clean(), "{name}: {report}");
        assert_eq!(json(&out), json(&bytes), "{name} (bytes)");
    }
}

const CARRIED: &[&str] = &[
    "conversationRequest.channel",
    "conversationRequest.userInfo.first_name",
    "conversationRequest.userInfo.last_name",
    "conversationRequest.userInfo.uid",
    "conversationRequest.userInfo.username",
    "queryInfo.interestType",
    "queryInfo.parameters.params.entityInfo.orderId",
    "languageCode",
];

const CONTAINERS: &[&str] = &[
    "conversationRequest",
    "conversationRequest.userInfo",
    "queryInfo",
    "queryInfo.parameters",
    "queryInfo.parameters.params",
    "queryInfo.parameters.params.entityInfo",
];

/// The wire paths the core has no field for, found by walking the raw JSON.
fn not_carried(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    for (key, child) in value.as_object().unwrap() {
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        if CARRIED.contains(&path.as_str()) {
            continue;
        }
        if CONTAINERS.contains(&path.as_str()) {
            not_carried(child, &path, out);
        } else {
            out.insert(path);
        }
    }
}

#[test]
fn the_report_lists_exactly_what_the_core_does_not_carry() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut non_empty = 0;
    for (name, bytes) in valid_requests() {
        let raw = json(&bytes);
        let mut expected = BTreeSet::new();
        not_carried(&raw, "", &mut expected);
        let translated =
            request_to_core(&parse_request(&bytes, &Limits::DEFAULT).unwrap(), &ctx).unwrap();
        let reported: BTreeSet<String> = translated
            .report
            .entries
            .iter()
            .map(|e| {
                assert_eq!(e.action, ReportAction::Unmapped, "{name}: {e:?}");
                e.source.clone().unwrap().into_owned()
            })
            .collect();
        assert_eq!(
            reported.len(),
            translated.report.entries.len(),
            "{name}: repeated entries"
        );
        assert_eq!(reported, expected, "{name}");
        assert_eq!(
            translated.value.extensions.contains_key(&Vendor::Chatbot),
            !expected.is_empty(),
            "{name}"
        );
        non_empty += usize::from(!expected.is_empty());
    }
    assert!(non_empty >= 5, "too few fixtures exercise unmapped fields");
}

#[test]
fn the_core_request_carries_the_chat_user_and_the_order() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in valid_requests() {
        let raw = json(&bytes);
        let core = request_to_core(&parse_request(&bytes, &Limits::DEFAULT).unwrap(), &ctx)
            .unwrap()
            .value;
        let entity = &raw["queryInfo"]["parameters"]["params"]["entityInfo"];
        let order = entity
            .get("orderId")
            .or_else(|| entity.get("orderID"))
            .unwrap();
        assert_eq!(core.order.as_str(), order.as_str().unwrap(), "{name}");
        assert_eq!(core.id_space, Some(Vendor::Chatbot));
        assert!(core.is_whole_order());
        assert_eq!(core.reason.code, ReasonCode::Unspecified);
        assert_eq!(core.reason.initiator, Some(Initiator::Customer));
        assert_eq!(core.reason.origin, None);
        assert_eq!(core.initiator, Initiator::Customer);
        assert!(core.refund.is_none() && core.idempotency_key.is_none());
        let requester = core.requester.as_ref().unwrap();
        let user = &raw["conversationRequest"]["userInfo"];
        let text = |v: &Value| v.as_str().map(str::to_owned);
        assert_eq!(
            requester.channel,
            text(&raw["conversationRequest"]["channel"])
        );
        assert_eq!(
            requester.user_id.as_ref().map(|s| s.expose().clone()),
            text(&user["uid"])
        );
        assert_eq!(
            requester.first_name.as_ref().map(|s| s.expose().clone()),
            text(&user["first_name"])
        );
        assert_eq!(
            requester.last_name.as_ref().map(|s| s.expose().clone()),
            text(&user["last_name"])
        );
        assert_eq!(
            requester.username.as_ref().map(|s| s.expose().clone()),
            text(&user["username"])
        );
        assert_eq!(requester.locale, text(&raw["languageCode"]));
        assert_eq!(requester.customer, None);
    }
}

#[test]
fn debug_output_shows_no_uid_or_names() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut checked = 0;
    for (name, bytes) in valid_requests() {
        let raw = json(&bytes);
        let request = parse_request(&bytes, &Limits::DEFAULT).unwrap();
        let core = request_to_core(&request, &ctx).unwrap().value;
        let wire_debug = format!("{request:?} {request:#?}");
        let core_debug = format!("{core:?}");
        for (key, value) in raw["conversationRequest"]["userInfo"].as_object().unwrap() {
            let Some(text) = value.as_str() else { continue };
            let quoted = format!("{text:?}");
            // Unknown userInfo fields too: `Debug` of `other` shows keys only.
            assert!(
                !wire_debug.contains(&quoted),
                "{name}: {key} shows in {wire_debug}"
            );
            // The core's derived `Debug` prints `extensions` values (a cancel-domain
            // matter), so only the modelled fields are checked there.
            if ["uid", "first_name", "last_name", "username"].contains(&key.as_str()) {
                assert!(
                    !core_debug.contains(&quoted),
                    "{name}: {key} shows in {core_debug}"
                );
            }
            checked += 1;
        }
        assert!(wire_debug.contains("<redacted>"), "{name}");
    }
    assert!(checked > 30);
}

// ---------------------------------------------------------------- core -> chatbot

fn whole(order: &str) -> CancelRequest {
    CancelRequest::whole_order(order, CancelReason::new(ReasonCode::Unspecified))
}

fn with_requester(mut request: CancelRequest) -> CancelRequest {
    request.requester = Some(Requester {
        channel: Some("TELEGRAM".into()),
        user_id: Some(Sensitive::new("51342".into())),
        locale: Some("en-US".into()),
        ..Requester::default()
    });
    request
}

#[test]
fn outbound_defaults_come_from_the_policy_or_fail_naming_the_key() {
    let empty = Policy::default();
    let request = whole("748596");
    let err = request_from_core(&request, &TranslateContext::new(&empty)).unwrap_err();
    assert_eq!(
        err,
        TranslateError::MissingRequired {
            field: "conversationRequest.channel".into(),
            target: Vendor::Chatbot,
            supply: Supply::PolicyKey("vendor.chatbot.channel".into()),
        }
    );

    let channel_only = policy(json!({"vendor": {"chatbot": {"channel": "telegram"}}}));
    match request_from_core(&request, &TranslateContext::new(&channel_only)).unwrap_err() {
        TranslateError::MissingRequired { field, supply, .. } => {
            assert_eq!(field, "conversationRequest.userInfo.uid");
            assert_eq!(supply, Supply::PolicyKey("vendor.chatbot.uid".into()));
        }
        other => panic!("{other:?}"),
    }

    let full = policy(json!({"vendor": {"chatbot": {
        "channel": "telegram", "uid": "secret-bot-uid", "language_code": "en-US"
    }}}));
    let ctx = TranslateContext::new(&full);
    let translated = request_from_core(&request, &ctx).unwrap();
    let wire = serde_json::to_value(&translated.value).unwrap();
    assert_eq!(
        wire,
        json!({
            "conversationRequest": {"channel": "telegram", "userInfo": {"uid": "secret-bot-uid"}},
            "queryInfo": {"interestType": "cancel-order",
                          "parameters": {"params": {"entityInfo": {"orderId": "748596"}}}},
            "languageCode": "en-US"
        })
    );
    let defaulted: Vec<(&str, &str)> = translated
        .report
        .with_action(ReportAction::Defaulted)
        .map(|e| {
            (
                e.target.as_deref().unwrap(),
                e.policy_key.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        defaulted,
        [
            ("conversationRequest.channel", "vendor.chatbot.channel"),
            ("conversationRequest.userInfo.uid", "vendor.chatbot.uid"),
            ("languageCode", "vendor.chatbot.language_code"),
        ]
    );
    assert_eq!(translated.report.entries.len(), 3);
    let shown = format!("{} {:?}", translated.report, translated.report);
    assert!(!shown.contains("secret-bot-uid"), "{shown}");

    // The dialect holds the table it was built with.
    let dialect = ChatbotDialect::from_policy(&full).unwrap();
    let empty_ctx = TranslateContext::new(&empty);
    assert_eq!(
        cancel_domain::VendorApi::request_from_core(&dialect, &request, &empty_ctx)
            .unwrap()
            .value,
        translated.value
    );

    // An empty user id counts as none.
    let mut blank = with_requester(whole("1"));
    blank.requester.as_mut().unwrap().user_id = Some(Sensitive::new(String::new()));
    let out = request_from_core(&blank, &ctx).unwrap();
    assert_eq!(
        out.value.conversation_request.user_info.uid.expose(),
        "secret-bot-uid"
    );
}

fn order() -> Order {
    serde_json::from_value(json!({
        "id": "748596",
        "vendor_ids": {"mozu": "55", "chatbot": "CB-748596"},
        "lines": [
            {"id": "L1", "quantities": {"ordered": 2}},
            {"id": "L2", "quantities": {"ordered": 1, "shipped": 1}},
            {"id": "L3", "quantities": {"ordered": 3, "cancelled": 1}}
        ]
    }))
    .unwrap()
}

fn lines(spec: &[(&str, Option<u32>)]) -> CancelRequest {
    let lines = spec
        .iter()
        .map(|(line, q)| LineCancel::new(*line, q.map(|q| Quantity::new(q).unwrap())))
        .collect();
    with_requester(CancelRequest::lines(
        "748596",
        lines,
        CancelReason::new(ReasonCode::Unspecified),
    ))
}

#[test]
fn a_partial_cancel_is_never_widened_unless_the_order_proves_it_is_whole() {
    let plain = Policy::default();
    let allow = policy(json!({"translate": {"whole_from_complete_lines": true}}));
    let order = order();
    let every = lines(&[("L1", None), ("L3", Some(2))]);
    let partial = TranslateError::PartialNotSupported {
        target: Vendor::Chatbot,
    };

    // Not allowed by the policy, or no order to prove it.
    let ctx = TranslateContext::new(&plain).with_order(Some(&order));
    assert_eq!(request_from_core(&every, &ctx).unwrap_err(), partial);
    let ctx = TranslateContext::new(&allow);
    assert_eq!(request_from_core(&every, &ctx).unwrap_err(), partial);

    // Proven: every remaining unit of every line.
    let ctx = TranslateContext::new(&allow).with_order(Some(&order));
    let translated = request_from_core(&every, &ctx).unwrap();
    assert_eq!(translated.value.order_id(), "CB-748596");
    let approximated: Vec<_> = translated
        .report
        .with_action(ReportAction::Approximated)
        .collect();
    assert_eq!(approximated.len(), 1);
    assert_eq!(approximated[0].source.as_deref(), Some("scope"));
    assert_eq!(approximated[0].from.as_deref(), Some("lines"));
    assert_eq!(approximated[0].to.as_deref(), Some("whole_order"));

    // Not proven: a unit left, a line with nothing left, a line twice, an unknown line.
    for spec in [
        &[("L1", Some(1)), ("L3", None)][..],
        &[("L1", None)][..],
        &[("L1", None), ("L3", None), ("L2", None)][..],
        &[("L1", None), ("L3", None), ("L3", None)][..],
        &[("L1", None), ("L3", None), ("L9", None)][..],
        &[("L1", Some(3)), ("L3", None)][..],
        &[][..],
    ] {
        assert_eq!(
            request_from_core(&lines(spec), &ctx).unwrap_err(),
            partial,
            "{spec:?}"
        );
    }
}

#[test]
fn the_looked_up_order_gives_the_chatbot_order_number() {
    let policy = Policy::default();
    let order = order();
    let mut request = with_requester(whole("55"));
    request.id_space = Some(Vendor::Mozu);
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    assert_eq!(
        request_from_core(&request, &ctx).unwrap().value.order_id(),
        "CB-748596"
    );
    // Without a lookup the order number is taken as it is.
    let ctx = TranslateContext::new(&policy);
    assert_eq!(
        request_from_core(&request, &ctx).unwrap().value.order_id(),
        "55"
    );
    // An order that is not the request's is ignored.
    let other = with_requester(whole("999"));
    let ctx = TranslateContext::new(&policy).with_order(Some(&order));
    assert_eq!(
        request_from_core(&other, &ctx).unwrap().value.order_id(),
        "999"
    );
    // An empty id does not fit.
    let empty = with_requester(whole(""));
    assert!(matches!(
        request_from_core(&empty, &TranslateContext::new(&policy)).unwrap_err(),
        TranslateError::IdDoesNotFit {
            target: Vendor::Chatbot,
            ..
        }
    ));
}

#[test]
fn what_the_chatbot_cannot_carry_is_reported_dropped() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut request = with_requester(whole("748596"));
    request.reason = CancelReason {
        code: ReasonCode::ChangedMind,
        detail: Some("customer wrote a long story".into()),
        initiator: Some(Initiator::Merchant),
        origin: Some(ReasonOrigin {
            vendor: Vendor::Mozu,
            value: "customer_changed_mind".into(),
        }),
    };
    request.initiator = Initiator::Merchant;
    request.idempotency_key = Some("key-1".into());
    request.requester.as_mut().unwrap().customer = Some("C-1".into());
    request.extensions.insert(
        Vendor::Occ,
        serde_json::from_value(json!({"channel": "agent", "x": 1})).unwrap(),
    );
    let translated = request_from_core(&request, &ctx).unwrap();
    let dropped: BTreeSet<&str> = translated
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.as_deref().unwrap())
        .collect();
    assert_eq!(
        dropped,
        BTreeSet::from([
            "reason.code",
            "reason.detail",
            "reason.origin",
            "reason.initiator",
            "initiator",
            "idempotency_key",
            "requester.customer",
            "extensions.occ.channel",
            "extensions.occ.x",
        ])
    );
    assert_eq!(translated.report.entries.len(), dropped.len());
    assert!(!translated.report.to_string().contains("long story"));
}

#[test]
fn payment_data_needs_allow_loss_and_is_reported_by_path_only() {
    let mut request = with_requester(whole("748596"));
    let mut refund = RefundInstructions {
        cargo_refund: true,
        invoice_number: Some("INV-1".into()),
        ..RefundInstructions::default()
    };
    refund.ibans.insert(
        LineRef::new("L1"),
        Sensitive::new("TR330006100519786457841326".into()),
    );
    request.refund = Some(refund);

    let strict = Policy::default();
    assert_eq!(
        request_from_core(&request, &TranslateContext::new(&strict)).unwrap_err(),
        TranslateError::PaymentDataWouldBeDropped {
            target: Vendor::Chatbot,
            // Every refund instruction is payment data, the cargo refund and invoice too.
            fields: "refund.cargo_refund, refund.invoice_number, refund.ibans".into(),
        }
    );
    let lossy = policy(json!({"translate": {"allow_loss": true}}));
    let translated = request_from_core(&request, &TranslateContext::new(&lossy)).unwrap();
    let dropped: Vec<&str> = translated
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.as_deref().unwrap())
        .collect();
    assert_eq!(
        dropped,
        [
            "refund.cargo_refund",
            "refund.invoice_number",
            "refund.ibans"
        ]
    );
    let shown = format!("{} {:?}", translated.report, translated.report);
    assert!(!shown.contains("TR33"), "{shown}");
    let wire = serde_json::to_string(&translated.value).unwrap();
    assert!(!wire.contains("TR33") && !wire.contains("INV-1"));
}

#[test]
fn the_order_id_key_spelling_travels_through_the_core() {
    let bytes = std::fs::read(
        common::fixtures().join("request/valid/order_id_table_spelling_orderID.json"),
    )
    .unwrap();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let core = request_to_core(&parse_request(&bytes, &Limits::DEFAULT).unwrap(), &ctx)
        .unwrap()
        .value;
    assert_eq!(
        serde_json::to_value(&core.extensions[&Vendor::Chatbot]).unwrap(),
        json!({"queryInfo": {"parameters": {"params": {"entityInfo": {"orderID": "12345"}}}}})
    );
    // Retargeted to another order: the seed's spelling, and the stale marker is reported.
    let mut moved = core.clone();
    moved.order = "777".into();
    let translated = request_from_core(&moved, &ctx).unwrap();
    let wire = serde_json::to_value(&translated.value).unwrap();
    assert_eq!(
        wire["queryInfo"]["parameters"]["params"]["entityInfo"],
        json!({"orderId": "777"})
    );
    assert_eq!(
        translated
            .report
            .with_action(ReportAction::Dropped)
            .next()
            .unwrap()
            .source
            .as_deref(),
        Some("extensions.chatbot.queryInfo.parameters.params.entityInfo.orderID")
    );
    // Without the extension (a core request from elsewhere): the seed's spelling.
    let mut plain = core;
    plain.extensions.clear();
    let wire = serde_json::to_value(request_from_core(&plain, &ctx).unwrap().value).unwrap();
    assert_eq!(
        wire["queryInfo"]["parameters"]["params"]["entityInfo"],
        json!({"orderId": "12345"})
    );
}

#[test]
fn a_malformed_chatbot_extension_is_an_invalid_core_request() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (ext, path, kind) in [
        (
            json!({"conversationRequest": 5}),
            "extensions.chatbot.conversationRequest",
            "type",
        ),
        (
            json!({"languageCode": "en"}),
            "extensions.chatbot.languageCode",
            "rule",
        ),
        (
            json!({"conversationRequest": {"userInfo": {"uid": "x"}}}),
            "extensions.chatbot.conversationRequest.userInfo.uid",
            "rule",
        ),
        (
            json!({"simpleResponse": {"responseText": 1}}),
            "extensions.chatbot.simpleResponse.responseText",
            "type",
        ),
        (
            json!({"responseType": ["text"]}),
            "extensions.chatbot.responseType",
            "type",
        ),
    ] {
        let mut request = with_requester(whole("1"));
        request.extensions.insert(
            Vendor::Chatbot,
            serde_json::from_value(ext.clone()).unwrap(),
        );
        match request_from_core(&request, &ctx).unwrap_err() {
            TranslateError::Invalid(errors) => {
                assert_eq!(errors.0[0].path, path, "{ext}");
                assert_eq!(errors.0[0].kind.to_string(), kind, "{ext}");
            }
            other => panic!("{ext}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- responses

fn answered() -> CancelRequest {
    let mut request = with_requester(whole("748596"));
    request.id_space = Some(Vendor::Chatbot);
    request
}

const STATUSES: &[(&str, OutcomeStatus)] = &[
    (
        "seed_success_with_closing_brace.json",
        OutcomeStatus::Cancelled,
    ),
    ("success_leading_zeros.json", OutcomeStatus::Cancelled),
    ("refusal_text.json", OutcomeStatus::Rejected),
    ("refusal_text_names_no_order.json", OutcomeStatus::Rejected),
    (
        "container_order_id_attribute_only.json",
        OutcomeStatus::Cancelled,
    ),
    (
        "unrecognised_text_needs_review.json",
        OutcomeStatus::NeedsReview,
    ),
    ("requested_text.json", OutcomeStatus::Requested),
    (
        "text_then_card_and_media_in_one_element.json",
        OutcomeStatus::Cancelled,
    ),
    ("card_response.json", OutcomeStatus::NeedsReview),
    // "Order 5 has been cancelled" answers another order than 748596.
    ("card_without_image_text.json", OutcomeStatus::NeedsReview),
    ("media_response.json", OutcomeStatus::NeedsReview),
    // "Order 23456 has been cancelled": another order too.
    ("container_response.json", OutcomeStatus::NeedsReview),
    ("two_simple_texts.json", OutcomeStatus::Cancelled),
    ("uppercase_hex_response_id.json", OutcomeStatus::Cancelled),
    ("unicode_text.json", OutcomeStatus::Cancelled),
];

#[test]
fn every_valid_response_reads_to_its_status_and_survives_chatbot_core_chatbot() {
    let policy = Policy::default();
    let request = answered();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    for (name, bytes) in files(PayloadKind::Response, "valid") {
        let body = parse_response(&bytes, &Limits::DEFAULT).unwrap();
        let outcome = response_to_core(&body, &ctx).unwrap();
        let expected = STATUSES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name}: add its status to STATUSES"))
            .1;
        assert_eq!(outcome.value.status, expected, "{name}");
        assert_eq!(outcome.value.order.as_str(), "748596");
        let sources: BTreeSet<&str> = outcome
            .report
            .entries
            .iter()
            .map(|e| e.source.as_deref().unwrap())
            .collect();
        assert!(
            sources.contains("response.responseId") && sources.contains("response.responseType"),
            "{name}"
        );
        assert!(outcome
            .report
            .entries
            .iter()
            .all(|e| e.action == ReportAction::Unmapped));
        if expected == OutcomeStatus::Rejected {
            assert!(matches!(
                &outcome.value.rejection,
                Some(CancelRejection::VendorRefusal { vendor: Vendor::Chatbot, message, .. })
                    if Some(message) == outcome.value.message.as_ref()
            ));
        }
    }
    for (name, bytes) in valid_responses() {
        let body = parse_response(&bytes, &Limits::DEFAULT).unwrap();
        let outcome = response_to_core(&body, &ctx).unwrap().value;
        let back = response_from_core(&outcome, &ctx).unwrap();
        assert!(back.report.is_clean(), "{name}: {}", back.report);
        assert_eq!(
            serde_json::to_value(&back.value).unwrap(),
            json(&bytes),
            "{name}"
        );
    }
}

#[test]
fn a_reply_nothing_recognises_is_needs_review_never_success() {
    let policy = Policy::default();
    let request = answered();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let texts = [
        "Please contact our support team",
        "Order 748596 has not been cancelled",
        "Your order is on its way",
        "Cancelled?",
        "Die Bestellung 748596 wurde storniert",
    ];
    for text in texts {
        let body = CancelOrderResponse::text("be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8", text);
        let outcome = response_to_core(&body, &ctx).unwrap().value;
        assert_eq!(outcome.status, OutcomeStatus::NeedsReview, "{text}");
        assert!(!outcome.is_accepted(), "{text}");
        assert_eq!(outcome.message.as_deref(), Some(text));
    }
    // No text at all: a card only.
    let mut card = CancelOrderResponse::text("id", "x");
    let mut message = ResponseMessage::default();
    message.basic_card = Some(Default::default());
    card.response.response_messages = vec![message];
    let outcome = response_to_core(&card, &ctx).unwrap().value;
    assert_eq!(outcome.status, OutcomeStatus::NeedsReview);
    assert_eq!(outcome.message, None);

    // A configured pattern recognises the German text, before the built-ins.
    let german = policy_with_patterns();
    let ctx = TranslateContext::new(&german).with_request(Some(&request));
    let body = CancelOrderResponse::text("id", "Die Bestellung 748596 wurde storniert");
    assert_eq!(
        response_to_core(&body, &ctx).unwrap().value.status,
        OutcomeStatus::Cancelled
    );
    let dialect = ChatbotDialect::from_policy(&german).unwrap();
    let plain = Policy::default();
    let ctx = TranslateContext::new(&plain).with_request(Some(&request));
    assert_eq!(
        dialect
            .response_to_core_ref(&body, &ctx)
            .unwrap()
            .value
            .status,
        OutcomeStatus::Cancelled
    );
    assert_eq!(
        ChatbotDialect::default()
            .response_to_core_ref(&body, &ctx)
            .unwrap()
            .value
            .status,
        OutcomeStatus::NeedsReview
    );
}

fn policy_with_patterns() -> Policy {
    policy(json!({"vendor": {"chatbot": {"patterns": [
        {"contains": "WURDE STORNIERT", "status": "cancelled"}
    ]}}}))
}

#[test]
fn the_order_is_read_from_the_seed_phrasing_when_nothing_else_names_it() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let body = CancelOrderResponse::text("id", "Order 000748596 has been cancelled");
    let outcome = response_to_core(&body, &ctx).unwrap().value;
    assert_eq!(outcome.order.as_str(), "000748596");
    assert_eq!(outcome.id_space, Some(Vendor::Chatbot));
    let order = order();
    let ctx_order = TranslateContext::new(&policy).with_order(Some(&order));
    assert_eq!(
        response_to_core(&body, &ctx_order)
            .unwrap()
            .value
            .order
            .as_str(),
        "748596"
    );
    let anonymous = CancelOrderResponse::text("id", "Your order has been cancelled");
    assert!(matches!(
        response_to_core(&anonymous, &ctx).unwrap_err(),
        TranslateError::ChangesMeaning { .. }
    ));
}

#[test]
fn a_word_after_order_is_no_order_id_but_an_order_id_attribute_is() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let read = |name: &str| {
        let bytes = std::fs::read(common::fixtures().join("response/valid").join(name)).unwrap();
        parse_response(&bytes, &Limits::DEFAULT).unwrap()
    };
    // "Order could not be cancelled" names no order: not the order `could`.
    let refusal = read("refusal_text_names_no_order.json");
    assert!(matches!(
        response_to_core(&refusal, &ctx).unwrap_err(),
        TranslateError::ChangesMeaning { .. }
    ));
    // A container reply names its order in the `orderId` attribute (kept verbatim).
    let container = read("container_order_id_attribute_only.json");
    let outcome = response_to_core(&container, &ctx).unwrap().value;
    assert_eq!(outcome.order.as_str(), "0748596");
    assert_eq!(outcome.id_space, Some(Vendor::Chatbot));
    assert_eq!(outcome.status, OutcomeStatus::Cancelled);
    for (text, order) in [
        ("Order #748596 has been cancelled", Some("748596")),
        ("Order placed", None),
        ("Order not found", None),
    ] {
        let body = CancelOrderResponse::text("id", text);
        let got = response_to_core(&body, &ctx).ok().map(|t| t.value.order);
        assert_eq!(got.as_ref().map(|o| o.as_str()), order, "{text}");
    }
}

#[test]
fn a_reply_about_another_order_needs_review() {
    let policy = Policy::default();
    let request = answered();
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    for (text, status) in [
        ("Order 5 has been cancelled", OutcomeStatus::NeedsReview),
        (
            "Order 748597 could not be cancelled",
            OutcomeStatus::NeedsReview,
        ),
        (
            "Order 000748596 has been cancelled",
            OutcomeStatus::Cancelled,
        ),
        ("Order 748596 has been cancelled", OutcomeStatus::Cancelled),
    ] {
        let body = CancelOrderResponse::text("id", text);
        let translated = response_to_core(&body, &ctx).unwrap();
        assert_eq!(translated.value.status, status, "{text}");
        assert_eq!(translated.value.order.as_str(), "748596", "{text}");
        let flagged = translated
            .report
            .entries
            .iter()
            .any(|e| e.note.contains("another order"));
        assert_eq!(flagged, status == OutcomeStatus::NeedsReview, "{text}");
    }
}

fn every_rejection() -> Vec<CancelRejection> {
    let line = || LineRef::new("L1");
    vec![
        CancelRejection::OrderNotFound,
        CancelRejection::NotOrderOwner,
        CancelRejection::OrderNotPlaced,
        CancelRejection::OrderAlreadyCancelled,
        CancelRejection::CancellationAlreadyRequested,
        CancelRejection::OrderNotCancellable {
            phase: OrderPhase::Closed,
        },
        CancelRejection::OrderNotCancellable {
            phase: OrderPhase::Draft,
        },
        CancelRejection::OrderOnHold {
            reason: HoldReason::PaymentReview,
        },
        CancelRejection::CancellationRestricted,
        CancelRejection::ItemsAlreadyShipped {
            lines: vec![line()],
        },
        CancelRejection::FulfillmentInProgress {
            lines: vec![line()],
        },
        CancelRejection::PaymentAlreadyCaptured,
        CancelRejection::FullyInvoiced,
        CancelRejection::ReturnInProgress,
        CancelRejection::MixedCancelAndReturn,
        CancelRejection::UnknownOrderItem { line: line() },
        CancelRejection::ItemReferenceMismatch { line: line() },
        CancelRejection::DuplicateOrderItem { line: line() },
        CancelRejection::InvalidQuantity {
            line: line(),
            requested: 0,
        },
        CancelRejection::QuantityExceedsCancellable {
            line: line(),
            requested: 3,
            available: 1,
        },
        CancelRejection::ItemAlreadyCancelled { line: line() },
        CancelRejection::PartialCancelNotSupported {
            vendor: Vendor::Chatbot,
        },
        CancelRejection::MissingReason,
        CancelRejection::InvalidReason,
        CancelRejection::ReasonDetailRequired,
        CancelRejection::ReasonTooLong { max: 255 },
        CancelRejection::UnknownVendorState {
            vendor: Vendor::Mozu,
            value: "X".into(),
        },
        CancelRejection::ConcurrentModification,
        CancelRejection::VendorRefusal {
            vendor: Vendor::Occ,
            vendor_code: None,
            message: "no".into(),
        },
    ]
}

#[test]
fn every_outcome_becomes_an_english_text_the_built_in_patterns_read_back() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut outcomes: Vec<CancelOutcome> = [
        OutcomeStatus::Cancelled,
        OutcomeStatus::PartiallyCancelled,
        OutcomeStatus::Requested,
        OutcomeStatus::Replayed,
        OutcomeStatus::NeedsReview,
        OutcomeStatus::Rejected,
    ]
    .into_iter()
    .map(|status| CancelOutcome::new("748596", status))
    .collect();
    outcomes.extend(
        every_rejection()
            .into_iter()
            .map(|r| CancelOutcome::rejected("748596", r)),
    );
    let mut texts = BTreeSet::new();
    for outcome in &outcomes {
        let reply = response_from_core(outcome, &ctx).unwrap().value;
        let findings = validate::check_response(&reply);
        assert!(
            findings.errors.is_empty() && findings.strict.is_empty(),
            "{findings:?}"
        );
        assert_eq!(reply.response.response_id, SequentialIds.next_id("748596"));
        let text: Vec<&str> = reply.texts().collect();
        assert_eq!(text.len(), 1);
        assert!(text[0].starts_with("Order 748596"), "{}", text[0]);
        assert!(text[0].is_ascii(), "{}", text[0]);
        texts.insert(text[0].to_owned());
        if outcome.status == OutcomeStatus::Cancelled {
            assert_eq!(text[0], "Order 748596 has been cancelled");
        }
        // Read back without any context: the text names the order and the status.
        let back = response_to_core(&reply, &ctx).unwrap().value;
        assert_eq!(back.status, outcome.status, "{}", text[0]);
        assert_eq!(back.order.as_str(), "748596");
    }
    // Different statuses never share a text (rejection classes may: a draft order and an
    // order not placed read the same).
    assert!(texts.len() > outcomes.len() / 2);
}

#[test]
fn response_from_core_reports_what_one_text_cannot_carry() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let mut outcome = CancelOutcome::rejected(
        "748596",
        CancelRejection::VendorRefusal {
            vendor: Vendor::Occ,
            vendor_code: Some("200218".into()),
            message: "Jane Doe's IBAN TR33 was refused".into(),
        },
    );
    outcome.message = Some("Jane Doe's IBAN TR33 was refused".into());
    outcome.phase = Some(OrderPhase::Active);
    outcome.money = Some(MoneyEffects::default());
    outcome.stock = vec![StockEffect {
        line: LineRef::new("L1"),
        released: 1,
        restocked: 1,
    }];
    outcome.lines = vec![cancel_domain::LineOutcome {
        line: LineRef::new("L1"),
        requested: None,
        accepted: 0,
        error: None,
    }];
    outcome.extensions.insert(
        Vendor::Occ,
        serde_json::from_value(json!({"result": "x"})).unwrap(),
    );
    let translated = response_from_core(&outcome, &ctx).unwrap();
    let dropped: BTreeSet<&str> = translated
        .report
        .with_action(ReportAction::Dropped)
        .map(|e| e.source.as_deref().unwrap())
        .collect();
    assert_eq!(
        dropped,
        BTreeSet::from([
            "message",
            "rejection.message",
            "rejection.vendor_code",
            "lines",
            "money",
            "stock",
            "phase",
            "extensions.occ.result",
        ])
    );
    let wire = serde_json::to_string(&translated.value).unwrap();
    assert!(!wire.contains("Jane") && !wire.contains("TR33"), "{wire}");
    assert!(wire
        .contains("Order 748596 could not be cancelled: the occ system refused the cancellation"));
}

#[test]
fn response_ids_come_from_the_injected_generator() {
    #[derive(Debug)]
    struct Fixed;
    impl IdSource for Fixed {
        fn next_id(&self, seed: &str) -> String {
            format!("fixed-{seed}")
        }
    }
    let policy = Policy::default();
    let mut ctx = TranslateContext::new(&policy);
    ctx.ids = &Fixed;
    let outcome = CancelOutcome::new("42", OutcomeStatus::Cancelled);
    let reply = response_from_core(&outcome, &ctx).unwrap().value;
    assert_eq!(reply.response.response_id, "fixed-42");
}

#[test]
fn the_dialect_has_no_error_body() {
    let dialect = ChatbotDialect::default();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let rejection = CancelRejection::OrderAlreadyCancelled;
    assert!(matches!(
        dialect.error_to_core(b"{}", &ctx).unwrap_err(),
        TranslateError::Invalid(_)
    ));
    match dialect
        .error_from_core(&rejection, &ctx, &mut Vec::new())
        .unwrap_err()
    {
        TranslateError::ChangesMeaning { message } => assert!(message.contains("text response")),
        other => panic!("{other:?}"),
    }
    assert_eq!(dialect.error_status(&rejection), 200);
    // The refusal goes out as a response instead.
    let mut out = Vec::new();
    dialect
        .response_from_core(&CancelOutcome::rejected("9", rejection), &ctx, &mut out)
        .unwrap();
    assert_eq!(
        json(&out)["response"]["responseMessages"][0]["simpleResponse"]["responseText"],
        "Order 9 could not be cancelled: it is already cancelled"
    );
}
