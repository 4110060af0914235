//! [`RedisLedger`]: the [`Ledger`] seam over one Redis server. Reservations, commits,
//! releases, recorded sends and expiry are Lua scripts (each one atomic step, one round
//! trip); reads are single commands or pipelines. Every period bound, limit and price is
//! computed here, in Rust, with the caps crate's own code, and passed to the scripts as
//! integers, so the scripts never deal with time zones, calendars or decimals.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use leadroute_caps::{
    CapKind, Claim, Error as CapsError, ErrorKind as CapsErrorKind, ItemFill, LeadSends, Ledger,
    LedgerView, Owner, Periods, Refusal, Reservation, Token, WindowCounts,
};
use leadroute_model::{Send, Uid};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};

const COMMON: &str = include_str!("lua/common.lua");

/// Largest integer the scripts' numbers (doubles) hold exactly.
const MAX_EXACT: i64 = (1 << 53) - 1;

/// Dollar amounts are kept as integer millionths.
const UNITS_PER_DOLLAR: i64 = 1_000_000;

/// Sends per call of the record script while loading.
const LOAD_BATCH: usize = 500;

/// Holds expired per call of the expire script.
const EXPIRE_BATCH: i64 = 1000;

/// How long keys live and how long a connection waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisConfig {
    /// Prefix of every key. It should hold a hash tag (`{...}`) so that a cluster keeps
    /// one ledger in one slot; two ledgers on one server need different prefixes.
    pub prefix: String,
    /// How long send instants are kept for window counts: at least the longest cap
    /// period (a month, 31 days) plus a week of slack. Default 35 days.
    pub window_retention: TimeDelta,
    /// How long a lead's sends (for max sell, exclusivity and "already sent to this
    /// client") and committed tokens are kept. Default 90 days.
    pub lead_retention: TimeDelta,
    /// How long an expired token is remembered (a late commit answers "expired", not
    /// "unknown"). Default 1 day.
    pub token_retention: TimeDelta,
    /// Connect, read and write timeout: an unreachable server fails a call after this.
    /// Default 2 seconds.
    pub timeout: Duration,
}

impl Default for RedisConfig {
    fn default() -> Self {
        RedisConfig {
            prefix: "{leadroute}:".to_string(),
            window_retention: TimeDelta::days(35),
            lead_retention: TimeDelta::days(90),
            token_retention: TimeDelta::days(1),
            timeout: Duration::from_secs(2),
        }
    }
}

/// What [`RedisLedger::load_sends`] loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LoadReport {
    /// Valid sends loaded.
    pub loaded: u64,
    /// Invalid sends skipped (`IsValid: false` never counts).
    pub skipped: u64,
}

struct Scripts {
    reserve: redis::Script,
    settle: redis::Script,
    record: redis::Script,
    expire: redis::Script,
}

impl Scripts {
    fn new() -> Scripts {
        let with = |body: &str| redis::Script::new(&format!("{COMMON}\n{body}"));
        Scripts {
            reserve: with(include_str!("lua/reserve.lua")),
            settle: with(include_str!("lua/settle.lua")),
            record: with(include_str!("lua/record.lua")),
            expire: with(include_str!("lua/expire.lua")),
        }
    }
}

/// The shared ledger in Redis (see the crate docs for the key layout and the guarantee).
///
/// One value holds one connection behind a mutex: share it between threads, or give each
/// thread its own. A failed call drops the connection; the next call reconnects, so
/// routing resumes by itself when the server is back.
pub struct RedisLedger {
    client: redis::Client,
    target: String,
    conn: Mutex<Option<redis::Connection>>,
    cfg: RedisConfig,
    scripts: Scripts,
}

impl std::fmt::Debug for RedisLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLedger")
            .field("target", &self.target)
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

/// The URL without user name or password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}{}", &url[..s + 3], &url[at + 1..]),
        _ => url.to_string(),
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn delta_ms(d: TimeDelta) -> i64 {
    d.num_milliseconds().clamp(0, MAX_EXACT)
}

/// A count or limit as a script number (saturating; 0 = no limit).
fn limit(v: Option<u64>) -> i64 {
    v.map_or(0, |n| i64::try_from(n).unwrap_or(MAX_EXACT).min(MAX_EXACT))
}

/// Dollars as integer millionths, rounded to the nearest (saturating).
pub(crate) fn units(d: Decimal) -> i64 {
    d.checked_mul(Decimal::from(UNITS_PER_DOLLAR))
        .map(|x| x.round())
        .and_then(|x| x.to_i64())
        .unwrap_or(if d.is_sign_negative() {
            -MAX_EXACT
        } else {
            MAX_EXACT
        })
        .clamp(-MAX_EXACT, MAX_EXACT)
}

fn dollars(u: i64) -> Decimal {
    Decimal::new(u, 6).normalize()
}

fn refusal(code: &str) -> Option<Refusal> {
    Some(match code {
        "already_sent_to_client" => Refusal::AlreadySentToClient,
        "hour_max_reached" => Refusal::HourMaxReached,
        "day_max_reached" => Refusal::DayMaxReached,
        "week_max_reached" => Refusal::WeekMaxReached,
        "month_max_reached" => Refusal::MonthMaxReached,
        "order_exhausted" => Refusal::OrderExhausted,
        "max_sell_reached" => Refusal::MaxSellReached,
        "exclusive_conflict" => Refusal::ExclusiveConflict,
        _ => return None,
    })
}

fn int(v: &redis::Value) -> Option<i64> {
    match v {
        redis::Value::Int(i) => Some(*i),
        redis::Value::BulkString(b) => std::str::from_utf8(b).ok()?.parse().ok(),
        redis::Value::SimpleString(s) => s.parse().ok(),
        _ => None,
    }
}

fn text(v: &redis::Value) -> Option<String> {
    match v {
        redis::Value::BulkString(b) => String::from_utf8(b.clone()).ok(),
        redis::Value::SimpleString(s) => Some(s.clone()),
        redis::Value::Okay => Some("OK".to_string()),
        _ => None,
    }
}

/// The lower bounds `[hour, day, week, month]` (inclusive milliseconds) of `p`.
fn bounds(p: &Periods) -> [i64; 4] {
    [
        ms(p.hour_start()).saturating_add(1),
        ms(p.day().0),
        ms(p.week().0),
        ms(p.month().0),
    ]
}

impl RedisLedger {
    /// A ledger on the server at `url` (`redis://host:port/db`) with the default
    /// [`RedisConfig`], checked with a `PING`.
    ///
    /// # Errors
    /// A bad URL, or the server does not answer.
    pub fn connect(url: &str) -> Result<RedisLedger, Error> {
        RedisLedger::with_config(url, RedisConfig::default())
    }

    /// As [`RedisLedger::connect`], with `cfg`.
    ///
    /// # Errors
    /// A bad URL, or the server does not answer.
    pub fn with_config(url: &str, cfg: RedisConfig) -> Result<RedisLedger, Error> {
        let target = redact(url);
        let client =
            redis::Client::open(url).map_err(|e| Error::new(ErrorKind::Url(e), &target))?;
        let l = RedisLedger {
            client,
            target,
            conn: Mutex::new(None),
            cfg,
            scripts: Scripts::new(),
        };
        l.ping()?;
        Ok(l)
    }

    /// The server, without credentials.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The configuration.
    pub fn config(&self) -> &RedisConfig {
        &self.cfg
    }

    /// Checks that the server answers.
    ///
    /// # Errors
    /// The server does not answer.
    pub fn ping(&self) -> Result<(), Error> {
        self.run(|c| redis::cmd("PING").query::<String>(c).map(|_| ()))
    }

    fn lock(&self) -> MutexGuard<'_, Option<redis::Connection>> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the connection, connecting first if needed; any failure drops the
    /// connection so that the next call starts afresh.
    fn run<T>(
        &self,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
    ) -> Result<T, Error> {
        let mut guard = self.lock();
        if guard.is_none() {
            let c = self
                .client
                .get_connection_with_timeout(self.cfg.timeout)
                .and_then(|c| {
                    c.set_read_timeout(Some(self.cfg.timeout))?;
                    c.set_write_timeout(Some(self.cfg.timeout))?;
                    Ok(c)
                })
                .map_err(|e| Error::new(ErrorKind::Unavailable(e), &self.target))?;
            *guard = Some(c);
        }
        let Some(con) = guard.as_mut() else {
            return Err(self.reply("no connection"));
        };
        match f(con) {
            Ok(v) => Ok(v),
            Err(e) => {
                *guard = None;
                Err(Error::new(ErrorKind::Unavailable(e), &self.target))
            }
        }
    }

    fn reply(&self, what: &str) -> Error {
        Error::new(ErrorKind::Reply(what.to_string()), &self.target)
    }

    fn key(&self, rest: std::fmt::Arguments<'_>) -> String {
        format!("{}{rest}", self.cfg.prefix)
    }

    fn owner_key(&self, owner: Owner) -> String {
        match owner {
            Owner::Account(a) => self.key(format_args!("a:{a}")),
            Owner::Client(c) => self.key(format_args!("c:{c}")),
        }
    }

    fn last_field(owner: Owner) -> String {
        match owner {
            Owner::Account(a) => format!("a:{a}"),
            Owner::Client(c) => format!("c:{c}"),
        }
    }

    /// Loads a snapshot's `Sends` (the valid ones) as the ledger's history, once: a
    /// marker key named after `label` records the load, and a second load is refused
    /// (it would count every send twice). Sends older than the window retention before
    /// `now` count for their lead and order item only. Order item fills count as
    /// "loaded" (an item's `SentQty` / `SentPrice` replace them, SPEC.md 7).
    ///
    /// # Errors
    /// [`ErrorKind::AlreadyLoaded`], [`ErrorKind::LoadUnfinished`], or the server failed
    /// (then the load is unfinished).
    pub fn load_sends<'a>(
        &self,
        sends: impl IntoIterator<Item = &'a Send>,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<LoadReport, Error> {
        let marker = self.key(format_args!("loaded"));
        let set: Option<String> = self.run(|c| {
            redis::cmd("SET")
                .arg(&marker)
                .arg(format!("loading {label}"))
                .arg("NX")
                .query(c)
        })?;
        if set.is_none() {
            let was: Option<String> = self.run(|c| redis::cmd("GET").arg(&marker).query(c))?;
            let was = was.unwrap_or_default();
            return Err(Error::new(
                match was.strip_prefix("loading ") {
                    Some(l) => ErrorKind::LoadUnfinished(l.to_string()),
                    None => ErrorKind::AlreadyLoaded(was),
                },
                &self.target,
            ));
        }
        let mut report = LoadReport::default();
        let mut batch: Vec<&Send> = Vec::with_capacity(LOAD_BATCH);
        for s in sends {
            if !s.is_valid {
                report.skipped += 1;
                continue;
            }
            batch.push(s);
            if batch.len() == LOAD_BATCH {
                self.record_sends(&batch, Some(now), true)?;
                report.loaded += batch.len() as u64;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            self.record_sends(&batch, Some(now), true)?;
            report.loaded += batch.len() as u64;
        }
        self.run(|c| redis::cmd("SET").arg(&marker).arg(label).query::<()>(c))?;
        Ok(report)
    }

    fn record_sends(
        &self,
        sends: &[&Send],
        now: Option<DateTime<Utc>>,
        loaded: bool,
    ) -> Result<(), Error> {
        let mut inv = self.scripts.record.prepare_invoke();
        inv.arg(&self.cfg.prefix)
            .arg(delta_ms(self.cfg.window_retention))
            .arg(delta_ms(self.cfg.lead_retention))
            .arg(now.map_or(-1, ms));
        for s in sends {
            inv.arg(s.lead_uid)
                .arg(s.client_uid)
                .arg(s.client_account_uid)
                .arg(s.client_order_item_uid)
                .arg(units(s.price))
                .arg(i64::from(s.exclusive))
                .arg(ms(s.date_sent))
                .arg(i64::from(loaded));
        }
        // The script's one key (its hash tag routes the call in a cluster).
        inv.key(self.key(format_args!("seq")));
        self.run(|c| inv.invoke::<String>(c)).map(|_| ())
    }

    /// Number of live (not yet committed, released or expired) reservations.
    ///
    /// # Errors
    /// The server failed.
    pub fn live_reservations(&self) -> Result<u64, Error> {
        let k = self.key(format_args!("holds"));
        self.run(|c| redis::cmd("ZCARD").arg(&k).query(c))
    }

    fn reserve_claims(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
        ttl: TimeDelta,
        sell: bool,
    ) -> Result<Vec<Result<Reservation, Refusal>>, Error> {
        if claims.is_empty() {
            return Ok(Vec::new());
        }
        let n = ms(now);
        let mut inv = self.scripts.reserve.prepare_invoke();
        inv.arg(&self.cfg.prefix)
            .arg(n)
            .arg(delta_ms(ttl))
            .arg(delta_ms(self.cfg.window_retention))
            .arg(delta_ms(self.cfg.lead_retention))
            .arg(delta_ms(self.cfg.token_retention))
            .arg(claims.len())
            .arg(i64::from(sell));
        for c in claims {
            let a = c.account;
            let client = a.client_uid();
            let item = c.item.map_or(0, |i| i.item_uid());
            inv.key(self.key(format_args!("l:{}", c.lead)))
                .key(self.owner_key(Owner::Account(a.account_uid())))
                .key(self.owner_key(Owner::Client(client)))
                .key(self.key(format_args!("i:{item}")));
            // 1-8: the sale.
            inv.arg(c.lead)
                .arg(client)
                .arg(a.account_uid())
                .arg(item)
                .arg(units(c.price))
                .arg(i64::from(c.exclusive))
                .arg(c.max_sell.map_or(-1, |m| limit(Some(m))))
                .arg(i64::from(c.ignore_exclusive));
            // 9-16: the account's period bounds and limits (the day limit lowered to the
            // paced allowance so far).
            let p = a.caps().periods(now);
            let lim = a.caps().limits();
            let day = match (lim.get(CapKind::Day), a.paced_allowance(&p)) {
                (Some(d), Some(allowed)) => Some(d.min(allowed)),
                (d, _) => d,
            };
            for b in bounds(&p) {
                inv.arg(b);
            }
            inv.arg(limit(lim.get(CapKind::Hour)))
                .arg(limit(day))
                .arg(limit(lim.get(CapKind::Week)))
                .arg(limit(lim.get(CapKind::Month)));
            // 17-24: the client's caps, when it has any.
            match c.client_caps.filter(|cc| !cc.is_unlimited()) {
                Some(cc) => {
                    let l = cc.limits();
                    for k in CapKind::ALL {
                        inv.arg(limit(l.get(k)));
                    }
                    for b in bounds(&cc.periods(now)) {
                        inv.arg(b);
                    }
                }
                None => {
                    for _ in 0..4 {
                        inv.arg(0);
                    }
                    for _ in 0..4 {
                        inv.arg(n);
                    }
                }
            }
            // 25-31: the order item's room rule.
            match c.item {
                None => {
                    for _ in 0..7 {
                        inv.arg(0);
                    }
                }
                Some(r) => {
                    let (mode, qty, constrain) = match r.quantity() {
                        Some((q, k)) => (1, q, k),
                        None => (2, 0, false),
                    };
                    inv.arg(mode)
                        .arg(qty.clamp(-MAX_EXACT, MAX_EXACT))
                        .arg(i64::from(constrain))
                        .arg(r.sent_qty().map_or(-1, |q| q.clamp(0, MAX_EXACT)))
                        .arg(i64::from(r.sent_price().is_some()))
                        .arg(r.sent_price().map_or(0, units))
                        .arg(units(r.price()));
                }
            }
        }
        let v: redis::Value = self.run(|con| inv.invoke(con))?;
        let redis::Value::Array(rows) = v else {
            return Err(self.reply("reserve did not answer a list"));
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let redis::Value::Array(f) = row else {
                return Err(self.reply("reserve answered a non-list row"));
            };
            match (f.first().and_then(int), f.get(1)) {
                (Some(1), Some(t)) => {
                    let token = int(t)
                        .and_then(|t| u64::try_from(t).ok())
                        .ok_or_else(|| self.reply("reserve answered a bad token"))?;
                    let fresh = f.get(2).and_then(int) == Some(1);
                    out.push(Ok(Reservation {
                        token: Token::from_u64(token),
                        fresh,
                    }));
                }
                (Some(0), Some(code)) => {
                    let code = text(code).unwrap_or_default();
                    let r = refusal(&code)
                        .ok_or_else(|| self.reply(&format!("unknown refusal {code:?}")))?;
                    out.push(Err(r));
                }
                _ => return Err(self.reply("reserve answered a malformed row")),
            }
        }
        Ok(out)
    }

    /// Runs the settle script (`commit` or `release`) over `tokens`.
    fn settle(&self, op: &str, tokens: &[Token], now: DateTime<Utc>) -> Result<Vec<String>, Error> {
        let mut inv = self.scripts.settle.prepare_invoke();
        inv.arg(&self.cfg.prefix)
            .arg(ms(now))
            .arg(delta_ms(self.cfg.token_retention))
            .arg(delta_ms(self.cfg.lead_retention))
            .arg(op);
        for t in tokens {
            inv.arg(t.as_u64());
        }
        inv.key(self.key(format_args!("holds")));
        let answers: Vec<String> = self.run(|c| inv.invoke(c))?;
        if answers.len() != tokens.len() {
            return Err(self.reply("settle answered a different number of tokens"));
        }
        Ok(answers)
    }
}

impl LedgerView for RedisLedger {
    fn window_counts(&self, owner: Owner, periods: &Periods) -> Result<WindowCounts, CapsError> {
        let k = self.owner_key(owner);
        let mut pipe = redis::pipe();
        for b in bounds(periods) {
            pipe.cmd("ZCOUNT").arg(&k).arg(b).arg("+inf");
        }
        let (hour, day, week, month): (u64, u64, u64, u64) =
            self.run(|c| pipe.query(c)).map_err(Error::into_backend)?;
        Ok(WindowCounts {
            hour,
            day,
            week,
            month,
        })
    }

    fn nth_send_since(
        &self,
        owner: Owner,
        since: DateTime<Utc>,
        n: u64,
    ) -> Result<Option<DateTime<Utc>>, CapsError> {
        let k = self.owner_key(owner);
        let got: Vec<(String, i64)> = self
            .run(|c| {
                redis::cmd("ZRANGEBYSCORE")
                    .arg(&k)
                    .arg(ms(since))
                    .arg("+inf")
                    .arg("WITHSCORES")
                    .arg("LIMIT")
                    .arg(n)
                    .arg(1)
                    .query(c)
            })
            .map_err(Error::into_backend)?;
        Ok(got
            .first()
            .and_then(|(_, t)| DateTime::from_timestamp_millis(*t)))
    }

    fn last_sent(&self, owner: Owner) -> Result<Option<DateTime<Utc>>, CapsError> {
        let k = self.owner_key(owner);
        let last = self.key(format_args!("last"));
        let (top, committed): (Vec<(String, i64)>, Option<i64>) = self
            .run(|c| {
                redis::pipe()
                    .cmd("ZREVRANGE")
                    .arg(&k)
                    .arg(0)
                    .arg(0)
                    .arg("WITHSCORES")
                    .cmd("HGET")
                    .arg(&last)
                    .arg(RedisLedger::last_field(owner))
                    .query(c)
            })
            .map_err(Error::into_backend)?;
        let t = top.first().map(|(_, t)| *t).max(committed);
        Ok(t.and_then(DateTime::from_timestamp_millis))
    }

    fn item_fill(&self, item: Uid) -> Result<ItemFill, CapsError> {
        let k = self.key(format_args!("i:{item}"));
        let (lq, ld, aq, ad): (Option<i64>, Option<i64>, Option<i64>, Option<i64>) = self
            .run(|c| {
                redis::cmd("HMGET")
                    .arg(&k)
                    .arg("lq")
                    .arg("ld")
                    .arg("aq")
                    .arg("ad")
                    .query(c)
            })
            .map_err(Error::into_backend)?;
        let q = |v: Option<i64>| v.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        Ok(ItemFill {
            loaded_qty: q(lq),
            loaded_dollars: dollars(ld.unwrap_or(0)),
            added_qty: q(aq),
            added_dollars: dollars(ad.unwrap_or(0)),
        })
    }

    fn lead_sends(&self, lead: Uid) -> Result<LeadSends, CapsError> {
        let k = self.key(format_args!("l:{lead}"));
        let (n, x): (Option<i64>, Option<i64>) = self
            .run(|c| redis::cmd("HMGET").arg(&k).arg("n").arg("x").query(c))
            .map_err(Error::into_backend)?;
        Ok(LeadSends {
            count: n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            exclusive: x.unwrap_or(0) > 0,
        })
    }

    fn sent_to_client(&self, lead: Uid, client: Uid) -> Result<bool, CapsError> {
        let k = self.key(format_args!("l:{lead}"));
        self.run(|c| {
            redis::cmd("HEXISTS")
                .arg(&k)
                .arg(format!("c:{client}"))
                .query(c)
        })
        .map_err(Error::into_backend)
    }
}

impl Ledger for RedisLedger {
    fn record(&self, send: &Send) -> Result<(), CapsError> {
        if !send.is_valid {
            return Ok(());
        }
        self.record_sends(&[send], None, false)
            .map_err(Error::into_backend)
    }

    fn reserve(
        &self,
        claim: &Claim<'_>,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Token, CapsError> {
        let mut r = self
            .reserve_claims(std::slice::from_ref(claim), now, ttl, false)
            .map_err(Error::into_backend)?;
        match r.pop() {
            Some(Ok(res)) => Ok(res.token),
            Some(Err(refusal)) => Err(refusal.into()),
            None => Err(self.reply("reserve answered nothing").into_backend()),
        }
    }

    fn reserve_many(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<Vec<Result<Reservation, Refusal>>, CapsError> {
        self.reserve_claims(claims, now, ttl, false)
            .map_err(Error::into_backend)
    }

    /// One script call: every granted claim is committed in the same atomic step.
    fn sell_many(
        &self,
        claims: &[Claim<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Reservation, Refusal>>, CapsError> {
        self.reserve_claims(claims, now, TimeDelta::zero(), true)
            .map_err(Error::into_backend)
    }

    fn commit(&self, token: Token, now: DateTime<Utc>) -> Result<(), CapsError> {
        self.commit_many(&[token], now)?
            .pop()
            .unwrap_or_else(|| Err(self.reply("commit answered nothing").into_backend()))
    }

    fn commit_many(
        &self,
        tokens: &[Token],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<(), CapsError>>, CapsError> {
        if tokens.is_empty() {
            return Ok(Vec::new());
        }
        let answers = self
            .settle("commit", tokens, now)
            .map_err(Error::into_backend)?;
        Ok(tokens
            .iter()
            .zip(answers)
            .map(|(&t, a)| match a.as_str() {
                "ok" => Ok(()),
                "expired" => Err(CapsErrorKind::Expired(t).into()),
                _ => Err(CapsErrorKind::UnknownToken(t).into()),
            })
            .collect())
    }

    fn release(&self, token: Token, now: DateTime<Utc>) -> Result<(), CapsError> {
        let a = self
            .settle("release", &[token], now)
            .map_err(Error::into_backend)?;
        match a.first().map(String::as_str) {
            Some("committed") => Err(CapsErrorKind::AlreadyCommitted(token).into()),
            _ => Ok(()),
        }
    }

    fn expire(&self, now: DateTime<Utc>) -> Result<usize, CapsError> {
        let mut total = 0usize;
        loop {
            let mut inv = self.scripts.expire.prepare_invoke();
            inv.arg(&self.cfg.prefix)
                .arg(ms(now))
                .arg(delta_ms(self.cfg.token_retention))
                .arg(EXPIRE_BATCH)
                .key(self.key(format_args!("holds")));
            let got: Vec<i64> = self.run(|c| inv.invoke(c)).map_err(Error::into_backend)?;
            let (expired, examined) = match got.as_slice() {
                [e, x] => (*e, *x),
                _ => {
                    return Err(self
                        .reply("expire answered a malformed reply")
                        .into_backend())
                }
            };
            total += usize::try_from(expired).unwrap_or(0);
            // Holds whose real time is up but whose `now` is not are left for later.
            if examined < EXPIRE_BATCH || expired == 0 {
                return Ok(total);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_round_trip_through_millionths() {
        for s in ["0", "12.5", "0.000001", "-3.25", "1234567.891011"] {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(dollars(units(d)), d.normalize(), "{s}");
        }
        // Digits past the millionth are rounded; absurd amounts saturate.
        assert_eq!(units("0.0000014".parse().unwrap()), 1);
        assert_eq!(units(Decimal::MAX), MAX_EXACT);
    }

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            redact("redis://user:secret@10.0.0.1:6379/0"),
            "redis://10.0.0.1:6379/0"
        );
        assert_eq!(
            redact("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
    }
}
