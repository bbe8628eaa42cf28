//! Clefs and staves.
//!
//! - Keyboards and harp get a grand staff (treble over bass); notes from middle C up (written)
//!   go on the upper staff. A keyboard part whose notes all sit on one staff (a melody) gets
//!   just that staff.
//! - Instruments with a conventional clef keep it: viola alto clef; cello, bassoon, trombone,
//!   tuba, timpani and the basses bass clef; violin, flute, oboe, clarinet, trumpet, horn,
//!   saxophones, English horn, recorders and tuned percussion treble clef; guitars treble-8vb
//!   (written an octave above sounding, which the clef's "8" says).
//! - Everything else (string ensembles, pads, choirs, synths, brass section) chooses by range: a
//!   grand staff when its notes span more than two octaves across middle C, else treble or bass
//!   by the median written pitch.
//! - Drums use the percussion clef.

use leitmotif_score::{Family, Instrument};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clef {
    Treble,
    Bass,
    Alto,
    /// Treble clef with an 8 below: sounds an octave lower than a treble clef reads.
    Treble8vb,
    Percussion,
}

impl Clef {
    /// `(sign, line, clef-octave-change)`.
    pub(crate) fn musicxml(self) -> (&'static str, Option<u8>, Option<i8>) {
        match self {
            Clef::Treble => ("G", Some(2), None),
            Clef::Bass => ("F", Some(4), None),
            Clef::Alto => ("C", Some(3), None),
            Clef::Treble8vb => ("G", Some(2), Some(-1)),
            Clef::Percussion => ("percussion", None, None),
        }
    }
}

/// The staves of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Staves {
    /// One clef per staff, top first.
    pub clefs: Vec<Clef>,
    /// On a grand staff, written MIDI keys from this one up go on the upper staff.
    pub split: i32,
}

impl Staves {
    pub(crate) fn count(&self) -> u8 {
        self.clefs.len() as u8
    }

    /// Which staff (1-based) a written MIDI key goes on.
    pub(crate) fn staff_of(&self, written_midi: i32) -> u8 {
        if self.clefs.len() > 1 && written_midi < self.split {
            2
        } else {
            1
        }
    }
}

/// Middle C: the grand staff split.
const MIDDLE_C: i32 = 60;

fn single(clef: Clef) -> Staves {
    Staves {
        clefs: vec![clef],
        split: MIDDLE_C,
    }
}

fn grand() -> Staves {
    Staves {
        clefs: vec![Clef::Treble, Clef::Bass],
        split: MIDDLE_C,
    }
}

/// Chooses the staves of a part from its instrument and its written MIDI keys.
pub(crate) fn staves_for(instrument: &Instrument, written: &[i32]) -> Staves {
    if instrument.is_drums() {
        return single(Clef::Percussion);
    }
    match instrument.id {
        "viola" => return single(Clef::Alto),
        "cello" | "contrabass" | "bassoon" | "trombone" | "tuba" | "timpani" | "acoustic-bass"
        | "electric-bass" | "synth-bass" => return single(Clef::Bass),
        "violin" | "flute" | "oboe" | "clarinet" | "trumpet" | "french-horn" | "alto-sax"
        | "tenor-sax" | "english-horn" | "recorder" | "pan-flute" | "celesta" | "glockenspiel"
        | "music-box" | "vibraphone" | "bells" => return single(Clef::Treble),
        _ => {}
    }
    if instrument.family == Family::Guitar {
        return single(Clef::Treble8vb);
    }
    if instrument.family == Family::Keyboard || instrument.id == "harp" {
        // a grand staff, unless every note sits comfortably on one of its staves (a melody)
        return match (written.iter().min(), written.iter().max()) {
            (Some(&lo), _) if lo >= MIDDLE_C - 5 => single(Clef::Treble),
            (_, Some(&hi)) if hi <= MIDDLE_C + 4 => single(Clef::Bass),
            _ => grand(),
        };
    }
    if written.is_empty() {
        let middle = (instrument.low as i32 + instrument.high as i32) / 2;
        return single(if middle >= MIDDLE_C {
            Clef::Treble
        } else {
            Clef::Bass
        });
    }
    let mut sorted = written.to_vec();
    sorted.sort_unstable();
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    if hi - lo > 24 && lo < MIDDLE_C - 5 && hi > MIDDLE_C + 7 {
        return grand();
    }
    let median = sorted[sorted.len() / 2];
    single(if median >= MIDDLE_C - 3 {
        Clef::Treble
    } else {
        Clef::Bass
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staves(id: &str, written: &[i32]) -> Staves {
        staves_for(Instrument::by_name(id).unwrap(), written)
    }

    #[test]
    fn conventional_clefs() {
        assert_eq!(staves("viola", &[60]).clefs, [Clef::Alto]);
        assert_eq!(staves("cello", &[70]).clefs, [Clef::Bass]);
        assert_eq!(staves("violin", &[55]).clefs, [Clef::Treble]);
        assert_eq!(staves("guitar", &[52]).clefs, [Clef::Treble8vb]);
        assert_eq!(staves("drums", &[36]).clefs, [Clef::Percussion]);
        assert_eq!(staves("piano", &[48, 72]).clefs, [Clef::Treble, Clef::Bass]);
        assert_eq!(staves("piano", &[60, 72]).clefs, [Clef::Treble], "a melody");
        assert_eq!(staves("piano", &[40, 62]).clefs, [Clef::Bass]);
        assert_eq!(staves("harp", &[]).count(), 2);
    }

    #[test]
    fn flexible_instruments_choose_by_range() {
        assert_eq!(staves("strings", &[50, 52, 55, 57]).clefs, [Clef::Bass]);
        assert_eq!(staves("warm-pad", &[60, 64, 67]).clefs, [Clef::Treble]);
        assert_eq!(staves("strings", &[40, 52, 64, 76]).count(), 2);
        let g = grand();
        assert_eq!((g.staff_of(60), g.staff_of(59)), (1, 2));
    }
}
