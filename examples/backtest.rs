//! A batch backtest: route a week of leads against a market in one call and read the
//! result as a report, the way a host replays last week's traffic to see what a
//! configuration would have earned.
//!
//! The market is the seeded demo generator's (a small one, so the example runs in a
//! second); `Engine::route_batch` routes every lead at its `DateReceived`, in received
//! order, exactly as if they had been routed one at a time; the report is the demo's
//! summary. The example checks both claims: the batch equals routing lead by lead, and
//! the summary's numbers add up.
//!
//! Run it with `cargo run --example backtest`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use leadroute::demo::summary::{LeadOutcome, SaleLine, Summary};
use leadroute::demo::{generate, MarketConfig};
use leadroute::engine::{Decision, Engine, Record, ScanOptions};
use leadroute::model::load_snapshot;

fn outcome(lead_type_uid: Option<i64>, d: &Decision) -> LeadOutcome {
    LeadOutcome {
        lead_uid: d.lead_uid,
        lead_type_uid,
        sales: d
            .sold
            .iter()
            .map(|s| SaleLine {
                client_uid: s.client_uid,
                client_account_uid: s.client_account_uid,
                price: s.price,
            })
            .collect(),
        refusals: d
            .unsold
            .iter()
            .map(|(r, n)| (r.code().to_string(), n))
            .collect(),
    }
}

fn main() {
    let market = generate(&MarketConfig {
        seed: 42,
        accounts: 200,
        clients: 80,
        leads: 2_000,
        ..MarketConfig::default()
    })
    .expect("a valid market configuration");
    // The snapshot as `leadroute demo --write` writes it and `leadroute route` reads it.
    let snapshot_json = market.to_snapshot_json();

    let mut engine = Engine::new(load_snapshot(&snapshot_json));
    let opts = ScanOptions::automated();
    let decisions = engine.route_batch(&market.leads, &opts, None);

    // Batch routing is routing one lead at a time, each at its DateReceived.
    let mut one_by_one = Engine::new(load_snapshot(&snapshot_json));
    for (lead, batch) in market.leads.iter().zip(&decisions) {
        let now = lead
            .date_received
            .expect("generated leads have a DateReceived");
        let single = one_by_one
            .route(lead, &opts, now, Record::Yes)
            .expect("a routable lead");
        assert_eq!(batch.as_ref().ok(), Some(&single), "lead {}", lead.lead_uid);
    }

    let mut summary = Summary::new(&market);
    let outcomes: Vec<LeadOutcome> = market
        .leads
        .iter()
        .zip(&decisions)
        .filter_map(|(l, d)| d.as_ref().ok().map(|d| outcome(l.lead_type_uid, d)))
        .collect();
    summary.extend(&outcomes);

    println!(
        "{} leads: {} sold ({} sales), {} unsold, revenue ${}",
        summary.leads,
        summary.sold_leads,
        summary.sales,
        summary.unsold_leads,
        summary.revenue.round_dp(2)
    );
    for t in &summary.by_lead_type {
        println!(
            "  {:<16} {:>5} leads {:>5} sales  ${}",
            t.descriptor,
            t.leads,
            t.sales,
            t.revenue.round_dp(2)
        );
    }
    for (reason, n) in &summary.unsold_by_reason {
        println!("  unsold, furthest check {reason}: {n}");
    }
    if let Some(top) = summary.top_buyers.first() {
        println!(
            "  top buyer: client {} ({}) with {} sales, ${}",
            top.client_uid,
            top.name,
            top.sales,
            top.revenue.round_dp(2)
        );
    }

    assert_eq!(summary.leads, 2_000);
    assert_eq!(summary.sold_leads + summary.unsold_leads, summary.leads);
    assert_eq!(
        summary.by_lead_type.iter().map(|t| t.sales).sum::<u64>(),
        summary.sales
    );
    assert_eq!(
        summary
            .by_lead_type
            .iter()
            .map(|t| t.revenue)
            .sum::<rust_decimal::Decimal>(),
        summary.revenue
    );
    assert_eq!(
        summary.unsold_by_reason.values().sum::<u64>(),
        summary.unsold_leads
    );
    assert!(summary.sold_leads > summary.unsold_leads);
}

#[test]
fn runs() {
    main();
}
