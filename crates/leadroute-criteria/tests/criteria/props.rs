//! Properties: negated operators are complements for present values, `In` is the OR
//! of `Equal`, `Between` is `>= min` and `<= max`, the indexed scan equals per-account
//! evaluation, and no input makes compiling or evaluating panic.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use leadroute_criteria::{
    compile, AccountCriteria, CriteriaIndex, LeadSchema, Matches, PreparedLead, Zone,
};
use leadroute_model::{parse_record, Criterion, LeadType};
use proptest::prelude::*;

const FIELDS: &[(&str, &str)] = &[
    ("State", "Varchar"),
    ("Age", "Int"),
    ("Income", "Money"),
    ("Zip", "Varchar"),
    ("Email", "Varchar"),
    ("Score", "Float"),
    ("Dob", "DateTime"),
];

pub fn schema() -> LeadSchema {
    let fields: Vec<String> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, (d, t))| {
            format!(
                r#"{{"LeadFieldUID": {}, "Descriptor": "{d}", "FieldDataType": "{t}"}}"#,
                i + 1
            )
        })
        .collect();
    let lt: LeadType = parse_record(&format!(
        r#"{{"LeadTypeUID": 1, "Fields": [{}]}}"#,
        fields.join(",")
    ))
    .unwrap();
    LeadSchema::new(&lt)
}

pub fn criterion(
    uid: i64,
    field: usize,
    kind: &str,
    op: &str,
    value: &str,
    expr: &str,
) -> Criterion {
    let v = serde_json::json!({
        "ClientCriteriaUID": uid, "LeadFieldUID": field + 1, "Type": kind,
        "Operator": op, "Value": value, "Expression": expr,
    });
    parse_record(&v.to_string()).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 15, 3, 30, 0).unwrap()
}

fn lead(s: &LeadSchema, values: &[(usize, String)]) -> PreparedLead {
    let map: BTreeMap<String, String> = values
        .iter()
        .map(|(f, v)| (FIELDS[*f].0.to_string(), v.clone()))
        .collect();
    s.prepare(&map)
}

/// The index's matches for `p`, held to row-by-row evaluation: the whole scan equals
/// it, and the scan restricted to `within` (shorter than the accounts when `within` has
/// fewer words) gives exactly the matches inside it. Returns the matches.
fn scan_as_row_by_row(
    index: &CriteriaIndex,
    p: &PreparedLead,
    within: &[u64],
) -> Result<Vec<usize>, TestCaseError> {
    let fast: Vec<usize> = index.scan(p, now()).iter().collect();
    let slow: Vec<usize> = index.scan_row_by_row(p, now()).iter().collect();
    prop_assert_eq!(&fast, &slow);
    let mut m = Matches::new();
    index.scan_within(p, now(), within, &mut m);
    let inside = |i: usize| within.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1);
    let expected: Vec<usize> = slow.iter().copied().filter(|&i| inside(i)).collect();
    prop_assert_eq!(m.iter().collect::<Vec<_>>(), expected);
    Ok(fast)
}

fn holds(s: &LeadSchema, c: &Criterion, l: &PreparedLead) -> Option<bool> {
    let cc = compile(s, c).ok()?;
    Some(cc.check(l, now(), &Zone::UTC).is_ok())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-cA-C]{1,3}",
        "-?[0-9]{1,3}(\\.[0-9])?",
        Just("É".to_string()),
        Just("é".to_string())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn negated_operators_are_complements(
        int_case in any::<bool>(),
        a in word(), items in prop::collection::vec(word(), 0..4), v in word(), pair in 0..3usize,
    ) {
        let s = schema();
        let (field, items, v, a) = if int_case {
            let n = |w: &str| w.len().to_string();
            (1, items.iter().map(|w| n(w)).collect::<Vec<_>>(), n(&v), n(&a))
        } else {
            (0, items, v, a)
        };
        let (pos, neg, value) = match pair {
            0 => ("Equal", "NotEqual", a),
            1 => ("In", "NotIn", items.join("|")),
            _ => ("Contains", "Doesnt_Contain", items.join("|")),
        };
        let l = lead(&s, &[(field, v)]);
        let p = holds(&s, &criterion(1, field, "FieldValue", pos, &value, ""), &l);
        let q = holds(&s, &criterion(2, field, "FieldValue", neg, &value, ""), &l);
        prop_assert_eq!(p.map(|x| !x), q);
    }

    #[test]
    fn in_is_the_or_of_equal(items in prop::collection::vec(word(), 1..5), v in word(), field in prop::sample::select(vec![0usize, 1])) {
        let s = schema();
        let l = lead(&s, &[(field, v)]);
        if let Some(in_) = holds(&s, &criterion(1, field, "FieldValue", "In", &items.join("|"), ""), &l) {
            let any = items.iter().map(|i| holds(&s, &criterion(2, field, "FieldValue", "Equal", i, ""), &l)).collect::<Option<Vec<_>>>();
            prop_assert_eq!(Some(in_), any.map(|v| v.into_iter().any(|x| x)));
        }
    }

    #[test]
    fn between_is_ge_min_and_le_max(a in word(), b in word(), v in word(), field in prop::sample::select(vec![0usize, 1, 2])) {
        let s = schema();
        let l = lead(&s, &[(field, v)]);
        if let Some(bt) = holds(&s, &criterion(1, field, "FieldValue", "Between", &format!("{a}|{b}"), ""), &l) {
            let ge = holds(&s, &criterion(2, field, "FieldValue", "GreaterOrEqual", &a, ""), &l);
            let le = holds(&s, &criterion(3, field, "FieldValue", "LessOrEqual", &b, ""), &l);
            prop_assert_eq!(Some(bt), ge.zip(le).map(|(x, y)| x && y));
        }
    }
}

/// A random criterion over the test schema, drawn to hit every index group.
fn any_criterion(
) -> impl Strategy<Value = (usize, &'static str, &'static str, String, &'static str)> {
    let states = prop::collection::vec(
        prop::sample::select(vec!["CA", "NV", "OR", "TX", "C*", "É*", "é"]),
        0..4,
    )
    .prop_map(|v| v.join("|"));
    prop_oneof![
        (
            prop::sample::select(vec!["In", "NotIn", "Equal", "NotEqual"]),
            states
        )
            .prop_map(|(op, v)| (0, "FieldValue", op, v, "")),
        (
            prop::sample::select(vec!["In", "NotIn", "Equal", "NotEqual"]),
            prop::collection::vec(15i64..25, 1..4)
        )
            .prop_map(|(op, v)| (
                1,
                "FieldValue",
                op,
                v.iter().map(i64::to_string).collect::<Vec<_>>().join("|"),
                ""
            )),
        (
            prop::sample::select(vec!["Greater", "Less", "GreaterOrEqual", "LessOrEqual"]),
            10i64..40
        )
            .prop_map(|(op, v)| (1, "FieldValue", op, v.to_string(), "")),
        (10i64..30, 0i64..20).prop_map(|(a, w)| (
            1,
            "FieldValue",
            "Between",
            format!("{a}|{}", a + w),
            ""
        )),
        (
            prop::sample::select(vec!["Contains", "Doesnt_Contain"]),
            prop::collection::vec("[ab@.]{1,2}", 0..3)
        )
            .prop_map(|(op, v)| (4, "FieldValue", op, v.join(","), "")),
        (-2.0f64..2.0, -2.0f64..2.0, 0.0f64..200.0).prop_map(|(a, o, r)| (
            3,
            "FieldValue",
            "Distance_Compare",
            format!("{a:.3},{o:.3}|{r:.1}"),
            ""
        )),
        (
            prop::sample::select(vec!["Greater", "LessOrEqual", "Between"]),
            0u32..100
        )
            .prop_map(|(op, v)| (
                2,
                "FieldValue",
                op,
                if op == "Between" {
                    format!("${v}|$200")
                } else {
                    format!("${v}")
                },
                ""
            )),
        (prop::sample::select(vec!["Greater", "Equal"]), 0u32..10).prop_map(|(op, v)| (
            5,
            "FieldValue",
            op,
            format!("{v}.5"),
            ""
        )),
        prop::sample::select(vec![
            "<= -18y",
            ">= today",
            "between -65y -18y",
            ">= -3h",
            "= today"
        ])
        .prop_map(|v| (6, "FieldValue", "DateCompare", v.to_string(), "")),
        prop::sample::select(vec!["Equal", "NotEqual"]).prop_map(|op| (
            4,
            "Expression",
            op,
            String::new(),
            "^a.*@"
        )),
        prop::sample::select(vec!["GreaterOrEqual", "Less"]).prop_map(|op| (
            1,
            "Function",
            op,
            "40".to_string(),
            "[Age] * 2"
        )),
    ]
}

fn any_lead() -> impl Strategy<Value = Vec<(usize, String)>> {
    (
        prop::option::of(prop::sample::select(vec![
            "CA", "nv", "Or", "tx", "Ca", "éa", " ", "ÉCOLE",
        ])),
        prop::option::of(prop_oneof![
            (10i64..40).prop_map(|v| v.to_string()),
            Just("x".to_string()),
            Just("20.0".to_string())
        ]),
        prop::option::of(prop_oneof![
            (0u32..300).prop_map(|v| format!("${v}")),
            Just("lots".to_string())
        ]),
        prop::option::of(prop_oneof![
            (-2.0f64..2.0, -2.0f64..2.0).prop_map(|(a, o)| format!("{a:.3},{o:.3}")),
            Just("nowhere".to_string()),
            Just("00000".to_string())
        ]),
        prop::option::of("[ab@.]{0,5}"),
        prop::option::of((0u32..12).prop_map(|v| format!("{v}.5"))),
        prop::option::of(prop::sample::select(vec![
            "2006-06-14",
            "2006-06-15T02:00:00Z",
            "1970-01-01",
            "2024-06-15 00:10",
            "junk",
        ])),
    )
        .prop_map(|(a, b, c, d, e, f, g)| {
            [a.map(str::to_string), b, c, d, e, f, g.map(str::to_string)]
                .into_iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn indexed_scan_equals_per_account_evaluation(
        accounts in prop::collection::vec((prop::collection::vec(any_criterion(), 0..5), 0..3usize), 0..130),
        leads in prop::collection::vec(any_lead(), 1..4),
        within in prop::collection::vec(any::<u64>(), 0..4),
    ) {
        let s = schema();
        let zones = ["America/New_York", "UTC", "Australia/Sydney"];
        let built: Vec<AccountCriteria> = accounts
            .iter()
            .map(|(cs, z)| {
                let compiled = cs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (f, k, op, v, e))| compile(&s, &criterion(i as i64, *f, k, op, v, e)).ok())
                    .collect();
                AccountCriteria::new(compiled, Zone::from_name(zones[*z]).unwrap())
            })
            .collect();
        let index = CriteriaIndex::new(built);
        for l in &leads {
            let p = lead(&s, l);
            let fast = scan_as_row_by_row(&index, &p, &within)?;
            for i in 0..index.len() {
                prop_assert_eq!(fast.contains(&i), index.explain(i, &p, now()).is_empty());
            }
        }
    }

    #[test]
    fn compiling_and_evaluating_arbitrary_text_never_panics(
        kind in prop::sample::select(vec!["FieldValue", "Expression", "Function"]),
        op in prop::sample::select(vec!["Equal", "NotEqual", "Greater", "Between", "In", "NotIn", "Contains", "DateCompare", "Distance_Compare", "LessOrEqual"]),
        field in 0..FIELDS.len(),
        value in prop_oneof![".{0,40}", "[0-9|,.$ -]{0,20}", "(<=|>=|between|=) ?[-+0-9ymodwhi ]{0,20}", "[0-9]{5}\\|[0-9.-]{0,6}"],
        expr in prop_oneof![".{0,60}", "[\\[\\]{}()0-9+*/ ,a-z_\"'-]{0,60}", "[()\\\\a-z*+?{}0-9]{0,30}"],
        lv in ".{0,20}",
    ) {
        let s = schema();
        let c = criterion(1, field, kind, op, &value, &expr);
        if let Ok(cc) = compile(&s, &c) {
            let l = lead(&s, &[(field, lv.clone()), ((field + 1) % FIELDS.len(), lv)]);
            if let Err(f) = cc.check(&l, now(), &Zone::UTC) {
                let _ = f.to_string();
            }
        }
    }

    #[test]
    fn eval_case_never_panics(line in ".{0,200}", value in ".{0,30}", lv in ".{0,20}", dt in "[A-Za-z_]{0,10}") {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
            let _ = leadroute_criteria::eval_case(&v);
        }
        let v = serde_json::json!({"FieldDataType": dt, "Operator": "Between", "Value": value, "LeadValue": lv,
                                   "Now": "2024-01-01T00:00:00Z"});
        let _ = leadroute_criteria::eval_case(&v);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The column groups (integer ranges, distances) test a word of 64 accounts either
    /// over all lanes (many alive) or account by account (few alive); with up to 300
    /// accounts that all carry a range and a distance, and a state list that leaves a
    /// random fraction alive, both paths run, and the scan still equals row by row.
    /// Ranges with few distinct ends are tested through one bitset per band instead:
    /// `spread` 1 keeps the ends within 0..61 (bands), 9 spreads them over hundreds of
    /// values (account by account).
    #[test]
    fn indexed_scan_equals_per_account_evaluation_on_dense_and_sparse_words(
        accounts in prop::collection::vec(
            (0u32..60, 0u32..60, -1.0f64..1.0, -1.0f64..1.0, 0u32..120, prop::sample::select(vec!["CA", "CA|NV", "NV", "TX|CA|NV|OR"])),
            64..300,
        ),
        leads in prop::collection::vec((0u32..70, -1.0f64..1.0, -1.0f64..1.0, prop::sample::select(vec!["CA", "NV", "OR"])), 1..4),
        within in prop::collection::vec(any::<u64>(), 0..6),
        spread in prop::sample::select(vec![1u32, 9]),
    ) {
        let s = schema();
        let built: Vec<AccountCriteria> = accounts
            .iter()
            .enumerate()
            .map(|(i, (a, b, lat, lon, miles, states))| {
                let jitter = i as u32 % spread;
                let (lo, hi) = (a.min(b) * spread + jitter, a.max(b) * spread + jitter);
                let i = i as i64;
                let cs = [
                    criterion(i * 3, 0, "FieldValue", "In", states, ""),
                    criterion(i * 3 + 1, 1, "FieldValue", "Between", &format!("{lo}|{hi}"), ""),
                    criterion(i * 3 + 2, 3, "FieldValue", "Distance_Compare", &format!("{lat:.3},{lon:.3}|{miles}"), ""),
                ];
                AccountCriteria::new(cs.iter().map(|c| compile(&s, c).unwrap()).collect(), Zone::UTC)
            })
            .collect();
        let index = CriteriaIndex::new(built);
        for (age, lat, lon, state) in &leads {
            let age = age * spread + age % spread;
            let p = lead(&s, &[(0, state.to_string()), (1, age.to_string()), (3, format!("{lat:.3},{lon:.3}"))]);
            scan_as_row_by_row(&index, &p, &within)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Criteria without a column of their own (`Float` comparisons, `DateCompare`, the
    /// latter distinct per zone) are evaluated once per distinct criterion. With few
    /// distinct ones (`unique` false: 6 thresholds, 5 date tests, 3 zones) their holders
    /// are one bitset each; with a threshold of its own on every account (`unique`
    /// true: more than 128 distinct) the alive accounts are walked one by one. Both
    /// answer as row by row, whole and restricted.
    #[test]
    fn uncolumned_criteria_answer_as_row_by_row_with_few_and_many_distinct(
        accounts in prop::collection::vec(
            (0usize..5, 0usize..3, prop::option::of(prop::sample::select(vec!["Greater", "LessOrEqual", "Equal"]))),
            130..300,
        ),
        unique in any::<bool>(),
        leads in prop::collection::vec((prop::option::of(0u32..320), prop::option::of(0usize..4)), 1..4),
        within in prop::collection::vec(any::<u64>(), 0..6),
    ) {
        let s = schema();
        let zones = ["America/New_York", "UTC", "Australia/Sydney"];
        let dates = ["<= -18y", ">= today", "between -65y -18y", ">= -3h", "= today"];
        let built: Vec<AccountCriteria> = accounts
            .iter()
            .enumerate()
            .map(|(i, (d, z, op))| {
                // Unique thresholds: every account has one (at least 130 distinct).
                let (v, op) = if unique { (i, Some(op.unwrap_or("Greater"))) } else { (i % 6, *op) };
                let i = i as i64;
                let mut cs = vec![criterion(i * 2, 6, "FieldValue", "DateCompare", dates[*d], "")];
                if let Some(op) = op {
                    cs.push(criterion(i * 2 + 1, 5, "FieldValue", op, &format!("{v}.5"), ""));
                }
                let compiled = cs.iter().map(|c| compile(&s, c).unwrap()).collect();
                AccountCriteria::new(compiled, Zone::from_name(zones[*z]).unwrap())
            })
            .collect();
        let index = CriteriaIndex::new(built);
        let when = ["2006-06-14", "2024-06-15T02:00:00Z", "1970-01-01", "not a date"];
        for (score, dob) in &leads {
            let mut values = Vec::new();
            if let Some(v) = score {
                values.push((5, format!("{v}.5")));
            }
            if let Some(d) = dob {
                values.push((6, when[*d].to_string()));
            }
            let p = lead(&s, &values);
            scan_as_row_by_row(&index, &p, &within)?;
        }
    }
}

/// Integer ranges tested as bands (few distinct ends) at the ends of `i64`: a range up
/// to `i64::MAX` has no end after it, a range from `i64::MIN` no interval before it,
/// and a one-value range is a band of its own. The index answers as row by row.
#[test]
fn range_bands_at_the_ends_of_the_integers_answer_as_row_by_row() {
    let s = schema();
    let (min, max) = (i64::MIN, i64::MAX);
    let ranges = [
        format!("{min}|{max}"),
        format!("{min}|0"),
        format!("0|{max}"),
        "5|5".to_string(),
        format!("{max}|{max}"),
        format!("{min}|{min}"),
    ];
    let built: Vec<AccountCriteria> = ranges
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let c = criterion(i as i64, 1, "FieldValue", "Between", r, "");
            AccountCriteria::new(vec![compile(&s, &c).unwrap()], Zone::UTC)
        })
        .collect();
    let index = CriteriaIndex::new(built);
    for v in [min, min + 1, -1, 0, 4, 5, 6, max - 1, max] {
        let p = lead(&s, &[(1, v.to_string())]);
        let fast: Vec<usize> = index.scan(&p, now()).iter().collect();
        let slow: Vec<usize> = index.scan_row_by_row(&p, now()).iter().collect();
        assert_eq!(fast, slow, "value {v}");
    }
    // By hand for two values: every range holding them.
    let at = |v: i64| -> Vec<usize> {
        index
            .scan(&lead(&s, &[(1, v.to_string())]), now())
            .iter()
            .collect()
    };
    assert_eq!(at(5), vec![0, 2, 3]);
    assert_eq!(at(min), vec![0, 1, 5]);
}

/// `Contains` groups of a few distinct needles (each searched with its own finder) and
/// of many (one automaton), with negations and a needle shared by two accounts: the
/// index answers as row by row, and by hand for two e-mail addresses.
#[test]
fn contains_groups_of_few_and_many_needles_answer_as_row_by_row() {
    let s = schema();
    // Field 4 (Email): two distinct needles. Field 0 (State): seven.
    let rules = [
        (4, "Doesnt_Contain", "@invalid."),
        (4, "Contains", "gmail"),
        (4, "Contains", "gmail,@invalid."),
        (0, "Contains", "a,b,c"),
        (0, "Doesnt_Contain", "d,e"),
        (0, "Contains", "f,g,a"),
    ];
    let built: Vec<AccountCriteria> = rules
        .iter()
        .enumerate()
        .map(|(i, &(f, op, v))| {
            let c = criterion(i as i64, f, "FieldValue", op, v, "");
            AccountCriteria::new(vec![compile(&s, &c).unwrap()], Zone::UTC)
        })
        .collect();
    let index = CriteriaIndex::new(built);
    let values = [
        "ann@gmail.com",
        "bo@invalid.org",
        "x@gmail.invalid.io",
        "ca",
        "de",
        "fg",
        "zz",
        "",
    ];
    for email in values {
        for state in values {
            let p = lead(&s, &[(4, email.to_string()), (0, state.to_string())]);
            let fast: Vec<usize> = index.scan(&p, now()).iter().collect();
            let slow: Vec<usize> = index.scan_row_by_row(&p, now()).iter().collect();
            assert_eq!(fast, slow, "email {email:?}, state {state:?}");
        }
    }
    let at = |email: &str, state: &str| -> Vec<usize> {
        let p = lead(&s, &[(4, email.to_string()), (0, state.to_string())]);
        index.scan(&p, now()).iter().collect()
    };
    // Not @invalid., has gmail, has gmail; state "ca": has a, has neither d nor e, has a.
    assert_eq!(at("ann@gmail.com", "ca"), vec![0, 1, 2, 3, 4, 5]);
    // @invalid.: fails account 0, no gmail (1), has @invalid. (2); state "de": no a/b/c
    // (3), has d (4), no f/g/a (5).
    assert_eq!(at("bo@invalid.org", "de"), vec![2]);
}

/// A `Contains` group of more needles than get finders of their own, long enough
/// together (over 4 KiB) that the automaton is the contiguous NFA rather than a DFA:
/// it answers as row by row.
#[test]
fn contains_group_of_long_needles_uses_an_automaton_that_answers_as_row_by_row() {
    let s = schema();
    let long = |c: char| {
        std::iter::repeat_n('a', 2_000)
            .chain([c])
            .collect::<String>()
    };
    let needles: Vec<String> = ['b', 'c', 'd', 'e', 'f', 'g']
        .into_iter()
        .map(long)
        .collect();
    let built: Vec<AccountCriteria> = needles
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let c = criterion(i as i64, 4, "FieldValue", "Contains", n, "");
            AccountCriteria::new(vec![compile(&s, &c).unwrap()], Zone::UTC)
        })
        .collect();
    let index = CriteriaIndex::new(built);
    for value in [
        format!("x{}y", long('c')),
        format!("{}{}", long('b'), long('g')),
        "a".repeat(3_000),
        "c".to_string(),
    ] {
        let p = lead(&s, &[(4, value.clone())]);
        let fast: Vec<usize> = index.scan(&p, now()).iter().collect();
        let slow: Vec<usize> = index.scan_row_by_row(&p, now()).iter().collect();
        assert_eq!(fast, slow, "value of {} bytes", value.len());
    }
    let hits = |value: String| -> Vec<usize> {
        index.scan(&lead(&s, &[(4, value)]), now()).iter().collect()
    };
    assert_eq!(hits(format!("{}{}", long('b'), long('g'))), vec![0, 5]);
}
