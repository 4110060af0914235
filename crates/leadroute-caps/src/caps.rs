//! Caps (SPEC.md section 6): `HourMax`, `DayMax`, `WeekMax`, `MonthMax` of a delivery
//! account, of a client (when a host sets them) and of a campaign (intake), all through
//! the same [`Caps`] value: limits, the zone the calendar periods are read in, and the
//! first weekday of a week. Counting is the ledger's job ([`crate::TimeIndex::counts`],
//! [`crate::LedgerView::window_counts`]); this module decides which caps are full.

use chrono::{DateTime, Utc, Weekday};
use leadroute_model::{Campaign, Client, DeliveryAccount};
use leadroute_time::Zone;

use crate::error::{Error, Refusal};
use crate::index::WindowCounts;
use crate::ledger::{LedgerView, Owner};
use crate::periods::Periods;

/// One of the four caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CapKind {
    /// Rolling 60 minutes, `(now - 3600 s, now]`.
    Hour,
    /// Calendar day in the zone.
    Day,
    /// Calendar week in the zone, from 00:00 on the week's first day.
    Week,
    /// Calendar month in the zone.
    Month,
}

impl CapKind {
    /// All four, in the order a first failing reason is looked for.
    pub const ALL: [CapKind; 4] = [CapKind::Hour, CapKind::Day, CapKind::Week, CapKind::Month];

    /// The stable reason code (`hour_max_reached`, ...).
    pub fn reason_code(self) -> &'static str {
        self.refusal().code()
    }

    /// The same reason as a reservation refusal.
    pub fn refusal(self) -> Refusal {
        match self {
            CapKind::Hour => Refusal::HourMaxReached,
            CapKind::Day => Refusal::DayMaxReached,
            CapKind::Week => Refusal::WeekMaxReached,
            CapKind::Month => Refusal::MonthMaxReached,
        }
    }
}

/// The four maxima. A cap given as null, 0 or negative is no cap at all (SPEC.md 6: the
/// account record documents -1 and the maxes update documents 0 for "unlimited").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CapLimits {
    max: [Option<u64>; 4],
}

fn limit(v: Option<i64>) -> Option<u64> {
    v.and_then(|n| u64::try_from(n).ok()).filter(|&n| n > 0)
}

impl CapLimits {
    /// Limits from the raw values (hour, day, week, month).
    pub fn new(
        hour: Option<i64>,
        day: Option<i64>,
        week: Option<i64>,
        month: Option<i64>,
    ) -> CapLimits {
        CapLimits {
            max: [limit(hour), limit(day), limit(week), limit(month)],
        }
    }

    /// A delivery account's `HourMax`, `DayMax`, `WeekMax`, `MonthMax`.
    pub fn of_account(a: &DeliveryAccount) -> CapLimits {
        CapLimits::new(a.hour_max, a.day_max, a.week_max, a.month_max)
    }

    /// A client's optional caps (an extension of the source; usually all null).
    pub fn of_client(c: &Client) -> CapLimits {
        CapLimits::new(c.hour_max, c.day_max, c.week_max, c.month_max)
    }

    /// A campaign's intake caps (it has no week cap).
    pub fn of_campaign(c: &Campaign) -> CapLimits {
        CapLimits::new(c.hour_max, c.day_max, None, c.month_max)
    }

    /// The maximum of one cap, `None` when unlimited.
    pub fn get(&self, kind: CapKind) -> Option<u64> {
        self.max[kind as usize]
    }

    /// Whether no cap is set.
    pub fn is_unlimited(&self) -> bool {
        self.max.iter().all(Option::is_none)
    }

    /// These limits with the day limit lowered to `day` when that is lower (pacing).
    pub(crate) fn with_day_at_most(mut self, day: Option<u64>) -> CapLimits {
        if let (Some(p), Some(d)) = (day, self.max[CapKind::Day as usize]) {
            self.max[CapKind::Day as usize] = Some(p.min(d));
        }
        self
    }
}

/// A full cap: which, how many sends it counted, and its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CapFailure {
    kind: CapKind,
    count: u64,
    limit: u64,
    paced: bool,
}

impl CapFailure {
    /// Which cap.
    pub fn kind(&self) -> CapKind {
        self.kind
    }

    /// Sends counted in its period.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The maximum that was reached (for a paced day cap, the allowance so far).
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Whether the day cap failed only because of `Pacing: Even` (the allowance so far is
    /// below `DayMax`); the reason code is still `day_max_reached`.
    pub fn is_paced(&self) -> bool {
        self.paced
    }

    /// The stable reason code.
    pub fn reason_code(&self) -> &'static str {
        self.kind.reason_code()
    }
}

/// How many failures a check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Report {
    /// Stop at the first full cap in the order hour, day, week, month.
    #[default]
    First,
    /// Every full cap (explain mode).
    All,
}

/// The full caps of one check, in the order hour, day, week, month (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CapFailures {
    items: [Option<CapFailure>; 4],
    len: u8,
}

impl CapFailures {
    fn push(&mut self, f: CapFailure) {
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = Some(f);
            self.len += 1;
        }
    }

    /// Whether no cap is full.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of full caps.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// The first full cap.
    pub fn first(&self) -> Option<CapFailure> {
        self.items[0]
    }

    /// The full caps in order.
    pub fn iter(&self) -> impl Iterator<Item = CapFailure> + '_ {
        self.items.iter().flatten().copied()
    }
}

/// Caps with the calendar they count in: limits, the zone (the client's for accounts and
/// client caps, `Settings.DefaultTimeZone` for campaigns) and the first day of the week
/// (`Settings.WeekStart`, Sunday by default).
///
/// ```
/// use chrono::{TimeZone, Utc, Weekday};
/// use leadroute_caps::{CapKind, CapLimits, Caps, Report, TimeIndex};
/// use leadroute_time::Zone;
///
/// let caps = Caps::new(CapLimits::new(Some(2), Some(3), None, None), Zone::UTC, Weekday::Sun);
/// let mut sends = TimeIndex::new();
/// for h in [1, 8, 9] {
///     sends.push(Utc.with_ymd_and_hms(2026, 5, 4, h, 30, 0).unwrap());
/// }
/// let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 45, 0).unwrap();
/// let full = caps.check(&sends.counts(&caps.periods(now)), Report::All);
/// // 08:30 is 75 minutes ago, so only 09:30 is in the rolling hour: the hour cap (2) has
/// // room; the day cap (3) has 3.
/// assert_eq!(full.iter().map(|f| f.kind()).collect::<Vec<_>>(), [CapKind::Day]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Caps {
    limits: CapLimits,
    zone: Zone,
    week_start: Weekday,
}

impl Caps {
    /// Caps counted in `zone`, weeks starting on `week_start`.
    pub fn new(limits: CapLimits, zone: Zone, week_start: Weekday) -> Caps {
        Caps {
            limits,
            zone,
            week_start,
        }
    }

    /// The limits.
    pub fn limits(&self) -> &CapLimits {
        &self.limits
    }

    /// The zone of the calendar periods.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The first day of a week.
    pub fn week_start(&self) -> Weekday {
        self.week_start
    }

    /// Whether no cap is set (then nothing needs counting).
    pub fn is_unlimited(&self) -> bool {
        self.limits.is_unlimited()
    }

    /// The periods of `now` in this calendar (see [`crate::PeriodCache`] to reuse them).
    pub fn periods(&self, now: DateTime<Utc>) -> Periods {
        Periods::new(&self.zone, self.week_start, now)
    }

    /// Which caps are full given the counts: a cap is full when its count `>=` its max.
    #[inline]
    pub fn check(&self, counts: &WindowCounts, report: Report) -> CapFailures {
        self.check_paced(counts, None, report)
    }

    /// Which caps of `owner` are full at `p.now()`, counted in `ledger` (client caps:
    /// [`Owner::Client`]). Unlimited caps cost nothing (no ledger call).
    ///
    /// # Errors
    /// Only the ledger's.
    pub fn check_in<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        owner: Owner,
        p: &Periods,
        report: Report,
    ) -> Result<CapFailures, Error> {
        if self.is_unlimited() {
            return Ok(CapFailures::default());
        }
        if report == Report::First && ledger.first_full(owner, p, &self.limits)?.is_none() {
            return Ok(CapFailures::default());
        }
        Ok(self.check(&ledger.window_counts(owner, p)?, report))
    }

    /// As [`Caps::check`], with the day cap lowered to `paced_day` when that is lower
    /// (the `Pacing: Even` allowance so far).
    pub(crate) fn check_paced(
        &self,
        counts: &WindowCounts,
        paced_day: Option<u64>,
        report: Report,
    ) -> CapFailures {
        let mut out = CapFailures::default();
        let values = [counts.hour, counts.day, counts.week, counts.month];
        for kind in CapKind::ALL {
            let Some(max) = self.limits.get(kind) else {
                continue;
            };
            let (limit, paced) = match (kind, paced_day) {
                (CapKind::Day, Some(p)) if p < max => (p, true),
                _ => (max, false),
            };
            let count = values[kind as usize];
            if count >= limit {
                out.push(CapFailure {
                    kind,
                    count,
                    limit,
                    paced,
                });
                if report == Report::First {
                    break;
                }
            }
        }
        out
    }
}
