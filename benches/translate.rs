//! Throughput of every dialect and kind over its valid fixtures, beside the baselines
//! of the same bytes: `serde_json::Value` parse + write (untyped pass-through).
//!
//! `cargo bench --bench translate` (add `-- --quick` for a short run). Groups:
//! `passthrough`, `validate`, `to_core`, `from_core` per dialect and kind, and
//! `translate` for the three cross-vendor pairs of BENCHMARKS.md.

#![allow(missing_docs)] // criterion_group! generates undocumented functions
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cancel_kit::domain::{
    json::Limits, DialectId, InMemoryOrderStore, PayloadKind, Policy, TranslateContext,
};
use cancel_kit::Translator;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
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
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
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

fn per_dialect(c: &mut Criterion) {
    let policy: Policy = std::fs::read_to_string(root().join("examples/data/policy.toml"))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let registry = cancel_kit::registry(&policy).expect("policy");
    let ctx = TranslateContext::new(&policy);
    let limits = Limits::DEFAULT;
    for dialect in registry.iter() {
        for kind in PayloadKind::iter().filter(|k| dialect.kinds().contains(k)) {
            let docs = corpus(dialect.id(), kind);
            if docs.is_empty() {
                continue;
            }
            let mut group = c.benchmark_group(format!("{}/{kind}", dialect.id()));
            group.throughput(Throughput::Bytes(bytes_of(&docs)));
            group.bench_function("passthrough_value", |b| {
                b.iter(|| {
                    for doc in &docs {
                        let v: serde_json::Value = serde_json::from_slice(doc).expect("fixture");
                        std::hint::black_box(serde_json::to_vec(&v).expect("write"));
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
                        let _ = std::hint::black_box(match kind {
                            PayloadKind::Request => dialect.request_to_core(doc, &ctx).map(|_| ()),
                            PayloadKind::Response => {
                                dialect.response_to_core(doc, &ctx).map(|_| ())
                            }
                            PayloadKind::Error => dialect.error_to_core(doc, &ctx).map(|_| ()),
                        });
                    }
                })
            });
            if kind == PayloadKind::Request {
                let cores: Vec<_> = docs
                    .iter()
                    .filter_map(|d| dialect.request_to_core(d, &ctx).ok())
                    .map(|t| t.value)
                    .collect();
                let mut out = Vec::with_capacity(4096);
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
        }
    }
}

fn cross_vendor(c: &mut Criterion) {
    let policy: Policy = std::fs::read_to_string(root().join("examples/data/policy.toml"))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let mut translator = Translator::new(policy).expect("policy");
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
                runtime
                    .block_on(translator.translate(from, to, kind, d, &mut Vec::new()))
                    .is_ok()
            })
            .collect();
        if docs.is_empty() {
            continue;
        }
        let mut group = c.benchmark_group(format!("translate/{from}->{to}/{kind}"));
        group.throughput(Throughput::Bytes(bytes_of(&docs)));
        group.bench_function("typed", |b| {
            b.iter_batched_ref(
                || Vec::with_capacity(4096),
                |out| {
                    for doc in &docs {
                        out.clear();
                        let _ = std::hint::black_box(
                            runtime.block_on(translator.translate(from, to, kind, doc, out)),
                        );
                    }
                },
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, per_dialect, cross_vendor);
criterion_main!(benches);
