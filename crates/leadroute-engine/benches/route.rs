//! Routing one lead (SPEC.md 4 and 8), single-threaded.
//!
//! - `route_one_lead/10k_accounts_1M_sends` measures [`Engine::route`] of one lead
//!   against 10,000 delivery accounts with 5 criteria each (demo-generated buyers:
//!   realistic selectivity) and a 1,000,000-send ledger: every check of the scan
//!   (status, force ids, distribution list, criteria, schedule, caps, orders, max
//!   sell, exclusivity) and the ranking, without recording (so every iteration sees
//!   the same ledger). It cycles through 2,000 leads of a demo day, each at its
//!   `DateReceived`. Target: median <= 25 us.
//! - `route_scaling/{1000,10000,100000}` is the same measurement for 1,000, 10,000 and
//!   100,000 accounts (ledger of 1,000,000 sends each), to show how cost grows.
//!
//! Checks: before timing, each lead's decision is computed once; a realistic share of
//! leads sells, and after timing the decisions are unchanged (the engine is not
//! mutated by `Record::No`). The selectivity (how many accounts of the lead's type
//! fail on which check) is printed once per market.
//!
//! `cargo bench -p leadroute-engine --bench route`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use leadroute_engine::{Decision, Engine, Reason, ReasonCounts, Record, ScanOptions};
use leadroute_model::Lead;

#[path = "support/market.rs"]
mod support;

/// An engine over a market of `accounts` accounts and 1,000,000 sends, its leads with
/// their instants, and each lead's decision.
fn setup(accounts: usize) -> Setup {
    let m = support::market(accounts, 1_000_000, 2_000, 1);
    let leads: Vec<(Lead, DateTime<Utc>)> = m
        .leads
        .into_iter()
        .filter_map(|l| l.date_received.map(|t| (l, t)))
        .collect();
    let mut engine = Engine::new(m.snapshot);
    let opts = ScanOptions::automated();
    let decisions: Vec<Decision> = leads
        .iter()
        .map(|(l, t)| {
            engine
                .route(l, &opts, *t, Record::No)
                .expect("demo leads have known lead types")
        })
        .collect();
    let sold = decisions.iter().filter(|d| !d.sold.is_empty()).count();
    let mut counts = ReasonCounts::default();
    for d in &decisions {
        counts.merge(&d.unsold);
    }
    let per_lead = |r: Reason| f64::from(counts.get(r)) / decisions.len() as f64;
    eprintln!(
        "{accounts} accounts: {} leads, {:.1}% sold, {:.2} buyers per sold lead; per lead: \
         {:.0} other lead type, {:.0} criteria_failed, {:.0} outside_delivery_hours, \
         {:.1} cap full, {:.1} order, {:.1} other",
        decisions.len(),
        100.0 * sold as f64 / decisions.len() as f64,
        decisions.iter().map(|d| d.sold.len()).sum::<usize>() as f64 / sold.max(1) as f64,
        per_lead(Reason::LeadTypeMismatch),
        per_lead(Reason::CriteriaFailed),
        per_lead(Reason::OutsideDeliveryHours),
        per_lead(Reason::HourMaxReached)
            + per_lead(Reason::DayMaxReached)
            + per_lead(Reason::WeekMaxReached)
            + per_lead(Reason::MonthMaxReached),
        per_lead(Reason::OrderRequired) + per_lead(Reason::OrderExhausted),
        Reason::ALL
            .iter()
            .filter(|r| {
                !matches!(
                    r,
                    Reason::LeadTypeMismatch
                        | Reason::CriteriaFailed
                        | Reason::OutsideDeliveryHours
                        | Reason::HourMaxReached
                        | Reason::DayMaxReached
                        | Reason::WeekMaxReached
                        | Reason::MonthMaxReached
                        | Reason::OrderRequired
                        | Reason::OrderExhausted
                )
            })
            .map(|r| per_lead(*r))
            .sum::<f64>(),
    );
    assert!(
        sold * 3 > decisions.len(),
        "a lived-in market sells most leads: {sold} of {}",
        decisions.len()
    );
    (engine, leads, decisions)
}

/// What one market's measurement needs: the engine, the leads with their instants, and
/// each lead's decision.
type Setup = (Engine, Vec<(Lead, DateTime<Utc>)>, Vec<Decision>);

/// Times routing cycling through the leads of a market of `accounts` accounts (built
/// only when the benchmark is selected), then checks the decisions are unchanged.
fn bench_route(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: BenchmarkId,
    accounts: usize,
) {
    let opts = ScanOptions::automated();
    let mut state: Option<Setup> = None;
    let mut i = 0usize;
    g.bench_function(id, |b| {
        let (engine, leads, _) = state.get_or_insert_with(|| setup(accounts));
        b.iter(|| {
            let (l, t) = &leads[i % leads.len()];
            i += 1;
            black_box(engine.route(black_box(l), &opts, *t, Record::No))
        })
    });
    if let Some((mut engine, leads, expected)) = state {
        for ((l, t), want) in leads.iter().zip(&expected).step_by(7) {
            let got = engine.route(l, &opts, *t, Record::No).expect("routable");
            assert_eq!(&got, want, "lead {}", l.lead_uid);
        }
    }
}

fn one_lead(c: &mut Criterion) {
    let mut g = c.benchmark_group("route_one_lead");
    bench_route(
        &mut g,
        BenchmarkId::from_parameter("10k_accounts_1M_sends"),
        10_000,
    );
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("route_scaling");
    for accounts in [1_000usize, 10_000, 100_000] {
        bench_route(&mut g, BenchmarkId::from_parameter(accounts), accounts);
    }
    g.finish();
}

criterion_group!(benches, one_lead, scaling);
criterion_main!(benches);
