//! The records of a snapshot, with the source API's JSON field names.
//!
//! Each struct mirrors one record of the source API (see `shared/seeds/`), plus the
//! optional fields SPEC.md section 11.1 adds. Unknown fields are ignored; deprecated
//! fields are accepted and ignored (the loader warns when one carries a value). Fields
//! are plain data: these types hold what was written, parsed into typed scalars; the
//! rules that relate records to each other are checked by the loader
//! ([`crate::load`]) and compiled by the crates that use them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::de;
use crate::enums::*;

/// A record identifier (`ClientUID`, `ClientAccountUID`, ...). 0 means "none".
pub type Uid = i64;

/// Engine-wide settings of a snapshot (`Settings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The zone used when a client has neither a zone name nor an offset, and for
    /// campaign caps. Default `America/Los_Angeles`, the source platform's zone; an
    /// empty or null value means that default too.
    #[serde(
        rename = "DefaultTimeZone",
        default = "default_zone",
        deserialize_with = "zone_or_default"
    )]
    pub default_time_zone: String,
    /// The first day of a calendar week for week caps. Default Sunday.
    #[serde(rename = "WeekStart", default = "default_week_start")]
    pub week_start: WeekDay,
}

fn default_zone() -> String {
    "America/Los_Angeles".to_string()
}

fn zone_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(de::opt_string(d)?
        .filter(|z| !z.trim().is_empty())
        .unwrap_or_else(default_zone))
}

fn default_week_start() -> WeekDay {
    WeekDay::Sunday
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_time_zone: default_zone(),
            week_start: default_week_start(),
        }
    }
}

/// One allowed value of an enumerated lead field (`FieldEnums[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldEnum {
    /// Identifier of the enumeration value.
    #[serde(
        rename = "LeadFieldEnumUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub lead_field_enum_uid: Uid,
    /// The field it belongs to.
    #[serde(rename = "LeadFieldUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_field_uid: Uid,
    /// The allowed value.
    #[serde(
        rename = "Descriptor",
        default,
        deserialize_with = "de::string_or_empty"
    )]
    pub descriptor: String,
    /// Display priority.
    #[serde(rename = "Priority", default, deserialize_with = "de::opt_i64")]
    pub priority: Option<i64>,
    /// Marked for removal: a deleted value is not allowed.
    #[serde(rename = "Delete", default, deserialize_with = "de::bool_or_false")]
    pub delete: bool,
}

/// A field of a lead type (the "fields for lead type" record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadField {
    /// Identifier of the field.
    #[serde(rename = "LeadFieldUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_field_uid: Uid,
    /// The lead type it belongs to (0 when written only under its lead type).
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_type_uid: Uid,
    /// The field's name; leads may key values by it (case-insensitive).
    #[serde(
        rename = "Descriptor",
        default,
        deserialize_with = "de::string_or_empty"
    )]
    pub descriptor: String,
    /// How values and criteria values of this field are parsed (SPEC.md 2).
    #[serde(
        rename = "FieldDataType",
        alias = "DataType",
        default = "default_data_type"
    )]
    pub data_type: FieldDataType,
    /// A value is required at intake.
    #[serde(rename = "Required", default, deserialize_with = "de::bool_or_false")]
    pub required: bool,
    /// The field is enabled.
    #[serde(rename = "Status", default, deserialize_with = "de::opt_bool")]
    pub status: Option<bool>,
    /// The value is computed from other fields (carried, not computed here).
    #[serde(rename = "Computed", default, deserialize_with = "de::bool_or_false")]
    pub computed: bool,
    /// The computing expression (carried).
    #[serde(rename = "ComputedExpr", default, deserialize_with = "de::opt_string")]
    pub computed_expr: Option<String>,
    /// The value must be one of [`LeadField::field_enums`].
    #[serde(rename = "Enumerated", default, deserialize_with = "de::bool_or_false")]
    pub enumerated: bool,
    /// Validation regular expression applied at intake.
    #[serde(rename = "Validation", default, deserialize_with = "de::opt_string")]
    pub validation: Option<String>,
    /// Regular expression of characters stripped from values at intake.
    #[serde(rename = "InvalidChars", default, deserialize_with = "de::opt_string")]
    pub invalid_chars: Option<String>,
    /// Message shown for a format error.
    #[serde(
        rename = "FmtError",
        alias = "FormatError",
        default,
        deserialize_with = "de::opt_string"
    )]
    pub fmt_error: Option<String>,
    /// Display format (carried).
    #[serde(rename = "FormatString", default, deserialize_with = "de::opt_string")]
    pub format_string: Option<String>,
    /// The field holds a US state.
    #[serde(rename = "isState", default, deserialize_with = "de::bool_or_false")]
    pub is_state: bool,
    /// System meaning of the field (phone, ZIP, force id, ...).
    #[serde(rename = "SpecialBit", default = "default_special_bit")]
    pub special_bit: SpecialBit,
    /// Allowed values of an enumerated field.
    #[serde(rename = "FieldEnums", alias = "Enums", default)]
    pub field_enums: Vec<FieldEnum>,
}

fn default_data_type() -> FieldDataType {
    FieldDataType::NoDataType
}

fn default_special_bit() -> SpecialBit {
    SpecialBit::NoSpecialBit
}

/// A lead type with its fields and routing settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadType {
    /// Identifier of the lead type.
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_type_uid: Uid,
    /// Name of the lead type.
    #[serde(
        rename = "Descriptor",
        default,
        deserialize_with = "de::string_or_empty"
    )]
    pub descriptor: String,
    /// The lead type is enabled.
    #[serde(rename = "Status", default, deserialize_with = "de::opt_bool")]
    pub status: Option<bool>,
    /// In quality review (carried).
    #[serde(rename = "InQC", default, deserialize_with = "de::bool_or_false")]
    pub in_qc: bool,
    /// Duplicate sets: sets separated by `;`, field descriptors within a set by `,`.
    #[serde(
        rename = "DefaultDupSets",
        default,
        deserialize_with = "de::opt_string"
    )]
    pub default_dup_sets: Option<String>,
    /// Industry type (carried).
    #[serde(rename = "TypeUID", default, deserialize_with = "de::opt_i64")]
    pub type_uid: Option<i64>,
    /// The lead type's fields.
    #[serde(rename = "Fields", default)]
    pub fields: Vec<LeadField>,
    /// How clients are ranked for this lead type; `Price` when absent.
    #[serde(
        rename = "DistributionPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub distribution_policy: Option<DistributionPolicy>,
    /// Seconds a user has to accept a lead before it escalates.
    #[serde(
        rename = "escalation_accept",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub escalation_accept: Option<i64>,
    /// Seconds a user has to act on an accepted lead before it escalates.
    #[serde(
        rename = "escalation_activity",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub escalation_activity: Option<i64>,
    /// Escalation opening hours in the CRM document's shape, compiled by the
    /// escalation crate.
    #[serde(
        rename = "escalation_active",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub escalation_active: Option<serde_json::Value>,
    /// Zone of the escalation hours (IANA or Windows name).
    #[serde(rename = "timezone", default, deserialize_with = "de::opt_string")]
    pub timezone: Option<String>,
}

/// A buyer (the client record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// Identifier of the client.
    #[serde(rename = "ClientUID", default, deserialize_with = "de::i64_or_zero")]
    pub client_uid: Uid,
    /// Only `Active` clients buy.
    #[serde(rename = "Status", default = "default_client_status")]
    pub status: ClientStatus,
    /// Hours from UTC, used when the zone name is empty or unknown.
    #[serde(rename = "TimeOffset", default, deserialize_with = "de::opt_f64")]
    pub time_offset: Option<f64>,
    /// IANA or Windows zone name.
    #[serde(rename = "TimeZoneName", default, deserialize_with = "de::opt_string")]
    pub time_zone_name: Option<String>,
    /// How the client picks among its eligible accounts (`DeliveryAccountAutomationType`
    /// in the create request). Default `Price`.
    #[serde(
        rename = "AutomationType",
        alias = "DeliveryAccountAutomationType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub automation_type: Option<AutomationType>,
    /// Client priority for the `Priority` policy (lower first; default 0).
    #[serde(rename = "Priority", default, deserialize_with = "de::opt_i32")]
    pub priority: Option<i32>,
    /// Client group (for the active-client listing's filter).
    #[serde(rename = "GroupUID", default, deserialize_with = "de::opt_i64")]
    pub group_uid: Option<i64>,
    /// Display name (listing sort by Name).
    #[serde(rename = "Name", default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    /// Last successful send as the host knows it (round robin).
    #[serde(rename = "LastSentDate", default, deserialize_with = "de::opt_instant")]
    pub last_sent_date: Option<DateTime<Utc>>,
    /// Weight for the `Weighted` policy (default 1).
    #[serde(rename = "Weight", default, deserialize_with = "de::opt_f64")]
    pub weight: Option<f64>,
    /// Target share in percent for the `Percentage` policy.
    #[serde(rename = "TargetPercentage", default, deserialize_with = "de::opt_f64")]
    pub target_percentage: Option<f64>,
    /// The client's force id (SPEC.md 4, item 7).
    #[serde(rename = "ForceID", default, deserialize_with = "de::opt_string")]
    pub force_id: Option<String>,
    /// The client's ZIP or `lat,lon` for the `Nearest` policy.
    #[serde(rename = "Zip", default, deserialize_with = "de::opt_string")]
    pub zip: Option<String>,
    /// Client-level hour cap (an extension; null, 0 or negative: none).
    #[serde(rename = "HourMax", default, deserialize_with = "de::opt_i64")]
    pub hour_max: Option<i64>,
    /// Client-level day cap.
    #[serde(rename = "DayMax", default, deserialize_with = "de::opt_i64")]
    pub day_max: Option<i64>,
    /// Client-level week cap.
    #[serde(rename = "WeekMax", default, deserialize_with = "de::opt_i64")]
    pub week_max: Option<i64>,
    /// Client-level month cap.
    #[serde(rename = "MonthMax", default, deserialize_with = "de::opt_i64")]
    pub month_max: Option<i64>,
    /// Username in the client portal (carried).
    #[serde(rename = "Username", default, deserialize_with = "de::opt_string")]
    pub username: Option<String>,
}

fn default_client_status() -> ClientStatus {
    ClientStatus::New
}

/// One filter of a delivery account or campaign (SPEC.md 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Identifier of the criterion (`ClientCriteriaUID`, or a campaign rule's
    /// `VendorRuleUID`).
    #[serde(
        rename = "ClientCriteriaUID",
        alias = "VendorRuleUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub criterion_uid: Uid,
    /// The lead field it tests.
    #[serde(rename = "LeadFieldUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_field_uid: Uid,
    /// The criterion's kind; `FieldValue` when absent (campaign rules omit it).
    #[serde(rename = "Type", default = "default_criterion_type")]
    pub criterion_type: CriterionType,
    /// Regular expression (`Expression`) or calculated expression (`Function`).
    #[serde(rename = "Expression", default, deserialize_with = "de::opt_string")]
    pub expression: Option<String>,
    /// The operator; may be empty for `Expression` criteria.
    #[serde(rename = "Operator", default, deserialize_with = "opt_operator")]
    pub operator: Option<Operator>,
    /// The value compared against.
    #[serde(rename = "Value", default, deserialize_with = "de::string_or_empty")]
    pub value: String,
    /// Marked for removal: a deleted criterion (of an account) or rule (of a campaign)
    /// is not applied.
    #[serde(rename = "Delete", default, deserialize_with = "de::bool_or_false")]
    pub delete: bool,
}

fn default_criterion_type() -> CriterionType {
    CriterionType::FieldValue
}

fn opt_operator<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Operator>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Op(Operator),
        Text(String),
        Null(()),
    }
    match Option::<Raw>::deserialize(d)? {
        None | Some(Raw::Null(())) => Ok(None),
        Some(Raw::Op(o)) => Ok(Some(o)),
        Some(Raw::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Raw::Text(t)) => Operator::parse(&t)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// One rule of a delivery schedule (`DeliveryDetails.DeliveryDays[]`).
///
/// Times are kept as written: only their wall-clock digits count (SPEC.md 5), which the
/// schedule compiler reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliveryDay {
    /// Identifier of the rule.
    #[serde(
        rename = "DeliveryDayUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub delivery_day_uid: Uid,
    /// Parent delivery method.
    #[serde(rename = "DeliveryUID", default, deserialize_with = "de::i64_or_zero")]
    pub delivery_uid: Uid,
    /// Day of the week, 0 = Sunday .. 6 = Saturday.
    #[serde(rename = "WeekDay", default, deserialize_with = "de::opt_i64")]
    pub week_day: Option<i64>,
    /// A date this rule applies to instead of a weekday (its digits name the date).
    #[serde(rename = "StaticDate", default, deserialize_with = "de::opt_string")]
    pub static_date: Option<String>,
    /// Window start (wall-clock digits).
    #[serde(rename = "StartTime", default, deserialize_with = "de::opt_string")]
    pub start_time: Option<String>,
    /// Window end (wall-clock digits; `23:59`, `24:00` mean end of day).
    #[serde(rename = "EndTime", default, deserialize_with = "de::opt_string")]
    pub end_time: Option<String>,
    /// Allow (true) or deny (false) delivery in the window.
    #[serde(rename = "Allow", default, deserialize_with = "de::opt_bool")]
    pub allow: Option<bool>,
}

/// A value mapping of an outbound field setting (carried, not acted on).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldMapping {
    /// Identifier of the mapping.
    #[serde(
        rename = "DeliveryMappingUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub delivery_mapping_uid: Uid,
    /// Marked for removal.
    #[serde(rename = "Delete", default, deserialize_with = "de::bool_or_false")]
    pub delete: bool,
    /// Parent field setting.
    #[serde(
        rename = "DeliverySettingUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub delivery_setting_uid: Uid,
    /// Value to be delivered.
    #[serde(rename = "DeliveryValue", default, deserialize_with = "de::opt_string")]
    pub delivery_value: Option<String>,
    /// Value on the field.
    #[serde(rename = "FieldValue", default, deserialize_with = "de::opt_string")]
    pub field_value: Option<String>,
}

/// An outbound field mapping of a delivery method (carried, not acted on).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldSetting {
    /// Identifier of the setting.
    #[serde(
        rename = "DeliverySettingUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub delivery_setting_uid: Uid,
    /// Parent delivery method.
    #[serde(rename = "DeliveryUID", default, deserialize_with = "de::i64_or_zero")]
    pub delivery_uid: Uid,
    /// Marked for removal.
    #[serde(rename = "Delete", default, deserialize_with = "de::bool_or_false")]
    pub delete: bool,
    /// Value format string.
    #[serde(rename = "Format", default, deserialize_with = "de::opt_string")]
    pub format: Option<String>,
    /// Kind of mapping (0 static value .. 8 evaluate function).
    #[serde(rename = "FieldType", default, deserialize_with = "de::opt_i64")]
    pub field_type: Option<i64>,
    /// Outbound name.
    #[serde(rename = "FieldName", default, deserialize_with = "de::opt_string")]
    pub field_name: Option<String>,
    /// Value of the mapping.
    #[serde(rename = "Value", default, deserialize_with = "de::opt_string")]
    pub value: Option<String>,
    /// Lead field used, if any.
    #[serde(rename = "LeadFieldUID", default, deserialize_with = "de::opt_i64")]
    pub lead_field_uid: Option<i64>,
    /// Expression generating the value.
    #[serde(rename = "Expr", default, deserialize_with = "de::opt_string")]
    pub expr: Option<String>,
    /// Has value mappings.
    #[serde(rename = "hasMap", default, deserialize_with = "de::bool_or_false")]
    pub has_map: bool,
    /// Value mappings.
    #[serde(rename = "FieldMappings", default)]
    pub field_mappings: Vec<FieldMapping>,
}

/// How leads reach a delivery account (`DeliveryDetails`, the delivery method record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryDetails {
    /// Identifier of the delivery method.
    #[serde(
        rename = "ClientDeliveryUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_delivery_uid: Uid,
    /// The client it belongs to.
    #[serde(rename = "ClientUID", default, deserialize_with = "de::i64_or_zero")]
    pub client_uid: Uid,
    /// Transport (0 HTTP POST .. 11 SMS; carried).
    #[serde(rename = "Type", default, deserialize_with = "de::opt_i64")]
    pub delivery_type: Option<i64>,
    /// Name of the method.
    #[serde(rename = "Name", default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    /// Delivery is enabled (false: `delivery_method_disabled`).
    #[serde(rename = "Status", default, deserialize_with = "de::opt_bool")]
    pub status: Option<bool>,
    /// In testing (reported, does not affect eligibility).
    #[serde(rename = "inTesting", default, deserialize_with = "de::bool_or_false")]
    pub in_testing: bool,
    /// The lead type this account receives.
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_type_uid: Uid,
    /// Outbound field mappings (carried).
    #[serde(rename = "FieldSettings", default)]
    pub field_settings: Vec<FieldSetting>,
    /// The delivery schedule (SPEC.md 5). Empty: deliverable at any time.
    #[serde(rename = "DeliveryDays", default)]
    pub delivery_days: Vec<DeliveryDay>,
}

/// A buyer's delivery account: what it buys, when, how many, at what price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryAccount {
    /// Identifier of the account.
    #[serde(
        rename = "ClientAccountUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_account_uid: Uid,
    /// The owning client.
    #[serde(rename = "ClientUID", default, deserialize_with = "de::i64_or_zero")]
    pub client_uid: Uid,
    /// The delivery method.
    #[serde(rename = "DeliveryUID", default, deserialize_with = "de::i64_or_zero")]
    pub delivery_uid: Uid,
    /// Default price per lead.
    #[serde(rename = "Price", default, deserialize_with = "de::decimal_or_zero")]
    pub price: Decimal,
    /// Rolling 60-minute cap (null, 0, negative: none).
    #[serde(rename = "HourMax", default, deserialize_with = "de::opt_i64")]
    pub hour_max: Option<i64>,
    /// Calendar-day cap.
    #[serde(
        rename = "DayMax",
        alias = "DailyMax",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub day_max: Option<i64>,
    /// Calendar-week cap.
    #[serde(
        rename = "WeekMax",
        alias = "WeeklyMax",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub week_max: Option<i64>,
    /// Calendar-month cap.
    #[serde(
        rename = "MonthMax",
        alias = "MonthlyMax",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub month_max: Option<i64>,
    /// An open order with room is required.
    #[serde(rename = "useOrder", default, deserialize_with = "de::bool_or_false")]
    pub use_order: bool,
    /// Only `Open` (12) accounts receive leads.
    #[serde(
        rename = "Status",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_account_status"
    )]
    pub status: Option<AccountStatus>,
    /// Seconds between the decision and delivery; the schedule is checked then.
    #[serde(rename = "DeliveryDelay", default, deserialize_with = "de::opt_i64")]
    pub delivery_delay: Option<i64>,
    /// Name of the account.
    #[serde(rename = "Description", default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// Redirect URL (carried).
    #[serde(rename = "RedirectURL", default, deserialize_with = "de::opt_string")]
    pub redirect_url: Option<String>,
    /// Receives leads through automated delivery.
    #[serde(
        rename = "AutomationEnabled",
        default,
        deserialize_with = "de::bool_or_false"
    )]
    pub automation_enabled: bool,
    /// Alternate posting method (carried).
    #[serde(rename = "AlternatePosting", default, deserialize_with = "de::opt_i64")]
    pub alternate_posting: Option<i64>,
    /// The kind of leads taken; default `General`.
    #[serde(rename = "AccountType", default = "default_account_type")]
    pub account_type: AccountType,
    /// Agent name for transfers (carried).
    #[serde(rename = "AgentName", default, deserialize_with = "de::opt_string")]
    pub agent_name: Option<String>,
    /// Agent phone for transfers (carried).
    #[serde(rename = "AgentPhone", default, deserialize_with = "de::opt_string")]
    pub agent_phone: Option<String>,
    /// Filters, all AND-ed.
    #[serde(rename = "Criteria", default)]
    pub criteria: Vec<Criterion>,
    /// Delivery method, with the lead type and schedule.
    #[serde(
        rename = "DeliveryDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_details: Option<DeliveryDetails>,
    /// Buys leads alone (SPEC.md 8, item 4).
    #[serde(rename = "Exclusive", default, deserialize_with = "de::bool_or_false")]
    pub exclusive: bool,
    /// Account priority for the client's `Priority` automation (lower first).
    #[serde(rename = "Priority", default, deserialize_with = "de::opt_i32")]
    pub priority: Option<i32>,
    /// The account's force id.
    #[serde(rename = "ForceID", default, deserialize_with = "de::opt_string")]
    pub force_id: Option<String>,
    /// Pacing of the day cap.
    #[serde(rename = "Pacing", default, skip_serializing_if = "Option::is_none")]
    pub pacing: Option<Pacing>,
}

fn default_account_type() -> AccountType {
    AccountType::General
}

/// The source's examples write `"Status": 0` for an account, which is no status at
/// all; read it (and null) as absent, which the scan treats as not open.
fn opt_account_status<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<AccountStatus>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Status(AccountStatus),
        Zero(i64),
        Other(serde_json::Value),
    }
    match Option::<Raw>::deserialize(d)? {
        None => Ok(None),
        Some(Raw::Status(s)) => Ok(Some(s)),
        Some(Raw::Zero(0)) => Ok(None),
        Some(Raw::Zero(n)) => Err(serde::de::Error::custom(format!(
            "unknown AccountStatus \"{n}\"; expected one of Closed, Suspended, OnHold, Open (9, 10, 11, 12)"
        ))),
        Some(Raw::Other(v)) => Err(serde::de::Error::custom(format!(
            "unknown AccountStatus {v}; expected one of Closed, Suspended, OnHold, Open (9, 10, 11, 12)"
        ))),
    }
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// Identifier of the item.
    #[serde(
        rename = "ClientOrderItemUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_order_item_uid: Uid,
    /// The account it is for; 0 or null: any account of the client.
    #[serde(rename = "ClientAccountUID", default, deserialize_with = "de::opt_i64")]
    pub client_account_uid: Option<i64>,
    /// Quantity of leads; null makes it a dollar item.
    #[serde(rename = "Qty", default, deserialize_with = "de::opt_i64")]
    pub qty: Option<i64>,
    /// Delivered quantity as of the snapshot; when absent it is counted from the ledger.
    #[serde(rename = "SentQty", default, deserialize_with = "de::opt_i64")]
    pub sent_qty: Option<i64>,
    /// Limit delivery to the quantity; absent means true.
    #[serde(
        rename = "ConstrainQuantity",
        default,
        deserialize_with = "de::opt_bool"
    )]
    pub constrain_quantity: Option<bool>,
    /// Per-lead price (quantity item) or dollar budget (dollar item).
    #[serde(rename = "Price", default, deserialize_with = "de::decimal_or_zero")]
    pub price: Decimal,
    /// Delivered dollars as of the snapshot; when absent counted from the ledger.
    #[serde(rename = "SentPrice", default, deserialize_with = "de::opt_decimal")]
    pub sent_price: Option<Decimal>,
}

/// A client's order: a budget of leads over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Identifier of the order.
    #[serde(
        rename = "ClientOrderUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_order_uid: Uid,
    /// The client.
    #[serde(rename = "ClientUID", default, deserialize_with = "de::i64_or_zero")]
    pub client_uid: Uid,
    /// Start (null: started).
    #[serde(rename = "StartDate", default, deserialize_with = "de::opt_instant")]
    pub start_date: Option<DateTime<Utc>>,
    /// End, exclusive (null: never ends).
    #[serde(rename = "EndDate", default, deserialize_with = "de::opt_instant")]
    pub end_date: Option<DateTime<Utc>>,
    /// Only `Open` orders are usable.
    #[serde(rename = "Status", default = "default_order_status")]
    pub status: OrderStatus,
    /// Renewal (carried).
    #[serde(rename = "Renewal", default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Renewal>,
    /// Auto-charge (carried).
    #[serde(rename = "AutoCharge", default, deserialize_with = "de::bool_or_false")]
    pub auto_charge: bool,
    /// The order's lines.
    #[serde(rename = "Items", default)]
    pub items: Vec<OrderItem>,
}

fn default_order_status() -> OrderStatus {
    OrderStatus::Open
}

/// One value of a distribution list and the clients it is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DistributionListItem {
    /// Identifier of the item.
    #[serde(
        rename = "CustomListItemUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub custom_list_item_uid: Uid,
    /// Parent list.
    #[serde(
        rename = "CustomListUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub custom_list_uid: Uid,
    /// Description.
    #[serde(rename = "Description", default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// Tag 1 (carried).
    #[serde(rename = "Tag1", default, deserialize_with = "de::opt_string")]
    pub tag1: Option<String>,
    /// Tag 2 (carried).
    #[serde(rename = "Tag2", default, deserialize_with = "de::opt_string")]
    pub tag2: Option<String>,
    /// The field value this item stands for (matched trimmed, case-insensitively).
    #[serde(rename = "Value", default, deserialize_with = "de::string_or_empty")]
    pub value: String,
    /// Single assignment (0: none).
    #[serde(rename = "AssignedClient", default, deserialize_with = "de::opt_i64")]
    pub assigned_client: Option<i64>,
    /// Pipe-separated client ids.
    #[serde(
        rename = "AssignedClients",
        default,
        deserialize_with = "de::opt_string"
    )]
    pub assigned_clients: Option<String>,
    /// Name of the assigned client (carried).
    #[serde(rename = "AssignedName", default, deserialize_with = "de::opt_string")]
    pub assigned_name: Option<String>,
}

/// A distribution list: which clients may buy leads with a given field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionList {
    /// Identifier of the list.
    #[serde(
        rename = "CustomListUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub custom_list_uid: Uid,
    /// Account (carried).
    #[serde(rename = "AccountUID", default, deserialize_with = "de::opt_i64")]
    pub account_uid: Option<i64>,
    /// The lead type it applies to.
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_type_uid: Uid,
    /// The lead field whose value selects an item.
    #[serde(rename = "LeadFieldUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_field_uid: Uid,
    /// Name of the list.
    #[serde(rename = "Description", default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// Name of the field (carried).
    #[serde(rename = "FieldName", default, deserialize_with = "de::opt_string")]
    pub field_name: Option<String>,
    /// The client allowed when no item matches or it has no assignment (0: none).
    #[serde(rename = "DefaultClient", default, deserialize_with = "de::opt_i64")]
    pub default_client: Option<i64>,
    /// 1 Active, 0 Inactive.
    #[serde(rename = "Status", default, deserialize_with = "de::i64_or_zero")]
    pub status: i64,
    /// A field the list depends on (0: none).
    #[serde(rename = "DependField", default, deserialize_with = "de::opt_i64")]
    pub depend_field: Option<i64>,
    /// The value of the dependency field for which the list applies.
    #[serde(rename = "Value", default, deserialize_with = "de::opt_string")]
    pub value: Option<String>,
    /// The list's items.
    #[serde(rename = "Items", default)]
    pub items: Vec<DistributionListItem>,
}

/// A lead source (vendor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadSource {
    /// Identifier of the source (a lead's `VID`).
    #[serde(rename = "LPVendorUID", default, deserialize_with = "de::i64_or_zero")]
    pub lp_vendor_uid: Uid,
    /// Name.
    #[serde(rename = "Name", default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    /// Only `Active` sources post leads.
    #[serde(rename = "Status", default = "default_source_status")]
    pub status: SourceStatus,
}

fn default_source_status() -> SourceStatus {
    SourceStatus::Active
}

/// A lead source's campaign: where leads are posted, with caps, rules and max sell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// The lead source (a lead's `VID`).
    #[serde(rename = "VendorUID", default, deserialize_with = "de::i64_or_zero")]
    pub vendor_uid: Uid,
    /// Identifier of the campaign (a lead's `AID`).
    #[serde(
        rename = "VendorAccountUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub vendor_account_uid: Uid,
    /// Channel (carried).
    #[serde(rename = "Channel", default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Name.
    #[serde(rename = "AccountName", default, deserialize_with = "de::opt_string")]
    pub account_name: Option<String>,
    /// The lead type it receives.
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_type_uid: Uid,
    /// Only `Active` campaigns post leads.
    #[serde(rename = "Status", default = "default_campaign_status")]
    pub status: CampaignStatus,
    /// Accepted leads per calendar month (null: none).
    #[serde(rename = "MonthMax", default, deserialize_with = "de::opt_i64")]
    pub month_max: Option<i64>,
    /// Accepted leads per calendar day (null: none).
    #[serde(rename = "DayMax", default, deserialize_with = "de::opt_i64")]
    pub day_max: Option<i64>,
    /// Accepted leads per rolling hour (null: none).
    #[serde(rename = "HourMax", default, deserialize_with = "de::opt_i64")]
    pub hour_max: Option<i64>,
    /// Default lead price (carried).
    #[serde(rename = "LeadPrice", default, deserialize_with = "de::opt_decimal")]
    pub lead_price: Option<Decimal>,
    /// How many buyers a lead may be sold to (null or <= 0: 1).
    #[serde(rename = "MaxSell", default, deserialize_with = "de::opt_i64")]
    pub max_sell: Option<i64>,
    /// Days within which a matching lead is a duplicate (null or 0: no check).
    #[serde(rename = "DupDayMax", default, deserialize_with = "de::opt_i64")]
    pub dup_day_max: Option<i64>,
    /// Fill City and State from the ZIP table when empty.
    #[serde(
        rename = "AppendCityStateFromPostalCode",
        default,
        deserialize_with = "de::bool_or_false"
    )]
    pub append_city_state_from_postal_code: bool,
    /// The campaign's acceptance rules, evaluated like criteria.
    #[serde(rename = "Rules", default)]
    pub rules: Vec<Criterion>,
}

fn default_campaign_status() -> CampaignStatus {
    CampaignStatus::Active
}

/// A ledger entry: one send of a lead to a delivery account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Send {
    /// The lead sent.
    #[serde(rename = "LeadUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_uid: Uid,
    /// The buyer.
    #[serde(rename = "ClientUID", default, deserialize_with = "de::i64_or_zero")]
    pub client_uid: Uid,
    /// The delivery account (`DeliveryUID` in the delivery log request).
    #[serde(
        rename = "ClientAccountUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_account_uid: Uid,
    /// The order sent against (0: none).
    #[serde(
        rename = "ClientOrderUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_order_uid: Uid,
    /// The order item sent against (0: none).
    #[serde(
        rename = "ClientOrderItemUID",
        default,
        deserialize_with = "de::i64_or_zero"
    )]
    pub client_order_item_uid: Uid,
    /// When it was sent (UTC).
    #[serde(rename = "DateSent", deserialize_with = "instant_required")]
    pub date_sent: DateTime<Utc>,
    /// Only valid sends count toward caps, orders, max sell and "already sent".
    #[serde(
        rename = "IsValid",
        alias = "isValid",
        default = "default_true",
        deserialize_with = "bool_or_true"
    )]
    pub is_valid: bool,
    /// The price it sold for.
    #[serde(rename = "Price", default, deserialize_with = "de::decimal_or_zero")]
    pub price: Decimal,
    /// Sold exclusively.
    #[serde(rename = "Exclusive", default, deserialize_with = "de::bool_or_false")]
    pub exclusive: bool,
}

fn default_true() -> bool {
    true
}

fn bool_or_true<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(de::opt_bool(d)?.unwrap_or(true))
}

fn instant_required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    de::opt_instant(d)?.ok_or_else(|| serde::de::Error::custom("a date-time is required"))
}

/// A lead as posted: identity, origin, time received and field values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// Identifier of the lead.
    #[serde(rename = "LeadUID", default, deserialize_with = "de::i64_or_zero")]
    pub lead_uid: Uid,
    /// Its lead type.
    #[serde(rename = "LeadTypeUID", default, deserialize_with = "de::opt_i64")]
    pub lead_type_uid: Option<i64>,
    /// Lead source (`LPVendorUID`).
    #[serde(rename = "VID", default, deserialize_with = "de::opt_i64")]
    pub vid: Option<i64>,
    /// Campaign (`VendorAccountUID`).
    #[serde(rename = "AID", default, deserialize_with = "de::opt_i64")]
    pub aid: Option<i64>,
    /// When the lead arrived (UTC).
    #[serde(rename = "DateReceived", default, deserialize_with = "de::opt_instant")]
    pub date_received: Option<DateTime<Utc>>,
    /// Values keyed by field `Descriptor` (case-insensitive) or `LeadFieldUID`;
    /// numbers and booleans are turned into text, null is no value.
    #[serde(rename = "Fields", default, deserialize_with = "field_values")]
    pub fields: BTreeMap<String, String>,
}

fn field_values<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let raw: Option<BTreeMap<String, serde_json::Value>> = Option::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (k, v) in raw.unwrap_or_default() {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "Fields.{k}: a field value must be a string, number or boolean, not {other}"
                )))
            }
        };
        out.insert(k, text);
    }
    Ok(out)
}
