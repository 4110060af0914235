//! The engine's mutable state: the ledger of sends, order fills and the ranking
//! policies' state. Routing reads it to check caps, orders and max sell, and records
//! each decision in it before the next.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use leadroute_caps::{CapKind, MemLedger, OrderBook, Owner, PeriodCache, Report};
use leadroute_model::Uid;
use leadroute_sort::{PolicyState, SentMark};

use crate::build::{AccountRt, ClientRt};
use crate::reason::Reason;

/// The mutable half of an engine.
#[derive(Debug)]
pub(crate) struct State {
    pub ledger: MemLedger,
    pub orders: OrderBook,
    pub policy: HashMap<Uid, PolicyState>,
    /// Sequence numbers of the sends recorded by this engine, so that round robin can
    /// order several sales made at one instant (loaded sends have sequence 0).
    pub seq: u64,
    /// Per account (by index): its latest valid send in the ledger, with the sequence
    /// of the latest sale this engine recorded to it (round robin's last-sent mark),
    /// kept beside the ledger so that ranking reads one array slot per candidate.
    pub account_last: Vec<Option<SentMark>>,
    /// Per client (by index): the same over all its accounts (without `LastSentDate`).
    pub client_last: Vec<Option<SentMark>>,
    /// Per account (by index): an instant (milliseconds) at which none of its caps nor
    /// its client's was full, or `i64::MAX` when unknown. Without new sends a cap count
    /// never grows as time goes on (the rolling hour only loses sends, a calendar
    /// period only starts later), so caps that had room at `t` have room at every
    /// instant after `t` until the account or its client sells again, which resets the
    /// entry. This lets routing skip the ledger for most accounts. Paced accounts are
    /// not kept here: their allowance drops back at midnight.
    pub caps_clear_since: Vec<AtomicI64>,
    /// Per lead type, per distinct schedule (`LeadTypeRt::schedules`): a span of decision
    /// seconds over which the schedule's answer is known, packed by [`pack_span`].
    /// Leads mostly come in time order, so a schedule is asked again only when its
    /// answer changes (a few times a day), not for every lead.
    pub schedule_spans: Vec<Vec<AtomicU64>>,
}

/// The first second of the packed spans (2020-01-01T00:00:00Z): spans are kept for
/// decisions from then to 2088; others are not kept (always asked).
const SPAN_EPOCH: i64 = 1_577_836_800;

/// Packs "decisions in seconds `[from, until)` get answer `open`" into one word: `from`
/// in the high 32 bits, `open` in bit 31 and `until` in the low 31 bits, relative to
/// [`SPAN_EPOCH`]; `until` is capped (a span that never changes is kept up to the cap).
/// `None` when `from` is outside the representable range. The empty word 0 matches no
/// second.
pub(crate) fn pack_span(from: i64, until: Option<i64>, open: bool) -> Option<u64> {
    let from = u32::try_from(from.checked_sub(SPAN_EPOCH)?).ok()?;
    let cap = (1i64 << 31) - 1;
    let until = until.map_or(cap, |u| u.saturating_sub(SPAN_EPOCH).clamp(0, cap));
    // ok: 0 <= until < 2^31
    Some(u64::from(from) << 32 | u64::from(open) << 31 | until as u64)
}

/// The answer of a packed span for decision second `t`, if `t` is inside it.
#[inline]
pub(crate) fn span_answer(word: u64, t: i64) -> Option<bool> {
    let rel = t.checked_sub(SPAN_EPOCH)?;
    let from = (word >> 32) as i64;
    let until = (word & 0x7FFF_FFFF) as i64;
    (from <= rel && rel < until).then_some(word >> 31 & 1 == 1)
}

fn cap_reason(k: CapKind) -> Reason {
    match k {
        CapKind::Hour => Reason::HourMaxReached,
        CapKind::Day => Reason::DayMaxReached,
        CapKind::Week => Reason::WeekMaxReached,
        CapKind::Month => Reason::MonthMaxReached,
    }
}

impl State {
    /// Full caps of the account (then of its client), hour before day before week
    /// before month; only the first unless `all`. The cap periods of `now` come from
    /// `periods` when the caller keeps a cache (`None`: computed here); without any cap
    /// nothing is computed.
    /// Whether a decision at `now` is deliverable under schedule `schedule` of lead type
    /// `lt` (`account` carries that schedule), from the kept span when `now` is inside
    /// it, else asked and kept.
    #[inline]
    pub(crate) fn deliverable(
        &self,
        lt: usize,
        schedule: usize,
        account: &AccountRt,
        now: DateTime<Utc>,
    ) -> bool {
        let slot = &self.schedule_spans[lt][schedule];
        let t = now.timestamp();
        if let Some(open) = span_answer(slot.load(Ordering::Relaxed), t) {
            return open;
        }
        let (open, change) = account.limits.schedule().deliverable_span(now);
        if let Some(w) = pack_span(t, change.map(|c| c.timestamp()), open) {
            slot.store(w, Ordering::Relaxed);
        }
        open
    }

    /// Whether the caps of account `index` are known to have room at `now_ms`.
    #[inline]
    pub(crate) fn caps_known_clear(&self, index: usize, now_ms: i64) -> bool {
        self.caps_clear_since
            .get(index)
            .is_some_and(|t| t.load(Ordering::Relaxed) <= now_ms)
    }

    /// Notes that the caps of account `index` had room at `now_ms`.
    #[inline]
    pub(crate) fn note_caps_clear(&self, index: usize, now_ms: i64) {
        if let Some(t) = self.caps_clear_since.get(index) {
            t.fetch_min(now_ms, Ordering::Relaxed);
        }
    }

    /// Forgets what [`State::note_caps_clear`] noted for the accounts `indices` (after a
    /// sale to one of them or to their client).
    pub(crate) fn forget_caps_clear(&self, indices: &[usize]) {
        for &i in indices {
            if let Some(t) = self.caps_clear_since.get(i) {
                t.store(i64::MAX, Ordering::Relaxed);
            }
        }
    }

    pub(crate) fn cap_failures(
        &self,
        a: &AccountRt,
        client: &ClientRt,
        now: DateTime<Utc>,
        periods: Option<&mut PeriodCache>,
        all: bool,
    ) -> Vec<(Reason, String)> {
        let mut out = Vec::new();
        if a.limits.caps().is_unlimited() && client.caps_unlimited {
            return out;
        }
        let report = if all { Report::All } else { Report::First };
        let caps = a.limits.caps();
        let periods = match periods {
            Some(cache) => cache.periods(&caps.zone(), caps.week_start(), now),
            None => a.limits.periods(now),
        };
        if let Ok(fails) = a.limits.check_caps(&self.ledger, &periods, report) {
            for f in fails.iter() {
                let paced = if f.is_paced() {
                    " (paced evenly over the day's open time)"
                } else {
                    ""
                };
                out.push((
                    cap_reason(f.kind()),
                    format!(
                        "account {}: {} sends of max {}{paced}",
                        a.uid,
                        f.count(),
                        f.limit()
                    ),
                ));
                if !all {
                    return out;
                }
            }
        }
        if !client.caps_unlimited {
            if let Ok(fails) =
                client
                    .caps
                    .check_in(&self.ledger, Owner::Client(client.uid), &periods, report)
            {
                for f in fails.iter() {
                    out.push((
                        cap_reason(f.kind()),
                        format!(
                            "client {}: {} sends of max {}",
                            client.uid,
                            f.count(),
                            f.limit()
                        ),
                    ));
                    if !all {
                        return out;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_spans_answer_inside_and_only_inside() {
        let from = SPAN_EPOCH + 1_000;
        let w = pack_span(from, Some(from + 60), true).unwrap();
        assert_eq!(span_answer(w, from - 1), None);
        assert_eq!(span_answer(w, from), Some(true));
        assert_eq!(span_answer(w, from + 59), Some(true));
        assert_eq!(span_answer(w, from + 60), None);
        let w = pack_span(from, None, false).unwrap();
        assert_eq!(span_answer(w, from + 86_400 * 365 * 60), Some(false));
        assert_eq!(span_answer(w, SPAN_EPOCH + (1 << 31)), None);
        // Outside the representable range: not kept; the empty word matches nothing.
        assert_eq!(pack_span(SPAN_EPOCH - 1, None, true), None);
        assert_eq!(span_answer(0, SPAN_EPOCH), None);
        assert_eq!(span_answer(0, SPAN_EPOCH - 5), None);
    }
}
