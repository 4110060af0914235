//! Shared fixtures: small markets generated once per test binary.

use std::sync::OnceLock;

use leadroute_demo::{generate, Market, MarketConfig};

/// A market big enough for every rare feature to appear (about 1,200 accounts), small
/// enough for debug builds.
pub fn medium() -> &'static Market {
    static M: OnceLock<Market> = OnceLock::new();
    M.get_or_init(|| generate(&medium_config()).expect("valid configuration"))
}

/// The configuration of [`medium`].
pub fn medium_config() -> MarketConfig {
    MarketConfig {
        seed: 7,
        accounts: 1_200,
        clients: 480,
        leads: 8_000,
        ..MarketConfig::default()
    }
}

/// A small configuration with the given seed.
pub fn small(seed: u64) -> MarketConfig {
    MarketConfig {
        seed,
        accounts: 120,
        clients: 50,
        leads: 600,
        ..MarketConfig::default()
    }
}
