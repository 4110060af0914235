//! Markets of the performance targets, built on the demo generator.
//!
//! The demo generator (`leadroute-demo`) gives realistic buyers: three lead types,
//! clients in every US zone, state lists, ZIP radii, credit and loan ranges, age
//! `DateCompare`s, regular expressions, schedules, caps, orders and exclusive buyers,
//! so criteria have a realistic selectivity. Two things are adjusted to the targets'
//! shape:
//! - every account has exactly 5 criteria: its first 5, padded where it has fewer with
//!   criteria that almost every lead passes (State not `XX`, Zip not `00000`, Email
//!   without `@invalid.`, Phone not `0000000000`, repeated if need be), which still
//!   cost an evaluation;
//! - the ledger is padded to the requested number of valid-looking sends (97% valid)
//!   over the 30 days before the stream, to the open, automated accounts of active
//!   clients, one to two buyers per padded lead.
//!
//! The snapshot is loaded from the generator's JSON without the padded sends, which are
//! then added as records (10,000,000 sends as JSON text would be ~2 GB of input).

#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use leadroute_demo::rng::Rng;
use leadroute_demo::{generate, MarketConfig};
use leadroute_model::{
    load_snapshot, AccountStatus, ClientStatus, Criterion, CriterionType, Lead, Operator, Send,
    Snapshot, Uid,
};

/// A market ready for an engine.
pub struct BenchMarket {
    /// The snapshot, ledger included.
    pub snapshot: Snapshot,
    /// The stream of leads, in `DateReceived` order.
    pub leads: Vec<Lead>,
    /// The stream's first instant.
    pub start: DateTime<Utc>,
}

/// The lead-field UID of `descriptor` in `lead_type` of the snapshot.
fn field(s: &Snapshot, lead_type: Uid, descriptor: &str) -> Option<Uid> {
    s.lead_type(lead_type)?
        .fields
        .iter()
        .find(|f| f.descriptor.eq_ignore_ascii_case(descriptor))
        .map(|f| f.lead_field_uid)
}

/// A market of `accounts` delivery accounts (and `accounts * 2 / 5` clients), exactly 5
/// criteria per account, `sends` ledger sends and `leads` leads over `days` days.
pub fn market(accounts: usize, sends: usize, leads: usize, days: u32) -> BenchMarket {
    let config = MarketConfig {
        accounts,
        clients: (accounts * 2 / 5).max(1),
        leads,
        days,
        ..MarketConfig::default()
    };
    let m = generate(&config).expect("a valid market configuration");
    let mut snapshot = load_snapshot(&m.to_snapshot_json());
    assert!(!snapshot.has_errors(), "{:?}", snapshot.problems.first());
    five_criteria(&mut snapshot);
    pad_ledger(&mut snapshot, sends, config.start, config.seed);
    BenchMarket {
        snapshot,
        leads: m.leads,
        start: config.start,
    }
}

/// Padding criteria of a lead type: (field, operator, value).
type Fillers = [(Option<Uid>, Operator, &'static str); 4];

fn five_criteria(s: &mut Snapshot) {
    let mut next_uid: Uid = 90_000_000;
    let fillers: Vec<(Uid, Fillers)> = s
        .lead_types
        .iter()
        .map(|t| {
            let u = t.lead_type_uid;
            (
                u,
                [
                    (field(s, u, "State"), Operator::NotEqual, "XX"),
                    (field(s, u, "Zip"), Operator::NotEqual, "00000"),
                    (field(s, u, "Email"), Operator::DoesntContain, "@invalid."),
                    (field(s, u, "Phone"), Operator::NotEqual, "0000000000"),
                ],
            )
        })
        .collect();
    for a in &mut s.delivery_accounts {
        let Some(lt) = a.delivery_details.as_ref().map(|d| d.lead_type_uid) else {
            continue;
        };
        a.criteria.truncate(5);
        let Some((_, fill)) = fillers.iter().find(|(u, _)| *u == lt) else {
            continue;
        };
        let usable: Vec<_> = fill.iter().filter(|(f, _, _)| f.is_some()).collect();
        for (f, op, value) in usable.iter().cycle().take(5 * usable.len()) {
            if a.criteria.len() >= 5 {
                break;
            }
            let Some(f) = f else { continue };
            next_uid += 1;
            a.criteria.push(Criterion {
                criterion_uid: next_uid,
                lead_field_uid: *f,
                criterion_type: CriterionType::FieldValue,
                expression: None,
                operator: Some(*op),
                value: (*value).to_string(),
                delete: false,
            });
        }
    }
}

fn pad_ledger(s: &mut Snapshot, target: usize, start: DateTime<Utc>, seed: u64) {
    if s.sends.len() >= target {
        return;
    }
    let active: std::collections::HashSet<Uid> = s
        .clients
        .iter()
        .filter(|c| c.status == ClientStatus::Active)
        .map(|c| c.client_uid)
        .collect();
    let pool: Vec<(Uid, Uid, rust_decimal::Decimal)> = s
        .delivery_accounts
        .iter()
        .filter(|a| {
            active.contains(&a.client_uid)
                && a.status == Some(AccountStatus::Open)
                && a.automation_enabled
        })
        .map(|a| (a.client_uid, a.client_account_uid, a.price))
        .collect();
    assert!(!pool.is_empty());
    let mut rng = Rng::stream(seed, 99);
    let mut lead: Uid = 500_000_000;
    s.sends.reserve(target - s.sends.len());
    let span = 30 * 86_400;
    while s.sends.len() < target {
        lead += 1;
        let at = start - Duration::seconds(rng.range(60, span));
        let buyers = if rng.chance(0.4) { 2 } else { 1 };
        let mut first_client = 0;
        for b in 0..buyers {
            let (client, account, price) = pool[rng.index(pool.len())];
            if b == 1 && client == first_client {
                continue;
            }
            first_client = client;
            s.sends.push(Send {
                lead_uid: lead,
                client_uid: client,
                client_account_uid: account,
                client_order_uid: 0,
                client_order_item_uid: 0,
                date_sent: at + Duration::seconds(b),
                is_valid: !rng.chance(0.03),
                price,
                exclusive: false,
            });
            if s.sends.len() >= target {
                break;
            }
        }
    }
    s.sends.sort_by_key(|x| x.date_sent);
}
