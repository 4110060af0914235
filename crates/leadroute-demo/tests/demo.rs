//! Integration tests of the demo market generator: determinism, that its output is
//! what the model loads, and that the generated market exercises the engine's rules.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod demo {
    pub mod common;
    mod config;
    mod determinism;
    mod loading;
    mod properties;
    mod realism;
}
