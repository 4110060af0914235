//! The demo's summary of a routed market: how many leads sold, why the others did not,
//! revenue by lead type, the top buyers, cap hits by kind and how evenly round robin
//! spread its leads.
//!
//! The summary is plain arithmetic over per-lead outcomes ([`LeadOutcome`]) that the
//! caller builds from its routing decisions, so this crate does not depend on the
//! engine (the engine's benchmarks and tests may depend on this crate instead). The
//! result is a function of the market and the outcomes alone: no clock, no hash-map
//! iteration order, totals in exact decimals. Throughput is not part of it; the caller
//! measures time and reports it beside the summary.
//!
//! # Example
//!
//! ```
//! use leadroute_demo::summary::{LeadOutcome, SaleLine, Summary};
//! use leadroute_demo::{generate, MarketConfig};
//! use rust_decimal::Decimal;
//!
//! let market = generate(&MarketConfig { accounts: 10, clients: 4, leads: 3, ..MarketConfig::default() })?;
//! let mut summary = Summary::new(&market);
//! let first = &market.leads[0];
//! let buyer = &market.delivery_accounts[0];
//! summary.add(&LeadOutcome {
//!     lead_uid: first.lead_uid,
//!     lead_type_uid: first.lead_type_uid,
//!     sales: vec![SaleLine { client_uid: buyer.client_uid, client_account_uid: buyer.client_account_uid, price: Decimal::from(25) }],
//!     refusals: vec![("criteria_failed".to_string(), 7), ("day_max_reached".to_string(), 1)],
//! });
//! assert_eq!(summary.sold_leads, 1);
//! assert_eq!(summary.revenue, Decimal::from(25));
//! assert_eq!(summary.cap_hits.day, 1);
//! # Ok::<(), leadroute_demo::Error>(())
//! ```

use std::collections::BTreeMap;

use leadroute_model::{DistributionPolicy, Uid};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::Market;

/// How many buyers [`Summary::top_buyers`] keeps.
pub const TOP_BUYERS: usize = 10;

/// One sale of a routed lead, as the summary needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLine {
    /// The buyer.
    pub client_uid: Uid,
    /// The account that bought.
    pub client_account_uid: Uid,
    /// The price of the sale.
    pub price: Decimal,
}

/// What routing decided for one lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadOutcome {
    /// The lead.
    pub lead_uid: Uid,
    /// Its lead type (as the lead gave it).
    pub lead_type_uid: Option<Uid>,
    /// Its sales, best first; empty when unsold.
    pub sales: Vec<SaleLine>,
    /// Accounts that were not eligible, counted by first failing reason code
    /// (`criteria_failed`, `day_max_reached`, ...), in the engine's check order, zero
    /// counts left out.
    pub refusals: Vec<(String, u32)>,
}

/// Serialises a decimal as a JSON number rounded to cents.
fn ser_money<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let text = d.round_dp(2).normalize().to_string();
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => s.serialize_f64(f),
        _ => s.serialize_str(&text),
    }
}

/// Sales and revenue of one lead type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeadTypeRevenue {
    /// `LeadTypeUID`.
    #[serde(rename = "LeadTypeUID")]
    pub lead_type_uid: Uid,
    /// The lead type's `Descriptor`.
    #[serde(rename = "Descriptor")]
    pub descriptor: String,
    /// Leads of this type routed.
    #[serde(rename = "Leads")]
    pub leads: u64,
    /// Leads of this type with at least one sale.
    #[serde(rename = "SoldLeads")]
    pub sold_leads: u64,
    /// Sales (a shared lead sold to three buyers is three sales).
    #[serde(rename = "Sales")]
    pub sales: u64,
    /// Sum of the sale prices.
    #[serde(rename = "Revenue", serialize_with = "ser_money")]
    pub revenue: Decimal,
}

/// One of the top buyers by revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Buyer {
    /// `ClientUID`.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// The client's `Name` (empty when it has none).
    #[serde(rename = "Name")]
    pub name: String,
    /// Leads bought.
    #[serde(rename = "Sales")]
    pub sales: u64,
    /// What they cost.
    #[serde(rename = "Revenue", serialize_with = "ser_money")]
    pub revenue: Decimal,
}

/// Refusals because a cap was full, by cap kind: each is one account refused for one
/// lead (`hour_max_reached`, ...), counted as the first failing reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CapHits {
    /// Rolling-hour caps (`HourMax`).
    #[serde(rename = "Hour")]
    pub hour: u64,
    /// Calendar-day caps (`DayMax`, with pacing).
    #[serde(rename = "Day")]
    pub day: u64,
    /// Calendar-week caps (`WeekMax`).
    #[serde(rename = "Week")]
    pub week: u64,
    /// Calendar-month caps (`MonthMax`).
    #[serde(rename = "Month")]
    pub month: u64,
}

/// How evenly a round-robin lead type spread its sales over the clients that bought it.
///
/// Round robin gives each lead to the eligible client that waited longest, so clients
/// with the same criteria, hours and caps get the same number of leads; differences
/// that remain come from criteria (a client that wants one state sees fewer leads),
/// schedules and caps. Jain's index `(Σx)² / (n·Σx²)` is 1 when every buying client got
/// the same number of leads and `1/n` when one got them all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fairness {
    /// `LeadTypeUID` of the round-robin lead type.
    #[serde(rename = "LeadTypeUID")]
    pub lead_type_uid: Uid,
    /// Its `Descriptor`.
    #[serde(rename = "Descriptor")]
    pub descriptor: String,
    /// Clients that bought at least one lead of the type.
    #[serde(rename = "Buyers")]
    pub buyers: u64,
    /// Fewest leads a buying client got.
    #[serde(rename = "Min")]
    pub min: u64,
    /// The median client's leads (the lower middle for an even count).
    #[serde(rename = "Median")]
    pub median: u64,
    /// Most leads a client got.
    #[serde(rename = "Max")]
    pub max: u64,
    /// Jain's fairness index over the buying clients' lead counts, rounded to 4
    /// decimals (1 = perfectly even).
    #[serde(rename = "JainIndex")]
    pub jain_index: f64,
}

/// The summary of a routed market (everything `leadroute demo` prints except the
/// throughput).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Clients in the market.
    #[serde(rename = "Clients")]
    pub clients: u64,
    /// Delivery accounts in the market.
    #[serde(rename = "DeliveryAccounts")]
    pub accounts: u64,
    /// Leads routed.
    #[serde(rename = "Leads")]
    pub leads: u64,
    /// Leads the engine could not route (no usable lead type or instant).
    #[serde(rename = "RoutingErrors")]
    pub routing_errors: u64,
    /// Leads with at least one sale.
    #[serde(rename = "SoldLeads")]
    pub sold_leads: u64,
    /// Leads nobody bought.
    #[serde(rename = "UnsoldLeads")]
    pub unsold_leads: u64,
    /// Sales in all (a lead sold to two buyers is two sales).
    #[serde(rename = "Sales")]
    pub sales: u64,
    /// Sum of all sale prices.
    #[serde(rename = "Revenue", serialize_with = "ser_money")]
    pub revenue: Decimal,
    /// Unsold leads by the furthest check any account of the lead's type reached: the
    /// last reason in check order among its refusals (`criteria_failed` means no
    /// account's criteria matched; `day_max_reached` means some matched but were
    /// capped). `no_account` when no account was refused either.
    #[serde(rename = "UnsoldLeadsByReason")]
    pub unsold_by_reason: BTreeMap<String, u64>,
    /// Every refusal of every lead, by first failing reason (account-lead pairs).
    #[serde(rename = "RefusalsByReason")]
    pub refusals_by_reason: BTreeMap<String, u64>,
    /// Sales and revenue per lead type, in `LeadTypeUID` order.
    #[serde(rename = "RevenueByLeadType")]
    pub by_lead_type: Vec<LeadTypeRevenue>,
    /// The [`TOP_BUYERS`] clients with the highest revenue (ties by `ClientUID`).
    #[serde(rename = "TopBuyers")]
    pub top_buyers: Vec<Buyer>,
    /// Refusals by a full cap, by kind.
    #[serde(rename = "CapHits")]
    pub cap_hits: CapHits,
    /// Round-robin fairness of each lead type distributed by `RoundRobin`.
    #[serde(rename = "RoundRobinFairness")]
    pub fairness: Vec<Fairness>,
    /// `ClientUID` -> (name, sales, revenue) of every buyer; the source of
    /// [`Summary::top_buyers`].
    #[serde(skip)]
    buyers: BTreeMap<Uid, (String, u64, Decimal)>,
    /// Per round-robin lead type, sales per client.
    #[serde(skip)]
    round_robin: BTreeMap<Uid, BTreeMap<Uid, u64>>,
}

impl Summary {
    /// An empty summary of `market` (its sizes, lead types and round-robin types).
    pub fn new(market: &Market) -> Summary {
        let by_lead_type = market
            .lead_types
            .iter()
            .map(|t| LeadTypeRevenue {
                lead_type_uid: t.lead_type_uid,
                descriptor: t.descriptor.clone(),
                ..LeadTypeRevenue::default()
            })
            .collect();
        let round_robin = market
            .lead_types
            .iter()
            .filter(|t| t.distribution_policy == Some(DistributionPolicy::RoundRobin))
            .map(|t| (t.lead_type_uid, BTreeMap::new()))
            .collect();
        let buyers = market
            .clients
            .iter()
            .map(|c| {
                (
                    c.client_uid,
                    (c.name.clone().unwrap_or_default(), 0, Decimal::ZERO),
                )
            })
            .collect();
        let mut s = Summary {
            clients: market.clients.len() as u64,
            accounts: market.delivery_accounts.len() as u64,
            leads: 0,
            routing_errors: 0,
            sold_leads: 0,
            unsold_leads: 0,
            sales: 0,
            revenue: Decimal::ZERO,
            unsold_by_reason: BTreeMap::new(),
            refusals_by_reason: BTreeMap::new(),
            by_lead_type,
            top_buyers: Vec::new(),
            cap_hits: CapHits::default(),
            fairness: Vec::new(),
            buyers,
            round_robin,
        };
        s.finish();
        s
    }

    /// Adds one lead's outcome; the derived parts (top buyers, fairness) are kept up to
    /// date.
    pub fn add(&mut self, o: &LeadOutcome) {
        self.add_quiet(o);
        self.finish();
    }

    /// Adds every outcome of `outcomes`, then updates the derived parts once.
    pub fn extend<'a>(&mut self, outcomes: impl IntoIterator<Item = &'a LeadOutcome>) {
        for o in outcomes {
            self.add_quiet(o);
        }
        self.finish();
    }

    /// Counts a lead the engine could not route.
    pub fn add_error(&mut self) {
        self.routing_errors += 1;
    }

    fn add_quiet(&mut self, o: &LeadOutcome) {
        self.leads += 1;
        let lead_type = o
            .lead_type_uid
            .and_then(|t| self.by_lead_type.iter().position(|r| r.lead_type_uid == t));
        if let Some(i) = lead_type {
            self.by_lead_type[i].leads += 1;
        }
        for (code, n) in &o.refusals {
            let n = u64::from(*n);
            *self.refusals_by_reason.entry(code.clone()).or_default() += n;
            match code.as_str() {
                "hour_max_reached" => self.cap_hits.hour += n,
                "day_max_reached" => self.cap_hits.day += n,
                "week_max_reached" => self.cap_hits.week += n,
                "month_max_reached" => self.cap_hits.month += n,
                _ => {}
            }
        }
        if o.sales.is_empty() {
            self.unsold_leads += 1;
            let furthest = o
                .refusals
                .iter()
                .rev()
                .find(|(_, n)| *n > 0)
                .map_or("no_account", |(c, _)| c.as_str());
            *self
                .unsold_by_reason
                .entry(furthest.to_string())
                .or_default() += 1;
            return;
        }
        self.sold_leads += 1;
        let total: Decimal = o.sales.iter().map(|s| s.price).sum();
        self.sales += o.sales.len() as u64;
        self.revenue += total;
        if let Some(i) = lead_type {
            let r = &mut self.by_lead_type[i];
            r.sold_leads += 1;
            r.sales += o.sales.len() as u64;
            r.revenue += total;
        }
        for s in &o.sales {
            let b = self
                .buyers
                .entry(s.client_uid)
                .or_insert_with(|| (String::new(), 0, Decimal::ZERO));
            b.1 += 1;
            b.2 += s.price;
        }
        if let Some(rr) = o.lead_type_uid.and_then(|t| self.round_robin.get_mut(&t)) {
            for s in &o.sales {
                *rr.entry(s.client_uid).or_default() += 1;
            }
        }
    }

    /// Recomputes the top buyers and the fairness figures.
    fn finish(&mut self) {
        let mut buyers: Vec<Buyer> = self
            .buyers
            .iter()
            .filter(|(_, b)| b.1 > 0)
            .map(|(&client_uid, (name, sales, revenue))| Buyer {
                client_uid,
                name: name.clone(),
                sales: *sales,
                revenue: *revenue,
            })
            .collect();
        buyers.sort_by(|a, b| {
            b.revenue
                .cmp(&a.revenue)
                .then(a.client_uid.cmp(&b.client_uid))
        });
        buyers.truncate(TOP_BUYERS);
        self.top_buyers = buyers;
        self.fairness = self
            .round_robin
            .iter()
            .map(|(&lead_type_uid, counts)| {
                let descriptor = self
                    .by_lead_type
                    .iter()
                    .find(|r| r.lead_type_uid == lead_type_uid)
                    .map(|r| r.descriptor.clone())
                    .unwrap_or_default();
                fairness(lead_type_uid, descriptor, counts.values().copied())
            })
            .collect();
    }
}

/// Fairness of one lead type over the buying clients' lead counts.
fn fairness(lead_type_uid: Uid, descriptor: String, counts: impl Iterator<Item = u64>) -> Fairness {
    let mut v: Vec<u64> = counts.filter(|&n| n > 0).collect();
    v.sort_unstable();
    let n = v.len() as u64;
    let sum: u128 = v.iter().map(|&x| u128::from(x)).sum();
    let squares: u128 = v.iter().map(|&x| u128::from(x) * u128::from(x)).sum();
    let jain = if squares == 0 {
        1.0
    } else {
        // ok: lead counts are far below f64's exact-integer range
        (sum as f64) * (sum as f64) / ((n as f64) * (squares as f64))
    };
    Fairness {
        lead_type_uid,
        descriptor,
        buyers: n,
        min: v.first().copied().unwrap_or(0),
        median: if v.is_empty() {
            0
        } else {
            v[(v.len() - 1) / 2]
        },
        max: v.last().copied().unwrap_or(0),
        jain_index: (jain * 10_000.0).round() / 10_000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate, MarketConfig, AUTO, MORTGAGE, SOLAR};

    fn sale(client_uid: Uid, price: i64) -> SaleLine {
        SaleLine {
            client_uid,
            client_account_uid: client_uid * 10,
            price: Decimal::from(price),
        }
    }

    fn refusals(list: &[(&str, u32)]) -> Vec<(String, u32)> {
        list.iter().map(|(c, n)| (c.to_string(), *n)).collect()
    }

    #[test]
    fn outcomes_add_up_by_hand() {
        let market = generate(&MarketConfig {
            accounts: 10,
            clients: 4,
            leads: 0,
            ..MarketConfig::default()
        })
        .unwrap();
        let c: Vec<Uid> = market.clients.iter().map(|c| c.client_uid).collect();
        let mut s = Summary::new(&market);
        s.extend(&[
            // A mortgage lead sold twice: 30 + 25.
            LeadOutcome {
                lead_uid: 1,
                lead_type_uid: Some(MORTGAGE),
                sales: vec![sale(c[0], 30), sale(c[1], 25)],
                refusals: refusals(&[("criteria_failed", 4), ("day_max_reached", 2)]),
            },
            // Two solar leads (round robin): one to each of two clients.
            LeadOutcome {
                lead_uid: 2,
                lead_type_uid: Some(SOLAR),
                sales: vec![sale(c[1], 40)],
                refusals: refusals(&[("hour_max_reached", 1)]),
            },
            LeadOutcome {
                lead_uid: 3,
                lead_type_uid: Some(SOLAR),
                sales: vec![sale(c[2], 40)],
                refusals: vec![],
            },
            // Unsold auto leads: the furthest check is the last listed reason.
            LeadOutcome {
                lead_uid: 4,
                lead_type_uid: Some(AUTO),
                sales: vec![],
                refusals: refusals(&[
                    ("lead_type_mismatch", 6),
                    ("criteria_failed", 3),
                    ("week_max_reached", 1),
                ]),
            },
            LeadOutcome {
                lead_uid: 5,
                lead_type_uid: Some(AUTO),
                sales: vec![],
                refusals: vec![],
            },
        ]);
        s.add_error();
        assert_eq!(
            (
                s.leads,
                s.sold_leads,
                s.unsold_leads,
                s.sales,
                s.routing_errors
            ),
            (5, 3, 2, 4, 1)
        );
        assert_eq!(s.revenue, Decimal::from(135));
        let unsold: Vec<(&str, u64)> = s
            .unsold_by_reason
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(unsold, [("no_account", 1), ("week_max_reached", 1)]);
        assert_eq!(s.refusals_by_reason["criteria_failed"], 7);
        assert_eq!(
            s.cap_hits,
            CapHits {
                hour: 1,
                day: 2,
                week: 1,
                month: 0
            }
        );
        let types: Vec<(Uid, u64, u64, u64, Decimal)> = s
            .by_lead_type
            .iter()
            .map(|t| (t.lead_type_uid, t.leads, t.sold_leads, t.sales, t.revenue))
            .collect();
        assert_eq!(
            types,
            [
                (MORTGAGE, 1, 1, 2, Decimal::from(55)),
                (SOLAR, 2, 2, 2, Decimal::from(80)),
                (AUTO, 2, 0, 0, Decimal::ZERO),
            ]
        );
        // Client 1 bought 25 + 40 = 65; clients 0 and 2 bought 30 and 40.
        let top: Vec<(Uid, u64, Decimal)> = s
            .top_buyers
            .iter()
            .map(|b| (b.client_uid, b.sales, b.revenue))
            .collect();
        assert_eq!(
            top,
            [
                (c[1], 2, Decimal::from(65)),
                (c[2], 1, Decimal::from(40)),
                (c[0], 1, Decimal::from(30)),
            ]
        );
        assert_eq!(
            s.top_buyers[0].name,
            market.clients[1].name.clone().unwrap_or_default()
        );
        // Solar: two clients with one lead each, perfectly even.
        assert_eq!(s.fairness.len(), 1);
        let f = &s.fairness[0];
        assert_eq!(
            (f.lead_type_uid, f.buyers, f.min, f.max, f.jain_index),
            (SOLAR, 2, 1, 1, 1.0)
        );
    }

    #[test]
    fn jain_index_of_even_and_skewed_counts() {
        // 4 clients with 5 leads each: perfectly even.
        let f = fairness(2, "Solar".into(), [5, 5, 5, 5].into_iter());
        assert_eq!(
            (f.buyers, f.min, f.median, f.max, f.jain_index),
            (4, 5, 5, 5, 1.0)
        );
        // (1+1+1+9)^2 / (4 * (1+1+1+81)) = 144 / 336 = 0.428571...
        let f = fairness(2, "Solar".into(), [9, 1, 0, 1, 1].into_iter());
        assert_eq!((f.buyers, f.min, f.median, f.max), (4, 1, 1, 9));
        assert_eq!(f.jain_index, 0.4286);
        // Nobody bought: nothing is unfair.
        let f = fairness(2, "Solar".into(), std::iter::empty());
        assert_eq!((f.buyers, f.median, f.jain_index), (0, 0, 1.0));
    }
}
