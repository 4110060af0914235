//! Building an engine from a loaded snapshot: everything compiled once.
//!
//! Zones are resolved, criteria compiled, schedules built, distribution lists indexed,
//! accounts grouped by lead type and the ledger indexed. An account whose criteria or
//! schedule do not compile joins the snapshot's misconfigured accounts: it is excluded
//! from routing with reason `misconfigured`, and the rest of the snapshot routes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use leadroute_caps::{AccountLimits, CapLimits, Caps, MemLedger, OrderBook, UidMap};
use leadroute_criteria::{AccountCriteria, CriteriaIndex, LeadSchema, ZipLocator};
use leadroute_model::{
    AccountStatus, AccountType, ClientStatus, LeadType, Misconfigured, Problem, Snapshot,
    SpecialBit, Uid,
};
use leadroute_sort::{AutomationType, Competitor, Miles, Policy, PolicyState, TargetShare, Weight};
use leadroute_time::{resolve_zone, Zone};
use rust_decimal::Decimal;

use crate::distlist::CompiledList;
use crate::reason::{Reason, ReasonCounts};

/// The accounts of a lead type that pass checks 2-6 of SPEC.md 4 (client active,
/// account open, delivery method enabled, account type, automation) for one scan type
/// and automated flag: these depend on neither the lead nor the ledger, so they are
/// decided once at build.
#[derive(Debug, Clone, Default)]
pub(crate) struct StaticPass {
    /// Bit `pos` is set when the account at position `pos` of the lead type passes.
    pub bits: Vec<u64>,
    /// The first failing reasons of the others.
    pub counts: ReasonCounts,
}

/// Checks 2-6 of SPEC.md 4 for an account: its first failing reason.
pub(crate) fn static_reason(
    client: &ClientRt,
    a: &AccountRt,
    scan_type: AccountType,
    automated: bool,
) -> Option<Reason> {
    if !client.active {
        Some(Reason::ClientNotActive)
    } else if !a.open {
        Some(Reason::AccountNotOpen)
    } else if !a.method_enabled {
        Some(Reason::DeliveryMethodDisabled)
    } else if a.account_type != scan_type {
        Some(Reason::AccountTypeMismatch)
    } else if automated && !a.automation {
        Some(Reason::AutomationDisabled)
    } else {
        None
    }
}

/// The scan types in [`LeadTypeRt::static_pass`] order.
const SCAN_TYPES: [AccountType; 4] = [
    AccountType::General,
    AccountType::Redirect,
    AccountType::LiveCall,
    AccountType::Ivr,
];

/// The position of a (scan type, automated) pair in [`LeadTypeRt::static_pass`].
pub(crate) fn static_key(scan_type: AccountType, automated: bool) -> usize {
    let t = SCAN_TYPES.iter().position(|t| *t == scan_type).unwrap_or(0);
    t * 2 + usize::from(automated)
}

/// A client as routing needs it. `repr(C)` keeps the fields that the state checks and
/// ranking read for every candidate in the first cache line.
#[derive(Debug, Clone)]
#[repr(C)]
pub(crate) struct ClientRt {
    pub uid: Uid,
    pub weight: Weight,
    pub target: TargetShare,
    pub last_sent_date: Option<DateTime<Utc>>,
    pub priority: i32,
    pub automation: AutomationType,
    pub active: bool,
    pub caps_unlimited: bool,
    /// Whether any order has items for this client (else the order check of SPEC.md 7
    /// needs no look-up).
    pub has_orders: bool,
    pub zone: Zone,
    pub force_id: Option<String>,
    pub name: String,
    pub location: Option<(f64, f64)>,
    pub group: Option<i64>,
    pub caps: Caps,
}

/// A delivery account as routing needs it. `repr(C)` keeps the fields read for every
/// candidate (state checks, ranking) together at the front; the compiled schedule and
/// caps, read once per distinct schedule or when a cap may be full, are boxed.
#[derive(Debug, Clone)]
#[repr(C)]
pub(crate) struct AccountRt {
    /// Position in `Compiled::accounts`.
    pub index: usize,
    pub client: usize,
    pub uid: Uid,
    pub client_uid: Uid,
    pub price: Decimal,
    pub priority: i32,
    pub exclusive: bool,
    pub use_order: bool,
    /// `limits.is_paced()`, beside the other hot fields.
    pub paced: bool,
    /// `limits.caps().is_unlimited()`, likewise.
    pub caps_unlimited: bool,
    pub automation: bool,
    pub delay_secs: i64,
    /// Position in its lead type's `accounts` (and criteria index).
    pub pos: usize,
    pub lead_type: Uid,
    /// Position in the snapshot's `DeliveryAccounts` (log order).
    pub order: usize,
    pub status: Option<AccountStatus>,
    pub open: bool,
    pub method_enabled: bool,
    pub in_testing: bool,
    pub account_type: AccountType,
    pub force_id: Option<String>,
    pub limits: Box<AccountLimits>,
    /// The origin of the account's first `Distance_Compare` criterion (Nearest).
    pub origin: Option<(f64, f64)>,
}

/// What routing reads of an account (and its client) for every account that passes the
/// state-independent checks: the state checks' flags and price, the ranking values and
/// the account's kept verdict of checks 12-13, in one dense array indexed like
/// `Compiled::accounts` (64 bytes each), so that a lead's few hundred candidates are read
/// from one compact array rather than from their account and client records. Aligned to
/// a cache line, so that each record is one line: a lead's candidates are a few hundred
/// scattered records, and the state checks and selection then read the same line, once
/// from memory.
///
/// The verdict words are a cache of the engine's state kept beside the compiled
/// values: written only by a decision that holds the engine exclusively
/// ([`crate::Engine::route`] and the other `&mut self` paths), read by any, and reset by
/// a sale to the account or its client ([`crate::state::State::forget_caps_clear`]).
#[derive(Debug)]
#[repr(C, align(64))]
pub(crate) struct Hot {
    pub uid: Uid,
    pub client_uid: Uid,
    pub price: Decimal,
    /// Routing's answer of checks 12-13 for a lead without sends and the span of
    /// decision seconds it holds over, packed by [`crate::state::pack_verdict`]; 0 when
    /// unknown.
    pub verdict: AtomicU64,
    /// The sale price of the order item a kept verdict attaches the account to, packed by
    /// [`crate::state::pack_price`] (meaningful only beside such a verdict).
    pub verdict_price: AtomicU64,
    /// Index into `Compiled::clients`.
    pub client: u32,
    pub priority: i32,
    pub client_priority: i32,
    pub automation: AutomationType,
    /// The `HOT_*` bits.
    pub flags: u8,
}

const _: () = assert!(
    std::mem::size_of::<Hot>() == 64,
    "a Hot record is one cache line"
);

/// [`Hot::flags`]: the account is paced.
pub(crate) const HOT_PACED: u8 = 1;
/// Neither the account nor its client has a cap.
pub(crate) const HOT_NO_CAPS: u8 = 2;
/// The client has order items.
pub(crate) const HOT_HAS_ORDERS: u8 = 4;
/// `useOrder`.
pub(crate) const HOT_USE_ORDER: u8 = 8;
/// `Exclusive`.
pub(crate) const HOT_EXCLUSIVE: u8 = 16;
/// The account has a `ForceID` of its own.
pub(crate) const HOT_FORCE_ID: u8 = 32;

impl Hot {
    fn of(a: &AccountRt, client: &ClientRt) -> Hot {
        let bit = |b: bool, f: u8| if b { f } else { 0 };
        Hot {
            uid: a.uid,
            client_uid: a.client_uid,
            price: a.price,
            verdict: AtomicU64::new(0),
            verdict_price: AtomicU64::new(0),
            // ok: client counts fit in u32
            client: a.client as u32,
            priority: a.priority,
            client_priority: client.priority,
            automation: client.automation,
            flags: bit(a.paced, HOT_PACED)
                | bit(a.caps_unlimited && client.caps_unlimited, HOT_NO_CAPS)
                | bit(client.has_orders, HOT_HAS_ORDERS)
                | bit(a.use_order, HOT_USE_ORDER)
                | bit(a.exclusive, HOT_EXCLUSIVE)
                | bit(a.force_id.is_some(), HOT_FORCE_ID),
        }
    }

    /// Whether flag `f` is set.
    #[inline]
    pub(crate) fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
}

/// A lead type as routing needs it.
#[derive(Debug, Clone)]
pub(crate) struct LeadTypeRt {
    pub record: LeadType,
    pub schema: LeadSchema,
    pub policy: Policy,
    /// Indices of the routable accounts of this lead type, in snapshot order.
    pub accounts: Vec<usize>,
    /// The criteria of those accounts, in the same order, indexed so that one lead is
    /// evaluated against all of them at once (SPEC.md 4, check 10).
    pub index: CriteriaIndex,
    /// Checks 2-6 decided for every (scan type, automated) pair; see [`static_key`].
    pub static_pass: Vec<StaticPass>,
    pub force_field: Option<usize>,
    pub location_field: Option<usize>,
    pub lists: Vec<CompiledList>,
    /// Each account (by position): its index into `Compiled::accounts` (as in
    /// `accounts`) and its delivery schedule as a number into `schedules`. Accounts with
    /// equal schedules (same rules, zone and delay, the usual case of buyers set up from
    /// a few templates) share one, so a lead's delivery-hours check is decided once per
    /// distinct schedule, not once per account. Both numbers side by side: the accounts
    /// passing a lead's criteria are a scattered few, and each is then one cache line
    /// rather than two.
    pub schedule_of: Vec<(u32, u32)>,
    /// One account (index into `Compiled::accounts`) carrying each distinct schedule.
    pub schedules: Vec<usize>,
    /// The positions of each distinct schedule's accounts, ascending:
    /// `schedule_positions[schedule_starts[s]..schedule_starts[s + 1]]` for schedule `s`
    /// (what a delivery-hours bitset flips when the schedule's answer changes).
    pub schedule_starts: Vec<u32>,
    pub schedule_positions: Vec<u32>,
}

/// Everything compiled from a snapshot, shared read-only by every decision (but for the
/// kept verdict words of [`Hot`], a cache of the state).
pub(crate) struct Compiled {
    pub clients: Vec<ClientRt>,
    pub client_index: UidMap<Uid, usize>,
    /// The routable accounts of each client (indices into `accounts`), by client index.
    pub client_accounts: Vec<Vec<usize>>,
    pub accounts: Vec<AccountRt>,
    /// [`Hot`] of each account, same indices as `accounts`.
    pub hot: Vec<Hot>,
    /// Each client's UID, weight and target share (by client index), what the weighted
    /// and percentage policies rank by and record: one dense array, read once per
    /// client in the pool.
    pub client_shares: Vec<Competitor>,
    pub lead_types: Vec<LeadTypeRt>,
    pub lead_type_index: UidMap<Uid, usize>,
    /// Accounts excluded as misconfigured, with their snapshot position.
    pub misconfigured: Vec<(usize, Misconfigured)>,
    pub zips: Arc<dyn ZipLocator>,
    pub campaigns: UidMap<Uid, usize>,
    pub snapshot: Snapshot,
    pub problems: Vec<Problem>,
}

fn norm_force(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
}

fn sort_automation(a: Option<leadroute_model::AutomationType>) -> AutomationType {
    match a {
        None | Some(leadroute_model::AutomationType::Price) => AutomationType::Price,
        Some(leadroute_model::AutomationType::Priority) => AutomationType::Priority,
        Some(leadroute_model::AutomationType::RoundRobin) => AutomationType::RoundRobin,
    }
}

fn sort_policy(p: Option<leadroute_model::DistributionPolicy>) -> Policy {
    use leadroute_model::DistributionPolicy as D;
    match p {
        None | Some(D::Price) => Policy::Price,
        Some(D::Priority) => Policy::Priority,
        Some(D::RoundRobin) => Policy::RoundRobin,
        Some(D::Weighted) => Policy::Weighted,
        Some(D::Nearest) => Policy::Nearest,
        Some(D::Percentage) => Policy::Percentage,
    }
}

/// Parses `lat,lon` or a ZIP through the locator.
pub(crate) fn locate(text: &str, zips: &dyn ZipLocator) -> Option<(f64, f64)> {
    let t = text.trim();
    if let Some((a, b)) = t.split_once(',') {
        if let (Ok(lat), Ok(lon)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
                return Some((lat, lon));
            }
        }
    }
    let zip5: String = t.chars().take(5).collect();
    if zip5.len() == 5 && zip5.bytes().all(|b| b.is_ascii_digit()) {
        return zips.locate(&zip5).and_then(|z| z.lat_lon);
    }
    None
}

impl Compiled {
    pub(crate) fn new(
        mut snapshot: Snapshot,
        zips: Arc<dyn ZipLocator>,
    ) -> (Compiled, MemLedger, OrderBook, UidMap<Uid, PolicyState>) {
        // The ledger first: it holds the sends (about 32 bytes each, against 72 for a
        // `Send` record), so the records are freed before anything else is compiled and
        // the two never coexist with the compiled accounts (the peak of a large build).
        let ledger = MemLedger::from_sends(&snapshot.sends);
        snapshot.sends = Vec::new();
        // Unknown zone names are reported by the loader; resolution falls back silently here.
        let mut problems = Vec::new();
        let (default_zone, _) = resolve_zone(
            Some(&snapshot.settings.default_time_zone),
            None,
            &Zone::from_name("America/Los_Angeles").unwrap_or(Zone::UTC),
        );
        let week_start = snapshot.settings.week_start.to_chrono();

        let mut clients = Vec::with_capacity(snapshot.clients.len());
        let mut client_index = UidMap::default();
        client_index.reserve(snapshot.clients.len());
        for (i, c) in snapshot.clients.iter().enumerate() {
            let (zone, _) = resolve_zone(c.time_zone_name.as_deref(), c.time_offset, &default_zone);
            let _ = i;
            let limits = CapLimits::of_client(c);
            client_index.insert(c.client_uid, clients.len());
            clients.push(ClientRt {
                uid: c.client_uid,
                active: c.status == ClientStatus::Active,
                zone,
                automation: sort_automation(c.automation_type),
                priority: c.priority.unwrap_or(0),
                force_id: norm_force(&c.force_id),
                weight: c
                    .weight
                    .and_then(|w| Weight::new(w).ok())
                    .unwrap_or(Weight::ONE),
                target: c
                    .target_percentage
                    .and_then(|p| TargetShare::from_percent(p).ok())
                    .unwrap_or(TargetShare::ZERO),
                name: c.name.clone().unwrap_or_default(),
                last_sent_date: c.last_sent_date,
                location: c.zip.as_deref().and_then(|z| locate(z, &*zips)),
                group: c.group_uid,
                caps_unlimited: limits.is_unlimited(),
                has_orders: false,
                caps: Caps::new(limits, zone, week_start),
            });
        }

        let mut lead_types = Vec::with_capacity(snapshot.lead_types.len());
        let mut lead_type_index = UidMap::default();
        for lt in &snapshot.lead_types {
            let schema = LeadSchema::with_locator(lt, zips.clone());
            let force_field = lt
                .fields
                .iter()
                .position(|f| f.special_bit == SpecialBit::ForceId);
            let location_field = lt
                .fields
                .iter()
                .position(|f| f.special_bit == SpecialBit::Zip)
                .or_else(|| {
                    lt.fields
                        .iter()
                        .position(|f| f.descriptor.trim().eq_ignore_ascii_case("zip"))
                });
            let lists = snapshot
                .distribution_lists
                .iter()
                .filter_map(|l| CompiledList::compile(l, lt))
                .collect();
            lead_type_index.insert(lt.lead_type_uid, lead_types.len());
            lead_types.push(LeadTypeRt {
                record: lt.clone(),
                schema,
                policy: sort_policy(lt.distribution_policy),
                accounts: Vec::new(),
                index: CriteriaIndex::new(Vec::new()),
                static_pass: Vec::new(),
                schedule_of: Vec::new(),
                schedules: Vec::new(),
                schedule_starts: Vec::new(),
                schedule_positions: Vec::new(),
                force_field,
                location_field,
                lists,
            });
        }

        let mut misconfigured: Vec<(usize, Misconfigured)> = snapshot
            .misconfigured
            .iter()
            .map(|m| (path_index(&m.path), m.clone()))
            .collect();
        let mut accounts = Vec::with_capacity(snapshot.delivery_accounts.len());
        let mut criteria_of: Vec<Vec<AccountCriteria>> = vec![Vec::new(); lead_types.len()];
        for (a, path) in snapshot
            .delivery_accounts
            .iter()
            .zip(&snapshot.delivery_account_paths)
        {
            let Some(&ci) = client_index.get(&a.client_uid) else {
                continue;
            };
            let Some(details) = a.delivery_details.as_ref() else {
                continue;
            };
            let Some(&lti) = lead_type_index.get(&details.lead_type_uid) else {
                continue;
            };
            let zone = clients[ci].zone;
            let mut errors: Vec<Problem> = Vec::new();
            let mut compiled = Vec::with_capacity(a.criteria.len());
            // A criterion marked `Delete` (the source's "should the criteria item be
            // removed") is not applied; SPEC.md is silent, this is what a user who
            // removed it expects. Paths keep the record's position.
            for (j, cr) in a.criteria.iter().enumerate().filter(|(_, c)| !c.delete) {
                match leadroute_criteria::compile(&lead_types[lti].schema, cr) {
                    Ok(c) => compiled.push(c),
                    Err(e) => errors.push(Problem::error(
                        format!("{path}.Criteria[{j}]"),
                        e.to_string(),
                    )),
                }
            }
            let limits = match AccountLimits::compile(a, zone, week_start) {
                Ok(l) => Some(l),
                Err(e) => {
                    let at = e.path().map_or_else(
                        || format!("{path}.DeliveryDetails"),
                        |p| format!("{path}.DeliveryDetails.{p}"),
                    );
                    errors.push(Problem::error(at, e.to_string()));
                    None
                }
            };
            let (true, Some(limits)) = (errors.is_empty(), limits) else {
                misconfigured.push((
                    path_index(path),
                    Misconfigured {
                        client_uid: a.client_uid,
                        client_account_uid: a.client_account_uid,
                        lead_type_uid: Some(details.lead_type_uid),
                        path: path.clone(),
                        message: errors.first().map(ToString::to_string).unwrap_or_default(),
                    },
                ));
                problems.extend(errors);
                continue;
            };
            let origin = a
                .criteria
                .iter()
                .find(|c| {
                    !c.delete && c.operator == Some(leadroute_model::Operator::DistanceCompare)
                })
                .and_then(|c| c.value.split('|').next())
                .and_then(|o| locate(o, &*zips));
            criteria_of[lti].push(AccountCriteria::new(compiled, zone));
            let pos = lead_types[lti].accounts.len();
            lead_types[lti].accounts.push(accounts.len());
            accounts.push(AccountRt {
                uid: a.client_account_uid,
                client: ci,
                client_uid: a.client_uid,
                lead_type: details.lead_type_uid,
                order: path_index(path),
                status: a.status,
                open: a.status == Some(AccountStatus::Open),
                method_enabled: details.status.unwrap_or(false),
                in_testing: details.in_testing,
                account_type: a.account_type,
                automation: a.automation_enabled,
                force_id: norm_force(&a.force_id),
                exclusive: a.exclusive,
                priority: a.priority.unwrap_or(0),
                price: a.price,
                delay_secs: a.delivery_delay.unwrap_or(0).max(0),
                use_order: a.use_order,
                paced: limits.is_paced(),
                caps_unlimited: limits.caps().is_unlimited(),
                limits: Box::new(limits),
                pos,
                index: accounts.len(),
                origin,
            });
        }
        for (lt, criteria) in lead_types.iter_mut().zip(criteria_of) {
            lt.index = CriteriaIndex::new(criteria);
            let (schedule_of, schedules) = share_schedules(&lt.accounts, &accounts);
            // ok: account counts fit in u32 (as client indices do)
            lt.schedule_of = lt
                .accounts
                .iter()
                .zip(schedule_of)
                .map(|(&ai, s)| (ai as u32, s))
                .collect();
            lt.schedules = schedules;
            (lt.schedule_starts, lt.schedule_positions) =
                positions_by_schedule(&lt.schedule_of, lt.schedules.len());
            lt.static_pass = SCAN_TYPES
                .iter()
                .flat_map(|&t| [(t, false), (t, true)])
                .map(|(t, automated)| {
                    let mut sp = StaticPass {
                        bits: vec![0; lt.accounts.len().div_ceil(64)],
                        counts: ReasonCounts::default(),
                    };
                    for (pos, &ai) in lt.accounts.iter().enumerate() {
                        let a = &accounts[ai];
                        match static_reason(&clients[a.client], a, t, automated) {
                            Some(r) => sp.counts.add(r, 1),
                            None => sp.bits[pos >> 6] |= 1 << (pos & 63),
                        }
                    }
                    sp
                })
                .collect();
        }

        let campaigns = snapshot
            .campaigns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.vendor_account_uid, i))
            .collect();
        let orders = OrderBook::new(&snapshot.orders);
        for c in &mut clients {
            c.has_orders = !orders.items_of(c.uid).is_empty();
        }
        let states = lead_types
            .iter()
            .map(|lt| (lt.record.lead_type_uid, PolicyState::new()))
            .collect();
        let hot = accounts
            .iter()
            .map(|a| Hot::of(a, &clients[a.client]))
            .collect();
        let client_shares = clients
            .iter()
            .map(|c| Competitor {
                client_uid: c.uid,
                weight: c.weight,
                target: c.target,
            })
            .collect();
        let mut client_accounts = vec![Vec::new(); clients.len()];
        for a in &accounts {
            client_accounts[a.client].push(a.index);
        }
        // Every zone routing reads, built now in parallel: else the first leads of each
        // zone would wait for its table.
        let mut zones: Vec<Zone> = clients.iter().map(|c| c.zone).collect();
        zones.push(default_zone);
        let zones: std::collections::HashSet<Zone> = zones.into_iter().collect();
        {
            use rayon::prelude::*;
            zones.into_par_iter().for_each(|z| z.prepare());
        }
        let compiled = Compiled {
            clients,
            client_index,
            client_accounts,
            hot,
            client_shares,
            accounts,
            lead_types,
            lead_type_index,
            misconfigured,
            campaigns,
            zips,
            snapshot,
            problems,
        };
        (compiled, ledger, orders, states)
    }

    /// Accounts of other lead types than `lead_type`, and misconfigured accounts.
    pub(crate) fn other_type_count(&self, lead_type: Option<usize>) -> u32 {
        let mine = lead_type.map_or(0, |i| self.lead_types[i].accounts.len());
        // ok: account counts fit in u32 (a snapshot of 4 billion accounts is not loadable)
        (self.accounts.len() - mine) as u32
    }

    /// The max-sell of a lead's campaign (SPEC.md 8, item 3).
    pub(crate) fn max_sell(&self, vid: Option<i64>, aid: Option<i64>) -> u64 {
        let campaign = aid
            .and_then(|aid| self.campaigns.get(&aid))
            .map(|&ci| &self.snapshot.campaigns[ci])
            .filter(|c| vid.is_none_or(|v| c.vendor_uid == v));
        leadroute_caps::max_sell(campaign)
    }

    /// The distance in miles between two points (haversine, mean Earth radius).
    pub(crate) fn miles(a: (f64, f64), b: (f64, f64)) -> Option<Miles> {
        let (la, lo) = (a.0.to_radians(), a.1.to_radians());
        let (lb, lob) = (b.0.to_radians(), b.1.to_radians());
        let h = ((lb - la) / 2.0).sin().powi(2)
            + la.cos() * lb.cos() * ((lob - lo) / 2.0).sin().powi(2);
        Miles::new(2.0 * leadroute_criteria::EARTH_RADIUS_MILES * h.sqrt().min(1.0).asin()).ok()
    }
}

/// Numbers the distinct delivery schedules of `members` (indices into `accounts`):
/// each member's number, and one member carrying each number. Schedules are told apart
/// by their full debug text (rules, zone, delay) and confirmed equal before sharing.
fn share_schedules(members: &[usize], accounts: &[AccountRt]) -> (Vec<u32>, Vec<usize>) {
    let mut seen: HashMap<String, Vec<u32>> = HashMap::new();
    let mut of = Vec::with_capacity(members.len());
    let mut reps: Vec<usize> = Vec::new();
    for &ai in members {
        let s = accounts[ai].limits.schedule();
        let same = seen.entry(format!("{s:?}")).or_default();
        let id = match same
            .iter()
            .find(|&&id| accounts[reps[id as usize]].limits.schedule() == s)
        {
            Some(&id) => id,
            None => {
                // ok: a lead type has fewer than 4 billion accounts
                let id = reps.len() as u32;
                reps.push(ai);
                same.push(id);
                id
            }
        };
        of.push(id);
    }
    (of, reps)
}

/// The positions of `schedule_of` grouped by schedule number (`n` schedules), as
/// `(starts, positions)`: schedule `s` holds `positions[starts[s]..starts[s + 1]]`,
/// ascending.
fn positions_by_schedule(schedule_of: &[(u32, u32)], n: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; n + 1];
    for &(_, s) in schedule_of {
        starts[s as usize + 1] += 1;
    }
    for s in 0..n {
        starts[s + 1] += starts[s];
    }
    let mut next = starts.clone();
    let mut positions = vec![0u32; schedule_of.len()];
    for (pos, &(_, s)) in schedule_of.iter().enumerate() {
        let at = &mut next[s as usize];
        // ok: positions fit in u32 (as account indices do)
        positions[*at as usize] = pos as u32;
        *at += 1;
    }
    (starts, positions)
}

/// The index `i` of a path `DeliveryAccounts[i]...` (log order); large when absent.
fn path_index(path: &str) -> usize {
    path.strip_prefix("DeliveryAccounts[")
        .and_then(|r| r.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}
