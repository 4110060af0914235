//! Distribution lists (SPEC.md section 4, item 9): which clients may buy a lead with a
//! given field value.
//!
//! A list applies to a lead when it is active (`Status` 1), of the lead's type, and its
//! `DependField` is 0 or the lead's value of that field equals the list's `Value`.
//! The item whose `Value` equals the lead's value of the list's field names the allowed
//! clients (`AssignedClient` and the pipe-separated `AssignedClients`). When no item
//! matches, or the matching item has no assignment, the list's `DefaultClient` is the
//! only client allowed; without a default the list restricts nothing (and says so).
//! Matching is trimmed and case-insensitive; a missing lead value matches no item.
//! When several lists apply, each restricts: a client must be allowed by all.

use std::collections::{HashMap, HashSet};

use leadroute_model::{DistributionList, LeadType, Uid};

/// A distribution list compiled for lookups by value.
#[derive(Debug, Clone)]
pub struct CompiledList {
    uid: Uid,
    field: usize,
    depend: Option<(usize, String)>,
    items: HashMap<String, Vec<Uid>>,
    default_client: Option<Uid>,
}

/// What one list says about a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListVerdict {
    /// The list does not apply to this lead.
    NotApplicable,
    /// Only these clients are allowed.
    Only {
        /// The list.
        list_uid: Uid,
        /// The allowed clients, sorted.
        clients: Vec<Uid>,
        /// The lead's value that selected them (empty when the default applied).
        matched_value: String,
    },
    /// The list applies but restricts nothing: no item matched (or it had no
    /// assignment) and the list has no default client.
    Unrestricted {
        /// The list.
        list_uid: Uid,
    },
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

impl CompiledList {
    /// Compiles an active list of `lead_type`; `None` for inactive lists or lists whose
    /// field is not one of the lead type's (the loader reports those).
    pub fn compile(list: &DistributionList, lead_type: &LeadType) -> Option<Self> {
        if list.status != 1 || list.lead_type_uid != lead_type.lead_type_uid {
            return None;
        }
        let field = lead_type
            .fields
            .iter()
            .position(|f| f.lead_field_uid == list.lead_field_uid)?;
        let depend = match list.depend_field.filter(|d| *d != 0) {
            None => None,
            Some(d) => {
                let pos = lead_type
                    .fields
                    .iter()
                    .position(|f| f.lead_field_uid == d)?;
                Some((pos, norm(list.value.as_deref().unwrap_or(""))))
            }
        };
        let mut items: HashMap<String, Vec<Uid>> = HashMap::new();
        for it in &list.items {
            let mut clients: Vec<Uid> = Vec::new();
            if let Some(c) = it.assigned_client.filter(|c| *c != 0) {
                clients.push(c);
            }
            for part in it.assigned_clients.as_deref().unwrap_or("").split('|') {
                if let Ok(c) = part.trim().parse::<Uid>() {
                    if c != 0 {
                        clients.push(c);
                    }
                }
            }
            let entry = items.entry(norm(&it.value)).or_default();
            entry.extend(clients);
            entry.sort_unstable();
            entry.dedup();
        }
        Some(CompiledList {
            uid: list.custom_list_uid,
            field,
            depend,
            items,
            default_client: list.default_client.filter(|c| *c != 0),
        })
    }

    /// What this list says for a lead whose trimmed values by field position are given
    /// by `value_of` (`None` or empty: missing).
    pub fn verdict<'a>(&self, value_of: impl Fn(usize) -> Option<&'a str>) -> ListVerdict {
        if let Some((dep, want)) = &self.depend {
            match value_of(*dep) {
                Some(v) if norm(v) == *want => {}
                _ => return ListVerdict::NotApplicable,
            }
        }
        let value = value_of(self.field).map(norm).filter(|v| !v.is_empty());
        if let Some(v) = &value {
            if let Some(clients) = self.items.get(v) {
                if !clients.is_empty() {
                    return ListVerdict::Only {
                        list_uid: self.uid,
                        clients: clients.clone(),
                        matched_value: v.clone(),
                    };
                }
            }
        }
        match self.default_client {
            Some(c) => ListVerdict::Only {
                list_uid: self.uid,
                clients: vec![c],
                matched_value: String::new(),
            },
            None => ListVerdict::Unrestricted { list_uid: self.uid },
        }
    }
}

/// The combined restriction of every applicable list: a client must be allowed by all.
#[derive(Debug, Clone, Default)]
pub struct ListRestriction {
    sets: Vec<(Uid, HashSet<Uid>)>,
    /// Notes for the log: lists that applied but restricted nothing.
    pub notes: Vec<String>,
}

impl ListRestriction {
    /// Evaluates `lists` for a lead.
    pub fn evaluate<'a>(
        lists: &[CompiledList],
        value_of: impl Fn(usize) -> Option<&'a str> + Copy,
    ) -> Self {
        let mut r = ListRestriction::default();
        for l in lists {
            match l.verdict(value_of) {
                ListVerdict::NotApplicable => {}
                ListVerdict::Only { list_uid, clients, .. } => r.sets.push((list_uid, clients.into_iter().collect())),
                ListVerdict::Unrestricted { list_uid } => r.notes.push(format!(
                    "distribution list {list_uid}: no item assigned for the lead's value and no default client; the list restricts nothing"
                )),
            }
        }
        r
    }

    /// Whether any applicable list restricts the clients (so some may be excluded).
    pub fn restricts(&self) -> bool {
        !self.sets.is_empty()
    }

    /// The clients each restricting list allows (a client must be in all of them).
    pub(crate) fn allowed_sets(&self) -> impl Iterator<Item = &HashSet<Uid>> {
        self.sets.iter().map(|(_, s)| s)
    }

    /// `None` when the client is allowed, else the UID of the first list that excludes it.
    pub fn excluding_list(&self, client: Uid) -> Option<Uid> {
        self.sets
            .iter()
            .find(|(_, s)| !s.contains(&client))
            .map(|(u, _)| *u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadroute_model::parse_record;

    fn lead_type() -> LeadType {
        parse_record(
            r#"{"LeadTypeUID": 1, "Fields": [
                {"LeadFieldUID": 10, "Descriptor": "Zip"},
                {"LeadFieldUID": 11, "Descriptor": "Country"}]}"#,
        )
        .unwrap()
    }

    fn list(json: &str) -> CompiledList {
        let l: DistributionList = parse_record(json).unwrap();
        CompiledList::compile(&l, &lead_type()).unwrap()
    }

    #[test]
    fn item_assignment_then_default_then_unrestricted() {
        let l = list(
            r#"{"CustomListUID": 5, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "DefaultClient": 9,
                "Items": [{"Value": " 90210 ", "AssignedClient": 3, "AssignedClients": "4|5"},
                          {"Value": "10001"}]}"#,
        );
        let zip = |z: &'static str| move |i: usize| if i == 0 { Some(z) } else { None };
        assert_eq!(
            l.verdict(zip("90210")),
            ListVerdict::Only {
                list_uid: 5,
                clients: vec![3, 4, 5],
                matched_value: "90210".into()
            }
        );
        // An item without assignment falls back to the default client.
        assert_eq!(
            l.verdict(zip("10001")),
            ListVerdict::Only {
                list_uid: 5,
                clients: vec![9],
                matched_value: String::new()
            }
        );
        // A missing value matches no item.
        assert_eq!(
            l.verdict(|_| None),
            ListVerdict::Only {
                list_uid: 5,
                clients: vec![9],
                matched_value: String::new()
            }
        );
        let no_default = list(
            r#"{"CustomListUID": 6, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "Items": []}"#,
        );
        assert_eq!(
            no_default.verdict(zip("1")),
            ListVerdict::Unrestricted { list_uid: 6 }
        );
    }

    #[test]
    fn depend_field_gates_the_list_and_inactive_lists_do_not_compile() {
        let l = list(
            r#"{"CustomListUID": 7, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "DependField": 11,
                "Value": "United States", "DefaultClient": 2}"#,
        );
        let us = |i: usize| if i == 1 { Some("united states ") } else { None };
        let ca = |i: usize| if i == 1 { Some("Canada") } else { None };
        assert!(matches!(l.verdict(us), ListVerdict::Only { .. }));
        assert_eq!(l.verdict(ca), ListVerdict::NotApplicable);
        let inactive: DistributionList = parse_record(
            r#"{"CustomListUID": 8, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 0}"#,
        )
        .unwrap();
        assert!(CompiledList::compile(&inactive, &lead_type()).is_none());
    }

    #[test]
    fn several_lists_must_all_allow() {
        let a = list(
            r#"{"CustomListUID": 1, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "DefaultClient": 2, "Items": [{"Value": "x", "AssignedClients": "1|2"}]}"#,
        );
        let b = list(
            r#"{"CustomListUID": 2, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "Items": [{"Value": "x", "AssignedClient": 2}]}"#,
        );
        let lists = [a, b];
        let r = ListRestriction::evaluate(&lists, |i| if i == 0 { Some("X") } else { None });
        assert_eq!(r.excluding_list(1), Some(2));
        assert_eq!(r.excluding_list(2), None);
        assert_eq!(r.excluding_list(3), Some(1));
    }
}
