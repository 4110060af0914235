//! The engine's mutable state: the ledger of sends, order fills and the ranking
//! policies' state. Routing reads it to check caps, orders and max sell, and records
//! each decision in it before the next.

use leadroute_model::UidMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use leadroute_caps::{
    CapKind, LedgerView, MemLedger, OrderBook, OrderDecision, OrderPick, Owner, PeriodCache, Report,
};
use leadroute_model::Uid;
use leadroute_sort::{PolicyState, SentMark};

use crate::build::{AccountRt, ClientRt, Hot, HOT_HAS_ORDERS, HOT_NO_CAPS, HOT_PACED};
use crate::reason::Reason;
use crate::scan::Attached;

/// The mutable half of an engine.
#[derive(Debug)]
pub(crate) struct State {
    pub ledger: MemLedger,
    pub orders: OrderBook,
    pub policy: UidMap<Uid, PolicyState>,
    /// Per account (by index): the instant of its latest valid send in the ledger
    /// (round robin's last-sent mark), kept beside the ledger so that ranking reads one
    /// array slot per candidate. Marks carry sequence 0: SPEC.md 8 orders round robin
    /// by the last-sent *instant*, so two accounts last sent at the same instant tie
    /// and the tie goes to the lower UIDs, whether the sends were loaded or recorded
    /// (see [`crate::Engine::route`]).
    pub account_last: Vec<Option<SentMark>>,
    /// Per client (by index): the later of its `LastSentDate` and the latest valid send
    /// of any of its accounts. A sale moves it to the later of itself and the sale.
    pub client_last: Vec<Option<SentMark>>,
    /// Per account (by index): an instant (milliseconds) at which none of its caps nor
    /// its client's was full, or `i64::MAX` when unknown. Without new sends a cap count
    /// never grows as time goes on (the rolling hour only loses sends, a calendar
    /// period only starts later), so caps that had room at `t` have room at every
    /// instant after `t` until the account or its client sells again, which resets the
    /// entry. This lets routing skip the ledger for most accounts. Paced accounts are
    /// not kept here: their allowance drops back at midnight (see `paced_clear`).
    pub caps_clear_since: Vec<AtomicI64>,
    /// Per account (by index), for paced accounts: a span of decision seconds over which
    /// its caps and its client's are known to have room, packed by [`pack_span`]; 0
    /// when unknown. It runs from an instant the caps had room to the end of that
    /// instant's cap day: within the day the paced allowance `ceil(f * DayMax)` only
    /// grows with the elapsed open fraction `f`, while the day's count (sends dated in
    /// the day, later-dated ones counted at now) stays the same and the other caps
    /// only lose sends; at midnight the allowance drops to 1 and a send dated later
    /// could fill it. A sale to the account or its client resets the entry.
    pub paced_clear: Vec<AtomicU64>,
    /// Delivery-hours answers kept across leads ([`crate::hours`]), shared with a
    /// batch's parallel phase.
    pub hours: std::sync::Arc<crate::hours::Hours>,
    /// Per account (by index): when its first full cap (its own, then its client's) is
    /// known to stay the first full cap over a span of decision instants, that span and
    /// cap packed by [`pack_full`]; 0 when unknown. Without new sends to the account or
    /// its client a full cap stays full until its window moves past the blocking sends
    /// (the rolling hour) or its period ends, and caps with room keep room; a sale
    /// resets the entry. Routing's reason counts read it; explanations count afresh.
    pub caps_full: Vec<AtomicU64>,
    /// Per account (by index): its order decision and the span of decision seconds it
    /// holds over, packed by [`pack_order`]; 0 when unknown. An order decision changes
    /// only when an order starts or ends (the span's bounds, from
    /// [`OrderBook::usable_span`]) or a sale fills one of the client's items; a sale to
    /// the client resets the entries of all its accounts. Empty (nothing kept) when an
    /// item UID is listed under two clients, whose fills a sale would share.
    pub orders_known: Vec<AtomicU64>,
    /// The cap periods (rolling hour, day, week, month) of each zone and week start at
    /// the latest decision instant, valid for the rest of that local day: computing
    /// them takes several zone boundary searches, and leads in time order mostly fall
    /// on the same day. Pure functions of the instant, so never stale; behind a lock
    /// taken once per lead (`try_lock`: a concurrent [`crate::Engine::reserve_shared`]
    /// goes without).
    pub periods: Mutex<leadroute_caps::PeriodCache>,
    /// Lists emptied after a decision, kept for the next one: a lead's candidates and
    /// eligible accounts are a few hundred entries each (kilobytes), and allocating
    /// them afresh for every lead cost more than filling them.
    pub spare: Mutex<Spare>,
}

/// Lists kept between decisions ([`State::spare`]), empty.
#[derive(Debug, Default)]
pub(crate) struct Spare {
    pub candidates: Vec<usize>,
    pub eligible: Vec<(usize, Attached)>,
}

/// A kept answer of routing's checks 12-13 (caps, then orders) for a lead without
/// sends, as [`crate::build::Hot::verdict`] keeps it with the span of decision seconds it
/// holds over. The span is the intersection of the spans of the kept answers it was
/// read from (caps: [`State::caps_clear_since`], [`State::paced_clear`] or
/// [`State::caps_full`]; orders: [`State::orders_known`]), each exact over its own span,
/// so inside it the checks would read the same kept answers and conclude alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeptVerdict {
    /// Eligible, attached to item `pos` of the client's items
    /// ([`OrderBook::items_of`]); whether the sale fills it. The sale price is kept
    /// beside the word ([`crate::build::Hot::verdict_price`]).
    Item { pos: usize, fills: bool },
    /// Eligible without an order, at the account's price.
    NoOrder,
    /// Not eligible: the first failing check.
    Fails(Reason),
}

/// The reasons a kept verdict can carry, by their code in the word (from 3).
const VERDICT_REASONS: [Reason; 6] = [
    Reason::OrderRequired,
    Reason::OrderExhausted,
    Reason::HourMaxReached,
    Reason::DayMaxReached,
    Reason::WeekMaxReached,
    Reason::MonthMaxReached,
];

/// The longest span kept for a verdict, in seconds (2^23 - 1, 97 days).
const VERDICT_SPAN_MAX: i64 = (1 << 23) - 1;

/// Packs "decisions in `[from_ms, until_ms)` get `kept`", known at decision instant
/// `now_ms` inside that span, into one word: bits 33.. the start in whole seconds after
/// [`SPAN_EPOCH`] (rounded up), bits 10..33 the length in seconds to the end (rounded
/// down, at most [`VERDICT_SPAN_MAX`]: a shorter span is still true), bits 5..10 the
/// item position, bit 4 fills, bits 0..4 the kind (1 item, 2 no order, 3.. a reason of
/// [`VERDICT_REASONS`]). The start is moved up to half the longest span before `now_ms`,
/// so that a span known since long ago still holds `now_ms`. `None` when the span
/// holds no whole second from then, starts outside 2020-2088, the position does not fit
/// 5 bits or the reason is not one of the state checks'.
pub(crate) fn pack_verdict(
    from_ms: i64,
    until_ms: i64,
    now_ms: i64,
    kept: KeptVerdict,
) -> Option<u64> {
    let earliest = now_ms.saturating_sub(VERDICT_SPAN_MAX / 2 * 1000);
    let (from, len) = whole_seconds(from_ms.max(earliest), until_ms, VERDICT_SPAN_MAX)?;
    let (kind, pos, fills) = match kept {
        KeptVerdict::Item { pos, fills } => (1u64, u64::try_from(pos).ok()?, fills),
        KeptVerdict::NoOrder => (2, 0, false),
        KeptVerdict::Fails(r) => {
            let code = VERDICT_REASONS.iter().position(|&x| x == r)?;
            // ok: fewer than 13 reasons
            (3 + code as u64, 0, false)
        }
    };
    if pos >= 32 {
        return None;
    }
    Some(from << 33 | len << 10 | pos << 5 | u64::from(fills) << 4 | kind)
}

/// The verdict of a packed word for decision second `t` (Unix seconds), if inside its
/// span.
#[inline]
pub(crate) fn verdict_answer(word: u64, t: i64) -> Option<KeptVerdict> {
    let kind = word & 15;
    if kind == 0 {
        return None;
    }
    if !holds_second(word, 10, VERDICT_SPAN_MAX, t) {
        return None;
    }
    Some(match kind {
        1 => KeptVerdict::Item {
            pos: (word >> 5 & 31) as usize,
            fills: word >> 4 & 1 == 1,
        },
        2 => KeptVerdict::NoOrder,
        // ok: kind < 16
        k => KeptVerdict::Fails(*VERDICT_REASONS.get(k as usize - 3)?),
    })
}

/// Packs a price into one word: its mantissa (signed, 59 bits) above its scale (5
/// bits). `None` when the mantissa does not fit or the price would not read back
/// identically (scale and sign included).
pub(crate) fn pack_price(p: rust_decimal::Decimal) -> Option<u64> {
    let m = i64::try_from(p.mantissa()).ok()?;
    if !(-(1i64 << 58)..(1i64 << 58)).contains(&m) {
        return None;
    }
    // ok: |m| < 2^58, so the shift keeps the sign; the scale is at most 28
    let w = (m << 5) as u64 | u64::from(p.scale());
    (unpack_price(w).serialize() == p.serialize()).then_some(w)
}

/// The price of a word packed by [`pack_price`].
#[inline]
pub(crate) fn unpack_price(w: u64) -> rust_decimal::Decimal {
    // ok: the arithmetic shift gives back the signed mantissa
    rust_decimal::Decimal::try_new((w as i64) >> 5, (w & 31) as u32).unwrap_or_default()
}

/// An order decision as [`State::orders_known`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeptOrder {
    /// Attached to item `pos` of the client's items; whether the sale fills it.
    Item { pos: usize, fills: bool },
    /// Eligible without an order (`useOrder` off and no item with room).
    NoOrder,
    /// `OrderDecision::Required`.
    Required,
    /// `OrderDecision::Exhausted`.
    Exhausted,
}

/// The longest span kept for an order decision, in seconds (2^24 - 1, 194 days).
const ORDER_SPAN_MAX: i64 = (1 << 24) - 1;

/// Packs "decisions in `[from_ms, until_ms)` get `kept`" into one word: bits 33.. the
/// start in whole seconds after [`SPAN_EPOCH`] (rounded up), bits 9..33 the length in
/// seconds to the end (rounded down, at most [`ORDER_SPAN_MAX`]: a shorter span is
/// still true), bits 4..9 the item position, bit 3 fills, bits 0..3 the kind (1 item,
/// 2 no order, 3 required, 4 exhausted). `None` when the span holds no whole second, or
/// starts outside 2020-2088, or the position does not fit 5 bits.
pub(crate) fn pack_order(from_ms: i64, until_ms: i64, kept: KeptOrder) -> Option<u64> {
    let (from, len) = whole_seconds(from_ms, until_ms, ORDER_SPAN_MAX)?;
    let (kind, pos, fills) = match kept {
        KeptOrder::Item { pos, fills } => (1u64, u64::try_from(pos).ok()?, fills),
        KeptOrder::NoOrder => (2, 0, false),
        KeptOrder::Required => (3, 0, false),
        KeptOrder::Exhausted => (4, 0, false),
    };
    if pos >= 32 {
        return None;
    }
    Some(from << 33 | len << 9 | pos << 4 | u64::from(fills) << 3 | kind)
}

/// The whole seconds inside `[from_ms, until_ms)` relative to [`SPAN_EPOCH`], as the
/// packed spans keep them: the start rounded up, and the length to the end rounded
/// down and cut to `max_len` (a shorter span is still true). `None` when they hold no
/// whole second or start outside 2020-2088.
fn whole_seconds(from_ms: i64, until_ms: i64, max_len: i64) -> Option<(u64, u64)> {
    let from = from_ms
        .checked_add(999)?
        .div_euclid(1000)
        .checked_sub(SPAN_EPOCH)?;
    let until = until_ms.div_euclid(1000).saturating_sub(SPAN_EPOCH);
    if from < 0 || from >= until || from > (1i64 << 31) - 1 {
        return None;
    }
    // ok: 0 <= from < 2^31 and 0 < len <= max_len
    Some((from as u64, (until - from).min(max_len) as u64))
}

/// Whether decision second `t` (Unix seconds) is inside the span [`whole_seconds`]
/// packed into `word`: its start at bits 33.., its length at bits `len_at..`, at most
/// `len_max` (a mask of low bits).
#[inline]
fn holds_second(word: u64, len_at: u32, len_max: i64, t: i64) -> bool {
    let from = (word >> 33) as i64;
    let len = (word >> len_at & len_max as u64) as i64;
    let rel = t - SPAN_EPOCH;
    from <= rel && rel < from + len
}

/// The decision of a packed order word for decision instant `now_ms`, if inside its span.
#[inline]
pub(crate) fn order_answer(word: u64, now_ms: i64) -> Option<KeptOrder> {
    let kind = word & 7;
    if kind == 0 {
        return None;
    }
    if !holds_second(word, 9, ORDER_SPAN_MAX, now_ms.div_euclid(1000)) {
        return None;
    }
    Some(match kind {
        1 => KeptOrder::Item {
            pos: (word >> 4 & 31) as usize,
            fills: word >> 3 & 1 == 1,
        },
        2 => KeptOrder::NoOrder,
        3 => KeptOrder::Required,
        _ => KeptOrder::Exhausted,
    })
}

/// Packs "decisions in `[from_ms, until_ms)` fail first on cap `kind`" into one word,
/// in whole seconds inside the span (the start rounded up, the end down) relative to
/// [`SPAN_EPOCH`]: bits 33.. the start, bits 2..33 the end, bits 0..2 the cap. `None`
/// when the rounded span is empty or outside 2020-2088.
pub(crate) fn pack_full(from_ms: i64, until_ms: i64, kind: CapKind) -> Option<u64> {
    let from = from_ms
        .checked_add(999)?
        .div_euclid(1000)
        .checked_sub(SPAN_EPOCH)?;
    let until = until_ms.div_euclid(1000).checked_sub(SPAN_EPOCH)?;
    let cap = (1i64 << 31) - 1;
    if from < 0 || from >= until || until > cap {
        return None;
    }
    // ok: 0 <= from < until <= 2^31 - 1
    Some((from as u64) << 33 | (until as u64) << 2 | kind as u64)
}

/// The cap of a packed full span for decision instant `now_ms`, if inside it.
#[inline]
pub(crate) fn full_answer(word: u64, now_ms: i64) -> Option<CapKind> {
    if word == 0 {
        return None;
    }
    let from = (word >> 33) as i64;
    let until = (word >> 2 & 0x7FFF_FFFF) as i64;
    let t = now_ms.div_euclid(1000) - SPAN_EPOCH;
    // Inside [from, until) in whole seconds: the start was rounded up and the end down,
    // so every instant inside is inside the exact span.
    (from <= t && t < until).then(|| CapKind::ALL[(word & 3) as usize])
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

/// The seconds `[from, until)` (Unix seconds) of a packed span.
#[inline]
pub(crate) fn span_bounds(word: u64) -> (i64, i64) {
    // ok: both halves are below 2^32
    (
        (word >> 32) as i64 + SPAN_EPOCH,
        (word & 0x7FFF_FFFF) as i64 + SPAN_EPOCH,
    )
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
    /// An empty list kept by an earlier decision ([`State::spare`], `pick` says which),
    /// or a new one when none is kept or a concurrent decision holds the lock.
    pub(crate) fn take_spare<T: Default>(&self, pick: impl FnOnce(&mut Spare) -> &mut T) -> T {
        self.spare
            .try_lock()
            .map(|mut spare| std::mem::take(pick(&mut spare)))
            .unwrap_or_default()
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

    /// Whether the caps of paced account `index` are known to have room at `now_ms`
    /// (see [`State::paced_clear`]).
    #[inline]
    pub(crate) fn paced_known_clear(&self, index: usize, now_ms: i64) -> bool {
        self.paced_clear.get(index).is_some_and(|w| {
            span_answer(w.load(Ordering::Relaxed), now_ms.div_euclid(1000)) == Some(true)
        })
    }

    /// Notes that the caps of paced account `a` (and its client's) had room at `now`:
    /// they keep room until the end of `now`'s cap day in the client's zone.
    pub(crate) fn note_paced_clear(
        &self,
        a: &AccountRt,
        now: DateTime<Utc>,
        now_ms: i64,
        periods: Option<&mut PeriodCache>,
    ) {
        let Some(slot) = self.paced_clear.get(a.index) else {
            return;
        };
        let caps = a.limits.caps();
        let day_end = match periods {
            Some(cache) => cache.periods(&caps.zone(), caps.week_start(), now).day().1,
            None => a.limits.periods(now).day().1,
        };
        // Whole seconds inside [now, day end): from rounded up, until rounded down.
        let from = now_ms.div_euclid(1000) + i64::from(now_ms.rem_euclid(1000) != 0);
        let until = day_end.timestamp();
        if from < until {
            if let Some(w) = pack_span(from, Some(until), true) {
                slot.store(w, Ordering::Relaxed);
            }
        }
    }

    /// Forgets what [`State::note_caps_clear`], the full-cap spans, the order decisions
    /// and the verdicts (in `hot`) noted for the accounts `indices` (after a sale to one
    /// of them or to their client).
    pub(crate) fn forget_caps_clear(&self, hot: &[Hot], indices: &[usize]) {
        for &i in indices {
            if let Some(t) = self.caps_clear_since.get(i) {
                t.store(i64::MAX, Ordering::Relaxed);
            }
            if let Some(w) = self.paced_clear.get(i) {
                w.store(0, Ordering::Relaxed);
            }
            if let Some(w) = self.caps_full.get(i) {
                w.store(0, Ordering::Relaxed);
            }
            if let Some(w) = self.orders_known.get(i) {
                w.store(0, Ordering::Relaxed);
            }
            if let Some(h) = hot.get(i) {
                h.verdict.store(0, Ordering::Relaxed);
            }
        }
    }

    /// The span of decision instants (Unix milliseconds) over which routing's checks
    /// 12-13 of account `index` answer as they just did at `now_ms`, read from the
    /// kept answers those checks left: `failed_on_caps` when they stopped at a cap.
    /// `None` when some part of the answer was not kept (a paced account's full cap,
    /// an order decision that could not be packed, orders not kept at all).
    pub(crate) fn verdict_span(
        &self,
        index: usize,
        h: &Hot,
        failed_on_caps: bool,
        now_ms: i64,
    ) -> Option<(i64, i64)> {
        let t = now_ms.div_euclid(1000);
        // A span of whole seconds relative to SPAN_EPOCH, as milliseconds.
        let secs = |from: i64, until: i64| {
            Some((
                (from + SPAN_EPOCH).checked_mul(1000)?,
                (until + SPAN_EPOCH).checked_mul(1000)?,
            ))
        };
        let caps = if h.has(HOT_NO_CAPS) {
            (i64::MIN, i64::MAX)
        } else if failed_on_caps {
            if h.has(HOT_PACED) {
                return None;
            }
            let w = self.caps_full.get(index)?.load(Ordering::Relaxed);
            full_answer(w, now_ms)?;
            secs((w >> 33) as i64, (w >> 2 & 0x7FFF_FFFF) as i64)?
        } else if h.has(HOT_PACED) {
            let w = self.paced_clear.get(index)?.load(Ordering::Relaxed);
            if span_answer(w, t) != Some(true) {
                return None;
            }
            secs((w >> 32) as i64, (w & 0x7FFF_FFFF) as i64)?
        } else {
            let since = self.caps_clear_since.get(index)?.load(Ordering::Relaxed);
            if since > now_ms {
                return None;
            }
            (since, i64::MAX)
        };
        let orders = if failed_on_caps || !h.has(HOT_HAS_ORDERS) {
            (i64::MIN, i64::MAX)
        } else {
            let w = self.orders_known.get(index)?.load(Ordering::Relaxed);
            order_answer(w, now_ms)?;
            let from = (w >> 33) as i64;
            let len = (w >> 9 & ORDER_SPAN_MAX as u64) as i64;
            secs(from, from + len)?
        };
        let span = (caps.0.max(orders.0), caps.1.min(orders.1));
        (span.0 <= now_ms && now_ms < span.1).then_some(span)
    }

    /// [`OrderBook::decide_indexed`] for account `index` (of client `client`, at
    /// `price`): the decision and the position of the item it attaches to, from the kept
    /// decision when `now` is inside its span, else decided and kept.
    /// `now_ms` is `now` in Unix milliseconds, computed once by the caller for all the
    /// accounts of a lead (hence one argument more than clippy's default).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn order_decision(
        &self,
        index: usize,
        client: Uid,
        account: Uid,
        price: rust_decimal::Decimal,
        use_order: bool,
        now: DateTime<Utc>,
        now_ms: i64,
    ) -> Result<(OrderDecision, Option<usize>), leadroute_caps::Error> {
        let slot = self.orders_known.get(index);
        if let Some(kept) = slot.and_then(|w| order_answer(w.load(Ordering::Relaxed), now_ms)) {
            let d = match kept {
                KeptOrder::Item { pos, fills } => self
                    .orders
                    .pick_of(client, pos, price, fills)
                    .map(|p| (OrderDecision::Eligible(p), Some(pos))),
                KeptOrder::NoOrder => Some((OrderDecision::Eligible(OrderPick::none(price)), None)),
                KeptOrder::Required => Some((OrderDecision::Required, None)),
                KeptOrder::Exhausted => Some((OrderDecision::Exhausted, None)),
            };
            if let Some(d) = d {
                return Ok(d);
            }
        }
        let (d, pos) =
            self.orders
                .decide_indexed(&self.ledger, client, account, price, use_order, now)?;
        if let Some(slot) = slot {
            let kept = match (&d, pos) {
                (OrderDecision::Eligible(p), Some(pos)) => KeptOrder::Item {
                    pos,
                    fills: p.fills_item(),
                },
                (OrderDecision::Eligible(_), None) => KeptOrder::NoOrder,
                (OrderDecision::Required, _) => KeptOrder::Required,
                (OrderDecision::Exhausted, _) => KeptOrder::Exhausted,
            };
            let (from, until) = self.orders.usable_span(client, account, now);
            // Any part of the span is true too. A packed span is at most
            // ORDER_SPAN_MAX long from its start, so it starts at most half that before
            // now: an unbounded or distant start would otherwise keep a span that ends
            // before now, and the decision would never be reused.
            let earliest = now_ms.saturating_sub(ORDER_SPAN_MAX / 2 * 1000);
            let from = from
                .unwrap_or(i64::MIN)
                .max(earliest)
                .max(SPAN_EPOCH * 1000);
            let until = until.unwrap_or(i64::MAX);
            if let Some(w) = pack_order(from, until, kept) {
                slot.store(w, Ordering::Relaxed);
            }
        }
        Ok((d, pos))
    }

    /// Routing's cap check of a non-paced account at `now` (first reason only, no
    /// detail): the first full cap, the account's before its client's, hour before day
    /// before week before month, as [`State::cap_failures`] finds it. A full cap found
    /// is kept with the span it stays first over (see [`State::caps_full`]); room on
    /// every cap is noted as [`State::note_caps_clear`] does.
    pub(crate) fn first_full_cap(
        &self,
        a: &AccountRt,
        client: &ClientRt,
        now: DateTime<Utc>,
        now_ms: i64,
        periods: Option<&mut PeriodCache>,
    ) -> Option<Reason> {
        let slot = self.caps_full.get(a.index);
        if let Some(k) = slot.and_then(|w| full_answer(w.load(Ordering::Relaxed), now_ms)) {
            return Some(cap_reason(k));
        }
        let caps = a.limits.caps();
        let p = match periods {
            Some(cache) => cache.periods(&caps.zone(), caps.week_start(), now),
            None => a.limits.periods(now),
        };
        let owners = [
            (!a.caps_unlimited).then_some((Owner::Account(a.uid), caps.limits())),
            (!client.caps_unlimited).then_some((Owner::Client(client.uid), client.caps.limits())),
        ];
        for (owner, limits) in owners.into_iter().flatten() {
            // As in `cap_failures`, a cap the ledger cannot answer is not reported full
            // (the in-memory ledger always answers).
            if let Some(k) = self.ledger.first_full(owner, &p, limits).ok().flatten() {
                let until = self.full_until(owner, k, limits, &p);
                if let (Some(slot), Some(w)) = (slot, until.and_then(|u| pack_full(now_ms, u, k))) {
                    slot.store(w, Ordering::Relaxed);
                }
                return Some(cap_reason(k));
            }
        }
        self.note_caps_clear(a.index, now_ms);
        None
    }

    /// The instant (milliseconds) at which `owner`'s full cap `kind` gets room, if no
    /// send is added: the rolling hour when its oldest blocking send ages out, a
    /// calendar cap at the end of its period.
    fn full_until(
        &self,
        owner: Owner,
        kind: CapKind,
        limits: &leadroute_caps::CapLimits,
        p: &leadroute_caps::Periods,
    ) -> Option<i64> {
        let end = |t: DateTime<Utc>| Some(t.timestamp_millis());
        match kind {
            CapKind::Hour => {
                let counts = self.ledger.window_counts(owner, p).ok()?;
                let k = counts.hour.checked_sub(limits.get(CapKind::Hour)?)?;
                let since = p.hour_start() + chrono::TimeDelta::milliseconds(1);
                let s = self.ledger.nth_send_since(owner, since, k).ok()??;
                s.timestamp_millis().checked_add(3_600_000)
            }
            CapKind::Day => end(p.day().1),
            CapKind::Week => end(p.week().1),
            CapKind::Month => end(p.month().1),
        }
    }

    /// Full caps of the account (then of its client), hour before day before week
    /// before month; only the first unless `all`. The cap periods of `now` come from
    /// `periods` when the caller keeps a cache (`None`: computed here); without any cap
    /// nothing is computed. Each failure carries its detail text only with `detail`
    /// (routing counts first reasons and shows none).
    pub(crate) fn cap_failures(
        &self,
        a: &AccountRt,
        client: &ClientRt,
        now: DateTime<Utc>,
        periods: Option<&mut PeriodCache>,
        all: bool,
        detail: bool,
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
                let text = if detail {
                    format!(
                        "account {}: {} sends of max {}{paced}",
                        a.uid,
                        f.count(),
                        f.limit()
                    )
                } else {
                    String::new()
                };
                out.push((cap_reason(f.kind()), text));
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
                    let text = if detail {
                        format!(
                            "client {}: {} sends of max {}",
                            client.uid,
                            f.count(),
                            f.limit()
                        )
                    } else {
                        String::new()
                    };
                    out.push((cap_reason(f.kind()), text));
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
    fn packed_order_decisions_answer_inside_and_only_inside() {
        let from = (SPAN_EPOCH + 5_000) * 1000 + 400; // 400 ms into a second
        let kept = KeptOrder::Item {
            pos: 7,
            fills: true,
        };
        let w = pack_order(from, from + 3_600_000, kept).unwrap();
        // The start is rounded up to the next whole second, the end down.
        assert_eq!(order_answer(w, from), None);
        assert_eq!(order_answer(w, from + 599), None);
        assert_eq!(order_answer(w, from + 600), Some(kept));
        assert_eq!(order_answer(w, from + 3_599_599), Some(kept));
        assert_eq!(order_answer(w, from + 3_599_600), None);
        assert_eq!(order_answer(w, from - 1), None);
        for k in [
            KeptOrder::Item {
                pos: 0,
                fills: false,
            },
            KeptOrder::Item {
                pos: 31,
                fills: true,
            },
            KeptOrder::NoOrder,
            KeptOrder::Required,
            KeptOrder::Exhausted,
        ] {
            let w = pack_order(from, from + 10_000, k).unwrap();
            assert_eq!(order_answer(w, from + 5_000), Some(k));
        }
        // Positions past 31 and spans without a whole second are not kept.
        let far = KeptOrder::Item {
            pos: 32,
            fills: false,
        };
        assert_eq!(pack_order(from, from + 10_000, far), None);
        assert_eq!(pack_order(from, from + 500, KeptOrder::NoOrder), None);
        // An unbounded end is cut to the longest kept span, which is still true.
        let w = pack_order(from, i64::MAX, KeptOrder::Required).unwrap();
        let last = from + 600 + (ORDER_SPAN_MAX - 1) * 1000;
        assert_eq!(order_answer(w, last), Some(KeptOrder::Required));
        assert_eq!(order_answer(w, last + 1000), None);
        assert_eq!(order_answer(0, from + 5_000), None);
    }

    #[test]
    fn packed_verdicts_answer_inside_and_only_inside() {
        let from = (SPAN_EPOCH + 5_000) * 1000 + 400; // 400 ms into a second
        let s = |ms: i64| ms.div_euclid(1000);
        let kept = KeptVerdict::Item {
            pos: 7,
            fills: true,
        };
        let w = pack_verdict(from, from + 3_600_000, from, kept).unwrap();
        // The start is rounded up to the next whole second, the end down: seconds
        // 5_001 to 8_599 after the epoch.
        assert_eq!(verdict_answer(w, s(from)), None);
        assert_eq!(verdict_answer(w, s(from + 600)), Some(kept));
        assert_eq!(verdict_answer(w, s(from + 3_599_599)), Some(kept));
        assert_eq!(verdict_answer(w, s(from + 3_599_600)), None);
        let every = [
            KeptVerdict::Item {
                pos: 0,
                fills: false,
            },
            KeptVerdict::Item {
                pos: 31,
                fills: true,
            },
            KeptVerdict::NoOrder,
            KeptVerdict::Fails(Reason::OrderRequired),
            KeptVerdict::Fails(Reason::OrderExhausted),
            KeptVerdict::Fails(Reason::HourMaxReached),
            KeptVerdict::Fails(Reason::DayMaxReached),
            KeptVerdict::Fails(Reason::WeekMaxReached),
            KeptVerdict::Fails(Reason::MonthMaxReached),
        ];
        for k in every {
            let w = pack_verdict(from, from + 10_000, from, k).unwrap();
            assert_eq!(verdict_answer(w, s(from + 5_000)), Some(k));
        }
        // Positions past 31, reasons no state check gives and spans without a whole
        // second are not kept.
        let far = KeptVerdict::Item {
            pos: 32,
            fills: false,
        };
        assert_eq!(pack_verdict(from, from + 10_000, from, far), None);
        let other = KeptVerdict::Fails(Reason::CriteriaFailed);
        assert_eq!(pack_verdict(from, from + 10_000, from, other), None);
        let none = KeptVerdict::NoOrder;
        assert_eq!(pack_verdict(from, from + 500, from, none), None);
        // A span known since long before `now` starts half the longest span before it,
        // and an unbounded end is cut to the longest span: both still true, and `now`
        // is inside.
        let now = from + 400 * 86_400_000;
        let w = pack_verdict(i64::MIN, i64::MAX, now, none).unwrap();
        let start = s(now) - VERDICT_SPAN_MAX / 2 + 1;
        assert_eq!(verdict_answer(w, s(now)), Some(none));
        assert_eq!(verdict_answer(w, start), Some(none));
        assert_eq!(verdict_answer(w, start - 1), None);
        assert_eq!(verdict_answer(w, start + VERDICT_SPAN_MAX - 1), Some(none));
        assert_eq!(verdict_answer(w, start + VERDICT_SPAN_MAX), None);
        assert_eq!(verdict_answer(0, s(now)), None);
    }

    #[test]
    fn packed_prices_read_back_exactly_or_are_not_packed() {
        use rust_decimal::Decimal;
        use std::str::FromStr;
        for text in [
            "0",
            "30",
            "30.00",
            "12.5",
            "-4.25",
            "0.0000001",
            "288230376151711.743",
        ] {
            let p = Decimal::from_str(text).unwrap();
            let w = pack_price(p).unwrap();
            assert_eq!(unpack_price(w).to_string(), text);
            assert_eq!(unpack_price(w).serialize(), p.serialize());
        }
        // 2^58 needs a 60th bit: not packed.
        assert_eq!(pack_price(Decimal::from(1i64 << 58)), None);
        assert_eq!(pack_price(Decimal::MAX), None);
        // A negative zero would read back as zero: not packed.
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        assert!(negative_zero.is_sign_negative());
        assert_eq!(pack_price(negative_zero), None);
    }

    #[test]
    fn packed_full_spans_answer_inside_and_only_inside() {
        let from = (SPAN_EPOCH + 1_000) * 1000 + 250; // 250 ms into a second
        let w = pack_full(from, from + 60_000, CapKind::Week).unwrap();
        // The start is rounded up to the next whole second, the end down.
        assert_eq!(full_answer(w, from), None);
        assert_eq!(full_answer(w, from + 749), None);
        assert_eq!(full_answer(w, from + 750), Some(CapKind::Week));
        assert_eq!(full_answer(w, from + 59_749), Some(CapKind::Week));
        assert_eq!(full_answer(w, from + 59_750), None);
        assert_eq!(full_answer(w, from - 10_000), None);
        // Spans of less than a whole second, or before 2020, are not kept.
        assert_eq!(pack_full(from, from + 900, CapKind::Hour), None);
        assert_eq!(
            pack_full(
                SPAN_EPOCH * 1000 - 5_000,
                SPAN_EPOCH * 1000 + 5_000,
                CapKind::Hour
            ),
            None
        );
        for k in CapKind::ALL {
            let w = pack_full(from, from + 10_000, k).unwrap();
            assert_eq!(full_answer(w, from + 5_000), Some(k));
        }
        assert_eq!(full_answer(0, from), None);
    }

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
