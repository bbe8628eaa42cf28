//! Harmonisation: one chord per bar chosen by dynamic programming (Viterbi) over the style's chord
//! vocabulary. A chord is scored by how well it fits the melody (chord tones on strong beats), how
//! natural the root motion is (falling fifths, the pre-dominant -> dominant -> tonic cycle), the
//! style's favourite moves, and the cadences the melody's phrases demand. Re-harmonising the same
//! theme in another mode or style therefore gives new but idiomatic chords.

use super::melody_line::{Cadence, MelodyNote};
use crate::plan::intent::Intent;
use leitmotif_story::Style;
use leitmotif_theory::{Chord, ChordQuality, Degree, Key, Meter, Ticks};

/// The chords a style may use in a key.
pub fn vocabulary(key: Key, style: Style, intent: &Intent) -> Vec<Chord> {
    let mut chords: Vec<Chord> = if key.mode.is_minor_family() {
        [0, 2, 3, 4, 5, 6]
            .iter()
            .map(|&s| Chord::diatonic(key, s))
            .collect()
    } else {
        (0..6).map(|s| Chord::diatonic(key, s)).collect()
    };
    if !key.mode.is_minor_family() {
        if intent.bittersweet {
            chords.push(Chord::new(Degree::new(3), ChordQuality::Minor)); // borrowed iv
        }
        if matches!(style, Style::Rock | Style::Synthwave | Style::Orchestral) {
            chords.push(Chord::new(Degree::altered(6, -1), ChordQuality::Major));
            // bVII
        }
    }
    chords
}

fn is_tonic(c: &Chord) -> bool {
    c.root.step.rem_euclid(7) == 0 && c.root.alter == 0
}

fn is_dominant(c: &Chord) -> bool {
    c.root.step.rem_euclid(7) == 4 && matches!(c.quality.triad(), ChordQuality::Major)
}

fn is_predominant(c: &Chord) -> bool {
    matches!(c.root.step.rem_euclid(7), 1 | 3) && c.root.alter == 0
}

/// Pitch class of a melody note as it will sound over `chord`. In minor, a seventh degree that
/// rises to the tonic over dominant harmony is raised (harmonic minor); elsewhere the melody keeps
/// the natural seventh, so the tune stays in one scale.
pub fn sounding_class(key: Key, degree: Degree, chord: &Chord, leading: bool) -> i32 {
    let raise = leading
        && key.mode.is_minor_family()
        && degree.class() == 6
        && degree.alter == 0
        && (is_dominant(chord)
            || chord.root.step.rem_euclid(7) == 6 && chord.quality == ChordQuality::Diminished);
    key.pitch_class_of(Degree::altered(degree.step, degree.alter + i8::from(raise)))
}

/// How badly a chord fits the melody notes of its bar.
fn melody_cost(
    key: Key,
    chord: &Chord,
    notes: &[(&MelodyNote, bool)],
    bar_start: Ticks,
    meter: Meter,
) -> f64 {
    let mask = chord.pitch_class_mask(key);
    let mut cost = 0.0;
    for &(n, leading) in notes {
        let pos = n.start.saturating_sub(bar_start);
        let strong = pos == 0 || (meter.pulses() >= 4 && pos == meter.bar_ticks() / 2);
        let weight = (n.len as f64 / meter.bar_ticks() as f64).min(1.0)
            * if strong { 3.0 } else { 1.0 }
            + if strong { 0.5 } else { 0.1 };
        let pc = sounding_class(key, n.degree, chord, leading);
        if mask & (1 << pc) == 0 {
            cost += weight;
            // a semitone against a chord tone is the harshest clash
            if mask & (1 << ((pc + 1) % 12)) != 0 || mask & (1 << ((pc + 11) % 12)) != 0 {
                cost += 0.5 * weight;
            }
        }
    }
    cost
}

/// Cost of moving from one chord to the next: common-practice root motion plus style idioms.
fn motion_cost(a: &Chord, b: &Chord, style: Style, minor: bool) -> f64 {
    let ra = a.root.step.rem_euclid(7) as i32;
    let rb = b.root.step.rem_euclid(7) as i32;
    let up = (rb - ra).rem_euclid(7);
    let mut cost = match up {
        0 => {
            if a == b {
                0.7
            } else {
                0.4
            }
        }
        3 => 0.0,  // up a fourth = down a fifth: the strongest progression
        4 => 0.25, // up a fifth
        5 => 0.15, // down a third
        1 => 0.25, // up a step (IV-V, V-vi)
        2 => 0.45, // up a third
        6 => 0.4, // down a step (vi-V and IV-iii are common; V-IV is a retrogression, priced below)
        _ => 0.5,
    };
    if is_dominant(a) && !(is_tonic(b) || rb == 5) {
        cost += 0.9; // an unresolved dominant
    }
    let pair = |x: i32, y: i32| ra == x && rb == y;
    let idiom = match style {
        Style::KdramaBallad => pair(3, 4) || pair(4, 2) || pair(2, 5) || pair(5, 3) || pair(0, 4),
        Style::Lofi | Style::Jazz => pair(1, 4) || pair(4, 0) || pair(5, 1) || pair(0, 5),
        Style::Rock | Style::Synthwave | Style::Chiptune => {
            pair(0, 4) || pair(4, 5) || pair(5, 3) || pair(3, 0) || pair(6, 3) || pair(6, 0)
        }
        Style::Orchestral | Style::Ambient => {
            if minor {
                pair(0, 5) || pair(5, 2) || pair(2, 6) || pair(6, 0) || pair(3, 4)
            } else {
                pair(3, 4) || pair(1, 4) || pair(0, 3)
            }
        }
    };
    if idiom {
        cost -= 0.3;
    }
    if minor && pair(6, 2) {
        cost -= 0.2; // VII-III, the relative-major turn
    }
    cost
}

fn cadence_cost(c: &Chord, cadence: Cadence, tonic_bias: f64) -> f64 {
    match cadence {
        // outside cadences the tonic is home and the dominant is saved for where it means something:
        // that is what lets a listener (and a key finder) hear the key
        Cadence::Free => {
            if is_tonic(c) {
                -0.35 - tonic_bias
            } else if is_dominant(c) {
                0.5 + tonic_bias
            } else if c.root.step.rem_euclid(7) == 2 {
                0.3 // iii: the weakest function, and it blurs the key
            } else {
                0.0
            }
        }
        Cadence::Open | Cadence::Final => {
            if is_tonic(c) {
                0.0
            } else {
                8.0
            }
        }
        Cadence::Half => {
            if is_dominant(c) {
                0.0
            } else {
                8.0
            }
        }
        Cadence::PreFinal => {
            if is_dominant(c) {
                0.0
            } else if is_predominant(c) {
                0.6
            } else {
                4.0
            }
        }
    }
}

/// Chooses one chord per bar.
///
/// `tonic_bias` (0 = none) strengthens the pull to the tonic outside cadences; the composer raises
/// it when a cue does not yet sound unmistakably in its key.
#[allow(clippy::too_many_arguments)]
pub fn harmonise(
    key: Key,
    meter: Meter,
    style: Style,
    intent: &Intent,
    melody: &[MelodyNote],
    cadences: &[Cadence],
    implied: &[Option<Chord>],
    tonic_bias: f64,
) -> Vec<Chord> {
    let vocab = vocabulary(key, style, intent);
    let bars = cadences.len();
    if bars == 0 || vocab.is_empty() {
        return Vec::new();
    }
    let bar_ticks = meter.bar_ticks();
    let minor = key.mode.is_minor_family();
    let leading = super::melody_line::leading_notes(melody);
    let mut by_bar: Vec<Vec<(&MelodyNote, bool)>> = vec![Vec::new(); bars];
    for (n, l) in melody.iter().zip(leading) {
        let b = (n.start / bar_ticks) as usize;
        if b < bars {
            by_bar[b].push((n, l));
        }
    }
    let prior = |b: usize, c: &Chord| match implied.get(b).copied().flatten() {
        Some(i) if i.root.step.rem_euclid(7) == c.root.step.rem_euclid(7) => -1.0,
        _ => 0.0,
    };
    let local = |b: usize, c: &Chord| {
        melody_cost(key, c, &by_bar[b], b as Ticks * bar_ticks, meter)
            + cadence_cost(c, cadences[b], tonic_bias)
            + prior(b, c)
    };
    let k = vocab.len();
    let mut cost: Vec<f64> = vocab.iter().map(|c| local(0, c)).collect();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(bars);
    for b in 1..bars {
        let mut next = vec![f64::INFINITY; k];
        let mut from = vec![0usize; k];
        for (j, cj) in vocab.iter().enumerate() {
            let here = local(b, cj);
            for (i, ci) in vocab.iter().enumerate() {
                let c = cost[i] + motion_cost(ci, cj, style, minor) + here;
                if c < next[j] {
                    next[j] = c;
                    from[j] = i;
                }
            }
        }
        back.push(from);
        cost = next;
    }
    let mut best = (0..k)
        .min_by(|a, b| cost[*a].total_cmp(&cost[*b]))
        .unwrap_or(0);
    let mut path = vec![best; bars];
    for b in (1..bars).rev() {
        best = back[b - 1][best];
        path[b - 1] = best;
    }
    let chords: Vec<Chord> = path.into_iter().map(|i| vocab[i]).collect();
    colour(chords, style, intent, cadences)
}

/// Style colour on top of the functional skeleton: sevenths for jazz and lo-fi, added ninths for
/// ballads, dominant sevenths at cadences, suspended dominants in ambient and tense cues.
fn colour(chords: Vec<Chord>, style: Style, intent: &Intent, cadences: &[Cadence]) -> Vec<Chord> {
    chords
        .into_iter()
        .enumerate()
        .map(|(b, c)| {
            let cadence = cadences.get(b).copied().unwrap_or(Cadence::Free);
            let mut q = c.quality;
            let bright = intent.valence >= 0.45;
            match style {
                // sevenths are the idiom, but bright cues keep them to the dominant
                Style::Jazz | Style::Lofi if !bright => q = q.with_seventh(is_dominant(&c)),
                Style::KdramaBallad
                    if !bright
                        && is_tonic(&c)
                        && cadence == Cadence::Free
                        && q == ChordQuality::Major =>
                {
                    q = ChordQuality::Add9
                }
                _ => {}
            }
            // the dominant seventh carries the key's fourth degree, the one note that tells a key
            // from its dominant; only a bare half cadence keeps the plain triad
            // (bright cues keep it for the cadence: its tritone would sour them)
            if is_dominant(&c)
                && cadence != Cadence::Half
                && (!bright
                    || cadence == Cadence::PreFinal
                    || matches!(style, Style::Jazz | Style::Lofi))
            {
                q = ChordQuality::Dominant7;
            }
            if intent.dissonance > 0.3
                && is_tonic(&c)
                && q == ChordQuality::Minor
                && cadence == Cadence::Free
            {
                q = ChordQuality::MinorAdd9;
            }
            if intent.dissonance > 0.3 && c.root.step.rem_euclid(7) == 3 && q == ChordQuality::Minor
            {
                q = ChordQuality::Minor7;
            }
            Chord::new(c.root, q)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::NamedEmotion;

    fn note(bar: u64, step: i8, len_beats: u64) -> MelodyNote {
        MelodyNote {
            start: bar * 3840,
            len: len_beats * 960,
            degree: Degree::new(step),
            lift: 0,
            group: 0,
            flexible: false,
        }
    }

    #[test]
    fn cadences_are_obeyed_and_melody_fits() {
        let key = Key::parse("C major").unwrap();
        let intent = Intent::from_emotion(NamedEmotion::Tender.point(), Style::Orchestral, 0.5);
        // melody: E (I), F (IV or ii), D (V), C (I)
        let mel = [note(0, 2, 4), note(1, 3, 4), note(2, 1, 4), note(3, 0, 4)];
        let cad = [
            Cadence::Open,
            Cadence::Free,
            Cadence::PreFinal,
            Cadence::Final,
        ];
        let chords = harmonise(
            key,
            Meter::COMMON,
            Style::Orchestral,
            &intent,
            &mel,
            &cad,
            &[],
            0.0,
        );
        assert_eq!(chords.len(), 4);
        assert!(is_tonic(&chords[0]) && is_tonic(&chords[3]));
        assert!(is_dominant(&chords[2]));
        assert!(
            chords[1].contains_class(key, 5),
            "F must be a chord tone in bar 2: {}",
            chords[1].roman()
        );
    }

    #[test]
    fn minor_dominant_raises_the_leading_note() {
        let key = Key::parse("A minor").unwrap();
        let v = Chord::diatonic(key, 4);
        assert_eq!(sounding_class(key, Degree::new(6), &v, true), 8); // G# rising to A
        assert_eq!(sounding_class(key, Degree::new(6), &v, false), 7); // G that does not resolve
        assert_eq!(
            sounding_class(key, Degree::new(6), &Chord::diatonic(key, 2), true),
            7
        ); // G over III
    }
}
