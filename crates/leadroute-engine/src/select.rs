//! Selection (SPEC.md section 8): from the eligible accounts to the buyers of a lead.
//!
//! 1. Each client picks one of its eligible accounts by its `AutomationType`.
//! 2. The picks are ranked by the lead type's distribution policy.
//! 3. At most N buyers: the campaign's `MaxSell` minus the lead's valid sends
//!    (`AllowOverMax` lifts the limit).
//! 4. Exclusivity: if the top client's pick is exclusive, it buys alone. Otherwise the
//!    exclusive accounts are removed, each client picks again among the rest, the
//!    picks are ranked again and the top N buy. With `IgnoreExclusive` no account is
//!    treated as exclusive.

use leadroute_sort::{
    choose_accounts_view, choose_accounts_view_and_kept, rank_top_view, AutomationType,
    CandidateView, Policy, PolicyState,
};

/// The eligible accounts of a lead as selection reads them, by position: each one's
/// ranking values ([`CandidateView`]), whether it is exclusive and its client's
/// automation type. The engine reads them in place from its compiled accounts and
/// state; the unit tests hold them as built candidates.
pub(crate) trait Eligible: CandidateView {
    /// Whether the account at `i` is exclusive.
    fn exclusive(&self, i: usize) -> bool;
    /// The automation type of the client of the account at `i`.
    fn automation(&self, i: usize) -> AutomationType;
}

/// The buyers chosen for a lead: indices into the eligible list, best first, and
/// whether the sale is exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection {
    pub buyers: Vec<usize>,
    pub exclusive: bool,
    /// The candidates that were ranked for the final choice (one per client), as
    /// indices into the eligible list: the stateful policies record sales over them.
    pub ranked_pool: Vec<usize>,
}

/// The eligible list in scan order: clients in policy order (by each client's pick),
/// each client's accounts in its automation order.
pub(crate) fn scan_order<E: Eligible + ?Sized>(
    picks: &E,
    policy: Policy,
    state: &PolicyState,
) -> Vec<usize> {
    if picks.is_empty() {
        return Vec::new();
    }
    let chosen = choose_accounts_view(picks, None, |i| picks.automation(i));
    let client_order = rank_top_view(policy, state, picks, Some(&chosen), chosen.len());
    let mut out = Vec::with_capacity(picks.len());
    for pick in client_order {
        let client = picks.client_uid(pick);
        let automation = picks.automation(pick);
        let mut mine: Vec<usize> = (0..picks.len())
            .filter(|&i| picks.client_uid(i) == client)
            .collect();
        mine.sort_by(|&a, &b| automation.compare_accounts_in(picks, a, b));
        out.extend(mine);
    }
    out
}

/// Chooses the buyers among `picks` (every eligible account of the lead).
pub(crate) fn select<E: Eligible + ?Sized>(
    picks: &E,
    policy: Policy,
    state: &PolicyState,
    max_buyers: usize,
    ignore_exclusive: bool,
) -> Selection {
    let empty = Selection {
        buyers: Vec::new(),
        exclusive: false,
        ranked_pool: Vec::new(),
    };
    let n = picks.len();
    if n == 0 || max_buyers == 0 {
        return empty;
    }
    if ignore_exclusive || !(0..n).any(|i| picks.exclusive(i)) {
        // No account is treated as exclusive: the second ranking of step 4 would rank
        // the same pool again, so rank once for the top N.
        let (pool, buyers) = pick_and_rank(picks, policy, state, max_buyers);
        return Selection {
            buyers,
            exclusive: false,
            ranked_pool: pool,
        };
    }
    // Step 1 for every account and for the non-exclusive ones, in one pass: the second
    // is needed when the top pick is not exclusive.
    let (pool, rest) =
        choose_accounts_view_and_kept(picks, |i| picks.automation(i), |i| !picks.exclusive(i));
    let top = rank_top_view(policy, state, picks, Some(&pool), 1);
    let Some(&first) = top.first() else {
        return empty;
    };
    if picks.exclusive(first) {
        return Selection {
            buyers: vec![first],
            exclusive: true,
            ranked_pool: pool,
        };
    }
    let buyers = rank_top_view(policy, state, picks, Some(&rest), max_buyers);
    Selection {
        buyers,
        exclusive: false,
        ranked_pool: rest,
    }
}

/// Step 1 then step 2 over every account of `picks`: returns the one-per-client pool
/// (indices into `picks`) and its top `k`, best first. The candidates are read in
/// place, never copied.
fn pick_and_rank<E: Eligible + ?Sized>(
    picks: &E,
    policy: Policy,
    state: &PolicyState,
    k: usize,
) -> (Vec<usize>, Vec<usize>) {
    let pool = choose_accounts_view(picks, None, |i| picks.automation(i));
    let top = rank_top_view(policy, state, picks, Some(&pool), k);
    (pool, top)
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadroute_sort::{Candidate, Miles, SentMark, TargetShare, Weight};
    use rust_decimal::Decimal;

    /// Eligible accounts as built candidates, in parallel lists: what the unit tests
    /// select from.
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Picks {
        pub cands: Vec<Candidate>,
        pub exclusive: Vec<bool>,
        /// The automation type of each candidate's client.
        pub automation: Vec<AutomationType>,
    }

    impl Picks {
        /// Adds an account, with its exclusivity and its client's automation type.
        pub(crate) fn push(
            &mut self,
            candidate: Candidate,
            exclusive: bool,
            automation: AutomationType,
        ) {
            self.cands.push(candidate);
            self.exclusive.push(exclusive);
            self.automation.push(automation);
        }
    }

    impl CandidateView for Picks {
        fn len(&self) -> usize {
            self.cands.len()
        }
        fn client_uid(&self, i: usize) -> i64 {
            self.cands[i].client_uid()
        }
        fn account_uid(&self, i: usize) -> i64 {
            self.cands[i].account_uid()
        }
        fn price(&self, i: usize) -> Decimal {
            self.cands[i].price()
        }
        fn account_priority(&self, i: usize) -> i32 {
            self.cands[i].account_priority()
        }
        fn client_priority(&self, i: usize) -> i32 {
            self.cands[i].client_priority()
        }
        fn account_last_sent(&self, i: usize) -> Option<SentMark> {
            self.cands[i].account_last_sent()
        }
        fn client_last_sent(&self, i: usize) -> Option<SentMark> {
            self.cands[i].client_last_sent()
        }
        fn weight(&self, i: usize) -> Weight {
            self.cands[i].weight()
        }
        fn target(&self, i: usize) -> TargetShare {
            self.cands[i].target()
        }
        fn distance(&self, i: usize) -> Option<Miles> {
            self.cands[i].distance()
        }
    }

    impl Eligible for Picks {
        fn exclusive(&self, i: usize) -> bool {
            self.exclusive[i]
        }
        fn automation(&self, i: usize) -> AutomationType {
            self.automation[i]
        }
    }

    fn picks(list: &[(i64, i64, i64, bool)]) -> Picks {
        let mut p = Picks::default();
        for &(client, account, price, exclusive) in list {
            p.push(
                Candidate::new(client, account, Decimal::from(price)),
                exclusive,
                AutomationType::Price,
            );
        }
        p
    }

    #[test]
    fn exclusive_top_pick_buys_alone() {
        let picks = picks(&[(1, 10, 50, true), (2, 20, 40, false), (3, 30, 30, false)]);
        let s = select(&picks, Policy::Price, &PolicyState::new(), 3, false);
        assert_eq!(s.buyers, vec![0]);
        assert!(s.exclusive);
    }

    #[test]
    fn exclusive_accounts_are_removed_when_not_on_top_and_clients_pick_again() {
        // Client 1's best account (60) is exclusive but client 2 (70) tops the ranking:
        // client 1 then picks again among its non-exclusive accounts (45).
        let picks = picks(&[
            (1, 10, 60, true),
            (1, 11, 45, false),
            (2, 20, 70, false),
            (3, 30, 50, true),
        ]);
        let s = select(&picks, Policy::Price, &PolicyState::new(), 2, false);
        assert_eq!(s.buyers, vec![2, 1]);
        assert!(!s.exclusive);
    }

    #[test]
    fn max_buyers_limits_and_zero_sells_nothing() {
        let picks = picks(&[(1, 10, 10, false), (2, 20, 20, false), (3, 30, 30, false)]);
        let s = select(&picks, Policy::Price, &PolicyState::new(), 2, false);
        assert_eq!(s.buyers, vec![2, 1]);
        let s = select(&picks, Policy::Price, &PolicyState::new(), 0, false);
        assert!(s.buyers.is_empty());
    }

    #[test]
    fn scan_order_groups_accounts_under_their_client() {
        let picks = picks(&[(1, 10, 10, false), (2, 20, 20, false), (1, 11, 30, false)]);
        let order = scan_order(&picks, Policy::Price, &PolicyState::new());
        // Client 1's pick (30) outranks client 2 (20); client 1's accounts by price.
        assert_eq!(order, vec![2, 0, 1]);
    }

    /// SPEC.md 8 steps 1-4 as written, over copied candidates: each client picks among
    /// all its accounts, the picks are ranked; an exclusive top pick buys alone, else
    /// the clients pick again among their non-exclusive accounts and the top N buy.
    fn reference(p: &Picks, policy: Policy, max_buyers: usize) -> (Vec<usize>, bool) {
        if p.cands.is_empty() || max_buyers == 0 {
            return (Vec::new(), false);
        }
        let auto = |i: usize| p.automation[i];
        let picks = leadroute_sort::choose_accounts_by_index(&p.cands, auto);
        let state = PolicyState::new();
        let top = leadroute_sort::rank_top_among(policy, &state, &p.cands, &picks, 1);
        if top.first().is_some_and(|&t| p.exclusive[t]) {
            return (top, true);
        }
        let kept: Vec<usize> = (0..p.cands.len()).filter(|&i| !p.exclusive[i]).collect();
        let rest = leadroute_sort::choose_accounts_among(&p.cands, &kept, auto);
        let buyers = leadroute_sort::rank_top_among(policy, &state, &p.cands, &rest, max_buyers);
        (buyers, false)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Selection, with its shortcut (one ranking when no account is exclusive) and
        /// its one pass choosing among all and among non-exclusive accounts, chooses
        /// what the steps as written choose.
        #[test]
        fn selection_equals_the_steps_as_written(
            accounts in proptest::collection::vec(
                (1i64..5, 0i64..6, proptest::bool::weighted(0.3), 0u8..3),
                0..12,
            ),
            max_buyers in 0usize..4,
            by_priority in proptest::bool::ANY,
        ) {
            let mut p = Picks::default();
            for (n, &(client, price, exclusive, automation)) in accounts.iter().enumerate() {
                let automation = [
                    AutomationType::Price,
                    AutomationType::Priority,
                    AutomationType::RoundRobin,
                ][usize::from(automation)];
                // One automation type per client, as the engine reads it.
                let automation = p
                    .cands
                    .iter()
                    .position(|c| c.client_uid() == client)
                    .map_or(automation, |i| p.automation[i]);
                // ok: n < 12
                let account = client * 100 + n as i64;
                p.push(
                    Candidate::new(client, account, Decimal::from(price * 5)),
                    exclusive,
                    automation,
                );
            }
            let policy = if by_priority { Policy::Priority } else { Policy::Price };
            let s = select(&p, policy, &PolicyState::new(), max_buyers, false);
            proptest::prop_assert_eq!((s.buyers, s.exclusive), reference(&p, policy, max_buyers));
        }
    }
}
