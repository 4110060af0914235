//! Text handling shared by every comparison: Unicode simple case folding (the source
//! platform's case-insensitive collation), list splitting for `In`/`NotIn`/`Contains`,
//! and the exact numeric order of "plain decimal" strings used by Varchar ordering.

use std::cmp::Ordering;

/// Folds one character by Unicode simple case folding.
///
/// Rust's `char::to_lowercase` is the full lower-case mapping; it agrees with simple
/// case folding except for the characters listed here (lower-case letters that fold to
/// another letter: final sigma, long s, the micro sign, Greek symbol variants and
/// accented letters with two code points, Old Cyrillic letter variants, the long s t
/// ligature; and Cherokee, which folds to upper case) and for `İ`, whose lower-case
/// form is two characters and which has no simple folding (it stays). A test holds
/// every character to regex-syntax's case-folding orbits.
fn fold_char(c: char, out: &mut String) {
    let mapped = match c {
        'ς' => 'σ',
        'ſ' => 's',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        'ẛ' => 'ṡ',
        '\u{00B5}' => 'μ',
        '\u{1C80}' => 'в',
        '\u{1C81}' => 'д',
        '\u{1C82}' => 'о',
        '\u{1C83}' => 'с',
        '\u{1C84}' | '\u{1C85}' => 'т',
        '\u{1C86}' => 'ъ',
        '\u{1C87}' => 'ѣ',
        '\u{1C88}' => '\u{A64B}',
        '\u{1FD3}' => '\u{0390}',
        '\u{1FE3}' => '\u{03B0}',
        '\u{FB05}' => '\u{FB06}',
        '\u{1FBE}' | '\u{0345}' => 'ι',
        // Cherokee: upper case is the folded form.
        '\u{13A0}'..='\u{13F5}' => c,
        '\u{13F8}'..='\u{13FD}' => char::from_u32(c as u32 - 8).unwrap_or(c),
        '\u{AB70}'..='\u{ABBF}' => char::from_u32(c as u32 - 0xAB70 + 0x13A0).unwrap_or(c),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    };
    out.push(mapped);
}

/// The case-folded form of a (trimmed) text: equal texts under the platform's
/// case-insensitive collation have equal folded forms.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] appended to `out`, for a caller that keeps many texts in one buffer.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// Splits a list value (`In`, `NotIn`, `Contains`, `Doesnt_Contain`) on `|`, `,` and
/// line breaks; items are trimmed and empty items dropped.
pub fn split_list(value: &str) -> Vec<&str> {
    value
        .split(['|', ',', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A "plain decimal": optional sign, digits, optional `.` and digits; no `$`, commas
/// or exponent. Returns `(negative, integer digits without leading zeros, fraction
/// digits without trailing zeros)`.
pub(crate) fn plain_decimal(text: &str) -> Option<(bool, &str, &str)> {
    let (neg, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => {
            if f.is_empty() {
                return None;
            }
            (i, f)
        }
        None => (body, ""),
    };
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    // Negative zero is zero.
    let neg = neg && !(int.is_empty() && frac.is_empty());
    Some((neg, int, frac))
}

/// Exact order of two plain decimals (any number of digits).
pub(crate) fn cmp_plain(a: (bool, &str, &str), b: (bool, &str, &str)) -> Ordering {
    match (a.0, b.0) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (neg, _) => {
            let mag =
                a.1.len()
                    .cmp(&b.1.len())
                    .then_with(|| a.1.cmp(b.1))
                    .then_with(|| a.2.cmp(b.2));
            if neg {
                mag.reverse()
            } else {
                mag
            }
        }
    }
}

/// Varchar order (SPEC.md 3.1): numeric when both sides are plain decimals, else the
/// code-point order of the folded texts. Both arguments are already folded.
pub(crate) fn cmp_varchar(a: &str, b: &str) -> Ordering {
    match (plain_decimal(a), plain_decimal(b)) {
        (Some(x), Some(y)) => cmp_plain(x, y),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_simple_case_folding() {
        for (a, b) in [
            ("ÉCOLE", "école"),
            ("ΣΟΦΟΣ", "σοφοσ"),
            ("σοφος", "σοφοσ"),
            ("Straße", "straße"),
            ("ẞ", "ß"),
            ("ſ", "s"),
            ("K", "k"), // Kelvin sign
            ("ꭰ", "Ꭰ"),
            ("İ", "İ"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
        assert_ne!(fold("ss"), fold("ß"));
    }

    /// Every character folds to the same text as each other member of its simple
    /// case-folding orbit, as regex-syntax's Unicode tables (the ones `Expression`
    /// criteria match with) give the orbits: so `Equal` and `(?i)` regexes agree on
    /// which texts are equal.
    #[test]
    fn each_simple_case_folding_orbit_folds_to_one_text() {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut differ = Vec::new();
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let mut orbit = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            orbit.case_fold_simple();
            let folded = fold(&c.to_string());
            for d in orbit.iter().flat_map(|r| r.start()..=r.end()) {
                if fold(&d.to_string()) != folded {
                    differ.push((c, d));
                }
            }
        }
        assert!(differ.is_empty(), "fold apart: {differ:?}");
    }

    #[test]
    fn plain_decimals_order_exactly() {
        let c = |a: &str, b: &str| cmp_varchar(a, b);
        assert_eq!(c("10", "9"), Ordering::Greater);
        assert_eq!(c("-10", "-9"), Ordering::Less);
        assert_eq!(c("007", "7"), Ordering::Equal);
        assert_eq!(c("1.50", "1.5"), Ordering::Equal);
        assert_eq!(c("-0", "0"), Ordering::Equal);
        assert_eq!(c("0.1", "-0.1"), Ordering::Greater);
        assert_eq!(
            c("12345678901234567890123456789012", "9"),
            Ordering::Greater
        );
        assert_eq!(c("1e3", "9"), Ordering::Less); // not plain: code points
        assert_eq!(c("abc", "abd"), Ordering::Less);
    }

    #[test]
    fn lists_split_on_bars_commas_and_lines() {
        assert_eq!(
            split_list(" CA | NV,,OR\r\nWA\n"),
            vec!["CA", "NV", "OR", "WA"]
        );
        assert!(split_list(" | , ").is_empty());
    }
}
