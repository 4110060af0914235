//! `leadroute demo`: generate a seeded market, route its week of leads as one batch and
//! print the summary.
//!
//! The market comes from `leadroute-demo` (by default 2,000 clients, 5,000 delivery
//! accounts and 100,000 leads over the week of 2026-03-02); it is written as the
//! snapshot JSON that `route`, `scan` and `validate` read and loaded back from that
//! text, so the demo routes exactly what those commands would. The summary is computed
//! by `leadroute_demo::summary`; this module only measures time and prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use leadroute_demo::summary::{LeadOutcome, SaleLine, Summary};
use leadroute_demo::{generate, Market, MarketConfig};
use leadroute_engine::{Decision, Engine, ScanOptions};
use rust_decimal::Decimal;
use serde_json::json;

use crate::Outcome;

/// The resolved options of `leadroute demo`.
#[derive(Debug, Clone)]
pub(crate) struct DemoArgs {
    /// Seed of the market.
    pub seed: u64,
    /// Delivery accounts.
    pub accounts: usize,
    /// Clients; `None`: two for every five accounts (at least one).
    pub clients: Option<usize>,
    /// Leads in the week.
    pub leads: usize,
    /// Write `snapshot.json` and `leads.jsonl` here.
    pub write: Option<PathBuf>,
    /// Print the summary as JSON.
    pub json: bool,
}

/// The files `--write` creates in its directory.
pub(crate) const SNAPSHOT_FILE: &str = "snapshot.json";
/// The leads file `--write` creates.
pub(crate) const LEADS_FILE: &str = "leads.jsonl";

/// How long each stage took.
struct Timing {
    generate: Duration,
    load: Duration,
    route: Duration,
}

/// `leadroute demo`.
pub(crate) fn run(args: &DemoArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let config = MarketConfig {
        seed: args.seed,
        accounts: args.accounts,
        clients: args
            .clients
            .unwrap_or_else(|| (args.accounts * 2 / 5).max(1)),
        leads: args.leads,
        ..MarketConfig::default()
    };
    let spinner = Spinner::start(err);
    spinner.say("generating the market");
    let t = Instant::now();
    let market = match generate(&config) {
        Ok(m) => m,
        Err(e) => {
            spinner.clear();
            let _ = writeln!(err, "leadroute demo: {e}");
            return Outcome::Usage;
        }
    };
    let generate_time = t.elapsed();
    let snapshot_json = market.to_snapshot_json();
    if let Some(dir) = &args.write {
        spinner.say("writing the files");
        if let Err(e) = write_files(&market, &snapshot_json, dir) {
            spinner.clear();
            let _ = writeln!(err, "leadroute demo: {e}");
            return Outcome::BadInput;
        }
    }
    spinner.say("compiling the snapshot");
    let t = Instant::now();
    let snapshot = leadroute_model::load_snapshot(&snapshot_json);
    let mut engine = Engine::new(snapshot);
    let load_time = t.elapsed();
    spinner.clear();

    let bar = progress_bar(market.leads.len());
    let t = Instant::now();
    let decisions = engine.route_batch_with_progress(
        &market.leads,
        &ScanOptions::automated(),
        None,
        &mut |n| {
            if let Some(b) = &bar {
                b.set_position(n as u64);
            }
        },
    );
    let route_time = t.elapsed();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let summary = summarize(&market, &decisions);
    let timing = Timing {
        generate: generate_time,
        load: load_time,
        route: route_time,
    };
    if args.json {
        let mut v = serde_json::to_value(&summary).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert("Seed".into(), json!(args.seed));
            m.insert("Throughput".into(), throughput_json(&summary, &timing));
        }
        let _ = serde_json::to_writer_pretty(&mut *out, &v);
        let _ = writeln!(out);
    } else {
        let _ = print_text(&config, &summary, &timing, args.write.as_deref(), out);
    }
    Outcome::Success
}

/// The summary of routing `market`'s leads with `decisions` (in lead order).
pub(crate) fn summarize(
    market: &Market,
    decisions: &[Result<Decision, leadroute_engine::LeadError>],
) -> Summary {
    let mut summary = Summary::new(market);
    let mut outcomes = Vec::with_capacity(decisions.len());
    for (lead, d) in market.leads.iter().zip(decisions) {
        match d {
            Ok(d) => outcomes.push(outcome(lead.lead_type_uid, d)),
            Err(_) => summary.add_error(),
        }
    }
    summary.extend(&outcomes);
    summary
}

/// A decision as the summary reads it.
pub(crate) fn outcome(lead_type_uid: Option<i64>, d: &Decision) -> LeadOutcome {
    LeadOutcome {
        lead_uid: d.lead_uid,
        lead_type_uid,
        sales: d
            .sold
            .iter()
            .map(|s| SaleLine {
                client_uid: s.client_uid,
                client_account_uid: s.client_account_uid,
                price: s.price,
            })
            .collect(),
        refusals: d
            .unsold
            .iter()
            .map(|(r, n)| (r.code().to_string(), n))
            .collect(),
    }
}

fn write_files(market: &Market, snapshot_json: &str, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    let snapshot = dir.join(SNAPSHOT_FILE);
    std::fs::write(&snapshot, snapshot_json)
        .map_err(|e| format!("{}: cannot write: {e}", snapshot.display()))?;
    let leads = dir.join(LEADS_FILE);
    let file = std::fs::File::create(&leads)
        .map_err(|e| format!("{}: cannot write: {e}", leads.display()))?;
    market
        .write_leads(std::io::BufWriter::new(file))
        .map_err(|e| format!("{}: {e}", leads.display()))?;
    Ok(())
}

fn throughput_json(summary: &Summary, t: &Timing) -> serde_json::Value {
    json!({
        "LeadsPerSecond": per_second(summary.leads, t.route).round(),
        "RouteSeconds": round3(t.route.as_secs_f64()),
        "GenerateSeconds": round3(t.generate.as_secs_f64()),
        "LoadSeconds": round3(t.load.as_secs_f64()),
        "Threads": rayon_threads(),
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn per_second(n: u64, d: Duration) -> f64 {
    let s = d.as_secs_f64();
    if s > 0.0 {
        n as f64 / s
    } else {
        0.0
    }
}

/// The number of threads the engine's parallel phase uses (rayon's default pool).
fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
}

fn print_text(
    config: &MarketConfig,
    s: &Summary,
    t: &Timing,
    written: Option<&Path>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "leadroute demo: seed {}, {} clients, {} delivery accounts, {} leads over {} days from {}",
        config.seed,
        count(s.clients),
        count(s.accounts),
        count(s.leads + s.routing_errors),
        config.days,
        config.start.format("%Y-%m-%d"),
    )?;
    if let Some(dir) = written {
        writeln!(
            out,
            "wrote {} and {}",
            dir.join(SNAPSHOT_FILE).display(),
            dir.join(LEADS_FILE).display()
        )?;
    }
    writeln!(
        out,
        "routed {} leads in {:.2} s: {} leads/s on {} threads (generating took {:.2} s, compiling the snapshot {:.2} s)",
        count(s.leads),
        t.route.as_secs_f64(),
        count(per_second(s.leads, t.route).round() as u64),
        rayon_threads(),
        t.generate.as_secs_f64(),
        t.load.as_secs_f64(),
    )?;
    writeln!(out)?;
    let pct = |n: u64| {
        if s.leads == 0 {
            0.0
        } else {
            100.0 * n as f64 / s.leads as f64
        }
    };
    writeln!(
        out,
        "sold     {:>12} leads ({:.1}%), {} sales",
        count(s.sold_leads),
        pct(s.sold_leads),
        count(s.sales)
    )?;
    writeln!(
        out,
        "unsold   {:>12} leads ({:.1}%)",
        count(s.unsold_leads),
        pct(s.unsold_leads)
    )?;
    if s.routing_errors > 0 {
        writeln!(
            out,
            "errors   {:>12} leads could not be routed",
            count(s.routing_errors)
        )?;
    }
    writeln!(out, "revenue  {:>12}", money(s.revenue))?;
    writeln!(out)?;

    writeln!(
        out,
        "unsold leads by the furthest check an account reached:"
    )?;
    for (code, n) in by_count(&s.unsold_by_reason) {
        writeln!(out, "  {code:<28}{:>10}", count(n))?;
    }
    writeln!(
        out,
        "accounts refused, by first failing reason (account x lead):"
    )?;
    for (code, n) in by_count(&s.refusals_by_reason) {
        writeln!(out, "  {code:<28}{:>12}", count(n))?;
    }
    writeln!(out)?;

    writeln!(
        out,
        "revenue by lead type:        leads       sold      sales        revenue"
    )?;
    for r in &s.by_lead_type {
        writeln!(
            out,
            "  {:<24}{:>9}  {:>9}  {:>9}  {:>13}",
            r.descriptor,
            count(r.leads),
            count(r.sold_leads),
            count(r.sales),
            money(r.revenue)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "top buyers by revenue:")?;
    for (i, b) in s.top_buyers.iter().enumerate() {
        writeln!(
            out,
            "  {:>2}. client {:<6} {:<34}{:>7} sales  {:>12}",
            i + 1,
            b.client_uid,
            b.name,
            count(b.sales),
            money(b.revenue)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "cap hits (an account refused a lead because a cap was full): hour {}, day {}, week {}, month {}",
        count(s.cap_hits.hour),
        count(s.cap_hits.day),
        count(s.cap_hits.week),
        count(s.cap_hits.month)
    )?;
    for f in &s.fairness {
        writeln!(
            out,
            "round-robin fairness, {}: {} buying clients, leads per client min {} / median {} / max {}, Jain index {:.3} (1 = even)",
            f.descriptor,
            count(f.buyers),
            count(f.min),
            count(f.median),
            count(f.max),
            f.jain_index
        )?;
    }
    Ok(())
}

/// Entries by count, highest first, ties by code.
fn by_count(m: &std::collections::BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// `1234567` as `1,234,567`.
pub(crate) fn count(n: u64) -> String {
    group(&n.to_string())
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal as dollars with cents and thousands separators: `$1,234.50`.
pub(crate) fn money(d: Decimal) -> String {
    let r = d.round_dp(2);
    let sign = if r.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    let text = format!("{:.2}", r.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((text.as_str(), "00"));
    format!("{sign}${}.{cents}", group(whole))
}

fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "routing {human_pos}/{human_len} leads [{bar:40}] {elapsed} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// A spinner on stderr for the stages before routing (only on a terminal).
struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    fn start(_err: &mut dyn Write) -> Spinner {
        if !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        // No steady tick: its thread would write to stderr while `main` holds the
        // stderr lock for the whole command, so the spinner is drawn from this thread.
        Spinner(Some(indicatif::ProgressBar::new_spinner()))
    }

    fn say(&self, what: &str) {
        if let Some(s) = &self.0 {
            s.set_message(what.to_string());
            s.tick();
        }
    }

    fn clear(&self) {
        if let Some(s) = &self.0 {
            s.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money_are_grouped() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(money(Decimal::new(12_345_675, 2)), "$123,456.75");
        assert_eq!(money(Decimal::new(5, 1)), "$0.50");
        assert_eq!(money(Decimal::new(-1_000_006, 3)), "-$1,000.01");
        assert_eq!(money(Decimal::ZERO), "$0.00");
    }
}

#[cfg(test)]
mod run_tests {
    //! `leadroute demo` end to end on a small market.

    use serde_json::Value;

    fn demo(extra: &[&str]) -> (u8, String, String) {
        let mut args = vec!["leadroute", "demo", "--accounts", "150", "--leads", "1500"];
        args.extend_from_slice(extra);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = crate::run(args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn summary_without_throughput(text: &str) -> Value {
        let mut v: Value = serde_json::from_str(text).unwrap();
        let t = v.as_object_mut().unwrap().remove("Throughput").unwrap();
        assert!(t["LeadsPerSecond"].as_f64().unwrap() >= 0.0);
        v
    }

    #[test]
    fn the_summary_is_the_same_for_a_seed_and_adds_up() {
        let (code, a, err) = demo(&["--seed", "7", "--json"]);
        assert_eq!(code, 0, "{err}");
        let (_, b, _) = demo(&["--seed", "7", "--json"]);
        let (a, b) = (
            summary_without_throughput(&a),
            summary_without_throughput(&b),
        );
        assert_eq!(a, b);
        let (_, c, _) = demo(&["--seed", "8", "--json"]);
        assert_ne!(
            a,
            summary_without_throughput(&c),
            "another seed, another market"
        );

        let n = |v: &Value| v.as_u64().unwrap();
        assert_eq!(a["Seed"], 7);
        assert_eq!(n(&a["DeliveryAccounts"]), 150);
        assert_eq!(n(&a["Clients"]), 60, "two clients for every five accounts");
        assert_eq!(n(&a["Leads"]) + n(&a["RoutingErrors"]), 1500);
        assert_eq!(n(&a["SoldLeads"]) + n(&a["UnsoldLeads"]), n(&a["Leads"]));
        assert!(n(&a["SoldLeads"]) > 0 && n(&a["UnsoldLeads"]) > 0);
        assert!(n(&a["Sales"]) >= n(&a["SoldLeads"]));
        let unsold: u64 = a["UnsoldLeadsByReason"]
            .as_object()
            .unwrap()
            .values()
            .map(n)
            .sum();
        assert_eq!(unsold, n(&a["UnsoldLeads"]));
        let types = a["RevenueByLeadType"].as_array().unwrap();
        let names: Vec<&str> = types
            .iter()
            .map(|t| t["Descriptor"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert_eq!(
            types.iter().map(|t| n(&t["Leads"])).sum::<u64>(),
            n(&a["Leads"])
        );
        assert_eq!(
            types.iter().map(|t| n(&t["Sales"])).sum::<u64>(),
            n(&a["Sales"])
        );
        let revenue: f64 = types.iter().map(|t| t["Revenue"].as_f64().unwrap()).sum();
        assert!((revenue - a["Revenue"].as_f64().unwrap()).abs() < 0.005);
        let caps = &a["CapHits"];
        let refusals = &a["RefusalsByReason"];
        for (kind, code) in [
            ("Hour", "hour_max_reached"),
            ("Day", "day_max_reached"),
            ("Week", "week_max_reached"),
            ("Month", "month_max_reached"),
        ] {
            assert_eq!(caps[kind], refusals.get(code).cloned().unwrap_or(0.into()));
        }
        let top = a["TopBuyers"].as_array().unwrap();
        assert_eq!(top.len(), 10);
        assert!(top
            .windows(2)
            .all(|w| w[0]["Revenue"].as_f64() >= w[1]["Revenue"].as_f64()));
        let rr = a["RoundRobinFairness"].as_array().unwrap();
        assert_eq!(rr.len(), 1, "solar is distributed by round robin");
        assert_eq!(rr[0]["Descriptor"], types[1]["Descriptor"]);
        let j = rr[0]["JainIndex"].as_f64().unwrap();
        assert!(j > 0.0 && j <= 1.0);
    }

    #[test]
    fn written_files_route_to_the_summary_s_numbers() {
        let dir = std::env::temp_dir().join(format!("leadroute-demo-write-{}", std::process::id()));
        let (code, text, err) = demo(&["--seed", "3", "--json", "--write", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let summary: Value = serde_json::from_str(&text).unwrap();
        let snapshot = dir.join(super::SNAPSHOT_FILE);
        let leads = dir.join(super::LEADS_FILE);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = crate::run(
            [
                "leadroute",
                "route",
                "--snapshot",
                snapshot.to_str().unwrap(),
                "--leads",
                leads.to_str().unwrap(),
            ],
            &mut out,
            &mut err,
        );
        assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
        let decisions: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(decisions.len(), 1500);
        let sold = decisions
            .iter()
            .filter(|d| !d["Sold"].as_array().unwrap().is_empty())
            .count() as u64;
        let sales: usize = decisions
            .iter()
            .map(|d| d["Sold"].as_array().unwrap().len())
            .sum();
        assert_eq!(sold, summary["SoldLeads"].as_u64().unwrap());
        assert_eq!(sales as u64, summary["Sales"].as_u64().unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn text_output_names_every_section() {
        let (code, text, _) = demo(&["--seed", "7"]);
        assert_eq!(code, 0);
        for needle in [
            "leadroute demo: seed 7, 60 clients, 150 delivery accounts, 1,500 leads over 7 days from 2026-03-02",
            "leads/s",
            "sold ",
            "unsold ",
            "revenue ",
            "unsold leads by the furthest check an account reached:",
            "revenue by lead type:",
            "top buyers by revenue:",
            "cap hits",
            "round-robin fairness",
        ] {
            assert!(text.contains(needle), "{needle:?} missing from\n{text}");
        }
    }

    #[test]
    fn an_impossible_market_is_a_usage_error() {
        let (code, _, err) = demo(&["--clients", "0"]);
        assert_eq!(code, 2);
        assert!(err.contains("need at least one client"), "{err}");
    }
}
