//! Persistent order stores for [`CancelService`](cancel_domain::CancelService): the
//! [`OrderStore`] (and [`OrderDirectory`], [`OrderArchive`]) of cancel-kit on **SQLite**
//! (one file, no server; feature `sqlite`) and **PostgreSQL** (many instances sharing one
//! database; feature `postgres`).
//!
//! Both give the guarantees of the in-memory store, held across processes:
//!
//! - **Optimistic versions.** [`OrderStore::save`] is one transaction whose `UPDATE` only
//!   matches the row at the version the caller read; a lost race is
//!   [`StoreError::Conflict`], which `CancelService` answers by reading again, never by
//!   overwriting.
//! - **Idempotency records in the same transaction** as the order they record: a replay
//!   gets the stored answer, the same key with another request is refused by
//!   `CancelService` (`ServiceError::KeyReused`), exactly as with the in-memory store.
//! - **Key expiry.** A record older than [`StoreOptions::key_ttl`] (default
//!   [`DEFAULT_KEY_TTL`], 24 hours, measured on the store's wall clock when it was saved)
//!   is no longer replayed; its key may be used afresh. [`OrderArchive::purge_expired`]
//!   deletes expired records (also run on every open).
//! - **A schema migration on connect**, serialized between instances (PostgreSQL: an
//!   advisory lock), so any number of processes may start at once.
//!
//! Queries are checked at run time (`sqlx::query`), so building never needs a database.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use cancel_domain::{CancelService, ImportMode, OrderArchive, OrdersFile};
//! use cancel_store::{open, StoreOptions};
//!
//! let store = open("sqlite:orders.db", &StoreOptions::default()).await?;
//! let file: OrdersFile = serde_json::from_slice(&std::fs::read("orders.json")?)?;
//! store.import(&file, ImportMode::Merge).await?;
//! let service = CancelService::new(store);
//! # Ok(()) }
//! ```
//!
//! # Features
//!
#![doc = document_features::document_features!()]
// docs.rs (`--cfg docsrs`) shows which feature enables each gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cancel_domain::{ErrorKind, Order, PayloadErrors, StoreError};
pub use cancel_domain::{OrderArchive, OrderDirectory, OrderStore};

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub mod testing;

#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use postgres::PgOrderStore;
#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
pub use sqlite::SqliteOrderStore;

/// How long an idempotency record is replayed by default: 24 hours (as payment APIs keep
/// theirs).
pub const DEFAULT_KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Settings of a persistent store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreOptions {
    /// How long an idempotency record is replayed after it was saved (default
    /// [`DEFAULT_KEY_TTL`]).
    pub key_ttl: Duration,
    /// Largest number of database connections the store opens (default 8; SQLite: 4).
    pub max_connections: u32,
    /// Longest wait for a free connection (default 10 s; then the operation fails).
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            key_ttl: DEFAULT_KEY_TTL,
            max_connections: 8,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

impl StoreOptions {
    /// With another idempotency key expiry.
    #[must_use]
    pub fn with_key_ttl(mut self, ttl: Duration) -> Self {
        self.key_ttl = ttl;
        self
    }

    /// With another wait for a free connection.
    #[must_use]
    pub fn with_acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// With another connection limit (at least 1).
    #[must_use]
    pub fn with_max_connections(mut self, n: u32) -> Self {
        self.max_connections = n.max(1);
        self
    }
}

/// A store could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The URL names no store this crate knows.
    #[error("unsupported store `{scheme}`: expected sqlite:PATH or postgres://...")]
    UnknownScheme {
        /// The URL's scheme (what precedes the first `:`; never the rest, which may hold a
        /// password).
        scheme: String,
    },
    /// The store exists but this build left it out.
    #[error("this build has no {backend} store (cargo feature `{backend}` of cancel-store)")]
    Disabled {
        /// `sqlite` or `postgres`.
        backend: &'static str,
    },
    /// The database could not be reached or opened.
    #[error("cannot open the {backend} store")]
    Connect {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The schema migration failed.
    #[error("cannot migrate the {backend} store's schema")]
    Migrate {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The database was migrated by a newer cancel-store.
    #[error("the store's schema is at version {found}, newer than this build's {supported}")]
    SchemaTooNew {
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
}

/// The kind of store a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// `sqlite:PATH` (or `sqlite://PATH`).
    Sqlite,
    /// `postgres://...` or `postgresql://...`.
    Postgres,
}

impl Backend {
    /// The backend `url` names.
    ///
    /// # Errors
    ///
    /// [`OpenError::UnknownScheme`] for any other URL.
    pub fn of(url: &str) -> Result<Self, OpenError> {
        let scheme = url.split_once(':').map_or(url, |(s, _)| s);
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            other => Err(OpenError::UnknownScheme {
                scheme: other.chars().take(32).collect(),
            }),
        }
    }
}

/// Opens (creating a SQLite file when missing) and migrates the store `url` names:
/// `sqlite:PATH` or `postgres://USER@HOST:PORT/DB`.
///
/// # Errors
///
/// [`OpenError`] when the URL is not a store URL, its backend is not compiled in, or the
/// database cannot be opened or migrated.
pub async fn open(url: &str, options: &StoreOptions) -> Result<Arc<dyn OrderArchive>, OpenError> {
    match Backend::of(url)? {
        #[cfg(feature = "sqlite")]
        Backend::Sqlite => Ok(Arc::new(SqliteOrderStore::open(url, options).await?)),
        #[cfg(not(feature = "sqlite"))]
        Backend::Sqlite => Err(OpenError::Disabled { backend: "sqlite" }),
        #[cfg(feature = "postgres")]
        Backend::Postgres => Ok(Arc::new(PgOrderStore::connect(url, options).await?)),
        #[cfg(not(feature = "postgres"))]
        Backend::Postgres => Err(OpenError::Disabled {
            backend: "postgres",
        }),
    }
}

/// Milliseconds since the Unix epoch, on the wall clock.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// The oldest `stored_at` still replayed under `ttl`.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn cutoff_ms(ttl: Duration) -> i64 {
    now_ms().saturating_sub(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX))
}

#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend {
        message: e.to_string(),
    }
}

/// A version as the database keeps it (BIGINT).
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn to_db_version(v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| backend(format!("version {v} does not fit a BIGINT")))
}

#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn from_db_version(v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| backend(format!("stored version {v} is negative")))
}

/// The `vendor_ids` duplicate error of the in-memory store, for the same refusal.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
fn duplicate_vendor_id(base: &str, order: &Order) -> StoreError {
    let path = if base.is_empty() {
        "vendor_ids".to_owned()
    } else {
        format!("{base}.vendor_ids")
    };
    let ids: Vec<String> = order
        .vendor_ids
        .iter()
        .map(|(v, id)| format!("{v} {id}"))
        .collect();
    StoreError::Invalid(PayloadErrors::one(
        path,
        ErrorKind::Duplicate,
        format!(
            "a vendor order id of {} ({}) is used by another order",
            order.id,
            ids.join(", ")
        ),
    ))
}

// The README's Rust code blocks, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
