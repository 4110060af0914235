//! Step 1 of selection: each client picks one of its eligible accounts.
//!
//! The client's `AutomationType` decides: `Price` takes the highest effective price,
//! `Priority` the lowest account `Priority` number, `RoundRobin` the least recently sent
//! account (never-sent first). Ties go to the lower client UID, then the lower account
//! UID, so the pick never depends on the order the accounts are listed in.

use std::cmp::Ordering;

use crate::candidate::Candidate;
use crate::compare;
use crate::names::AutomationType;

impl AutomationType {
    /// The total order of one client's accounts under this automation type, the
    /// preferred account first (Less), ties by client UID then account UID.
    pub fn compare_accounts(self, a: &Candidate, b: &Candidate) -> Ordering {
        let primary = match self {
            AutomationType::Price => compare::price(a, b).reverse(),
            AutomationType::Priority => compare::account_priority(a, b),
            AutomationType::RoundRobin => compare::account_last_sent(a, b),
        };
        primary.then_with(|| compare::ties(a, b))
    }
}

/// The index of the account `automation` picks among `accounts`, or `None` when
/// there are none. The accounts are expected to belong to one client; if they do not,
/// the pick is still the first under [`AutomationType::compare_accounts`].
pub fn choose_account(automation: AutomationType, accounts: &[Candidate]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, candidate) in accounts.iter().enumerate() {
        best = match best {
            Some(b)
                if automation.compare_accounts(&accounts[b], candidate) != Ordering::Greater =>
            {
                Some(b)
            }
            _ => Some(i),
        };
    }
    best
}

/// Step 1 for a whole candidate list: for each distinct client UID, the index of the
/// account its automation type (`automation_of(client_uid)`) picks. The result is in
/// ascending client UID order, one index per client.
pub fn choose_accounts<F>(candidates: &[Candidate], mut automation_of: F) -> Vec<usize>
where
    F: FnMut(i64) -> AutomationType,
{
    choose_accounts_by_index(candidates, |i| automation_of(candidates[i].client_uid()))
}

/// [`choose_accounts`] with each client's automation type read by candidate index:
/// `automation_at(i)` is the automation type of the client of `candidates[i]` (it is
/// asked once per client, with one of that client's indices). For a caller that already
/// holds each candidate's automation type and would otherwise look it up by client UID.
pub fn choose_accounts_by_index<F>(candidates: &[Candidate], automation_at: F) -> Vec<usize>
where
    F: FnMut(usize) -> AutomationType,
{
    choose_in(candidates, (0..candidates.len()).collect(), automation_at)
}

/// [`choose_accounts_by_index`] over the candidates at positions `among` of
/// `candidates` (ascending, no repeats), without copying them: the picks are positions
/// in `candidates`, and `automation_at` is asked with such a position. Equal to
/// choosing among a list of just those candidates, mapped back.
///
/// # Panics
/// When a position in `among` is out of bounds.
pub fn choose_accounts_among<F>(
    candidates: &[Candidate],
    among: &[usize],
    automation_at: F,
) -> Vec<usize>
where
    F: FnMut(usize) -> AutomationType,
{
    choose_in(candidates, among.to_vec(), automation_at)
}

/// Step 1 over the positions `by_client` (ascending) of `candidates`.
fn choose_in<F>(
    candidates: &[Candidate],
    mut by_client: Vec<usize>,
    mut automation_at: F,
) -> Vec<usize>
where
    F: FnMut(usize) -> AutomationType,
{
    // Lists already grouped by ascending client UID (an engine's accounts listed
    // client by client, the usual snapshot order) need no sort: each run of one client
    // is that client's group, in position order, and the picks come out in client
    // order. Checking costs one pass.
    let grouped = by_client
        .windows(2)
        .all(|w| candidates[w[0]].client_uid() <= candidates[w[1]].client_uid());
    if grouped {
        let mut picks = Vec::new();
        let mut start = 0;
        while start < by_client.len() {
            let first = by_client[start];
            let client = candidates[first].client_uid();
            let automation = automation_at(first);
            let mut best = first;
            let mut end = start + 1;
            while end < by_client.len() && candidates[by_client[end]].client_uid() == client {
                let i = by_client[end];
                if automation.compare_accounts(&candidates[i], &candidates[best]) == Ordering::Less
                {
                    best = i;
                }
                end += 1;
            }
            picks.push(best);
            start = end;
        }
        return picks;
    }
    // Otherwise sort by the order of `compare::ties` (client, then account), then
    // position: positions ascend, so the position tie-break keeps the order of a copied
    // list. Sorting the keys themselves reads each candidate once instead of at every
    // comparison.
    let mut keys: Vec<(i64, i64, usize)> = by_client
        .drain(..)
        .map(|i| (candidates[i].client_uid(), candidates[i].account_uid(), i))
        .collect();
    keys.sort_unstable();
    let mut picks = by_client;
    let mut start = 0;
    while start < keys.len() {
        let client = keys[start].0;
        let mut end = start;
        while end < keys.len() && keys[end].0 == client {
            end += 1;
        }
        let group = &keys[start..end];
        let automation = automation_at(group[0].2);
        let mut best = group[0].2;
        for &(_, _, i) in &group[1..] {
            if automation.compare_accounts(&candidates[i], &candidates[best]) == Ordering::Less {
                best = i;
            }
        }
        picks.push(best);
        start = end;
    }
    picks
}
