//! The lead type as the criteria see it ([`LeadSchema`]) and a lead's values resolved
//! against it once ([`PreparedLead`]): trimmed and folded for case-insensitive
//! comparison at once; parsed per field type and, when they look like one, resolved as
//! a location the first time a criterion asks (a lead carries many fields that few
//! criteria read). Evaluating thousands of accounts against a prepared lead never
//! re-parses a value.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Not;
use std::sync::Arc;

use leadroute_model::{FieldDataType, FieldKey, FieldLookup, Lead, LeadType, Uid};

use crate::location::{default_locator, resolve_lead_place, LeadPlace, ZipLocator};
use crate::text::{fold, fold_into};
use crate::value::TypedValue;

/// One field of the lead type.
#[derive(Debug, Clone)]
pub(crate) struct FieldInfo {
    pub(crate) descriptor: String,
    pub(crate) data_type: FieldDataType,
}

/// A lead type's fields and the ZIP locator, against which criteria are compiled and
/// leads prepared. Build one per lead type and share it.
#[derive(Clone)]
pub struct LeadSchema {
    lead_type_uid: Uid,
    fields: Vec<FieldInfo>,
    lookup: FieldLookup,
    locator: Arc<dyn ZipLocator>,
}

impl std::fmt::Debug for LeadSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeadSchema")
            .field("lead_type_uid", &self.lead_type_uid)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

impl LeadSchema {
    /// The schema of `lead_type` with the default ZIP locator (the bundled US table
    /// with the `zip-table` feature).
    pub fn new(lead_type: &LeadType) -> Self {
        Self::with_locator(lead_type, default_locator())
    }

    /// The schema of `lead_type` with a host-supplied ZIP locator.
    pub fn with_locator(lead_type: &LeadType, locator: Arc<dyn ZipLocator>) -> Self {
        LeadSchema {
            lead_type_uid: lead_type.lead_type_uid,
            fields: lead_type
                .fields
                .iter()
                .map(|f| FieldInfo {
                    descriptor: f.descriptor.trim().to_string(),
                    data_type: f.data_type,
                })
                .collect(),
            lookup: FieldLookup::new(lead_type),
            locator,
        }
    }

    /// The lead type's UID.
    pub fn lead_type_uid(&self) -> Uid {
        self.lead_type_uid
    }

    /// The ZIP locator used for `Distance_Compare` origins and lead locations.
    pub fn locator(&self) -> &dyn ZipLocator {
        &*self.locator
    }

    pub(crate) fn fields(&self) -> &[FieldInfo] {
        &self.fields
    }

    pub(crate) fn field_by_uid(&self, uid: Uid) -> Option<usize> {
        self.lookup.by_uid(uid)
    }

    pub(crate) fn field_by_descriptor(&self, descriptor: &str) -> Option<usize> {
        let d = descriptor.trim();
        self.fields
            .iter()
            .position(|f| f.descriptor.eq_ignore_ascii_case(d))
            .or_else(|| {
                let folded = fold(d);
                self.fields
                    .iter()
                    .position(|f| fold(&f.descriptor) == folded)
            })
    }

    /// Prepares a lead's values (keys are field descriptors, case-insensitive, or
    /// `LeadFieldUID`s in decimal, as SPEC.md 1 says). Keys naming no field are ignored.
    /// When two keys name the same field, the first non-empty value in key order wins.
    pub fn prepare(&self, values: &BTreeMap<String, String>) -> PreparedLead {
        // `resize_with` writes each `None` in place; `vec![None; n]` clones a whole
        // slot-sized value per field.
        let mut slots: Vec<Option<Slot>> = Vec::with_capacity(self.fields.len());
        slots.resize_with(self.fields.len(), || None);
        // Every value's text, and its folded form where it differs, in one buffer: one
        // allocation per lead instead of one or two per value. Folding keeps the length
        // of ASCII text; the buffer grows for the rest.
        let size: usize = values.values().map(|v| v.len()).sum();
        let mut text = String::with_capacity(size.saturating_mul(2));
        for (key, value) in values {
            let FieldKey::Field(i) = self.lookup.resolve(key) else {
                continue;
            };
            let Some(slot) = slots.get_mut(i) else {
                continue;
            };
            if slot.is_some() {
                continue;
            }
            let raw = leadroute_model::trim(value);
            if raw.is_empty() {
                continue;
            }
            *slot = Some(Slot::new(&mut text, raw, self.fields[i].data_type));
        }
        PreparedLead {
            slots,
            text,
            locator: Arc::clone(&self.locator),
        }
    }

    /// Prepares a lead's `Fields`.
    pub fn prepare_lead(&self, lead: &Lead) -> PreparedLead {
        self.prepare(&lead.fields)
    }
}

/// Whether [`fold`] returns `text` unchanged: ASCII without capitals (the common
/// case of numbers, ZIP codes, e-mail addresses and lower-case words).
fn folds_to_itself(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// A span of a lead's text buffer ([`PreparedLead::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The text of the span in `text` (empty if it is not a span of `text`, which
    /// cannot happen for the buffer it was cut from).
    #[inline]
    fn of(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// One present (non-empty after trimming) lead value. Its texts live in the lead's
/// buffer; read it through a [`SlotRef`].
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The trimmed value.
    raw: Span,
    /// The case-folded text when it differs from `raw` (most values, digits and
    /// lower-case text, fold to themselves and need no second copy).
    folded: Option<Span>,
    data_type: FieldDataType,
    /// The value parsed as its field's type, on first use; `None` inside when it does
    /// not parse.
    typed: OnceCell<Option<TypedValue>>,
    /// The value as a location, on first use.
    place: OnceCell<LeadPlace>,
}

impl Slot {
    /// The slot of the trimmed value `raw`, its texts appended to `text`.
    pub(crate) fn new(text: &mut String, raw: &str, data_type: FieldDataType) -> Slot {
        let start = text.len();
        text.push_str(raw);
        let raw_span = Span {
            start,
            end: text.len(),
        };
        let folded = folds_to_itself(raw).not().then(|| {
            let start = text.len();
            fold_into(raw, text);
            Span {
                start,
                end: text.len(),
            }
        });
        Slot {
            raw: raw_span,
            folded,
            data_type,
            typed: OnceCell::new(),
            place: OnceCell::new(),
        }
    }
}

/// A present lead value with the buffer its texts are in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotRef<'a> {
    slot: &'a Slot,
    text: &'a str,
}

impl<'a> SlotRef<'a> {
    /// The trimmed value.
    #[inline]
    pub(crate) fn raw(self) -> &'a str {
        self.slot.raw.of(self.text)
    }

    /// The case-folded text (see [`fold`]).
    #[inline]
    pub(crate) fn folded(self) -> &'a str {
        self.slot.folded.unwrap_or(self.slot.raw).of(self.text)
    }

    /// The value parsed as its field's type; `None` when it does not parse. Parsed the
    /// first time it is asked, so that fields no criterion types are never parsed.
    #[inline]
    pub(crate) fn typed(self) -> Option<&'a TypedValue> {
        self.slot
            .typed
            .get_or_init(|| TypedValue::parse(self.slot.data_type, self.raw()))
            .as_ref()
    }

    /// The value as a location (a ZIP found by `locator`, or `lat,lon`), resolved the
    /// first time it is asked. A lead keeps one locator, its schema's, so the answer
    /// never depends on which caller asked first.
    #[inline]
    pub(crate) fn place(self, locator: &dyn ZipLocator) -> &'a LeadPlace {
        self.slot
            .place
            .get_or_init(|| resolve_lead_place(self.raw(), locator))
    }
}

/// A lead's values resolved to its lead type's fields, ready for evaluating any
/// number of accounts.
///
/// Values are parsed on first use and kept in cells without a lock: a prepared lead
/// moves between threads (`Send`, as when a batch prepares leads in parallel) but is
/// read by one thread at a time (not `Sync`). To evaluate one lead on several threads,
/// give each its own clone.
#[derive(Clone)]
pub struct PreparedLead {
    slots: Vec<Option<Slot>>,
    /// The texts of the slots.
    text: String,
    /// The schema's ZIP locator, for the lead's places.
    locator: Arc<dyn ZipLocator>,
}

// A batch prepares each lead on a worker thread and decides it on another.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<PreparedLead>();
};

impl std::fmt::Debug for PreparedLead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedLead")
            .field("slots", &self.slots)
            .finish_non_exhaustive()
    }
}

impl PreparedLead {
    pub(crate) fn slot(&self, field: usize) -> Option<SlotRef<'_>> {
        self.slots
            .get(field)
            .and_then(Option::as_ref)
            .map(|slot| SlotRef {
                slot,
                text: &self.text,
            })
    }

    /// The ZIP locator of the lead's schema.
    #[inline]
    pub(crate) fn locator(&self) -> &dyn ZipLocator {
        &*self.locator
    }

    /// The location of the field at `field`'s value, if present (see [`Slot::place`]).
    #[inline]
    pub(crate) fn place(&self, field: usize) -> Option<&LeadPlace> {
        self.slot(field).map(|s| s.place(&*self.locator))
    }

    /// The trimmed value of the field at `field_index` of the lead type, if present.
    pub fn value(&self, field_index: usize) -> Option<&str> {
        self.slot(field_index).map(SlotRef::raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Slots of `values`, cut one after the other from one buffer, read back.
    fn slots(values: &[&str]) -> (Vec<Slot>, String) {
        let mut text = String::new();
        let slots = values
            .iter()
            .map(|v| Slot::new(&mut text, v, FieldDataType::Varchar))
            .collect();
        (slots, text)
    }

    #[test]
    fn a_value_keeps_one_copy_only_when_it_folds_to_itself() {
        let (s, text) = slots(&["90210", "CA", "münchen"]);
        let at = |i: usize| SlotRef {
            slot: &s[i],
            text: &text,
        };
        assert!(s[0].folded.is_none());
        assert_eq!(at(0).raw(), "90210");
        assert_eq!(at(0).folded(), "90210");
        assert!(s[1].folded.is_some());
        assert_eq!(at(1).raw(), "CA");
        assert_eq!(at(1).folded(), "ca");
        assert_eq!(at(2).raw(), "münchen");
        assert_eq!(at(2).folded(), fold("münchen"));
        // The buffer holds each text once, and a folded copy for "CA" and for the
        // non-ASCII text (which the shortcut does not inspect).
        assert_eq!(text, "90210CAcamünchenmünchen");
    }

    proptest! {
        /// Texts sharing one buffer read back as given, and folded as `fold` folds
        /// them on its own.
        #[test]
        fn values_in_one_buffer_read_back_and_fold_as_alone(
            values in proptest::collection::vec("\\PC{1,12}", 1..6),
        ) {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let (s, text) = slots(&values);
            for (slot, v) in s.iter().zip(&values) {
                let r = SlotRef { slot, text: &text };
                prop_assert_eq!(r.raw(), *v);
                prop_assert_eq!(r.folded(), fold(v));
            }
        }
    }
}
