//! leadroute-criteria: the filter language buyers use to say which leads they want
//! (SPEC.md sections 2 and 3), compiled once and evaluated fast, with explanations.
//!
//! placeholder docs

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
