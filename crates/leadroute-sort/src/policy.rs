//! Step 2 of selection: ranking clients by the distribution policy.
//!
//! [`rank_top`] returns the best K candidates in order (linear-time selection, then
//! sorting only the K); [`rank`] returns them all. Stateless policies compare the
//! candidates' own values; `Weighted` and `Percentage` read a [`PolicyState`] that the
//! caller owns and updates with [`PolicyState::record_sale`] after each sale. Ranking
//! never changes any state.

use std::cell::Cell;
use std::cmp::Reverse;

use crate::candidate::Candidate;
use crate::error::SortError;
use crate::keys;
use crate::names::Policy;
use crate::percentage::PercentageState;
use crate::select::{top_k, Entry};
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
        match policy {
            Policy::Weighted => self.weighted.record_sale(candidates, client_uid),
            Policy::Percentage => self.percentage.record_sale(candidates, client_uid),
            Policy::Price | Policy::Priority | Policy::RoundRobin | Policy::Nearest => {
                if candidates.iter().any(|c| c.client_uid() == client_uid) {
                    Ok(())
                } else {
                    Err(SortError::NotACandidate { client_uid })
                }
            }
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

/// The candidates a ranking reads: a whole list, or some positions of one.
struct Among<'a> {
    list: &'a [Candidate],
    among: Option<&'a [usize]>,
}

impl<'a> Among<'a> {
    fn all(list: &'a [Candidate]) -> Self {
        Among { list, among: None }
    }

    fn len(&self) -> usize {
        self.among.map_or(self.list.len(), <[usize]>::len)
    }

    /// The `n`th candidate ranked: (its position in the list, the candidate).
    #[inline]
    fn at(&self, n: usize) -> (usize, &'a Candidate) {
        let i = self.among.map_or(n, |a| a[n]);
        (i, &self.list[i])
    }

    /// (position in the list, the candidate) in ranking order.
    fn iter(&self) -> impl Iterator<Item = (usize, &'a Candidate)> + Clone + '_ {
        (0..self.len()).map(move |n| self.at(n))
    }

    fn first(&self) -> Option<&'a Candidate> {
        (self.len() > 0).then(|| self.at(0).1)
    }
}

fn rank_top_in(policy: Policy, state: &PolicyState, c: &Among<'_>, k: usize) -> Vec<usize> {
    match policy {
        Policy::Price => {
            let uniform = Uniform::new(c.first());
            let top = top_k(entries(c, |x| Reverse(uniform.mantissa(x))), k);
            if uniform.held() {
                top
            } else if let Some(prices) = keys::fixed_prices(c.iter().map(|(_, x)| x)) {
                top_k(indexed(c, |n, _| Reverse(prices[n])), k)
            } else {
                top_k(entries(c, |x| Reverse(x.price())), k)
            }
        }
        Policy::Priority => {
            let uniform = Uniform::new(c.first());
            let top = top_k(
                entries(c, |x| (x.client_priority(), Reverse(uniform.mantissa(x)))),
                k,
            );
            if uniform.held() {
                top
            } else if let Some(prices) = keys::fixed_prices(c.iter().map(|(_, x)| x)) {
                top_k(
                    indexed(c, |n, x| (x.client_priority(), Reverse(prices[n]))),
                    k,
                )
            } else {
                top_k(entries(c, |x| (x.client_priority(), Reverse(x.price()))), k)
            }
        }
        Policy::RoundRobin => top_k(entries(c, Candidate::client_last_sent), k),
        Policy::Nearest => top_k(entries(c, keys::distance), k),
        // A candidate's share is of the ranked candidates' total weight.
        Policy::Weighted => top_k(
            entries(c, state.weighted.scorer(c.iter().map(|(_, x)| x))),
            k,
        ),
        Policy::Percentage => top_k(entries(c, |x| state.percentage.key(x)), k),
    }
}

/// The fast path for prices: while every price has the first one's scale, prices
/// compare as their mantissas. Records whether that held for the whole pass.
struct Uniform {
    scale: u32,
    held: Cell<bool>,
}

impl Uniform {
    fn new(first: Option<&Candidate>) -> Self {
        Uniform {
            scale: first.map_or(0, |c| c.price().scale()),
            held: Cell::new(true),
        }
    }

    fn mantissa(&self, candidate: &Candidate) -> i128 {
        let price = candidate.price();
        if price.scale() != self.scale {
            self.held.set(false);
        }
        price.mantissa()
    }

    fn held(&self) -> bool {
        self.held.get()
    }
}

/// Each candidate's [`Entry`] under a key of the candidate alone.
fn entries<'a, P, F>(candidates: &'a Among<'a>, key: F) -> impl Iterator<Item = Entry<P>> + 'a
where
    F: Fn(&Candidate) -> P + 'a,
{
    indexed(candidates, move |_, c| key(c))
}

/// Each candidate's [`Entry`]: the policy's key (of its rank in the ranked set and the
/// candidate), the UID tie-breakers, its position in the list.
fn indexed<'a, P, F>(candidates: &'a Among<'a>, key: F) -> impl Iterator<Item = Entry<P>> + 'a
where
    F: Fn(usize, &Candidate) -> P + 'a,
{
    candidates
        .iter()
        .enumerate()
        .map(move |(n, (index, c))| Entry {
            key: key(n, c),
            client_uid: c.client_uid(),
            account_uid: c.account_uid(),
            index,
        })
}
