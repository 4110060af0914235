//! The active-client listing: every key in both directions, and Skip/Take.

use leadroute_sort::{list, Candidate, SortBy, SortDirection};

use super::common::{at, cand};

fn clients() -> Vec<Candidate> {
    vec![
        cand(1, 10, "20")
            .with_name("bravo")
            .with_client_priority(2)
            .with_client_last_sent(Some(at(5))),
        cand(2, 20, "10").with_name("Alpha").with_client_priority(1),
        cand(3, 30, "30")
            .with_name(" charlie ")
            .with_client_priority(1)
            .with_client_last_sent(Some(at(1))),
        cand(4, 40, "20.00")
            .with_name("alpha")
            .with_client_priority(3)
            .with_client_last_sent(Some(at(5))),
    ]
}

fn uids(candidates: &[Candidate], order: &[usize]) -> Vec<i64> {
    order.iter().map(|&i| candidates[i].client_uid()).collect()
}

#[test]
fn listing_sorts_by_each_key_in_each_direction() {
    use SortBy::*;
    use SortDirection::*;
    let cases = [
        (
            "name_ascending_case_insensitive_trimmed",
            Name,
            Ascending,
            vec![2, 4, 1, 3],
        ),
        (
            "name_descending_ties_still_ascending",
            Name,
            Descending,
            vec![3, 1, 2, 4],
        ),
        ("price_ascending", Price, Ascending, vec![2, 1, 4, 3]),
        ("price_descending", Price, Descending, vec![3, 1, 4, 2]),
        ("priority_ascending", Priority, Ascending, vec![2, 3, 1, 4]),
        (
            "priority_descending",
            Priority,
            Descending,
            vec![4, 1, 2, 3],
        ),
        (
            "last_sent_ascending_never_sent_first",
            LastSentDate,
            Ascending,
            vec![2, 3, 1, 4],
        ),
        (
            "last_sent_descending_never_sent_last",
            LastSentDate,
            Descending,
            vec![1, 4, 3, 2],
        ),
    ];
    let c = clients();
    for (name, by, direction, expected) in cases {
        assert_eq!(
            uids(&c, &list(&c, by, direction, 0, 100)),
            expected,
            "case {name}"
        );
    }
}

#[test]
fn skip_and_take_page_through_the_sorted_list() {
    let c = clients();
    let desc = SortDirection::Descending;
    let cases = [
        ("first_page", 0, 2, vec![3, 1]),
        ("middle_page", 1, 2, vec![1, 4]),
        ("last_partial_page", 3, 5, vec![2]),
        ("skip_past_the_end", 4, 5, vec![]),
        ("take_zero_returns_nothing", 0, 0, vec![]),
        ("huge_take_does_not_overflow", 1, usize::MAX, vec![1, 4, 2]),
    ];
    for (name, skip, take, expected) in cases {
        assert_eq!(
            uids(&c, &list(&c, SortBy::Price, desc, skip, take)),
            expected,
            "case {name}"
        );
    }
}
