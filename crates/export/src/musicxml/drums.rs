//! Drum notation: each General MIDI drum key as an unpitched note on the percussion staff.
//!
//! Positions follow the common drum-set legend: kick in the bottom space (F4), snare in the
//! third space (C5), toms from the second line up to the top line, hi-hat above the staff (G5),
//! crash on the ledger line above (A5), ride on the top line (F5), pedal hi-hat below (D4).
//! Cymbals and hi-hats use x noteheads (open hi-hat a circled x). Kick and pedal hi-hat are
//! played by the feet and go in the lower voice. Every key used in a part also gets its own
//! `<score-instrument>` with `<midi-unpitched>`, so players and notation programs hear the
//! right drum.

use leitmotif_theory::{Letter, Pitch};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DrumSound {
    pub key: u8,
    pub name: &'static str,
    /// Where the note is drawn on the five-line staff.
    pub display: Pitch,
    /// `None` for an ordinary notehead.
    pub notehead: Option<&'static str>,
}

impl DrumSound {
    /// Played with the feet (lower voice).
    pub(crate) fn is_foot(&self) -> bool {
        matches!(self.key, 35 | 36 | 44)
    }
}

/// The notation of a General MIDI drum key.
pub(crate) fn drum_sound(key: u8) -> DrumSound {
    use Letter::*;
    let (letter, octave, notehead): (Letter, i8, Option<&'static str>) = match key {
        35 | 36 => (F, 4, None),
        37 => (C, 5, Some("x")),
        38 | 40 => (C, 5, None),
        39 => (B, 4, Some("x")),
        41 => (G, 4, None),
        43 => (A, 4, None),
        45 => (B, 4, None),
        47 => (D, 5, None),
        48 => (E, 5, None),
        50 => (F, 5, None),
        42 => (G, 5, Some("x")),
        44 => (D, 4, Some("x")),
        46 => (G, 5, Some("circle-x")),
        49 => (A, 5, Some("x")),
        57 => (B, 5, Some("x")),
        51 | 59 => (F, 5, Some("x")),
        52 => (C, 6, Some("x")),
        53 => (F, 5, Some("diamond")),
        54 => (B, 5, Some("triangle")),
        55 => (G, 5, Some("diamond")),
        56 => (A, 5, Some("triangle")),
        _ => (E, 4, None),
    };
    let name = if (35..=81).contains(&key) {
        leitmotif_score::gm_drum_name(key).unwrap_or("Percussion")
    } else {
        "Percussion"
    };
    DrumSound {
        key,
        name,
        display: Pitch::new(letter, 0, octave),
        notehead,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_positions() {
        let kick = drum_sound(36);
        assert_eq!(
            (kick.name, kick.display.to_string(), kick.notehead),
            ("Bass Drum", "F4".into(), None)
        );
        assert!(kick.is_foot());
        let hat = drum_sound(42);
        assert_eq!(
            (hat.display.to_string(), hat.notehead),
            ("G5".into(), Some("x"))
        );
        assert!(!hat.is_foot());
        assert_eq!(drum_sound(38).name, "Acoustic Snare");
        assert_eq!(drum_sound(81).name, "Open Triangle");
        assert_eq!(drum_sound(49).notehead, Some("x"));
        assert_eq!(drum_sound(20).name, "Percussion");
    }
}
