//! One row per response type and per precedence pair (SPEC.md 9: the checks run in the
//! order LeadType_ID_Missing, Vendor_ID_Missing, No_Account_Found, Account_Disabled,
//! Data_Errors, Post_Over_Max, Outside_Criteria, Duplicate_Lead, and the first failure
//! answers). Each row is a post against the world of `world.rs` with the earlier
//! accepted leads it names, and the exact answer worked out from the spec.

use leadroute_engine::intake::ResponseType::{self, *};
use serde_json::{json, Value};

use super::world::{at, expect, good, intake_with, lead, post, with, NOW};

struct Row {
    name: &'static str,
    /// Members changed in [`good`].
    changes: Value,
    /// Earlier accepted leads (the snapshot's `Leads`).
    prior: Value,
    answer: ResponseType,
    details: &'static str,
}

/// Two leads accepted by campaign 30 in the last hour (10:20 and 10:40 EDT), with other
/// e-mails and phones than [`good`]'s.
fn two_this_hour() -> Value {
    json!([
        {"LeadUID": 901, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T14:20:00Z",
         "Fields": {"Email": "x1@example.com", "Phone": "5550000001"}},
        {"LeadUID": 902, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T14:40:00Z",
         "Fields": {"Email": "x2@example.com", "Phone": "5550000002"}}
    ])
}

/// [`good`]'s e-mail in other case and spacing, accepted by campaign 33 a day ago.
fn same_email_yesterday() -> Value {
    json!([{"LeadUID": 903, "LeadTypeUID": 1, "VID": 3, "AID": 33, "DateReceived": "2026-05-03T15:00:00Z",
            "Fields": {"Email": "  ANN@Example.COM ", "Phone": "5559999999"}}])
}

/// Three leads accepted by campaign `aid` in the last hour (10:10, 10:20, 10:30 EDT), with
/// other e-mails and phones than [`good`]'s.
fn three_this_hour(aid: u64) -> Value {
    json!([
        {"LeadUID": 911, "LeadTypeUID": 1, "VID": 3, "AID": aid, "DateReceived": "2026-05-04T14:10:00Z",
         "Fields": {"Email": "y1@example.com", "Phone": "5550000011"}},
        {"LeadUID": 912, "LeadTypeUID": 1, "VID": 3, "AID": aid, "DateReceived": "2026-05-04T14:20:00Z",
         "Fields": {"Email": "y2@example.com", "Phone": "5550000012"}},
        {"LeadUID": 913, "LeadTypeUID": 1, "VID": 3, "AID": aid, "DateReceived": "2026-05-04T14:30:00Z",
         "Fields": {"Email": "y3@example.com", "Phone": "5550000013"}}
    ])
}

fn rows() -> Vec<Row> {
    let none = || json!([]);
    vec![
        Row {
            name: "accepted",
            changes: json!({}),
            prior: none(),
            answer: NoError,
            details: "",
        },
        Row {
            name: "lead type missing",
            changes: json!({"LeadTypeUID": null}),
            prior: none(),
            answer: LeadTypeIdMissing,
            details: "the lead has no LeadTypeUID",
        },
        Row {
            name: "lead type 0 is missing",
            changes: json!({"LeadTypeUID": 0}),
            prior: none(),
            answer: LeadTypeIdMissing,
            details: "the lead has no LeadTypeUID",
        },
        Row {
            name: "unknown lead type",
            changes: json!({"LeadTypeUID": 9}),
            prior: none(),
            answer: LeadTypeIdMissing,
            details: "LeadTypeUID 9 is not a lead type of the snapshot",
        },
        Row {
            name: "lead type before source",
            changes: json!({"LeadTypeUID": null, "VID": null, "AID": 99}),
            prior: none(),
            answer: LeadTypeIdMissing,
            details: "the lead has no LeadTypeUID",
        },
        Row {
            name: "source missing",
            changes: json!({"VID": null}),
            prior: none(),
            answer: VendorIdMissing,
            details: "the lead has no VID (lead source)",
        },
        Row {
            name: "source before campaign",
            changes: json!({"VID": 0, "AID": 99}),
            prior: none(),
            answer: VendorIdMissing,
            details: "the lead has no VID (lead source)",
        },
        Row {
            name: "unknown source",
            changes: json!({"VID": 6}),
            prior: none(),
            answer: NoAccountFound,
            details: "unknown lead source 6",
        },
        Row {
            name: "campaign missing",
            changes: json!({"AID": null}),
            prior: none(),
            answer: NoAccountFound,
            details: "the lead has no AID (campaign)",
        },
        Row {
            name: "unknown campaign",
            changes: json!({"AID": 99}),
            prior: none(),
            answer: NoAccountFound,
            details: "unknown campaign 99",
        },
        Row {
            name: "campaign of another source",
            changes: json!({"AID": 40}),
            prior: none(),
            answer: NoAccountFound,
            details: "campaign 40 is not a campaign of lead source 3 (it is of 4)",
        },
        Row {
            name: "campaign of another lead type",
            changes: json!({"AID": 32}),
            prior: none(),
            answer: NoAccountFound,
            details: "campaign 32 receives lead type 2, not 1",
        },
        Row {
            name: "campaign before data",
            changes: json!({"AID": 99, "Fields": {"Email": null}}),
            prior: none(),
            answer: NoAccountFound,
            details: "unknown campaign 99",
        },
        Row {
            name: "campaign inactive",
            changes: json!({"AID": 31}),
            prior: none(),
            answer: AccountDisabled,
            details: "campaign 31 is Inactive",
        },
        Row {
            name: "source on hold",
            changes: json!({"VID": 4, "AID": 40}),
            prior: none(),
            answer: AccountDisabled,
            details: "lead source 4 is OnHold",
        },
        Row {
            name: "campaign whose rules do not compile",
            changes: json!({"VID": 5, "AID": 38}),
            prior: none(),
            answer: AccountDisabled,
            details: "campaign 38 is misconfigured: Rules[0]: criterion 0 (Age) Value: Between \"9|1\": min is greater than max",
        },
        Row {
            name: "disabled before data",
            changes: json!({"AID": 31, "Fields": {"Email": null, "Age": "x"}}),
            prior: none(),
            answer: AccountDisabled,
            details: "campaign 31 is Inactive",
        },
        Row {
            name: "required field missing",
            changes: json!({"Fields": {"Email": null}}),
            prior: none(),
            answer: DataErrors,
            details: "Email is required",
        },
        Row {
            name: "required field blank",
            changes: json!({"Fields": {"Email": "   "}}),
            prior: none(),
            answer: DataErrors,
            details: "Email is required",
        },
        Row {
            name: "required field stripped to nothing",
            changes: json!({"Fields": {"Phone": "(--)"}}),
            prior: none(),
            answer: DataErrors,
            details: "Phone is required (nothing is left after removing InvalidChars)",
        },
        Row {
            name: "validation fails",
            changes: json!({"Fields": {"Email": "ann at example"}}),
            prior: none(),
            answer: DataErrors,
            details: "Email: 'ann at example' does not match Validation \"^[^@\\\\s]+@[^@\\\\s]+\\\\.[A-Za-z]{2,}$\" (Enter a valid e-mail address)",
        },
        Row {
            name: "validation after stripping",
            changes: json!({"Fields": {"Phone": "555-123-456"}}),
            prior: none(),
            answer: DataErrors,
            details: "Phone: '555123456' does not match Validation \"^[0-9]{10}$\"",
        },
        Row {
            name: "enumerated value not allowed",
            changes: json!({"Fields": {"State": "ZZ"}}),
            prior: none(),
            answer: DataErrors,
            details: "State: 'ZZ' is not one of its values (CA, TX, NY)",
        },
        Row {
            name: "deleted enumeration value not allowed",
            changes: json!({"Fields": {"State": "NV"}}),
            prior: none(),
            answer: DataErrors,
            details: "State: 'NV' is not one of its values (CA, TX, NY)",
        },
        Row {
            name: "enumerated values compare case-insensitively",
            changes: json!({"Fields": {"State": " tx "}}),
            prior: none(),
            answer: NoError,
            details: "",
        },
        Row {
            name: "value not of its type",
            changes: json!({"Fields": {"Age": "thirty"}}),
            prior: none(),
            answer: DataErrors,
            details: "Age: 'thirty' is not a valid Int",
        },
        Row {
            name: "every data error in field order",
            changes: json!({"Fields": {"Age": "thirty", "Email": null, "State": "ZZ"}}),
            prior: none(),
            answer: DataErrors,
            details: "Email is required; State: 'ZZ' is not one of its values (CA, TX, NY); Age: 'thirty' is not a valid Int",
        },
        Row {
            name: "fields keyed by uid",
            changes: json!({"Fields": {"Email": null, "11": "bob@example.com"}}),
            prior: none(),
            answer: NoError,
            details: "",
        },
        Row {
            name: "data before caps",
            changes: json!({"Fields": {"Age": "x"}}),
            prior: two_this_hour(),
            answer: DataErrors,
            details: "Age: 'x' is not a valid Int",
        },
        Row {
            name: "hour cap full",
            changes: json!({}),
            prior: two_this_hour(),
            answer: PostOverMax,
            details: "campaign 30: HourMax 2 reached (2 leads accepted in the rolling hour)",
        },
        Row {
            name: "caps before rules",
            changes: json!({"Fields": {"Age": "17"}}),
            prior: two_this_hour(),
            answer: PostOverMax,
            details: "campaign 30: HourMax 2 reached (2 leads accepted in the rolling hour)",
        },
        Row {
            name: "rule fails",
            changes: json!({"Fields": {"Age": "17"}}),
            prior: none(),
            answer: OutsideCriteria,
            details: "campaign 30 Rules[0] (Age): lead value '17' does not satisfy GreaterOrEqual \"18\"",
        },
        Row {
            name: "rule with a missing value",
            changes: json!({"Fields": {"Age": null}}),
            prior: none(),
            answer: OutsideCriteria,
            details: "campaign 30 Rules[0] (Age): lead value is missing (GreaterOrEqual \"18\")",
        },
        Row {
            name: "rules before duplicates",
            changes: json!({"Fields": {"Age": "17"}}),
            prior: same_email_yesterday(),
            answer: OutsideCriteria,
            details: "campaign 30 Rules[0] (Age): lead value '17' does not satisfy GreaterOrEqual \"18\"",
        },
        Row {
            name: "duplicate of another campaign's lead",
            changes: json!({}),
            prior: same_email_yesterday(),
            answer: DuplicateLead,
            details: "matches a lead accepted at 2026-05-03T15:00:00Z on Email (duplicate set 1 of \"Email; FirstName, Phone\"), within DupDayMax 30 days",
        },
        // SPEC.md 2, 6 and 9 at their edges, hand-worked.
        Row {
            name: "Int accepts thousands commas and a zero fraction (1,018.0 is 1018)",
            changes: json!({"Fields": {"Age": "1,018.0"}}),
            prior: none(),
            answer: NoError,
            details: "",
        },
        Row {
            name: "HourMax 0, DayMax -1 and MonthMax null are no maximum",
            changes: json!({"AID": 42}),
            prior: three_this_hour(42),
            answer: NoError,
            details: "",
        },
        Row {
            name: "rules see the value InvalidChars left",
            changes: json!({"AID": 43}),
            prior: none(),
            answer: NoError,
            details: "",
        },
        Row {
            name: "rules see the value InvalidChars left, and it can fail them",
            changes: json!({"AID": 43, "Fields": {"Phone": "555-123-4568"}}),
            prior: none(),
            answer: OutsideCriteria,
            details: "campaign 43 Rules[0] (Phone): lead value '5551234568' does not satisfy Equal \"5551234567\"",
        },
        Row {
            name: "no duplicate check without DupDayMax",
            changes: json!({"AID": 33}),
            prior: same_email_yesterday(),
            answer: NoError,
            details: "",
        },
    ]
}

#[test]
fn every_response_type_and_its_precedence() {
    let mut failures = Vec::new();
    let rows = rows();
    for r in &rows {
        let mut intake = intake_with(r.prior.clone());
        let got = post(&mut intake, &with(&good(), &r.changes));
        if (got.response_type, got.details.as_str()) != (r.answer, r.details) {
            failures.push(format!(
                "{}: expected {} {:?}, got {} {:?}",
                r.name, r.answer, r.details, got.response_type, got.details
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // The table covers every response type.
    for t in ResponseType::ALL {
        assert!(rows.iter().any(|r| r.answer == t), "no row answers {t}");
    }
}

#[test]
fn output_line_shape() {
    let mut intake = intake_with(json!([]));
    let r = post(
        &mut intake,
        &with(&good(), &json!({"LeadUID": 77, "AID": 99})),
    );
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"LeadUID": 77, "ResponseType": "No_Account_Found", "ResponseDetails": "unknown campaign 99"})
    );
}

#[test]
fn stripped_values_are_the_leads_values_from_then_on() {
    let mut intake = intake_with(json!([]));
    let r = post(&mut intake, &good());
    expect(&r, NoError, "");
    assert_eq!(r.lead.fields["Phone"], "5551234567");
    assert_eq!(r.lead.fields["Email"], "ann@example.com");
    // The stripped value is what the duplicate check of a later lead compares: the same
    // digits with other punctuation, and another e-mail, match on FirstName + Phone.
    let again = with(
        &good(),
        &json!({"LeadUID": 2, "Fields": {"Email": "other@example.com", "Phone": "555.123.4567"}}),
    );
    expect(
        &post(&mut intake, &again),
        DuplicateLead,
        "matches a lead accepted at 2026-05-04T15:00:00Z on FirstName, Phone (duplicate set 2 of \"Email; FirstName, Phone\"), within DupDayMax 30 days",
    );
}

#[test]
fn day_and_month_caps_count_in_the_default_zone() {
    // Campaign 34 has DayMax 1, 35 MonthMax 1; the zone is America/New_York (EDT, -4 h).
    let prior = |aid: u64, t: &str| {
        json!([{"LeadUID": 900, "LeadTypeUID": 1, "VID": 3, "AID": aid, "DateReceived": t,
                "Fields": {"Email": "x@example.com", "Phone": "5550000000"}}])
    };
    let cases = [
        // 23:59:59 EDT on May 3 is yesterday: the day cap has room.
        (34, "2026-05-04T03:59:59Z", NoError, ""),
        // 00:00:00 EDT on May 4 is today.
        (
            34,
            "2026-05-04T04:00:00Z",
            PostOverMax,
            "campaign 34: DayMax 1 reached (1 lead accepted on 2026-05-04 (America/New_York))",
        ),
        // 23:59:59 EDT on April 30 is last month; 00:00 EDT May 1 is this month.
        (35, "2026-05-01T03:59:59Z", NoError, ""),
        (
            35,
            "2026-05-01T04:00:00Z",
            PostOverMax,
            "campaign 35: MonthMax 1 reached (1 lead accepted in 2026-05 (America/New_York))",
        ),
    ];
    for (aid, t, answer, details) in cases {
        let mut intake = intake_with(prior(aid, t));
        let r = post(&mut intake, &with(&good(), &json!({"AID": aid})));
        assert_eq!(
            (r.response_type, r.details.as_str()),
            (answer, details),
            "campaign {aid}, earlier lead at {t}"
        );
    }
}

#[test]
fn accepted_leads_count_toward_the_caps_of_later_leads() {
    // HourMax 2: the first two posts are accepted, the third is over, and a post an hour
    // after the first has room again (the rolling hour is (now - 3600 s, now]).
    let mut intake = intake_with(json!([]));
    let post_at = |intake: &mut _, uid: u64, t: &str| {
        let v = with(
            &good(),
            &json!({"LeadUID": uid, "DateReceived": t,
                    "Fields": {"Email": format!("p{uid}@example.com"), "Phone": format!("555000000{uid}")}}),
        );
        post(intake, &v).response_type
    };
    assert_eq!(post_at(&mut intake, 1, "2026-05-04T14:00:00Z"), NoError);
    assert_eq!(post_at(&mut intake, 2, "2026-05-04T14:30:00Z"), NoError);
    assert_eq!(post_at(&mut intake, 3, "2026-05-04T14:59:59Z"), PostOverMax);
    assert_eq!(post_at(&mut intake, 4, "2026-05-04T15:00:00Z"), NoError);
    // A rejected lead is not counted, and `check` records nothing.
    let probe = lead(&with(
        &good(),
        &json!({"DateReceived": "2026-05-04T15:10:00Z",
        "Fields": {"Email": "probe@example.com", "Phone": "5550000099"}}),
    ));
    assert_eq!(
        intake
            .check(probe.clone(), at("2026-05-04T15:10:00Z"))
            .response_type,
        PostOverMax
    );
    assert_eq!(
        intake
            .check(probe.clone(), at("2026-05-04T15:30:00Z"))
            .response_type,
        NoError
    );
    assert_eq!(
        intake
            .check(probe.clone(), at("2026-05-04T15:30:00Z"))
            .response_type,
        NoError
    );
    let _ = NOW;
}

#[test]
fn city_and_state_are_appended_from_the_zip_table() {
    let mut intake = intake_with(json!([]));
    // Lead type 2 requires City; campaign 32 appends it, campaign 36 does not.
    let solar = json!({"LeadUID": 5, "LeadTypeUID": 2, "VID": 3, "AID": 32, "DateReceived": NOW,
                       "Fields": {"Zip": "10001-2345", "Mobile": "555 111 2222"}});
    let r = post(&mut intake, &solar);
    expect(&r, NoError, "");
    assert_eq!(
        r.lead.fields.get("City").map(String::as_str),
        Some("New York")
    );
    assert_eq!(r.lead.fields.get("St").map(String::as_str), Some("NY"));
    let r = post(
        &mut intake,
        &with(
            &solar,
            &json!({"AID": 36, "LeadUID": 6, "Fields": {"Mobile": "555 111 3333"}}),
        ),
    );
    expect(&r, DataErrors, "City is required");
    // A given City is kept; an empty State is filled (campaign 33, lead type 1).
    let r = post(
        &mut intake,
        &with(
            &good(),
            &json!({"AID": 33, "Fields": {"City": "Hollywood", "State": ""}}),
        ),
    );
    expect(&r, NoError, "");
    assert_eq!(r.lead.fields["City"], "Hollywood");
    assert_eq!(r.lead.fields["State"], "CA");
    // An unknown ZIP appends nothing (and is no error by itself).
    let r = post(
        &mut intake,
        &with(
            &solar,
            &json!({"LeadUID": 7, "Fields": {"Zip": "00000", "Mobile": "555 111 4444"}}),
        ),
    );
    expect(&r, DataErrors, "City is required");
}

#[test]
fn build_problems_are_located() {
    let intake = intake_with(json!([{"LeadUID": 1, "LeadTypeUID": 1, "Fields": {}}]));
    let shown: Vec<String> = intake
        .problems()
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    assert_eq!(
        shown,
        [
            "Campaigns[9].Rules[0]: criterion 0 (Age) Value: Between \"9|1\": min is greater than max",
            "Leads[0].DateReceived: lead 1: no DateReceived; not used for duplicates or caps",
        ]
    );
}

/// An accepted lead dated after now counts as accepted at now (SPEC.md 6, "Sends
/// dated after now count as if sent at now", and "the same rules apply to campaign
/// caps"), so posting out of time order still sees it.
#[test]
fn accepted_leads_dated_after_now_count_as_at_now() {
    let post_as = |intake: &mut _, uid: u64, aid: u64, t: &str| {
        let v = with(
            &good(),
            &json!({"LeadUID": uid, "AID": aid, "DateReceived": t,
                    "Fields": {"Email": format!("f{uid}@example.com"), "Phone": format!("55500001{uid:02}")}}),
        );
        post(intake, &v)
    };
    // Campaign 30, HourMax 2: two leads accepted at 16:00 and 16:10Z; a post at 15:00Z
    // counts both (dated after now: at now), so the hour is full.
    let mut intake = intake_with(json!([]));
    expect(
        &post_as(&mut intake, 1, 30, "2026-05-04T16:00:00Z"),
        NoError,
        "",
    );
    expect(
        &post_as(&mut intake, 2, 30, "2026-05-04T16:10:00Z"),
        NoError,
        "",
    );
    expect(
        &post_as(&mut intake, 3, 30, "2026-05-04T15:00:00Z"),
        PostOverMax,
        "campaign 30: HourMax 2 reached (2 leads accepted in the rolling hour)",
    );
    // Campaign 34, DayMax 1 (America/New_York): a lead accepted on May 5 fills May 4 too
    // when posting on May 4, but not May 6 (May 6 starts 2026-05-06T04:00:00Z).
    let mut intake = intake_with(json!([]));
    expect(
        &post_as(&mut intake, 4, 34, "2026-05-05T15:00:00Z"),
        NoError,
        "",
    );
    expect(
        &post_as(&mut intake, 5, 34, "2026-05-04T15:00:00Z"),
        PostOverMax,
        "campaign 34: DayMax 1 reached (1 lead accepted on 2026-05-04 (America/New_York))",
    );
    expect(
        &post_as(&mut intake, 6, 34, "2026-05-06T04:00:00Z"),
        NoError,
        "",
    );
}

/// Campaign day caps count calendar days of `Settings.DefaultTimeZone` as long as
/// they really are (SPEC.md 5-6): 2026-03-08 in New York is 23 h (05:00Z to 04:00Z next
/// day), 2026-11-01 is 25 h (04:00Z to 05:00Z next day).
#[test]
fn campaign_day_caps_have_dst_length_days() {
    let prior = |t: &str| {
        json!([{"LeadUID": 900, "LeadTypeUID": 1, "VID": 3, "AID": 34, "DateReceived": t,
                "Fields": {"Email": "x@example.com", "Phone": "5550000000"}}])
    };
    let cases = [
        (
            "2026-03-08T05:00:00Z",
            "2026-03-09T03:59:59Z",
            PostOverMax,
            "campaign 34: DayMax 1 reached (1 lead accepted on 2026-03-08 (America/New_York))",
        ),
        ("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", NoError, ""),
        ("2026-03-08T04:59:59Z", "2026-03-08T05:00:00Z", NoError, ""),
        (
            "2026-11-01T04:00:00Z",
            "2026-11-02T04:59:59Z",
            PostOverMax,
            "campaign 34: DayMax 1 reached (1 lead accepted on 2026-11-01 (America/New_York))",
        ),
        ("2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", NoError, ""),
        ("2026-11-01T03:59:59Z", "2026-11-01T04:00:00Z", NoError, ""),
    ];
    for (earlier, t, answer, details) in cases {
        let mut intake = intake_with(prior(earlier));
        let r = post(
            &mut intake,
            &with(&good(), &json!({"AID": 34, "DateReceived": t})),
        );
        assert_eq!(
            (r.response_type, r.details.as_str()),
            (answer, details),
            "earlier lead at {earlier}, posted at {t}"
        );
    }
}

/// A campaign rule marked `Delete: true` is not applied. SPEC.md is
/// silent on `Delete`; the seed documents `Criteria.Delete` as "Should the criteria item be
/// removed", and the model's own doc of `Criterion::delete` says "a deleted rule is not
/// applied" (the criteria crate says "the caller skips deleted records"). Campaign 41's
/// only rule (Age Equal 99) is deleted, so [`good`] (Age 30) is accepted.
#[test]
fn deleted_campaign_rules_are_not_applied() {
    let mut intake = intake_with(json!([]));
    expect(
        &post(&mut intake, &with(&good(), &json!({"AID": 41}))),
        NoError,
        "",
    );
}
