//! Tempo in beats (quarter notes) per minute.

use serde::{Deserialize, Serialize};

/// Quarter notes per minute. A newtype so a tempo is never confused with seconds or ticks.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Bpm(pub f64);

impl Bpm {
    /// Seconds per quarter note.
    pub fn seconds_per_quarter(self) -> f64 {
        60.0 / self.0
    }

    /// Microseconds per quarter note, as a Standard MIDI File stores it.
    pub fn micros_per_quarter(self) -> u32 {
        (60_000_000.0 / self.0).round() as u32
    }
}
