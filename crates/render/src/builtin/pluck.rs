//! Karplus-Strong plucked strings: guitars, basses, harp, harpsichord and pizzicato.
//!
//! A delay line one period long holds the string's shape; each pass through a loss filter damps it.
//! Compared with the textbook algorithm this one
//! - tunes exactly: the loop is a 4-point (Catmull-Rom) fractional delay plus a symmetric 3-tap
//!   FIR loss filter with exactly one sample of delay, so the loss filter does not detune, and
//!   pitch bend just moves the read point;
//! - sets decay from the instrument: the loop gain gives the fundamental's 60 dB time, the FIR
//!   coefficient the decay of partials near 3 kHz, both derived per note;
//! - excites with a triangular displacement peaked at the pluck position (the comb filtering of a
//!   real pluck) plus some noise, lowpassed by velocity, so soft notes are darker.
//!
//! fundsp has a `Pluck` node, but it allocates its delay line when the note starts (not allowed on
//! the audio thread), has a fixed pitch (no bend) and a fixed excitation, so this is hand-written.
//! The delay line itself belongs to the voice and is allocated once with the voice pool.

use super::filter::OnePole;
use super::noise::Rng;
use super::patch::PluckSpec;

const LN_1000: f32 = 6.907_755;

/// Delay-line length (power of two) that holds one period of the lowest note at `sample_rate`,
/// with room for a downward bend.
pub(crate) fn line_len(sample_rate: f32) -> usize {
    ((sample_rate / 20.0) as usize + 16).next_power_of_two()
}

#[derive(Clone, Copy, Default)]
pub(crate) struct PluckVoice {
    write: usize,
    /// Loop delay in samples at bend ratio 1.
    period: f32,
    ratio: f32,
    d_int: usize,
    /// Catmull-Rom weights of the four taps around the fractional read point.
    w: [f32; 4],
    a0: f32,
    a1: f32,
    gain: f32,
    v1: f32,
    v2: f32,
    bound: f32,
    bound_k: f32,
}

impl PluckVoice {
    /// Starts a note, writing the excitation into `line` (the voice's delay line).
    pub(crate) fn start(
        spec: &PluckSpec,
        key: u8,
        hz: f32,
        velocity: u8,
        sample_rate: f32,
        line: &mut [f32],
        rng: &mut Rng,
    ) -> PluckVoice {
        let len = line.len();
        let hz = hz.clamp(sample_rate / (len as f32 * 0.75), sample_rate / 4.0);
        let period = sample_rate / hz;
        // Decay of the fundamental, interpolated on a log scale between the two reference keys.
        let span = (spec.high_key as f32 - spec.low_key as f32).max(1.0);
        let pos = ((key as f32 - spec.low_key as f32) / span).clamp(0.0, 1.0);
        let t60 = spec.t60_low_s * (spec.t60_high_s / spec.t60_low_s).powf(pos);
        let gain = (-LN_1000 / (hz * t60)).exp();
        // Extra loss per pass at 3 kHz so that those partials die in `bright_t60_s`.
        let w = std::f32::consts::TAU * 3000.0f32.min(0.4 * sample_rate) / sample_rate;
        let extra = (LN_1000 / (hz * spec.bright_t60_s.min(t60)) - LN_1000 / (hz * t60)).max(0.0);
        let a0 = ((1.0 - (-extra).exp()) / (2.0 * (1.0 - w.cos()))).clamp(0.0, 0.25);

        // Excitation: one period of a triangle peaked at the pluck position, plus noise, lowpassed.
        let p = period.round().max(4.0) as usize;
        let margin = (p + p / 3 + 8).min(len);
        for x in line[len - margin..].iter_mut() {
            *x = 0.0;
        }
        let peak_at = spec.position.clamp(0.02, 0.5);
        let vel = velocity.max(1) as f32 / 100.0;
        // Harder plucks are sharper: a brighter two-pole lowpass, more of the string's initial
        // velocity (a pulse, spectrum 1/n, against the displacement triangle's 1/n^2) and more
        // noisy snap.
        let mut lp = [OnePole::default(); 2];
        for f in &mut lp {
            f.set_lowpass(spec.excite_hz * vel.powf(1.2), sample_rate);
        }
        let noise = (spec.noise * vel).clamp(0.0, 0.9);
        let snap = (0.35 * vel).clamp(0.0, 0.6);
        let start = len - p;
        let mut mean = 0.0;
        for k in 0..p {
            let x = k as f32 / p as f32;
            let (tri, pulse) = if x < peak_at {
                (x / peak_at, 1.0)
            } else {
                ((1.0 - x) / (1.0 - peak_at), -peak_at / (1.0 - peak_at))
            };
            let shape = (1.0 - snap) * tri + snap * pulse;
            let e = (1.0 - noise) * shape + noise * rng.white();
            let y0 = lp[0].lowpass(e);
            let y = lp[1].lowpass(y0);
            line[start + k] = y;
            mean += y;
        }
        mean /= p as f32;
        let mut peak: f32 = 0.0;
        for x in line[start..].iter_mut() {
            *x -= mean;
            peak = peak.max(x.abs());
        }
        if peak > 0.0 {
            for x in line[start..].iter_mut() {
                *x /= peak;
            }
        }
        let mut v = PluckVoice {
            write: 0,
            period,
            ratio: 0.0,
            d_int: 0,
            w: [0.0; 4],
            a0,
            a1: 1.0 - 2.0 * a0,
            gain,
            v1: 0.0,
            v2: 0.0,
            bound: 1.5,
            bound_k: (-LN_1000 / (t60 * sample_rate)).exp(),
        };
        v.set_ratio(1.0, len);
        v
    }

    fn set_ratio(&mut self, ratio: f32, len: usize) {
        self.ratio = ratio;
        // The FIR loss filter contributes one sample of the loop delay.
        let d = (self.period / ratio - 1.0).clamp(2.0, len as f32 - 4.0);
        let d_int = d.floor();
        self.d_int = d_int as usize;
        let t = 1.0 - (d - d_int);
        let (t2, t3) = (t * t, t * t * t);
        self.w = [
            0.5 * (-t + 2.0 * t2 - t3),
            0.5 * (2.0 - 5.0 * t2 + 3.0 * t3),
            0.5 * (t + 4.0 * t2 - 3.0 * t3),
            0.5 * (t3 - t2),
        ];
    }

    pub(crate) fn level_bound(&self) -> f32 {
        self.bound
    }

    /// Adds the next `out.len()` samples; `ratio` is the pitch-bend frequency ratio.
    pub(crate) fn render(&mut self, ratio: f32, line: &mut [f32], out: &mut [f32]) {
        let len = line.len();
        if ratio != self.ratio {
            self.set_ratio(ratio, len);
        }
        let mask = len - 1;
        let [w0, w1, w2, w3] = self.w;
        let (a0, a1, g) = (self.a0, self.a1, self.gain);
        let (mut v1, mut v2) = (self.v1, self.v2);
        let mut w = self.write;
        let back = self.d_int + 1;
        for o in out.iter_mut() {
            let base = w.wrapping_sub(back);
            let p0 = line[base.wrapping_sub(1) & mask];
            let p1 = line[base & mask];
            let p2 = line[base.wrapping_add(1) & mask];
            let p3 = line[base.wrapping_add(2) & mask];
            // Catmull-Rom interpolation between p1 and p2, weights fixed for the block.
            let v = w0 * p0 + w1 * p1 + w2 * p2 + w3 * p3;
            let y = g * (a0 * (v + v2) + a1 * v1);
            v2 = v1;
            v1 = v;
            line[w] = y;
            w = (w + 1) & mask;
            *o += y;
        }
        self.write = w;
        self.v1 = super::filter::flush(v1);
        self.v2 = super::filter::flush(v2);
        self.bound *= self.bound_k.powi(out.len() as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plucked_string_is_in_tune_and_decays() {
        let spec = PluckSpec {
            t60_low_s: 2.0,
            t60_high_s: 2.0,
            low_key: 40,
            high_key: 80,
            bright_t60_s: 0.5,
            position: 0.2,
            excite_hz: 3000.0,
            noise: 0.2,
        };
        let sr = 48_000.0;
        let mut line = vec![0.0f32; line_len(sr)];
        let hz = 196.0;
        let mut v = PluckVoice::start(&spec, 55, hz, 100, sr, &mut line, &mut Rng::new(2));
        let mut out = vec![0.0f32; 96_000];
        for c in out.chunks_mut(32) {
            v.render(1.0, &mut line, c);
        }
        // Count positive-going zero crossings of the (lowpassed by decay) tail over one second.
        let seg = &out[24_000..72_000];
        let crossings = seg.windows(2).filter(|w| w[0] <= 0.0 && w[1] > 0.0).count();
        assert!(
            (crossings as f32 - hz).abs() <= 2.0,
            "{crossings} crossings"
        );
        let early = out[..4800].iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let late = out[90_000..].iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(late < early * 0.01, "early {early} late {late}");
        assert!(out
            .iter()
            .all(|x| x.is_finite() && x.abs() <= v.level_bound().max(1.5)));
    }
}
