//! The batch properties on larger markets of the demo generator: hundreds of accounts
//! with realistic criteria, schedules, caps, orders, exclusive buyers and a ledger that
//! begins lived in, and a day of leads (including re-offered leads and malformed
//! values). Few cases, each much larger than the random small worlds.

use chrono::{Duration, TimeZone, Utc};
use leadroute_demo::{generate, MarketConfig};
use leadroute_engine::{Engine, ScanOptions};
use leadroute_model::load_snapshot;
use proptest::prelude::*;

use crate::oracle::check_sales;
use crate::properties::{on_threads, one_at_a_time};

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    /// Batch == one at a time, 1 thread == 2 threads (and one chunk == many), and every sale keeps caps,
    /// orders, max sell and exclusivity, on a seeded market. Days start on the US
    /// spring-forward Sunday or the fall-back Sunday.
    #[test]
    fn demo_market_batch_is_exact_and_keeps_every_limit(
        seed in any::<u64>(),
        fall in any::<bool>(),
    ) {
        let start = if fall {
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
        } else {
            Utc.with_ymd_and_hms(2026, 3, 8, 0, 0, 0).unwrap()
        };
        let market = generate(&MarketConfig {
            seed,
            accounts: 300,
            clients: 120,
            leads: 500,
            start,
            days: 1,
        })
        .unwrap();
        let snapshot = load_snapshot(&market.to_snapshot_json());
        prop_assert!(!snapshot.problems.iter().any(|p| p.is_error() && p.path.is_empty()));
        let opts = ScanOptions::automated();
        let one = on_threads(1, || {
            Engine::new(snapshot.clone()).route_batch(&market.leads, &opts, None)
        });
        // Two threads and chunks of 64 leads: each chunk's prescan overlaps the
        // decisions of the one before.
        let two = on_threads(2, || {
            Engine::new(snapshot.clone())
                .with_batch_chunk(64)
                .route_batch(&market.leads, &opts, None)
        });
        prop_assert_eq!(&one, &two);
        let seq = one_at_a_time(&mut Engine::new(snapshot.clone()), &market.leads, &opts, None);
        prop_assert_eq!(&one, &seq);
        let sold: usize = one.iter().filter_map(|d| d.as_ref().ok()).map(|d| d.sold.len()).sum();
        prop_assert!(sold > 50, "a lived-in market sells: {} sales", sold);
        if let Err(e) = check_sales(&snapshot, &market.leads, &one, None) {
            prop_assert!(false, "{}", e);
        }
        // And once more an hour later for every lead at one instant.
        let at = Some(start + Duration::hours(13));
        let batch = Engine::new(snapshot.clone()).route_batch(&market.leads, &opts, at);
        let seq = one_at_a_time(&mut Engine::new(snapshot.clone()), &market.leads, &opts, at);
        prop_assert_eq!(&batch, &seq);
        if let Err(e) = check_sales(&snapshot, &market.leads, &batch, at) {
            prop_assert!(false, "{}", e);
        }
    }
}
