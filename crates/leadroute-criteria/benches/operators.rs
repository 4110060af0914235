//! Measures the evaluation of one compiled criterion against one prepared lead, per
//! operator and type (ns per criterion), and the first use of the bundled ZIP table.
//! Before timing, checks each criterion's hand-computed outcome for the bench lead.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_criteria::{compile, LeadSchema, UsZipTable, Zone};
use leadroute_model::{parse_record, LeadType};

fn bench(c: &mut Criterion) {
    let lt: LeadType = parse_record(
        r#"{"LeadTypeUID": 1, "Fields": [
            {"LeadFieldUID": 1, "Descriptor": "State", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 2, "Descriptor": "Age", "FieldDataType": "Int"},
            {"LeadFieldUID": 3, "Descriptor": "Income", "FieldDataType": "Money"},
            {"LeadFieldUID": 4, "Descriptor": "Zip", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 5, "Descriptor": "Email", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 6, "Descriptor": "Dob", "FieldDataType": "DateTime"},
            {"LeadFieldUID": 7, "Descriptor": "Score", "FieldDataType": "Float"}]}"#,
    )
    .unwrap();
    let s = LeadSchema::new(&lt);
    let values: BTreeMap<String, String> = [
        ("State", "CA"),
        ("Age", "34"),
        ("Income", "$85,000"),
        ("Zip", "90211"),
        ("Email", "someone@gmail.com"),
        ("Dob", "1990-04-01"),
        ("Score", "7.25"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let lead = s.prepare(&values);
    let now = Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0).unwrap();
    let zone = Zone::from_name("America/Los_Angeles").unwrap();
    // (name, field, type, operator, value, expression, expected)
    let table = [
        ("varchar_equal", 1, "FieldValue", "Equal", "ca", "", true),
        (
            "varchar_in_5",
            1,
            "FieldValue",
            "In",
            "NV|OR|WA|AZ|CA",
            "",
            true,
        ),
        (
            "varchar_not_in_prefix",
            4,
            "FieldValue",
            "NotIn",
            "100*|606*",
            "",
            true,
        ),
        ("int_greater", 2, "FieldValue", "Greater", "18", "", true),
        ("int_not_equal", 2, "FieldValue", "NotEqual", "35", "", true),
        (
            "int_less_or_equal",
            2,
            "FieldValue",
            "LessOrEqual",
            "34",
            "",
            true,
        ),
        ("int_between", 2, "FieldValue", "Between", "25|45", "", true),
        (
            "money_greater_or_equal",
            3,
            "FieldValue",
            "GreaterOrEqual",
            "$50,000",
            "",
            true,
        ),
        ("float_less", 7, "FieldValue", "Less", "9.5", "", true),
        (
            "varchar_contains_3",
            5,
            "FieldValue",
            "Contains",
            "gmail,yahoo,aol",
            "",
            true,
        ),
        (
            "varchar_doesnt_contain_3",
            5,
            "FieldValue",
            "Doesnt_Contain",
            "spam,test,fake",
            "",
            true,
        ),
        (
            "date_compare_18y",
            6,
            "FieldValue",
            "DateCompare",
            "<= -18y",
            "",
            true,
        ),
        (
            "distance_zip_10mi",
            4,
            "FieldValue",
            "Distance_Compare",
            "90210|10",
            "",
            true,
        ),
        ("regex", 5, "Expression", "Equal", "", "@gmail\\.com$", true),
        (
            "function_ratio",
            2,
            "Function",
            "LessOrEqual",
            "1",
            "[Age] / 100",
            true,
        ),
    ];
    let mut g = c.benchmark_group("criterion");
    for (name, field, kind, op, value, expr, expected) in table {
        let cr = parse_record(
            &serde_json::json!({"ClientCriteriaUID": 1, "LeadFieldUID": field, "Type": kind,
                "Operator": op, "Value": value, "Expression": expr})
            .to_string(),
        )
        .unwrap();
        let cc = compile(&s, &cr).unwrap();
        assert_eq!(cc.check(&lead, now, &zone).is_ok(), expected, "{name}");
        g.bench_function(name, |b| {
            b.iter(|| black_box(cc.check(black_box(&lead), now, &zone).is_ok()))
        });
    }
    g.finish();

    // The cost of the bundled ZIP table's first use (decoding the embedded bytes into
    // the searchable table); the issue's target is <= 50 ms. Checked: every ZIP decoded.
    let zips = UsZipTable.len();
    assert!(zips > 40_000, "{zips} ZIPs");
    assert_eq!(UsZipTable.decode_uncached(), zips);
    c.bench_function("zip_table_first_use", |b| {
        b.iter(|| black_box(UsZipTable.decode_uncached()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
