//! Helpers shared by the test modules: reading a record by its type name, and a
//! subset comparison of JSON values.

use leadroute_model::*;
use serde_json::Value;

/// Reads `text` as the record type named `record` and returns it serialized, so that
/// tables can state expected values as JSON.
pub fn read_as(record: &str, text: &str) -> Result<Value, Problem> {
    fn go<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<Value, Problem> {
        let v: T = parse_record(text)?;
        Ok(serde_json::to_value(&v).expect("records serialize"))
    }
    match record {
        "Settings" => go::<Settings>(text),
        "LeadType" => go::<LeadType>(text),
        "LeadField" => go::<LeadField>(text),
        "Client" => go::<Client>(text),
        "DeliveryAccount" => go::<DeliveryAccount>(text),
        "DeliveryDetails" => go::<DeliveryDetails>(text),
        "Order" => go::<Order>(text),
        "DistributionList" => go::<DistributionList>(text),
        "DistributionListItem" => go::<DistributionListItem>(text),
        "LeadSource" => go::<LeadSource>(text),
        "Campaign" => go::<Campaign>(text),
        "Send" => go::<Send>(text),
        "Lead" => go::<Lead>(text),
        other => panic!("the table names an unknown record type {other:?}"),
    }
}

/// Checks that every member `expected` names is in `actual` with the same value
/// (recursively; arrays must have the same length). An expected `null` also matches
/// a member that is absent (an empty optional value is not written).
pub fn check_subset(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let path = format!("{at}.{k}");
                match a.get(k) {
                    Some(av) => check_subset(ev, av, &path)?,
                    None if ev.is_null() => {}
                    None => return Err(format!("{path}: missing, expected {ev}")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{at}: {} elements, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                check_subset(ev, av, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{at}: {a}, expected {e}")),
    }
}
