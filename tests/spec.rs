//! End-to-end conformance tests of the routing engine, run through the command line.
//!
//! Every file `tests/spec/<name>.json` is one scenario worked out by hand from SPEC.md:
//! a snapshot (SPEC.md 11.1), one lead (`scan`) or several (`route`), extra command-line
//! arguments (`--at`, `--explain`, `--scan-type`, ...), and the exact expected output and
//! exit code. The harness writes the snapshot and leads to a temporary folder, calls
//! [`leadroute_cli::run`] as the binary would, and compares each output value with the
//! expected one as JSON (numbers by value). `Detail` texts of the scan log are free-form,
//! so log entries are compared on `ClientUID`, `ClientAccountUID`, `Reason` and
//! `Reasons` only. Every scenario runs in one test that reports all mismatches at once.
//!
//! A few command-line checks that are not decisions (JSON Lines errors, usage errors,
//! `validate`) follow the scenario runner.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value};

/// `leadroute intake` through the command line.
#[path = "cli/intake.rs"]
mod intake_cli;

/// The folder holding the scenario files.
fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("spec")
}

/// A scratch folder, unique to this process and call, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let safe: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let dir =
            std::env::temp_dir().join(format!("leadroute-spec-{}-{n}-{safe}", std::process::id()));
        fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }

    fn write(&self, file: &str, text: &str) -> String {
        self.write_bytes(file, text.as_bytes())
    }

    fn write_bytes(&self, file: &str, bytes: &[u8]) -> String {
        let path = self.0.join(file);
        fs::write(&path, bytes).expect("write a scratch file");
        path.to_str().expect("temp paths are UTF-8").to_string()
    }

    /// Writes `lines` as a JSON Lines file, each ended by a newline.
    fn write_lines(&self, file: &str, lines: &[&str]) -> String {
        self.write(file, &(lines.join("\n") + "\n"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What one command-line run gave.
struct Run {
    code: u8,
    out: String,
    err: String,
}

impl Run {
    /// The non-blank output lines, each parsed as JSON (a line that is not JSON fails
    /// the test).
    fn json_lines(&self) -> Vec<Value> {
        self.out
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Asserts the exit code, showing both streams when it differs.
    fn assert_code(&self, code: u8) {
        assert_eq!(
            self.code, code,
            "exit code; stdout:\n{}\nstderr:\n{}",
            self.out, self.err
        );
    }
}

/// `leadroute route --snapshot SNAPSHOT --leads LEADS [--at AT]`.
fn route_cli(snapshot: String, leads: String, at: Option<&str>) -> Run {
    let mut args: Vec<String> = vec![
        "leadroute".into(),
        "route".into(),
        "--snapshot".into(),
        snapshot,
        "--leads".into(),
        leads,
    ];
    if let Some(at) = at {
        args.extend(["--at".into(), at.into()]);
    }
    run_cli(&args)
}

/// Whether `line` is the output of unusable input line `n`: exactly
/// `{"Line": n, "error": "..."}` with a non-empty error.
fn is_line_error(line: &Value, n: i64) -> bool {
    line.get("Line") == Some(&Value::from(n))
        && line
            .get("error")
            .and_then(Value::as_str)
            .is_some_and(|e| !e.trim().is_empty())
        && line.as_object().is_some_and(|m| m.len() == 2)
}

fn run_cli(args: &[String]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = leadroute_cli::run(args.iter().cloned(), &mut out, &mut err);
    Run {
        code,
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// JSON equality with numbers compared by value (`25`, `25.0` and `25.00` are equal).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| json_eq(x, y)))
        }
        _ => a == b,
    }
}

/// The code of one entry of an explain-mode `Reasons` list: the string itself, or the
/// code field of an object entry.
fn reason_code(v: &Value) -> Value {
    match v {
        Value::Object(m) => ["Reason", "reason", "Code", "code"]
            .iter()
            .find_map(|k| m.get(*k).cloned())
            .unwrap_or_else(|| v.clone()),
        other => other.clone(),
    }
}

/// Keeps of a log entry only what the scenarios pin: the account, its first reason and
/// (explain mode) every reason code; `Detail` is free-form text.
fn normalize_log_entry(entry: &Value) -> Value {
    let Value::Object(m) = entry else {
        return entry.clone();
    };
    let mut kept = Map::new();
    for key in ["ClientUID", "ClientAccountUID", "Reason"] {
        if let Some(v) = m.get(key) {
            kept.insert(key.to_string(), v.clone());
        }
    }
    if let Some(Value::Array(reasons)) = m.get("Reasons") {
        kept.insert(
            "Reasons".to_string(),
            Value::Array(reasons.iter().map(reason_code).collect()),
        );
    } else if let Some(v) = m.get("Reasons") {
        kept.insert("Reasons".to_string(), v.clone());
    }
    Value::Object(kept)
}

/// Applies [`normalize_log_entry`] to the `Log` array of an output value.
fn normalize(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(Value::Array(log)) = v.get_mut("Log") {
        for entry in log.iter_mut() {
            *entry = normalize_log_entry(entry);
        }
    }
    v
}

/// One scenario file, checked for shape before it runs.
struct Scenario {
    file: String,
    name: String,
    why: String,
    command: String,
    snapshot: Value,
    args: Vec<String>,
    input: Value,
    expect: Value,
    exit: u8,
}

fn parse_scenario(file: &str, text: &str) -> Result<Scenario, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
    let text_of = |key: &str| -> Result<String, String> {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("{file}: `{key}` must be a string"))
    };
    let name = text_of("name")?;
    let why = text_of("why")?;
    let command = text_of("command")?;
    let stem = file.trim_end_matches(".json");
    if name != stem {
        return Err(format!(
            "{file}: `name` is {name:?}, the file is named {stem:?}"
        ));
    }
    if why.trim().is_empty() {
        return Err(format!("{file}: `why` is empty"));
    }
    let snapshot = v
        .get("snapshot")
        .filter(|s| s.is_object())
        .cloned()
        .ok_or_else(|| format!("{file}: `snapshot` must be an object"))?;
    let args = match v.get("args") {
        None => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{file}: `args` must be strings"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(format!("{file}: `args` must be an array")),
    };
    let (input, expect) = match command.as_str() {
        "route" => {
            let leads = v
                .get("leads")
                .filter(|l| l.as_array().is_some_and(|a| !a.is_empty()))
                .cloned()
                .ok_or_else(|| format!("{file}: a route scenario needs a non-empty `leads`"))?;
            let expect = v
                .get("expect")
                .filter(|e| e.as_array().map(Vec::len) == leads.as_array().map(Vec::len))
                .cloned()
                .ok_or_else(|| format!("{file}: `expect` must hold one value per lead"))?;
            (leads, expect)
        }
        "scan" => {
            let lead = v
                .get("lead")
                .filter(|l| l.is_object())
                .cloned()
                .ok_or_else(|| format!("{file}: a scan scenario needs a `lead` object"))?;
            let expect = v
                .get("expect")
                .filter(|e| e.is_object())
                .cloned()
                .ok_or_else(|| format!("{file}: `expect` must be the scan output object"))?;
            (lead, expect)
        }
        other => return Err(format!("{file}: unknown command {other:?}")),
    };
    let exit = match v.get("exit") {
        None => 0,
        Some(e) => e
            .as_u64()
            .and_then(|e| u8::try_from(e).ok())
            .ok_or_else(|| format!("{file}: `exit` must be a small number"))?,
    };
    Ok(Scenario {
        file: file.to_string(),
        name,
        why,
        command,
        snapshot,
        args,
        input,
        expect,
        exit,
    })
}

/// Runs one scenario; `Err` holds a readable report of every difference.
fn check_scenario(s: &Scenario) -> Result<(), String> {
    let scratch = Scratch::new(&s.name);
    let snapshot = scratch.write("snapshot.json", &pretty(&s.snapshot));
    let mut args: Vec<String> = vec!["leadroute".into(), s.command.clone()];
    args.extend(["--snapshot".to_string(), snapshot]);
    let actual: Vec<Value>;
    let expected: Vec<Value>;
    let run;
    if s.command == "route" {
        let lines: Vec<String> = s
            .input
            .as_array()
            .map(|a| a.iter().map(Value::to_string).collect())
            .unwrap_or_default();
        let leads = scratch.write("leads.jsonl", &(lines.join("\n") + "\n"));
        args.extend(["--leads".to_string(), leads]);
        args.extend(s.args.iter().cloned());
        run = run_cli(&args);
        let mut parsed = Vec::new();
        for (i, line) in run.out.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            match serde_json::from_str::<Value>(line) {
                Ok(v) => parsed.push(normalize(&v)),
                Err(e) => parsed.push(Value::String(format!(
                    "output line {} is not JSON ({e}): {line}",
                    i + 1
                ))),
            }
        }
        actual = parsed;
        expected = s
            .expect
            .as_array()
            .map(|a| a.iter().map(normalize).collect())
            .unwrap_or_default();
    } else {
        let lead = scratch.write("lead.json", &pretty(&s.input));
        args.extend(["--lead".to_string(), lead]);
        args.extend(s.args.iter().cloned());
        run = run_cli(&args);
        actual = vec![match serde_json::from_str::<Value>(run.out.trim()) {
            Ok(v) => normalize(&v),
            Err(e) => Value::String(format!("output is not one JSON value ({e}): {}", run.out)),
        }];
        expected = vec![normalize(&s.expect)];
    }

    let mut report = String::new();
    if run.code != s.exit {
        let _ = writeln!(report, "  exit code: expected {}, got {}", s.exit, run.code);
    }
    if actual.len() != expected.len() {
        let _ = writeln!(
            report,
            "  output values: expected {}, got {}",
            expected.len(),
            actual.len()
        );
    }
    let n = actual.len().max(expected.len());
    for i in 0..n {
        let (e, a) = (expected.get(i), actual.get(i));
        let same = matches!((e, a), (Some(e), Some(a)) if json_eq(e, a));
        if !same {
            let label = if s.command == "route" {
                let uid = e
                    .and_then(|e| e.get("LeadUID"))
                    .map(Value::to_string)
                    .unwrap_or_else(|| "?".into());
                format!("output line {} (LeadUID {uid})", i + 1)
            } else {
                "scan output".to_string()
            };
            let show = |v: Option<&Value>| v.map(pretty).unwrap_or_else(|| "(none)".into());
            let _ = writeln!(
                report,
                "  {label}:\n    expected:\n{}\n    actual:\n{}",
                indent(&show(e), 6),
                indent(&show(a), 6)
            );
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        let stderr = if run.err.trim().is_empty() {
            String::new()
        } else {
            format!("  stderr:\n{}\n", indent(run.err.trim_end(), 4))
        };
        Err(format!(
            "scenario {} ({})\n  why: {}\n  args: {}\n{report}{stderr}",
            s.name,
            s.file,
            s.why,
            s.args.join(" ")
        ))
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The scenario files, sorted by name.
fn scenario_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(scenario_dir())
        .expect("the scenario folder tests/spec exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let file = p
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default()
                .to_string();
            let text = fs::read_to_string(&p).expect("read a scenario file");
            (file, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn scenario_folder_holds_scenarios() {
    let files = scenario_files();
    assert!(
        files.len() >= 30,
        "expected at least 30 scenarios in {}, found {}",
        scenario_dir().display(),
        files.len()
    );
}

#[test]
fn scenarios_match_spec() {
    let files = scenario_files();
    assert!(
        !files.is_empty(),
        "no scenarios in {}",
        scenario_dir().display()
    );
    let mut failures = Vec::new();
    for (file, text) in &files {
        match parse_scenario(file, text) {
            Ok(s) => {
                if let Err(report) = check_scenario(&s) {
                    failures.push(report);
                }
            }
            Err(problem) => failures.push(format!("bad scenario file: {problem}\n")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------
// Command-line checks that are not routing decisions.
// ---------------------------------------------------------------------------------

/// A small snapshot: one lead type with `State` and `Age` fields, one client with one open,
/// automated account that buys every lead at 10.
fn tiny_snapshot() -> Value {
    serde_json::json!({
        "LeadTypes": [{"LeadTypeUID": 1, "Descriptor": "Auto", "Fields": [
            {"LeadFieldUID": 101, "LeadTypeUID": 1, "Descriptor": "State", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 102, "LeadTypeUID": 1, "Descriptor": "Age", "FieldDataType": "Int"}
        ]}],
        "Clients": [{"ClientUID": 1, "Status": "Active", "TimeZoneName": "UTC"}],
        "DeliveryAccounts": [{
            "ClientAccountUID": 11, "ClientUID": 1, "Price": 10, "Status": 12,
            "AutomationEnabled": true, "AccountType": 0, "Criteria": [],
            "DeliveryDetails": {"Status": true, "LeadTypeUID": 1, "DeliveryDays": []}
        }]
    })
}

#[test]
fn jsonl_unusable_lines_get_line_errors_and_exit_1() {
    let scratch = Scratch::new("jsonl-errors");
    let snapshot = scratch.write("s.json", &tiny_snapshot().to_string());
    let leads = [
        r#"{"LeadUID": 1, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
        r#"this is not JSON"#,
        r#"{"LeadUID": 3, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
        r#"{"LeadUID": 4, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "TX"}}"#,
    ];
    let leads = scratch.write_lines("l.jsonl", &leads);
    let run = route_cli(snapshot, leads, Some("2026-03-09T15:00:00Z"));
    let lines = run.json_lines();
    run.assert_code(1);
    assert_eq!(
        lines.len(),
        4,
        "one output line per input line:\n{}",
        run.out
    );
    let sold = |uid: i64| {
        serde_json::json!({"LeadUID": uid, "Sold": [{"ClientUID": 1, "ClientAccountUID": 11,
            "ClientOrderUID": 0, "ClientOrderItemUID": 0, "Price": 10,
            "DeliverAt": "2026-03-09T15:00:00Z", "Exclusive": false}], "Unsold": {}})
    };
    assert!(
        json_eq(&lines[0], &sold(1)),
        "line 1: {}",
        pretty(&lines[0])
    );
    assert!(
        json_eq(&lines[3], &sold(4)),
        "line 4: {}",
        pretty(&lines[3])
    );
    for (i, n) in [(1usize, 2i64), (2, 3)] {
        assert!(
            is_line_error(&lines[i], n),
            "line {n} is exactly {{\"Line\": {n}, \"error\"}} with an error: {}",
            pretty(&lines[i])
        );
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let run = run_cli(&["leadroute".into(), "reroute".into()]);
    assert_eq!(run.code, 2, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    let run = run_cli(&["leadroute".into()]);
    assert_eq!(
        run.code, 2,
        "no subcommand; stdout:\n{}\nstderr:\n{}",
        run.out, run.err
    );
}

#[test]
fn route_without_required_arguments_is_a_usage_error() {
    let run = run_cli(&[
        "leadroute".into(),
        "route".into(),
        "--leads".into(),
        "x".into(),
    ]);
    assert_eq!(run.code, 2, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
}

#[test]
fn validate_names_the_path_of_a_bad_criterion() {
    let mut snapshot = tiny_snapshot();
    snapshot["DeliveryAccounts"][0]["Criteria"] = serde_json::json!([
        {"ClientCriteriaUID": 1, "LeadFieldUID": 102, "Type": "FieldValue", "Operator": "Between", "Value": "1|x"}
    ]);
    let scratch = Scratch::new("validate");
    let path = scratch.write("s.json", &snapshot.to_string());
    let run = run_cli(&[
        "leadroute".into(),
        "validate".into(),
        "--snapshot".into(),
        path,
    ]);
    assert_eq!(run.code, 1, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    let all = format!("{}{}", run.out, run.err);
    assert!(
        all.contains("DeliveryAccounts[0].Criteria[0]"),
        "the message names the criterion's path:\n{all}"
    );

    // The same snapshot with a good criterion has no error.
    snapshot["DeliveryAccounts"][0]["Criteria"][0]["Value"] = Value::from("1|9");
    let path = scratch.write("s2.json", &snapshot.to_string());
    let run = run_cli(&[
        "leadroute".into(),
        "validate".into(),
        "--snapshot".into(),
        path,
    ]);
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
}

#[test]
fn misconfigured_snapshot_still_routes_with_exit_0() {
    let mut snapshot = tiny_snapshot();
    snapshot["DeliveryAccounts"]
        .as_array_mut()
        .expect("accounts")
        .push(serde_json::json!({
            "ClientAccountUID": 12, "ClientUID": 1, "Price": 50, "Status": 12,
            "AutomationEnabled": true, "AccountType": 0,
            "Criteria": [{"ClientCriteriaUID": 1, "LeadFieldUID": 102, "Type": "FieldValue", "Operator": "Between", "Value": "20|10"}],
            "DeliveryDetails": {"Status": true, "LeadTypeUID": 1, "DeliveryDays": []}
        }));
    let scratch = Scratch::new("misconfigured");
    let s = scratch.write("s.json", &snapshot.to_string());
    let l = scratch.write(
        "l.jsonl",
        r#"{"LeadUID": 1, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
    );
    let run = run_cli(&[
        "leadroute".into(),
        "route".into(),
        "--snapshot".into(),
        s,
        "--leads".into(),
        l,
    ]);
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    let line: Value = serde_json::from_str(run.out.trim()).unwrap_or(Value::Null);
    let expected = serde_json::json!({"LeadUID": 1, "Sold": [{"ClientUID": 1, "ClientAccountUID": 11,
        "ClientOrderUID": 0, "ClientOrderItemUID": 0, "Price": 10,
        "DeliverAt": "2026-03-09T15:00:00Z", "Exclusive": false}], "Unsold": {"misconfigured": 1}});
    assert!(json_eq(&line, &expected), "got:\n{}", run.out);
}

#[test]
fn json_eq_compares_numbers_by_value() {
    let a = serde_json::json!({"Price": 25, "x": [1.5]});
    let b: Value = serde_json::from_str(r#"{"Price": 25.0, "x": [1.50]}"#).expect("json");
    assert!(json_eq(&a, &b));
    let c = serde_json::json!({"Price": "25", "x": [1.5]});
    assert!(!json_eq(&a, &c), "a number is not a string");
    let d = serde_json::json!({"Price": 25, "x": [1.5], "extra": 1});
    assert!(!json_eq(&a, &d), "an extra key is a difference");
}

// ---------------------------------------------------------------------------------
// SPEC.md 11 / 11.1: JSON Lines lines that cannot be used.
// ---------------------------------------------------------------------------------

/// SPEC 11.1: a lead is "one JSON object, or one per line"; SPEC 11: a JSON Lines line
/// that cannot be used gets `{"Line": n, "error": "..."}` and the exit code is 1. A JSON
/// array is not a lead object, even when its items would fill the lead's fields in
/// declaration order (`[LeadUID, LeadTypeUID, VID, AID, DateReceived, Fields]`).
#[test]
fn jsonl_array_line_is_not_a_lead() {
    let scratch = Scratch::new("jsonl-array-line");
    let snapshot = scratch.write("s.json", &tiny_snapshot().to_string());
    let leads = [
        r#"[5, 1, null, null, "2026-03-09T15:00:00Z", {"State": "CA"}]"#,
        r#"{"LeadUID": 6, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
    ];
    let leads = scratch.write_lines("l.jsonl", &leads);
    let run = route_cli(snapshot, leads, Some("2026-03-09T15:00:00Z"));
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        2,
        "one output line per input line:\n{}",
        run.out
    );
    assert_eq!(
        lines[0].get("Line"),
        Some(&Value::from(1)),
        "line 1 (a JSON array) must be a line error, got: {}",
        pretty(&lines[0])
    );
    assert_eq!(
        lines[1].get("LeadUID"),
        Some(&Value::from(6)),
        "line 2 routes: {}",
        pretty(&lines[1])
    );
    run.assert_code(1);
}

/// SPEC 11: in `eval`'s JSON Lines input, a line that cannot be used gets
/// `{"Line": n, "error": "..."}`, the other lines are processed, and the exit code is 1.
/// A JSON value that is not an object is not an eval case.
#[test]
fn eval_non_object_line_gets_line_error_and_exit_1() {
    let scratch = Scratch::new("eval-non-object");
    let cases = [
        r#"{"FieldDataType": "Int", "Operator": "Equal", "Value": "1", "LeadValue": "1"}"#,
        r#"[1, 2]"#,
    ];
    let input = scratch.write_lines("c.jsonl", &cases);
    let run = run_cli(&["leadroute".into(), "eval".into(), "--input".into(), input]);
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        2,
        "one output line per input line:\n{}",
        run.out
    );
    assert!(
        json_eq(&lines[0], &serde_json::json!({"matched": true})),
        "line 1: {}",
        pretty(&lines[0])
    );
    assert_eq!(
        lines[1].get("Line"),
        Some(&Value::from(2)),
        "line 2 (not an object) must be a line error: {}",
        pretty(&lines[1])
    );
    run.assert_code(1);
}

/// SPEC 11: in `escalate`'s JSON Lines input, a line that cannot be used (here: no
/// `seconds`, an unknown zone, a `from` that is not RFC 3339, `to` before `from`, which
/// SPEC 10 calls an error) gets `{"Line": n, "error": "..."}`, the other lines are
/// processed, and the exit code is 1.
#[test]
fn escalate_unusable_lines_get_line_errors_and_exit_1() {
    let scratch = Scratch::new("escalate-unusable");
    let cases = [
        r#"{"timezone": "UTC", "from": "2026-03-16T15:00:00Z", "seconds": 60}"#,
        r#"{"timezone": "UTC", "from": "2026-03-16T15:00:00Z"}"#,
        r#"{"timezone": "Mars/Base", "from": "2026-03-16T15:00:00Z", "seconds": 60}"#,
        r#"{"timezone": "UTC", "from": "yesterday", "seconds": 60}"#,
        r#"{"op": "open_seconds", "timezone": "UTC", "from": "2026-03-16T15:00:00Z", "to": "2026-03-15T15:00:00Z"}"#,
        r#"{"op": "next_open", "timezone": "UTC", "from": "2026-03-16T15:00:00Z"}"#,
    ];
    let input = scratch.write_lines("e.jsonl", &cases);
    let run = run_cli(&[
        "leadroute".into(),
        "escalate".into(),
        "--input".into(),
        input,
    ]);
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        6,
        "one output line per input line:\n{}",
        run.out
    );
    assert!(
        json_eq(
            &lines[0],
            &serde_json::json!({"escalates_at": "2026-03-16T15:01:00Z"})
        ),
        "line 1: {}",
        pretty(&lines[0])
    );
    assert!(
        json_eq(
            &lines[5],
            &serde_json::json!({"next_open": "2026-03-16T15:00:00Z"})
        ),
        "line 6: {}",
        pretty(&lines[5])
    );
    let mut wrong = Vec::new();
    for n in 2..=5i64 {
        let line = &lines[(n - 1) as usize];
        if !is_line_error(line, n) {
            wrong.push(format!("line {n}: {}", line));
        }
    }
    assert!(
        wrong.is_empty(),
        "unusable lines need {{\"Line\": n, \"error\"}}:\n{}",
        wrong.join("\n")
    );
    run.assert_code(1);
}

/// SPEC 11: a JSON Lines line that cannot be used (here: bytes that are not UTF-8, so not
/// JSON) gets `{"Line": n, "error": "..."}`, the other lines are still routed, and the
/// exit code is 1. SPEC 12: odd input never stops the other lines being processed.
#[test]
fn jsonl_line_with_invalid_utf8_gets_line_error_and_others_route() {
    let scratch = Scratch::new("jsonl-invalid-utf8");
    let snapshot = scratch.write("s.json", &tiny_snapshot().to_string());
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice(
        br#"{"LeadUID": 1, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
    );
    bytes.push(b'\n');
    bytes.extend_from_slice(
        b"{\"LeadUID\": 2, \"LeadTypeUID\": 1, \"DateReceived\": \"2026-03-09T15:00:00Z\", \"Fields\": {\"State\": \"\xff\xfe\"}}",
    );
    bytes.push(b'\n');
    bytes.extend_from_slice(
        br#"{"LeadUID": 3, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "TX"}}"#,
    );
    bytes.push(b'\n');
    let leads = scratch.write_bytes("l.jsonl", &bytes);
    let run = route_cli(snapshot, leads, Some("2026-03-09T15:00:00Z"));
    run.assert_code(1);
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        3,
        "one output line per input line; stdout:\n{}\nstderr:\n{}",
        run.out,
        run.err
    );
    assert_eq!(
        lines[0].get("LeadUID"),
        Some(&Value::from(1)),
        "line 1: {}",
        lines[0]
    );
    assert_eq!(
        lines[1].get("Line"),
        Some(&Value::from(2)),
        "line 2: {}",
        lines[1]
    );
    assert!(
        lines[1]
            .get("error")
            .and_then(Value::as_str)
            .is_some_and(|e| !e.trim().is_empty()),
        "line 2 needs an error: {}",
        lines[1]
    );
    assert_eq!(
        lines[2].get("LeadUID"),
        Some(&Value::from(3)),
        "line 3: {}",
        lines[2]
    );
}

/// SPEC 12: no input makes the binary hang. A `Contains` criterion whose text is a long
/// run of one character (300,000 `a`) must load and route promptly (it is one needle;
/// building its matcher must not be quadratic in its length).
#[test]
fn contains_criterion_with_long_repetitive_text_routes_promptly() {
    let mut snapshot = tiny_snapshot();
    snapshot["DeliveryAccounts"][0]["Criteria"] = serde_json::json!([
        {"ClientCriteriaUID": 1, "LeadFieldUID": 101, "Type": "FieldValue",
         "Operator": "Contains", "Value": "a".repeat(300_000)}
    ]);
    let scratch = Scratch::new("contains-long-needle");
    let s = scratch.write("s.json", &snapshot.to_string());
    let l = scratch.write(
        "l.jsonl",
        r#"{"LeadUID": 1, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"State": "CA"}}"#,
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(route_cli(s, l, None));
    });
    let run = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("route with a 300,000-character Contains text did not finish within 60 s");
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    let line: Value = serde_json::from_str(run.out.trim()).expect("one JSON line");
    let expected = serde_json::json!({"LeadUID": 1, "Sold": [], "Unsold": {"criteria_failed": 1}});
    assert!(json_eq(&line, &expected), "got:\n{}", run.out);
}
