//! Channel-strip EQ: RBJ "Audio EQ Cookbook" biquads (high-pass and shelves), stereo, in place.
//!
//! Hand-written rather than fundsp's state-variable filters because every part of every cue runs
//! through these: fundsp's per-sample `filter_mono` path measured about three times the cost of
//! this transposed direct-form II loop, and the strips were a fifth of the whole render.

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
            [one] => one.process(left, right),
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

/// `N` filters of a chain (exactly `N`) in one pass; the arithmetic of [`StereoBiquad::process`].
fn fused<const N: usize>(chain: &mut [StereoBiquad], left: &mut [f32], right: &mut [f32]) {
    let c: [Coefs; N] = std::array::from_fn(|k| chain[k].c);
    let mut z: [[f32; 4]; N] = std::array::from_fn(|k| {
        let [[l1, l2], [r1, r2]] = chain[k].state;
        [l1, l2, r1, r2]
    });
    for (l, r) in left.iter_mut().zip(right.iter_mut()) {
        let (mut xl, mut xr) = (*l, *r);
        for k in 0..N {
            let (c, z) = (c[k], &mut z[k]);
            let yl = c.b0 * xl + z[0];
            let yr = c.b0 * xr + z[2];
            z[0] = c.b1 * xl - c.a1 * yl + z[1];
            z[2] = c.b1 * xr - c.a1 * yr + z[3];
            z[1] = c.b2 * xl - c.a2 * yl;
            z[3] = c.b2 * xr - c.a2 * yr;
            xl = yl;
            xr = yr;
        }
        *l = xl;
        *r = xr;
    }
    let flush = |z: f32| if z.abs() < 1e-20 { 0.0 } else { z };
    for (stage, [l1, l2, r1, r2]) in chain.iter_mut().zip(z) {
        stage.state = [[flush(l1), flush(l2)], [flush(r1), flush(r2)]];
    }
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

    #[test]
    fn a_chain_in_one_pass_gives_the_same_samples_as_one_filter_after_another() {
        let sr = 48_000;
        let coefs = [
            Coefs::highpass(sr, 80.0),
            Coefs::shelf(sr, 200.0, -3.0, false),
            Coefs::shelf(sr, 5_000.0, 2.5, true),
            Coefs::highpass(sr, 30.0),
        ];
        let input: Vec<f32> = (0..5_000)
            .map(|i| ((i * 7919 % 1000) as f32 / 500.0 - 1.0) * 0.5)
            .collect();
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
}
