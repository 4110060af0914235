//! Why a criterion failed, in words. Evaluation only records a small cause code; the
//! text (criterion, operator, expected value, the lead's value) is produced when a
//! [`Failure`] is displayed, so the passing path pays nothing for explanations.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::criterion::{Body, Cause, CompiledCriterion, Test};
use crate::func::FnFail;
use crate::lead::PreparedLead;
use crate::location::{haversine_miles, LeadPlace};
use crate::value::type_name;
use crate::zone::Zone;

/// A failed criterion for one lead: displays as
/// `criterion 55 (State): lead value 'TX' does not satisfy In "CA|NV"`.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    criterion: &'a CompiledCriterion,
    lead: &'a PreparedLead,
    now: DateTime<Utc>,
    zone: &'a Zone,
    cause: Cause,
}

impl<'a> Failure<'a> {
    pub(crate) fn new(
        criterion: &'a CompiledCriterion,
        lead: &'a PreparedLead,
        now: DateTime<Utc>,
        zone: &'a Zone,
        cause: Cause,
    ) -> Self {
        Failure {
            criterion,
            lead,
            now,
            zone,
            cause,
        }
    }

    /// The criterion that failed.
    pub fn criterion(&self) -> &'a CompiledCriterion {
        self.criterion
    }

    /// The criterion's UID.
    pub fn criterion_uid(&self) -> leadroute_model::Uid {
        self.criterion.uid()
    }

    /// Whether it failed because the lead has no value for the field.
    pub fn is_missing_value(&self) -> bool {
        self.cause == Cause::Missing
    }

    /// The reason without the criterion's name: `lead value 'abc' is not a valid Int`,
    /// `unknown ZIP 00000`, `lead value 'TX' does not satisfy In "CA|NV"`.
    pub fn detail(&self) -> String {
        let c = self.criterion;
        let op = c.operator().map_or("Equal", |o| o.as_str());
        let value = c.value();
        let shown = || {
            c.shown_value(self.lead, self.now, self.zone)
                .unwrap_or_default()
        };
        match self.cause {
            Cause::Missing => format!("lead value is missing ({op} \"{value}\")"),
            Cause::Invalid => format!(
                "lead value '{}' is not a valid {}",
                shown(),
                type_name(c.value_type())
            ),
            Cause::NotADate => format!("lead value '{}' is not a valid DateTime", shown()),
            Cause::NotAPlace => format!("lead value '{}' is not a ZIP or lat,lon", shown()),
            Cause::UnknownZip(z) => format!("unknown ZIP {}", String::from_utf8_lossy(&z)),
            Cause::Function(f) => {
                let expr = c.expression().unwrap_or("").trim();
                let names = match &c.body {
                    Body::Function { names, .. } => names.as_slice(),
                    _ => &[],
                };
                let name = |i: usize| names.get(i).map_or("?", String::as_str);
                let raw = |i: usize| self.lead.value(i).unwrap_or("");
                let what = match f {
                    FnFail::DivisionByZero => "division by zero".to_string(),
                    FnFail::MissingField(i) => format!("field [{}] is missing", name(i)),
                    FnFail::NotANumber(Some(i)) => {
                        format!("value '{}' of [{}] is not a number", raw(i), name(i))
                    }
                    FnFail::NotANumber(None) => "a text operand is not a number".to_string(),
                    FnFail::NotADate(Some(i)) => {
                        format!("value '{}' of [{}] is not a date", raw(i), name(i))
                    }
                    FnFail::NotADate(None) => "an operand is not a date".to_string(),
                    FnFail::Overflow => "arithmetic overflow".to_string(),
                    FnFail::BadRoundDigits => {
                        "round() needs a whole number of digits from 0 to 28".to_string()
                    }
                };
                format!("{expr}: {what}")
            }
            Cause::NotSatisfied => match &c.body {
                Body::Regex { negate, .. } => {
                    let pattern = c.expression().unwrap_or("");
                    if *negate {
                        format!(
                            "lead value '{}' matches Expression \"{pattern}\" (NotEqual)",
                            shown()
                        )
                    } else {
                        format!(
                            "lead value '{}' does not match Expression \"{pattern}\"",
                            shown()
                        )
                    }
                }
                Body::Function { .. } => format!(
                    "{} = {}, which does not satisfy {op} \"{value}\"",
                    c.expression().unwrap_or("").trim(),
                    shown()
                ),
                Body::Field(test) => {
                    let mut s =
                        format!("lead value '{}' does not satisfy {op} \"{value}\"", shown());
                    if let (Test::Distance(r), Some(LeadPlace::At(p))) =
                        (test, c.field().and_then(|f| self.lead.place(f)))
                    {
                        s.push_str(&format!(
                            " ({:.1} miles away)",
                            haversine_miles(&r.origin, p)
                        ));
                    }
                    if let Some(limit) = c.date_compare().and_then(|d| d.limit(self.now, self.zone))
                    {
                        s.push_str(&format!(" (compared with {limit})"));
                    }
                    s
                }
            },
        }
    }
}

impl fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "criterion {}", self.criterion.uid())?;
        if !self.criterion.descriptor().is_empty() {
            write!(f, " ({})", self.criterion.descriptor())?;
        }
        write!(f, ": {}", self.detail())
    }
}
