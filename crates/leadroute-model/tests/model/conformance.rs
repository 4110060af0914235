//! The source API's JSON examples, verbatim in `tests/seeds/`, read as the records
//! they show (table: `conformance.json`), and one snapshot assembled from them.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use leadroute_model::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::support::{check_subset, read_as};

#[derive(Deserialize)]
struct Case {
    name: String,
    file: String,
    record: String,
    #[serde(default)]
    pointer: String,
    /// When set, the value at `pointer` is an array of this many records, each read
    /// on its own.
    each: Option<usize>,
    expect: Option<Value>,
    syntax_error: Option<Position>,
}

#[derive(Deserialize)]
struct Position {
    line: usize,
    column: usize,
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seeds")
}

fn seed(file: &str) -> String {
    std::fs::read_to_string(seeds_dir().join(file)).expect("seed file exists")
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/model/conformance.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("table exists"))
        .expect("table reads")
}

/// The raw text at a one-level pointer (`""` or `"/Key"`) of a document.
fn at_pointer<'a>(text: &'a str, pointer: &str) -> &'a RawValue {
    if pointer.is_empty() {
        return serde_json::from_str(text).expect("valid JSON");
    }
    let key = pointer.strip_prefix('/').expect("pointer starts with /");
    let map: HashMap<String, &RawValue> = serde_json::from_str(text).expect("an object");
    map.get(key).copied().expect("pointer names a member")
}

#[test]
fn every_source_example_reads_with_its_placeholder_values() {
    let mut failures = Vec::new();
    for case in cases() {
        let text = seed(&case.file);
        if let Some(pos) = &case.syntax_error {
            match read_as(&case.record, &text) {
                Ok(v) => failures.push(format!(
                    "{}: read as {v}, expected a syntax error",
                    case.name
                )),
                Err(p) => {
                    if (p.line, p.column) != (Some(pos.line), Some(pos.column))
                        || !p.message.starts_with("invalid JSON")
                        || !p.path.is_empty()
                    {
                        failures.push(format!(
                            "{}: {p:?}, expected invalid JSON at line {} column {}",
                            case.name, pos.line, pos.column
                        ));
                    }
                }
            }
            continue;
        }
        let raw = at_pointer(&text, &case.pointer);
        let records: Vec<&RawValue> = match case.each {
            Some(n) => {
                let items: Vec<&RawValue> = serde_json::from_str(raw.get()).expect("an array");
                assert_eq!(items.len(), n, "{}: array length", case.name);
                items
            }
            None => vec![raw],
        };
        let expect = case
            .expect
            .as_ref()
            .expect("a case expects values or an error");
        for (i, r) in records.iter().enumerate() {
            match read_as(&case.record, r.get()) {
                Err(p) => failures.push(format!("{} [{i}]: {p}", case.name)),
                Ok(v) => {
                    if let Err(e) = check_subset(expect, &v, &case.record) {
                        failures.push(format!("{} [{i}]: {e}", case.name));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_seed_file_has_a_case() {
    let named: BTreeSet<String> = cases().into_iter().map(|c| c.file).collect();
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(seeds_dir()).expect("seeds dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".json") {
            files.insert(name);
        }
    }
    assert_eq!(named, files);
}

#[test]
fn the_invalid_example_fails_a_whole_snapshot_at_its_own_position() {
    // The example pasted as the value of `LeadTypes[0].Fields` on line 2 keeps its
    // own line numbering shifted by one: the error is on line 25, column 16.
    let text = format!(
        "{{\"LeadTypes\": [{{\"LeadTypeUID\": 1,\n\"Fields\": {}}}]}}",
        seed("client_fields.json")
    );
    let s = load_snapshot(&text);
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    assert_eq!(
        (s.problems[0].line, s.problems[0].column),
        (Some(25), Some(16))
    );
    assert!(s.lead_types.is_empty());
}

fn value(file: &str) -> Value {
    serde_json::from_str(&seed(file)).expect("valid JSON")
}

fn elements(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => panic!("expected an array, got {other}"),
    }
}

fn set(v: &mut Value, key: &str, to: Value) {
    v.as_object_mut()
        .expect("an object")
        .insert(key.to_string(), to);
}

/// A snapshot built only from the source's examples, with UIDs made unique and every
/// reference pointing at a record of the snapshot. It loads with no errors; the only
/// warnings are the deprecated fields the examples fill in.
#[test]
fn a_snapshot_assembled_from_the_examples_loads_without_errors() {
    let mut lead_types = Vec::new();
    let mut lt = value("lead_type_properties.json");
    set(&mut lt, "LeadTypeUID", json!(1));
    set(&mut lt, "Descriptor", json!("Mortgage"));
    let mut fields = elements(value("lead_type_fields.json"));
    for (f, (uid, name)) in fields.iter_mut().zip([(10, "State"), (11, "Zip")]) {
        set(f, "LeadFieldUID", json!(uid));
        set(f, "LeadTypeUID", json!(1));
        set(f, "Descriptor", json!(name));
        for e in f["FieldEnums"].as_array_mut().expect("enums") {
            set(e, "LeadFieldUID", json!(uid));
        }
    }
    set(&mut lt, "Fields", Value::Array(fields));
    lead_types.push(lt);
    for (i, mut t) in elements(value("lead_types_list.json"))
        .into_iter()
        .enumerate()
    {
        set(&mut t, "LeadTypeUID", json!(2 + i));
        lead_types.push(t);
    }
    let mut lt = value("lead_type_for_lead.json");
    set(&mut lt, "LeadTypeUID", json!(4));
    lead_types.push(lt);

    let mut clients = elements(value("clients_list.json"));
    clients.push(value("client_login.json"));
    clients.push(value("create_client.json")["Info"].clone());
    clients.extend(elements(
        value("client_active_list.json")["Clients"].clone(),
    ));
    for (i, c) in clients.iter_mut().enumerate() {
        set(c, "ClientUID", json!(100 + i));
    }

    let mut accounts = elements(value("delivery_accounts_all_filtered.json"));
    accounts.extend(elements(value("delivery_accounts_for_client.json")));
    accounts.push(value("delivery_account_detail.json"));
    let mut created = value("create_delivery_account.json");
    set(
        &mut created,
        "DeliveryDetails",
        value("create_delivery_method.json"),
    );
    accounts.push(created);
    for (i, a) in accounts.iter_mut().enumerate() {
        set(a, "ClientAccountUID", json!(1000 + i));
        set(a, "ClientUID", json!(100 + i));
        for c in a["Criteria"].as_array_mut().expect("criteria") {
            set(c, "LeadFieldUID", json!(10));
        }
        let d = &mut a["DeliveryDetails"];
        set(d, "ClientUID", json!(100 + i));
        set(d, "LeadTypeUID", json!(1));
    }

    let mut orders = elements(value("orders_list.json")["Orders"].clone());
    orders.push(value("create_order.json"));
    for (i, o) in orders.iter_mut().enumerate() {
        set(o, "ClientOrderUID", json!(500 + i));
        set(o, "ClientUID", json!(100 + i));
        for it in o["Items"].as_array_mut().expect("items") {
            set(it, "ClientOrderItemUID", json!(600 + i));
        }
    }

    let mut lists = elements(value("distribution_lists.json"));
    lists.push(value("distribution_list_for_client.json"));
    for (i, l) in lists.iter_mut().enumerate() {
        set(l, "CustomListUID", json!(700 + i));
        set(l, "LeadTypeUID", json!(1));
        set(l, "LeadFieldUID", json!(10));
        let mut item = value("distribution_list_item.json");
        set(&mut item, "CustomListItemUID", json!(750 + i));
        set(&mut item, "CustomListUID", json!(700 + i));
        set(&mut item, "AssignedClients", json!("100|101"));
        l["Items"].as_array_mut().expect("items").push(item);
    }

    let mut sources = elements(value("lead_sources_list.json"));
    sources.push(value("lead_source_detail.json"));
    sources.push(value("create_lead_source.json"));
    for (i, s) in sources.iter_mut().enumerate() {
        set(s, "LPVendorUID", json!(800 + i));
    }

    let mut campaigns = elements(value("campaign_detail.json"));
    campaigns.push(value("create_campaign.json"));
    for (i, c) in campaigns.iter_mut().enumerate() {
        set(c, "VendorUID", json!(800 + i));
        set(c, "VendorAccountUID", json!(900 + i));
        set(c, "LeadTypeUID", json!(1));
        for r in c["Rules"].as_array_mut().expect("rules") {
            set(r, "LeadFieldUID", json!(11));
        }
    }

    let snapshot = json!({
        "LeadTypes": lead_types,
        "Clients": clients,
        "DeliveryAccounts": accounts,
        "Orders": orders,
        "DistributionLists": lists,
        "LeadSources": sources,
        "Campaigns": campaigns,
        "Sends": value("sends_for_lead.json"),
    });
    let s = load_snapshot(&serde_json::to_string_pretty(&snapshot).expect("serializes"));
    let errors: Vec<&Problem> = s.problems.iter().filter(|p| p.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Deprecated fields the examples fill in: IsLocked and DateLocked on the two
    // listed clients and the login client (6); ReturnString, ReturnPostURL and
    // SystemVendor on the four lead sources (12); Flagged, OrderSystem,
    // ShowOnCherryPick, ClientDataVendor and EmailVerify on the three campaigns (15).
    assert_eq!(s.problems.len(), 33, "{:#?}", s.problems);
    assert!(s
        .problems
        .iter()
        .all(|p| p.message.ends_with("is deprecated and ignored") && p.line.is_some()));
    assert_eq!(
        (
            s.lead_types.len(),
            s.lead_types[0].fields.len(),
            s.clients.len()
        ),
        (4, 2, 6)
    );
    assert_eq!((s.delivery_accounts.len(), s.misconfigured.len()), (4, 0));
    assert_eq!((s.orders.len(), s.distribution_lists.len()), (3, 3));
    assert_eq!(
        (s.lead_sources.len(), s.campaigns.len(), s.sends.len()),
        (4, 3, 2)
    );
    // The placeholder StartDate of the listed orders is "no date".
    assert_eq!(s.orders[0].start_date, None);
    assert_eq!(
        s.clients[3].time_zone_name.as_deref(),
        Some("Pacific Standard Time")
    );
}
