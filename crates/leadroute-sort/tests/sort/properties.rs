//! Properties: input-order independence, agreement with the comparators, and the
//! fairness of round robin, weighted and percentage over simulated sales.

use std::cmp::Ordering;

use leadroute_sort::{
    choose_accounts_among, choose_accounts_by_index, choose_accounts_view,
    choose_accounts_view_and_kept, compare, list, rank, rank_top, rank_top_among, rank_top_view,
    AutomationType, Candidate, CandidateView, Miles, Policy, PolicyState, SentMark, SortBy,
    SortDirection, TargetShare, Weight,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::common::{at, pairs};

/// A caller's own records read in place: the candidates' values in columns, as an
/// engine holds them, reversed so that positions differ from the slice's.
struct Columns {
    cands: Vec<Candidate>,
}

impl Columns {
    fn at(&self, i: usize) -> &Candidate {
        &self.cands[self.cands.len() - 1 - i]
    }
}

impl CandidateView for Columns {
    fn len(&self) -> usize {
        self.cands.len()
    }
    fn client_uid(&self, i: usize) -> i64 {
        self.at(i).client_uid()
    }
    fn account_uid(&self, i: usize) -> i64 {
        self.at(i).account_uid()
    }
    fn price(&self, i: usize) -> Decimal {
        self.at(i).price()
    }
    fn account_priority(&self, i: usize) -> i32 {
        self.at(i).account_priority()
    }
    fn client_priority(&self, i: usize) -> i32 {
        self.at(i).client_priority()
    }
    fn account_last_sent(&self, i: usize) -> Option<SentMark> {
        self.at(i).account_last_sent()
    }
    fn client_last_sent(&self, i: usize) -> Option<SentMark> {
        self.at(i).client_last_sent()
    }
    fn weight(&self, i: usize) -> Weight {
        self.at(i).weight()
    }
    fn target(&self, i: usize) -> TargetShare {
        self.at(i).target()
    }
    fn distance(&self, i: usize) -> Option<Miles> {
        self.at(i).distance()
    }
}

/// Candidates with few distinct values (to force ties) and unique (client, account).
fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    let one = (
        0i64..12,
        0i64..3,
        (-3i64..40, 0u32..3),
        -1i32..3,
        proptest::option::of((0i64..4, 0u64..2)),
        1u16..5,
        0u8..4,
        proptest::option::of(0u8..4),
        "[a-cA-C ]{0,3}",
    );
    proptest::collection::vec(one, 0..24).prop_map(|raw| {
        let mut seen = std::collections::HashSet::new();
        raw.into_iter()
            .filter(|r| seen.insert((r.0, r.1)))
            .map(
                |(client, account, (mantissa, scale), prio, sent, weight, target, dist, name)| {
                    Candidate::new(client, account, Decimal::new(mantissa, scale))
                        .with_client_priority(prio)
                        .with_account_priority(-prio)
                        .with_client_last_sent_mark(sent.map(|(m, seq)| SentMark::new(at(m), seq)))
                        .with_weight(Weight::from(weight))
                        .with_target(
                            TargetShare::from_percent(f64::from(target) * 10.0).expect("in range"),
                        )
                        .with_distance(
                            dist.map(|d| Miles::new(f64::from(d) * 1.5).expect("finite")),
                        )
                        .with_name(name)
                },
            )
            .collect()
    })
}

/// A state built by recording sales to the top of rankings of random subsets.
fn state_for(candidates: &[Candidate], sales: &[(u64, usize)]) -> PolicyState {
    let mut state = PolicyState::new();
    for &(mask, top) in sales {
        let subset: Vec<Candidate> = candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.clone())
            .collect();
        if subset.is_empty() {
            continue;
        }
        let buyer = subset[top % subset.len()].client_uid();
        for policy in [Policy::Weighted, Policy::Percentage] {
            state
                .record_sale(policy, &subset, buyer)
                .expect("buyer is a candidate");
        }
    }
    state
}

/// The order each stateless policy's comparator defines.
fn reference(policy: Policy, a: &Candidate, b: &Candidate) -> Ordering {
    let primary = match policy {
        Policy::Price => compare::price(a, b).reverse(),
        Policy::Priority => compare::client_priority(a, b).then(compare::price(a, b).reverse()),
        Policy::RoundRobin => compare::client_last_sent(a, b),
        Policy::Nearest => compare::distance(a, b),
        Policy::Weighted | Policy::Percentage => Ordering::Equal,
    };
    primary.then(compare::ties(a, b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn rankings_do_not_depend_on_input_order(
        cands in candidates(),
        sales in proptest::collection::vec((any::<u64>(), any::<usize>()), 0..12),
        seed in any::<u64>(),
        k in 0usize..30,
    ) {
        let state = state_for(&cands, &sales);
        let mut shuffled = cands.clone();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        for &policy in Policy::ALL {
            let a = rank(policy, &state, &cands);
            let b = rank(policy, &state, &shuffled);
            prop_assert_eq!(pairs(&cands, &a), pairs(&shuffled, &b), "{}", policy);
            let top = rank_top(policy, &state, &shuffled, k);
            prop_assert_eq!(&top[..], &b[..k.min(b.len())], "{} top {}", policy, k);
        }
        for &by in SortBy::ALL {
            for direction in [SortDirection::Ascending, SortDirection::Descending] {
                let a = list(&cands, by, direction, 0, cands.len());
                let b = list(&shuffled, by, direction, 0, shuffled.len());
                prop_assert_eq!(pairs(&cands, &a), pairs(&shuffled, &b), "{} {}", by, direction);
                let page = list(&shuffled, by, direction, k / 3, k / 2);
                let end = (k / 3 + k / 2).min(b.len());
                prop_assert_eq!(&page[..], &b[(k / 3).min(end)..end]);
            }
        }
    }

    #[test]
    fn ranking_and_choosing_some_positions_equal_doing_it_on_a_copy_of_them(
        cands in candidates(),
        sales in proptest::collection::vec((any::<u64>(), any::<usize>()), 0..12),
        mask in any::<u32>(),
        k in 0usize..30,
    ) {
        let state = state_for(&cands, &sales);
        let among: Vec<usize> = (0..cands.len()).filter(|i| mask >> i & 1 == 1).collect();
        let copy: Vec<Candidate> = among.iter().map(|&i| cands[i].clone()).collect();
        for &policy in Policy::ALL {
            let expected: Vec<usize> =
                rank_top(policy, &state, &copy, k).into_iter().map(|p| among[p]).collect();
            prop_assert_eq!(rank_top_among(policy, &state, &cands, &among, k), expected, "{}", policy);
        }
        // Each client's automation type from its UID, so both calls see the same one.
        let kinds = [AutomationType::Price, AutomationType::Priority, AutomationType::RoundRobin];
        let kind = |c: &Candidate| kinds[c.client_uid().rem_euclid(3) as usize];
        let expected: Vec<usize> = choose_accounts_by_index(&copy, |p| kind(&copy[p]))
            .into_iter()
            .map(|p| among[p])
            .collect();
        prop_assert_eq!(choose_accounts_among(&cands, &among, |i| kind(&cands[i])), expected);
    }

    /// Choosing and ranking through a [`CandidateView`] give the positions a slice of
    /// the same candidates gives, for every policy, whole or at some positions.
    #[test]
    fn a_view_of_the_candidates_chooses_and_ranks_as_the_slice(
        cands in candidates(),
        sales in proptest::collection::vec((any::<u64>(), any::<usize>()), 0..12),
        mask in any::<u32>(),
        k in 0usize..30,
    ) {
        let state = state_for(&cands, &sales);
        let view = Columns { cands: cands.clone() };
        let n = cands.len();
        // Position i of the view is position n - 1 - i of the slice.
        let back = |i: usize| n - 1 - i;
        let among_view: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
        let mut among_slice: Vec<usize> = among_view.iter().map(|&i| back(i)).collect();
        among_slice.sort_unstable();
        for &policy in Policy::ALL {
            let whole: Vec<usize> =
                rank_top_view(policy, &state, &view, None, k).into_iter().map(back).collect();
            prop_assert_eq!(whole, rank_top(policy, &state, &cands, k), "{}", policy);
            let some: Vec<usize> = rank_top_view(policy, &state, &view, Some(&among_view), k)
                .into_iter()
                .map(back)
                .collect();
            prop_assert_eq!(some, rank_top_among(policy, &state, &cands, &among_slice, k), "{}", policy);
        }
        let kinds = [AutomationType::Price, AutomationType::Priority, AutomationType::RoundRobin];
        let kind = |uid: i64| kinds[uid.rem_euclid(3) as usize];
        let uids = |list: Vec<usize>, c: &dyn Fn(usize) -> (i64, i64)| -> Vec<(i64, i64)> {
            list.into_iter().map(c).collect()
        };
        let of_view = |i: usize| (view.client_uid(i), view.account_uid(i));
        let of_slice = |i: usize| (cands[i].client_uid(), cands[i].account_uid());
        prop_assert_eq!(
            uids(choose_accounts_view(&view, None, |i| kind(view.client_uid(i))), &of_view),
            uids(choose_accounts_by_index(&cands, |i| kind(cands[i].client_uid())), &of_slice)
        );
        prop_assert_eq!(
            uids(choose_accounts_view(&view, Some(&among_view), |i| kind(view.client_uid(i))), &of_view),
            uids(choose_accounts_among(&cands, &among_slice, |i| kind(cands[i].client_uid())), &of_slice)
        );
        // Both choices in one pass, as selection makes them for exclusivity.
        let (all, kept) = choose_accounts_view_and_kept(
            &view,
            |i| kind(view.client_uid(i)),
            |i| mask >> i & 1 == 1,
        );
        prop_assert_eq!(all, choose_accounts_view(&view, None, |i| kind(view.client_uid(i))));
        prop_assert_eq!(
            kept,
            choose_accounts_view(&view, Some(&among_view), |i| kind(view.client_uid(i)))
        );
    }

    /// The one-pass choice of all accounts and of some gives the two separate choices
    /// also on lists grouped client by client (the pass that does not sort).
    #[test]
    fn choosing_all_and_kept_in_one_pass_equals_two_choices_on_grouped_lists(
        cands in candidates(),
        mask in any::<u32>(),
    ) {
        // The view reads the list backwards: descending UIDs in the list are ascending
        // in the view.
        let mut cands = cands;
        cands.sort_by_key(|c| std::cmp::Reverse(c.client_uid()));
        let view = Columns { cands: cands.clone() };
        let n = cands.len();
        let grouped = (1..n).all(|i| view.client_uid(i - 1) <= view.client_uid(i));
        prop_assert!(grouped);
        let kinds = [AutomationType::Price, AutomationType::Priority, AutomationType::RoundRobin];
        let kind = |i: usize| kinds[view.client_uid(i).rem_euclid(3) as usize];
        let among: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
        let (all, kept) = choose_accounts_view_and_kept(&view, kind, |i| mask >> i & 1 == 1);
        prop_assert_eq!(all, choose_accounts_view(&view, None, kind));
        prop_assert_eq!(kept, choose_accounts_view(&view, Some(&among), kind));
    }

    /// Step 1 by its definition: for each client UID, ascending, the account first
    /// under its automation's comparator. Lists grouped client by client take a
    /// path without sorting; both paths must give this.
    #[test]
    fn choosing_accounts_takes_each_clients_best_whether_or_not_the_list_is_grouped(
        cands in candidates(),
    ) {
        let kinds = [AutomationType::Price, AutomationType::Priority, AutomationType::RoundRobin];
        let kind = |c: &Candidate| kinds[c.client_uid().rem_euclid(3) as usize];
        let reference = |list: &[Candidate]| -> Vec<(i64, i64)> {
            let mut clients: Vec<i64> = list.iter().map(Candidate::client_uid).collect();
            clients.sort_unstable();
            clients.dedup();
            clients
                .iter()
                .map(|&client| {
                    let best = list
                        .iter()
                        .filter(|c| c.client_uid() == client)
                        .min_by(|a, b| kind(a).compare_accounts(a, b))
                        .expect("the client has an account");
                    (best.client_uid(), best.account_uid())
                })
                .collect()
        };
        let picked = |list: &[Candidate]| -> Vec<(i64, i64)> {
            choose_accounts_by_index(list, |i| kind(&list[i]))
                .into_iter()
                .map(|i| (list[i].client_uid(), list[i].account_uid()))
                .collect()
        };
        prop_assert_eq!(picked(&cands), reference(&cands));
        let mut grouped = cands.clone();
        grouped.sort_by_key(Candidate::client_uid);
        prop_assert_eq!(picked(&grouped), reference(&cands));
    }

    #[test]
    fn ranking_keys_agree_with_the_comparators(cands in candidates()) {
        for policy in [Policy::Price, Policy::Priority, Policy::RoundRobin, Policy::Nearest] {
            let ranked = rank(policy, &PolicyState::new(), &cands);
            let mut expected: Vec<usize> = (0..cands.len()).collect();
            expected.sort_by(|&i, &j| reference(policy, &cands[i], &cands[j]));
            prop_assert_eq!(ranked, expected, "{}", policy);
        }
        // The listing's keys reversed are the policies: Price descending, LastSentDate ascending.
        let empty = PolicyState::new();
        prop_assert_eq!(
            list(&cands, SortBy::Price, SortDirection::Descending, 0, cands.len()),
            rank(Policy::Price, &empty, &cands)
        );
        prop_assert_eq!(
            list(&cands, SortBy::LastSentDate, SortDirection::Ascending, 0, cands.len()),
            rank(Policy::RoundRobin, &empty, &cands)
        );
    }

    #[test]
    fn round_robin_counts_differ_by_at_most_one(
        initial in proptest::collection::vec(proptest::option::of(0i64..50), 1..9),
        leads in 0usize..80,
    ) {
        let mut cands: Vec<Candidate> = initial
            .iter()
            .enumerate()
            .map(|(i, m)| Candidate::new(i as i64 * 3, 0, Decimal::ONE).with_client_last_sent(m.map(at)))
            .collect();
        let mut counts = vec![0usize; cands.len()];
        for lead in 0..leads {
            let top = rank_top(Policy::RoundRobin, &PolicyState::new(), &cands, 1)[0];
            counts[top] += 1;
            // Several leads share one instant: the sequence orders them.
            let mark = SentMark::new(at(100 + lead as i64 / 3), lead as u64 % 3);
            cands[top] = cands[top].clone().with_client_last_sent_mark(Some(mark));
            let (min, max) = (counts.iter().min(), counts.iter().max());
            prop_assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{:?}", counts);
        }
    }

    #[test]
    fn weighted_keeps_every_count_near_its_weight_share_at_every_prefix(
        weights in proptest::collection::vec(1u16..12, 1..7),
        leads in 1usize..120,
    ) {
        let cands: Vec<Candidate> = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Candidate::new(10 - i as i64, 0, Decimal::ONE).with_weight(Weight::from(w)))
            .collect();
        let total: i64 = weights.iter().map(|&w| i64::from(w)).sum();
        let mut state = PolicyState::new();
        let mut counts = vec![0i64; cands.len()];
        // Integer nginx smooth weighted round robin as the reference sequence.
        let mut current = vec![0i64; cands.len()];
        for decision in 1..=leads as i64 {
            let top = rank_top(Policy::Weighted, &state, &cands, 1)[0];
            for (c, &w) in current.iter_mut().zip(&weights) {
                *c += i64::from(w);
            }
            let best = (0..cands.len())
                .max_by(|&a, &b| current[a].cmp(&current[b]).then(cands[b].client_uid().cmp(&cands[a].client_uid())))
                .expect("non-empty");
            current[best] -= total;
            prop_assert_eq!(top, best, "decision {}", decision);
            state.record_sale(Policy::Weighted, &cands, cands[top].client_uid()).expect("candidate");
            counts[top] += 1;
            let k = i64::try_from(weights.len()).expect("a few clients");
            for (i, &w) in weights.iter().enumerate() {
                // Never a whole lead above the share (a buyer had at least 1/k of a lead
                // of credit and pays one); below it by at most k - 1 (credits sum to 0).
                let over = counts[i] * total - decision * i64::from(w);
                prop_assert!(over < total && -over <= (k - 1) * total,
                    "client {} count {} after {} decisions, weights {:?}", i, counts[i], decision, weights);
            }
        }
    }

    /// A client away from some sales (paused, capped, not matching) keeps the credit it
    /// left with: the absence earns no catch-up and costs no penalty, and the credits of
    /// all clients ever seen still sum to zero. While the set of candidates is unchanged
    /// from the start, no count is a whole lead above its weight share. (Within one
    /// lead of the share over the sales competed in is not a bound once the set changes:
    /// weights [7, 7, 1, 7, 1], the third client away for sales 8 to 11, leaves the fourth
    /// 1.012 leads short at sale 13. Smooth weighted round robin promises the bound only
    /// for a fixed set, and no rule that decides sale by sale can promise it for every
    /// sequence of changing sets.)
    #[test]
    fn weighted_pause_freezes_the_credit_and_earns_no_catch_up(
        weights in proptest::collection::vec(1u16..12, 2..7),
        removed in any::<prop::sample::Index>(),
        before in 0usize..30,
        away in 1usize..30,
        after in 1usize..60,
    ) {
        let all: Vec<Candidate> = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Candidate::new(i as i64, 0, Decimal::ONE).with_weight(Weight::from(w)))
            .collect();
        let r = removed.index(all.len());
        let without: Vec<Candidate> = all.iter().filter(|c| c.client_uid() != r as i64).cloned().collect();
        let mut state = PolicyState::new();
        let mut counts = vec![0f64; all.len()];
        let mut fair = vec![0f64; all.len()];
        let mut left_with = None;
        let schedule = std::iter::repeat_n(&all, before)
            .chain(std::iter::repeat_n(&without, away))
            .chain(std::iter::repeat_n(&all, after));
        for (decision, cands) in schedule.enumerate() {
            if decision == before {
                left_with = Some(state.weighted().credit(r as i64));
            }
            if decision == before + away {
                prop_assert_eq!(Some(state.weighted().credit(r as i64)), left_with,
                    "the credit changed while the client was away");
            }
            let top = rank_top(Policy::Weighted, &state, cands, 1)[0];
            let buyer = cands[top].client_uid();
            state.record_sale(Policy::Weighted, cands, buyer).expect("candidate");
            if decision >= before && decision < before + away {
                prop_assert_eq!(Some(state.weighted().credit(r as i64)), left_with,
                    "decision {}: the absent client's credit moved", decision);
            }
            let total: f64 = cands.iter().map(|c| c.weight().as_f64()).sum();
            for c in cands {
                fair[c.client_uid() as usize] += c.weight().as_f64() / total;
            }
            counts[buyer as usize] += 1.0;
            let sum: f64 = (0..all.len()).map(|i| state.weighted().credit(i as i64)).sum();
            prop_assert!(sum.abs() < 1e-9, "decision {}: credits sum to {}", decision, sum);
            for i in 0..all.len() {
                // The credit is the share owed minus the leads sold, whatever the set.
                let credit = state.weighted().credit(i as i64);
                prop_assert!((credit - (fair[i] - counts[i])).abs() < 1e-9,
                    "decision {}: client {} credit {} against share {} and count {}",
                    decision, i, credit, fair[i], counts[i]);
                if decision < before {
                    // The fixed-set bounds: under a lead above the share, at most k - 1 below.
                    let k = all.len() as f64;
                    prop_assert!(counts[i] - fair[i] < 1.0 - 1e-9 && fair[i] - counts[i] <= k - 1.0 + 1e-9,
                        "decision {}: client {} has {} leads, share {}", decision, i, counts[i], fair[i]);
                }
            }
        }
    }

    /// Round robin orders by last-sent instant (SPEC.md 8), so a client back from a
    /// pause is the oldest and takes the next lead; that one lead is all it gets before
    /// every other client has had one: from the return on, the counts of all clients
    /// differ by at most one at every prefix. (Fair share over the decisions competed
    /// in, as for `Weighted`, is not a bound here: a client sold the first of six leads,
    /// paused, then returned, takes the next lead again with 2 leads against a share
    /// of 1/3. That is the rule of SPEC.md 8, not a burst.)
    #[test]
    fn round_robin_pause_and_return_gives_one_lead_then_the_rotation(
        n in 2usize..7,
        removed in any::<prop::sample::Index>(),
        before in 0usize..30,
        away in 1usize..30,
        after in 1usize..60,
    ) {
        let mut all: Vec<Candidate> =
            (0..n).map(|i| Candidate::new(i as i64, 0, Decimal::ONE)).collect();
        let r = removed.index(n);
        let mut since_return = vec![0usize; n];
        let phases = std::iter::repeat_n(true, before)
            .chain(std::iter::repeat_n(false, away))
            .chain(std::iter::repeat_n(true, after));
        for (decision, with_r) in phases.enumerate() {
            let cands: Vec<Candidate> = all
                .iter()
                .filter(|c| with_r || c.client_uid() != r as i64)
                .cloned()
                .collect();
            let top = rank_top(Policy::RoundRobin, &PolicyState::new(), &cands, 1)[0];
            let buyer = cands[top].client_uid() as usize;
            prop_assert!(with_r || buyer != r, "an absent client is never picked");
            let mark = SentMark::new(at(100 + decision as i64), 0);
            all[buyer] = all[buyer].clone().with_client_last_sent_mark(Some(mark));
            if decision >= before + away {
                since_return[buyer] += 1;
                let (min, max) = (since_return.iter().min(), since_return.iter().max());
                prop_assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1),
                    "decision {}: counts since the return {:?}", decision, since_return);
            }
        }
    }

    #[test]
    fn percentage_keeps_every_count_near_its_target_at_every_prefix(
        cuts in proptest::collection::vec(0u8..=100, 0..5),
        leads in 1usize..200,
    ) {
        // Targets from cutting 0..100 at random points: they add up to 100.
        let mut points: Vec<i64> = cuts.iter().map(|&c| i64::from(c)).collect();
        points.extend([0, 100]);
        points.sort_unstable();
        let targets: Vec<i64> = points.windows(2).map(|w| w[1] - w[0]).collect();
        let cands: Vec<Candidate> = targets
            .iter()
            .enumerate()
            .map(|(i, &t)| Candidate::new(i as i64, 0, Decimal::ONE)
                .with_target(TargetShare::from_percent(t as f64).expect("in range")))
            .collect();
        let mut state = PolicyState::new();
        let mut counts = vec![0i64; cands.len()];
        for decision in 1..=leads as i64 {
            let top = rank_top(Policy::Percentage, &state, &cands, 1)[0];
            state.record_sale(Policy::Percentage, &cands, cands[top].client_uid()).expect("candidate");
            counts[top] += 1;
            let k = i64::try_from(targets.len()).expect("a few clients");
            for (i, &t) in targets.iter().enumerate() {
                // At every prefix: never a whole lead above the target share, below it
                // by at most k - 1 leads (the bounds of smooth weighted round robin).
                let over = counts[i] * 100 - decision * t;
                prop_assert!(over < 100 && -over <= (k - 1) * 100,
                    "client {} count {} after {}, targets {:?}", i, counts[i], decision, targets);
            }
        }
    }
}

/// The case that showed "within one lead" to be no bound of smooth weighted round
/// robin: targets 1, 5, 1, 51 and 42 %, every client in every sale. Worked out from the
/// rule (largest `target - won / (competed + 1)`, ties by ClientUID): after 55 sales the
/// fourth client has 27 of its 28.05, 1.05 leads short; the `Weighted` policy over the
/// same numbers as weights picks the same sequence.
#[test]
fn percentage_and_weighted_can_fall_just_over_a_lead_short() {
    let targets = [1i64, 5, 1, 51, 42];
    for policy in [Policy::Percentage, Policy::Weighted] {
        let cands: Vec<Candidate> = targets
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                Candidate::new(i as i64, 0, Decimal::ONE)
                    .with_target(TargetShare::from_percent(t as f64).expect("in range"))
                    .with_weight(Weight::from(t as u16))
            })
            .collect();
        let mut state = PolicyState::new();
        let mut counts = [0i64; 5];
        for _ in 0..55 {
            let top = rank_top(policy, &state, &cands, 1)[0];
            state
                .record_sale(policy, &cands, cands[top].client_uid())
                .expect("candidate");
            counts[top] += 1;
        }
        assert_eq!(counts[3], 27, "{policy:?} {counts:?}");
        assert_eq!(counts.iter().sum::<i64>(), 55);
    }
}
