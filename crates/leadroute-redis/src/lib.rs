//! leadroute-redis: the shared ledger for a host that runs the engine in many
//! processes. [`RedisLedger`] implements the caps crate's [`leadroute_caps::Ledger`]
//! seam over one Redis server, so that caps, order items, max sell, exclusivity and
//! "never the same lead twice to one client" hold across every node; the engine uses it
//! through [`leadroute_engine::Engine::route_shared`](../leadroute_engine/struct.Engine.html#method.route_shared).
//!
//! # Example
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use leadroute_engine::{Engine, ScanOptions};
//! use leadroute_model::{load_snapshot, parse_record, Lead};
//! use leadroute_redis::{RedisLedger, RedisServer};
//!
//! let server = RedisServer::start().unwrap(); // a private redis-server for the example
//! let ledger = RedisLedger::connect(&server.url()).unwrap();
//! let snapshot = load_snapshot(r#"{
//!   "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
//!   "Clients": [{"ClientUID": 7, "Status": "Active", "TimeZoneName": "America/Chicago"}],
//!   "DeliveryAccounts": [{"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 30,
//!     "AutomationEnabled": true, "DayMax": 1, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}]
//! }"#);
//! // Two nodes over one ledger: the day cap of 1 holds across both.
//! let mut a = Engine::new(snapshot.clone());
//! let mut b = Engine::new(snapshot);
//! let lead = |uid: i64| -> Lead {
//!     parse_record(&format!(r#"{{"LeadUID": {uid}, "LeadTypeUID": 1, "Fields": {{"State": "TX"}}}}"#)).unwrap()
//! };
//! let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
//! let ttl = TimeDelta::seconds(30);
//! let opts = ScanOptions::automated();
//! let first = a.route_shared(&lead(1), &opts, now, &ledger, ttl).unwrap();
//! let second = b.route_shared(&lead(2), &opts, now, &ledger, ttl).unwrap();
//! assert_eq!(first.sold.len(), 1);
//! assert!(second.sold.is_empty()); // node b's own view had room; the ledger refused
//! assert_eq!(serde_json::to_value(&second.unsold).unwrap(), serde_json::json!({"day_max_reached": 1}));
//! ```
//!
//! # The guarantee
//!
//! No cap, order item, max sell or exclusivity is exceeded, and no lead is sold twice to
//! one client, as long as Redis is up and every node reserves through the same ledger:
//! every reservation is one Lua script that checks all the counters it touches and
//! increments them all, or changes nothing (Redis runs a script alone, start to end).
//! A Redis outage fails closed: the call returns an error naming the server, the engine
//! sells nothing for that lead (`leadroute_engine::RouteError::Ledger`), and the next
//! call reconnects by itself. A node that dies between reserve and commit leaves holds
//! that expire after their time to live and give their capacity back; a commit that
//! comes too late answers `Expired` and counts nothing. Commit is idempotent; releasing
//! an expired or unknown token does nothing. With the append-only file on, a restarted
//! server keeps every committed count.
//!
//! One reservation call carries all the buyers chosen for a lead (one round trip); the
//! commit of all of them is a second, unless the engine sells at once
//! ([`leadroute_caps::Ledger::sell_many`]: the same script commits what it grants), which
//! `route_shared` does whenever no exclusive account is in play: then a routed lead
//! costs one round trip. Every count is judged at the caller's `now`; the
//! one use of the server's clock is hold expiry: a hold expires once its time to live
//! has passed both by the `now` of the call that meets it (as in the in-memory ledger)
//! and on the server's clock, so that a node deciding at an earlier `now` (a replay, a
//! lagging clock) does not lose its holds to a node that is ahead, and the holds of a
//! node that died expire in real time.
//!
//! # Key layout
//!
//! Every key starts with [`RedisConfig::prefix`] (default `{leadroute}:`, a hash tag, so
//! a cluster keeps a whole ledger in one slot). `ms` are milliseconds since the epoch;
//! dollars are integer millionths (digits past the millionth are rounded).
//!
//! | key | type | holds | expires |
//! |---|---|---|---|
//! | `a:{ClientAccountUID}` | sorted set | one member per send or live hold (`s{n}` / `t{token}`), scored by its instant: the hour, day, week and month counts are `ZCOUNT` from each period's start (bounds computed in Rust in the client's zone) | trimmed to the window retention (35 days) on every write; the key expires that long after its last write |
//! | `c:{ClientUID}` | sorted set | the same for the client (client caps, last sent) | as above |
//! | `l:{LeadUID}` | hash | `n` valid sends and holds, `x` exclusive ones, `c:{ClientUID}` = the token (0 for a loaded or recorded send) | lead retention (90 days) after its last write |
//! | `i:{ClientOrderItemUID}` | hash | `lq`/`ld` loaded count and dollars, `aq`/`ad` added since loading, with holds | never (orders are long-lived) |
//! | `h:{token}` | hash | a live hold: its keys, client, account, price, instant, expiry; after commit only `s = committed`, after expiry `s = expired` | lead retention; an expired marker the token retention (1 day) |
//! | `holds` | sorted set | live tokens by expiry on the server's clock (expired lazily by every reserve, commit and [`leadroute_caps::Ledger::expire`]) | never |
//! | `last` | hash | `a:{id}` / `c:{id}`: the latest committed send instant (round robin beyond the window retention) | never |
//! | `seq` | string | the counter tokens and send ids come from | never |
//! | `loaded` | string | the label of the snapshot whose `Sends` were loaded ([`RedisLedger::load_sends`] runs once) | never |
//!
//! One sorted set per owner serves all four windows, rather than a counter per period,
//! so that counts equal the in-memory ledger's exactly: sends dated after now count as
//! at now, out-of-order and recorded sends need no time zone, and a send recorded late
//! lands in every window it belongs to. Memory is about 60 bytes per send per set for
//! the retention.
//!
//! # Limits
//!
//! - The engine's ranking inputs that are not caps (round-robin last-sent instants, the
//!   weighted and percentage policies' state) stay per node: see
//!   [`leadroute_engine::Engine::route_shared`](../leadroute_engine/struct.Engine.html#method.route_shared).
//! - Window counts reach back the window retention before the writer's `now`; a
//!   decision whose `now` is older than that undercounts.
//! - One [`RedisLedger`] is one connection behind a mutex; give each thread its own for
//!   parallelism.
//! - Needs Redis 5 or later (scripts replicate their effects, so they may read `TIME`);
//!   tested with 7.0.
//! - Redis must keep every key: run it with `maxmemory-policy noeviction` (the default);
//!   an evicted sorted set would undercount a cap.
//! - A reply lost after the server ran a script (a timeout at the wrong moment) is
//!   reported as a failure: after a lost reservation reply the hold expires unused; after
//!   a lost commit reply the sale stands in Redis while the node reports an error (the
//!   ledger then counts one sale more than the nodes report, never one cap more).

mod error;
mod ledger;
mod server;

pub use error::{Error, ErrorKind};
pub use ledger::{LoadReport, RedisConfig, RedisLedger};
pub use server::RedisServer;
