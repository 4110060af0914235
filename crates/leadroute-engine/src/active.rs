//! The active-client listing by lead type (the source API's "client active list").
//!
//! Lists the clients that could buy leads of a type, ignoring criteria: `Active`
//! clients with at least one `Open` account of the lead type whose delivery method is
//! enabled and whose `AccountType` is the requested one. Filters narrow it (automation,
//! active orders, client groups); it is sorted by `Name`, `Price`, `Priority` or
//! `LastSentDate` with the ranking policies' comparators (ties by ClientUID, then
//! ClientAccountUID), then paged with `Skip`/`Take`. A client's `Price` is that of the
//! account its `AutomationType` picks among its listed accounts.

use chrono::{DateTime, Utc};
use leadroute_model::{AccountType, Uid};
use leadroute_sort::{choose_account, list, Candidate, SentMark, SortBy, SortDirection};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::output::{ser_opt_instant, ser_price};

/// Filters of the listing; `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActiveFilters {
    /// Only clients in these groups (empty: any group).
    pub client_group_uids: Vec<i64>,
    /// Only clients with (true) or without (false) an open, started, unended order.
    pub has_active_order: Option<bool>,
    /// Only accounts with automation enabled (true) or disabled (false).
    pub automation_enabled: Option<bool>,
}

/// A listing request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveQuery {
    /// The lead type listed.
    pub lead_type_uid: Uid,
    /// The kind of accounts (`DeliveryAccountType`).
    pub account_type: AccountType,
    /// The sort key.
    pub sort_by: SortBy,
    /// The sort direction.
    pub direction: SortDirection,
    /// Filters.
    pub filters: ActiveFilters,
    /// How many to skip.
    pub skip: usize,
    /// How many to return at most.
    pub take: usize,
}

/// One client of the listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActiveClient {
    /// The client.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// Its name.
    #[serde(rename = "Name")]
    pub name: String,
    /// Its last valid send (or `LastSentDate`), UTC.
    #[serde(rename = "LastSentDate", serialize_with = "ser_opt_instant")]
    pub last_sent_date: Option<DateTime<Utc>>,
    /// Client priority.
    #[serde(rename = "Priority")]
    pub priority: i32,
    /// The price of the account the client's automation picks.
    #[serde(rename = "Price", serialize_with = "ser_price")]
    pub price: Decimal,
    /// That account.
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// The distribution lists of the lead type with the item values assigned to it.
    #[serde(rename = "DistributionLists")]
    pub distribution_lists: Vec<ListAssignments>,
}

/// A distribution list's assignments to one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListAssignments {
    /// The list's description.
    #[serde(rename = "Name")]
    pub name: String,
    /// The item values assigned to the client.
    #[serde(rename = "Assignments")]
    pub assignments: Vec<String>,
}

/// A page of the listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActiveList {
    /// How many clients match in all.
    #[serde(rename = "QueryTotal")]
    pub query_total: usize,
    /// The skip applied.
    #[serde(rename = "Skip")]
    pub skip: usize,
    /// The take applied.
    #[serde(rename = "Take")]
    pub take: usize,
    /// How many are returned.
    #[serde(rename = "FetchedCount")]
    pub fetched_count: usize,
    /// The page.
    #[serde(rename = "Clients")]
    pub clients: Vec<ActiveClient>,
}

impl crate::Engine {
    /// The active clients of a lead type at `now`, sorted and paged (see the module
    /// docs). An unknown lead type lists nothing.
    pub fn active_clients(&self, q: &ActiveQuery, now: DateTime<Utc>) -> ActiveList {
        let (c, state) = self.parts();
        let mut picks: Vec<Candidate> = Vec::new();
        if let Some(&lt) = c.lead_type_index.get(&q.lead_type_uid) {
            let mut by_client: std::collections::BTreeMap<usize, Vec<usize>> =
                std::collections::BTreeMap::new();
            for &ai in &c.lead_types[lt].accounts {
                let a = &c.accounts[ai];
                let client = &c.clients[a.client];
                if !client.active
                    || !a.open
                    || !a.method_enabled
                    || a.account_type != q.account_type
                {
                    continue;
                }
                if q.filters
                    .automation_enabled
                    .is_some_and(|f| f != a.automation)
                {
                    continue;
                }
                if !q.filters.client_group_uids.is_empty()
                    && !client
                        .group
                        .is_some_and(|g| q.filters.client_group_uids.contains(&g))
                {
                    continue;
                }
                if let Some(want) = q.filters.has_active_order {
                    let has = state
                        .orders
                        .items_of(client.uid)
                        .iter()
                        .any(|r| r.is_usable(now));
                    if has != want {
                        continue;
                    }
                }
                by_client.entry(a.client).or_default().push(ai);
            }
            for (ci, accounts) in by_client {
                let client = &c.clients[ci];
                let last = self.client_last_mark(ci);
                let cands: Vec<Candidate> = accounts
                    .iter()
                    .map(|&ai| {
                        let a = &c.accounts[ai];
                        Candidate::new(client.uid, a.uid, a.price)
                            .with_account_priority(a.priority)
                            .with_account_last_sent_mark(self.account_last_mark(ai))
                            .with_client_priority(client.priority)
                            .with_client_last_sent_mark(last)
                            .with_name(client.name.clone())
                    })
                    .collect();
                if let Some(i) = choose_account(client.automation, &cands) {
                    picks.push(cands[i].clone());
                }
            }
        }
        let page = list(&picks, q.sort_by, q.direction, q.skip, q.take);
        let clients: Vec<ActiveClient> = page
            .into_iter()
            .map(|i| {
                let p = &picks[i];
                let client = &c.clients[c.client_index[&p.client_uid()]];
                ActiveClient {
                    client_uid: client.uid,
                    name: client.name.clone(),
                    last_sent_date: p.client_last_sent().map(SentMark::at),
                    priority: client.priority,
                    price: p.price(),
                    client_account_uid: p.account_uid(),
                    distribution_lists: c
                        .snapshot
                        .distribution_lists
                        .iter()
                        .filter(|l| l.lead_type_uid == q.lead_type_uid && l.status == 1)
                        .filter_map(|l| {
                            let mine: Vec<String> = l
                                .items
                                .iter()
                                .filter(|it| {
                                    it.assigned_client == Some(client.uid)
                                        || it
                                            .assigned_clients
                                            .as_deref()
                                            .unwrap_or("")
                                            .split('|')
                                            .any(|s| {
                                                s.trim().parse::<Uid>().ok() == Some(client.uid)
                                            })
                                })
                                .map(|it| it.value.clone())
                                .collect();
                            (!mine.is_empty()).then(|| ListAssignments {
                                name: l.description.clone().unwrap_or_default(),
                                assignments: mine,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        ActiveList {
            query_total: picks.len(),
            skip: q.skip,
            take: q.take,
            fetched_count: clients.len(),
            clients,
        }
    }
}
