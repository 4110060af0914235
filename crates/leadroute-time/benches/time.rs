//! Measures the hot time queries other crates call per lead and account: a delivery-days
//! `is_open` (weekday windows, a deny window and an overnight window) in America/New_York
//! through the unbound `WeeklyHours` API, the calendar day bounds a day cap counts in, and
//! the boundary rule for a local time in a DST gap. Each result is checked first.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_time::{Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone};

fn rule(day: Weekday, start: &str, end: &str, effect: Effect) -> Rule {
    let start = TimeOfDay::parse(start).expect("time");
    let end = WindowEnd::delivery(TimeOfDay::parse(end).expect("time"));
    Rule::new(RuleDay::Weekday(day), start, end, effect).expect("rule")
}

fn bench(c: &mut Criterion) {
    let ny = Zone::from_name("America/New_York").expect("zone");
    let mut rules: Vec<Rule> = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
    .into_iter()
    .map(|d| rule(d, "08:00", "18:00", Effect::Allow))
    .collect();
    rules.push(rule(Weekday::Wed, "12:00", "13:00", Effect::Deny));
    rules.push(rule(Weekday::Sat, "22:00", "02:00", Effect::Allow));
    let hours = WeeklyHours::from_delivery_rules(rules);
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-11T16:30:00Z")
        .expect("instant")
        .with_timezone(&Utc);
    assert!(
        !hours.is_open(&ny, t),
        "Wednesday 12:30 EDT is in the deny window"
    );
    c.bench_function("weekly_is_open", |b| {
        b.iter(|| hours.is_open(black_box(&ny), black_box(t)))
    });

    let (s, e) = ny.day_bounds(t);
    assert_eq!((e - s).num_hours(), 24);
    c.bench_function("day_bounds", |b| b.iter(|| ny.day_bounds(black_box(t))));

    let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
        .and_then(|d| d.and_hms_opt(2, 30, 0))
        .expect("local time");
    assert_eq!(ny.boundary(gap).to_rfc3339(), "2026-03-08T07:00:00+00:00");
    c.bench_function("boundary_in_gap", |b| {
        b.iter(|| ny.boundary(black_box(gap)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
