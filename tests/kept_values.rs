//! Values kept as they were sent keep their exact JSON text.
//!
//! For every vendor: an arbitrary JSON value (integers of any size, decimals with many
//! digits, exponents, `-0`, strings with `\u` escapes, nested arrays and objects, written
//! with arbitrary whitespace) is placed in an unknown field of a valid body, and for OCC and
//! Akinon also in a free-form map the vendor documents as "any value". `normalize` must give
//! the value back, and so must a translation to the core and back to the same vendor.
//!
//! The expected text is computed here, independently of the library: compact, object keys
//! in order, strings written as serde_json writes them, numbers exactly as generated.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use cancel_kit::domain::{
    json::Limits, DialectId, PayloadKind, Policy, Registry, TranslateContext,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::value::RawValue;
use serde_json::Value;

/// A generated JSON value.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    /// The number's text, a valid JSON number.
    Number(String),
    /// The string's value, and for each char whether to write it as a `\u` escape.
    Text(Vec<(char, bool)>),
    Array(Vec<J>),
    /// Unique keys, in the order they are written.
    Object(Vec<(String, J)>),
}

impl J {
    /// The text as a client would send it (escapes, whitespace `ws`).
    fn sent(&self, ws: &str, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Number(n) => out.push_str(n),
            J::Text(chars) => {
                out.push('"');
                for (c, escape) in chars {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        c if (*c as u32) < 0x20 || (*escape && (*c as u32) < 0x10000) => {
                            write!(out, "\\u{:04x}", *c as u32).unwrap();
                        }
                        c => out.push(*c),
                    }
                }
                out.push('"');
            }
            J::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    item.sent(ws, out);
                }
                out.push_str(ws);
                out.push(']');
            }
            J::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push_str(ws);
                    out.push(':');
                    out.push_str(ws);
                    value.sent(ws, out);
                }
                out.push_str(ws);
                out.push('}');
            }
        }
    }

    /// The text the value must come back as.
    fn expected(&self) -> String {
        match self {
            J::Null => "null".to_owned(),
            J::Bool(b) => b.to_string(),
            J::Number(n) => n.clone(),
            J::Text(chars) => {
                serde_json::to_string(&chars.iter().map(|(c, _)| *c).collect::<String>()).unwrap()
            }
            J::Array(items) => format!(
                "[{}]",
                items.iter().map(J::expected).collect::<Vec<_>>().join(",")
            ),
            J::Object(fields) => {
                let sorted: BTreeMap<&String, String> =
                    fields.iter().map(|(k, v)| (k, v.expected())).collect();
                let body: Vec<String> = sorted
                    .into_iter()
                    .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                    .collect();
                format!("{{{}}}", body.join(","))
            }
        }
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        // Integers of any size, the 128-bit maximum among them.
        "-?[1-9][0-9]{0,45}",
        Just("340282366920938463463374607431768211455".to_owned()),
        Just("-0".to_owned()),
        Just("0".to_owned()),
        // Decimals with many digits, trailing zeros kept.
        "-?(0|[1-9][0-9]{0,20})\\.[0-9]{1,30}",
        Just("1.10".to_owned()),
        // Exponents (of numbers within the range of an f64: the strict reader's byte-level
        // pass refuses larger ones, as serde_json does).
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,5})?[eE][+-]?[0-9]{1,2}",
        Just("1E300".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = Vec<(char, bool)>> {
    let c = prop_oneof![
        proptest::char::range('a', 'z'),
        Just('é'),
        Just('€'),
        Just('𝄞'),
        Just('"'),
        Just('\\'),
        Just('\n'),
        Just('\u{1}'),
        Just(' '),
    ];
    proptest::collection::vec((c, any::<bool>()), 0..8)
}

fn value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        number().prop_map(J::Number),
        number().prop_map(J::Number),
        text().prop_map(J::Text),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(J::Array),
            proptest::collection::btree_map("[a-z]{1,4}|é[a-z]?", inner, 0..5)
                .prop_map(|m| J::Object(m.into_iter().rev().collect())),
        ]
    })
}

fn whitespace() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("\n  ".to_owned())
    ]
}

/// One step of a path into a document.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The raw text at `path` in the JSON `text`.
fn raw_at(text: &str, path: &[Seg]) -> Option<String> {
    let Some((first, rest)) = path.split_first() else {
        return Some(text.to_owned());
    };
    let inner: Box<RawValue> = match first {
        Seg::Key(key) => {
            let mut map: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).ok()?;
            map.remove(key)?
        }
        Seg::Index(i) => {
            let items: Vec<Box<RawValue>> = serde_json::from_str(text).ok()?;
            items.into_iter().nth(*i)?
        }
    };
    raw_at(inner.get(), rest)
}

/// The path of the first object (depth first) holding `key`, and the key.
fn find_key(v: &Value, key: &str) -> Option<Vec<Seg>> {
    match v {
        Value::Object(map) if map.contains_key(key) => Some(vec![Seg::Key(key.to_owned())]),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let mut path = find_key(v, key)?;
            path.insert(0, Seg::Key(k.clone()));
            Some(path)
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let mut path = find_key(v, key)?;
            path.insert(0, Seg::Index(i));
            Some(path)
        }),
        _ => None,
    }
}

fn set_at(v: &mut Value, path: &[Seg], new: Value) {
    let mut at = v;
    for seg in path {
        at = match seg {
            Seg::Key(k) => at
                .as_object_mut()
                .unwrap()
                .entry(k.clone())
                .or_insert(Value::Null),
            Seg::Index(i) => &mut at[*i],
        };
    }
    *at = new;
}

const PLACEHOLDER: &str = "\u{1}kept value\u{1}";

fn setup() -> &'static (Registry, Policy) {
    static SETUP: OnceLock<(Registry, Policy)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let policy = common::example_policy();
        (cancel_kit::registry(&policy).unwrap(), policy)
    })
}

/// A body of `dialect` with the value's place marked: `template`'s value at `path`
/// replaced by the placeholder.
struct Place {
    dialect: DialectId,
    kind: PayloadKind,
    template: Value,
    path: Vec<Seg>,
    /// The request fixture a response answers, when its reading needs it.
    answers: Option<&'static str>,
    /// Whether the vendor keeps the value in the core (OCC answers keep no unknown field:
    /// the core outcome reports them, and the value is checked through `normalize` only).
    round_trip: bool,
}

impl Place {
    fn body(&self, sent: &str) -> Vec<u8> {
        let mut doc = self.template.clone();
        set_at(&mut doc, &self.path, Value::from(PLACEHOLDER));
        let text = serde_json::to_string(&doc).unwrap();
        let marker = serde_json::to_string(PLACEHOLDER).unwrap();
        assert_eq!(text.matches(&marker).count(), 1);
        text.replace(&marker, sent).into_bytes()
    }
}

fn fixture(dialect: DialectId, kind: PayloadKind, name: &str) -> Value {
    let path = common::fixture_dir(dialect, kind, "valid").join(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// An unknown top-level field of a fixture.
fn unknown_field(dialect: DialectId, kind: PayloadKind, name: &str) -> Place {
    Place {
        dialect,
        kind,
        template: fixture(dialect, kind, name),
        path: vec![Seg::Key("x_kept".to_owned())],
        answers: None,
        round_trip: true,
    }
}

/// A new key in the first free-form map named `map` of a fixture.
fn in_map(dialect: DialectId, kind: PayloadKind, name: &str, map: &str) -> Place {
    let template = fixture(dialect, kind, name);
    let mut path = find_key(&template, map).unwrap_or_else(|| panic!("{name} has no {map}"));
    path.push(Seg::Key("x_kept".to_owned()));
    Place {
        dialect,
        kind,
        template,
        path,
        answers: None,
        round_trip: true,
    }
}

/// Checks one value at one place: normalize, and to the core and back.
fn check(place: &Place, value: &J, ws: &str) -> Result<(), TestCaseError> {
    let (registry, policy) = setup();
    let dialect = registry.get(place.dialect).unwrap();
    let mut sent = String::new();
    value.sent(ws, &mut sent);
    let expected = value.expected();
    let bytes = place.body(&sent);
    let id = place.dialect;
    let limits = Limits::DEFAULT;

    let mut out = Vec::new();
    let normalized = dialect.normalize(place.kind, &bytes, &limits, &mut out);
    prop_assert!(
        normalized.is_ok(),
        "{id}: normalize refused {}: {normalized:?}",
        String::from_utf8_lossy(&bytes)
    );
    let text = String::from_utf8(out).unwrap();
    prop_assert_eq!(
        raw_at(&text, &place.path),
        Some(expected.clone()),
        "{}: normalize of {}",
        id,
        sent
    );

    if !place.round_trip {
        return Ok(());
    }
    let answered = place.answers.map(|name| {
        let path = common::fixture_dir(id, PayloadKind::Request, "valid").join(name);
        let bytes = std::fs::read(path).unwrap();
        let ctx = TranslateContext::new(policy);
        dialect.request_to_core(&bytes, &ctx).unwrap().value
    });
    let ctx = TranslateContext::new(policy).with_request(answered.as_ref());
    let mut again = Vec::new();
    match place.kind {
        PayloadKind::Request => {
            let core = dialect.request_to_core(&bytes, &ctx).unwrap();
            dialect
                .request_from_core(&core.value, &ctx, &mut again)
                .unwrap();
        }
        _ => {
            let core = dialect.response_to_core(&bytes, &ctx).unwrap();
            dialect
                .response_from_core(&core.value, &ctx, &mut again)
                .unwrap();
        }
    }
    let text = String::from_utf8(again).unwrap();
    prop_assert_eq!(
        raw_at(&text, &place.path),
        Some(expected),
        "{}: to the core and back, of {}",
        id,
        sent
    );
    Ok(())
}

fn run(places: &[Place]) {
    run_with(places, value());
}

fn run_with(places: &[Place], values: impl Strategy<Value = J>) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(proptest::test_runner::Config {
        cases,
        ..proptest::test_runner::Config::default()
    });
    runner
        .run(&(values, whitespace()), |(value, ws)| {
            for place in places {
                check(place, &value, &ws)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn chatbot_keeps_values_exactly() {
    run(&[
        unknown_field(DialectId::Chatbot, PayloadKind::Request, "uid_only.json"),
        unknown_field(
            DialectId::Chatbot,
            PayloadKind::Response,
            "success_leading_zeros.json",
        ),
    ]);
}

#[test]
fn mozu_keeps_values_exactly() {
    run(&[
        unknown_field(
            DialectId::Mozu,
            PayloadKind::Request,
            "customer_changed_mind.json",
        ),
        unknown_field(
            DialectId::Mozu,
            PayloadKind::Response,
            "minimal_canceled.json",
        ),
    ]);
}

#[test]
fn unicommerce_keeps_values_exactly() {
    run(&[
        unknown_field(
            DialectId::Unicommerce,
            PayloadKind::Request,
            "many_items.json",
        ),
        Place {
            answers: Some("many_items.json"),
            ..unknown_field(
                DialectId::Unicommerce,
                PayloadKind::Response,
                "success_no_items.json",
            )
        },
    ]);
}

#[test]
fn occ_keeps_values_exactly() {
    run(&[
        unknown_field(
            DialectId::Occ,
            PayloadKind::Request,
            "badProductReview.json",
        ),
        Place {
            round_trip: false,
            ..unknown_field(
                DialectId::Occ,
                PayloadKind::Response,
                "rich_store_order.json",
            )
        },
        Place {
            round_trip: false,
            ..in_map(
                DialectId::Occ,
                PayloadKind::Response,
                "rich_store_order.json",
                "customPaymentProperties",
            )
        },
    ]);
}

#[test]
fn occ_keeps_dynamic_property_numbers_exactly() {
    // A dynamic property's value is a string, a number or a boolean.
    let template = fixture(
        DialectId::Occ,
        PayloadKind::Response,
        "rich_store_order.json",
    );
    let mut path = find_key(&template, "dynamicProperties").unwrap();
    path.extend([Seg::Index(0), Seg::Key("value".to_owned())]);
    run_with(
        &[Place {
            dialect: DialectId::Occ,
            kind: PayloadKind::Response,
            template,
            path,
            answers: None,
            round_trip: false,
        }],
        number().prop_map(J::Number),
    );
}

#[test]
fn omnitron_keeps_values_exactly() {
    run(&[
        unknown_field(
            DialectId::Omnitron,
            PayloadKind::Request,
            "seed_whole_order.json",
        ),
        unknown_field(
            DialectId::Omnitron,
            PayloadKind::Response,
            "detail_canceled_whole.json",
        ),
        Place {
            dialect: DialectId::Omnitron,
            kind: PayloadKind::Response,
            template: fixture(
                DialectId::Omnitron,
                PayloadKind::Response,
                "detail_canceled_whole.json",
            ),
            path: vec![Seg::Key("extra_field".to_owned())],
            answers: None,
            round_trip: true,
        },
    ]);
}
