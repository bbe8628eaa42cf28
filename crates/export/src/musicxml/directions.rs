//! Directions: what is written above or below the staff rather than as notes — tempo marks,
//! rehearsal marks, hit points, playing instructions (here), and dynamics, hairpins and pedal
//! marks ([`super::dynamics`]).
//!
//! Tempo: the first mark has an Italian tempo word and a metronome mark in the felt beat (a
//! dotted quarter in 6/8). The tempo map eases between tempos in steps of one beat; such a run
//! is written as "accel." or "rit." at its first step, invisible metronome marks at the inner
//! steps (so playback follows exactly), and a visible metronome mark where the new tempo holds.
//! A change too small to show a different metronome number only sets the playback tempo.
//!
//! Sections of the score become rehearsal marks A, B, C ... with the section's name; hit points
//! are noted above the staff, so a conductor sees where the picture cuts.

use super::durations::NoteType;
use super::writer::{decimal, XmlWriter};
use leitmotif_score::{MarkerKind, Score};
use leitmotif_theory::{Meter, Ticks, PPQ};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metronome {
    pub unit: NoteType,
    pub dotted: bool,
    pub per_minute: u32,
    pub visible: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dynamic {
    Pp,
    P,
    Mp,
    Mf,
    F,
    Ff,
}

impl Dynamic {
    pub(crate) const ALL: [Dynamic; 6] = [
        Dynamic::Pp,
        Dynamic::P,
        Dynamic::Mp,
        Dynamic::Mf,
        Dynamic::F,
        Dynamic::Ff,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Dynamic::Pp => "pp",
            Dynamic::P => "p",
            Dynamic::Mp => "mp",
            Dynamic::Mf => "mf",
            Dynamic::F => "f",
            Dynamic::Ff => "ff",
        }
    }

    /// The MIDI velocity notation programs play for this mark.
    pub(crate) fn velocity(self) -> u8 {
        match self {
            Dynamic::Pp => 33,
            Dynamic::P => 49,
            Dynamic::Mp => 64,
            Dynamic::Mf => 80,
            Dynamic::F => 96,
            Dynamic::Ff => 112,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wedge {
    Crescendo,
    Diminuendo,
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pedal {
    Start,
    Change,
    Stop,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DirectionKind {
    Tempo {
        words: Option<String>,
        metronome: Metronome,
        /// Quarter notes per minute for playback.
        bpm: f64,
    },
    Rehearsal {
        mark: String,
        name: String,
    },
    Words(String),
    Dynamic(Dynamic),
    Wedge(Wedge),
    Pedal(Pedal),
}

/// A direction at an absolute tick, on a staff of its part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Direction {
    pub at: Ticks,
    pub staff: u8,
    pub kind: DirectionKind,
}

impl Direction {
    /// Order among directions at the same tick: stops before starts, marks before text.
    pub(crate) fn rank(&self) -> u8 {
        match &self.kind {
            DirectionKind::Wedge(Wedge::Stop) | DirectionKind::Pedal(Pedal::Stop) => 0,
            DirectionKind::Rehearsal { .. } => 1,
            DirectionKind::Tempo { .. } => 2,
            DirectionKind::Words(_) => 3,
            DirectionKind::Dynamic(_) => 4,
            DirectionKind::Wedge(_) => 5,
            DirectionKind::Pedal(_) => 6,
        }
    }

    /// Writes the `<direction>`; `offset` is in divisions from the current position. A hidden
    /// tempo step without words is a bare `<sound>` (a tempo change with nothing printed).
    pub(crate) fn write(&self, w: &mut XmlWriter, offset: Option<u64>, staves: u8) {
        if let DirectionKind::Tempo {
            words: None,
            metronome,
            bpm,
        } = &self.kind
        {
            if !metronome.visible {
                let tempo = decimal(*bpm, 3);
                match offset.filter(|&o| o > 0) {
                    Some(o) => {
                        w.open("sound", &[("tempo", &tempo)]);
                        w.text("offset", &o.to_string());
                        w.close();
                    }
                    None => w.empty("sound", &[("tempo", &tempo)]),
                }
                return;
            }
        }
        let above = matches!(
            self.kind,
            DirectionKind::Tempo { .. } | DirectionKind::Rehearsal { .. } | DirectionKind::Words(_)
        );
        w.open(
            "direction",
            &[("placement", if above { "above" } else { "below" })],
        );
        let mut sound: Vec<(&str, String)> = Vec::new();
        match &self.kind {
            DirectionKind::Tempo {
                words,
                metronome,
                bpm,
            } => {
                if let Some(words) = words {
                    w.open("direction-type", &[]);
                    w.leaf("words", &[("font-weight", "bold")], words);
                    w.close();
                }
                if metronome.visible {
                    w.open("direction-type", &[]);
                    w.open("metronome", &[("parentheses", "no")]);
                    w.text("beat-unit", metronome.unit.name());
                    if metronome.dotted {
                        w.empty("beat-unit-dot", &[]);
                    }
                    w.text("per-minute", &metronome.per_minute.to_string());
                    w.close();
                    w.close();
                }
                sound.push(("tempo", decimal(*bpm, 3)));
            }
            DirectionKind::Rehearsal { mark, .. } => {
                w.open("direction-type", &[]);
                w.leaf("rehearsal", &[("enclosure", "square")], mark);
                w.close();
            }
            DirectionKind::Words(text) => {
                w.open("direction-type", &[]);
                w.leaf("words", &[("font-style", "italic")], text);
                w.close();
            }
            DirectionKind::Dynamic(d) => {
                w.open("direction-type", &[]);
                w.open("dynamics", &[]);
                w.empty(d.name(), &[]);
                w.close();
                w.close();
                sound.push(("dynamics", decimal(d.velocity() as f64 / 90.0 * 100.0, 2)));
            }
            DirectionKind::Wedge(kind) => {
                let kind = match kind {
                    Wedge::Crescendo => "crescendo",
                    Wedge::Diminuendo => "diminuendo",
                    Wedge::Stop => "stop",
                };
                w.open("direction-type", &[]);
                w.empty("wedge", &[("type", kind), ("number", "1")]);
                w.close();
            }
            DirectionKind::Pedal(kind) => {
                let kind = match kind {
                    Pedal::Start => "start",
                    Pedal::Change => "change",
                    Pedal::Stop => "stop",
                };
                w.open("direction-type", &[]);
                w.empty("pedal", &[("type", kind), ("line", "yes")]);
                w.close();
            }
        }
        if let Some(offset) = offset.filter(|&o| o > 0) {
            w.leaf("offset", &[("sound", "yes")], &offset.to_string());
        }
        if staves > 1 {
            w.text("staff", &self.staff.to_string());
        }
        if !sound.is_empty() {
            let attrs: Vec<(&str, &str)> = sound.iter().map(|(k, v)| (*k, v.as_str())).collect();
            w.empty("sound", &attrs);
        }
        w.close();
    }
}

/// The Italian tempo word for beats (felt pulses) per minute.
pub(crate) fn tempo_word(pulses_per_minute: f64) -> &'static str {
    match pulses_per_minute {
        x if x < 60.0 => "Largo",
        x if x < 76.0 => "Adagio",
        x if x < 108.0 => "Andante",
        x if x < 120.0 => "Moderato",
        x if x < 156.0 => "Allegro",
        x if x < 176.0 => "Vivace",
        _ => "Presto",
    }
}

/// The metronome unit of a meter (its felt beat) and how many of them a quarter-note tempo is.
fn metronome_for(meter: Meter, bpm: f64, visible: bool) -> Metronome {
    let pulse = meter.pulse_ticks();
    let (unit, dotted) = if meter.is_compound() {
        (
            NoteType::of(pulse * 2 / 3).unwrap_or(NoteType::Quarter),
            true,
        )
    } else {
        (NoteType::of(pulse).unwrap_or(NoteType::Quarter), false)
    };
    Metronome {
        unit,
        dotted,
        per_minute: (bpm * PPQ as f64 / pulse as f64).round().max(1.0) as u32,
        visible,
    }
}

/// Tempo marks from the score's tempo map.
pub(crate) fn tempo_marks(score: &Score) -> Vec<Direction> {
    let mut changes: Vec<(Ticks, f64)> = score
        .tempo
        .changes
        .iter()
        .map(|c| (c.at, c.bpm.0))
        .collect();
    changes.sort_by_key(|c| c.0);
    if changes.first().is_none_or(|c| c.0 > 0) {
        let first = changes.first().map(|c| c.1).unwrap_or(120.0);
        changes.insert(0, (0, first));
    }
    let mut out = Vec::new();
    let mut shown: Option<u32> = None;
    let mut previous_bpm = changes[0].1;
    let mut in_run = false;
    for (i, &(at, bpm)) in changes.iter().enumerate() {
        let meter = score.meter_at(at);
        let next_at = changes.get(i + 1).map(|c| c.0);
        // an ease step: the next change follows within a bar
        let step = i > 0 && next_at.is_some_and(|n| n - at <= meter.bar_ticks());
        let mut words = None;
        let visible;
        if i == 0 {
            let m = metronome_for(meter, bpm, true);
            words = Some(tempo_word(m.per_minute as f64).to_string());
            visible = true;
        } else if step {
            if !in_run {
                let target = changes[i..]
                    .windows(2)
                    .find(|w| w[1].0 - w[0].0 > score.meter_at(w[0].0).bar_ticks())
                    .map(|w| w[0].1)
                    .unwrap_or(changes[changes.len() - 1].1);
                words = Some(
                    if target > previous_bpm {
                        "accel."
                    } else {
                        "rit."
                    }
                    .to_string(),
                );
            }
            visible = false;
        } else {
            let m = metronome_for(meter, bpm, true);
            visible = shown != Some(m.per_minute);
        }
        in_run = step;
        let metronome = metronome_for(meter, bpm, visible);
        if visible {
            shown = Some(metronome.per_minute);
        }
        if i > 0 && bpm == previous_bpm && words.is_none() {
            continue;
        }
        previous_bpm = bpm;
        out.push(Direction {
            at,
            staff: 1,
            kind: DirectionKind::Tempo {
                words,
                metronome,
                bpm,
            },
        });
    }
    out
}

/// Rehearsal letters A..Z, then AA, AB, ...
fn rehearsal_letter(n: usize) -> String {
    let letters = b'A'..=b'Z';
    let count = letters.clone().count();
    if n < count {
        ((b'A' + n as u8) as char).to_string()
    } else {
        format!(
            "{}{}",
            rehearsal_letter(n / count - 1),
            rehearsal_letter(n % count)
        )
    }
}

/// Rehearsal marks at sections, words at hit points.
pub(crate) fn markers(score: &Score) -> Vec<Direction> {
    let mut markers: Vec<_> = score.markers.iter().collect();
    markers.sort_by_key(|m| m.at);
    let mut sections = 0;
    markers
        .into_iter()
        .flat_map(|m| {
            let kind = match m.kind {
                MarkerKind::Section => {
                    sections += 1;
                    vec![
                        DirectionKind::Rehearsal {
                            mark: rehearsal_letter(sections - 1),
                            name: m.text.clone(),
                        },
                        DirectionKind::Words(m.text.clone()),
                    ]
                }
                MarkerKind::Hit => vec![DirectionKind::Words(m.text.clone())],
            };
            kind.into_iter().map(move |kind| Direction {
                at: m.at,
                staff: 1,
                kind,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;
    use leitmotif_score::{TempoChange, TempoMap};
    use leitmotif_theory::Bpm;

    fn tempo_summary(score: &Score) -> Vec<String> {
        tempo_marks(score)
            .iter()
            .map(|d| match &d.kind {
                DirectionKind::Tempo {
                    words, metronome, ..
                } => format!(
                    "{}:{}{}={}{}",
                    d.at,
                    words
                        .as_deref()
                        .map(|w| format!("{w} "))
                        .unwrap_or_default(),
                    metronome.unit.name(),
                    metronome.per_minute,
                    if metronome.visible { "" } else { " (hidden)" }
                ),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn tempo_marks_of_the_small_score() {
        assert_eq!(
            tempo_summary(&small_score()),
            ["0:Allegro quarter=120", "2880:quarter=90"]
        );
    }

    #[test]
    fn an_eased_change_is_written_as_accelerando() {
        let mut score = small_score();
        score.meters.truncate(1);
        score.meters[0].meter = Meter::COMMON;
        let at = |t, bpm| TempoChange {
            at: t,
            bpm: Bpm(bpm),
        };
        score.tempo = TempoMap {
            changes: vec![
                at(0, 120.0),
                at(96000, 121.6),
                at(96960, 123.2),
                at(97920, 124.8),
                at(98880, 126.4),
                at(99840, 128.6),
            ],
        };
        assert_eq!(
            tempo_summary(&score),
            [
                "0:Allegro quarter=120",
                "96000:accel. quarter=122 (hidden)",
                "96960:quarter=123 (hidden)",
                "97920:quarter=125 (hidden)",
                "98880:quarter=126 (hidden)",
                "99840:quarter=129"
            ]
        );
    }

    #[test]
    fn compound_meters_count_dotted_quarters() {
        let m = metronome_for(Meter::parse("6/8").unwrap(), 120.0, true);
        assert_eq!(
            (m.unit, m.dotted, m.per_minute),
            (NoteType::Quarter, true, 80)
        );
        let m = metronome_for(Meter::parse("2/2").unwrap(), 120.0, true);
        assert_eq!((m.unit, m.per_minute), (NoteType::Half, 60));
    }

    #[test]
    fn sections_get_letters_and_hits_words() {
        let marks = markers(&small_score());
        assert_eq!(
            marks[0].kind,
            DirectionKind::Rehearsal {
                mark: "A".into(),
                name: "Intro".into()
            }
        );
        assert_eq!(marks[1].kind, DirectionKind::Words("Intro".into()));
        assert_eq!(marks[2].kind, DirectionKind::Words("Door slams".into()));
        assert_eq!(rehearsal_letter(25), "Z");
        assert_eq!(rehearsal_letter(26), "AA");
    }
}
