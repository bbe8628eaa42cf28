//! Beams: eighths and shorter are beamed together within a beat (a dotted beat in compound
//! meters; groups of 2+2+3 eighths in 5/8 and 7/8; the whole bar in 3/8). Rests and longer
//! values break a beam. Second and further beam lines join neighbours that carry them; a lone
//! sixteenth gets a hook pointing into its group.

use super::durations::Piece;
use super::layout::Bar;
use leitmotif_theory::{Ticks, PPQ};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Beam {
    Begin,
    Continue,
    End,
    ForwardHook,
    BackwardHook,
}

impl Beam {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Beam::Begin => "begin",
            Beam::Continue => "continue",
            Beam::End => "end",
            Beam::ForwardHook => "forward hook",
            Beam::BackwardHook => "backward hook",
        }
    }
}

/// Where the beam groups of a bar start (ticks from the bar line).
fn group_starts(bar: &Bar) -> Vec<Ticks> {
    let m = bar.meter;
    let unit = m.unit_ticks();
    let mut starts = Vec::new();
    if m.is_compound() {
        let mut t = 0;
        while t < bar.len {
            starts.push(t);
            t += m.pulse_ticks();
        }
    } else if m.unit == 8 {
        if m.beats <= 3 {
            starts.push(0);
        } else {
            let mut t = 0;
            let mut left = m.beats as Ticks;
            while left > 0 {
                starts.push(t);
                let size = if left == 3 { 3 } else { 2.min(left) };
                t += size * unit;
                left -= size;
            }
        }
    } else {
        let group = if m.unit >= 16 { PPQ / 2 } else { PPQ };
        let mut t = 0;
        while t < bar.len {
            starts.push(t);
            t += group;
        }
    }
    starts
}

/// The beam lines of each piece of one voice in one bar: `(beam number, value)` pairs.
pub(crate) fn beams(pieces: &[Piece], bar: &Bar) -> Vec<Vec<(u8, Beam)>> {
    let mut out = vec![Vec::new(); pieces.len()];
    let starts = group_starts(bar);
    let group_of = |t: Ticks| starts.partition_point(|&s| s <= t);
    let lines = |p: &Piece| match (p.is_rest(), p.value) {
        (false, Some(v)) => v.ty.beams(),
        _ => 0,
    };
    let mut i = 0;
    while i < pieces.len() {
        // a run: consecutive beamable notes in one group
        let mut j = i;
        while j < pieces.len()
            && lines(&pieces[j]) > 0
            && group_of(pieces[j].start) == group_of(pieces[i].start)
        {
            j += 1;
        }
        if j - i >= 2 {
            let run = &pieces[i..j];
            let deepest = run.iter().map(lines).max().unwrap_or(1);
            for level in 1..=deepest {
                let mut k = 0;
                while k < run.len() {
                    if lines(&run[k]) < level {
                        k += 1;
                        continue;
                    }
                    let mut l = k;
                    while l < run.len() && lines(&run[l]) >= level {
                        l += 1;
                    }
                    if l - k == 1 {
                        let hook = if k == 0 {
                            Beam::ForwardHook
                        } else {
                            Beam::BackwardHook
                        };
                        out[i + k].push((level, hook));
                    } else {
                        for m in k..l {
                            let value = if m == k {
                                Beam::Begin
                            } else if m + 1 == l {
                                Beam::End
                            } else {
                                Beam::Continue
                            };
                            out[i + m].push((level, value));
                        }
                    }
                    k = l;
                }
            }
            i = j;
        } else {
            i = j.max(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::musicxml::durations::{pieces, Content, Item};
    use leitmotif_theory::{Key, Meter};

    fn bar(meter: &str) -> Bar {
        let meter = Meter::parse(meter).unwrap();
        Bar {
            number: 1,
            start: 0,
            len: meter.bar_ticks(),
            meter,
            new_meter: true,
            key: Key::parse("C").unwrap(),
            new_key: true,
        }
    }

    fn notes(spans: &[(Ticks, Ticks)]) -> Vec<Item> {
        spans
            .iter()
            .map(|&(start, len)| Item {
                start,
                len,
                content: if len == 0 {
                    Content::Rest
                } else {
                    Content::Chord {
                        index: 0,
                        tie_stop: false,
                        tie_start: false,
                    }
                },
            })
            .collect()
    }

    fn show(spans: &[(Ticks, Ticks)], meter: &str) -> Vec<String> {
        let b = bar(meter);
        let (p, _) = pieces(&notes(spans), &b);
        beams(&p, &b)
            .iter()
            .map(|v| {
                v.iter()
                    .map(|(n, b)| {
                        let mark = match b {
                            Beam::Begin => "[",
                            Beam::Continue => "-",
                            Beam::End => "]",
                            Beam::ForwardHook => ">",
                            Beam::BackwardHook => "<",
                        };
                        format!("{n}{mark}")
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn eighths_beam_per_beat() {
        let spans: Vec<(Ticks, Ticks)> = (0..4).map(|k| (k * 480, 480)).collect();
        assert_eq!(show(&spans, "2/4"), ["1[", "1]", "1[", "1]"]);
    }

    #[test]
    fn dotted_eighth_sixteenth_gets_a_backward_hook() {
        assert_eq!(
            show(&[(0, 720), (720, 240), (960, 960)], "2/4"),
            ["1[", "1],2<", ""]
        );
    }

    #[test]
    fn compound_meters_beam_three_eighths() {
        let spans: Vec<(Ticks, Ticks)> = (0..6).map(|k| (k * 480, 480)).collect();
        assert_eq!(show(&spans, "6/8"), ["1[", "1-", "1]", "1[", "1-", "1]"]);
    }

    #[test]
    fn seven_eight_groups_two_two_three() {
        let b = bar("7/8");
        assert_eq!(group_starts(&b), [0, 960, 1920]);
        assert_eq!(group_starts(&bar("3/8")), [0]);
    }
}
