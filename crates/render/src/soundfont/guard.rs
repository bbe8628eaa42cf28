//! The sample-loop guard: refuses notes that would make rustysynth read past its sample data.
//!
//! rustysynth 1.3.8 plays a looped sample by stepping through it `step` samples per output frame
//! and jumping back by the loop's length once per frame when it passes the loop end. When one
//! step is longer than the whole loop (a short loop pitched far above its root key), the jump no
//! longer keeps up: the read position drifts past the loop, through other samples (noise), and
//! finally off the end of the sample data, where rustysynth panics (index out of bounds). Real
//! SoundFonts have such zones: Csound's sf_GMbank.sf2 overruns from key 91 in its bank 9
//! "Burst Noise" preset, a 137-sample harpsichord loop.
//!
//! So before each note-on, [`Guard::would_overrun`] finds the zones the note will start (as
//! rustysynth's note-on does: same preset choice, same key and velocity ranges) and computes
//! their step at the highest and lowest pitch the note can reach: the channel's tuning, the pitch
//! wheel fully either way at the channel's current pitch-bend range, the modulation wheel's
//! vibrato and the zone's own LFO and envelope pitch modulation at their peaks. A note that can
//! overrun is not started. Pitch-bend range or tuning raised while such a note sounds can still
//! overrun; `SoundFontChannel::render` catches that panic as a last resort.

use std::collections::HashMap;

use rustysynth::{InstrumentRegion, LoopMode, PresetRegion, SampleHeader, SoundFont};

/// rustysynth's preset table: `(bank << 16) | program` to the preset's index (the last of equal
/// ids wins, as in its `HashMap`), and the default preset (the lowest id, first of equals).
#[derive(Debug)]
pub(super) struct PresetTable {
    by_id: HashMap<i32, usize>,
    default: usize,
}

impl PresetTable {
    pub(super) fn new(font: &SoundFont) -> Self {
        let mut by_id = HashMap::new();
        let (mut default, mut lowest) = (0, i32::MAX);
        for (i, preset) in font.get_presets().iter().enumerate() {
            let id = (preset.get_bank_number() << 16) | preset.get_patch_number();
            by_id.insert(id, i);
            if id < lowest {
                (default, lowest) = (i, id);
            }
        }
        PresetTable { by_id, default }
    }

    /// The preset rustysynth's note-on plays for this bank and program, with its GM fallbacks.
    fn find(&self, bank: i32, program: i32) -> usize {
        if let Some(&i) = self.by_id.get(&((bank << 16) | program)) {
            return i;
        }
        let fallback = if bank < 128 { program } else { 128 << 16 };
        self.by_id.get(&fallback).copied().unwrap_or(self.default)
    }
}

/// The pitch state of one rustysynth channel that moves a voice's pitch, mirrored from the
/// controller messages sent to it (the same arithmetic as rustysynth's `Channel`).
#[derive(Debug)]
pub(super) struct Guard {
    bank: i32,
    program: i32,
    percussion: bool,
    rpn: i16,
    rpn_selected: bool,
    bend_range: i16,
    coarse_tune: i16,
    fine_tune: i16,
}

impl Guard {
    pub(super) fn new(percussion: bool) -> Self {
        Guard {
            bank: if percussion { 128 } else { 0 },
            program: 0,
            percussion,
            rpn: -1,
            rpn_selected: false,
            bend_range: 2 << 7,
            coarse_tune: 0,
            fine_tune: 8192,
        }
    }

    pub(super) fn program_change(&mut self, program: u8) {
        self.program = program.into();
    }

    pub(super) fn control_change(&mut self, controller: u8, value: u8) {
        let value = i32::from(value);
        match controller {
            0 => self.bank = value + if self.percussion { 128 } else { 0 },
            101 => {
                self.rpn = (self.rpn & 0x7F) | (value << 7) as i16;
                self.rpn_selected = true;
            }
            100 => {
                self.rpn = ((i32::from(self.rpn) & 0xFF80) | value) as i16;
                self.rpn_selected = true;
            }
            98 | 99 => self.rpn_selected = false,
            6 if self.rpn_selected => match self.rpn {
                0 => self.bend_range = (self.bend_range & 0x7F) | (value << 7) as i16,
                1 => self.fine_tune = (self.fine_tune & 0x7F) | (value << 7) as i16,
                2 => self.coarse_tune = (value - 64) as i16,
                _ => {}
            },
            38 if self.rpn_selected => match self.rpn {
                0 => self.bend_range = ((i32::from(self.bend_range) & 0xFF80) | value) as i16,
                1 => self.fine_tune = ((i32::from(self.fine_tune) & 0xFF80) | value) as i16,
                _ => {}
            },
            121 => self.rpn = -1,
            _ => {}
        }
    }

    /// The channel's pitch offset in semitones (RPN coarse and fine tuning).
    fn tune(&self) -> f32 {
        f32::from(self.coarse_tune) + f32::from(self.fine_tune.wrapping_sub(8192)) / 8192.0
    }

    /// The pitch wheel's full throw in semitones.
    fn bend_range(&self) -> f32 {
        f32::from(self.bend_range >> 7) + 0.01 * f32::from(self.bend_range & 0x7F)
    }

    /// True if the note would start a voice that can step over its whole loop.
    pub(super) fn would_overrun(
        &self,
        font: &SoundFont,
        presets: &PresetTable,
        key: u8,
        velocity: u8,
        sample_rate: u32,
    ) -> bool {
        let (key, velocity) = (i32::from(key), i32::from(velocity));
        let Some(preset) = font
            .get_presets()
            .get(presets.find(self.bank, self.program))
        else {
            return false;
        };
        let pitch = key as f32 + self.tune();
        let swing = self.bend_range() + MODULATION_WHEEL_VIBRATO;
        for pr in preset.get_regions() {
            if !pr.contains(key, velocity) {
                continue;
            }
            let Some(instrument) = font.get_instruments().get(pr.get_instrument_id()) else {
                continue;
            };
            for ir in instrument.get_regions() {
                if ir.contains(key, velocity)
                    && overruns(font, pr, ir, pitch, swing, sample_rate).is_some()
                {
                    return true;
                }
            }
        }
        false
    }
}

/// The vibrato depth of the modulation wheel at full (rustysynth: 50 cents).
const MODULATION_WHEEL_VIBRATO: f32 = 0.5;

/// If the zone pair loops and, played at `pitch` ± `swing` semitones (plus the zone's own pitch
/// modulation), can step more samples per frame than its loop holds: (step, loop length).
pub(super) fn overruns(
    font: &SoundFont,
    pr: &PresetRegion,
    ir: &InstrumentRegion,
    pitch: f32,
    swing: f32,
    sample_rate: u32,
) -> Option<(f32, i32)> {
    if ir.get_sample_modes() == LoopMode::NoLoop {
        return None;
    }
    let loop_len = ir.get_sample_end_loop() - ir.get_sample_start_loop();
    if loop_len <= 0 {
        return None; // rustysynth plays it once, unlooped.
    }
    let sample: &SampleHeader = font.get_sample_headers().get(ir.get_sample_id())?;
    let cents = |c: i32| c as f32 / 100.0;
    let lfo = cents((pr.get_vibrato_lfo_to_pitch() + ir.get_vibrato_lfo_to_pitch()).abs())
        + cents((pr.get_modulation_lfo_to_pitch() + ir.get_modulation_lfo_to_pitch()).abs());
    let envelope =
        cents(pr.get_modulation_envelope_to_pitch() + ir.get_modulation_envelope_to_pitch());
    let high = pitch + swing + lfo + envelope.max(0.0);
    let low = pitch - swing - lfo + envelope.min(0.0);

    // rustysynth's Oscillator::process.
    let scale = 0.01 * (pr.get_scale_tuning() + ir.get_scale_tuning()) as f32;
    let tune = (pr.get_coarse_tune() + ir.get_coarse_tune()) as f32
        + 0.01 * (pr.get_fine_tune() + ir.get_fine_tune()) as f32;
    let rate_ratio = sample.get_sample_rate() as f32 / sample_rate as f32;
    let step =
        |p: f32| rate_ratio * ((scale * (p - ir.get_root_key() as f32) + tune) / 12.0).exp2();
    let step = step(high).max(step(low));
    // NaN (absurd generator values) counts as an overrun too.
    (step.is_nan() || step > loop_len as f32).then_some((step, loop_len))
}
