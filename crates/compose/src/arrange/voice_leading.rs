//! Outer-voice counterpoint: finds consecutive perfect fifths and octaves between the melody and the
//! bass (both voices moving the same way into the same perfect interval) and repairs them by moving
//! the offending bass note to another chord tone, as a composer would re-voice the bass.

use leitmotif_score::Note;
use leitmotif_theory::{Chord, Key, Pitch, Ticks};

/// The note of a monophonic line sounding at `t`.
fn at(line: &[Note], t: Ticks) -> Option<usize> {
    let i = line.partition_point(|n| n.start <= t);
    (i > 0 && t < line[i - 1].end()).then(|| i - 1)
}

/// Indices (into `bass`) of bass notes that arrive in parallel fifths or octaves with the melody,
/// and the number of two-voice motions examined.
pub fn parallels(melody: &[Note], bass: &[Note]) -> (Vec<usize>, usize) {
    let mut times: Vec<Ticks> = melody
        .iter()
        .map(|n| n.start)
        .chain(bass.iter().map(|n| n.start))
        .collect();
    times.sort_unstable();
    times.dedup();
    let mut seq: Vec<Option<(usize, usize)>> = Vec::new();
    for t in times {
        match (at(melody, t), at(bass, t)) {
            (Some(s), Some(b)) => {
                if seq.last() != Some(&Some((s, b))) {
                    seq.push(Some((s, b)));
                }
            }
            _ => seq.push(None),
        }
    }
    let mut bad = Vec::new();
    let mut motions = 0;
    for w in seq.windows(2) {
        if let (Some((s1, b1)), Some((s2, b2))) = (w[0], w[1]) {
            let ds = melody[s2].pitch.midi() - melody[s1].pitch.midi();
            let db = bass[b2].pitch.midi() - bass[b1].pitch.midi();
            if ds == 0 || db == 0 {
                continue;
            }
            motions += 1;
            if ds.signum() != db.signum() {
                continue;
            }
            let i1 = (melody[s1].pitch.midi() - bass[b1].pitch.midi()).rem_euclid(12);
            let i2 = (melody[s2].pitch.midi() - bass[b2].pitch.midi()).rem_euclid(12);
            if i1 == i2 && (i1 == 0 || i1 == 7) {
                bad.push(b2);
            }
        }
    }
    (bad, motions)
}

/// Re-voices bass notes that make parallels, choosing the nearest other chord tone that makes none.
/// `chord_at` gives the chord sounding at a tick. Returns how many parallels remain.
pub fn repair(
    melody: &[Note],
    bass: &mut [Note],
    key: Key,
    chord_at: impl Fn(Ticks) -> Chord,
    low: i32,
    high: i32,
) -> usize {
    for _ in 0..4 {
        let (bad, _) = parallels(melody, bass);
        if bad.is_empty() {
            return 0;
        }
        for b in bad {
            let original = bass[b].pitch;
            let chord = chord_at(bass[b].start);
            let mut options: Vec<Pitch> = Vec::new();
            for p in chord
                .pitches(key, 2)
                .into_iter()
                .chain(chord.pitches(key, 1))
                .chain(chord.pitches(key, 3))
            {
                if p.midi() >= low && p.midi() <= high && p.midi() % 12 != original.midi() % 12 {
                    options.push(p);
                }
            }
            options.sort_by_key(|p| (p.midi() - original.midi()).abs());
            for candidate in options {
                bass[b].pitch = candidate;
                let (still, _) = parallels(melody, bass);
                if !still.contains(&b) && !still.contains(&(b + 1)) {
                    break;
                }
                bass[b].pitch = original;
            }
        }
    }
    parallels(melody, bass).0.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(notes: &[(u64, i32)]) -> Vec<Note> {
        notes
            .iter()
            .map(|&(s, m)| Note {
                start: s * 960,
                duration: 960,
                pitch: Pitch::from_midi(m),
                velocity: 80,
            })
            .collect()
    }

    #[test]
    fn finds_and_repairs_parallel_fifths() {
        let key = Key::parse("C major").unwrap();
        // C5/F4? melody G4 -> A4 over bass C3 -> D3: fifths in parallel
        let melody = line(&[(0, 67), (1, 69)]);
        let mut bass = line(&[(0, 48), (1, 50)]);
        let (bad, motions) = parallels(&melody, &bass);
        assert_eq!((bad.len(), motions), (1, 1));
        let left = repair(
            &melody,
            &mut bass,
            key,
            |t| {
                if t < 960 {
                    Chord::diatonic(key, 0)
                } else {
                    Chord::diatonic(key, 1)
                }
            },
            36,
            60,
        );
        assert_eq!(left, 0);
        assert_ne!(bass[1].pitch.midi() % 12, 2);
        assert!(Chord::diatonic(key, 1).contains_class(key, bass[1].pitch.midi()));
    }

    #[test]
    fn contrary_motion_is_fine() {
        let melody = line(&[(0, 67), (1, 65)]);
        let bass = line(&[(0, 48), (1, 50)]);
        assert!(parallels(&melody, &bass).0.is_empty());
    }
}
