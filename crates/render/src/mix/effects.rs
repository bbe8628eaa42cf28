//! The shared effects: one reverb and one tempo-free echo per cue, fed by the strips' sends.
//!
//! The reverb is an 8-line feedback delay network ([`super::reverb`], hand-written for speed, see
//! there); the echo is a ping-pong feedback delay whose repeats get darker, as tape and analogue
//! echoes do. The echo was a fundsp graph (`feedback((delay | delay) >> (lowpole | lowpole) >>
//! (reverse * fb))`); [`Echo`] is the same arithmetic written out (a test compares the two
//! sample for sample), because the graph's per-sample dispatch made it cost as much as the
//! reverb. Sends are effects *returns* on their own bus, so a cue's stems can include
//! them as one more stem ("effects") and still sum exactly to the mix.

use super::reverb::Reverb;
/// The echo's low-pass, Hz: each repeat loses some top end.
const ECHO_LOWPASS_HZ: f64 = 3500.0;

/// A stereo ping-pong echo: each repeat `delay` frames later, low-passed (one pole, in `f64`),
/// crossed to the other side and scaled by `feedback`; the output is the repeats only.
struct Echo {
    /// One delay line per side, `delay + 1` long (written, then read one ahead).
    lines: [Vec<f32>; 2],
    i: usize,
    low: [f64; 2],
    coeff: f64,
    feedback: f32,
    /// Each side's last output, fed back into the other's input.
    last: [f32; 2],
}

impl Echo {
    fn new(seconds: f64, feedback: f32, sample_rate: u32) -> Echo {
        let sr = sample_rate as f64;
        let delay = (seconds * sr).round() as usize;
        Echo {
            lines: [vec![0.0; delay + 1], vec![0.0; delay + 1]],
            i: 0,
            low: [0.0; 2],
            coeff: fundsp::math::exp(-std::f64::consts::TAU * ECHO_LOWPASS_HZ / sr),
            feedback,
            last: [0.0; 2],
        }
    }

    fn process(&mut self, input: [&[f32]; 2], out: [&mut [f32]; 2]) {
        // As fundsp does: flush denormals to zero on this thread (the feedback loop decays
        // through them forever otherwise).
        fundsp::denormal::prevent_denormals();
        let [out_l, out_r] = out;
        let len = self.lines[0].len();
        let (c, fb) = (self.coeff, self.feedback);
        for (k, (ol, or)) in out_l.iter_mut().zip(out_r.iter_mut()).enumerate() {
            let x = [input[0][k] + self.last[0], input[1][k] + self.last[1]];
            self.lines[0][self.i] = x[0];
            self.lines[1][self.i] = x[1];
            self.i += 1;
            if self.i >= len {
                self.i = 0;
            }
            let d = [self.lines[0][self.i], self.lines[1][self.i]];
            for (low, d) in self.low.iter_mut().zip(d) {
                *low = (1.0 - c) * d as f64 + c * *low;
            }
            // Ping-pong: the left repeat comes back on the right and vice versa.
            let y = [self.low[1] as f32 * fb, self.low[0] as f32 * fb];
            self.last = y;
            *ol = y[0];
            *or = y[1];
        }
    }
}

/// Reverb and echo character for a cue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectSettings {
    /// Room size in metres (10 = a studio, 30 = a hall).
    pub room_m: f64,
    /// Reverberation time (RT60) in seconds.
    pub reverb_seconds: f64,
    /// High-frequency damping of the reverb, 0..=1.
    pub damping: f64,
    /// Level of the reverb return, linear.
    pub reverb_return: f32,
    /// Echo time in seconds (usually a dotted eighth of the cue's tempo).
    pub delay_seconds: f64,
    /// Share of each echo fed back into the next, 0..1.
    pub delay_feedback: f32,
    /// Level of the echo return, linear.
    pub delay_return: f32,
}

impl Default for EffectSettings {
    fn default() -> Self {
        EffectSettings {
            room_m: 18.0,
            reverb_seconds: 1.8,
            damping: 0.5,
            reverb_return: 0.5,
            delay_seconds: 0.375,
            delay_feedback: 0.35,
            delay_return: 0.5,
        }
    }
}

/// The effect returns of one cue.
pub struct EffectReturns {
    reverb: Reverb,
    echo: Option<Echo>,
    settings: EffectSettings,
    /// Scratch for the returns, one block long.
    reverb_out: [Vec<f32>; 2],
    echo_out: [Vec<f32>; 2],
}

impl EffectReturns {
    pub fn new(settings: EffectSettings, sample_rate: u32, block: usize) -> EffectReturns {
        let reverb = Reverb::new(
            settings.room_m,
            settings.reverb_seconds,
            settings.damping,
            sample_rate,
        );
        let t = settings.delay_seconds.clamp(0.02, 2.0);
        let fb = settings.delay_feedback.clamp(0.0, 0.9);
        EffectReturns {
            reverb,
            // A cue without echo skips it entirely.
            echo: (settings.delay_return > 0.0).then(|| Echo::new(t, fb, sample_rate)),
            settings,
            reverb_out: [vec![0.0; block], vec![0.0; block]],
            echo_out: [vec![0.0; block], vec![0.0; block]],
        }
    }

    /// Processes one block of sends and adds the returns into `out_left/right`.
    pub fn process_into(
        &mut self,
        reverb_send: [&[f32]; 2],
        delay_send: [&[f32]; 2],
        out_left: &mut [f32],
        out_right: &mut [f32],
    ) {
        let n = out_left.len();
        let [rl, rr] = &mut self.reverb_out;
        self.reverb
            .process(reverb_send[0], reverb_send[1], &mut rl[..n], &mut rr[..n]);
        let [el, er] = &mut self.echo_out;
        match &mut self.echo {
            Some(echo) => echo.process(
                [&delay_send[0][..n], &delay_send[1][..n]],
                [&mut el[..n], &mut er[..n]],
            ),
            None => {
                el[..n].fill(0.0);
                er[..n].fill(0.0);
            }
        }
        let (rg, dg) = (self.settings.reverb_return, self.settings.delay_return);
        for i in 0..n {
            out_left[i] = rl[i] * rg + el[i] * dg;
            out_right[i] = rr[i] * rg + er[i] * dg;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fundsp::prelude::{delay, feedback, lowpole_hz, reverse, AudioUnit, BigBlockAdapter, U2};

    #[test]
    fn the_echo_is_the_fundsp_graph_it_replaced_sample_for_sample() {
        for (seconds, fb, sr) in [
            (0.375, 0.35f32, 48_000u32),
            (0.123, 0.9, 44_100),
            (2.0, 0.0, 16_000),
        ] {
            let mut graph: Box<dyn AudioUnit> = Box::new(feedback::<U2, _>(
                (delay(seconds) | delay(seconds))
                    >> (lowpole_hz(ECHO_LOWPASS_HZ) | lowpole_hz(ECHO_LOWPASS_HZ))
                    >> (reverse::<U2>() * fb),
            ));
            graph.set_sample_rate(sr as f64);
            let mut graph = BigBlockAdapter::new(graph);
            let mut echo = Echo::new(seconds, fb, sr);
            let n = 100_000;
            let l: Vec<f32> = (0..n)
                .map(|i| {
                    if i % 9_000 < 300 {
                        ((i * 7919 % 1000) as f32 / 500.0 - 1.0) * 0.5
                    } else {
                        0.0
                    }
                })
                .collect();
            let r: Vec<f32> = l.iter().rev().map(|x| x * 0.7).collect();
            let (mut want_l, mut want_r) = (vec![0.0f32; n], vec![0.0f32; n]);
            let (mut got_l, mut got_r) = (vec![0.0f32; n], vec![0.0f32; n]);
            let mut done = 0;
            for size in [4096usize, 1, 700, 16_384].iter().cycle() {
                if done >= n {
                    break;
                }
                let m = (*size).min(n - done);
                let range = done..done + m;
                graph.process_big(
                    m,
                    &[&l[range.clone()], &r[range.clone()]],
                    &mut [&mut want_l[range.clone()], &mut want_r[range.clone()]],
                );
                echo.process(
                    [&l[range.clone()], &r[range.clone()]],
                    [&mut got_l[range.clone()], &mut got_r[range]],
                );
                done += m;
            }
            assert!(want_l.iter().any(|x| x.abs() > 0.01) || fb == 0.0);
            assert!(
                got_l == want_l && got_r == want_r,
                "{seconds} s, feedback {fb}, {sr} Hz"
            );
        }
    }
}
