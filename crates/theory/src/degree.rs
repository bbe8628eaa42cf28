//! Scale degrees: a key-free way to write melodies, so a theme can be restated in any key and mode.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A scale step (0 = tonic, 4 = dominant, 7 = tonic an octave up, -1 = leading note below) with a
/// chromatic alteration relative to the mode the degree is realised in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Degree {
    pub step: i8,
    pub alter: i8,
}

impl Degree {
    pub const fn new(step: i8) -> Self {
        Degree { step, alter: 0 }
    }

    pub const fn altered(step: i8, alter: i8) -> Self {
        Degree { step, alter }
    }

    /// The step within one octave, 0..7.
    pub fn class(self) -> i8 {
        self.step.rem_euclid(7)
    }

    /// The degree `by` diatonic steps away (keeps no alteration: a diatonic move).
    pub fn moved(self, by: i8) -> Degree {
        Degree::new(self.step + by)
    }
}

impl fmt::Display for Degree {
    /// 1-based degree with octave marks, e.g. `5`, `b3`, `#4`, `1'` (octave up), `7,` (octave down).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let acc = match self.alter {
            a if a < 0 => "b".repeat((-a) as usize),
            a => "#".repeat(a as usize),
        };
        let oct = self.step.div_euclid(7);
        let marks = if oct > 0 {
            "'".repeat(oct as usize)
        } else {
            ",".repeat((-oct) as usize)
        };
        write!(f, "{}{}{}", acc, self.class() + 1, marks)
    }
}
