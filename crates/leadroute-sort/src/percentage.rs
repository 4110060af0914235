//! State of the `Percentage` policy: each client's sales against its target share.
//!
//! A client's actual share is the fraction of the sales it won among the sales for
//! which it was a candidate; its shortfall is its target (an absolute percentage, not
//! rescaled to the candidates present) minus that share, counting the sale being
//! decided: `target - won / (competed + 1)`. The client with the largest shortfall
//! ranks first, ties by client UID then account UID. With an unchanging set of
//! clients whose targets add up to 100 %, this picks exactly what smooth weighted
//! round robin over the targets picks, with its bounds (see the `Weighted` policy's
//! state): no count is a whole lead or more above its target share, none is `k - 1`
//! leads or more below it, and in practice the shortfall is about one lead at most
//! (targets `[1, 5, 1, 51, 42]` leave the fourth client 1.05 leads short after 55). When the candidates' targets add up to more or less than 100 %, the
//! ranking still takes the largest shortfall, which spreads the difference evenly.
//!
//! **Joining and leaving.** Shares are computed over the sales in which the client
//! competed: while a client is away (paused, capped, not matching, not yet added) its
//! counts do not move, so on return its share is what it was and it gets no burst. A
//! new client starts at 0 of 0: its shortfall is its whole target, so it typically
//! gets the next lead, and from then on its share is measured from that point.

use std::cmp::Ordering;

use crate::candidate::{Competitor, TargetShare};
use crate::error::SortError;
use crate::uidmap::UidMap;

/// A client's record under the `Percentage` policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    won: u64,
    competed: u64,
}

impl Tally {
    /// Sales the client won.
    pub fn won(self) -> u64 {
        self.won
    }

    /// Sales for which the client was a candidate (won or not).
    pub fn competed(self) -> u64 {
        self.competed
    }
}

/// Per-client tallies of the `Percentage` policy, owned by the caller and updated
/// only by [`PercentageState::record_sale_among`]; ranking reads it and never changes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PercentageState {
    tallies: UidMap<Tally>,
}

/// A shortfall `num / den` in micro-percent (100 % is 10^8), `den >= 1`, ordered
/// largest first. `den` stays below 2^32, so both cross products fit an `i128`
/// exactly and the order is exact: equal fractions tie, whatever their terms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shortfall {
    num: i64,
    den: i64,
}

impl Shortfall {
    /// `target - won / den`, with `won <= den`. Past 2^32 - 1 sales competed for,
    /// both counts are scaled down together (the share is then compared at 2^-32).
    fn new(target_micro_percent: u64, won: u64, den: u64) -> Self {
        let (mut won, mut den) = (won.min(den), den.max(1));
        while den >= 1 << 32 {
            won >>= 1;
            den >>= 1;
        }
        // target <= 10^8 and den < 2^32, so every product stays below 2^59.
        let target = i64::try_from(target_micro_percent.min(TargetShare::WHOLE)).unwrap_or(0);
        let (won, den) = (won as i64, den as i64);
        Shortfall {
            num: target * den - won * TargetShare::WHOLE as i64,
            den,
        }
    }
}

impl PartialEq for Shortfall {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Shortfall {}

impl PartialOrd for Shortfall {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Shortfall {
    /// Larger shortfalls first: `a/b` ranks before `c/d` when `a*d > c*b`.
    fn cmp(&self, other: &Self) -> Ordering {
        let left = i128::from(self.num) * i128::from(other.den);
        let right = i128::from(other.num) * i128::from(self.den);
        right.cmp(&left)
    }
}

impl PercentageState {
    /// An empty state: every client at 0 of 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The client's tally (0 of 0 for a client never seen).
    pub fn tally(&self, client_uid: i64) -> Tally {
        self.tallies.get(&client_uid).copied().unwrap_or_default()
    }

    /// The client's actual share in percent over the sales it competed for (`None`
    /// before it competed for any).
    pub fn share_percent(&self, client_uid: i64) -> Option<f64> {
        let t = self.tally(client_uid);
        (t.competed > 0).then(|| 100.0 * t.won as f64 / t.competed as f64)
    }

    /// The number of clients with a tally on record.
    pub fn len(&self) -> usize {
        self.tallies.len()
    }

    /// Whether no sale has been recorded (or every client was forgotten).
    pub fn is_empty(&self) -> bool {
        self.tallies.is_empty()
    }

    /// Drops a client's tally; if it competes again it starts at 0 of 0.
    pub fn forget(&mut self, client_uid: i64) {
        self.tallies.remove(&client_uid);
    }

    /// Accounts one sale to `client_uid` among the competitors `pool` (the client UIDs
    /// of the candidates of the ranking it was made from, one per client): every
    /// competitor competed, the buyer won. For a lead sold to several buyers, call once
    /// per buyer. From a slice of candidates: `pool = candidates.iter().map(Competitor::of)`.
    ///
    /// # Errors
    /// [`SortError::NotACandidate`] when `client_uid` is not in `pool`; the state is
    /// then unchanged.
    pub fn record_sale_among<I>(&mut self, pool: I, client_uid: i64) -> Result<(), SortError>
    where
        I: IntoIterator<Item = Competitor>,
        I::IntoIter: Clone,
    {
        let pool = pool.into_iter();
        if !pool.clone().any(|c| c.client_uid == client_uid) {
            return Err(SortError::NotACandidate { client_uid });
        }
        for c in pool {
            let t = self.tallies.entry(c.client_uid).or_default();
            t.competed = t.competed.saturating_add(1);
        }
        let t = self.tallies.entry(client_uid).or_default();
        t.won = t.won.saturating_add(1);
        Ok(())
    }

    /// The ranking key of a candidate of client `client_uid` and target `target`: its
    /// shortfall counting the sale being decided, `target - won / (competed + 1)`.
    pub(crate) fn key(&self, client_uid: i64, target: TargetShare) -> Shortfall {
        let t = self.tally(client_uid);
        Shortfall::new(
            target.as_micro_percent(),
            t.won,
            t.competed.saturating_add(1),
        )
    }
}
