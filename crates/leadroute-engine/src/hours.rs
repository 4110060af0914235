//! Delivery hours (check 11 of SPEC.md 4) kept across leads.
//!
//! An account's delivery schedule answers the same for every lead until its next
//! opening or closing. Accounts with equal schedules share one
//! (`LeadTypeRt::schedules`), and each distinct schedule's answer is kept with the span
//! of decision seconds it holds over ([`Hours::spans`]). On top of that, a lead type's
//! answers for all its accounts are kept as one bitset by position
//! ([`OpenPositions`]): a lead reads delivery hours a word (64 accounts) at a time, and
//! only the schedules whose span has ended are asked again, their accounts' bits
//! flipped when the answer changed.
//!
//! Every kept answer is true for its span whoever computed it, so any thread may read
//! and refresh them. The bitsets are owned by one decision at a time: the engine's
//! behind a lock taken with `try_lock` (a decision that finds it held asks its
//! accounts' schedules one by one instead, [`Hours::deliverable_span`]), and a batch's
//! parallel phase keeps its own per rayon job.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::build::{AccountRt, Compiled};
use crate::state::{pack_span, span_answer, span_bounds};

/// The delivery-hours answers kept across leads, per lead type.
#[derive(Debug)]
pub(crate) struct Hours {
    /// Per lead type, per distinct schedule (`LeadTypeRt::schedules`): a span of
    /// decision seconds over which the schedule's answer is known, packed by
    /// [`pack_span`]. Leads mostly come in time order, so a schedule is asked again
    /// only when its answer changes (a few times a day), not for every lead.
    pub spans: Vec<Vec<AtomicU64>>,
    /// The engine's bitsets, for decisions that hold the engine (a batch's parallel
    /// phase keeps its own).
    pub open: Mutex<OpenSets>,
}

impl Hours {
    /// Nothing kept yet, for the lead types of `c`.
    pub(crate) fn new(c: &Compiled) -> Hours {
        Hours {
            spans: c
                .lead_types
                .iter()
                .map(|lt| (0..lt.schedules.len()).map(|_| AtomicU64::new(0)).collect())
                .collect(),
            open: Mutex::new(OpenSets::default()),
        }
    }

    /// Whether distinct schedule `schedule` of lead type `lt` (represented by
    /// `account`) is open at `now` (`t`: `now` in Unix seconds), with the span of
    /// seconds `[from, until)` the answer holds over: the kept span when `t` is inside
    /// it; else the schedule is asked, and its answer kept up to its next change. The
    /// span is `None` when the answer is known for `now` alone (the span cannot be
    /// packed, or the next change falls within second `t`).
    pub(crate) fn deliverable_span(
        &self,
        lt: usize,
        schedule: usize,
        account: &AccountRt,
        now: DateTime<Utc>,
        t: i64,
    ) -> (bool, Option<(i64, i64)>) {
        let slot = &self.spans[lt][schedule];
        let word = slot.load(Ordering::Relaxed);
        if let Some(open) = span_answer(word, t) {
            return (open, Some(span_bounds(word)));
        }
        let (open, change) = account.limits.schedule().deliverable_span(now);
        let kept = pack_span(t, change.map(|c| c.timestamp()), open);
        if let Some(w) = kept {
            slot.store(w, Ordering::Relaxed);
        }
        (
            open,
            kept.filter(|&w| span_answer(w, t).is_some())
                .map(span_bounds),
        )
    }
}

/// The delivery-hours bitsets of every lead type, built on first use
/// ([`OpenPositions`]).
#[derive(Debug, Default)]
pub(crate) struct OpenSets(Vec<Option<OpenPositions>>);

impl OpenSets {
    /// The delivery-hours answers at `now` (`t`: `now` in Unix seconds) of every account
    /// of lead type `lt`, as a bitset by position: bit `p % 64` of word `p / 64` is set
    /// when the account at position `p` is inside its delivery hours.
    pub(crate) fn at(
        &mut self,
        hours: &Hours,
        c: &Compiled,
        lt: usize,
        now: DateTime<Utc>,
        t: i64,
    ) -> &[u64] {
        if self.0.len() <= lt {
            self.0.resize_with(lt + 1, || None);
        }
        let open = self.0[lt].get_or_insert_with(|| OpenPositions::new(c, lt));
        open.refresh(hours, c, lt, now, t);
        &open.bits
    }
}

/// One lead type's delivery-hours answers by position, each distinct schedule's with
/// the span of decision seconds `[from, until)` it holds over.
#[derive(Debug)]
struct OpenPositions {
    bits: Vec<u64>,
    /// Per distinct schedule: whether its accounts' bits are set, and its span.
    answers: Vec<(bool, i64, i64)>,
    /// The latest start of the spans: before it, every schedule is checked again.
    from: i64,
    /// The schedules by the end of their spans, earliest first.
    ends: BinaryHeap<Reverse<(i64, u32)>>,
    /// The schedules whose span ended, while they are asked again.
    due: Vec<u32>,
}

impl OpenPositions {
    /// Every account outside, every schedule's span empty (asked at first use).
    fn new(c: &Compiled, lt: usize) -> OpenPositions {
        let rt = &c.lead_types[lt];
        OpenPositions {
            bits: vec![0; rt.schedule_of.len().div_ceil(64)],
            answers: vec![(false, i64::MAX, i64::MIN); rt.schedules.len()],
            from: i64::MAX,
            ends: BinaryHeap::new(),
            due: Vec::new(),
        }
    }

    /// Brings the answers to second `t`: every schedule when `t` is before the latest
    /// span's start (decisions out of time order), else those whose span ended.
    fn refresh(&mut self, hours: &Hours, c: &Compiled, lt: usize, now: DateTime<Utc>, t: i64) {
        let rt = &c.lead_types[lt];
        if t < self.from {
            self.ends.clear();
            self.from = i64::MIN;
            for s in 0..self.answers.len() {
                self.ask(hours, c, lt, rt.schedules[s], s, now, t);
            }
            return;
        }
        // Taken off first, then asked: an answer known for `now` alone goes back with
        // an ended span, for the next decision to ask again.
        let mut due = std::mem::take(&mut self.due);
        while let Some(&Reverse((until, s))) = self.ends.peek() {
            if until > t {
                break;
            }
            self.ends.pop();
            due.push(s);
        }
        for s in due.drain(..) {
            let s = s as usize;
            self.ask(hours, c, lt, rt.schedules[s], s, now, t);
        }
        self.due = due;
    }

    /// Asks distinct schedule `s` (carried by account `rep`) at `now`, unless its span
    /// holds `t`, and flips its accounts' bits when the answer changed.
    #[allow(clippy::too_many_arguments)]
    fn ask(
        &mut self,
        hours: &Hours,
        c: &Compiled,
        lt: usize,
        rep: usize,
        s: usize,
        now: DateTime<Utc>,
        t: i64,
    ) {
        let (was, from, until) = self.answers[s];
        let (yes, span) = if from <= t && t < until {
            (was, (from, until))
        } else {
            let (yes, span) = hours.deliverable_span(lt, s, &c.accounts[rep], now, t);
            // Known for `now` alone: asked again at the next decision.
            (yes, span.unwrap_or((t, t)))
        };
        if yes != was {
            let rt = &c.lead_types[lt];
            let (a, b) = (
                rt.schedule_starts[s] as usize,
                rt.schedule_starts[s + 1] as usize,
            );
            for &p in &rt.schedule_positions[a..b] {
                self.bits[p as usize / 64] ^= 1 << (p % 64);
            }
        }
        self.answers[s] = (yes, span.0, span.1);
        self.from = self.from.max(span.0);
        // ok: schedule numbers fit in u32 (`LeadTypeRt::schedule_of`)
        self.ends.push(Reverse((span.1, s as u32)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use leadroute_model::load_snapshot;
    use proptest::prelude::*;

    /// Six accounts of one lead type over five distinct schedules (accounts 1 and 2
    /// share one), in three zones, one with a delivery delay, one always open, one open
    /// a minute a week; and an account of another lead type.
    fn engine() -> crate::Engine {
        let day = |d: u8, from: &str, to: &str| {
            format!(
                r#"{{"WeekDay": {d}, "StartTime": "{from}", "EndTime": "{to}", "Allow": true}}"#
            )
        };
        let weekdays = (1..=5)
            .map(|d| day(d, "09:00", "17:30"))
            .collect::<Vec<_>>()
            .join(",");
        let account = |uid: u32, client: u32, lt: u32, extra: &str, days: &str| {
            format!(
                r#"{{"ClientAccountUID": {uid}, "ClientUID": {client}, "Status": 12, "Price": 10,
                    "AutomationEnabled": true{extra},
                    "DeliveryDetails": {{"Status": true, "LeadTypeUID": {lt}{days}}}}}"#
            )
        };
        let days = |list: &str| format!(r#", "DeliveryDays": [{list}]"#);
        let accounts = [
            account(1, 7, 1, "", &days(&weekdays)),
            account(2, 7, 1, "", &days(&weekdays)),
            account(3, 8, 1, "", &days(&weekdays)),
            account(4, 7, 1, r#", "DeliveryDelay": 5400"#, &days(&weekdays)),
            account(5, 8, 1, "", ""),
            account(6, 9, 1, "", &days(&day(6, "10:15", "10:16"))),
            account(7, 7, 2, "", &days(&weekdays)),
        ]
        .join(",");
        let s = load_snapshot(&format!(
            r#"{{
  "LeadTypes": [{{"LeadTypeUID": 1, "Fields": []}}, {{"LeadTypeUID": 2, "Fields": []}}],
  "Clients": [{{"ClientUID": 7, "Status": "Active", "TimeZoneName": "America/New_York"}},
              {{"ClientUID": 8, "Status": "Active", "TimeZoneName": "America/Los_Angeles"}},
              {{"ClientUID": 9, "Status": "Active", "TimeZoneName": "Australia/Lord_Howe"}}],
  "DeliveryAccounts": [{accounts}]
}}"#
        ));
        assert!(!s.has_errors(), "{:?}", s.problems.first());
        crate::Engine::new(s)
    }

    /// Each position's bit against its account's own schedule.
    fn check(c: &Compiled, lt: usize, bits: &[u64], now: DateTime<Utc>) -> Result<(), String> {
        for (pos, &ai) in c.lead_types[lt].accounts.iter().enumerate() {
            let bit = bits[pos / 64] >> (pos % 64) & 1 == 1;
            let want = c.accounts[ai].limits.schedule().is_deliverable(now);
            if bit != want {
                return Err(format!(
                    "position {pos} at {now}: bit {bit}, schedule {want}"
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn kept_bits_follow_each_schedule_forward_backward_and_within_a_second() {
        let e = engine();
        let (c, hours) = (&*e.c, &*e.state.hours);
        let lt = 0;
        assert_eq!(c.lead_types[lt].accounts.len(), 6);
        assert_eq!(c.lead_types[lt].schedules.len(), 5);
        let mut sets = OpenSets::default();
        // Monday 2026-03-09, 12:59:59.5 in New York: the weekday accounts there and in
        // Los Angeles are open, the delayed one (13:30 +1h30 = 14:29) too.
        let t0 = Utc.with_ymd_and_hms(2026, 3, 9, 16, 59, 59).unwrap()
            + chrono::Duration::milliseconds(500);
        let mut seen = Vec::new();
        // Forward in steps that cross New York's 17:30 close, the delayed account's
        // close 90 minutes earlier, then backward to the start, then within one second.
        for step in [0, 1, 3_600, 16_200, 16_201, 16_199, 30_000, 0, 1] {
            let now = t0 + chrono::Duration::seconds(step);
            let bits = sets.at(hours, c, lt, now, now.timestamp()).to_vec();
            check(c, lt, &bits, now).unwrap();
            seen.push(bits[0]);
        }
        // The bits did change along the way.
        assert!(seen.iter().any(|&b| b != seen[0]), "{seen:?}");
        // Before 2020 no span is kept: every schedule is asked at each decision.
        let old = Utc.with_ymd_and_hms(2019, 3, 11, 16, 59, 59).unwrap();
        for step in [0, 1, 0, 16_200] {
            let now = old + chrono::Duration::seconds(step);
            let bits = sets.at(hours, c, lt, now, now.timestamp()).to_vec();
            check(c, lt, &bits, now).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any sequence of decision instants, in or out of order, reads every
        /// account's own answer, and the kept spans stay true for other readers.
        #[test]
        fn kept_bits_equal_every_schedule_at_every_instant(
            steps in prop::collection::vec((0i64..14 * 86_400, 0i64..1000), 1..40),
        ) {
            let e = engine();
            let (c, hours) = (&*e.c, &*e.state.hours);
            let start = Utc.with_ymd_and_hms(2026, 3, 6, 0, 0, 0).unwrap();
            let mut sets = OpenSets::default();
            let mut fresh = OpenSets::default();
            for (s, ms) in steps {
                let now = start
                    + chrono::Duration::seconds(s)
                    + chrono::Duration::milliseconds(ms);
                let t = now.timestamp();
                for lt in 0..c.lead_types.len() {
                    let bits = sets.at(hours, c, lt, now, t).to_vec();
                    prop_assert_eq!(check(c, lt, &bits, now), Ok(()));
                    let one = c.lead_types[lt].schedule_of.first().map(|&(ai, s)| {
                        hours.deliverable_span(lt, s as usize, &c.accounts[ai as usize], now, t).0
                    });
                    prop_assert_eq!(one, c.lead_types[lt].accounts.first().map(|&ai| {
                        c.accounts[ai].limits.schedule().is_deliverable(now)
                    }));
                }
                // A second reader, which starts afresh at each instant.
                fresh.0.clear();
                let bits = fresh.at(hours, c, 0, now, t).to_vec();
                prop_assert_eq!(check(c, 0, &bits, now), Ok(()));
            }
        }
    }
}
