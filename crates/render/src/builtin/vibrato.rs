//! Vibrato that fades in on sustained notes, as a player's does.
//!
//! A player starts a long note straight and lets the vibrato bloom after a moment; a vibrato that
//! starts at full depth on every note sounds mechanical. The LFO runs at block rate (pitch changes
//! by a fraction of a cent within a block), with a slightly randomised rate and phase per voice so
//! chords do not wobble in lockstep.

use super::noise::Rng;
use super::wavetable::Wavetables;

/// Vibrato shape of an instrument.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VibratoSpec {
    pub rate_hz: f32,
    /// Full depth (peak deviation) in cents once faded in.
    pub depth_cents: f32,
    /// Straight tone before the vibrato starts.
    pub delay_s: f32,
    /// Time to grow from nothing to full depth after the delay.
    pub rise_s: f32,
}

impl VibratoSpec {
    pub(crate) const NONE: VibratoSpec = VibratoSpec {
        rate_hz: 5.0,
        depth_cents: 0.0,
        delay_s: 0.0,
        rise_s: 0.0,
    };
}

/// Cents of extra vibrato at full mod wheel (CC1).
pub(crate) const MOD_WHEEL_CENTS: f32 = 30.0;

#[derive(Clone, Copy, Default)]
pub(crate) struct Vibrato {
    phase: u32,
    inc: u32,
    depth_cents: f32,
    delay: f32,
    rise: f32,
    elapsed: f32,
}

impl Vibrato {
    pub(crate) fn start(spec: &VibratoSpec, sample_rate: f32, rng: &mut Rng) -> Vibrato {
        let rate = spec.rate_hz * (1.0 + 0.06 * rng.bipolar());
        Vibrato {
            phase: rng.next_u32(),
            inc: (rate / sample_rate * 4_294_967_296.0) as u32,
            depth_cents: spec.depth_cents,
            delay: spec.delay_s * sample_rate,
            rise: (spec.rise_s * sample_rate).max(1.0),
            elapsed: 0.0,
        }
    }

    /// Advances `n` samples; returns the frequency ratio for the block. `extra_cents` (mod wheel)
    /// is added at once, without the fade-in, as a player's hand on the wheel expects.
    #[inline]
    pub(crate) fn advance(&mut self, n: usize, extra_cents: f32, tables: &Wavetables) -> f32 {
        let fade = ((self.elapsed - self.delay) / self.rise).clamp(0.0, 1.0);
        let depth = self.depth_cents * fade * fade + extra_cents;
        self.elapsed += n as f32;
        // Read the LFO at the middle of the block.
        let mid = self.phase.wrapping_add(self.inc.wrapping_mul(n as u32 / 2));
        self.phase = self.phase.wrapping_add(self.inc.wrapping_mul(n as u32));
        if depth <= 0.0 {
            return 1.0;
        }
        (depth * tables.sine(mid) * (1.0 / 1200.0)).exp2()
    }
}

#[cfg(test)]
mod tests {
    use super::super::wavetable::wavetables;
    use super::*;

    #[test]
    fn vibrato_fades_in() {
        let spec = VibratoSpec {
            rate_hz: 5.0,
            depth_cents: 20.0,
            delay_s: 0.2,
            rise_s: 0.3,
        };
        let sr = 48_000.0;
        let mut v = Vibrato::start(&spec, sr, &mut Rng::new(3));
        let t = wavetables();
        let cents = |r: f32| 1200.0 * r.log2();
        let mut early: f32 = 0.0;
        for _ in 0..(0.19 * sr / 32.0) as usize {
            early = early.max(cents(v.advance(32, 0.0, t)).abs());
        }
        assert!(early < 1e-3, "vibrato before its delay: {early} cents");
        for _ in 0..(0.5 * sr / 32.0) as usize {
            v.advance(32, 0.0, t);
        }
        let mut late: f32 = 0.0;
        for _ in 0..(0.5 * sr / 32.0) as usize {
            late = late.max(cents(v.advance(32, 0.0, t)).abs());
        }
        assert!(late > 18.0 && late <= 20.01, "full depth {late}");
    }
}
