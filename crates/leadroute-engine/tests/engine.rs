//! Properties and hand-worked cases of the engine (SPEC.md sections 4 and 8).
//!
//! - `world`: random small markets (zones with DST weeks, caps at the edge, orders,
//!   exclusivity, max sell, schedules, force ids, distribution lists).
//! - `oracle`: an independent replay that checks every sale of a batch against caps,
//!   orders, max sell, exclusivity and "never the same lead twice".
//! - `properties`: batch == one at a time, thread-count independence, the oracle,
//!   explain mode, route against scan.
//! - `market`: the same properties on larger seeded markets of the demo generator.
//! - `kept`: what a long-lived engine keeps between leads, at the instants it changes.
//! - `later` and `listing`: `next_eligible` and `active_clients`, worked out by hand.
//! - `regressions`: bugs found by the properties, one test each, named after the bug.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

/// The test modules (files in `tests/engine/`).
mod engine {
    pub mod kept;
    pub mod later;
    pub mod listing;
    pub mod market;
    pub mod oracle;
    pub mod properties;
    pub mod regressions;
    pub mod world;
}

pub use engine::*;
