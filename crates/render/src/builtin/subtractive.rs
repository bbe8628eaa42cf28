//! The wavetable engine: up to three band-limited oscillators, a brightness envelope standing in
//! for a filter envelope, and breath/bow noise. It plays everything sustained: bowed strings,
//! winds, brass, organ, choir, pads and synths.
//!
//! Brightness is a cutoff in Hz that follows the key (`key_track`) and velocity (`vel_track`:
//! harder notes are brighter as well as louder) and moves with an envelope (brass "blat",
//! slowly opening pads, plucky synths) and an optional slow LFO. It selects the brightness step of
//! the wavetable family (see [`super::wavetable`]), so it costs nothing per sample.

use super::noise::{NoiseBlock, Rng, NOISE_BLOCK, RAMP};
use super::wavetable::{add_settled_pair, WaveOsc, Waveform, Wavetables};

/// One oscillator of a wave patch.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OscSpec {
    pub wave: Waveform,
    /// Frequency multiple of the note (1.0, 0.5 for a sub-octave, 2.0 ...).
    pub ratio: f32,
    /// Fixed detune in cents (detuned pairs make ensembles and pads).
    pub cents: f32,
    pub level: f32,
}

impl OscSpec {
    pub(crate) const fn new(wave: Waveform, ratio: f32, cents: f32, level: f32) -> OscSpec {
        OscSpec {
            wave,
            ratio,
            cents,
            level,
        }
    }
}

/// The brightness (lowpass cutoff) and how it moves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BrightSpec {
    /// Cutoff in Hz at middle C, velocity 100, once the envelope has settled.
    pub cutoff_hz: f32,
    /// Cutoff follows `(f0 / 261.6)^key_track`.
    pub key_track: f32,
    /// Cutoff follows `(velocity / 100)^vel_track`.
    pub vel_track: f32,
    /// Envelope multiplier at note-on, reached linearly to `peak` after `attack_s`, then settling
    /// exponentially to 1 with a 60 dB time of `settle_s`.
    pub start: f32,
    pub peak: f32,
    pub attack_s: f32,
    pub settle_s: f32,
    /// Multiplier approached during the release (the tone darkens as it dies away).
    pub release: f32,
    /// Slow cutoff wobble: rate and depth (fraction of the cutoff).
    pub lfo_hz: f32,
    pub lfo_depth: f32,
    /// Floor of the cutoff, in harmonics of the oscillator.
    pub min_harmonics: f32,
}

/// Breath (winds, voice) or bow noise added to the oscillators.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NoiseSpec {
    /// Sustained level, relative to an oscillator at level 1.
    pub level: f32,
    /// Extra level at the onset ("chiff"), decaying with a 60 dB time of `chiff_s`.
    pub chiff: f32,
    pub chiff_s: f32,
    /// How much the noise is amplitude-modulated by the tone (0..1): breath through a vibrating
    /// reed or lips is pulsed at the pitch, which makes it fuse with the note.
    pub pitched: f32,
}

impl NoiseSpec {
    pub(crate) const NONE: NoiseSpec = NoiseSpec {
        level: 0.0,
        chiff: 0.0,
        chiff_s: 0.05,
        pitched: 0.0,
    };
}

/// Parameters of the wavetable engine.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WaveSpec {
    pub oscs: &'static [OscSpec],
    pub bright: BrightSpec,
    pub noise: NoiseSpec,
    /// Random per-note detune (cents, +-): players of a section are never exactly in tune.
    pub drift_cents: f32,
}

const MAX_OSCS: usize = 3;
const LN_1000: f32 = 6.907_755;

/// A sounding note of the wavetable engine.
#[derive(Clone, Copy)]
pub(crate) struct WaveVoice {
    oscs: [WaveOsc; MAX_OSCS],
    ratio: [f32; MAX_OSCS],
    count: usize,
    cutoff_hz: f32,
    elapsed: f32,
    released: bool,
    release_mul: f32,
    lfo_phase: u32,
    noise_prev: f32,
    noise_level: f32,
}

impl WaveVoice {
    pub(crate) fn start(spec: &WaveSpec, hz: f32, velocity: u8, rng: &mut Rng) -> WaveVoice {
        let count = spec.oscs.len().min(MAX_OSCS);
        let drift = spec.drift_cents * rng.bipolar();
        let mut oscs = [WaveOsc::default(); MAX_OSCS];
        let mut ratio = [1.0; MAX_OSCS];
        for k in 0..count {
            let o = &spec.oscs[k];
            ratio[k] = o.ratio * ((o.cents + drift) / 1200.0).exp2();
            // Free-running analog-style phase; the attack ramp hides the start.
            oscs[k].phase = rng.next_u32();
        }
        let b = &spec.bright;
        let cutoff_hz = b.cutoff_hz
            * (hz / 261.63).powf(b.key_track)
            * (velocity.max(1) as f32 / 100.0).powf(b.vel_track);
        WaveVoice {
            oscs,
            ratio,
            count,
            cutoff_hz,
            elapsed: 0.0,
            released: false,
            release_mul: 1.0,
            lfo_phase: rng.next_u32(),
            noise_prev: 0.0,
            noise_level: 0.0,
        }
    }

    pub(crate) fn release(&mut self) {
        self.released = true;
    }

    /// Adds the next `out.len()` samples at fundamental `hz` (bend and vibrato included).
    pub(crate) fn render(
        &mut self,
        spec: &WaveSpec,
        hz: f32,
        sample_rate: f32,
        tables: &Wavetables,
        noise: &mut NoiseBlock,
        out: &mut [f32],
    ) {
        let n = out.len();
        let b = &spec.bright;
        let t = self.elapsed / sample_rate;
        let env = if t < b.attack_s {
            b.start + (b.peak - b.start) * (t / b.attack_s)
        } else {
            let settle = (-(t - b.attack_s) * LN_1000 / b.settle_s.max(1e-3)).exp();
            1.0 + (b.peak - 1.0) * settle
        };
        if self.released {
            // Close towards `release` with a quarter-second time constant.
            let k = (-(n as f32) / (0.25 * sample_rate)).exp();
            self.release_mul = b.release + (self.release_mul - b.release) * k;
        }
        let lfo = if b.lfo_depth > 0.0 {
            let inc = (b.lfo_hz / sample_rate * 4_294_967_296.0) as u32;
            self.lfo_phase = self.lfo_phase.wrapping_add(inc.wrapping_mul(n as u32));
            1.0 + b.lfo_depth * tables.sine(self.lfo_phase)
        } else {
            1.0
        };
        let cutoff = self.cutoff_hz * env * self.release_mul * lfo;
        for k in 0..self.count {
            let f = hz * self.ratio[k];
            self.oscs[k].set(f, sample_rate, (cutoff / f).max(b.min_harmonics), n);
        }
        let pair = self.count == 2 && spec.oscs[0].wave == spec.oscs[1].wave && {
            let [a, b, _] = &mut self.oscs;
            let levels = (spec.oscs[0].level, spec.oscs[1].level);
            add_settled_pair(a, b, tables.family(spec.oscs[0].wave), levels, out)
        };
        if !pair {
            for k in 0..self.count {
                let o = &spec.oscs[k];
                self.oscs[k].add_to(tables.family(o.wave), o.level, out);
            }
        }
        let ns = &spec.noise;
        if ns.level > 0.0 || ns.chiff > 0.0 {
            let chiff = ns.chiff * (-t * LN_1000 / ns.chiff_s.max(1e-3)).exp();
            let target = ns.level + chiff;
            let step = (target - self.noise_level) / n as f32;
            let level = self.noise_level;
            let pitched = ns.pitched;
            let mut white = [0.0f32; NOISE_BLOCK + 1];
            white[0] = self.noise_prev;
            noise.fill(&mut white[1..=n]);
            for (i, o) in out.iter_mut().enumerate() {
                // First difference: a gentle highpass, airy rather than hissy-flat.
                let breath = (white[i + 1] - white[i]) * 0.5;
                let l = level + step * RAMP[i];
                *o += l * breath * (1.0 - pitched + pitched * o.abs() * 2.0);
            }
            self.noise_prev = white[n];
            self.noise_level = target;
        }
        self.elapsed += n as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::super::wavetable::wavetables;
    use super::*;

    const SPEC: WaveSpec = WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::Saw, 1.0, -7.0, 0.5),
            OscSpec::new(Waveform::Saw, 1.0, 7.0, 0.5),
        ],
        bright: BrightSpec {
            cutoff_hz: 2000.0,
            key_track: 0.5,
            vel_track: 0.5,
            start: 0.3,
            peak: 1.0,
            attack_s: 0.2,
            settle_s: 0.1,
            release: 0.5,
            lfo_hz: 0.2,
            lfo_depth: 0.1,
            min_harmonics: 1.0,
        },
        noise: NoiseSpec {
            level: 0.02,
            chiff: 0.1,
            chiff_s: 0.05,
            pitched: 0.5,
        },
        drift_cents: 2.0,
    };

    #[test]
    fn renders_bounded_audio() {
        let sr = 48_000.0;
        let mut v = WaveVoice::start(&SPEC, 440.0, 100, &mut Rng::new(1));
        let t = wavetables();
        let mut noise = NoiseBlock::new(1);
        let mut peak: f32 = 0.0;
        for _ in 0..1000 {
            let mut buf = [0.0f32; 32];
            v.render(&SPEC, 440.0, sr, t, &mut noise, &mut buf);
            for x in buf {
                assert!(x.is_finite());
                peak = peak.max(x.abs());
            }
        }
        assert!(peak > 0.1 && peak < 1.5, "peak {peak}");
    }
}
