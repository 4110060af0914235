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
use crate::view::CandidateView;

/// The tie-breaker of every order: client UID, then account UID, ascending.
pub fn ties(a: &Candidate, b: &Candidate) -> Ordering {
    ties_at(&[a, b][..], 0, 1)
}

/// [`ties`] of the candidates at `i` and `j` of a view.
#[inline]
pub(crate) fn ties_at<V: CandidateView + ?Sized>(v: &V, i: usize, j: usize) -> Ordering {
    v.uids(i).cmp(&v.uids(j))
}

/// Effective price, low to high.
pub fn price(a: &Candidate, b: &Candidate) -> Ordering {
    price_at(&[a, b][..], 0, 1)
}

/// [`price`] of the candidates at `i` and `j` of a view.
#[inline]
pub(crate) fn price_at<V: CandidateView + ?Sized>(v: &V, i: usize, j: usize) -> Ordering {
    let (a, b) = (v.price(i), v.price(j));
    // Prices of one scale (a market's usual case) compare as their signed mantissas,
    // without the general comparison's rescaling.
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(&b)
    }
}

/// Client `Priority`, low to high.
pub fn client_priority(a: &Candidate, b: &Candidate) -> Ordering {
    a.client_priority().cmp(&b.client_priority())
}

/// Account `Priority`, low to high.
pub fn account_priority(a: &Candidate, b: &Candidate) -> Ordering {
    account_priority_at(&[a, b][..], 0, 1)
}

/// [`account_priority`] of the candidates at `i` and `j` of a view.
#[inline]
pub(crate) fn account_priority_at<V: CandidateView + ?Sized>(
    v: &V,
    i: usize,
    j: usize,
) -> Ordering {
    v.account_priority(i).cmp(&v.account_priority(j))
}

/// Client last-sent mark, oldest first; never sent counts as older than any send.
pub fn client_last_sent(a: &Candidate, b: &Candidate) -> Ordering {
    // Option orders None before Some: never-sent first.
    a.client_last_sent().cmp(&b.client_last_sent())
}

/// Account last-sent mark, oldest first; never sent counts as older than any send.
pub fn account_last_sent(a: &Candidate, b: &Candidate) -> Ordering {
    account_last_sent_at(&[a, b][..], 0, 1)
}

/// [`account_last_sent`] of the candidates at `i` and `j` of a view (`Option` orders
/// `None`, never sent, first).
#[inline]
pub(crate) fn account_last_sent_at<V: CandidateView + ?Sized>(
    v: &V,
    i: usize,
    j: usize,
) -> Ordering {
    v.account_last_sent(i).cmp(&v.account_last_sent(j))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn at(m: i64, scale: u32) -> Candidate {
        Candidate::new(1, 1, Decimal::new(m, scale))
    }

    #[test]
    fn prices_of_one_scale_and_of_two_compare_by_value() {
        assert_eq!(price(&at(150, 2), &at(1495, 3)), Ordering::Greater);
        assert_eq!(price(&at(150, 2), &at(15, 1)), Ordering::Equal);
        assert_eq!(price(&at(-150, 2), &at(149, 2)), Ordering::Less);
        // Zero and negative zero are equal prices.
        let neg_zero = Candidate::new(1, 1, -Decimal::ZERO);
        assert_eq!(price(&neg_zero, &at(0, 2)), Ordering::Equal);
        assert_eq!(price(&neg_zero, &at(0, 0)), Ordering::Equal);
    }

    proptest! {
        /// Whatever the scales, prices order as `Decimal` orders them.
        #[test]
        fn prices_compare_as_decimals(
            a in any::<i64>(), sa in 0u32..6, b in any::<i64>(), sb in 0u32..6, same in any::<bool>(),
        ) {
            let sb = if same { sa } else { sb };
            let (x, y) = (Decimal::new(a, sa), Decimal::new(b, sb));
            prop_assert_eq!(price(&at(a, sa), &at(b, sb)), x.cmp(&y));
        }
    }
}
