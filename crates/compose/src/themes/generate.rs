//! Theme candidates: a harmonic skeleton, a rhythm from cells, and pitches chosen beat by beat
//! (chord tones on strong beats, steps between). Many candidates are drawn from the seed and the
//! best by [`super::rules`] plus distinctness wins; nothing is the "first random draw".

use super::{
    character::ThemeSpec,
    rhythm_cells::{motif_cells, FINAL_CELLS, HALF_CADENCE_CELLS},
    theme::{ThemeNote, SIXTEENTHS_PER_BAR},
};
use crate::rng::Dice;
use leitmotif_theory::{Chord, Degree, Key, Letter, Mode, PitchClass};

const BARS: usize = 8;

/// The harmony a period implies: antecedent ends on V (half cadence), consequent on I.
pub fn skeleton(d: &mut Dice, mode: Mode) -> Vec<Chord> {
    let key = Key::new(PitchClass::new(Letter::C, 0), mode);
    let c = |s: i8| Chord::diatonic(key, s);
    let major: &[[i8; 8]] = &[
        [0, 0, 3, 4, 0, 5, 4, 0],
        [0, 5, 3, 4, 0, 3, 4, 0],
        [0, 3, 1, 4, 0, 5, 4, 0],
        [0, 3, 0, 4, 5, 3, 4, 0],
        [0, 4, 5, 4, 0, 3, 4, 0],
    ];
    let minor: &[[i8; 8]] = &[
        [0, 5, 3, 4, 0, 5, 4, 0],
        [0, 3, 0, 4, 0, 3, 4, 0],
        [0, 6, 5, 4, 0, 3, 4, 0],
        [0, 2, 3, 4, 5, 3, 4, 0],
    ];
    let table = if mode.is_minor_family() { minor } else { major };
    d.pick(table).iter().map(|&s| c(s)).collect()
}

/// Chord tones of a chord as scale steps (0..7) in the theme's mode.
fn chord_steps(chord: Chord) -> [i8; 3] {
    let r = chord.root.step.rem_euclid(7);
    [r, (r + 2) % 7, (r + 4) % 7]
}

/// The chord-tone step closest to `cur` (any octave), optionally avoiding `cur` itself.
fn nearest_chord_tone(cur: i8, chord: Chord, d: &mut Dice, avoid_repeat: bool, reach: i8) -> i8 {
    let mut options: Vec<(i8, f64)> = Vec::new();
    for base in chord_steps(chord) {
        for oct in -2..=2 {
            let s = base + 7 * oct;
            let dist = (s - cur).abs();
            if dist <= reach && !(avoid_repeat && dist == 0) {
                options.push((s, libm::exp(-(dist as f64) * 0.9)));
            }
        }
    }
    if options.is_empty() {
        return cur;
    }
    let w: Vec<f64> = options.iter().map(|o| o.1).collect();
    options[d.weighted(&w)].0
}

/// Fills one bar's pitches given its rhythm, moving from `cur`.
fn fill_bar(
    d: &mut Dice,
    spec: &ThemeSpec,
    bar: usize,
    rhythm: &[u16],
    chord: Chord,
    cur: &mut i8,
    climb: i8,
) -> Vec<ThemeNote> {
    let mut out = Vec::new();
    let mut pos = 0u16;
    for (i, &len) in rhythm.iter().enumerate() {
        let start = bar as u16 * SIXTEENTHS_PER_BAR + pos;
        let strong = pos.is_multiple_of(8) || len >= 8;
        let next = if bar == 0 && i == 0 {
            *cur
        } else if strong {
            let avoid_repeat = d.chance(0.8);
            nearest_chord_tone(*cur + climb, chord, d, avoid_repeat, 4)
        } else if d.chance(1.0 - spec.leapiness * 0.6) {
            let dir = if climb != 0 && d.chance(0.65) {
                climb.signum()
            } else if d.chance(0.5) {
                1
            } else {
                -1
            };
            *cur + dir
        } else {
            nearest_chord_tone(*cur, chord, d, true, 5)
        };
        *cur = next;
        out.push(ThemeNote {
            degree: Degree::new(next),
            start,
            len,
        });
        pos += len;
    }
    out
}

/// One candidate theme: notes and the harmony they were written over. `fixed` bars (already in
/// theme time) are kept verbatim (relationship themes quote their parents this way).
///
/// With `period`, bars 5-6 restate bars 1-2 (period form); without, they are composed afresh.
pub fn candidate(
    d: &mut Dice,
    spec: &ThemeSpec,
    fixed: &[Option<Vec<ThemeNote>>],
    period: bool,
) -> (Vec<ThemeNote>, Vec<Chord>) {
    let chords = skeleton(d, spec.mode);
    let cells = motif_cells(spec.rhythm);
    let bar1 = *d.pick(cells);
    let bar2 = *d.pick(cells);
    let bar3 = if d.chance(0.5) { bar1 } else { *d.pick(cells) };
    let bar4 = *d.pick(HALF_CADENCE_CELLS);
    let bar7 = *d.pick(cells);
    let bar8 = *d.pick(FINAL_CELLS);
    let rhythms: [&[u16]; BARS] = [bar1, bar2, bar3, bar4, bar1, bar2, bar7, bar8];
    // contour plan: rise towards a climax in bar 6-7, fall to the cadence
    let climb_by_bar: [i8; BARS] = [0, 1, 0, -1, 0, 1, 1, -1];
    let mut cur: i8 = match spec.opening_leap {
        Some(leap) => -leap, // start below and leap up to the tonic: the opening gesture
        None => *d.pick(&[0, 2, 4, -3]),
    };
    let mut notes: Vec<ThemeNote> = Vec::new();
    for bar in 0..BARS {
        if let Some(Some(fixed_bar)) = fixed.get(bar) {
            notes.extend(fixed_bar.iter().copied());
            if let Some(last) = fixed_bar.last() {
                cur = last.degree.step;
            }
            continue;
        }
        let bar_notes = if period && (bar == 4 || bar == 5) {
            // the consequent restates the basic idea (period form)
            notes
                .iter()
                .filter(|n| n.bar() == bar - 4)
                .map(|n| ThemeNote {
                    start: n.start + 64,
                    ..*n
                })
                .collect()
        } else {
            fill_bar(
                d,
                spec,
                bar,
                rhythms[bar],
                chords[bar],
                &mut cur,
                climb_by_bar[bar],
            )
        };
        if let Some(last) = bar_notes.last() {
            cur = last.degree.step;
        }
        notes.extend(bar_notes);
        if spec.opening_leap.is_some() && bar == 0 && notes.len() > 1 {
            // make the opening gesture explicit: first interval is the trait's leap up to the tonic
            notes[1].degree = Degree::new(0);
        }
    }
    let mut chords = chords;
    if period {
        // the restated basic idea brings its own harmony with it
        chords[4] = chords[0];
        chords[5] = chords[1];
    }
    shape_cadences(&mut notes);
    if spec.chromatic {
        add_chromatic_neighbour(d, &mut notes, spec.mode);
    }
    (notes, chords)
}

/// Forces the cadence notes: bar 4 ends on a dominant-chord tone, bar 7 approaches the tonic by
/// step and bar 8 lands on it.
fn shape_cadences(notes: &mut [ThemeNote]) {
    let last_of_bar = |notes: &[ThemeNote], bar: usize| notes.iter().rposition(|n| n.bar() == bar);
    if let Some(i) = last_of_bar(notes, 3) {
        let cur = notes[i].degree.step;
        let best = [4i8, 1, -1, 6, 8, -3]
            .into_iter()
            .min_by_key(|s| (s - cur).abs())
            .unwrap_or(4);
        notes[i].degree = Degree::new(best);
    }
    if let Some(i) = last_of_bar(notes, 7) {
        let prev = if i > 0 { notes[i - 1].degree.step } else { 0 };
        let tonic = if (prev - 7).abs() < (prev).abs() {
            7
        } else {
            0
        };
        notes[i].degree = Degree::new(tonic);
        if let Some(j) = last_of_bar(notes, 6) {
            let p = notes[j].degree.step;
            let approach = [tonic + 1, tonic - 1, tonic + 2]
                .into_iter()
                .min_by_key(|s| (s - p).abs())
                .unwrap_or(tonic + 1);
            notes[j].degree = Degree::new(approach);
        }
    }
}

/// Colours a mysterious theme: one weak-beat lower neighbour is raised to lie a semitone under
/// the note it leads to (a chromatic leading note, spelled as a raised degree).
fn add_chromatic_neighbour(d: &mut Dice, notes: &mut [ThemeNote], mode: Mode) {
    let whole_step_below =
        |target: i8| mode.semitones(target as i32) - mode.semitones(target as i32 - 1) == 2;
    let weak: Vec<usize> = (1..notes.len().saturating_sub(1))
        .filter(|&i| {
            let target = notes[i + 1].degree.step;
            !notes[i].start.is_multiple_of(8)
                && notes[i].len < 8
                && notes[i].degree.step == target - 1
                && whole_step_below(target)
        })
        .collect();
    if !weak.is_empty() {
        let i = *d.pick(&weak);
        notes[i].degree = Degree::altered(notes[i].degree.step, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_eight_bars_ending_on_the_tonic() {
        let spec = ThemeSpec::from_traits(&[], 0.3);
        for i in 0..50 {
            let mut d = Dice::new(i, "t");
            let (notes, chords) = candidate(&mut d, &spec, &[], true);
            assert_eq!(chords.len(), 8);
            let last = notes.last().unwrap();
            assert_eq!(last.end(), 8 * SIXTEENTHS_PER_BAR);
            assert_eq!(last.degree.step.rem_euclid(7), 0);
            assert!(
                notes.windows(2).all(|w| w[0].end() == w[1].start),
                "contiguous"
            );
        }
    }
}
