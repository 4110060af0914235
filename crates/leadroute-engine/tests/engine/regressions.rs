//! Bugs found by the properties, each pinned by a hand-worked case named after it.

use chrono::{TimeZone, Utc};
use leadroute_engine::{Engine, Record, ScanOptions};
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
