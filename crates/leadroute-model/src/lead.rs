//! Resolving a lead's field keys to the lead type's fields.
//!
//! A lead's `Fields` object keys values by field `Descriptor` (case-insensitive) or by
//! `LeadFieldUID` in decimal. An all-digit key is a `LeadFieldUID` when the lead type
//! has such a field, else a `Descriptor` (SPEC.md section 1).

use crate::hash::UidMap;
use crate::records::{LeadType, Uid};

/// `text` without leading and trailing white space: exactly [`str::trim`], which asks
/// Unicode's `White_Space` of the characters at both ends. A lead's keys and values
/// usually start and end with a printable ASCII byte, and then nothing is trimmed;
/// that is checked on two bytes first.
///
/// ```
/// assert_eq!(leadroute_model::trim(" 90210\u{a0}"), "90210");
/// assert_eq!(leadroute_model::trim("Zip"), "Zip");
/// ```
#[inline]
pub fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    // A printable ASCII byte is a whole character and not white space.
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// What a lead's field key resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// The field at this index of [`LeadType::fields`].
    Field(usize),
    /// No field of the lead type has this key.
    Unknown,
}

/// A precomputed index from keys (UIDs and lower-cased descriptors) to field positions.
#[derive(Debug, Clone, Default)]
pub struct FieldLookup {
    by_uid: UidMap<Uid, usize>,
    by_descriptor: UidMap<String, usize>,
    /// The ASCII entries of `by_descriptor` in field order (the first field of a
    /// descriptor only), for ASCII keys not in `exact` (other mixes of case): a lead
    /// type has a few dozen fields, so comparing lengths and first bytes, then whole
    /// keys case-insensitively, beats lower-casing and hashing such a key.
    descriptors: Vec<(Box<[u8]>, usize)>,
    /// The answers for the keys leads usually carry, looked up as they are: each
    /// field's descriptor as the lead type spells it, in lower and in upper case, and
    /// its UID in decimal, mapped to what [`FieldLookup::resolve`] answers for them
    /// (computed once, at build).
    exact: UidMap<Box<str>, usize>,
}

impl FieldLookup {
    /// Builds the index of a lead type's fields.
    pub fn new(lead_type: &LeadType) -> Self {
        let mut by_uid = UidMap::default();
        let mut by_descriptor = UidMap::default();
        let mut descriptors: Vec<(Box<[u8]>, usize)> = Vec::new();
        for (i, f) in lead_type.fields.iter().enumerate() {
            by_uid.entry(f.lead_field_uid).or_insert(i);
            let key = f.descriptor.trim().to_lowercase();
            if let std::collections::hash_map::Entry::Vacant(e) = by_descriptor.entry(key) {
                // A non-ASCII descriptor never equals an ASCII key ignoring ASCII case
                // (its lower case may still be ASCII: the Kelvin sign's is `k`).
                if e.key().is_ascii() {
                    descriptors.push((e.key().as_bytes().into(), i));
                }
                e.insert(i);
            }
        }
        let mut lookup = FieldLookup {
            by_uid,
            by_descriptor,
            descriptors,
            exact: UidMap::default(),
        };
        let mut exact = UidMap::default();
        for f in &lead_type.fields {
            let d = trim(&f.descriptor);
            let spellings = [d.to_string(), d.to_lowercase(), d.to_uppercase()];
            for key in spellings.into_iter().chain([f.lead_field_uid.to_string()]) {
                if let FieldKey::Field(i) = lookup.resolve_trimmed(&key) {
                    exact.entry(key.into_boxed_str()).or_insert(i);
                }
            }
        }
        lookup.exact = exact;
        lookup
    }

    /// Resolves a key of a lead's `Fields` object.
    pub fn resolve(&self, key: &str) -> FieldKey {
        let k = trim(key);
        match self.exact.get(k) {
            Some(&i) => FieldKey::Field(i),
            None => self.resolve_trimmed(k),
        }
    }

    /// [`FieldLookup::resolve`] of a trimmed key, without the table of usual keys.
    fn resolve_trimmed(&self, k: &str) -> FieldKey {
        if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(uid) = k.parse::<Uid>() {
                if let Some(i) = self.by_uid.get(&uid) {
                    return FieldKey::Field(*i);
                }
            }
        }
        // An ASCII key's Unicode lower case is its ASCII lower case: it equals a stored
        // (lower-cased) descriptor exactly when the two match ignoring ASCII case.
        let found = if k.is_ascii() {
            self.find_ascii(k.as_bytes())
        } else {
            self.by_descriptor.get(&k.to_lowercase()).copied()
        };
        match found {
            Some(i) => FieldKey::Field(i),
            None => FieldKey::Unknown,
        }
    }

    /// The field of the descriptor equal to the ASCII `key` ignoring ASCII case. The
    /// stored descriptors are lower case, so their first bytes compare with the key's
    /// lower-cased first byte before any whole comparison.
    fn find_ascii(&self, key: &[u8]) -> Option<usize> {
        let first = key.first()?.to_ascii_lowercase();
        self.descriptors
            .iter()
            .find(|(d, _)| {
                d.len() == key.len() && d.first() == Some(&first) && d.eq_ignore_ascii_case(key)
            })
            .map(|(_, i)| *i)
    }

    /// The position of the field with this UID.
    pub fn by_uid(&self, uid: Uid) -> Option<usize> {
        self.by_uid.get(&uid).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_record;

    proptest::proptest! {
        /// The table of usual keys answers as the full look-up does, for lead types
        /// with all-digit descriptors that are also UIDs, descriptors differing only in
        /// case, non-ASCII descriptors, and keys in other cases, padded, zero-led or
        /// unknown.
        #[test]
        fn usual_keys_resolve_as_the_full_look_up(
            fields in proptest::collection::vec(
                (1i64..12, proptest::sample::select(vec![
                    "Zip", "zip", " ZIP", "2024", "5", "07", "\u{212a}ey", "Key", "Ünit", "", "Name",
                ])),
                0..8,
            ),
            keys in proptest::collection::vec(
                (proptest::sample::select(vec![
                    "Zip", "ZIP", "zIp ", "2024", "02024", "5", "05", "7", "07", "11", "kEY",
                    "\u{212a}ey", "KEY", "ünit", "Ünit", "ÜNIT", "name", "NAME", "City", "", " ",
                ]), proptest::bool::ANY),
                1..10,
            ),
        ) {
            let fields: Vec<String> = fields
                .iter()
                .map(|(uid, d)| format!(r#"{{"LeadFieldUID": {uid}, "Descriptor": "{d}"}}"#))
                .collect();
            let lt: LeadType =
                parse_record(&format!(r#"{{"LeadTypeUID": 1, "Fields": [{}]}}"#, fields.join(",")))
                    .unwrap();
            let l = FieldLookup::new(&lt);
            for (key, pad) in keys {
                let key = if pad { format!("\t{key} ") } else { key.to_string() };
                proptest::prop_assert_eq!(l.resolve(&key), l.resolve_trimmed(trim(&key)), "{:?}", key);
            }
        }
    }

    proptest::proptest! {
        /// The quick trim is `str::trim`, on texts built from the characters at its
        /// edges: printable and white ASCII, Unicode white space and other non-ASCII.
        #[test]
        fn trim_is_str_trim(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', '7', '~', '!', ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{7f}',
                    '\u{0}', '\u{a0}', '\u{2003}', '\u{3000}', '\u{85}', 'é', '\u{1f600}',
                ]),
                0..8,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn digit_keys_are_uids_when_such_a_field_exists_else_descriptors() {
        let lt: LeadType = parse_record(
            r#"{"LeadTypeUID": 1, "Fields": [
                {"LeadFieldUID": 1021, "Descriptor": "Zip"},
                {"LeadFieldUID": 5, "Descriptor": "2024"}]}"#,
        )
        .unwrap();
        let l = FieldLookup::new(&lt);
        assert_eq!(l.resolve("1021"), FieldKey::Field(0));
        assert_eq!(l.resolve(" zIP "), FieldKey::Field(0));
        assert_eq!(l.resolve("2024"), FieldKey::Field(1));
        assert_eq!(l.resolve("5"), FieldKey::Field(1));
        assert_eq!(l.resolve("City"), FieldKey::Unknown);
    }

    #[test]
    fn long_and_non_ascii_keys_resolve_as_short_ascii_ones_do() {
        let long = "A".repeat(74);
        let lt: LeadType = parse_record(&format!(
            r#"{{"LeadTypeUID": 1, "Fields": [
                {{"LeadFieldUID": 1, "Descriptor": "Straße"}},
                {{"LeadFieldUID": 2, "Descriptor": "{long}"}},
                {{"LeadFieldUID": 3, "Descriptor": "Zip"}},
                {{"LeadFieldUID": 4, "Descriptor": "ZIP"}}]}}"#
        ))
        .unwrap();
        let l = FieldLookup::new(&lt);
        assert_eq!(l.resolve("STRASSE"), FieldKey::Unknown);
        assert_eq!(l.resolve("STRAßE"), FieldKey::Field(0));
        assert_eq!(l.resolve(&long.to_lowercase()), FieldKey::Field(1));
        assert_eq!(l.resolve(&"a".repeat(73)), FieldKey::Unknown);
        // Two descriptors equal but for case: the first field wins.
        assert_eq!(l.resolve("zip"), FieldKey::Field(2));
        assert_eq!(l.resolve("ZiP"), FieldKey::Field(2));
        assert_eq!(l.resolve("zi"), FieldKey::Unknown);
        // A descriptor whose Unicode lower case is ASCII (the Kelvin sign lower-cases
        // to `k`) is found by the ASCII key.
        let kelvin: LeadType = parse_record(
            r#"{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 1, "Descriptor": "\u212Aey"}]}"#,
        )
        .unwrap();
        assert_eq!(FieldLookup::new(&kelvin).resolve("KEY"), FieldKey::Field(0));
    }

    proptest::proptest! {
        /// The ASCII look-up finds exactly what a map from lower-cased descriptors to
        /// their first field finds, for keys in any ASCII case, with or without a match.
        #[test]
        fn the_ascii_look_up_agrees_with_the_descriptor_map(
            descriptors in proptest::collection::vec("[a-cA-C_ß]{0,4}", 0..40),
            keys in proptest::collection::vec("[a-cA-C_]{0,4}", 1..20),
            flips in proptest::collection::vec(proptest::bool::ANY, 4),
        ) {
            let fields: Vec<String> = descriptors
                .iter()
                .enumerate()
                .map(|(i, d)| format!(r#"{{"LeadFieldUID": {}, "Descriptor": "{d}"}}"#, i + 1))
                .collect();
            let lt: LeadType = parse_record(&format!(
                r#"{{"LeadTypeUID": 1, "Fields": [{}]}}"#,
                fields.join(",")
            ))
            .unwrap();
            let l = FieldLookup::new(&lt);
            let mut first: std::collections::HashMap<String, usize> = Default::default();
            for (i, d) in descriptors.iter().enumerate() {
                first.entry(d.trim().to_lowercase()).or_insert(i);
            }
            // Every descriptor in a mangled case, and the random keys.
            let mangled = descriptors.iter().map(|d| {
                d.chars()
                    .zip(flips.iter().cycle())
                    .map(|(c, f)| if *f { c.to_ascii_uppercase() } else { c })
                    .collect::<String>()
            });
            for k in mangled.chain(keys.iter().cloned()) {
                if k.is_empty() {
                    continue;
                }
                let want = match first.get(&k.to_lowercase()) {
                    Some(&i) => FieldKey::Field(i),
                    None => FieldKey::Unknown,
                };
                proptest::prop_assert_eq!(l.resolve(&k), want, "key {:?}", k);
            }
        }
    }
}
