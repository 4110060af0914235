//! A [`WeeklyHours`] bound to its [`Zone`], with the cumulative open time precomputed at
//! every piece of the zone's time line, so that open time between two instants and the
//! instant at which a given amount of open time has elapsed are binary searches: the cost
//! does not grow with the duration (whole weeks and whole years are skipped
//! arithmetically). This is what the escalation calculator runs on.

use chrono::{DateTime, Utc};

use crate::clock::{Kind, Pieces};
use crate::weekly::{check_order, with_fractions};
use crate::{Error, WeeklyHours, Zone};

/// Weekly hours in a zone, ready for open-time arithmetic.
///
/// Let `C(u)` be the open seconds from a fixed origin to instant `u`. Per piece `k` of the
/// zone's time line we store `base[k]` (linear piece with offset `o`: `C(u) = base[k] +
/// F(u + o)`, where `F` is the local pattern's measure; held piece: `C(u) = base[k] + (u -
/// start) * open`) and `cum[k] = C(start of k)`. About 600 pieces for a DST zone, 8 bytes
/// each twice.
///
/// ```
/// use chrono::{TimeZone, Utc, Weekday};
/// use leadroute_time::{Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone, ZonedHours};
///
/// let open = |d| Rule::new(RuleDay::Weekday(d), TimeOfDay::parse("08:00").unwrap(),
///     WindowEnd::escalation(TimeOfDay::parse("16:00").unwrap()), Effect::Allow).unwrap();
/// let hours = WeeklyHours::new([Weekday::Mon, Weekday::Tue].map(open), []);
/// let z = ZonedHours::new(hours, Zone::UTC);
/// let mon_15 = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
/// // One open hour after Monday 15:00 is Monday 16:00, the closing instant itself.
/// assert_eq!(z.advance(mon_15, 3600), Some(Utc.with_ymd_and_hms(2026, 3, 9, 16, 0, 0).unwrap()));
/// // Two hours: one on Monday, one from Tuesday 08:00.
/// assert_eq!(z.advance(mon_15, 7200), Some(Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap()));
/// ```
#[derive(Clone, Debug)]
pub struct ZonedHours {
    hours: WeeklyHours,
    zone: Zone,
    pieces: Pieces,
    base: Vec<i64>,
    cum: Vec<i64>,
}

impl PartialEq for ZonedHours {
    fn eq(&self, other: &Self) -> bool {
        self.hours == other.hours && self.zone == other.zone
    }
}

impl Eq for ZonedHours {}

impl ZonedHours {
    /// Binds `hours` to `zone` (builds the zone's transition table on its first use in the
    /// process, a few milliseconds; then about a microsecond per DST year in the tables).
    pub fn new(hours: WeeklyHours, zone: Zone) -> ZonedHours {
        let pieces = zone.pieces();
        let n = pieces.len();
        let mut base = Vec::with_capacity(n);
        let mut cum = Vec::with_capacity(n);
        let mut c = 0i64;
        for k in 0..n {
            let start = pieces.start(k);
            let end = pieces.end(k);
            match pieces.kind(k) {
                Kind::Linear(o) => {
                    let b = if k == 0 { 0 } else { c - hours.f(start + o) };
                    base.push(b);
                    cum.push(if k == 0 { i64::MIN } else { c });
                    if k + 1 < n {
                        c = b + hours.f(end + o);
                    }
                }
                Kind::Pause(h) => {
                    base.push(c);
                    cum.push(c);
                    c += (end - start) * i64::from(hours.contains_local(h));
                }
            }
        }
        ZonedHours {
            hours,
            zone,
            pieces,
            base,
            cum,
        }
    }

    /// The schedule.
    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    /// The zone the schedule is read in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// `C(s)` for whole-second `s`.
    #[inline]
    fn c(&self, s: i64) -> i64 {
        let k = self.pieces.find(s);
        match self.pieces.kind(k) {
            Kind::Linear(o) => self.base[k] + self.hours.f(s + o),
            Kind::Pause(h) => {
                self.base[k] + (s - self.pieces.start(k)) * i64::from(self.hours.contains_local(h))
            }
        }
    }

    /// Least whole second `u` with `C(u) >= y`.
    fn c_inv_left(&self, y: i64) -> Option<i64> {
        let k = self.cum.partition_point(|&c| c < y).saturating_sub(1);
        match self.pieces.kind(k) {
            Kind::Linear(o) => self
                .hours
                .f_inv_left(y.checked_sub(self.base[k])?)?
                .checked_sub(o),
            Kind::Pause(_) => self.pieces.start(k).checked_add(y - self.cum[k]),
        }
    }

    /// Greatest whole second `u` with `C(u) <= y`: where open time after `y` begins.
    fn c_inv_right(&self, y: i64) -> Option<i64> {
        let k = self.cum.partition_point(|&c| c <= y).saturating_sub(1);
        match self.pieces.kind(k) {
            Kind::Linear(o) => self
                .hours
                .f_inv_right(y.checked_sub(self.base[k])?)?
                .checked_sub(o),
            Kind::Pause(h) => Some(if self.hours.contains_local(h) {
                self.pieces.start(k) + (y - self.cum[k])
            } else {
                self.pieces.end(k)
            }),
        }
    }

    /// Whether `t` is open.
    #[inline]
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        self.hours
            .contains_local(self.pieces.reading(t.timestamp()))
    }

    /// `t` if open at `t`, else the start of the next open window; `None` if the schedule
    /// never opens again.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_open(t) {
            return Some(t);
        }
        let u = self.c_inv_right(self.c(t.timestamp()))?;
        DateTime::from_timestamp(u, 0)
    }

    /// The instant at which `seconds` of open time have elapsed since `t`: the earliest
    /// `u >= t` with `open_seconds(t, u) == seconds`. `0` gives [`ZonedHours::next_open`];
    /// for a positive duration the result may be exactly a closing instant. `None` when
    /// the schedule does not have that much open time left (or the instant is beyond
    /// chrono's range). Cost is independent of `seconds`.
    pub fn advance(&self, t: DateTime<Utc>, seconds: u64) -> Option<DateTime<Utc>> {
        if seconds == 0 {
            return self.next_open(t);
        }
        let d = i64::try_from(seconds).ok()?;
        let s = t.timestamp();
        let frac = t.timestamp_subsec_nanos();
        let target = self.c(s).checked_add(d)?;
        let r = self.c_inv_left(target)?;
        if frac > 0 && self.is_open(t) {
            // Open through [s, s + 1): the fraction of a second shifts the result by the
            // same fraction, at the next open second from `r`.
            let n = if self.hours.contains_local(self.pieces.reading(r)) {
                r
            } else {
                self.c_inv_right(self.c(r))?
            };
            return DateTime::from_timestamp(n, frac);
        }
        DateTime::from_timestamp(r, 0)
    }

    /// Open time within `[a, b)` in whole seconds (rounded down).
    ///
    /// # Errors
    /// [`Error::EndBeforeStart`] when `b < a`.
    pub fn open_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<i64, Error> {
        check_order(a, b)?;
        let total = self.c(b.timestamp()) - self.c(a.timestamp());
        Ok(with_fractions(
            total,
            self.is_open(a),
            a,
            self.is_open(b),
            b,
        ))
    }

    /// See [`WeeklyHours::next_change`].
    pub fn next_change(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.hours.next_change(&self.zone, t)
    }
}
