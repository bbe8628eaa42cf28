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

#[cfg(test)]
mod tests {
    use super::*;

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
