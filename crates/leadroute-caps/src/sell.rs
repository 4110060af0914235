//! Max sell and exclusivity (SPEC.md 4, item 14, and 8.3-8.4) as plain checks over a
//! lead's valid sends, shared by the scan and by reservations: how many buyers a lead
//! may still have, and whether one more sale (exclusive or not) is allowed.

use leadroute_model::Campaign;

use crate::error::Refusal;
use crate::ledger::LeadSends;

/// The lead's max sell: its campaign's `MaxSell`, or 1 when there is no campaign or its
/// `MaxSell` is null or `<= 0` (SPEC.md 8.3).
pub fn max_sell(campaign: Option<&Campaign>) -> u64 {
    campaign
        .and_then(|c| c.max_sell)
        .and_then(|n| u64::try_from(n).ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// How many more buyers the lead may have (`max_sell` minus its valid sends, at least 0);
/// `None` when `AllowOverMax` lifts the limit (`max_sell` is `None`).
pub fn remaining_buyers(sends: &LeadSends, max_sell: Option<u64>) -> Option<u64> {
    max_sell.map(|m| m.saturating_sub(sends.count))
}

/// Whether one more sale of the lead is refused, first `max_sell_reached` (its valid
/// sends already reach `max_sell`; `None` = `AllowOverMax`), then `exclusive_conflict`
/// (it was sold exclusively, or `exclusive` and it has any valid send; `ignore_exclusive`
/// lifts both).
pub fn check_sale(
    sends: &LeadSends,
    max_sell: Option<u64>,
    exclusive: bool,
    ignore_exclusive: bool,
) -> Option<Refusal> {
    if max_sell.is_some_and(|m| sends.count >= m) {
        return Some(Refusal::MaxSellReached);
    }
    if !ignore_exclusive && (sends.exclusive || (exclusive && sends.count > 0)) {
        return Some(Refusal::ExclusiveConflict);
    }
    None
}
