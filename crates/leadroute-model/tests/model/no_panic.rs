//! No input makes loading panic (SPEC.md 12): arbitrary text, and valid snapshots
//! cut, spliced and edited at random, all give a snapshot whose problems are located.

use std::path::Path;

use leadroute_model::*;
use proptest::prelude::*;

fn base() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/model/base_snapshot.json");
    std::fs::read_to_string(path).expect("base snapshot exists")
}

/// Tokens that stress the readers when spliced into a snapshot.
const TOKENS: &[&str] = &[
    "null",
    "1e300",
    "-1e300",
    "18446744073709551616",
    "-9223372036854775809",
    "\"\"",
    "\"00-00-00T00:00:00Z\"",
    "\"9999-99-99\"",
    "[]",
    "{}",
    "[[[[",
    "]]]]",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "true",
    "0.5",
    "-0",
    "\"$-,\"",
    "{\"a\":",
    ",",
    ":",
    "\"",
    "\\",
];

#[derive(Debug, Clone)]
enum Edit {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, String),
    Token(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), ".{1,6}").prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Token(a, t)),
    ]
}

/// The nearest char boundary at or before `at % len`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(mut s: String, e: &Edit) -> String {
    match e {
        Edit::Truncate(a) => {
            let i = boundary(&s, *a);
            s.truncate(i);
        }
        Edit::Delete(a, n) => {
            let i = boundary(&s, *a);
            let j = boundary(&s, i + n);
            if j >= i {
                s.replace_range(i..j, "");
            }
        }
        Edit::Insert(a, t) => {
            let i = boundary(&s, *a);
            s.insert_str(i, t);
        }
        Edit::Token(a, t) => {
            let i = boundary(&s, *a);
            s.insert_str(i, TOKENS[*t]);
        }
    }
    s
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let s = load_snapshot(text);
    for p in &s.problems {
        prop_assert!(p.line.is_some() || p.path.is_empty(), "{:?}", p);
    }
    prop_assert_eq!(s.delivery_accounts.len(), s.delivery_account_paths.len());
    let _ = parse_record::<Lead>(text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn json_shaped_noise_never_panics(text in r#"[\[\]{}",:0-9a-zA-Z\\. -]{0,120}"#) {
        check(&text)?;
        check(&format!("{{\"DeliveryAccounts\": [{text}]}}"))?;
        check(&format!("{{\"LeadUID\": 1, \"Fields\": {{\"a\": {text}}}}}"))?;
    }

    #[test]
    fn mutated_snapshots_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        let text = edits.iter().fold(base(), apply);
        check(&text)?;
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let s = load_snapshot(&format!("{{\"Clients\": {deep}}}"));
    assert!(s.has_errors());
    let s = load_snapshot(&format!(
        "{{\"Leads\": [{{\"Fields\": {{\"a\": {deep}}}}}]}}"
    ));
    assert!(s.has_errors());
    assert!(parse_record::<Lead>(&deep).is_err());
}
