//! Benchmarks of the hot questions of eligibility, on a ledger of 1,000,000 valid sends
//! over 10,000 accounts (100 each, 2,000 clients, spread over the 40 days before now):
//!
//! - `caps/four_caps_cached`: hour, day, week and month caps of an account with the
//!   calendar periods from a warm `PeriodCache` (the engine's sequential pass), cycling
//!   through all 10,000 accounts in a scattered order (mostly cold caches);
//! - `caps/four_caps_one_account`: the same for one account again and again (warm);
//! - `caps/four_caps_uncached`: the same, computing the periods in the zone each time;
//! - `schedule/is_deliverable`: the delivery-days check of a weekday schedule with a deny
//!   window and a static date, in New York;
//! - `next_eligible/day_cap_full`: an account whose day cap is full and whose schedule is
//!   closed at the next midnight (two steps);
//! - `reserve_commit`: one reservation and its commit on an uncontended `SharedLedger`.
//!
//! Before the benches it prints the ledger's memory per send (heap accounting and the
//! process's resident-set growth). Each bench asserts its result against a value
//! computed independently (a linear scan with chrono-tz, or by hand).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_caps::{
    AccountLimits, CapLimits, Caps, Claim, DeliverySchedule, Ledger, MemLedger, Owner, PeriodCache,
    Report, SharedLedger, WindowCounts,
};
use leadroute_model::{DeliveryDay, Pacing, Send};
use leadroute_time::Zone;
use rust_decimal::Decimal;

const ACCOUNTS: i64 = 10_000;
const PER_ACCOUNT: i64 = 100;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 20, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A deterministic xorshift stream.
fn rng(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed | 1;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

fn sends() -> Vec<Send> {
    let mut r = rng(0x5eed);
    let now = now();
    let mut v = Vec::with_capacity((ACCOUNTS * PER_ACCOUNT) as usize);
    // Round-robin over accounts so per-account vectors see interleaved, unsorted times.
    for k in 0..PER_ACCOUNT {
        for a in 0..ACCOUNTS {
            let back = (r() % (40 * 86_400)) as i64;
            v.push(Send {
                lead_uid: k * ACCOUNTS + a,
                client_uid: 1 + a / 5,
                client_account_uid: 100_000 + a,
                client_order_uid: 0,
                client_order_item_uid: if a % 10 == 0 { 900_000 + a } else { 0 },
                date_sent: now - TimeDelta::seconds(back),
                is_valid: true,
                price: Decimal::from(10),
                exclusive: false,
            });
        }
    }
    v
}

fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The linear-scan reference: local dates by chrono-tz.
fn naive(tz: Tz, times: &[DateTime<Utc>], now: DateTime<Utc>) -> WindowCounts {
    let d0 = tz.from_utc_datetime(&now.naive_utc()).date_naive();
    let week =
        |d: chrono::NaiveDate| d - TimeDelta::days(i64::from(d.weekday().num_days_from_sunday()));
    let mut c = WindowCounts::default();
    for &s in times {
        let s = s.min(now);
        let d = tz.from_utc_datetime(&s.naive_utc()).date_naive();
        c.hour += u64::from(s > now - TimeDelta::hours(1));
        c.day += u64::from(d == d0);
        c.week += u64::from(week(d) == week(d0));
        c.month += u64::from((d.year(), d.month()) == (d0.year(), d0.month()));
    }
    c
}

fn rule(week_day: i64, start: &str, end: &str, allow: bool) -> DeliveryDay {
    DeliveryDay {
        week_day: Some(week_day),
        start_time: Some(start.into()),
        end_time: Some(end.into()),
        allow: Some(allow),
        ..Default::default()
    }
}

fn weekday_schedule(zone: Zone) -> DeliverySchedule {
    let mut rules: Vec<DeliveryDay> = (1..=5).map(|d| rule(d, "09:00", "17:00", true)).collect();
    rules.push(rule(3, "12:00", "13:00", false));
    rules.push(DeliveryDay {
        static_date: Some("2026-03-25T00:00:00Z".into()),
        start_time: Some("10:00".into()),
        end_time: Some("11:00".into()),
        allow: Some(true),
        ..Default::default()
    });
    match DeliverySchedule::compile(&rules, zone, None) {
        Ok(s) => s,
        Err(e) => panic!("schedule: {e}"),
    }
}

fn benches(c: &mut Criterion) {
    let ny = Zone::from_name("America/New_York").unwrap_or(Zone::UTC);
    let tz: Tz = "America/New_York".parse().unwrap_or(Tz::UTC);
    let now = now();

    let before = rss_bytes();
    let all = sends();
    let ledger = MemLedger::from_sends(&all);
    let sample: Vec<DateTime<Utc>> = all
        .iter()
        .filter(|s| s.client_account_uid == 100_007)
        .map(|s| s.date_sent)
        .collect();
    drop(all);
    let after = rss_bytes();
    let n = (ACCOUNTS * PER_ACCOUNT) as f64;
    println!(
        "ledger memory: heap {:.1} bytes/send; resident growth {} (1,000,000 sends over 10,000 accounts)",
        ledger.heap_bytes() as f64 / n,
        match (before, after) {
            (Some(b), Some(a)) => format!("{:.1} bytes/send", a.saturating_sub(b) as f64 / n),
            _ => "unavailable".to_string(),
        }
    );
    assert!(ledger.heap_bytes() as f64 / n <= 48.0);
    assert_eq!(ledger.len(), 1_000_000);

    let caps = Caps::new(
        CapLimits::new(Some(50), Some(50), Some(50), Some(90)),
        ny,
        Weekday::Sun,
    );
    let limits: Vec<AccountLimits> = (0..ACCOUNTS)
        .map(|a| {
            AccountLimits::new(
                100_000 + a,
                1 + a / 5,
                DeliverySchedule::always_open(ny),
                caps,
                Pacing::None,
            )
        })
        .collect();
    let acc7 = &limits[7];
    let want = naive(tz, &sample, now);
    let got = ledger.counts(Owner::Account(100_007), &acc7.periods(now));
    assert_eq!(got, want, "window counts against the linear scan");
    let want_full = caps.check(&want, Report::All).len();

    let mut cache = PeriodCache::new();
    let mut i = 0usize;
    c.bench_function("caps/four_caps_cached", |b| {
        b.iter(|| {
            i = (i + 7919) % limits.len();
            let l = &limits[i];
            let p = cache.periods(&l.caps().zone(), l.caps().week_start(), black_box(now));
            l.check_caps(&ledger, &p, Report::All)
                .map(|f| f.len())
                .unwrap_or(9)
        })
    });
    let p = cache.periods(&ny, Weekday::Sun, now);
    assert_eq!(
        acc7.check_caps(&ledger, &p, Report::All)
            .map(|f| f.len())
            .ok(),
        Some(want_full)
    );

    c.bench_function("caps/four_caps_one_account", |b| {
        b.iter(|| {
            let p = cache.periods(
                &acc7.caps().zone(),
                acc7.caps().week_start(),
                black_box(now),
            );
            acc7.check_caps(&ledger, &p, Report::All)
                .map(|f| f.len())
                .unwrap_or(9)
        })
    });

    c.bench_function("caps/four_caps_uncached", |b| {
        b.iter(|| {
            i = (i + 7919) % limits.len();
            let l = &limits[i];
            l.check_caps(&ledger, &l.periods(black_box(now)), Report::All)
                .map(|f| f.len())
                .unwrap_or(9)
        })
    });

    let schedule = weekday_schedule(ny);
    // Friday 2026-03-20 11:00 EDT is open; Wednesday 12:30 EDT is in the deny window;
    // Wednesday 2026-03-25 10:30 EDT is open only through its static date.
    let probes = [
        (
            Utc.with_ymd_and_hms(2026, 3, 20, 15, 0, 0)
                .single()
                .unwrap_or_default(),
            true,
        ),
        (
            Utc.with_ymd_and_hms(2026, 3, 18, 16, 30, 0)
                .single()
                .unwrap_or_default(),
            false,
        ),
        (
            Utc.with_ymd_and_hms(2026, 3, 25, 14, 30, 0)
                .single()
                .unwrap_or_default(),
            true,
        ),
        (
            Utc.with_ymd_and_hms(2026, 3, 25, 15, 30, 0)
                .single()
                .unwrap_or_default(),
            false,
        ),
    ];
    for (t, open) in probes {
        assert_eq!(schedule.is_deliverable(t), open, "{t}");
    }
    let mut k = 0usize;
    c.bench_function("schedule/is_deliverable", |b| {
        b.iter(|| {
            k = (k + 1) % probes.len();
            schedule.is_deliverable(black_box(probes[k].0))
        })
    });

    // Day cap full at Friday 15:00 UTC: midnight (04:00Z Saturday) is closed, the next
    // opening is Monday 09:00 EDT = 13:00Z.
    let (busy, busy_day) = (0..ACCOUNTS)
        .map(|a| {
            (
                100_000 + a,
                ledger.counts(Owner::Account(100_000 + a), &p).day,
            )
        })
        .find(|&(_, d)| d > 0)
        .unwrap_or((100_007, 1));
    let full_day = AccountLimits::new(
        busy,
        0,
        weekday_schedule(ny),
        Caps::new(
            CapLimits::new(None, Some(busy_day as i64), None, None),
            ny,
            Weekday::Sun,
        ),
        Pacing::None,
    );
    let expect = Utc.with_ymd_and_hms(2026, 3, 23, 13, 0, 0).single();
    let ne = full_day
        .next_eligible(&ledger, None, now, TimeDelta::days(35))
        .ok()
        .flatten();
    assert_eq!(ne, expect);
    c.bench_function("next_eligible/day_cap_full", |b| {
        b.iter(|| full_day.next_eligible(&ledger, None, black_box(now), TimeDelta::days(35)))
    });

    let shared = SharedLedger::new(MemLedger::new());
    let roomy = Caps::new(
        CapLimits::new(Some(1 << 40), Some(1 << 40), Some(1 << 40), Some(1 << 40)),
        ny,
        Weekday::Sun,
    );
    let open = AccountLimits::new(1, 1, DeliverySchedule::always_open(ny), roomy, Pacing::None);
    let mut lead = 0i64;
    let mut t = now;
    let mut refused = 0u64;
    c.bench_function("reserve_commit", |b| {
        b.iter(|| {
            lead += 1;
            t += TimeDelta::seconds(1);
            let claim = Claim {
                lead,
                account: &open,
                client_caps: None,
                item: None,
                price: Decimal::from(10),
                exclusive: false,
                max_sell: Some(1),
                ignore_exclusive: false,
            };
            let token = shared.reserve(&claim, t, TimeDelta::seconds(60));
            let ok = token.and_then(|tk| shared.commit(tk, t)).is_ok();
            refused += u64::from(!ok);
            ok
        })
    });
    assert_eq!(refused, 0, "every reservation succeeds and commits");
    assert!(!shared.lock().is_empty());
}

criterion_group!(caps_benches, benches);
criterion_main!(caps_benches);
