//! Personal and payment data never shows in a `Debug` string, an error message, a
//! translation report or a vendor-native error answer.
//!
//! For every fixture of every dialect (valid, invalid, strict and the rest), the values of
//! known sensitive JSON keys (names, emails, phone numbers, user ids, address lines,
//! IBANs, holder names, card data) are collected, then every error path is run: validate
//! (errors and strict findings), the vendor's answer to an invalid body, the typed wire
//! value's `Debug`, the reading into the core (value `Debug`, report), the writing from the
//! core to every dialect (report or refusal), the facade's conversion to every dialect
//! with `examples/data/orders.json` as the order directory, and the state rules over the
//! same orders (`check`: the outcome and every dialect's answer). Every text produced
//! is scanned for every collected value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cancel_kit::domain::{
    json::{self, Limits},
    CancelService, Dialect, DialectId, InMemoryOrderStore, PayloadKind, Policy, TranslateContext,
};
use cancel_kit::Translator;
use serde_json::Value;
use strum::IntoEnumIterator;

/// JSON keys whose values are personal or payment data, in every vendor's spelling.
const SENSITIVE_KEYS: &[&str] = &[
    "first_name",
    "last_name",
    "firstName",
    "lastName",
    "middleName",
    "uid",
    "user_id",
    "username",
    "email",
    "additionalEmails",
    "phone",
    "phone_number",
    "phoneNumber",
    "ibans",
    "iban",
    "holder_names",
    "holder_name",
    "address1",
    "address2",
    "address3",
    "nameOnCard",
    "cardNumber",
];

/// Sensitive values of `doc`: strings (and numbers, as text) under a sensitive key, at
/// least 4 characters long and not also the value of some other, non-sensitive key (a
/// chat user id that is also the order id would match everywhere).
fn sensitive_values(doc: &Value) -> BTreeSet<String> {
    fn walk(
        v: &Value,
        under_sensitive: bool,
        hit: &mut BTreeSet<String>,
        plain: &mut BTreeSet<String>,
    ) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    walk(
                        x,
                        under_sensitive || SENSITIVE_KEYS.contains(&k.as_str()),
                        hit,
                        plain,
                    );
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|x| walk(x, under_sensitive, hit, plain)),
            Value::String(s) => {
                (if under_sensitive {
                    &mut *hit
                } else {
                    &mut *plain
                })
                .insert(s.clone());
            }
            Value::Number(n) => {
                (if under_sensitive {
                    &mut *hit
                } else {
                    &mut *plain
                })
                .insert(n.to_string());
            }
            Value::Bool(_) | Value::Null => {}
        }
    }
    let (mut hit, mut plain) = (BTreeSet::new(), BTreeSet::new());
    walk(doc, false, &mut hit, &mut plain);
    hit.retain(|s| s.chars().count() >= 4 && !plain.contains(s));
    hit
}

/// Collects texts and scans them.
struct Scan<'a> {
    file: &'a str,
    secrets: &'a BTreeSet<String>,
    leaks: &'a mut Vec<String>,
    texts: usize,
}

impl Scan<'_> {
    fn text(&mut self, what: &str, text: &str) {
        self.texts += 1;
        for s in self.secrets {
            if text.contains(s.as_str()) {
                self.leaks.push(format!(
                    "{}: {what} shows {s:?}:\n    {}",
                    self.file,
                    text.replace('\n', "\n    ")
                ));
            }
        }
    }

    fn debug(&mut self, what: &str, value: &impl Debug) {
        self.text(what, &format!("{value:?}"));
    }

    fn error<E: Debug + std::fmt::Display>(&mut self, what: &str, e: &E) {
        self.text(&format!("{what} (Display)"), &e.to_string());
        self.text(&format!("{what} (Debug)"), &format!("{e:?}"));
    }

    fn bytes(&mut self, what: &str, bytes: &[u8]) {
        self.text(what, &String::from_utf8_lossy(bytes));
    }
}

/// Every fixture file of a dialect, with the kinds it is read as (files outside a
/// `<kind>/` directory, such as OCC agent bodies and foreign error pages, as every kind).
fn all_fixtures(id: DialectId) -> Vec<(PayloadKind, PathBuf)> {
    let base = common::fixture_dir(id, PayloadKind::Request, "valid");
    let base = base.parent().unwrap().parent().unwrap().to_path_buf();
    let mut files = Vec::new();
    walk(&base, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e != "tsv"))
        .flat_map(|p| {
            let first = p.strip_prefix(&base).unwrap().components().next().unwrap();
            match first.as_os_str().to_string_lossy().parse::<PayloadKind>() {
                Ok(kind) => vec![(kind, p)],
                Err(_) => PayloadKind::iter().map(|k| (k, p.clone())).collect(),
            }
        })
        .collect()
}

/// Every file below `dir`; a missing or unreadable directory fails the test.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fixture directory {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The typed wire value of a body, for its `Debug`.
fn typed_debug(id: DialectId, kind: PayloadKind, bytes: &[u8]) -> Option<String> {
    fn dbg<T: serde::de::DeserializeOwned + Debug>(bytes: &[u8]) -> Option<String> {
        json::parse::<T>(bytes, &Limits::DEFAULT)
            .ok()
            .map(|v| format!("{v:?}"))
    }
    use cancel_kit::{chatbot, mozu, occ, omnitron, unicommerce};
    match (id, kind) {
        (DialectId::Chatbot, PayloadKind::Request) => {
            dbg::<chatbot::wire::CancelOrderRequest>(bytes)
        }
        (DialectId::Chatbot, PayloadKind::Response) => {
            dbg::<chatbot::wire::CancelOrderResponse>(bytes)
        }
        (DialectId::Mozu, PayloadKind::Request) => dbg::<mozu::wire::CancelOrderRequest>(bytes),
        (DialectId::Mozu, PayloadKind::Response) => dbg::<mozu::wire::CancelOrderResponse>(bytes),
        (DialectId::Unicommerce, PayloadKind::Request) => {
            dbg::<unicommerce::wire::OrderCancelRequest>(bytes)
        }
        (DialectId::Unicommerce, PayloadKind::Response) => {
            dbg::<unicommerce::wire::OrderCancelResponse>(bytes)
        }
        (DialectId::Occ, PayloadKind::Request) => dbg::<occ::CancelOrderRequest>(bytes),
        (DialectId::Occ, PayloadKind::Response) => occ::parse_response(bytes, &Limits::DEFAULT)
            .ok()
            .map(|v| format!("{v:?}")),
        (DialectId::Occ, PayloadKind::Error) => occ::parse_error(bytes, &Limits::DEFAULT)
            .ok()
            .map(|v| format!("{v:?}")),
        (DialectId::Omnitron, PayloadKind::Request) => {
            dbg::<omnitron::wire::CancelOrderRequest>(bytes)
        }
        (DialectId::Omnitron, PayloadKind::Response) => {
            dbg::<omnitron::wire::CancelResponse>(bytes)
        }
        (DialectId::Omnitron, PayloadKind::Error) => omnitron::parse_error(bytes, &Limits::DEFAULT)
            .ok()
            .map(|v| format!("{v:?}")),
        _ => None,
    }
}

fn orders() -> Arc<InMemoryOrderStore> {
    Arc::new(
        InMemoryOrderStore::from_file(common::root().join("examples/data/orders.json")).unwrap(),
    )
}

#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
fn scan_fixture(
    registry: &cancel_kit::domain::Registry,
    translator: &Translator,
    runtime: &tokio::runtime::Runtime,
    policy: &Policy,
    dialect: &dyn Dialect,
    kind: PayloadKind,
    scan: &mut Scan<'_>,
    bytes: &[u8],
) {
    let limits = Limits::DEFAULT;
    let ctx = TranslateContext::new(policy);
    match dialect.validate(kind, bytes, &limits) {
        Ok(findings) => {
            for f in &findings {
                scan.text("strict finding", &f.to_string());
            }
            scan.debug("strict findings", &findings);
        }
        Err(errors) => {
            scan.error("validate", &errors);
            let mut answer = Vec::new();
            dialect.invalid_answer(&errors, &mut answer);
            scan.bytes("invalid_answer", &answer);
        }
    }
    if let Some(text) = typed_debug(dialect.id(), kind, bytes) {
        scan.text("typed wire value", &text);
    }
    let mut out = Vec::new();
    let targets: Vec<&dyn Dialect> = registry
        .iter()
        .filter(|t| t.kinds().contains(&kind))
        .collect();
    match kind {
        PayloadKind::Request => match dialect.request_to_core(bytes, &ctx) {
            Ok(core) => {
                scan.debug("core request", &core.value);
                scan.debug("report in", &core.report);
                scan.text("report in (Display)", &core.report.to_string());
                scan.text(
                    "report in (JSON)",
                    &serde_json::to_string(&core.report).unwrap(),
                );
                for target in &targets {
                    out.clear();
                    match target.request_from_core(&core.value, &ctx, &mut out) {
                        Ok(report) => {
                            scan.debug(&format!("report to {}", target.id()), &report);
                            scan.text(&format!("report to {}", target.id()), &report.to_string());
                        }
                        Err(e) => scan.error(&format!("refusal to {}", target.id()), &e),
                    }
                }
                // check: the state rules over examples/data/orders.json, answered by
                // every dialect.
                let service = CancelService::new(orders());
                let now = chrono::DateTime::UNIX_EPOCH;
                match runtime.block_on(service.cancel(&core.value, &policy.rules, now)) {
                    Ok(outcome) => {
                        scan.debug("check outcome", &outcome);
                        for target in registry.iter() {
                            out.clear();
                            match target.answer(&outcome, &ctx, &mut out) {
                                Ok((_, report)) => {
                                    scan.bytes(&format!("{} answer", target.id()), &out);
                                    scan.debug(&format!("{} answer report", target.id()), &report);
                                }
                                Err(e) => scan.error(&format!("{} answer", target.id()), &e),
                            }
                        }
                    }
                    Err(e) => scan.error("check", &e),
                }
            }
            Err(e) => scan.error("request to core", &e),
        },
        PayloadKind::Response => match dialect.response_to_core(bytes, &ctx) {
            Ok(core) => {
                scan.debug("core outcome", &core.value);
                scan.debug("report in", &core.report);
                scan.text("report in (Display)", &core.report.to_string());
                for target in &targets {
                    out.clear();
                    match target.response_from_core(&core.value, &ctx, &mut out) {
                        Ok(report) => scan.debug(&format!("report to {}", target.id()), &report),
                        Err(e) => scan.error(&format!("refusal to {}", target.id()), &e),
                    }
                }
            }
            Err(e) => scan.error("response to core", &e),
        },
        PayloadKind::Error => match dialect.error_to_core(bytes, &ctx) {
            Ok(core) => {
                scan.debug("core rejection", &core.value);
                scan.text("core rejection (Display)", &core.value.to_string());
                scan.debug("report in", &core.report);
                for target in &targets {
                    out.clear();
                    match target.error_from_core(&core.value, &ctx, &mut out) {
                        Ok(report) => scan.debug(&format!("report to {}", target.id()), &report),
                        Err(e) => scan.error(&format!("refusal to {}", target.id()), &e),
                    }
                }
            }
            Err(e) => scan.error("error to core", &e),
        },
    }
    // The facade, with the orders file as directory (lookups included).
    for target in &targets {
        out.clear();
        match runtime.block_on(translator.translate(
            dialect.id(),
            target.id(),
            kind,
            bytes,
            &mut out,
        )) {
            Ok(report) => scan.text(&format!("convert to {}", target.id()), &report.to_string()),
            Err(e) => scan.error(&format!("convert to {}", target.id()), &e),
        }
    }
}

#[test]
fn no_sensitive_value_of_any_fixture_reaches_debug_errors_or_reports() {
    let policy = common::example_policy();
    let registry = cancel_kit::registry(&policy).unwrap();
    let translator = Translator::new(policy.clone())
        .unwrap()
        .with_directory(orders());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut leaks = Vec::new();
    let (mut files_with_secrets, mut texts) = (0, 0);
    for dialect in registry.iter() {
        for (kind, file) in all_fixtures(dialect.id()) {
            if !dialect.kinds().contains(&kind) {
                continue;
            }
            let bytes = std::fs::read(&file).unwrap();
            let Ok(doc) = serde_json::from_slice::<Value>(&bytes) else {
                continue;
            };
            let secrets = sensitive_values(&doc);
            if secrets.is_empty() {
                continue;
            }
            files_with_secrets += 1;
            let name = file
                .strip_prefix(common::root())
                .unwrap()
                .display()
                .to_string();
            let mut scan = Scan {
                file: &name,
                secrets: &secrets,
                leaks: &mut leaks,
                texts: 0,
            };
            scan_fixture(
                &registry,
                &translator,
                &runtime,
                &policy,
                dialect,
                kind,
                &mut scan,
                &bytes,
            );
            texts += scan.texts;
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    // The scan saw real data: names, emails, bank data in several vendors' fixtures.
    assert!(
        files_with_secrets >= 20,
        "only {files_with_secrets} fixtures with sensitive values"
    );
    assert!(texts > 1000, "only {texts} texts scanned");
}

/// Every value of `doc` replaced in turn by `secret` (one path per distinct field).
fn misplaced(doc: &Value, secret: &str) -> Vec<Vec<u8>> {
    fn walk(
        v: &Value,
        shape: &str,
        at: &mut Vec<Value>,
        seen: &mut BTreeSet<String>,
        paths: &mut Vec<Vec<Value>>,
    ) {
        let children: Vec<(Value, String, &Value)> = match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, x)| (Value::from(k.as_str()), format!("{shape}.{k}"), x))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::from(i), format!("{shape}[]"), x))
                .collect(),
            _ => Vec::new(),
        };
        for (step, child_shape, child) in children {
            if seen.insert(child_shape.clone()) {
                at.push(step);
                paths.push(at.clone());
                walk(child, &child_shape, at, seen, paths);
                at.pop();
            }
        }
    }
    let mut paths = Vec::new();
    walk(doc, "", &mut Vec::new(), &mut BTreeSet::new(), &mut paths);
    paths
        .iter()
        .map(|path| {
            let mut mutant = doc.clone();
            let slot = path.iter().fold(&mut mutant, |v, step| match step {
                Value::Number(i) => &mut v[usize::try_from(i.as_u64().unwrap()).unwrap()],
                key => &mut v[key.as_str().unwrap()],
            });
            *slot = Value::String(secret.to_owned());
            serde_json::to_vec(&mutant).unwrap()
        })
        .collect()
}

/// A sensitive value sent in the wrong field (an email where an enum, a number or a date
/// belongs) is not quoted back by the error that field raises.
#[test]
fn a_sensitive_value_in_any_other_field_is_not_quoted_back() {
    let policy = common::example_policy();
    let registry = cancel_kit::registry(&policy).unwrap();
    let ctx = TranslateContext::new(&policy);
    let limits = Limits::DEFAULT;
    let mut leaks = Vec::new();
    let mut mutants = 0;
    for dialect in registry.iter() {
        for kind in PayloadKind::iter().filter(|k| dialect.kinds().contains(k)) {
            for file in common::fixtures(dialect.id(), kind, "valid") {
                let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
                let Some(secret) = sensitive_values(&doc).into_iter().max_by_key(String::len)
                else {
                    continue;
                };
                let secrets = BTreeSet::from([secret.clone()]);
                let name = file
                    .strip_prefix(common::root())
                    .unwrap()
                    .display()
                    .to_string();
                let mut scan = Scan {
                    file: &name,
                    secrets: &secrets,
                    leaks: &mut leaks,
                    texts: 0,
                };
                for bytes in misplaced(&doc, &secret) {
                    mutants += 1;
                    if let Err(errors) = dialect.validate(kind, &bytes, &limits) {
                        scan.error("validate", &errors);
                        let mut answer = Vec::new();
                        dialect.invalid_answer(&errors, &mut answer);
                        scan.bytes("invalid_answer", &answer);
                    }
                    let result = match kind {
                        PayloadKind::Request => {
                            dialect.request_to_core(&bytes, &ctx).map(|t| t.report)
                        }
                        PayloadKind::Response => {
                            dialect.response_to_core(&bytes, &ctx).map(|t| t.report)
                        }
                        PayloadKind::Error => dialect.error_to_core(&bytes, &ctx).map(|t| t.report),
                    };
                    // A report may name an unknown vendor enum value it keeps (the
                    // value sits in an enum field): only errors are scanned here.
                    if let Err(e) = result {
                        scan.error("to core", &e);
                    }
                }
            }
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    assert!(mutants > 200, "only {mutants} mutants");
}

#[test]
fn sensitive_values_are_found_where_vendors_put_them() {
    let doc: Value = serde_json::from_str(
        r#"{"conversationRequest":{"userInfo":{"uid":"jane@example.com","first_name":"Jane","last_name":"Roe"}},
            "orderId":"1001","ibans":{"1":"TR330006100519786457841326"},"holder_names":{"1":"Jane Roe"},
            "shippingAddress":{"firstName":"Janet","address1":"1 Main Street","phoneNumber":"5551234"},
            "profileId":"1001"}"#,
    )
    .unwrap();
    let found = sensitive_values(&doc);
    for s in [
        "jane@example.com",
        "Jane",
        "TR330006100519786457841326",
        "Jane Roe",
        "Janet",
        "1 Main Street",
        "5551234",
    ] {
        assert!(found.contains(s), "{s} not found in {found:?}");
    }
    // "Roe" is too short to scan for; "1001" is also a non-sensitive value.
    assert!(
        !found.contains("Roe") && !found.contains("1001"),
        "{found:?}"
    );
}
