//! The one test binary of leadroute-caps: hand-computed boundary tables (DST gaps and
//! folds in four zones, calendar edges, orders, next eligible instants, reservations) and
//! properties against a naive reference.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod caps {
    pub mod support;

    mod calendar;
    mod next_eligible;
    mod orders;
    mod properties;
    mod reservations;
    mod schedule;
}
