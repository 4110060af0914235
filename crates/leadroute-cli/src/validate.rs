//! `leadroute validate`: every problem of a snapshot, with its path.

use std::io::Write;
use std::path::Path;

use crate::{read_file, Outcome};

/// Loads the snapshot, prints its problems and returns 1 when any is an error.
pub(crate) fn run(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let Some(text) = read_file(path, err) else {
        return Outcome::BadInput;
    };
    let snapshot = leadroute_model::load_snapshot(&text);
    // Compiling the snapshot finds what loading cannot: criteria and schedules that do
    // not compile.
    let problems = &leadroute_engine::Engine::new(snapshot).problems();
    if json {
        let _ = serde_json::to_writer_pretty(&mut *out, problems);
        let _ = writeln!(out);
    } else if problems.is_empty() {
        let _ = writeln!(out, "{}: no problems", path.display());
    } else {
        for p in problems {
            let _ = writeln!(out, "{}: {p}", path.display());
        }
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let _ = writeln!(
            out,
            "{} error(s), {} warning(s)",
            errors,
            problems.len() - errors
        );
    }
    if problems.iter().any(leadroute_model::Problem::is_error) {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}
