//! Intake (SPEC.md section 9): whether a campaign accepts a posted lead, before it is
//! distributed.
//!
//! [`Intake`] is built once from a snapshot: each lead type's field rules
//! ([`fields`](self) validation), duplicate sets and duplicate index; each campaign's
//! caps (the caps crate's [`Caps`] over a [`TimeIndex`] of its accepted leads, in
//! `Settings.DefaultTimeZone`) and `Rules` (compiled by the criteria crate, evaluated in
//! that zone); the snapshot's `Leads` (earlier accepted leads) fill the duplicate index
//! and the campaign counts. [`Intake::intake`] answers one lead with a
//! [`ResponseType`] and records an accepted one, so it counts toward the caps and
//! duplicate checks of the leads after it.
//!
//! The checks run in the order of [`ResponseType::ALL`]; the first failure answers, and
//! `ResponseDetails` names the field, cap, rule or duplicate set. Readings of SPEC.md
//! this module makes (a user would expect them; tests pin them):
//! - `LeadType_ID_Missing` also answers a `LeadTypeUID` that is not a lead type of the
//!   snapshot; a `LeadTypeUID` or `VID` of 0 is missing.
//! - `No_Account_Found`: no `AID`, no campaign with that `VendorAccountUID`, a campaign
//!   of another lead source (its `VendorUID` is not the `VID`) or of another lead type,
//!   or, when the snapshot lists lead sources, a `VID` that is none of them (a snapshot
//!   without `LeadSources` does not check sources).
//! - `Account_Disabled`: the campaign, then its source, is not `Active`; also a campaign
//!   whose `Rules` do not compile (it cannot apply them, so it accepts nothing).
//! - `Data_Errors` lists every field in error (in the lead type's field order, each with
//!   its first broken rule: required, validation, enumeration, type), separated by
//!   `"; "`. `AppendCityStateFromPostalCode` runs before it (a filled City satisfies
//!   `Required`): the ZIP is the field with `SpecialBit` Zip (else the one named `Zip`),
//!   its first five digits looked up in the ZIP table; City and State are the fields
//!   with those special bits (else `isState`, else those names), filled only when empty
//!   and only when the lead type has them.
//! - Campaign caps count this campaign's accepted leads at their `DateReceived` (or the
//!   instant they were accepted, without one). The duplicate window compares whole
//!   seconds (sub-second digits are dropped from both instants) and is
//!   `DupDayMax x 86,400 s` of real time, not calendar days in any zone; a negative
//!   `DupDayMax` is no check, like 0.
//! - The duplicate check looks at accepted leads of the lead type from every campaign.
//! - `InvalidChars` stripping applies to every value of the lead (the returned
//!   [`IntakeResult::lead`] carries the stripped values, and City/State when appended),
//!   and to the snapshot's `Leads` before they are indexed.

mod dup;
mod fields;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use leadroute_caps::{CapKind, CapLimits, Caps, PeriodCache, Report, TimeIndex};
use leadroute_criteria::{compile, default_locator, AccountCriteria, LeadSchema, ZipLocator};
use leadroute_model::{
    CampaignStatus, CriterionType, FieldKey, FieldLookup, Lead, LeadType, Problem, Snapshot,
    SourceStatus, SpecialBit, Uid,
};
use leadroute_time::{resolve_zone, Zone};
use serde::Serialize;

pub use dup::DupIndex;
use dup::{from_secs32, parse_dup_sets, set_key, to_secs32, DupSet};
use fields::FieldRule;

/// The answer to a posted lead (the source API's `response_type`), in the order the
/// checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ResponseType {
    /// The lead has no (known) `LeadTypeUID`.
    #[serde(rename = "LeadType_ID_Missing")]
    LeadTypeIdMissing,
    /// The lead has no `VID` (lead source).
    #[serde(rename = "Vendor_ID_Missing")]
    VendorIdMissing,
    /// No campaign of that source (and lead type) has the lead's `AID`.
    #[serde(rename = "No_Account_Found")]
    NoAccountFound,
    /// The campaign or its source is not `Active` (or the campaign is misconfigured).
    #[serde(rename = "Account_Disabled")]
    AccountDisabled,
    /// A field value is missing, malformed, not among its enums or not of its type.
    #[serde(rename = "Data_Errors")]
    DataErrors,
    /// A campaign cap (`HourMax`, `DayMax`, `MonthMax`) is full.
    #[serde(rename = "Post_Over_Max")]
    PostOverMax,
    /// A campaign rule fails.
    #[serde(rename = "Outside_Criteria")]
    OutsideCriteria,
    /// A lead matching on a duplicate set was accepted within `DupDayMax` days.
    #[serde(rename = "Duplicate_Lead")]
    DuplicateLead,
    /// Accepted.
    #[serde(rename = "No_Error")]
    NoError,
}

impl ResponseType {
    /// Every response type, in the order the checks run (`No_Error` last).
    pub const ALL: [ResponseType; 9] = [
        ResponseType::LeadTypeIdMissing,
        ResponseType::VendorIdMissing,
        ResponseType::NoAccountFound,
        ResponseType::AccountDisabled,
        ResponseType::DataErrors,
        ResponseType::PostOverMax,
        ResponseType::OutsideCriteria,
        ResponseType::DuplicateLead,
        ResponseType::NoError,
    ];

    /// The source API's name (`Duplicate_Lead`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::LeadTypeIdMissing => "LeadType_ID_Missing",
            ResponseType::VendorIdMissing => "Vendor_ID_Missing",
            ResponseType::NoAccountFound => "No_Account_Found",
            ResponseType::AccountDisabled => "Account_Disabled",
            ResponseType::DataErrors => "Data_Errors",
            ResponseType::PostOverMax => "Post_Over_Max",
            ResponseType::OutsideCriteria => "Outside_Criteria",
            ResponseType::DuplicateLead => "Duplicate_Lead",
            ResponseType::NoError => "No_Error",
        }
    }

    /// Whether the lead is accepted.
    pub fn is_accepted(self) -> bool {
        self == ResponseType::NoError
    }
}

impl fmt::Display for ResponseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answer to one posted lead. Serialises as SPEC.md 11.1's intake output line,
/// `{"LeadUID", "ResponseType", "ResponseDetails"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntakeResult {
    /// The lead's `LeadUID`.
    #[serde(rename = "LeadUID")]
    pub lead_uid: Uid,
    /// The answer.
    #[serde(rename = "ResponseType")]
    pub response_type: ResponseType,
    /// Which field, cap, rule or duplicate set answered; empty for `No_Error`.
    #[serde(rename = "ResponseDetails")]
    pub details: String,
    /// The lead as intake leaves it: `InvalidChars` stripped and City/State appended
    /// (when its campaign was found and enabled), the values the host should route.
    #[serde(skip)]
    pub lead: Lead,
}

type UidMap<V> = leadroute_model::UidMap<Uid, V>;

/// One lead type as intake sees it.
#[derive(Debug, Clone)]
struct LeadTypeIntake {
    uid: Uid,
    lookup: FieldLookup,
    /// Trimmed descriptors, for the ASCII fast path of [`LeadTypeIntake::resolve`].
    descriptors: Vec<String>,
    schema: LeadSchema,
    rules: Vec<FieldRule>,
    any_strip: bool,
    dup_spec: String,
    dup_sets: Vec<DupSet>,
    dups: DupIndex,
    zip_field: Option<usize>,
    city_field: Option<usize>,
    state_field: Option<usize>,
}

/// One campaign as intake sees it.
#[derive(Debug, Clone)]
struct CampaignIntake {
    uid: Uid,
    vendor_uid: Uid,
    lead_type_uid: Uid,
    status: CampaignStatus,
    /// The compiled `Rules`, or why they do not compile.
    rules: Result<AccountCriteria, String>,
    /// The fields the rules read (`None`: any, a `Function` rule may read every field).
    rule_fields: Option<Vec<bool>>,
    caps: Caps,
    /// Accepted leads (only kept when a cap is set).
    accepted: TimeIndex,
    /// `DupDayMax x 86,400` seconds; `None` is no duplicate check.
    dup_window: Option<i64>,
    append_city_state: bool,
}

/// An accepted lead's place in the indexes.
#[derive(Debug, Clone, Default)]
struct Admission {
    lead_type: usize,
    campaign: Option<usize>,
    keys: Vec<u64>,
    at: DateTime<Utc>,
}

/// The intake of one snapshot: campaigns, lead types and the accepted leads so far.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadroute_engine::intake::{Intake, ResponseType};
/// use leadroute_model::{load_snapshot, parse_record, Lead};
///
/// let snapshot = load_snapshot(r#"{
///   "LeadTypes": [{"LeadTypeUID": 1, "DefaultDupSets": "Email",
///     "Fields": [{"LeadFieldUID": 1, "Descriptor": "Email", "Required": true}]}],
///   "LeadSources": [{"LPVendorUID": 3, "Status": "Active"}],
///   "Campaigns": [{"VendorUID": 3, "VendorAccountUID": 30, "LeadTypeUID": 1,
///                  "Status": "Active", "DupDayMax": 30}]
/// }"#);
/// let mut intake = Intake::new(&snapshot);
/// let lead: Lead = parse_record(
///     r#"{"LeadUID": 1, "LeadTypeUID": 1, "VID": 3, "AID": 30, "Fields": {"Email": "ann@example.com"}}"#,
/// ).unwrap();
/// let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
/// assert_eq!(intake.intake(lead.clone(), now).response_type, ResponseType::NoError);
/// // The same e-mail an hour later is a duplicate of the lead just accepted.
/// let again = intake.intake(lead, now + chrono::Duration::hours(1));
/// assert_eq!(again.response_type, ResponseType::DuplicateLead);
/// assert!(again.details.contains("Email"));
/// ```
#[derive(Debug)]
pub struct Intake {
    lead_types: Vec<LeadTypeIntake>,
    lead_type_index: UidMap<usize>,
    campaigns: Vec<CampaignIntake>,
    campaign_index: UidMap<usize>,
    sources: UidMap<SourceStatus>,
    zone: Zone,
    /// Cap periods of the current local day (campaign caps share one zone).
    periods: Mutex<PeriodCache>,
    problems: Vec<Problem>,
}

fn field_named(lt: &LeadType, bit: SpecialBit, names: &[&str]) -> Option<usize> {
    lt.fields
        .iter()
        .position(|f| f.special_bit == bit)
        .or_else(|| {
            names.iter().find_map(|n| {
                lt.fields
                    .iter()
                    .position(|f| f.descriptor.trim().eq_ignore_ascii_case(n))
            })
        })
}

fn zip5(value: &str) -> Option<&str> {
    let v = value.trim();
    let head = v.get(..5)?;
    let rest = &v[5..];
    let ok = head.bytes().all(|b| b.is_ascii_digit())
        && (rest.is_empty() || rest.starts_with('-') || rest.starts_with(' '));
    ok.then_some(head)
}

impl LeadTypeIntake {
    fn new(
        lt: &LeadType,
        path: &str,
        zips: Arc<dyn ZipLocator>,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let rules: Vec<FieldRule> = lt
            .fields
            .iter()
            .enumerate()
            .map(|(j, f)| FieldRule::compile(f, &format!("{path}.Fields[{j}]"), problems))
            .collect();
        let (dup_sets, unknown) = parse_dup_sets(lt);
        for n in unknown {
            problems.push(Problem::warning(
                format!("{path}.DefaultDupSets"),
                format!(
                    "{n:?} is not a field of lead type {}: its duplicate set is ignored",
                    lt.lead_type_uid
                ),
            ));
        }
        let state_field = lt
            .fields
            .iter()
            .position(|f| f.special_bit == SpecialBit::State)
            .or_else(|| lt.fields.iter().position(|f| f.is_state))
            .or_else(|| field_named(lt, SpecialBit::State, &["State"]));
        LeadTypeIntake {
            uid: lt.lead_type_uid,
            lookup: FieldLookup::new(lt),
            descriptors: lt
                .fields
                .iter()
                .map(|f| f.descriptor.trim().to_string())
                .collect(),
            schema: LeadSchema::with_locator(lt, zips),
            any_strip: rules.iter().any(FieldRule::strips),
            rules,
            dup_spec: lt.default_dup_sets.clone().unwrap_or_default(),
            dup_sets,
            dups: DupIndex::default(),
            zip_field: field_named(lt, SpecialBit::Zip, &["Zip", "ZipCode", "PostalCode"]),
            city_field: field_named(lt, SpecialBit::City, &["City"]),
            state_field,
        }
    }

    /// The field a lead's key names (SPEC.md 1, as [`FieldLookup::resolve`]): a plain
    /// ASCII descriptor is found by a scan of the few fields without allocating.
    #[inline]
    fn resolve(&self, key: &str) -> Option<usize> {
        let k = key.trim();
        if k.is_ascii() && !k.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(i) = self
                .descriptors
                .iter()
                .position(|d| d.eq_ignore_ascii_case(k))
            {
                return Some(i);
            }
        }
        match self.lookup.resolve(key) {
            FieldKey::Field(i) => Some(i),
            FieldKey::Unknown => None,
        }
    }

    /// Each field's value: the first key (in key order) naming the field whose value is
    /// non-empty after `InvalidChars` (when `strip`) and trimming.
    fn values<'a>(
        &self,
        fields: &'a BTreeMap<String, String>,
        strip: bool,
    ) -> Vec<Option<Cow<'a, str>>> {
        let resolved: Vec<Option<usize>> = fields.keys().map(|k| self.resolve(k)).collect();
        self.values_resolved(fields, &resolved, strip)
    }

    /// [`LeadTypeIntake::values`] with the keys already resolved (in key order).
    fn values_resolved<'a>(
        &self,
        fields: &'a BTreeMap<String, String>,
        resolved: &[Option<usize>],
        strip: bool,
    ) -> Vec<Option<Cow<'a, str>>> {
        let mut out: Vec<Option<Cow<'a, str>>> = vec![None; self.rules.len()];
        for ((_, v), r) in fields.iter().zip(resolved) {
            let Some(i) = *r else {
                continue;
            };
            let Some(slot) = out.get_mut(i) else { continue };
            if slot.is_some() {
                continue;
            }
            let cleaned = if strip {
                self.rules[i].strip(v)
            } else {
                Cow::Borrowed(v.as_str())
            };
            if !cleaned.trim().is_empty() {
                *slot = Some(match cleaned {
                    Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
                    Cow::Owned(o) if o.trim().len() == o.len() => Cow::Owned(o),
                    Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
                });
            }
        }
        out
    }

    /// The duplicate keys of a lead's (cleaned) values, one per set that has them all.
    fn keys(&self, values: &[Option<Cow<'_, str>>]) -> Vec<u64> {
        self.dup_sets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                set_key(self.uid, i, s, |p| values.get(p).and_then(|v| v.as_deref()))
            })
            .collect()
    }
}

impl Intake {
    /// The intake of `snapshot`, with the bundled ZIP table for City/State appending and
    /// `Distance_Compare` rules.
    pub fn new(snapshot: &Snapshot) -> Intake {
        Intake::with_zip_locator(snapshot, default_locator())
    }

    /// The intake of `snapshot` with a host-supplied ZIP locator.
    pub fn with_zip_locator(snapshot: &Snapshot, zips: Arc<dyn ZipLocator>) -> Intake {
        let mut problems = Vec::new();
        let (zone, _) = resolve_zone(
            Some(&snapshot.settings.default_time_zone),
            None,
            &Zone::from_name("America/Los_Angeles").unwrap_or(Zone::UTC),
        );
        let week_start = snapshot.settings.week_start.to_chrono();

        let mut lead_types = Vec::with_capacity(snapshot.lead_types.len());
        let mut lead_type_index = UidMap::default();
        for (i, lt) in snapshot.lead_types.iter().enumerate() {
            lead_type_index.insert(lt.lead_type_uid, lead_types.len());
            lead_types.push(LeadTypeIntake::new(
                lt,
                &format!("LeadTypes[{i}]"),
                zips.clone(),
                &mut problems,
            ));
        }

        let mut campaigns = Vec::with_capacity(snapshot.campaigns.len());
        let mut campaign_index = UidMap::default();
        for (i, c) in snapshot.campaigns.iter().enumerate() {
            let Some(&k) = lead_type_index.get(&c.lead_type_uid) else {
                continue;
            };
            let schema = &lead_types[k].schema;
            let mut compiled = Vec::with_capacity(c.rules.len());
            let mut error = None;
            // A rule marked `Delete` is not applied (as an account's deleted criterion).
            for (j, r) in c.rules.iter().enumerate().filter(|(_, r)| !r.delete) {
                match compile(schema, r) {
                    Ok(cc) => compiled.push(cc),
                    Err(e) => {
                        let path = format!("Campaigns[{i}].Rules[{j}]");
                        problems.push(Problem::error(path.clone(), e.to_string()));
                        error.get_or_insert(format!("Rules[{j}]: {e}"));
                    }
                }
            }
            let rule_fields = if c
                .rules
                .iter()
                .any(|r| !r.delete && r.criterion_type == CriterionType::Function)
            {
                None
            } else {
                let mut mask = vec![false; snapshot.lead_types[k].fields.len()];
                for r in c.rules.iter().filter(|r| !r.delete) {
                    if let Some(f) = lead_types[k].lookup.by_uid(r.lead_field_uid) {
                        mask[f] = true;
                    }
                }
                Some(mask)
            };
            campaign_index.insert(c.vendor_account_uid, campaigns.len());
            campaigns.push(CampaignIntake {
                uid: c.vendor_account_uid,
                vendor_uid: c.vendor_uid,
                lead_type_uid: c.lead_type_uid,
                status: c.status,
                rules: match error {
                    None => Ok(AccountCriteria::new(compiled, zone)),
                    Some(e) => Err(e),
                },
                rule_fields,
                caps: Caps::new(CapLimits::of_campaign(c), zone, week_start),
                accepted: TimeIndex::new(),
                dup_window: c
                    .dup_day_max
                    .filter(|&d| d > 0)
                    .map(|d| d.saturating_mul(86_400)),
                append_city_state: c.append_city_state_from_postal_code,
            });
        }

        let sources = snapshot
            .lead_sources
            .iter()
            .map(|s| (s.lp_vendor_uid, s.status))
            .collect();

        let mut intake = Intake {
            lead_types,
            lead_type_index,
            campaigns,
            campaign_index,
            sources,
            zone,
            periods: Mutex::new(PeriodCache::new()),
            problems,
        };
        intake.load_leads(&snapshot.leads);
        intake
    }

    /// Indexes the snapshot's earlier accepted leads.
    fn load_leads(&mut self, leads: &[Lead]) {
        let mut per_type = vec![0usize; self.lead_types.len()];
        for l in leads {
            if let Some(&k) = l.lead_type_uid.and_then(|t| self.lead_type_index.get(&t)) {
                per_type[k] += 1;
            }
        }
        for (lt, n) in self.lead_types.iter_mut().zip(per_type) {
            lt.dups = DupIndex::with_capacity(n * lt.dup_sets.len());
        }
        // Campaign counts are appended in time order, so each is a push.
        let mut timed: Vec<(DateTime<Utc>, usize)> = Vec::new();
        for (i, l) in leads.iter().enumerate() {
            let Some(&k) = l.lead_type_uid.and_then(|t| self.lead_type_index.get(&t)) else {
                self.problems.push(Problem::warning(
                    format!("Leads[{i}].LeadTypeUID"),
                    format!(
                        "lead {}: no known lead type; not used for duplicates or caps",
                        l.lead_uid
                    ),
                ));
                continue;
            };
            let Some(at) = l.date_received else {
                self.problems.push(Problem::warning(
                    format!("Leads[{i}].DateReceived"),
                    format!(
                        "lead {}: no DateReceived; not used for duplicates or caps",
                        l.lead_uid
                    ),
                ));
                continue;
            };
            let admission = self.admission_of(k, l, at);
            if let Some(c) = admission.campaign {
                timed.push((at, c));
            }
            self.insert_keys(&admission);
        }
        timed.sort_by_key(|&(t, c)| (t, c));
        for (t, c) in timed {
            self.campaigns[c].accepted.push(t);
        }
    }

    /// Where an accepted lead of lead type `k` goes in the indexes.
    fn admission_of(&self, k: usize, lead: &Lead, at: DateTime<Utc>) -> Admission {
        let lt = &self.lead_types[k];
        let values = lt.values(&lead.fields, lt.any_strip);
        let campaign = self.campaign_of(lead).filter(|&c| {
            let c = &self.campaigns[c];
            c.lead_type_uid == lt.uid && !c.caps.is_unlimited()
        });
        Admission {
            lead_type: k,
            campaign,
            keys: lt.keys(&values),
            at,
        }
    }

    fn campaign_of(&self, lead: &Lead) -> Option<usize> {
        let aid = lead.aid.filter(|&a| a != 0)?;
        let c = *self.campaign_index.get(&aid)?;
        match lead.vid.filter(|&v| v != 0) {
            Some(v) if v != self.campaigns[c].vendor_uid => None,
            _ => Some(c),
        }
    }

    fn insert_keys(&mut self, a: &Admission) {
        let secs = a.at.timestamp();
        let dups = &mut self.lead_types[a.lead_type].dups;
        for &k in &a.keys {
            dups.insert(k, secs);
        }
    }

    fn record_admission(&mut self, a: &Admission) {
        self.insert_keys(a);
        if let Some(c) = a.campaign {
            self.campaigns[c].accepted.push(a.at);
        }
    }

    /// Problems found while building: field regexes and campaign rules that do not
    /// compile (errors), duplicate sets naming unknown fields, enumerated fields without
    /// values, earlier leads that cannot be indexed (warnings). Paths are the
    /// snapshot's.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The zone campaign caps and rules are evaluated in (`Settings.DefaultTimeZone`).
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Number of keys in the duplicate indexes (one per accepted lead and duplicate set
    /// it has every value of).
    pub fn duplicate_keys(&self) -> usize {
        self.lead_types.iter().map(|t| t.dups.len()).sum()
    }

    /// Heap bytes held by the duplicate indexes.
    pub fn duplicate_index_bytes(&self) -> usize {
        self.lead_types.iter().map(|t| t.dups.heap_bytes()).sum()
    }

    /// Answers `lead` at `now` and, when it is accepted, records it (it then counts
    /// toward its campaign's caps and the duplicate checks of later leads at its
    /// `DateReceived`, or at `now` without one). The lead comes back in the result,
    /// cleaned ([`IntakeResult::lead`]).
    pub fn intake(&mut self, lead: Lead, now: DateTime<Utc>) -> IntakeResult {
        let (result, admission) = self.evaluate(lead, now);
        if let Some(a) = admission {
            self.record_admission(&a);
        }
        result
    }

    /// Answers `lead` at `now` without recording it.
    pub fn check(&self, lead: Lead, now: DateTime<Utc>) -> IntakeResult {
        self.evaluate(lead, now).0
    }

    /// Records a lead accepted elsewhere (or earlier) at its `DateReceived`, or at `now`
    /// without one, as the snapshot's `Leads` are: its values are cleaned by
    /// `InvalidChars` first. A lead of an unknown lead type is not recorded (returns
    /// false).
    pub fn record_accepted(&mut self, lead: &Lead, now: DateTime<Utc>) -> bool {
        let Some(&k) = lead
            .lead_type_uid
            .and_then(|t| self.lead_type_index.get(&t))
        else {
            return false;
        };
        let a = self.admission_of(k, lead, lead.date_received.unwrap_or(now));
        self.record_admission(&a);
        true
    }

    /// Checks 1 to 4: the lead's lead type and enabled campaign (and its rules).
    #[allow(clippy::type_complexity)]
    fn campaign_for(
        &self,
        lead: &Lead,
    ) -> Result<(usize, usize, &AccountCriteria), (ResponseType, String)> {
        let reject = |t: ResponseType,
                      details: String|
         -> Result<(usize, usize, &AccountCriteria), (ResponseType, String)> {
            Err((t, details))
        };

        // 1. Lead type.
        let Some(lt_uid) = lead.lead_type_uid.filter(|&t| t != 0) else {
            return reject(
                ResponseType::LeadTypeIdMissing,
                "the lead has no LeadTypeUID".into(),
            );
        };
        let Some(&k) = self.lead_type_index.get(&lt_uid) else {
            return reject(
                ResponseType::LeadTypeIdMissing,
                format!("LeadTypeUID {lt_uid} is not a lead type of the snapshot"),
            );
        };

        // 2. Lead source.
        let Some(vid) = lead.vid.filter(|&v| v != 0) else {
            return reject(
                ResponseType::VendorIdMissing,
                "the lead has no VID (lead source)".into(),
            );
        };

        // 3. Campaign.
        let source = self.sources.get(&vid).copied();
        if source.is_none() && !self.sources.is_empty() {
            return reject(
                ResponseType::NoAccountFound,
                format!("unknown lead source {vid}"),
            );
        }
        let Some(aid) = lead.aid.filter(|&a| a != 0) else {
            return reject(
                ResponseType::NoAccountFound,
                "the lead has no AID (campaign)".into(),
            );
        };
        let Some(&ci) = self.campaign_index.get(&aid) else {
            return reject(
                ResponseType::NoAccountFound,
                format!("unknown campaign {aid}"),
            );
        };
        let c = &self.campaigns[ci];
        if c.vendor_uid != vid {
            return reject(
                ResponseType::NoAccountFound,
                format!(
                    "campaign {aid} is not a campaign of lead source {vid} (it is of {})",
                    c.vendor_uid
                ),
            );
        }
        if c.lead_type_uid != lt_uid {
            return reject(
                ResponseType::NoAccountFound,
                format!(
                    "campaign {aid} receives lead type {}, not {lt_uid}",
                    c.lead_type_uid
                ),
            );
        }

        // 4. Enabled.
        if c.status != CampaignStatus::Active {
            return reject(
                ResponseType::AccountDisabled,
                format!("campaign {aid} is {}", c.status.as_str()),
            );
        }
        if let Some(s) = source.filter(|&s| s != SourceStatus::Active) {
            return reject(
                ResponseType::AccountDisabled,
                format!("lead source {vid} is {}", s.as_str()),
            );
        }
        match &c.rules {
            Ok(r) => Ok((k, ci, r)),
            Err(e) => reject(
                ResponseType::AccountDisabled,
                format!("campaign {aid} is misconfigured: {e}"),
            ),
        }
    }

    fn evaluate(&self, lead: Lead, now: DateTime<Utc>) -> (IntakeResult, Option<Admission>) {
        let answer = |t: ResponseType, details: String, lead: Lead| IntakeResult {
            lead_uid: lead.lead_uid,
            response_type: t,
            details,
            lead,
        };
        let (k, ci, rules) = match self.campaign_for(&lead) {
            Ok(found) => found,
            Err((t, details)) => return (answer(t, details, lead), None),
        };
        let lt = &self.lead_types[k];
        let c = &self.campaigns[ci];
        let aid = c.uid;

        // 5. Clean, append, validate.
        let mut cleaned = lead;
        let mut resolved: Vec<Option<usize>> =
            cleaned.fields.keys().map(|k| lt.resolve(k)).collect();
        let mut stripped_away = Vec::new();
        if lt.any_strip {
            stripped_away = vec![false; lt.rules.len()];
            for ((_, v), r) in cleaned.fields.iter_mut().zip(&resolved) {
                let Some(i) = *r else {
                    continue;
                };
                let rule = &lt.rules[i];
                if let Cow::Owned(s) = rule.strip(v) {
                    if !v.trim().is_empty() && s.trim().is_empty() {
                        stripped_away[i] = true;
                    }
                    *v = s;
                }
            }
        }
        if c.append_city_state && append_city_state(lt, &mut cleaned) {
            resolved = cleaned.fields.keys().map(|k| lt.resolve(k)).collect();
        }
        let values = lt.values_resolved(&cleaned.fields, &resolved, false);
        let errors: Vec<String> = lt
            .rules
            .iter()
            .zip(&values)
            .enumerate()
            .filter_map(|(i, (rule, v))| {
                rule.check(v.as_deref(), stripped_away.get(i).copied().unwrap_or(false))
            })
            .collect();
        if !errors.is_empty() {
            let details = errors.join("; ");
            return (answer(ResponseType::DataErrors, details, cleaned), None);
        }

        // The duplicate keys, and their buckets read now: the table is large and each
        // probe is a cache miss, so the misses overlap each other and the cap and rule
        // checks below instead of coming one after another at the end.
        let keyed: Vec<(usize, u64)> = lt
            .dup_sets
            .iter()
            .enumerate()
            .filter_map(|(i, set)| {
                set_key(lt.uid, i, set, |p| values.get(p).and_then(|v| v.as_deref()))
                    .map(|k| (i, k))
            })
            .collect();
        if c.dup_window.is_some() {
            for (_, k) in &keyed {
                std::hint::black_box(lt.dups.touch(*k));
            }
        }

        // 6. Campaign caps.
        if !c.caps.is_unlimited() {
            let periods = match self.periods.lock() {
                Ok(mut cache) => cache.periods(&c.caps.zone(), c.caps.week_start(), now),
                Err(_) => c.caps.periods(now),
            };
            let full = c.caps.check(&c.accepted.counts(&periods), Report::First);
            if let Some(f) = full.first() {
                let zone = self.zone.name();
                let local = self.zone.calendar_date(now);
                let (name, period) = match f.kind() {
                    CapKind::Hour => ("HourMax", "in the rolling hour".to_string()),
                    CapKind::Day => ("DayMax", format!("on {local} ({zone})")),
                    CapKind::Week => ("WeekMax", format!("in the week of {local} ({zone})")),
                    CapKind::Month => {
                        ("MonthMax", format!("in {} ({zone})", local.format("%Y-%m")))
                    }
                };
                let leads = if f.count() == 1 { "lead" } else { "leads" };
                let details = format!(
                    "campaign {aid}: {name} {} reached ({} {leads} accepted {period})",
                    f.limit(),
                    f.count()
                );
                return (answer(ResponseType::PostOverMax, details, cleaned), None);
            }
        }

        // 7. Campaign rules.
        if !rules.criteria().is_empty() {
            let prepared = match &c.rule_fields {
                None => lt.schema.prepare(&cleaned.fields),
                Some(mask) => {
                    // Only the fields the rules read are prepared (parsed, folded, located).
                    let read: BTreeMap<String, String> = cleaned
                        .fields
                        .iter()
                        .zip(&resolved)
                        .filter(|(_, r)| r.is_some_and(|i| mask[i]))
                        .map(|((k, v), _)| (k.clone(), v.clone()))
                        .collect();
                    lt.schema.prepare(&read)
                }
            };
            if let Some(f) = rules.first_failure(&prepared, now) {
                let j = rules
                    .criteria()
                    .iter()
                    .position(|x| std::ptr::eq(x, f.criterion()))
                    .unwrap_or(0);
                let d = f.criterion().descriptor();
                let name = if d.is_empty() {
                    String::new()
                } else {
                    format!(" ({d})")
                };
                let details = format!("campaign {aid} Rules[{j}]{name}: {}", f.detail());
                return (
                    answer(ResponseType::OutsideCriteria, details, cleaned),
                    None,
                );
            }
        }

        // 8. Duplicates.
        let mut duplicate = None;
        if let Some(window) = c.dup_window {
            let after = from_secs32(to_secs32(now.timestamp())).saturating_sub(window);
            duplicate = keyed
                .iter()
                .find_map(|&(i, key)| lt.dups.latest(key).filter(|&t| t > after).map(|t| (i, t)));
        }
        let keys: Vec<u64> = keyed.into_iter().map(|(_, k)| k).collect();
        if let Some((i, t)) = duplicate {
            let set = &lt.dup_sets[i];
            let when = DateTime::<Utc>::from_timestamp(t, 0)
                .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_default();
            let days = c.dup_window.unwrap_or(0) / 86_400;
            let details = format!(
                "matches a lead accepted at {when} on {} (duplicate set {} of {:?}), within DupDayMax {days} days",
                set.names.join(", "),
                i + 1,
                lt.dup_spec.trim(),
            );
            return (answer(ResponseType::DuplicateLead, details, cleaned), None);
        }

        let admission = Admission {
            lead_type: k,
            campaign: (!c.caps.is_unlimited()).then_some(ci),
            keys,
            at: cleaned.date_received.unwrap_or(now),
        };
        (
            answer(ResponseType::NoError, String::new(), cleaned),
            Some(admission),
        )
    }
}

/// Fills empty City and State from the ZIP table (see the module docs); whether it
/// changed the lead.
fn append_city_state(lt: &LeadTypeIntake, lead: &mut Lead) -> bool {
    let Some(zf) = lt.zip_field else {
        return false;
    };
    if lt.city_field.is_none() && lt.state_field.is_none() {
        return false;
    }
    let values = lt.values(&lead.fields, false);
    let Some(zip) = values.get(zf).and_then(|v| v.as_deref()).and_then(zip5) else {
        return false;
    };
    let Some(info) = lt.schema.locator().locate(zip) else {
        return false;
    };
    let fills: Vec<(usize, String)> = [(lt.city_field, info.city), (lt.state_field, info.state)]
        .into_iter()
        .filter_map(|(f, v)| f.map(|f| (f, v.to_string())))
        .filter(|(f, v)| values.get(*f).is_some_and(Option::is_none) && !v.is_empty())
        .collect();
    let changed = !fills.is_empty();
    for (f, v) in fills {
        // Replace an empty value under the key the lead used, else add the descriptor.
        let key = lead
            .fields
            .keys()
            .find(|k| lt.resolve(k) == Some(f))
            .cloned()
            .unwrap_or_else(|| lt.rules[f].descriptor().to_string());
        lead.fields.insert(key, v);
    }
    changed
}
