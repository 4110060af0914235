//! Weekly hours against a reference written from SPEC 5's text: random delivery rules
//! (weekday and static-date rules, deny windows, overnight and 24-hour windows, end-of-day
//! spellings) and holidays, in the DST test zones, minute by minute over three days.

use std::collections::HashMap;

use super::support::*;
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use leadroute_time::{
    weekday_from_index, Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone, ZonedHours,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct R {
    /// `Ok(weekday 0..7)` or `Err(day offset from the test's first date)`.
    day: Result<i64, i64>,
    start: u32,
    end: u32,
    allow: bool,
}

fn minute() -> impl Strategy<Value = u32> {
    prop_oneof![
        prop::sample::select(vec![0u32, 60, 90, 120, 150, 180, 1380, 1410, 1439, 1440]),
        0u32..=1440,
    ]
}

fn rule() -> impl Strategy<Value = R> {
    (
        prop_oneof![3 => (0i64..7).prop_map(Ok), 1 => (-1i64..4).prop_map(Err)],
        minute(),
        minute(),
        prop::bool::weighted(0.75),
    )
        .prop_map(|(day, s, e, allow)| R {
            day,
            start: s.min(1439),
            end: e,
            allow,
        })
}

/// SPEC 5's end: 23:59 / 24:00 are the end of the day, anything else is literal.
fn end_secs(m: u32) -> i64 {
    if m >= 1439 {
        86_400
    } else {
        i64::from(m) * 60
    }
}

struct Reference {
    zone: Zone,
    rules: Vec<R>,
    first: NaiveDate,
    holidays: Vec<NaiveDate>,
    cache: HashMap<NaiveDate, Vec<(i64, i64, bool)>>,
}

impl Reference {
    fn windows(&mut self, d: NaiveDate) -> Vec<(i64, i64, bool)> {
        if let Some(w) = self.cache.get(&d) {
            return w.clone();
        }
        let off = (d - self.first).num_days();
        let statics: Vec<&R> = self.rules.iter().filter(|r| r.day == Err(off)).collect();
        let wd = i64::from(d.weekday().num_days_from_sunday());
        let apply: Vec<&R> = if statics.is_empty() {
            self.rules.iter().filter(|r| r.day == Ok(wd)).collect()
        } else {
            statics
        };
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight");
        let holiday = self.holidays.contains(&d);
        let mut out = Vec::new();
        for r in apply {
            if holiday && r.allow {
                continue;
            }
            let s = i64::from(r.start) * 60;
            let e = end_secs(r.end);
            let e = if e <= s { e + 86_400 } else { e };
            let a = chrono_boundary(&self.zone, midnight + TimeDelta::seconds(s)).timestamp();
            let b = chrono_boundary(&self.zone, midnight + TimeDelta::seconds(e)).timestamp();
            out.push((a, b, r.allow));
        }
        self.cache.insert(d, out.clone());
        out
    }

    fn is_open(&mut self, u: i64) -> bool {
        if self.rules.is_empty() {
            return true;
        }
        let d = self
            .zone
            .local_date(DateTime::from_timestamp(u, 0).expect("range"));
        let mut allow = false;
        let mut deny = false;
        for k in -2..=1 {
            for (a, b, al) in self.windows(d + TimeDelta::days(k)) {
                if a <= u && u < b {
                    if al {
                        allow = true
                    } else {
                        deny = true
                    }
                }
            }
        }
        allow && !deny
    }
}

fn compile(rules: &[R], first: NaiveDate, holidays: &[NaiveDate]) -> WeeklyHours {
    let rs: Vec<Rule> = rules
        .iter()
        .map(|r| {
            let day = match r.day {
                Ok(w) => RuleDay::Weekday(weekday_from_index(w).expect("0..7")),
                Err(k) => RuleDay::Date(first + TimeDelta::days(k)),
            };
            let start = TimeOfDay::from_seconds(r.start * 60).expect("valid");
            let end = WindowEnd::delivery(TimeOfDay::from_seconds(r.end * 60).expect("valid"));
            let effect = if r.allow { Effect::Allow } else { Effect::Deny };
            Rule::new(day, start, end, effect).expect("start before 24:00")
        })
        .collect();
    if holidays.is_empty() {
        WeeklyHours::from_delivery_rules(rs)
    } else if rs.is_empty() {
        WeeklyHours::always_open_except(holidays.iter().copied())
    } else {
        WeeklyHours::new(rs, holidays.iter().copied())
    }
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).expect("range")
}

/// Days just before DST changes 2000-2035, or any day.
fn first_day() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (
            2000i32..2035,
            prop::sample::select(vec![
                (3, 6),
                (3, 26),
                (4, 2),
                (9, 4),
                (9, 24),
                (10, 2),
                (10, 23),
                (10, 30)
            ])
        )
            .prop_map(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d).expect("date")),
        (10_957i64..24_100)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(719_163 + n as i32).expect("date")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn weekly_hours_match_reference(
        rules in prop::collection::vec(rule(), 0..7),
        zi in 0..ZONES.len(),
        first in first_day(),
        hol in prop::collection::vec(0i64..3, 0..2),
    ) {
        let z = zone(ZONES[zi]);
        let holidays: Vec<NaiveDate> = hol.iter().map(|&k| first + TimeDelta::days(k)).collect();
        let h = compile(&rules, first, &holidays);
        let bound = ZonedHours::new(h.clone(), z);
        let mut r = Reference { zone: z, rules: rules.clone(), first, holidays: holidays.clone(), cache: HashMap::new() };
        if rules.is_empty() && !holidays.is_empty() {
            r.rules = (0..7).map(|w| R { day: Ok(w), start: 0, end: 1440, allow: true }).collect();
        }
        let a = first.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp() - 86_400;
        let b = a + 4 * 86_400;
        // Minute-by-minute reference intervals.
        let mut want: Vec<(i64, i64)> = Vec::new();
        let mut u = a;
        while u < b {
            let open = r.is_open(u);
            prop_assert_eq!(h.is_open(&z, at(u)), open, "is_open at {}", at(u));
            if open {
                match want.last_mut() {
                    Some(last) if last.1 == u => last.1 = u + 60,
                    _ => want.push((u, u + 60)),
                }
            }
            u += 60;
        }
        let got: Vec<(i64, i64)> = h.open_intervals(&z, at(a), at(b)).map(|(s, e)| (s.timestamp(), e.timestamp())).collect();
        prop_assert_eq!(&got, &want);
        let total: i64 = want.iter().map(|(s, e)| e - s).sum();
        prop_assert_eq!(h.open_seconds(&z, at(a), at(b)).expect("ordered"), total);
        prop_assert_eq!(bound.open_seconds(at(a), at(b)).expect("ordered"), total);
        // next_open / next_change from the range start agree with the intervals.
        if let Some(&(s, e)) = want.first() {
            prop_assert_eq!(h.next_open(&z, at(a)).map(|t| t.timestamp()), Some(s));
            prop_assert_eq!(bound.next_open(at(a)).map(|t| t.timestamp()), Some(s));
            if e < b {
                prop_assert_eq!(h.next_change(&z, at(s)).map(|t| t.timestamp()), Some(e));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The wall-clock date is the date of the wall-clock reading, in every test zone,
    /// near transitions, midnights and the ends of the representable range.
    #[test]
    fn the_local_date_is_the_date_of_the_local_reading(
        z in 0..ZONES.len(),
        u in prop_oneof![
            -3_000_000_000i64..5_000_000_000,
            prop::sample::select(vec![
                DateTime::<Utc>::MIN_UTC.timestamp(),
                DateTime::<Utc>::MIN_UTC.timestamp() + 3_600,
                DateTime::<Utc>::MAX_UTC.timestamp(),
                DateTime::<Utc>::MAX_UTC.timestamp() - 3_600,
            ]),
        ],
        nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000],
    ) {
        let zone = super::support::zone(ZONES[z]);
        let t = DateTime::from_timestamp(u, nanos).expect("in range");
        prop_assert_eq!(zone.local_date(t), zone.to_local(t).date());
    }
}
