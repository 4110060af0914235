//! Evenly-distributed assignment: each lead goes to the user assigned least recently.
//!
//! SPEC.md section 10 defines the scheme as the `RoundRobin` policy applied to the
//! lead type's users instead of clients: never-assigned users first, then the oldest
//! latest assignment, ties by user UID ascending. The caller keeps each user's latest
//! assignment (with its position among assignments at the same instant, when several
//! leads are assigned at one instant) and updates it after assigning.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::candidate::{Candidate, SentMark};
use crate::names::Policy;
use crate::policy::{rank_top, PolicyState};

/// A user who can be assigned leads, with their latest assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserSlot {
    user_uid: i64,
    last_assigned: Option<SentMark>,
}

impl UserSlot {
    /// A user last assigned at `last_assigned` (`None`: never assigned).
    pub fn new(user_uid: i64, last_assigned: Option<DateTime<Utc>>) -> Self {
        UserSlot {
            user_uid,
            last_assigned: last_assigned.map(SentMark::from),
        }
    }

    /// A user whose latest assignment has a position among assignments at the same
    /// instant.
    pub fn with_mark(user_uid: i64, last_assigned: Option<SentMark>) -> Self {
        UserSlot {
            user_uid,
            last_assigned,
        }
    }

    /// The user's UID.
    pub fn user_uid(self) -> i64 {
        self.user_uid
    }

    /// The user's latest assignment, if any.
    pub fn last_assigned(self) -> Option<SentMark> {
        self.last_assigned
    }
}

fn as_candidates(users: &[UserSlot]) -> Vec<Candidate> {
    users
        .iter()
        .map(|u| {
            Candidate::new(u.user_uid, 0, Decimal::ZERO).with_client_last_sent_mark(u.last_assigned)
        })
        .collect()
}

/// The user the next lead goes to: the least recently assigned (never-assigned
/// first, ties by lower UID), or `None` when there are no users.
pub fn next_user(users: &[UserSlot]) -> Option<i64> {
    let candidates = as_candidates(users);
    rank_top(Policy::RoundRobin, &PolicyState::new(), &candidates, 1)
        .first()
        .map(|&i| candidates[i].client_uid())
}

/// Every user's UID in the order the next leads would go to them if each assignment
/// were recorded before the next.
pub fn assignment_order(users: &[UserSlot]) -> Vec<i64> {
    let candidates = as_candidates(users);
    rank_top(
        Policy::RoundRobin,
        &PolicyState::new(),
        &candidates,
        candidates.len(),
    )
    .into_iter()
    .map(|i| candidates[i].client_uid())
    .collect()
}
