//! The generated market exercises the engine's rules: every operator, criterion type,
//! lead type, automation type and policy occurs; caps bind; zones mix IANA names,
//! Windows names and offsets; leads mix key spellings and carry the deliberate flaws.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Duration;
use leadroute_demo::{AUTO, MORTGAGE, SOLAR, ZIPS};
use leadroute_model::{
    AccountStatus, AutomationType, ClientStatus, CriterionType, DistributionPolicy, FieldDataType,
    Lead, Operator, OrderStatus, SpecialBit,
};
use rust_decimal::Decimal;

use super::common::{medium, medium_config};

fn lead_type_of(a: &leadroute_model::DeliveryAccount) -> i64 {
    a.delivery_details.as_ref().map_or(0, |d| d.lead_type_uid)
}

#[test]
fn every_operator_and_criterion_type_occurs() {
    let m = medium();
    let ops: BTreeSet<Operator> = m
        .delivery_accounts
        .iter()
        .flat_map(|a| &a.criteria)
        .filter_map(|c| c.operator)
        .collect();
    for op in Operator::ALL {
        assert!(ops.contains(op), "{op} never occurs");
    }
    let types: BTreeSet<String> = m
        .delivery_accounts
        .iter()
        .flat_map(|a| &a.criteria)
        .map(|c| c.criterion_type.to_string())
        .collect();
    for t in CriterionType::ALL {
        assert!(types.contains(t.as_str()), "{t} never occurs");
    }
    let functions: Vec<_> = m
        .delivery_accounts
        .iter()
        .flat_map(|a| &a.criteria)
        .filter(|c| c.criterion_type == CriterionType::Function)
        .collect();
    assert!(functions.iter().all(|c| c.expression.as_deref()
        == Some("[LoanAmount] / [HomeValue] * 100")
        && c.operator == Some(Operator::LessOrEqual)));
    // Typical criteria values from the brief.
    let values: HashSet<&str> = m
        .delivery_accounts
        .iter()
        .flat_map(|a| &a.criteria)
        .map(|c| c.value.as_str())
        .collect();
    for v in ["<= -18y", "between -65y -25y", "test|example.com"] {
        assert!(values.contains(v), "{v:?} never occurs");
    }
}

#[test]
fn lead_types_fields_and_policies() {
    let m = medium();
    let uids: Vec<i64> = m.lead_types.iter().map(|t| t.lead_type_uid).collect();
    assert_eq!(uids, vec![MORTGAGE, SOLAR, AUTO]);
    let mut field_uids = HashSet::new();
    let mut data_types = BTreeSet::new();
    for t in &m.lead_types {
        for f in &t.fields {
            assert!(
                field_uids.insert(f.lead_field_uid),
                "field {} repeated",
                f.lead_field_uid
            );
            data_types.insert(f.data_type.number());
        }
        assert!(t.default_dup_sets.is_some());
    }
    for dt in FieldDataType::ALL {
        assert!(data_types.contains(&dt.number()), "{dt} never occurs");
    }
    let policies: Vec<_> = m.lead_types.iter().map(|t| t.distribution_policy).collect();
    assert_eq!(
        policies,
        vec![
            Some(DistributionPolicy::Price),
            Some(DistributionPolicy::RoundRobin),
            Some(DistributionPolicy::Weighted)
        ]
    );
    let mortgage = &m.lead_types[0];
    let special = |d: &str| {
        mortgage
            .fields
            .iter()
            .find(|f| f.descriptor == d)
            .map(|f| f.special_bit)
    };
    assert_eq!(special("Email"), Some(SpecialBit::Email));
    assert_eq!(special("Phone"), Some(SpecialBit::PrimaryPhone));
    assert_eq!(special("ForceID"), Some(SpecialBit::ForceId));
    assert!(mortgage
        .fields
        .iter()
        .any(|f| f.descriptor == "PropertyType" && f.enumerated));
}

#[test]
fn clients_mix_zones_statuses_and_automation() {
    let m = medium();
    let names: Vec<&str> = m
        .clients
        .iter()
        .filter_map(|c| c.time_zone_name.as_deref())
        .collect();
    for zone in [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "Eastern Standard Time",
        "Central Standard Time",
        "Pacific Standard Time",
        "US Mountain Standard Time",
    ] {
        assert!(names.contains(&zone), "{zone} never occurs");
    }
    assert!(m
        .clients
        .iter()
        .any(|c| c.time_zone_name.is_none() && c.time_offset.is_some()));
    let active = m
        .clients
        .iter()
        .filter(|c| c.status == ClientStatus::Active)
        .count();
    assert!(active * 100 > m.clients.len() * 80 && active < m.clients.len());
    let automation: BTreeSet<_> = m.clients.iter().filter_map(|c| c.automation_type).collect();
    assert_eq!(automation.len(), AutomationType::ALL.len());
    assert!(m.clients.iter().any(|c| c.force_id.is_some()));
    assert!(m.clients.iter().any(|c| c.last_sent_date.is_some()));
    assert!(m.clients.iter().any(|c| c.zip.is_some()));
}

#[test]
fn accounts_have_realistic_prices_statuses_and_schedules() {
    let m = medium();
    let accounts = &m.delivery_accounts;
    for a in accounts {
        let (lo, hi) = match lead_type_of(a) {
            MORTGAGE => (20, 90),
            SOLAR => (15, 60),
            _ => (5, 30),
        };
        let (lo, hi) = (Decimal::from(lo), Decimal::from(hi) * Decimal::new(19, 1));
        assert!(
            a.price >= lo && a.price <= hi,
            "{} {}",
            a.client_account_uid,
            a.price
        );
        if !a.exclusive {
            assert!(a.price <= hi / Decimal::new(19, 1));
        }
    }
    let open = accounts
        .iter()
        .filter(|a| a.status == Some(AccountStatus::Open))
        .count();
    assert!(open * 100 > accounts.len() * 85);
    for s in [
        AccountStatus::Closed,
        AccountStatus::Suspended,
        AccountStatus::OnHold,
    ] {
        assert!(accounts.iter().any(|a| a.status == Some(s)), "{s}");
    }
    let exclusive = accounts.iter().filter(|a| a.exclusive).count();
    assert!(
        (10..=70).contains(&exclusive),
        "{exclusive} exclusive accounts"
    );
    let use_order = accounts.iter().filter(|a| a.use_order).count();
    assert!(
        (180..=300).contains(&use_order),
        "{use_order} with useOrder"
    );
    assert!(accounts.iter().any(|a| !a.automation_enabled));
    assert!(accounts.iter().any(|a| a.delivery_delay.is_some()));
    let details: Vec<_> = accounts
        .iter()
        .filter_map(|a| a.delivery_details.as_ref())
        .collect();
    assert!(details.iter().any(|d| d.in_testing));
    assert!(details.iter().any(|d| d.status == Some(false)));
    // Schedules: none, weekday business hours, weekends, overnight, deny windows,
    // static-date holidays.
    let days: Vec<_> = details.iter().flat_map(|d| &d.delivery_days).collect();
    assert!(details.iter().any(|d| d.delivery_days.is_empty()));
    assert!(days
        .iter()
        .any(|d| d.week_day == Some(6) && d.allow == Some(true)));
    assert!(days
        .iter()
        .any(|d| d.start_time.as_deref() == Some("18:00:00")
            || d.start_time.as_deref() == Some("18:00")));
    assert!(days
        .iter()
        .any(|d| d.allow == Some(false) && d.static_date.is_none()));
    assert!(days
        .iter()
        .any(|d| d.allow == Some(false) && d.static_date.is_some()));
    // Accounts per client stay within 1..=5 at the default ratio.
    let mut per_client: BTreeMap<i64, usize> = BTreeMap::new();
    for a in accounts {
        *per_client.entry(a.client_uid).or_default() += 1;
    }
    assert_eq!(per_client.len(), m.clients.len());
    assert!(per_client.values().all(|n| (1..=5).contains(n)));
}

#[test]
fn caps_mix_unlimited_spellings_and_bind_at_the_start() {
    let m = medium();
    let start = medium_config().start;
    let day_caps: Vec<Option<i64>> = m.delivery_accounts.iter().map(|a| a.day_max).collect();
    assert!(day_caps.contains(&None));
    assert!(day_caps.contains(&Some(0)));
    assert!(day_caps.contains(&Some(-1)));
    assert!(day_caps.iter().any(|c| matches!(c, Some(1..=4))));
    for a in &m.delivery_accounts {
        for cap in [a.hour_max, a.day_max, a.week_max, a.month_max] {
            assert!(cap.is_none_or(|c| c >= -1));
        }
    }
    // Some accounts start the week with a full hour or day cap.
    let full = m.delivery_accounts.iter().filter(|a| {
        let recent = |secs: i64| {
            m.sends
                .iter()
                .filter(|s| s.client_account_uid == a.client_account_uid && s.is_valid)
                .filter(|s| s.date_sent > start - Duration::seconds(secs) && s.date_sent <= start)
                .count() as i64
        };
        a.hour_max.is_some_and(|h| h > 0 && recent(3600) >= h)
            || a.day_max.is_some_and(|d| d > 0 && recent(6 * 3600) >= d)
    });
    assert!(full.count() >= 5);
    assert!(m.sends.iter().any(|s| !s.is_valid));
    assert!(m.sends.iter().any(|s| s.exclusive));
    assert!(m.sends.iter().any(|s| s.client_order_item_uid != 0));
    assert!(m.sends.windows(2).all(|w| w[0].date_sent <= w[1].date_sent));
    // Campaign caps exist and are finite.
    assert!(m
        .campaigns
        .iter()
        .any(|c| c.hour_max.is_some() && c.day_max.is_some()));
}

#[test]
fn orders_cover_every_state_an_order_can_be_in() {
    let m = medium();
    let start = medium_config().start;
    let items = || m.orders.iter().flat_map(|o| &o.items);
    assert!(
        m.orders
            .iter()
            .any(|o| o.end_date.is_some_and(|e| e <= start)),
        "ended"
    );
    assert!(
        m.orders
            .iter()
            .any(|o| o.start_date.is_some_and(|s| s > start)),
        "not started"
    );
    assert!(m.orders.iter().any(|o| o.end_date.is_none()), "open-ended");
    assert!(
        m.orders.iter().any(|o| o.status != OrderStatus::Open),
        "not open"
    );
    assert!(
        items().any(|i| i.qty.is_some() && i.sent_qty == i.qty),
        "exhausted"
    );
    assert!(items().any(|i| i.qty.is_none()), "dollar item");
    assert!(
        items().any(|i| i.constrain_quantity == Some(false)),
        "unconstrained"
    );
    assert!(
        items().any(|i| i.qty.is_some() && i.sent_qty.is_none()),
        "counted from ledger"
    );
    assert!(items().any(|i| i.client_account_uid == Some(0) || i.client_account_uid.is_none()));
    for o in &m.orders {
        if let (Some(s), Some(e)) = (o.start_date, o.end_date) {
            assert!(s < e);
        }
    }
}

#[test]
fn sources_campaigns_and_distribution_lists() {
    let m = medium();
    let max_sells: BTreeSet<Option<i64>> = m.campaigns.iter().map(|c| c.max_sell).collect();
    assert!(max_sells.contains(&Some(1)) && max_sells.contains(&Some(4)));
    for t in [MORTGAGE, SOLAR, AUTO] {
        assert!(m.campaigns.iter().any(|c| c.lead_type_uid == t));
    }
    assert!(m.campaigns.iter().any(|c| !c.rules.is_empty()));
    assert!(m.campaigns.iter().all(|c| m
        .lead_sources
        .iter()
        .any(|s| s.lp_vendor_uid == c.vendor_uid)));
    let active: Vec<_> = m
        .distribution_lists
        .iter()
        .filter(|l| l.status == 1)
        .collect();
    assert_eq!(active.len(), 1);
    let list = active[0];
    assert!(list.default_client.is_some_and(|c| c > 0));
    assert!(list.items.len() >= 3);
    let zips: HashSet<&str> = ZIPS.iter().map(|z| z.zip).collect();
    assert!(list.items.iter().all(|i| zips.contains(i.value.as_str())));
}

fn field<'a>(m: &leadroute_demo::Market, lead: &'a Lead, descriptor: &str) -> Option<&'a str> {
    let t = m
        .lead_types
        .iter()
        .find(|t| Some(t.lead_type_uid) == lead.lead_type_uid)?;
    let f = t.fields.iter().find(|f| f.descriptor == descriptor)?;
    lead.fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(descriptor) || **k == f.lead_field_uid.to_string())
        .map(|(_, v)| v.as_str())
}

#[test]
fn leads_are_ordered_unique_and_point_at_campaigns() {
    let m = medium();
    let cfg = medium_config();
    assert_eq!(m.leads.len(), cfg.leads);
    let uids: HashSet<i64> = m.leads.iter().map(|l| l.lead_uid).collect();
    assert_eq!(uids.len(), m.leads.len(), "LeadUIDs repeat");
    assert!(m
        .leads
        .windows(2)
        .all(|w| w[0].date_received <= w[1].date_received));
    assert!(
        m.leads
            .windows(2)
            .any(|w| w[0].date_received == w[1].date_received),
        "no ties"
    );
    let campaigns: HashSet<(i64, i64)> = m
        .campaigns
        .iter()
        .map(|c| (c.vendor_uid, c.vendor_account_uid))
        .collect();
    let pointing = m
        .leads
        .iter()
        .filter(|l| l.vid.zip(l.aid).is_some_and(|k| campaigns.contains(&k)))
        .count();
    assert!(pointing * 1000 >= m.leads.len() * 995, "{pointing}");
    assert!(pointing < m.leads.len(), "no lead with a broken origin");
    let by_type: BTreeMap<Option<i64>, usize> =
        m.leads.iter().fold(BTreeMap::new(), |mut acc, l| {
            *acc.entry(l.lead_type_uid).or_default() += 1;
            acc
        });
    assert_eq!(by_type.len(), 3);
    assert!(m.leads.iter().all(|l| l.lead_type_uid.is_some()));
    // Busier in US daytime (13:00-23:00 UTC) than at night (05:00-11:00 UTC).
    let hour = |l: &Lead| {
        l.date_received
            .unwrap()
            .format("%H")
            .to_string()
            .parse::<u32>()
            .unwrap()
    };
    let day = m
        .leads
        .iter()
        .filter(|l| (13..23).contains(&hour(l)))
        .count();
    let night = m
        .leads
        .iter()
        .filter(|l| (5..11).contains(&hour(l)))
        .count();
    assert!(day > 4 * night, "day {day} night {night}");
}

#[test]
fn leads_mix_key_spellings_and_carry_the_deliberate_flaws() {
    let m = medium();
    let keys: Vec<&str> = m
        .leads
        .iter()
        .flat_map(|l| l.fields.keys())
        .map(String::as_str)
        .collect();
    assert!(keys.contains(&"CreditScore"));
    assert!(keys.contains(&"creditscore"));
    assert!(keys.contains(&"CREDITSCORE"));
    assert!(keys.contains(&"1009"));
    let mortgage: Vec<&Lead> = m
        .leads
        .iter()
        .filter(|l| l.lead_type_uid == Some(MORTGAGE))
        .collect();
    let scores: Vec<Option<&str>> = mortgage
        .iter()
        .map(|l| field(m, l, "CreditScore"))
        .collect();
    assert!(scores.contains(&None), "no missing CreditScore");
    assert!(
        scores.iter().flatten().any(|s| s.parse::<i64>().is_err()),
        "no malformed CreditScore"
    );
    let emails: Vec<&str> = m
        .leads
        .iter()
        .filter_map(|l| field(m, l, "Email"))
        .collect();
    let tests = emails
        .iter()
        .filter(|e| e.contains("test") || e.contains("example.com"))
        .count();
    assert!(
        tests * 1000 > emails.len() * 5 && tests * 100 < emails.len() * 3,
        "{tests}"
    );
    let zips: HashSet<&str> = ZIPS.iter().map(|z| z.zip).collect();
    let known = m
        .leads
        .iter()
        .filter_map(|l| field(m, l, "Zip"))
        .filter(|z| zips.contains(z.get(..5).unwrap_or(z)))
        .count();
    assert!(known * 100 > m.leads.len() * 98);
    assert!(m.leads.iter().any(|l| field(m, l, "ForceID").is_some()));
    // Duplicates (same e-mail of the same type) and re-offered leads occur.
    let mut seen = HashSet::new();
    let dups = m
        .prior_leads
        .iter()
        .chain(&m.leads)
        .filter_map(|l| field(m, l, "Email").map(|e| (l.lead_type_uid, e.to_string())))
        .filter(|k| !seen.insert(k.clone()))
        .count();
    assert!(dups >= 20, "{dups} duplicates");
    let reoffered = m.reoffered_leads();
    assert!(!reoffered.is_empty());
    assert!(reoffered
        .iter()
        .all(|u| m.prior_leads.iter().any(|l| l.lead_uid == *u)));
}
