//! Batch routing (SPEC.md 8): `route_batch/100k_leads_10k_accounts` measures
//! [`Engine::route_batch`] of a week of 100,000 demo leads against 10,000 delivery
//! accounts (5 criteria each) and a 1,000,000-send ledger, on rayon's global pool (all
//! cores of the machine: 2 on the reference machine). Each iteration routes the whole
//! batch on a fresh engine (built outside the timing), recording every sale, so the
//! reported throughput is leads per second of the parallel prescan plus the sequential
//! pass. Target: >= 40,000 leads/s.
//!
//! Checks: every lead gets a decision, a realistic share sells, and every iteration
//! gives exactly the first iteration's decisions (the batch is deterministic).
//!
//! `cargo bench -p leadroute-engine --bench batch`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leadroute_engine::{Decision, Engine, LeadError, ScanOptions};

#[path = "support/market.rs"]
mod support;

fn batch(c: &mut Criterion) {
    let m = support::market(10_000, 1_000_000, 100_000, 7);
    let leads = m.leads;
    let snapshot = m.snapshot;
    let opts = ScanOptions::automated();
    let reference: Vec<Result<Decision, LeadError>> =
        Engine::new(snapshot.clone()).route_batch(&leads, &opts, None);
    assert_eq!(reference.len(), leads.len());
    let sold = reference
        .iter()
        .filter(|d| d.as_ref().is_ok_and(|d| !d.sold.is_empty()))
        .count();
    eprintln!(
        "batch: {} leads, {} sold ({:.1}%), {} rayon threads",
        leads.len(),
        sold,
        100.0 * sold as f64 / leads.len() as f64,
        rayon::current_num_threads()
    );
    assert!(sold * 3 > leads.len(), "{sold} of {} sold", leads.len());

    let mut g = c.benchmark_group("route_batch");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.throughput(Throughput::Elements(leads.len() as u64));
    let mut runs = 0usize;
    g.bench_function("100k_leads_10k_accounts", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut engine = Engine::new(snapshot.clone());
                let t = Instant::now();
                let out = engine.route_batch(black_box(&leads), &opts, None);
                total += t.elapsed();
                assert!(out == reference, "a batch differs from the first one");
                runs += 1;
            }
            total
        })
    });
    g.finish();
    assert!(runs > 0);
}

criterion_group!(benches, batch);
criterion_main!(benches);
