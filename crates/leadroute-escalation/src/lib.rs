//! The escalation-hours calculator of leadroute (SPEC 10): when an unanswered lead
//! escalates, counting only a lead type's open escalation hours, exact across DST.
//!
//! Used by the engine (a lead type's accept and activity deadlines) and by the
//! `leadroute escalate` command (through [`answer_case`]). Schedules arrive in the CRM
//! document's JSON shape ([`EscalationSettings`], [`EscalationDay`]), team settings
//! override the company's per weekday ([`EscalationSettings::with_team`]), and compile
//! into the weekly-hours engine of `leadroute-time` ([`EscalationSchedule`]). Nothing here
//! reads the clock or does I/O; every query's cost is independent of the duration.
//!
//! # Example
//!
//! The documented example: Mon-Thu 08:00-16:00, Fri 09:00-15:30, weekends closed.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use leadroute_escalation::{EscalationDay, EscalationSchedule};
//! use leadroute_time::Zone;
//!
//! let day = |d: i64, open: &str, close: &str| EscalationDay {
//!     day_of_week: d, closed: false, open: Some(open.into()), close: Some(close.into()),
//! };
//! let mut days: Vec<_> = (1..=4).map(|d| day(d, "08:00:00", "16:00:00")).collect();
//! days.push(day(5, "09:00:00", "15:30:00"));
//! let zone = Zone::from_name("Europe/Copenhagen").unwrap();
//! let s = EscalationSchedule::compile(&days, &[], zone).unwrap();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
//! // Friday 2026-03-13 15:31 local (+01:00): d = 0 escalates Monday 08:00.
//! assert_eq!(s.escalates_at(at("2026-03-13T15:31:00+01:00"), 0), Some(at("2026-03-16T08:00:00+01:00")));
//! // d = 3600: Monday 09:00.
//! assert_eq!(s.escalates_at(at("2026-03-13T15:31:00+01:00"), 3600), Some(at("2026-03-16T09:00:00+01:00")));
//! ```
//!
//! # Untrusted input
//!
//! Every malformed schedule or case is a located [`Error`] (`escalation_active[2].close:
//! '25:00' is not a time of day ...`), never a panic. A schedule with no open day gives
//! `None` instead of looping.

mod case;
mod error;
mod schedule;

pub use case::{answer_case, DEFAULT_ZONE};
pub use error::{Error, ErrorKind};
pub use schedule::{
    parse_holidays, EscalationDay, EscalationSchedule, EscalationSettings, LeadTypeEscalation,
};
