//! The intake world: two lead types, three lead sources and campaigns that each pin one
//! setting, in `America/New_York`; leads are JSON text so each case reads like a post.

use chrono::{DateTime, Utc};
use leadroute_engine::intake::{Intake, IntakeResult, ResponseType};
use leadroute_model::{load_snapshot, parse_record, Lead};
use serde_json::{json, Value};

/// The instant most cases post at: Monday 2026-05-04 11:00 EDT.
pub const NOW: &str = "2026-05-04T15:00:00Z";

/// Parses an RFC 3339 instant.
pub fn at(t: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(t)
        .expect("test instants are RFC 3339")
        .with_timezone(&Utc)
}

/// The snapshot: lead type 1 (Email required and validated; Phone stripped of non-digits,
/// required and validated; State enumerated; Age an Int; Zip, City), lead type 2 (City
/// required; Mobile a phone without InvalidChars; Alt a plain text), sources 3 (Active),
/// 4 (OnHold), 5 (Active), and campaigns:
/// - 30: source 3, type 1, HourMax 2, DupDayMax 30, rule Age >= 18;
/// - 31: source 3, type 1, Inactive;
/// - 40: source 4 (on hold), type 1;
/// - 32: source 3, type 2, AppendCityStateFromPostalCode, DupDayMax 1;
/// - 33: source 3, type 1, no DupDayMax, AppendCityStateFromPostalCode;
/// - 34: source 3, type 1, DayMax 1; 35: MonthMax 1; 36: type 2, no appending;
/// - 37: source 3, type 1, DupDayMax 1; 38: source 5, type 1, rule that does not compile;
/// - 39: source 3, type 1, DupDayMax 30 (no caps, no rules);
/// - 41: source 3, type 1, one rule marked `Delete: true` (Age Equal 99);
/// - 42: source 3, type 1, HourMax 0, DayMax -1, MonthMax null (no maximum at all);
/// - 43: source 3, type 1, rule Phone Equal 5551234567 (the value InvalidChars leaves).
pub fn snapshot(leads: Value) -> Value {
    json!({
        "Settings": {"DefaultTimeZone": "America/New_York"},
        "LeadTypes": [
            {"LeadTypeUID": 1, "Descriptor": "Mortgage", "DefaultDupSets": "Email; FirstName, Phone",
             "Fields": [
                {"LeadFieldUID": 11, "Descriptor": "Email", "Required": true,
                 "Validation": "^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", "FmtError": "Enter a valid e-mail address"},
                {"LeadFieldUID": 12, "Descriptor": "FirstName"},
                {"LeadFieldUID": 13, "Descriptor": "Phone", "SpecialBit": "PrimaryPhone", "Required": true,
                 "InvalidChars": "[^0-9]", "Validation": "^[0-9]{10}$"},
                {"LeadFieldUID": 14, "Descriptor": "State", "SpecialBit": "State", "Enumerated": true,
                 "FieldEnums": [{"Descriptor": "CA"}, {"Descriptor": "TX"}, {"Descriptor": "NY"},
                                {"Descriptor": "NV", "Delete": true}]},
                {"LeadFieldUID": 15, "Descriptor": "Age", "FieldDataType": "Int"},
                {"LeadFieldUID": 16, "Descriptor": "Zip", "SpecialBit": "Zip"},
                {"LeadFieldUID": 17, "Descriptor": "City", "SpecialBit": "City"}
             ]},
            {"LeadTypeUID": 2, "Descriptor": "Solar", "DefaultDupSets": "Mobile;Alt",
             "Fields": [
                {"LeadFieldUID": 21, "Descriptor": "Zip", "SpecialBit": "Zip"},
                {"LeadFieldUID": 22, "Descriptor": "City", "Required": true},
                {"LeadFieldUID": 23, "Descriptor": "St", "isState": true},
                {"LeadFieldUID": 24, "Descriptor": "Mobile", "SpecialBit": "MobilePhone"},
                {"LeadFieldUID": 25, "Descriptor": "Alt"}
             ]}
        ],
        "LeadSources": [
            {"LPVendorUID": 3, "Status": "Active"},
            {"LPVendorUID": 4, "Status": "OnHold"},
            {"LPVendorUID": 5, "Status": "Active"}
        ],
        "Campaigns": [
            {"VendorUID": 3, "VendorAccountUID": 30, "LeadTypeUID": 1, "Status": "Active",
             "HourMax": 2, "DupDayMax": 30,
             "Rules": [{"LeadFieldUID": 15, "Type": "FieldValue", "Operator": "GreaterOrEqual", "Value": "18"}]},
            {"VendorUID": 3, "VendorAccountUID": 31, "LeadTypeUID": 1, "Status": "Inactive"},
            {"VendorUID": 4, "VendorAccountUID": 40, "LeadTypeUID": 1, "Status": "Active"},
            {"VendorUID": 3, "VendorAccountUID": 32, "LeadTypeUID": 2, "Status": "Active",
             "AppendCityStateFromPostalCode": true, "DupDayMax": 1},
            {"VendorUID": 3, "VendorAccountUID": 33, "LeadTypeUID": 1, "Status": "Active",
             "AppendCityStateFromPostalCode": true},
            {"VendorUID": 3, "VendorAccountUID": 34, "LeadTypeUID": 1, "Status": "Active", "DayMax": 1},
            {"VendorUID": 3, "VendorAccountUID": 35, "LeadTypeUID": 1, "Status": "Active", "MonthMax": 1},
            {"VendorUID": 3, "VendorAccountUID": 36, "LeadTypeUID": 2, "Status": "Active"},
            {"VendorUID": 3, "VendorAccountUID": 37, "LeadTypeUID": 1, "Status": "Active", "DupDayMax": 1},
            {"VendorUID": 5, "VendorAccountUID": 38, "LeadTypeUID": 1, "Status": "Active",
             "Rules": [{"LeadFieldUID": 15, "Type": "FieldValue", "Operator": "Between", "Value": "9|1"}]},
            {"VendorUID": 3, "VendorAccountUID": 39, "LeadTypeUID": 1, "Status": "Active", "DupDayMax": 30},
            {"VendorUID": 3, "VendorAccountUID": 41, "LeadTypeUID": 1, "Status": "Active",
             "Rules": [{"LeadFieldUID": 15, "Type": "FieldValue", "Operator": "Equal", "Value": "99", "Delete": true}]},
            {"VendorUID": 3, "VendorAccountUID": 42, "LeadTypeUID": 1, "Status": "Active",
             "HourMax": 0, "DayMax": -1, "MonthMax": null},
            {"VendorUID": 3, "VendorAccountUID": 43, "LeadTypeUID": 1, "Status": "Active",
             "Rules": [{"LeadFieldUID": 13, "Type": "FieldValue", "Operator": "Equal", "Value": "5551234567"}]}
        ],
        "Leads": leads
    })
}

/// An intake over [`snapshot`] with these earlier accepted leads.
pub fn intake_with(leads: Value) -> Intake {
    let s = load_snapshot(&snapshot(leads).to_string());
    assert!(
        s.problems
            .iter()
            .all(|p| !p.is_error() || p.path.starts_with("Campaigns[9]")),
        "{:?}",
        s.problems
    );
    Intake::new(&s)
}

/// A good lead of type 1 for campaign 30, as JSON (cases change one member).
pub fn good() -> Value {
    json!({"LeadUID": 1, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": NOW,
           "Fields": {"Email": "ann@example.com", "FirstName": "Ann", "Phone": "(555) 123-4567",
                      "State": "CA", "Age": "30", "Zip": "90210"}})
}

/// `base` with `changes` merged in (a null member removes it; `Fields` merge by key).
pub fn with(base: &Value, changes: &Value) -> Value {
    let mut out = base.clone();
    for (k, v) in changes.as_object().expect("changes are an object") {
        if k == "Fields" {
            let fields = out["Fields"].as_object_mut().expect("Fields is an object");
            for (fk, fv) in v.as_object().expect("Fields changes are an object") {
                if fv.is_null() {
                    fields.remove(fk);
                } else {
                    fields.insert(fk.clone(), fv.clone());
                }
            }
        } else if v.is_null() {
            out.as_object_mut().expect("a lead is an object").remove(k);
        } else {
            out[k] = v.clone();
        }
    }
    out
}

/// Reads a lead.
pub fn lead(v: &Value) -> Lead {
    parse_record(&v.to_string()).expect("test leads read")
}

/// Posts `v` at its `DateReceived` (or [`NOW`]).
pub fn post(intake: &mut Intake, v: &Value) -> IntakeResult {
    let l = lead(v);
    let now = l.date_received.unwrap_or_else(|| at(NOW));
    intake.intake(l, now)
}

/// Asserts the answer's type and its exact details.
#[track_caller]
pub fn expect(r: &IntakeResult, t: ResponseType, details: &str) {
    assert_eq!(
        (r.response_type, r.details.as_str()),
        (t, details),
        "lead {}",
        r.lead_uid
    );
}
