//! Fuzzes the criteria compile step and evaluation with arbitrary text: compiling any
//! criterion (every type and operator, any `Value` and `Expression`) against a lead type
//! with a field of each data type, then evaluating it against any lead value and
//! explaining the failure, must never panic; nor may `eval_case` on arbitrary JSON.
//!
//! Input layout: the first two bytes pick the criterion type and operator, the third the
//! field; the rest is UTF-8 (lossy) split on the first two `\u{1f}` into `Value`,
//! `Expression` and the lead value.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use leadroute_criteria::{compile, eval_case, LeadSchema, Zone};
use leadroute_model::{parse_record, Criterion, LeadType};
use libfuzzer_sys::fuzz_target;

const TYPES: [&str; 3] = ["FieldValue", "Expression", "Function"];
const OPERATORS: [&str; 14] = [
    "Equal",
    "NotEqual",
    "Greater",
    "Less",
    "GreaterOrEqual",
    "LessOrEqual",
    "Between",
    "In",
    "NotIn",
    "Contains",
    "Doesnt_Contain",
    "DateCompare",
    "Distance_Compare",
    "",
];
const FIELDS: [&str; 9] = [
    "Int", "Bigint", "Money", "Decimal", "Float", "Bit", "DateTime", "Varchar", "No_DataType",
];

fn schema() -> &'static LeadSchema {
    static SCHEMA: OnceLock<LeadSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let fields: Vec<String> = FIELDS
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(r#"{{"LeadFieldUID": {}, "Descriptor": "F{t}", "FieldDataType": "{t}"}}"#, i + 1)
            })
            .collect();
        let lt: LeadType =
            parse_record(&format!(r#"{{"LeadTypeUID": 1, "Fields": [{}]}}"#, fields.join(",")))
                .expect("the fuzz lead type reads");
        LeadSchema::new(&lt)
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let kind = TYPES[usize::from(data[0]) % TYPES.len()];
    let op = OPERATORS[usize::from(data[1]) % OPERATORS.len()];
    let field = usize::from(data[2]) % FIELDS.len();
    let text = String::from_utf8_lossy(&data[3..]);
    let mut parts = text.splitn(3, '\u{1f}');
    let value = parts.next().unwrap_or("");
    let expr = parts.next().unwrap_or("");
    let lead_value = parts.next().unwrap_or("");

    let s = schema();
    let json = serde_json::json!({
        "ClientCriteriaUID": 1, "LeadFieldUID": field + 1, "Type": kind,
        "Operator": op, "Value": value, "Expression": expr,
    });
    if let Ok(c) = parse_record::<Criterion>(&json.to_string()) {
        if let Ok(cc) = compile(s, &c) {
            let mut values = BTreeMap::new();
            values.insert((field + 1).to_string(), lead_value.to_string());
            values.insert(((field + 1) % FIELDS.len() + 1).to_string(), lead_value.to_string());
            let lead = s.prepare(&values);
            let now = Utc.with_ymd_and_hms(2024, 2, 29, 7, 30, 0).unwrap();
            for zone in [Zone::UTC, Zone::from_name("America/New_York").unwrap()] {
                if let Err(f) = cc.check(&lead, now, &zone) {
                    let _ = f.detail();
                }
            }
        }
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&data[3..]) {
        let _ = eval_case(&v);
    }
});
