//! A steady loop for profiling one-lead routing: the market of the `route` bench
//! (10,000 accounts, 5 criteria each, 1,000,000 sends, 2,000 leads of a demo day), each
//! lead routed at its `DateReceived` without recording, over and over for a few
//! seconds. Prints the mean time per lead of each pass, so that a change can be judged
//! on many passes rather than on one criterion estimate, and so that `perf record`
//! sees routing alone after the build.
//!
//! `cargo run --release -p leadroute-engine --example route_loop -- [ACCOUNTS] [SECONDS]`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;
use std::time::{Duration, Instant};

use leadroute_engine::{Engine, Record, ScanOptions};

#[path = "../benches/support/market.rs"]
mod support;

fn main() {
    let mut args = std::env::args().skip(1);
    let accounts: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let built = Instant::now();
    let m = support::market(accounts, 1_000_000, 2_000, 1);
    let leads: Vec<_> = m
        .leads
        .into_iter()
        .filter_map(|l| l.date_received.map(|t| (l, t)))
        .collect();
    let mut engine = Engine::new(m.snapshot);
    eprintln!(
        "built {accounts} accounts, {} leads in {:.1} s",
        leads.len(),
        built.elapsed().as_secs_f64()
    );
    let opts = ScanOptions::automated();
    let first = Instant::now();
    if let Some((l, at)) = leads.first() {
        black_box(engine.route(l, &opts, *at, Record::No).ok());
    }
    eprintln!(
        "first lead routed in {:.3} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut passes = Vec::new();
    while Instant::now() < until {
        let t = Instant::now();
        let mut sold = 0usize;
        for (l, at) in &leads {
            let d = engine
                .route(black_box(l), &opts, *at, Record::No)
                .expect("bench leads have known lead types");
            sold += d.sold.len();
        }
        let per_lead = t.elapsed().as_secs_f64() * 1e6 / leads.len() as f64;
        passes.push(per_lead);
        black_box(sold);
    }
    passes.sort_by(f64::total_cmp);
    let median = passes[passes.len() / 2];
    println!(
        "{} passes of {} leads: per lead median {median:.1} us, min {:.1} us, max {:.1} us",
        passes.len(),
        leads.len(),
        passes[0],
        passes[passes.len() - 1]
    );
}
