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
//! - `dup_index/absent_key_20m_keys`: the duplicate index alone, one look-up of a key it
//!   does not hold among 20,000,000 (the cost of each of a new lead's two probes).
//!
//! Each iteration posts the next of 200,000 distinct leads, so the index probes land in
//! other buckets (cache misses, as with real traffic); the copy of the lead handed over
//! is made in criterion's set-up just before each call (so it is in cache, as a lead
//! just read from a request is), outside the measurement.
//!
//! Before measuring, each answer is checked, and the index's heap bytes per earlier lead
//! and per key are printed (target: at most 40 bytes per earlier lead). Set
//! `INTAKE_BENCH_LEADS` to use another history size.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use leadroute_engine::intake::{DupIndex, Intake, ResponseType};
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
        // In time order, as a host's history is (an out-of-order lead is inserted into
        // its campaign's sorted counts, which is a memmove).
        prior.date_received = Some(start + Duration::seconds((i as i64) * span / n as i64));
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

    // Distinct posts, so that each iteration probes other buckets of the index (the same
    // lead again would find its buckets in cache): new leads with their own e-mail and
    // phone, and duplicates of earlier leads spread over the history.
    let distinct = 200_000u64;
    let fresh_leads: Vec<Lead> = (0..distinct)
        .map(|i| {
            lead(
                i64::MAX,
                &format!("new{i}@example.org"),
                &format!("(415) {}", 1_000_000 + i),
            )
        })
        .collect();
    let dup_leads: Vec<Lead> = (0..distinct)
        .map(|i| {
            let j = i * (n / distinct).max(1) % n;
            lead(i64::MAX, &format!("USER{j}@example.com"), "(415) 555-0198")
        })
        .collect();
    for (l, want) in [
        (&fresh_leads[distinct as usize - 1], ResponseType::NoError),
        (
            &dup_leads[distinct as usize - 1],
            ResponseType::DuplicateLead,
        ),
    ] {
        let r = intake.check(l.clone(), at);
        assert_eq!(r.response_type, want, "{r:?}");
    }

    // The host hands each posted lead over and gets it back cleaned: the copy made for
    // each iteration is set-up, not measured.
    let mut g = c.benchmark_group("intake");
    let mut next = 0usize;
    g.bench_function("new_lead_10m", |b| {
        b.iter_batched(
            || {
                next = (next + 1) % fresh_leads.len();
                fresh_leads[next].clone()
            },
            |l| intake.check(black_box(l), at),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("duplicate_10m", |b| {
        b.iter_batched(
            || {
                next = (next + 1) % dup_leads.len();
                dup_leads[next].clone()
            },
            |l| intake.check(black_box(l), at),
            BatchSize::PerIteration,
        )
    });
    g.finish();

    // The index alone: look-ups of absent keys in a table of 20,000,000 keys (as the
    // earlier leads' two sets make), each key in another bucket.
    let mut ix = DupIndex::with_capacity(2 * n as usize);
    let mix = |i: u64| {
        let mut z = i
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z ^= z >> 31;
        z.wrapping_mul(0x94D0_49BB_1331_11EB) ^ (z >> 29)
    };
    for i in 0..2 * n {
        ix.insert(mix(i), 1_777_000_000);
    }
    let probes: Vec<u64> = (0..1_000_000).map(|i| mix(u64::MAX - i)).collect();
    assert!(probes.iter().all(|k| ix.latest(*k).is_none()));
    assert_eq!(ix.latest(mix(7)), Some(1_777_000_000));
    let mut p = 0usize;
    c.bench_function("dup_index/absent_key_20m_keys", |b| {
        b.iter(|| {
            p = (p + 1) % probes.len();
            ix.latest(black_box(probes[p]))
        })
    });
    drop(ix);

    // The machine these benches run on is shared: wall-clock samples include time the
    // thread spent preempted. Processor time per intake (user + system, from
    // /proc/self/stat) over a long loop is printed next to them; Linux only.
    if let Some(before) = cpu_ticks() {
        let rounds = 500_000u32;
        let k = fresh_leads.len();
        let start = cpu_ticks().unwrap_or(before);
        for i in 0..rounds as usize {
            let l = fresh_leads[i % k].clone();
            black_box(intake.check(black_box(l), at));
        }
        let clone_only = cpu_ticks().unwrap_or(start);
        for i in 0..rounds as usize {
            black_box(fresh_leads[i % k].clone());
        }
        if let Some(end) = cpu_ticks() {
            let tick_us = 1e6 / 100.0;
            let with_clone = (clone_only - start) as f64 * tick_us / f64::from(rounds);
            let clone = (end - clone_only) as f64 * tick_us / f64::from(rounds);
            println!(
                "processor time per new-lead intake: {:.2} us ({rounds} rounds, a lead copy of {:.2} us taken off)",
                with_clone - clone,
                clone
            );
        }
    }
}

/// User + system clock ticks (100 Hz) of this process, from `/proc/self/stat`.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): state is field 3,
    // utime 14, stime 15.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

criterion_group!(benches, bench);
criterion_main!(benches);
