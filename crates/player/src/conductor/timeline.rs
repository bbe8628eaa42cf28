//! The bars the conductor has scheduled, on the audio clock.
//!
//! Musical time stays in ticks inside a bar; a [`BarSlot`] turns it into frames with the bar's
//! tempo, which may glide from `bpm_start` to `bpm_end` across the bar (a bridge's accelerando
//! or ritardando): the beat period moves linearly, so seconds are a quadratic in ticks.

use crate::command::{Mood, Quantize};
use leitmotif_theory::{Chord, Key, Meter, Ticks, PPQ};

/// A scheduled bar.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSlot {
    /// 0-based bar number since playback began.
    pub index: u64,
    pub start: u64,
    /// Length in frames (a beat-quantised change may cut a bar short).
    pub frames: u64,
    pub meter: Meter,
    pub bpm_start: f64,
    pub bpm_end: f64,
    pub key: Key,
    pub chord: Chord,
    pub phrase: u32,
    pub bar_in_phrase: u32,
    /// Bars in the phrase this bar belongs to (1 for a bridge).
    pub phrase_bars: u32,
    pub bridge: bool,
    /// Which bank of strips plays it.
    pub bank: u8,
    pub mood: Mood,
    pub emotion: String,
    pub focus: String,
}

/// Frames from a bar line to `tick` ticks into a bar whose tempo glides from `bpm_start` to
/// `bpm_end` over `bar_ticks`.
pub fn frames_into_bar(
    tick: Ticks,
    bar_ticks: Ticks,
    bpm_start: f64,
    bpm_end: f64,
    sample_rate: u32,
) -> u64 {
    let p0 = 60.0 / (bpm_start * PPQ as f64);
    let p1 = 60.0 / (bpm_end * PPQ as f64);
    let t = tick as f64;
    // past the bar's end the tempo stays at bpm_end
    let seconds = if tick <= bar_ticks {
        p0 * t + (p1 - p0) * t * t / (2.0 * bar_ticks as f64)
    } else {
        let l = bar_ticks as f64;
        p0 * l + (p1 - p0) * l / 2.0 + p1 * (t - l)
    };
    (seconds * sample_rate as f64).round() as u64
}

impl BarSlot {
    pub fn end(&self) -> u64 {
        self.start + self.frames
    }

    /// The frame of a tick position in this bar (ticks may run past its end for held notes).
    pub fn frame_at(&self, tick: Ticks, sample_rate: u32) -> u64 {
        self.start
            + frames_into_bar(
                tick,
                self.meter.bar_ticks(),
                self.bpm_start,
                self.bpm_end,
                sample_rate,
            )
    }

    /// The tempo at a tick of the bar.
    pub fn bpm_at(&self, tick: Ticks) -> f64 {
        let x = (tick as f64 / self.meter.bar_ticks() as f64).clamp(0.0, 1.0);
        let p = (1.0 - x) / self.bpm_start + x / self.bpm_end;
        1.0 / p
    }

    /// Frames of this bar's felt beats (pulses), from its start, that fall inside the bar.
    pub fn beat_frames(&self, sample_rate: u32) -> impl Iterator<Item = u64> + '_ {
        let pulse = self.meter.pulse_ticks();
        (0..self.meter.pulses() as Ticks)
            .map(move |k| self.frame_at(k * pulse, sample_rate))
            .filter(move |&f| f < self.end())
    }

    /// The first boundary of kind `q` in this bar at or after `frame`, if any.
    pub fn boundary_at_or_after(&self, frame: u64, q: Quantize, sample_rate: u32) -> Option<u64> {
        match q {
            Quantize::Beat => self.beat_frames(sample_rate).find(|&f| f >= frame),
            Quantize::Bar => (self.start >= frame).then_some(self.start),
            Quantize::Phrase => (self.start >= frame && (self.bar_in_phrase == 0 || self.bridge))
                .then_some(self.start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::Degree;

    fn slot(bpm0: f64, bpm1: f64) -> BarSlot {
        BarSlot {
            index: 0,
            start: 1000,
            frames: frames_into_bar(4 * PPQ, 4 * PPQ, bpm0, bpm1, 48_000),
            meter: Meter::COMMON,
            bpm_start: bpm0,
            bpm_end: bpm1,
            key: Key::parse("C major").unwrap(),
            chord: Chord::new(Degree::new(0), leitmotif_theory::ChordQuality::Major),
            phrase: 1,
            bar_in_phrase: 0,
            phrase_bars: 8,
            bridge: false,
            bank: 0,
            mood: Mood::named(leitmotif_theory::NamedEmotion::Calm),
            emotion: "calm".into(),
            focus: "a".into(),
        }
    }

    #[test]
    fn a_steady_bar_at_120_lasts_two_seconds_with_beats_every_half_second() {
        let s = slot(120.0, 120.0);
        assert_eq!(s.frames, 96_000);
        let beats: Vec<u64> = s.beat_frames(48_000).collect();
        assert_eq!(beats, vec![1000, 25_000, 49_000, 73_000]);
        assert_eq!(
            s.boundary_at_or_after(25_001, Quantize::Beat, 48_000),
            Some(49_000)
        );
        assert_eq!(s.boundary_at_or_after(1001, Quantize::Bar, 48_000), None);
    }

    #[test]
    fn a_glide_from_60_to_120_lasts_between_the_two_tempos_and_is_continuous_after() {
        let s = slot(60.0, 120.0);
        // 4 beats: the period glides 1 s -> 0.5 s, so the bar takes 3 s
        assert_eq!(s.frames, 144_000);
        assert!((s.bpm_at(4 * PPQ) - 120.0).abs() < 1e-9);
        let end = s.frame_at(4 * PPQ, 48_000);
        let after = s.frame_at(5 * PPQ, 48_000);
        assert_eq!(after - end, 24_000, "a beat at 120 after the glide");
    }
}
