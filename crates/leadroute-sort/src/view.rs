//! Candidates read in place: the values step 1 and step 2 compare, by position.
//!
//! [`choose_accounts`](crate::choose_accounts) and [`rank_top`](crate::rank_top) take
//! a slice of [`Candidate`]s, which the caller builds from its own records. A caller
//! that already holds those values elsewhere (an engine's compiled accounts and its
//! ledger state) can instead implement [`CandidateView`] over its records and call
//! [`choose_accounts_view`](crate::choose_accounts_view) and
//! [`rank_top_view`](crate::rank_top_view): the same code orders both, so the result is
//! the one a slice of equal candidates gives, without building them.

use rust_decimal::Decimal;

use crate::candidate::{Candidate, Miles, SentMark, TargetShare, Weight};

/// A list of candidates read by position (`0..len()`); each method returns what the
/// same-named [`Candidate`] accessor returns for the candidate at `i`. Methods may
/// panic when `i` is out of bounds; the crate only asks for positions below `len()`.
pub trait CandidateView {
    /// The number of candidates.
    fn len(&self) -> usize;

    /// Whether there is no candidate.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// [`Candidate::client_uid`].
    fn client_uid(&self, i: usize) -> i64;
    /// [`Candidate::account_uid`].
    fn account_uid(&self, i: usize) -> i64;
    /// Both tie-breakers at once, `(client_uid(i), account_uid(i))`: for a view that
    /// reads them from one record.
    fn uids(&self, i: usize) -> (i64, i64) {
        (self.client_uid(i), self.account_uid(i))
    }
    /// [`Candidate::price`].
    fn price(&self, i: usize) -> Decimal;
    /// [`Candidate::account_priority`].
    fn account_priority(&self, i: usize) -> i32;
    /// [`Candidate::client_priority`].
    fn client_priority(&self, i: usize) -> i32;
    /// [`Candidate::account_last_sent`].
    fn account_last_sent(&self, i: usize) -> Option<SentMark>;
    /// [`Candidate::client_last_sent`].
    fn client_last_sent(&self, i: usize) -> Option<SentMark>;
    /// [`Candidate::weight`].
    fn weight(&self, i: usize) -> Weight;
    /// [`Candidate::target`].
    fn target(&self, i: usize) -> TargetShare;
    /// [`Candidate::distance`].
    fn distance(&self, i: usize) -> Option<Miles>;
}

macro_rules! view_of_candidates {
    ($($t:ty),*) => {$(
        impl CandidateView for [$t] {
            #[inline]
            fn len(&self) -> usize {
                <[$t]>::len(self)
            }
            #[inline]
            fn client_uid(&self, i: usize) -> i64 {
                self[i].client_uid()
            }
            #[inline]
            fn account_uid(&self, i: usize) -> i64 {
                self[i].account_uid()
            }
            #[inline]
            fn price(&self, i: usize) -> Decimal {
                self[i].price()
            }
            #[inline]
            fn account_priority(&self, i: usize) -> i32 {
                self[i].account_priority()
            }
            #[inline]
            fn client_priority(&self, i: usize) -> i32 {
                self[i].client_priority()
            }
            #[inline]
            fn account_last_sent(&self, i: usize) -> Option<SentMark> {
                self[i].account_last_sent()
            }
            #[inline]
            fn client_last_sent(&self, i: usize) -> Option<SentMark> {
                self[i].client_last_sent()
            }
            #[inline]
            fn weight(&self, i: usize) -> Weight {
                self[i].weight()
            }
            #[inline]
            fn target(&self, i: usize) -> TargetShare {
                self[i].target()
            }
            #[inline]
            fn distance(&self, i: usize) -> Option<Miles> {
                self[i].distance()
            }
        }
    )*};
}

view_of_candidates!(Candidate, &Candidate);
