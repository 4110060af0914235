//! Caps (SPEC.md 6): window counts at calendar edges (23:59:59 and 00:00:00 local, week
//! starts, Feb 29 2028, 23- and 25-hour days), the rolling hour's open start, future-dated
//! sends, unlimited spellings, the order of failing reasons, pacing, and the same code
//! for client and campaign caps.

use chrono::Weekday;
use leadroute_caps::{
    CapKind, CapLimits, Caps, MemLedger, Owner, PeriodCache, Periods, Report, TimeIndex,
    WindowCounts,
};
use leadroute_model::Send;

use super::support::{ledger_of, limits, send, utc, zone};

struct Case {
    name: &'static str,
    zone: &'static str,
    week_start: Weekday,
    sends: &'static [&'static str],
    now: &'static str,
    /// (hour, day, week, month)
    want: (u64, u64, u64, u64),
}

const CASES: &[Case] = &[
    Case {
        name: "send_exactly_3600_s_ago_is_out_of_the_hour",
        zone: "UTC",
        week_start: Weekday::Sun,
        sends: &["2026-05-04T09:00:00Z"],
        now: "2026-05-04T10:00:00Z",
        want: (0, 1, 1, 1),
    },
    Case {
        name: "send_3599_s_ago_is_in_the_hour",
        zone: "UTC",
        week_start: Weekday::Sun,
        sends: &["2026-05-04T09:00:01Z"],
        now: "2026-05-04T10:00:00Z",
        want: (1, 1, 1, 1),
    },
    Case {
        name: "new_york_23_hour_day_before_its_midnight",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        // Sat 23:59:59 EST, Sun 00:00 EST, Sun 23:00 EDT.
        sends: &[
            "2026-03-08T04:59:59Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T03:00:00Z",
        ],
        now: "2026-03-09T03:59:59Z", // Sun 23:59:59 EDT
        want: (1, 2, 2, 3),
    },
    Case {
        name: "new_york_day_resets_at_00_00_edt_23_hours_after_00_00_est",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        sends: &[
            "2026-03-08T04:59:59Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T03:00:00Z",
        ],
        now: "2026-03-09T04:00:00Z", // Mon 00:00 EDT; 03:00Z is exactly 3600 s ago
        want: (0, 0, 2, 3),
    },
    Case {
        name: "new_york_25_hour_day_still_running_at_04_59_59z",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        // Sun 2026-11-01 00:00 EDT and 23:30 EST.
        sends: &["2026-11-01T04:00:00Z", "2026-11-02T04:30:00Z"],
        now: "2026-11-02T04:59:59Z", // Sun 23:59:59 EST
        want: (1, 2, 2, 2),
    },
    Case {
        name: "new_york_25_hour_day_ends_at_00_00_est",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        sends: &["2026-11-01T04:00:00Z", "2026-11-02T04:30:00Z"],
        now: "2026-11-02T05:00:00Z",
        want: (1, 0, 2, 2),
    },
    Case {
        name: "sydney_23_hour_day_in_october",
        zone: "Australia/Sydney",
        week_start: Weekday::Sun,
        // Sun 2026-10-04 00:00 AEST and 23:59:59 AEDT.
        sends: &["2026-10-03T14:00:00Z", "2026-10-04T12:59:59Z"],
        now: "2026-10-04T12:59:59Z",
        want: (1, 2, 2, 2),
    },
    Case {
        name: "sydney_day_after_the_23_hour_day",
        zone: "Australia/Sydney",
        week_start: Weekday::Sun,
        sends: &["2026-10-03T14:00:00Z", "2026-10-04T12:59:59Z"],
        now: "2026-10-04T13:00:00Z", // Mon 00:00 AEDT
        want: (1, 0, 2, 2),
    },
    Case {
        name: "sydney_25_hour_day_in_april",
        zone: "Australia/Sydney",
        week_start: Weekday::Sun,
        // Sun 2026-04-05 00:00 AEDT (13:00Z on the 4th) to Mon 00:00 AEST (14:00Z on the 5th).
        sends: &["2026-04-04T12:59:59Z", "2026-04-04T13:00:00Z"],
        now: "2026-04-05T13:59:59Z",
        want: (0, 1, 1, 2),
    },
    Case {
        name: "kathmandu_midnight_is_18_15z",
        zone: "Asia/Kathmandu",
        week_start: Weekday::Sun,
        // Sun 2026-03-08 23:59:59 NPT, Mon 2026-03-09 00:00 NPT.
        sends: &["2026-03-08T18:14:59Z", "2026-03-08T18:15:00Z"],
        now: "2026-03-08T18:15:00Z",
        want: (2, 1, 2, 2), // Sunday the 8th starts the week
    },
    Case {
        name: "new_york_23_59_59_and_00_00_00_local",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        sends: &["2026-05-05T03:59:59Z", "2026-05-05T04:00:00Z"], // Mon 23:59:59, Tue 00:00 EDT
        now: "2026-05-05T04:00:00Z",
        want: (2, 1, 2, 2),
    },
    Case {
        name: "a_send_one_second_ahead_counts_as_now",
        zone: "America/New_York",
        week_start: Weekday::Sun,
        sends: &["2026-05-05T03:59:59Z", "2026-05-05T04:00:00Z"],
        now: "2026-05-05T03:59:59Z", // the 00:00 send is in the future: counted today
        want: (2, 2, 2, 2),
    },
    Case {
        name: "future_sends_count_in_every_period",
        zone: "UTC",
        week_start: Weekday::Sun,
        sends: &["2026-05-05T12:00:00Z", "2026-06-01T00:00:00Z"],
        now: "2026-05-04T12:00:00Z",
        want: (2, 2, 2, 2),
    },
    Case {
        name: "week_from_sunday_by_default",
        zone: "UTC",
        week_start: Weekday::Sun,
        sends: &["2026-05-03T10:00:00Z", "2026-05-04T10:00:00Z"], // Sunday, Monday
        now: "2026-05-09T23:59:59Z",                              // Saturday
        want: (0, 0, 2, 2),
    },
    Case {
        name: "week_from_monday",
        zone: "UTC",
        week_start: Weekday::Mon,
        sends: &["2026-05-03T10:00:00Z", "2026-05-04T10:00:00Z"],
        now: "2026-05-09T23:59:59Z",
        want: (0, 0, 1, 2),
    },
    Case {
        name: "sunday_week_restarts_at_sunday_midnight",
        zone: "UTC",
        week_start: Weekday::Sun,
        sends: &["2026-05-03T10:00:00Z", "2026-05-04T10:00:00Z"],
        now: "2026-05-10T00:00:00Z",
        want: (0, 0, 0, 2),
    },
    Case {
        name: "monday_week_continues_over_sunday",
        zone: "UTC",
        week_start: Weekday::Mon,
        sends: &["2026-05-03T10:00:00Z", "2026-05-04T10:00:00Z"],
        now: "2026-05-10T00:00:00Z",
        want: (0, 0, 1, 2),
    },
    Case {
        name: "feb_29_2028_23_59_59_is_still_february",
        zone: "America/Los_Angeles",
        week_start: Weekday::Sun,
        sends: &["2028-03-01T07:59:59Z"], // Tue Feb 29 23:59:59 PST
        now: "2028-03-01T07:59:59Z",
        want: (1, 1, 1, 1),
    },
    Case {
        name: "march_1_2028_00_00_starts_a_month_not_a_week",
        zone: "America/Los_Angeles",
        week_start: Weekday::Sun,
        sends: &["2028-03-01T07:59:59Z"],
        now: "2028-03-01T08:00:00Z", // Wed Mar 1 00:00 PST
        want: (1, 0, 1, 0),
    },
];

#[test]
fn window_count_tables() {
    let mut failures = Vec::new();
    for c in CASES {
        let ledger = ledger_of(c.sends);
        let p = Periods::new(&zone(c.zone), c.week_start, utc(c.now));
        let got = ledger.counts(Owner::Account(70), &p);
        let want = WindowCounts {
            hour: c.want.0,
            day: c.want.1,
            week: c.want.2,
            month: c.want.3,
        };
        if got != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", c.name));
        }
        // The client index counts the same sends.
        assert_eq!(ledger.counts(Owner::Client(7), &p), got, "{}", c.name);
        // The cache gives the same periods, fresh or reused within the day.
        let mut cache = PeriodCache::new();
        assert_eq!(
            cache.periods(&zone(c.zone), c.week_start, utc(c.now)),
            p,
            "{}",
            c.name
        );
        assert_eq!(
            cache.periods(&zone(c.zone), c.week_start, utc(c.now)),
            p,
            "{}",
            c.name
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn period_bounds_of_dst_days() {
    let table = [
        (
            "ny_spring_day_23h",
            "America/New_York",
            "2026-03-08T12:00:00Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
        ),
        (
            "ny_fall_day_25h",
            "America/New_York",
            "2026-11-01T12:00:00Z",
            "2026-11-01T04:00:00Z",
            "2026-11-02T05:00:00Z",
        ),
        (
            "london_spring_day_23h",
            "Europe/London",
            "2026-03-29T12:00:00Z",
            "2026-03-29T00:00:00Z",
            "2026-03-29T23:00:00Z",
        ),
        (
            "london_fall_day_25h",
            "Europe/London",
            "2026-10-25T12:00:00Z",
            "2026-10-24T23:00:00Z",
            "2026-10-26T00:00:00Z",
        ),
        (
            "sydney_spring_day_23h",
            "Australia/Sydney",
            "2026-10-04T00:00:00Z",
            "2026-10-03T14:00:00Z",
            "2026-10-04T13:00:00Z",
        ),
        (
            "sydney_fall_day_25h",
            "Australia/Sydney",
            "2026-04-05T00:00:00Z",
            "2026-04-04T13:00:00Z",
            "2026-04-05T14:00:00Z",
        ),
        (
            "kathmandu_day",
            "Asia/Kathmandu",
            "2026-03-09T00:00:00Z",
            "2026-03-08T18:15:00Z",
            "2026-03-09T18:15:00Z",
        ),
    ];
    for (name, z, now, start, end) in table {
        let p = Periods::new(&zone(z), Weekday::Sun, utc(now));
        assert_eq!(p.day(), (utc(start), utc(end)), "{name}");
    }
    // Week and month of a leap-day instant in Los Angeles, weeks from Monday.
    let p = Periods::new(
        &zone("America/Los_Angeles"),
        Weekday::Mon,
        utc("2028-02-29T20:00:00Z"),
    );
    assert_eq!(
        p.week(),
        (utc("2028-02-28T08:00:00Z"), utc("2028-03-06T08:00:00Z")),
        "week_from_monday_feb_28"
    );
    assert_eq!(
        p.month(),
        (utc("2028-02-01T08:00:00Z"), utc("2028-03-01T08:00:00Z")),
        "february_2028"
    );
    assert_eq!(p.hour_start(), utc("2028-02-29T19:00:00Z"));
}

#[test]
fn full_caps_in_order_and_unlimited_spellings() {
    let sends = ["2026-05-04T11:30:00Z"];
    let ledger = ledger_of(&sends);
    let now = utc("2026-05-04T12:00:00Z");
    let table: &[(&str, &str, Report, &[CapKind])] = &[
        (
            "all_four_full_first_is_hour",
            r#", "HourMax": 1, "DayMax": 1, "WeekMax": 1, "MonthMax": 1"#,
            Report::First,
            &[CapKind::Hour],
        ),
        (
            "all_four_full_explained",
            r#", "HourMax": 1, "DayMax": 1, "WeekMax": 1, "MonthMax": 1"#,
            Report::All,
            &[CapKind::Hour, CapKind::Day, CapKind::Week, CapKind::Month],
        ),
        (
            "week_and_month_only",
            r#", "HourMax": 2, "DayMax": 2, "WeekMax": 1, "MonthMax": 1"#,
            Report::All,
            &[CapKind::Week, CapKind::Month],
        ),
        (
            "count_below_max_has_room",
            r#", "HourMax": 2, "DayMax": 2"#,
            Report::All,
            &[],
        ),
        (
            "minus_one_is_unlimited",
            r#", "HourMax": -1, "DayMax": -1, "WeekMax": -1, "MonthMax": -1"#,
            Report::All,
            &[],
        ),
        (
            "zero_is_unlimited",
            r#", "HourMax": 0, "DayMax": 0, "WeekMax": 0, "MonthMax": 0"#,
            Report::All,
            &[],
        ),
        (
            "null_is_unlimited",
            r#", "HourMax": null, "DayMax": null"#,
            Report::All,
            &[],
        ),
        (
            "aliases_daily_weekly_monthly",
            r#", "DailyMax": 1, "WeeklyMax": 1, "MonthlyMax": 1"#,
            Report::All,
            &[CapKind::Day, CapKind::Week, CapKind::Month],
        ),
    ];
    for (name, extra, report, want) in table {
        let l = limits(extra, "UTC", Weekday::Sun);
        let got: Vec<CapKind> = l
            .check_caps(&ledger, &l.periods(now), *report)
            .unwrap()
            .iter()
            .map(|f| f.kind())
            .collect();
        assert_eq!(&got, want, "{name}");
    }
    let l = limits(r#", "DayMax": 1"#, "UTC", Weekday::Sun);
    let f = l
        .check_caps(&ledger, &l.periods(now), Report::First)
        .unwrap()
        .first()
        .unwrap();
    assert_eq!(
        (f.reason_code(), f.count(), f.limit(), f.is_paced()),
        ("day_max_reached", 1, 1, false)
    );
}

#[test]
fn invalid_sends_do_not_count() {
    let mut s: Send = send(1, 7, 70, "2026-05-04T11:30:00Z");
    s.is_valid = false;
    let mut ledger = MemLedger::from_sends([&s]);
    ledger.record(&s);
    let p = Periods::new(&zone("UTC"), Weekday::Sun, utc("2026-05-04T12:00:00Z"));
    assert_eq!(
        ledger.counts(Owner::Account(70), &p),
        WindowCounts::default()
    );
    assert!(!ledger.has_sent(1, 7));
    assert!(ledger.is_empty());
}

#[test]
fn client_and_campaign_caps_use_the_same_code() {
    // Client 7 has two accounts; its own day cap of 2 counts both.
    let sends = [
        send(1, 7, 70, "2026-05-04T08:00:00Z"),
        send(2, 7, 71, "2026-05-04T09:00:00Z"),
    ];
    let ledger = MemLedger::from_sends(&sends);
    let caps = Caps::new(
        CapLimits::new(None, Some(2), None, None),
        zone("UTC"),
        Weekday::Sun,
    );
    let p = caps.periods(utc("2026-05-04T12:00:00Z"));
    let full = caps.check(&ledger.counts(Owner::Client(7), &p), Report::All);
    assert_eq!(full.first().map(|f| f.kind()), Some(CapKind::Day));
    assert!(caps
        .check(&ledger.counts(Owner::Account(70), &p), Report::All)
        .is_empty());

    // A campaign's accepted leads in Settings.DefaultTimeZone (Los Angeles): DayMax 2,
    // MonthMax 3, no week cap.
    let campaign: leadroute_model::Campaign = serde_json::from_str(
        r#"{"VendorUID": 1, "VendorAccountUID": 2, "DayMax": 2, "MonthMax": 3, "HourMax": null}"#,
    )
    .unwrap();
    let caps = Caps::new(
        CapLimits::of_campaign(&campaign),
        zone("America/Los_Angeles"),
        Weekday::Sun,
    );
    let mut accepted = TimeIndex::new();
    for t in [
        "2026-05-01T06:00:00Z",
        "2026-05-04T16:00:00Z",
        "2026-05-05T06:59:59Z",
    ] {
        accepted.push(utc(t)); // Apr 30 23:00 PDT, then May 4 09:00 and 23:59:59 PDT
    }
    let now = utc("2026-05-05T06:59:59Z");
    let got: Vec<CapKind> = caps
        .check(&accepted.counts(&caps.periods(now)), Report::All)
        .iter()
        .map(|f| f.kind())
        .collect();
    assert_eq!(got, [CapKind::Day]);
    let next_day = utc("2026-05-05T07:00:00Z");
    assert!(caps
        .check(&accepted.counts(&caps.periods(next_day)), Report::All)
        .is_empty());
}

#[test]
fn pacing_even_spreads_the_day_cap_over_open_time() {
    // Monday 08:00-16:00 UTC (8 open hours), DayMax 8, paced: one send per open hour.
    let extra = r#", "DayMax": 8, "Pacing": "Even", "DeliveryDetails": {"DeliveryDays": [
        {"WeekDay": 1, "StartTime": "08:00", "EndTime": "16:00", "Allow": true}]}"#;
    let l = limits(extra, "UTC", Weekday::Sun);
    let table = [
        (
            "before_the_window_f_is_0_one_allowed",
            "2026-05-04T07:00:00Z",
            1,
        ),
        ("window_start", "2026-05-04T08:00:00Z", 1),
        ("two_hours_in_exactly_two", "2026-05-04T10:00:00Z", 2),
        ("one_second_more_rounds_up", "2026-05-04T10:00:01Z", 3),
        ("after_the_window_all", "2026-05-04T17:00:00Z", 8),
    ];
    for (name, at, want) in table {
        assert_eq!(l.paced_allowance(&l.periods(utc(at))), Some(want), "{name}");
    }
    // Tuesday has no open time: not paced.
    assert_eq!(
        l.paced_allowance(&l.periods(utc("2026-05-05T10:00:00Z"))),
        None,
        "day_without_open_time"
    );

    let ledger = ledger_of(&["2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z"]);
    let full = l
        .check_caps(
            &ledger,
            &l.periods(utc("2026-05-04T10:00:00Z")),
            Report::All,
        )
        .unwrap();
    let f = full.first().unwrap();
    assert_eq!(
        (f.kind(), f.count(), f.limit(), f.is_paced()),
        (CapKind::Day, 2, 2, true)
    );
    assert!(l
        .check_caps(
            &ledger,
            &l.periods(utc("2026-05-04T10:00:01Z")),
            Report::All
        )
        .unwrap()
        .is_empty());

    // Without rules the whole (24-hour) day is open time: DayMax 24 allows 6 by 06:00.
    let l = limits(r#", "DayMax": 24, "Pacing": "Even""#, "UTC", Weekday::Sun);
    assert_eq!(
        l.paced_allowance(&l.periods(utc("2026-05-04T06:00:00Z"))),
        Some(6)
    );
    // On New York's 23-hour day, 11.5 open hours are half of it: 12 of 24.
    let l = limits(
        r#", "DayMax": 24, "Pacing": "Even""#,
        "America/New_York",
        Weekday::Sun,
    );
    assert_eq!(
        l.paced_allowance(&l.periods(utc("2026-03-08T16:30:00Z"))),
        Some(12)
    );
}

#[test]
fn extreme_instants_do_not_panic() {
    use chrono::{DateTime, TimeDelta, Utc};
    let l = limits(
        r#", "HourMax": 1, "DayMax": 1, "WeekMax": 1, "MonthMax": 1, "Pacing": "Even", "DeliveryDelay": 9223372036854775807,
           "DeliveryDetails": {"DeliveryDays": [{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00"}]}"#,
        "America/New_York",
        Weekday::Mon,
    );
    let mut sends = vec![send(1, 7, 70, "2026-05-04T09:00:00Z")];
    sends[0].date_sent = DateTime::<Utc>::MAX_UTC;
    let ledger = MemLedger::from_sends(&sends);
    for (name, t) in [
        ("min", DateTime::<Utc>::MIN_UTC),
        ("max", DateTime::<Utc>::MAX_UTC),
        ("epoch", DateTime::<Utc>::UNIX_EPOCH),
        ("year_1800", utc("1800-01-01T00:00:00Z")),
        ("year_2200", utc("2200-06-01T00:00:00Z")),
    ] {
        let p = l.periods(t);
        let _ = l.check_caps(&ledger, &p, Report::All).unwrap();
        let _ = l
            .next_eligible(&ledger, None, t, TimeDelta::days(35))
            .unwrap();
        let _ = l.is_deliverable(t);
        assert!(p.day().0 <= p.day().1, "{name}");
    }
}
