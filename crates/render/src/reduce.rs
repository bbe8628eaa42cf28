//! Reductions over whole cues (peaks and sums), written in eight independent lanes.
//!
//! A plain `fold` that takes the running maximum or sum of a long signal is one serial chain:
//! each step waits for the previous one (about four cycles a sample), and the compiler may not
//! reorder floating-point sums or maxima to break it. Mastering runs several such passes over
//! every cue (compressor and limiter peaks, the true-peak scan, mean and RMS), and together they
//! cost more than the arithmetic they guard. Eight running values, one per lane, let the chains
//! overlap and the loop compile to vector code.
//!
//! Maxima are exact whatever the order, so [`peak_abs`] gives exactly what the serial fold
//! gives; sums in `f64` differ from a serial sum only in the last bits.

const LANES: usize = 8;

/// The largest absolute value of `x` (0 for an empty slice); NaNs are ignored, as by
/// `f32::max`.
pub fn peak_abs(x: &[f32]) -> f32 {
    let mut lanes = [0.0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            lanes[k] = lanes[k].max(chunk[k].abs());
        }
    }
    let tail = chunks
        .remainder()
        .iter()
        .fold(0.0f32, |m, v| m.max(v.abs()));
    lanes.iter().fold(tail, |m, v| m.max(*v))
}

/// The sum of `x`, in `f64`.
pub fn sum(x: &[f32]) -> f64 {
    let mut lanes = [0.0f64; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            lanes[k] += chunk[k] as f64;
        }
    }
    let tail: f64 = chunks.remainder().iter().map(|v| *v as f64).sum();
    lanes.iter().sum::<f64>() + tail
}

/// The sum of the squares of `x`, in `f64`.
pub fn sum_squares(x: &[f32]) -> f64 {
    let mut lanes = [0.0f64; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            let v = chunk[k] as f64;
            lanes[k] += v * v;
        }
    }
    let tail: f64 = chunks
        .remainder()
        .iter()
        .map(|v| (*v as f64) * (*v as f64))
        .sum();
    lanes.iter().sum::<f64>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_peak_is_exactly_the_serial_fold(x in prop::collection::vec(-10.0f32..10.0, 0..100)) {
            prop_assert_eq!(peak_abs(&x), x.iter().fold(0.0f32, |m, v| m.max(v.abs())));
        }

        #[test]
        fn sums_agree_with_serial_sums(x in prop::collection::vec(-10.0f32..10.0, 0..100)) {
            let serial: f64 = x.iter().map(|v| *v as f64).sum();
            let squares: f64 = x.iter().map(|v| (*v as f64).powi(2)).sum();
            prop_assert!((sum(&x) - serial).abs() <= 1e-9 * (1.0 + serial.abs()));
            prop_assert!((sum_squares(&x) - squares).abs() <= 1e-9 * (1.0 + squares));
        }
    }

    #[test]
    fn nan_is_ignored_like_f32_max() {
        let x = [0.5, f32::NAN, -0.75, 0.1, 0.0, 0.2, 0.3, 0.4, f32::NAN];
        assert_eq!(peak_abs(&x), 0.75);
        assert_eq!(peak_abs(&[]), 0.0);
    }
}
