//! Preparing one part for writing: every decision about it, before any XML.
//!
//! Notes are quantised ([`super::quantize`]), written at the instrument's transposition in the
//! written key of each bar ([`super::transposition`]), placed on staves ([`super::clefs`]) and in
//! voices ([`super::voices`]), cut into bars ([`super::measures`]) and written values
//! ([`super::durations`]) with beams and accidentals; directions are gathered alongside.

use super::accidentals::{self, Written};
use super::beams::{beams, Beam};
use super::clefs::{staves_for, Staves};
use super::directions::{markers, tempo_marks, Direction, DirectionKind};
use super::drums::{drum_sound, DrumSound};
use super::durations::{pieces, Content, Piece};
use super::dynamics::{dynamics, hairpins, pedal_marks};
use super::layout::Layout;
use super::measures::voice_bars;
use super::quantize::{quantize, QNote};
use super::transposition::{written_interval, written_key};
use super::voices::{allocate, allocate_drums, VNote, Voice};
use leitmotif_score::{Note, Part, Score};
use leitmotif_theory::{Interval, Key};

/// One voice of a part in one bar, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VoiceBar {
    /// Index into [`PreparedPart::voices`].
    pub voice: usize,
    pub pieces: Vec<Piece>,
    pub beams: Vec<Vec<(u8, Beam)>>,
    /// Per piece, per chord note: whether it shows an accidental.
    pub accidentals: Vec<Vec<bool>>,
}

/// What a part's bar holds, voices in writing order (staff 1 first).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartBar {
    pub voices: Vec<VoiceBar>,
    /// The written key of this bar and the interval notes are written at.
    pub key: Key,
    pub interval: Interval,
}

/// Counts of compromises made while preparing a part (all zero for well-formed scores).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartStats {
    /// Chords cut short because a staff would have needed more than four voices.
    pub shortened: usize,
    /// Spans written with a value that does not add up exactly (no exact note value existed).
    pub approximated: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreparedPart<'a> {
    pub id: String,
    pub part: &'a Part,
    pub name: String,
    pub drums: bool,
    pub staves: Staves,
    pub voices: Vec<Voice>,
    pub bars: Vec<PartBar>,
    /// Sorted by tick, then [`Direction::rank`].
    pub directions: Vec<Direction>,
    /// Drum sounds used, by key.
    pub drum_sounds: Vec<DrumSound>,
    pub stats: PartStats,
}

/// The notes MIDI export plays: without empty notes, and one note per key and onset (the
/// longest), so the notation has exactly the MIDI file's notes.
fn playable(notes: &[Note]) -> Vec<Note> {
    let mut out: Vec<Note> = notes.iter().copied().filter(|n| n.duration > 0).collect();
    out.sort_by_key(|n| (n.start, n.pitch.midi(), std::cmp::Reverse(n.duration)));
    out.dedup_by_key(|n| (n.start, n.pitch.midi()));
    out
}

pub(crate) fn prepare<'a>(
    index: usize,
    name: String,
    part: &'a Part,
    score: &Score,
    layout: &Layout,
) -> PreparedPart<'a> {
    let id = format!("P{}", index + 1);
    let drums = part.is_drums();
    let qnotes: Vec<QNote> = quantize(&playable(&part.notes), layout);

    // the written key and interval of every bar
    let base = if drums {
        Interval::UNISON
    } else {
        written_interval(part.instrument)
    };
    let keyed: Vec<(Key, Interval)> = layout
        .bars
        .iter()
        .map(|b| written_key(b.key, base))
        .collect();

    let written = |q: &QNote| {
        if drums {
            drum_sound(q.pitch.midi_clamped()).display
        } else {
            q.pitch.transpose(keyed[layout.bar_index(q.start)].1)
        }
    };
    let written_midis: Vec<i32> = qnotes.iter().map(|q| written(q).midi()).collect();
    let staves = staves_for(part.instrument, &written_midis);
    let vnotes: Vec<VNote> = qnotes
        .iter()
        .map(|q| {
            let w = written(q);
            VNote {
                start: q.start,
                end: q.end,
                sounding: q.pitch,
                written: w,
                velocity: q.velocity,
                staff: if drums { 1 } else { staves.staff_of(w.midi()) },
            }
        })
        .collect();
    let voicing = if drums {
        let beat_end = |t: leitmotif_theory::Ticks| {
            let (start, beat) = layout.beat_at(t);
            start + beat
        };
        allocate_drums(
            vnotes,
            |n| drum_sound(n.sounding.midi_clamped()).is_foot(),
            &beat_end,
        )
    } else {
        allocate(vnotes, staves.count(), !part.instrument.sustains)
    };
    let mut stats = PartStats {
        shortened: voicing.shortened,
        approximated: 0,
    };
    let voices = voicing.voices;

    // each voice cut into bars; the first voice of each staff is written in every bar
    let per_voice: Vec<Vec<Option<Vec<super::durations::Item>>>> = voices
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let first_of_staff = voices[..i].iter().all(|o| o.staff != v.staff);
            voice_bars(v, layout, first_of_staff)
        })
        .collect();

    let mut bars = Vec::with_capacity(layout.bars.len());
    for (b, bar) in layout.bars.iter().enumerate() {
        let mut voice_bars_here = Vec::new();
        for (vi, items) in per_voice.iter().enumerate() {
            let Some(items) = &items[b] else { continue };
            let (ps, approx) = pieces(items, bar);
            stats.approximated += approx;
            let bm = beams(&ps, bar);
            let accidentals = ps
                .iter()
                .map(|p| match p.content {
                    Content::Chord { index, .. } => {
                        vec![false; voices[vi].chords[index].notes.len()]
                    }
                    Content::Rest => Vec::new(),
                })
                .collect();
            voice_bars_here.push(VoiceBar {
                voice: vi,
                pieces: ps,
                beams: bm,
                accidentals,
            });
        }
        let (key, interval) = keyed[b];
        if !drums {
            mark_accidentals(&mut voice_bars_here, &voices, key.signature());
        }
        bars.push(PartBar {
            voices: voice_bars_here,
            key,
            interval,
        });
    }

    let mut directions = Vec::new();
    if index == 0 {
        directions.extend(tempo_marks(score));
        directions.extend(markers(score));
    }
    if part.instrument.id == "pizzicato-strings" {
        directions.push(Direction {
            at: 0,
            staff: 1,
            kind: DirectionKind::Words("pizz.".into()),
        });
    }
    directions.extend(dynamics(&qnotes, layout, 1));
    directions.extend(hairpins(&part.controls, &qnotes, 1));
    if matches!(part.instrument.id, "piano" | "electric-piano") {
        directions.extend(pedal_marks(&part.controls, layout, staves.count()));
    }
    directions.sort_by_key(|d| (d.at, d.rank()));

    let mut drum_sounds: Vec<DrumSound> = if drums {
        qnotes
            .iter()
            .map(|q| drum_sound(q.pitch.midi_clamped()))
            .collect()
    } else {
        Vec::new()
    };
    drum_sounds.sort_by_key(|d| d.key);
    drum_sounds.dedup_by_key(|d| d.key);

    PreparedPart {
        id,
        part,
        name,
        drums,
        staves,
        voices,
        bars,
        directions,
        drum_sounds,
        stats,
    }
}

/// Accidentals per staff, across that staff's voices, in time order.
fn mark_accidentals(bar_voices: &mut [VoiceBar], voices: &[Voice], fifths: i32) {
    let staves: Vec<u8> = {
        let mut s: Vec<u8> = bar_voices.iter().map(|v| voices[v.voice].staff).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    for staff in staves {
        let mut notes = Vec::new();
        let mut slots = Vec::new();
        for (vb_i, vb) in bar_voices.iter().enumerate() {
            let voice = &voices[vb.voice];
            if voice.staff != staff {
                continue;
            }
            for (pi, piece) in vb.pieces.iter().enumerate() {
                if let Content::Chord {
                    index, tie_stop, ..
                } = piece.content
                {
                    for (ni, n) in voice.chords[index].notes.iter().enumerate() {
                        notes.push(Written {
                            start: piece.start,
                            pitch: n.written,
                            tied: tie_stop,
                        });
                        slots.push((vb_i, pi, ni));
                    }
                }
            }
        }
        let shown = accidentals::shown(&notes, fifths);
        for ((vb_i, pi, ni), show) in slots.into_iter().zip(shown) {
            bar_voices[vb_i].accidentals[pi][ni] = show;
        }
    }
}
