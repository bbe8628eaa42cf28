//! A leitmotif: a short melody in scale degrees (key-free) with the harmony it implies.

use leitmotif_theory::{Chord, Degree, Key, Mode};
use serde::Serialize;

/// Sixteenth notes per 4/4 bar: themes are written on a sixteenth grid in 4/4 and re-metered later.
pub const SIXTEENTHS_PER_BAR: u16 = 16;

/// One theme note: degree relative to the tonic, onset and length in sixteenths from the theme start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ThemeNote {
    pub degree: Degree,
    pub start: u16,
    pub len: u16,
}

impl ThemeNote {
    pub fn end(&self) -> u16 {
        self.start + self.len
    }

    pub fn bar(&self) -> usize {
        (self.start / SIXTEENTHS_PER_BAR) as usize
    }
}

/// Who a theme belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ThemeOwner {
    Character {
        id: String,
    },
    Place {
        id: String,
    },
    /// Derived from the themes of two characters who share scenes.
    Relationship {
        ids: Vec<String>,
    },
    /// The soundtrack's main title, for stories with no characters or places.
    Story,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    /// `mina`, `seoul-night`, or `mina+joon` for a relationship.
    pub id: String,
    pub name: String,
    pub owner: ThemeOwner,
    /// The key the theme is stated in in the registry.
    pub home_key: Key,
    /// 8 bars of 4/4, antecedent (bars 1-4, half cadence) + consequent (bars 5-8, authentic cadence).
    pub notes: Vec<ThemeNote>,
    /// The implied harmony, one chord per bar.
    pub chords: Vec<Chord>,
    /// How many bars the basic idea (the motif cell) spans at the start.
    pub motif_bars: u16,
    /// Tempo the registry statement uses.
    pub home_bpm: f64,
}

impl Theme {
    pub fn bars(&self) -> u16 {
        self.notes
            .last()
            .map(|n| n.end().div_ceil(SIXTEENTHS_PER_BAR))
            .unwrap_or(0)
    }

    pub fn mode(&self) -> Mode {
        self.home_key.mode
    }

    /// Notes inside a bar range `[from, to)`, re-based so the first bar starts at 0.
    pub fn excerpt(&self, from_bar: u16, to_bar: u16) -> Vec<ThemeNote> {
        let lo = from_bar * SIXTEENTHS_PER_BAR;
        let hi = to_bar * SIXTEENTHS_PER_BAR;
        self.notes
            .iter()
            .filter(|n| n.start >= lo && n.start < hi)
            .map(|n| ThemeNote {
                start: n.start - lo,
                len: n.len.min(hi - n.start),
                ..*n
            })
            .collect()
    }

    /// The motif cell (basic idea).
    pub fn motif(&self) -> Vec<ThemeNote> {
        self.excerpt(0, self.motif_bars)
    }
}
