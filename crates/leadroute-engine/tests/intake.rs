//! Intake (SPEC.md section 9): hand-worked answers for every `ResponseType` and their
//! precedence, campaign caps in `Settings.DefaultTimeZone`, duplicate windows, duplicate
//! sets and normalisation, `InvalidChars`, City/State appending, and properties.
//!
//! - `world`: the snapshot the tables run against and the helpers that post leads.
//! - `responses`: one table row per response type and per precedence pair.
//! - `dups`: duplicate windows (in seconds, across a DST change), sets, normalisation.
//! - `properties`: an accepted lead posted again within the window is always a
//!   duplicate; outside it, never.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

/// The test modules (files in `tests/intake/`).
mod intake {
    pub mod dups;
    pub mod properties;
    pub mod responses;
    pub mod world;
}
