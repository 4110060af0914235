//! The demo's lead types and their fields, and the word lists that name people and
//! companies.
//!
//! Three lead types, as a lead marketplace typically sells them: mortgage (shared,
//! priced by credit and loan size), solar (homeowners with a high electric bill) and
//! auto insurance (drivers shopping for a policy). Field UIDs are unique across lead
//! types (1001.. mortgage, 2001.. solar, 3001.. auto) and every `FieldDataType` of
//! SPEC.md 2 occurs at least once.

use leadroute_model::{
    DistributionPolicy, FieldDataType, FieldEnum, LeadField, LeadType, SpecialBit, Uid,
};
use serde_json::json;

/// `LeadTypeUID` of the mortgage lead type.
pub const MORTGAGE: Uid = 1;
/// `LeadTypeUID` of the solar lead type.
pub const SOLAR: Uid = 2;
/// `LeadTypeUID` of the auto insurance lead type.
pub const AUTO: Uid = 3;
/// Every lead type of the demo, in UID order.
pub const LEAD_TYPES: [Uid; 3] = [MORTGAGE, SOLAR, AUTO];

/// Field UIDs, named `<lead type>_<field>`.
pub mod field {
    #![allow(missing_docs)]
    use leadroute_model::Uid;

    pub const M_FIRST_NAME: Uid = 1001;
    pub const M_LAST_NAME: Uid = 1002;
    pub const M_EMAIL: Uid = 1003;
    pub const M_PHONE: Uid = 1004;
    pub const M_ADDRESS: Uid = 1005;
    pub const M_CITY: Uid = 1006;
    pub const M_STATE: Uid = 1007;
    pub const M_ZIP: Uid = 1008;
    pub const M_CREDIT_SCORE: Uid = 1009;
    pub const M_LOAN_AMOUNT: Uid = 1010;
    pub const M_HOME_VALUE: Uid = 1011;
    pub const M_PROPERTY_TYPE: Uid = 1012;
    pub const M_LOAN_PURPOSE: Uid = 1013;
    pub const M_DATE_OF_BIRTH: Uid = 1014;
    pub const M_VETERAN: Uid = 1015;
    pub const M_FORCE_ID: Uid = 1016;
    pub const M_UNIVERSAL_LEAD_ID: Uid = 1017;
    pub const M_COMMENTS: Uid = 1018;

    pub const S_FIRST_NAME: Uid = 2001;
    pub const S_LAST_NAME: Uid = 2002;
    pub const S_EMAIL: Uid = 2003;
    pub const S_PHONE: Uid = 2004;
    pub const S_STATE: Uid = 2005;
    pub const S_ZIP: Uid = 2006;
    pub const S_MONTHLY_BILL: Uid = 2007;
    pub const S_ROOF_SHADE: Uid = 2008;
    pub const S_HOME_OWNER: Uid = 2009;
    pub const S_ROOF_AGE: Uid = 2010;
    pub const S_UTILITY: Uid = 2011;
    pub const S_SYSTEM_SIZE_KW: Uid = 2012;
    pub const S_CREDIT_RATING: Uid = 2013;
    pub const S_IP_ADDRESS: Uid = 2014;

    pub const A_FIRST_NAME: Uid = 3001;
    pub const A_LAST_NAME: Uid = 3002;
    pub const A_EMAIL: Uid = 3003;
    pub const A_PHONE: Uid = 3004;
    pub const A_STATE: Uid = 3005;
    pub const A_ZIP: Uid = 3006;
    pub const A_VEHICLE_YEAR: Uid = 3007;
    pub const A_VEHICLE_MAKE: Uid = 3008;
    pub const A_DATE_OF_BIRTH: Uid = 3009;
    pub const A_AGE: Uid = 3010;
    pub const A_CURRENTLY_INSURED: Uid = 3011;
    pub const A_CURRENT_CARRIER: Uid = 3012;
    pub const A_ACCIDENTS: Uid = 3013;
    pub const A_DUI: Uid = 3014;
    pub const A_COVERAGE_LEVEL: Uid = 3015;
    pub const A_ANNUAL_MILEAGE: Uid = 3016;
    pub const A_INSURANCE_EXPIRATION: Uid = 3017;
    pub const A_MOBILE_PHONE: Uid = 3018;
}

/// Allowed values of `PropertyType`.
pub const PROPERTY_TYPES: &[&str] = &[
    "SingleFamily",
    "Condo",
    "Townhouse",
    "MultiFamily",
    "Manufactured",
];
/// Allowed values of `LoanPurpose`.
pub const LOAN_PURPOSES: &[&str] = &["Purchase", "Refinance", "CashOut"];
/// Allowed values of `RoofShade`.
pub const ROOF_SHADES: &[&str] = &["None", "Partial", "Heavy"];
/// Allowed values of `CreditRating`.
pub const CREDIT_RATINGS: &[&str] = &["Excellent", "Good", "Fair", "Poor"];
/// Allowed values of `CoverageLevel`.
pub const COVERAGE_LEVELS: &[&str] = &["Minimum", "Standard", "Premium"];
/// Electric utilities named in solar leads.
pub const UTILITIES: &[&str] = &[
    "Southern California Edison",
    "PG&E",
    "SDG&E",
    "Duke Energy",
    "FPL",
    "Con Edison",
    "ComEd",
    "Xcel Energy",
    "APS",
    "NV Energy",
    "Georgia Power",
    "Oncor",
];
/// Vehicle makes named in auto leads.
pub const VEHICLE_MAKES: &[&str] = &[
    "Toyota",
    "Honda",
    "Ford",
    "Chevrolet",
    "Nissan",
    "Hyundai",
    "Kia",
    "Subaru",
    "Jeep",
    "Tesla",
    "BMW",
    "Ram",
];
/// Insurance carriers named in auto leads.
pub const CARRIERS: &[&str] = &[
    "State Farm",
    "GEICO",
    "Progressive",
    "Allstate",
    "USAA",
    "Liberty Mutual",
    "Farmers",
    "Nationwide",
];
/// Given names of the people in leads.
pub const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Maria",
    "Mark",
    "Sandra",
    "Luis",
    "Ashley",
    "Steven",
    "Emily",
    "Andrew",
    "Michelle",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "Jose",
    "Stephanie",
    "Wei",
    "Priya",
    "Aaliyah",
    "Noah",
    "Olivia",
    "Liam",
    "Sofia",
    "Ethan",
    "Mia",
    "Lucas",
];
/// Family names of the people in leads.
pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Kim",
];
/// Street names of lead addresses.
pub const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "Maple Dr",
    "Cedar Ln",
    "Pine St",
    "Elm St",
    "Washington Blvd",
    "Lake Rd",
    "Hillcrest Dr",
    "Park Ave",
    "Sunset Blvd",
    "River Rd",
];
/// Mail domains of lead e-mail addresses.
pub const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "hotmail.com",
    "aol.com",
    "comcast.net",
    "att.net",
];
/// First words of buyer company names.
pub const COMPANY_WORDS: &[&str] = &[
    "Summit",
    "Pioneer",
    "Liberty",
    "Harbor",
    "Keystone",
    "Evergreen",
    "Cornerstone",
    "Beacon",
    "Frontier",
    "Heritage",
    "Sterling",
    "Pinnacle",
    "Meridian",
    "Blue Ridge",
    "Golden State",
    "Lone Star",
    "Great Lakes",
    "Sunbelt",
    "Coastal",
    "Prairie",
    "Red Rock",
    "Bayview",
    "Northstar",
    "Crescent",
    "Magnolia",
];
/// Industry words of buyer company names, per lead type.
pub fn company_suffixes(lead_type: Uid) -> &'static [&'static str] {
    match lead_type {
        MORTGAGE => &[
            "Home Lending",
            "Mortgage",
            "Funding",
            "Home Loans",
            "Financial",
        ],
        SOLAR => &["Solar", "Energy", "Sun Power", "Renewables", "Solar Co."],
        _ => &[
            "Insurance Agency",
            "Auto Insurance",
            "Insurance Group",
            "Coverage",
            "Agency",
        ],
    }
}

/// Name of a lead type of the demo.
pub fn lead_type_name(lead_type: Uid) -> &'static str {
    match lead_type {
        MORTGAGE => "Mortgage",
        SOLAR => "Solar",
        _ => "Auto Insurance",
    }
}

struct Spec {
    uid: Uid,
    descriptor: &'static str,
    data_type: FieldDataType,
    special: SpecialBit,
    required: bool,
    enums: &'static [&'static str],
}

const fn spec(
    uid: Uid,
    descriptor: &'static str,
    data_type: FieldDataType,
    special: SpecialBit,
    required: bool,
) -> Spec {
    Spec {
        uid,
        descriptor,
        data_type,
        special,
        required,
        enums: &[],
    }
}

const fn enumerated(uid: Uid, descriptor: &'static str, enums: &'static [&'static str]) -> Spec {
    Spec {
        uid,
        descriptor,
        data_type: FieldDataType::Varchar,
        special: SpecialBit::NoSpecialBit,
        required: false,
        enums,
    }
}

use field::*;
use FieldDataType as T;
use SpecialBit as B;

const MORTGAGE_FIELDS: &[Spec] = &[
    spec(M_FIRST_NAME, "FirstName", T::Varchar, B::FirstName, true),
    spec(M_LAST_NAME, "LastName", T::Varchar, B::LastName, true),
    spec(M_EMAIL, "Email", T::Varchar, B::Email, true),
    spec(M_PHONE, "Phone", T::Varchar, B::PrimaryPhone, true),
    spec(M_ADDRESS, "Address", T::Varchar, B::Address, false),
    spec(M_CITY, "City", T::Varchar, B::City, false),
    spec(M_STATE, "State", T::Varchar, B::State, true),
    spec(M_ZIP, "Zip", T::Varchar, B::Zip, true),
    spec(
        M_CREDIT_SCORE,
        "CreditScore",
        T::Int,
        B::NoSpecialBit,
        false,
    ),
    spec(
        M_LOAN_AMOUNT,
        "LoanAmount",
        T::Money,
        B::NoSpecialBit,
        false,
    ),
    spec(M_HOME_VALUE, "HomeValue", T::Money, B::NoSpecialBit, false),
    enumerated(M_PROPERTY_TYPE, "PropertyType", PROPERTY_TYPES),
    enumerated(M_LOAN_PURPOSE, "LoanPurpose", LOAN_PURPOSES),
    spec(
        M_DATE_OF_BIRTH,
        "DateOfBirth",
        T::DateTime,
        B::NoSpecialBit,
        false,
    ),
    spec(M_VETERAN, "Veteran", T::Bit, B::NoSpecialBit, false),
    spec(M_FORCE_ID, "ForceID", T::Varchar, B::ForceId, false),
    spec(
        M_UNIVERSAL_LEAD_ID,
        "UniversalLeadID",
        T::Bigint,
        B::NoSpecialBit,
        false,
    ),
    spec(M_COMMENTS, "Comments", T::NoDataType, B::Comments, false),
];

const SOLAR_FIELDS: &[Spec] = &[
    spec(S_FIRST_NAME, "FirstName", T::Varchar, B::FirstName, true),
    spec(S_LAST_NAME, "LastName", T::Varchar, B::LastName, true),
    spec(S_EMAIL, "Email", T::Varchar, B::Email, false),
    spec(S_PHONE, "Phone", T::Varchar, B::PrimaryPhone, true),
    spec(S_STATE, "State", T::Varchar, B::State, true),
    spec(S_ZIP, "Zip", T::Varchar, B::Zip, true),
    spec(
        S_MONTHLY_BILL,
        "MonthlyBill",
        T::Money,
        B::NoSpecialBit,
        false,
    ),
    enumerated(S_ROOF_SHADE, "RoofShade", ROOF_SHADES),
    spec(S_HOME_OWNER, "HomeOwner", T::Bit, B::NoSpecialBit, true),
    spec(S_ROOF_AGE, "RoofAge", T::Int, B::NoSpecialBit, false),
    spec(S_UTILITY, "Utility", T::Varchar, B::NoSpecialBit, false),
    spec(
        S_SYSTEM_SIZE_KW,
        "SystemSizeKW",
        T::Decimal,
        B::NoSpecialBit,
        false,
    ),
    enumerated(S_CREDIT_RATING, "CreditRating", CREDIT_RATINGS),
    spec(S_IP_ADDRESS, "IPAddress", T::Varchar, B::IpAddress, false),
];

const AUTO_FIELDS: &[Spec] = &[
    spec(A_FIRST_NAME, "FirstName", T::Varchar, B::FirstName, true),
    spec(A_LAST_NAME, "LastName", T::Varchar, B::LastName, true),
    spec(A_EMAIL, "Email", T::Varchar, B::Email, true),
    spec(A_PHONE, "Phone", T::Varchar, B::PrimaryPhone, true),
    spec(A_STATE, "State", T::Varchar, B::State, true),
    spec(A_ZIP, "Zip", T::Varchar, B::Zip, true),
    spec(
        A_VEHICLE_YEAR,
        "VehicleYear",
        T::Int,
        B::NoSpecialBit,
        false,
    ),
    spec(
        A_VEHICLE_MAKE,
        "VehicleMake",
        T::Varchar,
        B::NoSpecialBit,
        false,
    ),
    spec(
        A_DATE_OF_BIRTH,
        "DateOfBirth",
        T::DateTime,
        B::NoSpecialBit,
        false,
    ),
    spec(A_AGE, "Age", T::Int, B::NoSpecialBit, false),
    spec(
        A_CURRENTLY_INSURED,
        "CurrentlyInsured",
        T::Bit,
        B::NoSpecialBit,
        false,
    ),
    spec(
        A_CURRENT_CARRIER,
        "CurrentCarrier",
        T::Varchar,
        B::NoSpecialBit,
        false,
    ),
    spec(A_ACCIDENTS, "Accidents", T::Int, B::NoSpecialBit, false),
    spec(A_DUI, "DUI", T::Bit, B::NoSpecialBit, false),
    enumerated(A_COVERAGE_LEVEL, "CoverageLevel", COVERAGE_LEVELS),
    spec(
        A_ANNUAL_MILEAGE,
        "AnnualMileage",
        T::Float,
        B::NoSpecialBit,
        false,
    ),
    spec(
        A_INSURANCE_EXPIRATION,
        "InsuranceExpiration",
        T::DateTime,
        B::NoSpecialBit,
        false,
    ),
    spec(
        A_MOBILE_PHONE,
        "MobilePhone",
        T::Varchar,
        B::MobilePhone,
        false,
    ),
];

fn specs(lead_type: Uid) -> &'static [Spec] {
    match lead_type {
        MORTGAGE => MORTGAGE_FIELDS,
        SOLAR => SOLAR_FIELDS,
        _ => AUTO_FIELDS,
    }
}

/// The `Descriptor` of a field of the demo (empty for an unknown UID).
pub fn descriptor(uid: Uid) -> &'static str {
    LEAD_TYPES
        .iter()
        .flat_map(|t| specs(*t).iter())
        .find(|s| s.uid == uid)
        .map_or("", |s| s.descriptor)
}

/// Intake settings that depend on the field's meaning: validation of the formats the
/// demo's lead sources post, and stripping of phone punctuation.
fn intake_rules(s: &Spec) -> (Option<String>, Option<String>, Option<String>) {
    match s.special {
        B::Email => (
            Some(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$".to_string()),
            None,
            Some("Enter a valid e-mail address".to_string()),
        ),
        B::PrimaryPhone | B::MobilePhone => (
            Some(r"^1?[2-9][0-9]{9}$".to_string()),
            Some(r"[^0-9]".to_string()),
            Some("Enter a 10-digit phone number".to_string()),
        ),
        B::Zip => (
            Some(r"^[0-9]{5}(-[0-9]{4})?$".to_string()),
            Some(r"\s".to_string()),
            Some("Enter a 5-digit ZIP".to_string()),
        ),
        _ => (None, None, None),
    }
}

/// The lead types of the demo with their fields, duplicate sets, distribution policies
/// and (for mortgage) escalation hours.
///
/// Policies differ per type so several ranking rules run in one demo: mortgage ranks
/// by `Price`, solar by `RoundRobin`, auto insurance by `Weighted`.
pub fn lead_types() -> Vec<LeadType> {
    let mut enum_uid: Uid = 50_000;
    LEAD_TYPES
        .iter()
        .map(|&t| {
            let fields = specs(t)
                .iter()
                .map(|s| {
                    let (validation, invalid_chars, fmt_error) = intake_rules(s);
                    let field_enums = s
                        .enums
                        .iter()
                        .enumerate()
                        .map(|(i, d)| {
                            enum_uid += 1;
                            FieldEnum {
                                lead_field_enum_uid: enum_uid,
                                lead_field_uid: s.uid,
                                descriptor: (*d).to_string(),
                                priority: Some(i as i64 + 1),
                                delete: false,
                            }
                        })
                        .collect::<Vec<_>>();
                    LeadField {
                        lead_field_uid: s.uid,
                        lead_type_uid: t,
                        descriptor: s.descriptor.to_string(),
                        data_type: s.data_type,
                        required: s.required,
                        status: Some(true),
                        computed: false,
                        computed_expr: None,
                        enumerated: !field_enums.is_empty(),
                        validation,
                        invalid_chars,
                        fmt_error,
                        format_string: None,
                        is_state: s.special == B::State,
                        special_bit: s.special,
                        field_enums,
                    }
                })
                .collect();
            let (dup_sets, policy) = match t {
                MORTGAGE => ("Email;Phone", DistributionPolicy::Price),
                SOLAR => (
                    "Phone;FirstName,LastName,Zip",
                    DistributionPolicy::RoundRobin,
                ),
                _ => ("Email,Phone", DistributionPolicy::Weighted),
            };
            let escalation = t == MORTGAGE;
            LeadType {
                lead_type_uid: t,
                descriptor: lead_type_name(t).to_string(),
                status: Some(true),
                in_qc: false,
                default_dup_sets: Some(dup_sets.to_string()),
                type_uid: Some(t),
                fields,
                distribution_policy: Some(policy),
                escalation_accept: escalation.then_some(900),
                escalation_activity: escalation.then_some(3600),
                escalation_active: escalation.then(escalation_hours),
                timezone: escalation.then(|| "Eastern Standard Time".to_string()),
            }
        })
        .collect()
}

/// The CRM document's example office hours: Monday to Thursday 08:00-16:00, Friday
/// 09:00-15:30, weekends closed (SPEC.md 10).
fn escalation_hours() -> serde_json::Value {
    let mut days = vec![json!({"day_of_week": 0, "closed": true, "open": null, "close": null})];
    for d in 1..=4 {
        days.push(
            json!({"day_of_week": d, "closed": false, "open": "08:00:00", "close": "16:00:00"}),
        );
    }
    days.push(json!({"day_of_week": 5, "closed": false, "open": "09:00:00", "close": "15:30:00"}));
    days.push(json!({"day_of_week": 6, "closed": true, "open": null, "close": null}));
    serde_json::Value::Array(days)
}
