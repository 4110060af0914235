//! The calculated-expression language of `Type: Function` criteria (SPEC.md 3.2).
//!
//! Grammar (white space is free):
//!
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := '-' unary | primary
//! primary := NUMBER | STRING | '[' Descriptor ']' | '{' LeadFieldUID '}'
//!          | NAME '(' [expr (',' expr)*] ')' | '(' expr ')'
//! ```
//!
//! Numbers are decimals (`12`, `0.5`, `.5`); strings are quoted with `"` or `'`
//! (a backslash escapes the next character). Arithmetic is exact decimal arithmetic;
//! its operands are converted to numbers (a numeric field's parsed value; any other
//! text read as a decimal with optional `$`, commas and sign), and a text that is not
//! a number makes the criterion fail. Functions: `len(s)`, `lower(s)`, `upper(s)`,
//! `trim(s)`, `abs(x)`, `round(x, n)` (half away from zero, `n` from 0 to 28),
//! `min(a, b)`, `max(a, b)`, `age_years(date)` (whole years from the date to today),
//! `days_since(date)` (calendar days from the date to today), `hour_of_day()` (0-23)
//! and `day_of_week()` (0 = Sunday .. 6 = Saturday); "today" and the clock are the
//! client's time zone, and a lead instant becomes its local date there. Function
//! names are case-insensitive. Expressions are limited to 4096 characters and 64
//! levels of nesting; a missing field or a division by zero fails the criterion.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::lead::{LeadSchema, PreparedLead};
use crate::text::fold;
use crate::value::{parse_datetime, parse_decimal, DateValue, TypedValue};
use crate::zone::Zone;

/// Longest accepted expression, in characters.
pub const MAX_EXPRESSION_LEN: usize = 4096;
/// Deepest accepted nesting of an expression.
pub const MAX_EXPRESSION_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Len,
    Lower,
    Upper,
    Trim,
    Abs,
    Round,
    Min,
    Max,
    AgeYears,
    DaysSince,
    HourOfDay,
    DayOfWeek,
}

impl Func {
    fn lookup(name: &str) -> Option<(Func, usize)> {
        Some(match name.to_ascii_lowercase().as_str() {
            "len" => (Func::Len, 1),
            "lower" => (Func::Lower, 1),
            "upper" => (Func::Upper, 1),
            "trim" => (Func::Trim, 1),
            "abs" => (Func::Abs, 1),
            "round" => (Func::Round, 2),
            "min" => (Func::Min, 2),
            "max" => (Func::Max, 2),
            "age_years" => (Func::AgeYears, 1),
            "days_since" => (Func::DaysSince, 1),
            "hour_of_day" => (Func::HourOfDay, 0),
            "day_of_week" => (Func::DayOfWeek, 0),
            _ => return None,
        })
    }

    fn returns_text(self) -> bool {
        matches!(self, Func::Lower | Func::Upper | Func::Trim)
    }
}

/// A parsed expression.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Num(Decimal),
    Str(String),
    Field(usize),
    Neg(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

/// What an expression yields, known when it is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultKind {
    /// A number: compared as a `Decimal`.
    Number,
    /// A text: compared as a `Varchar`.
    Text,
    /// A bare field reference: compared as that field's type.
    Field(usize),
}

impl Node {
    pub(crate) fn result_kind(&self) -> ResultKind {
        match self {
            Node::Field(i) => ResultKind::Field(*i),
            Node::Str(_) => ResultKind::Text,
            Node::Call(f, _) if f.returns_text() => ResultKind::Text,
            _ => ResultKind::Number,
        }
    }

    /// Whether evaluation reads the clock or the client's zone.
    pub(crate) fn uses_time(&self) -> bool {
        match self {
            Node::Num(_) | Node::Str(_) | Node::Field(_) => false,
            Node::Neg(n) => n.uses_time(),
            Node::Bin(_, a, b) => a.uses_time() || b.uses_time(),
            Node::Call(f, args) => {
                matches!(
                    f,
                    Func::AgeYears | Func::DaysSince | Func::HourOfDay | Func::DayOfWeek
                ) || args.iter().any(Node::uses_time)
            }
        }
    }
}

struct Parser<'s> {
    chars: Vec<char>,
    pos: usize,
    schema: &'s LeadSchema,
}

type Parsed = (Node, usize);

impl Parser<'_> {
    fn peek(&mut self) -> Option<char> {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        self.chars.get(self.pos).copied()
    }

    fn unexpected(&self) -> String {
        match self.chars.get(self.pos) {
            Some(c) => format!("unexpected '{c}' at position {}", self.pos + 1),
            None => "unexpected end of expression".to_string(),
        }
    }

    fn deeper(depth: usize) -> Result<usize, String> {
        if depth >= MAX_EXPRESSION_DEPTH {
            Err(format!(
                "expression nests deeper than {MAX_EXPRESSION_DEPTH} levels"
            ))
        } else {
            Ok(depth + 1)
        }
    }

    fn bin(op: BinOp, l: Parsed, r: Parsed) -> Result<Parsed, String> {
        let d = Self::deeper(l.1.max(r.1))?;
        Ok((Node::Bin(op, Box::new(l.0), Box::new(r.0)), d))
    }

    fn expr(&mut self, depth: usize) -> Result<Parsed, String> {
        let mut left = self.term(depth)?;
        loop {
            let op = match self.peek() {
                Some('+') => BinOp::Add,
                Some('-') => BinOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.term(depth)?;
            left = Self::bin(op, left, right)?;
        }
    }

    fn term(&mut self, depth: usize) -> Result<Parsed, String> {
        let mut left = self.unary(depth)?;
        loop {
            let op = match self.peek() {
                Some('*') => BinOp::Mul,
                Some('/') => BinOp::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary(depth)?;
            left = Self::bin(op, left, right)?;
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Parsed, String> {
        if self.peek() == Some('-') {
            self.pos += 1;
            let d = Self::deeper(depth)?;
            let (n, nd) = self.unary(d)?;
            return Ok((Node::Neg(Box::new(n)), nd.max(d)));
        }
        self.primary(depth)
    }

    fn until(&mut self, close: char, what: &str) -> Result<String, String> {
        let start = self.pos;
        let mut out = String::new();
        loop {
            match self.chars.get(self.pos) {
                None => return Err(format!("unterminated {what} starting at position {start}")),
                Some(&c) if c == close => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') if what == "string" => {
                    self.pos += 1;
                    if let Some(&c) = self.chars.get(self.pos) {
                        out.push(c);
                        self.pos += 1;
                    }
                }
                Some(&c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Parsed, String> {
        let Some(c) = self.peek() else {
            return Err(self.unexpected());
        };
        match c {
            '(' => {
                self.pos += 1;
                let d = Self::deeper(depth)?;
                let (n, nd) = self.expr(d)?;
                if self.peek() != Some(')') {
                    return Err(self.unexpected());
                }
                self.pos += 1;
                Ok((n, nd.max(d)))
            }
            '"' | '\'' => {
                self.pos += 1;
                Ok((Node::Str(self.until(c, "string")?), depth))
            }
            '[' => {
                self.pos += 1;
                let name = self.until(']', "field reference")?;
                let i = self
                    .schema
                    .field_by_descriptor(&name)
                    .ok_or_else(|| format!("unknown field [{}]", name.trim()))?;
                Ok((Node::Field(i), depth))
            }
            '{' => {
                self.pos += 1;
                let name = self.until('}', "field reference")?;
                let i = name
                    .trim()
                    .parse()
                    .ok()
                    .and_then(|uid| self.schema.field_by_uid(uid))
                    .ok_or_else(|| format!("unknown field {{{}}}", name.trim()))?;
                Ok((Node::Field(i), depth))
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                let ok = text.bytes().filter(|b| *b == b'.').count() <= 1 && text != ".";
                let n = ok
                    .then(|| Decimal::from_str_exact(&text).ok())
                    .flatten()
                    .ok_or_else(|| {
                        format!("'{text}' at position {} is not a valid number", start + 1)
                    })?;
                Ok((Node::Num(n), depth))
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                let (f, arity) =
                    Func::lookup(&name).ok_or_else(|| format!("unknown function {name}()"))?;
                if self.peek() != Some('(') {
                    return Err(format!(
                        "{name} at position {} must be called: {name}(...)",
                        start + 1
                    ));
                }
                self.pos += 1;
                let d = Self::deeper(depth)?;
                let mut args = Vec::new();
                let mut nd = d;
                if self.peek() == Some(')') {
                    self.pos += 1;
                } else {
                    loop {
                        let (a, ad) = self.expr(d)?;
                        nd = nd.max(ad);
                        args.push(a);
                        match self.peek() {
                            Some(',') => self.pos += 1,
                            Some(')') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.unexpected()),
                        }
                    }
                }
                if args.len() != arity {
                    let s = if arity == 1 { "" } else { "s" };
                    return Err(format!(
                        "{}() takes {arity} argument{s}, got {}",
                        name.to_ascii_lowercase(),
                        args.len()
                    ));
                }
                Ok((Node::Call(f, args), nd))
            }
            _ => Err(self.unexpected()),
        }
    }
}

/// Parses an expression against the lead type's fields.
pub(crate) fn parse(text: &str, schema: &LeadSchema) -> Result<Node, String> {
    if text.chars().count() > MAX_EXPRESSION_LEN {
        return Err(format!(
            "expression is longer than {MAX_EXPRESSION_LEN} characters"
        ));
    }
    if text.trim().is_empty() {
        return Err("expression is empty".to_string());
    }
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        schema,
    };
    let (node, _) = p.expr(0)?;
    if p.peek().is_some() {
        return Err(p.unexpected());
    }
    Ok(node)
}

/// Why an expression could not be evaluated for a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FnFail {
    DivisionByZero,
    MissingField(usize),
    /// A field (or, `None`, a computed text) that is not a number.
    NotANumber(Option<usize>),
    /// A field (or a computed text) that is not a date.
    NotADate(Option<usize>),
    Overflow,
    BadRoundDigits,
}

/// An intermediate value.
#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    Num(Decimal),
    Text(Cow<'a, str>),
    Field(usize),
}

pub(crate) struct Env<'a> {
    pub(crate) lead: &'a PreparedLead,
    pub(crate) now: DateTime<Utc>,
    pub(crate) zone: &'a Zone,
}

impl<'a> Env<'a> {
    fn num(&self, v: &Val<'a>) -> Result<Decimal, FnFail> {
        match v {
            Val::Num(d) => Ok(*d),
            Val::Text(t) => parse_decimal(t.trim()).ok_or(FnFail::NotANumber(None)),
            Val::Field(i) => {
                let s = self.lead.slot(*i).ok_or(FnFail::MissingField(*i))?;
                match s.typed() {
                    Some(TypedValue::Text) => parse_decimal(s.raw()),
                    Some(t) => t.to_decimal(),
                    None => None,
                }
                .ok_or(FnFail::NotANumber(Some(*i)))
            }
        }
    }

    fn text(&self, v: Val<'a>) -> Result<Cow<'a, str>, FnFail> {
        match v {
            Val::Num(d) => Ok(Cow::Owned(d.normalize().to_string())),
            Val::Text(t) => Ok(t),
            Val::Field(i) => {
                let s = self.lead.slot(i).ok_or(FnFail::MissingField(i))?;
                Ok(Cow::Borrowed(s.raw()))
            }
        }
    }

    fn date(&self, v: Val<'a>) -> Result<NaiveDate, FnFail> {
        let dv = match &v {
            Val::Field(i) => {
                let s = self.lead.slot(*i).ok_or(FnFail::MissingField(*i))?;
                match s.typed() {
                    Some(TypedValue::DateTime(d)) => Some(*d),
                    _ => parse_datetime(s.raw()),
                }
                .ok_or(FnFail::NotADate(Some(*i)))?
            }
            Val::Text(t) => parse_datetime(t.trim()).ok_or(FnFail::NotADate(None))?,
            Val::Num(_) => return Err(FnFail::NotADate(None)),
        };
        Ok(match dv {
            DateValue::Instant(t) => self.zone.local_date(t),
            DateValue::Wall(w) => w.date(),
            DateValue::Date(d) => d,
        })
    }

    /// Evaluates a node. Recursion is bounded by [`MAX_EXPRESSION_DEPTH`], which
    /// parsing enforces.
    pub(crate) fn eval(&self, node: &'a Node) -> Result<Val<'a>, FnFail> {
        Ok(match node {
            Node::Num(d) => Val::Num(*d),
            Node::Str(s) => Val::Text(Cow::Borrowed(s.as_str())),
            Node::Field(i) => {
                if self.lead.slot(*i).is_none() {
                    return Err(FnFail::MissingField(*i));
                }
                Val::Field(*i)
            }
            Node::Neg(n) => {
                let v = self.eval(n)?;
                Val::Num(-self.num(&v)?)
            }
            Node::Bin(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                let (x, y) = (self.num(&x)?, self.num(&y)?);
                let r = match op {
                    BinOp::Add => x.checked_add(y),
                    BinOp::Sub => x.checked_sub(y),
                    BinOp::Mul => x.checked_mul(y),
                    BinOp::Div => {
                        if y.is_zero() {
                            return Err(FnFail::DivisionByZero);
                        }
                        x.checked_div(y)
                    }
                };
                Val::Num(r.ok_or(FnFail::Overflow)?)
            }
            Node::Call(f, args) => self.call(*f, args)?,
        })
    }

    fn call(&self, f: Func, args: &'a [Node]) -> Result<Val<'a>, FnFail> {
        let arg = |i: usize| -> Result<Val<'a>, FnFail> {
            match args.get(i) {
                Some(n) => self.eval(n),
                None => Ok(Val::Text(Cow::Borrowed(""))),
            }
        };
        let today = || self.zone.local_date(self.now);
        Ok(match f {
            Func::Len => Val::Num(Decimal::from(self.text(arg(0)?)?.chars().count())),
            Func::Lower => Val::Text(Cow::Owned(fold(&self.text(arg(0)?)?))),
            Func::Upper => Val::Text(Cow::Owned(self.text(arg(0)?)?.to_uppercase())),
            Func::Trim => Val::Text(match self.text(arg(0)?)? {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
            }),
            Func::Abs => Val::Num(self.num(&arg(0)?)?.abs()),
            Func::Round => {
                let x = self.num(&arg(0)?)?;
                let n = self.num(&arg(1)?)?;
                if !n.fract().is_zero() || n < Decimal::ZERO || n > Decimal::from(28) {
                    return Err(FnFail::BadRoundDigits);
                }
                let digits = n.to_u32().ok_or(FnFail::BadRoundDigits)?;
                Val::Num(x.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero))
            }
            Func::Min | Func::Max => {
                let a = self.num(&arg(0)?)?;
                let b = self.num(&arg(1)?)?;
                Val::Num(if f == Func::Min { a.min(b) } else { a.max(b) })
            }
            Func::AgeYears => {
                let d = self.date(arg(0)?)?;
                let t = today();
                let mut years = i64::from(t.year()) - i64::from(d.year());
                if (t.month(), t.day()) < (d.month(), d.day()) {
                    years -= 1;
                }
                Val::Num(Decimal::from(years))
            }
            Func::DaysSince => {
                let d = self.date(arg(0)?)?;
                Val::Num(Decimal::from((today() - d).num_days()))
            }
            Func::HourOfDay => Val::Num(Decimal::from(self.zone.to_local(self.now).hour())),
            Func::DayOfWeek => Val::Num(Decimal::from(
                self.zone
                    .to_local(self.now)
                    .weekday()
                    .num_days_from_sunday(),
            )),
        })
    }

    /// The final value as a number or a text, by the expression's [`ResultKind`].
    pub(crate) fn finish(&self, v: Val<'a>, kind: ResultKind) -> Result<Val<'a>, FnFail> {
        match kind {
            ResultKind::Number => Ok(Val::Num(self.num(&v)?)),
            ResultKind::Text => Ok(Val::Text(self.text(v)?)),
            ResultKind::Field(_) => Ok(v),
        }
    }
}
