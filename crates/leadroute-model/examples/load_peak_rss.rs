//! Peak memory of loading the performance-target snapshot (10,000 delivery accounts x 5
//! criteria, 2,000 clients, 5,000 orders, 1,000,000 sends).
//!
//! Generates the same text as the `load` bench, loads it once, checks the counts, and
//! prints the load time and the process's peak resident set (`VmHWM` from
//! `/proc/self/status`, Linux only), which includes the generated text itself.
//!
//! `cargo run --release -p leadroute-model --example load_peak_rss`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::time::Instant;

#[path = "../benches/support/snapshot_gen.rs"]
mod snapshot_gen;

fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let shape = snapshot_gen::TARGET;
    let text = snapshot_gen::generate(shape);
    let before = status_kb("VmHWM:");
    let start = Instant::now();
    let snapshot = leadroute_model::load_snapshot(&text);
    let elapsed = start.elapsed();
    assert!(
        snapshot.problems.is_empty(),
        "{:?}",
        snapshot.problems.first()
    );
    assert_eq!(snapshot.clients.len(), shape.clients);
    assert_eq!(snapshot.delivery_accounts.len(), shape.accounts);
    assert_eq!(snapshot.orders.len(), shape.orders);
    assert_eq!(snapshot.sends.len(), shape.sends);
    let after = status_kb("VmHWM:");
    println!("text: {:.1} MB", text.len() as f64 / 1e6);
    println!("load_snapshot: {:.3} s", elapsed.as_secs_f64());
    match (before, after) {
        (Some(b), Some(a)) => println!(
            "peak RSS (VmHWM): {:.1} MB before loading, {:.1} MB after",
            b as f64 / 1024.0,
            a as f64 / 1024.0
        ),
        _ => println!("peak RSS: /proc/self/status is not available here"),
    }
    drop(snapshot);
}
