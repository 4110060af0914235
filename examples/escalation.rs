//! Escalation deadlines for a lead type: when an unanswered lead escalates, counting
//! only the lead type's open hours (SPEC.md 10).
//!
//! The mortgage lead type gives a user 15 minutes (`escalation_accept: 900`) to accept
//! a new lead and then an hour (`escalation_activity: 3600`) to log an activity, in
//! office hours Monday to Thursday 08:00-16:00 and Friday 09:00-15:30, New York time
//! (written with its Windows name, as the CRM stores it). Deadlines skip nights and
//! weekends, and are exact across the 2026-03-08 spring-forward.
//!
//! Run it with `cargo run --example escalation`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use chrono::{DateTime, Utc};
use leadroute::escalation::{EscalationSettings, LeadTypeEscalation, DEFAULT_ZONE};

/// The lead type record as the CRM exports it (unknown fields are ignored).
const LEAD_TYPE: &str = r#"{
  "LeadTypeUID": 1, "Descriptor": "Mortgage",
  "escalation_accept": 900, "escalation_activity": 3600,
  "timezone": "Eastern Standard Time",
  "escalation_active": [
    {"day_of_week": 0, "closed": true},
    {"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "16:00:00"},
    {"day_of_week": 2, "closed": false, "open": "08:00:00", "close": "16:00:00"},
    {"day_of_week": 3, "closed": false, "open": "08:00:00", "close": "16:00:00"},
    {"day_of_week": 4, "closed": false, "open": "08:00:00", "close": "16:00:00"},
    {"day_of_week": 5, "closed": false, "open": "09:00:00", "close": "15:30:00"},
    {"day_of_week": 6, "closed": true}
  ]
}"#;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a valid instant")
        .with_timezone(&Utc)
}

/// `t` as wall-clock time in the schedule's zone, with its UTC offset.
fn local(escalation: &LeadTypeEscalation, t: DateTime<Utc>) -> String {
    let zone = escalation.schedule().zone();
    let offset = zone.offset_seconds(t) / 3600;
    format!(
        "{} UTC{offset:+}",
        zone.to_local(t).format("%a %Y-%m-%d %H:%M")
    )
}

fn main() {
    let settings: EscalationSettings =
        serde_json::from_str(LEAD_TYPE).expect("the lead type's escalation settings read");
    // The zone for lead types that name none (the source platform's, Los Angeles).
    let escalation =
        LeadTypeEscalation::from_settings(&settings, &DEFAULT_ZONE).expect("the schedule compiles");

    let cases = [
        // Tuesday 10:00 EDT: 15 open minutes later.
        ("2026-03-10T14:00:00Z", "2026-03-10T14:15:00Z"),
        // Friday 15:25 EDT: 5 minutes before closing, 10 more on Monday from 08:00.
        ("2026-03-13T19:25:00Z", "2026-03-16T12:10:00Z"),
        // Saturday: nothing is open until Monday 08:00, then 15 minutes.
        ("2026-03-14T15:00:00Z", "2026-03-16T12:15:00Z"),
        // Friday 15:25 EST before the spring-forward: Monday 08:10 EDT.
        ("2026-03-06T20:25:00Z", "2026-03-09T12:10:00Z"),
    ];
    for (created, expected) in cases {
        let deadline = escalation
            .accept_deadline(at(created))
            .expect("the office opens every week");
        println!(
            "created {created}: accept by {} ({})",
            leadroute::engine::format_instant(&deadline),
            local(&escalation, deadline)
        );
        assert_eq!(deadline, at(expected), "created {created}");
    }

    // Accepted Thursday 15:30 EDT: 30 minutes Thursday, 30 minutes from Friday 09:00.
    let accepted = at("2026-03-12T19:30:00Z");
    let activity = escalation
        .activity_deadline(accepted)
        .expect("the office opens every week");
    println!(
        "accepted 2026-03-12T19:30:00Z: activity by {} ({})",
        leadroute::engine::format_instant(&activity),
        local(&escalation, activity)
    );
    assert_eq!(activity, at("2026-03-13T13:30:00Z"));

    // A whole week (Monday 00:00 EDT to the next Monday) holds 4 x 8 h + 6.5 h of open time.
    let week = escalation
        .schedule()
        .open_seconds(at("2026-03-09T04:00:00Z"), at("2026-03-16T04:00:00Z"))
        .expect("a forward interval");
    println!("open time in the week of 2026-03-09: {} s", week);
    assert_eq!(week, 4 * 8 * 3600 + 6 * 3600 + 1800);
}

#[test]
fn runs() {
    main();
}
