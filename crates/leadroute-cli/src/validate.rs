//! `leadroute validate`: every problem of a snapshot, with its path, and the lints of
//! SPEC.md section 11 (warnings, exit 0).
//!
//! Lints, each a warning naming the record:
//! - an account that can never receive a lead: its delivery days have no open time at
//!   all; criteria on one field that no value satisfies together (`Equal 5` and
//!   `Equal 6`, `Equal 5` and `NotIn 5`, two `In` lists without a common item, ...);
//!   an `In` (or `Contains`) list with no items; a lead type no campaign sends;
//! - an order that ended;
//! - distribution list items (and defaults) assigned to unknown clients (reported by
//!   the loader itself, as warnings).
//!
//! Readings where SPEC.md leaves room:
//! - *Contradictory criteria* are found exactly where the possible values of a field are
//!   a finite list: when the field has an `Equal` criterion, or an `In` list without
//!   prefix items (`902*`). Each listed value is tried against every `FieldValue` and
//!   `Expression` criterion of that field; if none passes them all, the account can
//!   never match. Fields tested by `DateCompare`, `Distance_Compare` or a clock-reading
//!   criterion, and `DateTime` fields (whose comparisons depend on the client's zone),
//!   are not linted; `Function` criteria are left out of the check (they read other
//!   fields). So a lint is never a false alarm, and some contradictions (`Greater 10`
//!   with `Less 5`) are not found.
//! - *A lead type no campaign sends* is linted only when the snapshot has campaigns at
//!   all (a snapshot without `Campaigns` says nothing about intake); a campaign of any
//!   status counts, since a paused campaign can resume.
//! - *An order that ended*: `validate` takes no `--at` and never reads the clock, so
//!   "ended" is judged against the snapshot's own latest instant (the latest `DateSent`
//!   of `Sends`, `DateReceived` of `Leads` or client `LastSentDate`): an order whose
//!   `EndDate` is at or before it has ended. An order whose `EndDate` is not after its
//!   `StartDate` is never usable and is linted whatever the snapshot holds.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use leadroute_criteria::{compile, split_list, CompiledCriterion, LeadSchema, Zone};
use leadroute_model::{
    Criterion, CriterionType, DeliveryAccount, FieldDataType, LeadType, Operator, Problem,
    Snapshot, Uid,
};
use serde_json::Value;

use crate::{read_file, Outcome};

/// Loads the snapshot, prints its problems and lints and returns 1 when any is an error.
pub(crate) fn run(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let Some(text) = read_file(path, err) else {
        return Outcome::BadInput;
    };
    let snapshot = leadroute_model::load_snapshot(&text);
    let found_lints = lints(&snapshot, &text);
    // Compiling the snapshot finds what loading cannot: criteria and schedules that do
    // not compile.
    let mut problems = leadroute_engine::Engine::new(snapshot).problems();
    problems.extend(found_lints);
    let problems = &problems;
    if json {
        let _ = serde_json::to_writer_pretty(&mut *out, problems);
        let _ = writeln!(out);
    } else if problems.is_empty() {
        let _ = writeln!(out, "{}: no problems", path.display());
    } else {
        for p in problems {
            let _ = writeln!(out, "{}: {p}", path.display());
        }
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let _ = writeln!(
            out,
            "{} error(s), {} warning(s)",
            errors,
            problems.len() - errors
        );
    }
    if problems.iter().any(leadroute_model::Problem::is_error) {
        Outcome::BadInput
    } else {
        Outcome::Success
    }
}

/// The lints of SPEC.md 11 for a loaded snapshot (`text` is its source, for the paths of
/// orders). All are warnings.
pub(crate) fn lints(snapshot: &Snapshot, text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let schemas: HashMap<Uid, (LeadSchema, &LeadType)> = snapshot
        .lead_types
        .iter()
        .map(|t| (t.lead_type_uid, (LeadSchema::new(t), t)))
        .collect();
    let campaign_types: HashSet<Uid> = snapshot.campaigns.iter().map(|c| c.lead_type_uid).collect();
    for (i, a) in snapshot.delivery_accounts.iter().enumerate() {
        let path = snapshot
            .delivery_account_paths
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("DeliveryAccounts[{i}]"));
        lint_account(
            a,
            &path,
            &schemas,
            &campaign_types,
            !snapshot.campaigns.is_empty(),
            &mut out,
        );
    }
    lint_orders(snapshot, text, &mut out);
    out
}

const NEVER: &str = "the account can never receive a lead";

fn lint_account(
    a: &DeliveryAccount,
    path: &str,
    schemas: &HashMap<Uid, (LeadSchema, &LeadType)>,
    campaign_types: &HashSet<Uid>,
    have_campaigns: bool,
    out: &mut Vec<Problem>,
) {
    if let Some(d) = &a.delivery_details {
        if !d.delivery_days.is_empty() {
            if let Ok(hours) = leadroute_caps::compile_delivery_days(&d.delivery_days) {
                if hours.is_never_open() {
                    out.push(Problem::warning(
                        format!("{path}.DeliveryDetails.DeliveryDays"),
                        format!("{NEVER}: its delivery days have no open time"),
                    ));
                }
            }
        }
        if have_campaigns && !campaign_types.contains(&d.lead_type_uid) {
            out.push(Problem::warning(
                format!("{path}.DeliveryDetails.LeadTypeUID"),
                format!("{NEVER}: no campaign sends lead type {}", d.lead_type_uid),
            ));
        }
    }
    // Empty lists: `In` and `Contains` with no items match nothing.
    for (j, c) in a.criteria.iter().enumerate() {
        if c.delete || c.criterion_type != CriterionType::FieldValue {
            continue;
        }
        let kind = match c.operator {
            Some(Operator::In) => "In",
            Some(Operator::Contains) => "Contains",
            _ => continue,
        };
        if split_list(&c.value).is_empty() {
            out.push(Problem::warning(
                format!("{path}.Criteria[{j}].Value"),
                format!("{NEVER}: its {kind} list has no items"),
            ));
        }
    }
    let Some((schema, lead_type)) = a
        .delivery_details
        .as_ref()
        .and_then(|d| schemas.get(&d.lead_type_uid))
    else {
        return;
    };
    if let Some(p) = contradiction(a, path, schema, lead_type) {
        out.push(p);
    }
}

/// One field's criteria that can be checked together: `(index in Criteria, record,
/// compiled)`.
type FieldCriteria<'a> = Vec<(usize, &'a Criterion, CompiledCriterion)>;

/// The first field whose criteria no value satisfies together, as a lint.
fn contradiction(
    a: &DeliveryAccount,
    path: &str,
    schema: &LeadSchema,
    lead_type: &LeadType,
) -> Option<Problem> {
    let mut by_field: BTreeMap<Uid, FieldCriteria<'_>> = BTreeMap::new();
    let mut skip: HashSet<Uid> = HashSet::new();
    for (j, c) in a.criteria.iter().enumerate() {
        if c.delete || c.criterion_type == CriterionType::Function {
            continue;
        }
        let Ok(cc) = compile(schema, c) else {
            // Reported as an error by the engine; nothing to lint.
            skip.insert(c.lead_field_uid);
            continue;
        };
        if cc.reads_clock()
            || matches!(
                c.operator,
                Some(Operator::DateCompare | Operator::DistanceCompare)
            )
        {
            skip.insert(c.lead_field_uid);
        }
        by_field
            .entry(c.lead_field_uid)
            .or_default()
            .push((j, c, cc));
    }
    for (field, criteria) in &by_field {
        if skip.contains(field) || criteria.len() < 2 {
            continue;
        }
        let Some(data_type) = lead_type
            .fields
            .iter()
            .find(|f| f.lead_field_uid == *field)
            .map(|f| f.data_type)
        else {
            continue;
        };
        let Some(candidates) = candidates(criteria, data_type) else {
            continue;
        };
        if candidates.is_empty() {
            // An empty `In` list, linted on its own.
            continue;
        }
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let satisfiable = candidates.iter().any(|v| {
            let lead = schema.prepare(&BTreeMap::from([(field.to_string(), v.clone())]));
            criteria
                .iter()
                .all(|(_, _, cc)| cc.check(&lead, now, &Zone::UTC).is_ok())
        });
        if !satisfiable {
            let listed: Vec<String> = criteria
                .iter()
                .map(|(j, c, cc)| {
                    let op = c.operator.map_or_else(String::new, |o| o.to_string());
                    match cc.criterion_type() {
                        CriterionType::Expression => format!(
                            "Criteria[{j}] Expression {op} {:?}",
                            c.expression.as_deref().unwrap_or("")
                        ),
                        _ => format!("Criteria[{j}] {op} {:?}", c.value),
                    }
                })
                .collect();
            let name = criteria[0].2.descriptor();
            return Some(Problem::warning(
                format!("{path}.Criteria"),
                format!(
                    "{NEVER}: its criteria on field {name:?} contradict each other ({}): no value satisfies them all",
                    listed.join(", ")
                ),
            ));
        }
    }
    None
}

/// The finite list of values a field can have to pass its criteria, when there is one:
/// an `Equal` value, or the items of the shortest `In` list without prefix items.
/// `None` when the field's values are not a finite list (or it is a `DateTime` field).
fn candidates(criteria: &FieldCriteria<'_>, data_type: FieldDataType) -> Option<Vec<String>> {
    if data_type == FieldDataType::DateTime {
        return None;
    }
    let text = matches!(
        data_type,
        FieldDataType::Varchar | FieldDataType::NoDataType
    );
    let mut best: Option<Vec<String>> = None;
    for (_, c, _) in criteria {
        if c.criterion_type != CriterionType::FieldValue {
            continue;
        }
        let list: Vec<String> = match c.operator {
            Some(Operator::Equal) => vec![c.value.trim().to_string()],
            Some(Operator::In) => {
                let items = split_list(&c.value);
                if text && items.iter().any(|i| i.ends_with('*')) {
                    continue;
                }
                items.into_iter().map(str::to_string).collect()
            }
            _ => continue,
        };
        if best.as_ref().is_none_or(|b| list.len() < b.len()) {
            best = Some(list);
        }
    }
    best
}

fn lint_orders(snapshot: &Snapshot, text: &str, out: &mut Vec<Problem>) {
    let latest = snapshot
        .sends
        .iter()
        .map(|s| s.date_sent)
        .chain(snapshot.leads.iter().filter_map(|l| l.date_received))
        .chain(snapshot.clients.iter().filter_map(|c| c.last_sent_date))
        .max();
    let raw: Option<Value> = serde_json::from_str(text).ok();
    let raw_orders = raw
        .as_ref()
        .and_then(|v| v.get("Orders"))
        .and_then(Value::as_array);
    let path_of = |uid: Uid| -> String {
        let index = raw_orders.and_then(|list| {
            list.iter().position(|o| {
                let v = o.get("ClientOrderUID");
                v.and_then(Value::as_i64) == Some(uid)
                    || v.and_then(Value::as_str)
                        .and_then(|s| s.trim().parse().ok())
                        == Some(uid)
            })
        });
        match index {
            Some(k) => format!("Orders[{k}]"),
            None => format!("Orders (ClientOrderUID {uid})"),
        }
    };
    let show = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for o in &snapshot.orders {
        let Some(end) = o.end_date else {
            continue;
        };
        if let Some(start) = o.start_date.filter(|s| end <= *s) {
            out.push(Problem::warning(
                format!("{}.EndDate", path_of(o.client_order_uid)),
                format!(
                    "the order is never usable: it ends at {} and starts at {}",
                    show(end),
                    show(start)
                ),
            ));
        } else if let Some(t) = latest.filter(|t| end <= *t) {
            out.push(Problem::warning(
                format!("{}.EndDate", path_of(o.client_order_uid)),
                format!(
                    "the order ended at {}, before the snapshot's latest activity ({})",
                    show(end),
                    show(t)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lead type 1 (State Varchar, Age Int) is sent by a campaign; lead type 2 is not.
    /// The latest activity in the snapshot is the send of 2026-03-02T15:00:00Z.
    fn snapshot_with(accounts: &str, orders: &str) -> String {
        format!(
            r#"{{
  "LeadTypes": [
    {{"LeadTypeUID": 1, "Fields": [
      {{"LeadFieldUID": 10, "Descriptor": "State", "FieldDataType": "Varchar"}},
      {{"LeadFieldUID": 11, "Descriptor": "Age", "FieldDataType": "Int"}}]}},
    {{"LeadTypeUID": 2, "Fields": []}}
  ],
  "Clients": [{{"ClientUID": 100, "Status": "Active", "TimeZoneName": "UTC"}}],
  "DeliveryAccounts": [{accounts}],
  "Orders": [{orders}],
  "LeadSources": [{{"LPVendorUID": 800, "Status": "Active"}}],
  "Campaigns": [{{"VendorUID": 800, "VendorAccountUID": 900, "LeadTypeUID": 1, "Status": "Active"}}],
  "Sends": [{{"LeadUID": 1, "ClientUID": 100, "ClientAccountUID": 1, "DateSent": "2026-03-02T15:00:00Z", "IsValid": true, "Price": 1}}]
}}"#
        )
    }

    fn account(uid: i64, lead_type: i64, criteria: &str, days: &str) -> String {
        format!(
            r#"{{"ClientAccountUID": {uid}, "ClientUID": 100, "Status": "Open",
  "Criteria": [{criteria}],
  "DeliveryDetails": {{"Status": true, "LeadTypeUID": {lead_type}, "DeliveryDays": [{days}]}}}}"#
        )
    }

    fn crit(uid: i64, field: i64, op: &str, value: &str) -> String {
        format!(
            r#"{{"ClientCriteriaUID": {uid}, "LeadFieldUID": {field}, "Type": "FieldValue", "Operator": "{op}", "Value": "{value}"}}"#
        )
    }

    fn lint_texts(text: &str) -> Vec<String> {
        let snapshot = leadroute_model::load_snapshot(text);
        assert!(!snapshot.has_errors(), "{:?}", snapshot.problems);
        let found = lints(&snapshot, text);
        assert!(found.iter().all(|p| !p.is_error()), "lints are warnings");
        found
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    #[test]
    fn contradictory_criteria_on_one_field_are_linted() {
        let text = snapshot_with(
            &[
                // Equal 5 and Equal 6: no value is both.
                account(
                    1,
                    1,
                    &[crit(1, 11, "Equal", "5"), crit(2, 11, "Equal", "6")].join(","),
                    "",
                ),
                // In CA|NV and NotIn nv,ca (case-insensitive): nothing is left.
                account(
                    2,
                    1,
                    &[crit(3, 10, "In", "CA|NV"), crit(4, 10, "NotIn", "nv,ca")].join(","),
                    "",
                ),
                // Two In lists without a common item.
                account(
                    3,
                    1,
                    &[crit(5, 10, "In", "CA|NV"), crit(6, 10, "In", "TX|OR")].join(","),
                    "",
                ),
                // Satisfiable: Equal 5 inside Between 1|10; In lists sharing NV.
                account(
                    4,
                    1,
                    &[
                        crit(7, 11, "Equal", "5"),
                        crit(8, 11, "Between", "1|10"),
                        crit(9, 10, "In", "CA|NV"),
                        crit(10, 10, "In", "NV,TX"),
                    ]
                    .join(","),
                    "",
                ),
                // Equal 5 and Greater 10 contradict; the Equal candidate finds it.
                account(
                    5,
                    1,
                    &[crit(11, 11, "Equal", "5"), crit(12, 11, "Greater", "10")].join(","),
                    "",
                ),
                // A prefix item makes the In list open-ended: not linted.
                account(
                    6,
                    1,
                    &[crit(13, 10, "In", "C*"), crit(14, 10, "NotIn", "CA")].join(","),
                    "",
                ),
            ]
            .join(","),
            "",
        );
        assert_eq!(
            lint_texts(&text),
            [
                "DeliveryAccounts[0].Criteria: the account can never receive a lead: its criteria on field \"Age\" contradict each other (Criteria[0] Equal \"5\", Criteria[1] Equal \"6\"): no value satisfies them all",
                "DeliveryAccounts[1].Criteria: the account can never receive a lead: its criteria on field \"State\" contradict each other (Criteria[0] In \"CA|NV\", Criteria[1] NotIn \"nv,ca\"): no value satisfies them all",
                "DeliveryAccounts[2].Criteria: the account can never receive a lead: its criteria on field \"State\" contradict each other (Criteria[0] In \"CA|NV\", Criteria[1] In \"TX|OR\"): no value satisfies them all",
                "DeliveryAccounts[4].Criteria: the account can never receive a lead: its criteria on field \"Age\" contradict each other (Criteria[0] Equal \"5\", Criteria[1] Greater \"10\"): no value satisfies them all",
            ]
        );
    }

    #[test]
    fn empty_lists_closed_schedules_and_unsent_lead_types_are_linted() {
        let text = snapshot_with(
            &[
                account(1, 1, &crit(1, 10, "In", " | , "), ""),
                account(2, 1, &crit(2, 10, "Contains", ""), ""),
                // NotIn with no items excludes nothing: fine.
                account(3, 1, &crit(3, 10, "NotIn", ""), ""),
                // Only a deny window: nothing ever opens.
                account(
                    4,
                    1,
                    "",
                    r#"{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": false}"#,
                ),
                // Open on Mondays: fine.
                account(
                    5,
                    1,
                    "",
                    r#"{"WeekDay": 1, "StartTime": "09:00", "EndTime": "17:00", "Allow": true}"#,
                ),
                // Lead type 2: no campaign sends it.
                account(6, 2, "", ""),
            ]
            .join(","),
            "",
        );
        assert_eq!(
            lint_texts(&text),
            [
                "DeliveryAccounts[0].Criteria[0].Value: the account can never receive a lead: its In list has no items",
                "DeliveryAccounts[1].Criteria[0].Value: the account can never receive a lead: its Contains list has no items",
                "DeliveryAccounts[3].DeliveryDetails.DeliveryDays: the account can never receive a lead: its delivery days have no open time",
                "DeliveryAccounts[5].DeliveryDetails.LeadTypeUID: the account can never receive a lead: no campaign sends lead type 2",
            ]
        );
    }

    #[test]
    fn orders_that_ended_before_the_snapshots_latest_activity_are_linted() {
        let order = |uid: i64, start: &str, end: &str| {
            format!(
                r#"{{"ClientOrderUID": {uid}, "ClientUID": 100, "Status": "Open", "StartDate": {start}, "EndDate": {end},
                    "Items": [{{"ClientOrderItemUID": {uid}, "ClientAccountUID": 0, "Qty": 5, "Price": 1}}]}}"#
            )
        };
        let text = snapshot_with(
            &account(1, 1, "", ""),
            &[
                // Ended a day before the latest send (2026-03-02T15:00:00Z).
                order(1, "null", r#""2026-03-01T15:00:00Z""#),
                // Ends exactly at it: ended (EndDate is excluded).
                order(2, "null", r#""2026-03-02T15:00:00Z""#),
                // Ends after it: fine.
                order(3, "null", r#""2026-03-02T15:00:01Z""#),
                // Ends before it starts: never usable.
                order(4, r#""2027-01-01T00:00:00Z""#, r#""2026-12-31T00:00:00Z""#),
                // No end: fine.
                order(5, "null", "null"),
            ]
            .join(","),
        );
        assert_eq!(
            lint_texts(&text),
            [
                "Orders[0].EndDate: the order ended at 2026-03-01T15:00:00Z, before the snapshot's latest activity (2026-03-02T15:00:00Z)",
                "Orders[1].EndDate: the order ended at 2026-03-02T15:00:00Z, before the snapshot's latest activity (2026-03-02T15:00:00Z)",
                "Orders[3].EndDate: the order is never usable: it ends at 2026-12-31T00:00:00Z and starts at 2027-01-01T00:00:00Z",
            ]
        );
    }

    #[test]
    fn lints_are_warnings_so_validate_exits_0_and_prints_them() {
        let text = snapshot_with(
            &account(
                1,
                1,
                &[crit(1, 11, "Equal", "5"), crit(2, 11, "Equal", "6")].join(","),
                "",
            ),
            "",
        );
        let dir =
            std::env::temp_dir().join(format!("leadroute-validate-lint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        std::fs::write(&path, text).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = run(&path, false, &mut out, &mut err);
        assert!(matches!(outcome, Outcome::Success));
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(
                "warning: DeliveryAccounts[0].Criteria: the account can never receive a lead"
            ),
            "{out}"
        );
        assert!(out.ends_with("0 error(s), 1 warning(s)\n"), "{out}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
