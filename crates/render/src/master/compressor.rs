//! Bus compression: a gentle "glue" compressor on the whole mix, before loudness normalisation.
//!
//! Feed-forward, stereo-linked, with a smoothed peak detector in the decibel domain (attack and
//! release as one-pole time constants) and a soft knee. The mix is first brought to a reference
//! loudness so one threshold suits every cue whatever its arrangement.

use crate::reduce::peak_abs;
use rayon::prelude::*;

/// Compressor settings; thresholds in dBFS.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompressorSettings {
    pub threshold_db: f32,
    pub ratio: f32,
    pub knee_db: f32,
    pub attack_ms: f32,
    pub release_ms: f32,
}

impl Default for CompressorSettings {
    fn default() -> Self {
        CompressorSettings {
            threshold_db: -16.0,
            ratio: 2.0,
            knee_db: 6.0,
            attack_ms: 25.0,
            release_ms: 250.0,
        }
    }
}

/// The gain reduction in dB for a level `level_db` (soft knee).
fn reduction_db(level_db: f32, s: &CompressorSettings) -> f32 {
    let over = level_db - s.threshold_db;
    let slope = 1.0 - 1.0 / s.ratio;
    if 2.0 * over <= -s.knee_db {
        0.0
    } else if 2.0 * over >= s.knee_db {
        slope * over
    } else {
        let x = over + s.knee_db / 2.0;
        slope * x * x / (2.0 * s.knee_db)
    }
}

/// Frames per gain update: the detector runs on 16-frame peaks and the gain is interpolated
/// between updates, which keeps the per-frame cost to a multiply (the log/exp per frame cost more
/// than everything else in the master chain).
const HOP: usize = 16;

/// Hops per parallel task when measuring peaks and applying the gain.
const HOPS_PER_TASK: usize = 4096;

/// Compresses a stereo mix in place.
///
/// In three passes, so the two outer ones can run on all cores: the peak of every hop (in
/// parallel), the detector and gain computer over the peaks (the only serial part: one log per
/// hop), then the gain ramps applied (in parallel: each hop's ramp starts from the previous
/// hop's target, so hops do not depend on each other). The samples are those of one serial pass.
pub fn compress(left: &mut [f32], right: &mut [f32], sample_rate: u32, s: &CompressorSettings) {
    let coef = |ms: f32| (-(HOP as f32) / (ms * 0.001 * sample_rate as f32)).exp();
    let (attack, release) = (coef(s.attack_ms), coef(s.release_ms));
    let n = left.len().min(right.len());
    let (left, right) = (&mut left[..n], &mut right[..n]);
    let peaks: Vec<f32> = left
        .par_chunks(HOP * HOPS_PER_TASK)
        .zip(right.par_chunks(HOP * HOPS_PER_TASK))
        .flat_map_iter(|(l, r)| {
            l.chunks(HOP)
                .zip(r.chunks(HOP))
                .map(|(l, r)| peak_abs(l).max(peak_abs(r)).max(1e-9))
        })
        .collect();
    let mut env_db = -120.0f32;
    let targets: Vec<f32> = peaks
        .iter()
        .map(|peak| {
            let level_db = 20.0 * peak.log10();
            let c = if level_db > env_db { attack } else { release };
            env_db = level_db + c * (env_db - level_db);
            match reduction_db(env_db, s) {
                0.0 => 1.0, // what 10^(-0/20) gives, without the power
                db => 10f32.powf(-db / 20.0),
            }
        })
        .collect();
    left.par_chunks_mut(HOP * HOPS_PER_TASK)
        .zip(right.par_chunks_mut(HOP * HOPS_PER_TASK))
        .enumerate()
        .for_each(|(task, (l, r))| {
            let first = task * HOPS_PER_TASK;
            let hops = l.chunks_mut(HOP).zip(r.chunks_mut(HOP));
            for (h, (l, r)) in (first..).zip(hops) {
                let target = targets[h];
                let mut gain = if h == 0 { 1.0 } else { targets[h - 1] };
                let step = (target - gain) / l.len() as f32;
                for (l, r) in l.iter_mut().zip(r.iter_mut()) {
                    gain += step;
                    *l *= gain;
                    *r *= gain;
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compressor as one serial pass, as it was first written.
    fn serial(left: &mut [f32], right: &mut [f32], sample_rate: u32, s: &CompressorSettings) {
        let coef = |ms: f32| (-(HOP as f32) / (ms * 0.001 * sample_rate as f32)).exp();
        let (attack, release) = (coef(s.attack_ms), coef(s.release_ms));
        let mut env_db = -120.0f32;
        let mut gain = 1.0f32;
        let n = left.len().min(right.len());
        let mut start = 0;
        while start < n {
            let end = (start + HOP).min(n);
            let peak = left[start..end]
                .iter()
                .chain(&right[start..end])
                .fold(1e-9f32, |m, v| m.max(v.abs()));
            let level_db = 20.0 * peak.log10();
            let c = if level_db > env_db { attack } else { release };
            env_db = level_db + c * (env_db - level_db);
            let target = 10f32.powf(-reduction_db(env_db, s) / 20.0);
            let step = (target - gain) / (end - start) as f32;
            for i in start..end {
                gain += step;
                left[i] *= gain;
                right[i] *= gain;
            }
            gain = target;
            start = end;
        }
    }

    #[test]
    fn the_parallel_passes_give_the_samples_of_one_serial_pass() {
        let sr = 48_000;
        // Several tasks' worth, not a whole number of hops, loud and quiet stretches.
        let n = HOP * HOPS_PER_TASK * 3 + 5;
        let signal = |phase: f32| -> Vec<f32> {
            (0..n)
                .map(|i| {
                    let t = i as f32 / sr as f32;
                    let swell = if (t * 0.7).fract() < 0.5 { 0.9 } else { 0.05 };
                    swell * (t * 220.0 * std::f32::consts::TAU + phase).sin()
                })
                .collect()
        };
        let (mut l1, mut r1) = (signal(0.0), signal(1.0));
        let (mut l2, mut r2) = (l1.clone(), r1.clone());
        let s = CompressorSettings::default();
        serial(&mut l1, &mut r1, sr as u32, &s);
        compress(&mut l2, &mut r2, sr as u32, &s);
        assert!(l1 != signal(0.0), "the test signal is compressed");
        assert!(l1 == l2 && r1 == r2);
    }

    #[test]
    fn loud_passages_are_turned_down_and_quiet_ones_left_alone() {
        let s = CompressorSettings::default();
        assert_eq!(reduction_db(-40.0, &s), 0.0);
        assert!(
            (reduction_db(-6.0, &s) - 5.0).abs() < 1e-4,
            "10 dB over at 2:1 = 5 dB"
        );
        let sr = 48_000;
        let mut l: Vec<f32> = (0..sr)
            .map(|i| if i < sr / 2 { 0.01 } else { 0.9 })
            .collect();
        let mut r = l.clone();
        compress(&mut l, &mut r, sr as u32, &s);
        assert!((l[sr / 4] - 0.01).abs() < 1e-4);
        assert!(l[sr - 1] < 0.6, "{}", l[sr - 1]);
    }
}
