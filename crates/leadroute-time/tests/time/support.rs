//! Shared helpers: compact timestamps and references computed straight from chrono-tz.

#![allow(dead_code)]

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use leadroute_time::Zone;

/// `2026-03-08T07:00:00Z` style instant.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test instant")
        .with_timezone(&Utc)
}

/// `2026-03-08 02:30` or `2026-03-08 02:30:15` style local time.
pub fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .expect("test local time")
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn zone(name: &str) -> Zone {
    Zone::from_name(name).expect("test zone")
}

/// The zones the DST tables and properties run in.
pub const ZONES: [&str; 11] = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "America/Havana",
    "America/Santiago",
    "Antarctica/Troll",
    "Asia/Tehran",
    "UTC",
];

/// Wall-clock reading (local seconds) at `u`, straight from chrono-tz.
pub fn reading(z: &Zone, u: i64) -> i64 {
    let t = DateTime::from_timestamp(u, 0).expect("in range");
    match z {
        Zone::Iana(tz) => {
            u + i64::from(
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            )
        }
        Zone::Fixed(f) => u + i64::from(f.local_minus_utc()),
    }
}

/// The boundary rule computed by chrono-tz's own local-time resolution: the earliest
/// mapping of the local time, or the end of the gap it falls in.
pub fn chrono_boundary(z: &Zone, l: NaiveDateTime) -> DateTime<Utc> {
    match z {
        Zone::Fixed(f) => f
            .from_local_datetime(&l)
            .earliest()
            .expect("fixed")
            .with_timezone(&Utc),
        Zone::Iana(tz) => match tz.from_local_datetime(&l) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x.with_timezone(&Utc),
            LocalResult::None => chrono_tz::GapInfo::new(&l, tz)
                .and_then(|g| g.end)
                .expect("gap end")
                .with_timezone(&Utc),
        },
    }
}

/// UTC offset changes of `z` in `[from, to)` found by scanning hourly and bisecting:
/// `(instant, offset before, offset after)`.
pub fn transitions(z: &Zone, from: i64, to: i64) -> Vec<(i64, i64, i64)> {
    let off = |u: i64| reading(z, u) - u;
    let mut out = Vec::new();
    let mut u = from;
    while u < to {
        let (a, b) = (off(u), off(u + 3600));
        if a != b {
            let (mut lo, mut hi) = (u, u + 3600);
            while hi - lo > 1 {
                let m = (lo + hi) / 2;
                if off(m) == a {
                    lo = m
                } else {
                    hi = m
                }
            }
            out.push((hi, a, b));
        }
        u += 3600;
    }
    out
}
