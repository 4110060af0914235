//! Wall-clock times of day and window ends, and the parsers for the texts the source
//! documents use for them: `HH:MM`, `HH:MM:SS`, `24:00[:00]`, and ISO date-times whose
//! wall-clock digits alone are meaningful (delivery-day `StartTime`/`EndTime`).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::Error;

/// Seconds in a civil day without DST irregularities (the wall-clock length of a day).
pub(crate) const DAY: i64 = 86_400;

/// A wall-clock time of day: seconds since local midnight, `0..=86400`.
///
/// `86400` is `24:00`, the end of the day; it is only meaningful as a window end (see
/// [`WindowEnd`]). Sub-second digits in parsed text are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// `00:00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// `24:00:00`, the end of the day.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(86_400);

    /// The time `seconds` after midnight, if `seconds <= 86400`.
    pub fn from_seconds(seconds: u32) -> Option<TimeOfDay> {
        (seconds <= 86_400).then_some(TimeOfDay(seconds))
    }

    /// `h:m:s`, if it is a valid time of day (`24:00:00` included, `24:00:01` not).
    pub fn from_hms(h: u32, m: u32, s: u32) -> Option<TimeOfDay> {
        if m > 59 || s > 59 || h > 24 {
            return None;
        }
        TimeOfDay::from_seconds(h * 3600 + m * 60 + s)
    }

    /// Seconds since midnight.
    pub fn seconds(self) -> u32 {
        self.0
    }

    /// Parses `HH:MM` or `HH:MM:SS` (one- or two-digit hour, optional `.fraction` after the
    /// seconds, which is ignored), including `24:00` and `24:00:00`. Surrounding whitespace
    /// is ignored.
    ///
    /// # Errors
    /// [`Error::BadTimeOfDay`] for anything else (`25:00`, `12:60`, `noon`, `24:00:01`).
    pub fn parse(text: &str) -> Result<TimeOfDay, Error> {
        parse_hms(text.trim()).ok_or_else(|| bad_time(text))
    }

    /// Parses a time of day the way delivery-day rules are read: either the plain forms of
    /// [`TimeOfDay::parse`] or an ISO 8601 / RFC 3339 date-time
    /// (`2020-08-25T14:23:40.877Z`, `2020-08-25 14:23:40`) of which only the wall-clock
    /// digits are taken: date, UTC offset and fraction of a second are ignored, so the
    /// example is `14:23:40`. A bare date (`2020-08-25`) reads as `00:00:00`.
    ///
    /// # Errors
    /// [`Error::BadTimeOfDay`] when no valid time can be read.
    pub fn parse_wall_clock(text: &str) -> Result<TimeOfDay, Error> {
        let t = text.trim();
        if t.len() >= 10 && t.as_bytes().get(4) == Some(&b'-') {
            if wall_clock_date(t).is_err() {
                return Err(bad_time(text));
            }
            let rest = &t[10..];
            if rest.is_empty() {
                return Ok(TimeOfDay::MIDNIGHT);
            }
            let rest = rest
                .strip_prefix(['T', 't', ' '])
                .ok_or_else(|| bad_time(text))?;
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
                .unwrap_or(rest.len());
            let (clock, zone) = rest.split_at(end);
            if !valid_zone_suffix(zone) {
                return Err(bad_time(text));
            }
            return parse_hms(clock).ok_or_else(|| bad_time(text));
        }
        TimeOfDay::parse(t)
    }
}

fn valid_zone_suffix(z: &str) -> bool {
    let z = z.trim();
    if z.is_empty() || z.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(rest) = z.strip_prefix(['+', '-']) else {
        return false;
    };
    rest.bytes().all(|b| b.is_ascii_digit() || b == b':') && !rest.is_empty() && rest.len() <= 5
}

fn bad_time(text: &str) -> Error {
    Error::BadTimeOfDay {
        text: text.to_string(),
    }
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_hms(t: &str) -> Option<TimeOfDay> {
    let mut parts = t.split(':');
    let h = digits(parts.next()?, 1, 2)?;
    let m = digits(parts.next()?, 2, 2)?;
    let s = match parts.next() {
        None => 0,
        Some(sec) => {
            let (whole, frac) = match sec.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (sec, None),
            };
            if let Some(f) = frac {
                if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
            }
            digits(whole, 2, 2)?
        }
    };
    if parts.next().is_some() {
        return None;
    }
    TimeOfDay::from_hms(h, m, s)
}

impl FromStr for TimeOfDay {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TimeOfDay::parse(s)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// Where a window ends, on the wall clock of the day it starts (or the next day, for an
/// overnight window).
///
/// The two source documents read "end of day" differently, so each has its constructor:
/// [`WindowEnd::delivery`] (SPEC 5: `23:59`, `23:59:00`, `23:59:59`, `24:00`, `24:00:00`
/// all mean the end of the day) and [`WindowEnd::escalation`] (SPEC 10: only `24:00:00`
/// / `24:00` is the end of the day; `23:59:59` there is literal, one second before it,
/// because section 10 names `24:00:00` as its end-of-day spelling and says nothing of
/// `23:59`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowEnd {
    /// At this wall-clock time (strictly before `24:00`).
    At(TimeOfDay),
    /// At the end of the day (the next local midnight).
    EndOfDay,
}

impl WindowEnd {
    /// A delivery-day end: `23:59`, `23:59:59` and `24:00` are the end of the day.
    pub fn delivery(t: TimeOfDay) -> WindowEnd {
        match t.seconds() {
            86_340 | 86_399 | 86_400 => WindowEnd::EndOfDay,
            _ => WindowEnd::At(t),
        }
    }

    /// An escalation close time: only `24:00` is the end of the day.
    pub fn escalation(t: TimeOfDay) -> WindowEnd {
        if t == TimeOfDay::END_OF_DAY {
            WindowEnd::EndOfDay
        } else {
            WindowEnd::At(t)
        }
    }

    /// Seconds since the start date's midnight on the wall clock (`86400` for the end of day).
    pub fn seconds(self) -> u32 {
        match self {
            WindowEnd::At(t) => t.seconds(),
            WindowEnd::EndOfDay => 86_400,
        }
    }
}

/// The calendar date named by the first ten characters of `text` (`YYYY-MM-DD`); any time
/// or offset after it is ignored (`2026-03-08T00:00:00Z` is March 8 whatever the zone),
/// as SPEC 5 reads `StaticDate`.
///
/// # Errors
/// [`Error::BadDate`] when the text does not start with a valid date.
pub fn wall_clock_date(text: &str) -> Result<NaiveDate, Error> {
    let t = text.trim();
    let bad = || Error::BadDate {
        text: text.to_string(),
    };
    let head = t.get(..10).ok_or_else(bad)?;
    let b = head.as_bytes();
    if !head.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let y = digits(&head[..4], 4, 4).ok_or_else(bad)?;
    let m = digits(&head[5..7], 2, 2).ok_or_else(bad)?;
    let d = digits(&head[8..10], 2, 2).ok_or_else(bad)?;
    let y = i32::try_from(y).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}
