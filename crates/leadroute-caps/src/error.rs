//! The crate's one error type. A schedule error names the delivery-day rule it comes from
//! (`DeliveryDays[3].EndTime`), so the engine only prefixes the account's JSON path; a
//! ledger error says which reservation token or which refusal it is about.

use std::fmt;

use crate::Token;

/// Why a reservation was refused: the eligibility reason (SPEC.md section 4) that failed
/// inside the reservation's critical section. [`Refusal::code`] is the stable reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Refusal {
    /// The client already has a valid send (or a committed reservation) of this lead.
    AlreadySentToClient,
    /// The account's or client's rolling-hour cap is full.
    HourMaxReached,
    /// The day cap (or the paced allowance so far) is full.
    DayMaxReached,
    /// The week cap is full.
    WeekMaxReached,
    /// The month cap is full.
    MonthMaxReached,
    /// The claimed order item has no room left.
    OrderExhausted,
    /// The lead's valid sends and live reservations already reach its max sell.
    MaxSellReached,
    /// The lead was sold exclusively, or this exclusive claim meets an existing send.
    ExclusiveConflict,
}

impl Refusal {
    /// The stable snake_case reason code of SPEC.md section 4.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::AlreadySentToClient => "already_sent_to_client",
            Refusal::HourMaxReached => "hour_max_reached",
            Refusal::DayMaxReached => "day_max_reached",
            Refusal::WeekMaxReached => "week_max_reached",
            Refusal::MonthMaxReached => "month_max_reached",
            Refusal::OrderExhausted => "order_exhausted",
            Refusal::MaxSellReached => "max_sell_reached",
            Refusal::ExclusiveConflict => "exclusive_conflict",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which field of a delivery-day rule an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleField {
    /// `WeekDay`.
    WeekDay,
    /// `StaticDate`.
    StaticDate,
    /// `StartTime`.
    StartTime,
    /// `EndTime`.
    EndTime,
}

impl RuleField {
    /// The JSON field name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::WeekDay => "WeekDay",
            RuleField::StaticDate => "StaticDate",
            RuleField::StartTime => "StartTime",
            RuleField::EndTime => "EndTime",
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A time or date text of a delivery-day rule did not parse (the source says how).
    #[error(transparent)]
    Time(#[from] leadroute_time::Error),
    /// A weekday rule without `WeekDay` (and without `StaticDate`).
    #[error("a rule needs a WeekDay (0 = Sunday .. 6 = Saturday) or a StaticDate")]
    MissingWeekDay,
    /// `WeekDay` outside `0..=6`.
    #[error("WeekDay {0} is not a weekday (0 = Sunday .. 6 = Saturday)")]
    BadWeekDay(i64),
    /// A reservation was refused: the reason it would not be eligible.
    #[error("reservation refused: {0}")]
    Refused(Refusal),
    /// No live reservation has this token (never issued, released, or expired and purged).
    #[error("no live reservation has token {0}")]
    UnknownToken(Token),
    /// The reservation expired before it was committed; its capacity was given back.
    #[error("reservation {0} expired before it was committed")]
    Expired(Token),
    /// The reservation was already committed; a committed send cannot be released.
    #[error("reservation {0} is already committed")]
    AlreadyCommitted(Token),
    /// A shared ledger backend could not answer; nothing was changed (fail closed).
    #[error("ledger backend unavailable: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// An error of this crate: what went wrong and, for schedule errors, where.
///
/// `Display` reads `DeliveryDays[3].EndTime: '25:00' is not a time of day ...`; callers
/// that know the account prefix their own path.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    location: Option<(usize, RuleField)>,
}

impl Error {
    /// An error without location.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            location: None,
        }
    }

    pub(crate) fn at_rule(kind: ErrorKind, index: usize, field: RuleField) -> Error {
        Error {
            kind,
            location: Some((index, field)),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The index into `DeliveryDays` and the field, for schedule errors.
    pub fn rule(&self) -> Option<(usize, RuleField)> {
        self.location
    }

    /// The JSON path relative to `DeliveryDetails` (`DeliveryDays[3].EndTime`), if any.
    pub fn path(&self) -> Option<String> {
        self.location
            .map(|(i, f)| format!("DeliveryDays[{i}].{}", f.as_str()))
    }

    /// The refusal, when this error is a refused reservation.
    pub fn refusal(&self) -> Option<Refusal> {
        match self.kind {
            ErrorKind::Refused(r) => Some(r),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::new(ErrorKind::Refused(r))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.path() {
            write!(f, "{p}: ")?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}
