//! Typed field values (SPEC.md 2): how a text is read as each `FieldDataType`.
//!
//! Lead values and criterion values go through the same parsers, so a criterion value
//! and a lead value of one field always have the same type. The accepted texts are
//! exactly the table of SPEC.md 2; anything else does not parse (a lead value that
//! does not parse fails its criteria; a criterion value that does not parse is a
//! compile error).

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use leadroute_model::FieldDataType;
use rust_decimal::Decimal;

/// A date-time value as written: an instant (RFC 3339 with offset), a wall-clock
/// date-time without offset, or a calendar date.
///
/// A wall-clock value is read in the client's time zone when compared (the boundary
/// rule of the time crate: the first instant the client's clock reads that time or
/// later); a date is compared by calendar date, a lead instant becoming its local date
/// in the client's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// An instant: RFC 3339 with `Z` or an offset.
    Instant(DateTime<Utc>),
    /// `YYYY-MM-DD HH:MM[:SS]` or `MM/DD/YYYY HH:MM[:SS]`: local wall-clock time.
    Wall(NaiveDateTime),
    /// `YYYY-MM-DD` or `MM/DD/YYYY`: a calendar date.
    Date(NaiveDate),
}

/// A value parsed according to its field's [`FieldDataType`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    /// `Int` and `Bigint`.
    Int(i64),
    /// `Money` and `Decimal`.
    Decimal(Decimal),
    /// `Float`: always finite.
    Float(f64),
    /// `Bit`.
    Bit(bool),
    /// `DateTime`.
    DateTime(DateValue),
    /// `Varchar` and `No_DataType`: the text is compared in its folded form.
    Text,
}

impl TypedValue {
    /// Parses a (trimmed) text as `data_type`; `None` when it is not a valid value of
    /// that type. Varchar and `No_DataType` accept every text.
    pub fn parse(data_type: FieldDataType, text: &str) -> Option<TypedValue> {
        let t = leadroute_model::trim(text);
        match data_type {
            FieldDataType::Int | FieldDataType::Bigint => parse_int(t).map(TypedValue::Int),
            FieldDataType::Money | FieldDataType::Decimal => {
                parse_decimal(t).map(TypedValue::Decimal)
            }
            FieldDataType::Float => parse_float(t).map(TypedValue::Float),
            FieldDataType::Bit => parse_bit(t).map(TypedValue::Bit),
            FieldDataType::DateTime => parse_datetime(t).map(TypedValue::DateTime),
            FieldDataType::Varchar | FieldDataType::NoDataType => Some(TypedValue::Text),
        }
    }

    /// The value as a decimal number, for arithmetic in `Function` criteria.
    pub(crate) fn to_decimal(&self) -> Option<Decimal> {
        match self {
            TypedValue::Int(i) => Some(Decimal::from(*i)),
            TypedValue::Decimal(d) => Some(*d),
            TypedValue::Float(f) => Decimal::from_str(&f.to_string()).ok(),
            TypedValue::Bit(b) => Some(Decimal::from(u8::from(*b))),
            TypedValue::DateTime(_) | TypedValue::Text => None,
        }
    }
}

/// The name of a data type as messages print it (`Int`, `Money`, `Varchar`, ...).
pub fn type_name(data_type: FieldDataType) -> &'static str {
    data_type.as_str()
}

/// Digits with optional thousands commas (`1,234,567`): the first group has one to
/// three digits, every later group exactly three. Returns the digits without commas.
fn grouped_digits(text: &str) -> Option<Cow<'_, str>> {
    if text.is_empty() {
        return None;
    }
    if !text.contains(',') {
        // The common case: plain digits, borrowed as they are.
        return text
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    for (i, group) in text.split(',').enumerate() {
        let ok_len = if i == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !ok_len || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(group);
    }
    Some(Cow::Owned(out))
}

/// `Int`/`Bigint`: optional sign, digits, optional thousands commas; a fraction of
/// zeros only is allowed (`12.0` is 12).
pub fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = split_sign(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return None;
        }
    }
    let digits = grouped_digits(int)?;
    let magnitude: i128 = digits.parse().ok()?;
    let v = if neg { -magnitude } else { magnitude };
    i64::try_from(v).ok()
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// `Money`/`Decimal`: optional sign and `$` (in either order), digits with optional
/// thousands commas, optional fraction (`$1,234.50`, `-$5`, `$-5`, `.25`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let (neg1, rest) = split_sign(text);
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let (neg2, rest) = if neg1 {
        (false, rest)
    } else {
        split_sign(rest)
    };
    let neg = neg1 || neg2;
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, f),
        None => (rest, ""),
    };
    if rest.contains('.') && frac.is_empty() {
        return None;
    }
    let int_digits = if int.is_empty() {
        if frac.is_empty() {
            return None;
        }
        Cow::Borrowed("0")
    } else {
        grouped_digits(int)?
    };
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut s = String::with_capacity(int_digits.len() + frac.len() + 2);
    if neg {
        s.push('-');
    }
    s.push_str(&int_digits);
    if !frac.is_empty() {
        s.push('.');
        s.push_str(frac);
    }
    Decimal::from_str_exact(&s).ok()
}

/// `Float`: decimal or scientific notation; finite values only (no `inf`, `NaN`).
pub fn parse_float(text: &str) -> Option<f64> {
    if text.is_empty()
        || !text.bytes().any(|b| b.is_ascii_digit())
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let v: f64 = text.parse().ok()?;
    v.is_finite().then_some(v)
}

/// `Bit`: `1/0`, `true/false`, `yes/no`, `y/n`, `on/off`, case-insensitive.
pub fn parse_bit(text: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["1", "true", "yes", "y", "on"];
    const FALSE: [&str; 5] = ["0", "false", "no", "n", "off"];
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(&TRUE) {
        Some(true)
    } else if is(&FALSE) {
        Some(false)
    } else {
        None
    }
}

fn digits_n(text: &str, min: usize, max: usize) -> Option<u32> {
    if text.len() < min || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `HH:MM[:SS[.fraction]]`.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let h = digits_n(parts.next()?, 1, 2)?;
    let m = digits_n(parts.next()?, 2, 2)?;
    let (s, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = match sec.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (sec, None),
            };
            let s = digits_n(whole, 2, 2)?;
            let nanos = match frac {
                None => 0,
                Some(f) => {
                    if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let mut padded = f.to_string();
                    while padded.len() < 9 {
                        padded.push('0');
                    }
                    padded.parse().ok()?
                }
            };
            (s, nanos)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Some((y, rest)) = text.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        let y = digits_n(y, 4, 4)?;
        NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            digits_n(m, 2, 2)?,
            digits_n(d, 2, 2)?,
        )
    } else {
        let mut parts = text.split('/');
        let m = digits_n(parts.next()?, 1, 2)?;
        let d = digits_n(parts.next()?, 1, 2)?;
        let y = digits_n(parts.next()?, 4, 4)?;
        if parts.next().is_some() {
            return None;
        }
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
    }
}

/// `DateTime`: RFC 3339 (an instant, with its offset), `YYYY-MM-DD` or `MM/DD/YYYY` (a
/// date), either date followed by a space and `HH:MM[:SS]` (a wall-clock time): the
/// texts SPEC.md 2 lists. A `T` with no offset (`2024-03-15T10:00`) is none of them,
/// so it does not parse.
pub fn parse_datetime(text: &str) -> Option<DateValue> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(DateValue::Instant(t.with_timezone(&Utc)));
    }
    let (date, time) = match text.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim_start())),
        None => (text, None),
    };
    let date = parse_date(date)?;
    match time {
        None => Some(DateValue::Date(date)),
        Some(t) => Some(DateValue::Wall(date.and_time(parse_time(t)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        for (t, v) in [
            ("12", Some(12)),
            ("+12", Some(12)),
            ("-12", Some(-12)),
            ("12.0", Some(12)),
            ("12.00", Some(12)),
            ("12.5", None),
            ("12.", None),
            ("1,234", Some(1234)),
            ("1,234,567", Some(1_234_567)),
            ("12,34", None),
            ("1234,567", None),
            (",123", None),
            ("", None),
            ("-", None),
            ("abc", None),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
        ] {
            assert_eq!(parse_int(t), v, "{t}");
        }
    }

    #[test]
    fn decimals() {
        let d = |s: &str| Decimal::from_str(s).ok();
        for (t, v) in [
            ("$1,234.50", d("1234.50")),
            ("-$5", d("-5")),
            ("$-5", d("-5")),
            ("+$5", d("5")),
            (".25", d("0.25")),
            ("$", None),
            ("5.", None),
            ("1e3", None),
            ("$$5", None),
            ("--5", None),
        ] {
            assert_eq!(parse_decimal(t), v, "{t}");
        }
    }

    #[test]
    fn floats_bits_and_dates() {
        assert_eq!(parse_float("1.5e3"), Some(1500.0));
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_float("NaN"), None);
        assert_eq!(parse_float("1e999"), None);
        assert_eq!(parse_bit("YES"), Some(true));
        assert_eq!(parse_bit("Off"), Some(false));
        assert_eq!(parse_bit("2"), None);
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(parse_datetime("2024-02-29"), Some(DateValue::Date(date)));
        assert_eq!(parse_datetime("2/29/2024"), Some(DateValue::Date(date)));
        assert_eq!(
            parse_datetime("02/29/2024 13:05"),
            Some(DateValue::Wall(date.and_hms_opt(13, 5, 0).unwrap()))
        );
        assert_eq!(
            parse_datetime("2024-02-29 13:05:09"),
            Some(DateValue::Wall(date.and_hms_opt(13, 5, 9).unwrap()))
        );
        // Not among SPEC.md 2's texts: a `T` without an offset.
        assert_eq!(parse_datetime("2024-02-29T13:05:09"), None);
        assert!(matches!(
            parse_datetime("2024-02-29T13:05:09-08:00"),
            Some(DateValue::Instant(_))
        ));
        assert_eq!(parse_datetime("2023-02-29"), None);
        assert_eq!(parse_datetime("2024-2-29"), None);
        assert_eq!(parse_datetime("29/02/2024"), None);
    }
}
