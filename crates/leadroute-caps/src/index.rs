//! The sorted timestamp index behind every window count: one `Vec<i64>` of milliseconds
//! per account, per client (and per campaign, for intake), kept sorted so that "how many
//! since `x`" is one binary search. Sends mostly arrive in time order, so appending is a
//! push; an out-of-order send is inserted in place. The ledger's maps use the model's
//! [`UidHasher`] (UIDs are integers; SipHash would dominate a cap check).

use std::hash::BuildHasherDefault;

use chrono::{DateTime, Utc};

use crate::caps::{CapKind, CapLimits};
use crate::instant::ms;
use crate::periods::Periods;

/// Sorted instants (milliseconds) of one owner's valid sends (or accepted leads).
///
/// ```
/// use chrono::{TimeZone, Utc, Weekday};
/// use leadroute_caps::{Periods, TimeIndex};
/// use leadroute_time::Zone;
///
/// let mut ix = TimeIndex::new();
/// ix.push(Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
/// ix.push(Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap()); // out of order: inserted
/// let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 30, 0).unwrap();
/// let counts = ix.counts(&Periods::new(&Zone::UTC, Weekday::Sun, now));
/// assert_eq!((counts.hour, counts.day), (1, 2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeIndex {
    times: Vec<i64>,
}

/// How many sends fall in each cap period (see [`Periods`] for what "in" means).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WindowCounts {
    /// Sends in the rolling hour.
    pub hour: u64,
    /// Sends in the calendar day.
    pub day: u64,
    /// Sends in the calendar week.
    pub week: u64,
    /// Sends in the calendar month.
    pub month: u64,
}

impl TimeIndex {
    /// An empty index.
    pub fn new() -> TimeIndex {
        TimeIndex::default()
    }

    /// An index of these instants (milliseconds), in any order.
    pub(crate) fn from_millis(mut times: Vec<i64>) -> TimeIndex {
        times.sort_unstable();
        times.shrink_to_fit();
        TimeIndex { times }
    }

    /// Adds one instant: a push when it is not earlier than the latest, else an insert.
    pub fn push(&mut self, t: DateTime<Utc>) {
        self.push_ms(ms(t));
    }

    #[inline]
    pub(crate) fn push_ms(&mut self, t: i64) {
        match self.times.last() {
            Some(&last) if last > t => {
                let at = self.times.partition_point(|&x| x <= t);
                self.times.insert(at, t);
            }
            _ => self.times.push(t),
        }
    }

    /// Removes one occurrence of `t`; whether there was one.
    pub(crate) fn remove_ms(&mut self, t: i64) -> bool {
        let at = self.times.partition_point(|&x| x < t);
        if self.times.get(at) == Some(&t) {
            self.times.remove(at);
            true
        } else {
            false
        }
    }

    /// Number of instants.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The instants in order (milliseconds).
    pub(crate) fn iter_ms(&self) -> impl Iterator<Item = i64> + '_ {
        self.times.iter().copied()
    }

    /// The latest instant (milliseconds).
    pub(crate) fn last_ms(&self) -> Option<i64> {
        self.times.last().copied()
    }

    /// Number of instants `>= from` (milliseconds).
    ///
    /// Cap windows cover the newest sends, so the search gallops back from the end
    /// (1, 2, 4, ... places) and then bisects the last stride: `O(log k)` for `k` counted
    /// sends, touching only the tail of the vector.
    #[inline]
    pub(crate) fn count_from(&self, from: i64) -> u64 {
        let v = &self.times;
        let n = v.len();
        // Invariant: v[hi..] >= from; v[lo - 1] < from when lo > 0.
        let (mut lo, mut hi, mut step) = (0, n, 1);
        while step <= hi {
            let i = hi - step;
            if v[i] < from {
                lo = i + 1;
                break;
            }
            hi = i;
            step *= 2;
        }
        let at = lo + v[lo..hi].partition_point(|&x| x < from);
        (n - at) as u64
    }

    /// The `n`-th (0-based) instant `>= from`.
    pub(crate) fn nth_from(&self, from: i64, n: u64) -> Option<i64> {
        let at = self.times.partition_point(|&x| x < from);
        let n = usize::try_from(n).ok()?;
        self.times.get(at.checked_add(n)?).copied()
    }

    /// The first cap of `limits` (hour, day, week, month) that is full in the periods of
    /// `p`. Instants are sorted, so "at least `l` instants `>= from`" is "the `l`-th
    /// newest instant is `>= from`": one read per cap instead of a count.
    #[inline]
    pub(crate) fn first_full(&self, p: &Periods, limits: &CapLimits) -> Option<CapKind> {
        let bounds = p.lower_bounds();
        let n = self.times.len();
        CapKind::ALL.into_iter().find(|&k| {
            limits.get(k).is_some_and(|l| {
                usize::try_from(l)
                    .ok()
                    .and_then(|l| n.checked_sub(l))
                    .is_some_and(|i| self.times[i] >= bounds[k as usize])
            })
        })
    }

    /// Counts in each period of `p` (sends after `p.now()` count as at `now`).
    #[inline]
    pub fn counts(&self, p: &Periods) -> WindowCounts {
        let [h, d, w, m] = p.lower_bounds();
        WindowCounts {
            hour: self.count_from(h),
            day: self.count_from(d),
            week: self.count_from(w),
            month: self.count_from(m),
        }
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.times.capacity() * std::mem::size_of::<i64>()
    }
}

pub use leadroute_model::{UidHasher, UidMap};

/// Hash set of integers with [`UidHasher`].
pub(crate) type UidSet<K> = std::collections::HashSet<K, BuildHasherDefault<UidHasher>>;
