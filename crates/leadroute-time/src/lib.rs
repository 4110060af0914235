//! Time zones and opening hours for leadroute: pure time logic, no I/O, no clock.
//!
//! Used by the caps/schedule crate (delivery days, calendar cap periods, next eligible
//! instant) and by the escalation calculator. "Now" is always a parameter.
//!
//! - [`Zone`]: an IANA zone, a Windows zone name resolved through CLDR, or a fixed
//!   offset; [`resolve_zone`] implements SPEC 5's client-zone fallback with warnings.
//! - The **boundary rule** ([`Zone::boundary`]): a local boundary happens at the first
//!   instant whose wall clock reads that time or later. Gaps map to the transition
//!   instant, folds to the first occurrence. Calendar periods ([`Zone::day_bounds`],
//!   [`Zone::week_bounds`], [`Zone::month_bounds`], [`Period`]) start at such boundaries,
//!   so they tile time and a day may be 23 or 25 hours.
//! - [`TimeOfDay`], [`WindowEnd`] and their parsers (`HH:MM`, `HH:MM:SS`, `24:00`,
//!   ISO date-times whose wall-clock digits are taken).
//! - [`WeeklyHours`]: the one weekly-hours implementation (weekday and static-date rules,
//!   deny windows, overnight windows, holidays, merging), queried exactly against a zone;
//!   [`ZonedHours`] binds it to a zone for O(log n) open-time arithmetic.
//!
//! # Example
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use leadroute_time::Zone;
//!
//! let ny = Zone::from_name("eastern standard time").unwrap();
//! assert_eq!(ny.name(), "America/New_York");
//! // 2026-03-08 02:30 does not exist in New York: it happens at 03:00 EDT (07:00 UTC).
//! let gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
//! assert_eq!(ny.boundary(gap), Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap());
//! // That day is 23 hours long.
//! let (start, end) = ny.day_bounds(Utc.with_ymd_and_hms(2026, 3, 8, 12, 0, 0).unwrap());
//! assert_eq!((end - start).num_hours(), 23);
//! ```
//!
//! # Untrusted input
//!
//! Parsers return typed [`Error`]s; no input makes the crate panic. Instants beyond
//! chrono's range saturate or give `None`, as each function documents. Zone transitions
//! are taken from chrono-tz for 1800-2100 (its tables end in 2099).

mod clock;
mod error;
mod intervals;
mod memo;
mod tod;
mod weekly;
mod zone;
mod zoned;

pub use error::Error;
pub use tod::{wall_clock_date, TimeOfDay, WindowEnd};
pub use weekly::{weekday_from_index, Effect, OpenIntervals, Rule, RuleDay, WeeklyHours};
pub use zone::{resolve_zone, Period, PeriodBounds, Zone, ZoneWarning};
pub use zoned::ZonedHours;
