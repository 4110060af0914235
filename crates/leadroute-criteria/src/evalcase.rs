//! One case of `leadroute eval` (SPEC.md 11 and 11.1): a single criterion and a single
//! lead value in, `{"matched": bool, "reason"?: string}` out.
//!
//! Input keys: `FieldDataType` (default `No_DataType`), `Type` (default `FieldValue`),
//! `Operator`, `Value` (default empty), `Expression`, `LeadValue` (absent or null: no
//! value), `Now` (RFC 3339), `TimeZone` (default `America/Los_Angeles`, the default of
//! `Settings.DefaultTimeZone`), `Fields` (`{"Descriptor": "value"}` for `Function`
//! criteria). Enumerations take names or numbers; values may be JSON strings, numbers
//! or booleans.
//!
//! The tested field is called `LeadValue` (LeadFieldUID 1), so a `Function` expression
//! can name it as `[LeadValue]` or `{1}`; the `Fields` entries are untyped fields
//! (`No_DataType`, so arithmetic reads them as decimals) with UIDs from 2 in key order.
//! `Now` is required only by criteria that read the clock (`DateCompare`, and
//! `Function` expressions using `age_years`, `days_since`, `hour_of_day` or
//! `day_of_week`); a missing `Now` there is an error, never the system clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leadroute_model::{parse_record, Criterion, CriterionType, FieldDataType, LeadType, Operator};
use serde::Serialize;
use serde_json::Value;

use crate::criterion::compile;
use crate::error::Error;
use crate::lead::LeadSchema;
use crate::zone::Zone;

/// The default zone of `eval` cases without `TimeZone`.
pub const EVAL_DEFAULT_TIME_ZONE: &str = "America/Los_Angeles";

/// The outcome of one `eval` case: serialises as `{"matched": bool, "reason"?: "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalOutcome {
    /// Whether the criterion holds.
    pub matched: bool,
    /// Why it does not, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text_field(line: &Value, key: &str) -> Result<Option<String>, Error> {
    match line.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => scalar_text(v)
            .map(Some)
            .ok_or_else(|| Error::case(format!("{key} must be a string, number or boolean"))),
    }
}

fn enum_field<T>(
    line: &Value,
    key: &str,
    parse: impl Fn(&str) -> Result<T, leadroute_model::UnknownVariant>,
) -> Result<Option<T>, Error> {
    match text_field(line, key)? {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(t) => parse(&t)
            .map(Some)
            .map_err(|e| Error::case(format!("{key}: {e}"))),
    }
}

fn field(uid: i64, descriptor: &str, data_type: FieldDataType) -> Value {
    serde_json::json!({"LeadFieldUID": uid, "Descriptor": descriptor, "FieldDataType": data_type.as_str()})
}

/// Evaluates one `eval` input line.
///
/// # Errors
/// [`Error`] when the line is not an object, a key has the wrong type or an unknown
/// enumeration value, `TimeZone` or `Now` is invalid, `Now` is missing for a criterion
/// that reads the clock, or the criterion does not compile (the compile error's
/// message, e.g. `Between "20|10": min is greater than max`).
pub fn eval_case(line: &Value) -> Result<EvalOutcome, Error> {
    if !line.is_object() {
        return Err(Error::case("an eval case must be a JSON object"));
    }
    let data_type = enum_field(line, "FieldDataType", FieldDataType::parse)?
        .unwrap_or(FieldDataType::NoDataType);
    let criterion_type =
        enum_field(line, "Type", CriterionType::parse)?.unwrap_or(CriterionType::FieldValue);
    let operator = enum_field(line, "Operator", Operator::parse)?;
    let value = text_field(line, "Value")?.unwrap_or_default();
    let expression = text_field(line, "Expression")?;
    let lead_value = text_field(line, "LeadValue")?;
    let zone_name =
        text_field(line, "TimeZone")?.unwrap_or_else(|| EVAL_DEFAULT_TIME_ZONE.to_string());
    let zone = Zone::from_name(&zone_name)
        .ok_or_else(|| Error::case(format!("unknown TimeZone {zone_name:?}")))?;
    let now = match text_field(line, "Now")? {
        None => None,
        Some(t) => Some(
            DateTime::parse_from_rfc3339(t.trim())
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| Error::case(format!("Now {t:?} is not an RFC 3339 instant: {e}")))?,
        ),
    };

    let mut fields = vec![field(1, "LeadValue", data_type)];
    let mut values = BTreeMap::new();
    if let Some(v) = lead_value {
        values.insert("1".to_string(), v);
    }
    match line.get("Fields") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (uid, (k, v)) in (2..).zip(map) {
                let text = match v {
                    Value::Null => None,
                    other => Some(scalar_text(other).ok_or_else(|| {
                        Error::case(format!("Fields.{k} must be a string, number or boolean"))
                    })?),
                };
                fields.push(field(uid, k, FieldDataType::NoDataType));
                if let Some(t) = text {
                    values.insert(uid.to_string(), t);
                }
            }
        }
        Some(_) => return Err(Error::case("Fields must be an object")),
    }
    let lead_type_json =
        serde_json::json!({"LeadTypeUID": 1, "Descriptor": "eval", "Fields": fields});
    let lead_type: LeadType = parse_record(&lead_type_json.to_string())
        .map_err(|p| Error::case(format!("Fields: {}", p.message)))?;
    let schema = LeadSchema::new(&lead_type);
    let criterion = Criterion {
        criterion_uid: 0,
        lead_field_uid: 1,
        criterion_type,
        expression,
        operator,
        value,
        delete: false,
    };
    let compiled = compile(&schema, &criterion).map_err(Error::without_criterion)?;
    let now = match now {
        Some(n) => n,
        None if compiled.reads_clock() => {
            return Err(Error::case(
                "Now is required for a criterion that reads the clock",
            ));
        }
        // Not read by this criterion: any instant gives the same answer.
        None => DateTime::<Utc>::UNIX_EPOCH,
    };
    let lead = schema.prepare(&values);
    Ok(match compiled.check(&lead, now, &zone) {
        Ok(()) => EvalOutcome {
            matched: true,
            reason: None,
        },
        Err(f) => EvalOutcome {
            matched: false,
            reason: Some(f.detail()),
        },
    })
}
