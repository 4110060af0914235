//! Properties over seeds and sizes: any valid configuration gives a market of exactly
//! the asked size that loads without errors, whose leads parse, in received order.

use leadroute_demo::{generate, MarketConfig};
use leadroute_model::{load_snapshot, parse_record, Lead};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_small_market_loads_and_parses(
        seed in any::<u64>(),
        clients in 1usize..30,
        accounts in 0usize..80,
        leads in 0usize..120,
        days in 1u32..10,
        start_day in 0i64..3650,
    ) {
        let start = MarketConfig::default().start + chrono::Duration::days(start_day - 1825);
        let config = MarketConfig { seed, clients, accounts, leads, days, start };
        let m = generate(&config).unwrap();
        prop_assert_eq!(m.clients.len(), clients);
        prop_assert_eq!(m.delivery_accounts.len(), accounts);
        prop_assert_eq!(m.leads.len(), leads);
        let s = load_snapshot(&m.to_snapshot_json());
        prop_assert!(!s.has_errors(), "{:?}", s.problems);
        prop_assert!(s.problems.is_empty(), "{:?}", s.problems);
        for line in m.to_leads_jsonl().lines() {
            prop_assert!(parse_record::<Lead>(line).is_ok(), "{}", line);
        }
        let end = start + chrono::Duration::days(i64::from(days));
        for w in m.leads.windows(2) {
            prop_assert!(w[0].date_received <= w[1].date_received);
        }
        for l in &m.leads {
            let at = l.date_received.unwrap();
            prop_assert!(at >= start && at < end);
        }
        // Each client owns 1 to 5 accounts while there are enough to go round.
        if accounts >= clients && accounts <= 2 * clients {
            for c in &m.clients {
                let n = m.delivery_accounts.iter().filter(|a| a.client_uid == c.client_uid).count();
                prop_assert!((1..=5).contains(&n));
            }
        }
    }

    #[test]
    fn generation_is_a_function_of_the_configuration(seed in any::<u64>()) {
        let config = MarketConfig { seed, clients: 8, accounts: 20, leads: 40, ..MarketConfig::default() };
        let a = generate(&config).unwrap();
        let b = generate(&config).unwrap();
        prop_assert_eq!(a.to_snapshot_json(), b.to_snapshot_json());
        prop_assert_eq!(a.to_leads_jsonl(), b.to_leads_jsonl());
    }
}

/// A market without delivery accounts has no prior sold leads; a stream lead that
/// would copy an earlier lead's e-mail and phone with no earlier lead to copy from is
/// generated as usual (this seed once indexed an empty list).
#[test]
fn a_market_without_accounts_generates_its_leads() {
    let config = MarketConfig {
        seed: 11_626_395_201_354_470_216,
        clients: 1,
        accounts: 0,
        leads: 7,
        days: 1,
        start: MarketConfig::default().start - chrono::Duration::days(1825),
    };
    let m = generate(&config).unwrap();
    assert_eq!(m.leads.len(), 7);
    assert!(m.delivery_accounts.is_empty());
    assert!(!load_snapshot(&m.to_snapshot_json()).has_errors());
}
