//! Channel-strip EQ: RBJ "Audio EQ Cookbook" biquads (high-pass and shelves), stereo, in place.
//!
//! Hand-written rather than fundsp's state-variable filters because every part of every cue runs
//! through these: fundsp's per-sample `filter_mono` path measured about three times the cost of
//! this transposed direct-form II loop, and the strips were a fifth of the whole render.

use fundsp::wide::f32x4;

/// Biquad coefficients, normalised (a0 = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coefs {
    b0: f32,
    b1: f32,
    b2: f32,
    a1: f32,
    a2: f32,
}

impl Coefs {
    /// The filter that passes its input through unchanged (`y = x`, and its state stays zero):
    /// what a shorter chain runs in the lanes of a longer one ([`StereoBiquad::process_chain_pair`]).
    const IDENTITY: Coefs = Coefs {
        b0: 1.0,
        b1: 0.0,
        b2: 0.0,
        a1: 0.0,
        a2: 0.0,
    };

    fn normalised(b: [f64; 3], a: [f64; 3]) -> Coefs {
        Coefs {
            b0: (b[0] / a[0]) as f32,
            b1: (b[1] / a[0]) as f32,
            b2: (b[2] / a[0]) as f32,
            a1: (a[1] / a[0]) as f32,
            a2: (a[2] / a[0]) as f32,
        }
    }

    /// Second-order high-pass (Q 0.707: Butterworth).
    pub fn highpass(sample_rate: u32, cutoff_hz: f64) -> Coefs {
        let w = std::f64::consts::TAU * cutoff_hz / sample_rate as f64;
        let alpha = w.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let c = w.cos();
        Coefs::normalised(
            [(1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0],
            [1.0 + alpha, -2.0 * c, 1.0 - alpha],
        )
    }

    /// Shelf (low or high) of `gain_db` at `freq_hz`, slope 1.
    pub fn shelf(sample_rate: u32, freq_hz: f64, gain_db: f64, high: bool) -> Coefs {
        let a = 10f64.powf(gain_db / 40.0);
        let w = std::f64::consts::TAU * freq_hz / sample_rate as f64;
        let (s, c) = (w.sin(), w.cos());
        let alpha = s / 2.0 * std::f64::consts::SQRT_2; // slope S = 1
        let k = 2.0 * a.sqrt() * alpha;
        if high {
            Coefs::normalised(
                [
                    a * ((a + 1.0) + (a - 1.0) * c + k),
                    -2.0 * a * ((a - 1.0) + (a + 1.0) * c),
                    a * ((a + 1.0) + (a - 1.0) * c - k),
                ],
                [
                    (a + 1.0) - (a - 1.0) * c + k,
                    2.0 * ((a - 1.0) - (a + 1.0) * c),
                    (a + 1.0) - (a - 1.0) * c - k,
                ],
            )
        } else {
            Coefs::normalised(
                [
                    a * ((a + 1.0) - (a - 1.0) * c + k),
                    2.0 * a * ((a - 1.0) - (a + 1.0) * c),
                    a * ((a + 1.0) - (a - 1.0) * c - k),
                ],
                [
                    (a + 1.0) + (a - 1.0) * c + k,
                    -2.0 * ((a - 1.0) + (a + 1.0) * c),
                    (a + 1.0) + (a - 1.0) * c - k,
                ],
            )
        }
    }
}

/// A stereo biquad.
#[derive(Debug, Clone)]
pub struct StereoBiquad {
    c: Coefs,
    state: [[f32; 2]; 2],
}

impl StereoBiquad {
    pub fn new(c: Coefs) -> StereoBiquad {
        StereoBiquad {
            c,
            state: [[0.0; 2]; 2],
        }
    }

    /// True when the filter holds no energy (its output on silence would be silence).
    pub fn is_quiet(&self) -> bool {
        self.state.iter().flatten().all(|z| z.abs() < 1e-9)
    }

    /// Filters both channels in one loop: each channel's recursion is a serial chain, so running
    /// the two side by side lets the CPU overlap them (measured twice as fast as one after the
    /// other).
    pub fn process(&mut self, left: &mut [f32], right: &mut [f32]) {
        let c = self.c;
        let [[mut l1, mut l2], [mut r1, mut r2]] = self.state;
        for (l, r) in left.iter_mut().zip(right.iter_mut()) {
            let yl = c.b0 * *l + l1;
            let yr = c.b0 * *r + r1;
            l1 = c.b1 * *l - c.a1 * yl + l2;
            r1 = c.b1 * *r - c.a1 * yr + r2;
            l2 = c.b2 * *l - c.a2 * yl;
            r2 = c.b2 * *r - c.a2 * yr;
            *l = yl;
            *r = yr;
        }
        // Flush denormals left by a decaying tail.
        let flush = |z: f32| if z.abs() < 1e-20 { 0.0 } else { z };
        self.state = [[flush(l1), flush(l2)], [flush(r1), flush(r2)]];
    }

    /// Runs a chain of filters over both channels, in order: the same samples as calling
    /// [`process`](Self::process) on each in turn, in one pass. Each stage's recursion waits on
    /// its previous output, but the stages of one frame only wait on each other, so the CPU
    /// overlaps a stage's work on this frame with the next stage's on the previous one: a chain
    /// of three costs about what one filter does on its own, and the audio is read once.
    pub fn process_chain(chain: &mut [StereoBiquad], left: &mut [f32], right: &mut [f32]) {
        match chain {
            [] => {}
            [_] => fused::<1>(chain, left, right),
            [_, _] => fused::<2>(chain, left, right),
            [_, _, _] => fused::<3>(chain, left, right),
            [first @ .., _, _, _] => {
                StereoBiquad::process_chain(first, left, right);
                let n = chain.len();
                fused::<3>(&mut chain[n - 3..], left, right);
            }
        }
    }
}

impl StereoBiquad {
    /// Runs two strips' chains (`a` over `a_left`/`a_right`, `b` over `b_left`/`b_right`) in one
    /// pass, the four channels in the four lanes of a SIMD vector: the same samples as
    /// [`process_chain`](Self::process_chain) on each (every lane does that loop's arithmetic, in
    /// its order), in about a third of the time. The strips' EQ was the largest single cost of a
    /// built-in render; the scalar loop issues one multiply or add per channel and stage where
    /// the vector one issues one for all four. A shorter chain runs identity stages in its lanes.
    pub fn process_chain_pair(
        a: &mut [StereoBiquad],
        a_left: &mut [f32],
        a_right: &mut [f32],
        b: &mut [StereoBiquad],
        b_left: &mut [f32],
        b_right: &mut [f32],
    ) {
        let pair = (a, a_left, a_right, b, b_left, b_right);
        match pair.0.len().max(pair.3.len()) {
            0 => {}
            1 => fused_pair::<1>(pair),
            2 => fused_pair::<2>(pair),
            3 => fused_pair::<3>(pair),
            _ => {
                let (a, a_left, a_right, b, b_left, b_right) = pair;
                StereoBiquad::process_chain(a, a_left, a_right);
                StereoBiquad::process_chain(b, b_left, b_right);
            }
        }
    }
}

type ChainPair<'a> = (
    &'a mut [StereoBiquad],
    &'a mut [f32],
    &'a mut [f32],
    &'a mut [StereoBiquad],
    &'a mut [f32],
    &'a mut [f32],
);

/// Up to two stereo chains of `N` stages in the four lanes of a SIMD vector: [a left, a right,
/// b left, b right]. A stage a chain lacks (a shorter chain, or no second chain at all) runs the
/// identity with zero state in its lanes. Each lane does [`StereoBiquad::process`]'s arithmetic in
/// its order, so every sample is what the scalar loop gives.
struct LaneChain<const N: usize> {
    b0: [f32x4; N],
    b1: [f32x4; N],
    b2: [f32x4; N],
    a1: [f32x4; N],
    a2: [f32x4; N],
    z1: [f32x4; N],
    z2: [f32x4; N],
}

impl<const N: usize> LaneChain<N> {
    fn load(a: &[StereoBiquad], b: &[StereoBiquad]) -> Self {
        let coefs =
            |chain: &[StereoBiquad], k: usize| chain.get(k).map_or(Coefs::IDENTITY, |s| s.c);
        let lanes = |f: fn(Coefs) -> f32| -> [f32x4; N] {
            std::array::from_fn(|k| {
                let (ca, cb) = (coefs(a, k), coefs(b, k));
                f32x4::new([f(ca), f(ca), f(cb), f(cb)])
            })
        };
        let state = |i: usize| -> [f32x4; N] {
            std::array::from_fn(|k| {
                let z = |chain: &[StereoBiquad]| {
                    chain
                        .get(k)
                        .map_or([0.0; 2], |s| [s.state[0][i], s.state[1][i]])
                };
                let ([l, r], [m, s]) = (z(a), z(b));
                f32x4::new([l, r, m, s])
            })
        };
        LaneChain {
            b0: lanes(|c| c.b0),
            b1: lanes(|c| c.b1),
            b2: lanes(|c| c.b2),
            a1: lanes(|c| c.a1),
            a2: lanes(|c| c.a2),
            z1: state(0),
            z2: state(1),
        }
    }

    /// One frame through every stage.
    #[inline(always)]
    fn tick(&mut self, mut x: f32x4) -> f32x4 {
        for k in 0..N {
            let y = self.b0[k] * x + self.z1[k];
            self.z1[k] = self.b1[k] * x - self.a1[k] * y + self.z2[k];
            self.z2[k] = self.b2[k] * x - self.a2[k] * y;
            x = y;
        }
        x
    }

    /// Writes the states back into the chains' stages (denormals flushed).
    fn store(&self, a: &mut [StereoBiquad], b: &mut [StereoBiquad]) {
        let flush = |z: f32| if z.abs() < 1e-20 { 0.0 } else { z };
        for k in 0..N {
            let ([l1, r1, m1, s1], [l2, r2, m2, s2]) =
                (self.z1[k].to_array(), self.z2[k].to_array());
            if let Some(stage) = a.get_mut(k) {
                stage.state = [[flush(l1), flush(l2)], [flush(r1), flush(r2)]];
            }
            if let Some(stage) = b.get_mut(k) {
                stage.state = [[flush(m1), flush(m2)], [flush(s1), flush(s2)]];
            }
        }
    }
}

/// Two chains of at most `N` filters in one pass, lanes [a left, a right, b left, b right].
fn fused_pair<const N: usize>((a, al, ar, b, bl, br): ChainPair) {
    let mut lanes = LaneChain::<N>::load(a, b);
    let frames = al
        .iter_mut()
        .zip(ar.iter_mut())
        .zip(bl.iter_mut().zip(br.iter_mut()));
    for ((l, r), (m, s)) in frames {
        [*l, *r, *m, *s] = lanes.tick(f32x4::new([*l, *r, *m, *s])).to_array();
    }
    lanes.store(a, b);
}

/// `N` filters of a chain (exactly `N`) in one pass, left and right in two lanes of a SIMD
/// vector (the other two idle): half the instructions of the scalar loop, for a strip that has
/// no partner this block.
fn fused<const N: usize>(chain: &mut [StereoBiquad], left: &mut [f32], right: &mut [f32]) {
    let mut lanes = LaneChain::<N>::load(chain, &[]);
    for (l, r) in left.iter_mut().zip(right.iter_mut()) {
        let [yl, yr, _, _] = lanes.tick(f32x4::new([*l, *r, 0.0, 0.0])).to_array();
        (*l, *r) = (yl, yr);
    }
    lanes.store(chain, &mut []);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gain_at(c: Coefs, hz: f64) -> f64 {
        let sr = 48_000u32;
        let mut f = StereoBiquad::new(c);
        let n = sr as usize;
        let mut l: Vec<f32> = (0..n)
            .map(|i| (i as f64 * hz * std::f64::consts::TAU / sr as f64).sin() as f32)
            .collect();
        let mut r = l.clone();
        f.process(&mut l, &mut r);
        let rms = |v: &[f32]| {
            (v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
        };
        20.0 * (rms(&l[n / 2..]) / std::f64::consts::FRAC_1_SQRT_2).log10()
    }

    #[test]
    fn filters_do_what_their_names_say() {
        let sr = 48_000;
        let hp = Coefs::highpass(sr, 80.0);
        assert!(gain_at(hp, 20.0) < -20.0);
        assert!(gain_at(hp, 1000.0).abs() < 0.1);
        let hs = Coefs::shelf(sr, 5000.0, 3.0, true);
        assert!((gain_at(hs, 15_000.0) - 3.0).abs() < 0.5);
        assert!(gain_at(hs, 200.0).abs() < 0.2);
        let ls = Coefs::shelf(sr, 200.0, -3.0, false);
        assert!((gain_at(ls, 40.0) + 3.0).abs() < 0.5);
        assert!(gain_at(ls, 5000.0).abs() < 0.2);
    }

    /// A chain of every kind of stage (longer than the fused passes handle at once).
    fn chain_coefs() -> [Coefs; 4] {
        let sr = 48_000;
        [
            Coefs::highpass(sr, 80.0),
            Coefs::shelf(sr, 200.0, -3.0, false),
            Coefs::shelf(sr, 5_000.0, 2.5, true),
            Coefs::highpass(sr, 30.0),
        ]
    }

    /// 5 000 frames of a harsh pseudo-random test signal.
    fn signal(seed: usize) -> Vec<f32> {
        (0..5_000)
            .map(|i| (((i + seed) * 7919 % 1000) as f32 / 500.0 - 1.0) * 0.5)
            .collect()
    }

    #[test]
    fn a_chain_in_one_pass_gives_the_same_samples_as_one_filter_after_another() {
        let coefs = chain_coefs();
        let input = signal(0);
        for n in 0..=coefs.len() {
            let mut one_by_one: Vec<StereoBiquad> =
                coefs[..n].iter().map(|c| StereoBiquad::new(*c)).collect();
            let mut chain = one_by_one.clone();
            let (mut l1, mut r1) = (
                input.clone(),
                input.iter().map(|x| -x * 0.5).collect::<Vec<_>>(),
            );
            let (mut l2, mut r2) = (l1.clone(), r1.clone());
            // Two blocks, so the carried state is checked too.
            for range in [0..1_234, 1_234..5_000] {
                for f in &mut one_by_one {
                    f.process(&mut l1[range.clone()], &mut r1[range.clone()]);
                }
                StereoBiquad::process_chain(&mut chain, &mut l2[range.clone()], &mut r2[range]);
            }
            assert_eq!((&l1, &r1), (&l2, &r2), "{n} stages");
        }
    }

    #[test]
    fn two_chains_side_by_side_give_the_same_samples_as_each_on_its_own() {
        let coefs = chain_coefs();
        // Every pair of lengths, including unequal ones (identity stages fill the short chain)
        // and chains longer than the fused pair handles.
        for n in 0..=coefs.len() {
            for m in 0..=coefs.len() {
                let chain = |len: usize, skip: usize| -> Vec<StereoBiquad> {
                    coefs
                        .iter()
                        .cycle()
                        .skip(skip)
                        .take(len)
                        .map(|c| StereoBiquad::new(*c))
                        .collect()
                };
                let (mut alone_a, mut alone_b) = (chain(n, 0), chain(m, 1));
                let (mut pair_a, mut pair_b) = (alone_a.clone(), alone_b.clone());
                let mut alone = [signal(0), signal(1), signal(2), signal(3)];
                let mut paired = alone.clone();
                for range in [0..1_234, 1_234..5_000] {
                    let [l, r, m, s] = &mut alone;
                    StereoBiquad::process_chain(
                        &mut alone_a,
                        &mut l[range.clone()],
                        &mut r[range.clone()],
                    );
                    StereoBiquad::process_chain(
                        &mut alone_b,
                        &mut m[range.clone()],
                        &mut s[range.clone()],
                    );
                    let [l, r, m, s] = &mut paired;
                    StereoBiquad::process_chain_pair(
                        &mut pair_a,
                        &mut l[range.clone()],
                        &mut r[range.clone()],
                        &mut pair_b,
                        &mut m[range.clone()],
                        &mut s[range],
                    );
                }
                assert_eq!(alone, paired, "{n} and {m} stages");
                let states = |c: &[StereoBiquad]| c.iter().map(|s| s.state).collect::<Vec<_>>();
                assert_eq!(states(&alone_a), states(&pair_a), "{n} and {m} stages");
                assert_eq!(states(&alone_b), states(&pair_b), "{n} and {m} stages");
            }
        }
    }
}
