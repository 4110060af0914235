//! `next_eligible` (SPEC.md 6, "next eligible instant"), worked out by hand: which
//! accounts could take a lead later, and from when, around the US spring-forward of
//! Sunday 2026-03-08 in New York (EST, UTC-5, until 02:00; EDT, UTC-4, after).

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_engine::{Engine, Reason, ScanOptions};
use leadroute_model::{load_snapshot, parse_record, Lead, Uid};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn engine() -> Engine {
    let account = |uid: u32, extra: &str, days: &str| {
        let status = if extra.contains("\"Status\"") {
            ""
        } else {
            r#""Status": 12,"#
        };
        format!(
            r#"{{"ClientAccountUID": {uid}, "ClientUID": 1, {status} "Price": 10, "AutomationEnabled": true {extra},
                "DeliveryDetails": {{"Status": true, "LeadTypeUID": 1, "DeliveryDays": [{days}]}}}}"#
        )
    };
    let monday = r#"{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}"#;
    let accounts = [
        account(10, r#", "DayMax": 1"#, ""),
        account(11, r#", "WeekMax": 1"#, ""),
        account(12, r#", "HourMax": 2"#, ""),
        account(13, "", monday),
        account(14, r#", "DeliveryDelay": 1800"#, monday),
        account(
            15,
            r#", "DayMax": 1"#,
            r#"{"WeekDay": 0, "StartTime": "02:30", "EndTime": "04:00", "Allow": true}"#,
        ),
        account(16, r#", "MonthMax": 1"#, ""),
        account(
            17,
            "",
            r#"{"WeekDay": 3, "StartTime": "09:00", "EndTime": "17:00", "Allow": false}"#,
        ),
        account(
            18,
            r#", "Criteria": [{"LeadFieldUID": 10, "Type": "FieldValue", "Operator": "Equal", "Value": "TX"}]"#,
            monday,
        ),
        account(19, r#", "DayMax": 1, "Status": 11"#, ""),
        account(20, "", ""),
    ]
    .join(",\n");
    let send = |account: u32, at: &str| {
        format!(
            r#"{{"LeadUID": {}, "ClientUID": 1, "ClientAccountUID": {account}, "DateSent": "{at}", "IsValid": true}}"#,
            900 + account
        )
    };
    let sends = [
        send(10, "2026-03-07T15:00:00Z"),
        send(11, "2026-03-02T15:00:00Z"),
        send(12, "2026-03-07T19:10:00Z"),
        send(12, "2026-03-07T19:40:00Z"),
        send(15, "2026-03-07T15:00:00Z"),
        send(16, "2026-03-01T12:00:00Z"),
        send(19, "2026-03-07T15:00:00Z"),
    ]
    .join(",\n");
    let s = load_snapshot(&format!(
        r#"{{"Settings": {{"WeekStart": "Sunday"}},
  "LeadTypes": [{{"LeadTypeUID": 1, "Fields": [{{"LeadFieldUID": 10, "Descriptor": "State"}}]}}],
  "Clients": [{{"ClientUID": 1, "Status": "Active", "TimeZoneName": "America/New_York"}}],
  "DeliveryAccounts": [{accounts}],
  "Sends": [{sends}]}}"#
    ));
    assert!(!s.has_errors(), "{:?}", s.problems);
    Engine::new(s)
}

/// Now is Saturday 2026-03-07 15:00 EST (20:00 UTC).
#[test]
fn next_eligible_instants_around_spring_forward() {
    let lead: Lead =
        parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "NY"}}"#).unwrap();
    let now = t("2026-03-07T20:00:00Z");
    let later = engine()
        .next_eligible(&lead, &ScanOptions::automated(), now, TimeDelta::days(35))
        .unwrap();
    let got: Vec<(Uid, Option<DateTime<Utc>>, Vec<Reason>)> = later
        .into_iter()
        .map(|l| (l.client_account_uid, l.eligible_at, l.reasons))
        .collect();
    use Reason::*;
    let want = vec![
        // Day cap full (the 10:00 EST send) until Sunday 00:00 EST = 05:00 UTC.
        (10, Some(t("2026-03-08T05:00:00Z")), vec![DayMaxReached]),
        // Week cap full (Monday's send; weeks start Sunday) until Sunday 00:00 EST.
        (11, Some(t("2026-03-08T05:00:00Z")), vec![WeekMaxReached]),
        // Hour cap: sends at 19:10 and 19:40 UTC; the window (now - 3600 s, now] drops
        // the first at 20:10:00 exactly.
        (12, Some(t("2026-03-07T20:10:00Z")), vec![HourMaxReached]),
        // Monday 09:00 is EDT after the change: 13:00 UTC.
        (
            13,
            Some(t("2026-03-09T13:00:00Z")),
            vec![OutsideDeliveryHours],
        ),
        // With a 30-minute delay the decision may come 30 minutes before the opening.
        (
            14,
            Some(t("2026-03-09T12:30:00Z")),
            vec![OutsideDeliveryHours],
        ),
        // The cap frees at Sunday 00:00 EST, but the window opens at 02:30 local, which
        // does not exist that Sunday (02:00 EST jumps to 03:00 EDT): it opens at 03:00
        // EDT = 07:00 UTC.
        (
            15,
            Some(t("2026-03-08T07:00:00Z")),
            vec![OutsideDeliveryHours, DayMaxReached],
        ),
        // Month cap until April 1 00:00 EDT = 04:00 UTC.
        (16, Some(t("2026-04-01T04:00:00Z")), vec![MonthMaxReached]),
        // Only a denying window: nothing ever opens.
        (17, None, vec![OutsideDeliveryHours]),
        // 18 fails its criteria and 19 is on hold: not time-bound; 20 is eligible now.
    ];
    assert_eq!(got, want);
}

/// The horizon bounds the answer: a month cap that frees in 24 days is "not within"
/// a 7-day horizon, while the day cap still frees within it.
#[test]
fn next_eligible_beyond_the_horizon_is_none() {
    let lead: Lead =
        parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "NY"}}"#).unwrap();
    let now = t("2026-03-07T20:00:00Z");
    let later = engine()
        .next_eligible(&lead, &ScanOptions::automated(), now, TimeDelta::days(7))
        .unwrap();
    let at = |uid: Uid| {
        later
            .iter()
            .find(|l| l.client_account_uid == uid)
            .map(|l| l.eligible_at)
    };
    assert_eq!(at(16), Some(None));
    assert_eq!(at(10), Some(Some(t("2026-03-08T05:00:00Z"))));
}
