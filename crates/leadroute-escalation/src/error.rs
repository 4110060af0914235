//! The crate's one error type: what went wrong, and where in the input (a JSON path such
//! as `escalation_active[2].close`).

/// An escalation schedule or case that cannot be used, with its location.
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", location_prefix(.location))]
pub struct Error {
    location: String,
    #[source]
    kind: ErrorKind,
}

fn location_prefix(location: &str) -> String {
    if location.is_empty() {
        String::new()
    } else {
        format!("{location}: ")
    }
}

/// What was wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The JSON does not have the expected shape (wrong type, truncated, ...).
    #[error("{0}")]
    Json(String),
    /// A required field is absent or null.
    #[error("missing")]
    Missing,
    /// `day_of_week` outside `0` (Sunday) ..= `6` (Saturday).
    #[error("day_of_week {0} is not 0 (Sunday) .. 6 (Saturday)")]
    DayOfWeek(i64),
    /// A time or date that does not parse.
    #[error(transparent)]
    Time(#[from] leadroute_time::Error),
    /// A non-empty time-zone name that is neither IANA nor Windows.
    #[error("unknown time zone '{0}' (neither IANA nor Windows)")]
    UnknownZone(String),
    /// An instant that is not RFC 3339.
    #[error("'{0}' is not an RFC 3339 instant")]
    BadInstant(String),
    /// A duration that is not a non-negative whole number of seconds.
    #[error("{0} is not a non-negative whole number of seconds")]
    BadSeconds(String),
    /// An `op` other than `escalates_at`, `open_seconds` or `next_open`.
    #[error("unknown op '{0}' (expected escalates_at, open_seconds or next_open)")]
    UnknownOp(String),
    /// An interval whose end is before its start.
    #[error("'to' is before 'from'")]
    EndBeforeStart,
}

impl Error {
    /// An error of `kind` at `location` (a JSON path; empty for the whole input).
    pub fn new(location: impl Into<String>, kind: ErrorKind) -> Error {
        Error {
            location: location.into(),
            kind,
        }
    }

    /// What was wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where: a JSON path such as `escalation_active[2].close`, or empty.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The same error, located under `prefix` (`escalation_active` + `[2].close`).
    pub(crate) fn under(mut self, prefix: &str) -> Error {
        self.location = if self.location.is_empty() {
            prefix.to_string()
        } else if self.location.starts_with('[') {
            format!("{prefix}{}", self.location)
        } else {
            format!("{prefix}.{}", self.location)
        };
        self
    }
}
