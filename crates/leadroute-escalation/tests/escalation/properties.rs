//! Properties over random schedules, zones and dates 2000-2035: round trips with
//! `open_seconds`, additivity, monotonicity, "more open time is never later", and
//! agreement with the minute-stepping reference.

use super::support::*;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use leadroute_escalation::{EscalationDay, EscalationSchedule};
use proptest::prelude::*;

/// Wall-clock minutes that exercise DST edges often, plus any minute of the day.
fn minute() -> impl Strategy<Value = u32> {
    prop_oneof![
        prop::sample::select(vec![
            0u32,
            30,
            60,
            90,
            120,
            150,
            180,
            210,
            1380,
            1410,
            1440 - 1
        ]),
        0u32..1440,
    ]
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}:00", m / 60, m % 60)
}

fn entry() -> impl Strategy<Value = EscalationDay> {
    (
        0i64..7,
        prop::bool::weighted(0.1),
        prop::option::weighted(0.85, minute()),
        prop::option::weighted(0.85, prop_oneof![minute(), Just(1440u32)]),
    )
        .prop_map(|(d, closed, o, c)| EscalationDay {
            day_of_week: d,
            closed,
            open: o.map(hhmm),
            close: c.map(|c| {
                if c == 1440 {
                    "24:00:00".to_string()
                } else {
                    hhmm(c)
                }
            }),
        })
}

fn schedule() -> impl Strategy<Value = Vec<EscalationDay>> {
    prop::collection::vec(entry(), 0..8)
}

/// Minute-aligned instants 2000-2035, half of them within a few days of a DST change.
fn instant() -> impl Strategy<Value = i64> {
    let near = (
        2000i32..2035,
        prop::sample::select(vec![
            (3, 5),
            (3, 25),
            (4, 1),
            (9, 20),
            (10, 1),
            (10, 25),
            (11, 1),
        ]),
        0i64..(10 * 1440),
    )
        .prop_map(|(y, (m, d), k)| {
            let base = NaiveDate::from_ymd_opt(y, m, d)
                .expect("date")
                .and_hms_opt(0, 0, 0)
                .expect("midnight");
            base.and_utc().timestamp() + k * 60
        });
    prop_oneof![near, (15_778_800i64..34_712_640).prop_map(|m| m * 60)]
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).expect("range")
}

fn build(days: &[EscalationDay], zi: usize, holidays: &[NaiveDate]) -> EscalationSchedule {
    EscalationSchedule::compile(days, holidays, zone(ZONES[zi]))
        .expect("generated schedules are valid")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn round_trip_and_earliest(days in schedule(), zi in 0..ZONES.len(), t in instant(), d in 0u64..(20 * 86_400)) {
        let s = build(&days, zi, &[]);
        if let Some(e) = s.escalates_at(at(t), d) {
            prop_assert!(e >= at(t));
            prop_assert_eq!(s.open_seconds(at(t), e).expect("ordered"), d as i64);
            if d > 0 {
                prop_assert!(s.open_seconds(at(t), e - TimeDelta::seconds(1)).expect("ordered") < d as i64, "earliest");
            } else {
                prop_assert!(s.is_open(e), "d = 0 lands on an open instant");
                prop_assert_eq!(s.open_seconds(at(t), e).expect("ordered"), 0);
            }
        } else {
            prop_assert_eq!(s.next_open(at(t)), None, "none only when nothing opens again");
        }
    }

    #[test]
    fn additive(days in schedule(), zi in 0..ZONES.len(), t in instant(), a in 1u64..(5 * 86_400), b in 1u64..(5 * 86_400)) {
        let s = build(&days, zi, &[]);
        let whole = s.escalates_at(at(t), a + b);
        let split = s.escalates_at(at(t), a).and_then(|m| s.escalates_at(m, b));
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn monotone(days in schedule(), zi in 0..ZONES.len(), t in instant(), dt in 0i64..(3 * 86_400), d in 0u64..(3 * 86_400), dd in 0u64..86_400) {
        let s = build(&days, zi, &[]);
        let e = s.escalates_at(at(t), d);
        if let (Some(x), Some(y)) = (e, s.escalates_at(at(t + dt), d)) {
            prop_assert!(x <= y, "monotone in t");
        }
        if let (Some(x), Some(y)) = (e, s.escalates_at(at(t), d + dd)) {
            prop_assert!(x <= y, "monotone in d");
        }
    }

    #[test]
    fn more_open_time_is_never_later(days in prop::collection::vec(entry(), 1..6), extra in entry(), zi in 0..ZONES.len(), t in instant(), d in 0u64..(3 * 86_400)) {
        let s = build(&days, zi, &[]);
        // An extra open entry adds a window (or nothing, on a weekday another entry
        // closes); the list stays non-empty, so no other weekday changes.
        let mut more = days.clone();
        more.push(EscalationDay { closed: false, ..extra });
        let m = build(&more, zi, &[]);
        if let Some(x) = s.escalates_at(at(t), d) {
            let y = m.escalates_at(at(t), d);
            prop_assert!(y.is_some_and(|y| y <= x));
        }
    }

    #[test]
    fn agrees_with_minute_stepping(days in schedule(), zi in 0..ZONES.len(), t in instant(), dm in 0i64..(8 * 60), hol in prop::collection::vec(0i64..10, 0..3)) {
        let d = dm * 60;
        let start_day = at(t).date_naive();
        let holidays: Vec<NaiveDate> = hol.iter().map(|&k| start_day + TimeDelta::days(k)).collect();
        let s = build(&days, zi, &holidays);
        let mut r = Reference::new(zone(ZONES[zi]), days.clone(), holidays.clone());
        let limit = t + 21 * 86_400;
        let want = r.escalates_at(t, d, limit);
        let got = s.escalates_at(at(t), d as u64).map(|g| g.timestamp());
        match want {
            Some(w) => prop_assert_eq!(got, Some(w)),
            None => prop_assert!(got.is_none_or(|g| g > limit), "reference gave up within 3 weeks"),
        }
        prop_assert_eq!(s.is_open(at(t)), r.is_open(t));
    }
}
