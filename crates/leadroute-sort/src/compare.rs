//! The comparators every ranking and listing is built from.
//!
//! Each comparator orders two candidates by one value, "smaller first" in its natural
//! direction; the policies and the listing sorts combine the same functions (the
//! `Price` policy is the listing's `Price` key reversed, the `RoundRobin` policy is the
//! listing's `LastSentDate` key ascending), and every order ends with [`ties`], so the
//! result is a total order that does not depend on the input order.

use std::cmp::Ordering;

use crate::candidate::Candidate;
use crate::names::SortBy;

/// The tie-breaker of every order: client UID, then account UID, ascending.
pub fn ties(a: &Candidate, b: &Candidate) -> Ordering {
    a.client_uid()
        .cmp(&b.client_uid())
        .then(a.account_uid().cmp(&b.account_uid()))
}

/// Effective price, low to high.
pub fn price(a: &Candidate, b: &Candidate) -> Ordering {
    a.price().cmp(&b.price())
}

/// Client `Priority`, low to high.
pub fn client_priority(a: &Candidate, b: &Candidate) -> Ordering {
    a.client_priority().cmp(&b.client_priority())
}

/// Account `Priority`, low to high.
pub fn account_priority(a: &Candidate, b: &Candidate) -> Ordering {
    a.account_priority().cmp(&b.account_priority())
}

/// Client last-sent mark, oldest first; never sent counts as older than any send.
pub fn client_last_sent(a: &Candidate, b: &Candidate) -> Ordering {
    // Option orders None before Some: never-sent first.
    a.client_last_sent().cmp(&b.client_last_sent())
}

/// Account last-sent mark, oldest first; never sent counts as older than any send.
pub fn account_last_sent(a: &Candidate, b: &Candidate) -> Ordering {
    a.account_last_sent().cmp(&b.account_last_sent())
}

/// Distance, nearest first; an unknown distance counts as farther than any known one.
pub fn distance(a: &Candidate, b: &Candidate) -> Ordering {
    match (a.distance(), b.distance()) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Client name, trimmed and compared case-insensitively (lower-cased per character).
pub fn name(a: &Candidate, b: &Candidate) -> Ordering {
    let fold = |s: &str| {
        s.trim()
            .chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    let (x, y) = (a.name().trim(), b.name().trim());
    if x.is_ascii() && y.is_ascii() {
        let xs = x.bytes().map(|c| c.to_ascii_lowercase());
        let ys = y.bytes().map(|c| c.to_ascii_lowercase());
        return xs.cmp(ys);
    }
    fold(x).cmp(&fold(y))
}

/// The listing key `by`, ascending, without tie-breakers.
pub fn listing_key(by: SortBy, a: &Candidate, b: &Candidate) -> Ordering {
    match by {
        SortBy::Name => name(a, b),
        SortBy::Price => price(a, b),
        SortBy::Priority => client_priority(a, b),
        SortBy::LastSentDate => client_last_sent(a, b),
    }
}
