//! [`BuiltinChannel`]: a MIDI channel played by the built-in instruments.
//!
//! The channel keeps the MIDI controller state, owns the voice pool and the channel effects, and
//! renders in internal blocks of up to 64 samples: voices into a mid/side pair, then the
//! instrument's channel effects, then volume x expression and an equal-power pan. Controller
//! moves glide linearly over [`GAIN_RAMP`] samples whatever the block lengths (a renderer that
//! splits blocks at event times may hand over a block of one sample right after a controller
//! change), so they never click.

use super::channel_fx::ChannelFx;
use super::gm::{instrument_for_program, BuiltinInstrument};
use super::noise::{Rng, RAMP};
use super::patch::{patch_for, Patch};
use super::pool::VoicePool;
use super::vibrato::MOD_WHEEL_CENTS;
use super::voice::{BlockContext, BLOCK};
use super::wavetable::{wavetables, Wavetables};
use crate::channel::ChannelSynth;

/// How many blocks of near-silent output (after the last voice ends) before the channel reports
/// itself silent, letting effect tails (body resonances, chorus) die out.
const TAIL_BLOCKS: u32 = 32;
/// Output below this is silence (about -140 dBFS).
const QUIET: f32 = 1e-7;
/// Samples over which a volume, expression or pan change glides (2 ms at 48 kHz).
const GAIN_RAMP: u32 = 96;

/// A MIDI channel played by the built-in instruments. See the [module docs](super).
pub struct BuiltinChannel {
    sample_rate: f32,
    drums: bool,
    instrument: BuiltinInstrument,
    patch: &'static Patch,
    tables: &'static Wavetables,
    pool: VoicePool,
    fx: ChannelFx,
    rng: Rng,
    // MIDI state.
    volume: u8,
    expression: u8,
    pan: u8,
    sustain: bool,
    mod_wheel: u8,
    bend: f32,
    // Output gains (left, right) for the current controllers, as ramped at the end of the last
    // block, the ramp's step per sample and the samples it has left.
    target: (f32, f32),
    gain_l: f32,
    gain_r: f32,
    step: (f32, f32),
    ramp_left: u32,
    quiet_blocks: u32,
    mid: [f32; BLOCK],
    side: [f32; BLOCK],
}

impl BuiltinChannel {
    /// A channel at `sample_rate` Hz. With `drums`, keys play the General MIDI percussion map
    /// (MIDI channel 10) and program changes are ignored; otherwise it starts as a piano.
    ///
    /// Everything the channel will ever need is allocated here (the shared wavetables are built on
    /// the first call in a process).
    pub fn new(sample_rate: u32, drums: bool) -> Self {
        let sr = sample_rate.max(8_000) as f32;
        let instrument = if drums {
            BuiltinInstrument::DrumKit
        } else {
            BuiltinInstrument::Piano
        };
        let patch = patch_for(instrument);
        let mut fx = ChannelFx::new(sr);
        fx.configure(&patch.fx);
        let mut ch = BuiltinChannel {
            sample_rate: sr,
            drums,
            instrument,
            patch,
            tables: wavetables(),
            pool: VoicePool::new(sr),
            fx,
            rng: Rng::new(0x5EED ^ sample_rate ^ if drums { 0xD0 } else { 0 }),
            volume: 100,
            expression: 127,
            pan: 64,
            sustain: false,
            mod_wheel: 0,
            bend: 1.0,
            target: (0.0, 0.0),
            gain_l: 0.0,
            gain_r: 0.0,
            step: (0.0, 0.0),
            ramp_left: 0,
            quiet_blocks: TAIL_BLOCKS,
            mid: [0.0; BLOCK],
            side: [0.0; BLOCK],
        };
        ch.update_gains();
        ch.settle_gains();
        ch
    }

    /// The instrument new notes will play.
    pub fn instrument(&self) -> BuiltinInstrument {
        self.instrument
    }

    /// Notes currently sounding (including release tails and fades).
    pub fn active_voices(&self) -> usize {
        self.pool.active()
    }

    /// Selects the instrument directly (what a program change does via the GM map).
    pub fn set_instrument(&mut self, instrument: BuiltinInstrument) {
        if self.drums || instrument == BuiltinInstrument::DrumKit {
            return;
        }
        self.instrument = instrument;
        self.patch = patch_for(instrument);
        self.fx.configure(&self.patch.fx);
    }

    /// Plays `patch` for new notes (tests use purpose-built patches).
    #[cfg(test)]
    pub(crate) fn set_patch(&mut self, patch: &'static Patch) {
        self.patch = patch;
        self.fx.configure(&patch.fx);
    }

    /// Recomputes the left and right gains after a volume, expression or pan change.
    fn update_gains(&mut self) {
        // GM recommends 40 log10(cc/127) for volume and expression: a square law.
        let v = self.volume as f32 / 127.0;
        let e = self.expression as f32 / 127.0;
        let g = v * v * e * e;
        let p = ((self.pan as f32 - 64.0) / 63.0).clamp(-1.0, 1.0);
        let theta = (p + 1.0) * std::f32::consts::FRAC_PI_4;
        self.target = (g * theta.cos(), g * theta.sin());
        let r = GAIN_RAMP as f32;
        self.step = (
            (self.target.0 - self.gain_l) / r,
            (self.target.1 - self.gain_r) / r,
        );
        self.ramp_left = GAIN_RAMP;
    }

    /// Jumps to the target gains (nothing is sounding, so nothing can click).
    fn settle_gains(&mut self) {
        (self.gain_l, self.gain_r) = self.target;
        self.ramp_left = 0;
    }

    fn render_block(&mut self, left: &mut [f32], right: &mut [f32]) {
        let n = left.len();
        let (tl, tr) = self.target;
        let mid = &mut self.mid[..n];
        let side = &mut self.side[..n];
        mid.fill(0.0);
        side.fill(0.0);
        let ctx = BlockContext {
            sample_rate: self.sample_rate,
            tables: self.tables,
            bend: self.bend,
            mod_cents: self.mod_wheel as f32 / 127.0 * MOD_WHEEL_CENTS,
        };
        self.pool.render(&ctx, mid, side);
        self.fx.process(self.tables, mid, side);
        // The gain ramp runs for `ramp` more samples of this block, then holds.
        let ramp = self.ramp_left.min(n as u32);
        let (dl, dr) = self.step;
        let (gl, gr) = (self.gain_l, self.gain_r);
        let last = ramp as f32;
        for i in 0..n {
            let t = RAMP[i].min(last);
            let (m, s) = (mid[i], side[i]);
            left[i] = (m + s) * (gl + dl * t);
            right[i] = (m - s) * (gr + dr * t);
        }
        // Sum of magnitudes: propagates NaN and infinity (max would hide them) and bounds the peak.
        let mut lanes = [0.0f32; 8];
        for (c, d) in mid.chunks(8).zip(side.chunks(8)) {
            for k in 0..c.len() {
                lanes[k] += c[k].abs() + d[k].abs();
            }
        }
        let energy: f32 = lanes.iter().sum();
        self.ramp_left -= ramp;
        if self.ramp_left == 0 {
            (self.gain_l, self.gain_r) = (tl, tr);
        } else {
            self.gain_l += dl * last;
            self.gain_r += dr * last;
        }
        if !energy.is_finite() {
            // Never let a NaN or infinity out, and do not let it live on in the state.
            left.fill(0.0);
            right.fill(0.0);
            self.pool.fade_all();
            self.fx.reset();
            return;
        }
        let peak = energy;
        if peak < QUIET && self.pool.is_idle() {
            self.quiet_blocks = self.quiet_blocks.saturating_add(1);
            if self.quiet_blocks == TAIL_BLOCKS {
                self.fx.reset();
            }
        } else {
            self.quiet_blocks = 0;
        }
    }
}

impl ChannelSynth for BuiltinChannel {
    fn note_on(&mut self, key: u8, velocity: u8) {
        if velocity == 0 {
            self.note_off(key);
            return;
        }
        let key = key.min(127);
        self.quiet_blocks = 0;
        self.pool
            .note_on(self.patch, key, velocity.min(127), &mut self.rng);
    }

    fn note_off(&mut self, key: u8) {
        self.pool.note_off(key, self.sustain && !self.drums);
    }

    fn control_change(&mut self, controller: u8, value: u8) {
        let value = value.min(127);
        match controller {
            1 => self.mod_wheel = value,
            7 => {
                self.volume = value;
                self.update_gains();
            }
            10 => {
                self.pan = value;
                self.update_gains();
            }
            11 => {
                self.expression = value;
                self.update_gains();
            }
            64 => {
                let down = value >= 64;
                if self.sustain && !down {
                    self.pool.pedal_up();
                }
                self.sustain = down;
            }
            120 => self.pool.fade_all(),
            121 => {
                // Reset all controllers (RP-015): not volume or pan.
                self.mod_wheel = 0;
                self.expression = 127;
                self.update_gains();
                self.bend = 1.0;
                if self.sustain {
                    self.pool.pedal_up();
                }
                self.sustain = false;
            }
            123 => self.pool.release_all(),
            _ => {}
        }
    }

    fn program_change(&mut self, program: u8) {
        self.set_instrument(instrument_for_program(program));
    }

    fn pitch_bend(&mut self, value: u16) {
        if self.drums {
            return;
        }
        let semitones = (value.min(16_383) as f32 - 8192.0) / 8192.0 * 2.0;
        self.bend = (semitones / 12.0).exp2();
    }

    fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        let n = left.len().min(right.len());
        if self.is_silent() {
            left.fill(0.0);
            right.fill(0.0);
            // Controller moves while silent take effect at once.
            self.settle_gains();
            return;
        }
        let mut pos = 0;
        while pos < n {
            let len = (n - pos).min(BLOCK);
            let (l, r) = (&mut left[pos..pos + len], &mut right[pos..pos + len]);
            self.render_block(l, r);
            pos += len;
        }
        left[n..].fill(0.0);
        right[n..].fill(0.0);
    }

    fn is_silent(&self) -> bool {
        self.quiet_blocks >= TAIL_BLOCKS && self.pool.is_idle()
    }
}
