//! Measures generating the default demo market (5,000 accounts, 2,000 clients,
//! 100,000 leads over a week) and writing it as a snapshot and JSON Lines.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_demo::{generate, MarketConfig};

fn bench(c: &mut Criterion) {
    let config = MarketConfig::default();
    let market = generate(&config).expect("the default configuration is valid");
    // The result is right: the asked-for sizes, in received order.
    assert_eq!(market.delivery_accounts.len(), 5_000);
    assert_eq!(market.clients.len(), 2_000);
    assert_eq!(market.leads.len(), 100_000);
    assert!(market
        .leads
        .windows(2)
        .all(|w| w[0].date_received <= w[1].date_received));

    let mut g = c.benchmark_group("demo");
    g.sample_size(10);
    g.bench_function("generate_default", |b| {
        b.iter(|| generate(&config).expect("valid").leads.len())
    });
    g.bench_function("write_snapshot_and_leads", |b| {
        b.iter(|| market.to_snapshot_json().len() + market.to_leads_jsonl().len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
