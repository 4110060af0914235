//! Loading a snapshot: JSON text to checked records, with every problem located.
//!
//! Loading never stops at the first problem. Syntax errors give a line and column; a
//! record that does not read (wrong type, unknown enumeration name, bad date) is
//! reported with its JSON path (`DeliveryAccounts[12].Criteria[3].Operator`) and line,
//! and left out; relations between records (duplicate UIDs, unknown references) and
//! ranges are then checked, and those problems too get the line and column of the
//! value their path names. Problems are listed in input order. A delivery account that
//! is left out (unreadable, duplicate UID) or refers to something missing is still
//! listed in [`Snapshot::misconfigured`], so that routing can name it with the reason
//! `misconfigured` while the rest of the snapshot routes.
//!
//! Ledger sends are not checked against clients and accounts: a ledger is history, and
//! sends to accounts deleted since are normal in it.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::records::*;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// The record (or the whole input) cannot be used as written.
    Error,
    /// The input is usable but probably not what was meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in an input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the value, e.g. `DeliveryAccounts[12].Criteria[3].Value`; empty for
    /// the document itself.
    pub path: String,
    /// 1-based line in the input: of the syntax or type error, or of the value the path
    /// names. Always set by [`load_snapshot`] except when a path cannot be followed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the input, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl Problem {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// The same problem with a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity)?;
        if !self.path.is_empty() {
            write!(f, "{}", self.path)?;
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " (line {l}, column {c})")?,
            (Some(l), None) => write!(f, " (line {l})")?,
            _ => {}
        }
        if !self.path.is_empty() || self.line.is_some() {
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

/// A delivery account that cannot be routed to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Misconfigured {
    /// Its client, as far as it could be read (0 when unreadable).
    pub client_uid: Uid,
    /// The account, as far as it could be read (0 when unreadable).
    pub client_account_uid: Uid,
    /// Its lead type, when it could be read.
    pub lead_type_uid: Option<Uid>,
    /// Where the account is in the input (`DeliveryAccounts[3]`).
    pub path: String,
    /// The first error found for it.
    pub message: String,
}

/// A loaded snapshot: the records that read correctly, and what was wrong with the rest.
///
/// Records keep the input's order. Delivery accounts listed in
/// [`Snapshot::misconfigured`] are not in [`Snapshot::delivery_accounts`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Engine settings.
    pub settings: Settings,
    /// Lead types with their fields.
    pub lead_types: Vec<LeadType>,
    /// Clients (buyers).
    pub clients: Vec<Client>,
    /// Delivery accounts that read correctly and refer to known records.
    pub delivery_accounts: Vec<DeliveryAccount>,
    /// For each of [`Snapshot::delivery_accounts`], its JSON path in the input.
    pub delivery_account_paths: Vec<String>,
    /// Delivery accounts that are excluded from routing, with the reason.
    pub misconfigured: Vec<Misconfigured>,
    /// Orders.
    pub orders: Vec<Order>,
    /// Distribution lists.
    pub distribution_lists: Vec<DistributionList>,
    /// Lead sources.
    pub lead_sources: Vec<LeadSource>,
    /// Campaigns.
    pub campaigns: Vec<Campaign>,
    /// The ledger of past sends.
    pub sends: Vec<Send>,
    /// Earlier accepted leads (intake's duplicate checks and campaign caps).
    pub leads: Vec<Lead>,
    /// Everything found wrong, errors and warnings, in input order.
    pub problems: Vec<Problem>,
}

impl Snapshot {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The lead type with this UID.
    pub fn lead_type(&self, uid: Uid) -> Option<&LeadType> {
        self.lead_types.iter().find(|t| t.lead_type_uid == uid)
    }
}

#[derive(Deserialize)]
struct RawSnapshot<'a> {
    #[serde(rename = "Settings", borrow, default)]
    settings: Option<&'a RawValue>,
    #[serde(rename = "LeadTypes", borrow, default)]
    lead_types: Option<&'a RawValue>,
    #[serde(rename = "Clients", borrow, default)]
    clients: Option<&'a RawValue>,
    #[serde(rename = "DeliveryAccounts", borrow, default)]
    delivery_accounts: Option<&'a RawValue>,
    #[serde(rename = "Orders", borrow, default)]
    orders: Option<&'a RawValue>,
    #[serde(rename = "DistributionLists", borrow, default)]
    distribution_lists: Option<&'a RawValue>,
    #[serde(rename = "LeadSources", borrow, default)]
    lead_sources: Option<&'a RawValue>,
    #[serde(rename = "Campaigns", borrow, default)]
    campaigns: Option<&'a RawValue>,
    #[serde(rename = "Sends", borrow, default)]
    sends: Option<&'a RawValue>,
    #[serde(rename = "Leads", borrow, default)]
    leads: Option<&'a RawValue>,
}

/// Line and column (1-based) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = text
        .get(line_start..offset)
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line, column)
}

struct Ctx<'a> {
    text: &'a str,
    problems: Vec<Problem>,
    locator: Locator<'a>,
}

impl<'a> Ctx<'a> {
    fn offset_of(&self, raw: &RawValue) -> usize {
        let base = self.text.as_ptr() as usize;
        let p = raw.get().as_ptr() as usize;
        p.saturating_sub(base)
    }

    fn locate(&self, raw: &RawValue) -> (usize, usize) {
        line_column(self.text, self.offset_of(raw))
    }

    /// Reads one record; on failure reports the inner path and the line of the error.
    fn record<T: DeserializeOwned>(&mut self, raw: &RawValue, path: &str) -> Result<T, Problem> {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(v) => Ok(v),
            Err(e) => {
                let inner = e.path().to_string();
                let full = join_path(path, &inner);
                let err = e.into_inner();
                let (bl, bc) = self.locate(raw);
                let (l, c) = if err.line() == 1 {
                    (bl, bc + err.column().saturating_sub(1))
                } else {
                    (bl + err.line() - 1, err.column())
                };
                let msg = strip_serde_position(&err.to_string());
                Err(Problem::error(full, msg).at(l, c))
            }
        }
    }

    /// Reads an array of records, each on its own so that one bad record loses only
    /// itself. Returns the records with their index.
    fn array<T: DeserializeOwned>(
        &mut self,
        raw: Option<&'a RawValue>,
        key: &str,
    ) -> Vec<(usize, Result<T, Problem>)> {
        let Some(raw) = raw else { return Vec::new() };
        if raw.get() == "null" {
            return Vec::new();
        }
        // Fast path: the whole array reads at once.
        if let Ok(all) = serde_json::from_str::<Vec<T>>(raw.get()) {
            return all
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i, Ok(v)))
                .collect();
        }
        let elems: Vec<&RawValue> = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(_) => {
                let (l, c) = self.locate(raw);
                self.problems
                    .push(Problem::error(key, "expected an array of records").at(l, c));
                return Vec::new();
            }
        };
        elems
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let path = format!("{key}[{i}]");
                (i, self.record::<T>(e, &path))
            })
            .collect()
    }

    fn ok_records<T: DeserializeOwned>(
        &mut self,
        raw: Option<&'a RawValue>,
        key: &str,
    ) -> Vec<(usize, T)> {
        let mut out = Vec::new();
        for (i, r) in self.array::<T>(raw, key) {
            match r {
                Ok(v) => out.push((i, v)),
                Err(p) => self.problems.push(p),
            }
        }
        out
    }
}

fn join_path(prefix: &str, inner: &str) -> String {
    if inner.is_empty() || inner == "." {
        prefix.to_string()
    } else if inner.starts_with('[') {
        format!("{prefix}{inner}")
    } else if prefix.is_empty() {
        inner.to_string()
    } else {
        format!("{prefix}.{inner}")
    }
}

/// One step of a problem's JSON path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// Splits a path as the loader writes it (`DeliveryAccounts[12].Criteria[3].Value`).
/// `None` when it is not in that form.
fn split_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            steps.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            steps.push(Step::Key(&r[..end]));
            rest = &r[end..];
        }
    }
    Some(steps)
}

/// Finds where the value a problem's path names is in the document, so that problems
/// found after reading (duplicates, unknown references, values out of range) carry a
/// line and column like syntax and type errors do.
///
/// The top-level arrays are split into their elements once and kept; deeper steps
/// parse only the one record concerned, so locating stays linear in the number of
/// problems.
#[derive(Default)]
struct Locator<'a> {
    text: &'a str,
    top: HashMap<&'static str, &'a RawValue>,
    elements: HashMap<&'static str, Option<Vec<&'a RawValue>>>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, raw: &RawSnapshot<'a>) -> Self {
        let mut top = HashMap::new();
        for (key, value) in [
            ("Settings", raw.settings),
            ("LeadTypes", raw.lead_types),
            ("Clients", raw.clients),
            ("DeliveryAccounts", raw.delivery_accounts),
            ("Orders", raw.orders),
            ("DistributionLists", raw.distribution_lists),
            ("LeadSources", raw.lead_sources),
            ("Campaigns", raw.campaigns),
            ("Sends", raw.sends),
            ("Leads", raw.leads),
        ] {
            if let Some(v) = value {
                top.insert(key, v);
            }
        }
        Locator {
            text,
            top,
            elements: HashMap::new(),
        }
    }

    /// The element `index` of the top-level array `key`, when there is one.
    fn element(&mut self, key: &str, index: usize) -> Option<&'a RawValue> {
        let (name, raw) = self.top.get_key_value(key).map(|(k, v)| (*k, *v))?;
        let elems = self
            .elements
            .entry(name)
            .or_insert_with(|| serde_json::from_str::<Vec<&'a RawValue>>(raw.get()).ok());
        elems.as_ref()?.get(index).copied()
    }

    /// Line and column of the value at `path`, or of the deepest part of it found.
    fn locate(&mut self, path: &str) -> Option<(usize, usize)> {
        let steps = split_path(path)?;
        let Some(Step::Key(first)) = steps.first().copied() else {
            return None;
        };
        let mut rest = &steps[1..];
        let mut cur = match rest.first() {
            Some(Step::Index(i)) => {
                rest = &rest[1..];
                self.element(first, *i)?
            }
            _ => *self.top.get(first)?,
        };
        for step in rest {
            let next = match step {
                Step::Key(k) => serde_json::from_str::<HashMap<String, &'a RawValue>>(cur.get())
                    .ok()
                    .and_then(|m| m.get(*k).copied()),
                Step::Index(i) => serde_json::from_str::<Vec<&'a RawValue>>(cur.get())
                    .ok()
                    .and_then(|v| v.get(*i).copied()),
            };
            match next {
                Some(n) => cur = n,
                None => break,
            }
        }
        let base = self.text.as_ptr() as usize;
        let offset = (cur.get().as_ptr() as usize).checked_sub(base)?;
        (offset <= self.text.len()).then(|| line_column(self.text, offset))
    }

    /// The problem with the line and column of its path, when it has none yet.
    fn place(&mut self, mut p: Problem) -> Problem {
        if p.line.is_none() && !p.path.is_empty() {
            if let Some((l, c)) = self.locate(&p.path) {
                p.line = Some(l);
                p.column = Some(c);
            }
        }
        p
    }
}

/// serde_json appends " at line L column C" relative to the record; the loader reports
/// the absolute position separately.
fn strip_serde_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Deprecated fields per record kind: accepted and ignored; a warning when they carry
/// a value.
const DEPRECATED_CLIENT: &[&str] = &[
    "InternalUID",
    "Image",
    "IsLocked",
    "DateLocked",
    "LockedReason",
    "OutLookUID",
    "OutlookUID",
];
const DEPRECATED_CAMPAIGN: &[&str] = &[
    "Flagged",
    "OrderSystem",
    "ShowOnCherryPick",
    "ClientDataVendor",
    "ExclusiveClientUID",
    "EmailVerify",
    "Validation",
];
const DEPRECATED_SOURCE: &[&str] = &[
    "ReturnString",
    "ReturnPostURL",
    "SystemVendor",
    "AdminUID",
    "CherryAccountUID",
];

fn deprecated_in_use(ctx: &mut Ctx<'_>, raw: Option<&RawValue>, key: &str, names: &[&str]) {
    let Some(raw) = raw else { return };
    // Only the named members are read as values; the rest of each record is skipped.
    let Ok(items) = serde_json::from_str::<Vec<HashMap<String, &RawValue>>>(raw.get()) else {
        return;
    };
    for (i, obj) in items.iter().enumerate() {
        for name in names {
            let Some(v) = obj
                .get(*name)
                .and_then(|r| serde_json::from_str::<serde_json::Value>(r.get()).ok())
            else {
                continue;
            };
            let in_use = match &v {
                serde_json::Value::Null => false,
                serde_json::Value::Bool(b) => *b,
                serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
                serde_json::Value::String(s) => !s.trim().is_empty(),
                serde_json::Value::Array(a) => !a.is_empty(),
                serde_json::Value::Object(o) => o.values().any(|v| {
                    !matches!(v, serde_json::Value::Null)
                        && v != &serde_json::json!(0)
                        && v != &serde_json::json!(false)
                }),
            };
            if in_use {
                ctx.problems.push(Problem::warning(
                    format!("{key}[{i}].{name}"),
                    format!("{name} is deprecated and ignored"),
                ));
            }
        }
    }
}

/// Whether a time zone name is one the engine resolves: an IANA name or a Windows
/// name, trimmed, in any case (leadroute-time's `Zone::from_name`, the one resolver).
pub fn is_known_time_zone(name: &str) -> bool {
    leadroute_time::Zone::from_name(name).is_some()
}

/// A warning for a non-empty zone name the engine cannot resolve (SPEC.md 5: an
/// unknown name is a load warning, never a silent UTC).
fn zone_warning(path: String, name: Option<&str>, fallback: &str) -> Option<Problem> {
    let n = name?.trim();
    if n.is_empty() || is_known_time_zone(n) {
        return None;
    }
    Some(Problem::warning(
        path,
        format!("unknown time zone {n:?}: {fallback} applies"),
    ))
}

/// Loads a snapshot from JSON text.
///
/// Never fails and never panics: everything wrong is in [`Snapshot::problems`]. A
/// document that is not JSON gives one error with its line and column and an empty
/// snapshot.
///
/// ```
/// let s = leadroute_model::load_snapshot(r#"{"Clients": [{"ClientUID": 1, "Status": "Active"}]}"#);
/// assert!(!s.has_errors());
/// assert_eq!(s.clients[0].client_uid, 1);
/// ```
pub fn load_snapshot(text: &str) -> Snapshot {
    // A snapshot is an object. (Serde would also read a struct from an array, by
    // position, which would take `[1, 2]` for `Settings` and `LeadTypes`.)
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('{') {
        let p = match serde_json::from_str::<&RawValue>(text) {
            Err(e) => {
                let msg = strip_serde_position(&e.to_string());
                Problem::error("", format!("invalid JSON: {msg}")).at(e.line(), e.column())
            }
            Ok(_) => {
                let (l, c) = line_column(text, start);
                Problem::error(
                    "",
                    "the snapshot must be a JSON object with one array per kind of record",
                )
                .at(l, c)
            }
        };
        return Snapshot {
            problems: vec![p],
            ..Snapshot::default()
        };
    }
    let raw: RawSnapshot<'_> = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let msg = strip_serde_position(&e.to_string());
            let p = Problem::error("", format!("invalid JSON: {msg}")).at(e.line(), e.column());
            return Snapshot {
                problems: vec![p],
                ..Snapshot::default()
            };
        }
    };
    let mut ctx = Ctx {
        text,
        problems: Vec::new(),
        locator: Locator::new(text, &raw),
    };
    let mut snap = Snapshot::default();

    if let Some(s) = raw.settings {
        match ctx.record::<Settings>(s, "Settings") {
            Ok(v) => {
                if let Some(w) = zone_warning(
                    "Settings.DefaultTimeZone".to_string(),
                    Some(&v.default_time_zone),
                    "America/Los_Angeles",
                ) {
                    ctx.problems.push(w);
                }
                snap.settings = v;
            }
            Err(p) => ctx.problems.push(p),
        }
    }

    deprecated_in_use(&mut ctx, raw.clients, "Clients", DEPRECATED_CLIENT);
    deprecated_in_use(&mut ctx, raw.campaigns, "Campaigns", DEPRECATED_CAMPAIGN);
    deprecated_in_use(&mut ctx, raw.lead_sources, "LeadSources", DEPRECATED_SOURCE);

    // Lead types and their fields.
    let lead_types = ctx.ok_records::<LeadType>(raw.lead_types, "LeadTypes");
    let mut seen_type: HashMap<Uid, usize> = HashMap::new();
    let mut seen_field: HashMap<Uid, String> = HashMap::new();
    for (i, mut lt) in lead_types {
        let path = format!("LeadTypes[{i}]");
        if let Some(first) = seen_type.get(&lt.lead_type_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.LeadTypeUID"),
                format!(
                    "duplicate LeadTypeUID {} (first at LeadTypes[{first}])",
                    lt.lead_type_uid
                ),
            ));
            continue;
        }
        seen_type.insert(lt.lead_type_uid, i);
        if let Some(w) = zone_warning(
            format!("{path}.timezone"),
            lt.timezone.as_deref(),
            "the default zone",
        ) {
            ctx.problems.push(w);
        }
        let mut descriptors: HashMap<String, usize> = HashMap::new();
        let mut fields = Vec::with_capacity(lt.fields.len());
        for (j, mut f) in std::mem::take(&mut lt.fields).into_iter().enumerate() {
            let fpath = format!("{path}.Fields[{j}]");
            if f.lead_type_uid != 0 && f.lead_type_uid != lt.lead_type_uid {
                ctx.problems.push(Problem::error(
                    format!("{fpath}.LeadTypeUID"),
                    format!(
                        "field belongs to lead type {} but is listed under lead type {}",
                        f.lead_type_uid, lt.lead_type_uid
                    ),
                ));
                continue;
            }
            f.lead_type_uid = lt.lead_type_uid;
            if f.lead_field_uid != 0 {
                if let Some(first) = seen_field.get(&f.lead_field_uid) {
                    ctx.problems.push(Problem::error(
                        format!("{fpath}.LeadFieldUID"),
                        format!(
                            "duplicate LeadFieldUID {} (first at {first})",
                            f.lead_field_uid
                        ),
                    ));
                    continue;
                }
                seen_field.insert(f.lead_field_uid, fpath.clone());
            }
            let key = f.descriptor.trim().to_lowercase();
            if !key.is_empty() {
                if let Some(first) = descriptors.get(&key) {
                    ctx.problems.push(Problem::error(
                        format!("{fpath}.Descriptor"),
                        format!(
                            "duplicate field Descriptor {:?} (first at {path}.Fields[{first}])",
                            f.descriptor
                        ),
                    ));
                    continue;
                }
                descriptors.insert(key, j);
            }
            fields.push(f);
        }
        lt.fields = fields;
        snap.lead_types.push(lt);
    }
    // Each loaded lead type's position and the UIDs of its fields, for the reference
    // checks below (accounts, lists and campaigns look them up once per record).
    let type_index: HashMap<Uid, usize> = snap
        .lead_types
        .iter()
        .enumerate()
        .map(|(k, t)| (t.lead_type_uid, k))
        .collect();
    let type_fields: Vec<HashSet<Uid>> = snap
        .lead_types
        .iter()
        .map(|t| t.fields.iter().map(|f| f.lead_field_uid).collect())
        .collect();

    // Clients.
    let mut seen_client: HashMap<Uid, usize> = HashMap::new();
    for (i, c) in ctx.ok_records::<Client>(raw.clients, "Clients") {
        let path = format!("Clients[{i}]");
        if let Some(first) = seen_client.get(&c.client_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.ClientUID"),
                format!(
                    "duplicate ClientUID {} (first at Clients[{first}])",
                    c.client_uid
                ),
            ));
            continue;
        }
        if let Some(off) = c.time_offset {
            if !(-14.0..=14.0).contains(&off) {
                ctx.problems.push(Problem::error(
                    format!("{path}.TimeOffset"),
                    format!("TimeOffset {off} is outside -14..14 hours"),
                ));
                continue;
            }
        }
        if let Some(w) = c.weight {
            if w < 0.0 {
                ctx.problems.push(Problem::error(
                    format!("{path}.Weight"),
                    format!("Weight {w} is negative"),
                ));
                continue;
            }
        }
        if let Some(p) = c.target_percentage {
            if !(0.0..=100.0).contains(&p) {
                ctx.problems.push(Problem::error(
                    format!("{path}.TargetPercentage"),
                    format!("TargetPercentage {p} is outside 0..100"),
                ));
                continue;
            }
        }
        let fallback = match c.time_offset {
            Some(off) => format!("TimeOffset {off}"),
            None => "the default zone".to_string(),
        };
        if let Some(w) = zone_warning(
            format!("{path}.TimeZoneName"),
            c.time_zone_name.as_deref(),
            &fallback,
        ) {
            ctx.problems.push(w);
        }
        seen_client.insert(c.client_uid, i);
        snap.clients.push(c);
    }

    // Delivery accounts: a bad one is kept as misconfigured, with what could be read.
    let mut seen_account: HashMap<Uid, String> = HashMap::new();
    for (i, r) in ctx.array::<DeliveryAccount>(raw.delivery_accounts, "DeliveryAccounts") {
        let path = format!("DeliveryAccounts[{i}]");
        match r {
            Err(p) => {
                // Read what can be read of the account (its ids) from its own element
                // only: the array was split once, when it was located.
                let ids = ctx
                    .locator
                    .element("DeliveryAccounts", i)
                    .and_then(|e| serde_json::from_str::<serde_json::Value>(e.get()).ok());
                let num = |v: Option<&serde_json::Value>| {
                    v.and_then(|x| {
                        x.as_i64()
                            .or_else(|| x.as_str().and_then(|s| s.trim().parse().ok()))
                    })
                };
                let client_uid = num(ids.as_ref().and_then(|v| v.get("ClientUID"))).unwrap_or(0);
                let account_uid =
                    num(ids.as_ref().and_then(|v| v.get("ClientAccountUID"))).unwrap_or(0);
                let lead_type = num(ids
                    .as_ref()
                    .and_then(|v| v.get("DeliveryDetails"))
                    .and_then(|d| d.get("LeadTypeUID")));
                // The account exists, even if it cannot be used: orders naming it are
                // not "for an unknown account".
                if account_uid != 0 {
                    seen_account
                        .entry(account_uid)
                        .or_insert_with(|| path.clone());
                }
                snap.misconfigured.push(Misconfigured {
                    client_uid,
                    client_account_uid: account_uid,
                    lead_type_uid: lead_type,
                    path: path.clone(),
                    message: p.to_string(),
                });
                ctx.problems.push(p);
            }
            Ok(a) => {
                if let Some(first) = seen_account.get(&a.client_account_uid) {
                    let p = ctx.locator.place(Problem::error(
                        format!("{path}.ClientAccountUID"),
                        format!(
                            "duplicate ClientAccountUID {} (first at {first})",
                            a.client_account_uid
                        ),
                    ));
                    snap.misconfigured.push(Misconfigured {
                        client_uid: a.client_uid,
                        client_account_uid: a.client_account_uid,
                        lead_type_uid: a.delivery_details.as_ref().map(|d| d.lead_type_uid),
                        path: path.clone(),
                        message: p.to_string(),
                    });
                    ctx.problems.push(p);
                    continue;
                }
                seen_account.insert(a.client_account_uid, path.clone());
                let mut errs: Vec<Problem> = Vec::new();
                if !seen_client.contains_key(&a.client_uid) {
                    errs.push(Problem::error(
                        format!("{path}.ClientUID"),
                        format!("unknown client {}", a.client_uid),
                    ));
                }
                match &a.delivery_details {
                    None => errs.push(Problem::error(
                        format!("{path}.DeliveryDetails"),
                        "missing DeliveryDetails: the account's lead type is unknown",
                    )),
                    Some(d) => {
                        if !seen_type.contains_key(&d.lead_type_uid) {
                            errs.push(Problem::error(
                                format!("{path}.DeliveryDetails.LeadTypeUID"),
                                format!("unknown lead type {}", d.lead_type_uid),
                            ));
                        }
                        for (j, day) in d.delivery_days.iter().enumerate() {
                            if day.static_date.is_none() {
                                if let Some(w) = day.week_day {
                                    if !(0..=6).contains(&w) {
                                        errs.push(Problem::error(
                                            format!(
                                                "{path}.DeliveryDetails.DeliveryDays[{j}].WeekDay"
                                            ),
                                            format!(
                                                "WeekDay {w} is outside 0 (Sunday) .. 6 (Saturday)"
                                            ),
                                        ));
                                    }
                                }
                            }
                        }
                    }
                }
                if let Some(delay) = a.delivery_delay {
                    if !(0..=366 * 86_400).contains(&delay) {
                        errs.push(Problem::error(
                            format!("{path}.DeliveryDelay"),
                            format!("DeliveryDelay {delay} is outside 0 .. 366 days in seconds"),
                        ));
                    }
                }
                if a.price.is_sign_negative() && !a.price.is_zero() {
                    errs.push(Problem::error(
                        format!("{path}.Price"),
                        format!("Price {} is negative", a.price),
                    ));
                }
                let lt = a
                    .delivery_details
                    .as_ref()
                    .and_then(|d| type_index.get(&d.lead_type_uid).copied());
                if let Some(k) = lt {
                    for (j, c) in a.criteria.iter().enumerate() {
                        if c.lead_field_uid != 0 && !type_fields[k].contains(&c.lead_field_uid) {
                            errs.push(Problem::error(
                                format!("{path}.Criteria[{j}].LeadFieldUID"),
                                format!(
                                    "unknown lead field {} for lead type {}",
                                    c.lead_field_uid, snap.lead_types[k].lead_type_uid
                                ),
                            ));
                        }
                    }
                }
                let errs: Vec<Problem> = errs.into_iter().map(|e| ctx.locator.place(e)).collect();
                if let Some(first) = errs.first() {
                    snap.misconfigured.push(Misconfigured {
                        client_uid: a.client_uid,
                        client_account_uid: a.client_account_uid,
                        lead_type_uid: a.delivery_details.as_ref().map(|d| d.lead_type_uid),
                        path: path.clone(),
                        message: first.to_string(),
                    });
                    ctx.problems.extend(errs);
                } else {
                    snap.delivery_accounts.push(a);
                    snap.delivery_account_paths.push(path);
                }
            }
        }
    }

    // Orders.
    let mut seen_order: HashMap<Uid, usize> = HashMap::new();
    let mut seen_item: HashMap<Uid, String> = HashMap::new();
    for (i, o) in ctx.ok_records::<Order>(raw.orders, "Orders") {
        let path = format!("Orders[{i}]");
        if let Some(first) = seen_order.get(&o.client_order_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.ClientOrderUID"),
                format!(
                    "duplicate ClientOrderUID {} (first at Orders[{first}])",
                    o.client_order_uid
                ),
            ));
            continue;
        }
        if !seen_client.contains_key(&o.client_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.ClientUID"),
                format!("unknown client {}", o.client_uid),
            ));
            continue;
        }
        let mut bad = false;
        for (j, it) in o.items.iter().enumerate() {
            let ipath = format!("{path}.Items[{j}]");
            if let Some(first) = seen_item.get(&it.client_order_item_uid) {
                ctx.problems.push(Problem::error(
                    format!("{ipath}.ClientOrderItemUID"),
                    format!(
                        "duplicate ClientOrderItemUID {} (first at {first})",
                        it.client_order_item_uid
                    ),
                ));
                bad = true;
            }
            seen_item.insert(it.client_order_item_uid, ipath.clone());
            if let Some(acc) = it.client_account_uid {
                if acc != 0 && !seen_account.contains_key(&acc) {
                    ctx.problems.push(Problem::warning(
                        format!("{ipath}.ClientAccountUID"),
                        format!("unknown delivery account {acc}: the item applies to no account"),
                    ));
                }
            }
            if it.qty.is_some_and(|q| q < 0) {
                ctx.problems
                    .push(Problem::error(format!("{ipath}.Qty"), "Qty is negative"));
                bad = true;
            }
            if it.price.is_sign_negative() && !it.price.is_zero() {
                ctx.problems.push(Problem::error(
                    format!("{ipath}.Price"),
                    "Price is negative",
                ));
                bad = true;
            }
        }
        if let (Some(s), Some(e)) = (o.start_date, o.end_date) {
            if e < s {
                ctx.problems.push(Problem::warning(
                    format!("{path}.EndDate"),
                    "EndDate is before StartDate: the order is never usable",
                ));
            }
        }
        seen_order.insert(o.client_order_uid, i);
        if !bad {
            snap.orders.push(o);
        }
    }

    // Distribution lists.
    let mut seen_list: HashMap<Uid, usize> = HashMap::new();
    for (i, l) in ctx.ok_records::<DistributionList>(raw.distribution_lists, "DistributionLists") {
        let path = format!("DistributionLists[{i}]");
        if let Some(first) = seen_list.get(&l.custom_list_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.CustomListUID"),
                format!(
                    "duplicate CustomListUID {} (first at DistributionLists[{first}])",
                    l.custom_list_uid
                ),
            ));
            continue;
        }
        seen_list.insert(l.custom_list_uid, i);
        match type_index.get(&l.lead_type_uid).copied() {
            None => {
                ctx.problems.push(Problem::error(
                    format!("{path}.LeadTypeUID"),
                    format!("unknown lead type {}", l.lead_type_uid),
                ));
                continue;
            }
            Some(k) => {
                if !type_fields[k].contains(&l.lead_field_uid) {
                    ctx.problems.push(Problem::error(
                        format!("{path}.LeadFieldUID"),
                        format!(
                            "unknown lead field {} for lead type {}",
                            l.lead_field_uid, l.lead_type_uid
                        ),
                    ));
                    continue;
                }
                if let Some(dep) = l.depend_field.filter(|d| *d != 0) {
                    if !type_fields[k].contains(&dep) {
                        ctx.problems.push(Problem::error(
                            format!("{path}.DependField"),
                            format!("unknown lead field {dep} for lead type {}", l.lead_type_uid),
                        ));
                        continue;
                    }
                }
            }
        }
        if let Some(dc) = l.default_client.filter(|d| *d != 0) {
            if !seen_client.contains_key(&dc) {
                ctx.problems.push(Problem::warning(
                    format!("{path}.DefaultClient"),
                    format!("unknown client {dc}"),
                ));
            }
        }
        for (j, it) in l.items.iter().enumerate() {
            let mut ids: Vec<(i64, &str)> = Vec::new();
            if let Some(c) = it.assigned_client.filter(|c| *c != 0) {
                ids.push((c, "AssignedClient"));
            }
            let mut bad_part = None;
            for part in it.assigned_clients.as_deref().unwrap_or("").split('|') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                match part.parse::<i64>() {
                    Ok(c) => ids.push((c, "AssignedClients")),
                    Err(_) => bad_part = Some(part.to_string()),
                }
            }
            if let Some(bp) = bad_part {
                ctx.problems.push(Problem::error(
                    format!("{path}.Items[{j}].AssignedClients"),
                    format!("{bp:?} is not a client id"),
                ));
            }
            for (c, field) in ids {
                if !seen_client.contains_key(&c) {
                    ctx.problems.push(Problem::warning(
                        format!("{path}.Items[{j}].{field}"),
                        format!("assigned to unknown client {c}"),
                    ));
                }
            }
        }
        snap.distribution_lists.push(l);
    }

    // Lead sources and campaigns.
    let mut seen_source: HashMap<Uid, usize> = HashMap::new();
    for (i, s) in ctx.ok_records::<LeadSource>(raw.lead_sources, "LeadSources") {
        if let Some(first) = seen_source.get(&s.lp_vendor_uid) {
            ctx.problems.push(Problem::error(
                format!("LeadSources[{i}].LPVendorUID"),
                format!(
                    "duplicate LPVendorUID {} (first at LeadSources[{first}])",
                    s.lp_vendor_uid
                ),
            ));
            continue;
        }
        seen_source.insert(s.lp_vendor_uid, i);
        snap.lead_sources.push(s);
    }
    let mut seen_campaign: HashMap<Uid, usize> = HashMap::new();
    for (i, c) in ctx.ok_records::<Campaign>(raw.campaigns, "Campaigns") {
        let path = format!("Campaigns[{i}]");
        if let Some(first) = seen_campaign.get(&c.vendor_account_uid) {
            ctx.problems.push(Problem::error(
                format!("{path}.VendorAccountUID"),
                format!(
                    "duplicate VendorAccountUID {} (first at Campaigns[{first}])",
                    c.vendor_account_uid
                ),
            ));
            continue;
        }
        let Some(k) = type_index.get(&c.lead_type_uid).copied() else {
            ctx.problems.push(Problem::error(
                format!("{path}.LeadTypeUID"),
                format!("unknown lead type {}", c.lead_type_uid),
            ));
            continue;
        };
        let mut bad = false;
        for (j, r) in c.rules.iter().enumerate() {
            if r.lead_field_uid != 0 && !type_fields[k].contains(&r.lead_field_uid) {
                ctx.problems.push(Problem::error(
                    format!("{path}.Rules[{j}].LeadFieldUID"),
                    format!(
                        "unknown lead field {} for lead type {}",
                        r.lead_field_uid, c.lead_type_uid
                    ),
                ));
                bad = true;
            }
        }
        if bad {
            continue;
        }
        if !seen_source.contains_key(&c.vendor_uid) && !seen_source.is_empty() {
            ctx.problems.push(Problem::warning(
                format!("{path}.VendorUID"),
                format!("unknown lead source {}", c.vendor_uid),
            ));
        }
        seen_campaign.insert(c.vendor_account_uid, i);
        snap.campaigns.push(c);
    }

    // The ledger and earlier leads.
    for (_, s) in ctx.ok_records::<Send>(raw.sends, "Sends") {
        snap.sends.push(s);
    }
    let mut seen_lead: HashMap<Uid, usize> = HashMap::new();
    for (i, l) in ctx.ok_records::<Lead>(raw.leads, "Leads") {
        if let Some(first) = seen_lead.get(&l.lead_uid) {
            ctx.problems.push(Problem::error(
                format!("Leads[{i}].LeadUID"),
                format!("duplicate LeadUID {} (first at Leads[{first}])", l.lead_uid),
            ));
            continue;
        }
        seen_lead.insert(l.lead_uid, i);
        snap.leads.push(l);
    }

    // Problems found after reading get the position of the value their path names.
    let problems = std::mem::take(&mut ctx.problems);
    let mut problems: Vec<Problem> = problems.into_iter().map(|p| ctx.locator.place(p)).collect();
    // Input order: by position (stable, so problems at one place keep the order they
    // were found in); a problem that could not be placed comes last.
    problems.sort_by_key(|p| (p.line.is_none(), p.line, p.column));
    snap.problems = problems;
    snap
}

/// Reads one record of type `T` from JSON text, reporting the path of any problem.
///
/// Used for single leads and for the record-level conformance of the source examples.
///
/// # Errors
/// The problem, with its path, line and column.
pub fn parse_record<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let raw: &RawValue = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let msg = strip_serde_position(&e.to_string());
            return Err(Problem::error("", format!("invalid JSON: {msg}")).at(e.line(), e.column()));
        }
    };
    let mut ctx = Ctx {
        text,
        problems: Vec::new(),
        locator: Locator::default(),
    };
    ctx.record::<T>(raw, "")
}
