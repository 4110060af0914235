//! The buy side of the market: clients, their delivery accounts (criteria, schedules,
//! caps, prices), their orders, and the distribution lists.
//!
//! Everything is drawn from one [`Rng`] stream per part, in a fixed order, so a seed
//! always gives the same buyers. Proportions are chosen to look like a real lead
//! marketplace and to make every rule of the engine matter somewhere: most accounts
//! are open and automated, a tenth have tight day caps, a fifth require orders, a few
//! are exclusive, and every criterion operator and type occurs.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use leadroute_model::{
    AccountStatus, AccountType, AutomationType, Client, ClientStatus, Criterion, CriterionType,
    DeliveryAccount, DeliveryDay, DeliveryDetails, DistributionList, DistributionListItem,
    Operator, Order, OrderItem, OrderStatus, Pacing, Renewal, Uid,
};
use rust_decimal::Decimal;

use crate::catalog::{self, field::*, AUTO, MORTGAGE, SOLAR};
use crate::geo::{self, ZIPS};
use crate::rng::Rng;

/// First `ClientUID`.
pub const CLIENT_UID_BASE: Uid = 1000;
/// First `ClientAccountUID`.
pub const ACCOUNT_UID_BASE: Uid = 10_000;
/// First `ClientDeliveryUID`.
const DELIVERY_UID_BASE: Uid = 20_000;
/// First `ClientOrderUID`.
const ORDER_UID_BASE: Uid = 500_000;
/// First `ClientOrderItemUID`.
const ITEM_UID_BASE: Uid = 600_000;

/// The generated buy side, with the facts the ledger and lead stream build on.
pub(crate) struct Buyers {
    pub clients: Vec<Client>,
    pub accounts: Vec<DeliveryAccount>,
    pub orders: Vec<Order>,
    pub distribution_lists: Vec<DistributionList>,
    /// Per client: index into [`ZIPS`] of its home ZIP.
    pub home: Vec<usize>,
    /// Per account: the order and item a send to it is booked against, if any.
    pub booking: HashMap<Uid, (Uid, Uid)>,
    /// Every force id configured on a client or account.
    pub force_ids: Vec<String>,
}

/// Money with cents.
pub(crate) fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// A price in `lo..=hi` dollars, rounded to quarters as buyers tend to set them.
fn price(rng: &mut Rng, lo: i64, hi: i64) -> Decimal {
    cents(rng.range(lo * 4, hi * 4) * 25)
}

fn price_range(lead_type: Uid) -> (i64, i64) {
    match lead_type {
        MORTGAGE => (20, 90),
        SOLAR => (15, 60),
        _ => (5, 30),
    }
}

/// One of the three spellings of "no maximum" (SPEC.md 6): -1, 0 or null.
fn unlimited(rng: &mut Rng) -> Option<i64> {
    match rng.below(3) {
        0 => Some(-1),
        1 => Some(0),
        _ => None,
    }
}

fn cap(rng: &mut Rng, p_unlimited: f64, lo: i64, hi: i64) -> Option<i64> {
    if rng.chance(p_unlimited) {
        unlimited(rng)
    } else {
        Some(rng.range(lo, hi))
    }
}

/// Generates clients, accounts, orders and distribution lists.
pub(crate) fn generate(seed: u64, clients: usize, accounts: usize, start: DateTime<Utc>) -> Buyers {
    let mut rng = Rng::stream(seed, 1);
    let states = geo::states();
    let mut b = Buyers {
        clients: Vec::with_capacity(clients),
        accounts: Vec::with_capacity(accounts),
        orders: Vec::new(),
        distribution_lists: Vec::new(),
        home: Vec::with_capacity(clients),
        booking: HashMap::new(),
        force_ids: Vec::new(),
    };

    // Clients.
    let mut primary = Vec::with_capacity(clients);
    for i in 0..clients {
        let uid = CLIENT_UID_BASE + i as Uid;
        let home = rng.index(ZIPS.len());
        let zip = &ZIPS[home];
        let lead_type = catalog::LEAD_TYPES[rng.weighted(&[45, 30, 25])];
        primary.push(lead_type);
        let word = rng
            .pick(catalog::COMPANY_WORDS)
            .copied()
            .unwrap_or("Summit");
        let suffix = rng
            .pick(catalog::company_suffixes(lead_type))
            .copied()
            .unwrap_or("Leads");
        let name = format!("{word} {suffix} of {}", zip.city);
        let (tz_name, offset) = match rng.weighted(&[66, 28, 3, 3]) {
            0 => (Some(zip.zone.to_string()), None),
            1 => (Some(geo::windows_name(zip.zone).to_string()), None),
            2 => (None, Some(geo::standard_offset_hours(zip.zone))),
            _ => (
                Some(String::new()),
                Some(geo::standard_offset_hours(zip.zone)),
            ),
        };
        let status = if rng.chance(0.88) {
            ClientStatus::Active
        } else {
            *rng.pick(&[
                ClientStatus::Pending,
                ClientStatus::Inactive,
                ClientStatus::Suspended,
                ClientStatus::Closed,
                ClientStatus::Late,
                ClientStatus::New,
            ])
            .unwrap_or(&ClientStatus::Inactive)
        };
        let automation = match rng.weighted(&[45, 25, 25, 5]) {
            0 => Some(AutomationType::Price),
            1 => Some(AutomationType::Priority),
            2 => Some(AutomationType::RoundRobin),
            _ => None,
        };
        let force_id = rng.chance(0.02).then(|| format!("VIP-{}", i + 1));
        if let Some(f) = &force_id {
            b.force_ids.push(f.clone());
        }
        let day_max = rng.chance(0.02).then(|| rng.range(10, 40));
        b.clients.push(Client {
            client_uid: uid,
            status,
            time_offset: offset,
            time_zone_name: tz_name,
            automation_type: automation,
            priority: Some(rng.range(1, 10) as i32),
            group_uid: Some(rng.range(1, 6)),
            name: Some(name),
            last_sent_date: rng
                .chance(0.4)
                .then(|| start - Duration::seconds(rng.range(600, 10 * 86_400))),
            weight: Some(rng.range(10, 50) as f64 / 10.0),
            target_percentage: rng.chance(0.3).then(|| rng.range(5, 50) as f64 / 10.0),
            force_id,
            zip: rng.chance(0.6).then(|| zip.zip.to_string()),
            hour_max: None,
            day_max,
            week_max: None,
            month_max: None,
            username: Some(format!("client{uid}")),
        });
        b.home.push(home);
    }

    // How many accounts each client has: one each first, then 1-5 in all.
    let mut owner = Vec::with_capacity(accounts);
    let mut count = vec![0usize; clients];
    for a in 0..accounts {
        if clients == 0 {
            break;
        }
        let c = if a < clients {
            a
        } else {
            let mut c = rng.index(clients);
            for _ in 0..8 {
                if count[c] < 5 {
                    break;
                }
                c = rng.index(clients);
            }
            c
        };
        count[c] += 1;
        owner.push(c);
    }
    owner.sort_unstable(); // plain integers: equal keys are indistinguishable

    let mut g = AccountGen {
        rng: &mut rng,
        criterion_uid: 100_000,
        day_uid: 300_000,
        order_uid: ORDER_UID_BASE,
        item_uid: ITEM_UID_BASE,
        start,
        states: &states,
    };
    let mut per_client_seq = vec![0usize; clients];
    for (a, &c) in owner.iter().enumerate() {
        per_client_seq[c] += 1;
        let lead_type = if g.rng.chance(0.75) {
            primary[c]
        } else {
            catalog::LEAD_TYPES[g.rng.weighted(&[45, 30, 25])]
        };
        let account = g.account(&b.clients[c], b.home[c], a, per_client_seq[c], lead_type);
        if let Some(f) = &account.force_id {
            b.force_ids.push(f.clone());
        }
        let wants_order = account.use_order || g.rng.chance(0.05);
        if wants_order {
            let (order, booking) = g.order(&account);
            if let Some(bk) = booking {
                b.booking.insert(account.client_account_uid, bk);
            }
            b.orders.push(order);
        }
        b.accounts.push(account);
    }

    b.distribution_lists = distribution_lists(&mut rng, &b);
    b
}

struct AccountGen<'a> {
    rng: &'a mut Rng,
    criterion_uid: Uid,
    day_uid: Uid,
    order_uid: Uid,
    item_uid: Uid,
    start: DateTime<Utc>,
    states: &'a [&'static str],
}

/// Field UIDs of the fields every lead type has.
struct Common {
    state: Uid,
    zip: Uid,
    email: Uid,
    phone: Uid,
}

fn common(lead_type: Uid) -> Common {
    match lead_type {
        MORTGAGE => Common {
            state: M_STATE,
            zip: M_ZIP,
            email: M_EMAIL,
            phone: M_PHONE,
        },
        SOLAR => Common {
            state: S_STATE,
            zip: S_ZIP,
            email: S_EMAIL,
            phone: S_PHONE,
        },
        _ => Common {
            state: A_STATE,
            zip: A_ZIP,
            email: A_EMAIL,
            phone: A_PHONE,
        },
    }
}

impl AccountGen<'_> {
    fn crit(&mut self, field: Uid, op: Operator, value: impl Into<String>) -> Criterion {
        self.criterion_uid += 1;
        Criterion {
            criterion_uid: self.criterion_uid,
            lead_field_uid: field,
            criterion_type: CriterionType::FieldValue,
            expression: None,
            operator: Some(op),
            value: value.into(),
            delete: false,
        }
    }

    fn regex(&mut self, field: Uid, must_match: bool, pattern: &str) -> Criterion {
        let mut c = self.crit(field, Operator::Equal, "");
        c.criterion_type = CriterionType::Expression;
        c.expression = Some(pattern.to_string());
        // The source writes an empty operator for "must match" as often as `Equal`.
        c.operator = match (must_match, self.rng.chance(0.5)) {
            (true, true) => None,
            (true, false) => Some(Operator::Equal),
            (false, _) => Some(Operator::NotEqual),
        };
        c
    }

    fn function(&mut self, field: Uid, expr: &str, op: Operator, value: &str) -> Criterion {
        let mut c = self.crit(field, op, value);
        c.criterion_type = CriterionType::Function;
        c.expression = Some(expr.to_string());
        c
    }

    /// A list in one of the separators `In` accepts (SPEC.md 3.1).
    fn list(&mut self, items: &[String]) -> String {
        let sep = match self.rng.weighted(&[70, 20, 10]) {
            0 => "|",
            1 => ",",
            _ => "\n",
        };
        items.join(sep)
    }

    fn account(
        &mut self,
        client: &Client,
        home: usize,
        index: usize,
        seq: usize,
        lead_type: Uid,
    ) -> DeliveryAccount {
        let uid = ACCOUNT_UID_BASE + index as Uid;
        let delivery_uid = DELIVERY_UID_BASE + index as Uid;
        let (lo, hi) = price_range(lead_type);
        let exclusive = self.rng.chance(0.03);
        let mut price = price(self.rng, lo, hi);
        if exclusive {
            // Exclusive leads sell for about twice the shared price.
            price = (price * Decimal::new(19, 1)).round_dp(2);
        }
        let mut criteria = self.criteria(lead_type, home);
        if index % 2500 == 1777 {
            // A deliberately broken account (min > max), which the engine reports as
            // `misconfigured` while the rest of the market routes.
            let (field, range) = match lead_type {
                MORTGAGE => (M_CREDIT_SCORE, "850|300"),
                SOLAR => (S_ROOF_AGE, "30|5"),
                _ => (A_VEHICLE_YEAR, "2020|2000"),
            };
            let bad = self.crit(field, Operator::Between, range);
            criteria.push(bad);
        }
        let status = match self.rng.weighted(&[90, 4, 3, 3]) {
            0 => AccountStatus::Open,
            1 => AccountStatus::Closed,
            2 => AccountStatus::Suspended,
            _ => AccountStatus::OnHold,
        };
        let account_type = match self.rng.weighted(&[94, 2, 3, 1]) {
            0 => AccountType::General,
            1 => AccountType::Redirect,
            2 => AccountType::LiveCall,
            _ => AccountType::Ivr,
        };
        let days = self.schedule(delivery_uid);
        let client_name = client.name.clone().unwrap_or_default();
        let type_name = catalog::lead_type_name(lead_type);
        let day_max = if self.rng.chance(0.10) {
            Some(self.rng.range(1, 4))
        } else {
            cap(self.rng, 0.35, 5, 50)
        };
        DeliveryAccount {
            client_account_uid: uid,
            client_uid: client.client_uid,
            delivery_uid,
            price,
            hour_max: cap(self.rng, 0.65, 2, 12),
            day_max,
            week_max: cap(self.rng, 0.6, 20, 200),
            month_max: cap(self.rng, 0.55, 80, 800),
            use_order: self.rng.chance(0.2),
            status: Some(status),
            delivery_delay: self.rng.chance(0.05).then(|| self.rng.range(1, 30) * 60),
            description: Some(format!("{client_name} - {type_name} {seq}")),
            redirect_url: (account_type == AccountType::Redirect)
                .then(|| format!("https://buyer{}.example.com/offer", client.client_uid)),
            automation_enabled: self.rng.chance(0.95),
            alternate_posting: None,
            account_type,
            agent_name: None,
            agent_phone: None,
            criteria,
            delivery_details: Some(DeliveryDetails {
                client_delivery_uid: delivery_uid,
                client_uid: client.client_uid,
                delivery_type: Some(self.rng.range(0, 3)),
                name: Some(format!("{type_name} post {seq}")),
                status: Some(self.rng.chance(0.96)),
                in_testing: self.rng.chance(0.03),
                lead_type_uid: lead_type,
                field_settings: Vec::new(),
                delivery_days: days,
            }),
            exclusive,
            priority: Some(self.rng.range(1, 5) as i32),
            force_id: self.rng.chance(0.01).then(|| format!("FX{uid}")),
            pacing: self.rng.chance(0.03).then_some(Pacing::Even),
        }
    }

    fn criteria(&mut self, lead_type: Uid, home: usize) -> Vec<Criterion> {
        let f = common(lead_type);
        let mut out = Vec::new();
        let r = self.rng.unit();
        if r < 0.65 {
            // The home state and a few others, as a regional buyer would pick them.
            let mut picked = vec![ZIPS[home].state.to_string()];
            for _ in 0..self.rng.range(0, 7) {
                if let Some(s) = self.rng.pick(self.states) {
                    if !picked.iter().any(|p| p == s) {
                        picked.push((*s).to_string());
                    }
                }
            }
            let v = self.list(&picked);
            out.push(self.crit(f.state, Operator::In, v));
        } else if r < 0.70 {
            let v = self.list(&["NY".to_string(), "NJ".to_string(), "CA".to_string()]);
            out.push(self.crit(f.state, Operator::NotIn, v));
        }
        let r = self.rng.unit();
        if r < 0.20 {
            let miles = *self.rng.pick(&[10, 15, 25, 30, 50, 75, 100]).unwrap_or(&25);
            let origin = if self.rng.chance(0.85) {
                ZIPS[home].zip.to_string()
            } else {
                format!("{:.4},{:.4}", ZIPS[home].lat, ZIPS[home].lon)
            };
            out.push(self.crit(
                f.zip,
                Operator::DistanceCompare,
                format!("{origin}|{miles}"),
            ));
        } else if r < 0.24 {
            let v = format!(
                "{}*|{}*",
                &ZIPS[home].zip[..3],
                &ZIPS[self.rng.index(ZIPS.len())].zip[..3]
            );
            out.push(self.crit(f.zip, Operator::In, v));
        }
        if self.rng.chance(0.30) {
            let v = *self
                .rng
                .pick(&["test|example.com", "test\nexample.com", "@example.com,test"])
                .unwrap_or(&"test|example.com");
            out.push(self.crit(f.email, Operator::DoesntContain, v));
        }
        if self.rng.chance(0.04) {
            out.push(self.regex(f.phone, false, r"^\D*(555|000)"));
        }
        match lead_type {
            MORTGAGE => self.mortgage(&mut out),
            SOLAR => self.solar(&mut out),
            _ => self.auto(&mut out),
        }
        out
    }

    fn mortgage(&mut self, out: &mut Vec<Criterion>) {
        let r = self.rng.unit();
        let lo = *self
            .rng
            .pick(&[580, 600, 620, 640, 660, 680, 700])
            .unwrap_or(&620);
        if r < 0.20 {
            out.push(self.crit(M_CREDIT_SCORE, Operator::Between, format!("{lo}|850")));
        } else if r < 0.30 {
            // Without a `|`, `min,max` (SPEC.md 3.1).
            out.push(self.crit(M_CREDIT_SCORE, Operator::Between, format!("{lo},850")));
        } else if r < 0.55 {
            out.push(self.crit(M_CREDIT_SCORE, Operator::GreaterOrEqual, lo.to_string()));
        } else if r < 0.60 {
            out.push(self.crit(M_CREDIT_SCORE, Operator::Greater, "599"));
        }
        let r = self.rng.unit();
        if r < 0.20 {
            out.push(self.crit(M_LOAN_AMOUNT, Operator::Between, "$100,000|$750,000"));
        } else if r < 0.30 {
            out.push(self.crit(M_LOAN_AMOUNT, Operator::LessOrEqual, "1000000"));
        } else if r < 0.35 {
            out.push(self.crit(M_LOAN_AMOUNT, Operator::Greater, "$50,000"));
        }
        if self.rng.chance(0.10) {
            out.push(self.crit(M_HOME_VALUE, Operator::GreaterOrEqual, "150000"));
        }
        if self.rng.chance(0.06) {
            let max = *self.rng.pick(&["80", "90", "95"]).unwrap_or(&"80");
            out.push(self.function(
                M_LOAN_AMOUNT,
                "[LoanAmount] / [HomeValue] * 100",
                Operator::LessOrEqual,
                max,
            ));
        }
        let r = self.rng.unit();
        if r < 0.20 {
            out.push(self.crit(
                M_PROPERTY_TYPE,
                Operator::In,
                "SingleFamily|Condo|Townhouse",
            ));
        } else if r < 0.30 {
            out.push(self.crit(M_PROPERTY_TYPE, Operator::NotEqual, "Manufactured"));
        } else if r < 0.35 {
            out.push(self.crit(M_PROPERTY_TYPE, Operator::NotIn, "Manufactured|MultiFamily"));
        }
        if self.rng.chance(0.10) {
            let v = *self
                .rng
                .pick(&["Refinance", "Purchase"])
                .unwrap_or(&"Purchase");
            out.push(self.crit(M_LOAN_PURPOSE, Operator::Equal, v));
        }
        let r = self.rng.unit();
        if r < 0.15 {
            out.push(self.crit(M_DATE_OF_BIRTH, Operator::DateCompare, "<= -18y"));
        } else if r < 0.23 {
            out.push(self.crit(M_DATE_OF_BIRTH, Operator::DateCompare, "between -65y -25y"));
        } else if r < 0.26 {
            out.push(self.crit(M_DATE_OF_BIRTH, Operator::DateCompare, ">= -80y"));
        }
        if self.rng.chance(0.03) {
            let v = *self.rng.pick(&["1", "true", "Yes"]).unwrap_or(&"1");
            out.push(self.crit(M_VETERAN, Operator::Equal, v));
        }
        if self.rng.chance(0.03) {
            out.push(self.crit(M_COMMENTS, Operator::DoesntContain, "do not call"));
        }
    }

    fn solar(&mut self, out: &mut Vec<Criterion>) {
        let r = self.rng.unit();
        if r < 0.30 {
            let v = *self.rng.pick(&["$100", "150", "$200.00"]).unwrap_or(&"100");
            out.push(self.crit(S_MONTHLY_BILL, Operator::GreaterOrEqual, v));
        } else if r < 0.45 {
            out.push(self.crit(S_MONTHLY_BILL, Operator::Between, "75|500"));
        }
        let r = self.rng.unit();
        if r < 0.25 {
            out.push(self.crit(S_ROOF_SHADE, Operator::In, "None|Partial"));
        } else if r < 0.35 {
            out.push(self.crit(S_ROOF_SHADE, Operator::NotEqual, "Heavy"));
        }
        if self.rng.chance(0.60) {
            let v = *self.rng.pick(&["1", "true", "Yes"]).unwrap_or(&"1");
            out.push(self.crit(S_HOME_OWNER, Operator::Equal, v));
        }
        let r = self.rng.unit();
        if r < 0.15 {
            out.push(self.crit(S_ROOF_AGE, Operator::LessOrEqual, "20"));
        } else if r < 0.20 {
            out.push(self.crit(S_ROOF_AGE, Operator::Less, "25"));
        }
        if self.rng.chance(0.05) {
            out.push(self.crit(S_UTILITY, Operator::Contains, "Edison|PG&E"));
        }
        if self.rng.chance(0.05) {
            out.push(self.crit(S_SYSTEM_SIZE_KW, Operator::GreaterOrEqual, "4.5"));
        }
        let r = self.rng.unit();
        if r < 0.20 {
            out.push(self.crit(S_CREDIT_RATING, Operator::NotIn, "Poor"));
        } else if r < 0.25 {
            out.push(self.crit(S_CREDIT_RATING, Operator::In, "Excellent|Good"));
        }
        if self.rng.chance(0.03) {
            out.push(self.regex(S_IP_ADDRESS, false, r"^10\."));
        }
    }

    fn auto(&mut self, out: &mut Vec<Criterion>) {
        let r = self.rng.unit();
        if r < 0.25 {
            let y = self.rng.range(2008, 2016);
            out.push(self.crit(A_VEHICLE_YEAR, Operator::GreaterOrEqual, y.to_string()));
        } else if r < 0.35 {
            out.push(self.crit(A_VEHICLE_YEAR, Operator::Between, "2005|2027"));
        }
        let r = self.rng.unit();
        if r < 0.15 {
            out.push(self.crit(A_DATE_OF_BIRTH, Operator::DateCompare, "between -75y -18y"));
        } else if r < 0.23 {
            out.push(self.crit(A_DATE_OF_BIRTH, Operator::DateCompare, "<= -21y"));
        }
        let r = self.rng.unit();
        if r < 0.15 {
            out.push(self.crit(A_AGE, Operator::Between, "21|70"));
        } else if r < 0.20 {
            out.push(self.crit(A_AGE, Operator::Greater, "25"));
        } else if r < 0.25 {
            out.push(self.crit(A_AGE, Operator::Less, "80"));
        }
        if self.rng.chance(0.35) {
            let v = *self.rng.pick(&["true", "yes", "1"]).unwrap_or(&"true");
            out.push(self.crit(A_CURRENTLY_INSURED, Operator::Equal, v));
        }
        let r = self.rng.unit();
        if r < 0.15 {
            out.push(self.crit(A_ACCIDENTS, Operator::LessOrEqual, "1"));
        } else if r < 0.20 {
            out.push(self.crit(A_ACCIDENTS, Operator::Less, "2"));
        }
        if self.rng.chance(0.20) {
            out.push(self.crit(A_DUI, Operator::NotEqual, "true"));
        }
        if self.rng.chance(0.10) {
            out.push(self.crit(A_COVERAGE_LEVEL, Operator::In, "Standard|Premium"));
        }
        let r = self.rng.unit();
        if r < 0.08 {
            out.push(self.crit(A_ANNUAL_MILEAGE, Operator::Less, "25000"));
        } else if r < 0.11 {
            out.push(self.crit(A_ANNUAL_MILEAGE, Operator::LessOrEqual, "1.5e4"));
        }
        let r = self.rng.unit();
        if r < 0.08 {
            out.push(self.crit(
                A_INSURANCE_EXPIRATION,
                Operator::DateCompare,
                "between today +45d",
            ));
        } else if r < 0.11 {
            out.push(self.crit(A_INSURANCE_EXPIRATION, Operator::DateCompare, "> now"));
        }
        let r = self.rng.unit();
        if r < 0.05 {
            out.push(self.crit(A_CURRENT_CARRIER, Operator::NotEqual, "GEICO"));
        } else if r < 0.08 {
            out.push(self.crit(A_CURRENT_CARRIER, Operator::Contains, "State"));
        }
        if self.rng.chance(0.03) {
            out.push(self.regex(A_MOBILE_PHONE, true, r"^\d{10}$"));
        }
    }

    /// A wall-clock time in one of the spellings the source uses (only its digits
    /// count, SPEC.md 5).
    fn time(&mut self, hms: &str) -> String {
        match self.rng.weighted(&[60, 25, 15]) {
            0 => hms.to_string(),
            1 => format!("2020-08-25T{hms}.000Z"),
            _ => hms.get(..5).unwrap_or(hms).to_string(),
        }
    }

    fn day(
        &mut self,
        delivery_uid: Uid,
        week_day: i64,
        start: &str,
        end: &str,
        allow: bool,
    ) -> DeliveryDay {
        self.day_uid += 1;
        let start_time = self.time(start);
        let end_time = self.time(end);
        DeliveryDay {
            delivery_day_uid: self.day_uid,
            delivery_uid,
            week_day: Some(week_day),
            static_date: None,
            start_time: Some(start_time),
            end_time: Some(end_time),
            allow: Some(allow),
        }
    }

    /// A delivery schedule: none (any time), business hours, extended hours with
    /// weekends, overnight, a lunch break deny, or 24-hour windows; some with static
    /// holiday denies, one of them inside the generated week.
    fn schedule(&mut self, du: Uid) -> Vec<DeliveryDay> {
        let mut days = Vec::new();
        let ends = ["23:59:00", "24:00:00", "23:59:59"];
        match self.rng.weighted(&[20, 45, 15, 8, 7, 5]) {
            0 => return days,
            1 => {
                let (s, e) = *self
                    .rng
                    .pick(&[
                        ("08:00:00", "18:00:00"),
                        ("09:00:00", "17:00:00"),
                        ("08:00:00", "20:00:00"),
                    ])
                    .unwrap_or(&("09:00:00", "17:00:00"));
                for wd in 1..=5 {
                    days.push(self.day(du, wd, s, e, true));
                }
            }
            2 => {
                let last = if self.rng.chance(0.5) { 6 } else { 7 };
                for wd in 1..=last {
                    days.push(self.day(du, wd % 7, "07:00:00", "21:00:00", true));
                }
            }
            3 => {
                let end = *self.rng.pick(&ends).unwrap_or(&"24:00:00");
                for wd in 0..7 {
                    days.push(self.day(du, wd, "18:00:00", "06:00:00", true));
                }
                days.push(self.day(du, 6, "06:00:00", end, true));
            }
            4 => {
                for wd in 1..=5 {
                    days.push(self.day(du, wd, "08:00:00", "18:00:00", true));
                    days.push(self.day(du, wd, "12:00:00", "13:00:00", false));
                }
            }
            _ => {
                for wd in 1..=5 {
                    days.push(self.day(du, wd, "00:00:00", "00:00:00", true));
                }
            }
        }
        if self.rng.chance(0.15) {
            let year = self.start.format("%Y").to_string();
            for md in ["01-01", "05-25", "07-04", "11-26", "12-25"] {
                let mut d = self.day(du, 0, "00:00:00", "23:59:00", false);
                d.static_date = Some(format!("{year}-{md}T00:00:00Z"));
                days.push(d);
            }
        }
        if self.rng.chance(0.05) {
            // A company day off on the Friday of the generated week.
            let friday = self.start + Duration::days(4);
            let mut d = self.day(du, 5, "00:00:00", "24:00:00", false);
            d.static_date = Some(friday.format("%Y-%m-%d").to_string());
            days.push(d);
        } else if self.rng.chance(0.03) {
            // A special Sunday opening on the last day of the generated week.
            let sunday = self.start + Duration::days(6);
            let mut d = self.day(du, 0, "10:00:00", "14:00:00", true);
            d.static_date = Some(sunday.format("%Y-%m-%dT00:00:00").to_string());
            days.push(d);
        }
        days
    }

    /// An order for the account's client, and the order item a send to this account
    /// is booked against in the ledger before the start (if any).
    fn order(&mut self, a: &DeliveryAccount) -> (Order, Option<(Uid, Uid)>) {
        self.order_uid += 1;
        let order_uid = self.order_uid;
        let day = |n: i64| Duration::days(n);
        let s = self.start;
        let mut start_date = Some(s - day(self.rng.range(1, 30)));
        let mut end_date = if self.rng.chance(0.2) {
            None
        } else {
            Some(s + day(self.rng.range(7, 60)))
        };
        let mut status = OrderStatus::Open;
        let qty = self.rng.range(20, 500);
        let mut sent_qty = Some(qty * self.rng.range(0, 70) / 100);
        let mut dollar = false;
        match self.rng.weighted(&[58, 10, 7, 5, 5, 12, 3]) {
            0 => {}
            1 => sent_qty = Some(qty), // exhausted
            2 => {
                // ended before the start
                end_date = Some(s - day(self.rng.range(1, 10)));
                start_date = Some(s - day(self.rng.range(40, 70)));
            }
            3 => start_date = Some(s + day(self.rng.range(2, 5))), // starts mid-week
            4 => end_date = Some(s + day(self.rng.range(1, 4))),   // ends mid-week
            5 => dollar = true,
            _ => {
                status = *self
                    .rng
                    .pick(&[
                        OrderStatus::Paused,
                        OrderStatus::OnHold,
                        OrderStatus::Filled,
                        OrderStatus::Closed,
                    ])
                    .unwrap_or(&OrderStatus::Paused);
            }
        }
        if self.rng.chance(0.05) {
            start_date = None;
        }
        if let (Some(st), Some(en)) = (start_date, end_date) {
            if en <= st {
                end_date = Some(st + day(30));
            }
        }
        let item_account = match self.rng.weighted(&[70, 15, 15]) {
            0 => Some(a.client_account_uid),
            1 => Some(0),
            _ => None,
        };
        let counted_from_ledger = self.rng.chance(0.3);
        self.item_uid += 1;
        let item = if dollar {
            let budget = self.rng.range(5, 50) * 100;
            OrderItem {
                client_order_item_uid: self.item_uid,
                client_account_uid: item_account,
                qty: None,
                sent_qty: None,
                constrain_quantity: None,
                price: cents(budget * 100),
                sent_price: (!counted_from_ledger)
                    .then(|| cents(budget * 100 * self.rng.range(0, 90) / 100)),
            }
        } else {
            let constrain = match self.rng.weighted(&[75, 20, 5]) {
                0 => None,
                1 => Some(true),
                _ => Some(false),
            };
            // An order usually carries a negotiated price near the account's.
            let adjust = self.rng.range(-300, 300);
            let p = (a.price + cents(adjust)).max(cents(100));
            OrderItem {
                client_order_item_uid: self.item_uid,
                client_account_uid: item_account,
                qty: Some(qty),
                sent_qty: if counted_from_ledger { None } else { sent_qty },
                constrain_quantity: constrain,
                price: p,
                sent_price: None,
            }
        };
        let booking = (status == OrderStatus::Open
            && start_date.is_none_or(|d| d <= s - day(3))
            && end_date.is_none_or(|d| d > s))
        .then_some((order_uid, item.client_order_item_uid));
        let mut items = vec![item];
        if self.rng.chance(0.1) {
            self.item_uid += 1;
            items.push(OrderItem {
                client_order_item_uid: self.item_uid,
                client_account_uid: Some(0),
                qty: None,
                sent_qty: None,
                constrain_quantity: None,
                price: cents(self.rng.range(10, 40) * 10_000),
                sent_price: Some(Decimal::ZERO),
            });
        }
        let renewal = match self.rng.weighted(&[40, 30, 20, 10]) {
            0 => None,
            1 => Some(Renewal::NoRenewal),
            2 => Some(Renewal::OnEnd),
            _ => Some(Renewal::OnQtyFill),
        };
        let order = Order {
            client_order_uid: order_uid,
            client_uid: a.client_uid,
            start_date,
            end_date,
            status,
            renewal,
            auto_charge: self.rng.chance(0.3),
            items,
        };
        (order, booking)
    }
}

/// An active ZIP distribution list for auto insurance leads from Nevada (Las Vegas
/// ZIPs assigned to a few clients, a default client for the rest), and an inactive
/// one for solar that restricts nothing.
fn distribution_lists(rng: &mut Rng, b: &Buyers) -> Vec<DistributionList> {
    let buyers_of = |t: Uid| -> Vec<Uid> {
        let mut v: Vec<Uid> = b
            .accounts
            .iter()
            .filter(|a| {
                a.delivery_details
                    .as_ref()
                    .is_some_and(|d| d.lead_type_uid == t)
            })
            .map(|a| a.client_uid)
            .collect();
        v.dedup();
        v
    };
    let mut lists = Vec::new();
    let auto = buyers_of(AUTO);
    if auto.len() >= 2 {
        let mut pick = || *rng.pick(&auto).unwrap_or(&auto[0]);
        let (a, c, d, default) = (pick(), pick(), pick(), pick());
        let item =
            |uid: Uid, zip: &str, one: Option<Uid>, many: Option<String>| DistributionListItem {
                custom_list_item_uid: uid,
                custom_list_uid: 1,
                description: Some(format!("Las Vegas {zip}")),
                tag1: None,
                tag2: None,
                value: zip.to_string(),
                assigned_client: one,
                assigned_clients: many,
                assigned_name: None,
            };
        lists.push(DistributionList {
            custom_list_uid: 1,
            account_uid: None,
            lead_type_uid: AUTO,
            lead_field_uid: A_ZIP,
            description: Some("Nevada auto territories".to_string()),
            field_name: Some("Zip".to_string()),
            default_client: Some(default),
            status: 1,
            depend_field: Some(A_STATE),
            value: Some("NV".to_string()),
            items: vec![
                item(11, "89101", Some(a), None),
                item(12, "89109", Some(0), Some(format!("{a}|{c}"))),
                item(13, "89123", None, Some(d.to_string())),
                item(14, "89052", Some(0), None),
            ],
        });
    }
    let solar = buyers_of(SOLAR);
    if let Some(&s) = solar.first() {
        lists.push(DistributionList {
            custom_list_uid: 2,
            account_uid: None,
            lead_type_uid: SOLAR,
            lead_field_uid: S_STATE,
            description: Some("Solar states (retired)".to_string()),
            field_name: Some("State".to_string()),
            default_client: Some(s),
            status: 0,
            depend_field: Some(0),
            value: None,
            items: vec![DistributionListItem {
                custom_list_item_uid: 21,
                custom_list_uid: 2,
                description: Some("California".to_string()),
                tag1: None,
                tag2: None,
                value: "CA".to_string(),
                assigned_client: Some(s),
                assigned_clients: None,
                assigned_name: None,
            }],
        });
    }
    lists
}
