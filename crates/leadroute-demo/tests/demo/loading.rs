//! The written files are exactly what the model reads: the snapshot loads without a
//! problem and gives back the generated records, and every lead line parses.

use leadroute_model::{load_snapshot, parse_record, Lead};

use super::common::medium;

#[test]
fn the_snapshot_loads_without_errors_or_warnings() {
    let m = medium();
    let s = load_snapshot(&m.to_snapshot_json());
    assert!(
        s.problems.is_empty(),
        "{:#?}",
        &s.problems[..s.problems.len().min(10)]
    );
    assert!(s.misconfigured.is_empty());
}

#[test]
fn loading_gives_back_the_generated_records() {
    let m = medium();
    let s = load_snapshot(&m.to_snapshot_json());
    assert_eq!(s.settings, m.settings);
    assert_eq!(s.lead_types, m.lead_types);
    assert_eq!(s.clients, m.clients);
    assert_eq!(s.delivery_accounts, m.delivery_accounts);
    assert_eq!(s.orders, m.orders);
    assert_eq!(s.distribution_lists, m.distribution_lists);
    assert_eq!(s.lead_sources, m.lead_sources);
    assert_eq!(s.campaigns, m.campaigns);
    assert_eq!(s.sends, m.sends);
    assert_eq!(s.leads, m.prior_leads);
}

#[test]
fn every_lead_line_parses_as_the_generated_lead() {
    let m = medium();
    let text = m.to_leads_jsonl();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), m.leads.len());
    for (line, lead) in lines.iter().zip(&m.leads) {
        let parsed: Lead = parse_record(line).unwrap_or_else(|p| panic!("{p}: {line}"));
        assert_eq!(&parsed, lead);
    }
}

#[test]
fn writers_stream_the_same_bytes_as_the_strings() {
    let m = medium();
    let mut snap = Vec::new();
    m.write_snapshot(&mut snap).unwrap();
    assert_eq!(String::from_utf8(snap).unwrap(), m.to_snapshot_json());
    let mut leads = Vec::new();
    m.write_leads(&mut leads).unwrap();
    assert_eq!(String::from_utf8(leads).unwrap(), m.to_leads_jsonl());
}

#[test]
fn the_snapshot_has_every_section_in_the_documented_order() {
    let text = medium().to_snapshot_json();
    let keys = [
        "\"Settings\"",
        "\"LeadTypes\"",
        "\"Clients\"",
        "\"DeliveryAccounts\"",
        "\"Orders\"",
        "\"DistributionLists\"",
        "\"LeadSources\"",
        "\"Campaigns\"",
        "\"Sends\"",
        "\"Leads\"",
    ];
    let mut last = 0;
    for k in keys {
        let at = text
            .find(&format!("\n{k}: "))
            .unwrap_or_else(|| panic!("{k} missing"));
        assert!(at >= last, "{k} out of order");
        last = at;
    }
}
