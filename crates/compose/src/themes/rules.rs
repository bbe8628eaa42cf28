//! The explicit melodic rules a theme candidate is scored by (lower penalty is better): the craft
//! of a singable tune (mostly steps, leaps recovered by step, one climax, a range within about a
//! twelfth, strong beats on chord tones, a characteristic interval) made measurable.

use super::theme::ThemeNote;
use leitmotif_theory::{Chord, Key, Letter, Mode, PitchClass};

/// Semitones above the tonic of each note in the theme's own mode.
pub fn semitones(notes: &[ThemeNote], mode: Mode) -> Vec<i32> {
    notes
        .iter()
        .map(|n| mode.semitones(n.degree.step as i32) + n.degree.alter as i32)
        .collect()
}

/// A breakdown of the penalty, for tests and for `explain`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleReport {
    pub range: i32,
    pub stepwise_share: f64,
    pub leap_ge5: usize,
    pub penalty: f64,
}

/// Scores a candidate against the rules. `chords` gives the implied harmony per 4/4 bar.
pub fn score(notes: &[ThemeNote], chords: &[Chord], mode: Mode, max_range: i32) -> RuleReport {
    let semis = semitones(notes, mode);
    let mut p = 0.0;
    let n = semis.len();
    if n < 12 {
        p += (12 - n) as f64 * 3.0;
    }
    if n > 30 {
        p += (n - 30) as f64 * 2.0;
    }
    let hi = *semis.iter().max().unwrap_or(&0);
    let lo = *semis.iter().min().unwrap_or(&0);
    let range = hi - lo;
    if range < 8 {
        p += (8 - range) as f64 * 2.0;
    }
    if range > max_range {
        p += (range - max_range) as f64 * 3.0;
    }
    let ints: Vec<i32> = semis.windows(2).map(|w| w[1] - w[0]).collect();
    let steps = ints.iter().filter(|i| i.abs() <= 2).count();
    let stepwise_share = steps as f64 / ints.len().max(1) as f64;
    if stepwise_share < 0.64 {
        p += (0.64 - stepwise_share) * 45.0;
    }
    if stepwise_share > 0.88 {
        p += (stepwise_share - 0.88) * 30.0;
    }
    let leap_ge5 = ints.iter().filter(|i| i.abs() >= 5).count();
    if leap_ge5 == 0 {
        p += 4.0; // no characteristic interval at all
    }
    if leap_ge5 as f64 > 0.16 * ints.len() as f64 {
        p += 3.0 + (leap_ge5 as f64 - 0.16 * ints.len() as f64) * 1.5;
    }
    for (k, &iv) in ints.iter().enumerate() {
        if iv.abs() > 9 {
            p += 5.0;
        }
        if iv.abs() == 6 {
            p += 6.0; // melodic tritone
        }
        if iv.abs() >= 5 {
            // a leap wants recovery by step in the other direction
            match ints.get(k + 1) {
                Some(next) if next.signum() == -iv.signum() && next.abs() <= 2 => {}
                Some(_) => p += 2.5,
                None => {}
            }
        }
        if k > 0 && iv.abs() >= 4 && ints[k - 1].abs() >= 4 && iv.signum() == ints[k - 1].signum() {
            p += 2.0; // two big leaps the same way
        }
        if k > 1 && iv == 0 && ints[k - 1] == 0 {
            p += 3.0; // three repeated notes
        }
    }
    // one climax, placed in the second half
    let climax_count = semis.iter().filter(|&&s| s == hi).count();
    p += 2.0 * (climax_count.saturating_sub(1)) as f64;
    let climax_at = semis.iter().position(|&s| s == hi).unwrap_or(0) as f64 / n.max(1) as f64;
    if !(0.4..=0.85).contains(&climax_at) {
        p += 3.0;
    }
    // strong beats on chord tones
    let key = Key::new(PitchClass::new(Letter::C, 0), mode);
    for (note, semi) in notes.iter().zip(&semis) {
        let strong = note.start % 8 == 0 || note.len >= 8;
        if let Some(chord) = chords.get(note.bar()) {
            if strong && !chord.contains_class(key, *semi) {
                p += 2.0;
            }
        }
    }
    // enough pitch variety for a tune (not a drone, not a scale exercise)
    let mut classes = [false; 12];
    for s in &semis {
        classes[s.rem_euclid(12) as usize] = true;
    }
    let variety = classes.iter().filter(|c| **c).count();
    if variety < 5 {
        p += (5 - variety) as f64 * 4.0;
    }
    // the motif (first two bars) needs a characteristic interval of a third or more
    let motif_ints: Vec<i32> = notes
        .iter()
        .zip(&semis)
        .take_while(|(n, _)| n.start < 32)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| w[1] - w[0])
        .collect();
    if !motif_ints.iter().any(|i| i.abs() >= 3) {
        p += 2.0;
    }
    // heard on its own, the tune must be in its own key (not its dominant or relative)
    let mut distribution = [0.0; 12];
    for (note, semi) in notes.iter().zip(&semis) {
        distribution[semi.rem_euclid(12) as usize] += note.len as f64;
    }
    let found = leitmotif_theory::estimate_key(&distribution);
    if found.tonic != 0 || found.minor != mode.is_minor_family() {
        p += 15.0;
    }
    RuleReport {
        range,
        stepwise_share,
        leap_ge5,
        penalty: p,
    }
}
