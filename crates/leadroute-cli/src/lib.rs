//! The leadroute command line: argument parsing, file reading and JSON output over the
//! library crates.
//!
//! This crate is the only place that prints, reads files or uses a catch-all error;
//! every decision is made by the libraries. Argument parsing only validates: each
//! command turns its arguments into a resolved configuration and calls the library.
//!
//! Exit codes (SPEC.md section 11): 0 success, 1 bad input (the message names the
//! file, line and field), 2 usage.
//!
//! # Example
//!
//! ```
//! use std::io::Write;
//! let dir = std::env::temp_dir().join(format!("leadroute-cli-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("s.json");
//! std::fs::File::create(&path).unwrap().write_all(br#"{"Clients": [{"ClientUID": 1, "Status": "Active"}]}"#).unwrap();
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let code = leadroute_cli::run(["leadroute", "validate", "--snapshot", path.to_str().unwrap()], &mut out, &mut err);
//! assert_eq!(code, 0);
//! assert!(String::from_utf8(out).unwrap().contains("no problems"));
//! ```

mod cases;
mod demo;
mod intake;
mod jsonl;
mod ledger;
mod replay;
mod route;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The `leadroute` command line.
#[derive(Debug, Parser)]
#[command(
    name = "leadroute",
    version,
    about = "Lead distribution engine: route, scan, explain, validate."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a seeded demo market, route its week of leads and print a summary.
    Demo {
        /// Delivery accounts in the market.
        #[arg(long, default_value_t = 5_000)]
        accounts: usize,
        /// Clients owning them (default: two for every five accounts).
        #[arg(long)]
        clients: Option<usize>,
        /// Leads arriving over the week.
        #[arg(long, default_value_t = 100_000)]
        leads: usize,
        /// Seed of every random choice: the same seed gives the same market.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Also write the market to this directory as snapshot.json and leads.jsonl.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Route the same leads under a draft and a baseline snapshot and report what changes.
    Replay {
        /// The configuration to try (snapshot JSON).
        #[arg(long)]
        snapshot: PathBuf,
        /// The configuration in use (snapshot JSON).
        #[arg(long)]
        baseline: PathBuf,
        /// The leads, one JSON object per line.
        #[arg(long)]
        leads: PathBuf,
        /// Clients and changed leads to list in text output (JSON lists every one).
        #[arg(long, default_value_t = 20)]
        show: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Route leads (JSON Lines) and write one decision per lead.
    Route {
        /// The snapshot file (JSON).
        #[arg(long)]
        snapshot: PathBuf,
        /// The leads, one JSON object per line.
        #[arg(long)]
        leads: PathBuf,
        /// Route every lead at this RFC 3339 instant (default: each at its DateReceived).
        #[arg(long)]
        at: Option<String>,
        /// Add the per-account log with every failing reason.
        #[arg(long)]
        explain: bool,
        /// Reserve every sale in this shared ledger (redis://host:port/db), so that many
        /// routing processes share caps, orders and max sell.
        #[arg(long)]
        ledger: Option<String>,
    },
    /// Scan one lead: every eligible account best first, and why each other one is not.
    Scan {
        /// The snapshot file (JSON).
        #[arg(long)]
        snapshot: PathBuf,
        /// The lead (one JSON object).
        #[arg(long)]
        lead: PathBuf,
        /// Scan at this RFC 3339 instant (default: the lead's DateReceived).
        #[arg(long)]
        at: Option<String>,
        /// General (web/chat), Redirect, LiveCall or IVR.
        #[arg(long, default_value = "General")]
        scan_type: String,
        /// Only accounts with AutomationEnabled.
        #[arg(long)]
        automated: bool,
        /// Ignore the lead's max sell.
        #[arg(long)]
        allow_over_max: bool,
        /// Ignore exclusivity.
        #[arg(long)]
        ignore_exclusive: bool,
        /// Force ids (repeat, or separate with | or ,).
        #[arg(long = "force-id")]
        force_ids: Vec<String>,
        /// List every failing reason of each account.
        #[arg(long)]
        explain: bool,
        /// Check caps, orders and max sell against this shared ledger
        /// (redis://host:port/db) instead of the snapshot's sends alone.
        #[arg(long)]
        ledger: Option<String>,
    },
    /// Work with a shared ledger (Redis).
    Ledger {
        #[command(subcommand)]
        action: ledger::LedgerCommand,
    },
    /// Evaluate single criteria, one JSON case per line.
    Eval {
        /// The cases (JSON Lines).
        #[arg(long)]
        input: PathBuf,
    },
    /// Compute escalation deadlines, open seconds and next openings, one case per line.
    Escalate {
        /// The cases (JSON Lines).
        #[arg(long)]
        input: PathBuf,
    },
    /// Answer posted leads as their campaigns' intake would (SPEC.md 9), one line each.
    Intake {
        /// The snapshot file (JSON), with earlier accepted leads in `Leads`.
        #[arg(long)]
        snapshot: PathBuf,
        /// The posted leads, one JSON object per line, answered in file order.
        #[arg(long)]
        leads: PathBuf,
        /// Answer every lead at this RFC 3339 instant (default: each at its DateReceived).
        #[arg(long)]
        at: Option<String>,
    },
    /// List every problem of a snapshot with its path; exit 1 if any is an error.
    Validate {
        /// The snapshot file (JSON).
        #[arg(long)]
        snapshot: PathBuf,
        /// Print the problems as a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The outcome of a command: an exit code, with the error already reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Success = 0,
    BadInput = 1,
    Usage = 2,
}

/// Runs the command line with `args` (the first is the program name), writing to
/// `out` and `err`, and returns the exit code.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Outcome::Usage
            } else {
                Outcome::Success
            };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = write!(err, "{text}");
            } else {
                let _ = write!(out, "{text}");
            }
            return code as u8;
        }
    };
    let outcome = match cli.command {
        Command::Demo {
            accounts,
            clients,
            leads,
            seed,
            write,
            json,
        } => demo::run(
            &demo::DemoArgs {
                seed,
                accounts,
                clients,
                leads,
                write,
                json,
            },
            out,
            err,
        ),
        Command::Replay {
            snapshot,
            baseline,
            leads,
            show,
            json,
        } => replay::run(
            &replay::ReplayArgs {
                draft: snapshot,
                baseline,
                leads,
                show,
                json,
            },
            out,
            err,
        ),
        Command::Validate { snapshot, json } => validate::run(&snapshot, json, out, err),
        Command::Intake {
            snapshot,
            leads,
            at,
        } => intake::run(&snapshot, &leads, at.as_deref(), out, err),
        Command::Route {
            snapshot,
            leads,
            at,
            explain,
            ledger,
        } => route::route(
            &snapshot,
            &leads,
            at.as_deref(),
            explain,
            ledger.as_deref(),
            out,
            err,
        ),
        Command::Ledger { action } => ledger::run(action, out, err),
        Command::Scan {
            snapshot,
            lead,
            at,
            scan_type,
            automated,
            allow_over_max,
            ignore_exclusive,
            force_ids,
            explain,
            ledger,
        } => route::scan(
            route::ScanArgs {
                snapshot: &snapshot,
                lead: &lead,
                at: at.as_deref(),
                scan_type: &scan_type,
                automated,
                allow_over_max,
                ignore_exclusive,
                force_ids,
                explain,
                ledger: ledger.as_deref(),
            },
            out,
            err,
        ),
        Command::Eval { input } => cases::run(
            &input,
            cases::Rejected::Answer,
            |c| {
                leadroute_criteria::eval_case(c)
                    .map(|o| serde_json::to_value(o).unwrap_or_default())
            },
            out,
            err,
        ),
        Command::Escalate { input } => cases::run(
            &input,
            cases::Rejected::UnusableLine,
            leadroute_escalation::answer_case,
            out,
            err,
        ),
    };
    outcome as u8
}

/// Runs the command line with the process's arguments and standard streams.
pub fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let code = run(std::env::args_os(), &mut out, &mut err);
    let _ = out.flush();
    ExitCode::from(code)
}

/// Reads a whole file as bytes (JSON Lines input, decoded line by line), or reports
/// which file could not be read.
pub(crate) fn read_bytes(path: &std::path::Path, err: &mut dyn Write) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(t) => Some(t),
        Err(e) => {
            let _ = writeln!(err, "{}: cannot read: {e}", path.display());
            None
        }
    }
}

/// Reads a whole file, or reports which file could not be read.
pub(crate) fn read_file(path: &std::path::Path, err: &mut dyn Write) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) => {
            let _ = writeln!(err, "{}: cannot read: {e}", path.display());
            None
        }
    }
}
