//! Key finding by the Krumhansl-Schmuckler method: correlate a duration-weighted pitch-class
//! distribution with the Krumhansl-Kessler probe-tone profiles of all 24 major and minor keys.
//! The composer uses it to keep themes and cues unmistakably in their key; tests use it to check.

/// Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
const MAJOR_PROFILE: [f64; 12] = [
    6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88,
];
const MINOR_PROFILE: [f64; 12] = [
    6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17,
];

/// The best-matching key: tonic pitch class (0 = C), whether minor, and the correlation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyEstimate {
    pub tonic: i32,
    pub minor: bool,
    pub correlation: f64,
}

fn correlation(a: &[f64; 12], b: &[f64; 12]) -> f64 {
    let ma = a.iter().sum::<f64>() / 12.0;
    let mb = b.iter().sum::<f64>() / 12.0;
    let (mut num, mut da, mut db) = (0.0, 0.0, 0.0);
    for i in 0..12 {
        num += (a[i] - ma) * (b[i] - mb);
        da += (a[i] - ma).powi(2);
        db += (b[i] - mb).powi(2);
    }
    if da == 0.0 || db == 0.0 {
        0.0
    } else {
        num / (da * db).sqrt()
    }
}

/// Estimates the key of a weighted pitch-class distribution (index 0 = C).
pub fn estimate_key(distribution: &[f64; 12]) -> KeyEstimate {
    let mut best = KeyEstimate {
        tonic: 0,
        minor: false,
        correlation: f64::NEG_INFINITY,
    };
    for tonic in 0..12 {
        for (minor, profile) in [(false, &MAJOR_PROFILE), (true, &MINOR_PROFILE)] {
            let mut rotated = [0.0; 12];
            for (pc, slot) in rotated.iter_mut().enumerate() {
                *slot = profile[(pc + 12 - tonic) % 12];
            }
            let r = correlation(distribution, &rotated);
            if r > best.correlation {
                best = KeyEstimate {
                    tonic: tonic as i32,
                    minor,
                    correlation: r,
                };
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_found_in_their_key() {
        // D major scale with a long tonic triad
        let mut d = [0.0; 12];
        for (pc, w) in [
            (2, 4.0),
            (4, 1.0),
            (6, 3.0),
            (7, 1.0),
            (9, 3.0),
            (11, 1.0),
            (1, 1.0),
        ] {
            d[pc] = w;
        }
        let k = estimate_key(&d);
        assert_eq!((k.tonic, k.minor), (2, false));
        // A minor triad with its scale
        let mut a = [0.0; 12];
        for (pc, w) in [
            (9, 4.0),
            (0, 3.0),
            (4, 3.0),
            (11, 1.0),
            (2, 1.0),
            (5, 1.0),
            (7, 0.5),
        ] {
            a[pc] = w;
        }
        let k = estimate_key(&a);
        assert_eq!((k.tonic, k.minor), (9, true));
    }
}
