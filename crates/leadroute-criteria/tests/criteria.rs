//! The criteria crate's integration tests: hand-computed case tables (`cases/*.json`)
//! run through `eval_case`, compile-error tables, and properties.

mod criteria {
    pub mod cases;
}
