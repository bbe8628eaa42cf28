//! Diatonic modes. Leitmotif composes mostly in major and minor (what listeners and key finders
//! hear as the two valence poles); the church modes are available as overrides and colours.

use crate::error::TheoryError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Major,
    /// Natural minor (aeolian); cadences raise the 7th (harmonic minor) where a dominant is needed.
    Minor,
    Dorian,
    Phrygian,
    Lydian,
    Mixolydian,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Major,
        Mode::Minor,
        Mode::Dorian,
        Mode::Phrygian,
        Mode::Lydian,
        Mode::Mixolydian,
    ];

    /// Semitones of the seven scale steps above the tonic.
    pub fn steps(self) -> [i8; 7] {
        match self {
            Mode::Major => [0, 2, 4, 5, 7, 9, 11],
            Mode::Minor => [0, 2, 3, 5, 7, 8, 10],
            Mode::Dorian => [0, 2, 3, 5, 7, 9, 10],
            Mode::Phrygian => [0, 1, 3, 5, 7, 8, 10],
            Mode::Lydian => [0, 2, 4, 6, 7, 9, 11],
            Mode::Mixolydian => [0, 2, 4, 5, 7, 9, 10],
        }
    }

    /// Semitones above the tonic of any scale step, including steps outside one octave.
    pub fn semitones(self, step: i32) -> i32 {
        let octave = step.div_euclid(7);
        self.steps()[step.rem_euclid(7) as usize] as i32 + 12 * octave
    }

    /// Whether the mode's third is minor: what a major/minor key finder would call it.
    pub fn is_minor_family(self) -> bool {
        self.steps()[2] == 3
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Major => "major",
            Mode::Minor => "minor",
            Mode::Dorian => "dorian",
            Mode::Phrygian => "phrygian",
            Mode::Lydian => "lydian",
            Mode::Mixolydian => "mixolydian",
        }
    }

    pub fn parse(text: &str) -> Result<Mode, TheoryError> {
        let t = text.trim().to_ascii_lowercase();
        let found = match t.as_str() {
            "major" | "maj" | "ionian" => Some(Mode::Major),
            "minor" | "min" | "aeolian" => Some(Mode::Minor),
            other => Mode::ALL.into_iter().find(|m| m.name() == other),
        };
        found.ok_or_else(|| {
            TheoryError::BadMode(
                text.into(),
                Mode::ALL
                    .iter()
                    .map(|m| m.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
