//! Measures `load_snapshot` on the performance-target snapshot: 10,000 delivery
//! accounts with 5 criteria each, 2,000 clients, 5,000 orders and 1,000,000 ledger
//! sends, generated deterministically (about 190 MB of JSON). Every iteration checks
//! that all records loaded and nothing was reported. Target: <= 1.5 s per load.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/snapshot_gen.rs"]
mod snapshot_gen;

fn load(c: &mut Criterion) {
    let shape = snapshot_gen::TARGET;
    let text = snapshot_gen::generate(shape);
    let mut group = c.benchmark_group("load_snapshot");
    group.sample_size(10);
    group.bench_function("target_10k_accounts_1m_sends", |b| {
        b.iter(|| {
            let snapshot = leadroute_model::load_snapshot(std::hint::black_box(&text));
            assert!(
                snapshot.problems.is_empty(),
                "{:?}",
                snapshot.problems.first()
            );
            assert_eq!(snapshot.clients.len(), shape.clients);
            assert_eq!(snapshot.delivery_accounts.len(), shape.accounts);
            assert_eq!(
                snapshot
                    .delivery_accounts
                    .iter()
                    .map(|a| a.criteria.len())
                    .sum::<usize>(),
                shape.accounts * shape.criteria
            );
            assert_eq!(snapshot.orders.len(), shape.orders);
            assert_eq!(snapshot.sends.len(), shape.sends);
            snapshot
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
