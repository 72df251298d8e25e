//! `cancelkit convert` and `cancelkit check` through the binary: exit codes, refusals that
//! name the field and the option that would supply it, NDJSON streaming, and the
//! vendor-native refusals of `check`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data(name: &str) -> String {
    repo()
        .join("examples/data")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn cancelkit(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cancelkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn chatbot_to_mozu_needs_a_reason_and_says_which_option_gives_it() {
    let without = cancelkit(
        &[
            "convert",
            "--from",
            "chatbot",
            "--to",
            "mozu",
            &data("chatbot_request.json"),
        ],
        b"",
    );
    assert_eq!(without.status.code(), Some(3), "{}", stderr(&without));
    assert!(
        stderr(&without).contains("dispositionReason"),
        "{}",
        stderr(&without)
    );
    assert!(
        stderr(&without).contains("--default-reason"),
        "{}",
        stderr(&without)
    );

    let with = cancelkit(
        &[
            "convert",
            "--from",
            "chatbot",
            "--to",
            "mozu",
            "--default-reason",
            "changed_mind",
            &data("chatbot_request.json"),
        ],
        b"",
    );
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let body: serde_json::Value = serde_json::from_str(&stdout(&with)).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"orderId": 748596, "dispositionReason": "customer_changed_mind"})
    );
    assert!(
        stderr(&with).contains("translate.default_reason"),
        "the report names the policy key"
    );
}

#[test]
fn unicommerce_to_omnitron_needs_the_orders_file_for_akinon_pks() {
    let args = [
        "convert",
        "--from",
        "unicommerce",
        "--to",
        "omnitron",
        "--policy",
        &data("policy.toml"),
    ];
    let without = cancelkit(
        &[&args[..], &[data("unicommerce_request.json").as_str()]].concat(),
        b"",
    );
    assert_eq!(without.status.code(), Some(3));
    assert!(
        stderr(&without).contains("--orders"),
        "{}",
        stderr(&without)
    );

    let with = cancelkit(
        &[
            &args[..],
            &[
                "--orders",
                &data("orders.json"),
                &data("unicommerce_request.json"),
                "--report",
                "-",
            ],
        ]
        .concat(),
        b"",
    );
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let mut lines = stdout(&with)
        .lines()
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter();
    let body: serde_json::Value = serde_json::from_str(&lines.next().unwrap()).unwrap();
    assert_eq!(body["order"], 5423);
    assert_eq!(body["cancel_items"], serde_json::json!([90212, 90213]));
    let report: serde_json::Value = serde_json::from_str(&lines.next().unwrap()).unwrap();
    assert!(report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "defaulted" && e["policy_key"] == "vendor.omnitron.reason_id"));
}

#[test]
fn a_partial_cancel_is_never_widened_to_a_whole_order_cancel() {
    let core = br#"{"order":"1010101","scope":{"lines":[{"line":"L1","quantity":1}]},"reason":{"code":"changed_mind"}}"#;
    for target in ["mozu", "occ", "chatbot"] {
        let out = cancelkit(
            &[
                "convert",
                "--from",
                "core",
                "--to",
                target,
                "--policy",
                &data("policy.toml"),
                "-",
            ],
            core,
        );
        assert_eq!(out.status.code(), Some(3), "{target}: {}", stdout(&out));
        assert!(stdout(&out).is_empty());
        assert!(
            stderr(&out).contains("whole order"),
            "{target}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn ids_that_do_not_fit_are_refused_not_truncated() {
    let text_id =
        br#"{"order":"ORD-2020-000042","scope":"whole_order","reason":{"code":"changed_mind"}}"#;
    let out = cancelkit(&["convert", "--from", "core", "--to", "mozu", "-"], text_id);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("orderId") && stderr(&out).contains("ORD-2020-000042"),
        "{}",
        stderr(&out)
    );

    let too_big = br#"{"order":"18446744073709551616","id_space":"omnitron","scope":"whole_order","reason":{"code":"changed_mind"}}"#;
    let out = cancelkit(
        &[
            "convert",
            "--from",
            "core",
            "--to",
            "omnitron",
            "--policy",
            &data("policy.toml"),
            "-",
        ],
        too_big,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("18446744073709551616"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn payment_data_is_dropped_only_with_allow_loss() {
    let fixture =
        repo().join("crates/cancel-domain/tests/fixtures/request/valid/akinon_refund.json");
    let path = fixture.to_str().unwrap();
    let refused = cancelkit(
        &[
            "convert",
            "--from",
            "core",
            "--to",
            "unicommerce",
            "--orders",
            &data("orders.json"),
            path,
        ],
        b"",
    );
    let allowed = cancelkit(
        &[
            "convert",
            "--from",
            "core",
            "--to",
            "unicommerce",
            "--orders",
            &data("orders.json"),
            "--allow-loss",
            path,
        ],
        b"",
    );
    // The fixture's order is not in the orders file, so a line lookup may be what stops it;
    // whichever it is, payment data never reaches the output or the messages.
    for out in [&refused, &allowed] {
        assert!(!stdout(out).contains("TR330006100519786457841326"));
        assert!(!stderr(out).contains("TR330006100519786457841326"));
        assert!(!stderr(out).contains("Ayse Yilmaz"));
    }
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        stderr(&refused).contains("--allow-loss") || stderr(&refused).contains("--orders"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn payment_data_refusal_names_allow_loss() {
    let core = br#"{"order":"1010101","scope":"whole_order","reason":{"code":"changed_mind"},"refund":{"forced_amount":"10.00","ibans":{"L1":"TR330006100519786457841326"}}}"#;
    let refused = cancelkit(&["convert", "--from", "core", "--to", "mozu", "-"], core);
    assert_eq!(refused.status.code(), Some(3), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("--allow-loss"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains("TR33"));
    let allowed = cancelkit(
        &[
            "convert",
            "--from",
            "core",
            "--to",
            "mozu",
            "--allow-loss",
            "-",
        ],
        core,
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    assert!(!stdout(&allowed).contains("TR33") && !stderr(&allowed).contains("TR33"));
    assert!(
        stderr(&allowed).contains("dropped refund"),
        "{}",
        stderr(&allowed)
    );
}

#[test]
fn invalid_input_exits_1() {
    let out = cancelkit(
        &["convert", "--from", "mozu", "--to", "occ", "-"],
        br#"{"orderId":"12","dispositionReason":"other"}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("orderId: type"), "{}", stderr(&out));
}

#[test]
fn ndjson_keeps_order_reports_bad_lines_and_exits_with_the_worst() {
    let input = concat!(
        "{\"orderId\":1010101,\"dispositionReason\":\"customer_changed_mind\"}\n",
        "{not json\n",
        "\n",
        "{\"orderId\":42,\"dispositionReason\":\"created_by_mistake\"}\n",
    );
    let out = cancelkit(
        &["convert", "--from", "mozu", "--to", "occ", "--ndjson", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["orderId"], "1010101");
    assert_eq!(lines[1]["orderId"], "42");
    assert!(
        stderr(&out).contains("line 2: invalid: $: syntax"),
        "{}",
        stderr(&out)
    );

    let too_long = format!(
        "{}\n{{\"orderId\":7,\"dispositionReason\":\"other\",\"dispositionOtherReason\":\"{}\"}}\n",
        input.lines().next().unwrap(),
        "x".repeat(5000)
    );
    let out = cancelkit(
        &[
            "convert",
            "--from",
            "mozu",
            "--to",
            "occ",
            "--ndjson",
            "--max-bytes",
            "1000",
            "-",
        ],
        too_long.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(
        stderr(&out).contains("line 2: invalid: $: syntax: line is"),
        "{}",
        stderr(&out)
    );
}

/// (vendor, request body, expected exit, text the vendor-native answer must contain)
const CHECKS: &[(&str, &str, i32, &str)] = &[
    (
        "occ",
        r#"{"orderId":"o30412","cancelReason":"changeOfMind"}"#,
        0,
        r#""result":"success""#,
    ),
    (
        "occ",
        r#"{"orderId":"o99999","cancelReason":"changeOfMind"}"#,
        5,
        r#""errorCode":"210105""#,
    ),
    (
        "occ",
        r#"{"orderId":"o30414","cancelReason":"changeOfMind"}"#,
        5,
        r#""errorCode":"200101""#,
    ),
    (
        "occ",
        r#"{"orderId":"o30413","cancelReason":"changeOfMind"}"#,
        5,
        r#""errorCode":"200101""#,
    ),
    (
        "mozu",
        r#"{"orderId":1010102,"dispositionReason":"customer_changed_mind"}"#,
        0,
        r#""orderID""#,
    ),
    (
        "mozu",
        r#"{"orderId":999,"dispositionReason":"customer_changed_mind"}"#,
        5,
        r#""code":5002"#,
    ),
    (
        "mozu",
        r#"{"orderId":1010101,"dispositionReason":"customer_changed_mind"}"#,
        5,
        r#""code":5003"#,
    ),
    (
        "unicommerce",
        r#"{"orderId":"UC-SO-77003","orderItems":[{"orderItemId":"UC-OI-77003-1","productId":"JACKET-RAIN","variantId":"JACKET-RAIN-M-RED","quantity":1},{"orderItemId":"UC-OI-77003-2","productId":"GLOVE-LINER","variantId":"GLOVE-LINER-M-BLK","quantity":1}]}"#,
        0,
        r#""status":"PARTIAL_SUCCESS""#,
    ),
    (
        "unicommerce",
        r#"{"orderId":"UC-SO-77004","orderItems":[{"orderItemId":"UC-OI-77004-1","productId":"BAG-DAY-20","variantId":"BAG-DAY-20-OLV","quantity":1}]}"#,
        5,
        r#""status":"FAILED""#,
    ),
    (
        "unicommerce",
        r#"{"orderId":"UC-SO-77006","orderItems":[{"orderItemId":"UC-OI-77006-1","productId":"WRONG","variantId":"WATCH-GPS-45-BLK","quantity":1}]}"#,
        5,
        r#""status":"FAILED""#,
    ),
    (
        "omnitron",
        r#"{"order":5426,"is_all":true,"cancel_items":[],"forced_refund_amount":null,"reasons":{}}"#,
        5,
        "",
    ),
    (
        "omnitron",
        r#"{"order":5427,"is_all":true,"cancel_items":[],"forced_refund_amount":null,"reasons":{}}"#,
        5,
        "already cancelled",
    ),
    (
        "omnitron",
        r#"{"order":5424,"is_all":false,"cancel_items":[90220],"forced_refund_amount":null,"reasons":{"90220":3}}"#,
        0,
        "",
    ),
    (
        "omnitron",
        r#"{"order":5428,"is_all":false,"cancel_items":[90260],"forced_refund_amount":null,"reasons":{"90260":3}}"#,
        5,
        "status",
    ),
];

#[test]
fn check_answers_as_each_vendor_would() {
    for (vendor, body, exit, needle) in CHECKS {
        let out = cancelkit(
            &[
                "check",
                "--vendor",
                vendor,
                "--orders",
                &data("orders.json"),
                "--policy",
                &data("policy.toml"),
                "-",
            ],
            body.as_bytes(),
        );
        assert_eq!(
            out.status.code(),
            Some(*exit),
            "{vendor} {body}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stdout(&out).contains(needle),
            "{vendor} {body}: {}",
            stdout(&out)
        );
        let _: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    }
    // The chatbot refuses in text: an answer the platform shows the shopper.
    let chatbot = std::fs::read_to_string(data("chatbot_request.json"))
        .unwrap()
        .replace("748596", "748600");
    let out = cancelkit(
        &[
            "check",
            "--vendor",
            "chatbot",
            "--orders",
            &data("orders.json"),
            "-",
        ],
        chatbot.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stdout(&out).contains("already cancelled"),
        "{}",
        stdout(&out)
    );
}

/// Kibo has no answer for a cancel that is only requested, so `check --vendor mozu` refuses
/// units in fulfillment even under `in_fulfillment = "request"` (as `cancelkit serve` does),
/// rather than failing to answer what the rules accepted.
#[test]
fn check_applies_the_rules_the_vendor_endpoint_forces() {
    let policy =
        std::env::temp_dir().join(format!("cancelkit-request-{}.toml", std::process::id()));
    std::fs::write(&policy, "[rules]\nin_fulfillment = \"request\"\n").unwrap();
    let out = cancelkit(
        &[
            "check",
            "--vendor",
            "mozu",
            "--orders",
            &data("orders.json"),
            "--policy",
            policy.to_str().unwrap(),
            &data("mozu_request.json"),
        ],
        b"",
    );
    std::fs::remove_file(&policy).unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("5003"), "{}", stdout(&out));
}

/// With `--orders` given, an order missing from it is said as such, not as "pass --orders".
#[test]
fn an_order_missing_from_the_orders_file_is_named() {
    let body = br#"{"order":"NOT-IN-FILE","scope":"whole_order","reason":{"code":"changed_mind"}}"#;
    let out = cancelkit(
        &[
            "convert",
            "--from",
            "core",
            "--to",
            "unicommerce",
            "--orders",
            &data("orders.json"),
            "-",
        ],
        body,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("order NOT-IN-FILE is not in the order directory"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("pass --orders"), "{}", stderr(&out));
}

#[test]
fn a_128_bit_integer_in_a_kept_field_keeps_its_digits() {
    const BIG: &str = "340282366920938463463374607431768211455";
    let body = format!(
        r#"{{"orderId":"o30413","cancelReason":"badProductReview","x-note":{{"n":{BIG},"p":1.10}}}}"#
    );
    let normalized = cancelkit(
        &["normalize", "--vendor", "occ", "--kind", "request", "-"],
        body.as_bytes(),
    );
    assert!(normalized.status.success(), "{}", stderr(&normalized));
    assert!(
        stdout(&normalized).contains(&format!(r#""x-note":{{"n":{BIG},"p":1.10}}"#)),
        "{}",
        stdout(&normalized)
    );

    let core = cancelkit(
        &["convert", "--from", "occ", "--to", "core", "-"],
        body.as_bytes(),
    );
    assert!(core.status.success(), "{}", stderr(&core));
    assert!(stdout(&core).contains(BIG), "{}", stdout(&core));
    let back = cancelkit(
        &["convert", "--from", "core", "--to", "occ", "-"],
        &core.stdout,
    );
    assert!(back.status.success(), "{}", stderr(&back));
    assert!(
        stdout(&back).contains(&format!(r#""x-note":{{"n":{BIG},"p":1.10}}"#)),
        "{}",
        stdout(&back)
    );
}

/// The library reads a policy section of any vendor (a vendor crate of someone else's may
/// read it); `cancelkit` has the five built in, so another name is a misspelling: refused at
/// the key, with the names it could be, before anything is converted.
#[test]
fn a_policy_section_of_a_vendor_cancelkit_does_not_have_is_refused() {
    let dir = std::env::temp_dir().join(format!("cancelkit-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.toml");
    std::fs::write(&policy, "[vendor.ocq]\ncancel_reason = \"changeOfMind\"\n").unwrap();
    let out = cancelkit(
        &[
            "convert",
            "--from",
            "chatbot",
            "--to",
            "mozu",
            "--policy",
            policy.to_str().unwrap(),
            &data("chatbot_request.json"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("line 1, column 9"), "{err}");
    assert!(
        err.contains("unknown variant `ocq`, expected one of `chatbot`, `mozu`, `unicommerce`, `occ`, `omnitron`"),
        "{err}"
    );
    // The same section under its right name is read.
    std::fs::write(&policy, "[vendor.occ]\ncancel_reason = \"changeOfMind\"\n").unwrap();
    let out = cancelkit(
        &[
            "convert",
            "--from",
            "mozu",
            "--to",
            "occ",
            "--policy",
            policy.to_str().unwrap(),
            "-",
        ],
        br#"{"orderId":77,"dispositionReason":"customer_changed_mind"}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Likewise an orders file whose `vendor_ids` name a vendor `cancelkit` does not have: the
/// library keeps any vendor's ids, the command line refuses the misspelling at its key.
#[test]
fn orders_with_a_vendor_cancelkit_does_not_have_are_refused() {
    let dir = std::env::temp_dir().join(format!("cancelkit-orders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("orders.json");
    let file = |vendor: &str| {
        format!(
            r#"{{"orders":[{{"id":"1001","lines":[{{"id":"L1","vendor_ids":{{"{vendor}":"90"}},"quantities":{{"ordered":2}}}}]}}]}}"#
        )
    };
    let request = br#"{"order":"1001","scope":"whole_order","reason":{"code":"changed_mind"}}"#;
    let convert = |path: &Path| {
        cancelkit(
            &[
                "convert",
                "--from",
                "core",
                "--to",
                "mozu",
                "--orders",
                path.to_str().unwrap(),
                "-",
            ],
            request,
        )
    };
    std::fs::write(&orders, file("omnitorn")).unwrap();
    let out = convert(&orders);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains(
            "invalid orders: orders[0].lines[0].vendor_ids.omnitorn: enum: unknown variant, expected one of `chatbot`, `mozu`, `unicommerce`, `occ`, `omnitron`"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::write(&orders, file("omnitron")).unwrap();
    let out = convert(&orders);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // An orders file is read with its own limits (64 MiB), not a payload's (4 MiB): the
    // vendor check too.
    let order = r#"{"id":"N","vendor_ids":{"omnitron":"N"},"lines":[{"id":"L1","quantities":{"ordered":2}}]}"#;
    let many: Vec<String> = (0..60_000)
        .map(|n| order.replace('N', &(n + 2000).to_string()))
        .collect();
    let large = file("omnitron").replacen("]}", &format!("]}},{}", many.join(",")), 1);
    assert!(large.len() > 5 * 1024 * 1024, "{}", large.len());
    std::fs::write(&orders, large).unwrap();
    let out = convert(&orders);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
