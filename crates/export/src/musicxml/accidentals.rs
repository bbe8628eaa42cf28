//! Which written notes show an accidental, by the common-practice rule: an accidental is shown
//! when a note's alteration differs from what its staff position means at that moment — the key
//! signature, or an earlier accidental on the same line or space in the same bar. The
//! continuation of a tie shows none and changes nothing.

use leitmotif_theory::{Letter, Pitch, Ticks};
use std::collections::BTreeMap;

/// The MusicXML `<accidental>` value for an alteration.
pub(crate) fn accidental_name(alter: i8) -> &'static str {
    match alter {
        i8::MIN..=-3 => "triple-flat",
        -2 => "flat-flat",
        -1 => "flat",
        0 => "natural",
        1 => "sharp",
        2 => "double-sharp",
        _ => "triple-sharp",
    }
}

/// The alteration a key signature gives each letter (index C = 0 ... B = 6).
pub(crate) fn signature_alterations(fifths: i32) -> [i8; 7] {
    const SHARPS: [Letter; 7] = [
        Letter::F,
        Letter::C,
        Letter::G,
        Letter::D,
        Letter::A,
        Letter::E,
        Letter::B,
    ];
    let mut alter = [0i8; 7];
    let n = fifths.unsigned_abs().min(7) as usize;
    if fifths > 0 {
        for letter in &SHARPS[..n] {
            alter[letter.index() as usize] = 1;
        }
    } else {
        for letter in SHARPS.iter().rev().take(n) {
            alter[letter.index() as usize] = -1;
        }
    }
    alter
}

/// One written note of a staff in a bar.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    pub start: Ticks,
    pub pitch: Pitch,
    /// The note continues a tie.
    pub tied: bool,
}

/// For each note (same order as given), whether it shows an accidental.
pub(crate) fn shown(notes: &[Written], fifths: i32) -> Vec<bool> {
    let signature = signature_alterations(fifths);
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by_key(|&i| notes[i].start);
    let mut current: BTreeMap<(Letter, i8), i8> = BTreeMap::new();
    let mut out = vec![false; notes.len()];
    for i in order {
        let n = notes[i];
        if n.tied {
            continue;
        }
        let letter = n.pitch.class.letter;
        let key = (letter, n.pitch.octave);
        let expected = current
            .get(&key)
            .copied()
            .unwrap_or(signature[letter.index() as usize]);
        if n.pitch.class.alter != expected {
            out[i] = true;
            current.insert(key, n.pitch.class.alter);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: Ticks, pitch: &str, tied: bool) -> Written {
        Written {
            start,
            pitch: Pitch::parse(pitch).unwrap(),
            tied,
        }
    }

    #[test]
    fn signatures() {
        // D major: F# C#
        assert_eq!(signature_alterations(2), [1, 0, 0, 1, 0, 0, 0]);
        // Eb major: Bb Eb Ab
        assert_eq!(signature_alterations(-3), [0, 0, -1, 0, 0, -1, -1]);
    }

    #[test]
    fn accidentals_follow_key_and_bar() {
        let notes = [
            w(0, "F#4", false),   // in D major: no sign
            w(240, "F4", false),  // natural
            w(480, "F4", false),  // already natural in this bar
            w(720, "F#4", false), // sharp again
            w(720, "F5", false),  // other octave: natural
            w(960, "C#5", true),  // tie continuation: nothing
            w(1200, "G#4", false),
        ];
        assert_eq!(
            shown(&notes, 2),
            [false, true, false, true, true, false, true]
        );
        assert_eq!(accidental_name(-2), "flat-flat");
    }
}
