//! A seeded generator of realistic lead markets: a snapshot (lead types, clients,
//! delivery accounts, orders, distribution lists, lead sources, campaigns and a ledger)
//! and a week of leads to route against it.
//!
//! `leadroute demo`, the benchmarks and the tests use it to run the engine on data that
//! looks like a real lead marketplace and exercises every rule of SPEC.md: three lead
//! types (mortgage, solar, auto insurance) with typed fields, about 2,000 clients
//! across every US time zone (IANA and Windows zone names, a few with only an offset),
//! about 5,000 delivery accounts with state lists, ZIP radii around real US ZIP
//! centroids, credit and loan ranges, age `DateCompare`s, test-address filters,
//! regular expressions and calculated expressions, delivery schedules, hour to month
//! caps, orders, exclusive buyers, a ZIP distribution list, and 100,000 leads over a
//! week with a US intraday curve.
//!
//! The output is a function of [`MarketConfig`] alone: the crate has its own
//! pseudo-random generator ([`rng`]), never reads the clock and never iterates a hash
//! map to produce output, so a seed gives byte-identical files on every platform and
//! version. The records are the types of `leadroute_model`, serialized with
//! `serde_json`, so the snapshot is by construction what
//! [`leadroute_model::load_snapshot`] reads.
//!
//! [`summary`] turns the routed market into the figures `leadroute demo` prints (sold
//! and unsold leads, unsold by reason, revenue by lead type, top buyers, cap hits,
//! round-robin fairness) from per-lead outcomes the caller builds from its decisions, so
//! this crate does not depend on the engine.
//!
//! # Example
//!
//! ```
//! use leadroute_demo::{generate, MarketConfig};
//!
//! let config = MarketConfig { accounts: 60, clients: 25, leads: 200, ..MarketConfig::default() };
//! let market = generate(&config)?;
//! assert_eq!(market.delivery_accounts.len(), 60);
//! assert_eq!(market.leads.len(), 200);
//!
//! let snapshot = leadroute_model::load_snapshot(&market.to_snapshot_json());
//! assert!(!snapshot.has_errors());
//! assert_eq!(snapshot.delivery_accounts.len(), 60);
//! // The same seed gives the same bytes.
//! assert_eq!(generate(&config)?.to_leads_jsonl(), market.to_leads_jsonl());
//! # Ok::<(), leadroute_demo::Error>(())
//! ```
//!
//! # The default week
//!
//! [`MarketConfig::default`] starts on Monday 2026-03-02 00:00 UTC and runs seven days,
//! so it deliberately crosses the US spring-forward of Sunday 2026-03-08: that Sunday
//! is 23 hours long for every client outside Arizona and Hawaii, which day caps,
//! week caps and delivery schedules must handle. The ledger holds the sends of the
//! three days before the start, so caps and round robin begin in a lived-in state.
//!
//! # Deliberate imperfections
//!
//! A real feed is not clean, and the demo should show the engine's reasons. By design:
//! about 1% of leads carry a malformed value (`CreditScore` `"abc"`, `VehicleYear`
//! `"20O8"`), a few percent miss an optional value, about 1.2% use a test e-mail
//! address, a few use an unknown ZIP (`00000`), about 1% repeat an earlier lead's
//! e-mail and phone (intake duplicates), about 0.5% re-offer a lead already sold before
//! the start (same `LeadUID`), a few have no source or an unknown campaign, and about
//! one account in 2,500 has a criterion whose range is reversed (`850|300`), which the
//! engine reports as `misconfigured`. None of these is a load error of the snapshot.

pub mod geo;
pub mod rng;
pub mod summary;

mod buyers;
mod catalog;

mod leads;
mod sources;
mod write;

use std::fmt;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use leadroute_model::{
    Campaign, Client, DeliveryAccount, DistributionList, Lead, LeadSource, LeadType, Order, Send,
    Settings, Uid, WeekDay,
};

pub use catalog::{AUTO, LEAD_TYPES, MORTGAGE, SOLAR};
pub use geo::{ZipInfo, ZIPS};

/// The size, seed and time span of a generated market.
///
/// A plain set of knobs: every combination is accepted by [`generate`] except the
/// ones [`Error`] names (accounts without clients, leads without days, spans beyond a
/// year, starts outside 1900..=9000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketConfig {
    /// Seed of every random choice; the same seed gives the same market.
    pub seed: u64,
    /// Number of delivery accounts (each client gets 1 to 5 while there are enough).
    pub accounts: usize,
    /// Number of clients.
    pub clients: usize,
    /// Number of leads in the stream.
    pub leads: usize,
    /// First instant of the stream (the ledger covers the three days before it).
    pub start: DateTime<Utc>,
    /// Length of the stream in days.
    pub days: u32,
}

impl Default for MarketConfig {
    /// 5,000 accounts of 2,000 clients and 100,000 leads over the week starting
    /// Monday 2026-03-02 00:00 UTC (which crosses the 2026-03-08 US DST change), seed
    /// 2026.
    fn default() -> Self {
        MarketConfig {
            seed: 2026,
            accounts: 5_000,
            clients: 2_000,
            leads: 100_000,
            // ok: a fixed, valid calendar instant
            start: Utc
                .with_ymd_and_hms(2026, 3, 2, 0, 0, 0)
                .single()
                .unwrap_or_default(),
            days: 7,
        }
    }
}

/// Why a market could not be generated or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// `accounts` is positive but `clients` is 0: an account needs an owner.
    NoClients {
        /// The number of accounts asked for.
        accounts: usize,
    },
    /// `leads` is positive but `days` is 0: leads need a span to arrive in.
    NoDays {
        /// The number of leads asked for.
        leads: usize,
    },
    /// `days` exceeds 366.
    TooManyDays {
        /// The number of days asked for.
        days: u32,
    },
    /// `start` is outside the years 1900..=9000.
    StartOutOfRange {
        /// The start asked for.
        start: DateTime<Utc>,
    },
    /// Writing the snapshot or the leads failed.
    Write(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoClients { accounts } => {
                write!(f, "{accounts} delivery accounts need at least one client")
            }
            Error::NoDays { leads } => write!(f, "{leads} leads need at least one day"),
            Error::TooManyDays { days } => {
                write!(f, "a market spans at most 366 days, not {days}")
            }
            Error::StartOutOfRange { start } => {
                write!(f, "start {start} is outside the years 1900..=9000")
            }
            Error::Write(e) => write!(f, "writing the market failed: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Write(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Write(e)
    }
}

/// A generated market: the snapshot's records and the lead stream.
///
/// Plain data in the model's types; tests and tools may change it (lower one buyer's
/// cap, drop a campaign) before writing it out. Records are in UID order, the ledger
/// and both lead lists in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    /// Engine settings: default zone `America/Los_Angeles`, weeks start on Sunday.
    pub settings: Settings,
    /// Mortgage, solar and auto insurance, with their fields.
    pub lead_types: Vec<LeadType>,
    /// The buyers.
    pub clients: Vec<Client>,
    /// The buyers' delivery accounts.
    pub delivery_accounts: Vec<DeliveryAccount>,
    /// The buyers' orders.
    pub orders: Vec<Order>,
    /// The distribution lists (one active, one inactive).
    pub distribution_lists: Vec<DistributionList>,
    /// The lead sources.
    pub lead_sources: Vec<LeadSource>,
    /// The sources' campaigns.
    pub campaigns: Vec<Campaign>,
    /// The ledger of sends before the start.
    pub sends: Vec<Send>,
    /// Leads accepted in the three days before the start (the snapshot's `Leads`, for
    /// intake's duplicate checks and campaign caps).
    pub prior_leads: Vec<Lead>,
    /// The stream to route, in `DateReceived` order.
    pub leads: Vec<Lead>,
}

/// Generates the market `config` describes.
///
/// Deterministic: the same configuration always gives the same market. The parts draw
/// from independent random streams, so changing `leads` or `days` leaves the clients
/// and accounts unchanged, and changing `accounts` leaves the clients unchanged.
///
/// # Errors
/// [`Error::NoClients`], [`Error::NoDays`], [`Error::TooManyDays`] or
/// [`Error::StartOutOfRange`] for a configuration that names no market.
pub fn generate(config: &MarketConfig) -> Result<Market, Error> {
    if config.accounts > 0 && config.clients == 0 {
        return Err(Error::NoClients {
            accounts: config.accounts,
        });
    }
    if config.leads > 0 && config.days == 0 {
        return Err(Error::NoDays {
            leads: config.leads,
        });
    }
    if config.days > 366 {
        return Err(Error::TooManyDays { days: config.days });
    }
    if !(1900..=9000).contains(&config.start.year()) {
        return Err(Error::StartOutOfRange {
            start: config.start,
        });
    }
    let buyers = buyers::generate(config.seed, config.clients, config.accounts, config.start);
    let per_day = config.leads as u64 / u64::from(config.days.max(1));
    let plans = sources::campaigns(per_day);
    let demand = leads::generate(
        config.seed,
        config.leads,
        config.start,
        config.days,
        &buyers,
        &plans,
    );
    Ok(Market {
        settings: Settings {
            default_time_zone: "America/Los_Angeles".to_string(),
            week_start: WeekDay::Sunday,
        },
        lead_types: catalog::lead_types(),
        clients: buyers.clients,
        delivery_accounts: buyers.accounts,
        orders: buyers.orders,
        distribution_lists: buyers.distribution_lists,
        lead_sources: sources::lead_sources(),
        campaigns: plans.into_iter().map(|p| p.campaign).collect(),
        sends: demand.sends,
        prior_leads: demand.prior,
        leads: demand.stream,
    })
}

impl Market {
    /// The `LeadUID`s of the stream that re-offer a lead sold before the start.
    pub fn reoffered_leads(&self) -> Vec<Uid> {
        let prior: std::collections::BTreeSet<Uid> =
            self.prior_leads.iter().map(|l| l.lead_uid).collect();
        self.leads
            .iter()
            .map(|l| l.lead_uid)
            .filter(|u| prior.contains(u))
            .collect()
    }
}
