//! Faults: a node killed (SIGKILL) between reserve and commit, and Redis restarted in
//! the middle of a run.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Weekday};
use leadroute_caps::{ErrorKind, Ledger, LedgerView, Owner, Periods, Token};
use leadroute_engine::{Engine, Record, RouteError, ScanOptions};
use leadroute_redis::RedisServer;
use leadroute_time::Zone;
use serde_json::{json, Value};

use super::node::{ledger, spawn};
use super::support::{leads, market, utc};

/// The hold time to live of the killed node (see `node::child_node`): a hold expires
/// once this has passed by the callers' `now` and on the server's clock.
const NODE_TTL: TimeDelta = TimeDelta::seconds(2);

#[test]
fn a_node_killed_between_reserve_and_commit_gives_its_hold_back_after_expiry() {
    let server = RedisServer::start().expect("redis-server");
    let prefix = "{kill}:";
    let l = ledger(&server.url(), prefix);
    let snapshot = market();
    l.load_sends(&snapshot.sends, "market", utc("2026-03-01T12:00:00Z"))
        .unwrap();
    let out = server.dir().join("hang.json");
    let mut child = spawn(&json!({"url": server.url(), "prefix": prefix, "leads": 1,
        "step": 60, "mode": "hang", "out": out.to_str().unwrap()}));
    // Wait for the node to report its reservation, then kill it before it commits.
    let deadline = Instant::now() + Duration::from_secs(60);
    let reserved: Value = loop {
        if let Some(v) = std::fs::read_to_string(&out)
            .ok()
            .and_then(|t| serde_json::from_str(t.trim()).ok())
        {
            break v;
        }
        assert!(Instant::now() < deadline, "the node did not reserve");
        std::thread::sleep(Duration::from_millis(20));
    };
    let seen = Instant::now();
    child.kill().expect("SIGKILL the node");
    child.wait().unwrap();
    // Lead 1000 at Sunday 12:00: the exclusive account 41 (60) tops the ranking alone.
    let tokens: Vec<u64> = serde_json::from_value(reserved["reserved"].clone()).unwrap();
    assert_eq!(tokens.len(), 1);
    let t0 = utc("2026-03-01T12:00:00Z");
    let p = Periods::new(&Zone::UTC, Weekday::Sun, t0);
    assert_eq!(l.live_reservations().unwrap(), 1);
    assert_eq!(l.window_counts(Owner::Account(41), &p).unwrap().day, 1);
    // Before the expiry the dead node's hold still stands: nobody can buy the lead (it
    // is held exclusively), and the hold is not given to this engine.
    let lead = &leads(1, 60)[0];
    let opts = ScanOptions::automated();
    let mut engine = Engine::new(market());
    let before = engine
        .route_shared(lead, &opts, t0 + TimeDelta::seconds(1), &l, NODE_TTL)
        .unwrap();
    assert!(before.sold.is_empty(), "{before:?}");
    assert_eq!(
        serde_json::to_value(before.unsold).unwrap(),
        json!({"already_sent_to_client": 1, "exclusive_conflict": 5})
    );
    // After the expiry (in `now` and on the server's clock) the capacity is back: the
    // lead sells to 41 once, counted once.
    let real_ttl = Duration::from_millis(NODE_TTL.num_milliseconds() as u64 + 100);
    std::thread::sleep(real_ttl.saturating_sub(seen.elapsed()));
    let after_expiry = t0 + NODE_TTL;
    let after = engine
        .route_shared(lead, &opts, after_expiry, &l, NODE_TTL)
        .unwrap();
    assert_eq!(
        after
            .sold
            .iter()
            .map(|s| s.client_account_uid)
            .collect::<Vec<_>>(),
        vec![41]
    );
    assert_eq!(l.live_reservations().unwrap(), 0);
    assert_eq!(
        l.window_counts(Owner::Account(41), &p.at(after_expiry).unwrap())
            .unwrap()
            .day,
        1
    );
    assert_eq!(l.lead_sends(1000).unwrap().count, 1);
    // The dead node's token can no longer be committed.
    let dead = Token::from_u64(tokens[0]);
    assert!(matches!(
        l.commit(dead, after_expiry).unwrap_err().kind(),
        ErrorKind::Expired(_)
    ));
    l.release(dead, after_expiry).unwrap();
}

#[test]
fn redis_restarted_mid_run_fails_closed_then_resumes_with_counts_intact() {
    let mut server = RedisServer::start().expect("redis-server");
    let l = ledger(&server.url(), "{restart}:");
    let snapshot = market();
    l.load_sends(&snapshot.sends, "market", utc("2026-03-01T12:00:00Z"))
        .unwrap();
    let stream = leads(80, 173);
    let opts = ScanOptions::automated();
    let ttl = TimeDelta::seconds(30);
    let mut shared = Engine::new(market());
    let mut reference = Engine::new(market());
    let mut sold = 0usize;
    let route = |e: &mut Engine, r: &mut Engine, i: usize, sold: &mut usize| {
        let now = stream[i].date_received.unwrap();
        let got = e.route_shared(&stream[i], &opts, now, &l, ttl).unwrap();
        let want = r.route(&stream[i], &opts, now, Record::Yes).unwrap();
        assert_eq!(got, want, "lead {i}");
        *sold += got.sold.len();
    };
    for i in 0..40 {
        route(&mut shared, &mut reference, i, &mut sold);
    }
    assert!(sold > 40, "the first half sells ({sold})");
    let end = utc("2026-03-01T23:59:00Z");
    let p = Periods::new(&Zone::UTC, Weekday::Sun, end);
    let counts = |l: &dyn LedgerView| -> Vec<u64> {
        [10, 20, 30, 41, 50, 60]
            .iter()
            .map(|&a| l.window_counts(Owner::Account(a), &p).unwrap().day)
            .collect()
    };
    let before = counts(&l);
    assert_eq!(
        before.iter().sum::<u64>() as usize,
        sold + 2,
        "sales and 2 loaded sends"
    );

    server.stop();
    // Down: the lead is not sold, the error names the server, and nothing is recorded.
    let now = stream[40].date_received.unwrap();
    let err = shared
        .route_shared(&stream[40], &opts, now, &l, ttl)
        .unwrap_err();
    assert!(matches!(err, RouteError::Ledger(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("no sale") && text.contains(&server.url()),
        "{text}"
    );
    assert!(l.ping().is_err());

    server.restart().expect("restart redis-server");
    // Back: counts survived (append-only file) and routing resumes where it stopped,
    // with the decisions of an engine that never saw the outage.
    assert_eq!(counts(&l), before);
    for i in 40..80 {
        route(&mut shared, &mut reference, i, &mut sold);
    }
    let p2 = Periods::new(&Zone::UTC, Weekday::Sun, utc("2026-03-01T16:00:00Z"));
    let month: u64 = [10, 20, 30, 41, 50, 60]
        .iter()
        .map(|&a| l.window_counts(Owner::Account(a), &p2).unwrap().month)
        .sum();
    assert_eq!(month as usize, sold + 2);
}
