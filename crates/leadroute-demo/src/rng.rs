//! The crate's own pseudo-random generator: xoshiro256** seeded through SplitMix64.
//!
//! The demo market must be byte-identical for a seed on every platform, compiler and
//! dependency version, so the generator is written out here rather than taken from a
//! crate whose stream may change between releases. xoshiro256** (Blackman and Vigna,
//! 2018) is small, fast and statistically strong; SplitMix64 (Steele, Lea and Flood)
//! expands a 64-bit seed into its 256-bit state, as its authors recommend. Only integer
//! arithmetic decides the stream; floating point is used only to turn 53 random bits
//! into a fraction, which IEEE 754 makes exact on every platform.

/// SplitMix64: a 64-bit generator used to expand seeds (and usable on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose first output is derived from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256**, the generator behind every random choice of the demo market.
///
/// Independent streams for the parts of a market come from [`Rng::stream`], so that
/// changing the number of leads does not change the clients or accounts generated for
/// the same seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator seeded from `seed` through SplitMix64.
    pub fn new(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        // SplitMix64 never yields four zero words in a row (it is a bijection of a
        // counter), so the all-zero state xoshiro must avoid cannot occur.
        Rng { s }
    }

    /// The generator for part `stream` of the market seeded with `seed`: the seed and
    /// the stream number are mixed so that nearby seeds and streams are unrelated.
    pub fn stream(seed: u64, stream: u64) -> Self {
        let mut sm = SplitMix64::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng::new(sm.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A number in `0..n` (0 when `n` is 0), by Lemire's multiply-and-shift. The bias
    /// for the small `n` used here is below 2^-50, far below anything a demo can show.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index into a slice of length `len` (0 when `len` is 0).
    pub fn index(&mut self, len: usize) -> usize {
        // ok: the result is below `len`, which fits in usize
        self.below(len as u64) as usize
    }

    /// An integer in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.wrapping_add(self.below(span) as i64)
    }

    /// A fraction in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice; `None` for an empty one.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.index(items.len()))
    }

    /// An index drawn with the given relative weights (0 when all weights are 0).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if r < w {
                return i;
            }
            r -= w;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_stream_for_seed_zero() {
        // The published first outputs of SplitMix64 seeded with 0.
        let mut sm = SplitMix64::new(0);
        assert_eq!(sm.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(sm.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(sm.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn xoshiro_matches_the_reference_step_from_a_known_state() {
        // Reference implementation by hand from state [1, 2, 3, 4]:
        // result = rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520.
        let mut r = Rng { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11520);
        // New state: s2 = 3^1 = 2, s3 = 4^2 = 6, s1 = 2^2 = 0, s0 = 1^6 = 7,
        // s2 ^= 2 << 17, s3 = rotl(6, 45).
        assert_eq!(r.s, [7, 0, 2 ^ (2 << 17), 6u64.rotate_left(45)]);
    }

    #[test]
    fn range_stays_inside_its_bounds_and_reaches_both_ends() {
        let mut r = Rng::new(7);
        let (mut lo, mut hi) = (false, false);
        for _ in 0..2000 {
            let v = r.range(-3, 3);
            assert!((-3..=3).contains(&v));
            lo |= v == -3;
            hi |= v == 3;
        }
        assert!(lo && hi);
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(5, 1), 5);
        assert_eq!(r.below(0), 0);
        assert!(r.pick::<u8>(&[]).is_none());
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            assert_ne!(r.weighted(&[3, 0, 1]), 1);
        }
    }

    #[test]
    fn streams_of_one_seed_differ() {
        let a = Rng::stream(1, 1).next_u64();
        let b = Rng::stream(1, 2).next_u64();
        let c = Rng::stream(2, 1).next_u64();
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
