//! A routing node in a child process: the process tests run this test binary again with
//! `--exact node::child_node` and a job in `LEADROUTE_REDIS_NODE`. Without the variable
//! (an ordinary test run) there is no job and the entry returns at once.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use chrono::TimeDelta;
use leadroute_engine::{Engine, ScanOptions};
use leadroute_redis::{RedisConfig, RedisLedger};
use serde_json::{json, Value};

use super::support::{leads, market};

/// The environment variable holding a node's job (JSON).
const JOB: &str = "LEADROUTE_REDIS_NODE";

/// Starts a node process with `job` (`url`, `prefix`, `leads`, `step`, `mode`, `out`).
pub fn spawn(job: &Value) -> Child {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([
            "--exact",
            "node::child_node",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(JOB, job.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start a node process")
}

/// The ledger a job names.
pub fn ledger(url: &str, prefix: &str) -> RedisLedger {
    let cfg = RedisConfig {
        prefix: prefix.to_string(),
        ..RedisConfig::default()
    };
    RedisLedger::with_config(url, cfg).expect("connect to the test server")
}

/// Runs the job of `LEADROUTE_REDIS_NODE`, if any.
///
/// - `route`: routes `leads` leads (one every `step` seconds, each at its
///   `DateReceived`) against the ledger and writes one JSON line per committed sale to
///   `out`, then a last line `{"done": decisions, "errors": n}`.
/// - `hang`: reserves the first lead's buyers, writes `{"reserved": [tokens]}` to `out`
///   and waits to be killed, never committing.
#[test]
fn child_node() {
    let Ok(text) = std::env::var(JOB) else {
        return;
    };
    let job: Value = serde_json::from_str(&text).expect("a node job is JSON");
    let s = |k: &str| job[k].as_str().unwrap_or_default().to_string();
    let ledger = ledger(&s("url"), &s("prefix"));
    let n = job["leads"].as_u64().unwrap_or(0) as usize;
    let stream = leads(n, job["step"].as_i64().unwrap_or(60));
    let mut engine = Engine::new(market());
    let opts = ScanOptions::automated();
    // The killed node holds briefly so that the test need not wait long for expiry.
    let ttl = if s("mode") == "hang" {
        TimeDelta::seconds(2)
    } else {
        TimeDelta::seconds(30)
    };
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(Path::new(&s("out"))).expect("create the node's output"),
    );
    if s("mode") == "hang" {
        let lead = &stream[0];
        let now = lead.date_received.expect("generated leads have a date");
        let r = engine
            .reserve_shared(lead, &opts, now, &ledger, ttl)
            .expect("reserve");
        let tokens: Vec<u64> = r.tokens().iter().map(|t| t.as_u64()).collect();
        writeln!(out, "{}", json!({"reserved": tokens})).unwrap();
        out.flush().unwrap();
        drop(out);
        std::thread::sleep(std::time::Duration::from_secs(120));
        std::process::exit(3);
    }
    let (mut done, mut errors) = (0u64, 0u64);
    for lead in &stream {
        let now = lead.date_received.expect("generated leads have a date");
        match engine.route_shared(lead, &opts, now, &ledger, ttl) {
            Ok(d) => {
                for sale in &d.sold {
                    let line = json!({
                        "lead": d.lead_uid,
                        "client": sale.client_uid,
                        "account": sale.client_account_uid,
                        "item": sale.client_order_item_uid,
                        "price": sale.price,
                        "exclusive": sale.exclusive,
                        "at": now.timestamp_millis(),
                    });
                    writeln!(out, "{line}").unwrap();
                }
            }
            Err(e) => {
                eprintln!("node: lead {}: {e}", lead.lead_uid);
                errors += 1;
            }
        }
        done += 1;
    }
    writeln!(out, "{}", json!({"done": done, "errors": errors})).unwrap();
    out.flush().unwrap();
}
