//! Parts (one instrument, one MIDI track) and their notes and controller events.

use crate::instrument::Instrument;
use leitmotif_theory::{Pitch, Ticks};

/// One sounding note. Drum notes use the General MIDI percussion key as their pitch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Note {
    pub start: Ticks,
    pub duration: Ticks,
    pub pitch: Pitch,
    /// MIDI velocity 1..=127.
    pub velocity: u8,
}

impl Note {
    pub fn end(&self) -> Ticks {
        self.start + self.duration
    }
}

/// Continuous controllers the composer uses for performance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControlKind {
    /// CC 64: piano sustain pedal (0 up, 127 down).
    SustainPedal,
    /// CC 11: expression, for swells on sustained instruments.
    Expression,
    /// CC 7: channel volume (set once per part by the mix).
    Volume,
    /// CC 10: pan (64 centre).
    Pan,
    /// CC 91: reverb send level.
    ReverbSend,
}

impl ControlKind {
    /// The MIDI controller number.
    pub fn cc(self) -> u8 {
        match self {
            ControlKind::SustainPedal => 64,
            ControlKind::Expression => 11,
            ControlKind::Volume => 7,
            ControlKind::Pan => 10,
            ControlKind::ReverbSend => 91,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Control {
    pub at: Ticks,
    pub kind: ControlKind,
    pub value: u8,
}

/// A named part: one instrument on one MIDI channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Track name. The part carrying the focus theme is called "Melody".
    pub name: String,
    pub instrument: &'static Instrument,
    /// MIDI channel 0..16; 9 is reserved for drums.
    pub channel: u8,
    pub notes: Vec<Note>,
    pub controls: Vec<Control>,
}

impl Part {
    pub fn new(name: impl Into<String>, instrument: &'static Instrument, channel: u8) -> Self {
        Part {
            name: name.into(),
            instrument,
            channel,
            notes: Vec::new(),
            controls: Vec::new(),
        }
    }

    pub fn is_drums(&self) -> bool {
        self.instrument.is_drums()
    }

    /// Sorts notes and controls by time (stable, so equal times keep insertion order).
    pub fn sort(&mut self) {
        self.notes.sort_by_key(|n| (n.start, n.pitch.midi()));
        self.controls.sort_by_key(|c| c.at);
    }
}
