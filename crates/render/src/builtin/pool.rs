//! The fixed voice pool: note allocation, retriggering, stealing, choke groups and the sustain
//! pedal's bookkeeping.
//!
//! All voices (including each plucked-string delay line) are allocated when the channel is
//! built, so nothing allocates on the audio thread. The pool has [`POLYPHONY`] sounding notes plus
//! spare slots for notes that are fading out. A stolen, retriggered or choked voice fades over a few
//! milliseconds in its slot while the new note starts in another; only if every spare slot is
//! still fading is a voice cut at once, and then its last sample value is handed to a short
//! exponential "declick" tail so even that does not step.

use super::noise::Rng;
use super::patch::{Patch, Source};
use super::voice::{BlockContext, Voice, VoiceState};

/// Notes that can sound at once on one channel.
pub(crate) const POLYPHONY: usize = 32;
/// Extra slots for voices fading out after being stolen or retriggered.
const SPARE: usize = 8;
/// Fade of a stolen voice.
pub(crate) const STEAL_FADE_S: f32 = 0.003;
/// Fade of the previous note when the same key is struck again.
const RETRIGGER_FADE_S: f32 = 0.004;
/// Drums overlap a little longer so rolls stay smooth.
const DRUM_RETRIGGER_FADE_S: f32 = 0.02;
/// Fade of a choked sound (open hi-hat closed by the pedal).
const CHOKE_FADE_S: f32 = 0.015;
/// Time constant of the declick tail of a hard-stopped voice.
const DECLICK_S: f32 = 0.002;

pub(crate) struct VoicePool {
    voices: Box<[Voice]>,
    serial: u64,
    sample_rate: f32,
    declick: f32,
    declick_k: f32,
}

impl VoicePool {
    pub(crate) fn new(sample_rate: f32) -> VoicePool {
        VoicePool {
            voices: (0..POLYPHONY + SPARE)
                .map(|i| Voice::new(sample_rate, 0x9E37_79B9_7F4A_7C15 ^ i as u64))
                .collect(),
            serial: 0,
            sample_rate,
            declick: 0.0,
            declick_k: (-1.0 / (DECLICK_S * sample_rate)).exp(),
        }
    }

    pub(crate) fn note_on(&mut self, patch: &'static Patch, key: u8, velocity: u8, rng: &mut Rng) {
        let sr = self.sample_rate;
        let drums = matches!(patch.source, Source::Drums);
        let choke = if drums {
            super::drum_kit::sound_for_key(key).choke
        } else {
            0
        };
        for v in self.voices.iter_mut() {
            if v.state != VoiceState::Playing {
                continue;
            }
            if v.key == key {
                let fade = if drums {
                    DRUM_RETRIGGER_FADE_S
                } else {
                    RETRIGGER_FADE_S
                };
                v.fade_out(fade, sr);
            } else if choke != 0 && v.choke == choke {
                v.fade_out(CHOKE_FADE_S, sr);
            }
        }
        let playing = self
            .voices
            .iter()
            .filter(|v| v.state == VoiceState::Playing)
            .count();
        if playing >= POLYPHONY {
            if let Some(victim) = self.victim() {
                self.voices[victim].fade_out(STEAL_FADE_S, sr);
            }
        }
        let slot = match self.voices.iter().position(|v| v.state == VoiceState::Free) {
            Some(i) => i,
            None => self.hard_stop_one(),
        };
        self.serial += 1;
        self.voices[slot].start(patch, key, velocity, self.serial, sr, rng);
    }

    /// The voice to steal: the quietest released note, else the oldest note.
    fn victim(&self) -> Option<usize> {
        let playing = || {
            self.voices
                .iter()
                .enumerate()
                .filter(|(_, v)| v.state == VoiceState::Playing)
        };
        let released = playing()
            .filter(|(_, v)| v.is_released())
            .min_by(|a, b| a.1.loudness().total_cmp(&b.1.loudness()))
            .map(|(i, _)| i);
        released.or_else(|| playing().min_by_key(|(_, v)| v.serial).map(|(i, _)| i))
    }

    /// Frees the fading voice closest to silence (every slot is busy), declicking its cut.
    fn hard_stop_one(&mut self) -> usize {
        let i = self
            .voices
            .iter()
            .enumerate()
            .filter(|(_, v)| v.state == VoiceState::Fading)
            .min_by(|a, b| a.1.loudness().total_cmp(&b.1.loudness()))
            .map(|(i, _)| i)
            .unwrap_or(0);
        let v = &mut self.voices[i];
        self.declick += v.last_out;
        v.state = VoiceState::Free;
        i
    }

    /// Releases `key`, or marks it held if the sustain pedal is down.
    pub(crate) fn note_off(&mut self, key: u8, pedal_down: bool) {
        for v in self.voices.iter_mut() {
            if v.state == VoiceState::Free || v.key != key || !v.key_down {
                continue;
            }
            if pedal_down {
                v.key_down = false;
                v.pedal_held = true;
            } else {
                v.release();
            }
        }
    }

    /// Pedal up: every note held only by the pedal is released.
    pub(crate) fn pedal_up(&mut self) {
        for v in self.voices.iter_mut() {
            if v.state != VoiceState::Free && v.pedal_held {
                v.release();
            }
        }
    }

    /// All notes off: releases every note, held by a key or by the pedal.
    pub(crate) fn release_all(&mut self) {
        for v in self.voices.iter_mut() {
            if v.state != VoiceState::Free && (v.key_down || v.pedal_held) {
                v.release();
            }
        }
    }

    /// All sound off: fades everything out within a few milliseconds.
    pub(crate) fn fade_all(&mut self) {
        let sr = self.sample_rate;
        for v in self.voices.iter_mut() {
            v.fade_out(STEAL_FADE_S, sr);
        }
    }

    /// Adds every active voice into `mid`/`side`.
    pub(crate) fn render(&mut self, ctx: &BlockContext, mid: &mut [f32], side: &mut [f32]) {
        for v in self.voices.iter_mut() {
            if v.state != VoiceState::Free {
                v.render(ctx, mid, side);
            }
        }
        if self.declick != 0.0 {
            let mut d = self.declick;
            for x in mid.iter_mut() {
                *x += d;
                d *= self.declick_k;
            }
            self.declick = if d.abs() < 1e-9 { 0.0 } else { d };
        }
    }

    /// Notes sounding (playing or fading).
    pub(crate) fn active(&self) -> usize {
        self.voices
            .iter()
            .filter(|v| v.state != VoiceState::Free)
            .count()
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.declick == 0.0 && self.voices.iter().all(|v| v.state == VoiceState::Free)
    }
}
