//! The demo's geography: real US ZIP codes with their centroids, states, time zones
//! and area codes, and the US daylight-saving rule used to shape the intraday curve.
//!
//! Leads draw their ZIPs from this table and delivery accounts draw their radius
//! origins from it, so `Distance_Compare` criteria match realistically: metro areas
//! hold several ZIPs a few miles apart. The centroids, zones and area codes were taken
//! from the dataset of the `zipcodes` crate 3.0.1 (MIT licensed), the same family of
//! public ZIP data a `ZipLocator` bundles; every ZIP here is active and standard there.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

/// One real US ZIP code of the demo table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZipInfo {
    /// Five-digit ZIP code.
    pub zip: &'static str,
    /// Preferred city name.
    pub city: &'static str,
    /// Two-letter state (or DC) code.
    pub state: &'static str,
    /// Centroid latitude, degrees.
    pub lat: f64,
    /// Centroid longitude, degrees.
    pub lon: f64,
    /// IANA time zone of the ZIP.
    pub zone: &'static str,
    /// A telephone area code serving the ZIP.
    pub area_code: &'static str,
}

const fn z(
    zip: &'static str,
    city: &'static str,
    state: &'static str,
    lat: f64,
    lon: f64,
    zone: &'static str,
    area_code: &'static str,
) -> ZipInfo {
    ZipInfo {
        zip,
        city,
        state,
        lat,
        lon,
        zone,
        area_code,
    }
}

/// The demo's ZIP table: 116 ZIPs in 50 metro areas across every US time zone.
pub const ZIPS: &[ZipInfo] = &[
    z(
        "10001",
        "New York",
        "NY",
        40.7484,
        -73.9967,
        "America/New_York",
        "212",
    ),
    z(
        "10011",
        "New York",
        "NY",
        40.7402,
        -73.9996,
        "America/New_York",
        "212",
    ),
    z(
        "10025",
        "New York",
        "NY",
        40.7975,
        -73.9683,
        "America/New_York",
        "212",
    ),
    z(
        "11201",
        "Brooklyn",
        "NY",
        40.694,
        -73.9903,
        "America/New_York",
        "212",
    ),
    z(
        "11375",
        "Forest Hills",
        "NY",
        40.7229,
        -73.8473,
        "America/New_York",
        "347",
    ),
    z(
        "07302",
        "Jersey City",
        "NJ",
        40.7221,
        -74.0469,
        "America/New_York",
        "201",
    ),
    z(
        "90012",
        "Los Angeles",
        "CA",
        34.0614,
        -118.2385,
        "America/Los_Angeles",
        "213",
    ),
    z(
        "90024",
        "Los Angeles",
        "CA",
        34.0637,
        -118.4408,
        "America/Los_Angeles",
        "310",
    ),
    z(
        "90210",
        "Beverly Hills",
        "CA",
        34.0901,
        -118.4065,
        "America/Los_Angeles",
        "213",
    ),
    z(
        "91101",
        "Pasadena",
        "CA",
        34.1468,
        -118.1391,
        "America/Los_Angeles",
        "626",
    ),
    z(
        "90802",
        "Long Beach",
        "CA",
        33.7706,
        -118.182,
        "America/Los_Angeles",
        "310",
    ),
    z(
        "92618",
        "Irvine",
        "CA",
        33.7074,
        -117.7054,
        "America/Los_Angeles",
        "657",
    ),
    z(
        "60601",
        "Chicago",
        "IL",
        41.8858,
        -87.6181,
        "America/Chicago",
        "312",
    ),
    z(
        "60614",
        "Chicago",
        "IL",
        41.9229,
        -87.6483,
        "America/Chicago",
        "312",
    ),
    z(
        "60657",
        "Chicago",
        "IL",
        41.9399,
        -87.6528,
        "America/Chicago",
        "773",
    ),
    z(
        "60302",
        "Oak Park",
        "IL",
        41.8925,
        -87.7895,
        "America/Chicago",
        "464",
    ),
    z(
        "60540",
        "Naperville",
        "IL",
        41.7662,
        -88.141,
        "America/Chicago",
        "331",
    ),
    z(
        "77002",
        "Houston",
        "TX",
        29.7594,
        -95.3594,
        "America/Chicago",
        "281",
    ),
    z(
        "77005",
        "Houston",
        "TX",
        29.7179,
        -95.4263,
        "America/Chicago",
        "281",
    ),
    z(
        "77024",
        "Houston",
        "TX",
        29.7696,
        -95.5201,
        "America/Chicago",
        "281",
    ),
    z(
        "77494",
        "Katy",
        "TX",
        29.7404,
        -95.8304,
        "America/Chicago",
        "281",
    ),
    z(
        "85003",
        "Phoenix",
        "AZ",
        33.4511,
        -112.0774,
        "America/Phoenix",
        "602",
    ),
    z(
        "85016",
        "Phoenix",
        "AZ",
        33.5021,
        -112.0305,
        "America/Phoenix",
        "602",
    ),
    z(
        "85251",
        "Scottsdale",
        "AZ",
        33.4936,
        -111.9167,
        "America/Phoenix",
        "480",
    ),
    z(
        "85281",
        "Tempe",
        "AZ",
        33.4227,
        -111.9261,
        "America/Phoenix",
        "480",
    ),
    z(
        "85701",
        "Tucson",
        "AZ",
        32.2139,
        -110.9694,
        "America/Phoenix",
        "520",
    ),
    z(
        "19103",
        "Philadelphia",
        "PA",
        39.9513,
        -75.1741,
        "America/New_York",
        "215",
    ),
    z(
        "19104",
        "Philadelphia",
        "PA",
        39.9597,
        -75.2024,
        "America/New_York",
        "215",
    ),
    z(
        "19147",
        "Philadelphia",
        "PA",
        39.9362,
        -75.1563,
        "America/New_York",
        "215",
    ),
    z(
        "08002",
        "Cherry Hill",
        "NJ",
        39.9308,
        -75.0175,
        "America/New_York",
        "856",
    ),
    z(
        "78205",
        "San Antonio",
        "TX",
        29.4237,
        -98.4925,
        "America/Chicago",
        "210",
    ),
    z(
        "78230",
        "San Antonio",
        "TX",
        29.5407,
        -98.5521,
        "America/Chicago",
        "210",
    ),
    z(
        "78701",
        "Austin",
        "TX",
        30.2713,
        -97.7426,
        "America/Chicago",
        "512",
    ),
    z(
        "78704",
        "Austin",
        "TX",
        30.2428,
        -97.7658,
        "America/Chicago",
        "512",
    ),
    z(
        "78745",
        "Austin",
        "TX",
        30.2063,
        -97.7956,
        "America/Chicago",
        "512",
    ),
    z(
        "92101",
        "San Diego",
        "CA",
        32.7185,
        -117.1593,
        "America/Los_Angeles",
        "619",
    ),
    z(
        "92103",
        "San Diego",
        "CA",
        32.7466,
        -117.1636,
        "America/Los_Angeles",
        "619",
    ),
    z(
        "92109",
        "San Diego",
        "CA",
        32.7969,
        -117.2405,
        "America/Los_Angeles",
        "619",
    ),
    z(
        "92024",
        "Encinitas",
        "CA",
        33.0535,
        -117.2689,
        "America/Los_Angeles",
        "442",
    ),
    z(
        "75201",
        "Dallas",
        "TX",
        32.7904,
        -96.8044,
        "America/Chicago",
        "214",
    ),
    z(
        "75204",
        "Dallas",
        "TX",
        32.8038,
        -96.7851,
        "America/Chicago",
        "214",
    ),
    z(
        "75230",
        "Dallas",
        "TX",
        32.8999,
        -96.7897,
        "America/Chicago",
        "214",
    ),
    z(
        "76102",
        "Fort Worth",
        "TX",
        32.7589,
        -97.328,
        "America/Chicago",
        "682",
    ),
    z(
        "32202",
        "Jacksonville",
        "FL",
        30.3299,
        -81.6517,
        "America/New_York",
        "904",
    ),
    z(
        "32801",
        "Orlando",
        "FL",
        28.5399,
        -81.3727,
        "America/New_York",
        "321",
    ),
    z(
        "32803",
        "Orlando",
        "FL",
        28.5559,
        -81.3535,
        "America/New_York",
        "321",
    ),
    z(
        "33602",
        "Tampa",
        "FL",
        27.9614,
        -82.4597,
        "America/New_York",
        "656",
    ),
    z(
        "33606",
        "Tampa",
        "FL",
        27.9475,
        -82.4584,
        "America/New_York",
        "656",
    ),
    z(
        "33130",
        "Miami",
        "FL",
        25.7672,
        -80.2059,
        "America/New_York",
        "305",
    ),
    z(
        "33139",
        "Miami Beach",
        "FL",
        25.7873,
        -80.1564,
        "America/New_York",
        "305",
    ),
    z(
        "33301",
        "Fort Lauderdale",
        "FL",
        26.1216,
        -80.1288,
        "America/New_York",
        "754",
    ),
    z(
        "33431",
        "Boca Raton",
        "FL",
        26.3799,
        -80.0975,
        "America/New_York",
        "561",
    ),
    z(
        "30303",
        "Atlanta",
        "GA",
        33.7525,
        -84.3888,
        "America/New_York",
        "404",
    ),
    z(
        "30305",
        "Atlanta",
        "GA",
        33.832,
        -84.3851,
        "America/New_York",
        "404",
    ),
    z(
        "30309",
        "Atlanta",
        "GA",
        33.7984,
        -84.3883,
        "America/New_York",
        "404",
    ),
    z(
        "30030",
        "Decatur",
        "GA",
        33.7699,
        -84.295,
        "America/New_York",
        "404",
    ),
    z(
        "98101",
        "Seattle",
        "WA",
        47.6114,
        -122.3305,
        "America/Los_Angeles",
        "206",
    ),
    z(
        "98103",
        "Seattle",
        "WA",
        47.6733,
        -122.3426,
        "America/Los_Angeles",
        "206",
    ),
    z(
        "98109",
        "Seattle",
        "WA",
        47.6339,
        -122.3476,
        "America/Los_Angeles",
        "206",
    ),
    z(
        "98004",
        "Bellevue",
        "WA",
        47.6155,
        -122.2072,
        "America/Los_Angeles",
        "206",
    ),
    z(
        "80202",
        "Denver",
        "CO",
        39.7491,
        -104.9946,
        "America/Denver",
        "303",
    ),
    z(
        "80205",
        "Denver",
        "CO",
        39.759,
        -104.9661,
        "America/Denver",
        "303",
    ),
    z(
        "80210",
        "Denver",
        "CO",
        39.679,
        -104.9631,
        "America/Denver",
        "303",
    ),
    z(
        "80401",
        "Golden",
        "CO",
        39.7305,
        -105.1915,
        "America/Denver",
        "303",
    ),
    z(
        "02108",
        "Boston",
        "MA",
        42.3576,
        -71.0684,
        "America/New_York",
        "617",
    ),
    z(
        "02116",
        "Boston",
        "MA",
        42.3492,
        -71.0768,
        "America/New_York",
        "617",
    ),
    z(
        "02139",
        "Cambridge",
        "MA",
        42.3647,
        -71.1042,
        "America/New_York",
        "617",
    ),
    z(
        "02155",
        "Medford",
        "MA",
        42.4173,
        -71.1087,
        "America/New_York",
        "339",
    ),
    z(
        "48201",
        "Detroit",
        "MI",
        42.3474,
        -83.0604,
        "America/Detroit",
        "313",
    ),
    z(
        "48226",
        "Detroit",
        "MI",
        42.3333,
        -83.0484,
        "America/Detroit",
        "313",
    ),
    z(
        "48067",
        "Royal Oak",
        "MI",
        42.4906,
        -83.1366,
        "America/Detroit",
        "248",
    ),
    z(
        "55401",
        "Minneapolis",
        "MN",
        44.9835,
        -93.2683,
        "America/Chicago",
        "612",
    ),
    z(
        "55403",
        "Minneapolis",
        "MN",
        44.9673,
        -93.2828,
        "America/Chicago",
        "612",
    ),
    z(
        "55104",
        "Saint Paul",
        "MN",
        44.9532,
        -93.158,
        "America/Chicago",
        "612",
    ),
    z(
        "28202",
        "Charlotte",
        "NC",
        35.229,
        -80.8419,
        "America/New_York",
        "704",
    ),
    z(
        "28203",
        "Charlotte",
        "NC",
        35.2081,
        -80.8583,
        "America/New_York",
        "704",
    ),
    z(
        "28277",
        "Charlotte",
        "NC",
        35.0552,
        -80.8195,
        "America/New_York",
        "704",
    ),
    z(
        "27601",
        "Raleigh",
        "NC",
        35.7727,
        -78.6324,
        "America/New_York",
        "919",
    ),
    z(
        "89101",
        "Las Vegas",
        "NV",
        36.1721,
        -115.1224,
        "America/Los_Angeles",
        "702",
    ),
    z(
        "89109",
        "Las Vegas",
        "NV",
        36.126,
        -115.1454,
        "America/Los_Angeles",
        "702",
    ),
    z(
        "89123",
        "Las Vegas",
        "NV",
        36.0383,
        -115.1462,
        "America/Los_Angeles",
        "702",
    ),
    z(
        "89052",
        "Henderson",
        "NV",
        35.9878,
        -115.1167,
        "America/Los_Angeles",
        "702",
    ),
    z(
        "97201",
        "Portland",
        "OR",
        45.5078,
        -122.6897,
        "America/Los_Angeles",
        "503",
    ),
    z(
        "97209",
        "Portland",
        "OR",
        45.527,
        -122.6854,
        "America/Los_Angeles",
        "503",
    ),
    z(
        "97214",
        "Portland",
        "OR",
        45.5142,
        -122.6364,
        "America/Los_Angeles",
        "503",
    ),
    z(
        "84101",
        "Salt Lake City",
        "UT",
        40.7559,
        -111.8967,
        "America/Denver",
        "385",
    ),
    z(
        "84102",
        "Salt Lake City",
        "UT",
        40.76,
        -111.8627,
        "America/Denver",
        "385",
    ),
    z(
        "83702",
        "Boise",
        "ID",
        43.6322,
        -116.2052,
        "America/Boise",
        "208",
    ),
    z(
        "37203",
        "Nashville",
        "TN",
        36.1504,
        -86.7916,
        "America/Chicago",
        "615",
    ),
    z(
        "37205",
        "Nashville",
        "TN",
        36.1114,
        -86.869,
        "America/Chicago",
        "615",
    ),
    z(
        "43215",
        "Columbus",
        "OH",
        39.9671,
        -83.0044,
        "America/New_York",
        "380",
    ),
    z(
        "46204",
        "Indianapolis",
        "IN",
        39.772,
        -86.1535,
        "America/Indiana/Indianapolis",
        "317",
    ),
    z(
        "64105",
        "Kansas City",
        "MO",
        39.1025,
        -94.5901,
        "America/Chicago",
        "816",
    ),
    z(
        "63101",
        "Saint Louis",
        "MO",
        38.6346,
        -90.1913,
        "America/Chicago",
        "314",
    ),
    z(
        "53202",
        "Milwaukee",
        "WI",
        43.0506,
        -87.8968,
        "America/Chicago",
        "414",
    ),
    z(
        "73102",
        "Oklahoma City",
        "OK",
        35.4726,
        -97.5199,
        "America/Chicago",
        "405",
    ),
    z(
        "95814",
        "Sacramento",
        "CA",
        38.5804,
        -121.4922,
        "America/Los_Angeles",
        "279",
    ),
    z(
        "95816",
        "Sacramento",
        "CA",
        38.5728,
        -121.4675,
        "America/Los_Angeles",
        "279",
    ),
    z(
        "94102",
        "San Francisco",
        "CA",
        37.7813,
        -122.4167,
        "America/Los_Angeles",
        "415",
    ),
    z(
        "94110",
        "San Francisco",
        "CA",
        37.7509,
        -122.4153,
        "America/Los_Angeles",
        "415",
    ),
    z(
        "94601",
        "Oakland",
        "CA",
        37.7806,
        -122.2166,
        "America/Los_Angeles",
        "341",
    ),
    z(
        "95112",
        "San Jose",
        "CA",
        37.3476,
        -121.887,
        "America/Los_Angeles",
        "408",
    ),
    z(
        "21201",
        "Baltimore",
        "MD",
        39.2946,
        -76.6252,
        "America/New_York",
        "410",
    ),
    z(
        "20001",
        "Washington",
        "DC",
        38.9122,
        -77.0177,
        "America/New_York",
        "202",
    ),
    z(
        "22201",
        "Arlington",
        "VA",
        38.8871,
        -77.0932,
        "America/New_York",
        "571",
    ),
    z(
        "20814",
        "Bethesda",
        "MD",
        39.0003,
        -77.1022,
        "America/New_York",
        "227",
    ),
    z(
        "99501",
        "Anchorage",
        "AK",
        61.2225,
        -149.8677,
        "America/Anchorage",
        "907",
    ),
    z(
        "99503",
        "Anchorage",
        "AK",
        61.1891,
        -149.8862,
        "America/Anchorage",
        "907",
    ),
    z(
        "96813",
        "Honolulu",
        "HI",
        21.3179,
        -157.8521,
        "Pacific/Honolulu",
        "808",
    ),
    z(
        "96815",
        "Honolulu",
        "HI",
        21.2811,
        -157.8266,
        "Pacific/Honolulu",
        "808",
    ),
    z(
        "87102",
        "Albuquerque",
        "NM",
        35.0818,
        -106.6482,
        "America/Denver",
        "505",
    ),
    z(
        "40202",
        "Louisville",
        "KY",
        38.2507,
        -85.7476,
        "America/Kentucky/Louisville",
        "502",
    ),
    z(
        "70112",
        "New Orleans",
        "LA",
        29.9605,
        -90.0753,
        "America/Chicago",
        "504",
    ),
    z(
        "15222",
        "Pittsburgh",
        "PA",
        40.4477,
        -79.9933,
        "America/New_York",
        "412",
    ),
    z(
        "44113",
        "Cleveland",
        "OH",
        41.4816,
        -81.7018,
        "America/New_York",
        "216",
    ),
    z(
        "06103",
        "Hartford",
        "CT",
        41.7672,
        -72.676,
        "America/New_York",
        "860",
    ),
];

/// The demo's states: every state (and DC) of [`ZIPS`], in first-seen order.
pub fn states() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for z in ZIPS {
        if !out.contains(&z.state) {
            out.push(z.state);
        }
    }
    out
}

/// The Windows name (CLDR windowsZones) of an IANA zone of the table, for clients
/// whose configuration speaks Windows names.
pub fn windows_name(iana: &str) -> &'static str {
    match iana {
        "America/New_York" | "America/Detroit" | "America/Kentucky/Louisville" => {
            "Eastern Standard Time"
        }
        "America/Indiana/Indianapolis" => "US Eastern Standard Time",
        "America/Chicago" => "Central Standard Time",
        "America/Denver" | "America/Boise" => "Mountain Standard Time",
        "America/Phoenix" => "US Mountain Standard Time",
        "America/Anchorage" => "Alaskan Standard Time",
        "Pacific/Honolulu" => "Hawaiian Standard Time",
        _ => "Pacific Standard Time",
    }
}

/// Standard (winter) offset from UTC in hours of an IANA zone of the table, for
/// clients configured with only a `TimeOffset`.
pub fn standard_offset_hours(iana: &str) -> f64 {
    match iana {
        "America/Chicago" => -6.0,
        "America/Denver" | "America/Boise" | "America/Phoenix" => -7.0,
        "America/Los_Angeles" => -8.0,
        "America/Anchorage" => -9.0,
        "Pacific/Honolulu" => -10.0,
        _ => -5.0,
    }
}

/// The n-th `weekday` of a month (n from 1), if it exists.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let shift = (7 + weekday.num_days_from_sunday() - first.weekday().num_days_from_sunday()) % 7;
    first.checked_add_signed(Duration::days(i64::from(shift + 7 * (n - 1))))
}

/// Whether US Eastern time observes daylight saving at `t` (second Sunday of March
/// 02:00 EST to first Sunday of November 02:00 EDT, the rule in force since 2007).
pub fn eastern_dst(t: DateTime<Utc>) -> bool {
    let year = t.year();
    let (Some(start), Some(end)) = (
        nth_weekday(year, 3, Weekday::Sun, 2),
        nth_weekday(year, 11, Weekday::Sun, 1),
    ) else {
        return false;
    };
    // 02:00 EST is 07:00 UTC; 02:00 EDT is 06:00 UTC.
    let on = Utc.from_utc_datetime(&start.and_hms_opt(7, 0, 0).unwrap_or_default());
    let off = Utc.from_utc_datetime(&end.and_hms_opt(6, 0, 0).unwrap_or_default());
    t >= on && t < off
}

/// The US Eastern wall-clock offset from UTC at `t`, in hours.
pub fn eastern_offset_hours(t: DateTime<Utc>) -> i64 {
    if eastern_dst(t) {
        -4
    } else {
        -5
    }
}

/// Great-circle distance in miles (haversine, mean Earth radius 3958.8 miles), the
/// formula SPEC.md 3.4 names; used to pick nearby ZIPs.
pub fn miles(a: &ZipInfo, b: &ZipInfo) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dla = la2 - la1;
    let dlo = (b.lon - a.lon).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 3958.8 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_codes_are_five_digits_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for z in ZIPS {
            assert_eq!(z.zip.len(), 5, "{}", z.zip);
            assert!(z.zip.bytes().all(|b| b.is_ascii_digit()), "{}", z.zip);
            assert!(seen.insert(z.zip), "duplicate {}", z.zip);
            assert!(z.lat > 18.0 && z.lat < 72.0 && z.lon < -60.0, "{}", z.zip);
        }
        assert_eq!(ZIPS.len(), 116);
    }

    #[test]
    fn us_dst_boundaries_of_2026() {
        // 2026: DST from Sunday March 8 07:00 UTC to Sunday November 1 06:00 UTC.
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert!(!eastern_dst(at("2026-03-08T06:59:59Z")));
        assert!(eastern_dst(at("2026-03-08T07:00:00Z")));
        assert!(eastern_dst(at("2026-11-01T05:59:59Z")));
        assert!(!eastern_dst(at("2026-11-01T06:00:00Z")));
        assert_eq!(eastern_offset_hours(at("2026-03-02T00:00:00Z")), -5);
    }

    #[test]
    fn manhattan_to_beverly_hills_is_about_2450_miles() {
        let ny = ZIPS.iter().find(|z| z.zip == "10001").unwrap();
        let bh = ZIPS.iter().find(|z| z.zip == "90210").unwrap();
        let d = miles(ny, bh);
        assert!((2440.0..2470.0).contains(&d), "{d}");
        assert_eq!(miles(ny, ny), 0.0);
    }
}
