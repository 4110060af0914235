//! What a long-lived engine keeps between leads (caps known to have room, a full cap's
//! span, a schedule's answer, an order decision) gives the answers of a fresh look at
//! the exact instants where they change, worked out by hand. One client in New York
//! (EST, UTC-5, in January 2027), one account per cap or order case, each routed again
//! and again by one engine, so every answer after the first may come from what it kept.

use chrono::{DateTime, Utc};
use leadroute_engine::{Engine, Reason, Record, ScanOptions};
use leadroute_model::{load_snapshot, parse_record, Lead};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// An engine with one account (`extra` fields, `days` rules) and `sends` of it.
fn engine(extra: &str, days: &str, sends: &[&str]) -> Engine {
    let sends: Vec<String> = sends
        .iter()
        .enumerate()
        .map(|(i, at)| {
            format!(
                r#"{{"LeadUID": {}, "ClientUID": 1, "ClientAccountUID": 10, "DateSent": "{at}", "IsValid": true}}"#,
                900 + i
            )
        })
        .collect();
    let s = load_snapshot(&format!(
        r#"{{"Settings": {{"WeekStart": "Sunday"}},
  "LeadTypes": [{{"LeadTypeUID": 1, "Fields": [{{"LeadFieldUID": 10, "Descriptor": "State"}}]}}],
  "Clients": [{{"ClientUID": 1, "Status": "Active", "TimeZoneName": "America/New_York"}}],
  "DeliveryAccounts": [{{"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 10,
      "AutomationEnabled": true {extra},
      "DeliveryDetails": {{"Status": true, "LeadTypeUID": 1, "DeliveryDays": [{days}]}}}}],
  "Sends": [{}]}}"#,
        sends.join(",")
    ));
    assert!(!s.has_errors(), "{:?}", s.problems);
    Engine::new(s)
}

fn lead() -> Lead {
    parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "TX"}}"#).unwrap()
}

/// Routes the lead at each instant in turn (without recording) and returns, for each,
/// `None` when it sells or the first reason it does not.
fn answers(e: &mut Engine, at: &[&str]) -> Vec<Option<Reason>> {
    let opts = ScanOptions::automated();
    at.iter()
        .map(|s| {
            let d = e.route(&lead(), &opts, t(s), Record::No).unwrap();
            if d.sold.is_empty() {
                Reason::ALL.iter().copied().find(|&r| d.unsold.get(r) > 0)
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn a_full_hour_cap_frees_exactly_an_hour_after_its_oldest_blocking_send() {
    // HourMax 2; sends at 10:00:00.000 and 10:20:00 UTC. Full while both are inside
    // (now - 3600 s, now]: until 11:00:00.000 exclusive of the first.
    let mut e = engine(
        r#", "HourMax": 2"#,
        "",
        &["2027-01-12T10:00:00Z", "2027-01-12T10:20:00Z"],
    );
    let got = answers(
        &mut e,
        &[
            "2027-01-12T10:30:00Z",
            "2027-01-12T10:59:59.999Z",
            "2027-01-12T11:00:00Z",
            // Back in time: full again (the count only grows going back).
            "2027-01-12T10:45:00Z",
            "2027-01-12T11:19:59Z",
            "2027-01-12T11:20:01Z",
        ],
    );
    let full = Some(Reason::HourMaxReached);
    assert_eq!(got, vec![full, full, None, full, None, None]);
}

#[test]
fn a_full_day_cap_frees_at_local_midnight_and_not_before() {
    // DayMax 1; one send Tuesday 2027-01-12 09:00 EST (14:00Z). The local day ends at
    // Wednesday 00:00 EST = 05:00Z.
    let mut e = engine(r#", "DayMax": 1"#, "", &["2027-01-12T14:00:00Z"]);
    let got = answers(
        &mut e,
        &[
            "2027-01-12T20:00:00Z",
            "2027-01-13T04:59:59Z",
            "2027-01-13T05:00:00Z",
            "2027-01-12T23:00:00Z",
            // Earlier the same local day, before the send: sends after now count as at
            // now, so the day is full then too.
            "2027-01-12T12:00:00Z",
        ],
    );
    let full = Some(Reason::DayMaxReached);
    assert_eq!(got, vec![full, full, None, full, full]);
}

#[test]
fn week_and_month_caps_free_at_their_local_period_ends() {
    // WeekMax 1 (weeks start Sunday): send Friday 2027-01-15 12:00 EST; the week ends
    // Sunday 2027-01-17 00:00 EST = 05:00Z. MonthMax 1 on a second engine: the month
    // ends 2027-02-01 00:00 EST = 05:00Z.
    let mut week = engine(r#", "WeekMax": 1"#, "", &["2027-01-15T17:00:00Z"]);
    let got = answers(
        &mut week,
        &[
            "2027-01-16T12:00:00Z",
            "2027-01-17T04:59:59Z",
            "2027-01-17T05:00:00Z",
        ],
    );
    assert_eq!(
        got,
        vec![
            Some(Reason::WeekMaxReached),
            Some(Reason::WeekMaxReached),
            None
        ]
    );
    let mut month = engine(r#", "MonthMax": 1"#, "", &["2027-01-15T17:00:00Z"]);
    let got = answers(
        &mut month,
        &[
            "2027-01-20T12:00:00Z",
            "2027-02-01T04:59:59Z",
            "2027-02-01T05:00:00Z",
        ],
    );
    assert_eq!(
        got,
        vec![
            Some(Reason::MonthMaxReached),
            Some(Reason::MonthMaxReached),
            None
        ]
    );
}

#[test]
fn a_paced_account_known_to_have_room_is_asked_again_at_local_midnight() {
    // DayMax 4 paced evenly over an always-open day (86,400 s, EST, no DST in January);
    // one send dated Wednesday 2027-01-13 00:10 EST (05:10Z), after the first leads.
    // Tuesday 12:00 EST: half the day elapsed, allowance ceil(0.5 * 4) = 2; the later
    // send counts as at now, 1 < 2: room. Tuesday 23:59:59: allowance 4, room.
    // Wednesday 00:05: allowance max(1, ceil(4 * 300 / 86,400)) = 1 and the send still
    // counts (dated after now): full, although Tuesday had room and nothing was sold.
    // 00:10 (the send's own instant): full. 06:00: ceil(0.25 * 4) = 1, full; 06:00:01:
    // ceil(4 * 21,601 / 86,400) = 2, room. Back to Tuesday noon: room.
    let mut e = engine(
        r#", "DayMax": 4, "Pacing": "Even""#,
        "",
        &["2027-01-13T05:10:00Z"],
    );
    let got = answers(
        &mut e,
        &[
            "2027-01-12T17:00:00Z",
            "2027-01-13T04:59:59Z",
            "2027-01-13T05:05:00Z",
            "2027-01-13T05:10:00Z",
            "2027-01-13T11:00:00Z",
            "2027-01-13T11:00:01Z",
            "2027-01-12T17:00:00Z",
        ],
    );
    let full = Some(Reason::DayMaxReached);
    assert_eq!(got, vec![None, None, full, full, full, None, None]);
}

#[test]
fn a_paced_account_s_kept_room_ends_with_a_23_hour_spring_forward_day() {
    // The same account on Sunday 2027-03-14, New York's 23-hour day: it runs from
    // 00:00 EST (05:00Z) to Monday 00:00 EDT (04:00Z), an hour before a 24-hour day
    // would end. One send dated Monday 00:10 EDT (04:10Z). Sunday 12:00 EDT (16:00Z):
    // 11 of 23 open hours elapsed, allowance ceil(4 * 11 / 23) = 2, count 1: room.
    // 23:59:59 EDT (03:59:59Z): room. Monday 00:05 EDT (04:05Z), inside where a 24-hour
    // day would still run: allowance max(1, ceil(4 * 300 / 86,400)) = 1 and the send
    // counts: full. 00:10 EDT: full.
    let mut e = engine(
        r#", "DayMax": 4, "Pacing": "Even""#,
        "",
        &["2027-03-15T04:10:00Z"],
    );
    let got = answers(
        &mut e,
        &[
            "2027-03-14T16:00:00Z",
            "2027-03-15T03:59:59Z",
            "2027-03-15T04:05:00Z",
            "2027-03-15T04:10:00Z",
        ],
    );
    let full = Some(Reason::DayMaxReached);
    assert_eq!(got, vec![None, None, full, full]);
}

#[test]
fn a_schedule_answer_changes_exactly_at_its_window_edges_both_ways_in_time() {
    // Tuesdays 09:00-17:00 EST = 14:00-22:00Z.
    let tuesday = r#"{"WeekDay": 2, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}"#;
    let mut e = engine("", tuesday, &[]);
    let got = answers(
        &mut e,
        &[
            "2027-01-12T13:59:59Z",
            "2027-01-12T14:00:00Z",
            "2027-01-12T21:59:59Z",
            "2027-01-12T22:00:00Z",
            "2027-01-12T15:00:00Z",
            "2027-01-12T13:00:00Z",
            "2027-01-19T14:30:00Z",
        ],
    );
    let closed = Some(Reason::OutsideDeliveryHours);
    assert_eq!(got, vec![closed, None, None, closed, None, closed, None]);
}

/// An engine with one `useOrder` account (price 10) of client 1 and two orders: order 5
/// open 10:00-12:00Z with item 50 (2 leads at 25, constrained) and order 6 open from
/// 11:00Z with item 60 (5 leads at 20, constrained).
fn order_engine() -> Engine {
    let s = load_snapshot(
        r#"{"LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 1, "Status": "Active", "TimeZoneName": "America/New_York"}],
  "DeliveryAccounts": [{"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 10,
      "useOrder": true, "AutomationEnabled": true,
      "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}],
  "Orders": [
    {"ClientOrderUID": 5, "ClientUID": 1, "Status": "Open",
     "StartDate": "2027-01-12T10:00:00Z", "EndDate": "2027-01-12T12:00:00Z",
     "Items": [{"ClientOrderItemUID": 50, "ClientAccountUID": 10, "Qty": 2, "Price": 25, "ConstrainQuantity": true}]},
    {"ClientOrderUID": 6, "ClientUID": 1, "Status": "Open", "StartDate": "2027-01-12T11:00:00Z",
     "Items": [{"ClientOrderItemUID": 60, "ClientAccountUID": 10, "Qty": 5, "Price": 20, "ConstrainQuantity": true}]}]}"#,
    );
    assert!(!s.has_errors(), "{:?}", s.problems);
    Engine::new(s)
}

/// Routes lead `lead_uid` at `at`: the attached item and price of the sale, or the
/// first reason it did not sell.
fn order_answer(
    e: &mut Engine,
    lead_uid: i64,
    at: &str,
    record: Record,
) -> Result<(i64, String), Reason> {
    let l: Lead = parse_record(&format!(
        r#"{{"LeadUID": {lead_uid}, "LeadTypeUID": 1, "Fields": {{"State": "TX"}}}}"#
    ))
    .unwrap();
    let d = e
        .route(&l, &ScanOptions::automated(), t(at), record)
        .unwrap();
    match d.sold.first() {
        Some(s) => Ok((s.client_order_item_uid, s.price.to_string())),
        None => Err(Reason::ALL
            .iter()
            .copied()
            .find(|&r| d.unsold.get(r) > 0)
            .unwrap()),
    }
}

#[test]
fn an_order_decision_changes_exactly_where_an_order_starts_or_ends_and_when_an_item_fills() {
    let mut e = order_engine();
    let mut at = |lead, s| order_answer(&mut e, lead, s, Record::No);
    // Before order 5 starts no item is usable: required. From its StartDate item 50
    // (oldest order first) at its own price 25, still when order 6 has started, up to
    // the EndDate (exclusive); then item 60 at 20. Back in time the earlier answers hold.
    assert_eq!(
        at(1, "2027-01-12T09:59:59.999Z"),
        Err(Reason::OrderRequired)
    );
    assert_eq!(at(1, "2027-01-12T10:00:00Z"), Ok((50, "25".to_string())));
    assert_eq!(at(1, "2027-01-12T11:30:00Z"), Ok((50, "25".to_string())));
    assert_eq!(
        at(1, "2027-01-12T11:59:59.999Z"),
        Ok((50, "25".to_string()))
    );
    assert_eq!(at(1, "2027-01-12T12:00:00Z"), Ok((60, "20".to_string())));
    assert_eq!(at(1, "2027-01-12T10:59:59Z"), Ok((50, "25".to_string())));
    assert_eq!(at(1, "2027-01-12T09:00:00Z"), Err(Reason::OrderRequired));
    // Two recorded sales fill item 50. Before order 6 starts its only usable item is
    // full: exhausted; from 11:00 item 60 takes over.
    assert_eq!(
        order_answer(&mut e, 2, "2027-01-12T10:30:00Z", Record::Yes),
        Ok((50, "25".to_string()))
    );
    assert_eq!(
        order_answer(&mut e, 3, "2027-01-12T10:31:00Z", Record::No),
        Ok((50, "25".to_string()))
    );
    assert_eq!(
        order_answer(&mut e, 3, "2027-01-12T10:31:00Z", Record::Yes),
        Ok((50, "25".to_string()))
    );
    let mut at = |lead, s| order_answer(&mut e, lead, s, Record::No);
    assert_eq!(at(4, "2027-01-12T10:45:00Z"), Err(Reason::OrderExhausted));
    assert_eq!(at(4, "2027-01-12T11:00:00Z"), Ok((60, "20".to_string())));
    assert_eq!(at(4, "2027-01-12T10:59:59Z"), Err(Reason::OrderExhausted));
}
