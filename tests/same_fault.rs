//! The same fault gets the same verdict (one error kind, one wording) in every vendor, and a
//! document with several independent faults has every one of them reported.
//!
//! Fault classes, with the one verdict each gets everywhere (see `one_verdict_per_fault_class`):
//! - a body that is not JSON: `syntax` at `$`, serde_json's wording, for every kind of every
//!   vendor;
//! - negative zero where an integer from 1 belongs: `range`, "invalid value: integer,
//!   expected {what the field takes}" (it is the integer 0);
//! - an empty string where a required non-empty string belongs: `range`, "must not be empty";
//! - a value of the wrong JSON type, or a fraction where an integer belongs: `type`,
//!   "invalid type: {the JSON type found}, expected {what the field takes}";
//! - a key given twice in one object: `duplicate` at that key, "key appears more than once in
//!   the same object", for every kind of every vendor;
//! - one field under both of its documented spellings (`orderId` and `orderID`: chatbot,
//!   Kibo, Unicommerce): `duplicate` at the second key, "`{first}` and `{second}` name the
//!   same field; send one of them";
//! - a whole number written as a float (`2.0`, `2e0`) where an integer belongs: no fault,
//!   that integer (as Jackson and Django REST framework read it), written back plainly;
//! - an undocumented field: valid, with a strict-only `unknown_field` finding, "not a field
//!   the vendor documents; kept verbatim".

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use cancel_kit::domain::{json::Limits, DialectId, ErrorKind, PayloadKind, Policy};
use serde_json::{json, Value};

/// A valid body of each dialect and kind, built from the vendors' documents.
fn valid_body(dialect: DialectId, kind: PayloadKind) -> Option<Value> {
    use DialectId as D;
    use PayloadKind as K;
    Some(match (dialect, kind) {
        (D::Chatbot, K::Request) => json!({
            "conversationRequest": {"channel": "telegram", "userInfo": {"uid": "51342"}},
            "queryInfo": {"interestType": "cancel-order",
                "parameters": {"params": {"entityInfo": {"orderId": "748596"}}}},
            "languageCode": "en"
        }),
        (D::Chatbot, K::Response) => json!({"response": {
            "responseType": "text",
            "responseId": "be49e7a0-8638-486b-899b-be42e3760b46-e15c53b8",
            "responseMessages": [{"simpleResponse": {"responseText": "Order 748596 has been cancelled"}}]
        }}),
        (D::Mozu, K::Request) => {
            json!({"orderId": 77, "dispositionReason": "other", "dispositionOtherReason": "Changed mind"})
        }
        (D::Mozu, K::Response) => json!({"orderID": 1010101, "orderStatus": "CANCELED"}),
        (D::Mozu, K::Error) => json!({"code": 5002, "name": "GENERIC_NOT_FOUND"}),
        (D::Unicommerce, K::Request) => json!({"orderId": "MP-7007", "orderItems": [
            {"orderItemId": "I-9", "variantId": "V-9", "productId": "P-9", "quantity": 3}]}),
        (D::Unicommerce, K::Response) => json!({"status": "SUCCESS"}),
        (D::Unicommerce, K::Error) => json!({"status": "FAILED", "orderItems": [
            {"orderItemId": "A1", "errorMessage": "order is already delivered"}]}),
        (D::Occ, K::Request) => json!({"orderId": "o30411", "cancelReason": "changeOfMind"}),
        (D::Occ, K::Response) => json!({"result": "success"}),
        (D::Occ, K::Error) => {
            json!({"errorCode": "200126", "message": "Invalid Input.", "status": "400"})
        }
        (D::Omnitron, K::Request) => json!({"order": 2002, "is_all": true, "cancel_items": [],
            "forced_refund_amount": null, "reasons": {}, "is_cargo_refund": true}),
        (D::Omnitron, K::Response) => {
            json!({"pk": 2009, "number": "100000234", "status": "canceled", "amount": "10.00", "currency": "eur"})
        }
        (D::Omnitron, K::Error) => json!({"detail": "Not found."}),
        _ => return None,
    })
}

/// One fault: where it goes, the value put there, the kind it must get.
struct Fault {
    dialect: DialectId,
    kind: PayloadKind,
    /// JSON pointer of the value replaced.
    pointer: &'static str,
    /// The wire path the error names.
    path: &'static str,
    value: Value,
    expected: ErrorKind,
}

fn faults() -> Vec<Fault> {
    use DialectId as D;
    use ErrorKind as E;
    use PayloadKind as K;
    let fault = |dialect, kind, pointer, path, value, expected| Fault {
        dialect,
        kind,
        pointer,
        path,
        value,
        expected,
    };
    let neg_zero: Value = serde_json::from_str("-0").unwrap();
    vec![
        // Negative zero where an integer from 1 belongs.
        fault(
            D::Mozu,
            K::Request,
            "/orderId",
            "orderId",
            neg_zero.clone(),
            E::Range,
        ),
        fault(
            D::Mozu,
            K::Response,
            "/orderID",
            "orderID",
            neg_zero.clone(),
            E::Range,
        ),
        fault(
            D::Unicommerce,
            K::Request,
            "/orderItems/0/quantity",
            "orderItems[0].quantity",
            neg_zero.clone(),
            E::Range,
        ),
        fault(
            D::Omnitron,
            K::Request,
            "/order",
            "order",
            neg_zero.clone(),
            E::Range,
        ),
        fault(D::Omnitron, K::Response, "/pk", "pk", neg_zero, E::Range),
        // An empty string where a required non-empty one belongs.
        fault(
            D::Chatbot,
            K::Request,
            "/conversationRequest/userInfo/uid",
            "conversationRequest.userInfo.uid",
            json!(""),
            E::Range,
        ),
        fault(
            D::Chatbot,
            K::Request,
            "/languageCode",
            "languageCode",
            json!(""),
            E::Range,
        ),
        fault(
            D::Chatbot,
            K::Request,
            "/queryInfo/parameters/params/entityInfo/orderId",
            "queryInfo.parameters.params.entityInfo.orderId",
            json!(""),
            E::Range,
        ),
        fault(
            D::Chatbot,
            K::Response,
            "/response/responseId",
            "response.responseId",
            json!(""),
            E::Range,
        ),
        fault(
            D::Mozu,
            K::Request,
            "/dispositionOtherReason",
            "dispositionOtherReason",
            json!(""),
            E::Range,
        ),
        fault(
            D::Unicommerce,
            K::Request,
            "/orderId",
            "orderId",
            json!(""),
            E::Range,
        ),
        fault(
            D::Unicommerce,
            K::Request,
            "/orderItems/0/variantId",
            "orderItems[0].variantId",
            json!(""),
            E::Range,
        ),
        fault(
            D::Occ,
            K::Request,
            "/orderId",
            "orderId",
            json!(""),
            E::Range,
        ),
        // The wrong JSON type (a boolean where no field takes one; a string where one does).
        fault(
            D::Chatbot,
            K::Request,
            "/languageCode",
            "languageCode",
            json!(true),
            E::Type,
        ),
        fault(
            D::Chatbot,
            K::Response,
            "/response/responseMessages",
            "response.responseMessages",
            json!(true),
            E::Type,
        ),
        fault(
            D::Mozu,
            K::Request,
            "/orderId",
            "orderId",
            json!("77"),
            E::Type,
        ),
        fault(
            D::Mozu,
            K::Response,
            "/orderID",
            "orderID",
            json!(true),
            E::Type,
        ),
        fault(
            D::Unicommerce,
            K::Request,
            "/orderItems/0/quantity",
            "orderItems[0].quantity",
            json!("3"),
            E::Type,
        ),
        fault(
            D::Unicommerce,
            K::Request,
            "/orderId",
            "orderId",
            json!(7007),
            E::Type,
        ),
        fault(
            D::Unicommerce,
            K::Response,
            "/status",
            "status",
            json!(true),
            E::Type,
        ),
        fault(
            D::Unicommerce,
            K::Error,
            "/status",
            "status",
            json!(true),
            E::Type,
        ),
        fault(
            D::Occ,
            K::Request,
            "/orderId",
            "orderId",
            json!(30411),
            E::Type,
        ),
        fault(
            D::Occ,
            K::Response,
            "/result",
            "result",
            json!(true),
            E::Type,
        ),
        fault(
            D::Occ,
            K::Error,
            "/message",
            "message",
            json!(true),
            E::Type,
        ),
        fault(
            D::Omnitron,
            K::Request,
            "/order",
            "order",
            json!("2002"),
            E::Type,
        ),
        fault(
            D::Omnitron,
            K::Request,
            "/is_all",
            "is_all",
            json!("true"),
            E::Type,
        ),
        fault(
            D::Omnitron,
            K::Response,
            "/number",
            "number",
            json!(true),
            E::Type,
        ),
    ]
}

/// The fault classes of `one_verdict_per_fault_class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    NotJson,
    NegativeZero,
    EmptyString,
    WrongType,
    DuplicateKey,
    UnknownField,
}

/// The JSON type name serde gives a value in "invalid type: ..." (as redacted).
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "floating point",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

/// The wording of `message` with what varies by field (what the field takes) and by the
/// value fed (its JSON type) replaced by placeholders; the message itself when it does not
/// have the class's shape (which then shows up as a second wording).
fn wording(class: Class, fed: Option<&Value>, message: &str) -> String {
    let template = match (class, fed) {
        (Class::NegativeZero, _) => message
            .strip_prefix("invalid value: integer, expected ")
            .filter(|what| !what.is_empty())
            .map(|_| "invalid value: integer, expected {what the field takes}".to_owned()),
        (Class::WrongType, Some(value)) => message
            .strip_prefix(&format!("invalid type: {}, expected ", json_type(value)))
            .filter(|what| !what.is_empty())
            .map(|_| "invalid type: {found}, expected {what the field takes}".to_owned()),
        _ => None,
    };
    template.unwrap_or_else(|| message.to_owned())
}

/// `text` with its first top-level key given twice: `{"a":1,"b":2}` becomes
/// `{"a":1,"a":1,"b":2}`; with that key.
fn first_key_twice(body: &Value) -> (String, String) {
    let (key, value) = body.as_object().unwrap().iter().next().unwrap();
    let plain = serde_json::to_string(body).unwrap();
    let pair = format!("{}:{}", serde_json::to_string(key).unwrap(), value);
    (format!("{{{pair},{}", &plain[1..]), key.clone())
}

/// One test for every fault class: each is fed to every vendor (and every kind that has a
/// place for it) through the public `Dialect::validate`, and every answer must be the one
/// verdict of its class: the same error kind and the same wording, at the faulty path.
#[test]
fn one_verdict_per_fault_class() {
    use std::collections::{BTreeMap, BTreeSet};
    let registry = registry();
    // class -> verdicts seen (kind, wording) -> who gave them.
    let mut verdicts: BTreeMap<Class, BTreeMap<(ErrorKind, String), Vec<String>>> = BTreeMap::new();
    let mut vendors: BTreeMap<Class, BTreeSet<DialectId>> = BTreeMap::new();
    let mut record = |class: Class,
                      dialect: DialectId,
                      kind: PayloadKind,
                      fed: Option<&Value>,
                      found: &[cancel_kit::domain::PayloadError],
                      path: &str| {
        assert_eq!(found.len(), 1, "{class:?} {dialect} {kind}: {found:#?}");
        assert_eq!(
            found[0].path, path,
            "{class:?} {dialect} {kind}: {found:#?}"
        );
        verdicts
            .entry(class)
            .or_default()
            .entry((found[0].kind, wording(class, fed, &found[0].message)))
            .or_default()
            .push(format!("{dialect} {kind}"));
        vendors.entry(class).or_default().insert(dialect);
    };

    // Field faults: negative zero, an empty string, the wrong JSON type.
    let faults = faults();
    assert!(faults.len() >= 20);
    for fault in faults {
        let class = match (&fault.value, fault.expected) {
            (Value::String(s), ErrorKind::Range) if s.is_empty() => Class::EmptyString,
            (_, ErrorKind::Range) => Class::NegativeZero,
            _ => Class::WrongType,
        };
        let dialect = registry.get(fault.dialect).unwrap();
        let mut body = valid_body(fault.dialect, fault.kind).unwrap();
        put(&mut body, fault.pointer, fault.value.clone());
        // `-0` must reach the dialect as written, not as serde_json's float `-0.0`.
        let text = serde_json::to_string(&body).unwrap().replace("-0.0", "-0");
        let errors = dialect
            .validate(fault.kind, text.as_bytes(), &Limits::DEFAULT)
            .expect_err(&text)
            .0;
        record(
            class,
            fault.dialect,
            fault.kind,
            Some(&fault.value),
            &errors,
            fault.path,
        );
    }

    for dialect in registry.iter() {
        if dialect.id() == DialectId::Core {
            continue;
        }
        for &kind in dialect.kinds() {
            // A body that is not JSON (a gateway's HTML page).
            let html = b"<html><body>502 Bad Gateway</body></html>";
            let errors = dialect
                .validate(kind, html, &Limits::DEFAULT)
                .expect_err("html")
                .0;
            record(Class::NotJson, dialect.id(), kind, None, &errors, "$");

            let Some(body) = valid_body(dialect.id(), kind) else {
                continue;
            };
            // A key given twice.
            let (text, key) = first_key_twice(&body);
            let errors = dialect
                .validate(kind, text.as_bytes(), &Limits::DEFAULT)
                .expect_err(&text)
                .0;
            record(Class::DuplicateKey, dialect.id(), kind, None, &errors, &key);

            // An undocumented field: valid, one strict finding.
            // A DRF error body maps any field name to its messages: no key is undocumented.
            if (dialect.id(), kind) != (DialectId::Omnitron, PayloadKind::Error) {
                let mut body = body;
                body.as_object_mut()
                    .unwrap()
                    .insert("zzUndocumented".into(), json!({"n": 1}));
                let bytes = serde_json::to_vec(&body).unwrap();
                let findings = dialect
                    .validate(kind, &bytes, &Limits::DEFAULT)
                    .unwrap_or_else(|e| panic!("{} {kind}: {e:?}", dialect.id()));
                record(
                    Class::UnknownField,
                    dialect.id(),
                    kind,
                    None,
                    &findings,
                    "zzUndocumented",
                );
            }
        }
    }

    let every_vendor = [
        DialectId::Chatbot,
        DialectId::Mozu,
        DialectId::Unicommerce,
        DialectId::Occ,
        DialectId::Omnitron,
    ];
    for (class, seen) in &verdicts {
        assert_eq!(
            seen.len(),
            1,
            "{class:?} gets more than one verdict: {seen:#?}"
        );
    }
    for class in [
        Class::NotJson,
        Class::DuplicateKey,
        Class::UnknownField,
        Class::WrongType,
    ] {
        assert_eq!(
            vendors[&class].len(),
            every_vendor.len(),
            "{class:?} not fed to every vendor"
        );
    }
    let expected = [
        (
            Class::NotJson,
            ErrorKind::Syntax,
            "expected value at line 1 column 1",
        ),
        (
            Class::NegativeZero,
            ErrorKind::Range,
            "invalid value: integer, expected {what the field takes}",
        ),
        (Class::EmptyString, ErrorKind::Range, "must not be empty"),
        (
            Class::WrongType,
            ErrorKind::Type,
            "invalid type: {found}, expected {what the field takes}",
        ),
        (
            Class::DuplicateKey,
            ErrorKind::Duplicate,
            "key appears more than once in the same object",
        ),
        (
            Class::UnknownField,
            ErrorKind::UnknownField,
            "not a field the vendor documents; kept verbatim",
        ),
    ];
    for (class, kind, wording) in expected {
        let (verdict, _) = verdicts[&class].iter().next().unwrap();
        assert_eq!(
            (verdict.0, verdict.1.as_str()),
            (kind, wording),
            "{class:?}"
        );
    }
}

fn registry() -> cancel_kit::domain::Registry {
    cancel_kit::registry(&Policy::default()).unwrap()
}

fn put(body: &mut Value, pointer: &str, value: Value) {
    *body
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value;
}

#[test]
fn the_valid_bodies_are_valid() {
    let registry = registry();
    for dialect in registry.iter() {
        for &kind in dialect.kinds() {
            let Some(body) = valid_body(dialect.id(), kind) else {
                continue;
            };
            let bytes = serde_json::to_vec(&body).unwrap();
            let findings = dialect.validate(kind, &bytes, &Limits::DEFAULT);
            assert_eq!(findings, Ok(Vec::new()), "{} {kind}", dialect.id());
        }
    }
}

#[test]
fn a_body_that_is_not_json_is_a_syntax_error_everywhere() {
    let registry = registry();
    let mut checked = 0;
    for dialect in registry.iter() {
        for &kind in dialect.kinds() {
            for body in [
                &b"<html><body>502 Bad Gateway</body></html>"[..],
                b"",
                b"{\"a\":",
            ] {
                let errors = dialect
                    .validate(kind, body, &Limits::DEFAULT)
                    .expect_err("not JSON")
                    .0;
                let found: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
                assert_eq!(found, [("$", ErrorKind::Syntax)], "{} {kind}", dialect.id());
                checked += 1;
            }
        }
    }
    assert!(checked >= 3 * 16, "only {checked} bodies checked");
}

/// Several independent faults in one document: each is reported, with its path and kind,
/// in document order.
#[test]
fn every_independent_fault_of_a_document_is_reported() {
    use DialectId as D;
    use ErrorKind as E;
    use PayloadKind as K;
    type Case = (
        DialectId,
        PayloadKind,
        &'static str,
        Vec<(&'static str, ErrorKind)>,
    );
    let cases: Vec<Case> = vec![
        (
            D::Mozu,
            K::Request,
            "{}",
            vec![("orderId", E::Missing), ("dispositionReason", E::Missing)],
        ),
        (
            D::Mozu,
            K::Request,
            r#"{"orderId":"77","dispositionReason":"other","dispositionOtherReason":""}"#,
            vec![("orderId", E::Type), ("dispositionOtherReason", E::Range)],
        ),
        (
            D::Unicommerce,
            K::Request,
            r#"{"orderId":"MP-7","orderItems":[
                {"orderItemId":"I-1","variantId":"V","productId":"P","quantity":-1},
                {"orderItemId":"I-2","variantId":"V","productId":"P","quantity":"2"},
                {"orderItemId":"I-1","variantId":"V","productId":"P","quantity":1},
                {"orderItemId":"I-4","productId":"P","quantity":1}]}"#,
            vec![
                ("orderItems[0].quantity", E::Range),
                ("orderItems[1].quantity", E::Type),
                ("orderItems[2].orderItemId", E::Duplicate),
                ("orderItems[3].variantId", E::Missing),
            ],
        ),
        (
            D::Chatbot,
            K::Request,
            r#"{"conversationRequest":{"channel":"telegram","userInfo":{"uid":""}},
                "queryInfo":{"interestType":"cancel-order","parameters":{"params":{"entityInfo":{"orderId":""}}}},
                "languageCode":""}"#,
            vec![
                ("conversationRequest.userInfo.uid", E::Range),
                ("queryInfo.parameters.params.entityInfo.orderId", E::Range),
                ("languageCode", E::Range),
            ],
        ),
        (
            D::Occ,
            K::Request,
            r#"{"orderId":5,"cancelReason":7}"#,
            vec![("orderId", E::Type), ("cancelReason", E::Type)],
        ),
        (
            D::Omnitron,
            K::Request,
            r#"{"order":"1","is_all":"yes","cancel_items":[],"reasons":{}}"#,
            vec![
                ("order", E::Type),
                ("is_all", E::Type),
                ("forced_refund_amount", E::Missing),
            ],
        ),
    ];
    let registry = registry();
    for (dialect, kind, text, expected) in cases {
        let errors = registry
            .get(dialect)
            .unwrap()
            .validate(kind, text.as_bytes(), &Limits::DEFAULT)
            .expect_err(text)
            .0;
        let found: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(found, expected, "{dialect} {kind}: {errors:#?}");
    }
}

/// Every integer field of every vendor: (dialect, kind, JSON pointer, wire path).
fn integer_fields() -> Vec<(DialectId, PayloadKind, &'static str, &'static str)> {
    use DialectId as D;
    use PayloadKind as K;
    vec![
        (D::Mozu, K::Request, "/orderId", "orderId"),
        (D::Mozu, K::Response, "/orderID", "orderID"),
        (
            D::Unicommerce,
            K::Request,
            "/orderItems/0/quantity",
            "orderItems[0].quantity",
        ),
        (D::Omnitron, K::Request, "/order", "order"),
        (D::Omnitron, K::Response, "/pk", "pk"),
    ]
}

#[test]
fn a_whole_number_float_is_that_integer_and_a_fraction_a_type_error_everywhere() {
    let registry = registry();
    for (dialect_id, kind, pointer, path) in integer_fields() {
        let dialect = registry.get(dialect_id).unwrap();
        let body = valid_body(dialect_id, kind).unwrap();
        let integer = body.pointer(pointer).unwrap().as_u64().unwrap();
        let plain = serde_json::to_string(&body).unwrap();
        let needle = format!(":{integer}");
        assert!(plain.contains(&needle), "{plain}");
        for written in [
            format!("{integer}.0"),
            format!("{integer}e0"),
            format!("{integer}.000"),
        ] {
            let text = plain.replacen(&needle, &format!(":{written}"), 1);
            assert_eq!(
                dialect.validate(kind, text.as_bytes(), &Limits::DEFAULT),
                Ok(Vec::new()),
                "{dialect_id} {kind} {text}"
            );
            // Normalizing writes the plain integer.
            let mut out = Vec::new();
            dialect
                .normalize(kind, text.as_bytes(), &Limits::DEFAULT, &mut out)
                .unwrap();
            let normalized: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(normalized.pointer(pointer), Some(&json!(integer)), "{text}");
        }
        let text = plain.replacen(&needle, &format!(":{integer}.5"), 1);
        let errors = dialect
            .validate(kind, text.as_bytes(), &Limits::DEFAULT)
            .expect_err(&text)
            .0;
        let found: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(
            found,
            [(path, ErrorKind::Type)],
            "{dialect_id} {kind} {text}"
        );
    }
}

/// A field the vendor documents under two spellings (`orderId` in an example, `orderID` in
/// a parameter table: the chatbot, Kibo and Unicommerce requests), given under both: one
/// `duplicate` error at the second key, one wording, in every vendor that takes both.
#[test]
fn a_field_under_both_of_its_spellings_is_one_duplicate_everywhere() {
    let registry = registry();
    let cases = [
        (
            DialectId::Chatbot,
            "queryInfo.parameters.params.entityInfo.",
        ),
        (DialectId::Mozu, ""),
        (DialectId::Unicommerce, ""),
    ];
    for (id, prefix) in cases {
        let dialect = registry.get(id).unwrap();
        let body = serde_json::to_string(&valid_body(id, PayloadKind::Request).unwrap()).unwrap();
        let value = |key: &str| {
            let at = body.find(&format!("\"{key}\":")).unwrap() + key.len() + 3;
            let end = at + body[at..].find([',', '}']).unwrap();
            body[at..end].to_owned()
        };
        let id_value = value("orderId");
        for (first, second) in [("orderId", "orderID"), ("orderID", "orderId")] {
            let both = body.replacen(
                &format!("\"orderId\":{id_value}"),
                &format!("\"{first}\":{id_value},\"{second}\":{id_value}"),
                1,
            );
            let errors = dialect
                .validate(PayloadKind::Request, both.as_bytes(), &Limits::DEFAULT)
                .expect_err(&both)
                .0;
            let found: Vec<_> = errors
                .iter()
                .map(|e| (e.path.as_str(), e.kind, e.message.as_str()))
                .collect();
            let path = format!("{prefix}{second}");
            let message = format!("`{first}` and `{second}` name the same field; send one of them");
            assert_eq!(
                found,
                [(path.as_str(), ErrorKind::Duplicate, message.as_str())],
                "{id}: {both}"
            );
        }
    }
}
