//! The eligibility pipeline of SPEC.md section 4, one lead against every account.
//!
//! Checks run in the specified order, cheapest first. They fall in two kinds:
//! *state-independent* checks (lead type, client and account status, delivery method,
//! account type, automation, force ids, distribution lists, criteria, delivery hours)
//! depend only on the snapshot, the lead and now; *state* checks (already sent to the
//! client, caps, orders, max sell, exclusivity) depend on the ledger, which routing
//! changes. Batch routing computes the first kind in parallel and the second in one
//! sequential pass; both paths call the functions of this module, so they agree.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use leadroute_caps::OrderDecision;
use leadroute_criteria::{Matches, PreparedLead};
use leadroute_model::{Lead, Uid};
use rust_decimal::Decimal;

use crate::build::{
    AccountRt, Compiled, HOT_EXCLUSIVE, HOT_HAS_ORDERS, HOT_NO_CAPS, HOT_PACED, HOT_USE_ORDER,
};
use crate::distlist::ListRestriction;
use crate::options::{Explain, ScanOptions};
use crate::reason::Reason;
use crate::state::State;

/// A failing check with its detail.
pub(crate) type Failure = (Reason, String);

/// A lead prepared once for checking against many accounts.
pub(crate) struct LeadCtx<'a> {
    pub lead: &'a Lead,
    pub lead_type: usize,
    pub prepared: PreparedLead,
    pub force: Option<HashSet<String>>,
    pub lists: ListRestriction,
    pub location: Option<(f64, f64)>,
    pub now: DateTime<Utc>,
    /// `now` in Unix seconds (computed once, read for every account).
    pub now_s: i64,
    /// The accounts of the lead type (by position) whose criteria all hold, from one
    /// pass of the lead type's criteria index. Unless every reason is explained, only
    /// accounts passing checks 2-6 are evaluated; the others read as failing, which no
    /// first-reason path asks.
    pub criteria: Matches,
}

/// Splits a force-id list like an `In` list: `|`, `,` or newlines; trimmed,
/// case-insensitive, empty items dropped.
pub(crate) fn split_force(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['|', ',', '\n', '\r'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
}

impl<'a> LeadCtx<'a> {
    pub(crate) fn new(
        c: &Compiled,
        lead: &'a Lead,
        lead_type: usize,
        opts: &ScanOptions,
        now: DateTime<Utc>,
    ) -> Self {
        let lt = &c.lead_types[lead_type];
        let prepared = lt.schema.prepare_lead(lead);
        let force: HashSet<String> = if opts.force_ids.is_empty() {
            lt.force_field
                .and_then(|f| prepared.value(f))
                .map(|t| split_force(t).collect())
                .unwrap_or_default()
        } else {
            opts.force_ids.iter().flat_map(|s| split_force(s)).collect()
        };
        let lists = ListRestriction::evaluate(&lt.lists, |i| prepared.value(i));
        let location = lt
            .location_field
            .and_then(|f| prepared.value(f))
            .and_then(|t| crate::build::locate(t, &*c.zips));
        let mut criteria = Matches::new();
        // Reading the first failing reason only, the criteria of an account failing
        // checks 2-6 are never asked (every path checks those first), so the index
        // evaluates only the accounts passing them; in explain mode, every account.
        let key = crate::build::static_key(opts.scan_type, opts.automated);
        match lt.static_pass.get(key) {
            Some(sp) if !explain_all(opts) => {
                lt.index
                    .scan_within(&prepared, now, &sp.bits, &mut criteria);
            }
            _ => lt.index.scan_into(&prepared, now, &mut criteria),
        }
        LeadCtx {
            lead,
            lead_type,
            prepared,
            force: if force.is_empty() { None } else { Some(force) },
            lists,
            location,
            now,
            now_s: now.timestamp(),
            criteria,
        }
    }
}

/// Checks 2-7 (the lead type, check 1, is matched by construction): the first failure,
/// or every failure when `all`.
pub(crate) fn checks_before_ledger(
    c: &Compiled,
    ctx: &LeadCtx<'_>,
    a: &AccountRt,
    opts: &ScanOptions,
    all: bool,
    out: &mut Vec<Failure>,
) {
    let client = &c.clients[a.client];
    macro_rules! fail {
        ($r:expr, $d:expr) => {{
            out.push(($r, $d));
            if !all {
                return;
            }
        }};
    }
    if !client.active {
        fail!(
            Reason::ClientNotActive,
            format!(
                "client {} status is {}",
                client.uid, c.snapshot.clients[a.client].status
            )
        );
    }
    if !a.open {
        let s = a
            .status
            .map_or("not set".to_string(), |s| format!("{} ({})", s, s.number()));
        fail!(
            Reason::AccountNotOpen,
            format!("account status is {s}, not Open (12)")
        );
    }
    if !a.method_enabled {
        fail!(
            Reason::DeliveryMethodDisabled,
            "DeliveryDetails.Status is false".to_string()
        );
    }
    if a.account_type != opts.scan_type {
        fail!(
            Reason::AccountTypeMismatch,
            format!(
                "account type {} does not match scan type {}",
                a.account_type, opts.scan_type
            )
        );
    }
    if opts.automated && !a.automation {
        fail!(
            Reason::AutomationDisabled,
            "AutomationEnabled is false and the scan is automated".to_string()
        );
    }
    if let Some(force) = &ctx.force {
        let hit = a.force_id.as_ref().is_some_and(|f| force.contains(f))
            || client.force_id.as_ref().is_some_and(|f| force.contains(f));
        if !hit {
            let mut ids: Vec<&str> = force.iter().map(String::as_str).collect();
            ids.sort_unstable();
            fail!(
                Reason::NotForced,
                format!(
                    "force ids [{}]; account ForceID {:?}, client ForceID {:?}",
                    ids.join(", "),
                    a.force_id.as_deref().unwrap_or(""),
                    client.force_id.as_deref().unwrap_or("")
                )
            );
        }
    }
}

/// Checks 9-11: distribution lists, criteria, delivery hours.
pub(crate) fn checks_after_ledger(
    c: &Compiled,
    ctx: &LeadCtx<'_>,
    a: &AccountRt,
    all: bool,
    out: &mut Vec<Failure>,
) {
    if let Some(list) = ctx.lists.excluding_list(a.client_uid) {
        out.push((
            Reason::DistributionList,
            format!(
                "distribution list {list} does not assign this lead to client {}",
                a.client_uid
            ),
        ));
        if !all {
            return;
        }
    }
    if !ctx.criteria.contains(a.pos) {
        let index = &c.lead_types[ctx.lead_type].index;
        if all {
            for f in index.explain(a.pos, &ctx.prepared, ctx.now) {
                out.push((Reason::CriteriaFailed, f.to_string()));
            }
        } else {
            let detail = index
                .first_failure(a.pos, &ctx.prepared, ctx.now)
                .map_or_else(|| "a criterion fails".to_string(), |f| f.to_string());
            out.push((Reason::CriteriaFailed, detail));
            return;
        }
    }
    let at = deliver_at(ctx.now, a);
    if !a.limits.is_deliverable(ctx.now) {
        let client = &c.clients[a.client];
        out.push((
            Reason::OutsideDeliveryHours,
            format!(
                "delivery at {} ({} local) is outside the delivery days",
                crate::output::format_instant(&at),
                client.zone.to_local(at).format("%a %Y-%m-%d %H:%M:%S")
            ),
        ));
    }
}

/// Checks 2-7 as [`checks_before_ledger`] makes them, answering only the first failing
/// reason (no detail text): the hot path of routing, which only counts reasons.
pub(crate) fn first_before_ledger(
    c: &Compiled,
    ctx: &LeadCtx<'_>,
    a: &AccountRt,
    opts: &ScanOptions,
) -> Option<Reason> {
    let client = &c.clients[a.client];
    if let Some(r) = crate::build::static_reason(client, a, opts.scan_type, opts.automated) {
        Some(r)
    } else {
        match &ctx.force {
            Some(force) if !is_forced(c, a, force) => Some(Reason::NotForced),
            _ => None,
        }
    }
}

/// Check 7 for an account when force ids are given: whether the account's or its
/// client's `ForceID` is among them.
pub(crate) fn is_forced(c: &Compiled, a: &AccountRt, force: &HashSet<String>) -> bool {
    names_forced(&a.force_id, force) || names_forced(&c.clients[a.client].force_id, force)
}

/// Whether a record's `ForceID` (`None`: it has none) is among the force ids.
pub(crate) fn names_forced(force_id: &Option<String>, force: &HashSet<String>) -> bool {
    force_id.as_ref().is_some_and(|f| force.contains(f))
}

/// Checks 9-11 as [`checks_after_ledger`] makes them, answering only the first failing
/// reason.
pub(crate) fn first_after_ledger(ctx: &LeadCtx<'_>, a: &AccountRt) -> Option<Reason> {
    if ctx.lists.excluding_list(a.client_uid).is_some() {
        Some(Reason::DistributionList)
    } else if !ctx.criteria.contains(a.pos) {
        Some(Reason::CriteriaFailed)
    } else if !a.limits.is_deliverable(ctx.now) {
        Some(Reason::OutsideDeliveryHours)
    } else {
        None
    }
}

/// When a sale to `a` decided at `now` is delivered.
pub(crate) fn deliver_at(now: DateTime<Utc>, a: &AccountRt) -> DateTime<Utc> {
    now.checked_add_signed(Duration::seconds(a.delay_secs))
        .unwrap_or(now)
}

/// What the state checks concluded for an account that passed every other check. The
/// order item is named by its position, which is all selection needs; its order and
/// item UIDs are looked up for the buyers alone ([`crate::Engine::order_uids`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attached {
    /// The sale price: the account's, or its order item's.
    pub price: Decimal,
    /// The order item: its position in the client's items (`OrderBook::items_of`) plus
    /// one; 0 without an order.
    pub item: usize,
    /// Whether the sale fills the item.
    pub fills: bool,
}

/// The lead's standing in the ledger, looked up once per lead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LeadStanding {
    pub valid_sends: u64,
    pub has_exclusive: bool,
    pub max_sell: u64,
}

/// Check 8: already sent to this client.
pub(crate) fn check_already_sent(state: &State, lead_uid: Uid, a: &AccountRt) -> Option<Failure> {
    if state.ledger.has_sent(lead_uid, a.client_uid) {
        Some((
            Reason::AlreadySentToClient,
            format!(
                "lead {lead_uid} was already sold to client {}",
                a.client_uid
            ),
        ))
    } else {
        None
    }
}

/// Checks 12-14: caps, orders, max sell and exclusivity. Returns the attachment when
/// they all pass.
pub(crate) fn state_checks(
    c: &Compiled,
    state: &State,
    a: &AccountRt,
    standing: LeadStanding,
    opts: &ScanOptions,
    now: DateTime<Utc>,
    out: &mut Vec<Failure>,
) -> Option<Attached> {
    state_checks_in(
        c,
        state,
        a.index,
        standing,
        opts,
        now,
        now.timestamp_millis(),
        None,
        true,
        out,
    )
}

/// [`state_checks`] of account `ai` (an index into the compiled accounts) reusing the
/// cap periods of `now` from `periods` (many accounts of one lead share a few client
/// zones). Without `detail` (routing, which only counts first reasons) failures carry
/// no detail text and full caps may be answered from the kept spans of
/// [`State::first_full_cap`]. What every account needs is read from its [`crate::build::Hot`] entry;
/// its account and client records only when a cap must be counted. `now_ms` is `now` in
/// Unix milliseconds, computed once by the caller for all the accounts of a lead.
#[allow(clippy::too_many_arguments)]
pub(crate) fn state_checks_in(
    c: &Compiled,
    state: &State,
    ai: usize,
    standing: LeadStanding,
    opts: &ScanOptions,
    now: DateTime<Utc>,
    now_ms: i64,
    periods: Option<&mut leadroute_caps::PeriodCache>,
    detail: bool,
    out: &mut Vec<Failure>,
) -> Option<Attached> {
    let all = explain_all(opts);
    let h = &c.hot[ai];
    // References only: the records are read on the paths that count caps.
    let a = &c.accounts[ai];
    let client = &c.clients[h.client as usize];
    let before = out.len();
    let keep = !h.has(HOT_PACED);
    if h.has(HOT_NO_CAPS) {
        // No cap applies.
    } else if !keep && state.paced_known_clear(ai, now_ms) {
        // A paced account's caps had room earlier this (caps) day: they still have.
    } else if keep && !all && !detail {
        if !state.caps_known_clear(ai, now_ms) {
            if let Some(r) = state.first_full_cap(a, client, now, now_ms, periods) {
                out.push((r, String::new()));
                return None;
            }
        }
    } else if !(keep && state.caps_known_clear(ai, now_ms)) {
        let mut periods = periods;
        let fails = state.cap_failures(a, client, now, periods.as_deref_mut(), all, detail || all);
        if fails.is_empty() {
            if keep {
                state.note_caps_clear(ai, now_ms);
            } else {
                state.note_paced_clear(a, now, now_ms, periods);
            }
        }
        for (kind, detail) in fails {
            out.push((kind, detail));
            if !all {
                return None;
            }
        }
    }
    // Routing's counts never show a detail text: none is built for them.
    let text = |s: &str| {
        if detail || all {
            s.to_string()
        } else {
            String::new()
        }
    };
    let use_order = h.has(HOT_USE_ORDER);
    let exclusive = h.has(HOT_EXCLUSIVE);
    // A client without orders: what `OrderBook::decide` answers for no items, without
    // looking them up.
    let decision = if h.has(HOT_HAS_ORDERS) {
        state.order_decision(ai, h.client_uid, h.uid, h.price, use_order, now, now_ms)
    } else if use_order {
        Ok((OrderDecision::Required, None))
    } else {
        return finish_state_checks(
            Some(Attached {
                price: h.price,
                item: 0,
                fills: false,
            }),
            exclusive,
            standing,
            opts,
            all,
            before,
            out,
        );
    };
    let attached = match decision {
        Ok((OrderDecision::Eligible(p), pos)) => Some(Attached {
            price: p.price(),
            item: pos.map_or(0, |pos| pos + 1),
            fills: p.fills_item(),
        }),
        Ok((OrderDecision::Required, _)) => {
            out.push((
                Reason::OrderRequired,
                text(
                    "useOrder is set and no open, started, unended order has an item for this account",
                ),
            ));
            if !all {
                return None;
            }
            None
        }
        Ok((OrderDecision::Exhausted, _)) | Err(_) => {
            out.push((
                Reason::OrderExhausted,
                text("every usable order item for this account is full"),
            ));
            if !all {
                return None;
            }
            None
        }
    };
    finish_state_checks(attached, exclusive, standing, opts, all, before, out)
}

/// Check 14 (max sell, exclusivity) after the order check: the attachment when no check
/// since `before` failed.
fn finish_state_checks(
    attached: Option<Attached>,
    exclusive: bool,
    standing: LeadStanding,
    opts: &ScanOptions,
    all: bool,
    before: usize,
    out: &mut Vec<Failure>,
) -> Option<Attached> {
    if !opts.allow_over_max && standing.valid_sends >= standing.max_sell {
        out.push((
            Reason::MaxSellReached,
            format!(
                "the lead has {} valid send(s) and its max sell is {}",
                standing.valid_sends, standing.max_sell
            ),
        ));
        if !all {
            return None;
        }
    }
    if !opts.ignore_exclusive {
        if standing.has_exclusive {
            out.push((
                Reason::ExclusiveConflict,
                "the lead was sold exclusively".to_string(),
            ));
        } else if exclusive && standing.valid_sends > 0 {
            out.push((
                Reason::ExclusiveConflict,
                format!(
                    "the account buys exclusively and the lead has {} valid send(s)",
                    standing.valid_sends
                ),
            ));
        }
    }
    if out.len() > before {
        None
    } else {
        attached
    }
}

/// The explain setting as a flag for the check functions.
pub(crate) fn explain_all(opts: &ScanOptions) -> bool {
    opts.explain == Explain::AllReasons
}
