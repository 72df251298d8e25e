//! The three batch answers (SUCCESS, PARTIAL_SUCCESS, FAILED) produced from real
//! `CancelService` outcomes: one order, three Unicommerce requests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use cancel_domain::{
    json::Limits, BatchMode, CancelService, Dialect, InMemoryOrderStore, OutcomeStatus, Policy,
    RulesPolicy, TranslateContext, Vendor,
};
use cancel_unicommerce::UnicommerceDialect;
use serde_json::{json, Value};

const ORDERS: &str = r#"{"orders": [{
  "id": "1001",
  "vendor_ids": {"unicommerce": "MP-1001"},
  "phase": "active",
  "lines": [
    {"id": "L1", "vendor_ids": {"unicommerce": "MP-1001-1"}, "product": "P-1", "variant": "P-1-RED",
     "quantities": {"ordered": 2}},
    {"id": "L2", "vendor_ids": {"unicommerce": "MP-1001-2"}, "product": "P-2", "variant": "P-2-XL",
     "quantities": {"ordered": 1}},
    {"id": "L3", "vendor_ids": {"unicommerce": "MP-1001-3"}, "product": "P-3", "variant": "P-3-STD",
     "quantities": {"ordered": 1, "shipped": 1}},
    {"id": "L4", "vendor_ids": {"unicommerce": "MP-1001-4"}, "product": "P-4", "variant": "P-4-BLUE",
     "quantities": {"ordered": 3}}
  ]
}]}"#;

/// Sends one Unicommerce body through the service and answers it as the marketplace.
async fn answer(
    service: &CancelService<InMemoryOrderStore>,
    body: &Value,
) -> (OutcomeStatus, u16, Value) {
    let dialect = UnicommerceDialect::default();
    let policy = Policy::default();
    let bytes = serde_json::to_vec(body).unwrap();
    let ctx = TranslateContext::new(&policy);
    let request = dialect.request_to_core(&bytes, &ctx).unwrap().value;
    let rules = RulesPolicy {
        batch: BatchMode::BestEffort,
        ..RulesPolicy::default()
    };
    let outcome = service
        .cancel(&request, &rules, chrono::DateTime::UNIX_EPOCH)
        .await
        .unwrap();
    let order = service
        .store()
        .get(request.order.as_str(), request.id_space);
    let ctx = ctx.with_order(order.as_ref()).with_request(Some(&request));
    let mut out = Vec::new();
    let (status, _report) = dialect.answer(&outcome, &ctx, &mut out).unwrap();
    let findings = dialect
        .validate(cancel_domain::PayloadKind::Response, &out, &Limits::DEFAULT)
        .unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    (
        outcome.status,
        status,
        serde_json::from_slice(&out).unwrap(),
    )
}

fn item(id: &str, product: &str, variant: &str, quantity: u32) -> Value {
    json!({"orderItemId": id, "productId": product, "variantId": variant, "quantity": quantity})
}

#[tokio::test]
async fn all_some_and_none_cancelled() {
    let service = CancelService::new(InMemoryOrderStore::from_json(ORDERS.as_bytes()).unwrap());

    // 1. Every line cancellable.
    let all = json!({"orderId": "MP-1001", "orderItems": [
        item("MP-1001-1", "P-1", "P-1-RED", 1),
        item("MP-1001-2", "P-2", "P-2-XL", 1),
    ]});
    let (status, http, body) = answer(&service, &all).await;
    assert_eq!(status, OutcomeStatus::Cancelled);
    assert_eq!(http, 200);
    assert_eq!(body, json!({"status": "SUCCESS"}));

    // 2. Some lines: L1 has one unit left; L3 has shipped; L2 is already cancelled.
    let some = json!({"orderId": "MP-1001", "orderItems": [
        item("MP-1001-1", "P-1", "P-1-RED", 1),
        item("MP-1001-3", "P-3", "P-3-STD", 1),
        item("MP-1001-2", "P-2", "P-2-XL", 1),
    ]});
    let (status, http, body) = answer(&service, &some).await;
    assert_eq!(status, OutcomeStatus::PartiallyCancelled);
    assert_eq!(http, 200);
    assert_eq!(body["status"], "PARTIAL_SUCCESS");
    let listed: Vec<&str> = body["orderItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["orderItemId"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["MP-1001-3", "MP-1001-2"]);
    assert_eq!(
        body,
        json!({"status": "PARTIAL_SUCCESS", "orderItems": [
            {"orderItemId": "MP-1001-3", "errorMessage": "order item has already shipped"},
            {"orderItemId": "MP-1001-2", "errorMessage": "order item is already cancelled"}
        ]})
    );

    // 3. No line: L1 is now fully cancelled, L4 is named with the wrong variant, MP-9 is
    //    not on the order.
    let none = json!({"orderId": "MP-1001", "orderItems": [
        item("MP-1001-1", "P-1", "P-1-RED", 1),
        item("MP-1001-4", "P-4", "P-4-RED", 1),
        item("MP-9", "P-9", "P-9-X", 1),
    ]});
    let (status, http, body) = answer(&service, &none).await;
    assert_eq!(status, OutcomeStatus::Rejected);
    assert_eq!(http, 200);
    assert_eq!(body["status"], "FAILED");
    let listed: Vec<&str> = body["orderItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["orderItemId"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["MP-1001-1", "MP-1001-4", "MP-9"]);
    assert_eq!(
        body,
        json!({"status": "FAILED", "orderItems": [
            {"orderItemId": "MP-1001-1", "errorMessage": "order item is already cancelled"},
            {"orderItemId": "MP-1001-4", "errorMessage": "productId or variantId does not match the order item"},
            {"orderItemId": "MP-9", "errorMessage": "order Item Id not available"}
        ]})
    );

    // The store agrees: 2 of L1, 1 of L2 cancelled; L3 and L4 untouched.
    let order = service
        .store()
        .get("MP-1001", Some(Vendor::Unicommerce))
        .unwrap();
    let cancelled: Vec<u32> = order.lines.iter().map(|l| l.quantities.cancelled).collect();
    assert_eq!(cancelled, [2, 1, 0, 0]);
}

#[tokio::test]
async fn an_atomic_refusal_still_names_each_lines_reason() {
    let service = CancelService::new(InMemoryOrderStore::from_json(ORDERS.as_bytes()).unwrap());
    let dialect = UnicommerceDialect::default();
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    let body = json!({"orderId": "MP-1001", "orderItems": [
        item("MP-1001-1", "P-1", "P-1-RED", 1),
        item("MP-9", "P-9", "P-9-X", 1),
    ]});
    let request = dialect
        .request_to_core(&serde_json::to_vec(&body).unwrap(), &ctx)
        .unwrap()
        .value;
    let outcome = service
        .cancel(
            &request,
            &RulesPolicy::default(),
            chrono::DateTime::UNIX_EPOCH,
        )
        .await
        .unwrap();
    assert_eq!(outcome.status, OutcomeStatus::Rejected);
    let ctx = ctx.with_request(Some(&request));
    let mut out = Vec::new();
    let (http, _) = dialect.answer(&outcome, &ctx, &mut out).unwrap();
    assert_eq!(http, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&out).unwrap(),
        json!({"status": "FAILED", "orderItems": [
            {"orderItemId": "MP-1001-1", "errorMessage": "not cancelled: order item MP-9 is not available"},
            {"orderItemId": "MP-9", "errorMessage": "order Item Id not available"}
        ]})
    );
}
