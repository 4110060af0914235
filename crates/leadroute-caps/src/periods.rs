//! The four cap periods around an instant (SPEC.md section 6) as millisecond bounds: the
//! rolling hour `(now - 3600 s, now]` and the calendar day, week and month `[start, end)`
//! in a zone, from leadroute-time's boundary rule (so a day is 23 or 25 hours around DST).
//! Computing the calendar bounds costs a few zone look-ups; [`PeriodCache`] reuses them
//! for every instant of the same local day.

use leadroute_model::UidMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc, Weekday};
use leadroute_time::Zone;

use crate::instant::{from_ms, ms, HOUR_MS};

/// Where each cap period of one instant begins and ends, in one zone.
///
/// A send at instant `s` (milliseconds) is in the rolling hour when `s > hour_start`, and
/// in a calendar period when `s >= start`; sends dated after `now` count as if sent at
/// `now` (SPEC.md 6), so no period has an upper bound when counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Periods {
    now: i64,
    day: (i64, i64),
    week_start: i64,
    month_start: i64,
    /// First dates of the next week and month: their midnights (the periods' ends) are
    /// only needed to step forward, so they are looked up on demand.
    week_next: NaiveDate,
    month_next: NaiveDate,
    zone: Zone,
}

fn midnight(zone: &Zone, d: NaiveDate) -> i64 {
    ms(zone.boundary(d.and_time(chrono::NaiveTime::MIN)))
}

impl Periods {
    /// The periods of `now` in `zone`, weeks starting at 00:00 on `week_start`.
    pub fn new(zone: &Zone, week_start: Weekday, now: DateTime<Utc>) -> Periods {
        let date = zone.calendar_date(now);
        let plus =
            |d: NaiveDate, n: u64| d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX);
        let day_start = midnight(zone, date);
        let day_end = midnight(zone, plus(date, 1));
        let back =
            (7 + date.weekday().num_days_from_sunday() - week_start.num_days_from_sunday()) % 7;
        let week_first = date
            .checked_sub_days(Days::new(u64::from(back)))
            .unwrap_or(NaiveDate::MIN);
        let week_start_ms = if back == 0 {
            day_start
        } else {
            midnight(zone, week_first)
        };
        let first = date.with_day(1).unwrap_or(date);
        let month_start = if first == date {
            day_start
        } else if first == week_first {
            week_start_ms
        } else {
            midnight(zone, first)
        };
        Periods {
            now: ms(now),
            day: (day_start, day_end),
            week_start: week_start_ms,
            month_start,
            week_next: plus(week_first, 7),
            month_next: first
                .checked_add_months(Months::new(1))
                .unwrap_or(NaiveDate::MAX),
            zone: *zone,
        }
    }

    /// The same calendar periods at another instant of the same local day, or `None` if
    /// `now` is outside this day (then compute anew).
    #[inline]
    pub fn at(&self, now: DateTime<Utc>) -> Option<Periods> {
        let n = ms(now);
        (self.day.0 <= n && n < self.day.1).then_some(Periods { now: n, ..*self })
    }

    /// The instant the periods are for (millisecond precision).
    pub fn now(&self) -> DateTime<Utc> {
        from_ms(self.now)
    }

    /// The excluded start of the rolling hour, `now - 3600 s`.
    pub fn hour_start(&self) -> DateTime<Utc> {
        from_ms(self.now.saturating_sub(HOUR_MS))
    }

    /// `[start, end)` of the calendar day.
    pub fn day(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (from_ms(self.day.0), from_ms(self.day.1))
    }

    /// `[start, end)` of the calendar week.
    pub fn week(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let (s, e) = self.week_ms();
        (from_ms(s), from_ms(e))
    }

    /// `[start, end)` of the calendar month.
    pub fn month(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let (s, e) = self.month_ms();
        (from_ms(s), from_ms(e))
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.now
    }

    /// First millisecond counted by the rolling hour (`now - 3600 s`, excluded, plus 1).
    pub(crate) fn hour_from_ms(&self) -> i64 {
        self.now.saturating_sub(HOUR_MS).saturating_add(1)
    }

    pub(crate) fn day_ms(&self) -> (i64, i64) {
        self.day
    }

    pub(crate) fn week_ms(&self) -> (i64, i64) {
        (self.week_start, midnight(&self.zone, self.week_next))
    }

    pub(crate) fn month_ms(&self) -> (i64, i64) {
        (self.month_start, midnight(&self.zone, self.month_next))
    }

    /// The inclusive lower bounds `[hour, day, week, month]` a send must reach to count.
    #[inline]
    pub(crate) fn lower_bounds(&self) -> [i64; 4] {
        [
            self.hour_from_ms(),
            self.day.0,
            self.week_start,
            self.month_start,
        ]
    }
}

/// Reuses the calendar bounds of each (zone, week start) for every instant of the same
/// local day: a hit costs one hash look-up instead of six zone boundary searches.
///
/// The engine keeps one for its sequential pass (many accounts share a few zones and the
/// decision instant moves slowly).
#[derive(Clone, Debug, Default)]
pub struct PeriodCache {
    last: Option<(Zone, Weekday, Periods)>,
    map: UidMap<(Zone, Weekday), Periods>,
}

impl PeriodCache {
    /// An empty cache.
    pub fn new() -> PeriodCache {
        PeriodCache::default()
    }

    /// The periods of `now` in `zone`, from the cache when the day is the same.
    #[inline]
    pub fn periods(&mut self, zone: &Zone, week_start: Weekday, now: DateTime<Utc>) -> Periods {
        if let Some((z, w, p)) = &self.last {
            if z == zone && *w == week_start {
                if let Some(p) = p.at(now) {
                    return p;
                }
            }
        }
        let p = match self.map.get(&(*zone, week_start)).and_then(|p| p.at(now)) {
            Some(p) => p,
            None => {
                let p = Periods::new(zone, week_start, now);
                self.map.insert((*zone, week_start), p);
                p
            }
        };
        self.last = Some((*zone, week_start, p));
        p
    }
}
