//! Enumerations of the source API, each accepting its names and its numbers.
//!
//! The source API writes an enumeration sometimes as a name (`"Status": "Open"`) and
//! sometimes as a number (`"Status": 12`). Every enumeration here accepts both (names
//! case-insensitively, surrounding white space ignored) and writes the name. Where the
//! source documents only names, the numbers follow the listed order from 0 (SPEC.md
//! section 11.1). An unknown name or number is a load error naming the accepted values.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// The error of parsing an enumeration from text or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    /// The enumeration's name, e.g. `AccountStatus`.
    pub enumeration: &'static str,
    /// The rejected input, as written.
    pub input: String,
    /// The accepted names.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}; expected one of {}",
            self.enumeration,
            self.input,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownVariant {}

macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $num:expr => [$canon:literal $(, $alias:literal)*] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the source's listed order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($canon),+];

            /// The canonical name, as the source API writes it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }

            /// The number the source API uses for this value.
            pub fn number(self) -> i64 {
                match self { $($name::$variant => $num),+ }
            }

            /// The value with this number, if any.
            pub fn from_number(n: i64) -> Option<Self> {
                $( if n == $num { return Some($name::$variant); } )+
                None
            }

            /// Parses a name (case-insensitive, trimmed) or a decimal number.
            ///
            /// # Errors
            /// [`UnknownVariant`] when the text names no value.
            pub fn parse(text: &str) -> Result<Self, UnknownVariant> {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($canon) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                if let Ok(n) = t.parse::<i64>() {
                    if let Some(v) = Self::from_number(n) {
                        return Ok(v);
                    }
                }
                Err(UnknownVariant {
                    enumeration: stringify!($name),
                    input: text.to_string(),
                    expected: Self::NAMES,
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} name or number", stringify!($name))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).map_err(E::custom)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        $name::from_number(v).ok_or_else(|| E::custom(UnknownVariant {
                            enumeration: stringify!($name),
                            input: v.to_string(),
                            expected: $name::NAMES,
                        }))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        let n = i64::try_from(v).map_err(|_| E::custom(format!("{} out of range", v)))?;
                        self.visit_i64(n)
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        if v.fract() == 0.0 && v.abs() < 1e15 {
                            // ok: integral and in range, so the cast is exact
                            self.visit_i64(v as i64)
                        } else {
                            Err(E::custom(format!("{} is not a {} number", v, stringify!($name))))
                        }
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

named_enum! {
    /// A client's status. Only `Active` clients receive leads.
    ClientStatus {
        /// New client.
        New = 0 => ["New"],
        /// Pending.
        Pending = 1 => ["Pending"],
        /// Working.
        Working = 2 => ["Working"],
        /// Waiting.
        Waiting = 3 => ["Waiting"],
        /// Dead.
        Dead = 4 => ["Dead"],
        /// Inactive.
        Inactive = 5 => ["Inactive"],
        /// Active: the only status that buys leads.
        Active = 6 => ["Active"],
        /// Late.
        Late = 7 => ["Late"],
        /// Suspended.
        Suspended = 8 => ["Suspended"],
        /// Closed.
        Closed = 9 => ["Closed"],
    }
}

named_enum! {
    /// A delivery account's status. Only `Open` (12) accounts receive leads.
    AccountStatus {
        /// Closed (9).
        Closed = 9 => ["Closed"],
        /// Suspended (10).
        Suspended = 10 => ["Suspended"],
        /// On hold (11).
        OnHold = 11 => ["OnHold", "On Hold", "On_Hold"],
        /// Open (12): receives leads.
        Open = 12 => ["Open"],
    }
}

named_enum! {
    /// The kind of leads a delivery account takes; also the scanner's `ScanType`.
    AccountType {
        /// Web and chat leads (`General`, the active list's `Web`).
        General = 0 => ["General", "Web", "Chat"],
        /// Redirects.
        Redirect = 1 => ["Redirect"],
        /// Live call transfers (the active list's `TransferForm`).
        LiveCall = 2 => ["LiveCall", "Live Call", "Live_Call", "TransferForm"],
        /// Phone routing (`800 IVR`, the active list's `PhoneRouting`).
        Ivr = 3 => ["IVR", "800 IVR", "PhoneRouting"],
    }
}

named_enum! {
    /// How a client picks one of its eligible delivery accounts (SPEC.md 8, step 1).
    AutomationType {
        /// Highest effective price.
        Price = 0 => ["Price"],
        /// Lowest account `Priority` number.
        Priority = 1 => ["Priority"],
        /// Least recently sent account, never-sent first.
        RoundRobin = 2 => ["RoundRobin", "Round Robin", "Round_Robin"],
    }
}

named_enum! {
    /// How clients are ranked against each other for a lead type (SPEC.md 8, step 2).
    DistributionPolicy {
        /// Effective price, high to low (the default).
        Price = 0 => ["Price"],
        /// Client priority ascending, then price descending.
        Priority = 1 => ["Priority"],
        /// Least recently sent client first, never-sent first.
        RoundRobin = 2 => ["RoundRobin", "Round Robin", "Round_Robin"],
        /// Smooth weighted round robin over client weights.
        Weighted = 3 => ["Weighted"],
        /// Nearest client (or account origin) to the lead's location first.
        Nearest = 4 => ["Nearest"],
        /// The client furthest below its target share first.
        Percentage = 5 => ["Percentage"],
    }
}

named_enum! {
    /// An order's status. Only `Open` orders are usable.
    OrderStatus {
        /// Closed.
        Closed = 0 => ["Closed"],
        /// Open: usable between its start and end dates.
        Open = 1 => ["Open"],
        /// On hold.
        OnHold = 2 => ["OnHold", "On Hold", "On_Hold"],
        /// Filled.
        Filled = 3 => ["Filled"],
        /// Pending.
        Pending = 4 => ["Pending"],
        /// Paused.
        Paused = 5 => ["Paused"],
    }
}

named_enum! {
    /// How an order renews (carried, not acted on).
    Renewal {
        /// No renewal.
        NoRenewal = 0 => ["No_Renewal", "NoRenewal"],
        /// Renews at its end date.
        OnEnd = 1 => ["On_End", "OnEnd"],
        /// Renews when its quantity fills.
        OnQtyFill = 2 => ["On_Qty_Fill", "OnQtyFill"],
    }
}

named_enum! {
    /// The kind of a criterion (SPEC.md 3).
    CriterionType {
        /// The lead's field value against `Value`.
        FieldValue = 0 => ["FieldValue", "Field_Value"],
        /// A regular expression tested against the field value.
        Expression = 1 => ["Expression"],
        /// A calculated expression compared with `Value`.
        Function = 2 => ["Function"],
    }
}

named_enum! {
    /// A criterion's operator (SPEC.md 3.1).
    Operator {
        /// Typed equality.
        Equal = 0 => ["Equal", "=", "=="],
        /// Typed inequality.
        NotEqual = 1 => ["NotEqual", "Not_Equal", "!=", "<>"],
        /// Greater than.
        Greater = 2 => ["Greater", "GreaterThan", ">"],
        /// Less than.
        Less = 3 => ["Less", "LessThan", "<"],
        /// Greater than or equal.
        GreaterOrEqual = 4 => ["GreaterOrEqual", ">="],
        /// Less than or equal.
        LessOrEqual = 5 => ["LessOrEqual", "<="],
        /// Inclusive range `min|max`.
        Between = 6 => ["Between"],
        /// Member of a list.
        In = 7 => ["In"],
        /// Not a member of a list.
        NotIn = 8 => ["NotIn", "Not_In"],
        /// Date compared with now plus an offset.
        DateCompare = 9 => ["DateCompare", "Date_Compare"],
        /// Within a radius of an origin.
        DistanceCompare = 10 => ["Distance_Compare", "DistanceCompare"],
        /// Contains a substring.
        Contains = 11 => ["Contains"],
        /// Contains none of the substrings.
        DoesntContain = 12 => ["Doesnt_Contain", "DoesntContain", "DoesNotContain"],
    }
}

named_enum! {
    /// A lead field's data type (SPEC.md 2).
    FieldDataType {
        /// Untyped: compared as text.
        NoDataType = 0 => ["No_DataType", "NoDataType", ""],
        /// 64-bit integer.
        Int = 1 => ["Int", "Integer"],
        /// 64-bit integer.
        Bigint = 2 => ["Bigint", "BigInt"],
        /// Boolean.
        Bit = 3 => ["Bit", "Bool", "Boolean"],
        /// Exact decimal money.
        Money = 4 => ["Money"],
        /// Exact decimal.
        Decimal = 5 => ["Decimal"],
        /// Floating point.
        Float = 6 => ["Float", "Double"],
        /// Instant or local date.
        DateTime = 7 => ["DateTime", "Date"],
        /// Text.
        Varchar = 8 => ["Varchar", "String", "Text"],
    }
}

named_enum! {
    /// The system meaning of a lead (or client) field.
    SpecialBit {
        /// No special meaning.
        NoSpecialBit = 0 => ["No_SpecialBit", "NoSpecialBit", ""],
        /// First name.
        FirstName = 1 => ["FirstName"],
        /// Last name.
        LastName = 2 => ["LastName"],
        /// E-mail address.
        Email = 3 => ["Email"],
        /// Primary phone (duplicate checks compare its digits only).
        PrimaryPhone = 4 => ["PrimaryPhone"],
        /// Street address.
        Address = 5 => ["Address"],
        /// City.
        City = 6 => ["City"],
        /// State.
        State = 7 => ["State"],
        /// ZIP code.
        Zip = 8 => ["Zip"],
        /// Mobile phone (duplicate checks compare its digits only).
        MobilePhone = 9 => ["MobilePhone"],
        /// IP address.
        IpAddress = 10 => ["IPAddress"],
        /// DirectTrack affiliate id.
        DirectTrackAffiliateId = 11 => ["DirectTrackAffiliateID"],
        /// DirectTrack campaign id.
        DirectTrackCampaignId = 12 => ["DirectTrackCampaignID"],
        /// Notes sent to the client.
        ClientSendNotes = 13 => ["ClientSendNotes"],
        /// Index date.
        IndexDate = 14 => ["IndexDate"],
        /// Address line 2.
        Address2 = 15 => ["Address2"],
        /// Sub-source.
        SubSource = 16 => ["SubSource"],
        /// Force ids: restricts the scan to accounts or clients with these `ForceID`s.
        ForceId = 17 => ["ForceID", "ForceId"],
        /// Sub-source category.
        SubSourceCategory = 18 => ["SubSourceCategory"],
        /// Sub-category.
        SubCategory = 19 => ["SubCategory"],
        /// Standardised address.
        StandardAddress = 20 => ["StandardAddress"],
        /// Standardised city.
        StandardCity = 21 => ["StandardCity"],
        /// Standardised state.
        StandardState = 22 => ["StandardState"],
        /// Standardised ZIP.
        StandardZip = 23 => ["StandardZip"],
        /// Comments.
        Comments = 24 => ["Comments"],
        /// Country.
        Country = 25 => ["Country"],
        /// Mobile check.
        MobileCheck = 26 => ["MobileCheck"],
        /// Contact consent.
        ContactConsent = 27 => ["ContactConsent"],
        /// Original first name.
        OrigFirstName = 28 => ["OrigFirstName"],
        /// Original last name.
        OrigLastName = 29 => ["OrigLastName"],
        /// Original address.
        OrigAddress = 30 => ["OrigAddress"],
        /// Original city.
        OrigCity = 31 => ["OrigCity"],
        /// Original state.
        OrigState = 32 => ["OrigState"],
        /// Original postal code.
        OrigPostalCode = 33 => ["OrigPostalCode"],
        /// Original country.
        OrigCountry = 34 => ["OrigCountry"],
        /// Original phone number.
        OrigPhoneNumber = 35 => ["OrigPhoneNumber"],
        /// Latitude of the IP address.
        IpLat = 36 => ["IPLat"],
        /// Longitude of the IP address.
        IpLong = 37 => ["IPLong"],
        /// Original IP address.
        OrigIp = 38 => ["OrigIP"],
        /// Consent text.
        ConsentText = 39 => ["ConsentText"],
        /// Status.
        Status = 40 => ["Status"],
        /// Last action.
        LastAction = 41 => ["LastAction"],
        /// Current workflow.
        CurrentWorkflow = 42 => ["CurrentWorkflow"],
        /// Date closed.
        DateClosed = 43 => ["DateClosed"],
        /// Pipeline one-time fees.
        PipelineOneTimeFees = 44 => ["PipelineOneTimeFees"],
        /// Pipeline recurring fees.
        PipelineRecurringFees = 45 => ["PipelineRecurringFees"],
        /// Company (client fields).
        Company = 46 => ["Company"],
        /// Primary phone extension (client fields).
        PrimaryPhoneExt = 47 => ["PrimaryPhoneExt"],
        /// Alternate phone (duplicate checks compare its digits only).
        AlternatePhone = 48 => ["AlternatePhone"],
        /// Alternate phone extension (client fields).
        AlternatePhoneExt = 49 => ["AlternatePhoneExt"],
        /// Fax number (client fields).
        FaxNumber = 50 => ["FaxNumber"],
        /// Job title (client fields).
        JobTitle = 51 => ["JobTitle"],
        /// Web site (client fields).
        WebSite = 52 => ["WebSite"],
    }
}

impl SpecialBit {
    /// Whether duplicate checks compare this field by its digits only.
    pub fn is_phone(self) -> bool {
        matches!(
            self,
            SpecialBit::PrimaryPhone | SpecialBit::MobilePhone | SpecialBit::AlternatePhone
        )
    }
}

named_enum! {
    /// A lead source's status. Only `Active` sources post leads.
    SourceStatus {
        /// Inactive (0).
        Inactive = 0 => ["Inactive"],
        /// Active (1).
        Active = 1 => ["Active"],
        /// On hold (2).
        OnHold = 2 => ["OnHold", "On Hold"],
        /// Suspended (3).
        Suspended = 3 => ["Suspended"],
        /// Closed (4).
        Closed = 4 => ["Closed"],
    }
}

named_enum! {
    /// A lead source campaign's status. Only `Active` campaigns post leads.
    CampaignStatus {
        /// Not set (0): the source's placeholder value; not active.
        Unset = 0 => ["Unset", "None"],
        /// Active (1).
        Active = 1 => ["Active"],
        /// Inactive (2).
        Inactive = 2 => ["Inactive"],
        /// Late (3).
        Late = 3 => ["Late"],
        /// On hold (4).
        OnHold = 4 => ["OnHold", "On Hold"],
        /// Suspended (5).
        Suspended = 5 => ["Suspended"],
        /// Closed (6).
        Closed = 6 => ["Closed"],
    }
}

named_enum! {
    /// A campaign's channel (carried, not acted on).
    Channel {
        /// Web posts.
        Web = 0 => ["Web"],
        /// Ping/post.
        PingPost = 1 => ["PING/POST", "PingPost", "Ping_Post"],
        /// Phone.
        Phone = 2 => ["Phone"],
        /// Chat.
        Chat = 3 => ["Chat"],
    }
}

named_enum! {
    /// How a delivery account's pace is spread over its day (an extension of the source).
    Pacing {
        /// No pacing: the day cap may be used at any moment.
        None = 0 => ["None", "Off", ""],
        /// The day cap is spread evenly over the day's open delivery time (SPEC.md 6).
        Even = 1 => ["Even"],
    }
}

named_enum! {
    /// A day of the week, 0 = Sunday as in the source API.
    WeekDay {
        /// Sunday (0).
        Sunday = 0 => ["Sunday", "Sun"],
        /// Monday (1).
        Monday = 1 => ["Monday", "Mon"],
        /// Tuesday (2).
        Tuesday = 2 => ["Tuesday", "Tue"],
        /// Wednesday (3).
        Wednesday = 3 => ["Wednesday", "Wed"],
        /// Thursday (4).
        Thursday = 4 => ["Thursday", "Thu"],
        /// Friday (5).
        Friday = 5 => ["Friday", "Fri"],
        /// Saturday (6).
        Saturday = 6 => ["Saturday", "Sat"],
    }
}

impl WeekDay {
    /// The same day as a `chrono::Weekday`.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            WeekDay::Sunday => chrono::Weekday::Sun,
            WeekDay::Monday => chrono::Weekday::Mon,
            WeekDay::Tuesday => chrono::Weekday::Tue,
            WeekDay::Wednesday => chrono::Weekday::Wed,
            WeekDay::Thursday => chrono::Weekday::Thu,
            WeekDay::Friday => chrono::Weekday::Fri,
            WeekDay::Saturday => chrono::Weekday::Sat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_are_both_accepted() {
        let v: AccountStatus = serde_json::from_str("12").unwrap();
        assert_eq!(v, AccountStatus::Open);
        let v: AccountStatus = serde_json::from_str("\" open \"").unwrap();
        assert_eq!(v, AccountStatus::Open);
        let v: ClientStatus = serde_json::from_str("6").unwrap();
        assert_eq!(v, ClientStatus::Active);
        let v: Operator = serde_json::from_str("\"Doesnt_Contain\"").unwrap();
        assert_eq!(v, Operator::DoesntContain);
        assert_eq!(
            serde_json::to_string(&Operator::DistanceCompare).unwrap(),
            "\"Distance_Compare\""
        );
    }

    #[test]
    fn unknown_names_and_numbers_are_errors_naming_the_choices() {
        let e = serde_json::from_str::<AccountStatus>("\"Opne\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown AccountStatus \"Opne\""), "{e}");
        assert!(e.contains("Closed, Suspended, OnHold, Open"), "{e}");
        assert!(serde_json::from_str::<AccountStatus>("3").is_err());
        assert!(serde_json::from_str::<AccountStatus>("12.5").is_err());
    }

    #[test]
    fn every_variant_round_trips_by_name_and_number() {
        for v in SpecialBit::ALL {
            assert_eq!(SpecialBit::parse(v.as_str()).unwrap(), *v);
            assert_eq!(SpecialBit::from_number(v.number()), Some(*v));
        }
        for v in FieldDataType::ALL {
            assert_eq!(FieldDataType::parse(v.as_str()).unwrap(), *v);
        }
    }
}
