//! Step 2: hand-worked rankings for every policy, including ties, and the state rules.

use leadroute_sort::{
    rank_top, Candidate, Miles, Policy, PolicyState, SentMark, SortError, TargetShare, Weight,
};

use super::common::{at, cand, check};

fn miles(m: f64) -> Option<Miles> {
    Some(Miles::new(m).expect("test distance"))
}

/// A named case: policy, candidates, expected (client, account) order.
type RankCase = (&'static str, Policy, Vec<Candidate>, Vec<(i64, i64)>);

#[test]
fn stateless_policies_rank_as_worked_by_hand() {
    use Policy::*;
    let empty = PolicyState::new();
    let cases: Vec<RankCase> = vec![
        (
            "price_high_to_low",
            Price,
            vec![cand(1, 10, "10"), cand(2, 20, "30"), cand(3, 30, "20")],
            vec![(2, 20), (3, 30), (1, 10)],
        ),
        (
            "price_ties_by_client_then_account",
            Price,
            vec![
                cand(5, 50, "20"),
                cand(2, 21, "20.0"),
                cand(2, 20, "20"),
                cand(3, 30, "25"),
            ],
            vec![(3, 30), (2, 20), (2, 21), (5, 50)],
        ),
        (
            "price_mixed_scales_and_negative",
            Price,
            vec![
                cand(1, 1, "-1"),
                cand(2, 2, "0.5"),
                cand(3, 3, "0.25"),
                cand(4, 4, "0.500"),
            ],
            vec![(2, 2), (4, 4), (3, 3), (1, 1)],
        ),
        (
            "priority_ascending_then_price_descending",
            Priority,
            vec![
                cand(1, 10, "50").with_client_priority(2),
                cand(2, 20, "10").with_client_priority(1),
                cand(3, 30, "30").with_client_priority(1),
                cand(4, 40, "1").with_client_priority(-1),
            ],
            vec![(4, 40), (3, 30), (2, 20), (1, 10)],
        ),
        (
            "priority_and_price_tie_by_client",
            Priority,
            vec![cand(2, 20, "10"), cand(1, 10, "10.00")],
            vec![(1, 10), (2, 20)],
        ),
        (
            "round_robin_never_sent_first_then_oldest",
            RoundRobin,
            vec![
                cand(1, 10, "9").with_client_last_sent(Some(at(2))),
                cand(2, 20, "1"),
                cand(3, 30, "1").with_client_last_sent(Some(at(1))),
                cand(4, 40, "1"),
            ],
            vec![(2, 20), (4, 40), (3, 30), (1, 10)],
        ),
        (
            "round_robin_same_instant_by_sequence_then_client",
            RoundRobin,
            vec![
                cand(1, 10, "1").with_client_last_sent_mark(Some(SentMark::new(at(1), 1))),
                cand(2, 20, "1").with_client_last_sent_mark(Some(SentMark::new(at(1), 0))),
                cand(3, 30, "1").with_client_last_sent(Some(at(1))),
            ],
            vec![(2, 20), (3, 30), (1, 10)],
        ),
        (
            "round_robin_ignores_account_instant",
            RoundRobin,
            vec![
                cand(1, 10, "1")
                    .with_client_last_sent(Some(at(5)))
                    .with_account_last_sent(None),
                cand(2, 20, "1")
                    .with_client_last_sent(Some(at(4)))
                    .with_account_last_sent(Some(at(9))),
            ],
            vec![(2, 20), (1, 10)],
        ),
        (
            "nearest_ascending_unknown_last_ties_by_client",
            Nearest,
            vec![
                cand(1, 10, "1").with_distance(miles(5.0)),
                cand(2, 20, "1"),
                cand(3, 30, "1").with_distance(miles(2.5)),
                cand(4, 40, "1").with_distance(miles(5.0)),
                cand(5, 50, "1").with_distance(miles(-0.0)),
                cand(6, 60, "1"),
            ],
            vec![(5, 50), (3, 30), (1, 10), (4, 40), (2, 20), (6, 60)],
        ),
        ("empty_candidate_list", Price, vec![], vec![]),
    ];
    for (name, policy, candidates, expected) in cases {
        check(name, policy, &empty, &candidates, &expected);
    }
}

/// Runs `decisions` sales: rank, sell to the top, record the sale.
fn winners(policy: Policy, candidates: &[Candidate], decisions: usize) -> Vec<i64> {
    let mut state = PolicyState::new();
    let mut sold = Vec::new();
    for _ in 0..decisions {
        let top = rank_top(policy, &state, candidates, 1)[0];
        let client = candidates[top].client_uid();
        state
            .record_sale(policy, candidates, client)
            .expect("buyer is a candidate");
        sold.push(client);
    }
    sold
}

fn weighted(client: i64, weight: f64) -> Candidate {
    cand(client, client * 10, "1").with_weight(Weight::new(weight).expect("test weight"))
}

fn targeted(client: i64, percent: f64) -> Candidate {
    cand(client, client * 10, "1")
        .with_target(TargetShare::from_percent(percent).expect("test target"))
}

#[test]
fn weighted_sequences_match_smooth_weighted_round_robin_by_hand() {
    let cases: Vec<(&str, Vec<Candidate>, Vec<i64>)> = vec![
        // nginx's documented example: weights 5, 1, 1 give a a b a c a a.
        (
            "nginx_5_1_1",
            vec![weighted(1, 5.0), weighted(2, 1.0), weighted(3, 1.0)],
            vec![1, 1, 2, 1, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1],
        ),
        // 3, 2, 1: at the third decision 1 and 3 tie at 3/6 (1/6 is not exact in fixed point).
        (
            "weights_3_2_1_tie_at_third",
            vec![weighted(1, 3.0), weighted(2, 2.0), weighted(3, 1.0)],
            vec![1, 2, 1, 3, 2, 1, 1, 2, 1, 3, 2, 1],
        ),
        (
            "equal_weights_rotate_by_uid",
            vec![weighted(3, 1.0), weighted(1, 1.0), weighted(2, 1.0)],
            vec![1, 2, 3, 1, 2, 3],
        ),
        (
            "weights_2_1",
            vec![weighted(1, 2.0), weighted(2, 1.0)],
            vec![1, 2, 1, 1, 2, 1],
        ),
        (
            "fractional_weights_like_3_1",
            vec![weighted(2, 0.5), weighted(1, 1.5)],
            vec![1, 1, 2, 1, 1, 1, 2, 1],
        ),
        (
            "zero_weight_is_a_backup",
            vec![weighted(1, 0.0), weighted(2, 1.0)],
            vec![2, 2, 2],
        ),
        (
            "only_zero_weights_take_turns",
            vec![weighted(2, 0.0), weighted(1, 0.0)],
            vec![1, 2, 1, 2],
        ),
    ];
    for (name, candidates, expected) in cases {
        assert_eq!(
            winners(Policy::Weighted, &candidates, expected.len()),
            expected,
            "case {name}"
        );
    }
}

#[test]
fn percentage_sequences_follow_the_largest_shortfall_by_hand() {
    let cases: Vec<(&str, Vec<Candidate>, Vec<i64>)> = vec![
        (
            "fifty_fifty_alternates",
            vec![targeted(2, 50.0), targeted(1, 50.0)],
            vec![1, 2, 1, 2, 1, 2],
        ),
        // 1: .75 vs .25 -> 1; then .75-1/2 = .25 vs .25 tie -> 1; .75-2/3 vs .25 -> 2;
        // .75-2/4 = .25 vs .25-1/4 = 0 -> 1.
        (
            "seventy_five_twenty_five",
            vec![targeted(1, 75.0), targeted(2, 25.0)],
            vec![1, 1, 2, 1, 1, 1, 2, 1],
        ),
        (
            "zero_target_only_when_alone_short",
            vec![targeted(1, 0.0), targeted(2, 100.0)],
            vec![2, 2, 2, 2],
        ),
    ];
    for (name, candidates, expected) in cases {
        assert_eq!(
            winners(Policy::Percentage, &candidates, expected.len()),
            expected,
            "case {name}"
        );
    }
}

#[test]
fn percentage_new_client_starts_with_its_whole_target_as_shortfall() {
    let policy = Policy::Percentage;
    let old = [targeted(1, 40.0), targeted(2, 40.0)];
    let mut state = PolicyState::new();
    for client in [1, 2, 1, 2] {
        state.record_sale(policy, &old, client).expect("candidate");
    }
    // 1 and 2: 40 % - 2/5 = 0; newcomer 3: 20 % - 0/1 = 20 %.
    let all = [targeted(1, 40.0), targeted(2, 40.0), targeted(3, 20.0)];
    check(
        "newcomer_first",
        policy,
        &state,
        &all,
        &[(3, 30), (1, 10), (2, 20)],
    );
    assert_eq!(state.percentage().tally(1).won(), 2);
    assert_eq!(state.percentage().tally(1).competed(), 4);
    assert_eq!(state.percentage().share_percent(3), None);
}

#[test]
fn weighted_credit_is_frozen_while_a_client_is_away() {
    let policy = Policy::Weighted;
    let all = [weighted(1, 1.0), weighted(2, 1.0), weighted(3, 1.0)];
    let mut state = PolicyState::new();
    state.record_sale(policy, &all, 1).expect("candidate");
    let credit_3 = state.weighted().credit(3);
    assert!((credit_3 - 1.0 / 3.0).abs() < 1e-12);
    // Client 3 is away for ten sales: its credit does not move.
    let without_3 = [weighted(1, 1.0), weighted(2, 1.0)];
    for _ in 0..10 {
        let top = rank_top(policy, &state, &without_3, 1)[0];
        state
            .record_sale(policy, &without_3, without_3[top].client_uid())
            .expect("candidate");
    }
    assert_eq!(state.weighted().credit(3), credit_3);
    // Back, it is owed a third of a lead: it gets the next lead and then waits its turn.
    let next: Vec<i64> = (0..3)
        .map(|_| {
            let top = rank_top(policy, &state, &all, 1)[0];
            let client = all[top].client_uid();
            state.record_sale(policy, &all, client).expect("candidate");
            client
        })
        .collect();
    assert_eq!(next.iter().filter(|&&c| c == 3).count(), 1, "{next:?}");
}

#[test]
fn recording_a_sale_for_a_non_candidate_is_an_error_and_changes_nothing() {
    let candidates = [weighted(1, 1.0), weighted(2, 3.0)];
    let mut state = PolicyState::new();
    state
        .record_sale(Policy::Weighted, &candidates, 2)
        .expect("candidate");
    state
        .record_sale(Policy::Percentage, &candidates, 1)
        .expect("candidate");
    let before = state.clone();
    for &policy in Policy::ALL {
        assert_eq!(
            state.record_sale(policy, &candidates, 9),
            Err(SortError::NotACandidate { client_uid: 9 }),
            "{policy}"
        );
        // A ranking that leads to no sale changes nothing either.
        let _ = rank_top(policy, &state, &candidates, 2);
        assert_eq!(state, before, "{policy}");
    }
    assert_eq!(state.record_sale(Policy::Price, &candidates, 1), Ok(()));
    assert_eq!(state, before, "stateless policies keep no state");
    state.forget(1);
    assert_eq!(state.weighted().credit(1), 0.0);
    assert_eq!(state.percentage().tally(1).won(), 0);
}

#[test]
fn out_of_range_values_are_rejected() {
    for bad in [-1.0, f64::NAN, f64::INFINITY, 1e7] {
        assert!(
            matches!(
                Weight::new(bad),
                Err(SortError::OutOfRange {
                    quantity: "Weight",
                    ..
                })
            ),
            "{bad}"
        );
    }
    for bad in [-0.1, 100.5, f64::NAN] {
        assert!(TargetShare::from_percent(bad).is_err(), "{bad}");
    }
    for bad in [-2.0, f64::NEG_INFINITY, f64::NAN] {
        assert!(Miles::new(bad).is_err(), "{bad}");
    }
    assert_eq!(Weight::new(2.5).map(Weight::as_f64), Ok(2.5));
    assert_eq!(
        TargetShare::from_percent(12.5).map(TargetShare::as_percent),
        Ok(12.5)
    );
}
