//! Whole-document tests on hand-built scores (the golden file is checked in
//! `tests/musicxml_golden.rs`).

use super::durations::Content;
use super::layout::Layout;
use super::part::prepare;
use super::*;
use crate::small_score::small_score;
use leitmotif_score::{Control, ControlKind, Instrument, Note, Part};
use leitmotif_theory::{Key, Pitch, Ticks};

fn note(start: Ticks, duration: Ticks, pitch: &str, velocity: u8) -> Note {
    Note {
        start,
        duration,
        pitch: Pitch::parse(pitch).unwrap(),
        velocity,
    }
}

fn one_part(instrument: &str, notes: Vec<Note>) -> Score {
    let mut score = small_score();
    let mut part = Part::new("Melody", Instrument::by_name(instrument).unwrap(), 0);
    part.notes = notes;
    score.parts = vec![part];
    score
}

fn xml(score: &Score) -> String {
    to_musicxml(score, &Heading::new("Test"))
}

/// Every written bar of every voice adds up to the bar, and every note is written exactly once
/// (pieces that continue a tie are not new notes).
fn assert_consistent(score: &Score) {
    let layout = Layout::new(score);
    for (i, p) in score.parts.iter().enumerate() {
        let prepared = prepare(i, p.name.clone(), p, score, &layout);
        let mut written = 0;
        for (bar, pb) in layout.bars.iter().zip(&prepared.bars) {
            for vb in &pb.voices {
                let total: Ticks = vb.pieces.iter().map(|x| x.len).sum();
                assert_eq!(
                    total, bar.len,
                    "part {i} bar {} voice {}",
                    bar.number, vb.voice
                );
                for piece in &vb.pieces {
                    if let Some(v) = piece.value {
                        let written_len = match piece.tuplet {
                            Some(_) => piece.len * 3 / 2,
                            None => piece.len,
                        };
                        assert_eq!(v.ticks(), written_len, "{piece:?}");
                    }
                    if let Content::Chord {
                        index,
                        tie_stop: false,
                        ..
                    } = piece.content
                    {
                        written += prepared.voices[vb.voice].chords[index].notes.len();
                    }
                }
            }
        }
        let mut keys: Vec<(Ticks, i32)> =
            p.notes.iter().map(|n| (n.start, n.pitch.midi())).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(written, keys.len(), "part {i}");
        assert_eq!(prepared.stats, PartStats::default());
    }
}

#[test]
fn the_small_score_is_consistent_and_deterministic() {
    let score = small_score();
    assert_consistent(&score);
    assert_eq!(xml(&score), xml(&score));
}

#[test]
fn header_names_parts_and_instruments() {
    let text = xml(&small_score());
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""));
    assert!(text.contains("<score-partwise version=\"4.0\">"));
    assert!(text.contains("<movement-title>Test</movement-title>"));
    assert!(text.contains("<creator type=\"composer\">Leitmotif</creator>"));
    assert!(text.contains("<part-name>Violin</part-name>"));
    assert!(text.contains("<midi-program>41</midi-program>"));
    assert!(text.contains("<part-name>Drum Kit</part-name>"));
    assert!(text.contains("<midi-channel>10</midi-channel>"));
    assert!(text.contains("<midi-unpitched>37</midi-unpitched>"));
    assert!(text.contains("<sign>percussion</sign>"));
    assert!(text.contains("<notehead>x</notehead>"));
    assert!(text.contains("<rehearsal enclosure=\"square\">A</rehearsal>"));
    assert!(text.contains("<words font-style=\"italic\">Door slams</words>"));
    assert!(text.contains("<per-minute>120</per-minute>"));
    assert!(text.contains("<sound tempo=\"90\"/>"));
    assert!(text.contains("<beats>3</beats>"));
    assert!(text.contains("<fifths>2</fifths>"));
}

#[test]
fn clarinet_is_written_a_tone_higher_in_its_own_key() {
    let mut score = one_part(
        "clarinet",
        vec![
            note(0, 960, "Eb4", 80),
            note(960, 960, "D#4", 80),
            note(1920, 960, "A4", 80),
        ],
    );
    score.keys[0].key = Key::parse("Eb major").unwrap();
    let text = xml(&score);
    assert!(text.contains("<part-name>Clarinet in B\u{266d}</part-name>"));
    assert!(text.contains("<fifths>-1</fifths>"), "F major written");
    assert!(text.contains("<diatonic>-1</diatonic>"));
    assert!(text.contains("<chromatic>-2</chromatic>"));
    // Eb4 -> F4, D#4 -> E#4 (spelling kept), A4 -> B4
    assert!(text.contains("<step>F</step>\n          <octave>4</octave>"));
    assert!(
        text.contains("<step>E</step>\n          <alter>1</alter>\n          <octave>4</octave>")
    );
    assert!(text.contains("<step>B</step>\n          <octave>4</octave>"));
    assert_consistent(&score);
}

#[test]
fn tenor_sax_and_contrabass_use_octave_change() {
    let score = one_part("tenor-sax", vec![note(0, 2880, "Bb3", 80)]);
    let text = xml(&score);
    assert!(text.contains("<octave-change>-1</octave-change>"));
    assert!(text.contains("<step>C</step>\n          <octave>5</octave>"));
    let score = one_part("contrabass", vec![note(0, 2880, "D2", 80)]);
    let text = xml(&score);
    assert!(text.contains("<step>D</step>\n          <octave>3</octave>"));
    assert!(text.contains("<sign>F</sign>"));
}

#[test]
fn guitar_reads_treble_8vb_at_sounding_pitch() {
    let text = xml(&one_part("guitar", vec![note(0, 2880, "E3", 80)]));
    assert!(text.contains("<clef-octave-change>-1</clef-octave-change>"));
    assert!(!text.contains("<transpose>"));
    assert!(text.contains("<step>E</step>\n          <octave>3</octave>"));
}

#[test]
fn viola_reads_alto_clef() {
    let text = xml(&one_part("viola", vec![note(0, 2880, "C4", 80)]));
    assert!(text.contains("<sign>C</sign>\n          <line>3</line>"));
}

#[test]
fn piano_gets_a_grand_staff_with_pedal_marks() {
    let mut score = one_part(
        "piano",
        vec![
            note(0, 2880, "C3", 70),
            note(0, 960, "E5", 70),
            note(960, 960, "D5", 70),
        ],
    );
    score.parts[0].controls = vec![
        Control {
            at: 40,
            kind: ControlKind::SustainPedal,
            value: 127,
        },
        Control {
            at: 2880,
            kind: ControlKind::SustainPedal,
            value: 0,
        },
    ];
    let text = xml(&score);
    assert!(text.contains("<staves>2</staves>"));
    assert!(text.contains("<clef number=\"2\">"));
    assert!(text.contains("<staff>2</staff>"));
    assert!(text.contains("<pedal type=\"start\" line=\"yes\"/>"));
    assert!(text.contains("<pedal type=\"stop\" line=\"yes\"/>"));
    assert_consistent(&score);
}

#[test]
fn ties_cross_the_bar_line() {
    let score = one_part("violin", vec![note(1920, 1920, "A4", 80)]);
    let text = xml(&score);
    assert_eq!(text.matches("<tie type=\"start\"/>").count(), 1);
    assert_eq!(text.matches("<tied type=\"stop\"/>").count(), 1);
    assert_consistent(&score);
}

#[test]
fn swing_is_written_as_triplets() {
    let notes: Vec<Note> = (0..8)
        .map(|k| {
            let beat = k / 2 * 960;
            if k % 2 == 0 {
                note(beat, 640, "A4", 80)
            } else {
                note(beat + 640, 320, "B4", 70)
            }
        })
        .collect();
    let mut score = one_part("violin", notes);
    score.meters.truncate(1);
    score.meters[0].meter = leitmotif_theory::Meter::COMMON;
    let text = xml(&score);
    assert!(text.contains("<actual-notes>3</actual-notes>"));
    assert!(text.contains("<tuplet type=\"start\" bracket=\"yes\"/>"));
    assert!(text.contains("<divisions>3</divisions>"));
    assert_consistent(&score);
}

#[test]
fn dynamics_and_hairpins_are_written() {
    let mut notes = Vec::new();
    for bar in 0..4u64 {
        notes.push(note(2880 + bar * 3840, 3840, "A4", 40 + 20 * bar as u8));
    }
    let mut score = one_part("violin", notes);
    score.end = 2880 + 4 * 3840;
    score.parts[0].controls = (0..4u64)
        .map(|bar| Control {
            at: 2880 + bar * 3840,
            kind: ControlKind::Expression,
            value: 50 + 20 * bar as u8,
        })
        .collect();
    let text = xml(&score);
    assert!(text.contains("<pp/>"));
    assert!(text.contains("<wedge type=\"crescendo\" number=\"1\"/>"));
    assert!(text.contains("<wedge type=\"stop\" number=\"1\"/>"));
    assert!(text.contains("<f/>") || text.contains("<ff/>"));
}

#[test]
fn many_overlapping_notes_stay_within_four_voices() {
    let notes: Vec<Note> = (0..6)
        .map(|k| {
            note(
                k * 240,
                3840,
                &format!("{}4", ["C", "D", "E", "F", "G", "A"][k as usize]),
                80,
            )
        })
        .collect();
    let score = one_part("strings", notes);
    let (text, stats) = to_musicxml_with_stats(&score, &Heading::new("x"));
    assert!(!text.contains("<voice>5</voice>"));
    assert_eq!(stats[0].shortened, 2);
}

#[test]
fn titles_and_file_names() {
    let heading = Heading::new("First Love's Whisper").in_work("My Heart <3");
    let text = to_musicxml(&small_score(), &heading);
    assert!(text.contains("<work-title>My Heart &lt;3</work-title>"));
    assert!(text.contains("<credit-type>subtitle</credit-type>"));
    assert!(text.contains("First Love's Whisper"));
}

#[test]
fn key_changes_restate_key_and_respelled_transposition() {
    let mut score = one_part(
        "clarinet",
        vec![note(0, 2880, "D4", 80), note(2880, 3840, "F#4", 80)],
    );
    score.keys.push(leitmotif_score::KeyChange {
        at: 2880,
        key: Key::parse("F# major").unwrap(),
    });
    let text = xml(&score);
    // bar 1: D major -> E major for the clarinet; bar 2: F# major -> G# major, respelled Ab
    assert!(text.contains("<fifths>4</fifths>"));
    assert!(text.contains("<fifths>-4</fifths>"));
    assert!(text.contains("<diatonic>-2</diatonic>"));
    assert!(
        text.contains("<step>A</step>\n          <alter>-1</alter>\n          <octave>4</octave>")
    );
    assert_consistent(&score);
}

#[test]
fn a_meter_change_inside_a_bar_starts_a_new_bar() {
    let mut score = one_part("violin", vec![note(0, 3840, "A4", 80)]);
    score.meters = vec![
        leitmotif_score::MeterChange {
            at: 0,
            meter: leitmotif_theory::Meter::COMMON,
        },
        leitmotif_score::MeterChange {
            at: 1920,
            meter: leitmotif_theory::Meter::WALTZ,
        },
    ];
    score.end = 1920 + 2880;
    let layout = Layout::new(&score);
    assert_eq!(
        layout.bars.iter().map(|b| b.len).collect::<Vec<_>>(),
        [1920, 2880]
    );
    assert_consistent(&score);
    assert_eq!(xml(&score).matches("<tie type=\"start\"/>").count(), 1);
}
