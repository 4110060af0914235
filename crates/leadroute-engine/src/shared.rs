//! Routing against a shared ledger (SPEC.md 6, reservations): many engines, in many
//! threads or processes, selling from one set of caps, orders and max sells.
//!
//! Each engine keeps its own in-memory view of the ledger (the snapshot's sends plus the
//! sales *it* committed) and scans and ranks against that view exactly as
//! [`Engine::route`] does. The chosen buyers are then reserved in the shared [`Ledger`]
//! in one call ([`Ledger::reserve_many`]: one atomic script, one round trip, for a
//! remote backend), which re-checks every cap, order item, max sell, exclusivity and
//! (lead, client) uniqueness against the sales of *every* engine. A refused buyer is not
//! eligible after all: it leaves the eligible list (counted in `Unsold` under the reason
//! the ledger gave) and selection runs again, so the lead moves down the ranking. The
//! reservations are then committed ([`Ledger::commit_many`], one more round trip) and
//! recorded in the local view. [`Engine::route_shared`] skips the second round trip when
//! it can: if no later round could drop a granted buyer (no exclusive account eligible,
//! and a policy that orders candidates by their own key), the claims are sold at once
//! ([`Ledger::sell_many`]), one round trip per lead. [`Engine::reserve_shared`] always
//! holds, for a host that delivers between reserve and commit ([`Engine::settle`]).
//!
//! Why this is exact: the local view holds a subset of the shared ledger's sends, so every
//! count it sees is at most the shared one; an account the view finds ineligible on a
//! ledger check is ineligible in the shared ledger too, and an account it finds eligible
//! is confirmed or refused by the reservation. With one engine and an in-memory shared
//! ledger built from the same snapshot ([`leadroute_caps::SharedLedger`]) nothing is ever
//! refused and the decisions are those of [`Engine::route`].
//!
//! What stays per engine: the ranking inputs that are not caps (round-robin last-sent
//! instants and the weighted and percentage policies' state) come from the local view,
//! so with several engines round robin is fair per engine, not across engines. Caps,
//! orders, max sell and exclusivity are shared and never exceeded.

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_caps::{
    check_sale, CapKind, Claim, LeadSends, Ledger, LedgerView, OrderDecision, Owner, Refusal,
    Report, Token,
};
use leadroute_model::{Lead, Uid};
use leadroute_sort::Policy;

use crate::engine::{entry, Chosen, Deciding, Engine};
use crate::error::LeadError;
use crate::options::ScanOptions;
use crate::output::{Decision, LogEntry, ReasonDetail, Sale, ScanResult};
use crate::reason::Reason;
use crate::scan::{self, Attached, Failure, LeadCtx};

/// Why a lead routed against a shared ledger was not (or not wholly) sold.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// The lead cannot be routed at all.
    #[error(transparent)]
    Lead(#[from] LeadError),
    /// The shared ledger could not answer. Nothing was sold (fail closed): holds this
    /// call may have made expire and give their capacity back.
    #[error("no sale, the shared ledger failed: {0}")]
    Ledger(#[source] leadroute_caps::Error),
    /// Some chosen sales were not made: their reservations expired before the commit,
    /// or the ledger failed on commit or in the middle of a lead sold at once.
    /// `decision` holds the sales that were made (and recorded locally).
    #[error("{} sale(s) of lead {} not committed: {error}", .failed, .decision.lead_uid)]
    Commit {
        /// The lead's decision with the committed sales only.
        decision: Box<Decision>,
        /// How many chosen sales were not committed.
        failed: usize,
        /// The first commit error.
        #[source]
        error: leadroute_caps::Error,
    },
}

/// A lead whose buyers hold reservations in a shared ledger, not yet committed
/// ([`Engine::reserve_shared`]). Pass it to [`Engine::settle`] after delivery; dropped
/// unsettled, its holds expire after their time to live and give the capacity back.
#[derive(Debug)]
#[must_use = "settle the reservations, or they expire"]
pub struct Reserved {
    decision: Decision,
    tokens: Vec<Token>,
    chosen: Chosen,
    /// The sales were made at once (`route_shared`): nothing left to commit.
    committed: bool,
    /// A ledger failure after sales made at once, and how many chosen sales it left
    /// unmade: reported by `settle`.
    error: Option<(leadroute_caps::Error, usize)>,
}

/// How [`Engine::reserve_inner`] claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Holds, committed later ([`Engine::settle`]).
    Hold,
    /// Sold at once when no later round can drop a granted buyer, else holds.
    SellWhenSafe,
}

impl Mode {
    /// Whether the scan may keep routing's verdicts: only [`Engine::route_shared`]
    /// claims with [`Mode::SellWhenSafe`], and it holds the engine exclusively;
    /// [`Engine::reserve_shared`] may run beside other reservations.
    fn keeps_verdicts(self) -> bool {
        self == Mode::SellWhenSafe
    }
}

impl Reserved {
    /// The decision as it stands if every reservation is committed.
    pub fn decision(&self) -> &Decision {
        &self.decision
    }

    /// The tokens of the sales, in the order of `decision().sold`.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
}

/// A hold one routing made: (client, account, token).
type Hold = (Uid, Uid, Token);

/// The reason code of a refusal.
fn reason_of(r: Refusal) -> Reason {
    Reason::from_code(r.code()).unwrap_or(Reason::OrderExhausted)
}

/// Gives back holds this routing made; errors are ignored (the holds expire anyway).
fn release_all(ledger: &dyn Ledger, held: &[Hold], now: DateTime<Utc>) {
    for h in held {
        let _ = ledger.release(h.2, now);
    }
}

impl Engine {
    /// Routes one lead at `now` against the shared `ledger` (see the module docs):
    /// [`Engine::reserve_shared`] then [`Engine::settle`]. Holds live for `ttl` if the
    /// commit does not come.
    ///
    /// # Errors
    /// [`RouteError`]: an unroutable lead, or a ledger failure (no sale).
    pub fn route_shared(
        &mut self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        ledger: &dyn Ledger,
        ttl: TimeDelta,
    ) -> Result<Decision, RouteError> {
        let reserved = self.reserve_inner(lead, opts, now, ledger, ttl, Mode::SellWhenSafe)?;
        self.settle(reserved, ledger, now)
    }

    /// Chooses a lead's buyers at `now` and reserves them in the shared `ledger` for
    /// `ttl`, moving down the ranking past every buyer the ledger refuses. Nothing is
    /// committed or recorded locally yet: [`Engine::settle`] does that.
    ///
    /// A (lead, client) that the ledger finds already reserved or sold by another decider
    /// is refused as `already_sent_to_client` (its hold is left alone).
    ///
    /// # Errors
    /// [`RouteError::Lead`] for an unroutable lead; [`RouteError::Ledger`] when the
    /// ledger fails (holds made so far are released, or expire).
    pub fn reserve_shared(
        &self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        ledger: &dyn Ledger,
        ttl: TimeDelta,
    ) -> Result<Reserved, RouteError> {
        self.reserve_inner(lead, opts, now, ledger, ttl, Mode::Hold)
    }

    /// [`Engine::reserve_shared`], or with [`Mode::SellWhenSafe`] claims that are sold
    /// at once ([`Ledger::sell_many`]: one round trip per lead instead of two) when no
    /// later round could drop a granted buyer: no exclusive account is eligible (or
    /// exclusivity is ignored) and the policy orders candidates by a key of their own
    /// (Price, Priority, RoundRobin, Nearest), so removing a refused buyer never pushes a
    /// granted one out of the top N.
    fn reserve_inner(
        &self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        ledger: &dyn Ledger,
        ttl: TimeDelta,
        mode: Mode,
    ) -> Result<Reserved, RouteError> {
        let lt = self.lead_type_of(lead)?;
        let ctx = LeadCtx::new(&self.c, lead, lt, opts, now);
        let explain = scan::explain_all(opts);
        let full = self.full_scan(&ctx, opts, explain, mode.keeps_verdicts());
        let d = Deciding::of(&ctx);
        let mut eligible = full.eligible;
        let mut unsold = full.unsold;
        let mut log = explain.then_some(full.log);
        let max_sell = (!opts.allow_over_max).then_some(self.standing(lead).max_sell);
        let sell = mode == Mode::SellWhenSafe
            && matches!(
                self.c.lead_types[lt].policy,
                Policy::Price | Policy::Priority | Policy::RoundRobin | Policy::Nearest
            )
            && (opts.ignore_exclusive
                || !eligible
                    .iter()
                    .any(|(ai, _)| self.c.accounts[*ai].exclusive));
        // Holds this routing made (sales, when selling at once): (client, account, token).
        let mut held: Vec<Hold> = Vec::new();
        // When selling at once, a failure after some sales keeps them (they are made).
        let sold_so_far = |held: &[Hold], chosen: Chosen, unsold, log, error| {
            let mut chosen: Chosen = chosen;
            let mut tokens = Vec::new();
            let mut sold = Vec::new();
            for h in held {
                if let Some(s) = chosen
                    .sold
                    .iter()
                    .find(|s| s.client_uid == h.0 && s.client_account_uid == h.1)
                {
                    sold.push(s.clone());
                    tokens.push(h.2);
                }
            }
            let failed = chosen.sold.len().saturating_sub(sold.len()).max(1);
            chosen.sold = sold;
            Reserved {
                decision: Decision {
                    lead_uid: lead.lead_uid,
                    sold: chosen.sold.clone(),
                    unsold,
                    log,
                    decided_at: now,
                },
                tokens,
                chosen,
                committed: true,
                error: Some((error, failed)),
            }
        };
        let mut last: Option<Chosen> = None;
        // Every round either succeeds or removes at least one account from `eligible`.
        loop {
            let chosen = self.choose(d, opts, &eligible, true);
            // Give back holds the new choice dropped before claiming again (an exclusive
            // claim must not meet this routing's own earlier holds).
            let wanted = |h: &Hold| {
                chosen
                    .sold
                    .iter()
                    .any(|s| s.client_uid == h.0 && s.client_account_uid == h.1)
            };
            let (keep, drop): (Vec<Hold>, Vec<Hold>) =
                held.iter().copied().partition(|h| wanted(h));
            if sell && !drop.is_empty() {
                // Cannot happen (see `reserve_inner`); the sales stand all the same.
                let e = leadroute_caps::ErrorKind::Backend(
                    "a buyer sold at once fell out of the ranking".into(),
                );
                let prev = last.take().unwrap_or(chosen);
                return Ok(sold_so_far(&held, prev, unsold, log, e.into()));
            }
            for h in &drop {
                if let Err(e) = ledger.release(h.2, now) {
                    release_all(ledger, &held, now);
                    return Err(RouteError::Ledger(e));
                }
            }
            held = keep;
            if chosen.sold.is_empty() {
                return Ok(Reserved {
                    decision: Decision {
                        lead_uid: lead.lead_uid,
                        sold: Vec::new(),
                        unsold,
                        log,
                        decided_at: now,
                    },
                    tokens: Vec::new(),
                    chosen,
                    committed: sell,
                    error: None,
                });
            }
            let claims: Vec<Claim<'_>> = chosen
                .sold
                .iter()
                .zip(&chosen.buyers)
                .map(|(s, &b)| self.claim(lead.lead_uid, eligible[b].0, s, opts, max_sell))
                .collect();
            let answered = if sell {
                ledger.sell_many(&claims, now)
            } else {
                ledger.reserve_many(&claims, now, ttl)
            };
            let answers = match answered {
                Ok(a) if a.len() == claims.len() => a,
                other => {
                    let e = other.err().unwrap_or_else(|| {
                        leadroute_caps::ErrorKind::Backend(
                            "the ledger answered a different number of claims".into(),
                        )
                        .into()
                    });
                    if sell && !held.is_empty() {
                        return Ok(sold_so_far(&held, chosen, unsold, log, e));
                    }
                    release_all(ledger, &held, now);
                    return Err(RouteError::Ledger(e));
                }
            };
            let mut refused: Vec<(usize, Reason, String)> = Vec::new();
            let mut tokens = Vec::with_capacity(claims.len());
            for ((s, &b), answer) in chosen.sold.iter().zip(&chosen.buyers).zip(answers) {
                let mine = held
                    .iter()
                    .find(|h| h.0 == s.client_uid && h.1 == s.client_account_uid)
                    .map(|h| h.2);
                match answer {
                    Ok(r) if r.fresh => {
                        held.push((s.client_uid, s.client_account_uid, r.token));
                        tokens.push(r.token);
                    }
                    Ok(r) if mine == Some(r.token) => tokens.push(r.token),
                    Ok(_) => refused.push((
                        b,
                        Reason::AlreadySentToClient,
                        format!(
                            "the shared ledger holds lead {} for client {} already (another decider)",
                            lead.lead_uid, s.client_uid
                        ),
                    )),
                    Err(r) => refused.push((
                        b,
                        reason_of(r),
                        format!("refused by the shared ledger: {}", r.code()),
                    )),
                }
            }
            if refused.is_empty() {
                return Ok(Reserved {
                    decision: Decision {
                        lead_uid: lead.lead_uid,
                        sold: chosen.sold.clone(),
                        unsold,
                        log,
                        decided_at: now,
                    },
                    tokens,
                    chosen,
                    committed: sell,
                    error: None,
                });
            }
            last = Some(chosen);
            // The refused accounts are not eligible after all: choose again without them.
            refused.sort_by_key(|r| std::cmp::Reverse(r.0));
            for (b, reason, detail) in refused {
                let (ai, _) = eligible.remove(b);
                let a = &self.c.accounts[ai];
                unsold.add(reason, 1);
                if let Some(log) = &mut log {
                    log.push(LogEntry {
                        client_uid: a.client_uid,
                        client_account_uid: a.uid,
                        reason,
                        detail: detail.clone(),
                        reasons: Some(vec![ReasonDetail { reason, detail }]),
                    });
                }
            }
        }
    }

    /// Commits the reservations of `reserved` at `now` (one call,
    /// [`Ledger::commit_many`]) and records the committed sales in the local view (caps,
    /// orders, round robin), as [`Engine::route`] records its sales.
    ///
    /// # Errors
    /// [`RouteError::Ledger`] when the ledger fails (nothing is recorded locally; the
    /// holds expire unless the commit reached the ledger); [`RouteError::Commit`] when
    /// some reservations had expired.
    pub fn settle(
        &mut self,
        reserved: Reserved,
        ledger: &dyn Ledger,
        now: DateTime<Utc>,
    ) -> Result<Decision, RouteError> {
        let Reserved {
            mut decision,
            tokens,
            mut chosen,
            committed,
            error,
        } = reserved;
        if committed {
            self.record_sales(decision.lead_uid, decision.decided_at, &chosen);
            return match error {
                None => Ok(decision),
                Some((error, failed)) => Err(RouteError::Commit {
                    decision: Box::new(decision),
                    failed,
                    error,
                }),
            };
        }
        if tokens.is_empty() {
            return Ok(decision);
        }
        let answers = ledger
            .commit_many(&tokens, now)
            .map_err(RouteError::Ledger)?;
        let mut first_error = None;
        let mut failed = 0;
        let mut keep = Vec::with_capacity(answers.len());
        for a in answers {
            match a {
                Ok(()) => keep.push(true),
                Err(e) => {
                    failed += 1;
                    first_error.get_or_insert(e);
                    keep.push(false);
                }
            }
        }
        keep.resize(chosen.sold.len(), false);
        let mut flags = keep.iter();
        chosen
            .sold
            .retain(|_| flags.next().copied().unwrap_or(false));
        // `decided_at` is the reservation instant: the sends are dated then.
        self.record_sales(decision.lead_uid, decision.decided_at, &chosen);
        decision.sold = chosen.sold;
        match first_error {
            None => Ok(decision),
            Some(error) => Err(RouteError::Commit {
                decision: Box::new(decision),
                failed,
                error,
            }),
        }
    }

    /// Routes `leads` against the shared `ledger` in the order and at the instants of
    /// [`Engine::route_batch`] (by `DateReceived`, ties in input order, or all at `at`
    /// in input order), one lead at a time with [`Engine::route_shared`]; the results
    /// are in input order. With an in-memory shared ledger of the same snapshot the
    /// decisions equal [`Engine::route_batch`]'s.
    pub fn route_batch_shared(
        &mut self,
        leads: &[Lead],
        opts: &ScanOptions,
        at: Option<DateTime<Utc>>,
        ledger: &dyn Ledger,
        ttl: TimeDelta,
    ) -> Vec<Result<Decision, RouteError>> {
        let mut results: Vec<Option<Result<Decision, RouteError>>> =
            (0..leads.len()).map(|_| None).collect();
        let mut order: Vec<(usize, DateTime<Utc>)> = Vec::with_capacity(leads.len());
        for (i, l) in leads.iter().enumerate() {
            match at.or(l.date_received) {
                Some(t) => order.push((i, t)),
                None => results[i] = Some(Err(LeadError::NoDateReceived.into())),
            }
        }
        if at.is_none() {
            order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        }
        for (i, now) in order {
            results[i] = Some(self.route_shared(&leads[i], opts, now, ledger, ttl));
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or(Err(LeadError::NoDateReceived.into())))
            .collect()
    }

    /// Scans a lead at `now` as [`Engine::scan`] does, with every ledger check (already
    /// sent to the client, caps, order items, max sell, exclusivity) answered by `view`,
    /// for example the shared ledger, instead of this engine's own sends. Read-only: a
    /// scan reserves nothing. Costs a few ledger reads per account that passes the other
    /// checks (one round trip each for a remote ledger): a debugging and ping tool, not
    /// the routing path.
    ///
    /// # Errors
    /// [`RouteError::Lead`] for an unusable lead; [`RouteError::Ledger`] when the view
    /// cannot answer (no partial answer is given).
    pub fn scan_shared(
        &self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        view: &dyn LedgerView,
    ) -> Result<ScanResult, RouteError> {
        let lt = self.lead_type_of(lead)?;
        let ctx = LeadCtx::new(&self.c, lead, lt, opts, now);
        let all = scan::explain_all(opts);
        let sends = view.lead_sends(lead.lead_uid).map_err(RouteError::Ledger)?;
        let max_sell = self.standing(lead).max_sell;
        let lead_type_uid = self.c.lead_types[lt].record.lead_type_uid;
        let mut log: Vec<(usize, LogEntry)> = Vec::new();
        let mut eligible = Vec::new();
        for (order, m) in &self.c.misconfigured {
            log.push((
                *order,
                entry(
                    m.client_uid,
                    m.client_account_uid,
                    vec![(Reason::Misconfigured, m.message.clone())],
                    all,
                ),
            ));
        }
        let mut buf: Vec<Failure> = Vec::new();
        for (ai, a) in self.c.accounts.iter().enumerate() {
            if a.lead_type != lead_type_uid {
                let d = format!(
                    "account lead type {} is not the lead's lead type {}",
                    a.lead_type, lead_type_uid
                );
                log.push((
                    a.order,
                    entry(
                        a.client_uid,
                        a.uid,
                        vec![(Reason::LeadTypeMismatch, d)],
                        all,
                    ),
                ));
                continue;
            }
            buf.clear();
            scan::checks_before_ledger(&self.c, &ctx, a, opts, all, &mut buf);
            if (buf.is_empty() || all)
                && sends.count > 0
                && view
                    .sent_to_client(lead.lead_uid, a.client_uid)
                    .map_err(RouteError::Ledger)?
            {
                buf.push((
                    Reason::AlreadySentToClient,
                    format!(
                        "lead {} was already sold to client {} (shared ledger)",
                        lead.lead_uid, a.client_uid
                    ),
                ));
            }
            if buf.is_empty() || all {
                scan::checks_after_ledger(&self.c, &ctx, a, all, &mut buf);
            }
            let mut att = None;
            if buf.is_empty() || all {
                att = self
                    .view_state_checks(view, ai, sends, max_sell, opts, now, &mut buf)
                    .map_err(RouteError::Ledger)?;
            }
            match (buf.is_empty(), att) {
                (true, Some(att)) => eligible.push((ai, att)),
                _ => log.push((
                    a.order,
                    entry(a.client_uid, a.uid, std::mem::take(&mut buf), all),
                )),
            }
        }
        log.sort_by_key(|(o, _)| *o);
        let order = self.eligible_order(lt, &eligible, ctx.location);
        Ok(ScanResult {
            eligible: order
                .into_iter()
                .map(|i| self.eligible_entry(&eligible[i], now))
                .collect(),
            log: log.into_iter().map(|(_, e)| e).collect(),
            notes: ctx.lists.notes.clone(),
        })
    }

    /// Checks 12-14 of SPEC.md 4 for account `ai` against `view` (the order of
    /// `scan::state_checks`, with the lead's sends read from the view).
    #[allow(clippy::too_many_arguments)]
    fn view_state_checks(
        &self,
        view: &dyn LedgerView,
        ai: usize,
        sends: LeadSends,
        max_sell: u64,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        out: &mut Vec<Failure>,
    ) -> Result<Option<Attached>, leadroute_caps::Error> {
        let all = scan::explain_all(opts);
        let report = if all { Report::All } else { Report::First };
        let a = &self.c.accounts[ai];
        let client = &self.c.clients[a.client];
        let before = out.len();
        let cap = |k: CapKind| Reason::from_code(k.reason_code()).unwrap_or(Reason::DayMaxReached);
        let periods = a.limits.periods(now);
        for f in a.limits.check_caps(view, &periods, report)?.iter() {
            out.push((
                cap(f.kind()),
                format!(
                    "account {}: {} sends of max {} (shared ledger)",
                    a.uid,
                    f.count(),
                    f.limit()
                ),
            ));
            if !all {
                return Ok(None);
            }
        }
        if !client.caps_unlimited {
            let fails = client
                .caps
                .check_in(view, Owner::Client(client.uid), &periods, report)?;
            for f in fails.iter() {
                out.push((
                    cap(f.kind()),
                    format!(
                        "client {}: {} sends of max {} (shared ledger)",
                        client.uid,
                        f.count(),
                        f.limit()
                    ),
                ));
                if !all {
                    return Ok(None);
                }
            }
        }
        let attached = match self.state.orders.decide_indexed(
            view,
            a.client_uid,
            a.uid,
            a.price,
            a.use_order,
            now,
        )? {
            (OrderDecision::Eligible(p), pos) => Some(Attached {
                price: p.price(),
                item: pos.map_or(0, |pos| pos + 1),
                fills: p.fills_item(),
            }),
            (OrderDecision::Required, _) => {
                out.push((
                    Reason::OrderRequired,
                    "useOrder is set and no open, started, unended order has an item for this account"
                        .to_string(),
                ));
                None
            }
            (OrderDecision::Exhausted, _) => {
                out.push((
                    Reason::OrderExhausted,
                    "every usable order item for this account is full (shared ledger)".to_string(),
                ));
                None
            }
        };
        if attached.is_none() && !all {
            return Ok(None);
        }
        let max = (!opts.allow_over_max).then_some(max_sell);
        if let Some(r) = check_sale(&sends, max, a.exclusive, opts.ignore_exclusive) {
            out.push((
                reason_of(r),
                format!(
                    "the lead has {} valid send(s) in the shared ledger (max sell {max_sell})",
                    sends.count
                ),
            ));
            if all && r == Refusal::MaxSellReached && !opts.ignore_exclusive {
                if let Some(x) = check_sale(&sends, None, a.exclusive, false) {
                    out.push((reason_of(x), "exclusivity (shared ledger)".to_string()));
                }
            }
        }
        Ok(if out.len() > before { None } else { attached })
    }

    /// The reservation claim of one chosen sale.
    fn claim(
        &self,
        lead: Uid,
        ai: usize,
        s: &Sale,
        opts: &ScanOptions,
        max_sell: Option<u64>,
    ) -> Claim<'_> {
        let a = &self.c.accounts[ai];
        let client = &self.c.clients[a.client];
        Claim {
            lead,
            account: &a.limits,
            client_caps: (!client.caps_unlimited).then_some(&client.caps),
            item: (s.client_order_item_uid != 0)
                .then(|| {
                    self.state
                        .orders
                        .item(s.client_uid, s.client_order_item_uid)
                })
                .flatten(),
            price: s.price,
            exclusive: s.exclusive,
            max_sell,
            ignore_exclusive: opts.ignore_exclusive,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use leadroute_caps::{MemLedger, SharedLedger};
    use leadroute_model::{load_snapshot, parse_record, Send};

    /// Two clients for lead type 1: client 1 pays 30 (DayMax 1), client 2 pays 20.
    fn engine() -> Engine {
        let s = load_snapshot(
            r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 1, "Status": "Active", "TimeZoneName": "UTC"},
              {"ClientUID": 2, "Status": "Active", "TimeZoneName": "UTC"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 30, "AutomationEnabled": true, "DayMax": 1,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 20, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
  ]
}"#,
        );
        assert!(!s.has_errors(), "{:?}", s.problems);
        Engine::new(s)
    }

    fn lead(uid: i64, at: &str) -> Lead {
        parse_record(&format!(
            r#"{{"LeadUID": {uid}, "LeadTypeUID": 1, "DateReceived": "{at}", "Fields": {{"State": "TX"}}}}"#
        ))
        .unwrap()
    }

    fn sold_to(d: &Decision) -> Vec<Uid> {
        d.sold.iter().map(|s| s.client_account_uid).collect()
    }

    #[test]
    fn in_memory_shared_ledger_gives_the_decisions_of_route_batch() {
        let leads = vec![
            lead(2, "2026-03-09T15:10:00Z"),
            lead(1, "2026-03-09T15:00:00Z"),
            lead(3, "2026-03-10T09:00:00Z"),
        ];
        let opts = ScanOptions::automated();
        let mut plain = engine();
        let want: Vec<Decision> = plain
            .route_batch(&leads, &opts, None)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let mut e = engine();
        let shared = SharedLedger::new(MemLedger::new());
        let got: Vec<Decision> = e
            .route_batch_shared(&leads, &opts, None, &shared, TimeDelta::seconds(30))
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, want);
        // Lead 1 (15:00) fills account 10's day; lead 2 goes to 20; the next day 10 again.
        assert_eq!(
            got.iter().map(sold_to).collect::<Vec<_>>(),
            vec![vec![20], vec![10], vec![10]]
        );
        // Every sale is committed in the shared ledger, none left held.
        let l = shared.lock();
        assert_eq!((l.len(), l.live_reservations()), (3, 0));
    }

    #[test]
    fn a_buyer_the_shared_ledger_refuses_is_passed_over_with_its_reason() {
        // Another node already sold account 10 its one lead of the day: this engine's
        // view does not know, the reservation is refused, and the lead goes to 20.
        let mut e = engine();
        let other: Send = parse_record(
            r#"{"LeadUID": 99, "ClientUID": 1, "ClientAccountUID": 10,
                "DateSent": "2026-03-09T08:00:00Z", "IsValid": true}"#,
        )
        .unwrap();
        let shared = SharedLedger::new(MemLedger::from_sends([&other]));
        let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
        let opts = ScanOptions::automated();
        let d = e
            .route_shared(
                &lead(1, "2026-03-09T15:00:00Z"),
                &opts,
                now,
                &shared,
                TimeDelta::seconds(30),
            )
            .unwrap();
        assert_eq!(sold_to(&d), vec![20]);
        assert_eq!(
            serde_json::to_value(d.unsold).unwrap(),
            serde_json::json!({"day_max_reached": 1})
        );
        assert_eq!(shared.lock().live_reservations(), 0);
    }

    #[test]
    fn a_lead_held_by_another_decider_is_not_sold_twice_to_that_client() {
        let mut a = engine();
        let b = engine();
        let shared = SharedLedger::new(MemLedger::new());
        let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
        let opts = ScanOptions::automated();
        let l = lead(1, "2026-03-09T15:00:00Z");
        // Node b reserves lead 1 for client 1 and has not committed yet.
        let held = b
            .reserve_shared(&l, &opts, now, &shared, TimeDelta::seconds(30))
            .unwrap();
        assert_eq!(sold_to(held.decision()), vec![10]);
        // Node a routes the same lead: client 1 is taken, max sell 1 is reached by the
        // hold, so nothing is sold.
        let d = a
            .route_shared(&l, &opts, now, &shared, TimeDelta::seconds(30))
            .unwrap();
        assert!(d.sold.is_empty(), "{d:?}");
        assert_eq!(
            serde_json::to_value(d.unsold).unwrap(),
            serde_json::json!({"already_sent_to_client": 1, "max_sell_reached": 1})
        );
        // b's hold was left alone: it still commits.
        let mut b = b;
        let d = b.settle(held, &shared, now).unwrap();
        assert_eq!(sold_to(&d), vec![10]);
        assert_eq!(shared.lock().len(), 1);
    }
}
