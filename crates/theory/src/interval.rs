//! Intervals as diatonic steps plus semitones, so a major third (2 steps, 4 semitones) and a
//! diminished fourth (3 steps, 4 semitones) stay different, as notation requires.

use crate::pitch::Pitch;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// Diatonic steps (0 = unison, 4 = fifth, 7 = octave); negative for descending.
    pub steps: i8,
    /// Chromatic size in semitones, same sign as `steps` (or zero).
    pub semitones: i8,
}

impl Interval {
    pub const UNISON: Interval = Interval::new(0, 0);
    pub const AUGMENTED_UNISON: Interval = Interval::new(0, 1);
    pub const MINOR_SECOND: Interval = Interval::new(1, 1);
    pub const MAJOR_SECOND: Interval = Interval::new(1, 2);
    pub const MINOR_THIRD: Interval = Interval::new(2, 3);
    pub const MAJOR_THIRD: Interval = Interval::new(2, 4);
    pub const PERFECT_FOURTH: Interval = Interval::new(3, 5);
    pub const TRITONE: Interval = Interval::new(3, 6);
    pub const PERFECT_FIFTH: Interval = Interval::new(4, 7);
    pub const MINOR_SIXTH: Interval = Interval::new(5, 8);
    pub const MAJOR_SIXTH: Interval = Interval::new(5, 9);
    pub const MINOR_SEVENTH: Interval = Interval::new(6, 10);
    pub const MAJOR_SEVENTH: Interval = Interval::new(6, 11);
    pub const OCTAVE: Interval = Interval::new(7, 12);
    pub const DIMINISHED_FIFTH: Interval = Interval::new(4, 6);
    pub const AUGMENTED_FIFTH: Interval = Interval::new(4, 8);
    pub const DIMINISHED_SEVENTH: Interval = Interval::new(6, 9);
    pub const MAJOR_NINTH: Interval = Interval::new(8, 14);

    pub const fn new(steps: i8, semitones: i8) -> Self {
        Interval { steps, semitones }
    }

    /// The interval from `a` up (or down) to `b`.
    pub fn between(a: Pitch, b: Pitch) -> Interval {
        Interval::new(
            (b.diatonic_index() - a.diatonic_index()) as i8,
            (b.midi() - a.midi()) as i8,
        )
    }

    /// The same interval in the other direction.
    pub fn inverted(self) -> Interval {
        Interval::new(-self.steps, -self.semitones)
    }

    /// True for unisons, fourths, fifths and octaves (and compounds) of perfect quality.
    pub fn is_perfect_consonance(self) -> bool {
        matches!(self.semitones.rem_euclid(12), 0 | 7)
    }

    /// A short quality name such as `M3`, `P5`, `A4`, `d7`.
    pub fn name(self) -> String {
        let steps = self.steps.unsigned_abs() as i32;
        let semis = self.semitones.unsigned_abs() as i32;
        let simple = steps % 7;
        let octs = steps / 7;
        let base = [0, 2, 4, 5, 7, 9, 11][simple as usize] + 12 * octs;
        let diff = semis - base;
        let perfect = matches!(simple, 0 | 3 | 4);
        let quality = match (perfect, diff) {
            (true, 0) => "P".to_string(),
            (false, 0) => "M".to_string(),
            (false, -1) => "m".to_string(),
            (true, d) if d > 0 => "A".repeat(d as usize),
            (false, d) if d > 0 => "A".repeat(d as usize),
            (true, d) => "d".repeat((-d) as usize),
            (false, d) => "d".repeat((-d - 1) as usize),
        };
        format!(
            "{}{}{}",
            if self.steps < 0 { "-" } else { "" },
            quality,
            steps + 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_distinguish_enharmonic_intervals() {
        assert_eq!(Interval::MAJOR_THIRD.name(), "M3");
        assert_eq!(Interval::new(3, 4).name(), "d4");
        assert_eq!(Interval::TRITONE.name(), "A4");
        assert_eq!(Interval::new(4, 6).name(), "d5");
        assert_eq!(Interval::MINOR_SEVENTH.name(), "m7");
        assert_eq!(Interval::OCTAVE.name(), "P8");
        assert_eq!(Interval::new(6, 9).name(), "d7");
        assert_eq!(Interval::PERFECT_FIFTH.inverted().name(), "-P5");
    }

    #[test]
    fn between_measures_steps_and_semitones() {
        let c = Pitch::parse("C4").unwrap();
        let eb = Pitch::parse("Eb4").unwrap();
        let ds = Pitch::parse("D#4").unwrap();
        assert_eq!(Interval::between(c, eb), Interval::MINOR_THIRD);
        assert_eq!(Interval::between(c, ds), Interval::new(1, 3));
        assert_eq!(Interval::between(eb, c), Interval::MINOR_THIRD.inverted());
    }

    #[test]
    fn perfect_consonances() {
        assert!(Interval::PERFECT_FIFTH.is_perfect_consonance());
        assert!(Interval::new(11, 19).is_perfect_consonance());
        assert!(!Interval::MAJOR_THIRD.is_perfect_consonance());
    }
}
