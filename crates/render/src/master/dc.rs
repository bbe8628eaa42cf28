//! DC removal: a first-order high-pass at a few hertz, run forwards over the whole mix.
//!
//! Synthesised waveforms and asymmetric envelopes leave a small offset that wastes headroom and
//! makes edits click; 5 Hz is far below any musical content.

/// Removes DC from a stereo signal in place (one-pole/one-zero high-pass, cut-off `cutoff_hz`):
/// `y[n] = x[n] - x[n-1] + r y[n-1]`.
///
/// Each step of that recursion waits for the last (a multiply and an add, about eight cycles a
/// sample), so it runs two frames per step, `y[n+1] = (x[n+1] - x[n]) + r (x[n] - x[n-1]) +
/// r² y[n-1]`, with both channels in the same loop: four chains side by side, at about a quarter
/// of the time per frame (the filter's output differs from the one-step form in the last bits
/// only).
pub fn remove_dc(left: &mut [f32], right: &mut [f32], sample_rate: u32, cutoff_hz: f32) {
    let r = (-2.0 * std::f32::consts::PI * cutoff_hz / sample_rate as f32).exp();
    let r2 = r * r;
    let n = left.len().min(right.len());
    // Per channel: the last input and output.
    let (mut xl, mut yl, mut xr, mut yr) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    let pairs = left[..n]
        .chunks_exact_mut(2)
        .zip(right[..n].chunks_exact_mut(2));
    for (l, rt) in pairs {
        let (l0, l1) = (l[0] - xl, l[1] - l[0]);
        let (r0, r1) = (rt[0] - xr, rt[1] - rt[0]);
        xl = l[1];
        xr = rt[1];
        let (ly0, ly1) = (l0 + r * yl, (l1 + r * l0) + r2 * yl);
        let (ry0, ry1) = (r0 + r * yr, (r1 + r * r0) + r2 * yr);
        (l[0], l[1], rt[0], rt[1]) = (ly0, ly1, ry0, ry1);
        (yl, yr) = (ly1, ry1);
    }
    // The odd frame at the end, and whatever one channel has beyond the other.
    let one_step = |x: &mut [f32], mut x1: f32, mut y1: f32| {
        for s in x.iter_mut() {
            let y = *s - x1 + r * y1;
            x1 = *s;
            y1 = y;
            *s = y;
        }
    };
    let even = n - n % 2;
    one_step(&mut left[even..], xl, yl);
    one_step(&mut right[even..], xr, yr);
}

/// Subtracts a signal's mean, weighted by a window that is flat in the middle and tapers to zero
/// over the first and last 10 ms (so silent ends stay silent), scaled so the mean becomes zero.
pub fn remove_mean(samples: &mut [f32]) {
    let n = samples.len();
    if n < 2 {
        return;
    }
    // The tapers (at most a quarter of the signal each) never meet.
    let taper = (n / 4).clamp(1, 480);
    let weight =
        |edge: usize| 0.5 - 0.5 * (std::f64::consts::PI * edge as f64 / taper as f64).cos();
    let mean = crate::reduce::sum(samples) / n as f64;
    let taper_sum: f64 = (0..taper).map(weight).sum();
    let mean_weight = ((n - 2 * taper) as f64 + 2.0 * taper_sum) / n as f64;
    if mean.abs() < 1e-9 || mean_weight <= 0.0 {
        return;
    }
    let k = mean / mean_weight;
    for edge in 0..taper {
        let d = (k * weight(edge)) as f32;
        samples[edge] -= d;
        samples[n - 1 - edge] -= d;
    }
    let flat = k as f32;
    for x in &mut samples[taper..n - taper] {
        *x -= flat;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_frames_a_step_is_the_one_step_filter() {
        let sr = 48_000;
        let r = (-2.0 * std::f32::consts::PI * 5.0 / sr as f32).exp();
        // Odd lengths and unequal channels too.
        for (nl, nr) in [(10_001, 10_001), (10_000, 9_997), (1, 0)] {
            let x: Vec<f32> = (0..nl)
                .map(|i| 0.2 + 0.5 * (i as f32 * 0.031).sin())
                .collect();
            let (mut l, mut rt) = (x.clone(), x[..nr].to_vec());
            remove_dc(&mut l, &mut rt, sr, 5.0);
            let (mut x1, mut y1) = (0.0f32, 0.0f32);
            for (i, v) in x.iter().enumerate() {
                let y = v - x1 + r * y1;
                (x1, y1) = (*v, y);
                assert!((l[i] - y).abs() < 1e-5, "frame {i}: {} vs {y}", l[i]);
                if i < nr {
                    assert_eq!(rt[i], l[i]);
                }
            }
        }
    }

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
        let mut y = x.clone();
        remove_dc(&mut x, &mut y, sr as u32, 5.0);
        assert_eq!(x, y, "both channels get the same filter");
        let tail = &x[sr..];
        let mean = tail.iter().sum::<f32>() / tail.len() as f32;
        let peak = tail.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(mean.abs() < 1e-3, "mean {mean}");
        assert!((peak - 0.5).abs() < 0.01, "peak {peak}");
    }
}
