//! Compile errors and explanations as the engine sees them: with the criterion's JSON
//! path, naming the criterion and its field.

use chrono::{TimeZone, Utc};
use leadroute_criteria::{compile, AccountCriteria, CriteriaIndex, Zone};

use super::props::{criterion, schema};

#[test]
fn compile_errors_carry_path_and_criterion() {
    let s = schema();
    let table = [
        (
            "between_reversed_with_path",
            criterion(7, 1, "FieldValue", "Between", "20|10", ""),
            Some("DeliveryAccounts[4].Criteria[1]"),
            "DeliveryAccounts[4].Criteria[1].Value: Between \"20|10\": min is greater than max",
        ),
        (
            "range_not_int_with_path",
            criterion(7, 1, "FieldValue", "Between", "1|x", ""),
            Some("DeliveryAccounts[12].Criteria[3]"),
            "DeliveryAccounts[12].Criteria[3].Value: \"1|x\" is not a valid Int range",
        ),
        (
            "without_path_names_criterion_and_field",
            criterion(55, 1, "FieldValue", "Equal", "abc", ""),
            None,
            "criterion 55 (Age) Value: \"abc\" is not a valid Int",
        ),
        (
            "unknown_lead_field",
            criterion(9, 99, "FieldValue", "Equal", "1", ""),
            None,
            "criterion 9 LeadFieldUID: lead field 100 is not a field of the lead type",
        ),
        (
            "regex_operator",
            criterion(3, 0, "Expression", "In", "", "a"),
            Some("Campaigns[0].Rules[2]"),
            "Campaigns[0].Rules[2].Operator: operator In is not allowed here; use Equal or NotEqual",
        ),
        (
            "function_unknown_field",
            criterion(4, 0, "Function", "Equal", "1", "[Nope] * 2"),
            None,
            "criterion 4 (State) Expression: unknown field [Nope]",
        ),
    ];
    for (name, c, path, want) in table {
        let e = compile(&s, &c).expect_err(name);
        let e = match path {
            Some(p) => e.at(p),
            None => e,
        };
        assert_eq!(e.to_string(), want, "{name}");
    }
}

#[test]
fn explanations_name_criterion_operator_expected_and_lead_value() {
    let s = schema();
    let now = Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0).unwrap();
    let acc = AccountCriteria::new(
        vec![
            compile(&s, &criterion(11, 0, "FieldValue", "In", "CA|NV", "")).unwrap(),
            compile(
                &s,
                &criterion(12, 1, "FieldValue", "GreaterOrEqual", "18", ""),
            )
            .unwrap(),
            compile(
                &s,
                &criterion(13, 3, "FieldValue", "Distance_Compare", "0,0|10", ""),
            )
            .unwrap(),
            compile(
                &s,
                &criterion(14, 6, "FieldValue", "DateCompare", "<= -18y", ""),
            )
            .unwrap(),
        ],
        Zone::from_name("America/New_York").unwrap(),
    );
    let map = [
        ("State", "TX"),
        ("Age", "abc"),
        ("Zip", "0,1"),
        ("Dob", "2010-01-01"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let lead = s.prepare(&map);
    let got: Vec<String> = acc
        .failures(&lead, now)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        vec![
            "criterion 11 (State): lead value 'TX' does not satisfy In \"CA|NV\"",
            "criterion 12 (Age): lead value 'abc' is not a valid Int",
            "criterion 13 (Zip): lead value '0,1' does not satisfy Distance_Compare \"0,0|10\" (69.1 miles away)",
            "criterion 14 (Dob): lead value '2010-01-01' does not satisfy DateCompare \"<= -18y\" (compared with 2006-06-15)",
        ]
    );
    assert_eq!(
        acc.first_failure(&lead, now).map(|f| f.criterion_uid()),
        Some(11)
    );
    let index = CriteriaIndex::new(vec![acc]);
    assert_eq!(index.scan(&lead, now).count(), 0);
    assert_eq!(index.explain(0, &lead, now).len(), 4);
}

#[test]
fn non_object_eval_line_is_an_error() {
    let e = leadroute_criteria::eval_case(&serde_json::json!([1, 2])).unwrap_err();
    assert_eq!(e.to_string(), "an eval case must be a JSON object");
}
