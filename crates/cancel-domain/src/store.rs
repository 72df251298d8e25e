//! Versioned order storage for [`CancelService`](crate::CancelService), and the embedded
//! in-memory store that reads and writes the `--orders` file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    json, CancelOutcome, CancelRequest, ErrorKind, IdempotencyKey, LookupError, Order,
    OrderDirectory, OrderRef, OrdersFile, PayloadError, PayloadErrors, Vendor,
};

/// The stored result of a request that carried an idempotency key (rule R17).
///
/// Only accepted outcomes (`cancelled`, `partially_cancelled`, `requested`) are recorded,
/// in the same atomic save as the order they changed; a refused request leaves no record,
/// so retrying it after the order changed is evaluated afresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(
    clippy::exhaustive_structs,
    reason = "a stored record: its fields are what a store keeps, built by literal by stores and tests"
)]
pub struct IdempotencyRecord {
    /// The key.
    pub key: IdempotencyKey,
    /// The order's canonical id.
    pub order: OrderRef,
    /// The request as first received; a replay must be equal to it.
    pub request: CancelRequest,
    /// The outcome as first returned.
    pub outcome: CancelOutcome,
    /// When it was recorded (the `now` of the first request).
    pub recorded_at: DateTime<Utc>,
}

/// A store operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Compare-and-swap failed: the order is not at the version the caller read (R23).
    #[error("order {order} is no longer at version {expected}")]
    Conflict {
        /// The order's canonical id.
        order: OrderRef,
        /// The version the caller read.
        expected: u64,
        /// The stored version (`None`: the order is not stored).
        found: Option<u64>,
    },
    /// The idempotency key already has a record; nothing was saved.
    #[error("idempotency key {key} already has a recorded outcome")]
    KeyRecorded {
        /// The key.
        key: IdempotencyKey,
    },
    /// An order (or an orders file) breaks the format's rules; paths are JSON paths in the
    /// orders file (`orders[1].lines[0].quantities`).
    #[error("invalid orders: {0}")]
    Invalid(PayloadErrors),
    /// The orders file could not be read or written.
    #[error("orders file {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Any other failure of a store implementation.
    #[error("order store failure: {message}")]
    Backend {
        /// What went wrong.
        message: String,
    },
}

/// Where [`CancelService`](crate::CancelService) keeps orders: versioned loads and
/// compare-and-swap saves, plus the idempotency records (rules R17 and R23).
///
/// Implementations must make [`save`](Self::save) atomic: the version check, the new
/// order and the record happen together or not at all.
#[async_trait]
pub trait OrderStore: Send + Sync {
    /// The order named `id` in `id_space` (`None`: canonical ids; `Some(v)`: the id at
    /// vendor `v`, see [`Order::id_at`]), with [`Order::version`] set to the stored
    /// version; `Ok(None)` when there is no such order.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the store cannot answer.
    async fn load(&self, id: &str, id_space: Option<Vendor>) -> Result<Option<Order>, StoreError>;

    /// Saves `order` if the stored copy is still at `order.version`, storing it at the
    /// next version (returned), together with `record` if given.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on a stale or missing order, [`StoreError::KeyRecorded`]
    /// when `record`'s key already has a record, [`StoreError::Invalid`] when the new
    /// order breaks the bucket invariants; nothing is saved then.
    async fn save(
        &self,
        order: &Order,
        record: Option<&IdempotencyRecord>,
    ) -> Result<u64, StoreError>;

    /// The record of `key`, if one was saved.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the store cannot answer.
    async fn recorded(&self, key: &IdempotencyKey)
        -> Result<Option<IdempotencyRecord>, StoreError>;
}

#[async_trait]
impl<S: OrderStore + ?Sized> OrderStore for Arc<S> {
    async fn load(&self, id: &str, id_space: Option<Vendor>) -> Result<Option<Order>, StoreError> {
        (**self).load(id, id_space).await
    }

    async fn save(
        &self,
        order: &Order,
        record: Option<&IdempotencyRecord>,
    ) -> Result<u64, StoreError> {
        (**self).save(order, record).await
    }

    async fn recorded(
        &self,
        key: &IdempotencyKey,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        (**self).recorded(key).await
    }
}

/// How [`OrderArchive::import`] treats the orders already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ImportMode {
    /// Orders of the file replace the stored orders of the same canonical id (at the next
    /// version, so a cancel that read the old copy conflicts and reads again); other
    /// stored orders and every idempotency record stay.
    #[default]
    Merge,
    /// The store is emptied first, idempotency records included: afterwards it holds
    /// exactly the file (what `POST /_cancelkit/reset` does).
    Replace,
}

/// Whole-store operations on top of [`OrderStore`] and [`OrderDirectory`]: moving orders
/// files in and out, counting, and expiring idempotency records. `cancelkit serve` and
/// `cancelkit store` work on any `Arc<dyn OrderArchive>`.
#[async_trait]
pub trait OrderArchive: OrderStore + OrderDirectory + std::fmt::Debug {
    /// Stores the orders of `file` (checked as an orders file: every order valid, no id
    /// used twice) in one atomic step; returns how many were stored.
    ///
    /// # Errors
    ///
    /// [`StoreError::Invalid`] (paths `orders[i]...`) when an order is invalid or shares
    /// a canonical or vendor id with another; nothing is stored then.
    async fn import(&self, file: &OrdersFile, mode: ImportMode) -> Result<usize, StoreError>;

    /// Every order at its stored version, in import order.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the store cannot answer.
    async fn export(&self) -> Result<OrdersFile, StoreError>;

    /// The number of orders stored.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the store cannot answer.
    async fn count(&self) -> Result<usize, StoreError>;

    /// Deletes the idempotency records older than the store's key expiry; returns how many
    /// went. Stores without an expiry (the in-memory store keeps its records for its
    /// lifetime) return 0.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the store cannot answer.
    async fn purge_expired(&self) -> Result<u64, StoreError> {
        Ok(0)
    }
}

/// Largest orders file [`InMemoryOrderStore::from_json`] reads (64 MiB).
pub const ORDERS_FILE_LIMITS: json::Limits = json::Limits {
    max_bytes: 64 * 1024 * 1024,
    max_depth: 64,
};

/// The embedded [`OrderStore`] and [`OrderDirectory`]: orders in memory, loaded from and
/// saved to the `--orders` file (an [`OrdersFile`]; format in the crate README).
///
/// Lookups by vendor id are indexed; saves are compare-and-swap under a lock, so one
/// store can be shared by many tasks (wrap it in an [`Arc`] to keep a handle while a
/// [`CancelService`](crate::CancelService) owns it).
///
/// ```
/// use cancel_domain::{InMemoryOrderStore, Vendor};
/// let store = InMemoryOrderStore::from_json(br#"{"orders":[
///   {"id":"1001","vendor_ids":{"mozu":"5501"},"lines":[{"id":"L1","quantities":{"ordered":1}}]}
/// ]}"#).unwrap();
/// assert_eq!(store.len(), 1);
/// assert!(store.get("5501", Some(Vendor::Mozu)).is_some());
/// assert!(store.get("5501", None).is_none());
/// ```
#[derive(Debug, Default)]
pub struct InMemoryOrderStore {
    state: RwLock<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Orders in insertion (file) order, shared with lookups
    /// ([`OrderDirectory::find_order_shared`]); a save replaces the `Arc`.
    orders: Vec<Arc<Order>>,
    /// Canonical id → position.
    by_id: BTreeMap<Box<str>, usize>,
    /// Explicit vendor id → position, per vendor.
    by_vendor: BTreeMap<Vendor, BTreeMap<Box<str>, usize>>,
    /// Idempotency records.
    records: BTreeMap<IdempotencyKey, IdempotencyRecord>,
}

impl State {
    fn position(&self, id: &str, id_space: Option<Vendor>) -> Option<usize> {
        match id_space {
            None => self.by_id.get(id).copied(),
            Some(v) => self
                .by_vendor
                .get(&v)
                .and_then(|ids| ids.get(id))
                .copied()
                // `id_at` falls back to the canonical id when the vendor has none.
                .or_else(|| {
                    let i = self.by_id.get(id).copied()?;
                    let order = self.orders.get(i)?;
                    (!order.vendor_ids.contains_key(&v)).then_some(i)
                }),
        }
    }

    fn get(&self, id: &str, id_space: Option<Vendor>) -> Option<&Arc<Order>> {
        self.orders.get(self.position(id, id_space)?)
    }

    /// Adds a new order (already checked), indexing its ids.
    fn push(&mut self, order: Order, path: &str) -> Result<(), PayloadErrors> {
        if self.by_id.contains_key(order.id.as_str()) {
            return Err(PayloadErrors::one(
                crate::path::field(path, "id"),
                ErrorKind::Duplicate,
                format!("order {} appears more than once", order.id),
            ));
        }
        for (vendor, id) in &order.vendor_ids {
            if self.vendor_position(*vendor, id).is_some() {
                return Err(PayloadErrors::one(
                    crate::path::field(&crate::path::field(path, "vendor_ids"), vendor.as_str()),
                    ErrorKind::Duplicate,
                    format!("{vendor} order id {id} is used by another order"),
                ));
            }
        }
        let i = self.orders.len();
        self.by_id.insert(order.id.as_str().into(), i);
        self.index_vendor_ids(&order, i);
        self.orders.push(Arc::new(order));
        Ok(())
    }

    fn vendor_position(&self, vendor: Vendor, id: &str) -> Option<usize> {
        self.by_vendor.get(&vendor)?.get(id).copied()
    }

    fn index_vendor_ids(&mut self, order: &Order, i: usize) {
        for (vendor, id) in &order.vendor_ids {
            self.by_vendor
                .entry(*vendor)
                .or_default()
                .insert(id.as_str().into(), i);
        }
    }
}

impl InMemoryOrderStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `orders` (checked as [`insert`](Self::insert) does).
    ///
    /// # Errors
    ///
    /// [`StoreError::Invalid`] with paths `orders[i]...` for the first bad order.
    pub fn from_orders(orders: impl IntoIterator<Item = Order>) -> Result<Self, StoreError> {
        let mut state = State::default();
        for (i, order) in orders.into_iter().enumerate() {
            let path = crate::path::index("orders", i);
            check_order(&order, &path).map_err(StoreError::Invalid)?;
            state.push(order, &path).map_err(StoreError::Invalid)?;
        }
        Ok(Self {
            state: RwLock::new(state),
        })
    }

    /// Reads an orders file's JSON (strictly: duplicate keys and unknown fields are
    /// errors; see [`ORDERS_FILE_LIMITS`]).
    ///
    /// # Errors
    ///
    /// [`StoreError::Invalid`] with the JSON path of the first problem.
    pub fn from_json(bytes: &[u8]) -> Result<Self, StoreError> {
        let file: OrdersFile =
            json::parse(bytes, &ORDERS_FILE_LIMITS).map_err(StoreError::Invalid)?;
        Self::from_orders(file.orders)
    }

    /// Reads an orders file.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when it cannot be read, else as [`from_json`](Self::from_json).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
        Self::from_json(&bytes)
    }

    /// Adds a new order.
    ///
    /// # Errors
    ///
    /// [`StoreError::Invalid`] when the order breaks the bucket invariants, repeats a line
    /// id, has negative money or more refunded than captured, or shares its canonical or a
    /// vendor id with a stored order.
    pub fn insert(&self, order: Order) -> Result<(), StoreError> {
        check_order(&order, "").map_err(StoreError::Invalid)?;
        self.write().push(order, "").map_err(StoreError::Invalid)
    }

    /// A copy of the order named `id` in `id_space`.
    pub fn get(&self, id: &str, id_space: Option<Vendor>) -> Option<Order> {
        self.read()
            .get(id, id_space)
            .map(|order| Order::clone(order))
    }

    /// Number of orders.
    pub fn len(&self) -> usize {
        self.read().orders.len()
    }

    /// Whether the store holds no order.
    pub fn is_empty(&self) -> bool {
        self.read().orders.is_empty()
    }

    /// A snapshot of every order, in file order, at its current version.
    pub fn to_orders_file(&self) -> OrdersFile {
        OrdersFile {
            orders: self.read().orders.iter().map(|o| Order::clone(o)).collect(),
        }
    }

    /// Every idempotency record, ordered by key.
    pub fn records(&self) -> Vec<IdempotencyRecord> {
        self.read().records.values().cloned().collect()
    }

    /// The orders as an orders file, pretty-printed JSON.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] only if serialization fails, which these types never do.
    pub fn to_json(&self) -> Result<Vec<u8>, StoreError> {
        let mut out =
            serde_json::to_vec_pretty(&self.to_orders_file()).map_err(|e| StoreError::Backend {
                message: e.to_string(),
            })?;
        out.push(b'\n');
        Ok(out)
    }

    /// Writes the orders file to `path` (through a temporary file renamed into place, so
    /// readers never see half a file). Idempotency records are not part of the file.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the file cannot be written.
    pub fn write_file(&self, path: impl AsRef<Path>) -> Result<(), StoreError> {
        let path = path.as_ref();
        let bytes = self.to_json()?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = std::path::PathBuf::from(tmp);
        std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, &e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        // No code panics while holding the lock; a poisoned lock still holds whole orders.
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn save_now(
        &self,
        order: &Order,
        record: Option<&IdempotencyRecord>,
    ) -> Result<u64, StoreError> {
        check_order(order, "").map_err(StoreError::Invalid)?;
        let mut state = self.write();
        let conflict = |found| StoreError::Conflict {
            order: order.id.clone(),
            expected: order.version,
            found,
        };
        let i = state
            .by_id
            .get(order.id.as_str())
            .copied()
            .ok_or_else(|| conflict(None))?;
        let stored_version = state
            .orders
            .get(i)
            .map(|o| o.version)
            .ok_or_else(|| conflict(None))?;
        if stored_version != order.version {
            return Err(conflict(Some(stored_version)));
        }
        if let Some(record) = record {
            if state.records.contains_key(&record.key) {
                return Err(StoreError::KeyRecorded {
                    key: record.key.clone(),
                });
            }
        }
        let old_vendor_ids = state
            .orders
            .get(i)
            .map(|o| o.vendor_ids.clone())
            .unwrap_or_default();
        if old_vendor_ids != order.vendor_ids {
            for (vendor, id) in &order.vendor_ids {
                if state.vendor_position(*vendor, id).is_some_and(|j| j != i) {
                    return Err(StoreError::Invalid(PayloadErrors::one(
                        crate::path::field("vendor_ids", vendor.as_str()),
                        ErrorKind::Duplicate,
                        format!("{vendor} order id {id} is used by another order"),
                    )));
                }
            }
            for (vendor, id) in old_vendor_ids {
                if let Some(ids) = state.by_vendor.get_mut(&vendor) {
                    ids.remove(id.as_str());
                }
            }
            state.index_vendor_ids(order, i);
        }
        let version = stored_version.saturating_add(1);
        let mut saved = order.clone();
        saved.version = version;
        if let Some(slot) = state.orders.get_mut(i) {
            *slot = Arc::new(saved);
        }
        if let Some(record) = record {
            state.records.insert(record.key.clone(), record.clone());
        }
        Ok(version)
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The orders-file rules that serde cannot express: bucket invariants, unique line ids
/// (canonical and per vendor), money that is not negative and never refunded past
/// captured. Every store checks an order with it before saving; `base` is the order's
/// JSON path in error paths (`""` for a lone order, `orders[3]` in a file).
///
/// # Errors
///
/// Every rule the order breaks.
pub fn check_order(order: &Order, base: &str) -> Result<(), PayloadErrors> {
    use crate::path::{field, index};
    let mut errors = Vec::new();
    if order.id.as_str().is_empty() {
        errors.push(PayloadError::new(
            field(base, "id"),
            ErrorKind::Range,
            "order id must not be empty",
        ));
    }
    let payment = &order.payment;
    for (name, value) in [
        ("authorized", payment.authorized),
        ("captured", payment.captured),
        ("refunded", payment.refunded),
    ] {
        if value < Decimal::ZERO {
            errors.push(PayloadError::new(
                field(&field(base, "payment"), name),
                ErrorKind::Range,
                format!("{name} must not be negative"),
            ));
        }
    }
    if payment.refunded > payment.captured {
        errors.push(PayloadError::new(
            field(&field(base, "payment"), "refunded"),
            ErrorKind::Rule,
            "refunded must not exceed captured",
        ));
    }
    let lines = field(base, "lines");
    let mut ids = std::collections::BTreeSet::new();
    let mut vendor_ids = std::collections::BTreeSet::new();
    for (i, line) in order.lines.iter().enumerate() {
        // The line's path is only built for a finding (every order of a file is checked).
        let at = || index(&lines, i);
        if !ids.insert(line.id.as_str()) {
            errors.push(PayloadError::new(
                field(&at(), "id"),
                ErrorKind::Duplicate,
                format!("line {} appears more than once", line.id),
            ));
        }
        for (vendor, id) in &line.vendor_ids {
            if !vendor_ids.insert((*vendor, id.as_str())) {
                errors.push(PayloadError::new(
                    field(&field(&at(), "vendor_ids"), vendor.as_str()),
                    ErrorKind::Duplicate,
                    format!("{vendor} line id {id} appears more than once"),
                ));
            }
        }
        if !line.quantities.is_consistent() {
            errors.push(PayloadError::new(
                field(&at(), "quantities"),
                ErrorKind::Rule,
                "buckets break the invariants: cancelled + shipped <= ordered, allocated <= open, \
                 delivered <= shipped, returned <= return_requested <= shipped",
            ));
        }
        if line.unit_price.is_some_and(|p| p < Decimal::ZERO) {
            errors.push(PayloadError::new(
                field(&at(), "unit_price"),
                ErrorKind::Range,
                "unit_price must not be negative",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PayloadErrors(errors))
    }
}

#[async_trait]
impl OrderStore for InMemoryOrderStore {
    async fn load(&self, id: &str, id_space: Option<Vendor>) -> Result<Option<Order>, StoreError> {
        Ok(self.get(id, id_space))
    }

    async fn save(
        &self,
        order: &Order,
        record: Option<&IdempotencyRecord>,
    ) -> Result<u64, StoreError> {
        self.save_now(order, record)
    }

    async fn recorded(
        &self,
        key: &IdempotencyKey,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        Ok(self.read().records.get(key).cloned())
    }
}

#[async_trait]
impl OrderDirectory for InMemoryOrderStore {
    async fn find_order(
        &self,
        id: &str,
        id_space: Option<Vendor>,
    ) -> Result<Option<Order>, LookupError> {
        Ok(self.get(id, id_space))
    }

    async fn find_order_shared(
        &self,
        id: &str,
        id_space: Option<Vendor>,
    ) -> Result<Option<Arc<Order>>, LookupError> {
        Ok(self.read().get(id, id_space).cloned())
    }
}

#[async_trait]
impl OrderArchive for InMemoryOrderStore {
    async fn import(&self, file: &OrdersFile, mode: ImportMode) -> Result<usize, StoreError> {
        let mut state = self.write();
        let mut next = match mode {
            ImportMode::Replace => State::default(),
            ImportMode::Merge => State {
                orders: state.orders.clone(),
                by_id: state.by_id.clone(),
                by_vendor: state.by_vendor.clone(),
                records: state.records.clone(),
            },
        };
        let mut seen = std::collections::BTreeSet::new();
        for (i, order) in file.orders.iter().enumerate() {
            let path = crate::path::index("orders", i);
            check_order(order, &path).map_err(StoreError::Invalid)?;
            if !seen.insert(order.id.as_str()) {
                return Err(StoreError::Invalid(PayloadErrors::one(
                    crate::path::field(&path, "id"),
                    ErrorKind::Duplicate,
                    format!("order {} appears more than once", order.id),
                )));
            }
            match next.by_id.get(order.id.as_str()).copied() {
                None => next
                    .push(order.clone(), &path)
                    .map_err(StoreError::Invalid)?,
                Some(at) => {
                    let stored = next.orders.get(at).map_or(0, |o| o.version);
                    for (vendor, id) in &order.vendor_ids {
                        if next.vendor_position(*vendor, id).is_some_and(|j| j != at) {
                            return Err(StoreError::Invalid(PayloadErrors::one(
                                crate::path::field(
                                    &crate::path::field(&path, "vendor_ids"),
                                    vendor.as_str(),
                                ),
                                ErrorKind::Duplicate,
                                format!("{vendor} order id {id} is used by another order"),
                            )));
                        }
                    }
                    let old = next.orders.get(at).map(|o| o.vendor_ids.clone());
                    for (vendor, id) in old.unwrap_or_default() {
                        if let Some(ids) = next.by_vendor.get_mut(&vendor) {
                            ids.remove(id.as_str());
                        }
                    }
                    next.index_vendor_ids(order, at);
                    let mut saved = order.clone();
                    saved.version = stored.saturating_add(1).max(order.version);
                    if let Some(slot) = next.orders.get_mut(at) {
                        *slot = Arc::new(saved);
                    }
                }
            }
        }
        *state = next;
        Ok(file.orders.len())
    }

    async fn export(&self) -> Result<OrdersFile, StoreError> {
        Ok(self.to_orders_file())
    }

    async fn count(&self) -> Result<usize, StoreError> {
        Ok(self.len())
    }
}
