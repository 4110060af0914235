//! The crate's integration tests, one binary: hand-worked tables per policy and the
//! properties (input-order independence, round-robin and weighted fairness, no burst
//! after a pause, percentage convergence).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod sort {
    pub mod accounts;
    pub mod common;
    pub mod listing;
    pub mod names;
    pub mod policies;
    pub mod properties;
    pub mod users;
}
