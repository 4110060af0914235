//! A ping/post flow with reservations: ping the buyers for bids, reserve capacity for
//! the top bids while the post is out, commit the winner and release the rest.
//!
//! In ping/post a lead seller first pings buyers with the lead (the engine's scan gives
//! every eligible account with its price, best first), then posts it to the winner and
//! waits for the answer. Between ping and post other leads keep arriving; a reservation
//! (SPEC.md 6) makes sure the capacity a bid relies on is still there when the post
//! lands: a hold counts against every cap, order and max sell at once, and is either
//! committed (it becomes a send), released, or expires after its time to live. The
//! ledger here is a `SharedLedger`, which many worker threads can use at once without
//! ever overshooting a cap.
//!
//! Run it with `cargo run --example ping_post`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc, Weekday};
use leadroute::caps::{
    AccountLimits, Claim, Ledger, LedgerView, MemLedger, Owner, Refusal, SharedLedger,
};
use leadroute::engine::{Engine, ScanOptions};
use leadroute::model::{load_snapshot, parse_record, Lead, Uid};
use leadroute::time::Zone;

/// Four solar buyers; Sunbelt (client 2) takes one lead a day.
const SNAPSHOT: &str = r#"{
  "LeadTypes": [{"LeadTypeUID": 2, "Descriptor": "Solar", "Fields": [
    {"LeadFieldUID": 21, "Descriptor": "State", "FieldDataType": "Varchar"},
    {"LeadFieldUID": 22, "Descriptor": "MonthlyBill", "FieldDataType": "Money"}]}],
  "Clients": [
    {"ClientUID": 1, "Name": "Bright Roofs", "Status": "Active", "TimeZoneName": "America/Phoenix"},
    {"ClientUID": 2, "Name": "Sunbelt Solar", "Status": "Active", "TimeZoneName": "US Mountain Standard Time"},
    {"ClientUID": 3, "Name": "Desert Power", "Status": "Active", "TimeZoneName": "America/Denver"},
    {"ClientUID": 4, "Name": "Mesa Energy", "Status": "Active", "TimeZoneName": "America/Phoenix"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 55, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 22, "Type": "FieldValue", "Operator": "GreaterOrEqual", "Value": "150"}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 2}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 48, "DayMax": 1, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 2}},
    {"ClientAccountUID": 30, "ClientUID": 3, "Status": 12, "Price": 40, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 21, "Type": "FieldValue", "Operator": "In", "Value": "AZ|NM|CO"}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 2}},
    {"ClientAccountUID": 40, "ClientUID": 4, "Status": 12, "Price": 35, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 2}}]
}"#;

/// How many bids a ping holds capacity for.
const HELD_BIDS: usize = 3;
/// How long a hold waits for the post's answer.
const TTL: TimeDelta = TimeDelta::seconds(60);

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a valid instant")
        .with_timezone(&Utc)
}

fn lead(json: &str) -> Lead {
    parse_record(json).expect("the lead reads")
}

fn main() {
    let snapshot = load_snapshot(SNAPSHOT);
    assert!(!snapshot.has_errors(), "{:?}", snapshot.problems);
    // Each account's caps compiled in its client's zone (weeks start on Sunday).
    let zones: BTreeMap<Uid, Zone> = snapshot
        .clients
        .iter()
        .map(|c| {
            let name = c.time_zone_name.as_deref().unwrap_or("UTC");
            (c.client_uid, Zone::from_name(name).expect("a known zone"))
        })
        .collect();
    let limits: BTreeMap<Uid, AccountLimits> = snapshot
        .delivery_accounts
        .iter()
        .map(|a| {
            let l = AccountLimits::compile(a, zones[&a.client_uid], Weekday::Sun)
                .expect("the account's schedule compiles");
            (a.client_account_uid, l)
        })
        .collect();
    let ledger = SharedLedger::new(MemLedger::from_sends(&snapshot.sends));
    let engine = Engine::new(snapshot);
    let opts = ScanOptions::automated();

    // Ping: who wants lead 501, and at what price? Best bid first.
    let now = at("2026-06-02T17:00:00Z");
    let first = lead(
        r#"{"LeadUID": 501, "LeadTypeUID": 2, "Fields": {"State": "AZ", "MonthlyBill": "$212.40"}}"#,
    );
    let bids = engine
        .scan(&first, &opts, now)
        .expect("a known lead type")
        .eligible;
    let bid_list: Vec<(Uid, String)> = bids
        .iter()
        .map(|b| (b.client_uid, b.price.to_string()))
        .collect();
    println!("bids for lead 501: {bid_list:?}");
    assert_eq!(
        bid_list,
        [
            (1, "55".into()),
            (2, "48".into()),
            (3, "40".into()),
            (4, "35".into())
        ]
    );

    // Reserve capacity for the top bids while the post is out. The holds are for
    // bidders, not sales: the host commits at most the lead's max sell (here one), so
    // the claims lift max sell (`None`) and the host enforces it at commit.
    let claim = |lead: Uid, b: &leadroute::engine::EligibleAccount| Claim {
        lead,
        account: &limits[&b.client_account_uid],
        client_caps: None,
        item: None,
        price: b.price,
        exclusive: b.exclusive,
        max_sell: None,
        ignore_exclusive: false,
    };
    let holds: Vec<(Uid, leadroute::caps::Token)> = bids
        .iter()
        .take(HELD_BIDS)
        .map(|b| {
            let token = ledger
                .reserve(&claim(501, b), now, TTL)
                .expect("capacity is free");
            (b.client_uid, token)
        })
        .collect();
    println!("holding {} bids: {holds:?}", holds.len());
    assert_eq!(ledger.lock().live_reservations(), 3);

    // Two seconds later another lead arrives. Sunbelt's only lead of the day is held
    // for lead 501, so its day cap refuses lead 502 for now.
    let later = now + TimeDelta::seconds(2);
    let second = lead(
        r#"{"LeadUID": 502, "LeadTypeUID": 2, "Fields": {"State": "NV", "MonthlyBill": "90"}}"#,
    );
    let bids2 = engine
        .scan(&second, &opts, later)
        .expect("a known lead type")
        .eligible;
    let sunbelt = bids2
        .iter()
        .find(|b| b.client_uid == 2)
        .expect("Sunbelt bids on 502");
    let refused = ledger
        .reserve(&claim(502, sunbelt), later, TTL)
        .expect_err("held capacity");
    println!("lead 502 at Sunbelt while 501 is held: {refused}");
    assert_eq!(refused.refusal(), Some(Refusal::DayMaxReached));

    // The post: Bright Roofs accepts lead 501. Commit the winner, release the rest.
    let post_answer = now + TimeDelta::seconds(5);
    let (winner, token) = holds[0];
    ledger.commit(token, post_answer).expect("the hold is live");
    for &(_, t) in &holds[1..] {
        ledger.release(t, post_answer).expect("not committed");
    }
    println!(
        "lead 501 sold to client {winner}; {} holds released",
        holds.len() - 1
    );
    assert!(ledger.sent_to_client(501, 1).expect("in-memory ledger"));
    assert!(!ledger.sent_to_client(501, 2).expect("in-memory ledger"));
    let day = |account: Uid, t| {
        let l = &limits[&account];
        ledger
            .window_counts(Owner::Account(account), &l.periods(t))
            .expect("in-memory ledger")
            .day
    };
    assert_eq!((day(10, post_answer), day(20, post_answer)), (1, 0));

    // Sunbelt's capacity is back: lead 502 can be held there now. Its post never gets
    // an answer, so the hold expires after the time to live and frees the cap again.
    let retry = post_answer + TimeDelta::seconds(1);
    let t502 = ledger
        .reserve(&claim(502, sunbelt), retry, TTL)
        .expect("capacity is back");
    println!("lead 502 held at Sunbelt: {t502}");
    assert_eq!(day(20, retry), 1);
    let expired = ledger.expire(retry + TTL).expect("in-memory ledger");
    println!("{expired} hold expired unanswered");
    assert_eq!(expired, 1);
    assert_eq!(day(20, retry + TTL), 0);
    assert_eq!(ledger.lock().live_reservations(), 0);
}

#[test]
fn runs() {
    main();
}
