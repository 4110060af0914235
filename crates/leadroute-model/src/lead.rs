//! Resolving a lead's field keys to the lead type's fields.
//!
//! A lead's `Fields` object keys values by field `Descriptor` (case-insensitive) or by
//! `LeadFieldUID` in decimal. An all-digit key is a `LeadFieldUID` when the lead type
//! has such a field, else a `Descriptor` (SPEC.md section 1).

use std::collections::HashMap;

use crate::records::{LeadType, Uid};

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
    by_uid: HashMap<Uid, usize>,
    by_descriptor: HashMap<String, usize>,
}

impl FieldLookup {
    /// Builds the index of a lead type's fields.
    pub fn new(lead_type: &LeadType) -> Self {
        let mut by_uid = HashMap::new();
        let mut by_descriptor = HashMap::new();
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
        match self.by_descriptor.get(&k.to_lowercase()) {
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
}
