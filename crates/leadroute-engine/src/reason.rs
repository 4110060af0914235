//! Why an account was not eligible: the stable reason codes of SPEC.md section 4.
//!
//! The codes are snake_case strings that scripts depend on; their order here is the
//! order in which the scan checks them (cheapest first), which is also the order of
//! "first failing reason".

use std::fmt;

use serde::{Serialize, Serializer};

/// A reason an account is not eligible for a lead, in check order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// The account failed validation at load.
    Misconfigured,
    /// The account's lead type is not the lead's.
    LeadTypeMismatch,
    /// The client's status is not `Active`.
    ClientNotActive,
    /// The account's status is not 12 (Open).
    AccountNotOpen,
    /// The delivery method's `Status` is false.
    DeliveryMethodDisabled,
    /// The account's `AccountType` is not the scan type.
    AccountTypeMismatch,
    /// Automated accounts only were asked for and this one is not.
    AutomationDisabled,
    /// Force ids were given and neither the account's nor the client's is among them.
    NotForced,
    /// The client already has a valid send of this lead.
    AlreadySentToClient,
    /// A distribution list does not allow this client for the lead.
    DistributionList,
    /// A criterion failed.
    CriteriaFailed,
    /// The delivery instant is outside the account's delivery days.
    OutsideDeliveryHours,
    /// The rolling-hour cap is full.
    HourMaxReached,
    /// The calendar-day cap is full (or the paced allowance so far is used).
    DayMaxReached,
    /// The calendar-week cap is full.
    WeekMaxReached,
    /// The calendar-month cap is full.
    MonthMaxReached,
    /// `useOrder` is set and no usable applicable order item exists.
    OrderRequired,
    /// Usable applicable order items exist but none has room.
    OrderExhausted,
    /// The lead's valid sends already reach its max sell.
    MaxSellReached,
    /// The lead was sold exclusively, or this exclusive account cannot buy a sold lead.
    ExclusiveConflict,
}

impl Reason {
    /// Every reason, in check order.
    pub const ALL: [Reason; 20] = [
        Reason::Misconfigured,
        Reason::LeadTypeMismatch,
        Reason::ClientNotActive,
        Reason::AccountNotOpen,
        Reason::DeliveryMethodDisabled,
        Reason::AccountTypeMismatch,
        Reason::AutomationDisabled,
        Reason::NotForced,
        Reason::AlreadySentToClient,
        Reason::DistributionList,
        Reason::CriteriaFailed,
        Reason::OutsideDeliveryHours,
        Reason::HourMaxReached,
        Reason::DayMaxReached,
        Reason::WeekMaxReached,
        Reason::MonthMaxReached,
        Reason::OrderRequired,
        Reason::OrderExhausted,
        Reason::MaxSellReached,
        Reason::ExclusiveConflict,
    ];

    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Misconfigured => "misconfigured",
            Reason::LeadTypeMismatch => "lead_type_mismatch",
            Reason::ClientNotActive => "client_not_active",
            Reason::AccountNotOpen => "account_not_open",
            Reason::DeliveryMethodDisabled => "delivery_method_disabled",
            Reason::AccountTypeMismatch => "account_type_mismatch",
            Reason::AutomationDisabled => "automation_disabled",
            Reason::NotForced => "not_forced",
            Reason::AlreadySentToClient => "already_sent_to_client",
            Reason::DistributionList => "distribution_list",
            Reason::CriteriaFailed => "criteria_failed",
            Reason::OutsideDeliveryHours => "outside_delivery_hours",
            Reason::HourMaxReached => "hour_max_reached",
            Reason::DayMaxReached => "day_max_reached",
            Reason::WeekMaxReached => "week_max_reached",
            Reason::MonthMaxReached => "month_max_reached",
            Reason::OrderRequired => "order_required",
            Reason::OrderExhausted => "order_exhausted",
            Reason::MaxSellReached => "max_sell_reached",
            Reason::ExclusiveConflict => "exclusive_conflict",
        }
    }

    /// Whether this is one of the four full-cap reasons (hour, day, week, month): the
    /// ones that pass with time, as delivery hours do.
    pub fn is_cap(self) -> bool {
        matches!(
            self,
            Reason::HourMaxReached
                | Reason::DayMaxReached
                | Reason::WeekMaxReached
                | Reason::MonthMaxReached
        )
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Position in check order (0 = misconfigured).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Counts of not-eligible accounts by first failing reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReasonCounts([u32; 20]);

impl ReasonCounts {
    /// Adds `n` accounts for `reason`.
    pub fn add(&mut self, reason: Reason, n: u32) {
        self.0[reason.index()] += n;
    }

    /// The count for `reason`.
    pub fn get(&self, reason: Reason) -> u32 {
        self.0[reason.index()]
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &ReasonCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += *b;
        }
    }

    /// The non-zero counts, in check order.
    pub fn iter(&self) -> impl Iterator<Item = (Reason, u32)> + '_ {
        Reason::ALL.into_iter().zip(self.0).filter(|(_, n)| *n > 0)
    }

    /// The total of all counts.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|n| u64::from(*n)).sum()
    }
}

impl Serialize for ReasonCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (r, n) in self.iter() {
            m.serialize_entry(r.code(), &n)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_follow_check_order() {
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(r.index(), i);
            assert_eq!(Reason::from_code(r.code()), Some(*r));
        }
        assert!(Reason::CriteriaFailed < Reason::OutsideDeliveryHours);
        assert!(Reason::AlreadySentToClient < Reason::DistributionList);
    }

    #[test]
    fn the_cap_reasons_are_the_four_full_caps() {
        let caps: Vec<&str> = Reason::ALL
            .iter()
            .filter(|r| r.is_cap())
            .map(|r| r.code())
            .collect();
        assert_eq!(
            caps,
            [
                "hour_max_reached",
                "day_max_reached",
                "week_max_reached",
                "month_max_reached"
            ]
        );
    }
}
