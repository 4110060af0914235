//! SPEC 10's documented example verbatim, the rules of section 10 one by one, and the
//! lead-type payload of the CRM document.

use super::support::*;
use leadroute_escalation::{EscalationSchedule, EscalationSettings, LeadTypeEscalation};

/// Mon-Thu 08:00-16:00, Fri 09:00-15:30, weekends closed (the document's payload order).
fn documented() -> Vec<leadroute_escalation::EscalationDay> {
    let mut days: Vec<_> = (1..=4)
        .map(|d| day(d, Some("08:00:00"), Some("16:00:00")))
        .collect();
    days.push(day(5, Some("09:00:00"), Some("15:30:00")));
    days.push(closed(6));
    days.push(closed(0));
    days
}

#[test]
fn documented_example() {
    // America/New_York, March 2026 (EDT, -04:00). Friday 2026-03-13, Monday 2026-03-16.
    let s = compile(&documented(), "America/New_York");
    let cases: &[(&str, &str, u64, &str)] = &[
        (
            "friday 15:31, d = 0: monday 08:00",
            "2026-03-13T15:31:00-04:00",
            0,
            "2026-03-16T08:00:00-04:00",
        ),
        (
            "friday 15:31, d = 3600: monday 09:00",
            "2026-03-13T15:31:00-04:00",
            3600,
            "2026-03-16T09:00:00-04:00",
        ),
        (
            "thursday 15:30, d = 3600: friday 09:30",
            "2026-03-12T15:30:00-04:00",
            3600,
            "2026-03-13T09:30:00-04:00",
        ),
        (
            "saturday noon, d = 0: monday 08:00",
            "2026-03-14T12:00:00-04:00",
            0,
            "2026-03-16T08:00:00-04:00",
        ),
        (
            "monday 07:59, d = 0: monday 08:00",
            "2026-03-16T07:59:00-04:00",
            0,
            "2026-03-16T08:00:00-04:00",
        ),
        (
            "15:00 + 1 h is the closing instant 16:00",
            "2026-03-16T15:00:00-04:00",
            3600,
            "2026-03-16T16:00:00-04:00",
        ),
        (
            "at the closing instant, d = 0: closed (half-open), next morning",
            "2026-03-16T16:00:00-04:00",
            0,
            "2026-03-17T08:00:00-04:00",
        ),
        (
            "at the closing instant, d = 1: one second after next opening",
            "2026-03-16T16:00:00-04:00",
            1,
            "2026-03-17T08:00:01-04:00",
        ),
        (
            "open at t, d = 0: t itself",
            "2026-03-16T10:00:00-04:00",
            0,
            "2026-03-16T10:00:00-04:00",
        ),
        (
            "one full week of open time (38.5 h)",
            "2026-03-16T08:00:00-04:00",
            138_600,
            "2026-03-20T15:30:00-04:00",
        ),
    ];
    for &(name, from, d, want) in cases {
        assert_eq!(s.escalates_at(utc(from), d), Some(utc(want)), "{name}");
    }
    assert_eq!(
        s.open_seconds(
            utc("2026-03-13T15:00:00-04:00"),
            utc("2026-03-16T09:00:00-04:00")
        )
        .ok(),
        Some(3600 + 1800)
    );
    assert!(
        s.open_seconds(
            utc("2026-03-16T09:00:00-04:00"),
            utc("2026-03-13T15:00:00-04:00")
        )
        .is_err(),
        "b < a"
    );
    assert_eq!(
        s.next_open(utc("2026-03-13T15:31:00-04:00")),
        Some(utc("2026-03-16T08:00:00-04:00"))
    );
}

#[test]
fn section_10_rules() {
    let z = "UTC";
    // 2026-03-09 is a Monday.
    type Case<'a> = (
        &'a str,
        Vec<leadroute_escalation::EscalationDay>,
        &'a str,
        u64,
        Option<&'a str>,
    );
    let cases: Vec<Case<'_>> = vec![
        (
            "closed: true wins over open/close",
            vec![
                leadroute_escalation::EscalationDay {
                    day_of_week: 1,
                    closed: true,
                    open: Some("08:00:00".into()),
                    close: Some("16:00:00".into()),
                },
                day(2, Some("08:00:00"), Some("09:00:00")),
            ],
            "2026-03-09T00:00:00Z",
            0,
            Some("2026-03-10T08:00:00Z"),
        ),
        (
            "null open is 00:00",
            vec![day(1, None, Some("01:00:00"))],
            "2026-03-08T12:00:00Z",
            0,
            Some("2026-03-09T00:00:00Z"),
        ),
        (
            "null close is 24:00",
            vec![day(1, Some("23:00:00"), None)],
            "2026-03-09T23:00:00Z",
            3600,
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "both null: whole day",
            vec![day(1, None, None)],
            "2026-03-09T00:00:00Z",
            86_400,
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "close 24:00:00",
            vec![day(1, Some("22:00:00"), Some("24:00:00"))],
            "2026-03-09T22:00:00Z",
            7200,
            Some("2026-03-10T00:00:00Z"),
        ),
        (
            "23:59:59 is literal",
            vec![day(1, Some("22:00:00"), Some("23:59:59"))],
            "2026-03-09T22:00:00Z",
            7200,
            Some("2026-03-16T22:00:01Z"),
        ),
        (
            "overnight belongs to the opening day",
            vec![day(1, Some("22:00:00"), Some("02:00:00"))],
            "2026-03-09T22:00:00Z",
            4 * 3600,
            Some("2026-03-10T02:00:00Z"),
        ),
        (
            "open == close is 24 hours",
            vec![day(1, Some("09:00:00"), Some("09:00:00"))],
            "2026-03-09T09:00:00Z",
            86_400,
            Some("2026-03-10T09:00:00Z"),
        ),
        (
            "entries of one weekday merge",
            vec![
                day(1, Some("08:00:00"), Some("12:00:00")),
                day(1, Some("11:00:00"), Some("13:00:00")),
            ],
            "2026-03-09T08:00:00Z",
            5 * 3600,
            Some("2026-03-09T13:00:00Z"),
        ),
        (
            "overlap is not counted twice",
            vec![
                day(1, Some("08:00:00"), Some("12:00:00")),
                day(1, Some("08:00:00"), Some("12:00:00")),
            ],
            "2026-03-09T08:00:00Z",
            4 * 3600 + 1,
            Some("2026-03-16T08:00:01Z"),
        ),
        (
            "missing weekday is closed",
            vec![day(1, Some("08:00:00"), Some("09:00:00"))],
            "2026-03-10T08:00:00Z",
            0,
            Some("2026-03-16T08:00:00Z"),
        ),
        (
            "empty list is always open",
            vec![],
            "2026-03-10T08:00:00Z",
            1_000_000,
            Some("2026-03-21T21:46:40Z"),
        ),
        (
            "no open day: none instead of looping",
            vec![closed(0), closed(1)],
            "2026-03-10T08:00:00Z",
            60,
            None,
        ),
        (
            "no open day, d = 0: none",
            vec![closed(3)],
            "2026-03-10T08:00:00Z",
            0,
            None,
        ),
    ];
    for (name, days, from, d, want) in cases {
        let s = compile(&days, z);
        assert_eq!(s.escalates_at(utc(from), d), want.map(utc), "{name}");
    }
}

#[test]
fn holidays_remove_windows_opening_that_day() {
    let days = vec![
        day(0, Some("22:00:00"), Some("02:00:00")),
        day(1, Some("08:00:00"), Some("16:00:00")),
    ];
    let hol = [chrono::NaiveDate::from_ymd_opt(2026, 3, 9).expect("date")];
    let s = EscalationSchedule::compile(&days, &hol, zone("UTC")).expect("valid");
    // Sunday 22:00 - Monday 02:00 still counts; Monday's own window is gone.
    assert_eq!(
        s.escalates_at(utc("2026-03-08T22:00:00Z"), 4 * 3600),
        Some(utc("2026-03-09T02:00:00Z"))
    );
    assert_eq!(
        s.escalates_at(utc("2026-03-09T02:00:00Z"), 0),
        Some(utc("2026-03-15T22:00:00Z"))
    );
    let always = EscalationSchedule::compile(&[], &hol, zone("UTC")).expect("valid");
    assert_eq!(
        always.next_open(utc("2026-03-09T05:00:00Z")),
        Some(utc("2026-03-10T00:00:00Z")),
        "always open minus a holiday"
    );
}

#[test]
fn document_payload_and_team_override() {
    let payload = r#"{
      "name": "Website leads", "escalation_accept": 86400, "escalation_activity": 172800,
      "escalation_active": [
        {"closed": false, "open": "08:00:00", "close": "16:00:00", "day_of_week": 1},
        {"closed": false, "open": "08:00:00", "close": "16:00:00", "day_of_week": 2},
        {"closed": false, "open": "08:00:00", "close": "16:00:00", "day_of_week": 3},
        {"closed": false, "open": "08:00:00", "close": "16:00:00", "day_of_week": 4},
        {"closed": false, "open": "09:00:00", "close": "15:30:00", "day_of_week": 5},
        {"closed": true, "day_of_week": 6},
        {"closed": true, "day_of_week": 0}
      ],
      "timezone": "Romance Standard Time"
    }"#;
    let company: EscalationSettings = serde_json::from_str(payload).expect("document shape");
    let lt = LeadTypeEscalation::from_settings(&company, &zone("UTC")).expect("valid");
    assert_eq!(
        lt.schedule().zone().name(),
        "Europe/Paris",
        "windows zone name"
    );
    // Created Friday 2026-03-13 15:00 CET: 24 open hours = 0.5 h Fri + 8 Mon + 8 Tue + 7.5 Wed.
    assert_eq!(
        lt.accept_deadline(utc("2026-03-13T15:00:00+01:00")),
        Some(utc("2026-03-18T15:30:00+01:00"))
    );
    // Activity, from acceptance Monday 08:00: 48 open hours.
    assert_eq!(
        lt.activity_deadline(utc("2026-03-16T08:00:00+01:00")),
        Some(utc("2026-03-24T09:30:00+01:00"))
    );

    let team: EscalationSettings = serde_json::from_str(
        r#"{"escalation_accept": 3600, "escalation_active": [{"day_of_week": 6, "closed": false, "open": "10:00:00", "close": "12:00:00"}]}"#,
    )
    .expect("team shape");
    let merged =
        LeadTypeEscalation::from_settings(&company.with_team(&team), &zone("UTC")).expect("valid");
    // Saturday now opens 10-12 (team), the weekdays keep the company's hours.
    assert_eq!(
        merged.accept_deadline(utc("2026-03-13T15:31:00+01:00")),
        Some(utc("2026-03-14T11:00:00+01:00"))
    );
    assert_eq!(
        merged
            .schedule()
            .escalates_at(utc("2026-03-16T07:00:00+01:00"), 0),
        Some(utc("2026-03-16T08:00:00+01:00"))
    );

    let always_company = EscalationSettings::default();
    let team_monday: EscalationSettings =
        serde_json::from_str(r#"{"escalation_active": [{"day_of_week": 1, "closed": true}]}"#)
            .expect("team shape");
    let m =
        EscalationSchedule::from_settings(&always_company.with_team(&team_monday), &zone("UTC"))
            .expect("valid");
    assert!(
        m.is_open(utc("2026-03-10T03:00:00Z")),
        "other days stay always open"
    );
    assert!(
        !m.is_open(utc("2026-03-09T03:00:00Z")),
        "the team closed monday"
    );
}

#[test]
fn documented_week_across_spring_forward() {
    // Friday 2026-03-06 15:31 EST (closed). The week Mon 9 - Fri 13 (EDT from Sunday 8) has
    // 38.5 open hours; one more hour is Monday 2026-03-16 09:00 EDT = 13:00Z.
    let s = compile(&documented(), "America/New_York");
    assert_eq!(
        s.escalates_at(utc("2026-03-06T15:31:00-05:00"), 138_600 + 3600),
        Some(utc("2026-03-16T13:00:00Z"))
    );
}

#[test]
fn closed_day_keeps_previous_nights_overnight_tail() {
    // Sunday 22:00-02:00 belongs to Sunday; Monday closed: true does not cut its tail.
    let s = compile(
        &[day(0, Some("22:00:00"), Some("02:00:00")), closed(1)],
        "UTC",
    );
    assert!(
        s.is_open(utc("2026-03-09T01:00:00Z")),
        "monday 01:00 is sunday's tail"
    );
    assert_eq!(
        s.escalates_at(utc("2026-03-08T22:00:00Z"), 4 * 3600),
        Some(utc("2026-03-09T02:00:00Z"))
    );
}

#[test]
fn windows_of_adjacent_days_overlapping_are_merged() {
    // Sunday 12:00-12:00 (24 h, to Monday 12:00) overlaps Monday 08:00-16:00: Sunday 12:00 to
    // Monday 16:00 is 28 open hours, not 24 + 8.
    let s = compile(
        &[
            day(0, Some("12:00:00"), Some("12:00:00")),
            day(1, Some("08:00:00"), Some("16:00:00")),
        ],
        "UTC",
    );
    assert_eq!(
        s.open_seconds(utc("2026-03-08T12:00:00Z"), utc("2026-03-09T16:00:00Z"))
            .ok(),
        Some(28 * 3600)
    );
    assert_eq!(
        s.escalates_at(utc("2026-03-08T12:00:00Z"), 28 * 3600),
        Some(utc("2026-03-09T16:00:00Z"))
    );
    assert_eq!(
        s.escalates_at(utc("2026-03-08T12:00:00Z"), 28 * 3600 + 1),
        Some(utc("2026-03-15T12:00:01Z"))
    );
}

/// SPEC 10: "`closed: true` closes the whole day (whatever `open`/`close` say)". A closed
/// day's `open`/`close` are not read, so texts that are not times do not make the schedule
/// unusable.
#[test]
fn closed_true_ignores_whatever_open_close_say() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("empty strings", Some(""), Some("")),
        ("not times", Some("25:00:00"), Some("noon")),
        ("only close unparsable", Some("08:00:00"), Some("late")),
    ];
    for &(name, open, close) in cases {
        let days = vec![
            leadroute_escalation::EscalationDay {
                day_of_week: 1,
                closed: true,
                open: open.map(Into::into),
                close: close.map(Into::into),
            },
            day(2, Some("08:00:00"), Some("09:00:00")),
        ];
        let s = EscalationSchedule::compile(&days, &[], zone("UTC"));
        assert!(s.is_ok(), "{name}: {:?}", s.err().map(|e| e.to_string()));
        let s = s.expect("checked");
        // Monday 2026-03-09 is closed; the next opening is Tuesday 08:00.
        assert_eq!(
            s.escalates_at(utc("2026-03-09T00:00:00Z"), 0),
            Some(utc("2026-03-10T08:00:00Z")),
            "{name}"
        );
    }
}
