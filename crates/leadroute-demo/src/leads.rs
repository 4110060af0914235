//! The lead stream, the leads of the days before it, and the ledger of their sends.
//!
//! Arrival times follow a US intraday curve (quiet at night, peaking late morning
//! Eastern time, weekends at about half the weekday volume) and are drawn to the
//! second, so several leads can share a `DateReceived`; the stream is sorted by
//! `DateReceived` and `LeadUID`s increase with it. Values look like what lead sources
//! post: mixed key spellings (descriptor in several cases, or `LeadFieldUID` in
//! decimal), phone numbers with and without punctuation, money with and without `$`
//! and commas, dates in several formats. A small share is deliberately imperfect so
//! every unsold reason and intake answer shows up: malformed numbers, missing values,
//! test e-mail addresses, unknown ZIPs, duplicates of earlier leads, and leads
//! re-offered after an earlier sale.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use leadroute_model::{ClientStatus, DeliveryAccount, Lead, Send, Uid};

use crate::buyers::Buyers;
use crate::catalog::{self, field::*, MORTGAGE, SOLAR};
use crate::geo::{self, ZipInfo, ZIPS};
use crate::rng::Rng;
use crate::sources::CampaignPlan;

/// First `LeadUID` of the generated stream.
pub const STREAM_UID_BASE: Uid = 80_000_000;
/// First `LeadUID` of the leads received before the stream.
pub const PRIOR_UID_BASE: Uid = 70_000_000;
/// First `LeadUID` of older leads that appear only in the ledger.
const LEDGER_ONLY_UID_BASE: Uid = 60_000_000;

/// Relative lead volume per hour of the day, US Eastern wall clock.
const HOURLY: [u32; 24] = [
    2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 13, 13, 12, 12, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3,
];

/// `count` arrival instants in `[from, from + days)`, sorted, to the second.
fn arrivals(rng: &mut Rng, from: DateTime<Utc>, days: u32, count: usize) -> Vec<DateTime<Utc>> {
    let hours = i64::from(days) * 24;
    let mut cumulative = Vec::with_capacity(hours as usize);
    let mut total: u64 = 0;
    for h in 0..hours {
        let t = from + Duration::hours(h);
        let local = t + Duration::hours(geo::eastern_offset_hours(t));
        let weekend = matches!(local.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let w = u64::from(HOURLY[local.hour_of_day()]) * if weekend { 55 } else { 100 };
        total += w;
        cumulative.push(total);
    }
    let mut out: Vec<DateTime<Utc>> = (0..count)
        .map(|_| {
            let r = rng.below(total);
            let slot = cumulative.partition_point(|c| *c <= r) as i64;
            from + Duration::hours(slot) + Duration::seconds(rng.below(3600) as i64)
        })
        .collect();
    out.sort_unstable(); // instants: equal ones are indistinguishable
    out
}

trait HourOfDay {
    fn hour_of_day(&self) -> usize;
}

impl HourOfDay for DateTime<Utc> {
    fn hour_of_day(&self) -> usize {
        use chrono::Timelike;
        self.hour() as usize
    }
}

/// How a lead spells its field keys (SPEC.md 1: descriptor in any case, or the UID).
#[derive(Clone, Copy)]
enum KeyStyle {
    Descriptor,
    Lower,
    Upper,
    Uid,
    Mixed,
}

struct LeadGen<'a> {
    rng: Rng,
    start: DateTime<Utc>,
    force_ids: &'a [String],
}

/// The values of one lead before keys are spelled, in field order.
type Values = Vec<(Uid, String)>;

impl LeadGen<'_> {
    fn zip(&mut self) -> &'static ZipInfo {
        &ZIPS[self.rng.index(ZIPS.len())]
    }

    fn email(&mut self, first: &str, last: &str) -> String {
        let r = self.rng.unit();
        if r < 0.012 {
            let n = self.rng.range(1, 999);
            return match self.rng.below(3) {
                0 => format!("test{n}@example.com"),
                1 => format!("{}.test@gmail.com", first.to_lowercase()),
                _ => "qa@example.com".to_string(),
            };
        }
        if r < 0.015 {
            return format!("{}.{}@", first.to_lowercase(), last.to_lowercase());
            // invalid
        }
        let domain = self
            .rng
            .pick(catalog::MAIL_DOMAINS)
            .copied()
            .unwrap_or("gmail.com");
        let n = self.rng.range(1, 99);
        match self.rng.below(3) {
            0 => format!(
                "{}.{}{n}@{domain}",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            1 => format!(
                "{}{}{n}@{domain}",
                &first[..1].to_lowercase(),
                last.to_lowercase()
            ),
            _ => format!("{}_{}@{domain}", first.to_lowercase(), last.to_lowercase()),
        }
    }

    fn phone(&mut self, zip: &ZipInfo) -> String {
        if self.rng.chance(0.005) {
            return "5555555555".to_string();
        }
        let area = zip.area_code;
        let exchange = self.rng.range(201, 989);
        let line = self.rng.range(0, 9999);
        match self.rng.weighted(&[50, 25, 15, 5, 5]) {
            0 => format!("{area}{exchange}{line:04}"),
            1 => format!("({area}) {exchange}-{line:04}"),
            2 => format!("{area}-{exchange}-{line:04}"),
            3 => format!("{area}.{exchange}.{line:04}"),
            _ => format!("+1 {area} {exchange} {line:04}"),
        }
    }

    fn date_of_birth(&mut self) -> (String, i64) {
        let age = if self.rng.chance(0.01) {
            self.rng.range(16, 17)
        } else {
            self.rng.range(18, 85)
        };
        let today = self.start.date_naive();
        let born = today
            .with_year(today.year() - age as i32 - 1)
            .unwrap_or(today)
            .checked_add_signed(Duration::days(self.rng.range(1, 364)))
            .unwrap_or(today);
        let exact_age = years_between(born, today);
        let text = match self.rng.weighted(&[50, 30, 15, 5]) {
            0 => born.format("%Y-%m-%d").to_string(),
            1 => born.format("%m/%d/%Y").to_string(),
            2 => born.format("%Y-%m-%dT00:00:00Z").to_string(),
            _ => born.format("%Y-%m-%d 00:00").to_string(),
        };
        (text, exact_age)
    }

    fn money(&mut self, dollars: i64) -> String {
        match self.rng.weighted(&[45, 35, 20]) {
            0 => dollars.to_string(),
            1 => format!("${}", with_commas(dollars)),
            _ => format!("{dollars}.00"),
        }
    }

    fn bit(&mut self, v: bool) -> String {
        let (t, f) = *self
            .rng
            .pick(&[
                ("1", "0"),
                ("true", "false"),
                ("Yes", "No"),
                ("Y", "N"),
                ("TRUE", "FALSE"),
            ])
            .unwrap_or(&("1", "0"));
        (if v { t } else { f }).to_string()
    }

    /// A value that does not parse as its field's type, with a small probability.
    fn spoil(&mut self, p: f64, bad: &[&str], good: String) -> String {
        if self.rng.chance(p) {
            self.rng.pick(bad).map_or(good, |b| (*b).to_string())
        } else {
            good
        }
    }

    /// The person-and-place fields every lead type shares, in field order.
    fn contact(&mut self, ids: [Uid; 6], v: &mut Values) -> &'static ZipInfo {
        let [first_id, last_id, email_id, phone_id, state_id, zip_id] = ids;
        let first = self
            .rng
            .pick(catalog::FIRST_NAMES)
            .copied()
            .unwrap_or("Pat");
        let last = self.rng.pick(catalog::LAST_NAMES).copied().unwrap_or("Lee");
        let zip = self.zip();
        v.push((first_id, first.to_string()));
        v.push((last_id, last.to_string()));
        let email = self.email(first, last);
        v.push((email_id, email));
        let phone = self.phone(zip);
        v.push((phone_id, phone));
        let state = if self.rng.chance(0.05) {
            zip.state.to_lowercase()
        } else {
            zip.state.to_string()
        };
        v.push((state_id, state));
        let z = match self.rng.weighted(&[920, 70, 5, 5]) {
            0 => zip.zip.to_string(),
            1 => format!("{}-{:04}", zip.zip, self.rng.range(1, 9999)),
            2 => "00000".to_string(),
            _ => zip.zip[..4].to_string(),
        };
        v.push((zip_id, z));
        zip
    }

    fn mortgage(&mut self) -> Values {
        let mut v = Vec::with_capacity(18);
        let ids = [M_FIRST_NAME, M_LAST_NAME, M_EMAIL, M_PHONE, M_STATE, M_ZIP];
        let zip = self.contact(ids, &mut v);
        let street = self
            .rng
            .pick(catalog::STREETS)
            .copied()
            .unwrap_or("Main St");
        v.push((M_ADDRESS, format!("{} {street}", self.rng.range(10, 9999))));
        v.push((M_CITY, zip.city.to_string()));
        if !self.rng.chance(0.04) {
            // Roughly bell-shaped around 690.
            let score =
                300 + (self.rng.range(0, 183) + self.rng.range(0, 183) + self.rng.range(0, 184));
            let text = self.spoil(0.01, &["abc", "N/A", "7OO", "excellent"], score.to_string());
            v.push((M_CREDIT_SCORE, text));
        }
        // Home values from $100k to about $1.2M, more of them at the low end.
        let home = (100_000.0 * (self.rng.unit() * 12f64.ln()).exp()) as i64 / 1000 * 1000;
        let ltv = self.rng.range(50, 97);
        let loan = home * ltv / 100 / 1000 * 1000;
        let loan_text = self.money(loan);
        let loan_text = self.spoil(0.005, &["lots", "TBD"], loan_text);
        v.push((M_LOAN_AMOUNT, loan_text));
        if !self.rng.chance(0.03) {
            let home_text = if self.rng.chance(0.002) {
                "0".to_string()
            } else {
                self.money(home)
            };
            v.push((M_HOME_VALUE, home_text));
        }
        let pt = catalog::PROPERTY_TYPES[self.rng.weighted(&[60, 18, 12, 6, 4])];
        let pt = self.spoil(0.005, &["Mansion", "Boat"], pt.to_string());
        v.push((M_PROPERTY_TYPE, pt));
        let purpose = catalog::LOAN_PURPOSES[self.rng.weighted(&[45, 40, 15])];
        v.push((M_LOAN_PURPOSE, purpose.to_string()));
        if !self.rng.chance(0.05) {
            let (dob, _) = self.date_of_birth();
            let dob = self.spoil(0.005, &["31/31/1990", "yesterday"], dob);
            v.push((M_DATE_OF_BIRTH, dob));
        }
        let veteran = self.rng.chance(0.08);
        let bit = self.bit(veteran);
        v.push((M_VETERAN, bit));
        if self.rng.chance(0.005) && !self.force_ids.is_empty() {
            let mut ids = Vec::new();
            for _ in 0..self.rng.range(1, 2) {
                if let Some(f) = self.rng.pick(self.force_ids) {
                    ids.push(f.clone());
                }
            }
            if self.rng.chance(0.2) {
                ids.push("VIP-99999".to_string());
            }
            v.push((M_FORCE_ID, ids.join("|")));
        }
        v.push((
            M_UNIVERSAL_LEAD_ID,
            self.rng.range(100_000_000_000, 999_999_999_999).to_string(),
        ));
        if self.rng.chance(0.05) {
            let c = *self
                .rng
                .pick(&[
                    "Call after 5pm",
                    "Prefers email",
                    "Do not call before 9am",
                    "Do not call",
                ])
                .unwrap_or(&"Prefers email");
            v.push((M_COMMENTS, c.to_string()));
        }
        v
    }

    fn solar(&mut self) -> Values {
        let mut v = Vec::with_capacity(14);
        let ids = [S_FIRST_NAME, S_LAST_NAME, S_EMAIL, S_PHONE, S_STATE, S_ZIP];
        self.contact(ids, &mut v);
        if !self.rng.chance(0.03) {
            let bill = self.rng.range(40, 600);
            let text = if self.rng.chance(0.5) {
                format!("${bill}.{:02}", self.rng.range(0, 99))
            } else {
                bill.to_string()
            };
            let text = self.spoil(0.005, &["a lot", "$$$"], text);
            v.push((S_MONTHLY_BILL, text));
        }
        let shade = catalog::ROOF_SHADES[self.rng.weighted(&[55, 30, 15])];
        v.push((S_ROOF_SHADE, shade.to_string()));
        let owner = self.rng.chance(0.85);
        let owner = self.bit(owner);
        let owner = self.spoil(0.005, &["maybe", "renting"], owner);
        v.push((S_HOME_OWNER, owner));
        if !self.rng.chance(0.1) {
            v.push((S_ROOF_AGE, self.rng.range(0, 40).to_string()));
        }
        let utility = self.rng.pick(catalog::UTILITIES).copied().unwrap_or("PG&E");
        v.push((S_UTILITY, utility.to_string()));
        v.push((
            S_SYSTEM_SIZE_KW,
            format!("{}.{}", self.rng.range(3, 12), self.rng.range(0, 9)),
        ));
        let rating = catalog::CREDIT_RATINGS[self.rng.weighted(&[30, 40, 20, 10])];
        v.push((S_CREDIT_RATING, rating.to_string()));
        let ip = if self.rng.chance(0.02) {
            format!("10.0.{}.{}", self.rng.range(0, 255), self.rng.range(1, 254))
        } else {
            format!(
                "{}.{}.{}.{}",
                self.rng.range(24, 223),
                self.rng.range(0, 255),
                self.rng.range(0, 255),
                self.rng.range(1, 254)
            )
        };
        v.push((S_IP_ADDRESS, ip));
        v
    }

    fn auto(&mut self) -> Values {
        let mut v = Vec::with_capacity(18);
        let ids = [A_FIRST_NAME, A_LAST_NAME, A_EMAIL, A_PHONE, A_STATE, A_ZIP];
        self.contact(ids, &mut v);
        let year = self.rng.range(1998, i64::from(self.start.year()) + 1);
        let year = self.spoil(0.005, &["20O8", "new"], year.to_string());
        v.push((A_VEHICLE_YEAR, year));
        let make = self
            .rng
            .pick(catalog::VEHICLE_MAKES)
            .copied()
            .unwrap_or("Toyota");
        v.push((A_VEHICLE_MAKE, make.to_string()));
        let (dob, age) = self.date_of_birth();
        if !self.rng.chance(0.05) {
            v.push((A_DATE_OF_BIRTH, dob));
        }
        if !self.rng.chance(0.1) {
            v.push((A_AGE, age.to_string()));
        }
        let insured = self.rng.chance(0.8);
        let bit = self.bit(insured);
        v.push((A_CURRENTLY_INSURED, bit));
        if insured {
            let carrier = self.rng.pick(catalog::CARRIERS).copied().unwrap_or("GEICO");
            v.push((A_CURRENT_CARRIER, carrier.to_string()));
        }
        v.push((A_ACCIDENTS, self.rng.weighted(&[70, 20, 7, 3]).to_string()));
        let dui = self.rng.chance(0.03);
        let bit = self.bit(dui);
        v.push((A_DUI, bit));
        let level = catalog::COVERAGE_LEVELS[self.rng.weighted(&[25, 50, 25])];
        v.push((A_COVERAGE_LEVEL, level.to_string()));
        let miles = self.rng.range(3000, 30000);
        let miles = if self.rng.chance(0.2) {
            format!("{:.1}e4", miles as f64 / 10_000.0)
        } else {
            format!("{miles}.{}", self.rng.range(0, 9))
        };
        v.push((A_ANNUAL_MILEAGE, miles));
        if insured {
            let exp = self.start + Duration::days(self.rng.range(-10, 120));
            v.push((A_INSURANCE_EXPIRATION, exp.format("%Y-%m-%d").to_string()));
        }
        if self.rng.chance(0.4) {
            let zip = self.zip();
            let p = self.phone(zip);
            v.push((
                A_MOBILE_PHONE,
                p.chars().filter(char::is_ascii_digit).collect(),
            ));
        }
        v
    }

    fn values(&mut self, lead_type: Uid) -> Values {
        match lead_type {
            MORTGAGE => self.mortgage(),
            SOLAR => self.solar(),
            _ => self.auto(),
        }
    }

    fn key_style(&mut self) -> KeyStyle {
        match self.rng.weighted(&[55, 15, 5, 15, 10]) {
            0 => KeyStyle::Descriptor,
            1 => KeyStyle::Lower,
            2 => KeyStyle::Upper,
            3 => KeyStyle::Uid,
            _ => KeyStyle::Mixed,
        }
    }

    fn key(&mut self, style: KeyStyle, uid: Uid) -> String {
        let style = match style {
            KeyStyle::Mixed => match self.rng.below(4) {
                0 => KeyStyle::Descriptor,
                1 => KeyStyle::Lower,
                2 => KeyStyle::Upper,
                _ => KeyStyle::Uid,
            },
            s => s,
        };
        let d = catalog::descriptor(uid);
        match style {
            KeyStyle::Lower => d.to_lowercase(),
            KeyStyle::Upper => d.to_uppercase(),
            KeyStyle::Uid => uid.to_string(),
            _ => d.to_string(),
        }
    }

    fn fields(&mut self, values: &Values) -> BTreeMap<String, String> {
        let style = self.key_style();
        values
            .iter()
            .map(|(uid, value)| (self.key(style, *uid), value.clone()))
            .collect()
    }
}

fn years_between(born: NaiveDate, today: NaiveDate) -> i64 {
    let mut age = i64::from(today.year() - born.year());
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

fn with_commas(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Share of leads per lead type, per mille: mortgage, solar, auto.
const TYPE_SHARE: [u32; 3] = [450, 300, 250];

/// A lead of `lead_type` from one of its campaigns; `None` campaigns means none fits.
fn pick_campaign<'a>(
    rng: &mut Rng,
    plans: &'a [CampaignPlan],
    lead_type: Uid,
) -> Option<&'a CampaignPlan> {
    let of_type: Vec<&CampaignPlan> = plans
        .iter()
        .filter(|p| p.campaign.lead_type_uid == lead_type)
        .collect();
    let weights: Vec<u32> = of_type.iter().map(|p| p.weight).collect();
    of_type.get(rng.weighted(&weights)).copied()
}

/// The generated demand side.
pub(crate) struct Demand {
    /// Leads received in the three days before the start (the snapshot's `Leads`).
    pub prior: Vec<Lead>,
    /// The ledger.
    pub sends: Vec<Send>,
    /// The stream to route.
    pub stream: Vec<Lead>,
}

fn lead(
    uid: Uid,
    lead_type: Uid,
    plan: Option<&CampaignPlan>,
    at: DateTime<Utc>,
    fields: BTreeMap<String, String>,
) -> Lead {
    Lead {
        lead_uid: uid,
        lead_type_uid: Some(lead_type),
        vid: plan.map(|p| p.campaign.vendor_uid),
        aid: plan.map(|p| p.campaign.vendor_account_uid),
        date_received: Some(at),
        fields,
    }
}

fn field_uid_of_key(lead_type: Uid, key: &str) -> Option<Uid> {
    let fields: &[Uid] = match lead_type {
        MORTGAGE => &[M_EMAIL, M_PHONE],
        SOLAR => &[S_EMAIL, S_PHONE],
        _ => &[A_EMAIL, A_PHONE],
    };
    fields
        .iter()
        .copied()
        .find(|f| key == f.to_string() || key.eq_ignore_ascii_case(catalog::descriptor(*f)))
}

/// Generates prior leads, the ledger and the stream.
pub(crate) fn generate(
    seed: u64,
    leads: usize,
    start: DateTime<Utc>,
    days: u32,
    buyers: &Buyers,
    plans: &[CampaignPlan],
) -> Demand {
    let mut g = LeadGen {
        rng: Rng::stream(seed, 3),
        start,
        force_ids: &buyers.force_ids,
    };

    // Leads of the three days before the start, sold into the ledger.
    let prior_count = leads / 10;
    let prior_times = arrivals(&mut g.rng, start - Duration::days(3), 3, prior_count);
    let mut prior = Vec::with_capacity(prior_count);
    for (i, at) in prior_times.into_iter().enumerate() {
        let t = catalog::LEAD_TYPES[g.rng.weighted(&TYPE_SHARE)];
        let plan = pick_campaign(&mut g.rng, plans, t);
        let values = g.values(t);
        let fields = g.fields(&values);
        prior.push(lead(PRIOR_UID_BASE + 1 + i as Uid, t, plan, at, fields));
    }
    let sends = ledger(&mut Rng::stream(seed, 4), &prior, buyers, plans, start);

    // The stream.
    let times = arrivals(&mut g.rng, start, days, leads);
    let mut stream: Vec<Lead> = Vec::with_capacity(leads);
    let mut reoffered: HashSet<usize> = HashSet::new();
    for (i, at) in times.into_iter().enumerate() {
        let uid = STREAM_UID_BASE + 1 + i as Uid;
        // About 0.5% re-offer a lead sold before the start (same LeadUID and values).
        if !prior.is_empty() && g.rng.chance(0.005) {
            let k = g.rng.index(prior.len());
            if reoffered.insert(k) {
                let mut l = prior[k].clone();
                l.date_received = Some(at);
                stream.push(l);
                continue;
            }
        }
        let t = catalog::LEAD_TYPES[g.rng.weighted(&TYPE_SHARE)];
        let plan = pick_campaign(&mut g.rng, plans, t);
        let values = g.values(t);
        let mut fields = g.fields(&values);
        // About 1% repeat the e-mail and phone of an earlier lead of the same type:
        // duplicates for intake (when there is an earlier lead: a market without
        // buyers has no prior sold leads).
        let pool_len = prior.len() + stream.len();
        if g.rng.chance(0.01) && pool_len > 0 {
            let j = g.rng.index(pool_len);
            let earlier = if j < prior.len() {
                &prior[j]
            } else {
                &stream[j - prior.len()]
            };
            if earlier.lead_type_uid == Some(t) {
                let copied: Vec<(Uid, String)> = earlier
                    .fields
                    .iter()
                    .filter_map(|(k, v)| field_uid_of_key(t, k).map(|f| (f, v.clone())))
                    .collect();
                for (f, v) in copied {
                    fields.retain(|k, _| field_uid_of_key(t, k) != Some(f));
                    fields.insert(catalog::descriptor(f).to_string(), v);
                }
            }
        }
        let mut l = lead(uid, t, plan, at, fields);
        // A few leads arrive with a broken origin: no source, or an unknown campaign.
        let r = g.rng.unit();
        if r < 0.001 {
            l.vid = None;
        } else if r < 0.002 {
            l.aid = Some(9999);
        }
        stream.push(l);
    }
    Demand {
        prior,
        sends,
        stream,
    }
}

/// Whether an account can be sold to, as far as the ledger's realism needs: open,
/// enabled, automated, of an active client.
fn sellable(a: &DeliveryAccount, buyers: &Buyers) -> bool {
    let client_active = buyers
        .clients
        .get((a.client_uid - crate::buyers::CLIENT_UID_BASE) as usize)
        .is_some_and(|c| c.status == ClientStatus::Active);
    client_active
        && a.status == Some(leadroute_model::AccountStatus::Open)
        && a.automation_enabled
        && a.delivery_details
            .as_ref()
            .is_some_and(|d| d.status == Some(true))
}

/// The ledger: each prior lead sold to one to three accounts of its type (alone when
/// the first buyer is exclusive), about 3% of sends later invalidated (returned), and
/// a few accounts whose day or hour cap is already full at the start.
fn ledger(
    rng: &mut Rng,
    prior: &[Lead],
    buyers: &Buyers,
    plans: &[CampaignPlan],
    start: DateTime<Utc>,
) -> Vec<Send> {
    let mut by_type: BTreeMap<Uid, Vec<usize>> = BTreeMap::new();
    for (i, a) in buyers.accounts.iter().enumerate() {
        if sellable(a, buyers) {
            if let Some(d) = &a.delivery_details {
                by_type.entry(d.lead_type_uid).or_default().push(i);
            }
        }
    }
    let send =
        |lead_uid: Uid, a: &DeliveryAccount, at: DateTime<Utc>, valid: bool, exclusive: bool| {
            let (order, item) = buyers
                .booking
                .get(&a.client_account_uid)
                .copied()
                .unwrap_or((0, 0));
            Send {
                lead_uid,
                client_uid: a.client_uid,
                client_account_uid: a.client_account_uid,
                client_order_uid: order,
                client_order_item_uid: item,
                date_sent: at,
                is_valid: valid,
                price: a.price,
                exclusive,
            }
        };
    let mut sends = Vec::new();
    for l in prior {
        let (Some(t), Some(at)) = (l.lead_type_uid, l.date_received) else {
            continue;
        };
        let Some(pool) = by_type.get(&t) else {
            continue;
        };
        let max_sell = plans
            .iter()
            .find(|p| Some(p.campaign.vendor_account_uid) == l.aid)
            .and_then(|p| p.campaign.max_sell)
            .filter(|m| *m > 0)
            .unwrap_or(1);
        // About a quarter of leads found no buyer.
        if rng.chance(0.25) {
            continue;
        }
        let k = rng.range(1, max_sell.min(3));
        let mut clients: Vec<Uid> = Vec::new();
        for n in 0..k {
            let Some(&i) = rng.pick(pool) else { break };
            let a = &buyers.accounts[i];
            if clients.contains(&a.client_uid) || (a.exclusive && n > 0) {
                continue;
            }
            clients.push(a.client_uid);
            let sent_at = at + Duration::seconds(rng.range(1, 30));
            sends.push(send(l.lead_uid, a, sent_at, !rng.chance(0.03), a.exclusive));
            if a.exclusive {
                break;
            }
        }
    }
    // Accounts whose caps are already full at the start: the day cap filled over the
    // six hours before it, or the hour cap within its last hour.
    let mut ledger_only = LEDGER_ONLY_UID_BASE;
    for a in &buyers.accounts {
        if !sellable(a, buyers) || !rng.chance(0.03) {
            continue;
        }
        let (n, window) = match (a.hour_max, a.day_max) {
            (Some(h), _) if h > 0 && rng.chance(0.5) => (h, 3000),
            (_, Some(d)) if d > 0 => (d, 6 * 3600),
            _ => continue,
        };
        for _ in 0..n {
            ledger_only += 1;
            let at = start - Duration::seconds(rng.range(1, window));
            sends.push(send(ledger_only, a, at, true, false));
        }
    }
    sends.sort_by_key(|s| (s.date_sent, s.lead_uid, s.client_account_uid));
    sends
}
