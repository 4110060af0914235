//! Bugs found by the properties, each pinned by a hand-worked case named after it.

use chrono::{TimeZone, Utc};
use leadroute_engine::{Engine, Reason, Record, ScanOptions};
use leadroute_model::{load_snapshot, parse_record, Lead};

/// Two buyers of every lead, the lead type ranked `Nearest`: client 1 in New York
/// (ZIP 10001), client 2 in Beverly Hills (ZIP 90210).
fn nearest_market() -> Engine {
    let s = load_snapshot(
        r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "DistributionPolicy": "Nearest", "Fields": [
     {"LeadFieldUID": 10, "Descriptor": "Zip", "FieldDataType": "Varchar", "SpecialBit": "Zip"}]}],
  "Clients": [{"ClientUID": 1, "Status": "Active", "TimeZoneName": "UTC", "Zip": "10001"},
              {"ClientUID": 2, "Status": "Active", "TimeZoneName": "UTC", "Zip": "90210"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 11, "ClientUID": 1, "Status": 12, "Price": 50, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 21, "ClientUID": 2, "Status": 12, "Price": 10, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}]
}"#,
    );
    assert!(!s.has_errors(), "{:?}", s.problems);
    Engine::new(s)
}

/// The scan ranked `Nearest` without the lead's location, so every distance was
/// unknown and the order fell back to ClientUID (1 before 2), while routing (which
/// had the location) sold to client 2. SPEC.md 11.1: `Eligible` is best first, in the
/// policy's order: a lead from 90210 is nearest to client 2 (0 miles), then client 1
/// (about 2,450 miles).
#[test]
fn scan_ranks_nearest_without_the_lead_location() {
    let mut e = nearest_market();
    let lead: Lead = parse_record(
        r#"{"LeadUID": 1, "LeadTypeUID": 1, "DateReceived": "2026-03-09T15:00:00Z", "Fields": {"Zip": "90210"}}"#,
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
    let scan = e.scan(&lead, &ScanOptions::automated(), now).unwrap();
    let order: Vec<i64> = scan.eligible.iter().map(|x| x.client_uid).collect();
    assert_eq!(order, vec![2, 1]);
    let d = e
        .route(&lead, &ScanOptions::automated(), now, Record::No)
        .unwrap();
    assert_eq!(d.sold.len(), 1);
    assert_eq!(d.sold[0].client_account_uid, 21);
    // A lead from New York: client 1 first.
    let ny: Lead =
        parse_record(r#"{"LeadUID": 2, "LeadTypeUID": 1, "Fields": {"Zip": "10001"}}"#).unwrap();
    let scan = e.scan(&ny, &ScanOptions::automated(), now).unwrap();
    let order: Vec<i64> = scan.eligible.iter().map(|x| x.client_uid).collect();
    assert_eq!(order, vec![1, 2]);
}

/// The property "the scan's best client buys first" was wrong, not the engine: found
/// by `route_agrees_with_scan`. Price policy, max sell 1 (no campaign). Client 3
/// (`RoundRobin` automation) has account 105 ($10) and exclusive account 107 ($5);
/// client 4 has account 104 ($10). Worked out from SPEC.md 8:
/// - Lead 1: both of client 3's accounts are never sent, so round robin ties on
///   account UID and picks 105 ($10); client 4 picks 104 ($10). Price ties, ClientUID
///   3 first; 105 is not exclusive, so step 4 removes 107, nothing changes: 105 buys.
/// - Lead 2, same instant: client 3's round robin now picks 107 (never sent, $5), so
///   the first ranking puts client 4 ($10) on top, with a pick that is not exclusive.
///   Step 4 removes 107, client 3 picks 105 again ($10) and wins the tie on ClientUID:
///   105 buys again, although the scan's best-first list starts with client 4.
#[test]
fn removing_exclusive_accounts_can_raise_a_client_above_the_first_top() {
    let s = load_snapshot(
        r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "DistributionPolicy": "Price", "Fields": []}],
  "Clients": [{"ClientUID": 3, "Status": "Active", "TimeZoneName": "UTC", "AutomationType": "RoundRobin"},
              {"ClientUID": 4, "Status": "Active", "TimeZoneName": "UTC", "AutomationType": "Price"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 104, "ClientUID": 4, "Status": 12, "Price": 10, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 105, "ClientUID": 3, "Status": 12, "Price": 10, "AutomationEnabled": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 107, "ClientUID": 3, "Status": 12, "Price": 5, "AutomationEnabled": true,
     "Exclusive": true, "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}]
}"#,
    );
    assert!(!s.has_errors(), "{:?}", s.problems);
    let mut e = Engine::new(s);
    let now = Utc.with_ymd_and_hms(2026, 3, 7, 0, 0, 0).unwrap();
    let opts = ScanOptions::automated();
    let lead = |uid: i64| -> Lead {
        parse_record(&format!(r#"{{"LeadUID": {uid}, "LeadTypeUID": 1}}"#)).unwrap()
    };
    let first = e.route(&lead(1), &opts, now, Record::Yes).unwrap();
    let sold: Vec<i64> = first.sold.iter().map(|s| s.client_account_uid).collect();
    assert_eq!(sold, vec![105]);
    let scan = e.scan(&lead(2), &opts, now).unwrap();
    let order: Vec<i64> = scan.eligible.iter().map(|x| x.client_account_uid).collect();
    assert_eq!(order, vec![104, 107, 105]);
    let second = e.route(&lead(2), &opts, now, Record::Yes).unwrap();
    let sold: Vec<(i64, bool)> = second
        .sold
        .iter()
        .map(|s| (s.client_account_uid, s.exclusive))
        .collect();
    assert_eq!(sold, vec![(105, false)]);
}

/// A criterion marked `Delete` is not applied (SPEC.md is silent; the source's
/// `Delete` is "should the criteria item be removed"). Account 11's only criterion,
/// `State Equal NY`, is deleted; account 21 has the same criterion, not deleted. A lead
/// from CA: account 11 is eligible, account 21 fails its criteria.
#[test]
fn a_deleted_criterion_is_not_applied() {
    let s = load_snapshot(
        r#"{
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State"}]}],
  "Clients": [{"ClientUID": 1, "Status": "Active", "TimeZoneName": "UTC"},
              {"ClientUID": 2, "Status": "Active", "TimeZoneName": "UTC"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 11, "ClientUID": 1, "Status": 12, "Price": 10, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 10, "Operator": "Equal", "Value": "NY", "Delete": true}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 21, "ClientUID": 2, "Status": 12, "Price": 10, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 10, "Operator": "Equal", "Value": "NY"}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}]
}"#,
    );
    assert!(!s.has_errors(), "{:?}", s.problems);
    let e = Engine::new(s);
    let now = Utc.with_ymd_and_hms(2026, 3, 7, 12, 0, 0).unwrap();
    let lead: Lead =
        parse_record(r#"{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {"State": "CA"}}"#).unwrap();
    let scan = e.scan(&lead, &ScanOptions::automated(), now).unwrap();
    let eligible: Vec<i64> = scan.eligible.iter().map(|x| x.client_account_uid).collect();
    assert_eq!(eligible, vec![11]);
    let refused: Vec<(i64, Reason)> = scan
        .log
        .iter()
        .map(|l| (l.client_account_uid, l.reason))
        .collect();
    assert_eq!(refused, vec![(21, Reason::CriteriaFailed)]);
}
