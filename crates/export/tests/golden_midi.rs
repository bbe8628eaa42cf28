//! Golden test: the small score's MIDI file, dumped one event per line, must match the checked-in
//! text. A diff of this file shows exactly what a change to the exporter does to real output.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden file after an intended change, then read the
//! diff before keeping it.

#[path = "common/small_score.rs"]
mod small_score;

use leitmotif_export::score_to_smf;
use midly::{MetaMessage, MidiMessage, Smf, TrackEventKind};
use std::{fmt::Write, path::PathBuf};

/// A readable, stable text form of a MIDI file: a header line, then `track tick event` lines.
fn dump(bytes: &[u8]) -> String {
    let smf = Smf::parse(bytes).expect("the exporter writes a parseable file");
    let mut out = String::new();
    writeln!(
        out,
        "format {:?}, timing {:?}, {} tracks",
        smf.header.format,
        smf.header.timing,
        smf.tracks.len()
    )
    .unwrap();
    for (t, track) in smf.tracks.iter().enumerate() {
        let mut now: u64 = 0;
        for event in track {
            now += u64::from(event.delta.as_int());
            writeln!(out, "{t} {now:>6} {}", describe(&event.kind)).unwrap();
        }
    }
    out
}

fn describe(kind: &TrackEventKind<'_>) -> String {
    let text = |b: &[u8]| format!("{:?}", String::from_utf8_lossy(b));
    match kind {
        TrackEventKind::Midi { channel, message } => {
            let m = match message {
                MidiMessage::NoteOn { key, vel } => format!("NoteOn key={key} vel={vel}"),
                MidiMessage::NoteOff { key, vel } => format!("NoteOff key={key} vel={vel}"),
                MidiMessage::Controller { controller, value } => {
                    format!("Controller cc={controller} value={value}")
                }
                MidiMessage::ProgramChange { program } => format!("ProgramChange {program}"),
                other => format!("{other:?}"),
            };
            format!("ch{channel} {m}")
        }
        TrackEventKind::Meta(meta) => match meta {
            MetaMessage::TrackName(b) => format!("TrackName {}", text(b)),
            MetaMessage::InstrumentName(b) => format!("InstrumentName {}", text(b)),
            MetaMessage::Marker(b) => format!("Marker {}", text(b)),
            MetaMessage::Text(b) => format!("Text {}", text(b)),
            MetaMessage::Tempo(us) => format!("Tempo {us} us/quarter"),
            other => format!("{other:?}"),
        },
        other => format!("{other:?}"),
    }
}

#[test]
fn small_score_matches_golden_dump() {
    let actual = dump(&score_to_smf(&small_score::small_score()));
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/small_score.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&golden, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run with UPDATE_GOLDEN=1 to create it",
            golden.display()
        )
    });
    // Compare line by line first so a failure points at the first differing event.
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} of {} differs", i + 1, golden.display());
    }
    assert_eq!(
        actual,
        expected,
        "{} differs (rerun with UPDATE_GOLDEN=1 if the change is intended)",
        golden.display()
    );
}
