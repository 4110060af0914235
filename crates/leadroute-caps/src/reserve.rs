//! Reservations (SPEC.md section 6): `reserve` checks every cap, the order item, max sell
//! and exclusivity and holds the capacity in one critical section; `commit` turns the
//! hold into a send, `release` gives it back, and a hold not committed within its time to
//! live expires (judged against the `now` each call passes in, never a clock).
//! [`SharedLedger`] puts a [`MemLedger`] behind a mutex so that many threads can reserve
//! without ever overshooting a cap.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_model::{Send, Uid};
use rust_decimal::Decimal;

use crate::account::AccountLimits;
use crate::caps::{Caps, Report};
use crate::error::{Error, ErrorKind, Refusal};
use crate::index::{UidMap, UidSet, WindowCounts};
use crate::instant::{delta_ms, from_ms, ms};
use crate::ledger::{ItemFill, LeadSends, Ledger, LedgerView, MemLedger, Owner};
use crate::orders::ItemRule;
use crate::periods::Periods;
use crate::sell::check_sale;

/// A reservation's handle. Tokens are unique within one ledger; [`Token::as_u64`] and
/// [`Token::from_u64`] carry one across a process boundary (ping, then post).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Token(u64);

impl Token {
    /// The token's number.
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// The token with this number.
    pub fn from_u64(n: u64) -> Token {
        Token(n)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A granted claim of [`Ledger::reserve_many`]: the token, and whether this call made
/// the hold (`false` when the (lead, client) already had a live or committed reservation,
/// which the caller did not necessarily make: another decider may hold it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reservation {
    /// The reservation's token.
    pub token: Token,
    /// Whether this call made the hold.
    pub fresh: bool,
}

/// What a reservation asks for: the sale of `lead` to an account (whose caps and client
/// it names), at `price`, against an order item or none.
///
/// Plain data: the engine fills it from its eligibility decision.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// `LeadUID`.
    pub lead: Uid,
    /// The account (its UID, client, caps and pacing).
    pub account: &'a AccountLimits,
    /// The client's own caps, when it has any.
    pub client_caps: Option<&'a Caps>,
    /// The order item the sale is attached to, if any.
    pub item: Option<&'a ItemRule>,
    /// The effective price.
    pub price: Decimal,
    /// Whether the account buys exclusively.
    pub exclusive: bool,
    /// The lead's max sell (SPEC.md 8.3); `None` when `AllowOverMax` lifts it.
    pub max_sell: Option<u64>,
    /// `IgnoreExclusive`: lift both exclusivity rules.
    pub ignore_exclusive: bool,
}

/// One live hold.
#[derive(Debug, Clone, Copy)]
struct Held {
    lead: Uid,
    client: Uid,
    account: Uid,
    item: Uid,
    price: Decimal,
    exclusive: bool,
    at: i64,
    expires: i64,
}

/// The reservation tables of a [`MemLedger`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Holds {
    live: UidMap<u64, Held>,
    by_pair: UidMap<(Uid, Uid), u64>,
    by_lead: UidMap<Uid, LeadSends>,
    by_expiry: BTreeSet<(i64, u64)>,
    committed: UidMap<u64, (Uid, Uid)>,
    committed_pairs: UidMap<(Uid, Uid), u64>,
    expired: UidSet<u64>,
    next: u64,
}

impl Holds {
    pub(crate) fn of_lead(&self, lead: Uid) -> LeadSends {
        self.by_lead.get(&lead).copied().unwrap_or_default()
    }

    pub(crate) fn holds_pair(&self, lead: Uid, client: Uid) -> bool {
        !self.by_pair.is_empty() && self.by_pair.contains_key(&(lead, client))
    }

    /// Number of live reservations.
    pub(crate) fn live_len(&self) -> usize {
        self.live.len()
    }

    fn take(&mut self, token: u64) -> Option<Held> {
        let h = self.live.remove(&token)?;
        self.by_pair.remove(&(h.lead, h.client));
        self.by_expiry.remove(&(h.expires, token));
        if let Some(s) = self.by_lead.get_mut(&h.lead) {
            s.count = s.count.saturating_sub(1);
            if s.count == 0 {
                self.by_lead.remove(&h.lead);
            } else if h.exclusive {
                // Recompute: another hold of the lead may still be exclusive.
                let still = self.live.values().any(|o| o.lead == h.lead && o.exclusive);
                s.exclusive = still;
            }
        }
        Some(h)
    }
}

/// Releases every hold expired at `now` (milliseconds); how many.
pub(crate) fn expire(l: &mut MemLedger, now: i64) -> usize {
    let mut n = 0;
    while let Some(&(exp, token)) = l.holds.by_expiry.first() {
        if exp > now {
            break;
        }
        if let Some(h) = l.holds.take(token) {
            l.remove_times(h.client, h.account, h.item, h.price, h.at);
            l.holds.expired.insert(token);
            n += 1;
        } else {
            l.holds.by_expiry.remove(&(exp, token));
        }
    }
    n
}

impl MemLedger {
    /// Reserves `claim` at `now` for `ttl` (see [`Ledger::reserve`]). Checks, in SPEC.md 4
    /// order: already sent to the client, the account's caps (with pacing), the client's
    /// caps, the order item's room at `claim.price`, max sell, exclusivity. A live or
    /// committed reservation of the same (lead, client) returns its token unchanged
    /// (idempotent: its expiry is not extended, its account is not changed).
    ///
    /// # Errors
    /// [`ErrorKind::Refused`] with the first failing reason.
    pub fn reserve(
        &mut self,
        claim: &Claim<'_>,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Token, Error> {
        let n = ms(now);
        expire(self, n);
        let lead = claim.lead;
        let client = claim.account.client_uid();
        let account = claim.account.account_uid();
        if let Some(&t) = self.holds.by_pair.get(&(lead, client)) {
            return Ok(Token(t));
        }
        if let Some(&t) = self.holds.committed_pairs.get(&(lead, client)) {
            return Ok(Token(t));
        }
        if self.has_recorded(lead, client) {
            return Err(Refusal::AlreadySentToClient.into());
        }
        let periods = claim.account.caps().periods(now);
        if let Some(f) = claim
            .account
            .check_caps(self, &periods, Report::First)?
            .first()
        {
            return Err(f.kind().refusal().into());
        }
        if let Some(cc) = claim.client_caps {
            if !cc.is_unlimited() {
                let p = cc.periods(now);
                if let Some(f) = cc
                    .check(&self.counts(Owner::Client(client), &p), Report::First)
                    .first()
                {
                    return Err(f.kind().refusal().into());
                }
            }
        }
        let item = claim.item.map_or(0, ItemRule::item_uid);
        if let Some(rule) = claim.item {
            if !rule.has_room(&rule.delivered(&self.fill(item)), claim.price) {
                return Err(Refusal::OrderExhausted.into());
            }
        }
        let sends = self.sends_of_lead(lead);
        if let Some(r) = check_sale(
            &sends,
            claim.max_sell,
            claim.exclusive,
            claim.ignore_exclusive,
        ) {
            return Err(r.into());
        }
        self.holds.next += 1;
        let token = self.holds.next;
        let expires = n.saturating_add(delta_ms(ttl).max(0));
        self.add_times(client, account, item, claim.price, n);
        self.holds.live.insert(
            token,
            Held {
                lead,
                client,
                account,
                item,
                price: claim.price,
                exclusive: claim.exclusive,
                at: n,
                expires,
            },
        );
        self.holds.by_pair.insert((lead, client), token);
        let s = self.holds.by_lead.entry(lead).or_default();
        s.count += 1;
        s.exclusive |= claim.exclusive;
        self.holds.by_expiry.insert((expires, token));
        Ok(Token(token))
    }

    /// Commits a reservation (see [`Ledger::commit`]); the send is dated at the
    /// reservation instant.
    ///
    /// # Errors
    /// [`ErrorKind::Expired`], [`ErrorKind::UnknownToken`].
    pub fn commit(&mut self, token: Token, now: DateTime<Utc>) -> Result<(), Error> {
        expire(self, ms(now));
        if self.holds.committed.contains_key(&token.0) {
            return Ok(());
        }
        match self.holds.take(token.0) {
            Some(h) => {
                self.add_lead(h.lead, h.client, h.exclusive);
                self.holds.committed.insert(token.0, (h.lead, h.client));
                self.holds
                    .committed_pairs
                    .insert((h.lead, h.client), token.0);
                Ok(())
            }
            None if self.holds.expired.contains(&token.0) => Err(ErrorKind::Expired(token).into()),
            None => Err(ErrorKind::UnknownToken(token).into()),
        }
    }

    /// Releases a reservation (see [`Ledger::release`]).
    ///
    /// # Errors
    /// [`ErrorKind::AlreadyCommitted`].
    pub fn release(&mut self, token: Token, now: DateTime<Utc>) -> Result<(), Error> {
        expire(self, ms(now));
        if self.holds.committed.contains_key(&token.0) {
            return Err(ErrorKind::AlreadyCommitted(token).into());
        }
        if let Some(h) = self.holds.take(token.0) {
            self.remove_times(h.client, h.account, h.item, h.price, h.at);
        }
        Ok(())
    }

    /// Number of live reservations.
    pub fn live_reservations(&self) -> usize {
        self.holds.live_len()
    }
}

/// A [`MemLedger`] shared between threads: every method takes the lock once, so a
/// reservation's checks and its hold are one critical section. Uncontended, the lock is
/// two atomic operations; for many reads in a row, hold [`SharedLedger::lock`].
///
/// ```
/// use std::sync::Arc;
/// use leadroute_caps::{Ledger, LedgerView, MemLedger, SharedLedger};
///
/// let shared = Arc::new(SharedLedger::new(MemLedger::new()));
/// let reader = Arc::clone(&shared);
/// std::thread::spawn(move || assert!(!reader.sent_to_client(1, 7).unwrap())).join().unwrap();
/// ```
#[derive(Debug, Default)]
pub struct SharedLedger {
    inner: Mutex<MemLedger>,
}

impl SharedLedger {
    /// Shares `ledger`.
    pub fn new(ledger: MemLedger) -> SharedLedger {
        SharedLedger {
            inner: Mutex::new(ledger),
        }
    }

    /// Locks the ledger for a run of reads or writes. A panic in another holder does not
    /// poison it: every write leaves the tables consistent before it can panic.
    pub fn lock(&self) -> MutexGuard<'_, MemLedger> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The ledger back.
    pub fn into_inner(self) -> MemLedger {
        self.inner
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl LedgerView for SharedLedger {
    fn window_counts(&self, owner: Owner, periods: &Periods) -> Result<WindowCounts, Error> {
        Ok(self.lock().counts(owner, periods))
    }

    fn nth_send_since(
        &self,
        owner: Owner,
        since: DateTime<Utc>,
        n: u64,
    ) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(self.lock().nth_from_ms(owner, ms(since), n).map(from_ms))
    }

    fn last_sent(&self, owner: Owner) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(self.lock().last_ms(owner).map(from_ms))
    }

    fn item_fill(&self, item: Uid) -> Result<ItemFill, Error> {
        Ok(self.lock().fill(item))
    }

    fn lead_sends(&self, lead: Uid) -> Result<LeadSends, Error> {
        Ok(self.lock().sends_of_lead(lead))
    }

    fn sent_to_client(&self, lead: Uid, client: Uid) -> Result<bool, Error> {
        Ok(self.lock().has_sent(lead, client))
    }
}

impl Ledger for SharedLedger {
    fn record(&self, send: &Send) -> Result<(), Error> {
        self.lock().record(send);
        Ok(())
    }

    fn reserve(
        &self,
        claim: &Claim<'_>,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Token, Error> {
        self.lock().reserve(claim, now, ttl)
    }

    /// All claims under one lock: one critical section, like a remote backend's script.
    fn reserve_many(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Vec<Result<Reservation, Refusal>>, Error> {
        let mut l = self.lock();
        expire(&mut l, ms(now));
        let mut out = Vec::with_capacity(claims.len());
        for c in claims {
            let pair = (c.lead, c.account.client_uid());
            let existed =
                l.holds.by_pair.contains_key(&pair) || l.holds.committed_pairs.contains_key(&pair);
            match l.reserve(c, now, ttl) {
                Ok(token) => out.push(Ok(Reservation {
                    token,
                    fresh: !existed,
                })),
                Err(e) => match e.refusal() {
                    Some(r) => out.push(Err(r)),
                    None => return Err(e),
                },
            }
        }
        Ok(out)
    }

    fn commit(&self, token: Token, now: DateTime<Utc>) -> Result<(), Error> {
        self.lock().commit(token, now)
    }

    fn release(&self, token: Token, now: DateTime<Utc>) -> Result<(), Error> {
        self.lock().release(token, now)
    }

    fn expire(&self, now: DateTime<Utc>) -> Result<usize, Error> {
        Ok(self.lock().expire(now))
    }
}
