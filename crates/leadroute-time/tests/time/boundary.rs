//! The boundary rule (SPEC 5): hand-computed tables just before, in and after each gap
//! and fold, and a sweep against chrono-tz's own gap/fold resolution.

use super::support::*;
use chrono::{NaiveDateTime, TimeDelta};

/// (name of the case, zone, local time, expected UTC instant)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "ny gap: just before",
        "America/New_York",
        "2026-03-08 01:59:59",
        "2026-03-08T06:59:59Z",
    ),
    (
        "ny gap: start of gap is the transition",
        "America/New_York",
        "2026-03-08 02:00",
        "2026-03-08T07:00:00Z",
    ),
    (
        "ny gap: 02:30 is 03:00 EDT, not 03:30",
        "America/New_York",
        "2026-03-08 02:30",
        "2026-03-08T07:00:00Z",
    ),
    (
        "ny gap: 03:00 right after",
        "America/New_York",
        "2026-03-08 03:00",
        "2026-03-08T07:00:00Z",
    ),
    (
        "ny gap: 03:00:01",
        "America/New_York",
        "2026-03-08 03:00:01",
        "2026-03-08T07:00:01Z",
    ),
    (
        "ny fold: just before",
        "America/New_York",
        "2026-11-01 00:59:59",
        "2026-11-01T04:59:59Z",
    ),
    (
        "ny fold: 01:00 first occurrence (EDT)",
        "America/New_York",
        "2026-11-01 01:00",
        "2026-11-01T05:00:00Z",
    ),
    (
        "ny fold: 01:59:59 first occurrence",
        "America/New_York",
        "2026-11-01 01:59:59",
        "2026-11-01T05:59:59Z",
    ),
    (
        "ny fold: 02:00 after the fold is EST",
        "America/New_York",
        "2026-11-01 02:00",
        "2026-11-01T07:00:00Z",
    ),
    (
        "london gap: 01:30",
        "Europe/London",
        "2026-03-29 01:30",
        "2026-03-29T01:00:00Z",
    ),
    (
        "london gap: 00:59",
        "Europe/London",
        "2026-03-29 00:59",
        "2026-03-29T00:59:00Z",
    ),
    (
        "london gap: 02:00",
        "Europe/London",
        "2026-03-29 02:00",
        "2026-03-29T01:00:00Z",
    ),
    (
        "london fold: 01:30 BST first",
        "Europe/London",
        "2026-10-25 01:30",
        "2026-10-25T00:30:00Z",
    ),
    (
        "london fold: 02:00 GMT",
        "Europe/London",
        "2026-10-25 02:00",
        "2026-10-25T02:00:00Z",
    ),
    (
        "sydney fold (april): 02:30 AEDT first",
        "Australia/Sydney",
        "2026-04-05 02:30",
        "2026-04-04T15:30:00Z",
    ),
    (
        "sydney fold: 03:00 AEST",
        "Australia/Sydney",
        "2026-04-05 03:00",
        "2026-04-04T17:00:00Z",
    ),
    (
        "sydney gap (october): 02:30",
        "Australia/Sydney",
        "2026-10-04 02:30",
        "2026-10-03T16:00:00Z",
    ),
    (
        "kathmandu 1986 +05:45 gap: 00:10",
        "Asia/Kathmandu",
        "1986-01-01 00:10",
        "1985-12-31T18:30:00Z",
    ),
    (
        "kathmandu after gap: 00:15",
        "Asia/Kathmandu",
        "1986-01-01 00:15",
        "1985-12-31T18:30:00Z",
    ),
    (
        "chatham fold: 03:00 first (+13:45)",
        "Pacific/Chatham",
        "2026-04-05 03:00",
        "2026-04-04T13:15:00Z",
    ),
    (
        "chatham gap: 03:00",
        "Pacific/Chatham",
        "2026-09-27 03:00",
        "2026-09-26T14:00:00Z",
    ),
    (
        "chatham gap: 02:44:59 before",
        "Pacific/Chatham",
        "2026-09-27 02:44:59",
        "2026-09-26T13:59:59Z",
    ),
    (
        "lord howe 30-min fold: 01:45 first (+11)",
        "Australia/Lord_Howe",
        "2026-04-05 01:45",
        "2026-04-04T14:45:00Z",
    ),
    (
        "lord howe 30-min gap: 02:15",
        "Australia/Lord_Howe",
        "2026-10-04 02:15",
        "2026-10-03T15:30:00Z",
    ),
    (
        "havana midnight gap: 00:00 does not exist",
        "America/Havana",
        "2026-03-08 00:00",
        "2026-03-08T05:00:00Z",
    ),
    (
        "havana midnight gap: 00:30",
        "America/Havana",
        "2026-03-08 00:30",
        "2026-03-08T05:00:00Z",
    ),
    (
        "havana fold: 00:30 first (CDT)",
        "America/Havana",
        "2026-11-01 00:30",
        "2026-11-01T04:30:00Z",
    ),
    (
        "santiago fold before midnight: 23:30 first",
        "America/Santiago",
        "2026-04-04 23:30",
        "2026-04-05T02:30:00Z",
    ),
    (
        "santiago: next midnight after the fold",
        "America/Santiago",
        "2026-04-05 00:00",
        "2026-04-05T04:00:00Z",
    ),
    (
        "santiago midnight gap",
        "America/Santiago",
        "2026-09-06 00:00",
        "2026-09-06T04:00:00Z",
    ),
    (
        "santiago gap: 00:30",
        "America/Santiago",
        "2026-09-06 00:30",
        "2026-09-06T04:00:00Z",
    ),
    (
        "troll 2-hour gap: 02:00",
        "Antarctica/Troll",
        "2026-03-29 02:00",
        "2026-03-29T01:00:00Z",
    ),
    (
        "troll 2-hour fold: 02:00 first (+02)",
        "Antarctica/Troll",
        "2026-10-25 02:00",
        "2026-10-25T00:00:00Z",
    ),
    (
        "troll after fold: 03:00",
        "Antarctica/Troll",
        "2026-10-25 03:00",
        "2026-10-25T03:00:00Z",
    ),
    (
        "windows name resolves to los angeles gap",
        "Pacific Standard Time",
        "2026-03-08 02:30",
        "2026-03-08T10:00:00Z",
    ),
];

#[test]
fn boundary_table() {
    for &(name, z, l, want) in CASES {
        let z = zone(z);
        let got = z.boundary(local(l));
        assert_eq!(got, utc(want), "{name}");
        assert_eq!(
            got,
            chrono_boundary(&z, local(l)),
            "{name}: chrono-tz agrees"
        );
    }
}

/// Every transition 2000-2035 of every test zone: local times from 3 h before to 3 h
/// after it, every 5 minutes and at the second before/after each edge, agree with
/// chrono-tz's resolution, and the mapping never goes backwards.
#[test]
fn boundary_sweep_around_every_transition() {
    let from = utc("2000-01-01T00:00:00Z").timestamp();
    let to = utc("2036-01-01T00:00:00Z").timestamp();
    for name in ZONES {
        let z = zone(name);
        for (t, before, after) in transitions(&z, from, to) {
            let edges = [t + before, t + after];
            let mut locals: Vec<i64> = (-36..=36)
                .map(|i| t + before.min(after) + i * 300)
                .collect();
            for e in edges {
                locals.extend([e - 1, e, e + 1]);
            }
            locals.sort_unstable();
            let mut prev = None;
            for l in locals {
                let ndt = NaiveDateTime::default() + TimeDelta::seconds(l);
                let got = z.boundary(ndt);
                assert_eq!(got, chrono_boundary(&z, ndt), "{name} {ndt}");
                assert!(
                    reading(&z, got.timestamp()) >= l,
                    "{name} {ndt}: reads at least"
                );
                assert!(
                    reading(&z, got.timestamp() - 1) < l,
                    "{name} {ndt}: first such instant"
                );
                if let Some(p) = prev {
                    assert!(got >= p, "{name} {ndt}: monotone");
                }
                prev = Some(got);
            }
        }
    }
}
