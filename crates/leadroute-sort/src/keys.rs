//! Precomputed ranking keys: each policy's comparator turned into a cheap integer key.
//!
//! The comparators in [`crate::compare`] define every order; ranking 1,000 candidates
//! in a few microseconds needs keys that compare in one or two integer instructions.
//! Each function here maps a candidate to a key whose natural order is exactly its
//! comparator's order (the crate's tests check this against the comparators):
//! prices become integers at the batch's largest scale (falling back to `Decimal`
//! keys when that would overflow), distances become the bits of a non-negative float.
//! Last-sent marks need no key: `Option<SentMark>` already orders as the comparator
//! does (never sent first, then by instant and sequence) and compares in a few
//! integer instructions.

use rust_decimal::Decimal;

use crate::candidate::Miles;

/// Powers of ten up to 10^28, the largest `Decimal` scale.
const POW10: [i128; 29] = {
    let mut table = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// Every price as an integer at the largest scale among them, or `None` when one of
/// them would not fit an `i128` at that scale.
pub(crate) fn fixed_prices<I>(prices: I) -> Option<Vec<i128>>
where
    I: Iterator<Item = Decimal> + Clone,
{
    let scale = prices.clone().map(|p| p.scale()).max().unwrap_or(0);
    prices.map(|p| price_at_scale(p, scale)).collect()
}

fn price_at_scale(price: Decimal, scale: u32) -> Option<i128> {
    let up = scale.checked_sub(price.scale())?;
    let mantissa = price.mantissa();
    match up {
        0 => Some(mantissa),
        // |mantissa| < 2^96 and 10^9 < 2^30: the product stays below 2^126.
        1..=9 => POW10.get(up as usize).map(|factor| mantissa * factor),
        _ => mantissa.checked_mul(*POW10.get(usize::try_from(up).ok()?)?),
    }
}

/// A distance as an ordered key; unknown is the largest. Non-negative finite floats
/// order like their bit patterns, and `u64::MAX` is above every such pattern.
pub(crate) fn distance(distance: Option<Miles>) -> u64 {
    distance.map_or(u64::MAX, |miles| miles.as_f64().to_bits())
}
