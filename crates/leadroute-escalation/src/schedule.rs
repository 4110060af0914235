//! Escalation settings in the CRM document's JSON shape, team overrides, and their
//! compilation into a [`leadroute_time::ZonedHours`] (the shared weekly-hours engine; no
//! second implementation lives here).

use chrono::{DateTime, NaiveDate, Utc};
use leadroute_time::{
    weekday_from_index, Effect, Rule, RuleDay, TimeOfDay, WeeklyHours, WindowEnd, Zone, ZonedHours,
};
use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind};

/// One `escalation_active` entry as the CRM document writes it:
/// `{"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "16:00:00"}`.
///
/// Raw input: validated by [`EscalationSchedule::compile`]. A missing `closed` reads as
/// `false` (the document marks it required; an entry without it is taken as open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationDay {
    /// `0` = Sunday .. `6` = Saturday.
    pub day_of_week: i64,
    /// `true` closes the whole day whatever `open`/`close` say.
    #[serde(default)]
    pub closed: bool,
    /// `HH:MM:SS` (or `HH:MM`); null means 00:00.
    #[serde(default)]
    pub open: Option<String>,
    /// `HH:MM:SS` (or `HH:MM`), `24:00:00` allowed; null means 24:00.
    #[serde(default)]
    pub close: Option<String>,
}

/// A lead type's (or a team's) escalation settings in the document's field names; unknown
/// fields are ignored. Every field is optional so that a team's settings can override
/// only what they set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationSettings {
    /// Seconds a user has to accept the lead (null: no accept deadline).
    #[serde(default)]
    pub escalation_accept: Option<i64>,
    /// Seconds a user has, after accepting, to create an activity (null: no deadline).
    #[serde(default)]
    pub escalation_activity: Option<i64>,
    /// Opening hours per weekday; empty or absent means always open.
    #[serde(default)]
    pub escalation_active: Option<Vec<EscalationDay>>,
    /// IANA or Windows zone name the hours are read in.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Local dates (`YYYY-MM-DD`, any time after it ignored) whose windows do not open.
    #[serde(default)]
    pub holidays: Option<Vec<String>>,
}

fn whole_day(d: i64) -> EscalationDay {
    EscalationDay {
        day_of_week: d,
        closed: false,
        open: None,
        close: None,
    }
}

impl EscalationSettings {
    /// These (company) settings with a team's settings applied on top.
    ///
    /// Opening hours are overridden per weekday: every weekday the team lists replaces all
    /// of the company's entries for that weekday; the other weekdays keep the company's
    /// entries. A company list that is empty (always open) counts as seven whole-day
    /// entries for this purpose, so a team that only sets Monday leaves the rest of the
    /// week open. A team with no entries keeps the company's hours. Durations, time zone
    /// and holidays are overridden when the team sets them (a non-empty zone name).
    pub fn with_team(&self, team: &EscalationSettings) -> EscalationSettings {
        let team_days = team.escalation_active.as_deref().unwrap_or(&[]);
        let escalation_active = if team_days.is_empty() {
            self.escalation_active.clone()
        } else {
            let company: Vec<EscalationDay> = match self.escalation_active.as_deref() {
                Some(days) if !days.is_empty() => days.to_vec(),
                _ => (0..7).map(whole_day).collect(),
            };
            let mut merged: Vec<EscalationDay> = company
                .into_iter()
                .filter(|c| !team_days.iter().any(|t| t.day_of_week == c.day_of_week))
                .collect();
            merged.extend(team_days.iter().cloned());
            Some(merged)
        };
        let timezone = match team.timezone.as_deref().map(str::trim) {
            Some(z) if !z.is_empty() => team.timezone.clone(),
            _ => self.timezone.clone(),
        };
        EscalationSettings {
            escalation_accept: team.escalation_accept.or(self.escalation_accept),
            escalation_activity: team.escalation_activity.or(self.escalation_activity),
            escalation_active,
            timezone,
            holidays: team.holidays.clone().or_else(|| self.holidays.clone()),
        }
    }
}

/// Compiled escalation hours in their zone: the calculator of SPEC 10.
///
/// All queries are exact across DST (local boundaries follow SPEC 5's rule: first instant
/// whose wall clock reads that time or later) and cost O(log n), independent of the
/// duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscalationSchedule {
    hours: ZonedHours,
}

fn parse_time(
    text: &Option<String>,
    location: impl FnOnce() -> String,
) -> Result<Option<TimeOfDay>, Error> {
    match text {
        None => Ok(None),
        Some(t) => TimeOfDay::parse(t)
            .map(Some)
            .map_err(|e| Error::new(location(), ErrorKind::Time(e))),
    }
}

/// Parses holiday texts (`YYYY-MM-DD`, anything after the date ignored).
///
/// # Errors
/// The first text that does not start with a date, located at `holidays[i]`.
pub fn parse_holidays(texts: &[String]) -> Result<Vec<NaiveDate>, Error> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            leadroute_time::wall_clock_date(t)
                .map_err(|e| Error::new(format!("holidays[{i}]"), ErrorKind::Time(e)))
        })
        .collect()
}

impl EscalationSchedule {
    /// Compiles `escalation_active` entries (SPEC 10): `closed: true` closes the whole
    /// day, including the windows of any other entry for the same weekday (the tail of the
    /// previous day's overnight window still counts: it belongs to the previous day);
    /// null `open` is 00:00 and null `close` is 24:00; `close < open` is overnight and
    /// belongs to the day it opens; `open == close` is 24 hours from `open`; entries of one
    /// weekday are merged; a weekday missing from a non-empty list is closed; an empty
    /// list is always open. Holidays remove the windows that open on that local date.
    ///
    /// # Errors
    /// A `day_of_week` outside 0..=6, or an `open`/`close` that is not `HH:MM[:SS]`
    /// (`open` may not be `24:00:00`) on a weekday that is not closed, located as
    /// `escalation_active[i].field`.
    pub fn compile(
        days: &[EscalationDay],
        holidays: &[NaiveDate],
        zone: Zone,
    ) -> Result<EscalationSchedule, Error> {
        if days.is_empty() {
            let hours = WeeklyHours::always_open_except(holidays.iter().copied());
            return Ok(EscalationSchedule {
                hours: ZonedHours::new(hours, zone),
            });
        }
        // Weekdays with a `closed: true` entry: the whole day is closed, whatever this or
        // any other entry of that weekday says.
        let closed_days: Vec<i64> = days
            .iter()
            .filter(|d| d.closed)
            .map(|d| d.day_of_week)
            .collect();
        let mut rules = Vec::with_capacity(days.len());
        for (i, d) in days.iter().enumerate() {
            let at = |f: &str| format!("escalation_active[{i}].{f}");
            let weekday = weekday_from_index(d.day_of_week).ok_or_else(|| {
                Error::new(at("day_of_week"), ErrorKind::DayOfWeek(d.day_of_week))
            })?;
            // A closed weekday's entries are not read further: SPEC.md 10 closes the day
            // "whatever open/close say", so even texts that are not times are ignored.
            if closed_days.contains(&d.day_of_week) {
                continue;
            }
            let open = parse_time(&d.open, || at("open"))?.unwrap_or(TimeOfDay::MIDNIGHT);
            let close = parse_time(&d.close, || at("close"))?
                .map_or(WindowEnd::EndOfDay, WindowEnd::escalation);
            let rule = Rule::new(RuleDay::Weekday(weekday), open, close, Effect::Allow)
                .map_err(|e| Error::new(at("open"), ErrorKind::Time(e)))?;
            rules.push(rule);
        }
        let hours = WeeklyHours::new(rules, holidays.iter().copied());
        Ok(EscalationSchedule {
            hours: ZonedHours::new(hours, zone),
        })
    }

    /// Compiles settings: hours, holidays and zone (`timezone` absent or empty gives
    /// `default_zone`).
    ///
    /// # Errors
    /// As [`EscalationSchedule::compile`], plus an unknown non-empty `timezone` and
    /// unparsable `holidays`.
    pub fn from_settings(
        settings: &EscalationSettings,
        default_zone: &Zone,
    ) -> Result<EscalationSchedule, Error> {
        let zone = resolve_named_zone(settings.timezone.as_deref(), default_zone)?;
        let holidays = parse_holidays(settings.holidays.as_deref().unwrap_or(&[]))?;
        EscalationSchedule::compile(
            settings.escalation_active.as_deref().unwrap_or(&[]),
            &holidays,
            zone,
        )
    }

    /// The zone the hours are read in.
    pub fn zone(&self) -> Zone {
        self.hours.zone()
    }

    /// The compiled weekly hours (shared with the delivery-days machinery).
    pub fn hours(&self) -> &ZonedHours {
        &self.hours
    }

    /// Whether escalation hours are open at `t`.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        self.hours.is_open(t)
    }

    /// The instant at which `seconds` of open time have elapsed since `t`. `0` gives
    /// [`EscalationSchedule::next_open`]; for a positive duration the result may be
    /// exactly a closing instant (15:00 + 1 h in an 08:00-16:00 day is 16:00). `None` when
    /// no day is open (or not enough open time remains before the end of chrono's range).
    pub fn escalates_at(&self, t: DateTime<Utc>, seconds: u64) -> Option<DateTime<Utc>> {
        self.hours.advance(t, seconds)
    }

    /// Open time within `[a, b)` in whole seconds (a fraction of a second is rounded down).
    ///
    /// # Errors
    /// [`ErrorKind::EndBeforeStart`] when `b < a`.
    pub fn open_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<i64, Error> {
        self.hours
            .open_seconds(a, b)
            .map_err(|_| Error::new("", ErrorKind::EndBeforeStart))
    }

    /// `t` if open at `t`, else the start of the next open window; `None` if it never opens.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.hours.next_open(t)
    }
}

/// A zone name (IANA or Windows); absent or blank gives `default`.
pub(crate) fn resolve_named_zone(name: Option<&str>, default: &Zone) -> Result<Zone, Error> {
    match name.map(str::trim) {
        None | Some("") => Ok(*default),
        Some(n) => Zone::from_name(n)
            .ok_or_else(|| Error::new("timezone", ErrorKind::UnknownZone(n.to_string()))),
    }
}

/// A lead type's escalation: its two durations and its compiled hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadTypeEscalation {
    accept: Option<u64>,
    activity: Option<u64>,
    schedule: EscalationSchedule,
}

fn duration(v: Option<i64>, field: &str) -> Result<Option<u64>, Error> {
    v.map(|s| u64::try_from(s).map_err(|_| Error::new(field, ErrorKind::BadSeconds(s.to_string()))))
        .transpose()
}

impl LeadTypeEscalation {
    /// From (already team-merged, see [`EscalationSettings::with_team`]) settings.
    ///
    /// # Errors
    /// As [`EscalationSchedule::from_settings`], plus a negative duration.
    pub fn from_settings(
        settings: &EscalationSettings,
        default_zone: &Zone,
    ) -> Result<LeadTypeEscalation, Error> {
        Ok(LeadTypeEscalation {
            accept: duration(settings.escalation_accept, "escalation_accept")?,
            activity: duration(settings.escalation_activity, "escalation_activity")?,
            schedule: EscalationSchedule::from_settings(settings, default_zone)?,
        })
    }

    /// The compiled hours.
    pub fn schedule(&self) -> &EscalationSchedule {
        &self.schedule
    }

    /// `escalates_at(created_at, escalation_accept)`; `None` without an accept duration or
    /// when the hours never open.
    pub fn accept_deadline(&self, created_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule.escalates_at(created_at, self.accept?)
    }

    /// `escalates_at(accepted_at, escalation_activity)`; `None` without an activity
    /// duration or when the hours never open.
    pub fn activity_deadline(&self, accepted_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule.escalates_at(accepted_at, self.activity?)
    }
}
