//! What the SQLite and PostgreSQL stores share: the schema, the statements (in each
//! backend's placeholder syntax) and, through [`sql_store!`], one implementation of the
//! store traits written once for both pools.

/// The newest schema version this build knows.
pub(crate) const SCHEMA_VERSION: i64 = 1;

/// Schema version 1 (both backends accept it as written).
///
/// - `cancelkit_orders`: one row per order; `body` is the order's JSON, `version` the
///   compare-and-swap version (authoritative over the JSON's own), `position` the import
///   order that export keeps.
/// - `cancelkit_vendor_ids`: each vendor's order id, unique per vendor (lookups by vendor
///   id, and the same duplicate refusal as the in-memory store).
/// - `cancelkit_idempotency`: each recorded key, its record as JSON and when it was stored
///   (wall clock, milliseconds), for expiry.
pub(crate) const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS cancelkit_orders (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cancelkit_vendor_ids (
    vendor TEXT NOT NULL,
    vendor_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (vendor, vendor_id)
);
CREATE INDEX IF NOT EXISTS cancelkit_vendor_ids_order ON cancelkit_vendor_ids (order_id);
CREATE TABLE IF NOT EXISTS cancelkit_idempotency (
    key TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    record TEXT NOT NULL,
    stored_at_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS cancelkit_idempotency_stored ON cancelkit_idempotency (stored_at_ms);
";

/// The statements of one backend (same order and meaning of parameters in both).
#[derive(Debug)]
pub(crate) struct Queries {
    /// Creates the version table.
    pub(crate) schema_table: &'static str,
    /// The current schema version (one row, or none).
    pub(crate) schema_version: &'static str,
    /// (version) records the schema version.
    pub(crate) set_schema_version: &'static str,
    /// (id) → version, body.
    pub(crate) load_by_id: &'static str,
    /// (vendor, vendor_id) → version, body.
    pub(crate) load_by_vendor: &'static str,
    /// (body, id, expected version): the compare-and-swap.
    pub(crate) update_if_version: &'static str,
    /// (id) → version.
    pub(crate) version_of: &'static str,
    /// (key, order, record, stored_at, cutoff): inserts a record, or replaces an expired one.
    pub(crate) insert_record: &'static str,
    /// (key, cutoff) → record.
    pub(crate) recorded: &'static str,
    /// (id) → vendor, vendor_id.
    pub(crate) vendor_ids_of: &'static str,
    /// (id) deletes the order's vendor ids.
    pub(crate) delete_vendor_ids: &'static str,
    /// (vendor, vendor_id, id).
    pub(crate) insert_vendor_id: &'static str,
    /// (id, position, version, body).
    pub(crate) insert_order: &'static str,
    /// (body, version, id): overwrites an order on import.
    pub(crate) replace_order: &'static str,
    /// → next position.
    pub(crate) next_position: &'static str,
    /// Every order → version, body, in position order.
    pub(crate) export: &'static str,
    /// → count.
    pub(crate) count: &'static str,
    /// (cutoff) deletes expired records.
    pub(crate) purge: &'static str,
    /// Empties the store (import with `Replace`); run in the import's transaction.
    pub(crate) clear: &'static [&'static str],
    /// Run first in an import's transaction (PostgreSQL: table locks in save order).
    pub(crate) import_lock: Option<&'static str>,
}

/// Implements `OrderStore`, `OrderDirectory` and `OrderArchive` for `$store`, a struct
/// with `pool: sqlx::Pool<$db>` and `options: StoreOptions` fields, with the statements of
/// `$queries`.
macro_rules! sql_store {
    ($store:ty, $db:ty, $queries:expr) => {
        impl $store {
            async fn migrate_now(&self) -> Result<(), $crate::OpenError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                let fail = |source| $crate::OpenError::Migrate {
                    backend: Self::BACKEND,
                    source,
                };
                let mut tx = self.pool.begin().await.map_err(fail)?;
                if let Some(lock) = Self::MIGRATION_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(fail)?;
                }
                sqlx::raw_sql(q.schema_table)
                    .execute(&mut *tx)
                    .await
                    .map_err(fail)?;
                let found: Option<i64> = sqlx::query(q.schema_version)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(fail)?
                    .map(|row| row.try_get_unchecked::<i64, _>(0))
                    .transpose()
                    .map_err(fail)?;
                let found = found.unwrap_or(0);
                if found > $crate::sql::SCHEMA_VERSION {
                    return Err($crate::OpenError::SchemaTooNew {
                        found,
                        supported: $crate::sql::SCHEMA_VERSION,
                    });
                }
                if found < 1 {
                    sqlx::raw_sql($crate::sql::SCHEMA_V1)
                        .execute(&mut *tx)
                        .await
                        .map_err(fail)?;
                    sqlx::query(q.set_schema_version)
                        .bind($crate::sql::SCHEMA_VERSION)
                        .execute(&mut *tx)
                        .await
                        .map_err(fail)?;
                }
                tx.commit().await.map_err(fail)?;
                Ok(())
            }

            fn order_from(version: i64, body: &str) -> Result<Order, StoreError> {
                let mut order: Order = serde_json::from_str(body).map_err($crate::backend)?;
                order.version = $crate::from_db_version(version)?;
                Ok(order)
            }

            async fn load_now(
                &self,
                id: &str,
                id_space: Option<Vendor>,
            ) -> Result<Option<Order>, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                if let Some(vendor) = id_space {
                    let vendor_name = vendor.as_str();
                    let row = sqlx::query(q.load_by_vendor)
                        .bind(vendor_name)
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::backend)?;
                    if let Some(row) = row {
                        let version: i64 = row.try_get(0).map_err($crate::backend)?;
                        let body: String = row.try_get(1).map_err($crate::backend)?;
                        return Self::order_from(version, &body).map(Some);
                    }
                }
                let row = sqlx::query(q.load_by_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::backend)?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let version: i64 = row.try_get(0).map_err($crate::backend)?;
                let body: String = row.try_get(1).map_err($crate::backend)?;
                let order = Self::order_from(version, &body)?;
                // `id_at` falls back to the canonical id only when the vendor has none.
                Ok(match id_space {
                    Some(v) if order.vendor_ids.contains_key(&v) => None,
                    _ => Some(order),
                })
            }

            async fn save_now(
                &self,
                order: &Order,
                record: Option<&IdempotencyRecord>,
            ) -> Result<u64, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                cancel_domain::check_order(order, "").map_err(StoreError::Invalid)?;
                let body = serde_json::to_string(order).map_err($crate::backend)?;
                let expected = $crate::to_db_version(order.version)?;
                let record_json = record
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err($crate::backend)?;
                let mut tx = self.pool.begin().await.map_err($crate::backend)?;
                let updated = sqlx::query(q.update_if_version)
                    .bind(&body)
                    .bind(order.id.as_str())
                    .bind(expected)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                if updated.rows_affected() != 1 {
                    let found = sqlx::query(q.version_of)
                        .bind(order.id.as_str())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::backend)?
                        .map(|row| row.try_get::<i64, _>(0))
                        .transpose()
                        .map_err($crate::backend)?
                        .map($crate::from_db_version)
                        .transpose()?;
                    // Dropping the transaction rolls it back.
                    return Err(StoreError::Conflict {
                        order: order.id.clone(),
                        expected: order.version,
                        found,
                    });
                }
                if let (Some(record), Some(json)) = (record, record_json) {
                    let inserted = sqlx::query(q.insert_record)
                        .bind(record.key.as_str())
                        .bind(record.order.as_str())
                        .bind(json)
                        .bind($crate::now_ms())
                        .bind($crate::cutoff_ms(self.options.key_ttl))
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                    if inserted.rows_affected() != 1 {
                        return Err(StoreError::KeyRecorded {
                            key: record.key.clone(),
                        });
                    }
                }
                let stored_ids = sqlx::query(q.vendor_ids_of)
                    .bind(order.id.as_str())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let mut stored = std::collections::BTreeSet::new();
                for row in stored_ids {
                    let vendor: String = row.try_get(0).map_err($crate::backend)?;
                    let id: String = row.try_get(1).map_err($crate::backend)?;
                    stored.insert((vendor, id));
                }
                let wanted: std::collections::BTreeSet<(String, String)> = order
                    .vendor_ids
                    .iter()
                    .map(|(v, id)| (v.to_string(), id.clone()))
                    .collect();
                if stored != wanted {
                    Self::write_vendor_ids(&mut tx, order, "").await?;
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(order.version.saturating_add(1))
            }

            /// Replaces the vendor ids of `order` (within `tx`); a vendor id used by another
            /// order is the in-memory store's duplicate refusal.
            async fn write_vendor_ids(
                tx: &mut sqlx::Transaction<'_, $db>,
                order: &Order,
                base: &str,
            ) -> Result<(), StoreError> {
                let q: &$crate::sql::Queries = &$queries;
                sqlx::query(q.delete_vendor_ids)
                    .bind(order.id.as_str())
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::backend)?;
                for (vendor, id) in &order.vendor_ids {
                    let vendor_name = vendor.as_str();
                    let inserted = sqlx::query(q.insert_vendor_id)
                        .bind(vendor_name)
                        .bind(id.as_str())
                        .bind(order.id.as_str())
                        .execute(&mut **tx)
                        .await;
                    match inserted {
                        Ok(_) => {}
                        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                            return Err($crate::duplicate_vendor_id(base, order));
                        }
                        Err(e) => return Err($crate::backend(e)),
                    }
                }
                Ok(())
            }

            async fn recorded_now(
                &self,
                key: &IdempotencyKey,
            ) -> Result<Option<IdempotencyRecord>, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                let row = sqlx::query(q.recorded)
                    .bind(key.as_str())
                    .bind($crate::cutoff_ms(self.options.key_ttl))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::backend)?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let json: String = row.try_get(0).map_err($crate::backend)?;
                serde_json::from_str(&json)
                    .map(Some)
                    .map_err($crate::backend)
            }

            async fn import_now(
                &self,
                file: &OrdersFile,
                mode: ImportMode,
            ) -> Result<usize, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                let mut seen = std::collections::BTreeSet::new();
                let mut bodies = Vec::with_capacity(file.orders.len());
                for (i, order) in file.orders.iter().enumerate() {
                    let path = format!("orders[{i}]");
                    cancel_domain::check_order(order, &path).map_err(StoreError::Invalid)?;
                    if !seen.insert(order.id.as_str()) {
                        return Err(StoreError::Invalid(PayloadErrors::one(
                            format!("{path}.id"),
                            ErrorKind::Duplicate,
                            format!("order {} appears more than once", order.id),
                        )));
                    }
                    bodies.push(serde_json::to_string(order).map_err($crate::backend)?);
                }
                let mut tx = self.pool.begin().await.map_err($crate::backend)?;
                if let Some(lock) = q.import_lock {
                    sqlx::query(lock)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                if mode == ImportMode::Replace {
                    for statement in q.clear {
                        sqlx::query(statement)
                            .execute(&mut *tx)
                            .await
                            .map_err($crate::backend)?;
                    }
                }
                let mut position: i64 = sqlx::query(q.next_position)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .try_get_unchecked(0)
                    .map_err($crate::backend)?;
                for (i, (order, body)) in file.orders.iter().zip(&bodies).enumerate() {
                    let stored = sqlx::query(q.version_of)
                        .bind(order.id.as_str())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::backend)?
                        .map(|row| row.try_get::<i64, _>(0))
                        .transpose()
                        .map_err($crate::backend)?;
                    let given = $crate::to_db_version(order.version)?;
                    match stored {
                        Some(stored) => {
                            sqlx::query(q.replace_order)
                                .bind(body)
                                .bind(stored.saturating_add(1).max(given))
                                .bind(order.id.as_str())
                                .execute(&mut *tx)
                                .await
                                .map_err($crate::backend)?;
                        }
                        None => {
                            sqlx::query(q.insert_order)
                                .bind(order.id.as_str())
                                .bind(position)
                                .bind(given)
                                .bind(body)
                                .execute(&mut *tx)
                                .await
                                .map_err($crate::backend)?;
                            position = position.saturating_add(1);
                        }
                    }
                    Self::write_vendor_ids(&mut tx, order, &format!("orders[{i}]")).await?;
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(file.orders.len())
            }

            async fn export_now(&self) -> Result<OrdersFile, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                let rows = sqlx::query(q.export)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::backend)?;
                let mut orders = Vec::with_capacity(rows.len());
                for row in rows {
                    let version: i64 = row.try_get(0).map_err($crate::backend)?;
                    let body: String = row.try_get(1).map_err($crate::backend)?;
                    orders.push(Self::order_from(version, &body)?);
                }
                Ok(OrdersFile { orders })
            }

            async fn count_now(&self) -> Result<usize, StoreError> {
                use sqlx::Row as _;
                let q: &$crate::sql::Queries = &$queries;
                let n: i64 = sqlx::query(q.count)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::backend)?
                    .try_get_unchecked(0)
                    .map_err($crate::backend)?;
                usize::try_from(n).map_err($crate::backend)
            }

            async fn purge_now(&self) -> Result<u64, StoreError> {
                let q: &$crate::sql::Queries = &$queries;
                let done = sqlx::query(q.purge)
                    .bind($crate::cutoff_ms(self.options.key_ttl))
                    .execute(&self.pool)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected())
            }

            /// Closes the pool: waits for the connections in use, then closes them all.
            pub async fn close(&self) {
                self.pool.close().await;
            }

            /// The settings the store was opened with.
            pub fn options(&self) -> &$crate::StoreOptions {
                &self.options
            }
        }

        #[async_trait::async_trait]
        impl OrderStore for $store {
            async fn load(
                &self,
                id: &str,
                id_space: Option<Vendor>,
            ) -> Result<Option<Order>, StoreError> {
                self.load_now(id, id_space).await
            }

            async fn save(
                &self,
                order: &Order,
                record: Option<&IdempotencyRecord>,
            ) -> Result<u64, StoreError> {
                self.save_now(order, record).await
            }

            async fn recorded(
                &self,
                key: &IdempotencyKey,
            ) -> Result<Option<IdempotencyRecord>, StoreError> {
                self.recorded_now(key).await
            }
        }

        #[async_trait::async_trait]
        impl OrderDirectory for $store {
            async fn find_order(
                &self,
                id: &str,
                id_space: Option<Vendor>,
            ) -> Result<Option<Order>, LookupError> {
                self.load_now(id, id_space)
                    .await
                    .map_err(|e| LookupError::new(e.to_string()))
            }
        }

        #[async_trait::async_trait]
        impl OrderArchive for $store {
            async fn import(
                &self,
                file: &OrdersFile,
                mode: ImportMode,
            ) -> Result<usize, StoreError> {
                self.import_now(file, mode).await
            }

            async fn export(&self) -> Result<OrdersFile, StoreError> {
                self.export_now().await
            }

            async fn count(&self) -> Result<usize, StoreError> {
                self.count_now().await
            }

            async fn purge_expired(&self) -> Result<u64, StoreError> {
                self.purge_now().await
            }
        }
    };
}

pub(crate) use sql_store;
