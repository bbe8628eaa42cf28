//! Signal checks used by tests and tools: click detection.
//!
//! The click detector follows the method of the independent evaluation harness (a spike of the
//! second difference far above the local level): a click is a sample-level discontinuity that
//! the ear hears as a tick, which is what seams, voice steals and hard envelope edges produce.

/// Frames where a click occurs in either channel (events closer than 10 ms merged).
///
/// Per channel: e[n] = |x[n+1] - 2 x[n] + x[n-1]|; the local level is the median of e over 5 ms
/// blocks, max-filtered over ±2 blocks (so a genuine attack raises its own threshold); a click is
/// e above 25 × that level and above 0.02.
pub fn clicks(left: &[f32], right: &[f32], sample_rate: u32) -> Vec<usize> {
    let block = ((sample_rate as f64 * 0.005) as usize).max(32);
    let mut events = Vec::new();
    for x in [left, right] {
        if x.len() < 3 {
            continue;
        }
        let e: Vec<f32> = x
            .windows(3)
            .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
            .collect();
        let blocks = e.len() / block;
        if blocks < 3 {
            continue;
        }
        let medians: Vec<f32> = (0..blocks)
            .map(|b| {
                let mut v = e[b * block..(b + 1) * block].to_vec();
                v.sort_by(f32::total_cmp);
                0.5 * (v[block / 2 - 1 + block % 2] + v[block / 2])
            })
            .collect();
        for b in 0..blocks {
            let lo = b.saturating_sub(2);
            let hi = (b + 2).min(blocks - 1);
            let local = medians[lo..=hi].iter().cloned().fold(1e-5f32, f32::max);
            let threshold = (25.0 * local).max(0.02);
            let start = b * block;
            for (i, v) in e[start..start + block].iter().enumerate() {
                if *v > threshold {
                    events.push(start + i + 1);
                }
            }
        }
    }
    events.sort_unstable();
    let gap = (sample_rate as f64 * 0.010) as usize;
    let mut merged: Vec<usize> = Vec::new();
    for p in events {
        if merged.last().is_none_or(|last| p - last > gap) {
            merged.push(p);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_step_in_a_sine_and_nothing_in_a_clean_sine() {
        let sr = 48_000u32;
        let sine: Vec<f32> = (0..sr as usize)
            .map(|i| 0.5 * (i as f32 * 220.0 * std::f32::consts::TAU / sr as f32).sin())
            .collect();
        assert!(clicks(&sine, &sine, sr).is_empty());
        let mut stepped = sine.clone();
        for x in &mut stepped[24_000..] {
            *x += 0.2;
        }
        let found = clicks(&stepped, &sine, sr);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].abs_diff(24_000) <= 1, "{found:?}");
    }
}
