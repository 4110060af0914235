//! Measures the criteria-only pass of one lead against 10,000 accounts of 5 criteria
//! each (State In, Age Between, Income >=, Zip Distance_Compare, Email
//! Doesnt_Contain; about 10% of accounts match), with the indexed scan and with the
//! plain row-by-row loop. Before timing, checks that both give the same accounts for
//! every lead and that the match rate is near 10%.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test, bench and example code may panic

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use leadroute_criteria::{
    compile, AccountCriteria, CriteriaIndex, LeadSchema, Matches, PreparedLead, UsZipTable,
    ZipLocator, Zone,
};
use leadroute_model::{parse_record, LeadType};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const STATES: [&str; 50] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY",
];

fn schema() -> LeadSchema {
    let lt: LeadType = parse_record(
        r#"{"LeadTypeUID": 1, "Fields": [
            {"LeadFieldUID": 1, "Descriptor": "State", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 2, "Descriptor": "Age", "FieldDataType": "Int"},
            {"LeadFieldUID": 3, "Descriptor": "Income", "FieldDataType": "Int"},
            {"LeadFieldUID": 4, "Descriptor": "Zip", "FieldDataType": "Varchar"},
            {"LeadFieldUID": 5, "Descriptor": "Email", "FieldDataType": "Varchar"}]}"#,
    )
    .unwrap();
    LeadSchema::new(&lt)
}

fn zips(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let z = format!("{:05}", 10000 + rng.below(90000));
        if UsZipTable.locate(&z).is_some_and(|i| i.lat_lon.is_some()) {
            out.push(z);
        }
    }
    out
}

fn setup() -> (LeadSchema, CriteriaIndex, Vec<PreparedLead>) {
    let s = schema();
    let mut rng = Rng(42);
    let zip_pool = zips(&mut rng, 400);
    let domains = [
        "spam.com",
        "test",
        "example.org",
        "mailinator",
        "junk.net",
        "fake",
    ];
    let zones = [
        Zone::from_name("America/New_York").unwrap(),
        Zone::from_name("America/Chicago").unwrap(),
        Zone::from_name("America/Los_Angeles").unwrap(),
    ];
    let mut accounts = Vec::new();
    for a in 0..10_000u64 {
        let crit = |uid: u64, field: u64, op: &str, value: String| {
            let c = parse_record(
                &serde_json::json!({"ClientCriteriaUID": a * 10 + uid, "LeadFieldUID": field,
                    "Type": "FieldValue", "Operator": op, "Value": value})
                .to_string(),
            )
            .unwrap();
            compile(&s, &c).unwrap()
        };
        let states: Vec<&str> = (0..30).map(|_| STATES[rng.below(50) as usize]).collect();
        let lo = 18 + rng.below(30);
        let hi = lo + 10 + rng.below(40);
        let income = 20_000 + 1_000 * rng.below(60);
        let origin = &zip_pool[rng.below(zip_pool.len() as u64) as usize];
        let miles = 500 + rng.below(2500);
        let banned: Vec<&str> = (0..2).map(|_| domains[rng.below(6) as usize]).collect();
        accounts.push(AccountCriteria::new(
            vec![
                crit(1, 1, "In", states.join("|")),
                crit(2, 2, "Between", format!("{lo}|{hi}")),
                crit(3, 3, "GreaterOrEqual", income.to_string()),
                crit(4, 4, "Distance_Compare", format!("{origin}|{miles}")),
                crit(5, 5, "Doesnt_Contain", banned.join(",")),
            ],
            zones[(a % 3) as usize],
        ));
    }
    let index = CriteriaIndex::new(accounts);
    let leads = (0..64)
        .map(|i| {
            let mut m = BTreeMap::new();
            m.insert(
                "State".to_string(),
                STATES[rng.below(50) as usize].to_string(),
            );
            m.insert("Age".to_string(), (18 + rng.below(60)).to_string());
            m.insert(
                "Income".to_string(),
                format!("{}", 20_000 + 1_000 * rng.below(100)),
            );
            m.insert(
                "Zip".to_string(),
                zip_pool[rng.below(zip_pool.len() as u64) as usize].clone(),
            );
            m.insert(
                "Email".to_string(),
                format!(
                    "lead{i}@{}",
                    ["gmail.com", "yahoo.com", "spam.com", "test.io"][rng.below(4) as usize]
                ),
            );
            s.prepare(&m)
        })
        .collect();
    (s, index, leads)
}

fn bench(c: &mut Criterion) {
    let (_s, index, leads) = setup();
    let now = Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0).unwrap();
    let mut total = 0;
    for l in &leads {
        let fast: Vec<usize> = index.scan(l, now).iter().collect();
        let slow: Vec<usize> = index.scan_row_by_row(l, now).iter().collect();
        assert_eq!(fast, slow, "indexed scan disagrees with row-by-row");
        total += fast.len();
    }
    let rate = total as f64 / (leads.len() * index.len()) as f64;
    eprintln!("match rate {:.1}% over {} leads", rate * 100.0, leads.len());
    assert!(
        (0.03..0.25).contains(&rate),
        "match rate {rate} is not near 10%"
    );

    let mut g = c.benchmark_group("scan_10000_accounts_x5");
    let mut out = Matches::new();
    let mut i = 0;
    g.bench_function("indexed", |b| {
        b.iter(|| {
            i = (i + 1) % leads.len();
            index.scan_into(black_box(&leads[i]), now, &mut out);
            black_box(out.count())
        })
    });
    g.bench_function("row_by_row", |b| {
        b.iter(|| {
            i = (i + 1) % leads.len();
            black_box(index.scan_row_by_row(black_box(&leads[i]), now).count())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
