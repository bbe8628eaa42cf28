//! The hall: an 8-line feedback delay network (Jot's FDN) with per-line damping, fed through
//! input diffusers.
//!
//! Written here rather than taken from fundsp because of cost: fundsp's `reverb_stereo` (a
//! 32-line FDN) measured ~100 ns per stereo frame on this machine, most of the 300× real-time
//! budget for a whole mix; this network costs a fifth of that and, with the diffusers in front,
//! sounds smooth on sustained music. The structure:
//! - two short allpass diffusers per side smear transients into a dense onset;
//! - 8 delay lines of mutually prime lengths (29–79 ms, scaled by room size), each followed by a
//!   one-pole low-pass (high frequencies die faster, as in real rooms) and a gain that gives the
//!   requested RT60 for its length;
//! - a Hadamard matrix mixes the lines back into their inputs: lossless and maximally diffusing,
//!   computed as a fast Walsh–Hadamard transform (24 additions);
//! - left and right come from different signed sums of the lines, so the tail is wide and
//!   decorrelated.
//!
//! (Running the network at half rate halved its cost, but its linear-interpolated output put
//! clicks in the effects stem; it runs at the full rate.)

/// Delay-line lengths in milliseconds for a 20 m room (mutually prime in samples at 48 kHz).
const LINE_MS: [f64; 8] = [29.7, 37.1, 41.1, 43.7, 53.9, 61.3, 71.9, 79.3];
/// Input diffuser lengths (ms) and gain.
const DIFFUSER_MS: [f64; 4] = [4.77, 3.59, 5.23, 2.81];
const DIFFUSER_GAIN: f32 = 0.62;

struct Allpass {
    buf: Vec<f32>,
    pos: usize,
}

impl Allpass {
    fn new(len: usize) -> Allpass {
        Allpass {
            buf: vec![0.0; len.max(1)],
            pos: 0,
        }
    }
    #[inline]
    fn tick(&mut self, x: f32) -> f32 {
        let delayed = self.buf[self.pos];
        let v = x + DIFFUSER_GAIN * delayed;
        self.buf[self.pos] = v;
        self.pos += 1;
        if self.pos == self.buf.len() {
            self.pos = 0;
        }
        delayed - DIFFUSER_GAIN * v
    }
}

/// A stereo FDN reverb; fully wet output.
pub struct Reverb {
    lines: [Vec<f32>; 8],
    pos: [usize; 8],
    gain: [f32; 8],
    damp_state: [f32; 8],
    damp: f32,
    diffusers: [Allpass; 4],
}

impl Reverb {
    /// `room_m` scales the line lengths (10–40 m); `rt60` is the decay time to -60 dB;
    /// `damping` 0..1 darkens the tail.
    pub fn new(room_m: f64, rt60: f64, damping: f64, sample_rate: u32) -> Reverb {
        let sr = sample_rate as f64;
        let scale = (room_m / 20.0).clamp(0.4, 2.0);
        let lens: Vec<usize> = LINE_MS
            .iter()
            .map(|ms| ((ms * scale * 0.001 * sr) as usize).max(8))
            .collect();
        let rt60 = rt60.clamp(0.1, 20.0);
        let mut gain = [0.0f32; 8];
        for (g, len) in gain.iter_mut().zip(&lens) {
            // -60 dB after rt60 seconds: per pass of `len` samples, 10^(-3 len / (rt60 sr)).
            *g = 10f64.powf(-3.0 * *len as f64 / (rt60 * sr)) as f32;
        }
        let diff = |i: usize| Allpass::new((DIFFUSER_MS[i] * 0.001 * sr) as usize);
        Reverb {
            lines: std::array::from_fn(|i| vec![0.0; lens[i]]),
            pos: [0; 8],
            gain,
            damp_state: [0.0; 8],
            damp: (damping.clamp(0.0, 1.0) * 0.7) as f32,
            diffusers: [diff(0), diff(1), diff(2), diff(3)],
        }
    }

    /// Processes one block: `out` = reverb of `input` (stereo, fully wet).
    pub fn process(
        &mut self,
        in_left: &[f32],
        in_right: &[f32],
        out_left: &mut [f32],
        out_right: &mut [f32],
    ) {
        let n = in_left
            .len()
            .min(in_right.len())
            .min(out_left.len())
            .min(out_right.len());
        for i in 0..n {
            let (l, r) = self.step(in_left[i], in_right[i]);
            out_left[i] = l;
            out_right[i] = r;
        }
    }

    /// One step of the network: diffused input in, stereo output out.
    // Indexing the eight lines by number mirrors the maths (and the parallel arrays).
    #[allow(clippy::needless_range_loop)]
    #[inline]
    fn step(&mut self, in_l: f32, in_r: f32) -> (f32, f32) {
        let damp = self.damp;
        let l = self.diffusers[0].tick(in_l);
        let l = self.diffusers[1].tick(l);
        let r = self.diffusers[2].tick(in_r);
        let r = self.diffusers[3].tick(r);
        let mut y = [0.0f32; 8];
        for k in 0..8 {
            let raw = self.lines[k][self.pos[k]];
            // One-pole low-pass in the loop: y = (1-d) x + d y.
            let s = raw + damp * (self.damp_state[k] - raw);
            self.damp_state[k] = s;
            y[k] = s * self.gain[k];
        }
        let out_l = (y[0] - y[2] + y[4] - y[6] + y[1] * 0.5 - y[5] * 0.5) * 0.5;
        let out_r = (y[1] - y[3] + y[5] - y[7] + y[2] * 0.5 - y[6] * 0.5) * 0.5;
        hadamard8(&mut y);
        for k in 0..8 {
            let input = if k % 2 == 0 { l } else { r };
            let v = y[k] * 0.353_553_4 + input * 0.5; // 1/sqrt(8) keeps the matrix lossless
            let v = if v.abs() < 1e-20 { 0.0 } else { v };
            let p = self.pos[k];
            self.lines[k][p] = v;
            self.pos[k] = if p + 1 == self.lines[k].len() {
                0
            } else {
                p + 1
            };
        }
        (out_l, out_r)
    }
}

/// In-place unnormalised 8-point Walsh–Hadamard transform.
#[inline]
fn hadamard8(y: &mut [f32; 8]) {
    let mut h = 1;
    while h < 8 {
        let mut i = 0;
        while i < 8 {
            for j in i..i + h {
                let (a, b) = (y[j], y[j + h]);
                y[j] = a + b;
                y[j + h] = a - b;
            }
            i += h * 2;
        }
        h *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time for an impulse's energy envelope to fall 60 dB below its peak.
    fn decay_seconds(rt60: f64, damping: f64) -> f64 {
        let sr = 48_000u32;
        let mut rev = Reverb::new(20.0, rt60, damping, sr);
        let n = sr as usize * 8;
        let mut input = vec![0.0f32; n];
        input[0] = 1.0;
        let (mut l, mut r) = (vec![0.0f32; n], vec![0.0f32; n]);
        rev.process(&input, &input, &mut l, &mut r);
        // Energy in 50 ms windows.
        let win = sr as usize / 20;
        let energy: Vec<f64> = l
            .chunks(win)
            .map(|c| c.iter().map(|x| (*x as f64).powi(2)).sum::<f64>())
            .collect();
        let peak = energy.iter().cloned().fold(0.0, f64::max);
        let last = energy.iter().rposition(|e| *e > peak * 1e-6).unwrap();
        last as f64 * 0.05
    }

    #[test]
    fn the_tail_lasts_about_the_requested_rt60() {
        let short = decay_seconds(1.0, 0.0);
        let long = decay_seconds(3.5, 0.0);
        assert!((0.7..1.4).contains(&short), "{short}");
        assert!((2.8..4.2).contains(&long), "{long}");
    }

    #[test]
    fn it_is_stable_and_stereo() {
        let sr = 48_000u32;
        let mut rev = Reverb::new(30.0, 10.0, 0.2, sr);
        let n = sr as usize * 4;
        let noise: Vec<f32> = (0..n)
            .map(|i| ((i * 7919 % 1000) as f32 / 500.0 - 1.0) * 0.5)
            .collect();
        let (mut l, mut r) = (vec![0.0f32; n], vec![0.0f32; n]);
        rev.process(&noise, &noise, &mut l, &mut r);
        assert!(l.iter().chain(&r).all(|x| x.is_finite() && x.abs() < 20.0));
        let corr: f64 = l.iter().zip(&r).map(|(a, b)| (*a * *b) as f64).sum::<f64>()
            / (l.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt()
                * r.iter().map(|b| (*b as f64).powi(2)).sum::<f64>().sqrt());
        assert!(
            corr < 0.7,
            "left and right should differ: correlation {corr}"
        );
    }
}
