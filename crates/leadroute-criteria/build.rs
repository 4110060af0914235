//! Builds the bundled US ZIP table (feature `zip-table`) from the `zipcodes` crate's
//! records into a compact binary file in `OUT_DIR`, so that the library only has to
//! slice a byte array at first use (no decompression, no JSON). See ZIPDATA.md for the
//! source and licence of the data.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "zip-table")]
    table::write();
}

#[cfg(feature = "zip-table")]
mod table {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::path::PathBuf;

    /// Parses a coordinate written with at most four decimals into ten-thousandths.
    fn e4(text: &str) -> Option<i32> {
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty()
            || frac.len() > 4
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut v: i64 = int.parse().ok()?;
        let mut f = frac.to_string();
        while f.len() < 4 {
            f.push('0');
        }
        v = v * 10_000 + f.parse::<i64>().ok()?;
        i32::try_from(if neg { -v } else { v }).ok()
    }

    // A build script: cargo always sets OUT_DIR, and a failed write must stop the
    // build; no user input reaches it.
    #[allow(clippy::expect_used)]
    pub fn write() {
        let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
        let mut rows: BTreeMap<u32, (i32, i32, usize, usize, usize)> = BTreeMap::new();
        let mut strings: Vec<String> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut intern = |s: &str| -> usize {
            if let Some(i) = index.get(s) {
                return *i;
            }
            strings.push(s.to_string());
            index.insert(s.to_string(), strings.len() - 1);
            strings.len() - 1
        };
        intern("");
        for z in zipcodes::database() {
            let Ok(zip) = z.zip_code.parse::<u32>() else {
                continue;
            };
            if z.zip_code.len() != 5 {
                continue;
            }
            let (lat, lon) = match (e4(&z.lat), e4(&z.long)) {
                (Some(a), Some(b)) => (a, b),
                _ => panic!(
                    "ZIP {}: coordinates {:?},{:?} have more than four decimals",
                    z.zip_code, z.lat, z.long
                ),
            };
            // The source writes "0","0" for ZIPs it has no coordinates for; the table
            // keeps them (city and state are still useful) with i32::MIN as "none".
            let (lat, lon) = if lat == 0 && lon == 0 {
                (i32::MIN, i32::MIN)
            } else {
                (lat, lon)
            };
            // Time-zone names without a '/' are not IANA names (the source has a few).
            let tz = if z.timezone.contains('/') {
                z.timezone.as_str()
            } else {
                ""
            };
            let row = (lat, lon, intern(&z.city), intern(&z.state), intern(tz));
            rows.entry(zip).or_insert(row);
        }
        assert!(strings.len() < u16::MAX as usize, "string table too large");
        let mut bin = Vec::with_capacity(rows.len() * 20);
        for (zip, (lat, lon, city, state, tz)) in &rows {
            bin.extend_from_slice(&zip.to_le_bytes());
            bin.extend_from_slice(&lat.to_le_bytes());
            bin.extend_from_slice(&lon.to_le_bytes());
            bin.extend_from_slice(&(*city as u16).to_le_bytes());
            bin.extend_from_slice(&(*state as u16).to_le_bytes());
            bin.extend_from_slice(&(*tz as u16).to_le_bytes());
            bin.extend_from_slice(&0u16.to_le_bytes());
        }
        let mut text = String::new();
        for s in &strings {
            assert!(!s.contains('\n'));
            let _ = writeln!(text, "{s}");
        }
        std::fs::write(out.join("zip_rows.bin"), bin).expect("write zip_rows.bin");
        std::fs::write(out.join("zip_strings.txt"), text).expect("write zip_strings.txt");
    }
}
