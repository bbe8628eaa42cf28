//! Music theory for Leitmotif: pure values, no I/O.
//!
//! Pitches are *spelled* (letter + alteration + octave) so that transposed and re-moded themes keep
//! correct names for notation; MIDI key numbers are only a projection. Musical time is exact integer
//! ticks. Everything here is deterministic and allocation-light so the real-time player can use it.

pub mod chord;
pub mod degree;
pub mod emotion;
pub mod error;
pub mod interval;
pub mod key;
pub mod key_finding;
pub mod meter;
pub mod mode;
pub mod pitch;
pub mod tempo;
pub mod time;

pub use chord::{Chord, ChordQuality};
pub use degree::Degree;
pub use emotion::{Emotion, NamedEmotion};
pub use error::TheoryError;
pub use interval::Interval;
pub use key::Key;
pub use key_finding::{estimate_key, KeyEstimate};
pub use meter::Meter;
pub use mode::Mode;
pub use pitch::{Letter, Pitch, PitchClass};
pub use tempo::Bpm;
pub use time::{Ticks, PPQ};
