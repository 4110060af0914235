//! The active-client listing: sort by `Name`, `Price`, `Priority` or `LastSentDate`,
//! ascending or descending, then skip and take.
//!
//! The listing uses the same comparators as the ranking policies. The direction
//! reverses the key only: ties are always broken by client UID, then account UID,
//! ascending, so a page boundary never depends on input order. Never-sent clients are
//! the oldest under `LastSentDate` (first ascending, last descending).

use crate::candidate::Candidate;
use crate::compare;
use crate::names::{SortBy, SortDirection};
use crate::select::top_k_by;

/// The indices of one page of the listing: sorted by `by` in `direction`, the first
/// `skip` left out, at most `take` returned (`take` 0 returns nothing). Only the first
/// `skip + take` are sorted.
pub fn list(
    candidates: &[Candidate],
    by: SortBy,
    direction: SortDirection,
    skip: usize,
    take: usize,
) -> Vec<usize> {
    if take == 0 || skip >= candidates.len() {
        return Vec::new();
    }
    let c = candidates;
    let mut page = top_k_by(c.len(), skip.saturating_add(take), |i, j| {
        let key = compare::listing_key(by, &c[i], &c[j]);
        let key = match direction {
            SortDirection::Ascending => key,
            SortDirection::Descending => key.reverse(),
        };
        key.then_with(|| compare::ties(&c[i], &c[j]))
    });
    page.drain(..skip);
    page
}
