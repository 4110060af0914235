//! Weekly hours with SPEC 5's delivery-day rules: hand-computed tables in UTC (rules in
//! isolation) and around DST transitions (boundary rule applied to window edges).

use super::support::*;
use chrono::{DateTime, Utc};
use leadroute_time::{
    wall_clock_date, Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone,
};

/// A delivery rule from text: day is `Sun`..`Sat` or a `YYYY-MM-DD` static date.
fn rule(day: &str, start: &str, end: &str, allow: bool) -> Rule {
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let day = match days.iter().position(|d| *d == day) {
        Some(i) => RuleDay::Weekday(leadroute_time::weekday_from_index(i as i64).expect("0..7")),
        None => RuleDay::Date(wall_clock_date(day).expect("date")),
    };
    let start = TimeOfDay::parse_wall_clock(start).expect("start");
    let end = WindowEnd::delivery(TimeOfDay::parse_wall_clock(end).expect("end"));
    let effect = if allow { Effect::Allow } else { Effect::Deny };
    Rule::new(day, start, end, effect).expect("rule")
}

/// (case name, rules, [(local time in UTC zone, expected open)])
type Case = (&'static str, Vec<Rule>, Vec<(&'static str, bool)>);

// 2026-03-09 is a Monday.
fn delivery_cases() -> Vec<Case> {
    vec![
        (
            "half-open window",
            vec![rule("Mon", "09:00", "17:00", true)],
            vec![
                ("2026-03-09 08:59:59", false),
                ("2026-03-09 09:00", true),
                ("2026-03-09 16:59:59", true),
                ("2026-03-09 17:00", false),
                ("2026-03-10 10:00", false),
            ],
        ),
        (
            "static date replaces its weekday's rules",
            vec![
                rule("Mon", "09:00", "17:00", true),
                rule("2026-03-09T00:00:00Z", "12:00", "13:00", true),
            ],
            vec![
                ("2026-03-09 10:00", false),
                ("2026-03-09 12:30", true),
                ("2026-03-16 10:00", true),
                ("2026-03-16 12:30", true),
            ],
        ),
        (
            "deny window subtracts from allow",
            vec![
                rule("Mon", "09:00", "17:00", true),
                rule("Mon", "12:00", "13:00", false),
            ],
            vec![
                ("2026-03-09 11:59:59", true),
                ("2026-03-09 12:30", false),
                ("2026-03-09 13:00", true),
            ],
        ),
        (
            "overnight tail counts on the next day without rules of its own",
            vec![rule("Fri", "22:00", "02:00", true)],
            vec![
                ("2026-03-13 21:59", false),
                ("2026-03-13 23:00", true),
                ("2026-03-14 01:59:59", true),
                ("2026-03-14 02:00", false),
            ],
        ),
        (
            "overnight tail survives a static date on the next day",
            vec![
                rule("Fri", "22:00", "02:00", true),
                rule("2026-03-14", "10:00", "11:00", true),
            ],
            vec![
                ("2026-03-14 01:00", true),
                ("2026-03-14 10:30", true),
                ("2026-03-14 09:00", false),
            ],
        ),
        (
            "overnight deny tail denies the next day",
            vec![
                rule("Mon", "00:00", "24:00", true),
                rule("Sun", "23:00", "01:00", false),
            ],
            vec![("2026-03-09 00:30", false), ("2026-03-09 01:00", true)],
        ),
        (
            "23:59 end is end of day",
            vec![rule("Mon", "20:00", "23:59", true)],
            vec![("2026-03-09 23:59:30", true), ("2026-03-10 00:00", false)],
        ),
        (
            "23:59:30 end is literal",
            vec![rule("Mon", "20:00", "23:59:30", true)],
            vec![
                ("2026-03-09 23:59:29", true),
                ("2026-03-09 23:59:45", false),
            ],
        ),
        (
            "end == start is a 24-hour window",
            vec![rule("Mon", "09:00", "09:00", true)],
            vec![
                ("2026-03-09 08:59", false),
                ("2026-03-10 08:59:59", true),
                ("2026-03-10 09:00", false),
            ],
        ),
        (
            "saturday overnight wraps into sunday",
            vec![rule("Sat", "22:00", "06:00", true)],
            vec![("2026-03-15 05:00", true), ("2026-03-15 06:00", false)],
        ),
        (
            "overlapping windows merge",
            vec![
                rule("Mon", "09:00", "12:00", true),
                rule("Mon", "11:00", "14:00", true),
            ],
            vec![("2026-03-09 13:00", true), ("2026-03-09 14:00", false)],
        ),
        (
            "a deny-only date opens nothing but keeps yesterday's tail",
            vec![
                rule("Sun", "22:00", "02:00", true),
                rule("Mon", "09:00", "17:00", true),
                rule("2026-03-09", "09:00", "10:00", false),
            ],
            vec![("2026-03-09 01:00", true), ("2026-03-09 12:00", false)],
        ),
        (
            "iso date-time digits are the wall clock",
            vec![rule(
                "Mon",
                "2020-08-25T14:23:40.877Z",
                "2020-08-25T15:00:00+02:00",
                true,
            )],
            vec![
                ("2026-03-09 14:23:39", false),
                ("2026-03-09 14:23:40", true),
                ("2026-03-09 15:00", false),
            ],
        ),
    ]
}

#[test]
fn delivery_rules_table() {
    for (name, rules, checks) in delivery_cases() {
        let h = WeeklyHours::from_delivery_rules(rules);
        for (l, want) in checks {
            let t = local(l).and_utc();
            assert_eq!(h.is_open(&Zone::UTC, t), want, "{name} at {l}");
        }
    }
}

#[test]
fn no_rules_is_always_open_and_new_without_rules_never() {
    let h = WeeklyHours::from_delivery_rules([]);
    assert!(h.is_open(&Zone::UTC, utc("2026-03-09T03:00:00Z")));
    assert_eq!(h.next_change(&Zone::UTC, utc("2026-03-09T03:00:00Z")), None);
    let never = WeeklyHours::new([], []);
    assert!(never.is_never_open());
    assert_eq!(
        never.next_open(&zone("America/New_York"), utc("2026-03-09T03:00:00Z")),
        None
    );
}

fn spans(h: &WeeklyHours, z: &Zone, a: &str, b: &str) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    h.open_intervals(z, utc(a), utc(b)).collect()
}

#[test]
fn dst_windows_new_york() {
    let ny = zone("America/New_York");
    // 2026-03-08 and 2026-11-01 are Sundays.
    let gap = WeeklyHours::new([rule("Sun", "02:30", "04:00", true)], []);
    assert_eq!(
        spans(&gap, &ny, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z"),
        vec![(utc("2026-03-08T07:00:00Z"), utc("2026-03-08T08:00:00Z"))],
        "window starting in the gap opens at 03:00 EDT"
    );
    let ends_in_fold = WeeklyHours::new([rule("Sun", "00:00", "01:30", true)], []);
    assert_eq!(
        spans(
            &ends_in_fold,
            &ny,
            "2026-11-01T00:00:00Z",
            "2026-11-02T00:00:00Z"
        ),
        vec![(utc("2026-11-01T04:00:00Z"), utc("2026-11-01T05:30:00Z"))],
        "window ending in the fold ends at the first 01:30"
    );
    let starts_in_fold = WeeklyHours::new([rule("Sun", "01:30", "03:00", true)], []);
    assert_eq!(
        spans(
            &starts_in_fold,
            &ny,
            "2026-11-01T00:00:00Z",
            "2026-11-02T00:00:00Z"
        ),
        vec![(utc("2026-11-01T05:30:00Z"), utc("2026-11-01T08:00:00Z"))],
        "window starting in the fold starts at the first 01:30 and runs through the repeat"
    );
    let whole_day = WeeklyHours::new([rule("Sun", "00:00", "24:00", true)], []);
    let secs = |a, b| {
        whole_day
            .open_seconds(&ny, utc(a), utc(b))
            .expect("ordered")
    };
    assert_eq!(
        secs("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z"),
        25 * 3600,
        "25 h day"
    );
    assert_eq!(
        secs("2026-03-08T00:00:00Z", "2026-03-10T00:00:00Z"),
        23 * 3600,
        "23 h day"
    );
    let overnight = WeeklyHours::new([rule("Sat", "22:00", "06:00", true)], []);
    assert_eq!(
        overnight
            .open_seconds(
                &ny,
                utc("2026-03-07T00:00:00Z"),
                utc("2026-03-09T00:00:00Z")
            )
            .expect("ordered"),
        7 * 3600,
        "overnight window across spring-forward is 7 real hours"
    );
    assert_eq!(
        overnight
            .open_seconds(
                &ny,
                utc("2026-10-31T00:00:00Z"),
                utc("2026-11-02T00:00:00Z")
            )
            .expect("ordered"),
        9 * 3600,
        "overnight window across fall-back is 9 real hours"
    );
}

#[test]
fn next_open_and_next_change() {
    let ny = zone("America/New_York");
    let h = WeeklyHours::new([rule("Mon", "09:00", "17:00", true)], []);
    // Monday 2026-03-09 09:00 EDT = 13:00Z.
    assert_eq!(
        h.next_open(&ny, utc("2026-03-07T00:00:00Z")),
        Some(utc("2026-03-09T13:00:00Z"))
    );
    assert_eq!(
        h.next_open(&ny, utc("2026-03-09T14:00:00Z")),
        Some(utc("2026-03-09T14:00:00Z")),
        "open now"
    );
    assert_eq!(
        h.next_change(&ny, utc("2026-03-09T14:00:00Z")),
        Some(utc("2026-03-09T21:00:00Z")),
        "closes 17:00 EDT"
    );
    assert_eq!(
        h.next_change(&ny, utc("2026-03-09T21:00:00Z")),
        Some(utc("2026-03-16T13:00:00Z")),
        "next monday"
    );
    assert!(
        h.open_seconds(
            &ny,
            utc("2026-03-10T00:00:00Z"),
            utc("2026-03-09T00:00:00Z")
        )
        .is_err(),
        "b < a"
    );
}

#[test]
fn holidays_remove_windows_that_open_that_day() {
    let h = WeeklyHours::new(
        [
            rule("Sun", "22:00", "02:00", true),
            rule("Mon", "22:00", "02:00", true),
        ],
        [date("2026-03-09")],
    );
    let z = Zone::UTC;
    assert!(
        h.is_open(&z, utc("2026-03-09T01:00:00Z")),
        "sunday's tail still counts on the holiday"
    );
    assert!(
        !h.is_open(&z, utc("2026-03-09T23:00:00Z")),
        "the holiday's own window is gone"
    );
    assert!(
        h.is_open(&z, utc("2026-03-16T23:00:00Z")),
        "next monday opens"
    );
}

/// `is_open` just before, in and after folds and gaps: inside a fold the wall clock
/// repeats times already shown, so windows that ended stay ended and windows that began
/// stay open (the monotone reading).
#[test]
fn is_open_around_folds_and_gaps() {
    // (case, zone, weekday rule, instant, expected)
    type Case<'a> = (&'a str, &'a str, (&'a str, &'a str, &'a str), &'a str, bool);
    let cases: &[Case<'_>] = &[
        (
            "ny fold: window ended at the first 01:30 stays closed in the repeat",
            "America/New_York",
            ("Sun", "00:00", "01:30"),
            "2026-11-01T06:10:00Z",
            false,
        ),
        (
            "ny fold: still open just before the first 01:30",
            "America/New_York",
            ("Sun", "00:00", "01:30"),
            "2026-11-01T05:29:59Z",
            true,
        ),
        (
            "ny fold: window begun at the first 01:30 stays open in the repeat",
            "America/New_York",
            ("Sun", "01:30", "03:00"),
            "2026-11-01T06:10:00Z",
            true,
        ),
        (
            "ny fold: and before the repeat reaches 01:30",
            "America/New_York",
            ("Sun", "01:30", "03:00"),
            "2026-11-01T06:00:00Z",
            true,
        ),
        (
            "ny fold: 02:00 window closed during the repeated hour",
            "America/New_York",
            ("Sun", "02:00", "03:00"),
            "2026-11-01T06:59:59Z",
            false,
        ),
        (
            "ny fold: 02:00 window opens at 02:00 EST",
            "America/New_York",
            ("Sun", "02:00", "03:00"),
            "2026-11-01T07:00:00Z",
            true,
        ),
        (
            "ny gap: 02:30 window closed just before the gap",
            "America/New_York",
            ("Sun", "02:30", "04:00"),
            "2026-03-08T06:59:59Z",
            false,
        ),
        (
            "ny gap: open at the transition",
            "America/New_York",
            ("Sun", "02:30", "04:00"),
            "2026-03-08T07:00:00Z",
            true,
        ),
        (
            "santiago fold: repeated 23:30 after a window ending 23:45",
            "America/Santiago",
            ("Sat", "22:00", "23:45"),
            "2026-04-05T03:30:00Z",
            false,
        ),
        (
            "santiago fold: repeated 23:xx inside a window to 24:00",
            "America/Santiago",
            ("Sat", "22:00", "24:00"),
            "2026-04-05T03:30:00Z",
            true,
        ),
        (
            "santiago fold: the new day starts after the repeat",
            "America/Santiago",
            ("Sun", "00:00", "01:00"),
            "2026-04-05T03:59:59Z",
            false,
        ),
        (
            "santiago fold: sunday window at 00:00 -04",
            "America/Santiago",
            ("Sun", "00:00", "01:00"),
            "2026-04-05T04:00:00Z",
            true,
        ),
        (
            "lord howe 30-min fold: window ended at 01:45 stays closed",
            "Australia/Lord_Howe",
            ("Sun", "01:00", "01:45"),
            "2026-04-04T15:10:00Z",
            false,
        ),
        (
            "troll 2 h fold: window 02:00-02:30 ended before the repeat",
            "Antarctica/Troll",
            ("Sun", "02:00", "02:30"),
            "2026-10-25T01:45:00Z",
            false,
        ),
        (
            "troll 2 h fold: window 02:00-03:30 stays open through the repeat",
            "Antarctica/Troll",
            ("Sun", "02:00", "03:30"),
            "2026-10-25T01:45:00Z",
            true,
        ),
        (
            "troll 2 h fold: and closes at 03:30 +00",
            "Antarctica/Troll",
            ("Sun", "02:00", "03:30"),
            "2026-10-25T03:30:00Z",
            false,
        ),
    ];
    for &(name, z, (d, s, e), t, want) in cases {
        let h = WeeklyHours::new([rule(d, s, e, true)], []);
        let z = zone(z);
        assert_eq!(h.is_open(&z, utc(t)), want, "{name}");
        assert_eq!(
            leadroute_time::ZonedHours::new(h, z).is_open(utc(t)),
            want,
            "{name} (bound)"
        );
    }
}
