//! Integration tests of leadroute-escalation: one binary, cases in submodules.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod escalation {
    pub mod support;

    mod cases;
    mod dst;
    mod properties;
    mod spec;
}
