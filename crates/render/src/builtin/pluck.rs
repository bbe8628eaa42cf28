//! Karplus-Strong plucked strings: guitars, basses, harp, harpsichord and pizzicato.
//!
//! A delay line one period long holds the string's shape; each pass through a loss filter damps it.
//! Compared with the textbook algorithm this one
//! - tunes exactly: the loop is a 4-point (Catmull-Rom) fractional delay plus a symmetric 3-tap
//!   FIR loss filter with exactly one sample of delay, so the loss filter does not detune, and
//!   pitch bend just moves the read point (gliding, so even a jump does not step the waveform);
//! - sets decay from the instrument: the loop gain gives the fundamental's 60 dB time, the FIR
//!   coefficient the decay of partials near 3 kHz, both derived per note;
//! - excites with a triangular displacement peaked at the pluck position (the comb filtering of a
//!   real pluck) plus some noise, lowpassed by velocity, so soft notes are darker;
//! - and does so without clicks: the excitation is built from its harmonics, so its period closes
//!   on itself exactly, with dispersed phases, so the shape's corners do not form a sharp edge that
//!   the loop would recirculate (see [`excite`]), and the loss filter starts primed, so the first
//!   pass is not notched.
//!
//! fundsp has a `Pluck` node, but it allocates its delay line when the note starts (not allowed on
//! the audio thread), has a fixed pitch (no bend) and a fixed excitation, so this is hand-written.
//! The delay line itself belongs to the voice and is allocated once with the voice pool.

use super::noise::Rng;
use super::patch::PluckSpec;
use super::wavetable::DISPERSION;

const LN_1000: f32 = 6.907_755;
/// Time constant of the read point's glide after a pitch bend.
const GLIDE_S: f32 = 0.002;
/// Most harmonics in an excitation.
const MAX_HARMONICS: usize = 96;
/// Samples a harmonic's synthesis handles at once (SIMD lanes), and harmonics synthesised side
/// by side (see [`add_harmonics`]).
const LANES: usize = 8;
const GROUP: usize = 4;
/// Samples of the excitation written before its period proper (see [`excite`]).
const GUARD: usize = 4;

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
    /// Fractional delay of the read point now, and where a bend is taking it.
    delay: f32,
    target: f32,
    glide_k: f32,
    excitation: Excitation,
    /// The string has been plucked (at the start of the note's first block).
    sounding: bool,
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
    /// Starts a note on a voice whose delay line is `line_len` long; the string is plucked when
    /// the note's first block renders (see [`strike`](Self::strike)).
    pub(crate) fn start(
        spec: &PluckSpec,
        key: u8,
        hz: f32,
        velocity: u8,
        sample_rate: f32,
        line_len: usize,
        rng: &mut Rng,
    ) -> PluckVoice {
        let len = line_len;
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

        let vel = velocity.max(1) as f32 / 100.0;
        // Harder plucks are sharper: a brighter two-pole lowpass, more of the string's initial
        // velocity (a pulse) and more noisy snap.
        let cutoff = (spec.excite_hz * vel.powf(1.2)).clamp(1.0, 0.49 * sample_rate);
        let excitation = Excitation {
            beta: spec.position.clamp(0.02, 0.5),
            noise: (spec.noise * vel).clamp(0.0, 0.9),
            snap: (0.35 * vel).clamp(0.0, 0.6),
            lp_a: 1.0 - (-std::f32::consts::TAU * cutoff / sample_rate).exp(),
            cutoff: cutoff / sample_rate,
            seed: rng.next_u32(),
        };
        PluckVoice {
            write: 0,
            period,
            ratio: 1.0,
            delay: 0.0,
            target: 0.0,
            glide_k: (-1.0 / (GLIDE_S * sample_rate)).exp(),
            excitation,
            sounding: false,
            d_int: 0,
            w: [0.0; 4],
            a0,
            a1: 1.0 - 2.0 * a0,
            gain,
            v1: 0.0,
            v2: 0.0,
            bound: 1.5,
            bound_k: (-LN_1000 / (t60 * sample_rate)).exp(),
        }
    }

    /// Plucks the string at the start of the note's first block, when the bend is known: writes
    /// one period of the excitation, exactly as long as the loop at that bend (so the period
    /// closes on itself when the loop first comes round), sets the read point and primes the
    /// loss filter with the two reads before the first one, so the string's first pass is
    /// filtered like every later one (zero state would notch the first samples, and the loop
    /// would recirculate the notch as a click every period).
    fn strike(&mut self, ratio: f32, line: &mut [f32]) {
        let len = line.len();
        self.ratio = ratio;
        self.target = self.delay_for(ratio, len);
        self.set_delay(self.target);
        // The loop's whole delay: the read point plus the loss filter's sample.
        let period = self.target + 1.0;
        let whole = period.ceil() as usize;
        let margin = (whole + whole / 3 + 8 + GUARD).min(len);
        line[len - margin..].fill(0.0);
        let count = (whole + GUARD).min(len);
        excite(&self.excitation, period, &mut line[len - count..]);
        let mask = len - 1;
        let read = |w: usize| {
            let base = w.wrapping_sub(self.d_int + 1);
            let taps = [
                line[base.wrapping_sub(1) & mask],
                line[base & mask],
                line[base.wrapping_add(1) & mask],
                line[base.wrapping_add(2) & mask],
            ];
            taps.iter()
                .zip(self.w.iter())
                .map(|(x, w)| x * w)
                .sum::<f32>()
        };
        self.v1 = read(mask);
        self.v2 = read(mask - 1);
        self.sounding = true;
    }

    /// Read-point delay for a bend ratio. The FIR loss filter contributes one sample of the loop
    /// delay.
    fn delay_for(&self, ratio: f32, len: usize) -> f32 {
        (self.period / ratio - 1.0).clamp(2.0, len as f32 - 4.0)
    }

    fn set_delay(&mut self, d: f32) {
        self.delay = d;
        let (d_int, w) = taps(d);
        self.d_int = d_int;
        self.w = w;
    }

    pub(crate) fn level_bound(&self) -> f32 {
        self.bound
    }

    /// Adds the next `out.len()` samples; `ratio` is the pitch-bend frequency ratio.
    pub(crate) fn render(&mut self, ratio: f32, line: &mut [f32], out: &mut [f32]) {
        let len = line.len();
        if !self.sounding {
            self.strike(ratio, line);
        } else if ratio != self.ratio {
            self.ratio = ratio;
            self.target = self.delay_for(ratio, len);
        }
        if self.delay != self.target {
            self.render_glide(line, out);
            return;
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

    /// [`render`](Self::render) while the read point moves after a bend: the delay glides
    /// exponentially to its target, interpolated per sample, so a bend (even a jump) moves the
    /// pitch without making the waveform step.
    fn render_glide(&mut self, line: &mut [f32], out: &mut [f32]) {
        let n = out.len();
        let mask = line.len() - 1;
        let mut end = self.target + (self.delay - self.target) * self.glide_k.powi(n as i32);
        if (end - self.target).abs() < 1e-3 {
            end = self.target;
        }
        let step = (end - self.delay) / n as f32;
        let (a0, a1, g) = (self.a0, self.a1, self.gain);
        let (mut v1, mut v2) = (self.v1, self.v2);
        let mut w = self.write;
        for (i, o) in out.iter_mut().enumerate() {
            let (d_int, [w0, w1, w2, w3]) = taps(self.delay + step * (i + 1) as f32);
            let base = w.wrapping_sub(d_int + 1);
            let p0 = line[base.wrapping_sub(1) & mask];
            let p1 = line[base & mask];
            let p2 = line[base.wrapping_add(1) & mask];
            let p3 = line[base.wrapping_add(2) & mask];
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
        self.bound *= self.bound_k.powi(n as i32);
        self.set_delay(end);
    }
}

/// Integer part and Catmull-Rom weights of a fractional delay `d` (at least 2, so the cast
/// floors).
#[inline(always)]
fn taps(d: f32) -> (usize, [f32; 4]) {
    let d_int = d as usize;
    let t = 1.0 - (d - d_int as f32);
    let (t2, t3) = (t * t, t * t * t);
    (
        d_int,
        [
            0.5 * (-t + 2.0 * t2 - t3),
            0.5 * (2.0 - 5.0 * t2 + 3.0 * t3),
            0.5 * (t + 4.0 * t2 - 3.0 * t3),
            0.5 * (t3 - t2),
        ],
    )
}

/// What a note's excitation is made of (see [`excite`]).
#[derive(Clone, Copy, Default)]
struct Excitation {
    /// Pluck position (fraction of the string), where the triangle peaks.
    beta: f32,
    /// Share of noise, and of the string's initial velocity (the pulse).
    noise: f32,
    snap: f32,
    /// Coefficient of the one-pole lowpass (applied twice) and its cutoff in cycles per sample.
    lp_a: f32,
    cutoff: f32,
    seed: u32,
}

/// Writes the excitation into `out`: the string's shape with period `period` (fractional
/// samples), ending at the end of `out`, whose first samples (beyond one period) continue it
/// backwards so the interpolator's taps just behind the first read point see the shape too.
///
/// The shape is the classic recipe: a triangle displacement peaked at the pluck position (the
/// comb filtering of a real pluck), plus for harder plucks the string's initial velocity (a
/// pulse, spectrum 1/n against the triangle's 1/n^2) and some noisy snap, through a two-pole
/// lowpass that opens with velocity, so soft notes are darker. Run once over the period from
/// rest, as the recipe is, the lowpass starts with a step that decays in a few samples: the
/// brightest part of the sound, and a click, which the loop recirculated every period.
///
/// So the period is computed as a sum of harmonics instead: the lowpass's steady-state response
/// to the shape (closed form per harmonic) plus the spectrum of that starting transient (also
/// closed form, from the steady state's value at the period's end), so the magnitudes are the
/// recipe's exactly, up to [`MAX_HARMONICS`]; with their phases dispersed (`DISPERSION * n^2`
/// radians, as for the wavetables) so no edge or corner survives; and as a true period, even a
/// fractional one, so the loop closes on it smoothly. It is scaled by the recipe's own peak, so
/// the loudness is the recipe's too.
fn excite(ex: &Excitation, period: f32, out: &mut [f32]) {
    use std::f64::consts::{PI, TAU};
    let p = period as f64;
    let beta = ex.beta as f64;
    let (noise, snap, a) = (ex.noise as f64, ex.snap as f64, ex.lp_a as f64);
    let mut rng = Rng::new(ex.seed);
    let scale = recipe_peak(ex, period, &mut rng);
    // Harmonics below Nyquist and below 16 times the cutoff (the transient's spectrum falls as
    // 1/n; beyond that, soft notes are dark anyway).
    let h = ((16.0 * ex.cutoff as f64 * p).ceil() as usize)
        .min(MAX_HARMONICS)
        .min(((p - 1.0) / 2.0) as usize)
        .max(1);
    let mul = |x: (f64, f64), y: (f64, f64)| (x.0 * y.0 - x.1 * y.1, x.0 * y.1 + x.1 * y.0);

    // First pass: the lowpassed shape's harmonics (steady state), and its value and its first
    // pole's value at the end of the period (DC included), which set the transient.
    let mut steady = [(0.0f64, 0.0f64); MAX_HARMONICS];
    let dc = (1.0 - noise) * (1.0 - snap) * 0.5;
    let (mut end0, mut end1) = (dc, dc);
    let k_tri = 1.0 / (beta * (1.0 - beta));
    let noise_scale = 1.0 / (2.0 * p).sqrt();
    let z1 = ((TAU / p).cos(), (TAU / p).sin());
    let q1 = ((TAU * beta).cos(), -(TAU * beta).sin());
    let (mut z, mut q) = ((1.0, 0.0), (1.0, 0.0));
    for (n, slot) in steady.iter_mut().enumerate().take(h) {
        let nf = (n + 1) as f64;
        z = mul(z, z1);
        q = mul(q, q1);
        // Triangle: c_n = -K (1 - e^(-i 2 pi n beta)) / (2 pi n)^2; the pulse is its derivative
        // times beta: i 2 pi n beta c_n.
        let c = -k_tri / (4.0 * PI * PI * nf * nf);
        let tri = (c * (1.0 - q.0), c * -q.1);
        let shape = mul(tri, (1.0 - snap, snap * TAU * nf * beta));
        // White noise in [-1, 1] has this spectrum per harmonic, in expectation.
        let white = (
            rng.white() as f64 * noise_scale,
            rng.white() as f64 * noise_scale,
        );
        let c = (
            2.0 * ((1.0 - noise) * shape.0 + noise * white.0),
            2.0 * ((1.0 - noise) * shape.1 + noise * white.1),
        );
        // One pole: a / (1 - (1 - a) e^(-i theta)).
        let den = (1.0 - (1.0 - a) * z.0, (1.0 - a) * z.1);
        let m = a / (den.0 * den.0 + den.1 * den.1);
        let lp = (m * den.0, -m * den.1);
        let u0 = mul(c, lp);
        let u = mul(u0, lp);
        // Value at sample -1: Re(u e^(-i theta)).
        end0 += u0.0 * z.0 + u0.1 * z.1;
        end1 += u.0 * z.0 + u.1 * z.1;
        *slot = u;
    }

    // Second pass: add the transient (starting from rest instead of the steady state, the two
    // poles' output differs by -(r^(k+1)) (end1 + a (k+1) end0), r = 1 - a; summed over one
    // period in closed form), disperse, and set up the synthesis.
    out.fill(0.0);
    let mut group: [Harmonic; GROUP] = [((0.0, 0.0), (1.0, 0.0)); GROUP];
    let r = 1.0 - a;
    let rp = r.powf(p);
    let dd = DISPERSION as f64;
    let rot2 = ((2.0 * dd).cos(), (2.0 * dd).sin());
    let (mut disp, mut disp_step) = ((1.0, 0.0), (dd.cos(), -dd.sin()));
    let mut z = (1.0, 0.0);
    for (n, &u) in steady.iter().enumerate().take(h) {
        z = mul(z, z1);
        // e^(i D n^2) = e^(i D (n-1)^2) e^(i D (2n - 1)).
        disp_step = mul(disp_step, rot2);
        disp = mul(disp, disp_step);
        // g = r e^(-i theta); sum r^(k+1) g'^k = r (1 - r^P) / (1 - g) and
        // sum (k+1) r^(k+1) g'^k = r (1 - (P+1) r^P + P r^P g) / (1 - g)^2.
        let g = (r * z.0, -r * z.1);
        let one_g = (1.0 - g.0, -g.1);
        let inv = {
            let m = 1.0 / (one_g.0 * one_g.0 + one_g.1 * one_g.1);
            (one_g.0 * m, -one_g.1 * m)
        };
        let s1 = mul((r * (1.0 - rp), 0.0), inv);
        let s2 = mul(
            mul(
                (r * (1.0 - (p + 1.0) * rp + p * rp * g.0), r * p * rp * g.1),
                inv,
            ),
            inv,
        );
        let k = -2.0 / p;
        let t = (
            k * (end1 * s1.0 + a * end0 * s2.0),
            k * (end1 * s1.1 + a * end0 * s2.1),
        );
        let d = mul((u.0 + t.0, u.1 + t.1), disp);
        group[n % GROUP] = ((d.0 / scale, d.1 / scale), z);
        if n % GROUP == GROUP - 1 || n + 1 == h {
            add_harmonics(&group, out);
            group = [((0.0, 0.0), (1.0, 0.0)); GROUP];
        }
    }
}

/// A harmonic to synthesise: complex amplitude `d` and rotation per sample `z = e^(i theta)`.
type Harmonic = ((f64, f64), (f64, f64));

/// Adds `Re(d e^(i theta k))` for `k` in `0..out.len()`, for each harmonic `(d, z)` of a group.
///
/// A sinusoid obeys `x(k + L) = 2 cos(L theta) x(k) - x(k - L)`, so with `L` consecutive samples
/// in SIMD lanes each step of `L` samples costs a multiply and a subtract per lane; a group of
/// harmonics runs its recurrences side by side, so their latencies overlap. Started from exact
/// values (in f64), a recurrence runs for at most a few hundred steps, which keeps its rounding
/// error near 1e-5 of the harmonic's amplitude.
#[inline]
fn add_harmonics(group: &[Harmonic; GROUP], out: &mut [f32]) {
    let mul = |x: (f64, f64), y: (f64, f64)| (x.0 * y.0 - x.1 * y.1, x.0 * y.1 + x.1 * y.0);
    // Per harmonic: values at samples -L..0 (`prev`) and 0..L (`cur`), and 2 cos(L theta).
    let mut prev = [[0.0f32; LANES]; GROUP];
    let mut cur = [[0.0f32; LANES]; GROUP];
    let mut c = [0.0f32; GROUP];
    for (g, &(d, z)) in group.iter().enumerate() {
        let zl = (0..LANES).fold((1.0, 0.0), |w, _| mul(w, z));
        let mut w = mul(d, (zl.0, -zl.1));
        for l in 0..LANES {
            prev[g][l] = w.0 as f32;
            cur[g][l] = mul(w, zl).0 as f32;
            w = mul(w, z);
        }
        c[g] = (2.0 * zl.0) as f32;
    }
    let mut chunks = out.chunks_exact_mut(LANES);
    for chunk in &mut chunks {
        for g in 0..GROUP {
            for l in 0..LANES {
                chunk[l] += cur[g][l];
                let next = c[g] * cur[g][l] - prev[g][l];
                prev[g][l] = cur[g][l];
                cur[g][l] = next;
            }
        }
    }
    for (l, o) in chunks.into_remainder().iter_mut().enumerate() {
        *o += cur.iter().map(|x| x[l]).sum::<f32>();
    }
}

/// Peak of the classic recipe's period (the lowpass run once from rest, the mean removed), which
/// the excitation is scaled by. Sample by sample, as the recipe is: cheap, and it keeps the
/// instruments' loudness where it was calibrated.
fn recipe_peak(ex: &Excitation, period: f32, rng: &mut Rng) -> f64 {
    let p = period.round().max(4.0) as usize;
    let (beta, noise, snap, a) = (ex.beta, ex.noise, ex.snap, ex.lp_a);
    let (mut y0, mut y1) = (0.0f32, 0.0f32);
    let (mut lo, mut hi, mut sum) = (f32::MAX, f32::MIN, 0.0f32);
    // The shape rises to 1 over the first `beta` of the period and falls back over the rest;
    // the pulse is the same split. Stepped, not divided, per sample.
    let split = ((beta * p as f32).ceil() as usize).min(p);
    let (up, down) = (1.0 / (beta * p as f32), 1.0 / ((1.0 - beta) * p as f32));
    let (t, m) = ((1.0 - noise) * (1.0 - snap), (1.0 - noise) * snap);
    let mut step = |e: f32| {
        y0 += a * (e - y0);
        y1 += a * (y0 - y1);
        if y1 < lo {
            lo = y1;
        }
        if y1 > hi {
            hi = y1;
        }
        sum += y1;
    };
    for k in 0..split {
        step(t * (k as f32 * up) + m + noise * rng.white());
    }
    let low = -m * beta / (1.0 - beta);
    for k in split..p {
        step(t * ((p - k) as f32 * down) + low + noise * rng.white());
    }
    let mean = sum / p as f32;
    ((hi - mean).max(mean - lo) as f64).max(1e-9)
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
        let mut v = PluckVoice::start(&spec, 55, hz, 100, sr, line.len(), &mut Rng::new(2));
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
