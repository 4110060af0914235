//! `DateCompare` values (SPEC.md 3.3): `OP OFFSET` or `between OFFSET OFFSET`.
//!
//! OFFSET is `now`, `today`, or a signed sum of terms such as `-18y +90d` (units `y`,
//! `mo`, `w`, `d`, `h`, `mi`; also spelled out: `years`, `months`, `weeks`, `days`,
//! `hours`, `minutes`); `now`/`today` may lead a sum (`today -1d`). Terms apply left to
//! right; calendar arithmetic clamps (Jan 31 + 1mo = Feb 28/29).
//!
//! When every term is `today` or has a unit of a day or more, the comparison is by
//! calendar date in the client's zone (a lead instant becomes its local date);
//! otherwise by instant: calendar terms then move the client's wall clock (and the
//! boundary rule turns it back into an instant), `h`/`mi` terms are exact durations,
//! and a lead date means the first instant of that local day.
//!
//! Decisions: `m` alone is rejected as ambiguous; `between A B` is inclusive and
//! accepts its offsets in either order; offsets of `between` are separated by white
//! space, or by `and` / `,` / `|` when an offset has several terms and the split
//! would otherwise be ambiguous.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc};

use crate::value::DateValue;
use crate::zone::Zone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
}

impl Unit {
    fn parse(s: &str) -> Result<Unit, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
            "mo" | "mon" | "month" | "months" => Unit::Month,
            "w" | "wk" | "week" | "weeks" => Unit::Week,
            "d" | "day" | "days" => Unit::Day,
            "h" | "hr" | "hour" | "hours" => Unit::Hour,
            "mi" | "min" | "minute" | "minutes" => Unit::Minute,
            "m" => return Err("unit 'm' is ambiguous; use mo (months) or mi (minutes)".into()),
            "" => return Err("a term needs a unit (y, mo, w, d, h, mi)".into()),
            other => return Err(format!("unknown unit '{other}' (use y, mo, w, d, h, mi)")),
        })
    }

    fn is_calendar(self) -> bool {
        matches!(self, Unit::Year | Unit::Month | Unit::Week | Unit::Day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Start {
    Now,
    Today,
}

/// One offset: a start and terms applied left to right.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Offset {
    start: Option<Start>,
    terms: Vec<(i64, Unit)>,
}

/// Largest accepted magnitude of one term.
const MAX_TERM: i64 = 1_000_000;

impl Offset {
    fn parse(text: &str) -> Result<Offset, String> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let (start, mut rest) = if let Some(r) = lower.strip_prefix("today") {
            (Some(Start::Today), r)
        } else if let Some(r) = lower.strip_prefix("now") {
            (Some(Start::Now), r)
        } else {
            (None, lower.as_str())
        };
        let mut terms = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let (neg, r) = match rest.as_bytes()[0] {
                b'-' => (true, &rest[1..]),
                b'+' => (false, &rest[1..]),
                _ if start.is_some() || !terms.is_empty() => {
                    return Err(format!(
                        "'{}' is not a signed term like -18y or +90d",
                        rest.trim()
                    ))
                }
                _ => (false, rest),
            };
            let r = r.trim_start();
            let nd = r.bytes().take_while(u8::is_ascii_digit).count();
            if nd == 0 {
                return Err(format!("'{}' is not a term like -18y or +90d", rest.trim()));
            }
            let n: i64 = r[..nd]
                .parse()
                .map_err(|_| "a term is too large".to_string())?;
            if n > MAX_TERM {
                return Err(format!("term {n} is too large (at most {MAX_TERM})"));
            }
            let r = &r[nd..];
            let nu = r.bytes().take_while(u8::is_ascii_alphabetic).count();
            let unit = Unit::parse(&r[..nu])?;
            terms.push((if neg { -n } else { n }, unit));
            rest = &r[nu..];
        }
        if start.is_none() && terms.is_empty() {
            return Err("an offset is empty".into());
        }
        Ok(Offset { start, terms })
    }

    /// Whether this offset alone would compare by calendar date.
    fn is_calendar(&self) -> bool {
        self.start != Some(Start::Now) && self.terms.iter().all(|(_, u)| u.is_calendar())
    }

    fn date(&self, today: NaiveDate) -> Option<NaiveDate> {
        let mut d = today;
        for &(n, unit) in &self.terms {
            d = match unit {
                Unit::Year => add_months(d, n.checked_mul(12)?)?,
                Unit::Month => add_months(d, n)?,
                Unit::Week => d.checked_add_signed(Duration::try_days(n.checked_mul(7)?)?)?,
                Unit::Day => d.checked_add_signed(Duration::try_days(n)?)?,
                Unit::Hour | Unit::Minute => return None,
            };
        }
        Some(d)
    }

    fn instant(&self, now: DateTime<Utc>, zone: &Zone) -> Option<DateTime<Utc>> {
        let mut t = match self.start {
            Some(Start::Today) => zone.boundary(zone.local_date(now).and_time(NaiveTime::MIN)),
            _ => now,
        };
        for &(n, unit) in &self.terms {
            t = match unit {
                Unit::Hour => t.checked_add_signed(Duration::try_hours(n)?)?,
                Unit::Minute => t.checked_add_signed(Duration::try_minutes(n)?)?,
                _ => {
                    let local = zone.to_local(t);
                    let date = match unit {
                        Unit::Year => add_months(local.date(), n.checked_mul(12)?)?,
                        Unit::Month => add_months(local.date(), n)?,
                        Unit::Week => local
                            .date()
                            .checked_add_signed(Duration::try_days(n.checked_mul(7)?)?)?,
                        _ => local.date().checked_add_signed(Duration::try_days(n)?)?,
                    };
                    zone.boundary(date.and_time(local.time()))
                }
            };
        }
        Some(t)
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Between,
}

/// A compiled `DateCompare` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DateCompare {
    op: Op,
    a: Offset,
    b: Option<Offset>,
    by_date: bool,
    /// The last calendar limit of `a` and of `b` with the day it was computed for.
    memo: [DayMemo; 2],
    /// The local day of the last `now` asked and the seconds around it that share it.
    today: SpanMemo,
}

/// One remembered `(local day, limit)` of a calendar offset, packed in an atomic so a
/// compiled criterion shared by threads keeps it without a lock: the limit changes once
/// a day while the criterion is evaluated for every lead. The key is the local day
/// number of `now` ([`Zone::local_day`], within +-96 million, so `i32`); the limit is
/// the limit date's `num_days_from_ce`, `i32::MAX` for none. The empty memo holds the
/// day `i32::MIN`, below every date. Ignored by equality and hashing: it never changes
/// what the criterion answers.
#[derive(Debug)]
struct DayMemo(std::sync::atomic::AtomicU64);

const EMPTY_DAY: u64 = (i32::MIN as u32 as u64) << 32;
const NO_DATE: i32 = i32::MAX;

impl DayMemo {
    fn new() -> DayMemo {
        DayMemo(std::sync::atomic::AtomicU64::new(EMPTY_DAY))
    }

    /// `offset.date(today)` as `num_days_from_ce` for the local day `day` of `today`
    /// (`now` in `zone`), from the memo when it was last computed for that day.
    #[inline]
    fn limit_day(&self, offset: &Offset, day: i64, now: DateTime<Utc>, zone: &Zone) -> Option<i32> {
        use std::sync::atomic::Ordering::Relaxed;
        // ok: local days of chrono instants are within +-96 million.
        let key = day as i32 as u32;
        let packed = self.0.load(Relaxed);
        let limit = if (packed >> 32) as u32 == key {
            packed as u32 as i32
        } else {
            let limit = offset
                .date(zone.local_date(now))
                .map_or(NO_DATE, |d| d.num_days_from_ce());
            self.0
                .store(u64::from(key) << 32 | u64::from(limit as u32), Relaxed);
            limit
        };
        (limit != NO_DATE).then_some(limit)
    }
}

leadroute_time::ignored_by_equality!(DayMemo, DayMemo::new());

/// The local day of `now` in an IANA zone, remembered with the span of whole seconds
/// that share it ([`Zone::local_day_span`]): the day changes once a day (or at a change
/// of offset) while the criterion is evaluated for every lead, and finding the offset
/// costs a table search. Two atomic words, each tagged with the span's start (seconds
/// since [`SPAN_EPOCH`]) and the zone: the first holds the day, the second the span's
/// length. A reader takes them only when both tags match its zone and each other, and
/// a zone's span starting at a given second is always the same span, so words written
/// by different threads never combine into a wrong answer. Ignored by equality and
/// hashing; a clone starts empty.
#[derive(Debug, Default)]
struct SpanMemo([std::sync::atomic::AtomicU64; 2]);

/// 2000-01-01T00:00:00Z: span starts are kept as `u32` seconds from it (to 2136).
const SPAN_EPOCH: i64 = 946_684_800;
/// Day numbers (days since 1970-01-01) are kept as 17-bit offsets from 2000-01-01.
const SPAN_DAY_BASE: i64 = 10_957;
const LOW17: u64 = (1 << 17) - 1;

impl SpanMemo {
    /// [`Zone::local_day`] of `now` in `zone`.
    #[inline]
    fn local_day(&self, now: DateTime<Utc>, zone: &Zone) -> i64 {
        use std::sync::atomic::Ordering::Relaxed;
        let Zone::Iana(tz) = zone else {
            // A fixed offset needs no search.
            return zone.local_day(now);
        };
        let tag = (*tz as u64) & 0x7FFF;
        let rel = now.timestamp() - SPAN_EPOCH;
        let (day_word, len_word) = (self.0[0].load(Relaxed), self.0[1].load(Relaxed));
        let start = (len_word >> 32) as i64;
        let len = (len_word & LOW17) as i64;
        if day_word >> 17 == len_word >> 17
            && (len_word >> 17) & 0x7FFF == tag
            && start <= rel
            && rel < start + len
        {
            return SPAN_DAY_BASE + (day_word & LOW17) as i64;
        }
        let (day, lo, hi) = zone.local_day_span(now);
        let start = u32::try_from(lo - SPAN_EPOCH).ok();
        let len = u64::try_from(hi - lo).ok().filter(|l| *l <= LOW17);
        let day_bits = u64::try_from(day - SPAN_DAY_BASE)
            .ok()
            .filter(|d| *d <= LOW17);
        if let (Some(start), Some(len), Some(day_bits)) = (start, len, day_bits) {
            let head = u64::from(start) << 32 | tag << 17;
            self.0[0].store(head | day_bits, Relaxed);
            self.0[1].store(head | len, Relaxed);
        }
        day
    }
}

leadroute_time::ignored_by_equality!(SpanMemo, SpanMemo::default());

/// The limit(s) a lead date is compared with, for one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    Date(NaiveDate, Option<NaiveDate>),
    Instant(DateTime<Utc>, Option<DateTime<Utc>>),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Date(a, None) => write!(f, "{a}"),
            Limit::Date(a, Some(b)) => write!(f, "{a} and {b}"),
            Limit::Instant(a, None) => write!(
                f,
                "{}",
                a.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            Limit::Instant(a, Some(b)) => write!(
                f,
                "{} and {}",
                a.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                b.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

impl DateCompare {
    /// Parses a `DateCompare` value; the error text says what is wrong.
    pub(crate) fn parse(value: &str) -> Result<DateCompare, String> {
        let v = value.trim();
        // `get` and not `[..7]`: the value may start with a multi-byte character.
        if v.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("between"))
        {
            let rest = v[7..].trim();
            let (a, b) = split_between(rest)?;
            let by_date = a.is_calendar() && b.is_calendar();
            return Ok(DateCompare {
                op: Op::Between,
                a,
                b: Some(b),
                by_date,
                memo: [DayMemo::new(), DayMemo::new()],
                today: SpanMemo::default(),
            });
        }
        let ops = [
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("!=", Op::Ne),
            ("<>", Op::Ne),
            ("==", Op::Eq),
            ("=", Op::Eq),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        let Some((op, rest)) = ops
            .iter()
            .find_map(|(s, op)| v.strip_prefix(s).map(|r| (*op, r)))
        else {
            return Err(
                "expected OP OFFSET (OP one of = != < <= > >=) or between OFFSET OFFSET".into(),
            );
        };
        let a = Offset::parse(rest)?;
        let by_date = a.is_calendar();
        Ok(DateCompare {
            op,
            a,
            b: None,
            by_date,
            memo: [DayMemo::new(), DayMemo::new()],
            today: SpanMemo::default(),
        })
    }

    /// The limits at `now` in `zone`; `None` when out of the representable range.
    pub(crate) fn limit(&self, now: DateTime<Utc>, zone: &Zone) -> Option<Limit> {
        if self.by_date {
            let (a, b) = self.limit_days(now, zone)?;
            let date = NaiveDate::from_num_days_from_ce_opt;
            let b = match b {
                Some(b) => Some(date(b)?),
                None => None,
            };
            Some(Limit::Date(date(a)?, b))
        } else {
            let a = self.a.instant(now, zone)?;
            let b = match &self.b {
                Some(b) => Some(b.instant(now, zone)?),
                None => None,
            };
            Some(Limit::Instant(a, b))
        }
    }

    /// The calendar limits (`by_date` only) at `now` in `zone` as `num_days_from_ce`,
    /// remembered for the local day; `None` when out of the representable range.
    fn limit_days(&self, now: DateTime<Utc>, zone: &Zone) -> Option<(i32, Option<i32>)> {
        let day = self.today.local_day(now, zone);
        let a = self.memo[0].limit_day(&self.a, day, now, zone)?;
        let b = match &self.b {
            Some(b) => Some(self.memo[1].limit_day(b, day, now, zone)?),
            None => None,
        };
        Some((a, b))
    }

    /// Whether the lead's date satisfies the comparison.
    pub(crate) fn holds(&self, lead: DateValue, now: DateTime<Utc>, zone: &Zone) -> bool {
        if self.by_date {
            // Day numbers compare as the dates do.
            let Some((a, b)) = self.limit_days(now, zone) else {
                return false;
            };
            let d = match lead {
                DateValue::Instant(t) => zone.local_date(t),
                DateValue::Wall(w) => w.date(),
                DateValue::Date(d) => d,
            };
            return self.decide(d.num_days_from_ce(), a, b);
        }
        let Some(Limit::Instant(a, b)) = self.limit(now, zone) else {
            return false;
        };
        let t = match lead {
            DateValue::Instant(t) => t,
            DateValue::Wall(w) => zone.boundary(w),
            DateValue::Date(d) => zone.boundary(d.and_time(NaiveTime::MIN)),
        };
        self.decide(t, a, b)
    }

    fn decide<T: Ord + Copy>(&self, v: T, a: T, b: Option<T>) -> bool {
        let c = v.cmp(&a);
        match self.op {
            Op::Eq => c == Ordering::Equal,
            Op::Ne => c != Ordering::Equal,
            Op::Lt => c == Ordering::Less,
            Op::Le => c != Ordering::Greater,
            Op::Gt => c == Ordering::Greater,
            Op::Ge => c != Ordering::Less,
            Op::Between => {
                let b = b.unwrap_or(a);
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                lo <= v && v <= hi
            }
        }
    }
}

fn split_between(rest: &str) -> Result<(Offset, Offset), String> {
    const NEED: &str = "between needs two offsets: between OFFSET OFFSET";
    let lower = rest.to_ascii_lowercase();
    for sep in [" and ", ",", "|"] {
        if let Some(i) = lower.find(sep) {
            let (a, b) = (&rest[..i], &rest[i + sep.len()..]);
            return Ok((Offset::parse(a)?, Offset::parse(b)?));
        }
    }
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    if tokens.len() < 2 {
        return Err(NEED.into());
    }
    let mut found = None;
    for k in 1..tokens.len() {
        let a = Offset::parse(&tokens[..k].join(" "));
        let b = Offset::parse(&tokens[k..].join(" "));
        if let (Ok(a), Ok(b)) = (a, b) {
            if found.is_some() {
                return Err(
                    "the two offsets of between are ambiguous; separate them with 'and'".into(),
                );
            }
            found = Some((a, b));
        }
    }
    match found {
        Some(p) => Ok(p),
        None => {
            // Report the first offset's own problem when there is one.
            Offset::parse(tokens[0])?;
            Err(NEED.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One compiled criterion evaluated over and over, the day moving forwards,
    /// backwards and across zones (its memo of the last day's limits in play), answers
    /// as a freshly parsed one (no memo) every time, limits outside the calendar
    /// included.
    #[test]
    fn the_remembered_limit_of_a_day_is_the_limit_of_that_day() {
        let zones = [
            Zone::from_name("America/New_York").unwrap(),
            Zone::UTC,
            Zone::from_name("Pacific/Kiritimati").unwrap(),
        ];
        for text in [
            "<= -18y",
            "between -65y -25y",
            "> +1mo -2w",
            "<= -200000y",
            ">= today",
        ] {
            let kept = DateCompare::parse(text).unwrap();
            let mut t = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
            for step in 0..200i64 {
                // Hours forwards, a day back every seventh step, a year at the 100th.
                t += Duration::hours(if step % 7 == 6 { -25 } else { 5 });
                if step == 100 {
                    t += Duration::days(366);
                }
                let zone = &zones[(step % 3) as usize];
                let fresh = DateCompare::parse(text).unwrap();
                assert_eq!(kept.limit(t, zone), fresh.limit(t, zone), "{text} at {t}");
                for lead in ["1980-02-29", "2006-11-14", "1958-01-01"] {
                    let d = DateValue::Date(NaiveDate::parse_from_str(lead, "%Y-%m-%d").unwrap());
                    assert_eq!(kept.holds(d, t, zone), fresh.holds(d, t, zone));
                }
            }
        }
    }

    /// One memo of the local day, asked in steps of 17 minutes through days with a
    /// change of offset (New York's spring forward and fall back, Lord Howe's half
    /// hour), sometimes going back a day and sometimes switching zones: always the
    /// zone's own local day.
    #[test]
    fn the_remembered_day_is_the_zones_local_day() {
        let zones = [
            Zone::from_name("America/New_York").unwrap(),
            Zone::from_name("Australia/Lord_Howe").unwrap(),
            Zone::UTC,
        ];
        for start in [
            "2026-03-07T00:00:00Z",
            "2026-10-31T00:00:00Z",
            "2026-04-03T00:00:00Z",
        ] {
            let memo = SpanMemo::default();
            let mut t = DateTime::parse_from_rfc3339(start).unwrap().to_utc();
            for step in 0..400i64 {
                t += Duration::minutes(if step % 50 == 49 { -1440 } else { 17 });
                let zone = &zones[usize::from(step % 90 >= 60) + usize::from(step % 90 >= 80)];
                assert_eq!(
                    memo.local_day(t, zone),
                    zone.local_day(t),
                    "{t} in {zone:?}"
                );
            }
        }
    }

    #[test]
    fn parses_and_classifies() {
        let dc = DateCompare::parse("<= -18y").unwrap();
        assert!(dc.by_date);
        assert!(!DateCompare::parse("> now").unwrap().by_date);
        assert!(DateCompare::parse(">= today").unwrap().by_date);
        assert!(!DateCompare::parse(">= -3h").unwrap().by_date);
        assert!(!DateCompare::parse(">= -1d +3h").unwrap().by_date);
        assert!(DateCompare::parse("between -65y -18y").unwrap().by_date);
        assert!(DateCompare::parse("between today-1d today").is_ok());
        assert!(DateCompare::parse("between -65y +1d -18y").is_err());
        assert!(DateCompare::parse("between -65y +1d and -18y").is_ok());
        assert!(DateCompare::parse("<= -18m").is_err());
        assert!(DateCompare::parse("<= -18q").is_err());
        assert!(DateCompare::parse("<= ").is_err());
        assert!(DateCompare::parse("-18y").is_err());
        assert!(DateCompare::parse("<= -99999999999999999999y").is_err());
    }

    #[test]
    fn calendar_arithmetic_clamps() {
        let jan31 = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        let o = Offset::parse("+1mo").unwrap();
        assert_eq!(o.date(jan31), NaiveDate::from_ymd_opt(2024, 2, 29));
        let o = Offset::parse("-1y +1mo").unwrap();
        assert_eq!(o.date(jan31), NaiveDate::from_ymd_opt(2023, 2, 28));
    }
}
