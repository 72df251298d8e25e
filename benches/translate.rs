//! Throughput of every dialect and kind over its valid fixtures, beside the baselines of
//! the same bytes, in the same run: `serde_json::Value` parse alone and parse + write
//! (the untyped pass-through).
//!
//! `cargo bench --bench translate` (add `-- --quick` for a short run, or a filter such as
//! `-- mozu/request`). Groups, each in MB/s (`Throughput::Bytes`):
//!
//! - `<dialect>/<kind>`: `value_parse`, `value_roundtrip` (parse + `to_vec`), `typed_parse`
//!   (the vendor crate's `parse_*`: strict read and validation), `normalize` (typed read +
//!   write), `validate` (through the `Dialect` trait, strict findings collected),
//!   `to_core`, and for requests `from_core` (core → this dialect's bytes);
//! - `translate/<from>-><to>/<kind>`: the facade's full translation, source bytes to target
//!   bytes (lookups in `examples/data/orders.json`, policy `examples/data/policy.toml`),
//!   next to `value_roundtrip` of the same bytes.
//!
//! The same groups with the suffix `/docs` report documents/s (`Throughput::Elements`) for
//! `to_core`, `value_roundtrip` and the translations.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // benchmark code

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cancel_kit::domain::{
    json::{self, Limits},
    CancelOutcome, CancelRejection, CancelRequest, DialectId, InMemoryOrderStore, PayloadKind,
    Policy, TranslateContext,
};
use cancel_kit::{chatbot, mozu, occ, omnitron, unicommerce, Translator};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use strum::IntoEnumIterator;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(dialect: DialectId, kind: PayloadKind) -> Vec<Vec<u8>> {
    let krate = match dialect {
        DialectId::Core => "cancel-domain".to_owned(),
        other => format!("cancel-{other}"),
    };
    let dir = root()
        .join("crates")
        .join(krate)
        .join("tests/fixtures")
        .join(kind.to_string())
        .join("valid");
    // A missing directory is a moved fixture tree: benchmarking nothing would hide it.
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no fixture directory {}", dir.display());
        std::process::exit(1);
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

fn bytes_of(docs: &[Vec<u8>]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

fn policy() -> Policy {
    std::fs::read_to_string(root().join("examples/data/policy.toml"))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// The vendor crate's own typed parse (strict read + validation) of one body.
fn typed_parse(dialect: DialectId, kind: PayloadKind) -> Option<fn(&[u8], &Limits) -> bool> {
    use PayloadKind::{Error, Request, Response};
    Some(match (dialect, kind) {
        (DialectId::Core, Request) => |b, l| json::parse::<CancelRequest>(b, l).is_ok(),
        (DialectId::Core, Response) => |b, l| json::parse::<CancelOutcome>(b, l).is_ok(),
        (DialectId::Core, Error) => |b, l| json::parse::<CancelRejection>(b, l).is_ok(),
        (DialectId::Chatbot, Request) => |b, l| chatbot::parse_request(b, l).is_ok(),
        (DialectId::Chatbot, Response) => |b, l| chatbot::parse_response(b, l).is_ok(),
        (DialectId::Mozu, Request) => |b, l| mozu::parse_request(b, l).is_ok(),
        (DialectId::Mozu, Response) => |b, l| mozu::parse_response(b, l).is_ok(),
        (DialectId::Mozu, Error) => |b, l| mozu::parse_error(b, l).is_ok(),
        (DialectId::Unicommerce, Request) => |b, l| unicommerce::parse_request(b, l).is_ok(),
        (DialectId::Unicommerce, Response) => |b, l| unicommerce::parse_response(b, l).is_ok(),
        (DialectId::Unicommerce, Error) => |b, l| unicommerce::parse_error(b, l).is_ok(),
        (DialectId::Occ, Request) => |b, l| occ::parse_request(b, l).is_ok(),
        (DialectId::Occ, Response) => |b, l| occ::parse_response(b, l).is_ok(),
        (DialectId::Occ, Error) => |b, l| occ::parse_error(b, l).is_ok(),
        (DialectId::Omnitron, Request) => |b, l| omnitron::parse_request(b, l).is_ok(),
        (DialectId::Omnitron, Response) => |b, l| omnitron::parse_response(b, l).is_ok(),
        (DialectId::Omnitron, Error) => |b, l| omnitron::parse_error(b, l).is_ok(),
        _ => return None,
    })
}

fn value_parse(docs: &[Vec<u8>]) {
    for doc in docs {
        let v: serde_json::Value = serde_json::from_slice(doc).expect("fixture");
        std::hint::black_box(v);
    }
}

fn value_roundtrip(docs: &[Vec<u8>], out: &mut Vec<u8>) {
    for doc in docs {
        let v: serde_json::Value = serde_json::from_slice(doc).expect("fixture");
        out.clear();
        serde_json::to_writer(&mut *out, &v).expect("write");
        std::hint::black_box(&*out);
    }
}

/// Runs a future that does not wait (the in-memory directory answers at once) with one
/// poll, as `cancelkit convert` does; a future that waits goes to the runtime.
fn run_now<F: Future>(runtime: &tokio::runtime::Runtime, future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let _context = runtime.enter();
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => runtime.block_on(future),
    }
}

fn quick(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
}

fn per_dialect(c: &mut Criterion) {
    let policy = policy();
    let registry = cancel_kit::registry(&policy).expect("policy");
    let ctx = TranslateContext::new(&policy);
    let limits = Limits::DEFAULT;
    for dialect in registry.iter() {
        for kind in PayloadKind::iter().filter(|k| dialect.kinds().contains(k)) {
            let docs = corpus(dialect.id(), kind);
            if docs.is_empty() {
                continue;
            }
            let to_core = |doc: &[u8]| match kind {
                PayloadKind::Request => dialect.request_to_core(doc, &ctx).map(|_| ()),
                PayloadKind::Response => dialect.response_to_core(doc, &ctx).map(|_| ()),
                PayloadKind::Error => dialect.error_to_core(doc, &ctx).map(|_| ()),
            };
            let mut out = Vec::with_capacity(64 * 1024);
            let name = format!("{}/{kind}", dialect.id());
            let mut group = c.benchmark_group(&name);
            quick(&mut group);
            group.throughput(Throughput::Bytes(bytes_of(&docs)));
            group.bench_function("value_parse", |b| b.iter(|| value_parse(&docs)));
            group.bench_function("value_roundtrip", |b| {
                b.iter(|| value_roundtrip(&docs, &mut out))
            });
            if let Some(parse) = typed_parse(dialect.id(), kind) {
                group.bench_function("typed_parse", |b| {
                    b.iter(|| {
                        for doc in &docs {
                            std::hint::black_box(parse(doc, &limits));
                        }
                    })
                });
            }
            group.bench_function("normalize", |b| {
                b.iter(|| {
                    for doc in &docs {
                        out.clear();
                        let _ =
                            std::hint::black_box(dialect.normalize(kind, doc, &limits, &mut out));
                    }
                })
            });
            group.bench_function("validate", |b| {
                b.iter(|| {
                    for doc in &docs {
                        let _ = std::hint::black_box(dialect.validate(kind, doc, &limits));
                    }
                })
            });
            group.bench_function("to_core", |b| {
                b.iter(|| {
                    for doc in &docs {
                        let _ = std::hint::black_box(to_core(doc));
                    }
                })
            });
            let cores: Vec<_> = if kind == PayloadKind::Request {
                docs.iter()
                    .filter_map(|d| dialect.request_to_core(d, &ctx).ok())
                    .map(|t| t.value)
                    .collect()
            } else {
                Vec::new()
            };
            if !cores.is_empty() {
                group.bench_function("from_core", |b| {
                    b.iter(|| {
                        for core in &cores {
                            out.clear();
                            let _ = std::hint::black_box(
                                dialect.request_from_core(core, &ctx, &mut out),
                            );
                        }
                    })
                });
            }
            group.finish();

            let mut group = c.benchmark_group(format!("{name}/docs"));
            quick(&mut group);
            group.throughput(Throughput::Elements(docs.len() as u64));
            group.bench_function("value_roundtrip", |b| {
                b.iter(|| value_roundtrip(&docs, &mut out))
            });
            group.bench_function("to_core", |b| {
                b.iter(|| {
                    for doc in &docs {
                        let _ = std::hint::black_box(to_core(doc));
                    }
                })
            });
            group.finish();
        }
    }
}

fn cross_vendor(c: &mut Criterion) {
    let mut translator = Translator::new(policy()).expect("policy");
    if let Ok(orders) = InMemoryOrderStore::from_file(root().join("examples/data/orders.json")) {
        translator = translator.with_directory(Arc::new(orders));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for (from, to) in [
        (DialectId::Chatbot, DialectId::Mozu),
        (DialectId::Mozu, DialectId::Occ),
        (DialectId::Unicommerce, DialectId::Omnitron),
        (DialectId::Occ, DialectId::Core),
    ] {
        let kind = if to == DialectId::Core {
            PayloadKind::Response
        } else {
            PayloadKind::Request
        };
        let docs: Vec<Vec<u8>> = corpus(from, kind)
            .into_iter()
            .filter(|d| {
                run_now(
                    &runtime,
                    translator.translate(from, to, kind, d, &mut Vec::new()),
                )
                .is_ok()
            })
            .collect();
        if docs.is_empty() {
            continue;
        }
        let mut out = Vec::with_capacity(64 * 1024);
        let translate = |out: &mut Vec<u8>| {
            for doc in &docs {
                out.clear();
                let _ = std::hint::black_box(run_now(
                    &runtime,
                    translator.translate(from, to, kind, doc, out),
                ));
            }
        };
        for (suffix, throughput) in [
            ("", Throughput::Bytes(bytes_of(&docs))),
            ("/docs", Throughput::Elements(docs.len() as u64)),
        ] {
            let mut group = c.benchmark_group(format!("translate/{from}->{to}/{kind}{suffix}"));
            quick(&mut group);
            group.throughput(throughput);
            group.bench_function("typed", |b| b.iter(|| translate(&mut out)));
            group.bench_function("value_roundtrip", |b| {
                b.iter(|| value_roundtrip(&docs, &mut out))
            });
            group.finish();
        }
    }
}

criterion_group!(benches, per_dialect, cross_vendor);
criterion_main!(benches);
