//! `leadroute intake`: the intake answer of each posted lead (SPEC.md sections 9 and
//! 11.1), one `{"LeadUID", "ResponseType", "ResponseDetails"}` line per input line.
//!
//! Leads are answered in file order, each at its `DateReceived` (or at `--at`); an
//! accepted lead counts toward the campaign caps and duplicate checks of the lines after
//! it. A lead without a `LeadTypeUID` is a lead intake answers (`LeadType_ID_Missing`),
//! not an unusable line; a line that is not a lead (not JSON, wrong types) or that has no
//! instant to be answered at gets `{"Line": n, "error": ...}` and the exit code is 1.

use std::io::Write;
use std::path::Path;

use leadroute_engine::intake::Intake;
use leadroute_model::{parse_record, Lead};

use crate::jsonl::{error_line, read_lead, read_lines};
use crate::route::parse_at;
use crate::{read_bytes, Outcome};

/// Reads one posted lead; only a line that is not a lead at all is an error (the
/// message is the one `route` gives, naming the JSON path and column). A lead is a JSON
/// object: an array is refused before parsing, which would read it as the lead's
/// fields in order.
fn read_posted(line: &str) -> Result<Lead, String> {
    if !line.trim_start().starts_with('{') {
        return read_lead(line);
    }
    match parse_record::<Lead>(line) {
        Ok(l) => Ok(l),
        Err(_) => read_lead(line),
    }
}

/// `leadroute intake`.
pub(crate) fn run(
    snapshot: &Path,
    leads: &Path,
    at: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let at = match at.map(parse_at).transpose() {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return Outcome::Usage;
        }
    };
    let Some(snap) = crate::route::read_snapshot(snapshot, err) else {
        return Outcome::BadInput;
    };
    let mut intake = Intake::new(&snap);
    let errors = snap.problems.iter().filter(|p| p.is_error()).count()
        + intake.problems().iter().filter(|p| p.is_error()).count();
    for p in intake.problems().iter().filter(|p| p.is_error()) {
        let _ = writeln!(err, "{}: {}: {}", snapshot.display(), p.path, p.message);
    }
    if errors > 0 {
        let _ = writeln!(
            err,
            "{}: {errors} error(s) in records; `leadroute validate --snapshot {}` lists the snapshot's",
            snapshot.display(),
            snapshot.display()
        );
    }
    drop(snap);

    let Some(text) = read_bytes(leads, err) else {
        return Outcome::BadInput;
    };
    let mut bad = false;
    for line in read_lines(&text, read_posted) {
        let value = match line.item {
            Err(e) => {
                bad = true;
                let _ = writeln!(err, "{}:{}: {e}", leads.display(), line.number);
                error_line(line.number, &e)
            }
            Ok(lead) => match at.or(lead.date_received) {
                None => {
                    bad = true;
                    let e = "the lead has no DateReceived (give --at to answer it)";
                    let _ = writeln!(err, "{}:{}: {e}", leads.display(), line.number);
                    error_line(line.number, e)
                }
                Some(now) => serde_json::to_value(intake.intake(lead, now)).unwrap_or_default(),
            },
        };
        let _ = serde_json::to_writer(&mut *out, &value);
        let _ = writeln!(out);
    }
    if bad {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// Runs `leadroute intake` over a snapshot and JSON Lines text in a scratch folder.
    fn intake(snapshot: &Value, lines: &str, extra: &[&str]) -> (u8, Vec<Value>, String) {
        let dir = std::env::temp_dir().join(format!(
            "leadroute-cli-intake-{}-{}",
            std::process::id(),
            lines.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let s = dir.join("s.json");
        let l = dir.join("l.jsonl");
        std::fs::write(&s, snapshot.to_string()).unwrap();
        std::fs::write(&l, lines).unwrap();
        let mut args = vec![
            "leadroute".to_string(),
            "intake".into(),
            "--snapshot".into(),
            s.display().to_string(),
            "--leads".into(),
            l.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = crate::run(args, &mut out, &mut err);
        let _ = std::fs::remove_dir_all(&dir);
        let values = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (code, values, String::from_utf8(err).unwrap())
    }

    fn snapshot() -> Value {
        json!({
            "Settings": {"DefaultTimeZone": "America/Chicago"},
            "LeadTypes": [{"LeadTypeUID": 1, "DefaultDupSets": "Phone",
                "Fields": [{"LeadFieldUID": 1, "Descriptor": "Phone", "SpecialBit": "PrimaryPhone",
                            "Required": true, "InvalidChars": "[^0-9]"}]}],
            "LeadSources": [{"LPVendorUID": 3, "Status": "Active"}],
            "Campaigns": [{"VendorUID": 3, "VendorAccountUID": 30, "LeadTypeUID": 1,
                           "Status": "Active", "DayMax": 2, "DupDayMax": 7}],
            "Leads": [{"LeadUID": 1, "LeadTypeUID": 1, "VID": 3, "AID": 30,
                       "DateReceived": "2026-05-04T13:00:00Z", "Fields": {"Phone": "555-000-0001"}}]
        })
    }

    #[test]
    fn answers_each_line_and_counts_accepted_leads_toward_later_lines() {
        // DayMax 2 in America/Chicago (CDT, -5 h): the snapshot's lead (08:00 CDT) and
        // line 1 fill the day; line 3 is the day's third; line 4 is the next local day
        // (00:00 CDT on May 5 is 05:00Z) but repeats line 1's phone within 7 days.
        let lines = [
            r#"{"LeadUID": 10, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:00:00Z", "Fields": {"Phone": "(555) 000-0002"}}"#,
            r#"{"LeadUID": 11, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:00:00Z"}"#,
            r#"{"LeadUID": 12, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T16:00:00Z", "Fields": {"Phone": "5550000003"}}"#,
            "",
            r#"{"LeadUID": 13, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-05T05:00:00Z", "Fields": {"Phone": "555.000.0002"}}"#,
            r#"{"LeadUID": 14, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-05T05:00:00Z", "Fields": {"Phone": "555.000.0001"}}"#,
            r#"{"LeadUID": 15, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-05T05:00:00Z", "Fields": {"Phone": "5550000004"}}"#,
        ]
        .join("\n");
        let (code, out, _) = intake(&snapshot(), &lines, &[]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            vec![
                json!({"LeadUID": 10, "ResponseType": "No_Error", "ResponseDetails": ""}),
                json!({"LeadUID": 11, "ResponseType": "LeadType_ID_Missing", "ResponseDetails": "the lead has no LeadTypeUID"}),
                json!({"LeadUID": 12, "ResponseType": "Post_Over_Max",
                       "ResponseDetails": "campaign 30: DayMax 2 reached (2 leads accepted on 2026-05-04 (America/Chicago))"}),
                json!({"LeadUID": 13, "ResponseType": "Duplicate_Lead",
                       "ResponseDetails": "matches a lead accepted at 2026-05-04T15:00:00Z on Phone (duplicate set 1 of \"Phone\"), within DupDayMax 7 days"}),
                json!({"LeadUID": 14, "ResponseType": "Duplicate_Lead",
                       "ResponseDetails": "matches a lead accepted at 2026-05-04T13:00:00Z on Phone (duplicate set 1 of \"Phone\"), within DupDayMax 7 days"}),
                json!({"LeadUID": 15, "ResponseType": "No_Error", "ResponseDetails": ""}),
            ]
        );
    }

    #[test]
    fn unusable_lines_get_an_error_line_and_exit_1() {
        let lines = [
            r#"{"LeadUID": 10, "LeadTypeUID": 1, "VID": 3, "AID": 30, "Fields": {"Phone": "5550000002"}}"#,
            "{not json",
            r#"{"LeadUID": 12, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:00:00Z", "Fields": {"Phone": "5550000003"}}"#,
        ]
        .join("\n");
        let (code, out, err) = intake(&snapshot(), &lines, &[]);
        assert_eq!(code, 1);
        assert_eq!(out.len(), 3);
        assert_eq!(
            out[0],
            json!({"Line": 1, "error": "the lead has no DateReceived (give --at to answer it)"})
        );
        assert_eq!(out[1]["Line"], 2);
        assert!(
            out[1]["error"].as_str().unwrap().contains("invalid JSON"),
            "{}",
            out[1]
        );
        assert_eq!(out[2]["ResponseType"], "No_Error");
        assert!(err.contains("l.jsonl:2:"), "{err}");
        // With --at every lead has an instant.
        let (code, out, _) = intake(
            &snapshot(),
            r#"{"LeadUID": 10, "LeadTypeUID": 1, "VID": 3, "AID": 30, "Fields": {"Phone": "5550000002"}}"#,
            &["--at", "2026-05-04T15:00:00Z"],
        );
        assert_eq!(
            (code, out[0]["ResponseType"].clone()),
            (0, json!("No_Error"))
        );
        let (code, _, _) = intake(&snapshot(), "", &["--at", "yesterday"]);
        assert_eq!(code, 2);
    }
}
