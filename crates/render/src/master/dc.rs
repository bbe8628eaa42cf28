//! DC removal: a first-order high-pass at a few hertz, run forwards over the whole mix.
//!
//! Synthesised waveforms and asymmetric envelopes leave a small offset that wastes headroom and
//! makes edits click; 5 Hz is far below any musical content.

/// Removes DC in place (one-pole/one-zero high-pass, cut-off `cutoff_hz`).
pub fn remove_dc(samples: &mut [f32], sample_rate: u32, cutoff_hz: f32) {
    let r = (-2.0 * std::f32::consts::PI * cutoff_hz / sample_rate as f32).exp();
    let (mut x1, mut y1) = (0.0f32, 0.0f32);
    for s in samples.iter_mut() {
        let y = *s - x1 + r * y1;
        x1 = *s;
        y1 = y;
        *s = y;
    }
}

/// Subtracts a signal's mean, weighted by a window that is flat in the middle and tapers to zero
/// over the first and last 10 ms (so silent ends stay silent), scaled so the mean becomes zero.
pub fn remove_mean(samples: &mut [f32]) {
    let n = samples.len();
    if n < 2 {
        return;
    }
    let taper = (n / 4).clamp(1, 480);
    let weight = |i: usize| {
        let edge = i.min(n - 1 - i);
        if edge >= taper {
            1.0
        } else {
            0.5 - 0.5 * (std::f64::consts::PI * edge as f64 / taper as f64).cos()
        }
    };
    let mean = samples.iter().map(|x| *x as f64).sum::<f64>() / n as f64;
    let mean_weight = (0..n).map(weight).sum::<f64>() / n as f64;
    if mean.abs() < 1e-9 || mean_weight <= 0.0 {
        return;
    }
    let k = mean / mean_weight;
    for (i, x) in samples.iter_mut().enumerate() {
        *x -= (k * weight(i)) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_goes_and_the_ends_stay_put() {
        let mut x: Vec<f32> = (0..48_000)
            .map(|i| 0.001 + 0.3 * (i as f32 * 0.05).sin())
            .collect();
        x[0] = 0.0;
        x[47_999] = 0.0;
        remove_mean(&mut x);
        let mean = x.iter().map(|v| *v as f64).sum::<f64>() / x.len() as f64;
        assert!(mean.abs() < 1e-7, "{mean}");
        assert_eq!((x[0], x[47_999]), (0.0, 0.0));
    }

    #[test]
    fn an_offset_sine_loses_its_offset_and_keeps_its_level() {
        let sr = 48_000;
        let mut x: Vec<f32> = (0..sr * 2)
            .map(|i| 0.3 + 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / sr as f32).sin())
            .collect();
        remove_dc(&mut x, sr as u32, 5.0);
        let tail = &x[sr..];
        let mean = tail.iter().sum::<f32>() / tail.len() as f32;
        let peak = tail.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(mean.abs() < 1e-3, "mean {mean}");
        assert!((peak - 0.5).abs() < 0.01, "peak {peak}");
    }
}
