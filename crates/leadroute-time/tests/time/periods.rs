//! Calendar periods for caps: hand-computed DST days, weeks and months, and a proptest
//! against a reference built from chrono-tz's own local-time resolution.

use super::support::*;
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc, Weekday};
use leadroute_time::{Period, Zone};
use proptest::prelude::*;

#[test]
fn day_bounds_table() {
    // (name, zone, instant inside the day, start, end, hours)
    let cases: &[(&str, &str, &str, &str, &str, i64)] = &[
        (
            "ny spring-forward day is 23 h",
            "America/New_York",
            "2026-03-08T12:00:00Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
            23,
        ),
        (
            "ny fall-back day is 25 h",
            "America/New_York",
            "2026-11-01T12:00:00Z",
            "2026-11-01T04:00:00Z",
            "2026-11-02T05:00:00Z",
            25,
        ),
        (
            "havana day starts at the transition (no midnight)",
            "America/Havana",
            "2026-03-08T12:00:00Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
            23,
        ),
        (
            "havana day before is 24 h",
            "America/Havana",
            "2026-03-07T12:00:00Z",
            "2026-03-07T05:00:00Z",
            "2026-03-08T05:00:00Z",
            24,
        ),
        (
            "santiago repeated 23:xx hour: 25 h day",
            "America/Santiago",
            "2026-04-05T03:30:00Z",
            "2026-04-04T03:00:00Z",
            "2026-04-05T04:00:00Z",
            25,
        ),
        (
            "santiago missing midnight: 23 h day",
            "America/Santiago",
            "2026-09-06T12:00:00Z",
            "2026-09-06T04:00:00Z",
            "2026-09-07T03:00:00Z",
            23,
        ),
        (
            "lord howe 30-min: 23.5 h rounds down",
            "Australia/Lord_Howe",
            "2026-10-04T03:00:00Z",
            "2026-10-03T13:30:00Z",
            "2026-10-04T13:00:00Z",
            23,
        ),
        (
            "troll 2 h shift: 22 h day",
            "Antarctica/Troll",
            "2026-03-29T12:00:00Z",
            "2026-03-29T00:00:00Z",
            "2026-03-29T22:00:00Z",
            22,
        ),
        (
            "sub-day: instant at the exact start",
            "America/New_York",
            "2026-03-08T05:00:00Z",
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
            23,
        ),
    ];
    for &(name, z, t, s, e, h) in cases {
        let (gs, ge) = zone(z).day_bounds(utc(t));
        assert_eq!((gs, ge), (utc(s), utc(e)), "{name}");
        assert_eq!((ge - gs).num_hours(), h, "{name}");
    }
}

#[test]
fn week_and_month_table() {
    let ny = zone("America/New_York");
    let t = utc("2026-03-10T15:00:00Z");
    assert_eq!(
        ny.week_bounds(t, Weekday::Sun),
        (utc("2026-03-08T05:00:00Z"), utc("2026-03-15T04:00:00Z")),
        "sunday week over spring-forward"
    );
    assert_eq!(
        ny.week_bounds(t, Weekday::Mon),
        (utc("2026-03-09T04:00:00Z"), utc("2026-03-16T04:00:00Z")),
        "monday week"
    );
    assert_eq!(
        ny.week_bounds(utc("2026-03-08T04:59:59Z"), Weekday::Sun).1,
        utc("2026-03-08T05:00:00Z"),
        "saturday 23:59:59 is the week before"
    );
    assert_eq!(
        ny.month_bounds(t),
        (utc("2026-03-01T05:00:00Z"), utc("2026-04-01T04:00:00Z")),
        "march"
    );
    assert_eq!(
        ny.month_bounds(utc("2028-02-29T12:00:00Z")),
        (utc("2028-02-01T05:00:00Z"), utc("2028-03-01T05:00:00Z")),
        "leap february"
    );
    let hour = Period::Hour.bounds(&ny, t, Weekday::Sun);
    assert!(
        !hour.contains(t - TimeDelta::seconds(3600)),
        "exactly 3600 s ago does not count"
    );
    assert!(
        hour.contains(t - TimeDelta::seconds(3599)),
        "3599 s ago counts"
    );
    assert!(hour.contains(t), "now counts");
    let day = Period::Day.bounds(&ny, t, Weekday::Sun);
    assert!(
        day.contains(day.start()) && !day.contains(day.end()),
        "calendar periods are [start, end)"
    );
}

fn reference_day(z: &Zone, t: DateTime<Utc>) -> NaiveDate {
    let b = |d: NaiveDate| chrono_boundary(z, d.and_hms_opt(0, 0, 0).expect("midnight"));
    let mut d = z.local_date(t);
    while b(d) > t {
        d = d.pred_opt().expect("range");
    }
    while b(d.succ_opt().expect("range")) <= t {
        d = d.succ_opt().expect("range");
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn bounds_match_reference(zi in 0usize..ZONES.len(), secs in 946_684_800i64..2_082_758_400, ws in 0u32..7) {
        let z = zone(ZONES[zi]);
        let t = DateTime::from_timestamp(secs, 0).expect("range");
        let b = |d: NaiveDate| chrono_boundary(&z, d.and_hms_opt(0, 0, 0).expect("midnight"));
        let d = reference_day(&z, t);
        prop_assert_eq!(z.day_bounds(t), (b(d), b(d.succ_opt().expect("range"))));
        prop_assert_eq!(z.calendar_date(t), d);
        let week_start = leadroute_time::weekday_from_index(i64::from(ws)).expect("0..7");
        let back = (d.weekday().num_days_from_sunday() + 7 - ws) % 7;
        let ws_day = d - TimeDelta::days(i64::from(back));
        prop_assert_eq!(z.week_bounds(t, week_start), (b(ws_day), b(ws_day + TimeDelta::days(7))));
        let m = d.with_day(1).expect("day 1");
        prop_assert_eq!(z.month_bounds(t), (b(m), b(m + Months::new(1))));
    }
}
