//! Field validation of intake (SPEC.md section 9, `Data_Errors`): each field of the lead
//! type compiled once into its rules: `InvalidChars` (a regular expression whose matches
//! are removed from the value, and the stripped value is the lead's value from then on),
//! `Required`, `Validation` (a regular expression the stripped, trimmed value must
//! match), `Enumerated` with its `FieldEnums`, and the `FieldDataType` parse.
//!
//! Regular expressions are Rust `regex` syntax with the criteria's size limit, matched
//! case-sensitively (a validation pattern such as `^[A-Z]{2}$` means what it says; write
//! `(?i)` for a case-insensitive one) and unanchored unless they anchor themselves, as
//! criteria expressions are. Enumerated values compare trimmed and case-insensitively,
//! like every string comparison; deleted enumeration values (`Delete: true`) are not
//! allowed. A field whose `InvalidChars` or `Validation` does not compile is a load
//! problem, and a lead with a value in that field gets `Data_Errors` saying so: the
//! engine does not accept data it was told to check and cannot.

use std::borrow::Cow;

use leadroute_criteria::{fold, TypedValue, REGEX_SIZE_LIMIT};
use leadroute_model::{FieldDataType, LeadField, Problem};
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, HirKind};

/// How many enumeration values a `Data_Errors` detail lists before `...`.
const SHOWN_ENUMS: usize = 10;

/// An `InvalidChars` pattern that is one character class (`[^0-9]`, `\D`, `[()\- ]`),
/// alone or repeated as `+`: removing its matches is removing every character of the
/// class, so the strip is a scan of the value against the class's ranges instead of a
/// regular expression search per match. Parsed with the same default flags the `regex`
/// crate compiles with (Unicode on; `(?i)` folds the class).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CharStrip {
    /// Sorted, non-overlapping inclusive ranges.
    ranges: Vec<(char, char)>,
}

impl CharStrip {
    /// The class of `pattern`, when the pattern is only that.
    pub(crate) fn of(pattern: &str) -> Option<CharStrip> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let class = match hir.kind() {
            HirKind::Class(c) => c,
            HirKind::Repetition(r) if r.min == 1 && r.max.is_none() => match r.sub.kind() {
                HirKind::Class(c) => c,
                _ => return None,
            },
            _ => return None,
        };
        match class {
            Class::Unicode(u) => Some(CharStrip {
                ranges: u.ranges().iter().map(|r| (r.start(), r.end())).collect(),
            }),
            Class::Bytes(_) => None,
        }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// The value without the class's characters.
    pub(crate) fn strip<'a>(&self, value: &'a str) -> Cow<'a, str> {
        if !value.chars().any(|c| self.contains(c)) {
            return Cow::Borrowed(value);
        }
        Cow::Owned(value.chars().filter(|&c| !self.contains(c)).collect())
    }
}

/// One field's intake rules.
#[derive(Debug, Clone)]
pub(crate) struct FieldRule {
    descriptor: String,
    data_type: FieldDataType,
    required: bool,
    strip: Option<Regex>,
    /// The fast form of `strip`, when its pattern is one character class.
    strip_chars: Option<CharStrip>,
    validation: Option<Regex>,
    fmt_error: Option<String>,
    /// Folded allowed values, when the field is enumerated.
    enums: Option<Vec<String>>,
    /// The allowed values as written, for explanations.
    enums_shown: Vec<String>,
    /// Why the field's configuration cannot check a value.
    broken: Option<String>,
}

fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string()
        })
}

fn nonblank(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

impl FieldRule {
    /// Compiles one field; `path` is its JSON path (`LeadTypes[0].Fields[3]`).
    pub(crate) fn compile(f: &LeadField, path: &str, problems: &mut Vec<Problem>) -> FieldRule {
        let descriptor = f.descriptor.trim().to_string();
        let mut broken = None;
        let strip = nonblank(&f.invalid_chars).and_then(|p| match compile_regex(p) {
            Ok(r) => Some(r),
            Err(e) => {
                let msg = format!("InvalidChars {p:?} is not a valid regular expression: {e}");
                problems.push(Problem::error(format!("{path}.InvalidChars"), msg.clone()));
                broken = Some(msg);
                None
            }
        });
        let validation = nonblank(&f.validation).and_then(|p| match compile_regex(p) {
            Ok(r) => Some(r),
            Err(e) => {
                let msg = format!("Validation {p:?} is not a valid regular expression: {e}");
                problems.push(Problem::error(format!("{path}.Validation"), msg.clone()));
                broken.get_or_insert(msg);
                None
            }
        });
        let allowed: Vec<&str> = f
            .field_enums
            .iter()
            .filter(|e| !e.delete)
            .map(|e| e.descriptor.trim())
            .filter(|d| !d.is_empty())
            .collect();
        if f.enumerated && allowed.is_empty() {
            problems.push(Problem::warning(
                format!("{path}.FieldEnums"),
                format!("{descriptor} is Enumerated but has no values: intake rejects every value of it"),
            ));
        }
        let strip_chars = strip.as_ref().and_then(|re| CharStrip::of(re.as_str()));
        FieldRule {
            descriptor,
            data_type: f.data_type,
            required: f.required,
            strip,
            strip_chars,
            validation,
            fmt_error: nonblank(&f.fmt_error).map(|s| s.trim().to_string()),
            enums: f
                .enumerated
                .then(|| allowed.iter().map(|d| fold(d)).collect()),
            enums_shown: allowed.iter().map(|d| d.to_string()).collect(),
            broken,
        }
    }

    /// The field's descriptor.
    pub(crate) fn descriptor(&self) -> &str {
        &self.descriptor
    }

    /// Whether the field strips characters.
    pub(crate) fn strips(&self) -> bool {
        self.strip.is_some()
    }

    /// The value with `InvalidChars` removed.
    pub(crate) fn strip<'a>(&self, value: &'a str) -> Cow<'a, str> {
        match (&self.strip_chars, &self.strip) {
            (Some(chars), _) => chars.strip(value),
            (None, Some(re)) => re.replace_all(value, ""),
            (None, None) => Cow::Borrowed(value),
        }
    }

    /// The first rule the field's (stripped, trimmed, possibly absent) value breaks, as
    /// a `Data_Errors` detail; `stripped_away` says a value was given and `InvalidChars`
    /// removed all of it.
    pub(crate) fn check(&self, value: Option<&str>, stripped_away: bool) -> Option<String> {
        let d = &self.descriptor;
        let Some(v) = value else {
            if !self.required {
                return None;
            }
            return Some(if stripped_away {
                format!("{d} is required (nothing is left after removing InvalidChars)")
            } else {
                format!("{d} is required")
            });
        };
        if let Some(b) = &self.broken {
            return Some(format!("{d}: {b}"));
        }
        if let Some(re) = &self.validation {
            if !re.is_match(v) {
                let mut msg = format!("{d}: '{v}' does not match Validation {:?}", re.as_str());
                if let Some(m) = &self.fmt_error {
                    msg.push_str(&format!(" ({m})"));
                }
                return Some(msg);
            }
        }
        if let Some(allowed) = &self.enums {
            let folded = fold(v);
            if !allowed.contains(&folded) {
                let mut list = self
                    .enums_shown
                    .iter()
                    .take(SHOWN_ENUMS)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if self.enums_shown.len() > SHOWN_ENUMS {
                    list.push_str(", ...");
                }
                return Some(format!("{d}: '{v}' is not one of its values ({list})"));
            }
        }
        if TypedValue::parse(self.data_type, v).is_none() {
            return Some(format!(
                "{d}: '{v}' is not a valid {}",
                self.data_type.as_str()
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn single_classes_take_the_fast_path_and_others_do_not() {
        for p in ["[^0-9]", "\\D", "[()\\- .]", "[^0-9]+", "(?i)[a-c]", "\\s"] {
            assert!(CharStrip::of(p).is_some(), "{p}");
        }
        for p in [
            "[^0-9]{2}",
            "[^0-9]{2,}",
            "ab",
            "([0-9])",
            "^[ ]",
            "[0-9]*",
            "(?-u:[\\x80-\\xff])",
        ] {
            assert!(CharStrip::of(p).is_none(), "{p}");
        }
        let s = CharStrip::of("[^0-9]").unwrap();
        assert_eq!(s.strip("(555) 123-4567"), "5551234567");
        assert!(matches!(s.strip("5551234567"), Cow::Borrowed(_)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The fast strip removes exactly what the regex's `replace_all` removes.
        #[test]
        fn fast_strip_equals_replace_all(
            value in "[0-9a-zA-Z()\\- .+_@éÉßK\u{212A}\u{0}]{0,24}",
            which in 0usize..7,
        ) {
            let p = ["[^0-9]", "\\D", "[()\\- .]", "[^0-9]+", "(?i)[a-cé]", "\\s", "(?i)k"][which];
            let re = Regex::new(p).unwrap();
            let fast = CharStrip::of(p).unwrap();
            prop_assert_eq!(fast.strip(&value), re.replace_all(&value, ""));
        }
    }
}
