//! Measures the escalation calculator's hot queries on the documented schedule (Mon-Thu
//! 08:00-16:00, Fri 09:00-15:30) in America/New_York: `is_open`, and `escalates_at` for
//! durations of one day, thirty days and ten years of open time (the cost must not grow
//! with the duration). Each result is checked against the identity
//! `open_seconds(t, escalates_at(t, d)) == d` before it is measured.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_escalation::{EscalationDay, EscalationSchedule};
use leadroute_time::Zone;

fn schedule() -> EscalationSchedule {
    let day = |d: i64, open: &str, close: &str| EscalationDay {
        day_of_week: d,
        closed: false,
        open: Some(open.into()),
        close: Some(close.into()),
    };
    let mut days: Vec<_> = (1..=4).map(|d| day(d, "08:00:00", "16:00:00")).collect();
    days.push(day(5, "09:00:00", "15:30:00"));
    let zone = Zone::from_name("America/New_York").expect("zone");
    EscalationSchedule::compile(&days, &[], zone).expect("valid schedule")
}

fn bench(c: &mut Criterion) {
    let s = schedule();
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-06T19:00:00Z")
        .expect("instant")
        .with_timezone(&Utc);
    assert!(s.is_open(t), "Friday 14:00 EST is open");
    c.bench_function("is_open", |b| b.iter(|| s.is_open(black_box(t))));
    for (name, d) in [
        ("escalates_at_1_day", 86_400u64),
        ("escalates_at_30_days", 30 * 86_400),
        ("escalates_at_10_years", 10 * 365 * 86_400),
    ] {
        let at = s.escalates_at(t, d).expect("open days exist");
        assert_eq!(s.open_seconds(t, at).expect("ordered"), d as i64, "{name}");
        c.bench_function(name, |b| {
            b.iter(|| s.escalates_at(black_box(t), black_box(d)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
