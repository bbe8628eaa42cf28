//! The whole score of one cue (or one theme statement).

use crate::{part::Part, tempo_map::TempoMap};
use leitmotif_theory::{Key, Meter, Ticks};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterChange {
    pub at: Ticks,
    pub meter: Meter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyChange {
    pub at: Ticks,
    pub key: Key,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// Start of a formal section (intro, statement, ...).
    Section,
    /// A sync point from the story.
    Hit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: Ticks,
    pub kind: MarkerKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub title: String,
    pub parts: Vec<Part>,
    pub tempo: TempoMap,
    /// Meter changes, the first at tick 0.
    pub meters: Vec<MeterChange>,
    /// Key changes, the first at tick 0.
    pub keys: Vec<KeyChange>,
    pub markers: Vec<Marker>,
    /// Where the music ends (the last bar line); notes never extend past it.
    pub end: Ticks,
}

impl Score {
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// Duration in seconds through the tempo map.
    pub fn duration_seconds(&self) -> f64 {
        self.tempo.seconds_at(self.end)
    }

    /// The meter in force at a tick.
    pub fn meter_at(&self, at: Ticks) -> Meter {
        self.meters
            .iter()
            .rev()
            .find(|m| m.at <= at)
            .map(|m| m.meter)
            .unwrap_or(Meter::COMMON)
    }
}
