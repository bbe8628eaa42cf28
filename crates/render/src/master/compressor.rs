//! Bus compression: a gentle "glue" compressor on the whole mix, before loudness normalisation.
//!
//! Feed-forward, stereo-linked, with a smoothed peak detector in the decibel domain (attack and
//! release as one-pole time constants) and a soft knee. The mix is first brought to a reference
//! loudness so one threshold suits every cue whatever its arrangement.

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

/// Compresses a stereo mix in place.
pub fn compress(left: &mut [f32], right: &mut [f32], sample_rate: u32, s: &CompressorSettings) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
