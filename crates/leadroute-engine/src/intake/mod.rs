//! Intake (SPEC.md section 9): accepting or rejecting a lead posted by a campaign.

pub mod dup;
