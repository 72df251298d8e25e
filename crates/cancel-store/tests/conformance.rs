//! One conformance suite, run against every store: the in-memory store of cancel-domain,
//! SQLite in a temporary file and PostgreSQL (a fresh database per test on the server
//! `CANCELKIT_TEST_POSTGRES_URL` names; skipped without it, except under `CI=true`).
//!
//! Each check: versioned save conflicts, idempotent replay, the same key with a different
//! body, many tasks cancelling overlapping units of the same orders through
//! `CancelService` (no unit cancelled twice, buckets consistent), reopening (state kept),
//! import/export round trip, and (persistent stores) key expiry.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cancel_domain::{
    CancelReason, CancelRequest, CancelService, IdempotencyKey, IdempotencyRecord, ImportMode,
    InMemoryOrderStore, LineCancel, OrderArchive, OrderStore, OrdersFile, OutcomeStatus, Quantity,
    ReasonCode, RulesPolicy, ServiceError, StoreError, Vendor,
};
use cancel_store::{StoreOptions, DEFAULT_KEY_TTL};

const ORDERS: usize = 3;
const LINES: usize = 3;
const UNITS: u32 = 8;
const TASKS: usize = 12;
const CANCELS_PER_TASK: usize = 20;

fn orders_file() -> OrdersFile {
    let mut orders = Vec::new();
    for o in 0..ORDERS {
        let lines: Vec<serde_json::Value> = (0..LINES)
            .map(|l| serde_json::json!({ "id": format!("O{o}-L{l}"), "quantities": { "ordered": UNITS } }))
            .collect();
        orders.push(serde_json::json!({
            "id": format!("O{o}"),
            "vendor_ids": { "mozu": format!("{}", 5000 + o) },
            "lines": lines,
        }));
    }
    serde_json::from_value(serde_json::json!({ "orders": orders })).unwrap()
}

/// Where a store lives, so it can be opened again.
enum Harness {
    Memory,
    Sqlite(tempdir::TempDir),
    Postgres(String),
}

mod tempdir {
    use std::path::{Path, PathBuf};

    /// A directory removed on drop.
    pub(crate) struct TempDir(PathBuf);

    impl TempDir {
        pub(crate) fn new(name: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let dir = std::env::temp_dir().join(format!(
                "cancelkit-store-{name}-{}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        pub(crate) fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Harness {
    /// `None`: PostgreSQL wanted but not configured (the test is skipped).
    async fn new(kind: &str, test: &str) -> Option<Self> {
        match kind {
            "memory" => Some(Self::Memory),
            "sqlite" => Some(Self::Sqlite(tempdir::TempDir::new(test))),
            "postgres" => cancel_store::testing::fresh_postgres_database(test)
                .await
                .unwrap()
                .map(Self::Postgres),
            other => panic!("unknown store kind {other}"),
        }
    }

    fn sqlite_path(dir: &tempdir::TempDir) -> PathBuf {
        dir.path().join("orders.db")
    }

    async fn open_with(&self, options: &StoreOptions) -> Arc<dyn OrderArchive> {
        match self {
            Self::Memory => Arc::new(InMemoryOrderStore::new()),
            Self::Sqlite(dir) => {
                let url = format!("sqlite:{}", Self::sqlite_path(dir).display());
                cancel_store::open(&url, options).await.unwrap()
            }
            Self::Postgres(url) => cancel_store::open(url, options).await.unwrap(),
        }
    }

    async fn open(&self) -> Arc<dyn OrderArchive> {
        let store = self.open_with(&StoreOptions::default()).await;
        store
            .import(&orders_file(), ImportMode::Merge)
            .await
            .unwrap();
        store
    }

    /// The same store opened again. In memory there is nothing to reopen: the orders go
    /// through an orders file (records are documented to live as long as the store).
    async fn reopen(&self, store: Arc<dyn OrderArchive>) -> Arc<dyn OrderArchive> {
        match self {
            Self::Memory => {
                let file = store.export().await.unwrap();
                let bytes = serde_json::to_vec(&file).unwrap();
                Arc::new(InMemoryOrderStore::from_json(&bytes).unwrap())
            }
            _ => {
                drop(store);
                self.open_with(&StoreOptions::default()).await
            }
        }
    }

    fn persistent(&self) -> bool {
        !matches!(self, Self::Memory)
    }
}

fn cancel(order: &str, line: &str, units: u32, key: Option<&str>) -> CancelRequest {
    let mut request = CancelRequest::lines(
        order,
        vec![LineCancel::new(line, Quantity::new(units))],
        CancelReason::new(ReasonCode::ChangedMind),
    );
    request.idempotency_key = key.map(IdempotencyKey::new);
    request
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::UNIX_EPOCH
}

async fn versioned_save_conflicts(h: Harness) {
    let store = h.open().await;
    let order = store.load("O0", None).await.unwrap().unwrap();
    let v = order.version;
    let mut first = order.clone();
    first.lines[0].quantities.cancelled = 1;
    assert_eq!(store.save(&first, None).await.unwrap(), v + 1);
    // A second writer that read the same version loses, and nothing of it is saved.
    let mut second = order.clone();
    second.lines[1].quantities.cancelled = 2;
    match store.save(&second, None).await {
        Err(StoreError::Conflict {
            expected, found, ..
        }) => {
            assert_eq!(expected, v);
            assert_eq!(found, Some(v + 1));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = store.load("O0", None).await.unwrap().unwrap();
    assert_eq!(stored.version, v + 1);
    assert_eq!(stored.lines[0].quantities.cancelled, 1);
    assert_eq!(stored.lines[1].quantities.cancelled, 0);
    // Lookups by vendor id, and the canonical-id fallback only for vendors without an id.
    assert_eq!(
        store
            .load("5000", Some(Vendor::Mozu))
            .await
            .unwrap()
            .unwrap()
            .id
            .as_str(),
        "O0"
    );
    assert!(store
        .load("O0", Some(Vendor::Mozu))
        .await
        .unwrap()
        .is_none());
    assert!(store.load("O0", Some(Vendor::Occ)).await.unwrap().is_some());
    assert!(store.load("nope", None).await.unwrap().is_none());
    // A missing order is a conflict with nothing found.
    let mut ghost = order.clone();
    ghost.id = "ghost".into();
    assert!(matches!(
        store.save(&ghost, None).await,
        Err(StoreError::Conflict { found: None, .. })
    ));
    // An order breaking the bucket invariants is refused.
    let mut bad = stored.clone();
    bad.lines[0].quantities.cancelled = UNITS + 1;
    assert!(matches!(
        store.save(&bad, None).await,
        Err(StoreError::Invalid(_))
    ));
    // A record whose key is already recorded: nothing saved.
    let mut with_key = stored.clone();
    with_key.lines[2].quantities.cancelled = 1;
    let record = IdempotencyRecord {
        key: IdempotencyKey::new("k-save"),
        order: with_key.id.clone(),
        request: cancel("O0", "O0-L2", 1, Some("k-save")),
        outcome: cancel_domain::CancelOutcome::rejected(
            with_key.id.clone(),
            cancel_domain::CancelRejection::OrderNotFound,
        ),
        recorded_at: now(),
    };
    let v2 = store.save(&with_key, Some(&record)).await.unwrap();
    let mut again = store.load("O0", None).await.unwrap().unwrap();
    assert_eq!(again.version, v2);
    again.lines[2].quantities.cancelled = 2;
    assert!(matches!(
        store.save(&again, Some(&record)).await,
        Err(StoreError::KeyRecorded { .. })
    ));
    assert_eq!(
        store.load("O0", None).await.unwrap().unwrap().version,
        v2,
        "a refused record saves nothing"
    );
    assert_eq!(
        store
            .recorded(&IdempotencyKey::new("k-save"))
            .await
            .unwrap(),
        Some(record)
    );
}

async fn idempotent_replay(h: Harness) {
    let service = CancelService::new(h.open().await);
    let policy = RulesPolicy::default();
    let request = cancel("O1", "O1-L0", 2, Some("replay-1"));
    let first = service.cancel(&request, &policy, now()).await.unwrap();
    assert_eq!(first.status, OutcomeStatus::Cancelled);
    let again = service.cancel(&request, &policy, now()).await.unwrap();
    assert_eq!(again.status, OutcomeStatus::Replayed);
    let mut expected = first.clone();
    expected.status = OutcomeStatus::Replayed;
    assert_eq!(again, expected, "the replay is the stored answer");
    let order = service.store().load("O1", None).await.unwrap().unwrap();
    assert_eq!(order.lines[0].quantities.cancelled, 2, "applied once");
    // A refused request leaves no record: retried after the order changed, it is evaluated
    // afresh.
    let too_many = cancel("O1", "O1-L1", UNITS + 1, Some("replay-2"));
    let refused = service.cancel(&too_many, &policy, now()).await.unwrap();
    assert_eq!(refused.status, OutcomeStatus::Rejected);
    assert!(service
        .store()
        .recorded(&IdempotencyKey::new("replay-2"))
        .await
        .unwrap()
        .is_none());
}

async fn same_key_different_body(h: Harness) {
    let service = CancelService::new(h.open().await);
    let policy = RulesPolicy::default();
    let first = cancel("O2", "O2-L0", 1, Some("reuse"));
    assert_eq!(
        service.cancel(&first, &policy, now()).await.unwrap().status,
        OutcomeStatus::Cancelled
    );
    let other = cancel("O2", "O2-L1", 1, Some("reuse"));
    match service.cancel(&other, &policy, now()).await {
        Err(ServiceError::KeyReused { key }) => assert_eq!(key.as_str(), "reuse"),
        answer => panic!("expected KeyReused, got {answer:?}"),
    }
    let order = service.store().load("O2", None).await.unwrap().unwrap();
    assert_eq!(order.lines[0].quantities.cancelled, 1);
    assert_eq!(order.lines[1].quantities.cancelled, 0, "nothing done");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

async fn concurrent_overlapping_cancels(h: Harness) {
    let service = Arc::new(CancelService::new(h.open().await).with_max_attempts(1000));
    let policy = Arc::new(RulesPolicy::default());
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let service = Arc::clone(&service);
        let policy = Arc::clone(&policy);
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng((t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut accepted: BTreeMap<(usize, usize), u32> = BTreeMap::new();
            for i in 0..CANCELS_PER_TASK {
                let (o, l) = (rng.below(ORDERS), rng.below(LINES));
                let units = 1 + rng.below(2) as u32;
                let key = format!("t{t}-{i}");
                let request = cancel(&format!("O{o}"), &format!("O{o}-L{l}"), units, Some(&key));
                let outcome = service.cancel(&request, &policy, now()).await.unwrap();
                match outcome.status {
                    OutcomeStatus::Cancelled | OutcomeStatus::PartiallyCancelled => {
                        let n: u32 = outcome.lines.iter().map(|line| line.accepted).sum();
                        *accepted.entry((o, l)).or_default() += n;
                        // The retry of an acknowledged cancel is a replay, with no effect.
                        let replay = service.cancel(&request, &policy, now()).await.unwrap();
                        assert_eq!(replay.status, OutcomeStatus::Replayed);
                    }
                    OutcomeStatus::Rejected => {}
                    other => panic!("unexpected outcome {other:?}"),
                }
            }
            accepted
        }));
    }
    let mut accepted: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for task in tasks {
        for (k, n) in task.await.unwrap() {
            *accepted.entry(k).or_default() += n;
        }
    }
    let mut total = 0;
    for o in 0..ORDERS {
        let order = service
            .store()
            .load(&format!("O{o}"), None)
            .await
            .unwrap()
            .unwrap();
        for (l, line) in order.lines.iter().enumerate() {
            let q = &line.quantities;
            assert!(q.is_consistent(), "O{o}-L{l}: {q:?}");
            let acknowledged = accepted.get(&(o, l)).copied().unwrap_or(0);
            assert_eq!(
                q.cancelled, acknowledged,
                "O{o}-L{l}: stored cancelled units equal the units answered as accepted"
            );
            assert!(q.cancelled <= UNITS);
            total += q.cancelled;
        }
    }
    // 240 requests of 1-2 units over 72 units: the lines run out.
    assert!(total > UNITS, "cancels went through ({total} units)");
}

async fn reopen_keeps_state(h: Harness) {
    let store = h.open().await;
    let service = CancelService::new(store);
    let policy = RulesPolicy::default();
    let request = cancel("O0", "O0-L1", 3, Some("reopen-1"));
    let first = service.cancel(&request, &policy, now()).await.unwrap();
    assert_eq!(first.status, OutcomeStatus::Cancelled);
    let before = service.store().export().await.unwrap();
    let store = h.reopen(service.into_store()).await;
    let after = store.export().await.unwrap();
    assert_eq!(before, after, "orders and versions kept");
    assert_eq!(store.count().await.unwrap(), ORDERS);
    if h.persistent() {
        let service = CancelService::new(store);
        let replay = service.cancel(&request, &policy, now()).await.unwrap();
        assert_eq!(replay.status, OutcomeStatus::Replayed, "the key survived");
        let order = service.store().load("O0", None).await.unwrap().unwrap();
        assert_eq!(order.lines[1].quantities.cancelled, 3);
    }
}

async fn import_export_round_trip(h: Harness) {
    let store = h.open().await;
    let file = orders_file();
    let exported = store.export().await.unwrap();
    let ids: Vec<&str> = exported.orders.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["O0", "O1", "O2"], "import order kept");
    // Merge: a stored order is replaced at a newer version, so a reader of the old copy
    // conflicts.
    let old = store.load("O1", None).await.unwrap().unwrap();
    let mut changed = file.clone();
    changed.orders.truncate(2);
    changed.orders[1].lines[0].quantities.cancelled = 5;
    assert_eq!(store.import(&changed, ImportMode::Merge).await.unwrap(), 2);
    let now_stored = store.load("O1", None).await.unwrap().unwrap();
    assert_eq!(now_stored.lines[0].quantities.cancelled, 5);
    assert!(now_stored.version > old.version);
    assert!(matches!(
        store.save(&old, None).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.count().await.unwrap(), ORDERS);
    // A file reusing a vendor id of another order is refused as a whole.
    let mut clash = file.clone();
    clash.orders[2]
        .vendor_ids
        .insert(Vendor::Mozu, "5000".into());
    assert!(matches!(
        store.import(&clash, ImportMode::Replace).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.count().await.unwrap(), ORDERS, "nothing changed");
    // Replace: exactly the file, records gone.
    let service = CancelService::new(Arc::clone(&store));
    let request = cancel("O2", "O2-L2", 1, Some("import-1"));
    service
        .cancel(&request, &RulesPolicy::default(), now())
        .await
        .unwrap();
    let mut one = file.clone();
    one.orders.truncate(1);
    assert_eq!(store.import(&one, ImportMode::Replace).await.unwrap(), 1);
    assert_eq!(store.count().await.unwrap(), 1);
    assert!(store
        .recorded(&IdempotencyKey::new("import-1"))
        .await
        .unwrap()
        .is_none());
    assert!(store
        .load("5001", Some(Vendor::Mozu))
        .await
        .unwrap()
        .is_none());
}

async fn keys_expire(h: Harness) {
    if !h.persistent() {
        return;
    }
    let store = h
        .open_with(&StoreOptions::default().with_key_ttl(Duration::from_millis(50)))
        .await;
    store
        .import(&orders_file(), ImportMode::Merge)
        .await
        .unwrap();
    let service = CancelService::new(store);
    let policy = RulesPolicy::default();
    let request = cancel("O0", "O0-L0", 1, Some("expiring"));
    assert_eq!(
        service
            .cancel(&request, &policy, now())
            .await
            .unwrap()
            .status,
        OutcomeStatus::Cancelled
    );
    assert_eq!(
        service
            .cancel(&request, &policy, now())
            .await
            .unwrap()
            .status,
        OutcomeStatus::Replayed
    );
    tokio::time::sleep(Duration::from_millis(120)).await;
    // Expired: the key is free again, and the request is a new cancel.
    assert_eq!(
        service
            .cancel(&request, &policy, now())
            .await
            .unwrap()
            .status,
        OutcomeStatus::Cancelled
    );
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(service.store().purge_expired().await.unwrap(), 1);
    assert_eq!(DEFAULT_KEY_TTL, Duration::from_secs(86_400));
}

macro_rules! conformance {
    ($kind:ident) => {
        mod $kind {
            use super::*;

            async fn harness(test: &str) -> Option<Harness> {
                Harness::new(stringify!($kind), &format!("{}::{test}", stringify!($kind))).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn versioned_save_conflicts() {
                if let Some(h) = harness("versioned_save_conflicts").await {
                    super::versioned_save_conflicts(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn idempotent_replay() {
                if let Some(h) = harness("idempotent_replay").await {
                    super::idempotent_replay(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn same_key_different_body() {
                if let Some(h) = harness("same_key_different_body").await {
                    super::same_key_different_body(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn concurrent_overlapping_cancels() {
                if let Some(h) = harness("concurrent_overlapping_cancels").await {
                    super::concurrent_overlapping_cancels(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn reopen_keeps_state() {
                if let Some(h) = harness("reopen_keeps_state").await {
                    super::reopen_keeps_state(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn import_export_round_trip() {
                if let Some(h) = harness("import_export_round_trip").await {
                    super::import_export_round_trip(h).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn keys_expire() {
                if let Some(h) = harness("keys_expire").await {
                    super::keys_expire(h).await;
                }
            }
        }
    };
}

conformance!(memory);
conformance!(sqlite);
conformance!(postgres);
