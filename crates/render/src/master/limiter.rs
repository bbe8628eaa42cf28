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

/// Limits a stereo signal to `ceiling` (linear) in place. Returns the largest gain reduction in dB.
pub fn limit(left: &mut [f32], right: &mut [f32], sample_rate: u32, ceiling: f32) -> f32 {
    let n = left.len().min(right.len());
    if n == 0 {
        return 0.0;
    }
    let blocks = n.div_ceil(HOP);
    // The gain each block needs so its loudest frame meets the ceiling.
    let mut gain: Vec<f32> = (0..blocks)
        .map(|b| {
            let (lo, hi) = (b * HOP, ((b + 1) * HOP).min(n));
            let peak = left[lo..hi]
                .iter()
                .chain(&right[lo..hi])
                .fold(0.0f32, |m, v| m.max(v.abs()));
            if peak > ceiling {
                ceiling / peak
            } else {
                1.0
            }
        })
        .collect();
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
    // Within block b the gain runs linearly between its boundary values, each the smaller of the
    // two blocks meeting there, so it never exceeds what block b needs.
    let boundary = |k: usize| match k {
        0 => gain[0],
        k if k >= blocks => gain[blocks - 1],
        k => gain[k - 1].min(gain[k]),
    };
    for b in 0..blocks {
        let (g0, g1) = (boundary(b), boundary(b + 1));
        if g0 == 1.0 && g1 == 1.0 {
            continue;
        }
        let (lo, hi) = (b * HOP, ((b + 1) * HOP).min(n));
        let step = (g1 - g0) / HOP as f32;
        for (k, i) in (lo..hi).enumerate() {
            let g = g0 + step * k as f32;
            left[i] *= g;
            right[i] *= g;
        }
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
