//! One suite, two ledgers: every case runs against the in-memory shared ledger and
//! against Redis, and must give the same answers.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc, Weekday};
use leadroute_caps::{
    AccountLimits, Claim, ErrorKind, Ledger, MemLedger, OrderBook, Owner, Refusal, SharedLedger,
};
use leadroute_engine::{Engine, ScanOptions};
use leadroute_model::{load_snapshot, parse_record, Lead, Order};
use leadroute_redis::{RedisConfig, RedisLedger, RedisServer};
use leadroute_time::Zone;
use rust_decimal::Decimal;
use serde_json::Value;

use super::support::utc;

/// The reservation cases' hold time to live. Redis also waits it out on its own clock
/// before a hold expires, so the cases sleep it off where they expect an expiry.
const TTL: TimeDelta = TimeDelta::milliseconds(400);

/// The routing scenarios' hold time to live.
const ROUTE_TTL: TimeDelta = TimeDelta::seconds(30);

fn sleep_out_ttl() {
    std::thread::sleep(std::time::Duration::from_millis(450));
}

fn account(json: &str) -> AccountLimits {
    AccountLimits::compile(
        &serde_json::from_str(json).expect("an account record"),
        Zone::from_name("America/New_York").expect("a zone"),
        Weekday::Sun,
    )
    .expect("the account compiles")
}

fn claim<'a>(lead: i64, a: &'a AccountLimits, price: i64) -> Claim<'a> {
    Claim {
        lead,
        account: a,
        client_caps: None,
        item: None,
        price: Decimal::from(price),
        exclusive: false,
        max_sell: Some(2),
        ignore_exclusive: false,
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, leadroute_caps::Error>) -> Option<Refusal> {
    r.expect_err("refused").refusal()
}

/// The reservation semantics of SPEC.md 6 through the `Ledger` trait only.
fn reservation_cases(l: &dyn Ledger) {
    // Account 70 of client 7: HourMax 2, DayMax 3, in New York (EDT on 2026-05-04).
    let a = account(r#"{"ClientAccountUID": 70, "ClientUID": 7, "HourMax": 2, "DayMax": 3}"#);
    let b = account(r#"{"ClientAccountUID": 80, "ClientUID": 8}"#);
    let x = account(r#"{"ClientAccountUID": 90, "ClientUID": 9, "Exclusive": true}"#);
    let t0 = utc("2026-05-04T13:00:00Z"); // 09:00 local
                                          // Same (lead, client) twice: the same token, not fresh the second time.
    let first = l.reserve_many(&[claim(1, &a, 10)], t0, TTL).unwrap();
    let again = l.reserve_many(&[claim(1, &a, 10)], t0, TTL).unwrap();
    let (r1, r2) = (first[0].unwrap(), again[0].unwrap());
    assert_eq!((r1.token, r1.fresh, r2.fresh), (r2.token, true, false));
    // The hold counts; a second lead fills the hour cap of 2; a third is refused.
    let t = l.reserve(&claim(2, &a, 10), t0, TTL).unwrap();
    assert_eq!(
        refusal(l.reserve(&claim(3, &a, 10), t0, TTL)),
        Some(Refusal::HourMaxReached)
    );
    let p = a.periods(t0);
    let c = l.window_counts(Owner::Account(70), &p).unwrap();
    assert_eq!((c.hour, c.day), (2, 2));
    // Releasing gives the capacity back; releasing again (unknown token) does nothing.
    l.release(t, t0).unwrap();
    l.release(t, t0).unwrap();
    assert_eq!(l.window_counts(Owner::Account(70), &p).unwrap().hour, 1);
    // Commit is idempotent; a committed token cannot be released.
    l.commit(r1.token, t0).unwrap();
    l.commit(r1.token, t0).unwrap();
    assert_eq!(
        l.release(r1.token, t0).unwrap_err().kind().to_string(),
        ErrorKind::AlreadyCommitted(r1.token).to_string()
    );
    assert!(l.sent_to_client(1, 7).unwrap());
    assert_eq!(l.last_sent(Owner::Account(70)).unwrap(), Some(t0));
    // A hold expires after its time to live, judged by the `now` passed in: a late
    // commit answers Expired and counts nothing; releasing it does nothing.
    let late = l.reserve(&claim(4, &a, 10), t0, TTL).unwrap();
    sleep_out_ttl();
    let t1 = t0 + TTL;
    assert!(matches!(
        l.commit(late, t1).unwrap_err().kind(),
        ErrorKind::Expired(_)
    ));
    l.release(late, t1).unwrap();
    assert_eq!(l.window_counts(Owner::Account(70), &p).unwrap().day, 1);
    // 3599 s after 09:00 the hour still counts lead 1; 3600 s after it does not.
    let t2 = t0 + TimeDelta::seconds(3599);
    let t = l.reserve(&claim(5, &a, 10), t2, TTL).unwrap();
    l.commit(t, t2).unwrap();
    assert_eq!(
        refusal(l.reserve(&claim(6, &a, 10), t2, TTL)),
        Some(Refusal::HourMaxReached)
    );
    let t3 = t0 + TimeDelta::seconds(3600);
    let t = l.reserve(&claim(6, &a, 10), t3, TTL).unwrap();
    l.commit(t, t3).unwrap();
    // Leads 1, 5, 6 fill the day (3); the next local day has room again.
    let t4 = t0 + TimeDelta::hours(3);
    assert_eq!(
        refusal(l.reserve(&claim(7, &a, 10), t4, TTL)),
        Some(Refusal::DayMaxReached)
    );
    let next_day = utc("2026-05-05T04:00:00Z"); // local midnight
    assert_eq!(
        l.reserve_many(
            &[claim(7, &a, 10)],
            next_day - TimeDelta::milliseconds(1),
            TTL
        )
        .unwrap()[0],
        Err(Refusal::DayMaxReached)
    );
    l.reserve(&claim(7, &a, 10), next_day, TTL).unwrap();
    // Max sell 2 and exclusivity, over several claims of one call: lead 20 to 70 and 80
    // fills max sell, so the exclusive 90 is refused for max sell; lead 21 to the
    // exclusive 90 first leaves no room for anyone.
    let t5 = utc("2026-05-06T13:00:00Z");
    let mut ex = claim(20, &x, 10);
    ex.exclusive = true;
    let got = l
        .reserve_many(&[claim(20, &a, 10), claim(20, &b, 10), ex], t5, TTL)
        .unwrap();
    assert!(got[0].is_ok() && got[1].is_ok());
    assert_eq!(got[2], Err(Refusal::MaxSellReached));
    let mut ex = claim(21, &x, 10);
    ex.exclusive = true;
    let got = l.reserve_many(&[ex, claim(21, &b, 10)], t5, TTL).unwrap();
    assert!(got[0].is_ok());
    assert_eq!(got[1], Err(Refusal::ExclusiveConflict));
    assert!(l.lead_sends(21).unwrap().exclusive);
    // Order items: a quantity item of 2 with SentQty 1 has room for one more; a dollar
    // budget of 25 takes 10 + 10 and refuses a third 10.
    let orders: Vec<Order> = serde_json::from_str(
        r#"[{"ClientOrderUID": 1, "ClientUID": 8, "Status": "Open",
             "Items": [{"ClientOrderItemUID": 11, "Qty": 2, "Price": 30, "SentQty": 1},
                       {"ClientOrderItemUID": 12, "Price": 25}]}]"#,
    )
    .unwrap();
    let book = OrderBook::new(&orders);
    let with = |lead: i64, item: i64, price: i64| Claim {
        item: book.item(8, item),
        ..claim(lead, &b, price)
    };
    let t6 = utc("2026-05-07T13:00:00Z");
    l.reserve(&with(30, 11, 30), t6, TTL).unwrap();
    assert_eq!(
        refusal(l.reserve(&with(31, 11, 30), t6, TTL)),
        Some(Refusal::OrderExhausted)
    );
    l.reserve(&with(32, 12, 10), t6, TTL).unwrap();
    l.reserve(&with(33, 12, 10), t6, TTL).unwrap();
    assert_eq!(
        refusal(l.reserve(&with(34, 12, 10), t6, TTL)),
        Some(Refusal::OrderExhausted)
    );
    let fill = l.item_fill(12).unwrap();
    assert_eq!((fill.added_qty, fill.added_dollars), (2, Decimal::from(20)));
    // Expiring everything due: every hold made above that was not committed.
    let later = utc("2026-06-01T00:00:00Z");
    sleep_out_ttl();
    assert!(l.expire(later).unwrap() > 0);
    assert_eq!(l.expire(later).unwrap(), 0);
    assert_eq!(l.item_fill(12).unwrap().added_qty, 0);
    assert_eq!(l.lead_sends(20).unwrap().count, 0);
    assert!(l.sent_to_client(1, 7).unwrap(), "the committed send stays");
    // Selling at once: no hold, the send counts at once, the token is committed; a
    // second sale of the same (lead, client) finds it (not fresh).
    let t7 = utc("2026-05-08T13:00:00Z");
    let sold = l
        .sell_many(&[claim(40, &a, 10), claim(40, &b, 10)], t7)
        .unwrap();
    let (s1, s2) = (sold[0].unwrap(), sold[1].unwrap());
    assert!(s1.fresh && s2.fresh);
    l.commit(s1.token, t7).unwrap();
    assert!(matches!(
        l.release(s2.token, t7).unwrap_err().kind(),
        ErrorKind::AlreadyCommitted(_)
    ));
    let again = l.sell_many(&[claim(40, &a, 10)], t7).unwrap();
    assert_eq!(
        again[0],
        Ok(leadroute_caps::Reservation {
            token: s1.token,
            fresh: false
        })
    );
    assert_eq!(l.lead_sends(40).unwrap().count, 2);
    assert_eq!(
        l.window_counts(Owner::Account(70), &a.periods(t7))
            .unwrap()
            .day,
        1
    );
    assert_eq!(l.last_sent(Owner::Client(8)).unwrap(), Some(t7));
}

#[test]
fn reservations_answer_the_same_in_memory_and_in_redis() {
    reservation_cases(&SharedLedger::new(MemLedger::new()));
    let server = RedisServer::start().expect("redis-server");
    reservation_cases(&RedisLedger::connect(&server.url()).expect("connect"));
}

/// The route scenarios of the workspace's conformance suite (`tests/spec/`).
fn route_scenarios() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/spec");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("the scenario folder") {
        let path = e.expect("a folder entry").path();
        let text = std::fs::read_to_string(&path).expect("a scenario file");
        let v: Value = serde_json::from_str(&text).expect("a scenario is JSON");
        if v["command"] == "route" {
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn as_values(r: Vec<Result<leadroute_engine::Decision, impl std::fmt::Display>>) -> Vec<Value> {
    r.into_iter()
        .map(|d| match d {
            Ok(d) => serde_json::to_value(&d).unwrap(),
            Err(e) => Value::String(e.to_string()),
        })
        .collect()
}

#[test]
fn every_route_scenario_decides_the_same_in_memory_and_through_redis() {
    let server = RedisServer::start().expect("redis-server");
    let scenarios = route_scenarios();
    assert!(scenarios.len() >= 40, "found {} scenarios", scenarios.len());
    let mut failures = Vec::new();
    let mut sold = 0;
    for (i, (name, v)) in scenarios.iter().enumerate() {
        let snapshot = load_snapshot(&v["snapshot"].to_string());
        let leads: Vec<Lead> = v["leads"]
            .as_array()
            .expect("route scenarios list leads")
            .iter()
            .map(|l| parse_record(&l.to_string()).expect("a scenario lead"))
            .collect();
        let args: Vec<&str> = v["args"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let at: Option<DateTime<Utc>> = args
            .iter()
            .position(|a| *a == "--at")
            .map(|p| utc(args[p + 1]));
        let opts = ScanOptions::automated();
        let want = as_values(Engine::new(snapshot.clone()).route_batch(&leads, &opts, at));
        sold += want
            .iter()
            .map(|d| d["Sold"].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        let mem = SharedLedger::new(MemLedger::from_sends(&snapshot.sends));
        let in_memory = as_values(
            Engine::new(snapshot.clone()).route_batch_shared(&leads, &opts, at, &mem, ROUTE_TTL),
        );
        let cfg = RedisConfig {
            prefix: format!("{{s{i}}}:"),
            ..RedisConfig::default()
        };
        let redis = RedisLedger::with_config(&server.url(), cfg).expect("connect");
        let first = at
            .or_else(|| leads.iter().filter_map(|l| l.date_received).min())
            .expect("an instant");
        redis
            .load_sends(&snapshot.sends, name, first)
            .expect("load the scenario's sends");
        let through_redis = as_values(
            Engine::new(snapshot).route_batch_shared(&leads, &opts, at, &redis, ROUTE_TTL),
        );
        if in_memory != want {
            failures.push(format!(
                "{name}: in memory\n  {in_memory:?}\n  want {want:?}"
            ));
        }
        if through_redis != want {
            failures.push(format!(
                "{name}: redis\n  {through_redis:?}\n  want {want:?}"
            ));
        }
        assert_eq!(redis.live_reservations().unwrap(), 0, "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(sold >= 40, "the scenarios sell ({sold} sales)");
}

/// The scan scenarios of `tests/spec/`, with their options.
fn scan_scenarios() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/spec");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("the scenario folder") {
        let path = e.expect("a folder entry").path();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if v["command"] == "scan" {
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The scan options a scenario's arguments ask for, and its `--at`.
fn scan_options(args: &[&str]) -> (ScanOptions, Option<DateTime<Utc>>) {
    let mut opts = ScanOptions::default();
    let mut at = None;
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "--at" => {
                at = Some(utc(args[i + 1]));
                i += 1;
            }
            "--scan-type" => {
                opts.scan_type = leadroute_model::AccountType::parse(args[i + 1]).unwrap();
                i += 1;
            }
            "--force-id" => {
                opts.force_ids.push(args[i + 1].to_string());
                i += 1;
            }
            "--automated" => opts.automated = true,
            "--allow-over-max" => opts.allow_over_max = true,
            "--ignore-exclusive" => opts.ignore_exclusive = true,
            "--explain" => opts.explain = leadroute_engine::Explain::AllReasons,
            other => panic!("unexpected scan argument {other}"),
        }
        i += 1;
    }
    (opts, at)
}

#[test]
fn every_scan_scenario_scans_the_same_against_either_ledger_view() {
    let server = RedisServer::start().expect("redis-server");
    let scans = scan_scenarios();
    assert!(scans.len() >= 10, "found {} scenarios", scans.len());
    // Every scan scenario as written, and every lead of every route scenario scanned
    // against its snapshot's sends (automated, first reason and all reasons).
    let mut cases: Vec<(String, Value, Lead, ScanOptions, DateTime<Utc>)> = Vec::new();
    for (name, v) in scans {
        let lead: Lead = parse_record(&v["lead"].to_string()).expect("a scenario lead");
        let args: Vec<&str> = v["args"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (opts, at) = scan_options(&args);
        let now = at.or(lead.date_received).expect("an instant");
        cases.push((name, v["snapshot"].clone(), lead, opts, now));
    }
    for (name, v) in route_scenarios() {
        let at = v["args"][1].as_str().map(utc);
        for (j, l) in v["leads"].as_array().unwrap().iter().enumerate() {
            let lead: Lead = parse_record(&l.to_string()).expect("a scenario lead");
            let Some(now) = at.or(lead.date_received) else {
                continue;
            };
            for opts in [
                ScanOptions::automated(),
                ScanOptions::automated().explained(),
            ] {
                cases.push((
                    format!("{name} lead {j}"),
                    v["snapshot"].clone(),
                    lead.clone(),
                    opts,
                    now,
                ));
            }
        }
    }
    let mut failures = Vec::new();
    for (i, (name, snapshot, lead, opts, now)) in cases.into_iter().enumerate() {
        let snapshot = load_snapshot(&snapshot.to_string());
        let name = &name;
        let engine = Engine::new(snapshot.clone());
        let want = serde_json::to_value(engine.scan(&lead, &opts, now).unwrap()).unwrap();
        let mem = SharedLedger::new(MemLedger::from_sends(&snapshot.sends));
        let in_memory =
            serde_json::to_value(engine.scan_shared(&lead, &opts, now, &mem).unwrap()).unwrap();
        let cfg = RedisConfig {
            prefix: format!("{{scan{i}}}:"),
            ..RedisConfig::default()
        };
        let redis = RedisLedger::with_config(&server.url(), cfg).expect("connect");
        redis.load_sends(&snapshot.sends, name, now).unwrap();
        let through_redis =
            serde_json::to_value(engine.scan_shared(&lead, &opts, now, &redis).unwrap()).unwrap();
        // Log details may say "shared ledger"; the accounts, order and reasons may not differ.
        let strip = |v: &Value| -> Value {
            let mut v = v.clone();
            if let Some(Value::Array(log)) = v.get_mut("Log") {
                for e in log {
                    if let Value::Object(m) = e {
                        m.remove("Detail");
                        if let Some(Value::Array(rs)) = m.get_mut("Reasons") {
                            for r in rs {
                                if let Value::Object(r) = r {
                                    r.remove("Detail");
                                }
                            }
                        }
                    }
                }
            }
            v
        };
        if strip(&in_memory) != strip(&want) {
            failures.push(format!("{name}: in memory\n  {in_memory}\n  want {want}"));
        }
        if strip(&through_redis) != strip(&want) {
            failures.push(format!("{name}: redis\n  {through_redis}\n  want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
