//! Fades at the very start and end of a cue, so nothing clicks when a player starts or stops it.

/// Raised-cosine fade-in over the first `fade_in` frames and fade-out over the last `fade_out`.
pub fn apply_fades(left: &mut [f32], right: &mut [f32], fade_in: usize, fade_out: usize) {
    let n = left.len().min(right.len());
    let curve = |i: usize, len: usize| {
        let x = (i as f32 + 0.5) / len as f32;
        0.5 - 0.5 * (std::f32::consts::PI * x).cos()
    };
    let fade_in = fade_in.min(n);
    for i in 0..fade_in {
        let g = curve(i, fade_in);
        left[i] *= g;
        right[i] *= g;
    }
    let fade_out = fade_out.min(n);
    for i in 0..fade_out {
        let g = curve(i, fade_out);
        left[n - 1 - i] *= g;
        right[n - 1 - i] *= g;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_reach_zero_and_the_middle_is_untouched() {
        let mut l = vec![1.0f32; 1000];
        let mut r = vec![1.0f32; 1000];
        apply_fades(&mut l, &mut r, 100, 200);
        assert!(l[0] < 0.001 && l[999] < 0.001);
        assert_eq!(l[500], 1.0);
        assert!(l.windows(2).all(|w| (w[1] - w[0]).abs() < 0.02));
    }
}
