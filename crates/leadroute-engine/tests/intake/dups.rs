//! Duplicates (SPEC.md 9): the window is `DupDayMax x 24 h` of real time before now
//! (`DateReceived` strictly after `now - window`), in seconds, also across a DST change
//! of the default zone; a lead matches when every field of one duplicate set matches;
//! values compare trimmed and case-insensitively, phones by their digits only.

use leadroute_engine::intake::ResponseType::{DuplicateLead, NoError};
use serde_json::{json, Value};

use super::world::{expect, good, intake_with, post, with};

/// A lead of type 2 (dup sets `Mobile;Alt`) for campaign 32 (DupDayMax 1).
fn solar(uid: u64, t: &str, mobile: &str, alt: &str) -> Value {
    json!({"LeadUID": uid, "LeadTypeUID": 2, "VID": 3, "AID": 32, "DateReceived": t,
           "Fields": {"Zip": "10001", "City": "New York", "Mobile": mobile, "Alt": alt}})
}

#[test]
fn window_edges_in_seconds() {
    // Accepted at 2026-05-04T15:00:00Z; DupDayMax 1 is 86,400 s.
    let first = solar(1, "2026-05-04T15:00:00Z", "5551112222", "a");
    let cases = [
        ("2026-05-04T15:00:00Z", true),
        ("2026-05-05T14:59:59Z", true),
        ("2026-05-05T15:00:00Z", false),
        ("2026-05-05T15:00:01Z", false),
    ];
    for (t, dup) in cases {
        let mut intake = intake_with(json!([]));
        expect(&post(&mut intake, &first), NoError, "");
        let r = post(&mut intake, &solar(2, t, "(555) 111-2222", "b"));
        assert_eq!(
            r.response_type == DuplicateLead,
            dup,
            "posted again at {t}: {r:?}"
        );
    }
}

#[test]
fn window_is_real_time_across_spring_forward() {
    // America/New_York springs forward on 2026-03-08 (02:00 EST -> 03:00 EDT), so that
    // local day has 23 hours. Accepted Saturday 07:00 EST (12:00Z). At 11:30Z Sunday the
    // wall clock reads 07:30 EDT, a calendar day and a half-hour later, but only 23.5 h
    // have passed: still a duplicate. At 12:00Z (08:00 EDT) exactly 24 h have passed.
    let first = solar(1, "2026-03-07T12:00:00Z", "5551112222", "a");
    for (t, dup) in [
        ("2026-03-08T11:30:00Z", true),
        ("2026-03-08T11:59:59Z", true),
        ("2026-03-08T12:00:00Z", false),
    ] {
        let mut intake = intake_with(json!([]));
        expect(&post(&mut intake, &first), NoError, "");
        let r = post(&mut intake, &solar(2, t, "5551112222", "b"));
        assert_eq!(
            r.response_type == DuplicateLead,
            dup,
            "posted again at {t}: {r:?}"
        );
    }
}

#[test]
fn window_across_fall_back_with_earlier_leads_from_the_snapshot() {
    // 2026-11-01 falls back (02:00 EDT -> 01:00 EST): the local day has 25 hours. An
    // earlier lead received at 2026-10-31T12:00:00Z (08:00 EDT) is within DupDayMax 1
    // until 2026-11-01T11:59:59Z (06:59:59 EST, a calendar day on the wall clock
    // earlier than 08:00).
    let prior = json!([solar(9, "2026-10-31T12:00:00Z", "5551112222", "a")]);
    for (t, dup) in [
        ("2026-11-01T11:59:59Z", true),
        ("2026-11-01T12:00:00Z", false),
    ] {
        let mut intake = intake_with(prior.clone());
        let r = post(&mut intake, &solar(2, t, "555-111-2222", "b"));
        assert_eq!(
            r.response_type == DuplicateLead,
            dup,
            "posted at {t}: {r:?}"
        );
    }
}

#[test]
fn a_two_field_set_matching_on_one_field_is_not_a_duplicate() {
    // Set 2 of lead type 1 is FirstName + Phone; every post has its own e-mail (set 1).
    // Campaign 39: DupDayMax 30, no caps.
    let mut intake = intake_with(json!([]));
    let post_as = |intake: &mut _, uid: u64, first: &str, phone: &str| {
        let v = with(
            &good(),
            &json!({"LeadUID": uid, "AID": 39, "Fields": {"Email": format!("u{uid}@example.com"),
                    "FirstName": first, "Phone": phone}}),
        );
        post(intake, &v)
    };
    expect(&post_as(&mut intake, 1, "Ann", "5551234567"), NoError, "");
    // Same first name, other phone; same phone, other first name: not duplicates.
    expect(&post_as(&mut intake, 2, "Ann", "5559876543"), NoError, "");
    expect(&post_as(&mut intake, 3, "Bea", "5551234567"), NoError, "");
    // Both, in other case and spacing: a duplicate of lead 1 (or 3's phone with 1's name).
    let r = post_as(&mut intake, 4, " aNN ", "555 123 4567");
    assert_eq!(r.response_type, DuplicateLead, "{r:?}");
    assert!(
        r.details.contains("on FirstName, Phone (duplicate set 2"),
        "{}",
        r.details
    );
}

#[test]
fn a_set_with_a_missing_field_never_matches() {
    // Leads without a FirstName share the phone: set 2 needs both fields.
    let mut intake = intake_with(json!([]));
    for uid in 1..=2u64 {
        let v = with(
            &good(),
            &json!({"LeadUID": uid, "Fields": {"Email": format!("u{uid}@example.com"), "FirstName": null}}),
        );
        expect(&post(&mut intake, &v), NoError, "");
    }
}

#[test]
fn phones_compare_by_digits_and_other_fields_by_folded_text() {
    // Mobile is a MobilePhone field without InvalidChars: the duplicate check itself
    // keeps only its digits. Alt is plain text: punctuation matters, case and outer
    // spaces do not.
    let cases = [
        ("(555) 111-2222", "zzz", true),
        ("555.111.2222", "zzz", true),
        ("1 555 111 2222", "zzz", false), // a leading 1 is another digit string
        ("none", "A-1", true),            // via Alt: "a-1" folded equals " A-1 "
        ("none", "A1", false),
    ];
    for (mobile, alt, dup) in cases {
        let mut intake = intake_with(json!([]));
        expect(
            &post(
                &mut intake,
                &solar(1, "2026-05-04T15:00:00Z", "5551112222", " a-1 "),
            ),
            NoError,
            "",
        );
        let r = post(&mut intake, &solar(2, "2026-05-04T16:00:00Z", mobile, alt));
        assert_eq!(
            r.response_type == DuplicateLead,
            dup,
            "{mobile:?} {alt:?}: {r:?}"
        );
    }
}

#[test]
fn other_lead_types_and_rejected_leads_are_not_duplicates() {
    let mut intake = intake_with(json!([]));
    // A rejected post (Age 17 is outside campaign 30's rule) is not remembered.
    let young = with(&good(), &json!({"LeadUID": 1, "Fields": {"Age": "17"}}));
    assert_ne!(post(&mut intake, &young).response_type, NoError);
    expect(
        &post(&mut intake, &with(&good(), &json!({"LeadUID": 2}))),
        NoError,
        "",
    );
    // Lead type 2 with the same phone digits in a phone field is another lead type.
    expect(
        &post(
            &mut intake,
            &solar(3, "2026-05-04T15:00:00Z", "5551234567", "q"),
        ),
        NoError,
        "",
    );
}

#[test]
fn duplicate_index_memory_per_key() {
    // 12 bytes a slot, at most 7/8 full, grown by 7/5: 13.7 to 19.2 bytes per key.
    let mut intake = intake_with(json!([]));
    for uid in 0..20_000u64 {
        let v = solar(
            uid,
            "2026-05-04T15:00:00Z",
            &format!("5{uid:09}"),
            &format!("alt{uid}"),
        );
        assert!(intake.record_accepted(
            &super::world::lead(&v),
            super::world::at("2026-05-04T15:00:00Z")
        ));
    }
    assert_eq!(intake.duplicate_keys(), 40_000);
    let per_key = intake.duplicate_index_bytes() as f64 / 40_000.0;
    assert!((13.7..=19.3).contains(&per_key), "{per_key} bytes per key");
}

/// A lead accepted with a `DateReceived` after the post's now is inside the window
/// (only a lower bound, "after now - DupDayMax x 24 h"), so posting out of time order
/// still finds it.
#[test]
fn a_lead_accepted_with_a_later_date_is_a_duplicate() {
    let mut intake = intake_with(json!([]));
    expect(
        &post(
            &mut intake,
            &solar(1, "2026-05-10T15:00:00Z", "5551112222", "a"),
        ),
        NoError,
        "",
    );
    let r = post(
        &mut intake,
        &solar(2, "2026-05-04T15:00:00Z", "555-111-2222", "b"),
    );
    expect(
        &r,
        DuplicateLead,
        "matches a lead accepted at 2026-05-10T15:00:00Z on Mobile (duplicate set 1 of \"Mobile;Alt\"), within DupDayMax 1 days",
    );
}
