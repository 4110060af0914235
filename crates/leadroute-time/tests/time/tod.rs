//! Time-of-day and date text: the forms the source documents use, and typed errors.

use super::support::*;
use leadroute_time::{wall_clock_date, Error, TimeOfDay, WindowEnd};

#[test]
fn parse_table() {
    let cases: &[(&str, &str, Option<u32>)] = &[
        ("hh:mm", "09:30", Some(34_200)),
        ("hh:mm:ss", "09:30:15", Some(34_215)),
        ("one-digit hour", "9:30", Some(34_200)),
        ("24:00 is end of day", "24:00", Some(86_400)),
        ("24:00:00 is end of day", "24:00:00", Some(86_400)),
        ("fraction ignored", "23:59:59.999", Some(86_399)),
        ("whitespace trimmed", " 08:00:00 ", Some(28_800)),
        ("24:00:01 rejected", "24:00:01", None),
        ("25:00 rejected", "25:00", None),
        ("minute 60 rejected", "12:60", None),
        ("one-digit minute rejected", "12:5", None),
        ("words rejected", "noon", None),
        ("empty rejected", "", None),
        ("too many parts", "1:02:03:04", None),
    ];
    for &(name, text, want) in cases {
        assert_eq!(
            TimeOfDay::parse(text).ok().map(TimeOfDay::seconds),
            want,
            "{name}"
        );
    }
    assert_eq!(
        TimeOfDay::parse("noon"),
        Err(Error::BadTimeOfDay {
            text: "noon".into()
        })
    );
}

#[test]
fn wall_clock_digits_of_date_times() {
    let cases: &[(&str, &str, Option<u32>)] = &[
        (
            "rfc3339 Z with fraction",
            "2020-08-25T14:23:40.877Z",
            Some(51_820),
        ),
        (
            "offset is not applied",
            "2020-08-25T14:23:40+05:30",
            Some(51_820),
        ),
        ("space separator", "2020-08-25 08:00:00", Some(28_800)),
        ("date only is midnight", "2020-08-25", Some(0)),
        ("plain time still works", "17:00", Some(61_200)),
        ("bad date", "2020-13-45T10:00:00Z", None),
        ("garbage after time", "2020-08-25T10:00:00 tomorrow", None),
    ];
    for &(name, text, want) in cases {
        assert_eq!(
            TimeOfDay::parse_wall_clock(text)
                .ok()
                .map(TimeOfDay::seconds),
            want,
            "{name}"
        );
    }
}

#[test]
fn end_of_day_spellings() {
    let t = |s: &str| TimeOfDay::parse(s).expect("valid");
    for s in ["23:59", "23:59:00", "23:59:59", "24:00", "24:00:00"] {
        assert_eq!(
            WindowEnd::delivery(t(s)),
            WindowEnd::EndOfDay,
            "delivery {s}"
        );
    }
    assert_eq!(
        WindowEnd::delivery(t("23:59:30")),
        WindowEnd::At(t("23:59:30")),
        "23:59:30 literal"
    );
    assert_eq!(WindowEnd::escalation(t("24:00:00")), WindowEnd::EndOfDay);
    assert_eq!(
        WindowEnd::escalation(t("23:59:59")),
        WindowEnd::At(t("23:59:59")),
        "escalation 23:59:59 literal"
    );
}

#[test]
fn static_dates_take_the_digits() {
    assert_eq!(
        wall_clock_date("2026-03-08T00:00:00Z"),
        Ok(date("2026-03-08"))
    );
    assert_eq!(
        wall_clock_date("2026-03-08T23:00:00-05:00"),
        Ok(date("2026-03-08"))
    );
    assert!(wall_clock_date("08/03/2026").is_err());
    assert!(wall_clock_date("2026-02-30").is_err());
    assert!(wall_clock_date("é026-03-08").is_err());
}
