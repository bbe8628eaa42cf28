//! Standard MIDI File export: a [`Score`] as an SMF type 1 file at the score's own resolution.
//!
//! Layout (what DAWs and notation programs expect when they import a multi-track file):
//! - track 0 is the *conductor* track: the title, and the tempo, meter and key maps and the
//!   markers, so every part track shares one timeline;
//! - then one track per part, in score order, named after the part, carrying its instrument name,
//!   its General MIDI program (except on the percussion channel) and its controllers and notes.
//!
//! The file is written at [`PPQ`] ticks per quarter, so score ticks are file ticks and nothing
//! is rounded. Events at the same tick are ordered note-offs, then program and controller
//! changes, then note-ons: a repeated pitch re-strikes cleanly instead of the new note being cut
//! by the old one's note-off, and a pedal change lands between the notes it separates. Remaining
//! ties are broken by key number and then insertion order, so the same score always gives the same
//! bytes (golden tests and reproducible builds depend on that).

use crate::{atomic::write_atomic, error::ExportError};
use leitmotif_score::{Part, Score};
use leitmotif_theory::{Meter, Ticks, PPQ};
use midly::{
    num::{u15, u24, u28, u4, u7},
    Format, Header, MetaMessage, MidiMessage, Smf, Timing, TrackEvent, TrackEventKind,
};
use std::path::Path;

/// The General MIDI percussion channel (channel 10, counted from 1).
const DRUM_CHANNEL: u8 = 9;

/// Converts a score to the bytes of a Standard MIDI File (type 1, [`PPQ`] ticks per quarter).
///
/// Out-of-range values are clamped rather than rejected, because the file must always be
/// playable: keys to 0..=127, velocities to 1..=127 (0 would be read as a note-off), controller
/// values to 0..=127, channels to 0..=15, key signatures to -7..=7 and tempos to what the 24-bit
/// field holds. Zero-length notes are skipped (a note-on and note-off at one tick sound nothing,
/// and with note-offs first they would leave a stuck note), and a note that is still sounding when
/// the same key starts again on its part is ended there, since MIDI cannot hold one key twice
/// on one channel.
///
/// # Panics
/// Only if the score has more than 65,534 parts, which the SMF format cannot store.
pub fn score_to_smf(score: &Score) -> Vec<u8> {
    let part_tracks: Vec<TrackBuilder> = score
        .parts
        .iter()
        .map(|p| part_track(p, score.end))
        .collect();
    let music_end = part_tracks
        .iter()
        .map(|t| t.last_tick())
        .max()
        .unwrap_or(0)
        .max(score.end);

    let mut smf = Smf::new(Header::new(
        Format::Parallel,
        Timing::Metrical(u15::new(PPQ as u16)),
    ));
    smf.tracks.push(conductor_track(score, music_end).finish());
    smf.tracks
        .extend(part_tracks.into_iter().map(TrackBuilder::finish));

    let mut bytes = Vec::new();
    smf.write_std(&mut bytes)
        .expect("an in-memory SMF only fails to encode past 65,535 tracks or 256 MB per event");
    bytes
}

/// Writes a score as a Standard MIDI File, atomically (readers never see a half-written file).
pub fn write_smf(path: &Path, score: &Score) -> Result<(), ExportError> {
    write_atomic(path, &score_to_smf(score)).map_err(|error| ExportError::Write {
        path: path.to_path_buf(),
        error,
    })
}

/// Where an event sorts among events at the same tick (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Names and conductor metadata come first, as importers expect them at the track start.
    Meta,
    NoteOff,
    Program,
    Controller,
    NoteOn,
}

/// Events of one track at absolute ticks, before sorting and delta encoding.
struct TrackBuilder<'a> {
    events: Vec<Pending<'a>>,
    end: Ticks,
}

struct Pending<'a> {
    at: Ticks,
    rank: Rank,
    /// Key number for notes (ties between notes go low to high), 0 otherwise.
    tie: u8,
    seq: usize,
    kind: TrackEventKind<'a>,
}

impl<'a> TrackBuilder<'a> {
    fn new(end: Ticks) -> Self {
        TrackBuilder {
            events: Vec::new(),
            end,
        }
    }

    fn push(&mut self, at: Ticks, rank: Rank, tie: u8, kind: TrackEventKind<'a>) {
        let seq = self.events.len();
        self.events.push(Pending {
            at,
            rank,
            tie,
            seq,
            kind,
        });
    }

    fn meta(&mut self, at: Ticks, message: MetaMessage<'a>) {
        self.push(at, Rank::Meta, 0, TrackEventKind::Meta(message));
    }

    /// The tick of the end-of-track event: the requested end, or later if an event is later.
    fn last_tick(&self) -> Ticks {
        self.events
            .iter()
            .map(|e| e.at)
            .max()
            .unwrap_or(0)
            .max(self.end)
    }

    /// Sorts the events, converts absolute ticks to deltas and appends end-of-track.
    fn finish(mut self) -> Vec<TrackEvent<'a>> {
        let end = self.last_tick();
        self.events.sort_by_key(|e| (e.at, e.rank, e.tie, e.seq));
        let mut track = Vec::with_capacity(self.events.len() + 1);
        let mut now = 0;
        for e in self.events {
            push_delta(&mut track, e.at - now, e.kind);
            now = e.at;
        }
        push_delta(
            &mut track,
            end - now,
            TrackEventKind::Meta(MetaMessage::EndOfTrack),
        );
        track
    }
}

/// Appends an event `delta` ticks after the previous one. A delta wider than the 28-bit field
/// (about 280,000 quarter notes) is carried by empty text events, which every reader ignores.
fn push_delta<'a>(track: &mut Vec<TrackEvent<'a>>, mut delta: Ticks, kind: TrackEventKind<'a>) {
    let max = u28::max_value().as_int() as Ticks;
    while delta > max {
        track.push(TrackEvent {
            delta: u28::max_value(),
            kind: TrackEventKind::Meta(MetaMessage::Text(&[])),
        });
        delta -= max;
    }
    track.push(TrackEvent {
        delta: u28::new(delta as u32),
        kind,
    });
}

/// Track 0: title, time signatures, key signatures, tempos and markers.
fn conductor_track(score: &Score, end: Ticks) -> TrackBuilder<'_> {
    let mut t = TrackBuilder::new(end);
    t.meta(0, MetaMessage::TrackName(score.title.as_bytes()));
    for m in &score.meters {
        t.meta(m.at, time_signature(m.meter));
    }
    for k in &score.keys {
        let sharps = k.key.signature().clamp(-7, 7) as i8;
        t.meta(
            k.at,
            MetaMessage::KeySignature(sharps, k.key.mode.is_minor_family()),
        );
    }
    for c in &score.tempo.changes {
        let micros = c
            .bpm
            .micros_per_quarter()
            .clamp(1, u24::max_value().as_int());
        t.meta(c.at, MetaMessage::Tempo(u24::new(micros)));
    }
    for m in &score.markers {
        t.meta(m.at, MetaMessage::Marker(m.text.as_bytes()));
    }
    t
}

/// The SMF time signature: numerator, denominator as a power of two, MIDI clocks (24 per
/// quarter) per metronome click, and 8 thirty-seconds per quarter. The click is the felt beat,
/// so compound meters click on the dotted beat (36 clocks in 6/8, 9/8, 12/8).
fn time_signature(meter: Meter) -> MetaMessage<'static> {
    let unit = meter.unit.max(1);
    let clocks = if meter.is_compound() {
        (3 * 96 / unit as u32) as u8
    } else {
        24
    };
    MetaMessage::TimeSignature(meter.beats, unit.ilog2() as u8, clocks, 8)
}

/// One part's track: names, program, controllers and notes on the part's channel.
fn part_track(part: &Part, end: Ticks) -> TrackBuilder<'_> {
    let mut t = TrackBuilder::new(end);
    let channel = u4::new(part.channel.min(15));
    let midi = |message| TrackEventKind::Midi { channel, message };
    t.meta(0, MetaMessage::TrackName(part.name.as_bytes()));
    t.meta(
        0,
        MetaMessage::InstrumentName(part.instrument.display.as_bytes()),
    );
    // General MIDI has no programs on the percussion channel (GS/XG read them as kit changes).
    if !part.is_drums() && part.channel != DRUM_CHANNEL {
        let program = u7::new(part.instrument.program.min(127));
        t.push(
            0,
            Rank::Program,
            0,
            midi(MidiMessage::ProgramChange { program }),
        );
    }
    for c in &part.controls {
        let message = MidiMessage::Controller {
            controller: u7::new(c.kind.cc().min(127)),
            value: u7::new(c.value.min(127)),
        };
        t.push(c.at, Rank::Controller, 0, midi(message));
    }
    for n in sounding_notes(part) {
        let key = u7::new(n.key);
        let on = MidiMessage::NoteOn {
            key,
            vel: u7::new(n.velocity),
        };
        let off = MidiMessage::NoteOff {
            key,
            vel: u7::new(0),
        };
        t.push(n.start, Rank::NoteOn, n.key, midi(on));
        t.push(n.end, Rank::NoteOff, n.key, midi(off));
    }
    t
}

/// A note as the file will play it: clamped key and velocity, and an end that never overlaps the
/// next note of the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sounding {
    start: Ticks,
    end: Ticks,
    key: u8,
    velocity: u8,
}

/// The part's notes in insertion order, with overlaps of one key resolved by ending the earlier
/// note where the later one starts, and zero-length notes (including exact duplicates) dropped.
fn sounding_notes(part: &Part) -> Vec<Sounding> {
    let mut notes: Vec<(usize, Sounding)> = part
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let sounding = Sounding {
                start: n.start,
                end: n.end(),
                key: n.pitch.midi_clamped(),
                velocity: n.velocity.clamp(1, 127),
            };
            (i, sounding)
        })
        .collect();
    notes.sort_by_key(|(i, n)| (n.key, n.start, *i));
    for j in 1..notes.len() {
        let next = notes[j].1;
        let prev = &mut notes[j - 1].1;
        if prev.key == next.key && prev.end > next.start {
            prev.end = next.start;
        }
    }
    notes.retain(|(_, n)| n.end > n.start);
    notes.sort_by_key(|(i, _)| *i);
    notes.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;
    use leitmotif_score::{Instrument, Note};
    use leitmotif_theory::Pitch;

    /// Every event of a track with its absolute tick.
    fn absolute<'a>(track: &[TrackEvent<'a>]) -> Vec<(Ticks, TrackEventKind<'a>)> {
        let mut now = 0;
        track
            .iter()
            .map(|e| {
                now += e.delta.as_int() as Ticks;
                (now, e.kind)
            })
            .collect()
    }

    fn metas<'a>(track: &[TrackEvent<'a>]) -> Vec<(Ticks, MetaMessage<'a>)> {
        absolute(track)
            .into_iter()
            .filter_map(|(at, k)| match k {
                TrackEventKind::Meta(m) => Some((at, m)),
                _ => None,
            })
            .collect()
    }

    fn midis(track: &[TrackEvent<'_>]) -> Vec<(Ticks, u8, MidiMessage)> {
        absolute(track)
            .into_iter()
            .filter_map(|(at, k)| match k {
                TrackEventKind::Midi { channel, message } => Some((at, channel.as_int(), message)),
                _ => None,
            })
            .collect()
    }

    fn note_ons(track: &[TrackEvent<'_>]) -> Vec<(Ticks, u8, u8)> {
        midis(track)
            .into_iter()
            .filter_map(|(at, _, m)| match m {
                MidiMessage::NoteOn { key, vel } => Some((at, key.as_int(), vel.as_int())),
                _ => None,
            })
            .collect()
    }

    fn note_offs(track: &[TrackEvent<'_>]) -> Vec<(Ticks, u8)> {
        midis(track)
            .into_iter()
            .filter_map(|(at, _, m)| match m {
                MidiMessage::NoteOff { key, vel } => {
                    assert_eq!(vel.as_int(), 0);
                    Some((at, key.as_int()))
                }
                _ => None,
            })
            .collect()
    }

    fn track_name<'a>(track: &[TrackEvent<'a>]) -> &'a [u8] {
        match track[0].kind {
            TrackEventKind::Meta(MetaMessage::TrackName(name)) => name,
            other => panic!("first event is not a track name: {other:?}"),
        }
    }

    fn end_of_track(track: &[TrackEvent<'_>]) -> Ticks {
        let all = absolute(track);
        let (at, last) = all.last().copied().unwrap();
        assert_eq!(last, TrackEventKind::Meta(MetaMessage::EndOfTrack));
        assert_eq!(
            all.iter()
                .filter(|(_, k)| *k == TrackEventKind::Meta(MetaMessage::EndOfTrack))
                .count(),
            1
        );
        at
    }

    #[test]
    fn header_and_track_layout() {
        let score = small_score();
        let bytes = score_to_smf(&score);
        let smf = Smf::parse(&bytes).unwrap();
        assert_eq!(smf.header.format, Format::Parallel);
        assert_eq!(smf.header.timing, Timing::Metrical(u15::new(960)));
        assert_eq!(smf.tracks.len(), 3);
        assert_eq!(track_name(&smf.tracks[0]), b"Small Score");
        assert_eq!(track_name(&smf.tracks[1]), b"Melody");
        assert_eq!(track_name(&smf.tracks[2]), b"Drums");
        assert!(metas(&smf.tracks[1]).contains(&(0, MetaMessage::InstrumentName(b"Violin"))));
        assert!(metas(&smf.tracks[2]).contains(&(0, MetaMessage::InstrumentName(b"Drum Kit"))));
        for track in &smf.tracks {
            assert_eq!(end_of_track(track), score.end);
        }
    }

    #[test]
    fn conductor_carries_tempo_meter_key_and_markers() {
        let bytes = score_to_smf(&small_score());
        let smf = Smf::parse(&bytes).unwrap();
        let conductor = metas(&smf.tracks[0]);
        let tempos: Vec<(Ticks, u32)> = conductor
            .iter()
            .filter_map(|(at, m)| match m {
                MetaMessage::Tempo(t) => Some((*at, t.as_int())),
                _ => None,
            })
            .collect();
        assert_eq!(tempos, [(0, 500_000), (2880, 666_667)]);
        let meters: Vec<(Ticks, [u8; 4])> = conductor
            .iter()
            .filter_map(|(at, m)| match m {
                MetaMessage::TimeSignature(a, b, c, d) => Some((*at, [*a, *b, *c, *d])),
                _ => None,
            })
            .collect();
        assert_eq!(meters, [(0, [3, 2, 24, 8]), (2880, [4, 2, 24, 8])]);
        assert!(conductor.contains(&(0, MetaMessage::KeySignature(2, false))));
        let markers: Vec<(Ticks, &[u8])> = conductor
            .iter()
            .filter_map(|(at, m)| match m {
                MetaMessage::Marker(text) => Some((*at, *text)),
                _ => None,
            })
            .collect();
        assert_eq!(markers, [(0, &b"Intro"[..]), (2880, &b"Door slams"[..])]);
        // the conductor track holds no channel events
        assert!(midis(&smf.tracks[0]).is_empty());
    }

    #[test]
    fn melody_notes_program_and_pedal() {
        let score = small_score();
        let bytes = score_to_smf(&score);
        let smf = Smf::parse(&bytes).unwrap();
        let melody = &smf.tracks[1];
        assert!(midis(melody).iter().all(|(_, ch, _)| *ch == 0));
        let programs: Vec<(Ticks, u8)> = midis(melody)
            .into_iter()
            .filter_map(|(at, _, m)| match m {
                MidiMessage::ProgramChange { program } => Some((at, program.as_int())),
                _ => None,
            })
            .collect();
        assert_eq!(programs, [(0, 40)]);
        let ons = note_ons(melody);
        let offs = note_offs(melody);
        assert_eq!(ons.len(), score.parts[0].notes.len());
        assert_eq!(offs.len(), ons.len());
        assert_eq!(
            ons.iter().map(|(at, _, _)| *at).collect::<Vec<_>>(),
            [0, 960, 1920, 2880, 4800, 5760]
        );
        assert_eq!(
            offs.iter().map(|(at, _)| *at).collect::<Vec<_>>(),
            [960, 1920, 2880, 4800, 5760, 6720]
        );
        assert_eq!(ons[0], (0, 74, 90));
        let pedal: Vec<(Ticks, u8, u8)> = midis(melody)
            .into_iter()
            .filter_map(|(at, _, m)| match m {
                MidiMessage::Controller { controller, value } => {
                    Some((at, controller.as_int(), value.as_int()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(pedal, [(0, 64, 127), (2880, 64, 0)]);
    }

    #[test]
    fn drums_use_channel_ten_without_program() {
        let bytes = score_to_smf(&small_score());
        let smf = Smf::parse(&bytes).unwrap();
        let drums = &smf.tracks[2];
        let events = midis(drums);
        assert!(!events.is_empty());
        assert!(events.iter().all(|(_, ch, _)| *ch == 9));
        assert!(!events
            .iter()
            .any(|(_, _, m)| matches!(m, MidiMessage::ProgramChange { .. })));
        // hi-hat and kick on one tick: lower key first
        assert_eq!(
            note_ons(drums),
            [
                (0, 36, 100),
                (960, 38, 100),
                (2880, 36, 100),
                (2880, 42, 100)
            ]
        );
    }

    #[test]
    fn equal_ticks_order_offs_then_controls_then_ons() {
        let bytes = score_to_smf(&small_score());
        let smf = Smf::parse(&bytes).unwrap();
        let melody = midis(&smf.tracks[1]);
        // D5 repeated at 960: its note-off comes before the new note-on
        let at_960: Vec<MidiMessage> = melody
            .iter()
            .filter(|(at, _, _)| *at == 960)
            .map(|(_, _, m)| *m)
            .collect();
        let d5 = u7::new(74);
        assert_eq!(
            at_960,
            [
                MidiMessage::NoteOff {
                    key: d5,
                    vel: u7::new(0)
                },
                MidiMessage::NoteOn {
                    key: d5,
                    vel: u7::new(80)
                },
            ]
        );
        // at 2880: F#5 off, pedal up, A5 on
        let kinds: Vec<&str> = melody
            .iter()
            .filter(|(at, _, _)| *at == 2880)
            .map(|(_, _, m)| match m {
                MidiMessage::NoteOff { .. } => "off",
                MidiMessage::NoteOn { .. } => "on",
                MidiMessage::Controller { .. } => "cc",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["off", "cc", "on"]);
    }

    #[test]
    fn output_is_deterministic() {
        let score = small_score();
        assert_eq!(score_to_smf(&score), score_to_smf(&score));
    }

    fn note(start: Ticks, duration: Ticks, midi: i32, velocity: u8) -> Note {
        Note {
            start,
            duration,
            pitch: Pitch::from_midi(midi),
            velocity,
        }
    }

    fn one_part_score(part: Part, end: Ticks) -> Score {
        let mut score = small_score();
        score.parts = vec![part];
        score.end = end;
        score
    }

    #[test]
    fn clamps_and_repairs_unplayable_notes() {
        let piano = Instrument::by_name("piano").unwrap();
        let mut part = Part::new("Piano", piano, 0);
        part.notes = vec![
            note(0, 480, 60, 0),     // velocity 0 would be a note-off
            note(0, 480, 140, 200),  // above the key range
            note(480, 0, 62, 90),    // zero length: skipped
            note(960, 960, 64, 90),  // overlapped by the next E4
            note(1440, 480, 64, 70), // re-strike inside the first E4
        ];
        let bytes = score_to_smf(&one_part_score(part, 1920));
        let smf = Smf::parse(&bytes).unwrap();
        let track = &smf.tracks[1];
        assert_eq!(
            note_ons(track),
            [(0, 60, 1), (0, 127, 127), (960, 64, 90), (1440, 64, 70)]
        );
        assert_eq!(
            note_offs(track),
            [(480, 60), (480, 127), (1440, 64), (1920, 64)]
        );
    }

    #[test]
    fn tracks_end_after_notes_that_outlast_the_score() {
        let piano = Instrument::by_name("piano").unwrap();
        let mut part = Part::new("Piano", piano, 0);
        part.notes = vec![note(0, 4000, 60, 90)];
        let bytes = score_to_smf(&one_part_score(part, 3840));
        let smf = Smf::parse(&bytes).unwrap();
        assert_eq!(end_of_track(&smf.tracks[0]), 4000);
        assert_eq!(end_of_track(&smf.tracks[1]), 4000);
    }

    #[test]
    fn huge_gaps_are_bridged() {
        let piano = Instrument::by_name("piano").unwrap();
        let mut part = Part::new("Piano", piano, 0);
        let far: Ticks = 600_000_000;
        part.notes = vec![note(far, 960, 60, 90)];
        let bytes = score_to_smf(&one_part_score(part, far + 960));
        let smf = Smf::parse(&bytes).unwrap();
        assert_eq!(note_ons(&smf.tracks[1]), [(far, 60, 90)]);
        assert_eq!(end_of_track(&smf.tracks[1]), far + 960);
    }

    #[test]
    fn compound_meters_click_on_the_dotted_beat() {
        let six_eight = Meter::parse("6/8").unwrap();
        assert_eq!(
            time_signature(six_eight),
            MetaMessage::TimeSignature(6, 3, 36, 8)
        );
        let three_eight = Meter::parse("3/8").unwrap();
        assert_eq!(
            time_signature(three_eight),
            MetaMessage::TimeSignature(3, 3, 24, 8)
        );
        let cut = Meter::parse("2/2").unwrap();
        assert_eq!(time_signature(cut), MetaMessage::TimeSignature(2, 1, 24, 8));
    }

    #[test]
    fn write_smf_writes_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cue.mid");
        let score = small_score();
        write_smf(&path, &score).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), score_to_smf(&score));
        let missing = dir.path().join("no-such-folder").join("cue.mid");
        let err = write_smf(&missing, &score).unwrap_err();
        assert_eq!(err.path(), missing);
    }
}
