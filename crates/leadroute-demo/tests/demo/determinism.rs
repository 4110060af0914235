//! The same configuration gives the same bytes; a different seed gives a different
//! market; the parts of a market come from independent streams.

use leadroute_demo::{generate, MarketConfig};

use super::common::small;

#[test]
fn same_seed_gives_byte_identical_files() {
    let a = generate(&small(11)).unwrap();
    let b = generate(&small(11)).unwrap();
    assert_eq!(a.to_snapshot_json(), b.to_snapshot_json());
    assert_eq!(a.to_leads_jsonl(), b.to_leads_jsonl());
}

#[test]
fn different_seeds_give_different_markets() {
    let a = generate(&small(11)).unwrap();
    let b = generate(&small(12)).unwrap();
    assert_ne!(a.to_snapshot_json(), b.to_snapshot_json());
    assert_ne!(a.to_leads_jsonl(), b.to_leads_jsonl());
    // Sizes do not depend on the seed.
    assert_eq!(a.delivery_accounts.len(), b.delivery_accounts.len());
    assert_eq!(a.leads.len(), b.leads.len());
}

#[test]
fn lead_volume_does_not_change_the_buyers() {
    let a = generate(&small(5)).unwrap();
    let b = generate(&MarketConfig {
        leads: 50,
        days: 2,
        ..small(5)
    })
    .unwrap();
    assert_eq!(a.clients, b.clients);
    assert_eq!(a.delivery_accounts, b.delivery_accounts);
    assert_eq!(a.orders, b.orders);
    assert_ne!(a.leads, b.leads);
}

#[test]
fn account_count_does_not_change_the_clients() {
    let a = generate(&small(5)).unwrap();
    let b = generate(&MarketConfig {
        accounts: 200,
        ..small(5)
    })
    .unwrap();
    assert_eq!(a.clients, b.clients);
    assert_eq!(b.delivery_accounts.len(), 200);
}

#[test]
fn a_pinned_seed_keeps_its_output_across_versions() {
    // Regression pin: a change here changes every published demo figure, so it must be
    // deliberate. The first lead of seed 1 is fully determined by the generator.
    let m = generate(&MarketConfig {
        leads: 3,
        accounts: 4,
        clients: 2,
        seed: 1,
        ..MarketConfig::default()
    })
    .unwrap();
    let first = m
        .to_leads_jsonl()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(first, PINNED_FIRST_LEAD, "generator output changed");
}

const PINNED_FIRST_LEAD: &str = r#"{"LeadUID":80000001,"LeadTypeUID":2,"VID":101,"AID":2004,"DateReceived":"2026-03-05T13:34:50Z","Fields":{"CREDITRATING":"Good","EMAIL":"james.moore19@gmail.com","FIRSTNAME":"James","HOMEOWNER":"TRUE","IPADDRESS":"54.7.154.217","LASTNAME":"Moore","MONTHLYBILL":"590","PHONE":"3179040747","ROOFSHADE":"None","STATE":"IN","SYSTEMSIZEKW":"10.1","UTILITY":"Con Edison","ZIP":"46204"}}"#;
