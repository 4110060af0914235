//! Properties against a naive reference written here: a linear scan over the sends that
//! converts each one to local time with chrono-tz (not leadroute-time) and compares
//! dates. (1) The ledger's window counts equal the reference's, however the ledger was
//! built. (2) After random reserve/commit/release sequences from 8 threads on one shared
//! ledger, no cap, order item, max sell, exclusivity or one-sale-per-client rule is
//! exceeded.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use leadroute_caps::{
    AccountLimits, CapLimits, Caps, Claim, Ledger, LedgerView, MemLedger, OrderBook, Owner,
    Periods, SharedLedger, Token, WindowCounts,
};
use leadroute_model::{Order, Pacing, Send};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::support::{send, utc};

const ZONES: [&str; 6] = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "America/Los_Angeles",
    "UTC",
];
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Sun,
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
];
/// Instants near DST changes of the zones above, and a leap day.
const BASES: [&str; 6] = [
    "2026-03-08T07:00:00Z",
    "2026-11-01T06:00:00Z",
    "2026-03-29T01:00:00Z",
    "2026-10-04T00:00:00Z",
    "2026-04-05T00:00:00Z",
    "2028-02-29T12:00:00Z",
];

fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    tz.from_utc_datetime(&t.naive_utc()).date_naive()
}

fn week_of(d: NaiveDate, ws: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_sunday() - ws.num_days_from_sunday()) % 7;
    d - TimeDelta::days(i64::from(back))
}

/// The reference: scan every send, clamp future ones to now, compare local dates.
fn naive_counts(tz: Tz, ws: Weekday, sends: &[DateTime<Utc>], now: DateTime<Utc>) -> WindowCounts {
    let now_ms = now.timestamp_millis();
    let today = local_date(tz, now);
    let mut c = WindowCounts::default();
    for &s in sends {
        let s = s.min(now);
        if s.timestamp_millis() > now_ms - 3_600_000 {
            c.hour += 1;
        }
        let d = local_date(tz, s);
        if d == today {
            c.day += 1;
        }
        if week_of(d, ws) == week_of(today, ws) {
            c.week += 1;
        }
        if (d.year(), d.month()) == (today.year(), today.month()) {
            c.month += 1;
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn window_counts_equal_the_naive_scan(
        z in 0usize..ZONES.len(),
        ws in 0usize..7,
        b in 0usize..BASES.len(),
        offsets in proptest::collection::vec(-40i64 * 86_400_000..3 * 86_400_000, 0..60),
        now_off in -2i64 * 86_400_000..2 * 86_400_000,
        shuffle_seed in any::<u64>(),
        limits in proptest::collection::vec(proptest::option::of(1i64..70), 4),
    ) {
        let base = utc(BASES[b]);
        let tz: Tz = ZONES[z].parse().unwrap();
        let zone = leadroute_time::Zone::from_name(ZONES[z]).unwrap();
        // Whole seconds mostly, with some milliseconds.
        let times: Vec<DateTime<Utc>> = offsets
            .iter()
            .map(|&o| base + TimeDelta::milliseconds(if o % 7 == 0 { o } else { o / 1000 * 1000 }))
            .collect();
        let now = base + TimeDelta::seconds(now_off / 1000);
        let sends: Vec<Send> = times
            .iter()
            .enumerate()
            .map(|(i, t)| send(i as i64, 7, 70, &t.to_rfc3339()))
            .collect();
        let loaded = MemLedger::from_sends(&sends);
        // The same sends recorded one by one in a scrambled order.
        let mut order: Vec<usize> = (0..sends.len()).collect();
        let mut x = shuffle_seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let mut recorded = MemLedger::new();
        for &i in &order {
            recorded.record(&sends[i]);
        }
        let p = Periods::new(&zone, WEEKDAYS[ws], now);
        let want = naive_counts(tz, WEEKDAYS[ws], &times, now);
        prop_assert_eq!(loaded.counts(Owner::Account(70), &p), want);
        prop_assert_eq!(recorded.counts(Owner::Account(70), &p), want);
        prop_assert_eq!(recorded.counts(Owner::Client(7), &p), want);
        // The first full cap, answered without counting, is the first whose count
        // reaches its limit.
        let caps = CapLimits::new(limits[0], limits[1], limits[2], limits[3]);
        let counts = [want.hour, want.day, want.week, want.month];
        let first = leadroute_caps::CapKind::ALL
            .into_iter()
            .find(|&k| caps.get(k).is_some_and(|l| counts[k as usize] >= l));
        prop_assert_eq!(loaded.first_full(Owner::Account(70), &p, &caps).unwrap(), first);
        prop_assert_eq!(recorded.first_full(Owner::Client(7), &p, &caps).unwrap(), first);
        prop_assert_eq!(MemLedger::new().first_full(Owner::Client(7), &p, &caps).unwrap(), None);
        let sorted: Vec<_> = recorded.send_times(Owner::Account(70)).collect();
        prop_assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[derive(Debug, Clone)]
enum Op {
    Reserve {
        lead: i64,
        account: usize,
        item: bool,
        exclusive: bool,
    },
    Commit(usize),
    Release(usize),
    Advance(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..=10, 0usize..4, any::<bool>(), proptest::bool::weighted(0.15))
            .prop_map(|(lead, account, item, exclusive)| Op::Reserve { lead, account, item, exclusive }),
        3 => (0usize..8).prop_map(Op::Commit),
        1 => (0usize..8).prop_map(Op::Release),
        2 => (0i64..2400).prop_map(Op::Advance),
    ]
}

/// A reservation a thread holds: (token, lead, client, exclusive).
type Held = (Token, i64, i64, bool);

/// (account, client)
const ACCOUNTS: [(i64, i64); 4] = [(70, 7), (71, 7), (80, 8), (90, 9)];
const HOUR_MAX: u64 = 2;
const DAY_MAX: u64 = 4;
const WEEK_MAX: u64 = 6;
const CLIENT_DAY_MAX: u64 = 5;
const ITEM_QTY: u64 = 3;
const MAX_SELL: u64 = 2;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn concurrent_reservations_never_overshoot(
        plans in proptest::collection::vec(proptest::collection::vec(op(), 10..40), 8),
    ) {
        let zone = leadroute_time::Zone::from_name("America/New_York").unwrap();
        let tz: Tz = "America/New_York".parse().unwrap();
        let accounts: Vec<AccountLimits> = ACCOUNTS
            .iter()
            .map(|&(a, c)| {
                let caps = Caps::new(
                    CapLimits::new(Some(HOUR_MAX as i64), Some(DAY_MAX as i64), Some(WEEK_MAX as i64), None),
                    zone,
                    Weekday::Sun,
                );
                AccountLimits::new(a, c, leadroute_caps::DeliverySchedule::always_open(zone), caps, Pacing::None)
            })
            .collect();
        let client_caps = Caps::new(CapLimits::new(None, Some(CLIENT_DAY_MAX as i64), None, None), zone, Weekday::Sun);
        let orders: Vec<Order> = serde_json::from_str(&format!(
            r#"[{{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{{"ClientOrderItemUID": 11, "Qty": {ITEM_QTY}, "Price": 5}}]}}]"#
        )).unwrap();
        let book = OrderBook::new(&orders);
        let ledger = Arc::new(SharedLedger::new(MemLedger::new()));
        let committed: Arc<Mutex<Vec<Held>>> = Arc::default();
        let base = utc("2026-03-07T20:00:00Z");
        std::thread::scope(|s| {
            for plan in &plans {
                let ledger = Arc::clone(&ledger);
                let committed = Arc::clone(&committed);
                let (accounts, client_caps, book) = (&accounts, &client_caps, &book);
                s.spawn(move || {
                    let mut now = base;
                    let mut tokens: Vec<Held> = Vec::new();
                    for op in plan {
                        match *op {
                            Op::Reserve { lead, account, item, exclusive } => {
                                let acc = &accounts[account];
                                let claim = Claim {
                                    lead,
                                    account: acc,
                                    client_caps: (acc.client_uid() == 7).then_some(client_caps),
                                    item: if item { book.item(acc.client_uid(), 11) } else { None },
                                    price: Decimal::from(5),
                                    exclusive,
                                    max_sell: Some(MAX_SELL),
                                    ignore_exclusive: false,
                                };
                                if let Ok(t) = ledger.reserve(&claim, now, TimeDelta::seconds(900)) {
                                    tokens.push((t, lead, acc.client_uid(), exclusive));
                                }
                            }
                            Op::Commit(k) => {
                                if let Some(&entry) = tokens.get(k) {
                                    if ledger.commit(entry.0, now).is_ok() {
                                        committed.lock().unwrap().push(entry);
                                    }
                                }
                            }
                            Op::Release(k) => {
                                if let Some(&(t, ..)) = tokens.get(k) {
                                    let _ = ledger.release(t, now);
                                }
                            }
                            Op::Advance(secs) => now += TimeDelta::seconds(secs),
                        }
                    }
                });
            }
        });
        // Drop every hold that was never committed.
        ledger.expire(utc("2030-01-01T00:00:00Z")).unwrap();
        let l = ledger.lock();
        prop_assert_eq!(l.live_reservations(), 0);

        // One sale per (lead, client): distinct committed tokens per pair.
        let committed = committed.lock().unwrap();
        let mut per_pair: HashMap<(i64, i64), HashSet<Token>> = HashMap::new();
        for &(t, lead, client, _) in committed.iter() {
            per_pair.entry((lead, client)).or_default().insert(t);
        }
        prop_assert!(per_pair.values().all(|s| s.len() == 1), "{per_pair:?}");
        prop_assert_eq!(l.len(), per_pair.len() as u64);

        // Caps, by the naive reference at every send instant.
        let check = |times: &[DateTime<Utc>], hour: u64, day: u64, week: Option<u64>| -> Result<(), TestCaseError> {
            for &t in times {
                // In a real window (not a cap check) sends after t are not counted.
                let upto: Vec<_> = times.iter().copied().filter(|&s| s <= t).collect();
                let c2 = naive_counts(tz, Weekday::Sun, &upto, t);
                prop_assert!(c2.hour <= hour, "hour at {}: {:?}", t, c2);
                prop_assert!(c2.day <= day, "day at {}: {:?}", t, c2);
                if let Some(w) = week {
                    prop_assert!(c2.week <= w, "week at {}: {:?}", t, c2);
                }
            }
            Ok(())
        };
        for &(a, _) in &ACCOUNTS {
            let times: Vec<_> = l.send_times(Owner::Account(a)).collect();
            check(&times, HOUR_MAX, DAY_MAX, Some(WEEK_MAX))?;
        }
        let client7: Vec<_> = l.send_times(Owner::Client(7)).collect();
        check(&client7, u64::MAX, CLIENT_DAY_MAX, None)?;

        // The order item, max sell and exclusivity.
        prop_assert!(l.fill(11).added_qty <= ITEM_QTY);
        for lead in 1..=10 {
            let s = l.lead_sends(lead).unwrap();
            prop_assert!(s.count <= MAX_SELL, "lead {lead}: {s:?}");
            if s.exclusive {
                prop_assert_eq!(s.count, 1, "lead {} sold exclusively and again", lead);
            }
        }
    }
}
