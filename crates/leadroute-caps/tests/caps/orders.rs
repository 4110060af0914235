//! Orders (SPEC.md 7), one rule per case: applicability, status and dates, quantity and
//! dollar items, `ConstrainQuantity`, `Qty: 0`, `SentQty`/`SentPrice` against the ledger,
//! oldest order first, the effective price, `order_required` vs `order_exhausted`, and
//! whether the sale fills its item.

use leadroute_caps::{MemLedger, OrderBook, OrderDecision};
use leadroute_model::{Order, Send};
use rust_decimal::Decimal;

use super::support::{send, utc};

const NOW: &str = "2026-05-04T12:00:00Z";

/// Expected outcome: `Some((order, item, price, fills))` or the refusal code.
enum Want {
    Pick(i64, i64, i64, bool),
    Refused(&'static str),
}

struct Case {
    name: &'static str,
    orders: &'static str,
    use_order: bool,
    /// Ledger sends as (item uid, price).
    sends: &'static [(i64, i64)],
    want: Want,
}

/// The account is 70 of client 7 with `Price` 10.
const CASES: &[Case] = &[
    Case {
        name: "quantity_item_with_room_sets_the_price",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "ClientAccountUID": 70, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "last_unit_of_a_quantity_item_fills_it",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[(11, 25), (11, 25)],
        want: Want::Pick(1, 11, 25, true),
    },
    Case {
        name: "full_quantity_item_is_exhausted",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 2, "Price": 25}]}]"#,
        use_order: true,
        sends: &[(11, 25), (11, 25)],
        want: Want::Refused("order_exhausted"),
    },
    Case {
        name: "absent_constrain_quantity_constrains",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 1, "SentQty": 1, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_exhausted"),
    },
    Case {
        name: "unconstrained_quantity_item_always_has_room",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 1, "SentQty": 5, "ConstrainQuantity": false, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "qty_zero_never_has_room_even_unconstrained",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 0, "ConstrainQuantity": false, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_exhausted"),
    },
    Case {
        name: "dollar_item_charges_the_account_price_and_fits_exactly",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Price": 30}]}]"#,
        use_order: true,
        sends: &[(11, 10), (11, 10)],
        want: Want::Pick(1, 11, 10, true),
    },
    Case {
        name: "dollar_item_over_budget_is_exhausted",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Price": 29}]}]"#,
        use_order: true,
        sends: &[(11, 10), (11, 10)],
        want: Want::Refused("order_exhausted"),
    },
    Case {
        name: "sent_price_replaces_the_ledger_dollars",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Price": 30, "SentPrice": 0}]}]"#,
        use_order: true,
        sends: &[(11, 10), (11, 10), (11, 10)],
        want: Want::Pick(1, 11, 10, false),
    },
    Case {
        name: "sent_qty_replaces_the_ledger_count",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 2, "SentQty": 0, "Price": 25}]}]"#,
        use_order: true,
        sends: &[(11, 25), (11, 25), (11, 25)],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "closed_order_is_not_usable_order_required",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Status": "Closed", "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_required"),
    },
    Case {
        name: "not_yet_started_order_is_not_usable",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "StartDate": "2026-05-04T12:00:01Z", "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_required"),
    },
    Case {
        name: "order_starting_now_is_usable",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "StartDate": "2026-05-04T12:00:00Z", "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "order_ending_now_has_ended",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "EndDate": "2026-05-04T12:00:00Z", "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_required"),
    },
    Case {
        name: "item_for_another_account_does_not_apply",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "ClientAccountUID": 71, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_required"),
    },
    Case {
        name: "order_of_another_client_does_not_apply",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 8, "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Refused("order_required"),
    },
    Case {
        name: "item_account_zero_applies_to_every_account",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "ClientAccountUID": 0, "Qty": 3, "Price": 25}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "oldest_start_date_first",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "StartDate": "2026-04-02T00:00:00Z", "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]},
                    {"ClientOrderUID": 2, "ClientUID": 7, "StartDate": "2026-04-01T00:00:00Z", "Items": [{"ClientOrderItemUID": 21, "Qty": 3, "Price": 20}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(2, 21, 20, false),
    },
    Case {
        name: "same_start_lowest_order_uid_first",
        orders: r#"[{"ClientOrderUID": 3, "ClientUID": 7, "StartDate": "2026-04-01T00:00:00Z", "Items": [{"ClientOrderItemUID": 31, "Qty": 3, "Price": 25}]},
                    {"ClientOrderUID": 2, "ClientUID": 7, "StartDate": "2026-04-01T00:00:00Z", "Items": [{"ClientOrderItemUID": 21, "Qty": 3, "Price": 20}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(2, 21, 20, false),
    },
    Case {
        name: "full_oldest_item_passes_to_the_next",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "StartDate": "2026-04-01T00:00:00Z", "Items": [{"ClientOrderItemUID": 11, "Qty": 1, "SentQty": 1, "Price": 25}]},
                    {"ClientOrderUID": 2, "ClientUID": 7, "StartDate": "2026-04-02T00:00:00Z", "Items": [{"ClientOrderItemUID": 21, "Qty": 3, "Price": 20}]}]"#,
        use_order: true,
        sends: &[],
        want: Want::Pick(2, 21, 20, false),
    },
    Case {
        name: "without_use_order_an_item_with_room_is_still_attached",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 3, "Price": 25}]}]"#,
        use_order: false,
        sends: &[],
        want: Want::Pick(1, 11, 25, false),
    },
    Case {
        name: "without_use_order_and_no_room_the_account_price_with_ids_0",
        orders: r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 1, "SentQty": 1, "Price": 25}]}]"#,
        use_order: false,
        sends: &[],
        want: Want::Pick(0, 0, 10, false),
    },
    Case {
        name: "without_use_order_and_no_orders_the_account_price",
        orders: r#"[]"#,
        use_order: false,
        sends: &[],
        want: Want::Pick(0, 0, 10, false),
    },
];

fn ledger(sends: &[(i64, i64)]) -> MemLedger {
    let v: Vec<Send> = sends
        .iter()
        .enumerate()
        .map(|(i, &(item, price))| {
            let mut s = send(100 + i as i64, 7, 70, "2026-05-01T00:00:00Z");
            s.client_order_item_uid = item;
            s.price = Decimal::from(price);
            s
        })
        .collect();
    MemLedger::from_sends(&v)
}

#[test]
fn order_rule_table() {
    let mut failures = Vec::new();
    for c in CASES {
        let orders: Vec<Order> =
            serde_json::from_str(c.orders).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let book = OrderBook::new(&orders);
        let got = book
            .decide(
                &ledger(c.sends),
                7,
                70,
                Decimal::from(10),
                c.use_order,
                utc(NOW),
            )
            .unwrap();
        let ok = match (&c.want, &got) {
            (Want::Pick(o, i, p, f), OrderDecision::Eligible(pick)) => {
                (
                    pick.order_uid(),
                    pick.item_uid(),
                    pick.price(),
                    pick.fills_item(),
                ) == (*o, *i, Decimal::from(*p), *f)
            }
            (Want::Refused(code), other) => other.reason_code() == Some(*code),
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {got:?}", c.name));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn sends_recorded_after_loading_add_to_sent_qty() {
    let orders: Vec<Order> = serde_json::from_str(
        r#"[{"ClientOrderUID": 1, "ClientUID": 7, "Items": [{"ClientOrderItemUID": 11, "Qty": 2, "SentQty": 1, "Price": 25}]}]"#,
    )
    .unwrap();
    let book = OrderBook::new(&orders);
    // Three loaded sends are replaced by SentQty 1: room for one more.
    let mut l = ledger(&[(11, 25), (11, 25), (11, 25)]);
    let d = book
        .decide(&l, 7, 70, Decimal::from(10), true, utc(NOW))
        .unwrap();
    assert!(matches!(d, OrderDecision::Eligible(p) if p.item_uid() == 11 && p.fills_item()));
    // One recorded sale: 1 + 1 = 2 = Qty.
    let mut s = send(500, 7, 70, NOW);
    s.client_order_item_uid = 11;
    s.price = Decimal::from(25);
    l.record(&s);
    let d = book
        .decide(&l, 7, 70, Decimal::from(10), true, utc(NOW))
        .unwrap();
    assert_eq!(d, OrderDecision::Exhausted);
    let fill = l.fill(11);
    assert_eq!((fill.loaded_qty, fill.added_qty), (3, 1));
}
