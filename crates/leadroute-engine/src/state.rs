//! The engine's mutable state: the ledger of sends, order fills and the ranking
//! policies' state. Routing reads it to check caps, orders and max sell, and records
//! each decision in it before the next.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use leadroute_caps::{CapKind, MemLedger, OrderBook, Owner, PeriodCache, Report};
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
    pub account_seq: HashMap<Uid, u64>,
    pub client_seq: HashMap<Uid, u64>,
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
