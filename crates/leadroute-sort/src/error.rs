//! The crate's one error type: what was rejected and why.
//!
//! Errors come from three places only: parsing a policy or enumeration name (or number)
//! from the host's data, building a candidate value that is out of range (a negative
//! weight, a target above 100 %, a distance that is not a finite number of miles), and
//! recording a sale for a client that did not compete. Ranking itself never fails.

use thiserror::Error;

/// Why a name, a value or a recorded sale was rejected.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SortError {
    /// A name that is not one of the enumeration's names (compared case-insensitively,
    /// surrounding white space ignored).
    #[error("unknown {enumeration} {input:?}; expected one of {}", .expected.join(", "))]
    UnknownName {
        /// The enumeration, e.g. `DistributionPolicy`.
        enumeration: &'static str,
        /// The rejected text, as written.
        input: String,
        /// The canonical names accepted.
        expected: &'static [&'static str],
    },
    /// A number that is not one of the enumeration's numbers.
    #[error("unknown {enumeration} number {input}; expected 0 to {max}")]
    UnknownNumber {
        /// The enumeration, e.g. `AutomationType`.
        enumeration: &'static str,
        /// The rejected number.
        input: i64,
        /// The largest accepted number (numbers run from 0).
        max: i64,
    },
    /// A value outside the range its quantity allows.
    #[error("{quantity} {value} is out of range: {expected}")]
    OutOfRange {
        /// The quantity, e.g. `Weight`.
        quantity: &'static str,
        /// The rejected value.
        value: f64,
        /// What is accepted, in words.
        expected: &'static str,
    },
    /// A sale recorded for a client that is not among the ranking's candidates: the
    /// state cannot account a sale without knowing who competed for it.
    #[error("client {client_uid} is not among the candidates of the ranking the sale is recorded against")]
    NotACandidate {
        /// The client the sale was recorded for.
        client_uid: i64,
    },
}
