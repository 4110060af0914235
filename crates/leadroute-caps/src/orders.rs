//! Orders (SPEC.md section 7): which order item a sale is attached to, at what price, and
//! whether `useOrder` refuses the account (`order_required`, `order_exhausted`). Orders
//! are compiled once into per-client item lists, oldest order first; an item's delivered
//! quantity and dollars come from its `SentQty`/`SentPrice` or the ledger's loaded sends,
//! plus the sends recorded since ([`crate::ItemFill`]).

use chrono::{DateTime, Utc};
use leadroute_model::{Order, OrderStatus, Uid};
use rust_decimal::Decimal;

use crate::error::Error;
use crate::index::UidMap;
use crate::instant::ms;
use crate::ledger::{ItemFill, LedgerView};

/// What an item budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Budget {
    /// `Qty` set: a number of leads at `Price` each.
    Quantity { qty: i64, constrain: bool },
    /// `Qty` null: a dollar budget of `Price`.
    Dollars,
}

/// One order item, compiled with its order's client, status and dates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemRule {
    order: Uid,
    item: Uid,
    client: Uid,
    account: Option<Uid>,
    open: bool,
    start: Option<i64>,
    end: Option<i64>,
    budget: Budget,
    price: Decimal,
    sent_qty: Option<i64>,
    sent_price: Option<Decimal>,
}

/// The delivered quantity and dollars of an item, as the room check sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Delivered {
    /// Leads delivered.
    pub qty: i64,
    /// Dollars delivered.
    pub dollars: Decimal,
}

impl ItemRule {
    /// `ClientOrderUID`.
    pub fn order_uid(&self) -> Uid {
        self.order
    }

    /// `ClientOrderItemUID`.
    pub fn item_uid(&self) -> Uid {
        self.item
    }

    /// Whether it is a quantity item (`Qty` set) rather than a dollar item.
    pub fn is_quantity(&self) -> bool {
        matches!(self.budget, Budget::Quantity { .. })
    }

    /// A quantity item's `Qty` and whether it constrains (`ConstrainQuantity`, true when
    /// absent); `None` for a dollar item. With [`ItemRule::price`], [`ItemRule::sent_qty`]
    /// and [`ItemRule::sent_price`] this is everything [`ItemRule::has_room`] reads, so a
    /// shared ledger can repeat the room check server-side.
    pub fn quantity(&self) -> Option<(i64, bool)> {
        match self.budget {
            Budget::Quantity { qty, constrain } => Some((qty, constrain)),
            Budget::Dollars => None,
        }
    }

    /// The item's `Price`: per lead for a quantity item, the budget of a dollar item.
    pub fn price(&self) -> Decimal {
        self.price
    }

    /// The item's `SentQty` (clamped at 0), which replaces the ledger's loaded sends.
    pub fn sent_qty(&self) -> Option<i64> {
        self.sent_qty
    }

    /// The item's `SentPrice`, which replaces the ledger's loaded dollars.
    pub fn sent_price(&self) -> Option<Decimal> {
        self.sent_price
    }

    /// Whether the item is for `account` (its `ClientAccountUID` is the account, or 0/null
    /// for any account of the client). The client is matched by the order book.
    pub fn applies_to(&self, account: Uid) -> bool {
        self.account.is_none_or(|a| a == account)
    }

    /// Whether the order is usable at `now`: `Status` Open and `StartDate <= now <
    /// EndDate` (null start: started; null end: never ends).
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        let n = ms(now);
        self.open && self.start.is_none_or(|s| s <= n) && self.end.is_none_or(|e| n < e)
    }

    /// Delivered quantity and dollars: `SentQty`/`SentPrice` when the item carries them,
    /// else the ledger's loaded sends with this item; plus sends recorded since loading.
    pub fn delivered(&self, fill: &ItemFill) -> Delivered {
        let base_qty = self
            .sent_qty
            .unwrap_or_else(|| i64::try_from(fill.loaded_qty).unwrap_or(i64::MAX));
        let base_dollars = self.sent_price.unwrap_or(fill.loaded_dollars);
        Delivered {
            qty: base_qty.saturating_add(i64::try_from(fill.added_qty).unwrap_or(i64::MAX)),
            dollars: base_dollars
                .checked_add(fill.added_dollars)
                .unwrap_or(Decimal::MAX),
        }
    }

    /// The price of a sale against this item: a quantity item's `Price` (per lead), or
    /// `account_price` for a dollar item (whose `Price` is a budget).
    pub fn sale_price(&self, account_price: Decimal) -> Decimal {
        match self.budget {
            Budget::Quantity { .. } => self.price,
            Budget::Dollars => account_price,
        }
    }

    /// Whether one more sale at `price` fits:
    /// - quantity item: `Qty > 0` and (`ConstrainQuantity` false, or delivered `< Qty`);
    ///   `Qty` 0 (or negative) never has room;
    /// - dollar item: delivered dollars `+ price <= Price`.
    pub fn has_room(&self, d: &Delivered, price: Decimal) -> bool {
        match self.budget {
            Budget::Quantity { qty, constrain } => qty > 0 && (!constrain || d.qty < qty),
            Budget::Dollars => d
                .dollars
                .checked_add(price)
                .is_some_and(|t| t <= self.price),
        }
    }

    /// Whether a sale at `price` that fits leaves no room for another at the same price:
    /// a constrained quantity item reaching `Qty`, or a dollar item whose remaining budget
    /// falls below `price` (a zero price never fills a dollar item).
    pub fn filled_by(&self, d: &Delivered, price: Decimal) -> bool {
        match self.budget {
            Budget::Quantity { qty, constrain } => constrain && d.qty.saturating_add(1) >= qty,
            Budget::Dollars => {
                price > Decimal::ZERO
                    && d.dollars
                        .checked_add(price)
                        .and_then(|t| t.checked_add(price))
                        .is_none_or(|t| t > self.price)
            }
        }
    }
}

/// The order side of an eligibility decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderDecision {
    /// Eligible: the sale is attached to `pick` (order and item ids 0 when none).
    Eligible(OrderPick),
    /// `useOrder` is set and no usable order item applies to the account.
    Required,
    /// Usable applicable items exist but none has room.
    Exhausted,
}

impl OrderDecision {
    /// The reason code when refused (`order_required`, `order_exhausted`).
    pub fn reason_code(&self) -> Option<&'static str> {
        match self {
            OrderDecision::Eligible(_) => None,
            OrderDecision::Required => Some("order_required"),
            OrderDecision::Exhausted => Some("order_exhausted"),
        }
    }
}

/// The item a sale is attached to and its effective price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderPick {
    order: Uid,
    item: Uid,
    price: Decimal,
    fills: bool,
}

impl OrderPick {
    /// A sale attached to no item, at `price` (the account's).
    pub fn none(price: Decimal) -> OrderPick {
        OrderPick {
            order: 0,
            item: 0,
            price,
            fills: false,
        }
    }

    /// `ClientOrderUID`, 0 when no item is attached.
    pub fn order_uid(&self) -> Uid {
        self.order
    }

    /// `ClientOrderItemUID`, 0 when no item is attached.
    pub fn item_uid(&self) -> Uid {
        self.item
    }

    /// The effective price: the attached quantity item's `Price`, else the account's.
    pub fn price(&self) -> Decimal {
        self.price
    }

    /// Whether this sale fills the attached item (see [`ItemRule::filled_by`]).
    pub fn fills_item(&self) -> bool {
        self.fills
    }
}

/// All orders' items, grouped by client, oldest order first.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadroute_caps::{MemLedger, OrderBook, OrderDecision};
/// use leadroute_model::{Order, OrderItem, OrderStatus};
/// use rust_decimal::Decimal;
///
/// let order: Order = serde_json::from_str(
///     r#"{"ClientOrderUID": 5, "ClientUID": 7, "Status": "Open",
///         "Items": [{"ClientOrderItemUID": 50, "Qty": 2, "Price": 30}]}"#,
/// ).unwrap();
/// let book = OrderBook::new(&[order]);
/// let ledger = MemLedger::new();
/// let now = Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap();
/// match book.decide(&ledger, 7, 70, Decimal::from(10), true, now).unwrap() {
///     OrderDecision::Eligible(p) => assert_eq!((p.item_uid(), p.price()), (50, Decimal::from(30))),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderBook {
    by_client: UidMap<Uid, Vec<ItemRule>>,
}

impl OrderBook {
    /// Compiles orders. Items are kept per client in the order "oldest order first":
    /// `StartDate` ascending (a null start, "always started", first), then
    /// `ClientOrderUID`, then `ClientOrderItemUID` (a total order, so the choice never
    /// depends on input order).
    pub fn new(orders: &[Order]) -> OrderBook {
        let mut by_client: UidMap<Uid, Vec<ItemRule>> = UidMap::default();
        for o in orders {
            for it in &o.items {
                let budget = match it.qty {
                    Some(qty) => Budget::Quantity {
                        qty,
                        constrain: it.constrain_quantity.unwrap_or(true),
                    },
                    None => Budget::Dollars,
                };
                by_client.entry(o.client_uid).or_default().push(ItemRule {
                    order: o.client_order_uid,
                    item: it.client_order_item_uid,
                    client: o.client_uid,
                    account: it.client_account_uid.filter(|&a| a != 0),
                    open: o.status == OrderStatus::Open,
                    start: o.start_date.map(ms),
                    end: o.end_date.map(ms),
                    budget,
                    price: it.price,
                    sent_qty: it.sent_qty.map(|q| q.max(0)),
                    sent_price: it.sent_price,
                });
            }
        }
        for items in by_client.values_mut() {
            items.sort_by_key(|r| (r.start.unwrap_or(i64::MIN), r.order, r.item));
        }
        OrderBook { by_client }
    }

    /// Whether no item UID (other than 0) is listed under two clients: then a sale
    /// changes the fill of its own client's items only.
    pub fn items_belong_to_one_client(&self) -> bool {
        let mut owner: std::collections::HashMap<Uid, Uid> = std::collections::HashMap::new();
        self.by_client.iter().all(|(&client, items)| {
            items
                .iter()
                .filter(|r| r.item != 0)
                .all(|r| *owner.entry(r.item).or_insert(client) == client)
        })
    }

    /// The client's items, oldest order first.
    pub fn items_of(&self, client: Uid) -> &[ItemRule] {
        self.by_client.get(&client).map_or(&[], Vec::as_slice)
    }

    /// The item with this `ClientOrderItemUID` of this client.
    pub fn item(&self, client: Uid, item: Uid) -> Option<&ItemRule> {
        self.items_of(client).iter().find(|r| r.item == item)
    }

    /// Decides the order side of a sale of a lead to `account` of `client` at `now`
    /// (SPEC.md 7): the first usable applicable item with room, oldest order first, is
    /// attached. A dollar item is charged the account's `Price` (only quantity items carry
    /// a per-lead price). With `use_order` and no such item: [`OrderDecision::Required`]
    /// when no usable applicable item exists, else [`OrderDecision::Exhausted`]; without
    /// `use_order` the sale goes ahead at the account's price with order ids 0.
    ///
    /// # Errors
    /// Only the ledger's (a shared backend that cannot answer).
    pub fn decide<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        client: Uid,
        account: Uid,
        account_price: Decimal,
        use_order: bool,
        now: DateTime<Utc>,
    ) -> Result<OrderDecision, Error> {
        self.decide_indexed(ledger, client, account, account_price, use_order, now)
            .map(|(d, _)| d)
    }

    /// [`OrderBook::decide`] with the position of the attached item among
    /// [`OrderBook::items_of`] the client (`None` when no item is attached), for a
    /// caller that keeps decisions and rebuilds the pick from the item.
    ///
    /// # Errors
    /// Only the ledger's (a shared backend that cannot answer).
    pub fn decide_indexed<L: LedgerView + ?Sized>(
        &self,
        ledger: &L,
        client: Uid,
        account: Uid,
        account_price: Decimal,
        use_order: bool,
        now: DateTime<Utc>,
    ) -> Result<(OrderDecision, Option<usize>), Error> {
        let mut usable = false;
        for (pos, r) in self.items_of(client).iter().enumerate() {
            if r.client != client || !r.applies_to(account) || !r.is_usable(now) {
                continue;
            }
            usable = true;
            let fill = if r.item == 0 {
                ItemFill::default()
            } else {
                ledger.item_fill(r.item)?
            };
            let d = r.delivered(&fill);
            let price = r.sale_price(account_price);
            if r.has_room(&d, price) {
                let pick = OrderPick {
                    order: r.order,
                    item: r.item,
                    price,
                    fills: r.filled_by(&d, price),
                };
                return Ok((OrderDecision::Eligible(pick), Some(pos)));
            }
        }
        let d = if !use_order {
            OrderDecision::Eligible(OrderPick::none(account_price))
        } else if usable {
            OrderDecision::Exhausted
        } else {
            OrderDecision::Required
        };
        Ok((d, None))
    }

    /// The span of instants (milliseconds, `[from, until)`, `None`: unbounded) around
    /// `now` over which the set of usable items of `client` applying to `account`
    /// stays what it is at `now`: between the latest `StartDate`/`EndDate` of an open
    /// order at or before `now` and the first after it. Without sends added to the
    /// client's items, [`OrderBook::decide`] answers alike anywhere inside it.
    pub fn usable_span(
        &self,
        client: Uid,
        account: Uid,
        now: DateTime<Utc>,
    ) -> (Option<i64>, Option<i64>) {
        let n = ms(now);
        let mut from: Option<i64> = None;
        let mut until: Option<i64> = None;
        for r in self.items_of(client) {
            if r.client != client || !r.applies_to(account) || !r.open {
                continue;
            }
            for b in [r.start, r.end].into_iter().flatten() {
                if b <= n {
                    from = Some(from.map_or(b, |f| f.max(b)));
                } else {
                    until = Some(until.map_or(b, |u| u.min(b)));
                }
            }
        }
        (from, until)
    }

    /// A pick of item `pos` of [`OrderBook::items_of`] `client` for an account at
    /// `account_price`, as [`OrderBook::decide`] made it (`fills` as it found).
    pub fn pick_of(
        &self,
        client: Uid,
        pos: usize,
        account_price: Decimal,
        fills: bool,
    ) -> Option<OrderPick> {
        let r = self.items_of(client).get(pos)?;
        Some(OrderPick {
            order: r.order,
            item: r.item,
            price: r.sale_price(account_price),
            fills,
        })
    }
}
