//! The enumerations a host names in its data, parsed from text or numbers.
//!
//! The source API writes an enumeration as a name (`"DistributionPolicy": "RoundRobin"`)
//! or as a number (`"AutomationType": 2`). Names are matched case-insensitively with
//! surrounding white space ignored, and a few spellings the source itself uses are
//! accepted as aliases (`"Decending"`, `"Round Robin"`). Numbers follow the listed order
//! from 0, as the model crate numbers the same enumerations. Anything else is a
//! [`SortError`] naming the accepted values.

use std::fmt;
use std::str::FromStr;

use crate::error::SortError;

macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $name:ident as $label:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $num:literal => [$canon:literal $(, $alias:literal)*] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the listed (numbered) order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($canon),+];

            /// The canonical name, as the source API writes it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }

            /// The number the source API uses for this variant.
            pub fn to_number(self) -> i64 {
                match self { $($name::$variant => $num),+ }
            }

            /// The variant with this number.
            ///
            /// # Errors
            /// [`SortError::UnknownNumber`] when no variant has the number.
            pub fn from_number(number: i64) -> Result<Self, SortError> {
                match number {
                    $($num => Ok($name::$variant),)+
                    _ => Err(SortError::UnknownNumber {
                        enumeration: $label,
                        input: number,
                        max: (Self::ALL.len() as i64) - 1,
                    }),
                }
            }
        }

        impl FromStr for $name {
            type Err = SortError;

            /// Parses a name case-insensitively, ignoring surrounding white space; an
            /// all-digit text is read as the variant's number.
            fn from_str(text: &str) -> Result<Self, SortError> {
                let trimmed = text.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($canon) $(|| trimmed.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(number) = trimmed.parse::<i64>() {
                        return Self::from_number(number);
                    }
                }
                Err(SortError::UnknownName {
                    enumeration: $label,
                    input: text.to_owned(),
                    expected: Self::NAMES,
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// How a client picks one of its eligible delivery accounts (SPEC.md 8, step 1).
    ///
    /// Numbers: `Price` 0, `Priority` 1, `RoundRobin` 2.
    AutomationType as "AutomationType" {
        /// The account with the highest effective price.
        Price = 0 => ["Price"],
        /// The account with the lowest `Priority` number (default 0).
        Priority = 1 => ["Priority"],
        /// The least recently sent account, never-sent accounts first.
        RoundRobin = 2 => ["RoundRobin", "Round Robin", "Round_Robin"],
    }
}

named_enum! {
    /// How clients are ranked against each other (SPEC.md 8, step 2), the lead type's
    /// `DistributionPolicy` or the one passed with a request.
    ///
    /// Numbers: `Price` 0, `Priority` 1, `RoundRobin` 2, `Weighted` 3, `Nearest` 4,
    /// `Percentage` 5. Every policy breaks ties by client UID, then account UID,
    /// ascending.
    Policy as "DistributionPolicy" {
        /// Effective price of the client's picked account, high to low.
        Price = 0 => ["Price"],
        /// Client `Priority` ascending, then effective price high to low.
        Priority = 1 => ["Priority"],
        /// Client last-sent instant, oldest first, never-sent first.
        ///
        /// Joining and leaving: a client back from a pause keeps its last-sent instant,
        /// which is older than that of every client that kept buying, so it takes the
        /// next lead and then goes to the back of the rotation: one lead on return,
        /// never a catch-up burst. A new (never-sent) client likewise takes one lead and
        /// then queues.
        RoundRobin = 2 => ["RoundRobin", "Round Robin", "Round_Robin"],
        /// Smooth weighted round robin over client weights ([`WeightedState`](crate::WeightedState)).
        Weighted = 3 => ["Weighted"],
        /// Distance in miles, nearest first; unknown distances last.
        Nearest = 4 => ["Nearest"],
        /// The client furthest below its target share first ([`PercentageState`](crate::PercentageState)).
        Percentage = 5 => ["Percentage"],
    }
}

impl Policy {
    /// Whether the policy keeps state across decisions that the caller must update
    /// with [`PolicyState::record_sale`](crate::PolicyState::record_sale).
    /// Round robin's state is the last-sent instants the caller passes in, so it
    /// counts as stateless here.
    pub fn is_stateful(self) -> bool {
        matches!(self, Policy::Weighted | Policy::Percentage)
    }
}

named_enum! {
    /// The key of the active-client listing (`SortBy` of "Client Active List by Lead
    /// Type"). Numbers: `Name` 0, `Price` 1, `Priority` 2, `LastSentDate` 3.
    SortBy as "SortBy" {
        /// Client name, compared trimmed and case-insensitively.
        Name = 0 => ["Name"],
        /// Effective price of the client's picked account.
        Price = 1 => ["Price"],
        /// Client `Priority`.
        Priority = 2 => ["Priority"],
        /// Client last-sent instant; never-sent counts as the oldest.
        LastSentDate = 3 => ["LastSentDate", "Last Sent Date", "Last_Sent_Date"],
    }
}

named_enum! {
    /// The direction of a listing sort. The source spells the second value `Decending`;
    /// both that and `Descending` are accepted. Numbers: `Ascending` 0, `Descending` 1.
    SortDirection as "SortDirection" {
        /// Smallest first.
        Ascending = 0 => ["Ascending", "Asc"],
        /// Largest first.
        Descending = 1 => ["Descending", "Decending", "Desc"],
    }
}
