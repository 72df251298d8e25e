//! Test support: a fresh PostgreSQL database per test on the server the environment
//! names (feature `postgres`).
//!
//! Tests that need PostgreSQL read [`POSTGRES_URL_VAR`] (`scripts/postgres.sh` starts a
//! throw-away server and prints the line to export). Without it they print that they were
//! skipped and pass, except under `CI=true`, where a missing URL is an error: in CI they can
//! never be skipped silently.

use sqlx::Connection as _;

/// The environment variable holding the URL of a PostgreSQL server tests may create
/// databases on (`postgres://USER@127.0.0.1:PORT/postgres`).
pub const POSTGRES_URL_VAR: &str = "CANCELKIT_TEST_POSTGRES_URL";

/// The URL of the test server: `Ok(None)` (after printing a "skipped" line on stderr) when
/// [`POSTGRES_URL_VAR`] is unset outside CI.
///
/// # Errors
///
/// When the variable is unset and `CI=true`.
pub fn postgres_url(test: &str) -> Result<Option<String>, String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Ok(Some(url)),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => Err(format!(
            "{test}: {POSTGRES_URL_VAR} is not set and CI=true: PostgreSQL tests must run in CI \
             (source scripts/postgres.sh first)"
        )),
        _ => {
            eprintln!(
                "{test}: skipped: {POSTGRES_URL_VAR} is not set (run `eval \"$(scripts/postgres.sh start)\"` to test PostgreSQL)"
            );
            Ok(None)
        }
    }
}

/// Creates an empty database on the test server and returns its URL; `Ok(None)` as
/// [`postgres_url`].
///
/// # Errors
///
/// As [`postgres_url`], and when the database cannot be created.
pub async fn fresh_postgres_database(test: &str) -> Result<Option<String>, String> {
    let Some(base) = postgres_url(test)? else {
        return Ok(None);
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("cancelkit_t_{}_{n}_{nanos}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .map_err(|e| format!("{test}: cannot connect to {POSTGRES_URL_VAR}: {e}"))?;
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .map_err(|e| format!("{test}: cannot create database {name}: {e}"))?;
    let _ = conn.close().await;
    Ok(Some(with_database(&base, &name)))
}

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `url` with its database replaced by `name` (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let authority_start = head.find("://").map_or(0, |i| i + 3);
    let base = match head.get(authority_start..).and_then(|rest| rest.find('/')) {
        Some(slash) => head.get(..authority_start + slash).unwrap_or(head),
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}
