//! Sorted, disjoint half-open intervals of local seconds with prefix sums: the building
//! block of the weekly pattern and of the exactly-evaluated stretches around special
//! dates. Measure, membership and both inverses of the measure are binary searches.

/// Merges overlapping or touching intervals; drops empty ones. Sorting is by the whole
/// `(start, end)` pair, a total order, so the result does not depend on input order.
pub(crate) fn union(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.retain(|&(s, e)| s < e);
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `a` minus `b`; both sorted and disjoint.
pub(crate) fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut j = 0;
    for &(s0, e) in a {
        let mut s = s0;
        while j < b.len() && b[j].1 <= s {
            j += 1;
        }
        let mut k = j;
        while s < e && k < b.len() && b[k].0 < e {
            if b[k].0 > s {
                out.push((s, b[k].0));
            }
            s = s.max(b[k].1);
            k += 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

/// Disjoint sorted intervals with the measure of all intervals before each one.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Table {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Open seconds before interval `i`.
    cum: Vec<i64>,
    /// Open seconds up to the end of interval `i`.
    cum_end: Vec<i64>,
    total: i64,
}

impl Table {
    /// From sorted, disjoint, non-empty intervals.
    pub(crate) fn new(v: &[(i64, i64)]) -> Table {
        let mut t = Table::default();
        for &(s, e) in v {
            t.starts.push(s);
            t.ends.push(e);
            t.cum.push(t.total);
            t.total += e - s;
            t.cum_end.push(t.total);
        }
        t
    }

    pub(crate) fn total(&self) -> i64 {
        self.total
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Whether `x` lies in an interval.
    #[inline]
    pub(crate) fn contains(&self, x: i64) -> bool {
        let i = self.starts.partition_point(|&s| s <= x);
        i > 0 && x < self.ends[i - 1]
    }

    /// End of the interval containing `x`, if any.
    pub(crate) fn end_of_interval_at(&self, x: i64) -> Option<i64> {
        let i = self.starts.partition_point(|&s| s <= x);
        (i > 0 && x < self.ends[i - 1]).then(|| self.ends[i - 1])
    }

    /// Measure of the intervals below `x`.
    #[inline]
    pub(crate) fn measure_before(&self, x: i64) -> i64 {
        let i = self.starts.partition_point(|&s| s <= x);
        if i == 0 {
            0
        } else {
            self.cum[i - 1] + (x.min(self.ends[i - 1]) - self.starts[i - 1])
        }
    }

    /// Least `x` with `measure_before(x) >= r`, for `0 < r <= total`.
    #[inline]
    pub(crate) fn inv_left(&self, r: i64) -> i64 {
        let i = self
            .cum_end
            .partition_point(|&c| c < r)
            .min(self.starts.len() - 1);
        self.starts[i] + (r - self.cum[i])
    }

    /// Greatest `x` with `measure_before(x) <= r`, for `0 <= r < total`: the point where
    /// the measure starts to exceed `r`.
    #[inline]
    pub(crate) fn inv_right(&self, r: i64) -> i64 {
        let i = self
            .cum_end
            .partition_point(|&c| c <= r)
            .min(self.starts.len() - 1);
        self.starts[i] + (r - self.cum[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_merges_touching_and_overlapping() {
        assert_eq!(
            union(vec![(5, 7), (0, 2), (2, 3), (6, 9), (4, 4)]),
            vec![(0, 3), (5, 9)]
        );
    }

    #[test]
    fn subtract_cuts_holes_and_edges() {
        let a = [(0, 10), (20, 30)];
        let b = [(-5, 1), (3, 4), (9, 21), (25, 26)];
        assert_eq!(subtract(&a, &b), vec![(1, 3), (4, 9), (21, 25), (26, 30)]);
    }

    #[test]
    fn inverses_pick_left_and_right_ends_of_flat_stretches() {
        let t = Table::new(&[(0, 10), (20, 30)]);
        assert_eq!(t.measure_before(15), 10);
        assert_eq!(t.inv_left(10), 10);
        assert_eq!(t.inv_right(10), 20);
        assert_eq!(t.inv_left(11), 21);
        assert_eq!(t.inv_right(0), 0);
        assert_eq!(t.inv_left(20), 30);
    }
}
