//! Loudness measurement (EBU R128 / ITU-R BS.1770-4 integrated loudness).
//!
//! [`KMeter`] is the mastering stage's own meter: the K-weighting filter (the same two biquads,
//! with the same coefficients, as libebur128 and the `ebur128` crate) run once over the signal
//! (both channels side by side, stretches of 20 s in parallel), keeping the filtered energy and
//! the filter state of every 100 ms; the gating is
//! then arithmetic on those energies. It can re-measure the signal after a gain and a limiter
//! without filtering it again: where the limiter and fades left the signal at exactly `gain`
//! times the original, the energy is `gain²` times the stored one, so only the stretches the
//! limiter touched (and the filter's settling after them) are filtered again. Mastering measured
//! every limiting round in full with `ebur128` before, a tenth of a whole render's time.
//!
//! [`measure`] (the `ebur128` crate) stays as the independent reference the tests compare with.

use ebur128::{EbuR128, Mode};
use fundsp::wide::f64x2;
use rayon::prelude::*;

/// What the meter read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Integrated loudness in LUFS (`-inf` for silence).
    pub integrated_lufs: f64,
    /// True peak in dBTP (4× oversampled), when asked for.
    pub true_peak_dbtp: Option<f64>,
}

/// Measures a stereo signal. True peak costs a 4× oversampling pass, so it is optional.
pub fn measure(left: &[f32], right: &[f32], sample_rate: u32, true_peak: bool) -> Reading {
    let mode = if true_peak {
        Mode::I | Mode::TRUE_PEAK
    } else {
        Mode::I
    };
    // Both constructor and add_frames fail only for invalid channel counts or rates, which the
    // renderer never produces; a failure reads as silence rather than aborting a render.
    let Ok(mut meter) = EbuR128::new(2, sample_rate, mode) else {
        return silence();
    };
    const CHUNK: usize = 1 << 16;
    for (l, r) in left.chunks(CHUNK).zip(right.chunks(CHUNK)) {
        if meter.add_frames_planar_f32(&[l, r]).is_err() {
            return silence();
        }
    }
    let integrated_lufs = meter.loudness_global().unwrap_or(f64::NEG_INFINITY);
    let true_peak_dbtp = true_peak.then(|| {
        let peak = (0..2)
            .filter_map(|c| meter.true_peak(c).ok())
            .fold(0.0f64, f64::max);
        20.0 * peak.max(1e-12).log10()
    });
    Reading {
        integrated_lufs,
        true_peak_dbtp,
    }
}

/// The K-weighting filter of BS.1770 (a high shelf, then the RLB high-pass) as two biquads,
/// `b` numerators and `a` denominators (a0 = 1), with libebur128's coefficients.
#[derive(Debug, Clone, Copy)]
struct KFilter {
    shelf: ([f64; 3], [f64; 2]),
    highpass: ([f64; 3], [f64; 2]),
}

impl KFilter {
    #[allow(non_snake_case)]
    fn new(rate: f64) -> KFilter {
        let (f0, G, Q) = (1681.974450955533, 3.999843853973347, 0.7071752369554196);
        let K = (std::f64::consts::PI * f0 / rate).tan();
        let Vh = 10f64.powf(G / 20.0);
        let Vb = Vh.powf(0.4996667741545416);
        let a0 = 1.0 + K / Q + K * K;
        let shelf = (
            [
                (Vh + Vb * K / Q + K * K) / a0,
                2.0 * (K * K - Vh) / a0,
                (Vh - Vb * K / Q + K * K) / a0,
            ],
            [2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0],
        );
        let (f0, Q) = (38.13547087602444, 0.5003270373238773);
        let K = (std::f64::consts::PI * f0 / rate).tan();
        let a0 = 1.0 + K / Q + K * K;
        let highpass = (
            [1.0, -2.0, 1.0],
            [2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0],
        );
        KFilter { shelf, highpass }
    }

    /// Filters a stereo stretch from `state` (the two biquads' direct-form-II-transposed
    /// states, left then right), returning each channel's sum of squares of the output. The two
    /// channels run in the two lanes of a SIMD vector (each lane does the scalar loop's
    /// arithmetic in its order, so the figures are the same as filtering each channel alone, at
    /// half the instructions), and each state update adds the input term first, which keeps the
    /// multiply by the new output, the only part that has to wait, last.
    #[inline]
    fn energy(&self, left: &[f32], right: &[f32], state: &mut [f64; 8]) -> (f64, f64) {
        let both = |v: f64| f64x2::splat(v);
        let ([b0, b1, b2], [a1, a2]) = self.shelf;
        let ([c0, c1, c2], [d1, d2]) = self.highpass;
        let (b0, b1, b2, a1, a2) = (both(b0), both(b1), both(b2), both(a1), both(a2));
        let (c0, c1, c2, d1, d2) = (both(c0), both(c1), both(c2), both(d1), both(d2));
        let [ls1, ls2, lt1, lt2, rs1, rs2, rt1, rt2] = *state;
        let pair = |l: f64, r: f64| f64x2::new([l, r]);
        let (mut s1, mut s2) = (pair(ls1, rs1), pair(ls2, rs2));
        let (mut t1, mut t2) = (pair(lt1, rt1), pair(lt2, rt2));
        let mut sum = f64x2::splat(0.0);
        for (l, r) in left.iter().zip(right) {
            let v = pair(*l as f64, *r as f64);
            let y = b0 * v + s1;
            s1 = (b1 * v + s2) - a1 * y;
            s2 = b2 * v - a2 * y;
            let z = c0 * y + t1;
            t1 = (c1 * y + t2) - d1 * z;
            t2 = c2 * y - d2 * z;
            sum += z * z;
        }
        let ([ls1, rs1], [ls2, rs2]) = (s1.to_array(), s2.to_array());
        let ([lt1, rt1], [lt2, rt2]) = (t1.to_array(), t2.to_array());
        *state = [ls1, ls2, lt1, lt2, rs1, rs2, rt1, rt2];
        // Flush denormals: a long silence must not slow the next pass down.
        for s in state.iter_mut() {
            if s.abs() < 1e-30 {
                *s = 0.0;
            }
        }
        let [sum_l, sum_r] = sum.to_array();
        (sum_l, sum_r)
    }
}

/// One parallel task's measurements: left and right energy, and filter states, per 100 ms.
type Stretch = (Vec<f64>, Vec<f64>, Vec<[f64; 8]>);

/// Stretches of 100 ms measured per parallel task.
const CHUNK_HOPS: usize = 200;
/// The filter runs this many stretches of 100 ms before a task's first one, from silence, so
/// its state there is the state the whole signal leads to: the K-weighting's slowest part (the
/// 38 Hz high-pass) forgets its start within a few tens of milliseconds.
const WARMUP_HOPS: usize = 5;

/// An EBU R128 integrated-loudness meter that keeps what it measured of one signal, so the same
/// signal after a gain and some local changes (limiting, fades) can be measured again cheaply
/// ([`KMeter::integrated_after`]).
#[derive(Debug, Clone)]
pub struct KMeter {
    filter: KFilter,
    /// Frames per 100 ms (rounded as libebur128 does).
    hop: usize,
    /// K-weighted energy of each whole 100 ms, per channel.
    energy: [Vec<f64>; 2],
    /// The filter state at the start of each 100 ms.
    state: Vec<[f64; 8]>,
}

/// -70 LUFS, the absolute gate, as a block energy.
fn absolute_gate() -> f64 {
    10f64.powf((-70.0 + 0.691) / 10.0)
}

/// Integrated loudness from per-channel energies per 100 ms: 400 ms blocks every 100 ms, the
/// absolute gate at -70 LUFS, the relative gate 10 LU under the mean of the blocks above it.
fn gated_loudness(left: &[f64], right: &[f64], hop: usize) -> f64 {
    let n = left.len().min(right.len());
    if n < 4 {
        return f64::NEG_INFINITY;
    }
    let per_block = (4 * hop) as f64;
    let blocks: Vec<f64> = (3..n)
        .map(|j| {
            (left[j - 3..=j].iter().sum::<f64>() + right[j - 3..=j].iter().sum::<f64>()) / per_block
        })
        .filter(|e| *e >= absolute_gate())
        .collect();
    if blocks.is_empty() {
        return f64::NEG_INFINITY;
    }
    let relative = blocks.iter().sum::<f64>() / blocks.len() as f64 * 0.1;
    let (sum, count) = blocks
        .iter()
        .filter(|e| **e >= relative)
        .fold((0.0, 0usize), |(s, c), e| (s + e, c + 1));
    if count == 0 {
        return f64::NEG_INFINITY;
    }
    10.0 * (sum / count as f64).log10() - 0.691
}

impl KMeter {
    /// Measures a stereo signal, in parallel stretches of 20 s (see [`WARMUP_HOPS`]).
    pub fn new(left: &[f32], right: &[f32], sample_rate: u32) -> KMeter {
        let filter = KFilter::new(sample_rate.max(1) as f64);
        let hop = ((sample_rate as usize + 5) / 10).max(1);
        let hops = left.len().min(right.len()) / hop;
        let firsts: Vec<usize> = (0..hops).step_by(CHUNK_HOPS).collect();
        let parts: Vec<Stretch> = firsts
            .par_iter()
            .map(|&first| {
                let mut state = [0.0f64; 8];
                let warm = first.saturating_sub(WARMUP_HOPS) * hop..first * hop;
                filter.energy(&left[warm.clone()], &right[warm], &mut state);
                let last = (first + CHUNK_HOPS).min(hops);
                let mut part = (Vec::new(), Vec::new(), Vec::new());
                for j in first..last {
                    let range = j * hop..(j + 1) * hop;
                    part.2.push(state);
                    let (l, r) = filter.energy(&left[range.clone()], &right[range], &mut state);
                    part.0.push(l);
                    part.1.push(r);
                }
                part
            })
            .collect();
        let mut meter = KMeter {
            filter,
            hop,
            energy: [Vec::with_capacity(hops), Vec::with_capacity(hops)],
            state: Vec::with_capacity(hops),
        };
        for (l, r, s) in parts {
            meter.energy[0].extend(l);
            meter.energy[1].extend(r);
            meter.state.extend(s);
        }
        meter
    }

    /// Integrated loudness in LUFS (`-inf` for silence or audio shorter than 400 ms).
    pub fn integrated(&self) -> f64 {
        gated_loudness(&self.energy[0], &self.energy[1], self.hop)
    }

    /// The integrated loudness of `after`, a version of the measured signal that is exactly
    /// `original * gain` (in `f32`, as [`scale`](super) computes it) except in some places.
    /// Stretches of 100 ms equal to the scaled original reuse the stored energy times `gain²`;
    /// the others, and those after them until the filter state is back within a relative 1e-5
    /// of the scaled original's (it never matches exactly: the scaled signal was rounded to
    /// `f32`), are filtered again. `original` must be the signal this meter measured.
    pub fn integrated_after(&self, original: [&[f32]; 2], after: [&[f32]; 2], gain: f32) -> f64 {
        self.remeasure(original, after, gain).0
    }

    /// [`integrated_after`](Self::integrated_after), and how many stretches of 100 ms it
    /// filtered again.
    fn remeasure(&self, original: [&[f32]; 2], after: [&[f32]; 2], gain: f32) -> (f64, usize) {
        // Exactly the scaled original? (No early exit: the loop vectorises.)
        let unchanged = |x: &[f32], y: &[f32]| {
            x.iter()
                .zip(y)
                .fold(true, |same, (a, b)| same & (*a * gain == *b))
        };
        self.remeasure_with(
            gain,
            |range| {
                unchanged(&original[0][range.clone()], &after[0][range.clone()])
                    && unchanged(&original[1][range.clone()], &after[1][range])
            },
            |range, l, r| {
                l.copy_from_slice(&after[0][range.clone()]);
                r.copy_from_slice(&after[1][range]);
            },
        )
    }

    /// The integrated loudness of a signal that is never made whole: `unchanged(range)` says
    /// whether frames `range` are exactly the measured signal times `gain` (in `f32`), and
    /// `fill(range, left, right)` writes frames `range` of it. Only the changed stretches of
    /// 100 ms (and the filter's settling after them) are made and filtered, 100 ms at a time.
    pub fn integrated_with(
        &self,
        gain: f32,
        unchanged: impl Fn(std::ops::Range<usize>) -> bool + Sync,
        fill: impl Fn(std::ops::Range<usize>, &mut [f32], &mut [f32]) + Sync,
    ) -> f64 {
        self.remeasure_with(gain, unchanged, fill).0
    }

    /// The parallel stretches are those of [`KMeter::new`], each run in from [`WARMUP_HOPS`]
    /// earlier as if the signal were in step with the scaled original there: the filter has
    /// forgotten any difference long before the stretch starts, so the figures are those of one
    /// pass over the whole signal to well within a millionth of a LU.
    fn remeasure_with(
        &self,
        gain: f32,
        unchanged: impl Fn(std::ops::Range<usize>) -> bool + Sync,
        fill: impl Fn(std::ops::Range<usize>, &mut [f32], &mut [f32]) + Sync,
    ) -> (f64, usize) {
        let g = gain as f64;
        let hops = self.state.len();
        let firsts: Vec<usize> = (0..hops).step_by(CHUNK_HOPS).collect();
        let parts: Vec<(Vec<f64>, Vec<f64>, usize)> = firsts
            .par_iter()
            .map(|&first| {
                let last = (first + CHUNK_HOPS).min(hops);
                let mut part = (
                    Vec::with_capacity(last - first),
                    Vec::with_capacity(last - first),
                    0,
                );
                let (mut yl, mut yr) = (vec![0.0f32; self.hop], vec![0.0f32; self.hop]);
                // Some(state): the actual filter state, while it still differs from the scaled
                // one.
                let mut diverged: Option<[f64; 8]> = None;
                for j in first.saturating_sub(WARMUP_HOPS)..last {
                    let range = j * self.hop..(j + 1) * self.hop;
                    let measured = j >= first;
                    if diverged.is_none() && unchanged(range.clone()) {
                        if measured {
                            part.0.push(self.energy[0][j] * g * g);
                            part.1.push(self.energy[1][j] * g * g);
                        }
                        continue;
                    }
                    fill(range, &mut yl, &mut yr);
                    let mut state = diverged.unwrap_or(self.state[j].map(|v| v * g));
                    let (l, r) = self.filter.energy(&yl, &yr, &mut state);
                    if measured {
                        part.0.push(l);
                        part.1.push(r);
                        part.2 += 1;
                    }
                    // Back in step with the scaled original once the states agree.
                    diverged = match self.state.get(j + 1) {
                        Some(next) if same_state(&state, &next.map(|v| v * g)) => None,
                        _ => Some(state),
                    };
                }
                part
            })
            .collect();
        let mut energy = [Vec::with_capacity(hops), Vec::with_capacity(hops)];
        let mut filtered = 0;
        for (l, r, f) in parts {
            energy[0].extend(l);
            energy[1].extend(r);
            filtered += f;
        }
        (gated_loudness(&energy[0], &energy[1], self.hop), filtered)
    }
}

fn same_state(a: &[f64; 8], b: &[f64; 8]) -> bool {
    let scale = b.iter().fold(1e-20f64, |m, v| m.max(v.abs()));
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= scale * 1e-5)
}

fn silence() -> Reading {
    Reading {
        integrated_lufs: f64::NEG_INFINITY,
        true_peak_dbtp: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_scale_1k_sine_reads_about_minus_three_lufs_per_channel_pair() {
        // BS.1770: a 0 dBFS 997 Hz sine in both channels of a stereo pair reads +0.0 LUFS... minus
        // 3.01 dB for one channel; in both channels it is about 0 LUFS. Use -20 dBFS: -20 LUFS.
        let sr = 48_000u32;
        let x: Vec<f32> = (0..sr as usize * 3)
            .map(|i| 0.1 * (i as f32 * 997.0 * std::f32::consts::TAU / sr as f32).sin())
            .collect();
        let r = measure(&x, &x, sr, true);
        assert!(
            (r.integrated_lufs + 20.0).abs() < 0.1,
            "{}",
            r.integrated_lufs
        );
        let tp = r.true_peak_dbtp.unwrap();
        assert!((tp + 20.0).abs() < 0.1, "{tp}");
    }

    /// Music-like test signal: a chord, drum-like bursts, a quiet stretch and silence.
    fn signal(sr: u32, seconds: f32) -> (Vec<f32>, Vec<f32>) {
        let n = (sr as f32 * seconds) as usize;
        let l: Vec<f32> = (0..n)
            .map(|i| {
                let t = i as f32 / sr as f32;
                let level = if t < seconds * 0.3 {
                    0.05
                } else if t < seconds * 0.8 {
                    0.4
                } else {
                    0.0
                };
                let chord: f32 = [110.0, 277.2, 659.3, 3_520.0]
                    .iter()
                    .map(|f| (t * f * std::f32::consts::TAU).sin())
                    .sum();
                let burst =
                    (-(t * 2.0).fract() * 20.0).exp() * (t * 55.0 * std::f32::consts::TAU).sin();
                level * (0.25 * chord + burst)
            })
            .collect();
        let r = l
            .iter()
            .enumerate()
            .map(|(i, x)| x * 0.7 + 0.01 * ((i % 97) as f32 / 97.0 - 0.5))
            .collect();
        (l, r)
    }

    #[test]
    fn the_k_meter_agrees_with_ebur128() {
        // 45 s: three parallel stretches, joined.
        for (sr, seconds) in [(44_100u32, 7.3), (48_000, 45.0), (96_000, 7.3)] {
            let (l, r) = signal(sr, seconds);
            let ours = KMeter::new(&l, &r, sr).integrated();
            let theirs = measure(&l, &r, sr, false).integrated_lufs;
            assert!(
                (ours - theirs).abs() < 0.01,
                "{sr} Hz: ours {ours}, ebur128 {theirs}"
            );
        }
        let silent = vec![0.0f32; 48_000];
        assert_eq!(
            KMeter::new(&silent, &silent, 48_000).integrated(),
            f64::NEG_INFINITY
        );
        let short = vec![0.5f32; 10_000];
        assert_eq!(
            KMeter::new(&short, &short, 48_000).integrated(),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn re_measuring_after_gain_and_local_changes_matches_a_full_measurement() {
        let sr = 48_000;
        let (l, r) = signal(sr, 9.0);
        let meter = KMeter::new(&l, &r, sr);
        let gain = 1.7f32;
        let mut l2: Vec<f32> = l.iter().map(|x| x * gain).collect();
        let mut r2: Vec<f32> = r.iter().map(|x| x * gain).collect();
        // Local changes: a dip (as a limiter makes), a fade at each end.
        for i in 200_000..203_000 {
            l2[i] *= 0.5;
            r2[i] *= 0.6;
        }
        for i in 0..500 {
            l2[i] *= i as f32 / 500.0;
            let k = l2.len() - 1 - i;
            r2[k] *= i as f32 / 500.0;
        }
        let (quick, filtered) = meter.remeasure([&l, &r], [&l2, &r2], gain);
        let full = KMeter::new(&l2, &r2, sr).integrated();
        let reference = measure(&l2, &r2, sr, false).integrated_lufs;
        assert!((quick - full).abs() < 1e-5, "quick {quick}, full {full}");
        // Only around the changes: the dip (one or two stretches of 100 ms and one to settle
        // after it) and each fade (and one after the fade-in) in one channel each.
        assert!(
            (3..=8).contains(&filtered),
            "{filtered} stretches filtered again"
        );
        assert!(
            (quick - reference).abs() < 0.01,
            "quick {quick}, ebur128 {reference}"
        );
        // A long change across a parallel stretch's start (20 s) reads the same too.
        let (l, r) = signal(sr, 45.0);
        let meter = KMeter::new(&l, &r, sr);
        let mut l3: Vec<f32> = l.iter().map(|x| x * gain).collect();
        let mut r3: Vec<f32> = r.iter().map(|x| x * gain).collect();
        for i in 19 * sr as usize..21 * sr as usize {
            l3[i] *= 0.5 + 0.3 * (i as f32 * 1e-3).sin();
            r3[i] *= 0.7;
        }
        let (quick, _) = meter.remeasure([&l, &r], [&l3, &r3], gain);
        let full = KMeter::new(&l3, &r3, sr).integrated();
        assert!((quick - full).abs() < 1e-6, "quick {quick}, full {full}");
        let (l, r) = signal(sr, 9.0);
        let meter = KMeter::new(&l, &r, sr);
        // Untouched, it is the original plus the gain.
        let plain_l: Vec<f32> = l.iter().map(|x| x * gain).collect();
        let plain_r: Vec<f32> = r.iter().map(|x| x * gain).collect();
        let plain = meter.integrated_after([&l, &r], [&plain_l, &plain_r], gain);
        let expected = meter.integrated() + 20.0 * (gain as f64).log10();
        assert!((plain - expected).abs() < 1e-6, "{plain} vs {expected}");
    }
}
