//! The engine's error: why a lead could not be scanned or routed at all.

use leadroute_model::Uid;

/// Why a lead cannot be scanned or routed (as opposed to a lead no account takes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LeadError {
    /// The lead has no `LeadTypeUID`.
    #[error("the lead has no LeadTypeUID")]
    NoLeadType,
    /// The lead's `LeadTypeUID` is not a lead type of the snapshot.
    #[error("unknown LeadTypeUID {0}")]
    UnknownLeadType(Uid),
    /// Routing at the lead's `DateReceived` was asked, and it has none.
    #[error("the lead has no DateReceived (give an explicit instant to route it)")]
    NoDateReceived,
}
