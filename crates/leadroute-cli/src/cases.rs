//! `leadroute eval` and `leadroute escalate`: one JSON case per line in, one answer per
//! line out.

use std::io::Write;
use std::path::Path;

use crate::jsonl::{error_line, read_lines};
use crate::{read_file, Outcome};

/// Runs `answer` over every line of `input`; a line that is not JSON gets
/// `{"Line": n, "error": ...}`, a case the library rejects gets `{"error": ...}`.
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
        serde_json::from_str::<serde_json::Value>(l).map_err(|e| format!("not JSON: {e}"))
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
