//! Integration tests of leadroute-time: one binary, cases in submodules.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod time {
    pub mod support;

    mod boundary;
    mod periods;
    mod properties;
    mod tod;
    mod weekly;
    mod zones;
}
