//! The engine's mutable state: the ledger of sends, order fills and the ranking
//! policies' state. Routing reads it to check caps, orders and max sell, and records
//! each decision in it before the next.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use leadroute_caps::{CapKind, MemLedger, OrderBook, Owner, PeriodCache, Report, UidMap};
use leadroute_model::Uid;
use leadroute_sort::PolicyState;

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
    pub account_seq: UidMap<Uid, u64>,
    pub client_seq: UidMap<Uid, u64>,
    /// Per account (by index): an instant (milliseconds) at which none of its caps nor
    /// its client's was full, or `i64::MAX` when unknown. Without new sends a cap count
    /// never grows as time goes on (the rolling hour only loses sends, a calendar
    /// period only starts later), so caps that had room at `t` have room at every
    /// instant after `t` until the account or its client sells again, which resets the
    /// entry. This lets routing skip the ledger for most accounts. Paced accounts are
    /// not kept here: their allowance drops back at midnight.
    pub caps_clear_since: Vec<AtomicI64>,
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
