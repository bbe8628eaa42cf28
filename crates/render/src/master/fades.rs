//! Fades at the very start and end of a cue, so nothing clicks when a player starts or stops it.

/// Raised-cosine fade-in over the first `fade_in` frames and fade-out over the last `fade_out`.
pub fn apply_fades(left: &mut [f32], right: &mut [f32], fade_in: usize, fade_out: usize) {
    let n = left.len().min(right.len());
    let curve = fade_curve;
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

/// The raised-cosine fade's gain at frame `i` of a fade `len` frames long (rising).
pub fn fade_curve(i: usize, len: usize) -> f32 {
    let x = (i as f32 + 0.5) / len as f32;
    0.5 - 0.5 * (std::f32::consts::PI * x).cos()
}

/// [`apply_fades`] for frames `start..` of a signal `total` frames long, of which `left` and
/// `right` hold a stretch: the same gains, in the same order. True if any frame was faded.
pub fn apply_fades_at(
    left: &mut [f32],
    right: &mut [f32],
    start: usize,
    total: usize,
    fade_in: usize,
    fade_out: usize,
) -> bool {
    let end = start + left.len().min(right.len());
    let fade_in = fade_in.min(total);
    let fade_out = fade_out.min(total);
    let mut touched = false;
    for i in start..end.min(fade_in) {
        let g = fade_curve(i, fade_in);
        left[i - start] *= g;
        right[i - start] *= g;
        touched = true;
    }
    for i in start.max(total - fade_out)..end {
        let g = fade_curve(total - 1 - i, fade_out);
        left[i - start] *= g;
        right[i - start] *= g;
        touched = true;
    }
    touched
}

/// True if frames `range` of a signal `total` frames long are inside a fade.
pub fn fades_touch(
    range: std::ops::Range<usize>,
    total: usize,
    fade_in: usize,
    fade_out: usize,
) -> bool {
    range.start < fade_in.min(total) || range.end > total - fade_out.min(total)
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
