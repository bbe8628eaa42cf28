//! A look-ahead brick-wall limiter, run offline over a whole cue.
//!
//! Because the mastering stage has the whole cue in memory it can look ahead as far as it likes:
//! the required gain per frame (ceiling / peak) is smoothed backwards in time (the gain starts to
//! dip ~1.5 ms *before* a peak, so the peak is never hit with a jump) and forwards (a release of
//! ~80 ms after it). Both passes only ever lower the gain below what each frame needs, so no
//! sample exceeds the ceiling: the limiter is exact on samples, and the ceiling sits below the
//! true-peak target to cover inter-sample overs.

/// Frames per gain value: the gain curve is computed per 16-frame block and interpolated, which
/// keeps the limiter's memory to a sixteenth of the cue (a per-frame gain array was one of the
/// largest buffers of a render) without letting any frame past the ceiling.
const HOP: usize = 16;
/// Blocks of [`HOP`] frames per parallel task.
const BLOCKS_PER_TASK: usize = 4096;

use crate::reduce::peak_abs;
use rayon::prelude::*;

/// Limits a stereo signal to `ceiling` (linear) in place. Returns the largest gain reduction in dB.
pub fn limit(left: &mut [f32], right: &mut [f32], sample_rate: u32, ceiling: f32) -> f32 {
    let curve = gain_curve(left, right, sample_rate, ceiling, 1.0);
    curve.apply(left, right, 1.0);
    curve.reduction_db()
}

/// The limiter's gain for a signal: one value per block of [`HOP`] frames, run linearly within
/// each block between its boundary values (each the smaller of the two blocks meeting there,
/// so no frame gets more than its block needs).
///
/// Mastering computes the curve for a signal times a static gain without making that signal:
/// it measures the limited result through [`fill`](Self::fill), and only writes it, in place,
/// once the gain is final ([`apply`](Self::apply)).
#[derive(Debug, Clone)]
pub struct GainCurve {
    gain: Vec<f32>,
    frames: usize,
    deepest: f32,
}

/// The limiter's gain curve for `left`/`right` times `pre_gain` (the samples
/// `x * pre_gain`, as a scaled copy would hold them) under `ceiling`.
pub fn gain_curve(
    left: &[f32],
    right: &[f32],
    sample_rate: u32,
    ceiling: f32,
    pre_gain: f32,
) -> GainCurve {
    let n = left.len().min(right.len());
    if n == 0 {
        return GainCurve {
            gain: Vec::new(),
            frames: 0,
            deepest: 1.0,
        };
    }
    let blocks = n.div_ceil(HOP);
    // The gain each block needs so its loudest frame meets the ceiling (blocks in parallel).
    let mut gain: Vec<f32> = left[..n]
        .par_chunks(HOP * BLOCKS_PER_TASK)
        .zip(right[..n].par_chunks(HOP * BLOCKS_PER_TASK))
        .flat_map_iter(|(l, r)| {
            l.chunks(HOP).zip(r.chunks(HOP)).map(|(l, r)| {
                // |x g| rounds like |x| |g| and rounding keeps order: the largest product is
                // the product of the largest sample.
                let peak = peak_abs(l).max(peak_abs(r)) * pre_gain.abs();
                if peak > ceiling {
                    ceiling / peak
                } else {
                    1.0
                }
            })
        })
        .collect();
    debug_assert_eq!(gain.len(), blocks);
    let coef = |ms: f32| 1.0 - (-(HOP as f32) / (ms * 0.001 * sample_rate as f32)).exp();
    let (attack, release) = (coef(1.5), coef(80.0));
    // Backwards: approach each peak's gain smoothly from the past.
    for b in (0..blocks - 1).rev() {
        let ahead = gain[b + 1];
        let ramp = ahead + (1.0 - ahead) * attack;
        if ramp < gain[b] {
            gain[b] = ramp;
        }
    }
    // Forwards: recover slowly after it.
    for b in 1..blocks {
        let prev = gain[b - 1];
        let ramp = prev + (1.0 - prev) * release;
        if ramp < gain[b] {
            gain[b] = ramp;
        }
    }
    let deepest = gain.iter().cloned().fold(1.0f32, f32::min);
    GainCurve {
        gain,
        frames: n,
        deepest,
    }
}

impl GainCurve {
    /// The largest gain reduction, in dB.
    pub fn reduction_db(&self) -> f32 {
        -20.0 * self.deepest.log10()
    }

    fn boundary(&self, k: usize) -> f32 {
        let blocks = self.gain.len();
        match k {
            0 => self.gain[0],
            k if k >= blocks => self.gain[blocks - 1],
            k => self.gain[k - 1].min(self.gain[k]),
        }
    }

    /// True when every frame in `range` keeps a gain of exactly 1.
    pub fn unity_over(&self, range: std::ops::Range<usize>) -> bool {
        if range.is_empty() || self.gain.is_empty() {
            return true;
        }
        let (first, last) = (range.start / HOP, (range.end - 1) / HOP);
        (first..=last.min(self.gain.len() - 1))
            .all(|b| self.boundary(b) == 1.0 && self.boundary(b + 1) == 1.0)
    }

    /// Writes frames `range` of the limited signal, `(x * pre_gain) * gain`, into `out_left`
    /// and `out_right` (each `range.len()` long).
    pub fn fill(
        &self,
        source: [&[f32]; 2],
        pre_gain: f32,
        range: std::ops::Range<usize>,
        out_left: &mut [f32],
        out_right: &mut [f32],
    ) {
        let start = range.start;
        for (o, x) in out_left.iter_mut().zip(&source[0][range.clone()]) {
            *o = x * pre_gain;
        }
        for (o, x) in out_right.iter_mut().zip(&source[1][range.clone()]) {
            *o = x * pre_gain;
        }
        self.gain_runs(range, |frames, g0, step| {
            let frames = frames.start - start..frames.end - start;
            ramp(&mut out_left[frames.clone()], g0, step);
            ramp(&mut out_right[frames], g0, step);
        });
    }

    /// `x = (x * pre_gain) * gain`, in place: the limited signal.
    pub fn apply(&self, left: &mut [f32], right: &mut [f32], pre_gain: f32) {
        if pre_gain != 1.0 {
            left.iter_mut().for_each(|x| *x *= pre_gain);
            right.iter_mut().for_each(|x| *x *= pre_gain);
        }
        self.gain_runs(0..self.frames, |frames, g0, step| {
            ramp(&mut left[frames.clone()], g0, step);
            ramp(&mut right[frames], g0, step);
        });
    }

    /// Calls `f(frames, g0, step)` for every run of frames of `range` (at most one block of
    /// [`HOP`]) whose gain is not 1: the `k`-th frame of the block (counted from the block's
    /// start, even when `range` starts inside it) has the gain `g0 + step * k`. Runs rather than
    /// a call per frame, so the multiplies compile to vector code.
    fn gain_runs(
        &self,
        range: std::ops::Range<usize>,
        mut f: impl FnMut(std::ops::Range<usize>, f32, f32),
    ) {
        let n = self.frames.min(range.end);
        if range.start >= n {
            return;
        }
        for b in range.start / HOP..n.div_ceil(HOP) {
            let (g0, g1) = (self.boundary(b), self.boundary(b + 1));
            if g0 == 1.0 && g1 == 1.0 {
                continue;
            }
            let step = (g1 - g0) / HOP as f32;
            let (lo, hi) = (b * HOP, ((b + 1) * HOP).min(n));
            let first = lo.max(range.start);
            // Skipping into the block: the ramp starts `first - lo` steps along.
            let g_first = |k: usize| g0 + step * k as f32;
            if first == lo {
                f(lo..hi, g0, step);
            } else {
                // Rare (a range starting inside a block): frame by frame, the same gains.
                for i in first..hi {
                    f(i..i + 1, g_first(i - lo), 0.0);
                }
            }
        }
    }
}

/// `k as f32` for the frames of a block: read rather than converted per frame (the conversions
/// were most of the time [`GainCurve::fill`] spent on a loud cue).
const FRAME_INDEX: [f32; HOP] = {
    let mut k = [0.0f32; HOP];
    let mut i = 0;
    while i < HOP {
        k[i] = i as f32;
        i += 1;
    }
    k
};

/// `x[k] *= g0 + step * k` over a run of one block (at most [`HOP`] frames).
fn ramp(x: &mut [f32], g0: f32, step: f32) {
    debug_assert!(x.len() <= HOP);
    for (v, k) in x.iter_mut().zip(&FRAME_INDEX) {
        *v *= g0 + step * k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_passes_the_ceiling_and_quiet_parts_are_untouched() {
        let sr = 48_000u32;
        let mut l: Vec<f32> = (0..sr as usize)
            .map(|i| {
                // A smooth swell from 0.3 to 1.6 and back around frame 20 500.
                let d = (i as f32 - 20_500.0) / 400.0;
                let amp = 0.3 + 1.3 * (-d * d).exp();
                amp * (i as f32 * 220.0 * std::f32::consts::TAU / sr as f32).sin()
            })
            .collect();
        let mut r = l.clone();
        let original = l.clone();
        let gr = limit(&mut l, &mut r, sr, 0.8);
        assert!(gr > 5.0 && gr < 7.0, "{gr}");
        assert!(l.iter().all(|v| v.abs() <= 0.8 + 1e-6));
        assert!(
            (l[5_000] - original[5_000]).abs() < 1e-6,
            "far from the peak: untouched"
        );
        // Smooth: no gain step larger than a fraction of a dB between neighbouring frames.
        let max_step = |v: &[f32]| {
            v.windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .fold(0.0f32, f32::max)
        };
        assert!(
            max_step(&l) <= max_step(&original),
            "{} > {}",
            max_step(&l),
            max_step(&original)
        );
    }

    #[test]
    fn the_curve_made_in_stretches_is_the_limited_signal() {
        let sr = 48_000u32;
        let l: Vec<f32> = (0..30_000)
            .map(|i| {
                (i as f32 * 0.05).sin()
                    * if (10_000..12_000).contains(&i) {
                        1.5
                    } else {
                        0.3
                    }
            })
            .collect();
        let r: Vec<f32> = l.iter().map(|v| v * 0.5).collect();
        let gain = 1.3f32;
        let curve = gain_curve(&l, &r, sr, 0.8, gain);
        let (mut al, mut ar) = (l.clone(), r.clone());
        curve.apply(&mut al, &mut ar, gain);
        assert!(al.iter().all(|v| v.abs() <= 0.8 + 1e-6));
        for range in [0..1_000, 9_990..10_517, 29_000..30_000] {
            let (mut fl, mut fr) = (vec![0.0; range.len()], vec![0.0; range.len()]);
            curve.fill([&l, &r], gain, range.clone(), &mut fl, &mut fr);
            assert_eq!((&fl[..], &fr[..]), (&al[range.clone()], &ar[range.clone()]));
            let unity = al[range.clone()]
                .iter()
                .zip(&l[range.clone()])
                .all(|(a, x)| *a == x * gain);
            assert_eq!(curve.unity_over(range.clone()), unity, "{range:?}");
        }
    }
}
