//! The amplitude envelope: linear attack, exponential decay to a sustain level, exponential release.
//!
//! Envelopes run at block rate (one update per block of up to 32 samples) and the voice ramps its
//! gain linearly across the block, so the per-sample cost is one multiply-add. Exponential
//! segments use a per-sample factor raised to the block length (`powi`), so blocks of any length
//! (the renderer splits blocks at event times) give the same curve.
//!
//! Every attack lasts at least [`MIN_ATTACK_S`] so no note starts with a click, and a released
//! envelope always decays to zero: the voice ends when the level falls below [`END_LEVEL`].

/// Shortest attack, in seconds: enough to make any onset click-free.
pub(crate) const MIN_ATTACK_S: f32 = 0.0015;
/// Level (relative to the peak) at which a releasing or decayed voice is considered finished (-80 dB).
pub(crate) const END_LEVEL: f32 = 1e-4;
/// ln(1000): converts a 60 dB decay time into time constants.
const LN_1000: f32 = 6.907_755;

/// Shape of an envelope. Decay and release times are 60 dB times (T60).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AdsrSpec {
    pub attack_s: f32,
    pub decay_s: f32,
    pub sustain: f32,
    pub release_s: f32,
    /// Attack time is multiplied by `(100 / velocity)^vel_attack`: softer notes swell slower.
    pub vel_attack: f32,
    /// Decay and release times are multiplied by `2^(-(key - 60) / 12 * key_scale)`: higher notes
    /// die away faster, as on real instruments.
    pub key_scale: f32,
}

impl AdsrSpec {
    /// Instant-on organ-like gate with the given release.
    pub(crate) const fn gate(release_s: f32) -> AdsrSpec {
        AdsrSpec {
            attack_s: MIN_ATTACK_S,
            decay_s: 1.0,
            sustain: 1.0,
            release_s,
            vel_attack: 0.0,
            key_scale: 0.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Attack,
    Decay,
    Release,
    Done,
}

/// A running envelope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Envelope {
    stage: Stage,
    level: f32,
    attack_step: f32,
    sustain: f32,
    decay_k: f32,
    release_k: f32,
}

/// Per-sample factor of an exponential that falls 60 dB in `t60_s`.
#[inline]
pub(crate) fn t60_factor(t60_s: f32, sample_rate: f32) -> f32 {
    (-LN_1000 / (t60_s.max(1e-4) * sample_rate)).exp()
}

impl Default for Envelope {
    fn default() -> Self {
        Envelope {
            stage: Stage::Done,
            level: 0.0,
            attack_step: 1.0,
            sustain: 0.0,
            decay_k: 0.0,
            release_k: 0.0,
        }
    }
}

impl Envelope {
    pub(crate) fn start(spec: &AdsrSpec, key: u8, velocity: u8, sample_rate: f32) -> Envelope {
        let vel = velocity.max(1) as f32;
        let attack = (spec.attack_s * (100.0 / vel).powf(spec.vel_attack)).max(MIN_ATTACK_S);
        let key_factor = (-(key as f32 - 60.0) / 12.0 * spec.key_scale).exp2();
        Envelope {
            stage: Stage::Attack,
            level: 0.0,
            attack_step: 1.0 / (attack * sample_rate),
            sustain: spec.sustain.clamp(0.0, 1.0),
            decay_k: t60_factor(spec.decay_s * key_factor, sample_rate),
            release_k: t60_factor(spec.release_s * key_factor, sample_rate),
        }
    }

    /// Enters the release stage from wherever the envelope is.
    pub(crate) fn release(&mut self) {
        if self.stage != Stage::Done {
            self.stage = Stage::Release;
        }
    }

    #[cfg(test)]
    pub(crate) fn stage(&self) -> Stage {
        self.stage
    }

    #[cfg(test)]
    pub(crate) fn level(&self) -> f32 {
        self.level
    }

    pub(crate) fn in_attack(&self) -> bool {
        self.stage == Stage::Attack
    }

    pub(crate) fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// Advances `n` samples and returns the level at the end of the block.
    pub(crate) fn advance(&mut self, n: usize) -> f32 {
        match self.stage {
            Stage::Attack => {
                self.level += self.attack_step * n as f32;
                if self.level >= 1.0 {
                    let over = ((self.level - 1.0) / self.attack_step) as i32;
                    self.stage = Stage::Decay;
                    self.level = self.sustain + (1.0 - self.sustain) * self.decay_k.powi(over);
                }
            }
            Stage::Decay => {
                self.level =
                    self.sustain + (self.level - self.sustain) * self.decay_k.powi(n as i32);
                if self.sustain <= 0.0 && self.level < END_LEVEL {
                    self.stage = Stage::Done;
                    self.level = 0.0;
                }
            }
            Stage::Release => {
                self.level *= self.release_k.powi(n as i32);
                if self.level < END_LEVEL {
                    self.stage = Stage::Done;
                    self.level = 0.0;
                }
            }
            Stage::Done => self.level = 0.0,
        }
        self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SR: f32 = 48_000.0;

    fn spec() -> AdsrSpec {
        AdsrSpec {
            attack_s: 0.01,
            decay_s: 0.5,
            sustain: 0.5,
            release_s: 0.3,
            vel_attack: 0.0,
            key_scale: 0.0,
        }
    }

    #[test]
    fn attack_decay_sustain_release() {
        let mut e = Envelope::start(&spec(), 60, 100, SR);
        let mut peak: f32 = 0.0;
        for _ in 0..(SR as usize / 32) {
            peak = peak.max(e.advance(32));
        }
        assert!(peak > 0.95 && peak <= 1.0);
        assert!((e.level() - 0.5).abs() < 0.01, "sustain {}", e.level());
        e.release();
        let mut blocks = 0;
        while !e.is_done() {
            e.advance(32);
            blocks += 1;
            assert!(blocks < 10_000);
        }
        // -80 dB from 0.5 is about 4/3 of the 60 dB time.
        let secs = blocks as f32 * 32.0 / SR;
        assert!(secs > 0.25 && secs < 0.45, "release took {secs}");
    }

    #[test]
    fn block_length_does_not_change_the_curve() {
        let mut a = Envelope::start(&spec(), 60, 100, SR);
        let mut b = a;
        for _ in 0..300 {
            a.advance(32);
            for _ in 0..4 {
                b.advance(8);
            }
        }
        assert!((a.level() - b.level()).abs() < 1e-3);
    }

    #[test]
    fn minimum_attack_is_enforced() {
        let s = AdsrSpec {
            attack_s: 0.0,
            ..spec()
        };
        let mut e = Envelope::start(&s, 60, 127, SR);
        let first = e.advance(16);
        assert!(first < 0.3, "first 16 samples reached {first}");
        assert_eq!(e.stage(), Stage::Attack);
    }
}
