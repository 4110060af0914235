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
use crate::view::CandidateView;

impl AutomationType {
    /// The total order of one client's accounts under this automation type, the
    /// preferred account first (Less), ties by client UID then account UID.
    pub fn compare_accounts(self, a: &Candidate, b: &Candidate) -> Ordering {
        self.compare_accounts_in(&[a, b][..], 0, 1)
    }

    /// [`AutomationType::compare_accounts`] of the candidates at positions `i` and `j`
    /// of a view.
    #[inline]
    pub fn compare_accounts_in<V: CandidateView + ?Sized>(
        self,
        v: &V,
        i: usize,
        j: usize,
    ) -> Ordering {
        let primary = match self {
            AutomationType::Price => compare::price_at(v, i, j).reverse(),
            AutomationType::Priority => compare::account_priority_at(v, i, j),
            AutomationType::RoundRobin => compare::account_last_sent_at(v, i, j),
        };
        primary.then_with(|| compare::ties_at(v, i, j))
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
    choose_in(candidates, 0..candidates.len(), automation_at)
}

/// [`choose_accounts_by_index`] over a [`CandidateView`], or over its positions
/// `among` (ascending, no repeats) when given: for each distinct client UID, ascending,
/// the position its automation type (`automation_at(position)`) picks. Equal to
/// choosing among a slice of the same candidates.
pub fn choose_accounts_view<V, F>(view: &V, among: Option<&[usize]>, automation_at: F) -> Vec<usize>
where
    V: CandidateView + ?Sized,
    F: FnMut(usize) -> AutomationType,
{
    match among {
        Some(a) => choose_in(view, a.iter().copied(), automation_at),
        None => choose_in(view, 0..view.len(), automation_at),
    }
}

/// [`choose_accounts_view`] over the whole of `view` and, in the same pass, over the
/// positions `kept` holds for: (the picks among all, the picks among the kept ones).
/// Equal to `choose_accounts_view(view, None, ..)` and `choose_accounts_view(view,
/// Some(&among), ..)` with `among` the ascending positions `kept` holds for. Selection
/// uses it for exclusivity (step 4 of SPEC.md 8): the picks of every account, and those
/// of the non-exclusive ones, with one reading of the list.
pub fn choose_accounts_view_and_kept<V, F, K>(
    view: &V,
    mut automation_at: F,
    mut kept: K,
) -> (Vec<usize>, Vec<usize>)
where
    V: CandidateView + ?Sized,
    F: FnMut(usize) -> AutomationType,
    K: FnMut(usize) -> bool,
{
    let n = view.len();
    let mut all = Vec::with_capacity(n);
    let mut some = Vec::with_capacity(n);
    if n == 0 {
        return (all, some);
    }
    // The current run, as in `choose_in`: its client, automation type, best position,
    // and best kept position (`NONE` while it has none), in plain locals.
    const NONE: usize = usize::MAX;
    let better = |automation: AutomationType, i: usize, best: usize| {
        automation.compare_accounts_in(view, i, best) == Ordering::Less
    };
    let mut client = view.client_uid(0);
    let mut automation = automation_at(0);
    let mut best = 0;
    let mut best_kept = if kept(0) { 0 } else { NONE };
    for i in 1..n {
        let c = view.client_uid(i);
        let keep = kept(i);
        if c == client {
            if better(automation, i, best) {
                best = i;
            }
            if keep && (best_kept == NONE || better(automation, i, best_kept)) {
                best_kept = i;
            }
        } else if c > client {
            all.push(best);
            if best_kept != NONE {
                some.push(best_kept);
            }
            (client, automation, best) = (c, automation_at(i), i);
            best_kept = if keep { i } else { NONE };
        } else {
            // Not grouped by client: choose each list on its own.
            let among: Vec<usize> = (0..n).filter(|&i| kept(i)).collect();
            return (
                choose_in(view, 0..n, &mut automation_at),
                choose_in(view, among.iter().copied(), &mut automation_at),
            );
        }
    }
    all.push(best);
    if best_kept != NONE {
        some.push(best_kept);
    }
    (all, some)
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
    choose_in(candidates, among.iter().copied(), automation_at)
}

/// Step 1 over the positions `by_client` (ascending) of `candidates`, read in place:
/// copied only when they are not grouped by client.
fn choose_in<V, F, I>(candidates: &V, by_client: I, mut automation_at: F) -> Vec<usize>
where
    V: CandidateView + ?Sized,
    F: FnMut(usize) -> AutomationType,
    I: ExactSizeIterator<Item = usize> + Clone,
{
    // Lists already grouped by ascending client UID (an engine's accounts listed
    // client by client, the usual snapshot order) need no sort: each run of one client
    // is that client's group, in position order, and the picks come out in client
    // order. One pass groups the runs, reading each client UID once, and gives up at
    // the first UID lower than the one before it.
    let mut picks = Vec::with_capacity(by_client.len());
    let mut grouped = true;
    // The current run: its client, automation type and best position so far.
    let mut run: Option<(i64, AutomationType, usize)> = None;
    for i in by_client.clone() {
        let client = candidates.client_uid(i);
        match run {
            Some((c, automation, best)) if c == client => {
                if automation.compare_accounts_in(candidates, i, best) == Ordering::Less {
                    run = Some((c, automation, i));
                }
            }
            Some((c, _, _)) if c > client => {
                grouped = false;
                break;
            }
            _ => {
                if let Some((_, _, best)) = run {
                    picks.push(best);
                }
                run = Some((client, automation_at(i), i));
            }
        }
    }
    if grouped {
        if let Some((_, _, best)) = run {
            picks.push(best);
        }
        return picks;
    }
    // Otherwise sort by the order of `compare::ties` (client, then account), then
    // position: positions ascend, so the position tie-break keeps the order of a copied
    // list. Sorting the keys themselves reads each candidate once instead of at every
    // comparison.
    let mut keys: Vec<(i64, i64, usize)> = by_client
        .map(|i| {
            let (client, account) = candidates.uids(i);
            (client, account, i)
        })
        .collect();
    keys.sort_unstable();
    picks.clear();
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
            if automation.compare_accounts_in(candidates, i, best) == Ordering::Less {
                best = i;
            }
        }
        picks.push(best);
        start = end;
    }
    picks
}
