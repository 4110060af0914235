//! Integration tests of leadroute-escalation: one binary, cases in submodules.

mod escalation {
    pub mod support;

    mod cases;
    mod dst;
    mod properties;
    mod spec;
}
