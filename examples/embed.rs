//! Embedding the engine in a host: load the configuration once, route each lead as it
//! arrives, and record the send the engine decided in the host's own store.
//!
//! The host owns storage and delivery; the engine owns the decision. Here two buyers
//! want Texas mortgage leads: Lone Star Lending pays $42 but takes one lead a day,
//! Gulf Coast Loans pays $30 without a cap. The first lead goes to Lone Star; the
//! second, the same morning, goes to Gulf Coast because Lone Star's day cap is full.
//!
//! Run it with `cargo run --example embed`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use chrono::{DateTime, Utc};
use leadroute::engine::{Engine, Record, ScanOptions};
use leadroute::model::{load_snapshot, parse_record, Lead, Send};

/// The configuration as the host's database would export it (SPEC.md 11.1).
const SNAPSHOT: &str = r#"{
  "Settings": {"DefaultTimeZone": "America/Chicago", "WeekStart": "Sunday"},
  "LeadTypes": [{"LeadTypeUID": 1, "Descriptor": "Mortgage", "Fields": [
    {"LeadFieldUID": 11, "Descriptor": "State", "FieldDataType": "Varchar"},
    {"LeadFieldUID": 12, "Descriptor": "CreditScore", "FieldDataType": "Int"}]}],
  "Clients": [
    {"ClientUID": 7, "Name": "Lone Star Lending", "Status": "Active", "TimeZoneName": "Central Standard Time"},
    {"ClientUID": 8, "Name": "Gulf Coast Loans", "Status": "Active", "TimeZoneName": "America/Chicago"}],
  "DeliveryAccounts": [
    {"ClientAccountUID": 70, "ClientUID": 7, "Status": 12, "Price": 42, "DayMax": 1, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 11, "Type": "FieldValue", "Operator": "In", "Value": "TX|OK"},
                  {"LeadFieldUID": 12, "Type": "FieldValue", "Operator": "GreaterOrEqual", "Value": "640"}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1}},
    {"ClientAccountUID": 80, "ClientUID": 8, "Status": 12, "Price": 30, "AutomationEnabled": true,
     "Criteria": [{"LeadFieldUID": 11, "Type": "FieldValue", "Operator": "Equal", "Value": "TX"}],
     "DeliveryDetails": {"Status": true, "LeadTypeUID": 1, "DeliveryDays": [
       {"WeekDay": 1, "StartTime": "08:00", "EndTime": "18:00", "Allow": true},
       {"WeekDay": 2, "StartTime": "08:00", "EndTime": "18:00", "Allow": true}]}}]
}"#;

/// The host's side: where sends are stored (a database table in a real host).
#[derive(Default)]
struct Host {
    sends: Vec<Send>,
}

impl Host {
    /// A lead arrives: ask the engine, store each sale, hand the lead to delivery.
    fn on_lead(&mut self, engine: &mut Engine, json: &str, now: DateTime<Utc>) -> Vec<String> {
        let lead: Lead = parse_record(json).expect("the lead reads");
        let decision = engine
            .route(&lead, &ScanOptions::automated(), now, Record::Yes)
            .expect("the lead has a known lead type");
        let mut lines = Vec::new();
        for sale in &decision.sold {
            // The engine has recorded the sale in its own ledger (Record::Yes), so the
            // next lead sees this buyer's caps; the host keeps the send for its books.
            self.sends.push(Send {
                lead_uid: lead.lead_uid,
                client_uid: sale.client_uid,
                client_account_uid: sale.client_account_uid,
                client_order_uid: sale.client_order_uid,
                client_order_item_uid: sale.client_order_item_uid,
                date_sent: now,
                is_valid: true,
                price: sale.price,
                exclusive: sale.exclusive,
            });
            lines.push(format!(
                "lead {} -> client {} account {} at ${} (deliver at {})",
                lead.lead_uid,
                sale.client_uid,
                sale.client_account_uid,
                sale.price,
                leadroute::engine::format_instant(&sale.deliver_at)
            ));
        }
        let unsold = serde_json::to_string(&decision.unsold).unwrap_or_default();
        lines.push(format!("lead {}: not eligible {unsold}", lead.lead_uid));
        lines
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a valid instant")
        .with_timezone(&Utc)
}

fn main() {
    let snapshot = load_snapshot(SNAPSHOT);
    assert!(!snapshot.has_errors(), "{:?}", snapshot.problems);
    let mut engine = Engine::new(snapshot);
    let mut host = Host::default();

    // Monday 2026-03-09, 09:00 and 09:30 in Chicago (CDT, UTC-5).
    let mut printed = host.on_lead(
        &mut engine,
        r#"{"LeadUID": 1001, "LeadTypeUID": 1, "Fields": {"State": "TX", "CreditScore": "712"}}"#,
        at("2026-03-09T14:00:00Z"),
    );
    printed.extend(host.on_lead(
        &mut engine,
        r#"{"LeadUID": 1002, "LeadTypeUID": 1, "Fields": {"state": "tx", "12": "688"}}"#,
        at("2026-03-09T14:30:00Z"),
    ));
    for line in &printed {
        println!("{line}");
    }
    assert_eq!(
        printed,
        [
            "lead 1001 -> client 7 account 70 at $42 (deliver at 2026-03-09T14:00:00Z)",
            "lead 1001: not eligible {}",
            "lead 1002 -> client 8 account 80 at $30 (deliver at 2026-03-09T14:30:00Z)",
            "lead 1002: not eligible {\"day_max_reached\":1}",
        ]
    );
    let stored: Vec<(i64, i64)> = host
        .sends
        .iter()
        .map(|s| (s.lead_uid, s.client_account_uid))
        .collect();
    assert_eq!(stored, [(1001, 70), (1002, 80)]);
    println!("the host stored {} sends", host.sends.len());
}

#[test]
fn runs() {
    main();
}
