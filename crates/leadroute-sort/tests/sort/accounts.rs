//! Step 1: a client's pick among its accounts, by automation type.

use leadroute_sort::{choose_account, choose_accounts, AutomationType, Candidate, SentMark};

use super::common::{at, cand};

#[test]
fn each_automation_type_picks_the_hand_worked_account() {
    use AutomationType::*;
    let cases: Vec<(&str, AutomationType, Vec<Candidate>, i64)> = vec![
        (
            "price_highest_wins",
            Price,
            vec![cand(1, 11, "10"), cand(1, 12, "15"), cand(1, 13, "12.99")],
            12,
        ),
        (
            "price_tie_equal_value_other_scale_lower_account",
            Price,
            vec![cand(1, 12, "15"), cand(1, 11, "15.00")],
            11,
        ),
        (
            "price_ignores_priority",
            Price,
            vec![
                cand(1, 11, "10").with_account_priority(-5),
                cand(1, 12, "11"),
            ],
            12,
        ),
        (
            "priority_lowest_number",
            Priority,
            vec![
                cand(1, 11, "50").with_account_priority(2),
                cand(1, 12, "1"),
                cand(1, 13, "9").with_account_priority(1),
            ],
            12,
        ),
        (
            "priority_negative_beats_default",
            Priority,
            vec![cand(1, 11, "9"), cand(1, 12, "1").with_account_priority(-1)],
            12,
        ),
        (
            "priority_tie_lower_account",
            Priority,
            vec![cand(1, 13, "99"), cand(1, 12, "1")],
            12,
        ),
        (
            "round_robin_never_sent_first",
            RoundRobin,
            vec![
                cand(1, 11, "1").with_account_last_sent(Some(at(5))),
                cand(1, 12, "1"),
                cand(1, 13, "1").with_account_last_sent(Some(at(1))),
            ],
            12,
        ),
        (
            "round_robin_oldest_send",
            RoundRobin,
            vec![
                cand(1, 11, "1").with_account_last_sent(Some(at(5))),
                cand(1, 12, "1").with_account_last_sent(Some(at(1))),
            ],
            12,
        ),
        (
            "round_robin_same_instant_lower_sequence",
            RoundRobin,
            vec![
                cand(1, 11, "1").with_account_last_sent_mark(Some(SentMark::new(at(1), 2))),
                cand(1, 12, "1").with_account_last_sent_mark(Some(SentMark::new(at(1), 1))),
            ],
            12,
        ),
        (
            "round_robin_never_sent_tie_lower_account",
            RoundRobin,
            vec![
                cand(1, 13, "1"),
                cand(1, 12, "1"),
                cand(1, 14, "1").with_account_last_sent(Some(at(0))),
            ],
            12,
        ),
        (
            "round_robin_uses_account_not_client_instant",
            RoundRobin,
            vec![
                cand(1, 11, "1")
                    .with_account_last_sent(Some(at(1)))
                    .with_client_last_sent(Some(at(9))),
                cand(1, 12, "1").with_account_last_sent(Some(at(2))),
            ],
            11,
        ),
    ];
    for (name, automation, accounts, expected) in cases {
        for rotation in 0..accounts.len() {
            let mut rotated = accounts.clone();
            rotated.rotate_left(rotation);
            let pick = choose_account(automation, &rotated).map(|i| rotated[i].account_uid());
            assert_eq!(pick, Some(expected), "case {name}, rotation {rotation}");
        }
    }
    assert_eq!(choose_account(AutomationType::Price, &[]), None);
}

#[test]
fn choose_accounts_picks_one_per_client_by_its_own_automation() {
    let candidates = vec![
        cand(2, 21, "30").with_account_priority(1),
        cand(1, 11, "10"),
        cand(2, 22, "5"),
        cand(1, 12, "20"),
        cand(3, 31, "1").with_account_last_sent(Some(at(3))),
        cand(3, 32, "1").with_account_last_sent(Some(at(2))),
    ];
    let automation = |client: i64| match client {
        1 => AutomationType::Price,
        2 => AutomationType::Priority,
        _ => AutomationType::RoundRobin,
    };
    let picks: Vec<i64> = choose_accounts(&candidates, automation)
        .into_iter()
        .map(|i| candidates[i].account_uid())
        .collect();
    assert_eq!(picks, [12, 22, 32]);
    assert!(choose_accounts(&[], automation).is_empty());
}
