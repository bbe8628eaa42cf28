//! Randomness: white-noise blocks for breath, hammers and drums, and a small generator for
//! per-voice variation (detune, phases, LFO rates).
//!
//! Audio-rate noise comes from fundsp's `Noise` node run a block at a time: it hashes a counter,
//! so eight samples are computed at once in SIMD, which measured several times faster than a
//! serial xorshift (`tests/speed.rs`, `fundsp_comparison`). The xorshift generator remains for
//! the handful of random numbers drawn per note. Renders must be reproducible, so every channel
//! seeds from a constant, never from the clock.

use fundsp::audionode::AudioNode;
use fundsp::buffer::{BufferArray, BufferRef};
use fundsp::noise::Noise;
use fundsp::typenum::U1;

/// Most samples one [`NoiseBlock::fill`] produces (fundsp's `MAX_BUFFER_SIZE`).
pub(crate) const NOISE_BLOCK: usize = 64;

/// `RAMP[i] = i + 1` as a float: gain ramps read it instead of converting the loop index, which
/// SSE2 cannot do in SIMD for 64-bit integers (and would serialise the loop).
pub(crate) const RAMP: [f32; NOISE_BLOCK] = {
    let mut r = [0.0f32; NOISE_BLOCK];
    let mut i = 0;
    while i < NOISE_BLOCK {
        r[i] = (i + 1) as f32;
        i += 1;
    }
    r
};

/// White noise in [-1, 1], a block at a time, from fundsp's `Noise`.
#[derive(Clone)]
pub(crate) struct NoiseBlock {
    node: Noise,
    buffer: BufferArray<U1>,
}

impl NoiseBlock {
    pub(crate) fn new(seed: u64) -> NoiseBlock {
        let mut node = Noise::new();
        node.set_hash(seed);
        NoiseBlock {
            node,
            buffer: BufferArray::new(),
        }
    }

    /// Fills `out` (at most [`NOISE_BLOCK`] samples) with fresh noise.
    #[inline]
    pub(crate) fn fill(&mut self, out: &mut [f32]) {
        let n = out.len().min(NOISE_BLOCK);
        self.node
            .process(n, &BufferRef::empty(), &mut self.buffer.buffer_mut());
        out[..n].copy_from_slice(&self.buffer.channel_f32(0)[..n]);
    }
}

/// Xorshift32 generator (Marsaglia). Never zero.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rng(u32);

impl Rng {
    pub(crate) fn new(seed: u32) -> Rng {
        // Scramble the seed so nearby seeds give unrelated streams; zero is a fixed point.
        let mut s = seed.wrapping_mul(0x9E37_79B9) ^ 0x85EB_CA6B;
        if s == 0 {
            s = 0x1234_5678;
        }
        let mut r = Rng(s);
        for _ in 0..4 {
            r.next_u32();
        }
        r
    }

    #[inline(always)]
    pub(crate) fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// White noise, uniform in [-1, 1).
    #[inline(always)]
    pub(crate) fn white(&mut self) -> f32 {
        // Reinterpret the top 23 bits as the mantissa of a float in [2, 4), then shift to [-1, 1).
        let bits = (self.next_u32() >> 9) | 0x4000_0000;
        f32::from_bits(bits) - 3.0
    }

    /// Uniform in [0, 1).
    #[inline]
    pub(crate) fn unit(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform in [-1, 1).
    #[inline]
    pub(crate) fn bipolar(&mut self) -> f32 {
        self.unit() * 2.0 - 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_noise_is_centred_and_bounded() {
        let mut r = Rng::new(7);
        let n = 100_000;
        let mut sum = 0.0f64;
        let mut sq = 0.0f64;
        for _ in 0..n {
            let x = r.white();
            assert!((-1.0..1.0).contains(&x));
            sum += x as f64;
            sq += (x * x) as f64;
        }
        assert!((sum / n as f64).abs() < 0.01);
        // Uniform noise on [-1, 1) has variance 1/3.
        assert!((sq / n as f64 - 1.0 / 3.0).abs() < 0.01);
    }

    #[test]
    fn noise_blocks_are_white_and_bounded() {
        let mut nb = NoiseBlock::new(5);
        let mut buf = [0.0f32; NOISE_BLOCK];
        let mut sum = 0.0f64;
        let mut lag = 0.0f64;
        let mut sq = 0.0f64;
        let mut prev = 0.0f32;
        for _ in 0..1000 {
            nb.fill(&mut buf);
            for &x in &buf {
                assert!((-1.0..=1.0).contains(&x));
                sum += x as f64;
                sq += (x * x) as f64;
                lag += (x * prev) as f64;
                prev = x;
            }
        }
        let n = 1000.0 * NOISE_BLOCK as f64;
        assert!((sum / n).abs() < 0.01);
        assert!((lag / sq).abs() < 0.02, "correlated: {}", lag / sq);
        let mut other = NoiseBlock::new(6);
        let mut b2 = [0.0f32; NOISE_BLOCK];
        other.fill(&mut b2);
        nb.fill(&mut buf);
        assert_ne!(buf, b2);
    }

    #[test]
    fn seeds_differ() {
        assert_ne!(Rng::new(1).next_u32(), Rng::new(2).next_u32());
        assert_ne!(Rng::new(0).next_u32(), 0);
    }
}
