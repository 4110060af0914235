//! The crate's one error type: a criterion that cannot be compiled, or an `eval` case
//! that cannot be read. Every error says which part of the criterion is wrong and why;
//! the caller may attach the JSON path of the criterion (`DeliveryAccounts[4].Criteria[1]`)
//! with [`Error::at`], and the message then starts with it.

use std::fmt;

use leadroute_model::Uid;

/// Which part of a criterion record an error is about; printed after the JSON path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The `Value` text.
    Value,
    /// The `Operator`.
    Operator,
    /// The `Expression` (regular expression or calculated expression).
    Expression,
    /// The `LeadFieldUID`.
    LeadFieldUid,
    /// The criterion record as a whole (an `eval` case line, for instance).
    Record,
}

impl Part {
    /// The JSON field name of the part.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Value => "Value",
            Part::Operator => "Operator",
            Part::Expression => "Expression",
            Part::LeadFieldUid => "LeadFieldUID",
            Part::Record => "",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A value does not parse as the field's type: `"abc" is not a valid Int`.
    InvalidValue {
        /// The offending text.
        text: String,
        /// The type's name (`Int`, `Money`, ...).
        type_name: &'static str,
    },
    /// A `Between` value is not two values of the field's type.
    InvalidRange {
        /// The whole `Value`.
        text: String,
        /// The type's name.
        type_name: &'static str,
    },
    /// A `Between` whose minimum is greater than its maximum.
    MinGreaterThanMax {
        /// The whole `Value`.
        text: String,
    },
    /// The criterion has no operator and its type needs one.
    MissingOperator,
    /// The operator cannot be used with this criterion type.
    OperatorNotAllowed {
        /// What was asked for.
        operator: String,
        /// What the criterion type accepts.
        allowed: &'static str,
    },
    /// The criterion's `LeadFieldUID` is not a field of the lead type.
    UnknownLeadField {
        /// The UID.
        uid: Uid,
    },
    /// A `DateCompare` value that does not follow `OP OFFSET` / `between OFFSET OFFSET`.
    InvalidDateCompare {
        /// The whole `Value`.
        text: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A `Distance_Compare` value that does not follow `ORIGIN|MILES`.
    InvalidDistance {
        /// The whole `Value`.
        text: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A `Distance_Compare` origin ZIP the ZIP locator does not know.
    UnknownZip {
        /// The five digits.
        zip: String,
    },
    /// An `Expression` criterion's regular expression does not compile (syntax or size).
    InvalidRegex {
        /// The pattern.
        pattern: String,
        /// The regex engine's message, on one line.
        detail: String,
    },
    /// A `Function` criterion's expression does not compile.
    InvalidFunction {
        /// What is wrong, with the position where it applies.
        detail: String,
    },
    /// An `eval` case line that cannot be used.
    InvalidCase {
        /// What is wrong.
        detail: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidValue { text, type_name } => {
                write!(f, "{text:?} is not a valid {type_name}")
            }
            ErrorKind::InvalidRange { text, type_name } => {
                write!(f, "{text:?} is not a valid {type_name} range")
            }
            ErrorKind::MinGreaterThanMax { text } => {
                write!(f, "Between {text:?}: min is greater than max")
            }
            ErrorKind::MissingOperator => f.write_str("the operator is missing"),
            ErrorKind::OperatorNotAllowed { operator, allowed } => {
                write!(f, "operator {operator} is not allowed here; use {allowed}")
            }
            ErrorKind::UnknownLeadField { uid } => {
                write!(f, "lead field {uid} is not a field of the lead type")
            }
            ErrorKind::InvalidDateCompare { text, detail } => {
                write!(f, "DateCompare {text:?}: {detail}")
            }
            ErrorKind::InvalidDistance { text, detail } => {
                write!(f, "Distance_Compare {text:?}: {detail}")
            }
            ErrorKind::UnknownZip { zip } => write!(f, "unknown ZIP {zip}"),
            ErrorKind::InvalidRegex { pattern, detail } => {
                write!(f, "invalid regular expression {pattern:?}: {detail}")
            }
            ErrorKind::InvalidFunction { detail } => f.write_str(detail),
            ErrorKind::InvalidCase { detail } => f.write_str(detail),
        }
    }
}

/// A criterion that cannot be compiled, naming the criterion, the part that is wrong
/// and, once the caller supplies it with [`Error::at`], the criterion's JSON path.
///
/// Display: `DeliveryAccounts[4].Criteria[1].Value: Between "20|10": min is greater
/// than max` with a path; `criterion 55 (Age) Value: ...` without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    part: Part,
    criterion: Option<(Uid, String)>,
    path: Option<String>,
}

impl Error {
    pub(crate) fn new(part: Part, kind: ErrorKind) -> Self {
        Error {
            kind,
            part,
            criterion: None,
            path: None,
        }
    }

    pub(crate) fn case(detail: impl Into<String>) -> Self {
        Error::new(
            Part::Record,
            ErrorKind::InvalidCase {
                detail: detail.into(),
            },
        )
    }

    pub(crate) fn for_criterion(mut self, uid: Uid, descriptor: &str) -> Self {
        self.criterion = Some((uid, descriptor.to_string()));
        self
    }

    pub(crate) fn without_criterion(mut self) -> Self {
        self.criterion = None;
        self
    }

    /// Attaches the JSON path of the criterion (`DeliveryAccounts[4].Criteria[1]`);
    /// the message then starts with `path.Part:`.
    #[must_use]
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The part of the criterion that is wrong.
    pub fn part(&self) -> Part {
        self.part
    }

    /// The JSON path given with [`Error::at`], if any.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The UID of the criterion, when the error came from compiling one.
    pub fn criterion_uid(&self) -> Option<Uid> {
        self.criterion.as_ref().map(|c| c.0)
    }

    /// The message without path or criterion: `Between "20|10": min is greater than max`.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = self.part.as_str();
        match (&self.path, &self.criterion) {
            (Some(path), _) if part.is_empty() => write!(f, "{path}: {}", self.kind),
            (Some(path), _) => write!(f, "{path}.{part}: {}", self.kind),
            (None, Some((uid, desc))) => {
                write!(f, "criterion {uid}")?;
                if !desc.is_empty() {
                    write!(f, " ({desc})")?;
                }
                if !part.is_empty() {
                    write!(f, " {part}")?;
                }
                write!(f, ": {}", self.kind)
            }
            (None, None) => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {}
