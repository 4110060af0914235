//! Delivery days (SPEC.md section 5): `DeliveryDetails.DeliveryDays` compiled into
//! leadroute-time's [`WeeklyHours`] in the client's zone, plus the account's
//! `DeliveryDelay`. The schedule is asked about the *delivery* instant, `now + delay`;
//! everything about DST gaps, folds, overnight and static-date rules lives in
//! leadroute-time, this module only reads the source's rule records.

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_model::DeliveryDay;
use leadroute_time::{
    wall_clock_date, weekday_from_index, Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd,
    Zone,
};

use crate::error::{Error, ErrorKind, RuleField};

/// Compiles delivery-day rules into weekly hours (SPEC.md 5).
///
/// Reading of each rule, by field:
/// - `StaticDate` (non-empty): the date its first ten digits name; the rule applies to that
///   date only and `WeekDay` is ignored. Otherwise `WeekDay` `0..=6` (0 = Sunday) is
///   required.
/// - `StartTime` / `EndTime`: only the wall-clock digits count
///   ([`TimeOfDay::parse_wall_clock`]); the end is read with [`WindowEnd::delivery`]
///   (`23:59`, `23:59:00`, `23:59:59`, `24:00`, `24:00:00` are the end of the day;
///   `23:59:30` is literal). A missing or empty `StartTime` is `00:00` and a missing or
///   empty `EndTime` the end of the day, so a rule with no times covers its whole date.
/// - `Allow`: missing means `true` (a rule that says nothing about allowing is a
///   delivery window; denying must be explicit).
///
/// No rules at all: deliverable at any time.
///
/// # Errors
/// The first bad rule, located as `DeliveryDays[i].Field`: a missing or out-of-range
/// `WeekDay`, an unreadable `StaticDate`, `StartTime` or `EndTime`, or a start of `24:00`.
pub fn compile_delivery_days(days: &[DeliveryDay]) -> Result<WeeklyHours, Error> {
    let mut rules = Vec::with_capacity(days.len());
    for (i, d) in days.iter().enumerate() {
        rules.push(compile_rule(i, d)?);
    }
    Ok(WeeklyHours::from_delivery_rules(rules))
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn compile_rule(i: usize, d: &DeliveryDay) -> Result<Rule, Error> {
    let day =
        match non_empty(&d.static_date) {
            Some(text) => RuleDay::Date(
                wall_clock_date(text)
                    .map_err(|e| Error::at_rule(e.into(), i, RuleField::StaticDate))?,
            ),
            None => {
                let n = d.week_day.ok_or_else(|| {
                    Error::at_rule(ErrorKind::MissingWeekDay, i, RuleField::WeekDay)
                })?;
                RuleDay::Weekday(weekday_from_index(n).ok_or_else(|| {
                    Error::at_rule(ErrorKind::BadWeekDay(n), i, RuleField::WeekDay)
                })?)
            }
        };
    let start = match non_empty(&d.start_time) {
        Some(t) => TimeOfDay::parse_wall_clock(t)
            .map_err(|e| Error::at_rule(e.into(), i, RuleField::StartTime))?,
        None => TimeOfDay::MIDNIGHT,
    };
    let end = match non_empty(&d.end_time) {
        Some(t) => WindowEnd::delivery(
            TimeOfDay::parse_wall_clock(t)
                .map_err(|e| Error::at_rule(e.into(), i, RuleField::EndTime))?,
        ),
        None => WindowEnd::EndOfDay,
    };
    let effect = if d.allow.unwrap_or(true) {
        Effect::Allow
    } else {
        Effect::Deny
    };
    Rule::new(day, start, end, effect)
        .map_err(|e| Error::at_rule(e.into(), i, RuleField::StartTime))
}

/// An account's compiled delivery schedule: weekly hours in the client's zone and the
/// delivery delay.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadroute_caps::DeliverySchedule;
/// use leadroute_model::DeliveryDay;
/// use leadroute_time::Zone;
///
/// // Mondays 09:00-17:00 in New York, delivered 10 minutes after the decision.
/// let rule = DeliveryDay {
///     week_day: Some(1),
///     start_time: Some("2020-01-01T09:00:00Z".into()),
///     end_time: Some("17:00".into()),
///     allow: Some(true),
///     ..Default::default()
/// };
/// let ny = Zone::from_name("America/New_York").unwrap();
/// let s = DeliverySchedule::compile(&[rule], ny, Some(600)).unwrap();
/// // Monday 2026-03-09 16:55 EDT (20:55 UTC) delivers at 17:05: closed.
/// assert!(!s.is_deliverable(Utc.with_ymd_and_hms(2026, 3, 9, 20, 55, 0).unwrap()));
/// assert!(s.is_deliverable(Utc.with_ymd_and_hms(2026, 3, 9, 20, 45, 0).unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliverySchedule {
    hours: WeeklyHours,
    zone: Zone,
    delay: TimeDelta,
    always_open: bool,
}

impl DeliverySchedule {
    /// Compiles `DeliveryDays` in `zone` with `DeliveryDelay` seconds (null or negative: 0,
    /// since a delivery cannot precede its decision).
    ///
    /// # Errors
    /// See [`compile_delivery_days`].
    pub fn compile(
        days: &[DeliveryDay],
        zone: Zone,
        delay_seconds: Option<i64>,
    ) -> Result<DeliverySchedule, Error> {
        let hours = compile_delivery_days(days)?;
        Ok(DeliverySchedule::new(hours, zone, delay_seconds))
    }

    /// A schedule from already compiled hours.
    pub fn new(hours: WeeklyHours, zone: Zone, delay_seconds: Option<i64>) -> DeliverySchedule {
        let secs = delay_seconds.unwrap_or(0).clamp(0, 366 * 86_400 * 100);
        let always_open =
            hours.weekly_open_seconds() == 7 * 86_400 && hours == WeeklyHours::always_open();
        DeliverySchedule {
            hours,
            zone,
            delay: TimeDelta::seconds(secs),
            always_open,
        }
    }

    /// Deliverable at any instant.
    pub fn always_open(zone: Zone) -> DeliverySchedule {
        DeliverySchedule::new(WeeklyHours::always_open(), zone, None)
    }

    /// The weekly hours.
    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    /// The client's zone the rules are read in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The delivery delay.
    pub fn delay(&self) -> TimeDelta {
        self.delay
    }

    /// Whether the schedule is open at every instant (no rules, or rules that cover
    /// every day whole); then [`DeliverySchedule::is_deliverable`] is a constant.
    pub fn is_always_open(&self) -> bool {
        self.always_open
    }

    /// The delivery instant of a decision at `now`: `now + DeliveryDelay` (saturating).
    pub fn delivery_instant(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_add_signed(self.delay)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Whether a decision at `now` delivers inside the schedule, i.e. whether
    /// `now + DeliveryDelay` is open (SPEC.md 4, item 11).
    #[inline]
    pub fn is_deliverable(&self, now: DateTime<Utc>) -> bool {
        self.always_open || self.hours.is_open(&self.zone, self.delivery_instant(now))
    }

    /// Whether a decision at `now` is deliverable, and the first decision instant after
    /// `now` at which that may change (`None`: never). Every decision in `[now, change)`
    /// has the same answer, so a caller deciding many leads in time order can keep the
    /// answer until `change` instead of asking again. Whole seconds: the answer depends
    /// only on the second of `now`, and `change` is a whole second.
    pub fn deliverable_span(&self, now: DateTime<Utc>) -> (bool, Option<DateTime<Utc>>) {
        if self.always_open {
            return (true, None);
        }
        let d = self.delivery_instant(now);
        let (open, change) = self.hours.open_and_next_change(&self.zone, d);
        (open, change.and_then(|c| c.checked_sub_signed(self.delay)))
    }

    /// Whether the schedule itself is open at instant `t` (no delay applied).
    #[inline]
    pub fn is_open_at(&self, t: DateTime<Utc>) -> bool {
        self.always_open || self.hours.is_open(&self.zone, t)
    }

    /// The earliest decision instant `>= now` whose delivery instant is open; `None`
    /// if the schedule never opens again.
    pub fn next_deliverable(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_deliverable(now) {
            return Some(now);
        }
        let open = self
            .hours
            .next_open(&self.zone, self.delivery_instant(now))?;
        open.checked_sub_signed(self.delay).map(|t| t.max(now))
    }
}
