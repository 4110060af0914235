//! Shared builders and the one `check` helper of the ranking tables.

use chrono::{DateTime, Duration, Utc};
use leadroute_sort::{rank, rank_top, Candidate, Policy, PolicyState};
use rust_decimal::Decimal;

/// 2024-01-01T00:00:00Z plus `minutes`.
pub fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_704_067_200, 0).expect("constant instant")
        + Duration::minutes(minutes)
}

/// A price from text, e.g. `"12.50"`.
pub fn price(text: &str) -> Decimal {
    text.parse().expect("test price")
}

/// A candidate of client `client`, account `account`, at `price`.
pub fn cand(client: i64, account: i64, p: &str) -> Candidate {
    Candidate::new(client, account, price(p))
}

/// The (client, account) pairs of a ranking.
pub fn pairs(candidates: &[Candidate], order: &[usize]) -> Vec<(i64, i64)> {
    order
        .iter()
        .map(|&i| (candidates[i].client_uid(), candidates[i].account_uid()))
        .collect()
}

/// Ranks `candidates` under `policy` and compares with `expected` (client, account)
/// pairs, best first; also checks every top-k is the prefix of the full ranking.
pub fn check(
    name: &str,
    policy: Policy,
    state: &PolicyState,
    candidates: &[Candidate],
    expected: &[(i64, i64)],
) {
    let full = rank(policy, state, candidates);
    assert_eq!(pairs(candidates, &full), expected, "case {name}");
    for k in 0..=candidates.len() + 1 {
        let top = rank_top(policy, state, candidates, k);
        assert_eq!(top, full[..k.min(full.len())], "case {name}, top {k}");
    }
}
