//! A hash map keyed by UID with a cheap multiplicative hash.
//!
//! Ranking 1,000 candidates looks up 1,000 clients' state; the standard SipHash would
//! dominate that cost. UIDs are not attacker-chosen hash keys in this setting (they
//! come from the host's own configuration), so a Fibonacci multiply is enough.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for `i64` keys: one multiply by the 64-bit golden ratio.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct UidHasher(u64);

impl Hasher for UidHasher {
    fn finish(&self) -> u64 {
        // Fold the well-mixed high half into the low bits the table indexes by.
        let x = self.0 ^ (self.0 >> 32);
        x.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, value: i64) {
        self.0 = (self.0 ^ value as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map from client (or user) UID to per-client state.
pub(crate) type UidMap<V> = HashMap<i64, V, BuildHasherDefault<UidHasher>>;
