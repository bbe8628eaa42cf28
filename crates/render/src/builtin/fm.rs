//! Phase-modulation (FM) engine for the electric piano.
//!
//! A sine carrier is phase-modulated by two sines: one at the note's frequency, whose index decays
//! from a velocity-dependent peak to a floor (the bark of a hard-hit tine fading to a round tone),
//! and one at a high ratio with a very fast decay (the metallic "tine" transient). The high
//! modulator is faded out for notes whose first sidebands would pass Nyquist, so top notes stay
//! clean. Sines come from the shared table with a `u32` phase (no per-sample trigonometry); the
//! amplitude envelope is the patch's ADSR.

use super::noise::RAMP;
use super::patch::FmSpec;
use super::wavetable::{phase_inc, sine_at, Wavetables};

const LN_1000: f32 = 6.907_755;
/// Converts radians of phase modulation into `u32` phase units (2^32 / 2 pi).
const RAD_TO_PHASE: f32 = 683_565_275.6;

#[derive(Clone, Copy, Default)]
pub(crate) struct FmVoice {
    carrier: u32,
    body: u32,
    tine: u32,
    body_index: f32,
    body_floor: f32,
    body_k: f32,
    tine_index: f32,
    tine_k: f32,
    tine_ratio: f32,
}

impl FmVoice {
    pub(crate) fn start(spec: &FmSpec, hz: f32, velocity: u8, sample_rate: f32) -> FmVoice {
        let v = velocity.max(1) as f32 / 127.0;
        // Keep the tine's first sidebands below Nyquist; fade it over the half octave below.
        let top = hz * (spec.tine_ratio + 1.0);
        let room = (0.45 * sample_rate / top).log2() * 2.0;
        let tine_fade = room.clamp(0.0, 1.0);
        // Sidebands reach about (index + 1) * hz: keep the body's below Nyquist on top notes.
        let max_index = (0.45 * sample_rate / hz - 1.0).max(0.0) * 0.5;
        let body_index = spec.body_floor + (spec.body_index - spec.body_floor) * v * v;
        FmVoice {
            carrier: 0,
            body: 0,
            tine: 0,
            body_index: body_index.min(max_index),
            body_floor: spec.body_floor.min(max_index),
            body_k: (-LN_1000 / (spec.body_decay_s * sample_rate)).exp(),
            tine_index: spec.tine_index * v * v * tine_fade,
            tine_k: (-LN_1000 / (spec.tine_decay_s * sample_rate)).exp(),
            tine_ratio: spec.tine_ratio,
        }
    }

    /// Upper bound of the output amplitude (before the envelope).
    pub(crate) fn level_bound(&self) -> f32 {
        1.0
    }

    /// Adds the next `out.len()` samples at `hz` (bend included).
    pub(crate) fn render(
        &mut self,
        hz: f32,
        sample_rate: f32,
        tables: &Wavetables,
        out: &mut [f32],
    ) {
        let n = out.len();
        let sine = tables.sine_table();
        let ic = phase_inc(hz, sample_rate);
        let it = phase_inc(hz * self.tine_ratio, sample_rate);
        // Index envelopes at block rate, ramped linearly across the block.
        let body_end =
            self.body_floor + (self.body_index - self.body_floor) * self.body_k.powi(n as i32);
        let tine_end = self.tine_index * self.tine_k.powi(n as i32);
        let db = (body_end - self.body_index) / n as f32;
        let dt = (tine_end - self.tine_index) / n as f32;
        let (bi, ti) = (
            self.body_index * RAD_TO_PHASE,
            self.tine_index * RAD_TO_PHASE,
        );
        let (db, dt) = (db * RAD_TO_PHASE, dt * RAD_TO_PHASE);
        let (pc, pb, pt) = (self.carrier, self.body, self.tine);
        for (k, o) in out.iter_mut().enumerate() {
            let (ku, kf) = (k as u32, RAMP[k] - 1.0);
            let m = (bi + db * kf) * sine_at(sine, pb.wrapping_add(ic.wrapping_mul(ku)))
                + (ti + dt * kf) * sine_at(sine, pt.wrapping_add(it.wrapping_mul(ku)));
            let c = pc.wrapping_add(ic.wrapping_mul(ku));
            *o += sine_at(sine, c.wrapping_add(m as i64 as u32));
        }
        let nu = n as u32;
        self.carrier = pc.wrapping_add(ic.wrapping_mul(nu));
        self.body = pb.wrapping_add(ic.wrapping_mul(nu));
        self.tine = pt.wrapping_add(it.wrapping_mul(nu));
        self.body_index = body_end;
        self.tine_index = if tine_end < 1e-5 { 0.0 } else { tine_end };
    }
}

#[cfg(test)]
mod tests {
    use super::super::wavetable::wavetables;
    use super::*;

    #[test]
    fn fm_is_bounded_and_mellows() {
        let spec = FmSpec {
            body_index: 2.0,
            body_floor: 0.3,
            body_decay_s: 0.5,
            tine_ratio: 14.0,
            tine_index: 1.0,
            tine_decay_s: 0.05,
        };
        let sr = 48_000.0;
        let mut v = FmVoice::start(&spec, 440.0, 127, sr);
        let t = wavetables();
        let mut buf = vec![0.0f32; 48_000];
        for c in buf.chunks_mut(32) {
            v.render(440.0, sr, t, c);
        }
        assert!(buf.iter().all(|x| x.abs() <= 1.0 + 1e-6));
        // Brightness (mean absolute slope) falls as the index decays.
        let slope = |s: &[f32]| s.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f32>();
        assert!(slope(&buf[0..2400]) > 1.3 * slope(&buf[40_000..42_400]));
    }
}
