//! One delivery account's time-dependent limits, compiled: its delivery schedule, its caps
//! with `Pacing`, and the question the host schedules deferred leads with, "when can this
//! account next take a lead?" ([`AccountLimits::next_eligible`]).

use chrono::{DateTime, TimeDelta, Utc, Weekday};
use leadroute_model::{DeliveryAccount, Pacing, Uid};
use leadroute_time::Zone;

use crate::caps::{CapFailures, CapKind, CapLimits, Caps, Report};
use crate::error::Error;
use crate::index::WindowCounts;
use crate::instant::{from_ms, ms, HOUR_MS};
use crate::ledger::{LedgerView, Owner};
use crate::periods::Periods;
use crate::schedule::DeliverySchedule;

/// Upper bound on the steps of [`AccountLimits::next_eligible`]; each step moves to the
/// next window opening or cap release, so this is only reached by absurd ledgers.
const MAX_STEPS: usize = 100_000;

/// An account's schedule, caps and pacing, in its client's zone.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc, Weekday};
/// use leadroute_caps::{AccountLimits, MemLedger, Report};
/// use leadroute_model::DeliveryAccount;
/// use leadroute_time::Zone;
///
/// let account: DeliveryAccount = serde_json::from_str(
///     r#"{"ClientAccountUID": 70, "ClientUID": 7, "DayMax": 0, "HourMax": -1,
///         "DeliveryDetails": {"DeliveryDays": [
///             {"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}]}}"#,
/// ).unwrap();
/// let ny = Zone::from_name("America/New_York").unwrap();
/// let limits = AccountLimits::compile(&account, ny, Weekday::Sun).unwrap();
/// let ledger = MemLedger::new();
/// // Sunday 2026-03-08 20:00 UTC: next Monday 09:00 EDT is 13:00 UTC.
/// let now = Utc.with_ymd_and_hms(2026, 3, 8, 20, 0, 0).unwrap();
/// assert_eq!(
///     limits.next_eligible(&ledger, None, now, TimeDelta::days(35)).unwrap(),
///     Some(Utc.with_ymd_and_hms(2026, 3, 9, 13, 0, 0).unwrap()),
/// );
/// // DayMax 0 and HourMax -1 are both "no cap".
/// assert!(limits.check_caps(&ledger, &limits.periods(now), Report::All).unwrap().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLimits {
    account: Uid,
    client: Uid,
    schedule: DeliverySchedule,
    caps: Caps,
    paced: bool,
    /// A paced account's open time over its last local day asked, kept for the next
    /// decision of that day ([`DayTotal`]).
    day_total: DayTotal,
}

/// The open seconds of one local day, kept by the day's start: packed as the start in
/// Unix seconds plus one (32 bits) over the total (32 bits); 0 when empty. The total is
/// a function of the day alone, so whoever wrote the word wrote the same answer.
/// Ignored by equality; a clone starts empty.
#[derive(Debug, Default)]
struct DayTotal(std::sync::atomic::AtomicU64);

impl DayTotal {
    /// The kept total of the day starting at `start` (Unix seconds), else `compute`'s,
    /// kept when both fit.
    fn get_or(&self, start: i64, compute: impl FnOnce() -> Option<i64>) -> Option<i64> {
        use std::sync::atomic::Ordering::Relaxed;
        let key = start
            .checked_add(1)
            .and_then(|k| u32::try_from(k).ok())
            .map(u64::from);
        let word = self.0.load(Relaxed);
        if let Some(k) = key {
            if word >> 32 == k {
                return Some(i64::from(word as u32));
            }
        }
        let total = compute()?;
        if let (Some(k), Ok(t)) = (key, u32::try_from(total)) {
            self.0.store(k << 32 | u64::from(t), Relaxed);
        }
        Some(total)
    }
}

leadroute_time::ignored_by_equality!(DayTotal, DayTotal::default());

impl AccountLimits {
    /// Compiles an account's `DeliveryDetails.DeliveryDays` and `DeliveryDelay`, its four
    /// caps and `Pacing`, in `zone` (the client's resolved zone) with weeks starting on
    /// `week_start` (`Settings.WeekStart`).
    ///
    /// # Errors
    /// A bad delivery-day rule, located as `DeliveryDays[i].Field`.
    pub fn compile(
        account: &DeliveryAccount,
        zone: Zone,
        week_start: Weekday,
    ) -> Result<AccountLimits, Error> {
        let days = account
            .delivery_details
            .as_ref()
            .map_or(&[][..], |d| d.delivery_days.as_slice());
        let schedule = DeliverySchedule::compile(days, zone, account.delivery_delay)?;
        Ok(AccountLimits::new(
            account.client_account_uid,
            account.client_uid,
            schedule,
            Caps::new(CapLimits::of_account(account), zone, week_start),
            account.pacing.unwrap_or(Pacing::None),
        ))
    }

    /// From parts.
    pub fn new(
        account: Uid,
        client: Uid,
        schedule: DeliverySchedule,
        caps: Caps,
        pacing: Pacing,
    ) -> AccountLimits {
        AccountLimits {
            account,
            client,
            schedule,
            caps,
            paced: pacing == Pacing::Even && caps.limits().get(CapKind::Day).is_some(),
            day_total: DayTotal::default(),
        }
    }

    /// `ClientAccountUID`.
    pub fn account_uid(&self) -> Uid {
        self.account
    }

    /// `ClientUID`.
    pub fn client_uid(&self) -> Uid {
        self.client
    }

    /// The delivery schedule.
    pub fn schedule(&self) -> &DeliverySchedule {
        &self.schedule
    }

    /// The caps.
    pub fn caps(&self) -> &Caps {
        &self.caps
    }

    /// Whether the day cap is paced (`Pacing: Even` with a `DayMax`).
    pub fn is_paced(&self) -> bool {
        self.paced
    }

    /// Whether a decision at `now` delivers within the schedule (`now + DeliveryDelay`).
    #[inline]
    pub fn is_deliverable(&self, now: DateTime<Utc>) -> bool {
        self.schedule.is_deliverable(now)
    }

    /// The cap periods of `now` (uncached; see [`crate::PeriodCache`]).
    pub fn periods(&self, now: DateTime<Utc>) -> Periods {
        self.caps.periods(now)
    }

    /// `Pacing: Even` (SPEC.md 6): how many sends the day allows so far at `p.now()`,
    /// `max(1, ceil(f * DayMax))`, where `f` is the open time of the local day before now
    /// over the day's open time (the schedule's own windows, in whole seconds; the
    /// delivery delay plays no part, since caps are judged at the decision instant).
    /// Edge cases: before the day's first window `f = 0`, so one send is allowed; a day
    /// with no open time at all is not paced (the schedule refuses anyway, and nothing
    /// would be left to spread the cap over). `None` when the account is not paced.
    pub fn paced_allowance(&self, p: &Periods) -> Option<u64> {
        let (elapsed, total) = self.open_time(p)?;
        let d = self.caps.limits().get(CapKind::Day)?;
        let num = u128::from(elapsed) * u128::from(d);
        let ceil = num.div_ceil(u128::from(total));
        Some(u64::try_from(ceil).unwrap_or(u64::MAX).clamp(1, d))
    }

    /// `(elapsed, total)` open seconds of the local day of `p`, when paced and the day has
    /// open time.
    fn open_time(&self, p: &Periods) -> Option<(u64, u64)> {
        if !self.paced {
            return None;
        }
        let (ds, de) = p.day();
        let zone = self.schedule.zone();
        let hours = self.schedule.hours();
        // The day's total is the same for every decision of the day: kept.
        let total = self
            .day_total
            .get_or(ds.timestamp(), || hours.open_seconds(&zone, ds, de).ok())?;
        if total <= 0 {
            return None;
        }
        let now = p.now().clamp(ds, de);
        let elapsed = hours.open_seconds(&zone, ds, now).ok()?;
        Some((u64::try_from(elapsed).ok()?, u64::try_from(total).ok()?))
    }

    /// Which of the account's caps are full at `p.now()` (with pacing), in the order hour,
    /// day, week, month. Unlimited caps cost nothing (no ledger call).
    ///
    /// # Errors
    /// Only the ledger's.
    #[inline]
    pub fn check_caps<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        p: &Periods,
        report: Report,
    ) -> Result<CapFailures, Error> {
        if self.caps.is_unlimited() {
            return Ok(CapFailures::default());
        }
        let owner = Owner::Account(self.account);
        let paced = self.paced_allowance(p);
        if report == Report::First {
            // The common answer, "no cap is full", without counting.
            let limits = self.caps.limits().with_day_at_most(paced);
            if ledger.first_full(owner, p, &limits)?.is_none() {
                return Ok(CapFailures::default());
            }
        }
        let counts = ledger.window_counts(owner, p)?;
        Ok(self.caps.check_paced(&counts, paced, report))
    }

    /// The earliest instant `>= now` at which the schedule (at `t + DeliveryDelay`) and
    /// the account's caps (and the client's, if given), all judged at `t`, allow a
    /// delivery, given the ledger as it is (no new sends); `None` if there is none within
    /// `now + horizon`.
    ///
    /// Steps from candidate to candidate: a closed schedule moves to its next opening; a
    /// full hour cap to the instant its oldest blocking send ages out (exactly 3600 s
    /// after it); a full day, week or month cap to the next local midnight, week start or
    /// month start; a paced day cap to the instant enough open time has elapsed. Orders,
    /// max sell and exclusivity do not change with time and are not considered.
    ///
    /// # Errors
    /// Only the ledger's.
    pub fn next_eligible<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        client_caps: Option<&Caps>,
        now: DateTime<Utc>,
        horizon: TimeDelta,
    ) -> Result<Option<DateTime<Utc>>, Error> {
        let start = ms(now);
        let limit = start.saturating_add(horizon.num_milliseconds().max(0));
        let client_caps = client_caps.filter(|c| !c.is_unlimited());
        let mut t = start;
        for _ in 0..MAX_STEPS {
            if t > limit {
                return Ok(None);
            }
            let at = if t == start { now } else { from_ms(t) };
            if !self.schedule.is_deliverable(at) {
                match self.schedule.next_deliverable(at) {
                    Some(n) => {
                        t = ms(n).max(t + 1);
                        continue;
                    }
                    None => return Ok(None),
                }
            }
            let mut next = t;
            if !self.caps.is_unlimited() {
                let p = self.caps.periods(at);
                let counts = ledger.window_counts(Owner::Account(self.account), &p)?;
                let free = self.free_at(
                    ledger,
                    Owner::Account(self.account),
                    &self.caps,
                    &p,
                    &counts,
                )?;
                next = next.max(free);
            }
            if let Some(cc) = client_caps {
                let p = cc.periods(at);
                let counts = ledger.window_counts(Owner::Client(self.client), &p)?;
                let free = self.free_at(ledger, Owner::Client(self.client), cc, &p, &counts)?;
                next = next.max(free);
            }
            if next == t {
                return Ok(Some(at));
            }
            t = next;
        }
        Ok(None)
    }

    /// The earliest instant at which every cap of `caps` that is full at `p.now()` has
    /// room again (`p.now()` itself when none is full). Pacing applies to the account's
    /// own caps only.
    fn free_at<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        owner: Owner,
        caps: &Caps,
        p: &Periods,
        counts: &WindowCounts,
    ) -> Result<i64, Error> {
        let t = p.now_ms();
        let mut free = t;
        let limits = caps.limits();
        if let Some(h) = limits.get(CapKind::Hour) {
            if counts.hour >= h {
                // The send that must leave the window for the count to drop below `h`.
                let k = counts.hour - h;
                let s = ledger.nth_send_since(owner, from_ms(p.hour_from_ms()), k)?;
                free = free.max(s.map_or(t + 1, |s| ms(s).saturating_add(HOUR_MS)));
            }
        }
        let day_full = limits.get(CapKind::Day).is_some_and(|d| counts.day >= d);
        if day_full {
            free = free.max(p.day_ms().1);
        }
        if limits.get(CapKind::Week).is_some_and(|w| counts.week >= w) {
            free = free.max(p.week_ms().1);
        }
        if limits
            .get(CapKind::Month)
            .is_some_and(|m| counts.month >= m)
        {
            free = free.max(p.month_ms().1);
        }
        if !day_full && owner == Owner::Account(self.account) {
            if let Some(a) = self.paced_allowance(p) {
                if counts.day >= a {
                    free = free.max(self.pacing_frees(p, counts.day).unwrap_or(p.day_ms().1));
                }
            }
        }
        Ok(free)
    }

    /// The instant of `p`'s day at which the paced allowance first exceeds `count`: when
    /// open time `e` with `e * DayMax > count * total` has elapsed.
    fn pacing_frees(&self, p: &Periods, count: u64) -> Option<i64> {
        let (_, total) = self.open_time(p)?;
        let d = self.caps.limits().get(CapKind::Day)?;
        let need = u128::from(count) * u128::from(total) / u128::from(d) + 1;
        let need = i64::try_from(need).ok()?;
        let (ds, de) = p.day();
        let mut cum = 0i64;
        for (s, e) in self
            .schedule
            .hours()
            .open_intervals(&self.schedule.zone(), ds, de)
        {
            let len = (e - s).num_seconds();
            if cum + len >= need {
                return Some(ms(s).saturating_add((need - cum).saturating_mul(1000)));
            }
            cum += len;
        }
        None
    }
}
