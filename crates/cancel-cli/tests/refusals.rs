//! Every documented refusal is reachable: walks the README's refusal table (between
//! `<!-- refusals: begin -->` and `<!-- refusals: end -->`) through the real server over
//! HTTP. Each row's case is set up and sent here; the answer must have the row's status and
//! carry the first `code` of its refusal column. A row without a case, or a case without a
//! row, fails the test, so the table and the stand-in stay in step.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use cancel_kit::domain::{InFulfillment, Policy};
use cancel_kit::endpoint::{server, Credentials, StandIn};
use serde_json::{json, Value};

const TOKEN: &str = Credentials::DEFAULT_TOKEN;
const OCC: &str = "/ccstore/v1/orders/cancel";
const KIBO: &str = "/api/v2/order/action/cancel";
const UC: &str = "/orders/cancel";
const CHATBOT: &str = "/api/rest/v1/ecom/integrations/cancelOrder";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(case, HTTP status, expected text)` of every README row.
fn table() -> Vec<(String, u16, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- refusals: begin -->")
        .expect("no table start");
    let end = readme.find("<!-- refusals: end -->").expect("no table end");
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| case") && !l.starts_with("| ---"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let case = cells[0].trim_start_matches("| ").trim().to_owned();
            let refusal = cells[1];
            let code = refusal
                .split('`')
                .nth(1)
                .unwrap_or_else(|| panic!("{case}: no `code` in {refusal:?}"))
                .to_owned();
            let status = cells[2].trim().parse().unwrap();
            (case, status, code)
        })
        .collect()
}

/// (path, headers, body) of a POST.
type Sent = (String, Vec<(&'static str, String)>, Value);

/// How a server is set up for a case.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Setup {
    Plain,
    CheckOwner,
    RequestInFulfillment,
}

/// One case: its setup, an optional fault, the requests sent (the last one is checked).
struct Case {
    setup: Setup,
    fault: Option<Value>,
    requests: Vec<Sent>,
}

fn occ(order: &str, reason: &str, bearer: &str) -> Sent {
    (
        OCC.to_owned(),
        vec![("Authorization", format!("Bearer {bearer}"))],
        json!({ "orderId": order, "cancelReason": reason }),
    )
}

fn kibo(body: Value) -> Sent {
    (
        KIBO.to_owned(),
        vec![("x-vol-tenant", "24680".to_owned())],
        body,
    )
}

fn akinon(path_pk: u64, body: Value) -> Sent {
    (
        format!("/api/i1/orders/{path_pk}/cancel/"),
        vec![("Authorization", format!("Token {TOKEN}"))],
        body,
    )
}

fn akinon_whole(pk: u64) -> Value {
    json!({ "order": pk, "is_all": true, "cancel_items": [], "forced_refund_amount": null, "reasons": {} })
}

fn uc(body: Value) -> Sent {
    (UC.to_owned(), vec![("apiKey", TOKEN.to_owned())], body)
}

fn uc_item(item: &str, product: &str, variant: &str) -> Value {
    json!({ "orderItemId": item, "productId": product, "variantId": variant, "quantity": 1 })
}

fn chatbot(order: &str, uid: &str) -> Sent {
    (
        CHATBOT.to_owned(),
        vec![],
        json!({
            "conversationRequest": { "channel": "telegram", "userInfo": { "uid": uid } },
            "queryInfo": { "interestType": "cancel-order",
                           "parameters": { "params": { "entityInfo": { "orderId": order } } } },
            "languageCode": "en",
        }),
    )
}

fn cases() -> BTreeMap<&'static str, Case> {
    let plain = |requests| Case {
        setup: Setup::Plain,
        fault: None,
        requests,
    };
    let mut cases = BTreeMap::new();
    cases.insert(
        "occ-28107",
        plain(vec![occ("o30412", "changeOfMind", "shopper-88120")]),
    );
    cases.insert("occ-200126", plain(vec![occ("", "changeOfMind", TOKEN)]));
    cases.insert(
        "occ-200101",
        plain(vec![occ("o30414", "changeOfMind", TOKEN)]),
    );
    cases.insert(
        "occ-200218",
        plain(vec![occ("o30411", "noSuchReason", TOKEN)]),
    );
    cases.insert(
        "occ-210105",
        plain(vec![occ("o99999", "changeOfMind", TOKEN)]),
    );
    let kibo_body =
        |order: u64| json!({ "orderId": order, "dispositionReason": "customer_changed_mind" });
    cases.insert("kibo-5002", plain(vec![kibo(kibo_body(77))]));
    cases.insert("kibo-5003", plain(vec![kibo(kibo_body(1_010_105))]));
    cases.insert(
        "kibo-5004",
        plain(vec![(KIBO.to_owned(), vec![], kibo_body(1_010_102))]),
    );
    cases.insert(
        "kibo-5011",
        plain(vec![kibo(
            json!({ "orderId": 1_010_102, "dispositionReason": "other" }),
        )]),
    );
    cases.insert(
        "kibo-5015",
        plain(vec![kibo(
            json!({ "orderId": 1_010_102, "dispositionReason": "nope" }),
        )]),
    );
    cases.insert(
        "kibo-5001",
        Case {
            setup: Setup::Plain,
            fault: Some(json!({ "path": KIBO, "kind": "status", "status": 503,
                                "body": { "code": 5001, "name": "GENERIC_UNAVAILABLE" } })),
            requests: vec![kibo(kibo_body(1_010_102))],
        },
    );
    cases.insert(
        "akinon-400-fields",
        plain(vec![akinon(5423, json!({ "order": "x" }))]),
    );
    cases.insert(
        "akinon-400-cancelled",
        plain(vec![akinon(5427, akinon_whole(5427))]),
    );
    cases.insert(
        "akinon-400-shipped",
        plain(vec![akinon(5425, akinon_whole(5425))]),
    );
    cases.insert(
        "akinon-401",
        plain(vec![(
            "/api/i1/orders/5424/cancel/".to_owned(),
            vec![],
            akinon_whole(5424),
        )]),
    );
    cases.insert("akinon-404", plain(vec![akinon(77, akinon_whole(77))]));
    cases.insert(
        "akinon-406",
        Case {
            setup: Setup::RequestInFulfillment,
            fault: None,
            requests: vec![
                akinon(5423, akinon_whole(5423)),
                akinon(5423, akinon_whole(5423)),
            ],
        },
    );
    cases.insert(
        "uc-failed",
        plain(vec![uc(json!({ "orderId": "UC-SO-77999",
            "orderItems": [uc_item("UC-OI-77001-2", "SOCK-ANKLE-3P", "SOCK-ANKLE-3P-M-WHT")] }))]),
    );
    cases.insert(
        "uc-partial",
        plain(vec![uc(json!({ "orderId": "UC-SO-77001", "orderItems": [
            uc_item("UC-OI-77001-2", "SOCK-ANKLE-3P", "SOCK-ANKLE-3P-M-WHT"),
            uc_item("UC-OI-77001-4", "CAP-TRAIL", "CAP-TRAIL-OS-BLK"),
        ] }))]),
    );
    cases.insert(
        "uc-401",
        plain(vec![(
            UC.to_owned(),
            vec![],
            json!({ "orderId": "UC-SO-77001",
                    "orderItems": [uc_item("UC-OI-77001-2", "SOCK-ANKLE-3P", "SOCK-ANKLE-3P-M-WHT")] }),
        )]),
    );
    cases.insert("chatbot-not-found", plain(vec![chatbot("1", "51342")]));
    cases.insert("chatbot-cancelled", plain(vec![chatbot("748600", "51342")]));
    cases.insert("chatbot-on-hold", plain(vec![chatbot("748601", "51342")]));
    cases.insert("chatbot-preparing", plain(vec![chatbot("748596", "51342")]));
    cases.insert(
        "chatbot-not-owner",
        Case {
            setup: Setup::CheckOwner,
            fault: None,
            requests: vec![chatbot("748597", "51342")],
        },
    );
    cases
}

struct Server {
    base: String,
    client: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(setup: Setup) -> Server {
    let mut policy = Policy::default();
    match setup {
        Setup::Plain => {}
        Setup::CheckOwner => policy.rules.check_owner = true,
        Setup::RequestInFulfillment => policy.rules.in_fulfillment = InFulfillment::Request,
    }
    let mut credentials = Credentials::default();
    credentials
        .shoppers
        .insert("shopper-88120".to_owned(), "cust-88120".to_owned());
    let stand_in = StandIn::from_file(root().join("examples/data/orders.json"), policy)
        .unwrap()
        .with_credentials(credentials);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(
        listener,
        Arc::new(stand_in),
        server::ServerOptions::default(),
        async {
            let _ = stopped.await;
        },
    ));
    Server {
        base,
        client: reqwest::Client::new(),
        stop,
        task,
    }
}

impl Server {
    async fn post(&self, path: &str, headers: &[(&str, String)], body: &Value) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .body(body.to_string());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn every_refusal_in_the_readme_table_is_what_the_stand_in_answers() {
    let table = table();
    let cases = cases();
    let rows: BTreeSet<&str> = table.iter().map(|(case, _, _)| case.as_str()).collect();
    let known: BTreeSet<&str> = cases.keys().copied().collect();
    assert_eq!(rows, known, "the README table and the cases differ");
    assert!(table.len() >= 25, "{}", table.len());

    let mut servers: BTreeMap<Setup, Server> = BTreeMap::new();
    for (id, status, code) in &table {
        let case = &cases[id.as_str()];
        if let std::collections::btree_map::Entry::Vacant(slot) = servers.entry(case.setup) {
            slot.insert(start(case.setup).await);
        }
        let server = &servers[&case.setup];
        let reset = server
            .client
            .post(format!("{}/_cancelkit/reset", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status().as_u16(), 200);
        if let Some(fault) = &case.fault {
            let added = server
                .client
                .post(format!("{}/_cancelkit/faults", server.base))
                .json(fault)
                .send()
                .await
                .unwrap();
            assert_eq!(added.status().as_u16(), 201);
        }
        let mut last = None;
        for (path, headers, body) in &case.requests {
            last = Some(server.post(path, headers, body).await);
        }
        let (got_status, got_body) = last.unwrap();
        assert_eq!(got_status, *status, "{id}: {got_body}");
        assert!(
            got_body.to_string().contains(code.as_str()),
            "{id}: `{code}` not in {got_body}"
        );
    }
    // The other side of `check_owner`: the owner's own uid cancels.
    let owner = &servers[&Setup::CheckOwner];
    let (path, headers, body) = chatbot("748597", "cust-90311");
    let (status, answer) = owner.post(&path, &headers, &body).await;
    assert_eq!(status, 200);
    assert!(
        answer.to_string().contains("has been cancelled"),
        "{answer}"
    );
    // And a shopper cancels their own order at OCC.
    let plain = &servers[&Setup::Plain];
    let (path, headers, body) = occ("o30411", "changeOfMind", "shopper-88120");
    let (status, answer) = plain.post(&path, &headers, &body).await;
    assert!(status == 200 || answer["errorCode"] != "28107", "{answer}");
    for (_, server) in servers {
        server.stop().await;
    }
}
