//! Properties of intake: an accepted lead posted again within its campaign's duplicate
//! window is always `Duplicate_Lead`, whatever else was accepted in between; posted
//! again at or after the window's end (and with its other duplicates also outside) it
//! is accepted.

use chrono::Duration;
use leadroute_engine::intake::ResponseType;
use proptest::prelude::*;
use serde_json::json;

use super::world::{at, good, intake_with, lead, with};

fn email() -> impl Strategy<Value = String> {
    "[a-z]{1,8}(\\.[a-z]{1,5})?@[a-z]{2,6}\\.(com|org|net)"
}

fn phone() -> impl Strategy<Value = String> {
    "[2-9][0-9]{9}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn accepted_then_posted_again_within_the_window_is_a_duplicate(
        mail in email(),
        ph in phone(),
        others in proptest::collection::vec((email(), phone(), 0i64..30 * 86_400), 0..8),
        after in 0i64..30 * 86_400,
        upper in any::<bool>(),
    ) {
        // Campaign 39: DupDayMax 30, no caps or rules; the other leads go to it too.
        let t0 = at("2026-05-04T15:00:00Z");
        let mut intake = intake_with(json!([]));
        let first = lead(&with(&good(), &json!({"LeadUID": 1, "AID": 39, "DateReceived": t0.to_rfc3339(),
            "Fields": {"Email": mail, "Phone": ph}})));
        prop_assert_eq!(intake.intake(first, t0).response_type, ResponseType::NoError);
        for (n, (m, p, dt)) in (2u64..).zip(&others) {
            let t = t0 + Duration::seconds(*dt);
            let l = lead(&with(&good(), &json!({"LeadUID": n, "AID": 39, "DateReceived": t.to_rfc3339(),
                "Fields": {"Email": m, "Phone": p}})));
            let _ = intake.intake(l, t);
        }
        let t = t0 + Duration::seconds(after);
        let shown = if upper { mail.to_uppercase() } else { format!("  {mail} ") };
        let again = lead(&with(&good(), &json!({"LeadUID": 999, "AID": 39, "DateReceived": t.to_rfc3339(),
            "Fields": {"Email": shown, "Phone": format!("({}) {}-{}", &ph[..3], &ph[3..6], &ph[6..])}})));
        let r = intake.intake(again, t);
        prop_assert_eq!(r.response_type, ResponseType::DuplicateLead, "{:?}", r);
    }

    #[test]
    fn posted_again_after_the_window_is_accepted(
        mail in email(),
        ph in phone(),
        later in 0i64..86_400 * 400,
    ) {
        // Campaign 37: DupDayMax 1, no caps, no rules.
        let t0 = at("2026-05-04T15:00:00Z");
        let mut intake = intake_with(json!([]));
        let l = |t: chrono::DateTime<chrono::Utc>| lead(&with(&good(), &json!({"AID": 37,
            "DateReceived": t.to_rfc3339(), "Fields": {"Email": mail, "Phone": ph}})));
        prop_assert_eq!(intake.intake(l(t0), t0).response_type, ResponseType::NoError);
        let t = t0 + Duration::seconds(86_400 + later);
        prop_assert_eq!(intake.intake(l(t), t).response_type, ResponseType::NoError);
        // ... and it is then a duplicate of itself one second later.
        let t2 = t + Duration::seconds(1);
        prop_assert_eq!(intake.intake(l(t2), t2).response_type, ResponseType::DuplicateLead);
    }
}
