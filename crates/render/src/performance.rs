//! A performance: what the instruments are told to do, as MIDI events per channel at exact frames.
//!
//! Both inputs end up here: a composed [`Score`] (via its tempo map) and any Standard MIDI File
//! (via its own tempo map, split by MIDI channel). From this point on, rendering knows nothing
//! about ticks or beats, only frames, which keeps the renderer and the engines simple and makes the
//! same score give the same audio wherever it came from.

use crate::error::RenderError;
use leitmotif_score::{Part, Score};
use midly::{MetaMessage, MidiMessage, Smf, Timing, TrackEventKind};
use std::path::Path;

/// One instruction to a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    NoteOn {
        key: u8,
        velocity: u8,
    },
    NoteOff {
        key: u8,
    },
    Control {
        controller: u8,
        value: u8,
    },
    Program(u8),
    /// 0..=16383, 8192 the centre.
    PitchBend(u16),
}

/// An event at an exact frame (sample index from the start of the performance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub frame: u64,
    pub kind: EventKind,
}

/// One channel's worth of events: a part of a score, or one MIDI channel of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelTrack {
    /// The part's name (a score part, or the track name / "Channel N" of a file); names stems.
    pub name: String,
    /// General MIDI program at the start (program changes may follow as events).
    pub program: u8,
    /// Plays the General MIDI percussion map (MIDI channel 10).
    pub drums: bool,
    /// Sorted by frame; at equal frames in the order they must be applied.
    pub events: Vec<Event>,
}

/// Everything to render, at one sample rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    pub sample_rate: u32,
    pub channels: Vec<ChannelTrack>,
    /// Where the music ends (the score's last bar line or the file's last event); effect tails may
    /// ring on past it.
    pub end_frame: u64,
}

fn seconds_to_frame(seconds: f64, sample_rate: u32) -> u64 {
    (seconds.max(0.0) * sample_rate as f64).round() as u64
}

impl Performance {
    /// The performance of a composed score.
    pub fn from_score(score: &Score, sample_rate: u32) -> Performance {
        let frame_at = |tick| seconds_to_frame(score.tempo.seconds_at(tick), sample_rate);
        let channels = score
            .parts
            .iter()
            .map(|part| part_track(part, &frame_at))
            .collect();
        Performance {
            sample_rate,
            channels,
            end_frame: frame_at(score.end),
        }
    }

    /// The performance of a Standard MIDI File, one [`ChannelTrack`] per MIDI channel that plays
    /// notes (so a type-1 file with several tracks on one channel still gets one instrument).
    pub fn from_smf(
        bytes: &[u8],
        path: &Path,
        sample_rate: u32,
    ) -> Result<Performance, RenderError> {
        let smf = Smf::parse(bytes).map_err(|e| RenderError::Midi {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let ppq = match smf.header.timing {
            Timing::Metrical(t) if t.as_int() > 0 => t.as_int() as f64,
            Timing::Metrical(_) => {
                return Err(RenderError::Midi {
                    path: path.to_path_buf(),
                    reason: "the header says 0 ticks per quarter note".into(),
                })
            }
            Timing::Timecode(fps, sub) => {
                // SMPTE timing: ticks are fixed fractions of a second; model it as a tempo map
                // of one "quarter" per second at fps*sub ticks.
                (fps.as_f32() as f64 * sub as f64).max(1.0)
            }
        };
        let smpte = matches!(smf.header.timing, Timing::Timecode(..));

        // Merge every track into one list of (absolute tick, track order, event).
        let mut merged: Vec<(u64, usize, TrackEventKind)> = Vec::new();
        for track in &smf.tracks {
            let mut tick = 0u64;
            for ev in track {
                tick += ev.delta.as_int() as u64;
                merged.push((tick, merged.len(), ev.kind));
            }
        }
        merged.sort_by_key(|(tick, order, _)| (*tick, *order));

        // Tempo map: walk the merged list converting ticks to seconds.
        let mut micros_per_quarter = if smpte { 1_000_000.0 } else { 500_000.0 };
        let mut last_tick = 0u64;
        let mut seconds = 0.0f64;
        let mut slots: [Option<ChannelTrack>; 16] = Default::default();
        let mut track_names: Vec<String> = Vec::new();
        let mut end_frame = 0u64;
        for (tick, _, kind) in merged {
            seconds += (tick - last_tick) as f64 / ppq * micros_per_quarter / 1e6;
            last_tick = tick;
            let frame = seconds_to_frame(seconds, sample_rate);
            end_frame = end_frame.max(frame);
            match kind {
                TrackEventKind::Meta(MetaMessage::Tempo(t)) if !smpte => {
                    micros_per_quarter = t.as_int().max(1) as f64;
                }
                TrackEventKind::Meta(MetaMessage::TrackName(name)) => {
                    track_names.push(String::from_utf8_lossy(name).trim().to_string());
                }
                TrackEventKind::Midi { channel, message } => {
                    let ch = channel.as_int() as usize;
                    let slot = slots[ch].get_or_insert_with(|| ChannelTrack {
                        name: format!("channel-{:02}", ch + 1),
                        program: 0,
                        drums: ch == 9,
                        events: Vec::new(),
                    });
                    let kind = match message {
                        MidiMessage::NoteOn { key, vel } if vel.as_int() > 0 => EventKind::NoteOn {
                            key: key.as_int(),
                            velocity: vel.as_int(),
                        },
                        MidiMessage::NoteOn { key, .. } | MidiMessage::NoteOff { key, .. } => {
                            EventKind::NoteOff { key: key.as_int() }
                        }
                        MidiMessage::Controller { controller, value } => EventKind::Control {
                            controller: controller.as_int(),
                            value: value.as_int(),
                        },
                        MidiMessage::ProgramChange { program } => {
                            if !slot
                                .events
                                .iter()
                                .any(|e| matches!(e.kind, EventKind::NoteOn { .. }))
                            {
                                slot.program = program.as_int();
                            }
                            EventKind::Program(program.as_int())
                        }
                        MidiMessage::PitchBend { bend } => EventKind::PitchBend(bend.0.as_int()),
                        MidiMessage::Aftertouch { .. } | MidiMessage::ChannelAftertouch { .. } => {
                            continue
                        }
                    };
                    slot.events.push(Event { frame, kind });
                }
                _ => {}
            }
        }
        let channels: Vec<ChannelTrack> = slots
            .into_iter()
            .flatten()
            .filter(|c| {
                c.events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::NoteOn { .. }))
            })
            .collect();
        if channels.is_empty() {
            return Err(RenderError::Midi {
                path: path.to_path_buf(),
                reason: "it has no notes to play".into(),
            });
        }
        let _ = track_names;
        Ok(Performance {
            sample_rate,
            channels,
            end_frame,
        })
    }

    /// The length in seconds of the music (without effect tails).
    pub fn duration_seconds(&self) -> f64 {
        self.end_frame as f64 / self.sample_rate as f64
    }
}

/// A part's events: program first, then per tick note-offs, controls, note-ons (as in the MIDI
/// export, so a repeated pitch re-strikes and a pedal change lands between the notes it separates).
fn part_track(part: &Part, frame_at: &dyn Fn(u64) -> u64) -> ChannelTrack {
    // (tick, order within tick, event kind)
    let mut timed: Vec<(u64, u8, EventKind)> = Vec::new();
    for note in &part.notes {
        if note.duration == 0 {
            continue;
        }
        let key = note.pitch.midi().clamp(0, 127) as u8;
        timed.push((note.end(), 0, EventKind::NoteOff { key }));
        timed.push((
            note.start,
            2,
            EventKind::NoteOn {
                key,
                velocity: note.velocity.clamp(1, 127),
            },
        ));
    }
    for c in &part.controls {
        timed.push((
            c.at,
            1,
            EventKind::Control {
                controller: c.kind.cc(),
                value: c.value.min(127),
            },
        ));
    }
    timed.sort_by_key(|(tick, order, kind)| (*tick, *order, key_of(kind)));
    let mut events: Vec<Event> = Vec::with_capacity(timed.len() + 1);
    events.push(Event {
        frame: 0,
        kind: EventKind::Program(part.instrument.program),
    });
    events.extend(timed.into_iter().map(|(tick, _, kind)| Event {
        frame: frame_at(tick),
        kind,
    }));
    ChannelTrack {
        name: part.name.clone(),
        program: part.instrument.program,
        drums: part.is_drums(),
        events,
    }
}

fn key_of(kind: &EventKind) -> u8 {
    match kind {
        EventKind::NoteOn { key, .. } | EventKind::NoteOff { key } => *key,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_score::{Instrument, Note, TempoMap};
    use leitmotif_theory::{Bpm, Pitch, PPQ};

    fn one_part_score() -> Score {
        let mut part = Part::new("Melody", Instrument::by_name("flute").unwrap(), 0);
        let pitch = Pitch::parse("A4").unwrap();
        for i in 0..4u64 {
            part.notes.push(Note {
                start: i * PPQ,
                duration: PPQ,
                pitch,
                velocity: 90,
            });
        }
        Score {
            title: "t".into(),
            parts: vec![part],
            tempo: TempoMap::constant(Bpm(120.0)),
            meters: vec![],
            keys: vec![],
            markers: vec![],
            end: 4 * PPQ,
        }
    }

    #[test]
    fn score_ticks_become_frames_through_the_tempo_map() {
        let perf = Performance::from_score(&one_part_score(), 48_000);
        assert_eq!(perf.end_frame, 96_000, "4 beats at 120 bpm = 2 s");
        let ch = &perf.channels[0];
        assert_eq!(ch.program, 73);
        let ons: Vec<u64> = ch
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::NoteOn { .. }))
            .map(|e| e.frame)
            .collect();
        assert_eq!(ons, vec![0, 24_000, 48_000, 72_000]);
        // A repeated pitch: the note-off at 24 000 comes before the next note-on.
        let at: Vec<EventKind> = ch
            .events
            .iter()
            .filter(|e| e.frame == 24_000)
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            at,
            vec![
                EventKind::NoteOff { key: 69 },
                EventKind::NoteOn {
                    key: 69,
                    velocity: 90
                }
            ]
        );
    }

    #[test]
    fn a_midi_file_follows_its_tempo_changes_and_splits_by_channel() {
        use midly::num::{u15, u24, u28, u4, u7};
        use midly::{Format, Header, TrackEvent};
        let ev = |delta: u32, kind| TrackEvent {
            delta: u28::new(delta),
            kind,
        };
        let note = |ch: u8, on: bool| TrackEventKind::Midi {
            channel: u4::new(ch),
            message: if on {
                MidiMessage::NoteOn {
                    key: u7::new(60),
                    vel: u7::new(100),
                }
            } else {
                MidiMessage::NoteOff {
                    key: u7::new(60),
                    vel: u7::new(0),
                }
            },
        };
        let conductor = vec![
            // 120 bpm for one beat, then 60 bpm.
            ev(
                0,
                TrackEventKind::Meta(MetaMessage::Tempo(u24::new(500_000))),
            ),
            ev(
                480,
                TrackEventKind::Meta(MetaMessage::Tempo(u24::new(1_000_000))),
            ),
            ev(0, TrackEventKind::Meta(MetaMessage::EndOfTrack)),
        ];
        let part = vec![
            ev(0, note(0, true)),
            ev(960, note(0, false)),
            ev(0, note(9, true)),
            ev(480, note(9, false)),
            ev(0, TrackEventKind::Meta(MetaMessage::EndOfTrack)),
        ];
        let smf = Smf {
            header: Header::new(Format::Parallel, Timing::Metrical(u15::new(480))),
            tracks: vec![conductor, part],
        };
        let mut bytes = Vec::new();
        smf.write_std(&mut bytes).unwrap();
        let perf = Performance::from_smf(&bytes, Path::new("t.mid"), 48_000).unwrap();
        assert_eq!(perf.channels.len(), 2);
        assert!(perf.channels[1].drums && !perf.channels[0].drums);
        // Beat 1 at 120 bpm (0.5 s) + beat 2 at 60 bpm (1 s) = 1.5 s; the drum note lasts 1 s more.
        assert_eq!(perf.channels[0].events[1].frame, 72_000);
        assert_eq!(perf.end_frame, 120_000);
    }

    #[test]
    fn garbage_is_a_midi_error_naming_the_file() {
        let err =
            Performance::from_smf(b"not midi at all", Path::new("x.mid"), 48_000).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("x.mid") && text.contains("Standard MIDI File"),
            "{text}"
        );
    }
}
