//! Filters: a two-pole filter for drum noise, a four-band resonator bank for instrument
//! bodies and vowel formants, and one-pole tone filters.
//!
//! Coefficients come from fundsp (`BiquadCoefs`: lowpass, highpass, resonator). The per-sample
//! updates are written out here because a filter's feedback chain, not its arithmetic, bounds its
//! speed: both filters keep everything but one multiply-add off that chain, the resonator bank
//! runs four filters in the lanes of one SIMD vector (fundsp's `wide::f32x4`), and the drum
//! filter switches mode per sound, which fundsp's filter nodes do only by type. fundsp's
//! `lowpass_hz` (a state-variable filter node) measured slower in `tests/speed.rs`. Denormals are
//! flushed once per block.

use fundsp::biquad::BiquadCoefs;
use fundsp::wide::f32x4;

/// Flushes values too small to matter (and denormals) to zero.
#[inline(always)]
pub(crate) fn flush(x: f32) -> f32 {
    if x.abs() < 1e-18 {
        0.0
    } else {
        x
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FilterMode {
    Lowpass,
    Bandpass,
    Highpass,
    /// Flat magnitude, phase turning through 180 degrees at the frequency (over a band set by
    /// `q`): disperses the frequencies around it in time.
    Allpass,
}

/// A mono two-pole filter (lowpass, bandpass, highpass or allpass) for drum noise and the guitar
/// amplifier's speaker, coefficients by fundsp.
///
/// Direct form I: the feedback chain is one multiply and one add, against about three times that
/// for the state-variable form, and a drum voice runs it on every sample of its noise.
#[derive(Clone, Copy, Default)]
pub(crate) struct TwoPole {
    b0: f32,
    b1: f32,
    b2: f32,
    a1: f32,
    a2: f32,
    x1: f32,
    x2: f32,
    y1: f32,
    y2: f32,
}

impl TwoPole {
    /// Sets the response; `q` 0.707 is flat. The bandpass is normalised to unity gain at its centre.
    pub(crate) fn set(&mut self, mode: FilterMode, hz: f32, q: f32, sample_rate: f32) {
        let (sr, hz, q) = (
            sample_rate as f64,
            hz.clamp(10.0, 0.49 * sample_rate) as f64,
            q.max(0.1) as f64,
        );
        let c = match mode {
            FilterMode::Lowpass => BiquadCoefs::<f64>::lowpass(sr, hz, q),
            FilterMode::Highpass => BiquadCoefs::<f64>::highpass(sr, hz, q),
            FilterMode::Allpass => {
                // The lowpass's poles with mirrored zeros.
                let mut c = BiquadCoefs::<f64>::lowpass(sr, hz, q);
                c.b0 = c.a2;
                c.b1 = c.a1;
                c.b2 = 1.0;
                c
            }
            FilterMode::Bandpass => {
                let mut c = BiquadCoefs::<f64>::resonator(sr, hz, q);
                let peak = c.response(hz / sr).norm().max(1e-9);
                c.b0 /= peak;
                c.b2 /= peak;
                c
            }
        };
        self.b0 = c.b0 as f32;
        self.b1 = c.b1 as f32;
        self.b2 = c.b2 as f32;
        self.a1 = c.a1 as f32;
        self.a2 = c.a2 as f32;
    }

    pub(crate) fn reset(&mut self) {
        self.x1 = 0.0;
        self.x2 = 0.0;
        self.y1 = 0.0;
        self.y2 = 0.0;
    }

    #[inline(always)]
    pub(crate) fn tick(&mut self, x: f32) -> f32 {
        // Everything but `a1 * y1` is ready a sample early, off the feedback chain.
        let t = self.b0 * x + self.b1 * self.x1 + self.b2 * self.x2 - self.a2 * self.y2;
        let y = t - self.a1 * self.y1;
        self.x2 = self.x1;
        self.x1 = x;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }

    pub(crate) fn flush_denormals(&mut self) {
        self.x1 = flush(self.x1);
        self.x2 = flush(self.x2);
        self.y1 = flush(self.y1);
        self.y2 = flush(self.y2);
    }
}

/// One resonance of a [`ResonatorBank`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Band {
    pub hz: f32,
    pub q: f32,
    pub gain: f32,
}

impl Band {
    pub(crate) const fn new(hz: f32, q: f32, gain: f32) -> Band {
        Band { hz, q, gain }
    }

    pub(crate) const OFF: Band = Band {
        hz: 1000.0,
        q: 1.0,
        gain: 0.0,
    };
}

/// `dry * x + sum of gain_k * resonator_k(x)` for four resonators run as SIMD lanes.
///
/// This is how instruments get their body: violin and guitar resonances, brass and reed formants,
/// the vowel of the choir. Those resonances sit at fixed frequencies whatever note is played, so
/// one bank on the channel's sum serves every voice. Each band is fundsp's biquad `resonator`
/// (zeros at DC and Nyquist), normalised here to unity gain at its centre. It runs in direct form
/// because the feedback path is then one multiply and one add per sample (the state-variable
/// form's is about three times longer, and the bank runs on every sample of every channel).
#[derive(Clone, Copy)]
pub(crate) struct ResonatorBank {
    dry: f32,
    b0: f32x4,
    a1: f32x4,
    a2: f32x4,
    x1: f32,
    x2: f32,
    y1: f32x4,
    y2: f32x4,
}

impl Default for ResonatorBank {
    fn default() -> Self {
        let z = f32x4::splat(0.0);
        ResonatorBank {
            dry: 1.0,
            b0: z,
            a1: z,
            a2: z,
            x1: 0.0,
            x2: 0.0,
            y1: z,
            y2: z,
        }
    }
}

impl ResonatorBank {
    pub(crate) fn set(&mut self, dry: f32, bands: &[Band; 4], sample_rate: f32) {
        let mut b0 = [0.0; 4];
        let mut a1 = [0.0; 4];
        let mut a2 = [0.0; 4];
        for (k, b) in bands.iter().enumerate() {
            let hz = b.hz.clamp(20.0, 0.45 * sample_rate) as f64;
            let c = BiquadCoefs::<f64>::resonator(sample_rate as f64, hz, b.q.max(0.1) as f64);
            // fundsp's `response` takes frequency as a fraction of the sample rate.
            let peak = c.response(hz / sample_rate as f64).norm();
            b0[k] = (c.b0 / peak.max(1e-9) * b.gain as f64) as f32;
            a1[k] = c.a1 as f32;
            a2[k] = c.a2 as f32;
        }
        self.dry = dry;
        self.b0 = f32x4::new(b0);
        self.a1 = f32x4::new(a1);
        self.a2 = f32x4::new(a2);
    }

    pub(crate) fn reset(&mut self) {
        *self = ResonatorBank {
            dry: self.dry,
            b0: self.b0,
            a1: self.a1,
            a2: self.a2,
            ..ResonatorBank::default()
        };
    }

    /// Filters `buf` in place.
    pub(crate) fn process(&mut self, buf: &mut [f32]) {
        let (b0, a1, a2) = (self.b0, self.a1, self.a2);
        let (mut x1, mut x2) = (self.x1, self.x2);
        let (mut y1, mut y2) = (self.y1, self.y2);
        for x in buf.iter_mut() {
            let v = *x;
            // Everything but `a1 * y1` is known a sample early, off the feedback chain.
            let t = b0 * f32x4::splat(v - x2) - a2 * y2;
            let y = t - a1 * y1;
            y2 = y1;
            y1 = y;
            x2 = x1;
            x1 = v;
            *x = self.dry * v + y.reduce_add();
        }
        let f = |v: f32x4| f32x4::new(v.to_array().map(flush));
        self.x1 = flush(x1);
        self.x2 = flush(x2);
        self.y1 = f(y1);
        self.y2 = f(y2);
    }
}

/// One-pole lowpass `y += a (x - y)`: tone control where a gentle slope is enough.
#[derive(Clone, Copy, Default)]
pub(crate) struct OnePole {
    a: f32,
    y: f32,
}

impl OnePole {
    pub(crate) fn set_lowpass(&mut self, hz: f32, sample_rate: f32) {
        let hz = hz.clamp(1.0, 0.49 * sample_rate);
        self.a = 1.0 - (-std::f32::consts::TAU * hz / sample_rate).exp();
    }

    pub(crate) fn reset(&mut self) {
        self.y = 0.0;
    }

    #[inline(always)]
    pub(crate) fn lowpass(&mut self, x: f32) -> f32 {
        self.y += self.a * (x - self.y);
        self.y
    }

    pub(crate) fn flush_denormals(&mut self) {
        self.y = flush(self.y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SR: f32 = 48_000.0;

    fn sine_gain(mut f: impl FnMut(f32) -> f32, hz: f32) -> f32 {
        let n = 48_000;
        let mut peak: f32 = 0.0;
        for i in 0..n {
            let y = f((std::f32::consts::TAU * hz * i as f32 / SR).sin());
            if i > n / 2 {
                peak = peak.max(y.abs());
            }
        }
        peak
    }

    #[test]
    fn drum_filter_modes() {
        let mut lp = TwoPole::default();
        lp.set(FilterMode::Lowpass, 1000.0, 0.707, SR);
        assert!((sine_gain(|x| lp.tick(x), 100.0) - 1.0).abs() < 0.02);
        lp.reset();
        assert!(sine_gain(|x| lp.tick(x), 8000.0) < 0.03);
        let mut bp = TwoPole::default();
        bp.set(FilterMode::Bandpass, 1000.0, 5.0, SR);
        assert!((sine_gain(|x| bp.tick(x), 1000.0) - 1.0).abs() < 0.02);
        let mut hp = TwoPole::default();
        hp.set(FilterMode::Highpass, 1000.0, 0.707, SR);
        assert!(sine_gain(|x| hp.tick(x), 100.0) < 0.02);
    }

    #[test]
    fn resonator_bank_peaks_at_its_bands() {
        let mut bank = ResonatorBank::default();
        let bands = [
            Band {
                hz: 700.0,
                q: 8.0,
                gain: 1.0,
            },
            Band::OFF,
            Band::OFF,
            Band::OFF,
        ];
        bank.set(0.0, &bands, SR);
        let mut run = |hz: f32| {
            bank.reset();
            sine_gain(
                |x| {
                    let mut b = [x];
                    bank.process(&mut b);
                    b[0]
                },
                hz,
            )
        };
        assert!((run(700.0) - 1.0).abs() < 0.03);
        assert!(run(2000.0) < 0.15);
    }
}
