//! `leadroute eval` and `leadroute escalate`: one JSON case per line in, one answer per
//! line out.

use std::io::Write;
use std::path::Path;

use crate::jsonl::{error_line, read_lines};
use crate::{read_file, Outcome};

/// Runs `answer` over every line of `input`; a line that is not a JSON object (not
/// JSON, or an array, a string, ...) cannot be used and gets `{"Line": n, "error": ...}`
/// (exit 1, SPEC.md 11); a case the library rejects gets `{"error": ...}`.
pub(crate) fn run<E: std::fmt::Display>(
    input: &Path,
    answer: impl Fn(&serde_json::Value) -> Result<serde_json::Value, E>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let Some(text) = read_file(input, err) else {
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
        let v = match l.item {
            Err(e) => {
                bad = true;
                let _ = writeln!(err, "{}:{}: {e}", input.display(), l.number);
                error_line(l.number, &e)
            }
            Ok(case) => match answer(&case) {
                Ok(v) => v,
                Err(e) => serde_json::json!({"error": e.to_string()}),
            },
        };
        let _ = serde_json::to_writer(&mut *out, &v);
        let _ = writeln!(out);
    }
    if bad {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}
