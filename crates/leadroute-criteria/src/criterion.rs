//! Compiling one criterion record into a typed, ready-to-evaluate form, and evaluating
//! it against a prepared lead (SPEC.md 3).
//!
//! Compilation parses `Value` per the field's type once (numbers, decimal money,
//! lists, prefix items, ranges checked `min <= max`, `DateCompare` offsets,
//! `Distance_Compare` origins resolved through the ZIP locator), compiles regular
//! expressions with size limits and parses calculated expressions. Evaluation then
//! only compares already-parsed values.

use std::cmp::Ordering;
use std::collections::HashSet;

use chrono::{DateTime, NaiveTime, Utc};
use leadroute_model::{Criterion, CriterionType, FieldDataType, Operator, Uid};
use regex::{Regex, RegexBuilder};

use crate::datecmp::DateCompare;
use crate::error::{Error, ErrorKind, Part};
use crate::func::{self, Env, FnFail, Node, ResultKind, Val};
use crate::lead::{LeadSchema, PreparedLead};
use crate::location::{parse_place, LeadPlace, Place, Point, Radius};
use crate::text::{cmp_varchar, fold, split_list};
use crate::value::{parse_datetime, parse_float, type_name, DateValue, TypedValue};
use crate::zone::Zone;

/// Compiled size limit of an `Expression` criterion's regular expression (bytes).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A criterion value parsed as its field's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Int(i64),
    Dec(rust_decimal::Decimal),
    Float(f64),
    Bit(bool),
    Date(DateValue),
    /// Folded text.
    Text(Box<str>),
}

impl Scalar {
    fn parse(dt: FieldDataType, text: &str) -> Option<Scalar> {
        let t = text.trim();
        Some(match TypedValue::parse(dt, t)? {
            TypedValue::Int(i) => Scalar::Int(i),
            TypedValue::Decimal(d) => Scalar::Dec(d),
            TypedValue::Float(f) => Scalar::Float(f),
            TypedValue::Bit(b) => Scalar::Bit(b),
            TypedValue::DateTime(d) => Scalar::Date(d),
            TypedValue::Text => Scalar::Text(fold(t).into()),
        })
    }
}

/// A present lead value as a test sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) raw: &'a str,
    pub(crate) folded: &'a str,
    pub(crate) typed: &'a TypedValue,
    pub(crate) place: Option<&'a LeadPlace>,
}

/// Order of two dates (SPEC.md 2): by local calendar date when either is a date, else
/// by instant (wall-clock values through the zone's boundary rule).
pub(crate) fn cmp_dates(a: DateValue, b: DateValue, zone: &Zone) -> Ordering {
    let local_date = |d: DateValue| match d {
        DateValue::Instant(t) => zone.local_date(t),
        DateValue::Wall(w) => w.date(),
        DateValue::Date(d) => d,
    };
    let instant = |d: DateValue| match d {
        DateValue::Instant(t) => t,
        DateValue::Wall(w) => zone.boundary(w),
        DateValue::Date(d) => zone.boundary(d.and_time(NaiveTime::MIN)),
    };
    if matches!(a, DateValue::Date(_)) || matches!(b, DateValue::Date(_)) {
        local_date(a).cmp(&local_date(b))
    } else {
        instant(a).cmp(&instant(b))
    }
}

fn order(v: &View<'_>, s: &Scalar, zone: &Zone) -> Option<Ordering> {
    match (v.typed, s) {
        (TypedValue::Int(a), Scalar::Int(b)) => Some(a.cmp(b)),
        (TypedValue::Decimal(a), Scalar::Dec(b)) => Some(a.cmp(b)),
        (TypedValue::Float(a), Scalar::Float(b)) => a.partial_cmp(b),
        (TypedValue::Bit(a), Scalar::Bit(b)) => Some(a.cmp(b)),
        (TypedValue::DateTime(a), Scalar::Date(b)) => Some(cmp_dates(*a, *b, zone)),
        (TypedValue::Text, Scalar::Text(b)) => Some(cmp_varchar(v.folded, b)),
        _ => None,
    }
}

fn equal(v: &View<'_>, s: &Scalar, zone: &Zone) -> bool {
    match (v.typed, s) {
        // Varchar equality is string equality, never numeric (`007` is not `7`).
        (TypedValue::Text, Scalar::Text(b)) => v.folded == &**b,
        _ => order(v, s, zone) == Some(Ordering::Equal),
    }
}

/// Items of an `In`/`NotIn` list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Items {
    pub(crate) values: Vec<Scalar>,
    /// Folded prefixes of Varchar items written with a trailing `*`.
    pub(crate) prefixes: Vec<Box<str>>,
    /// The text values as a hash set, for long lists.
    text_set: Option<HashSet<Box<str>>>,
}

impl Items {
    fn matches(&self, v: &View<'_>, zone: &Zone) -> bool {
        let exact = match &self.text_set {
            Some(set) => matches!(v.typed, TypedValue::Text) && set.contains(v.folded),
            None => self.values.iter().any(|s| equal(v, s, zone)),
        };
        exact || self.prefixes.iter().any(|p| v.folded.starts_with(&**p))
    }
}

/// The comparison of a present value with a criterion's `Value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
}

/// A compiled `Operator` + `Value`.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    Equal(Scalar),
    NotEqual(Scalar),
    Cmp(CmpOp, Scalar),
    Between(Scalar, Scalar),
    In(Items),
    NotIn(Items),
    Contains(Vec<Box<str>>),
    DoesntContain(Vec<Box<str>>),
    Date(Box<DateCompare>),
    Distance(Radius),
}

/// Why a criterion failed; the text is produced only when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    Missing,
    Invalid,
    NotSatisfied,
    NotADate,
    NotAPlace,
    UnknownZip([u8; 5]),
    Function(FnFail),
}

impl Test {
    /// Whether a missing value passes (SPEC.md 3.1: `NotEqual`, `NotIn`, `Doesnt_Contain`).
    pub(crate) fn missing_passes(&self) -> bool {
        matches!(
            self,
            Test::NotEqual(_) | Test::NotIn(_) | Test::DoesntContain(_)
        )
    }

    /// Whether [`Test::eval`] reads the value's place (only `Distance_Compare` does), so
    /// that other tests never resolve one.
    #[inline]
    pub(crate) fn reads_place(&self) -> bool {
        matches!(self, Test::Distance(_))
    }

    /// Whether [`Test::eval`] of a number ([`TypedValue::Decimal`]) reads its text:
    /// `Contains`, `Doesnt_Contain`, `DateCompare` (which parses it) and lists with
    /// prefixes do; comparisons and list items compare the number itself. A function's
    /// numeric result is written out only for the tests that read it.
    pub(crate) fn reads_text_of_number(&self) -> bool {
        match self {
            Test::Contains(_) | Test::DoesntContain(_) | Test::Date(_) => true,
            Test::In(items) | Test::NotIn(items) => !items.prefixes.is_empty(),
            Test::Equal(_)
            | Test::NotEqual(_)
            | Test::Cmp(..)
            | Test::Between(..)
            | Test::Distance(_) => false,
        }
    }

    pub(crate) fn eval(&self, v: &View<'_>, now: DateTime<Utc>, zone: &Zone) -> Result<(), Cause> {
        let ok = match self {
            Test::Equal(s) => equal(v, s, zone),
            Test::NotEqual(s) => !equal(v, s, zone),
            Test::Cmp(op, s) => match (op, order(v, s, zone)) {
                (_, None) => false,
                (CmpOp::Greater, Some(o)) => o == Ordering::Greater,
                (CmpOp::Less, Some(o)) => o == Ordering::Less,
                (CmpOp::GreaterOrEqual, Some(o)) => o != Ordering::Less,
                (CmpOp::LessOrEqual, Some(o)) => o != Ordering::Greater,
            },
            Test::Between(a, b) => {
                matches!(order(v, a, zone), Some(Ordering::Greater | Ordering::Equal))
                    && matches!(order(v, b, zone), Some(Ordering::Less | Ordering::Equal))
            }
            Test::In(items) => items.matches(v, zone),
            Test::NotIn(items) => !items.matches(v, zone),
            Test::Contains(n) => n.iter().any(|n| v.folded.contains(&**n)),
            Test::DoesntContain(n) => !n.iter().any(|n| v.folded.contains(&**n)),
            Test::Date(dc) => {
                let d = match v.typed {
                    TypedValue::DateTime(d) => *d,
                    _ => parse_datetime(v.raw).ok_or(Cause::NotADate)?,
                };
                dc.holds(d, now, zone)
            }
            Test::Distance(r) => match v.place {
                Some(LeadPlace::At(p)) => r.contains(p),
                Some(LeadPlace::UnknownZip(z)) => return Err(Cause::UnknownZip(*z)),
                Some(LeadPlace::NotAPlace) | None => return Err(Cause::NotAPlace),
            },
        };
        if ok {
            Ok(())
        } else {
            Err(Cause::NotSatisfied)
        }
    }
}

/// The compiled body of a criterion.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Field(Test),
    Regex {
        re: Regex,
        negate: bool,
    },
    Function {
        expr: Node,
        kind: ResultKind,
        test: Test,
        /// The lead type's field descriptors, for explanations.
        names: Vec<String>,
    },
}

/// A criterion compiled against its lead type: typed, validated, ready to evaluate.
#[derive(Debug, Clone)]
pub struct CompiledCriterion {
    uid: Uid,
    field: Option<usize>,
    descriptor: String,
    data_type: FieldDataType,
    value_type: FieldDataType,
    criterion_type: CriterionType,
    operator: Option<Operator>,
    value: String,
    expression: Option<String>,
    pub(crate) body: Body,
    zone_dependent: bool,
}

impl CompiledCriterion {
    /// The criterion's UID (`ClientCriteriaUID` / `VendorRuleUID`).
    pub fn uid(&self) -> Uid {
        self.uid
    }

    /// The tested field's `Descriptor` (empty for a `Function` criterion without one).
    pub fn descriptor(&self) -> &str {
        &self.descriptor
    }

    /// The operator as written (`None` for an `Expression` criterion without one).
    pub fn operator(&self) -> Option<Operator> {
        self.operator
    }

    /// The `Value` as written.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The criterion's type.
    pub fn criterion_type(&self) -> CriterionType {
        self.criterion_type
    }

    /// The `Expression` as written.
    pub fn expression(&self) -> Option<&str> {
        self.expression.as_deref()
    }

    pub(crate) fn field(&self) -> Option<usize> {
        self.field
    }

    /// The type the test compares values as (for a `Function`, its result's type).
    pub(crate) fn value_type(&self) -> FieldDataType {
        self.value_type
    }

    /// Whether the outcome can depend on the client's time zone.
    pub(crate) fn zone_dependent(&self) -> bool {
        self.zone_dependent
    }

    /// Whether evaluation reads `now` (`DateCompare`, clock functions).
    pub fn reads_clock(&self) -> bool {
        self.date_compare().is_some()
            || matches!(&self.body, Body::Function { expr, .. } if expr.uses_time())
    }

    /// A key equal for criteria that behave identically on every lead.
    pub(crate) fn key(&self) -> String {
        format!(
            "{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{:?}",
            self.field,
            self.criterion_type,
            self.operator,
            self.data_type,
            self.value,
            self.expression
        )
    }

    /// Evaluates the criterion for `lead` at `now` for a client in `zone`.
    pub(crate) fn eval(
        &self,
        lead: &PreparedLead,
        now: DateTime<Utc>,
        zone: &Zone,
    ) -> Result<(), Cause> {
        match &self.body {
            Body::Field(test) => {
                let Some(slot) = self.field.and_then(|f| lead.slot(f)) else {
                    return if test.missing_passes() {
                        Ok(())
                    } else {
                        Err(Cause::Missing)
                    };
                };
                let Some(typed) = slot.typed() else {
                    return Err(Cause::Invalid);
                };
                let view = View {
                    raw: slot.raw(),
                    folded: slot.folded(),
                    typed,
                    place: test.reads_place().then(|| slot.place(lead.locator())),
                };
                test.eval(&view, now, zone)
            }
            Body::Regex { re, negate } => {
                let Some(slot) = self.field.and_then(|f| lead.slot(f)) else {
                    return if *negate { Ok(()) } else { Err(Cause::Missing) };
                };
                if slot.typed().is_none() {
                    return Err(Cause::Invalid);
                }
                if re.is_match(slot.raw()) != *negate {
                    Ok(())
                } else {
                    Err(Cause::NotSatisfied)
                }
            }
            Body::Function {
                expr, kind, test, ..
            } => {
                let env = Env { lead, now, zone };
                let v = env
                    .eval(expr)
                    .and_then(|v| env.finish(v, *kind))
                    .map_err(Cause::Function)?;
                match v {
                    Val::Field(i) => {
                        let slot = lead
                            .slot(i)
                            .ok_or(Cause::Function(FnFail::MissingField(i)))?;
                        let typed = slot.typed().ok_or(Cause::Invalid)?;
                        let view = View {
                            raw: slot.raw(),
                            folded: slot.folded(),
                            typed,
                            place: test.reads_place().then(|| slot.place(lead.locator())),
                        };
                        test.eval(&view, now, zone)
                    }
                    Val::Num(d) => {
                        // Written out only for the tests that read a number's text.
                        let text = if test.reads_text_of_number() {
                            d.normalize().to_string()
                        } else {
                            String::new()
                        };
                        let typed = TypedValue::Decimal(d);
                        let view = View {
                            raw: &text,
                            folded: &text,
                            typed: &typed,
                            place: None,
                        };
                        test.eval(&view, now, zone)
                    }
                    Val::Text(t) => {
                        let raw = t.trim();
                        if raw.is_empty() {
                            return if test.missing_passes() {
                                Ok(())
                            } else {
                                Err(Cause::Missing)
                            };
                        }
                        let folded = fold(raw);
                        let view = View {
                            raw,
                            folded: &folded,
                            typed: &TypedValue::Text,
                            place: None,
                        };
                        test.eval(&view, now, zone)
                    }
                }
            }
        }
    }

    /// The value the test compared, as text, for explanations: the lead's value, or
    /// the expression's result.
    pub(crate) fn shown_value(
        &self,
        lead: &PreparedLead,
        now: DateTime<Utc>,
        zone: &Zone,
    ) -> Option<String> {
        match &self.body {
            Body::Field(_) | Body::Regex { .. } => self
                .field
                .and_then(|f| lead.slot(f))
                .map(|s| s.raw().to_string()),
            Body::Function { expr, kind, .. } => {
                let env = Env { lead, now, zone };
                match env.eval(expr).and_then(|v| env.finish(v, *kind)).ok()? {
                    Val::Field(i) => lead.slot(i).map(|s| s.raw().to_string()),
                    Val::Num(d) => Some(d.normalize().to_string()),
                    Val::Text(t) => Some(t.trim().to_string()),
                }
            }
        }
    }

    pub(crate) fn date_compare(&self) -> Option<&DateCompare> {
        match &self.body {
            Body::Field(Test::Date(d))
            | Body::Function {
                test: Test::Date(d),
                ..
            } => Some(d),
            _ => None,
        }
    }
}

fn value_err(kind: ErrorKind) -> Error {
    Error::new(Part::Value, kind)
}

fn invalid(text: &str, dt: FieldDataType) -> Error {
    value_err(ErrorKind::InvalidValue {
        text: text.trim().to_string(),
        type_name: type_name(dt),
    })
}

fn scalar(dt: FieldDataType, text: &str) -> Result<Scalar, Error> {
    Scalar::parse(dt, text).ok_or_else(|| invalid(text, dt))
}

fn is_text(dt: FieldDataType) -> bool {
    matches!(dt, FieldDataType::Varchar | FieldDataType::NoDataType)
}

/// Order of two criterion scalars of one type, for `min <= max`; `None` when it
/// cannot be known before a time zone is (a date against a date-time).
fn scalar_order(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    match (a, b) {
        (Scalar::Int(x), Scalar::Int(y)) => Some(x.cmp(y)),
        (Scalar::Dec(x), Scalar::Dec(y)) => Some(x.cmp(y)),
        (Scalar::Float(x), Scalar::Float(y)) => x.partial_cmp(y),
        (Scalar::Bit(x), Scalar::Bit(y)) => Some(x.cmp(y)),
        (Scalar::Text(x), Scalar::Text(y)) => Some(cmp_varchar(x, y)),
        (Scalar::Date(x), Scalar::Date(y)) => match (x, y) {
            (DateValue::Date(_), _)
            | (_, DateValue::Date(_))
            | (DateValue::Wall(_), DateValue::Wall(_)) => Some(cmp_dates(*x, *y, &Zone::UTC)),
            (DateValue::Instant(p), DateValue::Instant(q)) => Some(p.cmp(q)),
            _ => None,
        },
        _ => None,
    }
}

/// Compiles `Operator` + `Value` for values of type `dt`.
pub(crate) fn compile_test(
    op: Operator,
    value: &str,
    dt: FieldDataType,
    schema: &LeadSchema,
) -> Result<Test, Error> {
    Ok(match op {
        Operator::Equal => Test::Equal(scalar(dt, value)?),
        Operator::NotEqual => Test::NotEqual(scalar(dt, value)?),
        Operator::Greater => Test::Cmp(CmpOp::Greater, scalar(dt, value)?),
        Operator::Less => Test::Cmp(CmpOp::Less, scalar(dt, value)?),
        Operator::GreaterOrEqual => Test::Cmp(CmpOp::GreaterOrEqual, scalar(dt, value)?),
        Operator::LessOrEqual => Test::Cmp(CmpOp::LessOrEqual, scalar(dt, value)?),
        Operator::Between => {
            let range_err = || {
                value_err(ErrorKind::InvalidRange {
                    text: value.to_string(),
                    type_name: type_name(dt),
                })
            };
            let parts: Vec<&str> = if value.contains('|') {
                value.split('|').collect()
            } else {
                value.split(',').collect()
            };
            let [lo, hi] = parts.as_slice() else {
                return Err(range_err());
            };
            let lo = Scalar::parse(dt, lo).ok_or_else(range_err)?;
            let hi = Scalar::parse(dt, hi).ok_or_else(range_err)?;
            if scalar_order(&lo, &hi) == Some(Ordering::Greater) {
                return Err(value_err(ErrorKind::MinGreaterThanMax {
                    text: value.to_string(),
                }));
            }
            Test::Between(lo, hi)
        }
        Operator::In | Operator::NotIn => {
            let mut items = Items {
                values: Vec::new(),
                prefixes: Vec::new(),
                text_set: None,
            };
            for item in split_list(value) {
                match item.strip_suffix('*') {
                    Some(prefix) if is_text(dt) => items.prefixes.push(fold(prefix.trim()).into()),
                    _ => items.values.push(scalar(dt, item)?),
                }
            }
            if items.values.len() > 8 && items.values.iter().all(|v| matches!(v, Scalar::Text(_))) {
                let set = items
                    .values
                    .iter()
                    .filter_map(|v| match v {
                        Scalar::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                items.text_set = Some(set);
            }
            if op == Operator::In {
                Test::In(items)
            } else {
                Test::NotIn(items)
            }
        }
        Operator::Contains | Operator::DoesntContain => {
            let needles: Vec<Box<str>> = split_list(value)
                .into_iter()
                .map(|s| fold(s).into())
                .collect();
            if op == Operator::Contains {
                Test::Contains(needles)
            } else {
                Test::DoesntContain(needles)
            }
        }
        Operator::DateCompare => {
            Test::Date(Box::new(DateCompare::parse(value).map_err(|detail| {
                value_err(ErrorKind::InvalidDateCompare {
                    text: value.to_string(),
                    detail,
                })
            })?))
        }
        Operator::DistanceCompare => Test::Distance(compile_radius(value, schema)?),
    })
}

fn compile_radius(value: &str, schema: &LeadSchema) -> Result<Radius, Error> {
    let bad = |detail: String| {
        value_err(ErrorKind::InvalidDistance {
            text: value.to_string(),
            detail,
        })
    };
    let Some((origin, miles)) = value.rsplit_once('|') else {
        return Err(bad("expected ORIGIN|MILES".to_string()));
    };
    let miles_text = miles.trim();
    let miles = parse_float(miles_text)
        .filter(|m| *m >= 0.0)
        .ok_or_else(|| bad(format!("radius '{miles_text}' is not a number of miles")))?;
    let origin_text = origin.trim();
    let point = match parse_place(origin_text) {
        Some(Place::Zip(z)) => {
            let info = schema
                .locator()
                .locate(z)
                .ok_or_else(|| value_err(ErrorKind::UnknownZip { zip: z.to_string() }))?;
            info.lat_lon
                .and_then(|(a, o)| Point::new(a, o))
                .ok_or_else(|| bad(format!("ZIP {z} has no known location")))?
        }
        Some(Place::LatLon(a, o)) => Point::new(a, o)
            .ok_or_else(|| bad(format!("origin '{origin_text}' is out of range")))?,
        None => {
            return Err(bad(format!(
                "origin '{origin_text}' is not a 5-digit ZIP or lat,lon"
            )))
        }
    };
    Ok(Radius::new(point, miles))
}

/// Compiles one criterion record against its lead type.
///
/// The criterion's `Delete` flag is not looked at (the caller skips deleted records).
///
/// # Errors
/// [`Error`] naming the criterion and the part that is wrong: an unknown
/// `LeadFieldUID`, a missing or disallowed `Operator`, a `Value` that does not parse
/// for the field's type (`"abc" is not a valid Int`), `Between` with min > max, a
/// malformed `DateCompare` or `Distance_Compare` value, an unknown origin ZIP, an
/// invalid or too large regular expression, or a calculated expression that does not
/// parse or names an unknown field or function.
pub fn compile(schema: &LeadSchema, criterion: &Criterion) -> Result<CompiledCriterion, Error> {
    let field = schema.field_by_uid(criterion.lead_field_uid);
    let info = field.map(|i| &schema.fields()[i]);
    let descriptor = info.map(|f| f.descriptor.clone()).unwrap_or_default();
    let named = |e: Error| e.for_criterion(criterion.criterion_uid, &descriptor);
    let need_field = || {
        info.ok_or_else(|| {
            Error::new(
                Part::LeadFieldUid,
                ErrorKind::UnknownLeadField {
                    uid: criterion.lead_field_uid,
                },
            )
        })
    };
    let data_type = info.map_or(FieldDataType::NoDataType, |f| f.data_type);
    let mut value_type = data_type;
    let (body, zone_dependent) = match criterion.criterion_type {
        CriterionType::FieldValue => {
            let f = need_field().map_err(named)?;
            let op = criterion
                .operator
                .ok_or_else(|| named(Error::new(Part::Operator, ErrorKind::MissingOperator)))?;
            let test = compile_test(op, &criterion.value, f.data_type, schema).map_err(named)?;
            let zd = op == Operator::DateCompare || f.data_type == FieldDataType::DateTime;
            (Body::Field(test), zd)
        }
        CriterionType::Expression => {
            need_field().map_err(named)?;
            let negate = match criterion.operator {
                None | Some(Operator::Equal) => false,
                Some(Operator::NotEqual) => true,
                Some(other) => {
                    return Err(named(Error::new(
                        Part::Operator,
                        ErrorKind::OperatorNotAllowed {
                            operator: other.to_string(),
                            allowed: "Equal or NotEqual",
                        },
                    )))
                }
            };
            let pattern = criterion.expression.as_deref().unwrap_or("");
            if pattern.trim().is_empty() {
                return Err(named(Error::new(
                    Part::Expression,
                    ErrorKind::InvalidRegex {
                        pattern: pattern.to_string(),
                        detail: "the expression is empty".to_string(),
                    },
                )));
            }
            let re = RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .nest_limit(64)
                .build()
                .map_err(|e| {
                    let detail = e
                        .to_string()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    named(Error::new(
                        Part::Expression,
                        ErrorKind::InvalidRegex {
                            pattern: pattern.to_string(),
                            detail,
                        },
                    ))
                })?;
            (Body::Regex { re, negate }, false)
        }
        CriterionType::Function => {
            let op = criterion
                .operator
                .ok_or_else(|| named(Error::new(Part::Operator, ErrorKind::MissingOperator)))?;
            let text = criterion.expression.as_deref().unwrap_or("");
            let expr = func::parse(text, schema).map_err(|detail| {
                named(Error::new(
                    Part::Expression,
                    ErrorKind::InvalidFunction { detail },
                ))
            })?;
            let kind = expr.result_kind();
            let dt = match kind {
                ResultKind::Number => FieldDataType::Decimal,
                ResultKind::Text => FieldDataType::Varchar,
                ResultKind::Field(i) => schema.fields()[i].data_type,
            };
            if !matches!(kind, ResultKind::Field(_))
                && matches!(op, Operator::DateCompare | Operator::DistanceCompare)
            {
                return Err(named(Error::new(
                    Part::Operator,
                    ErrorKind::OperatorNotAllowed {
                        operator: op.to_string(),
                        allowed:
                            "a comparison of SPEC 3.1 other than DateCompare/Distance_Compare \
                                  (those need the expression to be a single field)",
                    },
                )));
            }
            let test = compile_test(op, &criterion.value, dt, schema).map_err(named)?;
            value_type = dt;
            let names = schema
                .fields()
                .iter()
                .map(|f| f.descriptor.clone())
                .collect();
            let zd =
                expr.uses_time() || dt == FieldDataType::DateTime || op == Operator::DateCompare;
            (
                Body::Function {
                    expr,
                    kind,
                    test,
                    names,
                },
                zd,
            )
        }
    };
    Ok(CompiledCriterion {
        uid: criterion.criterion_uid,
        field,
        descriptor,
        data_type,
        value_type,
        criterion_type: criterion.criterion_type,
        operator: criterion.operator,
        value: criterion.value.clone(),
        expression: criterion.expression.clone(),
        body,
        zone_dependent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rust_decimal::Decimal;

    /// Every operator with values of both kinds: for the tests that do not read a
    /// number's text, a number without its text gets every answer it gets with it.
    #[test]
    fn numbers_answer_the_same_without_their_text_unless_the_test_reads_it() {
        let lead_type: leadroute_model::LeadType = serde_json::from_str(
            r#"{"LeadTypeUID": 1, "Fields": [{"LeadFieldUID": 10, "Descriptor": "Zip"}]}"#,
        )
        .unwrap();
        let schema = LeadSchema::new(&lead_type);
        let now = Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap();
        let values = [
            "12", "12.5", "-3", "1|20", "12|13", "12*|7", "1*", "2", "abc", "1.5|2.5", "0", "-30",
            "+30", "20260309", "10001|5",
        ];
        let numbers = ["12", "12.50", "-3", "0", "20260309", "1"];
        let (mut compared, mut read) = (0, 0);
        for &op in Operator::ALL {
            for value in values {
                for dt in [FieldDataType::Decimal, FieldDataType::Varchar] {
                    let Ok(test) = compile_test(op, value, dt, &schema) else {
                        continue;
                    };
                    for n in numbers {
                        let d: Decimal = n.parse().unwrap();
                        let text = d.normalize().to_string();
                        let typed = TypedValue::Decimal(d);
                        let view = |t: &'static str| View {
                            raw: t,
                            folded: t,
                            typed: &typed,
                            place: None,
                        };
                        let with = {
                            let v = View {
                                raw: &text,
                                folded: &text,
                                typed: &typed,
                                place: None,
                            };
                            test.eval(&v, now, &Zone::UTC)
                        };
                        if test.reads_text_of_number() {
                            read += 1;
                        } else {
                            compared += 1;
                            assert_eq!(
                                test.eval(&view(""), now, &Zone::UTC),
                                with,
                                "{op:?} {value:?} ({dt:?}) of {n}"
                            );
                        }
                    }
                }
            }
        }
        assert!(compared > 100 && read > 20, "{compared} {read}");
    }
}
