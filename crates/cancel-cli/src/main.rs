//! `cancelkit`: validate, normalize, convert, check and describe order-cancel payloads.

mod cli;
mod commands;
mod config;
mod errors;
mod exit;
mod input;
mod lines;

use std::process::ExitCode;

use cancel_kit::domain::{DialectId, PayloadKind, Policy};
use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(cli: &Cli) -> Result<u8, Failure> {
    let limits = commands::limits(&cli.limits);
    match &cli.command {
        Command::Validate(args) => {
            let registry = registry(&Policy::default())?;
            let dialect = commands::dialect(&registry, args.vendor.into(), Some(args.kind.into()))?;
            commands::validate::run(args, dialect, &limits)
        }
        Command::Normalize(args) => {
            let registry = registry(&Policy::default())?;
            let dialect = commands::dialect(&registry, args.vendor.into(), Some(args.kind.into()))?;
            commands::normalize::run(args, dialect, &limits)
        }
        Command::Schema(args) => {
            let registry = registry(&Policy::default())?;
            match (args.vendor, args.kind) {
                (Some(vendor), Some(kind)) => {
                    let id: DialectId = vendor.into();
                    let kind: PayloadKind = kind.into();
                    let dialect = commands::dialect(&registry, id, Some(kind))?;
                    commands::schema::print(dialect, kind)
                }
                _ => commands::serve::print_openapi(&registry),
            }
        }
        Command::Convert(args) => commands::convert::run(args, limits),
        Command::Check(args) => commands::check::run(args, limits),
        Command::Serve(args) => commands::serve::run(args, limits),
        Command::Store(args) => commands::store::run(args),
    }
}

fn registry(policy: &Policy) -> Result<cancel_kit::domain::Registry, Failure> {
    cancel_kit::registry(policy).map_err(|e| Failure::usage(e.to_string()))
}
