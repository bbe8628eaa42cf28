//! Spelled pitches. `C#4` and `Db4` share a MIDI key but are different pitches: transposition and
//! notation need the spelling, playback only needs [`Pitch::midi`].

use crate::{error::TheoryError, interval::Interval};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A note letter; its index is the diatonic step above C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Letter {
    C,
    D,
    E,
    F,
    G,
    A,
    B,
}

impl Letter {
    pub const ALL: [Letter; 7] = [
        Letter::C,
        Letter::D,
        Letter::E,
        Letter::F,
        Letter::G,
        Letter::A,
        Letter::B,
    ];

    /// Diatonic index above C (C = 0 ... B = 6).
    pub fn index(self) -> i32 {
        self as i32
    }

    /// The letter `steps` diatonic steps above (or below, if negative) this one.
    pub fn from_index(index: i32) -> Letter {
        Letter::ALL[index.rem_euclid(7) as usize]
    }

    /// Semitones of the natural letter above C.
    pub fn natural_semitones(self) -> i32 {
        [0, 2, 4, 5, 7, 9, 11][self as usize]
    }

    pub fn as_char(self) -> char {
        ['C', 'D', 'E', 'F', 'G', 'A', 'B'][self as usize]
    }
}

/// A spelled pitch class: letter plus alteration in semitones (-2..=2), without octave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PitchClass {
    pub letter: Letter,
    pub alter: i8,
}

impl PitchClass {
    pub const fn new(letter: Letter, alter: i8) -> Self {
        PitchClass { letter, alter }
    }

    /// Semitones above C, 0..12.
    pub fn semitones(self) -> i32 {
        (self.letter.natural_semitones() + self.alter as i32).rem_euclid(12)
    }

    /// Parses `C`, `F#`, `Bb`, `Ebb`, `Fx` (case-insensitive letter; `♯`/`♭` accepted).
    pub fn parse(text: &str) -> Option<PitchClass> {
        let mut chars = text.trim().chars();
        let letter = match chars.next()?.to_ascii_uppercase() {
            'C' => Letter::C,
            'D' => Letter::D,
            'E' => Letter::E,
            'F' => Letter::F,
            'G' => Letter::G,
            'A' => Letter::A,
            'B' => Letter::B,
            _ => return None,
        };
        let alter = match chars.as_str() {
            "" => 0,
            "#" | "♯" => 1,
            "##" | "x" | "♯♯" => 2,
            "b" | "♭" => -1,
            "bb" | "♭♭" => -2,
            _ => return None,
        };
        Some(PitchClass { letter, alter })
    }

    /// Position on the line of fifths (C = 0, G = 1, F = -1, F# = 6 ...): used for key signatures.
    pub fn fifths(self) -> i32 {
        let base = [0, 2, 4, -1, 1, 3, 5][self.letter as usize];
        base + 7 * self.alter as i32
    }
}

impl fmt::Display for PitchClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter.as_char())?;
        let acc = match self.alter {
            -2 => "bb",
            -1 => "b",
            1 => "#",
            2 => "##",
            _ => "",
        };
        f.write_str(acc)
    }
}

/// A spelled pitch with octave in scientific pitch notation (middle C = C4 = MIDI 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pitch {
    pub class: PitchClass,
    pub octave: i8,
}

impl Pitch {
    pub const fn new(letter: Letter, alter: i8, octave: i8) -> Self {
        Pitch {
            class: PitchClass::new(letter, alter),
            octave,
        }
    }

    /// MIDI key number (may fall outside 0..=127 for extreme octaves; see [`Pitch::midi_clamped`]).
    pub fn midi(self) -> i32 {
        (self.octave as i32 + 1) * 12
            + self.class.letter.natural_semitones()
            + self.class.alter as i32
    }

    /// MIDI key number clamped into the valid 0..=127 range.
    pub fn midi_clamped(self) -> u8 {
        self.midi().clamp(0, 127) as u8
    }

    /// Diatonic position counted in letters from C0 (used for interval steps).
    pub fn diatonic_index(self) -> i32 {
        self.octave as i32 * 7 + self.class.letter.index()
    }

    /// The pitch with a default spelling for a MIDI key (sharps); for drums and imported MIDI.
    pub fn from_midi(midi: i32) -> Pitch {
        const SPELL: [(Letter, i8); 12] = [
            (Letter::C, 0),
            (Letter::C, 1),
            (Letter::D, 0),
            (Letter::E, -1),
            (Letter::E, 0),
            (Letter::F, 0),
            (Letter::F, 1),
            (Letter::G, 0),
            (Letter::A, -1),
            (Letter::A, 0),
            (Letter::B, -1),
            (Letter::B, 0),
        ];
        let (letter, alter) = SPELL[midi.rem_euclid(12) as usize];
        Pitch::new(letter, alter, (midi.div_euclid(12) - 1) as i8)
    }

    /// This pitch moved by a spelled interval: letters move by `steps`, the alteration absorbs the rest.
    pub fn transpose(self, interval: Interval) -> Pitch {
        let target_index = self.diatonic_index() + interval.steps as i32;
        let letter = Letter::from_index(target_index);
        let octave = target_index.div_euclid(7);
        let natural = (octave + 1) * 12 + letter.natural_semitones();
        let alter = self.midi() + interval.semitones as i32 - natural;
        Pitch::new(letter, alter as i8, octave as i8)
    }

    /// Moves by whole octaves (keeps the spelling).
    pub fn octaves(self, n: i32) -> Pitch {
        Pitch {
            class: self.class,
            octave: (self.octave as i32 + n) as i8,
        }
    }

    /// Parses `C#4`, `Bb3`, `G-1`.
    pub fn parse(text: &str) -> Result<Pitch, TheoryError> {
        let t = text.trim();
        let split = t
            .find(|c: char| c.is_ascii_digit() || c == '-')
            .ok_or_else(|| TheoryError::BadPitch(t.into()))?;
        let class =
            PitchClass::parse(&t[..split]).ok_or_else(|| TheoryError::BadPitch(t.into()))?;
        let octave: i8 = t[split..]
            .parse()
            .map_err(|_| TheoryError::BadPitch(t.into()))?;
        Ok(Pitch { class, octave })
    }
}

impl fmt::Display for Pitch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.class, self.octave)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midi_numbers_follow_scientific_notation() {
        assert_eq!(Pitch::parse("C4").unwrap().midi(), 60);
        assert_eq!(Pitch::parse("A4").unwrap().midi(), 69);
        assert_eq!(Pitch::parse("B#3").unwrap().midi(), 60);
        assert_eq!(Pitch::parse("Cb4").unwrap().midi(), 59);
        assert_eq!(Pitch::parse("G-1").unwrap().midi(), 7);
    }

    #[test]
    fn parse_rejects_garbage() {
        assert!(Pitch::parse("H4").is_err());
        assert!(Pitch::parse("C").is_err());
        assert!(Pitch::parse("C#bb#x4").is_err());
    }

    #[test]
    fn transposition_keeps_spelling() {
        let e = Pitch::parse("E4").unwrap();
        assert_eq!(e.transpose(Interval::MINOR_THIRD).to_string(), "G4");
        assert_eq!(e.transpose(Interval::MAJOR_THIRD).to_string(), "G#4");
        let b = Pitch::parse("B3").unwrap();
        assert_eq!(b.transpose(Interval::MINOR_SECOND).to_string(), "C4");
        assert_eq!(b.transpose(Interval::AUGMENTED_UNISON).to_string(), "B#3");
        let f = Pitch::parse("F4").unwrap();
        assert_eq!(
            f.transpose(Interval::PERFECT_FOURTH.inverted()).to_string(),
            "C4"
        );
    }

    #[test]
    fn line_of_fifths() {
        assert_eq!(PitchClass::parse("F#").unwrap().fifths(), 6);
        assert_eq!(PitchClass::parse("Bb").unwrap().fifths(), -2);
        assert_eq!(PitchClass::parse("C").unwrap().fifths(), 0);
    }

    #[test]
    fn from_midi_round_trips() {
        for m in 0..128 {
            assert_eq!(Pitch::from_midi(m).midi(), m);
        }
    }
}
