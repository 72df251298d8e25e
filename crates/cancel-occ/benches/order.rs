//! Parsing the rich OCC order answer: `serde_json::Value` vs the typed model vs the typed
//! model plus conversion to the core, on the same bytes in one run.
//!
//! `cargo bench -p cancel-occ --bench order -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use cancel_domain::{json::Limits, Policy, TranslateContext};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const RICH: &[u8] = include_bytes!("../tests/fixtures/response/valid/rich_store_order.json");

fn rich_order(c: &mut Criterion) {
    let limits = Limits::DEFAULT;
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    // Compact bytes too: whitespace costs every parser the same, so both forms are measured.
    let compact =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(RICH).unwrap()).unwrap();
    for (form, bytes) in [("pretty", RICH), ("compact", compact.as_slice())] {
        let mut group = c.benchmark_group(format!("rich_order_{form}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
        });
        group.bench_function("typed_parse", |b| {
            b.iter(|| cancel_occ::parse_response(black_box(bytes), &limits).unwrap())
        });
        group.bench_function("typed_parse_to_core", |b| {
            b.iter(|| {
                let response = cancel_occ::parse_response(black_box(bytes), &limits).unwrap();
                cancel_occ::response_to_core(&response, &ctx).unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, rich_order);
criterion_main!(benches);
