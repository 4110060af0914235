//! Configurations that name no market are typed errors; edge sizes are fine.

use chrono::{TimeZone, Utc};
use leadroute_demo::{generate, Error, MarketConfig};

/// A named configuration and the check its error must pass.
type Case = (&'static str, MarketConfig, fn(&Error) -> bool);

#[test]
fn configurations_that_name_no_market_are_rejected() {
    let base = MarketConfig::default();
    let cases: Vec<Case> = vec![
        (
            "accounts_without_clients",
            MarketConfig {
                clients: 0,
                accounts: 3,
                leads: 0,
                ..base.clone()
            },
            |e| matches!(e, Error::NoClients { accounts: 3 }),
        ),
        (
            "leads_without_days",
            MarketConfig {
                days: 0,
                leads: 5,
                accounts: 0,
                clients: 0,
                ..base.clone()
            },
            |e| matches!(e, Error::NoDays { leads: 5 }),
        ),
        (
            "more_than_a_year",
            MarketConfig {
                days: 367,
                ..base.clone()
            },
            |e| matches!(e, Error::TooManyDays { days: 367 }),
        ),
        (
            "start_before_1900",
            MarketConfig {
                start: Utc.with_ymd_and_hms(1850, 1, 1, 0, 0, 0).unwrap(),
                ..base.clone()
            },
            |e| matches!(e, Error::StartOutOfRange { .. }),
        ),
    ];
    for (name, config, expected) in cases {
        let err = generate(&config).expect_err(name);
        assert!(expected(&err), "{name}: got {err:?}");
        assert!(!err.to_string().is_empty(), "{name}");
    }
}

#[test]
fn empty_and_tiny_markets_generate() {
    let empty = MarketConfig {
        accounts: 0,
        clients: 0,
        leads: 0,
        days: 0,
        ..MarketConfig::default()
    };
    let m = generate(&empty).unwrap();
    assert!(m.clients.is_empty() && m.delivery_accounts.is_empty() && m.leads.is_empty());
    assert_eq!(m.lead_types.len(), 3);
    let s = leadroute_model::load_snapshot(&m.to_snapshot_json());
    assert!(s.problems.is_empty(), "{:?}", s.problems);

    // Fewer accounts than clients: the first clients get one each.
    let few = MarketConfig {
        accounts: 3,
        clients: 10,
        leads: 1,
        days: 1,
        ..MarketConfig::default()
    };
    let m = generate(&few).unwrap();
    assert_eq!(m.delivery_accounts.len(), 3);
    assert_eq!(m.clients.len(), 10);
    assert_eq!(m.leads.len(), 1);
}

#[test]
fn the_default_is_the_documented_week() {
    let d = MarketConfig::default();
    assert_eq!(d.start, Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap());
    assert_eq!(d.start.format("%A").to_string(), "Monday");
    assert_eq!(
        (d.accounts, d.clients, d.leads, d.days),
        (5_000, 2_000, 100_000, 7)
    );
}
