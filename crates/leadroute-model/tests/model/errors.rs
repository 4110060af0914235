//! Malformed snapshots (table: `errors.json`): each case edits the valid
//! `base_snapshot.json` (or gives its own text) and states the exact problems, in
//! order, with path, severity and line (and column where it is pinned), which
//! delivery accounts still route, which are misconfigured, and how many records of
//! each kind still load.

use std::collections::BTreeMap;
use std::path::Path;

use leadroute_model::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    name: String,
    /// Replacements applied to the base snapshot; each `from` occurs exactly once.
    #[serde(default)]
    edits: Vec<(String, String)>,
    /// The whole document instead of an edited base.
    text: Option<String>,
    problems: Vec<Expected>,
    routed: Vec<Uid>,
    misconfigured: Vec<Uid>,
    /// Record counts that differ from the base (or from an empty snapshot for `text`).
    #[serde(default)]
    counts: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
struct Expected {
    severity: Severity,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: Option<String>,
}

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/model")
        .join(name);
    std::fs::read_to_string(path).expect("test data exists")
}

fn counts(s: &Snapshot) -> BTreeMap<String, usize> {
    [
        ("lead_types", s.lead_types.len()),
        ("clients", s.clients.len()),
        ("orders", s.orders.len()),
        ("distribution_lists", s.distribution_lists.len()),
        ("lead_sources", s.lead_sources.len()),
        ("campaigns", s.campaigns.len()),
        ("sends", s.sends.len()),
        ("leads", s.leads.len()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn check(case: &Case, base: &str, base_counts: &BTreeMap<String, usize>) -> Vec<String> {
    let mut failures = Vec::new();
    let text = match &case.text {
        Some(t) => t.clone(),
        None => {
            let mut t = base.to_string();
            for (from, to) in &case.edits {
                assert_eq!(
                    t.matches(from.as_str()).count(),
                    1,
                    "{}: edit {from:?}",
                    case.name
                );
                t = t.replacen(from.as_str(), to, 1);
            }
            t
        }
    };
    let s = load_snapshot(&text);
    if s.problems.len() != case.problems.len() {
        failures.push(format!(
            "{} problems, expected {}: {:#?}",
            s.problems.len(),
            case.problems.len(),
            s.problems
        ));
    }
    for (i, (got, want)) in s.problems.iter().zip(&case.problems).enumerate() {
        let mut ok = got.severity == want.severity && got.path == want.path;
        ok &= want.line.is_none() || got.line == want.line;
        ok &= want.column.is_none() || got.column == want.column;
        ok &= want
            .message
            .as_ref()
            .is_none_or(|m| got.message.contains(m.as_str()));
        // Every problem of a snapshot says where it is.
        ok &= got.line.is_some() && got.column.is_some();
        if !ok {
            failures.push(format!(
                "problem {i}: got {got:?}, expected {:?} {} line {:?} column {:?} {:?}",
                want.severity, want.path, want.line, want.column, want.message
            ));
        }
    }
    let routed: Vec<Uid> = s
        .delivery_accounts
        .iter()
        .map(|a| a.client_account_uid)
        .collect();
    if routed != case.routed {
        failures.push(format!("routed {routed:?}, expected {:?}", case.routed));
    }
    assert_eq!(s.delivery_accounts.len(), s.delivery_account_paths.len());
    let misconfigured: Vec<Uid> = s
        .misconfigured
        .iter()
        .map(|m| m.client_account_uid)
        .collect();
    if misconfigured != case.misconfigured {
        failures.push(format!(
            "misconfigured {misconfigured:?}, expected {:?}",
            case.misconfigured
        ));
    }
    // Each misconfigured account names an error of this load at its own path.
    for m in &s.misconfigured {
        if !s
            .problems
            .iter()
            .any(|p| p.is_error() && p.path.starts_with(&m.path) && m.message.contains(&p.message))
        {
            failures.push(format!("misconfigured {m:?} names no error of the load"));
        }
    }
    let mut want = if case.text.is_some() {
        base_counts.keys().map(|k| (k.clone(), 0)).collect()
    } else {
        base_counts.clone()
    };
    for (k, v) in &case.counts {
        assert!(want.contains_key(k), "{}: unknown count {k}", case.name);
        want.insert(k.clone(), *v);
    }
    let got = counts(&s);
    if got != want {
        failures.push(format!("counts {got:?}, expected {want:?}"));
    }
    failures
        .into_iter()
        .map(|f| format!("{}: {f}", case.name))
        .collect()
}

#[test]
fn malformed_snapshots_report_exact_problems_and_the_rest_loads() {
    let base = read("base_snapshot.json");
    let base_counts = counts(&load_snapshot(&base));
    let cases: Vec<Case> = serde_json::from_str(&read("errors.json")).expect("table reads");
    let mut failures = Vec::new();
    for case in &cases {
        failures.extend(check(case, &base, &base_counts));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn misconfigured_accounts_keep_the_ids_that_could_be_read() {
    let base = read("base_snapshot.json");
    let text = base.replacen("\"Price\": \"$30.00\"", "\"Price\": [1]", 1);
    let s = load_snapshot(&text);
    assert_eq!(
        s.misconfigured,
        vec![Misconfigured {
            client_uid: 200,
            client_account_uid: 2000,
            lead_type_uid: Some(1),
            path: "DeliveryAccounts[1]".to_string(),
            message: s.problems[0].to_string(),
        }]
    );
    assert!(s.problems[0]
        .to_string()
        .starts_with("error: DeliveryAccounts[1].Price (line 51, column "));
}

#[test]
fn all_problems_are_collected_not_the_first() {
    // Three independent errors in three kinds of record: all three are reported, in
    // input order, and the records they do not touch still load.
    let base = read("base_snapshot.json");
    let text = base
        .replacen("\"TimeOffset\": -8,", "\"TimeOffset\": \"x\",", 1)
        .replacen("\"WeekDay\": 1,", "\"WeekDay\": -1,", 1)
        .replacen("\"Qty\": 100,", "\"Qty\": 1.5,", 1);
    let s = load_snapshot(&text);
    let paths: Vec<&str> = s
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "Clients[1].TimeOffset",
            "DeliveryAccounts[0].DeliveryDetails.DeliveryDays[0].WeekDay",
            "DeliveryAccounts[1].ClientUID",
            "Orders[0].Items[0].Qty",
            "Orders[1].ClientUID",
        ]
    );
    assert_eq!(s.lead_types.len(), 1);
    assert_eq!(s.campaigns.len(), 1);
}
