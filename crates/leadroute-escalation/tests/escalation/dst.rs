//! Escalation across DST the jiff way: for each zone, windows that start in a gap, end in
//! a fold, days of 23 / 25 (or 22, 23.5) hours, overnight windows over a transition, and
//! zones whose change happens at midnight. Expected instants computed by hand from the
//! boundary rule (first instant whose wall clock reads the time or later).

use super::support::*;

/// (case, zone, entries, from, seconds, expected)
type Case = (
    &'static str,
    &'static str,
    Vec<leadroute_escalation::EscalationDay>,
    &'static str,
    u64,
    Option<&'static str>,
);

fn cases() -> Vec<Case> {
    let sun = |o: &str, c: &str| vec![day(0, Some(o), Some(c))];
    vec![
        // America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
        (
            "ny: just before the gap, window starting in it opens at 03:00 EDT",
            "America/New_York",
            sun("02:30:00", "04:00:00"),
            "2026-03-08T06:59:59Z",
            0,
            Some("2026-03-08T07:00:00Z"),
        ),
        (
            "ny: half an hour into the gap window",
            "America/New_York",
            sun("02:30:00", "04:00:00"),
            "2026-03-08T06:00:00Z",
            1800,
            Some("2026-03-08T07:30:00Z"),
        ),
        (
            "ny: gap window is one real hour",
            "America/New_York",
            sun("02:30:00", "04:00:00"),
            "2026-03-08T06:00:00Z",
            3600,
            Some("2026-03-08T08:00:00Z"),
        ),
        (
            "ny: window ending in the fold ends at the first 01:30",
            "America/New_York",
            sun("00:00:00", "01:30:00"),
            "2026-11-01T04:00:00Z",
            5400,
            Some("2026-11-01T05:30:00Z"),
        ),
        (
            "ny: after the fold window, next sunday",
            "America/New_York",
            sun("00:00:00", "01:30:00"),
            "2026-11-01T04:00:00Z",
            5401,
            Some("2026-11-08T05:00:01Z"),
        ),
        (
            "ny: window starting in the fold runs through the repeat",
            "America/New_York",
            sun("01:30:00", "03:00:00"),
            "2026-11-01T05:00:00Z",
            9000,
            Some("2026-11-01T08:00:00Z"),
        ),
        (
            "ny: 25 h day counted in real time",
            "America/New_York",
            vec![day(0, None, None)],
            "2026-11-01T04:00:00Z",
            25 * 3600,
            Some("2026-11-02T05:00:00Z"),
        ),
        (
            "ny: 24 h into the 25 h day",
            "America/New_York",
            vec![day(0, None, None)],
            "2026-11-01T04:00:00Z",
            24 * 3600,
            Some("2026-11-02T04:00:00Z"),
        ),
        (
            "ny: 23 h day",
            "America/New_York",
            vec![day(0, None, None)],
            "2026-03-08T05:00:00Z",
            23 * 3600,
            Some("2026-03-09T04:00:00Z"),
        ),
        (
            "ny: overnight window over spring-forward is 7 h",
            "America/New_York",
            vec![day(6, Some("22:00:00"), Some("06:00:00"))],
            "2026-03-07T00:00:00Z",
            7 * 3600,
            Some("2026-03-08T10:00:00Z"),
        ),
        (
            "ny: overnight window over fall-back is 9 h",
            "America/New_York",
            vec![day(6, Some("22:00:00"), Some("06:00:00"))],
            "2026-10-31T00:00:00Z",
            9 * 3600,
            Some("2026-11-01T11:00:00Z"),
        ),
        (
            "ny: window ending at 02:00 on the fall-back day runs through the whole repeat (02:00 is first read at 07:00Z)",
            "America/New_York",
            sun("01:30:00", "02:00:00"),
            "2026-11-01T05:00:00Z",
            5400,
            Some("2026-11-01T07:00:00Z"),
        ),
        (
            "ny: second-pass 01:10 EST lies inside the 01:30-02:00 window (open at t)",
            "America/New_York",
            sun("01:30:00", "02:00:00"),
            "2026-11-01T06:10:00Z",
            0,
            Some("2026-11-01T06:10:00Z"),
        ),
        (
            "ny: window opening at 02:00 on the fall-back day opens at 02:00 EST, after the repeat",
            "America/New_York",
            sun("02:00:00", "03:00:00"),
            "2026-11-01T05:00:00Z",
            0,
            Some("2026-11-01T07:00:00Z"),
        ),
        (
            "ny: and that window is one real hour",
            "America/New_York",
            sun("02:00:00", "03:00:00"),
            "2026-11-01T05:00:00Z",
            3600,
            Some("2026-11-01T08:00:00Z"),
        ),
        (
            "ny: d > 0 from the transition instant inside a 01:00-04:00 window",
            "America/New_York",
            sun("01:00:00", "04:00:00"),
            "2026-03-08T07:00:00Z",
            3600,
            Some("2026-03-08T08:00:00Z"),
        ),
        (
            "ny: 01:00-04:00 over the gap is 2 real hours",
            "America/New_York",
            sun("01:00:00", "04:00:00"),
            "2026-03-08T06:30:00Z",
            5400,
            Some("2026-03-08T08:00:00Z"),
        ),
        // Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST (01:00Z).
        (
            "london: 00:30-02:30 over the gap is 1 h",
            "Europe/London",
            sun("00:30:00", "02:30:00"),
            "2026-03-29T00:00:00Z",
            3600,
            Some("2026-03-29T01:30:00Z"),
        ),
        // Australia/Sydney: 2026-04-05 03:00 AEDT -> 02:00 AEST (2026-04-04T16:00Z).
        (
            "sydney: 02:00-03:00 through the fold is 2 real hours",
            "Australia/Sydney",
            sun("02:00:00", "03:00:00"),
            "2026-04-04T14:00:00Z",
            7200,
            Some("2026-04-04T17:00:00Z"),
        ),
        (
            "sydney: opens at the first 02:00",
            "Australia/Sydney",
            sun("02:00:00", "03:00:00"),
            "2026-04-04T14:00:00Z",
            0,
            Some("2026-04-04T15:00:00Z"),
        ),
        // Asia/Kathmandu +05:45.
        (
            "kathmandu: odd offset",
            "Asia/Kathmandu",
            vec![day(1, Some("09:00:00"), Some("17:00:00"))],
            "2026-03-09T03:00:00Z",
            3600,
            Some("2026-03-09T04:15:00Z"),
        ),
        // Pacific/Chatham: 2026-09-27 02:45 +12:45 -> 03:45 +13:45 (2026-09-26T14:00Z).
        (
            "chatham: window starting in the gap opens at the transition",
            "Pacific/Chatham",
            sun("03:00:00", "05:00:00"),
            "2026-09-26T12:00:00Z",
            0,
            Some("2026-09-26T14:00:00Z"),
        ),
        (
            "chatham: 1 h into it",
            "Pacific/Chatham",
            sun("03:00:00", "05:00:00"),
            "2026-09-26T12:00:00Z",
            3600,
            Some("2026-09-26T15:00:00Z"),
        ),
        (
            "chatham: 75 min that week, rest next week",
            "Pacific/Chatham",
            sun("03:00:00", "05:00:00"),
            "2026-09-26T12:00:00Z",
            7200,
            Some("2026-10-03T14:00:00Z"),
        ),
        // Australia/Lord_Howe: 2026-04-05 02:00 +11 -> 01:30 +10:30 (2026-04-04T15:00Z).
        (
            "lord howe: 01:00-02:00 over the 30-min fold is 90 min",
            "Australia/Lord_Howe",
            sun("01:00:00", "02:00:00"),
            "2026-04-04T14:00:00Z",
            5400,
            Some("2026-04-04T15:30:00Z"),
        ),
        // America/Havana: 2026-03-08 00:00 CST -> 01:00 CDT (05:00Z); 2026-11-01 01:00 CDT -> 00:00 CST (05:00Z).
        (
            "havana: window at a midnight that does not exist",
            "America/Havana",
            sun("00:00:00", "02:00:00"),
            "2026-03-08T04:00:00Z",
            0,
            Some("2026-03-08T05:00:00Z"),
        ),
        (
            "havana: and it is 1 h long",
            "America/Havana",
            sun("00:00:00", "02:00:00"),
            "2026-03-08T04:00:00Z",
            3600,
            Some("2026-03-08T06:00:00Z"),
        ),
        (
            "havana: overnight ending in the fold at the first 00:30",
            "America/Havana",
            vec![day(6, Some("23:00:00"), Some("00:30:00"))],
            "2026-11-01T03:00:00Z",
            5400,
            Some("2026-11-01T04:30:00Z"),
        ),
        // America/Santiago: 2026-04-05 00:00 -03 -> 2026-04-04 23:00 -04 (03:00Z); 2026-09-06 00:00 -04 -> 01:00 -03 (04:00Z).
        (
            "santiago: 22:00-24:00 through the fold is 3 h",
            "America/Santiago",
            vec![day(6, Some("22:00:00"), Some("24:00:00"))],
            "2026-04-05T01:00:00Z",
            3 * 3600,
            Some("2026-04-05T04:00:00Z"),
        ),
        (
            "santiago: midnight gap, window opens at the transition",
            "America/Santiago",
            sun("00:00:00", "02:00:00"),
            "2026-09-06T03:00:00Z",
            0,
            Some("2026-09-06T04:00:00Z"),
        ),
        (
            "santiago: and it is 1 h long",
            "America/Santiago",
            sun("00:00:00", "02:00:00"),
            "2026-09-06T03:00:00Z",
            3600,
            Some("2026-09-06T05:00:00Z"),
        ),
        // Antarctica/Troll: 2026-03-29 01:00Z +00 -> +02.
        (
            "troll: 00:00-04:00 over the 2 h gap is 2 h",
            "Antarctica/Troll",
            sun("00:00:00", "04:00:00"),
            "2026-03-29T00:00:00Z",
            7200,
            Some("2026-03-29T02:00:00Z"),
        ),
        (
            "troll: one second more is next sunday",
            "Antarctica/Troll",
            sun("00:00:00", "04:00:00"),
            "2026-03-29T00:00:00Z",
            7201,
            Some("2026-04-04T22:00:01Z"),
        ),
    ]
}

#[test]
fn dst_tables() {
    for (name, z, days, from, d, want) in cases() {
        let s = compile(&days, z);
        let got = s.escalates_at(utc(from), d);
        assert_eq!(got, want.map(utc), "{name}");
        // The independent reference agrees (minute-aligned cases).
        if d % 60 == 0 && utc(from).timestamp() % 60 == 0 {
            let mut r = Reference::new(zone(z), days.clone(), vec![]);
            let limit = utc(from).timestamp() + 40 * 86_400;
            assert_eq!(
                r.escalates_at(utc(from).timestamp(), d as i64, limit),
                got.map(|g| g.timestamp()),
                "{name}: reference"
            );
        }
    }
}

#[test]
fn open_seconds_counts_real_hours_of_dst_days() {
    // America/New_York, empty list (always open). 2026-11-01 is 25 h, 2026-03-08 is 23 h.
    let s = compile(&[], "America/New_York");
    let cases: &[(&str, &str, &str, i64)] = &[
        (
            "25 h fall-back day",
            "2026-11-01T04:00:00Z",
            "2026-11-02T05:00:00Z",
            90_000,
        ),
        (
            "23 h spring-forward day",
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
            82_800,
        ),
    ];
    for &(name, a, b, want) in cases {
        assert_eq!(s.open_seconds(utc(a), utc(b)).ok(), Some(want), "{name}");
    }
}

#[test]
fn holiday_keeps_previous_nights_tail_across_fall_back() {
    // Saturday 22:00 - 06:00 overnight, Sunday 08:00-10:00; Sunday 2026-11-01 is a holiday.
    // Saturday 2026-10-31 22:00 EDT = 11-01T02:00Z; Sunday 06:00 EST = 11:00Z: 9 real hours.
    let days = vec![
        day(6, Some("22:00:00"), Some("06:00:00")),
        day(0, Some("08:00:00"), Some("10:00:00")),
    ];
    let hol = [chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date")];
    let s =
        leadroute_escalation::EscalationSchedule::compile(&days, &hol, zone("America/New_York"))
            .expect("valid");
    assert_eq!(
        s.escalates_at(utc("2026-11-01T02:00:00Z"), 9 * 3600),
        Some(utc("2026-11-01T11:00:00Z")),
        "the tail of saturday's window counts on the holiday"
    );
    // Sunday's own 08:00-10:00 is gone; the next open time is Saturday 2026-11-07 22:00 EST.
    assert_eq!(
        s.escalates_at(utc("2026-11-01T02:00:00Z"), 9 * 3600 + 1),
        Some(utc("2026-11-08T03:00:01Z")),
        "the holiday's own window does not open"
    );
}
