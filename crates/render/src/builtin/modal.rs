//! The modal engine: a struck object as a sum of exponentially decaying sinusoids (its modes).
//!
//! Piano strings, vibraphone and marimba bars, bells, celesta plates and timpani heads all ring
//! in modes with their own frequency, strength and decay time; the recipes that compute those for a
//! key and velocity live in the instrument files ([`super::keys`], [`super::mallets`]). Modes above
//! Nyquist are simply left out, so the engine cannot alias.
//!
//! Modes run four to a SIMD vector (fundsp's `wide::f32x4`), sorted by frequency. Low modes use
//! the coupled (rotation) form `[x, y] <- r R(w) [x, y]`: its frequency stays exact in single
//! precision (the direct form detunes a 30 Hz mode by several cents) and its amplitude survives a
//! change of frequency. Modes above about 150 Hz use the cheaper direct form
//! `y = 2 r cos(w) y1 - r^2 y2` (half the multiplies), whose rounding error is a fraction of a
//! cent there. fundsp has no resonator bank that runs modes in SIMD lanes; a chain of its
//! `resonator` nodes would cost a whole filter per mode.

use fundsp::wide::f32x4;

use super::filter::{flush, OnePole};
use super::noise::{NoiseBlock, NOISE_BLOCK};

/// Most modes a note can have (six SIMD vectors).
pub(crate) const MAX_MODES: usize = 24;
const LANES: usize = MAX_MODES / 4;
const LN_1000: f32 = 6.907_755;
/// Lanes whose lowest mode is above this angular frequency (about 150 Hz at 48 kHz) use the
/// direct form.
const DIRECT_FORM_MIN_OMEGA: f32 = 0.02;

/// One mode: frequency, initial amplitude and 60 dB decay time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Mode {
    pub hz: f32,
    pub amp: f32,
    pub t60_s: f32,
}

/// A fixed-capacity list of modes (no allocation on the audio thread).
#[derive(Clone, Copy)]
pub(crate) struct ModeList {
    modes: [Mode; MAX_MODES],
    len: usize,
}

impl ModeList {
    pub(crate) fn new() -> ModeList {
        ModeList {
            modes: [Mode::default(); MAX_MODES],
            len: 0,
        }
    }

    /// Adds a mode; ignored when full.
    pub(crate) fn push(&mut self, hz: f32, amp: f32, t60_s: f32) {
        if self.len < MAX_MODES {
            self.modes[self.len] = Mode { hz, amp, t60_s };
            self.len += 1;
        }
    }

    pub(crate) fn as_slice(&self) -> &[Mode] {
        &self.modes[..self.len]
    }
}

/// The noise of the hammer or mallet hitting: a short lowpassed noise burst.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Strike {
    /// Level relative to the sum of mode amplitudes.
    pub level: f32,
    pub t60_s: f32,
    pub cutoff_hz: f32,
}

/// A sounding struck note.
///
/// Coupled lanes hold `(x, y)` and coefficients `(r cos w, r sin w)`; direct-form lanes hold
/// `(y[n-1], y[n-2])` and `(2 r cos w, r^2)`.
#[derive(Clone, Copy)]
pub(crate) struct ModalVoice {
    x: [f32x4; LANES],
    y: [f32x4; LANES],
    a: [f32x4; LANES],
    b: [f32x4; LANES],
    omega: [f32; MAX_MODES],
    r: [f32; MAX_MODES],
    lanes: usize,
    coupled: usize,
    ratio: f32,
    bound: f32,
    bound_k: f32,
    strike_level: f32,
    strike_k: f32,
    strike_lp: OnePole,
}

impl ModalVoice {
    pub(crate) fn start(modes: &ModeList, strike: &Strike, sample_rate: f32) -> Self {
        let mut sorted = *modes;
        // In place: a stable sort may allocate scratch space, which the audio thread must not.
        sorted.modes[..sorted.len].sort_unstable_by(|p, q| p.hz.total_cmp(&q.hz));
        let mut omega = [0.0f32; MAX_MODES];
        let mut r = [0.0f32; MAX_MODES];
        let mut amp = [0.0f32; MAX_MODES];
        let mut count = 0;
        let mut total = 0.0;
        let mut slowest: f32 = 0.0;
        for m in sorted.as_slice() {
            if m.hz <= 0.0 || m.hz >= 0.45 * sample_rate || m.amp == 0.0 {
                continue;
            }
            omega[count] = std::f32::consts::TAU * m.hz / sample_rate;
            r[count] = (-LN_1000 / (m.t60_s.max(1e-3) * sample_rate)).exp();
            amp[count] = m.amp;
            slowest = slowest.max(r[count]);
            total += m.amp.abs();
            count += 1;
        }
        let lanes = count.div_ceil(4).max(1);
        // Lanes are sorted, so the first lane whose lowest mode is high enough starts the direct
        // form (unused slots have omega 0 but only ever sit in the last lane).
        let coupled = (0..lanes)
            .find(|&l| omega[4 * l] >= DIRECT_FORM_MIN_OMEGA)
            .unwrap_or(lanes);
        let mut v = ModalVoice {
            x: [f32x4::splat(0.0); LANES],
            y: [f32x4::splat(0.0); LANES],
            a: [f32x4::splat(0.0); LANES],
            b: [f32x4::splat(0.0); LANES],
            omega,
            r,
            lanes,
            coupled,
            ratio: 1.0,
            bound: total * (1.0 + strike.level),
            bound_k: slowest,
            strike_level: strike.level * total,
            strike_k: (-LN_1000 / (strike.t60_s.max(1e-3) * sample_rate)).exp(),
            strike_lp: OnePole::default(),
        };
        v.strike_lp.set_lowpass(strike.cutoff_hz, sample_rate);
        v.retune(1.0);
        // Start every mode as a sine at phase zero with its amplitude.
        for l in 0..LANES {
            let mut x = [0.0f32; 4];
            let mut y = [0.0f32; 4];
            for k in 0..4 {
                let i = 4 * l + k;
                let (a, w, rr) = (amp[i], omega[i], r[i].max(1e-6));
                if l < coupled {
                    x[k] = a;
                } else {
                    // y[-1] and y[-2] of a * r^n * sin(w n).
                    x[k] = -a * w.sin() / rr;
                    y[k] = -a * (2.0 * w).sin() / (rr * rr);
                }
            }
            v.x[l] = f32x4::new(x);
            v.y[l] = f32x4::new(y);
        }
        v
    }

    fn retune(&mut self, ratio: f32) {
        self.ratio = ratio;
        for l in 0..LANES {
            let mut a = [0.0f32; 4];
            let mut b = [0.0f32; 4];
            for k in 0..4 {
                let i = 4 * l + k;
                let w = (self.omega[i] * ratio).min(std::f32::consts::PI * 0.98);
                let r = self.r[i];
                if l < self.coupled {
                    a[k] = r * w.cos();
                    b[k] = r * w.sin();
                } else {
                    a[k] = 2.0 * r * w.cos();
                    b[k] = r * r;
                }
            }
            self.a[l] = f32x4::new(a);
            self.b[l] = f32x4::new(b);
        }
    }

    /// Upper bound of the output amplitude (before the voice gain).
    pub(crate) fn level_bound(&self) -> f32 {
        self.bound
    }

    /// Adds the next `out.len()` samples; `ratio` is the pitch-bend frequency ratio.
    pub(crate) fn render(&mut self, ratio: f32, noise: &mut NoiseBlock, out: &mut [f32]) {
        if ratio != self.ratio {
            self.retune(ratio);
        }
        // Monomorphised for every (coupled, total) lane count so the lane loops unroll.
        match (self.coupled, self.lanes) {
            (0, 1) => self.run::<0, 1>(out),
            (0, 2) => self.run::<0, 2>(out),
            (0, 3) => self.run::<0, 3>(out),
            (0, 4) => self.run::<0, 4>(out),
            (0, 5) => self.run::<0, 5>(out),
            (0, 6) => self.run::<0, 6>(out),
            (1, 1) => self.run::<1, 1>(out),
            (1, 2) => self.run::<1, 2>(out),
            (1, 3) => self.run::<1, 3>(out),
            (1, 4) => self.run::<1, 4>(out),
            (1, 5) => self.run::<1, 5>(out),
            (1, 6) => self.run::<1, 6>(out),
            (2, 2) => self.run::<2, 2>(out),
            (2, 3) => self.run::<2, 3>(out),
            (2, 4) => self.run::<2, 4>(out),
            (2, 5) => self.run::<2, 5>(out),
            (2, 6) => self.run::<2, 6>(out),
            (3, 3) => self.run::<3, 3>(out),
            (3, 4) => self.run::<3, 4>(out),
            (3, 5) => self.run::<3, 5>(out),
            (3, 6) => self.run::<3, 6>(out),
            (4, 4) => self.run::<4, 4>(out),
            (4, 5) => self.run::<4, 5>(out),
            (4, 6) => self.run::<4, 6>(out),
            (5, 5) => self.run::<5, 5>(out),
            (5, 6) => self.run::<5, 6>(out),
            (6, 6) => self.run::<6, 6>(out),
            _ => unreachable!("coupled lanes never exceed lanes"),
        }
        if self.strike_level > 1e-6 {
            let mut level = self.strike_level;
            let mut white = [0.0f32; NOISE_BLOCK];
            noise.fill(&mut white[..out.len()]);
            for (o, &w) in out.iter_mut().zip(white.iter()) {
                *o += level * self.strike_lp.lowpass(w);
                level *= self.strike_k;
            }
            self.strike_level = level;
            self.strike_lp.flush_denormals();
        }
        self.bound *= self.bound_k.powi(out.len() as i32);
    }

    /// `C` coupled lanes, then `L - C` direct-form lanes.
    #[inline(always)]
    fn run<const C: usize, const L: usize>(&mut self, out: &mut [f32]) {
        let c = C.min(L);
        let mut x: [f32x4; L] = std::array::from_fn(|l| self.x[l]);
        let mut y: [f32x4; L] = std::array::from_fn(|l| self.y[l]);
        let a: [f32x4; L] = std::array::from_fn(|l| self.a[l]);
        let b: [f32x4; L] = std::array::from_fn(|l| self.b[l]);
        for o in out.iter_mut() {
            let mut acc = f32x4::splat(0.0);
            for l in 0..c {
                let nx = a[l] * x[l] - b[l] * y[l];
                let ny = b[l] * x[l] + a[l] * y[l];
                x[l] = nx;
                y[l] = ny;
                acc += ny;
            }
            for l in c..L {
                let y0 = a[l] * x[l] - b[l] * y[l];
                y[l] = x[l];
                x[l] = y0;
                acc += y0;
            }
            *o += acc.reduce_add();
        }
        let f = |v: f32x4| f32x4::new(v.to_array().map(flush));
        for l in 0..L {
            self.x[l] = f(x[l]);
            self.y[l] = f(y[l]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_mode_rings_at_its_frequency_and_decays() {
        let sr = 48_000.0;
        let mut modes = ModeList::new();
        modes.push(440.0, 1.0, 1.0);
        let strike = Strike {
            level: 0.0,
            t60_s: 0.01,
            cutoff_hz: 1000.0,
        };
        let mut v = ModalVoice::start(&modes, &strike, sr);
        let mut noise = NoiseBlock::new(1);
        let mut out = vec![0.0f32; 48_000];
        for chunk in out.chunks_mut(32) {
            v.render(1.0, &mut noise, chunk);
        }
        // Zero crossings in the first 0.1 s: 2 per cycle.
        let crossings = out[..4800]
            .windows(2)
            .filter(|w| w[0] <= 0.0 && w[1] > 0.0)
            .count();
        assert!((43..=45).contains(&crossings), "{crossings}");
        let early = out[..480].iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let late = out[47_000..].iter().fold(0.0f32, |m, x| m.max(x.abs()));
        // 60 dB per second.
        assert!(late < early * 2e-3, "early {early} late {late}");
        let last = out[47_900..].iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(v.level_bound() * 1.1 >= last);
    }

    #[test]
    fn modes_above_nyquist_are_dropped() {
        let mut modes = ModeList::new();
        modes.push(30_000.0, 1.0, 1.0);
        let strike = Strike {
            level: 0.0,
            t60_s: 0.01,
            cutoff_hz: 1000.0,
        };
        let mut v = ModalVoice::start(&modes, &strike, 48_000.0);
        let mut out = [0.0f32; 64];
        v.render(1.0, &mut NoiseBlock::new(1), &mut out);
        assert!(out.iter().all(|&x| x == 0.0));
    }
}
