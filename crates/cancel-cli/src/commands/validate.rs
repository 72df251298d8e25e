//! `cancelkit validate`.

use std::io::Write;

use cancel_kit::domain::{json::Limits, Dialect, PayloadError, PayloadKind};
use serde::Serialize;

use crate::cli::{Format, ValidateArgs};
use crate::exit::{self, Failure};
use crate::input;

#[derive(Serialize)]
struct FileResult {
    file: String,
    valid: bool,
    errors: Vec<PayloadError>,
    /// Findings only strict validation refuses (reported, not fatal, without `--strict`).
    warnings: Vec<PayloadError>,
}

pub(crate) fn run(
    args: &ValidateArgs,
    dialect: &dyn Dialect,
    limits: &Limits,
) -> Result<u8, Failure> {
    let kind = PayloadKind::from(args.kind);
    let files = input::expand(&args.paths)?;
    let mut results = Vec::with_capacity(files.len());
    // A file that cannot be read does not hide the verdicts on the others: it is named on
    // stderr and the run ends with the usage exit code once every other file is checked.
    let mut unreadable = false;
    for file in &files {
        let doc = match input::read(file, limits.max_bytes) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("{e}");
                unreadable = true;
                continue;
            }
        };
        let result = match dialect.validate(kind, &doc.bytes, limits) {
            Ok(findings) if args.strict => FileResult {
                file: doc.name,
                valid: findings.is_empty(),
                errors: findings,
                warnings: Vec::new(),
            },
            Ok(findings) => FileResult {
                file: doc.name,
                valid: true,
                errors: Vec::new(),
                warnings: findings,
            },
            Err(errors) => FileResult {
                file: doc.name,
                valid: false,
                errors: errors.0,
                warnings: Vec::new(),
            },
        };
        results.push(result);
    }
    let code = if unreadable {
        exit::USAGE
    } else if results.iter().all(|r| r.valid) {
        exit::OK
    } else {
        exit::INVALID
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &results)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Text => write_text(&mut out, &results),
    };
    written.map_err(|e| Failure::usage(format!("cannot write output: {e}")))?;
    Ok(code)
}

fn write_text(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    for r in results {
        if r.valid {
            writeln!(out, "ok {}", r.file)?;
        }
        for e in &r.errors {
            writeln!(
                out,
                "invalid {}: {}: {}: {}",
                r.file, e.path, e.kind, e.message
            )?;
        }
        for w in &r.warnings {
            eprintln!(
                "warning {}: {}: {}: {} (refused under --strict)",
                r.file, w.path, w.kind, w.message
            );
        }
    }
    Ok(())
}
