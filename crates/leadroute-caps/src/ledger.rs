//! The ledger of valid sends and the seam behind it. [`LedgerView`] is what eligibility
//! reads (window counts for caps, order item fills, a lead's sends, "already sent to this
//! client", last-sent instants for round robin); [`Ledger`] adds recording and
//! reservations, for a ledger shared by many threads or processes (a Redis implementation
//! can provide both traits). [`MemLedger`] is the in-memory default: per-account and
//! per-client sorted timestamps, per-item running sums, and a per-lead table, about 32
//! bytes per send.

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_model::{Send, Uid};
use rust_decimal::Decimal;

use crate::caps::{CapKind, CapLimits};
use crate::error::{Error, Refusal};
use crate::index::{TimeIndex, UidMap, WindowCounts};
use crate::instant::{from_ms, ms};
use crate::periods::Periods;
use crate::reserve::{Claim, Holds, Reservation, Token};

/// Whose sends a count or last-sent instant is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A delivery account (`ClientAccountUID`).
    Account(Uid),
    /// A client (`ClientUID`), over all its accounts.
    Client(Uid),
}

/// Valid sends against one order item, split by origin so that an item's `SentQty` /
/// `SentPrice` can replace the loaded part (SPEC.md 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ItemFill {
    /// Sends in the ledger as loaded.
    pub loaded_qty: u64,
    /// Sum of their `Price`.
    pub loaded_dollars: Decimal,
    /// Sends recorded after loading, including live reservations.
    pub added_qty: u64,
    /// Sum of their `Price`.
    pub added_dollars: Decimal,
}

/// A lead's valid sends (with live reservations), for max sell and exclusivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LeadSends {
    /// How many.
    pub count: u64,
    /// Whether one of them was exclusive.
    pub exclusive: bool,
}

/// What eligibility reads from a ledger. Only valid sends (`IsValid: true`) are in a
/// ledger; live reservations count as sends until released or expired.
///
/// Every method is fallible so that a shared backend can fail closed (no sale, with the
/// error) rather than answer "no sends".
pub trait LedgerView {
    /// Sends of `owner` in each period of `periods` (sends dated after `periods.now()`
    /// count as at now).
    ///
    /// # Errors
    /// A backend failure.
    fn window_counts(&self, owner: Owner, periods: &Periods) -> Result<WindowCounts, Error>;

    /// The first cap of `limits` (hour, day, week, month order) that `owner`'s sends fill
    /// at `periods.now()` (a cap is full when its count reaches its limit), or `None`.
    /// The default counts with [`LedgerView::window_counts`]; a backend may answer
    /// without counting (the in-memory ledger reads one instant per cap).
    ///
    /// # Errors
    /// A backend failure.
    fn first_full(
        &self,
        owner: Owner,
        periods: &Periods,
        limits: &CapLimits,
    ) -> Result<Option<CapKind>, Error> {
        let c = self.window_counts(owner, periods)?;
        let counts = [c.hour, c.day, c.week, c.month];
        Ok(CapKind::ALL
            .into_iter()
            .find(|&k| limits.get(k).is_some_and(|l| counts[k as usize] >= l)))
    }

    /// The `n`-th (0-based) earliest send of `owner` dated at or after `since`.
    ///
    /// # Errors
    /// A backend failure.
    fn nth_send_since(
        &self,
        owner: Owner,
        since: DateTime<Utc>,
        n: u64,
    ) -> Result<Option<DateTime<Utc>>, Error>;

    /// The latest send of `owner` (round robin).
    ///
    /// # Errors
    /// A backend failure.
    fn last_sent(&self, owner: Owner) -> Result<Option<DateTime<Utc>>, Error>;

    /// Sends against order item `item`.
    ///
    /// # Errors
    /// A backend failure.
    fn item_fill(&self, item: Uid) -> Result<ItemFill, Error>;

    /// Sends of lead `lead`.
    ///
    /// # Errors
    /// A backend failure.
    fn lead_sends(&self, lead: Uid) -> Result<LeadSends, Error>;

    /// Whether `lead` was sent to `client` (any of its accounts).
    ///
    /// # Errors
    /// A backend failure.
    fn sent_to_client(&self, lead: Uid, client: Uid) -> Result<bool, Error>;
}

/// A ledger that can also be written, shared by many deciders: recording sends and the
/// reservations of SPEC.md 6.
pub trait Ledger: LedgerView {
    /// Records a send made after loading (an invalid send is ignored).
    ///
    /// # Errors
    /// A backend failure.
    fn record(&self, send: &Send) -> Result<(), Error>;

    /// Checks every cap, the order item, max sell and exclusivity of `claim` at `now` and,
    /// in the same critical section, holds the capacity for `ttl`. Reserving a (lead,
    /// client) that already has a live or committed reservation returns its token.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Refused`] with the failing reason; a backend failure.
    fn reserve(
        &self,
        claim: &Claim<'_>,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Token, Error>;

    /// Reserves several claims at `now` in order, each seeing the holds of the ones before
    /// it (for example several buyers of one lead: max sell counts the earlier holds). A
    /// refused claim holds nothing and does not stop the others. Each granted claim says
    /// whether this call made its hold ([`Reservation::fresh`]) or found the (lead,
    /// client) already reserved or committed, perhaps by another decider. [`SharedLedger`]
    /// and remote backends do the whole call as one critical section (one round trip);
    /// this default reserves one claim at a time.
    ///
    /// # Errors
    /// A backend failure (then nothing of the call may be relied on: holds it made expire).
    ///
    /// [`SharedLedger`]: crate::SharedLedger
    fn reserve_many(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Vec<Result<Reservation, Refusal>>, Error> {
        let mut out = Vec::with_capacity(claims.len());
        for c in claims {
            let existed = self.sent_to_client(c.lead, c.account.client_uid())?;
            match self.reserve(c, now, ttl) {
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

    /// Reserves and at once commits several claims: sales without a hold in between, for
    /// a decider with nothing to do between the two (automated delivery). Answers as
    /// [`Ledger::reserve_many`]; a granted fresh claim is a send dated `now`. A remote
    /// backend does it in one round trip and one atomic step; the default reserves, then
    /// commits the fresh holds.
    ///
    /// # Errors
    /// A backend failure (the claims may or may not have been sold).
    fn sell_many(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Reservation, Refusal>>, Error> {
        let got = self.reserve_many(claims, now, TimeDelta::minutes(1))?;
        let fresh: Vec<Token> = got
            .iter()
            .filter_map(|r| r.as_ref().ok().filter(|r| r.fresh).map(|r| r.token))
            .collect();
        if let Some(e) = self
            .commit_many(&fresh, now)?
            .into_iter()
            .find_map(Result::err)
        {
            return Err(e);
        }
        Ok(got)
    }

    /// Commits several tokens (one round trip for a remote backend); every token is tried
    /// and answered as by [`Ledger::commit`], in order.
    ///
    /// # Errors
    /// A backend failure.
    fn commit_many(
        &self,
        tokens: &[Token],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<(), Error>>, Error> {
        let mut out = Vec::with_capacity(tokens.len());
        for &t in tokens {
            match self.commit(t, now) {
                Err(e) if matches!(e.kind(), crate::ErrorKind::Backend(_)) => return Err(e),
                r => out.push(r),
            }
        }
        Ok(out)
    }

    /// Turns a live reservation into a send (dated at the reservation instant). Committing
    /// a committed token again is a no-op.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Expired`] if it expired before `now`,
    /// [`crate::ErrorKind::UnknownToken`] if it was never issued or was released.
    fn commit(&self, token: Token, now: DateTime<Utc>) -> Result<(), Error>;

    /// Gives a live reservation's capacity back. Releasing an unknown or expired token is
    /// a no-op.
    ///
    /// # Errors
    /// [`crate::ErrorKind::AlreadyCommitted`] for a committed token.
    fn release(&self, token: Token, now: DateTime<Utc>) -> Result<(), Error>;

    /// Releases every reservation expired at `now`; how many.
    ///
    /// # Errors
    /// A backend failure.
    fn expire(&self, now: DateTime<Utc>) -> Result<usize, Error>;
}

/// One lead's send to one client, in the per-lead table (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LeadEntry {
    lead: i64,
    client: u32,
    exclusive: bool,
}

/// Sends per lead: a sorted array built at load and merged now and then, plus a map of
/// the sends added since the last merge.
#[derive(Debug, Clone, Default)]
pub(crate) struct LeadIndex {
    base: Vec<LeadEntry>,
    /// The lead of every [`FENCE_STEP`]-th entry of `base`: a search first finds the
    /// block among these (a small array that stays in cache) and then searches one
    /// block, instead of about twenty scattered reads into `base`.
    fence: Vec<i64>,
    added: UidMap<i64, Vec<(u32, bool)>>,
    added_len: usize,
}

/// Entries of [`LeadIndex::base`] per fence post.
const FENCE_STEP: usize = 64;

impl LeadIndex {
    /// Replaces the sorted array (and its fence).
    fn set_base(&mut self, base: Vec<LeadEntry>) {
        self.fence = base.iter().step_by(FENCE_STEP).map(|e| e.lead).collect();
        self.base = base;
    }

    fn range(&self, lead: i64) -> &[LeadEntry] {
        // Blocks before `b` start below `lead`; block `b` (if any) starts at or above
        // it, so the first entry at or above `lead` is in block `b - 1` or starts `b`.
        let b = self.fence.partition_point(|&f| f < lead);
        let from = b.saturating_sub(1) * FENCE_STEP;
        let to = (b * FENCE_STEP).min(self.base.len()).max(from);
        let lo = from + self.base[from..to].partition_point(|e| e.lead < lead);
        // A lead has a few sends: walk them.
        let n = self.base[lo..]
            .iter()
            .take_while(|e| e.lead == lead)
            .count();
        &self.base[lo..lo + n]
    }

    fn sends(&self, lead: i64) -> LeadSends {
        let mut out = LeadSends::default();
        for e in self.range(lead) {
            out.count += 1;
            out.exclusive |= e.exclusive;
        }
        if let Some(v) = self.added.get(&lead) {
            for &(_, x) in v {
                out.count += 1;
                out.exclusive |= x;
            }
        }
        out
    }

    fn has(&self, lead: i64, client: u32) -> bool {
        self.range(lead).iter().any(|e| e.client == client)
            || self
                .added
                .get(&lead)
                .is_some_and(|v| v.iter().any(|&(c, _)| c == client))
    }

    fn add(&mut self, lead: i64, client: u32, exclusive: bool) {
        self.added
            .entry(lead)
            .or_default()
            .push((client, exclusive));
        self.added_len += 1;
        if self.added_len > (self.base.len() / 4).max(1 << 16) {
            self.merge();
        }
    }

    /// Folds the added sends into the sorted array (O(n); amortised over n/4 additions).
    fn merge(&mut self) {
        let mut extra: Vec<LeadEntry> = self
            .added
            .drain()
            .flat_map(|(lead, v)| {
                v.into_iter().map(move |(client, exclusive)| LeadEntry {
                    lead,
                    client,
                    exclusive,
                })
            })
            .collect();
        extra.sort_unstable();
        let mut merged = Vec::with_capacity(self.base.len() + extra.len());
        let (mut i, mut j) = (0, 0);
        while i < self.base.len() && j < extra.len() {
            if self.base[i] <= extra[j] {
                merged.push(self.base[i]);
                i += 1;
            } else {
                merged.push(extra[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&self.base[i..]);
        merged.extend_from_slice(&extra[j..]);
        self.set_base(merged);
        self.added_len = 0;
        self.added.shrink_to_fit();
    }

    fn heap_bytes(&self) -> usize {
        self.base.capacity() * std::mem::size_of::<LeadEntry>()
            + self.fence.capacity() * std::mem::size_of::<i64>()
            + self.added.capacity() * (8 + std::mem::size_of::<Vec<(u32, bool)>>() + 1)
            + self.added.values().map(|v| v.capacity() * 8).sum::<usize>()
    }
}

/// A client's slot: its dense number in the per-lead table and its send times.
#[derive(Debug, Clone, Default)]
struct ClientSlot {
    idx: u32,
    times: TimeIndex,
}

/// The in-memory ledger: the default, and the fast path of the single-threaded batch.
///
/// Reads are `&self` and lock-free; writes (`record`, reservations) take `&mut self`.
/// Share it between threads with [`crate::SharedLedger`]. Memory: 8 bytes per send in the
/// account index, 8 in the client index and 16 in the per-lead table (a client's UID is
/// numbered densely there), plus per-account, per-client and per-item overheads.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadroute_caps::{LedgerView, MemLedger, Owner};
/// use leadroute_model::Send;
///
/// let send: Send = serde_json::from_str(
///     r#"{"LeadUID": 1, "ClientUID": 7, "ClientAccountUID": 70,
///         "DateSent": "2026-05-04T09:00:00Z", "IsValid": true, "Price": 12.5}"#,
/// ).unwrap();
/// let ledger = MemLedger::from_sends([&send]);
/// assert!(ledger.sent_to_client(1, 7).unwrap());
/// assert_eq!(ledger.last_sent(Owner::Account(70)).unwrap(),
///            Some(Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()));
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemLedger {
    accounts: UidMap<Uid, TimeIndex>,
    clients: UidMap<Uid, ClientSlot>,
    /// The client UID of each [`ClientSlot::idx`].
    client_uids: Vec<Uid>,
    items: UidMap<Uid, ItemFill>,
    leads: LeadIndex,
    sends: u64,
    pub(crate) holds: Holds,
}

impl MemLedger {
    /// An empty ledger.
    pub fn new() -> MemLedger {
        MemLedger::default()
    }

    /// The ledger of a snapshot's `Sends` (invalid sends are left out). These are the
    /// "loaded" sends an item's `SentQty`/`SentPrice` replace.
    ///
    /// The sends are read twice: once to count each owner's sends, so that every index
    /// is allocated at its final size (no growth slack or copies while building the
    /// ledger of millions of sends beside the records it is built from).
    pub fn from_sends<'a, I>(sends: I) -> MemLedger
    where
        I: IntoIterator<Item = &'a Send>,
        I::IntoIter: Clone,
    {
        let sends = sends.into_iter();
        let mut l = MemLedger::new();
        let mut acc: UidMap<Uid, Vec<i64>> = UidMap::default();
        let mut cli: UidMap<Uid, Vec<i64>> = UidMap::default();
        let mut valid = 0usize;
        {
            let mut acc_n: UidMap<Uid, usize> = UidMap::default();
            let mut cli_n: UidMap<Uid, usize> = UidMap::default();
            for s in sends.clone().filter(|s| s.is_valid) {
                *acc_n.entry(s.client_account_uid).or_default() += 1;
                *cli_n.entry(s.client_uid).or_default() += 1;
                valid += 1;
            }
            acc.reserve(acc_n.len());
            acc.extend(acc_n.into_iter().map(|(k, n)| (k, Vec::with_capacity(n))));
            cli.reserve(cli_n.len());
            cli.extend(cli_n.into_iter().map(|(k, n)| (k, Vec::with_capacity(n))));
        }
        let mut leads = Vec::with_capacity(valid);
        for s in sends.filter(|s| s.is_valid) {
            let t = ms(s.date_sent);
            acc.entry(s.client_account_uid).or_default().push(t);
            cli.entry(s.client_uid).or_default().push(t);
            let c = l.client_idx(s.client_uid);
            leads.push(LeadEntry {
                lead: s.lead_uid,
                client: c,
                exclusive: s.exclusive,
            });
            if s.client_order_item_uid != 0 {
                let f = l.items.entry(s.client_order_item_uid).or_default();
                f.loaded_qty += 1;
                f.loaded_dollars = f
                    .loaded_dollars
                    .checked_add(s.price)
                    .unwrap_or(Decimal::MAX);
            }
            l.sends += 1;
        }
        l.accounts = acc
            .into_iter()
            .map(|(k, v)| (k, TimeIndex::from_millis(v)))
            .collect();
        for (k, v) in cli {
            if let Some(slot) = l.clients.get_mut(&k) {
                slot.times = TimeIndex::from_millis(v);
            }
        }
        leads.sort_unstable();
        leads.shrink_to_fit();
        l.leads.set_base(leads);
        l.accounts.shrink_to_fit();
        l.clients.shrink_to_fit();
        l.items.shrink_to_fit();
        l
    }

    fn client_idx(&mut self, client: Uid) -> u32 {
        let next = u32::try_from(self.clients.len()).unwrap_or(u32::MAX);
        let uids = &mut self.client_uids;
        self.clients
            .entry(client)
            .or_insert_with(|| {
                uids.push(client);
                ClientSlot {
                    idx: next,
                    times: TimeIndex::new(),
                }
            })
            .idx
    }

    /// Records a send made after loading (it counts as "added" for order items). An
    /// invalid send is ignored.
    pub fn record(&mut self, send: &Send) {
        if send.is_valid {
            self.add_send(
                send.lead_uid,
                send.client_uid,
                send.client_account_uid,
                send.client_order_item_uid,
                send.price,
                send.exclusive,
                ms(send.date_sent),
            );
        }
    }

    /// Adds one valid send to every index.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_send(
        &mut self,
        lead: Uid,
        client: Uid,
        account: Uid,
        item: Uid,
        price: Decimal,
        exclusive: bool,
        t: i64,
    ) {
        self.add_times(client, account, item, price, t);
        let c = self.client_idx(client);
        self.leads.add(lead, c, exclusive);
        self.sends += 1;
    }

    /// Adds a send's instant and item fill (what a reservation holds) without the per-lead
    /// entry.
    pub(crate) fn add_times(
        &mut self,
        client: Uid,
        account: Uid,
        item: Uid,
        price: Decimal,
        t: i64,
    ) {
        self.accounts.entry(account).or_default().push_ms(t);
        self.client_idx(client);
        if let Some(slot) = self.clients.get_mut(&client) {
            slot.times.push_ms(t);
        }
        if item != 0 {
            let f = self.items.entry(item).or_default();
            f.added_qty += 1;
            f.added_dollars = f.added_dollars.checked_add(price).unwrap_or(Decimal::MAX);
        }
    }

    /// Takes back what [`MemLedger::add_times`] added.
    pub(crate) fn remove_times(
        &mut self,
        client: Uid,
        account: Uid,
        item: Uid,
        price: Decimal,
        t: i64,
    ) {
        if let Some(ix) = self.accounts.get_mut(&account) {
            ix.remove_ms(t);
        }
        if let Some(slot) = self.clients.get_mut(&client) {
            slot.times.remove_ms(t);
        }
        if item != 0 {
            if let Some(f) = self.items.get_mut(&item) {
                f.added_qty = f.added_qty.saturating_sub(1);
                f.added_dollars = f.added_dollars.checked_sub(price).unwrap_or(Decimal::ZERO);
            }
        }
    }

    /// Adds the per-lead entry of a committed reservation.
    pub(crate) fn add_lead(&mut self, lead: Uid, client: Uid, exclusive: bool) {
        let c = self.client_idx(client);
        self.leads.add(lead, c, exclusive);
        self.sends += 1;
    }

    fn index(&self, owner: Owner) -> Option<&TimeIndex> {
        match owner {
            Owner::Account(a) => self.accounts.get(&a),
            Owner::Client(c) => self.clients.get(&c).map(|s| &s.times),
        }
    }

    /// Number of valid sends recorded (loaded, recorded, committed; not live reservations).
    pub fn len(&self) -> u64 {
        self.sends
    }

    /// Whether there are no sends.
    pub fn is_empty(&self) -> bool {
        self.sends == 0
    }

    /// Counts of `owner` in each period (the infallible form of
    /// [`LedgerView::window_counts`]).
    #[inline]
    pub fn counts(&self, owner: Owner, periods: &Periods) -> WindowCounts {
        self.index(owner)
            .map_or_else(WindowCounts::default, |ix| ix.counts(periods))
    }

    /// The instants of `owner`'s sends (with live reservations), oldest first, at the
    /// ledger's millisecond precision.
    pub fn send_times(&self, owner: Owner) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.index(owner)
            .into_iter()
            .flat_map(TimeIndex::iter_ms)
            .map(from_ms)
    }

    /// The `n`-th (0-based) send of `owner` at or after `since_ms` (milliseconds).
    pub(crate) fn nth_from_ms(&self, owner: Owner, since_ms: i64, n: u64) -> Option<i64> {
        self.index(owner)?.nth_from(since_ms, n)
    }

    /// Latest send of `owner` in milliseconds.
    pub(crate) fn last_ms(&self, owner: Owner) -> Option<i64> {
        self.index(owner)?.last_ms()
    }

    /// Sends against an item.
    pub fn fill(&self, item: Uid) -> ItemFill {
        self.items.get(&item).copied().unwrap_or_default()
    }

    /// Sends of a lead, with live reservations.
    pub fn sends_of_lead(&self, lead: Uid) -> LeadSends {
        let mut s = self.leads.sends(lead);
        let h = self.holds.of_lead(lead);
        s.count += h.count;
        s.exclusive |= h.exclusive;
        s
    }

    /// Whether the lead has a send (or a live reservation) to the client.
    pub fn has_sent(&self, lead: Uid, client: Uid) -> bool {
        self.holds.holds_pair(lead, client)
            || self
                .clients
                .get(&client)
                .is_some_and(|s| self.leads.has(lead, s.idx))
    }

    /// The clients the lead has a send to (recorded, not reserved), with repeats when it
    /// has several sends to one client; `None` when the lead also has live
    /// reservations, whose clients are not listed (ask [`MemLedger::has_sent`] then).
    /// For a caller asking "already sent?" of many clients: a lead has a few sends.
    pub fn sent_clients(&self, lead: Uid) -> Option<Vec<Uid>> {
        if self.holds.of_lead(lead).count > 0 {
            return None;
        }
        let uid = |idx: u32| self.client_uids.get(idx as usize).copied();
        let mut out: Vec<Uid> = self
            .leads
            .range(lead)
            .iter()
            .filter_map(|e| uid(e.client))
            .collect();
        if let Some(v) = self.leads.added.get(&lead) {
            out.extend(v.iter().filter_map(|&(c, _)| uid(c)));
        }
        Some(out)
    }

    /// Whether the lead has a recorded (not merely reserved) send to the client.
    pub(crate) fn has_recorded(&self, lead: Uid, client: Uid) -> bool {
        self.clients
            .get(&client)
            .is_some_and(|s| self.leads.has(lead, s.idx))
    }

    /// Folds recently added sends into the compact per-lead array (done automatically when
    /// they reach a quarter of it); call after a large batch to bring memory back to the
    /// compact layout.
    pub fn compact(&mut self) {
        if self.leads.added_len > 0 {
            self.leads.merge();
        }
    }

    /// Bytes of heap the ledger holds (vector capacities and hash tables, estimated from
    /// their capacities; live reservations excluded).
    pub fn heap_bytes(&self) -> usize {
        let map = |cap: usize, entry: usize| cap * (entry + 1);
        map(
            self.accounts.capacity(),
            8 + std::mem::size_of::<TimeIndex>(),
        ) + self
            .accounts
            .values()
            .map(TimeIndex::heap_bytes)
            .sum::<usize>()
            + map(
                self.clients.capacity(),
                8 + std::mem::size_of::<ClientSlot>(),
            )
            + self
                .clients
                .values()
                .map(|s| s.times.heap_bytes())
                .sum::<usize>()
            + self.client_uids.capacity() * 8
            + map(self.items.capacity(), 8 + std::mem::size_of::<ItemFill>())
            + self.leads.heap_bytes()
    }

    /// Drops the reservations expired at `now` (see [`crate::SharedLedger`]).
    pub fn expire(&mut self, now: DateTime<Utc>) -> usize {
        crate::reserve::expire(self, ms(now))
    }
}

impl LedgerView for MemLedger {
    #[inline]
    fn window_counts(&self, owner: Owner, periods: &Periods) -> Result<WindowCounts, Error> {
        Ok(self.counts(owner, periods))
    }

    #[inline]
    fn first_full(
        &self,
        owner: Owner,
        periods: &Periods,
        limits: &CapLimits,
    ) -> Result<Option<CapKind>, Error> {
        Ok(self
            .index(owner)
            .and_then(|ix| ix.first_full(periods, limits)))
    }

    fn nth_send_since(
        &self,
        owner: Owner,
        since: DateTime<Utc>,
        n: u64,
    ) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(self.nth_from_ms(owner, ms(since), n).map(from_ms))
    }

    fn last_sent(&self, owner: Owner) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(self.last_ms(owner).map(from_ms))
    }

    fn item_fill(&self, item: Uid) -> Result<ItemFill, Error> {
        Ok(self.fill(item))
    }

    fn lead_sends(&self, lead: Uid) -> Result<LeadSends, Error> {
        Ok(self.sends_of_lead(lead))
    }

    fn sent_to_client(&self, lead: Uid, client: Uid) -> Result<bool, Error> {
        Ok(self.has_sent(lead, client))
    }
}

#[cfg(test)]
mod lead_index_tests {
    use super::*;

    /// The fenced search finds exactly the entries of each lead, for leads absent,
    /// first, last, at block edges and with runs longer than a block.
    #[test]
    fn the_fenced_search_finds_each_leads_sends() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for size in [0usize, 1, 63, 64, 65, 200, 4_100] {
            let mut base: Vec<LeadEntry> = (0..size)
                .map(|i| LeadEntry {
                    // Leads 0..size/3 with runs of every length; one long run.
                    lead: if i % 97 < 70 {
                        (next() % (size as u64 / 3 + 1)) as i64
                    } else {
                        7
                    },
                    client: (next() % 5) as u32,
                    exclusive: next() % 2 == 0,
                })
                .collect();
            base.sort_unstable();
            let mut index = LeadIndex::default();
            index.set_base(base.clone());
            for lead in -2..(size as i64 / 3 + 3) {
                let want: Vec<LeadEntry> =
                    base.iter().copied().filter(|e| e.lead == lead).collect();
                assert_eq!(index.range(lead), &want[..], "size {size} lead {lead}");
            }
        }
    }
}
