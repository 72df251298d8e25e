//! `evaluate` + `apply` on a 5-line and a 200-line order.
//!
//! Run: `cargo bench -p cancel-domain --bench rules`.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hint::black_box;

use cancel_domain::{
    rules, Buckets, CancelReason, CancelRequest, LineCancel, LineRef, Order, OrderFlags, OrderLine,
    OrderPhase, OrderRef, Payment, ProductRef, Quantity, ReasonCode, RulesPolicy, VariantRef,
    Vendor,
};
use chrono::DateTime;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use rust_decimal::Decimal;

fn order(lines: usize) -> Order {
    Order {
        id: OrderRef::new("ORD-1"),
        vendor_ids: BTreeMap::from([(Vendor::Unicommerce, "UC-1".to_owned())]),
        phase: OrderPhase::Active,
        placed_at: None,
        customer: None,
        flags: OrderFlags::default(),
        currency: Some("EUR".to_owned()),
        payment: Payment {
            authorized: Decimal::new(10_000_000, 2),
            captured: Decimal::new(5_000_000, 2),
            refunded: Decimal::ZERO,
        },
        lines: (0..lines)
            .map(|i| OrderLine {
                id: LineRef::new(format!("L{i}")),
                vendor_ids: BTreeMap::from([(Vendor::Unicommerce, format!("OI-{i}"))]),
                product: Some(ProductRef::new(format!("P{i}"))),
                variant: Some(VariantRef::new(format!("V{i}"))),
                unit_price: Some(Decimal::new(1999, 2)),
                quantities: Buckets {
                    ordered: 4,
                    ..Buckets::default()
                },
            })
            .collect(),
        version: 7,
    }
}

/// Two units of every other line, named by Unicommerce item ids.
fn partial(order: &Order) -> CancelRequest {
    let lines = order
        .lines
        .iter()
        .step_by(2)
        .map(|l| {
            let mut c = LineCancel::new(l.id_at(Vendor::Unicommerce), Quantity::new(2));
            c.product = l.product.clone();
            c.variant = l.variant.clone();
            c
        })
        .collect();
    let mut r = CancelRequest::lines("UC-1", lines, CancelReason::new(ReasonCode::OutOfStock));
    r.id_space = Some(Vendor::Unicommerce);
    r
}

fn bench(c: &mut Criterion) {
    let policy = RulesPolicy::default();
    let now = DateTime::UNIX_EPOCH;
    let mut group = c.benchmark_group("evaluate_apply");
    for n in [5usize, 200] {
        let order = order(n);
        let partial = partial(&order);
        let mut whole = CancelRequest::whole_order("ORD-1", CancelReason::new(ReasonCode::Fraud));
        whole.id_space = None;
        for (name, request) in [("partial", &partial), ("whole", &whole)] {
            group.bench_with_input(BenchmarkId::new(name, n), &order, |b, order| {
                b.iter(|| {
                    let plan = rules::evaluate(black_box(order), black_box(request), &policy, now)
                        .unwrap();
                    black_box(rules::apply(order, &plan).unwrap())
                });
            });
        }
        // What CancelService does: apply to the loaded (owned) order, no clone.
        group.bench_with_input(
            BenchmarkId::new("partial_in_place", n),
            &order,
            |b, order| {
                b.iter_batched_ref(
                    || order.clone(),
                    |owned| {
                        let plan = rules::evaluate(owned, &partial, &policy, now).unwrap();
                        black_box(rules::apply_in_place(owned, &plan).unwrap())
                    },
                    BatchSize::SmallInput,
                );
            },
        );
        group.bench_with_input(
            BenchmarkId::new("evaluate_only_partial", n),
            &order,
            |b, order| {
                b.iter(|| {
                    black_box(rules::evaluate(black_box(order), &partial, &policy, now).unwrap())
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
