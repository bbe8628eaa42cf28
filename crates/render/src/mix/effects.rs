//! The shared effects: one reverb and one tempo-free echo per cue, fed by the strips' sends.
//!
//! The reverb is an 8-line feedback delay network ([`super::reverb`], hand-written for speed, see
//! there); the echo is a fundsp graph, a ping-pong feedback delay whose repeats get darker, as
//! tape and analogue echoes do. Sends are effects *returns* on their own bus, so a cue's stems can include
//! them as one more stem ("effects") and still sum exactly to the mix.

use super::reverb::Reverb;
use fundsp::prelude::{delay, feedback, lowpole_hz, reverse, AudioUnit, BigBlockAdapter, U2};

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
    echo: Option<BigBlockAdapter>,
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
        // Ping-pong: each repeat crosses to the other side and loses some top end.
        let mut echo: Box<dyn AudioUnit> = Box::new(feedback::<U2, _>(
            (delay(t) | delay(t))
                >> (lowpole_hz(3500.0) | lowpole_hz(3500.0))
                >> (reverse::<U2>() * fb),
        ));
        echo.set_sample_rate(sample_rate as f64);
        EffectReturns {
            reverb,
            // A cue without echo skips the graph entirely.
            echo: (settings.delay_return > 0.0).then(|| BigBlockAdapter::new(echo)),
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
            Some(echo) => echo.process_big(n, &delay_send, &mut [&mut el[..n], &mut er[..n]]),
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
