//! Reservations (SPEC.md 6): a hold counts against caps, the order item, max sell and
//! exclusivity until committed or released; expiry against the `now` passed in;
//! idempotency on (lead, client); commit and release of committed, unknown and expired
//! tokens.

use chrono::{TimeDelta, Weekday};
use leadroute_caps::{
    AccountLimits, Claim, ErrorKind, Ledger, LedgerView, MemLedger, OrderBook, Owner, Refusal,
    SharedLedger,
};
use leadroute_model::Order;
use rust_decimal::Decimal;

use super::support::{limits, send, utc};

fn claim(lead: i64, account: &AccountLimits) -> Claim<'_> {
    Claim {
        lead,
        account,
        client_caps: None,
        item: None,
        price: Decimal::from(10),
        exclusive: false,
        max_sell: Some(1),
        ignore_exclusive: false,
    }
}

const TTL: TimeDelta = TimeDelta::seconds(60);

#[test]
fn a_hold_counts_against_the_day_cap_until_released() {
    let acc = limits(r#", "DayMax": 1"#, "UTC", Weekday::Sun);
    let ledger = SharedLedger::new(MemLedger::new());
    let now = utc("2026-05-04T10:00:00Z");
    let t1 = ledger.reserve(&claim(1, &acc), now, TTL).unwrap();
    let refused = ledger.reserve(&claim(2, &acc), now, TTL).unwrap_err();
    assert_eq!(refused.refusal(), Some(Refusal::DayMaxReached));
    ledger.release(t1, now).unwrap();
    let t2 = ledger.reserve(&claim(2, &acc), now, TTL).unwrap();
    assert_ne!(t1, t2);
    ledger.commit(t2, now).unwrap();
    let p = acc.periods(now);
    assert_eq!(ledger.window_counts(Owner::Account(70), &p).unwrap().day, 1);
    assert!(ledger.sent_to_client(2, 7).unwrap());
    assert!(!ledger.sent_to_client(1, 7).unwrap());
}

#[test]
fn same_lead_and_client_returns_the_same_token() {
    let acc = limits("", "UTC", Weekday::Sun);
    let other = AccountLimits::compile(
        &serde_json::from_str(r#"{"ClientAccountUID": 71, "ClientUID": 7}"#).unwrap(),
        leadroute_time::Zone::UTC,
        Weekday::Sun,
    )
    .unwrap();
    let mut l = MemLedger::new();
    let now = utc("2026-05-04T10:00:00Z");
    let t = l.reserve(&claim(1, &acc), now, TTL).unwrap();
    assert_eq!(
        l.reserve(&claim(1, &acc), now, TTL).unwrap(),
        t,
        "same account"
    );
    assert_eq!(
        l.reserve(&claim(1, &other), now, TTL).unwrap(),
        t,
        "another account of the client"
    );
    assert_eq!(l.live_reservations(), 1);
    l.commit(t, now).unwrap();
    assert_eq!(
        l.reserve(&claim(1, &acc), now, TTL).unwrap(),
        t,
        "after commit"
    );
    l.commit(t, now).unwrap(); // idempotent
    assert_eq!(l.len(), 1);
}

#[test]
fn expiry_is_judged_against_the_now_passed_in() {
    let acc = limits(r#", "HourMax": 1"#, "UTC", Weekday::Sun);
    let mut l = MemLedger::new();
    let t0 = utc("2026-05-04T10:00:00Z");
    let tok = l.reserve(&claim(1, &acc), t0, TTL).unwrap();
    // 59 s later the hold still counts.
    let at59 = utc("2026-05-04T10:00:59Z");
    assert_eq!(
        l.reserve(&claim(2, &acc), at59, TTL).unwrap_err().refusal(),
        Some(Refusal::HourMaxReached)
    );
    // At 60 s it has expired: its capacity is back and it cannot be committed.
    let at60 = utc("2026-05-04T10:01:00Z");
    let tok2 = l.reserve(&claim(2, &acc), at60, TTL).unwrap();
    assert!(matches!(l.commit(tok, at60).unwrap_err().kind(), ErrorKind::Expired(t) if *t == tok));
    assert!(
        l.release(tok, at60).is_ok(),
        "releasing an expired token is a no-op"
    );
    l.commit(tok2, at60).unwrap();
    assert!(matches!(
        l.release(tok2, at60).unwrap_err().kind(),
        ErrorKind::AlreadyCommitted(_)
    ));
    let unknown = leadroute_caps::Token::from_u64(999);
    assert!(matches!(
        l.commit(unknown, at60).unwrap_err().kind(),
        ErrorKind::UnknownToken(_)
    ));
    assert!(l.release(unknown, at60).is_ok());
    assert_eq!(l.expire(utc("2026-05-05T00:00:00Z")), 0);
}

#[test]
fn refusal_table() {
    let now = utc("2026-05-04T10:00:00Z");
    let acc = limits("", "UTC", Weekday::Sun);
    let orders: Vec<Order> = serde_json::from_str(
        r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 1, "Price": 25}]}]"#,
    )
    .unwrap();
    let book = OrderBook::new(&orders);
    let item = book.item(7, 11).unwrap();

    // (name, loaded sends (lead, client, account, exclusive), claim tweak, expected)
    type Tweak = fn(&mut Claim<'_>);
    type Loaded = Vec<(i64, i64, i64, bool)>;
    let table: Vec<(&str, Loaded, Tweak, Option<Refusal>)> = vec![
        (
            "already_sent_to_client",
            vec![(1, 7, 71, false)],
            |_| {},
            Some(Refusal::AlreadySentToClient),
        ),
        (
            "max_sell_reached",
            vec![(1, 8, 80, false)],
            |_| {},
            Some(Refusal::MaxSellReached),
        ),
        (
            "allow_over_max_lifts_max_sell",
            vec![(1, 8, 80, false)],
            |c| c.max_sell = None,
            None,
        ),
        (
            "max_sell_two_has_room",
            vec![(1, 8, 80, false)],
            |c| c.max_sell = Some(2),
            None,
        ),
        (
            "lead_sold_exclusively",
            vec![(1, 8, 80, true)],
            |c| c.max_sell = Some(5),
            Some(Refusal::ExclusiveConflict),
        ),
        (
            "exclusive_claim_on_a_sold_lead",
            vec![(1, 8, 80, false)],
            |c| {
                c.max_sell = Some(5);
                c.exclusive = true;
            },
            Some(Refusal::ExclusiveConflict),
        ),
        (
            "ignore_exclusive_lifts_both",
            vec![(1, 8, 80, true)],
            |c| {
                c.max_sell = Some(5);
                c.exclusive = true;
                c.ignore_exclusive = true;
            },
            None,
        ),
        (
            "exclusive_claim_on_an_unsold_lead",
            vec![],
            |c| c.exclusive = true,
            None,
        ),
    ];
    for (name, loaded, tweak, want) in table {
        let sends: Vec<_> = loaded
            .iter()
            .map(|&(lead, client, account, x)| {
                let mut s = send(lead, client, account, "2026-05-04T09:00:00Z");
                s.exclusive = x;
                s
            })
            .collect();
        let mut l = MemLedger::from_sends(&sends);
        let mut c = claim(1, &acc);
        tweak(&mut c);
        let got = l.reserve(&c, now, TTL).err().and_then(|e| e.refusal());
        assert_eq!(got, want, "{name}");
    }

    // The order item's one unit is held by lead 1; lead 2 finds it exhausted.
    let mut l = MemLedger::new();
    let mut c1 = claim(1, &acc);
    c1.item = Some(item);
    let t1 = l.reserve(&c1, now, TTL).unwrap();
    assert_eq!(l.fill(11).added_qty, 1);
    let mut c2 = claim(2, &acc);
    c2.item = Some(item);
    assert_eq!(
        l.reserve(&c2, now, TTL).unwrap_err().refusal(),
        Some(Refusal::OrderExhausted)
    );
    l.release(t1, now).unwrap();
    assert_eq!(l.fill(11).added_qty, 0);
    assert!(l.reserve(&c2, now, TTL).is_ok());

    // A live exclusive hold blocks other clients' claims on the lead.
    let mut l = MemLedger::new();
    let mut cx = claim(3, &acc);
    cx.max_sell = Some(5);
    cx.exclusive = true;
    l.reserve(&cx, now, TTL).unwrap();
    let other = limits("", "UTC", Weekday::Sun);
    let other = AccountLimits::new(
        80,
        8,
        other.schedule().clone(),
        *other.caps(),
        leadroute_model::Pacing::None,
    );
    let mut co = claim(3, &other);
    co.max_sell = Some(5);
    assert_eq!(
        l.reserve(&co, now, TTL).unwrap_err().refusal(),
        Some(Refusal::ExclusiveConflict)
    );
}

#[test]
fn max_sell_and_exclusivity_checks() {
    use leadroute_caps::{check_sale, max_sell, remaining_buyers, LeadSends};
    let campaign = |m: &str| -> leadroute_model::Campaign {
        serde_json::from_str(&format!(
            r#"{{"VendorUID": 1, "VendorAccountUID": 2, "MaxSell": {m}}}"#
        ))
        .unwrap()
    };
    let table = [
        ("no_campaign", None, 1),
        ("null", Some(campaign("null")), 1),
        ("zero", Some(campaign("0")), 1),
        ("negative", Some(campaign("-3")), 1),
        ("three", Some(campaign("3")), 3),
    ];
    for (name, c, want) in table {
        assert_eq!(max_sell(c.as_ref()), want, "{name}");
    }
    let sold = |count, exclusive| LeadSends { count, exclusive };
    let table = [
        (
            "unsold_lead_sells",
            sold(0, false),
            Some(1),
            false,
            false,
            None,
        ),
        (
            "max_reached",
            sold(1, false),
            Some(1),
            false,
            false,
            Some(Refusal::MaxSellReached),
        ),
        ("allow_over_max", sold(1, false), None, false, false, None),
        (
            "max_reached_comes_before_exclusive",
            sold(1, true),
            Some(1),
            true,
            false,
            Some(Refusal::MaxSellReached),
        ),
        (
            "sold_exclusively",
            sold(1, true),
            Some(3),
            false,
            false,
            Some(Refusal::ExclusiveConflict),
        ),
        (
            "exclusive_buyer_on_sold_lead",
            sold(1, false),
            Some(3),
            true,
            false,
            Some(Refusal::ExclusiveConflict),
        ),
        (
            "exclusive_buyer_on_unsold_lead",
            sold(0, false),
            Some(3),
            true,
            false,
            None,
        ),
        ("ignore_exclusive", sold(1, true), Some(3), true, true, None),
    ];
    for (name, s, m, excl, ignore, want) in table {
        assert_eq!(check_sale(&s, m, excl, ignore), want, "{name}");
    }
    assert_eq!(remaining_buyers(&sold(1, false), Some(3)), Some(2));
    assert_eq!(remaining_buyers(&sold(4, false), Some(3)), Some(0));
    assert_eq!(remaining_buyers(&sold(4, false), None), None);
}

/// The clients a lead went to, listed for "already sent" checks: loaded and recorded
/// sends, with repeats; nothing for a lead without sends; no list (ask per client) while
/// the lead holds a reservation.
#[test]
fn sent_clients_lists_recorded_sends_and_defers_to_has_sent_while_a_hold_lives() {
    let loaded = [
        send(1, 7, 70, "2026-05-04T09:00:00Z"),
        send(1, 8, 80, "2026-05-04T09:05:00Z"),
    ];
    let mut ledger = MemLedger::from_sends(loaded.iter());
    ledger.record(&send(1, 9, 90, "2026-05-04T09:10:00Z"));
    ledger.record(&send(1, 7, 71, "2026-05-04T09:20:00Z"));
    ledger.record(&send(2, 8, 80, "2026-05-04T09:30:00Z"));
    let mut clients = ledger.sent_clients(1).unwrap();
    clients.sort_unstable();
    assert_eq!(clients, vec![7, 7, 8, 9]);
    assert_eq!(ledger.sent_clients(2), Some(vec![8]));
    assert_eq!(ledger.sent_clients(3), Some(vec![]));
    for c in [7, 8, 9] {
        assert!(ledger.has_sent(1, c));
    }
    assert!(!ledger.has_sent(2, 7));
    // A live hold of lead 3 to the account's client: no list, has_sent answers.
    let acc = limits("", "UTC", Weekday::Sun);
    let now = utc("2026-05-04T10:00:00Z");
    let _t = ledger.reserve(&claim(3, &acc), now, TTL).unwrap();
    assert_eq!(ledger.sent_clients(3), None);
    assert!(ledger.has_sent(3, acc.client_uid()));
}
