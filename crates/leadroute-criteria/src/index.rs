//! Evaluating one lead against every account of its lead type at once.
//!
//! [`CriteriaIndex`] regroups the criteria of all accounts by field and kind, so that
//! most work is done once per lead rather than once per account:
//!
//! - `Equal`/`NotEqual`/`In`/`NotIn` on Varchar and integer fields: an inverted index
//!   from value (and Varchar `*` prefix) to the accounts listing it; one hash lookup
//!   per lead value (and per prefix length) yields a bitset of the accounts it matches.
//! - `Contains`/`Doesnt_Contain`: one Aho-Corasick automaton per group over every
//!   account's items; one pass over the lead value yields the accounts hit. A group
//!   of a few distinct items searches for each with its own prebuilt finder instead.
//! - integer ranges (`Greater` ... `Between`): columns of inclusive bounds; distance:
//!   rows of origin unit vectors and `cos(radius / R)` thresholds. Both are tested
//!   only for accounts still alive after the set groups.
//! - everything else: identical criteria (same field, type, operator, value and, when
//!   it matters, time zone) are evaluated once per lead and the result shared. With
//!   few distinct ones, each keeps the non-zero words of its holders' bitset, tested
//!   and cleared at once when it fails; otherwise the alive accounts are walked one by
//!   one.
//!
//! Accounts are bits of a bitset; each group clears the bits of the accounts it fails.
//! The result is exactly that of evaluating every account's criteria one by one
//! ([`CriteriaIndex::scan_row_by_row`]); a property test checks it.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use chrono::{DateTime, Utc};
use memchr::memmem::Finder;

use crate::account::AccountCriteria;
use crate::criterion::{Body, CmpOp, Scalar, Test};
use crate::explain::Failure;
use crate::lead::PreparedLead;
use crate::location::{LeadPlace, Radius};
use crate::value::TypedValue;

/// The accounts a lead matches: a bitset over the index's account positions.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    bits: Vec<u64>,
    n: usize,
    tmp: Vec<u64>,
    memo: Vec<u8>,
}

impl Matches {
    /// An empty result, to be filled (and reused) by [`CriteriaIndex::scan_into`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the account at `position` matches.
    pub fn contains(&self, position: usize) -> bool {
        position < self.n && self.bits[position >> 6] >> (position & 63) & 1 == 1
    }

    /// The bitset itself: bit `p % 64` of word `p / 64` is set when the account at
    /// position `p` matches; no bit at or past [`Matches::accounts`] is set.
    pub fn words(&self) -> &[u64] {
        &self.bits
    }

    /// The matching account positions, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut m = word;
            std::iter::from_fn(move || {
                if m == 0 {
                    return None;
                }
                let b = m.trailing_zeros() as usize;
                m &= m - 1;
                Some(w * 64 + b)
            })
        })
    }

    /// The number of matching accounts.
    pub fn count(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The number of accounts scanned (matching or not).
    pub fn accounts(&self) -> usize {
        self.n
    }

    fn reset(&mut self, full: &[u64], n: usize, distinct: usize) {
        self.n = n;
        self.bits.clear();
        self.bits.extend_from_slice(full);
        self.tmp.clear();
        self.tmp.resize(full.len(), 0);
        self.memo.clear();
        self.memo.resize(distinct, 0);
    }
}

/// The accounts listing one value: a sorted list, or a bitset once the list is long
/// enough that OR-ing whole words is cheaper than setting bits one by one.
#[derive(Debug, Clone)]
enum Posting {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

impl Default for Posting {
    fn default() -> Self {
        Posting::List(Vec::new())
    }
}

impl Posting {
    fn push(&mut self, i: u32) {
        if let Posting::List(v) = self {
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }

    /// Turns long lists into bitsets of `words` words.
    fn seal(&mut self, words: usize) {
        if let Posting::List(v) = self {
            if v.len() > words * 2 {
                let mut bits = vec![0u64; words];
                v.iter().for_each(|&i| set_bit(&mut bits, i));
                *self = Posting::Bits(bits);
            }
        }
    }

    #[inline]
    fn or_into(&self, out: &mut [u64]) {
        match self {
            Posting::List(v) => v.iter().for_each(|&i| set_bit(out, i)),
            Posting::Bits(b) => out.iter_mut().zip(b).for_each(|(o, b)| *o |= b),
        }
    }
}

fn set_bit(bits: &mut [u64], i: u32) {
    bits[(i >> 6) as usize] |= 1u64 << (i & 63);
}

/// The accounts a group covers, and which of them negate (`NotEqual`, `NotIn`,
/// `Doesnt_Contain`).
#[derive(Debug, Clone)]
struct Members {
    field: usize,
    members: Vec<u64>,
    neg: Vec<u64>,
}

impl Members {
    fn new(field: usize, words: usize) -> Self {
        Members {
            field,
            members: vec![0; words],
            neg: vec![0; words],
        }
    }

    fn add(&mut self, account: u32, negated: bool) {
        set_bit(&mut self.members, account);
        if negated {
            set_bit(&mut self.neg, account);
        }
    }

    /// Missing value: the negated pass, the others fail.
    fn missing(&self, alive: &mut [u64]) {
        for ((a, m), n) in alive.iter_mut().zip(&self.members).zip(&self.neg) {
            *a &= !(m & !n);
        }
    }

    /// Value not valid for the field's type: every member fails.
    fn invalid(&self, alive: &mut [u64]) {
        for (a, m) in alive.iter_mut().zip(&self.members) {
            *a &= !m;
        }
    }

    /// `hit` holds the members whose items the value matched.
    fn apply(&self, alive: &mut [u64], hit: &[u64]) {
        for (((a, m), n), h) in alive.iter_mut().zip(&self.members).zip(&self.neg).zip(hit) {
            let fail = (m & !n & !h) | (n & h);
            *a &= !fail;
        }
    }
}

#[derive(Debug, Clone)]
struct TextSet {
    m: Members,
    exact: HashMap<Box<str>, Posting>,
    prefixes: HashMap<Box<str>, Posting>,
    prefix_lens: Vec<usize>,
}

#[derive(Debug, Clone)]
struct IntSet {
    m: Members,
    exact: HashMap<i64, Posting>,
}

/// The most needle bytes a `Contains` set searches with a DFA (see the index build).
const DFA_NEEDLE_BYTES: usize = 4096;
/// Up to this many distinct needles a `Contains` set looks for each with its own
/// finder: on short lead values (an e-mail address, say) a few vectorised substring
/// searches cost less than starting an automaton's overlapping search.
const FINDER_NEEDLES: usize = 4;

#[derive(Debug, Clone)]
struct ContainsSet {
    m: Members,
    needles: Vec<Box<str>>,
    postings: Vec<Posting>,
    /// One substring finder per needle when there is no automaton (else empty).
    finders: Vec<Finder<'static>>,
    /// The automaton over every needle; `None` for a set of at most
    /// [`FINDER_NEEDLES`] needles, or when it could not be built (its size limits).
    ac: Option<AhoCorasick>,
}

#[derive(Debug, Clone)]
struct IntRange {
    field: usize,
    members: Vec<u64>,
    lo: Vec<i64>,
    hi: Vec<i64>,
    /// When the members' ranges have few distinct ends (credit-score bands, say): the
    /// sorted distinct cuts (every `lo` and every `hi + 1`) and, for each of the
    /// intervals they delimit (`..cuts[0]`, `cuts[0]..cuts[1]`, ..., `cuts[last]..`),
    /// the members whose range holds it, so that a lead's value is tested against all
    /// members with one search and one pass of words. `None`: tested member by member.
    bands: Option<Bands>,
}

#[derive(Debug, Clone)]
struct Bands {
    cuts: Vec<i64>,
    holds: Vec<Vec<u64>>,
}

/// At most this many intervals get a bitset each (a budget of about eight bytes per
/// account of the lead type, what one more column would cost).
const MAX_BANDS: usize = 64;

impl IntRange {
    /// Builds [`IntRange::bands`] when the distinct ends allow.
    fn seal(&mut self) {
        let mut cuts: Vec<i64> = Vec::new();
        for_each_bit(&self.members, |a| {
            cuts.push(self.lo[a]);
            if let Some(next) = self.hi[a].checked_add(1) {
                cuts.push(next);
            }
        });
        cuts.sort_unstable();
        cuts.dedup();
        if cuts.len() + 1 > MAX_BANDS {
            return;
        }
        let words = self.members.len();
        // The interval of `v` is the number of cuts at or below it; interval `k`
        // starts at `cuts[k - 1]` (or has no lower end for `k = 0`).
        let mut holds = vec![vec![0u64; words]; cuts.len() + 1];
        for (k, band) in holds.iter_mut().enumerate() {
            // Any value of the interval: its start, or below the first cut.
            let v = match k.checked_sub(1) {
                Some(i) => cuts[i],
                None => match cuts.first() {
                    Some(&c) if c > i64::MIN => c - 1,
                    _ => continue,
                },
            };
            for_each_bit(&self.members, |a| {
                if self.lo[a] <= v && v <= self.hi[a] {
                    band[a / 64] |= 1u64 << (a % 64);
                }
            });
        }
        self.bands = Some(Bands { cuts, holds });
    }
}

/// Calls `f` with the position of every set bit of `bits`.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (w, &word) in bits.iter().enumerate() {
        let mut m = word;
        while m != 0 {
            f(w * 64 + m.trailing_zeros() as usize);
            m &= m - 1;
        }
    }
}

#[derive(Debug, Clone)]
struct DistanceSet {
    field: usize,
    members: Vec<u64>,
    /// Origin unit vectors and thresholds, one row per account (unused rows are zero
    /// and never looked at: they are not members). One row rather than one column per
    /// value: the accounts still alive when distances are tested are a scattered few,
    /// and each is then one or two cache lines rather than five.
    rows: Vec<OriginRow>,
    radius: Vec<Option<Radius>>,
}

/// A `Distance_Compare` origin as the index tests it: the origin's unit vector and the
/// dot-product thresholds of [`Radius`] (at or above `sure_in`: inside; below
/// `sure_out`: outside; between: decided by haversine).
#[derive(Debug, Clone, Copy, Default)]
struct OriginRow {
    x: f64,
    y: f64,
    z: f64,
    sure_in: f64,
    sure_out: f64,
}

impl OriginRow {
    /// The dot product of the origin with the unit vector `(px, py, pz)`.
    #[inline]
    fn dot(&self, px: f64, py: f64, pz: f64) -> f64 {
        self.x * px + self.y * py + self.z * pz
    }
}

/// Criteria without a specialised column, deduplicated.
#[derive(Debug, Clone, Default)]
struct Others {
    /// The accounts with such criteria, and for each account (by position) its
    /// distinct criteria, `ids[offsets[a]..offsets[a + 1]]`: the account walk's lists,
    /// emptied once `holders` replaces them.
    members: Vec<u64>,
    offsets: Vec<u32>,
    ids: Vec<u32>,
    /// For each distinct criterion: (account, criterion) of one occurrence.
    distinct: Vec<(u32, u32)>,
    /// With at most [`OTHERS_AS_BITSETS`] distinct criteria: for each, the accounts
    /// holding it, as the non-zero words of a bitset ([`Holders`]). A lead then
    /// evaluates each distinct criterion some alive account holds, once, and clears its
    /// holders a word at a time when it fails, instead of walking the alive accounts
    /// one by one through `offsets` and `ids`. `None`: more distinct criteria (accounts
    /// with criteria of their own), walked account by account.
    holders: Option<Vec<Holders>>,
}

/// The accounts holding one distinct criterion ([`Others::holders`]): the non-zero
/// words of their bitset, each with its index. Most such criteria are held by a few
/// accounts, so a lead tests and clears a few words instead of the whole width.
#[derive(Debug, Clone, Default)]
struct Holders(Vec<(usize, u64)>);

impl Holders {
    /// The holders of a bitset.
    fn of(bits: &[u64]) -> Holders {
        Holders(
            bits.iter()
                .enumerate()
                .filter(|&(_, &b)| b != 0)
                .map(|(w, &b)| (w, b))
                .collect(),
        )
    }

    /// Whether any holder is alive.
    #[inline]
    fn any_alive(&self, alive: &[u64]) -> bool {
        self.0
            .iter()
            .any(|&(w, b)| alive.get(w).is_some_and(|a| a & b != 0))
    }

    /// Clears every holder's bit in `alive`.
    #[inline]
    fn clear(&self, alive: &mut [u64]) {
        for &(w, b) in &self.0 {
            if let Some(a) = alive.get_mut(w) {
                *a &= !b;
            }
        }
    }
}

/// The most distinct uncolumned criteria in one index that are kept as one bitset each
/// ([`Others::holders`]).
const OTHERS_AS_BITSETS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Text,
    Int,
    Contains,
    Range,
    Distance,
}

/// All accounts of one lead type, indexed for scanning one lead against all of them.
#[derive(Debug, Clone)]
pub struct CriteriaIndex {
    accounts: Vec<AccountCriteria>,
    full: Vec<u64>,
    text: Vec<TextSet>,
    ints: Vec<IntSet>,
    contains: Vec<ContainsSet>,
    ranges: Vec<IntRange>,
    distances: Vec<DistanceSet>,
    others: Others,
}

impl CriteriaIndex {
    /// Builds the index; account positions are the positions in `accounts`.
    pub fn new(accounts: Vec<AccountCriteria>) -> Self {
        let n = accounts.len();
        let words = n.div_ceil(64);
        let mut full = vec![u64::MAX; words];
        if n % 64 != 0 {
            if let Some(last) = full.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        let mut groups: HashMap<(usize, Class, usize), usize> = HashMap::new();
        let occ_of = |seen: &mut HashMap<(usize, Class), usize>, field: usize, class: Class| {
            let occ = seen.entry((field, class)).or_insert(0);
            *occ += 1;
            (field, class, *occ - 1)
        };
        let mut text: Vec<TextSet> = Vec::new();
        let mut ints: Vec<IntSet> = Vec::new();
        let mut contains: Vec<ContainsSet> = Vec::new();
        let mut ranges: Vec<IntRange> = Vec::new();
        let mut distances: Vec<DistanceSet> = Vec::new();
        let mut others = Others {
            members: vec![0; words],
            offsets: vec![0],
            ..Others::default()
        };
        let mut distinct_keys: HashMap<String, u32> = HashMap::new();

        for (a, account) in accounts.iter().enumerate() {
            // ok: positions fit in u32 (an index of more than 4e9 accounts cannot be built in memory)
            let ai = a as u32;
            let mut seen: HashMap<(usize, Class), usize> = HashMap::new();
            for (ci, c) in account.criteria().iter().enumerate() {
                let field = c.field();
                let test = match (&c.body, field) {
                    (Body::Field(t), Some(f)) => Some((t, f)),
                    _ => None,
                };
                let handled = match test {
                    Some((t, f)) => match classify(t) {
                        Some(Kind::Text {
                            items,
                            prefixes,
                            negated,
                        }) => {
                            let key = occ_of(&mut seen, f, Class::Text);
                            let g = group_index(&mut groups, key, &mut text, || TextSet {
                                m: Members::new(f, words),
                                exact: HashMap::new(),
                                prefixes: HashMap::new(),
                                prefix_lens: Vec::new(),
                            });
                            let set = &mut text[g];
                            set.m.add(ai, negated);
                            for it in items {
                                set.exact.entry(it).or_default().push(ai);
                            }
                            for p in prefixes {
                                if !set.prefix_lens.contains(&p.len()) {
                                    set.prefix_lens.push(p.len());
                                }
                                set.prefixes.entry(p).or_default().push(ai);
                            }
                            true
                        }
                        Some(Kind::Int { items, negated }) => {
                            let key = occ_of(&mut seen, f, Class::Int);
                            let g = group_index(&mut groups, key, &mut ints, || IntSet {
                                m: Members::new(f, words),
                                exact: HashMap::new(),
                            });
                            let set = &mut ints[g];
                            set.m.add(ai, negated);
                            for it in items {
                                set.exact.entry(it).or_default().push(ai);
                            }
                            true
                        }
                        Some(Kind::Contains { needles, negated }) => {
                            let key = occ_of(&mut seen, f, Class::Contains);
                            let g = group_index(&mut groups, key, &mut contains, || ContainsSet {
                                m: Members::new(f, words),
                                needles: Vec::new(),
                                postings: Vec::new(),
                                finders: Vec::new(),
                                ac: None,
                            });
                            let set = &mut contains[g];
                            set.m.add(ai, negated);
                            for nd in needles {
                                let k = match set.needles.iter().position(|x| **x == *nd) {
                                    Some(k) => k,
                                    None => {
                                        set.needles.push(nd.clone());
                                        set.postings.push(Posting::default());
                                        set.needles.len() - 1
                                    }
                                };
                                set.postings[k].push(ai);
                            }
                            true
                        }
                        Some(Kind::Range { lo, hi }) => {
                            let key = occ_of(&mut seen, f, Class::Range);
                            let g = group_index(&mut groups, key, &mut ranges, || IntRange {
                                field: f,
                                members: vec![0; words],
                                lo: vec![0; n],
                                hi: vec![0; n],
                                bands: None,
                            });
                            let r = &mut ranges[g];
                            set_bit(&mut r.members, ai);
                            r.lo[a] = lo;
                            r.hi[a] = hi;
                            true
                        }
                        Some(Kind::Distance(radius)) => {
                            let key = occ_of(&mut seen, f, Class::Distance);
                            let g = group_index(&mut groups, key, &mut distances, || DistanceSet {
                                field: f,
                                members: vec![0; words],
                                rows: vec![OriginRow::default(); n],
                                radius: vec![None; n],
                            });
                            let d = &mut distances[g];
                            set_bit(&mut d.members, ai);
                            let [x, y, z] = radius.origin.v;
                            d.rows[a] = OriginRow {
                                x,
                                y,
                                z,
                                sure_in: radius.sure_in,
                                sure_out: radius.sure_out,
                            };
                            d.radius[a] = Some(radius);
                            true
                        }
                        None => false,
                    },
                    None => false,
                };
                if !handled {
                    let mut key = c.key();
                    if c.zone_dependent() {
                        key.push('\u{1f}');
                        key.push_str(&account.zone().name());
                    }
                    let next = others.distinct.len() as u32;
                    let id = *distinct_keys.entry(key).or_insert(next);
                    if id == next {
                        // ok: criterion positions fit in u32
                        others.distinct.push((ai, ci as u32));
                    }
                    others.ids.push(id);
                    set_bit(&mut others.members, ai);
                }
            }
            // ok: fewer than 4e9 criteria in memory
            others.offsets.push(others.ids.len() as u32);
        }
        for set in &mut contains {
            if set.needles.len() > FINDER_NEEDLES {
                // A DFA searches fastest but takes time quadratic in a long, repetitive
                // needle to build (300,000 `a`s took minutes); past a few KiB of needles
                // the contiguous NFA, linear to build, is used.
                let bytes: usize = set.needles.iter().map(|n| n.len()).sum();
                let kind = if bytes <= DFA_NEEDLE_BYTES {
                    AhoCorasickKind::DFA
                } else {
                    AhoCorasickKind::ContiguousNFA
                };
                set.ac = AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(kind))
                    .build(set.needles.iter().map(|s| s.as_bytes()))
                    .ok();
            }
            // Finders where there is no automaton: few needles, or none could be built.
            if set.ac.is_none() {
                set.finders = set
                    .needles
                    .iter()
                    .map(|n| Finder::new(n.as_bytes()).into_owned())
                    .collect();
            }
        }
        for r in &mut ranges {
            r.seal();
        }
        if others.distinct.len() <= OTHERS_AS_BITSETS {
            let mut holders = vec![vec![0u64; words]; others.distinct.len()];
            for (a, w) in others.offsets.windows(2).enumerate() {
                for &id in &others.ids[w[0] as usize..w[1] as usize] {
                    // ok: positions fit in u32 (as above)
                    set_bit(&mut holders[id as usize], a as u32);
                }
            }
            others.holders = Some(holders.iter().map(|h| Holders::of(h)).collect());
            (others.members, others.offsets, others.ids) = Default::default();
        }
        for set in &mut text {
            set.prefix_lens.sort_unstable();
            set.exact
                .values_mut()
                .chain(set.prefixes.values_mut())
                .for_each(|p| p.seal(words));
        }
        for set in &mut ints {
            set.exact.values_mut().for_each(|p| p.seal(words));
        }
        for set in &mut contains {
            set.postings.iter_mut().for_each(|p| p.seal(words));
        }
        CriteriaIndex {
            accounts,
            full,
            text,
            ints,
            contains,
            ranges,
            distances,
            others,
        }
    }

    /// The number of accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// Whether the index has no account.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The account at `position`.
    pub fn account(&self, position: usize) -> Option<&AccountCriteria> {
        self.accounts.get(position)
    }

    /// The accounts whose criteria all hold for `lead` at `now`.
    pub fn scan(&self, lead: &PreparedLead, now: DateTime<Utc>) -> Matches {
        let mut m = Matches::new();
        self.scan_into(lead, now, &mut m);
        m
    }

    /// Like [`CriteriaIndex::scan`], reusing `out`'s buffers.
    pub fn scan_into(&self, lead: &PreparedLead, now: DateTime<Utc>, out: &mut Matches) {
        out.reset(&self.full, self.accounts.len(), self.others.distinct.len());
        self.scan_alive(lead, now, out);
    }

    /// Like [`CriteriaIndex::scan_into`] for the accounts whose bit is set in `within`
    /// (same layout as [`Matches::words`]; missing words count as zero) only: the
    /// others are reported as not matching and their criteria are never evaluated. For
    /// a caller that has already ruled some accounts out and reads no answer for them:
    /// the per-account columns (ranges, distances, the remaining criteria) are then
    /// tested for fewer accounts.
    pub fn scan_within(
        &self,
        lead: &PreparedLead,
        now: DateTime<Utc>,
        within: &[u64],
        out: &mut Matches,
    ) {
        out.reset(&self.full, self.accounts.len(), self.others.distinct.len());
        for (i, a) in out.bits.iter_mut().enumerate() {
            *a &= within.get(i).copied().unwrap_or(0);
        }
        self.scan_alive(lead, now, out);
    }

    /// Clears in `out` the bits of the accounts whose criteria do not all hold.
    fn scan_alive(&self, lead: &PreparedLead, now: DateTime<Utc>, out: &mut Matches) {
        let Matches {
            bits: alive,
            tmp,
            memo,
            ..
        } = out;
        for set in &self.text {
            match lead.slot(set.m.field) {
                None => set.m.missing(alive),
                Some(slot) => {
                    tmp.fill(0);
                    let v = slot.folded();
                    if let Some(p) = set.exact.get(v) {
                        p.or_into(tmp);
                    }
                    for &len in &set.prefix_lens {
                        if len > v.len() {
                            break;
                        }
                        if v.is_char_boundary(len) {
                            if let Some(p) = set.prefixes.get(&v[..len]) {
                                p.or_into(tmp);
                            }
                        }
                    }
                    set.m.apply(alive, tmp);
                }
            }
        }
        for set in &self.ints {
            match lead.slot(set.m.field).map(|s| s.typed()) {
                None => set.m.missing(alive),
                Some(Some(TypedValue::Int(v))) => {
                    tmp.fill(0);
                    if let Some(p) = set.exact.get(v) {
                        p.or_into(tmp);
                    }
                    set.m.apply(alive, tmp);
                }
                Some(_) => set.m.invalid(alive),
            }
        }
        for set in &self.contains {
            match lead.slot(set.m.field) {
                None => set.m.missing(alive),
                Some(slot) if slot.typed().is_none() => set.m.invalid(alive),
                Some(slot) => {
                    tmp.fill(0);
                    let v = slot.folded();
                    match &set.ac {
                        Some(ac) => {
                            for m in ac.find_overlapping_iter(v.as_bytes()) {
                                set.postings[m.pattern().as_usize()].or_into(tmp);
                            }
                        }
                        // A few needles, or no automaton could be built (its size
                        // limits): each needle is looked for on its own, with the same
                        // answers.
                        None => {
                            for (f, p) in set.finders.iter().zip(&set.postings) {
                                if f.find(v.as_bytes()).is_some() {
                                    p.or_into(tmp);
                                }
                            }
                        }
                    }
                    set.m.apply(alive, tmp);
                }
            }
        }
        for r in &self.ranges {
            match lead.slot(r.field).map(|s| s.typed()) {
                Some(Some(TypedValue::Int(v))) if r.bands.is_some() => {
                    if let Some(b) = &r.bands {
                        let k = b.cuts.partition_point(|&c| c <= *v);
                        if let Some(holds) = b.holds.get(k) {
                            for ((a, m), h) in alive.iter_mut().zip(&r.members).zip(holds) {
                                *a &= !(m & !h);
                            }
                        }
                    }
                }
                Some(Some(TypedValue::Int(v))) => {
                    let v = *v;
                    for_words(alive, &r.members, |w, len, todo| {
                        let (lo, hi) = (&r.lo[w * 64..w * 64 + len], &r.hi[w * 64..w * 64 + len]);
                        if todo.count_ones() <= SPARSE_BITS {
                            return for_bits(todo, |b| (lo[b] <= v) & (v <= hi[b]));
                        }
                        let mut pass = 0u64;
                        // Fixed chunks of 8 so the compiler unrolls with constant shifts.
                        for (k, (l8, h8)) in lo.chunks_exact(8).zip(hi.chunks_exact(8)).enumerate()
                        {
                            let mut byte = 0u64;
                            for j in 0..8 {
                                byte |= u64::from((l8[j] <= v) & (v <= h8[j])) << j;
                            }
                            pass |= byte << (8 * k);
                        }
                        for b in (len / 8 * 8)..len {
                            pass |= u64::from((lo[b] <= v) & (v <= hi[b])) << b;
                        }
                        pass
                    });
                }
                _ => clear(alive, &r.members),
            }
        }
        for d in &self.distances {
            match lead.slot(d.field) {
                Some(slot) if slot.typed().is_some() => match slot.place(lead.locator()) {
                    LeadPlace::At(p) => {
                        let [px, py, pz] = p.v;
                        for_words(alive, &d.members, |w, len, todo| {
                            let rows = &d.rows[w * 64..w * 64 + len];
                            if todo.count_ones() <= SPARSE_BITS {
                                return for_bits(todo, |b| {
                                    let o = &rows[b];
                                    let dot = o.dot(px, py, pz);
                                    dot >= o.sure_in
                                        || (dot >= o.sure_out
                                            && d.radius[w * 64 + b].is_some_and(|r| r.contains(p)))
                                });
                            }
                            let (mut pass, mut unsure) = (0u64, 0u64);
                            for (b, o) in rows.iter().enumerate() {
                                let dot = o.dot(px, py, pz);
                                pass |= u64::from(dot >= o.sure_in) << b;
                                unsure |= u64::from((dot >= o.sure_out) & (dot < o.sure_in)) << b;
                            }
                            // Within the rounding band: decide by haversine itself.
                            while unsure != 0 {
                                let b = unsure.trailing_zeros() as usize;
                                unsure &= unsure - 1;
                                if d.radius[w * 64 + b].is_some_and(|r| r.contains(p)) {
                                    pass |= 1 << b;
                                }
                            }
                            pass
                        });
                    }
                    _ => clear(alive, &d.members),
                },
                _ => clear(alive, &d.members),
            }
        }
        let o = &self.others;
        match &o.holders {
            // Each distinct criterion some alive account holds, evaluated once; its
            // holders cleared a word at a time when it fails.
            Some(holders) => {
                for (&(a, c), held) in o.distinct.iter().zip(holders) {
                    if !held.any_alive(alive) {
                        continue;
                    }
                    let acc = &self.accounts[a as usize];
                    if acc.criteria()[c as usize]
                        .eval(lead, now, acc.zone())
                        .is_err()
                    {
                        held.clear(alive);
                    }
                }
            }
            // Account by account, each distinct criterion evaluated at most once.
            None => for_alive(alive, &o.members, |i| {
                let (from, to) = (o.offsets[i] as usize, o.offsets[i + 1] as usize);
                o.ids[from..to].iter().all(|&id| {
                    let id = id as usize;
                    match memo[id] {
                        1 => true,
                        2 => false,
                        _ => {
                            let (a, c) = o.distinct[id];
                            let acc = &self.accounts[a as usize];
                            let ok = acc.criteria()[c as usize]
                                .eval(lead, now, acc.zone())
                                .is_ok();
                            memo[id] = if ok { 1 } else { 2 };
                            ok
                        }
                    }
                })
            }),
        }
    }

    /// The plain loop: every account's criteria evaluated one by one. The reference
    /// [`CriteriaIndex::scan`] agrees with, and the baseline of the benches.
    pub fn scan_row_by_row(&self, lead: &PreparedLead, now: DateTime<Utc>) -> Matches {
        let mut m = Matches::new();
        m.reset(&self.full, self.accounts.len(), 0);
        for (i, a) in self.accounts.iter().enumerate() {
            if !a.matches(lead, now) {
                m.bits[i >> 6] &= !(1u64 << (i & 63));
            }
        }
        m
    }

    /// Every failing criterion of the account at `position` (explain mode); empty when
    /// it matches or does not exist.
    pub fn explain<'a>(
        &'a self,
        position: usize,
        lead: &'a PreparedLead,
        now: DateTime<Utc>,
    ) -> Vec<Failure<'a>> {
        self.accounts
            .get(position)
            .map(|a| a.failures(lead, now))
            .unwrap_or_default()
    }

    /// The first failing criterion of the account at `position`, in its order.
    pub fn first_failure<'a>(
        &'a self,
        position: usize,
        lead: &'a PreparedLead,
        now: DateTime<Utc>,
    ) -> Option<Failure<'a>> {
        self.accounts
            .get(position)
            .and_then(|a| a.first_failure(lead, now))
    }
}

/// The position of a group in its class's list, creating it on first use.
fn group_index<T>(
    groups: &mut HashMap<(usize, Class, usize), usize>,
    key: (usize, Class, usize),
    list: &mut Vec<T>,
    make: impl FnOnce() -> T,
) -> usize {
    *groups.entry(key).or_insert_with(|| {
        list.push(make());
        list.len() - 1
    })
}

fn clear(alive: &mut [u64], members: &[u64]) {
    for (a, m) in alive.iter_mut().zip(members) {
        *a &= !m;
    }
}

/// Up to this many accounts left to test in a word of 64, the column groups test them
/// one by one instead of all 64 lanes: after the set groups have cleared most accounts,
/// few bits of each word are still alive, and testing 64 lanes to keep 5 is wasted work.
const SPARSE_BITS: u32 = 16;

/// The bits of `todo` for which `test` holds.
#[inline]
fn for_bits(mut todo: u64, mut test: impl FnMut(usize) -> bool) -> u64 {
    let mut pass = 0u64;
    while todo != 0 {
        let b = todo.trailing_zeros() as usize;
        todo &= todo - 1;
        pass |= u64::from(test(b)) << b;
    }
    pass
}

/// For every word with alive members, `pass(word, len, todo)` gives the bits (of the
/// `len` accounts of that word) whose test holds; `todo` holds the bits of the alive
/// members, and those outside the result are cleared. Dense words are tested
/// branch-free over all lanes, which beats testing the alive accounts one by one once
/// outcomes are unpredictable; sparse words (at most [`SPARSE_BITS`] alive) test only
/// their alive accounts.
#[inline]
fn for_words(alive: &mut [u64], members: &[u64], mut pass: impl FnMut(usize, usize, u64) -> u64) {
    let n_words = alive.len();
    for (w, (a, m)) in alive.iter_mut().zip(members).enumerate() {
        let todo = *a & m;
        if todo == 0 {
            continue;
        }
        let len = if w + 1 == n_words {
            64 - (todo.leading_zeros() as usize)
        } else {
            64
        };
        *a &= !(todo & !pass(w, len, todo));
    }
}

/// Runs `keep` for every alive member; clears the ones it rejects.
#[inline]
fn for_alive(alive: &mut [u64], members: &[u64], mut keep: impl FnMut(usize) -> bool) {
    for (w, (a, m)) in alive.iter_mut().zip(members).enumerate() {
        let mut todo = *a & m;
        while todo != 0 {
            let b = todo.trailing_zeros();
            todo &= todo - 1;
            if !keep(w * 64 + b as usize) {
                *a &= !(1u64 << b);
            }
        }
    }
}

enum Kind {
    Text {
        items: Vec<Box<str>>,
        prefixes: Vec<Box<str>>,
        negated: bool,
    },
    Int {
        items: Vec<i64>,
        negated: bool,
    },
    Contains {
        needles: Vec<Box<str>>,
        negated: bool,
    },
    Range {
        lo: i64,
        hi: i64,
    },
    Distance(Radius),
}

fn classify(t: &Test) -> Option<Kind> {
    let text_items = |vals: &[Scalar]| -> Option<Vec<Box<str>>> {
        vals.iter()
            .map(|s| match s {
                Scalar::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    let int_items = |vals: &[Scalar]| -> Option<Vec<i64>> {
        vals.iter()
            .map(|s| match s {
                Scalar::Int(i) => Some(*i),
                _ => None,
            })
            .collect()
    };
    let set = |vals: &[Scalar], prefixes: &[Box<str>], negated: bool| -> Option<Kind> {
        if let Some(items) = text_items(vals) {
            // An all-text list (possibly empty) of a Varchar field.
            if vals.is_empty() && prefixes.is_empty() {
                return None;
            }
            return Some(Kind::Text {
                items,
                prefixes: prefixes.to_vec(),
                negated,
            });
        }
        if prefixes.is_empty() {
            return int_items(vals).map(|items| Kind::Int { items, negated });
        }
        None
    };
    match t {
        Test::Equal(s) => set(std::slice::from_ref(s), &[], false),
        Test::NotEqual(s) => set(std::slice::from_ref(s), &[], true),
        Test::In(items) => set(&items.values, &items.prefixes, false),
        Test::NotIn(items) => set(&items.values, &items.prefixes, true),
        Test::Contains(n) => Some(Kind::Contains {
            needles: n.clone(),
            negated: false,
        }),
        Test::DoesntContain(n) => Some(Kind::Contains {
            needles: n.clone(),
            negated: true,
        }),
        Test::Cmp(op, Scalar::Int(x)) => {
            let x = *x;
            Some(match op {
                CmpOp::Greater => match x.checked_add(1) {
                    Some(lo) => Kind::Range { lo, hi: i64::MAX },
                    None => Kind::Range {
                        lo: i64::MAX,
                        hi: i64::MIN,
                    },
                },
                CmpOp::Less => match x.checked_sub(1) {
                    Some(hi) => Kind::Range { lo: i64::MIN, hi },
                    None => Kind::Range {
                        lo: i64::MAX,
                        hi: i64::MIN,
                    },
                },
                CmpOp::GreaterOrEqual => Kind::Range {
                    lo: x,
                    hi: i64::MAX,
                },
                CmpOp::LessOrEqual => Kind::Range {
                    lo: i64::MIN,
                    hi: x,
                },
            })
        }
        Test::Between(Scalar::Int(a), Scalar::Int(b)) => Some(Kind::Range { lo: *a, hi: *b }),
        Test::Distance(r) => Some(Kind::Distance(*r)),
        _ => None,
    }
}
