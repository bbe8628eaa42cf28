//! Voices: turning a part's overlapping notes into lines a staff can show.
//!
//! A staff voice is a sequence of chords that never overlap; notes that start together and end
//! together form one chord. Chords are handed to the first voice that is free when they start
//! (upper chords first, so voice 1 tends to be the top line), with at most [`MAX_VOICES`] per
//! staff as notation programs expect. When a fifth voice would be needed, the voice that frees
//! up first has its last chord cut where the new one starts (the count is reported).
//!
//! Plucked and struck instruments (piano, harp, guitar, mallets) are written the way their
//! players read them: a note rings on, but is written only up to the next onset on its staff
//! (the pedal or "let ring" carries the rest), so arpeggios read as one line, not seven voices.
//!
//! Drums use two fixed voices, hands up and feet (kick, pedal hi-hat) down, each a stream of
//! chords cut at the next onset: a drum note's length is not part of drum notation.

use leitmotif_theory::{Pitch, Ticks};

/// The most voices one staff gets.
pub(crate) const MAX_VOICES: usize = 4;

/// A note ready for a staff: notated span, sounding and written pitch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VNote {
    pub start: Ticks,
    pub end: Ticks,
    pub sounding: Pitch,
    /// The pitch as the player reads it (transposing instruments), or the drum key's display.
    pub written: Pitch,
    pub velocity: u8,
    /// Which staff of the part (1-based).
    pub staff: u8,
}

/// Notes sounding together for the same span, lowest written pitch first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chord {
    pub start: Ticks,
    pub end: Ticks,
    pub notes: Vec<VNote>,
}

impl Chord {
    fn top(&self) -> i32 {
        self.notes
            .iter()
            .map(|n| n.written.midi())
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Voice {
    pub staff: u8,
    /// MusicXML voice number: 1-4 on the first staff, 5-8 on the second.
    pub number: u8,
    pub chords: Vec<Chord>,
}

/// The voices of a part and how many chords had to be shortened to fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Voicing {
    pub voices: Vec<Voice>,
    pub shortened: usize,
}

/// Groups notes with the same span into chords (a repeated pitch goes to a second chord).
fn chords(mut notes: Vec<VNote>) -> Vec<Chord> {
    notes.sort_by_key(|n| (n.start, std::cmp::Reverse(n.end), n.written.midi()));
    let mut out: Vec<Chord> = Vec::new();
    for n in notes {
        let home = out
            .iter_mut()
            .rev()
            .take_while(|c| c.start == n.start)
            .find(|c| {
                c.end == n.end && !c.notes.iter().any(|m| m.written.midi() == n.written.midi())
            });
        match home {
            Some(c) => c.notes.push(n),
            None => out.push(Chord {
                start: n.start,
                end: n.end,
                notes: vec![n],
            }),
        }
    }
    for c in out.iter_mut() {
        c.notes.sort_by_key(|n| n.written.midi());
    }
    out
}

/// Cuts each note at the next later onset on its own staff.
fn let_ring(notes: &mut [VNote]) {
    let mut onsets: Vec<(u8, Ticks)> = notes.iter().map(|n| (n.staff, n.start)).collect();
    onsets.sort_unstable();
    onsets.dedup();
    for n in notes.iter_mut() {
        let i = onsets.partition_point(|&(s, t)| (s, t) <= (n.staff, n.start));
        if let Some(&(staff, next)) = onsets.get(i) {
            if staff == n.staff && next < n.end {
                n.end = next;
            }
        }
    }
}

/// Distributes one staff's chords over voices.
fn voice_staff(staff: u8, chords_in: Vec<Chord>, shortened: &mut usize) -> Vec<Voice> {
    let mut order = chords_in;
    order.sort_by_key(|c| (c.start, std::cmp::Reverse(c.top())));
    let mut voices: Vec<Vec<Chord>> = Vec::new();
    for chord in order {
        let free = voices
            .iter()
            .position(|v| v.last().is_none_or(|last| last.end <= chord.start));
        match free {
            Some(i) => voices[i].push(chord),
            None if voices.len() < MAX_VOICES => voices.push(vec![chord]),
            None => {
                let i = (0..voices.len())
                    .min_by_key(|&i| voices[i].last().map(|c| c.end).unwrap_or(0))
                    .expect("voices exist");
                let last = voices[i].last_mut().expect("a full voice has chords");
                *shortened += 1;
                if last.start < chord.start {
                    last.end = chord.start;
                    voices[i].push(chord);
                } else {
                    // same onset: join the chord, at the shorter length
                    last.end = last.end.min(chord.end);
                    for n in chord.notes {
                        if !last
                            .notes
                            .iter()
                            .any(|m| m.written.midi() == n.written.midi())
                        {
                            last.notes.push(n);
                        }
                    }
                    last.notes.sort_by_key(|n| n.written.midi());
                }
            }
        }
    }
    if voices.is_empty() {
        voices.push(Vec::new());
    }
    let first = if staff == 1 { 1 } else { 5 };
    voices
        .into_iter()
        .enumerate()
        .map(|(i, chords)| Voice {
            staff,
            number: first + i as u8,
            chords,
        })
        .collect()
}

/// Voices for a pitched part on `staves` staves. `ring` cuts notes at the next onset first.
pub(crate) fn allocate(mut notes: Vec<VNote>, staves: u8, ring: bool) -> Voicing {
    if ring {
        let_ring(&mut notes);
    }
    let mut shortened = 0;
    let mut voices = Vec::new();
    for staff in 1..=staves.max(1) {
        let mine: Vec<VNote> = notes.iter().copied().filter(|n| n.staff == staff).collect();
        voices.extend(voice_staff(staff, chords(mine), &mut shortened));
    }
    Voicing { voices, shortened }
}

/// A stream of chords: notes starting together join one chord, and every
/// chord lasts to the end of its beat or to the next chord, whichever comes first (never
/// shorter than its longest note allows before the next chord): drummers read a groove of
/// eighths as eighths, not as sixteenths and rests.
fn stream(notes: Vec<VNote>, beat_end: &dyn Fn(Ticks) -> Ticks) -> Vec<Chord> {
    let mut sorted = notes;
    sorted.sort_by_key(|n| (n.start, n.sounding.midi(), std::cmp::Reverse(n.end)));
    let mut out: Vec<Chord> = Vec::new();
    for n in sorted {
        match out.last_mut() {
            Some(c) if c.start == n.start => {
                c.end = c.end.max(n.end);
                c.notes.push(n);
            }
            _ => out.push(Chord {
                start: n.start,
                end: n.end,
                notes: vec![n],
            }),
        }
    }
    for i in 0..out.len() {
        let next = out.get(i + 1).map(|c| c.start);
        let c = &mut out[i];
        c.end = c.end.max(beat_end(c.start));
        if let Some(next) = next {
            c.end = c.end.min(next);
        }
        c.notes.sort_by_key(|n| n.written.midi());
    }
    out
}

/// Drum voices: voice 1 for the hands, voice 2 for the feet (`is_foot` by GM key).
/// `beat_end` gives the end of the beat holding a tick.
pub(crate) fn allocate_drums(
    notes: Vec<VNote>,
    is_foot: impl Fn(&VNote) -> bool,
    beat_end: &dyn Fn(Ticks) -> Ticks,
) -> Voicing {
    let (feet, hands): (Vec<VNote>, Vec<VNote>) = notes.into_iter().partition(|n| is_foot(n));
    let mut voices = vec![Voice {
        staff: 1,
        number: 1,
        chords: stream(hands, beat_end),
    }];
    if !feet.is_empty() {
        voices.push(Voice {
            staff: 1,
            number: 2,
            chords: stream(feet, beat_end),
        });
    }
    Voicing {
        voices,
        shortened: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(start: Ticks, end: Ticks, pitch: &str) -> VNote {
        let p = Pitch::parse(pitch).unwrap();
        VNote {
            start,
            end,
            sounding: p,
            written: p,
            velocity: 80,
            staff: 1,
        }
    }

    fn shape(v: &Voicing) -> Vec<Vec<(Ticks, Ticks, usize)>> {
        v.voices
            .iter()
            .map(|v| {
                v.chords
                    .iter()
                    .map(|c| (c.start, c.end, c.notes.len()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn equal_spans_make_chords_and_overlaps_make_voices() {
        let notes = vec![
            n(0, 960, "C4"),
            n(0, 960, "E4"),
            n(0, 1920, "G3"),
            n(960, 1920, "F4"),
        ];
        let v = allocate(notes, 1, false);
        assert_eq!(
            shape(&v),
            [vec![(0, 960, 2), (960, 1920, 1)], vec![(0, 1920, 1)]]
        );
        assert_eq!(v.voices[1].number, 2);
        assert_eq!(v.shortened, 0);
    }

    #[test]
    fn ringing_notes_are_cut_at_the_next_onset() {
        let notes = (0..8).map(|k| n(k * 240, k * 240 + 1920, "C4")).collect();
        let v = allocate(notes, 1, true);
        assert_eq!(v.voices.len(), 1);
        assert_eq!(v.voices[0].chords.len(), 8);
        assert_eq!(v.voices[0].chords[7].end, 7 * 240 + 1920);
    }

    #[test]
    fn a_fifth_voice_shortens_the_earliest_free_one() {
        let notes = (0..5).map(|k| n(k * 240, 3840, "C4")).collect::<Vec<_>>();
        let notes: Vec<VNote> = notes
            .into_iter()
            .enumerate()
            .map(|(i, mut x)| {
                x.written = Pitch::from_midi(60 + i as i32);
                x
            })
            .collect();
        let v = allocate(notes, 1, false);
        assert_eq!(v.voices.len(), MAX_VOICES);
        assert_eq!(v.shortened, 1);
        let total: usize = v.voices.iter().map(|v| v.chords.len()).sum();
        assert_eq!(total, 5);
    }

    #[test]
    fn empty_staves_still_have_a_voice() {
        let v = allocate(vec![n(0, 960, "C5")], 2, false);
        assert_eq!(
            v.voices
                .iter()
                .map(|v| (v.staff, v.number))
                .collect::<Vec<_>>(),
            [(1, 1), (2, 5)]
        );
    }

    #[test]
    fn drums_split_hands_and_feet() {
        let notes = vec![
            n(0, 240, "C2"),
            n(0, 240, "F#2"),
            n(240, 480, "F#2"),
            n(480, 720, "D2"),
            n(960, 1200, "D2"),
        ];
        let beat_end = |t: Ticks| (t / 960 + 1) * 960;
        let v = allocate_drums(notes, |x| x.sounding.midi() == 36, &beat_end);
        // cut at the next onset, else lasting to the end of the beat
        assert_eq!(
            shape(&v),
            [
                vec![(0, 240, 1), (240, 480, 1), (480, 960, 1), (960, 1920, 1)],
                vec![(0, 960, 1)]
            ]
        );
    }
}
