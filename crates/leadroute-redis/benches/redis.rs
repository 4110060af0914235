//! Benchmarks of the Redis ledger against a private local `redis-server` (started by
//! the bench, append-only file on):
//!
//! - `route/in_memory` and `route/redis`: routing one lead to two buyers (max sell 2,
//!   no caps, so every lead sells) with [`Engine::route`] and with
//!   [`Engine::route_shared`] over Redis; the difference is the latency the shared
//!   ledger adds per routed lead (one reservation script, one commit script).
//! - `reserve_commit/1_connection`: one claim reserved and committed (two round trips).
//! - `reserve/4_connections`: reservations from four threads, each with its own
//!   connection (what four processes look like to the server); the time reported is per
//!   reservation, so its inverse is the server's reservations per second.
//!
//! Each bench checks its result (two buyers per lead, every reservation granted).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use std::hint::black_box;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_caps::{AccountLimits, Claim, Ledger};
use leadroute_engine::{Engine, Record, ScanOptions};
use leadroute_model::{load_snapshot, parse_record, Lead};
use leadroute_redis::{RedisConfig, RedisLedger, RedisServer};
use leadroute_time::Zone;
use rust_decimal::Decimal;

const MARKET: &str = r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [
    {"ClientUID": 1, "Status": "Active", "TimeZoneName": "America/New_York"},
    {"ClientUID": 2, "Status": "Active", "TimeZoneName": "America/Chicago"},
    {"ClientUID": 3, "Status": "Active", "TimeZoneName": "America/Los_Angeles"}
  ],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 30, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 25, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 30, "ClientUID": 3, "Status": 12, "Price": 20, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
  ],
  "LeadSources": [{"LPVendorUID": 5, "Status": "Active"}],
  "Campaigns": [{"VendorUID": 5, "VendorAccountUID": 50, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 2}]
}"#;

fn lead(uid: i64) -> Lead {
    parse_record(&format!(
        r#"{{"LeadUID": {uid}, "LeadTypeUID": 1, "VID": 5, "AID": 50, "Fields": {{"State": "TX"}}}}"#
    ))
    .expect("a lead")
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 9, 12, 0, 0).unwrap()
}

fn ledger(server: &RedisServer, prefix: &str) -> RedisLedger {
    let cfg = RedisConfig {
        prefix: prefix.to_string(),
        ..RedisConfig::default()
    };
    RedisLedger::with_config(&server.url(), cfg).expect("connect")
}

fn bench_route(c: &mut Criterion, server: &RedisServer) {
    let opts = ScanOptions::automated();
    let ttl = TimeDelta::seconds(30);
    let mut g = c.benchmark_group("route");
    let snapshot = load_snapshot(MARKET);
    let mut mem = Engine::new(snapshot.clone());
    let mut n = 0i64;
    g.bench_function("in_memory", |b| {
        b.iter(|| {
            n += 1;
            let now = start() + TimeDelta::milliseconds(n);
            let d = mem
                .route(&lead(n), &opts, now, Record::Yes)
                .expect("routes");
            assert_eq!(d.sold.len(), 2);
            black_box(d)
        })
    });
    let l = ledger(server, "{route}:");
    let mut shared = Engine::new(snapshot);
    let mut n = 0i64;
    g.bench_function("redis", |b| {
        b.iter(|| {
            n += 1;
            let now = start() + TimeDelta::milliseconds(n);
            let d = shared
                .route_shared(&lead(n), &opts, now, &l, ttl)
                .expect("routes");
            assert_eq!(d.sold.len(), 2);
            black_box(d)
        })
    });
    g.finish();
}

fn account() -> AccountLimits {
    AccountLimits::compile(
        &serde_json::from_str(r#"{"ClientAccountUID": 70, "ClientUID": 7, "DayMax": 1000000000}"#)
            .expect("an account"),
        Zone::from_name("America/New_York").expect("a zone"),
        Weekday::Sun,
    )
    .expect("compiles")
}

fn claim(lead: i64, a: &AccountLimits) -> Claim<'_> {
    Claim {
        lead,
        account: a,
        client_caps: None,
        item: None,
        price: Decimal::from(10),
        exclusive: false,
        max_sell: Some(1),
        ignore_exclusive: false,
    }
}

fn bench_reserve(c: &mut Criterion, server: &RedisServer) {
    let a = account();
    let ttl = TimeDelta::seconds(30);
    let mut g = c.benchmark_group("reserve_commit");
    let l = ledger(server, "{one}:");
    let mut n = 0i64;
    g.bench_function("1_connection", |b| {
        b.iter(|| {
            n += 1;
            let now = start() + TimeDelta::milliseconds(n);
            let t = l.reserve(&claim(n, &a), now, ttl).expect("granted");
            l.commit(t, now).expect("committed");
        })
    });
    g.finish();

    let mut g = c.benchmark_group("reserve");
    let ledgers: Vec<RedisLedger> = (0..4).map(|_| ledger(server, "{four}:")).collect();
    let next = AtomicI64::new(0);
    g.bench_function("4_connections", |b| {
        b.iter_custom(|iters| {
            let per = iters.div_ceil(4);
            let began = Instant::now();
            std::thread::scope(|s| {
                for l in &ledgers {
                    let (a, next) = (&a, &next);
                    s.spawn(move || {
                        for _ in 0..per {
                            let n = next.fetch_add(1, Ordering::Relaxed) + 1;
                            let now = start() + TimeDelta::milliseconds(n);
                            l.reserve(&claim(n, a), now, ttl).expect("granted");
                        }
                    });
                }
            });
            // Time per reservation, over all four connections.
            began.elapsed().mul_f64(iters as f64 / (per * 4) as f64)
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let server = RedisServer::start().expect("redis-server (Debian package redis-server)");
    bench_route(c, &server);
    bench_reserve(c, &server);
}

criterion_group! {
    name = redis_benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(redis_benches);
