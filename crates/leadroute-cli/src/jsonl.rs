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

/// Splits `bytes` into non-blank lines (`\n`, or `\r\n`) and reads each with `read`.
/// Each line is decoded on its own: a line that is not UTF-8 cannot be used, and the
/// others still are (SPEC.md 11 and 12).
pub(crate) fn read_lines<T>(
    bytes: &[u8],
    read: impl Fn(&str) -> Result<T, String>,
) -> Vec<Line<T>> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
        .filter_map(|(number, l)| match std::str::from_utf8(l) {
            Ok(t) if t.trim().is_empty() => None,
            Ok(t) => Some(Line {
                number,
                item: read(t),
            }),
            Err(e) => Some(Line {
                number,
                item: Err(format!(
                    "the line is not valid UTF-8 (at byte {} of the line)",
                    e.valid_up_to()
                )),
            }),
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
