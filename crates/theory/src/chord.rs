//! Chords written as a root scale degree plus a quality, so a progression is key-free and can be
//! realised in any key like a theme.

use crate::{degree::Degree, interval::Interval, key::Key, pitch::Pitch};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChordQuality {
    Major,
    Minor,
    Diminished,
    Augmented,
    Sus2,
    Sus4,
    Dominant7,
    Major7,
    Minor7,
    HalfDiminished7,
    Diminished7,
    /// Major triad with an added ninth (pop and ballad colour).
    Add9,
    /// Minor triad with an added ninth.
    MinorAdd9,
}

impl ChordQuality {
    /// Intervals above the root, lowest first.
    pub fn intervals(self) -> &'static [Interval] {
        use Interval as I;
        match self {
            ChordQuality::Major => &[I::UNISON, I::MAJOR_THIRD, I::PERFECT_FIFTH],
            ChordQuality::Minor => &[I::UNISON, I::MINOR_THIRD, I::PERFECT_FIFTH],
            ChordQuality::Diminished => &[I::UNISON, I::MINOR_THIRD, I::DIMINISHED_FIFTH],
            ChordQuality::Augmented => &[I::UNISON, I::MAJOR_THIRD, I::AUGMENTED_FIFTH],
            ChordQuality::Sus2 => &[I::UNISON, I::MAJOR_SECOND, I::PERFECT_FIFTH],
            ChordQuality::Sus4 => &[I::UNISON, I::PERFECT_FOURTH, I::PERFECT_FIFTH],
            ChordQuality::Dominant7 => &[
                I::UNISON,
                I::MAJOR_THIRD,
                I::PERFECT_FIFTH,
                I::MINOR_SEVENTH,
            ],
            ChordQuality::Major7 => &[
                I::UNISON,
                I::MAJOR_THIRD,
                I::PERFECT_FIFTH,
                I::MAJOR_SEVENTH,
            ],
            ChordQuality::Minor7 => &[
                I::UNISON,
                I::MINOR_THIRD,
                I::PERFECT_FIFTH,
                I::MINOR_SEVENTH,
            ],
            ChordQuality::HalfDiminished7 => &[
                I::UNISON,
                I::MINOR_THIRD,
                I::DIMINISHED_FIFTH,
                I::MINOR_SEVENTH,
            ],
            ChordQuality::Diminished7 => &[
                I::UNISON,
                I::MINOR_THIRD,
                I::DIMINISHED_FIFTH,
                I::DIMINISHED_SEVENTH,
            ],
            ChordQuality::Add9 => &[I::UNISON, I::MAJOR_THIRD, I::PERFECT_FIFTH, I::MAJOR_NINTH],
            ChordQuality::MinorAdd9 => {
                &[I::UNISON, I::MINOR_THIRD, I::PERFECT_FIFTH, I::MAJOR_NINTH]
            }
        }
    }

    /// The same chord as a plain triad (for styles that avoid sevenths).
    pub fn triad(self) -> ChordQuality {
        match self {
            ChordQuality::Dominant7 | ChordQuality::Major7 | ChordQuality::Add9 => {
                ChordQuality::Major
            }
            ChordQuality::Minor7 | ChordQuality::MinorAdd9 => ChordQuality::Minor,
            ChordQuality::HalfDiminished7 | ChordQuality::Diminished7 => ChordQuality::Diminished,
            q => q,
        }
    }

    /// The same chord with a seventh added, keeping its third and fifth.
    pub fn with_seventh(self, dominant: bool) -> ChordQuality {
        match self {
            ChordQuality::Major if dominant => ChordQuality::Dominant7,
            ChordQuality::Major => ChordQuality::Major7,
            ChordQuality::Minor => ChordQuality::Minor7,
            ChordQuality::Diminished => ChordQuality::HalfDiminished7,
            q => q,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            ChordQuality::Major => "",
            ChordQuality::Minor => "m",
            ChordQuality::Diminished => "dim",
            ChordQuality::Augmented => "aug",
            ChordQuality::Sus2 => "sus2",
            ChordQuality::Sus4 => "sus4",
            ChordQuality::Dominant7 => "7",
            ChordQuality::Major7 => "maj7",
            ChordQuality::Minor7 => "m7",
            ChordQuality::HalfDiminished7 => "m7b5",
            ChordQuality::Diminished7 => "dim7",
            ChordQuality::Add9 => "add9",
            ChordQuality::MinorAdd9 => "madd9",
        }
    }
}

/// A chord on a (possibly altered) root degree of the current key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Chord {
    pub root: Degree,
    pub quality: ChordQuality,
}

impl Chord {
    pub const fn new(root: Degree, quality: ChordQuality) -> Self {
        Chord { root, quality }
    }

    /// The diatonic triad on `step` of the key's mode, with the harmonic-minor dominant (major V)
    /// in minor-family keys, because a cadence needs a leading note.
    pub fn diatonic(key: Key, step: i8) -> Chord {
        let scale = |s: i32| key.mode.semitones(s);
        let s = step as i32;
        let third = scale(s + 2) - scale(s);
        let fifth = scale(s + 4) - scale(s);
        let mut quality = match (third, fifth) {
            (4, 7) => ChordQuality::Major,
            (3, 7) => ChordQuality::Minor,
            (3, 6) => ChordQuality::Diminished,
            (4, 8) => ChordQuality::Augmented,
            _ => ChordQuality::Major,
        };
        if key.mode.is_minor_family() && step.rem_euclid(7) == 4 {
            quality = ChordQuality::Major;
        }
        Chord::new(Degree::new(step), quality)
    }

    /// Spelled root in the key, tonic in `tonic_octave`.
    pub fn root_pitch(self, key: Key, tonic_octave: i8) -> Pitch {
        key.pitch_of(self.root, tonic_octave)
    }

    /// Spelled chord tones from the root upwards.
    pub fn pitches(self, key: Key, tonic_octave: i8) -> Vec<Pitch> {
        let root = self.root_pitch(key, tonic_octave);
        self.quality
            .intervals()
            .iter()
            .map(|&i| root.transpose(i))
            .collect()
    }

    /// Pitch classes (semitones above C) of the chord tones; allocation-free via a bitmask.
    pub fn pitch_class_mask(self, key: Key) -> u16 {
        let root = key.pitch_class_of(self.root);
        self.quality.intervals().iter().fold(0u16, |m, i| {
            m | 1 << (root + i.semitones as i32).rem_euclid(12)
        })
    }

    /// True if a pitch class (0..12) is a chord tone.
    pub fn contains_class(self, key: Key, pitch_class: i32) -> bool {
        self.pitch_class_mask(key) & (1 << pitch_class.rem_euclid(12)) != 0
    }

    /// Chord symbol in the key, e.g. `F#m7` or `Bb`.
    pub fn symbol(self, key: Key) -> String {
        format!("{}{}", self.root_pitch(key, 4).class, self.quality.suffix())
    }

    /// Roman numeral relative to the key, e.g. `V7`, `ii`, `bVI`.
    pub fn roman(self) -> String {
        const NUM: [&str; 7] = ["I", "II", "III", "IV", "V", "VI", "VII"];
        let n = NUM[self.root.class() as usize];
        let acc = match self.root.alter {
            a if a < 0 => "b",
            a if a > 0 => "#",
            _ => "",
        };
        let minorish = matches!(
            self.quality,
            ChordQuality::Minor
                | ChordQuality::Minor7
                | ChordQuality::MinorAdd9
                | ChordQuality::Diminished
                | ChordQuality::HalfDiminished7
                | ChordQuality::Diminished7
        );
        let body = if minorish {
            n.to_lowercase()
        } else {
            n.to_string()
        };
        let suffix = match self.quality {
            ChordQuality::Major | ChordQuality::Minor => "",
            ChordQuality::Diminished => "°",
            ChordQuality::Minor7 => "7",
            q => q.suffix(),
        };
        format!("{acc}{body}{suffix}")
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.roman())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diatonic_triads_in_major() {
        let c = Key::parse("C major").unwrap();
        let romans: Vec<String> = (0..7).map(|s| Chord::diatonic(c, s).roman()).collect();
        assert_eq!(romans, ["I", "ii", "iii", "IV", "V", "vi", "vii°"]);
    }

    #[test]
    fn minor_dominant_is_major_with_leading_note() {
        let a = Key::parse("A minor").unwrap();
        let v = Chord::diatonic(a, 4);
        assert_eq!(v.roman(), "V");
        let names: Vec<String> = v.pitches(a, 3).iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["E4", "G#4", "B4"]);
        assert_eq!(Chord::diatonic(a, 5).symbol(a), "F");
    }

    #[test]
    fn seventh_chord_spelling() {
        let eb = Key::parse("Eb major").unwrap();
        let ii7 = Chord::new(Degree::new(1), ChordQuality::Minor7);
        let names: Vec<String> = ii7.pitches(eb, 4).iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["F4", "Ab4", "C5", "Eb5"]);
        assert_eq!(ii7.symbol(eb), "Fm7");
    }

    #[test]
    fn pitch_class_mask_matches_pitches() {
        let d = Key::parse("D major").unwrap();
        let v7 = Chord::new(Degree::new(4), ChordQuality::Dominant7);
        let mask = v7.pitch_class_mask(d);
        for p in v7.pitches(d, 4) {
            assert!(mask & (1 << p.midi().rem_euclid(12)) != 0);
        }
        assert_eq!(mask.count_ones(), 4);
        assert!(v7.contains_class(d, 9)); // A
        assert!(!v7.contains_class(d, 2)); // D
    }
}
