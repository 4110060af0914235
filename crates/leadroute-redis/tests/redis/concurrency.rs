//! Four routing processes over one Redis ledger, all routing the same 2,000 leads (so
//! they race for every lead and every cap): no cap, order item or max sell is exceeded,
//! no lead goes twice to one client, and the ledger's counts are exactly the sales the
//! nodes report.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use leadroute_caps::{LedgerView, Owner};
use leadroute_redis::RedisServer;
use serde_json::{json, Value};

use super::node::{ledger, spawn};
use super::support::{market, utc};

const NODES: usize = 4;
const LEADS: usize = 2000;
/// One lead every 173 s: 2,000 leads from Sunday 12:00 to Thursday 12:00 (UTC).
const STEP_S: i64 = 173;

#[derive(Debug, Clone)]
struct Sale {
    lead: i64,
    client: i64,
    account: i64,
    item: i64,
    price: f64,
    exclusive: bool,
    at: i64,
}

fn day(ms: i64) -> chrono::NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .expect("a sale instant")
        .date_naive()
}

/// The most sends of `times` inside any rolling hour `(t - 3600 s, t]`.
fn max_in_rolling_hour(times: &[i64]) -> usize {
    let mut t = times.to_vec();
    t.sort_unstable();
    let mut best = 0;
    let mut lo = 0;
    for hi in 0..t.len() {
        while t[lo] <= t[hi] - 3_600_000 {
            lo += 1;
        }
        best = best.max(hi - lo + 1);
    }
    best
}

#[test]
fn four_nodes_never_overshoot_a_cap_and_the_ledger_sums_to_their_sales() {
    let server = RedisServer::start().expect("redis-server");
    let prefix = "{conc}:";
    let l = ledger(&server.url(), prefix);
    let snapshot = market();
    l.load_sends(&snapshot.sends, "market", utc("2026-03-01T12:00:00Z"))
        .expect("load");
    let dir = server.dir().to_path_buf();
    let mut children = Vec::new();
    for n in 0..NODES {
        let out = dir.join(format!("node{n}.jsonl"));
        let job = json!({"url": server.url(), "prefix": prefix, "leads": LEADS, "step": STEP_S,
                         "mode": "route", "out": out.to_str().unwrap()});
        children.push((spawn(&job), out));
    }
    let mut sales = Vec::new();
    for (mut child, out) in children {
        assert!(
            child.wait().expect("wait for a node").success(),
            "a node failed"
        );
        let text = std::fs::read_to_string(&out).expect("a node's output");
        let mut lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let last = lines.pop().expect("a summary line");
        assert_eq!(last, json!({"done": LEADS, "errors": 0}), "{out:?}");
        for v in lines {
            sales.push(Sale {
                lead: v["lead"].as_i64().unwrap(),
                client: v["client"].as_i64().unwrap(),
                account: v["account"].as_i64().unwrap(),
                item: v["item"].as_i64().unwrap(),
                price: v["price"]
                    .as_str()
                    .map_or_else(|| v["price"].as_f64().unwrap(), |s| s.parse().unwrap()),
                exclusive: v["exclusive"].as_bool().unwrap(),
                at: v["at"].as_i64().unwrap(),
            });
        }
    }

    // No lead twice to one client; at most max sell (2) buyers; an exclusive sale alone.
    let mut pairs = HashSet::new();
    let mut per_lead: HashMap<i64, Vec<&Sale>> = HashMap::new();
    for s in &sales {
        assert!(
            pairs.insert((s.lead, s.client)),
            "lead {} sold twice to client {}",
            s.lead,
            s.client
        );
        per_lead.entry(s.lead).or_default().push(s);
    }
    for (lead, v) in &per_lead {
        assert!(v.len() <= 2, "lead {lead} has {} buyers", v.len());
        if v.iter().any(|s| s.exclusive) {
            assert_eq!(v.len(), 1, "lead {lead} was sold exclusively and again");
        }
    }

    // Caps, counting the snapshot's two loaded sends (Sunday 10:00).
    let mut times: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for s in &snapshot.sends {
        times
            .entry(s.client_account_uid)
            .or_default()
            .push(s.date_sent.timestamp_millis());
    }
    for s in &sales {
        times.entry(s.account).or_default().push(s.at);
    }
    let per_day = |a: i64| -> BTreeMap<chrono::NaiveDate, usize> {
        let mut m = BTreeMap::new();
        for &t in times.get(&a).map_or(&[][..], Vec::as_slice) {
            *m.entry(day(t)).or_default() += 1;
        }
        m
    };
    let count = |a: i64| times.get(&a).map_or(0, Vec::len);
    assert!(
        per_day(41).values().all(|&n| n <= 10),
        "41 DayMax 10: {:?}",
        per_day(41)
    );
    assert!(
        per_day(10).values().all(|&n| n <= 20),
        "10 DayMax 20: {:?}",
        per_day(10)
    );
    assert!(
        per_day(60).values().all(|&n| n <= 25),
        "client 6 DayMax 25: {:?}",
        per_day(60)
    );
    assert!(max_in_rolling_hour(&times[&10]) <= 3, "10 HourMax 3");
    assert!(max_in_rolling_hour(&times[&30]) <= 5, "30 HourMax 5");
    // The whole run is one week (from Sunday 2026-03-01) and one month.
    let next_week = utc("2026-03-08T00:00:00Z").timestamp_millis();
    assert!(sales.iter().all(|s| s.at < next_week));
    assert_eq!(count(30), 80, "30 WeekMax 80, reached");
    assert_eq!(count(60), 100, "60 MonthMax 100, reached");
    // Orders: item 200 has Qty 60 (one loaded send), item 500 a $3,000 budget at $30.
    assert_eq!(count(20), 60, "item 200 filled to its Qty");
    let dollars_500: f64 = sales
        .iter()
        .filter(|s| s.item == 500)
        .map(|s| s.price)
        .sum();
    assert_eq!(
        (count(50), dollars_500),
        (100, 3000.0),
        "item 500 filled to its budget"
    );
    // Account 41 sells alone, 10 a day, on each of the five days.
    assert_eq!(
        per_day(41).values().copied().collect::<Vec<_>>(),
        vec![10; 5]
    );

    // The ledger holds exactly what the nodes report.
    assert_eq!(l.live_reservations().unwrap(), 0);
    let end = utc("2026-03-05T12:00:00Z");
    let p = leadroute_caps::Periods::new(&leadroute_time::Zone::UTC, chrono::Weekday::Sun, end);
    for (&a, t) in &times {
        let c = l.window_counts(Owner::Account(a), &p).unwrap();
        assert_eq!(c.month as usize, t.len(), "account {a}");
    }
    let mut by_lead_redis = 0;
    for lead in 1000..1000 + LEADS as i64 {
        let n = l.lead_sends(lead).unwrap().count as usize;
        assert_eq!(n, per_lead.get(&lead).map_or(0, Vec::len), "lead {lead}");
        by_lead_redis += n;
    }
    assert_eq!(by_lead_redis, sales.len());
    let fill = l.item_fill(200).unwrap();
    assert_eq!((fill.loaded_qty, fill.added_qty), (1, 59));
}
