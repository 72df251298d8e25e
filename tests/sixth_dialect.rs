//! A sixth vendor, written outside cancel-kit, with no change to `cancel-domain`: it names
//! itself with `Vendor::other`, implements `VendorApi`, joins the registry, and then
//! translates to and from the five built-in dialects, keeps its ids in orders and stores,
//! reads its policy section and keeps its unknown fields in the core's extensions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::BTreeMap;

use cancel_kit::domain::vendor_api::{NoBody, VendorApi};
use cancel_kit::domain::wire::{Findings, Unknown};
use cancel_kit::domain::{
    id_space, json, json::Limits, CancelOutcome, CancelReason, CancelRequest, DialectId, ErrorKind,
    InMemoryOrderStore, Order, OrderStore, PayloadErrors, PayloadKind, Policy, ReasonCode,
    TranslateContext, TranslateError, Translated, Vendor,
};
use cancel_kit::{ConvertError, Translator};
use serde::Deserialize;

/// The sixth vendor: a `const`, checked when this file compiles.
const ACME: Vendor = Vendor::other("acme").unwrap();

cancel_kit::domain::wire_object! {
    /// ACME's cancel request: `{"orderNumber": "...", "reasonCode": "..."}`, every other
    /// field kept as sent.
    #[derive(Debug)]
    #[non_exhaustive]
    pub struct AcmeRequest expecting "an ACME cancel request" {
        /// `orderNumber`.
        "orderNumber" => order_number: String [required],
        /// `reasonCode`.
        "reasonCode" => reason_code: String [required],
    }
}

/// ACME's policy section, `[vendor.acme]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcmePolicy {
    /// ACME's reason code for each core reason not spelled the same.
    #[serde(default)]
    reasons: BTreeMap<String, String>,
}

#[derive(Debug)]
struct AcmeDialect {
    policy: AcmePolicy,
}

impl AcmeDialect {
    fn from_policy(policy: &Policy) -> Self {
        Self {
            policy: policy.vendor_section(ACME).unwrap(),
        }
    }
}

impl VendorApi for AcmeDialect {
    const ID: DialectId = DialectId::of(ACME);
    const KINDS: &'static [PayloadKind] = &[PayloadKind::Request, PayloadKind::Response];
    type Request<'a> = AcmeRequest;
    type Response<'a> = CancelOutcome;
    type Error<'a> = NoBody;

    fn schema(&self, _: PayloadKind) -> serde_json::Value {
        serde_json::json!({"type": "object"})
    }

    fn read_request(&self, bytes: &[u8], limits: &Limits) -> Result<AcmeRequest, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_request(&self, request: &AcmeRequest) -> Findings {
        let mut findings = Findings::default();
        if request.order_number.is_empty() {
            findings.error("orderNumber", ErrorKind::Range, "must not be empty");
        }
        findings
    }

    fn request_to_core(
        &self,
        request: AcmeRequest,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelRequest>, TranslateError> {
        self.check_request(&request).into_result()?;
        let code = self
            .policy
            .reasons
            .iter()
            .find(|(_, acme)| **acme == request.reason_code)
            .map_or(request.reason_code.as_str(), |(core, _)| core.as_str());
        let code: ReasonCode = serde_json::from_value(code.into()).unwrap_or(ReasonCode::Other);
        let mut core =
            CancelRequest::whole_order(request.order_number.as_str(), CancelReason::new(code));
        core.id_space = Some(ACME);
        if !request.other.is_empty() {
            core.extensions.insert(ACME, request.other.0);
        }
        Ok(Translated::clean(core))
    }

    fn request_from_core(
        &self,
        request: &CancelRequest,
        ctx: &TranslateContext<'_>,
    ) -> Result<Translated<AcmeRequest>, TranslateError> {
        let order_number =
            id_space::order_id_for(ACME, &request.order, request.id_space, ctx.order)?;
        let core_code = request.reason.code.to_string();
        let reason_code = self
            .policy
            .reasons
            .get(&core_code)
            .cloned()
            .unwrap_or(core_code);
        Ok(Translated::clean(AcmeRequest {
            order_number: order_number.to_owned(),
            reason_code,
            other: Unknown(request.extensions.get(&ACME).cloned().unwrap_or_default()),
        }))
    }

    fn read_response(&self, bytes: &[u8], limits: &Limits) -> Result<CancelOutcome, PayloadErrors> {
        json::parse(bytes, limits)
    }

    fn check_response(&self, _: &CancelOutcome) -> Findings {
        Findings::default()
    }

    fn response_to_core(
        &self,
        outcome: CancelOutcome,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        Ok(Translated::clean(outcome))
    }

    fn response_from_core(
        &self,
        outcome: &CancelOutcome,
        _: &TranslateContext<'_>,
    ) -> Result<Translated<CancelOutcome>, TranslateError> {
        Ok(Translated::clean(outcome.clone()))
    }
}

fn policy() -> Policy {
    serde_json::from_str(r#"{"vendor":{"acme":{"reasons":{"changed_mind":"CUSTOMER_REMORSE"}}}}"#)
        .unwrap()
}

fn translator() -> Translator {
    let policy = policy();
    let mut registry = cancel_kit::registry(&policy).unwrap();
    registry.push(Box::new(AcmeDialect::from_policy(&policy)));
    Translator::with_registry(registry, policy).unwrap()
}

async fn convert(from: DialectId, to: DialectId, body: &str) -> String {
    let mut out = Vec::new();
    translator()
        .translate(from, to, PayloadKind::Request, body.as_bytes(), &mut out)
        .await
        .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"));
    String::from_utf8(out).unwrap()
}

#[test]
fn the_sixth_vendor_is_named_like_the_five() {
    assert_eq!(ACME.to_string(), "acme");
    assert_eq!("acme".parse::<Vendor>().unwrap(), ACME);
    assert_eq!("acme".parse::<DialectId>().unwrap(), DialectId::of(ACME));
    assert_eq!(DialectId::of(ACME).vendor(), Some(ACME));
    let registry = translator();
    let dialect = registry.registry().get(DialectId::of(ACME)).unwrap();
    assert_eq!(dialect.id().to_string(), "acme");
    // A policy section of a vendor that does not fit its table is refused by that vendor.
    let wrong: Policy = serde_json::from_str(r#"{"vendor":{"acme":{"reason":{}}}}"#).unwrap();
    let error = wrong.vendor_section::<AcmePolicy>(ACME).unwrap_err();
    assert_eq!(error.vendor, ACME);
    assert!(
        error
            .to_string()
            .starts_with("policy section `vendor.acme` is invalid"),
        "{error}"
    );
}

#[tokio::test]
async fn requests_travel_between_the_sixth_vendor_and_the_five() {
    let chatbot = r#"{"conversationRequest":{"channel":"telegram","userInfo":{"uid":"51342"}},
        "queryInfo":{"interestType":"cancel-order","parameters":{"params":{"entityInfo":{"orderId":"748596"}}}},
        "languageCode":"en"}"#;
    let acme = convert(DialectId::Chatbot, DialectId::of(ACME), chatbot).await;
    let acme: serde_json::Value = serde_json::from_str(&acme).unwrap();
    assert_eq!(acme["orderNumber"], "748596");

    // ACME's own reason code is read through its policy table, and its unknown field is
    // kept in the core under "acme".
    let body = r#"{"orderNumber":"A-77","reasonCode":"CUSTOMER_REMORSE","channel":"kiosk"}"#;
    let core = convert(DialectId::of(ACME), DialectId::Core, body).await;
    let core: serde_json::Value = serde_json::from_str(&core).unwrap();
    assert_eq!(core["id_space"], "acme");
    assert_eq!(core["reason"]["code"], "changed_mind");
    assert_eq!(core["extensions"]["acme"]["channel"], "kiosk");
    // ... and the core document, with "acme" in it, reads back and returns to ACME intact.
    let back = convert(DialectId::Core, DialectId::of(ACME), &core.to_string()).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&back).unwrap(),
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );

    // ACME's order numbers are shared ids: they cross to Kibo as they are, where they fit
    // Kibo's integer ids; one that does not is refused by Kibo's rule, not truncated.
    let numeric = r#"{"orderNumber":"10077","reasonCode":"CUSTOMER_REMORSE"}"#;
    let mozu = convert(DialectId::of(ACME), DialectId::Mozu, numeric).await;
    let mozu: serde_json::Value = serde_json::from_str(&mozu).unwrap();
    assert_eq!(mozu["orderId"], 10077);
    let mut out = Vec::new();
    let refused = translator()
        .translate(
            DialectId::of(ACME),
            DialectId::Mozu,
            PayloadKind::Request,
            body.as_bytes(),
            &mut out,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ConvertError::Translate(TranslateError::IdDoesNotFit {
                target: Vendor::Mozu,
                ..
            })
        ),
        "{refused}"
    );
}

#[tokio::test]
async fn orders_and_stores_keep_the_sixth_vendors_ids() {
    let order: Order = serde_json::from_str(
        r#"{"id":"C-9","vendor_ids":{"acme":"A-77","occ":"o30412"},"lines":[]}"#,
    )
    .unwrap();
    assert_eq!(order.id_at(ACME), "A-77");
    // Built-in vendors sort first, so a stored order is written in the same order as before.
    assert_eq!(
        serde_json::to_string(&order.vendor_ids).unwrap(),
        r#"{"occ":"o30412","acme":"A-77"}"#
    );
    let store = InMemoryOrderStore::from_orders([order.clone()]).unwrap();
    let found = store.load("A-77", Some(ACME)).await.unwrap().unwrap();
    assert_eq!(found.id, order.id);
    // An ACME number becomes OCC's id through the looked-up order.
    let number = cancel_kit::domain::OrderRef::new("A-77");
    assert_eq!(
        id_space::order_id_for(Vendor::Occ, &number, Some(ACME), Some(&order)).unwrap(),
        "o30412"
    );
}

/// The set of vendors is open, so `[vendor.acme]` reads as ACME's section; where the
/// dialects are known, a section that names none of them is refused, not ignored: a
/// misspelling (`ocq`) is caught, and ACME's section needs ACME registered.
#[test]
fn a_policy_section_must_name_a_registered_dialect() {
    let error = Translator::new(policy()).unwrap_err();
    assert_eq!(error.vendor, ACME);
    assert!(
        error
            .to_string()
            .contains("no dialect of that name is registered"),
        "{error}"
    );
    let misspelled: Policy = serde_json::from_str(r#"{"vendor":{"ocq":{}}}"#).unwrap();
    let error = Translator::new(misspelled).unwrap_err();
    assert_eq!(error.vendor.as_str(), "ocq");
    // With ACME registered, its section is read (its reason table above).
    assert!(translator().registry().get(DialectId::of(ACME)).is_some());
}

#[test]
fn a_name_that_cannot_name_a_vendor_is_refused_where_it_is_read() {
    for bad in ["ACME", "core", "", "acme-corp"] {
        assert_eq!(Vendor::other(bad), None, "{bad:?}");
    }
    let error = serde_json::from_str::<Policy>(r#"{"vendor":{"Acme":{}}}"#).unwrap_err();
    assert!(
        error.to_string().contains("expected a vendor name"),
        "{error}"
    );
    // In a core document: a `range` error at its path that does not quote the value (it may
    // be personal data sent in the wrong field); an outside vendor's name is valid.
    let registry = cancel_kit::registry(&Policy::default()).unwrap();
    let core = registry.get(DialectId::Core).unwrap();
    let body = |space: &str| {
        format!(
            r#"{{"order":"7","id_space":"{space}","scope":"whole_order","reason":{{"code":"fraud"}}}}"#
        )
    };
    let errors = core
        .validate(
            PayloadKind::Request,
            body("Acme").as_bytes(),
            &Limits::DEFAULT,
        )
        .unwrap_err();
    assert!(errors.has("id_space", ErrorKind::Range), "{errors}");
    assert!(!errors.to_string().contains("Acme"), "{errors}");
    // Valid, and under --strict one `enum` finding: a vendor not built into cancel-kit (or a
    // misspelling of one) is kept, like an open enum's unknown value.
    let validate = |space: &str| {
        core.validate(
            PayloadKind::Request,
            body(space).as_bytes(),
            &Limits::DEFAULT,
        )
        .unwrap()
    };
    let findings = validate("acme");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0].path.as_str(), findings[0].kind),
        ("id_space", ErrorKind::Enum)
    );
    assert_eq!(
        findings[0].message,
        r#""acme" is not a documented value (documented: chatbot, mozu, unicommerce, occ, omnitron); kept verbatim"#
    );
    assert!(validate("occ").is_empty());
    // Every place a core request names a vendor: id space, reason origins, extensions.
    let everywhere = r#"{"order":"7","id_space":"acme","scope":{"lines":[
        {"line":"L1","reason":{"code":"fraud","origin":{"vendor":"acme","value":"F"}}}]},
        "reason":{"code":"fraud","origin":{"vendor":"occ","value":"fraud"}},
        "extensions":{"acme":{"channel":"kiosk"},"mozu":{"x":1}}}"#;
    let findings = core
        .validate(
            PayloadKind::Request,
            everywhere.as_bytes(),
            &Limits::DEFAULT,
        )
        .unwrap();
    let paths: Vec<_> = findings.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "id_space",
            "extensions.acme",
            "scope.lines[0].reason.origin.vendor"
        ]
    );
}

/// Whether a vendor's ids are order numbers others share or keys of its own is known only to
/// its dialect: a translator refuses an id space it has no dialect for (a misspelled
/// `omnitorn` must not send an Akinon pk as OCC's order number), and takes ACME's once
/// ACME is registered.
#[tokio::test]
async fn an_id_space_of_no_registered_dialect_is_refused() {
    let body = |space: &str| {
        format!(
            r#"{{"order":"5423","id_space":"{space}","scope":"whole_order","reason":{{"code":"fraud"}}}}"#
        )
    };
    let builtin = Translator::new(Policy::default()).unwrap();
    for space in ["omnitorn", "acme"] {
        let mut out = Vec::new();
        let error = builtin
            .translate(
                DialectId::Core,
                DialectId::Occ,
                PayloadKind::Request,
                body(space).as_bytes(),
                &mut out,
            )
            .await
            .unwrap_err();
        let ConvertError::Translate(TranslateError::Invalid(errors)) = error else {
            panic!("{space}: {error}");
        };
        assert!(errors.has("id_space", ErrorKind::Enum), "{errors}");
        assert!(out.is_empty());
    }
    let occ = convert(DialectId::Core, DialectId::Occ, &body("acme")).await;
    assert!(occ.contains(r#""orderId":"5423""#), "{occ}");
}
