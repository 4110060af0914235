//! The duplicate-lead index of intake (SPEC.md section 9).
//!
//! A lead is a duplicate when a lead of the same type was accepted with `DateReceived`
//! after `now - DupDayMax x 24 h` and matches it on every field of any duplicate set
//! of the lead type. Values are compared trimmed and case-insensitively; phone fields
//! (`SpecialBit` PrimaryPhone, MobilePhone, AlternatePhone) by their digits only.
//!
//! The index keeps, per (lead type, duplicate set, normalised values), only the latest
//! accepted instant: "some match is inside the window" is "the latest match is inside
//! the window". Keys are 64-bit hashes of the normalised values (FNV-1a over the set's
//! index and its values with separators), so a check is one hash-map probe whatever the
//! history size, and an entry costs 12 bytes plus the table's overhead. Two different
//! value tuples colliding on all 64 bits would be taken as duplicates; with 10^7 leads
//! the chance of any collision is about 3 in 10^6.

use std::collections::HashMap;

use leadroute_model::{LeadField, LeadType, Uid};

/// Seconds from 1970 at which the index's 32-bit clock starts (2000-01-01T00:00:00Z).
const EPOCH_2000: i64 = 946_684_800;

/// One duplicate set of a lead type: positions of its fields and whether each is a
/// phone field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupSet {
    fields: Vec<(usize, bool)>,
}

/// Parses a lead type's `DefaultDupSets`: sets separated by `;`, field `Descriptor`s
/// within a set by `,` (case-insensitive). Returns the sets and the descriptors that
/// name no field of the lead type (reported by the caller; a set with an unknown field
/// is dropped, since it could never match).
pub fn parse_dup_sets(lead_type: &LeadType) -> (Vec<DupSet>, Vec<String>) {
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
        let mut ok = true;
        for n in names {
            match lead_type
                .fields
                .iter()
                .position(|f| f.descriptor.trim().eq_ignore_ascii_case(n))
            {
                Some(i) => fields.push((i, is_phone(&lead_type.fields[i]))),
                None => {
                    unknown.push(n.to_string());
                    ok = false;
                }
            }
        }
        if ok {
            sets.push(DupSet { fields });
        }
    }
    (sets, unknown)
}

fn is_phone(f: &LeadField) -> bool {
    f.special_bit.is_phone()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The key of a lead's values for one set, or `None` when a field of the set is
/// missing or empty (a lead without an e-mail is not a duplicate by e-mail).
pub fn set_key<'a>(
    lead_type: Uid,
    set_index: usize,
    set: &DupSet,
    value_of: impl Fn(usize) -> Option<&'a str>,
) -> Option<u64> {
    let mut h = fnv(FNV_OFFSET, &lead_type.to_le_bytes());
    h = fnv(h, &(set_index as u64).to_le_bytes());
    for (pos, phone) in &set.fields {
        let v = value_of(*pos)?.trim();
        let norm: String = if *phone {
            v.chars().filter(char::is_ascii_digit).collect()
        } else {
            v.to_lowercase()
        };
        if norm.is_empty() {
            return None;
        }
        h = fnv(h, norm.as_bytes());
        h = fnv(h, &[0x1f]);
    }
    Some(h)
}

/// Latest accepted instant per duplicate key.
#[derive(Debug, Clone, Default)]
pub struct DupIndex {
    latest: HashMap<u64, u32>,
}

fn to_secs32(secs: i64) -> u32 {
    // ok: clamped into u32's range first
    (secs - EPOCH_2000).clamp(0, i64::from(u32::MAX)) as u32
}

impl DupIndex {
    /// An empty index with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        DupIndex {
            latest: HashMap::with_capacity(n),
        }
    }

    /// Records an accepted lead's key at `received` (seconds since 1970).
    pub fn insert(&mut self, key: u64, received_secs: i64) {
        let t = to_secs32(received_secs);
        let e = self.latest.entry(key).or_insert(t);
        if *e < t {
            *e = t;
        }
    }

    /// Whether a lead with `key` was accepted strictly after `after_secs`.
    pub fn seen_after(&self, key: u64, after_secs: i64) -> bool {
        match self.latest.get(&key) {
            None => false,
            Some(t) => i64::from(*t) + EPOCH_2000 > after_secs,
        }
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.latest.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.latest.is_empty()
    }

    /// Approximate heap bytes held by the table.
    pub fn heap_bytes(&self) -> usize {
        // hashbrown: one control byte and one (u64, u32) slot (16 bytes with padding)
        // per bucket; buckets are the capacity rounded up to a power of two at 7/8 load.
        let buckets = (self.latest.capacity() * 8 / 7).next_power_of_two();
        buckets * (std::mem::size_of::<(u64, u32)>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadroute_model::parse_record;

    fn lt() -> LeadType {
        parse_record(
            r#"{"LeadTypeUID": 1, "DefaultDupSets": "Email; FirstName, Zip ;Phone, Nope",
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
        assert_eq!(unknown, vec!["Nope".to_string()]);
    }

    #[test]
    fn keys_normalise_case_space_and_phone_digits() {
        let set = DupSet {
            fields: vec![(0, false), (3, true)],
        };
        let a = ["Ann@X.com ", "", "", "(555) 123-4567"];
        let b = ["ann@x.com", "", "", "555.123.4567"];
        let c = ["ann@x.com", "", "", "555.123.4568"];
        let k = |v: [&'static str; 4]| set_key(1, 0, &set, move |i| Some(v[i]));
        assert_eq!(k(a), k(b));
        assert_ne!(k(a), k(c));
        assert_eq!(
            set_key(1, 0, &set, |i| if i == 0 { Some("x") } else { None }),
            None
        );
    }

    #[test]
    fn window_is_strictly_after() {
        let mut ix = DupIndex::default();
        ix.insert(7, 1_700_000_000);
        assert!(ix.seen_after(7, 1_699_999_999));
        assert!(!ix.seen_after(7, 1_700_000_000));
        assert!(!ix.seen_after(8, 0));
    }
}
