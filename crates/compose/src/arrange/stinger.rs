//! Stingers: a theme's motif head thrown in as a punctuation, fitted to the chord that is
//! sounding. Used on stinger hit points in cues, and by the adaptive player's `stinger` command.

use super::melody_line;
use super::register::tonic_octave;
use crate::themes::ThemeNote;
use leitmotif_score::{Instrument, Note};
use leitmotif_theory::{Chord, Key, Meter, Ticks};

/// Notes of the motif head the stinger plays (the first four of the theme).
pub const HEAD_NOTES: usize = 4;

/// The motif head, marcato, moved by scale steps so it starts on the root of `chord`, in the
/// middle of the instrument's range; times from the stinger's start.
pub fn motif_over_chord(
    head: &[ThemeNote],
    key: Key,
    meter: Meter,
    chord: Chord,
    inst: &Instrument,
) -> Vec<Note> {
    let Some(first) = head.first() else {
        return Vec::new();
    };
    let shift = (chord.root.step - first.degree.step).rem_euclid(7);
    let shift = if shift > 3 { shift - 7 } else { shift };
    let head = melody_line::place(head, 0, meter, shift, 0);
    let semis: Vec<i32> = head
        .iter()
        .map(|n| key.mode.semitones(n.degree.step as i32))
        .collect();
    let center = (inst.low as i32 + inst.high as i32) / 2;
    let octave = tonic_octave(key.tonic.semitones(), &semis, center, inst);
    head.iter()
        .map(|n| Note {
            start: n.start,
            duration: n.len,
            pitch: key.pitch_of(n.degree, octave),
            velocity: 116,
        })
        .collect()
}

/// The motif over its chord: the head as [`motif_over_chord`], and the chord's tones stacked
/// within the octave below the motif's first note, held as long as the motif lasts.
pub fn harmonised(
    head: &[ThemeNote],
    key: Key,
    meter: Meter,
    chord: Chord,
    inst: &Instrument,
) -> Vec<Note> {
    let mut notes = motif_over_chord(head, key, meter, chord, inst);
    let Some(top) = notes.first().map(|n| n.pitch.midi()) else {
        return notes;
    };
    let length: Ticks = notes.iter().map(|n| n.end()).max().unwrap_or(0);
    for pitch in chord.pitches(key, 4) {
        // the chord tone in the octave just below the motif's first note
        let mut p = pitch;
        while p.midi() >= top {
            p = p.octaves(-1);
        }
        while p.midi() < top - 12 {
            p = p.octaves(1);
        }
        if p.midi() >= inst.low as i32 && p.midi() != top {
            notes.push(Note {
                start: 0,
                duration: length,
                pitch: p,
                velocity: 104,
            });
        }
    }
    notes.sort_by_key(|n| (n.start, n.pitch.midi()));
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::{ChordQuality, Degree};

    #[test]
    fn a_stinger_starts_on_the_chord_root_with_the_chord_under_it() {
        let key = Key::parse("C major").unwrap();
        let head = [
            ThemeNote {
                degree: Degree::new(2),
                start: 0,
                len: 2,
            },
            ThemeNote {
                degree: Degree::new(4),
                start: 2,
                len: 2,
            },
            ThemeNote {
                degree: Degree::new(3),
                start: 4,
                len: 4,
            },
        ];
        let horn = Instrument::by_name("french-horn").unwrap();
        let g7 = Chord::new(Degree::new(4), ChordQuality::Dominant7);
        let notes = harmonised(&head, key, Meter::COMMON, g7, horn);
        let first = notes
            .iter()
            .filter(|n| n.start == 0)
            .max_by_key(|n| n.pitch.midi())
            .unwrap();
        assert_eq!(
            first.pitch.midi().rem_euclid(12),
            7,
            "the motif starts on G"
        );
        let mask = g7.pitch_class_mask(key);
        let under: Vec<&Note> = notes.iter().filter(|n| n.velocity == 104).collect();
        assert!(under.len() >= 3);
        assert!(under
            .iter()
            .all(|n| mask & (1 << n.pitch.midi().rem_euclid(12)) != 0));
        assert!(under.iter().all(|n| n.pitch.midi() < first.pitch.midi()));
        // the motif keeps its shape: up a third, down a step
        let motif: Vec<i32> = notes
            .iter()
            .filter(|n| n.velocity == 116)
            .map(|n| n.pitch.midi())
            .collect();
        assert!(motif[1] > motif[0] && motif[2] < motif[1], "{motif:?}");
    }
}
