//! Keys: a spelled tonic and a mode. A key turns scale degrees into spelled pitches.

use crate::{
    degree::Degree,
    error::TheoryError,
    interval::Interval,
    mode::Mode,
    pitch::{Letter, Pitch, PitchClass},
};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Key {
    pub tonic: PitchClass,
    pub mode: Mode,
}

impl Key {
    pub const fn new(tonic: PitchClass, mode: Mode) -> Self {
        Key { tonic, mode }
    }

    /// Parses "D major", "F# minor", "Bb dorian", "D", "Dm", "Ebm", "c minor".
    pub fn parse(text: &str) -> Result<Key, TheoryError> {
        let bad = || TheoryError::BadKey(text.into());
        let t = text.trim();
        let mut parts = t.split_whitespace();
        let first = parts.next().ok_or_else(bad)?;
        let rest: Vec<&str> = parts.collect();
        if rest.len() > 1 {
            return Err(bad());
        }
        let (tonic_text, mode) = if let Some(m) = rest.first() {
            (first, Mode::parse(m).map_err(|_| bad())?)
        } else if first.len() > 1
            && first.ends_with('m')
            && PitchClass::parse(&first[..first.len() - 1]).is_some()
        {
            (&first[..first.len() - 1], Mode::Minor)
        } else {
            (first, Mode::Major)
        };
        let tonic = PitchClass::parse(tonic_text).ok_or_else(bad)?;
        Ok(Key { tonic, mode })
    }

    /// The spelled pitch of a scale degree, with the tonic placed in `tonic_octave`.
    pub fn pitch_of(self, degree: Degree, tonic_octave: i8) -> Pitch {
        let tonic = Pitch {
            class: self.tonic,
            octave: tonic_octave,
        };
        let semis = self.mode.semitones(degree.step as i32) + degree.alter as i32;
        tonic.transpose(Interval::new(degree.step, semis as i8))
    }

    /// Semitone class (0..12 above C) of a degree: cheap, for consonance checks in hot loops.
    pub fn pitch_class_of(self, degree: Degree) -> i32 {
        (self.tonic.semitones() + self.mode.semitones(degree.step as i32) + degree.alter as i32)
            .rem_euclid(12)
    }

    /// Key signature as sharps (positive) or flats (negative), as MIDI and MusicXML want it.
    /// Modes use the signature of their parent major scale.
    pub fn signature(self) -> i32 {
        let offset = match self.mode {
            Mode::Major => 0,
            Mode::Minor => -3,
            Mode::Dorian => -2,
            Mode::Phrygian => -4,
            Mode::Lydian => 1,
            Mode::Mixolydian => -1,
        };
        self.tonic.fifths() + offset
    }

    /// The key a given number of fifths away, same mode, spelled with the fewest accidentals.
    pub fn by_fifths(self, fifths: i32) -> Key {
        let tonic = Pitch {
            class: self.tonic,
            octave: 4,
        };
        let moved = tonic.transpose(Interval::new((4 * fifths) as i8, (7 * fifths) as i8));
        Key {
            tonic: simplest_spelling(moved.class),
            mode: self.mode,
        }
        .respelled()
    }

    /// Relative major/minor (same signature).
    pub fn relative(self) -> Key {
        match self.mode {
            Mode::Minor => Key {
                tonic: self.pitch_of(Degree::new(2), 4).class,
                mode: Mode::Major,
            },
            _ => Key {
                tonic: self.pitch_of(Degree::new(5), 4).class,
                mode: Mode::Minor,
            },
        }
    }

    /// Parallel key: same tonic, the other of major/minor.
    pub fn parallel(self) -> Key {
        let mode = if self.mode.is_minor_family() {
            Mode::Major
        } else {
            Mode::Minor
        };
        Key {
            tonic: self.tonic,
            mode,
        }
        .respelled()
    }

    /// The same key with the tonic re-spelled enharmonically when that needs fewer accidentals in
    /// the signature (e.g. A# minor -> Bb minor, Gb major stays, Cb major -> B major).
    pub fn respelled(self) -> Key {
        if self.signature().abs() <= 6 {
            return self;
        }
        let alt = enharmonic(self.tonic);
        let candidate = Key {
            tonic: alt,
            mode: self.mode,
        };
        if candidate.signature().abs() < self.signature().abs() {
            candidate
        } else {
            self
        }
    }
}

fn simplest_spelling(pc: PitchClass) -> PitchClass {
    if pc.alter.abs() <= 1 {
        pc
    } else {
        enharmonic(pc)
    }
}

/// The other common spelling of a pitch class (sharp <-> flat).
fn enharmonic(pc: PitchClass) -> PitchClass {
    let semis = pc.semitones();
    let prefer_flat = pc.alter > 0;
    for letter in Letter::ALL {
        for alter in [0i8, if prefer_flat { -1 } else { 1 }] {
            if (letter.natural_semitones() + alter as i32).rem_euclid(12) == semis
                && letter != pc.letter
            {
                return PitchClass::new(letter, alter);
            }
        }
    }
    pc
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.tonic, self.mode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn parse_forms() {
        assert_eq!(key("D major"), key("D"));
        assert_eq!(key("F# minor"), key("F#m"));
        assert_eq!(key("Bb dorian").mode, Mode::Dorian);
        assert!(Key::parse("H major").is_err());
        assert!(Key::parse("C majestic").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn degrees_are_spelled_for_the_key() {
        let fs_minor = key("F# minor");
        let names: Vec<String> = (0..7)
            .map(|s| fs_minor.pitch_of(Degree::new(s), 4).to_string())
            .collect();
        assert_eq!(names, ["F#4", "G#4", "A4", "B4", "C#5", "D5", "E5"]);
        // raised seventh of harmonic minor is E#, not F
        assert_eq!(
            fs_minor.pitch_of(Degree::altered(6, 1), 4).to_string(),
            "E#5"
        );
        let eb = key("Eb major");
        assert_eq!(eb.pitch_of(Degree::new(3), 4).to_string(), "Ab4");
        assert_eq!(eb.pitch_of(Degree::new(-1), 4).to_string(), "D4");
        assert_eq!(eb.pitch_of(Degree::new(9), 4).to_string(), "G5");
    }

    #[test]
    fn signatures() {
        assert_eq!(key("D major").signature(), 2);
        assert_eq!(key("F# minor").signature(), 3);
        assert_eq!(key("C minor").signature(), -3);
        assert_eq!(key("D dorian").signature(), 0);
    }

    #[test]
    fn related_keys() {
        assert_eq!(key("C major").relative(), key("A minor"));
        assert_eq!(key("E minor").relative(), key("G major"));
        assert_eq!(key("D major").by_fifths(1), key("A major"));
        assert_eq!(key("F major").by_fifths(-1), key("Bb major"));
        assert_eq!(key("E major").parallel(), key("E minor"));
        assert_eq!(key("A# minor").respelled(), key("Bb minor"));
    }
}
