//! `cancelkit convert`.

use std::io::{BufRead, BufWriter, Write};
use std::sync::Arc;

use cancel_kit::domain::{json::Limits, DialectId, PayloadKind, TranslationReport};
use cancel_kit::{ConvertError, Translator};

use crate::cli::ConvertArgs;
use crate::exit::{self, Failure};
use crate::lines::{self, Line};
use crate::{config, input};

/// Where the JSON report goes.
enum ReportSink {
    /// Human form on stderr.
    Stderr,
    /// JSON to stdout after the body.
    Stdout,
    /// JSON to a file.
    File(BufWriter<std::fs::File>),
}

pub(crate) fn run(args: &ConvertArgs, limits: Limits) -> Result<u8, Failure> {
    let mut policy = config::policy(args.policy.as_deref())?;
    if let Some(reason) = args.default_reason {
        policy.translate.default_reason = Some(reason);
    }
    if args.allow_loss {
        policy.translate.allow_loss = true;
    }
    let mut translator = Translator::new(policy)
        .map_err(|e| Failure::usage(e.to_string()))?
        .with_limits(limits);
    if let Some(path) = &args.orders {
        translator = translator.with_directory(Arc::new(config::directory(path)?));
    }
    let from: DialectId = args.from.into();
    let to: DialectId = args.to.into();
    let kind: PayloadKind = args.kind.into();
    let mut sink =
        match args.report.as_deref() {
            None => ReportSink::Stderr,
            Some(p) if p.as_os_str() == "-" => ReportSink::Stdout,
            Some(p) => ReportSink::File(BufWriter::new(std::fs::File::create(p).map_err(|e| {
                Failure::usage(format!("cannot write report {}: {e}", p.display()))
            })?)),
        };
    let answered = match &args.request {
        Some(path) => Some(input::read(path)?.bytes),
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start the runtime: {e}")))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let code = if args.ndjson {
        let reader: Box<dyn BufRead> = if args.path.as_os_str() == "-" {
            Box::new(std::io::BufReader::with_capacity(
                64 * 1024,
                std::io::stdin().lock(),
            ))
        } else {
            let file = std::fs::File::open(&args.path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", args.path.display())))?;
            Box::new(std::io::BufReader::with_capacity(64 * 1024, file))
        };
        stream(
            &runtime,
            &translator,
            (from, to, kind),
            answered.as_deref(),
            reader,
            &mut out,
            &mut sink,
            limits,
        )?
    } else {
        let doc = input::read(&args.path)?;
        let mut body = Vec::with_capacity(doc.bytes.len() + 64);
        match runtime.block_on(translator.translate_answering(
            from,
            to,
            kind,
            &doc.bytes,
            answered.as_deref(),
            &mut body,
        )) {
            Ok(report) => {
                body.push(b'\n');
                out.write_all(&body).map_err(write_failed)?;
                emit_report(&mut sink, &mut out, None, &report)?;
                exit::OK
            }
            Err(e) => {
                report_error(&doc.name, None, &e);
                e.exit_code()
            }
        }
    };
    out.flush().map_err(write_failed)?;
    if let ReportSink::File(file) = &mut sink {
        file.flush().map_err(write_failed)?;
    }
    Ok(code)
}

#[allow(clippy::too_many_arguments)]
fn stream(
    runtime: &tokio::runtime::Runtime,
    translator: &Translator,
    (from, to, kind): (DialectId, DialectId, PayloadKind),
    answered: Option<&[u8]>,
    mut reader: Box<dyn BufRead>,
    out: &mut impl Write,
    sink: &mut ReportSink,
    limits: Limits,
) -> Result<u8, Failure> {
    let mut worst = exit::OK;
    let mut line = Vec::with_capacity(4096);
    let mut body = Vec::with_capacity(4096);
    let mut number = 0usize;
    while let Some(read) =
        lines::next_line(&mut reader, &mut line, limits.max_bytes).map_err(read_failed)?
    {
        number += 1;
        match read {
            Line::TooLong(len) => {
                eprintln!("line {number}: invalid: $: syntax: line is {len} bytes, over the limit of {} bytes; skipped", limits.max_bytes);
                worst = worst.max(exit::INVALID);
            }
            Line::Doc if line.iter().all(u8::is_ascii_whitespace) => {}
            Line::Doc => {
                body.clear();
                match runtime.block_on(
                    translator.translate_answering(from, to, kind, &line, answered, &mut body),
                ) {
                    Ok(report) => {
                        body.push(b'\n');
                        out.write_all(&body).map_err(write_failed)?;
                        emit_report(sink, out, Some(number), &report)?;
                    }
                    Err(e) => {
                        report_error("-", Some(number), &e);
                        worst = worst.max(e.exit_code());
                    }
                }
            }
        }
    }
    Ok(worst)
}

fn emit_report(
    sink: &mut ReportSink,
    out: &mut impl Write,
    line: Option<usize>,
    report: &TranslationReport,
) -> Result<(), Failure> {
    #[derive(serde::Serialize)]
    struct Record<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        entries: &'a [cancel_kit::domain::ReportEntry],
    }
    let record = Record {
        line,
        entries: &report.entries,
    };
    match sink {
        ReportSink::Stderr => {
            if !report.is_clean() {
                let prefix = line.map(|n| format!("line {n}: ")).unwrap_or_default();
                for entry in report.to_string().lines() {
                    eprintln!("{prefix}report: {entry}");
                }
            }
            Ok(())
        }
        ReportSink::Stdout => {
            serde_json::to_writer(&mut *out, &record).map_err(|e| write_failed(e.into()))?;
            out.write_all(b"\n").map_err(write_failed)
        }
        ReportSink::File(file) => {
            serde_json::to_writer(&mut *file, &record).map_err(|e| write_failed(e.into()))?;
            file.write_all(b"\n").map_err(write_failed)
        }
    }
}

fn report_error(name: &str, line: Option<usize>, e: &ConvertError) {
    let place = match line {
        Some(n) => format!("line {n}"),
        None => name.to_owned(),
    };
    match e {
        ConvertError::Translate(cancel_kit::domain::TranslateError::Invalid(errors)) => {
            for err in errors.iter() {
                eprintln!(
                    "{place}: invalid: {}: {}: {}",
                    err.path, err.kind, err.message
                );
            }
        }
        other => eprintln!("{place}: cannot convert: {other}"),
    }
}

fn write_failed(e: std::io::Error) -> Failure {
    Failure::usage(format!("cannot write output: {e}"))
}

fn read_failed(e: std::io::Error) -> Failure {
    Failure::usage(format!("cannot read input: {e}"))
}
