//! Instants as the ledger keys them: `i64` milliseconds since the Unix epoch. Sub-millisecond
//! digits are truncated toward the past, for sends and for `now` alike, so every cap
//! boundary is decided at millisecond precision (the source API's dates carry at most
//! milliseconds).

use chrono::{DateTime, TimeDelta, Utc};

/// Milliseconds in one hour: the length of the rolling hour cap.
pub(crate) const HOUR_MS: i64 = 3_600_000;

/// `t` as milliseconds since the epoch (floored).
#[inline]
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The instant `ms` milliseconds after the epoch, saturating at chrono's range.
#[inline]
pub(crate) fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(if ms < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// A duration in whole milliseconds, saturating.
#[inline]
pub(crate) fn delta_ms(d: TimeDelta) -> i64 {
    d.num_milliseconds()
}
