//! `cancelkit convert`.

use std::future::Future as _;
use std::io::{BufRead, BufWriter, Write};
use std::sync::Arc;

use cancel_kit::domain::{
    json::Limits, DialectId, ErrorKind, PayloadKind, TranslateError, TranslationReport,
};
use cancel_kit::{ConvertError, Translator};

use crate::cli::ConvertArgs;
use crate::exit::{self, Failure};
use crate::{config, input};

mod stream;
mod summary;

/// Where the report goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportTo {
    /// Human form on stderr.
    Stderr,
    /// JSON to stdout after the body.
    Stdout,
    /// JSON to the `--report` file.
    File,
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
    let (report_to, mut report_file) = match args.report.as_deref() {
        None => (ReportTo::Stderr, None),
        Some(p) if p.as_os_str() == "-" => (ReportTo::Stdout, None),
        Some(p) => {
            let file = std::fs::File::create(p)
                .map_err(|e| Failure::usage(format!("cannot write report {}: {e}", p.display())))?;
            (ReportTo::File, Some(BufWriter::new(file)))
        }
    };
    let answered = match &args.request {
        Some(path) => Some(input::read(path, limits.max_bytes)?.bytes),
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start the runtime: {e}")))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    // Diagnostics and human reports are buffered too (one line per document would otherwise
    // cost a write system call each) and flushed before returning.
    let mut err = BufWriter::with_capacity(16 * 1024, std::io::stderr());
    let code = run_io(
        args,
        (&runtime, &translator),
        answered.as_deref(),
        Outputs {
            out: &mut out,
            err: &mut err,
            report: report_file
                .as_mut()
                .map_or(&mut std::io::sink() as &mut dyn Write, |f| f),
        },
        report_to,
        limits,
    );
    let flushed = err.flush();
    let code = code?;
    flushed.map_err(write_failed)?;
    out.flush().map_err(write_failed)?;
    if let Some(file) = &mut report_file {
        file.flush().map_err(write_failed)?;
    }
    Ok(code)
}

/// The conversion proper, writing bodies to `out` and diagnostics to `err`.
fn run_io(
    args: &ConvertArgs,
    (runtime, translator): (&tokio::runtime::Runtime, &Translator),
    answered: Option<&[u8]>,
    mut outputs: Outputs<impl Write, impl Write, impl Write>,
    report_to: ReportTo,
    limits: Limits,
) -> Result<u8, Failure> {
    let from: DialectId = args.from.into();
    let to: DialectId = args.to.into();
    let kind: PayloadKind = args.kind.into();
    let work = if args.passthrough {
        Work::Passthrough
    } else {
        Work::Translate {
            runtime,
            translator,
            route: (from, to, kind),
            answered,
        }
    };
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
        let threads = args
            .threads
            .map_or_else(stream::default_threads, usize::from);
        stream::run(&work, reader, &mut outputs, report_to, limits, threads)?
    } else {
        let doc = input::read(&args.path, limits.max_bytes)?;
        let mut body = Vec::with_capacity(doc.bytes.len() + 64);
        let mut text = Vec::new();
        match work.run(&doc.bytes, &mut body) {
            Ok(report) => {
                body.push(b'\n');
                outputs.out.write_all(&body).map_err(write_failed)?;
                emit_report(report_to, &mut outputs, &mut text, &report)?;
                exit::OK
            }
            Err(e) => {
                report_error(&mut outputs.err, &doc.name, None, &e)?;
                crate::errors::exit_code(&e)
            }
        }
    };
    Ok(code)
}

/// What each document goes through.
enum Work<'a> {
    /// The conversion.
    Translate {
        runtime: &'a tokio::runtime::Runtime,
        translator: &'a Translator,
        route: (DialectId, DialectId, PayloadKind),
        answered: Option<&'a [u8]>,
    },
    /// The untyped baseline of the benchmarks: `serde_json::Value` in, compact JSON out.
    Passthrough,
}

impl Work<'_> {
    fn run(&self, bytes: &[u8], body: &mut Vec<u8>) -> Result<TranslationReport, ConvertError> {
        match self {
            Self::Translate {
                runtime,
                translator,
                route: (from, to, kind),
                answered,
            } => {
                let translation =
                    translator.translate_answering(*from, *to, *kind, bytes, *answered, body);
                let mut translation = std::pin::pin!(translation);
                // With the in-memory directory (or none) the translation never waits: one
                // poll finishes it, without the cost of entering the runtime per document.
                // Anything that does wait is driven to the end by the runtime.
                let _context = runtime.enter();
                let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
                match translation.as_mut().poll(&mut cx) {
                    std::task::Poll::Ready(result) => result,
                    std::task::Poll::Pending => runtime.block_on(translation),
                }
            }
            Self::Passthrough => {
                let invalid = |e: serde_json::Error| {
                    ConvertError::Translate(TranslateError::invalid(
                        "",
                        ErrorKind::Syntax,
                        e.to_string(),
                    ))
                };
                let value: serde_json::Value = serde_json::from_slice(bytes).map_err(invalid)?;
                serde_json::to_writer(&mut *body, &value).map_err(invalid)?;
                Ok(TranslationReport::new())
            }
        }
    }
}

/// The three streams a conversion writes: bodies, diagnostics, `--report` records.
struct Outputs<O, E, R> {
    out: O,
    err: E,
    report: R,
}

/// Writes the report of a single document: human lines on `err` (built in `text`), or a
/// JSON record on stdout or the report file.
fn emit_report(
    to: ReportTo,
    outputs: &mut Outputs<impl Write, impl Write, impl Write>,
    text: &mut Vec<u8>,
    report: &TranslationReport,
) -> Result<(), Failure> {
    match to {
        ReportTo::Stderr => {
            // `report: <entry>` per entry, all of them built in `text` and written at once.
            // An entry whose text holds a line break (a source key can) gets the prefix on
            // each of its lines, as `str::lines` splits them.
            text.clear();
            let mut entry = Vec::new();
            for e in &report.entries {
                entry.clear();
                e.write_human(&mut entry);
                for part in human_lines(&entry) {
                    text.extend_from_slice(b"report: ");
                    text.extend_from_slice(part);
                    text.push(b'\n');
                }
            }
            outputs.err.write_all(text).map_err(write_failed)
        }
        ReportTo::Stdout => json_line(&mut outputs.out, None, report),
        ReportTo::File => json_line(&mut outputs.report, None, report),
    }
}

/// One JSON report record and a newline: `{"line":N,"entries":[...]}` (no `line` for a
/// single document).
fn json_line(
    into: &mut impl Write,
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
    serde_json::to_writer(&mut *into, &record).map_err(|e| write_failed(e.into()))?;
    into.write_all(b"\n").map_err(write_failed)
}

/// The lines of `text` exactly as `str::lines` splits them (at `\n`, a `\r` before it
/// dropped, no empty last line after a final `\n`).
fn human_lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split_inclusive(|&b| b == b'\n')
        .map(|line| match line.strip_suffix(b"\n") {
            Some(line) => line.strip_suffix(b"\r").unwrap_or(line),
            None => line,
        })
}

fn report_error(
    err: &mut impl Write,
    name: &str,
    line: Option<usize>,
    e: &ConvertError,
) -> Result<(), Failure> {
    let place = match line {
        Some(n) => format!("line {n}"),
        None => name.to_owned(),
    };
    match e {
        ConvertError::Translate(TranslateError::Invalid(errors)) => {
            for problem in errors.iter() {
                writeln!(
                    err,
                    "{place}: invalid: {}: {}: {}",
                    problem.path, problem.kind, problem.message
                )
                .map_err(write_failed)?;
            }
            Ok(())
        }
        other => writeln!(
            err,
            "{place}: cannot convert: {}",
            crate::errors::convert_message(other)
        )
        .map_err(write_failed),
    }
}

fn write_failed(e: std::io::Error) -> Failure {
    Failure::usage(format!("cannot write output: {e}"))
}

fn read_failed(e: std::io::Error) -> Failure {
    Failure::usage(format!("cannot read input: {e}"))
}

#[cfg(test)]
mod tests {
    use super::human_lines;

    #[test]
    fn report_lines_split_like_str_lines() {
        for text in ["one", "a\nb", "a\r\nb\n", "a\n\nb", "\n", "", "x\r"] {
            let ours: Vec<&[u8]> = human_lines(text.as_bytes()).collect();
            let std: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
