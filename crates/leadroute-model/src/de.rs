//! Lenient readers for the source API's loosely typed JSON scalars.
//!
//! The source API's examples write booleans as `0`, strings as numbers (`"State": 0`),
//! integers as strings, and placeholder dates such as `"00-00-00T00:00:00Z"`. These
//! functions, used through `#[serde(deserialize_with = ...)]`, accept every such form
//! that has one clear meaning and reject the rest with a message saying what was
//! expected. Money is read exactly: a JSON number's shortest decimal text is parsed as a
//! [`Decimal`], never through binary floating point arithmetic.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

/// Parses an instant as written in the source API's date fields.
///
/// Accepted: RFC 3339 (`2020-08-24T15:57:09.828Z`, `...+02:00`), the same without an
/// offset (read as UTC), `YYYY-MM-DD HH:MM[:SS]` (UTC), and `YYYY-MM-DD` (midnight UTC).
/// Returns `Ok(None)` for the source's all-zero placeholder dates
/// (`00-00-00T00:00:00Z`, `0000-00-00...`), which mean "no date".
///
/// # Errors
/// A message naming the text when it is none of these.
pub fn parse_instant(text: &str) -> Result<Option<DateTime<Utc>>, String> {
    let t = text.trim();
    if t.is_empty() || is_zero_date(t) {
        return Ok(None);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(dt.with_timezone(&Utc)));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(Some(n.and_utc()));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        if let Some(n) = d.and_hms_opt(0, 0, 0) {
            return Ok(Some(n.and_utc()));
        }
    }
    Err(format!(
        "{text:?} is not a date-time (expected RFC 3339, e.g. 2026-03-08T14:30:00Z)"
    ))
}

fn is_zero_date(t: &str) -> bool {
    let date_part = t.split(['T', ' ']).next().unwrap_or(t);
    !date_part.is_empty() && date_part.chars().all(|c| c == '0' || c == '-')
}

/// Parses a decimal amount: optional `$`, thousands commas, sign.
///
/// # Errors
/// A message naming the text when it is not a decimal number.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let cleaned: String = rest.chars().filter(|c| *c != ',').collect();
    let d = Decimal::from_str(&cleaned)
        .or_else(|_| Decimal::from_scientific(&cleaned))
        .map_err(|_| format!("{text:?} is not a decimal number"))?;
    Ok(if neg { -d } else { d })
}

fn f64_to_decimal(v: f64) -> Result<Decimal, String> {
    if !v.is_finite() {
        return Err(format!("{v} is not a finite number"));
    }
    // Shortest round-trip text of the double, then an exact decimal parse.
    let text = format!("{v}");
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| format!("{v} is out of the decimal range"))
}

fn f64_to_i64(v: f64) -> Result<i64, String> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() <= 9.0e15 {
        // ok: integral and well inside i64, so the cast is exact
        Ok(v as i64)
    } else {
        Err(format!("{v} is not an integer in range"))
    }
}

/// Parses an integer from text: optional sign, digits, thousands commas, `12.0`.
///
/// # Errors
/// A message naming the text when it is not such an integer.
pub fn parse_i64(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let cleaned: String = t.chars().filter(|c| *c != ',').collect();
    if let Ok(n) = cleaned.parse::<i64>() {
        return Ok(n);
    }
    match cleaned.parse::<f64>() {
        Ok(f) => f64_to_i64(f).map_err(|_| format!("{text:?} is not an integer in range")),
        Err(_) => Err(format!("{text:?} is not an integer")),
    }
}

struct OptI64;
impl<'de> Visitor<'de> for OptI64 {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom(format!("{v} is out of range")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        f64_to_i64(v).map(Some).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        parse_i64(v).map(Some).map_err(E::custom)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(i64::from(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptI64)
    }
}

/// An optional integer: a number, a numeric string, a boolean (0/1) or null.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(OptI64)
}

/// An integer as [`opt_i64`]; null reads as 0.
pub fn i64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(d.deserialize_any(OptI64)?.unwrap_or(0))
}

/// An optional `i32` (priorities, weekdays): as [`opt_i64`], range-checked.
pub fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    match d.deserialize_any(OptI64)? {
        None => Ok(None),
        Some(n) => i32::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("{n} is out of range"))),
    }
}

struct OptF64;
impl<'de> Visitor<'de> for OptF64 {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        // ok: exact for the magnitudes used (offsets, weights, shares)
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        // ok: as above
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(E::custom(format!("{v} is not a finite number")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Some(f)),
            _ => Err(E::custom(format!("{v:?} is not a number"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptF64)
    }
}

/// An optional float: a number, a numeric string or null.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptF64)
}

struct OptBool;
impl<'de> Visitor<'de> for OptBool {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0/1, \"true\"/\"false\" or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::custom(format!("{v} is not a boolean (0 or 1)"))),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::custom(format!("{v} is not a boolean (0 or 1)"))),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" | "yes" | "y" | "on" => Ok(Some(true)),
            "false" | "0" | "no" | "n" | "off" => Ok(Some(false)),
            _ => Err(E::custom(format!("{v:?} is not a boolean"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptBool)
    }
}

/// An optional boolean: `true`/`false`, `0`/`1`, their strings, or null.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(OptBool)
}

/// A boolean as [`opt_bool`]; null reads as false.
pub fn bool_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(d.deserialize_any(OptBool)?.unwrap_or(false))
}

struct OptString;
impl<'de> Visitor<'de> for OptString {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(format!("{v}")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptString)
    }
}

/// An optional string; numbers and booleans are turned into their text.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptString)
}

/// A string as [`opt_string`]; null reads as empty.
pub fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(d.deserialize_any(OptString)?.unwrap_or_default())
}

struct OptDecimal;
impl<'de> Visitor<'de> for OptDecimal {
    type Value = Option<Decimal>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        f64_to_decimal(v).map(Some).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        parse_decimal(v).map(Some).map_err(E::custom)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptDecimal)
    }
}

/// An optional exact decimal (prices): a number, a money string or null.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(OptDecimal)
}

/// A decimal as [`opt_decimal`]; null reads as 0.
pub fn decimal_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Ok(d.deserialize_any(OptDecimal)?.unwrap_or(Decimal::ZERO))
}

/// An optional instant, as [`parse_instant`] reads it; null and placeholders are `None`.
pub fn opt_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match d.deserialize_any(OptString)? {
        None => Ok(None),
        Some(s) => parse_instant(&s).map_err(de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("$1,234.50").unwrap().to_string(), "1234.50");
        assert_eq!(parse_decimal("-12").unwrap(), Decimal::from(-12));
        assert_eq!(f64_to_decimal(0.1).unwrap().to_string(), "0.1");
        assert_eq!(f64_to_decimal(35.75).unwrap().to_string(), "35.75");
        assert!(f64_to_decimal(1e300).is_err());
        assert!(parse_decimal("12x").is_err());
    }

    #[test]
    fn integers_accept_commas_and_integral_fractions() {
        assert_eq!(parse_i64("1,250").unwrap(), 1250);
        assert_eq!(parse_i64("12.0").unwrap(), 12);
        assert!(parse_i64("12.5").is_err());
        assert!(parse_i64("1e300").is_err());
    }

    #[test]
    fn instants_and_placeholders() {
        let t = parse_instant("2020-08-24T15:57:09.828Z").unwrap().unwrap();
        assert_eq!(t.to_rfc3339(), "2020-08-24T15:57:09.828+00:00");
        assert_eq!(parse_instant("00-00-00T00:00:00Z").unwrap(), None);
        assert_eq!(
            parse_instant("2026-03-08 02:30")
                .unwrap()
                .unwrap()
                .to_rfc3339(),
            "2026-03-08T02:30:00+00:00"
        );
        assert!(parse_instant("yesterday").is_err());
        assert!(parse_instant("2026-13-45T00:00:00Z").is_err());
    }
}
