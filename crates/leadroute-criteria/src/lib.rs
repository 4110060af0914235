//! leadroute-criteria: the filter language buyers use to say which leads they want
//! (SPEC.md sections 2 and 3), compiled once and evaluated fast, with explanations.
//!
//! The engine builds one [`LeadSchema`] per lead type, [`compile`]s each account's
//! criteria against it (values parsed per `FieldDataType`, lists into sets, ranges
//! checked, regular expressions compiled with size limits, `DateCompare` offsets parsed,
//! `Distance_Compare` origins resolved through a [`ZipLocator`]), and keeps the accounts
//! of a lead type in a [`CriteriaIndex`]. Per lead it prepares the values once
//! ([`LeadSchema::prepare_lead`]: trimmed, typed, case-folded, located) and scans every
//! account at once ([`CriteriaIndex::scan`]); the result always equals evaluating each
//! account's criteria one by one ([`AccountCriteria::matches`]). A failing criterion
//! explains itself ([`Failure::detail`]) only when asked, so the passing path builds no
//! text. `leadroute eval` runs single cases through [`eval_case`].
//!
//! # Example
//!
//! ```
//! use std::collections::BTreeMap;
//! use chrono::{TimeZone, Utc};
//! use leadroute_criteria::{compile, AccountCriteria, CriteriaIndex, LeadSchema, Zone};
//! use leadroute_model::{parse_record, Criterion, LeadType};
//!
//! let lead_type: LeadType = parse_record(r#"{"LeadTypeUID": 1, "Fields": [
//!     {"LeadFieldUID": 1, "Descriptor": "State", "FieldDataType": "Varchar"},
//!     {"LeadFieldUID": 2, "Descriptor": "Age", "FieldDataType": "Int"}]}"#).unwrap();
//! let schema = LeadSchema::new(&lead_type);
//! let criterion = |json: &str| compile(&schema, &parse_record::<Criterion>(json).unwrap()).unwrap();
//! // Account 0 wants Californians or Nevadans aged 25 to 65; account 1 wants Texans.
//! let west = vec![
//!     criterion(r#"{"LeadFieldUID": 1, "Type": "FieldValue", "Operator": "In", "Value": "CA|NV"}"#),
//!     criterion(r#"{"LeadFieldUID": 2, "Type": "FieldValue", "Operator": "Between", "Value": "25|65"}"#),
//! ];
//! let texas = vec![criterion(r#"{"LeadFieldUID": 1, "Type": "FieldValue", "Operator": "Equal", "Value": "TX"}"#)];
//! let index = CriteriaIndex::new(vec![
//!     AccountCriteria::new(west, Zone::UTC),
//!     AccountCriteria::new(texas, Zone::UTC),
//! ]);
//!
//! let now = Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap();
//! // Keys are field descriptors (case-insensitive) or LeadFieldUIDs; values are trimmed
//! // and compared case-insensitively.
//! let values = BTreeMap::from([("state".to_string(), " ca ".to_string()), ("2".to_string(), "70".to_string())]);
//! let lead = schema.prepare(&values);
//! assert!(index.scan(&lead, now).iter().next().is_none());
//! // Why account 0 does not match: its Between fails on the lead's Age.
//! let failure = index.first_failure(0, &lead, now).unwrap();
//! assert_eq!(failure.detail(), "lead value '70' does not satisfy Between \"25|65\"");
//!
//! let values = BTreeMap::from([("State".to_string(), "NV".to_string()), ("Age".to_string(), "65".to_string())]);
//! let lead = schema.prepare(&values);
//! assert_eq!(index.scan(&lead, now).iter().collect::<Vec<_>>(), [0]);
//! ```
//!
//! # Decisions where SPEC.md is silent
//!
//! Each is documented where it is made: `Between` without `|` splits on the one comma
//! (so `1,000|2,000` needs the bar) ([`compile`]); `DateCompare` units may be spelled
//! out and `m` alone is rejected as ambiguous, `between` accepts its offsets in either
//! order, and an offset starting at `now` compares by instant; a `Contains` value is
//! always split like an `In` list; a lead value that does not parse as its field's type
//! also fails `Expression` criteria; `Bit` values order `false < true` for the order
//! operators; a `DateTime` comparison is by the client's local calendar date when
//! either side is a date, else by instant (wall-clock values through the boundary rule).
//!
//! # Untrusted input
//!
//! No criterion text or lead value makes the crate panic: every invalid criterion is a
//! located [`Error`], regular expressions have size and nesting limits
//! ([`REGEX_SIZE_LIMIT`]), calculated expressions have length and depth limits
//! ([`MAX_EXPRESSION_LEN`], [`MAX_EXPRESSION_DEPTH`]). The compile step has a cargo-fuzz
//! target in `fuzz/`.

mod account;
mod criterion;
mod datecmp;
mod error;
mod evalcase;
mod explain;
mod func;
mod index;
mod lead;
mod location;
mod text;
mod value;
mod zone;

pub use account::AccountCriteria;
pub use criterion::{compile, CompiledCriterion, REGEX_SIZE_LIMIT};
pub use error::{Error, ErrorKind, Part};
pub use evalcase::{eval_case, EvalOutcome, EVAL_DEFAULT_TIME_ZONE};
pub use explain::Failure;
pub use func::{MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LEN};
pub use index::{CriteriaIndex, Matches};
pub use lead::{LeadSchema, PreparedLead};
#[cfg(feature = "zip-table")]
pub use location::UsZipTable;
pub use location::{default_locator, NoZips, ZipInfo, ZipLocator, EARTH_RADIUS_MILES};
pub use text::{fold, split_list};
pub use value::{
    parse_bit, parse_datetime, parse_decimal, parse_float, parse_int, DateValue, TypedValue,
};
pub use zone::Zone;
