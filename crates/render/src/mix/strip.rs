//! A channel strip: one part's instrument, then its fader, pan and EQ, and its effect sends.
//!
//! The EQ is a chain of biquads ([`super::eq`]); a stage that would be flat is left out, because
//! strips run for every part of every cue: at 300× real time the renderer has about 100 ns per
//! frame for everything.

use super::eq::{Coefs, StereoBiquad};
use crate::channel::ChannelSynth;
use crate::performance::{Event, EventKind};

/// How a part sits in the mix. Gains in decibels, pan in -1 (left) ..= 1 (right).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StripSettings {
    /// Fader, in dB.
    pub gain_db: f32,
    /// Stereo position, -1 left .. 1 right (applied after the instrument's own MIDI pan).
    pub pan: f32,
    /// High-pass (rumble) cut-off in Hz; 0 disables it.
    pub highpass_hz: f32,
    /// Low shelf at 200 Hz, in dB (0 = flat).
    pub low_shelf_db: f32,
    /// High shelf at 5 kHz, in dB (0 = flat): air on strings and voices, tamed cymbals.
    pub high_shelf_db: f32,
    /// Reverb send, linear 0..=1, post-fader.
    pub reverb_send: f32,
    /// Delay send, linear 0..=1, post-fader.
    pub delay_send: f32,
}

impl Default for StripSettings {
    fn default() -> Self {
        StripSettings {
            gain_db: 0.0,
            pan: 0.0,
            highpass_hz: 0.0,
            low_shelf_db: 0.0,
            high_shelf_db: 0.0,
            reverb_send: 0.2,
            delay_send: 0.0,
        }
    }
}

/// One part's instrument and strip, with the cursor into its events.
pub struct ChannelStrip {
    pub name: String,
    synth: Box<dyn ChannelSynth>,
    events: Vec<Event>,
    next_event: usize,
    settings: StripSettings,
    gain_left: f32,
    gain_right: f32,
    eq: Vec<StereoBiquad>,
    /// True when the last block was silence (the bus can skip it).
    pub silent: bool,
    /// The strip's output for the current block (post-fader, post-pan).
    pub left: Vec<f32>,
    pub right: Vec<f32>,
}

impl ChannelStrip {
    pub fn new(
        name: String,
        synth: Box<dyn ChannelSynth>,
        events: Vec<Event>,
        settings: StripSettings,
        sample_rate: u32,
        block: usize,
    ) -> ChannelStrip {
        let gain = 10f32.powf(settings.gain_db / 20.0);
        // Equal-power pan law (-3 dB in the centre), normalised so the centre keeps unity gain.
        let angle = (settings.pan.clamp(-1.0, 1.0) + 1.0) * std::f32::consts::FRAC_PI_4;
        let norm = std::f32::consts::SQRT_2;
        ChannelStrip {
            name,
            synth,
            events,
            next_event: 0,
            gain_left: gain * angle.cos() * norm,
            gain_right: gain * angle.sin() * norm,
            eq: eq_chain(&settings, sample_rate),
            settings,
            silent: false,
            left: vec![0.0; block],
            right: vec![0.0; block],
        }
    }

    pub fn settings(&self) -> &StripSettings {
        &self.settings
    }

    /// True when every event has been played and the instrument has gone quiet.
    pub fn finished(&self) -> bool {
        self.next_event >= self.events.len() && self.synth.is_silent()
    }

    /// Renders frames `start .. start + len` into `self.left/right[..len]`, applying each event
    /// at its exact frame.
    pub fn render_block(&mut self, start: u64, len: usize) {
        let end = start + len as u64;
        // A silent instrument with nothing due in this block (a part resting, or long finished)
        // costs nothing: most cues have parts that rest for whole sections.
        let nothing_due = self
            .events
            .get(self.next_event)
            .is_none_or(|e| e.frame >= end);
        if nothing_due && self.synth.is_silent() && self.eq.iter().all(StereoBiquad::is_quiet) {
            if !self.silent {
                self.left.fill(0.0);
                self.right.fill(0.0);
                self.silent = true;
            }
            return;
        }
        self.silent = false;
        let mut done = 0usize;
        while done < len {
            // Apply every event due now.
            while let Some(ev) = self.events.get(self.next_event) {
                if ev.frame > start + done as u64 {
                    break;
                }
                apply(self.synth.as_mut(), ev.kind);
                self.next_event += 1;
            }
            let until = self
                .events
                .get(self.next_event)
                .map(|e| e.frame.min(end))
                .unwrap_or(end);
            let n = (until - (start + done as u64)) as usize;
            let n = n.max(1).min(len - done);
            let (l, r) = (
                &mut self.left[done..done + n],
                &mut self.right[done..done + n],
            );
            self.synth.render(l, r);
            done += n;
        }
        let (l, r) = (&mut self.left[..len], &mut self.right[..len]);
        for f in &mut self.eq {
            f.process(l, r);
        }
        for x in l.iter_mut() {
            *x *= self.gain_left;
        }
        for x in r.iter_mut() {
            *x *= self.gain_right;
        }
    }
}

/// The biquads a strip needs, skipping flat stages.
fn eq_chain(s: &StripSettings, sample_rate: u32) -> Vec<StereoBiquad> {
    let mut chain = Vec::new();
    let nyquist = sample_rate as f32 / 2.0;
    if s.highpass_hz > 0.0 && s.highpass_hz < nyquist * 0.9 {
        chain.push(Coefs::highpass(sample_rate, s.highpass_hz as f64));
    }
    if s.low_shelf_db.abs() >= 0.05 {
        chain.push(Coefs::shelf(
            sample_rate,
            200.0,
            s.low_shelf_db as f64,
            false,
        ));
    }
    if s.high_shelf_db.abs() >= 0.05 && nyquist > 6000.0 {
        chain.push(Coefs::shelf(
            sample_rate,
            5000.0,
            s.high_shelf_db as f64,
            true,
        ));
    }
    chain.into_iter().map(StereoBiquad::new).collect()
}

fn apply(synth: &mut dyn ChannelSynth, kind: EventKind) {
    match kind {
        EventKind::NoteOn { key, velocity } => synth.note_on(key, velocity),
        EventKind::NoteOff { key } => synth.note_off(key),
        EventKind::Control { controller, value } => synth.control_change(controller, value),
        EventKind::Program(p) => synth.program_change(p),
        EventKind::PitchBend(v) => synth.pitch_bend(v),
    }
}
