//! Property tests across the dialects.
//!
//! 1. Arbitrary core requests (in the target's id space) → each vendor → back to the
//!    core: every field the request set either comes back equal, or the outbound report
//!    names it (dropped, defaulted, approximated); a report entry that says a field was
//!    dropped names a field that really did not come back. A translation that is refused
//!    is refused with a typed error, and the vendor's own output always reads back.
//! 2. Arbitrary vendor requests, generated in each vendor's JSON shape (every valid
//!    fixture is a template: each leaf gets an arbitrary value of the same JSON type, and
//!    unknown fields are added): whatever validates normalizes to JSON equal to the input.
//!
//! Case counts are small for CI (`PROPTEST_CASES` raises them). Each property counts the
//! generated cases that reached the assertion it is named for and fails when too few did
//! (the thresholds are stated where they are checked), so a generator that drifts into
//! producing only refused or invalid cases cannot leave the property passing vacuously.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::cell::Cell;
use std::sync::OnceLock;

use cancel_kit::domain::{
    json::Limits, CancelRequest, DialectId, PayloadKind, Policy, Registry, ReportAction,
    TranslateContext, TranslateError, TranslationReport,
};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

const VENDORS: [DialectId; 5] = [
    DialectId::Chatbot,
    DialectId::Mozu,
    DialectId::Unicommerce,
    DialectId::Occ,
    DialectId::Omnitron,
];

fn setup() -> &'static (Registry, Policy) {
    static SETUP: OnceLock<(Registry, Policy)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let policy = common::example_policy();
        (cancel_kit::registry(&policy).unwrap(), policy)
    })
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ----- core requests ----------------------------------------------------------------

const REASONS: [&str; 13] = [
    "changed_mind",
    "better_price_elsewhere",
    "product_concern",
    "ordered_by_mistake",
    "delivery_concern",
    "payment_issue",
    "fraud",
    "out_of_stock",
    "cannot_fulfill",
    "staff_error",
    "not_collected",
    "other",
    "unspecified",
];
const INITIATORS: [&str; 5] = ["customer", "merchant", "marketplace", "system", "unknown"];

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 _.-]{0,15}"
}

fn digits() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[1-9][0-9]{0,8}", 1 => "0[0-9]{1,5}", 1 => "[A-Z]{2,4}-[0-9]{1,6}"]
}

/// A core request in its canonical JSON form (without `id_space`: set per target).
fn core_request() -> impl Strategy<Value = Value> {
    let scope = prop_oneof![
        Just(json!("whole_order")),
        proptest::collection::btree_map(
            "[1-9][0-9]{0,4}",
            (
                proptest::option::of(1u32..6),
                proptest::option::weighted(0.9, "[A-Z]{2}[0-9]{3}"),
                proptest::option::weighted(0.9, "[A-Z]{2}[0-9]{3}-[SML]"),
            ),
            1..4
        )
        .prop_map(|lines| {
            let lines: Vec<Value> = lines
                .into_iter()
                .map(|(id, (q, product, variant))| {
                    let mut l = json!({"line": id});
                    if let Some(q) = q {
                        l["quantity"] = json!(q);
                    }
                    if let Some(p) = product {
                        l["product"] = json!(p);
                    }
                    if let Some(v) = variant {
                        l["variant"] = json!(v);
                    }
                    l
                })
                .collect();
            json!({"lines": lines})
        }),
    ];
    let reason = (
        proptest::sample::select(&REASONS[..]),
        proptest::option::of(text()),
        proptest::option::of(proptest::sample::select(&INITIATORS[..])),
    )
        .prop_map(|(code, detail, initiator)| {
            let mut r = json!({"code": code});
            if let Some(d) = detail {
                r["detail"] = json!(d);
            }
            if let Some(i) = initiator {
                r["initiator"] = json!(i);
            }
            r
        });
    let requester = proptest::option::of(
        (
            proptest::option::of(prop_oneof![Just("telegram"), Just("WHATSAPP"), Just("web")]),
            proptest::option::of("[a-z]{3,8}@example\\.com"),
            proptest::option::of("[a-z]{4,10}"),
            proptest::option::of("[A-Z][a-z]{3,8}"),
            proptest::option::of("[A-Z][a-z]{3,8}"),
            proptest::option::of(prop_oneof![Just("en"), Just("en-US"), Just("tr")]),
        )
            .prop_map(|(channel, user_id, username, first, last, locale)| {
                let mut r = Map::new();
                for (k, v) in [
                    ("channel", channel.map(str::to_owned)),
                    ("user_id", user_id),
                    ("username", username),
                    ("first_name", first),
                    ("last_name", last),
                    ("locale", locale.map(str::to_owned)),
                ] {
                    if let Some(v) = v {
                        r.insert(k.to_owned(), json!(v));
                    }
                }
                Value::Object(r)
            }),
    );
    let refund = proptest::option::of(
        (
            any::<bool>(),
            proptest::option::weighted(0.2, "[1-9][0-9]{0,3}\\.[0-9]{2}"),
            proptest::option::of("INV-[0-9]{4}"),
        )
            .prop_map(|(cargo, amount, invoice)| {
                let mut r = Map::new();
                if cargo {
                    r.insert("cargo_refund".into(), json!(true));
                }
                if let Some(a) = amount {
                    r.insert("forced_amount".into(), json!(a));
                }
                if let Some(i) = invoice {
                    r.insert("invoice_number".into(), json!(i));
                }
                Value::Object(r)
            }),
    );
    (
        digits(),
        scope,
        reason,
        proptest::sample::select(&INITIATORS[..]),
        requester,
        refund,
        proptest::option::of("[a-z0-9-]{8,20}"),
    )
        .prop_map(|(order, scope, reason, initiator, requester, refund, key)| {
            let mut r = json!({"order": order, "scope": scope, "reason": reason, "initiator": initiator});
            if let Some(q) = requester.filter(|q| !q.as_object().unwrap().is_empty()) {
                r["requester"] = q;
            }
            if let Some(f) = refund.filter(|f| !f.as_object().unwrap().is_empty()) {
                r["refund"] = f;
            }
            if let Some(k) = key {
                r["idempotency_key"] = json!(k);
            }
            r
        })
}

/// The core fields compared after a round trip, as JSON pointers and report paths.
const FIELDS: &[&str] = &[
    "order",
    "scope",
    "reason.code",
    "reason.detail",
    "reason.initiator",
    "initiator",
    "requester.channel",
    "requester.user_id",
    "requester.username",
    "requester.first_name",
    "requester.last_name",
    "requester.locale",
    "refund.cargo_refund",
    "refund.forced_amount",
    "refund.invoice_number",
    "idempotency_key",
];

fn at<'a>(v: &'a Value, field: &str) -> Option<&'a Value> {
    v.pointer(&format!("/{}", field.replace('.', "/")))
        .filter(|v| !v.is_null())
}

/// Whether a report path speaks of `field` (the field itself, a part of it, or a whole
/// of which it is a part: `requester` covers `requester.first_name`).
fn covers(path: &str, field: &str) -> bool {
    let norm = |p: &str| p.split('[').next().unwrap_or(p).to_owned();
    let (p, f) = (norm(path), field.to_owned());
    p == f || p.starts_with(&format!("{f}.")) || f.starts_with(&format!("{p}."))
}

/// `after` cut down to the keys of `before`, line by line.
/// `after` cut down to the keys of `before`, line by line. Akinon keeps one order item
/// per unit, so there a quantity of 1 is the whole item and may come back absent.
fn projected(id: DialectId, before: &Map<String, Value>, after: &Map<String, Value>) -> Value {
    let lines = |m: &Map<String, Value>| {
        m.get("lines")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (b, a) = (lines(before), lines(after));
    let cut: Vec<Value> = a
        .iter()
        .enumerate()
        .map(|(i, line)| match (b.get(i), line) {
            (Some(Value::Object(bl)), Value::Object(al)) => {
                let mut al = al.clone();
                if id == DialectId::Omnitron
                    && bl.get("quantity") == Some(&json!(1))
                    && !al.contains_key("quantity")
                {
                    al.insert("quantity".into(), json!(1));
                }
                Value::Object(al.into_iter().filter(|(k, _)| bl.contains_key(k)).collect())
            }
            _ => line.clone(),
        })
        .collect();
    json!({"lines": cut})
}

fn reported(report: &TranslationReport, field: &str) -> bool {
    report.entries.iter().any(|e| {
        let source = e.source.as_deref();
        source.is_some_and(|s| covers(s, field))
            // A reason defaulted from the policy, or a reason code sent as a coarser one
            // (its label then travels in the detail text), accounts for the whole reason.
            || (field.starts_with("reason.")
                && (e.action == ReportAction::Defaulted && e.policy_key.is_some()
                    || e.action == ReportAction::Approximated && source.is_some_and(|s| covers(s, "reason.code"))))
    })
}

/// Per vendor, how many core requests reached the field comparison (translated and read
/// back) and how many the vendor refused with a typed error.
#[derive(Default)]
struct CoreCounts {
    compared: [Cell<usize>; 5],
    refused: [Cell<usize>; 5],
    /// Cases in which at least one vendor reached the comparison.
    cases_compared: Cell<usize>,
}

fn bump(c: &Cell<usize>) {
    c.set(c.get() + 1);
}

/// A runner of `cases` cases; `deterministic` fixes the seed (a share that is a property of
/// the generator is then the same on every run).
fn runner(cases: u32, deterministic: bool) -> TestRunner {
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if deterministic {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    } else {
        TestRunner::new(config)
    }
}

/// The property for one core request; counts, per vendor, whether it reached the field
/// comparison or was refused.
fn core_round_trip(core: &Value, counts: &CoreCounts) -> Result<(), TestCaseError> {
    let (registry, policy) = setup();
    let ctx = TranslateContext::new(policy);
    let mut any = false;
    for (i, id) in VENDORS.into_iter().enumerate() {
        let target = registry.get(id).unwrap();
        let mut source = core.clone();
        source["id_space"] = json!(id.to_string());
        let request: CancelRequest = serde_json::from_value(source.clone()).unwrap();
        let mut out = Vec::new();
        let report = match target.request_from_core(&request, &ctx, &mut out) {
            Ok(report) => report,
            Err(e) => {
                // A typed refusal with a message; never "invalid" for a well-formed core request.
                prop_assert!(
                    !matches!(e, TranslateError::Invalid(_)),
                    "{id}: {e} for {source}"
                );
                prop_assert!(!e.to_string().is_empty());
                if std::env::var_os("PROPERTIES_VERBOSE").is_some() {
                    eprintln!("{id} refuses: {e}");
                }
                bump(&counts.refused[i]);
                continue;
            }
        };
        let back = target.request_to_core(&out, &ctx);
        prop_assert!(
            back.is_ok(),
            "{id}: our own output does not read back: {:?}\n{}",
            back.err(),
            String::from_utf8_lossy(&out)
        );
        let back = serde_json::to_value(back.unwrap().value).unwrap();
        bump(&counts.compared[i]);
        any = true;
        for field in FIELDS {
            let (before, after) = (at(&source, field), at(&back, field));
            // Lines compare on what the request said of them (a vendor may add a per-line
            // copy of the order's reason, which is no loss).
            let after = match (*field, before, after) {
                ("scope", Some(Value::Object(b)), Some(Value::Object(a))) => {
                    Some(projected(id, b, a))
                        .filter(|p| p == before.unwrap())
                        .map_or(Some(after.unwrap()), |_| before)
                }
                _ => after,
            };
            // `unknown` says nothing: a vendor that derives the initiator may fill it in.
            let says_nothing = field.ends_with("initiator") && before == Some(&json!("unknown"));
            if before.is_some() && before != after && !says_nothing {
                prop_assert!(
                    reported(&report, field),
                    "{id}: `{field}` changed from {before:?} to {after:?} and the report does not say so\nreport: {report}\nsent: {}",
                    String::from_utf8_lossy(&out)
                );
            }
        }
        for e in report
            .entries
            .iter()
            .filter(|e| e.action == ReportAction::Dropped)
        {
            let Some(s) = &e.source else { continue };
            if let Some(field) = FIELDS
                .iter()
                .find(|f| covers(s, f) && s.split('[').next() == Some(**f))
            {
                prop_assert!(
                    at(&source, field) != at(&back, field) || at(&source, field).is_none(),
                    "{id}: the report says `{s}` was dropped, yet it came back equal\nreport: {report}"
                );
            }
        }
    }
    if any {
        bump(&counts.cases_compared);
    }
    Ok(())
}

#[test]
fn core_to_each_vendor_and_back_keeps_or_reports_every_field() {
    // A fresh seed each run: new cases are tried, and the guard is on the whole case (some
    // vendor compared its fields), a share that does not swing with the seed.
    let cases = cases(96);
    let counts = CoreCounts::default();
    runner(cases, false)
        .run(&core_request(), |core| core_round_trip(&core, &counts))
        .unwrap();
    let reached = counts.cases_compared.get();
    eprintln!("{reached} of {cases} core requests reached the field comparison for some vendor");
    // Guard: at least 2 in 5 cases reach the comparison for at least one vendor (a normal
    // run: about 2 in 3; whole-order requests go to every vendor, line requests with ids
    // a vendor cannot carry are refused by it).
    assert!(
        reached * 5 >= cases as usize * 2,
        "only {reached} of {cases} core requests reached the field comparison: the property would be vacuous"
    );
}

/// The property above reaches its comparison for every vendor: on a fixed seed (the share
/// each vendor translates is a property of the generator, and a random seed made the
/// Unicommerce share, about 5%, cross the bound now and then).
#[test]
fn core_round_trips_translate_for_every_vendor() {
    let counts = CoreCounts::default();
    runner(256, true)
        .run(&core_request(), |core| core_round_trip(&core, &counts))
        .unwrap();
    for (i, id) in VENDORS.into_iter().enumerate() {
        let ok = counts.compared[i].get();
        let refused = counts.refused[i].get();
        eprintln!("{id}: {ok} reached the comparison, {refused} refused");
        // Guard: every vendor compares at least 3 cases and 1 in 50 of those it saw
        // (whole-order-only, integer-id and item-only vendors refuse many).
        assert_eq!(ok + refused, 256, "{id}: every case is compared or refused");
        assert!(
            ok * 50 >= ok + refused && ok >= 3,
            "{id}: only {ok} of {} core requests translated",
            ok + refused
        );
    }
}

// ----- vendor requests --------------------------------------------------------------

/// The request fixtures of every vendor that validate, as templates.
fn templates() -> &'static Vec<(DialectId, Value)> {
    static T: OnceLock<Vec<(DialectId, Value)>> = OnceLock::new();
    T.get_or_init(|| {
        VENDORS
            .into_iter()
            .flat_map(|id| {
                common::fixtures(id, PayloadKind::Request, "valid")
                    .into_iter()
                    .map(move |f| {
                        (
                            id,
                            serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap(),
                        )
                    })
            })
            .collect()
    })
}

/// An arbitrary value of the same JSON type as `v`, with the same number class.
fn like(v: &Value, seed: u64) -> Value {
    let pick = |n: u64| (seed >> 8) % n;
    match v {
        Value::String(s) => {
            let choices = [
                s.clone(),
                format!("{s}{}", seed % 97),
                "é\u{200f}ü 😀".to_owned(),
                (seed % 1_000_000).to_string(),
                format!("0{}", seed % 1000),
                "a\"b\\c\u{1}".to_owned(),
            ];
            json!(choices[usize::try_from(pick(choices.len() as u64)).unwrap()])
        }
        Value::Number(n) if n.is_u64() => json!(
            [n.as_u64().unwrap(), 1, seed % 10_000, 9_007_199_254_740_991]
                [usize::try_from(pick(4)).unwrap()]
        ),
        Value::Number(n) if n.is_i64() => json!(n
            .as_i64()
            .unwrap()
            .wrapping_sub(i64::try_from(seed % 7).unwrap())),
        Value::Number(_) => json!([0.5, 12.25, 1e-3][usize::try_from(pick(3)).unwrap()]),
        Value::Bool(_) => json!(seed.is_multiple_of(2)),
        other => other.clone(),
    }
}

/// The template with every leaf replaced (by the seeds, one per leaf) and, for every
/// object at which `extra` says so, an unknown field added.
fn vary(v: &Value, seeds: &mut impl Iterator<Item = u64>, extra: bool) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, x)| (k.clone(), vary(x, seeds, extra)))
                .collect();
            if extra && seeds.next().unwrap_or(0).is_multiple_of(3) {
                out.insert("x_unknown_field".into(), json!({"kept": [1, "two", null]}));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|x| vary(x, seeds, extra)).collect()),
        leaf => like(leaf, seeds.next().unwrap_or(0)),
    }
}

/// How many generated vendor requests reached each assertion, per vendor.
#[derive(Default)]
struct VendorCounts {
    generated: Cell<usize>,
    /// Valid bodies: reached "normalize is the identity".
    normalized: [Cell<usize>; 5],
    /// Reached "vendor -> core -> vendor is the identity".
    round_tripped: [Cell<usize>; 5],
    /// Valid bodies the vendor would not read into the core, or write back from it.
    not_round_tripped: [Cell<usize>; 5],
}

fn vendor_identity(
    template: usize,
    seeds: Vec<u64>,
    extra: bool,
    counts: &VendorCounts,
) -> Result<(), TestCaseError> {
    let (registry, _) = setup();
    let (id, doc) = &templates()[template % templates().len()];
    let i = VENDORS.iter().position(|v| v == id).unwrap();
    let dialect = registry.get(*id).unwrap();
    let body = vary(doc, &mut seeds.into_iter().cycle(), extra);
    let bytes = serde_json::to_vec(&body).unwrap();
    bump(&counts.generated);
    if dialect
        .validate(PayloadKind::Request, &bytes, &Limits::DEFAULT)
        .is_err()
    {
        // Not a valid body of that vendor: outside the property (and not counted as
        // reaching it; the guard in the test bounds how many may end here).
        return Ok(());
    }
    bump(&counts.normalized[i]);
    let mut out = Vec::new();
    dialect
        .normalize(PayloadKind::Request, &bytes, &Limits::DEFAULT, &mut out)
        .unwrap();
    let normalized: Value = serde_json::from_slice(&out).unwrap();
    prop_assert_eq!(&normalized, &body, "{}: normalize changed a valid body", id);
    // Through the core and back to the same vendor: the same body (extensions carry
    // what the core has no place for), or a typed refusal.
    let ctx = TranslateContext::new(&setup().1);
    let core = match dialect.request_to_core(&bytes, &ctx) {
        Ok(core) => core,
        Err(e) => {
            prop_assert!(
                !matches!(e, TranslateError::Invalid(_)),
                "{id}: a valid body does not read into the core: {e}"
            );
            bump(&counts.not_round_tripped[i]);
            return Ok(());
        }
    };
    let mut again = Vec::new();
    if let Err(e) = dialect.request_from_core(&core.value, &ctx, &mut again) {
        prop_assert!(
            !matches!(e, TranslateError::Invalid(_)),
            "{id}: what {id} read does not write back: {e}"
        );
        bump(&counts.not_round_tripped[i]);
        return Ok(());
    }
    bump(&counts.round_tripped[i]);
    let again: Value = serde_json::from_slice(&again).unwrap();
    prop_assert_eq!(
        &again,
        &body,
        "{}: vendor -> core -> vendor changed a valid body",
        id
    );
    Ok(())
}

#[test]
fn normalize_is_the_identity_on_valid_vendor_requests() {
    let cases = cases(512);
    let counts = VendorCounts::default();
    runner(cases, false)
        .run(
            &(
                0usize..1000,
                proptest::collection::vec(any::<u64>(), 1..64),
                any::<bool>(),
            ),
            |(t, s, e)| vendor_identity(t, s, e, &counts),
        )
        .unwrap();
    let sum = |c: &[Cell<usize>; 5]| c.iter().map(Cell::get).sum::<usize>();
    let (normalized, round_tripped) = (sum(&counts.normalized), sum(&counts.round_tripped));
    eprintln!(
        "{} vendor requests generated: {normalized} valid (reached normalize), {round_tripped} reached vendor -> core -> vendor",
        counts.generated.get()
    );
    for (i, id) in VENDORS.into_iter().enumerate() {
        eprintln!(
            "{id}: {} normalized, {} round-tripped, {} refused on the way",
            counts.normalized[i].get(),
            counts.round_tripped[i].get(),
            counts.not_round_tripped[i].get()
        );
    }
    assert_eq!(counts.generated.get(), cases as usize);
    // Guard: at least 1 in 10 generated bodies is valid and reaches the normalize assertion,
    // and at least 1 in 12 reaches the vendor -> core -> vendor one (a normal run: about
    // 1 in 5 is valid, and every valid one went through the core and back).
    assert!(
        normalized * 10 >= cases as usize,
        "only {normalized} of {cases} generated vendor requests were valid: the property would be vacuous"
    );
    assert!(
        round_tripped * 12 >= cases as usize,
        "only {round_tripped} of {cases} generated vendor requests went through the core and back"
    );
}

/// The cases these properties found, kept as plain tests: an Akinon whole-order cancel
/// silently lost an unspecified reason's text; Unicommerce silently lost the reason's
/// initiator.
#[test]
fn found_by_the_properties() {
    for (vendor, core) in [
        (
            DialectId::Omnitron,
            json!({"initiator": "customer", "order": "1", "scope": "whole_order",
               "reason": {"code": "unspecified", "detail": "a"}}),
        ),
        (
            DialectId::Unicommerce,
            json!({"initiator": "customer", "order": "1",
               "reason": {"code": "changed_mind", "initiator": "customer"},
               "scope": {"lines": [{"line": "1", "product": "AA000", "quantity": 1, "variant": "AA000-L"}]}}),
        ),
    ] {
        let counts = CoreCounts::default();
        core_round_trip(&core, &counts).unwrap();
        let i = VENDORS.iter().position(|v| *v == vendor).unwrap();
        assert_eq!(
            counts.compared[i].get(),
            1,
            "{vendor} did not compare {core}"
        );
    }
}
