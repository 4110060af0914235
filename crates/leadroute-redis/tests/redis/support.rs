//! Shared helpers: instants, a small market for the process tests, reading sales back.

use chrono::{DateTime, Utc};
use leadroute_model::{load_snapshot, parse_record, Lead, Snapshot};

/// An RFC 3339 instant.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

/// The market the process tests share: six clients in UTC, small caps of every kind.
///
/// - 41 (client 4) pays 60 and buys exclusively, DayMax 10: when it has room it tops the
///   ranking and buys alone.
/// - 10 (client 1) pays 50, HourMax 3, DayMax 20.
/// - 20 (client 2) pays 45, useOrder with a quantity item 200 of Qty 60.
/// - 30 (client 3) pays 40, HourMax 5, WeekMax 80.
/// - 50 (client 5) pays 30, useOrder with a dollar item 500 of budget 3000 (100 leads).
/// - 60 (client 6) pays 20, MonthMax 100; client 6 has a client-level DayMax of 25.
///
/// Campaign 50 of source 5 sells each lead to at most two buyers.
pub const MARKET: &str = r#"{
  "Settings": {"DefaultTimeZone": "UTC", "WeekStart": "Sunday"},
  "LeadTypes": [{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "State", "FieldDataType": "Varchar"}]}],
  "Clients": [
    {"ClientUID": 1, "Status": "Active", "TimeZoneName": "UTC"},
    {"ClientUID": 2, "Status": "Active", "TimeZoneName": "UTC"},
    {"ClientUID": 3, "Status": "Active", "TimeZoneName": "UTC"},
    {"ClientUID": 4, "Status": "Active", "TimeZoneName": "UTC"},
    {"ClientUID": 5, "Status": "Active", "TimeZoneName": "UTC"},
    {"ClientUID": 6, "Status": "Active", "TimeZoneName": "UTC", "DayMax": 25}
  ],
  "DeliveryAccounts": [
    {"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 50, "AutomationEnabled": true, "HourMax": 3, "DayMax": 20,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 45, "AutomationEnabled": true, "useOrder": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 30, "ClientUID": 3, "Status": 12, "Price": 40, "AutomationEnabled": true, "HourMax": 5, "WeekMax": 80,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 41, "ClientUID": 4, "Status": 12, "Price": 60, "AutomationEnabled": true, "Exclusive": true, "DayMax": 10,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 50, "ClientUID": 5, "Status": 12, "Price": 30, "AutomationEnabled": true, "useOrder": true,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 60, "ClientUID": 6, "Status": 12, "Price": 20, "AutomationEnabled": true, "MonthMax": 100,
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}}
  ],
  "Orders": [
    {"ClientOrderUID": 2, "ClientUID": 2, "Status": "Open", "Items": [{"ClientOrderItemUID": 200, "Qty": 60, "Price": 45}]},
    {"ClientOrderUID": 5, "ClientUID": 5, "Status": "Open", "Items": [{"ClientOrderItemUID": 500, "Price": 3000}]}
  ],
  "LeadSources": [{"LPVendorUID": 5, "Status": "Active"}],
  "Campaigns": [{"VendorUID": 5, "VendorAccountUID": 50, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 2}],
  "Sends": [
    {"LeadUID": 900, "ClientUID": 1, "ClientAccountUID": 10, "DateSent": "2026-03-01T10:00:00Z", "IsValid": true, "Price": 50},
    {"LeadUID": 901, "ClientUID": 2, "ClientAccountUID": 20, "ClientOrderUID": 2, "ClientOrderItemUID": 200, "DateSent": "2026-03-01T10:00:00Z", "IsValid": true, "Price": 45}
  ]
}"#;

/// The market, loaded.
pub fn market() -> Snapshot {
    let s = load_snapshot(MARKET);
    assert!(!s.has_errors(), "{:?}", s.problems);
    s
}

/// `n` leads of campaign 50, one every `step_s` seconds from Sunday 2026-03-01 12:00 UTC.
pub fn leads(n: usize, step_s: i64) -> Vec<Lead> {
    let start = utc("2026-03-01T12:00:00Z");
    (0..n)
        .map(|i| {
            let at = start + chrono::TimeDelta::seconds(step_s * i as i64);
            parse_record(&format!(
                r#"{{"LeadUID": {}, "LeadTypeUID": 1, "VID": 5, "AID": 50, "DateReceived": "{}", "Fields": {{"State": "TX"}}}}"#,
                1000 + i,
                at.to_rfc3339()
            ))
            .expect("a generated lead parses")
        })
        .collect()
}
