//! An answer never says more than the outcome knew (issue 17).
//!
//! Arbitrary core outcomes for one order of `examples/data/orders.json` are written as each
//! vendor's answer, then read back into the core (beside the request they answer, in the
//! vendor's own dialect). Unless the writing was refused, the outcome read back is never
//! stronger than the one written:
//! - no line more cancelled than before, and no whole-order cancel out of a partial one;
//! - `needs_review` and `requested` never come back as cancelled or rejected;
//! - the order read back is the same order.
//!
//! Each target must reach the assertions for enough generated cases, so a generator that
//! drifts into producing only refusals cannot leave the property passing vacuously.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use cancel_kit::domain::{
    CancelOutcome, DialectId, InMemoryOrderStore, Order, OrderDirectory, OutcomeStatus, PayloadKind,
};
use cancel_kit::Translator;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

const ORDER: &str = "ORD-2026-0001";
/// The order's lines and their ordered quantities (examples/data/orders.json).
const LINES: [(&str, u32); 4] = [
    ("ORD-2026-0001-1", 1),
    ("ORD-2026-0001-2", 3),
    ("ORD-2026-0001-3", 2),
    ("ORD-2026-0001-4", 1),
];
const STATUSES: [&str; 6] = [
    "cancelled",
    "partially_cancelled",
    "requested",
    "replayed",
    "rejected",
    "needs_review",
];
const PHASES: [Option<&str>; 5] = [
    None,
    Some("active"),
    Some("cancellation_requested"),
    Some("cancelled"),
    Some("closed"),
];
const TARGETS: [DialectId; 5] = [
    DialectId::Chatbot,
    DialectId::Mozu,
    DialectId::Unicommerce,
    DialectId::Occ,
    DialectId::Omnitron,
];

/// A core outcome as JSON: status, phase, and per-line results for a subset of the lines.
fn outcome() -> impl Strategy<Value = Value> {
    let line = |(id, ordered): (&'static str, u32)| {
        (any::<bool>(), 1..=ordered).prop_flat_map(move |(listed, requested)| {
            (0..=requested).prop_map(move |accepted| {
                listed.then(|| json!({"line": id, "requested": requested, "accepted": accepted}))
            })
        })
    };
    (
        prop::sample::select(STATUSES.to_vec()),
        prop::sample::select(PHASES.to_vec()),
        line(LINES[0]),
        line(LINES[1]),
        line(LINES[2]),
        line(LINES[3]),
        0..3u8,
    )
        .prop_map(|(status, phase, a, b, c, d, shape)| {
            // One outcome in three is a whole-order one (no lines), which whole-order-only
            // answers can state.
            let lines: Vec<Value> = if shape == 0 {
                Vec::new()
            } else {
                [a, b, c, d].into_iter().flatten().collect()
            };
            let mut outcome = json!({"order": ORDER, "status": status});
            if let Some(phase) = phase {
                outcome["phase"] = json!(phase);
            }
            if !lines.is_empty() {
                outcome["lines"] = Value::Array(lines);
            }
            if status == "rejected" {
                outcome["rejection"] = json!({"code": "order_not_cancellable", "phase": "closed"});
            }
            outcome
        })
}

/// The core request the outcome answers: the listed lines, or the whole order.
fn request_of(outcome: &Value) -> Value {
    let lines: Vec<Value> = outcome["lines"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .map(|l| json!({"line": l["line"], "quantity": l["requested"]}))
                .collect()
        })
        .unwrap_or_default();
    let scope = if lines.is_empty() {
        json!("whole_order")
    } else {
        json!({"lines": lines})
    };
    json!({"order": ORDER, "scope": scope, "reason": {"code": "changed_mind"}})
}

/// Units accepted per canonical line, in an outcome whose ids are in `outcome.id_space`.
fn accepted_by_line(outcome: &CancelOutcome, order: &Order) -> BTreeMap<String, u32> {
    outcome
        .lines
        .iter()
        .map(|l| {
            let line = order
                .line(l.line.as_str(), outcome.id_space)
                .unwrap_or_else(|| panic!("line {} read back names no line of the order", l.line));
            (line.id.as_str().to_owned(), l.accepted)
        })
        .collect()
}

/// Whether the outcome says the whole order is cancelled (or its cancel requested): its
/// phase says so, or it is a whole-order outcome that names no line and no other phase.
fn whole_order_done(outcome: &CancelOutcome) -> bool {
    use cancel_kit::domain::OrderPhase;
    let units_kept = outcome
        .lines
        .iter()
        .any(|l| l.requested.is_some_and(|asked| l.accepted < asked));
    matches!(
        outcome.status,
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed | OutcomeStatus::Requested
    ) && match outcome.phase {
        // The phase after the cancel speaks for every line (units kept by a line were
        // cancelled before, or go with the order).
        Some(OrderPhase::Cancelled | OrderPhase::CancellationRequested) => true,
        None => outcome.lines.is_empty() && !units_kept,
        Some(_) => false,
    }
}

fn assert_not_stronger(
    before: &CancelOutcome,
    after: &CancelOutcome,
    order: &Order,
    to: DialectId,
) {
    let case = || format!("{to}: {before:?} read back as {after:?}");
    assert!(
        order.is_named(after.order.as_str(), after.id_space),
        "the order changed: {}",
        case()
    );
    let uncertain = matches!(
        before.status,
        OutcomeStatus::NeedsReview | OutcomeStatus::Requested
    );
    let definite = matches!(
        after.status,
        OutcomeStatus::Cancelled
            | OutcomeStatus::PartiallyCancelled
            | OutcomeStatus::Replayed
            | OutcomeStatus::Rejected
    );
    assert!(
        !(uncertain && definite),
        "an uncertain outcome became definite: {}",
        case()
    );
    let cancels = |o: &CancelOutcome| {
        matches!(
            o.status,
            OutcomeStatus::Cancelled | OutcomeStatus::Replayed | OutcomeStatus::PartiallyCancelled
        )
    };
    if !cancels(after) {
        return;
    }
    assert!(
        cancels(before),
        "an outcome that cancelled nothing came back as a cancel: {}",
        case()
    );
    let whole_order_claim = matches!(
        after.status,
        OutcomeStatus::Cancelled | OutcomeStatus::Replayed
    );
    if after.lines.is_empty() && whole_order_claim {
        assert!(
            whole_order_done(before),
            "a partial outcome came back as a whole-order cancel: {}",
            case()
        );
        return;
    }
    if after.lines.is_empty() {
        return; // a partial cancel that names no line claims nothing per line
    }
    let was = accepted_by_line(before, order);
    for (line, now) in accepted_by_line(after, order) {
        let before_units = if before.lines.is_empty() {
            LINES.iter().find(|(id, _)| *id == line).map_or(0, |l| l.1)
        } else {
            was.get(&line).copied().unwrap_or(0)
        };
        assert!(
            now <= before_units,
            "line {line} more cancelled ({now} > {before_units}): {}",
            case()
        );
    }
}

#[test]
fn answers_never_say_more_than_the_outcome() {
    let store =
        InMemoryOrderStore::from_file(common::root().join("examples/data/orders.json")).unwrap();
    let order = store.get(ORDER, None).unwrap();
    let directory: Arc<dyn OrderDirectory> = Arc::new(store);
    let translator = Translator::new(common::example_policy())
        .unwrap()
        .with_directory(directory);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(192);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[17; 32]),
    );
    let mut checked: BTreeMap<DialectId, u32> = BTreeMap::new();
    for _ in 0..cases {
        let written = outcome().new_tree(&mut runner).unwrap().current();
        let before: CancelOutcome = serde_json::from_value(written.clone()).unwrap();
        let core_request = serde_json::to_vec(&request_of(&written)).unwrap();
        let core_outcome = serde_json::to_vec(&written).unwrap();
        for to in TARGETS {
            runtime.block_on(async {
                let mut answer = Vec::new();
                let wrote = translator
                    .translate(
                        DialectId::Core,
                        to,
                        PayloadKind::Response,
                        &core_outcome,
                        &mut answer,
                    )
                    .await;
                if wrote.is_err() {
                    return; // refused: nothing was said
                }
                let mut request = Vec::new();
                let request = translator
                    .translate(
                        DialectId::Core,
                        to,
                        PayloadKind::Request,
                        &core_request,
                        &mut request,
                    )
                    .await
                    .ok()
                    .map(|_| request);
                let mut back = Vec::new();
                let read = translator
                    .translate_answering(
                        to,
                        DialectId::Core,
                        PayloadKind::Response,
                        &answer,
                        request.as_deref(),
                        &mut back,
                    )
                    .await;
                let answer_text = String::from_utf8_lossy(&answer);
                read.unwrap_or_else(|e| {
                    panic!("{to}'s own answer does not read back: {e}\n{answer_text}")
                });
                let after: CancelOutcome = serde_json::from_slice(&back).unwrap();
                assert_not_stronger(&before, &after, &order, to);
                *checked.entry(to).or_default() += 1;
            });
        }
    }
    // Each target states some of the generated outcomes; fewer than one in twenty means the
    // generator no longer produces what the targets can say.
    for to in TARGETS {
        let n = checked.get(&to).copied().unwrap_or(0);
        eprintln!("{to}: {n} of {cases} outcomes written and read back");
        assert!(
            n * 20 >= cases,
            "{to}: only {n} of {cases} outcomes were written and read back"
        );
    }
}
