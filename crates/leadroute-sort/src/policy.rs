//! Step 2 of selection: ranking clients by the distribution policy.
//!
//! [`rank_top`] returns the best K candidates in order (linear-time selection, then
//! sorting only the K); [`rank`] returns them all. Stateless policies compare the
//! candidates' own values; `Weighted` and `Percentage` read a [`PolicyState`] that the
//! caller owns and updates with [`PolicyState::record_sale`] after each sale. Ranking
//! never changes any state.

use std::cell::Cell;
use std::cmp::Reverse;

use rust_decimal::Decimal;

use crate::candidate::{Candidate, Competitor};
use crate::error::SortError;
use crate::keys;
use crate::names::Policy;
use crate::percentage::PercentageState;
use crate::select::top_k;
use crate::view::CandidateView;
use crate::weighted::WeightedState;

/// The state of the stateful policies for one stream of decisions (one lead type, say),
/// owned by the caller. Round robin needs none: its state is the last-sent marks the
/// caller puts on the candidates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyState {
    weighted: WeightedState,
    percentage: PercentageState,
}

impl PolicyState {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `Weighted` policy's credits.
    pub fn weighted(&self) -> &WeightedState {
        &self.weighted
    }

    /// The `Percentage` policy's tallies.
    pub fn percentage(&self) -> &PercentageState {
        &self.percentage
    }

    /// Records a sale to `client_uid` made from a ranking of `candidates` under
    /// `policy`: updates that policy's state (nothing for stateless policies). Call
    /// once per buyer, with the candidates that were ranked.
    ///
    /// # Errors
    /// [`SortError::NotACandidate`] when `client_uid` is not among `candidates`
    /// (whatever the policy); the state is then unchanged.
    pub fn record_sale(
        &mut self,
        policy: Policy,
        candidates: &[Candidate],
        client_uid: i64,
    ) -> Result<(), SortError> {
        self.record_sale_among(policy, candidates.iter().map(Competitor::of), client_uid)
    }

    /// [`PolicyState::record_sale`] over the competitors `pool`: what the stateful
    /// policies read of each candidate ranked (client UID, weight, target share), so
    /// that a caller holding its candidates elsewhere need not build [`Candidate`]s.
    ///
    /// # Errors
    /// [`SortError::NotACandidate`] when `client_uid` is not in `pool` (whatever the
    /// policy); the state is then unchanged.
    pub fn record_sale_among<I>(
        &mut self,
        policy: Policy,
        pool: I,
        client_uid: i64,
    ) -> Result<(), SortError>
    where
        I: IntoIterator<Item = Competitor>,
        I::IntoIter: Clone,
    {
        match policy {
            Policy::Weighted => self.weighted.record_sale_among(pool, client_uid),
            Policy::Percentage => self.percentage.record_sale_among(pool, client_uid),
            Policy::Price | Policy::Priority | Policy::RoundRobin | Policy::Nearest => {
                if pool.into_iter().any(|c| c.client_uid == client_uid) {
                    Ok(())
                } else {
                    Err(SortError::NotACandidate { client_uid })
                }
            }
        }
    }

    /// The sales of one lead to `buyers`, in order, from one ranking of `pool` under
    /// `policy`: exactly [`PolicyState::record_sale_among`] once per buyer, stopping at
    /// the first error, with the weighted credits of all the buyers' sales applied in one
    /// pass over the pool where that gives the same credits
    /// ([`WeightedState::record_sales_among`]).
    ///
    /// # Errors
    /// [`SortError::NotACandidate`] for the first buyer not in `pool`; the sales of the
    /// buyers before it are recorded.
    pub fn record_sales_among<I>(
        &mut self,
        policy: Policy,
        pool: I,
        buyers: &[i64],
    ) -> Result<(), SortError>
    where
        I: IntoIterator<Item = Competitor>,
        I::IntoIter: Clone,
    {
        let pool = pool.into_iter();
        match policy {
            Policy::Weighted => self.weighted.record_sales_among(pool, buyers),
            _ => buyers
                .iter()
                .try_for_each(|&b| self.record_sale_among(policy, pool.clone(), b)),
        }
    }

    /// Drops a deleted client from every policy's state.
    pub fn forget(&mut self, client_uid: i64) {
        self.weighted.forget(client_uid);
        self.percentage.forget(client_uid);
    }
}

/// Every candidate's index, best first under `policy`.
pub fn rank(policy: Policy, state: &PolicyState, candidates: &[Candidate]) -> Vec<usize> {
    rank_top(policy, state, candidates, candidates.len())
}

/// The indices of the best `k` candidates under `policy`, best first, without sorting
/// the rest: `rank_top(p, s, c, k)` is the first `k` of `rank(p, s, c)`.
///
/// The candidates are expected one per client (what step 1 leaves). Ties are broken by
/// client UID, then account UID, ascending; the result does not depend on the order of
/// `candidates` (except between exact duplicates of one client and account). The order
/// is the one the comparators of [`crate::compare`] define; the ranking computes each
/// candidate's key once and compares keys.
pub fn rank_top(
    policy: Policy,
    state: &PolicyState,
    candidates: &[Candidate],
    k: usize,
) -> Vec<usize> {
    rank_top_in(policy, state, &Among::all(candidates), k)
}

/// [`rank_top`] over the candidates at positions `among` of `candidates` (no repeats),
/// without copying them: `rank_top_among(p, s, c, among, k)` is
/// `rank_top(p, s, &picked, k)` mapped back to positions in `candidates`, where
/// `picked` holds `c[among[0]], c[among[1]], ...`. For a caller that ranks a part of a
/// list it already holds (one account per client out of every eligible account).
///
/// # Panics
/// When a position in `among` is out of bounds.
pub fn rank_top_among(
    policy: Policy,
    state: &PolicyState,
    candidates: &[Candidate],
    among: &[usize],
    k: usize,
) -> Vec<usize> {
    let among = Among {
        list: candidates,
        among: Some(among),
    };
    rank_top_in(policy, state, &among, k)
}

/// [`rank_top_among`] over a [`CandidateView`]: the best `k` of the positions `among`
/// (all positions when `None`; no repeats), best first, as positions of `view`. Equal
/// to ranking a slice of the same candidates.
pub fn rank_top_view<V: CandidateView + ?Sized>(
    policy: Policy,
    state: &PolicyState,
    view: &V,
    among: Option<&[usize]>,
    k: usize,
) -> Vec<usize> {
    rank_top_in(policy, state, &Among { list: view, among }, k)
}

/// The candidates a ranking reads: a whole list, or some positions of one.
struct Among<'a, V: ?Sized> {
    list: &'a V,
    among: Option<&'a [usize]>,
}

impl<'a, V: CandidateView + ?Sized> Among<'a, V> {
    fn all(list: &'a V) -> Self {
        Among { list, among: None }
    }

    fn len(&self) -> usize {
        self.among.map_or(self.list.len(), <[usize]>::len)
    }

    /// The position in the list of the `n`th candidate ranked.
    #[inline]
    fn at(&self, n: usize) -> usize {
        self.among.map_or(n, |a| a[n])
    }

    /// Positions in the list, in ranking order.
    fn iter(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        (0..self.len()).map(move |n| self.at(n))
    }

    fn first(&self) -> Option<usize> {
        (self.len() > 0).then(|| self.at(0))
    }
}

fn rank_top_in<V: CandidateView + ?Sized>(
    policy: Policy,
    state: &PolicyState,
    c: &Among<'_, V>,
    k: usize,
) -> Vec<usize> {
    let v = c.list;
    match policy {
        Policy::Price => {
            let uniform = Uniform::new(c.first().map(|i| v.price(i)));
            let top = top_k(
                entries(c, |i| Reverse(uniform.mantissa(v.price(i)))),
                |i| v.uids(i),
                k,
            );
            if uniform.held() {
                top
            } else if let Some(prices) = keys::fixed_prices(c.iter().map(|i| v.price(i))) {
                top_k(indexed(c, |n, _| Reverse(prices[n])), |i| v.uids(i), k)
            } else {
                top_k(entries(c, |i| Reverse(v.price(i))), |i| v.uids(i), k)
            }
        }
        Policy::Priority => {
            let uniform = Uniform::new(c.first().map(|i| v.price(i)));
            let top = top_k(
                entries(c, |i| {
                    (v.client_priority(i), Reverse(uniform.mantissa(v.price(i))))
                }),
                |i| v.uids(i),
                k,
            );
            if uniform.held() {
                top
            } else if let Some(prices) = keys::fixed_prices(c.iter().map(|i| v.price(i))) {
                top_k(
                    indexed(c, |n, i| (v.client_priority(i), Reverse(prices[n]))),
                    |i| v.uids(i),
                    k,
                )
            } else {
                top_k(
                    entries(c, |i| (v.client_priority(i), Reverse(v.price(i)))),
                    |i| v.uids(i),
                    k,
                )
            }
        }
        Policy::RoundRobin => top_k(entries(c, |i| v.client_last_sent(i)), |i| v.uids(i), k),
        Policy::Nearest => top_k(
            entries(c, |i| keys::distance(v.distance(i))),
            |i| v.uids(i),
            k,
        ),
        // A candidate's share is of the ranked candidates' total weight.
        Policy::Weighted => {
            let score = state.weighted.scorer(c.iter().map(|i| v.weight(i)));
            top_k(
                entries(c, |i| score(v.client_uid(i), v.weight(i))),
                |i| v.uids(i),
                k,
            )
        }
        Policy::Percentage => top_k(
            entries(c, |i| state.percentage.key(v.client_uid(i), v.target(i))),
            |i| v.uids(i),
            k,
        ),
    }
}

/// The fast path for prices: while every price has the first one's scale, prices
/// compare as their mantissas. Records whether that held for the whole pass.
struct Uniform {
    scale: u32,
    held: Cell<bool>,
}

impl Uniform {
    fn new(first: Option<Decimal>) -> Self {
        Uniform {
            scale: first.map_or(0, |p| p.scale()),
            held: Cell::new(true),
        }
    }

    #[inline]
    fn mantissa(&self, price: Decimal) -> i128 {
        if price.scale() != self.scale {
            self.held.set(false);
        }
        price.mantissa()
    }

    fn held(&self) -> bool {
        self.held.get()
    }
}

/// Each candidate's policy key (of its position in the list) with that position.
fn entries<'a, V, P, F>(
    candidates: &'a Among<'a, V>,
    key: F,
) -> impl Iterator<Item = (P, usize)> + 'a
where
    V: CandidateView + ?Sized,
    F: Fn(usize) -> P + 'a,
{
    indexed(candidates, move |_, i| key(i))
}

/// Each candidate's policy key (of its rank `n` in the ranked set and its position `i`
/// in the list) with its position in the list; [`top_k`] reads the UID tie-breakers
/// only where the key alone does not decide.
fn indexed<'a, V, P, F>(
    candidates: &'a Among<'a, V>,
    key: F,
) -> impl Iterator<Item = (P, usize)> + 'a
where
    V: CandidateView + ?Sized,
    F: Fn(usize, usize) -> P + 'a,
{
    candidates
        .iter()
        .enumerate()
        .map(move |(n, index)| (key(n, index), index))
}
