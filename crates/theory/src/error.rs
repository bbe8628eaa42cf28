//! Errors raised when parsing theory values from text.

use thiserror::Error;

/// A theory value could not be read from text; the message says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TheoryError {
    #[error("`{0}` is not a pitch: expected a letter A-G, optional # or b (or x / bb), and an octave, e.g. C#4")]
    BadPitch(String),
    #[error("`{0}` is not a key: expected a tonic and a mode, e.g. \"D major\", \"F# minor\", \"Bb dorian\" or \"Dm\"")]
    BadKey(String),
    #[error("`{0}` is not a meter: expected beats/unit with beats 1-15 and unit 2, 4, 8 or 16, e.g. 4/4, 3/4, 6/8")]
    BadMeter(String),
    #[error("`{0}` is not a mode: expected one of {1}")]
    BadMode(String, String),
}
