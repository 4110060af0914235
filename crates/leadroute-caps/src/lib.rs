//! leadroute-caps: whether a delivery account may take a lead *now*, and when it next
//! can. It owns SPEC.md sections 5 to 7 except the time-zone machinery: delivery days
//! (compiled into leadroute-time's weekly hours), the ledger of valid sends and its
//! window counts, caps (hour, day, week, month; account, client and campaign) with
//! pacing, orders and order items, reservations for ping/post and shared ledgers, and the
//! next eligible instant of an account.
//!
//! The engine is the user: it compiles each account once ([`AccountLimits::compile`],
//! [`OrderBook::new`]), loads the snapshot's sends ([`MemLedger::from_sends`]), and asks
//! per lead: [`AccountLimits::is_deliverable`], [`AccountLimits::check_caps`],
//! [`OrderBook::decide`], [`LedgerView::sent_to_client`], [`check_sale`] over
//! [`LedgerView::lead_sends`];
//! then records the sale ([`MemLedger::record`]) or reserves it ([`Ledger::reserve`]).
//! Client-level caps are a [`Caps`] counted over [`Owner::Client`]; campaign caps
//! (intake, over accepted leads, in `Settings.DefaultTimeZone`) are a [`Caps`] counted
//! over a [`TimeIndex`] the intake keeps per campaign. Time zones, the DST boundary rule
//! and weekly hours come from `leadroute-time`; this crate never converts local times
//! itself.
//!
//! # Example
//!
//! ```
//! use chrono::{TimeZone, Utc, Weekday};
//! use leadroute_caps::{AccountLimits, CapKind, MemLedger, Report};
//! use leadroute_model::{DeliveryAccount, Send};
//! use leadroute_time::Zone;
//!
//! let account: DeliveryAccount = serde_json::from_str(
//!     r#"{"ClientAccountUID": 70, "ClientUID": 7, "HourMax": 1, "DayMax": 5}"#,
//! ).unwrap();
//! let limits = AccountLimits::compile(&account, Zone::UTC, Weekday::Sun).unwrap();
//! let sent: Send = serde_json::from_str(
//!     r#"{"LeadUID": 1, "ClientUID": 7, "ClientAccountUID": 70,
//!         "DateSent": "2026-05-04T09:00:00Z", "IsValid": true}"#,
//! ).unwrap();
//! let ledger = MemLedger::from_sends([&sent]);
//!
//! // 3599 s after the send it is still in the rolling hour; 3600 s after, it is not.
//! let t1 = Utc.with_ymd_and_hms(2026, 5, 4, 9, 59, 59).unwrap();
//! let full = limits.check_caps(&ledger, &limits.periods(t1), Report::First).unwrap();
//! assert_eq!(full.first().map(|f| f.kind()), Some(CapKind::Hour));
//! let t2 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
//! assert!(limits.check_caps(&ledger, &limits.periods(t2), Report::First).unwrap().is_empty());
//! ```
//!
//! # Precision
//!
//! The ledger keys instants by milliseconds (sub-millisecond digits are truncated, for
//! sends and `now` alike); schedules and calendar boundaries are whole seconds.
//!
//! # Untrusted input
//!
//! Nothing here panics on input: bad delivery-day rules are [`Error`]s naming the rule,
//! absurd caps saturate, sums of prices saturate, dates beyond chrono's range clamp.
//!
//! # Concurrency
//!
//! [`MemLedger`] is the single-threaded fast path (`&self` reads without locks);
//! [`SharedLedger`] serialises writers so concurrent reservations never overshoot a cap.
//! The [`Ledger`] trait is the seam for other backends.

mod account;
mod caps;
mod error;
mod index;
mod instant;
mod ledger;
mod orders;
mod periods;
mod reserve;
mod schedule;
mod sell;

pub use account::AccountLimits;
pub use caps::{CapFailure, CapFailures, CapKind, CapLimits, Caps, Report};
pub use error::{Error, ErrorKind, Refusal, RuleField};
pub use index::{TimeIndex, UidHasher, UidMap, WindowCounts};
pub use ledger::{ItemFill, LeadSends, Ledger, LedgerView, MemLedger, Owner};
pub use orders::{Delivered, ItemRule, OrderBook, OrderDecision, OrderPick};
pub use periods::{PeriodCache, Periods};
pub use reserve::{Claim, Reservation, SharedLedger, Token};
pub use schedule::{compile_delivery_days, DeliverySchedule};
pub use sell::{check_sale, max_sell, remaining_buyers};
