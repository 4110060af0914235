//! The engine: scan, route and batch-route leads over a compiled snapshot.

use chrono::{DateTime, Utc};
use std::sync::atomic::Ordering as AtomicOrdering;
use std::sync::Arc;

use leadroute_caps::{LedgerView, Owner};
use leadroute_criteria::ZipLocator;
use leadroute_model::{Lead, Problem, Send, Snapshot, Uid};
use leadroute_sort::{AutomationType, Competitor, SentMark};
use rayon::prelude::*;

use crate::build::Compiled;
use crate::distlist::ListRestriction;
use crate::error::LeadError;
use crate::hours::{Hours, OpenSets};
use crate::options::ScanOptions;
use crate::output::{Decision, EligibleAccount, LogEntry, ReasonDetail, Sale, ScanResult};
use crate::reason::{Reason, ReasonCounts};
use crate::scan::{self, Attached, Failure, LeadCtx, LeadStanding};
use crate::select;
use crate::state::KeptVerdict;
use crate::state::State;

/// Leads routed per parallel chunk by [`Engine::route_batch`] unless
/// [`Engine::with_batch_chunk`] says otherwise: bounds the memory of the
/// state-independent results held at once.
pub const BATCH_CHUNK: usize = 2048;

/// A lead-distribution engine over one snapshot.
///
/// Built once ([`Engine::new`]); then [`Engine::scan`] answers which accounts may take a
/// lead and why the others may not, [`Engine::route`] chooses the buyers and records
/// the sales, and [`Engine::route_batch`] routes many leads with exactly the result of
/// routing them one at a time.
pub struct Engine {
    /// Shared (not copied) with the batch's prescan of the next leads, which runs while
    /// the current ones are decided.
    pub(crate) c: Arc<Compiled>,
    pub(crate) state: State,
    /// Leads per chunk of a batch ([`BATCH_CHUNK`] unless set).
    pub(crate) batch_chunk: usize,
}

/// Whether [`Engine::route`] records its sales in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Record the sales: later decisions see them (caps, orders, round robin).
    Yes,
    /// Decide only (a what-if); the ledger is unchanged.
    No,
}

/// What selection needs to know about the lead being decided.
#[derive(Clone, Copy)]
pub(crate) struct Deciding<'a> {
    pub lead: &'a Lead,
    pub lead_type: usize,
    pub now: DateTime<Utc>,
    pub location: Option<(f64, f64)>,
    /// The lead's standing in the ledger when the caller has just read it (no sale
    /// recorded since); `None`: read it again.
    pub standing: Option<LeadStanding>,
}

impl<'a> Deciding<'a> {
    pub(crate) fn of(ctx: &LeadCtx<'a>) -> Self {
        Deciding {
            lead: ctx.lead,
            lead_type: ctx.lead_type,
            now: ctx.now,
            location: ctx.location,
            standing: None,
        }
    }
}

/// The state-independent part of one lead's scan: computed in parallel in batches.
struct Prescan {
    /// The lead's location (for the Nearest policy).
    location: Option<(f64, f64)>,
    /// First failing reasons among checks 2-7, and 9-11 for accounts passing 2-7.
    counts: ReasonCounts,
    /// Accounts passing every state-independent check, in snapshot order.
    candidates: Vec<usize>,
}

impl Engine {
    /// Builds an engine from a loaded snapshot with the bundled US ZIP table.
    pub fn new(snapshot: Snapshot) -> Engine {
        Engine::with_zip_locator(snapshot, leadroute_criteria::default_locator())
    }

    /// Builds an engine from a loaded snapshot with the host's ZIP locator.
    pub fn with_zip_locator(snapshot: Snapshot, zips: Arc<dyn ZipLocator>) -> Engine {
        let (c, ledger, orders, policy) = Compiled::new(snapshot, zips);
        let caps_clear_since = (0..c.accounts.len())
            .map(|_| std::sync::atomic::AtomicI64::new(i64::MAX))
            .collect();
        let paced_clear = c
            .accounts
            .iter()
            .map(|_| std::sync::atomic::AtomicU64::new(0))
            .collect();
        let loaded = |o: Owner| {
            ledger
                .last_sent(o)
                .ok()
                .flatten()
                .map(|t| SentMark::new(t, 0))
        };
        let account_last = c
            .accounts
            .iter()
            .map(|a| loaded(Owner::Account(a.uid)))
            .collect();
        // The client's `LastSentDate` is folded in once here: round robin reads one
        // slot per candidate, not the client's record as well.
        let client_last = c
            .clients
            .iter()
            .map(|cl| {
                max_mark(
                    loaded(Owner::Client(cl.uid)),
                    cl.last_sent_date.map(|t| SentMark::new(t, 0)),
                )
            })
            .collect();
        let caps_full = (0..c.accounts.len())
            .map(|_| std::sync::atomic::AtomicU64::new(0))
            .collect();
        // Kept order decisions are reset by a sale to their client, which is exact only
        // while no item UID is shared between clients.
        let orders_known = if orders.items_belong_to_one_client() {
            (0..c.accounts.len())
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect()
        } else {
            Vec::new()
        };
        let hours = Arc::new(crate::hours::Hours::new(&c));
        Engine {
            c: Arc::new(c),
            state: State {
                caps_clear_since,
                paced_clear,
                hours,
                caps_full,
                orders_known,
                periods: std::sync::Mutex::new(leadroute_caps::PeriodCache::new()),
                spare: std::sync::Mutex::default(),
                account_last,
                client_last,
                ledger,
                orders,
                policy,
            },
            batch_chunk: BATCH_CHUNK,
        }
    }

    /// Sets how many leads [`Engine::route_batch`] takes per chunk (at least 1;
    /// [`BATCH_CHUNK`] by default). The state-independent checks of a chunk run in
    /// parallel, and those of the next chunk while the current one is decided, so
    /// larger chunks keep the threads busier and smaller ones hold less memory at
    /// once. Decisions do not depend on it.
    pub fn with_batch_chunk(mut self, leads: usize) -> Engine {
        self.batch_chunk = leads.max(1);
        self
    }

    /// Every problem of the snapshot: the loader's, then those found compiling it.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = self.c.snapshot.problems.clone();
        p.extend(self.c.problems.iter().cloned());
        p
    }

    /// The snapshot the engine was built from. Its `Sends` are not kept (they were
    /// moved into the engine's ledger, which is what routing reads), so its `sends` is
    /// empty.
    pub fn snapshot(&self) -> &Snapshot {
        &self.c.snapshot
    }

    pub(crate) fn lead_type_of(&self, lead: &Lead) -> Result<usize, LeadError> {
        lead_type_in(&self.c, lead)
    }

    pub(crate) fn standing(&self, lead: &Lead) -> LeadStanding {
        let sends = self.state.ledger.sends_of_lead(lead.lead_uid);
        LeadStanding {
            valid_sends: sends.count,
            has_exclusive: sends.exclusive,
            max_sell: self.c.max_sell(lead.vid, lead.aid),
        }
    }

    /// Scans every account for `lead` at `now` (SPEC.md section 4): the eligible
    /// accounts best first, and a log entry for each account that is not.
    ///
    /// # Errors
    /// [`LeadError`] when the lead has no usable `LeadTypeUID`.
    pub fn scan(
        &self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
    ) -> Result<ScanResult, LeadError> {
        let lt = self.lead_type_of(lead)?;
        let ctx = LeadCtx::new(&self.c, lead, lt, opts, now);
        let full = self.full_scan(&ctx, opts, true, false);
        let order = self.eligible_order(lt, &full.eligible, ctx.location);
        let eligible = order
            .into_iter()
            .map(|i| self.eligible_entry(&full.eligible[i], now))
            .collect();
        Ok(ScanResult {
            eligible,
            log: full.log,
            notes: ctx.lists.notes.clone(),
        })
    }

    /// Routes one lead at `now` (SPEC.md section 8): chooses its buyers and, with
    /// [`Record::Yes`], records the sales as ledger sends dated `now`.
    ///
    /// Round robin compares last-sent instants (milliseconds, as the ledger keeps
    /// them): accounts or clients whose latest sends share an instant tie and are
    /// ordered by UIDs, also when this engine recorded those sends (several leads
    /// routed at one `now` alternate only where the UIDs make them).
    ///
    /// # Errors
    /// [`LeadError`] when the lead has no usable `LeadTypeUID`.
    pub fn route(
        &mut self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        record: Record,
    ) -> Result<Decision, LeadError> {
        let lt = self.lead_type_of(lead)?;
        let ctx = LeadCtx::new(&self.c, lead, lt, opts, now);
        let explain = scan::explain_all(opts);
        let full = self.full_scan(&ctx, opts, explain, true);
        Ok(self.decide(
            Deciding {
                standing: Some(full.standing),
                ..Deciding::of(&ctx)
            },
            opts,
            full.eligible,
            full.unsold,
            explain.then_some(full.log),
            record,
        ))
    }

    /// Routes `leads` in order of `DateReceived` (ties in input order), each at its
    /// `DateReceived`, or all at `at` in input order when given. The result is exactly
    /// that of routing them one at a time with [`Engine::route`]; it is returned in
    /// input order. Sales are recorded.
    ///
    /// The state-independent checks run in parallel (rayon), chunk by chunk (see
    /// [`Engine::with_batch_chunk`]), the next chunk's while the current one's caps,
    /// orders, round robin and max sell are decided in one sequential pass.
    pub fn route_batch(
        &mut self,
        leads: &[Lead],
        opts: &ScanOptions,
        at: Option<DateTime<Utc>>,
    ) -> Vec<Result<Decision, LeadError>> {
        self.route_batch_with_progress(leads, opts, at, &mut |_| {})
    }

    /// [`Engine::route_batch`], calling `progress(done)` after each chunk of leads.
    pub fn route_batch_with_progress(
        &mut self,
        leads: &[Lead],
        opts: &ScanOptions,
        at: Option<DateTime<Utc>>,
        progress: &mut dyn FnMut(usize),
    ) -> Vec<Result<Decision, LeadError>> {
        let mut results: Vec<Option<Result<Decision, LeadError>>> =
            (0..leads.len()).map(|_| None).collect();
        // The routing order: by instant, ties in input order.
        let mut order: Vec<(usize, DateTime<Utc>)> = Vec::with_capacity(leads.len());
        for (i, l) in leads.iter().enumerate() {
            match at.or(l.date_received) {
                Some(t) => order.push((i, t)),
                None => results[i] = Some(Err(LeadError::NoDateReceived)),
            }
        }
        if at.is_none() {
            order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        }
        let explain = scan::explain_all(opts);
        // The state-independent phase of a chunk of leads, in parallel. It reads only
        // what the sequential phase never changes (the compiled snapshot; kept schedule
        // answers, each true for its span), so the next chunk is prescanned while the
        // current one is decided.
        let c = Arc::clone(&self.c);
        let hours = Arc::clone(&self.state.hours);
        let prescan_chunk = |chunk: &[(usize, DateTime<Utc>)]| -> Vec<Option<Prescan>> {
            if explain {
                chunk.iter().map(|_| None).collect()
            } else {
                chunk
                    .par_iter()
                    .map_init(OpenSets::default, |open, &(i, now)| {
                        prescan(&c, &hours, open, &leads[i], opts, now)
                    })
                    .collect()
            }
        };
        let chunks: Vec<&[(usize, DateTime<Utc>)]> = order.chunks(self.batch_chunk).collect();
        let mut pres = chunks.first().map(|ch| prescan_chunk(ch));
        let mut done = 0;
        for (k, chunk) in chunks.iter().enumerate() {
            let current = pres.take().unwrap_or_default();
            let next = chunks.get(k + 1);
            let (next_pres, ()) = rayon::join(
                || next.map(|ch| prescan_chunk(ch)),
                || {
                    for (&(i, now), pre) in chunk.iter().zip(current) {
                        let lead = &leads[i];
                        let r = match (pre, self.lead_type_of(lead)) {
                            (_, Err(e)) => Err(e),
                            (Some(pre), Ok(lt)) => {
                                Ok(self.route_prescanned(lead, lt, pre, opts, now))
                            }
                            (None, Ok(_)) => self.route(lead, opts, now, Record::Yes),
                        };
                        results[i] = Some(r);
                    }
                },
            );
            pres = next_pres;
            done += chunk.len();
            progress(done);
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or(Err(LeadError::NoDateReceived)))
            .collect()
    }

    /// Which accounts could take `lead` later, and when: every account whose only
    /// failing checks at `now` are time-dependent (delivery hours and caps), with the
    /// earliest instant within `horizon` at which its schedule and caps both allow
    /// delivery, assuming no new sends (`None` when not within the horizon). This is
    /// what a host schedules a deferred lead with (the source API's "schedule lead
    /// automation").
    ///
    /// Criteria are assumed to hold later as they do now (a `DateCompare` or
    /// `hour_of_day()` criterion could change with time; such an account is listed only
    /// if its criteria pass at `now`).
    ///
    /// # Errors
    /// [`LeadError`] when the lead has no usable `LeadTypeUID`.
    pub fn next_eligible(
        &self,
        lead: &Lead,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        horizon: chrono::TimeDelta,
    ) -> Result<Vec<LaterAccount>, LeadError> {
        let lt = self.lead_type_of(lead)?;
        let opts = opts.clone().explained();
        let ctx = LeadCtx::new(&self.c, lead, lt, &opts, now);
        let full = self.full_scan(&ctx, &opts, true, false);
        let timed = |r: Reason| r == Reason::OutsideDeliveryHours || r.is_cap();
        let mut out = Vec::new();
        for e in &full.log {
            let reasons: Vec<Reason> = e
                .reasons
                .as_ref()
                .map(|rs| rs.iter().map(|r| r.reason).collect())
                .unwrap_or_default();
            if reasons.is_empty() || !reasons.iter().all(|r| timed(*r)) {
                continue;
            }
            let Some(a) = self
                .c
                .accounts
                .iter()
                .find(|a| a.uid == e.client_account_uid && a.client_uid == e.client_uid)
            else {
                continue;
            };
            let client = &self.c.clients[a.client];
            let client_caps = (!client.caps_unlimited).then_some(&client.caps);
            let at = a
                .limits
                .next_eligible(&self.state.ledger, client_caps, now, horizon)
                .ok()
                .flatten();
            out.push(LaterAccount {
                client_uid: a.client_uid,
                client_account_uid: a.uid,
                eligible_at: at,
                reasons,
            });
        }
        Ok(out)
    }

    /// The sequential phase of a batch for one lead.
    fn route_prescanned(
        &mut self,
        lead: &Lead,
        lt: usize,
        pre: Prescan,
        opts: &ScanOptions,
        now: DateTime<Utc>,
    ) -> Decision {
        let standing = self.standing(lead);
        if standing.valid_sends > 0 {
            // The lead has sends already: "already sent to client" (check 8) may come
            // before a failure of checks 9-11, so take the exact sequential path.
            let ctx = LeadCtx::new(&self.c, lead, lt, opts, now);
            let full = self.full_scan(&ctx, opts, false, true);
            return self.decide(
                Deciding {
                    standing: Some(full.standing),
                    ..Deciding::of(&ctx)
                },
                opts,
                full.eligible,
                full.unsold,
                None,
                Record::Yes,
            );
        }
        let mut unsold = pre.counts;
        self.add_outside_counts(lt, &mut unsold);
        let eligible = self.state_pass(&pre.candidates, standing, opts, now, true, &mut unsold);
        let d = Deciding {
            lead,
            lead_type: lt,
            now,
            location: pre.location,
            standing: Some(standing),
        };
        self.decide(d, opts, eligible, unsold, None, Record::Yes)
    }

    fn add_outside_counts(&self, lt: usize, unsold: &mut ReasonCounts) {
        // ok: counts of accounts fit in u32
        unsold.add(Reason::Misconfigured, self.c.misconfigured.len() as u32);
        unsold.add(Reason::LeadTypeMismatch, self.c.other_type_count(Some(lt)));
    }

    /// Every check for every account, sequentially. `keep`: the caller holds the engine
    /// exclusively, and routing may keep its verdicts (see [`Engine::state_pass`]).
    pub(crate) fn full_scan(
        &self,
        ctx: &LeadCtx<'_>,
        opts: &ScanOptions,
        want_log: bool,
        keep: bool,
    ) -> FullScan {
        let all = scan::explain_all(opts);
        if !want_log && !all {
            return self.count_scan(ctx, opts, keep);
        }
        let lt = ctx.lead_type;
        let standing = self.standing(ctx.lead);
        let mut unsold = ReasonCounts::default();
        let mut log: Vec<(usize, LogEntry)> = Vec::new();
        let mut eligible = Vec::new();
        let lead_type_uid = self.c.lead_types[lt].record.lead_type_uid;
        for (order, m) in &self.c.misconfigured {
            unsold.add(Reason::Misconfigured, 1);
            if want_log {
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
        }
        let mut buf: Vec<Failure> = Vec::new();
        for (ai, a) in self.c.accounts.iter().enumerate() {
            if a.lead_type != lead_type_uid {
                unsold.add(Reason::LeadTypeMismatch, 1);
                if want_log {
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
                }
                continue;
            }
            buf.clear();
            scan::checks_before_ledger(&self.c, ctx, a, opts, all, &mut buf);
            if buf.is_empty() || all {
                if let Some(f) = scan::check_already_sent(&self.state, ctx.lead.lead_uid, a) {
                    buf.push(f);
                }
            }
            if buf.is_empty() || all {
                scan::checks_after_ledger(&self.c, ctx, a, all, &mut buf);
            }
            let mut att = None;
            if buf.is_empty() || all {
                att =
                    scan::state_checks(&self.c, &self.state, a, standing, opts, ctx.now, &mut buf);
            }
            match (buf.is_empty(), att) {
                (true, Some(att)) => eligible.push((ai, att)),
                _ => {
                    let first = buf.first().map_or(Reason::CriteriaFailed, |f| f.0);
                    unsold.add(first, 1);
                    if want_log {
                        log.push((
                            a.order,
                            entry(a.client_uid, a.uid, std::mem::take(&mut buf), all),
                        ));
                    }
                }
            }
        }
        log.sort_by_key(|(o, _)| *o);
        FullScan {
            eligible,
            unsold,
            log: log.into_iter().map(|(_, e)| e).collect(),
            standing,
        }
    }

    /// [`Engine::full_scan`] when only the first reasons are counted (routing): the same
    /// checks in the same order over the lead type's accounts (the others are counted
    /// at once), without detail texts. A lead without sends was sent to no client.
    fn count_scan(&self, ctx: &LeadCtx<'_>, opts: &ScanOptions, keep: bool) -> FullScan {
        let lt = ctx.lead_type;
        let standing = self.standing(ctx.lead);
        let mut unsold = ReasonCounts::default();
        self.add_outside_counts(lt, &mut unsold);
        let mut candidates = self.state.take_spare(|spare| &mut spare.candidates);
        // A lead with sends: check 8 (already sent to the client) between force ids and
        // distribution lists; without, it passes for every account.
        // The clients the lead went to, when the ledger can list them (no live
        // reservation of the lead): a lead has a few sends. Else the ledger is asked
        // once per client (by client index: 0 not asked, 1 sent, 2 not sent).
        let lead_uid = ctx.lead.lead_uid;
        let listed = if standing.valid_sends > 0 {
            self.state.ledger.sent_clients(lead_uid)
        } else {
            None
        };
        let mut asked = Memo::new(if standing.valid_sends > 0 && listed.is_none() {
            self.c.clients.len()
        } else {
            0
        });
        let mut sent = |ai: usize| {
            let h = &self.c.hot[ai];
            match &listed {
                Some(list) => list.contains(&h.client_uid),
                None => asked.get_or(h.client as usize, || {
                    self.state.ledger.has_sent(lead_uid, h.client_uid)
                }),
            }
        };
        let mut open = self.state.hours.open.try_lock().ok();
        independent_pass(
            &self.c,
            &self.state.hours,
            open.as_deref_mut(),
            ctx,
            opts,
            (standing.valid_sends > 0).then_some(&mut sent as &mut dyn FnMut(usize) -> bool),
            &mut unsold,
            &mut candidates,
        );
        let eligible = self.state_pass(&candidates, standing, opts, ctx.now, keep, &mut unsold);
        candidates.clear();
        if let Ok(mut spare) = self.state.spare.try_lock() {
            spare.candidates = candidates;
        }
        FullScan {
            eligible,
            unsold,
            log: Vec::new(),
            standing,
        }
    }

    /// Checks 12-14 of the accounts `candidates` (each passing every other check) for a
    /// lead of standing `standing`, first reasons only: the eligible accounts with their
    /// attachments, in the order given; the others' first failing reasons are added to
    /// `unsold`. For a lead without sends whose max sell leaves room, check 14 passes
    /// for every account, so checks 12-13 alone decide: they are answered from the
    /// account's kept verdict ([`crate::build::Hot::verdict`]) when `now` is inside its
    /// span, else checked, and kept when `keep` (the caller holds the engine
    /// exclusively, so no other decision reads the verdict and its price half-written).
    fn state_pass(
        &self,
        candidates: &[usize],
        standing: LeadStanding,
        opts: &ScanOptions,
        now: DateTime<Utc>,
        keep: bool,
        unsold: &mut ReasonCounts,
    ) -> Vec<(usize, Attached)> {
        let mut eligible = self.state.take_spare(|spare| &mut spare.eligible);
        eligible.reserve(candidates.len());
        // Filled only for the accounts checked afresh, a few per lead.
        let mut buf: Vec<Failure> = Vec::new();
        // The periods of each zone at `now`, kept across leads (they change at local
        // midnight); held by a concurrent shared reservation: a fresh cache.
        let mut kept_periods = self.state.periods.try_lock().ok();
        let mut fresh_periods = leadroute_caps::PeriodCache::new();
        let periods = kept_periods.as_deref_mut().unwrap_or(&mut fresh_periods);
        let now_ms = now.timestamp_millis();
        let now_s = now_ms.div_euclid(1000);
        let fresh = standing.valid_sends == 0
            && !standing.has_exclusive
            && (opts.allow_over_max || standing.max_sell > 0)
            && !scan::explain_all(opts);
        let keep = keep && fresh;
        let hot = &self.c.hot[..];
        for &ai in candidates {
            let h = &hot[ai];
            let known = if fresh {
                crate::state::verdict_answer(h.verdict.load(AtomicOrdering::Relaxed), now_s)
            } else {
                None
            };
            match known {
                Some(KeptVerdict::NoOrder) => {
                    eligible.push((
                        ai,
                        Attached {
                            price: h.price,
                            item: 0,
                            fills: false,
                        },
                    ));
                    continue;
                }
                Some(KeptVerdict::Item { pos, fills }) => {
                    let price = h.verdict_price.load(AtomicOrdering::Relaxed);
                    eligible.push((
                        ai,
                        Attached {
                            price: crate::state::unpack_price(price),
                            item: pos + 1,
                            fills,
                        },
                    ));
                    continue;
                }
                Some(KeptVerdict::Fails(r)) => {
                    unsold.add(r, 1);
                    continue;
                }
                None => {}
            }
            buf.clear();
            let checked = scan::state_checks_in(
                &self.c,
                &self.state,
                ai,
                standing,
                opts,
                now,
                now_ms,
                Some(&mut *periods),
                false,
                &mut buf,
            );
            let outcome = match checked {
                Some(att) => Ok(att),
                None => Err(buf.first().map_or(Reason::CriteriaFailed, |f| f.0)),
            };
            if keep {
                self.keep_verdict(ai, &outcome, now_ms);
            }
            match outcome {
                Ok(att) => eligible.push((ai, att)),
                Err(r) => unsold.add(r, 1),
            }
        }
        eligible
    }

    /// Keeps routing's answer `outcome` of checks 12-13 of account `ai` at `now_ms` as its
    /// verdict, over the span the kept answers it was read from hold over; when a part
    /// of it was not kept, or it does not pack, the old verdict is cleared.
    fn keep_verdict(&self, ai: usize, outcome: &Result<Attached, Reason>, now_ms: i64) {
        let h = &self.c.hot[ai];
        let on_caps = matches!(outcome, Err(r) if r.is_cap());
        let kept = match outcome {
            Ok(att) if att.item == 0 => Some(KeptVerdict::NoOrder),
            Ok(att) => crate::state::pack_price(att.price).map(|p| {
                h.verdict_price.store(p, AtomicOrdering::Relaxed);
                KeptVerdict::Item {
                    pos: att.item - 1,
                    fills: att.fills,
                }
            }),
            Err(r) => Some(KeptVerdict::Fails(*r)),
        };
        let word = kept
            .zip(self.state.verdict_span(ai, h, on_caps, now_ms))
            .and_then(|(k, (from, until))| crate::state::pack_verdict(from, until, now_ms, k));
        h.verdict.store(word.unwrap_or(0), AtomicOrdering::Relaxed);
    }

    /// The order and item UIDs of attachment `att` of account `ai` ((0, 0) without an
    /// order).
    pub(crate) fn order_uids(&self, ai: usize, att: &Attached) -> (Uid, Uid) {
        let Some(pos) = att.item.checked_sub(1) else {
            return (0, 0);
        };
        // The position came from the client's items, which do not change: always found.
        self.state
            .orders
            .pick_of(self.c.hot[ai].client_uid, pos, att.price, att.fills)
            .map_or((0, 0), |p| (p.order_uid(), p.item_uid()))
    }

    /// The instant of the account's latest valid send.
    pub(crate) fn account_last_mark(&self, ai: usize) -> Option<SentMark> {
        self.state.account_last.get(ai).copied().flatten()
    }

    /// The later of the client's `LastSentDate` and its latest valid send.
    pub(crate) fn client_last_mark(&self, ci: usize) -> Option<SentMark> {
        self.state.client_last.get(ci).copied().flatten()
    }

    /// The compiled snapshot and the state, for the listing.
    pub(crate) fn parts(&self) -> (&Compiled, &State) {
        (&self.c, &self.state)
    }

    /// The eligible accounts `eligible` of lead type `lt` as selection reads them, for a
    /// lead at `location`.
    fn view<'a>(
        &'a self,
        lt: usize,
        eligible: &'a [(usize, Attached)],
        location: Option<(f64, f64)>,
    ) -> EligibleView<'a> {
        let hot = &self.c.hot;
        EligibleView {
            e: self,
            hots: eligible.iter().map(|&(ai, _)| &hot[ai]).collect(),
            account_last: &self.state.account_last,
            client_last: &self.state.client_last,
            shares: &self.c.client_shares,
            eligible,
            policy: self.c.lead_types[lt].policy,
            location,
        }
    }

    /// The scan's best-first order. The lead's location ranks `Nearest` as routing does.
    pub(crate) fn eligible_order(
        &self,
        lt: usize,
        eligible: &[(usize, Attached)],
        location: Option<(f64, f64)>,
    ) -> Vec<usize> {
        let picks = self.view(lt, eligible, location);
        let uid = self.c.lead_types[lt].record.lead_type_uid;
        let empty = leadroute_sort::PolicyState::new();
        let state = self.state.policy.get(&uid).unwrap_or(&empty);
        select::scan_order(&picks, self.c.lead_types[lt].policy, state)
    }

    pub(crate) fn eligible_entry(
        &self,
        e: &(usize, Attached),
        now: DateTime<Utc>,
    ) -> EligibleAccount {
        let a = &self.c.accounts[e.0];
        let (order_uid, item_uid) = self.order_uids(e.0, &e.1);
        EligibleAccount {
            client_uid: a.client_uid,
            client_account_uid: a.uid,
            client_order_uid: order_uid,
            client_order_item_uid: item_uid,
            automation: a.automation,
            price: e.1.price,
            deliver_at: scan::deliver_at(now, a),
            exclusive: a.exclusive,
            in_testing: a.in_testing,
            fills_order_item: e.1.fills,
        }
    }

    /// Selection and recording, shared by every routing path.
    fn decide(
        &mut self,
        ctx: Deciding<'_>,
        opts: &ScanOptions,
        eligible: Vec<(usize, Attached)>,
        unsold: ReasonCounts,
        log: Option<Vec<LogEntry>>,
        record: Record,
    ) -> Decision {
        let chosen = self.choose(ctx, opts, &eligible, record == Record::Yes);
        if record == Record::Yes {
            self.record_sales(ctx.lead.lead_uid, ctx.now, &chosen);
        }
        let mut eligible = eligible;
        eligible.clear();
        if let Ok(spare) = self.state.spare.get_mut() {
            spare.eligible = eligible;
        }
        Decision {
            lead_uid: ctx.lead.lead_uid,
            sold: chosen.sold,
            unsold,
            log,
            decided_at: ctx.now,
        }
    }

    /// Steps 1-4 of SPEC.md 8 over `eligible`: the buyers, best first, and (with
    /// `for_record`) what the stateful policies need to record their sales.
    pub(crate) fn choose(
        &self,
        ctx: Deciding<'_>,
        opts: &ScanOptions,
        eligible: &[(usize, Attached)],
        for_record: bool,
    ) -> Chosen {
        let lt = ctx.lead_type;
        let now = ctx.now;
        let standing = ctx.standing.unwrap_or_else(|| self.standing(ctx.lead));
        let max_buyers = if opts.allow_over_max {
            usize::MAX
        } else {
            usize::try_from(standing.max_sell.saturating_sub(standing.valid_sends))
                .unwrap_or(usize::MAX)
        };
        let picks = self.view(lt, eligible, ctx.location);
        let policy = self.c.lead_types[lt].policy;
        let uid = self.c.lead_types[lt].record.lead_type_uid;
        let sel = {
            let empty = leadroute_sort::PolicyState::new();
            let state = self.state.policy.get(&uid).unwrap_or(&empty);
            select::select(&picks, policy, state, max_buyers, opts.ignore_exclusive)
        };
        let mut sold = Vec::with_capacity(sel.buyers.len());
        for &b in &sel.buyers {
            let (ai, att) = &eligible[b];
            let a = &self.c.accounts[*ai];
            let (order_uid, item_uid) = self.order_uids(*ai, att);
            sold.push(Sale {
                client_uid: a.client_uid,
                client_account_uid: a.uid,
                client_order_uid: order_uid,
                client_order_item_uid: item_uid,
                price: att.price,
                deliver_at: scan::deliver_at(now, a),
                exclusive: sel.exclusive,
            });
        }
        // Only the stateful policies record anything of the pool.
        let stateful = matches!(
            policy,
            leadroute_sort::Policy::Weighted | leadroute_sort::Policy::Percentage
        );
        // They read each competing client's UID, weight and target share only, all
        // found from the client's index.
        let pool = if sold.is_empty() || !stateful || !for_record {
            Vec::new()
        } else {
            sel.ranked_pool
                .iter()
                .map(|&i| picks.hot(i).client)
                .collect()
        };
        Chosen {
            accounts: sel.buyers.iter().map(|&b| eligible[b].0).collect(),
            buyers: sel.buyers,
            sold,
            pool,
            lead_type_uid: uid,
            policy,
        }
    }

    /// Records the sales of `chosen` as ledger sends dated `now`, with the round-robin
    /// marks and the policy state.
    pub(crate) fn record_sales(&mut self, lead_uid: Uid, now: DateTime<Utc>, chosen: &Chosen) {
        for (s, &ai) in chosen.sold.iter().zip(&chosen.accounts) {
            self.state.ledger.record(&Send {
                lead_uid,
                client_uid: s.client_uid,
                client_account_uid: s.client_account_uid,
                client_order_uid: s.client_order_uid,
                client_order_item_uid: s.client_order_item_uid,
                date_sent: now,
                is_valid: true,
                price: s.price,
                exclusive: s.exclusive,
            });
            // The ledger keeps milliseconds; the marks follow it. A mark is the latest
            // instant alone: sales recorded at one instant tie, as loaded sends at one
            // instant do, and round robin breaks the tie by UIDs (SPEC.md 8).
            let at = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
            let bump = |m: &mut Option<SentMark>| {
                let t = m.map_or(at, |m| m.at().max(at));
                *m = Some(SentMark::new(t, 0));
            };
            if let Some(m) = self.state.account_last.get_mut(ai) {
                bump(m);
            }
            if let Some(&ci) = self.c.client_index.get(&s.client_uid) {
                if let Some(m) = self.state.client_last.get_mut(ci) {
                    bump(m);
                }
                self.state
                    .forget_caps_clear(&self.c.hot, &self.c.client_accounts[ci]);
            }
        }
        if !chosen.pool.is_empty() && !chosen.sold.is_empty() {
            // Every buyer's sale, in order, in one call: the weighted credits of a
            // lead's sales then take one pass over the pool.
            let buyers: Vec<Uid> = chosen.sold.iter().map(|s| s.client_uid).collect();
            let state = self.state.policy.entry(chosen.lead_type_uid).or_default();
            let shares = &self.c.client_shares;
            let pool = chosen.pool.iter().map(|&ci| shares[ci as usize]);
            // ok to ignore: the buyers are in the pool by construction
            let _ = state.record_sales_among(chosen.policy, pool, &buyers);
        }
    }
}

/// The eligible accounts of one lead read in place for selection: ranking values from
/// the compiled accounts ([`crate::build::Hot`]), the effective price and order from
/// each account's attachment, last-sent marks from the state. Only what selection
/// compares is read: last-sent marks only where a round-robin choice compares them
/// (account marks under automation `RoundRobin`, client marks under policy
/// `RoundRobin`), distances only under policy `Nearest`; the others read as unset.
pub(crate) struct EligibleView<'a> {
    e: &'a Engine,
    /// The `Hot` record of each eligible account, by position: read many times for
    /// every candidate, each read then one index.
    hots: Vec<&'a crate::build::Hot>,
    /// The engine's round-robin marks and client shares, held directly: read for
    /// every candidate, without going through the engine each time.
    account_last: &'a [Option<SentMark>],
    client_last: &'a [Option<SentMark>],
    shares: &'a [Competitor],
    eligible: &'a [(usize, Attached)],
    policy: leadroute_sort::Policy,
    location: Option<(f64, f64)>,
}

impl EligibleView<'_> {
    #[inline]
    fn hot(&self, i: usize) -> &crate::build::Hot {
        self.hots[i]
    }
    /// The weight and target share of the client of the account at `i`.
    #[inline]
    fn share(&self, i: usize) -> &Competitor {
        &self.shares[self.hot(i).client as usize]
    }
}

impl leadroute_sort::CandidateView for EligibleView<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.eligible.len()
    }
    #[inline]
    fn client_uid(&self, i: usize) -> i64 {
        self.hot(i).client_uid
    }
    #[inline]
    fn account_uid(&self, i: usize) -> i64 {
        self.hot(i).uid
    }
    #[inline]
    fn uids(&self, i: usize) -> (i64, i64) {
        let h = self.hot(i);
        (h.client_uid, h.uid)
    }
    #[inline]
    fn price(&self, i: usize) -> rust_decimal::Decimal {
        self.eligible[i].1.price
    }
    #[inline]
    fn account_priority(&self, i: usize) -> i32 {
        self.hot(i).priority
    }
    #[inline]
    fn client_priority(&self, i: usize) -> i32 {
        self.hot(i).client_priority
    }
    #[inline]
    fn account_last_sent(&self, i: usize) -> Option<SentMark> {
        (self.hot(i).automation == AutomationType::RoundRobin)
            .then(|| self.account_last.get(self.eligible[i].0).copied().flatten())
            .flatten()
    }
    #[inline]
    fn client_last_sent(&self, i: usize) -> Option<SentMark> {
        (self.policy == leadroute_sort::Policy::RoundRobin)
            .then(|| {
                let ci = self.hot(i).client as usize;
                self.client_last.get(ci).copied().flatten()
            })
            .flatten()
    }
    #[inline]
    fn weight(&self, i: usize) -> leadroute_sort::Weight {
        self.share(i).weight
    }
    #[inline]
    fn target(&self, i: usize) -> leadroute_sort::TargetShare {
        self.share(i).target
    }
    fn distance(&self, i: usize) -> Option<leadroute_sort::Miles> {
        if self.policy != leadroute_sort::Policy::Nearest {
            return None;
        }
        let a = &self.e.c.accounts[self.eligible[i].0];
        let target = self.e.c.clients[a.client].location.or(a.origin);
        match (self.location, target) {
            (Some(l), Some(t)) => Compiled::miles(l, t),
            _ => None,
        }
    }
}

impl select::Eligible for EligibleView<'_> {
    #[inline]
    fn exclusive(&self, i: usize) -> bool {
        self.hot(i).has(crate::build::HOT_EXCLUSIVE)
    }
    #[inline]
    fn automation(&self, i: usize) -> AutomationType {
        self.hot(i).automation
    }
}

/// The buyers [`Engine::choose`] picked for a lead.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    /// Indices into the eligible list, best first.
    pub buyers: Vec<usize>,
    /// The sales, in the same order.
    pub sold: Vec<Sale>,
    /// The buyers' accounts (indices into the compiled accounts), in the same order.
    pub accounts: Vec<usize>,
    /// The one-per-client pool that was ranked, for the stateful policies' records (empty
    /// when nothing sold, the policy keeps no state or no record was asked for), as
    /// client indices: those records read each client's UID, weight and target share.
    pub pool: Vec<u32>,
    pub lead_type_uid: Uid,
    pub policy: leadroute_sort::Policy,
}

/// An account that could take a lead later ([`Engine::next_eligible`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LaterAccount {
    /// The buyer.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// The delivery account.
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// The earliest instant it could take the lead, if within the horizon.
    #[serde(
        rename = "EligibleAt",
        serialize_with = "crate::output::ser_opt_instant"
    )]
    pub eligible_at: Option<DateTime<Utc>>,
    /// What keeps it from taking the lead now.
    #[serde(rename = "Reasons")]
    pub reasons: Vec<Reason>,
}

/// The sequential scan's result.
pub(crate) struct FullScan {
    /// The lead's standing in the ledger the scan read.
    pub standing: LeadStanding,
    pub eligible: Vec<(usize, Attached)>,
    pub unsold: ReasonCounts,
    pub log: Vec<LogEntry>,
}

pub(crate) fn entry(
    client_uid: Uid,
    account_uid: Uid,
    failures: Vec<Failure>,
    all: bool,
) -> LogEntry {
    let (reason, detail) = failures
        .first()
        .cloned()
        .unwrap_or((Reason::Misconfigured, String::new()));
    LogEntry {
        client_uid,
        client_account_uid: account_uid,
        reason,
        detail,
        reasons: all.then(|| {
            failures
                .into_iter()
                .map(|(reason, detail)| ReasonDetail { reason, detail })
                .collect()
        }),
    }
}

fn max_mark(a: Option<SentMark>, b: Option<SentMark>) -> Option<SentMark> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if (x.at(), x.seq()) >= (y.at(), y.seq()) {
            x
        } else {
            y
        }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The lead type index of `lead` in `c`.
fn lead_type_in(c: &Compiled, lead: &Lead) -> Result<usize, LeadError> {
    let uid = lead.lead_type_uid.ok_or(LeadError::NoLeadType)?;
    c.lead_type_index
        .get(&uid)
        .copied()
        .ok_or(LeadError::UnknownLeadType(uid))
}

/// The state-independent phase of a batch for one lead (`None`: unknown lead type).
/// Reads only the compiled snapshot and the kept schedule answers (whose every entry is
/// true for its span whoever wrote it), so it may run while other leads are decided.
fn prescan(
    c: &Compiled,
    hours: &Hours,
    open: &mut OpenSets,
    lead: &Lead,
    opts: &ScanOptions,
    now: DateTime<Utc>,
) -> Option<Prescan> {
    let lt = lead_type_in(c, lead).ok()?;
    let ctx = LeadCtx::new(c, lead, lt, opts, now);
    let mut counts = ReasonCounts::default();
    let mut candidates = Vec::new();
    independent_pass(
        c,
        hours,
        Some(open),
        &ctx,
        opts,
        None,
        &mut counts,
        &mut candidates,
    );
    Some(Prescan {
        location: ctx.location,
        counts,
        candidates,
    })
}

/// Checks 2-7 and 9-11 (every state-independent check) of the lead type's accounts:
/// adds the first failing reasons to `counts` and the passing accounts, in snapshot
/// order, to `candidates`. Checks 2-6 come from the build's
/// [`crate::build::StaticPass`] bitset and the criteria from the index's bitset, so
/// only accounts passing checks 2-6 are read: force ids (check 7) account by account
/// when the request or lead names some, distribution lists (check 9) as a bitset of
/// the accounts whose client every applicable list allows, then the criteria a word at
/// a time and the delivery hours a word at a time too, from the lead type's answers kept
/// across leads ([`crate::hours`]). Check 8 (already sent to the client) is
/// `already_sent(account index)` for a lead with sends; `None` (a lead without sends,
/// the batch's parallel phase) passes it for every account.
#[allow(clippy::too_many_arguments)]
fn independent_pass(
    c: &Compiled,
    hours: &Hours,
    open: Option<&mut OpenSets>,
    ctx: &LeadCtx<'_>,
    opts: &ScanOptions,
    mut already_sent: Option<&mut dyn FnMut(usize) -> bool>,
    counts: &mut ReasonCounts,
    candidates: &mut Vec<usize>,
) {
    let lt = &c.lead_types[ctx.lead_type];
    let key = crate::build::static_key(opts.scan_type, opts.automated);
    let Some(sp) = lt.static_pass.get(key) else {
        for &ai in &lt.accounts {
            let a = &c.accounts[ai];
            let first = scan::first_before_ledger(c, ctx, a, opts)
                .or_else(|| {
                    already_sent
                        .as_mut()
                        .is_some_and(|sent| sent(ai))
                        .then_some(Reason::AlreadySentToClient)
                })
                .or_else(|| scan::first_after_ledger(ctx, a));
            match first {
                Some(r) => counts.add(r, 1),
                None => candidates.push(ai),
            }
        }
        return;
    };
    counts.merge(&sp.counts);
    let matched = ctx.criteria.words();
    let allowed = ctx
        .lists
        .restricts()
        .then(|| allowed_positions(c, ctx.lead_type, &ctx.lists));
    // Room for every account passing checks 2-6 and the criteria, once.
    let both: u32 = sp
        .bits
        .iter()
        .zip(matched)
        .map(|(s, c)| (s & c).count_ones())
        .sum();
    candidates.reserve(both as usize);
    // The delivery hours of every account of the lead type as words, kept across
    // leads; without them, each account's schedule is asked.
    let open = open.map(|o| o.at(hours, c, ctx.lead_type, ctx.now, ctx.now_s));
    let (mut not_forced, mut sent_before, mut excluded, mut failed) = (0u32, 0u32, 0u32, 0u32);
    let mut outside = 0u32;
    // Whether each client's own ForceID is among the lead's, asked once per client.
    let mut client_forced = Memo::new(if ctx.force.is_some() {
        c.clients.len()
    } else {
        0
    });
    for (w, &passing) in sp.bits.iter().enumerate() {
        // Accounts passing checks 2-6, narrowed check by check in SPEC.md order.
        let mut word = passing;
        if let Some(force) = &ctx.force {
            let mut m = word;
            while m != 0 {
                let b = m.trailing_zeros();
                m &= m - 1;
                // `scan::is_forced`: the account's own ForceID (looked up only for the
                // accounts that have one), else its client's, asked once per client.
                let ai = lt.accounts[w * 64 + b as usize];
                let h = &c.hot[ai];
                let forced = (h.has(crate::build::HOT_FORCE_ID)
                    && scan::names_forced(&c.accounts[ai].force_id, force))
                    || client_forced.get_or(h.client as usize, || {
                        scan::names_forced(&c.clients[h.client as usize].force_id, force)
                    });
                if !forced {
                    word &= !(1u64 << b);
                    not_forced += 1;
                }
            }
        }
        if let Some(sent) = already_sent.as_mut() {
            let mut m = word;
            while m != 0 {
                let b = m.trailing_zeros();
                m &= m - 1;
                if sent(lt.accounts[w * 64 + b as usize]) {
                    word &= !(1u64 << b);
                    sent_before += 1;
                }
            }
        }
        if let Some(allowed) = &allowed {
            let ok = allowed.get(w).copied().unwrap_or(0);
            excluded += (word & !ok).count_ones();
            word &= ok;
        }
        // Those failing the criteria are only counted, a word at a time; the others
        // go on to delivery hours.
        let crit = matched.get(w).copied().unwrap_or(0);
        failed += (word & !crit).count_ones();
        let mut m = word & crit;
        if let Some(open) = open {
            // Those outside their delivery hours are only counted, a word at a time.
            let inside = open.get(w).copied().unwrap_or(0);
            outside += (m & !inside).count_ones();
            m &= inside;
            while m != 0 {
                let pos = w * 64 + m.trailing_zeros() as usize;
                m &= m - 1;
                candidates.push(lt.accounts[pos]);
            }
            continue;
        }
        while m != 0 {
            let pos = w * 64 + m.trailing_zeros() as usize;
            m &= m - 1;
            // Delivery hours: the schedule's kept answer when `now` is inside its span,
            // else asked of the schedule's first account and kept. Each account is
            // pushed and taken back off when outside: no branch on that answer, which
            // varies from account to account without pattern.
            let (ai, s) = lt.schedule_of[pos];
            let s = s as usize;
            let rep = &c.accounts[lt.schedules[s]];
            let (yes, _) = hours.deliverable_span(ctx.lead_type, s, rep, ctx.now, ctx.now_s);
            candidates.push(ai as usize);
            candidates.truncate(candidates.len() - usize::from(!yes));
            outside += u32::from(!yes);
        }
    }
    counts.add(Reason::OutsideDeliveryHours, outside);
    counts.add(Reason::NotForced, not_forced);
    counts.add(Reason::AlreadySentToClient, sent_before);
    counts.add(Reason::DistributionList, excluded);
    counts.add(Reason::CriteriaFailed, failed);
}

/// Yes-or-no answers kept by index for one lead, each asked at most once.
struct Memo(Vec<u8>);

impl Memo {
    /// Room for indices `0..n` (0 not asked, 1 yes, 2 no).
    fn new(n: usize) -> Memo {
        Memo(vec![0; n])
    }

    /// The answer at `i`, from `ask` the first time (every time for an index out of
    /// range).
    #[inline]
    fn get_or(&mut self, i: usize, ask: impl FnOnce() -> bool) -> bool {
        match self.0.get_mut(i) {
            Some(0) | None => {
                let yes = ask();
                if let Some(k) = self.0.get_mut(i) {
                    *k = if yes { 1 } else { 2 };
                }
                yes
            }
            Some(k) => *k == 1,
        }
    }
}

/// The positions (in lead type `lt`) of the accounts whose client every list of
/// `lists` allows, as a bitset in the layout of [`leadroute_criteria::Matches`].
fn allowed_positions(c: &Compiled, lt: usize, lists: &ListRestriction) -> Vec<u64> {
    let rt = &c.lead_types[lt];
    let words = rt.accounts.len().div_ceil(64);
    let mut allowed = vec![u64::MAX; words];
    let mut bits = vec![0u64; words];
    for clients in lists.allowed_sets() {
        bits.fill(0);
        for uid in clients {
            let Some(&ci) = c.client_index.get(uid) else {
                continue;
            };
            for &ai in &c.client_accounts[ci] {
                let a = &c.accounts[ai];
                if a.lead_type == rt.record.lead_type_uid && rt.accounts.get(a.pos) == Some(&ai) {
                    bits[a.pos / 64] |= 1u64 << (a.pos % 64);
                }
            }
        }
        allowed.iter_mut().zip(&bits).for_each(|(x, b)| *x &= b);
    }
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use leadroute_model::{load_snapshot, parse_record};

    fn engine() -> Engine {
        let s = load_snapshot(
            r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 7, "Status": "Active", "TimeZoneName": "America/New_York"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 30, "AutomationEnabled": true, "DayMax": 1,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 71, "ClientUID": 7, "Status": 12, "Price": 20, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1, "DeliveryDays": [
        {"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}]}},
    {"ClientAccountUID": 72, "ClientUID": 7, "Status": 11, "Price": 20, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
  ],
  "Sends": [{"LeadUID": 99, "ClientUID": 7, "ClientAccountUID": 70, "DateSent": "2026-03-14T14:00:00Z", "IsValid": true}]
}"#,
        );
        assert!(!s.has_errors(), "{:?}", s.problems);
        Engine::new(s)
    }

    #[test]
    fn an_order_decision_far_from_any_order_boundary_is_kept_for_the_next_lead() {
        // The order opened 14 months before the lead and never ends: the decision holds
        // from then on, and the kept span must contain the lead's instant.
        let s = load_snapshot(
            r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 7, "Status": "Active", "TimeZoneName": "America/New_York"}],
  "DeliveryAccounts": [{"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 30,
     "AutomationEnabled": true, "useOrder": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}],
  "Orders": [{"ClientOrderUID": 5, "ClientUID": 7, "Status": "Open", "StartDate": "2025-01-01T00:00:00Z",
     "Items": [{"ClientOrderItemUID": 50, "ClientAccountUID": 70, "Qty": 9, "Price": 25}]}]
}"#,
        );
        assert!(!s.has_errors(), "{:?}", s.problems);
        let mut e = Engine::new(s);
        let lead: Lead =
            parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "NY"}}"#).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 15, 0, 0).unwrap();
        let d = e
            .route(&lead, &ScanOptions::automated(), now, Record::No)
            .unwrap();
        assert_eq!(d.sold.len(), 1);
        assert_eq!(d.sold[0].client_order_item_uid, 50);
        let word = e.state.orders_known[0].load(std::sync::atomic::Ordering::Relaxed);
        let later = now + chrono::TimeDelta::days(30);
        for t in [now, later] {
            assert_eq!(
                crate::state::order_answer(word, t.timestamp_millis()),
                Some(crate::state::KeptOrder::Item {
                    pos: 0,
                    fills: false
                }),
                "{t}"
            );
        }
    }

    #[test]
    fn next_eligible_lists_time_bound_accounts_with_their_instant() {
        let e = engine();
        let lead: Lead =
            parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "NY"}}"#).unwrap();
        // Saturday 2026-03-14 15:00 UTC = 11:00 EDT.
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 15, 0, 0).unwrap();
        let later = e
            .next_eligible(
                &lead,
                &ScanOptions::automated(),
                now,
                chrono::TimeDelta::days(35),
            )
            .unwrap();
        // 70: day cap full until local midnight (Sunday 00:00 EDT = 04:00 UTC).
        // 71: closed until Monday 09:00 EDT = 13:00 UTC. 72 is on hold: not time-bound.
        let got: Vec<(Uid, Option<DateTime<Utc>>)> = later
            .iter()
            .map(|l| (l.client_account_uid, l.eligible_at))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    70,
                    Some(Utc.with_ymd_and_hms(2026, 3, 15, 4, 0, 0).unwrap())
                ),
                (
                    71,
                    Some(Utc.with_ymd_and_hms(2026, 3, 16, 13, 0, 0).unwrap())
                ),
            ]
        );
        assert_eq!(later[0].reasons, vec![Reason::DayMaxReached]);
        assert_eq!(later[1].reasons, vec![Reason::OutsideDeliveryHours]);
    }

    #[test]
    fn active_list_sorts_filters_and_pages() {
        use crate::active::{ActiveFilters, ActiveQuery};
        use leadroute_sort::{SortBy, SortDirection};
        let s = load_snapshot(
            r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 1, "Status": "Active", "Name": "Cedar", "GroupUID": 5},
              {"ClientUID": 2, "Status": "Active", "Name": "alder", "AutomationType": "Priority"},
              {"ClientUID": 3, "Status": "Inactive", "Name": "Birch"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 30, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 50, "Priority": 2, "AutomationEnabled": false, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 21, "ClientUID": 2, "Status": 12, "Price": 40, "Priority": 1, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 30, "ClientUID": 3, "Status": 12, "Price": 99, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
  ]
}"#,
        );
        let e = Engine::new(s);
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 15, 0, 0).unwrap();
        let mut q = ActiveQuery {
            lead_type_uid: 1,
            account_type: leadroute_model::AccountType::General,
            sort_by: SortBy::Price,
            direction: SortDirection::Descending,
            filters: ActiveFilters::default(),
            skip: 0,
            take: 10,
        };
        // Client 2 picks its priority-1 account (40); client 3 is not active.
        let l = e.active_clients(&q, now);
        let got: Vec<(Uid, Uid)> = l
            .clients
            .iter()
            .map(|c| (c.client_uid, c.client_account_uid))
            .collect();
        assert_eq!((l.query_total, got), (2, vec![(2, 21), (1, 10)]));
        q.sort_by = SortBy::Name;
        q.direction = SortDirection::Ascending;
        q.skip = 1;
        let l = e.active_clients(&q, now);
        assert_eq!(
            l.clients
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            vec!["Cedar"]
        );
        q.skip = 0;
        q.filters.client_group_uids = vec![5];
        assert_eq!(e.active_clients(&q, now).query_total, 1);
        q.filters = ActiveFilters {
            automation_enabled: Some(false),
            ..ActiveFilters::default()
        };
        let l = e.active_clients(&q, now);
        assert_eq!(
            l.clients
                .iter()
                .map(|c| c.client_account_uid)
                .collect::<Vec<_>>(),
            vec![20]
        );
        q.filters = ActiveFilters {
            has_active_order: Some(true),
            ..ActiveFilters::default()
        };
        assert_eq!(e.active_clients(&q, now).query_total, 0);
    }
}
