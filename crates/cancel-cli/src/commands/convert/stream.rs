//! `convert --ndjson`: documents read in batches, converted on several threads, written in
//! input order.
//!
//! Each batch (about [`BATCH_BYTES`] of input) is cut into one contiguous run of lines per
//! thread; every thread writes its bodies, diagnostics and report records into buffers of
//! its own, and the buffers are written out in order. Output is byte for byte what one
//! thread would write, and memory stays bounded by two batches, whatever the input size.

use std::io::{BufRead, Write};
use std::sync::{mpsc, Arc};

use cancel_kit::domain::json::Limits;

use super::summary::Summary;
use super::{json_line, read_failed, report_error, write_failed, Outputs, ReportTo, Work};
use crate::exit::{self, Failure};
use crate::lines::{self, Line};

/// Input bytes per batch: large enough that starting the threads costs nothing next to
/// the work, small enough that a batch's output stays a few MiB.
const BATCH_BYTES: usize = 256 << 10;

/// The default `--threads`: the CPUs this process may use, at most 8.
pub(super) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// One input line of a batch.
enum Entry {
    /// A document: its line number and where its bytes are in the batch.
    Doc(usize, std::ops::Range<usize>),
    /// A line over the size limit (skipped): its line number and length.
    TooLong(usize, usize),
}

/// What one thread produced for its run of lines.
#[derive(Default)]
struct Chunk {
    out: Vec<u8>,
    err: Vec<u8>,
    report: Vec<u8>,
    worst: u8,
    /// Writing to a buffer never fails, but the signatures shared with the single-document
    /// path say it may; such an error stops the run.
    failure: Option<Failure>,
}

/// One batch of input lines.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

/// A run of lines of a shared batch for one worker, and the buffers it writes into.
struct Job {
    batch: Arc<Batch>,
    run: std::ops::Range<usize>,
    chunk: Chunk,
}

/// Converts every line of `reader`; returns the worst exit code of the lines.
///
/// Reports: with `ReportTo::File`, one JSON record per line that has entries; with
/// `ReportTo::Stdout`, one record after each body. In every case, a summary of the entries
/// (each distinct one with its line count and first lines) goes to `outputs.err` at the end.
///
/// The workers live as long as the run (a thread per batch paid for a cold allocator arena
/// and fresh pages every time). While they convert batch *n*, this thread writes the output
/// of batch *n − 1* and reads batch *n + 1*.
pub(super) fn run(
    work: &Work<'_>,
    mut reader: Box<dyn BufRead>,
    outputs: &mut Outputs<impl Write, impl Write, impl Write>,
    report_to: ReportTo,
    limits: Limits,
    threads: usize,
) -> Result<u8, Failure> {
    let threads = threads.max(1);
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(threads);
        let mut summaries = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (job_tx, job_rx) = mpsc::channel::<Job>();
            let (done_tx, done_rx) = mpsc::channel::<Job>();
            summaries.push(scope.spawn(move || {
                let mut summary = Summary::default();
                for mut job in job_rx {
                    let run = job.batch.entries.get(job.run.clone()).unwrap_or_default();
                    convert_run(
                        work,
                        &job.batch.bytes,
                        run,
                        &mut job.chunk,
                        (report_to, &mut summary),
                        limits,
                    );
                    if done_tx.send(job).is_err() {
                        break;
                    }
                }
                summary
            }));
            workers.push((job_tx, done_rx));
        }
        let mut spare: Vec<Chunk> = Vec::new();
        let mut finished: Vec<Chunk> = Vec::new();
        let mut number = 0usize;
        let mut worst = exit::OK;
        let mut current = Batch::default();
        let mut recycled: Option<Batch> = None;
        let mut more = read_batch(&mut reader, &mut current, &mut number, limits)?;
        while !current.entries.is_empty() {
            let batch = Arc::new(current);
            let per_worker = batch.entries.len().div_ceil(threads).max(1);
            for (i, (job_tx, _)) in workers.iter().enumerate() {
                let start = (i * per_worker).min(batch.entries.len());
                let end = (start + per_worker).min(batch.entries.len());
                let mut chunk = spare.pop().unwrap_or_else(|| Chunk {
                    // Room for a batch's bodies and reports from the start: growing them
                    // by doubling would copy each buffer several times in the first batch.
                    out: Vec::with_capacity(BATCH_BYTES),
                    err: Vec::with_capacity(BATCH_BYTES),
                    ..Chunk::default()
                });
                reset(&mut chunk);
                let job = Job {
                    batch: Arc::clone(&batch),
                    run: start..end,
                    chunk,
                };
                job_tx.send(job).map_err(|_| worker_lost())?;
            }
            for mut chunk in finished.drain(..) {
                worst = worst.max(write_chunk(&mut chunk, outputs)?);
                spare.push(chunk);
            }
            let mut next = recycled.take().unwrap_or_default();
            next.bytes.clear();
            next.entries.clear();
            if more {
                more = read_batch(&mut reader, &mut next, &mut number, limits)?;
            }
            for (_, done_rx) in &workers {
                finished.push(done_rx.recv().map_err(|_| worker_lost())?.chunk);
            }
            // Every job is back: the batch is ours again, and its buffers are reused.
            recycled = Arc::try_unwrap(batch).ok();
            current = next;
        }
        for mut chunk in finished {
            worst = worst.max(write_chunk(&mut chunk, outputs)?);
        }
        // No more jobs: each worker ends and hands back its summary.
        drop(workers);
        let mut summary = Summary::default();
        for handle in summaries {
            summary.merge(handle.join().map_err(|_| worker_lost())?);
        }
        summary.write(&mut outputs.err).map_err(write_failed)?;
        Ok(worst)
    })
}

fn worker_lost() -> Failure {
    Failure::usage("a conversion thread stopped unexpectedly".to_owned())
}

/// Reads lines into `batch` until it holds about [`BATCH_BYTES`]; `false` at end of input.
fn read_batch(
    reader: &mut impl BufRead,
    batch: &mut Batch,
    number: &mut usize,
    limits: Limits,
) -> Result<bool, Failure> {
    batch.bytes.clear();
    batch.entries.clear();
    while batch.bytes.len() < BATCH_BYTES {
        let start = batch.bytes.len();
        let Some(read) =
            lines::append_line(reader, &mut batch.bytes, limits.max_bytes).map_err(read_failed)?
        else {
            return Ok(false);
        };
        *number += 1;
        match read {
            Line::TooLong(len) => batch.entries.push(Entry::TooLong(*number, len)),
            Line::Doc => {
                let doc = batch.bytes.get(start..).unwrap_or_default();
                if doc.iter().all(u8::is_ascii_whitespace) {
                    batch.bytes.truncate(start);
                } else {
                    let end = batch.bytes.len();
                    batch.entries.push(Entry::Doc(*number, start..end));
                }
            }
        }
    }
    Ok(true)
}

/// Writes one chunk's buffers; returns its worst exit code.
fn write_chunk(
    chunk: &mut Chunk,
    outputs: &mut Outputs<impl Write, impl Write, impl Write>,
) -> Result<u8, Failure> {
    if let Some(failure) = chunk.failure.take() {
        return Err(failure);
    }
    outputs.out.write_all(&chunk.out).map_err(write_failed)?;
    outputs.err.write_all(&chunk.err).map_err(write_failed)?;
    outputs
        .report
        .write_all(&chunk.report)
        .map_err(write_failed)?;
    Ok(chunk.worst)
}

fn reset(chunk: &mut Chunk) {
    chunk.out.clear();
    chunk.err.clear();
    chunk.report.clear();
    chunk.worst = exit::OK;
}

/// Converts one run of lines into `chunk`'s buffers, as the single-threaded loop would.
///
/// Bodies are written straight into the chunk's output buffer (a failed line's partial
/// body is cut off again); the line's report goes into `summary`, and into a JSON record
/// when `report_to` asks for one.
fn convert_run(
    work: &Work<'_>,
    batch: &[u8],
    run: &[Entry],
    chunk: &mut Chunk,
    (report_to, summary): (ReportTo, &mut Summary),
    limits: Limits,
) {
    let Chunk {
        out,
        err,
        report,
        worst,
        failure,
    } = chunk;
    for entry in run {
        let result = match entry {
            Entry::TooLong(number, len) => {
                *worst = (*worst).max(exit::INVALID);
                writeln!(
                    err,
                    "line {number}: invalid: $: syntax: line is {len} bytes, over the limit of {} bytes; skipped",
                    limits.max_bytes
                )
                .map_err(write_failed)
            }
            Entry::Doc(number, range) => {
                let doc = batch.get(range.clone()).unwrap_or_default();
                let start = out.len();
                match work.run(doc, out) {
                    Ok(translated) => {
                        out.push(b'\n');
                        summary.add(*number, &translated.entries);
                        match report_to {
                            ReportTo::Stderr => Ok(()),
                            ReportTo::File if translated.is_clean() => Ok(()),
                            ReportTo::File => json_line(report, Some(*number), &translated),
                            ReportTo::Stdout => json_line(out, Some(*number), &translated),
                        }
                    }
                    Err(e) => {
                        out.truncate(start);
                        *worst = (*worst).max(crate::errors::exit_code(&e));
                        report_error(err, "-", Some(*number), &e)
                    }
                }
            }
        };
        if let Err(e) = result {
            *failure = Some(e);
            return;
        }
    }
}
