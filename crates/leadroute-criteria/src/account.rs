//! One account's criteria (AND-ed) with its client's time zone: the per-account,
//! row-by-row evaluation that the index must agree with, and the explain path.

use chrono::{DateTime, Utc};

use crate::criterion::CompiledCriterion;
use crate::explain::Failure;
use crate::lead::PreparedLead;
use crate::zone::Zone;

/// The compiled criteria of one delivery account (or campaign) and the client's zone.
#[derive(Debug, Clone)]
pub struct AccountCriteria {
    criteria: Vec<CompiledCriterion>,
    zone: Zone,
}

impl AccountCriteria {
    /// The criteria of one account, evaluated in `zone` (the client's time zone).
    pub fn new(criteria: Vec<CompiledCriterion>, zone: Zone) -> Self {
        AccountCriteria { criteria, zone }
    }

    /// The compiled criteria, in the account's order.
    pub fn criteria(&self) -> &[CompiledCriterion] {
        &self.criteria
    }

    /// The client's time zone.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Whether every criterion holds for `lead` at `now`.
    pub fn matches(&self, lead: &PreparedLead, now: DateTime<Utc>) -> bool {
        self.criteria
            .iter()
            .all(|c| c.eval(lead, now, &self.zone).is_ok())
    }

    /// The first criterion that fails, in the account's order; `None` when all hold.
    pub fn first_failure<'a>(
        &'a self,
        lead: &'a PreparedLead,
        now: DateTime<Utc>,
    ) -> Option<Failure<'a>> {
        self.criteria.iter().find_map(|c| {
            c.eval(lead, now, &self.zone)
                .err()
                .map(|cause| Failure::new(c, lead, now, &self.zone, cause))
        })
    }

    /// Every criterion that fails (explain mode), in the account's order.
    pub fn failures<'a>(&'a self, lead: &'a PreparedLead, now: DateTime<Utc>) -> Vec<Failure<'a>> {
        self.criteria
            .iter()
            .filter_map(|c| {
                c.eval(lead, now, &self.zone)
                    .err()
                    .map(|cause| Failure::new(c, lead, now, &self.zone, cause))
            })
            .collect()
    }
}

impl CompiledCriterion {
    /// Evaluates this criterion alone for `lead` at `now` in the client's `zone`.
    ///
    /// # Errors
    /// The [`Failure`] explaining why it does not hold.
    pub fn check<'a>(
        &'a self,
        lead: &'a PreparedLead,
        now: DateTime<Utc>,
        zone: &'a Zone,
    ) -> Result<(), Failure<'a>> {
        self.eval(lead, now, zone)
            .map_err(|cause| Failure::new(self, lead, now, zone, cause))
    }
}
