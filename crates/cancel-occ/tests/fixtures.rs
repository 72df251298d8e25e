//! Fixture-driven tests: every file under `tests/fixtures/<kind>/<valid|invalid|strict>` is a
//! case; adding a file adds a case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use cancel_domain::{
    json::Limits, CancelRejection, Dialect, ErrorKind, OutcomeStatus, PayloadKind, Policy,
    ReasonCode, ReportAction, TranslateContext,
};
use cancel_occ::error::ErrorBody;
use cancel_occ::wire::{
    AgentOpResponse, AgentOrderOp, CancelOrderResponse, ShippingGroups, SubmitCancelById,
    SubmitCancelByOrderId, SubmitCancelResponse,
};
use cancel_occ::OccDialect;
use common::{expectations, json_files, merchant_from_list, merchant_policy, value};

const LIMITS: Limits = Limits::DEFAULT;

fn occ() -> OccDialect {
    OccDialect::default()
}

fn normalized(dialect: &OccDialect, kind: PayloadKind, bytes: &[u8]) -> serde_json::Value {
    let mut out = Vec::new();
    dialect.normalize(kind, bytes, &LIMITS, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

// ----- requests -------------------------------------------------------------------------

#[test]
fn valid_requests_parse_round_trip_and_survive_the_core() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let files = json_files("request/valid");
    assert_eq!(files.len(), 8, "one fixture per documented default reason");
    for (name, bytes) in files {
        let request =
            cancel_occ::parse_request(&bytes, &LIMITS).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            value(&bytes),
            "{name}"
        );
        assert_eq!(
            normalized(&occ(), PayloadKind::Request, &bytes),
            value(&bytes),
            "{name}"
        );
        assert!(
            occ()
                .validate(PayloadKind::Request, &bytes, &LIMITS)
                .unwrap()
                .is_empty(),
            "{name}"
        );

        let core = cancel_occ::request_to_core(&request, &ctx).unwrap();
        // Two pairs of documented ids share a code; the one the code does not lead back
        // to is reported approximated, every other default maps one to one.
        let shares_a_code = matches!(
            request.cancel_reason.as_str(),
            "noLongerNeeded" | "itemAvailableAtDiscountCurrently"
        );
        let approximated = core.report.with_action(ReportAction::Approximated).count();
        assert_eq!(
            approximated,
            usize::from(shares_a_code),
            "{name}: {}",
            core.report
        );
        assert_eq!(
            core.report.entries.len(),
            approximated,
            "{name}: {}",
            core.report
        );
        assert_ne!(
            core.value.reason.code,
            ReasonCode::Other,
            "{name}: defaults all map"
        );
        let back = cancel_occ::request_from_core(&core.value, &ctx).unwrap();
        assert_eq!(back.value, request, "{name}: occ -> core -> occ");
        assert!(back.report.is_clean(), "{name}: {}", back.report);

        // The same through the byte-level Dialect API.
        let core = Dialect::request_to_core(&occ(), &bytes, &ctx)
            .unwrap()
            .value;
        let mut out = Vec::new();
        Dialect::request_from_core(&occ(), &core, &ctx, &mut out).unwrap();
        assert_eq!(value(&out), value(&bytes), "{name}");
    }
}

fn assert_first_error(
    dir: &str,
    name: &str,
    errors: &cancel_domain::PayloadErrors,
    path: &str,
    kind: ErrorKind,
) {
    let first = errors
        .iter()
        .next()
        .unwrap_or_else(|| panic!("{dir}/{name}: empty errors"));
    assert_eq!(
        (first.path.as_str(), first.kind),
        (path, kind),
        "{dir}/{name}: {errors}"
    );
}

#[test]
fn invalid_requests_fail_with_their_path_and_kind() {
    let dir = "request/invalid";
    let cases = expectations(dir);
    assert!(cases.len() >= 10);
    for (name, bytes, path, kind) in cases {
        let errors = cancel_occ::parse_request(&bytes, &LIMITS).unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
        let errors = occ()
            .validate(PayloadKind::Request, &bytes, &LIMITS)
            .unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
    }
}

#[test]
fn strict_requests_are_valid_but_flagged_and_keep_unknown_keys() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in json_files("request/strict") {
        let findings = occ()
            .validate(PayloadKind::Request, &bytes, &LIMITS)
            .unwrap();
        assert!(
            findings
                .iter()
                .any(|f| f.kind == ErrorKind::UnknownField && f.path == "comment"),
            "{name}: {findings:?}"
        );
        let request = cancel_occ::parse_request(&bytes, &LIMITS).unwrap();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            value(&bytes),
            "{name}"
        );
        let core = cancel_occ::request_to_core(&request, &ctx).unwrap();
        assert_eq!(
            core.report.with_action(ReportAction::Unmapped).count(),
            1,
            "{name}"
        );
        let back = cancel_occ::request_from_core(&core.value, &ctx).unwrap();
        assert_eq!(
            back.value, request,
            "{name}: unknown keys travel through extensions.occ"
        );
    }
}

#[test]
fn merchant_reasons_from_the_reason_list_file() {
    let dialect = merchant_from_list();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in json_files("request/merchant/valid") {
        let request = cancel_domain::VendorApi::parse_request(&dialect, &bytes, &LIMITS)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(dialect
            .validate(PayloadKind::Request, &bytes, &LIMITS)
            .unwrap()
            .is_empty());
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            value(&bytes),
            "{name}"
        );
        let core = dialect.request_to_core_ref(&request, &ctx).unwrap();
        let back = dialect
            .request_from_core_unchecked(&core.value, &ctx)
            .unwrap();
        assert_eq!(back.value, request, "{name}: occ -> core -> occ");
        // Under the documented defaults only, a custom reason is an `enum` error.
        if !request.cancel_reason.is_default() {
            let errors = cancel_occ::parse_request(&bytes, &LIMITS).unwrap_err();
            assert!(
                errors.has("cancelReason", ErrorKind::Enum),
                "{name}: {errors}"
            );
        }
    }
    let dir = "request/merchant/invalid";
    for (name, bytes, path, kind) in expectations(dir) {
        let errors =
            cancel_domain::VendorApi::parse_request(&dialect, &bytes, &LIMITS).unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
    }
}

#[test]
fn merchant_reasons_from_the_policy_file_carry_canonical_codes() {
    let dialect = OccDialect::from_policy(&merchant_policy()).unwrap();
    let policy = merchant_policy();
    let ctx = TranslateContext::new(&policy);
    let mut seen = 0;
    for (name, bytes) in json_files("request/merchant/valid") {
        let request = cancel_domain::VendorApi::parse_request(&dialect, &bytes, &LIMITS).unwrap();
        let core = dialect.request_to_core_ref(&request, &ctx).unwrap();
        let reason = &core.value.reason;
        let expected = match request.cancel_reason.as_str() {
            "NewCancelReason" | "changeOfMind" => ReasonCode::ChangedMind,
            "100001" => ReasonCode::OrderedByMistake,
            "wrongAddress" => ReasonCode::Other,
            other => panic!("{name}: unexpected reason {other}"),
        };
        assert_eq!(reason.code, expected, "{name}");
        if expected == ReasonCode::Other {
            assert_eq!(reason.detail.as_deref(), Some("Wrong shipping address"));
            assert_eq!(core.report.with_action(ReportAction::Unmapped).count(), 1);
        } else if request.cancel_reason.as_str() == "changeOfMind" {
            // The merchant's NewCancelReason also reads as changed_mind and is the one the
            // code leads back to: changeOfMind is not one to one.
            assert_eq!(
                core.report.with_action(ReportAction::Approximated).count(),
                1,
                "{name}: {}",
                core.report
            );
        } else {
            assert!(core.report.is_clean(), "{name}: {}", core.report);
        }
        let back = dialect
            .request_from_core_unchecked(&core.value, &ctx)
            .unwrap();
        assert_eq!(back.value, request, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 4);
    let dir = "request/merchant/invalid";
    for (name, bytes, path, kind) in expectations(dir) {
        let errors = dialect
            .validate(PayloadKind::Request, &bytes, &LIMITS)
            .unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
    }
}

// ----- responses ------------------------------------------------------------------------

#[test]
fn valid_responses_round_trip_json_equal_and_read_into_the_core() {
    let policy = Policy::default();
    let request = cancel_domain::CancelRequest::whole_order(
        "o10030",
        cancel_domain::CancelReason::new(ReasonCode::ChangedMind),
    );
    let ctx = TranslateContext::new(&policy).with_request(Some(&request));
    let files = json_files("response/valid");
    assert!(files.len() >= 6);
    for (name, bytes) in files {
        let response =
            cancel_occ::parse_response(&bytes, &LIMITS).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            value(&bytes),
            "{name}"
        );
        assert_eq!(
            serde_json::to_value(response.clone().into_owned()).unwrap(),
            value(&bytes)
        );
        assert_eq!(
            normalized(&occ(), PayloadKind::Response, &bytes),
            value(&bytes),
            "{name}"
        );
        let findings = occ()
            .validate(PayloadKind::Response, &bytes, &LIMITS)
            .unwrap();
        assert!(findings.is_empty(), "{name}: {findings:?}");

        let outcome = cancel_occ::response_to_core(&response, &ctx).unwrap().value;
        let expected = if name == "pending_remove.json" {
            OutcomeStatus::Requested
        } else {
            OutcomeStatus::Cancelled
        };
        assert_eq!(outcome.status, expected, "{name}");
        assert_eq!(outcome.message.as_deref(), Some("success"));
    }
}

#[test]
fn strict_responses_keep_what_the_model_does_not_know() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    for (name, bytes) in json_files("response/strict") {
        let response = cancel_occ::parse_response(&bytes, &LIMITS).unwrap();
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            value(&bytes),
            "{name}"
        );
        let findings = occ()
            .validate(PayloadKind::Response, &bytes, &LIMITS)
            .unwrap();
        assert!(!findings.is_empty(), "{name}");
        let outcome = cancel_occ::response_to_core(&response, &ctx).unwrap();
        if name == "unknown_state.json" {
            assert!(findings
                .iter()
                .any(|f| f.path == "order.state" && f.kind == ErrorKind::Enum));
            assert_eq!(outcome.value.status, OutcomeStatus::NeedsReview);
            assert_eq!(
                outcome.report.with_action(ReportAction::Unmapped).count(),
                1
            );
        } else {
            for path in [
                "order.taxPriceInfo",
                "order.shoppingCart.items[0].returnPolicy",
                "order.payments[0].authorizationStatus",
                "order.shippingGroups.trackingInfo",
                "links",
            ] {
                assert!(
                    findings
                        .iter()
                        .any(|f| f.path == path && f.kind == ErrorKind::UnknownField),
                    "{name}: {path} not flagged"
                );
            }
            // Explicit nulls of modelled keys are not unknown keys.
            assert!(!findings.iter().any(|f| f.path.ends_with("cardType")));
            // A null of a key the model does not know is still an unknown key.
            assert!(findings.iter().any(|f| f.path == "order.quoteInfo"));
        }
    }
}

#[test]
fn invalid_responses_fail_with_their_path_and_kind() {
    let dir = "response/invalid";
    let cases = expectations(dir);
    assert!(cases.len() >= 10);
    for (name, bytes, path, kind) in cases {
        let errors = cancel_occ::parse_response(&bytes, &LIMITS).unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
        let errors = occ()
            .validate(PayloadKind::Response, &bytes, &LIMITS)
            .unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
    }
}

#[test]
fn the_rich_orders_have_every_named_object() {
    for name in ["rich_store_order.json", "rich_admin_order.json"] {
        let bytes = std::fs::read(common::fixtures().join("response/valid").join(name)).unwrap();
        assert!(bytes.len() >= 20 * 1024, "{name} is {} bytes", bytes.len());
        let response = cancel_occ::parse_response(&bytes, &LIMITS).unwrap();
        let order = response.order.as_ref().unwrap();
        let dynamic = order.dynamic_properties.as_ref().unwrap();
        assert!(dynamic
            .iter()
            .any(|p| matches!(p.value, Some(cancel_occ::wire::DynamicValue::Bool(true)))));
        assert!(dynamic
            .iter()
            .any(|p| matches!(p.value, Some(cancel_occ::wire::DynamicValue::Number(_)))));
        assert!(dynamic
            .iter()
            .any(|p| matches!(p.value, Some(cancel_occ::wire::DynamicValue::String(_)))));
        assert!(dynamic.iter().any(|p| p.value.is_none()
            && p.other
                .get("value")
                .is_some_and(cancel_domain::wire::Kept::is_null)));
        assert!(order
            .gift_with_purchase_info
            .as_ref()
            .is_some_and(|v| !v.is_empty()));
        assert!(order
            .gift_with_purchase_order_markers
            .as_ref()
            .is_some_and(|v| !v.is_empty()));
        assert!(order.markers.as_ref().is_some_and(|v| v.len() == 2));
        let payments = order.payments.as_ref().unwrap();
        assert!(payments[0]
            .payment_state
            .as_ref()
            .is_some_and(|s| s.as_str() == "AUTHORIZED"));
        assert_eq!(
            payments[0].card_number.as_ref().unwrap().expose().as_str(),
            "xxxxxxxxxxxx1111"
        );
        let plg = order.price_list_group.as_ref().unwrap();
        assert!(plg.currency.is_some() && plg.shipping_surcharge_price_list.is_some());
        assert!(order.shipping_method.is_some() && order.price_info.is_some());
        assert!(order
            .discount_info
            .as_ref()
            .unwrap()
            .discount_desc_list
            .is_some());
        assert!(order
            .discount_info
            .as_ref()
            .unwrap()
            .order_implicit_discount_list
            .is_some());
        assert!(order.shipping_address.is_some() && order.billing_address.is_some());
        assert_eq!(order.order_status.as_ref().unwrap().as_str(), "Removed");
        assert!(order
            .creation_time
            .as_ref()
            .unwrap()
            .epoch_millis()
            .is_some());
        assert!(order.submitted_date.is_some());
        let groups = order.shipping_groups.as_ref().unwrap();
        match (name, groups) {
            ("rich_store_order.json", ShippingGroups::One(_))
            | ("rich_admin_order.json", ShippingGroups::Many(_)) => {}
            _ => panic!("{name}: shipping groups in the wrong form"),
        }
        for g in groups.iter() {
            assert!(g.price_info.is_some() && g.discount_info.is_some());
            assert!(g.shipping_address.is_some() && g.shipping_method.is_some());
            let item = &g.items.as_ref().unwrap()[0];
            assert!(
                item.dynamic_properties.is_some()
                    && item.sku_properties.is_some()
                    && item.variant.is_some()
            );
        }
        let items = order
            .shopping_cart
            .as_ref()
            .unwrap()
            .items
            .as_ref()
            .unwrap();
        assert!(items.len() >= 10);
        let every = |f: &dyn Fn(&cancel_occ::wire::CartItem<'_>) -> bool| items.iter().any(f);
        assert!(every(&|i| i
            .child_skus
            .as_ref()
            .is_some_and(|v| !v.is_empty())));
        assert!(every(&|i| i
            .dynamic_properties
            .as_ref()
            .is_some_and(|v| !v.is_empty())));
        assert!(every(&|i| i
            .external_data
            .as_ref()
            .is_some_and(|v| v.iter().any(|d| d.values.is_some()))));
        assert!(every(&|i| i
            .gift_with_purchase_commerce_item_markers
            .as_ref()
            .is_some_and(|v| !v.is_empty())));
        assert!(every(&|i| i.item_discount_infos.as_ref().is_some_and(
            |v| v
                .iter()
                .any(|d| d.coupon_codes.as_ref().is_some_and(|c| !c.is_empty()))
        )));
        assert!(every(&|i| i
            .shopper_input
            .as_ref()
            .is_some_and(|m| !m.is_empty())));
        assert!(every(&|i| i
            .sku_properties
            .as_ref()
            .is_some_and(|v| !v.is_empty())));
        assert!(every(&|i| i
            .variant
            .as_ref()
            .is_some_and(|v| !v.is_empty())));

        // Money: a void of 43.19 and a credit of 160.87, exact.
        let policy = Policy::default();
        let outcome =
            cancel_occ::response_to_core(&response, &TranslateContext::new(&policy)).unwrap();
        let money = outcome.value.money.unwrap();
        assert_eq!(money.void_authorization.to_string(), "43.19");
        assert_eq!(money.refund.to_string(), "160.87");
        let dropped: Vec<_> = outcome.report.with_action(ReportAction::Dropped).collect();
        assert_eq!(dropped.len(), 1);
        for key in [
            "shoppingCart",
            "shippingGroups",
            "priceListGroup",
            "markers",
            "uuid",
        ] {
            assert!(dropped[0].note.contains(key), "{name}: {key} not reported");
        }

        // Personal and payment data never reach Debug output.
        let debug = format!("{response:?}");
        for secret in [
            "Jane",
            "Doe",
            "Cedar",
            "jane.doe@example.com",
            "xxxxxxxxxxxx1111",
            "555-0100",
            "06405",
        ] {
            assert!(!debug.contains(secret), "{name}: {secret} in Debug output");
        }
    }
}

// ----- errors ---------------------------------------------------------------------------

#[test]
fn valid_errors_round_trip_and_map_both_ways() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let files = json_files("error/valid");
    assert!(files.len() >= 10);
    for (name, bytes) in files {
        let model =
            cancel_occ::parse_error(&bytes, &LIMITS).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&model).unwrap(),
            value(&bytes),
            "{name}"
        );
        assert_eq!(
            normalized(&occ(), PayloadKind::Error, &bytes),
            value(&bytes),
            "{name}"
        );
        assert!(
            occ()
                .validate(PayloadKind::Error, &bytes, &LIMITS)
                .unwrap()
                .is_empty(),
            "{name}"
        );

        let body = ErrorBody::from_bytes(&bytes);
        assert!(matches!(body, ErrorBody::Known(_)), "{name}");
        let rejection = cancel_occ::error_to_core(&body, &ctx).unwrap().value;
        let expected_code = model.first_code().unwrap().clone();
        let back = cancel_occ::error_from_core(&rejection, &ctx).unwrap().value;
        let back_code = back.error_code.clone().unwrap();
        // 200219 (inactive reason) reads as invalid_reason, which goes back as 200218.
        if expected_code.as_str() == "200219" {
            assert_eq!(rejection, CancelRejection::InvalidReason);
            assert_eq!(back_code.as_str(), "200218");
        } else {
            assert_eq!(back_code, expected_code, "{name}: {rejection:?}");
        }
        assert_eq!(
            back.status.as_ref().unwrap().as_str(),
            cancel_occ::error_status(&rejection).to_string(),
            "{name}"
        );
        if let Some(status) = model.status.as_ref().filter(|_| model.errors.is_none()) {
            assert_eq!(
                status.as_str(),
                back.status.as_ref().unwrap().as_str(),
                "{name}"
            );
        }
    }
}

#[test]
fn invalid_errors_fail_with_their_path_and_kind() {
    let dir = "error/invalid";
    for (name, bytes, path, kind) in expectations(dir) {
        let errors = cancel_occ::parse_error(&bytes, &LIMITS).unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
        let errors = occ()
            .validate(PayloadKind::Error, &bytes, &LIMITS)
            .unwrap_err();
        assert_first_error(dir, &name, &errors, &path, kind);
        // Whatever its shape, the body still reads and translates.
        let policy = Policy::default();
        let body = ErrorBody::from_bytes(&bytes);
        assert!(cancel_occ::error_to_core(&body, &TranslateContext::new(&policy)).is_ok());
    }
}

#[test]
fn foreign_error_bodies_never_fail() {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let dir = common::fixtures().join("foreign-error");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let body = ErrorBody::from_bytes(&bytes);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "gateway_json.json" => assert!(matches!(body, ErrorBody::Json(_))),
            _ => assert!(matches!(body, ErrorBody::Text(_)), "{name}"),
        }
        let rejection = occ().error_to_core(&bytes, &ctx).unwrap();
        assert!(
            matches!(
                rejection.value,
                CancelRejection::VendorRefusal {
                    vendor_code: None,
                    ..
                }
            ),
            "{name}"
        );
        assert_eq!(
            rejection.report.with_action(ReportAction::Unmapped).count(),
            1
        );
        seen += 1;
    }
    assert_eq!(seen, 3);
}

// ----- agent and two-step bodies --------------------------------------------------------

#[test]
fn agent_bodies_round_trip() {
    let book = cancel_occ::wire::ReasonBook::default();
    for (name, bytes) in json_files("agent") {
        let v = value(&bytes);
        let back = match name.as_str() {
            "op_cancel.json" => {
                let op: AgentOrderOp = cancel_domain::json::parse(&bytes, &LIMITS).unwrap();
                assert!(cancel_occ::validate::check_agent_op(&op, &book)
                    .into_result()
                    .unwrap()
                    .is_empty());
                serde_json::to_value(op).unwrap()
            }
            "submit_by_id.json" => serde_json::to_value(
                cancel_domain::json::parse::<SubmitCancelById>(&bytes, &LIMITS).unwrap(),
            )
            .unwrap(),
            "store_submit_by_order_id.json" => serde_json::to_value(
                cancel_domain::json::parse::<SubmitCancelByOrderId>(&bytes, &LIMITS).unwrap(),
            )
            .unwrap(),
            "op_response.json" => serde_json::to_value(
                cancel_domain::json::parse::<AgentOpResponse>(&bytes, &LIMITS).unwrap(),
            )
            .unwrap(),
            "submit_response.json" => serde_json::to_value(
                cancel_domain::json::parse::<SubmitCancelResponse>(&bytes, &LIMITS).unwrap(),
            )
            .unwrap(),
            other => panic!("unexpected agent fixture {other}"),
        };
        assert_eq!(back, v, "{name}");
    }
    let no_reason: AgentOrderOp = serde_json::from_str(r#"{"op":"cancel"}"#).unwrap();
    let errors = cancel_occ::validate::check_agent_op(&no_reason, &book)
        .into_result()
        .unwrap_err();
    assert!(errors.has("cancelReason", ErrorKind::Missing));
}

#[test]
fn the_admin_response_needs_the_request_it_answers() {
    let bytes =
        std::fs::read(common::fixtures().join("response/valid/admin_result_only.json")).unwrap();
    let response: CancelOrderResponse<'_> = cancel_occ::parse_response(&bytes, &LIMITS).unwrap();
    let policy = Policy::default();
    let err = cancel_occ::response_to_core(&response, &TranslateContext::new(&policy)).unwrap_err();
    assert!(matches!(
        err,
        cancel_domain::TranslateError::NeedsLookup { .. }
    ));
}

#[test]
fn free_form_values_are_held_to_the_depth_limit_at_the_deepest_typed_position() {
    // `order.shoppingCart.items[0].externalData[0].values.x` sits inside 8 containers.
    let doc = |levels: usize| {
        format!(
            r#"{{"order":{{"shoppingCart":{{"items":[{{"externalData":[{{"values":{{"x":{}1{}}}}}]}}]}}}}}}"#,
            "[".repeat(levels),
            "]".repeat(levels)
        )
    };
    let limits = Limits {
        max_bytes: 1 << 20,
        max_depth: 12,
    };
    assert!(cancel_occ::parse_response(doc(4).as_bytes(), &limits).is_ok());
    let err = cancel_occ::parse_response(doc(5).as_bytes(), &limits).unwrap_err();
    assert_eq!(err.iter().next().unwrap().kind, ErrorKind::Syntax, "{err}");
    // The same limits through the domain's own scanner agree.
    assert!(cancel_domain::json::scan(doc(4).as_bytes(), &limits).is_ok());
    let err = cancel_domain::json::scan(doc(5).as_bytes(), &limits).unwrap_err();
    assert_eq!(err.iter().next().unwrap().kind, ErrorKind::Syntax, "{err}");
    // Unknown keys nest under the same limit.
    let shallow = format!(r#"{{"x":{}1{}}}"#, "[".repeat(11), "]".repeat(11));
    assert!(cancel_occ::parse_response(shallow.as_bytes(), &limits).is_ok());
    let deep = format!(r#"{{"x":{}1{}}}"#, "[".repeat(12), "]".repeat(12));
    let err = cancel_occ::parse_response(deep.as_bytes(), &limits).unwrap_err();
    let first = err.iter().next().unwrap();
    assert_eq!(first.kind, ErrorKind::Syntax, "{err}");
    assert!(first.path.starts_with("x[0]"), "{err}");
}
