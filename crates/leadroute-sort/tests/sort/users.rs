//! Evenly-distributed assignment of leads to users (SPEC.md 10).

use leadroute_sort::{assignment_order, next_user, SentMark, UserSlot};

use super::common::at;

#[test]
fn next_user_is_the_least_recently_assigned() {
    let users = [
        UserSlot::new(7, Some(at(3))),
        UserSlot::new(3, None),
        UserSlot::new(5, Some(at(1))),
        UserSlot::new(9, None),
    ];
    assert_eq!(
        next_user(&users),
        Some(3),
        "never assigned first, lower UID first"
    );
    assert_eq!(assignment_order(&users), [3, 9, 5, 7]);
    assert_eq!(next_user(&[]), None);
    assert_eq!(
        next_user(&[UserSlot::new(4, Some(at(2))), UserSlot::new(2, Some(at(2)))]),
        Some(2),
        "same instant: lower UID"
    );
}

#[test]
fn leads_assigned_at_one_instant_still_rotate_evenly() {
    let mut users: Vec<UserSlot> = [30, 10, 20]
        .into_iter()
        .map(|u| UserSlot::new(u, None))
        .collect();
    let mut assigned = Vec::new();
    for seq in 0..7u64 {
        let user = next_user(&users).expect("users exist");
        assigned.push(user);
        for slot in users.iter_mut().filter(|s| s.user_uid() == user) {
            *slot = UserSlot::with_mark(user, Some(SentMark::new(at(0), seq)));
        }
    }
    assert_eq!(assigned, [10, 20, 30, 10, 20, 30, 10]);
}
