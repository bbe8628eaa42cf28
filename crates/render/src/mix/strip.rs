//! A channel strip: one part's instrument, then its fader, pan and EQ, and its effect sends.
//!
//! The EQ is a chain of biquads ([`super::eq`]); a stage that would be flat is left out, because
//! strips run for every part of every cue: at 300× real time the renderer has about 100 ns per
//! frame for everything.

use super::eq::{Coefs, StereoBiquad};
use crate::channel::ChannelSynth;
use crate::performance::{Event, EventKind};
use rayon::prelude::*;

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

/// One instrument instance of a strip with the events it plays: the whole channel, or (for a
/// channel split by key, see [`ChannelSynth::key_split`]) the notes of some keys plus every
/// channel event. The unit of parallel work in the mixdown.
pub struct StripVoice {
    synth: Box<dyn ChannelSynth>,
    events: Vec<Event>,
    next_event: usize,
    /// True when the last block was silence (the strip can skip it).
    silent: bool,
    left: Vec<f32>,
    right: Vec<f32>,
    /// How long its last block took to render, in nanoseconds: only used to start the costliest
    /// instances of a block first ([`ChannelStrip::render_all`]), never to decide any sample.
    last_cost_ns: u64,
}

impl StripVoice {
    pub fn new(synth: Box<dyn ChannelSynth>, events: Vec<Event>, block: usize) -> StripVoice {
        StripVoice {
            synth,
            events,
            next_event: 0,
            silent: false,
            left: vec![0.0; block],
            right: vec![0.0; block],
            last_cost_ns: 0,
        }
    }

    /// True when every event has been played and the instrument has gone quiet.
    pub fn finished(&self) -> bool {
        self.next_event >= self.events.len() && self.synth.is_silent()
    }

    /// [`render_block`](Self::render_block), timing it for the scheduler.
    fn render_block_timed(&mut self, start: u64, len: usize) {
        let started = std::time::Instant::now();
        self.render_block(start, len);
        self.last_cost_ns = started.elapsed().as_nanos().min(u64::MAX as u128) as u64;
    }

    /// Renders frames `start .. start + len` into its buffers, applying each event at its exact
    /// frame.
    pub fn render_block(&mut self, start: u64, len: usize) {
        let end = start + len as u64;
        // A silent instrument with nothing due in this block (a part resting, or long finished)
        // costs nothing: most cues have parts that rest for whole sections.
        let nothing_due = self
            .events
            .get(self.next_event)
            .is_none_or(|e| e.frame >= end);
        if nothing_due && self.synth.is_silent() {
            self.silent = true;
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
    }
}

/// One part's instrument (one instance, or several that split its keys) and strip.
pub struct ChannelStrip {
    pub name: String,
    voices: Vec<StripVoice>,
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
        let voice = StripVoice::new(synth, events, block);
        ChannelStrip::with_voices(name, vec![voice], settings, sample_rate, block)
    }

    /// A strip whose instrument is several instances summed (a channel split by key).
    pub fn with_voices(
        name: String,
        voices: Vec<StripVoice>,
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
            voices,
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
        self.voices.iter().all(StripVoice::finished)
    }

    /// Renders frames `start .. start + len` of every strip of a mix into each strip's
    /// `left/right[..len]`, in parallel, applying each event at its exact frame: the
    /// instruments, then the strips. The same samples whatever the number of threads or the order
    /// things run in; only the time differs.
    ///
    /// Every instrument instance of every strip (a channel split by key has several) is one
    /// task, started costliest first by its last block's time (a task started last that takes
    /// longest leaves the other cores idle until the block's end: with the strips in channel
    /// order, a SoundFont render spent a tenth of its time waiting so). Then the strips sum their
    /// instances and run their EQ two at a time in one SIMD pass
    /// ([`StereoBiquad::process_chain_pair`]).
    pub fn render_all(strips: &mut [ChannelStrip], start: u64, len: usize) {
        let mut voices: Vec<&mut StripVoice> = strips
            .iter_mut()
            .flat_map(|s| s.voices.iter_mut())
            .collect();
        // Stable: equal costs (the first block, silent parts) keep channel order.
        voices.sort_by_key(|v| std::cmp::Reverse(v.last_cost_ns));
        match voices.as_mut_slice() {
            [] => {}
            [voice] => voice.render_block_timed(start, len),
            _ => rayon::scope_fifo(|scope| {
                for voice in voices {
                    scope.spawn_fifo(move |_| voice.render_block_timed(start, len));
                }
            }),
        }
        strips
            .par_chunks_mut(2)
            .for_each(|pair| ChannelStrip::finish_pair(pair, len));
    }

    /// Sums, EQs and pans one or two strips whose instances have rendered the block.
    fn finish_pair(strips: &mut [ChannelStrip], len: usize) {
        match strips {
            [a, b] => match (a.sum_voices(len), b.sum_voices(len)) {
                (true, true) => {
                    StereoBiquad::process_chain_pair(
                        &mut a.eq,
                        &mut a.left[..len],
                        &mut a.right[..len],
                        &mut b.eq,
                        &mut b.left[..len],
                        &mut b.right[..len],
                    );
                    a.apply_gains(len);
                    b.apply_gains(len);
                }
                (true, false) => a.finish_alone(len),
                (false, true) => b.finish_alone(len),
                (false, false) => {}
            },
            strips => {
                for strip in strips {
                    if strip.sum_voices(len) {
                        strip.finish_alone(len);
                    }
                }
            }
        }
    }

    /// EQ, fader and pan of one strip's summed block.
    fn finish_alone(&mut self, len: usize) {
        StereoBiquad::process_chain(&mut self.eq, &mut self.left[..len], &mut self.right[..len]);
        self.apply_gains(len);
    }

    /// Sums the instances' blocks (already rendered) in order into `self.left/right[..len]`;
    /// returns true when that sum still needs the EQ, fader and pan (false: the strip is silent
    /// and its block already zero).
    fn sum_voices(&mut self, len: usize) -> bool {
        let all_silent = self.voices.iter().all(|v| v.silent);
        if all_silent && self.eq.iter().all(StereoBiquad::is_quiet) {
            if !self.silent {
                self.left.fill(0.0);
                self.right.fill(0.0);
                self.silent = true;
            }
            return false;
        }
        self.silent = false;
        if let [voice] = self.voices.as_mut_slice() {
            if !voice.silent {
                // One instrument (the usual case): take its block instead of copying it. It
                // writes every frame of its next block, so it can have ours.
                std::mem::swap(&mut self.left, &mut voice.left);
                std::mem::swap(&mut self.right, &mut voice.right);
                return true;
            }
        }
        let (l, r) = (&mut self.left[..len], &mut self.right[..len]);
        let mut sounding = self.voices.iter().filter(|v| !v.silent);
        match sounding.next() {
            Some(first) => {
                l.copy_from_slice(&first.left[..len]);
                r.copy_from_slice(&first.right[..len]);
                for v in sounding {
                    for (t, f) in l.iter_mut().zip(&v.left[..len]) {
                        *t += f;
                    }
                    for (t, f) in r.iter_mut().zip(&v.right[..len]) {
                        *t += f;
                    }
                }
            }
            None => {
                // Only the EQ's tail rings on.
                l.fill(0.0);
                r.fill(0.0);
            }
        }
        true
    }

    /// Fader and pan over `self.left/right[..len]`.
    fn apply_gains(&mut self, len: usize) {
        for x in self.left[..len].iter_mut() {
            *x *= self.gain_left;
        }
        for x in self.right[..len].iter_mut() {
            *x *= self.gain_right;
        }
    }
}

/// Splits a channel's events over `parts` instances by key: `owner[key]` is the instance that
/// plays the key's note-ons and note-offs; every other event goes to all instances.
pub fn split_events(events: &[Event], owner: &[u8; 128], parts: usize) -> Vec<Vec<Event>> {
    let parts = parts.max(1);
    let mut out = vec![Vec::new(); parts];
    for ev in events {
        match ev.kind {
            EventKind::NoteOn { key, .. } | EventKind::NoteOff { key } => {
                let part = owner[(key & 0x7F) as usize] as usize;
                out[part.min(parts - 1)].push(*ev);
            }
            _ => out.iter_mut().for_each(|o| o.push(*ev)),
        }
    }
    out
}

/// The biquads a strip needs, skipping flat stages (also used by the adaptive player's live
/// strips).
pub fn eq_chain(s: &StripSettings, sample_rate: u32) -> Vec<StereoBiquad> {
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
