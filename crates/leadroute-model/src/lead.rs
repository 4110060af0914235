//! Resolving a lead's field keys to the lead type's fields.
//!
//! A lead's `Fields` object keys values by field `Descriptor` (case-insensitive) or by
//! `LeadFieldUID` in decimal. An all-digit key is a `LeadFieldUID` when the lead type
//! has such a field, else a `Descriptor` (SPEC.md section 1).

use crate::hash::UidMap;
use crate::records::{LeadType, Uid};

/// What a lead's field key resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// The field at this index of [`LeadType::fields`].
    Field(usize),
    /// No field of the lead type has this key.
    Unknown,
}

/// Keys of at most this many bytes are lower-cased on the stack.
const SHORT_KEY: usize = 64;

/// A precomputed index from keys (UIDs and lower-cased descriptors) to field positions.
#[derive(Debug, Clone, Default)]
pub struct FieldLookup {
    by_uid: UidMap<Uid, usize>,
    by_descriptor: UidMap<String, usize>,
}

impl FieldLookup {
    /// Builds the index of a lead type's fields.
    pub fn new(lead_type: &LeadType) -> Self {
        let mut by_uid = UidMap::default();
        let mut by_descriptor = UidMap::default();
        for (i, f) in lead_type.fields.iter().enumerate() {
            by_uid.entry(f.lead_field_uid).or_insert(i);
            by_descriptor
                .entry(f.descriptor.trim().to_lowercase())
                .or_insert(i);
        }
        FieldLookup {
            by_uid,
            by_descriptor,
        }
    }

    /// Resolves a key of a lead's `Fields` object.
    pub fn resolve(&self, key: &str) -> FieldKey {
        let k = key.trim();
        if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(uid) = k.parse::<Uid>() {
                if let Some(i) = self.by_uid.get(&uid) {
                    return FieldKey::Field(*i);
                }
            }
        }
        // An ASCII key's Unicode lower case is its ASCII lower case: made on the stack.
        let mut buf = [0u8; SHORT_KEY];
        let found = match buf.get_mut(..k.len()) {
            Some(short) if k.is_ascii() => {
                short.copy_from_slice(k.as_bytes());
                short.make_ascii_lowercase();
                std::str::from_utf8(short)
                    .ok()
                    .and_then(|l| self.by_descriptor.get(l))
            }
            _ => self.by_descriptor.get(&k.to_lowercase()),
        };
        match found {
            Some(i) => FieldKey::Field(*i),
            None => FieldKey::Unknown,
        }
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
        let long = "A".repeat(SHORT_KEY + 10);
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
        assert_eq!(l.resolve(&"a".repeat(SHORT_KEY + 9)), FieldKey::Unknown);
        // Two descriptors equal but for case: the first field wins.
        assert_eq!(l.resolve("zip"), FieldKey::Field(2));
    }
}
