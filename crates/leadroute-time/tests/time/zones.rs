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

/// chrono-tz's own offset at `u` (Unix seconds).
fn chrono_offset(tz: chrono_tz::Tz, u: i64) -> i32 {
    use chrono::{Offset, TimeZone};
    let t = chrono::DateTime::from_timestamp(u, 0).unwrap();
    tz.offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

/// `Zone::offset_seconds` reads the cached transition table; it must answer exactly as
/// chrono-tz, above all on both sides of every transition. For every IANA zone, every
/// change of offset from 1990 to 2040 is found by stepping a day at a time and bisecting
/// to the second; the offsets one second before, at and one second after it are
/// compared (a table off by one second, or a missed transition, fails).
#[test]
fn table_offsets_equal_chrono_tz_on_both_sides_of_every_transition() {
    let (from, to) = (631_152_000i64, 2_208_988_800i64); // 1990-01-01 .. 2040-01-01
    let mut transitions = 0;
    for &tz in chrono_tz::TZ_VARIANTS.iter() {
        let zone = Zone::Iana(tz);
        let ours = |u: i64| zone.offset_seconds(chrono::DateTime::from_timestamp(u, 0).unwrap());
        let mut lo = from;
        let mut lo_off = chrono_offset(tz, lo);
        assert_eq!(ours(lo), lo_off, "{tz} at {lo}");
        while lo < to {
            let hi = lo + 86_400;
            let hi_off = chrono_offset(tz, hi);
            if hi_off != lo_off {
                let (mut l, mut h) = (lo, hi);
                while h - l > 1 {
                    let mid = l + (h - l) / 2;
                    if chrono_offset(tz, mid) == lo_off {
                        l = mid;
                    } else {
                        h = mid;
                    }
                }
                for u in [h - 1, h, h + 1] {
                    assert_eq!(ours(u), chrono_offset(tz, u), "{tz} at {u}");
                }
                transitions += 1;
            }
            assert_eq!(ours(hi), hi_off, "{tz} at {hi}");
            lo = hi;
            lo_off = hi_off;
        }
    }
    // Dozens of zones keep DST over the fifty years: thousands of transitions.
    assert!(transitions > 5_000, "{transitions}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2_000, ..Default::default() })]
    /// Anywhere in chrono's range (inside and outside the table's 1800-2100), with
    /// sub-second instants: the same offset as chrono-tz.
    #[test]
    fn table_offsets_equal_chrono_tz_anywhere(
        z in 0..chrono_tz::TZ_VARIANTS.len(),
        u in -8_000_000_000i64..8_000_000_000,
        nanos in 0u32..1_000_000_000,
    ) {
        use chrono::{Offset, TimeZone};
        let tz = chrono_tz::TZ_VARIANTS[z];
        let t = chrono::DateTime::from_timestamp(u, nanos).unwrap();
        let theirs = tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
        proptest::prop_assert_eq!(Zone::Iana(tz).offset_seconds(t), theirs);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]
    /// The span of a local day holds `t`, and its first and last seconds (and a second
    /// inside it) have `t`'s local day: in every IANA zone inside and outside the table,
    /// and at fixed offsets.
    #[test]
    fn a_local_day_span_holds_its_day(
        z in 0..chrono_tz::TZ_VARIANTS.len() + 3,
        u in -8_000_000_000i64..8_000_000_000,
        inside in 0.0f64..1.0,
    ) {
        let zone = match z.checked_sub(chrono_tz::TZ_VARIANTS.len()) {
            None => Zone::Iana(chrono_tz::TZ_VARIANTS[z]),
            Some(k) => Zone::Fixed(
                chrono::FixedOffset::east_opt([-34_200, 0, 20_700][k]).unwrap(),
            ),
        };
        let at = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap();
        let t = at(u);
        let (day, lo, hi) = zone.local_day_span(t);
        proptest::prop_assert!(lo <= u && u < hi, "{lo} <= {u} < {hi}");
        proptest::prop_assert_eq!(day, zone.local_day(t));
        proptest::prop_assert_eq!(zone.local_day(at(lo)), day);
        proptest::prop_assert_eq!(zone.local_day(at(hi - 1)), day);
        let mid = lo + ((hi - lo - 1) as f64 * inside) as i64;
        proptest::prop_assert_eq!(zone.local_day(at(mid)), day);
    }
}
