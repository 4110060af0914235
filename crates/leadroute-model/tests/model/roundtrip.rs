//! Round trips: any generated model value serializes with serde_json and reads back
//! equal, record by record through `parse_record` and as a whole snapshot through
//! `load_snapshot` (generated with valid references, so that nothing is left out).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leadroute_model::*;
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

fn text() -> impl Strategy<Value = String> {
    // Any characters, including quotes, back slashes, controls and non-ASCII.
    ".{0,10}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn opt_i64() -> impl Strategy<Value = Option<i64>> {
    proptest::option::of(any::<i64>())
}

/// Non-negative amounts with up to 4 decimals (prices, budgets).
fn money() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s))
}

/// Instants between 1970 and 9999 with nanoseconds.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..253_402_300_799, 0u32..1_000_000_000)
        .prop_map(|(s, n)| DateTime::from_timestamp(s, n).expect("in range"))
}

/// Quarter-hour values: the offsets, weights and shares the model carries, all exact
/// in binary, so that the comparison is of the model and not of float printing.
fn quarters(lo: i32, hi: i32) -> impl Strategy<Value = f64> {
    (lo..=hi).prop_map(|q| f64::from(q) / 4.0)
}

fn client(uid: impl Strategy<Value = Uid>) -> impl Strategy<Value = Client> {
    (
        (
            uid,
            select(ClientStatus::ALL),
            proptest::option::of(quarters(-56, 56)),
            opt_text(),
            proptest::option::of(select(AutomationType::ALL)),
            proptest::option::of(any::<i32>()),
            opt_i64(),
            opt_text(),
        ),
        (
            proptest::option::of(instant()),
            proptest::option::of(quarters(0, 400)),
            proptest::option::of(quarters(0, 400)),
            opt_text(),
            opt_text(),
            (opt_i64(), opt_i64(), opt_i64(), opt_i64()),
            opt_text(),
        ),
    )
        .prop_map(
            |(
                (
                    client_uid,
                    status,
                    time_offset,
                    time_zone_name,
                    automation_type,
                    priority,
                    group_uid,
                    name,
                ),
                (
                    last_sent_date,
                    weight,
                    target_percentage,
                    force_id,
                    zip,
                    (hour_max, day_max, week_max, month_max),
                    username,
                ),
            )| Client {
                client_uid,
                status,
                time_offset,
                time_zone_name,
                automation_type,
                priority,
                group_uid,
                name,
                last_sent_date,
                weight,
                target_percentage,
                force_id,
                zip,
                hour_max,
                day_max,
                week_max,
                month_max,
                username,
            },
        )
}

fn criterion(field: impl Strategy<Value = Uid>) -> impl Strategy<Value = Criterion> {
    (
        any::<i64>(),
        field,
        select(CriterionType::ALL),
        opt_text(),
        proptest::option::of(select(Operator::ALL)),
        text(),
        any::<bool>(),
    )
        .prop_map(
            |(
                criterion_uid,
                lead_field_uid,
                criterion_type,
                expression,
                operator,
                value,
                delete,
            )| {
                Criterion {
                    criterion_uid,
                    lead_field_uid,
                    criterion_type,
                    expression,
                    operator,
                    value,
                    delete,
                }
            },
        )
}

fn delivery_day() -> impl Strategy<Value = DeliveryDay> {
    (
        any::<i64>(),
        any::<i64>(),
        proptest::option::of(0i64..7),
        opt_text(),
        opt_text(),
        opt_text(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(
                delivery_day_uid,
                delivery_uid,
                week_day,
                static_date,
                start_time,
                end_time,
                allow,
            )| {
                DeliveryDay {
                    delivery_day_uid,
                    delivery_uid,
                    week_day,
                    static_date,
                    start_time,
                    end_time,
                    allow,
                }
            },
        )
}

fn field_setting() -> impl Strategy<Value = FieldSetting> {
    (
        (
            any::<i64>(),
            any::<i64>(),
            any::<bool>(),
            opt_text(),
            opt_i64(),
            opt_text(),
        ),
        (opt_text(), opt_i64(), opt_text(), any::<bool>()),
        proptest::collection::vec(
            (
                any::<i64>(),
                any::<bool>(),
                any::<i64>(),
                opt_text(),
                opt_text(),
            )
                .prop_map(
                    |(
                        delivery_mapping_uid,
                        delete,
                        delivery_setting_uid,
                        delivery_value,
                        field_value,
                    )| {
                        FieldMapping {
                            delivery_mapping_uid,
                            delete,
                            delivery_setting_uid,
                            delivery_value,
                            field_value,
                        }
                    },
                ),
            0..2,
        ),
    )
        .prop_map(
            |(
                (delivery_setting_uid, delivery_uid, delete, format, field_type, field_name),
                (value, lead_field_uid, expr, has_map),
                field_mappings,
            )| FieldSetting {
                delivery_setting_uid,
                delivery_uid,
                delete,
                format,
                field_type,
                field_name,
                value,
                lead_field_uid,
                expr,
                has_map,
                field_mappings,
            },
        )
}

fn delivery_details(lead_type: Uid) -> impl Strategy<Value = DeliveryDetails> {
    (
        (any::<i64>(), any::<i64>(), opt_i64(), opt_text()),
        (proptest::option::of(any::<bool>()), any::<bool>()),
        proptest::collection::vec(field_setting(), 0..2),
        proptest::collection::vec(delivery_day(), 0..4),
    )
        .prop_map(
            move |(
                (client_delivery_uid, client_uid, delivery_type, name),
                (status, in_testing),
                field_settings,
                delivery_days,
            )| DeliveryDetails {
                client_delivery_uid,
                client_uid,
                delivery_type,
                name,
                status,
                in_testing,
                lead_type_uid: lead_type,
                field_settings,
                delivery_days,
            },
        )
}

/// An account of one of `clients` (by UID), buying `lead_type`, with criteria on
/// `fields`.
fn account(
    uid: impl Strategy<Value = Uid>,
    clients: Vec<Uid>,
    lead_type: Uid,
    fields: Vec<Uid>,
) -> impl Strategy<Value = DeliveryAccount> {
    (
        (
            uid,
            select(clients),
            any::<i64>(),
            money(),
            (opt_i64(), opt_i64(), opt_i64(), opt_i64()),
            any::<bool>(),
            proptest::option::of(select(AccountStatus::ALL)),
            proptest::option::of(0i64..=366 * 86_400),
        ),
        (
            (opt_text(), opt_text(), any::<bool>(), opt_i64()),
            select(AccountType::ALL),
            (opt_text(), opt_text()),
            proptest::collection::vec(criterion(select(fields)), 0..6),
            proptest::option::of(delivery_details(lead_type)),
            (
                any::<bool>(),
                proptest::option::of(any::<i32>()),
                opt_text(),
            ),
            proptest::option::of(select(Pacing::ALL)),
        ),
    )
        .prop_map(
            |(
                (
                    client_account_uid,
                    client_uid,
                    delivery_uid,
                    price,
                    (hour_max, day_max, week_max, month_max),
                    use_order,
                    status,
                    delivery_delay,
                ),
                (
                    (description, redirect_url, automation_enabled, alternate_posting),
                    account_type,
                    (agent_name, agent_phone),
                    criteria,
                    delivery_details,
                    (exclusive, priority, force_id),
                    pacing,
                ),
            )| DeliveryAccount {
                client_account_uid,
                client_uid,
                delivery_uid,
                price,
                hour_max,
                day_max,
                week_max,
                month_max,
                use_order,
                status,
                delivery_delay,
                description,
                redirect_url,
                automation_enabled,
                alternate_posting,
                account_type,
                agent_name,
                agent_phone,
                criteria,
                delivery_details,
                exclusive,
                priority,
                force_id,
                pacing,
            },
        )
}

fn order(
    uid: impl Strategy<Value = Uid>,
    clients: Vec<Uid>,
    accounts: Vec<Option<Uid>>,
) -> impl Strategy<Value = Order> {
    let item = (
        any::<i64>(),
        select(accounts),
        proptest::option::of(0i64..1_000_000),
        proptest::option::of(0i64..1_000_000),
        proptest::option::of(any::<bool>()),
        money(),
        proptest::option::of(money()),
    )
        .prop_map(
            |(
                client_order_item_uid,
                client_account_uid,
                qty,
                sent_qty,
                constrain_quantity,
                price,
                sent_price,
            )| {
                OrderItem {
                    client_order_item_uid,
                    client_account_uid,
                    qty,
                    sent_qty,
                    constrain_quantity,
                    price,
                    sent_price,
                }
            },
        );
    (
        uid,
        select(clients),
        proptest::option::of(instant()),
        proptest::option::of(instant()),
        select(OrderStatus::ALL),
        proptest::option::of(select(Renewal::ALL)),
        any::<bool>(),
        proptest::collection::vec(item, 0..4),
    )
        .prop_map(
            |(
                client_order_uid,
                client_uid,
                start_date,
                end_date,
                status,
                renewal,
                auto_charge,
                items,
            )| Order {
                client_order_uid,
                client_uid,
                start_date,
                end_date,
                status,
                renewal,
                auto_charge,
                items,
            },
        )
}

fn campaign(
    uid: impl Strategy<Value = Uid>,
    lead_type: Uid,
    fields: Vec<Uid>,
) -> impl Strategy<Value = Campaign> {
    (
        (
            any::<i64>(),
            uid,
            proptest::option::of(select(Channel::ALL)),
            opt_text(),
        ),
        select(CampaignStatus::ALL),
        (opt_i64(), opt_i64(), opt_i64()),
        proptest::option::of(money()),
        (opt_i64(), opt_i64(), any::<bool>()),
        proptest::collection::vec(criterion(select(fields)), 0..4),
    )
        .prop_map(
            move |(
                (vendor_uid, vendor_account_uid, channel, account_name),
                status,
                (month_max, day_max, hour_max),
                lead_price,
                (max_sell, dup_day_max, append_city_state_from_postal_code),
                rules,
            )| Campaign {
                vendor_uid,
                vendor_account_uid,
                channel,
                account_name,
                lead_type_uid: lead_type,
                status,
                month_max,
                day_max,
                hour_max,
                lead_price,
                max_sell,
                dup_day_max,
                append_city_state_from_postal_code,
                rules,
            },
        )
}

fn send() -> impl Strategy<Value = Send> {
    (
        (
            any::<i64>(),
            any::<i64>(),
            any::<i64>(),
            any::<i64>(),
            any::<i64>(),
        ),
        instant(),
        any::<bool>(),
        (any::<i64>(), 0u32..10).prop_map(|(m, s)| Decimal::new(m, s)),
        any::<bool>(),
    )
        .prop_map(
            |(
                (lead_uid, client_uid, client_account_uid, client_order_uid, client_order_item_uid),
                date_sent,
                is_valid,
                price,
                exclusive,
            )| Send {
                lead_uid,
                client_uid,
                client_account_uid,
                client_order_uid,
                client_order_item_uid,
                date_sent,
                is_valid,
                price,
                exclusive,
            },
        )
}

fn lead(uid: impl Strategy<Value = Uid>) -> impl Strategy<Value = Lead> {
    (
        uid,
        opt_i64(),
        opt_i64(),
        opt_i64(),
        proptest::option::of(instant()),
        proptest::collection::btree_map(text(), text(), 0..5),
    )
        .prop_map(
            |(lead_uid, lead_type_uid, vid, aid, date_received, fields)| Lead {
                lead_uid,
                lead_type_uid,
                vid,
                aid,
                date_received,
                fields,
            },
        )
}

fn lead_field(uid: Uid, lead_type: Uid) -> impl Strategy<Value = LeadField> {
    (
        (
            select(FieldDataType::ALL),
            any::<bool>(),
            proptest::option::of(any::<bool>()),
            any::<bool>(),
            opt_text(),
            any::<bool>(),
        ),
        (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            any::<bool>(),
        ),
        select(SpecialBit::ALL),
        proptest::collection::vec(
            (any::<i64>(), text(), opt_i64(), any::<bool>()).prop_map(
                move |(lead_field_enum_uid, descriptor, priority, delete)| FieldEnum {
                    lead_field_enum_uid,
                    lead_field_uid: uid,
                    descriptor,
                    priority,
                    delete,
                },
            ),
            0..3,
        ),
    )
        .prop_map(
            move |(
                (data_type, required, status, computed, computed_expr, enumerated),
                (validation, invalid_chars, fmt_error, format_string, is_state),
                special_bit,
                field_enums,
            )| LeadField {
                lead_field_uid: uid,
                lead_type_uid: lead_type,
                descriptor: format!("Field{uid}"),
                data_type,
                required,
                status,
                computed,
                computed_expr,
                enumerated,
                validation,
                invalid_chars,
                fmt_error,
                format_string,
                is_state,
                special_bit,
                field_enums,
            },
        )
}

fn lead_type(uid: Uid, field_uids: Vec<Uid>) -> impl Strategy<Value = LeadType> {
    let fields: Vec<_> = field_uids.iter().map(|f| lead_field(*f, uid)).collect();
    (
        (
            text(),
            proptest::option::of(any::<bool>()),
            any::<bool>(),
            opt_text(),
            opt_i64(),
        ),
        fields,
        proptest::option::of(select(DistributionPolicy::ALL)),
        (opt_i64(), opt_i64()),
        proptest::option::of(any::<u32>().prop_map(|n| json!({"Monday": [n]}))),
        opt_text(),
    )
        .prop_map(
            move |(
                (descriptor, status, in_qc, default_dup_sets, type_uid),
                fields,
                distribution_policy,
                (escalation_accept, escalation_activity),
                escalation_active,
                timezone,
            )| LeadType {
                lead_type_uid: uid,
                descriptor,
                status,
                in_qc,
                default_dup_sets,
                type_uid,
                fields,
                distribution_policy,
                escalation_accept,
                escalation_activity,
                escalation_active,
                timezone,
            },
        )
}

fn settings() -> impl Strategy<Value = Settings> {
    // An empty zone name reads as the default zone, so it is not generated.
    (
        ".{1,10}".prop_filter("not blank", |z: &String| !z.trim().is_empty()),
        select(WeekDay::ALL),
    )
        .prop_map(|(default_time_zone, week_start)| Settings {
            default_time_zone,
            week_start,
        })
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    v: &T,
) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(v).expect("serializes");
    let back: T = parse_record(&text).map_err(|p| TestCaseError::fail(format!("{p} in {text}")))?;
    prop_assert_eq!(&back, v, "{}", text);
    Ok(())
}

const FIELDS: [Uid; 3] = [10, 11, 12];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn clients_round_trip(c in client(any::<i64>())) {
        round_trip(&c)?;
    }

    #[test]
    fn accounts_round_trip(a in account(any::<i64>(), vec![1, 2], 1, vec![0, 10, 11])) {
        round_trip(&a)?;
    }

    #[test]
    fn orders_round_trip(o in order(any::<i64>(), vec![1, 2], vec![None, Some(0), Some(i64::MAX)])) {
        round_trip(&o)?;
    }

    #[test]
    fn campaigns_round_trip(c in campaign(any::<i64>(), 1, vec![0, 10])) {
        round_trip(&c)?;
    }

    #[test]
    fn sends_round_trip(s in send()) {
        round_trip(&s)?;
    }

    #[test]
    fn leads_round_trip(l in lead(any::<i64>())) {
        round_trip(&l)?;
    }

    #[test]
    fn lead_types_and_settings_round_trip(t in lead_type(7, FIELDS.to_vec()), s in settings()) {
        round_trip(&t)?;
        round_trip(&s)?;
    }
}

/// A whole snapshot with valid references: unique UIDs, accounts and orders of
/// existing clients, criteria and rules on fields of the lead type.
#[derive(Debug, Clone)]
struct Generated {
    settings: Settings,
    lead_type: LeadType,
    clients: Vec<Client>,
    accounts: Vec<DeliveryAccount>,
    orders: Vec<Order>,
    campaigns: Vec<Campaign>,
    sends: Vec<Send>,
    leads: Vec<Lead>,
}

fn snapshot() -> impl Strategy<Value = Generated> {
    (1usize..5, 0usize..6, 0usize..4)
        .prop_flat_map(|(nc, na, no)| {
            let client_uids: Vec<Uid> = (1..=nc as Uid).collect();
            let account_uids: Vec<Uid> = (0..na as Uid).map(|k| 100 + k).collect();
            let mut item_accounts: Vec<Option<Uid>> = vec![None, Some(0)];
            item_accounts.extend(account_uids.iter().map(|a| Some(*a)));
            let mut field_refs = vec![0];
            field_refs.extend(FIELDS);
            (
                settings(),
                lead_type(1, FIELDS.to_vec()),
                client_uids
                    .iter()
                    .map(|u| client(Just(*u)))
                    .collect::<Vec<_>>(),
                account_uids
                    .iter()
                    .map(|u| account(Just(*u), client_uids.clone(), 1, field_refs.clone()))
                    .collect::<Vec<_>>(),
                (0..no as Uid)
                    .map(|k| order(Just(500 + k), client_uids.clone(), item_accounts.clone()))
                    .collect::<Vec<_>>(),
                proptest::collection::vec(campaign(Just(0), 1, field_refs.clone()), 0..3),
                proptest::collection::vec(send(), 0..5),
                proptest::collection::vec(lead(Just(0)), 0..3),
            )
        })
        .prop_map(
            |(
                settings,
                lead_type,
                clients,
                accounts,
                mut orders,
                mut campaigns,
                sends,
                mut leads,
            )| {
                // Order items, campaigns and leads get unique UIDs in order.
                let mut next = 1000;
                for o in &mut orders {
                    for it in &mut o.items {
                        it.client_order_item_uid = next;
                        next += 1;
                    }
                }
                for (k, c) in campaigns.iter_mut().enumerate() {
                    c.vendor_account_uid = 900 + k as Uid;
                }
                for (k, l) in leads.iter_mut().enumerate() {
                    l.lead_uid = 1 + k as Uid;
                }
                Generated {
                    settings,
                    lead_type,
                    clients,
                    accounts,
                    orders,
                    campaigns,
                    sends,
                    leads,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn whole_snapshots_load_back_equal(g in snapshot()) {
        let doc = json!({
            "Settings": g.settings,
            "LeadTypes": [g.lead_type],
            "Clients": g.clients,
            "DeliveryAccounts": g.accounts,
            "Orders": g.orders,
            "Campaigns": g.campaigns,
            "Sends": g.sends,
            "Leads": g.leads,
        });
        let text = serde_json::to_string_pretty(&doc).expect("serializes");
        let s = load_snapshot(&text);
        // Accounts without DeliveryDetails have no lead type: they are the one
        // generated value that loads as misconfigured, by design.
        let (with, without): (Vec<_>, Vec<_>) =
            g.accounts.iter().cloned().partition(|a| a.delivery_details.is_some());
        let errors: Vec<&Problem> = s.problems.iter().filter(|p| p.is_error()).collect();
        prop_assert_eq!(errors.len(), without.len(), "{:#?}", errors);
        prop_assert!(s.problems.iter().all(|p| p.line.is_some()));
        prop_assert_eq!(&s.settings, &g.settings);
        prop_assert_eq!(&s.lead_types, &vec![g.lead_type.clone()]);
        prop_assert_eq!(&s.clients, &g.clients);
        prop_assert_eq!(&s.delivery_accounts, &with);
        prop_assert_eq!(
            s.misconfigured.iter().map(|m| m.client_account_uid).collect::<Vec<_>>(),
            without.iter().map(|a| a.client_account_uid).collect::<Vec<_>>()
        );
        prop_assert_eq!(&s.orders, &g.orders);
        prop_assert_eq!(&s.campaigns, &g.campaigns);
        prop_assert_eq!(&s.sends, &g.sends);
        prop_assert_eq!(&s.leads, &g.leads);
        let paths: BTreeMap<usize, &str> = s.delivery_account_paths.iter().map(|p| p.as_str()).enumerate().collect();
        prop_assert_eq!(paths.len(), with.len());
    }
}
