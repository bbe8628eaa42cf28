//! Reading a Standard MIDI File into what a piano roll needs: every note in seconds (through the
//! file's tempo map), grouped into parts, with bar lines, markers, title and key.

use midly::{MetaMessage, MidiMessage, Smf, Timing, TrackEventKind};
use std::collections::BTreeMap;

/// Tick → seconds for one file: piecewise linear, one piece per tempo.
#[derive(Debug, Clone, PartialEq)]
pub struct TempoMap {
    /// `(start tick, seconds at that tick, seconds per tick)`, sorted by tick, the first at 0.
    segments: Vec<(u64, f64, f64)>,
    /// Ticks per quarter note (0 for SMPTE timing).
    ppq: u64,
}

impl TempoMap {
    /// A metrical tempo map from `(tick, microseconds per quarter note)` changes in any order.
    /// Until the first change the tempo is 120 bpm, as the SMF specification says; of several
    /// changes at one tick, the last one read wins.
    pub fn metrical(ppq: u16, changes: &[(u64, u32)]) -> TempoMap {
        let ppq = u64::from(ppq.max(1));
        let per_tick = |us: u32| f64::from(us) / 1e6 / ppq as f64;
        let mut sorted = changes.to_vec();
        sorted.sort_by_key(|c| c.0); // stable: same-tick changes keep their order
        let mut segments = vec![(0u64, 0.0f64, per_tick(500_000))];
        for (tick, us) in sorted {
            let &(start, seconds, rate) = segments.last().expect("never empty");
            let at = seconds + (tick - start) as f64 * rate;
            if tick == start {
                segments.pop();
            }
            segments.push((tick, at, per_tick(us.max(1))));
        }
        TempoMap { segments, ppq }
    }

    /// SMPTE timing: a fixed number of ticks per second, no tempo.
    pub fn timecode(ticks_per_second: f64) -> TempoMap {
        TempoMap {
            segments: vec![(0, 0.0, 1.0 / ticks_per_second.max(1.0))],
            ppq: 0,
        }
    }

    /// Seconds at a tick.
    pub fn seconds(&self, tick: u64) -> f64 {
        let i = self.segments.partition_point(|s| s.0 <= tick) - 1;
        let (start, seconds, rate) = self.segments[i];
        seconds + (tick - start) as f64 * rate
    }

    /// The slowest and fastest tempo (bpm) in force before `end_tick`; `None` for SMPTE timing.
    pub fn bpm_range(&self, end_tick: u64) -> Option<(f64, f64)> {
        if self.ppq == 0 {
            return None;
        }
        let bpms = self
            .segments
            .iter()
            .filter(|s| s.0 < end_tick.max(1))
            .map(|s| 60.0 / (s.2 * self.ppq as f64));
        Some(bpms.fold((f64::INFINITY, 0.0f64), |(lo, hi), b| {
            (lo.min(b), hi.max(b))
        }))
    }
}

/// One sounding note.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Note {
    pub pitch: u8,
    pub velocity: u8,
    pub start: f64,
    pub end: f64,
}

/// The notes of one track on one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The track name (`Melody`, `Bass`…), or `Track N` / `Channel N` when the file has none.
    pub name: String,
    /// The track's instrument-name event, if any (`Violin`).
    pub instrument: Option<String>,
    /// MIDI channel, 1-16.
    pub channel: u8,
    /// Channel 10: the notes are drum sounds, not pitches.
    pub drums: bool,
    /// Sorted by start.
    pub notes: Vec<Note>,
}

/// A bar line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// 1-based.
    pub number: u32,
    pub seconds: f64,
}

/// A marker (`Intro`, `Hit: accent at 45.00s`…).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub seconds: f64,
    pub text: String,
}

/// Everything a piano roll shows.
#[derive(Debug, Clone)]
pub struct MidiScore {
    /// The name of the conductor track (a Leitmotif cue's title).
    pub title: Option<String>,
    /// Parts with at least one note, in file order.
    pub parts: Vec<Part>,
    /// Bar lines from tick 0 to the end (empty for SMPTE timing).
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
    /// The key signature at the start, e.g. `D major`.
    pub key: Option<String>,
    /// The first time signature, e.g. `3/4`.
    pub meter: Option<String>,
    /// The end of the longest track.
    pub end_seconds: f64,
    /// Slowest and fastest tempo, bpm.
    pub bpm_range: Option<(f64, f64)>,
    pub tempo: TempoMap,
}

/// Parses a Standard MIDI File.
pub fn parse(bytes: &[u8]) -> Result<MidiScore, String> {
    let smf = Smf::parse(bytes).map_err(|e| e.to_string())?;
    let mut tempos = Vec::new();
    let mut meters: Vec<(u64, u8, u32)> = Vec::new();
    let mut markers_at: Vec<(u64, String)> = Vec::new();
    let mut key = None;
    let mut end_tick = 0u64;
    for track in &smf.tracks {
        let mut now = 0u64;
        for event in track {
            now += u64::from(event.delta.as_int());
            if let TrackEventKind::Meta(m) = event.kind {
                match m {
                    MetaMessage::Tempo(us) => tempos.push((now, us.as_int())),
                    MetaMessage::TimeSignature(n, d, _, _) if n > 0 && d < 8 => {
                        meters.push((now, n, 1u32 << d))
                    }
                    MetaMessage::Marker(t) | MetaMessage::CuePoint(t) => {
                        markers_at.push((now, text(t)))
                    }
                    MetaMessage::KeySignature(sharps, minor) if key.is_none() => {
                        key = key_name(sharps, minor)
                    }
                    _ => {}
                }
            }
        }
        end_tick = end_tick.max(now);
    }
    let tempo = match smf.header.timing {
        Timing::Metrical(ppq) => TempoMap::metrical(ppq.as_int(), &tempos),
        Timing::Timecode(fps, sub) => TempoMap::timecode(f64::from(fps.as_f32()) * f64::from(sub)),
    };

    let mut parts = Vec::new();
    let mut title = None;
    let several_tracks = smf.tracks.len() > 1;
    for (index, track) in smf.tracks.iter().enumerate() {
        let mut now = 0u64;
        let mut name = None;
        let mut instrument = None;
        // Sounding notes by (channel, pitch): start tick and velocity, oldest first.
        let mut open: BTreeMap<(u8, u8), Vec<(u64, u8)>> = BTreeMap::new();
        let mut by_channel: BTreeMap<u8, Vec<Note>> = BTreeMap::new();
        for event in track {
            now += u64::from(event.delta.as_int());
            match event.kind {
                TrackEventKind::Meta(MetaMessage::TrackName(t)) if name.is_none() => {
                    name = Some(text(t))
                }
                TrackEventKind::Meta(MetaMessage::InstrumentName(t)) if instrument.is_none() => {
                    instrument = Some(text(t))
                }
                TrackEventKind::Midi { channel, message } => {
                    let ch = channel.as_int();
                    match message {
                        MidiMessage::NoteOn { key, vel } if vel.as_int() > 0 => open
                            .entry((ch, key.as_int()))
                            .or_default()
                            .push((now, vel.as_int())),
                        MidiMessage::NoteOn { key, .. } | MidiMessage::NoteOff { key, .. } => {
                            let pitch = key.as_int();
                            if let Some(stack) = open.get_mut(&(ch, pitch)) {
                                if !stack.is_empty() {
                                    let (start, velocity) = stack.remove(0);
                                    by_channel.entry(ch).or_default().push(Note {
                                        pitch,
                                        velocity,
                                        start: tempo.seconds(start),
                                        end: tempo.seconds(now),
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        // Notes never released end with their track.
        for ((ch, pitch), stack) in open {
            for (start, velocity) in stack {
                by_channel.entry(ch).or_default().push(Note {
                    pitch,
                    velocity,
                    start: tempo.seconds(start),
                    end: tempo.seconds(now),
                });
            }
        }
        let conductor = index == 0 && (by_channel.is_empty() || !several_tracks);
        if conductor && title.is_none() {
            title = name.clone().filter(|n| !n.trim().is_empty());
        }
        let channels = by_channel.len();
        for (ch, mut notes) in by_channel {
            notes.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.pitch.cmp(&b.pitch)));
            let part_name = match (&name, channels, several_tracks) {
                (Some(n), 1, true) if !n.trim().is_empty() => n.clone(),
                (Some(n), _, true) if !n.trim().is_empty() => format!("{n} (ch {})", ch + 1),
                (_, _, true) if channels == 1 => format!("Track {}", index + 1),
                _ => format!("Channel {}", ch + 1),
            };
            parts.push(Part {
                name: part_name,
                instrument: instrument.clone().filter(|i| !i.trim().is_empty()),
                channel: ch + 1,
                drums: ch == 9,
                notes,
            });
        }
    }

    let bars = match smf.header.timing {
        Timing::Metrical(ppq) => bar_lines(u64::from(ppq.as_int()), &meters, end_tick)
            .into_iter()
            .map(|(number, tick)| Bar {
                number,
                seconds: tempo.seconds(tick),
            })
            .collect(),
        Timing::Timecode(..) => Vec::new(),
    };
    markers_at.sort_by_key(|m| m.0);
    meters.sort_by_key(|m| m.0);
    Ok(MidiScore {
        title,
        parts,
        bars,
        markers: markers_at
            .into_iter()
            .map(|(tick, text)| Marker {
                seconds: tempo.seconds(tick),
                text,
            })
            .collect(),
        key,
        meter: meters
            .first()
            .filter(|m| m.0 == 0)
            .map(|m| format!("{}/{}", m.1, m.2)),
        end_seconds: tempo.seconds(end_tick),
        bpm_range: tempo.bpm_range(end_tick),
        tempo,
    })
}

/// `(bar number, tick)` of every bar line before `end`: bars follow the time signatures (4/4
/// until the first), and a time signature that arrives mid-bar starts a new bar.
pub fn bar_lines(ppq: u64, meters: &[(u64, u8, u32)], end: u64) -> Vec<(u32, u64)> {
    let mut meters = meters.to_vec();
    meters.sort_by_key(|m| m.0);
    if meters.first().is_none_or(|m| m.0 > 0) {
        meters.insert(0, (0, 4, 4));
    }
    let mut lines = Vec::new();
    let mut number = 1;
    for (i, &(origin, n, d)) in meters.iter().enumerate() {
        let until = meters.get(i + 1).map_or(end, |m| m.0).min(end);
        let step = (u64::from(n) * ppq * 4 / u64::from(d)).max(1);
        let mut tick = origin;
        while tick < until {
            // Same-tick meter changes: only the last one draws.
            if lines.last().is_none_or(|&(_, t)| t < tick) {
                lines.push((number, tick));
                number += 1;
            }
            tick += step;
        }
    }
    lines
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

/// `D major`, `B minor` from a key signature.
fn key_name(sharps: i8, minor: bool) -> Option<String> {
    const MAJOR: [&str; 15] = [
        "Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#",
    ];
    const MINOR: [&str; 15] = [
        "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#",
    ];
    let i = usize::try_from(i16::from(sharps) + 7).ok()?;
    let tonic = if minor { MINOR.get(i) } else { MAJOR.get(i) }?;
    Some(format!("{tonic} {}", if minor { "minor" } else { "major" }))
}

/// `C4` for 60 (middle C), sharps for black keys.
pub fn note_name(pitch: u8) -> String {
    const NAMES: [&str; 12] = [
        "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
    ];
    format!(
        "{}{}",
        NAMES[usize::from(pitch % 12)],
        i32::from(pitch / 12) - 1
    )
}

/// The General MIDI name of a drum sound (channel 10), or `Drum N`.
pub fn drum_name(key: u8) -> String {
    match leitmotif_score::gm_drum_name(key) {
        Some(name) => name.to_string(),
        None => format!("Drum {key}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use midly::{
        num::{u15, u24, u28, u4, u7},
        Format, Header, TrackEvent,
    };

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tempo_map_defaults_to_120_bpm() {
        let map = TempoMap::metrical(960, &[]);
        assert!(close(map.seconds(0), 0.0));
        assert!(close(map.seconds(960), 0.5));
        assert!(close(map.seconds(960 * 8), 4.0));
    }

    #[test]
    fn tempo_map_integrates_changes() {
        // 60 bpm for 2 beats, then 120 bpm for 2 beats, then 30 bpm.
        let map = TempoMap::metrical(480, &[(1920, 2_000_000), (0, 1_000_000), (960, 500_000)]);
        assert!(close(map.seconds(480), 1.0));
        assert!(close(map.seconds(960), 2.0));
        assert!(close(map.seconds(1440), 2.5));
        assert!(close(map.seconds(1920), 3.0));
        assert!(close(map.seconds(2400), 5.0));
        assert_eq!(map.bpm_range(2400), Some((30.0, 120.0)));
        // A change at the end does not count in the range.
        assert_eq!(map.bpm_range(1920), Some((60.0, 120.0)));
    }

    #[test]
    fn tempo_map_same_tick_last_change_wins() {
        let map = TempoMap::metrical(480, &[(0, 1_000_000), (0, 250_000)]);
        assert!(close(map.seconds(480), 0.25));
    }

    #[test]
    fn timecode_is_linear() {
        let map = TempoMap::timecode(25.0 * 40.0);
        assert!(close(map.seconds(1000), 1.0));
        assert_eq!(map.bpm_range(1000), None);
    }

    #[test]
    fn bar_lines_follow_meter_changes() {
        // 2 bars of 4/4, then 3/4 from tick 8*480, a 6/8 change mid-bar at 4000.
        let lines = bar_lines(480, &[(3840, 3, 4), (4000, 6, 8)], 6000);
        assert_eq!(
            lines,
            vec![(1, 0), (2, 1920), (3, 3840), (4, 4000), (5, 5440)]
        );
        assert_eq!(bar_lines(480, &[], 1921), vec![(1, 0), (2, 1920)]);
    }

    #[test]
    fn names() {
        assert_eq!(note_name(60), "C4");
        assert_eq!(note_name(21), "A0");
        assert_eq!(note_name(61), "C#4");
        assert_eq!(drum_name(36), "Bass Drum");
        assert_eq!(drum_name(42), "Closed Hi-Hat");
        assert_eq!(drum_name(20), "Drum 20");
        assert_eq!(key_name(2, false).as_deref(), Some("D major"));
        assert_eq!(key_name(-3, true).as_deref(), Some("C minor"));
    }

    fn ev(delta: u32, kind: TrackEventKind<'static>) -> TrackEvent<'static> {
        TrackEvent {
            delta: u28::new(delta),
            kind,
        }
    }

    fn note(delta: u32, ch: u8, key: u8, vel: u8) -> TrackEvent<'static> {
        ev(
            delta,
            TrackEventKind::Midi {
                channel: u4::new(ch),
                message: MidiMessage::NoteOn {
                    key: u7::new(key),
                    vel: u7::new(vel),
                },
            },
        )
    }

    /// A type-1 file: conductor (title, 60 bpm, then 120 bpm at beat 2), a melody track and a
    /// drum track.
    pub(crate) fn small_file() -> Vec<u8> {
        let end = ev(0, TrackEventKind::Meta(MetaMessage::EndOfTrack));
        let conductor = vec![
            ev(
                0,
                TrackEventKind::Meta(MetaMessage::TrackName(b"The Letter")),
            ),
            ev(
                0,
                TrackEventKind::Meta(MetaMessage::Tempo(u24::new(1_000_000))),
            ),
            ev(
                0,
                TrackEventKind::Meta(MetaMessage::TimeSignature(3, 2, 24, 8)),
            ),
            ev(0, TrackEventKind::Meta(MetaMessage::KeySignature(-1, true))),
            ev(0, TrackEventKind::Meta(MetaMessage::Marker(b"Intro"))),
            ev(
                960,
                TrackEventKind::Meta(MetaMessage::Tempo(u24::new(500_000))),
            ),
            ev(960, TrackEventKind::Meta(MetaMessage::EndOfTrack)),
        ];
        let melody = vec![
            ev(0, TrackEventKind::Meta(MetaMessage::TrackName(b"Melody"))),
            ev(
                0,
                TrackEventKind::Meta(MetaMessage::InstrumentName(b"Violin")),
            ),
            note(0, 0, 69, 100),
            note(960, 0, 69, 0),
            note(0, 0, 72, 80),
            note(960, 0, 72, 0),
            end,
        ];
        let drums = vec![
            ev(0, TrackEventKind::Meta(MetaMessage::TrackName(b"Drums"))),
            note(480, 9, 36, 110),
            note(120, 9, 36, 0),
            end,
        ];
        let smf = Smf {
            header: Header::new(Format::Parallel, Timing::Metrical(u15::new(480))),
            tracks: vec![conductor, melody, drums],
        };
        let mut bytes = Vec::new();
        smf.write_std(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn parses_parts_in_seconds() {
        let score = parse(&small_file()).unwrap();
        assert_eq!(score.title.as_deref(), Some("The Letter"));
        assert_eq!(score.key.as_deref(), Some("D minor"));
        assert_eq!(score.meter.as_deref(), Some("3/4"));
        assert_eq!(score.parts.len(), 2);
        let melody = &score.parts[0];
        assert_eq!(melody.name, "Melody");
        assert_eq!(melody.instrument.as_deref(), Some("Violin"));
        assert!(!melody.drums);
        // Beat 1 at 60 bpm (1 s per 480 ticks) for 960 ticks, then 120 bpm.
        assert_eq!(melody.notes.len(), 2);
        assert!(close(melody.notes[0].start, 0.0) && close(melody.notes[0].end, 2.0));
        assert!(close(melody.notes[1].start, 2.0) && close(melody.notes[1].end, 3.0));
        assert_eq!(melody.notes[1].velocity, 80);
        let drums = &score.parts[1];
        assert!(drums.drums);
        assert_eq!(drums.channel, 10);
        assert!(close(drums.notes[0].start, 1.0) && close(drums.notes[0].end, 1.25));
        assert!(close(score.end_seconds, 3.0));
        // 3/4 bars of 1440 ticks: bar 2 at tick 1440 = 2 s + 480 ticks at 120 bpm.
        assert_eq!(score.bars.len(), 2);
        assert!(close(score.bars[1].seconds, 2.5));
        assert_eq!(score.markers[0].text, "Intro");
        assert_eq!(score.bpm_range, Some((60.0, 120.0)));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse(b"not a midi file at all").is_err());
        assert!(parse(b"").is_err());
    }
}
