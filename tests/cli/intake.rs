//! `leadroute intake` through the command line (SPEC.md 9, 11 and 11.1), hand-worked:
//! the exact output line of each lead, and JSON Lines lines that cannot be used.

use serde_json::{json, Value};

use super::{run_cli, Scratch};

/// Runs `leadroute intake` over a snapshot and JSON Lines text in a scratch folder;
/// returns the exit code, the output lines as JSON and standard error.
fn intake(label: &str, snapshot: &Value, lines: &str, extra: &[&str]) -> (u8, Vec<Value>, String) {
    let scratch = Scratch::new(&format!("intake-cli-{label}"));
    let mut args = vec![
        "leadroute".to_string(),
        "intake".into(),
        "--snapshot".into(),
        scratch.write("s.json", &snapshot.to_string()),
        "--leads".into(),
        scratch.write("l.jsonl", lines),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let run = run_cli(&args);
    let values = run.json_lines();
    (run.code, values, run.err)
}

/// One lead type (Email, the duplicate set), one active source and campaign 30
/// (HourMax 1, DupDayMax 1).
fn snapshot() -> Value {
    json!({
        "Settings": {"DefaultTimeZone": "UTC"},
        "LeadTypes": [{"LeadTypeUID": 1, "DefaultDupSets": "Email",
            "Fields": [{"LeadFieldUID": 11, "Descriptor": "Email"}]}],
        "LeadSources": [{"LPVendorUID": 3, "Status": "Active"}],
        "Campaigns": [{"VendorUID": 3, "VendorAccountUID": 30, "LeadTypeUID": 1,
                       "Status": "Active", "HourMax": 1, "DupDayMax": 1}]
    })
}

/// Each output line is exactly `{"LeadUID", "ResponseType", "ResponseDetails"}`
/// (SPEC.md 11.1), and an accepted lead counts toward the cap of the next line.
#[test]
fn intake_output_lines_have_exactly_the_three_keys() {
    let lines = [
        r#"{"LeadUID": 1, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:00:00Z", "Fields": {"Email": "a@x.com"}}"#,
        r#"{"LeadUID": 2, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:30:00Z", "Fields": {"Email": "b@x.com"}}"#,
    ]
    .join("\n");
    let (code, out, err) = intake("shape", &snapshot(), &lines, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.len(), 2);
    for (v, uid, t) in [(&out[0], 1, "No_Error"), (&out[1], 2, "Post_Over_Max")] {
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 3, "{v}");
        assert_eq!(v["LeadUID"], json!(uid), "{v}");
        assert_eq!(v["ResponseType"], json!(t), "{v}");
        assert!(v["ResponseDetails"].is_string(), "{v}");
    }
    assert_eq!(out[0]["ResponseDetails"], json!(""));
}

/// A line that is a JSON array is not a lead: it "cannot be used" and gets
/// `{"Line": n, "error": "..."}`, the other lines are processed, and the exit code is 1
/// (SPEC.md 11). `route` answers these lines so (commit 315d221); `intake` reads the array
/// as the lead's members in declaration order (`[1, 1, 3, 30]` is LeadUID 1, LeadTypeUID
/// 1, VID 3, AID 30) and answers it.
#[test]
fn intake_array_lines_are_unusable_lines() {
    let lines = [
        "[1, 1, 3, 30]",
        r#"{"LeadUID": 2, "LeadTypeUID": 1, "VID": 3, "AID": 30, "Fields": {"Email": "b@x.com"}}"#,
        "[5]",
    ]
    .join("\n");
    let (code, out, err) = intake(
        "arrays",
        &snapshot(),
        &lines,
        &["--at", "2026-05-04T15:00:00Z"],
    );
    assert_eq!(out.len(), 3, "{out:?}");
    for (i, n) in [(0usize, 1u64), (2, 3)] {
        let v = &out[i];
        assert_eq!(v.get("Line"), Some(&json!(n)), "line {n}: {v}");
        assert!(
            v.get("error")
                .and_then(Value::as_str)
                .is_some_and(|e| !e.is_empty()),
            "line {n}: {v}"
        );
        assert_eq!(v.as_object().unwrap().len(), 2, "line {n}: {v}");
    }
    assert_eq!(
        out[1],
        json!({"LeadUID": 2, "ResponseType": "No_Error", "ResponseDetails": ""})
    );
    assert_eq!(code, 1, "{err}");
}
