//! The active-client listing (`active_clients`), worked out by hand: which clients, at
//! which price, in which order, and how paging reports itself.

use chrono::{DateTime, Utc};
use leadroute_engine::active::{ActiveFilters, ActiveQuery};
use leadroute_engine::Engine;
use leadroute_model::{load_snapshot, AccountType, Uid};
use leadroute_sort::{SortBy, SortDirection};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Clients 1 Cedar (group 5, LastSentDate March 1), 2 alder (picks by Priority), 3 Birch
/// (a send on March 5, an open order, two list items), 4 Dogwood (Inactive), 5 Elm
/// (only a Redirect account).
fn engine() -> Engine {
    let s = load_snapshot(
        r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [
    {"ClientUID": 1, "Status": "Active", "Name": "Cedar", "Priority": 2, "GroupUID": 5, "LastSentDate": "2026-03-01T00:00:00Z"},
    {"ClientUID": 2, "Status": "Active", "Name": "alder", "Priority": 1, "AutomationType": "Priority"},
    {"ClientUID": 3, "Status": "Active", "Name": "Birch", "Priority": 1},
    {"ClientUID": 4, "Status": "Inactive", "Name": "Dogwood"},
    {"ClientUID": 5, "Status": "Active", "Name": "Elm"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 30, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 50, "Priority": 2, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 21, "ClientUID": 2, "Status": 12, "Price": 40, "Priority": 1, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 30, "ClientUID": 3, "Status": 12, "Price": 30, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 31, "ClientUID": 3, "Status": 11, "Price": 99, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 40, "ClientUID": 4, "Status": 12, "Price": 99, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 50, "ClientUID": 5, "Status": 12, "Price": 99, "AccountType": 1, "AutomationEnabled": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}],
  "Orders": [{"ClientOrderUID": 7, "ClientUID": 3, "Status": "Open", "StartDate": "2026-03-01T00:00:00Z",
              "Items": [{"ClientOrderItemUID": 70, "ClientAccountUID": 0, "Qty": 10, "Price": 25}]}],
  "DistributionLists": [{"CustomListUID": 1, "LeadTypeUID": 1, "LeadFieldUID": 10, "Status": 1, "Description": "States",
     "Items": [{"Value": "TX", "AssignedClients": "1|3"}, {"Value": "CA", "AssignedClient": 3}]}],
  "Sends": [{"LeadUID": 9, "ClientUID": 3, "ClientAccountUID": 30, "DateSent": "2026-03-05T12:00:00Z", "IsValid": true}]
}"#,
    );
    assert!(!s.has_errors(), "{:?}", s.problems);
    Engine::new(s)
}

fn query(sort_by: SortBy, direction: SortDirection) -> ActiveQuery {
    ActiveQuery {
        lead_type_uid: 1,
        account_type: AccountType::General,
        sort_by,
        direction,
        filters: ActiveFilters::default(),
        skip: 0,
        take: 10,
    }
}

fn uids(e: &Engine, q: &ActiveQuery) -> (usize, Vec<(Uid, Uid)>) {
    let l = e.active_clients(q, t("2026-03-09T15:00:00Z"));
    assert_eq!(l.fetched_count, l.clients.len());
    (
        l.query_total,
        l.clients
            .iter()
            .map(|c| (c.client_uid, c.client_account_uid))
            .collect(),
    )
}

#[test]
fn price_descending_uses_each_clients_pick_and_ties_by_client_uid() {
    // Client 2 picks its Priority-1 account (40, not 50); 3's open account is 30 (31 is
    // on hold); 1 and 3 tie at 30 and go by ClientUID. 4 is inactive, 5 is Redirect.
    let e = engine();
    let q = query(SortBy::Price, SortDirection::Descending);
    assert_eq!(uids(&e, &q), (3, vec![(2, 21), (1, 10), (3, 30)]));
}

#[test]
fn last_sent_date_is_the_later_of_the_field_and_the_ledger() {
    // 3: the March 5 send; 1: LastSentDate March 1; 2: never sent (oldest).
    let e = engine();
    let q = query(SortBy::LastSentDate, SortDirection::Descending);
    assert_eq!(uids(&e, &q), (3, vec![(3, 30), (1, 10), (2, 21)]));
    let l = e.active_clients(&q, t("2026-03-09T15:00:00Z"));
    assert_eq!(l.clients[0].last_sent_date, Some(t("2026-03-05T12:00:00Z")));
    assert_eq!(l.clients[1].last_sent_date, Some(t("2026-03-01T00:00:00Z")));
    assert_eq!(l.clients[2].last_sent_date, None);
    let q = query(SortBy::LastSentDate, SortDirection::Ascending);
    assert_eq!(uids(&e, &q).1, vec![(2, 21), (1, 10), (3, 30)]);
}

#[test]
fn names_sort_case_insensitively_and_pages_report_the_total() {
    // alder < Birch < Cedar; skip 1, take 1 gives Birch of 3.
    let e = engine();
    let mut q = query(SortBy::Name, SortDirection::Ascending);
    q.skip = 1;
    q.take = 1;
    let l = e.active_clients(&q, t("2026-03-09T15:00:00Z"));
    assert_eq!(
        (l.query_total, l.skip, l.take, l.fetched_count),
        (3, 1, 1, 1)
    );
    assert_eq!(l.clients[0].name, "Birch");
    // Priority ascending: 2 and 3 at priority 1 (by ClientUID), then 1.
    let q = query(SortBy::Priority, SortDirection::Ascending);
    assert_eq!(uids(&e, &q).1, vec![(2, 21), (3, 30), (1, 10)]);
}

#[test]
fn filters_narrow_and_lists_show_assignments() {
    let e = engine();
    let mut q = query(SortBy::Name, SortDirection::Ascending);
    q.filters.has_active_order = Some(true);
    let l = e.active_clients(&q, t("2026-03-09T15:00:00Z"));
    assert_eq!(l.query_total, 1);
    let json = serde_json::to_value(&l.clients[0]).unwrap();
    assert_eq!(json["ClientUID"], 3);
    assert_eq!(
        json["DistributionLists"],
        serde_json::json!([{"Name": "States", "Assignments": ["TX", "CA"]}])
    );
    // The order has not started on February 28.
    let l = e.active_clients(&q, t("2026-02-28T15:00:00Z"));
    assert_eq!(l.query_total, 0);
    q.filters = ActiveFilters {
        client_group_uids: vec![5],
        ..ActiveFilters::default()
    };
    assert_eq!(uids(&e, &q), (1, vec![(1, 10)]));
    let mut q = query(SortBy::Price, SortDirection::Descending);
    q.account_type = AccountType::Redirect;
    assert_eq!(uids(&e, &q), (1, vec![(5, 50)]));
}
