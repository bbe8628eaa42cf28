//! What every layer needs to know to write one bar. Layers are pure functions of this context (plus
//! a seeded stream), which is what lets the adaptive player compose a bar at a time.

use super::melody_line::MelodyNote;
use crate::plan::{form::SectionKind, intent::Intent};
use leitmotif_story::Style;
use leitmotif_theory::{Chord, Key, Meter, Ticks};

pub struct BarContext<'a> {
    /// 0-based bar number in the cue.
    pub bar: u32,
    pub start: Ticks,
    /// Length of this bar (the final bar may be shorter when a fixed tempo cannot fill it).
    pub len: Ticks,
    pub meter: Meter,
    pub key: Key,
    pub chord: Chord,
    pub next_chord: Option<Chord>,
    pub section: SectionKind,
    /// 0-based position in the section, and the section's length.
    pub bar_in_section: u32,
    pub section_bars: u32,
    /// 0..1 after the section's arc is applied.
    pub intensity: f64,
    pub intent: &'a Intent,
    pub style: Style,
    /// Melody notes that start in this bar.
    pub melody: &'a [MelodyNote],
    /// Lowest sounding MIDI key of the melody in this bar (or its register when it rests).
    pub melody_floor: i32,
    pub last_bar: bool,
}

impl BarContext<'_> {
    /// Ticks of the felt beat.
    pub fn pulse(&self) -> Ticks {
        self.meter.pulse_ticks()
    }

    /// The section's last bar (where fills and cadences go).
    pub fn ends_section(&self) -> bool {
        self.bar_in_section + 1 == self.section_bars
    }
}
