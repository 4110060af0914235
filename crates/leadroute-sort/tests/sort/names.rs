//! Parsing policy and enumeration names and numbers.

use leadroute_sort::{AutomationType, Policy, SortBy, SortDirection, SortError};

#[test]
fn names_parse_case_insensitively_with_aliases_and_numbers() {
    let policies = [
        ("RoundRobin", Policy::RoundRobin),
        ("  roundrobin ", Policy::RoundRobin),
        ("Round Robin", Policy::RoundRobin),
        ("PRICE", Policy::Price),
        ("priority", Policy::Priority),
        ("Weighted", Policy::Weighted),
        ("nearest", Policy::Nearest),
        ("Percentage", Policy::Percentage),
        ("4", Policy::Nearest),
    ];
    for (text, expected) in policies {
        assert_eq!(text.parse::<Policy>(), Ok(expected), "policy {text:?}");
    }
    let directions = [
        ("Ascending", SortDirection::Ascending),
        ("Decending", SortDirection::Descending),
        ("descending", SortDirection::Descending),
        ("DESC", SortDirection::Descending),
        ("1", SortDirection::Descending),
    ];
    for (text, expected) in directions {
        assert_eq!(
            text.parse::<SortDirection>(),
            Ok(expected),
            "direction {text:?}"
        );
    }
    assert_eq!("lastsentdate".parse::<SortBy>(), Ok(SortBy::LastSentDate));
    assert_eq!("Name".parse::<SortBy>(), Ok(SortBy::Name));
}

#[test]
fn automation_type_numbers_follow_the_source() {
    let table = [
        (0, AutomationType::Price),
        (1, AutomationType::Priority),
        (2, AutomationType::RoundRobin),
    ];
    for (number, expected) in table {
        assert_eq!(AutomationType::from_number(number), Ok(expected));
        assert_eq!(expected.to_number(), number);
        assert_eq!(expected.as_str().parse::<AutomationType>(), Ok(expected));
    }
    assert_eq!(
        AutomationType::from_number(3),
        Err(SortError::UnknownNumber {
            enumeration: "AutomationType",
            input: 3,
            max: 2
        })
    );
}

#[test]
fn unknown_names_are_typed_errors_naming_the_accepted_values() {
    let err = "Fastest".parse::<Policy>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown DistributionPolicy \"Fastest\"; expected one of Price, Priority, RoundRobin, Weighted, Nearest, Percentage"
    );
    assert!(matches!(
        "".parse::<SortBy>(),
        Err(SortError::UnknownName { .. })
    ));
    assert!(matches!(
        "-1".parse::<SortBy>(),
        Err(SortError::UnknownName { .. })
    ));
    assert!(matches!(
        "9".parse::<SortDirection>(),
        Err(SortError::UnknownNumber { input: 9, .. })
    ));
}

#[test]
fn every_variant_round_trips_through_its_name_and_number() {
    for &p in Policy::ALL {
        assert_eq!(p.to_string().parse::<Policy>(), Ok(p));
        assert_eq!(Policy::from_number(p.to_number()), Ok(p));
    }
    for &s in SortBy::ALL {
        assert_eq!(s.as_str().parse::<SortBy>(), Ok(s));
        assert_eq!(SortBy::from_number(s.to_number()), Ok(s));
    }
    assert!(Policy::Weighted.is_stateful() && Policy::Percentage.is_stateful());
    assert!(!Policy::RoundRobin.is_stateful());
}
