//! Melodic similarity of two lines, used to keep themes distinct from each other and to check that
//! a cue still states its theme. Lines are compared as interval sequences (transposition-free) and
//! log-ratios of inter-onset intervals (tempo-free) with an edit distance in the spirit of Mongeau &
//! Sankoff (1990): substitutions cost by how far intervals and rhythms differ, insertions cost 1.

/// A line reduced to what recognition depends on: semitone steps and relative rhythm.
#[derive(Debug, Clone, PartialEq)]
pub struct Contour {
    intervals: Vec<i32>,
    rhythm: Vec<f64>,
}

impl Contour {
    /// From MIDI pitches and onsets (any time unit) of a monophonic line.
    pub fn new(pitches: &[i32], onsets: &[f64]) -> Contour {
        let intervals: Vec<i32> = pitches.windows(2).map(|w| w[1] - w[0]).collect();
        let iois: Vec<f64> = onsets.windows(2).map(|w| (w[1] - w[0]).max(1e-6)).collect();
        let mut sorted = iois.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(1.0);
        let rhythm = iois.iter().map(|x| libm::log2(x / median)).collect();
        Contour { intervals, rhythm }
    }

    pub fn len(&self) -> usize {
        self.intervals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }
}

fn substitution(a: &Contour, i: usize, b: &Contour, j: usize) -> f64 {
    let (x, y) = (a.intervals[i], b.intervals[j]);
    let pitch = if x != 0 && y != 0 && x.signum() != y.signum() {
        1.0
    } else {
        ((x - y).abs().min(3)) as f64 / 3.0
    };
    let rhythm = (a.rhythm[i] - b.rhythm[j]).abs().min(1.0);
    0.75 * pitch + 0.25 * rhythm
}

/// The last row of the edit-distance table of `a` against `b`. With `free_start`, a match may begin
/// anywhere in `b` (the first row costs nothing), which is what local search needs.
fn last_row(a: &Contour, b: &Contour, free_start: bool) -> Vec<f64> {
    let m = b.len();
    let mut prev: Vec<f64> = (0..=m)
        .map(|j| if free_start { 0.0 } else { j as f64 })
        .collect();
    let mut cur = vec![0.0; m + 1];
    for i in 1..=a.len() {
        cur[0] = i as f64;
        for j in 1..=m {
            let sub = prev[j - 1] + substitution(a, i - 1, b, j - 1);
            cur[j] = sub.min(prev[j] + 1.0).min(cur[j - 1] + 1.0);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}

/// Global similarity in [0, 1]: 1 - edit distance / longer length.
pub fn similarity(a: &Contour, b: &Contour) -> f64 {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return if n == m { 1.0 } else { 0.0 };
    }
    1.0 - last_row(a, b, false)[m] / n.max(m) as f64
}

/// Best similarity of `needle` anywhere inside `hay` (free ends in `hay`), normalised by the needle.
pub fn local_similarity(needle: &Contour, hay: &Contour) -> f64 {
    if needle.is_empty() {
        return 1.0;
    }
    if hay.is_empty() {
        return 0.0;
    }
    let best = last_row(needle, hay, true)
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    1.0 - best / needle.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_transposed_lines_are_the_same() {
        let p = [60, 62, 64, 65, 67, 65, 64, 62, 60];
        let t: Vec<f64> = (0..9).map(|i| i as f64).collect();
        let up: Vec<i32> = p.iter().map(|x| x + 5).collect();
        let slow: Vec<f64> = t.iter().map(|x| x * 2.0).collect();
        let a = Contour::new(&p, &t);
        assert!((similarity(&a, &Contour::new(&up, &slow)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn inverted_line_is_far() {
        let p = [60, 62, 64, 65, 67, 69, 71, 72];
        let inv: Vec<i32> = p.iter().map(|x| 120 - x).collect();
        let t: Vec<f64> = (0..8).map(|i| i as f64).collect();
        assert!(similarity(&Contour::new(&p, &t), &Contour::new(&inv, &t)) < 0.3);
    }

    #[test]
    fn local_finds_embedded_line() {
        let theme = [67, 64, 65, 62, 60, 64, 67, 72];
        let mut hay = vec![50, 52, 53, 55, 57];
        hay.extend(theme.iter().map(|x| x - 2));
        hay.extend([59, 57, 55]);
        let tt: Vec<f64> = (0..theme.len()).map(|i| i as f64).collect();
        let th: Vec<f64> = (0..hay.len()).map(|i| i as f64).collect();
        let s = local_similarity(&Contour::new(&theme, &tt), &Contour::new(&hay, &th));
        assert!(s > 0.99, "{s}");
    }
}
