//! The UTC-offset history of a zone and the monotone wall clock built from it. chrono-tz
//! has no public list of transitions, so each IANA zone's transitions between 1800 and
//! 2101 (chrono-tz's tables end in 2099) are found once by stepping and bisecting, and
//! cached for the life of the process.
//!
//! From the transitions we build the *monotone reading* `M(u)`: the latest wall-clock
//! reading reached at or before instant `u`. It equals the local time except in the
//! repeated hour after a fall-back, where it holds still until the clock catches up. The
//! boundary rule of SPEC 5 (a local boundary `x` happens at the first instant whose wall
//! clock reads `x` or later) is exactly `boundary(x) = min { u : M(u) >= x }`, and an
//! instant `u` lies in a local window `[s, e)` exactly when `s <= M(u) < e`. So every
//! schedule question reduces to the local-time pattern evaluated at `M(u)`.

use std::sync::OnceLock;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

/// 1800-01-01T00:00:00Z: before every zone's first transition in chrono-tz except LMT
/// oddities that only shift the constant offset before it.
pub(crate) const SCAN_START: i64 = -5_364_662_400;
/// 2101-01-01T00:00:00Z: chrono-tz has no transitions after 2099.
pub(crate) const SCAN_END: i64 = 4_133_980_800;
/// Step of the scan; two transitions closer than this that restore the same offset would
/// be missed (tzdb has none).
const STEP: i64 = 6 * 3600;

/// How the monotone reading behaves on one piece of the time line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `M(u) = u + offset` (seconds).
    Linear(i64),
    /// `M(u)` holds at this reading (the last second before the fall-back): the repeated
    /// wall-clock time has not yet caught up with what was already shown.
    Pause(i64),
}

/// Pieces of a zone's time line, sorted by start instant; the first starts at `i64::MIN`.
#[derive(Debug)]
pub(crate) struct ZoneClock {
    starts: Vec<i64>,
    kinds: Vec<Kind>,
}

fn offset_at(tz: Tz, u: i64) -> i64 {
    match DateTime::from_timestamp(u, 0) {
        Some(t) => i64::from(
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc(),
        ),
        None => 0,
    }
}

/// `(instant, offset from then on)` for every change of total UTC offset in the scan range,
/// and the offset before the first one.
fn transitions(tz: Tz) -> (i64, Vec<(i64, i64)>) {
    let first = offset_at(tz, SCAN_START);
    let mut out = Vec::new();
    let mut lo = SCAN_START;
    let mut lo_off = first;
    while lo < SCAN_END {
        let hi = lo + STEP;
        let hi_off = offset_at(tz, hi);
        if hi_off != lo_off {
            // Find every change in (lo, hi]: bisect for the first instant whose offset
            // differs from lo_off, then continue from there.
            let mut a = lo;
            let mut a_off = lo_off;
            loop {
                let (mut l, mut h) = (a, hi);
                while h - l > 1 {
                    let mid = l + (h - l) / 2;
                    if offset_at(tz, mid) == a_off {
                        l = mid;
                    } else {
                        h = mid;
                    }
                }
                let off = offset_at(tz, h);
                out.push((h, off));
                a = h;
                a_off = off;
                if a_off == hi_off || a >= hi {
                    break;
                }
            }
        }
        lo = hi;
        lo_off = hi_off;
    }
    (first, out)
}

impl ZoneClock {
    fn build(tz: Tz) -> ZoneClock {
        let (first, trans) = transitions(tz);
        let mut starts = vec![i64::MIN];
        let mut kinds = vec![Kind::Linear(first)];
        // Supremum (exclusive) of all readings shown so far.
        let mut sup = i64::MIN;
        for (i, &(t, off)) in trans.iter().enumerate() {
            if let Some(Kind::Linear(o)) = kinds.last() {
                sup = sup.max(t + o);
            }
            let next_t = trans.get(i + 1).map_or(i64::MAX, |&(n, _)| n);
            if t + off >= sup {
                if kinds.last() != Some(&Kind::Linear(off)) {
                    starts.push(t);
                    kinds.push(Kind::Linear(off));
                }
            } else {
                let held = Kind::Pause(sup - 1);
                if kinds.last() != Some(&held) {
                    starts.push(t);
                    kinds.push(held);
                }
                let resume = sup - off;
                if resume < next_t {
                    starts.push(resume);
                    kinds.push(Kind::Linear(off));
                }
            }
        }
        ZoneClock { starts, kinds }
    }
}

static CLOCKS: OnceLock<Vec<OnceLock<ZoneClock>>> = OnceLock::new();

/// The cached clock of an IANA zone (built on first use, a few milliseconds).
pub(crate) fn clock(tz: Tz) -> &'static ZoneClock {
    let all = CLOCKS.get_or_init(|| {
        let n = TZ_VARIANTS.iter().map(|&z| z as usize).max().unwrap_or(0) + 1;
        (0..n).map(|_| OnceLock::new()).collect()
    });
    // ok: `all` has one slot per discriminant of every `Tz` variant, so the index exists.
    all[tz as usize].get_or_init(|| ZoneClock::build(tz))
}

/// A zone's pieces: a single linear piece for a fixed offset, or a cached table.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pieces {
    Fixed(i64),
    Table(&'static ZoneClock),
}

impl Pieces {
    pub(crate) fn len(self) -> usize {
        match self {
            Pieces::Fixed(_) => 1,
            Pieces::Table(c) => c.starts.len(),
        }
    }

    /// Start of piece `k` (`i64::MIN` for the first).
    pub(crate) fn start(self, k: usize) -> i64 {
        match self {
            Pieces::Fixed(_) => i64::MIN,
            Pieces::Table(c) => c.starts[k],
        }
    }

    /// End (exclusive) of piece `k` (`i64::MAX` for the last).
    pub(crate) fn end(self, k: usize) -> i64 {
        if k + 1 < self.len() {
            self.start(k + 1)
        } else {
            i64::MAX
        }
    }

    pub(crate) fn kind(self, k: usize) -> Kind {
        match self {
            Pieces::Fixed(o) => Kind::Linear(o),
            Pieces::Table(c) => c.kinds[k],
        }
    }

    /// Index of the piece containing instant `u`.
    #[inline]
    pub(crate) fn find(self, u: i64) -> usize {
        match self {
            Pieces::Fixed(_) => 0,
            // starts[0] == i64::MIN <= u, so the partition point is at least 1.
            Pieces::Table(c) => c.starts.partition_point(|&s| s <= u) - 1,
        }
    }

    /// The monotone wall-clock reading `M(u)`, in local seconds since 1970-01-01T00:00.
    #[inline]
    pub(crate) fn reading(self, u: i64) -> i64 {
        match self.kind(self.find(u)) {
            Kind::Linear(o) => u.saturating_add(o),
            Kind::Pause(h) => h,
        }
    }

    /// `M` at the start of piece `k` (`i64::MIN` for the first piece).
    fn reading_at_start(self, k: usize) -> i64 {
        if k == 0 {
            return i64::MIN;
        }
        match self.kind(k) {
            Kind::Linear(o) => self.start(k) + o,
            Kind::Pause(h) => h,
        }
    }

    /// The boundary rule: the first instant `u` with `M(u) >= local`.
    pub(crate) fn boundary(self, local: i64) -> i64 {
        let k = match self {
            Pieces::Fixed(_) => 0,
            Pieces::Table(c) => {
                // Last piece whose starting reading is < local (piece 0 always qualifies).
                let (mut lo, mut hi) = (0usize, c.starts.len());
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if self.reading_at_start(mid) < local {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                lo
            }
        };
        let end = self.end(k);
        match self.kind(k) {
            Kind::Linear(o) => local.saturating_sub(o).min(end),
            Kind::Pause(_) => end,
        }
    }
}
