//! Who gets the lead first among the eligible: the ranking policies of leadroute.
//!
//! This crate orders candidates; it knows nothing about leads, criteria or JSON. A
//! caller describes each eligible delivery account as a [`Candidate`] (or reads its own
//! records in place through a [`CandidateView`], as the engine `leadroute-engine`
//! does), lets each client pick one account ([`choose_accounts`], SPEC.md 8 step 1, by
//! the client's [`AutomationType`]), ranks the clients ([`rank_top`], step 2, by the
//! lead type's [`Policy`]) and records each sale in the caller-owned [`PolicyState`]. The
//! active-client listing ([`list`]) and the evenly-distributed user assignment
//! ([`next_user`]) are built from the same comparators.
//!
//! Every order is total: ties go to the lower client UID, then the lower account UID,
//! so the result never depends on the order the candidates are given in. The crate
//! never reads the clock (last-sent instants are inputs) and does no I/O.
//!
//! # Example
//!
//! ```
//! use leadroute_sort::{rank_top, Candidate, Policy, PolicyState, Weight};
//! use rust_decimal::Decimal;
//!
//! let policy: Policy = "weighted".parse()?;
//! let candidates = [
//!     Candidate::new(1, 10, Decimal::new(20, 0)).with_weight(Weight::from(2)),
//!     Candidate::new(2, 20, Decimal::new(25, 0)),
//! ];
//! let mut state = PolicyState::new();
//! let mut sold = Vec::new();
//! for _ in 0..3 {
//!     // Rank, sell to the top client, record the sale before the next decision.
//!     let top = rank_top(policy, &state, &candidates, 1)[0];
//!     let client = candidates[top].client_uid();
//!     state.record_sale(policy, &candidates, client)?;
//!     sold.push(client);
//! }
//! // Weights 2 : 1, interleaved smoothly.
//! assert_eq!(sold, [1, 2, 1]);
//! # Ok::<(), leadroute_sort::SortError>(())
//! ```
//!
//! # Untrusted input
//!
//! Names and numbers parse into typed values or a [`SortError`]; weights, targets and
//! distances are validated newtypes ([`Weight`], [`TargetShare`], [`Miles`]). Nothing
//! here panics on input, and ranking costs O(n + k log k) for the top k of n.
//!
//! # Error reporting
//!
//! One error type, [`SortError`], names the enumeration or quantity it rejects and
//! the accepted values.

mod account;
mod candidate;
pub mod compare;
mod error;
mod keys;
mod listing;
mod names;
mod percentage;
mod policy;
mod select;
mod uidmap;
mod users;
mod view;
mod weighted;

pub use account::{
    choose_account, choose_accounts, choose_accounts_among, choose_accounts_by_index,
    choose_accounts_view, choose_accounts_view_and_kept,
};
pub use candidate::{Candidate, Competitor, Miles, SentMark, TargetShare, Weight};
pub use error::SortError;
pub use listing::list;
pub use names::{AutomationType, Policy, SortBy, SortDirection};
pub use percentage::{PercentageState, Tally};
pub use policy::{rank, rank_top, rank_top_among, rank_top_view, PolicyState};
pub use users::{assignment_order, next_user, UserSlot};
pub use view::CandidateView;
pub use weighted::WeightedState;
