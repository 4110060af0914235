//! What the ranking knows about one client's account: the candidate and its values.
//!
//! A [`Candidate`] is one delivery account of one client that passed eligibility,
//! carrying only what the policies compare: identifiers, effective price, priorities,
//! last-sent instants, weight, target share, distance and name. The caller computes
//! these (the effective price after orders, the client's last-sent instant as the later
//! of its `LastSentDate` and its latest valid send); this crate only orders them.
//! Quantities with a range are validated newtypes ([`Weight`], [`TargetShare`],
//! [`Miles`]), so a candidate can never hold a negative weight or a NaN distance.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::error::SortError;

/// A last-sent mark: the instant of a send and its position among sends at the same
/// instant. Marks order by instant, then by sequence, so two sends recorded at the same
/// `now` still have a definite order (the ledger's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SentMark {
    at: DateTime<Utc>,
    seq: u64,
}

impl SentMark {
    /// A send at `at`, `seq`-th among the sends at that instant (0 when unique).
    #[inline]
    pub fn new(at: DateTime<Utc>, seq: u64) -> Self {
        SentMark { at, seq }
    }

    /// The instant of the send.
    #[inline]
    pub fn at(self) -> DateTime<Utc> {
        self.at
    }

    /// The position among sends at the same instant.
    #[inline]
    pub fn seq(self) -> u64 {
        self.seq
    }
}

impl From<DateTime<Utc>> for SentMark {
    fn from(at: DateTime<Utc>) -> Self {
        SentMark { at, seq: 0 }
    }
}

/// A client's weight for the `Weighted` policy: a finite number from 0 to 10^6, kept
/// exactly to six decimal places (the source's `Weight`, default 1).
///
/// A client with weight 0 is a back-up: it ranks after every client with a positive
/// weight and accrues no credit. When only back-ups compete, each sale still costs the
/// buyer one lead of credit, so back-ups take turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Weight(u64);

/// Micro-units per unit of weight or per percent of target.
pub(crate) const MICRO: f64 = 1_000_000.0;

impl Weight {
    /// Weight 1, the default.
    pub const ONE: Weight = Weight(1_000_000);
    /// Weight 0: ranks after every positive weight.
    pub const ZERO: Weight = Weight(0);

    /// A weight from a number, rounded to six decimal places.
    ///
    /// # Errors
    /// [`SortError::OutOfRange`] when `value` is not finite, negative, or above 10^6.
    #[inline]
    pub fn new(value: f64) -> Result<Self, SortError> {
        if !value.is_finite() || !(0.0..=1e6).contains(&value) {
            return Err(SortError::OutOfRange {
                quantity: "Weight",
                value,
                expected: "a finite number from 0 to 1000000",
            });
        }
        // ok: value is finite and within 0..=1e6, so the product fits a u64.
        Ok(Weight((value * MICRO).round() as u64))
    }

    /// The weight as a number.
    #[inline]
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / MICRO
    }

    /// The weight in millionths, the exact unit the arithmetic uses.
    #[inline]
    pub fn as_micros(self) -> u64 {
        self.0
    }
}

impl From<u16> for Weight {
    /// A whole weight; every `u16` is within range.
    fn from(value: u16) -> Self {
        Weight(u64::from(value) * 1_000_000)
    }
}

impl Default for Weight {
    fn default() -> Self {
        Weight::ONE
    }
}

/// A client's target share for the `Percentage` policy, in percent from 0 to 100, kept
/// exactly to six decimal places (the source's `TargetPercentage`, default 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TargetShare(u64);

impl TargetShare {
    /// 0 %: the default.
    pub const ZERO: TargetShare = TargetShare(0);
    /// Micro-percent in 100 %.
    pub(crate) const WHOLE: u64 = 100_000_000;

    /// A target from a percentage, rounded to six decimal places.
    ///
    /// # Errors
    /// [`SortError::OutOfRange`] when `percent` is not finite or outside 0 to 100.
    pub fn from_percent(percent: f64) -> Result<Self, SortError> {
        if !percent.is_finite() || !(0.0..=100.0).contains(&percent) {
            return Err(SortError::OutOfRange {
                quantity: "TargetPercentage",
                value: percent,
                expected: "a percentage from 0 to 100",
            });
        }
        // ok: percent is finite and within 0..=100.
        Ok(TargetShare((percent * MICRO).round() as u64))
    }

    /// The target in percent.
    pub fn as_percent(self) -> f64 {
        self.0 as f64 / MICRO
    }

    /// The target in millionths of a percent (100 % is 10^8), the exact unit the
    /// arithmetic uses.
    #[inline]
    pub fn as_micro_percent(self) -> u64 {
        self.0
    }
}

/// A distance in miles for the `Nearest` policy: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Miles(f64);

impl Miles {
    /// A distance in miles.
    ///
    /// # Errors
    /// [`SortError::OutOfRange`] when `miles` is negative, NaN or infinite.
    #[inline]
    pub fn new(miles: f64) -> Result<Self, SortError> {
        if !miles.is_finite() || miles < 0.0 {
            return Err(SortError::OutOfRange {
                quantity: "distance in miles",
                value: miles,
                expected: "a finite number of miles, not negative",
            });
        }
        // -0.0 and 0.0 must compare equal under total_cmp.
        Ok(Miles(if miles == 0.0 { 0.0 } else { miles }))
    }

    /// The distance as a number of miles.
    #[inline]
    pub fn as_f64(self) -> f64 {
        self.0
    }
}

impl Eq for Miles {}

impl PartialOrd for Miles {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Miles {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// What the stateful policies record of one ranked candidate when a sale is made from
/// the ranking ([`crate::PolicyState::record_sale_among`]): its client UID, weight and
/// target share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Competitor {
    /// The candidate's client.
    pub client_uid: i64,
    /// The client's weight (`Weighted`).
    pub weight: Weight,
    /// The client's target share (`Percentage`).
    pub target: TargetShare,
}

impl Competitor {
    /// What is recorded of `c`.
    pub fn of(c: &Candidate) -> Competitor {
        Competitor {
            client_uid: c.client_uid(),
            weight: c.weight(),
            target: c.target(),
        }
    }
}

/// One client's delivery account competing for a lead, with the values the policies
/// and listing sorts compare.
///
/// Built with [`Candidate::new`] and the `with_*` methods; every value not set has the
/// documented default (priorities 0, never sent, weight 1, target 0 %, distance
/// unknown, empty name).
///
/// ```
/// use leadroute_sort::{Candidate, Weight};
/// use rust_decimal::Decimal;
///
/// let c = Candidate::new(7, 70, Decimal::new(1250, 2))
///     .with_client_priority(2)
///     .with_weight(Weight::from(3))
///     .with_name("Acme Leads");
/// assert_eq!(c.client_uid(), 7);
/// assert_eq!(c.price(), Decimal::new(1250, 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    client_uid: i64,
    account_uid: i64,
    price: Decimal,
    account_priority: i32,
    client_priority: i32,
    account_last_sent: Option<SentMark>,
    client_last_sent: Option<SentMark>,
    weight: Weight,
    target: TargetShare,
    distance: Option<Miles>,
    name: String,
}

impl Candidate {
    /// A candidate for account `account_uid` of client `client_uid` at effective
    /// `price`, every other value at its default.
    #[inline]
    pub fn new(client_uid: i64, account_uid: i64, price: Decimal) -> Self {
        Candidate {
            client_uid,
            account_uid,
            price,
            account_priority: 0,
            client_priority: 0,
            account_last_sent: None,
            client_last_sent: None,
            weight: Weight::ONE,
            target: TargetShare::ZERO,
            distance: None,
            name: String::new(),
        }
    }

    /// Sets the account's `Priority` (lower first under automation `Priority`).
    #[inline]
    pub fn with_account_priority(mut self, priority: i32) -> Self {
        self.account_priority = priority;
        self
    }

    /// Sets the client's `Priority` (lower first under policy `Priority`).
    #[inline]
    pub fn with_client_priority(mut self, priority: i32) -> Self {
        self.client_priority = priority;
        self
    }

    /// Sets the account's latest valid send (`None`: never sent), sequence 0.
    #[inline]
    pub fn with_account_last_sent(self, last_sent: Option<DateTime<Utc>>) -> Self {
        self.with_account_last_sent_mark(last_sent.map(SentMark::from))
    }

    /// Sets the account's latest valid send with its position among sends at the same
    /// instant (`None`: never sent).
    #[inline]
    pub fn with_account_last_sent_mark(mut self, last_sent: Option<SentMark>) -> Self {
        self.account_last_sent = last_sent;
        self
    }

    /// Sets the client's last-sent instant: the later of its `LastSentDate` and its
    /// latest valid send (`None`: never sent), sequence 0.
    #[inline]
    pub fn with_client_last_sent(self, last_sent: Option<DateTime<Utc>>) -> Self {
        self.with_client_last_sent_mark(last_sent.map(SentMark::from))
    }

    /// Sets the client's last-sent mark with its position among sends at the same
    /// instant (`None`: never sent). Round robin needs the position when several
    /// sales are recorded at one decision instant.
    #[inline]
    pub fn with_client_last_sent_mark(mut self, last_sent: Option<SentMark>) -> Self {
        self.client_last_sent = last_sent;
        self
    }

    /// Sets the client's weight for the `Weighted` policy.
    #[inline]
    pub fn with_weight(mut self, weight: Weight) -> Self {
        self.weight = weight;
        self
    }

    /// Sets the client's target share for the `Percentage` policy.
    #[inline]
    pub fn with_target(mut self, target: TargetShare) -> Self {
        self.target = target;
        self
    }

    /// Sets the distance from the lead to the client (or the account's origin) for
    /// the `Nearest` policy (`None`: unknown, ranks last).
    #[inline]
    pub fn with_distance(mut self, distance: Option<Miles>) -> Self {
        self.distance = distance;
        self
    }

    /// Sets the client's name for the listing sort by `Name`.
    #[inline]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The client's UID, the first tie-breaker.
    #[inline]
    pub fn client_uid(&self) -> i64 {
        self.client_uid
    }

    /// The delivery account's UID, the second tie-breaker.
    #[inline]
    pub fn account_uid(&self) -> i64 {
        self.account_uid
    }

    /// The account's effective price for this lead.
    #[inline]
    pub fn price(&self) -> Decimal {
        self.price
    }

    /// The account's `Priority`.
    #[inline]
    pub fn account_priority(&self) -> i32 {
        self.account_priority
    }

    /// The client's `Priority`.
    #[inline]
    pub fn client_priority(&self) -> i32 {
        self.client_priority
    }

    /// The account's latest valid send, if any.
    #[inline]
    pub fn account_last_sent(&self) -> Option<SentMark> {
        self.account_last_sent
    }

    /// The client's last-sent mark, if any.
    #[inline]
    pub fn client_last_sent(&self) -> Option<SentMark> {
        self.client_last_sent
    }

    /// The client's weight.
    #[inline]
    pub fn weight(&self) -> Weight {
        self.weight
    }

    /// The client's target share.
    #[inline]
    pub fn target(&self) -> TargetShare {
        self.target
    }

    /// The distance in miles, if known.
    #[inline]
    pub fn distance(&self) -> Option<Miles> {
        self.distance
    }

    /// The client's name.
    #[inline]
    pub fn name(&self) -> &str {
        &self.name
    }
}
