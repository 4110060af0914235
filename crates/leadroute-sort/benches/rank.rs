//! Measures ranking 1,000 eligible candidates (one per client) and taking the top 3,
//! per policy: the per-lead cost of step 2 when a lead needs few buyers. The stateful
//! policies run against a state populated by 2,000 recorded sales. Before timing, each
//! result is checked against the first three of a full ranking.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_sort::{
    list, rank, rank_top, Candidate, Miles, Policy, PolicyState, SortBy, SortDirection,
    TargetShare, Weight,
};
use rust_decimal::Decimal;

/// A small deterministic generator (64-bit LCG), so runs compare.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn candidates(n: usize) -> Vec<Candidate> {
    let mut rng = Lcg(42);
    let base = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).expect("ok: constant instant");
    (0..n)
        .map(|i| {
            let uid = 1_000 + (i as i64) * 7 % 10_007;
            let sent = (rng.next(10) > 0)
                .then(|| base + chrono::Duration::seconds(rng.next(1_000_000) as i64));
            Candidate::new(
                uid,
                uid * 10,
                Decimal::new(1_000 + rng.next(4_000) as i64, 2),
            )
            .with_client_priority(rng.next(5) as i32)
            .with_client_last_sent(sent)
            .with_weight(Weight::from(1 + rng.next(10) as u16))
            .with_target(TargetShare::from_percent(0.1).expect("ok: constant"))
            .with_distance(
                (rng.next(20) > 0)
                    .then(|| Miles::new(rng.next(50_000) as f64 / 100.0).expect("ok: finite")),
            )
            .with_name(format!("Client {}", rng.next(100_000)))
        })
        .collect()
}

fn bench_rank(c: &mut Criterion) {
    let cands = candidates(1_000);
    let mut state = PolicyState::new();
    for policy in [Policy::Weighted, Policy::Percentage] {
        for _ in 0..2_000 {
            let top = rank_top(policy, &state, &cands, 1)[0];
            state
                .record_sale(policy, &cands, cands[top].client_uid())
                .expect("ok: the buyer is a candidate");
        }
    }
    let mut group = c.benchmark_group("rank_1000_top_3");
    for &policy in Policy::ALL {
        let full = rank(policy, &state, &cands);
        assert_eq!(rank_top(policy, &state, &cands, 3), full[..3], "{policy}");
        group.bench_function(policy.as_str(), |b| {
            b.iter(|| rank_top(black_box(policy), &state, black_box(&cands), 3))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("list_1000_page_of_20");
    for &by in SortBy::ALL {
        let full = list(&cands, by, SortDirection::Descending, 0, cands.len());
        assert_eq!(
            list(&cands, by, SortDirection::Descending, 40, 20),
            full[40..60],
            "{by}"
        );
        group.bench_function(by.as_str(), |b| {
            b.iter(|| list(black_box(&cands), by, SortDirection::Descending, 40, 20))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_rank);
criterion_main!(benches);
