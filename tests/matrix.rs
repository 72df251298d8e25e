//! The translation matrix: every directed pair and kind over every valid fixture.
//!
//! For each pair it asserts that what converts validates under the target dialect, that
//! refusals are the typed errors of the contract, and it writes the summary table into the
//! README between the `matrix` markers. The test fails when the README is stale; refresh it
//! with `UPDATE_MATRIX=1 cargo test --test matrix`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cancel_kit::domain::{
    json::Limits, DialectId, InMemoryOrderStore, PayloadKind, Policy, ReportAction, TranslateError,
};
use cancel_kit::{ConvertError, Translator};
use common::{example_policy, fixtures, root};
use strum::IntoEnumIterator;

/// How one fixture fared in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fate {
    /// Converted; nothing dropped, defaulted or approximated.
    Clean,
    /// Converted; the report lists drops, defaults or approximations.
    Reported,
    /// Needs a policy key (or `--default-reason`).
    NeedsPolicy,
    /// Needs `--orders` for a lookup.
    NeedsLookup,
    /// Refused: the meaning would change (partial to whole-only, an id that does not fit...).
    Refused,
    /// Invalid under the example policy's merchant reason tables (only with the policy).
    NotInTables,
}

fn fate_of(
    result: &Result<cancel_kit::domain::TranslationReport, ConvertError>,
    with_tables: bool,
) -> Result<Fate, String> {
    Ok(match result {
        Err(ConvertError::Translate(TranslateError::Invalid(_))) if with_tables => {
            Fate::NotInTables
        }
        Ok(report) if report.is_clean() => Fate::Clean,
        Ok(_) => Fate::Reported,
        Err(ConvertError::Translate(
            TranslateError::MissingRequired { .. } | TranslateError::NotInPolicy { .. },
        )) => Fate::NeedsPolicy,
        Err(
            ConvertError::Translate(TranslateError::NeedsLookup { .. })
            | ConvertError::NotInDirectory { .. },
        ) => Fate::NeedsLookup,
        Err(ConvertError::Translate(
            TranslateError::PartialNotSupported { .. }
            | TranslateError::IdDoesNotFit { .. }
            | TranslateError::PaymentDataWouldBeDropped { .. }
            | TranslateError::NeedsRequest { .. }
            | TranslateError::ChangesMeaning { .. },
        )) => Fate::Refused,
        Err(other) => return Err(format!("a valid fixture must not fail with {other}")),
    })
}

#[tokio::test]
async fn every_pair_and_kind_over_every_valid_fixture() {
    let bare = Translator::new(Policy::default()).unwrap();
    let orders = InMemoryOrderStore::from_file(root().join("examples/data/orders.json")).unwrap();
    let equipped = Translator::new(example_policy())
        .unwrap()
        .with_directory(Arc::new(orders));
    let registry = bare.registry();

    // (kind, source, target) -> fates with the bare translator, and with policy + orders.
    let mut breaches: Vec<String> = Vec::new();
    let mut table = Table::new();
    let mut why = Why::new();
    for kind in PayloadKind::iter() {
        for source in registry.iter().filter(|d| d.kinds().contains(&kind)) {
            for file in fixtures(source.id(), kind, "valid") {
                let bytes = std::fs::read(&file).unwrap();
                for target in registry.iter().filter(|d| d.kinds().contains(&kind)) {
                    let (from, to) = (source.id(), target.id());
                    let mut fates = (Vec::new(), Vec::new());
                    for (translator, slot, with_tables) in [
                        (&bare, &mut fates.0, false),
                        (&equipped, &mut fates.1, true),
                    ] {
                        let mut out = Vec::new();
                        let result = translator.translate(from, to, kind, &bytes, &mut out).await;
                        let label = format!("{from} -> {to} {kind} of {}", file.display());
                        let fate = match fate_of(&result, with_tables) {
                            Ok(fate) => fate,
                            Err(e) => {
                                breaches.push(format!("{label}: {e}"));
                                continue;
                            }
                        };
                        if let Ok(report) = &result {
                            // Validated by the target as configured (its merchant tables).
                            let configured = translator.registry().get(to).unwrap();
                            if let Err(e) = configured.validate(kind, &out, &Limits::DEFAULT) {
                                breaches.push(format!(
                                    "{label}: output does not validate: {e}\n  {}",
                                    String::from_utf8_lossy(&out)
                                ));
                            }
                            for entry in report.with_action(ReportAction::Defaulted) {
                                if entry.policy_key.is_none() {
                                    breaches.push(format!(
                                        "{label}: a default must name its policy key: {entry:?}"
                                    ));
                                }
                            }
                        }
                        if let (Fate::Refused, Err(e), false) =
                            (fate, &result, kind == PayloadKind::Request)
                        {
                            why.entry(reason_of(e))
                                .or_default()
                                .insert((kind, from, to));
                        }
                        slot.push(fate);
                    }
                    let entry = table.entry((kind, from, to)).or_default();
                    entry.0.extend(fates.0);
                    entry.1.extend(fates.1);
                }
            }
        }
    }
    breaches.sort();
    breaches.dedup();
    assert!(
        breaches.is_empty(),
        "{} breaches:\n{}",
        breaches.len(),
        breaches.join("\n")
    );
    check_readme(&(render(&table) + &render_why(&why)));
}

/// Each distinct refusal of an answer -> the (kind, from, to) cells it occurs in.
type Why = BTreeMap<String, BTreeSet<(PayloadKind, DialectId, DialectId)>>;

/// A refusal's message with ids and counts written as `N`, so one reason reads once.
fn reason_of(error: &ConvertError) -> String {
    let mut reason = String::new();
    let mut in_digits = false;
    for c in error.to_string().chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                reason.push('N');
            }
            in_digits = true;
        } else {
            reason.push(c);
            in_digits = false;
        }
    }
    reason
}

fn render_why(why: &Why) -> String {
    let mut md = String::from(
        "\n**Why answers are refused** (every distinct refusal of a response or error cell above, \
         ids written as N, and the cells it explains)\n\n",
    );
    for (reason, cells) in why {
        let cells: Vec<String> = cells
            .iter()
            .map(|(kind, from, to)| format!("{kind} {from} → {to}"))
            .collect();
        md.push_str(&format!("- {reason}: {}\n", cells.join(", ")));
    }
    md
}

fn summarize(fates: &[Fate]) -> String {
    let count = |f: Fate| fates.iter().filter(|x| **x == f).count();
    let parts: Vec<String> = [
        (Fate::Clean, "clean"),
        (Fate::Reported, "reported"),
        (Fate::NeedsPolicy, "policy"),
        (Fate::NeedsLookup, "lookup"),
        (Fate::Refused, "refused"),
        (Fate::NotInTables, "not in tables"),
    ]
    .into_iter()
    .filter(|(f, _)| count(*f) > 0)
    .map(|(f, name)| format!("{} {name}", count(f)))
    .collect();
    if parts.is_empty() {
        "–".to_owned()
    } else {
        parts.join(", ")
    }
}

/// (kind, from, to) -> fates without policy or lookups, and with both.
type Table = BTreeMap<(PayloadKind, DialectId, DialectId), (Vec<Fate>, Vec<Fate>)>;

fn render(table: &Table) -> String {
    let mut md = String::new();
    md.push_str("Generated by `tests/matrix.rs` from every valid fixture; each cell reads\n");
    md.push_str("`without policy or lookups` → `with examples/data/policy.toml and --orders examples/data/orders.json`.\n");
    md.push_str("clean: converted, nothing lost; reported: converted, the report lists drops, defaults or\n");
    md.push_str("approximations; policy: needs a policy key or `--default-reason`; lookup: needs `--orders`;\n");
    md.push_str(
        "refused: would change the meaning (exit 3); not in tables: the source names a merchant\n",
    );
    md.push_str("reason the example policy's reason list lacks (exit 1).\n");
    for kind in PayloadKind::iter() {
        let targets: Vec<DialectId> = {
            let mut t: Vec<DialectId> = table.keys().filter(|k| k.0 == kind).map(|k| k.2).collect();
            t.dedup();
            t.sort();
            t.dedup();
            t
        };
        if targets.is_empty() {
            continue;
        }
        md.push_str(&format!(
            "\n**{kind}s** (rows: from, columns: to)\n\n| from \\ to |"
        ));
        for t in &targets {
            md.push_str(&format!(" {t} |"));
        }
        md.push_str("\n| --- |");
        for _ in &targets {
            md.push_str(" --- |");
        }
        md.push('\n');
        let mut sources: Vec<DialectId> =
            table.keys().filter(|k| k.0 == kind).map(|k| k.1).collect();
        sources.sort();
        sources.dedup();
        for s in sources {
            md.push_str(&format!("| **{s}** |"));
            for t in &targets {
                let cell = match table.get(&(kind, s, *t)) {
                    Some((bare, equipped)) if bare == equipped => summarize(bare),
                    Some((bare, equipped)) => {
                        format!("{} → {}", summarize(bare), summarize(equipped))
                    }
                    None => "–".to_owned(),
                };
                md.push_str(&format!(" {cell} |"));
            }
            md.push('\n');
        }
    }
    md
}

fn check_readme(matrix: &str) {
    const START: &str = "<!-- matrix:start -->\n";
    const END: &str = "<!-- matrix:end -->";
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the matrix markers");
    };
    let current = &readme[a + START.len()..b];
    if current == matrix {
        return;
    }
    if std::env::var_os("UPDATE_MATRIX").is_some() {
        let updated = format!("{}{START}{matrix}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated).unwrap();
    } else {
        panic!("README.md's matrix is stale; run `UPDATE_MATRIX=1 cargo test --test matrix`:\n{matrix}");
    }
}
