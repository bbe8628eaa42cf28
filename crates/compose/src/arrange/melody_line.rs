//! The cue's melody, section by section, in scale degrees: the focus theme stated (re-metered to
//! the cue's meter), developed in sequenced fragments of its motif and of the other themes in the
//! scene, restated at the climax (as the relationship theme when two characters share the scene),
//! and closed by the motif's head resolving to the tonic. Each bar is tagged with the cadence the
//! harmony must make there.

use crate::plan::form::{Section, SectionKind};
use crate::rng::Dice;
use crate::themes::{Theme, ThemeNote, SIXTEENTHS_PER_BAR};
use leitmotif_theory::{Chord, Degree, Meter, Ticks, PPQ};

/// What the harmony must do in a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Free,
    /// Tonic expected (the cue's first bar establishes the key).
    Open,
    /// The phrase pauses on the dominant.
    Half,
    /// The bar before a final arrival: dominant (or pre-dominant) harmony.
    PreFinal,
    /// Arrival on the tonic.
    Final,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MelodyNote {
    pub start: Ticks,
    pub len: Ticks,
    pub degree: Degree,
    /// Octaves above the cue's melody register (the climax may lift by one).
    pub lift: i8,
    /// Which placed phrase the note belongs to; phrases move by whole octaves to join smoothly.
    pub group: u16,
    /// Development material, which may also move by scale steps (a sequence) to join smoothly.
    pub flexible: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MelodyPlan {
    pub notes: Vec<MelodyNote>,
    /// One tag per bar.
    pub cadences: Vec<Cadence>,
    /// The harmony the theme was written over, where a bar states a theme (a prior, not a rule:
    /// re-harmonisation may depart from it).
    pub implied: Vec<Option<Chord>>,
    /// Theme ids in order of first use.
    pub themes_used: Vec<String>,
}

/// How development fragments are re-rhythmed: bright, excited cues run in even notes (a regular
/// pulse), fearful ones break into syncopated shards with rests; others keep the theme's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevRhythm {
    Theme,
    Regular,
    /// Even notes leaping by fourths and fifths around the motif's pitches (heroic, epic).
    Fanfare,
    Irregular,
}

/// The themes a cue may draw on.
pub struct CueThemes<'a> {
    pub focus: &'a Theme,
    pub secondary: Option<&'a Theme>,
    pub relationship: Option<&'a Theme>,
    pub place: Option<&'a Theme>,
}

/// Grid for rhythmic displacements (sixteenth notes).
const GRID: Ticks = PPQ / 4;

/// How many cue bars one 4/4 theme bar fills. The theme is scaled *uniformly* onto whole cue bars
/// (a 3/4 cue takes two bars per theme bar, i.e. x1.5; 6/8 one bar, x0.75), so every rhythmic
/// proportion of the theme survives re-metering exactly and the downbeats still fall on bar lines.
pub fn cue_bars_per_theme_bar(meter: Meter) -> u32 {
    let theme_bar = 4 * PPQ;
    let pulses = meter.pulses();
    if meter.is_compound() && 4 % pulses == 0 {
        // a theme beat becomes a dotted beat: 6/8 takes two bars, 12/8 one
        4 / pulses
    } else if theme_bar.is_multiple_of(meter.bar_ticks()) {
        (theme_bar / meter.bar_ticks()) as u32
    } else if meter.bar_ticks() * 100 >= theme_bar * 85 {
        1
    } else {
        // 3/4, 5/8 ...: enough bars to hold the theme bar, stretched uniformly
        theme_bar.div_ceil(meter.bar_ticks()) as u32
    }
}

/// Places theme notes (sixteenths from an excerpt start, 4/4 bars) into the cue from `first_bar`,
/// scaled uniformly by [`cue_bars_per_theme_bar`].
pub fn place(
    notes: &[ThemeNote],
    first_bar: u32,
    meter: Meter,
    transpose: i8,
    lift: i8,
) -> Vec<MelodyNote> {
    let per_theme_bar = cue_bars_per_theme_bar(meter) as Ticks * meter.bar_ticks();
    let origin = first_bar as Ticks * meter.bar_ticks();
    let tick = |s: u16| origin + s as Ticks * per_theme_bar / SIXTEENTHS_PER_BAR as Ticks;
    notes
        .iter()
        .map(|n| MelodyNote {
            start: tick(n.start),
            len: tick(n.end()) - tick(n.start),
            degree: Degree::altered(n.degree.step + transpose, n.degree.alter),
            lift,
            group: 0,
            flexible: false,
        })
        .collect()
}

fn bars_of(theme: &Theme, bars: &[u16]) -> Vec<ThemeNote> {
    let mut out = Vec::new();
    for (k, &b) in bars.iter().enumerate() {
        for n in theme.excerpt(b, b + 1) {
            out.push(ThemeNote {
                start: n.start + k as u16 * SIXTEENTHS_PER_BAR,
                ..n
            });
        }
    }
    out
}

/// Which theme bars a statement of `n` bars uses: the whole theme, or its opening and its cadence.
fn statement_bars(n: u32) -> Vec<u16> {
    match n {
        0 => vec![],
        1 => vec![7],
        2 => vec![6, 7],
        3 => vec![0, 6, 7],
        n if n >= 8 => (0..8).collect(),
        n => (0..(n as u16 - 2)).chain([6, 7]).collect(),
    }
}

pub fn plan(
    sections: &[Section],
    total_bars: u32,
    meter: Meter,
    themes: &CueThemes,
    d: &mut Dice,
    climax_lift: bool,
    dev: DevRhythm,
) -> MelodyPlan {
    let mut notes: Vec<MelodyNote> = Vec::new();
    let mut cadences = vec![Cadence::Free; total_bars as usize];
    let mut implied: Vec<Option<Chord>> = vec![None; total_bars as usize];
    let mut used: Vec<String> = Vec::new();
    let mut use_theme = |t: &Theme| {
        if !used.contains(&t.id) {
            used.push(t.id.clone());
        }
    };
    let mut statements = 0;
    let m = cue_bars_per_theme_bar(meter);
    for (si, s) in sections.iter().enumerate() {
        let next_is_theme = sections
            .get(si + 1)
            .map(|n| matches!(n.kind, SectionKind::Statement | SectionKind::Climax))
            .unwrap_or(false);
        let last = s.bars.saturating_sub(1);
        let mut tag = |bar: u32, c: Cadence| {
            if let Some(slot) = cadences.get_mut((s.start_bar + bar) as usize) {
                *slot = c;
            }
        };
        match s.kind {
            SectionKind::Intro => {
                if let (Some(place_theme), true) = (themes.place, s.bars >= 2) {
                    use_theme(place_theme);
                    extend_group(
                        &mut notes,
                        place(&place_theme.motif(), s.start_bar, meter, 0, 0),
                    );
                }
                if s.bars >= 2 {
                    tag(last, Cadence::Half);
                }
            }
            SectionKind::Statement | SectionKind::Climax => {
                // only full statements count: a statement squeezed by a cut still states the focus
                if s.bars >= 8 * m {
                    statements += 1;
                }
                let theme = match (statements, s.kind) {
                    (0 | 1, _) => themes.focus,
                    (_, SectionKind::Climax) => themes.relationship.unwrap_or(themes.focus),
                    _ => themes.secondary.unwrap_or(themes.focus),
                };
                use_theme(theme);
                let lift = i8::from(s.kind == SectionKind::Climax && climax_lift);
                let theme_bars = (s.bars / m).clamp(1, 8);
                let bars = statement_bars(theme_bars);
                extend_group(
                    &mut notes,
                    place(&bars_of(theme, &bars), s.start_bar, meter, 0, lift),
                );
                for (k, tb) in bars.iter().enumerate() {
                    for b in 0..m {
                        if let Some(slot) =
                            implied.get_mut((s.start_bar + k as u32 * m + b) as usize)
                        {
                            *slot = theme.chords.get(*tb as usize).copied();
                        }
                    }
                }
                let used_bars = theme_bars * m;
                if theme_bars >= 8 {
                    for b in 3 * m..4 * m {
                        tag(b, Cadence::Half);
                    }
                }
                if used_bars >= 2 {
                    tag(used_bars - m - 1, Cadence::PreFinal);
                }
                for b in used_bars - m..used_bars {
                    tag(b, Cadence::Final);
                }
                if s.bars > used_bars {
                    // a statement longer than the theme: the motif once more, in the leftover bars
                    let extra = place(&themes.focus.motif(), s.start_bar + used_bars, meter, 0, 0);
                    let end = (s.start_bar + s.bars) as Ticks * meter.bar_ticks();
                    extend_group(
                        &mut notes,
                        extra.into_iter().filter_map(|n| cropped(n, end)).collect(),
                    );
                }
            }
            SectionKind::Development => {
                let sources: Vec<&Theme> = [
                    Some(themes.focus),
                    themes.secondary,
                    themes.relationship,
                    themes.place,
                ]
                .into_iter()
                .flatten()
                .collect();
                const SEQUENCES: [[i8; 4]; 4] =
                    [[0, -1, -2, 1], [0, 1, 2, -1], [0, -2, -1, 0], [2, 1, 0, -1]];
                let sequence = d.pick(&SEQUENCES);
                let mut bar = 0;
                let mut k = 0;
                while bar < s.bars {
                    let theme = sources[k % sources.len()];
                    use_theme(theme);
                    let len = (s.bars - bar).min(2 * m);
                    let frag: Vec<u16> = (0..len.div_ceil(m) as u16).collect();
                    let end = (s.start_bar + bar + len) as Ticks * meter.bar_ticks();
                    let placed: Vec<MelodyNote> = place(
                        &bars_of(theme, &frag),
                        s.start_bar + bar,
                        meter,
                        sequence[k % sequence.len()],
                        0,
                    )
                    .into_iter()
                    .filter_map(|n| cropped(n, end))
                    .collect();
                    let fragment = match dev {
                        DevRhythm::Theme => placed,
                        DevRhythm::Regular => even_notes(&placed, s.start_bar + bar, len, meter),
                        DevRhythm::Fanfare => {
                            fanfare(&even_notes(&placed, s.start_bar + bar, len, meter))
                        }
                        DevRhythm::Irregular => stutter(&shards(&placed, d), d, 0.7),
                    };
                    extend_group(
                        &mut notes,
                        fragment
                            .into_iter()
                            .map(|n| MelodyNote {
                                flexible: true,
                                ..n
                            })
                            .collect(),
                    );
                    bar += len;
                    k += 1;
                }
                if next_is_theme {
                    tag(last, Cadence::Half);
                    cadence_note(&mut notes, s.start_bar + last, meter, &[4, 1, -1, 6]);
                } else if s.bars >= 2 {
                    tag(last, Cadence::Final);
                    tag(last - 1, Cadence::PreFinal);
                    cadence_note(&mut notes, s.start_bar + last, meter, &[0, 7, 2]);
                }
            }
            SectionKind::Outro => {
                if s.bars >= 2 {
                    use_theme(themes.focus);
                    let end = (s.start_bar + last) as Ticks * meter.bar_ticks();
                    let head: Vec<MelodyNote> =
                        place(&bars_of(themes.focus, &[0]), s.start_bar, meter, 0, 0)
                            .into_iter()
                            .filter_map(|n| cropped(n, end))
                            .collect();
                    extend_group(&mut notes, head);
                    tag(last - 1, Cadence::PreFinal);
                }
                let prev = notes.last().map(|n| n.degree.step).unwrap_or(0);
                let tonic = if (prev - 7).abs() < prev.abs() { 7 } else { 0 };
                let start = (s.start_bar + last) as Ticks * meter.bar_ticks();
                notes.push(MelodyNote {
                    start,
                    len: meter.bar_ticks(),
                    degree: Degree::new(tonic),
                    lift: 0,
                    group: u16::MAX,
                    flexible: false,
                });
                tag(last, Cadence::Final);
            }
        }
    }
    if let Some(first) = cadences.first_mut() {
        if *first == Cadence::Free {
            *first = Cadence::Open;
        }
    }
    notes.sort_by_key(|n| n.start);
    join_smoothly(&mut notes);
    MelodyPlan {
        notes,
        cadences,
        implied,
        themes_used: used,
    }
}

/// The fragment's pitches re-spaced as even beats (diminution/augmentation to a steady pulse).
fn even_notes(placed: &[MelodyNote], first_bar: u32, bars: u32, meter: Meter) -> Vec<MelodyNote> {
    if placed.is_empty() {
        return Vec::new();
    }
    let slot = if meter.is_compound() {
        meter.pulse_ticks() / 3 * 2
    } else {
        meter.pulse_ticks()
    };
    let start = first_bar as Ticks * meter.bar_ticks();
    let count = (bars as Ticks * meter.bar_ticks() / slot) as usize;
    (0..count)
        .map(|k| {
            let src = placed[(k * placed.len() / count).min(placed.len() - 1)];
            MelodyNote {
                start: start + k as Ticks * slot,
                len: slot,
                ..src
            }
        })
        .collect()
}

/// One note in four leaps a fourth (or a fifth) away from its neighbour: the fanfare shape of
/// heroic music, built on the motif's own pitches, without losing the line's stepwise flow.
fn fanfare(notes: &[MelodyNote]) -> Vec<MelodyNote> {
    notes
        .iter()
        .enumerate()
        .map(|(k, n)| {
            if k % 4 == 1 {
                let base = notes[k - 1].degree.step;
                let up = if (k / 4) % 2 == 0 { 3 } else { 4 };
                let step = if base + up > 9 { base - up } else { base + up };
                MelodyNote {
                    degree: Degree::new(step),
                    ..*n
                }
            } else {
                *n
            }
        })
        .collect()
}

/// Long notes broken into a nervous stutter (two quick repeats, then the held note): the theme's
/// pitches survive, its rhythm turns jerky, as fear wants.
pub fn stutter(notes: &[MelodyNote], d: &mut Dice, chance: f64) -> Vec<MelodyNote> {
    let mut out = Vec::with_capacity(notes.len() * 2);
    for n in notes {
        if n.len >= 8 * GRID && d.chance(chance) {
            out.push(MelodyNote { len: GRID, ..*n });
            out.push(MelodyNote {
                start: n.start + GRID,
                len: GRID,
                ..*n
            });
            out.push(MelodyNote {
                start: n.start + 2 * GRID,
                len: n.len - 2 * GRID,
                ..*n
            });
        } else {
            out.push(*n);
        }
    }
    out
}

/// The fragment broken up: some notes cut short with a rest after them, some pushed off the beat.
fn shards(placed: &[MelodyNote], d: &mut Dice) -> Vec<MelodyNote> {
    placed
        .iter()
        .map(|n| {
            let mut n = *n;
            if n.len >= 2 * GRID && d.chance(0.35) {
                n.len /= 2;
            } else if n.len >= 3 * GRID && d.chance(0.3) {
                n.start += GRID;
                n.len -= GRID;
            }
            n
        })
        .collect()
}

/// For each note, whether it is a leading note: the seventh degree rising by step to the tonic.
pub fn leading_notes(notes: &[MelodyNote]) -> Vec<bool> {
    (0..notes.len())
        .map(|i| {
            let n = notes[i].degree;
            notes
                .get(i + 1)
                .map(|next| n.class() == 6 && n.alter == 0 && next.degree.step == n.step + 1)
                .unwrap_or(false)
        })
        .collect()
}

/// A note cut off at `end` (a section or bar boundary), or nothing if it starts there or later.
fn cropped(n: MelodyNote, end: Ticks) -> Option<MelodyNote> {
    (n.start < end).then(|| MelodyNote {
        len: n.len.min(end - n.start),
        ..n
    })
}

/// Appends a placed phrase under a new group id.
fn extend_group(notes: &mut Vec<MelodyNote>, phrase: Vec<MelodyNote>) {
    let group = notes
        .iter()
        .map(|n| n.group)
        .filter(|g| *g != u16::MAX)
        .max()
        .map(|g| g + 1)
        .unwrap_or(0);
    notes.extend(phrase.into_iter().map(|n| MelodyNote { group, ..n }));
}

/// Widest register the melody may use, in scale steps (11 steps: an octave and a fourth, about 18
/// semitones, the upper end of what people sing).
const WINDOW_STEPS: i8 = 11;
/// Largest join between phrases, in scale steps (a ninth).
const MAX_JOIN_STEPS: i32 = 8;

/// Moves each placed phrase by octaves (development fragments also by a step or two, as a sequence
/// would) so that the whole melody stays inside one singable register and phrases join without
/// wild leaps. It is a global choice, made by dynamic programming over the phrases for every
/// register window that holds the first statement; the cheapest plan wins. The final tonic (group
/// MAX) is a phrase like any other.
fn join_smoothly(notes: &mut [MelodyNote]) {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < notes.len() {
        let g = notes[i].group;
        let j = i + notes[i..].iter().take_while(|n| n.group == g).count();
        groups.push((i, j));
        i = j;
    }
    if groups.len() < 2 {
        return;
    }
    let span = |(i, j): (usize, usize)| -> (i8, i8) {
        (
            notes[i..j].iter().map(|n| n.degree.step).min().unwrap_or(0),
            notes[i..j].iter().map(|n| n.degree.step).max().unwrap_or(0),
        )
    };
    // shift options per phrase: (shift, nudge)
    let options: Vec<Vec<(i8, i8)>> = groups
        .iter()
        .enumerate()
        .map(|(k, &(i, _))| {
            if k == 0 {
                vec![(0, 0)] // the first statement anchors the register
            } else {
                let nudges: &[i8] = if notes[i].flexible {
                    &[0, -1, 1, -2, 2]
                } else {
                    &[0]
                };
                [-14i8, -7, 0, 7, 14]
                    .iter()
                    .flat_map(|o| nudges.iter().map(move |d| (*o + *d, *d)))
                    .collect()
            }
        })
        .collect();
    let join = |leap: i32| leap + 12 * (leap - 5).max(0) + 400 * (leap - MAX_JOIN_STEPS).max(0);
    let (first_lo, first_hi) = span(groups[0]);
    let mut best_plan: Option<(i64, Vec<i8>)> = None;
    for lo in (first_hi - WINDOW_STEPS).min(first_lo)..=first_lo {
        let hi = lo + WINDOW_STEPS;
        let local = |k: usize, (shift, nudge): (i8, i8)| -> i64 {
            let (glo, ghi) = span(groups[k]);
            let spill = (lo - (glo + shift)).max(0) as i64 + ((ghi + shift) - hi).max(0) as i64;
            1000 * spill + 2 * nudge.abs() as i64
        };
        let mut cost: Vec<i64> = options[0].iter().map(|&o| local(0, o)).collect();
        let mut back: Vec<Vec<usize>> = Vec::new();
        for k in 1..groups.len() {
            let last_prev = notes[groups[k - 1].1 - 1].degree.step;
            let first_here = notes[groups[k].0].degree.step;
            let mut next = vec![i64::MAX; options[k].len()];
            let mut from = vec![0usize; options[k].len()];
            for (b, &ob) in options[k].iter().enumerate() {
                let here = local(k, ob);
                for (a, &oa) in options[k - 1].iter().enumerate() {
                    let leap = ((first_here + ob.0) - (last_prev + oa.0)).abs() as i32;
                    let c = cost[a].saturating_add(join(leap) as i64 + here);
                    if c < next[b] {
                        next[b] = c;
                        from[b] = a;
                    }
                }
            }
            back.push(from);
            cost = next;
        }
        let (mut at, total) = cost
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| **c)
            .map(|(i, c)| (i, *c))
            .unwrap_or((0, 0));
        if best_plan.as_ref().map(|b| total < b.0).unwrap_or(true) {
            let mut shifts = vec![0i8; groups.len()];
            for k in (0..groups.len()).rev() {
                shifts[k] = options[k][at].0;
                if k > 0 {
                    at = back[k - 1][at];
                }
            }
            best_plan = Some((total, shifts));
        }
    }
    let Some((_, shifts)) = best_plan else { return };
    for (k, &(i, j)) in groups.iter().enumerate() {
        for n in notes[i..j].iter_mut() {
            n.degree = Degree::altered(n.degree.step + shifts[k], n.degree.alter);
        }
        // a pickup that opens with a big leap is displaced by an octave when the join would
        // otherwise leap past a sixth: the gesture is kept, the singer is spared
        if k > 0 && j - i >= 2 {
            let prev = notes[i - 1].degree.step;
            let (first, second) = (notes[i].degree.step, notes[i + 1].degree.step);
            for octave in [7i8, -7] {
                let moved = first + octave;
                if (first - prev).abs() > 5
                    && (moved - prev).abs() < (first - prev).abs()
                    && (moved - second).abs() <= 5
                {
                    notes[i].degree = Degree::altered(moved, notes[i].degree.alter);
                    break;
                }
            }
        }
    }
}

/// Makes the last note in a bar a long cadence note on the nearest of `targets` (scale steps).
fn cadence_note(notes: &mut [MelodyNote], bar: u32, meter: Meter, targets: &[i8]) {
    let lo = bar as Ticks * meter.bar_ticks();
    let hi = lo + meter.bar_ticks();
    if let Some(i) = notes.iter().rposition(|n| n.start >= lo && n.start < hi) {
        let cur = notes[i].degree.step;
        let best = targets
            .iter()
            .flat_map(|t| [*t, t + 7, t - 7])
            .min_by_key(|t| (t - cur).abs())
            .unwrap_or(4);
        notes[i].degree = Degree::new(best);
        notes[i].len = hi - notes[i].start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(step: i8, start: u16, len: u16) -> ThemeNote {
        ThemeNote {
            degree: Degree::new(step),
            start,
            len,
        }
    }

    #[test]
    fn four_four_placement_is_exact() {
        let notes = [n(0, 0, 8), n(2, 8, 4), n(4, 12, 4), n(7, 16, 16)];
        let placed = place(&notes, 2, Meter::COMMON, 0, 0);
        let bar = Meter::COMMON.bar_ticks();
        assert_eq!(placed[0].start, 2 * bar);
        assert_eq!(placed[1].start, 2 * bar + 2 * PPQ);
        assert_eq!(placed[3].start, 3 * bar);
        assert_eq!(placed[3].len, bar);
    }

    #[test]
    fn waltz_placement_keeps_every_proportion() {
        let notes = [
            n(0, 0, 2),
            n(1, 2, 2),
            n(2, 4, 4),
            n(3, 8, 6),
            n(4, 14, 2),
            n(5, 16, 16),
        ];
        let placed = place(&notes, 0, Meter::WALTZ, 1, 0);
        assert_eq!(cue_bars_per_theme_bar(Meter::WALTZ), 2);
        for (p, t) in placed.iter().zip(&notes) {
            assert_eq!(p.start * 2, t.start as Ticks * 3 * GRID, "uniform x1.5");
            assert_eq!(p.len * 2, t.len as Ticks * 3 * GRID);
        }
        // the theme's second bar starts on a bar line of the cue
        assert_eq!(placed.last().unwrap().start % Meter::WALTZ.bar_ticks(), 0);
        assert_eq!(placed[0].degree.step, 1);
    }

    #[test]
    fn joins_keep_a_singable_register() {
        // three phrases that drift upwards by a fifth each time
        let mut notes: Vec<MelodyNote> = Vec::new();
        for g in 0..6u16 {
            for k in 0..6i8 {
                let step = g as i8 * 4 + [0, 2, 4, 3, 1, 5][k as usize];
                let start = (g as Ticks * 6 + k as Ticks) * PPQ;
                notes.push(MelodyNote {
                    start,
                    len: PPQ,
                    degree: Degree::new(step),
                    lift: 0,
                    group: g,
                    flexible: g % 2 == 1,
                });
            }
        }
        join_smoothly(&mut notes);
        let lo = notes.iter().map(|n| n.degree.step).min().unwrap();
        let hi = notes.iter().map(|n| n.degree.step).max().unwrap();
        assert!(hi - lo <= WINDOW_STEPS, "range {lo}..{hi}");
        for w in notes.windows(2) {
            assert!((w[1].degree.step - w[0].degree.step).abs() as i32 <= MAX_JOIN_STEPS);
        }
    }

    #[test]
    fn bars_per_theme_bar_by_meter() {
        assert_eq!(cue_bars_per_theme_bar(Meter::COMMON), 1);
        assert_eq!(cue_bars_per_theme_bar(Meter::parse("6/8").unwrap()), 2);
        assert_eq!(cue_bars_per_theme_bar(Meter::parse("12/8").unwrap()), 1);
        assert_eq!(cue_bars_per_theme_bar(Meter::parse("2/4").unwrap()), 2);
        assert_eq!(cue_bars_per_theme_bar(Meter::parse("5/4").unwrap()), 1);
    }
}
