//! Top-K selection: the best K of N without sorting all N.
//!
//! Two forms. [`top_k_by`] works on a comparator over indices (the listing sorts):
//! `select_nth_unstable_by` partitions the indices around the K-th best in linear
//! time, then only the K best are sorted. [`top_k`] works on precomputed keys (the
//! ranking policies): for K up to [`SMALL_K`] it keeps the K best in a small sorted
//! buffer during one pass (most candidates cost one comparison against the current
//! K-th), which measured several times faster than partitioning for the usual "top 1
//! to 3 buyers"; for larger K it partitions with `select_nth_unstable` and sorts the K.
//!
//! Both orders are total: keys end with client UID, account UID and finally the
//! candidate's position, which only matters between exact duplicates (same client and
//! account UID), the one case in which the input order can show through.

use std::cmp::Ordering;

/// Up to this K, [`top_k`] uses a one-pass insertion buffer instead of partitioning.
pub(crate) const SMALL_K: usize = 16;

/// A candidate's ranking key: the policy's key, then the UID tie-breakers, then the
/// position. Derived `Ord` compares the fields in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Entry<P> {
    pub(crate) key: P,
    pub(crate) client_uid: i64,
    pub(crate) account_uid: i64,
    pub(crate) index: usize,
}

/// Indices of the `k` smallest entries, smallest first: each item of `keys` is a
/// candidate's policy key and index, `uids(index)` its tie-breakers. While the buffer
/// of the best `k` is full, an item whose key alone is worse than the current `k`-th
/// is dropped without reading its tie-breakers (most items, for a small `k`).
pub(crate) fn top_k<P: Ord>(
    keys: impl Iterator<Item = (P, usize)>,
    uids: impl Fn(usize) -> (i64, i64),
    k: usize,
) -> Vec<usize> {
    let entry = |key: P, index: usize| {
        let (client_uid, account_uid) = uids(index);
        Entry {
            key,
            client_uid,
            account_uid,
            index,
        }
    };
    if k == 0 {
        return Vec::new();
    }
    if k <= SMALL_K {
        let mut best: Vec<Entry<P>> = Vec::with_capacity(k + 1);
        // `Ord::cmp` rather than the derived `PartialOrd` operators, which go through
        // `Option<Ordering>` field by field.
        for (key, index) in keys {
            if best.len() == k
                && best
                    .last()
                    .is_some_and(|worst| key.cmp(&worst.key) == Ordering::Greater)
            {
                continue;
            }
            let e = entry(key, index);
            if best.len() == k
                && best
                    .last()
                    .is_some_and(|worst| e.cmp(worst) != Ordering::Less)
            {
                continue;
            }
            let at = best.partition_point(|b| b.cmp(&e) == Ordering::Less);
            best.insert(at, e);
            best.truncate(k);
        }
        return best.into_iter().map(|e| e.index).collect();
    }
    let mut all: Vec<Entry<P>> = keys.map(|(key, index)| entry(key, index)).collect();
    if k < all.len() {
        all.select_nth_unstable(k - 1);
        all.truncate(k);
    }
    all.sort_unstable();
    all.into_iter().map(|e| e.index).collect()
}

/// Indices of the `k` best of `len` items, best first, under `better` (Less = ranks
/// earlier). `k` larger than `len` returns all of them.
pub(crate) fn top_k_by<F>(len: usize, k: usize, mut better: F) -> Vec<usize>
where
    F: FnMut(usize, usize) -> Ordering,
{
    let k = k.min(len);
    if k == 0 {
        return Vec::new();
    }
    let mut indices: Vec<usize> = (0..len).collect();
    let mut cmp = |a: &usize, b: &usize| better(*a, *b).then(a.cmp(b));
    if k < len {
        indices.select_nth_unstable_by(k - 1, &mut cmp);
        indices.truncate(k);
    }
    indices.sort_unstable_by(&mut cmp);
    indices
}
