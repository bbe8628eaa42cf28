//! One voice: a sounding note of any engine, with the parts every note shares (envelope,
//! vibrato, velocity, fades) and the bookkeeping the pool needs (key, age, pedal).
//!
//! Engines are an enum of plain structs (no boxing, no dynamic dispatch per sample); the voice
//! dispatches once per block. A voice renders into its own scratch block, then mixes it into the
//! channel with a gain ramped linearly across the block (envelope x velocity x fade), so gain
//! changes never step.

use super::drum_kit;
use super::drum_voice::DrumVoice;
use super::envelope::Envelope;
use super::fm::FmVoice;
use super::modal::ModalVoice;
use super::noise::{NoiseBlock, Rng, NOISE_BLOCK, RAMP};
use super::patch::{Patch, Source};
use super::pluck::{self, PluckVoice};
use super::subtractive::WaveVoice;
use super::vibrato::Vibrato;
use super::wavetable::Wavetables;
use super::{keys, mallets};

/// Samples per internal block: control-rate updates (envelopes, vibrato, brightness) happen once
/// per block (1.3 ms at 48 kHz; gains are ramped across it, so nothing steps).
pub(crate) const BLOCK: usize = NOISE_BLOCK;
/// Output level below which a naturally decaying voice is finished (about -100 dBFS).
const SILENT: f32 = 1e-5;

// The modal variant is the largest (its SIMD state); boxing it would allocate on every note-on,
// which the audio thread must not do, and the enum lives in a preallocated voice anyway.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Engine {
    Idle,
    Wave(WaveVoice),
    Modal(ModalVoice),
    Fm(FmVoice),
    Pluck(PluckVoice),
    Drum(DrumVoice),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VoiceState {
    Free,
    Playing,
    /// Being faded out quickly (stolen, retriggered, choked or all-sound-off).
    Fading,
}

/// What a voice needs from its channel for one block.
pub(crate) struct BlockContext<'a> {
    pub sample_rate: f32,
    pub tables: &'a Wavetables,
    /// Pitch-bend frequency ratio.
    pub bend: f32,
    /// Extra vibrato from the mod wheel, in cents.
    pub mod_cents: f32,
}

pub(crate) struct Voice {
    pub(crate) state: VoiceState,
    pub(crate) key: u8,
    /// Order of note-on (for stealing the oldest).
    pub(crate) serial: u64,
    /// The key is still held.
    pub(crate) key_down: bool,
    /// Released while the sustain pedal was down: waits for pedal-up.
    pub(crate) pedal_held: bool,
    /// Choke group of a drum sound (0 = none).
    pub(crate) choke: u8,
    patch: &'static Patch,
    engine: Engine,
    env: Envelope,
    vibrato: Vibrato,
    base_hz: f32,
    level: f32,
    pan: f32,
    last_gain: f32,
    fade_left: f32,
    fade_step: f32,
    /// Last sample this voice contributed (for declicking a hard stop).
    pub(crate) last_out: f32,
    line: Box<[f32]>,
    noise: NoiseBlock,
    scratch: [f32; BLOCK],
}

/// Equal-tempered frequency of a MIDI key.
pub(crate) fn key_hz(key: u8) -> f32 {
    440.0 * ((key as f32 - 69.0) / 12.0).exp2()
}

impl Voice {
    pub(crate) fn new(sample_rate: f32, seed: u64) -> Voice {
        Voice {
            state: VoiceState::Free,
            key: 0,
            serial: 0,
            key_down: false,
            pedal_held: false,
            choke: 0,
            patch: &drum_kit::DRUM_KIT,
            engine: Engine::Idle,
            env: Envelope::default(),
            vibrato: Vibrato::default(),
            base_hz: 440.0,
            level: 0.0,
            pan: 0.0,
            last_gain: 0.0,
            fade_left: 0.0,
            fade_step: 0.0,
            last_out: 0.0,
            line: vec![0.0; pluck::line_len(sample_rate)].into_boxed_slice(),
            noise: NoiseBlock::new(seed),
            scratch: [0.0; BLOCK],
        }
    }

    /// Starts a note with `patch` on this (free) voice.
    pub(crate) fn start(
        &mut self,
        patch: &'static Patch,
        key: u8,
        velocity: u8,
        serial: u64,
        sample_rate: f32,
        rng: &mut Rng,
    ) {
        let hz = key_hz(key);
        let vel = velocity.clamp(1, 127);
        self.state = VoiceState::Playing;
        self.key = key;
        self.serial = serial;
        self.key_down = true;
        self.pedal_held = false;
        self.choke = 0;
        self.patch = patch;
        self.base_hz = hz;
        self.pan = 0.0;
        self.last_gain = 0.0;
        self.fade_left = 0.0;
        self.last_out = 0.0;
        let mut level = patch.gain * (vel as f32 / 100.0).powf(patch.vel_level);
        self.engine = match &patch.source {
            Source::Wave(spec) => Engine::Wave(WaveVoice::start(spec, hz, vel, rng)),
            Source::Modal(kind) => {
                let (modes, strike) = match kind {
                    super::patch::ModalKind::Piano => keys::piano_modes(key, hz, vel),
                    other => mallets::modes(*other, key, hz, vel),
                };
                Engine::Modal(ModalVoice::start(&modes, &strike, sample_rate))
            }
            Source::Fm(spec) => Engine::Fm(FmVoice::start(spec, hz, vel, sample_rate)),
            Source::Pluck(spec) => Engine::Pluck(PluckVoice::start(
                spec,
                key,
                hz,
                vel,
                sample_rate,
                self.line.len(),
                rng,
            )),
            Source::Drums => {
                let sound = drum_kit::sound_for_key(key);
                self.pan = sound.pan;
                self.choke = sound.choke;
                level *= sound.gain;
                Engine::Drum(DrumVoice::start(sound, vel, sample_rate, rng))
            }
        };
        self.level = level;
        self.env = Envelope::start(&patch.amp, key, vel, sample_rate);
        self.vibrato = Vibrato::start(&patch.vibrato, sample_rate, rng);
    }

    pub(crate) fn is_drum(&self) -> bool {
        matches!(self.engine, Engine::Drum(_))
    }

    /// Key released (or pedal lifted): enter the release stage. Drums ignore it.
    pub(crate) fn release(&mut self) {
        self.key_down = false;
        self.pedal_held = false;
        if self.is_drum() {
            return;
        }
        self.env.release();
        if let Engine::Wave(w) = &mut self.engine {
            w.release();
        }
    }

    /// A released, pedal-free voice.
    pub(crate) fn is_released(&self) -> bool {
        !self.key_down && !self.pedal_held
    }

    /// Fades the voice out over `seconds` and frees it.
    pub(crate) fn fade_out(&mut self, seconds: f32, sample_rate: f32) {
        if self.state == VoiceState::Free {
            return;
        }
        let samples = (seconds * sample_rate).max(1.0);
        if self.state == VoiceState::Fading && self.fade_left <= samples {
            return;
        }
        self.state = VoiceState::Fading;
        self.fade_left = samples;
        self.fade_step = 1.0 / samples;
    }

    /// Current loudness estimate (for choosing a voice to steal).
    pub(crate) fn loudness(&self) -> f32 {
        self.last_gain * self.engine_bound()
    }

    fn engine_bound(&self) -> f32 {
        match &self.engine {
            Engine::Idle => 0.0,
            Engine::Wave(_) => 1.0,
            Engine::Modal(m) => m.level_bound(),
            Engine::Fm(f) => f.level_bound(),
            Engine::Pluck(p) => p.level_bound(),
            Engine::Drum(d) => d.level_bound(),
        }
    }

    /// Renders `mid.len()` (at most [`BLOCK`]) samples, adding into `mid` and `side`.
    pub(crate) fn render(&mut self, ctx: &BlockContext, mid: &mut [f32], side: &mut [f32]) {
        let n = mid.len();
        debug_assert!(n <= BLOCK);
        let sr = ctx.sample_rate;
        let buf = &mut self.scratch[..n];
        buf.fill(0.0);
        match &mut self.engine {
            Engine::Idle => {}
            Engine::Wave(w) => {
                let Source::Wave(spec) = &self.patch.source else {
                    unreachable!("wave voice with a non-wave patch")
                };
                let vib = self.vibrato.advance(n, ctx.mod_cents, ctx.tables);
                let hz = self.base_hz * ctx.bend * vib;
                w.render(spec, hz, sr, ctx.tables, &mut self.noise, buf);
            }
            Engine::Modal(m) => m.render(ctx.bend, &mut self.noise, buf),
            Engine::Fm(f) => f.render(self.base_hz * ctx.bend, sr, ctx.tables, buf),
            Engine::Pluck(p) => p.render(ctx.bend, &mut self.line, buf),
            Engine::Drum(d) => d.render(ctx.tables, &mut self.noise, buf),
        }
        let env = self.env.advance(n);
        let mut fade = 1.0;
        if self.state == VoiceState::Fading {
            self.fade_left -= n as f32;
            fade = (self.fade_left * self.fade_step).max(0.0);
        }
        let gain = self.level * env * fade;
        let g0 = self.last_gain;
        let dg = (gain - g0) / n as f32;
        // The ramp is computed from the index, not accumulated, so the loop has no serial
        // dependency and vectorises.
        if self.pan == 0.0 {
            for ((o, &x), &t) in mid.iter_mut().zip(buf.iter()).zip(RAMP.iter()) {
                *o += x * (g0 + dg * t);
            }
        } else {
            let p = self.pan;
            let frames = mid.iter_mut().zip(side.iter_mut()).zip(buf.iter());
            for (((o, s), &x), &t) in frames.zip(RAMP.iter()) {
                let y = x * (g0 + dg * t);
                *o += y;
                *s += y * p;
            }
        }
        self.last_gain = gain;
        self.last_out = buf[n - 1] * gain;
        // Finished: faded out, envelope done, or a decaying engine has gone quiet.
        // (Wave voices sustain until released; the others decay by themselves.)
        let decays = !matches!(self.engine, Engine::Wave(_));
        let quiet = !self.env.in_attack() && gain * self.engine_bound() < SILENT;
        if (self.state == VoiceState::Fading && self.fade_left <= 0.0)
            || self.env.is_done()
            || (decays && quiet)
        {
            self.state = VoiceState::Free;
            self.engine = Engine::Idle;
            self.last_gain = 0.0;
            self.last_out = 0.0;
        }
    }
}
