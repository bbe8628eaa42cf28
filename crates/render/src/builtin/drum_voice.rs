//! The drum engine: what every percussion sound is built from.
//!
//! A drum hit is a few decaying sine partials with a falling (or rising) pitch for the shell or
//! membrane, plus a burst of white noise and/or a cluster of six inharmonic square waves (the
//! TR-808 recipe for cymbals, hats and cowbells) through a two-pole filter, with an
//! optional hand-clap or rattle pattern. The recipes for the General MIDI percussion keys are in
//! [`super::drum_kit`].
//!
//! The metallic cluster uses naive square waves: their aliasing lands in a spectrum that is already
//! noise-like and is then highpassed, and band-limiting six oscillators would cost several times
//! as much for no audible difference.

use super::filter::{FilterMode, TwoPole};
use super::noise::{NoiseBlock, Rng, NOISE_BLOCK, RAMP};
use super::wavetable::{phase_inc, sine_at, Wavetables};

const LN_1000: f32 = 6.907_755;
const MAX_TONES: usize = 4;
/// The TR-808 cymbal oscillator ratios (205.3, 304.4, 369.6, 522.7, 540, 800 Hz).
const METAL_RATIOS: [f32; 6] = [1.0, 1.4827, 1.8003, 2.5460, 2.6303, 3.8967];

/// One sine partial of a drum.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tone {
    pub hz: f32,
    pub level: f32,
    pub t60_s: f32,
}

/// Time pattern applied to the noise part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Pattern {
    Single,
    /// Three quick bursts before the tail, like several hands clapping.
    Clap,
    /// Amplitude rattle at the given rate (vibraslap, guiro).
    Rattle(f32),
}

/// A percussion sound.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DrumSound {
    pub tones: &'static [Tone],
    /// Pitch multiplier at the hit, settling to 1 (greater than 1 falls, less than 1 rises).
    pub drop: f32,
    /// 60 dB time of the pitch settling.
    pub drop_s: f32,
    pub noise: f32,
    pub metal: f32,
    pub metal_hz: f32,
    pub filter: FilterMode,
    pub filter_hz: f32,
    pub filter_q: f32,
    pub noise_t60_s: f32,
    pub pattern: Pattern,
    /// Stereo position, -1 (right) to 1 (left), as seen from the audience.
    pub pan: f32,
    pub gain: f32,
    /// Sounds in the same non-zero group silence each other (hi-hat pedal closing an open hat).
    pub choke: u8,
}

impl DrumSound {
    /// The silent default used to fill struct literals.
    pub(crate) const BASE: DrumSound = DrumSound {
        tones: &[],
        drop: 1.0,
        drop_s: 0.05,
        noise: 0.0,
        metal: 0.0,
        metal_hz: 400.0,
        filter: FilterMode::Bandpass,
        filter_hz: 2000.0,
        filter_q: 0.7,
        noise_t60_s: 0.1,
        pattern: Pattern::Single,
        pan: 0.0,
        gain: 1.0,
        choke: 0,
    };
}

#[derive(Clone, Copy)]
pub(crate) struct DrumVoice {
    sound: &'static DrumSound,
    phases: [u32; MAX_TONES],
    hz: [f32; MAX_TONES],
    amps: [f32; MAX_TONES],
    ks: [f32; MAX_TONES],
    tones: usize,
    drop_excess: f32,
    drop_k: f32,
    noise_amp: f32,
    noise_k: f32,
    filter: TwoPole,
    metal: [u32; 6],
    metal_inc: [u32; 6],
    elapsed: f32,
    rattle: u32,
    sample_rate: f32,
}

impl DrumVoice {
    pub(crate) fn start(
        sound: &'static DrumSound,
        velocity: u8,
        sample_rate: f32,
        rng: &mut Rng,
    ) -> DrumVoice {
        let tones = sound.tones.len().min(MAX_TONES);
        let mut hz = [0.0; MAX_TONES];
        let mut amps = [0.0; MAX_TONES];
        let mut ks = [0.0; MAX_TONES];
        // Harder hits ring the upper partials more.
        let bright = (velocity.max(1) as f32 / 100.0).clamp(0.2, 1.3);
        for (i, t) in sound.tones.iter().take(MAX_TONES).enumerate() {
            hz[i] = t.hz;
            amps[i] = t.level * if i == 0 { 1.0 } else { bright.sqrt() };
            ks[i] = (-LN_1000 / (t.t60_s.max(1e-3) * sample_rate)).exp();
        }
        let mut filter = TwoPole::default();
        let cutoff = match sound.filter {
            FilterMode::Highpass => sound.filter_hz,
            _ => sound.filter_hz * bright.powf(0.3),
        };
        filter.set(sound.filter, cutoff, sound.filter_q, sample_rate);
        let metal_inc = METAL_RATIOS.map(|r| phase_inc(sound.metal_hz * r, sample_rate));
        DrumVoice {
            sound,
            phases: [0; MAX_TONES],
            hz,
            amps,
            ks,
            tones,
            drop_excess: sound.drop - 1.0,
            drop_k: (-LN_1000 / (sound.drop_s.max(1e-3) * sample_rate)).exp(),
            noise_amp: if sound.noise > 0.0 || sound.metal > 0.0 {
                1.0
            } else {
                0.0
            },
            noise_k: (-LN_1000 / (sound.noise_t60_s.max(1e-3) * sample_rate)).exp(),
            filter,
            metal: std::array::from_fn(|_| rng.next_u32()),
            metal_inc,
            elapsed: 0.0,
            rattle: 0,
            sample_rate,
        }
    }

    /// Upper bound of the output amplitude (before the voice gain).
    pub(crate) fn level_bound(&self) -> f32 {
        let tones: f32 = self.amps[..self.tones].iter().sum();
        // The filter can ring above its input near its centre; allow for it.
        let noisy = (self.sound.noise + 3.0 * self.sound.metal) * self.noise_amp * 2.0;
        tones + noisy
    }

    /// Noise-part gain of the pattern at time `t` seconds.
    fn pattern_gain(&mut self, t: f32, n: usize) -> f32 {
        match self.sound.pattern {
            Pattern::Single => 1.0,
            Pattern::Clap => {
                if t < 0.03 {
                    // Bursts every 10 ms, each decaying quickly.
                    let phase = (t * 100.0).fract();
                    1.6 * (-phase * 5.0).exp()
                } else {
                    1.0
                }
            }
            Pattern::Rattle(hz) => {
                let inc = phase_inc(hz, self.sample_rate);
                self.rattle = self.rattle.wrapping_add(inc.wrapping_mul(n as u32));
                let s = (self.rattle >> 8) as f32 / 16_777_216.0;
                // Sharp periodic clicks.
                (1.0 - s).powi(3) * 1.8
            }
        }
    }

    pub(crate) fn render(&mut self, tables: &Wavetables, noise: &mut NoiseBlock, out: &mut [f32]) {
        let n = out.len();
        let sr = self.sample_rate;
        let sine = tables.sine_table();
        let mult = 1.0 + self.drop_excess;
        self.drop_excess *= self.drop_k.powi(n as i32);
        for i in 0..self.tones {
            let a0 = self.amps[i];
            if a0 < 1e-6 {
                continue;
            }
            let a1 = a0 * self.ks[i].powi(n as i32);
            let da = (a1 - a0) / n as f32;
            let inc = phase_inc(self.hz[i] * mult, sr);
            let p = self.phases[i];
            for (k, o) in out.iter_mut().enumerate() {
                let a = a0 + da * (RAMP[k] - 1.0);
                *o += a * sine_at(sine, p.wrapping_add(inc.wrapping_mul(k as u32)));
            }
            self.phases[i] = p.wrapping_add(inc.wrapping_mul(n as u32));
            self.amps[i] = if a1 < 1e-6 { 0.0 } else { a1 };
        }
        let t = self.elapsed / sr;
        if self.noise_amp > 1e-6 {
            let g0 = self.pattern_gain(t, n);
            let a0 = self.noise_amp;
            let a1 = a0 * self.noise_k.powi(n as i32);
            let da = (a1 - a0) / n as f32;
            let (level, metal) = (self.sound.noise, self.sound.metal * (1.0 / 6.0));
            let (a, da) = (a0 * g0, da * g0);
            let mut white = [0.0f32; NOISE_BLOCK];
            noise.fill(&mut white[..n]);
            if metal > 0.0 {
                let mut ph = self.metal;
                let inc = self.metal_inc;
                for (i, (o, &w)) in out.iter_mut().zip(white.iter()).enumerate() {
                    let mut ones = 0u32;
                    for k in 0..6 {
                        ph[k] = ph[k].wrapping_add(inc[k]);
                        ones += ph[k] >> 31;
                    }
                    let m = ones as f32 * 2.0 - 6.0;
                    let x = level * w + metal * m;
                    *o += (a + da * (RAMP[i] - 1.0)) * self.filter.tick(x);
                }
                self.metal = ph;
            } else {
                for (i, (o, &w)) in out.iter_mut().zip(white.iter()).enumerate() {
                    *o += (a + da * (RAMP[i] - 1.0)) * self.filter.tick(level * w);
                }
            }
            self.filter.flush_denormals();
            self.noise_amp = if a1 < 1e-6 { 0.0 } else { a1 };
        }
        self.elapsed += n as f32;
    }
}
