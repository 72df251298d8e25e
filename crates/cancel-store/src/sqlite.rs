//! The SQLite store: one file, no server.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use cancel_domain::{
    ErrorKind, IdempotencyKey, IdempotencyRecord, ImportMode, LookupError, Order, OrderArchive,
    OrderDirectory, OrderStore, OrdersFile, PayloadErrors, StoreError, Vendor,
};

use crate::sql::{sql_store, Queries};
use crate::{OpenError, StoreOptions};

const QUERIES: Queries = Queries {
    schema_table: "CREATE TABLE IF NOT EXISTS cancelkit_schema (version BIGINT NOT NULL)",
    schema_version: "SELECT version FROM cancelkit_schema ORDER BY version DESC LIMIT 1",
    set_schema_version: "INSERT INTO cancelkit_schema (version) VALUES (?)",
    load_by_id: "SELECT version, body FROM cancelkit_orders WHERE id = ?",
    load_by_vendor: "SELECT o.version, o.body FROM cancelkit_vendor_ids v JOIN cancelkit_orders o ON o.id = v.order_id WHERE v.vendor = ? AND v.vendor_id = ?",
    update_if_version: "UPDATE cancelkit_orders SET body = ?, version = version + 1 WHERE id = ? AND version = ?",
    version_of: "SELECT version FROM cancelkit_orders WHERE id = ?",
    insert_record: "INSERT INTO cancelkit_idempotency (key, order_id, record, stored_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET order_id = excluded.order_id, record = excluded.record, stored_at_ms = excluded.stored_at_ms WHERE cancelkit_idempotency.stored_at_ms < ?",
    recorded: "SELECT record FROM cancelkit_idempotency WHERE key = ? AND stored_at_ms >= ?",
    vendor_ids_of: "SELECT vendor, vendor_id FROM cancelkit_vendor_ids WHERE order_id = ?",
    delete_vendor_ids: "DELETE FROM cancelkit_vendor_ids WHERE order_id = ?",
    insert_vendor_id: "INSERT INTO cancelkit_vendor_ids (vendor, vendor_id, order_id) VALUES (?, ?, ?)",
    insert_order: "INSERT INTO cancelkit_orders (id, position, version, body) VALUES (?, ?, ?, ?)",
    replace_order: "UPDATE cancelkit_orders SET body = ?, version = ? WHERE id = ?",
    next_position: "SELECT COALESCE(MAX(position) + 1, 0) FROM cancelkit_orders",
    export: "SELECT version, body FROM cancelkit_orders ORDER BY position",
    count: "SELECT COUNT(*) FROM cancelkit_orders",
    purge: "DELETE FROM cancelkit_idempotency WHERE stored_at_ms < ?",
    clear: &[
        "DELETE FROM cancelkit_idempotency",
        "DELETE FROM cancelkit_vendor_ids",
        "DELETE FROM cancelkit_orders",
    ],
    import_lock: None,
};

/// An [`OrderStore`], [`OrderDirectory`] and [`OrderArchive`] in one SQLite file (see the
/// [crate docs](crate) for the guarantees).
///
/// The file is opened in WAL mode with `synchronous=FULL` (a save acknowledged is on disk)
/// and a 10-second busy timeout; writers queue on SQLite's single write lock, so the file
/// suits one machine: several processes may open it, but one PostgreSQL serves many
/// machines. Drop or [`close`](Self::close) the store before deleting the file.
#[derive(Debug, Clone)]
pub struct SqliteOrderStore {
    pool: SqlitePool,
    options: StoreOptions,
}

impl SqliteOrderStore {
    const BACKEND: &'static str = "sqlite";
    const MIGRATION_LOCK: Option<&'static str> = None;

    /// Opens (creating it when missing) and migrates the SQLite file `url` names
    /// (`sqlite:PATH`, `sqlite://PATH`, or a bare path); then purges expired keys.
    ///
    /// # Errors
    ///
    /// [`OpenError::Connect`] when the file cannot be opened, [`OpenError::Migrate`] /
    /// [`OpenError::SchemaTooNew`] when the schema cannot be brought up to date.
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Self, OpenError> {
        let connect = |source| OpenError::Connect {
            backend: Self::BACKEND,
            source,
        };
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite:{url}")
        };
        let connect_options = SqliteConnectOptions::from_str(&url)
            .map_err(connect)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections.clamp(1, 4))
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect_options)
            .await
            .map_err(connect)?;
        let store = Self {
            pool,
            options: options.clone(),
        };
        store.migrate_now().await?;
        // Expired keys go at every open; a failure here is not a reason to refuse to start.
        let _ = store.purge_now().await;
        Ok(store)
    }
}

sql_store!(SqliteOrderStore, sqlx::Sqlite, QUERIES);
