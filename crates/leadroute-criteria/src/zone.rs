//! The client's time zone, as the criteria see it: the wall clock at an instant, and
//! the boundary rule (the first instant the wall clock reads a given time or later).
//!
//! This is a stand-in with the same API as the time crate's `Zone`, used until that
//! crate publishes it.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// A resolved time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone(Tz::UTC);

    /// An IANA name; `None` when unknown.
    pub fn from_name(name: &str) -> Option<Zone> {
        name.trim().parse::<Tz>().ok().map(Zone)
    }

    /// The zone's name.
    pub fn name(&self) -> String {
        self.0.name().to_string()
    }

    /// The wall-clock reading at `t`.
    pub fn to_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let off = self.0.offset_from_utc_datetime(&t.naive_utc()).fix();
        t.naive_utc() + Duration::seconds(i64::from(off.local_minus_utc()))
    }

    /// The wall-clock date at `t`.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        self.to_local(t).date()
    }

    /// The first instant at which the wall clock reads `local` or later.
    pub fn boundary(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
            LocalResult::None => {
                // In a gap: the transition instant. Search the day around it.
                let mut lo = local.and_utc() - Duration::hours(27);
                let mut hi = local.and_utc() + Duration::hours(27);
                while hi - lo > Duration::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if self.to_local(mid) >= local {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                hi
            }
        }
    }
}
