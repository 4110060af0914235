//! Weekly opening hours: the one implementation behind delivery days (SPEC 5) and
//! escalation hours (SPEC 10). Rules are compiled once into a local-time *pattern*: a
//! table of open intervals over one week (seconds since Sunday 00:00) plus exactly
//! evaluated stretches around dates that differ from their weekday (static-date rules,
//! holidays). Queries map an instant to the zone's monotone wall-clock reading (see the
//! boundary rule in [`crate::Zone::boundary`]) and look the reading up in the pattern, so
//! DST gaps and folds are exact without special cases.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc, Weekday};

use crate::clock::{Kind, Pieces};
use crate::intervals::{subtract, union, Table};
use crate::tod::DAY;
use crate::{Error, TimeOfDay, WindowEnd, Zone};

pub(crate) const WEEK: i64 = 7 * DAY;
/// Sunday 1969-12-28T00:00 in local seconds: the origin of week numbering.
const WEEK0: i64 = -4 * DAY;

/// Which dates a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleDay {
    /// Every date of this weekday that has no static-date rules of its own.
    Weekday(Weekday),
    /// This one local date; the rules of a static date replace its weekday's rules.
    Date(NaiveDate),
}

/// One window rule: on `day`, from `start` to `end` on the wall clock, allowing or denying.
///
/// The window `[start, end)` is half-open and belongs to the date it starts on. `end ==
/// start` is a 24-hour window; `end < start` ends on the next day (overnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    day: RuleDay,
    start: TimeOfDay,
    end: WindowEnd,
    allow: bool,
}

/// Whether a rule's window opens or closes time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// The window is open time (`Allow: true`).
    Allow,
    /// The window is closed time, subtracted from every allowing window (`Allow: false`).
    Deny,
}

impl Rule {
    /// A rule; `start` must be before `24:00`.
    ///
    /// # Errors
    /// [`Error::StartAtEndOfDay`] when `start` is `24:00`.
    pub fn new(
        day: RuleDay,
        start: TimeOfDay,
        end: WindowEnd,
        effect: Effect,
    ) -> Result<Rule, Error> {
        if start == TimeOfDay::END_OF_DAY {
            return Err(Error::StartAtEndOfDay);
        }
        Ok(Rule {
            day,
            start,
            end,
            allow: effect == Effect::Allow,
        })
    }

    /// The dates the rule applies to.
    pub fn day(&self) -> RuleDay {
        self.day
    }

    /// Wall-clock start.
    pub fn start(&self) -> TimeOfDay {
        self.start
    }

    /// Wall-clock end.
    pub fn end(&self) -> WindowEnd {
        self.end
    }

    /// Allow or deny.
    pub fn effect(&self) -> Effect {
        if self.allow {
            Effect::Allow
        } else {
            Effect::Deny
        }
    }

    /// `(start, end)` in seconds after the start date's midnight; `end` may reach into the
    /// next day (up to 48 h for a 24-hour window starting just before midnight).
    fn span(&self) -> (i64, i64) {
        let s = i64::from(self.start.seconds());
        let e = i64::from(self.end.seconds());
        let e = if e <= s { e + DAY } else { e };
        (s, e)
    }
}

type Windows = Vec<(i64, i64, bool)>;

/// A stretch of local time around special dates, evaluated exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cluster {
    start: i64,
    end: i64,
    table: Table,
    /// Sum of (exact - periodic) open time of earlier clusters.
    before: i64,
    /// `before` plus this cluster's own difference.
    after: i64,
    /// Pattern measure `F` at `start` and `end`.
    fstart: i64,
    fend: i64,
}

/// Compiled weekly opening hours (see the module docs for the semantics).
///
/// Build with [`WeeklyHours::new`] (exactly the given rules; no rules is never open),
/// [`WeeklyHours::from_delivery_rules`] (no rules is always open, SPEC 5) or
/// [`WeeklyHours::always_open`]. Queries take the [`Zone`] whose wall clock the rules
/// are read in; none reads a clock or allocates on the `is_open` path. For many
/// [`open_seconds`](crate::ZonedHours::open_seconds) / escalation queries on one schedule,
/// bind it to its zone with [`crate::ZonedHours`], which makes them O(log n).
///
/// ```
/// use chrono::{TimeZone, Utc, Weekday};
/// use leadroute_time::{Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone};
///
/// let nine = TimeOfDay::parse("09:00").unwrap();
/// let five = WindowEnd::delivery(TimeOfDay::parse("17:00").unwrap());
/// let rules = [Weekday::Mon, Weekday::Tue]
///     .map(|d| Rule::new(RuleDay::Weekday(d), nine, five, Effect::Allow).unwrap());
/// let hours = WeeklyHours::new(rules, []);
/// let ny = Zone::from_name("America/New_York").unwrap();
/// // Monday 2026-03-09 12:00 EDT is 16:00 UTC.
/// assert!(hours.is_open(&ny, Utc.with_ymd_and_hms(2026, 3, 9, 16, 0, 0).unwrap()));
/// assert!(!hours.is_open(&ny, Utc.with_ymd_and_hms(2026, 3, 9, 21, 0, 0).unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    week: Table,
    week_total: i64,
    whole_week: bool,
    clusters: Vec<Cluster>,
}

fn epoch_days(d: NaiveDate) -> i64 {
    // ok: 1970-01-01 is a valid date.
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    d.signed_duration_since(epoch).num_days()
}

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_sunday() as usize
}

struct Spec {
    weekday: [Windows; 7],
    dates: BTreeMap<i64, Windows>,
    holidays: BTreeSet<i64>,
}

impl Spec {
    /// Windows that open on epoch day `day`, in absolute local seconds.
    fn windows_of(&self, day: i64) -> impl Iterator<Item = (i64, i64, bool)> + '_ {
        let list = match self.dates.get(&day) {
            Some(w) => w,
            None => &self.weekday[(day + 4).rem_euclid(7) as usize],
        };
        let holiday = self.holidays.contains(&day);
        let base = day * DAY;
        list.iter()
            .filter(move |&&(_, _, allow)| !(holiday && allow))
            .map(move |&(s, e, allow)| (base + s, base + e, allow))
    }
}

fn resolve(allow: Vec<(i64, i64)>, deny: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    subtract(&union(allow), &union(deny))
}

impl WeeklyHours {
    /// Compiles rules and holidays. With no allowing rule the schedule is never open.
    ///
    /// Holidays remove the *allowing* windows that open on that local date (the tail of the
    /// previous night's overnight window still counts); denying windows of a holiday stay,
    /// since a holiday only ever closes time.
    pub fn new(
        rules: impl IntoIterator<Item = Rule>,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> WeeklyHours {
        let mut spec = Spec {
            weekday: Default::default(),
            dates: BTreeMap::new(),
            holidays: holidays.into_iter().map(epoch_days).collect(),
        };
        for r in rules {
            let (s, e) = r.span();
            match r.day {
                RuleDay::Weekday(w) => spec.weekday[weekday_index(w)].push((s, e, r.allow)),
                RuleDay::Date(d) => spec
                    .dates
                    .entry(epoch_days(d))
                    .or_default()
                    .push((s, e, r.allow)),
            }
        }
        WeeklyHours::compile(&spec)
    }

    /// Delivery-day semantics (SPEC 5): no rules at all means deliverable at any time.
    pub fn from_delivery_rules(rules: impl IntoIterator<Item = Rule>) -> WeeklyHours {
        let rules: Vec<Rule> = rules.into_iter().collect();
        if rules.is_empty() {
            WeeklyHours::always_open()
        } else {
            WeeklyHours::new(rules, [])
        }
    }

    /// Open at every instant.
    pub fn always_open() -> WeeklyHours {
        WeeklyHours::always_open_except([])
    }

    /// Open all day every day except on the given local dates (the escalation reading of an
    /// empty `escalation_active` list with holidays).
    pub fn always_open_except(holidays: impl IntoIterator<Item = NaiveDate>) -> WeeklyHours {
        let rules = (0..7).filter_map(weekday_from_index).map(|w| Rule {
            day: RuleDay::Weekday(w),
            start: TimeOfDay::MIDNIGHT,
            end: WindowEnd::EndOfDay,
            allow: true,
        });
        WeeklyHours::new(rules, holidays)
    }

    fn compile(spec: &Spec) -> WeeklyHours {
        let (mut allow, mut deny) = (Vec::new(), Vec::new());
        for (wd, list) in spec.weekday.iter().enumerate() {
            let base = wd as i64 * DAY;
            for &(s, e, a) in list {
                let target = if a { &mut allow } else { &mut deny };
                let (s, e) = (base + s, base + e);
                if e <= WEEK {
                    target.push((s, e));
                } else {
                    target.push((s, WEEK));
                    target.push((0, e - WEEK));
                }
            }
        }
        let week = Table::new(&resolve(allow, deny));
        let week_total = week.total();
        let whole_week = week_total == WEEK;
        let mut hours = WeeklyHours {
            week,
            week_total,
            whole_week,
            clusters: Vec::new(),
        };
        // Special dates, grouped so that clusters' ranges [first, last + 2 days) are disjoint.
        let special: BTreeSet<i64> = spec
            .dates
            .keys()
            .copied()
            .chain(spec.holidays.iter().copied())
            .collect();
        let mut groups: Vec<(i64, i64)> = Vec::new();
        for d in special {
            match groups.last_mut() {
                Some(g) if d <= g.1 + 2 => g.1 = d,
                _ => groups.push((d, d)),
            }
        }
        let mut before = 0;
        for (first, last) in groups {
            let (start, end) = (first * DAY, (last + 2) * DAY);
            let (mut allow, mut deny) = (Vec::new(), Vec::new());
            for day in first - 1..=last + 1 {
                for (s, e, a) in spec.windows_of(day) {
                    let (s, e) = (s.max(start), e.min(end));
                    if s < e {
                        if a {
                            allow.push((s, e))
                        } else {
                            deny.push((s, e))
                        }
                    }
                }
            }
            let table = Table::new(&resolve(allow, deny));
            let periodic = hours.periodic_f(end) - hours.periodic_f(start);
            let after = before + table.total() - periodic;
            let fstart = hours.periodic_f(start) + before;
            let fend = fstart + table.total();
            hours.clusters.push(Cluster {
                start,
                end,
                table,
                before,
                after,
                fstart,
                fend,
            });
            before = after;
        }
        hours
    }

    /// Open seconds in one week of the weekly pattern (ignoring special dates); 0 means the
    /// schedule is open only around its special dates, if at all.
    pub fn weekly_open_seconds(&self) -> i64 {
        self.week_total
    }

    /// Whether the schedule has no open time at all.
    pub fn is_never_open(&self) -> bool {
        self.week_total == 0 && self.clusters.iter().all(|c| c.table.is_empty())
    }

    // ----- the local-time pattern -----

    #[inline]
    fn periodic_f(&self, x: i64) -> i64 {
        let rel = x - WEEK0;
        let q = rel.div_euclid(WEEK);
        q * self.week_total + self.week.measure_before(rel.rem_euclid(WEEK))
    }

    /// `F(x)`: open local seconds from the pattern origin to `x` (may be negative).
    #[inline]
    pub(crate) fn f(&self, x: i64) -> i64 {
        let ci = self.clusters.partition_point(|c| c.start <= x);
        if ci == 0 {
            return self.periodic_f(x);
        }
        let c = &self.clusters[ci - 1];
        if x < c.end {
            c.fstart + c.table.measure_before(x)
        } else {
            self.periodic_f(x) + c.after
        }
    }

    fn delta_before(&self, i: usize) -> i64 {
        match self.clusters.get(i) {
            Some(c) => c.before,
            None => self.clusters.last().map_or(0, |c| c.after),
        }
    }

    /// Least local `x` with `F(x) >= y`.
    pub(crate) fn f_inv_left(&self, y: i64) -> Option<i64> {
        let i = self.clusters.partition_point(|c| c.fend < y);
        if let Some(c) = self.clusters.get(i) {
            if c.fstart < y {
                return Some(c.table.inv_left(y - c.fstart));
            }
        }
        let z = y.checked_sub(self.delta_before(i))?;
        if self.week_total == 0 {
            return None;
        }
        let q = z.checked_sub(1)?.div_euclid(self.week_total);
        let r = z - q * self.week_total;
        q.checked_mul(WEEK)?
            .checked_add(WEEK0 + self.week.inv_left(r))
    }

    /// Greatest local `x` with `F(x) <= y`: where open time beyond `y` begins.
    pub(crate) fn f_inv_right(&self, y: i64) -> Option<i64> {
        let i = self.clusters.partition_point(|c| c.fend <= y);
        if let Some(c) = self.clusters.get(i) {
            if c.fstart <= y {
                return Some(c.table.inv_right(y - c.fstart));
            }
        }
        let z = y.checked_sub(self.delta_before(i))?;
        if self.week_total == 0 {
            return None;
        }
        let q = z.div_euclid(self.week_total);
        let r = z - q * self.week_total;
        q.checked_mul(WEEK)?
            .checked_add(WEEK0 + self.week.inv_right(r))
    }

    /// Whether local reading `x` is open.
    #[inline]
    pub(crate) fn contains_local(&self, x: i64) -> bool {
        let ci = self.clusters.partition_point(|c| c.start <= x);
        if ci > 0 {
            let c = &self.clusters[ci - 1];
            if x < c.end {
                return c.table.contains(x);
            }
        }
        self.week.contains((x - WEEK0).rem_euclid(WEEK))
    }

    /// First closed local reading `>= x`; `None` if the pattern never closes again.
    fn run_end_local(&self, x: i64) -> Option<i64> {
        let mut x = x;
        loop {
            if !self.contains_local(x) {
                return Some(x);
            }
            let ci = self.clusters.partition_point(|c| c.start <= x);
            if ci > 0 && x < self.clusters[ci - 1].end {
                let c = &self.clusters[ci - 1];
                x = c
                    .table
                    .end_of_interval_at(x)
                    .map_or(c.end, |e| e.min(c.end));
                continue;
            }
            let limit = self.clusters.get(ci).map(|c| c.start);
            if self.whole_week {
                x = limit?;
                continue;
            }
            let rel = x - WEEK0;
            let base = x - rel.rem_euclid(WEEK);
            let e = self
                .week
                .end_of_interval_at(rel.rem_euclid(WEEK))
                .map_or(x, |e| base + e);
            x = limit.map_or(e, |l| e.min(l));
        }
    }

    // ----- queries against a zone -----

    /// Whether instant `t` is open in `zone`.
    #[inline]
    pub fn is_open(&self, zone: &Zone, t: DateTime<Utc>) -> bool {
        self.contains_local(zone.pieces().reading(t.timestamp()))
    }

    pub(crate) fn next_open_secs(&self, p: Pieces, s: i64) -> Option<i64> {
        for k in p.find(s)..p.len() {
            let start = s.max(p.start(k));
            match p.kind(k) {
                Kind::Linear(o) => {
                    let l = self.f_inv_right(self.f(start + o))?;
                    let u = l.checked_sub(o)?;
                    if u < p.end(k) {
                        return Some(u.max(start));
                    }
                }
                Kind::Pause(h) => {
                    if self.contains_local(h) {
                        return Some(start);
                    }
                }
            }
        }
        None
    }

    /// `t` if open at `t`, else the start of the next open window; `None` if the schedule
    /// never opens again.
    pub fn next_open(&self, zone: &Zone, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_open(zone, t) {
            return Some(t);
        }
        let u = self.next_open_secs(zone.pieces(), t.timestamp())?;
        DateTime::from_timestamp(u, 0)
    }

    fn next_close_secs(&self, p: Pieces, s: i64) -> Option<i64> {
        for k in p.find(s)..p.len() {
            let start = s.max(p.start(k));
            match p.kind(k) {
                Kind::Linear(o) => {
                    let l = self.run_end_local(start + o)?;
                    let u = l.checked_sub(o)?;
                    if u < p.end(k) {
                        return Some(u.max(start));
                    }
                }
                Kind::Pause(h) => {
                    if !self.contains_local(h) {
                        return Some(start);
                    }
                }
            }
        }
        None
    }

    /// The next instant after `t` at which the open state differs from the state at `t`
    /// (the next opening if closed, the next closing if open); `None` if it never changes.
    pub fn next_change(&self, zone: &Zone, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.open_and_next_change(zone, t).1
    }

    /// Whether open at `t`, with [`WeeklyHours::next_change`], the open state read once.
    pub fn open_and_next_change(
        &self,
        zone: &Zone,
        t: DateTime<Utc>,
    ) -> (bool, Option<DateTime<Utc>>) {
        let p = zone.pieces();
        let open = self.is_open(zone, t);
        let u = if open {
            self.next_close_secs(p, t.timestamp())
        } else {
            self.next_open_secs(p, t.timestamp())
        };
        (open, u.and_then(|u| DateTime::from_timestamp(u, 0)))
    }

    /// The maximal open intervals `[s, e)` that meet `[a, b)`, clipped to it, in order.
    pub fn open_intervals<'a>(
        &'a self,
        zone: &Zone,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> OpenIntervals<'a> {
        OpenIntervals {
            hours: self,
            zone: *zone,
            cur: a,
            end: b,
        }
    }

    /// Open time within `[a, b)`, in whole seconds (rounded down).
    ///
    /// # Errors
    /// [`Error::EndBeforeStart`] when `b < a`.
    pub fn open_seconds(
        &self,
        zone: &Zone,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Result<i64, Error> {
        check_order(a, b)?;
        let p = zone.pieces();
        let (sa, sb) = (a.timestamp(), b.timestamp());
        let mut total: i64 = 0;
        for k in p.find(sa)..=p.find(sb) {
            let lo = sa.max(p.start(k));
            let hi = sb.min(p.end(k));
            if lo >= hi {
                continue;
            }
            total += match p.kind(k) {
                Kind::Linear(o) => self.f(hi + o) - self.f(lo + o),
                Kind::Pause(h) => (hi - lo) * i64::from(self.contains_local(h)),
            };
        }
        Ok(with_fractions(
            total,
            self.is_open(zone, a),
            a,
            self.is_open(zone, b),
            b,
        ))
    }
}

/// Whole seconds of `[a, b)` given the whole-second measure between their floors and
/// whether each floor second is open.
pub(crate) fn with_fractions(
    total: i64,
    open_a: bool,
    a: DateTime<Utc>,
    open_b: bool,
    b: DateTime<Utc>,
) -> i64 {
    const NS: i128 = 1_000_000_000;
    let fa = i128::from(a.timestamp_subsec_nanos()) * i128::from(open_a);
    let fb = i128::from(b.timestamp_subsec_nanos()) * i128::from(open_b);
    let n = i128::from(total) * NS - fa + fb;
    i64::try_from(n.div_euclid(NS)).unwrap_or(i64::MAX)
}

pub(crate) fn check_order(a: DateTime<Utc>, b: DateTime<Utc>) -> Result<(), Error> {
    if b < a {
        return Err(Error::EndBeforeStart {
            start: a.to_rfc3339(),
            end: b.to_rfc3339(),
        });
    }
    Ok(())
}

/// Iterator over the maximal open intervals of a [`WeeklyHours`] within a range, from
/// [`WeeklyHours::open_intervals`].
#[derive(Clone, Debug)]
pub struct OpenIntervals<'a> {
    hours: &'a WeeklyHours,
    zone: Zone,
    cur: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Iterator for OpenIntervals<'_> {
    type Item = (DateTime<Utc>, DateTime<Utc>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.cur >= self.end {
            return None;
        }
        let s = self.hours.next_open(&self.zone, self.cur)?;
        if s >= self.end {
            self.cur = self.end;
            return None;
        }
        let e = self
            .hours
            .next_change(&self.zone, s)
            .map_or(self.end, |e| e.min(self.end));
        self.cur = e;
        Some((s, e))
    }
}

/// The weekday numbered as the source documents do: `0` = Sunday .. `6` = Saturday.
pub fn weekday_from_index(i: i64) -> Option<Weekday> {
    const DAYS: [Weekday; 7] = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    usize::try_from(i).ok().and_then(|i| DAYS.get(i).copied())
}
