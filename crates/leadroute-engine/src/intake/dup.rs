//! The duplicate-lead index of intake (SPEC.md section 9).
//!
//! A lead is a duplicate when a lead of the same type was accepted with `DateReceived`
//! after `now - DupDayMax x 24 h` and matches it on every field of any duplicate set
//! of the lead type. Values are compared trimmed and case-insensitively (Unicode simple
//! case folding, as every string comparison of the engine); phone fields (`SpecialBit`
//! PrimaryPhone, MobilePhone, AlternatePhone) by their digits only.
//!
//! The index keeps, per (lead type, duplicate set, normalised values), only the latest
//! accepted instant: "some match is inside the window" is "the latest match is inside
//! the window". Keys are 64-bit hashes of the normalised values (FNV-1a over the lead
//! type, the set's position and each value with its length, then a 64-bit finaliser),
//! so a check costs one hash of the values and one table probe whatever the history
//! size.
//!
//! The table ([`DupIndex`]) is open addressing over buckets of eight slots, each slot a
//! 64-bit key and a 32-bit instant (seconds since 2000-01-01, enough until 2136) in two
//! parallel arrays: 12 bytes a slot, at most 7/8 full and grown by 7/5, so 13.7 to 19.2
//! bytes per key. A look-up reads the home bucket (one cache line of keys) and, rarely,
//! the next ones until a bucket with a free slot.
//!
//! Two different value tuples with equal 64-bit hashes would be taken as duplicates; with
//! `n` keys a check has a chance of about `n / 2^64` of such a collision (5 in 10^13 with
//! ten million keys).

use leadroute_criteria::fold;
use leadroute_model::{LeadType, Uid};

/// Seconds from 1970 at which the index's 32-bit clock starts (2000-01-01T00:00:00Z).
const EPOCH_2000: i64 = 946_684_800;

/// Slots per bucket: eight 64-bit keys are one 64-byte cache line.
const BUCKET: usize = 8;

/// One duplicate set of a lead type: its fields (positions in the lead type's fields,
/// and whether each compares by digits only) and their descriptors for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DupSet {
    pub(crate) fields: Vec<(usize, bool)>,
    pub(crate) names: Vec<String>,
}

/// Parses a lead type's `DefaultDupSets`: sets separated by `;`, field `Descriptor`s
/// within a set by `,` (case-insensitive). Returns the sets and the descriptors that
/// name no field of the lead type (reported by the caller; a set with an unknown field
/// is dropped, since it could never match).
pub(crate) fn parse_dup_sets(lead_type: &LeadType) -> (Vec<DupSet>, Vec<String>) {
    let mut sets = Vec::new();
    let mut unknown = Vec::new();
    let spec = lead_type.default_dup_sets.as_deref().unwrap_or("");
    for set in spec.split(';') {
        let names: Vec<&str> = set
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            continue;
        }
        let mut fields = Vec::with_capacity(names.len());
        let mut shown = Vec::with_capacity(names.len());
        let mut ok = true;
        for n in names {
            let folded = fold(n);
            match lead_type
                .fields
                .iter()
                .position(|f| fold(f.descriptor.trim()) == folded)
            {
                Some(i) => {
                    let f = &lead_type.fields[i];
                    // A set naming one field twice is that field once.
                    if !fields.iter().any(|(p, _)| *p == i) {
                        fields.push((i, f.special_bit.is_phone()));
                        shown.push(f.descriptor.trim().to_string());
                    }
                }
                None => {
                    unknown.push(n.to_string());
                    ok = false;
                }
            }
        }
        if ok {
            sets.push(DupSet {
                fields,
                names: shown,
            });
        }
    }
    (sets, unknown)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = fnv_byte(h, *b);
    }
    h
}

/// Murmur3's 64-bit finaliser: spreads FNV's weak high bits over the whole word (the
/// table takes a key's bucket from its high bits).
#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Hashes one normalised value: its length, then its bytes; `None` when it normalises
/// to nothing (an empty value, or a phone without digits).
#[inline]
fn hash_value(h: u64, value: &str, phone: bool) -> Option<u64> {
    let v = value.trim();
    if phone {
        let digits = v.bytes().filter(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let h = fnv(h, &(digits as u64).to_le_bytes());
        Some(v.bytes().filter(u8::is_ascii_digit).fold(h, fnv_byte))
    } else if v.is_empty() {
        None
    } else if v.is_ascii() {
        let h = fnv(h, &(v.len() as u64).to_le_bytes());
        Some(
            v.bytes()
                .fold(h, |h, b| fnv_byte(h, b.to_ascii_lowercase())),
        )
    } else {
        let f = fold(v);
        let h = fnv(h, &(f.len() as u64).to_le_bytes());
        Some(fnv(h, f.as_bytes()))
    }
}

/// The key of a lead's values for one set, or `None` when a field of the set is
/// missing or empty (a lead without an e-mail is not a duplicate by e-mail). Never 0
/// (the table's empty slot).
pub(crate) fn set_key<'a>(
    lead_type: Uid,
    set_index: usize,
    set: &DupSet,
    value_of: impl Fn(usize) -> Option<&'a str>,
) -> Option<u64> {
    let mut h = fnv(FNV_OFFSET, &lead_type.to_le_bytes());
    h = fnv(h, &(set_index as u64).to_le_bytes());
    for (pos, phone) in &set.fields {
        h = hash_value(h, value_of(*pos)?, *phone)?;
    }
    Some(finish(h).max(1))
}

/// Seconds since 1970 in the index's 32-bit clock (clamped to 2000-01-01 ..= 2136).
#[inline]
pub(crate) fn to_secs32(secs: i64) -> u32 {
    // ok: clamped into u32's range first
    (secs.saturating_sub(EPOCH_2000)).clamp(0, i64::from(u32::MAX)) as u32
}

/// Seconds since 1970 of an index instant.
#[inline]
pub(crate) fn from_secs32(t: u32) -> i64 {
    i64::from(t) + EPOCH_2000
}

/// The latest accepted instant per duplicate key: an open-addressing table of 8-slot
/// buckets (see the module docs for its layout and memory).
#[derive(Debug, Clone, Default)]
pub struct DupIndex {
    /// `buckets * 8` keys; 0 is a free slot. A bucket's slots fill in order and are
    /// never freed, so a free slot ends every probe sequence through it.
    keys: Vec<u64>,
    /// The latest instant of each key (index clock).
    times: Vec<u32>,
    buckets: usize,
    len: usize,
}

impl DupIndex {
    /// An empty index with room for `n` keys before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let mut ix = DupIndex::default();
        if n > 0 {
            ix.rebuild(Self::buckets_for(n));
        }
        ix
    }

    /// Buckets that hold `n` keys at most 7/8 full.
    fn buckets_for(n: usize) -> usize {
        // 7 keys per 8-slot bucket.
        n.div_ceil(7).max(1)
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        // ok: the product's high word is below `buckets`, a usize
        ((u128::from(key) * self.buckets as u128) >> 64) as usize
    }

    /// The slot holding `key`, or the free slot where it would go.
    #[inline]
    fn find(&self, key: u64) -> (usize, bool) {
        let mut b = self.home(key);
        loop {
            let base = b * BUCKET;
            for (i, &k) in self.keys[base..base + BUCKET].iter().enumerate() {
                if k == key {
                    return (base + i, true);
                }
                if k == 0 {
                    return (base + i, false);
                }
            }
            b += 1;
            if b == self.buckets {
                b = 0;
            }
        }
    }

    fn rebuild(&mut self, buckets: usize) {
        let old_keys = std::mem::take(&mut self.keys);
        let old_times = std::mem::take(&mut self.times);
        self.buckets = buckets;
        self.keys = vec![0; buckets * BUCKET];
        self.times = vec![0; buckets * BUCKET];
        for (k, t) in old_keys.into_iter().zip(old_times) {
            if k != 0 {
                let (slot, _) = self.find(k);
                self.keys[slot] = k;
                self.times[slot] = t;
            }
        }
    }

    /// Records that a lead with `key` was accepted at `secs` (seconds since 1970); the
    /// key keeps its latest instant.
    pub fn insert(&mut self, key: u64, secs: i64) {
        let key = key.max(1);
        let t = to_secs32(secs);
        if self.len + 1 > self.buckets * 7 {
            let grown = (self.buckets * 7 / 5).max(Self::buckets_for(self.len + 1));
            self.rebuild(grown.max(self.buckets + 1));
        }
        let (slot, found) = self.find(key);
        if found {
            if self.times[slot] < t {
                self.times[slot] = t;
            }
        } else {
            self.keys[slot] = key;
            self.times[slot] = t;
            self.len += 1;
        }
    }

    /// The latest instant (seconds since 1970, to the second) at which a lead with
    /// `key` was accepted.
    #[inline]
    pub fn latest(&self, key: u64) -> Option<i64> {
        if self.buckets == 0 {
            return None;
        }
        match self.find(key.max(1)) {
            (slot, true) => Some(from_secs32(self.times[slot])),
            _ => None,
        }
    }

    /// Reads the first slot of `key`'s home bucket (so that a later [`DupIndex::latest`]
    /// finds it in cache); 0 for an empty table.
    #[inline]
    pub fn touch(&self, key: u64) -> u64 {
        if self.buckets == 0 {
            return 0;
        }
        self.keys[self.home(key.max(1)) * BUCKET]
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Heap bytes held by the table (exact: its two arrays).
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<u64>()
            + self.times.capacity() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadroute_model::parse_record;

    fn lt() -> LeadType {
        parse_record(
            r#"{"LeadTypeUID": 1, "DefaultDupSets": "Email; FirstName, zip ;Phone, Nope",
                "Fields": [{"LeadFieldUID": 1, "Descriptor": "Email"},
                           {"LeadFieldUID": 2, "Descriptor": "FirstName"},
                           {"LeadFieldUID": 3, "Descriptor": "Zip"},
                           {"LeadFieldUID": 4, "Descriptor": "Phone", "SpecialBit": "PrimaryPhone"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn sets_parse_and_unknown_fields_are_reported() {
        let (sets, unknown) = parse_dup_sets(&lt());
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[1].fields, vec![(1, false), (2, false)]);
        assert_eq!(
            sets[1].names,
            vec!["FirstName".to_string(), "Zip".to_string()]
        );
        assert_eq!(unknown, vec!["Nope".to_string()]);
    }

    #[test]
    fn keys_normalise_case_space_and_phone_digits() {
        let set = DupSet {
            fields: vec![(0, false), (3, true)],
            names: vec![],
        };
        let k = |v: [&'static str; 4]| set_key(1, 0, &set, move |i| Some(v[i]));
        let a = k(["Ann@X.com ", "", "", "(555) 123-4567"]);
        assert_eq!(a, k(["ann@x.com", "", "", "555.123.4567"]));
        assert_ne!(a, k(["ann@x.com", "", "", "555.123.4568"]));
        // Unicode simple case folding, as the criteria compare.
        assert_eq!(
            k(["ÉLODIE@x.fr", "", "", "1"]),
            k(["élodie@x.fr", "", "", "1"])
        );
        // A value split differently across fields is another tuple.
        let two = DupSet {
            fields: vec![(0, false), (1, false)],
            names: vec![],
        };
        assert_ne!(
            set_key(1, 0, &two, |i| Some(["ab", "c"][i])),
            set_key(1, 0, &two, |i| Some(["a", "bc"][i]))
        );
        // Missing, blank, or a phone without digits: no key.
        assert_eq!(
            set_key(1, 0, &set, |i| if i == 0 { Some("x") } else { None }),
            None
        );
        assert_eq!(k(["  ", "", "", "555"]), None);
        assert_eq!(k(["x", "", "", "()-"]), None);
    }

    #[test]
    fn latest_instant_per_key_survives_growth() {
        let mut ix = DupIndex::default();
        assert_eq!(ix.latest(7), None);
        for k in 1..=10_000u64 {
            ix.insert(
                k.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                1_700_000_000 + k as i64,
            );
        }
        ix.insert(5u64.wrapping_mul(0x9E37_79B9_7F4A_7C15), 1_600_000_000);
        assert_eq!(ix.len(), 10_000);
        for k in 1..=10_000u64 {
            assert_eq!(
                ix.latest(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                Some(1_700_000_000 + k as i64)
            );
        }
        assert_eq!(ix.latest(12345), None);
        // 12 bytes a slot, at most 7/8 full, grown by 7/5.
        let per_key = ix.heap_bytes() as f64 / ix.len() as f64;
        assert!((13.7..=19.3).contains(&per_key), "{per_key}");
    }

    #[test]
    fn instants_clamp_into_the_index_clock() {
        assert_eq!(from_secs32(to_secs32(1_700_000_000)), 1_700_000_000);
        assert_eq!(from_secs32(to_secs32(0)), EPOCH_2000);
        assert_eq!(
            from_secs32(to_secs32(i64::MAX)),
            EPOCH_2000 + i64::from(u32::MAX)
        );
    }
}

#[cfg(test)]
mod properties {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The table answers as a map from key to its latest instant, through growth
        /// and colliding home buckets (keys from a small range, 0 included).
        #[test]
        fn table_equals_a_map_of_latest_instants(
            ops in proptest::collection::vec((0u64..300, 0i64..1_000_000), 0..600),
            spread in any::<bool>(),
        ) {
            let mut ix = DupIndex::default();
            let mut model: HashMap<u64, i64> = HashMap::new();
            let key = |k: u64| if spread { k.wrapping_mul(0x9E37_79B9_7F4A_7C15) } else { k };
            for (k, t) in &ops {
                let secs = EPOCH_2000 + t;
                ix.insert(key(*k), secs);
                let e = model.entry(key(*k).max(1)).or_insert(secs);
                *e = (*e).max(secs);
            }
            prop_assert_eq!(ix.len(), model.len());
            for k in 0..300u64 {
                prop_assert_eq!(ix.latest(key(k)), model.get(&key(k).max(1)).copied());
            }
        }
    }
}
