//! Delivery days (SPEC.md 5): boundary tables around DST gaps and folds in both
//! hemispheres and an odd offset, end-of-day spellings, overnight and 24-hour windows,
//! static dates, deny windows, the delivery delay, and located rule errors.

use leadroute_caps::{DeliverySchedule, ErrorKind, RuleField};
use leadroute_model::DeliveryDay;

use super::support::{dated, limits, schedule, utc, weekly};

struct Case {
    name: &'static str,
    zone: &'static str,
    rules: Vec<DeliveryDay>,
    /// (instant, open?)
    probes: Vec<(&'static str, bool)>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "new_york_window_starting_in_the_spring_gap_opens_at_the_transition",
            zone: "America/New_York",
            // Sunday 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z; 02:30 does not exist.
            rules: vec![weekly(0, "02:30", "05:00", true)],
            probes: vec![
                ("2026-03-08T06:59:59Z", false), // 01:59:59 EST
                ("2026-03-08T07:00:00Z", true),  // 03:00 EDT, the transition instant
                ("2026-03-08T08:59:59Z", true),  // 04:59:59 EDT
                ("2026-03-08T09:00:00Z", false), // 05:00 EDT
                ("2026-03-15T06:29:59Z", false), // next Sunday 02:29:59 EDT
                ("2026-03-15T06:30:00Z", true),  // next Sunday 02:30 EDT exists
            ],
        },
        Case {
            name: "new_york_window_ending_in_the_fall_fold_ends_at_the_first_occurrence",
            zone: "America/New_York",
            // Sunday 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z; 01:xx repeats.
            rules: vec![weekly(0, "00:00", "01:30", true)],
            probes: vec![
                ("2026-11-01T03:59:59Z", false), // Saturday 23:59:59 EDT
                ("2026-11-01T04:00:00Z", true),  // 00:00 EDT
                ("2026-11-01T05:29:59Z", true),  // 01:29:59 EDT
                ("2026-11-01T05:30:00Z", false), // 01:30 EDT, first occurrence
                ("2026-11-01T06:15:00Z", false), // 01:15 EST, the repeat stays closed
            ],
        },
        Case {
            name: "new_york_window_starting_in_the_fold_covers_the_repeated_hour",
            zone: "America/New_York",
            rules: vec![weekly(0, "01:30", "03:00", true)],
            probes: vec![
                ("2026-11-01T05:29:59Z", false), // 01:29:59 EDT
                ("2026-11-01T05:30:00Z", true),  // 01:30 EDT
                ("2026-11-01T06:15:00Z", true),  // 01:15 EST: the clock has shown 01:59 already
                ("2026-11-01T07:59:59Z", true),  // 02:59:59 EST
                ("2026-11-01T08:00:00Z", false), // 03:00 EST
            ],
        },
        Case {
            name: "london_window_wholly_inside_the_gap_is_empty",
            zone: "Europe/London",
            // Sunday 2026-03-29: 01:00 GMT jumps to 02:00 BST at 01:00Z.
            rules: vec![weekly(0, "01:15", "01:45", true)],
            probes: vec![
                ("2026-03-29T00:59:59Z", false),
                ("2026-03-29T01:00:00Z", false),
                ("2026-03-29T01:20:00Z", false),
            ],
        },
        Case {
            name: "london_window_ending_in_the_fold",
            zone: "Europe/London",
            // Sunday 2026-10-25: 02:00 BST falls back to 01:00 GMT at 01:00Z.
            rules: vec![weekly(0, "00:30", "01:30", true)],
            probes: vec![
                ("2026-10-24T23:29:59Z", false), // 00:29:59 BST
                ("2026-10-24T23:30:00Z", true),  // 00:30 BST
                ("2026-10-25T00:29:59Z", true),  // 01:29:59 BST
                ("2026-10-25T00:30:00Z", false), // 01:30 BST
                ("2026-10-25T01:10:00Z", false), // 01:10 GMT, repeated
            ],
        },
        Case {
            name: "sydney_spring_gap_in_october_southern_hemisphere",
            zone: "Australia/Sydney",
            // Sunday 2026-10-04: 02:00 AEST jumps to 03:00 AEDT at 16:00Z on the 3rd.
            rules: vec![weekly(0, "02:15", "04:00", true)],
            probes: vec![
                ("2026-10-03T15:59:59Z", false), // 01:59:59 AEST
                ("2026-10-03T16:00:00Z", true),  // 03:00 AEDT
                ("2026-10-03T16:59:59Z", true),  // 03:59:59 AEDT
                ("2026-10-03T17:00:00Z", false), // 04:00 AEDT
            ],
        },
        Case {
            name: "sydney_fold_in_april_overnight_window",
            zone: "Australia/Sydney",
            // Saturday 22:00 to Sunday 02:30; Sunday 2026-04-05 03:00 AEDT falls back to
            // 02:00 AEST at 16:00Z on the 4th: 02:30 AEDT (15:30Z) ends the window.
            rules: vec![weekly(6, "22:00", "02:30", true)],
            probes: vec![
                ("2026-04-04T10:59:59Z", false), // Sat 21:59:59 AEDT
                ("2026-04-04T11:00:00Z", true),  // Sat 22:00 AEDT
                ("2026-04-04T15:29:59Z", true),  // Sun 02:29:59 AEDT
                ("2026-04-04T15:30:00Z", false), // Sun 02:30 AEDT
                ("2026-04-04T16:10:00Z", false), // Sun 02:10 AEST, repeated
            ],
        },
        Case {
            name: "kathmandu_plus_0545",
            zone: "Asia/Kathmandu",
            rules: vec![weekly(1, "09:00", "17:00", true)],
            probes: vec![
                ("2026-03-09T03:14:59Z", false),
                ("2026-03-09T03:15:00Z", true), // Monday 09:00 NPT
                ("2026-03-09T11:14:59Z", true),
                ("2026-03-09T11:15:00Z", false), // 17:00 NPT
            ],
        },
        Case {
            name: "end_spellings_2359_and_2400_mean_end_of_day",
            zone: "UTC",
            rules: vec![
                weekly(1, "20:00", "23:59", true),
                weekly(2, "20:00", "23:59:59", true),
                weekly(3, "20:00", "24:00", true),
                weekly(4, "20:00", "24:00:00", true),
                weekly(5, "20:00", "23:59:00", true),
            ],
            probes: vec![
                ("2026-03-09T23:59:30Z", true), // Monday
                ("2026-03-10T00:00:00Z", false),
                ("2026-03-10T23:59:59Z", true), // Tuesday
                ("2026-03-11T23:59:59Z", true), // Wednesday
                ("2026-03-12T23:59:59Z", true), // Thursday
                ("2026-03-13T23:59:59Z", true), // Friday
                ("2026-03-14T00:00:00Z", false),
            ],
        },
        Case {
            name: "end_235930_is_literal",
            zone: "UTC",
            rules: vec![weekly(1, "20:00", "23:59:30", true)],
            probes: vec![
                ("2026-03-09T23:59:29Z", true),
                ("2026-03-09T23:59:30Z", false),
            ],
        },
        Case {
            name: "overnight_tail_counts_on_a_day_without_rules",
            zone: "UTC",
            rules: vec![weekly(5, "22:00", "02:00", true)], // Friday night
            probes: vec![
                ("2026-03-13T21:59:59Z", false),
                ("2026-03-13T22:00:00Z", true),
                ("2026-03-14T01:59:59Z", true), // Saturday, no rule of its own
                ("2026-03-14T02:00:00Z", false),
            ],
        },
        Case {
            name: "end_equal_to_start_is_24_hours",
            zone: "UTC",
            rules: vec![weekly(1, "09:00", "09:00", true)],
            probes: vec![
                ("2026-03-09T08:59:59Z", false),
                ("2026-03-09T09:00:00Z", true),
                ("2026-03-10T08:59:59Z", true),
                ("2026-03-10T09:00:00Z", false),
            ],
        },
        Case {
            name: "deny_window_cuts_a_hole",
            zone: "UTC",
            rules: vec![
                weekly(1, "09:00", "17:00", true),
                weekly(1, "12:00", "13:00", false),
            ],
            probes: vec![
                ("2026-03-09T11:59:59Z", true),
                ("2026-03-09T12:00:00Z", false),
                ("2026-03-09T12:59:59Z", false),
                ("2026-03-09T13:00:00Z", true),
            ],
        },
        Case {
            name: "static_date_replaces_the_weekday_and_ignores_its_offset",
            zone: "America/New_York",
            // "2026-03-09T00:00:00Z" names March 9 in New York (not March 8, 20:00 EDT).
            rules: vec![
                weekly(1, "09:00", "17:00", true),
                dated("2026-03-09T00:00:00Z", "12:00", "13:00", true),
            ],
            probes: vec![
                ("2026-03-09T14:00:00Z", false), // Mon 10:00 EDT: weekday rule replaced
                ("2026-03-09T16:30:00Z", true),  // Mon 12:30 EDT
                ("2026-03-16T14:00:00Z", true),  // next Monday 10:00 EDT
            ],
        },
        Case {
            name: "overlapping_windows_merge",
            zone: "UTC",
            rules: vec![
                weekly(2, "08:00", "12:00", true),
                weekly(2, "11:00", "15:00", true),
            ],
            probes: vec![
                ("2026-03-10T11:30:00Z", true),
                ("2026-03-10T14:59:59Z", true),
                ("2026-03-10T15:00:00Z", false),
            ],
        },
        Case {
            name: "only_deny_rules_never_open",
            zone: "UTC",
            rules: vec![weekly(1, "09:00", "17:00", false)],
            probes: vec![
                ("2026-03-09T08:00:00Z", false),
                ("2026-03-09T10:00:00Z", false),
            ],
        },
        Case {
            name: "no_rules_always_open",
            zone: "America/New_York",
            rules: vec![],
            probes: vec![
                ("2026-03-08T07:00:00Z", true),
                ("2026-11-01T06:15:00Z", true),
            ],
        },
    ]
}

#[test]
fn delivery_day_boundary_tables() {
    let mut failures = Vec::new();
    for case in cases() {
        let s = schedule(case.zone, &case.rules);
        for (at, want) in &case.probes {
            if s.is_deliverable(utc(at)) != *want {
                failures.push(format!("{}: at {at} expected open={want}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `deliverable_span` answers as `is_deliverable` and its change instant is exact: at
/// every probe of the boundary tables (and one second either side), with and without a
/// delivery delay, the answer holds up to the change (checked at the second before it
/// and at a few instants between) and differs at the change.
#[test]
fn deliverable_span_holds_until_its_change() {
    let mut failures = Vec::new();
    for case in cases() {
        for delay in [None, Some(600), Some(5_400)] {
            let s = leadroute_caps::DeliverySchedule::compile(
                &case.rules,
                super::support::zone(case.zone),
                delay,
            )
            .unwrap();
            for (at, _) in &case.probes {
                for shift in [-1i64, 0, 1] {
                    let t = utc(at) + chrono::TimeDelta::seconds(shift);
                    let (open, change) = s.deliverable_span(t);
                    if open != s.is_deliverable(t) {
                        failures.push(format!("{} +{delay:?}: at {t} answer differs", case.name));
                        continue;
                    }
                    let Some(c) = change else {
                        // Never changes: spot-check a year of hours.
                        if (0..24 * 366)
                            .any(|h| s.is_deliverable(t + chrono::TimeDelta::hours(h)) != open)
                        {
                            failures.push(format!("{} +{delay:?}: at {t} said never", case.name));
                        }
                        continue;
                    };
                    let len = (c - t).num_seconds();
                    let inside = [0, len / 3, len / 2, len - 1]
                        .map(|k| t + chrono::TimeDelta::seconds(k.max(0)));
                    if len <= 0
                        || inside.iter().any(|&x| x < c && s.is_deliverable(x) != open)
                        || s.is_deliverable(c) == open
                    {
                        failures.push(format!("{} +{delay:?}: at {t} change {c} wrong", case.name));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn delivery_delay_moves_the_checked_instant() {
    // Monday 09:00-17:00 EDT with a 10-minute delay.
    let l = limits(
        r#", "DeliveryDelay": 600, "DeliveryDetails": {"DeliveryDays": [
            {"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}]}"#,
        "America/New_York",
        chrono::Weekday::Sun,
    );
    let table = [
        (
            "decision_08_49_delivers_08_59",
            "2026-03-09T12:49:59Z",
            false,
        ),
        (
            "decision_08_50_delivers_09_00",
            "2026-03-09T12:50:00Z",
            true,
        ),
        (
            "decision_16_49_delivers_16_59",
            "2026-03-09T20:49:59Z",
            true,
        ),
        (
            "decision_16_50_delivers_17_00",
            "2026-03-09T20:50:00Z",
            false,
        ),
    ];
    for (name, at, want) in table {
        assert_eq!(l.is_deliverable(utc(at)), want, "{name}");
    }
}

#[test]
fn bad_rules_name_their_index_and_field() {
    let table: Vec<(&str, Vec<DeliveryDay>, &str, RuleField)> = vec![
        (
            "week_day_out_of_range",
            vec![
                weekly(1, "09:00", "17:00", true),
                weekly(7, "09:00", "17:00", true),
            ],
            "DeliveryDays[1].WeekDay",
            RuleField::WeekDay,
        ),
        (
            "start_time_25",
            vec![weekly(1, "25:00", "17:00", true)],
            "DeliveryDays[0].StartTime",
            RuleField::StartTime,
        ),
        (
            "end_time_garbage",
            vec![weekly(1, "09:00", "5pm", true)],
            "DeliveryDays[0].EndTime",
            RuleField::EndTime,
        ),
        (
            "static_date_garbage",
            vec![dated("2026-02-30", "09:00", "17:00", true)],
            "DeliveryDays[0].StaticDate",
            RuleField::StaticDate,
        ),
        (
            "start_at_24_00",
            vec![weekly(1, "24:00", "17:00", true)],
            "DeliveryDays[0].StartTime",
            RuleField::StartTime,
        ),
        (
            "missing_week_day",
            vec![DeliveryDay {
                start_time: Some("09:00".into()),
                ..Default::default()
            }],
            "DeliveryDays[0].WeekDay",
            RuleField::WeekDay,
        ),
    ];
    for (name, rules, path, field) in table {
        let err =
            DeliverySchedule::compile(&rules, leadroute_time::Zone::UTC, None).expect_err(name);
        assert_eq!(err.path().as_deref(), Some(path), "{name}");
        assert_eq!(err.rule().map(|r| r.1), Some(field), "{name}");
        assert!(err.to_string().starts_with(path), "{name}: {err}");
    }
    let err = DeliverySchedule::compile(
        &[weekly(9, "09:00", "17:00", true)],
        leadroute_time::Zone::UTC,
        None,
    )
    .expect_err("weekday 9");
    assert!(matches!(err.kind(), ErrorKind::BadWeekDay(9)));
}

#[test]
fn missing_times_cover_the_whole_date_and_missing_allow_allows() {
    let rule = DeliveryDay {
        week_day: Some(1),
        ..Default::default()
    };
    let s = schedule("UTC", &[rule]);
    assert!(s.is_deliverable(utc("2026-03-09T00:00:00Z")));
    assert!(s.is_deliverable(utc("2026-03-09T23:59:59Z")));
    assert!(!s.is_deliverable(utc("2026-03-10T00:00:00Z")));
}
