//! `leadroute eval` and `leadroute escalate`: one JSON case per line in, one answer per
//! line out.

use std::io::Write;
use std::path::Path;

use crate::jsonl::{error_line, read_lines};
use crate::{read_bytes, Outcome};

/// What a command answers for a case the library rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejected {
    /// `{"error": ...}` as the line's answer (`eval`: SPEC.md 11 lists it among the
    /// answers, e.g. for a criterion that does not compile).
    Answer,
    /// `{"Line": n, "error": ...}` and exit 1: the line cannot be used (`escalate`: a
    /// case without a usable schedule, zone, instant or duration has nothing to answer,
    /// and `open_seconds` with `to` before `from` is an error, SPEC.md 10).
    UnusableLine,
}

/// Runs `answer` over every line of `input`; a line that is not a JSON object (not
/// JSON, or an array, a string, ...) cannot be used and gets `{"Line": n, "error": ...}`
/// (exit 1, SPEC.md 11); a case the library rejects answers as `rejected` says.
pub(crate) fn run<E: std::fmt::Display>(
    input: &Path,
    rejected: Rejected,
    answer: impl Fn(&serde_json::Value) -> Result<serde_json::Value, E>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let Some(text) = read_bytes(input, err) else {
        return Outcome::BadInput;
    };
    let lines = read_lines(&text, |l| {
        match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) if v.is_object() => Ok(v),
            Ok(_) => Err("a case must be a JSON object".to_string()),
            Err(e) => Err(format!("not JSON: {e}")),
        }
    });
    let mut bad = false;
    for l in lines {
        // The line's answer, or why it cannot be used.
        let answered = l.item.and_then(|case| match (answer(&case), rejected) {
            (Ok(v), _) => Ok(v),
            (Err(e), Rejected::Answer) => Ok(serde_json::json!({"error": e.to_string()})),
            (Err(e), Rejected::UnusableLine) => Err(e.to_string()),
        });
        let v = answered.unwrap_or_else(|e| {
            bad = true;
            let _ = writeln!(err, "{}:{}: {e}", input.display(), l.number);
            error_line(l.number, &e)
        });
        let _ = serde_json::to_writer(&mut *out, &v);
        let _ = writeln!(out);
    }
    if bad {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}
