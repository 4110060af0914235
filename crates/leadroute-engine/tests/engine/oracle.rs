//! An independent check of a batch's sales against the rules they must never break.
//!
//! It replays the decisions in routing order over the snapshot's ledger, computing cap
//! periods with `chrono-tz` (not the engine's zone code), and checks for every sale:
//! the basic eligibility of the buyer, every account and client cap (hour, day, week,
//! month in the client's zone), the order item (usable, applicable, with room, the
//! price it implies), `useOrder`, the lead's max sell, exclusivity and that the client
//! has not bought the lead before.

use std::collections::{HashMap, HashSet};

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday,
};
use leadroute_engine::{Decision, LeadError};
use leadroute_model::{
    AccountStatus, AccountType, ClientStatus, Lead, OrderStatus, Snapshot, Uid, WeekDay,
};
use rust_decimal::Decimal;

/// A client's zone as the oracle resolves it.
#[derive(Debug, Clone, Copy)]
enum OZone {
    Tz(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl OZone {
    /// The zone of a client (SPEC.md 5): an IANA or (for the Windows names the
    /// generators write) Windows name, else the offset, else the default zone.
    fn of(name: Option<&str>, offset: Option<f64>, default: &str) -> OZone {
        let name = name.map(str::trim).unwrap_or("");
        let iana = match name {
            "Eastern Standard Time" => "America/New_York",
            "US Eastern Standard Time" => "America/Indiana/Indianapolis",
            "Central Standard Time" => "America/Chicago",
            "Mountain Standard Time" => "America/Denver",
            "US Mountain Standard Time" => "America/Phoenix",
            "Alaskan Standard Time" => "America/Anchorage",
            "Hawaiian Standard Time" => "Pacific/Honolulu",
            "Pacific Standard Time" => "America/Los_Angeles",
            other => other,
        };
        if let Ok(tz) = iana.parse::<chrono_tz::Tz>() {
            return OZone::Tz(tz);
        }
        if let Some(h) = offset {
            return OZone::Fixed(FixedOffset::east_opt((h * 3600.0) as i32).unwrap());
        }
        OZone::Tz(default.parse().unwrap_or(chrono_tz::America::Los_Angeles))
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        match self {
            OZone::Tz(z) => t.with_timezone(z).naive_local(),
            OZone::Fixed(f) => t.with_timezone(f).naive_local(),
        }
    }

    /// The first instant at which the local clock reads `ndt` or later.
    fn first_at_or_after(&self, ndt: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = ndt;
        loop {
            let hit = match self {
                OZone::Tz(z) => z
                    .from_local_datetime(&probe)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc)),
                OZone::Fixed(f) => f
                    .from_local_datetime(&probe)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc)),
            };
            if let Some(t) = hit {
                return t;
            }
            probe += Duration::minutes(1);
        }
    }

    fn start_of(&self, d: NaiveDate) -> DateTime<Utc> {
        self.first_at_or_after(d.and_hms_opt(0, 0, 0).unwrap())
    }
}

/// The start of the cap period of kind `k` (0 hour .. 3 month) containing `t`.
fn period_start(zone: OZone, week_start: Weekday, k: usize, t: DateTime<Utc>) -> DateTime<Utc> {
    let d = zone.local(t).date();
    match k {
        0 => t - Duration::seconds(3600),
        1 => zone.start_of(d),
        2 => {
            let back =
                (d.weekday().num_days_from_sunday() + 7 - week_start.num_days_from_sunday()) % 7;
            zone.start_of(d - Duration::days(i64::from(back)))
        }
        _ => zone.start_of(d.with_day(1).unwrap()),
    }
}

#[derive(Debug, Clone)]
struct Sent {
    lead: Uid,
    client: Uid,
    account: Uid,
    item: Uid,
    at: DateTime<Utc>,
    price: Decimal,
    exclusive: bool,
}

fn max_of(v: Option<i64>) -> Option<u64> {
    v.filter(|m| *m > 0).map(|m| m as u64)
}

/// The instant each lead is routed at, and the routing order (indices into `leads`).
pub fn routing_order(leads: &[Lead], at: Option<DateTime<Utc>>) -> Vec<(usize, DateTime<Utc>)> {
    let mut order: Vec<(usize, DateTime<Utc>)> = leads
        .iter()
        .enumerate()
        .filter_map(|(i, l)| at.or(l.date_received).map(|t| (i, t)))
        .collect();
    if at.is_none() {
        order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    }
    order
}

/// Checks every sale of `decisions` (one per lead, input order); `Err` names the first
/// broken rule.
pub fn check_sales(
    snapshot: &Snapshot,
    leads: &[Lead],
    decisions: &[Result<Decision, LeadError>],
    at: Option<DateTime<Utc>>,
) -> Result<(), String> {
    let week_start = match snapshot.settings.week_start {
        WeekDay::Monday => Weekday::Mon,
        _ => Weekday::Sun,
    };
    let clients: HashMap<Uid, &leadroute_model::Client> =
        snapshot.clients.iter().map(|c| (c.client_uid, c)).collect();
    let accounts: HashMap<Uid, &leadroute_model::DeliveryAccount> = snapshot
        .delivery_accounts
        .iter()
        .map(|a| (a.client_account_uid, a))
        .collect();
    let mut items: HashMap<Uid, (&leadroute_model::Order, &leadroute_model::OrderItem)> =
        HashMap::new();
    for o in &snapshot.orders {
        for it in &o.items {
            items.insert(it.client_order_item_uid, (o, it));
        }
    }
    let mut sent: Vec<Sent> = snapshot
        .sends
        .iter()
        .filter(|s| s.is_valid)
        .map(|s| Sent {
            lead: s.lead_uid,
            client: s.client_uid,
            account: s.client_account_uid,
            item: s.client_order_item_uid,
            at: s.date_sent,
            price: s.price,
            exclusive: s.exclusive,
        })
        .collect();
    // Sales recorded against an item carrying SentQty/SentPrice add to those.
    let mut item_extra: HashMap<Uid, (u64, Decimal)> = HashMap::new();

    for (i, now) in routing_order(leads, at) {
        let lead = &leads[i];
        let Ok(d) = &decisions[i] else { continue };
        let ctx = |msg: String| format!("lead {} (input {i}) at {now}: {msg}", lead.lead_uid);
        if d.lead_uid != lead.lead_uid {
            return Err(ctx(format!("decision is for lead {}", d.lead_uid)));
        }
        let prior: Vec<&Sent> = sent.iter().filter(|s| s.lead == lead.lead_uid).collect();
        let campaign = lead.aid.and_then(|aid| {
            snapshot
                .campaigns
                .iter()
                .find(|c| c.vendor_account_uid == aid && lead.vid.is_none_or(|v| v == c.vendor_uid))
        });
        let max_sell = campaign
            .and_then(|c| c.max_sell)
            .filter(|m| *m > 0)
            .unwrap_or(1) as usize;
        if d.sold.len() + prior.len() > max_sell.max(prior.len()) {
            return Err(ctx(format!(
                "{} sales with {} valid sends before and max sell {max_sell}",
                d.sold.len(),
                prior.len()
            )));
        }
        if prior.iter().any(|s| s.exclusive) && !d.sold.is_empty() {
            return Err(ctx("sold again after an exclusive sale".into()));
        }
        let mut buyers = HashSet::new();
        for s in &d.sold {
            let Some(a) = accounts.get(&s.client_account_uid) else {
                return Err(ctx(format!("unknown account {}", s.client_account_uid)));
            };
            let c = clients[&a.client_uid];
            let ctx = |msg: String| ctx(format!("sale to account {}: {msg}", a.client_account_uid));
            if s.client_uid != a.client_uid {
                return Err(ctx("client does not own the account".into()));
            }
            if !buyers.insert(s.client_uid) || prior.iter().any(|p| p.client == s.client_uid) {
                return Err(ctx("the client receives the lead twice".into()));
            }
            let details = a.delivery_details.as_ref().unwrap();
            if c.status != ClientStatus::Active
                || a.status != Some(AccountStatus::Open)
                || !a.automation_enabled
                || a.account_type != AccountType::General
                || details.status != Some(true)
                || Some(details.lead_type_uid) != lead.lead_type_uid
            {
                return Err(ctx("the buyer is not routable".into()));
            }
            if (a.exclusive || s.exclusive)
                && (!a.exclusive || !s.exclusive || d.sold.len() != 1 || !prior.is_empty())
            {
                return Err(ctx(format!(
                    "exclusive sale not alone (account exclusive {}, sale exclusive {}, {} sales, {} before)",
                    a.exclusive,
                    s.exclusive,
                    d.sold.len(),
                    prior.len()
                )));
            }
            if s.deliver_at != now + Duration::seconds(a.delivery_delay.unwrap_or(0).max(0)) {
                return Err(ctx(format!("DeliverAt {}", s.deliver_at)));
            }
            let zone = OZone::of(
                c.time_zone_name.as_deref(),
                c.time_offset,
                &snapshot.settings.default_time_zone,
            );
            let caps = [
                (a.hour_max, c.hour_max),
                (a.day_max, c.day_max),
                (a.week_max, c.week_max),
                (a.month_max, c.month_max),
            ];
            for (k, (am, cm)) in caps.into_iter().enumerate() {
                let from = period_start(zone, week_start, k, now);
                let in_period = |x: &&Sent| {
                    let e = x.at.min(now);
                    if k == 0 {
                        e > from
                    } else {
                        e >= from
                    }
                };
                if let Some(m) = max_of(am) {
                    let n = sent
                        .iter()
                        .filter(|x| x.account == a.client_account_uid)
                        .filter(in_period)
                        .count() as u64;
                    if n >= m {
                        return Err(ctx(format!("account cap {k} full: {n} of {m}")));
                    }
                }
                if let Some(m) = max_of(cm) {
                    let n = sent
                        .iter()
                        .filter(|x| x.client == c.client_uid)
                        .filter(in_period)
                        .count() as u64;
                    if n >= m {
                        return Err(ctx(format!("client cap {k} full: {n} of {m}")));
                    }
                }
            }
            if s.client_order_item_uid == 0 {
                if a.use_order {
                    return Err(ctx("useOrder without an order item".into()));
                }
                if s.price != a.price {
                    return Err(ctx(format!("price {} without an order", s.price)));
                }
            } else {
                let Some((o, it)) = items.get(&s.client_order_item_uid) else {
                    return Err(ctx(format!("unknown item {}", s.client_order_item_uid)));
                };
                let applies = o.client_uid == a.client_uid
                    && it
                        .client_account_uid
                        .is_none_or(|x| x == 0 || x == a.client_account_uid);
                let usable = o.status == OrderStatus::Open
                    && o.start_date.is_none_or(|t| t <= now)
                    && o.end_date.is_none_or(|t| now < t);
                if !applies || !usable || s.client_order_uid != o.client_order_uid {
                    return Err(ctx(format!(
                        "item {} not usable/applicable",
                        it.client_order_item_uid
                    )));
                }
                let (extra_n, extra_d) = item_extra
                    .get(&it.client_order_item_uid)
                    .copied()
                    .unwrap_or((0, Decimal::ZERO));
                let ledger_n = sent.iter().filter(|x| x.item == it.client_order_item_uid);
                let qty_done = match it.sent_qty {
                    Some(q) => q.max(0) as u64 + extra_n,
                    None => ledger_n.clone().count() as u64,
                };
                let dollars_done = match it.sent_price {
                    Some(p) => p + extra_d,
                    None => ledger_n.map(|x| x.price).sum(),
                };
                match it.qty {
                    Some(q) => {
                        if it.constrain_quantity != Some(false) && qty_done >= q.max(0) as u64 {
                            return Err(ctx(format!("quantity item full: {qty_done} of {q}")));
                        }
                        if s.price != it.price {
                            return Err(ctx(format!("price {} not the item's", s.price)));
                        }
                    }
                    None => {
                        if s.price != a.price || dollars_done + s.price > it.price {
                            return Err(ctx(format!(
                                "dollar item: {dollars_done} + {} of {}",
                                s.price, it.price
                            )));
                        }
                    }
                }
            }
        }
        for s in &d.sold {
            if let Some((_, it)) = items.get(&s.client_order_item_uid) {
                if it.sent_qty.is_some() || it.sent_price.is_some() {
                    let e = item_extra.entry(s.client_order_item_uid).or_default();
                    e.0 += 1;
                    e.1 += s.price;
                }
            }
            sent.push(Sent {
                lead: lead.lead_uid,
                client: s.client_uid,
                account: s.client_account_uid,
                item: s.client_order_item_uid,
                at: now,
                price: s.price,
                exclusive: s.exclusive,
            });
        }
    }
    Ok(())
}
