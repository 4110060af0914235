//! One line of `leadroute escalate --input cases.jsonl` (SPEC 11): a JSON case in, a JSON
//! answer out. The binary only reads lines and prints; everything else happens here.

use chrono::{DateTime, SecondsFormat, Utc};
use leadroute_time::Zone;
use serde_json::{json, Map, Value};

use crate::schedule::{parse_holidays, resolve_named_zone};
use crate::{Error, ErrorKind, EscalationDay, EscalationSchedule};

/// The zone used when a case has no `timezone`: the engine's default zone (SPEC 5).
pub const DEFAULT_ZONE: Zone = Zone::Iana(chrono_tz::Tz::America__Los_Angeles);

fn rfc3339(t: Option<DateTime<Utc>>) -> Value {
    match t {
        Some(t) => Value::String(t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        None => Value::Null,
    }
}

fn field<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).filter(|v| !v.is_null())
}

fn instant(obj: &Map<String, Value>, name: &str) -> Result<DateTime<Utc>, Error> {
    let v = field(obj, name).ok_or_else(|| Error::new(name, ErrorKind::Missing))?;
    let s = v
        .as_str()
        .ok_or_else(|| Error::new(name, ErrorKind::BadInstant(v.to_string())))?;
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::new(name, ErrorKind::BadInstant(s.to_string())))
}

fn seconds(obj: &Map<String, Value>) -> Result<u64, Error> {
    let v = field(obj, "seconds").ok_or_else(|| Error::new("seconds", ErrorKind::Missing))?;
    let bad = || Error::new("seconds", ErrorKind::BadSeconds(v.to_string()));
    if let Some(n) = v.as_u64() {
        return Ok(n);
    }
    match v.as_f64() {
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Ok(f as u64),
        _ => Err(bad()),
    }
}

fn from_json<T: serde::de::DeserializeOwned>(v: &Value, location: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let err = Error::new(
            if path == "." { String::new() } else { path },
            ErrorKind::Json(e.into_inner().to_string()),
        );
        err.under(location)
    })
}

/// Answers one case of the `escalate` command.
///
/// Input: `{"escalation_active", "timezone", "from", "seconds", "holidays"?}` gives
/// `{"escalates_at": RFC 3339 UTC with Z, or null}`; with `"op": "open_seconds"` and
/// `"to"`, `{"open_seconds": n}`; with `"op": "next_open"`, `{"next_open": ... or null}`.
/// `escalation_active` absent or null is always open; `timezone` absent, null or empty is
/// [`DEFAULT_ZONE`]; instants are RFC 3339 and may carry any offset.
///
/// ```
/// use serde_json::json;
/// let case = json!({
///     "escalation_active": [{"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "16:00:00"}],
///     "timezone": "UTC", "from": "2026-03-09T15:00:00Z", "seconds": 3600
/// });
/// assert_eq!(
///     leadroute_escalation::answer_case(&case).unwrap(),
///     json!({"escalates_at": "2026-03-09T16:00:00Z"})
/// );
/// ```
///
/// # Errors
/// A located [`Error`] for a line that is not an object, an unknown `op`, a missing or
/// malformed field, an unknown zone, or `to` before `from`; the binary prints it as
/// `{"error": "..."}`.
pub fn answer_case(line: &Value) -> Result<Value, Error> {
    let obj = line
        .as_object()
        .ok_or_else(|| Error::new("", ErrorKind::Json("expected a JSON object".into())))?;
    let op = match field(obj, "op") {
        None => "escalates_at",
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(Error::new("op", ErrorKind::UnknownOp(other.to_string()))),
    };
    if !matches!(op, "escalates_at" | "open_seconds" | "next_open") {
        return Err(Error::new("op", ErrorKind::UnknownOp(op.to_string())));
    }
    let days: Vec<EscalationDay> = match field(obj, "escalation_active") {
        None => Vec::new(),
        Some(v) => from_json(v, "escalation_active")?,
    };
    let zone_name: Option<String> = match field(obj, "timezone") {
        None => None,
        Some(v) => Some(from_json(v, "timezone")?),
    };
    let zone = resolve_named_zone(zone_name.as_deref(), &DEFAULT_ZONE)?;
    let holiday_texts: Vec<String> = match field(obj, "holidays") {
        None => Vec::new(),
        Some(v) => from_json(v, "holidays")?,
    };
    let holidays = parse_holidays(&holiday_texts)?;
    let from = instant(obj, "from")?;
    let schedule = EscalationSchedule::compile(&days, &holidays, zone)?;
    Ok(match op {
        "open_seconds" => {
            let to = instant(obj, "to")?;
            let n = schedule
                .open_seconds(from, to)
                .map_err(|_| Error::new("to", ErrorKind::EndBeforeStart))?;
            json!({ "open_seconds": n })
        }
        "next_open" => json!({ "next_open": rfc3339(schedule.next_open(from)) }),
        _ => json!({ "escalates_at": rfc3339(schedule.escalates_at(from, seconds(obj)?)) }),
    })
}
