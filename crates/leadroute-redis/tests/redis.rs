//! The Redis ledger against a real `redis-server` (each test starts its own on a free
//! loopback port, in a temporary folder, append-only file on, and stops it when done):
//!
//! - `both`: one suite run against the in-memory ledger and against Redis with the same
//!   expected answers: reservation semantics through the `Ledger` trait, and every route
//!   scenario of `tests/spec/` routed through the engine;
//! - `concurrency`: 4 processes x 2,000 decisions over shared accounts with small caps;
//! - `faults`: a node killed between reserve and commit; Redis restarted mid-run.
//!
//! Child processes are this test binary run again with `--exact node::child_node` and
//! the node's job in the `LEADROUTE_REDIS_NODE` environment variable.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

#[path = "redis/both.rs"]
mod both;
#[path = "redis/concurrency.rs"]
mod concurrency;
#[path = "redis/faults.rs"]
mod faults;
#[path = "redis/node.rs"]
mod node;
#[path = "redis/support.rs"]
mod support;
