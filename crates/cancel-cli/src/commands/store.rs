//! `cancelkit store import|export`: orders files in and out of a persistent store.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use cancel_kit::domain::{ImportMode, InMemoryOrderStore};
use cancel_kit::endpoint::SharedStore;
use clap::{Args, Subcommand};

use crate::exit::{self, Failure};

/// Settings of a persistent store, shared by `serve --store` and `store`.
#[derive(Debug, Args)]
pub(crate) struct StoreOptionArgs {
    /// How long an idempotency key's answer is replayed, in seconds (persistent stores;
    /// default 86400, one day). Older keys are purged and may be used afresh.
    #[arg(long, value_name = "SECONDS", default_value_t = cancel_store::DEFAULT_KEY_TTL.as_secs())]
    pub(crate) key_ttl: u64,
    /// Most database connections this process opens (SQLite: at most 4).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub(crate) max_connections: u32,
}

#[derive(Debug, Args)]
pub(crate) struct StoreArgs {
    #[command(subcommand)]
    pub(crate) command: StoreCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum StoreCommand {
    /// Store the orders of an orders file (checked as `serve --orders` checks it), in one
    /// transaction; an order already stored is replaced (at a newer version). Prints the
    /// number of orders stored.
    Import(ImportArgs),
    /// Print every stored order, at its current version, as an orders file.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The store: `sqlite:PATH` (created if missing) or `postgres://...`.
    #[arg(long, value_name = "URL")]
    pub(crate) store: String,
    /// Empty the store first (every order and idempotency key), so it holds exactly FILE.
    #[arg(long)]
    pub(crate) replace: bool,
    #[command(flatten)]
    pub(crate) options: StoreOptionArgs,
    /// Orders file (JSON of core orders).
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The store: `sqlite:PATH` or `postgres://...`.
    #[arg(long, value_name = "URL")]
    pub(crate) store: String,
    #[command(flatten)]
    pub(crate) options: StoreOptionArgs,
}

/// Opens the store `url` names, with the error's causes in the message.
pub(crate) async fn open(url: &str, args: &StoreOptionArgs) -> Result<SharedStore, Failure> {
    let options = cancel_store::StoreOptions::default()
        .with_key_ttl(Duration::from_secs(args.key_ttl))
        .with_max_connections(args.max_connections);
    cancel_store::open(url, &options)
        .await
        .map_err(|e| Failure::usage(chain(&e)))
}

/// An error and its sources, `: `-separated (each Display names only its own part).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub(crate) fn run(args: &StoreArgs) -> Result<u8, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        match &args.command {
            StoreCommand::Import(args) => import(args).await,
            StoreCommand::Export(args) => export(args).await,
        }
    })
}

async fn import(args: &ImportArgs) -> Result<u8, Failure> {
    // Read and check the file exactly as `serve --orders` does.
    let file = InMemoryOrderStore::from_file(&args.file)
        .and_then(|store| crate::config::built_in_vendor_ids(&args.file).map(|()| store))
        .map_err(|e| Failure {
            code: exit::INVALID,
            message: format!("{}: {e}", args.file.display()),
        })?
        .to_orders_file();
    let store = open(&args.store, &args.options).await?;
    let mode = if args.replace {
        ImportMode::Replace
    } else {
        ImportMode::Merge
    };
    let n = store.import(&file, mode).await.map_err(|e| Failure {
        code: exit::INVALID,
        message: format!("cannot import {}: {}", args.file.display(), chain(&e)),
    })?;
    println!("imported {n} orders");
    Ok(exit::OK)
}

async fn export(args: &ExportArgs) -> Result<u8, Failure> {
    let store = open(&args.store, &args.options).await?;
    let file = store
        .export()
        .await
        .map_err(|e| Failure::usage(format!("cannot export: {}", chain(&e))))?;
    let mut out = serde_json::to_vec_pretty(&file).map_err(|e| Failure::usage(e.to_string()))?;
    out.push(b'\n');
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::usage(format!("cannot write the orders: {e}")))?;
    Ok(exit::OK)
}
