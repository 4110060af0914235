//! Resolved time zones (IANA, Windows or fixed offset), conversions between instants and
//! wall-clock times, the boundary rule of SPEC 5 and the calendar periods caps count in.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::{Tz, TZ_VARIANTS};
use windows_timezones::WindowsTimezone;

use crate::clock::{clock, Kind, Pieces, SCAN_END, SCAN_START};
use crate::tod::DAY;

/// A resolved time zone: an IANA zone from chrono-tz, or a fixed UTC offset.
///
/// Cheap to copy. Windows names resolve to their CLDR IANA zone, so
/// `Zone::from_name("Pacific Standard Time")` equals `Zone::from_name("America/Los_Angeles")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// An IANA zone.
    Iana(Tz),
    /// A constant offset from UTC (whole seconds, less than 24 h either way).
    Fixed(FixedOffset),
}

/// Why [`resolve_zone`] did not use the configuration as given.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ZoneWarning {
    /// A non-empty zone name that is neither an IANA nor a Windows zone name.
    UnknownName {
        /// The name as given.
        name: String,
    },
    /// An offset in hours that is not finite or not within ±24 h.
    BadOffset {
        /// The offset as given.
        hours: f64,
    },
}

impl fmt::Display for ZoneWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneWarning::UnknownName { name } => {
                write!(
                    f,
                    "unknown time zone name '{name}' (neither IANA nor Windows)"
                )
            }
            ZoneWarning::BadOffset { hours } => {
                write!(f, "time offset {hours} hours is out of range")
            }
        }
    }
}

fn names() -> &'static HashMap<String, Tz> {
    static NAMES: OnceLock<HashMap<String, Tz>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut m = HashMap::new();
        for &tz in TZ_VARIANTS.iter() {
            m.insert(tz.name().to_ascii_lowercase(), tz);
        }
        for &tz in TZ_VARIANTS.iter() {
            if let Ok(w) = WindowsTimezone::try_from(tz) {
                m.entry(w.name().to_ascii_lowercase())
                    .or_insert_with(|| Tz::from(w));
            }
        }
        m
    })
}

/// Resolves a client's zone as SPEC 5 says: a known name (IANA or Windows, trimmed,
/// case-insensitive) wins; otherwise `offset_hours` gives a fixed offset (`0` is UTC, a
/// real offset); otherwise `default`. An unknown non-empty name or an out-of-range offset
/// comes back as a warning (the name warning first), never as a silent UTC.
pub fn resolve_zone(
    name: Option<&str>,
    offset_hours: Option<f64>,
    default: &Zone,
) -> (Zone, Option<ZoneWarning>) {
    let mut warning = None;
    if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
        match Zone::from_name(n) {
            Some(z) => return (z, None),
            None => {
                warning = Some(ZoneWarning::UnknownName {
                    name: n.to_string(),
                });
            }
        }
    }
    if let Some(h) = offset_hours {
        match Zone::fixed_hours(h) {
            Some(z) => return (z, warning),
            None => {
                warning = warning.or(Some(ZoneWarning::BadOffset { hours: h }));
            }
        }
    }
    (*default, warning)
}

fn clamp_instant(secs: i64, nanos: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, nanos).unwrap_or(if secs < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

fn date_of_days(days: i64) -> NaiveDate {
    let d = i32::try_from(days.saturating_add(719_163)).unwrap_or(if days < 0 {
        i32::MIN
    } else {
        i32::MAX
    });
    NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(if days < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

fn days_of_date(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone::Iana(Tz::UTC);

    /// An IANA name (`America/Chicago`) or a Windows name (`Central Standard Time`),
    /// trimmed and matched case-insensitively. `None` for empty or unknown names.
    pub fn from_name(name: &str) -> Option<Zone> {
        let n = name.trim();
        if n.is_empty() {
            return None;
        }
        if let Ok(tz) = n.parse::<Tz>() {
            return Some(Zone::Iana(tz));
        }
        names()
            .get(&n.to_ascii_lowercase())
            .map(|&tz| Zone::Iana(tz))
    }

    /// A fixed offset of `hours` (fractions allowed: `5.5` is +05:30, rounded to the
    /// second); `None` unless finite and strictly within ±24 h.
    pub fn fixed_hours(hours: f64) -> Option<Zone> {
        if !hours.is_finite() || hours.abs() >= 24.0 {
            return None;
        }
        Zone::fixed_seconds((hours * 3600.0).round() as i32)
    }

    /// A fixed offset of `seconds` east of UTC; `None` unless strictly within ±24 h.
    pub fn fixed_seconds(seconds: i32) -> Option<Zone> {
        FixedOffset::east_opt(seconds).map(Zone::Fixed)
    }

    /// The zone's display name: the IANA name, or `UTC+05:30` for a fixed offset.
    pub fn name(&self) -> String {
        self.to_string()
    }

    /// Builds now the table that this zone's calendar arithmetic otherwise builds on
    /// first use (tens of milliseconds for an IANA zone, nothing for a fixed offset), so
    /// that a long-lived caller pays it at start-up rather than on its first request.
    /// Idempotent and thread-safe; the table is shared by every copy of the zone.
    pub fn prepare(&self) {
        let _ = self.pieces();
    }

    #[inline]
    pub(crate) fn pieces(&self) -> Pieces {
        match self {
            Zone::Iana(tz) => Pieces::Table(clock(*tz)),
            Zone::Fixed(f) => Pieces::Fixed(i64::from(f.local_minus_utc())),
        }
    }

    /// The UTC offset in effect at `t`, in seconds east of UTC.
    ///
    /// Read from the zone's cached transition table (a binary search over a few hundred
    /// instants) where the table holds the offset itself: inside the range it was
    /// scanned over, on a piece where the wall clock runs at the offset. Elsewhere (the
    /// repeated hour after a fall-back, years outside 1800-2100) chrono-tz answers. The
    /// table was built from chrono-tz's offsets, so both agree (a property test checks
    /// every zone).
    #[inline]
    pub fn offset_seconds(&self, t: DateTime<Utc>) -> i32 {
        match self {
            Zone::Iana(tz) => {
                let u = t.timestamp();
                if (SCAN_START..SCAN_END).contains(&u) {
                    let p = Pieces::Table(clock(*tz));
                    if let Kind::Linear(o) = p.kind(p.find(u)) {
                        if let Ok(o) = i32::try_from(o) {
                            return o;
                        }
                    }
                }
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc()
            }
            Zone::Fixed(f) => f.local_minus_utc(),
        }
    }

    /// The wall-clock reading at `t`.
    pub fn to_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let off = i64::from(self.offset_seconds(t));
        clamp_instant(
            t.timestamp().saturating_add(off),
            t.timestamp_subsec_nanos(),
        )
        .naive_utc()
    }

    /// The wall-clock date at `t`: the date of [`Zone::to_local`], from the day number
    /// of the local reading without building the reading (saturating alike).
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        date_of_days(self.local_day(t))
    }

    /// The number of the wall-clock day at `t`, counted from 1970-01-01 (day 0): what
    /// [`Zone::local_date`] returns, as a number, for a caller that only compares days
    /// or keys a memo by them (no calendar date is built). Two instants have the same
    /// local date exactly when they have the same local day within chrono's dates.
    #[inline]
    pub fn local_day(&self, t: DateTime<Utc>) -> i64 {
        t.timestamp()
            .saturating_add(i64::from(self.offset_seconds(t)))
            .div_euclid(DAY)
    }

    /// [`Zone::local_day`] of `t` with the whole seconds around it that share it:
    /// `(day, lo, hi)` with `lo <= t.timestamp() < hi`, and `local_day` of every instant
    /// whose whole second lies in `[lo, hi)` is `day`. The span ends at the day's end or
    /// at the zone's next change of offset, whichever comes first; where the offset is
    /// not a plain table lookup (far past or future) it is the one second of `t`. For a
    /// caller that asks the local day of many instants close together.
    pub fn local_day_span(&self, t: DateTime<Utc>) -> (i64, i64, i64) {
        let u = t.timestamp();
        let within = |o: i64, from: i64, to: i64| {
            let day = u.saturating_add(o).div_euclid(DAY);
            let lo = day.saturating_mul(DAY).saturating_sub(o).max(from);
            let hi = day
                .saturating_add(1)
                .saturating_mul(DAY)
                .saturating_sub(o)
                .min(to);
            (day, lo, hi)
        };
        match self {
            Zone::Fixed(f) => within(i64::from(f.local_minus_utc()), i64::MIN, i64::MAX),
            Zone::Iana(tz) => {
                // As `offset_seconds` reads the offset: a linear piece of the table.
                if (SCAN_START..SCAN_END).contains(&u) {
                    let p = Pieces::Table(clock(*tz));
                    let k = p.find(u);
                    if let Kind::Linear(o) = p.kind(k) {
                        if i32::try_from(o).is_ok() {
                            let from = p.start(k).max(SCAN_START);
                            return within(o, from, p.end(k).min(SCAN_END));
                        }
                    }
                }
                (self.local_day(t), u, u.saturating_add(1))
            }
        }
    }

    /// The calendar date `t` belongs to under the boundary rule: the date `D` with
    /// `boundary(D 00:00) <= t < boundary(D+1 00:00)`. It differs from
    /// [`Zone::local_date`] only in a fall-back that repeats the hour before midnight
    /// (America/Santiago): the repeated `23:xx` already belongs to the new day, because
    /// that day began at the first `00:00`.
    pub fn calendar_date(&self, t: DateTime<Utc>) -> NaiveDate {
        date_of_days(self.pieces().reading(t.timestamp()).div_euclid(DAY))
    }

    /// The boundary rule of SPEC 5: the first instant at which the wall clock reads `local`
    /// or later. A time in a spring-forward gap maps to the transition instant (02:30 in a
    /// 02:00-03:00 gap is 03:00 new time); a time in a fall-back fold maps to its first
    /// occurrence. Never goes backwards: `a <= b` implies `boundary(a) <= boundary(b)`.
    /// Results beyond chrono's range saturate.
    pub fn boundary(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let p = self.pieces();
        let l = local.and_utc().timestamp();
        let nanos = local.and_utc().timestamp_subsec_nanos();
        let u = p.boundary(l);
        if nanos > 0 {
            if let Kind::Linear(o) = p.kind(p.find(u)) {
                if u.saturating_add(o) == l {
                    return clamp_instant(u, nanos);
                }
            }
        }
        clamp_instant(u, 0)
    }

    /// [`Zone::boundary`] of local seconds since 1970-01-01T00:00.
    pub(crate) fn boundary_secs(&self, local: i64) -> DateTime<Utc> {
        clamp_instant(self.pieces().boundary(local), 0)
    }

    /// `[start, end)` of the calendar day containing `t` (23 or 25 hours around DST).
    pub fn day_bounds(&self, t: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let d = self.pieces().reading(t.timestamp()).div_euclid(DAY);
        (
            self.boundary_secs(d * DAY),
            self.boundary_secs((d + 1) * DAY),
        )
    }

    /// `[start, end)` of the calendar week containing `t`, weeks starting at 00:00 on
    /// `week_start`.
    pub fn week_bounds(
        &self,
        t: DateTime<Utc>,
        week_start: Weekday,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        let d = self.pieces().reading(t.timestamp()).div_euclid(DAY);
        let wd = (d + 4).rem_euclid(7);
        let back = (wd - i64::from(week_start.num_days_from_sunday())).rem_euclid(7);
        let s = d - back;
        (
            self.boundary_secs(s * DAY),
            self.boundary_secs((s + 7) * DAY),
        )
    }

    /// `[start, end)` of the calendar month containing `t`.
    pub fn month_bounds(&self, t: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let date = self.calendar_date(t);
        let first = date.with_day(1).unwrap_or(date);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        (
            self.boundary_secs(days_of_date(first) * DAY),
            self.boundary_secs(days_of_date(next) * DAY),
        )
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Iana(tz) => f.write_str(tz.name()),
            Zone::Fixed(o) => {
                let s = o.local_minus_utc();
                let sign = if s < 0 { '-' } else { '+' };
                let a = s.unsigned_abs();
                write!(f, "UTC{sign}{:02}:{:02}", a / 3600, a / 60 % 60)?;
                if a % 60 != 0 {
                    write!(f, ":{:02}", a % 60)?;
                }
                Ok(())
            }
        }
    }
}

/// A cap period (SPEC 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// The rolling hour `(t - 3600 s, t]` (both ends are instants; the start is excluded).
    Hour,
    /// The calendar day in the zone.
    Day,
    /// The calendar week in the zone, from 00:00 on the configured first weekday.
    Week,
    /// The calendar month in the zone.
    Month,
}

/// The span of a [`Period`] around an instant. Calendar periods are `[start, end)`; the
/// rolling hour is `(start, end]`; [`PeriodBounds::contains`] knows which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PeriodBounds {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rolling: bool,
}

impl PeriodBounds {
    /// First instant (excluded for the rolling hour).
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// Last instant (excluded for calendar periods, included for the rolling hour).
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Whether the bounds are `(start, end]` (rolling hour) rather than `[start, end)`.
    pub fn is_rolling(&self) -> bool {
        self.rolling
    }

    /// Whether `x` lies in the period.
    pub fn contains(&self, x: DateTime<Utc>) -> bool {
        if self.rolling {
            self.start < x && x <= self.end
        } else {
            self.start <= x && x < self.end
        }
    }
}

impl Period {
    /// The period containing `t` in `zone` (weeks start on `week_start`).
    pub fn bounds(self, zone: &Zone, t: DateTime<Utc>, week_start: Weekday) -> PeriodBounds {
        let (start, end, rolling) = match self {
            Period::Hour => (
                t.checked_sub_signed(chrono::TimeDelta::seconds(3600))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC),
                t,
                true,
            ),
            Period::Day => {
                let (s, e) = zone.day_bounds(t);
                (s, e, false)
            }
            Period::Week => {
                let (s, e) = zone.week_bounds(t, week_start);
                (s, e, false)
            }
            Period::Month => {
                let (s, e) = zone.month_bounds(t);
                (s, e, false)
            }
        };
        PeriodBounds {
            start,
            end,
            rolling,
        }
    }
}
