//! The crate's one error type: what was wrong with a piece of time text or a time value.
//! Callers that know where the text came from (a JSON path) wrap it with that location.

/// What went wrong while parsing or validating time input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not `HH:MM`, `HH:MM:SS` (hours 0..=23, or exactly `24:00[:00]`) nor an
    /// ISO 8601 / RFC 3339 date-time whose wall-clock digits could be taken.
    #[error("'{text}' is not a time of day (expected HH:MM, HH:MM:SS or an ISO date-time)")]
    BadTimeOfDay {
        /// The offending text, as given.
        text: String,
    },
    /// The text does not start with a `YYYY-MM-DD` calendar date.
    #[error("'{text}' is not a date (expected YYYY-MM-DD, optionally followed by a time)")]
    BadDate {
        /// The offending text, as given.
        text: String,
    },
    /// A window cannot start at the end of the day (`24:00`).
    #[error("a window cannot start at 24:00; use 00:00 of the next day")]
    StartAtEndOfDay,
    /// An interval query whose end lies before its start.
    #[error("interval end {end} is before its start {start}")]
    EndBeforeStart {
        /// The interval start (RFC 3339).
        start: String,
        /// The interval end (RFC 3339).
        end: String,
    },
}
