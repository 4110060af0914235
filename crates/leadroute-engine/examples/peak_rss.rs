//! Peak memory of an engine over 100,000 delivery accounts (5 criteria each, 40,000
//! clients, demo-generated) and a 10,000,000-send ledger. Target: <= 1.5 GB.
//!
//! Builds the market (the bench support's generator), then the engine from it, then
//! routes 2,000 leads (recording the sales), and prints the process's resident set
//! (`VmRSS`) and peak resident set (`VmHWM`, from `/proc/self/status`, Linux only) after
//! each step. The peak includes the input snapshot itself (its 10,000,000 `Send`
//! records, which the engine consumes), so it is what a host holding the snapshot and
//! then the engine pays at most.
//!
//! The market generator's own peak (its JSON text and records, built and parsed before
//! the snapshot exists) is not the engine's: once the snapshot is in memory the peak is
//! reset (writing `5` to `/proc/self/clear_refs`, Linux 4.0 and later), so the peaks
//! printed after that are those of holding the snapshot, building the engine and routing.
//!
//! Checks: the snapshot has the requested shape, and routing sells leads.
//!
//! `cargo run --release -p leadroute-engine --example peak_rss`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::time::Instant;

use leadroute_engine::{Engine, ScanOptions};

#[path = "../benches/support/market.rs"]
mod support;

fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report(step: &str) {
    match (status_kb("VmRSS:"), status_kb("VmHWM:")) {
        (Some(rss), Some(hwm)) => println!(
            "{step:<40} RSS {:>7.1} MB   peak RSS {:>7.1} MB",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        ),
        _ => println!("{step:<40} /proc/self/status is not available here"),
    }
}

fn main() {
    const ACCOUNTS: usize = 100_000;
    const SENDS: usize = 10_000_000;
    report("start");
    let t = Instant::now();
    let m = support::market(ACCOUNTS, SENDS, 2_000, 1);
    assert_eq!(m.snapshot.delivery_accounts.len(), ACCOUNTS);
    assert_eq!(m.snapshot.sends.len(), SENDS);
    assert!(m
        .snapshot
        .delivery_accounts
        .iter()
        .all(|a| a.criteria.len() == 5));
    println!("market generated in {:.1} s", t.elapsed().as_secs_f64());
    report("snapshot in memory");
    if std::fs::write("/proc/self/clear_refs", "5").is_ok() {
        report("peak reset (generator done)");
    } else {
        println!("the peak could not be reset: later peaks include the generator's");
    }
    let t = Instant::now();
    let mut engine = Engine::new(m.snapshot);
    println!("engine built in {:.1} s", t.elapsed().as_secs_f64());
    report("engine built (snapshot consumed)");
    let t = Instant::now();
    let decisions = engine.route_batch(&m.leads, &ScanOptions::automated(), None);
    let sold = decisions
        .iter()
        .filter(|d| d.as_ref().is_ok_and(|d| !d.sold.is_empty()))
        .count();
    println!(
        "{} leads routed in {:.2} s, {sold} sold",
        decisions.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(
        sold * 3 > decisions.len(),
        "{sold} of {} sold",
        decisions.len()
    );
    report("after routing");
    drop(engine);
}
