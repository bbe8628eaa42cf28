//! Dynamics, hairpins and pedal marks of a part.
//!
//! - **Dynamics** come from velocities. Each bar's mean onset velocity maps to pp, p, mp, mf, f
//!   or ff (at the velocities notation programs play for those marks). A mark is written at the
//!   first note of a phrase (the part's first note, or the first after two silent bars, where
//!   players expect it restated) and where the level changes. To keep the part from flickering
//!   between neighbours, a change of one step must clear the boundary by a few velocity points.
//! - **Hairpins** come from the expression controller the arranger writes per bar on sustaining
//!   instruments: a rise (or fall) over at least two bars by at least [`WEDGE_MIN`] is a
//!   crescendo (diminuendo) hairpin over those bars, if the part plays there.
//! - **Pedal** marks come from the sustain pedal controller on piano and electric piano: the
//!   first press starts a pedal line, a lift followed at once by a press is a pedal change, and
//!   the last lift ends it. Marks are placed on the nearest sixteenth.

use super::directions::{Direction, DirectionKind, Dynamic, Pedal, Wedge};
use super::layout::Layout;
use super::quantize::QNote;
use leitmotif_score::{Control, ControlKind};
use leitmotif_theory::Ticks;

/// Velocities at which a mark changes: the midpoints between the marks' own velocities.
const BOUNDARIES: [f64; 5] = [41.0, 56.5, 72.0, 88.0, 104.0];

/// How far past a boundary a one-step change must be.
const HYSTERESIS: f64 = 3.0;

/// The smallest expression change (CC 11 units) written as a hairpin.
pub(crate) const WEDGE_MIN: i32 = 12;

/// A lift and press closer than this are one pedal change.
const PEDAL_CHANGE: Ticks = 240;

pub(crate) fn level(velocity: f64) -> Dynamic {
    let i = BOUNDARIES.iter().filter(|&&b| velocity >= b).count();
    Dynamic::ALL[i]
}

/// Dynamic marks from the notes' velocities.
pub(crate) fn dynamics(notes: &[QNote], layout: &Layout, staff: u8) -> Vec<Direction> {
    let mut by_bar: Vec<Vec<&QNote>> = vec![Vec::new(); layout.bars.len()];
    for n in notes {
        by_bar[layout.bar_index(n.start)].push(n);
    }
    let mut out = Vec::new();
    let mut current: Option<Dynamic> = None;
    let mut silent_bars = 0;
    for bar_notes in by_bar {
        if bar_notes.is_empty() {
            silent_bars += 1;
            continue;
        }
        let mean =
            bar_notes.iter().map(|n| n.velocity as f64).sum::<f64>() / bar_notes.len() as f64;
        let new = level(mean);
        let restart = current.is_none() || silent_bars >= 2;
        let change = match current {
            Some(c) if c != new => {
                let far = (c as i32 - new as i32).abs() >= 2;
                let clear = level(mean + HYSTERESIS) == new && level(mean - HYSTERESIS) == new;
                far || clear
            }
            _ => false,
        };
        silent_bars = 0;
        if restart || change {
            let first = bar_notes.iter().map(|n| n.start).min().expect("non-empty");
            out.push(Direction {
                at: first,
                staff,
                kind: DirectionKind::Dynamic(new),
            });
            current = Some(new);
        }
    }
    out
}

/// Hairpins from the expression controller.
pub(crate) fn hairpins(controls: &[Control], notes: &[QNote], staff: u8) -> Vec<Direction> {
    let mut expression: Vec<(Ticks, i32)> = controls
        .iter()
        .filter(|c| c.kind == ControlKind::Expression)
        .map(|c| (c.at, c.value as i32))
        .collect();
    expression.sort_by_key(|e| e.0);
    expression.dedup_by_key(|e| e.0);
    let plays = |from: Ticks, to: Ticks| notes.iter().any(|n| n.start < to && n.end > from);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < expression.len() {
        let rising = expression[i + 1].1 > expression[i].1;
        let falling = expression[i + 1].1 < expression[i].1;
        if !rising && !falling {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j + 1 < expression.len()
            && ((rising && expression[j + 1].1 > expression[j].1)
                || (falling && expression[j + 1].1 < expression[j].1))
        {
            j += 1;
        }
        let (from, to) = (expression[i].0, expression[j].0);
        let amount = (expression[j].1 - expression[i].1).abs();
        if j - i >= 2 && amount >= WEDGE_MIN && plays(from, to) {
            let kind = if rising {
                Wedge::Crescendo
            } else {
                Wedge::Diminuendo
            };
            out.push(Direction {
                at: from,
                staff,
                kind: DirectionKind::Wedge(kind),
            });
            out.push(Direction {
                at: to,
                staff,
                kind: DirectionKind::Wedge(Wedge::Stop),
            });
        }
        i = j;
    }
    out
}

/// Pedal marks from the sustain pedal controller, on the nearest sixteenth.
pub(crate) fn pedal_marks(controls: &[Control], layout: &Layout, staff: u8) -> Vec<Direction> {
    let mut pedal: Vec<(Ticks, bool)> = controls
        .iter()
        .filter(|c| c.kind == ControlKind::SustainPedal)
        .map(|c| (c.at, c.value >= 64))
        .collect();
    pedal.sort_by_key(|p| p.0);
    let place = |at: Ticks| {
        let (start, beat) = layout.beat_at(at);
        let grid = (beat / 4).max(1);
        (start + (at - start + grid / 2) / grid * grid).min(layout.end())
    };
    let mark = |at: Ticks, kind: Pedal| Direction {
        at: place(at),
        staff,
        kind: DirectionKind::Pedal(kind),
    };
    let mut out = Vec::new();
    let mut down = false;
    let mut lifted: Option<Ticks> = None;
    for (at, press) in pedal {
        if press && !down {
            match lifted.take() {
                Some(up) if at - up <= PEDAL_CHANGE => out.push(mark(at, Pedal::Change)),
                Some(up) => {
                    out.push(mark(up, Pedal::Stop));
                    out.push(mark(at, Pedal::Start));
                }
                None => out.push(mark(at, Pedal::Start)),
            }
            down = true;
        } else if !press && down {
            lifted = Some(at);
            down = false;
        }
    }
    if let Some(up) = lifted {
        out.push(mark(up, Pedal::Stop));
    } else if down {
        out.push(mark(layout.end(), Pedal::Stop));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;
    use leitmotif_theory::Pitch;

    fn q(start: Ticks, velocity: u8) -> QNote {
        QNote {
            start,
            end: start + 480,
            pitch: Pitch::parse("C5").unwrap(),
            velocity,
        }
    }

    fn long_layout(bars: u64) -> Layout {
        let mut score = small_score();
        score.meters.truncate(1);
        score.meters[0].meter = leitmotif_theory::Meter::COMMON;
        score.end = bars * 3840;
        Layout::new(&score)
    }

    fn marks(d: &[Direction]) -> Vec<(Ticks, String)> {
        d.iter()
            .map(|d| {
                let name = match &d.kind {
                    DirectionKind::Dynamic(x) => x.name().to_string(),
                    DirectionKind::Wedge(w) => format!("{w:?}"),
                    DirectionKind::Pedal(p) => format!("{p:?}"),
                    other => format!("{other:?}"),
                };
                (d.at, name)
            })
            .collect()
    }

    #[test]
    fn levels() {
        assert_eq!(level(30.0), Dynamic::Pp);
        assert_eq!(level(64.0), Dynamic::Mp);
        assert_eq!(level(90.0), Dynamic::F);
        assert_eq!(level(127.0), Dynamic::Ff);
    }

    #[test]
    fn marks_at_phrase_starts_and_clear_changes_only() {
        let layout = long_layout(8);
        let notes = vec![
            q(0, 70),              // bar 1: mp
            q(3840, 73),           // bar 2: 73 is mf by a hair: no change
            q(7680, 90),           // bar 3: f, clearly
            q(4 * 3840 + 960, 91), // bar 5 after one silent bar: no restatement
            q(7 * 3840, 91),       // bar 8 after two silent bars: restated
        ];
        assert_eq!(
            marks(&dynamics(&notes, &layout, 1)),
            [(0, "mp".into()), (7680, "f".into()), (7 * 3840, "f".into())]
        );
    }

    #[test]
    fn expression_rises_become_hairpins() {
        let cc = |at: Ticks, value: u8| Control {
            at,
            kind: ControlKind::Expression,
            value,
        };
        let controls = [
            cc(0, 60),
            cc(3840, 66),
            cc(7680, 75),
            cc(11520, 75),
            cc(15360, 70),
        ];
        let notes = [q(0, 80), q(8000, 80)];
        assert_eq!(
            marks(&hairpins(&controls, &notes, 1)),
            [(0, "Crescendo".into()), (7680, "Stop".into())]
        );
    }

    #[test]
    fn pedal_changes_at_each_bar() {
        let layout = long_layout(3);
        let cc = |at: Ticks, value: u8| Control {
            at,
            kind: ControlKind::SustainPedal,
            value,
        };
        let controls = [
            cc(40, 127),
            cc(3840, 0),
            cc(3880, 127),
            cc(7680, 0),
            cc(7720, 127),
            cc(11519, 0),
        ];
        assert_eq!(
            marks(&pedal_marks(&controls, &layout, 2)),
            [
                (0, "Start".into()),
                (3840, "Change".into()),
                (7680, "Change".into()),
                (11520, "Stop".into())
            ]
        );
    }
}
