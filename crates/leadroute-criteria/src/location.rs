//! Locations and distances for `Distance_Compare` (SPEC.md 3.4): the [`ZipLocator`]
//! trait, the bundled US ZIP table (feature `zip-table`), and the great-circle test.
//!
//! Distance is haversine over a sphere of mean Earth radius 3958.8 miles, inclusive of
//! the radius. The hot path compares the dot product of precomputed unit vectors with
//! `cos(radius / R)`; within a tolerance band of 1e-12 around that threshold (where
//! rounding could make the two formulas disagree) it falls back to the haversine
//! formula itself, so the boundary is exactly haversine's.

use std::sync::Arc;

/// Mean Earth radius in miles.
pub const EARTH_RADIUS_MILES: f64 = 3958.8;

/// What a [`ZipLocator`] knows about a five-digit ZIP.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZipInfo<'a> {
    /// Centroid latitude and longitude in degrees; `None` when the source has no
    /// coordinates for this ZIP (it then cannot be used for distances).
    pub lat_lon: Option<(f64, f64)>,
    /// Primary city name.
    pub city: &'a str,
    /// Two-letter state (or territory) code.
    pub state: &'a str,
    /// IANA time-zone name, empty when unknown.
    pub time_zone: &'a str,
}

/// Resolves five-digit ZIP codes to their centroid and place. A host may supply its
/// own; [`default_locator`] is the bundled US table (or an empty one without the
/// `zip-table` feature).
pub trait ZipLocator: Send + Sync {
    /// Looks up exactly five ASCII digits; `None` for an unknown ZIP.
    fn locate(&self, zip5: &str) -> Option<ZipInfo<'_>>;
}

/// A locator that knows no ZIP (every ZIP is unknown).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoZips;

impl ZipLocator for NoZips {
    fn locate(&self, _zip5: &str) -> Option<ZipInfo<'_>> {
        None
    }
}

/// The default locator: the bundled US ZIP table with the `zip-table` feature, else
/// [`NoZips`].
pub fn default_locator() -> Arc<dyn ZipLocator> {
    #[cfg(feature = "zip-table")]
    {
        Arc::new(UsZipTable)
    }
    #[cfg(not(feature = "zip-table"))]
    {
        Arc::new(NoZips)
    }
}

#[cfg(feature = "zip-table")]
pub use table::UsZipTable;

#[cfg(feature = "zip-table")]
mod table {
    use std::sync::OnceLock;

    use super::{ZipInfo, ZipLocator};

    static ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zip_rows.bin"));
    static STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/zip_strings.txt"));

    #[derive(Clone, Copy)]
    struct Row {
        zip: u32,
        lat_e4: i32,
        lon_e4: i32,
        city: u16,
        state: u16,
        tz: u16,
    }

    struct Table {
        rows: Vec<Row>,
        strings: Vec<&'static str>,
        /// For each five-digit ZIP, its row plus one (0: not in the table): one read
        /// per lookup instead of a binary search's sixteen scattered ones.
        slot: Vec<u32>,
    }

    fn table() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(decode)
    }

    /// Decodes the embedded bytes into the searchable table (the cost of first use).
    fn decode() -> Table {
        {
            let u16_at = |c: &[u8], i: usize| u16::from_le_bytes([c[i], c[i + 1]]);
            let u32_at = |c: &[u8], i: usize| [c[i], c[i + 1], c[i + 2], c[i + 3]];
            // Records of 20 bytes, little-endian (see build.rs): zip u32, lat and lon in
            // ten-thousandths of a degree (i32, i32::MIN = none), city, state and time
            // zone as u16 indexes into the string table, two bytes of padding.
            let rows = ROWS
                .chunks_exact(20)
                .map(|c| Row {
                    zip: u32::from_le_bytes(u32_at(c, 0)),
                    lat_e4: i32::from_le_bytes(u32_at(c, 4)),
                    lon_e4: i32::from_le_bytes(u32_at(c, 8)),
                    city: u16_at(c, 12),
                    state: u16_at(c, 14),
                    tz: u16_at(c, 16),
                })
                .collect::<Vec<_>>();
            let mut slot = vec![0u32; 100_000];
            for (i, r) in rows.iter().enumerate() {
                // ok: the table holds fewer than 2^32 rows (about 42,000).
                let at = slot.get_mut(r.zip as usize).filter(|x| **x == 0);
                if let Some(x) = at {
                    *x = i as u32 + 1;
                }
            }
            Table {
                rows,
                strings: STRINGS.lines().collect(),
                slot,
            }
        }
    }

    /// The bundled US ZIP table: about 42,000 ZIPs with centroid, city, state and time
    /// zone, from the `zipcodes` crate's data (source and licence in ZIPDATA.md).
    /// Ready within a millisecond or so of its first use.
    #[derive(Debug, Clone, Copy, Default)]
    pub struct UsZipTable;

    impl UsZipTable {
        /// The number of ZIPs in the table.
        pub fn len(&self) -> usize {
            table().rows.len()
        }

        /// Every ZIP of the table as a number, ascending.
        pub fn zips(&self) -> Vec<u32> {
            let mut z: Vec<u32> = table().rows.iter().map(|r| r.zip).collect();
            z.sort_unstable();
            z.dedup();
            z
        }

        /// Whether the table is empty (it is not, unless the build found no data).
        pub fn is_empty(&self) -> bool {
            table().rows.is_empty()
        }

        /// Decodes the embedded table anew, bypassing the one kept for lookups, and
        /// returns its number of ZIPs: what the first use of the table costs. For
        /// measuring that cost (the `zip_table_first_use` bench); lookups never need it.
        pub fn decode_uncached(&self) -> usize {
            decode().rows.len()
        }
    }

    impl ZipLocator for UsZipTable {
        fn locate(&self, zip5: &str) -> Option<ZipInfo<'_>> {
            if zip5.len() != 5 || !zip5.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let zip: u32 = zip5.parse().ok()?;
            let t = table();
            let i = t.slot.get(zip as usize).copied().filter(|&i| i > 0)?;
            let r = *t.rows.get(i as usize - 1)?;
            let s = |k: u16| t.strings.get(usize::from(k)).copied().unwrap_or("");
            let lat_lon = (r.lat_e4 != i32::MIN)
                .then(|| (f64::from(r.lat_e4) / 1e4, f64::from(r.lon_e4) / 1e4));
            Some(ZipInfo {
                lat_lon,
                city: s(r.city),
                state: s(r.state),
                time_zone: s(r.tz),
            })
        }
    }
}

/// A point on the sphere: degrees plus its precomputed unit vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) v: [f64; 3],
}

impl Point {
    /// A point from degrees; `None` outside [-90, 90] x [-180, 180] or not finite.
    pub(crate) fn new(lat: f64, lon: f64) -> Option<Point> {
        if !(lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon))
        {
            return None;
        }
        let (p, l) = (lat.to_radians(), lon.to_radians());
        Some(Point {
            lat,
            lon,
            v: [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()],
        })
    }

    #[inline]
    pub(crate) fn dot(&self, o: &Point) -> f64 {
        self.v[0] * o.v[0] + self.v[1] * o.v[1] + self.v[2] * o.v[2]
    }
}

/// Great-circle distance in miles by the haversine formula.
pub(crate) fn haversine_miles(a: &Point, b: &Point) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_MILES * h.sqrt().min(1.0).asin()
}

/// "Within `miles` of `origin`", with the dot-product thresholds precomputed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Radius {
    pub(crate) origin: Point,
    pub(crate) miles: f64,
    /// `dot >= sure_in` means inside without further work.
    pub(crate) sure_in: f64,
    /// `dot < sure_out` means outside without further work.
    pub(crate) sure_out: f64,
}

const BAND: f64 = 1e-12;

impl Radius {
    pub(crate) fn new(origin: Point, miles: f64) -> Radius {
        let angle = miles / EARTH_RADIUS_MILES;
        let (sure_in, sure_out) = if angle >= std::f64::consts::PI {
            (f64::NEG_INFINITY, f64::NEG_INFINITY)
        } else {
            let c = angle.cos();
            (c + BAND, c - BAND)
        };
        Radius {
            origin,
            miles,
            sure_in,
            sure_out,
        }
    }

    /// Whether `p` is within the radius (inclusive), exactly as haversine says.
    #[inline]
    pub(crate) fn contains(&self, p: &Point) -> bool {
        let d = self.origin.dot(p);
        if d >= self.sure_in {
            true
        } else if d < self.sure_out {
            false
        } else {
            haversine_miles(&self.origin, p) <= self.miles
        }
    }
}

/// What a text names as a location: a ZIP (`90210`, `90210-1234`) or `lat,lon`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place<'a> {
    Zip(&'a str),
    LatLon(f64, f64),
}

/// Reads a location text; `None` when it is neither form.
pub(crate) fn parse_place(text: &str) -> Option<Place<'_>> {
    let t = text.trim();
    let b = t.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if b.len() == 5 && digits(b) {
        return Some(Place::Zip(t));
    }
    if b.len() == 10 && b[5] == b'-' && digits(&b[..5]) && digits(&b[6..]) {
        return Some(Place::Zip(&t[..5]));
    }
    let (a, o) = t.split_once(',')?;
    let lat = crate::value::parse_float(a.trim())?;
    let lon = crate::value::parse_float(o.trim())?;
    Some(Place::LatLon(lat, lon))
}

/// A lead value resolved as a location, once per lead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LeadPlace {
    At(Point),
    UnknownZip([u8; 5]),
    NotAPlace,
}

pub(crate) fn resolve_lead_place(text: &str, locator: &dyn ZipLocator) -> LeadPlace {
    match parse_place(text) {
        Some(Place::Zip(z)) => {
            match locator
                .locate(z)
                .and_then(|i| i.lat_lon)
                .and_then(|(a, o)| Point::new(a, o))
            {
                Some(p) => LeadPlace::At(p),
                None => {
                    let mut zip = [b'0'; 5];
                    zip.copy_from_slice(&z.as_bytes()[..5]);
                    LeadPlace::UnknownZip(zip)
                }
            }
        }
        Some(Place::LatLon(a, o)) => Point::new(a, o).map_or(LeadPlace::NotAPlace, LeadPlace::At),
        None => LeadPlace::NotAPlace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_agrees_with_geo() {
        use geo::{Distance, HaversineMeasure};
        let a = Point::new(34.0901, -118.4065).unwrap();
        let b = Point::new(40.7128, -74.0060).unwrap();
        let ours = haversine_miles(&a, &b);
        let theirs = HaversineMeasure::new(EARTH_RADIUS_MILES)
            .distance(geo::Point::new(a.lon, a.lat), geo::Point::new(b.lon, b.lat));
        assert!((ours - theirs).abs() < 1e-9, "{ours} vs {theirs}");
    }

    #[test]
    fn the_dot_test_is_haversine_at_the_boundary() {
        let o = Point::new(0.0, 0.0).unwrap();
        let p = Point::new(0.0, 1.0).unwrap();
        let d = haversine_miles(&o, &p);
        assert!(Radius::new(o, d).contains(&p));
        assert!(!Radius::new(o, d - 1e-9).contains(&p));
        assert!(Radius::new(o, 0.0).contains(&o));
        assert!(Radius::new(o, 1e9).contains(&Point::new(0.0, 180.0).unwrap()));
    }

    #[test]
    fn places() {
        assert_eq!(parse_place("90210"), Some(Place::Zip("90210")));
        assert_eq!(parse_place("90210-1234"), Some(Place::Zip("90210")));
        assert_eq!(
            parse_place(" 34.1, -118.4 "),
            Some(Place::LatLon(34.1, -118.4))
        );
        assert_eq!(parse_place("9021"), None);
        assert_eq!(parse_place("902101234"), None);
        assert_eq!(parse_place("CA"), None);
    }

    #[cfg(feature = "zip-table")]
    #[test]
    fn bundled_table_knows_beverly_hills() {
        let t = UsZipTable;
        let i = t.locate("90210").unwrap();
        assert_eq!(i.lat_lon, Some((34.0901, -118.4065)));
        assert_eq!(
            (i.city, i.state, i.time_zone),
            ("Beverly Hills", "CA", "America/Los_Angeles")
        );
        assert_eq!(t.locate("00000"), None);
        assert!(t.len() > 40_000);
    }

    /// The direct index answers every five-digit ZIP exactly as searching the rows
    /// would: each row found under its own ZIP, every other ZIP unknown.
    #[cfg(feature = "zip-table")]
    #[test]
    fn every_zip_is_found_by_the_index_exactly_when_it_has_a_row() {
        let t = UsZipTable;
        let known = t.zips();
        assert_eq!(known.len(), t.len());
        let mut found = 0;
        for zip in 0..100_000u32 {
            let text = format!("{zip:05}");
            let hit = t.locate(&text);
            assert_eq!(hit.is_some(), known.binary_search(&zip).is_ok(), "{text}");
            found += usize::from(hit.is_some());
        }
        assert_eq!(found, known.len());
        assert_eq!(t.locate("1234"), None);
        assert_eq!(t.locate("123456"), None);
        assert_eq!(t.locate("9021a"), None);
    }
}
