//! `InMemoryOrderStore`: the orders file, vendor-id lookups, compare-and-swap saves and
//! idempotency records.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use cancel_domain::{
    ErrorKind, IdempotencyRecord, InMemoryOrderStore, OrderDirectory, OrderStore, OrdersFile,
    OutcomeStatus, StoreError, Vendor,
};
use common::*;
use serde_json::json;

fn example_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/orders.json")
}

fn store() -> InMemoryOrderStore {
    InMemoryOrderStore::from_json(
        json!({"orders":[
            {"id":"1001","vendor_ids":{"mozu":"5501","omnitron":"88"},
             "lines":[{"id":"L1","vendor_ids":{"unicommerce":"OI-1"},"quantities":{"ordered":2}}]},
            {"id":"1002","lines":[{"id":"L1","quantities":{"ordered":1}}]}
        ]})
        .to_string()
        .as_bytes(),
    )
    .unwrap()
}

#[tokio::test]
async fn loads_by_canonical_or_vendor_id() {
    let s = store();
    assert_eq!(
        s.load("1001", None).await.unwrap().unwrap().id.as_str(),
        "1001"
    );
    assert_eq!(
        s.load("5501", Some(Vendor::Mozu))
            .await
            .unwrap()
            .unwrap()
            .id
            .as_str(),
        "1001"
    );
    assert_eq!(
        s.load("88", Some(Vendor::Omnitron))
            .await
            .unwrap()
            .unwrap()
            .id
            .as_str(),
        "1001"
    );
    // A vendor with no id of its own for the order uses the canonical one (Order::id_at).
    assert_eq!(
        s.load("1002", Some(Vendor::Occ))
            .await
            .unwrap()
            .unwrap()
            .id
            .as_str(),
        "1002"
    );
    // ... but not when the vendor has its own id.
    assert!(s.load("1001", Some(Vendor::Mozu)).await.unwrap().is_none());
    assert!(s.load("5501", None).await.unwrap().is_none());
    assert!(s.load("nope", None).await.unwrap().is_none());
    let found = s
        .find_order("88", Some(Vendor::Omnitron))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id.as_str(), "1001");
    assert!(s
        .find_order("99", Some(Vendor::Omnitron))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn saves_are_compare_and_swap() {
    let s = store();
    let mut o = s.load("1001", None).await.unwrap().unwrap();
    assert_eq!(o.version, 0);
    o.lines[0].quantities.cancelled = 1;
    assert_eq!(s.save(&o, None).await.unwrap(), 1);
    // The same (now stale) copy again: refused, nothing changes.
    o.lines[0].quantities.cancelled = 2;
    assert_eq!(
        s.save(&o, None).await.unwrap_err(),
        StoreError::Conflict {
            order: "1001".into(),
            expected: 0,
            found: Some(1)
        }
    );
    let stored = s.load("1001", None).await.unwrap().unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.lines[0].quantities.cancelled, 1);
    // An order the store does not hold cannot be saved.
    let mut other = stored.clone();
    other.id = "9999".into();
    other.vendor_ids.clear();
    assert!(matches!(
        s.save(&other, None).await,
        Err(StoreError::Conflict { found: None, .. })
    ));
}

#[tokio::test]
async fn saves_refuse_broken_buckets() {
    let s = store();
    let mut o = s.load("1002", None).await.unwrap().unwrap();
    o.lines[0].quantities.cancelled = 2;
    match s.save(&o, None).await.unwrap_err() {
        StoreError::Invalid(e) => assert!(e.has("lines[0].quantities", ErrorKind::Rule), "{e:?}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_key_is_recorded_once_with_its_save() {
    let s = store();
    let o = s.load("1002", None).await.unwrap().unwrap();
    let record = IdempotencyRecord {
        key: "k1".into(),
        order: o.id.clone(),
        request: whole("1002"),
        outcome: cancel_domain::CancelOutcome::new("1002", OutcomeStatus::Cancelled),
        recorded_at: now(),
    };
    s.save(&o, Some(&record)).await.unwrap();
    assert_eq!(
        s.recorded(&"k1".into()).await.unwrap(),
        Some(record.clone())
    );
    let o = s.load("1002", None).await.unwrap().unwrap();
    assert_eq!(
        s.save(&o, Some(&record)).await.unwrap_err(),
        StoreError::KeyRecorded { key: "k1".into() }
    );
    // The failed save changed nothing.
    assert_eq!(s.load("1002", None).await.unwrap().unwrap().version, 1);
    assert_eq!(s.records().len(), 1);
}

#[test]
fn orders_file_errors_carry_json_paths() {
    let cases = [
        (
            json!({"orders":[{"id":"1","lines":[{"id":"L1","quantities":{"ordered":1,"cancelled":1,"shipped":1}}]}]}),
            "orders[0].lines[0].quantities",
            ErrorKind::Rule,
        ),
        (
            json!({"orders":[{"id":"1","lines":[]},{"id":"1","lines":[]}]}),
            "orders[1].id",
            ErrorKind::Duplicate,
        ),
        (
            json!({"orders":[{"id":"1","vendor_ids":{"mozu":"7"},"lines":[]},{"id":"2","vendor_ids":{"mozu":"7"},"lines":[]}]}),
            "orders[1].vendor_ids.mozu",
            ErrorKind::Duplicate,
        ),
        (
            json!({"orders":[{"id":"1","lines":[{"id":"L1","quantities":{"ordered":1}},{"id":"L1","quantities":{"ordered":1}}]}]}),
            "orders[0].lines[1].id",
            ErrorKind::Duplicate,
        ),
        (
            json!({"orders":[{"id":"1","payment":{"captured":"5","refunded":"6"},"lines":[]}]}),
            "orders[0].payment.refunded",
            ErrorKind::Rule,
        ),
        (
            json!({"orders":[{"id":"1","phase":"shipped","lines":[]}]}),
            "orders[0].phase",
            ErrorKind::Enum,
        ),
        (
            json!({"orders":[{"id":"1","lines":[],"colour":"red"}]}),
            "orders[0].colour",
            ErrorKind::UnknownField,
        ),
    ];
    for (file, path, kind) in cases {
        match InMemoryOrderStore::from_json(file.to_string().as_bytes()) {
            Err(StoreError::Invalid(e)) => assert!(e.has(path, kind), "{path}: {e:?}"),
            other => panic!("{path}: {other:?}"),
        }
    }
    match InMemoryOrderStore::from_file("/nonexistent/orders.json") {
        Err(StoreError::Io { path, .. }) => assert_eq!(path, "/nonexistent/orders.json"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_example_orders_file_loads_and_round_trips() {
    let bytes = std::fs::read(example_file()).unwrap();
    let s = InMemoryOrderStore::from_json(&bytes).unwrap();
    assert!((4..=6).contains(&s.len()));
    // Written back, it reads as the same orders (defaults spelled out), and is stable.
    let original: OrdersFile = serde_json::from_slice(&bytes).unwrap();
    let written = s.to_json().unwrap();
    assert_eq!(
        serde_json::from_slice::<OrdersFile>(&written).unwrap(),
        original
    );
    assert_eq!(
        InMemoryOrderStore::from_json(&written)
            .unwrap()
            .to_json()
            .unwrap(),
        written
    );
    // Every vendor can find every order.
    for order in s.to_orders_file().orders {
        for vendor in [
            Vendor::Mozu,
            Vendor::Omnitron,
            Vendor::Occ,
            Vendor::Unicommerce,
            Vendor::Chatbot,
        ] {
            assert!(
                order.vendor_ids.contains_key(&vendor),
                "{} lacks {vendor}",
                order.id
            );
            assert_eq!(
                s.get(order.id_at(vendor), Some(vendor)).unwrap().id,
                order.id
            );
        }
    }
}

#[tokio::test]
async fn write_file_then_from_file_gives_the_same_orders() {
    let s = store();
    let mut o = s.load("1001", None).await.unwrap().unwrap();
    o.lines[0].quantities.cancelled = 1;
    s.save(&o, None).await.unwrap();
    let dir = std::env::temp_dir().join(format!("cancel-domain-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("orders.json");
    s.write_file(&path).unwrap();
    let again = InMemoryOrderStore::from_file(&path).unwrap();
    assert_eq!(again.to_orders_file(), s.to_orders_file());
    assert_eq!(again.get("1001", None).unwrap().version, 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
