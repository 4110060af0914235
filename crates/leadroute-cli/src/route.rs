//! `leadroute route` and `leadroute scan`: decisions and scans as JSON.

use std::io::{IsTerminal, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use leadroute_engine::{Decision, Engine, Explain, RouteError, ScanOptions};
use leadroute_model::{load_snapshot, AccountType, Lead, Snapshot};

use crate::jsonl::{error_line, read_lead, read_lines};
use crate::{read_bytes, read_file, Outcome};

/// Reads and loads a snapshot file; a problem without a path (a syntax error, a
/// non-object document) makes it unusable and is reported with the file name.
pub(crate) fn read_snapshot(path: &Path, err: &mut dyn Write) -> Option<Snapshot> {
    let text = read_file(path, err)?;
    let snapshot = load_snapshot(&text);
    if snapshot
        .problems
        .iter()
        .any(|p| p.is_error() && p.path.is_empty())
    {
        for p in &snapshot.problems {
            let _ = writeln!(err, "{}: {p}", path.display());
        }
        return None;
    }
    Some(snapshot)
}

/// Loads a snapshot file into an engine; syntax errors make it unusable.
pub(crate) fn load_engine(path: &Path, err: &mut dyn Write) -> Option<Engine> {
    let snapshot = read_snapshot(path, err)?;
    let engine = Engine::new(snapshot);
    let problems = engine.problems();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        let _ = writeln!(
            err,
            "{}: {errors} error(s) in records that are left out or excluded as misconfigured; `leadroute validate --snapshot {}` lists them",
            path.display(),
            path.display()
        );
    }
    Some(engine)
}

/// Parses an RFC 3339 instant given on the command line.
pub(crate) fn parse_at(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("--at {text:?} is not an RFC 3339 instant: {e}"))
}

/// `leadroute route`; with `--ledger`, every sale is reserved and committed in that
/// shared ledger (one lead at a time, in the same order and at the same instants).
pub(crate) fn route(
    snapshot: &Path,
    leads: &Path,
    at: Option<&str>,
    explain: bool,
    ledger: Option<&str>,
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
    let Some(mut engine) = load_engine(snapshot, err) else {
        return Outcome::BadInput;
    };
    let Some(text) = read_bytes(leads, err) else {
        return Outcome::BadInput;
    };
    let shared = match ledger.map(|u| crate::ledger::open(u, err)) {
        Some(None) => return Outcome::BadInput,
        Some(Some(l)) => Some(l),
        None => None,
    };
    let lines = read_lines(&text, read_lead);
    let mut opts = ScanOptions::automated();
    if explain {
        opts.explain = Explain::AllReasons;
    }
    let good: Vec<Lead> = lines
        .iter()
        .filter_map(|l| l.item.as_ref().ok().cloned())
        .collect();
    // Each lead's decision, or why it has none; a lead whose sales were committed only in
    // part keeps its decision (the committed sales) and reports the rest as an error.
    let decisions: Vec<(Option<Decision>, Option<String>)> = match &shared {
        Some(l) => engine
            .route_batch_shared(&good, &opts, at, l, crate::ledger::HOLD)
            .into_iter()
            .map(|r| match r {
                Ok(d) => (Some(d), None),
                Err(e) => {
                    let text = e.to_string();
                    match e {
                        RouteError::Commit { decision, .. } => (Some(*decision), Some(text)),
                        _ => (None, Some(text)),
                    }
                }
            })
            .collect(),
        None => {
            let bar = progress_bar(good.len(), err);
            let decisions = engine.route_batch_with_progress(&good, &opts, at, &mut |n| {
                if let Some(b) = &bar {
                    b.set_position(n as u64);
                }
            });
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            decisions
                .into_iter()
                .map(|r| match r {
                    Ok(d) => (Some(d), None),
                    Err(e) => (None, Some(e.to_string())),
                })
                .collect()
        }
    };
    let mut bad = false;
    let mut next = decisions.into_iter();
    for l in &lines {
        let value = match &l.item {
            Err(e) => {
                bad = true;
                let _ = writeln!(err, "{}:{}: {e}", leads.display(), l.number);
                error_line(l.number, e)
            }
            Ok(_) => match next.next() {
                Some((d, e)) => {
                    if let Some(e) = &e {
                        bad = true;
                        let _ = writeln!(err, "{}:{}: {e}", leads.display(), l.number);
                    }
                    match (d, e) {
                        (Some(d), _) => serde_json::to_value(&d).unwrap_or_default(),
                        (None, e) => error_line(l.number, e.as_deref().unwrap_or("not routed")),
                    }
                }
                None => error_line(l.number, "not routed"),
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

/// Batches of at least this many leads show a progress bar (a second or more of work).
const PROGRESS_MIN_LEADS: usize = 2_000;

/// A progress bar on stderr for a long batch, only when stderr is a terminal (never in
/// pipes, files or tests, whose stderr is not one), so stdout stays pure JSON Lines.
/// It advances after each chunk the engine routes and is cleared when done.
fn progress_bar(len: usize, _err: &mut dyn Write) -> Option<indicatif::ProgressBar> {
    if len < PROGRESS_MIN_LEADS || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} routing {pos}/{len} leads [{bar:40}] {per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// The options of `leadroute scan`.
#[derive(Debug, Clone)]
pub(crate) struct ScanArgs<'a> {
    pub snapshot: &'a Path,
    pub lead: &'a Path,
    pub at: Option<&'a str>,
    pub scan_type: &'a str,
    pub automated: bool,
    pub allow_over_max: bool,
    pub ignore_exclusive: bool,
    pub force_ids: Vec<String>,
    pub explain: bool,
    pub ledger: Option<&'a str>,
}

/// `leadroute scan`.
pub(crate) fn scan(args: ScanArgs<'_>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let scan_type = match AccountType::parse(args.scan_type) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "--scan-type: {e}");
            return Outcome::Usage;
        }
    };
    let at = match args.at.map(parse_at).transpose() {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return Outcome::Usage;
        }
    };
    let Some(engine) = load_engine(args.snapshot, err) else {
        return Outcome::BadInput;
    };
    let Some(text) = read_file(args.lead, err) else {
        return Outcome::BadInput;
    };
    let lead = match read_lead(text.trim()) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", args.lead.display());
            return Outcome::BadInput;
        }
    };
    let Some(now) = at.or(lead.date_received) else {
        let _ = writeln!(
            err,
            "{}: the lead has no DateReceived; give --at",
            args.lead.display()
        );
        return Outcome::BadInput;
    };
    let opts = ScanOptions {
        scan_type,
        automated: args.automated,
        allow_over_max: args.allow_over_max,
        ignore_exclusive: args.ignore_exclusive,
        force_ids: args.force_ids,
        explain: if args.explain {
            Explain::AllReasons
        } else {
            Explain::FirstReason
        },
    };
    let result = match args.ledger {
        None => engine.scan(&lead, &opts, now).map_err(|e| e.to_string()),
        Some(url) => {
            let Some(l) = crate::ledger::open(url, err) else {
                return Outcome::BadInput;
            };
            engine
                .scan_shared(&lead, &opts, now, &l)
                .map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(r) => {
            let _ = serde_json::to_writer_pretty(&mut *out, &r);
            let _ = writeln!(out);
            for note in &r.notes {
                let _ = writeln!(err, "note: {note}");
            }
            Outcome::Success
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", args.lead.display());
            Outcome::BadInput
        }
    }
}
