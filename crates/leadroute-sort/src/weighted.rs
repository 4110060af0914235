//! State of the `Weighted` policy: smooth weighted round robin with per-client credit.
//!
//! Each client has a credit, in leads: the leads it was due minus the leads it got.
//! In every recorded sale, each candidate of that sale accrues its weight divided by
//! the total weight of the sale's candidates, and the buyer pays one lead. The ranking
//! orders clients by credit plus this sale's accrual, highest first (clients of weight
//! 0 after all others), ties by client UID then account UID. With an unchanging set of
//! clients this is exactly nginx's smooth weighted round robin (its `current_weight`
//! divided by the total weight), so over any prefix of decisions no client's count is a
//! whole lead or more above its weight share (a buyer had at least `1/k` of a lead of
//! credit, `k` clients, and pays one), and none is `k - 1` leads or more below it (the
//! credits sum to zero). In practice the shortfall is about one lead at most: weights
//! `[1, 5, 1, 51, 42]` leave the fourth client 1.05 leads short after 55 sales, the
//! largest in a simulation of the rule over 20,000 random target sets of up to six
//! clients and 200 sales.
//!
//! **Joining and leaving.** A client that is not among a sale's candidates (paused,
//! capped, not matching the lead, or not yet added) accrues nothing and pays nothing
//! for that sale: its credit is frozen while it is away. It re-enters with exactly the
//! credit it left with (a new client enters with 0, the neutral value), so an absence
//! neither earns a catch-up burst nor costs a penalty: its share is computed only over
//! the sales in which it competed. The bounds above are properties of an unchanging
//! set: once clients come and go, each sale's shares change with its
//! candidates, and a client's count over a prefix can stray further from the sum of
//! its shares (in random trials with one pause the largest gap seen was about 1.07
//! leads). The credits still sum to zero (within the rounding below): what
//! one client is ahead, the others are behind.
//!
//! **Arithmetic.** Credits are fixed point with 10^-32 lead resolution (saturating at
//! about 10^6 leads); the ranking compares them rounded to about 1.5 x 10^-12 lead, so values that
//! are equal in exact arithmetic (and differ only by the rounding of shares like 1/7)
//! tie and go to the lower UID, as in integer smooth weighted round robin. Clients of
//! equal weight always accrue identical amounts; for unequal weights the rounding
//! drifts by at most 10^-20 lead per unit of weight per sale, so exact ties stay exact
//! for billions of sales at ordinary weights. Results are deterministic and
//! independent of input order in every case.

use crate::candidate::{Competitor, Weight};
use crate::error::SortError;
use crate::uidmap::UidMap;

/// One lead in credit units (10^32).
const LEAD: i128 = 100_000_000_000_000_000_000_000_000_000_000;
/// The ranking compares credits in quanta of 2^67 units (about 1.5 x 10^-12 lead),
/// a power of two so that rounding is a shift, not a 128-bit division.
const QUANTUM_BITS: u32 = 67;

/// Credits of the `Weighted` policy, owned by the caller (one per lead type, say) and
/// updated only by [`WeightedState::record_sale_among`] (and its batch form,
/// [`WeightedState::record_sales_among`]). Ranking reads it and never changes it, so a
/// ranking that does not lead to a sale leaves no trace.
#[derive(Debug, Clone, Default)]
pub struct WeightedState {
    credits: UidMap<i128>,
    /// An upper bound of the magnitude of every credit ever held (it never shrinks):
    /// while it is small, the sales of one lead can be recorded in one pass over their
    /// candidates with no credit coming near saturation ([`WeightedState::record_sales_among`]).
    bound: u128,
}

/// Equal credits, whatever the history behind them.
impl PartialEq for WeightedState {
    fn eq(&self, other: &Self) -> bool {
        self.credits == other.credits
    }
}

/// Up to this magnitude of every credit (about 425,000 leads), and with at most
/// [`FUSED_MAX_TERMS`] candidate-buyer terms, every partial sum of the sales of one
/// lead stays within 2^125 + 2^126, below the `i128` limit of 2^127, so no addition
/// saturates and the order of the additions cannot matter.
const FUSED_MAX_CREDIT: u128 = 1 << 125;
/// See [`FUSED_MAX_CREDIT`]: the buyers times (candidates + 1) of one fused recording.
const FUSED_MAX_TERMS: u128 = 1 << 19;
/// The most buyers of one fused recording (one bit each in a mask).
const FUSED_MAX_BUYERS: usize = 32;

/// The ranking key of one candidate, lower first: positive weights first, then credit
/// plus accrual highest first, in one word ([`key_of`]).
pub(crate) type WeightedKey = u64;

/// The quantized credit `q` (from [`quantize`]) of a candidate with weight zero or not,
/// as one word ordered like `(zero, Reverse(q))`. A quantized `i128` lies in
/// `[-2^60, 2^60)` (an `i128` shifted right by 67 bits), so `2^60 - 1 - q` lies in
/// `[0, 2^61)` and bit 62 is free for the weight-zero flag.
#[inline]
fn key_of(zero: bool, q: i128) -> WeightedKey {
    // ok: q is in [-2^60, 2^60), so the difference is in [0, 2^61) and fits a u64
    let below = ((1i128 << 60) - 1 - q) as u64;
    u64::from(zero) << 62 | below
}

fn total_weight(weights: impl IntoIterator<Item = Weight>) -> u128 {
    weights.into_iter().map(|w| u128::from(w.as_micros())).sum()
}

/// Credit units per micro-unit of weight in a sale whose candidates weigh `total`:
/// `LEAD / total`, rounded down, so a weight `w` accrues `w * unit`, within `w`
/// units (10^-20 lead per weight unit) of its exact share, with one division per
/// ranking instead of one per candidate.
fn unit(total: u128) -> u128 {
    (LEAD as u128).checked_div(total).unwrap_or(0)
}

/// The accrual of a weight at `unit` credit units per micro-unit, in a sale whose
/// candidates weigh `total` (`unit` is `unit(total)`).
#[inline]
fn accrual(weight_micros: u64, unit: u128, total: u128) -> i128 {
    let w = u128::from(weight_micros);
    if w <= total {
        // w * unit <= total * (LEAD / total) <= LEAD: a 64 by 128-bit product that
        // cannot overflow, and fits an i128.
        i128::try_from(w * unit).unwrap_or(LEAD)
    } else {
        i128::try_from(w.saturating_mul(unit)).unwrap_or(LEAD)
    }
}

/// A credit rounded to the ranking's resolution.
fn quantize(credit: i128) -> i128 {
    // An arithmetic shift rounds toward minus infinity: with the half quantum added,
    // this rounds to the nearest quantum.
    credit.saturating_add(1 << (QUANTUM_BITS - 1)) >> QUANTUM_BITS
}

impl WeightedState {
    /// An empty state: every client at credit 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The client's credit in leads (positive: owed leads; 0 for a client never seen).
    pub fn credit(&self, client_uid: i64) -> f64 {
        self.credits
            .get(&client_uid)
            .map_or(0.0, |&c| c as f64 / LEAD as f64)
    }

    /// The number of clients with a credit on record.
    pub fn len(&self) -> usize {
        self.credits.len()
    }

    /// Whether no sale has been recorded (or every client was forgotten).
    pub fn is_empty(&self) -> bool {
        self.credits.is_empty()
    }

    /// Drops a client's credit, for a client deleted for good; if it ever competes
    /// again it starts at 0.
    pub fn forget(&mut self, client_uid: i64) {
        self.credits.remove(&client_uid);
    }

    /// Accounts one sale to `client_uid` among the competitors `pool` (each client UID
    /// and weight of the candidates of the ranking the sale was made from, one per
    /// client as step 1 leaves them): each accrues its weight share of this sale, the
    /// buyer pays one lead. For a lead sold to several buyers, call once per buyer with
    /// the same pool, or [`WeightedState::record_sales_among`] once. From a slice of
    /// candidates: `pool = candidates.iter().map(Competitor::of)`.
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
        // One pass finds the buyer and totals the weights.
        let mut found = false;
        let total = total_weight(pool.clone().map(|c| {
            found |= c.client_uid == client_uid;
            c.weight
        }));
        if !found {
            return Err(SortError::NotACandidate { client_uid });
        }
        let unit = unit(total);
        let mut bound = self.bound;
        for c in pool {
            let credit = self.credits.entry(c.client_uid).or_insert(0);
            *credit = credit.saturating_add(accrual(c.weight.as_micros(), unit, total));
            bound = bound.max(credit.unsigned_abs());
        }
        let credit = self.credits.entry(client_uid).or_insert(0);
        *credit = credit.saturating_sub(LEAD);
        self.bound = bound.max(credit.unsigned_abs());
        Ok(())
    }

    /// The sales of one lead to `buyers`, in order, among the competitors `pool`:
    /// exactly [`WeightedState::record_sale_among`] called once per buyer with the same
    /// pool, stopping at the first buyer not in the pool (whose error is returned). When
    /// every buyer is in the pool and no credit is anywhere near saturation (the usual
    /// case), each competitor's credit is updated once for all the buyers: one pass over
    /// the pool instead of one per buyer.
    ///
    /// # Errors
    /// [`SortError::NotACandidate`] for the first buyer not in `pool`; the sales of the
    /// buyers before it are recorded.
    pub fn record_sales_among<I>(&mut self, pool: I, buyers: &[i64]) -> Result<(), SortError>
    where
        I: IntoIterator<Item = Competitor>,
        I::IntoIter: Clone,
    {
        let pool = pool.into_iter();
        if self.record_sales_fused(pool.clone(), buyers) {
            return Ok(());
        }
        buyers
            .iter()
            .try_for_each(|&b| self.record_sale_among(pool.clone(), b))
    }

    /// [`WeightedState::record_sales_among`] in one pass over the pool, when it gives
    /// the same credits: 2 to [`FUSED_MAX_BUYERS`] buyers, all in the pool, and no credit
    /// near saturation. Returns whether it recorded them (else the state is unchanged).
    fn record_sales_fused<I>(&mut self, pool: I, buyers: &[i64]) -> bool
    where
        I: Iterator<Item = Competitor> + Clone,
    {
        let k = buyers.len();
        if k <= 1 || k > FUSED_MAX_BUYERS {
            return false;
        }
        // One pass finds the buyers, counts the pool and totals the weights.
        let mut found = 0u32;
        let mut n = 0u128;
        let total = total_weight(pool.clone().map(|c| {
            n += 1;
            for (j, &b) in buyers.iter().enumerate() {
                found |= u32::from(c.client_uid == b) << j;
            }
            c.weight
        }));
        let every = u32::MAX >> (32 - k);
        // ok: k <= 32 fits in u128 and in i128.
        let terms = (k as u128).saturating_mul(n + 1);
        if found != every || self.bound > FUSED_MAX_CREDIT || terms > FUSED_MAX_TERMS {
            return false;
        }
        // Every credit starts within 2^125 and moves by at most k * (n + 1) leads
        // (< 2^19 * 2^107), so every partial sum of the one-by-one recording stays
        // within 2^125 + 2^126 < 2^127: none saturates, and the sums agree.
        let unit = unit(total);
        let times = k as i128;
        let mut bound = self.bound;
        for c in pool {
            let credit = self.credits.entry(c.client_uid).or_insert(0);
            *credit += times * accrual(c.weight.as_micros(), unit, total);
            bound = bound.max(credit.unsigned_abs());
        }
        for &b in buyers {
            let credit = self.credits.entry(b).or_insert(0);
            *credit -= LEAD;
            bound = bound.max(credit.unsigned_abs());
        }
        self.bound = bound;
        true
    }

    /// The ranking key function for one ranking of candidates of weights `weights`
    /// (the total weight is computed once, here), of a candidate's client UID and
    /// weight.
    pub(crate) fn scorer(
        &self,
        weights: impl IntoIterator<Item = Weight>,
    ) -> impl Fn(i64, Weight) -> WeightedKey + '_ {
        let total = total_weight(weights);
        let unit = unit(total);
        move |client_uid, weight| {
            let w = weight.as_micros();
            let credit = self.credits.get(&client_uid).copied().unwrap_or(0);
            key_of(
                w == 0,
                quantize(credit.saturating_add(accrual(w, unit, total))),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::TargetShare;
    use proptest::prelude::*;

    fn pool(clients: &[(i64, u32)]) -> Vec<Competitor> {
        clients
            .iter()
            .map(|&(client_uid, w)| Competitor {
                client_uid,
                weight: Weight::new(f64::from(w)).unwrap_or(Weight::ZERO),
                target: TargetShare::ZERO,
            })
            .collect()
    }

    /// A state with the given starting credits (in credit units), as a long history
    /// could have left it.
    fn state(credits: &[(i64, i128)]) -> WeightedState {
        let mut s = WeightedState::new();
        for &(c, v) in credits {
            s.credits.insert(c, v);
            s.bound = s.bound.max(v.unsigned_abs());
        }
        s
    }

    #[test]
    fn two_sales_recorded_together_accrue_twice_and_charge_each_buyer() {
        // Weights 1 and 3: each sale accrues 1/4 and 3/4 of a lead.
        let p = pool(&[(1, 1), (2, 3)]);
        let mut s = WeightedState::new();
        assert_eq!(s.record_sales_among(p.clone(), &[2, 1]), Ok(()));
        assert_eq!(s.credits.get(&1), Some(&(LEAD / 2 - LEAD)));
        assert_eq!(s.credits.get(&2), Some(&(LEAD * 3 / 2 - LEAD)));
        // A buyer outside the pool: the sales before it stand, as one by one.
        let mut t = WeightedState::new();
        assert_eq!(
            t.record_sales_among(p, &[1, 9, 2]),
            Err(SortError::NotACandidate { client_uid: 9 })
        );
        assert_eq!(t.credits.get(&1), Some(&(LEAD / 4 - LEAD)));
        assert_eq!(t.credits.get(&2), Some(&(LEAD * 3 / 4)));
    }

    #[test]
    fn one_word_key_orders_like_the_pair_at_the_ends() {
        use std::cmp::Reverse;
        let ends = [i128::MIN, i128::MIN + 1, -1, 0, 1, i128::MAX - 1, i128::MAX];
        for zero_a in [false, true] {
            for zero_b in [false, true] {
                for &a in &ends {
                    for &b in &ends {
                        let (qa, qb) = (quantize(a), quantize(b));
                        assert_eq!(
                            key_of(zero_a, qa).cmp(&key_of(zero_b, qb)),
                            (zero_a, Reverse(qa)).cmp(&(zero_b, Reverse(qb))),
                            "{zero_a} {a} / {zero_b} {b}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        /// The one-word key orders any two quantized credits and weight flags as the
        /// pair `(weight is zero, Reverse(credit))` does.
        #[test]
        fn one_word_key_orders_like_the_pair(
            a in any::<i128>(), b in any::<i128>(), za in any::<bool>(), zb in any::<bool>(),
        ) {
            use std::cmp::Reverse;
            let (qa, qb) = (quantize(a), quantize(b));
            prop_assert_eq!(
                key_of(za, qa).cmp(&key_of(zb, qb)),
                (za, Reverse(qa)).cmp(&(zb, Reverse(qb)))
            );
            // Near each other too, where a random pair rarely lands.
            let qc = quantize(a.saturating_add(i128::from(b as i8) << 67));
            prop_assert_eq!(
                key_of(za, qa).cmp(&key_of(za, qc)),
                Reverse(qa).cmp(&Reverse(qc))
            );
        }

        /// Recording a lead's sales together gives exactly the credits (and the
        /// error) of recording them one by one, whatever the pool (repeated clients,
        /// zero weights), the buyers (absent ones, repeats) and the starting credits,
        /// up to saturation.
        #[test]
        fn sales_recorded_together_equal_sales_recorded_one_by_one(
            clients in proptest::collection::vec((0i64..8, 0u32..5), 1..10),
            // Positions in `clients` (its buyers); past its end, a client not in it.
            picks in proptest::collection::vec(0usize..11, 0..6),
            start in proptest::collection::vec(
                (0i64..8, prop_oneof![
                    -3i128 * LEAD..3 * LEAD,
                    Just(i128::MAX - LEAD),
                    Just(i128::MIN + LEAD),
                    Just(1i128 << 125),
                    Just((1i128 << 125) + 1),
                ]),
                0..6,
            ),
        ) {
            let p = pool(&clients);
            let buyers: Vec<i64> = picks
                .iter()
                .map(|&i| clients.get(i).map_or(100, |c| c.0))
                .collect();
            let mut together = state(&start);
            let mut apart = state(&start);
            let a = together.record_sales_among(p.clone(), &buyers);
            let b = buyers.iter().try_for_each(|&c| apart.record_sale_among(p.clone(), c));
            prop_assert_eq!(a, b);
            prop_assert_eq!(&together.credits, &apart.credits);
        }
    }
}
