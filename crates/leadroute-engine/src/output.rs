//! The engine's answers, in the exact JSON shapes of SPEC.md section 11.1.
//!
//! Field names are the source API's (`ClientUID`, `ClientAccountUID`, ...); instants
//! are written as RFC 3339 UTC with `Z`; prices as JSON numbers.

use chrono::{DateTime, SecondsFormat, Utc};
use leadroute_model::Uid;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::reason::{Reason, ReasonCounts};

/// Writes an instant as RFC 3339 UTC with `Z` (milliseconds only when present).
pub fn format_instant(t: &DateTime<Utc>) -> String {
    let fmt = if t.timestamp_subsec_millis() == 0 {
        SecondsFormat::Secs
    } else {
        SecondsFormat::Millis
    };
    t.to_rfc3339_opts(fmt, true)
}

pub(crate) fn ser_instant<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_instant(t))
}

pub(crate) fn ser_opt_instant<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&format_instant(t)),
        None => s.serialize_none(),
    }
}

/// Writes a decimal as a JSON number (its shortest exact text, e.g. `25.5`).
pub(crate) fn ser_price<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let text = d.normalize().to_string();
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => s.serialize_f64(f),
        _ => s.serialize_str(&text),
    }
}

/// One eligible account of a scan, in the source scanner's shape plus price and
/// delivery instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EligibleAccount {
    /// The buyer.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// The delivery account.
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// The order the send would count against (0: none).
    #[serde(rename = "ClientOrderUID")]
    pub client_order_uid: Uid,
    /// The order item the send would count against (0: none).
    #[serde(rename = "ClientOrderItemUID")]
    pub client_order_item_uid: Uid,
    /// Whether the account takes automated delivery (`AutomationEnabled`).
    #[serde(rename = "Automation")]
    pub automation: bool,
    /// The effective price of a sale.
    #[serde(rename = "Price", serialize_with = "ser_price")]
    pub price: Decimal,
    /// When the lead would be delivered: now + `DeliveryDelay`.
    #[serde(rename = "DeliverAt", serialize_with = "ser_instant")]
    pub deliver_at: DateTime<Utc>,
    /// Whether the account buys leads exclusively.
    #[serde(skip)]
    pub exclusive: bool,
    /// Whether the delivery method is in testing (reported, not a reason).
    #[serde(skip)]
    pub in_testing: bool,
    /// Whether this send fills its order item.
    #[serde(skip)]
    pub fills_order_item: bool,
}

/// One not-eligible account of a scan, with its first failing reason (and, in explain
/// mode, every failing reason).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// The buyer.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// The delivery account.
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// The first failing check.
    #[serde(rename = "Reason")]
    pub reason: Reason,
    /// What failed, in words (criterion, operator, expected and actual values, ...).
    #[serde(rename = "Detail")]
    pub detail: String,
    /// Every failing check, in check order (explain mode only).
    #[serde(rename = "Reasons", skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<ReasonDetail>>,
}

/// One failing check with its detail (explain mode).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonDetail {
    /// The check.
    #[serde(rename = "Reason")]
    pub reason: Reason,
    /// What failed.
    #[serde(rename = "Detail")]
    pub detail: String,
}

/// The answer of a scan: every eligible account best first, and a log entry for every
/// account that is not eligible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanResult {
    /// Eligible accounts: clients in policy order, each client's accounts in its
    /// `AutomationType` order.
    #[serde(rename = "Eligible")]
    pub eligible: Vec<EligibleAccount>,
    /// Not-eligible accounts, in snapshot order.
    #[serde(rename = "Log")]
    pub log: Vec<LogEntry>,
    /// Remarks about the scan as a whole (e.g. a distribution list that restricts
    /// nothing, SPEC.md 4 item 9). Not part of the JSON shape, which SPEC.md 11.1 fixes
    /// as `{"Eligible", "Log"}`: `leadroute scan` writes them to standard error.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// One sale of a routing decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sale {
    /// The buyer.
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    /// The delivery account.
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// The order (0: none).
    #[serde(rename = "ClientOrderUID")]
    pub client_order_uid: Uid,
    /// The order item (0: none).
    #[serde(rename = "ClientOrderItemUID")]
    pub client_order_item_uid: Uid,
    /// The price of the sale.
    #[serde(rename = "Price", serialize_with = "ser_price")]
    pub price: Decimal,
    /// When to deliver: now + `DeliveryDelay`.
    #[serde(rename = "DeliverAt", serialize_with = "ser_instant")]
    pub deliver_at: DateTime<Utc>,
    /// Whether the lead was sold exclusively to this buyer.
    #[serde(rename = "Exclusive")]
    pub exclusive: bool,
}

/// The routing decision for one lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The lead.
    #[serde(rename = "LeadUID")]
    pub lead_uid: Uid,
    /// The buyers, best first.
    #[serde(rename = "Sold")]
    pub sold: Vec<Sale>,
    /// Not-eligible accounts counted by first failing reason (outranked eligible
    /// accounts are not counted).
    #[serde(rename = "Unsold")]
    pub unsold: ReasonCounts,
    /// The per-account log (explain mode only).
    #[serde(rename = "Log", skip_serializing_if = "Option::is_none")]
    pub log: Option<Vec<LogEntry>>,
    /// The instant the decision was made at.
    #[serde(skip)]
    pub decided_at: DateTime<Utc>,
}
