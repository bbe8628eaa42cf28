//! The small hand-built score shared by the unit tests (included from `src/lib.rs`) and the
//! golden test, so both check the same music.
//!
//! Two bars: one of 3/4 at 120 bpm, then one of 4/4 at 90 bpm, in D major. A violin "Melody" on
//! channel 0 (with a repeated D5 and a sustain pedal that lifts on the bar line) and a drum kit on
//! channel 9, a section marker at the start and a hit on the bar line.

use leitmotif_score::{
    Control, ControlKind, Instrument, KeyChange, Marker, MarkerKind, MeterChange, Note, Part,
    Score, TempoChange, TempoMap,
};
use leitmotif_theory::{Bpm, Key, Meter, Pitch, Ticks};

fn note(start: Ticks, duration: Ticks, pitch: &str, velocity: u8) -> Note {
    Note {
        start,
        duration,
        pitch: Pitch::parse(pitch).unwrap(),
        velocity,
    }
}

fn drum(start: Ticks, key: i32) -> Note {
    Note {
        start,
        duration: 240,
        pitch: Pitch::from_midi(key),
        velocity: 100,
    }
}

pub fn small_score() -> Score {
    let bar_line = 2880;
    let mut melody = Part::new("Melody", Instrument::by_name("violin").unwrap(), 0);
    melody.notes = vec![
        note(0, 960, "D5", 90),
        note(960, 960, "D5", 80),
        note(1920, 960, "F#5", 85),
        note(bar_line, 1920, "A5", 100),
        note(4800, 960, "E5", 80),
        note(5760, 960, "D5", 70),
    ];
    melody.controls = vec![
        Control {
            at: 0,
            kind: ControlKind::SustainPedal,
            value: 127,
        },
        Control {
            at: bar_line,
            kind: ControlKind::SustainPedal,
            value: 0,
        },
    ];
    let mut drums = Part::new("Drums", Instrument::by_name("drums").unwrap(), 9);
    drums.notes = vec![
        drum(0, 36),
        drum(960, 38),
        drum(bar_line, 42),
        drum(bar_line, 36),
    ];
    Score {
        title: "Small Score".into(),
        parts: vec![melody, drums],
        tempo: TempoMap {
            changes: vec![
                TempoChange {
                    at: 0,
                    bpm: Bpm(120.0),
                },
                TempoChange {
                    at: bar_line,
                    bpm: Bpm(90.0),
                },
            ],
        },
        meters: vec![
            MeterChange {
                at: 0,
                meter: Meter::WALTZ,
            },
            MeterChange {
                at: bar_line,
                meter: Meter::COMMON,
            },
        ],
        keys: vec![KeyChange {
            at: 0,
            key: Key::parse("D major").unwrap(),
        }],
        markers: vec![
            Marker {
                at: 0,
                kind: MarkerKind::Section,
                text: "Intro".into(),
            },
            Marker {
                at: bar_line,
                kind: MarkerKind::Hit,
                text: "Door slams".into(),
            },
        ],
        end: bar_line + 3840,
    }
}
