//! Every valid fixture, mutated value by value: validation, normalization and both
//! translations end in `Ok` or a typed error with a path and a kind, never a panic; what
//! validates also normalizes to equal JSON and survives the round trip through the core
//! (a request comes back as the same body, an error body as the same rejection).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use cancel_domain::{json::Limits, Dialect, PayloadKind, Policy, ReportAction, TranslateContext};
use cancel_unicommerce::UnicommerceDialect;
use common::{accepted_classes, files, value};
use serde_json::Value;

const REPLACEMENTS: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "9007199254740993",
    "1e400",
    "1.5",
    "\"\"",
    "\"\\ud800\"",
    "\"a\\u0000b\"",
    "[]",
    "{}",
    "\"2\"",
];

/// Every JSON pointer of `v` (objects and arrays included), root excluded.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

/// `doc` with the value at `pointer` replaced by the raw JSON text `raw` (or removed).
fn mutate(doc: &Value, pointer: &str, raw: Option<&str>) -> Vec<u8> {
    const MARK: &str = "\u{1}MUTANT\u{1}";
    let mut copy = doc.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let parent = copy.pointer_mut(parent).unwrap();
    match (parent, raw) {
        (Value::Object(m), None) => {
            m.remove(&last.replace("~1", "/").replace("~0", "~"));
        }
        (Value::Array(a), None) => {
            a.remove(last.parse().unwrap());
        }
        (_, Some(_)) => *copy.pointer_mut(pointer).unwrap() = Value::from(MARK),
        _ => unreachable!(),
    }
    let text = serde_json::to_string(&copy).unwrap();
    match raw {
        Some(raw) => text.replace(&format!("\"{MARK}\""), raw).into_bytes(),
        None => text.into_bytes(),
    }
}

fn exercise(d: &UnicommerceDialect, kind: PayloadKind, bytes: &[u8], what: &str) {
    let policy = Policy::default();
    let ctx = TranslateContext::new(&policy);
    match d.validate(kind, bytes, &Limits::DEFAULT) {
        Ok(_) => {
            let mut out = Vec::new();
            d.normalize(kind, bytes, &Limits::DEFAULT, &mut out)
                .unwrap();
            let original: Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(
                serde_json::from_slice::<Value>(&out).unwrap(),
                original,
                "{what}"
            );
            let mut back = Vec::new();
            match kind {
                PayloadKind::Request => {
                    let core = d.request_to_core(bytes, &ctx).unwrap().value;
                    d.request_from_core(&core, &ctx, &mut back).unwrap();
                }
                PayloadKind::Response => {
                    // An answer alone names no order: refused, never invented.
                    assert!(d.response_to_core(bytes, &ctx).is_err(), "{what}");
                    return;
                }
                PayloadKind::Error => {
                    // An error body names no items of its own request: what we write for
                    // the rejection is not the same body, but it reads back as the same
                    // rejection, or the report says what had no place (without the request,
                    // a refusal has no item to carry its message).
                    let core = d.error_to_core(bytes, &ctx).unwrap().value;
                    let report = d.error_from_core(&core, &ctx, &mut back).unwrap();
                    let again = d.error_to_core(&back, &ctx).unwrap().value;
                    if report.is_clean() {
                        assert_eq!(
                            again,
                            core,
                            "{what}: the rejection changed through {}",
                            String::from_utf8_lossy(&back)
                        );
                    } else {
                        assert!(
                            report.with_action(ReportAction::Dropped).next().is_some(),
                            "{what}: {report}"
                        );
                    }
                    return;
                }
            }
            assert_eq!(
                serde_json::from_slice::<Value>(&back).unwrap(),
                original,
                "{what}"
            );
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "{what}");
            for e in errors.iter() {
                assert!(!e.path.is_empty() && !e.message.is_empty(), "{what}: {e:?}");
            }
        }
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let d = UnicommerceDialect::default();
    let mut cases = 0;
    for (dir, kind) in [
        ("request", PayloadKind::Request),
        ("response", PayloadKind::Response),
        ("error", PayloadKind::Error),
    ] {
        for &class in accepted_classes(dir) {
            for path in files(dir, class) {
                let doc = value(&path);
                let mut ps = Vec::new();
                pointers(&doc, String::new(), &mut ps);
                for p in &ps {
                    let what = format!("{} {p}", path.display());
                    exercise(&d, kind, &mutate(&doc, p, None), &format!("{what} removed"));
                    for raw in REPLACEMENTS {
                        exercise(
                            &d,
                            kind,
                            &mutate(&doc, p, Some(raw)),
                            &format!("{what} = {raw}"),
                        );
                        cases += 1;
                    }
                }
            }
        }
    }
    assert!(cases > 1000, "{cases}");
}
