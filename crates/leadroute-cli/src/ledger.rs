//! `leadroute ledger load` and the `--ledger URL` option of `route` and `scan`: a shared
//! ledger in Redis, so that many routing processes sell from the same caps, orders and
//! max sells (see the leadroute-redis crate for the guarantee and the key layout).

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use clap::Subcommand;
use leadroute_redis::RedisLedger;

use crate::route::parse_at;
use crate::Outcome;

/// How long a reservation made by `route --ledger` lives if its commit never comes (a
/// process killed between the two): its capacity comes back after this.
pub(crate) const HOLD: TimeDelta = TimeDelta::seconds(30);

/// `leadroute ledger ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum LedgerCommand {
    /// Load a snapshot's Sends into a shared ledger, once (a second load is refused: it
    /// would count every send twice).
    Load {
        /// The snapshot file (JSON) whose `Sends` are loaded.
        #[arg(long)]
        snapshot: PathBuf,
        /// The shared ledger, redis://host:port/db.
        #[arg(long)]
        ledger: String,
        /// The name the load is recorded under (default: the snapshot's file name).
        #[arg(long)]
        label: Option<String>,
        /// The instant window counts are kept back from (default: the latest DateSent).
        #[arg(long)]
        at: Option<String>,
    },
}

/// Opens the shared ledger of `--ledger`, or reports why it cannot be used.
pub(crate) fn open(url: &str, err: &mut dyn Write) -> Option<RedisLedger> {
    match RedisLedger::connect(url) {
        Ok(l) => Some(l),
        Err(e) => {
            let _ = writeln!(err, "--ledger: {e}");
            None
        }
    }
}

/// Runs a `ledger` subcommand.
pub(crate) fn run(cmd: LedgerCommand, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    match cmd {
        LedgerCommand::Load {
            snapshot,
            ledger,
            label,
            at,
        } => {
            let at = match at.as_deref().map(parse_at).transpose() {
                Ok(a) => a,
                Err(e) => {
                    let _ = writeln!(err, "{e}");
                    return Outcome::Usage;
                }
            };
            let Some(snap) = crate::route::read_snapshot(&snapshot, err) else {
                return Outcome::BadInput;
            };
            let Some(l) = open(&ledger, err) else {
                return Outcome::BadInput;
            };
            let label = label.unwrap_or_else(|| {
                snapshot.file_name().map_or_else(
                    || snapshot.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            });
            let now = at
                .or_else(|| snap.sends.iter().map(|s| s.date_sent).max())
                .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
            match l.load_sends(&snap.sends, &label, now) {
                Ok(r) => {
                    let _ = writeln!(
                        out,
                        "loaded {} send(s) of {} into {} ({} invalid send(s) skipped)",
                        r.loaded,
                        snapshot.display(),
                        l.target(),
                        r.skipped
                    );
                    Outcome::Success
                }
                Err(e) => {
                    let _ = writeln!(err, "{}: {e}", snapshot.display());
                    Outcome::BadInput
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use leadroute_redis::RedisServer;
    use serde_json::Value;

    const SNAPSHOT: &str = r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 7, "Status": "Active", "TimeZoneName": "UTC"},
              {"ClientUID": 8, "Status": "Active", "TimeZoneName": "UTC"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 30, "AutomationEnabled": true, "DayMax": 1,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 80, "ClientUID": 8, "Status": 12, "Price": 20, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}],
  "Sends": [{"LeadUID": 9, "ClientUID": 7, "ClientAccountUID": 70, "DateSent": "2026-03-08T15:00:00Z", "IsValid": true},
            {"LeadUID": 9, "ClientUID": 8, "ClientAccountUID": 80, "DateSent": "2026-03-08T15:00:00Z", "IsValid": false}]
}"#;

    fn lead(uid: i64) -> String {
        format!(
            r#"{{"LeadUID": {uid}, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:0{uid}:00Z", "Fields": {{"State": "TX"}}}}"#
        )
    }

    fn run(args: &[&str]) -> (u8, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut all = vec!["leadroute"];
        all.extend_from_slice(args);
        let code = crate::run(all, &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    fn sold(line: &str) -> Vec<i64> {
        let v: Value = serde_json::from_str(line).unwrap();
        v["Sold"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["ClientAccountUID"].as_i64().unwrap())
            .collect()
    }

    #[test]
    fn two_route_runs_share_the_day_cap_through_the_ledger_and_scan_sees_it() {
        let server = RedisServer::start().expect("redis-server");
        let url = server.url();
        let dir = std::env::temp_dir().join(format!("leadroute-cli-ledger-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let w = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p.to_str().unwrap().to_string()
        };
        let snap = w("s.json", SNAPSHOT);
        let (a, b, c) = (
            w("a.jsonl", &lead(1)),
            w("b.jsonl", &lead(2)),
            w("c.json", &lead(3)),
        );
        let (code, out, _) = run(&["ledger", "load", "--snapshot", &snap, "--ledger", &url]);
        assert_eq!(code, 0);
        assert!(
            out.contains("loaded 1 send(s)") && out.contains("1 invalid"),
            "{out}"
        );
        let (code, _, err) = run(&["ledger", "load", "--snapshot", &snap, "--ledger", &url]);
        assert_eq!(code, 1);
        assert!(err.contains("loaded already (s.json)"), "{err}");
        // Two separate runs (two engines) on one ledger: the second run's own view still
        // has room at account 70 (DayMax 1) on March 9, the ledger does not.
        let (code, out, _) = run(&[
            "route",
            "--snapshot",
            &snap,
            "--leads",
            &a,
            "--ledger",
            &url,
        ]);
        assert_eq!((code, sold(out.trim())), (0, vec![70]));
        let (code, out, _) = run(&[
            "route",
            "--snapshot",
            &snap,
            "--leads",
            &b,
            "--ledger",
            &url,
        ]);
        assert_eq!((code, sold(out.trim())), (0, vec![80]));
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["Unsold"], serde_json::json!({"day_max_reached": 1}));
        // Without the ledger the snapshot alone still has room at 70; with it, not.
        let eligible = |out: &str| -> Vec<i64> {
            let v: Value = serde_json::from_str(out).unwrap();
            v["Eligible"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["ClientAccountUID"].as_i64().unwrap())
                .collect()
        };
        let (code, out, _) = run(&["scan", "--snapshot", &snap, "--lead", &c]);
        assert_eq!((code, eligible(&out)), (0, vec![70, 80]));
        let (code, out, _) = run(&["scan", "--snapshot", &snap, "--lead", &c, "--ledger", &url]);
        assert_eq!((code, eligible(&out)), (0, vec![80]));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["Log"][0]["Reason"], "day_max_reached");
        // A ledger that does not answer: exit 1, the server named, nothing routed.
        drop(server);
        let (code, out, err) = run(&[
            "route",
            "--snapshot",
            &snap,
            "--leads",
            &a,
            "--ledger",
            &url,
        ]);
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.contains("--ledger: redis://127.0.0.1:") && err.contains("unavailable"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
