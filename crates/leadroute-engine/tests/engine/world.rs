//! Random small markets for the properties: a snapshot (as the JSON a host would hand
//! over) and a stream of leads.
//!
//! Everything is small on purpose (at most 6 clients, 10 accounts, 24 leads) so that
//! the rules collide often: caps of 1 to 3 sends, lead UIDs drawn from a dozen values
//! (the same lead arrives twice), prices from a few values (ties), orders with one or
//! two units left, exclusive buyers, max sells of 1 to 3, several zones and weeks that
//! contain a DST change (US spring and fall, Europe, Australia), schedules with
//! overnight and denying windows, force ids, a distribution list, a second lead type
//! and now and then a misconfigured account.

use chrono::{DateTime, Duration, TimeZone, Utc};
use leadroute_model::{load_snapshot, parse_record, Lead, Snapshot};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Client zones: (TimeZoneName, TimeOffset). Every IANA zone here has its DST change
/// away from midnight, so local midnights are unambiguous (the cap oracle relies on it).
pub const ZONES: [(&str, Option<f64>); 8] = [
    ("America/New_York", None),
    ("America/Los_Angeles", None),
    ("America/Chicago", None),
    ("Europe/London", None),
    ("Australia/Sydney", None),
    ("America/Phoenix", None),
    ("Pacific Standard Time", None),
    ("", Some(-5.0)),
];

/// First instants of the generated spans: each span of three days contains a DST change
/// of some zone above (or none, for the last).
pub fn span_start(i: usize) -> DateTime<Utc> {
    let (y, m, d) = [
        (2026, 3, 7),   // US spring forward, Sunday 2026-03-08
        (2026, 10, 31), // US fall back, Sunday 2026-11-01
        (2026, 3, 28),  // Europe spring forward, Sunday 2026-03-29
        (2026, 4, 4),   // Australia fall back, Sunday 2026-04-05
        (2026, 5, 30),  // month end, no DST change
    ][i % 5];
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

const POLICIES: [&str; 6] = [
    "Price",
    "Priority",
    "RoundRobin",
    "Weighted",
    "Percentage",
    "Nearest",
];
const AUTOMATION: [&str; 3] = ["Price", "Priority", "RoundRobin"];
const STATES: [&str; 4] = ["CA", "TX", "NY", "FL"];
const ZIPS: [&str; 4] = ["90210", "75001", "10001", "33101"];

/// One client of a generated market.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    active: bool,
    zone: usize,
    automation: usize,
    priority: i32,
    weight: u32,
    target: u32,
    last_sent_mins: Option<i64>,
    force: bool,
    zip: usize,
    day_max: Option<i64>,
}

/// One delivery-day rule.
#[derive(Debug, Clone)]
pub struct DaySpec {
    weekday: u8,
    start_min: u32,
    end_min: u32,
    allow: bool,
}

/// One delivery account.
#[derive(Debug, Clone)]
pub struct AccountSpec {
    client: usize,
    other_type: bool,
    price: u32,
    open: bool,
    automation: bool,
    exclusive: bool,
    priority: i32,
    caps: [i64; 4],
    use_order: bool,
    delay_secs: i64,
    states: Option<Vec<usize>>,
    age: Option<(i64, i64)>,
    days: Vec<DaySpec>,
    pacing: bool,
    force: bool,
    misconfigured: bool,
    method_enabled: bool,
}

/// One order item.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    /// Index into the accounts, or `None` for "any account of the client".
    account: Option<usize>,
    qty: Option<i64>,
    constrain: Option<bool>,
    price: u32,
    sent_qty: Option<i64>,
}

/// One order.
#[derive(Debug, Clone)]
pub struct OrderSpec {
    client: usize,
    open: bool,
    start_mins: Option<i64>,
    end_mins: Option<i64>,
    items: Vec<ItemSpec>,
}

/// One ledger send of the snapshot.
#[derive(Debug, Clone)]
pub struct SendSpec {
    lead: i64,
    account: usize,
    mins: i64,
    valid: bool,
    exclusive: bool,
    item: bool,
}

/// One lead of the stream.
#[derive(Debug, Clone)]
pub struct LeadSpec {
    uid: i64,
    secs: i64,
    state: Option<usize>,
    age: Option<i64>,
    zip: usize,
    aid: i64,
    force: bool,
    unknown_type: bool,
    other_type: bool,
}

/// A generated market, as specs (shrinkable) from which the JSON is built.
#[derive(Debug, Clone)]
pub struct WorldSpec {
    span: usize,
    week_monday: bool,
    policy: usize,
    list: Option<(Vec<Option<usize>>, Option<usize>)>,
    clients: Vec<ClientSpec>,
    accounts: Vec<AccountSpec>,
    orders: Vec<OrderSpec>,
    sends: Vec<SendSpec>,
    leads: Vec<LeadSpec>,
}

/// A market ready to route: the snapshot text and the leads.
#[derive(Debug, Clone)]
pub struct World {
    /// The snapshot document.
    pub snapshot: Value,
    /// The leads, in stream (file) order.
    pub leads: Vec<Lead>,
    /// The first instant of the span the leads arrive in.
    pub start: DateTime<Utc>,
}

impl World {
    /// Loads the snapshot (the generator only writes loadable records).
    pub fn load(&self) -> Snapshot {
        let s = load_snapshot(&self.snapshot.to_string());
        assert!(
            !s.problems.iter().any(|p| p.is_error() && p.path.is_empty()),
            "{:?}",
            s.problems
        );
        s
    }
}

fn cap() -> impl Strategy<Value = i64> {
    prop_oneof![6 => Just(0i64), 1 => Just(-1i64), 3 => 1i64..=3]
}

fn client() -> impl Strategy<Value = ClientSpec> {
    (
        prop::bool::weighted(0.9),
        0..ZONES.len(),
        0..AUTOMATION.len(),
        0i32..3,
        1u32..4,
        (0u32..5, prop::option::weighted(0.3, -3000i64..0)),
        prop::bool::weighted(0.2),
        0..ZIPS.len(),
        prop::option::weighted(0.15, 1i64..=4),
    )
        .prop_map(
            |(active, zone, automation, priority, weight, (target, last), force, zip, day_max)| {
                ClientSpec {
                    active,
                    zone,
                    automation,
                    priority,
                    weight,
                    target: target * 10,
                    last_sent_mins: last,
                    force,
                    zip,
                    day_max,
                }
            },
        )
}

fn day() -> impl Strategy<Value = DaySpec> {
    (0u8..7, 0u32..48, 0u32..48, prop::bool::weighted(0.8)).prop_map(|(weekday, s, e, allow)| {
        DaySpec {
            weekday,
            start_min: s * 30,
            end_min: e * 30,
            allow,
        }
    })
}

fn account(clients: usize) -> impl Strategy<Value = AccountSpec> {
    (
        (
            0..clients,
            prop::bool::weighted(0.1),
            1u32..6,
            prop::bool::weighted(0.92),
            prop::bool::weighted(0.9),
            prop::bool::weighted(0.2),
            0i32..3,
        ),
        (
            [cap(), cap(), cap(), cap()],
            prop::bool::weighted(0.2),
            prop_oneof![4 => Just(0i64), 1 => Just(900i64), 1 => Just(7200i64)],
            prop::option::weighted(0.5, prop::collection::vec(0..STATES.len(), 1..4)),
            prop::option::weighted(0.3, (18i64..50, 30i64..80)),
            prop_oneof![2 => Just(Vec::new()), 3 => prop::collection::vec(day(), 1..6)],
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.15),
            prop::bool::weighted(0.04),
            prop::bool::weighted(0.95),
        ),
    )
        .prop_map(
            |(
                (client, other_type, price, open, automation, exclusive, priority),
                (
                    caps,
                    use_order,
                    delay_secs,
                    states,
                    age,
                    days,
                    pacing,
                    force,
                    misconfigured,
                    method_enabled,
                ),
            )| AccountSpec {
                client,
                other_type,
                price: price * 5,
                open,
                automation,
                exclusive,
                priority,
                caps,
                use_order,
                delay_secs,
                states,
                age: age.map(|(lo, span)| (lo, lo + span)),
                days,
                pacing,
                force,
                misconfigured,
                method_enabled,
            },
        )
}

fn order(clients: usize, accounts: usize) -> impl Strategy<Value = OrderSpec> {
    let item = (
        prop::option::weighted(0.6, 0..accounts),
        prop::option::weighted(0.7, 0i64..4),
        prop::option::of(any::<bool>()),
        1u32..8,
        prop::option::weighted(0.3, 0i64..3),
    )
        .prop_map(|(account, qty, constrain, price, sent_qty)| ItemSpec {
            account,
            qty,
            constrain,
            price: price * 5,
            sent_qty,
        });
    (
        0..clients,
        prop::bool::weighted(0.85),
        prop::option::weighted(0.7, -5000i64..3000),
        prop::option::weighted(0.5, 0i64..6000),
        prop::collection::vec(item, 1..3),
    )
        .prop_map(|(client, open, start, end, items)| OrderSpec {
            client,
            open,
            start_mins: start,
            end_mins: end,
            items,
        })
}

fn send(accounts: usize) -> impl Strategy<Value = SendSpec> {
    (
        1i64..16,
        0..accounts,
        prop_oneof![
            3 => -90i64..0,
            3 => -3000i64..0,
            2 => -45_000i64..0,
            1 => 0i64..300
        ],
        prop::bool::weighted(0.9),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(lead, account, mins, valid, exclusive, item)| SendSpec {
            lead,
            account,
            mins,
            valid,
            exclusive,
            item,
        })
}

fn lead() -> impl Strategy<Value = LeadSpec> {
    (
        1i64..13,
        prop_oneof![3 => 0i64..(3 * 86_400), 1 => (0i64..12).prop_map(|h| h * 21_600)],
        prop::option::weighted(0.9, 0..STATES.len()),
        prop::option::weighted(0.85, 16i64..90),
        0..ZIPS.len(),
        prop_oneof![1 => Just(50i64), 3 => Just(51), 3 => Just(52), 1 => Just(53), 1 => Just(54), 1 => Just(55)],
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.02),
        prop::bool::weighted(0.08),
    )
        .prop_map(
            |(uid, secs, state, age, zip, aid, force, unknown_type, other_type)| LeadSpec {
                uid,
                secs,
                state,
                age,
                zip,
                aid,
                force,
                unknown_type,
                other_type,
            },
        )
}

/// Markets of up to `max_leads` leads.
pub fn world(max_leads: usize) -> impl Strategy<Value = World> {
    (1usize..=6, 1usize..=10)
        .prop_flat_map(move |(nc, na)| {
            (
                (0usize..5, any::<bool>(), 0..POLICIES.len()),
                prop::option::weighted(
                    0.2,
                    (
                        prop::collection::vec(prop::option::of(0..nc), STATES.len()),
                        prop::option::of(0..nc),
                    ),
                ),
                prop::collection::vec(client(), nc),
                prop::collection::vec(account(nc), na),
                prop::collection::vec(order(nc, na), 0..4),
                prop::collection::vec(send(na), 0..14),
                prop::collection::vec(lead(), 1..=max_leads),
            )
        })
        .prop_map(
            |((span, week_monday, policy), list, clients, accounts, orders, sends, leads)| {
                WorldSpec {
                    span,
                    week_monday,
                    policy,
                    list,
                    clients,
                    accounts,
                    orders,
                    sends,
                    leads,
                }
                .build()
            },
        )
}

fn hhmm(mins: u32) -> String {
    format!("{:02}:{:02}:00", mins / 60, mins % 60)
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn client_uid(i: usize) -> i64 {
    i as i64 + 1
}

fn account_uid(i: usize) -> i64 {
    100 + i as i64
}

impl WorldSpec {
    fn build(self) -> World {
        let start = span_start(self.span);
        let mins = |m: i64| instant(start + Duration::minutes(m));
        let clients: Vec<Value> = self
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (name, offset) = ZONES[c.zone];
                let mut v = json!({
                    "ClientUID": client_uid(i),
                    "Status": if c.active { "Active" } else { "Inactive" },
                    "TimeZoneName": name,
                    "AutomationType": AUTOMATION[c.automation],
                    "Priority": c.priority,
                    "Weight": c.weight,
                    "TargetPercentage": c.target,
                    "Name": format!("Client {}", client_uid(i)),
                    "Zip": ZIPS[c.zip],
                });
                if let Some(o) = offset {
                    v["TimeOffset"] = json!(o);
                }
                if let Some(m) = c.last_sent_mins {
                    v["LastSentDate"] = json!(mins(m));
                }
                if c.force {
                    v["ForceID"] = json!(format!("C{}", client_uid(i)));
                }
                if let Some(d) = c.day_max {
                    v["DayMax"] = json!(d);
                }
                v
            })
            .collect();
        let accounts: Vec<Value> = self
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut criteria = Vec::new();
                if let Some(states) = &a.states {
                    let list: Vec<&str> = states.iter().map(|&s| STATES[s]).collect();
                    criteria.push(json!({"ClientCriteriaUID": i * 10 + 1, "LeadFieldUID": 101,
                        "Type": "FieldValue", "Operator": "In", "Value": list.join("|")}));
                }
                if let Some((lo, hi)) = a.age {
                    criteria.push(json!({"ClientCriteriaUID": i * 10 + 2, "LeadFieldUID": 102,
                        "Type": "FieldValue", "Operator": "Between", "Value": format!("{lo}|{hi}")}));
                }
                if a.misconfigured {
                    criteria.push(json!({"ClientCriteriaUID": i * 10 + 3, "LeadFieldUID": 102,
                        "Type": "FieldValue", "Operator": "Between", "Value": "90|10"}));
                }
                let days: Vec<Value> = a
                    .days
                    .iter()
                    .map(|d| {
                        json!({"WeekDay": d.weekday, "StartTime": hhmm(d.start_min),
                            "EndTime": hhmm(d.end_min), "Allow": d.allow})
                    })
                    .collect();
                let cap = |c: i64| if c == 0 { Value::Null } else { json!(c) };
                let mut v = json!({
                    "ClientAccountUID": account_uid(i),
                    "ClientUID": client_uid(a.client),
                    "Price": a.price,
                    "Status": if a.open { 12 } else { 11 },
                    "AutomationEnabled": a.automation,
                    "AccountType": 0,
                    "Exclusive": a.exclusive,
                    "Priority": a.priority,
                    "HourMax": cap(a.caps[0]),
                    "DayMax": cap(a.caps[1]),
                    "WeekMax": cap(a.caps[2]),
                    "MonthMax": cap(a.caps[3]),
                    "useOrder": a.use_order,
                    "DeliveryDelay": a.delay_secs,
                    "Criteria": criteria,
                    "DeliveryDetails": {"Status": a.method_enabled, "inTesting": false,
                        "LeadTypeUID": if a.other_type { 2 } else { 1 }, "DeliveryDays": days},
                });
                if a.pacing {
                    v["Pacing"] = json!("Even");
                }
                if a.force {
                    v["ForceID"] = json!(format!("A{}", account_uid(i)));
                }
                v
            })
            .collect();
        let mut item_uid = 900;
        let mut items_of_account: Vec<Vec<(i64, i64)>> = vec![Vec::new(); self.accounts.len()];
        let orders: Vec<Value> = self
            .orders
            .iter()
            .enumerate()
            .map(|(o, spec)| {
                let order_uid = 800 + o as i64;
                let items: Vec<Value> = spec
                    .items
                    .iter()
                    .map(|it| {
                        item_uid += 1;
                        let mut v = json!({
                            "ClientOrderItemUID": item_uid,
                            "ClientAccountUID": it.account.map_or(0, account_uid),
                            "Qty": it.qty,
                            "Price": it.price,
                        });
                        if let Some(c) = it.constrain {
                            v["ConstrainQuantity"] = json!(c);
                        }
                        if let Some(q) = it.sent_qty {
                            v["SentQty"] = json!(q);
                        }
                        for (ai, a) in self.accounts.iter().enumerate() {
                            if a.client == spec.client && it.account.is_none_or(|x| x == ai) {
                                items_of_account[ai].push((order_uid, item_uid));
                            }
                        }
                        v
                    })
                    .collect();
                let mut v = json!({
                    "ClientOrderUID": order_uid,
                    "ClientUID": client_uid(spec.client),
                    "Status": if spec.open { "Open" } else { "Paused" },
                    "Items": items,
                });
                if let Some(m) = spec.start_mins {
                    v["StartDate"] = json!(mins(m));
                }
                if let Some(m) = spec.end_mins {
                    v["EndDate"] = json!(mins(m));
                }
                v
            })
            .collect();
        let sends: Vec<Value> = self
            .sends
            .iter()
            .map(|s| {
                let a = &self.accounts[s.account];
                let (order, item) = if s.item {
                    items_of_account[s.account]
                        .first()
                        .copied()
                        .unwrap_or((0, 0))
                } else {
                    (0, 0)
                };
                json!({
                    "LeadUID": s.lead,
                    "ClientUID": client_uid(a.client),
                    "ClientAccountUID": account_uid(s.account),
                    "ClientOrderUID": order,
                    "ClientOrderItemUID": item,
                    "DateSent": mins(s.mins),
                    "IsValid": s.valid,
                    "Price": a.price,
                    "Exclusive": s.exclusive,
                })
            })
            .collect();
        let mut lists = Vec::new();
        if let Some((assign, default)) = &self.list {
            let items: Vec<Value> = assign
                .iter()
                .enumerate()
                .map(|(s, c)| {
                    json!({"Value": STATES[s], "AssignedClients":
                        c.map_or(String::new(), |c| format!("{}|{}", client_uid(c), client_uid((c + 1) % self.clients.len())))})
                })
                .collect();
            lists.push(json!({"CustomListUID": 1, "LeadTypeUID": 1, "LeadFieldUID": 101,
                "Status": 1, "DependField": 0, "DefaultClient": default.map(client_uid), "Items": items}));
        }
        let snapshot = json!({
            "Settings": {"DefaultTimeZone": "America/Los_Angeles",
                "WeekStart": if self.week_monday { "Monday" } else { "Sunday" }},
            "LeadTypes": [
                {"LeadTypeUID": 1, "Descriptor": "Auto", "DistributionPolicy": POLICIES[self.policy], "Fields": [
                    {"LeadFieldUID": 101, "LeadTypeUID": 1, "Descriptor": "State", "FieldDataType": "Varchar"},
                    {"LeadFieldUID": 102, "LeadTypeUID": 1, "Descriptor": "Age", "FieldDataType": "Int"},
                    {"LeadFieldUID": 103, "LeadTypeUID": 1, "Descriptor": "Zip", "FieldDataType": "Varchar", "SpecialBit": "Zip"},
                    {"LeadFieldUID": 104, "LeadTypeUID": 1, "Descriptor": "ForceCode", "FieldDataType": "Varchar", "SpecialBit": "ForceID"}
                ]},
                {"LeadTypeUID": 2, "Descriptor": "Home", "Fields": [
                    {"LeadFieldUID": 201, "LeadTypeUID": 2, "Descriptor": "State", "FieldDataType": "Varchar"}
                ]}
            ],
            "Clients": clients,
            "DeliveryAccounts": accounts,
            "Orders": orders,
            "DistributionLists": lists,
            "LeadSources": [{"LPVendorUID": 5, "Name": "Source five", "Status": "Active"}],
            "Campaigns": [
                {"VendorUID": 5, "VendorAccountUID": 50, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 1},
                {"VendorUID": 5, "VendorAccountUID": 51, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 2},
                {"VendorUID": 5, "VendorAccountUID": 52, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 3},
                {"VendorUID": 5, "VendorAccountUID": 53, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 0},
                {"VendorUID": 6, "VendorAccountUID": 54, "LeadTypeUID": 1, "Status": "Active", "MaxSell": 3}
            ],
            "Sends": sends,
        });
        let forced: Vec<String> = self
            .clients
            .iter()
            .enumerate()
            .filter(|(_, c)| c.force)
            .map(|(i, _)| format!("c{}", client_uid(i)))
            .chain(
                self.accounts
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.force)
                    .map(|(i, _)| format!(" A{} ", account_uid(i))),
            )
            .collect();
        let leads: Vec<Lead> = self
            .leads
            .iter()
            .map(|l| {
                let mut fields = serde_json::Map::new();
                if let Some(s) = l.state {
                    fields.insert("State".into(), json!(STATES[s]));
                }
                if let Some(a) = l.age {
                    fields.insert("Age".into(), json!(a.to_string()));
                }
                fields.insert("Zip".into(), json!(ZIPS[l.zip]));
                if l.force && !forced.is_empty() {
                    fields.insert("ForceCode".into(), json!(forced.join("|")));
                }
                let lead_type = if l.unknown_type {
                    9
                } else if l.other_type {
                    2
                } else {
                    1
                };
                let v = json!({
                    "LeadUID": l.uid,
                    "LeadTypeUID": lead_type,
                    "VID": 5,
                    "AID": l.aid,
                    "DateReceived": instant(start + Duration::seconds(l.secs)),
                    "Fields": fields,
                });
                parse_record(&v.to_string()).expect("generated leads parse")
            })
            .collect();
        World {
            snapshot,
            leads,
            start,
        }
    }
}
