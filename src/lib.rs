//! leadroute: an embeddable lead-distribution engine.
//!
//! This facade re-exports the workspace's crates under short names; it holds no logic.
//! See `ARCHITECTURE.md` for the code map.

pub use leadroute_caps as caps;
pub use leadroute_criteria as criteria;
pub use leadroute_demo as demo;
pub use leadroute_engine as engine;
pub use leadroute_escalation as escalation;
pub use leadroute_model as model;
pub use leadroute_sort as sort;
pub use leadroute_time as time;
