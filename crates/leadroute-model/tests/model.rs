//! Integration tests of `leadroute-model`, in one test binary.
//!
//! - `conformance`: the source API's own JSON examples (verbatim in `tests/seeds/`)
//!   read as the records they show, with their placeholder values.
//! - `errors`: a table of malformed snapshots, each with the exact problems (path,
//!   line, severity) and what still loads.
//! - `roundtrip`: any generated model value serializes and loads back equal.
//! - `no_panic`: arbitrary bytes and mutated snapshots never make loading panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

mod model {
    mod conformance;
    mod errors;
    mod no_panic;
    mod roundtrip;
    pub mod support;
}
