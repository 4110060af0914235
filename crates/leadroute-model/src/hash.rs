//! The one hasher of the workspace's hot maps: UIDs and configuration keys are the
//! host's own, so a cheap multiply-fold replaces SipHash.

use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-fold hasher for integer keys (UIDs, tokens, pairs of them) and short
/// keys from the host's own configuration (field descriptors). Those come from the
/// host, not from an adversary, so a keyed hash buys nothing here, and SipHash would
/// dominate a cap check or a field look-up.
#[derive(Clone, Copy, Debug, Default)]
pub struct UidHasher(u64);

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for UidHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    /// Eight bytes at a time (the last chunk zero-padded): a field descriptor is one or
    /// two multiplies, not one per byte. Keys differing only in trailing zero bytes may
    /// collide; the map still compares the keys themselves.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        let x = u128::from(self.0 ^ v) * u128::from(K);
        self.0 = (x as u64) ^ ((x >> 64) as u64);
    }

    #[inline]
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }

    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
}

/// Hash map keyed by integers (or short configuration keys) with [`UidHasher`].
pub type UidMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<UidHasher>>;
