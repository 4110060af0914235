//! Integration tests of leadroute-time: one binary, cases in submodules.

mod time {
    pub mod support;

    mod boundary;
    mod periods;
    mod properties;
    mod tod;
    mod weekly;
    mod zones;
}
