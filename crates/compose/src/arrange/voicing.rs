//! Chord voicings: spelled chord tones placed in a register window. Voicings are chosen per bar
//! from the chord alone (closest to a fixed centre), which keeps successive chords close without
//! carrying state from bar to bar.

use leitmotif_theory::{Chord, Key, Pitch};

/// Chord tones in close position inside `[low, low + 12)`, lowest first.
pub fn close(chord: Chord, key: Key, low: i32) -> Vec<Pitch> {
    let mut out: Vec<Pitch> = chord
        .pitches(key, 4)
        .into_iter()
        .map(|p| into_window(p, low, low + 12))
        .collect();
    out.sort_by_key(|p| p.midi());
    out.dedup_by_key(|p| p.midi());
    out
}

/// The colour tone an emotion adds to a chord: the scale step above the root (an added ninth, a
/// minor ninth on some degrees), kept inside the key so colour never reads as a change of key.
/// Fear and anger get it on every chord, sadness and mystery on most; consonant emotions none.
pub fn colour_tone(chord: Chord, key: Key, dissonance: f64, _arousal: f64) -> Option<Pitch> {
    if dissonance <= 0.25 {
        return None;
    }
    let step = leitmotif_theory::Degree::new(chord.root.step + 1);
    Some(key.pitch_of(step, 4))
}

/// Moves a pitch by octaves into `[low, high)` (or as close as possible).
pub fn into_window(p: Pitch, low: i32, high: i32) -> Pitch {
    let mut p = p;
    while p.midi() < low {
        p = p.octaves(1);
    }
    while p.midi() >= high && p.midi() - 12 >= low {
        p = p.octaves(-1);
    }
    p
}

/// The chord root in `[low, low + 12)`.
pub fn root(chord: Chord, key: Key, low: i32) -> Pitch {
    into_window(chord.root_pitch(key, 4), low, low + 12)
}

/// Chord tones from `low` up to (not including) `high`, ascending: the raw material of arpeggios.
pub fn spread(chord: Chord, key: Key, low: i32, high: i32) -> Vec<Pitch> {
    let base = chord.pitches(key, 4);
    let mut out = Vec::new();
    for oct in -4..=4 {
        for p in &base {
            let q = p.octaves(oct);
            if q.midi() >= low && q.midi() < high {
                out.push(q);
            }
        }
    }
    out.sort_by_key(|p| p.midi());
    out.dedup_by_key(|p| p.midi());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::Degree;

    #[test]
    fn close_voicing_stays_in_window() {
        let key = Key::parse("Eb major").unwrap();
        for step in 0..7 {
            let v = close(Chord::diatonic(key, step), key, 55);
            assert_eq!(v.len(), 3);
            assert!(v.iter().all(|p| (55..67).contains(&p.midi())), "{v:?}");
        }
        let v = close(
            Chord::new(Degree::new(4), leitmotif_theory::ChordQuality::Dominant7),
            key,
            55,
        );
        assert_eq!(v.len(), 4);
    }

    #[test]
    fn spread_is_ascending_chord_tones() {
        let key = Key::parse("C major").unwrap();
        let s = spread(Chord::diatonic(key, 0), key, 48, 73);
        let m: Vec<i32> = s.iter().map(|p| p.midi()).collect();
        assert_eq!(m, [48, 52, 55, 60, 64, 67, 72]);
    }
}
