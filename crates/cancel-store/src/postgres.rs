//! The PostgreSQL store: one database shared by any number of instances.

use sqlx::postgres::{PgPool, PgPoolOptions};

use cancel_domain::{
    ErrorKind, IdempotencyKey, IdempotencyRecord, ImportMode, LookupError, Order, OrderArchive,
    OrderDirectory, OrderStore, OrdersFile, PayloadErrors, StoreError, Vendor,
};

use crate::sql::{sql_store, Queries};
use crate::{OpenError, StoreOptions};

const QUERIES: Queries = Queries {
    schema_table: "CREATE TABLE IF NOT EXISTS cancelkit_schema (version BIGINT NOT NULL)",
    schema_version: "SELECT version FROM cancelkit_schema ORDER BY version DESC LIMIT 1",
    set_schema_version: "INSERT INTO cancelkit_schema (version) VALUES ($1)",
    load_by_id: "SELECT version, body FROM cancelkit_orders WHERE id = $1",
    load_by_vendor: "SELECT o.version, o.body FROM cancelkit_vendor_ids v JOIN cancelkit_orders o ON o.id = v.order_id WHERE v.vendor = $1 AND v.vendor_id = $2",
    update_if_version: "UPDATE cancelkit_orders SET body = $1, version = version + 1 WHERE id = $2 AND version = $3",
    version_of: "SELECT version FROM cancelkit_orders WHERE id = $1",
    insert_record: "INSERT INTO cancelkit_idempotency (key, order_id, record, stored_at_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET order_id = excluded.order_id, record = excluded.record, stored_at_ms = excluded.stored_at_ms WHERE cancelkit_idempotency.stored_at_ms < $5",
    recorded: "SELECT record FROM cancelkit_idempotency WHERE key = $1 AND stored_at_ms >= $2",
    vendor_ids_of: "SELECT vendor, vendor_id FROM cancelkit_vendor_ids WHERE order_id = $1",
    delete_vendor_ids: "DELETE FROM cancelkit_vendor_ids WHERE order_id = $1",
    insert_vendor_id: "INSERT INTO cancelkit_vendor_ids (vendor, vendor_id, order_id) VALUES ($1, $2, $3)",
    insert_order: "INSERT INTO cancelkit_orders (id, position, version, body) VALUES ($1, $2, $3, $4)",
    replace_order: "UPDATE cancelkit_orders SET body = $1, version = $2 WHERE id = $3",
    next_position: "SELECT COALESCE(MAX(position) + 1, 0) FROM cancelkit_orders",
    export: "SELECT version, body FROM cancelkit_orders ORDER BY position",
    count: "SELECT COUNT(*) FROM cancelkit_orders",
    purge: "DELETE FROM cancelkit_idempotency WHERE stored_at_ms < $1",
    clear: &[
        "DELETE FROM cancelkit_idempotency",
        "DELETE FROM cancelkit_vendor_ids",
        "DELETE FROM cancelkit_orders",
    ],
    // In the order saves take them (orders, then vendor ids and records), so an import
    // waits for the saves in flight instead of deadlocking with them.
    import_lock: Some(
        "LOCK TABLE cancelkit_orders, cancelkit_vendor_ids, cancelkit_idempotency IN SHARE ROW EXCLUSIVE MODE",
    ),
};

/// An [`OrderStore`], [`OrderDirectory`] and [`OrderArchive`] on PostgreSQL (see the
/// [crate docs](crate) for the guarantees), for several `cancelkit serve` or
/// `CancelService` instances sharing one database.
///
/// Saves run at PostgreSQL's default isolation (read committed): the compare-and-swap is
/// an `UPDATE ... WHERE version = $expected`, which PostgreSQL re-checks against the newest
/// committed row when two writers meet, so exactly one of them wins and the other gets
/// [`StoreError::Conflict`]. A process killed mid-save leaves nothing behind: its open
/// transaction is rolled back when its connection drops.
#[derive(Debug, Clone)]
pub struct PgOrderStore {
    pool: PgPool,
    options: StoreOptions,
}

impl PgOrderStore {
    const BACKEND: &'static str = "postgres";
    /// Serializes migrations of instances starting together (an arbitrary, fixed key).
    const MIGRATION_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock(7243020001)");

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST:PORT/DB`, any option libpq-style
    /// URLs take) and migrates the schema; then purges expired keys.
    ///
    /// # Errors
    ///
    /// [`OpenError::Connect`] when the database cannot be reached, [`OpenError::Migrate`] /
    /// [`OpenError::SchemaTooNew`] when the schema cannot be brought up to date.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Self, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(options.acquire_timeout)
            .connect(url)
            .await
            .map_err(|source| OpenError::Connect {
                backend: Self::BACKEND,
                source,
            })?;
        let store = Self {
            pool,
            options: options.clone(),
        };
        store.migrate_now().await?;
        let _ = store.purge_now().await;
        Ok(store)
    }
}

sql_store!(PgOrderStore, sqlx::Postgres, QUERIES);
