//! A deterministic generator of large snapshot documents, shared by the load bench
//! and the peak-memory example.
//!
//! The shape is the one the performance target names: 10,000 delivery accounts with
//! 5 criteria each, 2,000 clients, 5,000 orders and 1,000,000 ledger sends, over one
//! lead type of 20 fields. Values come from a tiny xorshift generator with a fixed
//! seed, so every run loads the same text.

use std::fmt::Write;

/// How many records of each kind to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Clients.
    pub clients: usize,
    /// Delivery accounts (each with `criteria` criteria).
    pub accounts: usize,
    /// Criteria per account.
    pub criteria: usize,
    /// Orders, each with two items.
    pub orders: usize,
    /// Ledger sends.
    pub sends: usize,
}

/// The shape of the performance target.
pub const TARGET: Shape = Shape {
    clients: 2_000,
    accounts: 10_000,
    criteria: 5,
    orders: 5_000,
    sends: 1_000_000,
};

/// Lead fields of the generated lead type.
pub const FIELDS: usize = 20;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64* (Vigna): enough spread for test data, and fully deterministic.
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Generates the snapshot text for `shape`.
pub fn generate(shape: Shape) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::with_capacity(shape.sends * 190 + shape.accounts * 900);
    s.push_str("{\n\"Settings\": {\"DefaultTimeZone\": \"America/Los_Angeles\"},\n");
    s.push_str(
        "\"LeadTypes\": [{\"LeadTypeUID\": 1, \"Descriptor\": \"Mortgage\", \"Fields\": [\n",
    );
    const TYPES: [&str; 5] = ["Varchar", "Int", "Money", "DateTime", "Bit"];
    for f in 0..FIELDS {
        let sep = if f + 1 == FIELDS { "" } else { "," };
        let _ = writeln!(
            s,
            "{{\"LeadFieldUID\": {}, \"Descriptor\": \"Field{f}\", \"FieldDataType\": \"{}\"}}{sep}",
            100 + f,
            TYPES[f % TYPES.len()]
        );
    }
    s.push_str("]}],\n\"Clients\": [\n");
    const ZONES: [&str; 4] = [
        "America/New_York",
        "America/Chicago",
        "Pacific Standard Time",
        "",
    ];
    for c in 0..shape.clients {
        let sep = if c + 1 == shape.clients { "" } else { "," };
        let _ = writeln!(
            s,
            "{{\"ClientUID\": {}, \"Status\": \"Active\", \"TimeOffset\": -5, \"TimeZoneName\": \"{}\", \"AutomationType\": \"Price\", \"Priority\": {}, \"Name\": \"Client {c}\"}}{sep}",
            1 + c,
            ZONES[c % ZONES.len()],
            rng.below(10)
        );
    }
    s.push_str("],\n\"DeliveryAccounts\": [\n");
    const OPS: [(&str, &str); 5] = [
        ("In", "CA|NV|AZ|OR|WA"),
        ("Greater", "100000"),
        ("Between", "1|500000"),
        ("NotEqual", "x"),
        ("Contains", "abc"),
    ];
    for a in 0..shape.accounts {
        let client = 1 + a % shape.clients;
        let _ = write!(
            s,
            "{{\"ClientAccountUID\": {}, \"ClientUID\": {client}, \"DeliveryUID\": {}, \"Price\": {}.{:02}, \"HourMax\": {}, \"DayMax\": {}, \"WeekMax\": -1, \"MonthMax\": 0, \"useOrder\": {}, \"Status\": 12, \"DeliveryDelay\": 0, \"Description\": \"Account {a}\", \"AutomationEnabled\": true, \"AccountType\": 0, \"Criteria\": [",
            1 + a,
            1 + a,
            5 + rng.below(60),
            rng.below(100),
            rng.below(20),
            rng.below(200),
            a % 3 == 0
        );
        for k in 0..shape.criteria {
            let (op, value) = OPS[k % OPS.len()];
            let sep = if k + 1 == shape.criteria { "" } else { ", " };
            let _ = write!(
                s,
                "{{\"ClientCriteriaUID\": {}, \"LeadFieldUID\": {}, \"Type\": \"FieldValue\", \"Expression\": \"\", \"Operator\": \"{op}\", \"Value\": \"{value}\"}}{sep}",
                1 + a * shape.criteria + k,
                100 + (k * 3 + a) % FIELDS
            );
        }
        let sep = if a + 1 == shape.accounts { "" } else { "," };
        let _ = writeln!(
            s,
            "], \"DeliveryDetails\": {{\"ClientDeliveryUID\": {}, \"ClientUID\": {client}, \"Status\": true, \"inTesting\": false, \"LeadTypeUID\": 1, \"DeliveryDays\": [{{\"WeekDay\": 1, \"StartTime\": \"08:00\", \"EndTime\": \"17:00\", \"Allow\": true}}, {{\"WeekDay\": 2, \"StartTime\": \"08:00\", \"EndTime\": \"17:00\", \"Allow\": true}}]}}}}{sep}",
            1 + a
        );
    }
    s.push_str("],\n\"Orders\": [\n");
    for o in 0..shape.orders {
        let client = 1 + o % shape.clients;
        // The client's first account (accounts are dealt to clients round robin).
        let account = client;
        let sep = if o + 1 == shape.orders { "" } else { "," };
        let _ = writeln!(
            s,
            "{{\"ClientOrderUID\": {}, \"ClientUID\": {client}, \"StartDate\": \"2026-01-01T00:00:00Z\", \"EndDate\": \"2026-12-31T00:00:00Z\", \"Status\": \"Open\", \"Renewal\": \"No_Renewal\", \"AutoCharge\": false, \"Items\": [{{\"ClientOrderItemUID\": {}, \"ClientAccountUID\": {account}, \"Qty\": {}, \"ConstrainQuantity\": true, \"Price\": 20.0}}, {{\"ClientOrderItemUID\": {}, \"ClientAccountUID\": 0, \"Qty\": null, \"Price\": 500.0}}]}}{sep}",
            1 + o,
            1 + 2 * o,
            100 + rng.below(900),
            2 + 2 * o
        );
    }
    s.push_str("],\n\"Sends\": [\n");
    for i in 0..shape.sends {
        let account = 1 + rng.below(shape.accounts as u64) as usize;
        let client = 1 + (account - 1) % shape.clients;
        let day = 1 + rng.below(28);
        let secs = rng.below(86_400);
        let sep = if i + 1 == shape.sends { "" } else { "," };
        let _ = writeln!(
            s,
            "{{\"LeadUID\": {}, \"ClientUID\": {client}, \"ClientAccountUID\": {account}, \"ClientOrderUID\": 0, \"DateSent\": \"2026-02-{day:02}T{:02}:{:02}:{:02}Z\", \"IsValid\": {}, \"Price\": {}.5}}{sep}",
            1 + i / 2,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            i % 17 != 0,
            rng.below(60)
        );
    }
    s.push_str("]\n}\n");
    s
}
