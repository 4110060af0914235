//! `leadroute replay`: route the same leads under a draft and a baseline configuration
//! and report what the change would do: revenue, sales per client, and every lead whose
//! buyers changed, with the reason from the explain log for each buyer that lost it
//! (and for each buyer that gained it, why the baseline had not sold it to them).
//!
//! Both configurations route the leads as `leadroute route` does (automated delivery,
//! each lead at its `DateReceived`, in received order, every sale recorded before the
//! next lead). The reasons come from a second pass: each configuration routes again up
//! to a changed lead and scans it in explain mode against the ledger as it stands just
//! before that lead is decided, so the reason is the one the engine had at that moment
//! (a cap filled by earlier sales of the same replay, for instance).
//!
//! A lead counts as changed when its list of sales differs (buyer, account, order item,
//! price or exclusivity). A buyer that lost a lead was refused for a reason code of
//! SPEC.md 4, or was still eligible and was not chosen (`outranked`: another buyer
//! ranked higher, or the client's pick went to another of its accounts), or its account
//! is not in that configuration (`account_not_in_snapshot`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use leadroute_engine::{
    format_instant, Decision, Engine, LeadError, Sale, ScanOptions, ScanResult,
};
use leadroute_model::{load_snapshot, Lead, Uid};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::demo::{count, money};
use crate::jsonl::{read_lead, read_lines};
use crate::{read_bytes, read_file, Outcome};

/// The resolved options of `leadroute replay`.
#[derive(Debug, Clone)]
pub(crate) struct ReplayArgs {
    /// The configuration to try.
    pub draft: PathBuf,
    /// The configuration in use.
    pub baseline: PathBuf,
    /// The leads (JSON Lines).
    pub leads: PathBuf,
    /// Clients and changed leads to list in text output.
    pub show: usize,
    /// Print JSON.
    pub json: bool,
}

fn ser_money<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let text = d.round_dp(2).normalize().to_string();
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => s.serialize_f64(f),
        _ => s.serialize_str(&text),
    }
}

fn ser_instant<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_instant(t))
}

/// Totals of one configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Totals {
    /// Leads with at least one sale.
    #[serde(rename = "SoldLeads")]
    pub sold_leads: u64,
    /// Sales.
    #[serde(rename = "Sales")]
    pub sales: u64,
    /// Sum of sale prices.
    #[serde(rename = "Revenue", serialize_with = "ser_money")]
    pub revenue: Decimal,
}

/// A client whose sales or revenue differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ClientChange {
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "BaselineSales")]
    pub baseline_sales: u64,
    #[serde(rename = "DraftSales")]
    pub draft_sales: u64,
    #[serde(rename = "BaselineRevenue", serialize_with = "ser_money")]
    pub baseline_revenue: Decimal,
    #[serde(rename = "DraftRevenue", serialize_with = "ser_money")]
    pub draft_revenue: Decimal,
}

/// Why an account did not get a lead in one configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Why {
    #[serde(rename = "ClientUID")]
    pub client_uid: Uid,
    #[serde(rename = "ClientAccountUID")]
    pub client_account_uid: Uid,
    /// A reason code of SPEC.md 4, `outranked` or `account_not_in_snapshot`.
    #[serde(rename = "Reason")]
    pub reason: String,
    /// The explain log's detail.
    #[serde(rename = "Detail")]
    pub detail: String,
    /// Every failing reason code (explain mode), when refused.
    #[serde(rename = "Reasons", skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// A lead whose sales differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ChangedLead {
    #[serde(rename = "LeadUID")]
    pub lead_uid: Uid,
    #[serde(rename = "DateReceived", serialize_with = "ser_instant")]
    pub date_received: DateTime<Utc>,
    #[serde(rename = "Baseline")]
    pub baseline: Vec<Sale>,
    #[serde(rename = "Draft")]
    pub draft: Vec<Sale>,
    /// Accounts that bought it in the baseline and not in the draft, with the draft's
    /// reason.
    #[serde(rename = "Lost")]
    pub lost: Vec<Why>,
    /// Accounts that bought it in the draft and not in the baseline, with the
    /// baseline's reason.
    #[serde(rename = "Gained")]
    pub gained: Vec<Why>,
}

/// A lead that could not be routed in one configuration or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LeadFailure {
    #[serde(rename = "LeadUID")]
    pub lead_uid: Uid,
    #[serde(rename = "Baseline", skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    #[serde(rename = "Draft", skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
}

/// What the draft changes against the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Report {
    /// Leads replayed.
    #[serde(rename = "Leads")]
    pub leads: u64,
    #[serde(rename = "Baseline")]
    pub baseline: Totals,
    #[serde(rename = "Draft")]
    pub draft: Totals,
    /// Draft revenue minus baseline revenue.
    #[serde(rename = "RevenueChange", serialize_with = "ser_money")]
    pub revenue_change: Decimal,
    /// Clients whose sales or revenue differ, by `ClientUID`.
    #[serde(rename = "Clients")]
    pub clients: Vec<ClientChange>,
    /// Leads whose sales differ, in routing order.
    #[serde(rename = "ChangedLeads")]
    pub changed: Vec<ChangedLead>,
    /// Leads either configuration could not route.
    #[serde(rename = "Errors")]
    pub errors: Vec<LeadFailure>,
}

impl Report {
    /// Whether the two configurations decide every lead alike.
    pub(crate) fn is_identical(&self) -> bool {
        self.changed.is_empty() && self.clients.is_empty() && self.baseline == self.draft
    }
}

type SaleKey = (Uid, Uid, Uid, Uid, Decimal, bool);

fn keys(d: &Decision) -> Vec<SaleKey> {
    let mut k: Vec<SaleKey> = d
        .sold
        .iter()
        .map(|s| {
            (
                s.client_uid,
                s.client_account_uid,
                s.client_order_uid,
                s.client_order_item_uid,
                s.price.normalize(),
                s.exclusive,
            )
        })
        .collect();
    k.sort();
    k
}

/// Replays `leads` under the configurations the two factories build (each call gives a
/// fresh engine over the same snapshot).
pub(crate) fn replay(
    draft: &dyn Fn() -> Engine,
    baseline: &dyn Fn() -> Engine,
    leads: &[Lead],
) -> Report {
    let mut errors = Vec::new();
    // Routing order, as route_batch: by DateReceived, ties in input order.
    let mut order: Vec<(DateTime<Utc>, usize)> = Vec::with_capacity(leads.len());
    for (i, l) in leads.iter().enumerate() {
        match l.date_received {
            Some(t) => order.push((t, i)),
            None => {
                let e = LeadError::NoDateReceived.to_string();
                errors.push(LeadFailure {
                    lead_uid: l.lead_uid,
                    baseline: Some(e.clone()),
                    draft: Some(e),
                });
            }
        }
    }
    order.sort();
    let sorted: Vec<Lead> = order.iter().map(|&(_, i)| leads[i].clone()).collect();
    let opts = ScanOptions::automated();
    let mut base_engine = baseline();
    let mut draft_engine = draft();
    let base = base_engine.route_batch(&sorted, &opts, None);
    let new = draft_engine.route_batch(&sorted, &opts, None);

    let mut totals = (Totals::default(), Totals::default());
    let mut per_client: BTreeMap<Uid, [(u64, Decimal); 2]> = BTreeMap::new();
    let mut changed_at = Vec::new();
    for (p, (b, d)) in base.iter().zip(&new).enumerate() {
        for (side, r) in [(0, b), (1, d)] {
            if let Ok(dec) = r {
                let t = if side == 0 {
                    &mut totals.0
                } else {
                    &mut totals.1
                };
                if !dec.sold.is_empty() {
                    t.sold_leads += 1;
                }
                for s in &dec.sold {
                    t.sales += 1;
                    t.revenue += s.price;
                    let c = per_client.entry(s.client_uid).or_default();
                    c[side].0 += 1;
                    c[side].1 += s.price;
                }
            }
        }
        match (b, d) {
            (Ok(b), Ok(d)) => {
                if keys(b) != keys(d) {
                    changed_at.push(p);
                }
            }
            (b, d) => errors.push(LeadFailure {
                lead_uid: sorted[p].lead_uid,
                baseline: b.as_ref().err().map(ToString::to_string),
                draft: d.as_ref().err().map(ToString::to_string),
            }),
        }
    }

    let names = |e: &Engine| -> BTreeMap<Uid, String> {
        e.snapshot()
            .clients
            .iter()
            .filter_map(|c| c.name.clone().map(|n| (c.client_uid, n)))
            .collect()
    };
    let mut name_of = names(&base_engine);
    name_of.extend(names(&draft_engine));
    drop(base_engine);
    drop(draft_engine);

    let clients = per_client
        .into_iter()
        .filter(|(_, [b, d])| b != d)
        .map(|(uid, [b, d])| ClientChange {
            client_uid: uid,
            name: name_of.get(&uid).cloned().unwrap_or_default(),
            baseline_sales: b.0,
            draft_sales: d.0,
            baseline_revenue: b.1,
            draft_revenue: d.1,
        })
        .collect();

    let draft_scans = probe(draft, &sorted, &changed_at);
    let base_scans = probe(baseline, &sorted, &changed_at);
    let mut changed = Vec::with_capacity(changed_at.len());
    for (k, &p) in changed_at.iter().enumerate() {
        let (Ok(b), Ok(d)) = (&base[p], &new[p]) else {
            continue;
        };
        let accounts = |s: &[Sale]| -> BTreeSet<(Uid, Uid)> {
            s.iter()
                .map(|s| (s.client_uid, s.client_account_uid))
                .collect()
        };
        let (ba, da) = (accounts(&b.sold), accounts(&d.sold));
        let lost = ba
            .difference(&da)
            .map(|&(c, a)| why(&draft_scans[k], &d.sold, c, a))
            .collect();
        let gained = da
            .difference(&ba)
            .map(|&(c, a)| why(&base_scans[k], &b.sold, c, a))
            .collect();
        changed.push(ChangedLead {
            lead_uid: sorted[p].lead_uid,
            date_received: order[p].0,
            baseline: b.sold.clone(),
            draft: d.sold.clone(),
            lost,
            gained,
        });
    }
    Report {
        leads: leads.len() as u64,
        revenue_change: totals.1.revenue - totals.0.revenue,
        baseline: totals.0,
        draft: totals.1,
        clients,
        changed,
        errors,
    }
}

/// Routes `sorted` with a fresh engine and, just before each position of `at`
/// (ascending), scans that lead in explain mode: the state the decision was made in.
fn probe(make: &dyn Fn() -> Engine, sorted: &[Lead], at: &[usize]) -> Vec<Option<ScanResult>> {
    if at.is_empty() {
        return Vec::new();
    }
    let mut engine = make();
    let opts = ScanOptions::automated();
    let explained = ScanOptions::automated().explained();
    let mut done = 0;
    let mut out = Vec::with_capacity(at.len());
    for &p in at {
        if p > done {
            let _ = engine.route_batch(&sorted[done..p], &opts, None);
            done = p;
        }
        let lead = &sorted[p];
        out.push(
            lead.date_received
                .and_then(|t| engine.scan(lead, &explained, t).ok()),
        );
    }
    out
}

/// Why account `a` of client `c` is not among `sold` in the configuration `scan` was
/// taken in.
fn why(scan: &Option<ScanResult>, sold: &[Sale], c: Uid, a: Uid) -> Why {
    let mut w = Why {
        client_uid: c,
        client_account_uid: a,
        reason: "account_not_in_snapshot".to_string(),
        detail: "the configuration has no such delivery account".to_string(),
        reasons: Vec::new(),
    };
    let Some(scan) = scan else {
        w.reason = "unknown".to_string();
        w.detail = "the lead could not be scanned".to_string();
        return w;
    };
    if let Some(e) = scan
        .log
        .iter()
        .find(|e| e.client_uid == c && e.client_account_uid == a)
    {
        w.reason = e.reason.code().to_string();
        w.detail = e.detail.clone();
        w.reasons = e
            .reasons
            .iter()
            .flatten()
            .map(|r| r.reason.code().to_string())
            .collect();
    } else if let Some(e) = scan
        .eligible
        .iter()
        .find(|e| e.client_uid == c && e.client_account_uid == a)
    {
        w.reason = "outranked".to_string();
        w.detail = match sold.iter().find(|s| s.client_uid == c) {
            Some(s) => format!(
                "eligible at {}, but the client's pick was its account {} at {}",
                money(e.price),
                s.client_account_uid,
                money(s.price)
            ),
            None => format!(
                "eligible at {}, but ranked below the {} chosen buyer(s)",
                money(e.price),
                sold.len()
            ),
        };
    }
    w
}

/// `leadroute replay`.
pub(crate) fn run(args: &ReplayArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let Some(draft_text) = read_snapshot(&args.draft, err) else {
        return Outcome::BadInput;
    };
    let Some(base_text) = read_snapshot(&args.baseline, err) else {
        return Outcome::BadInput;
    };
    let Some(text) = read_bytes(&args.leads, err) else {
        return Outcome::BadInput;
    };
    let lines = read_lines(&text, read_lead);
    let mut bad = false;
    for l in &lines {
        if let Err(e) = &l.item {
            bad = true;
            let _ = writeln!(err, "{}:{}: {e}", args.leads.display(), l.number);
        }
    }
    let leads: Vec<Lead> = lines.into_iter().filter_map(|l| l.item.ok()).collect();
    let draft = || Engine::new(load_snapshot(&draft_text));
    let baseline = || Engine::new(load_snapshot(&base_text));
    let report = replay(&draft, &baseline, &leads);
    for e in &report.errors {
        bad = true;
        let _ = writeln!(
            err,
            "{}: lead {}: {}",
            args.leads.display(),
            e.lead_uid,
            e.draft.as_deref().or(e.baseline.as_deref()).unwrap_or("")
        );
    }
    if args.json {
        let _ = serde_json::to_writer_pretty(&mut *out, &report);
        let _ = writeln!(out);
    } else {
        let _ = print_text(args, &report, out);
    }
    if bad {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}

/// Reads a snapshot file; a document that is not JSON at all is reported and refused.
fn read_snapshot(path: &Path, err: &mut dyn Write) -> Option<String> {
    let text = read_file(path, err)?;
    let snapshot = load_snapshot(&text);
    let fatal: Vec<_> = snapshot
        .problems
        .iter()
        .filter(|p| p.is_error() && p.path.is_empty())
        .collect();
    if !fatal.is_empty() {
        for p in fatal {
            let _ = writeln!(err, "{}: {p}", path.display());
        }
        return None;
    }
    Some(text)
}

fn signed(n: i128) -> String {
    if n > 0 {
        format!("+{}", count(n.unsigned_abs() as u64))
    } else if n < 0 {
        format!("-{}", count(n.unsigned_abs() as u64))
    } else {
        "0".to_string()
    }
}

fn signed_money(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

fn sales_text(s: &[Sale]) -> String {
    if s.is_empty() {
        return "unsold".to_string();
    }
    s.iter()
        .map(|s| {
            format!(
                "{}/{} {}",
                s.client_uid,
                s.client_account_uid,
                money(s.price)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_text(args: &ReplayArgs, r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "replay of {} leads: draft {} against baseline {}",
        count(r.leads),
        args.draft.display(),
        args.baseline.display()
    )?;
    if r.is_identical() {
        writeln!(
            out,
            "no differences: every lead goes to the same buyers at the same price"
        )?;
    }
    writeln!(
        out,
        "{:<12}{:>16}{:>16}{:>16}",
        "", "baseline", "draft", "change"
    )?;
    let rows = [
        ("sold leads", r.baseline.sold_leads, r.draft.sold_leads),
        ("sales", r.baseline.sales, r.draft.sales),
    ];
    for (label, b, d) in rows {
        writeln!(
            out,
            "{label:<12}{:>16}{:>16}{:>16}",
            count(b),
            count(d),
            signed(i128::from(d) - i128::from(b))
        )?;
    }
    writeln!(
        out,
        "{:<12}{:>16}{:>16}{:>16}",
        "revenue",
        money(r.baseline.revenue),
        money(r.draft.revenue),
        signed_money(r.revenue_change)
    )?;
    if !r.clients.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "clients with different results ({}), largest revenue change first:",
            count(r.clients.len() as u64)
        )?;
        let mut clients: Vec<&ClientChange> = r.clients.iter().collect();
        clients.sort_by(|a, b| {
            let delta = |c: &ClientChange| (c.draft_revenue - c.baseline_revenue).abs();
            delta(b)
                .cmp(&delta(a))
                .then(a.client_uid.cmp(&b.client_uid))
        });
        for c in clients.iter().take(args.show) {
            writeln!(
                out,
                "  client {:<6} {:<30} sales {} -> {} ({}), revenue {} -> {} ({})",
                c.client_uid,
                c.name,
                count(c.baseline_sales),
                count(c.draft_sales),
                signed(i128::from(c.draft_sales) - i128::from(c.baseline_sales)),
                money(c.baseline_revenue),
                money(c.draft_revenue),
                signed_money(c.draft_revenue - c.baseline_revenue)
            )?;
        }
        if clients.len() > args.show {
            writeln!(
                out,
                "  ... and {} more clients",
                count((clients.len() - args.show) as u64)
            )?;
        }
    }
    if !r.changed.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "leads whose buyers changed ({}), as client/account price:",
            count(r.changed.len() as u64)
        )?;
        for c in r.changed.iter().take(args.show) {
            writeln!(
                out,
                "  lead {} at {}: {}  ->  {}",
                c.lead_uid,
                format_instant(&c.date_received),
                sales_text(&c.baseline),
                sales_text(&c.draft)
            )?;
            for w in &c.lost {
                writeln!(
                    out,
                    "    lost by {}/{}: {}: {}",
                    w.client_uid, w.client_account_uid, w.reason, w.detail
                )?;
            }
            for w in &c.gained {
                writeln!(
                    out,
                    "    gained by {}/{} (in the baseline: {}: {})",
                    w.client_uid, w.client_account_uid, w.reason, w.detail
                )?;
            }
        }
        if r.changed.len() > args.show {
            writeln!(
                out,
                "  ... and {} more (--show N lists more, --json lists all)",
                count((r.changed.len() - args.show) as u64)
            )?;
        }
    }
    if !r.errors.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "leads that could not be routed: {}",
            count(r.errors.len() as u64)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadroute_demo::{generate, MarketConfig};
    use leadroute_model::parse_record;

    /// Two buyers of one lead type: client 1 pays 50 with a day cap, client 2 pays 20
    /// without one.
    fn two_buyers(day_max: u32) -> String {
        format!(
            r#"{{
  "LeadTypes": [{{"LeadTypeUID": 1, "Fields": [{{"LeadFieldUID": 10, "Descriptor": "State"}}]}}],
  "Clients": [{{"ClientUID": 1, "Name": "Alpha", "Status": "Active", "TimeZoneName": "America/New_York"}},
              {{"ClientUID": 2, "Name": "Beta", "Status": "Active", "TimeZoneName": "America/New_York"}}],
  "DeliveryAccounts": [
    {{"ClientAccountUID": 10, "ClientUID": 1, "Status": 12, "Price": 50, "DayMax": {day_max}, "AutomationEnabled": true,
      "DeliveryDetails": {{"Status": true, "LeadTypeUID": 1}}}},
    {{"ClientAccountUID": 20, "ClientUID": 2, "Status": 12, "Price": 20, "AutomationEnabled": true,
      "DeliveryDetails": {{"Status": true, "LeadTypeUID": 1}}}}
  ]
}}"#
        )
    }

    /// Ten leads on Tuesday 2026-03-10, one a minute from 14:00 UTC (10:00 EDT).
    fn ten_leads() -> Vec<Lead> {
        (1..=10)
            .map(|i| {
                parse_record(&format!(
                    r#"{{"LeadUID": {i}, "LeadTypeUID": 1, "DateReceived": "2026-03-10T14:{:02}:00Z", "Fields": {{"State": "TX"}}}}"#,
                    i - 1
                ))
                .unwrap()
            })
            .collect()
    }

    fn engine_of(text: &str) -> Engine {
        let s = load_snapshot(text);
        assert!(!s.has_errors(), "{:?}", s.problems);
        Engine::new(s)
    }

    #[test]
    fn lowering_one_buyer_s_day_cap_reports_exactly_the_leads_it_loses() {
        let (base, draft) = (two_buyers(10), two_buyers(3));
        let r = replay(&|| engine_of(&draft), &|| engine_of(&base), &ten_leads());
        // Baseline: client 1 outbids client 2 for all ten leads. Draft: its cap of 3 is
        // full from the fourth lead on, which then goes to client 2.
        assert_eq!(
            r.changed.iter().map(|c| c.lead_uid).collect::<Vec<_>>(),
            vec![4, 5, 6, 7, 8, 9, 10]
        );
        for c in &r.changed {
            assert_eq!(
                c.lost,
                vec![Why {
                    client_uid: 1,
                    client_account_uid: 10,
                    reason: "day_max_reached".into(),
                    detail: "account 10: 3 sends of max 3".into(),
                    reasons: vec!["day_max_reached".into()],
                }]
            );
            assert_eq!(c.gained.len(), 1);
            assert_eq!(
                (c.gained[0].client_account_uid, c.gained[0].reason.as_str()),
                (20, "outranked")
            );
            assert_eq!(
                c.gained[0].detail,
                "eligible at $20.00, but ranked below the 1 chosen buyer(s)"
            );
            assert_eq!((c.baseline[0].client_uid, c.draft[0].client_uid), (1, 2));
        }
        assert_eq!(
            (
                r.baseline.sales,
                r.draft.sales,
                r.baseline.sold_leads,
                r.draft.sold_leads
            ),
            (10, 10, 10, 10)
        );
        // 10 x 50 = 500 before; 3 x 50 + 7 x 20 = 290 after.
        assert_eq!(r.baseline.revenue, Decimal::from(500));
        assert_eq!(r.draft.revenue, Decimal::from(290));
        assert_eq!(r.revenue_change, Decimal::from(-210));
        let clients: Vec<(Uid, &str, u64, u64)> = r
            .clients
            .iter()
            .map(|c| {
                (
                    c.client_uid,
                    c.name.as_str(),
                    c.baseline_sales,
                    c.draft_sales,
                )
            })
            .collect();
        assert_eq!(clients, vec![(1, "Alpha", 10, 3), (2, "Beta", 0, 7)]);
        assert!(r.errors.is_empty());
    }

    fn small_market() -> leadroute_demo::Market {
        generate(&MarketConfig {
            seed: 7,
            accounts: 150,
            clients: 60,
            leads: 1_500,
            ..MarketConfig::default()
        })
        .unwrap()
    }

    #[test]
    fn identical_configurations_report_no_differences() {
        let m = small_market();
        let text = m.to_snapshot_json();
        let r = replay(&|| engine_of(&text), &|| engine_of(&text), &m.leads);
        assert!(r.is_identical(), "{:?}", r.changed.first());
        assert!(r.changed.is_empty() && r.clients.is_empty() && r.errors.is_empty());
        assert_eq!(r.leads, 1_500);
        assert!(r.baseline.sales > 0);
        assert_eq!(r.revenue_change, Decimal::ZERO);
    }

    #[test]
    fn a_demo_buyer_with_a_lower_day_cap_loses_exactly_the_leads_routing_takes_from_it() {
        let m = small_market();
        let base_text = m.to_snapshot_json();
        let opts = ScanOptions::automated();
        let before = engine_of(&base_text).route_batch(&m.leads, &opts, None);
        // The account with the most sales gets a day cap of 1.
        let mut sales: BTreeMap<Uid, u64> = BTreeMap::new();
        for d in before.iter().flatten() {
            for s in &d.sold {
                *sales.entry(s.client_account_uid).or_default() += 1;
            }
        }
        let (&busiest, &n) = sales.iter().max_by_key(|(a, n)| (**n, -**a)).unwrap();
        assert!(n > 20, "the busiest account sells {n}");
        let mut draft = m.clone();
        let acc = draft
            .delivery_accounts
            .iter_mut()
            .find(|a| a.client_account_uid == busiest)
            .unwrap();
        acc.day_max = Some(1);
        let draft_text = draft.to_snapshot_json();
        let after = engine_of(&draft_text).route_batch(&m.leads, &opts, None);
        let bought = |d: &Result<Decision, LeadError>| {
            d.as_ref()
                .unwrap()
                .sold
                .iter()
                .any(|s| s.client_account_uid == busiest)
        };
        let expected: BTreeSet<Uid> = m
            .leads
            .iter()
            .zip(before.iter().zip(&after))
            .filter(|(_, (b, a))| bought(b) && !bought(a))
            .map(|(l, _)| l.lead_uid)
            .collect();
        assert!(!expected.is_empty());

        let r = replay(
            &|| engine_of(&draft_text),
            &|| engine_of(&base_text),
            &m.leads,
        );
        let mut reported = BTreeSet::new();
        for c in &r.changed {
            for w in c.lost.iter().filter(|w| w.client_account_uid == busiest) {
                reported.insert(c.lead_uid);
                assert_eq!(w.reason, "day_max_reached", "lead {}: {w:?}", c.lead_uid);
                assert!(w.detail.ends_with("sends of max 1"), "{}", w.detail);
            }
        }
        assert_eq!(reported, expected);
        let client = m
            .delivery_accounts
            .iter()
            .find(|a| a.client_account_uid == busiest)
            .unwrap()
            .client_uid;
        let change = r.clients.iter().find(|c| c.client_uid == client).unwrap();
        assert!(change.draft_sales < change.baseline_sales);
    }

    #[test]
    fn the_command_prints_text_and_json_and_reports_bad_lines() {
        let dir = std::env::temp_dir().join(format!("leadroute-replay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (b, d, l) = (
            dir.join("current.json"),
            dir.join("draft.json"),
            dir.join("week.jsonl"),
        );
        std::fs::write(&b, two_buyers(10)).unwrap();
        std::fs::write(&d, two_buyers(3)).unwrap();
        let mut leads: String = ten_leads()
            .iter()
            .map(|l| format!("{}\n", serde_json::to_string(l).unwrap()))
            .collect();
        std::fs::write(&l, &leads).unwrap();
        let run = |extra: &[&str]| {
            let mut args = vec![
                "leadroute",
                "replay",
                "--snapshot",
                d.to_str().unwrap(),
                "--baseline",
                b.to_str().unwrap(),
                "--leads",
                l.to_str().unwrap(),
            ];
            args.extend_from_slice(extra);
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = crate::run(args, &mut out, &mut err);
            (
                code,
                String::from_utf8(out).unwrap(),
                String::from_utf8(err).unwrap(),
            )
        };
        let (code, text, err) = run(&["--show", "1"]);
        assert_eq!(code, 0, "{err}");
        for needle in [
            "replay of 10 leads",
            "revenue              $500.00         $290.00        -$210.00",
            "client 1      Alpha                          sales 10 -> 3 (-7), revenue $500.00 -> $150.00 (-$350.00)",
            "leads whose buyers changed (7)",
            "lead 4 at 2026-03-10T14:03:00Z: 1/10 $50.00  ->  2/20 $20.00",
            "lost by 1/10: day_max_reached: account 10: 3 sends of max 3",
            "... and 6 more",
        ] {
            assert!(text.contains(needle), "{needle:?} missing from\n{text}");
        }
        let (code, json, _) = run(&["--json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["ChangedLeads"].as_array().unwrap().len(), 7);
        assert_eq!(v["RevenueChange"], -210.0);
        assert_eq!(v["ChangedLeads"][0]["Lost"][0]["Reason"], "day_max_reached");

        leads.push_str("not json\n");
        std::fs::write(&l, &leads).unwrap();
        let (code, _, err) = run(&[]);
        assert_eq!(code, 1);
        assert!(err.contains("week.jsonl:11:"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
