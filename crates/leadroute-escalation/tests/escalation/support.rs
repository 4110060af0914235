//! Shared helpers and an independent reference: the schedule's windows mapped to instants
//! with chrono-tz's own local-time resolution, open time counted minute by minute.

#![allow(dead_code)]

use std::collections::HashMap;

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use leadroute_escalation::{EscalationDay, EscalationSchedule};
use leadroute_time::Zone;

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test instant")
        .with_timezone(&Utc)
}

pub fn zone(name: &str) -> Zone {
    Zone::from_name(name).expect("test zone")
}

/// An entry; `None` times are JSON null.
pub fn day(d: i64, open: Option<&str>, close: Option<&str>) -> EscalationDay {
    EscalationDay {
        day_of_week: d,
        closed: false,
        open: open.map(Into::into),
        close: close.map(Into::into),
    }
}

pub fn closed(d: i64) -> EscalationDay {
    EscalationDay {
        day_of_week: d,
        closed: true,
        open: None,
        close: None,
    }
}

pub fn compile(days: &[EscalationDay], z: &str) -> EscalationSchedule {
    EscalationSchedule::compile(days, &[], zone(z)).expect("valid schedule")
}

pub const ZONES: [&str; 10] = [
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
];

/// SPEC 5's boundary rule through chrono-tz: earliest mapping, or the end of the gap.
pub fn chrono_boundary(z: &Zone, l: NaiveDateTime) -> i64 {
    match z {
        Zone::Fixed(f) => f
            .from_local_datetime(&l)
            .earliest()
            .expect("fixed")
            .timestamp(),
        Zone::Iana(tz) => match tz.from_local_datetime(&l) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x.timestamp(),
            LocalResult::None => chrono_tz::GapInfo::new(&l, tz)
                .and_then(|g| g.end)
                .expect("gap end")
                .timestamp(),
        },
    }
}

fn hms(t: &str) -> i64 {
    let p: Vec<i64> = t.split(':').map(|x| x.parse().expect("digits")).collect();
    p[0] * 3600 + p[1] * 60 + p.get(2).copied().unwrap_or(0)
}

/// Reference evaluation of SPEC 10 written from the text, independent of the crate.
pub struct Reference {
    zone: Zone,
    days: Vec<EscalationDay>,
    holidays: Vec<NaiveDate>,
    cache: HashMap<NaiveDate, Vec<(i64, i64)>>,
}

impl Reference {
    pub fn new(zone: Zone, days: Vec<EscalationDay>, holidays: Vec<NaiveDate>) -> Reference {
        Reference {
            zone,
            days,
            holidays,
            cache: HashMap::new(),
        }
    }

    /// Windows (UTC seconds) that open on local date `d`.
    fn windows(&mut self, d: NaiveDate) -> Vec<(i64, i64)> {
        if let Some(w) = self.cache.get(&d) {
            return w.clone();
        }
        let mut out = Vec::new();
        let wd = i64::from(chrono::Datelike::weekday(&d).num_days_from_sunday());
        let always = self.days.is_empty();
        let day_closed = self.days.iter().any(|e| e.day_of_week == wd && e.closed);
        let entries: Vec<(i64, i64)> = if always {
            vec![(0, 86_400)]
        } else {
            self.days
                .iter()
                .filter(|e| e.day_of_week == wd && !day_closed)
                .map(|e| {
                    let s = e.open.as_deref().map_or(0, hms);
                    let c = e.close.as_deref().map_or(86_400, hms);
                    let c = if c <= s { c + 86_400 } else { c };
                    (s, c)
                })
                .collect()
        };
        if !self.holidays.contains(&d) {
            let midnight = d.and_hms_opt(0, 0, 0).expect("midnight");
            for (s, e) in entries {
                let a = chrono_boundary(&self.zone, midnight + TimeDelta::seconds(s));
                let b = chrono_boundary(&self.zone, midnight + TimeDelta::seconds(e));
                out.push((a, b));
            }
        }
        self.cache.insert(d, out.clone());
        out
    }

    pub fn is_open(&mut self, u: i64) -> bool {
        let t = DateTime::from_timestamp(u, 0).expect("range");
        let d = self.zone.local_date(t);
        (-2..=1).any(|k| {
            let date = d + TimeDelta::days(k);
            self.windows(date).iter().any(|&(a, b)| a <= u && u < b)
        })
    }

    /// Minute-stepping `escalates_at` for minute-aligned `t` and `d`; `None` past `limit`.
    pub fn escalates_at(&mut self, t: i64, d: i64, limit: i64) -> Option<i64> {
        let mut cur = t;
        let mut left = d;
        if d == 0 {
            while !self.is_open(cur) {
                cur += 60;
                if cur > limit {
                    return None;
                }
            }
            return Some(cur);
        }
        loop {
            if self.is_open(cur) {
                left -= 60;
                cur += 60;
                if left == 0 {
                    return Some(cur);
                }
            } else {
                cur += 60;
            }
            if cur > limit {
                return None;
            }
        }
    }
}
