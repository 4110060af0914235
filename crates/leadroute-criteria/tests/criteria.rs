//! The criteria crate's integration tests: hand-computed case tables (`cases/*.json`)
//! run through `eval_case`, compile-error and explanation tables, and properties.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod criteria {
    pub mod cases;
    pub mod errors;
    pub mod props;
}
