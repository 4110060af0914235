//! The leadroute engine: the crate a host links to route leads.
//!
//! It composes the criteria evaluator, the caps/schedule/order checks, the ranking
//! policies and the escalation calculator into the decisions of SPEC.md sections 4, 8
//! and 9: [`Engine::scan`] (which accounts may take a lead, and why each other one may
//! not), [`Engine::route`] (the buyers, recorded in the ledger) and
//! [`Engine::route_batch`] (many leads, exactly as if routed one at a time, with the
//! state-independent checks in parallel). Before distribution, [`Intake`] answers whether
//! a lead's campaign accepts it (SPEC.md 9: validation, campaign caps, rules, duplicates).
//!
//! # Example
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use leadroute_engine::{Engine, Record, ScanOptions};
//! use leadroute_model::{load_snapshot, parse_record, Lead};
//!
//! let snapshot = load_snapshot(r#"{
//!   "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State", "FieldDataType": "Varchar"}]}],
//!   "Clients": [{"ClientUID": 7, "Status": "Active", "TimeZoneName": "America/Chicago"},
//!               {"ClientUID": 8, "Status": "Active", "TimeZoneName": "America/Chicago"}],
//!   "DeliveryAccounts": [
//!     {"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 30, "AutomationEnabled": true,
//!      "Criteria": [{"LeadFieldUID": 10, "Type": "FieldValue", "Operator": "In", "Value": "TX|OK"}],
//!      "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
//!     {"ClientAccountUID": 80, "ClientUID": 8, "Status": 12, "Price": 45, "AutomationEnabled": true,
//!      "Criteria": [{"LeadFieldUID": 10, "Type": "FieldValue", "Operator": "Equal", "Value": "CA"}],
//!      "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
//!   ]
//! }"#);
//! let mut engine = Engine::new(snapshot);
//! let lead: Lead = parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "tx"}}"#).unwrap();
//! let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
//! let decision = engine.route(&lead, &ScanOptions::automated(), now, Record::Yes).unwrap();
//! assert_eq!(decision.sold[0].client_account_uid, 70);
//! // Account 80 wanted California: its criterion failed.
//! assert_eq!(serde_json::to_value(&decision.unsold).unwrap(), serde_json::json!({"criteria_failed": 1}));
//! ```

pub mod active;
mod build;
mod distlist;
mod engine;
mod error;
mod hours;
pub mod intake;
mod options;
mod output;
mod reason;
mod scan;
mod select;
mod shared;
mod state;

pub use engine::{Engine, LaterAccount, Record, BATCH_CHUNK};
pub use error::LeadError;
pub use intake::{Intake, IntakeResult, ResponseType};
pub use options::{Explain, ScanOptions};
pub use output::{
    format_instant, Decision, EligibleAccount, LogEntry, ReasonDetail, Sale, ScanResult,
};
pub use reason::{Reason, ReasonCounts};
pub use shared::{Reserved, RouteError};
