//! The data model of leadroute: the source API's records as typed Rust values, and
//! snapshot loading that reports every problem with its location.
//!
//! Every other leadroute crate reads its inputs through this one. The JSON field names
//! are exactly the source API's (`ClientUID`, `useOrder`, `inTesting`,
//! `DeliveryDetails.DeliveryDays`, ...), so a host that already speaks that API hands
//! its data over unchanged. Enumerations accept names and numbers; loosely typed
//! scalars (booleans written as `0`, numbers written as strings) are read leniently
//! where the meaning is clear; unknown fields are ignored.
//!
//! [`load_snapshot`] turns a snapshot document (SPEC.md section 11.1) into a
//! [`Snapshot`]: the records that read correctly, plus every [`Problem`] found, each
//! with its JSON path and line. A bad record is reported and left out; the rest loads.
//!
//! # Example
//!
//! ```
//! use leadroute_model::{load_snapshot, AccountStatus};
//!
//! let snapshot = load_snapshot(r#"{
//!   "LeadTypes": [{"LeadTypeUID": 1, "Descriptor": "Mortgage",
//!                  "Fields": [{"LeadFieldUID": 10, "Descriptor": "State", "FieldDataType": "Varchar"}]}],
//!   "Clients": [{"ClientUID": 7, "Status": "Active"}],
//!   "DeliveryAccounts": [
//!     {"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 25.5,
//!      "Criteria": [{"LeadFieldUID": 10, "Type": "FieldValue", "Operator": "In", "Value": "CA|NV"}],
//!      "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
//!     {"ClientAccountUID": 71, "ClientUID": 8, "Status": "Open",
//!      "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
//!   ]
//! }"#);
//! assert_eq!(snapshot.delivery_accounts.len(), 1);
//! assert_eq!(snapshot.delivery_accounts[0].status, Some(AccountStatus::Open));
//! // The second account names a client that does not exist: it is reported and kept
//! // out of routing as misconfigured.
//! assert_eq!(snapshot.problems[0].path, "DeliveryAccounts[1].ClientUID");
//! assert_eq!(snapshot.misconfigured[0].client_account_uid, 71);
//! ```
//!
//! # Untrusted input
//!
//! No input makes loading panic: truncated JSON, wrong types, unknown enumeration
//! values, absurd numbers (`HourMax: 1e300` is an error, not a wrap-around) and
//! placeholder dates are all reported as problems.

pub mod de;
mod enums;
mod hash;
mod lead;
mod load;
mod records;

pub use enums::*;
pub use hash::{UidHasher, UidMap};
pub use lead::{trim, FieldKey, FieldLookup};
pub use load::{
    is_known_time_zone, line_column, load_snapshot, parse_record, Misconfigured, Problem, Severity,
    Snapshot,
};
pub use records::*;
