//! A look-ahead brick-wall limiter, run offline over a whole cue.
//!
//! Because the mastering stage has the whole cue in memory it can look ahead as far as it likes:
//! the required gain per frame (ceiling / peak) is smoothed backwards in time (the gain starts to
//! dip ~1.5 ms *before* a peak, so the peak is never hit with a jump) and forwards (a release of
//! ~80 ms after it). Both passes only ever lower the gain below what each frame needs, so no
//! sample exceeds the ceiling: the limiter is exact on samples, and the ceiling sits below the
//! true-peak target to cover inter-sample overs.

/// Limits a stereo signal to `ceiling` (linear) in place. Returns the largest gain reduction in dB.
pub fn limit(left: &mut [f32], right: &mut [f32], sample_rate: u32, ceiling: f32) -> f32 {
    let n = left.len().min(right.len());
    if n == 0 {
        return 0.0;
    }
    let mut gain: Vec<f32> = (0..n)
        .map(|i| {
            let peak = left[i].abs().max(right[i].abs());
            if peak > ceiling {
                ceiling / peak
            } else {
                1.0
            }
        })
        .collect();
    let coef = |ms: f32| 1.0 - (-1.0 / (ms * 0.001 * sample_rate as f32)).exp();
    let (attack, release) = (coef(1.5), coef(80.0));
    // Backwards: approach each peak's gain smoothly from the past.
    for i in (0..n - 1).rev() {
        let ahead = gain[i + 1];
        let ramp = ahead + (1.0 - ahead) * attack;
        if ramp < gain[i] {
            gain[i] = ramp;
        }
    }
    // Forwards: recover slowly after it.
    let mut deepest = 1.0f32;
    for i in 1..n {
        let prev = gain[i - 1];
        let ramp = prev + (1.0 - prev) * release;
        if ramp < gain[i] {
            gain[i] = ramp;
        }
        deepest = deepest.min(gain[i]);
    }
    deepest = deepest.min(gain[0]);
    for i in 0..n {
        left[i] *= gain[i];
        right[i] *= gain[i];
    }
    -20.0 * deepest.log10()
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
}
