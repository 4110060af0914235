//! Runs every case table in `tests/cases/*.json` through `eval_case`.
//!
//! A table is a JSON array of cases; each case is an `eval` input line plus `name`
//! (what it pins) and one expectation: `matched` (with an optional `reason`, which
//! must equal the reason given) or `error` (a substring of the error message).

use std::path::Path;

use leadroute_criteria::eval_case;
use serde_json::Value;

fn run_table(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let cases: Vec<Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("<unnamed>");
        let got = eval_case(case);
        let ok = match (&got, case.get("error"), case.get("matched")) {
            (Err(e), Some(Value::String(want)), _) => e.to_string().contains(want.as_str()),
            (Ok(o), None, Some(Value::Bool(m))) => {
                o.matched == *m
                    && match case.get("reason") {
                        Some(Value::String(r)) => o.reason.as_deref() == Some(r.as_str()),
                        _ => true,
                    }
            }
            _ => false,
        };
        if !ok {
            let got = match &got {
                Ok(o) => serde_json::to_string(o).unwrap(),
                Err(e) => format!("error: {e}"),
            };
            failures.push(format!(
                "{} / {name}: got {got}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(!cases.is_empty(), "{}: empty table", path.display());
    failures
}

#[test]
fn case_tables() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut tables = 0;
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        tables += 1;
        failures.extend(run_table(p));
    }
    assert!(tables > 0);
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
