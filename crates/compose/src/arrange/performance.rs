//! Performance: turns written notes into played ones. Dynamics follow intensity and the phrase
//! (a swell to the middle of each four-bar phrase), downbeats lean, fear gets sudden accents;
//! timing is humanised by a few ticks (never on hit points), swing delays off-beats in jazz and
//! lo-fi, and the melody's articulation sets how long notes sound.

use crate::rng::Dice;
use leitmotif_score::Note;
use leitmotif_theory::{Meter, Ticks};

/// Dynamic level of a layer relative to the melody.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dynamics {
    /// Velocity of a normal (100) note at this bar.
    pub level: f64,
    /// Add random accents of this size (fear, anger).
    pub accent_jitter: f64,
}

/// Scales relative velocities (100 = normal) to played velocities with a phrase arch.
pub fn play_velocities(notes: &mut [Note], dyn_: Dynamics, meter: Meter, d: &mut Dice) {
    let bar = meter.bar_ticks();
    for note in notes.iter_mut() {
        let phrase_pos = ((note.start / bar) % 4) as f64 + (note.start % bar) as f64 / bar as f64;
        let arch = libm::sin(phrase_pos / 4.0 * std::f64::consts::PI) * 6.0 - 2.0;
        let down = if note.start % bar == 0 { 4.0 } else { 0.0 };
        let accent = if dyn_.accent_jitter > 0.0 && d.chance(0.15) {
            dyn_.accent_jitter
        } else {
            0.0
        };
        let v =
            dyn_.level * note.velocity as f64 / 100.0 + arch + down + accent + d.jitter(3) as f64;
        note.velocity = v.round().clamp(12.0, 124.0) as u8;
    }
}

/// Moves onsets by up to `amount` ticks, except at `fixed` ticks (hit points, bar lines of the
/// cue's start and end), keeping notes inside `[0, end)`.
pub fn humanise_timing(notes: &mut [Note], amount: i32, fixed: &[Ticks], end: Ticks, d: &mut Dice) {
    for n in notes.iter_mut() {
        if fixed.contains(&n.start) || n.start == 0 {
            continue;
        }
        let shift = d.jitter(amount) as i64;
        let start = (n.start as i64 + shift).max(0) as Ticks;
        let end_at = n.end().min(end);
        n.start = start.min(end.saturating_sub(1));
        n.duration = end_at.saturating_sub(n.start).max(1);
    }
}

/// Delays off-beat eighths to the last third of the beat (swing), for simple meters.
pub fn swing(notes: &mut [Note], meter: Meter) {
    if meter.is_compound() {
        return;
    }
    let beat = meter.pulse_ticks();
    let delay = beat / 6;
    for n in notes.iter_mut() {
        if n.start % beat == beat / 2 {
            n.start += delay;
            n.duration = n.duration.saturating_sub(delay).max(1);
        }
    }
}

/// Shortens each note of a monophonic line to `gate` of the time until the next note.
pub fn articulate(notes: &mut [Note], gate: f64) {
    for i in 0..notes.len() {
        let ioi = notes
            .get(i + 1)
            .map(|x| x.start.saturating_sub(notes[i].start))
            .unwrap_or(notes[i].duration);
        let len = (ioi as f64 * gate).round() as Ticks;
        notes[i].duration = len.clamp(1, notes[i].duration.max(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::Pitch;

    fn notes() -> Vec<Note> {
        (0..16)
            .map(|k| Note {
                start: k * 480,
                duration: 480,
                pitch: Pitch::from_midi(60 + k as i32 % 5),
                velocity: 100,
            })
            .collect()
    }

    #[test]
    fn louder_level_gives_louder_notes() {
        let mut soft = notes();
        let mut loud = notes();
        play_velocities(
            &mut soft,
            Dynamics {
                level: 50.0,
                accent_jitter: 0.0,
            },
            Meter::COMMON,
            &mut Dice::new(1, "v"),
        );
        play_velocities(
            &mut loud,
            Dynamics {
                level: 100.0,
                accent_jitter: 0.0,
            },
            Meter::COMMON,
            &mut Dice::new(1, "v"),
        );
        let mean = |v: &[Note]| v.iter().map(|n| n.velocity as f64).sum::<f64>() / v.len() as f64;
        assert!(mean(&loud) > mean(&soft) + 30.0);
    }

    #[test]
    fn humanising_keeps_fixed_points_and_bounds() {
        let mut v = notes();
        humanise_timing(&mut v, 12, &[1920], 16 * 480, &mut Dice::new(2, "t"));
        assert_eq!(v[4].start, 1920);
        assert!(v.iter().all(|n| n.end() <= 16 * 480));
    }

    #[test]
    fn articulation_sets_gate() {
        let mut v = notes();
        articulate(&mut v, 0.5);
        assert!(v[..15].iter().all(|n| n.duration == 240));
    }
}
