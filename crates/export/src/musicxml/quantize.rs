//! From performed ticks to notated ticks.
//!
//! The score is a performance: onsets are humanised by a few ticks, swing delays off-beats, and
//! articulation shortens notes to a share of the time to the next one. Notation needs the rhythm
//! the player should read, so before anything is written each part is snapped to a grid:
//!
//! - **Onsets.** Each beat picks the simplest grid that explains all the onsets in it within
//!   [`TOLERANCE`] ticks (the humaniser moves onsets by at most 8): eighths, sixteenths,
//!   triplet eighths, thirty-seconds, triplet sixteenths, sixty-fourths. Swung eighths therefore
//!   become triplets, exactly as the MIDI plays them, and nothing is moved further than the
//!   tolerance unless no grid fits.
//! - **Ends.** An end that reaches (within the tolerance) the next onset of the part is
//!   that onset; one on the beat's grid stays; one shortened by articulation (at least 60 % of
//!   the way to the next onset) is written legato to it — the player phrases it, as from any
//!   part; anything else is rounded to the beat's grid. A note never becomes empty.
//!
//! Onsets are never dropped or merged, so the notation has exactly the notes of the MIDI file.

use super::layout::Layout;
use leitmotif_score::Note;
use leitmotif_theory::{Pitch, Ticks};
use std::collections::BTreeMap;

/// How far a performed onset may be from the grid point it is written at.
pub(crate) const TOLERANCE: Ticks = 10;

/// The finest written value: a sixty-fourth note.
pub(crate) const FINEST: Ticks = leitmotif_theory::PPQ / 16;

/// A note at notated ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QNote {
    pub start: Ticks,
    pub end: Ticks,
    /// Sounding pitch (for drums, the GM key as a pitch).
    pub pitch: Pitch,
    pub velocity: u8,
}

/// The candidate grids of a beat, simplest first. Compound beats (three units) divide into
/// three before two.
pub(crate) fn grids(beat: Ticks, compound: bool) -> Vec<Ticks> {
    let divisors: &[Ticks] = if compound {
        &[3, 6, 2, 12, 4, 24]
    } else {
        &[2, 4, 3, 8, 6, 16]
    };
    let mut out: Vec<Ticks> = Vec::new();
    for &d in divisors {
        if beat.is_multiple_of(d) && beat / d >= FINEST && !out.contains(&(beat / d)) {
            out.push(beat / d);
        }
    }
    if beat.is_multiple_of(FINEST) && !out.contains(&FINEST) {
        out.push(FINEST);
    }
    if out.is_empty() {
        out.push(beat);
    }
    out
}

/// The grid point nearest `at` (ties go earlier).
fn snap(at: Ticks, origin: Ticks, grid: Ticks) -> Ticks {
    let offset = at - origin;
    let down = offset / grid * grid;
    if offset - down <= grid - (offset - down) {
        origin + down
    } else {
        origin + down + grid
    }
}

fn error(at: Ticks, origin: Ticks, grid: Ticks) -> Ticks {
    snap(at, origin, grid).abs_diff(at)
}

/// Chooses the grid for a beat: the first that explains every onset within the tolerance; else
/// (onsets that mix kinds, like swing applied to sixteenths) the simplest that keeps every
/// onset within a twenty-fourth of the beat; else the one with the smallest worst error.
fn choose_grid(onsets: &[Ticks], origin: Ticks, beat: Ticks, candidates: &[Ticks]) -> Ticks {
    let worst = |g: Ticks| {
        onsets
            .iter()
            .map(|&t| error(t, origin, g))
            .max()
            .unwrap_or(0)
    };
    let fits = |limit: Ticks| candidates.iter().copied().find(|&g| worst(g) <= limit);
    fits(TOLERANCE)
        .or_else(|| fits(beat / 24))
        .unwrap_or_else(|| {
            candidates
                .iter()
                .copied()
                .min_by_key(|&g| (worst(g), std::cmp::Reverse(g)))
                .expect("at least one grid")
        })
}

/// How close an end must be to a grid point to be taken as meant: the tolerance on simple
/// grids (halves, quarters, thirds of the beat), exact on finer ones.
fn end_tolerance(grid: Ticks, beat: Ticks, compound: bool) -> Ticks {
    let simple = if compound {
        grid >= beat / 6
    } else {
        grid >= beat / 4 || grid == beat / 3
    };
    if simple {
        TOLERANCE
    } else {
        1
    }
}

struct BeatGrids<'a> {
    layout: &'a Layout,
    chosen: BTreeMap<Ticks, Ticks>,
}

impl BeatGrids<'_> {
    fn compound_at(&self, at: Ticks) -> bool {
        self.layout.bar_at(at).meter.is_compound()
    }

    /// The grid an end inside this beat is rounded to. In a beat with onsets: the beat's onset
    /// grid, or half of it when that is a plain grid (a staccato sixteenth among eighths), but
    /// never a finer grid of the other kind (an on-beat note in a swung beat ends on the
    /// triplet, not on the half beat). In a beat without onsets: the simplest grid that holds
    /// the end exactly, else sixteenths (a sixth of a compound beat).
    fn end_grid(&self, beat_start: Ticks, beat: Ticks, at: Ticks) -> Ticks {
        let compound = self.compound_at(beat_start);
        if let Some(&c) = self.chosen.get(&beat_start) {
            let half = c / 2;
            if binary_ok(c)
                && half >= FINEST
                && binary_ok(half)
                && error(at, beat_start, c) > TOLERANCE
                && error(at, beat_start, half) <= TOLERANCE
            {
                return half;
            }
            return c;
        }
        let candidates = grids(beat, compound);
        if let Some(g) = candidates
            .iter()
            .copied()
            .find(|&g| error(at, beat_start, g) <= end_tolerance(g, beat, compound))
        {
            return g;
        }
        let coarse = if compound { beat / 6 } else { beat / 4 };
        if coarse >= FINEST && beat.is_multiple_of(coarse) {
            coarse
        } else {
            *candidates.last().expect("at least one grid")
        }
    }

    /// The grid point for a tick in its beat (beat boundaries within the tolerance win).
    fn place(&self, at: Ticks, grid_of: impl Fn(Ticks, Ticks) -> Ticks) -> Ticks {
        let (start, beat) = self.layout.beat_at(at);
        if at - start <= TOLERANCE {
            return start;
        }
        if start + beat - at <= TOLERANCE {
            return start + beat;
        }
        snap(at, start, grid_of(start, beat))
    }
}

/// Snaps a part's notes to notated positions (same order as given).
pub(crate) fn quantize(notes: &[Note], layout: &Layout) -> Vec<QNote> {
    let end_of_music = layout.end();
    let mut grids_by_beat = BeatGrids {
        layout,
        chosen: BTreeMap::new(),
    };
    // onsets, grouped by beat
    let mut pending: BTreeMap<Ticks, Vec<Ticks>> = BTreeMap::new();
    for n in notes {
        let (start, beat) = layout.beat_at(n.start);
        let near_boundary = n.start - start <= TOLERANCE || start + beat - n.start <= TOLERANCE;
        if !near_boundary {
            pending.entry(start).or_default().push(n.start);
        }
    }
    for (&beat_start, onsets) in &pending {
        let (_, beat) = layout.beat_at(beat_start);
        let candidates = grids(beat, grids_by_beat.compound_at(beat_start));
        let g = choose_grid(onsets, beat_start, beat, &candidates);
        grids_by_beat.chosen.insert(beat_start, g);
    }
    let last = end_of_music.saturating_sub(FINEST);
    let starts: Vec<Ticks> = notes
        .iter()
        .map(|n| {
            let at = grids_by_beat.place(n.start, |s, _| {
                grids_by_beat.chosen.get(&s).copied().unwrap_or(FINEST)
            });
            if at >= end_of_music {
                last
            } else {
                at
            }
        })
        .collect();
    let mut onsets: Vec<Ticks> = starts.clone();
    onsets.sort_unstable();
    onsets.dedup();

    let mut out: Vec<QNote> = notes
        .iter()
        .zip(&starts)
        .map(|(n, &start)| {
            let raw_end = n.end();
            let next = onsets.get(onsets.partition_point(|&t| t <= start)).copied();
            // the end on its beat's grid, and whether it lies there by intent: within the
            // tolerance of a simple grid, or exactly on a fine one (fine grids are close enough
            // to anything to match by chance)
            let (gridded, tolerance) = {
                let (s, beat) = layout.beat_at(raw_end);
                let g = grids_by_beat.end_grid(s, beat, raw_end);
                let tolerance = end_tolerance(g, beat, grids_by_beat.compound_at(s));
                (grids_by_beat.place(raw_end, |_, _| g), tolerance)
            };
            let legato = |next: Ticks| {
                raw_end < next && 5 * raw_end.saturating_sub(start) >= 3 * (next - start)
            };
            let end = match next {
                Some(next) if raw_end.abs_diff(next) <= TOLERANCE => next,
                _ if gridded.abs_diff(raw_end) <= tolerance => gridded,
                Some(next) if legato(next) => next,
                _ => gridded,
            };
            QNote {
                start,
                end: end.min(end_of_music),
                pitch: n.pitch,
                velocity: n.velocity,
            }
        })
        .collect();
    resolve_mixed_beats(&mut out, layout);
    for q in out.iter_mut() {
        if q.end <= q.start {
            let (s, beat) = layout.beat_at(q.start);
            let unit = grids_by_beat.end_grid(s, beat, q.start).min(beat);
            q.end = q.start + unit;
            if q.end > end_of_music {
                q.end = end_of_music;
                q.start = end_of_music.saturating_sub(unit);
            }
        }
    }
    out
}

/// Whether an offset inside a beat can be written with plain (binary) values.
pub(crate) fn binary_ok(offset: Ticks) -> bool {
    offset.is_multiple_of(FINEST)
}

/// Whether an offset inside a beat lies on the triplet grid (sixths of the beat).
pub(crate) fn ternary_ok(offset: Ticks, beat: Ticks) -> bool {
    (offset * 6).is_multiple_of(beat)
}

/// A beat can be written either with plain values or as a triplet group, not both. Where the
/// part's onsets and ends inside one beat mix the two (swing applied to a sixteenth figure
/// delays only its off-beat eighth), the boundaries of the less used kind move to the other
/// kind's grid: to the coarsest plain grid within a twenty-fourth of the beat (a swung
/// sixteenth figure reads 16th, dotted 16th, 32nd, 16th), or to the triplet grid.
fn resolve_mixed_beats(notes: &mut [QNote], layout: &Layout) {
    let mut inner: BTreeMap<Ticks, (Ticks, usize, usize)> = BTreeMap::new();
    for q in notes.iter() {
        for t in [q.start, q.end] {
            let (s, beat) = layout.beat_at(t);
            if t == s || layout.bar_at(s).meter.is_compound() {
                continue;
            }
            let entry = inner.entry(s).or_insert((beat, 0, 0));
            let offset = t - s;
            match (binary_ok(offset), ternary_ok(offset, beat)) {
                (true, false) => entry.1 += 1,
                (false, true) => entry.2 += 1,
                _ => {}
            }
        }
    }
    let mixed: BTreeMap<Ticks, (Ticks, bool)> = inner
        .into_iter()
        .filter(|(_, (_, binary, ternary))| *binary > 0 && *ternary > 0)
        .map(|(s, (beat, binary, ternary))| (s, (beat, ternary > binary)))
        .collect();
    if mixed.is_empty() {
        return;
    }
    let fix = |t: Ticks| -> Ticks {
        let (s, _) = layout.beat_at(t);
        match mixed.get(&s) {
            Some(&(beat, true)) if t != s => snap(t, s, (beat / 6).max(1)),
            Some(&(beat, false)) if t != s => {
                let near = beat / 24;
                [beat / 4, beat / 8, FINEST]
                    .into_iter()
                    .filter(|&g| g >= FINEST && binary_ok(g))
                    .map(|g| snap(t, s, g))
                    .find(|&p| p.abs_diff(t) <= near)
                    .unwrap_or_else(|| snap(t, s, FINEST))
            }
            _ => t,
        }
    };
    for q in notes.iter_mut() {
        q.start = fix(q.start);
        q.end = fix(q.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;
    use leitmotif_theory::PPQ;

    fn note(start: Ticks, duration: Ticks) -> Note {
        Note {
            start,
            duration,
            pitch: Pitch::parse("C5").unwrap(),
            velocity: 80,
        }
    }

    fn layout() -> Layout {
        let mut score = small_score();
        score.meters.truncate(1);
        score.meters[0].meter = leitmotif_theory::Meter::COMMON;
        score.end = 4 * 3840;
        Layout::new(&score)
    }

    fn spans(notes: &[Note]) -> Vec<(Ticks, Ticks)> {
        quantize(notes, &layout())
            .iter()
            .map(|q| (q.start, q.end))
            .collect()
    }

    #[test]
    fn grid_candidates_are_simplest_first() {
        assert_eq!(grids(PPQ, false), [480, 240, 320, 120, 160, 60]);
        assert_eq!(grids(3 * PPQ / 2, true), [480, 240, 720, 120, 360, 60]);
    }

    #[test]
    fn humanised_onsets_return_to_the_grid() {
        // sixteenths played up to 8 ticks early or late
        let notes = [note(0, 240), note(247, 233), note(472, 250), note(726, 234)];
        assert_eq!(
            spans(&notes),
            [(0, 240), (240, 480), (480, 720), (720, 960)]
        );
    }

    #[test]
    fn swung_eighths_become_triplets() {
        // on-beat eighth, then an off-beat eighth delayed to the last third of the beat
        let notes = [
            note(0, 480),
            note(640, 320),
            note(960, 480),
            note(1600, 320),
        ];
        assert_eq!(
            spans(&notes),
            [(0, 640), (640, 960), (960, 1600), (1600, 1920)]
        );
    }

    #[test]
    fn articulated_ends_are_written_legato_and_staccato_stays_short() {
        // normal articulation: 86 % of a quarter, then a detached eighth (70 %)
        let notes = [
            note(0, 826),
            note(960, 336),
            note(1440, 240),
            note(1920, 960),
        ];
        assert_eq!(
            spans(&notes),
            [(0, 960), (960, 1440), (1440, 1680), (1920, 2880)]
        );
    }

    #[test]
    fn a_swung_sixteenth_figure_stays_plain() {
        // swing moved the off-beat eighth of a sixteenth figure to the last third of the beat
        let notes = [note(0, 240), note(240, 240), note(640, 80), note(720, 240)];
        assert_eq!(
            spans(&notes),
            [(0, 240), (240, 480), (600, 720), (720, 960)]
        );
    }

    #[test]
    fn exact_fine_rhythms_survive() {
        // a 3/4 cue stretches theme sixteenths to dotted sixteenths: positions on 360
        let notes = [
            note(0, 360),
            note(360, 360),
            note(720, 360),
            note(1080, 360),
        ];
        assert_eq!(
            spans(&notes),
            [(0, 360), (360, 720), (720, 1080), (1080, 1440)]
        );
    }

    #[test]
    fn notes_never_become_empty_or_pass_the_end() {
        let notes = [note(100, 3), note(4 * 3840 - 5, 100)];
        let q = quantize(&notes, &layout());
        assert!(
            q.iter().all(|n| n.end > n.start && n.end <= 4 * 3840),
            "{q:?}"
        );
    }
}
