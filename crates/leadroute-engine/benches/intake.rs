//! Intake of one posted lead (SPEC.md section 9) against a duplicate index holding
//! 10,000,000 earlier accepted leads.
//!
//! The lead type is the demo's mortgage shape (Email and Phone validated, Phone stripped
//! of non-digits, `DefaultDupSets` `Email;Phone`, so two index keys per lead); the
//! campaign has an hour and a day cap, one rule and `DupDayMax` 30. The earlier leads
//! are spread over the 30 days before now, each with its own e-mail and phone.
//!
//! - `intake/new_lead_10m`: a lead that passes every check (`No_Error`): field cleaning
//!   and validation, caps, the rule, and both duplicate probes that miss.
//! - `intake/duplicate_10m`: a lead whose e-mail is an earlier lead's (`Duplicate_Lead`).
//!
//! Before measuring, each answer is checked, and the index's heap bytes per earlier lead
//! and per key are printed (target: at most 40 bytes per earlier lead). Set
//! `INTAKE_BENCH_LEADS` to use another history size.

use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use leadroute_engine::intake::{Intake, ResponseType};
use leadroute_model::{load_snapshot, parse_record, Lead};

const SNAPSHOT: &str = r#"{
  "Settings": {"DefaultTimeZone": "America/New_York"},
  "LeadTypes": [{"LeadTypeUID": 1, "Descriptor": "Mortgage", "DefaultDupSets": "Email;Phone",
    "Fields": [
      {"LeadFieldUID": 1, "Descriptor": "Email", "Required": true,
       "Validation": "^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$"},
      {"LeadFieldUID": 2, "Descriptor": "FirstName", "Required": true},
      {"LeadFieldUID": 3, "Descriptor": "LastName", "Required": true},
      {"LeadFieldUID": 4, "Descriptor": "Phone", "SpecialBit": "PrimaryPhone", "Required": true,
       "InvalidChars": "[^0-9]", "Validation": "^1?[2-9][0-9]{9}$"},
      {"LeadFieldUID": 5, "Descriptor": "State", "SpecialBit": "State"},
      {"LeadFieldUID": 6, "Descriptor": "Zip", "SpecialBit": "Zip", "Validation": "^[0-9]{5}(-[0-9]{4})?$"},
      {"LeadFieldUID": 7, "Descriptor": "LoanAmount", "FieldDataType": "Money"}
    ]}],
  "LeadSources": [{"LPVendorUID": 3, "Status": "Active"}],
  "Campaigns": [{"VendorUID": 3, "VendorAccountUID": 30, "LeadTypeUID": 1, "Status": "Active",
    "HourMax": 1000000000, "DayMax": 1000000000, "DupDayMax": 30,
    "Rules": [{"LeadFieldUID": 5, "Type": "FieldValue", "Operator": "In", "Value": "CA|TX|NY|FL"}]}]
}"#;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-04T15:00:00Z")
        .expect("a valid instant")
        .with_timezone(&Utc)
}

fn lead(uid: i64, email: &str, phone: &str) -> Lead {
    parse_record(&format!(
        r#"{{"LeadUID": {uid}, "LeadTypeUID": 1, "VID": 3, "AID": 30, "DateReceived": "2026-05-04T15:00:00Z",
            "Fields": {{"Email": "{email}", "FirstName": "Ann", "LastName": "Lee", "Phone": "{phone}",
                        "State": "CA", "Zip": "90210", "LoanAmount": "$250,000"}}}}"#
    ))
    .expect("the bench lead reads")
}

fn build(n: u64) -> Intake {
    let snapshot = load_snapshot(SNAPSHOT);
    assert!(!snapshot.has_errors(), "{:?}", snapshot.problems);
    let mut intake = Intake::new(&snapshot);
    assert!(intake.problems().is_empty(), "{:?}", intake.problems());
    let mut prior = lead(0, "x@example.com", "2000000000");
    let span = 30 * 86_400 - 1;
    let start = now() - Duration::seconds(span);
    for i in 0..n {
        prior.lead_uid = i as i64 + 1;
        prior.date_received = Some(start + Duration::seconds((i % span as u64) as i64));
        prior
            .fields
            .insert("Email".into(), format!("user{i}@example.com"));
        prior.fields.insert(
            "Phone".into(),
            format!("({}) {}", 200 + i / 10_000_000 % 800, i % 10_000_000),
        );
        intake.record_accepted(&prior, now());
    }
    intake
}

fn bench(c: &mut Criterion) {
    let n: u64 = std::env::var("INTAKE_BENCH_LEADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let intake = build(n);
    let keys = intake.duplicate_keys();
    let bytes = intake.duplicate_index_bytes();
    assert_eq!(
        keys as u64,
        2 * n,
        "two keys (Email, Phone) per earlier lead"
    );
    println!(
        "duplicate index: {n} earlier leads, {keys} keys, {bytes} heap bytes = {:.1} bytes per earlier lead, {:.1} per key",
        bytes as f64 / n as f64,
        bytes as f64 / keys as f64
    );

    let at = now();
    let fresh = lead(i64::MAX, "new.person@example.org", "(415) 555-0199");
    let r = intake.check(fresh.clone(), at);
    assert_eq!(r.response_type, ResponseType::NoError, "{r:?}");
    assert_eq!(r.lead.fields["Phone"], "4155550199");
    let dup = lead(i64::MAX - 1, "USER123@example.com ", "(415) 555-0198");
    let r = intake.check(dup.clone(), at);
    assert_eq!(r.response_type, ResponseType::DuplicateLead, "{r:?}");

    // The host hands each posted lead over and gets it back cleaned: the copy made for
    // each iteration is set-up, not measured.
    let mut g = c.benchmark_group("intake");
    g.bench_function("new_lead_10m", |b| {
        b.iter_batched(
            || fresh.clone(),
            |l| intake.check(black_box(l), at),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("duplicate_10m", |b| {
        b.iter_batched(
            || dup.clone(),
            |l| intake.check(black_box(l), at),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
