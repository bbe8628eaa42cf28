//! Note values: how a span of ticks inside one bar is written as note types, dots, ties and
//! triplets.
//!
//! - A beat whose inner boundaries lie on thirds or sixths of the beat is a **triplet group**
//!   (3 in the time of 2): its notes are written at 3/2 of their length with a
//!   `<time-modification>` and one bracket over the beat. Only simple meters have triplet
//!   beats; compound meters divide in three with plain values.
//! - Everywhere else values are plain, with at most one dot. A note that starts on a beat may
//!   span beats when one value covers it (a half note on beat 2 is fine); a note that starts
//!   between beats is tied at the next beat, so the beat stays visible. Rests are stricter, as
//!   engravers write them: no dots (except a whole dotted beat in compound meters), and a rest
//!   of a value starts on a multiple of that value.
//! - A value that cannot be written is split at the strongest metric point inside it (half bar,
//!   beat, half beat, ...), recursively, and the pieces are tied.
//! - A bar with no notes in its first voice is one whole-bar rest.

use super::layout::{beat_len, Bar};
use super::quantize::{binary_ok, ternary_ok, FINEST};
use leitmotif_theory::{Ticks, PPQ};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NoteType {
    Whole,
    Half,
    Quarter,
    Eighth,
    Sixteenth,
    ThirtySecond,
    SixtyFourth,
}

impl NoteType {
    pub(crate) const ALL: [NoteType; 7] = [
        NoteType::Whole,
        NoteType::Half,
        NoteType::Quarter,
        NoteType::Eighth,
        NoteType::Sixteenth,
        NoteType::ThirtySecond,
        NoteType::SixtyFourth,
    ];

    pub(crate) fn ticks(self) -> Ticks {
        (PPQ * 4) >> (self as u32)
    }

    /// The MusicXML `<type>` name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            NoteType::Whole => "whole",
            NoteType::Half => "half",
            NoteType::Quarter => "quarter",
            NoteType::Eighth => "eighth",
            NoteType::Sixteenth => "16th",
            NoteType::ThirtySecond => "32nd",
            NoteType::SixtyFourth => "64th",
        }
    }

    /// The type of exactly this many ticks.
    pub(crate) fn of(ticks: Ticks) -> Option<NoteType> {
        NoteType::ALL.into_iter().find(|t| t.ticks() == ticks)
    }

    /// Beam lines this value carries (eighth 1, sixteenth 2, ...).
    pub(crate) fn beams(self) -> u8 {
        (self as u8).saturating_sub(2)
    }
}

/// A written value: type plus dots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NoteValue {
    pub ty: NoteType,
    pub dots: u8,
}

impl NoteValue {
    pub(crate) fn ticks(self) -> Ticks {
        let base = self.ty.ticks();
        (0..=self.dots).map(|d| base >> d).sum()
    }
}

/// The value of exactly `ticks`, with at most `max_dots` dots.
pub(crate) fn value_of(ticks: Ticks, max_dots: u8) -> Option<NoteValue> {
    for ty in NoteType::ALL {
        for dots in 0..=max_dots {
            let v = NoteValue { ty, dots };
            if v.ticks() == ticks && (dots == 0 || ty.ticks() >> dots >= FINEST) {
                return Some(v);
            }
        }
    }
    None
}

/// The longest plain value not longer than `ticks` (for spans no value can express).
fn nearest_value(ticks: Ticks) -> NoteValue {
    let ty = NoteType::ALL
        .into_iter()
        .find(|t| t.ticks() <= ticks)
        .unwrap_or(NoteType::SixtyFourth);
    NoteValue { ty, dots: 0 }
}

/// What a span of a voice holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content {
    Rest,
    /// A chord of the voice (by index), tied from the previous span and/or to the next.
    Chord {
        index: usize,
        tie_stop: bool,
        tie_start: bool,
    },
}

/// A span of one voice inside a bar, before it is written as values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    /// Ticks from the bar line.
    pub start: Ticks,
    pub len: Ticks,
    pub content: Content,
}

/// The triplet bracket a piece belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tuplet {
    /// The value the bracket counts in (the beat's half: eighths in x/4).
    pub normal: NoteType,
    pub start: bool,
    pub stop: bool,
}

/// One written note, chord or rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Ticks from the bar line.
    pub start: Ticks,
    /// Sounding length in ticks.
    pub len: Ticks,
    /// The written value; `None` for a whole-bar rest.
    pub value: Option<NoteValue>,
    pub tuplet: Option<Tuplet>,
    pub content: Content,
}

impl Piece {
    pub(crate) fn is_rest(&self) -> bool {
        matches!(self.content, Content::Rest)
    }
}

/// Metric levels of a bar, strongest first: half bar (in 4/4, 12/8 ...), beat, unit, then
/// halves down to sixty-fourths.
fn levels(bar: &Bar) -> Vec<Ticks> {
    let m = bar.meter;
    let pulse = m.pulse_ticks();
    let unit = m.unit_ticks();
    let mut v = Vec::new();
    let pulses = m.pulses();
    if pulses >= 4 && pulses.is_multiple_of(2) {
        v.push(m.bar_ticks() / 2);
    }
    v.push(pulse);
    if unit != pulse {
        v.push(unit);
    }
    let mut g = unit / 2;
    while g >= FINEST {
        if g.is_multiple_of(FINEST) {
            v.push(g);
        }
        if !g.is_multiple_of(2) {
            break;
        }
        g /= 2;
    }
    if !v.contains(&FINEST) {
        v.push(FINEST);
    }
    v
}

struct Splitter<'a> {
    bar: &'a Bar,
    levels: Vec<Ticks>,
    approximated: usize,
}

impl Splitter<'_> {
    /// Whether `[s, e)` may be written as one value.
    fn plain_value(&self, s: Ticks, e: Ticks, rest: bool) -> Option<NoteValue> {
        let m = self.bar.meter;
        let pulse = m.pulse_ticks();
        let d = e - s;
        if rest {
            let dotted_beat = m.is_compound() && d.is_multiple_of(pulse);
            let v = value_of(d, u8::from(dotted_beat))?;
            let aligned = if v.dots > 0 {
                s.is_multiple_of(pulse)
            } else {
                s.is_multiple_of(d)
            };
            aligned.then_some(v)
        } else {
            let v = value_of(d, 1)?;
            let crosses_beat = (s / pulse + 1) * pulse < e;
            (s.is_multiple_of(pulse) || !crosses_beat).then_some(v)
        }
    }

    fn plain(&mut self, s: Ticks, e: Ticks, rest: bool, out: &mut Vec<(Ticks, Ticks, NoteValue)>) {
        if let Some(v) = self.plain_value(s, e, rest) {
            out.push((s, e, v));
            return;
        }
        let split = self
            .levels
            .iter()
            .map(|&g| (s / g + 1) * g)
            .find(|&m| m < e);
        match split {
            Some(m) => {
                self.plain(s, m, rest, out);
                self.plain(m, e, rest, out);
            }
            None => {
                self.approximated += 1;
                out.push((s, e, nearest_value(e - s)));
            }
        }
    }

    /// A span inside the triplet beat starting at `b`.
    fn triplet(
        &mut self,
        s: Ticks,
        e: Ticks,
        rest: bool,
        b: Ticks,
        beat: Ticks,
        out: &mut Vec<(Ticks, Ticks, NoteValue)>,
    ) {
        let d = e - s;
        if (d * 3).is_multiple_of(2) {
            if let Some(v) = value_of(d * 3 / 2, u8::from(!rest)) {
                out.push((s, e, v));
                return;
            }
        }
        let split = [beat / 3, beat / 6]
            .into_iter()
            .filter(|&g| g > 0)
            .map(|g| b + ((s - b) / g + 1) * g)
            .find(|&m| m < e);
        match split {
            Some(m) => {
                self.triplet(s, m, rest, b, beat, out);
                self.triplet(m, e, rest, b, beat, out);
            }
            None => {
                self.approximated += 1;
                out.push((s, e, nearest_value(d * 3 / 2)));
            }
        }
    }
}

/// A written span: start, end, value, and the triplet beat `(start, len)` it lies in.
type Span = (Ticks, Ticks, NoteValue, Option<(Ticks, Ticks)>);

/// Which beats of a bar are triplet groups, as `(start, len)` relative to the bar line.
fn triplet_beats(items: &[Item], bar: &Bar) -> Vec<(Ticks, Ticks)> {
    if bar.meter.is_compound() {
        return Vec::new();
    }
    let beat = beat_len(bar.meter);
    let mut bounds: Vec<Ticks> = items
        .iter()
        .flat_map(|i| [i.start, i.start + i.len])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out = Vec::new();
    let mut b = 0;
    while b + beat <= bar.len {
        let inner: Vec<Ticks> = bounds
            .iter()
            .copied()
            .filter(|&x| x > b && x < b + beat)
            .map(|x| x - b)
            .collect();
        let all_on_thirds = inner.iter().all(|&x| ternary_ok(x, beat));
        let any_off_plain = inner.iter().any(|&x| !binary_ok(x));
        if !inner.is_empty() && all_on_thirds && any_off_plain {
            out.push((b, beat));
        }
        b += beat;
    }
    out
}

/// Writes a voice's spans in one bar as pieces. Returns the pieces and how many spans had no
/// exact written value (0 for everything the quantiser produces).
pub(crate) fn pieces(items: &[Item], bar: &Bar) -> (Vec<Piece>, usize) {
    let whole_rest = items.is_empty()
        || (items.len() == 1 && items[0].content == Content::Rest && items[0].len >= bar.len);
    if whole_rest {
        let piece = Piece {
            start: 0,
            len: bar.len,
            value: None,
            tuplet: None,
            content: Content::Rest,
        };
        return (vec![piece], 0);
    }
    let triplets = triplet_beats(items, bar);
    let mut splitter = Splitter {
        bar,
        levels: levels(bar),
        approximated: 0,
    };
    let mut out: Vec<Piece> = Vec::new();
    for item in items {
        let (s0, e0) = (item.start, item.start + item.len);
        // cut at the edges of triplet beats
        let mut cuts = vec![s0, e0];
        for &(b, len) in &triplets {
            for x in [b, b + len] {
                if x > s0 && x < e0 {
                    cuts.push(x);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let rest = item.content == Content::Rest;
        let mut spans: Vec<Span> = Vec::new();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            let mut written = Vec::new();
            let group = triplets
                .iter()
                .copied()
                .find(|&(b, len)| b <= s && e <= b + len);
            match group {
                Some((b, len)) => splitter.triplet(s, e, rest, b, len, &mut written),
                None => splitter.plain(s, e, rest, &mut written),
            }
            spans.extend(written.into_iter().map(|(s, e, v)| (s, e, v, group)));
        }
        let count = spans.len();
        for (k, (s, e, v, group)) in spans.into_iter().enumerate() {
            let content = match item.content {
                Content::Rest => Content::Rest,
                Content::Chord {
                    index,
                    tie_stop,
                    tie_start,
                } => Content::Chord {
                    index,
                    tie_stop: if k == 0 { tie_stop } else { true },
                    tie_start: if k + 1 == count { tie_start } else { true },
                },
            };
            let tuplet = group.map(|(b, len)| Tuplet {
                normal: NoteType::of(len / 2).unwrap_or(NoteType::Eighth),
                start: s == b,
                stop: e == b + len,
            });
            out.push(Piece {
                start: s,
                len: e - s,
                value: Some(v),
                tuplet,
                content,
            });
        }
    }
    (out, splitter.approximated)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn note(start: Ticks, len: Ticks) -> Item {
        Item {
            start,
            len,
            content: Content::Chord {
                index: 0,
                tie_stop: false,
                tie_start: false,
            },
        }
    }

    fn rest(start: Ticks, len: Ticks) -> Item {
        Item {
            start,
            len,
            content: Content::Rest,
        }
    }

    /// "q", "8.", "16t" ... with "~" after a piece tied to the next.
    fn written(items: &[Item], meter: &str) -> String {
        let (pieces, approx) = pieces(items, &bar(meter));
        assert_eq!(approx, 0);
        pieces
            .iter()
            .map(|p| {
                let v = match p.value {
                    None => return "R".to_string(),
                    Some(v) => v,
                };
                let name = match v.ty {
                    NoteType::Whole => "w",
                    NoteType::Half => "h",
                    NoteType::Quarter => "q",
                    NoteType::Eighth => "8",
                    NoteType::Sixteenth => "16",
                    NoteType::ThirtySecond => "32",
                    NoteType::SixtyFourth => "64",
                };
                let mut s = format!(
                    "{}{name}{}",
                    if p.is_rest() { "r" } else { "" },
                    ".".repeat(v.dots as usize)
                );
                if let Some(t) = p.tuplet {
                    s.push('t');
                    if t.start {
                        s.push('[');
                    }
                    if t.stop {
                        s.push(']');
                    }
                }
                if let Content::Chord {
                    tie_start: true, ..
                } = p.content
                {
                    s.push('~');
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn values_and_dots() {
        assert_eq!(value_of(1440, 1).unwrap().ty, NoteType::Quarter);
        assert_eq!(value_of(1440, 0), None);
        assert_eq!(
            value_of(360, 1).unwrap(),
            NoteValue {
                ty: NoteType::Sixteenth,
                dots: 1
            }
        );
        assert_eq!(value_of(90, 1), None, "a dotted 64th needs a 128th");
        assert_eq!(NoteType::Sixteenth.beams(), 2);
    }

    #[test]
    fn simple_bars() {
        assert_eq!(written(&[], "4/4"), "R");
        assert_eq!(written(&[note(0, 3840)], "4/4"), "w");
        assert_eq!(written(&[note(0, 2880), rest(2880, 960)], "4/4"), "h. rq");
        assert_eq!(
            written(&[note(960, 1920), rest(0, 960), rest(2880, 960)], "4/4"),
            "h rq rq"
        );
    }

    #[test]
    fn off_beat_notes_are_tied_at_the_beat() {
        assert_eq!(
            written(&[rest(0, 480), note(480, 1440), rest(1920, 1920)], "4/4"),
            "r8 8~ q rh"
        );
        assert_eq!(
            written(&[note(0, 3360), rest(3360, 480)], "4/4"),
            "h~ q. r8"
        );
    }

    #[test]
    fn rests_start_on_their_own_value() {
        assert_eq!(written(&[note(0, 960), rest(960, 2880)], "4/4"), "q rq rh");
        assert_eq!(
            written(&[note(0, 480), rest(480, 2400)], "3/4"),
            "8 r8 rq rq"
        );
    }

    #[test]
    fn triplets_cover_the_beat() {
        // swing: quarter-eighth triplets on both beats of a 2/4 bar
        assert_eq!(
            written(
                &[
                    note(0, 640),
                    note(640, 320),
                    note(960, 640),
                    note(1600, 320)
                ],
                "2/4"
            ),
            "qt[ 8t] qt[ 8t]"
        );
        // a triplet rest and a note tied over the beat out of a triplet
        assert_eq!(
            written(&[rest(0, 320), note(320, 960), rest(1280, 640)], "2/4"),
            "r8t[ qt]~ 8t[ rqt]"
        );
    }

    #[test]
    fn compound_meters_use_dotted_beats() {
        assert_eq!(written(&[note(0, 1440), note(1440, 1440)], "6/8"), "q. q.");
        assert_eq!(
            written(&[note(0, 480), rest(480, 960), rest(1440, 1440)], "6/8"),
            "8 r8 r8 rq."
        );
        assert_eq!(written(&[note(0, 2880)], "6/8"), "h.");
    }
}
