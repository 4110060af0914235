//! Builders shared by the tables: instants from RFC 3339 text, zones by name, delivery-day
//! rules, sends and accounts.

use chrono::{DateTime, Utc, Weekday};
use leadroute_caps::{AccountLimits, DeliverySchedule, MemLedger};
use leadroute_model::{DeliveryAccount, DeliveryDay, Send};
use leadroute_time::Zone;
use rust_decimal::Decimal;

/// An instant from `2026-03-08T07:00:00Z`-style text.
pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("bad instant {text}: {e}"))
        .with_timezone(&Utc)
}

/// A zone by IANA name.
pub fn zone(name: &str) -> Zone {
    Zone::from_name(name).unwrap_or_else(|| panic!("unknown zone {name}"))
}

/// A weekday rule (0 = Sunday).
pub fn weekly(week_day: i64, start: &str, end: &str, allow: bool) -> DeliveryDay {
    DeliveryDay {
        week_day: Some(week_day),
        start_time: Some(start.to_string()),
        end_time: Some(end.to_string()),
        allow: Some(allow),
        ..Default::default()
    }
}

/// A static-date rule.
pub fn dated(date: &str, start: &str, end: &str, allow: bool) -> DeliveryDay {
    DeliveryDay {
        static_date: Some(date.to_string()),
        start_time: Some(start.to_string()),
        end_time: Some(end.to_string()),
        allow: Some(allow),
        ..Default::default()
    }
}

/// A schedule without delay.
pub fn schedule(zone_name: &str, rules: &[DeliveryDay]) -> DeliverySchedule {
    DeliverySchedule::compile(rules, zone(zone_name), None).unwrap()
}

/// A valid send of `lead` to account `account` of client `client` at `at`.
pub fn send(lead: i64, client: i64, account: i64, at: &str) -> Send {
    Send {
        lead_uid: lead,
        client_uid: client,
        client_account_uid: account,
        client_order_uid: 0,
        client_order_item_uid: 0,
        date_sent: utc(at),
        is_valid: true,
        price: Decimal::ZERO,
        exclusive: false,
    }
}

/// A ledger of account 70 (client 7) sends at these instants, leads numbered from 1.
pub fn ledger_of(times: &[&str]) -> MemLedger {
    let sends: Vec<Send> = times
        .iter()
        .enumerate()
        .map(|(i, t)| send(i as i64 + 1, 7, 70, t))
        .collect();
    MemLedger::from_sends(&sends)
}

/// An account (70, client 7) from extra JSON fields, e.g. `"DayMax": 2`.
pub fn account(extra: &str) -> DeliveryAccount {
    let text = format!(r#"{{"ClientAccountUID": 70, "ClientUID": 7, "Status": 12 {extra}}}"#);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad account {text}: {e}"))
}

/// Compiled limits of [`account`] in `zone_name`, weeks from `week_start`.
pub fn limits(extra: &str, zone_name: &str, week_start: Weekday) -> AccountLimits {
    AccountLimits::compile(&account(extra), zone(zone_name), week_start).unwrap()
}
