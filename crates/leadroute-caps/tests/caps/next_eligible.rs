//! Next eligible instant (SPEC.md 6): the next window opening (with the delivery delay),
//! the hour cap freeing exactly 3600 s after its oldest blocking send, the next local
//! midnight, week start and month start, pacing, client caps, the horizon.

use chrono::{TimeDelta, Weekday};
use leadroute_caps::{CapLimits, Caps, MemLedger};

use super::support::{ledger_of, limits, send, utc, zone};

struct Case {
    name: &'static str,
    zone: &'static str,
    week_start: Weekday,
    account: &'static str,
    sends: &'static [&'static str],
    now: &'static str,
    horizon_days: i64,
    want: Option<&'static str>,
}

const MON_9_17: &str = r#"{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}"#;

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "eligible_now_is_now",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "HourMax": 5"#,
            sends: &["2026-05-04T09:00:00Z"],
            now: "2026-05-04T09:30:00.250Z",
            horizon_days: 35,
            want: Some("2026-05-04T09:30:00.250Z"),
        },
        Case {
            name: "closed_schedule_waits_for_the_opening_minus_the_delay",
            zone: "America/New_York",
            week_start: Weekday::Sun,
            account: r#", "DeliveryDelay": 600, "DeliveryDetails": {"DeliveryDays": [MON]}"#,
            sends: &[],
            now: "2026-03-09T12:00:00Z", // Mon 08:00 EDT
            horizon_days: 35,
            want: Some("2026-03-09T12:50:00Z"),
        },
        Case {
            name: "window_starting_in_the_spring_gap",
            zone: "America/New_York",
            week_start: Weekday::Sun,
            account: r#", "DeliveryDetails": {"DeliveryDays": [{"WeekDay": 0, "StartTime": "02:30", "EndTime": "05:00"}]}"#,
            sends: &[],
            now: "2026-03-08T06:00:00Z", // Sun 01:00 EST
            horizon_days: 35,
            want: Some("2026-03-08T07:00:00Z"),
        },
        Case {
            name: "hour_cap_frees_3600_s_after_the_oldest_send",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "HourMax": 2"#,
            sends: &["2026-05-04T09:00:00Z", "2026-05-04T09:20:00Z"],
            now: "2026-05-04T09:30:00Z",
            horizon_days: 35,
            want: Some("2026-05-04T10:00:00Z"),
        },
        Case {
            name: "hour_cap_over_by_one_waits_for_the_second_oldest",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "HourMax": 2"#,
            sends: &[
                "2026-05-04T09:00:00Z",
                "2026-05-04T09:10:00Z",
                "2026-05-04T09:20:00Z",
            ],
            now: "2026-05-04T09:30:00Z",
            horizon_days: 35,
            want: Some("2026-05-04T10:10:00Z"),
        },
        Case {
            name: "future_dated_send_holds_the_hour_until_an_hour_after_it",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "HourMax": 1"#,
            sends: &["2026-05-04T12:00:00Z"],
            now: "2026-05-04T10:00:00Z",
            horizon_days: 35,
            want: Some("2026-05-04T13:00:00Z"),
        },
        Case {
            name: "day_cap_frees_at_local_midnight_of_the_23_hour_day",
            zone: "America/New_York",
            week_start: Weekday::Sun,
            account: r#", "DayMax": 1"#,
            sends: &["2026-03-08T15:00:00Z"],
            now: "2026-03-08T16:00:00Z",
            horizon_days: 35,
            want: Some("2026-03-09T04:00:00Z"),
        },
        Case {
            name: "day_cap_then_closed_schedule_waits_for_tuesday_opening",
            zone: "America/New_York",
            week_start: Weekday::Sun,
            account: r#", "DayMax": 1, "DeliveryDetails": {"DeliveryDays": [MON,
                {"WeekDay": 2, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}]}"#,
            sends: &["2026-03-09T14:00:00Z"],
            now: "2026-03-09T15:00:00Z",
            horizon_days: 35,
            want: Some("2026-03-10T13:00:00Z"),
        },
        Case {
            name: "caps_at_t_schedule_at_t_plus_delay",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "DayMax": 1, "DeliveryDelay": 3600, "DeliveryDetails": {"DeliveryDays": [MON]}"#,
            sends: &["2026-05-04T10:00:00Z"],
            now: "2026-05-04T11:00:00Z",
            horizon_days: 35,
            want: Some("2026-05-11T08:00:00Z"),
        },
        Case {
            name: "week_cap_frees_at_the_next_monday",
            zone: "UTC",
            week_start: Weekday::Mon,
            account: r#", "WeekMax": 1"#,
            sends: &["2026-05-06T10:00:00Z"],
            now: "2026-05-06T12:00:00Z",
            horizon_days: 35,
            want: Some("2026-05-11T00:00:00Z"),
        },
        Case {
            name: "week_cap_frees_at_the_next_sunday_by_default",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "WeekMax": 1"#,
            sends: &["2026-05-06T10:00:00Z"],
            now: "2026-05-06T12:00:00Z",
            horizon_days: 35,
            want: Some("2026-05-10T00:00:00Z"),
        },
        Case {
            name: "month_cap_frees_after_feb_29_2028",
            zone: "America/Los_Angeles",
            week_start: Weekday::Sun,
            account: r#", "MonthMax": 1"#,
            sends: &["2028-02-10T20:00:00Z"],
            now: "2028-02-29T20:00:00Z",
            horizon_days: 35,
            want: Some("2028-03-01T08:00:00Z"),
        },
        Case {
            name: "beyond_the_horizon_is_none",
            zone: "America/Los_Angeles",
            week_start: Weekday::Sun,
            account: r#", "MonthMax": 1"#,
            sends: &["2028-02-10T20:00:00Z"],
            now: "2028-02-28T20:00:00Z",
            horizon_days: 1,
            want: None,
        },
        Case {
            name: "schedule_that_never_opens_is_none",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "DeliveryDetails": {"DeliveryDays": [{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": false}]}"#,
            sends: &[],
            now: "2026-05-04T10:00:00Z",
            horizon_days: 35,
            want: None,
        },
        Case {
            name: "paced_day_cap_frees_when_enough_open_time_elapsed",
            zone: "UTC",
            week_start: Weekday::Sun,
            account: r#", "DayMax": 8, "Pacing": "Even", "DeliveryDetails": {"DeliveryDays": [{"WeekDay": 1, "StartTime": "08:00", "EndTime": "16:00"}]}"#,
            sends: &["2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z"],
            now: "2026-05-04T10:00:00Z",
            horizon_days: 35,
            want: Some("2026-05-04T10:00:01Z"),
        },
    ]
}

#[test]
fn next_eligible_table() {
    let mut failures = Vec::new();
    for c in cases() {
        let account = c.account.replace("MON", MON_9_17);
        let l = limits(&account, c.zone, c.week_start);
        let ledger = ledger_of(c.sends);
        let got = l
            .next_eligible(&ledger, None, utc(c.now), TimeDelta::days(c.horizon_days))
            .unwrap();
        if got != c.want.map(utc) {
            failures.push(format!("{}: got {got:?}, want {:?}", c.name, c.want));
        }
        // Whatever it answers is eligible at that instant and not one second before
        // (unless that is before now).
        if let Some(t) = got {
            assert!(l.is_deliverable(t), "{}: not deliverable at {t}", c.name);
            let full = l
                .check_caps(&ledger, &l.periods(t), leadroute_caps::Report::All)
                .unwrap();
            assert!(full.is_empty(), "{}: caps full at {t}: {full:?}", c.name);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn client_caps_hold_every_account_of_the_client() {
    // Client 7's own day cap of 1 is used by its account 71; account 70 waits for midnight.
    let ledger = MemLedger::from_sends(&[send(1, 7, 71, "2026-05-04T09:00:00Z")]);
    let l = limits("", "UTC", Weekday::Sun);
    let client = Caps::new(
        CapLimits::new(None, Some(1), None, None),
        zone("UTC"),
        Weekday::Sun,
    );
    let now = utc("2026-05-04T10:00:00Z");
    assert_eq!(
        l.next_eligible(&ledger, Some(&client), now, TimeDelta::days(35))
            .unwrap(),
        Some(utc("2026-05-05T00:00:00Z"))
    );
    assert_eq!(
        l.next_eligible(&ledger, None, now, TimeDelta::days(35))
            .unwrap(),
        Some(now)
    );
}
