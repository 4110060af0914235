//! `answer_case`: the JSON-lines contract of `leadroute escalate` (SPEC 11), outputs and
//! located errors for bad lines.

use leadroute_escalation::answer_case;
use serde_json::{json, Value};

fn documented() -> Value {
    json!([
        {"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "16:00:00"},
        {"day_of_week": 2, "closed": false, "open": "08:00:00", "close": "16:00:00"},
        {"day_of_week": 3, "closed": false, "open": "08:00:00", "close": "16:00:00"},
        {"day_of_week": 4, "closed": false, "open": "08:00:00", "close": "16:00:00"},
        {"day_of_week": 5, "closed": false, "open": "09:00:00", "close": "15:30:00"},
        {"day_of_week": 6, "closed": true},
        {"day_of_week": 0, "closed": true}
    ])
}

#[test]
fn answers() {
    let cases: Vec<(&str, Value, Value)> = vec![
        (
            "escalates_at, offset input, Z output",
            json!({"escalation_active": documented(), "timezone": "America/New_York", "from": "2026-03-13T15:31:00-04:00", "seconds": 3600}),
            json!({"escalates_at": "2026-03-16T13:00:00Z"}),
        ),
        (
            "windows zone name",
            json!({"escalation_active": documented(), "timezone": "Eastern Standard Time", "from": "2026-03-13T19:31:00Z", "seconds": 0}),
            json!({"escalates_at": "2026-03-16T12:00:00Z"}),
        ),
        (
            "explicit op escalates_at, float seconds",
            json!({"op": "escalates_at", "escalation_active": documented(), "timezone": "UTC", "from": "2026-03-16T15:00:00Z", "seconds": 3600.0}),
            json!({"escalates_at": "2026-03-16T16:00:00Z"}),
        ),
        (
            "no open day gives null",
            json!({"escalation_active": [{"day_of_week": 1, "closed": true}], "timezone": "UTC", "from": "2026-03-16T15:00:00Z", "seconds": 60}),
            json!({"escalates_at": null}),
        ),
        (
            "absent list is always open",
            json!({"timezone": "UTC", "from": "2026-03-16T15:00:00Z", "seconds": 60}),
            json!({"escalates_at": "2026-03-16T15:01:00Z"}),
        ),
        (
            "open_seconds",
            json!({"op": "open_seconds", "escalation_active": documented(), "timezone": "UTC", "from": "2026-03-13T15:00:00Z", "to": "2026-03-16T09:00:00Z"}),
            json!({"open_seconds": 5400}),
        ),
        (
            "next_open",
            json!({"op": "next_open", "escalation_active": documented(), "timezone": "UTC", "from": "2026-03-14T00:00:00Z"}),
            json!({"next_open": "2026-03-16T08:00:00Z"}),
        ),
        (
            "holidays",
            json!({"op": "next_open", "escalation_active": documented(), "timezone": "UTC", "from": "2026-03-14T00:00:00Z", "holidays": ["2026-03-16"]}),
            json!({"next_open": "2026-03-17T08:00:00Z"}),
        ),
        (
            "fractional seconds keep their fraction when open",
            json!({"escalation_active": documented(), "timezone": "UTC", "from": "2026-03-16T10:00:00.250Z", "seconds": 60}),
            json!({"escalates_at": "2026-03-16T10:01:00.250Z"}),
        ),
    ];
    for (name, input, want) in cases {
        assert_eq!(answer_case(&input).expect(name), want, "{name}");
    }
}

#[test]
fn errors_are_located() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("not an object", json!([1, 2]), "expected a JSON object"),
        (
            "unknown op",
            json!({"op": "bogus", "from": "2026-03-16T10:00:00Z"}),
            "op: unknown op 'bogus'",
        ),
        ("missing from", json!({"seconds": 1}), "from: missing"),
        (
            "bad from",
            json!({"from": "yesterday", "seconds": 1}),
            "from: 'yesterday' is not an RFC 3339 instant",
        ),
        (
            "negative seconds",
            json!({"from": "2026-03-16T10:00:00Z", "seconds": -5}),
            "seconds: -5 is not a non-negative",
        ),
        (
            "missing seconds",
            json!({"from": "2026-03-16T10:00:00Z"}),
            "seconds: missing",
        ),
        (
            "unknown zone",
            json!({"timezone": "Mars/Base", "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "timezone: unknown time zone 'Mars/Base'",
        ),
        (
            "bad close",
            json!({"escalation_active": [{"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "25:00:00"}], "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "escalation_active[0].close: '25:00:00' is not a time of day",
        ),
        (
            "bad weekday",
            json!({"escalation_active": [{"day_of_week": 7, "closed": false}], "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "escalation_active[0].day_of_week: day_of_week 7",
        ),
        (
            "wrong type",
            json!({"escalation_active": [{"day_of_week": "monday"}], "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "escalation_active[0].day_of_week: invalid type",
        ),
        (
            "open 24:00",
            json!({"escalation_active": [{"day_of_week": 1, "closed": false, "open": "24:00:00"}], "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "escalation_active[0].open: a window cannot start at 24:00",
        ),
        (
            "bad holiday",
            json!({"holidays": ["soon"], "from": "2026-03-16T10:00:00Z", "seconds": 1}),
            "holidays[0]: 'soon' is not a date",
        ),
        (
            "to before from",
            json!({"op": "open_seconds", "from": "2026-03-16T10:00:00Z", "to": "2026-03-15T10:00:00Z"}),
            "to: 'to' is before 'from'",
        ),
    ];
    for (name, input, want) in cases {
        let err = answer_case(&input).expect_err(name).to_string();
        assert!(err.starts_with(want), "{name}: {err}");
    }
}

#[test]
fn absurd_numbers_and_dates_give_answers_not_panics() {
    let one_second_a_week =
        json!([{"day_of_week": 1, "closed": false, "open": "08:00:00", "close": "08:00:01"}]);
    let cases: Vec<(&str, Value, Value)> = vec![
        (
            "u64::MAX seconds",
            json!({"escalation_active": one_second_a_week, "timezone": "UTC", "from": "2026-03-16T10:00:00Z", "seconds": u64::MAX}),
            json!({"escalates_at": null}),
        ),
        (
            "i64::MAX seconds, tiny week",
            json!({"escalation_active": one_second_a_week, "timezone": "America/New_York", "from": "2026-03-16T10:00:00Z", "seconds": i64::MAX}),
            json!({"escalates_at": null}),
        ),
        (
            "1e19 seconds always open",
            json!({"timezone": "UTC", "from": "2026-03-16T10:00:00Z", "seconds": 1e19}),
            json!({"escalates_at": null}),
        ),
        (
            "far future start (chrono-tz keeps its last offset, +13:45, after 2099)",
            json!({"escalation_active": one_second_a_week, "timezone": "Pacific/Chatham", "from": "9999-12-31T23:59:59Z", "seconds": 1}),
            json!({"escalates_at": "+10000-01-02T18:15:01Z"}),
        ),
        (
            "open_seconds over millennia",
            json!({"op": "open_seconds", "escalation_active": one_second_a_week, "timezone": "UTC", "from": "0001-01-01T00:00:00Z", "to": "9999-01-01T00:00:00Z"}),
            json!({"open_seconds": 521_671}),
        ),
    ];
    for (name, input, want) in cases {
        assert_eq!(answer_case(&input).expect(name), want, "{name}");
    }
}

/// SPEC 10: `closed: true` closes the whole day whatever `open`/`close` say, so a closed
/// entry's unreadable times are not an error.
#[test]
fn closed_entry_with_unreadable_times_is_just_closed() {
    let case = json!({
        "escalation_active": [
            {"day_of_week": 1, "closed": true, "open": "", "close": ""},
            {"day_of_week": 2, "closed": false, "open": "08:00:00", "close": "09:00:00"}
        ],
        "timezone": "UTC", "from": "2026-03-09T00:00:00Z", "seconds": 0
    });
    assert_eq!(
        answer_case(&case).map_err(|e| e.to_string()),
        Ok(json!({"escalates_at": "2026-03-10T08:00:00Z"}))
    );
}

#[test]
fn windows_zone_names_across_dst() {
    // Pacific Standard Time is America/Los_Angeles: 2026-03-08 02:00 PST -> 03:00 PDT
    // (10:00Z). Sunday 01:00-04:00 is 2 real hours: 09:00Z - 11:00Z.
    let cases: Vec<(&str, Value, Value)> = vec![
        (
            "pacific standard time, window over the gap",
            json!({"escalation_active": [{"day_of_week": 0, "closed": false, "open": "01:00:00", "close": "04:00:00"}],
                   "timezone": "Pacific Standard Time", "from": "2026-03-08T08:00:00Z", "seconds": 7200}),
            json!({"escalates_at": "2026-03-08T11:00:00Z"}),
        ),
        (
            "open_seconds of that window",
            json!({"op": "open_seconds", "escalation_active": [{"day_of_week": 0, "closed": false, "open": "01:00:00", "close": "04:00:00"}],
                   "timezone": "Pacific Standard Time", "from": "2026-03-08T00:00:00Z", "to": "2026-03-09T00:00:00Z"}),
            json!({"open_seconds": 7200}),
        ),
        (
            "next_open at 02:30 in the gap is the transition",
            json!({"op": "next_open", "escalation_active": [{"day_of_week": 0, "closed": false, "open": "02:30:00", "close": "04:00:00"}],
                   "timezone": "Pacific Standard Time", "from": "2026-03-08T08:00:00Z"}),
            json!({"next_open": "2026-03-08T10:00:00Z"}),
        ),
    ];
    for (name, input, want) in cases {
        assert_eq!(answer_case(&input).expect(name), want, "{name}");
    }
}
