//! Zone names (IANA, Windows, case and whitespace), fixed offsets and SPEC 5's
//! name -> offset -> default resolution.

use super::support::*;
use leadroute_time::{resolve_zone, Zone, ZoneWarning};

#[test]
fn names_resolve() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("iana exact", "America/Chicago", Some("America/Chicago")),
        (
            "iana any case, trimmed",
            "  america/chicago ",
            Some("America/Chicago"),
        ),
        (
            "windows pacific",
            "Pacific Standard Time",
            Some("America/Los_Angeles"),
        ),
        (
            "windows any case",
            "eastern standard time",
            Some("America/New_York"),
        ),
        (
            "windows europe",
            "W. Europe Standard Time",
            Some("Europe/Berlin"),
        ),
        (
            "windows india",
            "India Standard Time",
            Some("Asia/Calcutta"),
        ),
        (
            "windows odd offset",
            "Nepal Standard Time",
            Some("Asia/Katmandu"),
        ),
        ("utc", "UTC", Some("UTC")),
        ("empty", "", None),
        ("blank", "   ", None),
        ("unknown", "Mars/Olympus_Mons", None),
    ];
    for &(name, input, want) in cases {
        let got = Zone::from_name(input).map(|z| z.name());
        assert_eq!(got.as_deref(), want, "{name}");
    }
}

#[test]
fn fixed_offsets() {
    assert_eq!(
        Zone::fixed_hours(5.5).map(|z| z.name()).as_deref(),
        Some("UTC+05:30")
    );
    assert_eq!(
        Zone::fixed_hours(-8.0).map(|z| z.name()).as_deref(),
        Some("UTC-08:00")
    );
    assert_eq!(
        Zone::fixed_hours(0.0).map(|z| z.name()).as_deref(),
        Some("UTC+00:00")
    );
    assert_eq!(
        Zone::fixed_hours(5.75).map(|z| z.name()).as_deref(),
        Some("UTC+05:45")
    );
    assert_eq!(Zone::fixed_hours(24.0), None);
    assert_eq!(Zone::fixed_hours(f64::NAN), None);
    assert_eq!(Zone::fixed_hours(1e300), None);
}

#[test]
fn resolution_order_and_warnings() {
    let la = zone("America/Los_Angeles");
    let chi = zone("America/Chicago");
    let plus2 = Zone::fixed_hours(2.0).expect("valid");
    let utc0 = Zone::fixed_hours(0.0).expect("valid");
    let unknown = |n: &str| {
        Some(ZoneWarning::UnknownName {
            name: n.to_string(),
        })
    };
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        Option<f64>,
        (Zone, Option<ZoneWarning>),
    );
    let cases: Vec<Case<'_>> = vec![
        (
            "name wins over offset",
            Some("America/Chicago"),
            Some(2.0),
            (chi, None),
        ),
        (
            "empty name falls to offset",
            Some(""),
            Some(2.0),
            (plus2, None),
        ),
        (
            "offset 0 is a real UTC offset",
            None,
            Some(0.0),
            (utc0, None),
        ),
        ("nothing gives the default", None, None, (la, None)),
        (
            "unknown name warns, uses offset",
            Some("Nowhere/Land"),
            Some(2.0),
            (plus2, unknown("Nowhere/Land")),
        ),
        (
            "unknown name warns, uses default",
            Some("Nowhere/Land"),
            None,
            (la, unknown("Nowhere/Land")),
        ),
        (
            "bad offset warns",
            None,
            Some(99.0),
            (la, Some(ZoneWarning::BadOffset { hours: 99.0 })),
        ),
    ];
    for (name, n, o, want) in cases {
        assert_eq!(resolve_zone(n, o, &la), want, "{name}");
    }
}
