//! Reading JSON Lines input: one value per line, each bad line reported on its own.
//!
//! A line that cannot be used gets `{"Line": n, "error": "..."}` as its output line;
//! the other lines are processed and the command exits 1 (SPEC.md section 11). Blank
//! lines are skipped.

use leadroute_model::{parse_record, Lead};
use serde_json::json;

/// One input line: its 1-based number and what it held.
#[derive(Debug)]
pub(crate) struct Line<T> {
    pub number: usize,
    pub item: Result<T, String>,
}

/// Splits `text` into non-blank lines and reads each with `read`.
pub(crate) fn read_lines<T>(text: &str, read: impl Fn(&str) -> Result<T, String>) -> Vec<Line<T>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Line {
            number: i + 1,
            item: read(l),
        })
        .collect()
}

/// Reads one lead; a lead is a JSON object (SPEC.md 11.1) and needs a `LeadTypeUID` to
/// be routed or scanned. An array is refused before parsing, which would otherwise
/// read it as the lead's fields in order.
pub(crate) fn read_lead(line: &str) -> Result<Lead, String> {
    if !line.trim_start().starts_with('{') {
        return Err("a lead must be a JSON object".to_string());
    }
    let lead: Lead = parse_record(line).map_err(|p| {
        let path = if p.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", p.path)
        };
        match p.column {
            Some(c) => format!("{path}{} (column {c})", p.message),
            None => format!("{path}{}", p.message),
        }
    })?;
    if lead.lead_type_uid.is_none() {
        return Err("LeadTypeUID is missing".to_string());
    }
    Ok(lead)
}

/// The output line for an input line that could not be used.
pub(crate) fn error_line(number: usize, message: &str) -> serde_json::Value {
    json!({"Line": number, "error": message})
}
